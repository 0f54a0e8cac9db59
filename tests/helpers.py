"""Shared helpers for the repository tests: how to read notebooks (where things are: book_config)."""
import ast
from pathlib import Path

import nbformat
from IPython.core.inputtransformer2 import TransformerManager

from book_config import chapter_sources

NOTEBOOKS = chapter_sources()  # the chapter sources; reader copies are book_config.READERS_DIR / p.name


def read_notebook(path: Path):
    return nbformat.read(path, as_version=nbformat.NO_CONVERT)


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def source(cell) -> str:
    return cell.source  # nbformat.read joins a list source into one string


def code_cells(nb):
    return [(i, c) for i, c in enumerate(nb.cells, 1) if c.cell_type == "code"]


def is_ignored(cell) -> bool:
    return "nbval-ignore-output" in tags(cell)


def strict_ratio(nb) -> tuple[int, int]:
    with_output = [c for _, c in code_cells(nb) if c.outputs]
    strict = [c for c in with_output if not is_ignored(c)]
    return len(strict), len(with_output)


def parse(code: str) -> ast.Module:
    """A code cell as Python (IPython's %magics and !commands turned into calls first)."""
    return ast.parse(TransformerManager().transform_cell(code))


def names(code: str, kind) -> set[str]:
    """Names a code cell binds (kind=ast.Store: assignments, defs, imports) or reads (ast.Load)."""
    tree = parse(code)
    found = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, kind)}
    if kind is ast.Store:
        found |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        found |= {a.asname or a.name.split(".")[0] for n in ast.walk(tree)
                  if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    return found
