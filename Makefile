# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install install-test migrate import admin bench loadtest prodlike clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Browser tests: Debian's chromium (never a downloaded browser build) and axe-core from npm.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm)
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The HTML validity test runs the Nu HTML Checker (vnu.jar, from npm) on Debian's Java.
JAVA := $(shell command -v java || echo /usr/bin/java)
$(JAVA):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq default-jre-headless

# Message catalogues: GNU gettext's tools extract (makemessages) and check them (tests/i18n);
# the compiled .mo files are committed, so `make run` needs none of this.
/usr/bin/msgfmt:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends gettext

install-test: $(VENV)/.installed-test /usr/bin/chromium node_modules/.installed $(JAVA) /usr/bin/msgfmt

migrate: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput

import: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py import_seeds

# The web server and, beside it, one background worker (email alerts; emails are printed to
# this terminal). Ctrl-C stops both.
run: import
	@DJANGO_DEBUG=1 $(BIN)/python manage.py demo_accounts --site-url http://$(HOST):$(PORT)
	DJANGO_DEBUG=1 $(BIN)/python manage.py worker --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# A superuser of your own, asked for interactively (local database; production: README Deploy).
admin: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py createsuperuser

# The hooks in .pre-commit-config.yaml (ruff, django-upgrade, djhtml), as a commit runs them
# after `.venv/bin/pre-commit install`; local hooks only, so nothing is fetched. They fix what
# they can and fail: review the diff and commit it.
lint: install-test
	PRE_COMMIT_HOME=$(CURDIR)/$(VENV)/pre-commit $(BIN)/pre-commit run --all-files --show-diff-on-failure

test: lint
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -q

# After changing interface text: re-extract the catalogues (osce_site's makemessages knows which
# sources), translate what is new in locale/*/LC_MESSAGES/django.po, then compile.
messages: install /usr/bin/msgfmt
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

bench: install /usr/sbin/varnishd
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/publishing.py $(BENCH_ARGS)

loadtest: install
	$(BIN)/python bench/load_test.py

# Production's topology on 127.0.0.1, checked over https (deploy/prodlike.py; README: Deploy):
# Debian's nginx with TLS, then Varnish, in front of two gunicorn app servers, PostgreSQL and Redis.
/usr/sbin/nginx:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nginx

# The shared HTTP cache between nginx and the app servers: Varnish with the xkey vmod
# (deploy/varnish/osce.vcl), so the app can purge pages by surrogate key.
/usr/sbin/varnishd:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends varnish varnish-modules

# The MDN HTTP Observatory scanner; its install scripts only fetch CA bundles from the internet.
deploy/observatory/node_modules/.installed: deploy/observatory/package.json deploy/observatory/package-lock.json
	command -v npm >/dev/null || ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm)
	cd deploy/observatory && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	# The HSTS preload and TLD lists its install scripts would download: the local host is in neither.
	cd deploy/observatory/node_modules/@mdn/mdn-http-observatory/conf && echo '{}' > hsts-preload.json && echo '[]' > tld-list.json
	touch $@

prodlike: install /usr/sbin/nginx /usr/sbin/varnishd deploy/observatory/node_modules/.installed
	$(BIN)/python deploy/prodlike.py $(PRODLIKE_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .prodlike
