"""Property-based fuzzing of every reader: whatever the bytes, nesting, encoding, size or odd characters,
each input gives Articles or one-line InputErrors, never an exception."""
import codecs
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.errors import InputError
from marsad.ingest import read_bytes
from marsad.model import Article
from marsad.pipeline import analyze_documents

FORMATS = ("auto", "text", "html", "jsonl", "csv")
ARABIC = "قال وزير الخارجية الليبي إن الحكومة ستجتمع في طرابلس يوم الأحد لبحث الأوضاع الأمنية في البلاد."
ODD = st.sampled_from(["\u202e", "\u2066", "\u200b", "\u200f", "\ufeff", "\ud800", "\udfff", "\x00", "\u0640",
                       "\U0001f600", "\r", "\u00a0", "\u064b", "&lt;", "<script>", '"', "\\"])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcomes(data: bytes, fmt: str, name: str) -> list:
    """Everything the pipeline makes of the input; each item is checked."""
    items = list(analyze_documents(read_bytes(data, name, fmt)))
    for item in items:
        assert isinstance(item, (Article, InputError)), item
        if isinstance(item, InputError):
            assert "\n" not in str(item) and str(item).startswith(name.split(":")[0])
            assert "internal error" not in str(item), str(item)
        else:
            json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")  # writable as it is
    return items


@FAST
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(FORMATS))
def test_any_bytes(data, fmt):
    outcomes(data, fmt, "fuzz.bin")


@FAST
@given(pieces=st.lists(st.one_of(ODD, st.text(max_size=40), st.just(ARABIC)), max_size=30),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1256", "iso-8859-6"]),
       fmt=st.sampled_from(FORMATS))
def test_text_with_odd_characters_in_any_encoding(pieces, encoding, fmt):
    text = "".join(pieces)
    data = text.encode(encoding, errors="replace") if encoding not in ("utf-8", "utf-8-sig") \
        else codecs.encode(text, encoding, errors="surrogatepass")
    outcomes(data, fmt, "fuzz.txt")


@FAST
@given(depth=st.integers(min_value=1, max_value=3000), opener=st.sampled_from(["[", '{"a":']),
       good_after=st.booleans())
def test_nested_json_lines(depth, opener, good_after):
    closer = "]" if opener == "[" else "}"
    line = opener * depth + ("1" if opener != "[" else "") + closer * depth
    good = json.dumps({"text": ARABIC}, ensure_ascii=False)
    data = (line + "\n" + (good + "\n" if good_after else "")).encode()
    items = outcomes(data, "jsonl", "fuzz.jsonl")
    if good_after:
        assert any(isinstance(i, Article) for i in items)


@FAST
@given(fields=st.dictionaries(st.sampled_from(["text", "title", "url", "site", "date", "author", "cat", "x"]),
                              st.one_of(st.text(max_size=200), st.integers(), st.none(), st.lists(st.text(max_size=5)),
                                        st.just(ARABIC), st.just(ARABIC + "\ud800")), max_size=8))
def test_json_records_with_any_fields(fields):
    outcomes((json.dumps(fields, ensure_ascii=True) + "\n").encode(), "jsonl", "fuzz.jsonl")


@settings(max_examples=8, deadline=None)
@given(copies=st.integers(min_value=1, max_value=400), glue=st.sampled_from(["\n", " ", "", "\u200b"]))
def test_sizes(copies, glue):
    outcomes(glue.join([ARABIC] * copies).encode(), "auto", "big.txt")
