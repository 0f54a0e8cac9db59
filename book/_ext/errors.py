"""Sphinx extension that renders the page 오류 메시지 찾아보기 from the chapters' stored outputs.

An error demo prints the exception's class name, a colon and the message at the start of a line
(`print("RuntimeError:", err)`, STYLE.md "Error demos"); an error output of a cell counts as well.
`shown_errors(repo)` finds every such line in the reader notebooks (what the site shows; solutions
left out), with the tab-indented detail lines a multi-line message carries (`Missing key(s) ...`).
book/errors.yml gives each error a one-line Korean cause, keyed by the exception and a fragment of
its message. book/errors.md holds the page's title and introduction and the line MARKER; while
Sphinx reads the page, MARKER is replaced by the errors, one entry per cause (the messages as
printed, the cause, the chapter sections that show them), under a heading per exception.
`render(repo)` gives that Markdown without Sphinx (the tests use it).
"""
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generated_page import chapter_title, insert_at_marker

MARKER = "<!-- errors: rendered from the chapters' outputs and book/errors.yml by book/_ext/errors.py -->"
DOCNAME = "book/errors"
ERROR_LINE = re.compile(r"^([A-Z][A-Za-z]*(?:Error|Exception)): (.+)$")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
DETAIL_LINES = 2  # detail lines of a multi-line message shown on the page


@dataclass
class Shown:
    """One error message as the book prints it, and where."""
    exception: str
    message: str                      # the first line, as printed
    details: list = field(default_factory=list)
    places: list = field(default_factory=list)   # (chapter stem, section heading, cell index)


def _text(cell_or_output, key="source"):
    value = cell_or_output.get(key, "")
    return "".join(value) if isinstance(value, list) else value


def _printed_lines(cell):
    """The lines a code cell shows: its stream outputs and the first line of an error output."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            yield from _text(output, "text").splitlines()
        elif output.get("output_type") == "error":
            yield f"{output['ename']}: {output['evalue']}"


def reader_notebooks(repo: Path) -> list:
    """notebooks/NN_name.ipynb in order (this extension reads the Sphinx source folder, not book_config)."""
    return sorted((repo / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def shown_errors(repo: Path) -> list:
    """Every error message the reader notebooks show, in book order, one entry per message."""
    found = {}
    for path in reader_notebooks(repo):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        section = ""
        for index, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                headings = re.findall(r"^#{1,3} (.+)$", _text(cell), re.M)
                section = headings[-1] if headings else section
                continue
            if "hide-cell" in cell.get("metadata", {}).get("tags", []):
                continue  # an exercise's solution: folded on the site, its output dropped in Colab
            lines = list(_printed_lines(cell))
            for i, line in enumerate(lines):
                match = ERROR_LINE.match(line)
                if not match:
                    continue
                exception, message = match.groups()
                if HANGUL.search(message):
                    continue  # the book's own message (a Dataset's check, say), not PyTorch's
                details = []
                for follow in lines[i + 1:i + 1 + DETAIL_LINES]:
                    if not follow.startswith("\t"):
                        break
                    details.append(follow.strip())
                entry = found.setdefault((exception, message.strip()),
                                         Shown(exception, message.strip(), details))
                place = (path.stem, section, index)
                if place not in entry.places:
                    entry.places.append(place)
    return list(found.values())


def causes(repo: Path) -> list:
    return yaml.safe_load((repo / "book" / "errors.yml").read_text(encoding="utf-8"))["errors"]


def cause_of(error: Shown, entries: list):
    """The entry of errors.yml that explains an error: same exception, and of the entries whose
    fragment is in the message (or its detail lines), the longest, i.e. the most specific one."""
    text = "\n".join([error.message, *error.details])
    matches = [e for e in entries if e["exception"] == error.exception and e["match"] in text]
    return max(matches, key=lambda e: len(e["match"]), default=None)


def _plain(text: str) -> str:
    """Markdown-safe text of a heading or message: no backticks, no markup characters."""
    return re.sub(r"([\\`*_\[\]<>|$])", r"\\\1", text.replace("`", ""))


def _code(text: str) -> str:
    """Inline code, so that the message shows as printed (no typographic quotes) and still wraps."""
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def render(repo: Path) -> str:
    """One entry per cause of errors.yml that the book shows, under its exception's heading: the
    messages as printed, the cause, and the chapter sections that show them."""
    entries = causes(repo)
    shown = {}
    for error in shown_errors(repo):
        entry = cause_of(error, entries)
        key = (error.exception, entry["match"] if entry else error.message)
        shown.setdefault(key, (entry, []))[1].append(error)
    lines = []
    for exception in sorted({exception for exception, _ in shown}):
        lines += [f"## {exception}", ""]
        for (name, _), (entry, errors) in shown.items():
            if name != exception:
                continue
            places, printed = [], []
            for error in errors:
                printed.append(_code(f"{exception}: {error.message}"))
                printed += [f"&emsp;{_code(detail)}" for detail in error.details]
                for stem, section, _ in error.places:
                    link = (f"[{chapter_title(repo, stem)} › {_plain(section)}]"
                            f"(../notebooks/{stem}.ipynb)")
                    if link not in places:
                        places.append(link)
            cause = entry["cause"].strip() if entry else "(원인 설명 없음)"
            lines += ["\\\n".join(printed), "",
                      f"- **원인**: {cause}", f"- **보여 주는 곳**: {', '.join(places)}", ""]
    return "\n".join(lines) + "\n"


def sources(repo: Path) -> list:
    return [repo / "book" / "errors.yml", *reader_notebooks(repo)]


def setup(app):
    insert_at_marker(app, DOCNAME, MARKER, render, sources)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
