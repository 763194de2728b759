"""The server under hostile requests: long parameters are 400s, every page carries security headers,
bidi controls never reach a title, and Ctrl-C stops an ingest with one line."""
import json
import signal
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

import marsad
from marsad.api import create_app
from marsad.store.db import Store

TEXT = ("قال وزير الخارجية الليبي إن الحكومة ستجتمع في طرابلس يوم الأحد لبحث الأوضاع الأمنية في البلاد، "
        "وأضاف أن وفدا من تونس سيصل إلى العاصمة الليبية للمشاركة في الاجتماع.")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("server") / "s.db"
    with Store(str(db)) as store:
        store.add_article(marsad.analyze(TEXT, title="\u202eعنوان مقلوب", site="\u2067site\u2069"))
    return TestClient(create_app(str(db)))


@pytest.mark.parametrize("url", ["/api/entities?q=", "/api/quotes?q=", "/entities?q=", "/api/search?q=",
                                 "/api/articles?q=", "/?q="])
def test_a_50000_character_parameter_is_a_400(client, url):
    response = client.get(url + "a" * 50_000)
    assert response.status_code == 400
    assert "too long" in (response.json()["detail"] if url.startswith("/api") else response.text)


@pytest.mark.parametrize("url", ["/", "/api/stats", "/entities", "/map", "/static/map.js", "/nope"])
def test_every_response_has_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_bidi_controls_never_reach_titles_or_sites(client):
    item = client.get("/api/articles").json()["items"][0]
    assert item["title"] == "عنوان مقلوب" and item["site"] == "site"
    assert "\u202e" not in client.get("/").text


def test_ctrl_c_stops_a_parallel_ingest_with_one_line(tmp_path):
    with open(tmp_path / "c.jsonl", "w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(json.dumps({"title": str(i), "text": TEXT.replace("الأحد", f"الأحد {i}")}, ensure_ascii=False)
                    + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "marsad.cli", "ingest", str(tmp_path / "c.jsonl"), "--db",
                             str(tmp_path / "s.db"), "--workers", "2"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "s.db").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # the workers are busy now
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.strip().splitlines()[-1] == "marsad: interrupted"


def test_a_body_over_the_limit_is_a_413_and_the_server_keeps_serving(tmp_path):
    from marsad.api.routes import MAX_POST_BYTES

    db = tmp_path / "s.db"
    Store(str(db)).close()
    client = TestClient(create_app(str(db), token="t"))
    headers = {"Authorization": "Bearer t", "Content-Type": "text/plain"}
    big = (TEXT + "\n") * (MAX_POST_BYTES // len(TEXT.encode()) + 10)
    response = client.post("/api/articles", content=big.encode(), headers=headers)
    assert response.status_code == 413 and "marsad ingest" in response.json()["detail"]

    def chunks():  # no Content-Length: the limit holds while reading
        for _ in range(3):
            yield big[: len(big) // 2].encode()

    assert client.post("/api/articles", content=chunks(), headers=headers).status_code == 413
    assert client.post("/api/articles", content=TEXT.encode(), headers=headers).status_code == 201
    assert client.get("/api/stats").json()["articles"] == 1


def test_reads_stay_fast_while_a_large_document_is_analysed(tmp_path):
    """A real server: while one POST of a long article (about 0.9 MB) is analysed, GET requests keep
    answering within a second; the analysis runs in a worker thread, not on the event loop."""
    import socket
    import threading
    import urllib.request

    from marsad.api.routes import MAX_POST_BYTES

    db = tmp_path / "s.db"
    Store(str(db)).close()
    (tmp_path / "token").write_text("t\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--port", str(port),
                               "--token-file", str(tmp_path / "token")], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/api/stats", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        body = ((TEXT + "\n") * (int(0.9 * MAX_POST_BYTES) // len((TEXT + "\n").encode()))).encode()
        posted = {}

        def post():
            request = urllib.request.Request(f"{base}/api/articles", data=body, method="POST",
                                             headers={"Authorization": "Bearer t", "Content-Type": "text/plain"})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=600) as response:
                posted["status"] = response.status
            posted["seconds"] = time.perf_counter() - started

        writer = threading.Thread(target=post)
        writer.start()
        time.sleep(0.5)
        latencies = []
        while writer.is_alive():
            started = time.perf_counter()
            with urllib.request.urlopen(f"{base}/api/stats", timeout=30) as response:
                assert response.status == 200
            latencies.append(time.perf_counter() - started)
            time.sleep(0.1)
        writer.join()
        assert posted["status"] == 201
        assert len(latencies) >= 5, f"the analysis took only {posted['seconds']:.1f} s"
        assert max(latencies) < 1.0, latencies
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
