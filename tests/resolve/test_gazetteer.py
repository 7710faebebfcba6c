"""Tests for the gazetteer: shipped index lookups, country/demonym resolution, user-layer imports."""

from __future__ import annotations

import gzip
import time
import zipfile
from pathlib import Path

import pytest

from eventwire.errors import DataError
from eventwire.resolve.gazetteer import (
    OSM_LAYER,
    SHIPPED_DB,
    Gazetteer,
    distance_km,
    import_gazetteer,
    key_variants,
    normalize_name,
    osm_extract_countries,
    transliteration_skeleton,
    write_layer,
)
from eventwire.model import Place

pytestmark = pytest.mark.skipif(not SHIPPED_DB.exists(), reason="shipped gazetteer not built")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def near(place: Place, lat: float, lon: float, km: float = 10.0) -> bool:
    return distance_km(place, Place("x", lat, lon)) <= km


# -- normalisation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, key",
    [("Al-Mawṣil", "al mawsil"), ("Sana'a", "sanaa"), ("  Deir  ez-Zor ", "deir ez zor"), ("Łódź", "lodz"), ("MOSUL", "mosul")],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


def test_key_variants_drop_article_and_admin_suffix() -> None:
    assert "anbar" in key_variants("al anbar")
    assert "borno" in key_variants("borno state", admin=True)
    assert "samar" in key_variants("province of samar", admin=True)  # GeoNames' names for Philippine provinces
    assert "laguna" in key_variants("province of laguna", admin=True)
    assert key_variants("borno state") == []  # localities keep "State" (it may be part of the name)


# -- lookups --------------------------------------------------------------------------------------


def test_default_is_cached_and_fast() -> None:
    start = time.perf_counter()
    first = Gazetteer.default()
    assert Gazetteer.default() is first
    assert time.perf_counter() - start < 1.0


def test_mosul_resolves_to_the_city_in_ninewa(gaz: Gazetteer) -> None:
    top = gaz.lookup("Mosul")[0]
    assert top.country == "Iraq" and top.country_code == "IQ"
    assert top.admin1 == "Ninewa"  # ACLED's spelling, not GeoNames' "Ninawa"
    assert near(top, 36.34, 43.13)


@pytest.mark.parametrize("town, province", [("Bunia", "Ituri"), ("Kalemie", "Tanganyika"), ("Kikwit", "Kwilu"),
                                             ("Lubumbashi", "Haut-Katanga"), ("Goma", "Nord-Kivu")])
def test_drc_towns_are_in_their_current_provinces(gaz: Gazetteer, town, province) -> None:
    assert gaz.lookup(town, "CD")[0].admin1 == province  # not the pre-2015 "Orientale", "Katanga", "Bandundu"


def test_lookup_filters_by_country(gaz: Gazetteer) -> None:
    assert all(p.country_code == "SY" for p in gaz.lookup("Aleppo", "SY"))
    assert gaz.lookup("Mosul", "NG") == []


def test_city_outranks_its_governorate(gaz: Gazetteer) -> None:
    top = gaz.lookup("Kirkuk")[0]
    assert top.feature_code not in ("ADM1", "ADM2")
    assert gaz.admin1("Kirkuk", "IQ").feature_code == "ADM1"


def test_article_variants_match(gaz: Gazetteer) -> None:
    assert gaz.lookup("Al-Anbar", "IQ")[0].name == gaz.lookup("Anbar", "IQ")[0].name


def test_fuzzy_fallback_within_a_country(gaz: Gazetteer) -> None:
    # A spelling no source lists ("Mogaddishu") still finds the city when the country is known.
    found = gaz.lookup("Mogaddishu", "SO")
    assert found and near(found[0], 2.04, 45.34, 20)


@pytest.mark.parametrize("one, other, same", [
    ("Kafr Oweid", "Kafr `Uwayd", True),
    ("Sfuhen", "Sfawhun", True),
    ("Shadadah", "Ash Shaddadah", True),  # the article and the final h of -ah go
    ("Qamishli", "Kamishli", True),
    ("Akashat", "Kashti", False),  # a leading vowel stays
    ("Homs", "Hama", False),
])
def test_romanisations_of_one_name_share_a_consonant_skeleton(one, other, same) -> None:
    assert (transliteration_skeleton(one) == transliteration_skeleton(other)) is same


def test_consonant_matches_only_where_names_are_romanised(gaz: Gazetteer) -> None:
    assert any(c.place.admin1 == "Idleb" for c in gaz.skeleton_candidates("Sfuhen", "SY"))
    assert gaz.skeleton_candidates("Hartmann", "US") == ()  # American names are not transliterations
    assert gaz.skeleton_candidates("Fk", "SY") == ()  # too few consonants to mean anything


def test_unknown_name_returns_nothing(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qzxqzxville") == []
    assert gaz.lookup("") == []


def test_who_is_on_first_villages_are_included(gaz: Gazetteer) -> None:
    # A small Somali town that GeoNames cities500 lacks but Who's On First has.
    found = gaz.lookup("Afgooye", "SO")
    assert found and near(found[0], 2.14, 45.12, 15)


# -- countries ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Iraq", "Iraq"),
        ("Iraqi", "Iraq"),
        ("Somalis", "Somalia"),
        ("DRC", "Democratic Republic of Congo"),
        ("Congo, The Democratic Republic of the", "Democratic Republic of Congo"),
        ("Burma", "Myanmar"),
        ("Palestinian", "Palestine"),
        ("Afghan", "Afghanistan"),
        ("U.S.", "United States"),
    ],
)
def test_country_names_aliases_and_demonyms(gaz: Gazetteer, name: str, expected: str) -> None:
    place = gaz.country(name)
    assert place is not None and place.name == expected and place.feature_code == "PCLI"


def test_country_rejects_non_countries(gaz: Gazetteer) -> None:
    assert gaz.country("Mosul") is None
    assert gaz.country("soldiers") is None


def test_demonym_detection(gaz: Gazetteer) -> None:
    assert gaz.is_demonym("Iraqi") and gaz.is_demonym("Nigerians")
    assert not gaz.is_demonym("Iraq")


def test_admin1_by_alias(gaz: Gazetteer) -> None:
    area = gaz.admin1("Nineveh", "IQ")
    assert area is not None and area.name == "Ninewa"
    assert gaz.admin1("Borno State", "NG").name == "Borno"


# -- user layer -----------------------------------------------------------------------------------

GEONAMES_ROWS = [
    # geonameid name asciiname alternates lat lon fclass fcode cc cc2 a1 a2 a3 a4 pop elev dem tz date
    ["990001", "Qarya Zarqa", "Qarya Zarqa", "Qaryat az Zarqa,قرية", "10.5", "20.25", "P", "PPL", "SO", "",
     "12", "SO.12.99", "", "", "1200", "", "300", "Africa/Mogadishu", "2020-01-01"],
    ["990002", "Zarqa District", "Zarqa District", "", "10.6", "20.3", "A", "ADM2", "SO", "",
     "12", "SO.12.99", "", "", "0", "", "300", "Africa/Mogadishu", "2020-01-01"],
    ["990003", "Some Mountain", "Some Mountain", "", "10.7", "20.4", "T", "MT", "SO", "",
     "12", "", "", "", "0", "", "300", "Africa/Mogadishu", "2020-01-01"],
]


def write_geonames(path: Path, rows: list[list[str]]) -> None:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def test_import_geonames_txt_and_search_it(tmp_path: Path) -> None:
    dump = tmp_path / "SO.txt"
    write_geonames(dump, GEONAMES_ROWS)
    home = tmp_path / "home"
    assert import_gazetteer(dump, home) == 2  # the mountain is not a place eventwire codes
    gaz = Gazetteer(user=home / "gazetteer-user.sqlite")
    found = gaz.lookup("Qaryat az-Zarqa", "SO")
    assert found and found[0].source == "user" and found[0].admin2 == "Zarqa District"
    assert found[0].population == 1200


def test_import_zip_via_method(tmp_path: Path) -> None:
    txt = tmp_path / "SO.txt"
    write_geonames(txt, GEONAMES_ROWS[:1])
    archive = tmp_path / "SO.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(txt, "SO.txt")
        zf.writestr("readme.txt", "not data")
    gaz = Gazetteer(user=tmp_path / "home" / "gazetteer-user.sqlite")
    assert gaz.lookup("Qarya Zarqa") == []
    assert gaz.import_file(archive) == 1
    assert gaz.lookup("Qarya Zarqa")[0].latitude == pytest.approx(10.5)


def test_import_wof_tsv(tmp_path: Path) -> None:
    header = ("wof_id\tgeonameid\tname\tasciiname\talternatenames\tlatitude\tlongitude\tplacetype\tfeature_class\t"
              "feature_code\tcountry\tgn_admin1\tregion_id\tcounty_id\tparent_id\tpopulation\tis_current\tsrc_geom")
    rows = [
        "1\t\tZed Region\t\t\t5.0\t6.0\tregion\t\t\tSO\t\t1\t\t\t\t-1\twof",
        "2\t\tZeddo\t\tZeddoo|زدو\t5.1\t6.1\tlocality\tP\tPPL\tSO\t\t1\t\t1\t\t-1\twof",
        "3\t\tZed Airport\t\t\t5.2\t6.2\tcampus\t\t\tSO\t\t1\t\t1\t\t-1\twof",
    ]
    path = tmp_path / "wof-XX.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([header] + rows) + "\n")
    assert import_gazetteer(path, tmp_path / "home") == 2  # the campus is left out
    gaz = Gazetteer(user=tmp_path / "home" / "gazetteer-user.sqlite")
    assert gaz.lookup("Zeddoo", "SO")[0].admin1 == "Zed Region"


def test_import_rejects_malformed_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not\ta gazetteer\n", encoding="utf-8")
    with pytest.raises(DataError, match="Unrecognised gazetteer file"):
        import_gazetteer(bad, tmp_path / "home")
    short = tmp_path / "short.txt"
    write_geonames(short, [GEONAMES_ROWS[0], GEONAMES_ROWS[1][:10]])
    with pytest.raises(DataError, match="line 2"):
        import_gazetteer(short, tmp_path / "home")
    badnum = tmp_path / "badnum.txt"
    row = list(GEONAMES_ROWS[0])
    row[4] = "north"
    write_geonames(badnum, [row])
    with pytest.raises(DataError, match="latitude"):
        import_gazetteer(badnum, tmp_path / "home")
    with pytest.raises(DataError, match="does not exist"):
        import_gazetteer(tmp_path / "missing.zip", tmp_path / "home")
    notzip = tmp_path / "fake.zip"
    notzip.write_bytes(b"PK\x03\x04 garbage")
    with pytest.raises(DataError):
        import_gazetteer(notzip, tmp_path / "home")


def test_eventwire_home_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.resolve.gazetteer import user_home

    monkeypatch.setenv("EVENTWIRE_HOME", str(tmp_path))
    assert user_home() == tmp_path


def test_a_country_is_at_its_centre_as_a_toponym_and_at_its_capital_as_an_event_point():
    from eventwire.resolve.gazetteer import country_centre, distance_km

    gaz = Gazetteer.default()
    france = gaz.country("France")
    assert distance_km(france, Place("Paris", 48.85, 2.35)) < 10
    centre = Place("centre", *country_centre(france))
    assert distance_km(centre, Place("centre of France", 46.6, 2.4)) < 100
    russia = country_centre(gaz.country("Russia"))  # its polygon is cut at the antimeridian
    assert 80 < russia[1] < 120 and 50 < russia[0] < 70


def test_admin1_names_follow_acled():
    from eventwire.resolve.gazetteer import acled_admin1

    assert acled_admin1("France", "Midi-Pyrenees") == "Occitanie"  # the 2016 regions
    assert acled_admin1("Germany", "Lower Saxony") == "Niedersachsen"
    assert acled_admin1("France", "Ile-de-France") == "Ile-de-France"  # the same name: unchanged
    assert acled_admin1("Iraq", "Ninewa") == "Ninewa"
    assert acled_admin1(None, None) is None


@pytest.mark.skipif(not SHIPPED_DB.exists(), reason="shipped gazetteer not built")
def test_only_the_capital_itself_is_marked_as_the_capital() -> None:
    capitals = [c for c in Gazetteer.default().candidates("Washington") if c.place.feature_code == "PPLC"]
    assert len(capitals) == 1 and capitals[0].place.population > 500_000


def test_admin1_names_that_differ_only_by_generic_words_are_acleds() -> None:
    from eventwire.resolve.gazetteer import acled_admin1

    assert acled_admin1("China", "Guizhou Sheng") == "Guizhou"
    assert acled_admin1("Russia", "Tatarstan") == "Republic of Tatarstan"
    assert acled_admin1("Mozambique", "Maputo City") == "Maputo City"  # a city is not its province


@pytest.mark.parametrize("name, place, country", [
    ("Delhi", "Delhi", "India"),  # not Dili, though "Delhi" is among its alternate names and it is a capital
    ("Man", "Man", "Ivory Coast"),  # not Amman, matched only by a respelling
])
def test_a_town_really_called_the_name_outranks_other_spellings(gaz: Gazetteer, name, place, country) -> None:
    best = gaz.candidates(name)[0].place
    assert (best.name, best.country) == (place, country)


OSM_HEADER_LINE = "osm_node_id\tname\tname_en\tlatitude\tlongitude\tplace\tpopulation\textract"


def write_osm(path: Path, rows: list[str]) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join([OSM_HEADER_LINE] + rows) + "\n")


def test_import_osm_places_each_node_once_in_its_country_and_province(tmp_path: Path) -> None:
    path = tmp_path / "osm-africa.tsv.gz"
    write_osm(path, [
        "11\tQaryat Testwiil\t\t2.06\t45.33\tvillage\t\tsomalia",  # beside Mogadishu: Banadir
        "11\tQaryat Testwiil\t\t2.06\t45.33\tvillage\t\tkenya",  # the same node in a neighbour's extract
        "12\tMogadishu\t\t2.04\t45.34\tcity\t2500000\tsomalia",  # the shipped index has it: no second copy
        "13\tJasiiradda Test\t\t1.9\t45.2\tisland\t\tsomalia",  # not a settlement
        "14\tSyria\t\t2.1\t45.1\thamlet\t\tsomalia",  # a country's name: news never means the hamlet
    ])
    assert import_gazetteer(path, tmp_path / "home") == 1
    gaz = Gazetteer(user=tmp_path / "home" / "gazetteer-user.sqlite")
    (village,) = gaz.lookup("Qaryat Testwiil")
    assert (village.country_code, village.admin1, village.source) == ("SO", "Banadir", "openstreetmap")
    assert [p.source for p in gaz.lookup("Mogadishu", "SO")].count("openstreetmap") == 0


def test_osm_extract_names_map_to_countries() -> None:
    assert osm_extract_countries("ivory-coast") == ("CI",)
    assert osm_extract_countries("senegal-and-gambia") == ("SN", "GM")
    assert osm_extract_countries("south-sudan") == ("SS",)
    assert osm_extract_countries("atlantis") == ()


def test_osm_layer_is_searched_unless_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source, layer = tmp_path / "osm.tsv.gz", tmp_path / "osm-layer.sqlite"
    write_osm(source, ["21\tKuulo Testaale\t\t2.3\t45.1\thamlet\t\tsomalia"])
    assert write_layer(source, layer) == 1
    assert Gazetteer(osm=layer).lookup("Kuulo Testaale")[0].country_code == "SO"
    assert Gazetteer().lookup("Kuulo Testaale") == []
    if OSM_LAYER.exists():  # the shipped layer: on by default, off with EVENTWIRE_OSM=0
        monkeypatch.setenv("EVENTWIRE_HOME", str(tmp_path / "home"))
        assert len(Gazetteer.default().layers) == 2
        monkeypatch.setenv("EVENTWIRE_OSM", "0")
        assert len(Gazetteer.default().layers) == 1
