# Two commands do everything on a fresh machine: `make report` and `make test`.
# Each bootstraps .venv from pyproject.toml first; re-running is fast when nothing changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: report report-code screenshots test test-fast setup system data lint sync-notebooks bench clean lab course

# Run every notebook for every manifest entry → reports/<year>/<department>/*.ipynb, *.html,
# the corpus notebook over data/processed/panel → reports/corpus/, and reports/index.html.
report: data
	$(BIN)/python -m zhuzhou_budget report --all

# The same with the code shown in the HTML (for readers of the code), into reports-code/.
report-code: data
	$(BIN)/python -m zhuzhou_budget report --all --show-code --out reports-code

# An nbgrader course for every manifest entry → course/ (source/, release/ made by nbgrader,
# answer_keys/, handouts/; git-ignored): release, collect and autograde from there.
course: setup
	$(BIN)/python -m zhuzhou_budget course build

# Screenshots of reports/index.html and every summary, 900 px wide, in headless Chromium
# → reports/screenshots/ (run `make report` first).
screenshots: setup
	$(BIN)/python scripts/screenshot_reports.py reports

test: setup
	$(BIN)/ruff check zhuzhou_budget tests scripts benchmarks notebooks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# The local loop: everything but the tests marked slow (PDF input, notebook kernels).
test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

# Build data/processed/<year>/<department>/ for every entry of data/raw/manifest.csv, through the
# corpus batch (process pool, skips up-to-date documents): also data/processed/documents.csv and
# data/processed/panel/ (Parquet + DuckDB; git-ignored, rebuilt here).
data: setup
	$(BIN)/python -m zhuzhou_budget build-all

setup: $(STAMP) system

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# System packages the Python packages cannot bring: a Java runtime for tabula-py, Chromium for
# the tests that render the reports as a browser does.
system:
	@bash scripts/ensure-system-deps.sh

# JupyterLab on the project's environment, opened at the project root; saving a notebook
# keeps only what is committed (scripts/jupyter_server_config.py strips outputs).
# Jupyter refuses to start as root (a container's default user) unless told: --allow-root is
# given then, and only then.
LAB_USER_ID ?= $(shell id -u)
lab: setup
	$(BIN)/jupyter lab --config=scripts/jupyter_server_config.py$(if $(filter 0,$(LAB_USER_ID)), --allow-root)

lint: setup  # also run by make test
	$(BIN)/ruff check zhuzhou_budget tests scripts benchmarks notebooks
	$(BIN)/mypy

# After editing a notebook's .py (or its .ipynb) outside JupyterLab: bring its pair up to date.
sync-notebooks: setup
	$(BIN)/jupytext --sync notebooks/*.py notebooks/course/*.py

bench: setup
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_corpus.py

clean:
	rm -rf $(VENV) reports reports-code .pytest_cache .ruff_cache
