"""Frozen figures: build a meeting pack, store it with the figures it showed, and say later how the
live figures of that week have moved since (late records change past weeks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from data_access import meeting_packs as store
from domain.roles import Role
from reports.figures import REVIEW_COLUMNS, pack_figures

FORMATS = ("pptx", "pdf")
MIME = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pdf": "application/pdf"}
PACK_ROLE = Role.PARTNER  # a meeting pack is handed out: always partner-safe
COMPARED = ("this_week", "ytd")  # the review columns whose drift is reported


@dataclass(frozen=True)
class Pack:
    pack_id: int | None
    content: bytes
    fmt: str
    figures: dict
    file_hash: str

    def file_name(self) -> str:
        return f"meeting_pack_{self.figures['hromada']['code']}_{self.figures['week']}_{self.figures['lang']}.{self.fmt}"


def render(figures: dict, fmt: str) -> bytes:
    """The pack file for ``figures`` (pictures rendered and checked not blank)."""
    from reports.images import pack_images

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    images = pack_images(figures)
    if fmt == "pptx":
        from reports.pptx_pack import build_pptx

        return build_pptx(figures, images)
    from reports.pdf_pack import build_pdf

    return build_pdf(figures, images)


def make_pack(engine, *, hromada_id: int, week_monday: date, lang: str, fmt: str, created_by: str | None = None,
              record: bool = True) -> Pack:
    """Build the partner-safe pack of a week and (``record``) store it with its figures."""
    figures = pack_figures(engine, hromada_id=hromada_id, week_monday=week_monday, lang=lang, role=PACK_ROLE)
    content = render(figures, fmt)
    pack_id = None
    if record:
        as_of = date.fromisoformat(figures["data_as_of"]) if figures.get("data_as_of") else week_monday
        pack_id = store.save_pack(engine, hromada_id=hromada_id, week=figures["week"], lang=figures["lang"], fmt=fmt,
                                  data_as_of=datetime.combine(as_of, datetime.min.time()), figures=figures,
                                  content=content, created_by=created_by,
                                  created_at=datetime.fromisoformat(figures["generated_at"]))
    return Pack(pack_id, content, fmt, figures, store.file_hash(content))


def changes_since_pack(engine, *, pack_id: int, role: str = PACK_ROLE) -> pd.DataFrame:
    """How the live weekly review of a stored pack's week differs from what the pack showed.

    One row per category and compared column (this week, year to date) whose figure changed:
    columns category, label, column, old (the pack's value; None when it was hidden),
    new (the live value for ``role``; None when hidden), old_display, new_display,
    diff (new − old; None unless both are visible). A hidden figure that became visible, or the
    reverse, is listed with ``diff`` None. Empty when nothing changed.
    """
    rec = store.pack_record(engine, pack_id=pack_id)
    if rec is None:
        raise LookupError(f"no stored meeting pack {pack_id}")
    old = rec["figures"]
    live = pack_figures(engine, hromada_id=int(rec["hromada_id"]), week_monday=date.fromisoformat(old["week_start"]),
                        lang=old["lang"], role=role)
    old_rows = {r["key"]: r for r in old["review"]["rows"]}
    out = []
    for r in live["review"]["rows"]:
        before = old_rows.get(r["key"])
        for column in COMPARED:
            if column not in REVIEW_COLUMNS:
                continue
            o = None if before is None else before[column]
            n = r[column]
            o_text = "0" if before is None else before[f"{column}_display"]
            if o == n and o_text == r[f"{column}_display"]:
                continue
            out.append({"category": r["key"], "label": r["label"], "column": column, "old": o, "new": n,
                        "old_display": o_text, "new_display": r[f"{column}_display"],
                        "diff": None if o is None or n is None else n - o, "is_total": r["is_total"]})
    columns = ["category", "label", "column", "old", "new", "old_display", "new_display", "diff", "is_total"]
    return pd.DataFrame(out, columns=columns)
