"""CLI command verify-audit: check the audit log's hash chain (data_access.audit_chain)."""

from __future__ import annotations

import argparse

from data_access.audit_chain import verify
from data_access.engine import make_engine

REASONS = {
    "content": ("запис змінено після того, як його зроблено", "the entry was changed after it was written"),
    "link": ("попередній запис вилучено або змінено", "an entry before it was removed or changed"),
    "missing_tail": ("найновіші записи вилучено (довжина ланцюжка не збігається)",
                     "the newest entries were removed (the chain's length does not match)"),
}


def _verify_audit(args: argparse.Namespace) -> int:
    report = verify(make_engine(args.database_url))
    if report.intact:
        print(f"Журнал аудиту цілий: {report.entries} записів. / Audit log intact: {report.entries} entries.")
        return 0
    uk, en = REASONS[report.reason]
    if report.broken_id is not None:
        print(f"Журнал аудиту пошкоджено: перший пошкоджений запис id {report.broken_id} ({report.broken_at}): {uk}.")
        print(f"Audit log broken: first broken entry id {report.broken_id} ({report.broken_at}): {en}.")
    else:
        print(f"Журнал аудиту пошкоджено після {report.entries} цілих записів: {uk}.")
        print(f"Audit log broken after {report.entries} intact entries: {en}.")
    return 1


def register(sub) -> None:
    p = sub.add_parser("verify-audit", help="check that no audit log entry was changed or removed (hash chain)")
    p.set_defaults(handler=_verify_audit)
