"""Fixtures for the repository tests, and (with -v) a summary of how strictly nbval compares each notebook."""
import pytest

from helpers import NOTEBOOKS, read_notebook, strict_ratio


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook(request):
    """(path, parsed notebook) for each chapter."""
    return request.param, read_notebook(request.param)


def pytest_terminal_summary(terminalreporter):
    """Print how many output cells nbval compares strictly, per notebook (with -v only)."""
    if terminalreporter.config.getoption("verbose") < 1:
        return
    terminalreporter.section("outputs compared strictly by nbval")
    for path in NOTEBOOKS:
        strict, total = strict_ratio(read_notebook(path))
        ratio = strict / total if total else 0.0
        terminalreporter.write_line(f"{path.name}: {strict}/{total} = {ratio:.0%}")
