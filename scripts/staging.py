"""What our runs add to a chapter source before executing it (never what a reader gets).

Every run of a chapter source (make execute, make nbval, make bench, make spread, the GPU run)
executes a staged copy made here, so the checks are the same wherever a chapter runs:

- `guarded`: each hidden check (a cell tagged ``remove-cell``) is wrapped by
  scripts/hidden_check_guard.py, which fails the cell when it leaves a trace a reader's copy would
  not have (random state, names, objects, settings, files). The first code cell defines the guard
  (one line before its own code), each hidden check gets one line before and one after; the cell
  list and its order stay the same.
- `metric_check_cell`: the numbers the prose quotes from training, declared in the notebook's
  metadata ``book.metrics`` as ``{name: {"expr": ..., "prose": ..., "check": [lo, hi]}}``, are
  asserted to lie in their checked range by one last cell. tests/test_quoted_metrics.py holds each
  range and each quoted ``prose`` to the spread that `make spread` recorded.
- `metrics_report_cell` / `read_metrics`: one last cell that prints every ``book.metrics`` value
  as a JSON line, for make bench, make spread and the GPU run. A metric with ``"when": expr`` is
  reported only where ``expr`` holds in the kernel (chapter 09's GPU timings:
  ``"when": "torch.cuda.is_available()"``).
"""
import copy
import json
from pathlib import Path

import nbformat

CHECK_TAG = "remove-cell"
GUARD_SOURCE = (Path(__file__).with_name("hidden_check_guard.py")).read_text(encoding="utf-8")
GUARD_DEFINE = ('__book_ns = {{}}; exec({source!r}, __book_ns); '
                '__book_guard = __book_ns["HiddenCheckGuard"](globals()); del __book_ns\n')
GUARD_BEFORE = "__book_guard.before()\n"
GUARD_AFTER = "\n__book_guard.after()\n"
METRICS_MARK = "BOOK_METRICS "


def is_hidden_check(cell) -> bool:
    return cell.cell_type == "code" and CHECK_TAG in cell.get("metadata", {}).get("tags", [])


def guarded(nb):
    """A copy of `nb` whose hidden checks fail when they leave a trace (cells keep their places)."""
    staged = copy.deepcopy(nb)
    hidden = [cell for cell in staged.cells if is_hidden_check(cell)]
    if hidden:
        first = next(cell for cell in staged.cells if cell.cell_type == "code")
        first.source = GUARD_DEFINE.format(source=GUARD_SOURCE) + first.source
    for cell in hidden:
        cell.source = GUARD_BEFORE + cell.source + GUARD_AFTER
    return staged


def metrics(nb) -> dict:
    """The notebook's ``book.metrics``: {name: {"expr": ..., optional "prose", "check", "when"}}."""
    return nb.metadata.get("book", {}).get("metrics", {})


def metric_check_cell(nb):
    """A last cell asserting that every quoted metric lies in its checked range, or None."""
    ranges = {name: (m["expr"], m["check"]) for name, m in metrics(nb).items() if "check" in m}
    if not ranges:
        return None
    code = (f"for __name, (__expr, (__lo, __hi)) in {ranges!r}.items():\n"
            "    __value = float(eval(__expr))\n"
            "    assert __lo <= __value <= __hi, (\n"
            "        f'quoted metric {__name} = {__value:.4g} is outside its checked range '\n"
            "        f'[{__lo}, {__hi}] (book.metrics; make spread records the spread)')\n")
    return nbformat.v4.new_code_cell(code)


def metrics_report_cell(nb):
    """A last cell printing every metric (where its ``when`` holds) as one JSON line, or None when
    the chapter has none."""
    exprs = {name: (m["expr"], m.get("when", "True")) for name, m in metrics(nb).items()}
    if not exprs:
        return None
    code = (f"import json as __json\nprint({METRICS_MARK!r} + __json.dumps("
            f"{{__n: float(eval(__e)) for __n, (__e, __w) in {exprs!r}.items() if eval(__w)}}))")
    return nbformat.v4.new_code_cell(code)


def read_metrics(cell) -> dict:
    """The values that metrics_report_cell printed, from its outputs."""
    values = {}
    for output in cell.get("outputs", []):
        for line in "".join(output.get("text", "")).splitlines():
            if line.startswith(METRICS_MARK):
                values.update(json.loads(line[len(METRICS_MARK):]))
    return values


def staged(nb, report_metrics: bool = False):
    """The copy of a chapter source that our runs execute: guarded hidden checks, then the quoted
    metrics' check and (with report_metrics) the report cell appended at the end."""
    run = guarded(nb)
    extra = [metric_check_cell(nb)] + ([metrics_report_cell(nb)] if report_metrics else [])
    run.cells.extend(cell for cell in extra if cell is not None)
    return run
