"""Coding again after a codebook edit: only the sentences the edit can change.

A sentence's claims depend on the codebook through two parts: everything but the categories'
cues (settings, vocabulary, negation, conditions, frames, the categories' other fields), which
the coder may read for any sentence, and the cues that may fire in it
(:meth:`korea_notes.cues.Parsed.possible_cues`: each of their terms fits a token of the
sentence; any other cue finds nothing there). So the *coding key* of a sentence, a SHA-256 of

- the coder's code and data files other than the codebook,
- the codebook without the categories' cues (its mappings in their order: the order of
  categories and condition types is that of a sentence's claims and condition types),
- the definitions of the cues that may fire in the sentence, in codebook order, and
- everything the coder reads of the sentence (its text, date, attribution and mentions),

is the same before and after an edit of cues that cannot fire in it, and so are its claims.
The pipeline's coding stage keeps every sentence's key in its cache (table ``coding``, beside
the claims) and, when it codes an article again, takes the claims of each sentence whose key
it finds in the article's previous run: after one cue is added, changed or removed, only the
sentences where it may fire are coded again. A sentence that opens with "Andernfalls", "Sonst"
... (``conditionality.otherwise``) reads the sentence before it as well; it gets no key and is
always coded.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from korea_notes.codebook import Codebook, load_codebook
from korea_notes.cues import Parsed
from korea_notes.dependencies import Dependencies, dependencies
from korea_notes.positions import (
    CLAIM_COLUMNS,
    code_positions,
    each_sentence_coded,
    record_value,
)

CODING_COLUMNS: tuple[str, ...] = ("article_id", "sentence_id", "coding_key")
"""Columns of the coding table: one row per sentence, in the sentences' order; ``coding_key``
is "" for a sentence that is always coded again."""

KEY_FIELDS: tuple[str, ...] = ("article_id", "sentence_id", "text", "published", "speech",
                               "actor", "addressee", "actor_basis", "reporting_verb")
"""The columns of a sentence the coder reads (:func:`korea_notes.positions.code_positions`)."""

CODEBOOK_FILE_NAME = "codebook.yml"


@dataclass(frozen=True)
class _Digests:
    """What a codebook contributes to the coding keys: its part every sentence may read, and
    each category cue's definition (by the cue's ``id()``)."""

    base: str
    cues: dict[int, str]


_DIGESTS: dict[int, tuple[Codebook, _Digests]] = {}
DIGEST_MEMO_SIZE = 8
"""Codebooks whose digests are kept (as many as :func:`korea_notes.codebook.load_codebook`
keeps compiled)."""


def code_positions_reusing(sentences: pd.DataFrame, mentions: pd.DataFrame | None = None,
                           previous_claims: pd.DataFrame | None = None,
                           previous_coding: pd.DataFrame | None = None,
                           codebook: Codebook | None = None
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims of :func:`korea_notes.positions.code_positions` and the coding table
    (:data:`CODING_COLUMNS`), taking the claims of every sentence whose coding key is in
    ``previous_coding`` from ``previous_claims`` (an earlier result of this function for some
    of the same sentences) instead of coding it. The claims are the same as without them."""
    codebook = codebook or load_codebook()
    digests = _digests(codebook)
    reusable = _reusable(previous_claims, previous_coding)
    coding: list[tuple[Any, Any, str]] = []

    def reuse(record: dict[str, Any], mention_rows: list[tuple[int, int, Any]],
              parsed: Parsed) -> list[dict[str, Any]] | None:
        sentence_key = coding_key(record, mention_rows, parsed, codebook, digests)
        coding.append((record["article_id"], record["sentence_id"], sentence_key))
        return reusable.get(sentence_key) if sentence_key else None

    rows = [row for _, found in each_sentence_coded(sentences, codebook, mentions,
                                                    reuse=reuse) for row in found]
    return (pd.DataFrame(rows, columns=list(CLAIM_COLUMNS)),
            pd.DataFrame(coding, columns=list(CODING_COLUMNS)))


def coding_key(record: dict[str, Any], mention_rows: list[tuple[int, int, Any]],
               parsed: Parsed, codebook: Codebook, digests: _Digests | None = None) -> str:
    """The coding key of one sentence (see the module docstring); "" when it opens with a
    word of ``conditionality.otherwise``."""
    first = next((token for token in parsed.tokens if token.is_word), None)
    if first is not None and first.lower in codebook.otherwise:
        return ""
    digests = digests or _digests(codebook)
    digest = hashlib.sha256(digests.base.encode())
    for name in KEY_FIELDS:
        _feed(digest, "field", _text(record_value(record, name)))
    for start, end, actor in mention_rows:
        _feed(digest, "mention", f"{start} {end} {_text(actor)}")
    for cue in parsed.possible_cues(codebook.category_cues):
        _feed(digest, "cue", digests.cues[id(cue)])
    return digest.hexdigest()


def _feed(digest: Any, kind: str, value: str) -> None:
    """Add one part to a key, with its kind and length: no value can pass for other parts."""
    data = value.encode("utf-8", "surrogatepass")
    digest.update(f"{kind} {len(data)}:".encode() + data)


def _text(value: Any) -> str:
    if value is None:
        return "\x01"
    if isinstance(value, pd.Timestamp):
        return f"Timestamp:{value.isoformat()}"
    return f"{type(value).__name__}:{value}"


def _reusable(claims: pd.DataFrame | None, coding: pd.DataFrame | None
              ) -> dict[str, list[dict[str, Any]]]:
    """Coding key -> the claim rows of that sentence (none for a sentence without claims).
    A sentence id found twice in an article (not made by the splitter) is not reused."""
    if claims is None or coding is None or not len(coding):
        return {}
    pairs = list(zip(coding["article_id"].astype(str), coding["sentence_id"].astype(str),
                     strict=True))
    twice = {pair for pair, count in Counter(pairs).items() if count > 1}
    by_sentence: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in claims.to_dict("records"):
        clean = {name: (None if _missing(value) else value) for name, value in row.items()}
        by_sentence.setdefault((str(row["article_id"]), str(row["sentence_id"])), []).append(
            clean)
    return {sentence_key: by_sentence.get(pair, [])
            for pair, sentence_key in zip(pairs, coding["coding_key"], strict=True)
            if sentence_key and pair not in twice}


def _missing(value: Any) -> bool:
    if isinstance(value, (str, list, tuple)):
        return False
    missing = pd.isna(value)
    return bool(missing) if isinstance(missing, bool) else False


def _digests(codebook: Codebook) -> _Digests:
    """The coding-key digests of a codebook, computed once per codebook object."""
    held = _DIGESTS.get(id(codebook))
    if held is not None and held[0] is codebook:
        return held[1]
    raw = codebook.raw
    categories = raw.get("categories") or {}
    without_cues = {**raw, "categories": {
        name: {field: value for field, value in (entry or {}).items() if field != "cues"}
        for name, entry in categories.items()}}
    base = hashlib.sha256(b"coding key 1\0" + _code_fingerprint().encode() + b"\0"
                          + _canonical(without_cues)).hexdigest()
    cues: dict[int, str] = {}
    for name, category in codebook.categories.items():
        entries = (categories.get(name) or {}).get("cues") or []
        for cue, entry in zip(category.cues, entries, strict=True):
            cues[id(cue)] = hashlib.sha256(_canonical([name, entry])).hexdigest()
    digests = _Digests(base, cues)
    if len(_DIGESTS) >= DIGEST_MEMO_SIZE:
        _DIGESTS.clear()
    _DIGESTS[id(codebook)] = (codebook, digests)
    return digests


def _canonical(value: Any) -> bytes:
    # Mappings keep the codebook's order: the order of categories and condition types is the
    # order of a sentence's claims and of its condition types.
    return json.dumps(value, ensure_ascii=False, default=str).encode()


def _code_fingerprint() -> str:
    """The fingerprint of the coder's modules, data files (but the codebook, which the keys
    hold in parts) and packages, read afresh."""
    found = dependencies((code_positions, code_positions_reusing))
    return Dependencies(found.modules,
                        tuple(name for name in found.data if name != CODEBOOK_FILE_NAME),
                        found.distributions).fingerprint()
