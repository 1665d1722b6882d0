# chondral: two commands matter. `make demo` and `make test` each set everything up first.
# `make install` is idempotent: it (re)builds .venv only when the lock or pyproject changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.chondral-installed
DEMO_OUT ?= demo-output
SERVE_PORT ?= 8000

.PHONY: install system demo serve test lint typecheck contracts bench screenshots clean help

help:
	@echo "make demo   - set up and run the whole pathway on the example case (outputs in $(DEMO_OUT)/)"
	@echo "make serve  - set up and serve the web application on 127.0.0.1:$(SERVE_PORT) with demo users and cases"
	@echo "make test   - set up and run lint, type checks, import contracts and the test suite"
	@echo "              (on SQLite, then the web tests again on a PostgreSQL server it starts,"
	@echo "              all but the browser checks of markup and styling, marked ui)"
	@echo "make bench  - run the benchmarks and print their tables"
	@echo "make screenshots - retake the portal screenshots of docs/portal.md (a browser test)"

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt scripts/bootstrap.sh
	PYTHON=$(PYTHON) VENV=$(VENV) sh scripts/bootstrap.sh
	@touch $(STAMP)

# System packages the tests need: PostgreSQL and Debian's Chromium (installed with apt-get in CI
# or as root; otherwise the script says what is missing and those tests skip locally).
system:
	sh scripts/system_packages.sh

demo: install
	$(BIN)/chondral demo --out $(DEMO_OUT)

# The web application on 127.0.0.1:$(SERVE_PORT) with the example cases and one demo user per role
# (their passwords are printed once), a background worker beside it; data in ./chondral-data.
serve: install
	CHONDRAL_DEMO=1 $(BIN)/chondral web demo --port $(SERVE_PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

contracts: install
	$(BIN)/lint-imports

# The whole suite on SQLite (without the load run), then the web tests again, load run included,
# on a PostgreSQL server started here and stopped whatever the outcome; coverage adds up.
test: install system lint typecheck contracts
	$(BIN)/python -m pytest --cov --cov-report=term -m "not postgres_only"
	@set -e; \
	trap 'sh scripts/postgres.sh stop' EXIT INT TERM; \
	url=$$(sh scripts/postgres.sh start); \
	echo "web tests on PostgreSQL: $$url"; \
	CHONDRAL_DATABASE_URL=$$url $(BIN)/python -m pytest tests/web -m "not ui" --cov --cov-append --cov-report=term

bench: install
	$(BIN)/python -m benchmarks

# The portal screenshots in docs/images/, taken by the layout browser test as it sweeps the pages
screenshots: install system
	CHONDRAL_SCREENSHOT_DIR=docs/images $(BIN)/python -m pytest -p no:cacheprovider \
		tests/web/browser/test_portal_layout.py -k patient

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
