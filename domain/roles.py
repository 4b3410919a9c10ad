"""Roles and what each may do (enforced by the data functions); what each may *see* of the
aggregates — small counts, locations — is domain.visibility."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PROSECUTOR = "prosecutor"  # everything, incl. record lists and record exports
    LEADERSHIP = "leadership"  # aggregates and maps, no records
    PARTNER = "partner"  # partner-safe: small counts suppressed, generalised locations
    ADMIN = "admin"  # users and audit; aggregates like leadership
    PUBLIC = "public"  # a visitor who has not signed in where the deployment opens only public pages


ROLES: tuple[str, ...] = (Role.PROSECUTOR, Role.LEADERSHIP, Role.PARTNER, Role.ADMIN)  # what an account can have
SAFE_ROLE = Role.PARTNER  # an unknown role, the demo on a laptop


class PublicAccess(StrEnum):
    """What a visitor who has not signed in may open — a decision per deployment (setting
    ``PUBLIC_ACCESS``), not an accident of which accounts exist."""

    NONE = "none"  # the sign-in only
    PUBLIC_PAGE = "public_page"  # the residents' public pages and the sign-in (default with accounts)
    PARTNER_VIEW = "partner_view"  # the partner-safe dashboard (default without accounts: the demo)


def public_access(setting: str | None, *, has_accounts: bool) -> PublicAccess:
    """The deployment's choice, or the default: the public pages only once accounts exist, the
    partner-safe demo view while there are none. Raises ValueError for an unknown value."""
    if setting:
        return PublicAccess(setting.strip().lower())
    return PublicAccess.PUBLIC_PAGE if has_accounts else PublicAccess.PARTNER_VIEW


def visitor_role(access: PublicAccess) -> Role:
    """The role of a visitor who has not signed in."""
    return Role.PARTNER if access == PublicAccess.PARTNER_VIEW else Role.PUBLIC


class AccessDenied(PermissionError):
    """A role asked for data it may not see or an action it may not take."""


# What each role may do beyond seeing aggregates (every role sees aggregates).
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.PROSECUTOR: frozenset({"records", "exact_points", "free_text", "export_records", "import", "undo_import",
                                "edit_priorities"}),
    Role.LEADERSHIP: frozenset(),
    Role.PARTNER: frozenset(),
    Role.ADMIN: frozenset({"manage_users", "audit", "import_log", "undo_import"}),
    Role.PUBLIC: frozenset(),
}


def normalise_role(role: str | None) -> str:
    """A known role; anything else (None, a typo, an old name) becomes the partner-safe role."""
    return role if role in set(Role) else SAFE_ROLE.value


def opens_dashboard(role: str | None) -> bool:
    """Every role but a visitor kept to the public pages opens the dashboard's pages."""
    return normalise_role(role) != Role.PUBLIC


def opens_public_pages(access: PublicAccess | str) -> bool:
    """A visitor who has not signed in opens the residents' public pages (the report card) unless
    the deployment closed everything but the sign-in (``none``)."""
    return PublicAccess(access) != PublicAccess.NONE


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
