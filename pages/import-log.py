"""Import log: who imported what and when, data quality by source, rejected rows of a batch, undo."""

from datetime import timedelta
from functools import partial

import pandas as pd
import streamlit as st

from components.data import allowed_hromadas, cached, clear_cache, engine
from components.downloads import audited_download
from components.filters import current_filters
from components.state import current_role, current_user, t
from data_access.data_quality import LATE_DAYS, RECENT_WEEKS, source_quality
from data_access.importing.kinds import KINDS
from data_access.importing.log import batch_notes, import_batches, rejected_rows, rejected_rows_to_fix
from data_access.importing.messages import withheld_text
from data_access.importing.pipeline import undo_batch
from display.formats import fmt_date, fmt_datetime, fmt_int, fmt_pct
from domain.dates import kyiv_local
from domain.roles import allowed, sees_records
from reports.exports import csv_bytes

STALE_DAYS = 14

f = current_filters()
lang = f.lang
st.title(t("imp.log.title"))
st.caption(t("imp.log.intro"))


def _when(value) -> str:
    return fmt_datetime(kyiv_local(value.to_pydatetime() if hasattr(value, "to_pydatetime") else value), lang)


def _share(part, total) -> str:
    if part is None or pd.isna(part):
        return t("imp.quality.not_applicable")
    return f"{fmt_int(part, lang)} ({fmt_pct(part / total, lang)})" if total else "—"


# -- data quality --------------------------------------------------------------------------------
st.header(t("imp.quality.title"))
st.caption(t("imp.quality.intro"))
q = cached(source_quality, hromada_id=f.selection, today=f.today)
if q.empty:
    st.info(t("imp.quality.empty"))
else:
    table = pd.DataFrame({
        t("imp.quality.col_kind"): [t(f"imp.kind.{k}") for k in q["kind"]],
        t("imp.quality.col_source"): q["source"],
        t("imp.quality.col_records"): [fmt_int(v, lang) for v in q["records"]],
        t("imp.quality.col_newest"): [fmt_date(v, lang, "short") if not pd.isna(v) else "—" for v in q["newest_record"]],
        t("imp.quality.col_last_import"): [_when(v) if not pd.isna(v) else "—" for v in q["last_import"]],
        t("imp.quality.col_no_coords"): [_share(p, n) for p, n in zip(q["no_coordinates"], q["records"], strict=True)],
        t("imp.quality.col_no_settlement"): [_share(p, n) for p, n in zip(q["no_settlement"], q["records"], strict=True)],
        t("imp.quality.col_late", days=LATE_DAYS, weeks=RECENT_WEEKS):
            [_share(p, n) for p, n in zip(q["late"], q["recent"], strict=True)],
        t("imp.quality.col_rejected"): [fmt_int(v, lang) for v in q["rejected_open"]],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(t("imp.quality.late_note", days=LATE_DAYS))
    for row in q.itertuples():
        if not pd.isna(row.newest_record) and row.newest_record < f.today - timedelta(days=STALE_DAYS):
            st.warning(t("imp.quality.stale", source=row.source, kind=t(f"imp.kind.{row.kind}"),
                         date=fmt_date(row.newest_record, lang, "short"), days=STALE_DAYS), icon=":material/schedule:")

# -- batches -------------------------------------------------------------------------------------
st.header(t("imp.log.title"))
include_demo = st.toggle(t("imp.log.include_demo"), value=False, key="imp_log_demo")
batches = cached(import_batches, include_demo=include_demo, hromada_ids=allowed_hromadas())  # the account's scope
if batches.empty:
    st.info(t("imp.log.empty"))
    st.stop()


def _kind(k: str) -> str:
    return t(f"imp.kind.{k}") if k in KINDS else k


log = pd.DataFrame({
    t("imp.log.col_id"): batches["id"],
    t("imp.log.col_when"): [_when(v) for v in batches["created_at"]],
    t("imp.log.col_who"): batches["created_by"].fillna("—"),
    t("imp.log.col_kind"): [_kind(k) for k in batches["kind"]],
    t("imp.log.col_source"): batches["source"],
    t("imp.log.col_file"): batches["file_name"].fillna("—"),
    t("imp.log.col_hash"): [h[:12] if isinstance(h, str) else "—" for h in batches["file_hash"]],
    t("imp.log.col_total"): batches["rows_total"],
    t("imp.log.col_imported"): batches["rows_imported"],
    t("imp.log.col_updated"): batches["rows_updated"],
    t("imp.log.col_rejected"): batches["rows_rejected"],
    t("imp.log.col_open"): batches["rejected_open"],
    t("imp.log.col_status"): [t(f"imp.log.status_{s}") if s in ("committed", "undone") else s for s in batches["status"]],
})
st.dataframe(log, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(log)))
audited_download(t("imp.log.download_log"), partial(csv_bytes, log), file_name="import_log.csv", what="import_log",
                 detail={"rows": len(log), "include_demo": include_demo}, key="imp_log_csv")

options = batches["id"].tolist()
labels = {row.id: t("imp.log.batch_option", id=row.id, when=_when(row.created_at), file=row.file_name or t("imp.log.no_file"))
          for row in batches.itertuples()}
batch_id = st.selectbox(t("imp.log.pick_batch"), options, format_func=labels.get, key="imp_log_batch")
batch = batches[batches["id"] == batch_id].iloc[0]
notes = batch_notes(engine(), batch_id=int(batch_id))
if notes.get("personal_data_columns"):
    st.caption(t("imp.log.not_stored", cols=withheld_text(notes["personal_data_columns"],
                                                          notes.get("personal_data_reasons") or {}, lang)))

st.markdown(f"**{t('imp.log.rejected_title')}**")
if not sees_records(f.role):
    st.info(t("imp.log.records_only_prosecutor"))
elif int(batch["rows_rejected"]) == 0:
    st.caption(t("imp.log.no_rejected"))
else:
    rej = rejected_rows(engine(), batch_id=int(batch_id), role=f.role, lang=lang)
    shown = rej.rename(columns={"row_number": t("imp.col_row"), "problems": t("imp.col_problems"),
                                "resolved": t("imp.log.col_resolved")})
    st.dataframe(shown, hide_index=True, width="stretch", height=min(400, 38 + 35 * len(shown)))
    audited_download(t("imp.log.download"),
                     lambda: csv_bytes(rejected_rows_to_fix(engine(), batch_id=int(batch_id), role=f.role, lang=lang)),
                     file_name=f"rejected_batch_{batch_id}.csv", what="rejected_rows",
                     detail={"batch_id": int(batch_id), "rows": int(batch["rejected_open"])}, key="imp_log_rejected_csv")

if batch["status"] == "committed" and not bool(batch["is_demo"]) and allowed(f.role, "undo_import"):
    st.markdown(f"**{t('imp.log.undo_title')}**")
    st.caption(t("imp.log.undo_explain", n=fmt_int(int(batch["rows_imported"]) + int(batch["rows_updated"]), lang)))
    sure = st.checkbox(t("imp.log.undo_confirm"), key=f"imp_undo_sure_{batch_id}")
    if st.button(t("imp.log.undo"), disabled=not sure, icon=":material/undo:", key=f"imp_undo_{batch_id}"):
        try:
            deleted = undo_batch(engine(), int(batch_id), role=current_role(), username=current_user())
        except ValueError as exc:
            st.error(t(f"imp.log.{exc.args[0]}"))
        else:
            clear_cache()
            st.success(t("imp.log.undone", id=batch_id, n=fmt_int(sum(deleted.values()), lang)))
