# Gonghui — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export GONGHUI_DEMO ?= 1
export PYTHONPATH := src

.PHONY: run test lint bench setup migrate demo serve worker messages clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11 / Python 3.11 is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@$(PY) manage.py demo_logins --port $(PORT)
	$(VENV)/bin/gunicorn gonghui.wsgi:application --config src/gonghui/gunicorn.conf.py --bind 127.0.0.1:$(PORT)

worker: migrate
	$(PY) manage.py db_worker

test: demo
	$(VENV)/bin/pytest -n 2 -q

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: demo
	@for script in bench/bench_*.py; do \
		[ -e "$$script" ] || { echo "no benchmarks yet"; break; }; \
		echo "== $$script"; $(PY) $$script || exit 1; \
	done

messages: setup
	cd src/gonghui && ../../$(PY) ../../manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore 'static/*'
	cd src/gonghui && ../../$(PY) ../../manage.py compilemessages

clean:
	rm -rf $(VENV) var/db.sqlite3* var/static
