"""The real-news corpus (marsad/eval/data/gold) and `marsad eval gold`: standoff files, splits, who
annotated what, the scorer adapter used for agreement, error listing and the regression check."""
import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.eval import gold
from tests.conftest import SHARED, needs

KEYS = ["id", "locator", "title", "entities", "places", "quotes", "events"]
ROOT = Path(__file__).resolve().parents[1]
SCORER = SHARED.parent / "tools" / "score_reference.py"


def registry() -> list[dict]:
    with (gold.CORPUS / "annotations.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def all_files() -> list[Path]:
    return [p for split in (*gold.SPLITS, gold.SECOND) for p in (gold.CORPUS / split).glob("*.json")]


def test_files_are_standoff_references_of_the_ant_corpora():
    files = all_files()
    assert files
    for path in files:
        ref = json.loads(path.read_text(encoding="utf-8"))
        assert list(ref) == KEYS, path.name
        assert ref["locator"]["corpus"] in ("ant", "antv1"), path.name  # never SaudiNewsNet
        assert path.stem == ref["id"].replace(":", "_")
        assert "text" not in ref and "text" not in ref["locator"]


def test_every_article_is_in_one_split_and_registered_with_its_annotators():
    rows = registry()
    by_file = {r["file"]: r for r in rows}
    assert len(by_file) == len(rows)
    for split in gold.SPLITS:
        for path in (gold.CORPUS / split).glob("*.json"):
            assert by_file[path.name]["split"] == split
    placed = [p.name for split in gold.SPLITS for p in (gold.CORPUS / split).glob("*.json")]
    assert sorted(placed) == sorted(by_file)
    for path in (gold.CORPUS / gold.SECOND).glob("*.json"):
        row = by_file[path.name]
        assert row["second_annotator"] and row["second_annotator"] != row["annotator"]
    assert all(r["annotator"] for r in rows)


@needs(SHARED / "news" / "ant-multisource.jsonl.gz")
def test_selection_is_reproducible_from_its_seed():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "select_gold_articles.py"),
                          "--news", str(SHARED / "news"), "--gold-dev", str(SHARED / "gold-dev")],
                         capture_output=True, text=True, check=True).stdout
    drawn = {r["id"].replace(":", "_") + ".json": r for r in csv.DictReader(out.splitlines(), delimiter="\t")}
    for row in registry():
        assert drawn[row["file"]]["split"] == row["split"], row["file"]
        assert drawn[row["file"]]["outlet"] == row["outlet"]
    assert sum(1 for r in drawn.values() if r["split"] == "test") >= 50


@needs(SHARED.parent / "tools" / "validate_gold.py")
@needs(SHARED / "news" / "ant-multisource.jsonl.gz")
def test_every_file_passes_the_shared_validator():
    for split in (*gold.SPLITS, gold.SECOND):
        folder = gold.CORPUS / split
        if not any(folder.glob("*.json")):
            continue
        result = subprocess.run([sys.executable, str(SHARED.parent / "tools" / "validate_gold.py"), str(folder)],
                                capture_output=True, text=True)
        bad = [line for line in result.stdout.splitlines() if not line.rstrip().endswith("OK")]
        assert result.returncode == 0 and not bad, bad[:5]


@pytest.fixture(scope="module")
def scorer():
    if not SCORER.exists() or not (SHARED / "news").is_dir():
        pytest.skip("the shared scorer or news corpora are not available")
    return gold.load_scorer(SHARED)


def test_an_annotation_agrees_fully_with_itself(scorer):
    role_checked = 0
    for path in sorted((gold.CORPUS / "dev").glob("*.json"))[:10]:
        ref = json.loads(path.read_text(encoding="utf-8"))
        c = scorer.score_article(ref, gold.annotation_as_output(ref))
        assert c["ent_found"] == c["ent_gold"] and c["ent_ok"] == c["ent_sys"], path.name
        assert c["pl_id"] == c["pl_gold"], path.name
        assert c["q_found"] == c["q_spk"] == c["q_gold"], path.name
        assert c["ev_found"] == c["ev_gold"] and c["ev_ok"] == c["ev_sys"], path.name
        # the scorer pairs an event with the first system event of its type with its trigger or in its
        # sentence: roles are comparable only where no two events share type and trigger or sentence
        if (len({(e["type"], e["sentence"]) for e in ref["events"]}) == len(ref["events"])
                == len({(e["type"], e["trigger"]) for e in ref["events"]})):
            assert c["ev_source_ok"] == c["ev_source_gold"] and c["ev_target_ok"] == c["ev_target_gold"], path.name
            assert gold.article_errors(scorer, ref, gold.annotation_as_output(ref)) == []
            role_checked += 1
    assert role_checked >= 3


def test_errors_name_what_the_system_got_wrong(scorer):
    ref = {"entities": [{"text": "أبي أحمد", "type": "PER", "canonical": "أبي أحمد"},
                        {"text": "إثيوبيا", "type": "GPE", "canonical": "إثيوبيا"}],
           "places": [{"text": "إثيوبيا", "geonameid": 337996, "country": "ET", "kind": "country"}],
           "quotes": [{"speaker": "أبي أحمد", "cue": "قال", "content": "الحكومة ستفرج عن جميع السجناء السياسيين",
                       "direct": False}],
           "events": [{"type": "ASSAULT", "trigger": "هاجم", "source": "مسلحون", "target": "إثيوبيا",
                       "location": None, "sentence": "هاجم مسلحون قرية في إثيوبيا"}]}
    output = {"entities": [{"text": "إثيوبيا", "type": "GPE", "canonical_id": "geo:1"},
                           {"text": "الحكومة", "type": "ORG", "canonical_id": "org:x"}],
              "canonical_entities": [{"id": "geo:1", "name": "إثيوبيا", "geonameid": 1, "country": "ET"}],
              "quotes": [{"content": "الحكومة ستفرج عن جميع السجناء", "speaker": "رئيس الوزراء"}],
              "events": [{"type": "ASSAULT", "trigger": "هاجم", "sentence": "هاجم مسلحون قرية في إثيوبيا",
                          "source": {"name": "إثيوبيا"}, "target": None, "status": "asserted"},
                         {"type": "CONSULT", "trigger": "زارة", "sentence": "وزارة", "status": "asserted"}]}
    errors = gold.article_errors(scorer, ref, output)
    assert "entity missed: أبي أحمد (PER)" in errors
    assert "entity spurious: الحكومه (ORG)" in errors
    assert any(e.startswith("place id: إثيوبيا is 337996") for e in errors)
    assert any(e.startswith("speaker: أبي أحمد, system رئيس الوزراء") for e in errors)
    assert any(e.startswith("event source: ASSAULT هاجم: مسلحون") for e in errors)
    assert any(e.startswith("event target: ASSAULT هاجم: إثيوبيا") for e in errors)
    assert "event spurious: CONSULT زارة" in errors


def test_check_reports_only_drops_beyond_the_tolerance():
    baseline = {"dev": {"entity-R": 0.80, "event-P": 0.50, "speaker-acc": 0.60}}
    found = {"entity-R": 0.785, "event-P": 0.47, "speaker-acc": 0.70}
    drops = gold.check("dev", found, baseline)
    assert len(drops) == 1 and drops[0].startswith("event-P 0.470")
    assert gold.check("train", found, baseline) == []


def test_figures_are_read_from_the_scorer_summary_line():
    line = ("reference: docs 30 entity-R 0.789 entity-P 0.724 entity-F1 0.755 | place-id 0.929 place-country "
            "0.921 (n=140) place-P 0.888 | quote-R 0.714 quote-P 0.867 speaker-acc 0.619 content-overlap 0.910 "
            "(n=206) | event-R 0.273 (n=128) event-P 0.493 source-acc 0.323 target-acc 0.172")
    found = gold.figures(line)
    assert found["place-country"] == 0.921 and found["target-acc"] == 0.172 and "docs" not in found
    assert len(found) == 14


def test_test_split_errors_are_never_listed():
    result = subprocess.run([sys.executable, "-m", "marsad.cli", "eval", "gold", "--split", "test", "-v"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "scored only" in result.stderr


def test_without_shared_data_the_evaluation_skips_cleanly(tmp_path):
    result = subprocess.run([sys.executable, "-m", "marsad.cli", "eval", "gold", "--split", "dev",
                             "--data", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert result.returncode == 0 and "skipped" in result.stderr and not result.stdout
