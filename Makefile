VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The mock's runtime alone: what `make mock` needs (a full install has it too).
MOCK_STAMP := $(VENV)/.installed-mock

CHROMIUM ?= /usr/bin/chromium

.PHONY: install mock-runtime-by-pip chromium redis-server mock test test-quick test-deep lint format bench fuzz clean

# Everything: the mock, the suite (the conformance extra) and the development tools.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP) $(MOCK_STAMP)

install: $(STAMP)

# The mock's runtime alone, run from this checkout (python -m mockserver): the dependencies
# pyproject.toml lists, without building the project (no build backend to install) and
# without a pip of the venv's own (`make install` adds it, with everything else). uv installs
# them (the uv on PATH, or else one fetched from PyPI into a folder of its own, removed after
# the install): it downloads in parallel and installs from its cache, in about 2 s where pip
# takes 15. Where uv cannot be had, pip installs them, as `mock-runtime-by-pip` says.
$(MOCK_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	@$(PYTHON) -c "$$MOCK_REQUIREMENTS" > $(VENV)/mock-requirements.txt
	@uv=$$(command -v uv || true); tools=; \
	if [ -z "$$uv" ]; then \
		tools=$$(mktemp -d) && \
		$(PYTHON) -m pip install --quiet --no-compile --target "$$tools" uv >/dev/null 2>&1 && \
		uv="$$tools/bin/uv"; \
	fi; \
	if [ -n "$$uv" ] && "$$uv" pip install --quiet --python $(BIN)/python -r $(VENV)/mock-requirements.txt; then \
		status=0; \
	else \
		$(MAKE) --no-print-directory mock-runtime-by-pip; status=$$?; \
	fi; \
	rm -rf "$$tools"; exit $$status
	@touch $(MOCK_STAMP)

# The mock's runtime by pip: from this Python's pip when it can install into another
# environment, else from a pip of the venv's own.
mock-runtime-by-pip:
	@if $(PYTHON) -m pip --help 2>/dev/null | grep -q -e '--python <python>'; then \
		$(PYTHON) -m pip --python $(BIN)/python install --quiet --no-compile -r $(VENV)/mock-requirements.txt; \
	else \
		test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV); \
		$(BIN)/pip install --quiet --no-compile -r $(VENV)/mock-requirements.txt; \
	fi

export MOCK_REQUIREMENTS := import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))

# Debian's chromium for the browser tests (tests/browser), when root can install it; the
# tests say how to install it when it is missing.
chromium:
	@if [ ! -x $(CHROMIUM) ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# Debian's redis-server for the Redis store's tests (tests/redis_server.py starts one on a
# free port), when root can install it; the tests say how to install it when it is missing.
redis-server:
	@if ! command -v redis-server >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	fi

mock: $(MOCK_STAMP)
	$(BIN)/python -m mockserver $(ARGS)

# On every core, each test file in one worker (its module fixtures, a Glance or a Tempest
# run, started once): about 10 minutes on 2 cores where one worker took 18 to 19.
test: $(STAMP) chromium redis-server
	$(BIN)/pytest -n auto --dist loadfile $(ARGS)

# Unit, store (memory and SQLite), in-process HTTP and the suite's own tests, spread over
# the machine's cores: no server process started (no Redis), no whole suite run.
test-quick: $(STAMP)
	HYPOTHESIS_PROFILE=quick $(BIN)/pytest tests/unit tests/store tests/integration tests/conformance \
		-m "not slow" -n auto $(ARGS)

test-deep: $(STAMP) chromium redis-server
	HYPOTHESIS_PROFILE=ci-deep $(BIN)/pytest -n auto --dist loadfile $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/actionlint examples/ci/github-actions/*.yml

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) redis-server
	$(BIN)/python -m bench $(ARGS)

# Generated, malformed and hostile requests against a mock process, 10,000 per run by
# default (a schema-driven run per contract, a hostile run per transport; pick with
# ARGS="--transport NAME --contract NAME --cases N --seed N --max-block-ms 50"), with the
# event loop's worst block per run; `make test` runs a short one.
fuzz: $(STAMP)
	$(BIN)/python -m tests.fuzz $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .reference-venvs
