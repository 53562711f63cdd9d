# Two commands: `make run` (the whole app with demo data) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed


.PHONY: run test lint format messages makemessages migrate demo check clean bench

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# Compiles every catalogue: locale/ and each app's own locale/ folder.
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*' --verbosity 0

# Each app with its own locale/ folder (events, aspirations) keeps its own catalogue.
makemessages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages --locale id --locale en --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*'

migrate: $(STAMP) messages
	DEBUG=1 $(PY) manage.py migrate --verbosity 0

# Where `make run` serves (`make run NGOPI_PORT=8080`, or in the environment), and the address its
# e-mails link to: that same address unless NGOPI_SITE_URL is given (say, behind a tunnel).
NGOPI_ADDR ?= 127.0.0.1
NGOPI_PORT ?= 8000
NGOPI_SITE_URL ?= http://$(NGOPI_ADDR):$(NGOPI_PORT)
RUN_ENV = NGOPI_ADDR=$(NGOPI_ADDR) NGOPI_PORT=$(NGOPI_PORT) NGOPI_SITE_URL=$(NGOPI_SITE_URL) DEBUG=1

demo: migrate
	$(RUN_ENV) $(PY) manage.py seed_demo

# The whole app on the embedded defaults: SQLite, Celery on the filesystem broker, console e-mail.
run: demo
	@echo ""
	@echo "  Ngopi Kamtibmas is starting at http://$(NGOPI_ADDR):$(NGOPI_PORT)/"
	@echo "  Staff sign-in: http://$(NGOPI_ADDR):$(NGOPI_PORT)/accounts/login/"
	@echo "  E-mails link to $(NGOPI_SITE_URL)/"
	@echo "  Demo logins (password kamtibmas-demo): admin dirbinmas kapolres kapolsek binmas bhabin bhabin2"
	@echo "  Ctrl-C stops the web server, the Celery worker and beat."
	@echo ""
	$(RUN_ENV) $(VENV)/bin/honcho start -f Procfile.dev || [ $$? -eq 130 ]  # Ctrl-C is a normal stop

test: $(STAMP) messages
	bash scripts/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# The quick gate before a commit (no tests): lint and formatting, no missing migration, Django's
# system checks (warnings fail too) and every catalogue compiling with matching placeholders.
check: lint messages
	DEBUG=1 $(PY) manage.py check --fail-level WARNING

# Benchmarks (speed goals as ratios measured in one run); each makes and drops its own database.
# bench/_run.py runs every bench/*.py but the helpers (_*.py), prints one table (scenario, size,
# figure, baseline in the same run, ratio, target, verdict) and writes var/bench/results.json.
# `make bench BENCH_QUICK=1` runs them all with small sizes (a few minutes: they start and finish,
# the figures are not judged); `BENCHMARKS="inbox serentak"` picks some; BENCH_ASPIRATIONS=10000000
# sets the data size; `BENCH_ARGS=...` is passed to each. Needs PostgreSQL and redis-server; wrk
# (which drives the public form's gunicorn) is installed from Debian when it is missing.
BENCHMARKS ?=
BENCH_ASPIRATIONS ?=
bench: $(STAMP) messages
	@command -v wrk >/dev/null || { echo "bench: installing wrk"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	BENCH_ASPIRATIONS=$(BENCH_ASPIRATIONS) $(PY) bench/_run.py $(BENCHMARKS) -- $(BENCH_ARGS)

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var db.sqlite3
	find . -name '*.mo' -not -path './.venv/*' -delete
