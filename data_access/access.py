"""Roles and the rule of who may read record-level data (enforced by the data functions)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PROSECUTOR = "prosecutor"  # everything, incl. record lists and record exports
    LEADERSHIP = "leadership"  # aggregates and maps, no records
    PARTNER = "partner"  # partner-safe: small counts suppressed, generalised locations
    ADMIN = "admin"  # users and audit; aggregates like leadership


class AccessDenied(PermissionError):
    """A role asked for data it may not see."""


def sees_records(role: str) -> bool:
    """Only the prosecutor role reads individual records and exact points."""
    return role == Role.PROSECUTOR


def require_records(role: str) -> None:
    """Raise AccessDenied unless ``role`` may read records."""
    if not sees_records(role):
        raise AccessDenied(f"role {role!r} may not read individual records")


def suppresses_small_counts(role: str) -> bool:
    """Every role but the prosecutor sees counts 1–4 as "< 5" (DESIGN.md)."""
    return role != Role.PROSECUTOR
