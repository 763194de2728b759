"""Golden outputs: every part of the record (and the tokens and sentences under it) on the bundled
samples, the seed and the real-news gold articles is what `tests/golden/digests.json` recorded.
A change in behaviour is recorded on purpose with `python scripts/golden_outputs.py --update`."""
import importlib.util
import json
from pathlib import Path

from conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("golden_outputs", ROOT / "scripts" / "golden_outputs.py")
golden = importlib.util.module_from_spec(spec)
spec.loader.exec_module(golden)


def test_outputs_are_the_recorded_ones():
    recorded = json.loads(golden.DIGESTS.read_text())
    found = golden.current(SHARED)
    assert found, "no golden article analysed"
    assert all(key in recorded for key in found), sorted(found.keys() - recorded.keys())
    assert golden.changes(recorded, found) == []


def test_a_changed_part_is_reported():
    recorded = {"a": {"events": "1", "quotes": "2"}}
    assert golden.changes(recorded, {"a": {"events": "1", "quotes": "3"}, "b": {"events": "0"}}) == ["a: quotes"]
