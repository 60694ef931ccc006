"""The notebooks: stored clean, each runs top to bottom in a fresh kernel, and the tables behind
their figures match the committed ones.

The notebooks folder can be pointed elsewhere with ``KOREA_NOTES_NOTEBOOKS_DIR`` (for trying a
notebook before it is added). Figures written while testing go to a temporary folder, never
into ``figures/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from korea_notes.paths import FIGURES_DIR
from korea_notes.reproduce import NOTEBOOK_NAME, NotebookFailed, execute_notebook

NOTEBOOKS_DIR = Path(
    os.environ.get("KOREA_NOTES_NOTEBOOKS_DIR") or Path(__file__).resolve().parents[1] / "notebooks"
)
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb")) if NOTEBOOKS_DIR.is_dir() else []
TIMEOUT = 600


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run each notebook once per test module (into its own figures folder), on demand."""
    cache: dict[Path, tuple[Path, Exception | None]] = {}

    def run(path: Path) -> tuple[Path, Exception | None]:
        if path not in cache:
            figures = tmp_path_factory.mktemp(path.stem)
            try:
                execute_notebook(path, timeout=TIMEOUT, figures_dir=figures)
                cache[path] = (figures, None)
            except NotebookFailed as failure:
                cache[path] = (figures, failure)
        return cache[path]

    return run


def test_there_is_at_least_one_notebook():
    assert NOTEBOOKS, f"no notebook in {NOTEBOOKS_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_named_for_its_place_in_the_reading_order(path):
    assert NOTEBOOK_NAME.fullmatch(path.name), (
        f"{path.name}: name it NN_name.ipynb (e.g. 02_sentences.ipynb) so that "
        "make reproduce runs it in order"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs_or_execution_counts(path):
    notebook = nbformat.read(path, as_version=4)
    dirty = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} carry outputs or execution counts; clear them "
        "(JupyterLab: Edit > Clear Outputs of All Cells) and save again"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom_in_a_fresh_kernel(path, executed):
    _, failure = executed(path)
    if failure is not None:
        pytest.fail(str(failure), pytrace=False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_tables_behind_the_figures_match_the_committed_ones(path, executed):
    figures, failure = executed(path)
    if failure is not None:
        pytest.fail(f"the notebook did not run: {failure}", pytrace=False)
    for csv in sorted(figures.glob("*.csv")):
        committed = FIGURES_DIR / csv.name
        assert committed.is_file(), (
            f"{path.name} writes {csv.name}, which is not in figures/: run make reproduce "
            "and commit figures/"
        )
        assert csv.read_bytes() == committed.read_bytes(), (
            f"{path.name} now writes a different {csv.name} than the committed one: if the "
            "change is intended, run make reproduce and commit figures/"
        )
