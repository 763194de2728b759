"""The web app as a person uses it, in headless Chromium: search, read an article, follow a
mention to its entity, the map of places, the timeline, and markup in an article that must stay
text. Screenshots of every step are written to test-artifacts/e2e-*.png.

Skipped (with the reason) when Chromium, Playwright for Python, uvicorn or marsad.api.app is
missing; see tests/e2e/conftest.py and .ci/e2e-deps.sh.
"""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.usefixtures("e2e_ready")

SEARCH_WORD = "المعرض"  # in the Rabat book fair article only


def direction(page, selector: str = "body") -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).direction")


def test_search_shows_results(page, shoot):
    page.goto(page.base + "/")
    assert direction(page) == "rtl"
    form = page.locator("form#search")
    form.locator('input[name="q"]').fill(SEARCH_WORD)
    with page.expect_navigation():
        form.locator('input[name="q"]').press("Enter")
    results = page.locator("a.result-title")
    results.first.wait_for()
    shoot(page, "1-search")
    titles = results.all_inner_texts()
    assert any("معرض الكتاب" in t for t in titles), titles
    assert "q=" in page.url


def test_article_then_entity(page, shoot):
    page.goto(page.base + "/")
    page.locator('form#search input[name="q"]').fill("بيروت")
    with page.expect_navigation():
        page.locator('form#search input[name="q"]').press("Enter")
    first = page.locator("a.result-title").first
    first.wait_for()
    expected = first.inner_text().strip()
    with page.expect_navigation():
        first.click()
    title = page.locator("h1#article-title")
    title.wait_for()
    assert title.inner_text().strip() == expected
    assert re.search(r"/articles/[^/]+$", page.url)
    assert direction(page) == "rtl"
    mentions = page.locator('a.mention[href*="/entities/"]')
    assert mentions.count() >= 1
    shoot(page, "2-article")

    mention = mentions.first
    with page.expect_navigation():
        mention.click()
    name = page.locator("h1#entity-name")
    name.wait_for()
    assert re.search(r"/entities/[^/]+$", page.url)
    assert name.inner_text().strip()
    shoot(page, "3-entity")


def test_map_draws_places(page, shoot):
    page.goto(page.base + "/map")
    box = page.locator("#map")
    page.wait_for_selector('#map[data-ready="true"]')
    assert box.get_attribute("dir") == "ltr"  # Leaflet's layout inside the RTL page
    count = int(box.get_attribute("data-count"))
    markers = page.locator("#map path.marsad-place")
    assert count >= 1 and markers.count() == count
    assert page.locator("#map .leaflet-control-zoom").is_visible()
    # The world outline is drawn (no tile server: countries are vector paths in the base pane).
    assert page.locator("#map .leaflet-marsad-base-pane path").count() > 100
    shoot(page, "4-map")

    # A popup on a marker, with a link to its entity page.
    markers.last.click()
    popup = page.locator("#map .leaflet-popup-content .map-popup")
    popup.wait_for()
    # (waited for without page-side eval, which the pages' content security policy forbids)
    from playwright.sync_api import expect

    expect(page.locator("#map .leaflet-popup")).to_have_css("opacity", "1")
    assert popup.locator("strong").inner_text().strip()
    shoot(page, "5-map-popup")
    link = popup.locator('a[href*="/entities/"]')
    with page.expect_navigation():
        link.click()
    page.locator("h1#entity-name").wait_for()
    if page.locator("#map[data-src]").count():  # a place's page may show it on a map
        page.wait_for_selector('#map[data-ready="true"]')
        assert page.locator("#map path.marsad-place").count() >= 1
    if page.locator("#timeline[data-src]").count():
        page.wait_for_selector('#timeline[data-ready="true"]')
    shoot(page, "5b-place-entity")


def test_timeline_draws_bars(page, shoot):
    page.goto(page.base + "/timeline")
    page.wait_for_selector('#timeline[data-ready="true"]')
    bars = page.locator("#timeline svg rect.timeline-bar-articles")
    assert bars.count() >= 1
    dates = [bars.nth(i).get_attribute("data-date") for i in range(bars.count())]
    assert dates == sorted(dates)
    assert "2024-03-05" in dates
    assert page.locator("#timeline svg").get_attribute("dir") == "ltr"
    assert bars.first.locator("title").text_content()
    shoot(page, "6-timeline")


def test_hostile_article_stays_text(page, shoot, store):
    page.goto(page.base + f"/articles/{store['hostile_id']}")
    title = page.locator("h1#article-title")
    title.wait_for()
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert title.inner_text().strip() == '<img src=x onerror="window.__xss=1">'
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator("script:not([src])").evaluate_all(
        "els => els.filter(e => e.textContent.includes('__xss')).length") == 0
    shoot(page, "7-hostile-article")

    # Listed in search results it is text too.
    page.goto(page.base + "/?q=" + "دمشق")
    page.locator("a.result-title").first.wait_for()
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator('img[src="x"]').count() == 0
