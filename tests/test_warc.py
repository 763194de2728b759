"""WARC input: pages of Arabic news among other records, gzip and plain, damaged files, the CLI and the store."""
from __future__ import annotations

import io
import json
import os
import sqlite3
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from marsad.cli import main
from marsad.errors import InputError
from marsad.ingest import Document, read_bytes, read_file, read_paths
from marsad.store.ingest import ingest

PARAGRAPHS = [
    "أعلنت وزارة الصحة في بيروت يوم الثلاثاء عن افتتاح مستشفى جديد في مدينة طرابلس شمال لبنان، "
    "بحضور وزير الصحة وعدد من النواب والمسؤولين المحليين.",
    "وقال الوزير في كلمة ألقاها خلال حفل الافتتاح إن المستشفى سيخدم أكثر من مئتي ألف نسمة في المنطقة، "
    "وإنه مجهز بأحدث المعدات الطبية.",
    "وأضاف أن الحكومة تعمل على توسيع شبكة المستشفيات الحكومية في المحافظات كافة خلال العامين المقبلين.",
]
ENGLISH = ["The ministry of health opened a new hospital in the north of the country on Tuesday, officials said.",
           "The minister said the hospital would serve more than two hundred thousand people in the region."]


def page(title: str, paragraphs: list[str], lang: str = "ar") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>'
            f'<nav><a href="/">Home</a></nav><article><h1>{title}</h1>{body}</article>'
            f"<footer>© news</footer></body></html>")


ARABIC_TITLE = "افتتاح مستشفى جديد في طرابلس"


def http(status: str, content_type: str) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path: Path, gzip: bool, extra: bytes = b"") -> dict[str, str]:
    """A crawl: warcinfo, request, two Arabic pages (UTF-8; windows-1256 with its charset), an English
    page, a 404, an image and an Arabic `resource` page. Returns the record ids of the pages by name."""
    ids = {}
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def add(name, uri, kind, payload: bytes, headers=None, warc_headers=None):
            record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=headers,
                                               warc_headers_dict=warc_headers or {})
            writer.write_record(record)
            ids[name] = record.rec_headers.get_header("WARC-Record-ID")

        add("request", "https://news.example/a/1", "request", b"",
            StatusAndHeaders("GET /a/1 HTTP/1.1", [("Host", "news.example")], is_http_request=True))
        add("utf8", "https://news.example/a/1", "response", page(ARABIC_TITLE, PARAGRAPHS).encode("utf-8"),
            http("200 OK", "text/html; charset=utf-8"))
        add("cp1256", "https://akhbar.example/2", "response",
            page("الحكومة توسع شبكة المستشفيات", PARAGRAPHS[1:] + PARAGRAPHS[:1]).encode("cp1256"),
            http("200 OK", "text/html; charset=windows-1256"))
        add("english", "https://en.example/news/3", "response", page("New hospital", ENGLISH, "en").encode(),
            http("200 OK", "text/html; charset=utf-8"))
        add("missing", "https://news.example/gone", "response", page("غير موجود", ["الصفحة غير موجودة"]).encode(),
            http("404 Not Found", "text/html; charset=utf-8"))
        add("image", "https://news.example/photo.png", "response", b"\x89PNG\r\n\x1a\n" + extra,
            http("200 OK", "image/png"))
        add("resource", "https://archive.example/page.html", "resource",
            page("مستشفى ثالث في صيدا", [p.replace("طرابلس", "صيدا") for p in PARAGRAPHS]).encode(),
            warc_headers={"Content-Type": "text/html; charset=utf-8"})
    return ids


def split(results):
    results = list(results)
    docs = [r for r in results if isinstance(r, Document)]
    return docs, [r for r in results if isinstance(r, InputError)]


@pytest.mark.parametrize("name,gzip", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_pages_of_a_crawl(tmp_path, name, gzip):
    path = tmp_path / name
    ids = write_warc(path, gzip)
    docs, failures = split(read_file(path))
    assert [d.record_id for d in docs] == [ids["utf8"], ids["cp1256"], ids["resource"]]
    first, legacy, resource = docs
    assert first.metadata["url"] == "https://news.example/a/1"
    assert first.metadata["title"] == ARABIC_TITLE
    assert all(p in first.body for p in PARAGRAPHS) and "Home" not in first.body
    assert legacy.encoding == "cp1256" and PARAGRAPHS[1] in legacy.body
    assert resource.metadata["url"] == "https://archive.example/page.html" and "صيدا" in resource.body
    assert {d.format for d in docs} == {"warc"} and {d.path for d in docs} == {str(path)}
    assert [(f.source, f.problem.split(" (")[0]) for f in failures] == [(f"{path}#{ids['english']}", "not Arabic text")]


def test_articles_keep_record_id_and_url(tmp_path):
    from marsad.pipeline import analyze_documents

    path = tmp_path / "crawl.warc.gz"
    ids = write_warc(path, gzip=True)
    results = list(analyze_documents(read_file(path)))
    articles = [r for r in results if not isinstance(r, InputError)]
    assert [a.source.record_id for a in articles] == [ids["utf8"], ids["cp1256"], ids["resource"]]
    assert articles[0].metadata.url == "https://news.example/a/1"
    assert articles[0].source.format == "warc" and articles[0].source.record == 3  # warcinfo, request, page
    assert articles[0].to_dict()["source"]["record_id"] == ids["utf8"]


def test_found_by_content_whatever_the_name(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    ids = write_warc(path, gzip=True)
    data = path.read_bytes()
    unnamed = tmp_path / "download.bin"
    unnamed.write_bytes(data)
    for results in (read_file(unnamed), read_bytes(data), read_bytes(data, "crawl.dat")):
        docs, failures = split(results)
        assert [d.record_id for d in docs] == [ids["utf8"], ids["cp1256"], ids["resource"]]
        assert len(failures) == 1


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_file_is_one_failure_after_the_pages_before(tmp_path, gzip):
    path = tmp_path / "crawl.warc"
    ids = write_warc(path, gzip)
    data = path.read_bytes()
    last = data.rindex(b"\x1f\x8b\x08" if gzip else b"WARC/1.0")  # where the last record starts
    for size in (last + 30, last + 300, len(data) - 100, len(data) - 12):
        cut = tmp_path / f"cut{size}.warc"
        cut.write_bytes(data[:size])
        docs, failures = split(read_file(cut))
        # The last page is kept only when its record was whole (a cut in the gzip trailer spares it).
        assert [d.record_id for d in docs][:2] == [ids["utf8"], ids["cp1256"]] and len(docs) <= 3, size
        assert all(p.replace("طرابلس", "صيدا") in docs[2].body for p in PARAGRAPHS) if len(docs) == 3 else True
        assert failures[0].problem.startswith("not Arabic text"), size
        assert len(failures) == 2 and failures[1].problem.startswith("truncated WARC"), (size, failures)
        assert failures[1].source.startswith(f"{cut}#")


def test_corrupt_data_is_one_failure(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gzip=True)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 200] = os.urandom(200)
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(bytes(data))
    results = list(read_file(broken))  # never raises
    docs, failures = split(results)
    assert failures and all(f.source.startswith(f"{broken}#") for f in failures)
    assert len(docs) < 3


def test_large_crawl_is_streamed(tmp_path, monkeypatch):
    path = tmp_path / "big.warc.gz"
    ids = write_warc(path, gzip=True, extra=os.urandom(24 * 2**20))
    assert path.stat().st_size > 24 * 2**20

    def whole_file(self):
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", whole_file)
    tracemalloc.start()
    try:
        docs, _ = split(read_paths([str(path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.record_id for d in docs] == [ids["utf8"], ids["cp1256"], ids["resource"]]
    assert peak < 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_analyze_cli_reports_pages_and_non_arabic_count(tmp_path, capsys):
    path = tmp_path / "crawl.warc.gz"
    ids = write_warc(path, gzip=True)
    code = main(["analyze", str(path)])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r["source"]["record_id"] for r in records] == [ids["utf8"], ids["cp1256"], ids["resource"]]
    assert records[0]["metadata"]["url"] == "https://news.example/a/1"
    assert f"marsad: {path}#{ids['english']}: not Arabic text" in err
    assert "3 analysed, 1 failed (1 not Arabic)" in err


def test_ingest_into_store_is_idempotent(tmp_path, capsys):
    path = tmp_path / "crawl.warc.gz"
    ids = write_warc(path, gzip=True)
    db = tmp_path / "store.db"
    first = ingest([str(path)], str(db))
    assert (first.added, first.failed, first.not_arabic) == (3, 1, 1)
    again = ingest([str(path)], str(db))
    assert (again.added, again.failed, again.skipped) == (0, 0, 4)
    with sqlite3.connect(db) as con:
        rows = dict(con.execute("SELECT key, url FROM sources WHERE problem IS NULL"))
        problems = con.execute("SELECT key, problem FROM sources WHERE problem IS NOT NULL").fetchall()
    assert rows[f"{path}#{ids['utf8']}"] == "https://news.example/a/1"
    assert rows[f"{path}#{ids['resource']}"] == "https://archive.example/page.html"
    assert [(k, p.split(" (")[0]) for k, p in problems] == [(f"{path}#{ids['english']}", f"{path}#{ids['english']}: not Arabic text")]
    assert main(["ingest", str(path), "--db", str(db), "--workers", "1"]) == 0
    assert "0 added, 0 already stored, 4 unchanged sources skipped, 0 failed" in capsys.readouterr().err
