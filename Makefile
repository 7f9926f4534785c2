# The two set-up commands: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export LR_DATA_DIR ?= var

.PHONY: run test check lint types install demo serve bench clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, load demo data if the store is empty, serve on http://127.0.0.1:8000
run: $(STAMP)
	$(BIN)/lerarenregister demo --if-empty --teachers 2000 --seed 1
	$(BIN)/lerarenregister serve --host 127.0.0.1 --port 8000

## make test: install and run the whole test suite (SQLite always; PostgreSQL when it answers)
test: $(STAMP)
	$(BIN)/pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check domain policies projections api
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

## make check: lint, types and tests, as CI runs them
check: lint types test

## make screenshots: a PNG of each main page in docs/screenshots (a fresh temporary store,
## a real server, the system's headless Chromium)
screenshots: $(STAMP)
	$(BIN)/python -m tests.browser.make_screenshots --out docs/screenshots

bench: $(STAMP)
	$(BIN)/python bench/append.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
