"""Per-session UI state: interface language, role, presentation mode; ``t()`` for the current language."""

from __future__ import annotations

import streamlit as st

from domain.i18n import normalise_lang, translate
from domain.roles import Role


def current_lang() -> str:
    """The interface language chosen in the sidebar / URL (``lang=uk|en``); Ukrainian by default."""
    return normalise_lang(st.session_state.get("lang") or st.query_params.get("lang"))


def t(key: str, **params) -> str:
    """The message ``key`` in the current language."""
    return translate(key, current_lang(), **params)


def current_role() -> str:
    """The signed-in role; with nobody signed in, the partner-safe role (never full access)."""
    return st.session_state.get("auth_role") or Role.PARTNER


def current_user() -> str | None:
    """The signed-in user name, or None."""
    return st.session_state.get("auth_user")
