""""이 쪽에 대해 알리기" (book/_ext/report_link.py) opens the report form with the page filled in.

The link's query parameters are the ids of fields of .github/ISSUE_TEMPLATE/report-page.yml (that is
how GitHub issue forms are prefilled), the address comes from `repository.url`, and the form asks,
in Korean, what happened and the environment (Colab or local, torch version, device). The browser
test (tests/site/test_quiz_browser.py) checks the link on every built page.
"""
import re
from urllib.parse import parse_qs, urlparse

import yaml

from book_config import REPO, repository
from report_link import TEMPLATE, issue_url

FORM = REPO / ".github" / "ISSUE_TEMPLATE" / TEMPLATE
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def fields():
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    return form, {f["id"]: f for f in form["body"] if "id" in f}


def test_link_fills_fields_of_the_form():
    url = urlparse(issue_url("https://example.org/book/setup.html", "환경 설정", "abc1234"))
    assert url.path == f"/{repository()[0]}/issues/new"
    query = parse_qs(url.query)
    assert query["template"] == [TEMPLATE]
    _, by_id = fields()
    prefilled = set(query) - {"template", "title"}
    assert prefilled == {"page", "version"} and prefilled <= set(by_id), (prefilled, set(by_id))
    assert "section" in by_id  # filled in by book/_static/report-link.js


def test_form_is_korean_and_asks_for_the_environment():
    form, by_id = fields()
    assert HANGUL.search(form["name"]) and HANGUL.search(form["description"])
    for field in form["body"]:
        label = field["attributes"].get("label", field["attributes"].get("value", ""))
        assert HANGUL.search(label), f"{field.get('id')}: label not in Korean"
    assert {"what-happened", "environment", "torch-version", "device"} <= set(by_id)
    assert "Colab" in by_id["environment"]["attributes"]["options"]
    assert "torch.__version__" in by_id["torch-version"]["attributes"]["description"]
