# `make run`: install into .venv and start the bot (Telegram polling if BOT_TOKEN is set, else the terminal shell).
# `make test`: install with the dev extra and run the whole test suite (SQLite, no servers needed).
# `make test-services`: the suite again on PostgreSQL, then on PostgreSQL + Redis (servers started, and installed if
# missing, by .ci/services.sh), all but the tests the backend cannot change (marked backend_independent).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The suite on parallel workers (pytest-xdist): most end-to-end tests wait on a bot process or the database, so a
# few more workers than cores keeps both cores busy. Every worker has its own temp dirs, databases, ports and
# Redis key prefix. `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= 4
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

.PHONY: run test test-services lint bench install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# uv (from PyPI, into the venv) installs the packages in parallel and from its cache, and compiles their bytecode in
# parallel: a fresh install takes less CPU and wall time than pip's. Where uv cannot be had or cannot install (e.g.
# only a pip-configured mirror is reachable), pip does the same install. Done again only when pyproject.toml changes
# (the .installed stamp), so a second `make test` starts at once.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	($(BIN)/pip install -q uv && $(BIN)/uv pip install -q --python $(BIN)/python --compile-bytecode -e ".[dev]") \
		|| ($(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -e ".[dev]")
	touch $@

# Our own modules compiled once (only what changed): no process (test workers, the bots the tests start) compiles
# them again, even where PYTHONDONTWRITEBYTECODE keeps Python from saving what it compiles.
install: $(VENV)/.installed
	$(BIN)/python -m compileall -q bot catalog handlers scheduler storage

run: install
	$(BIN)/python -m bot start --demo

test: install
	$(BIN)/ruff check .
	$(PYTEST)

# PostgreSQL with the dialogue state in the database, then PostgreSQL + Redis: both are supported set-ups. Tests the
# backend cannot change (marked backend_independent, tests/conftest.py) ran in `make test` already.
SERVICE_TESTS := -m "not backend_independent"
test-services: install
	bash .ci/with-services.sh sh -c 'env -u TEST_REDIS_URL $(PYTEST) $(SERVICE_TESTS) && $(PYTEST) $(SERVICE_TESTS)'

bench: install
	$(BIN)/python benchmarks/bench_search.py
