"""The tamper scan: which cells of a submitted notebook touch the grader or what lies outside their folder.

``scan(nb, original_setup)`` returns flags such as ``cell 7: uses otter``, for the ``flags`` column of
scripts/grade_class.py. It reads the cells' text only (what it cannot see: book/teachers.md); a flag
asks a person to read the notebook, it changes no points.
"""
import ast
import re

from grade_worker import is_setup_cell

# (pattern, what it means) for the tamper scan; the setup cell itself is checked against the original
SUSPICIOUS = [
    (r"\botter\b", "uses otter"),
    (r"\bgrader\s*(\.(?!check\s*\()|=)", "touches `grader` beyond grader.check"),
    (r"test_files|TestFile|call_func|test_case\b|check_all", "touches otter's test machinery"),
    (r"(^|[\"'/\\])tests?[/\\]|_tests_dir|otter-tests", "refers to test files"),
    (r"sys\.modules|\bbuiltins\b|__builtins__|__import__|importlib", "patches modules or builtins"),
    (r"\bpickle\b|\bdill\b|__reduce|__setstate__|copyreg", "custom pickling"),
    (r"gc\.get_|sys\._getframe|settrace|setprofile|inspect\.|__globals__|__code__", "inspects the interpreter"),
    (r"(?<![\w.])(exec|eval|compile)\s*\(|\bexecfile\b|\bruncode\b", "runs code built at run time (exec/eval/compile)"),
    (r"\bbase64\b|\bcodecs\b|\bzlib\b|\bmarshal\b|\bbz2\b|\blzma\b|\bbinascii\b|fromhex|\\x[0-9a-fA-F]{2}",
     "decodes an encoded payload"),
    (r"/proc\b|\bpsutil\b|getppid|getpgid|killpg|os\.kill|\bsignal\b|os\._exit|sys\.exit|os\.wait",
     "probes or signals processes"),
    (r"\bsubprocess\b|os\.system|os\.popen|os\.exec|os\.spawn|\bpty\b|^\s*!|%%?(system|sx|bash|sh|script)\b",
     "runs shell commands"),
    (r"os\.fork|\bmultiprocessing\b|\bthreading\b|\bconcurrent\b|\basyncio\b", "starts processes or threads"),
    (r"result\.json|kernel\.pid|\.\.[/\\]|[\"'](/|~)", "reaches files outside its folder"),
    (r"os\.chmod|os\.chown|os\.symlink|os\.link|os\.rename|os\.replace|os\.utime|\.symlink_to|\.hardlink_to",
     "changes files' links, names or permissions"),
]
DELETERS = {"rmtree", "remove", "unlink", "rmdir", "removedirs"}


def own_path(node) -> bool:
    """Whether ``node`` is a string literal naming a path inside the notebook's own folder (not data/)."""
    if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Path" and node.args:
        node = node.args[0]
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    path = node.value.replace("\\", "/").strip()
    first = path.lstrip("./").split("/")[0]
    return bool(path) and not path.startswith(("/", "~")) and ".." not in path.split("/") and first not in ("", "data")


def deletions(source: str) -> bool:
    """Whether a cell deletes files that may lie outside the notebook's own folder (or it cannot tell)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython syntax: judge by the names alone
        return bool(re.search(rf"\b({'|'.join(DELETERS)})\s*\(", source))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in DELETERS:
            target = node.args[0] if node.args else getattr(node.func, "value", None)
            if not own_path(target):
                return True
    return False


def scan(nb, original_setup: str | None) -> list[str]:
    """Cells that touch the grader or what lies outside their folder: ['cell 7: uses otter', ...]."""
    flags = []
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        if is_setup_cell(cell):
            if original_setup is not None and cell.source.strip() != original_setup.strip():
                flags.append(f"cell {index}: setup cell changed")
            continue
        for pattern, meaning in SUSPICIOUS:
            if re.search(pattern, cell.source, flags=re.M):
                flags.append(f"cell {index}: {meaning}")
        if deletions(cell.source):
            flags.append(f"cell {index}: deletes files outside its own folder (or computed paths)")
    return flags
