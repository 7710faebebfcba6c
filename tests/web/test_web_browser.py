"""Browser tests: Debian's Chromium driven by Playwright against the app on a fixture store.

Screenshots go to test-output/web/. Skipped when /usr/bin/chromium or playwright is missing
(``.ci/run`` installs the ``chromium`` package with apt-get).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "web"

if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page that records dialogs, page errors and any request that leaves the test server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.dialogs, page.errors, page.foreign_requests, page.console_errors = [], [], [], []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda response: page.console_errors.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.on("request", lambda request: None if request.url.startswith((live_server, "data:"))
            else page.foreign_requests.append(request.url))
    page.goto(live_server + "/")
    page.wait_for_selector("#events-table tbody tr")
    yield page
    context.close()


def wait_for_count_at_least(locator, minimum: int, timeout_s: float = 10.0) -> None:
    """Poll from Python: the app's CSP forbids the eval that page.wait_for_function would need."""
    deadline = time.monotonic() + timeout_s
    while locator.count() < minimum:
        assert time.monotonic() < deadline, f"fewer than {minimum} of {locator}"
        time.sleep(0.1)


def highlighted(page, container: str) -> str:
    """The highlighted evidence text: entity spans inside a sentence split it into several pieces."""
    return "".join(page.locator(f"{container} .hl-active").all_inner_texts())


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def not_pwned(page) -> None:
    assert page.evaluate("() => window.__pwned === undefined"), page.evaluate("() => String(window.__pwned)")
    assert page.dialogs == []
    assert page.errors == []
    assert page.console_errors == []  # CSP violations land here too


def table_dates(page) -> list[str]:
    return page.locator("#events-table tbody tr td:first-child").all_inner_texts()


def test_the_map_shows_markers_over_the_offline_basemap(page):
    expect(page.locator("#map")).to_have_attribute("data-markers", "5")
    page.wait_for_selector(".event-marker, .marker-cluster")
    wait_for_count_at_least(page.locator(".leaflet-countries-pane path"), 100)  # the country outlines
    clustered = sum(int(n) for n in page.locator(".marker-cluster").all_inner_texts())
    assert page.locator(".event-marker").count() + clustered == 5
    shot(page, "map")
    assert page.foreign_requests == [], "the app must need no network"
    not_pwned(page)


def test_province_outlines_appear_only_when_zoomed_in(page):
    page.wait_for_selector(".event-marker, .marker-cluster")
    wait_for_count_at_least(page.locator(".leaflet-countries-pane path"), 100)
    assert page.locator(".leaflet-admin1-pane path").count() == 0  # world view: no province lines
    for _ in range(5):  # the fitted view is at least zoom 1 and the +-button adds one per click
        if page.locator(".leaflet-admin1-pane path").count():
            break
        page.click(".leaflet-control-zoom-in")
        time.sleep(0.4)
    wait_for_count_at_least(page.locator(".leaflet-admin1-pane path"), 1)
    assert page.locator(".event-marker, .marker-cluster").count() > 0  # the markers stay, drawn over the lines
    shot(page, "map-admin1")
    assert page.foreign_requests == []
    not_pwned(page)


def test_brushing_the_timeline_filters_the_table(page):
    assert len(table_dates(page)) == 5
    box = page.locator("#timeline").bounding_box()
    # The fixture's events run from 2016-10-30 to 2016-12-06: the first fifth of the axis holds the Mosul days.
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.12, y, steps=5)
    page.mouse.up()
    expect(page.locator("#events-table tbody tr")).to_have_count(3)
    assert set(table_dates(page)) == {"2016-10-30", "2016-10-31"}
    assert "Selected 2016-10-" in page.inner_text("#brush-label")
    assert "date_from=2016-10" in page.get_attribute("#download-csv", "href")
    expect(page.locator("#map")).to_have_attribute("data-markers", "3")
    shot(page, "brushed")
    page.dblclick("#timeline")
    expect(page.locator("#events-table tbody tr")).to_have_count(5)


def test_sorting_and_filtering_the_table(page):
    page.click("#events-table th[data-sort='fatalities']")
    page.wait_for_selector("#events-table th.sorted-asc[data-sort='fatalities']")
    page.click("#events-table th[data-sort='fatalities']")
    page.wait_for_selector("#events-table th.sorted-desc[data-sort='fatalities']")
    assert page.locator("#events-table tbody tr").first.locator("td").nth(8).inner_text() == "12"
    page.select_option("#f-country", "Ghana")
    page.click("#filters button[type=submit]")
    expect(page.locator("#events-table tbody tr")).to_have_count(1)
    assert "Accra" in page.inner_text("#events-table tbody")


def test_opening_an_event_highlights_its_evidence(page):
    page.locator("#events-table tbody tr", has_text="Bartella").click()
    page.wait_for_selector("#panel-article .span-evidence.hl-active")
    assert "Islamic State shelled Bartella" in highlighted(page, "#panel-article")
    page.click("#event-panel tr[data-field='location']")
    assert "shelled Bartella on Monday" in highlighted(page, "#panel-article")
    assert "Iraqi forces clashed" not in highlighted(page, "#panel-article")
    panel = page.inner_text("#event-panel")
    assert "We will take the city back" in panel and "Najm al-Jabouri" in panel  # the quote and its speaker
    assert "Wire A mirror" in panel  # the syndicated copy
    assert "militants counted as fatalities" in panel  # the warning
    shot(page, "event-panel")


def test_other_reports_of_the_same_event_are_linked(page):
    page.locator("#events-table tbody tr", has_text="9").filter(has_text="Mosul").first.click()
    page.wait_for_selector("#event-panel a:has-text('Battle for Mosul')")
    page.click("#event-panel a:has-text('Battle for Mosul')")
    expect(page.locator("#event-panel h2")).to_contain_text("Battles · Mosul · 2016-10-30")
    page.wait_for_selector("#panel-article .hl-active")
    assert "Iraqi forces clashed with Islamic State" in highlighted(page, "#panel-article")


def test_the_script_injection_article_renders_as_text(page):
    page.locator("#events-table tbody tr", has_text="Aleppo").click()
    page.wait_for_selector("#panel-article .span-evidence")
    panel = page.locator("#event-panel")
    text = panel.inner_text()
    assert "<script>window.__pwned = 'script';</script>" in text
    assert "onerror=" in text and "javascript:" in text
    assert panel.locator("script, img, b, iframe").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    # The article's 'url' is javascript:; it must not become a link.
    assert panel.locator("a", has_text="Aleppo march").count() == 0
    page.hover(".event-marker >> nth=0") if page.locator(".event-marker").count() else None
    shot(page, "injection")
    not_pwned(page)


def test_pasting_an_article_codes_it_live(page):
    page.click("#tab-extract")
    text = ("Iraqi forces clashed with Islamic State fighters in Mosul on Sunday, killing 12 militants, the army said. "
            "<script>window.__pwned='pasted'</script>")
    page.fill("#extract-text", text)
    page.fill("#extract-published", "2024-03-11")
    page.click("#extract-submit")
    page.wait_for_selector(".extract-event", timeout=60_000)
    assert "Battles" in page.inner_text("#extract-events")
    page.click(".extract-event >> nth=0")
    page.wait_for_selector("#extract-article .hl-active")
    assert "clashed with Islamic State" in highlighted(page, "#extract-article")
    assert page.locator("#extract-article .span-entity, #extract-article .span-place").count() >= 1
    assert "<script>window.__pwned='pasted'</script>" in page.inner_text("#extract-article")
    shot(page, "extract")
    not_pwned(page)


def test_the_api_docs_work_offline(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    foreign = []
    page.on("request", lambda request: None if request.url.startswith((live_server, "data:")) else foreign.append(request.url))
    page.goto(live_server + "/docs")
    wait_for_count_at_least(page.locator(".opblock"), 6)  # one block per endpoint
    shot(page, "api-docs")
    assert foreign == []
    context.close()
