"""Sphinx extension: MyST substitutions for the version facts the pages state.

Each value is read by scripts/version_facts.py from the file that holds it (requirements.txt, the
`make versions` records in bench/, requirements-lock.txt), so a page writes ``{{ torch_floor }}``
instead of a number that goes stale:

- ``{{ torch_floor }}``, ``{{ torchvision_floor }}``, ``{{ torch_requirement }}`` (`torch>=…`)
- ``{{ python_floor }}``, ``{{ tested_pythons }}``: the Pythons every chapter ran on
- ``{{ colab_python }}``, ``{{ colab_torch }}``, ``{{ newest_python }}``, ``{{ newest_torch }}``
- ``{{ lock_python }}``, ``{{ lock_torch }}``, ``{{ lock_torchvision }}``: what made the outputs
- ``{{ chapter_count }}``
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from version_facts import facts  # noqa: E402


def add_substitutions(app, config):
    config.myst_substitutions = {**facts(), **config.myst_substitutions}


def setup(app):
    app.connect("config-inited", add_substitutions)
    return {"parallel_read_safe": True}
