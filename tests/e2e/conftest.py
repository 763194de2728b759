"""End-to-end fixtures: a small store of articles written for these tests, the web app served by
uvicorn on a free loopback port, and headless Chromium (Debian's /usr/bin/chromium) driven by
Playwright for Python. Every test here is skipped, with the reason, when one of these is missing:
the browser, the `playwright` package, uvicorn, or `marsad.api.app` itself.

Install what they need on a fresh Debian machine with `bash .ci/e2e-deps.sh` (as root). Set
MARSAD_CHROMIUM to use another Chromium binary, and MARSAD_E2E=required to make a missing piece
fail the tests instead of skipping them (for CI, once e2e-deps.sh has run). Screenshots go to test-artifacts/ at the top of
the repository.
"""
from __future__ import annotations

import importlib
import os
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("MARSAD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Short news articles written for these tests (not taken from any corpus).
ARTICLES = [
    {
        "title": "وزير الخارجية المصري يزور الخرطوم لبحث وقف القتال في السودان",
        "published": "2024-03-04",
        "text": "وصل وزير الخارجية المصري إلى الخرطوم صباح الاثنين في زيارة تستمر يومين، يلتقي خلالها"
                " مسؤولين سودانيين لبحث سبل وقف القتال.\n"
                "وقال الوزير في مؤتمر صحفي إن القاهرة مستعدة لاستضافة جولة جديدة من المفاوضات بين"
                " الأطراف السودانية.\n"
                "وأضاف أن مصر سترسل قافلة مساعدات طبية إلى مدينة بورتسودان خلال الأسبوع المقبل.",
    },
    {
        "title": "افتتاح معرض الكتاب في الرباط بمشاركة دور نشر عربية",
        "published": "2024-03-05",
        "text": "افتتح في الرباط مساء الثلاثاء معرض الكتاب السنوي بمشاركة أكثر من مئتي دار نشر من المغرب"
                " والجزائر وتونس ومصر.\n"
                "وقالت مديرة المعرض إن الدورة الحالية تخصص جناحا لأدب الأطفال وآخر للكتب المترجمة.\n"
                "ويستمر المعرض عشرة أيام، وتنظم على هامشه ندوات في مدينة الدار البيضاء.",
    },
    {
        "title": "أمطار غزيرة تغلق طرقا في عمان وتعطل الدراسة",
        "published": "2024-03-05",
        "text": "أغلقت السلطات الأردنية عدة طرق في عمان بعد أمطار غزيرة هطلت ليلة الثلاثاء، وأعلنت وزارة"
                " التربية تعطيل الدراسة في العاصمة.\n"
                "وقال متحدث باسم الدفاع المدني إن فرق الإنقاذ تعاملت مع عشرات البلاغات دون تسجيل إصابات.\n"
                "وتوقعت دائرة الأرصاد استمرار الأمطار في إربد والزرقاء حتى نهاية الأسبوع.",
    },
    {
        "title": "محادثات في بيروت حول ترسيم الحدود البحرية",
        "published": "2024-03-07",
        "text": "عقد مسؤولون لبنانيون اجتماعا في بيروت يوم الخميس مع وفد أممي لمناقشة ملف ترسيم الحدود"
                " البحرية.\n"
                "وقال رئيس الوفد اللبناني إن المحادثات كانت إيجابية، مشيرا إلى أن جولة جديدة ستعقد في"
                " جنيف الشهر المقبل.\n"
                "واتهم نائب في البرلمان الحكومة بالتأخر في نشر تفاصيل الاتفاق.",
    },
    {
        "title": "ارتفاع صادرات التمور التونسية إلى أوروبا",
        "published": "2024-03-08",
        "text": "ارتفعت صادرات تونس من التمور خلال الأشهر الخمسة الأولى من الموسم بنسبة عشرين في المئة،"
                " بحسب بيان لوزارة الفلاحة.\n"
                "وتتصدر فرنسا وإيطاليا وألمانيا قائمة الدول المستوردة، فيما يسعى المصدرون إلى دخول"
                " أسواق جديدة في آسيا.\n"
                "وقال مسؤول في مدينة توزر إن المنتجين يواجهون ارتفاعا في كلفة النقل.",
    },
]

# A hostile article: markup in its title and body must show as text, never run.
HOSTILE_TITLE = '<img src=x onerror="window.__xss=1">'
HOSTILE = {
    "title": HOSTILE_TITLE,
    "published": "2024-03-09",
    "text": "نشرت صحيفة محلية في دمشق خبرا قصيرا عن افتتاح سوق شعبية جديدة وسط المدينة.\n"
            '<script>window.__xss=2</script> وقال التجار في سوريا إن الإقبال كان كبيرا <img src=x onerror="window.__xss=3">.',
}


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test in headless Chromium (needs .ci/e2e-deps.sh)")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def missing() -> str | None:
    """Why these tests cannot run here, or None when they can."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (bash .ci/e2e-deps.sh installs it)"
    for module in ("playwright.sync_api", "uvicorn"):
        try:
            importlib.import_module(module)
        except ImportError:
            return f"Python package {module.split('.')[0]} is not installed (bash .ci/e2e-deps.sh)"
    try:
        importlib.import_module("marsad.api.app")
    except ModuleNotFoundError as err:
        # Only a missing module skips; any other error in the app is a failure to see.
        return f"marsad.api.app cannot be imported: {err}"
    return None


@pytest.fixture(scope="session")
def e2e_ready():
    """Skip when something is missing; fail instead when MARSAD_E2E=required (CI after e2e-deps)."""
    reason = missing()
    if reason:
        if os.environ.get("MARSAD_E2E") == "required":
            pytest.fail(f"MARSAD_E2E=required but {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def store(e2e_ready, tmp_path_factory):
    """Path of a store with ARTICLES and HOSTILE, and their ids: {"path", "ids", "hostile_id"}."""
    import marsad
    from marsad.store.db import Store

    path = tmp_path_factory.mktemp("e2e-store") / "marsad.db"
    ids = []
    with Store(path) as db:
        for n, art in enumerate(ARTICLES + [HOSTILE]):
            article = marsad.analyze(art["text"], format="text", title=art["title"], published=art["published"],
                                     url=f"https://news.example/{n}", site="news.example")
            db.add_article(article)
            ids.append(article.id)
    return {"path": str(path), "ids": ids[:-1], "hostile_id": ids[-1]}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db_path: str, name: str = "e2e-uvicorn"):
    """Serve the app of the store at `db_path` with uvicorn in a background thread; yields its base URL."""
    import uvicorn

    from marsad.api.app import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db_path), host="127.0.0.1", port=port, log_level="warning",
                                        lifespan="auto"))
    thread = threading.Thread(target=srv.run, name=name, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(store):
    """Base URL of the app served by uvicorn in a background thread."""
    with serving(store["path"]) as url:
        yield url


@pytest.fixture(scope="session")
def browser(e2e_ready, tmp_path_factory):
    """A persistent Chromium context with a fresh, empty profile."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            locale="ar",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture
def page(browser, server):
    """A new tab; its JavaScript errors are collected in `page.errors` and fail the test."""
    tab = browser.new_page()
    tab.errors = []
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.base = server
    yield tab
    tab.close()
    assert not tab.errors, f"JavaScript errors: {tab.errors}"


@pytest.fixture(scope="session")
def shoot():
    """shoot(page, name): a full-page screenshot in test-artifacts/e2e-NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(tab, name: str) -> Path:
        out = ARTIFACTS / f"e2e-{name}.png"
        tab.screenshot(path=str(out), full_page=True)
        return out

    return take
