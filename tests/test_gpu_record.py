"""Chapter 09's table of real GPU figures is copied from the dated record in bench/gpu.md, not typed in.

The chapter cannot measure a GPU on machines without one, so it shows the figures of a recorded run.
Every number in that table and the sentence after it must appear in bench/gpu.md.
"""
import re

from book_config import REPO
from helpers import CHAPTERS_DIR, read_notebook, source

HEADING = "### 실제 GPU에서 잰 결과"
NUMBER = re.compile(r"\d+(?:[.,-]\d+)*")


def test_chapter_09_gpu_table_matches_the_record():
    record = (REPO / "bench" / "gpu.md").read_text(encoding="utf-8")
    cells = [source(c) for c in read_notebook(CHAPTERS_DIR / "09_gpu.ipynb").cells
             if c.cell_type == "markdown" and source(c).startswith(HEADING)]
    assert len(cells) == 1, f"09_gpu.ipynb: expected one markdown cell starting with '{HEADING}'"
    sizes = {"09", "10", "12", "4096", "1024", "256", "28", "1", "128", "80", "32", "60,000"}  # not measurements
    numbers = set(NUMBER.findall(cells[0])) - sizes
    missing = sorted(n for n in numbers if n not in record)
    assert not missing, f"09_gpu.ipynb quotes numbers that bench/gpu.md does not record: {missing}"
