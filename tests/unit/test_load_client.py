"""The benchmark's load client (benchmarks/stream_client.py): the percentile, the open-loop schedule,
the sustained rate read from the steps, and the BackMsg it sends; then one real view of a small
Streamlit script through the websocket protocol, counted as one script run."""

from __future__ import annotations

import asyncio
import math
import socket
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.stream_client import (
    View,
    back_msg_rerun,
    page_view,
    percentile,
    schedule,
    step_p95,
    sustained_rate,
    ws_url,
)


def test_percentile_interpolates_like_numpy():
    values = [5.0, 1.0, 3.0, 2.0, 4.0]  # any order
    assert percentile(values, 50) == 3.0
    assert percentile(values, 95) == pytest.approx(4.8)  # numpy.percentile([1..5], 95)
    assert percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 95)


def test_a_failed_view_counts_as_slower_than_any_limit():
    views = [View(0.2)] * 19 + [View(None, error="timeout after 60 s")]
    assert math.isinf(step_p95(views + [View(None, error="x")]))
    assert step_p95([View(0.2)] * 20) == pytest.approx(0.2)


def test_open_loop_schedule_is_evenly_spaced_at_the_rate():
    assert schedule(2.0, 3.0) == [0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    assert schedule(0.25, 2.0) == [0.0]  # at least one view per step


def test_sustained_rate_is_the_last_step_before_the_limit_was_passed():
    steps = [{"rate": 1.0, "p95_s": 0.6}, {"rate": 2.0, "p95_s": 1.9}, {"rate": 3.0, "p95_s": 2.4},
             {"rate": 4.0, "p95_s": 1.5}]  # a lucky step after a failed one does not count
    assert sustained_rate(steps, 2.0) == 2.0
    assert sustained_rate([{"rate": 1.0, "p95_s": None}], 2.0) is None  # a view failed at the first step
    assert sustained_rate([{"rate": 1.0, "p95_s": 2.5}], 2.0) is None


def test_the_back_message_opens_the_page_a_browser_would():
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.ParseFromString(back_msg_rerun("map", "lang=uk&oblast=Київська область"))
    assert msg.WhichOneof("type") == "rerun_script"
    assert msg.rerun_script.page_name == "map"
    assert msg.rerun_script.query_string == "lang=uk&oblast=Київська область"
    assert ws_url("http://127.0.0.1:8710") == "ws://127.0.0.1:8710/_stcore/stream"


def test_one_view_runs_the_script_once(tmp_path: Path):
    """Against a real server (a two-line script): the view ends at script_finished, with what the script sent."""
    from benchmarks.servers import Server

    script = tmp_path / "tiny.py"
    runs = tmp_path / "runs.txt"
    script.write_text("import streamlit as st\n"
                      f"open({str(runs)!r}, 'a').write('run\\n')\n"
                      "st.write('hello ' + st.query_params.get('who', 'nobody'))\n", encoding="utf-8")
    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Server(script, port, "sqlite://", tmp_path / "server.log") as server:
        # in a thread of its own: an earlier test (Playwright's sync API) may leave an event loop running in this one
        with ThreadPoolExecutor(1) as pool:
            view = pool.submit(asyncio.run, page_view(server.base_url, "", "who=bench")).result()
    assert view.error is None
    assert view.seconds is not None and view.deltas >= 1 and view.bytes > 0
    assert runs.read_text().count("run") == 1
