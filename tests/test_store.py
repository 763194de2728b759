"""The SQLite store and `marsad ingest`: idempotent, resumable after kill -9, failures kept,
versioned migrations, Arabic-aware search."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import marsad
from marsad.errors import StoreError
from marsad.store.db import MIGRATIONS, Store
from marsad.store.ingest import ingest
from marsad.store.search import Filters, QueryError, search

CITIES = ["طرابلس", "بنغازي", "مصراتة", "سبها", "درنة", "طبرق", "الزاوية", "غريان"]


def corpus(path, n):
    """A JSONL corpus of `n` distinct short articles written for this test, plus one empty record."""
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            city = CITIES[i % len(CITIES)]
            text = (f"أعلن المجلس البلدي في مدينة {city} الليبية عن خطة رقم {i} لإصلاح شبكة المياه. "
                    f"وقال رئيس المجلس إن الخطة {i} تشمل {i % 7 + 2} أحياء وتنتهي خلال {i % 11 + 1} أشهر.")
            f.write(json.dumps({"id": i, "title": f"خطة المياه رقم {i}", "text": text, "src": "test-news"},
                               ensure_ascii=False) + "\n")
        f.write(json.dumps({"id": n, "title": "بلا نص", "text": ""}, ensure_ascii=False) + "\n")
    return path


def count(db, table):
    with sqlite3.connect(db) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_ingest_is_idempotent_and_keeps_failures(tmp_path):
    db, source = str(tmp_path / "m.db"), corpus(tmp_path / "c.jsonl", 30)
    first = ingest([str(source)], db, errors=open(os.devnull, "w"))
    assert (first.added, first.failed) == (30, 1)
    again = ingest([str(source)], db, errors=open(os.devnull, "w"))
    assert (again.added, again.skipped) == (0, 31)
    assert count(db, "articles") == 30
    with Store(db, readonly=True) as store:
        failures = store.failures()
        assert len(failures) == 1 and failures[0]["key"].endswith("c.jsonl:31")
        assert "no article text" in failures[0]["problem"]
        assert store.counts()["articles"] == 30


def test_same_article_from_two_sources_is_stored_once(tmp_path):
    db = str(tmp_path / "m.db")
    text = "قال وزير الخارجية التونسي إن بلاده تدعم الحوار في ليبيا."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    report = ingest([str(tmp_path)], db)
    assert (report.added, report.already) == (1, 1)


def test_kill_minus_nine_then_resume_loses_and_duplicates_nothing(tmp_path):
    db, source = str(tmp_path / "m.db"), corpus(tmp_path / "c.jsonl", 1500)
    command = [sys.executable, "-m", "marsad.cli", "ingest", str(source), "--db", db, "--workers", "2", "--no-progress"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until some batches are committed, then kill the whole group
        time.sleep(0.2)
        try:
            if count(db, "articles") >= 200:
                break
        except sqlite3.OperationalError:
            continue
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    stored = count(db, "articles")
    assert 0 < stored < 1500, "the kill should land in the middle of the run"
    resumed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 1  # the one empty record fails, every time
    assert count(db, "articles") == 1500
    assert count(db, "sources") == 1501
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == 1500
        rows = con.execute("SELECT count(*) FROM search WHERE search MATCH 'stems : \"خطه\"'").fetchone()[0]
        assert rows == 1500
    skipped = int(resumed.stderr.split(" unchanged sources skipped")[0].rsplit(" ", 1)[-1])
    assert skipped >= stored  # the resumed run did not analyse again what was already stored


def test_migrations_are_versioned(tmp_path):
    db = str(tmp_path / "m.db")
    Store(db).close()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    with pytest.raises(StoreError, match="newer"):
        Store(db, readonly=True)


def test_readonly_store_never_writes(tmp_path):
    db = str(tmp_path / "m.db")
    with pytest.raises(StoreError, match="no such store"):
        Store(db, readonly=True)
    Store(db).close()
    with Store(db, readonly=True) as store:
        with pytest.raises(sqlite3.OperationalError):
            store.add_article(marsad.analyze("خبر قصير عن تونس."))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("s") / "m.db")
    texts = {
        "italy": ("وقال وزير الخارجية الإيطالى إن بلاده تدعم حكومة الوفاق في ليبيا.", "2016-08-10", "elmaouid"),
        "sirte": ("تقدمت القوات بسرت بعد معارك عنيفة، وسيطرت على أحياء وسرت كلها تحت الحصار.", "2016-08-12", "alwasat"),
        "cairo": ("ارتفعت أسعار الذهب في القاهرة مع تراجع الجنيه المصري.", "2017-01-05", "ahram"),
    }
    with Store(db) as s:
        for name, (text, published, site) in texts.items():
            s.add_article(marsad.analyze(text, title=name, published=published, site=site))
        yield s


def titles(result):
    return {hit["title"] for hit in result.hits}


def test_search_folds_spelling_and_clitics(store):
    assert titles(search(store, "الايطالي")) == {"italy"}
    assert titles(search(store, "سرت")) == {"sirte"}
    assert titles(search(store, '"حكومة الوفاق"')) == {"italy"}
    assert titles(search(store, "الوفاق وزير")) == {"italy"}
    assert titles(search(store, "الوفاق القاهرة")) == set()


def test_search_filters_and_facets(store):
    assert titles(search(store, None, Filters(country="LY"))) == {"italy", "sirte"}
    assert titles(search(store, None, Filters(site="ahram"))) == {"cairo"}
    assert titles(search(store, None, Filters(date_from="2016-08-11", date_to="2016-12-31"))) == {"sirte"}
    facets = search(store, None).facets
    assert dict(facets["country"])["LY"] == 2


def test_snippets_highlight_and_escape(store):
    hit = search(store, "سرت").hits[0]
    assert "<mark>بسرت</mark>" in hit["snippet"] and "<mark>وسرت</mark>" in hit["snippet"]


@pytest.mark.parametrize("query", ['"abc', "،،، ...", " ".join(["كلمة"] * 40)])
def test_malformed_queries_raise_query_error(store, query):
    with pytest.raises(QueryError):
        search(store, query)


def test_a_store_of_the_first_schema_migrates_and_counts_only_asserted_events(tmp_path):
    from marsad.model import Event
    from marsad.store.queries import timeline

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    old.close()
    article = marsad.analyze("قصف الجيش مواقع المسلحين في سرت أمس.", published="2024-03-02")
    article.events = [Event("ASSAULT", "قصف", 0, 3, date="2024-03-01"),
                      Event("ASSAULT", "قصف", 0, 3, date="2024-03-01", status="negated"),
                      Event("PROTEST", "قصف", 0, 3, date="2024-03-01", status="hypothetical", location_inferred=True)]
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        store.add_article(article)
        rows = [tuple(r) for r in store.db.execute("SELECT status, location_inferred FROM events ORDER BY n")]
        assert rows == [("asserted", 0), ("negated", 0), ("hypothetical", 1)]
        days = {d["date"]: d["events"] for d in timeline(store)}
        assert days["2024-03-01"] == 1


def test_a_fault_on_one_document_is_recorded_and_the_batch_goes_on(tmp_path, monkeypatch):
    from dataclasses import replace

    from marsad import pipeline
    from marsad.ingest import Document
    from marsad.pipeline import analyze_document, registry

    good = Document("قصفت الطائرات مواقع في مدينة سرت الليبية أمس.", path="good.txt")
    bad = Document("قصفت الطائرات مواقع في مدينة سرت الليبية أمس. ثم هدأت المعارك.", path="bad.txt")
    real = registry.get("text")

    def flaky(article):
        if "هدأت" in article.text:
            raise RuntimeError("boom")
        real.func(article)

    monkeypatch.setitem(registry._REGISTRY, "text", replace(real, func=flaky))
    assert isinstance(analyze_document(good), marsad.Article)
    failure = analyze_document(bad)
    assert isinstance(failure, marsad.InputError)
    assert failure.source == "bad.txt" and "internal error" in failure.problem and "boom" in failure.problem
    results = list(pipeline.analyze_documents([bad, good]))
    assert isinstance(results[0], marsad.InputError) and isinstance(results[1], marsad.Article)
