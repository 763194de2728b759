"""The web application: the JSON API under /api, the Arabic HTML pages, and the static files.

`create_app(db_path)` serves a store read-only. With a `token`, `POST /api/articles` also analyses
and stores articles for clients that send `Authorization: Bearer <token>`.
"""
from __future__ import annotations

import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

import marsad
from marsad.api.routes import ingest_router, readonly_router, router
from marsad.model import Article
from marsad.store.db import Store
from marsad.store.index import QueryError
from marsad.web import pages

STATIC = Path(pages.__file__).with_name("static")


class ReadStores:
    """One read-only connection per thread (sqlite3 connections are not shared between threads)."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()
        Store(path, readonly=True).close()  # fail now, not on the first request, when it is missing

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.path, readonly=True)
        return store


class Writer:
    """The one writable connection, used by a single thread at a time."""

    def __init__(self, path: str):
        self.store = Store(path)
        self._lock = threading.Lock()

    def add(self, article: Article) -> bool:
        with self._lock:
            return self.store.add_article(article)


def create_app(db_path: str, token: str | None = None) -> FastAPI:
    """The marsad web app over the store at `db_path`; ingestion is enabled only with a `token`."""
    app = FastAPI(title="marsad", version=marsad.__version__, docs_url=None, redoc_url=None,
                  description="Arabic news as a structured, geocoded record: articles, entities, places, "
                              "events and quotes (read-only unless the server was given a token).")
    app.state.token = token
    if token:
        app.state.writer = Writer(db_path)  # also creates the store when it does not exist yet
    app.state.stores = ReadStores(db_path)
    app.include_router(router, prefix="/api")
    app.include_router(ingest_router if token else readonly_router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _serve_docs_offline(app)
    app.add_middleware(SecureHeaders)
    _handle_errors(app)
    _document_400_not_422(app)
    return app


VENDOR = "/static/vendor"


def _serve_docs_offline(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc (ReDoc) from the copies vendored under /static/vendor: no CDN,
    no web fonts, no remote favicon and no remote spec validator, so they work without a network."""

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} — API",
                                   swagger_js_url=f"{VENDOR}/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url=f"{VENDOR}/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="data:,", swagger_ui_parameters={"validatorUrl": None})

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title=f"{app.title} — API",
                              redoc_js_url=f"{VENDOR}/redoc/redoc.standalone.js", redoc_favicon_url="data:,",
                              with_google_fonts=False)


# Pages load only marsad's own scripts, styles and images (the map draws inline styles through the DOM,
# and Leaflet's icons are data: URIs).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")
# /docs and /redoc are FastAPI's pages: each starts its vendored viewer with an inline script, and ReDoc
# searches in a worker it creates from a blob: URL. Everything is still loaded from this server only.
DOCS_CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
                                "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
                                "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
                                "form-action 'self'; frame-ancestors 'none'")
_DOCS_PAGES = ("/docs", "/redoc")


class SecureHeaders:
    """ASGI middleware: every response says no content sniffing and no framing, and carries the content
    security policy (a plain ASGI wrapper: it adds headers without buffering the response)."""

    COMMON = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
              (b"referrer-policy", b"same-origin"))

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        policy = DOCS_CONTENT_SECURITY_POLICY if scope["path"] in _DOCS_PAGES else CONTENT_SECURITY_POLICY
        extra = [*self.COMMON, (b"content-security-policy", policy.encode())]

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in extra if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _handle_errors(app: FastAPI) -> None:
    """User errors are 400s with a one-line message: JSON under /api, an Arabic page elsewhere."""

    def reply(request: Request, status: int, message: str, headers: dict | None = None):
        if request.url.path.startswith("/api") or request.url.path in ("/docs", "/openapi.json"):
            return JSONResponse({"detail": message}, status, headers=headers)
        return pages.error_page(request, status, message)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, err: QueryError):
        return reply(request, 400, str(err))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError):
        return reply(request, 400, _one_line(err))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        return reply(request, err.status_code, str(err.detail), getattr(err, "headers", None))


def _one_line(err: RequestValidationError) -> str:
    """The first validation problem as `name: message`."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"] if part not in ("query", "path", "header", "body"))
    return f"{where or 'request'}: {first['msg']}"


def _document_400_not_422(app: FastAPI) -> None:
    """Validation errors are answered with 400 (documented per router), so drop FastAPI's 422 entries."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            for path in schema["paths"].values():
                for operation in path.values():
                    operation.get("responses", {}).pop("422", None)
            for name in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(name, None)
        return app.openapi_schema

    app.openapi = openapi
