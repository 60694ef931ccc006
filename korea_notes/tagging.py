"""Tokens, part-of-speech tags, chunks and lemmas of a sentence, exactly as textblob-de makes them.

textblob-de 0.4.3 (with ``textblob==0.17.1`` and its ``PatternTokenizer``) tags German with the
Brill tagger of its vendored ``pattern.de``: a lexicon lookup, suffix rules ("morphology") for
unknown words, then contextual rules that may change any tag. Its implementation checks all 373
contextual rules at every token and all 287 suffix rules at every unknown word, which is where
almost all of its time goes. :func:`parse_sentence` computes the same tags from the same rule
files with the contextual rules indexed by tag and condition and the suffix rules memoised per
word (their outcome depends only on the word and, for a few rules, its neighbours); tokenising,
chunking and lemmatising call pattern's own functions. Nothing here downloads data or touches
NLTK.

The result is checked against textblob-de itself in ``tests/test_tagging.py`` and in
``benchmarks/bench_language.py``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from textblob_de.np_extractors import INSIGNIFICANT, PatternParserNPExtractor
from textblob_de.packages import pattern_de, pattern_text
from textblob_de.tokenizers import PatternTokenizer

SLASH_STANDIN = " FORWARDSLASH "
"""textblob-de's sentiment analyser replaces "/" by this before tokenising (its issue #1)."""

_PUNCTUATION = string.punctuation
_PADDING = "STAART"  # pattern's name for the positions before and after a sentence


@dataclass(frozen=True)
class Parse:
    """One sentence as textblob-de's pattern parser sees it; all tuples are aligned.

    - ``tokens``: PatternTokenizer tokens (punctuation split off, quotes kept)
    - ``tags``: Penn Treebank tags (mapped from STTS), as ``PatternTagger`` gives them
    - ``chunks``: phrase chunk tags (``B-NP``, ``I-NP``, ``B-VP``, ``O``, ...)
    - ``lemmas``: pattern.de's lemma of each token (lower case; plural nouns singular,
      verbs infinitive, adjectives predicative)
    """

    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    chunks: tuple[str, ...]
    lemmas: tuple[str, ...]


class _Tagger:
    """pattern.de's Brill tagger with indexed rules; same data, same results."""

    def __init__(self) -> None:
        parser = pattern_de.parser
        self.lexicon: dict[str, str] = dict(parser.lexicon.items())
        self.default = parser.default
        self.stts = dict(pattern_de.stts)
        self.number = pattern_text.CD
        self.suffix_rules = _compile_suffix_rules(list(parser.morphology), parser.morphology._cmd)
        self.goodleft = {x for _, x, _, cmd in self.suffix_rules if cmd == "goodleft"}
        self.goodright = {x for _, x, _, cmd in self.suffix_rules if cmd == "goodright"}
        self.context = _ContextRules(list(parser.context))
        # Bounded like the other word memos: a large real corpus has millions of rare words.
        self._unknown_tag = lru_cache(maxsize=200_000)(self._suffix_tag)

    def tag(self, words: Sequence[str]) -> list[str]:
        """STTS tags of ``words`` (after pattern's "ß" -> "ss" spelling)."""
        tags = [
            self.lexicon.get(word, (index == 0 and self.lexicon.get(word.lower())) or None)
            for index, word in enumerate(words)
        ]
        last = len(words) - 1
        for index, word in enumerate(words):
            if tags[index] is not None:
                continue
            if self.number.match(word) is not None:
                tags[index] = self.default[2]
                continue
            before = words[index - 1] if index > 0 else None
            after = words[index + 1] if index < last else None
            tags[index] = self._unknown_tag(
                word,
                before if before in self.goodright else None,
                after if after in self.goodleft else None,
            )
        return self.context.apply(words, tags)

    def _suffix_tag(self, word: str, before: str | None, after: str | None) -> str:
        """The tag pattern's suffix rules give an unknown word, applied in file order."""
        tag = self.default[0]
        known = self.lexicon
        for required, x, new_tag, cmd in self.suffix_rules:
            if required is not None and tag != required:
                continue
            if _suffix_rule_holds(cmd, x, word, before, after, known):
                tag = new_tag
        return tag


def _compile_suffix_rules(
    rules: list[list[str]], commands: set[str]
) -> list[tuple[str | None, str, str, str]]:
    """(required tag or None, argument, new tag, command) per rule, read as pattern reads it."""
    compiled = []
    for rule in rules:
        if rule[1] in commands:
            compiled.append((None, rule[0], rule[-2], rule[1].lower()))
        elif rule[2] in commands:
            compiled.append((rule[0], rule[1], rule[-2], rule[2].lower().lstrip("f")))
        elif compiled:
            # pattern silently reuses the previous rule's reading for a malformed line.
            compiled.append(compiled[-1])
    return compiled


def _suffix_rule_holds(
    cmd: str, x: str, word: str, before: str | None, after: str | None, known: dict[str, str]
) -> bool:
    if cmd == "word":
        return x == word
    if cmd == "char":
        return x in word
    if cmd == "haspref":
        return word.startswith(x)
    if cmd == "hassuf":
        return word.endswith(x)
    if cmd == "addpref":
        return x + word in known
    if cmd == "addsuf":
        return word + x in known
    if cmd == "deletepref":
        return word.startswith(x) and word[len(x) :] in known
    if cmd == "deletesuf":
        return word.endswith(x) and word[: -len(x)] in known
    if cmd == "goodleft":  # pattern's naming: the *next* word is x
        return x == after
    if cmd == "goodright":  # and here the *previous* word is x
        return x == before
    return False


# Where each contextual condition looks: ("t" tag | "w" word, offset) per compared value.
# A rule with one value fires when any listed position equals it; a rule with two values
# compares the pair of positions with (x, y).
_CONTEXT_LOOKUPS: dict[str, tuple[tuple[str, int], ...]] = {
    "prevtag": (("t", -1),),
    "nexttag": (("t", 1),),
    "prev2tag": (("t", -2),),
    "next2tag": (("t", 2),),
    "prev1or2tag": (("t", -1), ("t", -2)),
    "next1or2tag": (("t", 1), ("t", 2)),
    "prev1or2or3tag": (("t", -1), ("t", -2), ("t", -3)),
    "next1or2or3tag": (("t", 1), ("t", 2), ("t", 3)),
    "curwd": (("w", 0),),
    "prevwd": (("w", -1),),
    "nextwd": (("w", 1),),
    "prev1or2wd": (("w", -1), ("w", -2)),
    "next1or2wd": (("w", 1), ("w", 2)),
}
_CONTEXT_PAIRS: dict[str, tuple[tuple[str, int], tuple[str, int]]] = {
    "surroundtag": (("t", -1), ("t", 1)),
    "prevwdtag": (("w", -1), ("t", -1)),
    "nextwdtag": (("w", 1), ("t", 1)),
    "wdprevtag": (("t", -1), ("w", 0)),
    "wdnexttag": (("w", 0), ("t", 1)),
    "wdand2aft": (("w", 0), ("w", 2)),
    "wdand2tagbfr": (("t", -2), ("w", 0)),
    "wdand2tagaft": (("w", 0), ("t", 2)),
    "lbigram": (("w", -1), ("w", 0)),
    "rbigram": (("w", 0), ("w", 1)),
    "prevbigram": (("t", -2), ("t", -1)),
    "nextbigram": (("t", 1), ("t", 2)),
}


class _ContextRules:
    """pattern's contextual rules, indexed so each token checks a few dictionary keys.

    pattern applies every rule whose source tag is the token's tag at the start of its turn
    (or "*") in file order, and the last rule that fires sets the tag; no condition looks at
    the token's own tag. So the result is the new tag of the highest-numbered firing rule.
    Conditions pattern does not implement (``next1or2or3wd``, ``prev1or2or3wd``) never fire.
    """

    def __init__(self, rules: list[list[str]]) -> None:
        grouped: dict[str, dict[str, dict]] = {}
        for number, rule in enumerate(rules):
            cmd = rule[2].lower()
            if cmd in _CONTEXT_LOOKUPS:
                key = rule[3]
            elif cmd in _CONTEXT_PAIRS:
                key = (rule[3], rule[4] if len(rule) > 4 else "")
            else:
                continue
            grouped.setdefault(rule[0], {}).setdefault(cmd, {})[key] = (number, rule[1])
        star = grouped.pop("*", {})
        self.star = _lookups(star)
        self.by_tag = {
            tag: _lookups(_merge(conditions, star)) for tag, conditions in grouped.items()
        }

    def apply(self, words: Sequence[str], tags: list[str]) -> list[str]:
        padding = [_PADDING] * 3
        # Row 0 holds the words, row 1 the tags, both padded by three on each side.
        rows = (padding + list(words) + padding, padding + tags + padding)
        current = rows[1]
        by_tag, star = self.by_tag, self.star
        for i in range(3, len(current) - 3):
            best = (-1, None)
            singles, pairs = by_tag.get(current[i], star)
            for row, offset, table in singles:
                hit = table.get(rows[row][i + offset])
                if hit is not None and hit[0] > best[0]:
                    best = hit
            for row_x, at_x, row_y, at_y, table in pairs:
                hit = table.get((rows[row_x][i + at_x], rows[row_y][i + at_y]))
                if hit is not None and hit[0] > best[0]:
                    best = hit
            if best[1] is not None:
                current[i] = best[1]
        return current[3:-3]


def _merge(conditions: dict[str, dict], star: dict[str, dict]) -> dict[str, dict]:
    merged = {cmd: dict(table) for cmd, table in conditions.items()}
    for cmd, table in star.items():
        target = merged.setdefault(cmd, {})
        for key, hit in table.items():
            _keep_latest(target, key, hit)
    return merged


def _keep_latest(table: dict, key, hit: tuple[int, str]) -> None:
    if key not in table or table[key][0] < hit[0]:
        table[key] = hit


def _lookups(conditions: dict[str, dict]) -> tuple[tuple, tuple]:
    """The conditions regrouped by the position(s) they read, as (singles, pairs).

    singles: (row, offset, {value: (rule number, new tag)}); pairs: (row_x, offset_x, row_y,
    offset_y, {(x, y): (rule number, new tag)}); row 0 is the words, row 1 the tags. Where two
    conditions read the same position with the same value, the later rule is kept.
    """
    row = {"w": 0, "t": 1}
    singles: dict[tuple[int, int], dict] = {}
    pairs: dict[tuple[int, int, int, int], dict] = {}
    for cmd, table in sorted(conditions.items()):
        if cmd in _CONTEXT_LOOKUPS:
            for kind, at in _CONTEXT_LOOKUPS[cmd]:
                target = singles.setdefault((row[kind], at), {})
                for key, hit in table.items():
                    _keep_latest(target, key, hit)
        else:
            (kind_x, at_x), (kind_y, at_y) = _CONTEXT_PAIRS[cmd]
            target = pairs.setdefault((row[kind_x], at_x, row[kind_y], at_y), {})
            for key, hit in table.items():
                _keep_latest(target, key, hit)
    return (
        tuple((*place, table) for place, table in sorted(singles.items())),
        tuple((*place, table) for place, table in sorted(pairs.items())),
    )


@lru_cache(maxsize=1)
def _tagger() -> _Tagger:
    return _Tagger()


@lru_cache(maxsize=1)
def _tokenizer() -> PatternTokenizer:
    return PatternTokenizer()


@lru_cache(maxsize=1)
def _np_extractor() -> PatternParserNPExtractor:
    return PatternParserNPExtractor(tokenizer=_tokenizer())


@lru_cache(maxsize=200_000)
def _pattern_lemma(word: str, tag: str) -> str:
    return pattern_de.find_lemmata([[word, tag]])[0][2]


def tokenize(text: str) -> list[str]:
    """textblob-de's ``PatternTokenizer`` tokens of ``text`` (all its sentences, flattened).

    pattern's tokenizer treats each whitespace-separated piece on its own, except that it
    groups the pieces into sentences, splits a final period off the last word of each sentence
    and joins emoticons across spaces. Where none of that can apply (no piece keeps a final
    period, no emoticon can form, no line break), the pieces, tokenised once each and
    remembered, are the answer; otherwise textblob-de's tokenizer runs on the whole text.
    """
    if not any(mark in text for mark in ("\n", "\r", _SEPARATOR)):
        tokens = [token for piece in text.split() for token in _piece_tokens(piece)]
        joined = _SEPARATOR.join(tokens) + _SEPARATOR
        if _FINAL_PERIOD.search(joined) is None and not _may_merge(tokens):
            return tokens
    return _tokenizer().tokenize(text)


@lru_cache(maxsize=200_000)
def _piece_tokens(piece: str) -> tuple[str, ...]:
    """PatternTokenizer's tokens for one whitespace-free piece of text."""
    sentences = pattern_text.find_tokens(
        piece,
        punctuation=_PUNCTUATION,
        abbreviations=pattern_de.ABBREVIATIONS,
        replace=pattern_text.replacements,
        linebreak=r"\n{2,}",
    )
    return tuple(token for sentence in sentences for token in sentence.split(" "))


def parse_tokens(tokens: Sequence[str]) -> Parse:
    """Tag, chunk and lemmatise ``tokens`` as ``pattern.de.parse(..., tokenize=False)`` does."""
    tagger = _tagger()
    spelled = [token.replace("ß", "ss") for token in tokens]
    tags = [tagger.stts.get(tag, tag) for tag in tagger.tag(spelled)]
    return Parse(
        tokens=tuple(tokens),
        tags=tuple(tags),
        chunks=chunk_tags(tags),
        lemmas=tuple(map(_pattern_lemma, tokens, tags)),
    )


_CHUNK_RULES = tuple(pattern_text.CHUNKS[0])  # pattern's rules for Germanic languages


def chunk_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Phrase chunk tags for a tag sequence, as pattern's ``find_chunks`` gives them for German.

    pattern matches each chunk rule (NP, ADJP, VP, PP, ADVP, in its order) as a regular
    expression over the string "TAG/TAG/..."; a token keeps the first chunk that covers it,
    a conjunction or comma cannot open a chunk, and an adverb opening a noun phrase is split
    off. Same rules and order, with the token positions counted directly.
    """
    tag_string = "".join(tag + "/" for tag in tags)
    labels: list[str | None] = [None] * len(tags)
    for name, rule in _CHUNK_RULES:
        for match in rule.finditer(tag_string):
            first = tag_string.count("/", 0, match.start())
            size = tag_string.count("/", match.start(), match.end())
            _label_chunk(labels, tags, name, first, size)
    chunks = ["O" if label is None else label for label in labels]
    _split_adverbs(chunks, tags)
    return tuple(chunks)


def _label_chunk(labels: list, tags: Sequence[str], name: str, first: int, size: int) -> None:
    opening = first
    for k in range(first, first + size):
        if labels[k] is not None:
            continue
        if k == opening and tags[k] in ("CC", "CJ", ","):
            opening += 1
        elif k == opening:
            labels[k] = "B-" + name
        else:
            labels[k] = "I-" + name


def _split_adverbs(chunks: list[str], tags: Sequence[str]) -> None:
    """pattern's correction: "Perhaps you" is ADVP + NP, "Really nice work" stays NP."""
    last = len(chunks) - 1
    for i, tag in enumerate(tags):
        if not (tag.startswith("RB") and chunks[i] == "B-NP"):
            continue
        if i < last and not tags[i + 1].startswith("JJ"):
            chunks[i] = "B-ADVP"
            chunks[i + 1] = "B-NP"
        if i < last and tags[i + 1] in ("CC", "CJ", ","):
            chunks[i + 1] = "O"
        if i < last - 1 and chunks[i + 1] == "O":
            chunks[i + 2] = "B-NP"


def parse_sentence(text: str) -> Parse:
    """The parse textblob-de's ``PatternTagger`` makes of ``text``, with chunks and lemmas."""
    return parse_tokens(tokenize(text)) if text.strip() else Parse((), (), (), ())


def sentiment_parse(text: str) -> Parse:
    """The parse textblob-de's sentiment analyser makes (it first replaces "/")."""
    if "/" not in text:
        return parse_sentence(text)
    return parse_sentence(text.replace("/", SLASH_STANDIN))


def sentiment_words(parse: Parse) -> list[str]:
    """The words textblob-de's ``PatternAnalyzer`` looks up in its polarity lexicon, in order.

    These are pattern's lemmas with "ß" spelled "ss", capitalised again where the token is
    (after the first token) or where the first token is a noun; punctuation tokens are
    dropped; the joined string is then re-tokenised by pattern's default tokenizer. Case is
    kept here; textblob-de lower-cases each word before the lookup (see :mod:`korea_notes.tone`).
    """
    lemmas = _analyser_lemmas(parse)
    if (
        all(_tokenises_to_itself(lemma) for lemma in lemmas)
        and not any(_SEPARATOR in lemma for lemma in lemmas)
        and not _may_merge(lemmas)
    ):
        return lemmas
    return " ".join(pattern_text.find_tokens(" ".join(lemmas))).split() if lemmas else []


def _analyser_lemmas(parse: Parse) -> list[str]:
    """The lemma string textblob-de's ``PatternParserLemmatizer`` hands to the analyser."""
    lemmas = [
        _analyser_lemma(token, tag, lemma, index == 0)
        for index, (token, tag, lemma) in enumerate(
            zip(parse.tokens, parse.tags, parse.lemmas, strict=True)
        )
    ]
    return [lemma for lemma in lemmas if lemma is not None]


@lru_cache(maxsize=200_000)
def _analyser_lemma(token: str, tag: str, lemma: str, first: bool) -> str | None:
    """One token's lemma as the lemmatiser passes it on, or None where it drops the token."""
    if token == "":
        return None
    lemma = lemma.replace("ß", "ss").strip().replace("forwardslash", "/")
    if (token[0].isupper() and not first) or (tag.startswith("N") and first):
        lemma = lemma.title()
    if token in _PUNCTUATION or lemma == "/":
        return None
    return lemma


@lru_cache(maxsize=200_000)
def _tokenises_to_itself(lemma: str) -> bool:
    """Whether pattern's tokenizer leaves ``lemma`` alone as one token."""
    return " ".join(pattern_text.find_tokens(lemma)).split() == [lemma]


def _emoticon_joints() -> frozenset[tuple[str, str]]:
    """Character pairs that pattern's emoticon and "(!)" rules can join across a space."""
    faces = [face for group in pattern_text.EMOTICONS.values() for face in group] + ["(!)"]
    return frozenset((face[k - 1], face[k]) for face in faces for k in range(1, len(face)))


_JOINTS = _emoticon_joints()
_SEPARATOR = "\x00"
_JOINT_CANDIDATE = re.compile(
    "[" + re.escape("".join(sorted({left for left, _ in _JOINTS}))) + "]"
    + _SEPARATOR
    + "[" + re.escape("".join(sorted({right for _, right in _JOINTS}))) + "]"
)
_FINAL_PERIOD = re.compile(r"[^\x00]\.\x00")  # a token longer than "." ending in "."


def _may_merge(tokens: Sequence[str]) -> bool:
    """Whether two neighbouring tokens could form an emoticon or "(!)" for pattern.

    When every lemma tokenises to itself and this is False, pattern's tokenizer returns the
    lemmas unchanged, so the (slower) call on the joined string can be skipped. (Tokens never
    contain the separator: texts that do take the slow path.)
    """
    if _JOINT_CANDIDATE.search(_SEPARATOR.join(tokens)) is None:
        return False
    return any((left[-1:], right[:1]) in _JOINTS for left, right in pairwise(tokens))


def noun_phrases(parse: Parse) -> tuple[str, ...]:
    """Noun phrases of two or more words, by textblob-de's rules for ``noun_phrases``.

    A run of tokens chunked as NP that are not verbs, cut before "der", "des", "und", "oder",
    with determiners and pronouns trimmed from both ends (textblob-de's
    ``PatternParserNPExtractor``), keeping the phrases of more than one word
    (``TextBlobDE.noun_phrases``). textblob-de re-parses the text with pattern's own tokenizer
    for this; here the sentence's one parse is used, which gives the same phrases unless the
    two tokenizers differ (contractions with an apostrophe).
    """
    phrases: list[str] = []
    current: list[str] = []
    first = parse.tokens[0] if parse.tokens else ""
    for token, tag, chunk in zip(parse.tokens, parse.tags, parse.chunks, strict=True):
        if token and "NP" in chunk and not _is_verb(token, tag):
            if current and token.lower() in ("der", "des", "und", "oder"):
                phrases.append(" ".join(current))
                current = [token]
            else:
                keep_case = not first.startswith(token) or tag.startswith("N")
                current.append(token if keep_case else token.lower())
        elif current:
            phrases.append(" ".join(current))
            current = []
    trimmed = (_trim_phrase(phrase) for phrase in phrases)
    return tuple(phrase for phrase in trimmed if phrase is not None and len(phrase.split()) > 1)


_INSIGNIFICANT = frozenset(INSIGNIFICANT)


def _trim_phrase(phrase: str) -> str | None:
    """textblob-de's trimming: an insignificant word (article, pronoun, conjunction) is dropped
    from the start, then from the end, then once more from the start."""
    words = phrase.split()
    if words and words[0] in _INSIGNIFICANT:
        words.pop(0)
    if words and words[-1] in _INSIGNIFICANT:
        words.pop()
    if words and words[0] in _INSIGNIFICANT:
        words.pop(0)
    return " ".join(words) if words else None


@lru_cache(maxsize=200_000)
def _is_verb(token: str, tag: str) -> bool:
    """textblob-de's test that keeps verbs mistagged as nouns out of noun phrases."""
    return bool(_np_extractor()._is_verb(token, tag))
