"""Demo resident requests: receipt, legal clock, forwarding to partners and answers."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from data_access.demo.frame import (
    DEMO,
    HOUR_PROFILES,
    Columns,
    Frame,
    Reference,
    at_random_minute,
    event_days,
    local_to_utc,
    monday,
    utc_to_local_fields,
    weighted_choice,
)
from data_access.demo.hromadas import Place
from data_access.records import topic_needs_study
from data_access.reference import hromada_calendar
from domain.dates import KYIV, to_utc_naive
from domain.legal_terms import OUTCOMES, WorkCalendar, due_for, request_types

# Shares of the types a community prosecutor's office registers (demo assumption, not a statistic)
TYPE_SHARES = {"statement": 0.42, "complaint": 0.2, "proposal": 0.07, "public_information": 0.13,
               "deputy_appeal": 0.04, "crime_report": 0.14}
OUTCOME_SHARES = (0.3, 0.17, 0.46, 0.07)  # satisfied, refused, explained, left without consideration
SENT_TO = "Орган за належністю (демо) / Competent body (demo)"


def _clocks(rng: np.random.Generator, place: Place, rtype: np.ndarray, topic: np.ndarray, received_at: np.ndarray,
            today) -> dict:
    """Each request's clock inputs and its due date by domain.legal_terms: the topic's study default, a few
    explicit shorter terms, urgent information requests and extensions decided before ``today``."""
    n = len(rtype)
    cal = hromada_calendar(place.code)
    kinds = request_types()
    study = {t: topic_needs_study(t) for t in set(topic.tolist())}  # once per topic, not per request
    needs = np.array([study[t] for t in topic])
    urgent = (rtype == "public_information") & (rng.random(n) < 0.1)
    explicit = np.isin(rtype, ["proposal", "statement", "complaint"]) & (rng.random(n) < 0.02)
    days = np.where(explicit, rng.integers(5, 11, n), 0)
    extend = rng.random(n) < 0.05
    extra = rng.integers(3, 16, n)
    out = {"needs_study": needs, "urgent": urgent, "deadline_days": [None] * n, "due": [], "due_at": [],
           "extended_at": [None] * n, "extended_due_date": [None] * n}
    for i in range(n):
        received = pd.Timestamp(received_at[i]).tz_localize("UTC").to_pydatetime()
        kind = kinds[rtype[i]]
        dd = int(days[i]) if explicit[i] else None
        due = due_for(rtype[i], received, needs_study=bool(needs[i]), deadline_days=dd, urgent=bool(urgent[i]),
                      cal=cal)
        out["deadline_days"][i] = dd
        if extend[i] and kind.max_term is not None and not isinstance(due, datetime):
            latest = kind.max_term.end(received, WorkCalendar(cal.holidays))
            decided = due - timedelta(days=2)
            if latest > due and decided < today:
                ext = min(latest, due + timedelta(days=int(extra[i])))
                out["extended_at"][i], out["extended_due_date"][i], due = decided, ext, ext
        out["due_at"].append(to_utc_naive(due) if isinstance(due, datetime) else None)
        out["due"].append(due.astimezone(KYIV).date() if isinstance(due, datetime) else due)
    out["due"] = np.array(out["due"], dtype="datetime64[D]")
    return out


def _closing_events(rng: np.random.Generator, rtype: np.ndarray, received_at: np.ndarray, today, prof) -> tuple:
    """UTC times of sending by competence (about 7 % of the requests that can be sent; one in ten after its
    5-day term) and of the ЄРДР entry of crime reports (mostly within hours; about 4 % after 24 hours).
    Events on or after ``today`` did not happen yet."""
    n = len(rtype)
    crime = rtype == "crime_report"
    sent = ~crime & (rng.random(n) < 0.07)
    late_sent = rng.random(n) < 0.1
    sent_days = np.where(late_sent, rng.integers(6, 10, n), rng.integers(1, 5, n))
    sent_local = at_random_minute(rng, received_at.astype("datetime64[D]") + sent_days.astype("timedelta64[D]"),
                                  weighted_choice(rng, prof, n))
    sent_at = np.where(sent, local_to_utc(sent_local), np.datetime64("NaT")).astype("datetime64[us]")
    late_erdr = rng.random(n) < 0.04
    minutes = np.where(late_erdr, rng.integers(25 * 60, 60 * 60, n), rng.integers(20, 20 * 60, n))
    erdr_at = np.where(crime, received_at + minutes.astype("timedelta64[m]"), np.datetime64("NaT"))
    erdr_at = erdr_at.astype("datetime64[us]")
    limit = local_to_utc(np.array([np.datetime64(today, "m")]))[0]
    sent_at[sent_at >= limit] = np.datetime64("NaT")
    erdr_at[erdr_at >= limit] = np.datetime64("NaT")
    return sent_at, erdr_at


def request_rows(rng: np.random.Generator, place: Place, ref: Reference, frame: Frame, batch_id: int,
                 partner_ids: list[int]) -> Columns:
    """The resident requests of one hromada over the frame, as rows for resident_request (by day of receipt)."""
    st = place.settlements
    pop = st["population"].to_numpy(float)
    per10k = place.population / 10000
    days = pd.DatetimeIndex(frame.days)
    dow = days.day_of_week.to_numpy()
    years = (frame.days - np.datetime64(frame.start)).astype(int) / 365.25
    dow_w = np.array([1.3, 1.15, 1.1, 1.1, 1.05, 0.45, 0.3])
    lam = 150.0 * per10k / 365.25 * (dow_w / dow_w.mean())[dow] * (1 + 0.1 * years)
    day_idx = event_days(rng, lam)
    n0 = len(day_idx)
    settle = weighted_choice(rng, pop, n0)
    topics = ref.topics["key"].tolist()
    topic_w = np.array([{"other": 0.6, "war_damage": 0.8, "utilities_housing": 1.6, "street_lighting": 1.2,
                         "road_safety": 1.3, "noise_public_order": 1.3, "domestic_violence": 0.7,
                         "fraud": 0.9, "social_benefits": 1.2, "land_property_disputes": 1.1}.get(t, 1.0)
                        for t in topics])
    topic = weighted_choice(rng, topic_w, n0)
    collective_p = np.full(n0, 0.05)

    # clusters: the same topic from the same settlement several times within 60 days
    extra_day, extra_set, extra_topic = [], [], []
    n_bursts = max(1, int(round(place.population / 10000 * 1.0 * len(frame.days) / 365.25)))
    for _ in range(n_bursts):
        d0 = int(rng.integers(0, max(1, len(frame.days) - 60)))
        s = int(weighted_choice(rng, pop))
        t = int(weighted_choice(rng, topic_w))
        k = int(rng.integers(3, 8))
        extra_day += (d0 + np.sort(rng.integers(0, 60, k))).tolist()
        extra_set += [s] * k
        extra_topic += [t] * k
    # residents of the lighting settlement write about street lighting until it is installed
    if place.lighting_settlement is not None and "street_lighting" in topics:
        t = topics.index("street_lighting")
        before = int((frame.days < np.datetime64(frame.lighting_date)).sum())
        k = int(rng.poisson(max(1.0, before / 30 * 1.2)))
        extra_day += np.sort(rng.integers(max(0, before - 300), max(1, before), k)).tolist()
        extra_set += [place.lighting_settlement] * k
        extra_topic += [t] * k
    day_idx = np.concatenate([day_idx, np.array(extra_day, dtype=int)])
    settle = np.concatenate([settle, np.array(extra_set, dtype=int)])
    topic = np.concatenate([topic, np.array(extra_topic, dtype=int)])
    collective_p = np.concatenate([collective_p, np.full(len(extra_day), 0.25)])
    day_idx = np.minimum(day_idx, len(frame.days) - 1)
    order = np.argsort(day_idx, kind="stable")
    day_idx, settle, topic, collective_p = day_idx[order], settle[order], topic[order], collective_p[order]
    n = len(day_idx)

    # time of receipt (office hours mostly)
    prof = np.array(HOUR_PROFILES["office"], dtype=float)
    hours = weighted_choice(rng, prof, n)
    received_at = local_to_utc(at_random_minute(rng, frame.days[day_idx], hours))
    rec_date, _, _ = utc_to_local_fields(received_at)

    ch_w = 1.0 / (np.arange(len(ref.channels)) + 1) ** 0.7
    channel = np.array(ref.channels, dtype=object)[weighted_choice(rng, ch_w, n)]
    type_w = np.array([TYPE_SHARES.get(t, 0.02) for t in ref.request_types])
    rtype = np.array(ref.request_types, dtype=object)[weighted_choice(rng, type_w, n)]
    topic_keys = np.array(topics, dtype=object)[topic]
    clocks = _clocks(rng, place, rtype, topic_keys, received_at, frame.today)
    due, term = clocks["due"], (clocks["due"] - rec_date).astype(int)
    today = np.datetime64(frame.today)
    age = (today - rec_date).astype(int)

    # forwarding to partners
    forwarded = (rng.random(n) < 0.12) & (len(partner_ids) > 0)
    fwd_partner = np.full(n, None, dtype=object)
    if partner_ids:
        fwd_partner[forwarded] = np.array(partner_ids, dtype=object)[rng.integers(0, len(partner_ids), int(forwarded.sum()))]
    fwd_at = np.where(forwarded, rec_date + rng.integers(1, 6, n).astype("timedelta64[D]"), np.datetime64("NaT"))
    p_ans = np.where(forwarded, fwd_at + rng.integers(3, 26, n).astype("timedelta64[D]"), np.datetime64("NaT"))

    # answers
    late = rng.random(n) < 0.08
    on_time_delay = np.ceil(rng.uniform(0.15, 1.0, n) * term).astype(int)
    delay = np.where(late, term + rng.integers(1, 22, n), on_time_delay)
    answered = rec_date + delay.astype("timedelta64[D]")
    answered = np.where(forwarded, p_ans + rng.integers(0, 4, n).astype("timedelta64[D]"), answered)
    age = (today - rec_date).astype(int)
    stuck = np.where(age <= 120, rng.random(n) < 0.08, rng.random(n) < 0.004) & (due < today)
    answered = answered.astype("datetime64[D]")
    answered[stuck] = np.datetime64("NaT")
    answered[answered >= today] = np.datetime64("NaT")
    p_ans = p_ans.astype("datetime64[D]")
    p_ans[p_ans >= today] = np.datetime64("NaT")
    p_ans[stuck & forwarded] = np.datetime64("NaT")
    fwd_at = fwd_at.astype("datetime64[D]")
    fwd_at[fwd_at >= today] = np.datetime64("NaT")
    fwd_partner[forwarded & np.isnat(fwd_at)] = None
    ans_hour = weighted_choice(rng, prof, n)
    ans_local = at_random_minute(rng, answered, ans_hour)
    ans_ok = ~np.isnat(answered)
    answered_at = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if ans_ok.any():
        answered_at[ans_ok] = local_to_utc(ans_local[ans_ok])
        # an answer on the day of receipt comes after the receipt
        too_early = ans_ok & (answered_at <= received_at)
        answered_at[too_early] = received_at[too_early] + np.timedelta64(2, "h")
        ans_date, _, _ = utc_to_local_fields(answered_at[ans_ok])
        answered[ans_ok] = ans_date
        answered[answered >= today] = np.datetime64("NaT")
        answered_at[np.isnat(answered)] = np.datetime64("NaT")
    ans_ok = ~np.isnat(answered)
    sent_at, erdr_at = _closing_events(rng, rtype, received_at, today, prof)
    sent = ~np.isnat(sent_at)
    no_answer = sent | (rtype == "crime_report")  # sent on, or closed by the ЄРДР entry
    answered[no_answer] = np.datetime64("NaT")
    answered_at[no_answer] = np.datetime64("NaT")
    ans_ok = ~np.isnat(answered)
    outcome = np.array(OUTCOMES, dtype=object)[weighted_choice(rng, np.array(OUTCOME_SHARES), n)]
    outcome[~ans_ok] = None

    def _status(key: str, fallback: str) -> str:
        return key if key in ref.request_statuses else fallback

    first = ref.request_statuses[0]
    closed = ans_ok | ~np.isnat(erdr_at)
    status = np.where(closed, _status("answered", first),
                      np.where(sent, _status("forwarded", first),
                               np.where(age > 3, _status("in_progress", first), _status("open", first)))).astype(object)
    collective = rng.random(n) < collective_p
    ext = [f"demo-{place.number}-r{i:07d}" for i in range(n)]
    return Columns({
        "source": DEMO, "external_id": ext, "import_batch_id": batch_id, "hromada_id": place.hromada_id,
        "settlement_id": st["id"].to_numpy()[settle], "received_at": received_at, "received_date": rec_date,
        "received_week": monday(rec_date), "channel": channel.tolist(), "type": rtype.tolist(),
        "topic": topic_keys.tolist(), "needs_study": clocks["needs_study"], "deadline_days": clocks["deadline_days"],
        "urgent": clocks["urgent"], "privileged": rng.random(n) < 0.07,
        "extended_at": clocks["extended_at"], "extended_due_date": clocks["extended_due_date"], "due_date": due,
        "due_at": clocks["due_at"], "status": status.tolist(), "outcome": outcome.tolist(),
        "sent_by_competence_at": sent_at, "sent_to": np.where(sent, SENT_TO, None).tolist(),
        "erdr_registered_at": erdr_at,
        "answered_at": answered_at, "answered_date": answered, "forwarded_partner_id": fwd_partner.tolist(),
        "forwarded_at": fwd_at, "partner_answered_at": p_ans, "collective": collective,
    }, n)
