# 파이토치 기초: build the site and run every check.
#   make book   set up .venv and build the site into _build/html (committed outputs, warnings are errors)
#   make test   set up .venv (and Chromium) and run every check
# Offline: BOOK_DATA_MIRROR=/path/to/mirror links FashionMNIST/ and MNIST/ into notebooks/data/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHAPTERS := $(sort $(wildcard chapters/[0-9][0-9]_*.ipynb))

.PHONY: book test venv data site browser-deps nbval assignments execute readers badges bench clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

data:
ifdef BOOK_DATA_MIRROR
	mkdir -p notebooks/data
	ln -sfn "$(abspath $(BOOK_DATA_MIRROR))/FashionMNIST" notebooks/data/FashionMNIST
	ln -sfn "$(abspath $(BOOK_DATA_MIRROR))/MNIST" notebooks/data/MNIST
else
	mkdir -p notebooks/data
endif

book: venv site

site:
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	$(VENV)/bin/jupyter-book build . --warningiserror --keep-going

browser-deps:
	@$(PY) scripts/ensure_chromium.py

test: venv data browser-deps
	$(PY) -m pytest tests --ignore=tests/site
	$(MAKE) site
	$(PY) -m pytest tests/site
	$(MAKE) nbval

nbval: data
	$(PY) scripts/nbval_isolated.py $(CHAPTERS)

assignments: venv data
	$(PY) scripts/build_assignments.py

# make execute NB=chapters/02_autograd.ipynb runs one chapter; without NB=, every chapter
execute: venv data
	$(PY) scripts/execute_notebook.py $(or $(NB),$(CHAPTERS))

readers: venv
	$(PY) scripts/make_reader_notebooks.py

badges: venv
	$(PY) scripts/sync_badges.py
	$(PY) scripts/build_assignments.py

bench: venv data
	$(PY) scripts/bench.py $(CHAPTERS)

clean:
	rm -rf _build .pytest_cache notebooks/checkpoints

# Grade a folder of submissions: make grade A=03_datasets S=submissions/ [OUT=grades.csv]
.PHONY: grade
grade: venv data
	$(PY) scripts/grade_class.py $(A) $(S) $(if $(OUT),--out $(OUT))
