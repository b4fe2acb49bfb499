# Soundcheck: the two commands are `make run` (the dashboard on demo data) and `make test`.
# Everything else is a helper. Targets work from a fresh `git clone`: the virtualenv, the demo
# warehouse and Debian's chromium (for the browser tests) are created when missing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
WAREHOUSE ?= data/soundcheck.duckdb
PORT ?= 8501
PYTEST_ARGS ?=
# One pytest process a core, whole test files each (a file's fixtures are built once): on
# 2 cores the suite takes about half the time of one process.
TEST_WORKERS ?= auto
BENCH_ARGS ?=

export NUMBA_CACHE_DIR := $(CURDIR)/.numba_cache
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help run test lint format typecheck e2e plotly-bundle screenshot bench chromium clean distclean

help: ## List the targets
	@grep -hE '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  make %-11s %s\n", $$1, $$2}'

run: $(VENV)/.installed $(WAREHOUSE) ## Serve the dashboard on the demo data (generated and modelled on first run)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

test: chromium $(VENV)/.installed-test ## Lint and type-check, then run every test (browser tests too)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(VENV)/.installed-test ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(VENV)/.installed-test ## mypy on recsys/, app.py, app_pages/ and scripts/
	$(BIN)/mypy

e2e: chromium $(VENV)/.installed-test ## Only the browser tests
	$(BIN)/python -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

plotly-bundle: ## Rebuild static/plotly-soundcheck.min.js (needs node and npm; the result is committed)
	cd scripts/plotly_bundle && npm ci --no-audit --no-fund && node build.js

screenshot: chromium $(VENV)/.installed-test ## Regenerate docs/screenshot.png (Overview page)
	$(BIN)/python scripts/screenshot.py

bench: $(VENV)/.installed ## Run every benchmarks/bench_*.py (results in benchmarks/results/)
	@for script in benchmarks/bench_*.py; do \
		echo "== $$script"; \
		$(BIN)/python "$$script" $(BENCH_ARGS); \
	done

# Debian's chromium for the browser tests; Playwright's own browser download is never used.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium for the browser tests (apt-get)"; \
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
				>/dev/null; } \
			|| echo "could not install chromium: browser tests will be skipped (fail under CI)"; \
		else \
			echo "chromium is not installed and this is not root: browser tests will be skipped"; \
			echo "(install it with: sudo apt-get install -y chromium)"; \
		fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

# Order-only on the install, so a newer pyproject.toml does not regenerate existing data.
# A new warehouse also gets its first model run, so every page has something to show.
$(WAREHOUSE): | $(VENV)/.installed
	$(BIN)/soundcheck generate --preset demo --warehouse $(WAREHOUSE)
	$(BIN)/soundcheck build --warehouse $(WAREHOUSE) \
		|| echo "the model build failed: start one from the Runs page or with soundcheck build"

clean: ## Remove caches, build files and screenshots (keeps .venv and data/)
	rm -rf .pytest_cache .ruff_cache .mypy_cache .hypothesis .numba_cache build dist \
		tests/e2e/screenshots
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -print0 | xargs -0 rm -rf
	find . -path ./$(VENV) -prune -o -type d -name '*.egg-info' -print0 | xargs -0 rm -rf

distclean: clean ## Also remove .venv and the generated warehouses and models in data/
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.wal data/models
