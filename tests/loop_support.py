"""Shared pieces of the validation-loop tests: the corpus run once per module, a drawn sample
and its sheet filled with the reference coding of the five articles (the human coder)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from korea_notes.human import reference_codes
from korea_notes.positions import code_positions, prepare_sentences
from korea_notes.reference import load_reference_positions
from korea_notes.sampling import draw_sample, sentence_pool, write_sample
from korea_notes.sheets import blank_sheet, fill_sheet, write_sheet

SEED = 15
PERIOD = "year"


@dataclass
class Run:
    """The corpus through the coder, and the reference coding as codes of its sentences."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    claims: pd.DataFrame
    gold: pd.DataFrame

    def pool(self, exclude: frozenset[str] = frozenset()) -> pd.DataFrame:
        return sentence_pool(self.sentences, self.claims, self.articles, PERIOD, exclude)


def corpus_run(articles: pd.DataFrame) -> Run:
    sentences = prepare_sentences(articles)
    gold = reference_codes(load_reference_positions(articles), sentences)
    return Run(articles, sentences, code_positions(sentences), gold)


def drawn(run: Run, folder: Path, n: int = 40, name: str = "round1") -> tuple[pd.DataFrame, Path]:
    """A sample of ``n`` sentences written as ``folder/<name>.xlsx`` with its key."""
    sample = draw_sample(run.pool(), n, name, SEED)
    sheet, _ = write_sample(sample, folder / f"{name}.xlsx", PERIOD, SEED)
    return sample, sheet


def filled(run: Run, sample: pd.DataFrame, path: Path, gold: pd.DataFrame | None = None
           ) -> tuple[pd.DataFrame, Path]:
    """The sheet of ``sample`` filled with ``gold`` (default: the reference coding), written to
    ``path``."""
    sheet = fill_sheet(blank_sheet(sample), run.gold if gold is None else gold)
    return sheet, write_sheet(sheet, path)
