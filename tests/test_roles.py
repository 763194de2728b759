"""The role model (`marsad.events.roles`): candidates, and the constructions whose roles Arabic syntax fixes."""
import pytest

import marsad
from marsad.events import roles
from marsad.events.cues import sentences


def _roles(text: str, trigger: str, category: str = "ASSAULT"):
    article = marsad.analyze(text)
    sent = sentences(article)[0]
    k = next(i for i, t in enumerate(article.tokens) if t.text == trigger)
    return article, roles.choose_roles(article, sent, k, k, category)


def _names(article, ref):
    if ref is None:
        return None
    canon = {c.id: c for c in article.canonical_entities}
    return canon[ref].name if ref in canon else ref


def test_generic_actor_takes_agreeing_nisba_adjectives_only():
    article = marsad.analyze("قتل مسلحون جنودا واعتقلت القوات الإسرائيلية بتهمة التحريض ثلاثة شبان.")
    texts = [article.text[c.start:c.end] for c in roles.candidates(article, sentences(article)[0])]
    assert "القوات الإسرائيلية" in texts
    assert "مسلحون" in texts
    assert not any("بتهمة" in t for t in texts)


def test_subject_after_verb_is_source():
    _, chosen = _roles("قتل مسلحون خمسة جنود في هجوم على حاجز.", "قتل")
    assert chosen.source == "مسلحون"


def test_agent_phrase_is_source_and_victims_target():
    article, chosen = _roles("قتل ثلاثة مدنيين برصاص قوات الأمن في مدينة حمص.", "قتل")
    assert "قوات" in _names(article, chosen.source) or "امن" in _names(article, chosen.source)
    assert chosen.target == "مدنيين"


def test_place_after_preposition_is_no_actor():
    _, chosen = _roles("اعتقلت الشرطة المصرية ثلاثة أشخاص في القاهرة.", "اعتقلت", "COERCE")
    assert chosen.source is not None and "geo:" not in chosen.source
    assert chosen.target is None or "geo:" not in chosen.target


def test_victims_after_casualty_noun_are_target_not_source():
    _, chosen = _roles("أسفرت الغارات عن مقتل 11 من عناصر ميليشيا الحوثي في مواجهات عنيفة.", "مقتل")
    assert chosen.source is None
    assert chosen.target is not None


def test_one_actor_never_fills_both_slots():
    _, chosen = _roles("هاجم وزير الخارجية الإيراني محمد جواد ظريف وسائل الإعلام الأميركية.", "هاجم",
                             "DISAPPROVE")
    assert chosen.source != chosen.target or chosen.source is None


@pytest.mark.parametrize("slot", ["source", "target"])
def test_empty_slot_below_threshold(slot):
    model = dict(roles.load_model())
    model["threshold"] = {"source": 1.0, "target": 1.0}
    article = marsad.analyze("قتل مسلحون خمسة جنود في هجوم على حاجز.")
    chosen = roles.choose_roles(article, sentences(article)[0], 0, 0, "ASSAULT", model)
    assert getattr(chosen, slot) is None


def test_a_mention_behind_a_clitic_in_the_last_token_is_a_candidate_of_its_own_token():
    """A mention that starts inside a token (after و) is read from that token, also at the end of
    the text (it used to index past the last token)."""
    from marsad.events.roles import _token_at
    from marsad.text.tokens import tokenize

    tokens = tokenize("قصفت الطائرات مواقع وحلب")
    assert _token_at(tokens, tokens[-1].start + 1) == len(tokens) - 1
    assert _token_at(tokens, tokens[1].start) == 1
    article = marsad.analyze("هاجمت القوات الإسرائيلية مواقع في غزة وقصفت لبنان")
    assert [e.type for e in article.events] == ["ASSAULT"]
