"""The database engine for this server and cached calls to data_access functions, keyed on the data version."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st

from data_access.data_version import data_version
from data_access.engine import database_url, make_engine
from data_access.places import hromadas
from data_access.scopes import allowed_hromada_ids, hromadas_in_scope, require_in_scope

CACHE_TTL_SECONDS = 300
VERSION_KEY = "_data_version"


@st.cache_resource(show_spinner=False)
def _engine_for(url: str):
    return make_engine(url)


def engine():
    """The engine for DATABASE_URL (one per server and URL)."""
    return _engine_for(database_url())


def start_run() -> int:
    """Read the data version once at the start of a page run (app.py); every :func:`cached` call of
    the run uses it, so a write committed by any process shows on this server's next run."""
    version = data_version(engine())
    st.session_state[VERSION_KEY] = version
    return version


def data_changed() -> bool:
    """True when a write committed since this run started (for fragments that rerun on their own,
    such as the shared-screen slideshow, which then rerun the whole page to show it)."""
    return data_version(engine()) != st.session_state.get(VERSION_KEY)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=2000)
def _cached_call(func_path: str, url: str, version: int, kwargs: dict):
    module_name, func_name = func_path.rsplit(".", 1)
    func = getattr(importlib.import_module(module_name), func_name)
    return func(_engine_for(url), **kwargs)


def cached(func: Callable, /, **kwargs):
    """``func(engine, **kwargs)``, cached per database, data version and arguments (five minutes at most).

    ``func`` must be a module-level data_access function taking the engine first and
    keyword-only, hashable filters. The data version is the one this run started with
    (:func:`start_run`), read here when the run did not start through app.py. A ``hromada_id`` outside
    the signed-in account's scope is refused before the cache is looked at (data_access.scopes).
    """
    version = st.session_state.get(VERSION_KEY)
    if version is None:
        version = start_run()
    user = st.session_state.get("auth_user")
    require_in_scope(engine(), username=user, arguments=kwargs, allowed=_allowed_for(database_url(), version, user))
    return _cached_call(f"{func.__module__}.{func.__qualname__}", database_url(), version, kwargs)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=500)
def _allowed_for(url: str, version: int, username: str | None) -> frozenset[int] | None:
    return allowed_hromada_ids(_engine_for(url), username=username)


def allowed_hromadas() -> frozenset[int] | None:
    """The hromada ids the signed-in account may see (data_access.scopes); None = every hromada."""
    version = st.session_state.get(VERSION_KEY)
    if version is None:
        version = start_run()
    return _allowed_for(database_url(), version, st.session_state.get("auth_user"))


def account_hromadas():
    """data_access.places.hromadas limited to the signed-in account's scope (every hromada without one)."""
    return hromadas_in_scope(cached(hromadas), allowed_hromadas())


def clear_cache() -> None:
    """Forget cached query results (not needed for freshness: the data version moves on every write)."""
    _cached_call.clear()
