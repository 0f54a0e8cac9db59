"""Shared helpers for the repository tests: where things are, and how to read notebooks and config."""
import re
from pathlib import Path

import nbformat
import yaml

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
IGNORE_MARK = "# NBVAL_IGNORE_OUTPUT"


def load_config() -> dict:
    return yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))


def repository_slug() -> str:
    """'owner/repo' from the one place the repository URL is configured."""
    url = load_config()["repository"]["url"].rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?", url)
    assert match, f"_config.yml repository.url is not a GitHub URL: {url}"
    return match.group(1)


def colab_url(path: str) -> str:
    return f"https://colab.research.google.com/github/{repository_slug()}/blob/main/{path}"


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
    return source(cell).lstrip().startswith(IGNORE_MARK) or "nbval-ignore-output" in tags(cell)


def strict_ratio(nb) -> tuple[int, int]:
    with_output = [c for _, c in code_cells(nb) if c.outputs]
    strict = [c for c in with_output if not is_ignored(c)]
    return len(strict), len(with_output)
