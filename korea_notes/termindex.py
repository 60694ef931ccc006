"""Which of the codebook's term sets each token fits, looked up instead of tested one by one.

The coder asks, for hundreds of term sets per sentence, "where in this sentence do these terms
occur?". Testing every term set at every token is what made coding slow, and nearly every answer
is "nowhere". A :class:`TermIndex` is built once per codebook from every :class:`TermSet` in it:
words and exact forms go into dictionaries (word -> term sets), and each key a token carries is
tested against the term sets' regular expressions once, the answer remembered. A sentence then
costs one lookup per token key, and gives, per term set, the tokens that fit it
(:meth:`TermIndex.positions`); a term set that fits nowhere is skipped at once.

The answers are exactly those of :meth:`TermSet.fits` (a test compares the two on every token of
the corpus); term sets the index does not know (built outside the codebook) fall back to it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields, is_dataclass
from typing import Any

from korea_notes.terms import Cue, TermSet

_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")

MEMO_LIMIT = 500_000
"""Most keys (token forms, lemmas and variants) remembered; beyond it the memo starts afresh,
so memory stays bounded on a very large vocabulary."""


class TermIndex:
    """Every term set of a codebook, indexed by the words, forms and regex answers that fit it.

    Equal term sets share one slot. :meth:`slot` gives a term set's slot (None for an unknown
    one), :meth:`fitting` the slots a token fits.
    """

    def __init__(self, termsets: Iterable[TermSet]) -> None:
        self._slot_of_id: dict[int, int] = {}
        self._kept: list[TermSet] = []  # keeps the indexed objects alive, so ids stay theirs
        slot_of_value: dict[TermSet, int] = {}
        by_word: dict[str, set[int]] = defaultdict(set)
        by_form: dict[str, set[int]] = defaultdict(set)
        regexes: list[tuple[int, Callable[[str], Any]]] = []
        for terms in termsets:
            if id(terms) in self._slot_of_id:
                continue
            known = slot_of_value.get(terms)
            slot = known if known is not None else len(slot_of_value)
            self._slot_of_id[id(terms)] = slot
            self._kept.append(terms)
            if known is not None:
                continue
            slot_of_value[terms] = slot
            for word in terms.words:
                by_word[word].add(slot)
            for form in terms.forms:
                by_form[form].add(slot)
            if terms.regexes:
                regexes.append((slot, _whole_match(terms.regexes)))
        self.size = len(slot_of_value)
        self._start_slots: dict[int, frozenset[int]] = {}
        for terms, slot in slot_of_value.items():
            self._start_slots[slot] = self._starting(terms, slot_of_value)
        self._by_word = {word: frozenset(slots) for word, slots in by_word.items()}
        self._by_form = {form: frozenset(slots) for form, slots in by_form.items()}
        self._regexes = regexes
        self._key_memo: dict[str, frozenset[int]] = {}
        self._filters: dict[int, CueFilter] = {}

    def __reduce__(self) -> tuple[type, tuple[list[TermSet]]]:
        # Slots are keyed by object identity: a copy is rebuilt from its own term sets.
        return (TermIndex, (self._kept,))

    @classmethod
    def of(cls, root: Any) -> TermIndex:
        """The index of every term set reachable from ``root`` (a codebook, or any nesting of
        dataclasses, dicts, lists and tuples holding term sets), phrase parts included."""
        return cls(_termsets(root))

    def slot(self, terms: TermSet) -> int | None:
        """The slot of a term set this index was built from, or None."""
        return self._slot_of_id.get(id(terms))

    def start_slots(self, terms: TermSet) -> frozenset[int] | None:
        """The slots whose tokens may start a match of ``terms``: its own, and those of its
        phrases' first parts (None for an unknown term set)."""
        slot = self._slot_of_id.get(id(terms))
        return None if slot is None else self._start_slots[slot]

    def cue_filter(self, cues: tuple[Cue, ...]) -> CueFilter:
        """The (remembered) :class:`CueFilter` of these cues."""
        found = self._filters.get(id(cues))
        if found is None or found.cues is not cues:
            found = self._filters[id(cues)] = CueFilter(cues, self)
        return found

    def _starting(self, terms: TermSet, slot_of_value: dict[TermSet, int]) -> frozenset[int]:
        found = {slot_of_value[terms]}
        for phrase in terms.phrases:
            found |= self._start_slots.get(slot_of_value[phrase[0]]) \
                or self._starting(phrase[0], slot_of_value)
        return frozenset(found)

    def fitting(self, form: str, keys: Iterable[str]) -> frozenset[int]:
        """The slots of the term sets a token fits (its lower-case form and its keys), as
        :meth:`TermSet.fits` decides: form among the forms, a key among the words, or a key
        that a regular expression matches whole."""
        found = set(self._by_form.get(form, ()))
        for key in keys:
            found.update(self._key_slots(key))
        return frozenset(found)

    def positions(self, tokens: Sequence[Any]) -> dict[int, frozenset[int]]:
        """For the tokens of a sentence (with ``lower`` and ``keys``): slot -> indices of the
        tokens that fit it. Slots no token fits are absent."""
        found: dict[int, set[int]] = defaultdict(set)
        for index, token in enumerate(tokens):
            for slot in self.fitting(token.lower, token.keys):
                found[slot].add(index)
        return {slot: frozenset(indices) for slot, indices in found.items()}

    def _key_slots(self, key: str) -> frozenset[int]:
        memo = self._key_memo.get(key)
        if memo is None:
            slots = set(self._by_word.get(key, ()))
            slots.update(slot for slot, matches in self._regexes if matches(key))
            if len(self._key_memo) >= MEMO_LIMIT:
                self._key_memo.clear()
            memo = self._key_memo[key] = frozenset(slots)
        return memo


class CueFilter:
    """Cues indexed by the slots their first term may start with, to pick the few cues that
    can fire in a sentence without trying each."""

    def __init__(self, cues: tuple[Cue, ...], index: TermIndex) -> None:
        self.cues = cues
        self._required: list[tuple[frozenset[int], ...] | None] = []
        by_slot: dict[int, list[int]] = defaultdict(list)
        self._always: list[int] = []  # cues with a term set the index does not know
        for position, cue in enumerate(cues):
            required = tuple(index.start_slots(terms) for terms in cue.terms)
            if not required or any(slots is None for slots in required):
                self._required.append(None)
                self._always.append(position)
                continue
            self._required.append(required)  # type: ignore[arg-type]
            for slot in required[0]:
                by_slot[slot].append(position)
        self._by_slot = dict(by_slot)

    def possible(self, present: frozenset[int] | set[int]) -> list[Cue]:
        """The cues, in order, each of whose terms may start at a token of a sentence whose
        tokens fit the ``present`` slots (cues whose terms the index does not know are always
        kept: the matcher decides)."""
        positions = set(self._always)
        for slot in present:
            positions.update(self._by_slot.get(slot, ()))
        chosen = []
        for position in sorted(positions):
            required = self._required[position]
            if required is None or all(not slots.isdisjoint(present) for slots in required[1:]):
                chosen.append(self.cues[position])
        return chosen


def _whole_match(regexes: tuple[re.Pattern[str], ...]) -> Callable[[str], Any]:
    """A test whether any of the regexes matches a whole key: one alternation of them all
    (one call instead of one per regex), or each in turn when they cannot be joined."""
    if len(regexes) == 1:
        return regexes[0].fullmatch
    flags = {regex.flags for regex in regexes}
    numbered = any(_BACKREFERENCE.search(regex.pattern) for regex in regexes)
    if len(flags) == 1 and not numbered:  # joined, a back-reference would point elsewhere
        try:
            return re.compile("|".join(f"(?:{regex.pattern})" for regex in regexes),
                              flags.pop()).fullmatch
        except re.error:
            pass  # e.g. inline flags, allowed only at the start of a pattern
    return lambda key: any(regex.fullmatch(key) for regex in regexes)


def _termsets(root: Any) -> Iterator[TermSet]:
    """Every TermSet reachable from ``root``, each phrase part too, depth first."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, (str, bytes, int, float, bool)) or value is None:
            continue
        seen.add(id(value))
        if isinstance(value, TermSet):
            yield value
            stack.extend(part for phrase in value.phrases for part in phrase)
        elif is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, item.name) for item in fields(value))
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (list, tuple, set, frozenset)):
            stack.extend(value)
