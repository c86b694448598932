# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS ?= all,test,bench

.PHONY: venv test lint typecheck pytest demo bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]"
	touch $(STAMP)

lint: venv
	$(BIN)/ruff check diffsync_automation nornir_plugins tests benchmarks examples
	$(BIN)/ruff format --check diffsync_automation nornir_plugins tests benchmarks examples

typecheck: venv
	$(BIN)/mypy diffsync_automation nornir_plugins

pytest: venv
	$(BIN)/pytest

test: lint typecheck pytest

demo: venv
	BIN=$(BIN) examples/demo.sh

bench: venv
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
