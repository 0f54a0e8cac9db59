# 파이토치 기초: build the site and run every check (CONTRIBUTING.md explains the loop).
#   make book      set up .venv from the lock and build the site into _build/html
#   make check     the fast repository tests (seconds): hygiene, toc, pages, terms, reader copies
#   make test      every check: repository tests, nbval on every chapter (source and reader copy),
#                  the site, the browser
# Offline: BOOK_DATA_MIRROR=/path/to/mirror links FashionMNIST/ and MNIST/ into notebooks/data/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LOCK := requirements-lock.txt
# make check leaves out what takes minutes: tests marked slow, grading, a kernel per chapter,
# DataLoader workers under spawn/forkserver, the site
CHECK_TESTS := tests -m "not slow" --ignore=tests/site

.PHONY: book check terms test venv lock data browser nbval assignments execute readers \
	bench spread gpu versions grade quizzes clean

# .venv with the exact versions of requirements-lock.txt
venv: $(VENV)/.installed

# the exact versions of every package (make lock writes the lock from requirements*.txt)
$(VENV)/.installed: $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(LOCK)
	touch $@

# UPGRADE=1 moves every package to its newest allowed version; otherwise pins change only as needed
lock: venv
	$(VENV)/bin/uv pip compile --quiet requirements-dev.txt -o $(LOCK) --universal --python-version 3.11 \
		$(if $(UPGRADE),--upgrade)

# link the dataset mirror ($$BOOK_DATA_MIRROR) into notebooks/data/, the only data the chapter runs see
data: venv
	$(PY) scripts/link_data.py

# the site from the reader copies in notebooks/ and the pages in book/ (warnings are errors)
book: venv
	rm -rf _build/html _build/.doctrees _build/jupyter_execute
	$(VENV)/bin/jupyter-book build . --warningiserror --keep-going

# the fast repository tests (no kernel, no site): the loop while writing
check: venv
	$(PY) -m pytest $(CHECK_TESTS) -q

# every word the glossary (book/glossary.yml) says not to use, with what to write instead
terms: venv
	$(PY) scripts/terminology.py

# slowest last: the browser test is the only one that may need a browser installed
test: venv data
	$(PY) -m pytest tests --ignore=tests/site
	$(MAKE) nbval
	$(MAKE) book
	$(MAKE) browser
	$(PY) -m pytest tests/site

# make sure a Chromium is there for the browser tests (scripts/ensure_chromium.py)
browser: venv
	@$(PY) scripts/ensure_chromium.py

# make nbval ARGS="-x -k 03_datasets" passes options to pytest
nbval: venv data
	$(PY) scripts/nbval_isolated.py $(ARGS)

# student notebooks (assignments/student/) and autograder bundles (assignments/dist/) from the sources;
# CLASS=2027-spring builds that class's own variant into assignments/classes/2027-spring/ (book/teachers.md)
assignments: venv data
	$(PY) scripts/build_assignments.py $(if $(CLASS),--class $(CLASS))

# make execute NB=chapters/02_autograd.ipynb runs one chapter; without NB=, every chapter
execute: venv data
	$(PY) scripts/execute_notebook.py $(NB)

# the reader copies in notebooks/ from chapters/, with every link derived from repository.url
# (Colab badges, assignment links, README's link to the book); after forking: make readers assignments
readers: venv
	$(PY) scripts/make_reader_notebooks.py

# write each chapter's quiz (book/quizzes/NN_name.yml) into the chapter; then re-execute it
quizzes: venv
	$(PY) scripts/quizzes.py

# time every chapter, its peak memory and its book.metrics: bench/results.md
bench: venv data
	$(PY) scripts/bench.py

# every chapter under threads 1/2/4 and other CPU kernels: the spread of each quoted metric
# (bench/spread.json); make spread ARGS="--only t2 chapters/10_training.ipynb" runs a part
spread: venv data
	nice $(PY) scripts/spread.py $(ARGS)

# every chapter on CUDA, hidden checks active (on a GPU machine): report in $(OUT) (default gpu-run/)
gpu: venv data
	$(PY) scripts/gpu_chapters.py --out $(or $(OUT),gpu-run) chapters/*.ipynb

# every chapter on the floors (Python 3.11), on Colab's versions (3.12) and on the newest (3.13)
versions: venv data
	nice $(PY) scripts/versions.py oldest; a=$$?; nice $(PY) scripts/versions.py colab; b=$$?; \
	nice $(PY) scripts/versions.py newest && exit $$((a || b))

# Grade a folder of submissions: make grade A=03_datasets S=submissions/ [OUT=grades.csv] [CLASS=2027-spring]
# [ARGS="--timeout 300 --cell-timeout 60 --data folder"]
grade: venv data
	$(PY) scripts/grade_class.py $(A) $(S) $(if $(OUT),--out $(OUT)) $(if $(CLASS),--class $(CLASS)) $(ARGS)

# remove what builds and runs leave behind (the site, pytest's cache, chapter checkpoints)
clean:
	rm -rf _build .pytest_cache notebooks/checkpoints
