VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install mock test test-quick test-deep lint format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

mock: $(STAMP)
	$(BIN)/mockserver $(ARGS)

test: $(STAMP)
	$(BIN)/pytest $(ARGS)

# Unit and in-process HTTP tests: no server process started, no conformance suite run.
test-quick: $(STAMP)
	$(BIN)/pytest tests/unit tests/integration -m "not slow" $(ARGS)

test-deep: $(STAMP)
	HYPOTHESIS_PROFILE=ci-deep $(BIN)/pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .reference-venvs
