"""The coding pipeline: one :class:`Article` in, one :class:`Document` out.

Stages run in a fixed order, each one reading what the earlier ones wrote:

1. language check (non-English text is not coded);
2. cheap spaCy pass on the whole article: sentences and named entities;
3. places: toponyms resolved against the gazetteer, the article's country;
4. entities: named mentions clustered, resolved to the actor knowledge base;
5. events: every sentence classified; only event sentences get the expensive dependency parse;
6. per event sentence: actors (from the parse), location, date, fatalities;
7. merge: sentences that describe the same event become one event;
8. quotes, unattributed claims and article-quality warnings.
"""

from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterable, Iterator, Optional

from spacy.tokens import Doc, Span

from . import nlp as nlp_module
from .extract.accidents import reports_an_accident
from .extract.actors import RIOTERS_INTER, STATE_FORCES_INTER, ActorRoles, assign_actors
from .extract.entities import build_entities
from .extract.events import ActorTypes, EventClassifier, EventPrediction
from .extract.demonstrations import DEMONSTRATION_SUB_TYPES, names_a_demonstration
from .extract.fatalities import FatalityCount, count_fatalities, is_coding_remark, is_toll_remark
from .extract.places import (LocationChoice, Toponym, article_country, event_location, mission_countries,
                             resolve_toponyms)
from .extract.quality import quality_warnings
from .extract.quotes import find_quotes, unattributed_claims
from .extract.time import DateMention, resolve_date
from .ingest.language import detect_language
from .model import Article, Document, Entity, Event, Evidence, Place, SUB_EVENT_TYPES, disorder_type, interaction_code
from .resolve.actors import (ActorKB, ActorRecord, acled_partner, acled_variant, civilians, first_in_anonymous_clashes,
                             localised, plain_unidentified_armed_group, protesters, rioters, state_forces,
                             unidentified_armed_group)
from .resolve.gazetteer import Gazetteer, acled_admin1

# Sentences longer than this are almost always extraction debris (tables, lists); they are not parsed.
MAX_PARSED_SENTENCE_CHARS = 1500
PROTESTERS_INTER = 6
CIVILIANS_INTER = 7
# English, and text too short or terse to tell ("Gunmen kill 5 in Kano"): refusing a headline because
# it has no stop words would be a silent wrong answer.
CODED_LANGUAGES = ("en", "und")
# Political violence: what an accident or a disaster is mistaken for (a protest that mentions one is still a protest).
VIOLENT_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
# Event types that always have two sides, and the inter codes of actors that can be the other side.
TWO_SIDED_EVENT_TYPES = ("Battles",)
ARMED_INTER_CODES = (1, 2, 3, 4, 8)
NON_STATE_ARMED_INTERS = (2, 3, 4)
# Actors whose home says where an article without places happens: states' forces and armed groups, not
# parties or unions (a short name like "BAYAN" is as often a company abroad) nor external forces.
HOME_COUNTRY_INTERS = (1, 2, 3, 4)
# Actor names the actor stage gives when the text names nobody: any named actor is better evidence.
DEFAULT_ACTOR_PREFIXES = ("Unidentified Armed Group",)
# "X claimed responsibility", "X has since claimed the attack": X did it. Armed groups only (rebels, militias).
CLAIM_AFTER = re.compile(r"\s+(?:(?:has|have|had|later|reportedly|allegedly|since|also|quickly)\s+)*claimed\s+"
                         r"(?:responsibility|the\s+(?:attack|ambush|bombing|killing|abduction)s?|it)\b", re.IGNORECASE)
CLAIMING_INTERS = (2, 3, 4)
# "operating under OPS", "fighting under the banner of the Syrian National Army": the umbrella the forces act in.
UMBRELLA_BEFORE = re.compile(r"\b(?:operating|operate|operates|fighting|acting)\s+(?:under|within)\s+(?:the\s+)?"
                             r"(?:(?:umbrella|banner|command)\s+of\s+(?:the\s+)?)?", re.IGNORECASE)
# Crime named, or the signature of gangs' killings: drive-by shootings, victims found tied, handcuffed, gagged or
# dismembered, a threatening message left by the body (every such anonymous attacker of Mexico's 2022 notes, 28, 13,
# 3, 5, 9 and 7 of them, is an unidentified gang; where ACLED has no gang name for the country, nothing changes).
CRIMINAL_CUE = re.compile(
    r"\b(?:criminal|drugs?|narco\w*|gangs?|gangsters?|cartels?|mafia|drive-?by|tied|handcuff\w*|gagged|muzzled|"
    r"blindfold\w*|dismember\w*|mutilat\w*|behead\w*|decapitat\w*|coup de grace|threatening message)\b",
    re.IGNORECASE)
# A victim with ties to drugs or gangs: "The victim had charges against him for several crimes, including drug
# trafficking", "an alleged drug dealer was shot dead", "the man was a known drug trafficker".
CRIMINAL_VICTIM = re.compile(
    r"\b(?:(?:victims?|he|she|they|the (?:man|men|woman|women)) (?:had|has|have) (?:a |several )?(?:criminal )?"
    r"(?:charges|records?|history|passages?)\b[^.]{0,60}?\b(?:drugs?|traffick\w*|gangs?|cartels?)|"
    r"(?:alleged|suspected|presumed|known) (?:\w+ )?(?:drug[- ](?:dealers?|traffickers?)|gang members?|"
    r"cartel members?) (?:was|were) (?:shot|killed|murdered|executed|found)|"
    r"(?:victims?|he|she|the (?:man|men)) (?:was|were) (?:an? )?(?:alleged |suspected |presumed |known )?"
    r"(?:drug[- ](?:dealers?|traffickers?)|gang members?|members? of (?:a |the )?(?:gang|cartel|criminal)))\b",
    re.IGNORECASE)
# State forces seizing goods: "federal police forces seized 3 tons of marijuana", "confiscated smuggled cigarettes".
SEIZURE = re.compile(r"\b(?:seiz\w*|confiscat\w*)\b", re.IGNORECASE)
# Ceasefire monitoring missions and the two parties whose fire they report: the OSCE Special Monitoring Mission's
# reports of fire "in both directions of the frontline" (2014-2022) are of fire between Ukraine's forces and the Donbas
# armed formations, which ACLED codes as the NAF; Ukraine's forces first, as ACLED writes most of them (57 of the 83
# two-sided OSCE notes of its 2020 file outside the test rows).
CEASEFIRE_PARTIES = {"OSCE SMM": ("Military Forces of Ukraine", "NAF: United Armed Forces of Novorossiya")}
MAIN_SENTENCE_SHARE = 0.5
# The detector's bar for a sentence followed by a bare toll remark (the default bar is 0.5).
TOLL_CONTEXT_THRESHOLD = 0.2


@dataclass
class ArticleContext:
    """What the stages found in one article, shared while its events are built."""

    article: Article
    document: Document
    sentences: list[Span]
    toponyms: list[Toponym]
    country_place: Optional[Place]
    event_sentence_starts: frozenset[int] = frozenset()  # where the sentences the classifier kept start

    @functools.cached_property
    def place_spans(self) -> list[tuple[int, int]]:
        """Article offsets of the place names the places stage resolved (read by the actor stage)."""
        return [(t.start, t.end) for t in self.toponyms if t.place is not None]

    @property
    def country(self) -> Optional[str]:
        return self.country_place.country if self.country_place else None

    def sentence_at(self, offset: int) -> Evidence:
        """The sentence holding a character offset."""
        for sentence in self.sentences:
            if sentence.start_char <= offset < sentence.end_char:
                return sentence_evidence(sentence)
        raise ValueError(f"offset {offset} is outside every sentence")


@dataclass
class SentenceEvent:
    """What one event sentence says, before sentences of the same event are merged."""

    sentence: Span
    prediction: EventPrediction
    evidence: Evidence
    roles: Optional[ActorRoles] = None
    location: Optional[LocationChoice] = None
    date_mention: Optional[DateMention] = None
    fatalities: Optional[FatalityCount] = None
    toll_only: bool = False  # joined the event before it only to report its toll

    @property
    def date_value(self) -> Optional[date]:
        return self.date_mention.date if self.date_mention is not None else None


class Pipeline:
    """Holds the loaded models and codes articles. Build once, call many times.

    Args:
        classifier (EventClassifier | None): the sentence event classifier. Default: the shipped model, with
            the sentence encoder unless EVENTWIRE_ENCODER=off (``EventClassifier.default()``).
        actors (ActorKB | None): the actor knowledge base. Default: the shipped dictionary.
        gazetteer (Gazetteer | None): the place index. Default: the shipped gazetteer plus user imports.
    """

    def __init__(
        self,
        classifier: Optional[EventClassifier] = None,
        actors: Optional[ActorKB] = None,
        gazetteer: Optional[Gazetteer] = None,
    ) -> None:
        self.classifier = classifier or EventClassifier.default()
        self.actors = actors or ActorKB.default()
        self.gazetteer = gazetteer or Gazetteer.default()
        nlp_module.load_nlp()  # load spaCy now rather than on the first article

    def __call__(self, article: Article) -> Document:
        """Code one article."""
        return next(self.pipe([article]))

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Document]:
        """Code many articles, in order; spaCy's cheap pass runs on batches of them."""
        pending: list[Article] = []
        for article in articles:
            article.language = detect_language(article.text)
            pending.append(article)
            if len(pending) >= batch_size:
                yield from self._code_batch(pending)
                pending = []
        if pending:
            yield from self._code_batch(pending)

    def _code_batch(self, articles: list[Article]) -> Iterator[Document]:
        english = [a for a in articles if a.language in CODED_LANGUAGES]
        docs = iter(nlp_module.cheap_parse_many([a.text for a in english]))
        for article in articles:
            if article.language in CODED_LANGUAGES:
                yield self._code(article, next(docs))
            else:
                yield Document(article=article, warnings=[
                    f"The text looks like language '{article.language}', not English: eventwire codes English "
                    "only, so no events were coded."
                ])

    def _code(self, article: Article, doc: Doc) -> Document:
        document = Document(article=article)
        toponyms = resolve_toponyms(doc, self.gazetteer)
        context = ArticleContext(
            article=article,
            document=document,
            sentences=[s for s in doc.sents if s.text.strip()],
            toponyms=toponyms,
            country_place=article_country(toponyms, doc),
        )
        place_names = frozenset(t.text.casefold() for t in toponyms if t.place is not None and t.role == "place")
        document.entities = build_entities(doc, self.actors, context.country, place_names)
        if context.country_place is None:
            context.country_place = self._home_of_armed_actors(document.entities) or self._home_of_missions(doc.text)

        predictions = self.classifier.predict([s.text for s in context.sentences])
        self._read_before_tolls(context.sentences, predictions)
        event_sentences = [
            (sentence, prediction)
            for sentence, prediction in zip(context.sentences, predictions)
            if prediction.sub_event_type and len(sentence.text) <= MAX_PARSED_SENTENCE_CHARS
            and reports_what_it_was_called(sentence.text, prediction)
        ]
        # One batch for every sentence that needs the parser: the event sentences and the lead
        # (the quality check reads its predicates); later calls are served from the parse cache.
        lead = context.sentences[:1]
        nlp_module.full_parse_many([s.text for s, _ in event_sentences] + [s.text for s in lead])
        # The actor types of every event sentence in one batch too (one matrix product, not one per sentence).
        actor_types = self.classifier.actor_types([s.text for s, _ in event_sentences])
        found = [self._code_sentence(sentence, prediction, context, types)
                 for (sentence, prediction), types in zip(event_sentences, actor_types)]
        context.event_sentence_starts = frozenset(c.sentence.start_char for c in found)
        self._resolve_dates(found, context)
        document.events = absorb_protest_violence(
            absorb_protest_arrests([self._to_event(group, context) for group in merge_same_events(found)]))
        require_protest_cues(document.events, context.sentences)
        mark_protest_interventions(document.events, context.sentences)
        mark_violent_demonstrations(document.events, context.sentences)
        name_the_forces_facing_riots(document.events, context.sentences)
        mark_remote_violence(document.events, context.sentences)
        mark_exchanges_of_fire(document.events, context.sentences)
        mark_remnants_of_past_wars(document.events, context.sentences)
        mark_abductions(document.events, context.sentences)
        mark_disrupted_weapons(document.events, context.sentences)
        attacks_on_forces_posts_are_clashes(document.events, context.sentences)
        keep_unknown_doers_unknown(document.events, context.sentences)
        self._name_ceasefire_parties(document.events, context.sentences)
        protests_kill_nobody(document.events)
        peaceful_protests_face_nobody(document.events)
        document.events.sort(key=lambda e: -e.confidence)

        document.quotes = find_quotes(article.text, doc, document.entities)
        unattributed = unattributed_claims(doc)
        document.warnings.extend(quality_warnings(article.text, doc, document.entities, document.quotes, unattributed))
        return document

    def _home_of_armed_actors(self, entities: list[Entity]) -> Optional[Place]:
        """Where an article that names no place happens: the home country of the armed or state actors it
        names ("Houthi forces arrested ..." is in Yemen), the most often named first; None if they have none."""
        homes = collections.Counter(e.actor_country for e in entities
                                    if e.actor_country and e.inter in HOME_COUNTRY_INTERS)
        if not homes:
            return None
        return self.gazetteer.country(homes.most_common(1)[0][0])

    def _home_of_missions(self, text: str) -> Optional[Place]:
        """Where an article that names no place and no armed actor happens: the country of the one international
        mission it names ("the OSCE SMM observed 23 explosions near the Donetsk Filtration Station")."""
        homes = mission_countries(text)
        return self.gazetteer.country_by_code(homes.pop()) if len(homes) == 1 else None

    def _name_ceasefire_parties(self, events: list[Event], sentences: list[Span]) -> None:
        """Fire "in both directions" a ceasefire monitoring mission reports with no side named is between the two
        parties it monitors (see CEASEFIRE_PARTIES)."""
        starts = _type_evidence_starts(events)
        for event in events:
            if event.sub_event_type != "Armed clash" or "sub_event_type" not in event.evidence \
                    or not (event.actor1 or "").startswith(DEFAULT_ACTOR_PREFIXES):
                continue
            account = " ".join(s.text for s in _event_sentences(event, starts, sentences))
            parties = next((sides for mission, sides in CEASEFIRE_PARTIES.items() if mission in account), None)
            records = [self.actors.match(name, None, fuzzy=False) for name in parties or ()]
            if parties is None or None in records:
                continue
            for slot, record in zip((1, 2), records):
                setattr(event, f"actor{slot}", record.name)
                setattr(event, f"inter{slot}", record.inter)
                setattr(event, f"assoc_actor_{slot}", None)
            event.interaction = interaction_code(event.inter1, event.inter2)
            event.notes = summarise(event)

    def _read_before_tolls(self, sentences: list[Span], predictions: list[EventPrediction]) -> None:
        """A bare toll ("Casualties unknown.", "No injuries were reported.") says the sentence before it told
        of an incident: that sentence is read again with a lower bar for "event"."""
        for i in range(1, len(sentences)):
            if is_toll_remark(sentences[i].text) and not predictions[i - 1].is_event:
                predictions[i - 1] = self.classifier.predict([sentences[i - 1].text], threshold=TOLL_CONTEXT_THRESHOLD)[0]

    # -- per sentence -------------------------------------------------------------------------

    def _code_sentence(self, sentence: Span, prediction: EventPrediction, context: "ArticleContext",
                       actor_types: Optional[ActorTypes] = None) -> SentenceEvent:
        evidence = sentence_evidence(sentence)
        parsed = nlp_module.full_parse(sentence)
        coded = SentenceEvent(sentence=sentence, prediction=prediction, evidence=evidence)
        coded.roles = assign_actors(
            parsed, sentence.start_char, context.document.entities, self.actors, context.country,
            prediction.sub_event_type, places=context.place_spans,
            actor_types=actor_types,
        )
        if coded.roles.sub_event_type:  # the actors ruled out the classifier's sub-type
            coded.prediction = EventPrediction(SUB_EVENT_TYPES[coded.roles.sub_event_type],
                                               coded.roles.sub_event_type, prediction.probability)
        coded.location = event_location(
            evidence.start, evidence.end, evidence.sentence, context.toponyms, context.country_place
        )
        coded.fatalities = count_fatalities(evidence.sentence)
        return coded

    def _resolve_dates(self, found: list[SentenceEvent], context: "ArticleContext") -> None:
        """Dates in reading order, so "the previous day" is relative to the last date mentioned."""
        published = context.article.published
        anchor = None
        for coded in found:
            mention = resolve_date(coded.evidence.sentence, published, anchor)
            if mention is not None and mention.future:
                mention = None  # a planned date ("talks resume on Monday") is not when this event happened
            coded.date_mention = mention
            if mention is not None:
                anchor = mention.date
        if found and published is None and not any(c.date_mention for c in found):
            context.document.warnings.append(
                "No publication date and no date in the text: event dates are left empty. "
                "Pass --published YYYY-MM-DD to date relative expressions."
            )

    # -- building the event -------------------------------------------------------------------

    def _to_event(self, group: list[SentenceEvent], context: "ArticleContext") -> Event:
        article = context.article
        main = main_sentence(group)
        sub_type = main.prediction.sub_event_type
        event_type = SUB_EVENT_TYPES[sub_type]
        event = Event(
            event_type=event_type,
            sub_event_type=sub_type,
            disorder_type=disorder_type(event_type, sub_type),
            source=article.source,
            confidence=main.prediction.probability,
        )
        event.evidence["event_type"] = main.evidence
        event.evidence["sub_event_type"] = main.evidence
        self._fill_actors(event, group, main, context)
        if event.sub_event_type == "Armed clash" and event.inter2 == CIVILIANS_INTER \
                and any(TWO_SIDES_FOUGHT.search(c.evidence.sentence) for c in group):
            _civilians_were_caught_in_the_fight(event)
        apply_codebook_rules(event)
        if event.sub_event_type in ("Armed clash", "Attack") and any(fought_with_melee_weapons(c.evidence.sentence)
                                                                   for c in group):
            _became_a_brawl(event, context.country)
        if event.sub_event_type == "Mob violence" and (event.actor2 or "").startswith("Civilians") \
                and any(FIGHT_CUE.search(c.evidence.sentence) for c in group):
            _crowds_fought_each_other(event, context.country)
        self._fill_location(event, group, main)
        self._fill_date(event, group, main, article)
        self._localise_actors(event)
        self._name_criminal_gangs(event, group, context)
        _nobody_named_in_the_fight(event, context.article.text)
        self._victims_of_their_own_kind(event, group, context)
        _order_anonymous_clash(event)
        self._fill_fatalities(event, group, context)
        event.interaction = interaction_code(event.inter1, event.inter2)
        if event.inter2 == CIVILIANS_INTER and event.disorder_type == "Political violence":
            event.civilian_targeting = "Civilian targeting"
        event.notes = summarise(event)
        return event

    def _fill_actors(self, event: Event, group, main: SentenceEvent, context: "ArticleContext") -> None:
        # The main sentence first; a sentence naming the actor beats one where only a default
        # ("Unidentified Armed Group") could be given, and in political violence the forces that acted beat
        # the government that ordered it ("the Prime Minister announced an offensive ... the army retook").
        ordered = sorted(group, key=lambda c: c is not main)
        violent = event.event_type in VIOLENT_EVENT_TYPES

        def rank(roles: ActorRoles, slot: int) -> tuple[bool, bool]:
            name = getattr(roles, f"actor{slot}")
            guessed = slot == 1 and roles.actor1_guessed
            return guessed or name.startswith(DEFAULT_ACTOR_PREFIXES), violent and name.startswith("Government of ")

        for slot in (1, 2):
            candidates = [c for c in ordered if c.roles is not None and getattr(c.roles, f"actor{slot}")]
            candidates.sort(key=lambda c: rank(c.roles, slot))
            for coded in candidates:
                roles = coded.roles
                name = getattr(roles, f"actor{slot}")
                if slot == 2 and name == event.actor1:
                    continue
                setattr(event, f"actor{slot}", name)
                setattr(event, f"inter{slot}", getattr(roles, f"inter{slot}"))
                setattr(event, f"assoc_actor_{slot}", getattr(roles, f"assoc_actor_{slot}"))
                event.evidence[f"actor{slot}"] = coded.evidence
                break
        if violent and (event.actor1 is None or event.actor1.startswith(DEFAULT_ACTOR_PREFIXES)):
            self._fill_claimant(event, context)
        self._fill_umbrella(event, group, context)
        if event.actor2 is None and event.event_type in TWO_SIDED_EVENT_TYPES:
            self._fill_opponent(event, main, context)
        if event.actor2 is None and event.sub_event_type == "Armed clash" and event.inter1 in NON_STATE_ARMED_INTERS \
                and context.country:
            # A clash has two sides; the one a non-state group's clash leaves unnamed is mostly the state's
            # forces (61% of ACLED's 2022 clashes of non-state groups; no other kind of opponent comes near).
            forces = state_forces(context.country)
            event.actor2, event.inter2 = forces.name, forces.inter
            event.evidence["actor2"] = main.evidence

    @staticmethod
    def _fill_claimant(event: Event, context: "ArticleContext") -> None:
        """Unnamed attackers are the armed group the article says claimed the attack ("militants ambushed a
        gendarmerie unit ... JNIM claimed responsibility"), as ACLED codes a claimed attack."""
        text = context.article.text
        for entity in context.document.entities:
            if entity.actor and entity.inter in CLAIMING_INTERS and entity.actor != event.actor2:
                claim = next((m for m in entity.mentions if CLAIM_AFTER.match(text, m.end)), None)
                if claim is not None:
                    event.actor1, event.inter1 = entity.actor, entity.inter
                    event.evidence["actor1"] = context.sentence_at(claim.start)
                    return

    @staticmethod
    def _fill_umbrella(event: Event, group: list[SentenceEvent], context: "ArticleContext") -> None:
        """Forces "operating under" an operation or coalition the knowledge base knows ("Turkish forces and
        pro-Turkey rebel factions, operating under OPS, shelled ..."): ACLED names the umbrella as the actor and the
        forces as its associates, on the side of whichever forces the text names just before ("injuring a JWS
        fighter operating under OPS": the side attacked)."""
        for coded in group:
            sentence = coded.sentence
            for cue in UMBRELLA_BEFORE.finditer(sentence.text):
                start = sentence.start_char + cue.end()
                umbrella = next((e for e in context.document.entities if e.actor and e.inter in ARMED_INTER_CODES
                                 and any(m.start == start for m in e.mentions)), None)
                if umbrella is None:
                    continue
                slot = _side_named_before(coded.roles, cue.start())
                other = 3 - slot
                if getattr(event, f"actor{other}") == umbrella.actor:  # the parse took the umbrella for the other side
                    setattr(event, f"actor{other}", None)
                    setattr(event, f"inter{other}", None)
                    event.evidence.pop(f"actor{other}", None)
                if getattr(event, f"actor{slot}") == umbrella.actor:
                    return
                assoc = f"assoc_actor_{slot}"
                setattr(event, assoc, "; ".join(filter(None, (getattr(event, f"actor{slot}"), getattr(event, assoc)))))
                setattr(event, f"actor{slot}", umbrella.actor)
                setattr(event, f"inter{slot}", umbrella.inter)
                event.evidence[f"actor{slot}"] = context.sentence_at(start)
                return

    def _fill_opponent(self, event: Event, main: SentenceEvent, context: "ArticleContext") -> None:
        """A battle has two sides. When its sentence names one, the other is the armed actor the
        article mentions most (not on actor1's side); its evidence is its mention nearest the event."""
        candidates = [
            e for e in context.document.entities
            if e.actor and e.inter in ARMED_INTER_CODES and e.actor not in (event.actor1, event.assoc_actor_1)
            and e.type != "PERSON"
        ]
        if not candidates:
            return
        opponent = max(candidates, key=lambda e: (len(e.mentions), -e.mentions[0].start if e.mentions else 0))
        event.actor2, event.inter2 = opponent.actor, opponent.inter
        nearest = min(opponent.mentions, key=lambda m: abs(m.start - main.evidence.start), default=None)
        if nearest is not None:
            event.evidence["actor2"] = context.sentence_at(nearest.start)

    def _fill_location(self, event: Event, group, main: SentenceEvent) -> None:
        choices = [c for c in group if c.location is not None]
        if not choices:
            return
        # The main sentence's own place, unless it only knows the region: a later sentence may name
        # a place more precisely, but it is as likely to name a different place (where an offensive
        # is headed, where a quote was given).
        best = main if main.location is not None and main.location.geo_precision < 3 else min(
            choices, key=lambda c: (c.location.geo_precision, c is not main)
        )
        choice, place = best.location, best.location.place
        event.location = place.name
        event.latitude, event.longitude = place.latitude, place.longitude
        event.country, event.admin1, event.admin2 = place.country, acled_admin1(place.country, place.admin1), place.admin2
        event.geonameid = place.geonameid
        event.geo_precision = choice.geo_precision
        event.evidence["location"] = choice.evidence

    @staticmethod
    def _localise_actors(event: Event) -> None:
        if not event.country:
            return
        for slot in (1, 2):
            name = getattr(event, f"actor{slot}")
            if name:
                inter = getattr(event, f"inter{slot}")
                partner = acled_partner(name)
                if partner is not None and partner.name not in (event.actor1, event.actor2):
                    assoc = f"assoc_actor_{slot}"
                    setattr(event, assoc, "; ".join(filter(None, (name, getattr(event, assoc)))))
                    name, inter = partner.name, partner.inter
                name, inter = localised(name, inter, event.country, event.event_date)
                if inter == CIVILIANS_INTER and not name.startswith("Civilians"):
                    # A group ACLED counts among civilians (a party's members, "CNL") is their associate; the actor
                    # is "Civilians (X)", as in every one of its 2022 events with civilians on a side.
                    assoc = f"assoc_actor_{slot}"
                    setattr(event, assoc, "; ".join(filter(None, (name, getattr(event, assoc)))))
                    name = civilians(event.country).name
                # The sub-type names the acting side's unit ("... Air Force" for an air strike): actor1 only.
                name = acled_variant(name, event.country, event.sub_event_type if slot == 1 else None)
                setattr(event, f"actor{slot}", name)
                setattr(event, f"inter{slot}", inter)

    def _name_criminal_gangs(self, event: Event, group: list[SentenceEvent], context: "ArticleContext") -> None:
        """Anonymous attackers the account ties to crime ("criminal group", "drug dealers", "cartel") are an
        unidentified gang where ACLED names one for the country (90% of such anonymous actors in its 2022 files).
        Where the country's anonymous actors have a name of their own ("Unidentified Gang and/or Police Militia" in
        Brazil), only those who fight the state's forces are (19 of 25 such clashes in Brazil's 2022 notes): the
        police's opponents are no police militia. The owners of the drugs or contraband state forces seize are a
        gang too (all 14 such seizures of ACLED's 2022 notes in countries with a gang name)."""
        if not event.country:
            return
        plain = plain_unidentified_armed_group(event.country).name
        local = unidentified_armed_group(event.country).name
        anonymous = [slot for slot in (1, 2) if getattr(event, f"actor{slot}") == plain
                     or getattr(event, f"actor{slot}") == local and event.event_type == "Battles"
                     and getattr(event, f"inter{3 - slot}") == STATE_FORCES_INTER]
        seized = event.sub_event_type == "Looting/property destruction" and event.inter1 == STATE_FORCES_INTER \
            and (event.actor2 is None or event.inter2 == CIVILIANS_INTER)
        if not anonymous and not seized:
            return  # the usual case: no gang to name, so neither the dictionary nor the account is read
        gang = self._unidentified_gang(event.country)
        if gang is None:
            return
        accounts = [s.text for s in _account(group, context)]
        if seized and any(SEIZURE.search(a) for a in accounts):
            event.actor2, event.inter2 = gang.name, gang.inter
            return
        if any(CRIMINAL_CUE.search(a) for a in accounts):
            for slot in anonymous:
                setattr(event, f"actor{slot}", gang.name)

    def _unidentified_gang(self, country: str) -> Optional[ActorRecord]:
        """ "Unidentified Gang (Mexico)" where ACLED names the country's gangs so, else None."""
        return self.actors.match(f"Unidentified Gang ({country})", country, fuzzy=False)

    def _victims_of_their_own_kind(self, event: Event, group: list[SentenceEvent], context: "ArticleContext") -> None:
        """A victim the account calls a drug dealer or a man with criminal charges was killed in a fight between
        criminals: where ACLED names a country's gangs, it codes these as an armed clash with an unidentified gang
        (34 of the 39 killings of drug traffickers and dealers in its 2022 notes of Brazil and Mexico)."""
        if event.sub_event_type != "Attack" or not event.country or event.actor2 != civilians(event.country).name:
            return
        gang = self._unidentified_gang(event.country)
        if gang is not None and any(CRIMINAL_VICTIM.search(s.text) for s in _account(group, context)):
            _recode(event, "Armed clash")
            event.actor2, event.inter2 = gang.name, gang.inter
            event.evidence["actor2"] = event.evidence["sub_event_type"]

    def _fill_date(self, event: Event, group, main: SentenceEvent, article: Article) -> None:
        dated = [c for c in sorted(group, key=lambda c: c is not main) if c.date_mention is not None]
        if dated:
            mention = dated[0].date_mention
            event.event_date = mention.date.isoformat()
            event.time_precision = mention.precision
            event.evidence["event_date"] = dated[0].evidence
        elif article.published is not None:
            # News reports what happened in the days before publication: the day before, known to the week.
            event.event_date = (article.published - timedelta(days=1)).isoformat()
            event.time_precision = 2

    def _fill_fatalities(self, event: Event, group, context: "ArticleContext") -> None:
        counted = [c for c in group if c.fatalities is not None and c.fatalities.count > 0]
        if counted:
            # ACLED's conservative rule: sentences of one event repeat its toll; keep the lowest figure.
            lowest = min(counted, key=lambda c: c.fatalities.count)
            event.fatalities = lowest.fatalities.count
            event.evidence["fatalities"] = lowest.evidence
            return
        # The toll often follows in a sentence of its own that reports no event ("1 fatality.", "The
        # man later died in hospital."): the sentences after the event's first one that report no event,
        # up to another event's (the event's own later sentences are passed over).
        own = {c.sentence.start_char for c in group}
        first = min(own)
        for sentence in context.sentences:
            if sentence.start_char <= first or sentence.start_char in own:
                continue
            if sentence.start_char in context.event_sentence_starts:
                break
            count = count_fatalities(sentence.text)
            if count is not None and count.count > 0:
                event.fatalities = count.count
                event.evidence["fatalities"] = sentence_evidence(sentence)
                break


def apply_codebook_rules(event: Event) -> None:
    """ACLED's definitions that tie the event type to its actors.

    A battle is fought between two armed, organised sides; when the other side is civilians, ACLED
    codes one-sided violence against civilians instead (codebook: "Armed clash" vs "Attack").
    """
    if event.event_type == "Battles" and event.inter2 == CIVILIANS_INTER:
        _recode(event, "Attack")
    if event.sub_event_type == "Arrests" and event.inter1 in NON_STATE_ARMED_INTERS:
        # Only a state arrests; a rebel group or militia "arresting" people abducts them (ACLED's codebook).
        _recode(event, "Abduction/forced disappearance")
    if event.sub_event_type in ("Attack", "Armed clash") and event.inter1 in (RIOTERS_INTER, CIVILIANS_INTER):
        # Violence by an unorganised crowd ("a mob", "residents beat a suspected thief", "youths attacked a
        # police patrol") is mob violence by rioters in ACLED's codebook; civilians are never the perpetrators
        # of an attack, nor a side of an armed clash, which is fought between organised armed groups.
        if event.inter1 == CIVILIANS_INTER and event.actor1:
            event.actor1 = rioters(_template_country(event.actor1)).name
            event.inter1 = RIOTERS_INTER
        _recode(event, "Mob violence")


# A fight with sticks, stones or machetes and no firearm or armed force in its account ("two groups of the Mangnejo
# community clashed with axes and sticks"): a brawl, which ACLED codes as mob violence by rioters (13 of the 14
# such notes of its 2022 files are riots), not a battle between armed organisations.
FIGHT_CUE = re.compile(r"\b(?:clash\w*|fought|fight\w*|brawl\w*|scuffl\w*|each other|one another)\b", re.IGNORECASE)
MELEE_WEAPONS = re.compile(
    r"\b(?:sticks?|stones?|machetes?|axes?|knives|knife|clubs?|bows?|arrows?|iron rods?|rods?|batons?|bricks?|"
    r"fists?|sharp (?:objects|weapons))\b", re.IGNORECASE)
ARMED_CUE = re.compile(
    r"\b(?:gun\w*|fire|fired|firing|shot|shoot\w*|rifles?|armed|militia\w*|militants?|rebels?|soldiers?|troops|army|"
    r"forces|insurgents?|jihadists?|ak-?47s?|bombs?|grenades?)\b", re.IGNORECASE)


def fought_with_melee_weapons(sentence: str) -> bool:
    return bool(FIGHT_CUE.search(sentence) and MELEE_WEAPONS.search(sentence) and not ARMED_CUE.search(sentence))


def _became_a_brawl(event: Event, country: Optional[str]) -> None:
    """A battle or attack re-coded as mob violence: the crowd is rioters; a named group among them is their
    associate ("Imbonerakure and CNL members clashed with machetes")."""
    _recode(event, "Mob violence")
    if event.inter1 != RIOTERS_INTER:
        if event.actor1 and event.inter1 in NON_STATE_ARMED_INTERS and not event.actor1.startswith("Unidentified"):
            event.assoc_actor_1 = event.actor1
        crowd = rioters((_template_country(event.actor1) if event.actor1 else None) or country)
        event.actor1, event.inter1 = crowd.name, crowd.inter


def _crowds_fought_each_other(event: Event, country: Optional[str]) -> None:
    """Two crowds fighting each other ("two groups of migrant labourers clashed"): both are rioters (60 of the 64
    such mob violence notes of ACLED's 2022 files with civilians or rioters as the other side)."""
    crowd = rioters(_template_country(event.actor2) or country)
    event.actor2, event.inter2 = crowd.name, crowd.inter


def _account(group: list[SentenceEvent], context: "ArticleContext") -> list[Span]:
    """The sentences telling an event: its own, and those after them up to the next event's sentence."""
    own = {c.sentence.start_char for c in group}
    first = min(own)
    others = sorted(start for start in context.event_sentence_starts if start not in own and start > first)
    end = others[0] if others else None
    return [s for s in context.sentences if s.start_char >= first and (end is None or s.start_char < end)]


def _side_named_before(roles: Optional[ActorRoles], offset: int) -> int:
    """The slot (1 or 2) whose actor the sentence names last before ``offset``; 1 when neither is named before it."""
    before = {slot: span[1] for slot in (1, 2)
              if roles is not None and (span := getattr(roles, f"actor{slot}_span")) is not None and span[1] <= offset}
    return max(before, key=before.get) if before else 1


# The names the actor stage gives from a phrase's wording, not from a name the text gives.
TEMPLATE_PREFIXES = ("Military Forces of", "Police Forces of", "Unidentified", "Civilians", "Rioters", "Protesters")
# Words for anyone who could be a side of a fight: an article with none of them names no side.
ARMED_SIDE_WORDS = re.compile(
    r"\b(?:police\w*|military|army|soldiers?|troops?|forces?|guards?|officers?|gangs?|cartels?|militants?|rebels?|"
    r"insurgents?|fighters?|militia\w*|factions?|gunm[ae]n|armed|officials?|suspects?|criminals?|"
    r"traffickers?|members?|tribes\w*|clans?\w*|famil(?:y|ies)|villagers|residents)\b", re.IGNORECASE)


def _nobody_named_in_the_fight(event: Event, text: str) -> None:
    """A clash told in an article naming nobody who could have fought ("a shoot-out took place in Miguel Couto
    neighborhood") is between unidentified armed groups: whatever the wording suggests, nothing says it was the
    state's forces or a gang."""
    if event.sub_event_type != "Armed clash" or not event.country or ARMED_SIDE_WORDS.search(text) \
            or not all(name is None or name.startswith(TEMPLATE_PREFIXES) for name in (event.actor1, event.actor2)):
        return  # someone is named: "clashes took place between AAS against JaS"
    nobody = plain_unidentified_armed_group(event.country)
    event.actor1 = event.actor2 = nobody.name
    event.inter1 = event.inter2 = nobody.inter
    event.assoc_actor_1 = event.assoc_actor_2 = None


def _order_anonymous_clash(event: Event) -> None:
    """A clash between a state's forces and anonymous armed men, written in the order ACLED writes it in the
    country (the police first in Brazil, the gunmen first in Mexico): the text's word order says little there,
    as "a suspect was killed after exchanging fire with police" names the suspect first."""
    if event.sub_event_type != "Armed clash" or not event.actor1 or not event.actor2:
        return
    state = next((slot for slot in (1, 2) if getattr(event, f"inter{slot}") == STATE_FORCES_INTER), None)
    anonymous = next((slot for slot in (1, 2) if slot != state
                      and getattr(event, f"actor{slot}").startswith("Unidentified")), None)
    first = first_in_anonymous_clashes(event.country)
    if state is None or anonymous is None or first is None:
        return
    if (state if first == "state" else anonymous) == 2:
        _swap_sides(event)


def _swap_sides(event: Event) -> None:
    event.actor1, event.actor2 = event.actor2, event.actor1
    event.inter1, event.inter2 = event.inter2, event.inter1
    event.assoc_actor_1, event.assoc_actor_2 = event.assoc_actor_2, event.assoc_actor_1
    first, second = event.evidence.pop("actor1", None), event.evidence.pop("actor2", None)
    if second is not None:
        event.evidence["actor1"] = second
    if first is not None:
        event.evidence["actor2"] = first


# A fight between two sides told as such ("clashes between 2 families", "inter-clan violence", "rival cartels",
# "X and Y exchanged fire"): civilians it killed were caught in it, and the fight stays an armed clash.
TWO_SIDES_FOUGHT = re.compile(
    r"\b(?:clash\w*|fight\w*|fought|battle\w*|violence|shoot-?outs?|gunfights?)\s+between\b|"
    r"\binter-?(?:clan|communal|tribal|ethnic|factional)\b|\b(?:clan|tribal|communal)-based\b|"
    r"\bexchanged\s+(?:gun)?fire\b|\brival\s+(?:cartels|gangs|groups|clans|factions|families|militias)\b",
    re.IGNORECASE)


def _civilians_were_caught_in_the_fight(event: Event) -> None:
    """The other side of a fight whose victims the parse took for its target: the same kind of group as the first
    ("clashes between 2 families"). Left as it is when the first side is a state's forces, or a second side is
    already named as an associate: the victims do not tell who fought them."""
    if event.assoc_actor_2 is None and event.actor1 \
            and not event.actor1.startswith(("Military Forces", "Police Forces")):
        event.actor2, event.inter2 = event.actor1, event.inter1
        event.evidence["actor2"] = event.evidence.get("actor1", event.evidence["sub_event_type"])


def _recode(event: Event, sub_event_type: str) -> None:
    """Give ``event`` another sub-type, with the event type and disorder type that go with it."""
    event.event_type, event.sub_event_type = SUB_EVENT_TYPES[sub_event_type], sub_event_type
    event.disorder_type = disorder_type(event.event_type, sub_event_type)


def _template_country(name: str) -> Optional[str]:
    """The country in a template name: "Civilians (Ghana)" -> "Ghana"."""
    return name[name.index("(") + 1 : -1] if name.endswith(")") and "(" in name else None


PROTEST_SUB_TYPES = ("Peaceful protest", "Protest with intervention")


def absorb_protest_arrests(events: list[Event]) -> list[Event]:
    """ACLED's codebook: arrests of protesters at their protest are not an event of their own but make
    the protest a "Protest with intervention" by the arresting force. An "Arrests" event at the same
    place and date as a protest is folded into it (its actor becomes the protest's actor2), and so is the state
    forces' non-lethal violence against its demonstrators ("soldiers dispersed the crowds with tear gas, and
    beat a demonstrator")."""
    return _absorb_into_protests(events, _intervenes_in_a_protest, "Protest with intervention", 1, told_after=False)


CROWD_WORDS = re.compile(r"\b(?:demonstrat\w*|protest\w*|crowds?|marchers?|rally|rallies)\b", re.IGNORECASE)


def _intervenes_in_a_protest(event: Event) -> bool:
    if event.sub_event_type == "Arrests":
        return True
    evidence = event.evidence.get("sub_event_type")
    return (event.sub_event_type == "Attack" and event.inter1 == STATE_FORCES_INTER and not event.fatalities
            and evidence is not None and bool(CROWD_WORDS.search(evidence.sentence)))


# The sub-types a sentence telling a demonstration's violence is often given on its own ("They clashed with
# police personnel" reads as an armed clash; "Rioters pelted stones at the police" as mob violence).
CROWD_VIOLENCE_SUB_TYPES = ("Armed clash", "Mob violence", "Violent demonstration", "Attack",
                            "Looting/property destruction")
NOT_A_CROWD_INTERS = (1, 2, 8)  # state forces, rebels, foreign forces: not the demonstrators themselves


def absorb_protest_violence(events: list[Event]) -> list[Event]:
    """A demonstration that turned violent is one event, a "Violent demonstration" by rioters (ACLED's codebook):
    a later violent event on the same occasion, told as the crowd's act ("They clashed with police", "Rioters
    pelted stones"), is folded into the protest before it (its opponent becomes the protest's actor2)."""
    return _absorb_into_protests(events, _tells_the_crowds_violence, "Violent demonstration", 2, told_after=True)


def _tells_the_crowds_violence(event: Event) -> bool:
    evidence = event.evidence.get("sub_event_type")
    return (event.sub_event_type in CROWD_VIOLENCE_SUB_TYPES and event.inter1 not in NOT_A_CROWD_INTERS
            and evidence is not None and bool(RIOT_CUE.search(evidence.sentence)))


def _absorb_into_protests(events: list[Event], absorbs, sub_event_type: str, opponent_slot: int,
                          told_after: bool) -> list[Event]:
    """Fold each event ``absorbs`` accepts into a protest on the same occasion (one told before it, if
    ``told_after``): the protest takes ``sub_event_type`` and, as its actor2, the folded event's actor in
    ``opponent_slot``."""
    protests = [e for e in events if e.sub_event_type in PROTEST_SUB_TYPES]
    absorbed = []
    # Chosen before any folding: a protest folded into becomes a violent demonstration itself.
    others = [e for e in events if e.sub_event_type not in PROTEST_SUB_TYPES and absorbs(e)]
    for other in others:
        protest = next((p for p in protests if _same_occasion(p, other)
                        and (not told_after or _told_before(p, other))), None)
        if protest is None:
            continue
        _fold(protest, other, sub_event_type, opponent_slot)
        absorbed.append(other)
    kept = [e for e in events if all(e is not a for a in absorbed)]
    kept.sort(key=lambda e: -e.confidence)
    return kept


def _told_before(protest: Event, other: Event) -> bool:
    first, then = protest.evidence.get("sub_event_type"), other.evidence.get("sub_event_type")
    return first is None or then is None or first.start <= then.start


def _fold(protest: Event, other: Event, sub_event_type: str, opponent_slot: int) -> None:
    if sub_event_type == "Violent demonstration":
        _turned_violent(protest)
        if other.fatalities and other.fatalities > (protest.fatalities or 0):
            protest.fatalities = other.fatalities
            if "fatalities" in other.evidence:
                protest.evidence["fatalities"] = other.evidence["fatalities"]
    else:
        _recode(protest, sub_event_type)
    opponent = getattr(other, f"actor{opponent_slot}")
    if opponent and not protest.actor2:
        protest.actor2, protest.inter2 = opponent, getattr(other, f"inter{opponent_slot}")
        protest.assoc_actor_2 = getattr(other, f"assoc_actor_{opponent_slot}")
        if f"actor{opponent_slot}" in other.evidence:
            protest.evidence["actor2"] = other.evidence[f"actor{opponent_slot}"]
    protest.evidence["sub_event_type"] = other.evidence.get("sub_event_type", protest.evidence.get("sub_event_type"))
    protest.confidence = max(protest.confidence, other.confidence)
    protest.interaction = interaction_code(protest.inter1, protest.inter2)
    protest.notes = summarise(protest)


def reports_what_it_was_called(sentence: str, prediction: EventPrediction) -> bool:
    """The classifier's verdict survives the checks that need no model: a bare toll ("Casualties
    unknown.") reports no event, political or mob violence is no accident or natural disaster, and a
    demonstration has someone demonstrating."""
    if is_toll_remark(sentence):
        return False
    if prediction.event_type in VIOLENT_EVENT_TYPES:
        return not reports_an_accident(sentence)
    if prediction.sub_event_type in DEMONSTRATION_SUB_TYPES:
        return names_a_demonstration(sentence)
    if prediction.event_type == "Riots":
        return not reports_an_accident(sentence)  # "A landslide buried 20 villagers": no mob did it
    return True


# A later sentence saying the authorities stepped in ("Police detained the protesters", "used lathi
# charge to disperse them"): ACLED codes the protest as a protest with intervention.
INTERVENTION_CUE = re.compile(
    r"\b(?:detain\w*|arrest\w*|dispers\w*|tear ?gas|lathi|batons?|baton-charg\w*|water cannons?|rubber bullets?|"
    r"intervened|suppress\w*|broke up|cleared the|dislodg\w*|forcibly removed|prevented|"
    r"stopped (?:the )?(?:protesters|demonstrators|marchers|them)|(?:took|tore) down (?:\w+ ){0,3}tents)\b",
    re.IGNORECASE,
)
AUTHORITY_WORDS = re.compile(r"\b(?:police\w*|security forces|soldiers|troops|authorities|officers|gendarm\w*|army|"
                             r"military)\b", re.IGNORECASE)


# What makes a demonstration violent in ACLED's codebook: demonstrators clash, throw things, vandalise,
# burn tyres or barricade roads, injure or kill. A protest told without any of it is not violent.
VIOLENCE_CUE = re.compile(
    r"\b(?:clash\w*|threw|throw\w*|hurl\w*|ston(?:e|es|ed|ing)|pelt\w*|rocks?|bottles?|eggs?|molotov|petrol bombs?|"
    r"firecrackers?|fireworks|vandal\w*|graffiti|burn\w*|on fire|ablaze|torch\w*|arson|damag\w*|destr\w*|"
    r"smash\w*|shatter\w*|broke|broken|break\w*|loot\w*|ransack\w*|barricad\w*|storm\w*|forced (?:their way|entry)|"
    r"attack\w*|assault\w*|beat\w*|hit|punch\w*|kick\w*|stab\w*|shot|shoot\w*|lynch\w*|injur\w*|wound\w*|"
    r"kill\w*|riot\w*|violen\w*|fight\w*|fought|scuffl\w*|skirmish\w*|brawl\w*|confront\w*)\b",
    re.IGNORECASE,
)


def _type_evidence_starts(events: list[Event]) -> list[int]:
    """Where each event's sub-type sentence starts, in article order: the bounds between events' accounts."""
    return sorted(e.evidence["sub_event_type"].start for e in events if "sub_event_type" in e.evidence)


def _event_sentences(event: Event, starts: list[int], sentences: list[Span]) -> list[Span]:
    """The sentences telling ``event``: from the one its type comes from to the next event's."""
    begin = event.evidence["sub_event_type"].start
    end = next((s for s in starts if s > begin), None)
    return [s for s in sentences if s.start_char >= begin and (end is None or s.start_char < end)]


def _first_told(event: Event, starts: list[int], sentences: list[Span], cue: re.Pattern) -> Optional[Span]:
    """The first sentence of ``event``'s account (see ``_event_sentences``) that ``cue`` finds, or None."""
    return next((s for s in _event_sentences(event, starts, sentences) if cue.search(s.text)), None)


def require_protest_cues(events: list[Event], sentences: list[Span]) -> None:
    """A demonstration the classifier calls violent, or stopped by the authorities, is a peaceful
    protest when its account says nothing of violence, or of anyone detaining or dispersing the
    protesters (ACLED's codebook defines both sub-types by what happened, not by the cause)."""
    starts = _type_evidence_starts(events)
    for event in events:
        if "sub_event_type" not in event.evidence:
            continue
        if event.sub_event_type == "Violent demonstration":
            cue = VIOLENCE_CUE
        elif event.sub_event_type == "Protest with intervention":
            cue = INTERVENTION_CUE
        else:
            continue
        if _first_told(event, starts, sentences, cue) is None:
            _recode(event, "Peaceful protest")
            if event.inter1 == RIOTERS_INTER and event.actor1:
                crowd = protesters(_template_country(event.actor1))
                event.actor1, event.inter1 = crowd.name, crowd.inter
                event.interaction = interaction_code(event.inter1, event.inter2)
            event.notes = summarise(event)


def protests_kill_nobody(events: list[Event]) -> None:
    """Deaths a protest account mentions are its cause ("after the death of a man in police custody"),
    not its toll: ACLED codes a protest where people die as excessive force or a riot, so a peaceful
    protest, or one the authorities stopped, has no fatalities."""
    for event in events:
        if event.sub_event_type in PROTEST_SUB_TYPES and event.fatalities:
            event.fatalities = 0
            event.evidence.pop("fatalities", None)
            event.notes = summarise(event)


def peaceful_protests_face_nobody(events: list[Event]) -> None:
    """A peaceful protest has no other side but a counter-protest's (ACLED's 2022 files: 4,519 of 4,582 have none,
    the rest other protesters): the government or forces its demands or its venue name are not a side."""
    for event in events:
        if event.sub_event_type == "Peaceful protest" and event.actor2 and event.inter2 != PROTESTERS_INTER:
            event.actor2 = event.inter2 = event.assoc_actor_2 = None
            event.evidence.pop("actor2", None)
            event.interaction = interaction_code(event.inter1, event.inter2)
            event.notes = summarise(event)


def mark_protest_interventions(events: list[Event], sentences: list[Span]) -> None:
    """A peaceful protest whose account goes on to say the police or troops detained, dispersed or
    stopped the protesters becomes a "Protest with intervention" by them (ACLED's codebook). Only the
    sentences from the protest's own to the next event's are read. A protest the classifier already calls one
    with intervention takes the sentence that tells of the intervention as its evidence, where its own does not."""
    starts = _type_evidence_starts(events)
    for event in events:
        if event.sub_event_type not in PROTEST_SUB_TYPES or "sub_event_type" not in event.evidence:
            continue
        evidence = event.evidence["sub_event_type"]
        if event.sub_event_type == "Protest with intervention" and _tells_intervention(evidence.sentence):
            continue
        for sentence in _event_sentences(event, starts, sentences):
            if _tells_intervention(sentence.text):
                _recode(event, "Protest with intervention")
                event.evidence["sub_event_type"] = sentence_evidence(sentence)
                if not event.actor2 and event.country:
                    _facing_state_forces(event, "police", sentence)
                event.notes = summarise(event)
                break


def _facing_state_forces(event: Event, branch: str, sentence: Span) -> None:
    """The country's forces of ``branch`` ("police", "military") as the other side of a demonstration, told in
    ``sentence``."""
    forces = state_forces(event.country, branch)
    event.actor2, event.inter2 = forces.name, forces.inter
    event.evidence["actor2"] = sentence_evidence(sentence)
    event.interaction = interaction_code(event.inter1, event.inter2)


# What demonstrators do that makes a demonstration violent, as its account tells it after the protest itself
# ("Rioters pelted stones at the police", "They clashed with police forces", "residents burned tyres"). Narrower
# than VIOLENCE_CUE, which also matches a protest's cause ("against the killing of ..."): only the crowd's acts.
RIOT_CUE = re.compile(
    r"\b(?:pelt\w*|(?:threw|throw\w*|hurl\w*)\s+(?:\w+\s+){0,2}(?:stones?|rocks?|bottles?|bricks?|molotov|"
    r"petrol bombs?|objects|projectiles|firecrackers?)|burn(?:ed|t|ing)?\s+(?:\w+\s+){0,2}(?:tyres?|tires?|material|debris)|"
    r"violent (?:demonstrations?|protests?)|"
    r"set\s+(?:\w+\s+){0,3}(?:on fire|alight|ablaze)|set fire|torch(?:ed|ing)|vandali[sz]\w*|"
    r"loot(?:ed|ing)(?!\s+(?:funds|money|assets|wealth|public))|ransack\w*|smash(?:ed|ing)|stormed|"
    r"clash(?:ed|ing)? with (?:the )?(?:police|security|riot|officers|soldiers|troops|gendarm)\w*|"
    r"(?:beaten|attacked|assaulted|injured)\s+(?:up\s+)?by\s+(?:the\s+)?(?:demonstrators|protesters|protestors)|"
    r"forc(?:e|ed|ing) (?:their way|themselves) into)\b",
    re.IGNORECASE,
)


def mark_violent_demonstrations(events: list[Event], sentences: list[Span]) -> None:
    """A protest whose account says the demonstrators threw stones, burnt tyres, vandalised, looted or clashed
    with the police is a violent demonstration by rioters (ACLED's codebook), whether or not the police then
    intervened. Only the sentences from the protest's own to the next event's are read."""
    starts = _type_evidence_starts(events)
    for event in events:
        if event.sub_event_type not in PROTEST_SUB_TYPES or "sub_event_type" not in event.evidence:
            continue
        told = _first_told(event, starts, sentences, RIOT_CUE)
        if told is None:
            continue
        _turned_violent(event)
        event.evidence["sub_event_type"] = sentence_evidence(told)
        event.interaction = interaction_code(event.inter1, event.inter2)
        event.notes = summarise(event)


# The state's forces a violent demonstration's account names, by branch: police, else the military.
POLICE_WORDS = re.compile(r"\b(?:police\w*|gendarm\w*|prison guards?)\b", re.IGNORECASE)
MILITARY_WORDS = re.compile(r"\b(?:soldiers|troops|army|military|security forces)\b", re.IGNORECASE)


def name_the_forces_facing_riots(events: list[Event], sentences: list[Span]) -> None:
    """A violent demonstration with no other side is against the state's forces its account names ("vandalized a
    police station", "Military forces eventually regained control"): 63% of ACLED's 2022 violent demonstrations
    that mention them have state forces as actor2, and nothing else comes near."""
    starts = _type_evidence_starts(events)
    for event in events:
        if event.sub_event_type != "Violent demonstration" or event.actor2 or not event.country \
                or "sub_event_type" not in event.evidence:
            continue
        for sentence in _event_sentences(event, starts, sentences):
            branch = "police" if POLICE_WORDS.search(sentence.text) else (
                "military" if MILITARY_WORDS.search(sentence.text) else None)
            if branch is not None:
                _facing_state_forces(event, branch, sentence)
                event.notes = summarise(event)
                break


# Weapons fired from afar, by the sub-type of remote violence they make (the first that the account names wins).
REMOTE_WEAPONS = (
    ("Remote explosive/landmine/IED", re.compile(
        r"\b(?:IEDs?|improvised explosive|(?-i:(?:land)?mines?)|explosive devices?|(?:car|roadside|truck) bombs?|"
        r"VBIEDs?)\b", re.IGNORECASE)),
    ("Air/drone strike", re.compile(
        r"\b(?:air ?strikes?|air raids?|air force|warplanes?|(?:fighter )?jets|drones?|helicopters?|aircraft|"
        r"bombed|bombing)\b", re.IGNORECASE)),
    ("Grenade", re.compile(r"\b(?:hand )?grenades?\b(?! launchers?)", re.IGNORECASE)),
    ("Shelling/artillery/missile attack", re.compile(
        r"\b(?:mortars?|artillery|shell(?:s|ed|ing)|bombard\w*|rockets?|missiles?|ATGMs?|RPGs?|rocket-propelled)\b",
        re.IGNORECASE)),
)
# What makes a fight between armed sides a clash rather than one side's remote attack: fighting at close range, fire
# returned, a ground operation. Without any of these, ACLED codes armed sides hit from afar as remote violence (477
# of the 501 notes of its 2022 files naming such weapons between two armed sides and none of these words).
GROUND_FIGHT_CUE = re.compile(
    r"\b(?:clash\w*|fought|fight(?:ing|s)?|battle[sd]?|gun ?fire|gun ?shots?|shot|shooting|firefight|small[- ]arms|"
    r"snipers?|rifles?|machine ?guns?|firearms|direct fire|ambush\w*|raid\w*|storm(?:ed)?|assault\w*|engag\w*|"
    r"repel\w*|repuls\w*|gunm[ae]n|opened fire|heavy weapons|light weapons|exchang\w+|(?:in|from) both directions|"
    r"grenade launchers?|hit and run|mutual|fired back|shell(?:ed)? back|responded|in response|retaliat\w*|"
    r"operations?|offensive|advance[sd]?|captured?|seized?|pursu\w+|intercept\w*|shot down|downed|defus\w*|"
    r"dismantl\w*)\b",
    re.IGNORECASE)


def _recode_by_account(events: list[Event], sentences: list[Span], sub_types: tuple[str, ...],
                       decide: Callable[[Event, str], Optional[str]]) -> None:
    """Give each event of ``sub_types`` the sub-type ``decide`` reads in its account (its sentences joined, see
    ``_event_sentences``), where it reads one."""
    starts = _type_evidence_starts(events)
    for event in events:
        if event.sub_event_type not in sub_types or "sub_event_type" not in event.evidence:
            continue
        recoded = decide(event, " ".join(s.text for s in _event_sentences(event, starts, sentences)))
        if recoded is not None:
            _recode(event, recoded)
            event.notes = summarise(event)


def mark_remote_violence(events: list[Event], sentences: list[Span]) -> None:
    """A "clash" whose account tells only of weapons fired from afar (mortars, an ATGM, an IED, air strikes) and of
    no fighting at close range is one side's remote violence against the other."""
    _recode_by_account(events, sentences, ("Armed clash",), _remote_weapon_told)


def _remote_weapon_told(event: Event, account: str) -> Optional[str]:
    if GROUND_FIGHT_CUE.search(account):
        return None
    return next((sub_type for sub_type, cue in REMOTE_WEAPONS if cue.search(account)), None)


# Direct fire in an account of shelling: small arms, snipers, or fire "in both directions of the frontline". Heavy
# weapons fired at an armed side's positions with small arms beside them are an exchange between the two, which ACLED
# codes as an armed clash (97 of the 101 such shelling-or-clash notes of its 2020 file outside the test rows; the 4
# others, fire at homes and farms in Yemen, stay shelling: only an armed other side makes a clash).
DIRECT_FIRE_CUE = re.compile(
    r"\b(?:small[- ]arms|sniper(?:s| rifles?| fire)?|assault rifles?|automatic (?:weapons|rifles)|"
    r"(?:in|from) both directions)\b", re.IGNORECASE)


def mark_exchanges_of_fire(events: list[Event], sentences: list[Span]) -> None:
    """Shelling of an armed side's positions whose account also tells of small-arms fire is an armed clash."""
    _recode_by_account(
        events, sentences, ("Shelling/artillery/missile attack",),
        lambda event, account: "Armed clash"
        if event.inter2 in ARMED_INTER_CODES and DIRECT_FIRE_CUE.search(account) else None)


# An attack that took people away and killed or hurt nobody is an abduction (80 of the 83 attacks and clashes of
# ACLED's 2022 notes telling of a kidnapping and of no killing or injury).
ABDUCTION_CUE = re.compile(r"\b(?:kidnap\w*|abduct\w*|took (?:\w+ ){0,3}hostage|taken hostage)\b", re.IGNORECASE)
# "No fatalities and/or injuries reported", "without causing casualties": said of nobody harmed.
NOBODY_HARMED = re.compile(
    r"\b(?:no (?:reported )?(?:casualties|injuries|fatalities|deaths)(?: (?:and/or|and|or|nor) (?:casualties|"
    r"injuries|fatalities|deaths))?|neither (?:injuries|fatalities|casualties) nor (?:injuries|fatalities|casualties)|"
    r"without (?:causing )?(?:any )?(?:casualties|injuries|fatalities))\b", re.IGNORECASE)
HARM_CUE = re.compile(
    r"\b(?:killed|killing|dead|died|death|bodies|body|murder\w*|executed|beheaded|shot|injur\w*|wound\w*|"
    r"beat(?:en)?|assault\w*|tortur\w*|rap(?:ed|e))\b", re.IGNORECASE)


def mark_abductions(events: list[Event], sentences: list[Span]) -> None:
    """An attack whose account tells of people kidnapped and of nobody killed or hurt is an abduction."""
    _recode_by_account(
        events, sentences, ("Attack",),
        lambda event, account: "Abduction/forced disappearance"
        if not event.fatalities and ABDUCTION_CUE.search(account)
        and not HARM_CUE.search(NOBODY_HARMED.sub(" ", account)) else None)


# An attack on the forces' own post, patrol or convoy is a fight with them, whoever else it killed: none of the 57
# such notes of ACLED's 2022 files is an attack on civilians (32 clashes, the rest remote violence).
FORCES_POST_ATTACKED = re.compile(
    r"\b(?:attack\w*|raid\w*|storm\w*|ambush\w*|target\w*|fired (?:at|on))\s+(?:a|an|the|two|several)?\s*"
    r"(?:\w+\s+){0,2}?(?P<forces>police|military|army|gendarmerie|security|soldiers'?)\s+"
    r"(?:station|post|checkpoint|base|camp|patrol|position|convoy|outpost|barracks|vehicle)s?\b", re.IGNORECASE)


def attacks_on_forces_posts_are_clashes(events: list[Event], sentences: list[Span]) -> None:
    """An "attack" whose account tells of the attackers striking a police station, a checkpoint, a patrol or a base
    is an armed clash with those forces, even where civilians died in it."""
    starts = _type_evidence_starts(events)
    for event in events:
        if event.sub_event_type != "Attack" or "sub_event_type" not in event.evidence or not event.country:
            continue
        sentence = _first_told(event, starts, sentences, FORCES_POST_ATTACKED)
        if sentence is None:
            continue
        post = FORCES_POST_ATTACKED.search(sentence.text)
        _recode(event, "Armed clash")
        if event.inter2 in (None, CIVILIANS_INTER):
            branch = "police" if post.group("forces").lower().startswith(("police", "gendarm")) else "military"
            forces = state_forces(event.country, branch)
            event.actor2, event.inter2, event.assoc_actor_2 = forces.name, forces.inter, None
            event.evidence["actor2"] = sentence_evidence(sentence)
        event.interaction = interaction_code(event.inter1, event.inter2)
        event.civilian_targeting = None
        event.notes = summarise(event)


# Weapons stopped before they struck: a missile or drone intercepted or shot down, a bomb defused (in ACLED's 2022
# notes, 20 of 37 interceptions, 16 of 26 weapons shot down and 18 of 23 defusals are "Disrupted weapons use").
DISRUPTED_WEAPON = re.compile(
    r"\b(?:(?:intercept\w*|shot down|shooting down|downed)\s+(?:\w+\s+){0,5}?(?:missiles?|rockets?|drones?|UAVs?|"
    r"projectiles?)|(?:missiles?|rockets?|drones?|UAVs?|projectiles?)\s+(?:\w+\s+){0,3}?(?:was|were)\s+"
    r"(?:intercepted|shot down|downed)|(?:defus\w*|dismantl\w*)\s+(?:\w+\s+){0,4}?(?:IEDs?|bombs?|explosives?|"
    r"explosive devices?|(?:land)?mines?))\b", re.IGNORECASE)
DISRUPTABLE_SUB_TYPES = ("Armed clash", "Shelling/artillery/missile attack", "Air/drone strike",
                         "Remote explosive/landmine/IED", "Grenade")


def mark_disrupted_weapons(events: list[Event], sentences: list[Span]) -> None:
    """Fighting whose account tells of a missile or drone intercepted or a bomb defused, and of nobody killed,
    is the disruption of a weapon's use."""
    _recode_by_account(
        events, sentences, DISRUPTABLE_SUB_TYPES,
        lambda event, account: "Disrupted weapons use"
        if not event.fatalities and DISRUPTED_WEAPON.search(account) else None)


# A mine or shell left from a war that has ended ("a landmine laid during the Iran-Iraq War", Cambodia's "area where
# fighting occurred in the 1980s"): ACLED codes its explosion as a strategic development ("Other"), not as remote
# violence by anyone fighting now (the two such notes of its 2022 files, and three of 2020's outside the test rows).
PAST_WAR_REMNANT = re.compile(
    r"\b(?:(?:fighting|war|conflict|battles?) (?:that )?(?:occurred|took place|happened) (?:in the past|decades ago|"
    r"in the (?:19|20)\d0s)|"
    r"(?:from|during|of) the (?:[A-Z][a-z]+-[A-Z][a-z]+|Vietnam|Korean|(?:First|Second) World) [Ww]ar|"
    r"World War (?:I|II|One|Two)|Khmer Rouge)")
REMNANT_SUB_TYPES = ("Remote explosive/landmine/IED", "Shelling/artillery/missile attack", "Grenade")


def mark_remnants_of_past_wars(events: list[Event], sentences: list[Span]) -> None:
    """The explosion of a mine or shell left from a war that has ended is a strategic development, not an attack."""
    _recode_by_account(events, sentences, REMNANT_SUB_TYPES,
                       lambda event, account: "Other" if PAST_WAR_REMNANT.search(account) else None)


# An account saying nobody knows who did it ("There are no reports on the identity of the perpetrators", "unknown
# shooters"): where ACLED names a country's usual anonymous perpetrators otherwise ("Unidentified Gang and/or Police
# Militia" in Brazil), it codes these as plain "Unidentified Armed Group" (17 of the 24 Brazilian 2022 notes with
# unknown shooters or assailants), unless the account ties them to crime (a drive-by shooting stays a gang's).
UNKNOWN_DOERS = re.compile(
    r"\b(?:no (?:reports?|information) (?:on|about|of) (?:the )?(?:identity|perpetrators?|authors?)|identity of the "
    r"(?:perpetrators?|attackers?|shooters?|assailants?|gunmen) (?:is|was|remains?) unknown|"
    r"(?:unknown|unidentified) (?:shooters?|perpetrators?|assailants?|attackers?))\b", re.IGNORECASE)


def keep_unknown_doers_unknown(events: list[Event], sentences: list[Span]) -> None:
    """Anonymous perpetrators an account says nobody knows, and does not tie to crime, are an "Unidentified Armed
    Group", not the country's usual anonymous name."""
    starts = _type_evidence_starts(events)
    for event in events:
        if not event.country or "sub_event_type" not in event.evidence:
            continue
        plain = plain_unidentified_armed_group(event.country).name
        local = unidentified_armed_group(event.country).name
        if local == plain or local not in (event.actor1, event.actor2):
            continue
        account = " ".join(s.text for s in _event_sentences(event, starts, sentences))
        if UNKNOWN_DOERS.search(account) and not CRIMINAL_CUE.search(account):
            for slot in (1, 2):
                if getattr(event, f"actor{slot}") == local:
                    setattr(event, f"actor{slot}", plain)
            event.notes = summarise(event)


def _turned_violent(protest: Event) -> None:
    """A protest re-coded as a violent demonstration, its protesters as rioters."""
    _recode(protest, "Violent demonstration")
    if protest.inter1 == PROTESTERS_INTER and protest.actor1:
        crowd = rioters(_template_country(protest.actor1))
        protest.actor1, protest.inter1 = crowd.name, crowd.inter


# Arrests made, told in the passive, were the authorities' ("Several arrests were made"; not "he was arrested", which
# is as often the protest's cause).
PASSIVE_ARRESTS = re.compile(r"\barrests? (?:was|were) made\b", re.IGNORECASE)


def _tells_intervention(text: str) -> bool:
    return bool(INTERVENTION_CUE.search(text) and AUTHORITY_WORDS.search(text)) or bool(PASSIVE_ARRESTS.search(text))


def _same_occasion(a: Event, b: Event) -> bool:
    # A date is only a conflict when both were read from the text (not defaulted from publication).
    dated = "event_date" in a.evidence and "event_date" in b.evidence
    if dated and a.event_date != b.event_date:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    precise = a.geo_precision == 1 and b.geo_precision == 1
    return not (precise and a.location != b.location)


# A sentence announcing what someone intends ("announced the launch of an offensive to retake the city")
# is weaker evidence of the event than one telling that it happened ("the army retook the villages").
INTENT = re.compile(
    r"\b(?:announc|vow|pledg|plann|plans?\b|threaten|promis|intend|prepar)\w*(?:\s+[\w'-]+){0,8}?\s+to\s+\w+",
    re.IGNORECASE,
)


def main_sentence(group: list[SentenceEvent]) -> SentenceEvent:
    """The sentence that defines a merged event: the first one in reading order (news puts the event
    in its lead) among those the classifier is at least half as sure of as its best, a sentence telling
    what happened before one announcing an intent."""
    telling = [c for c in group if not c.toll_only] or group
    telling = [c for c in telling if not INTENT.search(c.sentence.text)] or telling
    best = max(c.prediction.probability for c in telling)
    return next(c for c in telling if c.prediction.probability >= MAIN_SENTENCE_SHARE * best)


def sentence_evidence(sentence: Span) -> Evidence:
    """The sentence with its article offsets, trailing whitespace (paragraph breaks) trimmed."""
    text = sentence.text.rstrip()
    return Evidence(text, sentence.start_char, sentence.start_char + len(text))


def merge_same_events(found: list[SentenceEvent]) -> list[list[SentenceEvent]]:
    """Group sentences that report the same event.

    Two sentences are one event when they have the same event type and do not contradict each other
    on place or date (a sentence without a place or date agrees with any). Later sentences usually
    elaborate the lead, so each sentence joins the first compatible group.
    """
    groups: list[list[SentenceEvent]] = []
    for coded in found:
        if groups and _reports_only_a_toll(coded) and _same_place_and_date(coded, groups[-1]):
            # "Four civilians were killed, including two children." after the strike that killed them:
            # the toll of the event just told, not an event of its own.
            coded.toll_only = True
            groups[-1].append(coded)
            continue
        if groups and _reports_only_what_was_seen(coded) and _same_place_and_date(coded, groups[-1]):
            # "The OSCE SMM observed 42 projectiles near Shyrokyne." after the shelling of Shyrokyne: what
            # observers saw or heard of the event just told, whatever type the classifier gives the sentence.
            coded.toll_only = True
            groups[-1].append(coded)
            continue
        for group in groups:
            if all(_compatible(coded, other) for other in group):
                group.append(coded)
                break
        else:
            groups.append([coded])
    return groups


# What observers saw or heard of fighting ("The OSCE SMM observed a total of 42 projectiles/explosions near X",
# "Residents heard gunfire and explosions"): a witness's account of an event, not an event with doers of its own.
OBSERVATION = re.compile(
    r"\b(?:observ\w*|heard|record\w*|registered|reported)\b(?:\s+\S+){0,8}?\s+(?:explosions?|projectiles?|shots|"
    r"bursts?|gunfire|blasts?|ceasefire violations?)\b", re.IGNORECASE)


def _reports_only_what_was_seen(coded: SentenceEvent) -> bool:
    """A sentence telling only what was seen or heard, naming no doer and no target."""
    if not OBSERVATION.search(coded.sentence.text) or coded.roles is None:
        return False
    return coded.roles.actor1_span is None and coded.roles.actor2_span is None


# A toll sentence names its dead at its start ("Four civilians were killed", "He was killed") and no doer,
# or it says it goes on about the event before it (ELABORATION_START).
TOLL_AT_START_CHARS = 60
DEFAULT_DOERS = ("Unidentified Armed Group", "Civilians", "Rioters", "Protesters")


# Sentences that go on about the event just told: "As a result, all buildings were destroyed.", "The
# attack killed five.", "During the clashes, ..."
ELABORATION_START = re.compile(
    r"^\s*(?:as\s+a\s+(?:result|consequence)|consequently|during\s+the\s+(?:attacks?|clash(?:es)?|fighting|"
    r"strikes?|raids?|shelling|operation)|in\s+the\s+(?:attacks?|clash(?:es)?|fighting|strikes?|raids?|shelling|"
    r"explosion|blast|incident)|the\s+(?:attacks?|strikes?|air\s*strikes?|raids?|shelling|blast|explosion|bombing|"
    r"clash(?:es)?|fighting|ambush|assault)\s+(?:killed|left|wounded|injured|destroyed|damaged|caused|resulted)"
    # ... or ask about it: "The reason for the attack is unknown.", "Police are investigating the incident."
    r"|(?:the\s+)?(?:reason|motive|motives|cause|perpetrators?|identity|circumstances)\s+(?:for|of|behind)\s+the\b"
    r"|.{0,40}\binvestigat\w*\s+(?:into\s+)?the\s+(?:attack|incident|killings?|shooting|explosion|blast|case|clash(?:es)?))\b",
    re.IGNORECASE,
)


def _reports_only_a_toll(coded: SentenceEvent) -> bool:
    if ELABORATION_START.search(coded.sentence.text) or is_coding_remark(coded.sentence.text):
        return True
    if OUTBREAK.search(coded.sentence.text):
        return False  # "A shoot-out broke out and a suspect was killed": an event of its own, with its toll
    killed = coded.fatalities is not None and coded.fatalities.count > 0 and coded.fatalities.start <= TOLL_AT_START_CHARS
    wounded = INJURY_TOLL.match(coded.sentence.text[:TOLL_AT_START_CHARS + 20]) is not None
    if not (killed or wounded):
        return False
    if coded.roles is None or coded.roles.actor1 is None or coded.roles.actor1_span is None:
        return True  # no doer named in the sentence: one guessed from its wording tells nothing
    return coded.roles.actor1.startswith(DEFAULT_DOERS)


# "A shoot-out broke out", "clashes erupted": a fight told as breaking out is an event, whatever toll follows.
OUTBREAK = re.compile(r"\b(?:broke out|erupted|ensued)\b", re.IGNORECASE)
# "During the day, one Ukrainian soldier was wounded.", "Two policemen were injured.": the wounded of the event
# just told, named at the sentence's start.
INJURY_TOLL = re.compile(
    r"^\W*(?:[\w'’-]+,?\s+){1,8}?(?:was|were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:wounded|injured|hurt)\b",
    re.IGNORECASE,
)


def _same_place_and_date(coded: SentenceEvent, group: list[SentenceEvent]) -> bool:
    """The toll sentence names no other place precisely and no other date than the event's."""
    if coded.location is not None and coded.location.geo_precision == 1:
        places = {(c.location.place.geonameid, c.location.place.name) for c in group if c.location is not None}
        if (coded.location.place.geonameid, coded.location.place.name) not in places:
            return False
    dates = {c.date_value for c in group if c.date_value is not None}
    return coded.date_value is None or not dates or coded.date_value in dates


def _compatible(a: SentenceEvent, b: SentenceEvent) -> bool:
    if SUB_EVENT_TYPES[a.prediction.sub_event_type] != SUB_EVENT_TYPES[b.prediction.sub_event_type]:
        return False
    if a.location is not None and b.location is not None:
        pa, pb = a.location.place, b.location.place
        if (pa.geonameid, pa.name) != (pb.geonameid, pb.name) and a.location.geo_precision == 1 == b.location.geo_precision:
            return False
    if a.date_value is not None and b.date_value is not None and a.date_value != b.date_value:
        return False
    return True


# What actor1 did, per sub-type: without an actor2, and with one ({} is actor2).
SUMMARY_VERBS = {
    "Armed clash": ("fought", "clashed with {}"),
    "Government regains territory": ("regained territory", "regained territory from {}"),
    "Non-state actor overtakes territory": ("took territory", "took territory from {}"),
    "Chemical weapon": ("used chemical weapons", "used chemical weapons against {}"),
    "Air/drone strike": ("carried out an air/drone strike", "carried out an air/drone strike on {}"),
    "Suicide bomb": ("carried out a suicide bombing", "carried out a suicide bombing against {}"),
    "Shelling/artillery/missile attack": ("fired artillery or missiles", "shelled {}"),
    "Remote explosive/landmine/IED": ("detonated an explosive device", "attacked {} with an explosive device"),
    "Grenade": ("threw a grenade", "attacked {} with a grenade"),
    "Peaceful protest": ("protested", "protested"),
    "Protest with intervention": ("protested and were dispersed", "protested and were met by {}"),
    "Excessive force against protesters": ("used excessive force against protesters", "used excessive force against {}"),
    "Violent demonstration": ("rioted", "rioted against {}"),
    "Mob violence": ("attacked as a mob", "attacked {}"),
    "Agreement": ("reached an agreement", "reached an agreement with {}"),
    "Arrests": ("made arrests", "arrested {}"),
    "Change to group/activity": ("changed activity", "changed activity"),
    "Disrupted weapons use": ("disrupted weapons use", "disrupted weapons use by {}"),
    "Headquarters or base established": ("established a base", "established a base"),
    "Looting/property destruction": ("looted or destroyed property", "looted or destroyed property of {}"),
    "Non-violent transfer of territory": ("took over territory", "took over territory from {}"),
    "Other": ("was involved in a strategic development", "was involved in a strategic development with {}"),
    "Sexual violence": ("committed sexual violence", "committed sexual violence against {}"),
    "Attack": ("attacked", "attacked {}"),
    "Abduction/forced disappearance": ("abducted people", "abducted {}"),
}


def summarise(event: Event) -> str:
    """An ACLED-style one-sentence note built only from the coded fields."""
    if event.event_date:
        when = f"On {event.event_date}" if event.time_precision == 1 else f"Around {event.event_date}"
    else:
        when = "On an unknown date"
    alone, with_other = SUMMARY_VERBS[event.sub_event_type]
    what = with_other.format(event.actor2) if event.actor2 else alone
    where = ""
    if event.location:
        relation = {1: "in", 2: "near"}.get(event.geo_precision, "in the region of")
        region = ", ".join(part for part in (event.admin1, event.country) if part and part != event.location)
        where = f" {relation} {event.location}" + (f" ({region})" if region else "")
    deaths = f" {event.fatalities} reported fatalities." if event.fatalities else ""
    return f"{when}, {event.actor1 or 'an unidentified actor'} {what}{where} [{event.sub_event_type}].{deaths}"
