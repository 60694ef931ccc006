"""Matching the codebook's cues in a sentence: tokens, clauses, terms, cues and negation.

A sentence is cut into tokens, each known by its form and lemma keys (with the base forms that
regular German endings point to, and separable verbs joined with their particle), and into
clauses at the codebook's boundary tokens. Event nouns that only say when or where ("beim
Gipfel") and the words an actor offers in an exchange ("im Gegenzug für ...") are marked. A cue
fires where all its terms occur within its window; negation is read from the clauses holding the
cue's words. The codebook file's header describes the pattern syntax and the negation rules in
the researcher's terms.

Matching looks terms up instead of testing them: the codebook's :class:`TermIndex`
(:mod:`korea_notes.termindex`) tells, per sentence, which tokens fit each term set, so a term set
is tried only where it may start, and only the cues whose every term occurs in the sentence are
tried at all (:meth:`Parsed.possible_cues`). The results are those of testing every term set at
every token (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma

from korea_notes.codebook import DROP, Codebook
from korea_notes.termindex import TermIndex
from korea_notes.terms import Cue, TermSet

_TOKEN = re.compile(r"\w+(?:[-‐]\w+)*-?|\.\.\.|[^\w\s]")
AGENT = frozenset({"von", "vom", "durch"})
DETERMINERS = frozenset({
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen",
    "sein", "seine", "seiner", "seines", "seinem", "seinen", "ihr", "ihre", "ihrer", "ihres",
    "ihrem", "ihren", "unser", "unsere", "unserer", "unseren", "unserem", "jede", "jeder",
    "jedes", "jeden", "jedem", "alle", "aller", "allen", "kein", "keine", "keinen", "keinem",
    "keiner", "zur", "zum", "im", "am", "beim", "vom", "ins",
})
_INFLECTED = re.compile(r"\w+(e|en|er|es|em)")
_MODIFIER_WORD = re.compile(r"\w+(e|en|er|es|em|ig|lich|isch|bar|los|voll|t)")
_GENITIVE = frozenset({"der", "des", "eines", "einer", "seines", "seiner", "ihres", "ihrer",
                       "aller"})
_OBJECT_ARTICLES = frozenset({"die", "den", "das", "eine", "einen", "ein"})


# --- tokens and clauses ----------------------------------------------------------------------


@dataclass
class Token:
    """One token of a sentence: span, form and the keys terms are matched against."""

    text: str
    start: int
    end: int
    keys: set[str]
    clause: int = 0
    setting: bool = False
    offered: bool = False
    lower: str = field(init=False, repr=False)
    """The lower-case form."""
    is_word: bool = field(init=False, repr=False)
    """Starts with a letter or digit."""
    is_verbal: bool = field(init=False, repr=False)
    """Lower-case words: verbs, participles, adjectives (German nouns are capitalised)."""
    is_noun: bool = field(init=False, repr=False)
    """Capitalised words: nouns and names (and a sentence's first word)."""

    def __post_init__(self) -> None:
        first = self.text[:1]
        self.lower = self.text.lower()
        self.is_word = first.isalnum()
        self.is_verbal = self.is_word and first.islower()
        self.is_noun = self.is_word and first.isupper()


_NONE: frozenset[int] = frozenset()


@dataclass
class Parsed:
    """A sentence cut into tokens (quotation marks left out) and clauses."""

    text: str
    tokens: list[Token]
    clauses: list[tuple[int, int]]
    has_quote_marks: bool
    cache: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    index: TermIndex | None = field(default=None, repr=False)
    """The codebook's term index; without it every term set is tested token by token."""
    _fits: dict[int, frozenset[int]] | None = field(default=None, repr=False)
    _starts: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _possible: dict[int, tuple[tuple[Cue, ...], list[Cue]]] = field(default_factory=dict,
                                                                   repr=False)

    def fitting(self, terms: TermSet) -> frozenset[int]:
        """Indices of the tokens that fit ``terms`` itself (its words, forms and regexes;
        phrases not included, setting nouns included)."""
        slot = self.index.slot(terms) if self.index is not None else None
        if slot is None:
            return frozenset(i for i, token in enumerate(self.tokens)
                             if terms.fits(token.lower, token.keys))
        fits = self._fits if self._fits is not None else self._slot_positions()
        return fits.get(slot, _NONE)

    def possible_cues(self, cues: tuple[Cue, ...]) -> tuple[Cue, ...] | list[Cue]:
        """The cues, in order, that may fire in the sentence: each of their terms may start
        at one of its tokens. Any other cue cannot fire (:func:`match_cue` finds nothing)."""
        if self.index is None:
            return cues
        held = self._possible.get(id(cues))
        if held is None or held[0] is not cues:
            held = self._possible[id(cues)] = (cues, self.index.cue_filter(cues).possible(
                self._slot_positions().keys()))
        return held[1]

    def starts(self, terms: TermSet) -> list[int]:
        """Sorted indices where a match of ``terms`` may start: its own fitting tokens and the
        possible starts of its phrases' first parts (a superset of the real starts)."""
        key = id(terms)
        found = self._starts.get(key)
        if found is not None:
            return found
        slots = self.index.start_slots(terms) if self.index is not None else None
        if slots is None:
            candidates = set(self.fitting(terms))
            for phrase in terms.phrases:
                candidates.update(self.starts(phrase[0]))
        else:
            positions = self._slot_positions()
            candidates = set()
            for slot in slots:
                candidates.update(positions.get(slot, ()))
        found = self._starts[key] = sorted(candidates)
        return found

    def _slot_positions(self) -> dict[int, frozenset[int]]:
        """Slot -> tokens that fit it, looked up in the index once per sentence (after
        parsing has given the tokens all their keys)."""
        if self._fits is None:
            assert self.index is not None
            self._fits = self.index.positions(self.tokens)
        return self._fits


@lru_cache(maxsize=50_000)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="de").lower()


def _keys(word: str, first: bool, lemmas: dict[str, str]) -> set[str]:
    """The keys a token is matched by: form, lemma (the codebook's ``clauses.lemmas`` first),
    hyphen-compound head, lower-cased lemma, and the base forms that regular endings point to:
    Konjunktiv I "lockere" -> lockern, weak past "belegte" -> belegen, an inflected "-e" word
    "stufenweisen" -> stufenweise."""
    lower = word.lower()
    keys = {lower, lemmas.get(lower) or _lemma(word)}
    if first:
        keys.add(lemmas.get(lower) or _lemma(lower))
    if word.islower() and len(word) > 4:
        if word.endswith("e"):
            keys.update({word + "n", word[:-1] + "n"})
        if word.endswith(("te", "ten")) and len(word) > 5:
            keys.add(word[: -2 if word.endswith("te") else -3] + "en")
        if word.endswith(("en", "er", "es", "em")) and len(word) > 6:
            keys.add(word[:-1])
    if "-" in word.strip("-"):
        head = word.rstrip("-").rsplit("-", 1)[-1]
        keys.update({head.lower(), _lemma(head), _lemma(head.capitalize())})
    return keys


def parse(text: str, codebook: Codebook, marked: bool = True) -> Parsed:
    """Tokenise a sentence, cut it into clauses, add separable-verb lemmas and mark setting
    nouns and offered words (``marked=False``: not yet, :func:`mark` does it later; the
    tokens' keys, and so :meth:`Parsed.possible_cues`, are already complete)."""
    tokens: list[Token] = []
    quote_marks = False
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word in codebook.quote_marks or word == "'":
            quote_marks = True
            continue
        first = not tokens or tokens[-1].text in codebook.boundaries
        tokens.append(Token(word, match.start(), match.end(),
                            _keys(word, first, codebook.lemmas)))
    clauses = _clauses(tokens, codebook)
    for lo, hi in clauses:
        _join_particle(tokens, lo, hi, codebook)
    parsed = Parsed(text, tokens, clauses, quote_marks, index=codebook.term_index)
    if marked:
        mark(parsed, codebook)
    return parsed


def mark(parsed: Parsed, codebook: Codebook) -> None:
    """Mark the setting nouns and offered words of a sentence parsed with ``marked=False``."""
    _mark_settings(parsed, codebook)
    _mark_offered(parsed, codebook)


def _clauses(tokens: list[Token], codebook: Codebook) -> list[tuple[int, int]]:
    """Cut the tokens into clauses at the codebook's boundary tokens; number each token. A
    comma between two adjectives of one noun phrase ("bis zur endgültigen, vollständig
    überprüften Denuklearisierung") does not cut."""
    clauses: list[tuple[int, int]] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.text in codebook.boundaries and not _inside_noun_phrase(tokens, index):
            clauses.append((start, index + 1))
            start = index + 1
    if start < len(tokens) or not clauses:
        clauses.append((start, len(tokens)))
    for number, (lo, hi) in enumerate(clauses):
        for token in tokens[lo:hi]:
            token.clause = number
    return clauses


def _inside_noun_phrase(tokens: list[Token], index: int) -> bool:
    """True for a comma after a determiner and inflected adjectives whose noun is still to
    come, followed by a lower-case word (another adjective or its adverb)."""
    if tokens[index].text != "," or index + 1 >= len(tokens) or not tokens[index + 1].is_verbal:
        return False
    adjectives = 0
    for j in range(index - 1, max(-1, index - 4), -1):
        word = tokens[j].lower
        if word in DETERMINERS:
            return adjectives > 0
        if not (tokens[j].is_verbal and _INFLECTED.fullmatch(word)):
            return False
        adjectives += 1
    return False


def noun_phrase_end(parsed: Parsed, start: int, hi: int) -> int:
    """Index of the last token of the noun phrase that begins at ``start`` (determiners,
    adjectives and adverbs, a noun, then genitive attributes: "der endgültigen, vollständig
    überprüften Denuklearisierung Nordkoreas"); ``start - 1`` when none begins there."""
    tokens = parsed.tokens
    last = start - 1
    expect_noun = True
    for j in range(start, hi):
        token = tokens[j]
        if expect_noun and token.is_noun:
            expect_noun = False
        elif expect_noun and (token.text == "," or token.lower in DETERMINERS or (
                token.is_verbal and _MODIFIER_WORD.fullmatch(token.lower))):
            pass
        elif not expect_noun and token.lower in _GENITIVE:
            expect_noun = True
        elif not expect_noun and token.is_noun and token.lower.endswith("s") \
                and tokens[j - 1].is_noun:
            pass
        else:
            break
        if not expect_noun:
            last = j
    return last


def _join_particle(tokens: list[Token], lo: int, hi: int, codebook: Codebook) -> None:
    """Give verbs of a clause ending in a verb particle the joined lemma (ab+lehnen); a
    particle before a coordinator closes the verb phrase before it ("sagte das Treffen ab und
    verwies ...")."""
    words = [index for index in range(lo, hi) if tokens[index].is_word]
    _join_segment(tokens, words, codebook)
    segment: list[int] = []
    for index in words:
        if tokens[index].lower in codebook.coordinators:
            if segment and segment[-1] != words[-1]:
                _join_segment(tokens, segment, codebook)
            segment = []
        else:
            segment.append(index)


def _join_segment(tokens: list[Token], words: list[int], codebook: Codebook) -> None:
    if len(words) < 2 or tokens[words[-1]].lower not in codebook.particles:
        return
    particle = tokens[words[-1]].lower
    for index in words[:-1]:
        token = tokens[index]
        if token.is_verbal:
            token.keys.update({particle + key for key in list(token.keys) if key.isalpha()})


def _mark_offered(parsed: Parsed, codebook: Codebook) -> None:
    """Mark the noun phrase after "im Gegenzug für", "im Austausch gegen" ...
    (``conditionality.exchange_for``): what the actor gives in an exchange. Categories with
    ``ignores_offered`` (demands) do not match these words."""
    terms = codebook.exchange_for
    if not terms:
        return
    gap = codebook.settings["phrase_gap"]
    for _first, last in occurrences(terms, parsed, 0, len(parsed.tokens), gap):
        hi = parsed.clauses[parsed.tokens[last].clause][1]
        for j in range(last + 1, noun_phrase_end(parsed, last + 1, hi) + 1):
            parsed.tokens[j].offered = True


def _mark_settings(parsed: Parsed, codebook: Codebook) -> None:
    """Mark event nouns that only say when or where something was said ("beim Gipfel", "nach
    dem Treffen", "am Rande der Gespräche"), and the topic named by a topic phrase ("im Streit
    um sein Atomprogramm"): they are not matched by any term."""
    prepositions, nouns = codebook.setting_prepositions, codebook.setting_nouns
    if not (prepositions and nouns) and not codebook.topic_phrases:
        return
    tokens = parsed.tokens
    gap = codebook.settings["phrase_gap"]
    for _first, last in occurrences(prepositions, parsed, 0, len(tokens), gap):
        for j in range(last + 1, min(last + 5, len(tokens))):
            token = tokens[j]
            if token.lower in DETERMINERS or (token.is_verbal and _INFLECTED.fullmatch(
                    token.lower)):
                continue
            if token.is_noun and nouns.fits(token.lower, token.keys):
                token.setting = True
            break
    for first, last in occurrences(codebook.topic_phrases, parsed, 0, len(tokens), gap):
        hi = parsed.clauses[tokens[last].clause][1]
        for j in range(first, noun_phrase_end(parsed, last + 1, hi) + 1):
            tokens[j].setting = True
    parsed.cache.clear()


# --- matching terms --------------------------------------------------------------------------


def ends_at(terms: TermSet, parsed: Parsed, i: int, hi: int, gap: int) -> list[int]:
    """End indices of every match of ``terms`` that starts at token i (before hi)."""
    key = (id(terms), i)
    if hi == len(parsed.tokens) and key in parsed.cache:
        return parsed.cache[key]
    ends: list[int] = []
    token = parsed.tokens[i] if i < hi else None
    if token is not None and not token.setting and i in parsed.fitting(terms):
        ends.append(i)
    for phrase in terms.phrases:
        ends.extend(_phrase_ends(phrase, parsed, i, hi, gap))
    if len(ends) > 1:
        ends = sorted(set(ends))
    if hi == len(parsed.tokens):
        parsed.cache[key] = ends
    return ends


def _phrase_ends(parts: tuple[TermSet, ...], parsed: Parsed, i: int, hi: int,
                 gap: int) -> list[int]:
    """End indices of a phrase whose parts follow each other at most ``gap`` apart."""
    current = ends_at(parts[0], parsed, i, hi, gap)
    for part in parts[1:]:
        following: set[int] = set()
        for end in current:
            for j in range(end + 1, min(end + 2 + gap, hi)):
                following.update(ends_at(part, parsed, j, hi, gap))
        current = sorted(following)
        if not current:
            break
    return current


def occurrences(terms: TermSet, parsed: Parsed, lo: int, hi: int,
                gap: int) -> list[tuple[int, int]]:
    """Every (first, last) token span in [lo, hi) where ``terms`` match; shortest per start."""
    spans = []
    n = len(parsed.tokens)
    for i in parsed.starts(terms):
        if i < lo:
            continue
        if i >= hi:
            break
        ends = [end for end in ends_at(terms, parsed, i, n, gap) if end < hi]
        if ends:
            spans.append((i, ends[0]))
    return spans


def any_in(terms: TermSet, parsed: Parsed, lo: int, hi: int, gap: int) -> bool:
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
    if not all(parsed.starts(terms) for terms in cue.terms):
        return []  # a term that occurs nowhere: the cue cannot fire
    if cue.context and not any_in(cue.context, parsed, 0, n, gap):
        return []
    found = []
    category = codebook.categories.get(cue.owner)
    blocked = {i for i, token in enumerate(parsed.tokens) if token.offered} \
        if category is not None and category.ignores_offered else set()
    for head in occurrences(cue.terms[0], parsed, 0, n, gap):
        clause = parsed.tokens[head[0]].clause
        if (allowed is not None and clause not in allowed) or head[0] in blocked:
            continue
        lo, hi = parsed.clauses[clause] if cue.scope == "clause" else _part(parsed, clause)
        spans = _nearest(cue.terms[1:], head, parsed, lo, hi, gap, allowed, blocked)
        if spans is None or _extent(spans, parsed) > window:
            continue
        if not _participles_agree(spans, parsed):
            continue
        if cue.object_of_verb and not _object_of_verb(spans, parsed):
            continue
        if cue.unless and _unless_in(cue, parsed, clause, gap):
            continue
        found.append(Match(cue, tuple(spans), clause))
    return found


def _part(parsed: Parsed, clause: int) -> tuple[int, int]:
    """The token range of the part of the sentence holding ``clause``: parts are split by ";"
    (two main sentences joined), so a sentence-wide cue does not reach across it."""
    lo, hi = 0, len(parsed.tokens)
    for _first, last in parsed.clauses:
        if parsed.tokens[last - 1].text != ";":
            continue
        if last <= parsed.clauses[clause][0]:
            lo = last
        elif hi == len(parsed.tokens):
            hi = last
    return lo, hi


def _unless_in(cue: Cue, parsed: Parsed, clause: int, gap: int) -> bool:
    """A term of the cue's ``unless`` in the head's clause, in the clause a zu-infinitive head
    clause depends on ("forderte, die Manöver abzusagen"), or in a zu-infinitive clause that
    depends on the head's clause ("die Forderung ... als Versuch, Nordkorea zu entwaffnen")."""
    lo, hi = parsed.clauses[clause]
    if clause > 0 and infinitive_clause(parsed, lo, hi):
        lo = parsed.clauses[clause - 1][0]
    if clause + 1 < len(parsed.clauses) and infinitive_clause(parsed, *parsed.clauses[clause + 1]):
        hi = parsed.clauses[clause + 1][1]
    return any_in(cue.unless, parsed, lo, hi, gap)


def _nearest(terms: Iterable[TermSet], head: tuple[int, int], parsed: Parsed, lo: int, hi: int,
             gap: int, allowed: set[int] | None,
             blocked: set[int] | None = None) -> list[tuple[int, int]] | None:
    """For each further term, its occurrence nearest to the words matched so far (then to the
    head), not reusing tokens and not using ``blocked`` ones."""
    spans = [head]
    used = set(range(head[0], head[1] + 1))
    blocked = blocked or set()
    for terms_ in terms:
        candidates = [span for span in occurrences(terms_, parsed, lo, hi, gap)
                      if not (used | blocked) & set(range(span[0], span[1] + 1))
                      and (allowed is None or parsed.tokens[span[0]].clause in allowed)]
        if not candidates:
            return None
        best = min(candidates, key=lambda span: (
            min(abs(span[0] - i) for i in used), abs(span[0] - head[0]), span[0]))
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


def _object_of_verb(spans: list[tuple[int, int]], parsed: Parsed) -> bool:
    """False when another noun phrase in the accusative ("die Lage") stands between a matched
    noun and a matched verb after it: the verb's object is that phrase ("Sanktionen würden die
    Lage verschärfen"), not the matched noun."""
    tokens = parsed.tokens
    matched = {i for first, last in spans for i in range(first, last + 1)}
    nouns = [i for i in matched if tokens[i].is_noun]
    verbs = [i for i in matched if tokens[i].is_verbal]
    for noun in nouns:
        for verb in (v for v in verbs if v > noun):
            for j in range(noun + 1, verb):
                if tokens[j].lower not in _OBJECT_ARTICLES or j - 1 < 0:
                    continue
                if tokens[j - 1].is_verbal and tokens[j - 1].lower not in DETERMINERS \
                        and not _is_preposition(tokens[j - 1].lower):
                    following = next((k for k in range(j + 1, min(j + 4, verb))
                                      if tokens[k].is_noun), None)
                    if following is not None and following not in matched:
                        return False
    return True


_PREPOSITIONS = frozenset({
    "gegen", "mit", "an", "auf", "für", "über", "aus", "bei", "nach", "gegenüber", "zwischen",
    "um", "durch", "ohne", "unter", "vor", "seit", "wegen", "trotz", "in", "von", "zu", "bis",
    "hinter", "neben", "angesichts",
})


def _is_preposition(word: str) -> bool:
    return word in _PREPOSITIONS


def governed_by_preposition(parsed: Parsed, index: int, lo: int) -> bool:
    """True when a preposition governs the noun phrase holding token ``index`` ("vor den Augen
    internationaler Experten"): one stands before it with only articles, adjectives and nouns
    between (within four tokens, not before ``lo``)."""
    tokens = parsed.tokens
    for j in range(index - 1, max(lo - 1, index - 5), -1):
        token = tokens[j]
        if _is_preposition(token.lower):
            return True
        if not (token.lower in DETERMINERS or token.is_noun
                or (token.is_verbal and _INFLECTED.fullmatch(token.lower))):
            return False
    return False


def _after_determiner(parsed: Parsed, i: int) -> bool:
    """The participle follows an article directly or an agent phrase "von (den) X"."""
    before = [token.lower for token in parsed.tokens[max(0, i - 4):i]]
    if before and before[-1] in _DETERMINERS:
        return True
    return any(word in AGENT for word in before[:-1]) and before[-1][:1].isalpha() \
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
        start = parsed.clauses[clause - 1][0] if _inherits_negation(parsed, clause, codebook) \
            else lo
        for i in range(start, hi):
            thresholds[i] = max(thresholds.get(i, -1), last)
    negators = [terms for terms in (codebook.negators, match.cue.negators) if terms]
    count = 0
    for i, last in thresholds.items():
        if i in inside or i in shielded:
            continue
        negator = any(i in parsed.fitting(terms) for terms in negators)
        if negator and (i < last or _closing_negation(parsed, i, inside)):
            if not _other_verb_phrase(parsed, i, inside, codebook):
                count += i in idioms or _determiner_reaches(parsed, i, inside)
        elif i in parsed.fitting(codebook.rejection):
            count += 1
    return count % 2 == 1


def _inherits_negation(parsed: Parsed, clause: int, codebook: Codebook) -> bool:
    """A clause takes the negations of the clause before it when it is a zu-infinitive
    depending on it ("reichte nicht aus, ... zurückzukehren") or a dass-clause after a verb of
    believing ("glaube nicht, dass es an der Zeit sei": negation raising); not when it opens
    with "sondern", the alternative to what was negated."""
    if clause == 0:
        return False
    lo, hi = parsed.clauses[clause]
    first = next((t.lower for t in parsed.tokens[lo:hi] if t.is_word), "")
    if first == "sondern":
        return False
    if infinitive_clause(parsed, lo, hi):
        return True
    before = parsed.clauses[clause - 1]
    return first == "dass" and any_in(codebook.negation_raising, parsed, *before,
                                      codebook.settings["phrase_gap"])


def _other_verb_phrase(parsed: Parsed, i: int, inside: set[int], codebook: Codebook) -> bool:
    """True when a coordinator that opens a new verb phrase stands between the negator and the
    cue's words: followed by a finite verb ("haben nicht ... erfüllt und sind nun abgebrochen")
    or after the verb that closes the negated phrase ("nicht erpressen lassen und keinerlei
    ..."): the negation is the first phrase's only."""
    tokens = parsed.tokens
    after = [j for j in inside if j > i and tokens[j].clause == tokens[i].clause]
    if not after:
        return False
    for j in range(i + 1, min(after)):
        if tokens[j].lower not in codebook.coordinators:
            continue
        if j + 1 < len(tokens) and tokens[j + 1].lower in codebook.finite_starts:
            return True
        if j - 1 > i and tokens[j - 1].is_verbal and tokens[j - 1].lower not in DETERMINERS:
            return True  # "nicht erpressen lassen und ...": the verb closed the negated phrase
    return False


def _closing_negation(parsed: Parsed, i: int, inside: set[int]) -> bool:
    """A "nicht"/"nichts"/"nie" near the end of a main clause negates a verb of the cue before
    it: "halte man davon nichts", "traf ihn nicht"; only lower-case words (particles,
    infinitives, "mehr") may follow it. It does not negate a cue made of a noun phrase ("die
    guten Beziehungen reichten nicht aus")."""
    token = parsed.tokens[i]
    if token.lower not in _CLOSING_NEGATORS:
        return False
    lo, hi = parsed.clauses[token.clause]
    tokens = parsed.tokens
    if not any(lo <= j < i and _predicate(parsed, j) and not any(
            t.lower in _COORDINATORS for t in tokens[j + 1:i]) for j in inside):
        return False
    return all(not t.is_word or t.is_verbal for t in tokens[i + 1:hi])


def _predicate(parsed: Parsed, j: int) -> bool:
    """A lower-case word that is not an attributive adjective (after an article or another
    inflected adjective): a verb or a predicative word."""
    token = parsed.tokens[j]
    if not token.is_verbal:
        return False
    if j == 0:
        return True
    before = parsed.tokens[j - 1]
    return not (before.lower in DETERMINERS or (before.is_verbal and _INFLECTED.fullmatch(
        before.lower) and _INFLECTED.fullmatch(token.lower)))


_COORDINATORS = frozenset({"und", "oder", "aber", "sowie", "sondern"})
_CLOSING_NEGATORS = frozenset({"nicht", "nichts", "nie", "niemals", "keinesfalls",
                               "keineswegs"})


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


def infinitive_clause(parsed: Parsed, lo: int, hi: int) -> bool:
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

