"""Rebuild every notebook, figure and the HTML report: ``python -m korea_notes.reproduce``.

Runs each ``notebooks/NN_*.ipynb`` in order, each in a fresh ``python3`` kernel started in the
notebook's folder, and writes

- ``build/notebooks/<notebook>.ipynb``: the executed copy;
- ``build/report/<notebook>.html``: each notebook as a page that loads nothing from the network;
- ``build/report/index.html``, ``evidence.html``, ``tone.html``, ``articles/``: the findings page,
  the evidence pages and the articles (:mod:`korea_notes.report`), with a copy of every figure
  under ``build/report/figures/`` so the folder can be opened or moved whole;
- ``figures/``: whatever the notebooks save (through :func:`korea_notes.figures.save_figure`);
- ``figures/MANIFEST.csv``: one row per figure written in this run, with columns
  ``figure`` (name), ``notebook`` (the notebook that wrote it), ``png``, ``svg``, ``csv`` (file
  names, empty if not written), ``corpus_sha256`` (:func:`corpus_checksum`) and
  ``package_version``.

It ends by printing what changed in ``figures/`` against the committed version (from git).
A notebook that fails stops the run with exit status 1; its executed copy, up to the failing
cell, is still written so the error can be read there.

Kernels get ``PYTHONHASHSEED=0``, the (headless) inline matplotlib backend, and the repository
root on ``PYTHONPATH``, so the package is found even where it is not installed; for the report
also ``KOREA_NOTES_REPORT=1``, so that the figures' marks link to the evidence pages. They talk
to this process over local sockets (IPC) rather than TCP where the system has them (see
:func:`kernel_connection`), so no kernel warns that it runs over TCP without encryption.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from korea_notes import __version__
from korea_notes.corpus import corpus_checksum
from korea_notes.figures import FIGURES_DIR_VARIABLE, REPORT_VARIABLE, figure_files
from korea_notes.paths import BUILD_DIR, FIGURES_DIR, NOTEBOOKS_DIR, PROJECT_DIR
from korea_notes.report import NotebookPage, ReportError, build_report, notebook_html

NOTEBOOK_NAME = re.compile(r"^[0-9]{2}_[A-Za-z0-9_]+\.ipynb$")
"""A notebook that ``make reproduce`` runs: two digits, an underscore, a name, ``.ipynb``."""

KERNEL_NAME = "python3"
DEFAULT_TIMEOUT = 600
"""Seconds one cell may run before the notebook counts as failed."""

MANIFEST_NAME = "MANIFEST.csv"
MANIFEST_COLUMNS = [
    "figure",
    "notebook",
    "png",
    "svg",
    "csv",
    "corpus_sha256",
    "package_version",
]
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


class NotebookFailed(RuntimeError):
    """A notebook raised an error or timed out; ``executed`` holds it run up to that point."""

    def __init__(self, path: Path, message: str, executed) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.executed = executed


@dataclass
class NotebookRun:
    """What one notebook did: its executed copy, its HTML page, the figure files it wrote."""

    notebook: Path
    seconds: float
    executed_copy: Path
    html_page: Path
    written: list[str] = field(default_factory=list)


def find_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks to run, in reading order (``NN_*.ipynb``, sorted by name)."""
    if not notebooks_dir.is_dir():
        return []
    return sorted(p for p in notebooks_dir.iterdir() if NOTEBOOK_NAME.fullmatch(p.name))


def kernel_environment(figures_dir: Path | None = None, report: bool = False) -> dict[str, str]:
    """The environment a notebook kernel starts with: this process's, made reproducible
    (``report``: figures link to the report's evidence pages)."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = INLINE_BACKEND  # draws with Agg; shows figures in the executed copy
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PROJECT_DIR), env.get("PYTHONPATH", "")) if p
    )
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    if figures_dir is not None:
        env[FIGURES_DIR_VARIABLE] = str(figures_dir)
    if report:
        env[REPORT_VARIABLE] = "1"
    else:
        env.pop(REPORT_VARIABLE, None)
    return env


IPC_PATH_LIMIT = 100
"""Longest socket path used for IPC: Unix socket paths may have at most 104 (macOS) or 108
(Linux) bytes, so a longer runtime folder falls back to TCP."""


def kernel_connection() -> dict[str, str]:
    """How a notebook kernel talks to this process (``KernelManager`` settings): over Unix
    sockets (``transport`` ipc, ``ip`` the absolute path the sockets' names start with, new for
    each kernel, in Jupyter's runtime folder, which only this user can read) on POSIX systems;
    over TCP on Windows or when that path would be too long (:data:`IPC_PATH_LIMIT`)."""
    from jupyter_core.paths import jupyter_runtime_dir

    prefix = os.path.join(jupyter_runtime_dir(), f"korea-notes-{uuid.uuid4().hex}")
    if os.name != "posix" or len(prefix) + len("-99") > IPC_PATH_LIMIT:
        return {"transport": "tcp"}
    os.makedirs(os.path.dirname(prefix), mode=0o700, exist_ok=True)
    return {"transport": "ipc", "ip": prefix}


def execute_notebook(
    path: Path, *, timeout: int = DEFAULT_TIMEOUT, figures_dir: Path | None = None,
    report: bool = False,
):
    """Run a notebook top to bottom in a fresh kernel in its own folder; return the executed
    notebook (an ``nbformat.NotebookNode``). ``report``: for the report (see
    :func:`kernel_environment`). Raises :class:`NotebookFailed` on an error."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from traitlets.config import Config

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        config=Config({"KernelManager": kernel_connection()}),
    )
    try:
        client.execute(cwd=str(path.parent), env=kernel_environment(figures_dir, report))
    except CellTimeoutError as error:
        raise NotebookFailed(
            path, f"a cell ran longer than {timeout} s: {error}", notebook
        ) from error
    except (CellExecutionError, DeadKernelError) as error:
        raise NotebookFailed(path, str(error), notebook) from error
    return notebook


def snapshot(figures_dir: Path) -> dict[str, tuple[int, str]]:
    """Each figure file's modification time and content hash, by file name."""
    return {
        path.name: (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for paths in figure_files(figures_dir).values()
        for path in paths
    }


def written_between(before: dict[str, tuple[int, str]], after: dict[str, tuple[int, str]]):
    """File names that are new or were rewritten between two snapshots, sorted."""
    return sorted(name for name, state in after.items() if before.get(name) != state)


def manifest(
    runs: Sequence[NotebookRun], project_dir: Path, corpus_sha256: str, version: str
) -> pd.DataFrame:
    """One row per figure written in ``runs`` (columns :data:`MANIFEST_COLUMNS`), sorted by
    figure; notebooks are named by their path relative to ``project_dir``."""
    rows: dict[str, dict[str, str]] = {}
    for run in runs:
        notebook = (
            run.notebook.relative_to(project_dir).as_posix()
            if run.notebook.is_relative_to(project_dir)
            else run.notebook.name
        )
        for file_name in run.written:
            stem, suffix = file_name.rsplit(".", 1)
            row = rows.setdefault(
                stem,
                {"figure": stem, "notebook": notebook, "png": "", "svg": "", "csv": ""},
            )
            if row["notebook"] != notebook:
                raise RuntimeError(
                    f"figure {stem} is written by both {row['notebook']} and {notebook}: "
                    "give each figure a name of its own"
                )
            row[suffix] = file_name
    table = pd.DataFrame(
        [
            {**row, "corpus_sha256": corpus_sha256, "package_version": version}
            for row in rows.values()
        ],
        columns=MANIFEST_COLUMNS,
    )
    return table.sort_values("figure", kind="stable").reset_index(drop=True)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write a table as UTF-8 CSV with ``"\\n"`` line ends and no index."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        table.to_csv(handle, index=False, lineterminator="\n")


def export_html(notebook, path: Path) -> None:
    """Write an executed notebook as a standalone HTML page that loads nothing from the network."""
    path.write_text(notebook_html(notebook), encoding="utf-8")


def changes_against_git(figures_dir: Path, project_dir: Path = PROJECT_DIR) -> str:
    """What differs in ``figures_dir`` from the committed version, as git reports it."""
    try:
        relative = figures_dir.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return f"{figures_dir} is outside the repository: no committed figures to compare with."
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all", "--", relative],
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=False,
        )
        if status.returncode != 0:
            return "Not a git repository: no committed figures to compare with."
        stat = subprocess.run(
            ["git", "diff", "--stat", "--", relative],
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return "git is not installed: no committed figures to compare with."
    if not status.stdout.strip():
        return f"{relative}/ is identical to the committed version."
    return (
        f"Changes in {relative}/ against the committed version "
        "(M modified, ?? new, D deleted):\n" + status.stdout + stat.stdout
    )


def reproduce(
    notebooks_dir: Path = NOTEBOOKS_DIR,
    figures_dir: Path = FIGURES_DIR,
    build_dir: Path = BUILD_DIR,
    timeout: int = DEFAULT_TIMEOUT,
) -> list[NotebookRun]:
    """Run every notebook, write executed copies, HTML report and figure manifest (see module)."""
    import nbformat

    notebooks = find_notebooks(notebooks_dir)
    if not notebooks:
        raise FileNotFoundError(
            f"{notebooks_dir}: no notebooks named NN_*.ipynb to run; add one (e.g. "
            "notebooks/01_corpus.ipynb) or pass --notebooks-dir"
        )
    corpus_sha256 = corpus_checksum()
    executed_dir = build_dir / "notebooks"
    report_dir = build_dir / "report"
    for folder in (executed_dir, report_dir):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    figures_dir.mkdir(parents=True, exist_ok=True)

    runs: list[NotebookRun] = []
    for path in notebooks:
        print(f"running {path.name} ...", flush=True)
        before = snapshot(figures_dir)
        start = time.perf_counter()
        executed_copy = executed_dir / path.name
        html_page = report_dir / f"{path.stem}.html"
        try:
            executed = execute_notebook(path, timeout=timeout, figures_dir=figures_dir,
                                        report=True)
        except NotebookFailed as failure:
            nbformat.write(failure.executed, executed_copy)
            export_html(failure.executed, html_page)
            raise
        seconds = time.perf_counter() - start
        nbformat.write(executed, executed_copy)
        export_html(executed, html_page)
        run = NotebookRun(
            path, seconds, executed_copy, html_page, written_between(before, snapshot(figures_dir))
        )
        runs.append(run)
        print(
            f"  done in {seconds:.1f} s; wrote {len(run.written)} figure files"
            + (f": {', '.join(run.written)}" if run.written else ""),
            flush=True,
        )

    table = manifest(runs, PROJECT_DIR, corpus_sha256, __version__)
    write_csv(table, figures_dir / MANIFEST_NAME)
    written = {name for run in runs for name in run.written}
    stale = [
        path.name
        for paths in figure_files(figures_dir).values()
        for path in paths
        if path.name not in written
    ]
    index = build_report(report_dir, figures_dir, [
        NotebookPage(run.notebook.name, run.html_page.name, len(run.written), run.seconds)
        for run in runs])

    print(f"\nexecuted notebooks: {executed_dir}")
    print(f"report:             {index}")
    print(f"figure manifest:    {figures_dir / MANIFEST_NAME} ({len(table)} figures)")
    if stale:
        print(
            f"\nWARNING: {len(stale)} file(s) in {figures_dir} were not written by any notebook "
            "(left over from a renamed or removed figure? delete them if so): " + ", ".join(stale)
        )
    print("\n" + changes_against_git(figures_dir))
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m korea_notes.reproduce [--notebooks-dir ...] [...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m korea_notes.reproduce",
        description="Execute every notebook in order, regenerate figures/ and build the report.",
    )
    parser.add_argument("--notebooks-dir", type=Path, default=NOTEBOOKS_DIR)
    parser.add_argument("--figures-dir", type=Path, default=FIGURES_DIR)
    parser.add_argument("--build-dir", type=Path, default=BUILD_DIR)
    parser.add_argument(
        "--timeout", type=int, default=DEFAULT_TIMEOUT, help="seconds per cell (default 600)"
    )
    args = parser.parse_args(argv)
    try:
        reproduce(
            args.notebooks_dir.resolve(),
            args.figures_dir.resolve(),
            args.build_dir.resolve(),
            args.timeout,
        )
    except NotebookFailed as failure:
        print(f"\nFAILED: {failure}", file=sys.stderr)
        print(
            f"The executed copy up to the failing cell is in {args.build_dir / 'notebooks'}.",
            file=sys.stderr,
        )
        return 1
    except (FileNotFoundError, RuntimeError, ReportError) as error:
        print(f"\nFAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
