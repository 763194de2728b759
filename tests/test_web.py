"""The Arabic HTML pages over the same small store as the API tests."""
import re
from html.parser import HTMLParser

import pytest

from marsad.model import Article, Mention, Quote
from marsad.web.pages import highlight, link
from test_api import HOSTILE, LIBYA, SIRTE, built, client, ids  # noqa: F401 (shared fixtures)

VISUAL_ASSETS = ('<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">',
                 '<script src="/static/vendor/leaflet/leaflet.js"></script>',
                 '<script src="/static/map.js"></script>', '<script src="/static/timeline.js"></script>')


class Elements(HTMLParser):
    """Start tags with their attributes, and the text inside elements with an id."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(
            value in (a.get(name.rstrip("_")) or "").split() or a.get(name.rstrip("_")) == value
            for name, value in attrs.items())]


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    text = response.text
    assert '<html lang="ar" dir="rtl">' in text
    assert '<link rel="stylesheet" href="/static/marsad.css">' in text
    return text


def test_css_is_served(client):
    response = client.get("/static/marsad.css")
    assert response.status_code == 200 and "Noto Naskh Arabic" in response.text


def test_home_lists_newest_articles_with_facets(client, ids):
    html = page(client, "/")
    parsed = Elements(html)
    assert parsed.find("form", id="search") and parsed.find("input", name="q")
    titles = parsed.find("a", class_="result-title")
    assert len(titles) == len(ids) and titles[0]["href"] == f"/articles/{ids['hostile']}"
    for facet in ("site", "section", "country"):
        assert f'id="facet-{facet}"' in html
    assert "ليبيا" in html  # the country facet in Arabic
    for label in ("بحث", "الكيانات", "الخريطة", "الخط الزمني", "الموقع", "القسم"):
        assert label in html


def test_search_page_snippets_and_filters_in_links(client, ids):
    html = page(client, "/?q=سرت")
    assert f'href="/articles/{ids["sirte"]}"' in html and "<mark>بسرت</mark>" in html
    html = page(client, "/?q=الأمم+المتحدة&section=دولي&limit=1")
    parsed = Elements(html)
    assert len(parsed.find("a", class_="result-title")) == 1
    (next_page,) = [a["href"] for a in parsed.find("a", rel="next")]
    assert "offset=1" in next_page and "section=" in next_page and "q=" in next_page and "limit=1" in next_page
    site_links = [a["href"] for a in parsed.find("a") if "site=alwasat" in (a.get("href") or "")]
    assert site_links and all("section=" in href and "q=" in href for href in site_links)
    second = page(client, next_page)
    assert 'rel="prev"' in second


def test_empty_form_fields_mean_no_filter(client, ids):
    html = page(client, "/?q=&site=&section=&country=&event_type=&date_from=&date_to=")
    assert len(Elements(html).find("a", class_="result-title")) == len(ids)


def test_article_page_highlights_mentions(client, built, ids):
    article = built[1]["sirte"]
    html = page(client, f"/articles/{article.id}")
    parsed = Elements(html)
    assert parsed.find("h1", id="article-title")
    mentions = parsed.find("a", class_="mention")
    assert len(mentions) == len(article.entities)
    assert f"/entities/{SIRTE}" in {a["href"] for a in mentions}
    assert f'href="/api/articles/{article.id}"' in html
    body = re.search(r'<div class="article-body" id="article-body">(.*?)</div>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", body) == article.text  # the original text, only marked up
    assert 'class="quote"' in body and 'class="event-trigger"' in body
    assert 'id="quotes"' in html and 'id="events"' in html and "اعتداء" in html


def test_entity_page(client, ids):
    html = page(client, f"/entities/{SIRTE}")
    parsed = Elements(html)
    (heading,) = parsed.find("h1", id="entity-name")
    assert "سرت" in html and "Sirte" in html and "31.2089" in html and "ليبيا" in html
    assert parsed.find("div", id="timeline")[0]["data-src"] == "/api/timeline?entity=geo%3A2210554"
    assert parsed.find("div", id="map")[0]["data-src"] == "/api/places?entity=geo%3A2210554"
    for asset in VISUAL_ASSETS:
        assert asset in html
    assert f'href="/articles/{ids["sirte"]}"' in html
    assert f'href="/entities/{LIBYA}"' in html  # co-mentioned


def test_entity_page_of_a_speaker_without_coordinates(client):
    html = page(client, "/entities/norp:LY")
    assert 'id="timeline"' in html and 'id="map"' not in html
    libya = page(client, f"/entities/{LIBYA}")
    assert 'id="quotes"' in libya and "الحصار" in libya


def test_entities_page(client):
    html = page(client, "/entities?type=GPE")
    links = Elements(html).find("a", class_="entity-link")
    assert links and f"/entities/{SIRTE}" in {a["href"] for a in links}
    assert "norp:" not in html.split('id="entities"')[1]


def test_map_and_timeline_pages(client):
    html = page(client, "/map")
    assert '<div id="map" class="map full" data-src="/api/places">' in html
    assert all(asset in html for asset in VISUAL_ASSETS)
    filtered = page(client, "/map?country=LY&site=")
    assert 'data-src="/api/places?country=LY"' in filtered
    html = page(client, "/timeline")
    assert '<div id="timeline" class="timeline" data-src="/api/timeline">' in html
    assert all(asset in html for asset in VISUAL_ASSETS)


@pytest.mark.parametrize("url, status", [
    ("/articles/0123456789abcdef0123", 404), ("/entities/geo:0", 404), ("/nowhere", 404),
    ('/?q="abc', 400), ("/?date_from=notadate", 400), ("/?event_type=NOPE", 400), ("/?limit=0", 400),
    ("/map?q=%22", 400), ("/timeline?country=LIBYA", 400), ("/entities?type=NOPE", 400),
])
def test_errors_are_arabic_pages(client, url, status):
    html = page(client, url, status)
    assert 'id="error"' in html


def test_hostile_article_is_escaped_everywhere(client, ids):
    urls = {"/": 200, "/?q=<script>alert(1)</script> <img src=x onerror=alert(1)>": 200, "/?q=تونس": 200,
            f"/articles/{ids['hostile']}": 200, "/entities/geo:2464461": 200, "/map": 200, "/timeline": 200,
            "/entities": 200, f"/?site={HOSTILE}": 200, f"/map?site={HOSTILE}": 200, f"/?q={HOSTILE}": 400,
            "/?date_from=<script>alert(1)</script>": 400}
    for url, status in urls.items():
        html = page(client, url, status)
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "javascript:" not in html, url
    for url in ("/", f"/articles/{ids['hostile']}", "/?q=تونس"):
        html = page(client, url)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "{{7*7}}" in html, url
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page(client, f"/articles/{ids['hostile']}")


def test_highlight_cuts_at_every_span():
    text = "قال المتحدث إن سرت آمنة"
    start = text.index("سرت")
    article = Article(text, entities=[Mention("m1", "GPE", "سرت", start, start + 3, "geo:2210554")],
                      quotes=[Quote("المتحدث", None, "قال", text[start - 3:], False, start - 3, len(text))])
    pieces = highlight(article)
    assert "".join(p["text"] for p in pieces) == text
    assert [(p["text"], p["mention"] is not None, p["quote"] is not None) for p in pieces] == [
        ("قال المتحدث ", False, False), ("إن ", False, True), ("سرت", True, True), (" آمنة", False, True)]


def test_links_keep_filters():
    params = {"q": "سرت", "site": "alwasat", "offset": 20}
    assert link("/", params, offset=0, site=None) == "/?q=%D8%B3%D8%B1%D8%AA"
    assert link("/map", {}) == "/map"


def test_world_outline_has_no_edge_across_the_antimeridian():
    """Every ring of the vendored world outline is continuous in longitude (Russia's Chukotka and Fiji
    cross 180°): an edge longer than 180° would be drawn across the whole map."""
    import json
    from pathlib import Path

    import marsad.web

    path = Path(marsad.web.__file__).with_name("static") / "vendor" / "world" / "countries-110m.geojson"
    rings = []
    for feature in json.loads(path.read_text())["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings += [(feature["properties"]["name"], ring) for polygon in polygons for ring in polygon]
    wide = [name for name, ring in rings
            if any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:])) or ring[0] != ring[-1]]
    assert len(rings) > 200 and wide == []
    crossing = {name for name, ring in rings if max(p[0] for p in ring) > 180 or min(p[0] for p in ring) < -180}
    assert {"Russia", "Fiji"} <= crossing
