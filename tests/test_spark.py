"""`marsad spark` in local mode on a small corpus the tests write (JSONL, CSV, Parquet, a folder of text
and HTML pages), and `marsad ingest --from-parquet`. Skipped when pyspark, pyarrow or Java is missing;
MARSAD_SPARK=required (CI) makes that a failure instead."""
from __future__ import annotations

import csv
import gzip
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED
from marsad.cli import main
from marsad.cli.spark import missing_requirement
from marsad.ingest import read_paths
from marsad.pipeline import analyze_documents
from marsad.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "marsad" / "samples").glob("*.txt"))
ANT = SHARED / "news" / "ant-multisource.jsonl.gz"
MONTHS = ("2019-01-15", "2019-02-03", "2020-07-30")

_problem = missing_requirement()
if _problem and os.environ.get("MARSAD_SPARK") == "required":
    pytest.fail(f"MARSAD_SPARK=required but {_problem}", pytrace=False)
if _problem:
    pytest.skip(_problem, allow_module_level=True)

import pyarrow.dataset as ds  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from marsad.spark.job import MANIFEST, run, session  # noqa: E402
from marsad.spark.rows import SCHEMAS, TABLES, month  # noqa: E402


def _body(path: Path) -> tuple[str, str]:
    """The title and body of a sample text page (breadcrumb, site, blank, title, blank, body)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[3], "\n".join(lines[5:]).strip()


def _records(samples: list[Path], offset: int) -> list[dict]:
    return [{"title": title, "text": body, "source": "test-site", "date": MONTHS[(offset + n) % len(MONTHS)]}
            for n, (title, body) in enumerate(map(_body, samples))]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """24 articles: 6 text pages and an HTML page, 8 JSON Lines records (gzip), 5 CSV rows and 4 Parquet
    rows; and bad input: invalid JSON, a record without text, a Parquet row without text, a page that
    is not Arabic, a file that is not Parquet (and, in `inputs`, a file that does not exist)."""
    root = tmp_path_factory.mktemp("corpus")
    pages = root / "pages"
    pages.mkdir()
    for path in SAMPLES[:6]:
        shutil.copy(path, pages / path.name)
    title, body = _body(SAMPLES[6])
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())
    (pages / "article.html").write_text(
        f'<html lang="ar"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="2020-07-01"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>", encoding="utf-8")
    (pages / "notes.txt").write_text("These are English notes, not an Arabic article at all.\n" * 5, encoding="utf-8")
    lines = [json.dumps(r, ensure_ascii=False) for r in _records(SAMPLES[7:15], 0)]
    lines[3:3] = ["{not json", json.dumps({"title": "بلا نص", "source": "test-site"}, ensure_ascii=False)]
    with gzip.open(root / "news.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    with open(root / "news.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=("title", "text", "source", "date"))
        writer.writeheader()
        writer.writerows(_records(SAMPLES[15:20], 1))
    import pyarrow as pa

    rows = _records(SAMPLES[20:24], 2) + [{"title": "فارغ", "text": "", "source": "test-site", "date": "2019-01-01"}]
    pq.write_table(pa.Table.from_pylist(rows), root / "news.parquet")
    (root / "broken.parquet").write_bytes(pq.read_table(root / "news.parquet").to_string().encode()[:200])
    # The same rows as JSON Lines, outside the inputs: what marsad analyze and ingest can read of them.
    (root / "twin").mkdir()
    (root / "twin" / "news.parquet.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def spark():
    spark = session("local[2]", app="marsad-tests")
    yield spark
    spark.stop()


def inputs(corpus: Path) -> list[str]:
    return [str(corpus / "pages"), str(corpus / "news.*"), str(corpus / "missing.jsonl"), str(corpus / "broken.parquet")]


@pytest.fixture(scope="module")
def output(spark, corpus, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("spark") / "out"
    totals = run(spark, inputs(corpus), str(out), batch_size=6, partitions=2)
    return out, totals


def read(out: Path, name: str) -> list[dict]:
    if not (out / name).exists():
        return []
    return ds.dataset(str(out / name), format="parquet", partitioning="hive").to_table().to_pylist()


def canonical(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in rows)


def test_counts_failures_and_analyze_agree(output, corpus):
    out, totals = output
    expected = list(analyze_documents(read_paths(_expanded(corpus))))
    good, bad = {}, {}
    for result in expected:
        if isinstance(result, InputError):
            bad[_untwin(result.source, corpus)] = result.problem
            continue
        article = result.to_dict()
        if article["source"]["path"].endswith(".parquet.jsonl"):
            article["source"].update(path=str(corpus / "news.parquet"), format="parquet", encoding=None)
        good[_untwin(source_key_of(article), corpus)] = article
    articles = read(out, "articles")
    assert totals["articles"] == len(articles) == len(good) == 24
    assert {r["source"]: json.loads(r["article"]) for r in articles} == good
    failures = {r["source"]: r["reason"] for r in read(out, "failures")}
    assert failures == {**bad, str(corpus / "missing.jsonl"): "no such file or directory",
                        str(corpus / "broken.parquet"): "not a readable Parquet file"}
    assert any(source.endswith("news.jsonl.gz:4") and "invalid JSON" in reason for source, reason in failures.items())
    assert any(source.endswith("news.parquet:5") and "no article text" in reason for source, reason in failures.items())
    assert any(source.endswith("notes.txt") for source in failures)


def _expanded(corpus: Path) -> list[str]:
    """The readable inputs, with the Parquet file's JSON Lines twin in its place."""
    from marsad.spark.job import expand

    return [str(corpus / "twin" / "news.parquet.jsonl") if p.endswith(".parquet") else p
            for p in expand(inputs(corpus)) if not p.endswith(("missing.jsonl", "broken.parquet"))]


def _untwin(source: str, corpus: Path) -> str:
    return source.replace(str(corpus / "twin" / "news.parquet.jsonl"), str(corpus / "news.parquet"))


def source_key_of(article: dict) -> str:
    s = article["source"]
    return s["path"] + (f":{s['record']}" if s["record"] is not None else "")


def test_schemas_and_month_partitions(output):
    out, _ = output
    for name in TABLES:
        files = sorted((out / name).glob("month=*/*.parquet"))
        assert files, name
        for path in files:
            assert pq.read_schema(path).remove_metadata() == SCHEMAS[name]
    articles = read(out, "articles")
    assert {r["month"] for r in articles} >= {"2019-01", "2019-02", "2020-07"}
    assert all(r["month"] == month(r["published"]) for r in articles)
    assert {r["month"] for r in read(out, "failures")} == {"unknown"}
    events = read(out, "events")
    assert len(events) == sum(r["events"] for r in articles) > 0
    assert all(e["month"] == month(e["published"]) for e in events)
    by_id = {r["id"]: json.loads(r["article"]) for r in articles}
    assert len(read(out, "mentions")) == sum(len(a["entities"]) for a in by_id.values())
    assert any(e["geonameid"] and e["lat"] is not None for e in events)


def test_jsonl_split_across_tasks_and_manifest(output, corpus):
    out, totals = output
    manifest = [json.loads(line) for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]
    assert len(manifest) == totals["batches"] > 2
    units = [u for entry in manifest for u in entry["inputs"]]
    jsonl = [u for u in units if u["path"].endswith("news.jsonl.gz")]
    assert len(jsonl) > 1 and all(u["kind"] == "lines" and u["size"] > 0 and u["mtime"] for u in jsonl)
    assert sum(e["counts"]["articles"] for e in manifest) == 24
    assert not (out / "_staging").exists()


def _snapshot(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*.parquet"))}


def test_rerun_changes_nothing(spark, output, corpus):
    out, _ = output
    before = _snapshot(out)
    totals = run(spark, inputs(corpus), str(out), batch_size=6, partitions=2)
    assert totals["batches"] == 0 and totals["skipped"] > 2
    assert _snapshot(out) == before


def test_interrupted_run_resumes_without_duplicates(spark, output, corpus, tmp_path):
    first, _ = output
    out = tmp_path / "out"

    class Killed(Exception):
        pass

    def kill(entry):
        raise Killed(entry["batch"])

    with pytest.raises(Killed):
        run(spark, inputs(corpus), str(out), batch_size=6, partitions=2, after_batch=kill)
    assert len((out / MANIFEST).read_text().splitlines()) == 1
    # a task of the next batch killed while writing left a file in staging
    stray = out / "_staging" / "0123456789abcdef" / "articles" / "month=2019-01" / "part-0123456789abcdef-00000.parquet"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"PAR1 half written")
    totals = run(spark, inputs(corpus), str(out), batch_size=6, partitions=2)
    assert totals["skipped"] == 1 and totals["batches"] >= 2
    for name in TABLES:
        assert canonical(read(out, name)) == canonical(read(first, name)), name
    assert _snapshot(out) == _snapshot(first)
    ids = [r["id"] for r in read(out, "articles")]
    assert len(ids) == len(set(ids)) == 24
    assert not (out / "_staging").exists()


def test_ingest_from_parquet_matches_ingest(output, corpus, tmp_path):
    import sqlite3

    out, _ = output
    lake, direct = tmp_path / "lake.db", tmp_path / "direct.db"
    assert main(["ingest", "--from-parquet", str(out), "--db", str(lake)]) == 0
    assert main(["ingest", "--from-parquet", str(out), "--db", str(lake)]) == 0  # idempotent
    main(["ingest", *_expanded(corpus), "--db", str(direct), "--workers", "1"])
    queries = ("SELECT id, site, published, title FROM articles ORDER BY id",
               "SELECT article_id, n, type, source, target, location FROM events ORDER BY article_id, n",
               "SELECT id, name, mentions, articles FROM entities ORDER BY id",
               "SELECT count(*) FROM search")
    a, b = sqlite3.connect(lake), sqlite3.connect(direct)
    for query in queries:
        assert a.execute(query).fetchall() == b.execute(query).fetchall(), query
    failures = dict(a.execute("SELECT key, problem FROM sources WHERE problem IS NOT NULL").fetchall())
    assert any(key.endswith("news.jsonl.gz:4") for key in failures)


@pytest.mark.skipif(not ANT.exists(), reason=f"{ANT} is not available")
def test_parquet_agrees_with_analyze_on_200_ant_articles(tmp_path):
    """The acceptance test: `marsad spark` (its own process, the CLI) and `marsad analyze` give the same
    Article JSON for each of the first 200 ANT articles."""
    corpus = tmp_path / "ant200.jsonl"
    with gzip.open(ANT, "rt", encoding="utf-8") as lines:
        corpus.write_text("".join(itertools.islice(lines, 200)), encoding="utf-8")
    analyzed = tmp_path / "analyzed.jsonl"
    assert main(["analyze", str(corpus), "-o", str(analyzed)]) in (0, 1)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "marsad.cli", "spark", str(corpus), "--out", str(out),
                           "--master", "local[2]", "--batch-size", "100"], env=env, capture_output=True, text=True)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-2000:]
    expected = {}
    for line in analyzed.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        expected[f"{article['source']['path']}:{article['source']['record']}"] = article
    got = {r["source"]: json.loads(r["article"]) for r in read(out, "articles")}
    failures = read(out, "failures")
    assert len(got) + len(failures) == 200 and len(got) >= 190
    assert got.keys() == expected.keys()
    for source, article in expected.items():
        assert got[source] == article, source
    events = read(out, "events")
    assert len(events) == sum(len(a["events"]) for a in expected.values())


def test_months():
    assert month("2017-03-05T10:00:00") == "2017-03"
    assert month(None) == month("") == month("March 2017") == "unknown"
