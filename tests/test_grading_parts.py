"""Parts of the grader that need no kernel (seconds): the tamper scan on single cells (what it flags
and what it lets pass), the code sent into a kernel (built from literals, so a test's text cannot
change it), and the teacher's check of the plain results that come back."""
import ast

import nbformat
import pytest

from grade_class import score
from grade_scan import scan
from grade_worker import in_kernel_cell, recorder_cell

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
def test_scan_flags_tampering(name):
    source, meaning = FLAGGED[name]
    flags = scan(cells(source), None)
    assert any(meaning in flag for flag in flags), f"{name}: {source!r} not flagged as {meaning!r}: {flags}"


@pytest.mark.parametrize("name", CLEAN)
def test_scan_leaves_ordinary_code_alone(name):
    assert scan(cells(CLEAN[name]), None) == [], f"{name}: {CLEAN[name]!r} should not be flagged"


def test_scan_flags_a_changed_setup_cell():
    setup = nbformat.v4.new_code_cell("import otter\ngrader = otter.Notebook()")
    setup.metadata["tags"] = ["otter_setup"]
    nb = nbformat.v4.new_notebook(cells=[setup])
    assert scan(nb, setup.source) == []
    nb.cells[0].source += "\ngrader.check = print"
    assert scan(nb, "import otter\ngrader = otter.Notebook()") == ["cell 1: setup cell changed"]


TEST_FILE = '''\
OK_FORMAT = False

name = "q1"
points = 2
all_or_nothing = True

@test_case(points=None, hidden=False)
def test_form(OUT):
    assert OUT is not None, "OUTPUT and FOLDER: it's \\n"

@test_case(points=None, hidden=True)
def test_value(OUT):
    assert OUT == 1
'''


def test_kernel_code_is_built_from_literals():
    """A test's source holding OUT, FOLDER or quotes reaches the kernel unchanged."""
    code = in_kernel_cell(TEST_FILE, "q1", "/tmp/out 'x'.json")
    (call,) = [node for node in ast.walk(ast.parse(code))
               if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_grade_in_kernel"]
    assert [ast.literal_eval(arg) for arg in call.args] == [TEST_FILE, "q1", "/tmp/out 'x'.json"]
    code = recorder_cell({"q1": ["OUT"]}, "/tmp/run 'a'", "/tmp/records", "grader")
    (call,) = [node for node in ast.walk(ast.parse(code))
               if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_Recorder"]
    assert [ast.literal_eval(arg) for arg in call.args[:3]] == ['{"q1": ["OUT"]}', "/tmp/run 'a'", "/tmp/records"]


@pytest.mark.parametrize("answer, points", [
    ({"passed": [True, True], "messages": []}, 2),
    ({"passed": [True, False], "messages": ["no"]}, 0),           # all or nothing
    ({"passed": [True], "messages": []}, 0),                      # a test case missing
    ({"passed": [True, True, True], "messages": []}, 0),          # one too many
    ({"passed": ["yes", True], "messages": []}, 0),               # not plain booleans
    ({"passed": [], "messages": [], "error": "killed"}, 0),
    (None, 0),
    ("full marks", 0),
])
def test_points_come_from_the_bundle(answer, points):
    assert score(TEST_FILE, answer)[:2] == [points, 2]
