import pytest

from eventwire.ingest.language import detect_language


@pytest.mark.parametrize("text,expected", [
    ("Government forces retook the town from the rebels on Sunday, the army said in a statement.", "en"),
    ("Les forces gouvernementales ont repris la ville aux rebelles dimanche, selon un communiqué de l'armée.", "fr"),
    ("Las fuerzas del gobierno recuperaron la ciudad de manos de los rebeldes el domingo, según el ejército.", "es"),
    ("استعادت القوات الحكومية المدينة من المتمردين يوم الأحد", "ar"),
    ("Правительственные войска в воскресенье отбили город у повстанцев, сообщила армия.", "ru"),
])
def test_language_detects_the_language_of_news_sentences(text, expected):
    assert detect_language(text) == expected


def test_language_undetermined_for_too_little_text():
    assert detect_language("12 34 !!") == "und"


def test_one_foreign_function_word_does_not_make_a_headline_foreign():
    # "state" is an Italian stop word; the sentence holds no English one.
    assert detect_language("Islamic State fighters attacked Iraqi troops near Mosul.") == "und"
    assert detect_language("Des hommes armés tuent cinq personnes dans le nord du Mali") == "fr"
