# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install messages demo

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

## Web, Celery worker and beat together on 127.0.0.1:$(PORT) with a demo site (Ctrl-C stops all three).
run: install
	$(BIN)/python scripts/run.py

## The whole test suite (PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set).
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Refresh the translation catalogues and compile them (needs GNU gettext); the .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages --locale zh_Hans --locale en --ignore '.venv/*' --ignore 'var/*'
	$(BIN)/python manage.py makemessages --domain djangojs --locale zh_Hans --locale en --ignore '.venv/*' --ignore 'var/*' --ignore 'static/vendor/*' --ignore 'staticfiles/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'
