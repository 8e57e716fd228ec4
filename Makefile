# Two commands for a newcomer:  `make book` (set up + build the site)  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BUILD  := _build

.PHONY: book book-noanswers test setup execute student teaching translations bench clean lab wheel

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

## Set up (first run only) and build the website into _build/html, warnings as errors: the
## English edition (executing every chapter), then the Chinese one into _build/html/zh from
## the same run (fedbook/book/site.py).
book: setup
	$(PY) -m fedbook.book.site

## Build the solutions-free edition (no solutions, no instructor guide) into _build/student-html.
book-noanswers: setup
	$(PY) scripts/build_student_edition.py

## Run every test: helper-package unit tests, strict nbval on every notebook, site build.
## Always on the snapshot (the stored outputs are), whatever live-data settings the shell has.
## Both cores: nbval's cells of one notebook (and each test file's fixtures) stay on one worker.
test: setup
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  echo "WARNING: chromium/chromedriver not found: the real-browser tests (tests/test_browser.py) will be SKIPPED. Install: apt-get install -y chromium chromium-driver fonts-noto-cjk"
	env -u FEDBOOK_SOURCE -u FRED_API_KEY -u FEDBOOK_FRED_URL -u FEDBOOK_DATA_DIR -u FEDBOOK_BUILT_SITE $(PY) -m pytest -n 2 --dist loadfile

## Re-execute the notebooks in place (after changing code or refreshing data), the chapters
## and the front matter's notebook (its tables are rendered by fedbook too). Also stores the
## {eval} results JupyterLab shows in the prose (scripts/prose_for_jupyter.py does only that).
execute: setup
	$(PY) scripts/execute_notebooks.py notebooks/*.ipynb book/*.ipynb

## After editing English text: merge the new and changed messages into locales/zh_CN/*.po
## (changed ones become fuzzy), then list what needs translating (make test fails until done).
translations: setup
	$(PY) -m fedbook.book.translation update

## Regenerate student/ copies (chapters without solutions or outputs).
student: setup
	$(PY) scripts/make_student_copies.py

## Rewrite questionnaires, reasoning exercises and the instructor guide from book/teaching/.
teaching: setup
	$(PY) scripts/make_teaching.py

## Read the book in JupyterLab with MyST rendering (installs requirements-lab.txt once).
lab: $(VENV)/.lab-installed
	$(VENV)/bin/jupyter lab notebooks/

$(VENV)/.lab-installed: requirements-lab.txt $(VENV)/.installed
	$(PY) scripts/install_lab.py
	touch $@

## The helper package as a wheel with the verified data snapshot (make book also publishes it in the site).
wheel: setup
	$(PY) -c "from fedbook.book import wheel; print(wheel.build('dist'))"

## Benchmark build, execution, tests and data loading on this machine.
bench: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf $(BUILD)
