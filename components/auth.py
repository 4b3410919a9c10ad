"""Sign-in in the sidebar: built-in accounts, session timeout, logout, the partner-safe demo note.

Session keys (read by components/state.py and the tests): ``auth_role``, ``auth_user``; this
module adds ``auth_display``, ``auth_source`` ("password" for a session opened here),
``auth_last_activity`` (epoch seconds). Failed sign-ins are counted by the server per client
(data_access.sign_in), not per session: a new browser tab does not start afresh.
"""

from __future__ import annotations

import time

import streamlit as st

from components.data import clear_cache, engine
from components.state import current_role, current_user, t
from data_access.audit import record
from data_access.settings import deployment_setting
from data_access.sign_in import authenticate, client_address
from data_access.users import account_state, has_accounts
from domain.roles import ROLES, opens_dashboard

SESSION_TIMEOUT_SECONDS = 30 * 60
SESSION_KEYS = ("auth_role", "auth_user", "auth_display", "auth_source", "auth_last_activity")


def _client() -> str | None:
    """The browser's address as data_access.sign_in.client_address decides it (a proxy's header
    only where the deployment names it: docs/deploy.md)."""
    try:
        peer, headers = st.context.ip_address, st.context.headers
    except AttributeError:
        return None
    header = deployment_setting("CLIENT_ADDRESS_HEADER")
    return client_address(peer if isinstance(peer, str) else None,
                          headers.get(header) if header and hasattr(headers, "get") else None,
                          header=header, trusted=deployment_setting("TRUSTED_PROXIES"))


def _sign_out(action: str, notice: str | None = None) -> None:
    user = current_user()
    if user and st.session_state.get("auth_source") == "password":
        record(engine(), username=user, action=action, detail={})
    for key in SESSION_KEYS:
        st.session_state.pop(key, None)
    if notice:
        st.session_state["auth_notice"] = notice


def enforce_session() -> None:
    """Run by app.py before the navigation is built: end a session idle for 30 minutes, and
    follow changes to a signed-in account (disabled → signed out, new role → new role)."""
    if not current_user():
        return
    now = time.time()
    last = st.session_state.get("auth_last_activity")
    if last is not None and now - last > SESSION_TIMEOUT_SECONDS:
        _sign_out("session_timeout", notice="timeout")
        return
    st.session_state["auth_last_activity"] = now
    if st.session_state.get("auth_source") == "password":
        state = account_state(engine(), username=current_user())
        if state is None or not state[1] or state[0] not in ROLES:
            _sign_out("logout", notice="disabled")
        elif state[0] != st.session_state.get("auth_role"):
            st.session_state["auth_role"] = state[0]


def _role_label(role: str) -> str:
    return t(f"auth.role.{role}") if role in ROLES else role


def _try_sign_in(username: str, password: str) -> None:
    result = authenticate(engine(), username=username, password=password, client=_client())
    if result.ok:
        st.session_state.update(
            auth_role=result.role, auth_user=result.username, auth_display=result.display_name or result.username,
            auth_source="password", auth_last_activity=time.time(), auth_failures=0,
        )
        st.session_state.pop("auth_notice", None)
        return
    # The same answer whatever was wrong; the wait comes from this client's own failures (the
    # server counts them: data_access.sign_in), never from the state of the account.
    st.session_state["auth_notice"] = "throttled" if result.reason == "throttled" else "failed"
    st.session_state["auth_retry_after"] = result.retry_after


def sidebar_account() -> None:
    """The account box in the sidebar (call inside ``with st.sidebar:``)."""
    notice = st.session_state.pop("auth_notice", None)
    if notice == "timeout":
        st.info(t("auth.timed_out"), icon=":material/timer_off:")
    elif notice == "disabled":
        st.warning(t("auth.account_closed"), icon=":material/person_off:")

    user = current_user()
    if user:
        st.caption(t("auth.signed_in_as", name=st.session_state.get("auth_display") or user,
                     role=_role_label(current_role())))
        if st.button(t("auth.sign_out"), key="auth_sign_out", icon=":material/logout:"):
            _sign_out("logout")
            clear_cache()
            st.rerun()
        return

    if not has_accounts(engine()):
        st.caption(t("auth.demo_mode"))
        return

    visitor_sees_data = opens_dashboard(current_role())
    if visitor_sees_data:
        st.caption(t("auth.partner_view"))
    with st.expander(t("auth.sign_in"), icon=":material/login:",
                     expanded=notice in ("failed", "throttled") or not visitor_sees_data):
        with st.form("auth_sign_in", clear_on_submit=True, border=False):
            username = st.text_input(t("auth.username"), placeholder=t("auth.username_placeholder"),
                                     autocomplete="username", max_chars=100)
            password = st.text_input(t("auth.password"), type="password", placeholder=t("auth.password_placeholder"),
                                     autocomplete="current-password", max_chars=200)
            submitted = st.form_submit_button(t("auth.sign_in_button"), type="primary")
        wait = st.session_state.pop("auth_retry_after", 0)
        if notice in ("failed", "throttled"):
            text = t("auth.failed") if notice == "failed" else t("auth.throttled")
            st.error(text + (" " + t("auth.retry_after", seconds=wait) if wait else ""))
    if submitted:
        _try_sign_in(username, password)
        st.rerun()
