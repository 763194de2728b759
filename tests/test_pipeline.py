"""The frame: declared stages checked when a pipeline is built, options from the configuration,
entry points for stages and readers, one configuration, word lists as data."""
import subprocess
import sys
from dataclasses import replace
from importlib import metadata

import pytest

import marsad
from marsad import lexicon
from marsad.config import ConfigError, load
from marsad.ingest import read_bytes, registry as readers
from marsad.model import Article
from marsad.pipeline import DEFAULT_PIPELINE, Pipeline, PipelineError, registry, run

SENTENCE = "قصفت الطائرات مواقع في مدينة سرت الليبية أمس."


@pytest.fixture
def probe_stage(monkeypatch):
    """A stage declared by a test, as an outside package would: it records its option on the article."""
    registry.declared()
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))

    @registry.stage("probe", requires=("tokens",), assigns=("warnings",), config={"label": "default"})
    def probe(article, *, label):
        article.warn("probe", label)

    return probe


def test_every_default_stage_is_declared_through_an_entry_point():
    modules = {point.value for point in metadata.entry_points(group="marsad.stages")}
    for name in DEFAULT_PIPELINE:
        assert registry.get(name).func.__module__ in modules


def test_a_stage_before_its_inputs_is_refused_naming_both():
    with pytest.raises(PipelineError, match="stage 'quantities' requires times \\(assigned by times\\)"):
        Pipeline(("text", "quantities"))
    with pytest.raises(PipelineError, match="stage 'events' requires tokens .*sentences"):
        Pipeline(("events",))


def test_unknown_stages_and_options_are_refused():
    with pytest.raises(PipelineError, match="unknown pipeline stage 'nope'"):
        Pipeline(("text", "nope"))
    with pytest.raises(PipelineError, match="stage 'entities' has no option 'colour'"):
        Pipeline(("text", "entities"), options={"entities": {"colour": "red"}})


def test_the_pipeline_argument_chooses_the_stages():
    article = marsad.analyze(SENTENCE, pipeline=("text", "times"))
    assert article.tokens and article.sentences and article.times
    assert not article.entities and not article.events


def test_options_come_from_the_declaration_then_the_file_then_the_call(probe_stage, tmp_path):
    assert run(Article(SENTENCE), ("text", "probe")).warnings[-1].message == "default"
    path = tmp_path / "marsad.toml"
    path.write_text('[stages.probe]\nlabel = "from the file"\n', encoding="utf-8")
    config = load(path, environ={})
    assert Pipeline(("text", "probe"), config)(Article(SENTENCE)).warnings[-1].message == "from the file"
    called = Pipeline(("text", "probe"), config, options={"probe": {"label": "from the call"}})
    assert called(Article(SENTENCE)).warnings[-1].message == "from the call"


def test_a_stage_name_declared_twice_is_an_error(probe_stage):
    with pytest.raises(ValueError, match="declared twice"):
        registry.stage("probe")(lambda article: None)


def test_configuration_precedence_and_errors(tmp_path):
    path = tmp_path / "marsad.toml"
    path.write_text('data = "/corpora"\nevent_classifier = false\n', encoding="utf-8")
    assert load(path, environ={}).data.as_posix() == "/corpora"
    assert load(path, environ={"MARSAD_DATA": "/elsewhere"}).data.as_posix() == "/elsewhere"
    assert load(path, environ={}).event_classifier is False
    assert load(environ={"MARSAD_EVENT_CLASSIFIER": "0"}).event_classifier is False
    assert load(environ={"MARSAD_ACTORS": "/a.tsv:/b.tsv"}).actors[1].as_posix() == "/b.tsv"
    path.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting\\(s\\) colour"):
        load(path, environ={})
    path.write_text('data = \n', encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(path, environ={})
    with pytest.raises(ConfigError, match="not readable"):
        load(tmp_path / "missing.toml", environ={})


def test_a_reader_is_one_module_and_one_registration(monkeypatch):
    readers.readers()
    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))

    @readers.reader("shouting", extensions=(".shout",))
    def read(text, *, source, **_):
        from marsad.ingest.document import Document
        return [Document(text.replace("!", "."), path=source)]

    (doc,) = read_bytes(SENTENCE.replace(".", "!").encode(), "news.shout")
    assert doc.body == SENTENCE
    assert "shouting" in marsad.ingest.formats()


def test_the_cli_lists_stages_and_refuses_a_misordered_pipeline(tmp_path):
    listed = subprocess.run([sys.executable, "-m", "marsad.cli", "stages"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0 and "quantities:" in listed.stdout and "requires: tokens, times" in listed.stdout
    page = tmp_path / "a.txt"
    page.write_text(SENTENCE, encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "marsad.cli", "analyze", "--stages", "text,quantities", str(page)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "requires times" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("name", lexicon.names())
def test_every_lexicon_is_documented_and_has_no_repeated_entry(name):
    assert lexicon.description(name), f"{name}.tsv has no leading # description"
    entries = lexicon.rows(name)
    assert entries, f"{name}.tsv is empty"
    assert all(next(iter(row.values())) for row in entries), f"{name}.tsv has an entry with an empty first column"
    lines = [tuple(row.values()) for row in entries]
    assert len(set(lines)) == len(lines), f"{name}.tsv repeats an entry"


def test_a_malformed_lexicon_is_reported_with_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "FOLDER", tmp_path)
    (tmp_path / "broken.tsv").write_text("# a test\nword\tnote\nا\tب\tج\n", encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="broken.tsv:3: 3 columns, the header has 2"):
        lexicon.rows.__wrapped__("broken")
