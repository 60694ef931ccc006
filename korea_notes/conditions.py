"""Conditions and frames: which clause states what must happen first, and which clauses
report no claim at all (questions, speculation).

Condition markers (``condition_markers`` in the codebook) find the clause of a condition;
condition types (``condition_types``) normalise what it asks for; frames silence clauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from korea_notes.codebook import Codebook
from korea_notes.cues import (
    Parsed,
    any_in,
    ends_at,
    governed_by_preposition,
    match_cue,
    noun_phrase_end,
    occurrences,
)

# --- conditions and frames -------------------------------------------------------------------


@dataclass
class Condition:
    """A condition found in a sentence: the marker, its clauses, text and normalised types;
    ``phrase`` holds the token indices of a phrase condition ("ohne ...", "bis zur ...")."""

    marker: str
    clauses: set[int]
    text: str
    types: list[str]
    opens_clause: bool
    postponing: bool = False
    governs: bool = True
    role: str = "precondition"
    phrase: tuple[int, ...] = ()
    kind: str = "precondition"


def find_conditions(parsed: Parsed, codebook: Codebook) -> list[Condition]:
    """Every condition clause of a sentence, in marker order of the codebook."""
    found: list[Condition] = []
    taken: set[int] = set()
    for marker in codebook.markers:
        if not parsed.starts(marker.words):
            continue  # the marker's words occur nowhere in the sentence
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
        while first in words and marker.lead and ends_at(marker.lead, parsed, first, hi, gap) \
                and not ends_at(marker.words, parsed, first, hi, gap):
            first = ends_at(marker.lead, parsed, first, hi, gap)[-1] + 1
        candidates = [first] if first < hi and ends_at(marker.words, parsed, first, hi, gap) \
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
    end = ends_at(marker.words, parsed, start, hi, gap)[0]
    if start > 0 and marker.not_after and marker.not_after.fits(
            tokens[start - 1].lower, tokens[start - 1].keys):
        return False
    if end + 1 < len(tokens) and marker.not_before and marker.not_before.fits(
            tokens[end + 1].lower, tokens[end + 1].keys):
        return False
    if marker.unless and any_in(marker.unless, parsed, lo, hi, gap):
        return False
    clause = tokens[start].clause
    if marker.unless_next_clause and clause + 1 < len(parsed.clauses):
        following = [i for i in range(*parsed.clauses[clause + 1]) if tokens[i].is_word]
        if following and ends_at(marker.unless_next_clause, parsed, following[0],
                                  len(tokens), gap):
            return False
    return not (marker.requires and not any_in(marker.requires, parsed, lo, hi, gap))


def _condition(marker: Any, parsed: Parsed, clause: int, start: int,
               codebook: Codebook) -> Condition | None:
    """The condition a marker opens: its clauses, text and types (None if it needs a type)."""
    clauses = _condition_extent(marker, parsed, clause, codebook)
    indices = [i for c in sorted(clauses) for i in range(*parsed.clauses[c])]
    narrowed = _from_span(marker, parsed, clause, start, codebook)
    if marker.extent == "phrase":
        narrowed = _phrase_span(marker, parsed, clause, start, codebook)
    if narrowed and _points_ahead(parsed, narrowed[0], clause):
        clauses = {clause + 1}
        indices = list(range(*parsed.clauses[clause + 1]))
        narrowed = indices
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
    opens = marker.position == "clause_start"
    return Condition(marker.id, clauses, text, types, opens,
                     postponing=_postponing(marker, parsed, clause, start, opens, codebook),
                     governs=_governs(marker, parsed, clauses, codebook),
                     phrase=tuple(indices) if marker.extent == "phrase" else (),
                     kind=marker.kind)


def _points_ahead(parsed: Parsed, index: int, clause: int) -> bool:
    """True for a pronominal adverb ("davon", "darauf") that points to the clause after it:
    "machte die Lockerung davon abhängig, dass Pjöngjang zuvor ..."."""
    word = parsed.tokens[index].lower
    return word.startswith("da") and len(word) > 3 and word not in {"damit", "dann", "dabei"} \
        and clause + 1 < len(parsed.clauses) and parsed.tokens[index].is_verbal


def _postponing(marker: Any, parsed: Parsed, clause: int, start: int, opens: bool,
                codebook: Codebook) -> bool:
    """True when a postponing word ("erst") stands in the marker's lead, in the marker itself
    or in the clause before a clause-opening marker: "erst wieder aufnehmen, wenn ...". Such a
    condition puts the position off until then; it is not an offer now."""
    gap = codebook.settings["phrase_gap"]
    lo = parsed.clauses[clause][0]
    if opens and clause > 0:
        lo = parsed.clauses[clause - 1][0]
    end = ends_at(marker.words, parsed, start, len(parsed.tokens), gap)[0]
    return any_in(codebook.postponing, parsed, lo, end + 1, gap)


def governing_clause(clauses: set[int], parsed: Parsed) -> int | None:
    """The clause a condition depends on: the nearest clause before it, else after it."""
    before = [c for c in range(min(clauses)) if c not in clauses]
    if before:
        return before[-1]
    after = [c for c in range(max(clauses) + 1, len(parsed.clauses)) if c not in clauses]
    return after[0] if after else None


def _governs(marker: Any, parsed: Parsed, clauses: set[int], codebook: Codebook) -> bool:
    """The marker's ``governs`` terms occur in the clause the condition depends on (True when
    the marker has none)."""
    if not marker.governs:
        return True
    clause = governing_clause(clauses, parsed)
    if clause is None:
        return False
    return any_in(marker.governs, parsed, *parsed.clauses[clause], codebook.settings["phrase_gap"])


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
    end = ends_at(marker.words, parsed, start, hi, gap)[0]
    return list(range(before[-1], end + 1))


def _phrase_span(marker: Any, parsed: Parsed, clause: int, start: int,
                 codebook: Codebook) -> list[int]:
    """For ``extent: phrase``: the marker and the noun phrase after it, with its genitive
    attributes ("bis zur endgültigen, vollständig überprüften Denuklearisierung Nordkoreas")
    and the noun phrases coordinated with it ("ohne eine Lockerung ... und ein Ende ...")."""
    gap = codebook.settings["phrase_gap"]
    hi = parsed.clauses[clause][1]
    end = ends_at(marker.words, parsed, start, hi, gap)[0]
    last = max(end, noun_phrase_end(parsed, end + 1, hi))
    while last + 2 < hi and parsed.tokens[last + 1].lower in {"und", "oder", "sowie"}:
        following = noun_phrase_end(parsed, last + 2, hi)
        if following <= last + 1:
            break
        last = following
    return list(range(start, last + 1))


def _condition_extent(marker: Any, parsed: Parsed, clause: int, codebook: Codebook) -> set[int]:
    """The condition's clauses: the marker's clause and, for ``extent: following``,
    the clauses after it up to the next main clause or marker."""
    if marker.extent != "following":
        return {clause}
    clauses = {clause}
    for following in range(clause + 1, len(parsed.clauses)):
        lo, hi = parsed.clauses[following]
        words = [parsed.tokens[i] for i in range(lo, hi) if parsed.tokens[i].is_word]
        if not words or words[0].lower in codebook.finite_starts or _after_semicolon(parsed, lo):
            break
        if any(_marker_at(other, parsed, following, codebook) is not None
               for other in codebook.markers if other.position == "clause_start"):
            break
        clauses.add(following)
    return clauses


def _after_semicolon(parsed: Parsed, lo: int) -> bool:
    """True when the clause starting at token ``lo`` follows a ";": a new statement."""
    before = [t for t in parsed.tokens[:lo] if t.text.strip()]
    return bool(before) and before[-1].text == ";"


def condition_types(parsed: Parsed, indices: list[int], codebook: Codebook) -> list[str]:
    """The condition types whose cues match inside the given tokens, in codebook order; a token
    used by one type is not used by a later one."""
    allowed_clauses = {parsed.tokens[i].clause for i in indices}
    used: set[int] = set()
    types = []
    for kind in codebook.condition_types.values():
        for cue in parsed.possible_cues(kind.cues):
            matches = [m for m in match_cue(cue, parsed, codebook, allowed_clauses)
                       if m.indices <= set(indices) and not m.indices & used]
            if matches:
                used.update(matches[0].indices)
                types.append(kind.name)
                break
    return types


def silenced_clauses(parsed: Parsed, codebook: Codebook) -> set[int]:
    """Clauses that report no claim (questions, speculation, assessments, accusations)
    according to ``frames``."""
    gap = codebook.settings["phrase_gap"]
    silent: set[int] = set()
    for frame in codebook.frames:
        for clause, (lo, hi) in enumerate(parsed.clauses):
            words = [i for i in range(lo, hi) if parsed.tokens[i].is_word]
            if not words:
                continue
            if frame.position == "clause_start":
                hit = bool(ends_at(frame.words, parsed, words[0], hi, gap))
            else:
                hit = any(not governed_by_preposition(parsed, first, lo)
                          for first, _ in occurrences(frame.words, parsed, lo, hi, gap))
            if hit:
                first = clause + 1 if frame.scope == "following" else clause
                last = clause + 1 if frame.scope == "clause" else len(parsed.clauses)
                silent.update(range(first, last))
    return silent

