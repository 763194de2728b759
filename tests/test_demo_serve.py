"""`marsad serve` and `marsad demo` refuse a port in use before any work; the demo loads the bundled
samples, prints progress lines when stderr is not a terminal; boilerplate records are refused at ingest."""
from __future__ import annotations

import json
import socket

import pytest

from marsad.cli import main
from marsad.cli.store import SAMPLES
from marsad.errors import InputError
from marsad.store.db import Store
from marsad.store.ingest import ingest

ARTICLE = ("أعلنت وزارة الصحة في عمان اليوم الأحد افتتاح مستشفى جديد في مدينة إربد بسعة مئتي سرير، وقال الوزير "
           "إن المستشفى سيخدم سكان شمال الأردن.")


@pytest.fixture()
def busy_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_serve_refuses_a_port_in_use(tmp_path, busy_port, capsys):
    db = tmp_path / "s.db"
    Store(db).close()
    assert main(["serve", "--db", str(db), "--port", str(busy_port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"marsad: port {busy_port} on 127.0.0.1 is in use: stop the other server or choose another with --port"]


def test_demo_checks_the_port_before_ingesting(tmp_path, busy_port, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--news", str(tmp_path / "none"), "--port", str(busy_port)]) == 1
    assert "is in use" in capsys.readouterr().err
    assert not db.exists()  # nothing was ingested


def test_demo_loads_the_samples_and_prints_progress_lines(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("marsad.cli.store.PROGRESS_EVERY", 0.0)  # a line at every step of this short run
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--news", str(tmp_path / "none"), "--no-serve", "--workers", "1"]) == 0
    err = capsys.readouterr().err  # not a terminal here: plain lines, no progress bar
    samples = len(list(SAMPLES.glob("*.txt")))
    assert samples >= 10 and f"{samples} articles added (0 shared corpora)" in err
    lines = [line for line in err.splitlines() if " added, " in line and "skipped" in line]
    assert lines and all(line.startswith("marsad: ") for line in lines) and "\r" not in err
    with Store(db, readonly=True) as store:
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == samples


def test_boilerplate_records_are_refused_with_their_reason(tmp_path):
    corpus = tmp_path / "site.jsonl"
    records = [{"text": "** جميع المقالات المنشورة تمثل رأي كتابها فقط."},
               {"text": ARTICLE},
               {"text": "**حقوق النشر محفوظة لمجلة القافلة، أرامكو السعودية"},
               {"text": ARTICLE + "\nجميع الحقوق محفوظة"}]  # an article ending with the line is kept
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    errors = tmp_path / "errors.txt"
    db = tmp_path / "b.db"
    with errors.open("w") as out:
        report = ingest([str(corpus)], str(db), errors=out)
    assert (report.added, report.failed) == (2, 2)
    lines = errors.read_text().splitlines()
    assert [line.split(": ", 2)[1] for line in lines] == [f"{corpus}:1", f"{corpus}:3"]
    assert all("boilerplate, not an article" in line for line in lines)
    with Store(db, readonly=True) as store:  # recorded with their reason
        failures = store.failures()
    assert len(failures) == 2 and all("boilerplate, not an article: a copyright" in f["problem"] for f in failures)


def test_boilerplate_analysis_is_an_input_error():
    import marsad

    with pytest.raises(InputError, match="copyright or disclaimer line of 25 characters"):
        marsad.analyze("جميع الحقوق محفوظة © 2016", format="text")
    assert marsad.analyze(ARTICLE, format="text").entities
