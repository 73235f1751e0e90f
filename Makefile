# tifa: `make report` writes reports/report.pdf from seeds/; `make test` runs the tests.
# The first run sets up .venv from pyproject.toml; it is re-made only when pyproject.toml changes.

.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON_INTERPRETER ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
SEEDS ?= seeds
OUT ?= reports
CONFIG ?= tifa.toml
ARGS ?=

$(VENV)/stamp: pyproject.toml
	@$(PYTHON_INTERPRETER) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "error: tifa needs Python >= 3.11; set PYTHON_INTERPRETER=python3.11 (or newer)")'
	@echo "setting up $(VENV) from pyproject.toml (once; again only when pyproject.toml changes)"
	@rm -rf $(VENV)
	@$(PYTHON_INTERPRETER) -m venv $(VENV)
	@$(PYTHON) -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 \
	  && $(PYTHON) -m pip install -e '.[test]' >> $(VENV)/install.log 2>&1 \
	  || { tail -30 $(VENV)/install.log; echo "error: installing from pyproject.toml failed; full log in $(VENV)/install.log"; rm -f $@; exit 1; }
	@touch $@

## Set up .venv (done automatically by the other targets)
setup: $(VENV)/stamp

## Write $(OUT)/report.pdf and $(OUT)/tables/*.csv from $(SEEDS) (make report SEEDS=dir OUT=dir)
report: $(VENV)/stamp
	@$(PYTHON) -m analysis report "$(SEEDS)" --out "$(OUT)" --config "$(CONFIG)" $(ARGS)

## Check the stopword lists, then suggest new stopwords for $(SEEDS) (make stopwords ARGS="--top 40")
stopwords: $(VENV)/stamp
	-@$(PYTHON) -m analysis stopwords check "$(SEEDS)" --config "$(CONFIG)" -q
	@$(PYTHON) -m analysis stopwords suggest "$(SEEDS)" --config "$(CONFIG)" -q $(ARGS)

## Run the test suite (on every core, at most 4 workers: make test ARGS="-n 0" runs it in one process)
test: $(VENV)/stamp
	@$(PYTHON) -m pytest -n auto --maxprocesses 4 $(ARGS)

## Time and measure memory of tifa against the naive baseline (writes bench/results.md)
bench: $(VENV)/stamp
	@$(PYTHON) scripts/bench.py $(ARGS)

## Score the formulation list against the gold lists in eval/gold/ (writes eval/results.md; make eval ARGS="--corpus seeds")
eval: $(VENV)/stamp
	@$(PYTHON) eval/run_eval.py $(ARGS)

## Lint with ruff
lint: $(VENV)/stamp
	@$(PYTHON) -m ruff check analysis tests scripts

## Format with ruff
format: $(VENV)/stamp
	@$(PYTHON) -m ruff format analysis tests scripts

## Remove generated reports (never seeds/, stopwords/, lexicon/; keeps the segmentation cache)
clean:
	@rm -rf $(OUT)/report.pdf $(OUT)/tables $(OUT)/figures $(OUT)/data.json $(OUT)/run.json $(OUT)/.tifa-*
	@find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
	@rm -rf .pytest_cache .ruff_cache .hypothesis

## clean, and also remove the segmentation cache and .venv
distclean: clean
	@rm -rf .cache $(VENV)

## List the targets
help:
	@echo "tifa: slogan and theme trend analyzer. Targets:"
	@awk '/^## /{h=substr($$0,4); next} /^[a-z-]+:/{if(h){split($$1,t,":"); printf "  make %-10s %s\n", t[1], h}; h=""}' $(MAKEFILE_LIST)

.PHONY: setup report stopwords test bench eval lint format clean distclean help
