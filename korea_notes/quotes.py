"""Who speaks: quotations, reported speech, and the claimant of every sentence.

Three public steps, each on a sentences table (``article_id``, ``published``, ``sentence_id``,
``sentence``, ``paragraph``, ``section``, ``text``, as made by
``korea_notes.language.split_sentences``):

- :func:`find_quotes`: direct quotations in „…“, "…", »…«, «…» and “…” (also over several
  sentences, and a quotation standing alone after a colon), indirect speech (Konjunktiv I after a
  reporting verb, "hieß es", "so X weiter", "X zufolge", "laut X", "..., wonach ..."), with
  speaker, person, actor and reporting verb.
- :func:`attribute_sentences`: the claimant of every sentence (the actor whose position it
  states) and the addressee.
- :func:`attribution_accuracy` and :func:`dev_attribution_accuracy`: how often the claimant
  agrees with the reference coding.

How the claimant is chosen, in this order (the ``actor_basis`` column says which rule decided):

1. ``quote_speaker``: the sentence is, or contains, speech whose speaker is named in a reporting
   frame of this sentence (", sagte Kim", "Kim erklärte, ...", "so Trump weiter", "Biegun
   zufolge", "hieß es in einer Erklärung der Kommission", "eine Erklärung Choes, wonach ..."), or
   it lies inside a quotation whose frame is in a neighbouring sentence, or it stands alone after
   a colon that ends the sentence before ("Biegun widersprach ...:" / "Wir haben ...").
   A nested report in the reported clause gives the innermost speaker ("Lee sagte, dieser habe
   bekräftigt, dass ..." -> the person "dieser" points to).
2. ``carried_over``: the sentence has no frame but its main clause is in the subjunctive
   (Konjunktiv I, or a Konjunktiv II form standing in for it) and the sentence before was speech:
   the last speaker keeps the floor, as a reader assumes.
3. ``subject``: the grammatical-subject actor, by a simple rule: the first actor mention of the
   main clause (after a leading subordinate clause) that is not governed by a preposition, not
   marked as an object ("den", "dem", "einem") and not a genitive attribute ("der USA" after a
   noun, "Status Nordkoreas"); a subject pronoun ("er", "sie") resolved to the person last
   speaking or acting; a demonstrative opening the sentence ("Die hatte ...", "Dessen Land ...")
   resolved to the last actor named in the sentence before; or a definite noun phrase referring
   back ("die Kommission", "das Gremium"). In a passive clause the agent is taken instead
   ("von X", "mit UN-Sanktionen belegt"). If none qualifies, the first actor named as origin or
   agent, after "aus", "von", "durch" ("Signale kamen aus Pjöngjang").
4. ``none``: no actor. Also when the speaker is named but is not an actor ("so China-Experte
   Christian Wirth", "Experten zufolge"), when a pronoun speaker cannot be resolved, and when the
   main clause is reported speech (Konjunktiv I) with no speaker anywhere before.

A source named with "laut", "nach Angaben" or "zufolge" in an indicative sentence is evidence,
not the speaker: "Nach Angaben der KCNA lehnte Kim Yo Jong das Angebot ab" is Kim Yo Jong's
position (rule 3); the source decides only when no subject actor is found. In the subjunctive
("Biegun zufolge richte sich ...") the source is the speaker (rule 1).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import simplemma
import yaml

from korea_notes.actors import Lexicon, Mention, default_lexicon, sentence_mentions
from korea_notes.paths import PACKAGE_DIR, PROJECT_DIR

SPEECH_FILE: Path = PACKAGE_DIR / "speech.yml"

QUOTE_COLUMNS: tuple[str, ...] = (
    "article_id", "quote_id", "sentence_ids", "text", "style", "kind", "speaker", "person",
    "actor", "reporting_verb", "speaker_basis",
)
ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "actor", "actor_basis", "speaker", "person", "speech", "reporting_verb", "addressee",
    "mentioned_actors",
)
SENTENCE_COLUMNS: tuple[str, ...] = ("article_id", "published", "sentence_id", "text")

# Opening mark -> (closing marks, style).
_QUOTE_MARKS: dict[str, tuple[str, str]] = {
    "„": ("“”", "german"),
    "»": ("«", "guillemets"),
    "«": ("»", "guillemets"),
    "“": ("”", "english"),
    '"': ('"', "straight"),
}
_MASK = "_"
_TOKEN = re.compile(r"\w+(?:[-.]\w+)*|[^\w\s]")
_CLAUSE_PUNCTUATION = {",", ":", ";", "–", "-", "(", ")"}


# --------------------------------------------------------------------------------------------
# Rules from speech.yml
# --------------------------------------------------------------------------------------------

class SpeechRulesError(ValueError):
    """speech.yml cannot be used as it is; the message names the file, key and fix."""


@dataclass(frozen=True)
class SpeechRules:
    """The checked contents of speech.yml (see the comments in that file)."""

    reporting_verbs: frozenset[str]
    reporting_forms: dict[str, str]
    separable_verbs: tuple[tuple[str, str, str], ...]
    impersonal_verbs: frozenset[str]
    continuation_words: frozenset[str]
    source_after: frozenset[str]
    source_before: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    wonach_words: frozenset[str]
    source_nouns: frozenset[str]
    speaker_nouns: frozenset[str]
    subjunctive_irregular: frozenset[str]
    subjunctive_substitutes: frozenset[str]
    not_subjunctive: frozenset[str]
    pronouns: dict[str, str]
    demonstratives: frozenset[str]
    inner_demonstratives: frozenset[str]
    anaphoric_heads: tuple[str, ...]
    finite_auxiliaries: frozenset[str]
    passive_auxiliaries: frozenset[str]
    prepositions: frozenset[str]
    addressee_prepositions: frozenset[str]
    place_prepositions: frozenset[str]
    agent_prepositions: frozenset[str]
    origin_prepositions: frozenset[str]
    determiners: frozenset[str]
    object_determiners: frozenset[str]
    coordinators: frozenset[str]
    subordinators: frozenset[str]


_LIST_KEYS = (
    "reporting_verbs", "impersonal_verbs", "continuation_words", "source_after",
    "source_before", "source_phrases", "wonach_words", "source_nouns", "speaker_nouns",
    "subjunctive_irregular",
    "subjunctive_substitutes", "not_subjunctive", "demonstratives", "inner_demonstratives",
    "anaphoric_heads", "finite_auxiliaries", "passive_auxiliaries", "prepositions",
    "addressee_prepositions", "place_prepositions", "agent_prepositions",
    "origin_prepositions", "determiners",
    "object_determiners", "coordinators", "subordinators",
)
_MAP_KEYS = ("reporting_forms", "pronouns")


def load_speech_rules(path: str | Path | None = None) -> SpeechRules:
    """Read and check speech.yml (default ``korea_notes/speech.yml``).

    Raises :class:`SpeechRulesError` naming the file, the key and the fix.
    """
    path = Path(path) if path is not None else SPEECH_FILE
    label = path.name if path.parent == PACKAGE_DIR else str(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SpeechRulesError(f"{label}: not valid YAML ({error}). Fix: correct the syntax.") \
            from error
    problems = _speech_problems(data, label, _key_lines(text))
    if problems:
        raise SpeechRulesError("\n".join(problems))
    return _speech_rules(data)


def _key_lines(text: str) -> dict[str, int]:
    """Line (1-based) of every top-level key of a YAML mapping."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in root.value}


def _speech_problems(data: Any, label: str, lines: dict[str, int]) -> list[str]:
    """Every problem of speech.yml, each with file, line (where known), key and fix."""
    if not isinstance(data, dict):
        return [f"{label}: must be a mapping of keys. Fix: start from the shipped speech.yml."]

    def at(key: str) -> str:
        return f"{label}, line {lines[key]}" if key in lines else label

    problems = []
    expected = {*_LIST_KEYS, *_MAP_KEYS, "separable_verbs"}
    for key in sorted(expected - set(data)):
        problems.append(f"{label}: key '{key}' is missing. Fix: add it (see the shipped file).")
    for key in sorted(set(data) - expected):
        problems.append(f"{at(key)}: unknown key '{key}'. Fix: remove it or correct its name.")
    for key in _LIST_KEYS:
        value = data.get(key)
        if key in data and not (isinstance(value, list) and value
                                and all(isinstance(v, str) and v.strip() for v in value)):
            problems.append(f"{at(key)}: '{key}' must be a non-empty list of words. Fix: write "
                            f"[word, word].")
    for key in _MAP_KEYS:
        value = data.get(key)
        if key in data and not (isinstance(value, dict)
                                and all(isinstance(k, str) and isinstance(v, str)
                                        for k, v in value.items())):
            problems.append(f"{at(key)}: '{key}' must map words to words. Fix: write 'form: "
                            f"lemma' lines.")
    if isinstance(data.get("pronouns"), dict):
        for word, gender in data["pronouns"].items():
            if gender not in ("m", "f"):
                problems.append(f"{at('pronouns')}: pronoun '{word}' has gender '{gender}'. "
                                f"Fix: write m or f.")
    separable = data.get("separable_verbs")
    if "separable_verbs" in data and not (
            isinstance(separable, list)
            and all(isinstance(item, list) and len(item) == 3
                    and all(isinstance(part, str) for part in item) for item in separable)):
        problems.append(f"{at('separable_verbs')}: 'separable_verbs' entries must be "
                        f"[particle, lemma, reporting verb]. Fix: write e.g. [mit, teilen, "
                        f"mitteilen].")
    return problems


def _speech_rules(data: dict[str, Any]) -> SpeechRules:
    def words(key: str, lower: bool = True) -> frozenset[str]:
        return frozenset(w.lower() if lower else w for w in data[key])

    return SpeechRules(
        reporting_verbs=words("reporting_verbs"),
        reporting_forms={k.lower(): v for k, v in data["reporting_forms"].items()},
        separable_verbs=tuple(tuple(item) for item in data["separable_verbs"]),
        impersonal_verbs=words("impersonal_verbs"),
        continuation_words=words("continuation_words"),
        source_after=words("source_after"),
        source_before=words("source_before"),
        source_phrases=tuple(tuple(p.lower().split()) for p in data["source_phrases"]),
        wonach_words=words("wonach_words"),
        source_nouns=words("source_nouns", lower=False),
        speaker_nouns=words("speaker_nouns", lower=False),
        subjunctive_irregular=words("subjunctive_irregular"),
        subjunctive_substitutes=words("subjunctive_substitutes"),
        not_subjunctive=words("not_subjunctive"),
        pronouns={k.lower(): v for k, v in data["pronouns"].items()},
        demonstratives=words("demonstratives", lower=False),
        inner_demonstratives=words("inner_demonstratives"),
        anaphoric_heads=tuple(h.lower() for h in data["anaphoric_heads"]),
        finite_auxiliaries=words("finite_auxiliaries"),
        passive_auxiliaries=words("passive_auxiliaries"),
        prepositions=words("prepositions"),
        addressee_prepositions=words("addressee_prepositions"),
        place_prepositions=words("place_prepositions"),
        agent_prepositions=words("agent_prepositions"),
        origin_prepositions=words("origin_prepositions"),
        determiners=words("determiners"),
        object_determiners=words("object_determiners"),
        coordinators=words("coordinators"),
        subordinators=words("subordinators"),
    )


_RULES: dict[str, SpeechRules] = {}


def default_speech_rules() -> SpeechRules:
    """The rules of ``korea_notes/speech.yml``, loaded once per process."""
    if "default" not in _RULES:
        _RULES["default"] = load_speech_rules()
    return _RULES["default"]


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="de")


# --------------------------------------------------------------------------------------------
# Quotation marks
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteSpan:
    """A quotation in a text: ``start`` at the opening mark, ``end`` after the closing mark."""

    start: int
    end: int
    style: str
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        """Span of the quoted words, without the marks."""
        return self.start + 1, self.end - (1 if self.closed else 0)


def _opens_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isspace() and (before.isspace() or before in "([–-/:")


def quotation_spans(text: str) -> list[QuoteSpan]:
    """Every quotation in ``text`` (one paragraph), in order.

    Marks pair as „…“ or „…” (german), »…« and «…» (guillemets), “…” (english) and "…"
    (straight; an opening straight mark follows a space or bracket and precedes a letter).
    Quotation marks of another style inside a quotation are part of it. A quotation that is not
    closed runs to the end of the text (``closed`` False), as German prints a quotation that
    continues into the next paragraph.
    """
    spans, i, n = [], 0, len(text)
    while i < n:
        char = text[i]
        if char in _QUOTE_MARKS and (char != '"' or _opens_straight(text, i)):
            closers, style = _QUOTE_MARKS[char]
            j = i + 1
            while j < n and text[j] not in closers:
                j += 1
            closed = j < n
            spans.append(QuoteSpan(i, j + 1 if closed else n, style, closed))
            i = j + 1
            continue
        i += 1
    return spans


# --------------------------------------------------------------------------------------------
# One sentence, analysed without context
# --------------------------------------------------------------------------------------------

@dataclass
class Token:
    """A word or punctuation mark of the masked sentence (quotations masked to one token)."""

    text: str
    start: int
    end: int
    quote: bool
    lower: str = field(init=False, repr=False, compare=False)
    """The text in lower case (computed once: rules look it up many times)."""

    def __post_init__(self) -> None:
        self.lower = self.text.lower()


@dataclass
class Candidate:
    """Something that may name a speaker or subject, still to be resolved in context."""

    kind: str  # mention, pronoun, demonstrative, inner_demonstrative, anaphor, text,
    #            continuation
    token: int
    mention: int | None = None
    word: str = ""
    text: str = ""


@dataclass
class Frame:
    """A reporting frame in a sentence: who is reported, by which verb, about which words."""

    kind: str  # post, so, impersonal, zufolge, laut, pre, wonach, back
    verb: str | None
    speaker: Candidate | None
    content: tuple[int, int] = (0, 0)
    main: bool = True
    nested: Candidate | None = None


@dataclass
class Analysis:
    """What can be said about one sentence on its own."""

    row: dict[str, Any]
    mentions: list[Mention]
    quote_spans: list[tuple[int, int]]
    tokens: list[Token]
    mention_token: list[int]
    governed: list[str | None]
    main_start: int
    covered: set[int] = field(default_factory=set)
    embedded: set[int] = field(default_factory=set)
    source_tokens: set[int] = field(default_factory=set)
    frames: list[Frame] = field(default_factory=list)
    subjunctive: str | None = None
    passive: bool = False

    def in_quote(self, mention: Mention) -> bool:
        return any(start <= mention.start < end for start, end in self.quote_spans)

    def quoted_share(self) -> float:
        quoted = sum(len(self.row["text"][s:e].strip()) for s, e in self.quote_spans)
        return quoted / max(1, len(self.row["text"].strip()))


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _tokenize(masked: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end(), set(m.group(0)) == {_MASK})
            for m in _TOKEN.finditer(masked)]


def _token_at(tokens: list[Token], offset: int) -> int:
    for index, token in enumerate(tokens):
        if token.start <= offset < token.end:
            return index
    return len(tokens)


def _is_adjective(token: Token, rules: SpeechRules) -> bool:
    """An inflected lower-case word that is not a verb form (vorherigen, südkoreanischen)."""
    word = token.text
    if not word.islower() or word in rules.finite_auxiliaries or _is_reporting(word, rules):
        return False
    lemma = _lemma(word)
    return word.endswith(("e", "en", "er", "es", "em")) and lemma != word \
        and not lemma.endswith(("en", "ern", "eln"))


def _is_reporting(word: str, rules: SpeechRules) -> bool:
    lower = word.lower()
    return lower in rules.reporting_forms or _lemma(lower) in rules.reporting_verbs


def _reporting_lemma(word: str, rules: SpeechRules) -> str:
    lower = word.lower()
    return rules.reporting_forms.get(lower) or _lemma(lower)


def _governance(info: Analysis, index: int, rules: SpeechRules) -> str | None:
    """Why mention ``index`` cannot be the subject: 'prep:<word>', 'object', 'genitive'."""
    tokens = info.tokens
    first = info.mention_token[index]
    mention_tokens = info.covered
    nearest_det, j = None, first - 1
    while j >= 0:
        token = tokens[j]
        lower = token.lower
        if lower in rules.prepositions:
            return f"prep:{lower}"
        if lower in rules.determiners:
            nearest_det = nearest_det or (lower, j)
        elif lower in rules.coordinators or j in mention_tokens or _is_adjective(token, rules) \
                or token.text.isdigit():
            pass
        elif token.text[:1].isupper() and not token.quote and j > 0 \
                and j + 1 in mention_tokens and _names_person(info, j + 1):
            pass  # a title before a name: "mit Staatschef Xi Jinping"
        else:
            break
        j -= 1
    if nearest_det:
        det, position = nearest_det
        if det in rules.object_determiners:
            return "object"
        if det == "der" and _oblique_der(info, position, index):
            return "object"
    if _post_nominal_genitive(info, index, rules):
        return "genitive"
    return None


def _names_person(info: Analysis, token: int) -> bool:
    """True when the mention starting at ``token`` names a person."""
    return any(first == token and info.mentions[i].person
               for i, first in enumerate(info.mention_token))


def _oblique_der(info: Analysis, det_token: int, index: int) -> bool:
    """'der' that is dative/genitive: before -en adjectives, plural names, feminine nouns."""
    mention = info.mentions[index]
    following = info.tokens[det_token + 1] if det_token + 1 < len(info.tokens) else None
    if following is not None and following.text.islower() and following.text.endswith("en"):
        return True
    if mention.kind == "country" and mention.surface.split()[-1] in {
            "USA", "Staaten", "Nationen", "U.S.A."}:
        return True
    head = mention.surface.split()[-1].lower()
    return head.endswith(("ung", "ion", "ei", "schaft", "heit", "keit"))


def _post_nominal_genitive(info: Analysis, index: int, rules: SpeechRules) -> bool:
    """'Status Nordkoreas', 'Regierung Südkoreas': a genitive name right after a noun."""
    mention = info.mentions[index]
    if mention.kind not in ("country", "capital", "name", "surname", "institution"):
        return False
    if not mention.surface.endswith("s"):
        return False
    first = info.mention_token[index]
    if first == 0:
        return False
    previous = info.tokens[first - 1]
    return previous.text[:1].isupper() and previous.lower not in rules.determiners \
        and (first - 1) not in info.covered and not previous.quote


def _leading_subordinate_end(tokens: list[Token], rules: SpeechRules) -> int:
    """Token index where the main clause starts (after 'Nachdem ..., ' / 'Sollte ..., ')."""
    if not tokens or tokens[0].lower not in rules.subordinators:
        return 0
    for index, token in enumerate(tokens):
        if token.text == ",":
            before = tokens[index - 1] if index > 0 else None
            if before is not None and before.text.islower() \
                    and before.lower not in rules.determiners \
                    and before.lower not in rules.pronouns and not before.quote:
                return index + 1
            return 0
    return 0


_RELATIVES = frozenset({"der", "die", "das", "dem", "den", "dessen", "deren", "welche",
                        "welcher", "welches", "wie", "wo"})


def _embedded_clauses(tokens: list[Token], rules: SpeechRules) -> set[int]:
    """Tokens of subordinate and relative clauses inside the sentence (', ob ...,', ', die ...,').

    A stretch after a comma that opens with a subordinator or relative pronoun counts as a
    clause when the word before its closing comma (or colon, or the sentence end) is a
    lower-case verb form; otherwise it is an apposition (', die erste Vizeaußenministerin,').
    """
    embedded: set[int] = set()
    for i, token in enumerate(tokens[:-1]):
        opener = tokens[i + 1].lower
        if token.text != "," or not (opener in rules.subordinators or opener in _RELATIVES):
            continue
        end = i + 1
        while end < len(tokens) and tokens[end].text not in (",", ":", ";", "."):
            end += 1
        last = tokens[end - 1]
        if last.text.islower() and last.lower not in rules.determiners \
                and last.lower not in rules.pronouns and not last.quote:
            embedded.update(range(i + 1, end))
    return embedded


def _mention_starting_at(info: Analysis, token: int) -> int | None:
    for index, first in enumerate(info.mention_token):
        if first == token:
            return index
    return None


def _candidates(info: Analysis, lo: int, hi: int, rules: SpeechRules,
                only_free: bool = True, main_only: bool = False) -> list[Candidate]:
    """Possible subjects among tokens [lo, hi): mentions, pronouns, demonstratives, anaphors.

    ``only_free`` drops mentions governed by a preposition or marked as object or genitive;
    ``main_only`` drops tokens of embedded subordinate and relative clauses.
    """
    found, tokens = [], info.tokens
    for i in range(lo, min(hi, len(tokens))):
        token = tokens[i]
        if token.quote or (main_only and i in info.embedded):
            continue
        index = _mention_starting_at(info, i)
        if index is not None and not info.in_quote(info.mentions[index]):
            if not only_free or (info.governed[index] is None and i not in info.source_tokens):
                found.append(Candidate("mention", i, index))
            continue
        candidate = _word_candidate(info, i, lo, rules)
        if candidate is not None:
            found.append(candidate)
    return found


def _word_candidate(info: Analysis, i: int, lo: int, rules: SpeechRules) -> Candidate | None:
    tokens, token = info.tokens, info.tokens[i]
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    previous = tokens[i - 1] if i > 0 else None
    if i == 0 and token.text in rules.demonstratives and following is not None and (
            token.text in ("Dessen", "Deren") or following.lower in rules.finite_auxiliaries
            or _is_reporting(following.text, rules)):
        plural = following.lower.endswith("en") or following.lower in ("sind", "waren")
        return Candidate("demonstrative", i, word=token.text, text="plural" if plural else "")
    if token.lower in rules.inner_demonstratives and i > 0 and following is not None \
            and following.lower in rules.finite_auxiliaries:
        return Candidate("inner_demonstrative", i, word=token.lower)
    if token.lower in rules.pronouns and (
            i == lo or previous is None or previous.text in (",", ":")
            or (previous.text.islower() and previous.lower not in rules.prepositions
                and previous.lower not in rules.determiners
                and previous.lower not in rules.coordinators)):
        return Candidate("pronoun", i, word=token.lower)
    if token.lower in ("der", "die", "das") and (previous is None
                                                 or previous.lower not in rules.prepositions):
        found = _anaphoric_head(info, i + 1, rules)
        if found is not None:
            head, end = found
            phrase = info.row["text"][token.start:tokens[end].end]
            return Candidate("anaphor", i, word=head, text=phrase)
    return None


def _anaphoric_head(info: Analysis, j: int, rules: SpeechRules) -> tuple[str, int] | None:
    """(head, token index) of 'das wichtigste Entscheidungsgremium' starting at token j."""
    tokens = info.tokens
    while j < len(tokens) and _is_adjective(tokens[j], rules):
        j += 1
    if j >= len(tokens) or not tokens[j].text[:1].isupper() or j in info.covered:
        return None
    lower = tokens[j].lower
    for head in rules.anaphoric_heads:
        if lower.endswith(head):
            return head, j
    return None


def _separable_reporting(tokens: list[Token], i: int, rules: SpeechRules) -> tuple[str, int]:
    """Reporting lemma of a finite separable verb and the index of its particle, or ('', -1)."""
    lemma = _lemma(tokens[i].lower)
    for particle, base, verb in rules.separable_verbs:
        if lemma != base:
            continue
        for j in range(i + 1, min(len(tokens), i + 16)):
            if tokens[j].lower == particle and (
                    j + 1 >= len(tokens) or tokens[j + 1].text in (",", ":", ".", "!", "?")):
                return verb, j
    return "", -1


def _reporting_at(tokens: list[Token], i: int, rules: SpeechRules) -> tuple[str, int]:
    """(reporting lemma, index of the last token of the verb) for token i, or ('', -1)."""
    token = tokens[i]
    if token.quote or not token.text.islower():
        return "", -1
    separable, particle = _separable_reporting(tokens, i, rules)
    if separable:
        return separable, particle
    if _is_reporting(token.text, rules) or _lemma(token.lower) in rules.impersonal_verbs:
        return _reporting_lemma(token.text, rules), i
    return "", -1


# ---- frames ---------------------------------------------------------------------------------

def _tail_frame(info: Analysis, rules: SpeechRules) -> Frame | None:
    """A frame closing the sentence: ', sagte Kim.', ', so Trump weiter.', '“ wird X zitiert'."""
    tokens = info.tokens
    end = len(tokens)
    while end > 0 and tokens[end - 1].text in (".", "!", "?", ")"):
        end -= 1
    boundaries = [i for i, t in enumerate(tokens[:end]) if t.text in (",", ":") or t.quote]
    for boundary in reversed(boundaries[-2:]):
        lo = boundary + 1
        if lo >= end or end - lo > 14 or lo == info.main_start:
            continue
        frame = _frame_from_tail(info, lo, end, rules)
        if frame is not None:
            frame.content = (0, tokens[boundary].end if tokens[boundary].quote
                             else tokens[boundary].start)
            return frame
    return None


def _frame_from_tail(info: Analysis, lo: int, end: int, rules: SpeechRules) -> Frame | None:
    tokens = info.tokens
    first = tokens[lo]
    words = {t.lower for t in tokens[lo:end]}
    continuation = bool(words & rules.continuation_words)
    if first.lower == "so" and lo + 1 < end and (tokens[lo + 1].text[:1].isupper()
                                                 or tokens[lo + 1].lower in rules.pronouns):
        return Frame("so", "so", _tail_speaker(info, lo + 1, end, rules, continuation))
    if first.lower in rules.passive_auxiliaries and _is_reporting(tokens[end - 1].text, rules):
        speaker = _tail_speaker(info, lo + 1, end - 1, rules, continuation)
        return Frame("post", _reporting_lemma(tokens[end - 1].text, rules), speaker)
    lemma, last = _reporting_at(tokens, lo, rules)
    if not lemma:
        return None
    if lemma in rules.impersonal_verbs and lo + 1 < end and tokens[lo + 1].lower == "es":
        source = _first_mention(info, lo + 2, end)
        if source is not None:
            return Frame("impersonal", lemma, source)
        kind = "continuation" if continuation else None
        return Frame("impersonal", lemma, Candidate(kind, lo) if kind else None)
    hi = last if last > lo else end
    return Frame("post", lemma, _tail_speaker(info, lo + 1, hi, rules, continuation))


def _first_mention(info: Analysis, lo: int, hi: int, prefer_person: bool = False
                   ) -> Candidate | None:
    found = [i for i, first in enumerate(info.mention_token)
             if lo <= first < hi and not info.in_quote(info.mentions[i])]
    if prefer_person:
        people = [i for i in found if info.mentions[i].person]
        found = people or found
    return Candidate("mention", info.mention_token[found[0]], found[0]) if found else None


def _tail_speaker(info: Analysis, lo: int, hi: int, rules: SpeechRules,
                  continuation: bool) -> Candidate | None:
    """The speaker named right after a closing reporting verb (a mention, pronoun or phrase)."""
    tokens = info.tokens
    if lo < hi and tokens[lo].lower == "es":
        return Candidate("continuation", lo) if continuation else None
    for candidate in _candidates(info, lo, min(hi, lo + 4), rules, only_free=False):
        return candidate
    words = []
    for token in tokens[lo:hi]:
        if token.lower in rules.prepositions or token.text in _CLAUSE_PUNCTUATION \
                or token.lower in rules.continuation_words:
            break
        if token.text.islower() and token.lower not in rules.determiners \
                and not _is_adjective(token, rules):
            break
        words.append(token.text)
    if words:
        return Candidate("text", lo, word=" ".join(words))
    return Candidate("continuation", lo) if continuation else None


def _source_frames(info: Analysis, rules: SpeechRules) -> list[Frame]:
    """'X zufolge', 'laut X', 'nach Angaben von X'; marks the source's tokens in the analysis.

    The frame is the sentence's speech frame only when the sentence is in the subjunctive
    ("Biegun zufolge richte sich ..."); in the indicative the source is evidence for a report
    ("Nach Angaben der KCNA lehnte Kim Yo Jong das Angebot ab": Kim Yo Jong is the claimant).
    """
    frames, tokens = [], info.tokens
    reported = info.subjunctive is not None
    for i, token in enumerate(tokens):
        if token.lower in rules.source_after and i > 0:
            lo = i - 1
            while lo > 0 and tokens[lo - 1].text not in _CLAUSE_PUNCTUATION:
                lo -= 1
            info.source_tokens.update(range(lo, i + 1))
            speaker = _first_mention(info, lo, i, prefer_person=True) or Candidate(
                "text", lo, word=" ".join(t.text for t in tokens[lo:i]))
            content = (token.end, len(info.row["text"]))
            frames.append(Frame("zufolge", token.lower, speaker, content, main=reported))
        elif token.lower in rules.source_before or _source_phrase_at(tokens, i, rules):
            hi = _source_phrase_end(tokens, i + 1, info, rules)
            info.source_tokens.update(range(i, hi))
            speaker = _first_mention(info, i + 1, hi)
            if speaker is not None:
                frames.append(Frame("laut", token.lower, speaker, (0, len(info.row["text"])),
                                    main=reported))
    return frames


def _source_phrase_end(tokens: list[Token], j: int, info: Analysis, rules: SpeechRules) -> int:
    """End of the noun phrase naming a source: 'einem Bericht der amtlichen Agentur KCNA'."""
    while j < len(tokens):
        token = tokens[j]
        if not (token.lower in rules.determiners or token.lower in rules.prepositions
                or _is_adjective(token, rules) or token.text[:1].isupper() or j in info.covered
                or token.text.isdigit()) or token.quote:
            break
        j += 1
    return j


def _source_phrase_at(tokens: list[Token], i: int, rules: SpeechRules) -> bool:
    first_words = _first_words(rules.source_phrases)
    if first_words is not None and tokens[i].lower not in first_words:
        return False
    for phrase in rules.source_phrases:
        if [t.lower for t in tokens[i:i + len(phrase)]] == list(phrase):
            return True
    return False


@lru_cache(maxsize=8)
def _first_words(phrases: tuple[tuple[str, ...], ...]) -> frozenset[str] | None:
    """The words the phrases start with; None if a phrase is empty (it matches anywhere)."""
    if not all(phrases):
        return None
    return frozenset(phrase[0] for phrase in phrases)


def _wonach_frames(info: Analysis, rules: SpeechRules) -> list[Frame]:
    """', wonach ...': the speaker is named with the source noun before the comma."""
    frames, tokens = [], info.tokens
    for i, token in enumerate(tokens):
        if token.lower not in rules.wonach_words or i == 0 or tokens[i - 1].text != ",":
            continue
        noun = None
        for j in range(i - 2, max(-1, i - 16), -1):
            if tokens[j].text in _CLAUSE_PUNCTUATION:
                break
            if tokens[j].text in rules.source_nouns:
                noun = j
                break
        if noun is None:
            continue
        speaker = _first_mention(info, noun + 1, i - 1, prefer_person=True) or Candidate(
            "text", noun, word=tokens[noun].text)
        frames.append(Frame("wonach", "wonach", speaker, (token.start, len(info.row["text"])),
                            main=False))
    return frames


def _lead_frame(info: Analysis, rules: SpeechRules) -> Frame | None:
    """A frame opening the reported words: 'Kim erklärte, ...', 'X sagte: "..."'."""
    tokens = info.tokens
    for i in range(info.main_start, len(tokens)):
        lemma, last = _reporting_at(tokens, i, rules)
        if not lemma:
            continue
        punct = next((k for k in range(last + 1, min(len(tokens), last + 10))
                      if tokens[k].text in (",", ":")), None)
        if punct is None or punct + 1 >= len(tokens):
            return None
        if tokens[punct + 1].lower in rules.wonach_words:
            return None
        region_end = punct
        if lemma in rules.impersonal_verbs:
            speaker = _first_mention(info, info.main_start, region_end)
        else:
            found = _candidates(info, info.main_start, region_end, rules, main_only=True)
            speaker = _upgrade_to_person(info, found[0], region_end) if found \
                else _spokesperson(info, info.main_start, region_end, rules)
        content = (tokens[punct].end, len(info.row["text"]))
        frame = Frame("pre", lemma, speaker, content)
        frame.nested = _nested_speaker(info, punct + 1, rules)
        return frame
    return None


def _spokesperson(info: Analysis, lo: int, hi: int, rules: SpeechRules) -> Candidate | None:
    """'Ein Sprecher des Außenministeriums in Peking': the actor the spokesperson speaks for."""
    for i in range(lo, hi):
        if info.tokens[i].text in rules.speaker_nouns and i not in info.embedded:
            return _first_mention(info, i + 1, min(hi, i + 7))
    return None


def _upgrade_to_person(info: Analysis, candidate: Candidate, hi: int) -> Candidate:
    """'Die südkoreanische Ministerin, Kang Kyung Wha, sagte': take the named person."""
    if candidate.kind != "mention" or info.mentions[candidate.mention].person:
        return candidate
    actor = info.mentions[candidate.mention].actor
    for index, first in enumerate(info.mention_token):
        mention = info.mentions[index]
        if candidate.token < first < hi and mention.person and mention.actor == actor \
                and not info.in_quote(mention):
            return Candidate("mention", first, index)
    return candidate


def _nested_speaker(info: Analysis, lo: int, rules: SpeechRules) -> Candidate | None:
    """In reported words, 'dieser habe versichert, man ...': the innermost speaker."""
    tokens = info.tokens
    hi = lo
    while hi < len(tokens) and tokens[hi].text != ",":
        hi += 1
    clause = tokens[lo:hi]
    has_aux = any(t.lower in ("habe", "hätte", "haben", "hätten", "sei") for t in clause)
    verb = next((lo + k for k, t in enumerate(clause) if t.text.islower()
                 and _is_reporting(t.text, rules) and t.lower not in ("habe", "sei")), None)
    if not has_aux or verb is None:
        return None
    found = _candidates(info, lo, verb, rules)
    return found[0] if found else None


def _subjunctive(info: Analysis, rules: SpeechRules) -> str | None:
    """'ki' when the main clause has a Konjunktiv I verb, 'kii' for a stand-in form, else None."""
    tokens, found = info.tokens, None
    for token in tokens[info.main_start:]:
        if token.text in (",", ":", ";"):
            break
        if token.quote or not token.text.islower():
            continue
        lower = token.lower
        if lower in rules.subjunctive_irregular or _looks_konjunktiv_one(lower, rules):
            return "ki"
        if lower in rules.subjunctive_substitutes:
            found = "kii"
    return found


def _looks_konjunktiv_one(word: str, rules: SpeechRules) -> bool:
    return (len(word) > 3 and word.endswith("e") and word not in rules.not_subjunctive
            and _lemma(word) == word + "n")


def _is_passive(info: Analysis, rules: SpeechRules) -> bool:
    """A 'werden' form in the main clause and a participle closing it."""
    tokens = [t for t in info.tokens[info.main_start:]]
    clause = []
    for token in tokens:
        if token.text in (",", ":", ";", ".", "!", "?"):
            break
        clause.append(token)
    if not any(t.lower in rules.passive_auxiliaries for t in clause) or not clause:
        return False
    last = clause[-1]
    lemma = _lemma(last.lower)
    return last.text.islower() and lemma != last.lower and lemma.endswith("en") \
        and last.lower.endswith("t")


def analyse_sentence(row: dict[str, Any], mentions: list[Mention],
                     quote_spans: list[tuple[int, int]], rules: SpeechRules | None = None
                     ) -> Analysis:
    """Frames, candidates and grammatical cues of one sentence, before context is used."""
    rules = rules or default_speech_rules()
    tokens = _tokenize(_mask(row["text"], quote_spans))
    info = Analysis(row, mentions, quote_spans, tokens,
                    [_token_at(tokens, m.start) for m in mentions], [], 0)
    info.covered = {i for m in mentions for i, tok in enumerate(tokens)
                    if tok.start < m.end and tok.end > m.start}
    info.embedded = _embedded_clauses(tokens, rules)
    info.governed = [_governance(info, i, rules) for i in range(len(mentions))]
    info.main_start = _leading_subordinate_end(tokens, rules)
    info.subjunctive = _subjunctive(info, rules)
    info.passive = _is_passive(info, rules)
    sources = _source_frames(info, rules)
    tail = _tail_frame(info, rules)
    lead = _lead_frame(info, rules)
    info.frames = [f for f in (tail, *sources, lead) if f is not None]
    info.frames += _wonach_frames(info, rules)
    if tail is not None and tail.kind != "impersonal":
        tail.nested = _nested_speaker(info, info.main_start, rules)
    return info


# --------------------------------------------------------------------------------------------
# Context: resolving speakers and subjects over an article
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Speaker:
    """A resolved speaker or subject: surface text, person id, actor id (None when unknown)."""

    surface: str
    person: str | None
    actor: str | None


@dataclass
class Context:
    """What a reader remembers while reading one article."""

    lexicon: Lexicon
    history: list[tuple[Speaker | None, list[Mention]]] = field(default_factory=list)
    last_speaker: Speaker | None = None
    chain: bool = False
    topic: Speaker | None = None

    def previous_mentions(self) -> list[Mention]:
        return self.history[-1][1] if self.history else []


def _speaker_of_mention(mention: Mention) -> Speaker:
    return Speaker(mention.surface, mention.person, mention.actor)


def _resolve(candidate: Candidate | None, info: Analysis, context: Context,
             exclude_person: str | None = None) -> Speaker | None:
    """The speaker or subject a candidate stands for, in this article's context."""
    if candidate is None or candidate.kind is None:
        return None
    if candidate.kind == "mention":
        return _speaker_phrase(info, candidate.mention)
    if candidate.kind == "text":
        return Speaker(candidate.word, None, None)
    if candidate.kind == "continuation":
        return context.last_speaker
    if candidate.kind == "pronoun":
        return _resolve_pronoun(candidate.word, context)
    if candidate.kind == "demonstrative":
        mentions = context.previous_mentions()
        if not mentions or (candidate.text == "plural" and not _is_plural(mentions[-1])):
            return None
        return Speaker(candidate.word, mentions[-1].person, mentions[-1].actor)
    if candidate.kind == "inner_demonstrative":
        return _resolve_inner_demonstrative(candidate, info, context, exclude_person)
    if candidate.kind == "anaphor":
        found = _resolve_anaphor(candidate.word, context)
        return Speaker(candidate.text, found.person, found.actor) if found else None
    return None


_PLURAL_NAMES = ("USA", "Staaten", "Nationen", "UN", "UNO", "Uno")


def _is_plural(mention: Mention) -> bool:
    """Plural actor names ('die USA') and demonyms ('die Nordkoreaner')."""
    return mention.surface.split()[-1] in _PLURAL_NAMES or mention.kind == "demonym"


def _speaker_phrase(info: Analysis, index: int) -> Speaker:
    """A mentioned speaker; an adjective takes its noun along ('nordkoreanische Führung')."""
    mention = info.mentions[index]
    if mention.kind != "adjective":
        return _speaker_of_mention(mention)
    tokens, j = info.tokens, info.mention_token[index] + 1
    rules = default_speech_rules()
    while j < len(tokens) and _is_adjective(tokens[j], rules):
        j += 1
    if j < len(tokens) and tokens[j].text[:1].isupper() and not tokens[j].quote:
        surface = info.row["text"][mention.start:tokens[j].end]
        return Speaker(surface, mention.person, mention.actor)
    return _speaker_of_mention(mention)


def _resolve_pronoun(word: str, context: Context) -> Speaker | None:
    gender = default_speech_rules().pronouns.get(word)
    for claimant, mentions in reversed(context.history):
        people = [claimant] if claimant and claimant.person else []
        people += [_speaker_of_mention(m) for m in mentions if m.person]
        for speaker in people:
            person = context.lexicon.person(speaker.person)
            if person is not None and person.gender == gender:
                return Speaker(word, person.id, person.actor)
    return Speaker(word, None, None)


def _resolve_inner_demonstrative(candidate: Candidate, info: Analysis, context: Context,
                                 exclude_person: str | None) -> Speaker | None:
    before = [m for i, m in enumerate(info.mentions)
              if info.mention_token[i] < candidate.token and m.person
              and m.person != exclude_person and not info.in_quote(m)]
    if before:
        return Speaker(candidate.word, before[-1].person, before[-1].actor)
    mentions = context.previous_mentions()
    return _speaker_of_mention(mentions[-1]) if mentions else None


def _resolve_anaphor(head: str, context: Context) -> Speaker | None:
    for _, mentions in reversed(context.history):
        for mention in reversed(mentions):
            if head in mention.surface.lower():
                return Speaker(mention.surface, mention.person, mention.actor)
    return context.topic


@dataclass
class Attribution:
    """The claimant decision for one sentence."""

    actor: str | None = None
    basis: str = "none"
    speaker: Speaker | None = None
    speech: str = "report"
    verb: str | None = None
    frame: Frame | None = None
    subject: Speaker | None = None
    carried: bool = False


_FRAME_ORDER = {"post": 0, "so": 0, "impersonal": 0, "zufolge": 1, "laut": 1, "pre": 2,
                "wonach": 3, "back": 4}


def _frame_speaker(frame: Frame, info: Analysis, context: Context) -> Speaker | None:
    speaker = _resolve(frame.speaker, info, context)
    if frame.nested is not None:
        nested = _resolve(frame.nested, info, context,
                          exclude_person=speaker.person if speaker else None)
        if nested is not None and nested.actor is not None:
            return nested
    return speaker


def _primary_frame(info: Analysis, context: Context) -> tuple[Frame | None, Speaker | None]:
    """The frame that names the sentence's speaker, and that speaker."""
    for frame in sorted(info.frames, key=lambda f: _FRAME_ORDER[f.kind]):
        if not frame.main and frame.kind != "wonach":
            continue
        speaker = _frame_speaker(frame, info, context)
        if speaker is None or (not frame.main and speaker.actor is None):
            continue
        return frame, speaker
    return None, None


def _outside_source(info: Analysis, context: Context) -> tuple[Frame, Speaker] | None:
    """'Experten zufolge ...': a report on the view of someone who is not an actor."""
    for frame in info.frames:
        if frame.kind == "zufolge" and not frame.main:
            speaker = _frame_speaker(frame, info, context)
            if speaker is not None and speaker.actor is None:
                return frame, speaker
    return None


def _source_of_report(info: Analysis, context: Context) -> tuple[Frame | None, Speaker | None]:
    """An indicative sentence's source ('laut KCNA') when it has no subject actor."""
    for frame in info.frames:
        if frame.kind in ("zufolge", "laut") and not frame.main:
            speaker = _frame_speaker(frame, info, context)
            if speaker is not None and speaker.actor is not None:
                return frame, speaker
    return None, None


def _subject(info: Analysis, context: Context, rules: SpeechRules) -> Speaker | None:
    """The grammatical-subject actor by the rule in the module docstring."""
    if info.passive:
        agents = [i for i, m in enumerate(info.mentions)
                  if info.mention_token[i] >= info.main_start and not info.in_quote(m)
                  and (m.kind in ("prefix", "adjective")
                       or (info.governed[i] or "").removeprefix("prep:")
                       in rules.agent_prepositions)]
        if agents:
            return _speaker_of_mention(info.mentions[agents[0]])
    candidates = _candidates(info, info.main_start, len(info.tokens), rules, main_only=True) \
        or _candidates(info, info.main_start, len(info.tokens), rules)
    for candidate in candidates:
        if candidate.kind == "mention":
            return _speaker_phrase(info, candidate.mention)
        resolved = _resolve(candidate, info, context)
        if candidate.kind in ("pronoun", "demonstrative"):
            return resolved if resolved and resolved.actor else None
        if resolved is not None and resolved.actor is not None:
            return resolved
    origins = [m for i, m in enumerate(info.mentions) if not info.in_quote(m)
               and info.mention_token[i] not in info.source_tokens
               and (info.governed[i] or "").removeprefix("prep:") in rules.origin_prepositions]
    return _speaker_of_mention(origins[0]) if origins else None


def _speech_kind(info: Analysis, has_speech: bool) -> str:
    if info.quote_spans and info.quoted_share() >= 0.5:
        return "direct"
    return "indirect" if has_speech or info.quote_spans else "report"


def _attribute(info: Analysis, context: Context, rules: SpeechRules) -> Attribution:
    """Claimant of one sentence, given what came before (rules 1-4 of the module docstring)."""
    frame, speaker = _primary_frame(info, context)
    if frame is not None:
        basis = "quote_speaker" if speaker.actor else "none"
        start, end = frame.content
        quoted_content = any(start <= s < end for s, _ in info.quote_spans) \
            and _unquoted_words(info, start, end) < 3
        speech = "direct" if quoted_content else _speech_kind(info, True)
        return Attribution(speaker.actor, basis, speaker, speech, frame.verb, frame)
    if context.chain and info.subjunctive is not None and info.row["section"] == "body":
        speaker = context.last_speaker
        return Attribution(speaker.actor if speaker else None,
                           "carried_over" if speaker and speaker.actor else "none", speaker,
                           _speech_kind(info, True), carried=True)
    if info.subjunctive == "ki":
        return Attribution(None, "none", None, "indirect")
    outsider = _outside_source(info, context)
    if outsider is not None:
        return Attribution(None, "none", outsider[1], "indirect", outsider[0].verb, outsider[0])
    subject = _subject(info, context, rules)
    if subject is not None and subject.actor is not None:
        return Attribution(subject.actor, "subject", None, _speech_kind(info, False),
                           subject=subject)
    frame, source = _source_of_report(info, context)
    if frame is not None:
        return Attribution(source.actor, "quote_speaker", source, _speech_kind(info, True),
                           frame.verb, frame)
    return Attribution(None, "none", None, _speech_kind(info, False))


# --------------------------------------------------------------------------------------------
# Articles: paragraphs, quotations over sentences, colon quotations
# --------------------------------------------------------------------------------------------

@dataclass
class QuoteRecord:
    """A quotation or stretch of reported speech found in an article."""

    sentence_ids: list[str]
    text: str
    style: str
    kind: str
    speaker: Speaker | None
    verb: str | None
    basis: str
    order: tuple[int, int]


def _paragraph_quotes(rows: list[dict[str, Any]]
                      ) -> tuple[dict[int, list[tuple[int, int]]],
                                 list[tuple[list[int], str, str, int]]]:
    """Quotations of one paragraph: local spans per sentence and (sentences, text, style)."""
    offsets, parts, position = [], [], 0
    for row in rows:
        offsets.append(position)
        parts.append(row["text"])
        position += len(row["text"]) + 1
    text = " ".join(parts)
    local: dict[int, list[tuple[int, int]]] = {i: [] for i in range(len(rows))}
    quotes = []
    for span in quotation_spans(text):
        members = []
        for i, row in enumerate(rows):
            start, end = offsets[i], offsets[i] + len(row["text"])
            if span.start < end and span.end > start:
                members.append(i)
                local[i].append((max(span.start, start) - start, min(span.end, end) - start))
        inner_start, inner_end = span.inner
        first_start = span.start - offsets[members[0]] if members else 0
        quotes.append((members, text[inner_start:inner_end].strip(), span.style,
                       max(0, first_start)))
    return local, quotes


def _analyse_article(rows: list[dict[str, Any]], lexicon: Lexicon, rules: SpeechRules
                     ) -> tuple[list[Analysis], list[Attribution], list[QuoteRecord]]:
    """Read one article in order: mentions, quotations, frames, claimants, quotation records."""
    infos, marked = [], []
    recent: dict[str, str] = {}
    by_paragraph: dict[Any, list[int]] = {}
    for index, row in enumerate(rows):
        by_paragraph.setdefault(row["paragraph"], []).append(index)
    spans: dict[int, list[tuple[int, int]]] = {}
    for members in by_paragraph.values():
        local, quotes = _paragraph_quotes([rows[i] for i in members])
        for k, i in enumerate(members):
            spans[i] = local[k]
        marked += [([members[k] for k in quote_members], text, style, at)
                   for quote_members, text, style, at in quotes if quote_members]
    for index, row in enumerate(rows):
        mentions = sentence_mentions(row["text"], row["published"], recent, lexicon)
        infos.append(analyse_sentence(row, mentions, spans[index], rules))
    attributions = _read_in_order(infos, lexicon, rules)
    records = _quote_records(infos, attributions, marked)
    return infos, attributions, records


def _read_in_order(infos: list[Analysis], lexicon: Lexicon, rules: SpeechRules
                   ) -> list[Attribution]:
    context = Context(lexicon)
    attributions: list[Attribution] = []
    for index, info in enumerate(infos):
        if info.row["section"] != "body":
            context.chain = False
        attribution = _colon_quote(index, infos, attributions) or _attribute(info, context,
                                                                            rules)
        attributions.append(attribution)
        _back_reference(index, infos, attributions, context, rules)
        _remember(info, attributions[index], context)
    return attributions


def _remember(info: Analysis, attribution: Attribution, context: Context) -> None:
    outside = [m for m in info.mentions if not info.in_quote(m)]
    claimant = attribution.speaker or attribution.subject
    context.history.append((claimant, outside))
    spoke = attribution.frame is not None or attribution.carried \
        or attribution.speech == "direct"
    if attribution.speaker is not None and (attribution.frame is not None
                                            or attribution.speech == "direct"):
        context.last_speaker = attribution.speaker
    context.chain = spoke and info.row["section"] == "body"
    if attribution.actor is not None:
        context.topic = attribution.speaker or Speaker(attribution.actor, None,
                                                       attribution.actor)


def _subject_person(info: Analysis, actor: str) -> Speaker | None:
    for mention in info.mentions:
        if mention.actor == actor and mention.person and not info.in_quote(mention):
            return _speaker_of_mention(mention)
    return Speaker(actor, None, actor)


def _colon_quote(index: int, infos: list[Analysis], attributions: list[Attribution]
                 ) -> Attribution | None:
    """A paragraph standing alone after a sentence ending in a colon is that speaker's quote."""
    start = index
    while start > 0 and infos[start - 1].row["paragraph"] == infos[index].row["paragraph"]:
        start -= 1
    if start == 0 or infos[index].quote_spans or infos[index].frames:
        return None
    before = infos[start - 1]
    if not before.row["text"].rstrip().endswith(":") or before.row["section"] != "body":
        return None
    previous = attributions[start - 1]
    speaker = previous.speaker or previous.subject
    if speaker is None:
        return None
    verb = previous.verb or _any_reporting_verb(before)
    return Attribution(speaker.actor, "quote_speaker" if speaker.actor else "none", speaker,
                       "direct", verb, Frame("colon", verb, None, (0, 0)))


def _any_reporting_verb(info: Analysis) -> str | None:
    rules = default_speech_rules()
    for i in range(len(info.tokens)):
        lemma, _ = _reporting_at(info.tokens, i, rules)
        if lemma:
            return lemma
    return None


def _back_reference(index: int, infos: list[Analysis], attributions: list[Attribution],
                    context: Context, rules: SpeechRules) -> None:
    """'Das teilte Schoigu mit.': the sentence before is that speaker's report."""
    info, attribution = infos[index], attributions[index]
    tokens = info.tokens
    if index == 0 or len(tokens) < 3 or tokens[0].text not in ("Das", "Dies", "Dieses"):
        return
    lemma, _ = _reporting_at(tokens, 1, rules)
    previous = attributions[index - 1]
    if not lemma or attribution.actor is None or previous.frame is not None \
            or infos[index - 1].row["paragraph"] != info.row["paragraph"]:
        return
    speaker = attribution.speaker or _subject_person(info, attribution.actor)
    whole = (0, len(infos[index - 1].row["text"]))
    attributions[index - 1] = Attribution(speaker.actor, "quote_speaker", speaker, "indirect",
                                          lemma, Frame("back", lemma, None, whole))
    attributions[index] = Attribution(attribution.actor, "quote_speaker", speaker,
                                      attribution.speech, lemma, attribution.frame)


def _quote_records(infos: list[Analysis], attributions: list[Attribution],
                   marked: list[tuple[list[int], str, str, int]]) -> list[QuoteRecord]:
    records: list[QuoteRecord] = []
    for members, text, style, at in marked:
        frame_index = _framing_sentence(members, infos)
        source = attributions[frame_index]
        basis = "frame" if source.frame is not None else (
            "carried" if source.carried else "sentence")
        speaker = source.speaker or source.subject
        for i in members:
            if len(members) > 1 and attributions[i].frame is None and speaker is not None:
                attributions[i] = Attribution(speaker.actor, "quote_speaker", speaker,
                                              "direct", source.verb, source.frame)
        ids = [infos[i].row["sentence_id"] for i in members]
        records.append(QuoteRecord(ids, text, style, "direct", speaker, source.verb, basis,
                                   (members[0], at)))
    records += _colon_records(infos, attributions)
    records += _indirect_records(infos, attributions)
    return sorted(records, key=lambda r: (r.order, r.kind))


def _framing_sentence(members: list[int], infos: list[Analysis]) -> int:
    for i in (members[-1], members[0]):
        if infos[i].frames:
            return i
    return members[0]


def _colon_records(infos: list[Analysis], attributions: list[Attribution]) -> list[QuoteRecord]:
    records, current = [], None
    for i, (info, attribution) in enumerate(zip(infos, attributions, strict=True)):
        is_colon = attribution.frame is not None and attribution.frame.kind == "colon"
        if is_colon and current is not None and infos[i - 1].row["paragraph"] \
                == info.row["paragraph"]:
            current.sentence_ids.append(info.row["sentence_id"])
            current.text += " " + info.row["text"]
            continue
        if is_colon:
            current = QuoteRecord([info.row["sentence_id"]], info.row["text"], "none",
                                  "direct", attribution.speaker, attribution.verb, "colon",
                                  (i, 0))
            records.append(current)
        else:
            current = None
    return records


def _indirect_records(infos: list[Analysis], attributions: list[Attribution]
                      ) -> list[QuoteRecord]:
    """Reported speech outside quotation marks; carried-over sentences extend the record."""
    records: list[QuoteRecord] = []
    current: QuoteRecord | None = None
    for i, (info, attribution) in enumerate(zip(infos, attributions, strict=True)):
        if attribution.carried and current is not None:
            current.sentence_ids.append(info.row["sentence_id"])
            current.text += " " + info.row["text"]
            continue
        current = None
        frame = attribution.frame
        if attribution.carried:
            start, end = 0, len(info.row["text"])
            verb, basis = None, "carried"
        elif frame is not None and frame.kind not in ("colon",):
            start, end = frame.content
            verb, basis = attribution.verb, "frame"
        elif attribution.speech == "indirect" and info.subjunctive == "ki" \
                and attribution.basis == "none":
            start, end, verb, basis = 0, len(info.row["text"]), None, "unattributed"
        else:
            continue
        content = info.row["text"][start:end].strip(" ,:")
        if _unquoted_words(info, start, end) < 3:
            continue
        current = QuoteRecord([info.row["sentence_id"]], content, "none", "indirect",
                              attribution.speaker, verb, basis, (i, start))
        records.append(current)
    return records


def _unquoted_words(info: Analysis, start: int, end: int) -> int:
    return sum(1 for t in info.tokens if start <= t.start < end and not t.quote
               and t.text[:1].isalnum())


# --------------------------------------------------------------------------------------------
# Public tables
# --------------------------------------------------------------------------------------------

def _rows_by_article(sentences: pd.DataFrame) -> list[list[dict[str, Any]]]:
    missing = [c for c in (*SENTENCE_COLUMNS, "paragraph", "section") if c not in sentences]
    if missing:
        raise ValueError(f"the sentences table lacks column(s) {missing}. Fix: pass the table "
                         f"made by korea_notes.language.split_sentences().")
    order = ["article_id", "sentence"] if "sentence" in sentences.columns \
        else ["article_id", "paragraph"]
    ordered = sentences.sort_values(order, kind="stable")
    articles: list[list[dict[str, Any]]] = []
    for _, group in ordered.groupby("article_id", sort=False):
        articles.append(group.to_dict("records"))
    return articles


def _analyse(sentences: pd.DataFrame, lexicon: Lexicon | None = None,
             rules: SpeechRules | None = None
             ) -> list[tuple[list[Analysis], list[Attribution], list[QuoteRecord]]]:
    lexicon = lexicon or default_lexicon()
    rules = rules or default_speech_rules()
    return [_analyse_article(rows, lexicon, rules) for rows in _rows_by_article(sentences)]


def _none_for_missing(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for column in columns:
        frame[column] = frame[column].astype(object)
        frame.loc[frame[column].isna(), column] = None
    return frame


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
    for infos, _, records in _analyse(sentences, lexicon, rules):
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
    return _none_for_missing(frame, ("speaker", "person", "actor", "reporting_verb"))


def _addressee(info: Analysis, actor: str | None, rules: SpeechRules) -> str | None:
    """The actor spoken to or acted upon: marked objects first, then others, then quoted."""
    if actor is None:
        return None
    ranked: list[tuple[int, int]] = []
    for i, mention in enumerate(info.mentions):
        if mention.actor == actor:
            continue
        governed = info.governed[i] or ""
        preposition = governed.removeprefix("prep:") if governed.startswith("prep:") else None
        if info.in_quote(mention):
            rank = 3
        elif governed == "object" or preposition in rules.addressee_prepositions:
            rank = 1
        elif preposition in rules.place_prepositions or governed == "genitive":
            continue
        else:
            rank = 2
        ranked.append((rank, info.mention_token[i]))
    if not ranked:
        return None
    best = min(ranked)
    index = [i for i in range(len(info.mentions)) if info.mention_token[i] == best[1]
             and info.mentions[i].actor != actor][0]
    return info.mentions[index].actor


def _mentioned(info: Analysis) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.actor for m in info.mentions if not info.in_quote(m)))


def attribute_sentences(sentences: pd.DataFrame, lexicon: Lexicon | None = None,
                        rules: SpeechRules | None = None) -> pd.DataFrame:
    """The sentences table with the claimant and addressee of every sentence.

    Adds to every column of ``sentences`` (same rows, same order):

    - ``actor`` (str or None): actor id whose position the sentence states;
    - ``actor_basis`` (str): ``quote_speaker``, ``carried_over``, ``subject`` or ``none`` (see
      the module docstring for the rules);
    - ``speaker`` (str or None): the speaker as written, for sentences that carry speech;
    - ``person`` (str or None): the claimant's person id (the speaker's, or the subject's when
      the subject names a person);
    - ``speech`` (str): ``direct`` (quoted words make up at least half the sentence, or the
      words a frame reports are all in quotation marks, or it is a quotation standing alone
      after a colon), ``indirect`` (reported speech or a shorter quotation),
      ``report`` (the reporter's own words);
    - ``reporting_verb`` (str or None): lemma of the reporting verb of the sentence's frame;
    - ``addressee`` (str or None): the other actor the claim is directed at: first an actor
      marked as object or after "an", "gegenüber", "mit", "zu", "gegen", "auf", "vor", "von";
      else another actor named outside quotation marks (not after a place preposition); else
      one named inside the quotation;
    - ``mentioned_actors`` (tuple of str): actors named outside quotation marks, in order.
    """
    rules = rules or default_speech_rules()
    by_id: dict[str, dict[str, Any]] = {}
    for infos, attributions, _ in _analyse(sentences, lexicon, rules):
        for info, attribution in zip(infos, attributions, strict=True):
            speaker = attribution.speaker
            claimant = speaker or (attribution.subject if attribution.actor else None)
            by_id[info.row["sentence_id"]] = {
                "actor": attribution.actor, "actor_basis": attribution.basis,
                "speaker": speaker.surface if speaker else None,
                "person": claimant.person if claimant else None,
                "speech": attribution.speech, "reporting_verb": attribution.verb,
                "addressee": _addressee(info, attribution.actor, rules),
                "mentioned_actors": _mentioned(info),
            }
    result = sentences.copy()
    for column in ATTRIBUTION_COLUMNS:
        result[column] = pd.Series([by_id[sid][column] for sid in sentences["sentence_id"]],
                                   index=sentences.index, dtype=object)
    return _none_for_missing(result, ("actor", "speaker", "person", "reporting_verb",
                                      "addressee"))


# --------------------------------------------------------------------------------------------
# Aggregates for the notebook
# --------------------------------------------------------------------------------------------

def voices_per_article(attributed: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Who is mentioned, who speaks and who is only spoken about, per article and actor.

    ``attributed`` is the output of :func:`attribute_sentences`, ``mentions`` that of
    ``korea_notes.actors.find_mentions`` on the same sentences. One row per (article, actor)
    with any mention or claim, sorted by ``published``, ``article_id``, ``actor``:

    - ``article_id``, ``published``, ``actor``;
    - ``sentences`` (int): sentences of the article;
    - ``mentioned`` (int): sentences naming the actor (inside or outside quotations);
    - ``claimant`` (int): sentences whose claimant is the actor;
    - ``direct``, ``indirect``, ``report`` (int): those claimant sentences by ``speech``;
    - ``spoken_about`` (int): sentences naming the actor whose claimant is someone else or
      nobody.
    """
    size = attributed.groupby("article_id").size()
    published = attributed.groupby("article_id")["published"].first()
    named = mentions[["article_id", "sentence_id", "actor"]].drop_duplicates()
    claims = attributed.loc[attributed["actor"].notna(),
                            ["article_id", "sentence_id", "actor", "speech"]]
    keys = sorted(set(map(tuple, named[["article_id", "actor"]].values))
                  | set(map(tuple, claims[["article_id", "actor"]].values)))
    claim_of = dict(zip(attributed["sentence_id"], attributed["actor"], strict=True))
    rows = []
    for article, actor in keys:
        own_named = named[(named.article_id == article) & (named.actor == actor)]
        own_claims = claims[(claims.article_id == article) & (claims.actor == actor)]
        rows.append({
            "article_id": article, "published": published[article], "actor": actor,
            "sentences": int(size[article]),
            "mentioned": len(own_named),
            "claimant": len(own_claims),
            "direct": int((own_claims.speech == "direct").sum()),
            "indirect": int((own_claims.speech == "indirect").sum()),
            "report": int((own_claims.speech == "report").sum()),
            "spoken_about": int(sum(claim_of.get(s) != actor for s in own_named.sentence_id)),
        })
    frame = pd.DataFrame(rows, columns=["article_id", "published", "actor", "sentences",
                                        "mentioned", "claimant", "direct", "indirect", "report",
                                        "spoken_about"])
    return frame.sort_values(["published", "article_id", "actor"], kind="stable") \
        .reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Agreement with the reference coding
# --------------------------------------------------------------------------------------------

REFERENCE_DIRS: tuple[Path, ...] = (
    PROJECT_DIR / "corpus" / "annotations",
    PROJECT_DIR.parent / "shared" / "reference",
)
"""Where the reference files are looked for, in order (the repository copy first)."""


def _reference_file(name: str, path: str | Path | None) -> Path:
    if path is not None:
        return Path(path)
    for folder in REFERENCE_DIRS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"{name} not found in {[str(d) for d in REFERENCE_DIRS]}. Fix: "
                            f"copy it into corpus/annotations/ or pass its path.")


def _read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}, line {number}: not valid JSON ({error.msg}). Fix: write "
                             f"one JSON object per line.") from error
        missing = [key for key in required if key not in record]
        if missing:
            raise ValueError(f"{path}, line {number}: missing {missing}. Fix: add the keys.")
        record["line"] = number
        records.append(record)
    return records


def load_reference_positions(articles: pd.DataFrame, path: str | Path | None = None
                             ) -> pd.DataFrame:
    """The reference coding (seed_positions.jsonl) with the corpus ``article_id`` of each row.

    ``articles`` is ``korea_notes.corpus.load_articles()``: its ``source_file`` maps the
    reference ``file`` to the ``article_id``. Columns: ``line``, ``article_id``, ``file``,
    ``quote``, ``actor``, ``target``, ``category``, ``condition``, ``tense``, ``borderline``,
    ``note``.
    """
    path = _reference_file("seed_positions.jsonl", path)
    records = _read_jsonl(path, ("file", "quote", "actor", "category"))
    article_of = dict(zip(articles["source_file"], articles["article_id"], strict=True))
    article_of.update(zip(articles["file"], articles["article_id"], strict=True))
    for record in records:
        if record["file"] not in article_of:
            raise ValueError(f"{path}, line {record['line']}: file '{record['file']}' is not in "
                             f"the corpus. Fix: add the article or correct the name.")
        record["article_id"] = article_of[record["file"]]
    columns = ["line", "article_id", "file", "quote", "actor", "target", "category",
               "condition", "tense", "borderline", "note"]
    frame = pd.DataFrame(records)
    for column in columns:
        if column not in frame:
            frame[column] = None
    frame["borderline"] = frame["borderline"].fillna(False).astype(bool)
    return frame[columns]


def _normaliser() -> Any:
    try:
        from korea_notes.cleaning import normalise
    except ImportError:
        return lambda text: text
    return normalise


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def locate_quote(article_sentences: pd.DataFrame, quote: str) -> dict[str, int]:
    """Sentences of one article covering ``quote``, with the characters each shares with it.

    The quote is normalised with ``korea_notes.cleaning.normalise`` (the cleaning's inline
    repairs; the reference quotes the raw text) and whitespace is ignored on both sides. Returns
    ``{sentence_id: shared characters}`` in reading order, empty when the quote is not found.
    """
    ids = list(article_sentences["sentence_id"])
    owner, compact = [], []
    for index, text in enumerate(article_sentences["text"]):
        piece = _compact(text)
        compact.append(piece)
        owner += [index] * len(piece)
    joined = "".join(compact)
    normalise = _normaliser()
    for variant in (normalise(quote), quote):
        needle = _compact(variant)
        at = joined.find(needle) if needle else -1
        if at >= 0:
            shared: dict[str, int] = {}
            for index in owner[at:at + len(needle)]:
                shared[ids[index]] = shared.get(ids[index], 0) + 1
            return shared
    return {}


def attribution_accuracy(attributed: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """Per reference row: the sentence holding its quote, its claimant, and hit or miss.

    ``attributed`` comes from :func:`attribute_sentences`; ``reference`` from
    :func:`load_reference_positions`. The sentence judged is the one sharing most characters
    with the quote (the first on a tie). Columns: ``line``, ``article_id``, ``quote``,
    ``category``, ``borderline``, ``reference_actor``, ``found`` (bool: the quote was found in
    the clean sentences; a quote the cleaning removed is not found and counts as a miss),
    ``sentence_id`` (None when not found), ``actor`` (attributed), ``actor_basis``, ``hit``
    (bool).
    """
    rows = []
    order = ["sentence"] if "sentence" in attributed.columns else ["paragraph"]
    groups = {key: group.sort_values(order, kind="stable")
              for key, group in attributed.groupby("article_id", sort=False)}
    for record in reference.itertuples(index=False):
        group = groups.get(record.article_id)
        shared = locate_quote(group, record.quote) if group is not None else {}
        best = max(shared, key=lambda sid: (shared[sid], -list(shared).index(sid))) \
            if shared else None
        sentence = group[group.sentence_id == best].iloc[0] if best else None
        actor = sentence["actor"] if sentence is not None else None
        actor = actor if isinstance(actor, str) else None
        rows.append({
            "line": record.line, "article_id": record.article_id, "quote": record.quote,
            "category": record.category, "borderline": bool(record.borderline),
            "reference_actor": record.actor, "found": best is not None,
            "sentence_id": best, "actor": actor,
            "actor_basis": sentence["actor_basis"] if sentence is not None else None,
            "hit": actor == record.actor,
        })
    frame = pd.DataFrame(rows, columns=["line", "article_id", "quote", "category",
                                        "borderline", "reference_actor", "found",
                                        "sentence_id",
                                        "actor", "actor_basis", "hit"])
    return _none_for_missing(frame, ("sentence_id", "actor", "actor_basis"))


def accuracy_by_actor(accuracy: pd.DataFrame) -> pd.DataFrame:
    """Hits per reference actor plus an ``ALL`` row.

    Columns: ``reference_actor``, ``rows``, ``found`` (rows whose quote is in the clean
    sentences), ``hits``, ``accuracy`` (hits / rows), ``rows_not_borderline``,
    ``hits_not_borderline``, ``accuracy_not_borderline``.
    """
    def summary(label: str, part: pd.DataFrame) -> dict[str, Any]:
        core = part[~part["borderline"]]
        return {
            "reference_actor": label, "rows": len(part), "found": int(part["found"].sum()),
            "hits": int(part["hit"].sum()),
            "accuracy": float(part["hit"].mean()) if len(part) else float("nan"),
            "rows_not_borderline": len(core), "hits_not_borderline": int(core["hit"].sum()),
            "accuracy_not_borderline": float(core["hit"].mean()) if len(core)
            else float("nan"),
        }

    rows = [summary(actor, part) for actor, part in accuracy.groupby("reference_actor")]
    rows.append(summary("ALL", accuracy))
    return pd.DataFrame(rows)


def load_dev_sentences(path: str | Path | None = None) -> pd.DataFrame:
    """The development sentences (dev_sentences.jsonl) as a sentences table, one per article.

    Each sentence is its own article (``article_id`` is the record id, e.g. ``h001``) with one
    body paragraph, so no context is available: pronoun speakers stay unresolved. ``published``
    is the record's date (a month-only date is taken as the first of the month). Columns: the
    sentences columns plus ``actors`` (tuple of reference actor ids), ``categories`` (tuple),
    ``source``.
    """
    path = _reference_file("dev_sentences.jsonl", path)
    rows = []
    for record in _read_jsonl(path, ("id", "text", "date", "actors")):
        date_text = str(record["date"])
        published = pd.Timestamp(date_text + ("-01" if len(date_text) == 7 else ""))
        rows.append({
            "article_id": record["id"], "published": published,
            "sentence_id": f"{record['id']}/p00s00", "section": "body", "paragraph": 0,
            "sentence": 0, "text": record["text"], "start": 0, "end": len(record["text"]),
            "actors": tuple(record["actors"]), "categories": tuple(record.get("categories", [])),
            "source": record.get("source"),
        })
    return pd.DataFrame(rows)


def dev_attribution_accuracy(attributed_dev: pd.DataFrame) -> pd.DataFrame:
    """Per development sentence: reference actors, attributed claimant, hit.

    ``attributed_dev`` is :func:`attribute_sentences` applied to :func:`load_dev_sentences`.
    ``hit`` is True when the claimant is one of the reference ``actors``; ``scored`` is False
    for sentences whose reference names no actor (they state no position and are not scored).
    Columns: ``article_id``, ``text``, ``actors``, ``actor``, ``actor_basis``, ``scored``,
    ``hit``.
    """
    frame = attributed_dev[["article_id", "text", "actors", "actor", "actor_basis"]].copy()
    frame["scored"] = frame["actors"].map(len) > 0
    frame["hit"] = [bool(scored and actor in actors) for scored, actor, actors in
                    zip(frame["scored"], frame["actor"], frame["actors"], strict=True)]
    return frame.reset_index(drop=True)
