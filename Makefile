# The README's commands: `make run` and `make test`. Everything else serves them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test install tools check-system messages compilemessages lint format \
	migrations-check clean bench bench-pdf throughput backup restore load load-fault

help:
	@echo "make run               install, migrate, load demo data, serve http://$(HOST):$(PORT)"
	@echo "make test              the whole test suite (DATABASE_URL=postgres://... for PostgreSQL, E2E=no without the browser)"
	@echo "make lint              ruff lint and format check, and the apps' import layers"
	@echo "make format            ruff format and fix"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make messages          update the French and English catalogues"
	@echo "make bench             time the committee's pages on 2,000 companies (PostgreSQL)"
	@echo "make bench-pdf         time the PDF reports against WeasyPrint's floor"
	@echo "make throughput        the dashboard's requests per second against a trivial view"
	@echo "make load              50 users for 60 s on gunicorn and PostgreSQL, then check the data"
	@echo "make load-fault        the same, with PostgreSQL unreachable for 5 s meanwhile"
	@echo "make backup            archive the database and the uploaded files (BACKUP=path)"
	@echo "make restore BACKUP=f  restore an archive and check it (REPLACE=yes over data)"

check-system:
	@$(PYTHON) scripts/check_system.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,s3]"
	@touch $@

install: check-system $(VENV)/.installed

# The Nu HTML checker the tests run (package.json); without npm its test is skipped, with
# the reason, except in CI, which installs npm and Java (.ci/run).
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the HTML validity test will be skipped (apt-get install npm default-jre-headless)"; fi

tools: node_modules/.package-lock.json

# msgfmt directly: compiling needs no settings, and --check stops on a broken catalogue.
compilemessages: install
	@for po in locale/*/LC_MESSAGES/django.po; do \
		msgfmt --check-format --check-header -o "$${po%.po}.mo" "$$po" || exit 1; \
	done

messages: export DEBUG ?= true
messages: install
	$(MANAGE) makemessages --locale fr --locale en --ignore=.venv --ignore=var --no-obsolete
	$(MAKE) compilemessages

run: export DEBUG ?= true
run: export TASKS_BACKEND ?= immediate
run: compilemessages
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

# The tests that need no browser in TEST_PROCESSES processes (pytest-xdist), then the browser
# tests in one process, as they drive one live server; E2E=no leaves those out. PYTEST_ARGS
# goes to both runs: PYTEST_ARGS=tests/security narrows them (5: no test selected is no
# failure), PYTEST_ARGS=--create-db makes the test databases again rather than reuse them.
TEST_PROCESSES ?= 2
# Compiled files (__pycache__, git-ignored) are kept between runs, as Python does by default.
test: export PYTHONDONTWRITEBYTECODE =
test: compilemessages tools
	$(BIN)/pytest -m "not e2e" -n $(TEST_PROCESSES) $(PYTEST_ARGS) || [ $$? -eq 5 ]
ifneq ($(E2E),no)
	$(BIN)/pytest -m e2e $(PYTEST_ARGS) || [ $$? -eq 5 ]
endif

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: export DEBUG ?= true
migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

# The pages benchmark, in a PostgreSQL database of its own (BENCH_DATABASE_URL, by default
# postgres://postgres@127.0.0.1:5432/charte_bench), seeded once; BENCH_ARGS=--reseed etc.
bench: export DEBUG = true
bench: install
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

# The PDF benchmark, in a database of its own (BENCH_DATABASE_URL, by default
# sqlite:///var/bench.sqlite3): never the developer's.
bench-pdf: export DEBUG = true
bench-pdf: install
	$(BIN)/python bench/pdf.py

# gunicorn (2 workers) serving the dashboard, then a trivial view, under wrk; the same
# database as make bench.
throughput: install
	$(BIN)/python bench/throughput.py $(THROUGHPUT_ARGS)

# The database of DATABASE_URL and the files of MEDIA_ROOT in one archive, by default
# var/backups/charte-<date>.tar; a restoration is checked against the archive's manifest.
backup: install
	$(BIN)/python scripts/backup.py backup $(if $(BACKUP),--output "$(BACKUP)")

restore: install
	@test -n "$(BACKUP)" || { echo "Say which archive: make restore BACKUP=var/backups/charte-<date>.tar"; exit 2; }
	$(BIN)/python scripts/backup.py restore "$(BACKUP)" $(if $(filter yes,$(REPLACE)),--replace)

# Load and fault tests in a PostgreSQL database of their own (LOAD_DATABASE_URL, by default
# postgres://postgres@127.0.0.1:5432/charte_load), dropped and made again at each run.
# USERS= and DURATION= change the defaults (50, 60); LOAD_ARGS passes any other option.
LOAD_OPTIONS = $(if $(USERS),--users $(USERS)) $(if $(DURATION),--duration $(DURATION)) $(LOAD_ARGS)

load: install
	$(BIN)/python bench/load.py $(LOAD_OPTIONS)

load-fault: install
	$(BIN)/python bench/load.py --fault $(LOAD_OPTIONS)

clean:
	rm -rf $(VENV) var/static
