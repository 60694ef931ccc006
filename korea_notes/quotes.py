"""Quotations and reported speech: one row per quotation or stretch of reported speech, with its
speaker (:func:`find_quotes`). Quotation marks and frames are read by
:mod:`korea_notes.speech`, speakers resolved by :mod:`korea_notes.attribution`."""

from __future__ import annotations

import pandas as pd

from korea_notes.actors import Lexicon
from korea_notes.attribution import analyse_articles, none_for_missing
from korea_notes.speech_rules import SpeechRules

QUOTE_COLUMNS: tuple[str, ...] = (
    "article_id", "quote_id", "sentence_ids", "text", "style", "kind", "speaker", "person",
    "actor", "reporting_verb", "speaker_basis",
)


def find_quotes(sentences: pd.DataFrame, lexicon: Lexicon | None = None,
                rules: SpeechRules | None = None) -> pd.DataFrame:
    """Every quotation and stretch of reported speech, in reading order.

    Columns:

    - ``article_id``; ``quote_id`` (str): ``f"{article_id}/q{n:02d}"``, numbered in reading
      order;
    - ``sentence_ids`` (tuple of str): the sentences the quotation covers (several when it runs
      over sentences, or when reported speech continues in the subjunctive);
    - ``text`` (str): the quoted words without the marks; for indirect speech the reported
      clause (the sentence without its reporting frame);
    - ``style`` (str): ``german`` „…“, ``straight`` "…", ``guillemets`` »…« or «…»,
      ``english`` “…”, ``none`` (no marks: indirect speech, or a quotation standing alone after
      a colon);
    - ``kind`` (str): ``direct`` or ``indirect``;
    - ``speaker`` (str or None): the speaker as written ("Trump", "der US-Vizeaußenminister",
      "er", "China-Experte Christian Wirth");
    - ``person`` (str or None), ``actor`` (str or None): the resolved speaker;
    - ``reporting_verb`` (str or None): lemma of the reporting verb ("sagen", "heißen",
      "mitteilen") or the marker ("so", "zufolge", "laut", "wonach");
    - ``speaker_basis`` (str): ``frame`` (a reporting frame names the speaker), ``colon`` (the
      sentence before the colon does), ``carried`` (the last speaker continues), ``sentence``
      (no frame: the sentence's claimant, for quoted phrases inside a report),
      ``unattributed`` (reported speech with no speaker).
    """
    rows = []
    for infos, _, records in analyse_articles(sentences, lexicon, rules):
        if not infos:
            continue
        article = infos[0].row["article_id"]
        for n, record in enumerate(records, start=1):
            speaker = record.speaker
            rows.append({
                "article_id": article, "quote_id": f"{article}/q{n:02d}",
                "sentence_ids": tuple(record.sentence_ids), "text": record.text,
                "style": record.style, "kind": record.kind,
                "speaker": speaker.surface if speaker else None,
                "person": speaker.person if speaker else None,
                "actor": speaker.actor if speaker else None,
                "reporting_verb": record.verb, "speaker_basis": record.basis,
            })
    frame = pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))
    return none_for_missing(frame, ("speaker", "person", "actor", "reporting_verb"))
