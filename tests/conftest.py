"""Fixtures shared by the test modules: the real corpus through the first steps of the data flow.

Module-scoped, so that each test module gets its own tables (no test can change another
module's input).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from korea_notes.cleaning import clean_articles
from korea_notes.corpus import load_articles
from korea_notes.paths import CORPUS_DIR
from korea_notes.reference import REFERENCE_DIR
from korea_notes.sentences import split_sentences


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    """The corpus as loaded."""
    return load_articles()


@pytest.fixture(scope="module")
def clean(articles) -> pd.DataFrame:
    """The clean articles (the first table of ``clean_articles``)."""
    return clean_articles(articles)[0]


@pytest.fixture(scope="module")
def sentences(clean) -> pd.DataFrame:
    """The sentences of the clean articles."""
    return split_sentences(clean)


@pytest.fixture(scope="module")
def dev_texts() -> list[str]:
    """The texts of the development sentences (corpus/annotations/dev_sentences.jsonl)."""
    lines = (REFERENCE_DIR / "dev_sentences.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of the real corpus, for tests that change one."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR / "articles", folder / "articles")
    shutil.copy(CORPUS_DIR / "metadata.csv", folder / "metadata.csv")
    return folder


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, bytes]]:
    """Every file of a folder, by relative path, with its bytes (to prove nothing changed)."""
    def files(folder: Path) -> dict[str, bytes]:
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
                if p.is_file()}
    return files
