"""Damaged and hostile input never stops a batch or garbles an article silently (issue: robustness)."""
import json

from fastapi.testclient import TestClient

import marsad
from marsad.api import create_app
from marsad.cli import main
from marsad.ingest.decode import decode
from marsad.store.db import Store

TEXT = ("قال وزير الخارجية الليبي إن الحكومة ستجتمع في طرابلس يوم الأحد لبحث الأوضاع الأمنية في البلاد، "
        "وأضاف أن وفدا من تونس سيصل إلى العاصمة الليبية للمشاركة في الاجتماع.")


def record(text: str = TEXT, **fields) -> str:
    return json.dumps({"title": "خبر", "text": text, **fields}, ensure_ascii=False)


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_json_line_fails_alone_and_the_batch_is_stored(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_text(record() + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text(nested(1000) + "\n" + record(TEXT.replace("تونس", "مصر")) + "\n",
                                    encoding="utf-8")
    (folder / "c.jsonl").write_text('{"a":' * 1000 + "1" + "}" * 1000 + "\n" + record(TEXT.replace("طرابلس", "بنغازي"))
                                    + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    assert main(["ingest", str(folder), "--db", str(db), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "b.jsonl:1: invalid JSON (nested too deeply" in err and "c.jsonl:1: invalid JSON (nested too deeply" in err
    assert "Traceback" not in err
    with Store(str(db)) as store:
        counts = store.counts()
    assert counts["articles"] == 3 and counts["failures"] == 2
    assert main(["analyze", str(folder / "b.jsonl"), str(folder / "a.jsonl")]) == 1
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 2 and "Traceback" not in captured.err


def test_deeply_nested_json_post_is_a_400(tmp_path):
    db = tmp_path / "api.db"
    Store(str(db)).close()
    client = TestClient(create_app(str(db), token="secret"))
    headers = {"Authorization": "Bearer secret", "Content-Type": "application/json"}
    response = client.post("/api/articles", content=nested(1000), headers=headers)
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


def test_one_bad_byte_in_utf8_is_replaced_and_reported_not_read_as_cp1256(tmp_path, capsys):
    data = TEXT.encode("utf-8")
    at = data.index(b" ", 60)
    damaged = data[:at] + b"\xff" + data[at:]
    text, encoding, warnings = decode(damaged, "x.txt")
    assert encoding == "utf-8" and text.replace("\ufffd", "") == TEXT
    assert warnings == [f"1 invalid UTF-8 byte sequence(s) replaced by U+FFFD (the first at byte {at})"]
    split = data[:61] + b"\xff" + data[61:]  # inside a letter: the letter is lost too, still UTF-8
    assert decode(split)[1] == "utf-8"
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    assert main(["analyze", str(path)]) == 0
    captured = capsys.readouterr()
    article = json.loads(captured.out)
    assert "طرابلس" in article["text"] and article["warnings"][0]["code"] == "input"
    assert "warning: 1 invalid UTF-8 byte" in captured.err
    assert {e["text"] for e in article["entities"]} >= {"طرابلس", "تونس"}


def test_text_in_cp1256_is_still_read_as_cp1256():
    assert decode(TEXT.encode("cp1256"))[:3] == (TEXT, "cp1256", [])


def test_lone_surrogates_are_replaced_with_a_warning(tmp_path, capsys):
    path = tmp_path / "s.jsonl"
    path.write_text('{"title": "\\ud800 عنوان", "text": "' + TEXT[:40] + '\\udfff' + TEXT[40:] + '"}\n', encoding="utf-8")
    assert main(["analyze", str(path)]) == 0
    captured = capsys.readouterr()
    article = json.loads(captured.out)
    assert article["metadata"]["title"] == "\ufffd عنوان" and "\ufffd" in article["text"]
    assert "internal error" not in captured.err and "lone surrogate" in captured.err
    direct = marsad.analyze(TEXT + "\ud800", title="x\udc00")
    assert [w.message for w in direct.warnings] == ["1 lone surrogate(s) in the text replaced by U+FFFD",
                                                     "1 lone surrogate(s) in title replaced by U+FFFD"]


def test_lone_surrogate_post_is_stored(tmp_path):
    db = tmp_path / "api.db"
    Store(str(db)).close()
    client = TestClient(create_app(str(db), token="secret"))
    headers = {"Authorization": "Bearer secret", "Content-Type": "application/json"}
    response = client.post("/api/articles", content='{"text": "' + TEXT + '\\ud800"}', headers=headers)
    assert response.status_code == 201


def test_a_fully_vowelled_text_keeps_its_entities():
    """Diacritics on every letter (a fully vowelled text) are matched through: the same actors and
    places come out, with offsets on the vowelled text (the probe once found 6 of 13)."""
    from pathlib import Path

    harakat = "\u064e\u064f\u0650"

    def vowelled(text: str) -> str:
        out = []
        for ch in text:
            out.append(ch)
            if "\u0621" <= ch <= "\u064a":
                out.append(harakat[len(out) % 3])
        return "".join(out)

    plain_ids = vowelled_ids = 0
    for path in sorted((Path(marsad.__file__).parent / "samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        plain, vowel = marsad.analyze(text), marsad.analyze(vowelled(text))
        ids = {m.canonical_id for m in plain.entities}
        plain_ids += len(ids)
        vowelled_ids += len(ids & {m.canonical_id for m in vowel.entities})
        for m in vowel.entities:
            assert vowel.text[m.start:m.end] == m.text
    assert vowelled_ids >= 0.9 * plain_ids, (vowelled_ids, plain_ids)
