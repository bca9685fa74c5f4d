# Trekant: `make run` serves the app, `make test` runs every test. Nothing else to set up.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Newest Python 3.11+ on PATH (override with `make PYTHON=/path/to/python3 run`).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3.11 python3; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then echo $$p; break; fi; done)
STAMP := $(VENV)/.installed

.PHONY: run test install browser-test lint format clean-data

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Trekant trenger Python 3.11 eller nyere."; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python -m nav_ot.devstack

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

browser-test: install
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean-data:
	$(BIN)/python -m nav_ot.embedded stop || true
	rm -rf .data
