# korea_notes: `make reproduce` and `make test` set everything up themselves.
# Needs Python 3.11 (as python3.11 or python3) and make; the rest is installed into .venv
# from requirements.txt, and reinstalled only when requirements.txt or pyproject.toml change.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export PYTHONHASHSEED := 0
export JUPYTER_PLATFORM_DIRS := 1

.DEFAULT_GOAL := help
.PHONY: help reproduce test lab clean distclean

help: ## list the targets
	@echo "korea_notes: make TARGET"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

reproduce: $(STAMP) ## run every notebook, regenerate figures/, build the report in build/
	$(VPY) -m korea_notes.reproduce

test: $(STAMP) ## run the whole test suite, notebooks and style included
	$(VPY) -m pytest

lab: $(STAMP) ## open JupyterLab in the environment
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

clean: ## remove build/ and caches (keeps .venv)
	rm -rf build .cache .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
		-type d -prune -exec rm -rf {} +

distclean: clean ## also remove the environment .venv
	rm -rf $(VENV)

$(VPY):
	@test -n "$(PYTHON)" || { echo "make: no python3 found; install Python 3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else f"make: $(PYTHON) is Python {v[0]}.{v[1]}, but requirements.txt is locked for 3.11: run make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)")'
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(STAMP): requirements.txt pyproject.toml | $(VPY)
	$(VPY) -m pip install --quiet --no-input --disable-pip-version-check -r requirements.txt
	@touch $@
