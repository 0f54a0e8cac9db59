"""What no chapter may show a reader, on any machine or versions: text on stderr, or a warning.

One rule for every place that runs the chapters: tests/test_notebooks.py holds the stored outputs
to it, scripts/versions.py the outputs on the oldest and newest versions, scripts/gpu_chapters.py the
outputs on a GPU.
"""
import re

WARNING = re.compile(r"\b[A-Za-z]*Warning\b")


def output_text(output) -> str:
    """Everything a reader sees of one output, as text."""
    if output["output_type"] == "stream":
        return "".join(output["text"])
    if output["output_type"] == "error":
        return output["ename"] + ": " + output["evalue"] + "\n" + "\n".join(output["traceback"])
    data = output.get("data", {})  # in mime-type order: a stored notebook sorts them, a kernel does not
    return "\n".join("".join(v) for k, v in sorted(data.items()) if k.startswith("text/"))


def unwanted(output) -> str | None:
    """Why a reader must not see this output, or None."""
    text = output_text(output)
    if output["output_type"] == "stream" and output["name"] == "stderr":
        return f"writes to stderr: {text[:200]!r}"
    if WARNING.search(text):
        return f"warning in output: {text[:200]!r}"
    return None


def first_unwanted(nb) -> str | None:
    """The first such output of an executed notebook, as 'cell N: why' (cells counted from 1)."""
    for number, cell in enumerate(nb.cells, 1):
        for output in cell.get("outputs", []):
            why = unwanted(output)
            if why:
                return f"cell {number}: {why}"
    return None
