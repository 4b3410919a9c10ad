"""How and when a priority was agreed with residents (issue 22): stored by the form's and the
command line's write, refused when unknown, listed back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from data_access.priorities import InvalidPriority, PriorityInput, create_priority, priority_list, update_priority
from tests.factories import BUCHA, ids

GOOD = PriorityInput(title_uk="Освітлення вулиць", start=date(2026, 1, 1), end=date(2026, 12, 31),
                     agreed_via="meeting", agreed_on=date(2025, 12, 12))


def test_stored_and_listed(engine):
    h = ids(engine)[BUCHA]
    pid = create_priority(engine, role="prosecutor", username="p", hromada_id=h, data=GOOD)
    row = priority_list(engine, hromada_id=h).set_index("id").loc[pid]
    assert (row["agreed_via"], row["agreed_on"]) == ("meeting", date(2025, 12, 12))
    update_priority(engine, role="prosecutor", username="p", hromada_id=h, priority_id=pid,
                    data=replace(GOOD, agreed_via="requests", agreed_on=None))
    row = priority_list(engine, hromada_id=h).set_index("id").loc[pid]
    assert row["agreed_via"] == "requests" and row["agreed_on"] is None


@pytest.mark.parametrize(("change", "key"), [({"agreed_via": "petition"}, "prio.err_bad_agreed_via"),
                                             ({"agreed_on": date(2027, 1, 5)}, "prio.err_agreed_after_end")])
def test_refused(engine, change, key):
    with pytest.raises(InvalidPriority) as exc:
        create_priority(engine, role="prosecutor", username="p", hromada_id=ids(engine)[BUCHA],
                        data=replace(GOOD, **change))
    assert key in [k for k, _ in exc.value.errors]
    assert priority_list(engine, hromada_id=ids(engine)[BUCHA]).empty


def test_cli_records_and_lists_the_agreement(sqlite_engine, capsys):
    from data_access.__main__ import main

    url = str(sqlite_engine.url)
    assert main(["priorities", "add", "--database-url", url, "--title-uk", "Тиша вночі", "--start", "2026-01-01",
                 "--end", "2026-12-31", "--agreed-via", "survey", "--agreed-on", "2025-11-30"]) == 0
    assert main(["priorities", "--database-url", url, "list"]) == 0
    assert "agreed: survey 2025-11-30" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # argparse refuses an unknown way, naming the choices
        main(["priorities", "add", "--database-url", url, "--title-uk", "X", "--start", "2026-01-01",
              "--end", "2026-12-31", "--agreed-via", "petition"])
    assert "meeting" in capsys.readouterr().err
