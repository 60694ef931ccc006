"""Coding negotiation positions: sentences in, claims out.

A claim is one actor stating one position (a codebook category) toward a target in one sentence.
:func:`code_positions` reads the sentences frame (ideally after
:func:`korea_notes.quotes.attribute_sentences`) and applies ``korea_notes/codebook.yml``: cues
find categories; negation turns them into their opposite or drops them; condition markers find
the clause stating what must happen first, which becomes the claim's ``condition`` and a
PRECONDITION claim; frames (questions, speculation) silence a clause. :func:`code_text` runs the
whole pipeline on any German text.

Decisions a reader should know:

- **Actor** of a claim, first rule that applies: (1) an agent phrase "von den USA verlangte";
  (2) for a cue made only of nouns, the owner named in its noun ("UN-Sanktionen") or in a
  genitive after a stance noun ("die Forderung der USA"); (3) the subject of a clause opened by
  an adverbial conjunction ("Nachdem Nordkorea ..."), which is not reported content; (4) the
  speaker when the sentence is direct or indirect speech (``speech`` and ``actor`` from the
  attribution); (5) the subject of the clause holding the cue's head: its first actor mention
  not governed by a preposition, a dative article or a noun (genitive), with actors coordinated
  to it ("Russland und China"); a clause without one takes the subject of the clause before it
  (condition clauses passed over); (6) an actor-named noun among the cue's words; (7) the
  sentence's ``actor`` from the attribution; (8) the first actor named in the clause (then the
  sentence) that is not marked as addressed ("gegen Nordkorea", "den USA"). Cues marked
  ``subject_is_target`` ("Washington irrt sich, wenn ...") skip (2)-(8): the speaker, else the
  other side of the subject. A claim whose actor stays unknown has actor None.
- **Target**: the actor in the dative or after "gegenüber", "an", "gegen", "mit" next to the
  cue's words ("den USA einen Präventivschlag angedroht"); for a claim from a condition, the
  actor who must act (first mentioned in the condition). Else, for direct or indirect speech,
  the attribution's ``addressee``; else the other side: a DPRK claim targets the USA (or, when
  the USA are not mentioned, the first other actor mentioned), every other actor's claim
  targets the DPRK.
- **Tense** is per sentence: ``current`` when it has a recent-time marker (weekday, "vergangene
  Woche", Neujahr* in January); otherwise ``background`` when it is pluperfect, names a past
  period ("in den vergangenen Jahren") or "im <month>" before the publication month. A present
  tense "Seit Jahrzehnten vertritt ..." states a position that still holds: current.
- **Conditionality**: ``unconditional`` without a condition (always for NO_PRECONDITIONS),
  ``reciprocal`` when the sentence states an exchange or a concession under a condition,
  ``precondition`` otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd
import simplemma

from korea_notes.codebook import DROP, Codebook, Cue, TermSet, load_codebook

CLAIM_COLUMNS: tuple[str, ...] = (
    "article_id", "published", "sentence_id", "sentence", "actor", "target", "category",
    "condition", "condition_type", "conditionality", "modality", "speech", "tense", "rule",
)
"""Columns of :func:`code_positions`, in order.

article_id, published, sentence_id: from the sentence; sentence: the evidence text; actor: actor
id stating the position (or None); target: actor id it is addressed to; category: codebook
category; condition: text of the condition clause (or None); condition_type: normalised type(s),
several joined by "|" (or None); conditionality: unconditional | precondition | reciprocal;
modality: asserted | hypothetical | negated; speech: direct | indirect | report; tense: current |
background; rule: the codebook entries that produced the claim, joined by "; ".
"""

REQUIRED_COLUMNS: tuple[str, ...] = ("article_id", "sentence_id", "text")
COUNTERPART = "USA"
DEFAULT_TARGET = "DPRK"
_TOKEN = re.compile(r"\w+(?:[-‐]\w+)*-?|\.\.\.|[^\w\s]")
_OBLIQUE = frozenset({
    "den", "dem", "gegen", "mit", "an", "am", "auf", "für", "zu", "zur", "zum", "von", "vom",
    "über", "aus", "bei", "beim", "nach", "gegenüber", "zwischen", "um", "durch", "ohne",
    "unter", "vor", "seit", "wegen", "trotz", "ihm", "ihnen", "angesichts", "zufolge",
    "einschließlich", "inklusive", "samt", "außer", "neben", "hinter", "innerhalb",
})
_PRONOUN_SUBJECTS = frozenset({"er", "sie", "die", "diese", "dieser", "der", "man"})
_AGENT = frozenset({"von", "vom", "durch"})
_ADDRESSEE_MARKERS = frozenset({"den", "dem", "gegenüber", "an", "gegen", "mit"})
_TARGET_MARKERS = frozenset({"gegen", "gegenüber", "an", "auf", "zu", "zur", "zum", "den", "dem"})
_ADVERBIAL = frozenset({"nachdem", "während", "weil", "obwohl", "obgleich", "als", "seit",
                        "seitdem", "da", "wohingegen", "wenngleich", "indem"})
_ARTICLES = frozenset({"den", "der", "dem", "des", "die"})
_MODIFIERS = frozenset({"der", "des", "die", "das", "ein", "eine", "einer", "eines", "einem",
                        "einen", "ihrer", "ihren", "ihrem", "seiner", "seinen", "seinem",
                        "unserer", "unseren"})
_ADJECTIVE = re.compile(r"\w+(e|en|er|es|em)")


class PositionsError(ValueError):
    """The sentences frame cannot be coded (missing columns); the message says which and how."""


# --- tokens and clauses ----------------------------------------------------------------------


@dataclass
class Token:
    """One token of a sentence: span, form and the keys terms are matched against."""

    text: str
    start: int
    end: int
    keys: set[str]
    clause: int = 0

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_verbal(self) -> bool:
        """Lower-case words: verbs, participles, adjectives (German nouns are capitalised)."""
        return self.is_word and self.text[:1].islower()


@dataclass
class Parsed:
    """A sentence cut into tokens (quotation marks left out) and clauses."""

    text: str
    tokens: list[Token]
    clauses: list[tuple[int, int]]
    has_quote_marks: bool
    cache: dict[tuple[int, int], list[int]] = field(default_factory=dict)


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="de").lower()


def _keys(word: str, first: bool) -> set[str]:
    """The keys a token is matched by: form, lemma, hyphen-compound head, lower-cased lemma."""
    keys = {word.lower(), _lemma(word)}
    if first:
        keys.add(_lemma(word.lower()))
    if "-" in word.strip("-"):
        head = word.rstrip("-").rsplit("-", 1)[-1]
        keys.update({head.lower(), _lemma(head), _lemma(head.capitalize())})
    return keys


def parse(text: str, codebook: Codebook) -> Parsed:
    """Tokenise a sentence, cut it into clauses and add separable-verb lemmas."""
    tokens: list[Token] = []
    quote_marks = False
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word in codebook.quote_marks or word == "'":
            quote_marks = True
            continue
        first = not tokens or tokens[-1].text in codebook.boundaries
        tokens.append(Token(word, match.start(), match.end(), _keys(word, first)))
    clauses = _clauses(tokens, codebook)
    for lo, hi in clauses:
        _join_particle(tokens, lo, hi, codebook)
    return Parsed(text, tokens, clauses, quote_marks)


def _clauses(tokens: list[Token], codebook: Codebook) -> list[tuple[int, int]]:
    """Cut the tokens into clauses at the codebook's boundary tokens; number each token."""
    clauses: list[tuple[int, int]] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.text in codebook.boundaries:
            clauses.append((start, index + 1))
            start = index + 1
    if start < len(tokens) or not clauses:
        clauses.append((start, len(tokens)))
    for number, (lo, hi) in enumerate(clauses):
        for token in tokens[lo:hi]:
            token.clause = number
    return clauses


def _join_particle(tokens: list[Token], lo: int, hi: int, codebook: Codebook) -> None:
    """Give verbs of a clause ending in a verb particle the joined lemma (ab+lehnen)."""
    words = [index for index in range(lo, hi) if tokens[index].is_word]
    if len(words) < 2 or tokens[words[-1]].lower not in codebook.particles:
        return
    particle = tokens[words[-1]].lower
    for index in words[:-1]:
        token = tokens[index]
        if token.is_verbal:
            token.keys.update({particle + key for key in list(token.keys) if key.isalpha()})


# --- matching terms --------------------------------------------------------------------------


def _ends_at(terms: TermSet, parsed: Parsed, i: int, hi: int, gap: int) -> list[int]:
    """End indices of every match of ``terms`` that starts at token i (before hi)."""
    key = (id(terms), i)
    if hi == len(parsed.tokens) and key in parsed.cache:
        return parsed.cache[key]
    ends: list[int] = []
    if i < hi and terms.fits(parsed.tokens[i].lower, parsed.tokens[i].keys):
        ends.append(i)
    for phrase in terms.phrases:
        ends.extend(_phrase_ends(phrase, parsed, i, hi, gap))
    ends = sorted(set(ends))
    if hi == len(parsed.tokens):
        parsed.cache[key] = ends
    return ends


def _phrase_ends(parts: tuple[TermSet, ...], parsed: Parsed, i: int, hi: int,
                 gap: int) -> list[int]:
    """End indices of a phrase whose parts follow each other at most ``gap`` apart."""
    current = _ends_at(parts[0], parsed, i, hi, gap)
    for part in parts[1:]:
        following: set[int] = set()
        for end in current:
            for j in range(end + 1, min(end + 2 + gap, hi)):
                following.update(_ends_at(part, parsed, j, hi, gap))
        current = sorted(following)
        if not current:
            break
    return current


def occurrences(terms: TermSet, parsed: Parsed, lo: int, hi: int,
                gap: int) -> list[tuple[int, int]]:
    """Every (first, last) token span in [lo, hi) where ``terms`` match; shortest per start."""
    spans = []
    for i in range(lo, hi):
        ends = [end for end in _ends_at(terms, parsed, i, len(parsed.tokens), gap) if end < hi]
        if ends:
            spans.append((i, ends[0]))
    return spans


def _any_in(terms: TermSet, parsed: Parsed, lo: int, hi: int, gap: int) -> bool:
    return bool(terms) and bool(occurrences(terms, parsed, lo, hi, gap))


# --- cue matches -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """One firing of a cue: its token spans (head first) and the head's clause."""

    cue: Cue
    spans: tuple[tuple[int, int], ...]
    clause: int

    @property
    def indices(self) -> set[int]:
        return {i for first, last in self.spans for i in range(first, last + 1)}


def match_cue(cue: Cue, parsed: Parsed, codebook: Codebook,
              allowed: set[int] | None = None) -> list[Match]:
    """All firings of a cue in a sentence (one per head occurrence), optionally only in the
    clauses listed in ``allowed``."""
    gap = codebook.settings["phrase_gap"]
    window = cue.window if cue.window >= 0 else codebook.settings["window"]
    n = len(parsed.tokens)
    if cue.context and not _any_in(cue.context, parsed, 0, n, gap):
        return []
    found = []
    for head in occurrences(cue.terms[0], parsed, 0, n, gap):
        clause = parsed.tokens[head[0]].clause
        if allowed is not None and clause not in allowed:
            continue
        lo, hi = parsed.clauses[clause] if cue.scope == "clause" else (0, n)
        spans = _nearest(cue.terms[1:], head, parsed, lo, hi, gap, allowed)
        if spans is None or _extent(spans, parsed) > window:
            continue
        if not _participles_agree(spans, parsed):
            continue
        if cue.unless and _any_in(cue.unless, parsed, *parsed.clauses[clause], gap):
            continue
        found.append(Match(cue, tuple(spans), clause))
    return found


def _nearest(terms: Iterable[TermSet], head: tuple[int, int], parsed: Parsed, lo: int, hi: int,
             gap: int, allowed: set[int] | None) -> list[tuple[int, int]] | None:
    """For each further term, its occurrence nearest to the head (not reusing tokens)."""
    spans = [head]
    used = set(range(head[0], head[1] + 1))
    for terms_ in terms:
        candidates = [span for span in occurrences(terms_, parsed, lo, hi, gap)
                      if not used & set(range(span[0], span[1] + 1))
                      and (allowed is None or parsed.tokens[span[0]].clause in allowed)]
        if not candidates:
            return None
        best = min(candidates, key=lambda span: (abs(span[0] - head[0]), span[0]))
        spans.append(best)
        used.update(range(best[0], best[1] + 1))
    return spans


def _extent(spans: list[tuple[int, int]], parsed: Parsed) -> int:
    """Distance in words (punctuation not counted) from the first to the last matched token."""
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    return sum(1 for token in parsed.tokens[first:last + 1] if token.is_word) - 1


_ATTRIBUTIVE = re.compile(r"\w+(t|en)(e|en|er|es|em)")
_DETERMINERS = frozenset({"der", "die", "das", "den", "dem", "des", "ein", "eine", "einer",
                          "eines", "einem", "einen"})


def _participles_agree(spans: list[tuple[int, int]], parsed: Parsed) -> bool:
    """False when a matched attributive participle ("der ... verlangten Abrüstung") governs a
    noun that is not part of the match: its object is that noun, not the cue's other words."""
    matched = {i for first, last in spans for i in range(first, last + 1)}
    tokens = parsed.tokens
    for i in sorted(matched):
        token = tokens[i]
        if not token.is_verbal or not _ATTRIBUTIVE.fullmatch(token.lower) or i == 0:
            continue
        if not _after_determiner(parsed, i):
            continue
        noun = next((j for j in range(i + 1, min(i + 4, len(tokens)))
                     if tokens[j].is_word and tokens[j].text[:1].isupper()), None)
        if noun is not None and noun not in matched:
            return False
    return True


def _after_determiner(parsed: Parsed, i: int) -> bool:
    """The participle follows an article directly or an agent phrase "von (den) X"."""
    before = [token.lower for token in parsed.tokens[max(0, i - 4):i]]
    if before and before[-1] in _DETERMINERS:
        return True
    return any(word in _AGENT for word in before[:-1]) and before[-1][:1].isalpha() \
        and parsed.tokens[i - 1].text[:1].isupper()


def is_negated(match: Match, parsed: Parsed, codebook: Codebook) -> bool:
    """An odd number of negations in the clauses holding the cue's words: negators before the
    last matched token of their clause, rejection verbs anywhere in them (the cue's own words
    and phrases of ``negation.not_negating`` do not count). A zu-infinitive clause also takes
    the negations of the clause before it."""
    gap = codebook.settings["phrase_gap"]
    inside = match.indices
    shielded = {i for first, end in occurrences(codebook.not_negating, parsed, 0,
                                                len(parsed.tokens), gap)
                for i in range(first, end + 1)}
    idioms = {i for first, end in occurrences(codebook.clause_negation, parsed, 0,
                                              len(parsed.tokens), gap)
              for i in range(first, end + 1)}
    thresholds: dict[int, int] = {}
    for clause in sorted({parsed.tokens[i].clause for i in inside}):
        lo, hi = parsed.clauses[clause]
        last = max(i for i in inside if lo <= i < hi)
        start = parsed.clauses[clause - 1][0] if clause > 0 and _infinitive(parsed, lo, hi) \
            else lo
        for i in range(start, hi):
            thresholds[i] = max(thresholds.get(i, -1), last)
    negators = [terms for terms in (codebook.negators, match.cue.negators) if terms]
    count = 0
    for i, last in thresholds.items():
        if i in inside or i in shielded:
            continue
        token = parsed.tokens[i]
        if i < last and any(terms.fits(token.lower, token.keys) for terms in negators):
            count += i in idioms or _determiner_reaches(parsed, i, inside)
        elif codebook.rejection.fits(token.lower, token.keys):
            count += 1
    return count % 2 == 1


def _determiner_reaches(parsed: Parsed, i: int, inside: set[int]) -> bool:
    """"nicht", "nie" negate the rest of their clause; the determiner "kein-" negates only its
    own noun phrase: it counts when the noun it introduces is one of the cue's words ("keine
    Gespräche"), not when it is another noun ("keine Vorbedingungen für Gespräche")."""
    if not parsed.tokens[i].lower.startswith("kein"):
        return True
    for j in range(i + 1, min(i + 5, len(parsed.tokens))):
        token = parsed.tokens[j]
        if token.is_word and token.text[:1].isupper():
            return j in inside
        if not token.is_word:
            break
    return True


def _infinitive(parsed: Parsed, lo: int, hi: int) -> bool:
    """A zu-infinitive clause ("..., an den Verhandlungstisch zurückzukehren"): the negation
    of the clause it depends on ("reichte nicht aus, ...") reaches into it."""
    for token in parsed.tokens[lo:hi]:
        if token.lower == "zu":
            return True
        if token.is_verbal and any(token.lower.count("zu") > key.count("zu") and key.isalpha()
                                   and len(key) > 4 and key != token.lower
                                   for key in token.keys):
            return True
    return False


def outcome(match: Match, negated: bool, codebook: Codebook) -> str | None:
    """The category a match yields after negation handling, or None when it yields nothing."""
    cue = match.cue
    own = cue.owner
    if cue.negation == "ignore":
        return own
    if cue.negation == "require":
        return (cue.negated or own) if negated else None
    if cue.negation == "forbid":
        return None if negated else own
    if not negated:
        return own
    result = cue.negated or codebook.categories[own].negated
    return None if result == DROP else result


# --- conditions and frames -------------------------------------------------------------------


@dataclass
class Condition:
    """A condition found in a sentence: the marker, its clauses, text and normalised types."""

    marker: str
    clauses: set[int]
    text: str
    types: list[str]
    opens_clause: bool


def find_conditions(parsed: Parsed, codebook: Codebook) -> list[Condition]:
    """Every condition clause of a sentence, in marker order of the codebook."""
    found: list[Condition] = []
    taken: set[int] = set()
    for marker in codebook.markers:
        for clause in range(len(parsed.clauses)):
            if clause in taken:
                continue
            start = _marker_at(marker, parsed, clause, codebook)
            if start is None:
                continue
            condition = _condition(marker, parsed, clause, start, codebook)
            if condition is not None:
                found.append(condition)
                taken.update(condition.clauses)
    return found


def _marker_at(marker: Any, parsed: Parsed, clause: int, codebook: Codebook) -> int | None:
    """Token where a condition marker starts in a clause, or None."""
    gap = codebook.settings["phrase_gap"]
    lo, hi = parsed.clauses[clause]
    words = [i for i in range(lo, hi) if parsed.tokens[i].is_word]
    if not words:
        return None
    if marker.position == "clause_start":
        first = words[0]
        while first in words and marker.lead and _ends_at(marker.lead, parsed, first, hi, gap) \
                and not _ends_at(marker.words, parsed, first, hi, gap):
            first = _ends_at(marker.lead, parsed, first, hi, gap)[-1] + 1
        candidates = [first] if first < hi and _ends_at(marker.words, parsed, first, hi, gap) \
            else []
    else:
        candidates = [span[0] for span in occurrences(marker.words, parsed, lo, hi, gap)]
    for start in candidates:
        if _marker_allowed(marker, parsed, start, lo, hi, gap):
            return start
    return None


def _marker_allowed(marker: Any, parsed: Parsed, start: int, lo: int, hi: int, gap: int) -> bool:
    """The marker's not_after, not_before, unless, requires and unless_next_clause."""
    tokens = parsed.tokens
    end = _ends_at(marker.words, parsed, start, hi, gap)[0]
    if start > 0 and marker.not_after and marker.not_after.fits(
            tokens[start - 1].lower, tokens[start - 1].keys):
        return False
    if end + 1 < len(tokens) and marker.not_before and marker.not_before.fits(
            tokens[end + 1].lower, tokens[end + 1].keys):
        return False
    if marker.unless and _any_in(marker.unless, parsed, lo, hi, gap):
        return False
    clause = tokens[start].clause
    if marker.unless_next_clause and clause + 1 < len(parsed.clauses):
        following = [i for i in range(*parsed.clauses[clause + 1]) if tokens[i].is_word]
        if following and _ends_at(marker.unless_next_clause, parsed, following[0],
                                  len(tokens), gap):
            return False
    return not (marker.requires and not _any_in(marker.requires, parsed, lo, hi, gap))


def _condition(marker: Any, parsed: Parsed, clause: int, start: int,
               codebook: Codebook) -> Condition | None:
    """The condition a marker opens: its clauses, text and types (None if it needs a type)."""
    clauses = _condition_extent(marker, parsed, clause, codebook)
    indices = [i for c in sorted(clauses) for i in range(*parsed.clauses[c])]
    narrowed = _from_span(marker, parsed, clause, start, codebook)
    if narrowed:
        indices = narrowed
    types = condition_types(parsed, indices, codebook)
    if marker.requires_type is True and not types:
        return None
    if isinstance(marker.requires_type, tuple) and not set(types) & set(marker.requires_type):
        return None
    first = start if marker.position == "clause_start" or narrowed \
        else parsed.clauses[clause][0]
    first = narrowed[0] if narrowed else first
    last = max(i for i in indices if parsed.tokens[i].text not in codebook.boundaries) \
        if len(indices) > 1 else indices[0]
    text = parsed.text[parsed.tokens[first].start:parsed.tokens[last].end].strip(" ,.;:")
    return Condition(marker.id, clauses, text, types, marker.position == "clause_start")


def _from_span(marker: Any, parsed: Parsed, clause: int, start: int,
               codebook: Codebook) -> list[int]:
    """For a marker with ``from``: the tokens from the last ``from`` term before the marker to
    the marker's end ("von einer Abrüstung abhängig"); empty when it has none."""
    if not marker.start_from:
        return []
    gap = codebook.settings["phrase_gap"]
    lo, hi = parsed.clauses[clause]
    before = [first for first, _ in occurrences(marker.start_from, parsed, lo, start, gap)]
    if not before:
        return []
    end = _ends_at(marker.words, parsed, start, hi, gap)[0]
    return list(range(before[-1], end + 1))


def _condition_extent(marker: Any, parsed: Parsed, clause: int, codebook: Codebook) -> set[int]:
    """The condition's clauses: the marker's clause and, for ``extent: following``,
    the clauses after it up to the next main clause or marker."""
    if marker.extent != "following":
        return {clause}
    clauses = {clause}
    for following in range(clause + 1, len(parsed.clauses)):
        lo, hi = parsed.clauses[following]
        words = [parsed.tokens[i] for i in range(lo, hi) if parsed.tokens[i].is_word]
        if not words or words[0].lower in codebook.finite_starts:
            break
        if any(_marker_at(other, parsed, following, codebook) is not None
               for other in codebook.markers if other.position == "clause_start"):
            break
        clauses.add(following)
    return clauses


def condition_types(parsed: Parsed, indices: list[int], codebook: Codebook) -> list[str]:
    """The condition types whose cues match inside the given tokens, in codebook order; a token
    used by one type is not used by a later one."""
    allowed_clauses = {parsed.tokens[i].clause for i in indices}
    used: set[int] = set()
    types = []
    for kind in codebook.condition_types.values():
        for cue in kind.cues:
            matches = [m for m in match_cue(cue, parsed, codebook, allowed_clauses)
                       if m.indices <= set(indices) and not m.indices & used]
            if matches:
                used.update(matches[0].indices)
                types.append(kind.name)
                break
    return types


def silenced_clauses(parsed: Parsed, codebook: Codebook) -> set[int]:
    """Clauses that report no claim (questions, speculation) according to ``frames``."""
    gap = codebook.settings["phrase_gap"]
    silent: set[int] = set()
    for frame in codebook.frames:
        for clause, (lo, hi) in enumerate(parsed.clauses):
            words = [i for i in range(lo, hi) if parsed.tokens[i].is_word]
            if not words:
                continue
            if frame.position == "clause_start":
                hit = bool(_ends_at(frame.words, parsed, words[0], hi, gap))
            else:
                hit = _any_in(frame.words, parsed, lo, hi, gap)
            if hit:
                last = len(parsed.clauses) if frame.scope == "rest" else clause + 1
                silent.update(range(clause, last))
    return silent


# --- actors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """An actor mention mapped onto token indices."""

    first: int
    last: int
    actor: str


@dataclass
class Context:
    """What the coder knows about one sentence besides its text."""

    mentions: list[Mention]
    speech: str
    speaker: str | None
    sentence_actor: str | None
    addressee: str | None
    basis: str | None = None
    skip: set[int] = field(default_factory=set)


def _mentions(parsed: Parsed, rows: pd.DataFrame) -> list[Mention]:
    """Actor mentions on token indices; adjacent mentions of one actor (an office followed by
    a name) are one mention."""
    found: list[Mention] = []
    for row in rows.sort_values("start").itertuples(index=False):
        if row.actor is None or pd.isna(row.actor):
            continue
        inside = [i for i, token in enumerate(parsed.tokens)
                  if token.start < row.end and token.end > row.start]
        if not inside:
            continue
        if found and found[-1].actor == row.actor and inside[0] <= found[-1].last + 1:
            found[-1] = Mention(found[-1].first, max(found[-1].last, inside[-1]), row.actor)
        else:
            found.append(Mention(inside[0], inside[-1], str(row.actor)))
    return found


def resolve_actors(match: Match, parsed: Parsed, context: Context,
                   codebook: Codebook) -> list[str | None]:
    """The actor(s) of a claim, by the rules in the module docstring."""
    agent = _agent(match, parsed, context)
    if agent:
        return [agent]
    if match.cue.subject_is_target:
        return [_speaker_only(match, parsed, context)]
    named = _named(match, parsed, context, codebook)
    if named and not any(parsed.tokens[i].is_verbal for i in match.indices):
        return named
    own = _adverbial_subject(match.clause, parsed, context)
    if own:
        return own
    if context.speech in ("direct", "indirect") and context.speaker:
        return [context.speaker]
    subject = clause_subjects(match.clause, parsed, context, match.indices)
    if subject:
        return subject
    if named:
        return named
    if context.sentence_actor:
        return [context.sentence_actor]
    return [_first_party(match.clause, parsed, context)]


def _first_party(clause: int, parsed: Parsed, context: Context) -> str | None:
    """Last resort when nothing else names the claimant: the first actor mentioned in the
    clause (then in the sentence) that is not marked as the one addressed or acted against
    ("gegen Nordkorea", "den USA")."""
    lo, hi = parsed.clauses[clause]
    ordered = [m for m in context.mentions if lo <= m.first < hi] + \
        [m for m in context.mentions if not lo <= m.first < hi]
    for mention in ordered:
        if mention.first == 0 or parsed.tokens[mention.first - 1].lower not in _TARGET_MARKERS:
            return mention.actor
    return None


def _speaker_only(match: Match, parsed: Parsed, context: Context) -> str | None:
    """The claimant when the clause subject is only talked about ("Washington irrt sich"):
    the speaker; else the attribution's actor unless it was taken from that subject; else,
    in the two-sided conflict, the other side of the subject (USA <-> DPRK); else None."""
    if context.speech in ("direct", "indirect") and context.speaker:
        return context.speaker
    if context.basis not in ("subject", None, "none") and context.sentence_actor:
        return context.sentence_actor
    subjects = clause_subjects(match.clause, parsed, context)
    sides = {COUNTERPART: DEFAULT_TARGET, DEFAULT_TARGET: COUNTERPART}
    return sides.get(subjects[0]) if len(subjects) == 1 else None


def _adverbial_subject(clause: int, parsed: Parsed, context: Context) -> list[str | None]:
    """The subject of a clause opened by an adverbial conjunction ("Nachdem Nordkorea ...",
    "während Pjöngjang ..."): such a clause is not the speaker's reported content."""
    lo, hi = parsed.clauses[clause]
    words = [i for i in range(lo, hi) if parsed.tokens[i].is_word]
    if not words or parsed.tokens[words[0]].lower not in _ADVERBIAL:
        return []
    for mention in context.mentions:
        if lo <= mention.first < hi and not _oblique(parsed, mention, lo, context.mentions):
            return _coordinated(mention, parsed, context.mentions)
    return []


def _coordinated(mention: Mention, parsed: Parsed, mentions: list[Mention]) -> list[str | None]:
    """The actor of a subject mention and of mentions joined to it ("Russland und China")."""
    actors: list[str | None] = [mention.actor]
    last = mention.last
    for other in mentions:
        if other.first <= last:
            continue
        between = [t.lower for t in parsed.tokens[last + 1:other.first]]
        if between and all(word in {"und", "sowie", "oder"} for word in between):
            actors.append(other.actor)
            last = other.last
        else:
            break
    return list(dict.fromkeys(actors))


def _named(match: Match, parsed: Parsed, context: Context,
           codebook: Codebook) -> list[str | None]:
    """Actors named inside the cue's own nouns ("UN-Sanktionen"), for every token of the head's
    clause that fits one of the cue's terms; none when the cue is a rejection ("sträubt sich
    gegen US-Forderungen" names what is rejected, not who rejects)."""
    tokens = parsed.tokens
    if any(codebook.rejection.fits(tokens[i].lower, tokens[i].keys) for i in match.indices):
        return []
    lo, hi = parsed.clauses[match.clause]
    fitting = set(match.indices)
    for i in range(lo, hi):
        if any(terms.fits(tokens[i].lower, tokens[i].keys) for terms in match.cue.terms):
            fitting.add(i)
    actors = [m.actor for m in context.mentions if m.first == m.last and m.first in fitting]
    actors += _genitive_owners(match, parsed, context, codebook)
    return list(dict.fromkeys(actors))


def _genitive_owners(match: Match, parsed: Parsed, context: Context,
                     codebook: Codebook) -> list[str | None]:
    """Actors named in a genitive right after one of the cue's stance nouns
    (``actors.owner_nouns``): "die Forderung der USA", "Forderungen Washingtons"."""
    tokens = parsed.tokens
    starts = {m.first: m.actor for m in context.mentions}
    owners: list[str | None] = []
    for i in sorted(match.indices):
        if not codebook.owner_nouns.fits(tokens[i].lower, tokens[i].keys):
            continue
        if i + 2 < len(tokens) and tokens[i + 1].lower in {"der", "des"} and i + 2 in starts:
            owners.append(starts[i + 2])
        elif i + 1 in starts and tokens[i + 1].lower.endswith("s"):
            owners.append(starts[i + 1])
    return owners


def _agent(match: Match, parsed: Parsed, context: Context) -> str | None:
    """The actor of an agent phrase before a matched participle: "von den USA verlangte"."""
    tokens = parsed.tokens
    for mention in context.mentions:
        after = mention.last + 1
        if after not in match.indices or not tokens[after].is_verbal:
            continue
        before = mention.first - 1
        if before >= 0 and tokens[before].lower in _ARTICLES:
            before -= 1
        if before >= 0 and tokens[before].lower in _AGENT:
            return mention.actor
    return None


def clause_subjects(clause: int, parsed: Parsed, context: Context,
                    exclude: set[int] | None = None) -> list[str | None]:
    """The actor(s) of the first mention in subject position in a clause (with mentions
    coordinated to it); a clause without one takes the subject of the clause before it
    (condition clauses are passed over); none when a pronoun is the subject ("Die hatte ...",
    "Er sagte ...")."""
    exclude = exclude or set()
    for current in range(clause, -1, -1):
        if current in context.skip and current != clause:
            continue
        lo, hi = parsed.clauses[current]
        if _pronoun_subject(parsed, lo, hi):
            return []
        for mention in context.mentions:
            if lo <= mention.first < hi and mention.first not in exclude \
                    and not _oblique(parsed, mention, lo, context.mentions):
                return _coordinated(mention, parsed, context.mentions)
    return []


def _pronoun_subject(parsed: Parsed, lo: int, hi: int) -> bool:
    """True when the clause opens with a pronoun subject and a finite verb."""
    words = [parsed.tokens[i].lower for i in range(lo, hi) if parsed.tokens[i].is_word]
    return len(words) > 1 and words[0] in _PRONOUN_SUBJECTS and words[1] in {
        "hat", "hatte", "hatten", "haben", "ist", "war", "waren", "sei", "habe", "wird",
        "wurde", "will", "wollte", "sagte", "erklärte", "betonte", "forderte", "lehnte"}


def _oblique(parsed: Parsed, mention: Mention, lo: int, mentions: list[Mention]) -> bool:
    """A mention governed by a preposition or a dative article ("den USA", "mit weitreichenden
    UN-Sanktionen", "zwischen den USA und Nordkorea") or a genitive attribute ("das Ziel der
    USA"); "die Führung um Kim" is not oblique."""
    tokens = parsed.tokens
    i = mention.first - 1
    if i < lo:
        return False
    if tokens[i].lower in {"und", "sowie", "oder"}:
        previous = [m for m in mentions if m.last < i and m.first >= lo]
        return bool(previous) and previous[-1].last >= i - 2 \
            and _oblique(parsed, previous[-1], lo, mentions)
    noun_before = i >= 1 and tokens[i - 1].is_word and tokens[i - 1].text[:1].isupper()
    if tokens[i].lower == "um" and noun_before:
        return False
    if tokens[i].lower in {"der", "des"} and noun_before:
        return not _in_first_phrase(parsed, lo, mention.first)
    titles = 0
    for j in range(i, max(lo - 1, i - 5), -1):
        word = tokens[j].lower
        if word in _OBLIQUE:
            return True
        if tokens[j].is_word and tokens[j].text[:1].isupper() and titles == 0 and j > lo:
            titles += 1
            continue
        if not (word in _MODIFIERS or _ADJECTIVE.fullmatch(word) and tokens[j].is_verbal):
            return False
    return False


def _in_first_phrase(parsed: Parsed, lo: int, first: int) -> bool:
    """True when only articles, nouns and inflected adjectives stand between the clause start
    and ``first``: a genitive there belongs to the subject ("Der Sondergesandte der USA")."""
    for token in parsed.tokens[lo:first]:
        if token.lower in _MODIFIERS or (token.is_word and token.text[:1].isupper()):
            continue
        if token.is_verbal and _ADJECTIVE.fullmatch(token.lower):
            continue
        return False
    return True


def clause_target(clauses: Iterable[int], actor: str | None, parsed: Parsed,
                  context: Context, near: set[int] | None = None) -> str | None:
    """The other actor a claim is directed at, read from its own words: in a condition
    (``near`` None) the actor who must act (its first mention), otherwise an actor in the
    dative or after "gegenüber", "an", "gegen", "mit" within four tokens of the cue's words
    ("den USA einen Präventivschlag angedroht")."""
    condition = near is None
    for clause in sorted(clauses):
        lo, hi = parsed.clauses[clause]
        for mention in context.mentions:
            if not lo <= mention.first < hi or mention.actor == actor:
                continue
            if near is not None and min(abs(mention.first - i) for i in near) > 4:
                continue
            before = [parsed.tokens[i].lower for i in range(max(lo, mention.first - 2),
                                                            mention.first)]
            if condition or (before and (before[-1] in _ADDRESSEE_MARKERS or (
                    len(before) == 2 and before[0] in _ADDRESSEE_MARKERS
                    and before[1] in _ARTICLES))):
                return mention.actor
    return None


def resolve_target(actor: str | None, context: Context, hint: str | None = None) -> str | None:
    """The target read from the claim's own words (``hint``), else, for quoted or reported
    speech, the attribution's addressee when it is another actor, else the other side (see
    module docstring)."""
    if hint and hint != actor:
        return hint
    speech = context.speech in ("direct", "indirect")
    if speech and context.addressee and context.addressee != actor:
        return context.addressee
    if actor is None:
        return None
    if actor != DEFAULT_TARGET:
        return DEFAULT_TARGET
    mentioned = [m.actor for m in context.mentions if m.actor != DEFAULT_TARGET]
    if COUNTERPART in mentioned or not mentioned:
        return COUNTERPART
    return mentioned[0]


# --- speech, tense, modality -----------------------------------------------------------------


def fallback_speech(parsed: Parsed, codebook: Codebook) -> str:
    """Speech when no attribution is given: quotation marks -> direct; a Konjunktiv I form ->
    indirect; otherwise report."""
    if parsed.has_quote_marks:
        return "direct"
    if any(token.lower in codebook.indirect_forms for token in parsed.tokens):
        return "indirect"
    return "report"


def sentence_tense(parsed: Parsed, published: Any, codebook: Codebook) -> str:
    """current or background for a whole sentence (see module docstring)."""
    tense = codebook.tense
    gap = codebook.settings["phrase_gap"]
    n = len(parsed.tokens)
    month = _month(published)
    if _any_in(tense["recent"], parsed, 0, n, gap):
        return "current"
    if month == 1 and _any_in(tense["new_year"], parsed, 0, n, gap):
        return "current"
    if _pluperfect(parsed, codebook) or _any_in(tense["background"], parsed, 0, n, gap):
        return "background"
    if month is not None and _earlier_month(parsed, month, tense["months"]):
        return "background"
    return "current"


def _month(published: Any) -> int | None:
    """The publication month, or None when the date is unknown."""
    if published is None or (not isinstance(published, str) and pd.isna(published)):
        return None
    return int(pd.Timestamp(published).month)


def _pluperfect(parsed: Parsed, codebook: Codebook) -> bool:
    """An auxiliary hatte/war followed later in the sentence by a participle."""
    auxiliaries = codebook.tense["auxiliaries"]
    participle = codebook.tense["participle"]
    words = [token.lower for token in parsed.tokens]
    for position, word in enumerate(words):
        if word in auxiliaries and any(participle.fullmatch(later)
                                       for later in words[position + 1:]):
            return True
    return False


def _earlier_month(parsed: Parsed, month: int, months: tuple[str, ...]) -> bool:
    """True when the sentence names "im <Monat>" other than the publication month."""
    tokens = parsed.tokens
    for i in range(1, len(tokens)):
        if tokens[i].lower in months and tokens[i - 1].lower in {"im", "anfang", "ende",
                                                                  "mitte"}:
            if months.index(tokens[i].lower) + 1 != month:
                return True
    return False


def _modality(match: Match, negated: bool, parsed: Parsed, codebook: Codebook) -> str:
    """negated (category came through negation), hypothetical (Konjunktiv II, modal
    adverb in the head's clause) or asserted."""
    if negated and match.cue.negation in ("flip", "require"):
        return "negated"
    lo, hi = parsed.clauses[match.clause]
    if _any_in(codebook.hypothetical, parsed, lo, hi, codebook.settings["phrase_gap"]):
        return "hypothetical"
    return "asserted"


# --- coding one sentence ---------------------------------------------------------------------


@dataclass
class Claim:
    """One claim before it becomes a table row."""

    category: str
    actor: str | None
    clause: int
    rules: list[str]
    modality: str
    target: str | None = None


def code_sentence(parsed: Parsed, context: Context, codebook: Codebook, plain: bool = False
                  ) -> tuple[list[Claim], list[Condition]]:
    """The claims and conditions of one parsed sentence. ``plain``: the keyword-only baseline
    (every cue fires as its own category; no negation, conditions, frames or overrides)."""
    if plain:
        return _merge(_cue_claims(parsed, context, codebook, None, plain=True)), []
    conditions = find_conditions(parsed, codebook)
    silent = silenced_clauses(parsed, codebook)
    inside = {c for condition in conditions if condition.opens_clause
              for c in condition.clauses}
    allowed = set(range(len(parsed.clauses))) - silent - inside
    context.skip = inside
    claims = _cue_claims(parsed, context, codebook, allowed)
    claims = _apply_overrides(claims, codebook)
    if any(condition.opens_clause for condition in conditions):
        claims = [c for c in claims
                  if codebook.categories[c.category].when_conditioned != DROP]
    claims += _condition_claims(conditions, claims, parsed, context, silent, codebook)
    return _merge(claims), conditions


def _cue_claims(parsed: Parsed, context: Context, codebook: Codebook,
                allowed: set[int] | None, plain: bool = False) -> list[Claim]:
    """A claim for every cue firing outside silenced and condition clauses."""
    claims = []
    for category in codebook.categories.values():
        for cue in category.cues:
            for match in match_cue(cue, parsed, codebook, allowed):
                negated = False if plain else is_negated(match, parsed, codebook)
                result = cue.owner if plain else outcome(match, negated, codebook)
                if result is None:
                    continue
                modality = _modality(match, negated, parsed, codebook)
                for actor in resolve_actors(match, parsed, context, codebook):
                    target = clause_target([match.clause], actor, parsed, context,
                                           match.indices)
                    claims.append(Claim(result, actor, match.clause, [cue.rule], modality,
                                        target=target))
    return claims


def _apply_overrides(claims: list[Claim], codebook: Codebook) -> list[Claim]:
    """Drop claims that a firing cue overrides in its clause for the same actor."""
    removed: set[int] = set()
    for claim in claims:
        for rule in claim.rules:
            owner, cue_id = rule.split("/", 1)
            cue = next(c for c in codebook.categories[owner].cues if c.id == cue_id)
            for index, other in enumerate(claims):
                if other.category in cue.overrides and other.clause == claim.clause \
                        and other.actor == claim.actor:
                    removed.add(index)
    return [claim for index, claim in enumerate(claims) if index not in removed]


def _condition_claims(conditions: list[Condition], claims: list[Claim], parsed: Parsed,
                      context: Context, silent: set[int], codebook: Codebook) -> list[Claim]:
    """A PRECONDITION claim per condition, plus the categories its types imply."""
    added = []
    for condition in conditions:
        if condition.clauses & silent:
            continue
        actor = _claimant(condition, claims, parsed, context)
        rule = f"condition:{condition.marker}"
        clause = min(condition.clauses)
        modality = "hypothetical" if condition.marker == "sollte" else "asserted"
        target = clause_target(condition.clauses, actor, parsed, context)
        added.append(Claim("PRECONDITION", actor, clause, [rule], modality, target))
        for name in condition.types:
            implied = codebook.condition_types[name].implies
            if implied:
                added.append(Claim(implied, actor, clause, [f"{rule}+{name}"], modality,
                                   target))
    return added


def _claimant(condition: Condition, claims: list[Claim], parsed: Parsed,
              context: Context) -> str | None:
    """The actor of a condition's claims: the actor of the sentence's other claims, else the
    speaker, else the subject of the main clause, else the attribution's actor."""
    outside = [c.actor for c in claims if c.clause not in condition.clauses and c.actor]
    if outside:
        return outside[0]
    if context.speech in ("direct", "indirect") and context.speaker:
        return context.speaker
    main = [c for c in range(len(parsed.clauses)) if c not in condition.clauses]
    for clause in main or sorted(condition.clauses):
        subjects = clause_subjects(clause, parsed, context)
        if subjects:
            return subjects[0]
    return context.sentence_actor


def _merge(claims: list[Claim]) -> list[Claim]:
    """One claim per (category, actor); rules joined, the most marked modality kept."""
    merged: dict[tuple[str, str | None], Claim] = {}
    for claim in claims:
        key = (claim.category, claim.actor)
        if key not in merged:
            merged[key] = Claim(claim.category, claim.actor, claim.clause, list(claim.rules),
                                claim.modality, claim.target)
            continue
        kept = merged[key]
        kept.rules += [rule for rule in claim.rules if rule not in kept.rules]
        if kept.modality == "asserted" and claim.modality != "asserted":
            kept.modality = claim.modality
    return list(merged.values())


# --- public API ------------------------------------------------------------------------------


def code_positions(sentences: pd.DataFrame, codebook: Codebook | None = None,
                   mentions: pd.DataFrame | None = None, *, plain: bool = False
                   ) -> pd.DataFrame:
    """Code every sentence into claims; one row per (sentence, actor, category).

    ``sentences`` needs article_id, sentence_id and text; published, and the attribution
    columns actor, speech and addressee (from :func:`korea_notes.quotes.attribute_sentences`)
    are used when present. ``mentions`` defaults to
    :func:`korea_notes.actors.find_mentions` of the sentences. Columns: :data:`CLAIM_COLUMNS`.
    Rows follow the sentences' order, then the codebook's category order, then actor.
    ``plain=True`` is the keyword-only baseline (:func:`code_keywords`).
    """
    codebook = codebook or load_codebook()
    _check_columns(sentences)
    if mentions is None:
        from korea_notes.actors import find_mentions
        mentions = find_mentions(sentences)
    by_sentence = {key: rows for key, rows in mentions.groupby("sentence_id", sort=False)}
    order = {name: index for index, name in enumerate(codebook.categories)}
    rows: list[dict[str, Any]] = []
    empty = pd.DataFrame(columns=["start", "end", "actor"])
    for record in sentences.to_dict("records"):
        rows.extend(_sentence_rows(record, by_sentence.get(record["sentence_id"], empty),
                                   codebook, order, plain))
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


def _check_columns(sentences: pd.DataFrame) -> None:
    """Raise PositionsError when the sentences frame lacks a required column."""
    missing = [column for column in REQUIRED_COLUMNS if column not in sentences.columns]
    if missing:
        raise PositionsError(
            f"the sentences frame lacks column(s) {missing}. Fix: pass the output of "
            "korea_notes.language.split_sentences (ideally after "
            "korea_notes.quotes.attribute_sentences).")


def _value(record: dict[str, Any], key: str) -> Any:
    """A record's value, with NaN/NaT/missing turned into None."""
    value = record.get(key)
    if value is None or (not isinstance(value, (str, tuple, list)) and pd.isna(value)):
        return None
    return value


def _sentence_rows(record: dict[str, Any], mention_rows: pd.DataFrame, codebook: Codebook,
                   order: dict[str, int], plain: bool = False) -> list[dict[str, Any]]:
    """The claim rows of one sentence, in codebook category order."""
    text = str(record["text"])
    parsed = parse(text, codebook)
    speech = _value(record, "speech") or fallback_speech(parsed, codebook)
    actor = _value(record, "actor")
    context = Context(_mentions(parsed, mention_rows), speech, actor, actor,
                      _value(record, "addressee"), _value(record, "actor_basis"))
    claims, conditions = code_sentence(parsed, context, codebook, plain)
    tense = sentence_tense(parsed, _value(record, "published"), codebook)
    reciprocal = _any_in(codebook.reciprocal, parsed, 0, len(parsed.tokens),
                         codebook.settings["phrase_gap"])
    rows = [_row(record, claim, conditions, claims, context, speech, tense, reciprocal)
            for claim in claims]
    return sorted(rows, key=lambda row: (order[row["category"]], str(row["actor"])))


def _row(record: dict[str, Any], claim: Claim, conditions: list[Condition], claims: list[Claim],
         context: Context, speech: str, tense: str, reciprocal: bool) -> dict[str, Any]:
    """One output row: condition, conditionality, target, speech and tense filled in."""
    condition, kind, conditionality = None, None, "unconditional"
    if conditions and claim.category != "NO_PRECONDITIONS":
        condition = " | ".join(c.text for c in conditions)
        types = [t for c in conditions for t in c.types]
        kind = "|".join(dict.fromkeys(types)) or None
        concession = any(c.category == "FLEXIBILITY" for c in claims)
        conditionality = "reciprocal" if reciprocal or concession else "precondition"
    elif reciprocal and claim.category != "NO_PRECONDITIONS":
        conditionality = "reciprocal"
    if claim.category == "PRECONDITION" and conditionality == "unconditional":
        conditionality = "precondition"
    return {
        "article_id": record["article_id"], "published": _value(record, "published"),
        "sentence_id": record["sentence_id"], "sentence": record["text"],
        "actor": claim.actor, "target": resolve_target(claim.actor, context, claim.target),
        "category": claim.category, "condition": condition, "condition_type": kind,
        "conditionality": conditionality, "modality": claim.modality, "speech": speech,
        "tense": tense, "rule": "; ".join(claim.rules),
    }


def code_keywords(sentences: pd.DataFrame, codebook: Codebook | None = None,
                  mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The keyword-only baseline: the same cues and actor rules, but every cue fires as its own
    category (no negation, no conditions, no frames, no overrides). Columns as
    :func:`code_positions`."""
    return code_positions(sentences, codebook, mentions, plain=True)


# --- the pipeline ------------------------------------------------------------------------------


def prepare_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles -> clean articles -> sentences -> attributed sentences (the coder's input)."""
    from korea_notes.cleaning import clean_articles
    from korea_notes.language import split_sentences
    from korea_notes.quotes import attribute_sentences

    clean, _ = clean_articles(articles)
    return attribute_sentences(split_sentences(clean))


def code_corpus(articles: pd.DataFrame | None = None,
                codebook: Codebook | None = None) -> pd.DataFrame:
    """The claims of every corpus article (default: :func:`korea_notes.corpus.load_articles`),
    through the whole pipeline. Columns: :data:`CLAIM_COLUMNS`."""
    if articles is None:
        from korea_notes.corpus import load_articles
        articles = load_articles()
    return code_positions(prepare_sentences(articles), codebook)


def text_article(text: str, published: Any = None, article_id: str = "text") -> pd.DataFrame:
    """A one-row articles table for a free text, with the columns of
    :func:`korea_notes.corpus.load_articles` (published NaT when not given)."""
    import hashlib

    stamp = pd.Timestamp(published) if published is not None else pd.NaT
    return pd.DataFrame([{
        "article_id": article_id, "file": "", "published": stamp,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "date_precision": "day", "date_source": "given", "date_evidence": "",
        "outlet": "", "outlet_evidence": "", "title": "", "event": "", "language": "de",
        "source_file": "", "raw_text": text,
    }])


def code_text(text: str, published: Any = None, codebook: Codebook | None = None
              ) -> pd.DataFrame:
    """Code any German text: cleaning, sentences, attribution and coding, as for the corpus.

    ``published`` (date or ISO string, optional) anchors relative dates for ``tense``.
    Columns: :data:`CLAIM_COLUMNS` (article_id "text").
    """
    if not isinstance(text, str) or not text.strip():
        raise PositionsError("the text is empty. Fix: pass the article's text as a string.")
    return code_positions(prepare_sentences(text_article(text, published)), codebook)


def claims_per_article(claims: pd.DataFrame, codebook: Codebook | None = None
                       ) -> pd.DataFrame:
    """Number of claims per article and category (columns in codebook order), plus total.

    Index: article_id (with published as a column first)."""
    codebook = codebook or load_codebook()
    table = pd.crosstab([claims["published"], claims["article_id"]], claims["category"])
    table = table.reindex(columns=list(codebook.categories), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.reset_index().set_index("article_id")


def actor_category_matrix(claims: pd.DataFrame, codebook: Codebook | None = None,
                          current_only: bool = False) -> pd.DataFrame:
    """Claims per (published date, actor) x category (codebook order); ``current_only`` keeps
    the article's news and leaves recalled background out. Rows without an actor are
    labelled "(unknown)"."""
    codebook = codebook or load_codebook()
    data = claims[claims["tense"] == "current"] if current_only else claims
    actors = data["actor"].where(data["actor"].notna(), "(unknown)")
    dates = pd.to_datetime(data["published"]).dt.date
    table = pd.crosstab([dates.rename("published"), actors.rename("actor")], data["category"])
    return table.reindex(columns=list(codebook.categories), fill_value=0)


EVIDENCE_COLUMNS: tuple[str, ...] = (
    "published", "article_id", "actor", "target", "category", "conditionality",
    "condition_type", "condition", "modality", "speech", "tense", "sentence", "rule",
)


def evidence_table(claims: pd.DataFrame, actor: str | None = None,
                   category: str | None = None, tense: str | None = None) -> pd.DataFrame:
    """The claims as an evidence table a reader can filter (by actor, category, tense), in
    date order. Columns: :data:`EVIDENCE_COLUMNS`."""
    data = claims
    for column, value in (("actor", actor), ("category", category), ("tense", tense)):
        if value is not None:
            data = data[data[column] == value]
    data = data.sort_values(["published", "article_id", "sentence_id"], kind="stable")
    return data[list(EVIDENCE_COLUMNS)].reset_index(drop=True)
