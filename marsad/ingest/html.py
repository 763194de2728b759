"""HTML pages: main text and metadata with trafilatura, breadcrumbs from schema.org or the page."""
from __future__ import annotations

import json
import re

from marsad.errors import InputError
from marsad.ingest.document import Document, parse_date
from marsad.ingest.registry import reader

_HOME = frozenset({"الرئيسية", "الرئيسيه", "الصفحة الرئيسية", "home", "accueil"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Publication time as pages state it, with the time of day that trafilatura's date leaves out.
_PUBLISHED = (
    ('//meta[@property="article:published_time" or @property="og:article:published_time" '
     'or @name="article:published_time" or @itemprop="datePublished"]/@content'),
    "//time[@itemprop='datePublished']/@datetime",
)
# Text that is navigation, not article: what a page-level fallback extraction may return alone.
_BOILERPLATE = "//a | //nav//* | //header//* | //footer//* | //aside//* | //nav | //header | //footer | //aside"


def looks_like_html(head: str) -> bool:
    """Whether the start of a text is an HTML (or XHTML) page."""
    lowered = head[:2048].lower()
    return lowered.startswith(("<!doctype html", "<html", "<?xml")) or any(tag in lowered for tag in ("<body", "<p>", "<div"))


@reader("html", extensions=(".html", ".htm", ".xhtml"), detect=looks_like_html)
def read(text: str, *, source: str, url: str | None = None, encoding: str | None = None, **_) -> list[Document]:
    """The page's article."""
    return [read_html(text, source=source, url=url, path=None if source == "<input>" else source, encoding=encoding)]


def read_html(html: str, source: str = "<input>", url: str | None = None, **info) -> Document:
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    try:
        # lxml refuses str input that declares its own encoding; the text is decoded already.
        tree = lxml_html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.LxmlError, ValueError) as err:
        raise InputError(source, f"unreadable HTML ({' '.join(str(err).split())})") from None
    extracted = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
    )
    text = extracted.text if extracted is not None else None
    if not text or not text.strip() or _only_boilerplate(text, tree):
        raise InputError(source, "no article text found in the HTML page")
    title = extracted.title
    path = _breadcrumbs(tree, title)
    metadata = {
        "title": title,
        "author": extracted.author,
        "site": extracted.sitename or extracted.hostname,
        "url": extracted.url or url,
        "published": _published(tree) or parse_date(extracted.date),
    }
    categories = [c.strip() for c in (extracted.categories or []) if c and c.strip()]
    if path:
        metadata["section_path"] = path
    elif categories:
        metadata["section_path"] = categories
    sections = [p for p in metadata.get("section_path", []) if p.lower() not in _HOME and p != title]
    if sections:
        metadata["section"] = sections[-1]
    first_line = text.split("\n", 1)[0]
    body_start = len(first_line) + 1 if title and "\n" in text and _same(first_line, title) else 0
    return Document(text, body_start=body_start, metadata={k: v for k, v in metadata.items() if v}, format="html", **info)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _only_boilerplate(text: str, tree) -> bool:
    """True when every line of the extracted text is a link, menu, header or footer text."""
    chrome = {" ".join(el.text_content().split()) for el in tree.xpath(_BOILERPLATE)}
    return all(" ".join(line.split()) in chrome for line in text.splitlines() if line.strip())


def _published(tree) -> str | None:
    for xpath in _PUBLISHED:
        for value in tree.xpath(xpath):
            date = parse_date(value)
            if date:
                return date
    return None


def _breadcrumbs(tree, title: str | None) -> list[str]:
    """Breadcrumb trail from JSON-LD BreadcrumbList, or from an element whose class/id says breadcrumb."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for node in _walk(data):
            types = node.get("@type")
            if "BreadcrumbList" in (types if isinstance(types, list) else [types]):
                items = sorted(node.get("itemListElement") or [], key=lambda x: x.get("position", 0) if isinstance(x, dict) else 0)
                names = [n for n in map(_item_name, items) if n]
                if names:
                    return _drop_title(names, tree, title)
    for node in tree.xpath('//*[contains(translate(@class, "BREADCRUMB", "breadcrumb"), "breadcrumb") '
                           'or contains(translate(@id, "BREADCRUMB", "breadcrumb"), "breadcrumb")]'):
        links = [re.sub(r"\s+", " ", a.text_content()).strip() for a in node.xpath(".//a|.//li[not(.//a)]")]
        links = [x for x in links if x and x not in ("/", ">", "»", "|")]
        if links:
            return _drop_title(links, tree, title)
    return []


def _walk(data):
    """Every JSON object in a JSON-LD document, `@graph` members included."""
    if isinstance(data, list):
        for x in data:
            yield from _walk(x)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph:
            yield from _walk(graph)


def _item_name(item) -> str | None:
    if not isinstance(item, dict):
        return None
    name = item.get("name")
    if not name and isinstance(item.get("item"), dict):
        name = item["item"].get("name")
    return name.strip() if isinstance(name, str) and name.strip() else None


def _drop_title(names: list[str], tree, title: str | None) -> list[str]:
    """Breadcrumbs often end with the article's own title: that is not a section."""
    if len(names) < 2:
        return names
    last = names[-1]
    headings = tree.xpath("//h1") + tree.xpath("//title")
    if (title and _same(last, title)) or any(_same(last, h.text_content()) for h in headings):
        return names[:-1]
    page_title = " ".join(tree.xpath("//title/text()"))
    if len(last.split()) > 3 and last in page_title:
        return names[:-1]
    return names
