"""Crawled text pages: an optional breadcrumb line (`الرئيسية / دولي / <title>`), the site name, the
title, then the body. Plain text with no header is read as body (a short first line as its title)."""
from __future__ import annotations

import re

from marsad.ingest.document import Document
from marsad.ingest.registry import reader
from marsad.text.normalize import ARABIC_LETTER

_BREADCRUMB_SEPARATORS = (" / ", " > ", " » ", " | ", " « ", " › ", " ‹ ", " < ")
_HOME = frozenset({"الرئيسية", "الرئيسيه", "الصفحة الرئيسية", "الصفحة الرئيسيه", "home", "accueil", "الرئيسة"})
_LINE = re.compile(r"[^\n]*\n?")
_SENTENCE_END = re.compile(r"[.!?؟:،]\s*$")
MAX_TITLE_WORDS = 30
MAX_SITE_WORDS = 5


@reader("text", extensions=(".txt", ".text"), fallback=True)
def read(text: str, *, source: str, encoding: str | None = None, **_) -> list[Document]:
    """The page's article."""
    return [read_text_page(text, path=None if source == "<input>" else source, encoding=encoding)]


def read_text_page(text: str, **info) -> Document:
    lines = _lines(text)
    metadata: dict = {}
    i = 0
    crumbs = _breadcrumb(lines[0][1], [line for _, line in lines[1:3]]) if len(lines) > 1 else None
    if crumbs:
        path, crumb_title = crumbs
        i = 1
        if i < len(lines) - 1 and _is_site(lines, i, crumb_title):
            metadata["site"] = lines[i][1]
            i += 1
        if i < len(lines) - 1 and _is_title(lines[i][1], crumb_title):
            metadata["title"] = lines[i][1]
            i += 1
        elif crumb_title:
            metadata["title"] = crumb_title
        if len(path) > 1 and path[-1] == metadata.get("title"):
            path = path[:-1]  # a short title at the end of the trail, taken for a section at first
        metadata["section_path"] = path
    elif len(lines) > 1 and _is_title(lines[0][1], None):
        metadata["title"] = lines[0][1]
        i = 1
    body_start = lines[i][0] if i < len(lines) else len(text)
    sections = [p for p in metadata.get("section_path", []) if p.lower() not in _HOME]
    if sections:
        metadata["section"] = sections[-1]
    return Document(text, body_start=body_start, metadata=metadata, format="text", **info)


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their offsets, stripped of spaces (NBSP included)."""
    out = []
    for m in _LINE.finditer(text):
        stripped = m.group().strip()
        if stripped:
            out.append((m.start() + m.group().index(stripped[0]), stripped))
    return out


def _breadcrumb(line: str, following: list[str]) -> tuple[list[str], str | None] | None:
    """(section path, title at its end or None) when the line is a site breadcrumb. A trail is
    recognised by its home link, by three or more short parts, or by its last part coming back as
    the title on one of the `following` lines."""
    for sep in _BREADCRUMB_SEPARATORS:
        parts = [p.strip() for p in line.split(sep)]
        if len(parts) < 2 or any(not p for p in parts):
            continue
        for k in range(1, len(parts)):
            if sep.join(parts[k:]) in following:  # the title may itself hold the separator
                return parts[:k], sep.join(parts[k:])
        if parts[0].lower() in _HOME or (len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts[:-1])):
            if parts[-1].lower() not in _HOME and len(parts[-1].split()) > 3:
                return parts[:-1], parts[-1]
            return parts, None
    return None


def _is_site(lines: list[tuple[int, str]], i: int, crumb_title: str | None) -> bool:
    """Whether line `i`, right after the breadcrumb, is the site's name."""
    line = lines[i][1]
    if len(line.split()) > MAX_SITE_WORDS or _SENTENCE_END.search(line):
        return False
    if crumb_title:
        return not _is_title(line, crumb_title)
    # With no title in the trail, a short Arabic line is the site only when a title follows it.
    return not ARABIC_LETTER.search(line) or (i + 2 < len(lines) and _is_title(lines[i + 1][1], None))


def _is_title(line: str, crumb_title: str | None) -> bool:
    if crumb_title:
        return line == crumb_title or line.startswith(crumb_title.rstrip(".…")) or crumb_title.startswith(line)
    return len(line.split()) <= MAX_TITLE_WORDS and not re.search(r"[.!؟?]\s*$", line)
