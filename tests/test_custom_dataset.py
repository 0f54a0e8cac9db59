"""Chapter 03's custom Dataset, taken from the notebook itself, gives clear errors on bad input.

The chapter writes the class to a module with a `%%writefile fashion_png.py` cell whose code starts
with `# 사용자 정의 데이터셋 클래스`. That code is executed on its own, then fed a good folder of PNGs
and CSVs with a missing image, a malformed row and out-of-range or non-integer labels: each error
must name the CSV file and the row.
"""
import pytest
from PIL import Image

from book_config import CHAPTERS_DIR
from helpers import read_notebook, source

MARK = "# 사용자 정의 데이터셋 클래스"


def cell_code(text: str) -> str:
    """A cell's Python code: a leading `%%writefile NAME` line is dropped."""
    first, _, rest = text.partition("\n")
    return rest if first.startswith("%%writefile") else text


@pytest.fixture(scope="module")
def dataset_class():
    nb = read_notebook(CHAPTERS_DIR / "03_datasets.ipynb")
    cells = [cell_code(source(c)) for c in nb.cells if c.cell_type == "code"]
    cells = [c for c in cells if c.startswith(MARK)]
    assert len(cells) == 1, f"03_datasets.ipynb: expected one code cell starting with '{MARK}', found {len(cells)}"
    namespace = {}
    exec(compile(cells[0], "03_datasets.ipynb", "exec"), namespace)
    return namespace["FashionPNGDataset"]


@pytest.fixture
def folder(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    for i in range(3):
        Image.new("L", (28, 28), color=i * 40).save(images / f"img{i}.png")
    return tmp_path


def write_csv(folder, name, rows):
    path = folder / name
    path.write_text("\n".join(["file,label", *rows]) + "\n", encoding="utf-8")
    return path


def test_good_csv_loads(dataset_class, folder):
    data = dataset_class(write_csv(folder, "good.csv", ["img0.png,3", "img1.png,0", "img2.png,9"]), folder / "images")
    assert len(data) == 3
    image, label = data[1]
    assert label == 0 and image.size == (28, 28)


@pytest.mark.parametrize("name, rows, error, row", [
    ("missing.csv", ["img0.png,3", "nope.png,1"], FileNotFoundError, "3행"),
    ("malformed.csv", ["img0.png,3", "img1.png"], ValueError, "3행"),
    ("too_many.csv", ["img0.png,3,extra"], ValueError, "2행"),
    ("out_of_range.csv", ["img0.png,10"], ValueError, "2행"),
    ("negative.csv", ["img1.png,1", "img0.png,-1"], ValueError, "3행"),
    ("not_int.csv", ["img0.png,가방"], ValueError, "2행"),
])
def test_bad_input_names_file_and_row(dataset_class, folder, name, rows, error, row):
    csv_path = write_csv(folder, name, rows)
    with pytest.raises(error) as raised:
        dataset_class(csv_path, folder / "images")
    message = str(raised.value)
    assert name in message and row in message, f"{name}: error does not name the file and {row}: {message!r}"
