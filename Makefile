# Quick start:  make demo   (runs the bundled examples)
#               make test   (installs what the tests need, then runs them)
#               make dist   (the wheel, the sdist and the .vsix in dist/)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TOOLS_DIR ?= $(CURDIR)/.tools

.PHONY: demo test test-loaded test-python test-pythons check-wheel dist typecheck layers venv vscode editors schema bench bench-memory fuzz

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]' --group dev
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

# Everything on this Python (3.11), then the installed wheel, then the Python tests on 3.12 and 3.13.
# The tests but the editors' in two processes (they wait on servers and workers much of the time); the
# editors' one at a time (each drives a real Neovim, or code-server and Chromium, which take a core).
test: venv editors typecheck layers
	TOOLS_DIR=$(TOOLS_DIR) $(BIN)/python -m pytest -q -n 2 --ignore=tests/editors
	TOOLS_DIR=$(TOOLS_DIR) $(BIN)/python -m pytest -q tests/editors
	$(BIN)/python scripts/check_wheel.py
	$(BIN)/nox

# The wheel installed into a new virtual environment and used from outside the checkout: scripts/check_wheel.py.
check-wheel: venv
	$(BIN)/python scripts/check_wheel.py

# The Python tests but tests/editors on 3.12 and 3.13 (noxfile.py; a missing Python is a NOTICE).
test-pythons: venv
	$(BIN)/nox

# The wheel and the sdist (checked with twine), and the VS Code extension's .vsix.
dist: venv
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*.whl dist/*.tar.gz
	cd vscode-extension && npm ci && npm run package -- --out ../dist/

# The suite as `make test` runs it on this Python, beside HOGS busy CPUs (`yes > /dev/null`), as on
# a laptop doing other work: a test that passes only on a quiet machine fails here. The hogs stop
# however the tests end (Ctrl-C too). SCENARIO_TEST_TIME_SCALE=N gives every test deadline N times longer.
HOGS ?= 2
test-loaded: venv editors typecheck layers
	@hogs=; trap 'kill $$hogs 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	for i in $$(seq $(HOGS)); do yes > /dev/null & hogs="$$hogs $$!"; done; \
	echo "running the tests beside $(HOGS) CPU hogs (pids$$hogs)"; \
	TOOLS_DIR=$(TOOLS_DIR) $(BIN)/python -m pytest -q -n 2 --ignore=tests/editors && \
	TOOLS_DIR=$(TOOLS_DIR) $(BIN)/python -m pytest -q tests/editors

test-python: venv typecheck layers
	$(BIN)/python -m pytest -q --ignore=tests/editors

# mypy --strict over core/ and server/ (configured in pyproject.toml).
typecheck: venv
	$(BIN)/mypy

# The packages' layering and no import circles (import-linter; contracts in pyproject.toml, map in docs/architecture.md).
layers: venv
	$(BIN)/lint-imports

schema: venv
	$(BIN)/python scripts/generate_schemas.py

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
