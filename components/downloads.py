"""Download buttons that build their file only when clicked and write who took what to the audit
log (DESIGN.md: exports are audited) — the one way a page offers a file."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.data import engine
from components.state import current_user
from data_access.audit import record

MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def audited_download(label: str, build: Callable[[], bytes], *, file_name: str, what: str,
                     detail: dict | None = None, key: str | None = None, icon: str = ":material/download:",
                     mime: str | None = None) -> None:
    """A download button whose file ``build()`` makes on click; each download is audited as
    ``export`` with ``what`` (e.g. "overdue_requests") and ``detail`` (no personal data)."""
    def _file() -> bytes:
        content = build()
        record(engine(), username=current_user(), action="export",
               detail={"what": what, "file_name": file_name, "bytes": len(content), **(detail or {})})
        return content

    extension = file_name.rsplit(".", 1)[-1].lower()
    st.download_button(label, data=_file, file_name=file_name, mime=mime or MIME.get(extension, "application/octet-stream"),
                       icon=icon, key=key, on_click="ignore")
