# Gonghui — `make run` serves the demo county, `make test` runs the whole suite.
# Both work on a fresh machine with only Python 3.11 and work again on a second run.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
# The demo may fall back to generated keys and plain-HTTP cookies; production sets neither.
export GONGHUI_DEMO ?= 1
export PYTHONPATH := src

.PHONY: run test lint bench setup migrate demo serve worker messages clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
		echo "需要 Python 3.11 或更新版本 / Python 3.11 or newer is required (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

demo: migrate
	$(PY) manage.py load_demo

run: demo serve

serve: setup
	@$(PY) manage.py demo_logins --port $(PORT)
	$(VENV)/bin/gunicorn gonghui.wsgi:application --config src/gonghui/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

worker: migrate
	$(PY) manage.py db_worker

# pytest-django imports the settings before any conftest.py runs, so GONGHUI_TESTING is set here.
test: demo
	GONGHUI_TESTING=1 $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Every script runs even if one before it failed; make bench fails at the end if any did.
bench: demo
	@found=0; failed=""; for script in bench/bench_*.py; do \
		[ -e "$$script" ] || continue; found=1; \
		echo "== $$script"; $(PY) $$script || failed="$$failed $$script"; \
	done; [ $$found = 1 ] || echo "bench/: no benchmark scripts yet (see bench/README.md)"; \
	[ -z "$$failed" ] || { echo "bench: failed:$$failed"; exit 1; }

messages: setup
	cd src/gonghui && ../../$(PY) ../../manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore 'static/*'
	cd src/gonghui && ../../$(PY) ../../manage.py compilemessages

clean:
	rm -rf $(VENV) var/db.sqlite3* var/static
