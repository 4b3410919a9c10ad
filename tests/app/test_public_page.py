"""The residents' public report card (issue 22): /public opens without signing in where
PUBLIC_ACCESS allows public pages (public_page, partner_view) and for signed-in users, never with
``none``; it shows the four sections in Ukrainian or English and no sidebar for a visitor."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_access.engine import make_engine
from domain.i18n import translate
from domain.roles import Role
from tests.conftest import ROOT

BUCHA = "UA32080070000050759"
SECTIONS = ("public.section_said", "public.section_agreed", "public.section_contacts")



def _open_public(lang: str = "uk", *, role: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.query_params["hromada"] = BUCHA
    for key, value in params.items():
        at.query_params[key] = value
    if role:
        at.session_state["auth_role"], at.session_state["auth_user"] = role, f"test-{role}"
    at.run()
    at.switch_page("pages/public.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _headers(at: AppTest) -> list[str]:
    return [h.value for h in at.header]


def _all_text(at: AppTest) -> str:
    return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), *(h.value for h in at.header),
                     *(h.value for h in at.subheader), *(w.value for w in at.warning)])


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_a_visitor_reads_the_card_without_signing_in(with_accounts, lang):
    at = _open_public(lang)
    assert _headers(at) == [translate(k, lang) for k in SECTIONS]
    assert at.title[0].value == translate("public.title", lang)
    text = _all_text(at)
    assert translate("public.demo", lang) in text  # demo data is labelled
    # the demo's priorities with how they were agreed, and the mobile receptions from the reference file
    agreed = {"uk": "на зустрічі з мешканцями", "en": "at a residents' meeting"}[lang]
    assert agreed in text
    assert {"uk": "Ворзель", "en": "Vorzel"}[lang] in text
    assert not at.sidebar.markdown and not at.sidebar.button  # nothing drawn in a sidebar for a visitor
    assert not at.dataframe and not at.metric  # no tables: nothing that scrolls sideways on a phone


def test_the_sign_in_still_guards_every_other_page(with_accounts):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page("pages/home.py")
    assert "public.py" in str(refused.value) and "home.py" not in str(refused.value).split("Known pages:")[1]


def test_closed_deployment_shows_only_the_sign_in(with_accounts, monkeypatch):
    monkeypatch.setenv("PUBLIC_ACCESS", "none")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["hromada"] = BUCHA
    at.run()
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page("pages/public.py")
    assert "public.py" not in str(refused.value).split("Known pages:")[1]
    assert translate("public.title", "uk") not in [t.value for t in at.title]


@pytest.mark.parametrize("access", ["partner_view"])
def test_partner_view_visitor_and_signed_in_users_open_it_too(with_accounts, monkeypatch, access):
    monkeypatch.setenv("PUBLIC_ACCESS", access)
    assert _headers(_open_public("en")) == [translate(k, "en") for k in SECTIONS]
    monkeypatch.delenv("PUBLIC_ACCESS")
    at = _open_public("en", role=Role.PROSECUTOR)
    assert _headers(at) == [translate(k, "en") for k in SECTIONS]
    assert "filters" not in at.session_state or at.session_state["filters"] is not None  # no crash on the frame


def test_an_unknown_hromada_gets_a_choice(with_accounts):
    at = _open_public("uk", hromada="UA00000000000000000")
    assert translate("public.unknown_hromada", "uk") in [w.value for w in at.warning]
    assert BUCHA in " ".join(m.value for m in at.markdown)


def test_the_overview_offers_the_poster(open_page, demo_db_url, monkeypatch):
    """The overview's poster button (signed-in users) builds a PDF of the card when clicked, and the
    download is audited; a visitor gets the link to the residents' page only."""
    import streamlit as st

    taken: dict[str, bytes] = {}
    real = st.download_button

    def click(label, data, **kwargs):
        if kwargs.get("key") == "public_poster":
            taken[kwargs["file_name"]] = data()
            return False
        return real(label, data, **kwargs)

    monkeypatch.setattr(st, "download_button", click)
    at = open_page("pages/home.py", lang="en")
    assert not at.exception and not taken
    assert any(translate("public.open_page", "en") in b.proto.label for b in at.get("link_button"))
    at = open_page("pages/home.py", lang="en", role=Role.LEADERSHIP)
    assert not at.exception
    assert list(taken) == [f"poster_{BUCHA}_en.pdf"]
    pdf = taken[f"poster_{BUCHA}_en.pdf"]
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000  # its text is checked in tests/test_poster.py
    from data_access.audit import recent

    exports = recent(make_engine(demo_db_url), role="admin", action="export", username="test-leadership")
    assert "public_poster" in {d["what"] for d in exports["detail"]}
