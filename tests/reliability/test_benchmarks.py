"""Every benchmark command runs on a tiny corpus, so that a schema or API change breaks this test, not
the benchmark (the figures themselves are measured for docs/benchmarks.md, not here)."""
import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "store_bench.py"
CITIES = ["طرابلس", "بنغازي", "مصراتة", "سبها", "درنة", "طبرق", "تونس", "صفاقس"]
# each in about ten articles: the benchmark draws its "rare" queries from words like these
TOPICS = ("الزراعة الكهرباء المدارس المستشفيات الطرقات الموانئ الجسور الحدائق الأسواق المصانع الملاعب "
          "المكتبات المتاحف الفنادق المطارات السدود الغابات الشواطئ المخابز الصيدليات").split()


def run(*args: str) -> str:
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    return result.stdout


def test_every_benchmark_command_runs_on_a_small_corpus(tmp_path):
    corpus = tmp_path / "c.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for i in range(200):
            city = CITIES[i % len(CITIES)]
            topic = TOPICS[i % len(TOPICS)]
            text = (f"أعلن المجلس البلدي في مدينة {city} عن خطة رقم {i} لإصلاح {topic}. وقال رئيس المجلس "
                    f"إن الحكومة ستدعم الخطة، وأضاف أن وزير الداخلية زار {city} أمس والتقى ممثلين عن السكان.")
            f.write(json.dumps({"title": f"خطة إصلاح {topic} في {city}", "text": text, "src": "test",
                                "date": f"2018-03-{i % 28 + 1:02d}"}, ensure_ascii=False) + "\n")
    out = run("-m", "marsad.cli", "bench", "--corpus", str(corpus), "-n", "20")
    assert "articles/s" in out
    assert "seconds per MB" in run("-m", "marsad.cli", "bench", "--corpus", str(corpus), "--size", "2000", "20000")
    base = tmp_path / "base.db"
    assert "|" in run(str(BENCH), "ingest", "--corpus", str(corpus), "--workers", "1", "--keep", str(base))
    stores = tmp_path / "stores"
    assert "|" in run(str(BENCH), "search", "--base", str(base), "--sizes", "400", "--queries", "10",
                      "--dir", str(stores))
    built = next(stores.glob("*.db"))
    assert "|" in run(str(BENCH), "api", "--db", str(built), "--requests", "40", "--concurrency", "2",
                      "--budget", "60")
