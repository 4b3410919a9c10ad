"""Roles and what each may do (enforced by the data functions); what each may *see* of the
aggregates — small counts, locations — is domain.visibility."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PROSECUTOR = "prosecutor"  # everything, incl. record lists and record exports
    LEADERSHIP = "leadership"  # aggregates and maps, no records
    PARTNER = "partner"  # partner-safe: small counts suppressed, generalised locations
    ADMIN = "admin"  # users and audit; aggregates like leadership


ROLES: tuple[str, ...] = tuple(r.value for r in Role)
SAFE_ROLE = Role.PARTNER  # nobody signed in, an unknown role, the demo on a laptop


class AccessDenied(PermissionError):
    """A role asked for data it may not see or an action it may not take."""


# What each role may do beyond seeing aggregates (every role sees aggregates).
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PROSECUTOR: frozenset({"records", "exact_points", "free_text", "export_records", "import", "undo_import",
                                "edit_priorities"}),
    Role.LEADERSHIP: frozenset(),
    Role.PARTNER: frozenset(),
    Role.ADMIN: frozenset({"manage_users", "audit", "import_log", "undo_import"}),
}


def normalise_role(role: str | None) -> str:
    """A known role; anything else (None, a typo, an old name) becomes the partner-safe role."""
    return role if role in ROLES else SAFE_ROLE.value


def allowed(role: str | None, permission: str) -> bool:
    """True when ``role`` has ``permission`` (see PERMISSIONS)."""
    return permission in PERMISSIONS.get(normalise_role(role), frozenset())


def require(role: str | None, permission: str) -> None:
    """Raise AccessDenied unless ``role`` has ``permission``."""
    if not allowed(role, permission):
        raise AccessDenied(f"role {role!r} may not {permission.replace('_', ' ')}")


def sees_records(role: str | None) -> bool:
    """Only the prosecutor role reads individual records, exact points and free text."""
    return allowed(role, "records")


def require_records(role: str | None) -> None:
    """Raise AccessDenied unless ``role`` may read records."""
    if not sees_records(role):
        raise AccessDenied(f"role {role!r} may not read individual records")


def require_admin(role: str | None) -> None:
    """Raise AccessDenied unless ``role`` manages users and reads the audit log."""
    require(role, "manage_users")
