"""The residents' public report card (issue 22) as texts: what residents told us, what was agreed,
what was done, how it is going, how to reach the community prosecutor. One computation for the
page (pages/public.py) and the poster (reports/poster.py); Streamlit-free.

What it may show (docs/privacy.md, "The public report card"), all for the whole hromada:

- the survey's top concerns — the shares of negative answers to the safety and trust questions in
  the latest wave, with their 95 % intervals; a question whose estimate the survey rule hides
  (analytics.survey_estimates: fewer than 30 respondents) is left out;
- request topics of the last full quarter in whole ISO weeks (analytics.periods.last_full_quarter)
  with 5 requests or more (domain.visibility.publicly_listed); smaller topics are not named;
- the current priorities, how and when each was agreed, each indicator in plain words: a count
  indicator speaks only when its last 13 weeks hold 5 or more cases (otherwise "too few to say",
  and its status counts as no data), a survey indicator under the survey rule;
- public partner events (domain.visibility.PUBLIC_EVENT_KINDS) per priority and month: kinds and
  numbers, no title, place or point;
- the contacts and receptions from the hromada's reference file.

Figures are taken on the Monday of the current week (domain.visibility.reporting_day), so the page
changes once a week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from babel.dates import format_date as babel_date

from analytics import priorities as prio_rule
from analytics.periods import last_full_quarter
from analytics.survey_estimates import share_from_sums
from data_access import public_card as pc
from data_access import requests as rq
from data_access import surveys
from data_access.places import settlements
from data_access.priorities import indicator_data, indicator_list
from data_access.reference import labels, reference_table
from data_access.status import freshness
from display.formats import fmt_date, fmt_int, fmt_pct
from display.kpis import Call
from domain.i18n import translate
from domain.visibility import PUBLIC_EVENT_KINDS, publicly_listed

TOP_CONCERNS = 4
TOP_TOPICS = 5
ACTIVITY_MONTHS = 6
CONCERN_THEMES = ("safety", "trust")
_LOCALES = {"uk": "uk_UA", "en": "en_GB"}


@dataclass(frozen=True)
class Item:
    """One line: what, the figure (already formatted), a note."""

    label: str
    value: str = ""
    note: str = ""


@dataclass(frozen=True)
class PriorityBlock:
    title: str
    agreed: str  # "Agreed on 12 December 2025 at a residents' meeting"
    period: str
    status: str  # on_track / off_track / no_data
    status_text: str
    indicators: tuple[Item, ...] = ()
    months: tuple[Item, ...] = ()  # public events by month, newest first


@dataclass(frozen=True)
class Contacts:
    office: str
    address: str
    phone: str
    email: str
    reception: tuple[Item, ...] = ()
    mobile: tuple[Item, ...] = ()
    demo: bool = False


@dataclass(frozen=True)
class PublicCard:
    lang: str
    hromada_code: str
    hromada_name: str
    as_of: str  # the day the figures are taken on, formatted
    is_demo: bool
    concerns: tuple[Item, ...] = ()
    concerns_note: str = ""
    topics: tuple[Item, ...] = ()
    topics_note: str = ""
    priorities: tuple[PriorityBlock, ...] = ()
    contacts: Contacts | None = None

    def texts(self) -> list[str]:
        """Every text the card shows, in order (what the privacy test compares)."""
        out = [self.hromada_name, self.as_of, self.concerns_note, self.topics_note]
        for item in (*self.concerns, *self.topics):
            out += [item.label, item.value, item.note]
        for p in self.priorities:
            out += [p.title, p.agreed, p.period, p.status_text]
            for item in (*p.indicators, *p.months):
                out += [item.label, item.value, item.note]
        if self.contacts:
            c = self.contacts
            out += [c.office, c.address, c.phone, c.email]
            for item in (*c.reception, *c.mobile):
                out += [item.label, item.value, item.note]
        return out


def _t(key: str, lang: str, **params) -> str:
    return translate(key, lang, **params)


def _title(row: dict, lang: str) -> str:
    value = row.get(f"title_{lang}")
    return str(value) if value is not None and value == value and str(value).strip() else str(row["title_uk"])


def month_label(day: date, lang: str) -> str:
    """"листопад 2026" / "November 2026" (the nominative month name)."""
    return babel_date(day, format="LLLL yyyy", locale=_LOCALES[lang])


def question_label(code: str, lang: str, *, positive: bool) -> str:
    """A survey question in plain words ("Feel unsafe after dark"), else its text."""
    key = f"public.{'positive' if positive else 'concern'}.{code}"
    try:
        return _t(key, lang)
    except KeyError:
        questions = reference_table("survey_questions")
        found = questions.loc[questions["code"] == code, f"text_{lang}"]
        return str(found.iloc[0]) if len(found) else code


# --------------------------------------------------------------------------- what residents told us


def concerns(call: Call, *, hromada_id: int, as_of: date, lang: str) -> tuple[tuple[Item, ...], str]:
    """The top concerns of the latest wave ending by ``as_of``: the weighted share of negative
    answers to each safety and trust question, largest first, with its 95 % interval."""
    waves = call(surveys.survey_waves, hromada_id=hromada_id, until=as_of)
    if waves.empty:
        return (), _t("public.no_survey", lang)
    wave = waves.iloc[-1]
    questions = call(surveys.survey_questions)
    asked = questions[questions["theme"].isin(CONCERN_THEMES) & questions["negative_max"].notna()]
    sums = call(surveys.answer_sums, hromada_id=hromada_id, wave_ids=(int(wave["wave_id"]),),
                question_codes=tuple(asked["code"]))
    rows = []
    for r in sums.to_dict("records"):
        est = share_from_sums(float(r["negative_w"]), float(r["sum_w"]), float(r["sum_w2"]), int(r["n"]))
        if est.share is not None:  # the survey rule hides it: not listed
            rows.append((est.share, r["question_code"], est))
    rows.sort(key=lambda x: (-x[0], x[1]))
    items = tuple(Item(question_label(code, lang, positive=False), fmt_pct(est.share, lang),
                       _t("public.interval", lang, low=fmt_pct(est.low, lang), high=fmt_pct(est.high, lang)))
                  for _share, code, est in rows[:TOP_CONCERNS])
    note = _t("public.survey_note", lang, wave=str(wave[f"name_{lang}"] or wave["name_uk"]),
              start=fmt_date(wave["start_date"], lang, "short"), end=fmt_date(wave["end_date"], lang, "short"),
              n=fmt_int(int(wave["respondents"]), lang))
    if not items:
        note += " " + _t("public.survey_hidden", lang)
    return items, note


def request_topics(call: Call, *, hromada_id: int, as_of: date, lang: str) -> tuple[tuple[Item, ...], str]:
    """The most frequent request topics of the last full quarter (whole ISO weeks), each with 5
    requests or more; the others are not named."""
    quarter = last_full_quarter(as_of)
    counts = call(rq.counts_by, hromada_id=hromada_id, start=quarter.period.start, end=quarter.period.end,
                  field="topic")
    names = labels("request_topics", lang)
    order = {k: n for n, k in enumerate(names)}
    listed = [(int(c), k) for k, c in zip(counts["key"], counts["count"], strict=True) if publicly_listed(c)]
    listed.sort(key=lambda x: (-x[0], order.get(x[1], len(order)), x[1]))
    items = tuple(Item(names.get(k, k), fmt_int(c, lang)) for c, k in listed[:TOP_TOPICS])
    note = _t("public.topics_note", lang, q=quarter.number, year=quarter.year,
              start=fmt_date(quarter.period.start, lang, "short"), end=fmt_date(quarter.period.end, lang, "short"))
    if not items:
        note += " " + _t("public.topics_none", lang)
    return items, note


# --------------------------------------------------------------------------- what was agreed, done, how it goes


def agreed_text(row: dict, lang: str) -> str:
    via, on = row.get("agreed_via"), row.get("agreed_on")
    via = via if isinstance(via, str) and via else None  # None or NaN where not recorded
    on = None if on is None or pd.isna(on) else pd.Timestamp(on).date()
    if via and on:
        return _t("public.agreed_on_via", lang, date=fmt_date(on, lang), via=_t(f"prio.agreed_via_{via}", lang))
    if via:
        return _t("public.agreed_via", lang, via=_t(f"prio.agreed_via_{via}", lang))
    if on:
        return _t("public.agreed_on", lang, date=fmt_date(on, lang))
    return _t("public.agreed_unknown", lang)


def _indicator_item(r: prio_rule.IndicatorResult, lang: str) -> tuple[Item, str]:
    """An indicator in plain words and the status it contributes (no data when it may not speak)."""
    ind = r.indicator
    kind, ref = ind["kind"], ind["ref"]
    if kind == "survey_question":
        label = question_label(ref, lang, positive=True)
        fmt = fmt_pct
    else:
        names = labels("incident_categories" if kind == "incident_category" else "request_topics", lang)
        label = _t(f"public.kind_{kind}", lang, what=names.get(ref, ref))
        fmt = fmt_int
    goal = _t("public.goal", lang, baseline=fmt(r.baseline, lang), target=fmt(r.target, lang)) \
        if r.baseline is not None and r.target is not None else ""
    if kind != "survey_question" and not publicly_listed(r.current.raw_count):
        return Item(label, _t("public.too_few_cases", lang, weeks=prio_rule.WINDOW_WEEKS), goal), "no_data"
    status = r.status.status
    if r.current.value is None:
        return Item(label, _t(r.status.reason or "prio.reason_no_data", lang), goal), "no_data"
    if kind == "survey_question":
        value = _t("public.value_share", lang, value=fmt_pct(r.current.value, lang),
                   date=fmt_date(r.current.as_of, lang, "short"))
    else:
        value = _t("public.value_per_year", lang, value=fmt_int(r.current.value, lang), weeks=prio_rule.WINDOW_WEEKS)
    return Item(label, f"{value} — {_t(f'public.status_{status}', lang)}", goal), status


def _months(events: pd.DataFrame, lang: str) -> tuple[Item, ...]:
    if events.empty:
        return ()
    kinds = labels("activity_kinds", lang)
    frame = events.assign(month=[date(d.year, d.month, 1) for d in pd.to_datetime(events["date"])])
    items = []
    for month, group in sorted(frame.groupby("month"), key=lambda g: g[0], reverse=True):
        per_kind = group.groupby("kind")["activities"].sum().sort_values(ascending=False, kind="stable")
        parts = [f"{kinds.get(k, k)} — {fmt_int(n, lang)}" for k, n in per_kind.items()]
        items.append(Item(month_label(month, lang), _t("public.n_events", lang, n=fmt_int(per_kind.sum(), lang)),
                          "; ".join(parts)))
    return tuple(items)


def priority_blocks(call: Call, *, hromada_id: int, as_of: date, lang: str) -> tuple[PriorityBlock, ...]:
    prios = call(pc.current_priorities, hromada_id=hromada_id, on=as_of)
    if prios.empty:
        return ()
    inds = call(indicator_list, hromada_id=hromada_id)
    since = date(as_of.year, as_of.month, 1) - pd.DateOffset(months=ACTIVITY_MONTHS - 1)
    events = call(pc.public_activities_by_day, hromada_id=hromada_id, start=since.date(),
                  end=as_of - timedelta(days=1), kinds=PUBLIC_EVENT_KINDS)

    def data(**kw) -> pd.DataFrame:
        return call(indicator_data, hromada_id=hromada_id, **kw)

    blocks = []
    for prio in prios.to_dict("records"):
        result = prio_rule.evaluate_priority(prio, inds[inds["priority_id"] == prio["id"]], today=as_of,
                                             indicator_data=data)
        pairs = [_indicator_item(r, lang) for r in result.indicators]
        status = prio_rule.priority_status([s for _, s in pairs])
        blocks.append(PriorityBlock(
            title=_title(prio, lang), agreed=agreed_text(prio, lang),
            period=_t("public.period", lang, start=fmt_date(prio["start_date"], lang, "short"),
                      end=fmt_date(prio["end_date"], lang, "short")),
            status=status, status_text=_t(f"public.status_{status}", lang),
            indicators=tuple(item for item, _ in pairs),
            months=_months(events[events["priority_id"] == prio["id"]], lang),
        ))
    return tuple(blocks)


# --------------------------------------------------------------------------- how to reach us


def contacts(call: Call, *, hromada: dict, lang: str) -> Contacts | None:
    found = pc.prosecutor_contacts(hromada["code"])
    if not found:
        return None
    places = call(settlements, hromada_id=int(hromada["id"]))
    place_names = dict(zip(places["code"], places[f"name_{lang}"], strict=True))

    def text(row: dict, key: str) -> str:
        return str(row.get(f"{key}_{lang}") or row.get(f"{key}_uk") or row.get(key) or "")

    reception = tuple(Item(text(r, "days"), str(r.get("hours", "")), text(r, "place")) for r in found["reception"])
    mobile = tuple(Item(place_names.get(r.get("settlement"), text(r, "place")),
                        f"{text(r, 'days')}, {r.get('hours', '')}", text(r, "place"))
                   for r in found["mobile_reception"])
    return Contacts(office=text(found, "office"), address=text(found, "address"), phone=str(found.get("phone", "")),
                    email=str(found.get("email", "")), reception=reception, mobile=mobile, demo=found["demo"])


def public_card(call: Call, *, hromada: dict, lang: str, as_of: date) -> PublicCard:
    """The whole card for ``hromada`` (data_access.public_card.hromada_by_code) on ``as_of`` (the
    reporting day: domain.visibility.reporting_day for the public role)."""
    hid = int(hromada["id"])
    concern_items, concern_note = concerns(call, hromada_id=hid, as_of=as_of, lang=lang)
    topic_items, topic_note = request_topics(call, hromada_id=hid, as_of=as_of, lang=lang)
    blocks = priority_blocks(call, hromada_id=hid, as_of=as_of, lang=lang)
    found = contacts(call, hromada=hromada, lang=lang)
    demo = bool(call(freshness, hromada_id=hid).has_demo) or bool(found and found.demo)
    return PublicCard(lang=lang, hromada_code=hromada["code"], hromada_name=str(hromada[f"name_{lang}"]),
                      as_of=fmt_date(as_of, lang), is_demo=demo, concerns=concern_items, concerns_note=concern_note,
                      topics=topic_items, topics_note=topic_note, priorities=blocks, contacts=found)
