"""The tamper scan of scripts/grade_class.py on single cells: what it flags and what it lets pass (seconds)."""
import nbformat
import pytest

from grade_class import scan

FLAGGED = {
    "exec": ("exec(source)", "exec/eval/compile"),
    "eval": ("x = eval('1 + 1')", "exec/eval/compile"),
    "compile": ("code = compile(text, 'x', 'exec')", "exec/eval/compile"),
    "base64": ("import base64\npayload = base64.b64decode('aW1wb3J0IG9z')", "encoded payload"),
    "zlib": ("import zlib\nzlib.decompress(blob)", "encoded payload"),
    "codecs": ("import codecs\ncodecs.decode('vzcbeg bf', 'rot13')", "encoded payload"),
    "hex escapes": ("name = '\\x6f\\x73'", "encoded payload"),
    "/proc": ("open('/proc/self/status').read()", "probes or signals processes"),
    "psutil": ("import psutil\npsutil.Process().parent()", "probes or signals processes"),
    "os.kill": ("import os\nos.kill(os.getppid(), 9)", "probes or signals processes"),
    "signal": ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)", "probes or signals processes"),
    "rmtree outside": ("import shutil\nshutil.rmtree('/home/teacher/data')", "deletes files outside"),
    "rmtree of data": ("import shutil\nshutil.rmtree('data/FashionMNIST/raw')", "deletes files outside"),
    "rmtree of a computed path": ("import shutil\nshutil.rmtree(folder)", "deletes files outside"),
    "parent folder": ("import os\nos.remove('../result.json')", "deletes files outside"),
    "Path.unlink outside": ("from pathlib import Path\nPath('/tmp/x').unlink()", "deletes files outside"),
    "unlink with magics": ("%time os.unlink(name)", "deletes files outside"),
}
CLEAN = {
    "model.eval()": "model.eval()\nout = model(x)",
    "torch.compile": "fast = torch.compile(model)",
    "tidy up own folder": "import shutil\nshutil.rmtree('checkpoints')",
    "remove own file": "import os\nos.remove('checkpoints/model.pt')",
    "Path.unlink own file": "from pathlib import Path\nPath('out.txt').unlink()",
    "grader.check": 'grader.check("q1")',
}


def cells(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


@pytest.mark.parametrize("name", FLAGGED)
def test_flagged(name):
    source, meaning = FLAGGED[name]
    flags = scan(cells(source), None)
    assert any(meaning in flag for flag in flags), f"{name}: {source!r} not flagged as {meaning!r}: {flags}"


@pytest.mark.parametrize("name", CLEAN)
def test_clean(name):
    assert scan(cells(CLEAN[name]), None) == [], f"{name}: {CLEAN[name]!r} should not be flagged"


def test_changed_setup_cell():
    setup = nbformat.v4.new_code_cell("import otter\ngrader = otter.Notebook()")
    setup.metadata["tags"] = ["otter_setup"]
    nb = nbformat.v4.new_notebook(cells=[setup])
    assert scan(nb, setup.source) == []
    nb.cells[0].source += "\ngrader.check = print"
    assert scan(nb, "import otter\ngrader = otter.Notebook()") == ["cell 1: setup cell changed"]
