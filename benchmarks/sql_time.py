"""Record each page's data calls (AppTest, default filters) and time their SQL on a fresh engine;
also the bytes of every map component the page sends to the browser."""

from __future__ import annotations

import importlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event, text

from benchmarks.pages import BenchPage
from benchmarks.signed_in import ROLE, USER

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class PageRecording:
    calls: list[tuple[str, dict]] = field(default_factory=list)
    map_bytes: list[int] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)


def record_page(page: BenchPage, database_url: str, *, lang: str = "uk", query: str | None = None) -> PageRecording:
    """Run app.py + ``page`` in AppTest as the default (partner) role and record its data calls;
    ``query`` (e.g. ``oblast=…``) adds URL parameters to the default filters, as the prosecutor."""
    from urllib.parse import parse_qsl

    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    import components.data as data

    set_log_level("error")

    os.environ["DATABASE_URL"] = database_url
    rec = PageRecording()
    original = data._cached_call

    def recording(func_path: str, *args):  # (func_path, url, data version, kwargs): components.data._cached_call
        rec.calls.append((func_path, dict(args[-1])))
        return original(func_path, *args)

    data._cached_call = recording  # type: ignore[assignment]
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.pages_manager import PagesManager

    class Navigation(PagesManager):  # as after a server's first request (see tests/conftest.py)
        def __init__(self, *args, **kwargs):
            PagesManager.uses_pages_directory = False
            super().__init__(*args, **kwargs)

    app_test.PagesManager = Navigation
    try:
        original.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.query_params["lang"] = lang
        for key, value in parse_qsl(query or ""):
            at.query_params[key] = value
        if query:  # a set of hromadas is the prosecutor's only (benchmarks/signed_in.py)
            at.session_state["auth_role"], at.session_state["auth_user"] = ROLE, USER
        at.run()
        if page.url_path != "home":
            rec.calls.clear()  # the frame's calls are recorded again on the page's own run
            at.switch_page(page.file)
            at.run()
        rec.exceptions = [e.value for e in at.exception]
        for el in at.get("component_instance") or []:
            rec.map_bytes.append(len(el.proto.json_args.encode("utf-8")))
    finally:
        data._cached_call = original  # type: ignore[assignment]
        app_test.PagesManager = PagesManager
    return rec


def _resolve(func_path: str):
    module_name, func_name = func_path.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), func_name)


class SqlClock:
    """Sums cursor execution time of one engine (SQLAlchemy before/after_cursor_execute)."""

    def __init__(self, engine):
        self.seconds = 0.0
        self.statements = 0
        self.slowest: list[tuple[float, str]] = []
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        elapsed = time.perf_counter() - conn.info["bench_started"].pop()
        self.seconds += elapsed
        self.statements += 1
        self.slowest.append((elapsed, " ".join(statement.split())[:160]))

    def reset(self) -> None:
        self.seconds, self.statements, self.slowest = 0.0, 0, []


def unique_calls(calls: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Each distinct call once (the cache would answer repeats)."""
    seen, out = set(), []
    for path, kwargs in calls:
        key = (path, repr(sorted(kwargs.items())))
        if key not in seen:
            seen.add(key)
            out.append((path, kwargs))
    return out


def time_sql(database_url: str, calls: list[tuple[str, dict]]) -> dict:
    """Cold (fresh engine, ``DISCARD ALL``; the OS and PostgreSQL buffer caches stay warm) and warm
    (same calls again) SQL seconds of ``calls``; the three slowest statements of the cold run."""
    from data_access.engine import make_engine

    engine = make_engine(database_url)
    try:
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("DISCARD ALL"))
        clock = SqlClock(engine)
        result = {}
        for label in ("cold", "warm"):
            clock.reset()
            for path, kwargs in calls:
                _resolve(path)(engine, **kwargs)
            result[f"sql_{label}_s"] = round(clock.seconds, 4)
            result["statements"] = clock.statements
            if label == "cold":
                result["slowest"] = [(round(s, 4), q) for s, q in sorted(clock.slowest, reverse=True)[:3]]
        return result
    finally:
        engine.dispose()


def _measure(page: BenchPage, database_url: str, query: str | None) -> dict:
    rec = record_page(page, database_url, query=query)
    calls = unique_calls(rec.calls)
    sql = time_sql(database_url, calls)
    print(f"  sql {page.url_path}{' ?' + query if query else ''}: cold {sql['sql_cold_s']:.3f}s "
          f"warm {sql['sql_warm_s']:.3f}s ({len(calls)} calls, {sql['statements']} statements), maps {rec.map_bytes}"
          f"{', EXCEPTION ' + str(rec.exceptions)[:200] if rec.exceptions else ''}", flush=True)
    return {**sql, "calls": len(calls), "functions": sorted({p for p, _ in calls}), "map_bytes": rec.map_bytes,
            "exceptions": rec.exceptions}


def measure_pages(pages: list[BenchPage], database_url: str, selection: str | None = None) -> dict[str, dict]:
    """Per page: SQL cold/warm seconds, statements, slowest statements, map bytes; with ``selection``
    (a query string such as ``oblast=…``) the same again under the page's ``selection`` key."""
    out = {}
    for page in pages:
        out[page.url_path] = _measure(page, database_url, None)
        if selection:
            out[page.url_path]["selection"] = _measure(page, database_url, selection)
    return out


def _json_default(value):
    return str(value)


def dump(obj, path: Path) -> None:
    path.write_text(json.dumps(obj, indent=1, ensure_ascii=False, default=_json_default), encoding="utf-8")
