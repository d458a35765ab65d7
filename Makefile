# gapreview: `make run` (set up, review a sample, start the web page) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTHON ?= python3
SAMPLE ?= samples/proposals/2fa-warehouse.md
# llama-cpp-python must not be built for the build machine's CPU ("Illegal instruction" elsewhere).
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: install install-test run review test test-fast lint bench eval clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev,local-llm]'
	scripts/ensure-chromium
	touch $@

install-test: $(VENV)/.installed-test

review: install
	$(BIN)/gapreview kb add knowledge/samples
	$(BIN)/gapreview review $(SAMPLE)

run: review
	$(BIN)/gapreview app

test: install-test
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not integration and not llm and not e2e"

lint: install
	$(BIN)/ruff check core agents knowledge app evals tests benchmarks
	$(BIN)/mypy core agents knowledge app evals

bench: install
	$(PY) benchmarks/review_bench.py

eval: install
	$(BIN)/gapreview eval evals/cases --model builtin

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output
