"""Stores in odd states: created by two processes at once, killed while being built, read-only, full,
not a store at all, from a newer marsad; every case is one clear line and nothing is lost."""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from marsad.api import create_app
from marsad.cli import main
from marsad.store.db import MIGRATIONS, Store

PY = sys.executable
CITIES = ["طرابلس", "بنغازي", "مصراتة", "سبها", "درنة", "طبرق"]


def corpus(path: Path, n: int, site: str = "test-news") -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            city = CITIES[i % len(CITIES)]
            text = (f"أعلن المجلس البلدي في مدينة {city} الليبية عن خطة رقم {i} لإصلاح شبكة المياه. "
                    f"وقال رئيس المجلس إن الخطة {i} تشمل {i % 7 + 2} أحياء.")
            f.write(json.dumps({"title": f"خطة {i}", "text": text, "src": site, "url": f"https://{site}/{i}"},
                               ensure_ascii=False) + "\n")
    return path


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "marsad.cli", *args], capture_output=True, text=True, timeout=300, **kwargs)


def one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("marsad: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_two_processes_creating_one_store_both_succeed(tmp_path):
    code = "import sys; from marsad.store.db import Store; Store(sys.argv[1]).close()"
    for trial in range(8):
        db = str(tmp_path / f"new{trial}.db")
        procs = [subprocess.Popen([PY, "-c", code, db], stderr=subprocess.PIPE, text=True) for _ in range(3)]
        errors = [p.communicate(timeout=120)[1] for p in procs]
        assert all(p.returncode == 0 for p in procs), errors
        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_concurrent_ingests_into_a_new_store_lose_nothing(tmp_path):
    a, b = corpus(tmp_path / "a.jsonl", 12, "a.example"), corpus(tmp_path / "b.jsonl", 12, "a.example")
    db = str(tmp_path / "s.db")
    procs = [subprocess.Popen([PY, "-m", "marsad.cli", "ingest", str(p), "--db", db, "--workers", "1"],
                              stderr=subprocess.PIPE, text=True) for p in (a, b)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 12  # the same texts: stored once
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == 24  # every copy kept


def test_a_store_killed_while_being_created_opens_again(tmp_path):
    code = "import sys; from marsad.store.db import Store; Store(sys.argv[1]).close()"
    for trial, delay in enumerate((0.02, 0.05, 0.1, 0.15, 0.2, 0.3)):
        db = tmp_path / f"k{trial}.db"
        proc = subprocess.Popen([PY, "-c", code, str(db)])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        Store(str(db)).close()  # whatever the moment of the kill, the next open finishes the job
        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_every_copy_of_an_article_keeps_its_metadata(tmp_path):
    text = "قال وزير الخارجية التونسي إن بلاده تدعم الحوار في ليبيا وتستضيف اجتماعا للأطراف الليبية في تونس."
    for site in ("one.example", "two.example"):
        (tmp_path / f"{site}.jsonl").write_text(json.dumps(
            {"title": f"عنوان {site}", "text": text, "src": site, "url": f"https://{site}/x", "date": "2018-01-02"},
            ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(tmp_path / "one.example.jsonl"), str(tmp_path / "two.example.jsonl"), "--db", db,
                 "--workers", "1"]) == 0
    client = TestClient(create_app(db))
    article_id = client.get("/api/articles").json()["items"][0]["id"]
    sources = client.get(f"/api/articles/{article_id}/sources").json()
    assert sorted(s["site"] for s in sources) == ["one.example", "two.example"]
    assert {s["url"] for s in sources} == {"https://one.example/x", "https://two.example/x"}
    page = client.get(f"/articles/{article_id}").text
    assert 'id="copies"' in page and "two.example" in page
    assert client.get("/api/articles/nope/sources").status_code == 404


def test_not_a_store_is_one_line_for_every_command(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not SQLite\n" * 100)
    one_line_error(run("ingest", str(corpus(tmp_path / "c.jsonl", 1)), "--db", str(bogus)), "not a marsad store")
    one_line_error(run("export", "events", "--db", str(bogus)), "not a marsad store")
    one_line_error(run("serve", "--db", str(bogus), "--port", "0"), "not a marsad store")


def test_a_store_from_a_newer_marsad_is_one_line(tmp_path):
    db = tmp_path / "new.db"
    Store(str(db)).close()
    with sqlite3.connect(db) as con:
        con.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    one_line_error(run("export", "events", "--db", str(db)), "newer than this marsad")
    one_line_error(run("ingest", str(corpus(tmp_path / "c.jsonl", 1)), "--db", str(db)), "newer than this marsad")


def test_bad_command_lines_are_one_line(tmp_path):
    source = corpus(tmp_path / "c.jsonl", 1)
    one_line_error(run("analyze", str(source), "-o", str(tmp_path / "missing" / "out.jsonl")), "No such file")
    for value in ("-1", "0", "x"):
        result = run("ingest", str(source), "--db", str(tmp_path / "s.db"), "--limit", value)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "--limit" in result.stderr.splitlines()[-1]


def test_token_from_a_file(tmp_path):
    empty = tmp_path / "token"
    empty.write_text("\n")
    db = tmp_path / "s.db"
    Store(str(db)).close()
    one_line_error(run("serve", "--db", str(db), "--token-file", str(empty)), "empty token file")


def _in_mount_namespace(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace (it may mount tmpfs), or skip where not allowed."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no permission to mount a tmpfs here (needs root or a user namespace)")
    env = {**os.environ, "PY": PY}
    return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300, env=env)


def test_a_read_only_store_is_served_and_exported(tmp_path):
    db = tmp_path / "s.db"
    assert main(["ingest", str(corpus(tmp_path / "c.jsonl", 3)), "--db", str(db), "--workers", "1"]) == 0
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import sys\nfrom fastapi.testclient import TestClient\nfrom marsad.api import create_app\n"
        "c = TestClient(create_app(sys.argv[1]))\n"
        "print(*(c.get(u).status_code for u in ('/api/stats', '/', '/api/search?q=المياه', '/entities')))\n")
    mount = tmp_path / "ro"
    mount.mkdir()
    result = _in_mount_namespace(
        f"mount -t tmpfs tmpfs {mount} && cp {db} {mount}/ && mount -o remount,ro {mount} && "
        f"$PY {probe} {mount}/s.db && $PY -m marsad.cli export events --db {mount}/s.db > /dev/null && echo exported; "
        f"$PY -m marsad.cli ingest {tmp_path}/c.jsonl --db {mount}/s.db")
    lines = result.stdout.splitlines()
    assert lines[:2] == ["200 200 200 200", "exported"], result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "cannot write the store here" in result.stderr


def test_a_full_disk_stops_ingest_with_one_line_and_a_rerun_resumes(tmp_path):
    source = corpus(tmp_path / "c.jsonl", 400)
    mount = tmp_path / "small"
    mount.mkdir()
    result = _in_mount_namespace(
        f"mount -t tmpfs -o size=400k tmpfs {mount} && "
        f"$PY -m marsad.cli ingest {source} --db {mount}/s.db --workers 1; echo exit=$?; "
        f"cp {mount}/s.db* {tmp_path}/")
    assert "exit=1" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "the disk is full" in result.stderr
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(source), "--db", db, "--workers", "1"]) == 0  # resumes where it stopped
    with Store(db, readonly=True) as store:
        assert store.counts()["articles"] == 400


def test_a_store_from_before_schema_3_served_read_only_lists_its_sources(tmp_path):
    from marsad.store import queries

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as con:
        for migration in MIGRATIONS[:2]:
            con.executescript(migration)
        con.execute("PRAGMA user_version = 2")
        con.execute("INSERT INTO sources VALUES ('a.txt', 'h', 'id1', NULL, '2018-01-01')")
    with Store(str(db), readonly=True) as store:
        assert queries.article_sources(store, "id1") == [
            {"key": "a.txt", "url": None, "title": None, "site": None, "published": None, "at": "2018-01-01"}]
