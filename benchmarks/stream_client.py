"""A page view without a browser: Streamlit's own websocket protocol (``/_stcore/stream``).

A view is what a new browser tab costs the server once its static files are loaded: open the
websocket (a new session), send the BackMsg ``rerun_script`` a browser sends on load (the page's URL
path and query string), and read ForwardMsgs until ``script_finished``. It does not count the
browser's own work (downloading and parsing the JavaScript, drawing charts and maps, the
component iframes' own requests) nor the reruns a browser's components may trigger after drawing.

Also the load generator: views started on a fixed schedule (open loop: a slow answer does not delay
the next start) at stepped rates, until the 95th percentile of the time from a view's scheduled
start to its ``script_finished`` passes a limit.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from dataclasses import dataclass

VIEW_TIMEOUT_S = 60.0


@dataclass
class View:
    """One page view: seconds from the (scheduled) start to ``script_finished``, or an error."""

    seconds: float | None
    messages: int = 0
    bytes: int = 0
    error: str | None = None
    deltas: int = 0
    page_hash: str = ""
    reruns: int = 0


def back_msg_rerun(page_name: str, query_string: str) -> bytes:
    """The BackMsg a browser sends when it opens ``/<page_name>?<query_string>`` (a new session)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query_string
    state.page_name = page_name
    state.context_info.timezone = "Europe/Kyiv"
    state.context_info.timezone_offset = -120
    state.context_info.locale = "uk-UA"
    state.context_info.url = f"http://127.0.0.1/{page_name}{'?' + query_string if query_string else ''}"
    return msg.SerializeToString()


def ws_url(base_url: str) -> str:
    """``http://host:port`` -> ``ws://host:port/_stcore/stream``."""
    return base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1).rstrip("/") + "/_stcore/stream"


async def page_view(base_url: str, page_name: str, query_string: str = "lang=uk", *,
                    started: float | None = None, timeout: float = VIEW_TIMEOUT_S) -> View:
    """Open one session on ``page_name`` (``""`` = the default page) and wait for its script to finish.
    ``started`` (time.monotonic) is when the view was due, so a late start counts in its time."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    started = time.monotonic() if started is None else started
    view = View(seconds=None)
    try:
        async with asyncio.timeout(timeout):
            async with connect(ws_url(base_url), subprotocols=["streamlit"], compression=None,
                               max_size=None, proxy=None, open_timeout=timeout) as ws:
                await ws.send(back_msg_rerun(page_name, query_string))
                async for data in ws:
                    view.messages += 1
                    view.bytes += len(data)
                    msg = ForwardMsg()
                    msg.ParseFromString(data)
                    kind = msg.WhichOneof("type")
                    if kind == "delta":
                        view.deltas += 1
                        element = msg.delta.new_element
                        if msg.delta.WhichOneof("type") == "new_element" and element.WhichOneof("type") == "exception":
                            view.error = f"exception: {element.exception.type}: {element.exception.message[:160]}"
                    elif kind == "navigation":
                        view.page_hash = msg.navigation.page_script_hash
                    elif kind == "page_not_found":
                        view.error = f"page not found: {page_name!r}"
                    elif kind == "script_finished":
                        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            view.reruns += 1  # the script asked for a rerun (st.rerun): the view goes on
                            continue
                        if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                            view.error = view.error or f"script_finished {msg.script_finished}"
                        break
                else:
                    view.error = view.error or "connection closed before script_finished"
    except TimeoutError:
        view.error = f"timeout after {timeout:.0f} s"
    except OSError as exc:
        view.error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - websockets' protocol errors: a failed view is a result
        view.error = f"{type(exc).__name__}: {str(exc)[:160]}"
    if view.error is None:
        view.seconds = time.monotonic() - started
    return view


def percentile(values: list[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default method); ``values`` any order."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    pos = (len(ordered) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    frac = pos - lo
    if frac == 0 or ordered[hi] == ordered[lo]:
        return ordered[lo]
    if math.isinf(ordered[hi]):  # a failed view (infinitely slow) inside the interpolation
        return math.inf
    return ordered[lo] + (ordered[hi] - ordered[lo]) * frac


def step_p95(views: list[View]) -> float:
    """95th percentile of a step's view times; a failed or timed-out view counts as infinitely slow."""
    return percentile([v.seconds if v.seconds is not None else math.inf for v in views], 95)


def schedule(rate: float, duration: float) -> list[float]:
    """Start offsets (seconds) of an open-loop step: evenly spaced at ``rate`` views per second."""
    n = max(1, round(rate * duration))
    return [i / rate for i in range(n)]


def sustained_rate(steps: list[dict], limit_s: float) -> float | None:
    """The highest step rate whose p95 stayed within ``limit_s``, if every lower step did too
    (the first step over the limit ends the search); None when even the first step was over."""
    best = None
    for step in sorted(steps, key=lambda s: s["rate"]):
        if step["p95_s"] is None or step["p95_s"] > limit_s:
            break
        best = step["rate"]
    return best


async def run_step(base_url: str, targets: list[tuple[str, str]], rate: float, duration: float,
                   timeout: float = VIEW_TIMEOUT_S) -> list[View]:
    """Views at ``rate`` per second for ``duration`` seconds, cycling through ``targets`` (page name,
    query string); each starts at its due time whatever the earlier ones are doing."""
    loop_start = time.monotonic()
    tasks = []
    for offset, (page, query) in zip(schedule(rate, duration), itertools.cycle(targets)):
        due = loop_start + offset
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(page_view(base_url, page, query, started=due, timeout=timeout)))
    return list(await asyncio.gather(*tasks))


async def stepped_load(base_url: str, targets: list[tuple[str, str]], rates: list[float], *, duration: float,
                       limit_s: float = 2.0, cpu_seconds=None, pause: float = 3.0, log=print) -> dict:
    """Run the steps in order until one's p95 passes ``limit_s``; ``cpu_seconds()`` (optional) reads the
    server's CPU so each step reports how busy it was."""
    steps = []
    for rate in rates:
        cpu0 = cpu_seconds() if cpu_seconds else None
        wall0 = time.monotonic()
        views = await run_step(base_url, targets, rate, duration)
        wall = time.monotonic() - wall0
        ok = [v.seconds for v in views if v.seconds is not None]
        p95 = step_p95(views)
        step = {
            "rate": rate, "views": len(views), "failed": len(views) - len(ok),
            "errors": sorted({v.error for v in views if v.error})[:3],
            "median_s": round(percentile(ok, 50), 3) if ok else None,
            "p95_s": round(p95, 3) if math.isfinite(p95) else None,
            "wall_s": round(wall, 1), "completed_per_s": round(len(ok) / wall, 2),
            "server_cpu_s": round(cpu_seconds() - cpu0, 2) if cpu_seconds else None,
        }
        if cpu_seconds:
            step["server_cpu_share"] = round(step["server_cpu_s"] / wall, 2)
        steps.append(step)
        log(f"  load {rate}/s: {step}")
        if step["p95_s"] is None or step["p95_s"] > limit_s:
            break
        await asyncio.sleep(pause)
    return {"limit_s": limit_s, "step_s": duration, "steps": steps, "sustained_per_s": sustained_rate(steps, limit_s)}
