"""The compiled form of the codebook's terms: a :class:`TermSet` (words, exact forms, regular
expressions and phrases that a token or a run of tokens may fit) and a :class:`Cue` (term sets
that must occur together, with the options of one codebook rule). :mod:`korea_notes.codebook`
builds them from YAML; :mod:`korea_notes.termindex` indexes them; :mod:`korea_notes.cues`
matches them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TermSet:
    """A compiled union of terms: lemmas/forms, regular expressions and phrases."""

    words: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    regexes: tuple[re.Pattern[str], ...] = ()
    phrases: tuple[tuple[TermSet, ...], ...] = ()
    literals: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.forms or self.regexes or self.phrases)

    def fits(self, form: str, keys: set[str] | frozenset[str]) -> bool:
        """True when a token (lower-case form, keys = form and lemma variants) is one of the
        words, has one of the exact forms, or fits a regex."""
        if form in self.forms or not self.words.isdisjoint(keys):
            return True
        return any(regex.fullmatch(key) for regex in self.regexes for key in keys)


@dataclass(frozen=True)
class Cue:
    """One rule of a category (or a condition type): terms that must co-occur, and options."""

    id: str
    owner: str
    terms: tuple[TermSet, ...]
    window: int
    scope: str
    context: TermSet
    unless: TermSet
    negation: str
    negated: str | None
    negators: TermSet
    overrides: tuple[str, ...]
    subject_is_target: bool
    note: str
    object_of_verb: bool = False
    other_actor: bool = False
    owner_is_target: bool = False

    @property
    def rule(self) -> str:
        """The name shown in the ``rule`` column: OWNER/id."""
        return f"{self.owner}/{self.id}"
