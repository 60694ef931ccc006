"""Who speaks: the claimant and addressee of every sentence, read article by article.

The public steps work on a sentences table (``article_id``, ``published``, ``sentence_id``,
``sentence``, ``paragraph``, ``section``, ``text``, as made by
``korea_notes.language.split_sentences``), read article by article in order:

- :func:`attribute_sentences`: the claimant of every sentence (the actor whose position it
  states) and the addressee;
- :func:`analyse_articles`: the same reading, as the sentence analyses, claimant decisions and
  quotation records that :func:`korea_notes.quotes.find_quotes` (quotations and reported speech
  with their speakers) turns into a table;
- :func:`voices_per_article`: who is mentioned, who speaks and who is spoken about.

How often the claimant agrees with the reference coding is measured by
:func:`korea_notes.reference.attribution_accuracy`. Sentence-level analysis (quotation marks,
reporting frames, mood) is :mod:`korea_notes.speech`'s.

How the claimant is chosen, in this order (the ``actor_basis`` column says which rule decided):

1. ``quote_speaker``: a sentence opening with a name and a colon ("Kerry: China soll ...") is
   that actor's; otherwise the sentence is, or contains, speech whose speaker is named in a
   reporting frame of this sentence (", sagte Kim", "Kim erklärte, ...", "so Trump weiter", "Biegun
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
   main clause is reported speech (Konjunktiv I) with no speaker anywhere before; except that a
   subjunctive sentence whose subject is a pronoun for a person named before ("Dort wolle er
   ...") is that person's (``subject``), and one without an actor subject ("Man werde ...")
   after a sentence about an actor, or after an actor's speech act without a frame ("Putin hat
   sich für Garantien ausgesprochen.", "Kim hielt eine Rede."), goes on with that actor
   (``carried_over``).

A source named with "laut", "nach Angaben" or "zufolge" in an indicative sentence is evidence,
not the speaker: "Nach Angaben der KCNA lehnte Kim Yo Jong das Angebot ab" is Kim Yo Jong's
position (rule 3); the source decides only when no subject actor is found. In the subjunctive
("Biegun zufolge richte sich ...") the source is the speaker (rule 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from korea_notes.actors import Lexicon, Mention, default_lexicon, sentence_mentions
from korea_notes.speech import (
    Analysis,
    Candidate,
    Frame,
    analyse_sentence,
    is_adjective,
    quotation_spans,
    reporting_at,
    speaker_candidates,
)
from korea_notes.speech_rules import SpeechRules, default_speech_rules

ATTRIBUTION_COLUMNS: tuple[str, ...] = (
    "actor", "actor_basis", "speaker", "person", "speech", "reporting_verb", "addressee",
    "mentioned_actors",
)
SENTENCE_COLUMNS: tuple[str, ...] = ("article_id", "published", "sentence_id", "text")


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
    while j < len(tokens) and is_adjective(tokens[j], rules):
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
    end = len(info.tokens)
    candidates = speaker_candidates(info, info.main_start, end, rules, main_only=True) \
        or speaker_candidates(info, info.main_start, end, rules)
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
        subject = _subject(info, context, rules)
        if subject is not None and subject.actor is not None \
                and subject.surface.lower() in rules.pronouns:
            # "Er sei bereit, Kim zu treffen" with no frame: the person "er" points to states
            # it (a named subject may be the one spoken about: "Washington liege falsch").
            return Attribution(subject.actor, "subject", None, "indirect", subject=subject)
        topic = context.topic if info.row["section"] == "body" else None
        if topic is not None and topic.actor and subject is None:
            # "Man werde ...", "Es gebe ..." after a sentence about an actor: the reported
            # words go on with the actor the article is about, as a reader takes them.
            return Attribution(topic.actor, "carried_over", topic, "indirect", carried=True)
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
        attribution = _colon_quote(index, infos, attributions) or _name_colon(info) \
            or _attribute(info, context, rules)
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
    elif not spoke and attribution.basis == "subject" and attribution.subject is not None \
            and (_any_reporting_verb(info) or _speech_noun(info, default_speech_rules())):
        # "Putin hat sich für Garantien ausgesprochen.", "Kim hielt eine Rede vor Offizieren."
        # The subjunctive sentence after it ("Eine Abrüstung sei nicht möglich, ...") carries
        # on what the subject said.
        context.last_speaker = attribution.subject
        spoke = True
    context.chain = spoke and info.row["section"] == "body"
    if attribution.actor is not None:
        context.topic = attribution.speaker or Speaker(attribution.actor, None,
                                                       attribution.actor)


def _subject_person(info: Analysis, actor: str) -> Speaker | None:
    for mention in info.mentions:
        if mention.actor == actor and mention.person and not info.in_quote(mention):
            return _speaker_of_mention(mention)
    return Speaker(actor, None, actor)


def _name_colon(info: Analysis) -> Attribution | None:
    """A headline or sentence that opens with a name and a colon ("Kerry: China soll Kim Druck
    machen", "Kim: Atomwaffen nicht verhandelbar") gives the words after it to that actor."""
    tokens = info.tokens
    colon = next((i for i, token in enumerate(tokens[:5]) if token.text == ":"), None)
    if colon is None or colon + 1 >= len(tokens) or not info.mentions:
        return None
    mention = info.mentions[0]
    if info.mention_token[0] != 0 or info.in_quote(mention) or not mention.actor \
            or any(t.text[:1].isalnum() and i not in info.covered
                   for i, t in enumerate(tokens[:colon])):
        return None
    speaker = _speaker_of_mention(mention)
    return Attribution(speaker.actor, "quote_speaker", speaker, "indirect", None,
                       Frame("colon", None, None, (tokens[colon].end, len(info.row["text"]))))


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


def _speech_noun(info: Analysis, rules: SpeechRules) -> bool:
    """True when the sentence names a speech of its own outside quotation marks ("hielt eine
    Rede", "veröffentlichte eine Erklärung"): a noun of ``source_nouns`` after an article."""
    tokens = info.tokens
    return any(token.text in rules.source_nouns and not token.quote and i > 0
               and tokens[i - 1].lower in rules.determiners for i, token in enumerate(tokens))


def _any_reporting_verb(info: Analysis) -> str | None:
    rules = default_speech_rules()
    for i in range(len(info.tokens)):
        lemma, _ = reporting_at(info.tokens, i, rules)
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
    lemma, _ = reporting_at(tokens, 1, rules)
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


def analyse_articles(sentences: pd.DataFrame, lexicon: Lexicon | None = None,
                     rules: SpeechRules | None = None
                     ) -> list[tuple[list[Analysis], list[Attribution], list[QuoteRecord]]]:
    """Per article, in order: the analysis of each sentence, its claimant decision and the
    article's quotation records (what :func:`attribute_sentences` and
    :func:`korea_notes.quotes.find_quotes` are made from)."""
    lexicon = lexicon or default_lexicon()
    rules = rules or default_speech_rules()
    return [_analyse_article(rows, lexicon, rules) for rows in _rows_by_article(sentences)]


def none_for_missing(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """The frame with missing values (NaN, NaT) of ``columns`` as None, in object columns."""
    for column in columns:
        frame[column] = frame[column].astype(object)
        frame.loc[frame[column].isna(), column] = None
    return frame


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
    for infos, attributions, _ in analyse_articles(sentences, lexicon, rules):
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
    return none_for_missing(result, ("actor", "speaker", "person", "reporting_verb",
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


