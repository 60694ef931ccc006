"""Errors that list problems come back whole from a worker process (pickled and read back)."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from korea_notes.actors import LexiconError
from korea_notes.cleaning import RulesError
from korea_notes.corpus import CorpusError
from korea_notes.importing import BatchError

PROBLEMS = ["actors.yml, line 12: alias 'Kim' names two actors. Fix: keep it under one of them"]


@pytest.mark.parametrize("error", [
    LexiconError(PROBLEMS),
    RulesError("cleaning_rules.yml", PROBLEMS),
    BatchError("incoming/metadata.csv", PROBLEMS),
    CorpusError(PROBLEMS, pd.DataFrame({"article_id": ["2018-06-12_singapur-gipfel"]})),
], ids=lambda error: type(error).__name__)
def test_an_error_listing_problems_survives_pickling_with_its_message_and_problems(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert again.problems == error.problems
    if isinstance(error, CorpusError):
        assert again.articles.equals(error.articles)
