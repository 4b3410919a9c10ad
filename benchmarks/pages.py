"""The pages the benchmark opens: every page a partner sees (the default role), in navigation order,
straight from the page registry — a new page is measured without touching this file. Which data
functions a page calls is recorded while it runs (benchmarks/sql_time.py), not listed by hand."""

from __future__ import annotations

from dataclasses import dataclass

from display.navigation import PAGES
from domain.roles import SAFE_ROLE


@dataclass(frozen=True)
class BenchPage:
    url_path: str  # "home" is served at "/"
    file: str

    @property
    def url(self) -> str:
        return "" if self.url_path == "home" else self.url_path


def bench_pages() -> list[BenchPage]:
    """The pages the partner-safe role sees, in navigation order."""
    return [BenchPage(spec.url_path, spec.file) for spec in PAGES if SAFE_ROLE in spec.roles]
