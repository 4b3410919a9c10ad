"""Users and audit (admin role): accounts without their hashes, the audit log with filters,
failed sign-ins."""

import json
from datetime import UTC, timedelta

import pandas as pd
import streamlit as st

from components.data import engine
from components.shell import page_in_frame
from components.state import current_lang, current_role, current_user, t
from data_access.audit import action_names, failed_logins, recent
from data_access.places import hromadas
from data_access.records import utc_now
from data_access.scopes import RAION_SEPARATOR, scope_choices, scope_rows, set_scope
from data_access.users import list_users
from display.formats import fmt_datetime, fmt_int
from domain.dates import KYIV
from domain.roles import ROLES, AccessDenied

page_in_frame()  # a page file run without app.py reruns through it

lang = current_lang()
role = current_role()
st.title(t("nav.admin"))


def _local(value) -> str:
    """A stored naive-UTC time as Kyiv local time."""
    if value is None or pd.isna(value):
        return "—"
    return fmt_datetime(pd.Timestamp(value).to_pydatetime().replace(tzinfo=UTC).astimezone(KYIV), lang)


def _role_label(code) -> str:
    return t(f"auth.role.{code}") if code in ROLES else str(code)


def _action_label(code: str) -> str:
    return t(f"auth.action.{code}") if code in action_names() else code


def _scope_text(username: str) -> str:
    rows = scope_rows(engine(), username=username)
    return "; ".join(_scope_label(level, value) for level, value in rows) or t("auth.admin.scope_all")


def _scope_label(level: str, value: str) -> str:
    if level == "hromada":
        return hromada_names.get(value, value)
    return value.replace(RAION_SEPARATOR, " / ")


def scope_form(usernames: list[str]) -> None:
    """Limit an account to some hromadas, raions or oblasts (data_access.scopes), audited."""
    st.subheader(t("auth.admin.scope_title"))
    st.caption(t("auth.admin.scope_help"))
    user = st.selectbox(t("auth.admin.scope_user"), options=usernames, key="scope_user")
    current = scope_rows(engine(), username=user)
    choices = scope_choices(engine())
    picked = {}
    cols = st.columns(3)
    for col, level in zip(cols, ("hromada", "raion", "oblast"), strict=True):
        picked[level] = col.multiselect(
            t(f"auth.admin.scope_{level}s"), options=choices[level], key=f"scope_{level}_{user}",
            default=[v for lv, v in current if lv == level and v in choices[level]],
            format_func=lambda v, lv=level: _scope_label(lv, v), placeholder=t("auth.admin.scope_none"))
    if st.button(t("auth.admin.scope_save"), key="scope_save"):
        rows = set_scope(engine(), role=role, username=user, hromadas=picked["hromada"], raions=picked["raion"],
                         oblasts=picked["oblast"], actor=current_user())
        st.session_state["scope_saved"] = t("auth.admin.scope_saved", user=user, scope="; ".join(
            _scope_label(lv, v) for lv, v in rows) or t("auth.admin.scope_all"))
        st.rerun()  # the users table above shows the new scope
    if saved := st.session_state.pop("scope_saved", None):
        st.success(saved)


# Admin data is read fresh (no cache): a sign-in a minute ago must be in the log.
try:
    users = list_users(engine(), role=role)
except AccessDenied:
    st.error(t("auth.admin.denied"), icon=":material/lock:")
    st.stop()

known = hromadas(engine())
hromada_names = dict(zip(known["code"], known[f"name_{lang}"], strict=True))
now = utc_now()
failed_day = failed_logins(engine(), role=role, since=now - timedelta(days=1))
failed_week = failed_logins(engine(), role=role, since=now - timedelta(days=7))
cols = st.columns(3)
cols[0].metric(t("auth.admin.kpi_users"), fmt_int(int((~users["disabled"].astype(bool)).sum()), lang), border=True)
cols[1].metric(t("auth.admin.kpi_failed_day"), fmt_int(int(failed_day["failures"].sum()), lang), border=True)
cols[2].metric(t("auth.admin.kpi_failed_week"), fmt_int(int(failed_week["failures"].sum()), lang), border=True)

st.header(t("auth.admin.users"))
if users.empty:
    st.info(t("auth.admin.no_users"))
    st.code("python -m data_access users add --username NAME --role prosecutor", language=None)  # plain: bash highlighting fails 4.5:1 contrast
else:
    shown = pd.DataFrame({
        t("auth.admin.col_username"): users["username"],
        t("auth.admin.col_display_name"): users["display_name"].fillna(""),
        t("auth.admin.col_role"): [_role_label(r) for r in users["role"]],
        t("auth.admin.col_state"): [t("auth.admin.state_disabled") if d else t("auth.admin.state_active")
                                    for d in users["disabled"]],
        t("auth.admin.col_failed"): users["failed_attempts"].astype(int),
        t("auth.admin.col_last_login"): [_local(v) for v in users["last_login_at"]],
        t("auth.admin.col_created"): [_local(v) for v in users["created_at"]],
        t("auth.admin.col_scope"): [_scope_text(u) for u in users["username"]],
    })
    st.dataframe(shown, hide_index=True, width="stretch", key="admin_users")
    st.caption(t("auth.admin.users_cli"))
    scope_form(list(users["username"]))

st.header(t("auth.admin.failed_title"))
if failed_week.empty:
    st.caption(t("auth.admin.no_failed"))
else:
    st.dataframe(pd.DataFrame({
        t("auth.admin.col_username"): failed_week["username"].fillna("—"),
        t("auth.admin.col_failures"): failed_week["failures"].astype(int),
        t("auth.admin.col_last_at"): [_local(v) for v in failed_week["last_at"]],
    }), hide_index=True, width="stretch", key="admin_failed")

st.header(t("auth.admin.audit"))
fcols = st.columns([2, 2, 1, 1])
action = fcols[0].selectbox(t("auth.admin.filter_action"), options=["", *action_names()],
                            format_func=lambda c: t("auth.admin.all_actions") if c == "" else _action_label(c),
                            key="admin_action")
who = fcols[1].text_input(t("auth.admin.filter_user"), placeholder=t("auth.admin.filter_user_placeholder"),
                          key="admin_user", max_chars=100).strip()
days = fcols[2].selectbox(t("auth.admin.filter_days"), options=[1, 7, 30, 90, 365], index=2,
                          format_func=lambda d: t("auth.admin.days", n=d), key="admin_days")
limit = fcols[3].selectbox(t("auth.admin.filter_limit"), options=[100, 500, 2000], key="admin_limit",
                           format_func=lambda n: fmt_int(n, lang))
log = recent(engine(), role=role, limit=limit, action=action or None, username=who or None,
             since=now - timedelta(days=days))
if log.empty:
    st.info(t("auth.admin.no_entries"))
else:
    st.dataframe(pd.DataFrame({
        t("auth.admin.col_at"): [_local(v) for v in log["at"]],
        t("auth.admin.col_username"): log["username"].fillna("—"),
        t("auth.admin.col_action"): [_action_label(a) for a in log["action"]],
        t("auth.admin.col_detail"): [json.dumps(d, ensure_ascii=False, sort_keys=True) if d else "" for d in log["detail"]],
    }), hide_index=True, width="stretch", key="admin_log")
    st.caption(t("auth.admin.n_entries", n=fmt_int(len(log), lang)))
