"""`marsad schema` and `marsad stages`: what marsad produces and how its pipeline is made."""
from __future__ import annotations

import sys
from pathlib import Path

from marsad.pipeline import DEFAULT_PIPELINE



def register(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the Article output")
    p.set_defaults(run=_schema)

    p = sub.add_parser("stages", help="list the pipeline stages: what each requires, assigns and can be told")
    p.set_defaults(run=_stages)


def _schema(args) -> int:
    path = Path(__file__).with_name("schema") / "article.schema.json"
    sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0


def _stages(args) -> int:
    from marsad.pipeline import declared

    for spec in sorted(declared().values(), key=lambda s: (s.name not in DEFAULT_PIPELINE,
                                                          DEFAULT_PIPELINE.index(s.name) if s.name in DEFAULT_PIPELINE else 0)):
        options = ", ".join(f"{k}={v!r}" for k, v in spec.config.items())
        print(f"{spec.name}: {spec.doc}\n  requires: {', '.join(spec.requires) or '-'}\n"
              f"  assigns: {', '.join(spec.assigns)}" + (f"\n  options: {options}" if options else ""))
    return 0


_FIELDS = ("text", "title", "url", "site", "section", "published", "author", "id")
