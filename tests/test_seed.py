"""The seed article from ../shared (skipped when absent): metadata, places, adjectives, sentences."""
import json

import pytest

import marsad
from conftest import SEED, SEED_GOLD, needs

pytestmark = needs(SEED)


@pytest.fixture(scope="module")
def seed():
    return marsad.analyze(SEED.read_bytes())


def test_metadata(seed):
    assert seed.metadata.section == "دولي"
    assert seed.metadata.section_path == ["الرئيسية", "دولي"]
    assert seed.metadata.site == "elmaouid"
    assert seed.metadata.title == "القوات الليبية على اعتاب تحرير سرت بالكامل"
    assert seed.text.startswith("باتت القوات الموالية")


def test_no_sentence_keeps_the_glued_full_stop(seed):
    sentences = [seed.text[s.start:s.end] for s in seed.sentences]
    assert not any("سرت.وأضاف" in s for s in sentences)
    assert any(s.startswith("وأضاف “قواتنا حررت") for s in sentences)


@needs(SEED_GOLD)
def test_every_reference_place_has_its_geonameid(seed):
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    entities = {e.id: e for e in seed.canonical_entities}
    found = {}
    for m in seed.entities:
        e = entities[m.canonical_id]
        if e.geonameid:
            found.setdefault(e.geonameid, set()).add(m.text)
    for place in gold["places"]:
        assert place["geonameid"] in found, place["text"]
        assert entities[f"geo:{place['geonameid']}"].country == place["country"]


def test_nationality_adjectives_link_to_libya_and_italy(seed):
    norp = {m.text: m.canonical_id for m in seed.entities if m.type == "NORP"}
    assert norp["الليبية"] == "norp:LY"
    assert norp["الإيطالية"] == "norp:IT"
    assert norp["الإيطالى"] == "norp:IT"


def test_offsets_map_back_to_the_original_file(seed):
    """Each end of a span maps back; between them the original may have more whitespace (a
    non-breaking space the clean-up folded)."""
    original = SEED.read_text(encoding="utf-8")
    for m in seed.entities:
        start, end = seed.original_offset(m.start), seed.original_offset(m.end - 1) + 1
        assert original[start] == m.text[0] and original[end - 1] == m.text[-1]
        assert original[start:end].split() == m.text.split()


@needs(SEED_GOLD)
def test_reference_entities_are_reproduced_as_canonical_entities(seed):
    """Every PER/ORG/EVENT/FAC form of the reference is found, and forms the reference groups under one
    canonical name (the four spellings of حكومة الوفاق) share one canonical entity, and no other."""
    from marsad.text.normalize import normalize

    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    by_form = {}
    for m in seed.entities:
        by_form.setdefault(normalize(m.text), set()).add(m.canonical_id)
    groups = {}
    for e in gold["entities"]:
        if e["type"] in ("PER", "ORG", "EVENT", "FAC"):
            form = normalize(e["text"])
            found = by_form.get(form) or next((ids for f, ids in by_form.items() if form in f or f in form), None)
            assert found, e["text"]
            groups.setdefault(e["canonical"], set()).update(found)
    for canonical, ids in groups.items():
        assert len(ids) == 1, (canonical, ids)
    assert len({next(iter(ids)) for ids in groups.values()}) == len(groups)
    gna = next(iter(groups["حكومة الوفاق الوطني الليبية"]))
    entity = next(e for e in seed.canonical_entities if e.id == gna)
    assert (entity.name, entity.country, entity.sector) == ("حكومة الوفاق الوطني الليبية", "LY", "government")
