"""Who states a claim and toward whom: the actor and target rules of the coder.

The rules, in the order they are tried, are listed in the docstring of
:mod:`korea_notes.positions`; this module implements them on the tokens of
:mod:`korea_notes.cues` and the actor mentions of :func:`korea_notes.actors.find_mentions`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from korea_notes.codebook import Codebook
from korea_notes.cues import AGENT, Match, Parsed, any_in, infinitive_clause

COUNTERPART = "USA"
DEFAULT_TARGET = "DPRK"
_OBLIQUE = frozenset({
    "den", "dem", "gegen", "mit", "an", "am", "auf", "für", "zu", "zur", "zum", "von", "vom",
    "über", "aus", "bei", "beim", "nach", "gegenüber", "zwischen", "um", "durch", "ohne",
    "unter", "vor", "seit", "wegen", "trotz", "ihm", "ihnen", "angesichts", "zufolge",
    "einschließlich", "inklusive", "samt", "außer", "neben", "hinter", "innerhalb",
})
_PREPOSITIONS = _OBLIQUE - {"den", "dem", "ihm", "ihnen"}
_PRONOUN_SUBJECTS = frozenset({"er", "sie", "die", "diese", "dieser", "der", "man", "wir", "ich"})
_FIRST_PERSON = frozenset({"wir", "ich"})
_ADDRESSEE_MARKERS = frozenset({"den", "dem", "gegenüber", "an", "gegen", "mit"})
_TARGET_MARKERS = frozenset({"gegen", "gegenüber", "an", "auf", "zu", "zur", "zum", "den", "dem"})
ADVERBIAL_CONJUNCTIONS = frozenset({
    "nachdem", "während", "weil", "obwohl", "obgleich", "als", "seit", "seitdem", "da",
    "wohingegen", "wenngleich", "indem",
})
_ARTICLES = frozenset({"den", "der", "dem", "des", "die"})
PURPOSE_CONJUNCTIONS = frozenset({"damit", "sodass"})
_ORIGIN = frozenset({"aus", "von", "vom"})
_MODIFIERS = frozenset({"der", "des", "die", "das", "ein", "eine", "einer", "eines", "einem",
                        "einen", "ihrer", "ihren", "ihrem", "seiner", "seinen", "seinem",
                        "unserer", "unseren"})
_ADJECTIVE = re.compile(r"\w+(e|en|er|es|em)")
_RELATIVE = frozenset({"der", "die", "das", "welcher", "welche", "welches"})


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
    reporting_clause: int | None = None

    @property
    def reported_speaker(self) -> str | None:
        """The speaker of a direct or indirect quotation whose speaker the attribution found
        (not merely the subject it guessed: ``actor_basis`` "subject")."""
        if self.speech in ("direct", "indirect") and self.basis not in ("subject", "none"):
            return self.speaker
        return None


def mentions_on_tokens(parsed: Parsed, rows: Iterable[tuple[int, int, Any]]) -> list[Mention]:
    """Actor mentions on token indices, from (start, end, actor) character spans in the
    sentence; adjacent mentions of one actor (an office followed by a name) are one mention."""
    found: list[Mention] = []
    for start, end, actor in sorted(rows, key=lambda row: row[0]):
        if actor is None or pd.isna(actor):
            continue
        inside = [i for i, token in enumerate(parsed.tokens)
                  if token.start < end and token.end > start]
        if not inside:
            continue
        if found and found[-1].actor == actor and inside[0] <= found[-1].last + 1:
            found[-1] = Mention(found[-1].first, max(found[-1].last, inside[-1]), actor)
        else:
            found.append(Mention(inside[0], inside[-1], str(actor)))
    return found


def resolve_actors(match: Match, parsed: Parsed, context: Context,
                   codebook: Codebook) -> list[str | None]:
    """The actor(s) of a claim, by the rules in the module docstring."""
    agent = _agent(match, parsed, context)
    if agent:
        return [agent]
    if match.cue.subject_is_target:
        return [_speaker_only(match, parsed, context)]
    named = [] if match.cue.owner_is_target else _named(match, parsed, context, codebook)
    if named and not any(parsed.tokens[i].is_verbal for i in match.indices) \
            and not _object_of_clause_subject(match, parsed, context):
        return named
    proposer = _proposer(match.clause, parsed, context, codebook)
    if proposer:
        return proposer
    if _deontic(match, parsed, context, codebook):
        return [_speaker_only(match, parsed, context)]
    purpose = _purpose_owner(match.clause, parsed, context)
    if purpose:
        return purpose
    own = _adverbial_subject(match.clause, parsed, context)
    if own:
        return own
    speaker = _speaker(match.clause, parsed, context)
    if speaker:
        return [speaker]
    subject = clause_subjects(match.clause, parsed, context, match.indices)
    if subject:
        return subject
    if named:
        return named
    if context.sentence_actor:
        return [context.sentence_actor]
    return [_first_party(match.clause, parsed, context)]


def _deontic(match: Match, parsed: Parsed, context: Context, codebook: Codebook) -> bool:
    """True when a deontic modal among the cue's words, or before them in their clause, has an
    actor named in its clause as subject ("Nordkorea müsse abrüsten", "China soll Kim Druck
    machen"): that subject is who is to act, not who demands it ("ein Gremium, das ...
    überwachen soll" names no one)."""
    lo, hi = parsed.clauses[match.clause]
    head = min(match.indices)
    modal = [i for i in sorted(match.indices | set(range(lo, head)))
             if parsed.tokens[i].lower in codebook.deontic_modals]
    if not modal:
        return False
    clause = parsed.tokens[modal[0]].clause
    lo, hi = parsed.clauses[clause]
    return any(lo <= m.first < hi and not _oblique(parsed, m, lo, context.mentions)
               for m in context.mentions)


def _first_person(parsed: Parsed, lo: int, hi: int) -> bool:
    """True when "wir" or "ich" is among the first three words of the clause (the speaker
    speaking of itself, also after a fronted verb: "werden wir ...")."""
    words = [parsed.tokens[i].lower for i in range(lo, hi) if parsed.tokens[i].is_word][:3]
    return any(word in _FIRST_PERSON for word in words)


def _speaker(clause: int, parsed: Parsed, context: Context) -> str | None:
    """Who says what a quoted or reported clause states: the speaker the attribution found;
    when it only guessed the subject ("Biden warnte, ein Angriff würde ..."), the subject of
    the sentence's first clause that has one. The clause of the reporting verb itself is its
    subject's ("Trump brach den Gipfel ab und erklärte, ..."), and a clause in another part of
    the sentence (parts split by ";") is not reported by it."""
    if context.speech not in ("direct", "indirect"):
        return None
    if context.reporting_clause is not None and \
            _segment(parsed, clause) != _segment(parsed, context.reporting_clause):
        return None
    if clause == context.reporting_clause:
        own = clause_subjects(clause, parsed, context)
        if own:
            return own[0]
    if context.reported_speaker:
        return context.reported_speaker
    for current in range(len(parsed.clauses)):
        if current in context.skip or _opens_with(parsed, current, ADVERBIAL_CONJUNCTIONS):
            continue
        subjects = clause_subjects(current, parsed, context)
        if subjects:
            return subjects[0]
    return context.speaker


def _segment(parsed: Parsed, clause: int) -> int:
    """The number of the ";"-separated part of the sentence a clause lies in."""
    return sum(1 for lo, hi in parsed.clauses[:clause] if parsed.tokens[hi - 1].text == ";")


def _object_of_clause_subject(match: Match, parsed: Parsed, context: Context) -> bool:
    """True when the cue's nouns are the object of the clause's own subject ("Yoon forderte
    eine Umsetzung der UN-Sanktionen"), not part of a prepositional phrase ("angesichts der
    Ausweitung von UN-Sanktionen"): the subject, not the owner in the noun, is the claimant."""
    tokens = parsed.tokens
    lo, hi = parsed.clauses[match.clause]
    first = min(match.indices)
    j = first - 1
    while j >= lo and (tokens[j].lower in _MODIFIERS or tokens[j].lower in {"eine", "ein",
                                                                            "einen", "die"}
                       or (tokens[j].is_verbal and _ADJECTIVE.fullmatch(tokens[j].lower))):
        j -= 1
    if j >= lo and tokens[j].lower in _OBLIQUE:
        return False
    own = [m for m in context.mentions if lo <= m.first < hi and m.first < first
           and not _oblique(parsed, m, lo, context.mentions)]
    return bool(own)


def _proposer(clause: int, parsed: Parsed, context: Context,
              codebook: Codebook) -> list[str | None]:
    """The subject of a proposal or demand verb (``actors.proposal_verbs``: "schlugen vor",
    "forderte") when the clause is its complement (a dass-clause, a zu-infinitive or a clause
    in reported speech: "..., Nordkorea solle ...") or an adverbial clause continuing that
    complement ("..., während die USA im Gegenzug ..."): the proposal is the proposer's."""
    if not codebook.proposal_verbs or clause == 0:
        return []
    current = clause
    if _opens_with(parsed, current, ADVERBIAL_CONJUNCTIONS):
        current -= 1
        if current == 0 or not _complement(parsed, current, codebook):
            return []
    elif not _complement(parsed, current, codebook):
        return []
    verb_clause = current - 1
    gap = codebook.settings["phrase_gap"]
    if not any_in(codebook.proposal_verbs, parsed, *parsed.clauses[verb_clause], gap):
        return []
    lo, hi = parsed.clauses[verb_clause]
    for mention in context.mentions:
        if lo <= mention.first < hi and not _oblique(parsed, mention, lo, context.mentions):
            return _coordinated(mention, parsed, context.mentions)
    return []


def _opens_with(parsed: Parsed, clause: int, words: frozenset[str]) -> bool:
    lo, hi = parsed.clauses[clause]
    first = next((t for t in parsed.tokens[lo:hi] if t.is_word), None)
    return first is not None and first.lower in words


def _complement(parsed: Parsed, clause: int, codebook: Codebook) -> bool:
    """A dependent content clause: opened by "dass", a zu-infinitive, or holding a verb form of
    reported speech (Konjunktiv I: "solle", "müsse")."""
    lo, hi = parsed.clauses[clause]
    if _opens_with(parsed, clause, frozenset({"dass"})):
        return True
    if any(t.lower in codebook.indirect_forms for t in parsed.tokens[lo:hi]):
        return True
    return infinitive_clause(parsed, lo, hi)


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
    if context.reported_speaker:
        return context.reported_speaker
    if context.basis not in ("subject", None, "none") and context.sentence_actor:
        return context.sentence_actor
    subjects = clause_subjects(match.clause, parsed, context)
    sides = {COUNTERPART: DEFAULT_TARGET, DEFAULT_TARGET: COUNTERPART}
    return sides.get(subjects[0]) if len(subjects) == 1 else None


def _purpose_owner(clause: int, parsed: Parsed, context: Context) -> list[str | None]:
    """For a purpose clause ("..., damit Nordkorea an den Verhandlungstisch zurückkehrt"):
    the subject of the clause it serves; what the purpose states is that actor's aim."""
    if clause == 0 or not _opens_with(parsed, clause, PURPOSE_CONJUNCTIONS):
        return []
    return clause_subjects(clause - 1, parsed, context)


def _adverbial_subject(clause: int, parsed: Parsed, context: Context) -> list[str | None]:
    """The subject of a clause opened by an adverbial conjunction ("Nachdem Nordkorea ...",
    "während Pjöngjang ..."): such a clause is not the speaker's reported content."""
    lo, hi = parsed.clauses[clause]
    words = [i for i in range(lo, hi) if parsed.tokens[i].is_word]
    if not words or parsed.tokens[words[0]].lower not in ADVERBIAL_CONJUNCTIONS:
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
    if not parsed.fitting(codebook.rejection).isdisjoint(match.indices):
        return []
    lo, hi = parsed.clauses[match.clause]
    fitting = set(match.indices)
    fitting.update(i for terms in match.cue.terms for i in parsed.fitting(terms) if lo <= i < hi)
    actors = [m.actor for m in context.mentions if m.first == m.last and m.first in fitting]
    actors += _genitive_owners(match, parsed, context, codebook)
    return list(dict.fromkeys(actors))


def stance_owners(match: Match, parsed: Parsed, context: Context,
                  codebook: Codebook) -> list[str | None]:
    """The actors named as holders of the cue's stance nouns (see :func:`_genitive_owners`),
    other than the subject of the cue's clause."""
    subjects = clause_subjects(match.clause, parsed, context)
    return [owner for owner in _genitive_owners(match, parsed, context, codebook)
            if owner not in subjects]


def _genitive_owners(match: Match, parsed: Parsed, context: Context,
                     codebook: Codebook) -> list[str | None]:
    """Actors named in a genitive right after one of the cue's stance nouns
    (``actors.owner_nouns``), or after "aus"/"von": "die Forderung der USA", "Forderungen
    Washingtons", "Gesprächsangebote aus Washington und Seoul"."""
    tokens = parsed.tokens
    starts = {m.first: m.actor for m in context.mentions}
    owners: list[str | None] = []
    for i in sorted(match.indices):
        if i not in parsed.fitting(codebook.owner_nouns):
            continue
        if i + 2 < len(tokens) and tokens[i + 1].lower in {"der", "des"} and i + 2 in starts:
            owners.append(starts[i + 2])
        elif i + 1 in starts and tokens[i + 1].lower.endswith("s"):
            owners.append(starts[i + 1])
        elif i + 2 < len(tokens) and tokens[i + 1].lower in _ORIGIN:
            first = i + 3 if tokens[i + 2].lower in _ARTICLES and i + 3 < len(tokens) else i + 2
            mention = next((m for m in context.mentions if m.first == first), None)
            if mention is not None:
                owners += _coordinated(mention, parsed, context.mentions)
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
        if before >= 0 and tokens[before].lower in AGENT:
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
        if _pronoun_subject(parsed, lo, hi) or _first_person(parsed, lo, hi):
            return []
        if current != clause and current + 1 == clause and _opens_with(parsed, clause,
                                                                       _RELATIVE):
            agent = _antecedent_agent(parsed, lo, hi, context)
            if agent:
                return [agent]
        for mention in context.mentions:
            if lo <= mention.first < hi and mention.first not in exclude \
                    and not _oblique(parsed, mention, lo, context.mentions):
                return _coordinated(mention, parsed, context.mentions)
    return []


def _antecedent_agent(parsed: Parsed, lo: int, hi: int, context: Context) -> str | None:
    """For a relative clause without its own subject: the agent of its antecedent noun at the
    end of the clause before ("eine von den USA eingebrachte Resolution, die ...")."""
    tokens = parsed.tokens
    for mention in reversed(context.mentions):
        if not lo <= mention.first < hi:
            continue
        after = mention.last + 1
        before = mention.first - 1
        if before >= lo and tokens[before].lower in _ARTICLES:
            before -= 1
        if before >= lo and tokens[before].lower in AGENT and after < hi \
                and tokens[after].is_verbal:
            return mention.actor
    return None


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
    noun_before = i >= 1 and tokens[i - 1].is_word and tokens[i - 1].text[:1].isupper() \
        and tokens[i - 1].lower not in _PREPOSITIONS
    if tokens[i].lower == "um" and noun_before:
        return False
    if tokens[i].lower in {"der", "des"} and noun_before:
        return not _in_first_phrase(parsed, lo, mention.first)
    if tokens[i].lower == "von" and noun_before and _in_first_phrase(parsed, lo, i):
        return False
    if tokens[i].is_noun and tokens[i].lower not in _PREPOSITIONS \
            and tokens[mention.last].lower.endswith("s") and i > lo:
        return not _in_first_phrase(parsed, lo, mention.first)
    titles = 0
    for j in range(i, max(lo - 1, i - 5), -1):
        word = tokens[j].lower
        if word in _OBLIQUE:
            return True
        if tokens[j].is_word and tokens[j].text[:1].isupper() and titles == 0 and j > lo:
            titles += 1
            continue
        adjective = _ADJECTIVE.fullmatch(word) and tokens[j].is_verbal \
            and not (j - 1 >= lo and tokens[j - 1].is_noun)
        if not (word in _MODIFIERS or adjective):
            return False
    return False


def _in_first_phrase(parsed: Parsed, lo: int, first: int) -> bool:
    """True when only articles, nouns and inflected adjectives stand between the clause start
    and ``first``: a genitive there belongs to the subject ("Der Sondergesandte der USA")."""
    for token in parsed.tokens[lo:first]:
        if token.lower in _PREPOSITIONS:
            return False
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

