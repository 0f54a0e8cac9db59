"""A class's own variant of the assignments (build_assignments.py --class, `make assignments CLASS=...`).

The sources, and so the public answers, are in the public repository. A class build draws, from the
class's secret key, other numbers for every question whose answer is a value and another order for
its choices; a value question with nothing to vary counts 0 points there. Checked here:
- every question that gives its answer as a value (``name = <literal>  # SOLUTION``) either has
  variants, whose every set renders and gives an answer other than the public one (numbers, shapes)
  or changes the choices' content and order (multiple choice), or counts 0 points in a class build
  with a note to the student, and only multiple-choice concept questions are left without variants;
- across 40 keys, a student who copies the public answers gets a value question right about as often
  as by guessing (multiple choice) or never (numbers);
- the same key gives the same build, and a class's student notebook carries no link to the public copy;
- end to end (slow): the class's own solution gets full marks with the class's autograder, and the
  public solution, handed in to that class, scores 0 on every value question and full marks on the
  code questions (copying code that solves the task is the limit book/teachers.md names).
"""
import re

import nbformat
import pytest

import build_assignments
from book_config import ASSIGNMENT_SOURCES as SOURCE, numbered

CHAPTERS = [path.stem for path in numbered(SOURCE)]
KEYS = [f"class-key-{i}" for i in range(40)]


def source(stem):
    return nbformat.read(SOURCE / f"{stem}.ipynb", as_version=4)


def answers(nb) -> dict:
    """{question: [literal answers]} of a rendered notebook."""
    found = {name: build_assignments.literal_answers(nb, cells)
             for name, cells in build_assignments.question_spans(nb).items()}
    return {name: values for name, values in found.items() if values}


def points(nb, name) -> str:
    config = nb.cells[build_assignments.question_spans(nb)[name][0]].source
    return re.search(r"^points:\s*(\S+)", config, re.M).group(1)


def is_choice(values) -> bool:
    return all(isinstance(v, str) and v in "ABCD" and len(v) == 1 for v in values)


@pytest.mark.parametrize("stem", CHAPTERS)
def test_value_questions_vary_or_count_nothing(stem):
    nb = source(stem)
    variants = nb.metadata.get("book", {}).get("variants", {})
    public = answers(build_assignments.render(nb, stem))
    for name, values in public.items():
        spec = variants.get(name)
        if spec is None:
            assert is_choice(values), f"{stem} {name}: a value answer {values} needs variants (book.variants)"
            rendered = build_assignments.render(nb, stem, KEYS[0])
            assert points(rendered, name) == "0", f"{stem} {name}: no variants, so a class build must count it 0"
            heading = next(rendered.cells[i].source for i in build_assignments.question_spans(rendered)[name]
                           if rendered.cells[i].cell_type == "markdown")
            assert build_assignments.PRACTICE_NOTE in heading, f"{stem} {name}: the student is not told it counts 0"
            continue
        assert spec.get("choose"), f"{stem} {name}: variants without other values leave the public content"
        assert spec.get("shuffle") or not is_choice(values), f"{stem} {name}: a multiple choice needs shuffle"
        for index in range(len(spec["choose"])):  # every set renders, and its answer is not the public one
            one = {**spec, "choose": [spec["choose"][index]]}
            one_nb = nbformat.from_dict({**nb, "metadata": {**nb.metadata, "book": {"variants": {name: one}}}})
            got = answers(build_assignments.render(one_nb, stem, "any key"))[name]
            if not is_choice(values):
                assert got != values, f"{stem} {name}: set {spec['choose'][index]} gives the public answer {values}"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_copying_the_public_answers_is_no_better_than_guessing(stem):
    nb = source(stem)
    public = answers(build_assignments.render(nb, stem))
    same = {name: 0 for name in public}
    for key in KEYS:
        rendered = build_assignments.render(nb, stem, key)
        for name, values in answers(rendered).items():
            if values == public[name] and points(rendered, name) != "0":
                same[name] += 1
    for name, count in same.items():
        limit = len(KEYS) * 0.4 if is_choice(public[name]) else 0  # 1 in 4 by guessing
        assert count <= limit, f"{stem} {name}: the public answer is right for {count} of {len(KEYS)} class keys"


def test_a_class_build_is_its_own():
    nb = source("01_tensors")
    one, again, other = (build_assignments.render(nb, "01_tensors", k) for k in ("k1", "k1", "k2"))
    assert one == again, "the same key must give the same build (the teacher rebuilds the zip from the key)"
    assert one != other and one != build_assignments.render(nb, "01_tensors")
    header = build_assignments.header_cell(build_assignments.render(nb, "01_tensors", "k1").cells[1], "01_tensors",
                                           public=False).source
    assert "assignments/student/01_tensors.ipynb" not in header, "a class notebook must not link to the public copy"
    assert "notebooks/01_tensors.ipynb" in header, "it still links to the chapter"


# ---------------------------------------------------------------------------------------------
# end to end: grade with a class's autograder


def filled(student_path, solution_path):
    """The student notebook with its answer cells taken from ``solution_path`` (same questions)."""
    student = nbformat.read(student_path, as_version=4)
    solution = nbformat.read(solution_path, as_version=4)
    for cell, answer in zip(student.cells, solution.cells):
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            cell.source = answer.source
    return student


@pytest.mark.slow
def test_public_answers_score_nothing_in_a_class(tmp_path):
    import csv

    import grade_class

    stem = "01_tensors"
    public_answers = answers(build_assignments.render(source(stem), stem))
    key = next(k for k in KEYS if all(v != public_answers[n] for n, v in
                                      answers(build_assignments.render(source(stem), stem, k)).items()))
    build_assignments.build([stem], tmp_path / "public")
    build_assignments.build([stem], tmp_path / "class", key)
    folder = tmp_path / "submissions"
    folder.mkdir()
    class_student = tmp_path / "class" / "student" / f"{stem}.ipynb"
    nbformat.write(filled(class_student, tmp_path / "class" / "dist" / f"{stem}-solution.ipynb"), folder / "own.ipynb")
    nbformat.write(filled(class_student, tmp_path / "public" / "dist" / f"{stem}-solution.ipynb"),
                   folder / "copied.ipynb")
    out = grade_class.grade_folder(str(tmp_path / "class" / "dist" / f"{stem}-autograder.zip"), folder,
                                   tmp_path / "grades.csv", timeout=300, cell_timeout=60)
    with open(out, encoding="utf-8") as f:
        rows = {row["file"]: row for row in csv.DictReader(f)}
    own, copied = rows["own.ipynb"], rows["copied.ipynb"]
    assert own["status"] == "OK" and own["total"] == own["possible"], own
    assert not own["flags"] and not copied["flags"], (own, copied)
    for name in public_answers:
        assert copied[name] == "0", f"{name}: the public answer scored in the class: {copied}"
    code_questions = [q for q in own if re.fullmatch(r"q\d+", q) and q not in public_answers]
    assert code_questions and all(copied[q] == own[q] != "0" for q in code_questions), (own, copied)
