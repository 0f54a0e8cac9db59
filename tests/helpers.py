"""Shared helpers for the repository tests: how to read notebooks (where things are: book_config)."""
from pathlib import Path

import nbformat

from book_config import CHAPTERS_DIR, READERS_DIR, REPO, chapter_sources, colab_url  # noqa: F401

NOTEBOOKS = chapter_sources()  # the chapter sources; reader copies are READERS_DIR / p.name


def read_notebook(path: Path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def source(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def output_text(output) -> str:
    """Everything a reader sees of one output, as text."""
    if output.output_type == "stream":
        return "".join(output.text)
    if output.output_type == "error":
        return output.ename + ": " + output.evalue + "\n" + "\n".join(output.traceback)
    data = output.get("data", {})
    return "\n".join("".join(v) for k, v in data.items() if k.startswith("text/"))


def code_cells(nb):
    return [(i, c) for i, c in enumerate(nb.cells, 1) if c.cell_type == "code"]


def is_ignored(cell) -> bool:
    return "nbval-ignore-output" in tags(cell)


def strict_ratio(nb) -> tuple[int, int]:
    with_output = [c for _, c in code_cells(nb) if c.outputs]
    strict = [c for c in with_output if not is_ignored(c)]
    return len(strict), len(with_output)
