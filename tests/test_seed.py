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
