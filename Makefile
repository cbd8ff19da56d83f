# The two commands of the README. Each installs what is missing first, so a fresh clone needs nothing else.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test validate scale-check lint typecheck migrations-check test-sqlite test-postgres install clean

run: install
	@scripts/system-packages.sh run
	$(VENV)/bin/assay serve

test: install
	@scripts/system-packages.sh test
	@$(MAKE) --no-print-directory lint typecheck migrations-check
	@eval "$$(scripts/test-services.sh)"; export ASSAY_TEST_DATABASE_URL ASSAY_TEST_REDIS_URL; \
	  $(MAKE) --no-print-directory test-sqlite && $(MAKE) --no-print-directory test-postgres

BUNDLE := src/assay/live/static/live/build/editor.js

TOOLS := $(VENV)/tools
ANALYSIS_TOOLS := $(TOOLS)/.eslint-installed $(TOOLS)/.go-installed $(TOOLS)/.pmd-installed $(TOOLS)/.axe-installed
TEST_TOOLS := $(TOOLS)/.s3-installed

install: $(STAMP) $(BUNDLE) $(ANALYSIS_TOOLS) $(TEST_TOOLS)

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

# The live session editor (CodeMirror 6 + Yjs), bundled from the versions pinned in frontend/package-lock.json.
$(BUNDLE): frontend/package.json frontend/package-lock.json $(wildcard frontend/src/*.js)
	@command -v npm >/dev/null || scripts/system-packages.sh run
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build

# The static stage's stack analyzers (eslint, staticcheck and gosec, PMD), pinned under tools/; each rebuilt only
# when its pins change (a stamp per tool).
$(TOOLS)/.eslint-installed: tools/eslint/package.json tools/eslint/package-lock.json tools/eslint/eslint.config.mjs
	scripts/analysis-tools.sh eslint $(TOOLS)

# axe-core, which the hidden tests' browser injects into a candidate's page (never downloaded at grading time).
$(TOOLS)/.axe-installed: tools/axe/package.json tools/axe/package-lock.json
	scripts/analysis-tools.sh axe $(TOOLS)

$(TOOLS)/.go-installed: tools/go/tools.txt
	scripts/analysis-tools.sh go $(TOOLS)

$(TOOLS)/.pmd-installed: tools/pmd/pom.xml tools/pmd/ruleset.xml
	scripts/analysis-tools.sh pmd $(TOOLS)

# The S3-compatible object store (versitygw) that the tests and scale-check start on loopback.
$(TOOLS)/.s3-installed: tools/s3/tools.txt
	scripts/s3-server.sh $(TOOLS)

lint:
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/lint-imports  # the package floors and the sandbox's independence (pyproject.toml)

typecheck:
	$(VENV)/bin/mypy src

migrations-check:
	ASSAY_VAR_DIR=$$(mktemp -d) $(VENV)/bin/assay makemigrations --check --dry-run

test-sqlite:
	@echo "== tests on SQLite"
	$(VENV)/bin/pytest

test-postgres:
	@echo "== tests on PostgreSQL"
	@if [[ -z "$$ASSAY_TEST_DATABASE_URL" ]]; then \
	  if [[ "$$ASSAY_REQUIRE_POSTGRES" == 1 ]]; then echo "PostgreSQL is required (ASSAY_REQUIRE_POSTGRES=1) but could not be started"; exit 1; fi; \
	  echo "PostgreSQL is not available here: skipping the PostgreSQL run"; exit 0; fi
	DATABASE_URL=$$ASSAY_TEST_DATABASE_URL $(VENV)/bin/pytest --database-tests-only

# Grades every reference solution, alternative, starter, flawed variant and seeded flaw of the library, in parallel (about 40 to 50 minutes on two cores; CI runs it).
validate: install
	@scripts/system-packages.sh run
	@echo "== the challenge library: every reference solution, starter and flawed variant through the real grader"
	@if [[ $$(id -u) -ne 0 ]] || ! command -v bwrap >/dev/null; then \
	  if [[ "$$ASSAY_REQUIRE_SANDBOX" == 1 ]]; then echo "grading needs root and bubblewrap (ASSAY_REQUIRE_SANDBOX=1)"; exit 1; fi; \
	  echo "grading needs root and bubblewrap: skipping the library validation"; exit 0; fi
	$(VENV)/bin/assay challenges validate

clean:
	rm -rf $(VENV) var frontend/node_modules src/assay/live/static/live/build

# The scaled mode on this machine: nginx, two web processes, two RQ grading workers, PostgreSQL and Redis; a
# candidate invited, cloning, pushing, submitting and graded across them (about a minute).
scale-check: install
	@scripts/system-packages.sh scale
	$(PY) scripts/scale_check.py
