# Two commands for a newcomer:  `make book` (set up + build the site)  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BUILD  := _build

.PHONY: book test setup execute student bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

## Set up (first run only) and build the website into _build/html, warnings as errors.
book: setup
	$(VENV)/bin/jupyter-book build . -W -n --keep-going

## Run every test: helper-package unit tests, strict nbval on every notebook, site build.
## Always on the snapshot (the stored outputs are), whatever live-data settings the shell has.
test: setup
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  echo "WARNING: chromium/chromedriver not found: the real-browser tests (tests/test_browser.py) will be SKIPPED. Install: apt-get install -y chromium chromium-driver"
	env -u FEDBOOK_SOURCE -u FRED_API_KEY -u FEDBOOK_FRED_URL -u FEDBOOK_DATA_DIR -u FEDBOOK_BUILT_SITE $(PY) -m pytest

## Re-execute the notebooks in place (after changing code or refreshing data), the chapters
## and the front matter's notebook (its tables are rendered by fedbook too).
execute: setup
	$(PY) scripts/execute_notebooks.py notebooks/*.ipynb book/*.ipynb

## Regenerate student/ copies (chapters without solutions or outputs).
student: setup
	$(PY) scripts/make_student_copies.py

## Benchmark build, execution, tests and data loading on this machine.
bench: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf $(BUILD)
