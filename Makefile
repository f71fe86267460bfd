# `make run`: install into .venv and start the bot (Telegram polling if BOT_TOKEN is set, else the terminal shell).
# `make test`: install with the dev extra and run the whole test suite (SQLite, no servers needed).
# `make test-services`: the whole suite again on PostgreSQL, then on PostgreSQL + Redis (servers started, and
# installed if missing, by .ci/services.sh).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-services lint bench install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"

run: install
	$(BIN)/python -m bot start --demo

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# PostgreSQL with the dialogue state in the database, then PostgreSQL + Redis: both are supported set-ups.
test-services: install
	bash .ci/with-services.sh sh -c 'env -u TEST_REDIS_URL $(BIN)/python -m pytest && $(BIN)/python -m pytest'

bench: install
	$(BIN)/python benchmarks/bench_search.py
