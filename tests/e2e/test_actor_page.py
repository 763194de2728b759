"""The actor page and the search summary in headless Chromium, over the store of test_observatory (articles
whose events are known): months, counterparts and the map of the actor's event places are drawn, the
exports it links to load, and no JavaScript error happens. Screenshots: test-artifacts/e2e-8-*.png."""
from __future__ import annotations

import csv
import io

import pytest
from test_observatory import BENGHAZI, GNA, SIRTE, TRIPOLI, build

from .conftest import serving

pytestmark = pytest.mark.usefixtures("e2e_ready")


@pytest.fixture(scope="module")
def observatory(e2e_ready, tmp_path_factory):
    """Base URL of the app serving the observatory store, in a background thread."""
    path = tmp_path_factory.mktemp("e2e-observatory") / "marsad.db"
    build(path)
    with serving(str(path), "e2e-observatory") as url:
        yield url


@pytest.fixture
def tab(browser):
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    page.close()
    assert not page.errors, f"JavaScript errors: {page.errors}"


def test_actor_page(tab, observatory, shoot):
    tab.goto(f"{observatory}/entities/{GNA}")
    tab.locator("h1#entity-name").wait_for()
    box = tab.locator("#actor-map")
    tab.wait_for_selector('#actor-map[data-ready="true"]')
    # GNA's asserted events with a place are in Sirte and Benghazi (twice); the Tripoli meeting is Sarraj's
    assert int(box.get_attribute("data-count")) == 2
    assert tab.locator("#actor-map path.marsad-place").count() == 2
    assert {tab.locator("#actor-map path.marsad-place").nth(i).get_attribute("data-id") for i in range(2)} \
        == {SIRTE, BENGHAZI} and TRIPOLI not in box.inner_html()
    assert tab.locator("#actor-map .leaflet-marsad-base-pane path").count() > 100  # the world outline
    assert tab.locator("#actor-months tbody tr").count() == 3  # 2016-07, 2016-08 and 2017-01
    assert tab.locator("#counterparts tbody tr").count() == 2  # the UN and ISIS (its denied attack not counted)
    assert tab.eval_on_selector("body", "el => getComputedStyle(el).direction") == "rtl"
    shoot(tab, "8-actor")

    href = tab.locator("#export-events-csv").get_attribute("href")
    rows = list(csv.DictReader(io.StringIO(tab.request.get(observatory + href).text())))
    assert len(rows) == int(tab.locator("#actor-events h2 .count").inner_text())
    assert all(GNA in (r["actor1_id"], r["actor2_id"]) for r in rows)


def test_summary_page(tab, observatory, shoot):
    tab.goto(f"{observatory}/?q=" + "الأمم المتحدة")
    with tab.expect_navigation():
        tab.locator("#summary-link").click()
    tab.locator("#summary-types").wait_for()
    assert "/summary?q=" in tab.url
    assert tab.locator("#summary-types tbody tr").count() >= 1
    assert tab.locator("#summary-dyads tbody tr").count() >= 1
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(tab, "8-summary")
