# The IPS client portal. `make run` serves it with demo data; `make test` runs every check.
# Both set up everything they need on a fresh machine (virtual environment, npm packages,
# translations, database), so a newcomer needs nothing else.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
PYTEST := $(BIN)/python -m pytest
# Two workers (the machines have two cores); a test file stays on one worker, so a module's
# live server and browser are started once.
PYTEST_ARGS := -p no:cacheprovider -n 2 --dist loadfile
STAMP := .make

.PHONY: run test setup lint format translate translations migrate demo services screenshots bench clean help

help:
	@echo "make run        serve the portal on http://127.0.0.1:5000 with demo data (SQLite)"
	@echo "make test       lint, then the whole test suite on SQLite and on PostgreSQL"
	@echo "make translate  extract new strings and merge them into the da and sv catalogs"
	@echo "make format     format the code with ruff"
	@echo "make screenshots  redraw the README's screenshots in docs/screenshots"
	@echo "make bench      load the main pages with wrk on PostgreSQL and SQLite, page weight, Lighthouse"

# --- set-up ------------------------------------------------------------------------------

$(STAMP):
	mkdir -p $(STAMP)

$(STAMP)/venv: pyproject.toml | $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(STAMP)/npm: package.json package-lock.json | $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p portal/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js portal/static/vendor/htmx.min.js
	touch $@

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
$(STAMP)/chromium: | $(STAMP)
	test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	touch $@

# The W3C Nu HTML checker (vnu-jar, from npm) runs on a Java runtime from Debian's packages.
$(STAMP)/java: | $(STAMP)
	command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }
	touch $@

# The benchmark's load generator, from Debian's packages.
$(STAMP)/wrk: | $(STAMP)
	command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	touch $@

# Lighthouse for the benchmark (its own package.json; runs Debian's Chromium).
$(STAMP)/bench-npm: tests/bench/package.json tests/bench/package-lock.json | $(STAMP)
	npm ci --prefix tests/bench --no-audit --no-fund --loglevel=error
	touch $@

translations: $(STAMP)/venv
	$(FLASK) translate compile

setup: $(STAMP)/venv $(STAMP)/npm translations

migrate: setup
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo-data --if-empty

# --- the two commands --------------------------------------------------------------------

run: demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup $(STAMP)/chromium $(STAMP)/java lint services
	@echo "== tests on SQLite (the production tests run gunicorn on PostgreSQL, in the next pass)"
	$(PYTEST) $(PYTEST_ARGS) -m "not production"; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "no tests were collected"; status=0; fi; exit $$status
	@echo "== tests on PostgreSQL (the browser journeys ran in the first pass; the deployment test drives Chromium here)"
	TEST_DATABASE=postgresql $(PYTEST) $(PYTEST_ARGS) -m "not browser and not sqlite_only"; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "no tests were collected"; status=0; fi; exit $$status

# --- chores ------------------------------------------------------------------------------

# Lint includes security linting: ruff's S rules, and bandit at medium severity and above.
lint: $(STAMP)/venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r portal -ll

format: $(STAMP)/venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translate: $(STAMP)/venv
	$(FLASK) translate update

services:
	bash tests/services.sh

# Writes docs/bench/results.json and results.md (see tests/bench/run.py).
bench: setup services $(STAMP)/chromium $(STAMP)/wrk $(STAMP)/bench-npm
	$(BIN)/python -m tests.bench.run

screenshots: setup $(STAMP)/chromium
	$(BIN)/python -m tests.browser.screenshots

clean:
	rm -rf $(VENV) node_modules portal/static/vendor $(STAMP) instance
