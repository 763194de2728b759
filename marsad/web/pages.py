"""The HTML pages: Arabic, right to left, rendered on the server from the same queries as the JSON API.

Article text is untrusted. Templates autoescape everything; the only markup passed through is the
search snippet, which `search.snippet` builds from escaped text. The highlighted article body is a
list of plain-text pieces (cut at mention, quote and trigger offsets) that the template escapes.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode

import jinja2
from babel import Locale
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from marsad import lexicon
from marsad.api.deps import Limit, Offset, StoreDep
from marsad.model import Article
from marsad.store import queries
from marsad.store.db import Store
from marsad.store.search import Filters

SECTOR_LABELS = {"government": "حكومة", "military": "عسكري", "police": "شرطة وأمن", "rebel": "جماعة مسلحة متمردة",
                 "terrorist": "جماعة مصنفة إرهابية", "party": "حزب أو حركة سياسية", "igo": "منظمة دولية",
                 "ngo": "منظمة غير حكومية", "media": "وسيلة إعلام", "business": "شركة", "civilians": "مدنيون"}
TYPE_LABELS = {"PER": "أشخاص", "ORG": "منظمات", "GPE": "دول ومدن", "LOC": "مناطق", "FAC": "منشآت",
               "NORP": "جنسيات وانتماءات", "EVENT": "أحداث مسمّاة", "MISC": "أخرى"}
EVENT_LABELS = {"AGREE": "اتفاق", "CONSULT": "تشاور", "SUPPORT": "دعم", "CONCEDE": "تنازل", "COOPERATE": "تعاون",
                "AID": "مساعدة", "RETREAT": "انسحاب", "INVESTIGATE": "تحقيق", "DEMAND": "مطالبة",
                "DISAPPROVE": "استنكار", "REJECT": "رفض", "THREATEN": "تهديد", "SANCTION": "عقوبات",
                "PROTEST": "احتجاج", "CRIME": "جريمة", "MOBILIZE": "حشد", "COERCE": "إكراه", "ASSAULT": "اعتداء"}
STATUS_TITLES = {400: "طلب غير صالح", 401: "مطلوب رمز الدخول", 403: "غير مسموح", 404: "غير موجود",
                 405: "طريقة غير مسموحة"}
SECTION_LABELS = lexicon.mapping("section_labels", "section", "label")
# The Arabic reason an error page gives for the (English, one-line) messages of the API and the store,
# by pattern; the English message is shown under it.
ARABIC_REASONS = (
    (re.compile(r"no article (.+)"), "لا توجد مقالة بالمعرّف {0}."),
    (re.compile(r"no entity (.+)"), "لا يوجد كيان بالمعرّف {0}."),
    (re.compile(r"unbalanced quotation mark"), "في عبارة البحث علامة تنصيص لم تُغلق."),
    (re.compile(r"the query has no words.*only exclusions"),
     "عبارة البحث تستبعد كلمات فقط: أضف كلمة يجب أن تَرِد."),
    (re.compile(r"the query has no words"), "لا تحتوي عبارة البحث على كلمات يُبحث عنها."),
    (re.compile(r"OR must stand between"), "يجب أن تقع OR بين كلمتين أو عبارتين."),
    (re.compile(r"the query is too long \((\d+) characters; at most (\d+)\)"),
     "عبارة البحث طويلة جدًا ({0} حرفًا، والحد {1})."),
    (re.compile(r"the query has more than (\d+) words"), "عبارة البحث فيها أكثر من {0} كلمة."),
    (re.compile(r"(\w+) must be a date such as"), "قيمة {0} ليست تاريخًا صالحًا (مثال: 2016-08-10)."),
    (re.compile(r"country must be a two-letter"), "البلد رمز من حرفين وفق ISO 3166، مثل LY."),
    (re.compile(r"(\w+) must be one of"), "قيمة {0} غير معروفة؛ اختر إحدى القيم المعروضة."),
    (re.compile(r"limit must be"), "حجم الصفحة أو موضع البداية خارج الحدود المسموحة."),
    (re.compile(r"(\w+): "), "قيمة المعامل {0} غير صالحة."),
)
STATUS_REASONS = {404: "الصفحة المطلوبة غير موجودة.", 405: "هذه الطريقة غير مسموحة لهذا العنوان.",
                  400: "تعذّر فهم الطلب.", 401: "هذا الطلب يحتاج إلى رمز دخول.", 403: "هذا الطلب غير مسموح."}
FILTER_NAMES = ("entity", "country", "event_type", "site", "section", "date_from", "date_to")
LINK_PARAMS = ("q", "entity", "country", "event_type", "site", "section", "date_from", "date_to", "type", "limit")

_COUNTRIES = Locale("ar").territories


def country_name(code: str | None) -> str:
    """The Arabic name of an ISO country code (the code itself when unknown)."""
    return _COUNTRIES.get(code.upper(), code) if code else ""


def section_label(code: str | None) -> str:
    """The Arabic label of a corpus section code (the code itself when unknown)."""
    return SECTION_LABELS.get(code, code) if code else ""


def section_trail(section: str | None, path: list[str] | None) -> list[str]:
    """The labels of an article's section path (or its section), each once, in order."""
    trail = []
    for code in [*(path or []), section]:
        label = section_label(code)
        if label and label not in trail:
            trail.append(label)
    return trail


def filter_label(name: str, value: str) -> str:
    """How a filter's value reads on its chip: Arabic names for countries, event types and sections."""
    if name == "country":
        return country_name(value)
    if name == "event_type":
        return EVENT_LABELS.get(value.upper(), value)
    if name == "section":
        return section_label(value)
    return value


def arabic_reason(status: int, message: str) -> str:
    """The Arabic reason for an error message (see ARABIC_REASONS); by status when the message is unknown."""
    for pattern, reason in ARABIC_REASONS:
        found = pattern.match(message)
        if found:
            return reason.format(*found.groups())
    return STATUS_REASONS.get(status, "حدث خطأ.")


def entity_url(entity_id: str) -> str:
    return "/entities/" + quote(entity_id, safe=":")


def web_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address (never a javascript: link from an untrusted article)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def link(path: str, params: dict, **changes) -> str:
    """`path` with the current `params` and `changes` as its query (empty values and offset 0 dropped)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "") and not (k == "offset" and v == 0)}
    return path + ("?" + urlencode(kept) if kept else "")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(type_labels=TYPE_LABELS, sector_labels=SECTOR_LABELS, event_labels=EVENT_LABELS, country_name=country_name,
                       entity_url=entity_url, link=link, web_url=web_url, event_types=queries.EVENT_TYPES,
                       section_label=section_label, section_trail=section_trail, filter_label=filter_label)
    return env


templates = Jinja2Templates(env=_environment())
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


def page_filters(request: Request) -> Filters:
    """The article filters of a form submission: an empty field means no filter (QueryError → 400)."""
    values = request.query_params
    return queries.make_filters(**{name: values.get(name) for name in FILTER_NAMES})


PageFilters = Annotated[Filters, Depends(page_filters)]


def filter_options(db: Store) -> dict[str, list[str]]:
    """The choices of the filter form; countries in the order of their Arabic names."""
    options = queries.facet_values(db)
    options["country"].sort(key=country_name)
    return options


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    params = {k: v for k, v in request.query_params.items() if k in LINK_PARAMS and v}
    return templates.TemplateResponse(request, name, {"params": params, **context}, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, code=status,
                  title=STATUS_TITLES.get(status, "خطأ"), message=message, reason=arabic_reason(status, message))


@router.get("/favicon.ico")
def favicon():
    """Clients that ask for /favicon.ico without reading the page's icon link get the SVG icon."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@router.get("/")
def home(request: Request, db: StoreDep, filters: PageFilters, q: str | None = None, limit: Limit = 20,
         offset: Offset = 0):
    """Search: the form, facets, and the matching articles (the newest ones without a query)."""
    result = queries.articles(db, q, filters, limit, offset, facets=True)
    return render(request, "index.html", q=q or "", result=result, limit=limit, offset=offset,
                  options=filter_options(db))


@router.get("/articles/{article_id}")
def article_page(request: Request, db: StoreDep, article_id: str):
    article = db.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id}")
    counts = Counter(m.canonical_id for m in article.entities if m.canonical_id)
    known = {e.id: e for e in article.canonical_entities}
    copies = [c for c in queries.article_sources(db, article_id) if (c["url"], c["site"]) != (article.metadata.url,
                                                                                             article.metadata.site)]
    return render(request, "article.html", article=article, pieces=highlight(article), entities=known,
                  counts=counts, copies=copies)


@router.get("/entities")
def entities_page(request: Request, db: StoreDep, type: str | None = None, q: str | None = None,
                  limit: Limit = 50, offset: Offset = 0):
    page = queries.entities(db, type, q, limit, offset)
    return render(request, "entities.html", page=page, q=q or "", type=type or "")


@router.get("/entities/{entity_id:path}")
def entity_page(request: Request, db: StoreDep, entity_id: str):
    profile = queries.entity_profile(db, entity_id)
    if profile is None:
        raise HTTPException(404, f"no entity {entity_id}")
    entity = profile["entity"]
    is_place = entity["type"] in queries.PLACE_TYPES and entity["lat"] is not None
    is_actor = entity["type"] in queries.ACTOR_TYPES or profile["actor"]["events"] > 0
    return render(request, "entity.html", p=profile, e=entity, is_place=is_place, is_actor=is_actor,
                  query=urlencode({"entity": entity_id}))


@router.get("/summary")
def summary_page(request: Request, db: StoreDep, filters: PageFilters, q: str | None = None):
    """What happened in the articles matching a search: events by type, month and country, the top
    actors, dyads and speakers."""
    return render(request, "summary.html", q=q or "", s=queries.summary(db, q, filters), options=filter_options(db))


@router.get("/map")
def map_page(request: Request, db: StoreDep, filters: PageFilters, q: str | None = None):
    """The full-page map; the filters narrow the articles whose places are shown."""
    queries.check_query(q)
    return render(request, "map.html", q=q or "", options=filter_options(db))


@router.get("/timeline")
def timeline_page(request: Request, db: StoreDep, filters: PageFilters, q: str | None = None):
    """Articles and events per day; the filters narrow the articles counted."""
    queries.check_query(q)
    return render(request, "timeline.html", q=q or "", options=filter_options(db))


def highlight(article: Article) -> list[dict]:
    """The article text cut at every mention, quote and event-trigger boundary. Each piece is
    {text, mention, quote, event}: the covering Mention, Quote and Event, or None."""
    layers = {"mention": article.entities, "quote": article.quotes, "event": article.events}
    size = len(article.text)
    cuts = {0, size}
    for spans in layers.values():
        for span in spans:
            cuts.update((min(max(span.start, 0), size), min(max(span.end, 0), size)))
    starts = {name: sorted(spans, key=lambda s: s.start) for name, spans in layers.items()}
    keys = {name: [s.start for s in spans] for name, spans in starts.items()}
    bounds = sorted(cuts)
    pieces = []
    for start, end in pairwise(bounds):
        piece = {"text": article.text[start:end]}
        for name, spans in starts.items():
            i = bisect_right(keys[name], start) - 1
            piece[name] = spans[i] if i >= 0 and spans[i].end > start else None
        pieces.append(piece)
    return pieces
