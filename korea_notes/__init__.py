"""korea_notes: USA and North Korea negotiation positions in German-language news, 2013-2025.

The data flow, one public function per step (each takes and returns pandas DataFrames)::

    load_articles()            corpus files -> articles                    (korea_notes.corpus)
    clean_articles(articles)   articles -> clean articles + changes        (korea_notes.cleaning)
"""

from korea_notes.cleaning import (
    clean_articles,
    cleaning_summary,
    normalise,
    paragraphs,
    text_lengths,
    trace_paragraphs,
)
from korea_notes.corpus import CorpusError, Problem, load_articles, validate_corpus

__version__ = "0.1.0"

__all__ = [
    "CorpusError",
    "Problem",
    "clean_articles",
    "cleaning_summary",
    "load_articles",
    "normalise",
    "paragraphs",
    "text_lengths",
    "trace_paragraphs",
    "validate_corpus",
]
