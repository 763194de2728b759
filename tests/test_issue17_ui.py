"""Issue 17 (search syntax, facets over every match, the timeline's main range, Arabic labels and
reasons, the read-only answer, the favicon) over the API test store and small stores built here."""
import pytest
from fastapi.testclient import TestClient
from test_api import ARTICLES, build_store, built, client, ids, ok  # noqa: F401 (shared fixtures)
from test_web import page

import marsad
from marsad.api import create_app
from marsad.model import Event
from marsad.store import search
from marsad.store.db import Store


def found(client, q: str) -> set[str]:
    return {hit["id"] for hit in ok(client.get("/api/search", params={"q": q, "limit": 100}))["items"]}


# --- search syntax ----------------------------------------------------------------------------

def test_or_accepts_either_word(client, ids):
    assert found(client, "التضخم") == {ids["egypt"]}
    assert found(client, "طرابلس") == {ids["italy"]}
    assert found(client, "التضخم OR طرابلس") == {ids["egypt"], ids["italy"]}
    assert found(client, "التضخم طرابلس") == set()  # without OR both are required
    assert found(client, "الأمم التضخم OR طرابلس") == {ids["italy"]}  # OR binds its two neighbours


def test_quoted_phrase_keeps_word_order(client, ids):
    assert found(client, '"حكومة الوفاق"') == {ids["sirte"]}
    assert found(client, '"الوفاق حكومة"') == set()
    assert found(client, "الوفاق حكومة") == {ids["sirte"]}


def test_minus_excludes_words_and_phrases(client, ids):
    both = found(client, "الأمم")
    assert {ids["italy"], ids["yemen"]} <= both
    assert found(client, "الأمم -طرابلس") == both - {ids["italy"]}
    assert found(client, 'الأمم -"مؤتمر المانحين"') == both - {ids["yemen"]}
    assert found(client, "ليبيا -سرت") == found(client, "ليبيا") - {ids["sirte"]}  # -سرت also drops وسرت


@pytest.mark.parametrize("q", ["OR ليبيا", "ليبيا OR", "ليبيا OR -سرت", "-ليبيا", '-"حكومة الوفاق"'])
def test_malformed_syntax_is_a_400_with_a_reason(client, q):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.parametrize("q", ["ليبيا NOT AND", "ليبيا*", "NEAR(ليبيا سرت)", "ليبيا ^سرت", "words:ليبيا", "ليبيا or"])
def test_fts5_syntax_in_words_is_never_passed_on(client, q):
    assert client.get("/api/search", params={"q": q}).status_code == 200


def test_search_page_documents_the_syntax(client):
    html = page(client, "/")
    help_start = html.index('id="search-help"')
    help_text = html[help_start:html.index("</details>", help_start)]
    for example in ("OR", '"حكومة الوفاق"', "-النفط", "طريقة كتابة البحث"):
        assert example in help_text


# --- facets -----------------------------------------------------------------------------------

def test_facets_count_every_match(client):
    for params in ({"q": "في"}, {"q": "الأمم OR ليبيا"}):
        result = ok(client.get("/api/search", params={**params, "limit": 1}))
        assert result["facets_cover"] == result["total"] > 1
        assert sum(n for _, n in result["facets"]["site"]) == result["total"]
        assert sum(n for _, n in result["facets"]["section"]) == result["total"]
    html = page(client, "/?q=%D9%81%D9%8A")
    assert "تُحصي الفئات كل النتائج" in html


def test_facets_say_how_many_matches_they_cover_when_capped(client, monkeypatch):
    monkeypatch.setattr(search, "FACET_MAX", 2)
    result = ok(client.get("/api/search", params={"q": "في"}))
    assert result["total"] > 2 and result["facets_cover"] == 2
    assert sum(n for _, n in result["facets"]["site"]) == 2
    assert f"تُحصي الفئات أفضل 2 من {result['total']} نتيجة" in page(client, "/?q=%D9%81%D9%8A")


# --- the timeline's main range ----------------------------------------------------------------

def _dated_event(article: marsad.Article, day: str) -> Event:
    word = article.text.split()[0]
    return Event(type="CONSULT", trigger=word, start=0, end=len(word), source=None, target=None, location=None,
                 date=day, sentence=article.text[:40], confidence=0.9)


@pytest.fixture(scope="module")
def outlier_client(tmp_path_factory):
    """A store of the API articles whose events include one in 1793 and one in 2040."""
    path = tmp_path_factory.mktemp("outliers") / "marsad.db"
    articles = build_store(path)
    extra = marsad.analyze("اجتمع الوزراء في طرابلس لبحث الأزمة بعد 25 عاما من الاتفاق.", title="اجتماع",
                           published="2018-03-02", site="alwasat")
    extra.events = [_dated_event(extra, "1793-05-01"), _dated_event(extra, "2040-09-22"),
                    _dated_event(extra, "2018-03-02")]
    with Store(path) as store:
        store.add_article(extra)
    return TestClient(create_app(str(path))), articles


def test_timeline_clips_outliers_from_the_axis(outlier_client):
    client, articles = outlier_client
    view = ok(client.get("/api/timeline"))
    assert [d["date"] for d in view["outliers"]] == ["1793-05-01", "2040-09-22"]
    assert view["from"] == "2016-08-09" and view["to"] == "2018-03-02"
    assert all(view["from"] <= d["date"] <= view["to"] for d in view["days"])
    every = sum(d["articles"] + d["events"] for d in view["days"] + view["outliers"])
    stats = ok(client.get("/api/stats"))
    assert every == stats["articles"] + stats["events"]  # nothing is dropped, only listed apart


def test_timeline_never_runs_past_the_latest_publication(outlier_client):
    client, _ = outlier_client
    from marsad.store import queries

    with Store(client.app.state.stores.path, readonly=True) as store:
        view = queries.timeline_view(store, "اجتماع")  # one article: too few dates for quartiles to exclude much
    assert [d["date"] for d in view["outliers"]] == ["2040-09-22"]  # but the future is out all the same
    assert view["to"] == "2018-03-02"


# --- labels and wording -----------------------------------------------------------------------

def test_event_type_chip_and_facet_show_arabic_labels(client):
    html = page(client, "/?event_type=ASSAULT")
    chips = html[html.index('class="active-filters"'):html.index('class="total"')]
    assert "اعتداء ✕" in chips and "ASSAULT" not in chips.split('title="إزالة">')[1]
    facet = html[html.index('id="facet-event_type"'):]
    assert "اعتداء" in facet[:facet.index("</section>")]


@pytest.fixture(scope="module")
def section_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("sections") / "marsad.db"
    article = marsad.analyze(ARTICLES["egypt"]["text"], title="المركزي يرفع الفائدة", site="alarabia",
                             section="internationalNews", published="2017-01-05")
    with Store(path) as store:
        store.add_article(article)
    return TestClient(create_app(str(path))), article.id


def test_sections_read_as_labels_once(section_client):
    client, article_id = section_client
    for html in (page(client, "/"), page(client, "/?section=internationalNews")):
        shown = html.split("</form>", 1)[1]  # the facets, chips and results (the form keeps the code as value)
        assert "أخبار دولية" in shown and "internationalNews<" not in shown and ">internationalNews" not in shown
    header = page(client, f"/articles/{article_id}")
    header = header[header.index('class="article-meta"'):header.index("</p>", header.index('class="article-meta"'))]
    assert header.count("أخبار دولية") == 1 and "internationalNews" not in header


def test_error_pages_give_arabic_reasons(client):
    html = page(client, "/articles/nope", 404)
    assert "لا توجد مقالة بالمعرّف nope" in html
    assert "ليست تاريخًا صالحًا" in page(client, "/?date_from=yesterday", 400)
    assert "علامة تنصيص لم تُغلق" in page(client, "/?q=%22", 400)
    assert "الصفحة المطلوبة غير موجودة" in page(client, "/no/such/page", 404)


def test_favicon_is_served_and_linked(client):
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page(client, "/")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
    redirect = client.get("/favicon.ico", follow_redirects=False)
    assert redirect.status_code == 301 and redirect.headers["location"] == "/static/favicon.svg"
