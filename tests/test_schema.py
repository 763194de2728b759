"""Every Article validates against the shipped JSON Schema; spans are exact; JSON round-trips."""
import json
from pathlib import Path

import jsonschema
import pytest

import marsad
from marsad.model import Article

SCHEMA = json.loads((Path(marsad.__file__).with_name("schema") / "article.schema.json").read_text(encoding="utf-8"))
TEXTS = [
    "قال الرئيس إن الاجتماع ناجح.",
    "الرئيسية / اقتصاد / ارتفاع أسعار النفط\nجريدة المثال\n\nارتفاع أسعار النفط\n\nارتفعت أسعار النفط 3.5 في المئة "
    "في بورصة لندن.وقال محللون في دبي إن الطلب الصيني والهندي قوي.\n",
    "<html><head><title>زيارة رسمية</title></head><body><article><p>وصل رئيس الوزراء العراقي إلى طهران "
    "في زيارة رسمية تستمر يومين يبحث خلالها التعاون بين البلدين في مجالات الطاقة والتجارة.</p>"
    "<p>وقال المتحدث باسم الحكومة إن الزيارة تأتي في إطار تعزيز العلاقات مع إيران.</p></article></body></html>",
]


@pytest.mark.parametrize("text", TEXTS)
def test_articles_validate_and_spans_are_exact(text):
    article = marsad.analyze(text)
    data = article.to_dict()
    jsonschema.validate(data, SCHEMA)
    for span in data["sentences"]:
        assert data["text"][span["start"]:span["end"]].strip() == data["text"][span["start"]:span["end"]]
    for m in data["entities"]:
        assert data["text"][m["start"]:m["end"]] == m["text"]
    assert {m["canonical_id"] for m in data["entities"]} <= {e["id"] for e in data["canonical_entities"]}
    assert Article.from_dict(json.loads(json.dumps(data))).to_dict() == data


def test_metadata_keywords_fill_the_article():
    article = marsad.analyze("وصل الوفد إلى عمان.", title="زيارة", url="https://example.jo/a", published="2016-08-10")
    assert article.metadata.title == "زيارة"
    assert article.metadata.url == "https://example.jo/a"
    assert article.metadata.published == "2016-08-10"


def test_id_is_a_stable_content_hash():
    assert marsad.analyze("خبر قصير عن ليبيا.").id == marsad.analyze("خبر قصير عن ليبيا.").id
    assert marsad.analyze("خبر قصير عن ليبيا.").id != marsad.analyze("خبر قصير عن تونس.").id
