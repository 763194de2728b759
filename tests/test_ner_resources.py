"""The shipped NER lexical resources: word clusters and name lists (marsad/ner/data/)."""
from __future__ import annotations

import gzip
from itertools import combinations, product

import pytest

from marsad.ner import resources
from marsad.text.normalize import normalize
from marsad.train.ner import corpus_texts

needs_clusters = pytest.mark.skipif(not resources.CLUSTERS_PATH.exists(), reason="clusters table not built")
needs_names = pytest.mark.skipif(not resources.NAMES_PATH.exists(), reason="name lists not built")

CITIES = "طرابلس بنغازي القاهرة دمشق بغداد بيروت الرياض صنعاء الخرطوم الدوحة".split()
MONTHS = "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split()
VERBS = "قال أكد أضاف أعلن أشار أوضح كشف طالب دعا اعتبر".split()
FIRST = "محمد أحمد علي خالد عمر يوسف إبراهيم حسن فاطمة مريم".split()


def _ids(words, level):
    table = resources.load_clusters()
    return [table[normalize(w)][level] for w in words if normalize(w) in table]


def _agreement(a, b=None):
    """Share of pairs (within `a`, or across `a` x `b`) that fall in the same cluster."""
    pairs = list(combinations(a, 2)) if b is None else list(product(a, b))
    return sum(x == y for x, y in pairs) / len(pairs)


@needs_clusters
def test_clusters_load_with_expected_shape():
    table = resources.load_clusters()
    sizes = resources.cluster_sizes()
    assert sizes == (64, 256, 1024)
    assert len(table) > 30_000
    assert resources.load_clusters() is table  # loaded once per process
    for word in ("الرييس", "في", "طرابلس", "محمد"):
        ids = table[word]
        assert len(ids) == len(sizes)
        assert all(0 <= i < k for i, k in zip(ids, sizes))


@needs_clusters
def test_clusters_are_keyed_by_matching_forms_and_fall_back_to_stems():
    assert resources.word_clusters(normalize("وبطرابلس")) == resources.load_clusters()["طرابلس"]
    assert resources.word_clusters("كلمةلاتوجدابدا") is None
    assert resources.word_clusters("2018") == resources.load_clusters()["0000"]
    assert resources.word_clusters("CNN") == resources.load_clusters()["cnn"]
    assert len(resources.word_clusters(normalize("الرئيس"))) == len(resources.cluster_sizes()) == 3


@needs_clusters
@pytest.mark.parametrize("group", [CITIES, MONTHS, FIRST], ids=["cities", "months", "first-names"])
def test_words_of_a_kind_share_clusters_more_than_with_verbs(group):
    for level in (0, 1):  # 64 and 256 clusters
        same, other = _ids(group, level), _ids(VERBS, level)
        assert len(same) >= 8 and len(other) >= 8
        assert _agreement(same) >= 0.25
        assert _agreement(same) > 3 * _agreement(same, other)
        assert _agreement(same, other) <= 0.1


@needs_clusters
@pytest.mark.parametrize("group", [CITIES, MONTHS, VERBS], ids=["cities", "months", "verbs"])
def test_most_of_a_list_shares_one_cluster(group):
    for level in (0, 1):
        ids = _ids(group, level)
        assert max(ids.count(i) for i in set(ids)) >= len(group) * 0.4


@needs_clusters
def test_loads_fast():
    import time

    resources._clusters_table.cache_clear()
    t0 = time.perf_counter()
    assert resources.load_clusters()
    assert time.perf_counter() - t0 < 2.0  # about 0.1 s; generous for slow CI machines


@needs_clusters
def test_clusters_file_is_small():
    assert resources.CLUSTERS_PATH.stat().st_size < 5_000_000
    with gzip.open(resources.CLUSTERS_PATH, "rt", encoding="utf-8") as f:
        assert f.readline().rstrip("\n").split("\t") == ["word", "k64", "k256", "k1024"]


@needs_names
def test_common_first_names_and_triggers_are_listed():
    names = resources.load_names()
    for kind in ("first", "family", "person", "title", "org", "loc"):
        assert names[kind], kind
    for w in ("محمد", "أحمد", "علي", "فاطمة", "عبد الله"):
        assert normalize(w) in names["first"], w
    for w in ("الرئيس", "الوزير", "الشيخ", "المتحدث"):
        assert normalize(w) in names["title"], w
    for w in ("وزارة", "شركة", "جامعة", "حزب", "حركة"):
        assert normalize(w) in names["org"], w
    for w in ("مدينة", "محافظة", "شارع", "نهر"):
        assert normalize(w) in names["loc"], w
    assert "في" not in set().union(*names.values())


@needs_names
def test_mined_person_words_look_like_names():
    person = resources.load_names()["person"]
    assert len(person) > 200
    # Names that follow titles in the news; common verbs and prepositions do not.
    assert sum(normalize(w) in person for w in ("ترامب", "بوتين", "ماكرون", "اردوغان", "السيسي")) >= 3
    assert not {normalize(w) for w in ("قال", "أكد", "على", "إلى", "اليوم")} & person


@needs_names
def test_name_rows_carry_source_and_count():
    rows = resources.name_rows()
    sources = {s for _, _, s, _ in rows}
    assert {"wikidata", "news", "curated"} <= sources
    assert all(isinstance(c, int) and c >= 0 for *_, c in rows)
    assert normalize("محمد") in resources.load_names()["first"]


def test_build_refuses_non_commercial_corpus(tmp_path):
    with pytest.raises(ValueError):
        list(corpus_texts([tmp_path / "saudinewsnet.jsonl.gz"]))
