# Two commands do all set-up on a fresh machine:
#   make run    create .venv, migrate, load demo data, serve http://127.0.0.1:8000/ and run the
#               import worker beside it (Ctrl-C stops both)
#   make test   create .venv with the dev tools, run the whole test suite
# DATABASE_URL=postgres://... selects PostgreSQL for either.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint bench clean messages compilemessages

# The Welsh catalogue, compiled (the .mo is not committed: tests/catalogue.py, docs/languages.md).
# Needs gettext's msgfmt (Debian: apt-get install gettext; .ci/run installs it).
compilemessages: $(VENV)/.runtime
	$(PY) manage.py compilemessages --ignore '.venv' --ignore 'staticfiles' --ignore 'media'

# Extract every string the code asks for into locale/cy (then translate the new entries), compile,
# and say what is still missing.
messages: $(VENV)/.dev
	$(PY) manage.py makemessages -l cy --no-obsolete --ignore '.venv/*' --ignore 'tests/*' \
		--ignore 'bench/*' --ignore 'staticfiles/*' --ignore 'media/*' --ignore 'docs/*' --ignore '*.sqlite3*'
	$(MAKE) compilemessages
	$(PY) -m tests.catalogue

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt requirements-validator.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check --no-deps -r requirements-validator.txt
	touch $@

run: $(VENV)/.runtime compilemessages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py import_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# Browser tests run where Debian's chromium is installed (`apt-get install chromium`; .ci/run does).
test: $(VENV)/.dev compilemessages
	$(VENV)/bin/pytest -n auto

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

bench: $(VENV)/.dev
	$(PY) bench/import_bench.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
