"""The command line: JSON Lines output, --pretty, bad inputs reported and the rest processed."""
import json
import subprocess
import sys

from marsad.cli import main

ARTICLE = ("الرئيسية / دولي / وفد ليبي يزور القاهرة لبحث التعاون\n"
           "موقع الخبر\n\n"
           "وفد ليبي يزور القاهرة لبحث التعاون\n\n"
           "وصل وفد ليبي رفيع إلى القاهرة أمس لبحث التعاون الاقتصادي مع مصر.وأكد رئيس الوفد أن ليبيا "
           "تريد شراكة طويلة.\n")


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_analyze_prints_one_json_article_per_line(tmp_path, capsys):
    path = write(tmp_path, "a.txt", ARTICLE)
    assert main(["analyze", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    article = json.loads(lines[0])
    assert article["metadata"]["section"] == "دولي"
    assert article["metadata"]["site"] == "موقع الخبر"
    assert {e["geonameid"] for e in article["canonical_entities"]} >= {360630, 357994, 2215636}


def test_output_file_and_directories(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write(folder, "one.txt", ARTICLE)
    write(folder / "sub", "two.txt", ARTICLE.replace("القاهرة", "تونس"))
    out = tmp_path / "out.jsonl"
    assert main(["analyze", str(folder), "-o", str(out)]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 and rows[0]["id"] != rows[1]["id"]


def test_bad_file_is_reported_and_the_rest_processed(tmp_path, capsys):
    good = write(tmp_path, "good.txt", ARTICLE)
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    english = write(tmp_path, "english.txt", "Only English text here, nothing Arabic at all.")
    code = main(["analyze", str(empty), str(good), str(binary), str(english), str(tmp_path / "missing.txt")])
    captured = capsys.readouterr()
    assert code == 1
    assert len(captured.out.splitlines()) == 1
    errors = [line for line in captured.err.splitlines() if line.startswith("marsad: ")]
    assert any(str(empty) in e and "empty" in e for e in errors)
    assert any(str(binary) in e and "binary" in e for e in errors)
    assert any(str(english) in e and "not Arabic" in e for e in errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)


def test_pretty_summary_in_arabic(tmp_path, capsys):
    path = write(tmp_path, "a.txt", ARTICLE)
    assert main(["analyze", str(path), "--pretty", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "العنوان: وفد ليبي يزور القاهرة لبحث التعاون" in out
    assert "القسم: دولي" in out
    assert "Cairo, EG" in out and "geonames:360630" in out


def test_jsonl_corpus_with_field_mapping(tmp_path, capsys):
    rows = [{"body_ar": "اجتمع وزراء الخارجية العرب في الرياض لبحث الأزمة في السودان.", "headline": "اجتماع وزاري"},
            {"body_ar": "", "headline": "خبر فارغ"}]
    path = write(tmp_path, "c.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    code = main(["analyze", str(path), "--text-field", "body_ar", "--title-field", "headline"])
    captured = capsys.readouterr()
    assert code == 1
    article = json.loads(captured.out.splitlines()[0])
    assert article["metadata"]["title"] == "اجتماع وزاري"
    assert f"{path}:2" in captured.err


def test_stdin_and_help():
    result = subprocess.run([sys.executable, "-m", "marsad.cli", "analyze", "-"], input=ARTICLE.encode(),
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["metadata"]["title"] == "وفد ليبي يزور القاهرة لبحث التعاون"
    for command in ("analyze", "bench", "build", "schema"):
        helped = subprocess.run([sys.executable, "-m", "marsad.cli", command, "--help"], capture_output=True, timeout=60)
        assert helped.returncode == 0 and b"usage" in helped.stdout


def test_spark_without_java_says_so_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    monkeypatch.delenv("JAVA_HOME", raising=False)
    assert main(["spark", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Java" in err and err.startswith("marsad: spark:")
    assert not (tmp_path / "out").exists()


def test_ingest_needs_paths_or_parquet(tmp_path, capsys):
    assert main(["ingest", "--db", str(tmp_path / "s.db")]) == 2
    assert "--from-parquet" in capsys.readouterr().err
    assert main(["ingest", "--from-parquet", str(tmp_path), "--db", str(tmp_path / "s.db")]) == 1
    assert "not the output of marsad spark" in capsys.readouterr().err


NEWS = ("وفد ليبي يزور القاهرة\n"
        "وصل وفد ليبي إلى القاهرة يوم الخميس. وقال وزير الخارجية المصري سامح شكري إن مصر تدعم الحوار بين "
        "الأطراف الليبية.\n"
        "واحتج مئات المتظاهرين في طرابلس على انقطاع الكهرباء.")


def test_pretty_summary_shows_quotes_and_events(tmp_path, capsys):
    """Every quote (speaker, cue, content) and event (type, status, actors, place, date) of the JSON is
    in the summary, each on its own line."""
    path = write(tmp_path, "b.txt", NEWS)
    assert main(["analyze", str(path)]) == 0
    article = json.loads(capsys.readouterr().out)
    assert article["quotes"] and article["events"]
    assert main(["analyze", str(path), "--pretty"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = {e["id"]: e["name"] for e in article["canonical_entities"]}
    assert f"الأقوال ({len(article['quotes'])}):" in lines and f"الأحداث ({len(article['events'])}):" in lines
    for quote in article["quotes"]:
        assert any(quote["speaker"] in line and f"({quote['cue']})" in line and f"«{quote['content']}»" in line
                   for line in lines), quote
    for event in article["events"]:
        expected = [f"({event['type']})", f"«{event['trigger']}»", "الحالة: وقع" if event["status"] == "asserted" else "",
                    f"المكان: {names.get(event['location'], event['location'])}", f"التاريخ: {event['date'] or '—'}"]
        assert any(all(part in line for part in expected) for line in lines), event
