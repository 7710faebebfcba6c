"""Tests for eventwire.extract.time: date expressions resolved against the publication date."""

from datetime import date

import pytest

from eventwire.extract.time import DateMention, find_dates, first_date_in_text, resolve_date

SUNDAY = date(2016, 10, 30)  # publication date used throughout: a Sunday
MONDAY = date(2016, 10, 31)


def _date(sentence: str, published=SUNDAY, anchor=None):
    mention = resolve_date(sentence, published, anchor)
    return None if mention is None else (mention.date, mention.precision)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Militants attacked the village on Monday.", (date(2016, 10, 24), 1)),
        ("Monday night clashes left the town in ruins.", (date(2016, 10, 24), 1)),
        ("The convoy was ambushed late on Sunday.", (date(2016, 10, 30), 1)),
        ("Gunmen stormed a school yesterday.", (date(2016, 10, 29), 1)),
        ("Protesters gathered today in the square.", (date(2016, 10, 30), 1)),
        ("Shelling continued last night.", (date(2016, 10, 29), 1)),
        ("Troops entered the town on Oct. 17.", (date(2016, 10, 17), 1)),
        ("Troops entered the town on October 17th.", (date(2016, 10, 17), 1)),
        ("Troops entered the town on 17 October.", (date(2016, 10, 17), 1)),
        ("On 18 March 2022, protesters marched.", (date(2022, 3, 18), 1)),
        ("The raid took place on March 18, 2022.", (date(2022, 3, 18), 1)),
        ("Event date: 2022-03-18.", (date(2022, 3, 18), 1)),
        ("Police reported the killing on 18/03/2022.", (date(2022, 3, 18), 1)),
        ("The army retook the district two days ago.", (date(2016, 10, 28), 1)),
        ("Clashes erupted last week near the border.", (date(2016, 10, 19), 2)),
        ("Earlier this month, rebels seized the airport.", (date(2016, 10, 15), 3)),
        ("Rebels seized the airport last month.", (date(2016, 9, 15), 3)),
        ("The group was founded in March 2021.", (date(2021, 3, 15), 3)),
    ],
)
def test_resolve_date_handles_common_news_shapes(sentence, expected):
    assert _date(sentence) == expected


def test_resolve_date_weekday_published_that_day_means_that_day():
    assert _date("Gunmen attacked a bus on Monday.", published=MONDAY) == (MONDAY, 1)


def test_resolve_date_last_weekday_is_strictly_before_publication():
    assert _date("Gunmen attacked a bus last Monday.", published=MONDAY) == (date(2016, 10, 24), 1)


def test_resolve_date_month_day_after_publication_is_last_year():
    assert _date("The attack on Nov. 5 killed three.") == (date(2015, 11, 5), 1)


def test_resolve_date_previous_day_uses_anchor_then_publication():
    assert _date("The day before, militants shelled the town.", anchor=date(2016, 10, 20)) == (
        date(2016, 10, 19),
        1,
    )
    assert _date("A day earlier, militants shelled the town.") == (date(2016, 10, 29), 1)
    assert _date("The previous day, militants shelled the town.") == (date(2016, 10, 29), 1)


def test_resolve_date_prefers_explicit_date_over_weekday():
    mention = resolve_date("On Monday, Oct. 17, troops advanced.", SUNDAY)
    assert mention.date == date(2016, 10, 17) and mention.text == "Oct. 17"


def test_resolve_date_offsets_point_at_the_expression():
    sentence = "Militants attacked the village on Monday."
    mention = resolve_date(sentence, SUNDAY)
    assert isinstance(mention, DateMention)
    assert sentence[mention.start : mention.end] == mention.text == "on Monday"


def test_resolve_date_future_weekday_is_flagged_and_in_the_future():
    mention = resolve_date("Talks will resume on Monday.", SUNDAY)
    assert mention.future is True
    assert mention.date == MONDAY


def test_resolve_date_prefers_past_event_to_future_plan():
    mention = resolve_date("Rebels who attacked on Friday will face trial next Monday.", SUNDAY)
    assert mention.date == date(2016, 10, 28) and not mention.future


@pytest.mark.parametrize("sentence", ["", "No date here at all.", "They march through town.", "Over 3 days."])
def test_resolve_date_returns_none_without_date(sentence):
    assert resolve_date(sentence, SUNDAY) is None


def test_resolve_date_without_publication_date_resolves_only_absolute_dates():
    assert resolve_date("Gunmen attacked on Monday.", None) is None
    assert resolve_date("Gunmen attacked yesterday.", None) is None
    assert resolve_date("Gunmen attacked on Oct. 17.", None) is None
    assert _date("Gunmen attacked on 18 March 2022.", published=None) == (date(2022, 3, 18), 1)


def test_resolve_date_invalid_calendar_date_is_ignored():
    assert resolve_date("On 31 February 2022 nothing happened.", None) is None


def test_find_dates_lists_every_mention_in_order():
    found = find_dates("On Friday troops advanced, and on Saturday they retreated.", SUNDAY)
    assert [m.date for m in found] == [date(2016, 10, 28), date(2016, 10, 29)]


def test_first_date_in_text_skips_future_mentions():
    text = "Officials will meet on Tuesday.\nThe bombing happened on Thursday, police said."
    mention = first_date_in_text(text, SUNDAY)
    assert mention.date == date(2016, 10, 27)
    assert text[mention.start : mention.end] == mention.text


def test_first_date_in_text_none_when_article_has_no_date():
    assert first_date_in_text("Fighting continued around the city.", SUNDAY) is None
