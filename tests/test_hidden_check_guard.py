"""The guard every run wraps around a hidden check (scripts/hidden_check_guard.py) catches each kind
of trace a reader's copy would not have, and lets a clean check pass.

`make nbval` runs every chapter source with its hidden checks guarded (scripts/staging.py), so the
guard is what proves, for every hidden cell, that the reader's copy sees what the source sees.
These tests run the guard on small checks in this process, as it runs in a chapter's kernel.
"""
import os
import random

import numpy as np
import pytest
import torch
from torch import nn

from hidden_check_guard import HiddenCheckGuard
from staging import GUARD_AFTER, GUARD_BEFORE, guarded


def run_guarded(namespace: dict, check: str, folder):
    """Run `check` as a hidden check in `namespace` (a chapter's globals), in `folder`."""
    os.chdir(folder)
    guard = HiddenCheckGuard(namespace)
    guard.before()
    exec(check, namespace)
    namespace.pop("__builtins__", None)
    guard.after()


@pytest.fixture
def chapter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    torch.manual_seed(0)
    layer = nn.Linear(2, 2)
    optimizer = torch.optim.Adam(layer.parameters())
    layer(torch.ones(1, 2)).sum().backward()
    optimizer.step()
    optimizer.zero_grad()
    namespace = {"torch": torch, "nn": nn, "np": np, "random": random,
                 "x": torch.arange(6.0), "layer": layer, "history": {"acc": [0.5]},
                 "runs": {"Adam": ({"loss": [1.0]}, optimizer)},   # an optimizer with state, nested
                 "deep": {"a": {"b": {"c": {"d": {"e": [1, 2]}}}}}}
    return namespace, tmp_path


CLEAN = [
    "assert x.sum() == 15",
    "assert runs['Adam'][1].state_dict()['state'][0]['step'] == 1",   # made anew, same contents
    "with torch.random.fork_rng():\n    _w = nn.Linear(3, 3)\n    assert _w.weight.shape == (3, 3)\ndel _w",
    "layer.eval()\nassert not layer.training\nlayer.train()",
    "_saved = x.clone()\nx[0] = 100\nx.copy_(_saved)\ndel _saved",
    "open('scratch.txt', 'w').close()\nimport os as _os\n_os.remove('scratch.txt')\ndel _os",
]
TRACES = {
    "new names": "_total = x.sum()",
    "torch random state moved": "nn.Linear(3, 3)",
    "numpy random state moved": "np.random.rand()",
    "random random state moved": "random.random()",
    "'x' changed": "x.add_(1)",
    "'x' bound to another object": "x = x + 0",
    "'layer' changed": "layer.eval()",
    "'history' changed": "history['acc'].append(0.9)",
    "files changed": "open('left.txt', 'w').close()",
    "setting 'grad' changed": "torch.set_grad_enabled(False)",
    "removed names": "del history",
}


@pytest.mark.parametrize("check", CLEAN)
def test_a_clean_check_passes(chapter, check):
    namespace, folder = chapter
    run_guarded(namespace, check, folder)


@pytest.mark.parametrize("kind, check", TRACES.items(), ids=list(TRACES))
def test_each_trace_fails(chapter, kind, check):
    namespace, folder = chapter
    try:
        with pytest.raises(AssertionError, match=kind):
            run_guarded(namespace, check, folder)
    finally:
        torch.set_grad_enabled(True)


def test_gradients_left_on_a_parameter_fail(chapter):
    namespace, folder = chapter
    with pytest.raises(AssertionError, match="'layer' changed"):
        run_guarded(namespace, "layer(torch.ones(1, 2)).sum().backward()", folder)


def test_staging_wraps_every_hidden_check_and_nothing_else():
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("a = 1"),
        nbformat.v4.new_code_cell("assert a == 1", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_markdown_cell("text")])
    staged = guarded(nb)
    assert staged.cells[0].source.endswith("\na = 1") and "HiddenCheckGuard" in staged.cells[0].source
    assert staged.cells[2].source == "text"
    assert staged.cells[1].source == GUARD_BEFORE + "assert a == 1" + GUARD_AFTER
    assert nb.cells[1].source == "assert a == 1"
