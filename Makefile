# Quick start: `make run` (the product; with no credentials, the local demo) and `make test`.
VENV := .venv
PYTHON ?= python3

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

.PHONY: run demo test lint bench schema
run: $(VENV)/.installed
	$(VENV)/bin/rechargly run

demo: $(VENV)/.installed
	$(VENV)/bin/rechargly demo

test: $(VENV)/.installed
	$(VENV)/bin/pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bot handlers services sandbox devtools

# Regenerate the initial migration from services/models.py (only until the first release).
schema: $(VENV)/.installed
	$(VENV)/bin/python scripts/regenerate_initial_migration.py
