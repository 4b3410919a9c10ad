"""The database engine for this server and cached calls to data_access functions."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st

from data_access.engine import database_url, make_engine

CACHE_TTL_SECONDS = 300


@st.cache_resource(show_spinner=False)
def _engine_for(url: str):
    return make_engine(url)


def engine():
    """The engine for DATABASE_URL (one per server and URL)."""
    return _engine_for(database_url())


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=2000)
def _cached_call(func_path: str, url: str, kwargs: dict):
    module_name, func_name = func_path.rsplit(".", 1)
    func = getattr(importlib.import_module(module_name), func_name)
    return func(_engine_for(url), **kwargs)


def cached(func: Callable, /, **kwargs):
    """``func(engine, **kwargs)``, cached per database and arguments for five minutes.

    ``func`` must be a module-level data_access function taking the engine first and
    keyword-only, hashable filters.
    """
    return _cached_call(f"{func.__module__}.{func.__qualname__}", database_url(), kwargs)


def clear_cache() -> None:
    """Forget cached query results (after an import or an edit)."""
    _cached_call.clear()
