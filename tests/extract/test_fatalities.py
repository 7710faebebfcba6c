"""Tests for eventwire.extract.fatalities: ACLED-style conservative death counts."""

import pytest

from eventwire.extract.fatalities import (
    FatalityCount,
    is_coding_remark,
    is_toll_remark,
    count_fatalities,
    deaths_mentioned,
    parse_number,
    total_fatalities,
)


def _count(sentence: str):
    found = count_fatalities(sentence)
    return None if found is None else found.count


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Three soldiers were killed and 12 wounded in the ambush.", 3),
        ("Two men suspected of burglaries were fatally assaulted by residents.", 2),
        ("Gunmen assassinated an economic operator in the market.", 1),
        ("A security guard stabbed a man to death over a parking space.", 1),
        ("Snipers opened fire on a farmer, killing him.", 1),
        ("A 48-year-old displaced person died from a landmine explosion.", 1),
        ("A man was stoned and stabbed to death by three people.", 1),
        ("The body of a man was found under a bridge with his hands tied.", 1),
        ("A village sarpanch was beaten to death by around 3 dozen people.", 1),
        ("56 BH/IS fighters were killed.", 56),
        ("Three volunteer fighters (VDP) and a councilman were killed.", 4),
        ("One displaced person was killed.", 1),
        ("Two militants belonging to the TTP Gandapur faction were killed.", 2),
        ("A shell hit a car with two civilians in it and both of the civilians were killed.", 2),
        ("Four soldiers were killed, including a captain killed by a sniper.", 4),
        ("The clashes led to the death of 5 armed men.", 5),
        ("Rioters beat to death two suspected thieves in the market.", 2),
        ("Militants beheaded a civilian truck driver.", 1),
        ("Guards shot and killed another presidential guard.", 1),
        ("The victim's wife was killed by stray bullets.", 1),
        ("Residents set homes ablaze after the death of one man in police custody.", None),
        ("A car bomb exploded in the market, killing at least 12 people and wounding 30.", 12),
        ("Between 10 and 15 people were killed in the raid.", 10),
        ("Gunmen killed 12, although officials said 20.", 12),
        ("Dozens of people died in the floods of violence.", 12),
        ("Tens of civilians were killed.", 10),
        ("Hundreds dead after the siege.", 100),
        ("Scores of villagers were massacred.", 20),
        ("Several soldiers were killed at the checkpoint.", 3),
        ("Twenty-five civilians were killed.", 25),
        ("A soldier was killed in the blast.", 1),
        ("One man was killed when the shell landed.", 1),
        ("More than 1,200 people have died since the fighting began.", 1200),
        ("Two soldiers and three civilians were killed.", 5),
        ("The death toll rose to 40 on Tuesday.", 40),
        ("The bodies of 7 men were found near the river.", 7),
        ("Police shot dead two suspects.", 2),
        ("The strike killed one hundred and five people.", 105),
        ("The shelling left 5 people dead.", 5),
        ("Twelve people were abducted and two killed.", 2),
        ("A man was shot and killed outside his home.", 1),
        ("12 U.S. soldiers were killed.", 12),
        ("Clashes kill 3 in Baghdad", 3),
        ("Gunmen shot and killed a motorcycle rider near the junction.", 1),
        ("Three youths were arrested and killed by soldiers.", 3),
        ("Two militants (suspected TTP) were killed in an operation.", 2),
        ("A landmine exploded, killing a minor.", 1),
    ],
)
def test_count_fatalities_reads_ACLED_counts(sentence, expected):
    assert _count(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        "The operation took the lives of many civilians.",
        "Militants threatened to kill 10 hostages.",
        "Militants will kill more people, the group warned.",
        "No one was killed in the attack on 3 buses.",
        "Police arrested 12 people.",
        "12 people were injured.",
        "Gunmen abducted 20 students.",
        "The shelling left 3 people injured.",
        "In 2014 the group took control of 12 towns.",
        "The blast killed two days after the ceasefire was signed.",
        "On 27 February 2022, a former member of the police was kidnapped.",
        "The court sentenced two men to death.",
        "They threatened to beat him to death.",
        "A 30-year-old man was injured in the blast.",
    ],
)
def test_count_fatalities_returns_none_without_reported_count(sentence):
    assert count_fatalities(sentence) is None


def test_count_fatalities_does_not_read_years_or_dates_as_counts():
    assert _count("On 27 February 2022, a former member of the police was killed.") == 1
    assert _count("In 2014 militants killed a policeman.") == 1


def test_count_fatalities_span_points_at_the_phrase():
    sentence = "Officials said 4 fighters were killed overnight."
    found = count_fatalities(sentence)
    assert isinstance(found, FatalityCount)
    assert sentence[found.start : found.end] == found.text == "4 fighters were killed"


def test_deaths_mentioned_without_a_count():
    assert deaths_mentioned("The military operation took the lives of many civilians.")
    assert deaths_mentioned("A number of fighters were killed.")
    assert not deaths_mentioned("No one was killed.")
    assert not deaths_mentioned("The rebels vowed to kill the hostages.")
    assert not deaths_mentioned("Twelve people were wounded.")
    assert not deaths_mentioned("")


@pytest.mark.parametrize(
    "text, expected",
    [("12", 12), ("1,200", 1200), ("twenty-five", 25), ("a dozen", 12), ("between 10 and 15", 10),
     ("10-15", 10), ("a", 1), ("one hundred and five", 105), ("banana", None)],
)
def test_parse_number_takes_lowest_reading(text, expected):
    assert parse_number(text) == expected


def test_total_fatalities_sums_distinct_counts_and_ignores_none():
    counts = [FatalityCount(3, 0, 1, "3"), None, FatalityCount(2, 5, 6, "2")]
    assert total_fatalities(counts) == 5
    assert total_fatalities([]) == 0


@pytest.mark.parametrize("sentence, expected", [
    ("1 fatality.", 1),
    ("The pilot died.", 1),
    ("The man later died at the hospital.", 1),
    ("Armed men opened fire and killed the former municipal president inside a car wash.", 1),
    ("A group of locals intercepted and killed a suspected cattle thief.", 1),
    ("The soldiers were killed.", None),  # plural without a number: an unknown count
    ("Gunmen killed the village head of Kuka.", None),  # "head" is not a person word on its own
    ("The man was arrested.", None),
    ("He was killed in the incident.", 1),
    ("He killed five people.", 5),  # the pronoun is the killer here, not a victim
])
def test_one_named_person_killed_counts_one(sentence, expected):
    found = count_fatalities(sentence)
    assert (found.count if found else None) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Unknown fatalities coded as 3.", True),
    ("Unclear fatalities coded as 10 and split between 2 locations.", True),
    ("Twelve people were killed.", False),
    ("Militants (coded as Kashmir Rebels) fired at troops.", False),
])
def test_an_acled_remark_on_how_a_toll_was_coded(sentence, expected):
    assert is_coding_remark(sentence) is expected
    if expected:
        assert count_fatalities(sentence) is None  # the analysts' figure is not a reported count


@pytest.mark.parametrize("sentence, remark", [
    ("Casualties unknown.", True),
    ("There were no injuries or fatalities.", True),
    ("No injuries were reported.", True),
    ("1 fatality.", True),
    ("No casualties were reported after rebels attacked the town.", False),
    ("Three people died in the attack.", False),
])
def test_a_sentence_that_only_states_a_toll_is_a_remark(sentence, remark):
    assert is_toll_remark(sentence) is remark
