"""Cleaning: separate article prose from page furniture, repair spelling slips, report it all.

The knowledge lives in ``cleaning_rules.yml`` beside this module (documented at its top): each
rule recognises one kind of noise by its form (captions, credits, bylines, video teasers, date
lines, repeated headlines) or repairs one kind of slip (name misspellings, glued words). Every
removal and replacement is reported with its span in the raw text, so that each kept sentence
can be traced back to the file it came from.

Public functions:

- :func:`clean_articles` -- the clean articles and the table of changes
- :func:`paragraphs` -- one row per kept paragraph, with its spans in clean and raw text
- :func:`normalise` -- the inline repairs alone, for matching quotes of the raw text
- :func:`load_rules` -- the validated rules (raises :class:`RulesError`)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from korea_notes.paths import PACKAGE_DIR
from korea_notes.problems import ProblemsError

RULES_FILE: Path = PACKAGE_DIR / "cleaning_rules.yml"
"""The rules used when no other file is given."""

KEPT_SECTIONS: tuple[str, ...] = ("headline", "teaser", "crosshead", "body")
"""Labels of the paragraphs that stay in ``clean_text``."""

CHANGE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "rule",
    "kind",
    "section",
    "raw_start",
    "raw_end",
    "text",
    "replacement",
    "reason",
)
PARAGRAPH_COLUMNS: tuple[str, ...] = (
    "article_id",
    "paragraph",
    "section",
    "start",
    "end",
    "text",
    "raw_start",
    "raw_end",
)

ACTIONS: tuple[str, ...] = ("strip", "remove", "label", "deduplicate", "replace")
_REQUIRED: dict[str, frozenset[str]] = {
    "strip": frozenset({"at"}),
    "remove": frozenset({"section"}),
    "label": frozenset({"section", "where"}),
    "deduplicate": frozenset({"section", "min_overlap"}),
    "replace": frozenset({"replacement"}),
}
_OPTIONAL: dict[str, frozenset[str]] = {
    "strip": frozenset({"section", "label_rest"}),
    "remove": frozenset({"where", "unless", "max_words", "max_sentences", "claim_before"}),
    "label": frozenset({"unless", "max_words", "max_sentences"}),
    "deduplicate": frozenset({"unless"}),
    "replace": frozenset(),
}
_COMMON_FIELDS = ("name", "action", "pattern", "reason")
_WHERE: dict[str, tuple[str, ...]] = {
    "remove": ("any", "first", "last", "not_last"),
    "label": ("lead", "after_headline", "inside"),
}
_CLAIM_FIELDS = frozenset(
    {"max", "first_any", "pattern", "max_words", "max_sentences", "max_prose", "section"}
)
_NAME = re.compile(r"[a-z][a-z0-9_]*")

_PROSE_END = re.compile(r"[.!?…][\"“”»«'’)]*$")
_SENTENCE_BREAK = re.compile(
    r"(?<![0-9])(?<!\b[A-Za-zÄÖÜäöü])[.!?…][\"“”»«'’)]*\s+(?=[\"„“»«'(]?[A-ZÄÖÜ])"
)
_WORD = re.compile(r"[^\W\d_]+")


class RulesError(ProblemsError):
    """The cleaning rules cannot be used as written; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        super().__init__(f"the cleaning rules {source}", problems)


@dataclass(frozen=True)
class Claim:
    """How a removal rule takes along the paragraphs before it (``claim_before``)."""

    max: int
    first_any: bool = False
    pattern: re.Pattern[str] | None = None
    max_words: int | None = None
    max_sentences: int | None = None
    max_prose: int | None = None
    section: str | None = None


@dataclass(frozen=True)
class Rule:
    """One validated rule of ``cleaning_rules.yml``; fields as documented in that file."""

    name: str
    action: str
    pattern: re.Pattern[str]
    reason: str
    line: int
    section: str | None = None
    at: str | None = None
    label_rest: str | None = None
    where: str = "any"
    unless: re.Pattern[str] | None = None
    max_words: int | None = None
    max_sentences: int | None = None
    claim_before: Claim | None = None
    min_overlap: float | None = None
    replacement: str | None = None


# --- loading and validating the rules ----------------------------------------------------------


def load_rules(path: str | Path | None = None) -> tuple[Rule, ...]:
    """Read and validate the cleaning rules (default: ``cleaning_rules.yml`` in the package).

    Raises :class:`RulesError` listing every problem, each with the rule's name and line and
    what to do about it.
    """
    source = Path(path) if path is not None else RULES_FILE
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(str(source), [f"cannot be read ({error}). Fix: check the path"]) from None
    return _parse_rules(text, str(source))


@functools.lru_cache(maxsize=8)
def _parse_rules(text: str, source: str) -> tuple[Rule, ...]:
    """Rules from the YAML text ``text`` of the file ``source`` (cached by content)."""
    try:
        document = yaml.safe_load(text)
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise RulesError(source, [_yaml_problem(error)]) from None
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise RulesError(
            source, ["the file must be a mapping with a list under 'rules'. Fix: see its header"]
        )
    lines = _rule_lines(tree)
    rules: list[Rule] = []
    problems: list[str] = []
    for index, entry in enumerate(document["rules"]):
        line = lines[index] if index < len(lines) else 0
        rule, found = _build_rule(entry, index, line)
        problems += found
        if rule is not None:
            rules.append(rule)
    problems += _duplicate_names(rules)
    if problems:
        raise RulesError(source, problems)
    return tuple(rules)


def _yaml_problem(error: yaml.YAMLError) -> str:
    """A readable problem for a YAML syntax error, at the line where the faulty part starts."""
    mark = getattr(error, "problem_mark", None)
    start = getattr(error, "context_mark", None)
    where = f"line {mark.line + 1}: " if mark is not None else ""
    if mark is not None and start is not None and start.line != mark.line:
        where = f"line {mark.line + 1} (in the part starting on line {start.line + 1}): "
    what = " ".join(
        filter(None, [getattr(error, "context", None), getattr(error, "problem", None)])
    )
    return f"{where}not valid YAML ({what or error}). Fix: correct the YAML syntax there"


def _rule_lines(tree: yaml.Node | None) -> list[int]:
    """The 1-based line on which each entry of the ``rules`` list starts."""
    if not isinstance(tree, yaml.MappingNode):
        return []
    for key, value in tree.value:
        if key.value == "rules" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _build_rule(entry: Any, index: int, line: int) -> tuple[Rule | None, list[str]]:
    """A :class:`Rule` from one YAML entry, or ``None`` and the problems found in it."""
    label = f"rule #{index + 1} (line {line})"
    if not isinstance(entry, dict):
        return None, [f"{label}: is not a mapping. Fix: write 'name:', 'pattern:', ... under '-'"]
    name = entry.get("name")
    if isinstance(name, str) and name:
        label = f"rule {name!r} (line {line})"
    problems = _field_problems(entry, label)
    if problems:
        return None, problems
    action = entry["action"]
    pattern, found = _compile(entry["pattern"], "pattern", label)
    problems += found
    unless, found = _compile(entry.get("unless"), "unless", label)
    problems += found
    claim, found = _build_claim(entry.get("claim_before"), label)
    problems += found
    problems += _value_problems(entry, label)
    if pattern is not None and action == "replace":
        problems += _replacement_problems(pattern, entry["replacement"], label)
    if problems or pattern is None:
        return None, problems
    return _make_rule(entry, pattern, unless, claim, line), []


def _field_problems(entry: dict, label: str) -> list[str]:
    """Missing, unknown or mistyped fields of one rule entry."""
    problems = []
    missing = [key for key in _COMMON_FIELDS if not entry.get(key)]
    if missing:
        problems.append(
            f"{label}: missing {', '.join(missing)}. Fix: every rule needs "
            "name, action, pattern and reason"
        )
    action = entry.get("action")
    if action is not None and action not in ACTIONS:
        return problems + [
            f"{label}: unknown action {action!r}. Fix: use one of {', '.join(ACTIONS)}"
        ]
    if action is None:
        return problems
    for key in sorted(_REQUIRED[action] - entry.keys()):
        problems.append(f"{label}: action {action!r} needs {key!r}. Fix: add it")
    allowed = set(_COMMON_FIELDS) | _REQUIRED[action] | _OPTIONAL[action]
    for key in sorted(set(entry) - allowed, key=str):
        problems.append(
            f"{label}: field {key!r} is not known for action {action!r}. "
            f"Fix: remove it or use one of {', '.join(sorted(allowed))}"
        )
    for key in ("name", "pattern", "reason", "section", "unless", "label_rest", "replacement"):
        if key in entry and not isinstance(entry[key], str):
            problems.append(f"{label}: {key!r} must be text. Fix: quote it ('...')")
    return problems


def _value_problems(entry: dict, label: str) -> list[str]:
    """Values of a structurally complete entry that are not allowed."""
    action, problems = entry["action"], []
    if not _NAME.fullmatch(entry["name"]):
        problems.append(f"{label}: name must be snake_case. Fix: e.g. 'video_teaser_stamp'")
    if action == "strip" and entry["at"] not in ("start", "end"):
        problems.append(f"{label}: 'at' is {entry['at']!r}. Fix: use start or end")
    if action in _WHERE and entry.get("where", "any") not in _WHERE[action]:
        problems.append(
            f"{label}: 'where' is {entry.get('where')!r}. "
            f"Fix: for {action} use one of {', '.join(_WHERE[action])}"
        )
    section = entry.get("section")
    if action == "label" and section not in KEPT_SECTIONS:
        problems.append(
            f"{label}: a label rule must name a kept section. Fix: use headline, "
            "teaser or crosshead"
        )
    if action in ("remove", "deduplicate") and section in KEPT_SECTIONS:
        problems.append(
            f"{label}: section {section!r} is a kept label. Fix: name what is removed, e.g. caption"
        )
    if "label_rest" in entry and entry["label_rest"] not in KEPT_SECTIONS:
        problems.append(f"{label}: 'label_rest' must be a kept section. Fix: e.g. teaser")
    for key in ("max_words", "max_sentences"):
        problems += _count_problems(entry.get(key), key, label)
    overlap = entry.get("min_overlap")
    if action == "deduplicate" and not (
        isinstance(overlap, int | float) and not isinstance(overlap, bool) and 0 < overlap <= 1
    ):
        problems.append(f"{label}: 'min_overlap' is {overlap!r}. Fix: a number above 0, at most 1")
    return problems


def _count_problems(value: Any, key: str, label: str) -> list[str]:
    """Problems of an optional positive whole number."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        return []
    return [f"{label}: {key!r} is {value!r}. Fix: a whole number of at least 1"]


def _compile(source: Any, key: str, label: str) -> tuple[re.Pattern[str] | None, list[str]]:
    """The compiled regex of field ``key``, or the problem with it."""
    if source is None:
        return None, []
    try:
        return re.compile(source), []
    except re.error as error:
        return None, [
            f"{label}: {key} {source!r} is not a valid regular expression ({error}). "
            "Fix: correct it (Python re syntax; in YAML write it in single quotes)"
        ]


def _replacement_problems(pattern: re.Pattern[str], replacement: str, label: str) -> list[str]:
    """Group references in ``replacement`` that ``pattern`` cannot fill."""
    try:
        probe = re.compile(f"(?:{pattern.pattern})|")
    except re.error:
        return []
    try:
        probe.match("").expand(replacement)
    except (re.error, IndexError) as error:
        return [
            f"{label}: replacement {replacement!r} does not fit the pattern ({error}). "
            r"Fix: refer only to groups the pattern has (\1, \g<name>)"
        ]
    return []


def _build_claim(value: Any, label: str) -> tuple[Claim | None, list[str]]:
    """The ``claim_before`` mapping as a :class:`Claim`, or its problems."""
    if value is None:
        return None, []
    if not isinstance(value, dict):
        return None, [f"{label}: 'claim_before' must be a mapping. Fix: see the file's header"]
    problems = [
        f"{label}: claim_before field {key!r} is not known. "
        f"Fix: use {', '.join(sorted(_CLAIM_FIELDS))}"
        for key in sorted(set(value) - _CLAIM_FIELDS, key=str)
    ]
    if "max" not in value:
        problems.append(f"{label}: claim_before needs 'max'. Fix: add how many paragraphs")
    for key in ("max", "max_words", "max_sentences", "max_prose"):
        problems += _count_problems(value.get(key), f"claim_before {key}", label)
    pattern, found = _compile(value.get("pattern"), "claim_before pattern", label)
    problems += found
    if problems:
        return None, problems
    return Claim(
        max=value["max"],
        first_any=bool(value.get("first_any", False)),
        pattern=pattern,
        max_words=value.get("max_words"),
        max_sentences=value.get("max_sentences"),
        max_prose=value.get("max_prose"),
        section=value.get("section"),
    ), []


def _make_rule(
    entry: dict,
    pattern: re.Pattern[str],
    unless: re.Pattern[str] | None,
    claim: Claim | None,
    line: int,
) -> Rule:
    """A :class:`Rule` from an entry already checked; strip patterns are anchored here."""
    if entry["action"] == "strip":
        anchored = f"(?:{pattern.pattern})" + (r"\Z" if entry["at"] == "end" else "")
        pattern = re.compile(anchored)
    return Rule(
        name=entry["name"],
        action=entry["action"],
        pattern=pattern,
        reason=" ".join(entry["reason"].split()),
        line=line,
        section=entry.get("section"),
        at=entry.get("at"),
        label_rest=entry.get("label_rest"),
        where=entry.get("where", "any"),
        unless=unless,
        max_words=entry.get("max_words"),
        max_sentences=entry.get("max_sentences"),
        claim_before=claim,
        min_overlap=entry.get("min_overlap"),
        replacement=entry.get("replacement"),
    )


def _duplicate_names(rules: list[Rule]) -> list[str]:
    """A problem for every rule whose name an earlier rule already uses."""
    seen: dict[str, int] = {}
    problems = []
    for rule in rules:
        if rule.name in seen:
            problems.append(
                f"rule {rule.name!r} (line {rule.line}): the name is already used on line "
                f"{seen[rule.name]}. Fix: give each rule its own name"
            )
        seen.setdefault(rule.name, rule.line)
    return problems


# --- paragraphs and their classification ------------------------------------------------------


@dataclass
class _Paragraph:
    """One paragraph of a raw text while it is being classified."""

    start: int
    end: int
    text: str
    section: str | None = None
    removed: bool = False
    lead: bool = False
    rule: Rule | None = None
    pending_label: str | None = None


@dataclass(frozen=True)
class _Edit:
    """One inline replacement: ``text[start:end]`` becomes ``replacement``."""

    start: int
    end: int
    text: str
    replacement: str
    rule: Rule


@dataclass
class _Change:
    """One row of the changes table before its section is known."""

    rule: Rule
    kind: str
    start: int
    end: int
    text: str
    replacement: str
    paragraph: _Paragraph
    section: str | None = None


@dataclass
class _Article:
    """The paragraphs of one article and the changes made to them."""

    paragraphs: list[_Paragraph]
    changes: list[_Change] = field(default_factory=list)

    def kept(self) -> list[_Paragraph]:
        """Paragraphs not removed, in order."""
        return [paragraph for paragraph in self.paragraphs if not paragraph.removed]

    def remove(self, paragraph: _Paragraph, rule: Rule, section: str) -> None:
        """Drop ``paragraph`` and report it."""
        paragraph.removed, paragraph.section, paragraph.rule = True, section, rule
        self.changes.append(
            _Change(
                rule,
                "remove",
                paragraph.start,
                paragraph.end,
                paragraph.text,
                "",
                paragraph,
                section,
            )
        )


def _split_paragraphs(raw: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``raw``: runs of non-blank lines, separated by blank lines."""
    spans: list[tuple[int, int]] = []
    start = end = None
    for match in re.finditer(r"[^\n]*(?:\n|$)", raw):
        line = match.group().rstrip("\n")
        if not line.strip():
            if start is not None:
                spans.append((start, end))
                start = None
            continue
        if start is None:
            start = match.start()
        end = match.start() + len(line)
        if match.end() == len(raw):
            break
    if start is not None:
        spans.append((start, end))
    return spans


def _count_sentences(text: str) -> int:
    """A rough count of sentences (see the header of ``cleaning_rules.yml``)."""
    return len(_SENTENCE_BREAK.findall(text)) + 1 if text.strip() else 0


def _fits(
    text: str,
    pattern: re.Pattern[str] | None,
    unless: re.Pattern[str] | None = None,
    max_words: int | None = None,
    max_sentences: int | None = None,
) -> bool:
    """Whether ``text`` has the form these conditions describe."""
    if pattern is not None and not pattern.search(text):
        return False
    if unless is not None and unless.search(text):
        return False
    if max_words is not None and len(text.split()) > max_words:
        return False
    return max_sentences is None or _count_sentences(text) <= max_sentences


def _rule_fits(rule: Rule, text: str) -> bool:
    """Whether ``rule``'s pattern and limits fit the paragraph ``text``."""
    return _fits(text, rule.pattern, rule.unless, rule.max_words, rule.max_sentences)


def _strip(article: _Article, rules: Iterable[Rule]) -> None:
    """Stage 1: cut matching prefixes and suffixes off every paragraph."""
    for paragraph in article.paragraphs:
        for rule in rules:
            match = (
                rule.pattern.match(paragraph.text)
                if rule.at == "start"
                else (rule.pattern.search(paragraph.text))
            )
            if match is None or match.end() == match.start():
                continue
            start, end = paragraph.start + match.start(), paragraph.start + match.end()
            article.changes.append(
                _Change(rule, "remove", start, end, match.group(), "", paragraph, rule.section)
            )
            if rule.at == "start":
                paragraph.start, paragraph.text = end, paragraph.text[match.end() :]
                paragraph.pending_label = rule.label_rest or paragraph.pending_label
            else:
                paragraph.end, paragraph.text = start, paragraph.text[: match.start()]
        if not paragraph.text:
            paragraph.removed = True


def _where_fits(rule: Rule, index: int, article: _Article) -> bool:
    """Whether paragraph ``index`` is in the place a removal rule allows."""
    before, after = article.paragraphs[:index], article.paragraphs[index + 1 :]
    if rule.where == "first":
        return all(paragraph.removed for paragraph in before)
    if rule.where == "last":
        return all(paragraph.removed for paragraph in after)
    if rule.where == "not_last":
        return any(not paragraph.removed for paragraph in after)
    return True


def _remove_by_form(article: _Article, rules: Iterable[Rule]) -> None:
    """Stage 2: drop whole paragraphs whose form a removal rule describes."""
    rules = tuple(rules)
    for index, paragraph in enumerate(article.paragraphs):
        if paragraph.removed:
            continue
        for rule in rules:
            if _where_fits(rule, index, article) and _rule_fits(rule, paragraph.text):
                article.remove(paragraph, rule, rule.section or "")
                break
    for paragraph in article.kept():
        if paragraph.pending_label and _PROSE_END.search(paragraph.text):
            paragraph.section = paragraph.pending_label


def _label_lead(article: _Article, rules: Iterable[Rule]) -> None:
    """Stage 3: label the leading short lines (the headline block)."""
    rules = tuple(rules)
    for paragraph in article.kept():
        rule = next((rule for rule in rules if _rule_fits(rule, paragraph.text)), None)
        if paragraph.section is not None or rule is None:
            return
        paragraph.section, paragraph.rule, paragraph.lead = rule.section, rule, True


def _words(text: str) -> set[str]:
    """The lower-cased words of ``text``."""
    return {word.lower() for word in _WORD.findall(text)}


def _deduplicate(article: _Article, rules: Iterable[Rule]) -> None:
    """Stage 4: drop a lead line that repeats an earlier one; the first is kept."""
    for rule in rules:
        earlier: list[set[str]] = []
        for paragraph in [p for p in article.kept() if p.lead]:
            words = _words(paragraph.text)
            if _rule_fits(rule, paragraph.text) and any(
                _overlap(words, other) >= (rule.min_overlap or 1.0) for other in earlier
            ):
                article.remove(paragraph, rule, rule.section or "")
            else:
                earlier.append(words)


def _overlap(later: set[str], earlier: set[str]) -> float:
    """Share of the later headline's words that the earlier one already has."""
    return len(later & earlier) / len(later) if later else 0.0


def _label_after_headline(article: _Article, rules: Iterable[Rule]) -> None:
    """Stage 5: label the paragraph right after the headline block (the teaser)."""
    leads = [index for index, paragraph in enumerate(article.paragraphs) if paragraph.lead]
    if not leads:
        return
    following = [p for p in article.paragraphs[leads[-1] + 1 :] if not p.removed]
    if not following or following[0].section is not None:
        return
    for rule in rules:
        if _rule_fits(rule, following[0].text):
            following[0].section, following[0].rule = rule.section, rule
            return


def _claim_before(article: _Article, rules: Iterable[Rule]) -> None:
    """Stage 6: drop the paragraphs that belong to a removed one (``claim_before``)."""
    names = {rule.name for rule in rules}
    for index, paragraph in enumerate(article.paragraphs):
        rule = paragraph.rule
        if not paragraph.removed or rule is None or rule.name not in names:
            continue
        if rule.claim_before is not None:
            _claim(article, index, rule, rule.claim_before)


def _claim(article: _Article, index: int, rule: Rule, claim: Claim) -> None:
    """Walk back from paragraph ``index`` and remove what ``claim`` describes."""
    taken = prose = 0
    for paragraph in reversed(article.paragraphs[:index]):
        if taken >= claim.max:
            return
        if paragraph.removed:
            continue
        if paragraph.section is not None:
            return
        first = taken == 0 and claim.first_any
        if not first and not _fits(
            paragraph.text, claim.pattern, None, claim.max_words, claim.max_sentences
        ):
            return
        is_prose = bool(_PROSE_END.search(paragraph.text))
        if claim.max_prose is not None and is_prose and prose >= claim.max_prose:
            return
        article.remove(paragraph, rule, claim.section or rule.section or "")
        taken += 1
        prose += is_prose


def _label_inside(article: _Article, rules: Iterable[Rule]) -> None:
    """Stage 7: label short lines between kept paragraphs (crossheads)."""
    rules = tuple(rules)
    kept = article.kept()
    for position, paragraph in enumerate(kept):
        if paragraph.section is not None or position == len(kept) - 1:
            continue
        if not any(other.section != "headline" for other in kept[:position]):
            continue
        for rule in rules:
            if _rule_fits(rule, paragraph.text):
                paragraph.section, paragraph.rule = rule.section, rule
                break


def _classify(article: _Article, rules: tuple[Rule, ...]) -> None:
    """Run stages 1-8 on ``article`` (see the header of ``cleaning_rules.yml``)."""

    def chosen(action: str, where: str | None = None) -> list[Rule]:
        return [r for r in rules if r.action == action and (where is None or r.where == where)]

    _strip(article, chosen("strip"))
    _remove_by_form(article, chosen("remove"))
    _label_lead(article, chosen("label", "lead"))
    _deduplicate(article, chosen("deduplicate"))
    _label_after_headline(article, chosen("label", "after_headline"))
    _claim_before(article, chosen("remove"))
    _label_inside(article, chosen("label", "inside"))
    for paragraph in article.kept():
        paragraph.section = paragraph.section or "body"


# --- inline replacements -----------------------------------------------------------------------


def _inline_edits(text: str, rules: Iterable[Rule]) -> list[_Edit]:
    """The replacements the ``replace`` rules make in ``text``, in order of position.

    Every rule is matched against the unchanged text; where two matches overlap, the rule
    listed first in the file wins.
    """
    edits: list[_Edit] = []
    for rule in rules:
        for match in rule.pattern.finditer(text):
            new = _Edit(
                match.start(),
                match.end(),
                match.group(),
                match.expand(rule.replacement or ""),
                rule,
            )
            if new.text != new.replacement and not any(_overlaps(new, old) for old in edits):
                edits.append(new)
    return sorted(edits, key=lambda edit: (edit.start, edit.end))


def _overlaps(first: _Edit, second: _Edit) -> bool:
    """Whether two edits touch the same characters (or insert at the same point)."""
    if first.start == first.end or second.start == second.end:
        return first.start == second.start
    return first.start < second.end and second.start < first.end


def _apply_edits(text: str, edits: list[_Edit]) -> str:
    """``text`` with ``edits`` (sorted, not overlapping) applied."""
    pieces, position = [], 0
    for edit in edits:
        pieces += [text[position : edit.start], edit.replacement]
        position = edit.end
    return "".join(pieces) + text[position:]


def normalise(text: str, rules_path: str | Path | None = None) -> str:
    """``text`` with only the inline repairs applied (name misspellings, glued words, ...).

    Reference quotes quote the raw text; ``normalise(quote)`` is what the clean text says.
    """
    rules = [rule for rule in load_rules(rules_path) if rule.action == "replace"]
    return _apply_edits(text, _inline_edits(text, rules))


# --- the public tables -------------------------------------------------------------------------


def clean_articles(
    articles: pd.DataFrame, rules_path: str | Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every article and report each change.

    ``articles`` needs ``article_id`` and ``raw_text`` (as from ``corpus.load_articles``).
    Returns ``(clean, changes)``:

    ``clean``: every column of ``articles`` (same rows, same order) plus

    - ``clean_text`` (str): the kept paragraphs, repaired, joined by ``"\\n\\n"``
    - ``sections`` (tuple of str): one label per paragraph of ``clean_text`` (headline, teaser,
      crosshead, body)
    - ``raw_spans`` (tuple of (int, int)): per paragraph of ``clean_text``, its span in
      ``raw_text`` (before the reported replacements inside it)

    ``changes``: one row per change, in article order, then by position:

    - ``article_id`` (str); ``rule`` (str): the rule's name; ``kind`` (str): remove | replace
    - ``section`` (str): label of what was removed (caption, credit, byline, video_teaser,
      dateline, duplicate_headline, ...) or of the paragraph a replacement or strip was made in
    - ``raw_start``, ``raw_end`` (int): span in ``raw_text``; ``text`` (str): the raw text there
    - ``replacement`` (str): the new text ("" for removals); ``reason`` (str): from the rule
    """
    missing = [column for column in ("article_id", "raw_text") if column not in articles]
    if missing:
        raise ValueError(
            f"articles lacks column(s) {', '.join(missing)}; "
            "pass the table from korea_notes.corpus.load_articles()"
        )
    rules = load_rules(rules_path)
    replace_rules = [rule for rule in rules if rule.action == "replace"]
    texts, sections, spans, rows = [], [], [], []
    for article_id, raw in zip(articles["article_id"], articles["raw_text"], strict=True):
        if not isinstance(raw, str):
            raise ValueError(
                f"article {article_id}: raw_text is {raw!r}, not text; "
                "reload the corpus with korea_notes.corpus.load_articles()"
            )
        article = _Article([_Paragraph(s, e, raw[s:e]) for s, e in _split_paragraphs(raw)])
        _classify(article, rules)
        text, labels, raw_spans = _repair(article, replace_rules)
        texts.append(text)
        sections.append(labels)
        spans.append(raw_spans)
        rows += _change_rows(str(article_id), article.changes)
    clean = articles.copy().reset_index(drop=True)
    clean["clean_text"] = pd.Series(texts, dtype=object)
    clean["sections"] = pd.Series(sections, dtype=object)
    clean["raw_spans"] = pd.Series(spans, dtype=object)
    return clean, _changes_frame(rows)


def _repair(
    article: _Article, rules: list[Rule]
) -> tuple[str, tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Apply the inline repairs to the kept paragraphs; record them as changes."""
    texts, labels, spans = [], [], []
    for paragraph in article.kept():
        edits = _inline_edits(paragraph.text, rules)
        for edit in edits:
            article.changes.append(
                _Change(
                    edit.rule,
                    "replace",
                    paragraph.start + edit.start,
                    paragraph.start + edit.end,
                    edit.text,
                    edit.replacement,
                    paragraph,
                )
            )
        texts.append(_apply_edits(paragraph.text, edits))
        labels.append(paragraph.section or "body")
        spans.append((paragraph.start, paragraph.end))
    return "\n\n".join(texts), tuple(labels), tuple(spans)


def _change_rows(article_id: str, changes: list[_Change]) -> list[dict[str, Any]]:
    """The changes of one article as table rows, ordered by position."""
    ordered = sorted(changes, key=lambda change: (change.start, change.end, change.rule.name))
    return [
        {
            "article_id": article_id,
            "rule": change.rule.name,
            "kind": change.kind,
            "section": change.section or change.paragraph.section or "body",
            "raw_start": change.start,
            "raw_end": change.end,
            "text": change.text,
            "replacement": change.replacement,
            "reason": change.rule.reason,
        }
        for change in ordered
    ]


def _changes_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The changes table with its documented columns and types, also when empty."""
    frame = pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))
    return frame.astype({"raw_start": "int64", "raw_end": "int64"})


def paragraphs(clean: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of ``clean_text``, in article order.

    Columns: ``article_id`` (str); ``paragraph`` (int, 0-based within the article);
    ``section`` (str); ``start``, ``end`` (int: span in ``clean_text``); ``text`` (str);
    ``raw_start``, ``raw_end`` (Int64: span in ``raw_text`` before the reported replacements;
    missing if ``clean`` has no ``raw_spans`` column).
    """
    missing = [c for c in ("article_id", "clean_text", "sections") if c not in clean]
    if missing:
        raise ValueError(
            f"clean lacks column(s) {', '.join(missing)}; "
            "pass the first table returned by clean_articles()"
        )
    rows = []
    for record in clean.to_dict("records"):
        rows += _paragraph_rows(record)
    frame = pd.DataFrame(rows, columns=list(PARAGRAPH_COLUMNS))
    return frame.astype(
        {
            "paragraph": "int64",
            "start": "int64",
            "end": "int64",
            "raw_start": "Int64",
            "raw_end": "Int64",
        }
    )


def _paragraph_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The paragraph rows of one clean article."""
    text, sections = record["clean_text"], tuple(record["sections"])
    pieces = text.split("\n\n") if text else []
    if len(pieces) != len(sections):
        raise ValueError(
            f"article {record['article_id']}: {len(pieces)} paragraphs but "
            f"{len(sections)} section labels; rebuild it with clean_articles()"
        )
    spans = record.get("raw_spans")
    spans = tuple(spans) if spans is not None else (None,) * len(pieces)
    rows, start = [], 0
    for number, (piece, section, span) in enumerate(zip(pieces, sections, spans, strict=True)):
        rows.append(
            {
                "article_id": record["article_id"],
                "paragraph": number,
                "section": section,
                "start": start,
                "end": start + len(piece),
                "text": piece,
                "raw_start": span[0] if span else pd.NA,
                "raw_end": span[1] if span else pd.NA,
            }
        )
        start += len(piece) + 2
    return rows


# --- summaries for the corpus overview ---------------------------------------------------------


def cleaning_summary(changes: pd.DataFrame) -> pd.DataFrame:
    """What each rule did to each article.

    One row per (article, rule, kind, section), sorted by article then rule:
    ``article_id``, ``rule``, ``kind`` (remove | replace), ``section`` (what was affected),
    ``changes`` (int: how many times the rule fired), ``raw_chars`` (int: characters of raw text
    removed or replaced), ``example`` (str: the first text it touched, shortened to 60 characters).
    """
    keys = ["article_id", "rule", "kind", "section"]
    if changes.empty:
        return pd.DataFrame(columns=[*keys, "changes", "raw_chars", "example"])
    frame = changes.assign(raw_chars=changes["raw_end"] - changes["raw_start"])
    summary = frame.groupby(keys, sort=True).agg(
        changes=("rule", "size"), raw_chars=("raw_chars", "sum"), example=("text", "first")
    )
    summary["example"] = summary["example"].map(_shorten)
    return summary.reset_index()


def text_lengths(clean: pd.DataFrame) -> pd.DataFrame:
    """Length of each article before and after cleaning.

    One row per article: ``article_id``; ``raw_chars``, ``clean_chars`` (int: characters,
    whitespace included); ``raw_words``, ``clean_words``, ``body_words`` (int: words of the raw
    text, of the clean text, and of its body paragraphs); ``kept_share`` (float: clean_words /
    raw_words, rounded to 3 places).
    """
    table = paragraphs(clean)
    body = table[table["section"] == "body"].groupby("article_id")["text"].agg(" ".join)
    frame = pd.DataFrame(
        {
            "article_id": clean["article_id"],
            "raw_chars": clean["raw_text"].str.len(),
            "clean_chars": clean["clean_text"].str.len(),
            "raw_words": clean["raw_text"].map(_word_count),
            "clean_words": clean["clean_text"].map(_word_count),
            "body_words": clean["article_id"].map(body).fillna("").map(_word_count),
        }
    )
    frame["kept_share"] = (frame["clean_words"] / frame["raw_words"]).round(3)
    return frame.reset_index(drop=True)


def _word_count(text: str) -> int:
    return len(text.split())


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def trace_paragraphs(clean: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """Each kept paragraph with its reported replacements undone, checked against the raw text.

    One row per paragraph of ``clean_text``: ``article_id``, ``paragraph``, ``section``,
    ``raw_start``, ``raw_end``, ``replacements`` (int: how many reported repairs it contains),
    ``restored`` (str: the paragraph with those repairs reversed) and ``traced`` (bool: whether
    ``restored`` equals the raw text at ``raw_start:raw_end``). Cleaning is traceable when every
    row is traced.
    """
    raws = dict(zip(clean["article_id"], clean["raw_text"], strict=True))
    replaced = changes[changes["kind"] == "replace"].sort_values(["article_id", "raw_start"])
    by_article = {key: group for key, group in replaced.groupby("article_id", sort=False)}
    rows = []
    for row in paragraphs(clean).itertuples(index=False):
        group = by_article.get(row.article_id, replaced.iloc[0:0])
        inside = group[(group["raw_start"] >= row.raw_start) & (group["raw_end"] <= row.raw_end)]
        restored = _undo_replacements(row.text, int(row.raw_start), inside)
        raw = raws[row.article_id][row.raw_start : row.raw_end]
        rows.append({
            "article_id": row.article_id,
            "paragraph": row.paragraph,
            "section": row.section,
            "raw_start": int(row.raw_start),
            "raw_end": int(row.raw_end),
            "replacements": len(inside),
            "restored": restored,
            "traced": restored == raw,
        })
    columns = ["article_id", "paragraph", "section", "raw_start", "raw_end", "replacements",
               "restored", "traced"]
    return pd.DataFrame(rows, columns=columns).astype({"traced": bool})


def _undo_replacements(text: str, raw_start: int, replacements: pd.DataFrame) -> str:
    """``text`` (a clean paragraph starting at ``raw_start`` in the raw text) with the given
    replacements reversed, left to right."""
    pieces, position, shift = [], 0, 0
    for change in replacements.itertuples(index=False):
        start = change.raw_start - raw_start + shift
        if text[start : start + len(change.replacement)] != change.replacement:
            return text  # the change does not sit where it says: leave it untraced
        pieces += [text[position:start], change.text]
        position = start + len(change.replacement)
        shift += len(change.replacement) - len(change.text)
    return "".join(pieces) + text[position:]
