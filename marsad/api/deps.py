"""What the API's routes and the HTML pages share: the store of a request, paging, filters, the token."""
from __future__ import annotations

import secrets
from typing import Annotated, Literal

from fastapi import Depends, Header, HTTPException, Query, Request

from marsad.model import ENTITY_TYPES
from marsad.store import queries
from marsad.store.db import Store
from marsad.store.search import MAX_LIMIT, Filters

MAX_OFFSET = 10**9


def store(request: Request) -> Store:
    """This thread's read-only connection to the app's store."""
    return request.app.state.stores.get()


StoreDep = Annotated[Store, Depends(store)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1–{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]


EventType = Literal[queries.EVENT_TYPES]  # type: ignore[valid-type]
EntityType = Literal[ENTITY_TYPES]  # type: ignore[valid-type]
Country = Annotated[str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO 3166 code, e.g. LY")]
_DAY = {"pattern": r"^\d{4}-\d{2}-\d{2}$", "json_schema_extra": {"format": "date"}}
DateFrom = Annotated[str | None, Query(description="on or after this day (YYYY-MM-DD)", **_DAY)]
DateTo = Annotated[str | None, Query(description="on or before this day (YYYY-MM-DD)", **_DAY)]


def article_filters(
    entity: Annotated[str | None, Query(description="canonical entity id mentioned, e.g. geo:2210554")] = None,
    country: Country = None,
    event_type: Annotated[EventType | None, Query(description="PLOVER type of an event in the article")] = None,
    site: str | None = None,
    section: str | None = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
) -> Filters:
    """The article filters of a request, checked (QueryError → 400)."""
    return queries.make_filters(entity, country, event_type, site, section, date_from, date_to)


FiltersDep = Annotated[Filters, Depends(article_filters)]
QueryText = Annotated[str | None, Query(description=(
    'words and "phrases" (all required), `a OR b` (either), `-word` or `-"phrase"` (excluded)'))]


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """401 without a bearer token, 403 with a wrong one."""
    if not authorization or not authorization.lower().startswith("bearer "):
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    if not secrets.compare_digest(authorization[7:].strip().encode(), request.app.state.token.encode()):
        raise HTTPException(403, "wrong token")
