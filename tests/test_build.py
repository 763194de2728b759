"""The artifact table behind `marsad build`: every builder resolves, corpora are checked before anything
is written, and a builder writes what the run-time reader reads."""
import gzip
import importlib

import pytest

from marsad.build import ARTIFACTS, BuildError, build
from marsad.cli import main


@pytest.mark.parametrize("name", ARTIFACTS)
def test_every_artifact_names_its_output_inputs_provenance_and_a_builder(name):
    artifact = ARTIFACTS[name]
    assert artifact.output and artifact.inputs and artifact.provenance
    module, function = artifact.builder.split(":")
    assert callable(getattr(importlib.import_module(module), function))


def test_corpora_are_checked_before_anything_is_built():
    with pytest.raises(BuildError, match="unknown artifact 'nope'"):
        list(build("nope", []))
    with pytest.raises(BuildError, match="name at least one corpus"):
        list(build("vocabulary", []))
    with pytest.raises(BuildError, match="evaluation only"):
        list(build("place-stats", ["/data/SaudiNewsNet.jsonl.gz"]))


def test_the_cli_reports_a_refused_build_in_one_line(capsys):
    assert main(["build", "vocabulary"]) == 2
    assert capsys.readouterr().err.strip() == "marsad: build: vocabulary is learned from raw news: name at least one corpus"


def test_the_vocabulary_builder_writes_what_the_reader_reads(tmp_path):
    from marsad.build.vocabulary import count_words, write_vocabulary

    counts = count_words(["قال الوزير إن الوزير سافر", "الوزير قال"] * 2)
    path = tmp_path / "vocabulary.tsv.gz"
    assert write_vocabulary(counts, path, min_count=3) == 2
    rows = gzip.open(path, "rt", encoding="utf-8").read().splitlines()
    assert rows == ["الوزير\t6", "قال\t4"]
