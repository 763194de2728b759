"""The timeline of a store whose events include dates far from its articles (1793, 2040): the axis
covers only the main range, the far days are listed under "خارج النطاق", and the monthly table has
one row per month. Screenshot: test-artifacts/e2e-timeline-outliers.png."""
from __future__ import annotations

import pytest

from .conftest import ARTICLES, serving

pytestmark = pytest.mark.usefixtures("e2e_ready")

# Publication days over four years (a monthly axis at desktop width), two of them in one month.
DAYS = ["2020-02-10", "2020-09-15", "2021-04-20", "2021-11-25", "2022-06-01", "2023-01-12", "2023-08-18",
        "2024-03-04", "2024-03-21"]
FAR = ["1793-05-01", "2040-09-22"]


@pytest.fixture(scope="module")
def outlier_server(tmp_path_factory):
    """Base URL of the app over a store of dated articles, one of whose events is in 1793 and one in 2040."""
    import marsad
    from marsad.model import Event
    from marsad.store.db import Store

    path = tmp_path_factory.mktemp("e2e-outliers") / "marsad.db"
    with Store(path) as db:
        for n, day in enumerate(DAYS):
            source = ARTICLES[n % len(ARTICLES)]
            article = marsad.analyze(f"{source['text']}\nوذكر التقرير رقم {n + 1} تفاصيل أخرى.", format="text",
                                     title=source["title"], published=day, site="news.example")
            if n == 0:
                word = article.text.split()[0]
                article.events = [Event(type="CONSULT", trigger=word, start=0, end=len(word), source=None,
                                        target=None, location=None, date=far, sentence=article.text[:40],
                                        confidence=0.9) for far in FAR]
            db.add_article(article)
    with serving(str(path), "e2e-outliers") as url:
        yield url


def test_timeline_clips_far_dates_and_lists_them(page, outlier_server, shoot):
    page.goto(outlier_server + "/timeline")
    timeline = page.locator('#timeline[data-ready="true"]')
    timeline.wait_for()
    assert timeline.get_attribute("data-unit") == "month"
    assert timeline.get_attribute("data-from") == "2020-02-01" and timeline.get_attribute("data-to") == "2024-03-01"
    assert int(timeline.get_attribute("data-count")) == 50  # Feb 2020 – Mar 2024, not 1793 – 2040
    bar_days = page.eval_on_selector_all("#timeline rect.timeline-bar", "bars => bars.map(b => b.dataset.date)")
    assert bar_days and all("2020-02-01" <= d <= "2024-03-01" for d in bar_days), bar_days

    outliers = page.locator("#timeline-outliers")
    assert outliers.locator("h3").inner_text() == "خارج النطاق"
    assert outliers.locator("li").evaluate_all("items => items.map(i => i.dataset.date)") == FAR
    assert timeline.get_attribute("data-outliers") == "2"

    page.locator(".timeline-table summary").click()
    rows = page.locator(".timeline-table tbody th").all_inner_texts()
    months = {d["date"][:7] for d in page.request.get(outlier_server + "/api/timeline").json()["days"]}
    assert {d[:7] for d in DAYS} <= months
    assert len(rows) == len(set(rows)) == len(months), rows  # one row per month with data, not per day
    shoot(page, "timeline-outliers")
