"""Data import: upload a CSV/XLSX file, map its columns and coded values, preview the problems row by row, commit."""

import hashlib

import streamlit as st

from components.data import clear_cache, engine
from components.filters import current_filters
from components.focus import focus_hromada
from components.import_values import value_step
from components.state import current_role, current_user, t
from data_access.importing.kinds import KINDS, import_kind
from data_access.importing.log import import_profile, last_source, save_import_profile
from data_access.importing.messages import withheld_text
from data_access.importing.parse import KYIV_ZONE, timezone_names
from data_access.importing.pipeline import file_hash, import_file, prepare, preview, read_upload
from data_access.importing.profile import GENERATE_IDS, KEEP_PERSONAL, TIMEZONE, Profile
from data_access.importing.read import ROW_COL
from data_access.importing.results import Upload
from data_access.importing.values import value_columns
from display.formats import fmt_int
from display.palette import PROBLEM_FILL
from domain.roles import allowed

PREVIEW_ROWS = 500
PROBLEM_STYLE = f"background-color: {PROBLEM_FILL}"

f = current_filters()
lang = f.lang
st.title(t("imp.title"))
if not allowed(f.role, "import"):
    st.error(t("imp.no_access"))
    st.stop()
st.caption(t("imp.intro"))
if f.several:  # a file goes into one hromada: its outline checks the points, its settlements take the rows
    st.caption(t("imp.one_hromada"))
f = focus_hromada(f, key="import_hromada")

last = st.session_state.get("imp_last_result")
if last:
    st.success(t("imp.committed", imported=fmt_int(last["imported"], lang), updated=fmt_int(last["updated"], lang),
                 rejected=fmt_int(last["rejected"], lang), batch=last["batch_id"]), icon=":material/check_circle:")
    if last["rejected"]:
        st.info(t("imp.rejected_kept"))
    links = st.columns(4)
    links[0].page_link("pages/home.py", label=t("imp.go_overview"), icon=":material/dashboard:")
    links[1].page_link("pages/import-log.py", label=t("imp.go_log"), icon=":material/history:")

st.header(t("imp.step_file"))
c_file, c_kind, c_source = st.columns([2, 1, 1])
with c_kind:
    kind = st.selectbox(t("imp.kind_label"), list(KINDS), format_func=lambda k: t(f"imp.kind.{k}"), key="imp_kind")
spec = import_kind(kind)
with c_source:
    # the source last used for the kind (a second upload of the same data under a new name duplicates it)
    source = st.text_input(t("imp.source_label"), value=last_source(engine(), kind=kind) or spec.default_source,
                           key=f"imp_source_{kind}",
                           help=t("imp.source_help"), placeholder=t("imp.source_placeholder")).strip()
with c_file:
    upload = st.file_uploader(t("imp.file"), type=["csv", "txt", "xlsx"], help=t("imp.file_help"), key="imp_file")


def read_once(name: str, content: bytes) -> Upload:
    """The uploaded file as read: read once per file (by its name and hash) and kept in the session,
    so that the reruns of this page (each widget change) do not read it again."""
    kept = st.session_state.get("imp_upload")
    digest = file_hash(content)
    if kept is None or (kept.file_name, kept.file_hash) != (name, digest):
        kept = read_upload(content, name)
        st.session_state["imp_upload"] = kept
    return kept


if upload is None:
    st.stop()
content = upload.getvalue()
read = read_once(upload.name, content)
if read.refused is not None:
    st.error(t("imp.refused", reason=read.refused.message(lang)), icon=":material/block:")
    st.stop()
profile = import_profile(engine(), kind=kind, source=source) if source else None
# a kind that reads its columns itself (a survey tool's export) takes the saved profile as it is;
# a mapped kind starts from the guesses and shows the profile's columns in the mapping step
first = prepare(content, upload.name, kind, None if spec.mapped else profile, upload=read)
if first.refused is not None and first.refused.code == "no_rows":
    st.error(t("imp.refused", reason=first.refused.message(lang)), icon=":material/block:")
    st.stop()
sheet = first.sheet
st.caption(t("imp.read_ok", rows=fmt_int(len(sheet.frame), lang), encoding=sheet.encoding,
             sep={"\t": "Tab", None: "—"}.get(sheet.separator, sheet.separator), cols=len(sheet.columns)))
if sheet.blank_lines:
    st.caption(t("imp.blank_lines", n=sheet.blank_lines))
if profile and not spec.mapped:
    st.caption(t("imp.profile_used", source=source))

settings = None
if spec.settings:
    st.header(t(spec.settings.title))
    st.caption(t(spec.settings.note))
    settings = {}
    for setting, column in zip(spec.settings.items, st.columns(len(spec.settings.items)), strict=True):
        widget_key = f"imp_{kind}_{'_'.join(setting.keys)}"
        if setting.type == "period":
            dates = column.date_input(t(setting.label), value=(), max_value=f.today, format="DD.MM.YYYY",
                                      key=widget_key)
            chosen_dates = dates if isinstance(dates, tuple) and len(dates) == 2 else (None, None)
            settings.update(zip(setting.keys, chosen_dates, strict=True))
        else:
            settings[setting.keys[0]] = column.text_input(t(setting.label), key=widget_key)
prepared = first
if spec.mapped:
    st.header(t("imp.step_mapping"))
    st.caption(t("imp.mapping_help"))
    saved = profile.columns if profile and profile.columns is not None else first.mapping
    initial = {k: v for k, v in saved.items() if v in sheet.columns}
    if profile:
        st.caption(t("imp.profile_used", source=source))
    # a column withheld for its header may still be mapped to a field that is not free text (it is then
    # stored as that field's checked value); one whose values are phone or tax numbers may not
    options = ["", *[c for c in sheet.columns if first.personal_reasons.get(c) != "values"]]
    chosen: dict[str, str] = {}
    grid = st.columns(4)
    for n, fld in enumerate(spec.fields):
        default = initial.get(fld.name, "")
        with grid[n % 4]:
            col = st.selectbox(
                t("imp.required_mark" if fld.required else "imp.field_label", label=t(f"imp.field.{fld.name}"),
                  field=fld.name), options,
                index=options.index(default) if default in options else 0,
                format_func=lambda c: c or t("imp.not_in_file"), key=f"imp_map_{kind}_{first.file_hash[:10]}_{fld.name}",
            )
        if col:
            chosen[fld.name] = col
    opts = dict(profile.options) if profile else {}
    file_key = f"{kind}_{first.file_hash[:10]}"
    opts[GENERATE_IDS] = st.checkbox(t("imp.opt.generate_ids"), value=bool(opts.get(GENERATE_IDS)),
                                     help=t("imp.opt.generate_ids_help"), key=f"imp_gen_{file_key}")
    zones = timezone_names()  # where the source records its times of day; saved with the profile
    zone = opts.get(TIMEZONE) if opts.get(TIMEZONE) in zones else KYIV_ZONE
    opts[TIMEZONE] = st.selectbox(t("imp.timezone_label"), zones, index=zones.index(zone), key="imp_timezone",
                                  help=t("imp.timezone_help"), placeholder=t("imp.timezone_placeholder")) or KYIV_ZONE
    # a column whose header looks personal but which is mapped to a checked field: kept only when confirmed
    asked = prepare(content, upload.name, kind, Profile(chosen, {}, opts), upload=read)
    opts[KEEP_PERSONAL] = [
        c for c, fld in {**asked.to_confirm, **asked.spared_columns}.items()
        if st.checkbox(t("imp.opt.confirm_personal", column=c, field=t(f"imp.field.{fld}")),
                       value=c in asked.spared_columns, help=t("imp.opt.confirm_personal_help"),
                       key=f"imp_keep_{file_key}_{hashlib.sha256(c.encode()).hexdigest()[:12]}")]
    prepared = prepare(content, upload.name, kind, Profile(chosen, {}, opts), upload=read)

if prepared.personal_columns:
    st.warning(t("imp.personal_columns", cols=withheld_text(prepared.personal_columns, prepared.personal_reasons, lang)),
               icon=":material/shield_person:")
if prepared.spared_columns:
    st.caption(t("imp.spared_columns", cols=", ".join(f"{c} → {fld}" for c, fld in prepared.spared_columns.items())))
if prepared.ignored_columns and spec.mapped:
    st.caption(t("imp.ignored_columns", cols=", ".join(prepared.ignored_columns)))
if prepared.refused is not None:
    st.error(t("imp.refused", reason=prepared.refused.message(lang)), icon=":material/block:")
    st.stop()

if spec.mapped:
    st.header(t("imp.values.step"))
    st.caption(t("imp.values.help"))
    with_saved = prepare(content, upload.name, kind, Profile(chosen, profile.values if profile else {}, opts),
                         upload=read)
    picked = value_step(value_columns(engine(), with_saved, hromada_id=f.hromada_id, lang=lang),
                        key=f"imp_val_{file_key}", lang=lang)
    prepared = prepare(content, upload.name, kind, Profile(chosen, picked, opts), upload=read)

if spec.mapped:
    st.header(t("imp.step_preview"))
    pv = preview(engine(), prepared, source=source or spec.default_source, hromada_id=f.hromada_id)
    m = st.columns(4)
    m[0].metric(t("imp.log.col_total"), fmt_int(pv.total, lang), border=True)
    m[1].metric(t("imp.log.col_imported"), fmt_int(pv.new, lang), border=True)
    m[2].metric(t("imp.log.col_updated"), fmt_int(pv.updates, lang), border=True)
    m[3].metric(t("imp.log.col_rejected"), fmt_int(pv.rejected, lang), border=True)
    st.caption(t("imp.preview_counts", new=fmt_int(pv.new, lang), updates=fmt_int(pv.updates, lang),
                 rejected=fmt_int(pv.rejected, lang), total=fmt_int(pv.total, lang)))
    if pv.coarse_dates:
        st.info(t("imp.preview_coarse", month=fmt_int(pv.coarse_dates.get("month", 0), lang),
                  year=fmt_int(pv.coarse_dates.get("year", 0), lang)), icon=":material/calendar_month:")
    for other, n in pv.other_sources.items():
        st.warning(t("imp.opt.other_source", n=fmt_int(n, lang), other=other, source=source or spec.default_source),
                   icon=":material/content_copy:")
    if pv.masked_cells:
        st.caption(t("imp.masked", n=pv.masked_cells))
    rows = pv.rows
    only = st.toggle(t("imp.only_problems"), value=pv.rejected > 0, key="imp_only_problems")
    if only:
        rows = rows[rows["problems"] != ""]
    problems = "problems_en" if lang == "en" else "problems"
    shown = rows.drop(columns=["problems_en" if problems == "problems" else "problems"]).head(PREVIEW_ROWS)
    shown = shown.rename(columns={ROW_COL: t("imp.col_row"), problems: t("imp.col_problems")})
    problem_col = t("imp.col_problems")
    styled = shown.style.apply(
        lambda r: [PROBLEM_STYLE if r[problem_col] else "" for _ in r], axis=1)
    st.dataframe(styled, hide_index=True, width="stretch", height=min(420, 38 + 35 * max(len(shown), 1)))
    if len(rows) > PREVIEW_ROWS:
        st.caption(t("imp.shown_first", n=fmt_int(PREVIEW_ROWS, lang), total=fmt_int(len(rows), lang)))

st.header(t("imp.step_commit"))
remember = spec.mapped and st.checkbox(t("imp.save_profile"), value=True, key="imp_remember")
if st.button(t("imp.commit"), type="primary", icon=":material/upload:", key="imp_commit"):
    result = import_file(engine(), role=current_role(), kind=kind, content=content, file_name=upload.name,
                         source=source or spec.default_source, hromada_id=f.hromada_id, created_by=current_user(),
                         settings=settings, prepared=prepared)
    if result.refused is not None:
        st.error(t("imp.refused", reason=result.refused.message(lang)), icon=":material/block:")
        st.stop()
    if remember:
        save_import_profile(engine(), kind=kind, source=source or spec.default_source,
                            profile=Profile(chosen, prepared.values, prepared.options))  # as picked in the grid
    clear_cache()
    st.session_state["imp_last_result"] = {"imported": result.imported, "updated": result.updated,
                                           "rejected": result.rejected, "batch_id": result.batch_id}
    st.rerun()
