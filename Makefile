# Two commands (see README.md):
#   make lab    install what students need into .venv, copy the student edition's new notebooks
#               into work/ (never overwriting) and open JupyterLab there (jupyter_server_config.py)
#   make test   install that plus the test tools into .venv and run every test: unit tests, the
#               notebooks (nbval), the real-browser tests (JupyterLab driven in Chromium), and
#               the unit tests and one notebook on Python 3.10 and 3.13 (scripts/test-pythons.sh),
#               and the notebooks in the browser on Binder's JupyterLab (scripts/test-binder-lab.sh)
# Both are idempotent: an install step reruns only when requirements*.txt, constraints.txt or
# pyproject.toml change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUNTIME := $(VENV)/.runtime

.PHONY: lab test lint install runtime pythons binderlab browser bench clean proxy axe loadtest student mutants

# The pinned versions are tested on Python 3.10 to 3.13.
define CHECK_PYTHON
import sys
v = sys.version_info[:2]
if v < (3, 10):
    sys.exit(f"neurolab needs Python 3.10 or newer; $(PYTHON) is {sys.version.split()[0]}. "
             "Name a newer one, e.g. make lab PYTHON=python3.11")
if v > (3, 13):
    print(f"WARNING: Python {sys.version.split()[0]} is newer than the tested 3.10-3.13; "
          "if the install fails, try e.g. make lab PYTHON=python3.13")
try:  # Debian and Ubuntu ship ensurepip (which venv needs) in a separate package
    import ensurepip, venv
except ImportError as e:
    sys.exit(f"{sys.executable} (Python {v[0]}.{v[1]}) cannot make a virtual environment: {e}.\n"
             f"  Debian, Ubuntu: sudo apt install python{v[0]}.{v[1]}-venv\n"
             "  Other systems: install Python from python.org or your package manager, with venv.\n"
             "Then run the same make command again.")
endef
export CHECK_PYTHON

# runtime: what students need (requirements.txt) and neurolab; install: that plus the test tools.
runtime: $(RUNTIME)
install: $(STAMP)

$(RUNTIME): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c "$$CHECK_PYTHON"
	@$(PYTHON) -m venv $(VENV) || { echo "$(PYTHON) -m venv $(VENV) failed: on Debian and Ubuntu install python3-venv (sudo apt install python3-venv), then run make again." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME) requirements-test.txt
	$(BIN)/python -m pip install --quiet -r requirements-test.txt -c constraints.txt
	touch $(STAMP)

# 127.0.0.1 only, --allow-root only when run as root, opens on work/: jupyter_server_config.py
lab: runtime
	$(BIN)/jupyter lab --config=jupyter_server_config.py

# The student edition notebooks/student/*.ipynb, generated from the sources notebooks/NN_*.ipynb
# (solutions become stubs, answers "Your answer:", instructor cells dropped); it is committed,
# and tests/test_editions.py fails when it differs from a fresh `make student`.
student: install
	$(BIN)/python tools/make_student.py

# Mutation testing of the exercise checks (tools/mutate.py): every mutant of each solution is
# judged (tools/judges) and checked; writes docs/mutation-report.md, fails below a 98 % kill
# rate or on an unexplained survivor or false alarm (tools/mutation_explained.json).
mutants: install
	$(BIN)/python tools/mutate.py --report docs/mutation-report.md

# Debian's Chromium for the browser tests (never `playwright install`: it downloads a browser).
# Installed when missing and we may (root with apt-get); otherwise the browser tests say loudly
# that they did not run, and fail under CI.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "WARNING: chromium is not installed and cannot be installed here (needs root and apt-get);"; \
		echo "WARNING: the real-browser tests will NOT run. Install it with: sudo apt-get install chromium"; \
	fi

test: install browser proxy axe
	$(BIN)/python -m pytest tests notebooks
	@$(MAKE) --no-print-directory pythons
	@$(MAKE) --no-print-directory binderlab

# ruff with the settings of pyproject.toml ([tool.ruff]); tests/test_lint.py runs it too.
lint: install
	$(BIN)/python -m ruff check .

# The README's Python range: import, unit tests and one notebook on 3.10 and 3.13, each in its
# own venv (.venv-py3.10, .venv-py3.13) from the same pinned files.
pythons:
	bash scripts/test-pythons.sh

# The notebooks in a real browser on the JupyterLab that Binder and the hubs serve (4.4.9), in
# .venv-binder, a stand-in for Binder's image (scripts/test-binder-lab.sh).
binderlab: install browser axe
	bash scripts/test-binder-lab.sh

# configurable-http-proxy for the local JupyterHub of the class load test: npm, pinned in
# deploy/loadtest/package-lock.json, installed into the git-ignored deploy/loadtest/node_modules.
# Node.js >= 20 and npm are installed with apt-get when missing and we may (root).
CHP := deploy/loadtest/node_modules/.bin/configurable-http-proxy
proxy: $(CHP)

define NEED_NPM
	@if ! command -v npm >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's nodejs and npm..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
		else \
			echo "ERROR: npm is missing; install Node.js >= 20 and npm (e.g. sudo apt-get install nodejs npm)"; exit 1; \
		fi; \
	fi
endef

$(CHP): deploy/loadtest/package.json deploy/loadtest/package-lock.json
	$(NEED_NPM)
	@node -e 'if (+process.versions.node.split(".")[0] < 20) console.log("WARNING: configurable-http-proxy 5 needs Node.js >= 20, this is " + process.version)'
	cd deploy/loadtest && npm ci --no-audit --no-fund --loglevel=error
	touch $(CHP)

# axe-core for the accessibility audit of the real-browser tests (tests/browser/nb_browser.py):
# npm, pinned in tests/browser/axe/package-lock.json, installed into the git-ignored node_modules.
AXE := tests/browser/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE): tests/browser/axe/package.json tests/browser/axe/package-lock.json
	$(NEED_NPM)
	cd tests/browser/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

# A whole class on this machine (benchmarks/loadtest.py): a real JupyterHub on 127.0.0.1 and
# N simulated students per step. Not part of `make test` (tests/test_loadtest.py runs N = 2 there).
STUDENTS ?= 1,4,8,16,32
loadtest: install proxy
	$(BIN)/python benchmarks/loadtest.py --students $(STUDENTS)

bench: install
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .venv-py3.* .venv-binder .pytest_cache tests/artifacts deploy/loadtest/node_modules \
		tests/browser/axe/node_modules
