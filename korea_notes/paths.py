"""Where the project's files live, independent of the working directory."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
"""The installed ``korea_notes`` package folder (YAML knowledge lives here)."""

PROJECT_DIR: Path = PACKAGE_DIR.parent
"""The repository root: the folder holding ``corpus/``, ``notebooks/`` and ``figures/``."""

CORPUS_DIR: Path = PROJECT_DIR / "corpus"
FIGURES_DIR: Path = PROJECT_DIR / "figures"
NOTEBOOKS_DIR: Path = PROJECT_DIR / "notebooks"
BUILD_DIR: Path = PROJECT_DIR / "build"
CACHE_DIR: Path = PROJECT_DIR / ".cache"
