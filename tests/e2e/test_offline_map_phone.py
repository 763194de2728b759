"""Issue 17 in the browser: /docs and /redoc work with no network, the world outline has no edge
across the 180° meridian, and a 390 px wide phone never scrolls sideways. Screenshots go to
test-artifacts/e2e-17-*.png."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.usefixtures("e2e_ready")

PHONE = {"width": 390, "height": 844}


def offline(page) -> list[str]:
    """Abort every request that is not for this server; the list of those requests is returned."""
    left = []

    def route(r):
        if urlsplit(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return left


def test_swagger_ui_renders_offline(page, shoot):
    left = offline(page)
    page.goto(page.base + "/docs")
    operations = page.locator(".swagger-ui .opblock")
    operations.first.wait_for()
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert "/api/articles" in paths and len(paths) >= 5
    page.wait_for_load_state("networkidle")
    shoot(page, "17-docs")
    assert left == []


def test_redoc_renders_offline(page, shoot):
    left = offline(page)
    page.goto(page.base + "/redoc")
    page.locator("redoc h1, [role=main] h1").first.wait_for()
    page.get_by_text("/api/articles", exact=False).first.wait_for(state="attached")
    page.wait_for_load_state("networkidle")
    shoot(page, "17-redoc")
    assert left == []


# For every drawn path of the world outline: the widest jump between two consecutive points, in
# pixels, next to the width of the whole world (360 degrees) at the map's zoom. Edges along a pole
# (Antarctica is closed along the south pole) run on the world's edge and are counted apart.
WIDEST_EDGE = """box => {
  const map = box._marsadMap;
  const world = map.getPixelWorldBounds(), origin = map.getPixelOrigin();
  const poles = [world.min.y - origin.y, world.max.y - origin.y];
  const onPole = y => poles.some(p => Math.abs(y - p) < 1);
  let widest = 0, polar = 0, paths = 0;
  for (const p of box.querySelectorAll('.leaflet-marsad-base-pane path')) {
    for (const ring of (p.getAttribute('d') || '').split(/[Zz]/)) {
      const pts = (ring.match(/-?[0-9.]+ -?[0-9.]+/g) || []).map(pair => pair.split(' ').map(Number));
      for (let i = 1; i < pts.length; i++) {
        const [[x0, y0], [x1, y1]] = [pts[i - 1], pts[i]];
        if (onPole(y0) && onPole(y1)) polar++;
        else widest = Math.max(widest, Math.abs(x1 - x0));
      }
    }
    paths++;
  }
  return {widest, polar, world: world.getSize().x, paths};
}"""


def test_world_outline_has_no_edge_across_the_map(page, shoot):
    page.goto(page.base + "/map")
    page.wait_for_selector('#map[data-ready="true"]')
    # The whole world in view (Leaflet clips paths to the view): both sides of the 180° meridian.
    page.evaluate("document.getElementById('map')._marsadMap.setView([20, 0], 1, {animate: false})")
    found = page.eval_on_selector("#map", WIDEST_EDGE)
    shoot(page, "17-map-antimeridian")
    assert found["paths"] > 100
    # An edge longer than 180 degrees is one drawn the wrong way round the world.
    assert found["widest"] < found["world"] / 2, found


@pytest.fixture
def phone(browser, server):
    tab = browser.new_page()
    tab.set_viewport_size(PHONE)
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    yield tab
    tab.close()
    assert not tab.errors, f"JavaScript errors: {tab.errors}"


def overflow(tab) -> int:
    return tab.evaluate("document.documentElement.scrollWidth")


def test_phone_width_does_not_scroll_sideways(phone, server, store, shoot):
    events_article = None
    for article_id in store["ids"]:
        phone.goto(f"{server}/articles/{article_id}")
        if phone.locator("section.events table tbody tr").count():
            events_article = article_id
            break
    assert events_article, "no test article has an events table"
    phone.wait_for_load_state("load")
    shoot(phone, "17-phone-article")
    assert overflow(phone) <= PHONE["width"]
    # The table scrolls inside its own box instead of the page.
    table = phone.locator("section.events table")
    assert table.evaluate("t => t.scrollWidth") > 0

    phone.goto(f"{server}/entities")
    phone.locator("table#entities tbody tr").first.wait_for()
    shoot(phone, "17-phone-entities")
    assert overflow(phone) <= PHONE["width"]
