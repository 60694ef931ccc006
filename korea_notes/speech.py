"""One sentence, read for speech before its article is: quotation marks, reporting frames
(", sagte Kim", "Kim zufolge", "hieß es", "..., wonach ..."), speaker candidates, mood (Konjunktiv
I or II) and voice. :func:`analyse_sentence` returns an :class:`Analysis`; resolving the
candidates against what came before is :mod:`korea_notes.attribution`'s job."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from korea_notes.actors import Mention
from korea_notes.speech_rules import SpeechRules, default_speech_rules, word_lemma

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


def is_adjective(token: Token, rules: SpeechRules) -> bool:
    """An inflected lower-case word that is not a verb form (vorherigen, südkoreanischen)."""
    word = token.text
    if not word.islower() or word in rules.finite_auxiliaries or _is_reporting(word, rules):
        return False
    lemma = word_lemma(word)
    return word.endswith(("e", "en", "er", "es", "em")) and lemma != word \
        and not lemma.endswith(("en", "ern", "eln"))


def _is_reporting(word: str, rules: SpeechRules) -> bool:
    lower = word.lower()
    return lower in rules.reporting_forms or word_lemma(lower) in rules.reporting_verbs


def _reporting_lemma(word: str, rules: SpeechRules) -> str:
    lower = word.lower()
    return rules.reporting_forms.get(lower) or word_lemma(lower)


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
        elif lower in rules.coordinators or j in mention_tokens or is_adjective(token, rules) \
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


def speaker_candidates(info: Analysis, lo: int, hi: int, rules: SpeechRules,
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
    while j < len(tokens) and is_adjective(tokens[j], rules):
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
    lemma = word_lemma(tokens[i].lower)
    for particle, base, verb in rules.separable_verbs:
        if lemma != base:
            continue
        for j in range(i + 1, min(len(tokens), i + 16)):
            if tokens[j].lower == particle and (
                    j + 1 >= len(tokens) or tokens[j + 1].text in (",", ":", ".", "!", "?")):
                return verb, j
    return "", -1


def reporting_at(tokens: list[Token], i: int, rules: SpeechRules) -> tuple[str, int]:
    """(reporting lemma, index of the last token of the verb) for token i, or ('', -1)."""
    token = tokens[i]
    if token.quote or not token.text.islower():
        return "", -1
    separable, particle = _separable_reporting(tokens, i, rules)
    if separable:
        return separable, particle
    if _is_reporting(token.text, rules) or word_lemma(token.lower) in rules.impersonal_verbs:
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
        if lo >= end or end - lo > 18 or lo == info.main_start:
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
                                                 or tokens[lo + 1].lower in rules.pronouns
                                                 or (tokens[lo + 1].lower in rules.determiners
                                                     and lo + 2 < end
                                                     and tokens[lo + 2].text[:1].isupper())):
        return Frame("so", "so", _tail_speaker(info, lo + 1, end, rules, continuation))
    if first.lower in rules.passive_auxiliaries and _is_reporting(tokens[end - 1].text, rules):
        speaker = _tail_speaker(info, lo + 1, end - 1, rules, continuation)
        return Frame("post", _reporting_lemma(tokens[end - 1].text, rules), speaker)
    lemma, last = reporting_at(tokens, lo, rules)
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
    for candidate in speaker_candidates(info, lo, min(hi, lo + 4), rules, only_free=False):
        return candidate
    for i in range(lo, min(hi, lo + 4)):
        if tokens[i].text in rules.speaker_nouns:
            # ", sagte eine Sprecherin des Außenministeriums in Pjöngjang": who she speaks for
            named = _first_mention(info, i + 1, min(hi, i + 7))
            if named is not None:
                return named
            break
    words = []
    for token in tokens[lo:hi]:
        if token.lower in rules.prepositions or token.text in _CLAUSE_PUNCTUATION \
                or token.lower in rules.continuation_words:
            break
        if token.text.islower() and token.lower not in rules.determiners \
                and not is_adjective(token, rules):
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
                or is_adjective(token, rules) or token.text[:1].isupper() or j in info.covered
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
        lemma, last = reporting_at(tokens, i, rules)
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
            found = speaker_candidates(info, info.main_start, region_end, rules, main_only=True)
            speaker = _upgrade_to_person(info, found[0], region_end) if found \
                else _spokesperson(info, info.main_start, region_end, rules)
            if found and found[0].token > i:
                # "Der Beamte forderte Pjöngjang auf, ...": the speaker stands before the verb;
                # an actor after it is the one addressed.
                speaker = _speaker_noun_phrase(info, info.main_start, i, rules) or speaker
        content = (tokens[punct].end, len(info.row["text"]))
        frame = Frame("pre", lemma, speaker, content)
        frame.nested = _nested_speaker(info, punct + 1, rules)
        return frame
    return None


def _speaker_noun_phrase(info: Analysis, lo: int, hi: int, rules: SpeechRules
                         ) -> Candidate | None:
    """A speaker noun in [lo, hi) ("Der Beamte", "Ein Sprecher des Ministeriums in Peking"):
    the actor named right after it, else the phrase itself as a speaker without actor."""
    for i in range(lo, hi):
        if info.tokens[i].text in rules.speaker_nouns and i not in info.embedded:
            named = _first_mention(info, i + 1, min(hi, i + 7))
            return named or Candidate("text", i, word=info.tokens[i].text)
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
    found = speaker_candidates(info, lo, verb, rules)
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
            and word_lemma(word) == word + "n")


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
    lemma = word_lemma(last.lower)
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


