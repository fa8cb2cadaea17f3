# Photo Archive: set-up, run and checks. `make demo` opens the demo archive; `make check` runs
# everything CI runs. Each check also runs alone: make lint | types | contracts | test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup demo run lint format types contracts test check benchmark screenshots clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: setup
	$(BIN)/photoarchive demo

run: setup
	$(BIN)/photoarchive

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

types: setup
	$(BIN)/mypy

contracts: setup
	$(BIN)/lint-imports

test: setup
	$(BIN)/pytest --cov --cov-report=term

check: lint types contracts test

benchmark: setup
	$(BIN)/python benchmarks/import_benchmark.py
	$(BIN)/python benchmarks/query_benchmark.py
	$(BIN)/python benchmarks/export_benchmark.py
	$(BIN)/python benchmarks/gui_benchmark.py
	$(BIN)/python benchmarks/tagging_benchmark.py

screenshots: setup
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage* build dist
