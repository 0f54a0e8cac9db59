"""Sphinx extension: MyST substitutions that carry the repository's address into the book's pages.

The address is written once, as `repository.url` (and `repository.branch`) in _config.yml, and read
by scripts/book_config.py. This extension derives from it the substitutions the pages use, so a
fork that changes `repository.url` gets its own links everywhere:

- ``{{ repository_url }}``  https://github.com/<owner>/<name>
- ``{{ repository_name }}`` <name>, the folder `git clone` makes
- ``{{ colab_prefix }}``    https://colab.research.google.com/github/<owner>/<name>/blob/<branch>/
- ``{{ clone_commands }}``  a bash block that clones the repository and enters its folder
- ``{{ example_assignment_link }}`` a link that opens chapter 1's assignment in Colab (teachers.md)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from book_config import colab_url, repository  # noqa: E402  (the one reader of repository.url)


def substitutions() -> dict:
    slug, _ = repository()
    url, name, colab = f"https://github.com/{slug}", slug.split("/")[1], colab_url("")
    example = colab_url("assignments/student/01_tensors.ipynb")
    return {
        "repository_url": url,
        "repository_name": name,
        "colab_prefix": colab,
        "example_assignment_link": f"[{example}]({example})",
        "clone_commands": f"```bash\ngit clone {url}.git\ncd {name}\n```",
    }


def add_substitutions(app, config):
    config.myst_substitutions = {**substitutions(), **config.myst_substitutions}


def setup(app):
    app.connect("config-inited", add_substitutions)
    return {"parallel_read_safe": True}
