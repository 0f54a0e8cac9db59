"""Sphinx extension: the site's interface in Korean, and code cells as a reader should see them.

1. Interface text. The themes' own Korean catalogues are missing strings ("Back to top", "Color
   mode", launch menus) or break them ("By {author}" became "으로 ..."). UI_KO below overrides
   those messages in the catalogues the templates and the theme's Python code read at run time.
2. Hidden cells. myst-nb labels every folded cell "Show code cell content" and gives the summary an
   English aria-label that differs from its text. Folded whole cells (tag hide-cell, the
   exercises' solutions) read "풀이 보기"; folded inputs (hide-input, drawing code) "코드 보기";
   folded outputs "출력 보기". The summary's accessible name is its visible text.
3. Empty table corners. A table whose top-left header cell is empty (ch07) gets a hidden "항목"
   there, so screen readers announce the column (axe-core: empty-table-header).
4. Colab form lines. Reader notebooks start each solution cell with
   `# @title 풀이 보기 {display-mode: "form"}` so Colab folds it; the site drops such lines.
5. The copy button. sphinx-copybutton has no Korean messages ("Copy", "Copied!"); Korean ones are
   added to the built copybutton.js, which picks them for <html lang="ko">.
"""
import gettext
import re
from pathlib import Path

from docutils import nodes
from sphinx import locale
from sphinx.transforms.post_transforms import SphinxPostTransform

UI_KO = {
    # pydata-sphinx-theme (templates, catalogue "sphinx")
    "Skip to main content": "본문으로 건너뛰기",
    "Back to top": "맨 위로",
    "Color mode": "화면 색",
    "Light": "밝게",
    "Dark": "어둡게",
    "System Settings": "시스템 설정",
    "Site navigation": "사이트 탐색",
    "Section Navigation": "이 부분의 탐색",
    "On this page": "이 페이지의 내용",
    "Version warning": "버전 경고",
    "previous page": "이전 페이지",
    "next page": "다음 페이지",
    "previous": "이전",
    "next": "다음",
    "Breadcrumb": "현재 위치",
    "Home": "처음",
    "Announcement": "알림",
    "Link to this heading": "이 제목으로 가는 링크",
    "© Copyright %(copyright)s.": "© %(copyright)s",
    "Copyright %(copyright)s": "%(copyright)s",
    "Please activate JavaScript to enable the search functionality.":
        "검색하려면 자바스크립트를 켜 주세요.",
    # sphinx-book-theme (catalogue "booktheme")
    "By": "지은이:",
    "Contents": "목차",
    "Launch interactive content": "실행 환경에서 열기",
    "Launch on": "실행:",
    "Source repositories": "저장소",
    "Source repository": "소스 저장소",
    "Repository": "저장소",
    "Open issue": "이슈 남기기",
    "Open an issue": "이슈 남기기",
    "Download this page": "이 페이지 내려받기",
    "Download notebook file": "노트북 파일 내려받기",
    "Download source file": "원본 파일 내려받기",
    "Print to PDF": "PDF로 인쇄",
    "Fullscreen mode": "전체 화면",
    "Search": "검색",
    "logo": "로고",
}

# What the themes' templates write in English without asking a catalogue, and what axe-core
# reports about them: the search pill's aria-label hides its visible "Ctrl+K" and the colour
# button's icons carry titles unlike its name (label-content-name-mismatch); the sidebar's title
# sits outside any landmark (region).
HARDCODED_KO = [
    (r'<nav class="bd-links bd-docs-nav" aria-label="Main">', '<nav class="bd-links bd-docs-nav" aria-label="책 목차">'),
    (r'<nav aria-label="Page">', '<nav aria-label="이 페이지">'),
    (r'title="Toggle primary sidebar"', 'title="책 목차 열고 닫기" aria-label="책 목차 열고 닫기"'),
    (r'title="Toggle secondary sidebar"', 'title="이 페이지의 내용 열고 닫기" aria-label="이 페이지의 내용 열고 닫기"'),
    (r'(<button class="btn search-button-field[^>]*?) aria-label="[^"]*"', r"\1"),
    (r'(<i class="theme-switch [^>]*?)\s+title="[^"]*"', r'\1 aria-hidden="true"'),
    (r'<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">',
     '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" role="region" aria-label="사이드바">'),
]

COPY_BUTTON_KO = """  'ko': {
    'copy': '복사',
    'copy_to_clipboard': '클립보드에 복사',
    'copy_success': '복사했습니다!',
    'copy_failure': '복사하지 못했습니다',
  },
"""

PROMPTS = {  # myst-nb's {type} of a folded part -> (show, hide)
    "content": ("풀이 보기", "풀이 숨기기"),
    "source": ("코드 보기", "코드 숨기기"),
    "output": ("출력 보기", "출력 숨기기"),
    "outputs": ("출력 보기", "출력 숨기기"),
}
COLAB_FORM_LINE = re.compile(r"^# ?@title\b.*(\n|$)", re.MULTILINE)


class _KoreanOverride(gettext.NullTranslations):
    def __init__(self, fallback):
        super().__init__()
        if fallback is not None:
            self.add_fallback(fallback)

    def gettext(self, message):
        if message in UI_KO:
            return UI_KO[message]
        return super().gettext(message)

    def ngettext(self, singular, plural, n):
        if singular in UI_KO:
            return UI_KO[singular]
        return super().ngettext(singular, plural, n)


def override_catalogues(app):
    if app.config.language != "ko":
        return
    for catalog in ("sphinx", "booktheme"):
        key = ("general", catalog)
        current = locale.translators.get(key)
        if not isinstance(current, _KoreanOverride):
            locale.translators[key] = _KoreanOverride(current)
    app.translator = locale.translators[("general", "sphinx")]
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None and hasattr(environment, "install_gettext_translations"):
        environment.install_gettext_translations(app.translator)
    if templates is not None:
        render = templates.render

        def render_korean(template, context):
            html = render(template, context)
            for english, korean in HARDCODED_KO:
                html = re.sub(english, korean, html)
            return html

        templates.render = render_korean


class KoreanCellPrompts(SphinxPostTransform):
    """Runs after myst-nb's HideInputCells (priority 199): Korean labels, no Colab form lines."""

    default_priority = 205
    formats = ("html",)

    def run(self, **kwargs):
        from myst_nb.sphinx_ import HideCodeCellNode

        for node in self.document.findall(HideCodeCellNode):
            if node["prompt_show"] in PROMPTS:
                node["prompt_show"], node["prompt_hide"] = PROMPTS[node["prompt_show"]]
        for entry in self.document.findall(nodes.entry):
            if isinstance(entry.parent.parent, nodes.thead) and not entry.astext().strip():
                entry.append(nodes.inline("", "항목", classes=["visually-hidden"]))
        for block in self.document.findall(nodes.literal_block):
            parent = block.parent
            if parent is None or parent.get("nb_element") != "cell_code_source":
                continue
            text = block.astext()
            stripped = COLAB_FORM_LINE.sub("", text)
            if stripped != text:
                block.children = [nodes.Text(stripped)]
                block.rawsource = stripped


def set_prompt_types(app, config):
    """Make myst-nb's prompt the bare {type}; KoreanCellPrompts turns it into Korean."""
    config.nb_code_prompt_show = "{type}"
    config.nb_code_prompt_hide = "{type}"


def visit_hidden_cell(self, node):
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{self.encode(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{self.encode(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_cell(self, node):
    self.body.append("</details>\n")


def copy_button_in_korean(app, exception):
    script = Path(app.outdir) / "_static" / "copybutton.js"
    if exception is not None or app.builder.format != "html" or not script.exists():
        return
    text = script.read_text(encoding="utf-8")
    if "'ko':" not in text:
        if "const messages = {\n" not in text:
            raise ValueError("copybutton.js has no `const messages = {` to add Korean messages to")
        script.write_text(text.replace("const messages = {\n", "const messages = {\n" + COPY_BUTTON_KO, 1),
                          encoding="utf-8")


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode

    app.setup_extension("myst_nb")
    app.connect("config-inited", set_prompt_types, priority=900)
    app.connect("builder-inited", override_catalogues, priority=900)
    app.add_post_transform(KoreanCellPrompts)
    app.connect("build-finished", copy_button_in_korean)
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_hidden_cell))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
