"""korea_notes: USA and North Korea negotiation positions in German-language news, 2013-2025.

The data flow, one public function per step (each takes and returns pandas DataFrames)::

    load_articles()                  corpus files -> articles                 (corpus)
    clean_articles(articles)         -> clean articles + table of changes     (cleaning)
    split_sentences(clean)           -> one row per sentence                  (language)
    annotate(sentences)              -> tokens, lemmas, tags, tone            (language)
    token_table(annotated)           -> one row per token                     (language)
    find_mentions(sentences)         -> actor mentions                        (actors)
    find_quotes(sentences)           -> quotations and their speakers         (quotes)
    attribute_sentences(sentences)   -> the claimant of each sentence         (attribution)
    code_positions(attributed)       -> one row per coded claim               (positions)
    evaluate(claims, reference)      -> agreement with the reference coding   (validation)

``code_text(text)`` runs the whole chain on any German text.
"""

from korea_notes.actors import find_mentions
from korea_notes.attribution import attribute_sentences
from korea_notes.cleaning import (
    clean_articles,
    cleaning_summary,
    normalise,
    paragraphs,
    text_lengths,
    trace_paragraphs,
)
from korea_notes.corpus import CorpusError, Problem, load_articles, validate_corpus
from korea_notes.language import annotate, split_sentences, token_table
from korea_notes.positions import code_positions, code_text
from korea_notes.quotes import find_quotes
from korea_notes.validation import evaluate

__version__ = "0.1.0"

__all__ = [
    "CorpusError",
    "Problem",
    "annotate",
    "attribute_sentences",
    "clean_articles",
    "cleaning_summary",
    "code_positions",
    "code_text",
    "evaluate",
    "find_mentions",
    "find_quotes",
    "load_articles",
    "normalise",
    "paragraphs",
    "split_sentences",
    "text_lengths",
    "token_table",
    "trace_paragraphs",
    "validate_corpus",
]
