"""Readers: crawled text pages, HTML, JSON Lines / JSON / CSV corpora, encodings, directories, and
the way their output flows through `marsad.analyze()`."""
from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

import marsad
from marsad.errors import InputError
from marsad.ingest import Document, FieldMap, detect_format, read_bytes, read_paths
from marsad.ingest.decode import MAX_DOCUMENT_BYTES, decode
from marsad.ingest.html import read_html
from marsad.ingest.textpage import read_text_page
from marsad.model import Article
from marsad.pipeline import analyze_documents

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PAGE = FIXTURES / "page.txt"
PAGE_TITLE = "وزراء الخارجية العرب يبحثون في القاهرة أزمة المياه في حوض النيل"
FIRST_SENTENCE = "عقد وزراء الخارجية العرب اجتماعا طارئا في القاهرة أمس لبحث أزمة المياه في حوض النيل."

TITLE = "فوز المنتخب الوطني على نظيره التونسي في تصفيات كأس العالم"
BODY = ("حقق المنتخب الوطني فوزا ثمينا على نظيره التونسي بهدفين نظيفين في المباراة التي جرت مساء أمس.\n\n"
        "وقال المدرب في ندوة صحفية عقب اللقاء إن لاعبيه قدموا أداء كبيرا رغم الضغط الجماهيري.\n")
SENTENCE = "قال رئيس الوزراء إن الحكومة ستعلن ميزانية العام المقبل في الأسبوع القادم، مع زيادة في الإنفاق على التعليم والصحة."


def split(items) -> tuple[list[Document], list[InputError]]:
    items = list(items)
    assert all(isinstance(x, (Document, InputError)) for x in items)
    return [x for x in items if isinstance(x, Document)], [x for x in items if isinstance(x, InputError)]


def assert_error(err, source: str, *fragments: str) -> None:
    """One line, `<source>: <problem>`, with every fragment in the problem."""
    assert isinstance(err, InputError), err
    message = str(err)
    assert "\n" not in message and "\r" not in message
    assert message == f"{err.source}: {err.problem}"
    assert err.source == source
    for fragment in fragments:
        assert fragment in err.problem, message


def one(data: bytes, **kwargs) -> Document:
    items = list(read_bytes(data, **kwargs))
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def error(data: bytes, **kwargs) -> InputError:
    items = list(read_bytes(data, **kwargs))
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return items[0]


# 1. Crawled text pages -------------------------------------------------------------------------

def test_crawled_page_header_and_body():
    docs, errors = split(read_paths([str(PAGE)]))
    assert not errors and len(docs) == 1
    doc = docs[0]
    assert doc.metadata["section_path"] == ["الرئيسية", "دولي"]
    assert doc.metadata["section"] == "دولي"
    assert doc.metadata["site"] == "elmaouid"
    assert doc.metadata["title"] == PAGE_TITLE
    assert doc.body.startswith(FIRST_SENTENCE)
    assert doc.body_start == doc.original.index(FIRST_SENTENCE)
    assert doc.body.rstrip().endswith("في الرياض الشهر المقبل.")
    assert doc.format == "text" and doc.encoding == "utf-8" and doc.path == str(PAGE)
    assert doc.original == PAGE.read_text(encoding="utf-8")


@pytest.mark.parametrize("sep", [" / ", " > ", " » ", " | "])
def test_breadcrumb_separators(sep):
    page = f"الرئيسية{sep}رياضة{sep}{TITLE}\nelkhabar\n\n{TITLE}\n\n{BODY}"
    doc = one(page.encode())
    assert doc.metadata == {"section_path": ["الرئيسية", "رياضة"], "section": "رياضة", "site": "elkhabar", "title": TITLE}
    assert doc.body == BODY


def test_breadcrumb_without_title():
    doc = one(f"الرئيسية / رياضة\nelkhabar\n\n{TITLE}\n\n{BODY}".encode())
    assert doc.metadata["section_path"] == ["الرئيسية", "رياضة"]
    assert doc.metadata["section"] == "رياضة"
    assert doc.metadata["site"] == "elkhabar"
    assert doc.metadata["title"] == TITLE
    assert doc.body == BODY


def test_breadcrumb_without_title_or_site():
    short_title = "انفجار ضخم في مرفأ بيروت"  # short enough to pass for a site name
    doc = one(f"الرئيسية / دولي\n{short_title}\n\n{BODY}".encode())
    assert "site" not in doc.metadata
    assert doc.metadata["title"] == short_title
    assert doc.body == BODY


def test_breadcrumb_with_arabic_site_name():
    doc = one(f"الرئيسية / دولي\nالنهار\n{TITLE}\n\n{BODY}".encode())
    assert doc.metadata["site"] == "النهار"
    assert doc.metadata["title"] == TITLE


def test_breadcrumb_short_title_is_not_a_section():
    doc = one(f"الرئيسية / دولي / انفجار في بيروت\nelkhabar\n\nانفجار في بيروت\n\n{BODY}".encode())
    assert doc.metadata["section_path"] == ["الرئيسية", "دولي"]
    assert doc.metadata["section"] == "دولي"
    assert doc.metadata["title"] == "انفجار في بيروت"
    assert doc.body == BODY


def test_breadcrumb_without_home_confirmed_by_repeated_title():
    doc = one(f"دولي / {TITLE}\nelkhabar\n\n{TITLE}\n\n{BODY}".encode())
    assert doc.metadata == {"section_path": ["دولي"], "section": "دولي", "site": "elkhabar", "title": TITLE}
    assert doc.body == BODY


def test_title_holding_the_separator():
    title = "مصر / السودان: اتفاق على تقاسم مياه النيل"
    doc = one(f"الرئيسية / دولي / {title}\nelmaouid\n\n{title}\n\n{BODY}".encode())
    assert doc.metadata["section_path"] == ["الرئيسية", "دولي"]
    assert doc.metadata["title"] == title
    assert doc.body == BODY


def test_crlf_page_reads_like_lf():
    lf = PAGE.read_text(encoding="utf-8")
    doc = one(lf.replace("\n", "\r\n").encode())
    assert doc.metadata == one(lf.encode()).metadata
    assert doc.body.startswith(FIRST_SENTENCE)


def test_plain_text_short_first_line_is_title():
    doc = one(f"{TITLE}\n\n{BODY}".encode())
    assert doc.metadata == {"title": TITLE}
    assert doc.body == BODY


def test_plain_single_paragraph_is_body_only():
    text = f"{SENTENCE} {SENTENCE}\n"
    doc = one(text.encode())
    assert doc.metadata == {}
    assert doc.body == text


@pytest.mark.parametrize("text", ["انفجار في بيروت", "انفجار في بيروت.", "  انفجار في بيروت\n"])
def test_single_short_sentence(text):
    doc = one(text.encode())
    assert doc.metadata == {}
    assert doc.body.strip() == text.strip()


def test_text_with_a_slash_is_not_a_breadcrumb():
    text = f"ارتفع سعر الصرف إلى 3.75 / 3.80 ريال للدولار في تعاملات اليوم.\n\n{BODY}"
    doc = one(text.encode())
    assert "section_path" not in doc.metadata
    assert doc.body == text


def test_read_text_page_directly():
    doc = read_text_page(f"الرئيسية / رياضة / {TITLE}\nelkhabar\n\n{TITLE}\n\n{BODY}", path="x.txt", encoding="utf-8")
    assert doc.path == "x.txt" and doc.body == BODY


# 2. HTML ---------------------------------------------------------------------------------------

JSONLD_PAGE = FIXTURES / "article_jsonld.html"
CRUMB_PAGE = FIXTURES / "article_breadcrumb.html"
BOILERPLATE = ["ثقافة وفنون", "عاجل", "انقطاع مؤقت", "أخبار ذات صلة", "ارتفاع أسعار الذهب", "من نحن", "اتصل بنا",
               "سياسة الخصوصية", "جميع الحقوق محفوظة", "تسجيل الدخول", "اشترك في النشرة", "شارك هذا المقال",
               "لا توجد تعليقات", "شروط الاستخدام"]


def html_doc(path: Path) -> Document:
    docs, errors = split(read_paths([str(path)]))
    assert not errors and len(docs) == 1
    return docs[0]


def test_html_jsonld_breadcrumb_and_meta():
    doc = html_doc(JSONLD_PAGE)
    assert doc.format == "html"
    assert doc.metadata["title"] == "الحكومة الأردنية تعلن خطة لدعم المزارعين في وادي الأردن"
    assert doc.metadata["author"] == "سلمى العمري"
    assert doc.metadata["site"] == "صحيفة الميدان"
    assert doc.metadata["url"] == "https://almaidan.example/economy/2023/05/farmers-plan"
    assert doc.metadata["published"] == "2023-05-14T09:30:00+03:00"
    assert doc.metadata["section_path"] == ["الرئيسية", "اقتصاد", "زراعة"]  # sorted by position
    assert doc.metadata["section"] == "زراعة"
    assert doc.body.startswith("أعلنت الحكومة الأردنية يوم الأحد")
    assert doc.body.rstrip().endswith("وأثقلت كاهل المنتجين.")
    for paragraph in ("وقال وزير الزراعة", "وأضاف الوزير", "من جهتها، رحبت نقابة المزارعين"):
        assert paragraph in doc.body
    for junk in BOILERPLATE:
        assert junk not in doc.original, junk


def test_html_breadcrumb_list_element():
    doc = html_doc(CRUMB_PAGE)
    assert doc.metadata["title"] == "افتتاح معرض الكتاب الدولي في الرباط بمشاركة خمسين دولة"
    assert doc.metadata["author"] == "يوسف بنعلي"
    assert doc.metadata["site"] == "أنباء المغرب"
    assert doc.metadata["published"] == "2024-02-02T18:05:00+00:00"
    assert doc.metadata["section_path"] == ["الرئيسية", "ثقافة", "كتب"]
    assert doc.metadata["section"] == "كتب"
    assert doc.body.startswith("افتتح في العاصمة المغربية الرباط")
    assert "ويستمر المعرض عشرة أيام" in doc.body
    for junk in BOILERPLATE:
        assert junk not in doc.original, junk


def test_html_breadcrumb_with_short_title_drops_it():
    html = (CRUMB_PAGE.read_text(encoding="utf-8")
            .replace("افتتاح معرض الكتاب الدولي في الرباط بمشاركة خمسين دولة", "معرض الرباط للكتاب"))
    doc = one(html.encode(), source="short.html")
    assert doc.metadata["section_path"] == ["الرئيسية", "ثقافة", "كتب"]


def test_html_json_ld_graph():
    html = JSONLD_PAGE.read_text(encoding="utf-8")
    start, end = html.index('<script type="application/ld+json">'), html.index("</script>") + len("</script>")
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "خطة لدعم المزارعين"},
        {"@type": ["BreadcrumbList"], "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": {"@id": "https://almaidan.example/", "name": "الرئيسية"}},
            {"@type": "ListItem", "position": 2, "item": {"@id": "https://almaidan.example/local", "name": "محليات"}},
        ]},
    ]}
    script = f'<script type="application/ld+json">{json.dumps(graph, ensure_ascii=False)}</script>'
    doc = one((html[:start] + script + html[end:]).encode(), source="graph.html")
    assert doc.metadata["section_path"] == ["الرئيسية", "محليات"] and doc.metadata["section"] == "محليات"


def test_html_detected_by_content():
    doc = one(CRUMB_PAGE.read_bytes())
    assert doc.format == "html" and doc.path is None
    assert doc.metadata["section"] == "كتب"


def test_html_url_keyword():
    doc = one(CRUMB_PAGE.read_bytes(), url="https://anbaa.example/culture/books/42")
    assert doc.metadata["url"] == "https://anbaa.example/culture/books/42"


def test_html_without_article_text():
    items = list(read_paths([str(FIXTURES / "empty_page.html")]))
    assert len(items) == 1
    assert_error(items[0], str(FIXTURES / "empty_page.html"), "no article text")


@pytest.mark.parametrize("html", [
    "<html><head><title>عنوان</title></head><body></body></html>",
    "<p>",
    "<div><nav><a href='/'>الرئيسية</a></nav></div>",
])
def test_html_with_nothing_to_read(html):
    assert_error(error(html.encode(), source="page.html"), "page.html", "no article text")


def test_truncated_html_still_reads():
    data = CRUMB_PAGE.read_bytes()
    cut = data.index("ولقاءات مع روائيين".encode()) + 3  # inside a two-byte letter, mid paragraph
    doc = one(data[:cut], source="cut.html")
    assert doc.body.startswith("افتتح في العاصمة المغربية الرباط")
    assert "ويستمر المعرض" not in doc.body
    assert any("truncated UTF-8" in w for w in doc.warnings)


def test_truncated_html_head_errors_cleanly():
    data = CRUMB_PAGE.read_bytes()
    err = error(data[: data.index(b"<body>")], source="head.html")
    assert_error(err, "head.html", "no article text")


def test_xhtml_with_xml_declaration():
    html = CRUMB_PAGE.read_text(encoding="utf-8").replace("<!DOCTYPE html>\n", '<?xml version="1.0" encoding="utf-8"?>\n')
    doc = one(html.encode(), source="page.xhtml")
    assert doc.body.startswith("افتتح في العاصمة المغربية الرباط")


def test_html_in_windows_1256():
    html = JSONLD_PAGE.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1256"').replace("عمّان", "عمان")
    doc = one(html.encode("cp1256"), source="page.html")
    assert doc.encoding == "cp1256"
    assert doc.metadata["title"] == "الحكومة الأردنية تعلن خطة لدعم المزارعين في وادي الأردن"
    assert "وقال وزير الزراعة في مؤتمر صحفي عقده في عمان" in doc.body


def test_read_html_rejects_empty_string():
    with pytest.raises(InputError) as caught:
        read_html("   ", source="blank.html")
    assert_error(caught.value, "blank.html")


# 3. JSON Lines, JSON and CSV corpora -----------------------------------------------------------

ANT = FIXTURES / "ant.jsonl"


def check_ant(items, source: str) -> None:
    items = list(items)
    assert [type(x).__name__ for x in items] == ["Document", "InputError", "Document", "InputError"]
    first, bad_line, second, no_text = items
    assert first.metadata == {
        "title": "ارتفاع صادرات الإمارات غير النفطية خلال الربع الأول",
        "url": "https://example-news.ae/article/1001",
        "site": "alkhaleej",
        "author": "مراسل الاقتصاد",
        "section": "economy",
        "section_path": ["economy"],
        "published": "2018-02-18T21:35:43+04:00",
    }
    assert first.body.startswith("ارتفعت صادرات الإمارات") and first.record == 1 and first.format == "jsonl"
    assert first.path == source and first.encoding == "utf-8"
    assert_error(bad_line, f"{source}:2", "invalid JSON")
    assert second.record == 4 and second.metadata["section"] == "sport"
    assert "author" not in second.metadata  # empty in the record
    assert_error(no_text, f"{source}:5", "no article text", "--text-field")


def test_ant_jsonl_file():
    check_ant(read_paths([str(ANT)]), str(ANT))


def test_ant_jsonl_bytes():
    check_ant(read_bytes(ANT.read_bytes(), str(ANT)), str(ANT))


def test_ant_jsonl_gzip(tmp_path):
    path = tmp_path / "ant.jsonl.gz"
    path.write_bytes(gzip.compress(ANT.read_bytes(), mtime=0))
    check_ant(read_paths([str(path)]), str(path))
    check_ant(read_bytes(path.read_bytes(), str(path)), str(path))


def test_gzip_named_file_that_is_not_compressed(tmp_path):
    path = tmp_path / "ant.jsonl.gz"
    shutil.copy(ANT, path)
    check_ant(read_paths([str(path)]), str(path))


def test_broken_gzip(tmp_path):
    path = tmp_path / "ant.jsonl.gz"
    path.write_bytes(gzip.compress(ANT.read_bytes(), mtime=0)[:200])
    _, errors = split(read_paths([str(path)]))
    assert len(errors) == 1
    assert_error(errors[0], str(path), "unreadable")


def test_saudinewsnet_json_array():
    path = FIXTURES / "sn_shape_records.json"
    docs, errors = split(read_paths([str(path)]))
    assert not errors and len(docs) == 2
    assert docs[0].metadata == {
        "title": "أرامكو ترفع إنتاجها من الغاز في المنطقة الشرقية",
        "url": "http://www.example-sa.com/2015/07/oil",
        "site": "aleqtisadiya",
        "author": "الرياض - فهد الدوسري",
        "published": "2015-07-21T02:51:32",
    }
    assert docs[0].body.startswith("أعلنت شركة أرامكو السعودية")
    assert [d.record for d in docs] == [1, 2] and docs[1].metadata["site"] == "okaz"
    assert all(d.format == "json" for d in docs)


def test_saudinewsnet_as_json_lines():
    records = json.loads((FIXTURES / "sn_shape_records.json").read_text(encoding="utf-8"))
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    docs, errors = split(read_bytes(data))  # no name: JSON Lines recognised by content
    assert not errors and [d.metadata["published"] for d in docs] == ["2015-07-21T02:51:32", "2015-07-22T11:05:09"]


def test_pretty_printed_single_record(tmp_path):
    record = json.loads((FIXTURES / "sn_shape_records.json").read_text(encoding="utf-8"))[1]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    docs, errors = split(read_paths([str(path)]))
    assert not errors and len(docs) == 1
    assert docs[0].metadata["title"] == "أمطار غزيرة على جازان"


def test_broken_json_array(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text((FIXTURES / "sn_shape_records.json").read_text(encoding="utf-8")[:300], encoding="utf-8")
    items = list(read_paths([str(path)]))
    assert len(items) == 1
    assert_error(items[0], str(path), "invalid JSON")


def test_custom_field_map():
    path = str(FIXTURES / "custom.jsonl")
    docs, errors = split(read_paths([path], mapping=FieldMap(text="body_ar", title="headline_ar")))
    assert not errors and len(docs) == 1
    assert docs[0].body.startswith("افتتحت أمانة بغداد جسرا جديدا")
    assert docs[0].metadata["title"] == "افتتاح جسر جديد في بغداد"
    default, = read_paths([path])
    assert default.body == "not this field"
    missing, = read_paths([path], mapping=FieldMap(text="body_fr"))
    assert_error(missing, f"{path}:1", "'body_fr'")


def test_record_that_is_not_an_object():
    items = list(read_bytes(b'{"text": "\xd8\xae\xd8\xa8\xd8\xb1"}\n"just a string"\n[1, 2]\n', "mixed.jsonl"))
    assert isinstance(items[0], Document)
    assert_error(items[1], "mixed.jsonl:2", "not a JSON object")
    assert_error(items[2], "mixed.jsonl:3", "not a JSON object")


def test_jsonl_in_utf16(tmp_path):
    path = tmp_path / "ant16.jsonl"
    path.write_bytes(ANT.read_text(encoding="utf-8").encode("utf-16"))
    docs, errors = split(read_paths([str(path)]))
    assert len(docs) == 2 and len(errors) == 2
    assert docs[0].encoding == "utf-16" and docs[0].body.startswith("ارتفعت صادرات الإمارات")


def test_jsonl_line_not_utf8_in_stream(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = ANT.read_bytes().splitlines(keepends=True)[0]
    path.write_bytes(good + json.dumps({"text": "خبر"}, ensure_ascii=False).encode("cp1256") + b"\n" + good)
    items = list(read_paths([str(path)]))
    assert [type(x).__name__ for x in items] == ["Document", "InputError", "Document"]
    assert_error(items[1], f"{path}:2", "invalid UTF-8")


def test_large_json_lines_from_stdin_are_not_one_document():
    line = json.dumps({"title": "خبر", "text": "نص الخبر " * 30}, ensure_ascii=False).encode() + b"\n"
    data = line * (MAX_DOCUMENT_BYTES // len(line) + 10)
    assert len(data) > MAX_DOCUMENT_BYTES
    docs, errors = split(read_bytes(data, "<stdin>"))
    assert not errors and len(docs) == MAX_DOCUMENT_BYTES // len(line) + 10


def test_oversized_record_is_refused_alone():
    big = json.dumps({"text": "خبر " * (MAX_DOCUMENT_BYTES // 7 + 1)}, ensure_ascii=False)
    small = json.dumps({"text": SENTENCE}, ensure_ascii=False)
    items = list(read_bytes(f"{big}\n{small}\n".encode(), "big.jsonl"))
    assert_error(items[0], "big.jsonl:1", "too large")
    assert isinstance(items[1], Document) and items[1].body == SENTENCE


def test_stdin(monkeypatch):
    data = (ANT.read_bytes().splitlines(keepends=True)[0]) * 2
    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=io.BytesIO(data)))
    docs, errors = split(read_paths(["-"]))
    assert not errors and [d.path for d in docs] == ["<stdin>", "<stdin>"] and [d.record for d in docs] == [1, 2]


CSV_FIRST = {"title": "تونس تطلق حملة وطنية للتشجير", "url": "https://example-tn.com/a/1", "site": "example-tn", "published": "2022-03-21"}


@pytest.mark.parametrize("name", ["news.csv", "news.tsv"])
def test_csv_files(name):
    path = str(FIXTURES / name)
    docs, errors = split(read_paths([path]))
    assert not errors and len(docs) == 2
    assert docs[0].metadata == CSV_FIRST
    assert docs[0].body == ("أطلقت وزارة الفلاحة التونسية حملة وطنية لغرس مليون شجرة، وقالت إن الحملة تستمر شهرين.\n\n"
                            "وتشمل الحملة، بحسب الوزارة، ولايات الشمال الغربي والوسط.")
    assert docs[1].body.endswith('تبلغ "أربعمائة" سرير.')
    assert [d.record for d in docs] == [1, 2] and all(d.format == "csv" and d.path == path for d in docs)


def test_tab_separated_without_extension():
    docs, errors = split(read_bytes((FIXTURES / "news.tsv").read_bytes(), "export", format="csv"))
    assert not errors and docs[0].metadata == CSV_FIRST


def test_semicolon_csv_with_bom_in_cp1256():
    text = "title;text\nخبر أول;نص الخبر الأول، وفيه فاصلة.\nخبر ثان;نص الخبر الثاني.\n"
    for data in (codecs.BOM_UTF8 + text.encode(), text.encode("cp1256")):
        docs, errors = split(read_bytes(data, "excel.csv"))
        assert not errors and [d.metadata["title"] for d in docs] == ["خبر أول", "خبر ثان"]
        assert docs[0].body == "نص الخبر الأول، وفيه فاصلة."


def test_csv_row_with_extra_and_missing_fields():
    data = "title,text\nخبر,نص الخبر,حقل زائد\nخبر بلا نص\n".encode()
    items = list(read_bytes(data, "rows.csv"))
    assert isinstance(items[0], Document) and items[0].body == "نص الخبر"
    assert_error(items[1], "rows.csv:2", "no article text")


# 4. Encodings ----------------------------------------------------------------------------------

ARABIC = "قال وزير الخارجية، في مؤتمر صحفي بالقاهرة، إن بلاده تدعم الحل السياسي في ليبيا وترفض أي تدخل أجنبي."


@pytest.mark.parametrize("data, encoding", [
    (ARABIC.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF16_LE + ARABIC.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "utf-16"),
    (ARABIC.encode("utf-16-le"), "utf-16-le"),
    (ARABIC.encode("utf-16-be"), "utf-16-be"),
    (ARABIC.encode("cp1256"), "cp1256"),
    (ARABIC.replace("،", ",").encode("iso-8859-6"), "iso-8859-6"),
])
def test_decode_encodings(data, encoding):
    text, found, warnings = decode(data)
    expected = ARABIC.replace("،", ",") if encoding == "iso-8859-6" else ARABIC
    assert (text, found, warnings) == (expected, encoding, [])


def test_decode_whole_page_in_legacy_encodings():
    page = PAGE.read_text(encoding="utf-8")
    assert decode(page.encode("cp1256")) == (page, "cp1256", [])
    legacy = page.replace("\u00a0", " ")  # ISO-8859-6 has NBSP, but keep the test about letters
    assert decode(legacy.encode("iso-8859-6"))[:2] == (legacy, "iso-8859-6")


@pytest.mark.parametrize("word", ["مصر", "نعم", "Cairo مصر"])
def test_short_cp1256_is_not_truncated_utf8(word):
    assert decode(word.encode("cp1256"))[:2] == (word, "cp1256")


def test_truncated_utf8():
    data = ARABIC.encode()[:-1] + "ي".encode()[:1]  # the last letter cut after its first byte
    text, encoding, warnings = decode(data)
    assert text == ARABIC[:-1] and encoding == "utf-8"
    assert len(warnings) == 1 and "truncated UTF-8" in warnings[0]
    doc = one(data, source="cut.txt")
    assert doc.body == ARABIC[:-1] and doc.warnings == warnings


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n ", codecs.BOM_UTF8, "\u00a0\u00a0\n".encode(),
                                  " \n".encode("utf-16"), "\u200f \u200b".encode()])
def test_empty_input(data):
    with pytest.raises(InputError) as caught:
        decode(data, "blank.txt")
    assert_error(caught.value, "blank.txt", "empty")
    assert_error(error(data, source="blank.txt"), "blank.txt", "empty")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    random.Random(0).randbytes(4096),
    b"\x00" * 64 + b"\x01\x02\x03\x04" * 256,
    bytes([1, 0, 2, 0, 3, 0, 4, 0, 5, 0]) * 100,  # looks like UTF-16 but decodes to control characters
])
def test_binary_input(data):
    with pytest.raises(InputError) as caught:
        decode(data, "blob.bin")
    assert_error(caught.value, "blob.bin", "binary")


def test_too_large(tmp_path):
    data = ("خبر " * (3 * 2**20)).encode()[: 20 * 2**20]
    with pytest.raises(InputError) as caught:
        decode(data, "big.txt")
    assert_error(caught.value, "big.txt", "too large", "MiB")
    assert_error(error(data, source="big.txt"), "big.txt", "too large")
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    items = list(read_paths([str(path)]))
    assert len(items) == 1
    assert_error(items[0], str(path), "too large")


def test_large_gzip_text_is_too_large():
    data = gzip.compress(("خبر " * (3 * 2**20)).encode(), mtime=0)
    assert len(data) < MAX_DOCUMENT_BYTES
    assert_error(error(data, source="page.txt.gz"), "page.txt.gz", "too large")


def test_english_text_decodes_but_is_not_arabic():
    english = b"Hello world, this is English only."
    assert decode(english) == (english.decode(), "utf-8", [])
    with pytest.raises(marsad.InputError) as caught:
        marsad.analyze(english)
    assert "not Arabic" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_detect_format():
    assert detect_format("{\"text\": \"x\"}\n") == "jsonl"
    assert detect_format("[{\"text\": \"x\"}]") == "jsonl"
    assert detect_format("<!DOCTYPE html><html></html>") == "html"
    assert detect_format("[صور] خبر") == "text"
    assert detect_format("title,text\n", "a.tsv.gz") == "csv"
    assert detect_format(BODY) == "text"


def test_unknown_format_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown format"):
        list(read_bytes(b"x", format="pdf"))


# 5. Directories --------------------------------------------------------------------------------

def make_tree(root: Path) -> None:
    (root / "sub" / "deep").mkdir(parents=True)
    shutil.copy(PAGE, root / "sub" / "good.txt")
    (root / "sub" / "deep" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (root / "empty.txt").write_bytes(b"")
    (root / ".hidden.txt").write_text(BODY, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text(BODY, encoding="utf-8")


def test_directory(tmp_path):
    make_tree(tmp_path)
    items = list(read_paths([str(tmp_path)]))
    assert len(items) == 3
    docs, _ = split(items)
    assert [d.path for d in docs] == [str(tmp_path / "sub" / "good.txt")]
    assert docs[0].metadata["site"] == "elmaouid"
    assert_error(items[0], str(tmp_path / "empty.txt"), "empty")
    assert_error(items[1], str(tmp_path / "sub" / "deep" / "photo.png"), "binary", "PNG")


def test_directory_read_twice_is_the_same(tmp_path):
    make_tree(tmp_path)
    first = [(d.path, d.original, d.body_start, d.metadata) if isinstance(d, Document) else str(d)
             for d in read_paths([str(tmp_path)])]
    again = [(d.path, d.original, d.body_start, d.metadata) if isinstance(d, Document) else str(d)
             for d in read_paths([str(tmp_path)])]
    assert first == again


def test_missing_path_and_mixed_inputs(tmp_path):
    missing = str(tmp_path / "nope.txt")
    items = list(read_paths([missing, str(PAGE), str(FIXTURES / "news.csv")]))
    assert_error(items[0], missing, "no such file")
    assert [type(x).__name__ for x in items] == ["InputError", "Document", "Document", "Document"]


# 6. End to end ---------------------------------------------------------------------------------

def check_article(article: Article, original: str) -> None:
    """Offsets into `text` hold, and `original_offset` maps every visible character back."""
    for mention in article.entities:
        assert article.text[mention.start:mention.end] == mention.text
    for sentence in article.sentences:
        assert 0 <= sentence.start < sentence.end <= len(article.text)
    for i, ch in enumerate(article.text):
        if not ch.isspace():
            assert original[article.original_offset(i)] == ch, i
    data = article.to_dict()
    assert Article.from_dict(data).to_dict() == data
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_analyze_text_page():
    raw = PAGE.read_bytes()
    article = marsad.analyze(raw)
    meta = article.metadata
    assert (meta.site, meta.title, meta.section, meta.section_path, meta.language) == (
        "elmaouid", PAGE_TITLE, "دولي", ["الرئيسية", "دولي"], "ar")
    assert article.text.startswith(FIRST_SENTENCE)
    assert "  " not in article.text and "\u00a0" not in article.text
    assert article.source.format == "text" and article.source.encoding == "utf-8"
    assert article.entities, "the page names Cairo, Egypt, Sudan and others"
    assert {"القاهرة", "مصر", "السودان"} <= {m.text for m in article.entities}
    check_article(article, raw.decode("utf-8"))


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16"])
def test_analyze_legacy_encoded_page(encoding):
    page = PAGE.read_text(encoding="utf-8")
    article = marsad.analyze(page.encode(encoding))
    assert article.source.encoding == encoding and article.metadata.title == PAGE_TITLE
    check_article(article, page)


def test_analyze_documents_from_files():
    paths = [str(PAGE), str(JSONLD_PAGE), str(ANT)]
    docs = list(read_paths(paths))
    results = list(analyze_documents(docs))
    assert len(results) == len(docs)
    for doc, result in zip(docs, results):
        if isinstance(doc, InputError):
            assert result is doc
            continue
        assert isinstance(result, Article)
        assert result.source.path == doc.path and result.source.record == doc.record
        check_article(result, doc.original)
    html = results[1]
    assert html.metadata.published == "2023-05-14T09:30:00+03:00" and html.text.startswith("أعلنت الحكومة الأردنية")
    assert results[2].metadata.site == "alkhaleej" and results[2].source.record == 1


def test_numeric_publication_dates_are_day_first():
    from marsad.ingest.document import parse_date

    assert parse_date("07/02/2017") == "2017-02-07"  # ANT v1 Jawhara FM writes dd/mm/yyyy
    assert parse_date("13/02/2017") == "2017-02-13"
    assert parse_date("02/13/2017") == "2017-02-13"  # month first only when the day cannot be the month
