# chondral: two commands matter. `make demo` and `make test` each set everything up first.
# `make install` is idempotent: it (re)builds .venv only when the lock or pyproject changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.chondral-installed
DEMO_OUT ?= demo-output

.PHONY: install demo test lint typecheck contracts bench clean help

help:
	@echo "make demo   - set up and run the whole pathway on the example case (outputs in $(DEMO_OUT)/)"
	@echo "make test   - set up and run lint, type checks, import contracts and the test suite"
	@echo "make bench  - run the benchmarks and print their tables"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	PYTHON=$(PYTHON) VENV=$(VENV) sh scripts/bootstrap.sh
	@touch $(STAMP)

demo: install
	$(BIN)/chondral demo --out $(DEMO_OUT)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

contracts: install
	$(BIN)/lint-imports

test: install lint typecheck contracts
	$(BIN)/python -m pytest --cov --cov-report=term

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
