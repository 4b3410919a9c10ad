"""Rules a community safety priority must satisfy before it is stored (form, CLI, import).

Message keys are in assets/i18n/partners.toml (``prio.err_*``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("incident_category", "request_topic", "survey_question")
DIRECTIONS = ("decrease", "increase")
# How a priority was agreed with residents (issue 22; shown on the public page): at a residents'
# meeting, from the trust and safety survey, or from the requests residents sent.
AGREED_VIA = ("meeting", "survey", "requests")
TITLE_MAX = 300


def sign(direction: str) -> int:
    """+1 for "increase" (higher is better), −1 for "decrease"."""
    return 1 if direction == "increase" else -1



@dataclass(frozen=True)
class IndicatorInput:
    """One indicator as typed in a form or on the command line (empty fields are None)."""

    kind: str | None = None
    ref: str | None = None
    direction: str | None = None
    baseline: float | None = None
    target: float | None = None

    def is_blank(self) -> bool:
        return not self.kind and not self.ref and self.baseline is None and self.target is None

    def has_indicator(self) -> bool:
        return bool(self.kind) and bool(self.ref)


def validate_priority(*, title_uk: str | None, start: date | None, end: date | None,
                      indicators: list[IndicatorInput], known_refs: dict[str, set[str]],
                      title_en: str | None = None, agreed_via: str | None = None,
                      agreed_on: date | None = None) -> list[tuple[str, dict]]:
    """Every problem of a priority as (message key, params); empty when it may be stored.

    ``known_refs`` maps each indicator kind to the keys it may point at (incident categories,
    request topics, survey question codes). Blank indicator rows are ignored. ``agreed_via`` (how
    residents agreed it, one of AGREED_VIA) and ``agreed_on`` may be empty; a date of agreement
    after the priority's end is refused.
    """
    errors: list[tuple[str, dict]] = []
    title = (title_uk or "").strip()
    if not title:
        errors.append(("prio.err_no_title", {}))
    elif len(title) > TITLE_MAX or len((title_en or "").strip()) > TITLE_MAX:
        errors.append(("prio.err_title_long", {"n": TITLE_MAX}))
    if start is None or end is None:
        errors.append(("prio.err_no_dates", {}))
    elif end <= start:
        errors.append(("prio.err_end_before_start", {}))
    if agreed_via is not None and agreed_via not in AGREED_VIA:
        errors.append(("prio.err_bad_agreed_via", {"value": agreed_via}))
    if agreed_on is not None and end is not None and agreed_on > end:
        errors.append(("prio.err_agreed_after_end", {}))
    for n, ind in enumerate(indicators, start=1):
        if ind.is_blank():
            continue
        if not ind.has_indicator():
            key = "prio.err_target_without_indicator" if (ind.target is not None or ind.baseline is not None) \
                else "prio.err_indicator_incomplete"
            errors.append((key, {"n": n}))
            continue
        if ind.kind not in KINDS:
            errors.append(("prio.err_bad_kind", {"n": n, "kind": ind.kind}))
            continue
        if ind.ref not in known_refs.get(ind.kind, set()):
            errors.append(("prio.err_unknown_ref", {"n": n, "ref": ind.ref}))
        if ind.direction not in DIRECTIONS:
            errors.append(("prio.err_bad_direction", {"n": n}))
            continue
        values = [v for v in (ind.baseline, ind.target) if v is not None]
        if any(v != v for v in values):
            errors.append(("prio.err_not_a_number", {"n": n}))
            continue
        if ind.kind == "survey_question" and any(not 0 <= v <= 1 for v in values):
            errors.append(("prio.err_share_range", {"n": n}))
            continue
        if any(v < 0 for v in values):
            errors.append(("prio.err_negative", {"n": n}))
            continue
        if ind.baseline is not None and ind.target is not None:
            s = sign(ind.direction)
            if s * (ind.target - ind.baseline) <= 0:
                errors.append(("prio.err_target_direction", {"n": n}))
    return errors
