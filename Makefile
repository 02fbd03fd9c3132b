# Two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test schema schema-check lint format bench bench-matching bench-notify \
	bench-api security-report clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

run: setup  ## migrate, then serve the embedded default on http://127.0.0.1:$${PORT:-8000}
	$(BIN)/reliefhub migrate
	$(BIN)/reliefhub serve --no-migrate

.PHONY: demo
demo: setup  ## migrate, then load the Lu'an floods demonstration (prints accounts and tokens)
	$(BIN)/reliefhub demo

test: setup lint  ## lint, then the whole suite (PostgreSQL tests need TEST_DATABASE_URL; CI=true makes them mandatory)
	$(BIN)/python -m pytest

schema: setup  ## regenerate schema.graphql
	$(BIN)/python -m api.schema

schema-check: setup
	$(BIN)/python -m api.schema --check

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Each bench also has a quick mode (tiny data, seconds): `make bench BENCH_ARGS=--quick`;
# `make test` runs every one (tests/bench/test_quick_modes.py).
bench: bench-matching bench-notify bench-api

bench-matching: setup  ## the matching engine at 10^4, 10^5 and 10^6 candidate pairs (BENCH_ARGS=--national: 10^7 too)
	$(BIN)/python -m bench.bench_matching $(BENCH_ARGS)

bench-notify: setup  ## notifications/s, commit→delivered p50/p99 at 200/s, vs bare dramatiq
	$(BIN)/python -m bench.bench_notify $(BENCH_ARGS)

bench-api: setup  ## reads: ReliefHub beside PostGraphile v4 (npm) on one seeded PostgreSQL database
	$(BIN)/python -m bench.bench_api $(BENCH_ARGS) $(BENCH_API_ARGS)

security-report: setup  ## permission matrices, fuzzing and hostile queries: their tables
	$(BIN)/python -m tests.security.report

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
