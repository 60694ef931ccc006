# korea_notes: `make reproduce` and `make test` set everything up themselves.
# Needs Python 3.11, 3.12 or 3.13 and make; the rest is installed into .venv from
# requirements.txt (one lock for all three versions), and reinstalled only when
# requirements.txt or pyproject.toml change.

# The oldest and newest Python the lock is made for; pyproject.toml's requires-python and
# environment.yml say the same (tests/test_environment.py checks it).
PYTHON_MIN := 3.11
PYTHON_MAX := 3.13
# The first of these that is a Python 3.11-3.13 (pyenv's shims of inactive versions fail and
# are passed over); another one with `make PYTHON=/path/to/python3.12 ...`.
PYTHON_CANDIDATES := python3 python3.13 python3.12 python3.11
PYTHON ?= $(shell for name in $(PYTHON_CANDIDATES); do \
	path=$$(command -v $$name 2>/dev/null) && $$path -c '$(IN_RANGE)' >/dev/null 2>&1 \
	&& { echo $$path; break; }; done)
IN_RANGE = import sys; sys.exit(not ($(subst .,$(comma),$(PYTHON_MIN)),) <= sys.version_info[:2] <= ($(subst .,$(comma),$(PYTHON_MAX)),))
comma := ,
# One environment per folder; e.g. `make test PYTHON=python3.13 VENV=.venv-3.13` keeps a second.
VENV ?= .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make test TESTS="tests/test_cli.py"` runs only those tests.
TESTS ?=
# The lock tool, needed only by `make lock` (never to install): https://docs.astral.sh/uv/
UV ?= uv
LOCK_EXTRAS := test,notebooks

export PYTHONHASHSEED := 0
export JUPYTER_PLATFORM_DIRS := 1

.DEFAULT_GOAL := help
.PHONY: help reproduce test lab lock clean distclean python-check

help: ## list the targets
	@echo "korea_notes: make TARGET"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

reproduce: $(STAMP) ## run every notebook, regenerate figures/, build the report in build/
	$(VPY) -m korea_notes.reproduce

test: $(STAMP) ## run the whole test suite, notebooks and style included
	$(VPY) -m pytest $(TESTS)

# jupyter/ holds the project's Jupyter settings (no news pop-up, no update check, kernels over
# local sockets; see jupyter/README.md); JUPYTER_CONFIG_PATH adds it to the user's own.
lab: $(STAMP) ## open JupyterLab in the environment, with the project's settings
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter$(if $(JUPYTER_CONFIG_PATH),:$(JUPYTER_CONFIG_PATH)) \
		$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

lock: ## regenerate requirements.txt from pyproject.toml (needs uv; keeps the pins it can)
	@command -v $(UV) >/dev/null 2>&1 || { echo "make lock: needs uv (e.g. pipx install uv," \
		"see https://docs.astral.sh/uv/); installing the environment does not" >&2; exit 1; }
	echo "-e .[$(LOCK_EXTRAS)]" | $(UV) pip compile - --universal \
		--python-version $(PYTHON_MIN) --custom-compile-command "make lock" \
		--output-file requirements.txt $(LOCK_FLAGS)

clean: ## remove build/ and caches (keeps .venv)
	rm -rf build .cache .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -path './.venv*' -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
		-type d -prune -exec rm -rf {} +

distclean: clean ## also remove the environment .venv
	rm -rf $(VENV)

python-check:
	@test -n "$(PYTHON)" || { echo "make: found no Python $(PYTHON_MIN)-$(PYTHON_MAX) (tried" \
		"$(PYTHON_CANDIDATES)); install one, or run make PYTHON=/path/to/python3.13" \
		"$(MAKECMDGOALS)" >&2; exit 1; }
	@$(PYTHON) -c '$(IN_RANGE)' || { echo "make: $(PYTHON) is Python" \
		"$$($(PYTHON) -c 'import sys; print(*sys.version_info[:2], sep=".")'), but the lock" \
		"is for $(PYTHON_MIN)-$(PYTHON_MAX): run make PYTHON=/path/to/python3.13" \
		"$(MAKECMDGOALS)" >&2; exit 1; }
	@test ! -x $(VPY) || test "$(origin PYTHON)" != "command line" \
		|| test "$$($(VPY) -c 'import sys; print(sys.version_info[:2])')" \
		= "$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])')" \
		|| { echo "make: $(VENV) was made with another Python than $(PYTHON): run" \
		"make distclean first, or keep both with VENV=.venv-other" >&2; exit 1; }

$(VPY): | python-check
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "make: $(PYTHON) -m venv failed;" \
		"on Debian or Ubuntu install the venv module (apt install python3-venv)" >&2; exit 1; }

$(STAMP): requirements.txt pyproject.toml | python-check $(VPY)
	$(VPY) -m pip install --quiet --no-input --disable-pip-version-check -r requirements.txt
	@touch $@
