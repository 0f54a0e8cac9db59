"""Sphinx extension: MyST substitutions that carry the repository's address into the book's pages.

The address is written once, as `repository.url` (and `repository.branch`) in _config.yml, which
Jupyter Book hands to Sphinx as ``html_theme_options``. This extension derives from it the
substitutions the pages use, so a fork that changes `repository.url` gets its own links everywhere:

- ``{{ repository_url }}``  https://github.com/<owner>/<name>
- ``{{ repository_name }}`` <name>, the folder `git clone` makes
- ``{{ colab_prefix }}``    https://colab.research.google.com/github/<owner>/<name>/blob/<branch>/
- ``{{ clone_commands }}``  a bash block that clones the repository and enters its folder
- ``{{ example_assignment_link }}`` a link that opens chapter 1's assignment in Colab (teachers.md)
"""
import re


def substitutions(url: str, branch: str) -> dict:
    url = url.rstrip("/").removesuffix(".git")
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", url)
    if not match:
        raise ValueError(f"repository.url in _config.yml is not a GitHub repository: {url}")
    slug, name = f"{match.group(1)}/{match.group(2)}", match.group(2)
    colab = f"https://colab.research.google.com/github/{slug}/blob/{branch}/"
    example = f"{colab}assignments/student/01_tensors.ipynb"
    return {
        "repository_url": url,
        "repository_name": name,
        "colab_prefix": colab,
        "example_assignment_link": f"[{example}]({example})",
        "clone_commands": f"```bash\ngit clone {url}.git\ncd {name}\n```",
    }


def add_substitutions(app, config):
    theme = config.html_theme_options
    found = substitutions(theme["repository_url"], theme.get("repository_branch") or "main")
    config.myst_substitutions = {**found, **config.myst_substitutions}


def setup(app):
    app.connect("config-inited", add_substitutions)
    return {"parallel_read_safe": True}
