"""Fixtures shared by the test modules: the real corpus through the first steps of the data flow.

Module-scoped, so that each test module gets its own tables (no test can change another
module's input).
"""

from __future__ import annotations

import pandas as pd
import pytest

from korea_notes.cleaning import clean_articles
from korea_notes.corpus import load_articles
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
