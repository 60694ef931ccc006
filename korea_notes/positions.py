"""Coding negotiation positions: sentences in, claims out.

A claim is one actor stating one position (a codebook category) toward a target in one sentence.
:func:`code_positions` reads the sentences frame (ideally after
:func:`korea_notes.attribution.attribute_sentences`) and applies ``korea_notes/codebook.yml``: cues
find categories (:mod:`korea_notes.cues`: tokens, clauses, matching, negation); condition markers
find the clause stating what must happen first (:mod:`korea_notes.conditions`), which becomes
the claim's ``condition``, and a PRECONDITION claim when it is one; frames (questions,
speculation) silence a clause; :mod:`korea_notes.claimants` finds actor and target.
:func:`code_text` runs the whole pipeline on any German text. The names of those modules that a
caller needs are importable from here.

Decisions a reader should know:

- **Actor** of a claim, first rule that applies: (1) an agent phrase "von den USA verlangte";
  (2) for a cue made only of nouns, the owner named in its noun ("UN-Sanktionen") or in a
  genitive after a stance noun ("die Forderung der USA"), unless those nouns are the object of
  the clause's own subject ("Yoon forderte eine Umsetzung der UN-Sanktionen"); (3) for a
  complement of a proposal or demand verb ("China schlug vor, Nordkorea solle ..., während die
  USA im Gegenzug ..."), the subject of that verb; (3b) for a cue with a deontic modal among
  or before its words in its clause, whose subject is an actor ("Nordkorea müsse abrüsten",
  "China soll Kim Druck machen"), the speaker, else the other side of that subject; (4) for a
  purpose clause ("..., damit Nordkorea zurückkehrt") the subject of the clause it serves, and
  the subject of a clause opened by an adverbial conjunction ("Nachdem Nordkorea ..."), which
  is not reported content; (5) for direct
  or indirect speech, the speaker the attribution found, or, when it only guessed the subject,
  the subject of the sentence's first clause; not for the reporting clause itself ("Trump brach
  den Gipfel ab und erklärte, ...": its subject) nor across a ";"; (6) the subject of the clause
  holding the cue's head: its first actor mention not governed by a preposition, a dative
  article or a noun (genitive, also "Südkoreas" after a noun), with actors coordinated to it
  ("Russland und China"); a relative clause without one takes the agent of its antecedent ("eine
  von den USA eingebrachte Resolution, die ..."), any other clause the subject of the clause
  before it (condition clauses passed over); (7) an actor-named noun among the cue's words; (8)
  the sentence's ``actor`` from the attribution; (9) the first actor named in the clause (then
  the sentence) that is not marked as addressed ("gegen Nordkorea", "den USA"). Cues marked
  ``subject_is_target`` ("Washington irrt sich, wenn ...") skip (2)-(9): the speaker, else the
  other side of the subject; cues marked ``owner_is_target`` skip (2). A claim whose actor
  stays unknown has actor None. A stance noun that is rejected still reports its owner's stance
  ("wies das Gesprächsangebot aus Washington zurück": the USA offer talks).
- **Target**: the actor in the dative or after "gegenüber", "an", "gegen", "mit" next to the
  cue's words ("den USA einen Präventivschlag angedroht"); for a claim from a condition, the
  actor who must act (first mentioned in the condition). Else, for direct or indirect speech,
  the attribution's ``addressee``; else the other side: a DPRK claim targets the USA (or, when
  the USA are not mentioned, the first other actor mentioned), every other actor's claim
  targets the DPRK.
- **Conditions** (:func:`condition_role`): a condition is a *precondition* of the claims it
  governs unless one of them is a threat (*trigger*: "drohte ..., sollte Washington ...": no
  PRECONDITION, the condition's types imply what the threat opposes) or sanctions kept (*term*:
  "Sanktionen bleiben in Kraft, bis ..."). An offer put off by "erst" ("werde erst wieder
  verhandeln, wenn ...") is no offer; a refusal that holds only until a condition is met is no
  refusal. Trade-offs ("im Gegenzug für ...") are FLEXIBILITY, and what an actor gives in them
  is not read as its demand; what it asks in return for an offer (a condition of kind
  "exchange") gives the categories its types imply, without a PRECONDITION. A sentence opening
  with "Andernfalls" states the demands of the sentence before it for its own actor. A
  category's ``implies`` adds a category for the same actor (talks without preconditions offer
  talks).
- **Tense** is per claim, read from the clauses that date its statement (its part of the
  sentence, without adverbial clauses such as "nachdem ... hatte" other than its own):
  ``current`` when they have a recent-time marker (weekday, "vergangene Woche", Neujahr* in
  January); otherwise ``background`` when they are pluperfect, name a past period ("in den
  vergangenen Jahren") or "im <month>" before the publication month. A present tense "Seit
  Jahrzehnten vertritt ..." states a position that still holds: current.
  :func:`sentence_tense` without a clause dates a whole sentence the same way.
- **Conditionality**: ``unconditional`` without a condition (always for NO_PRECONDITIONS),
  ``reciprocal`` when the sentence states an exchange or a concession under a condition,
  ``precondition`` otherwise (also for a conditional threat or sanctions kept until ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from korea_notes.claimants import (
    ADVERBIAL_CONJUNCTIONS,
    COUNTERPART,
    DEFAULT_TARGET,
    Context,
    Mention,
    clause_subjects,
    clause_target,
    mentions_on_tokens,
    resolve_actors,
    resolve_target,
    stance_owners,
)
from korea_notes.codebook import DROP, Codebook, load_codebook
from korea_notes.conditions import Condition, condition_types, find_conditions, silenced_clauses
from korea_notes.cues import (
    Match,
    Parsed,
    Token,
    any_in,
    is_negated,
    mark,
    match_cue,
    occurrences,
    outcome,
    parse,
)

__all__ = [
    "ATTRIBUTION_NEEDED", "CLAIM_COLUMNS", "COUNTERPART", "DEFAULT_TARGET", "EVIDENCE_COLUMNS",
    "REQUIRED_COLUMNS",
    "Claim", "Condition", "Context", "Match", "Mention", "Parsed", "PositionsError", "Token",
    "actor_category_matrix", "claims_per_article", "clause_subjects", "clause_target",
    "code_corpus", "code_keywords", "code_positions", "code_sentence", "code_text",
    "each_sentence_coded",
    "condition_role", "statement_clauses",
    "condition_types", "evidence_table", "fallback_speech", "find_conditions", "is_negated",
    "match_cue", "occurrences", "outcome", "parse", "prepare_sentences", "resolve_actors",
    "resolve_target", "sentence_tense", "silenced_clauses", "text_article",
]

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
background; rule: the codebook entries that produced the claim, joined by "; ": a cue as
``CATEGORY/cue_id`` (``+owner`` when the claim is the owner's stance in a rejected noun), a
condition as ``condition:marker`` (``+TYPE`` for the category its type implies), ``otherwise+``
before a rule of the sentence before ("Andernfalls ..."), ``CATEGORY+implies`` for a category
another implies.
"""

REQUIRED_COLUMNS: tuple[str, ...] = ("article_id", "sentence_id", "text")


class PositionsError(ValueError):
    """The sentences frame cannot be coded (missing columns); the message says which and how."""



# --- speech, tense, modality -----------------------------------------------------------------


def fallback_speech(parsed: Parsed, codebook: Codebook) -> str:
    """Speech when no attribution is given: quotation marks -> direct; a Konjunktiv I form ->
    indirect; otherwise report."""
    if parsed.has_quote_marks:
        return "direct"
    if any(token.lower in codebook.indirect_forms for token in parsed.tokens):
        return "indirect"
    return "report"


def sentence_tense(parsed: Parsed, published: Any, codebook: Codebook,
                   clause: int | None = None) -> str:
    """current or background (see module docstring): for the whole sentence, or, given a
    ``clause``, for the statement that clause belongs to (:func:`statement_clauses`)."""
    tense = codebook.tense
    gap = codebook.settings["phrase_gap"]
    clauses = range(len(parsed.clauses)) if clause is None \
        else statement_clauses(parsed, clause)
    ranges = [parsed.clauses[c] for c in clauses]
    month = _month(published)

    def found(terms: Any) -> bool:
        return any(any_in(terms, parsed, lo, hi, gap) for lo, hi in ranges)

    if found(tense["recent"]):
        return "current"
    if month == 1 and found(tense["new_year"]):
        return "current"
    words = [parsed.tokens[i].lower for lo, hi in ranges for i in range(lo, hi)]
    if _pluperfect(words, codebook) or found(tense["background"]):
        return "background"
    if month is not None and _earlier_month(words, month, tense["months"]):
        return "background"
    return "current"


def statement_clauses(parsed: Parsed, clause: int) -> list[int]:
    """The clauses that date a claim in ``clause``: those of its part of the sentence (parts
    split by ";"), without clauses opened by an adverbial conjunction other than its own
    ("..., nachdem das Land im Februar ... durchgeführt hatte" does not date the main clause)."""
    tokens = parsed.tokens
    part = [0]
    for _lo, hi in parsed.clauses:
        part.append(part[-1] + (tokens[hi - 1].text == ";"))
    chosen = []
    for number, (lo, hi) in enumerate(parsed.clauses):
        if part[number] != part[clause]:
            continue
        first = next((t.lower for t in tokens[lo:hi] if t.is_word), "")
        if number == clause or first not in ADVERBIAL_CONJUNCTIONS:
            chosen.append(number)
    return chosen


def _month(published: Any) -> int | None:
    """The publication month, or None when the date is unknown."""
    if published is None or (not isinstance(published, str) and pd.isna(published)):
        return None
    return int(pd.Timestamp(published).month)


def _pluperfect(words: list[str], codebook: Codebook) -> bool:
    """An auxiliary hatte/war followed later by a participle, or a participle directly
    followed by one at the end of a subordinate clause ("..., dass er abgelehnt hatte")."""
    auxiliaries = codebook.tense["auxiliaries"]
    participle = codebook.tense["participle"]
    for position, word in enumerate(words):
        if word not in auxiliaries:
            continue
        if any(participle.fullmatch(later) for later in words[position + 1:]):
            return True
        if position > 0 and participle.fullmatch(words[position - 1]) and (
                position + 1 == len(words) or not words[position + 1].isalpha()):
            return True
    return False


def _earlier_month(words: list[str], month: int, months: tuple[str, ...]) -> bool:
    """True when the words name "im <Monat>" other than the publication month."""
    for i in range(1, len(words)):
        if words[i] in months and words[i - 1] in {"im", "anfang", "ende", "mitte"}:
            if months.index(words[i]) + 1 != month:
                return True
    return False


def _modality(match: Match, negated: bool, parsed: Parsed, codebook: Codebook) -> str:
    """negated (category came through negation), hypothetical (Konjunktiv II, modal
    adverb in the head's clause) or asserted."""
    if negated and match.cue.negation in ("flip", "require"):
        return "negated"
    lo, hi = parsed.clauses[match.clause]
    if any_in(codebook.hypothetical, parsed, lo, hi, codebook.settings["phrase_gap"]):
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
    tokens: set[int] = field(default_factory=set)


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
    # Cues wholly inside a phrase condition ("ohne ein Ende der Manöver") only state it.
    phrase = {i for condition in conditions for i in condition.phrase}
    claims = [c for c in claims if not c.tokens or not c.tokens <= phrase]
    # A condition restricts the claims of its own statement only: "A; B, wenn ..." leaves A.
    part = _statement_parts(parsed)
    restricted = {part[c] for condition in conditions
                  if condition.opens_clause or condition.phrase for c in condition.clauses}
    claims = [c for c in claims if part[c.clause] not in restricted
              or codebook.categories[c.category].when_conditioned != DROP]
    postponed = {part[c] for condition in conditions if condition.postponing
                 for c in condition.clauses}
    claims = [c for c in claims if part[c.clause] not in postponed
              or codebook.categories[c.category].when_postponed != DROP]
    for condition in conditions:
        condition.role = condition_role(condition, claims, codebook)
    claims += _condition_claims(conditions, claims, parsed, context, silent, codebook)
    return _implied(_unconditional(_merge(claims), conditions), codebook), conditions


def _unconditional(claims: list[Claim], conditions: list[Condition]) -> list[Claim]:
    """A PRECONDITION beside a NO_PRECONDITIONS of the same actor, when no condition of the
    sentence names what must come first, is the requirement that there be none ("Voraussetzung
    sei, dass die USA ohne Vorbedingungen ..."): only NO_PRECONDITIONS stands."""
    if any(condition.types for condition in conditions):
        return claims
    free = {claim.actor for claim in claims if claim.category == "NO_PRECONDITIONS"}
    return [claim for claim in claims
            if not (claim.category == "PRECONDITION" and claim.actor in free)]


def _implied(claims: list[Claim], codebook: Codebook) -> list[Claim]:
    """Add the category a claim's category ``implies`` ("talks without preconditions" offers
    talks) for the same actor, unless that actor has a claim of it or of its negation."""
    added = []
    for claim in claims:
        implied = codebook.categories[claim.category].implies
        if implied is None:
            continue
        opposite = codebook.categories[implied].negated
        if any(other.actor == claim.actor and other.category in (implied, opposite)
               for other in claims + added):
            continue
        added.append(Claim(implied, claim.actor, claim.clause, [f"{claim.category}+implies"],
                           claim.modality, claim.target))
    return claims + added


def _statement_parts(parsed: Parsed) -> list[int]:
    """For each clause, the index of the statement it belongs to (statements are the parts of
    a sentence between semicolons)."""
    parts, count = [], 0
    for lo, hi in parsed.clauses:
        parts.append(count)
        count += any(parsed.tokens[i].text == ";" for i in range(lo, hi))
    return parts


def condition_role(condition: Condition, claims: list[Claim], codebook: Codebook) -> str:
    """What a condition is to the claims it governs (the sentence's claims nearest to it):
    "exchange" for a marker of kind exchange (what the actor asks in return for an offer);
    "trigger" when one of them is of a category with ``condition_role: trigger`` (a threat:
    "..., falls die USA ..."); "term" when one of them has ``condition_role: term`` (sanctions
    stay until ...: "bis", "erst wenn", "solange") or when the marker's ``governs`` words are
    missing from the clause it depends on; otherwise "precondition"."""
    if condition.kind == "exchange":
        return "exchange"
    outside = [c for c in claims if c.clause not in condition.clauses]
    if outside:
        distance = min(abs(c.clause - k) for c in outside for k in condition.clauses)
        governed = [c for c in outside
                    if min(abs(c.clause - k) for k in condition.clauses) == distance]
    else:
        governed = [c for c in claims if c.clause in condition.clauses]
    roles = {codebook.categories[c.category].condition_role for c in governed}
    if "trigger" in roles:
        return "trigger"
    if "term" in roles or not condition.governs:
        return "term"
    return "precondition"


def _cue_claims(parsed: Parsed, context: Context, codebook: Codebook,
                allowed: set[int] | None, plain: bool = False) -> list[Claim]:
    """A claim for every cue firing outside silenced and condition clauses."""
    claims = []
    for cue in parsed.possible_cues(codebook.category_cues):
        for match in match_cue(cue, parsed, codebook, allowed):
            negated = False if plain else is_negated(match, parsed, codebook)
            result = cue.owner if plain else outcome(match, negated, codebook)
            if result is None:
                continue
            modality = _modality(match, negated, parsed, codebook)
            for actor in resolve_actors(match, parsed, context, codebook):
                if cue.other_actor and not plain and not _other_actor_named(
                        match, actor, parsed, context):
                    continue
                target = clause_target([match.clause], actor, parsed, context,
                                       match.indices)
                claims.append(Claim(result, actor, match.clause, [cue.rule], modality,
                                    target=target, tokens=match.indices))
            if negated and result != cue.owner and not plain:
                claims += _owners_claims(match, parsed, context, codebook)
    return claims


def _owners_claims(match: Match, parsed: Parsed, context: Context,
                   codebook: Codebook) -> list[Claim]:
    """A rejected or refused stance still reports its owner's stance: in "wies das
    Gesprächsangebot aus Washington zurück" the USA offer talks."""
    claims = []
    for owner in stance_owners(match, parsed, context, codebook):
        if owner is not None:
            claims.append(Claim(match.cue.owner, owner, match.clause,
                                [f"{match.cue.rule}+owner"], "asserted", tokens=match.indices))
    return claims


def _other_actor_named(match: Match, actor: str | None, parsed: Parsed,
                       context: Context) -> bool:
    """True when the head's clause names an actor other than the claimant (praise of the
    other leader, not of one's own soldiers)."""
    lo, hi = parsed.clauses[match.clause]
    return any(lo <= m.first < hi and m.actor != actor for m in context.mentions)


def _apply_overrides(claims: list[Claim], codebook: Codebook) -> list[Claim]:
    """Drop claims that a firing cue overrides for the same actor in its clause or on the same
    words ("kündigte an, die Gespräche auf Eis zu legen": the talks are not offered)."""
    removed: set[int] = set()
    for claim in claims:
        for rule in claim.rules:
            owner, cue_id = rule.split("/", 1)
            cue_id = cue_id.split("+", 1)[0]  # "CATEGORY/cue+owner": the cue's own rules
            cue = next(c for c in codebook.categories[owner].cues if c.id == cue_id)
            for index, other in enumerate(claims):
                if other.category in cue.overrides and other.actor == claim.actor and (
                        other.clause == claim.clause or other.tokens & claim.tokens):
                    removed.add(index)
    return [claim for index, claim in enumerate(claims) if index not in removed]


def _condition_claims(conditions: list[Condition], claims: list[Claim], parsed: Parsed,
                      context: Context, silent: set[int], codebook: Codebook) -> list[Claim]:
    """A PRECONDITION claim per condition that is a precondition (see :func:`condition_role`),
    plus the categories its types imply (for a trigger: ``implies_as_trigger``)."""
    added = []
    for condition in conditions:
        if condition.clauses & silent:
            continue
        actor = _claimant(condition, claims, parsed, context)
        rule = f"condition:{condition.marker}"
        clause = min(condition.clauses)
        modality = "hypothetical" if condition.marker == "sollte" else "asserted"
        target = clause_target(condition.clauses, actor, parsed, context)
        if condition.role == "precondition":
            added.append(Claim("PRECONDITION", actor, clause, [rule], modality, target))
        for name in condition.types:
            kind = codebook.condition_types[name]
            implied = kind.implies_as_trigger if condition.role == "trigger" else kind.implies
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
    if context.reported_speaker:
        return context.reported_speaker
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

    ``sentences`` needs article_id, sentence_id and text; published is used when present.
    The attribution columns (:data:`ATTRIBUTION_NEEDED`, from
    :func:`korea_notes.attribution.attribute_sentences`) are computed here when the frame lacks
    them, so a bare sentences table is coded exactly as its attributed version (each sentence
    its own paragraph when ``paragraph`` is missing). ``mentions`` defaults to
    :func:`korea_notes.actors.find_mentions` of the sentences. Columns: :data:`CLAIM_COLUMNS`.
    Rows follow the sentences' order, then the codebook's category order, then actor.
    ``plain=True`` is the keyword-only baseline (:func:`code_keywords`).
    """
    rows = [row for _, found in each_sentence_coded(sentences, codebook, mentions, plain)
            for row in found]
    return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))


Reuse = Callable[[dict[str, Any], list[tuple[int, int, Any]], Parsed],
                 list[dict[str, Any]] | None]
"""``reuse(record, mentions, parsed)``: a sentence's claim rows from elsewhere, or None to code
it (``parsed`` is not yet marked, see :func:`korea_notes.cues.parse`)."""


def each_sentence_coded(sentences: pd.DataFrame, codebook: Codebook | None = None,
                        mentions: pd.DataFrame | None = None, plain: bool = False,
                        reuse: Reuse | None = None
                        ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(record, claim rows) of every sentence, in order, as :func:`code_positions` codes them;
    a sentence for which ``reuse`` gives rows is not coded (see :mod:`korea_notes.recoding`)."""
    codebook = codebook or load_codebook()
    sentences, by_sentence = _coding_input(sentences, mentions)
    order = {name: index for index, name in enumerate(codebook.categories)}
    before: dict[Any, tuple[dict[str, Any], list[tuple[int, int, Any]]]] = {}
    for record in sentences.to_dict("records"):
        own = by_sentence.get(record["sentence_id"], [])
        parsed = parse(str(record["text"]), codebook, marked=False)
        found = reuse(record, own, parsed) if reuse is not None else None
        if found is None:
            mark(parsed, codebook)
            found = _sentence_rows(record, codebook, order, plain,
                                   before.get(record["article_id"]),
                                   _in_context(record, own, parsed, codebook))
        yield record, found
        before[record["article_id"]] = (record, own)


def _coding_input(sentences: pd.DataFrame, mentions: pd.DataFrame | None
                 ) -> tuple[pd.DataFrame, dict[Any, list[tuple[int, int, Any]]]]:
    """The sentences checked and attributed, and each sentence's mentions (start, end,
    actor), found here when ``mentions`` is None."""
    _check_columns(sentences)
    sentences = _attributed(sentences)
    if mentions is None:
        from korea_notes.actors import find_mentions
        mentions = find_mentions(_with_mention_columns(sentences))
    by_sentence: dict[Any, list[tuple[int, int, Any]]] = {}
    for sentence_id, start, end, actor in zip(mentions["sentence_id"], mentions["start"],
                                              mentions["end"], mentions["actor"], strict=True):
        by_sentence.setdefault(sentence_id, []).append((start, end, actor))
    return sentences, by_sentence


ATTRIBUTION_NEEDED: tuple[str, ...] = ("actor", "actor_basis", "speech", "reporting_verb",
                                        "addressee")
"""Attribution columns the coder reads; a sentences frame without all of them is attributed
first (:func:`korea_notes.attribution.attribute_sentences`)."""


def _attributed(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences with the attribution columns, attributed here when any is missing."""
    missing = [column for column in ATTRIBUTION_NEEDED if column not in sentences.columns]
    if not missing:
        return sentences
    from korea_notes.attribution import ATTRIBUTION_COLUMNS, attribute_sentences

    present = [column for column in ATTRIBUTION_COLUMNS if column in sentences.columns]
    base = _with_mention_columns(sentences.drop(columns=present))
    if "section" not in base:
        base = base.assign(section="body")
    return attribute_sentences(base)


def _with_mention_columns(sentences: pd.DataFrame) -> pd.DataFrame:
    """The sentences with the columns the mention finder reads, where a minimal table lacks
    them: no date (roles then resolve to no person) and each sentence its own paragraph."""
    defaults = {
        "published": lambda: pd.Series(pd.NaT, index=sentences.index, dtype="datetime64[ns]"),
        "paragraph": lambda: sentences.groupby("article_id", sort=False).cumcount(),
        "sentence": lambda: sentences.groupby("article_id", sort=False).cumcount(),
    }
    missing = {name: make() for name, make in defaults.items() if name not in sentences}
    return sentences.assign(**missing) if missing else sentences


def _check_columns(sentences: pd.DataFrame) -> None:
    """Raise PositionsError when the sentences frame lacks a required column."""
    missing = [column for column in REQUIRED_COLUMNS if column not in sentences.columns]
    if missing:
        raise PositionsError(
            f"the sentences frame lacks column(s) {missing}. Fix: pass the output of "
            "korea_notes.language.split_sentences (ideally after "
            "korea_notes.attribution.attribute_sentences).")


def record_value(record: dict[str, Any], key: str) -> Any:
    """A record's value, with NaN/NaT/missing turned into None."""
    value = record.get(key)
    if value is None or (not isinstance(value, (str, tuple, list)) and pd.isna(value)):
        return None
    return value


def _read(record: dict[str, Any], mention_rows: list[tuple[int, int, Any]],
          codebook: Codebook) -> tuple[Parsed, Context, str]:
    """One sentence parsed, with what the coder knows about it (mentions, attribution)."""
    return _in_context(record, mention_rows, parse(str(record["text"]), codebook), codebook)


def _in_context(record: dict[str, Any], mention_rows: list[tuple[int, int, Any]],
                    parsed: Parsed, codebook: Codebook) -> tuple[Parsed, Context, str]:
    """A parsed sentence with what the coder knows about it (mentions, attribution) and its
    speech form; what :func:`_sentence_rows` reads."""
    speech = record_value(record, "speech") or fallback_speech(parsed, codebook)
    actor = record_value(record, "actor")
    context = Context(mentions_on_tokens(parsed, mention_rows), speech, actor, actor,
                      record_value(record, "addressee"), record_value(record, "actor_basis"),
                      reporting_clause=_reporting_clause(
                          parsed, record_value(record, "reporting_verb")))
    return parsed, context, speech


def _sentence_rows(record: dict[str, Any], codebook: Codebook, order: dict[str, int],
                   plain: bool,
                   before: tuple[dict[str, Any], list[tuple[int, int, Any]]] | None,
                   read: tuple[Parsed, Context, str]) -> list[dict[str, Any]]:
    """The claim rows of one sentence, read as :func:`_in_context` gives it, in codebook
    category order; ``before`` is the sentence before it in its article (record and
    mentions), read for "Andernfalls ..."."""
    parsed, context, speech = read
    claims, conditions = code_sentence(parsed, context, codebook, plain)
    if before is not None and not plain and claims:
        claims = _merge(claims + _otherwise_claims(parsed, claims, before, codebook))
    published = record_value(record, "published")
    tenses = {clause: sentence_tense(parsed, published, codebook, clause)
              for clause in {claim.clause for claim in claims}}
    reciprocal = any_in(codebook.reciprocal, parsed, 0, len(parsed.tokens),
                         codebook.settings["phrase_gap"])
    rows = [_row(record, claim, conditions, claims, context, speech, tenses[claim.clause],
                 reciprocal) for claim in claims]
    return sorted(rows, key=lambda row: (order[row["category"]], str(row["actor"])))


def _otherwise_claims(parsed: Parsed, claims: list[Claim],
                      before: tuple[dict[str, Any], list[tuple[int, int, Any]]],
                      codebook: Codebook) -> list[Claim]:
    """For a sentence opening with "Andernfalls", "Sonst" ... (``conditionality.otherwise``):
    what it threatens hangs on the demands of the sentence before, so it states them too, for
    its own actor (categories ``conditionality.otherwise_carries``)."""
    first = next((token for token in parsed.tokens if token.is_word), None)
    if first is None or first.lower not in codebook.otherwise:
        return []
    previous, previous_context, _ = _read(*before, codebook)
    demands, _ = code_sentence(previous, previous_context, codebook)
    actor = claims[0].actor
    return [Claim(demand.category, actor, 0, [f"otherwise+{rule}" for rule in demand.rules],
                  demand.modality, claims[0].target)
            for demand in demands if demand.category in codebook.otherwise_carries]


def _reporting_clause(parsed: Parsed, verb: str | None) -> int | None:
    """The clause holding the attribution's reporting verb (by its lemma), or None."""
    if not verb:
        return None
    for token in parsed.tokens:
        if verb.lower() in token.keys:
            return token.clause
    return None


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
        "article_id": record["article_id"], "published": record_value(record, "published"),
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
    from korea_notes.attribution import attribute_sentences
    from korea_notes.cleaning import clean_articles
    from korea_notes.language import split_sentences

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

