"""`marsad analyze`: articles to JSON Lines, or a readable Arabic summary."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.cli.options import field_map, field_options
from marsad.errors import NOT_ARABIC, InputError
from marsad.ingest import formats, read_paths
from marsad.pipeline import DEFAULT_PIPELINE, Pipeline, analyze_documents



def register(sub) -> None:
    p = sub.add_parser("analyze", help="analyse articles and print one JSON Article per line",
                       description="Analyse articles (text pages, HTML, JSONL/CSV corpora, directories, - for stdin) "
                                   "and write one JSON Article per line. Bad inputs are reported on stderr; the "
                                   "others are still processed; the exit code is 1 if any input failed.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory (recursive) or - for stdin")
    p.add_argument("--format", choices=formats(), default="auto", help="input format (default: detected)")
    p.add_argument("-o", "--output", metavar="FILE", help="write JSON Lines here instead of stdout")
    p.add_argument("--pretty", action="store_true", help="print a readable Arabic summary instead of JSON")
    p.add_argument("--explain", action="store_true",
                   help="with --pretty: show why each place was chosen and why mentions were grouped")
    p.add_argument("--stages", type=_stage_list, metavar="A,B,…",
                   help=f"pipeline stages to run, in order (default: {','.join(DEFAULT_PIPELINE)}); list them with "
                        "marsad stages")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    field_options(p)
    p.set_defaults(run=_analyze)


_TYPE_NAMES = {"PER": "أشخاص", "ORG": "منظمات", "GPE": "دول ومدن", "LOC": "مناطق", "FAC": "منشآت",
               "NORP": "جنسيات وانتماءات", "EVENT": "أحداث", "MISC": "أخرى"}


def _stage_list(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _analyze(args) -> int:
    from tqdm import tqdm

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    many = len(args.paths) > 1 or any(Path(p).is_dir() or p.endswith((".jsonl", ".gz", ".csv", ".json", ".warc")) for p in args.paths)
    failures = done = not_arabic = 0
    pipeline = Pipeline(args.stages or DEFAULT_PIPELINE)
    results = analyze_documents(read_paths(args.paths, args.format, field_map(args)), pipeline)
    bar = tqdm(results, unit=" articles", disable=not (show and many), file=sys.stderr, dynamic_ncols=True)
    try:
        for result in bar:
            if isinstance(result, InputError):
                failures += 1
                not_arabic += result.problem.startswith(NOT_ARABIC)
                bar.write(f"marsad: {result}", file=sys.stderr)
                continue
            done += 1
            for warning in result.warnings:
                if warning.code == "input":
                    bar.write(f"marsad: {result.source.path or '<input>'}: warning: {warning.message}", file=sys.stderr)
            if args.pretty:
                out.write(pretty(result, explain=args.explain) + "\n")
            else:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    finally:
        bar.close()
        if out is not sys.stdout:
            out.close()
    if failures and (done or failures > 1):
        print(f"marsad: {done} analysed, {failures} failed{_not_arabic(not_arabic)}", file=sys.stderr)
    return 1 if failures else 0


def _not_arabic(count: int) -> str:
    """The share of failures that are pages in another language (a web crawl holds many)."""
    return f" ({count} not Arabic)" if count else ""


def pretty(article, explain: bool = False) -> str:
    """A readable Arabic summary of an Article: metadata, entities by type, places with coordinates,
    actors, quotes and events."""
    m = article.metadata
    lines = [f"العنوان: {m.title or '—'}",
             f"الموقع: {m.site or '—'} | القسم: {m.section or '—'}"
             + (f" ({' › '.join(m.section_path)})" if m.section_path else "")
             + f" | التاريخ: {m.published or '—'}",
             f"المعرّف: {article.id} | الجمل: {len(article.sentences)} | الأحرف: {len(article.text)}"]
    entities = {e.id: e for e in article.canonical_entities}
    counts: dict[str, dict[str, int]] = {}
    for mention in article.entities:
        name = entities[mention.canonical_id].name if mention.canonical_id in entities else mention.text
        counts.setdefault(mention.type, {}).setdefault(name, 0)
        counts[mention.type][name] += 1
    if counts:
        lines.append("الكيانات:")
        for type_ in _TYPE_NAMES:
            if type_ in counts:
                items = sorted(counts[type_].items(), key=lambda x: -x[1])
                lines.append(f"  {_TYPE_NAMES[type_]} ({type_}): " + "، ".join(f"{n} ×{c}" if c > 1 else n for n, c in items))
    places = [e for e in article.canonical_entities if e.type in ("GPE", "LOC", "FAC")]
    if places:
        lines.append("الأماكن على الخريطة:")
        for e in places:
            where = f"{e.lat:.4f}, {e.lon:.4f}" if e.lat is not None else "بلا إحداثيات"
            gid = f"geonames:{e.geonameid}" if e.geonameid else "غير محدد في GeoNames"
            lines.append(f"  {e.name} — {e.latin or '—'}, {e.country or '—'} ({where}) {gid}")
            if explain and e.explanation:
                lines.append("      " + "; ".join(e.explanation))
    actors = [e for e in article.canonical_entities if e.type in ("PER", "ORG", "MISC", "EVENT")]
    if actors:
        lines.append("الفاعلون:")
        for e in actors:
            facts = ", ".join(x for x in (e.latin, e.country, e.sector) if x)
            lines.append(f"  {e.name} [{e.id}]" + (f" — {facts}" if facts else ""))
            if explain and e.explanation:
                lines.append("      " + "; ".join(e.explanation))
    lines += _quote_lines(article) + _event_lines(article, entities)
    for w in article.warnings:
        lines.append(f"تنبيه: {w.message}")
    return "\n".join(lines) + "\n"


_STATUS_NAMES = {"asserted": "وقع", "negated": "منفي", "hypothetical": "محتمل"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quote_lines(article) -> list[str]:
    """Each quote as `speaker (cue): «content»`."""
    if not article.quotes:
        return []
    lines = [f"الأقوال ({len(article.quotes)}):"]
    for q in article.quotes:
        kind = "مباشر" if q.direct else "غير مباشر"
        cue = f" ({q.cue})" if q.cue else ""
        lines.append(f"  {q.speaker or 'مصدر غير مسمى'}{cue} [{kind}]: «{_one_line(q.content)}»")
    return lines


def _event_lines(article, entities: dict) -> list[str]:
    """Each event with its type, status, source, target, place and date."""
    if not article.events:
        return []
    from marsad.web.pages import EVENT_LABELS

    def name(entity_id):
        return entities[entity_id].name if entity_id in entities else (entity_id or "—")

    lines = [f"الأحداث ({len(article.events)}):"]
    for ev in article.events:
        place = name(ev.location) + (" (مستنتج)" if ev.location and ev.location_inferred else "")
        lines.append(f"  {EVENT_LABELS.get(ev.type, ev.type)} ({ev.type}) «{ev.trigger}» — "
                     f"الحالة: {_STATUS_NAMES.get(ev.status, ev.status)} | الفاعل: {name(ev.source)} | "
                     f"المفعول به: {name(ev.target)} | المكان: {place} | التاريخ: {ev.date or '—'}")
    return lines
