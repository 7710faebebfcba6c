"""A small deterministic coder for the store, sources and engine tests (fast: no spaCy).

It codes one event per sentence that contains a trigger word, with fields taken from the sentence
by simple rules, so the tests check what the store does with documents, not what the pipeline finds.
Importable by spawned worker processes (tests/ is on their sys.path).
"""

from __future__ import annotations

import os
import re
import time

from eventwire.model import Article, Document, Entity, Event, Evidence, Mention, Quote

TRIGGERS = {
    "clashed": ("Battles", "Armed clash"),
    "shelled": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "protested": ("Protests", "Peaceful protest"),
}
PLACES = {
    "Mosul": ("Iraq", "Ninawa", 36.34, 43.13),
    "Accra": ("Ghana", "Greater Accra", 5.56, -0.2),
    "Aleppo": ("Syria", "Aleppo", 36.2, 37.16),
}
SENTENCE = re.compile(r"[^.!?]+[.!?]?")
DAY = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")
KILLED = re.compile(r"(\d+) (?:people|soldiers|fighters) (?:were )?killed")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")


class FakeCoder:
    """Picklable ``Article -> Document``. ``delay``: seconds per article; ``fail_on``: text marker that raises."""

    def __init__(self, delay: float = 0.0, fail_on: str = "EXPLODE-CODER", progress_path: str | None = None) -> None:
        self.delay = delay
        self.fail_on = fail_on
        self.progress_path = progress_path  # one line appended per call: lets a test kill at a known point

    def __call__(self, article: Article) -> Document:
        if self.delay:
            time.sleep(self.delay)
        if self.progress_path:
            with open(self.progress_path, "a") as handle:
                handle.write("x\n")
        if self.fail_on and self.fail_on in article.text:
            raise RuntimeError("fake coder failure requested by the text")
        document = Document(article=article)
        article.language = "en"
        for match in SENTENCE.finditer(article.text):
            sentence = match.group(0)
            event = self._event(sentence, match.start(), match.end(), article)
            if event is not None:
                document.events.append(event)
        for index, match in enumerate(CAPITALISED.finditer(article.text)):
            if index >= 5:
                break
            document.entities.append(Entity(id=f"E{index}", name=match.group(0), type="ORG",
                                            mentions=[Mention(match.start(), match.end(), match.group(0))]))
        quote = re.search(r'"([^"]+)"', article.text)
        if quote:
            document.quotes.append(Quote(quote.group(1), quote.start(1), quote.end(1), speaker=None, attribution="none"))
        document.warnings.append(f"fake coder pid {os.getpid()}" if os.environ.get("FAKE_CODER_PID") else "fake")
        return document

    def _event(self, sentence: str, start: int, end: int, article: Article):
        lowered = sentence.lower()
        trigger = next((t for t in TRIGGERS if t in lowered), None)
        if trigger is None:
            return None
        event_type, sub_event_type = TRIGGERS[trigger]
        evidence = Evidence(sentence, start, end)
        place = next((p for p in PLACES if p in sentence), None)
        country, admin1, lat, lon = PLACES[place] if place else (None, None, None, None)
        day = DAY.search(sentence)
        event_date = day.group(1) if day else (article.published.isoformat() if article.published else None)
        killed = KILLED.search(sentence)
        actors = [a for a in CAPITALISED.findall(sentence) if a not in PLACES and a != sentence.strip().split(" ")[0]]
        return Event(
            event_type=event_type, sub_event_type=sub_event_type, event_date=event_date,
            time_precision=1 if event_date else None, actor1=actors[0] if actors else None,
            actor2=actors[1] if len(actors) > 1 else None, inter1=1 if actors else None,
            country=country, admin1=admin1, location=place, latitude=lat, longitude=lon,
            geo_precision=1 if place else None, fatalities=int(killed.group(1)) if killed else 0,
            source=article.source, notes=sentence.strip(), confidence=0.75,
            evidence={"sub_event_type": evidence, "location": evidence} if place else {"sub_event_type": evidence},
        )
