from datetime import date

from eventwire.model import (
    ACLED_COLUMNS,
    EVENT_TYPES,
    SUB_EVENT_TYPES,
    Article,
    Document,
    Event,
    Evidence,
    disorder_type,
    interaction_code,
)


def test_model_has_acleds_25_sub_event_types():
    assert sum(len(subs) for subs in EVENT_TYPES.values()) == 25
    assert SUB_EVENT_TYPES["Government regains territory"] == "Battles"


def test_model_interaction_code_puts_the_lower_inter_first():
    assert interaction_code(7, 2) == 27
    assert interaction_code(1, None) == 10
    assert interaction_code(None, 3) is None


def test_model_disorder_type_follows_acled():
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Riots", "Mob violence") == "Political violence"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert disorder_type("Battles", "Armed clash") == "Political violence"


def test_model_document_to_dict_has_the_documented_keys():
    event = Event(event_type="Battles", sub_event_type="Armed clash", evidence={"actor1": Evidence("S.", 0, 2)})
    doc = Document(article=Article(text="S.", published=date(2020, 1, 2)), events=[event])
    d = doc.to_dict()
    assert d["article"] == {"title": None, "published": "2020-01-02", "source": None, "url": None,
                            "language": None, "chars": 2}
    assert list(d["events"][0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    assert d["events"][0]["evidence"]["actor1"] == {"sentence": "S.", "start": 0, "end": 2}
