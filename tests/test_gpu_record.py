"""Chapter 09's GPU figures: what the chapter quotes comes from the dated record in bench/gpu.md, and
what a GPU run records comes from the chapter's own measurements.

The chapter cannot measure a GPU on machines without one, so it shows the figures of a recorded run:
every number in that table and the sentence after it must appear in bench/gpu.md. A GPU run
(`make gpu`, scripts/gpu_chapters.py) records the timings the chapter lists in its notebook metadata
``book.metrics`` (no script of its own copies the chapter's measurements); the timings its GPU branch
makes carry ``"when": "torch.cuda.is_available()"``, so that runs without a GPU report the rest.
"""
import ast
import contextlib
import io
import re
import types

from book_config import CHAPTERS_DIR, REPO
from helpers import code_cells, parse, read_notebook, source, tags
from staging import metrics, metrics_report_cell, read_metrics

HEADING = "### 실제 GPU에서 잰 결과"
NUMBER = re.compile(r"\d+(?:[.,-]\d+)*")
CHAPTER = CHAPTERS_DIR / "09_gpu.ipynb"
ON_CUDA = "torch.cuda.is_available()"


def test_chapter_09_gpu_table_matches_the_record():
    record = (REPO / "bench" / "gpu.md").read_text(encoding="utf-8")
    cells = [source(c) for c in read_notebook(CHAPTER).cells
             if c.cell_type == "markdown" and source(c).startswith(HEADING)]
    assert len(cells) == 1, f"09_gpu.ipynb: expected one markdown cell starting with '{HEADING}'"
    sizes = {"09", "10", "12", "4096", "1024", "256", "28", "1", "128", "80", "32", "60,000"}  # not measurements
    numbers = set(NUMBER.findall(cells[0])) - sizes
    missing = sorted(n for n in numbers if n not in record)
    assert not missing, f"09_gpu.ipynb quotes numbers that bench/gpu.md does not record: {missing}"


def bound_names(nb) -> tuple[set, set]:
    """Names the lesson's code binds everywhere, and those it binds only inside `if <ON_CUDA>:`."""
    always, on_cuda = set(), set()
    for _, cell in code_cells(nb):
        if "remove-cell" in tags(cell):
            continue
        for node in parse(source(cell)).body:
            if isinstance(node, ast.If) and ast.unparse(node.test) == ON_CUDA:
                target, body = on_cuda, node.body
            else:
                target, body = always, [node]
            for part in body:
                target |= {n.id for n in ast.walk(part) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return always, on_cuda - always


def test_chapter_09_lists_the_timings_it_makes():
    nb = read_notebook(CHAPTER)
    declared = metrics(nb)
    always, on_cuda = bound_names(nb)
    measured = {"cpu_s", "gpu_s", "no_sync_s", "copy_s", "epoch_times"}  # the timing cells' results
    read = set()
    for name, metric in declared.items():
        used = {n.id for n in ast.walk(ast.parse(metric["expr"])) if isinstance(n, ast.Name)}
        read |= used
        assert used <= always | on_cuda, (
            f"09_gpu.ipynb book.metrics {name}: reads {used - always - on_cuda}, which the chapter never binds")
        if used & on_cuda:
            assert metric.get("when") == ON_CUDA, (
                f"09_gpu.ipynb book.metrics {name}: bound only with CUDA, so it needs \"when\": \"{ON_CUDA}\"")
    assert measured <= read, f"09_gpu.ipynb: book.metrics does not list the timings {sorted(measured - read)}"


def test_runs_without_a_gpu_report_only_what_they_measured():
    """The report cell, run on stand-in values: without CUDA the GPU timings are left out, not an error."""
    cell = metrics_report_cell(read_notebook(CHAPTER))
    values = {"cpu_s": 0.1, "gpu_s": 0.002, "no_sync_s": 0.0001, "copy_s": {"평범한 메모리": 0.02, "고정 메모리": 0.0025},
              "epoch_times": {"cpu": (6.8, 0.3), "cuda": (1.1, 0.3)}}
    for cuda in (False, True):
        torch = types.SimpleNamespace(cuda=types.SimpleNamespace(is_available=lambda cuda=cuda: cuda))
        namespace = {"torch": torch, **(values if cuda else {"cpu_s": values["cpu_s"]})}
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(cell.source, namespace)
        reported = read_metrics({"outputs": [{"text": printed.getvalue()}]})
        gpu_only = {n for n, m in metrics(read_notebook(CHAPTER)).items() if m.get("when") == ON_CUDA}
        assert set(reported) == set(metrics(read_notebook(CHAPTER))) - (set() if cuda else gpu_only)
    assert reported["matmul_gpu_ms"] == 2.0
