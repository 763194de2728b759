"""Shared test helpers: where the shared data is, and a skip when it is absent."""
import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("MARSAD_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"))
SEED = SHARED / "seed" / "000_6122bbd598e2dade.txt"
SEED_GOLD = SHARED / "seed" / "000_6122bbd598e2dade.gold.json"
FIXTURES = Path(__file__).with_name("fixtures")


def needs(path: Path):
    """Skip a test when a file from ../shared is not there."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not available")
