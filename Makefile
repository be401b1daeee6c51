# The two commands a newcomer needs: `make run` and `make test`. Both do all the set-up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development runs with DEBUG on; production sets DEBUG=0 and the variables in the README.
export DEBUG ?= 1

.PHONY: install assets run worker beat test e2e bench lint format chromium wrk clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/portal.css: node_modules/.installed static/scss/portal.scss static/scss/copy-assets.mjs
	npm run --silent build

install: $(VENV)/.installed assets

assets: static/dist/portal.css

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "REDIS_URL is set: starting a Celery worker with beat beside the web server"; \
	  $(VENV)/bin/celery -A partnership worker --beat --loglevel=INFO --concurrency=2 & \
	fi; \
	$(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	$(VENV)/bin/celery -A partnership worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A partnership beat --loglevel=INFO

# Chromium for the browser journeys comes from Debian's packages, never a download.
chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

PYTEST_ARGS ?=
# The whole suite in one pytest session: unit tests, service-backed tests (PostgreSQL,
# Redis and a real Celery worker when DATABASE_URL and REDIS_URL are set) and the
# browser journeys. CI (.ci/run) runs exactly this.
test: install chromium
	$(PY) -m pytest $(PYTEST_ARGS)

# Only the browser journeys (they are part of `make test` too).
e2e: install chromium
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

# The benchmark's load generator comes from Debian's packages.
wrk:
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)

bench: install wrk
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles
