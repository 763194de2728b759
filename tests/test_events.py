"""PLOVER event detection: lexicon morphology, context filters, actors, export, and the dev-set
evaluation (skipped when the Open Event Data Alliance dev files are not next to the project)."""
from __future__ import annotations

import csv
import io
import json

import pytest

import marsad
from marsad.events import detect
from marsad.events.evaluate import analyse_sentence, default_data_dir, evaluate
from marsad.events.export import COLUMNS, actor_sector, export_events, quantities_text
from marsad.events.plover import (
    CATEGORIES,
    category_name,
    find_triggers,
    load_lexicon,
    noun_forms,
    verb_forms,
)
from marsad.model import Article, Metadata
from marsad.pipeline import run
from marsad.text.tokens import tokenize

STAGES = ("text", "places", "times", "quantities", "events")


def _events(text: str, published: str = "2016-08-01"):
    return run(Article(text, metadata=Metadata(published=published)), STAGES).events


def _types(text: str) -> set[str]:
    return {e.type for e in _events(text)}


@pytest.fixture
def rules_only(monkeypatch):
    """The detector without its sentence-type model: the lexicon and the rules decide (what some tests
    check; the model's decisions are measured on real news, `marsad eval gold`)."""
    monkeypatch.setenv("MARSAD_EVENT_CLASSIFIER", "0")


def test_lexicon_covers_all_18_categories():
    cats = {t.category for entries in load_lexicon().values() for t, _ in entries}
    assert cats == set(CATEGORIES) and len(CATEGORIES) == 18
    assert category_name("request") == "DEMAND" and category_name("ACCUSE") == "DISAPPROVE"


def test_verb_and_noun_morphology():
    forms = verb_forms("اغتال")
    assert {"اغتالوا", "اغتالت", "يغتال", "يغتالون", "اغتالته"} <= forms
    assert {"اعتدوا", "اعتدت"} <= verb_forms("اعتدي")
    assert {"قذيفتين", "قذايف"} & noun_forms("قذيفه")
    assert "تفجيرات" in noun_forms("تفجير")


def test_clitics_and_phrases_are_matched():
    hits = find_triggers(tokenize("وبتفجير سيارة مفخخة وأطلقوا النار على الحاجز"))
    lemmas = {h.trigger.lemma for h in hits}
    assert "سياره مفخخه" in lemmas and "اطلق النار" in lemmas
    fut = find_triggers(tokenize("سيتظاهرون غدا"))
    assert fut and fut[0].future


def test_assault_with_casualties_is_detected():
    evs = _events("قتل خمسة جنود وأصيب عشرة آخرون أمس في هجوم انتحاري بسيارة مفخخة استهدف حاجزا للجيش في الموصل.")
    assault = [e for e in evs if e.type == "ASSAULT"]
    assert assault and assault[0].mode in ("suicide-attack", "explosives")
    assert assault[0].confidence >= 0.5
    assert assault[0].date and assault[0].date.startswith("2016-07")  # أمس, resolved by the times stage


def _asserted_types(text: str) -> set[str]:
    return {e.type for e in _events(text) if e.status == "asserted"}


def _status(text: str, etype: str = "ASSAULT") -> str | None:
    evs = [e for e in marsad.analyze(text).events if e.type == etype]
    return evs[0].status if evs else None


def test_negated_future_and_conditional_are_not_asserted():
    assert "ASSAULT" not in _asserted_types("ولم يطلق الجنود النار على المتظاهرين.")
    assert "PROTEST" not in _asserted_types("سيتظاهر آلاف العمال غدا أمام البرلمان.")
    assert "ASSAULT" not in _asserted_types("وإذا شنت إسرائيل هجوما على لبنان فإن المنطقة ستشتعل.")


def test_negated_event_is_kept_as_negated():
    assert _status("لم يهاجم المسلحون الحاجز.") == "negated"
    assert _status("ولم يطلق الجنود النار على المتظاهرين.") == "negated"
    assert _status("لم يتظاهر أحد.", "PROTEST") == "negated"
    assert _status("نفى الجيش أن يكون قصف المدينة.") == "negated"


def test_planned_threatened_or_conditional_event_is_hypothetical():
    assert _status("سيهاجم المسلحون الحاجز غدا.") == "hypothetical"
    assert _status("يعتزم الجيش قصف المدينة.") == "hypothetical"
    assert _status("سيتظاهر آلاف العمال غدا أمام البرلمان.", "PROTEST") == "hypothetical"
    assert _status("وإذا شنت إسرائيل هجوما على لبنان فإن المنطقة ستشتعل.") == "hypothetical"
    art = marsad.analyze("هدد الجيش بقصف المدينة.")
    assert ("ASSAULT", "hypothetical") in {(e.type, e.status) for e in art.events}


def test_a_threat_by_the_rules_is_asserted_and_its_action_hypothetical(rules_only):
    art = marsad.analyze("هدد الجيش بقصف المدينة.")
    assert {(e.type, e.status) for e in art.events} >= {("THREATEN", "asserted"), ("ASSAULT", "hypothetical")}


def test_asserted_event_and_lower_confidence_when_not_asserted():
    assert _status("أطلقت القوات الإسرائيلية النار على فلسطينيين في غزة أمس فقتلت ثلاثة منهم.") == "asserted"
    asserted = next(e for e in marsad.analyze("أطلقت القوات الإسرائيلية النار على فلسطينيين في غزة أمس فقتلت ثلاثة "
                                              "منهم.").events if e.type == "ASSAULT")
    negated = next(e for e in marsad.analyze("لم يهاجم المسلحون الحاجز أمس.").events if e.type == "ASSAULT")
    assert asserted.status == "asserted" and negated.status == "negated"
    assert negated.confidence < asserted.confidence


def test_event_takes_the_quantities_of_its_sentence():
    art = marsad.analyze("قتل 5 أشخاص وأصيب 12 آخرون في هجوم انتحاري بسيارة مفخخة.")
    ev = next(e for e in art.events if e.type == "ASSAULT")
    assert [(q.unit, q.value) for q in ev.quantities] == [("killed", 5.0), ("wounded", 12.0)]
    assert all(q.text in art.text for q in ev.quantities)
    # a protest takes its participants, an arrest its detainees, each in its own sentence
    art = marsad.analyze("وتظاهر 3000 محتج أمس.\nواعتقلت الشرطة 20 متظاهرا.")
    by_type = {e.type: [(q.unit, q.value) for q in e.quantities] for e in art.events}
    assert by_type["PROTEST"] == [("protester", 3000.0)] and by_type["COERCE"] == [("arrested", 20.0)]


def test_location_inferred_from_the_article_place():
    art = marsad.analyze("وصل الرئيس إلى الموصل أمس. وقتل مسلحون خمسة جنود في هجوم انتحاري على حاجز للجيش.")
    ev = next(e for e in art.events if e.type == "ASSAULT")
    place = next(m for m in art.entities if m.text == "الموصل")
    assert ev.location == place.canonical_id and ev.location_inferred is True
    ev = next(e for e in marsad.analyze("أطلقت القوات الإسرائيلية النار على فلسطينيين في غزة أمس.").events
              if e.type == "ASSAULT")
    assert ev.location and ev.location_inferred is False


def test_protest_clause_versus_protesters_doing_something_else():
    assert "PROTEST" in _types("تظاهر آلاف الطلاب أمس في وسط العاصمة احتجاجا على رفع الأسعار.")
    assert "PROTEST" not in _types("وحمل المتظاهرون لافتات كتب عليها شعارات.")


def test_speech_alone_is_not_an_event():
    assert _events("وقال المتحدث باسم الحكومة إن الوضع مستقر.") == []


def test_other_categories(rules_only):
    assert "MOBILIZE" in _types("دخلت الدول المجاورة مرحلة الاستنفار التام.")
    assert "RETREAT" in _types("أعلن الجيش انسحاب قواته من المدينة أمس.")
    assert "COERCE" in _types("اعتقلت الشرطة عشرين شخصا في المدينة أمس.")


def test_event_offsets_actor_and_location():
    text = "أطلقت القوات الإسرائيلية النار على فلسطينيين في غزة أمس فقتلت ثلاثة منهم."
    art = run(Article(text, metadata=Metadata(published="2008-03-04")), STAGES)
    ev = next(e for e in art.events if e.type == "ASSAULT")
    assert text[ev.start:ev.end] == ev.trigger
    assert ev.source and "القوات" in ev.source
    assert ev.location  # غزة
    assert ev.sentence in text


def test_export_columns_and_quantities(tmp_path):
    from marsad.store.db import Store

    art = run(Article("قتل خمسة جنود وأصيب عشرة آخرون أمس في هجوم انتحاري بسيارة مفخخة في الموصل.",
                      metadata=Metadata(published="2016-08-01", url="http://example.com/a")),
              ("text", "places", "times", "quantities", "quotes", "events"))
    assert quantities_text(art, 0, len(art.text)).startswith("killed=5")
    with Store(tmp_path / "t.db") as store:
        store.add_article(art)
        buf = io.StringIO()
        n = export_events(store, "csv", buf, type="ASSAULT")
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert n == len(rows) >= 1 and tuple(rows[0]) == COLUMNS
        assert rows[0]["quantities"].startswith("killed=5") and rows[0]["source_url"] == "http://example.com/a"
        buf = io.StringIO()
        export_events(store, "json", buf)
        assert json.loads(buf.getvalue().splitlines()[0])["event_type"]
    assert actor_sector("الجيش العراقي") == "MIL" and actor_sector("مسلحون مجهولون") == "UAF"


def test_export_has_status_actor_place_and_quantity_columns(tmp_path):
    from marsad.model import CanonicalEntity
    from marsad.store.db import Store

    art = marsad.analyze("وصل الرئيس إلى الموصل أمس. وقتل 5 أشخاص وأصيب 12 آخرون في هجوم انتحاري بسيارة مفخخة. "
                         "ولم يهاجم المسلحون الحاجز.", url="http://example.com/b", published="2016-08-01")
    assault = [e for e in art.events if e.type == "ASSAULT"]
    assert {e.status for e in assault} == {"asserted", "negated"}
    # an actor linked to a canonical entity with country and sector (as the linking stage gives them)
    art.canonical_entities.append(CanonicalEntity("org:test-army", "ORG", "الجيش العراقي", country="IQ",
                                                  sector="military"))
    assault[0].source = "org:test-army"
    with Store(tmp_path / "t.db") as store:
        store.add_article(art)
        buf = io.StringIO()
        n = export_events(store, "csv", buf, type="ASSAULT")
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert n == len(rows) == 2 and tuple(rows[0]) == COLUMNS
        for col in ("status", "actor1_id", "actor1_country", "actor1_sector", "actor2_id", "location_inferred",
                    "geonameid", "lat", "lon", "quantities"):
            assert col in COLUMNS
        row = next(r for r in rows if r["status"] == "asserted")
        assert row["quantities"] == "killed=5;wounded=12"
        assert (row["actor1"], row["actor1_id"], row["actor1_country"], row["actor1_sector"]) == \
            ("الجيش العراقي", "org:test-army", "IQ", "military")
        assert row["place"] == "الموصل" and row["location_inferred"] == "true" and row["geonameid"]
        assert row["lat"] and row["lon"] and row["source_url"] == "http://example.com/b"
        assert row["date"] == "2016-08-01"  # no time in its sentence: the publication date
        negated = next(r for r in rows if r["status"] == "negated")
        assert negated["quantities"] == "" and negated["actor1"] == "المسلحون" and not negated["actor1_id"]
        buf = io.StringIO()
        assert export_events(store, "json", buf, type="ASSAULT", status="asserted") == 1
        row = json.loads(buf.getvalue())
        assert row["status"] == "asserted" and row["location_inferred"] is True
        assert [(q["unit"], q["value"]) for q in row["quantities"]] == [("killed", 5.0), ("wounded", 12.0)]
        with pytest.raises(ValueError):
            export_events(store, "csv", io.StringIO(), status="maybe")


@pytest.mark.skipif(default_data_dir() is None, reason="PLOVER dev data not available")
def test_dev_scores_do_not_regress():
    res = evaluate(default_data_dir())
    assert res["ASSAULT"]["f1"] >= 0.5
    assert res["PROTEST"]["f1"] >= 0.45
    assert res["ASSAULT"]["recall"] >= 0.7


@pytest.mark.skipif(default_data_dir() is None, reason="PLOVER dev data not available")
def test_dev_sentence_ids_give_the_publication_date():
    art = analyse_sentence("تظاهر الآلاف أمس.", "AAW_ARB_20081011.0036-10")
    assert art.metadata.published == "2008-10-11"


def test_a_trigger_is_never_read_inside_a_common_word():
    """`وزارة` (a ministry) is not و + `زارة` (visited her): no CONSULT trigger; `وزار` + a name still is one."""
    def categories(text):
        return {h.trigger.category for h in find_triggers(tokenize(text))}

    assert "CONSULT" not in categories("أعلنت وزارة الخارجية المصرية اليوم أن الوزير سيصل إلى روما.")
    assert "CONSULT" in categories("وزار وزير الخارجية المصري العاصمة الإيطالية روما أمس.")
    assert "CONSULT" not in _types("أعلنت وزارة الخارجية المصرية اليوم أن الوزير سيصل إلى روما.")


def test_mentions_of_one_event_are_one_record():
    """A headline and its elaboration with the same trigger word and no conflicting actor are one event
    that lists both mentions; an event of another type or with another target stays apart."""
    from marsad.events.detect import one_record_per_event
    from marsad.model import Event

    def event(trigger, start, source=None, target=None, etype="ASSAULT", status="asserted", confidence=0.5):
        return Event(etype, trigger, start, start + len(trigger), source=source, target=target, status=status,
                     confidence=confidence)

    headline = event("اغتيال", 0, target="per:x")
    body = event("الاغتيال", 100, source="org:y", target="per:x", confidence=0.4)
    other_target = event("اغتيال", 200, target="per:z")
    protest = event("اغتيال", 300, etype="PROTEST")
    denied = event("اغتيال", 400, status="negated")
    merged = one_record_per_event([headline, body, other_target, protest, denied])
    assert len(merged) == 4
    kept = merged[0]
    assert kept is body  # the mention with a source and a target is the more informative
    assert [(m.start, m.end) for m in kept.mentions] == [(0, 6), (100, 108)]
    assert [len(e.mentions) for e in merged[1:]] == [1, 1, 1]


def test_an_event_without_a_day_is_counted_on_its_articles_day(tmp_path):
    """An event dated to a month (`الشهر المقبل`) or a span (a Hijri year) has no day: the timeline, the
    date filter and the export put it on its article's publication day; the actor's months keep its month."""
    from marsad.events.export import event_row
    from marsad.model import Event
    from marsad.store import queries
    from marsad.store.db import Store

    art = marsad.analyze("قصفت الطائرات مواقع المسلحين في المدينة.", published="2021-11-25", url="http://e.com/a")
    art.events = [Event("ASSAULT", "قصفت", 0, 4, date=d, sentence=art.text, confidence=0.9)
                  for d in ("2021-12", "2014-10-25/2015-10-13", "2021-11-20")]
    with Store(tmp_path / "s.db") as db:
        db.add_article(art)
        days = {d["date"]: d["events"] for d in queries.timeline(db)}
        assert days == {"2021-11-25": 2, "2021-11-20": 1}
    assert [event_row(art, ev)["date"] for ev in art.events] == ["2021-11-25", "2021-11-25", "2021-11-20"]


def test_the_location_is_a_place_where_something_happened():
    """A place after في is the event's location; a place that is an actor or a destination is not, and the
    event then takes the article's place, marked inferred."""
    from marsad.events.cues import sentences

    art = marsad.analyze("القاهرة - اعتقلت الشرطة عشرين شخصا في الإسكندرية أمس.\nوهاجمت إيران السعودية بشدة.",
                         published="2018-03-04")
    names = {e.id: e.name for e in art.canonical_entities}
    first_place = next(m for m in art.entities if m.canonical_id and m.canonical_id.startswith("geo:"))
    arrest, attack = sentences(art)[:2]
    where, inferred = detect._location(art, arrest, first_place)
    assert "الإسكندرية" in names[where] and not inferred
    assert {m.text for m in attack.mentions} >= {"إيران", "السعودية"}
    assert detect._location(art, attack, first_place) == (first_place.canonical_id, True)
