"""Every number the prose quotes from training holds on every recorded machine and variation.

A chapter declares its quoted metrics in the notebook metadata ``book.metrics``:
``{name: {"expr": ..., "prose": "...", "check": [lo, hi]}}``. `make test` asserts each value to lie
in ``check`` on whatever machine runs it (scripts/staging.py); `make spread` records the values
under threads 1/2/4 and other kernels, on each CPU it ran on, in bench/spread.json. These tests hold
the chapters to that record:

- the record has runs of the chapter at 1, 2 and 4 threads (REQUIRED_THREADS), and every metric in each run that
  `make spread` made (runs with a ``source`` were read from elsewhere, e.g. a GPU run's report, and
  may hold fewer metrics);
- ``check`` holds every recorded value, and is derived from them: no wider than the recorded spread
  plus a margin (the larger of the spread itself and 2% of the value);
- ``prose`` (a string, or a list of them when the text says it in several places) is written in
  the chapter, and what it says holds for every recorded value: a single
  number is what every run rounds to, a range ``a~b`` holds them all (to its last digit), and with
  ``"claim": "above"`` (or ``"below"``) every run is above (below) the number.
"""
import json
import re

import pytest

from book_config import BENCH_DIR
from helpers import NOTEBOOKS, read_notebook, source

RECORD = BENCH_DIR / "spread.json"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
RELATIVE_MARGIN = 0.02
# the thread counts the issue names; on a 2-core machine 4 threads oversubscribe the cores, which
# readers' laptops with few cores do too (make spread sets torch.set_num_threads: torch caps
# OMP_NUM_THREADS at the number of cores)
REQUIRED_THREADS = {1, 2, 4}


def recorded(chapter: str) -> list[dict]:
    runs = json.loads(RECORD.read_text(encoding="utf-8"))["runs"] if RECORD.exists() else []
    return [run for run in runs if chapter in run["chapters"]]


def quoted_metrics():
    for path in NOTEBOOKS:
        nb = read_notebook(path)
        for name, metric in nb.metadata.get("book", {}).get("metrics", {}).items():
            if "check" in metric or "prose" in metric:
                yield pytest.param(path, nb, name, metric, id=f"{path.stem}-{name}")


def values_of(chapter: str, name: str) -> list[float]:
    runs = recorded(chapter)
    threads = {run["threads"] for run in runs if run["threads"]}
    assert REQUIRED_THREADS <= threads, (
        f"{chapter}: bench/spread.json has runs at {sorted(threads)} threads; run `make spread`")
    missing = [run["label"] for run in runs if "source" not in run  # runs make spread made
               and name not in run["chapters"][chapter].get("metrics", {})]
    assert not missing, f"{chapter}: runs {missing} did not record {name}; run `make spread`"
    return [run["chapters"][chapter]["metrics"][name] for run in runs
            if name in run["chapters"][chapter].get("metrics", {})]


def half_unit(text: str) -> float:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals + 1e-9


@pytest.mark.parametrize("path, nb, name, metric", list(quoted_metrics()))
def test_checked_range_comes_from_the_record(path, nb, name, metric):
    assert "check" in metric and "prose" in metric, f"{path.stem} {name}: a quoted metric needs both"
    values = values_of(path.stem, name)
    lo, hi = metric["check"]
    low, high = min(values), max(values)
    assert lo <= low and high <= hi, (
        f"{path.stem} {name}: recorded {low:g}..{high:g} is not inside the check [{lo}, {hi}]")
    margin = max(high - low, RELATIVE_MARGIN * abs(high))
    assert lo >= low - margin - 1e-9 and hi <= high + margin + 1e-9, (
        f"{path.stem} {name}: the check [{lo}, {hi}] is looser than the record {low:g}..{high:g} "
        f"allows (margin {margin:.3g})")


@pytest.mark.parametrize("path, nb, name, metric", list(quoted_metrics()))
def test_prose_says_what_every_run_shows(path, nb, name, metric):
    text = "\n".join(source(c) for c in nb.cells if c.cell_type == "markdown")
    values = values_of(path.stem, name)
    quotes = metric["prose"] if isinstance(metric["prose"], list) else [metric["prose"]]
    for prose in quotes:
        assert prose in text, f"{path.stem} {name}: the text does not say {prose!r}"
        holds_for_every_run(path, name, metric, prose, values)


def holds_for_every_run(path, name, metric, prose, values):
    numbers = NUMBER.findall(prose)
    claim = metric.get("claim", "range" if len(numbers) == 2 else "round")
    low, high = min(values), max(values)
    if claim == "round":
        (x,) = numbers
        assert abs(low - float(x)) <= half_unit(x) and abs(high - float(x)) <= half_unit(x), (
            f"{path.stem} {name}: {prose!r} but the runs give {low:g}..{high:g}")
    elif claim == "range":
        a, b = numbers
        assert float(a) - half_unit(a) <= low and high <= float(b) + half_unit(b), (
            f"{path.stem} {name}: {prose!r} but the runs give {low:g}..{high:g}")
    else:
        (x,) = numbers
        holds = low > float(x) if claim == "above" else high < float(x)
        assert holds, f"{path.stem} {name}: {prose!r} ({claim}) but the runs give {low:g}..{high:g}"
