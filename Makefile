# Quick start: `make run` (the product; with no credentials, the local demo) and `make test`.
VENV := .venv
PYTHON ?= python3

# A .venv left by another Python (an upgrade, another machine's copy) is rebuilt rather than half-used.
WANT_PY := $(shell $(PYTHON) -c 'import sys; print(sys.base_prefix, *sys.version_info[:3])' 2>/dev/null)
HAVE_PY := $(shell $(VENV)/bin/python -c 'import sys; print(sys.base_prefix, *sys.version_info[:3])' 2>/dev/null)
ifneq ($(wildcard $(VENV)),)
ifneq ($(WANT_PY),$(HAVE_PY))
$(info .venv was built with another Python ($(or $(HAVE_PY),broken)); rebuilding it with $(WANT_PY))
$(shell rm -rf $(VENV))
endif
endif

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

.PHONY: run demo test lint bench clean schema
run: $(VENV)/.installed
	$(VENV)/bin/rechargly run

demo: $(VENV)/.installed
	$(VENV)/bin/rechargly demo

test: $(VENV)/.installed
	$(VENV)/bin/pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bot handlers services sandbox

# Each benchmark prints its figures and says met or missed for each of its targets.
bench: $(VENV)/.installed
	$(VENV)/bin/python bench/mapping_bench.py
	$(VENV)/bin/python bench/sync_bench.py
	$(VENV)/bin/python bench/load_bench.py

# Everything the commands above generate: the venv, caches, build output and local databases.
clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -f rechargly.db rechargly.db-wal rechargly.db-shm

# Regenerate the initial migration from services/models.py (only until the first release).
schema: $(VENV)/.installed
	$(VENV)/bin/python scripts/regenerate_initial_migration.py
