"""Per-session UI state: interface language, role, presentation mode; ``t()`` for the current language."""

from __future__ import annotations

import streamlit as st

from components.data import cached
from data_access.settings import deployment_public_access, deployment_setting
from domain.i18n import normalise_lang, translate
from domain.roles import visitor_role


def current_lang() -> str:
    """The interface language chosen in the sidebar / URL (``lang=uk|en``); Ukrainian by default."""
    return normalise_lang(st.session_state.get("lang") or st.query_params.get("lang"))


def t(key: str, **params) -> str:
    """The message ``key`` in the current language."""
    return translate(key, current_lang(), **params)


def current_role() -> str:
    """The signed-in role; with nobody signed in, the visitor role this deployment allows
    (``PUBLIC_ACCESS``: the partner-safe view, or the public pages only) — never more."""
    return st.session_state.get("auth_role") or visitor_role(public_access_now())


def public_access_now() -> str:
    """This deployment's PUBLIC_ACCESS decision (domain.roles.PublicAccess)."""
    return cached(deployment_public_access, setting=deployment_setting("PUBLIC_ACCESS"))


def current_user() -> str | None:
    """The signed-in user name, or None."""
    return st.session_state.get("auth_user")
