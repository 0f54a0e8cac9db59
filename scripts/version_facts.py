"""The version facts the book states, read from the files that hold them (never typed on a page).

- requirements.txt: the floors a reader's install starts from.
- bench/versions-<run>.json (`make versions`): the Pythons and versions every chapter ran on,
  among them Colab's.
- requirements-lock.txt (`make lock`): the Python and versions that made the stored outputs.
- chapters/: how many chapters the book has.

book/_ext/version_substitutions.py gives them to the pages as MyST substitutions
(``{{ torch_floor }}``); tests/test_version_facts.py holds README.md and CONTRIBUTING.md, which are
not rendered, to them.
"""
import json
import re

from book_config import BENCH_DIR, LOCK, REPO, chapter_sources

RUNS = ("oldest", "colab", "newest")  # scripts/versions.py


def minor(version: str) -> str:
    """'2.9.0+cu128' -> '2.9': the pages name releases, not patch versions."""
    return ".".join(re.match(r"\d+(\.\d+)?", version).group().split(".")[:2])


def floor(package: str) -> str:
    """The lowest version requirements.txt allows for `package`."""
    text = (REPO / "requirements.txt").read_text(encoding="utf-8")
    (found,) = re.findall(rf"^{re.escape(package)}>=(\S+)", text, re.M)
    return found


def record(which: str) -> dict:
    return json.loads((BENCH_DIR / f"versions-{which}.json").read_text(encoding="utf-8"))


def locked(package: str) -> str:
    (found,) = re.findall(rf"^{re.escape(package)}==(\S+)", LOCK.read_text(encoding="utf-8"), re.M)
    return found


def facts() -> dict[str, str]:
    """Every fact, by the name a page uses for it."""
    runs = {which: record(which) for which in RUNS}
    pythons = sorted({minor(r["python"]) for r in runs.values()}, key=lambda v: tuple(map(int, v.split("."))))
    return {
        "torch_floor": minor(floor("torch")),
        "torchvision_floor": minor(floor("torchvision")),
        "torch_requirement": f"`torch>={floor('torch')}`",
        "python_floor": pythons[0],
        "tested_pythons": ", ".join(pythons),
        "colab_as_of": "{}년 {}월".format(*map(int, runs["colab"]["as_of"].split("-"))),
        "colab_python": minor(runs["colab"]["python"]),
        "colab_torch": minor(runs["colab"]["versions"]["torch"]),
        "newest_python": minor(runs["newest"]["python"]),
        "newest_torch": minor(runs["newest"]["versions"]["torch"]),
        "lock_python": re.search(r"--python-version (\S+)", LOCK.read_text(encoding="utf-8")).group(1),
        "lock_torch": minor(locked("torch")),
        "lock_torchvision": minor(locked("torchvision")),
        "chapter_count": str(len(chapter_sources())),
    }


if __name__ == "__main__":
    for name, value in facts().items():
        print(f"{name}: {value}")
