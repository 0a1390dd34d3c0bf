# Two commands for a newcomer: `make serve` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install build serve test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(BIN)/vanort build

serve: $(STAMP)
	$(BIN)/vanort build --if-needed
	$(BIN)/vanort serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf release build .pytest_cache
