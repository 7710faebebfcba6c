"""Gold readers: every format and variant, bad rows reported (not fatal), empty files refused."""

from datetime import date

import pytest

from eventwire.errors import EmptyInputError, InputError
from eventwire.evaluate.readers import parse_gold_date, parse_inter, read_gold

CURRENT_ACLED = """event_id_cnty,event_date,year,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,admin1,location,latitude,longitude,geo_precision,notes,fatalities,tags
XYZ1,2022-05-14,2022,Political violence,Battles,Armed clash,Military Forces of Testland (2019-),,State forces,Rebels of the North,,Rebel group,Testland,North,Alpha,10.5,20.25,1,"On 14 May 2022, soldiers fought rebels near Alpha.",3,
XYZ2,2022-05-15,2022,Demonstrations,Protests,Peaceful protest,Protesters (Testland),,6,,,0,Testland,South,Beta,-1.0,30.0,2,"On 15 May 2022, teachers marched in Beta, demanding pay.",0,crowd size=50
"""

OLD_ACLED = """GWNO,EVENT_ID_CNTY,EVENT_DATE,YEAR,EVENT_TYPE,ACTOR1,INTER1,ACTOR2,INTER2,COUNTRY,ADMIN1,LOCATION,LATITUDE,LONGITUDE,GEO_PRECISION,NOTES,FATALITIES
1,A1,25-February-2015,2015,Riots/Protests,Protesters (Testland),6,,0,Testland,East,Gamma,1.5,2.5,1,Students protested outside the ministry.,0
1,A2,26-February-2015,2015,Riots/Protests,Party Militia (Testland),3,,0,Testland,East,Gamma,1.5,2.5,1,Party militants burned tyres.,0
1,A3,27-February-2015,2015,Battle-No change of territory,Army,1,Rebels,2,Testland,East,Gamma,1.5,2.5,1,Army and rebels exchanged fire.,2
1,A4,28-February-2015,2015,Remote violence,Rebels,2,Civilians (Testland),7,Testland,East,Gamma,1.5,2.5,1,A mortar hit the market.,1
"""

BENIN_STYLE = """event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,country,admin1,latitude,longitude,geo_precision,notes,fatalities
B1,28 December 2022,Strategic developments,Other,Civilians (Testland),7,NA,NA,Testland,NA,12.0,3.0,2,Villagers left their homes.,0
B2,6-May-20,Riots,Mob violence,Rioters (Testland),Rioters,Civilians (Testland),Civilians,Testland,West,11.0,3.5,1,A mob beat a suspected thief.,1
"""


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_acled_current_export_reads_fields_and_text_labels(tmp_path):
    gold = read_gold(write(tmp_path, "a.csv", CURRENT_ACLED), "acled")
    first, second = gold.items
    assert first.text.startswith("On 14 May 2022, soldiers")
    assert first.event_date == date(2022, 5, 14)
    assert first.published == date(2022, 5, 15)  # event date + 1 day
    assert (first.event_type, first.sub_event_type) == ("Battles", "Armed clash")
    assert (first.inter1, first.inter2) == (1, 2)
    assert (first.latitude, first.longitude, first.geo_precision) == (10.5, 20.25, 1)
    assert first.fatalities == 3 and first.country == "Testland" and first.admin1 == "North"
    assert second.actor2 == "" and second.has("actor2") and second.inter2 == 0
    assert not gold.bad_rows and not gold.notes


def test_acled_old_upper_case_taxonomy_is_mapped_where_a_mapping_exists(tmp_path):
    gold = read_gold(write(tmp_path, "old.csv", OLD_ACLED), "acled")
    protest, militia, battle, remote = gold.items
    assert protest.event_date == date(2015, 2, 25)
    assert protest.event_type == "Protests" and not protest.has("sub_event_type")
    assert militia.event_type is None and not militia.has("event_type")  # Riots/Protests by a militia: no mapping
    assert (battle.event_type, battle.sub_event_type) == ("Battles", "Armed clash")
    assert remote.event_type == "Explosions/Remote violence" and remote.sub_event_type is None
    assert all(item.old_taxonomy for item in gold.items)
    assert any("no mapping" in note for note in gold.notes)


def test_acled_day_month_year_spellings_and_na_values(tmp_path):
    gold = read_gold(write(tmp_path, "b.csv", BENIN_STYLE), "acled")
    displaced, mob = gold.items
    assert displaced.event_date == date(2022, 12, 28)
    assert displaced.actor2 == "" and displaced.inter2 == 0 and not displaced.has("admin1")
    assert mob.event_date == date(2020, 5, 6)
    assert (mob.inter1, mob.inter2) == (5, 7)


def test_acled_bad_rows_are_reported_not_fatal(tmp_path):
    bad = CURRENT_ACLED + (
        'XYZ3,someday,2022,x,Battles,Armed clash,A,,1,B,,2,T,N,L,1,1,1,"Fighting happened.",0,\n'
        'XYZ4,2022-05-16,2022,x,Picnics,Picnic,A,,1,B,,2,T,N,L,1,1,1,"A picnic.",0,\n'
        'XYZ5,2022-05-16,2022,x,Battles,Armed clash,A,,Wizards,B,,2,T,N,L,1,1,1,"Fighting.",0,\n'
        "XYZ6,2022-05-16,too,few\n"
    )
    gold = read_gold(write(tmp_path, "bad.csv", bad), "acled")
    assert len(gold.items) == 2
    reasons = {row.row: row.reason for row in gold.bad_rows}
    assert set(reasons) == {3, 4, 5, 6}
    assert "date" in reasons[3] and "event_type" in reasons[4] and "inter" in reasons[5] and "columns" in reasons[6]
    assert "4 rows skipped" in gold.bad_row_summary()


def test_empty_file_and_header_only_file_give_clear_errors(tmp_path):
    with pytest.raises(EmptyInputError, match="empty"):
        read_gold(write(tmp_path, "empty.csv", "  \n"), "acled")
    with pytest.raises(EmptyInputError, match="no usable acled gold rows"):
        read_gold(write(tmp_path, "header.csv", CURRENT_ACLED.splitlines()[0] + "\n"), "acled")


def test_missing_file_unknown_format_and_wrong_columns(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_gold(tmp_path / "nope.csv", "acled")
    with pytest.raises(InputError, match="Unknown gold format"):
        read_gold(write(tmp_path, "a.csv", CURRENT_ACLED), "excel")
    with pytest.raises(InputError, match="not an ACLED export"):
        read_gold(write(tmp_path, "c.csv", "id,text\n1,hello\n"), "acled")


def test_limit_keeps_the_first_items(tmp_path):
    assert len(read_gold(write(tmp_path, "old.csv", OLD_ACLED), "acled", limit=3).items) == 3


JSONL_EVENTS = "\n".join(
    [
        '{"id": "e1", "text": "Rebels attacked a convoy.", "event_date": "2021-03-02", "actor1": "Rebels", '
        '"actor2": "", "sub_event_type": "Attack", "latitude": 5, "longitude": 6, "fatalities": 2}',
        '{"text": "The minister visited Paris.", "no_event": true}',
        "{not json",
        '{"title": "no text here"}',
        '{"text": "Something happened.", "published": "2021-01-01"}',
        "",
    ]
)


def test_jsonl_events_with_no_event_rows_and_bad_lines(tmp_path):
    gold = read_gold(write(tmp_path, "g.jsonl", JSONL_EVENTS), "jsonl")
    assert gold.kind == "events"
    event, no_event = gold.items
    assert event.id == "e1" and event.event_type == "Violence against civilians"
    assert event.published == date(2021, 3, 3)  # no "published": event date + 1 day
    assert event.has("actor2") and event.actor2 == "" and not event.has("inter1") and event.has("location")
    assert no_event.no_event and no_event.fields == frozenset({"no_event"})
    reasons = " | ".join(row.reason for row in gold.bad_rows)
    assert [row.row for row in gold.bad_rows] == [3, 4, 5]
    assert "invalid JSON" in reasons and "no 'text'" in reasons and "no gold field" in reasons


def test_jsonl_toponym_gold(tmp_path):
    lines = (
        '{"text": "Floods hit Lagos and Ibadan.", "toponyms": [{"start": 11, "end": 16, "name": "Lagos", '
        '"lat": 6.45, "lon": 3.39, "geonameid": 2332459}, {"start": 21, "end": 27, "name": "Ibadan"}]}\n'
        '{"text": "Short.", "toponyms": [{"start": 2, "end": 60}]}\n'
    )
    gold = read_gold(write(tmp_path, "t.jsonl", lines), "jsonl")
    assert gold.kind == "toponyms"
    (doc,) = gold.items
    lagos, ibadan = doc.toponyms
    assert (lagos.start, lagos.end, lagos.geonameid, lagos.resolved) == (11, 16, 2332459, True)
    assert not ibadan.resolved
    assert gold.bad_rows[0].row == 2 and "outside the text" in gold.bad_rows[0].reason


CASE_TSV = (
    "id\tEventSnippet\tSubType\n"
    "1\tGunmen fired mortars at the base overnight.\tART_MISS_ATTACK\n"
    "2\tA storm flooded the coastal towns.\tNATURAL_DISASTER\n"
    "3\tThe two ministers met to discuss trade.\tDIPLO\n"
    "4\tStudents marched peacefully.\tPEACE_PROTEST\n"
    "5\tSomething odd.\tALIENS\n"
)


def test_case2021_codes_map_to_acled_and_non_acled_codes_are_no_event(tmp_path):
    gold = read_gold(write(tmp_path, "c.tsv", CASE_TSV), "case2021")
    shelling, storm, diplomacy, protest = gold.items
    assert (shelling.event_type, shelling.sub_event_type) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert storm.no_event and diplomacy.no_event and not protest.no_event
    assert protest.sub_event_type == "Peaceful protest"
    assert gold.bad_rows[0].row == 5 and "ALIENS" in gold.bad_rows[0].reason


GWN_XML = """<?xml version="1.0" ?>
<articles>
  <article file="7">
    <title>T</title>
    <text>Rain fell on Springfield, said the Irish mayor of the town.</text>
    <toponyms>
      <toponym><extractedName>Springfield</extractedName><type>Literal</type><nonLocational>No</nonLocational>
        <start>13</start><end>24</end><geonamesID>4409896</geonamesID><latitude>37.2</latitude><longitude>-93.3</longitude></toponym>
      <toponym><extractedName>Irish</extractedName><type>Demonym</type><nonLocational>No</nonLocational>
        <start>35</start><end>40</end></toponym>
      <toponym><extractedName>the town</extractedName><type>Literal_Expression</type><nonLocational>No</nonLocational>
        <start>50</start><end>58</end></toponym>
      <toponym><extractedName>Nowhere</extractedName><type>Literal</type><start>-5</start><end>2</end></toponym>
    </toponyms>
  </article>
</articles>
"""

LGL_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="99">
    <title>Fire</title>
    <dltime>2009-03-20 12:24:52-05</dltime>
    <text><![CDATA[Fire in Alexandria near Main St. yesterday.]]></text>
    <toponyms>
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550"><name>Alexandria</name><lat>31.31</lat><lon>-92.44</lon></gaztag></toponym>
      <toponym><start>24</start><end>32</end><phrase>Main St.</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_gwn_gold_is_resolved_toponyms_with_ignored_demonyms_and_bad_spans_reported(tmp_path):
    gold = read_gold(write(tmp_path, "g.xml", GWN_XML), "gwn")
    (doc,) = gold.items
    assert doc.id == "7" and [(t.name, t.geonameid) for t in doc.toponyms] == [("Springfield", 4409896)]
    assert doc.ignored == [(35, 40)]  # the demonym; "the town" is not a toponym at all
    assert len(gold.bad_rows) == 1 and "toponym 4" in gold.bad_rows[0].reason


def test_lgl_reads_every_toponym_and_coordinates_where_tagged(tmp_path):
    gold = read_gold(write(tmp_path, "l.xml", LGL_XML), "lgl")
    (doc,) = gold.items
    alexandria, street = doc.toponyms
    assert doc.published == date(2009, 3, 20)
    assert (alexandria.latitude, alexandria.geonameid) == (31.31, 4314550)
    assert street.name == "Main St." and not street.resolved


def test_broken_xml_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="not well-formed XML"):
        read_gold(write(tmp_path, "x.xml", "<articles><article>"), "lgl")


@pytest.mark.parametrize(
    "text, expected",
    [("2022-05-14", date(2022, 5, 14)), ("6-May-20", date(2020, 5, 6)), ("25-February-2015", date(2015, 2, 25))],
)
def test_parse_gold_date_spellings(text, expected):
    assert parse_gold_date(text) == expected


@pytest.mark.parametrize(
    "value, code",
    [("6", 6), (3.0, 3), ("State forces", 1), ("External/Other forces", 8), ("Identity militia", 4), ("", 0), ("NA", 0)],
)
def test_parse_inter_numbers_and_labels(value, code):
    assert parse_inter(value) == code
