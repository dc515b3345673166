# CSPR: one command per task. The install steps live in scripts/setup.sh and skip what is done.
#
#   make run     demo site on http://127.0.0.1:8000 (SQLite in var/, Celery tasks run in-process)
#   make test    checks and the whole test suite against a throw-away PostgreSQL and Redis;
#                extra pytest arguments: make test PYTEST_ARGS='-k deadline -n 0'
#   make lint    ruff check + ruff format --check
#   make bench   benchmark at national scale against a throw-away PostgreSQL and Redis (~10 min);
#                results in bench/results/latest.md; extra arguments: make bench BENCH_ARGS='--requests 400'
#   make loadtest  ~50 people of mixed roles reading and writing for ~2.5 min against gunicorn, PostgreSQL
#                and a Celery worker; fails on any 5xx or lost write; results in bench/results/loadtest.md
#   make backup  database (pg_dump) and uploaded files into var/backups/<date and time>/ with checksums;
#                PostgreSQL only (DATABASE_URL); a folder of your choice: make backup BACKUP=/srv/backups/today
#   make restore BACKUP=<folder>   check the checksums, then restore that backup over the database and media
#   make css     rebuild static/build/ (cspr.css, GOV.UK Frontend JS and images)
#   make clean   remove build output and caches (keeps .venv, node_modules and var/)
#   make distclean   also remove .venv, node_modules and var/ (the local database and uploads)

PYTEST_ARGS ?=
BENCH_ARGS ?=
LOADTEST_ARGS ?=
PY := .venv/bin/python
# The demo always runs as a local site; REDIS_URL is emptied so Celery runs tasks in-process
# even if the shell has one set. A DATABASE_URL in the shell is honoured (default: var/db.sqlite3).
LOCAL := CSPR_ENV=local REDIS_URL=

BACKUP ?=

.PHONY: help run test bench loadtest lint css clean distclean backup restore

help:
	@sed -n 's/^#   //p' Makefile

run:
	bash scripts/setup.sh --python --node
	mkdir -p var
	$(LOCAL) $(PY) manage.py migrate --noinput
	$(LOCAL) $(PY) manage.py seed_demo
	$(LOCAL) $(PY) manage.py runserver 127.0.0.1:8000

test:
	bash scripts/test.sh $(PYTEST_ARGS)

bench:
	bash scripts/bench.sh $(BENCH_ARGS)

loadtest:
	bash scripts/loadtest.sh $(LOADTEST_ARGS)

lint:
	bash scripts/setup.sh --python-dev
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

backup:
	$(PY) manage.py backup $(BACKUP)

restore:
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=<backup folder>" >&2; exit 2; }
	$(PY) manage.py restore $(BACKUP)

css:
	bash scripts/setup.sh --force-css

clean:
	rm -rf static/build staticfiles test-artefacts .pytest_cache .ruff_cache .hypothesis
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf .venv node_modules var
