"""End-to-end checks of the grading command, scripts/grade_class.py (`make grade`).

One class folder for chapter 01 holds a solved notebook, a blank one, one with an endless loop, one
whose kernel dies, one for another assignment, a file that is not a notebook, one without otter's
metadata, one whose answer cannot be pickled (graded inside the kernel), one that monkeypatches
otter and rewrites test files, and one that hides its tampering in exec(base64...). Each must get its
row, status, points, flags and notes in the CSV. Separately: a loop that ignores interrupts has its
kernel stopped and the questions checked before it still graded; a missing dataset gives DATA MISSING
rows and exit status 2 before any notebook runs; a submission that deletes the teacher's data or
changes the autograder zip is TAMPERED while the next one is graded as usual; a last cell that tidies
up the checkpoints keeps the grade; a class that kills the process only when a hidden test calls it
loses that question alone, with the cause in the notes; the solutions of chapters that define
classes, write files and read data (05, 08, 10) get full marks. A few minutes on 2 idle CPU cores.
"""
import base64
import csv
import json
import shutil

import nbformat
import pytest

import build_assignments
import grade_class
from book_config import DATA_DIR

pytestmark = pytest.mark.slow  # minutes: make test runs it, make check does not


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    build_assignments.build(["01_tensors", "02_autograd", "03_datasets", "05_modules", "08_save_load",
                             "10_training"], out)
    return out


def solved(built, stem, replace=None):
    """The student notebook with the solutions filled in; ``replace``: {question number: code}."""
    student = nbformat.read(built / "student" / f"{stem}.ipynb", as_version=4)
    solution = nbformat.read(built / "dist" / f"{stem}-solution.ipynb", as_version=4)
    question = 0
    for cell, answer in zip(student.cells, solution.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("### 문제"):
            question += 1
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            cell.source = (replace or {}).get(question, answer.source)
    return student


def read_csv(path):
    with open(path, encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f)}


TAMPER = '''\
import otter.test_files.exception_test as et
et.test_case.call_func = lambda self, env: None
import os
os.makedirs("tests", exist_ok=True)
open("tests/q1.py", "w").write("name = 'q1'\\npoints = 2\\n")
grader.check = lambda *a, **k: None'''

UNPICKLABLE = '''\
grid = torch.arange(12).reshape(3, 4)
grid.rows = (row for row in grid)
col = grid[:, 1]'''

HIDDEN_PAYLOAD = "import base64\nexec(base64.b64decode(%r).decode())" % base64.b64encode(
    b"import otter.test_files.abstract_test as t\nt.TestFile.score = property(lambda self: 99)\n"
    b"grader.check = lambda *a, **k: None\n").decode()


def test_a_class_folder_gives_one_csv_row_per_submission(built, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    stem = "01_tensors"
    nbformat.write(solved(built, stem), folder / "solved.ipynb")
    nbformat.write(nbformat.read(built / "student" / f"{stem}.ipynb", as_version=4), folder / "blank.ipynb")
    nbformat.write(solved(built, stem, {2: "while True:\n    pass"}), folder / "endless.ipynb")
    nbformat.write(solved(built, stem, {4: "import os\nos._exit(1)"}), folder / "dead.ipynb")
    nbformat.write(solved(built, "02_autograd"), folder / "other.ipynb")
    (folder / "garbage.ipynb").write_text("this is not a notebook", encoding="utf-8")
    no_meta = solved(built, stem)
    del no_meta.metadata["otter"]
    nbformat.write(no_meta, folder / "no_metadata.ipynb")
    nbformat.write(solved(built, stem, {1: UNPICKLABLE}), folder / "unpicklable.ipynb")
    tamper = nbformat.read(built / "student" / f"{stem}.ipynb", as_version=4)
    tamper.cells.insert(2, nbformat.v4.new_code_cell(TAMPER))
    nbformat.write(tamper, folder / "tamper.ipynb")
    payload = nbformat.read(built / "student" / f"{stem}.ipynb", as_version=4)
    payload.cells.insert(2, nbformat.v4.new_code_cell(HIDDEN_PAYLOAD))
    nbformat.write(payload, folder / "payload.ipynb")

    out = grade_class.grade_folder(str(built / "dist" / f"{stem}-autograder.zip"), folder,
                                   tmp_path / "grades.csv", timeout=300, cell_timeout=25)
    rows = read_csv(out)
    assert sorted(rows) == sorted(p.name for p in folder.glob("*.ipynb")), "one CSV row per submission"
    expect = {  # file: (status, total, points of the question that fails)
        "solved.ipynb": ("OK", 8, None), "blank.ipynb": ("OK", 0, None),
        "endless.ipynb": ("TIMEOUT", 6, "q2"), "dead.ipynb": ("KERNEL DIED", 6, "q4"),
        "other.ipynb": ("WRONG ASSIGNMENT", 0, None), "garbage.ipynb": ("WRONG ASSIGNMENT", 0, None),
        "no_metadata.ipynb": ("OK", 8, None), "unpicklable.ipynb": ("OK", 8, None),
        "tamper.ipynb": ("OK", 0, None), "payload.ipynb": ("OK", 0, None),
    }
    for name, (status, total, failing) in expect.items():
        row = rows[name]
        assert (row["status"], int(row["total"])) == (status, total), f"{name}: {row}"
        assert row["possible"] == "8"
        if failing:
            assert row[failing] == "0", f"{name}: {failing} should score 0: {row}"
    assert "interrupted" in rows["endless.ipynb"]["notes"]
    assert "kernel died" in rows["dead.ipynb"]["notes"]
    assert "inside the kernel" in rows["unpicklable.ipynb"]["notes"]
    flags = rows["tamper.ipynb"]["flags"]
    assert "uses otter" in flags and "test files" in flags and "grader" in flags, flags
    flags = rows["payload.ipynb"]["flags"]
    assert "exec/eval/compile" in flags and "encoded payload" in flags, flags
    assert not rows["solved.ipynb"]["flags"] and not rows["blank.ipynb"]["flags"]
    details = json.loads((tmp_path / "grades-details" / "blank.json").read_text(encoding="utf-8"))
    assert details["results"]["q1"]["score"] == 0 and details["results"]["q1"]["failures"], "the details file keeps each question's result for the teacher"


def test_loop_that_ignores_interrupts(built, tmp_path):
    """Its kernel is stopped; q1 and q2, checked before the loop, are still graded."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    stubborn = "import time\nwhile True:\n    try:\n        time.sleep(0.2)\n    except KeyboardInterrupt:\n        pass"
    nbformat.write(solved(built, "01_tensors", {3: stubborn}), folder / "stubborn.ipynb")
    out = grade_class.grade_folder(str(built / "dist" / "01_tensors-autograder.zip"), folder,
                                   tmp_path / "grades.csv", timeout=300, cell_timeout=30)
    row = read_csv(out)["stubborn.ipynb"]
    assert row["status"] == "TIMEOUT" and "ignored the interrupt" in row["notes"], row
    assert (row["q1"], row["q2"], row["q3"], row["q4"]) == ("2", "2", "0", "0"), row


def test_missing_data_stops_grading_with_data_missing(built, tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    nbformat.write(solved(built, "03_datasets"), folder / "solved.ipynb")
    empty = tmp_path / "no-data"
    empty.mkdir()
    with pytest.raises(SystemExit) as stop:
        grade_class.grade_folder(str(built / "dist" / "03_datasets-autograder.zip"), folder,
                                 tmp_path / "grades.csv", data_dir=empty)
    assert stop.value.code == 2
    row = read_csv(tmp_path / "grades.csv")["solved.ipynb"]
    assert row["status"] == "DATA MISSING" and "FashionMNIST" in row["notes"], row


def test_submission_that_damages_files(built, tmp_path):
    """Deleting the teacher's data or changing the zip: TAMPERED for that row; the next rows as usual."""
    teacher_data = tmp_path / "teacher-data"
    shutil.copytree(DATA_DIR / "FashionMNIST", teacher_data / "FashionMNIST")
    bundle = tmp_path / "03_datasets-autograder.zip"
    shutil.copyfile(built / "dist" / "03_datasets-autograder.zip", bundle)
    folder = tmp_path / "submissions"
    folder.mkdir()
    own_copy = nbformat.v4.new_code_cell('import shutil\nshutil.rmtree("data/FashionMNIST/raw")')
    deleter = solved(built, "03_datasets")
    deleter.cells += [own_copy, nbformat.v4.new_code_cell(f"shutil.rmtree({str(teacher_data / 'FashionMNIST')!r})")]
    nbformat.write(deleter, folder / "a_data.ipynb")
    zipper = solved(built, "03_datasets")
    zipper.cells.append(nbformat.v4.new_code_cell(f"open({str(bundle)!r}, 'ab').write(b'x')"))
    nbformat.write(zipper, folder / "b_zip.ipynb")
    mine = solved(built, "03_datasets")
    mine.cells.append(own_copy)  # deletes its own copy after the checks: no harm, but flagged
    nbformat.write(mine, folder / "c_own_copy.ipynb")
    out = grade_class.grade_folder(str(bundle), folder, tmp_path / "grades.csv", data_dir=teacher_data)
    rows = read_csv(out)
    assert rows["a_data.ipynb"]["status"] == "TAMPERED" and rows["a_data.ipynb"]["total"] == "0", rows["a_data.ipynb"]
    notes = rows["a_data.ipynb"]["notes"]
    assert "teacher's data: " in notes and "FashionMNIST/raw/train-images-idx3-ubyte deleted" in notes, notes
    assert "outside its own folder" in rows["a_data.ipynb"]["flags"], rows["a_data.ipynb"]
    assert rows["b_zip.ipynb"]["status"] == "TAMPERED" and "autograder zip" in rows["b_zip.ipynb"]["notes"]
    row = rows["c_own_copy.ipynb"]
    assert row["status"] == "OK" and row["total"] == row["possible"], row
    assert "outside its own folder" in row["flags"], row


KILLER = """\
import os
class GoodStack(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(4, 4) for _ in range(3)])

    def forward(self, x):
        os._exit(3)"""


@pytest.mark.parametrize("stem", ["05_modules", "08_save_load", "10_training"])
def test_solution_full_marks(built, tmp_path, stem):
    """The solution gets full marks; 08 also with a last cell that deletes checkpoints/ (values and files
    are recorded when each grader.check runs); in 05 a class that kills the process only when the hidden
    test calls it loses that question alone."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    nbformat.write(solved(built, stem), folder / "solved.ipynb")
    if stem == "08_save_load":
        tidy = solved(built, stem)
        tidy.cells.append(nbformat.v4.new_code_cell('import shutil\nshutil.rmtree("checkpoints")'))
        nbformat.write(tidy, folder / "tidy.ipynb")
    if stem == "05_modules":
        nbformat.write(solved(built, stem, {2: KILLER}), folder / "killer.ipynb")
    out = grade_class.grade_folder(str(built / "dist" / f"{stem}-autograder.zip"), folder, tmp_path / "grades.csv",
                                   data_dir=DATA_DIR)
    rows = read_csv(out)
    for name, row in rows.items():
        if name != "killer.ipynb":
            assert row["status"] == "OK" and row["total"] == row["possible"], row
    if stem == "05_modules":
        row = rows["killer.ipynb"]
        assert row["status"] == "OK" and row["q2"] == "0" and int(row["total"]) == int(row["possible"]) - 2, row
        assert "q2: the tests' process exited with status 3" in row["notes"], row
