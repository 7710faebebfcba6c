import pytest

from eventwire.ingest.language import detect_language
from eventwire.pipeline import CODED_LANGUAGES


@pytest.mark.parametrize("text,expected", [
    ("Government forces retook the town from the rebels on Sunday, the army said in a statement.", "en"),
    ("Les forces gouvernementales ont repris la ville aux rebelles dimanche, selon un communiqué de l'armée.", "fr"),
    ("Las fuerzas del gobierno recuperaron la ciudad de manos de los rebeldes el domingo, según el ejército.", "es"),
    ("استعادت القوات الحكومية المدينة من المتمردين يوم الأحد", "ar"),
    ("Правительственные войска в воскресенье отбили город у повстанцев, сообщила армия.", "ru"),
    # Short sentences, whose few function words must be the language's own:
    ("Homens armados atacaram uma delegacia no norte do país e mataram três policiais.", "pt"),
    ("Hombres armados atacaron una comisaría en el norte del país y mataron a tres agentes.", "es"),
    ("La polizia ha disperso i manifestanti con i gas lacrimogeni nella capitale.", "it"),
    ("De politie heeft de demonstranten met traangas uiteengedreven.", "nl"),
    ("LES FORCES GOUVERNEMENTALES ONT REPRIS LA VILLE AUX REBELLES DIMANCHE, SELON UN COMMUNIQUE DE L'ARMEE.", "fr"),
    ("THE ARMY SAID THE REBELS WERE DRIVEN OUT OF THE TOWN ON SUNDAY.", "en"),
])
def test_language_detects_the_language_of_news_sentences(text, expected):
    assert detect_language(text) == expected


def test_language_undetermined_for_too_little_text():
    assert detect_language("12 34 !!") == "und"


def test_one_foreign_function_word_does_not_make_a_headline_foreign():
    # "state" is an Italian stop word; the sentence holds no English one.
    assert detect_language("Islamic State fighters attacked Iraqi troops near Mosul.") == "und"
    assert detect_language("Des hommes armés tuent cinq personnes dans le nord du Mali") == "fr"


@pytest.mark.parametrize("headline", [
    "Air strike kills 13 Islamic State militants in Iraq's Al-Shirqat",  # "state", "in", "al": Italian stop words
    "F-16s bomb Turk Kurd rebels in Iraq - Kurd sources.",  # "f", "s", "in": Romanian ones
    "Iraqi police announce mass execution of 14 border guards in Al-Anbar Governorate",  # "of", "in", "al": Dutch
    "Iran urges France to pressure U.S. to lift sanctions amid COVID-19 outbreak.",
])
def test_english_headlines_with_names_and_shared_function_words_are_coded(headline):
    assert detect_language(headline) in CODED_LANGUAGES
