"""HTML pages: main text and metadata with trafilatura, breadcrumbs from schema.org or the page."""
from __future__ import annotations

import json
import re

from marsad.errors import InputError
from marsad.ingest.document import Document, parse_date

_HOME = frozenset({"الرئيسية", "الرئيسيه", "الصفحة الرئيسية", "home", "accueil"})


def read_html(html: str, source: str = "<input>", url: str | None = None, **info) -> Document:
    import trafilatura
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except Exception as err:  # lxml raises several types for broken input
        raise InputError(source, f"unreadable HTML ({type(err).__name__})") from None
    extracted = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_recall=True
    )
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(source, "no article text found in the HTML page")
    path = _breadcrumbs(tree)
    metadata = {
        "title": extracted.title,
        "author": extracted.author,
        "site": extracted.sitename or extracted.hostname,
        "url": extracted.url or url,
        "published": parse_date(extracted.date),
    }
    categories = [c.strip() for c in (extracted.categories or []) if c and c.strip()]
    if path:
        metadata["section_path"] = path
    elif categories:
        metadata["section_path"] = categories
    sections = [p for p in metadata.get("section_path", []) if p.lower() not in _HOME and p != extracted.title]
    if sections:
        metadata["section"] = sections[-1]
    return Document(extracted.text, metadata={k: v for k, v in metadata.items() if v}, format="html", **info)


def _breadcrumbs(tree) -> list[str]:
    """Breadcrumb trail from JSON-LD BreadcrumbList, or from an element whose class/id says breadcrumb."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for node in _walk(data):
            if isinstance(node, dict) and node.get("@type") == "BreadcrumbList":
                items = sorted(node.get("itemListElement") or [], key=lambda x: x.get("position", 0) if isinstance(x, dict) else 0)
                names = [_item_name(x) for x in items]
                names = [n for n in names if n]
                if names:
                    return _drop_title(names, tree)
    for node in tree.xpath('//*[contains(translate(@class, "BREADCRUMB", "breadcrumb"), "breadcrumb") '
                           'or contains(translate(@id, "BREADCRUMB", "breadcrumb"), "breadcrumb")]'):
        links = [re.sub(r"\s+", " ", a.text_content()).strip() for a in node.xpath(".//a|.//li[not(.//a)]")]
        links = [x for x in links if x and x not in ("/", ">", "»", "|")]
        if links:
            return _drop_title(links, tree)
    return []


def _walk(data):
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
    name = item.get("name") or (item.get("item") or {}).get("name") if isinstance(item.get("item"), dict) else item.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else None


def _drop_title(names: list[str], tree) -> list[str]:
    """Breadcrumbs often end with the article's own title: that is not a section."""
    title = " ".join(tree.xpath("//title/text()") + tree.xpath("//h1//text()"))
    if len(names) > 1 and len(names[-1].split()) > 3 and names[-1] in title:
        return names[:-1]
    return names
