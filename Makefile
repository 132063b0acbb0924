# The two commands: `make run` (try the site) and `make test` (the whole suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
MANAGE := $(BIN)/python manage.py
CHROMIUM := /usr/bin/chromium
VARNISHD := /usr/sbin/varnishd
LIBFAKETIME := /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1

HOST ?= 127.0.0.1
PORT ?= 8000

# Debian packages the tests need; apt waits for another install's lock
# instead of failing at once.
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq

# The suite runs across the machine's cores (pytest-xdist), one worker a core
# unless TEST_WORKERS says otherwise (two a core was slower, 14 minutes, and
# the Varnish tests' servers timed out); it prints its slowest tests and how
# long it took.
TEST_WORKERS ?= auto
STARTED := $(shell date +%s)

.PHONY: help run test serve worker audit lint format check-migrations browser load-data superuser clean audit-deps lock load fault bench \
	gettext messages compile-messages backup restore postgres-client varnish faketime node-tools

help:
	@echo "make run     - install, migrate, load the starting content and serve http://$(HOST):$(PORT) (SQLite); HOST=, PORT= change it"
	@echo "make test    - lint, checks and the whole test suite (browser tests included)"
	@echo "make serve   - run production-like: collectstatic + gunicorn, DEBUG off, on loopback"
	@echo "make worker  - the outgoing-email worker (db_worker), production-like, in the foreground"
	@echo "make lint    - check the Python (ruff), the stylesheet (prettier, stylelint) and the templates (djlint, djhtml)"
	@echo "make format  - fix what those can fix: ruff, prettier and stylelint on static/css, djhtml's indentation of templates/"
	@echo "make messages - update the interface-language catalog (wpa_site/locale) from the code and templates"
	@echo "make lock    - update the lock files from pyproject.toml (UPGRADE=1: newest allowed; UPGRADE=name: that one)"
	@echo "make audit-deps - fail if requirements.txt has a dependency with a known vulnerability (part of make test)"
	@echo "make load    - 1,000 requests at concurrency 16 against gunicorn on a fresh Postgres database"
	@echo "make bench   - requests/s and latency of home, a program, the news index, cached and uncached, against a static file"
	@echo "make fault   - stop Postgres under load, start it again, check 503s and recovery (stops the local cluster)"
	@echo "make audit   - page weight per page type, production-like (and Lighthouse if installed)"
	@echo "make backup  - back up the database and uploaded media to BACKUP_DIR (default backups/), drop old ones"
	@echo "make restore BACKUP=path|latest [FORCE=1] - restore a backup into an empty database and media folder"

$(BIN)/python:
	@echo "Creating the virtualenv $(VENV)"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip

# Installs come from the lock files only, every package at its locked
# version and checked against its locked hashes.
$(STAMPS)/requirements: requirements.txt | $(BIN)/python
	@echo "Installing requirements.txt"
	@$(PIP) install --require-hashes -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/requirements-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) install --require-hashes -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/requirements

# The lock files, from the ranges in pyproject.toml: requirements.txt holds
# what production installs, requirements-dev.txt that and the dev extras, at
# the same versions. Versions already locked stay while their range allows
# them; UPGRADE=1 moves every package to the newest its range allows,
# UPGRADE=name[,name...] only those.
comma := ,
LOCK_UPGRADE = $(if $(filter 1 yes true,$(UPGRADE)),--upgrade,$(foreach package,$(subst $(comma), ,$(UPGRADE)),--upgrade-package $(package)))
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --strip-extras \
	--allow-unsafe --no-emit-options $(LOCK_UPGRADE)

lock: $(STAMPS)/requirements-dev
	$(PIP_COMPILE) --output-file requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.txt --output-file requirements-dev.txt pyproject.toml

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's Chromium for the browser tests"; \
		$(APT_GET) update && $(APT_GET) install -y chromium >/dev/null; \
	fi

# The shared cache in front of gunicorn (wpa_site/cache/varnish.vcl): the tests
# and the benchmark start Debian's varnishd on loopback. Only the package is
# wanted, not its service: the tests start their own.
varnish:
	@if [ ! -x $(VARNISHD) ]; then \
		echo "Installing Debian's Varnish for the shared-cache tests"; \
		$(APT_GET) update && $(APT_GET) install -y varnish >/dev/null; \
	fi

# libfaketime runs a test server a few seconds before a local midnight, so
# that midnight passes during the test (tests/test_varnish.py).
faketime:
	@if [ ! -e $(LIBFAKETIME) ]; then \
		echo "Installing Debian's libfaketime for the midnight tests"; \
		$(APT_GET) update && $(APT_GET) install -y faketime >/dev/null; \
	fi

# Interface words (buttons, labels, errors) are marked in the code and the
# templates and kept in wpa_site/locale/<language>/LC_MESSAGES/django.po, which
# is committed; the compiled .mo files are not, `run`, `serve` and `test`
# compile them. makemessages reads the project's own code and templates only.
# English is the source language: its msgstr stay empty. Spanish translates
# every entry: tests/test_interface_catalog.py fails on an empty or fuzzy one,
# and runs makemessages with these same flags to check both catalogs hold
# exactly the marked strings. A new language is one more --locale here.
MESSAGES_LOCALES := --locale=en --locale=es
MESSAGES_FLAGS := $(MESSAGES_LOCALES) --domain=django --extension=html,txt,py \
	--no-location --no-wrap --no-obsolete \
	--ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests --ignore=node_modules --ignore=test-artifacts
COMPILE_MESSAGES_FLAGS := --ignore='.*' --ignore=staticfiles --ignore=media --ignore=node_modules --verbosity=0

gettext:
	@if ! command -v msgfmt >/dev/null || ! command -v xgettext >/dev/null || ! command -v msgmerge >/dev/null; then \
		echo "Installing GNU gettext for the interface-language catalog"; \
		$(APT_GET) update && $(APT_GET) install -y gettext >/dev/null; \
	fi

# The creation date is dropped so that the catalog changes only when its words do.
messages: gettext $(STAMPS)/requirements
	$(MANAGE) makemessages $(MESSAGES_FLAGS)
	@sed -i '/^"POT-Creation-Date: /d' wpa_site/locale/*/LC_MESSAGES/django.po
	@$(MAKE) --no-print-directory compile-messages

compile-messages: gettext $(STAMPS)/requirements
	@$(MANAGE) compilemessages $(COMPILE_MESSAGES_FLAGS)

# For the tests: `make -s print-MESSAGES_FLAGS` prints what makemessages is given.
print-%:
	@echo '$($*)'

# `make run` prints a line per step: migrate's list of migrations and
# Wagtail's log of every page the seed creates stay out of the terminal.
QUIET := LOG_LEVEL=WARNING

load-data: $(STAMPS)/requirements
	@echo "Migrating the database"
	@$(QUIET) $(MANAGE) migrate --noinput -v0
	@echo "Loading the starting content (a minute or two the first time)"
	@$(QUIET) $(MANAGE) load_initial_data

superuser: $(STAMPS)/requirements
	@$(QUIET) $(MANAGE) ensure_local_superuser --address http://$(HOST):$(PORT)/

# The site's address is where it is served, so that canonical links, the
# sitemap and the newsletter's confirmation links work here. run_local is
# runserver printing the address and the admin login after its banner.
run: load-data compile-messages
	@$(QUIET) $(MANAGE) set_local_site_address $(HOST) $(PORT)
	@WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(MANAGE) run_local $(HOST):$(PORT)

# The stylesheet: Prettier lays it out, Stylelint checks the rest
# (static/.stylelintrc.yaml). The templates: djLint checks them and djhtml
# indents them ([tool.djlint] in pyproject.toml says why not djLint's
# formatter). The npm packages are pinned here, exact, and installed into
# .venv/node, which git ignores; they need Node.js 20.19 or later.
NODE_TOOLS := $(VENV)/node
NODE_BIN := $(NODE_TOOLS)/node_modules/.bin
NODE_PACKAGES := prettier@3.10.1 stylelint@17.16.0 stylelint-config-standard@40.0.0
CSS_FILES := static/css/*.css
PRETTIER := $(NODE_BIN)/prettier --log-level warn
STYLELINT := $(NODE_BIN)/stylelint --config static/.stylelintrc.yaml --config-basedir $(CURDIR)/$(NODE_TOOLS)
DJHTML := $(BIN)/djhtml --tabwidth 2

node-tools:
	@command -v npm >/dev/null || { echo "make lint needs Node.js (20.19 or later) and npm, for prettier and stylelint" >&2; exit 1; }
	@if [ "$$(cat $(NODE_TOOLS)/.packages 2>/dev/null)" != "$(NODE_PACKAGES)" ]; then \
		echo "Installing $(NODE_PACKAGES) into $(NODE_TOOLS)"; \
		npm install --prefix $(NODE_TOOLS) --save-exact --no-fund --no-audit --loglevel error $(NODE_PACKAGES) \
			&& echo "$(NODE_PACKAGES)" > $(NODE_TOOLS)/.packages; \
	fi

# lint-imports checks the import contracts in pyproject.toml: the machinery
# (wpa_site) imports no content app, and each app's modules form no circle.
lint: $(STAMPS)/requirements-dev node-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PRETTIER) --check $(CSS_FILES)
	$(STYLELINT) $(CSS_FILES)
	$(BIN)/djlint templates --lint
	$(DJHTML) --check templates
	$(BIN)/lint-imports

check-migrations: $(STAMPS)/requirements-dev
	DJANGO_SETTINGS_MODULE=wpa_site.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=wpa_site.settings.test $(MANAGE) makemigrations --check --dry-run

test: lint check-migrations audit-deps browser compile-messages postgres-client varnish faketime
	@$(BIN)/pytest -n $(TEST_WORKERS) --durations=25 $(PYTEST_ARGS); status=$$?; \
	echo "make test took $$(( $$(date +%s) - $(STARTED) )) s in all, install and lint included"; \
	exit $$status

# pip-audit asks PyPI's vulnerability data about every package in the runtime
# lock, exactly as locked (hashed, so no resolution and no install), and
# fails on any known vulnerability. A dependency whose data cannot be fetched
# (this workplace's package mirror serves no vulnerability data) is reported
# loudly as NOT checked rather than failing every build; AUDIT_DEPS=skip
# skips the audit altogether.
audit-deps: $(STAMPS)/requirements-dev
	@if [ "$(AUDIT_DEPS)" = "skip" ]; then \
		echo "*** audit-deps SKIPPED (AUDIT_DEPS=skip): dependencies were NOT checked for known vulnerabilities ***"; \
		exit 0; \
	fi; \
	report=$$($(BIN)/pip-audit --requirement requirements.txt --require-hashes --disable-pip --vulnerability-service pypi --progress-spinner off 2>&1); \
	status=$$?; \
	if [ $$status -ne 0 ]; then \
		echo "$$report"; \
		echo "audit-deps FAILED: a dependency has a known vulnerability (see above)." >&2; \
		exit 1; \
	fi; \
	unchecked=$$(echo "$$report" | grep -c "could not be audited"); \
	if [ "$$unchecked" -gt 0 ]; then \
		echo "*** audit-deps: $$unchecked dependencies could NOT be checked: PyPI's vulnerability data is unreachable from here ***"; \
	else \
		echo "$$report"; \
	fi

# Backups (wpa_site/backups/backups.py, docs/operating.md): one archive of the
# database and the uploaded media. BACKUP_DIR, BACKUP_KEEP_DAYS and the
# site's own variables (DATABASE_URL, MEDIA_ROOT...) come from the environment.
# A Postgres DATABASE_URL needs pg_dump and pg_restore: Debian's
# postgresql-client, which must be at least the server's version.
postgres-client:
	@if [[ "$${DATABASE_URL:-}" == postgres* ]] && ! command -v pg_dump >/dev/null; then \
		echo "Installing Debian's postgresql-client for backups"; \
		$(APT_GET) update && $(APT_GET) install -y postgresql-client >/dev/null; \
	fi

backup: $(STAMPS)/requirements postgres-client
	$(MANAGE) backup_site

# Refuses a database that is not empty, or media files that differ, unless FORCE=1;
# then brings the restored database up to this code's migrations.
restore: $(STAMPS)/requirements postgres-client
	$(if $(BACKUP),,$(error make restore needs BACKUP=path/to/wpa-backup-....tar.gz, or BACKUP=latest for the newest in BACKUP_DIR))
	$(MANAGE) restore_site "$(BACKUP)"$(if $(filter 1 yes true,$(FORCE)), --force)
	$(MANAGE) migrate --noinput

load: $(STAMPS)/requirements
	$(BIN)/python -m tests.load.load_test $(LOAD_ARGS)

fault: $(STAMPS)/requirements
	$(BIN)/python -m tests.load.fault_test $(FAULT_ARGS)

# wrk drives the benchmark when it is installed (Debian's package); otherwise
# the Python load driver does, with blunter figures.
bench: $(STAMPS)/requirements varnish
	@command -v wrk >/dev/null || { $(APT_GET) update && $(APT_GET) install -y wrk >/dev/null; } || true
	$(BIN)/python -m tests.bench.bench $(BENCH_ARGS)

format: $(STAMPS)/requirements-dev node-tools
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(STYLELINT) --fix $(CSS_FILES)
	$(PRETTIER) --write $(CSS_FILES)
	$(DJHTML) templates

# Production-like on loopback: hashed, compressed static files served by
# whitenoise through gunicorn, DEBUG off, plain HTTP.
SERVE_ENV = DJANGO_SETTINGS_MODULE=wpa_site.settings.production \
	SECRET_KEY=$${SECRET_KEY:-local-production-like-$$(hostname)-not-secret} \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false

serve: $(STAMPS)/requirements compile-messages
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput -v0
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) load_initial_data
	$(SERVE_ENV) $(BIN)/gunicorn wpa_site.wsgi:application --bind $(HOST):$(PORT)

# The outgoing-email worker, with the same settings as `make serve`.
worker: $(STAMPS)/requirements
	$(SERVE_ENV) $(MANAGE) db_worker --queue-name email --backend email

# A benchmark, not a test: bytes and requests per page type, served production-like.
audit: $(STAMPS)/requirements-dev
	$(BIN)/python -m tests.audit.page_weight

clean:
	rm -rf $(STAMPS) staticfiles .pytest_cache .ruff_cache
