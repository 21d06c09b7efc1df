# Quick start:  make demo   (runs the bundled examples)
#               make test   (installs what the tests need, then runs them)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS_DIR ?= $(CURDIR)/.tools

.PHONY: demo test test-python typecheck layers venv vscode editors schema bench bench-memory fuzz

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(VENV)/.installed

# The failing examples are meant to fail: the exit status is shown, not hidden.
# examples/checkout/ is a project with Python missions (its own pyproject.toml).
demo: venv
	@$(BIN)/scenario run examples/; status=$$?; \
	echo "scenario run examples/ exited with $$status (0 passed, 1 expectations failed, 2 invalid input; on purpose: examples/failing.scenario.yaml shows every kind of finding of the file format, examples/checkout/failing.scenario.yaml those of Python missions)"

# Editors: the VS Code extension (.vsix) and code-server with Chromium for its end-to-end test;
# VS Code's DAP test client for scenario-dap (tests/dap/test_vscode_client.py).
editors:
	TOOLS_DIR=$(TOOLS_DIR) bash scripts/install-code-server.sh
	cd vscode-extension && npm ci && npm test && npm run package
	cd tests/dap/testsupport && PATH="$(TOOLS_DIR)/node24/node_modules/.bin:$$PATH" npm ci --no-audit --no-fund

test: venv editors typecheck layers
	TOOLS_DIR=$(TOOLS_DIR) $(BIN)/python -m pytest -q

test-python: venv typecheck layers
	$(BIN)/python -m pytest -q --ignore=tests/editors

# mypy --strict over core/ and server/ (configured in pyproject.toml).
typecheck: venv
	$(BIN)/mypy

# The packages' layering and no import circles (import-linter; contracts in pyproject.toml, map in docs/architecture.md).
layers: venv
	$(BIN)/lint-imports

schema: venv
	$(BIN)/python schema/generate.py

bench: venv
	$(BIN)/python bench/bench_check.py

# Resident size of the server over an editing session (about 4 minutes): docs/benchmarks.md, "Memory".
bench-memory: venv
	$(BIN)/python bench/bench_memory.py

# A long fuzz run of the server: seeded mutations of the examples and of the README's values
# (tests/server/test_fuzz.py; CI runs 3,000). On failure the seed and the document are printed;
# the same SEED gives the same documents: make fuzz SEED=1234 DOCUMENTS=100000
SEED ?= $(shell date +%s)
DOCUMENTS ?= 50000
fuzz: venv
	@echo "fuzzing the server: seed $(SEED), $(DOCUMENTS) documents"
	SCENARIO_FUZZ_SEED=$(SEED) SCENARIO_FUZZ_DOCUMENTS=$(DOCUMENTS) $(BIN)/python -m pytest -q tests/server/test_fuzz.py
