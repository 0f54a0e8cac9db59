"""Every chapter keeps its tensors and models on one device, checked on a machine without a GPU.

Most readers run the book on a GPU (Colab) or on Apple's `mps`, where a model left on the CPU and
fed a batch on the GPU crashes with "Expected all tensors to be on the same device". Our machines
have no GPU, so each chapter is run here with `device` set to PyTorch's `meta` device instead: meta
tensors have shapes but no data, and PyTorch refuses to mix them with CPU tensors exactly as it
refuses to mix CUDA and CPU tensors. The run only looks for that class of error:

- mixing devices in one operation, or converting a non-CPU tensor to NumPy;
- the documented CUDA rule that deterministic mode needs `CUBLAS_WORKSPACE_CONFIG` set first.

Meta tensors hold no values, so in this run `.item()` and friends return a stand-in number, each
pass over a DataLoader stops after three batches, hidden checks are left out (they check values),
and other errors (data-dependent shapes and the like) are
tolerated but counted: the test fails when too few cells run, so it cannot pass by running nothing.
Branches for a real GPU (`if torch.cuda.is_available():`) are covered by the GPU run
(scripts/gpu_chapters.py), not here.
"""
import ast
import re

import nbformat
import pytest

from helpers import NOTEBOOKS, names, read_notebook, source, tags
from isolated import run_alone

pytestmark = pytest.mark.slow  # minutes: make test runs it, make check does not

DEVICE_ERRORS = re.compile(
    r"same device|expected device|on the expected device|device type tensor to numpy|"
    r"CUBLAS_WORKSPACE_CONFIG|found at least two devices")
MIN_RUN_SHARE = 0.6  # of the lesson's code cells, the share that must run without any error on meta

PREAMBLE = r'''
import os as _os
import torch as _torch

def _stand_in(tensor, original):
    def method(self, *args, **kwargs):
        if self.device.type == "meta":
            return 1 if not self.is_floating_point() else 0.5
        return original(self, *args, **kwargs)
    return method

for _name in ("item", "__float__", "__int__", "__index__", "__bool__"):
    setattr(_torch.Tensor, _name, _stand_in(_torch.Tensor, getattr(_torch.Tensor, _name)))
_tolist = _torch.Tensor.tolist
_torch.Tensor.tolist = lambda self: _tolist(_torch.ones(self.shape, dtype=self.dtype)) if self.device.type == "meta" else _tolist(self)

_deterministic = _torch.use_deterministic_algorithms
def _use_deterministic_algorithms(mode, *args, **kwargs):
    if mode and device_in_use() != "cpu" and not _os.environ.get("CUBLAS_WORKSPACE_CONFIG"):
        raise RuntimeError("Deterministic behavior was enabled ... set CUBLAS_WORKSPACE_CONFIG=:4096:8 "
                           "before running (CUDA rule, emulated)")
    return _deterministic(mode, *args, **kwargs)
_torch.use_deterministic_algorithms = _use_deterministic_algorithms

# Where a tensor lives is the same on every batch: three batches per pass over a loader suffice.
import itertools as _itertools
from torch.utils.data import DataLoader as _DataLoader

_loader_iter = _DataLoader.__iter__
_DataLoader.__iter__ = lambda self: _itertools.islice(_loader_iter(self), 3)

def device_in_use():
    return str(globals().get("device", "cpu"))
'''


def sets_device(code: str) -> bool:
    """Whether a cell assigns the chapter's `device` variable (in any form: one line, if/elif, ...)."""
    return "device" in names(code, ast.Store)


def meta_run(path):
    """Run the chapter with device='meta'; return (cells run cleanly, cells, device errors)."""
    nb = read_notebook(path)
    cells = [c for c in nb.cells if c.cell_type == "code" and "remove-cell" not in tags(c)]
    for cell in cells:
        if sets_device(source(cell)):
            cell.source = source(cell) + '\ndevice = "meta"  # the device check\'s stand-in for a GPU\n'
        cell.outputs = []
    nb.cells = [nbformat.v4.new_code_cell(PREAMBLE)] + cells
    run_alone(nb, timeout=120, allow_errors=True)
    clean, device_errors = 0, []
    for i, cell in enumerate(nb.cells[1:], 1):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        clean += not errors
        for error in errors:
            if DEVICE_ERRORS.search(error.evalue):
                device_errors.append(f"code cell {i}: {error.ename}: {error.evalue[:200]}\n{source(cell)[:300]}")
    return clean, len(cells), device_errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_one_device_throughout(path):
    clean, total, device_errors = meta_run(path)
    assert not device_errors, f"{path.name}: tensors on two devices when device is not the CPU:\n" + "\n".join(device_errors)
    assert clean / total >= MIN_RUN_SHARE, f"{path.name}: only {clean}/{total} cells ran on the meta device"
