"""What analysts expect from the observatory: an actor's page (events per month, counterparts, places),
exports that load into their tools (events CSV and GeoJSON, quotes CSV, search CSV and JSON), and the
"what happened" summary of a search, each checked against counts taken from the stored articles."""
import csv
import io
import json
from collections import Counter

import pytest
from fastapi.testclient import TestClient

import marsad
from marsad.api import create_app
from marsad.events.export import COLUMNS
from marsad.model import Event
from marsad.store import queries
from marsad.store.db import Store

SARRAJ, GNA, UN, ISIS, AMNESTY, GUTERRES = ("actor:sarraj", "actor:gna-ly", "actor:un", "actor:isis", "actor:amnesty",
                                            "actor:guterres")
SIRTE, BENGHAZI, MOSUL, TRIPOLI = "geo:2210554", "geo:88319", "geo:99072", "geo:2210247"

# Articles written for these tests; their events are set by hand below so that the counts are known.
ARTICLES = {
    "sirte": (("قال رئيس المجلس الرئاسي فايز السراج إن حكومة الوفاق الوطني الليبية طلبت من الأمم المتحدة دعما عاجلا"
              " في سرت. وأضاف السراج أن تنظيم داعش هاجم مواقع القوات في بنغازي."), "2016-08-10", "alwasat"),
    "mosul": (("اتهمت منظمة العفو الدولية تنظيم داعش بقتل مدنيين في الموصل. وقال الأمين العام للأمم المتحدة أنطونيو"
              " غوتيريش إن المنظمة ستدعم العراق."), "2016-10-02", "alarabia"),
    "tripoli": (("التقى فايز السراج الأمين العام للأمم المتحدة أنطونيو غوتيريش في طرابلس. وقال غوتيريش إن الأمم المتحدة"
                " تدعم حكومة الوفاق الوطني الليبية."), "2017-01-15", "alwasat"),
}
# (article, type, source, target, place, date, status)
EVENTS = [
    ("sirte", "DEMAND", GNA, UN, SIRTE, None, "asserted"),
    ("sirte", "ASSAULT", ISIS, GNA, BENGHAZI, "2016-08-09", "asserted"),
    ("sirte", "ASSAULT", ISIS, GNA, BENGHAZI, "2016-07-30", "asserted"),
    ("sirte", "ASSAULT", GNA, ISIS, SIRTE, None, "negated"),
    ("mosul", "DISAPPROVE", AMNESTY, ISIS, MOSUL, None, "asserted"),
    ("mosul", "ASSAULT", ISIS, "مدنيين", MOSUL, "2016-10-01", "asserted"),
    ("mosul", "SUPPORT", UN, None, None, None, "hypothetical"),
    ("tripoli", "CONSULT", SARRAJ, UN, TRIPOLI, None, "asserted"),
    ("tripoli", "SUPPORT", UN, GNA, None, None, "asserted"),
]


def build(path) -> dict[str, marsad.Article]:
    articles = {}
    for name, (text, published, site) in ARTICLES.items():
        article = marsad.analyze(text, title=f"{name} title", published=published, site=site,
                                 url=f"https://news.example/{name}")
        article.events = [Event(type, type.lower(), 0, 1, source=source, target=target, location=place, date=day,
                                sentence=text.split(".")[0], confidence=0.7, status=status)
                          for art, type, source, target, place, day, status in EVENTS if art == name]
        articles[name] = article
    with Store(path) as store:
        for article in articles.values():
            store.add_article(article)
    return articles


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    path = tmp_path_factory.mktemp("observatory") / "marsad.db"
    articles = build(path)
    return str(path), articles


@pytest.fixture(scope="module")
def client(stored):
    return TestClient(create_app(stored[0]))


def asserted(articles):
    """(article, event, day) of every asserted event, the day being the event's or the article's."""
    return [(a, ev, (ev.date or a.metadata.published)[:10]) for a in articles for ev in a.events
            if ev.status == "asserted"]


def ok(response):
    assert response.status_code == 200, response.text
    return response


# --- the actor page ----------------------------------------------------------------------------

@pytest.mark.parametrize("actor", [GNA, ISIS, UN, SARRAJ])
def test_actor_activity_matches_the_articles(stored, client, actor):
    articles = stored[1].values()
    mine = [(a, ev, day) for a, ev, day in asserted(articles) if actor in (ev.source, ev.target)]
    activity = ok(client.get(f"/api/entities/{actor}")).json()["actor"]
    assert activity["events"] == len(mine) > 0
    assert activity["events_by_month"] == [{"month": m, "events": n}
                                           for m, n in sorted(Counter(day[:7] for _, _, day in mine).items())]
    expected = Counter()
    for _, ev, _ in mine:
        other = ev.target if ev.source == actor else ev.source
        if other and other != actor:
            expected[other, ev.type, ev.source == actor] += 1
    got = {(c["id"] or c["name"], t["type"]): t["events"] for c in activity["counterparts"] for t in c["types"]}
    assert got == {(o, t): sum(n for (o2, t2, _), n in expected.items() if (o2, t2) == (o, t))
                   for o, t, _ in expected}
    for c in activity["counterparts"]:
        other = c["id"] or c["name"]
        assert c["as_source"] == sum(n for (o, _, out), n in expected.items() if o == other and out)
        assert c["as_target"] == sum(n for (o, _, out), n in expected.items() if o == other and not out)
        assert c["events"] == c["as_source"] + c["as_target"]
    places = Counter(ev.location for _, ev, _ in mine if ev.location)
    features = activity["places"]["features"]
    assert {f["properties"]["id"]: f["properties"]["mentions"] for f in features} == dict(places)
    assert activity["places"] == ok(client.get("/api/events/places", params={"entity": actor})).json()


def test_counterparts_name_generic_actors_and_skip_denied_events(client):
    isis = {c["id"] or c["name"]: c for c in ok(client.get(f"/api/entities/{ISIS}")).json()["actor"]["counterparts"]}
    assert isis[GNA]["as_source"] == 2 and isis[GNA]["as_target"] == 0  # the denied GNA attack is not counted
    assert isis["مدنيين"]["id"] is None and isis["مدنيين"]["types"] == [{"type": "ASSAULT", "events": 1}]
    assert isis[AMNESTY]["types"] == [{"type": "DISAPPROVE", "events": 1}] and isis[AMNESTY]["as_target"] == 1


def test_actor_page_shows_months_counterparts_map_quotes_spellings_and_exports(client):
    html = ok(client.get(f"/entities/{GNA}")).text
    for part in ('id="actor-months"', 'id="counterparts"', 'id="actor-map"', 'id="aliases"',
                 f'data-src="/api/events/places?entity={GNA.replace(":", "%3A")}"', "2016-07", "2016-08"):
        assert part in html, part
    for export in ("export-events-csv", "export-events-geojson"):
        assert f'id="{export}"' in html
    sarraj = ok(client.get(f"/entities/{SARRAJ}")).text
    assert 'id="export-quotes-csv"' in sarraj and "/api/quotes?speaker=actor%3Asarraj&amp;format=csv" in sarraj
    place = ok(client.get(f"/entities/{BENGHAZI}")).text
    assert 'id="actor-months"' not in place  # a place is not an actor


# --- exports -----------------------------------------------------------------------------------

def test_events_csv_and_geojson_carry_the_same_rows(stored, client):
    rows = list(csv.DictReader(io.StringIO(ok(client.get("/api/events", params={"format": "csv"})).text)))
    assert list(rows[0]) == list(COLUMNS) and len(rows) == len(EVENTS)
    assert Counter(r["status"] for r in rows) == Counter(e[-1] for e in EVENTS)
    response = ok(client.get("/api/events", params={"format": "geojson"}))
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = json.loads(response.text)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(rows)
    for row, feature in zip(rows, collection["features"]):
        props = feature["properties"]
        assert list(props) == list(COLUMNS)
        assert {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in props.items()} \
            == row
        if row["lat"]:
            assert feature["geometry"] == {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]}
        else:
            assert feature["geometry"] is None
    from marsad.api.routes import _geojson
    from marsad.events.export import event_rows

    with Store(stored[0], readonly=True) as store:  # streamed: one piece per event, as the rows are read
        pieces = list(_geojson(event_rows(store)))
    assert len(pieces) == len(rows) + 2 and json.loads("".join(pieces)) == collection
    benghazi = [f for f in collection["features"] if f["properties"]["place_id"] == BENGHAZI]
    assert len(benghazi) == 2 and all(31 < f["geometry"]["coordinates"][1] < 33 for f in benghazi)


def test_events_exports_filter_by_actor_and_status(client):
    params = {"entity": ISIS, "status": "asserted"}
    rows = list(csv.DictReader(io.StringIO(ok(client.get("/api/events", params={**params, "format": "csv"})).text)))
    assert len(rows) == ok(client.get(f"/api/entities/{ISIS}")).json()["actor"]["events"] == 4
    assert all(ISIS in (r["actor1_id"], r["actor2_id"]) and r["status"] == "asserted" for r in rows)
    page = json.loads(ok(client.get("/api/events", params={**params, "format": "geojson", "limit": 1,
                                                           "offset": 1})).text)
    assert [f["properties"]["date"] for f in page["features"]] == [rows[1]["date"]]


@pytest.mark.parametrize("export", ["csv", "geojson"])
def test_events_exports_reject_bad_filters_before_streaming(client, export):
    response = client.get("/api/events", params={"format": export, "date_from": "2016-13-45"})
    assert response.status_code == 400 and "date_from" in response.json()["detail"]


def test_quotes_csv(stored, client):
    rows = list(csv.DictReader(io.StringIO(ok(client.get("/api/quotes", params={"format": "csv"})).text)))
    assert list(rows[0]) == list(queries.QUOTE_CSV_COLUMNS)
    stored_quotes = [(a.id, q.content) for a in stored[1].values() for q in a.quotes]
    assert sorted((r["article_id"], r["content"]) for r in rows) == sorted(stored_quotes)
    assert {r["direct"] for r in rows} <= {"true", "false"}
    guterres = list(csv.DictReader(io.StringIO(ok(client.get("/api/quotes", params={
        "format": "csv", "speaker": GUTERRES})).text)))
    assert len(guterres) == ok(client.get("/api/quotes", params={"speaker": GUTERRES})).json()["total"] >= 1
    assert {r["speaker_id"] for r in guterres} == {GUTERRES}


def test_search_csv_and_json_from_the_same_query(client):
    params = {"q": "الأمم المتحدة", "site": "alwasat"}
    page = ok(client.get("/api/search", params={**params, "format": "json"})).json()
    rows = list(csv.DictReader(io.StringIO(ok(client.get("/api/search", params={**params, "format": "csv"})).text)))
    assert list(rows[0]) == list(queries.SEARCH_CSV_COLUMNS)
    assert [r["id"] for r in rows] == [hit["id"] for hit in page["items"]] and len(rows) == page["total"] == 2
    assert [r["rank"] for r in rows] == ["1", "2"] and all("<mark>" not in r["snippet"] for r in rows)
    assert all("المتحدة" in r["snippet"] for r in rows)
    assert client.get("/api/search", params={"q": " ", "format": "csv"}).status_code == 400


def test_search_page_links_its_exports_and_summary(client):
    html = ok(client.get("/", params={"q": "السراج", "site": "alwasat"})).text
    assert 'id="export-search-csv" href="/api/search?q=%D8%A7%D9%84%D8%B3%D8%B1%D8%A7%D8%AC&amp;site=alwasat&amp;' \
           'format=csv"' in html
    assert 'href="/summary?q=%D8%A7%D9%84%D8%B3%D8%B1%D8%A7%D8%AC&amp;site=alwasat"' in html
    assert 'id="export-search-json"' in html


# --- the summary of a search -------------------------------------------------------------------

@pytest.mark.parametrize("params, names", [
    ({}, {"sirte", "mosul", "tripoli"}),
    ({"q": "السراج"}, {"sirte", "tripoli"}),
    ({"site": "alarabia"}, {"mosul"}),
    ({"q": "الأمم المتحدة", "event_type": "ASSAULT"}, {"sirte", "mosul"}),
])
def test_summary_counts_match_the_store(stored, client, params, names):
    path, by_name = stored
    chosen = [by_name[n] for n in sorted(names)]
    got = ok(client.get("/api/summary", params=params)).json()
    events = [(a, ev, day) for a, ev, day in asserted(chosen)
              if not params.get("event_type") or ev.type == params["event_type"]]
    assert got["articles"] == len(chosen) and got["events"] == len(events)
    assert {t["type"]: t["events"] for t in got["by_type"]} == Counter(ev.type for _, ev, _ in events)
    months = {m["month"]: (m["articles"], m["events"]) for m in got["by_month"]}
    article_months = Counter(a.metadata.published[:7] for a in chosen)
    event_months = Counter(day[:7] for _, _, day in events)
    assert months == {m: (article_months[m], event_months[m]) for m in article_months | event_months}
    with Store(path, readonly=True) as store:
        country_of = {e["id"]: e["country"] for e in queries.entities(store, limit=100).items}
        assert got == queries.summary(store, params.get("q"), queries.make_filters(
            site=params.get("site"), event_type=params.get("event_type")))
    place_countries = Counter(c for a in chosen for c in {country_of[e.id] for e in a.canonical_entities
                                                          if e.type in ("GPE", "LOC", "FAC") and e.country})
    assert {c["country"]: c["articles"] for c in got["by_country"] if c["articles"]} == place_countries
    assert {c["country"]: c["events"] for c in got["by_country"] if c["events"]} == \
        Counter(country_of[ev.location] for _, ev, _ in events if ev.location)
    dyads = Counter((ev.source, ev.target) for _, ev, _ in events if ev.source and ev.target)
    assert {(d["source"], d["target"]): d["events"] for d in got["dyads"]} == dyads
    actors = Counter(e.id for a in chosen for e in a.canonical_entities if e.type in ("PER", "ORG"))
    assert {a["id"]: a["articles"] for a in got["actors"]} == actors
    speakers = Counter(q.speaker_id or q.speaker for a in chosen for q in a.quotes)
    assert 0 < len(speakers) <= queries.SUMMARY_ROWS
    assert {s["speaker_id"] or s["speaker"]: s["quotes"] for s in got["speakers"]} == speakers


def test_summary_page_is_arabic_and_links_its_json(client):
    response = ok(client.get("/summary", params={"q": "داعش"}))
    html = response.text
    assert '<html lang="ar" dir="rtl">' in html and "ماذا حدث" in html
    assert 'id="summary-json" href="/api/summary?q=%D8%AF%D8%A7%D8%B9%D8%B4"' in html
    for section in ("summary-types", "summary-months", "summary-countries", "summary-actors", "summary-dyads",
                    "summary-speakers"):
        assert f'id="{section}"' in html
    assert "اعتداء" in html and "منظمة العفو الدولية" in html  # the ASSAULT label, an actor
    assert client.get("/summary", params={"date_from": "not a date"}).status_code == 400
