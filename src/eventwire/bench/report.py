"""Shared helpers for benchmarks: where the data is, tables, and BENCHMARKS.md sections."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInput


@dataclass
class BenchResult:
    """What a benchmark measured: a markdown body and the headline numbers."""

    task: str
    markdown: str
    figures: dict = field(default_factory=dict)


def shared_dir() -> Path | None:
    """The ``shared/`` folder beside the checkout (or $EVENTWIRE_SHARED), if present."""
    env = os.environ.get("EVENTWIRE_SHARED")
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [parent.parent / "shared" for parent in here.parents] + [Path.cwd().parent / "shared"]
    for candidate in candidates:
        if (candidate / "bench").is_dir():
            return candidate
    return None


def bench_dir(sub: str, given: str | Path | None = None) -> Path:
    """The data folder for one benchmark: the path given, else ../shared/bench/SUB."""
    if given:
        path = Path(given)
    else:
        shared = shared_dir()
        if shared is None:
            raise BadInput("benchmark data not found: pass --data PATH or put shared/ beside the checkout")
        path = shared / "bench" / sub
    if not path.exists():
        raise BadInput(f"benchmark data not found at {path}")
    return path


def prf(tp: float, n_predicted: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives and the two totals (0.0 where undefined)."""
    precision = tp / n_predicted if n_predicted else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def markdown_table(headers: list[str], rows: list[list]) -> str:
    def cell(value):
        if isinstance(value, float):
            return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
        return "" if value is None else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def environment_line() -> str:
    return (
        f"_Measured {dt.date.today().isoformat()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}._"
    )


def default_benchmarks_path() -> Path:
    """BENCHMARKS.md at the repository root when running from a checkout, else the cwd."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").exists() and (parent / "src" / "eventwire").is_dir():
            return parent / "BENCHMARKS.md"
    return Path.cwd() / "BENCHMARKS.md"


_HEADER = (
    "# Benchmarks\n\n"
    "Regenerated section by section by `eventwire bench TASK` (each writes its own section).\n"
    "Data: `../shared/bench` (development sets). Timings are ratios measured in one run.\n"
)


def write_section(task: str, markdown: str, path: str | Path | None = None) -> Path:
    """Replace (or append) the section of BENCHMARKS.md that belongs to ``task``."""
    path = Path(path) if path else default_benchmarks_path()
    begin, end = f"<!-- bench:{task} -->", f"<!-- /bench:{task} -->"
    block = f"{begin}\n{markdown.strip()}\n\n{environment_line()}\n{end}"
    content = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(content):
        content = pattern.sub(lambda _: block, content)
    else:
        content = content.rstrip() + "\n\n" + block + "\n"
    path.write_text(content, encoding="utf-8")
    return path
