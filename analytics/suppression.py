"""Small-count suppression for views outside the prosecutor role (DESIGN.md: 1–4 shown as "< 5")."""

from __future__ import annotations

SMALL_COUNT_LIMIT = 5


def is_small(count: float | None) -> bool:
    """A count of 1–4: small enough to point at a person."""
    return count is not None and count == count and 0 < count < SMALL_COUNT_LIMIT


def display_count(count: float | None, *, suppress: bool, fmt=str) -> str:
    """The count as shown: "< 5" for 1–4 when ``suppress``, else ``fmt(count)``."""
    if suppress and is_small(count):
        return f"< {SMALL_COUNT_LIMIT}"
    return fmt(count)
