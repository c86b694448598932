# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS ?= all,test,bench

.PHONY: venv test test-fast lint typecheck pytest demo bench bench-redis bench-scale playbooks-demo clean

venv: $(STAMP)

# setup.py and the .pyx: a changed kernel source is recompiled by the editable install.
# pip's and setuptools' banners go to $(VENV)/install.log, shown only when the install fails.
$(STAMP): pyproject.toml setup.py diffsync_automation/_engine/_speedups.pyx
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing diffsync-automation[$(EXTRAS)] into $(VENV) (log: $(VENV)/install.log)"
	@{ $(BIN)/python -m pip install -q --upgrade pip && $(BIN)/python -m pip install -q -e ".[$(EXTRAS)]"; } \
	  > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

lint: venv
	$(BIN)/ruff check diffsync_automation nornir_plugins tests benchmarks examples
	$(BIN)/ruff format --check diffsync_automation nornir_plugins tests benchmarks examples

typecheck: venv
	$(BIN)/mypy diffsync_automation nornir_plugins

# Every test, unit and integration (docs/testing.md), in PYTEST_WORKERS pytest-xdist processes, one test file per
# worker at a time (module fixtures are built once): most integration tests wait on SSH sessions and subprocesses,
# so three overlap well even on two cores. PYTEST_ARGS adds options, e.g. PYTEST_ARGS="-k redis";
# PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 3
pytest: venv
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test: lint typecheck pytest

# The unit tests only (no lab, SSH, servers or subprocesses), with fewer Hypothesis examples: for the edit loop.
test-fast: venv
	$(BIN)/pytest -m unit --hypothesis-profile=fast -q $(PYTEST_ARGS)

demo: venv
	@BIN=$(BIN) examples/demo.sh

bench: venv
	$(BIN)/python -m benchmarks.run

bench-redis: venv
	$(BIN)/python -m benchmarks.redis_bench

bench-scale: venv
	$(BIN)/python -m benchmarks.scale_runner --devices 100 1000 2000 --threads 50 --processes 2 --batch-sizes 25 --repeat 1

PLAYBOOK_LAB ?= .lab/playbooks
# ansible-core 2.19 imports cryptography's deprecated DSA names at startup: ignore that warning (a
# CryptographyDeprecationWarning, a UserWarning; -W cannot name cryptography's class) from that one module only.
ANSIBLE_QUIET := ignore::UserWarning:ansible._internal._ssh._ssh_agent

# Start four simulated switches, show their drift with Ansible, fix it, show that none is left, stop the lab.
playbooks-demo: venv
	$(BIN)/diffsync-automation lab up --devices 4 --platform mixed --inventory-dir $(PLAYBOOK_LAB)
	cd playbooks && export PATH="$(abspath $(BIN)):$$PATH" PYTHONWARNINGS="$(ANSIBLE_QUIET)" \
	  && inventory="$(abspath $(PLAYBOOK_LAB))/inventory.yml" \
	  && ansible-playbook -i "$$inventory" drift_check.yml --check --diff \
	  && ansible-playbook -i "$$inventory" remediate.yml --diff \
	  && ansible-playbook -i "$$inventory" drift_check.yml --check --diff; \
	  status=$$?; cd "$(CURDIR)" && $(BIN)/diffsync-automation lab down --inventory-dir $(PLAYBOOK_LAB); exit $$status

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build
	rm -f diffsync_automation/_engine/_speedups.c diffsync_automation/_engine/_speedups.*.so
