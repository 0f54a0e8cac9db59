"""Chapter 03's multi-worker code runs under the `spawn` and `forkserver` start methods.

A DataLoader worker started with `spawn` (the default on Windows and macOS) or `forkserver` (Linux's
default from Python 3.14) receives the dataset, `worker_init_fn` and `collate_fn` by pickle and
re-imports them by module name, so a class defined in a notebook (module `__main__`) is not found.
Chapter 03 therefore writes that code to `.py` modules with `%%writefile` cells. This test takes
those cells from the chapter source, writes the modules into an empty folder and, in a fresh Python
per start method, reads the chapter's datasets with `DataLoader(num_workers=2,
multiprocessing_context=method)`. In the same run, a control shows what the modules avoid: a
dataset class defined in `__main__` the way a Jupyter kernel defines it fails under that method.
"""
import subprocess
import sys
import textwrap

import pytest

from book_config import CHAPTERS_DIR
from helpers import read_notebook, source

pytestmark = pytest.mark.slow  # minutes: make test runs it, make check does not

MODULES = {"fashion_png.py", "noise_data.py"}

READ_WITH_WORKERS = textwrap.dedent('''
    import sys
    from pathlib import Path

    import numpy as np
    import torch
    from PIL import Image
    from torch.utils.data import DataLoader, Dataset

    from fashion_png import FashionPNGDataset
    from noise_data import RandomNoise, seed_worker

    NOTEBOOK_CELL = """
    class InNotebook(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, idx):
            return idx
    """


    def to_tensor(image):
        return torch.from_numpy(np.array(image)).unsqueeze(0)


    class Both(Dataset):
        """Sample i of the chapter's RandomNoise and of its FashionPNGDataset, side by side."""

        def __init__(self, png):
            self.noise, self.png = RandomNoise(), png

        def __len__(self):
            return len(self.noise)

        def __getitem__(self, idx):
            return self.noise[idx], self.png[idx]


    def write_pngs(folder):
        folder.mkdir()
        lines = ["file,label"]
        for i in range(8):
            Image.new("L", (28, 28), color=i * 30).save(folder / f"{i}.png")
            lines.append(f"{i}.png,{i}")
        (folder / "labels.csv").write_text("\\n".join(lines) + "\\n", encoding="utf-8")


    def main(method):
        folder = Path("png")
        write_pngs(folder)
        png = FashionPNGDataset(folder / "labels.csv", folder, transform=to_tensor)
        loader = DataLoader(Both(png), batch_size=2, num_workers=2, worker_init_fn=seed_worker,
                            multiprocessing_context=method, generator=torch.Generator().manual_seed(0))
        batches = list(loader)
        workers = {k for (_, w, _, _), _ in batches for k in w.tolist()}
        assert workers == {0, 1}, workers
        assert torch.cat([idx for (idx, *_), _ in batches]).tolist() == list(range(8))
        assert torch.cat([y for _, (_, y) in batches]).tolist() == list(range(8))
        assert [tuple(x.shape) for _, (x, _) in batches] == [(2, 1, 28, 28)] * 4
        print("read with workers:", method)

        # A Jupyter kernel runs cells in __main__, which no worker can re-import: so here.
        notebook = sys.modules["__main__"].__dict__
        exec(NOTEBOOK_CELL, notebook)
        loader = DataLoader(notebook["InNotebook"](), batch_size=2, num_workers=1,
                            multiprocessing_context=method)
        try:
            list(loader)
        except Exception as err:
            print("a class defined in __main__ failed:", type(err).__name__)


    if __name__ == "__main__":
        main(sys.argv[1])
''')


@pytest.fixture(scope="module")
def chapter_modules(tmp_path_factory):
    """An empty folder holding the modules chapter 03 writes, as its %%writefile cells write them."""
    folder = tmp_path_factory.mktemp("ch03_modules")
    nb = read_notebook(CHAPTERS_DIR / "03_datasets.ipynb")
    written = set()
    for cell in nb.cells:
        text = source(cell)
        if cell.cell_type == "code" and text.startswith("%%writefile "):
            first, _, code = text.partition("\n")
            name = first.split()[1]
            (folder / name).write_text(code + "\n", encoding="utf-8")
            written.add(name)
    assert written == MODULES, f"03_datasets.ipynb writes {sorted(written)}, expected {sorted(MODULES)}"
    return folder


def run(folder, *args, timeout=300):
    return subprocess.run([sys.executable, *args], cwd=folder, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_chapter_modules_work_with_workers(chapter_modules, tmp_path, method):
    for name in MODULES:
        (tmp_path / name).write_text((chapter_modules / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "read_with_workers.py").write_text(READ_WITH_WORKERS, encoding="utf-8")
    result = run(tmp_path, "read_with_workers.py", method)
    assert result.returncode == 0 and f"read with workers: {method}" in result.stdout, (
        f"03_datasets.ipynb's modules fail under {method}:\n{result.stdout}\n{result.stderr[-3000:]}")
    # the control: what the chapter's modules avoid, a Dataset defined in the notebook's __main__
    assert "a class defined in __main__ failed" in result.stdout, result.stdout
    assert "Can't get attribute 'InNotebook'" in result.stderr, result.stderr[-2000:]
