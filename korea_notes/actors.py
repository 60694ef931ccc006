"""Who is mentioned: the actor lexicon and the actor mentions of every sentence.

The knowledge lives in ``korea_notes/actors.yml`` (countries, capitals, adjectives, institutions,
offices and the people who held them, with dates). :func:`load_lexicon` reads and checks it;
:func:`find_mentions` finds every mention in a sentences table; :func:`resolve_role` says who held
an office on a given day, so that "der US-Präsident" is Trump in 2019 and Biden in 2021.

Actor ids: ``USA``, ``DPRK``, ``ROK``, ``CHN``, ``RUS``, ``JPN``, ``UN``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from korea_notes.paths import PACKAGE_DIR
from korea_notes.problems import ProblemsError

LEXICON_FILE: Path = PACKAGE_DIR / "actors.yml"
ACTOR_IDS: tuple[str, ...] = ("USA", "DPRK", "ROK", "CHN", "RUS", "JPN", "UN")

MENTION_COLUMNS: tuple[str, ...] = (
    "article_id", "sentence_id", "start", "end", "surface", "person", "actor", "kind", "office",
)

# Endings a `*` word may take, longest first so the regex prefers the full word.
_NOUN_ENDINGS = "(?:innen|ern|en|em|er|es|in|e|n|s)?"
_ADJECTIVE_ENDINGS = "(?:e|en|em|er|es)?"
_GENITIVE = "s?"
_LEFT = r"(?<![\w])"
_RIGHT = r"(?![\w])"

# When two forms start at the same place and are equally long, the more specific kind wins.
KIND_PRIORITY: dict[str, int] = {
    "role": 0, "institution": 1, "government": 2, "name": 3, "surname": 4, "country": 5,
    "capital": 6, "adjective": 7, "demonym": 8, "prefix": 9,
}
"""Mention kinds, most specific first. ``role_name`` (a role with its holder's name next to it,
"US-Präsident Joe Biden") is made by joining a role and a name after matching."""


class LexiconError(ProblemsError):
    """The actor lexicon cannot be used as it is; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("the actor lexicon", problems)


@dataclass(frozen=True)
class Tenure:
    """One stretch of one person in one office: ``start`` <= day < ``end`` (``end`` None: open)."""

    office: str
    start: date
    end: date | None
    approximate: bool = False

    def covers(self, day: date) -> bool:
        """True when the person held the office on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Person:
    """A person of the lexicon."""

    id: str
    name: str
    actor: str
    gender: str
    surnames: tuple[str, ...]
    surname_default: bool
    tenures: tuple[Tenure, ...]

    def holds(self, office: str, day: date | None = None) -> bool:
        """True when the person held ``office`` on ``day`` (any time when ``day`` is None)."""
        return any(t.office == office and (day is None or t.covers(day)) for t in self.tenures)

    def in_office(self, day: date) -> bool:
        """True when the person held any office of the lexicon on ``day``."""
        return any(t.covers(day) for t in self.tenures)


@dataclass(frozen=True)
class Term:
    """One compiled surface form: what it matches and what a match means."""

    regex: re.Pattern[str]
    actor: str
    kind: str
    entry: str
    person: str | None = None
    office: str | None = None
    surname: str | None = None
    anchor: str = ""
    """Text every match contains (a quick test before the regex runs; "" tests nothing)."""


@dataclass(frozen=True)
class Lexicon:
    """The checked actor lexicon, ready for matching."""

    source: str
    actors: dict[str, dict[str, Any]]
    offices: dict[str, dict[str, Any]]
    people: dict[str, Person]
    terms: tuple[Term, ...]
    not_actor_compounds: tuple[str, ...]
    surname_people: dict[str, tuple[str, ...]] = field(default_factory=dict)
    found: dict[str, tuple[Mention, ...]] = field(default_factory=dict, repr=False,
                                                  compare=False)
    """Memo of :func:`_found` (text -> its unresolved mentions): attribution and the mention
    finder read the same sentences one after the other."""

    def person(self, person_id: str | None) -> Person | None:
        """The person with this id, or None."""
        return self.people.get(person_id) if person_id else None


# --------------------------------------------------------------------------------------------
# Loading and checking
# --------------------------------------------------------------------------------------------

_SECTION_KEYS: dict[str, tuple[set[str], set[str]]] = {
    # section: (required keys, optional keys)
    "actors": ({"id", "name", "names"}, {"capitals", "adjectives", "demonyms", "prefixes"}),
    "institutions": ({"id", "actor", "name", "names"}, set()),
    "offices": ({"id", "actor", "title", "phrases"}, set()),
    "people": ({"id", "name", "actor", "gender", "names"},
               {"surnames", "surname_default", "offices", "note"}),
}
_TOP_KEYS = {"actors", "government_nouns", "not_actor_compounds", "institutions", "offices",
             "people"}
_TENURE_KEYS = ({"office", "from"}, {"to", "approximate"})


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read and check the actor lexicon (default ``korea_notes/actors.yml``).

    Raises :class:`LexiconError` naming the file, line, entry and fix of every problem found.
    """
    path = Path(path) if path is not None else LEXICON_FILE
    text = path.read_text(encoding="utf-8")
    label = _display_path(path)
    bad_dates = _impossible_dates(text, label)
    if bad_dates:
        raise LexiconError(bad_dates)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise LexiconError([f"{label}: not valid YAML ({error}). Fix: correct the syntax."]) \
            from error
    lines = _entry_lines(text)
    problems = _check_structure(data, label, lines)
    if problems:
        raise LexiconError(problems)
    problems = _check_references(data, label, lines)
    if problems:
        raise LexiconError(problems)
    return _build(data, label)


_CACHE: dict[str, Lexicon] = {}


def default_lexicon() -> Lexicon:
    """The lexicon of ``korea_notes/actors.yml``, loaded once per process."""
    key = str(LEXICON_FILE)
    if key not in _CACHE:
        _CACHE[key] = load_lexicon(LEXICON_FILE)
    return _CACHE[key]


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PACKAGE_DIR.parent))
    except ValueError:
        return str(path)


def _impossible_dates(text: str, label: str) -> list[str]:
    """Dates YAML reads as dates but that do not exist (2021-13-20), with their line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    problems, stack = [], [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":timestamp") and re.fullmatch(r"\d{4}-\d\d?-\d\d?",
                                                                 node.value):
                try:
                    date(*map(int, node.value.split("-")))
                except ValueError:
                    problems.append(f"{label}, line {node.start_mark.line + 1}: "
                                    f"'{node.value}' is not a date. Fix: write an existing "
                                    f"day as YYYY-MM-DD.")
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
    return sorted(problems)


def _entry_lines(text: str) -> dict[tuple[str, int], int]:
    """Line number (1-based) of every list entry of every top-level section."""
    lines: dict[tuple[str, int], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        lines[(key_node.value, -1)] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            for index, item in enumerate(value_node.value):
                lines[(key_node.value, index)] = item.start_mark.line + 1
    return lines


def _where(label: str, lines: dict[tuple[str, int], int], section: str, index: int,
           entry: dict[str, Any] | None = None) -> str:
    line = lines.get((section, index), lines.get((section, -1)))
    name = entry.get("id") if isinstance(entry, dict) else None
    what = f"{section} entry {index + 1}" + (f" '{name}'" if name else "")
    return f"{label}, line {line}, {what}" if line else f"{label}, {what}"


def _check_structure(data: Any, label: str, lines: dict[tuple[str, int], int]) -> list[str]:
    """Types, required and unknown keys, date formats."""
    if not isinstance(data, dict):
        return [f"{label}: the file must be a mapping of sections. Fix: start from the shipped "
                f"actors.yml."]
    problems = []
    for key in sorted(_TOP_KEYS - set(data)):
        problems.append(f"{label}: section '{key}' is missing. Fix: add it (it may be an empty "
                        f"list).")
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(f"{label}, line {lines.get((key, -1))}: unknown section '{key}'. Fix: use "
                        f"one of {sorted(_TOP_KEYS)}.")
    for key in ("government_nouns", "not_actor_compounds"):
        if key in data and not _is_str_list(data[key]):
            problems.append(f"{label}, line {lines.get((key, -1))}: '{key}' must be a list of "
                            f"words. Fix: write it as [Word, Word].")
    for section, (required, optional) in _SECTION_KEYS.items():
        entries = data.get(section)
        if section not in data:
            continue
        if not isinstance(entries, list):
            problems.append(f"{label}: section '{section}' must be a list of entries. Fix: "
                            f"start each entry with '- id: ...'.")
            continue
        for index, entry in enumerate(entries):
            where = _where(label, lines, section, index, entry)
            problems += _check_entry(entry, where, required, optional)
    return problems


def _check_entry(entry: Any, where: str, required: set[str], optional: set[str]) -> list[str]:
    if not isinstance(entry, dict):
        return [f"{where}: must be a mapping. Fix: write 'key: value' lines under '- '."]
    problems = []
    for key in sorted(required - set(entry)):
        problems.append(f"{where}: '{key}' is missing. Fix: add '{key}: ...'.")
    for key in sorted(set(entry) - required - optional):
        problems.append(f"{where}: unknown key '{key}'. Fix: use one of "
                        f"{sorted(required | optional)}.")
    for key in ("names", "phrases", "capitals", "adjectives", "demonyms", "prefixes", "surnames"):
        if key in entry and not _is_str_list(entry[key]):
            problems.append(f"{where}: '{key}' must be a list of text. Fix: write [Form, Form].")
    if "id" in entry and not (isinstance(entry["id"], str) and entry["id"].strip()):
        problems.append(f"{where}: 'id' must be a non-empty text. Fix: give the entry an id.")
    if "gender" in entry and entry["gender"] not in ("m", "f"):
        problems.append(f"{where}: gender '{entry['gender']}' is not m or f. Fix: write m or f.")
    if "surname_default" in entry and not isinstance(entry["surname_default"], bool):
        problems.append(f"{where}: 'surname_default' must be true or false. Fix: write true.")
    if "offices" in entry:
        problems += _check_tenures(entry["offices"], where)
    return problems


def _check_tenures(tenures: Any, where: str) -> list[str]:
    if not isinstance(tenures, list):
        return [f"{where}: 'offices' must be a list. Fix: write - {{office: id, from: "
                f"YYYY-MM-DD}}."]
    problems = []
    required, optional = _TENURE_KEYS
    for number, tenure in enumerate(tenures, start=1):
        here = f"{where}, offices[{number}]"
        if not isinstance(tenure, dict):
            problems.append(f"{here}: must be a mapping. Fix: write {{office: id, from: "
                            f"YYYY-MM-DD, to: YYYY-MM-DD}}.")
            continue
        problems += [f"{here}: '{key}' is missing. Fix: add it." for key in
                     sorted(required - set(tenure))]
        problems += [f"{here}: unknown key '{key}'. Fix: use office, from, to, approximate."
                     for key in sorted(set(tenure) - required - optional)]
        start, end = _as_date(tenure.get("from")), _as_date(tenure.get("to"))
        if "from" in tenure and start is None:
            problems.append(f"{here}: 'from' {tenure['from']!r} is not a date. Fix: write "
                            f"YYYY-MM-DD.")
        if tenure.get("to") is not None and end is None:
            problems.append(f"{here}: 'to' {tenure['to']!r} is not a date. Fix: write "
                            f"YYYY-MM-DD or leave 'to' out while in office.")
        if start and end and end <= start:
            problems.append(f"{here}: 'to' {end} is not after 'from' {start}. Fix: swap or "
                            f"correct the dates.")
    return problems


def _check_references(data: dict[str, Any], label: str,
                      lines: dict[tuple[str, int], int]) -> list[str]:
    """Ids unique, actors and offices known, forms unambiguous, one holder per office a day."""
    problems = []
    actor_ids = [entry["id"] for entry in data["actors"]]
    for missing in sorted(set(ACTOR_IDS) - set(actor_ids)):
        problems.append(f"{label}: actor '{missing}' is missing. Fix: add it under actors.")
    for extra in sorted(set(actor_ids) - set(ACTOR_IDS)):
        problems.append(f"{label}: actor id '{extra}' is not one of {list(ACTOR_IDS)}. Fix: use "
                        f"one of these ids (the package's tables rely on them).")
    seen_ids: dict[str, str] = {}
    office_ids = {entry["id"] for entry in data["offices"]}
    for section in ("actors", "institutions", "offices", "people"):
        for index, entry in enumerate(data[section]):
            where = _where(label, lines, section, index, entry)
            if entry["id"] in seen_ids:
                problems.append(f"{where}: id '{entry['id']}' is already used in "
                                f"{seen_ids[entry['id']]}. Fix: choose another id.")
            seen_ids[entry["id"]] = section
            if "actor" in entry and entry["actor"] not in ACTOR_IDS:
                problems.append(f"{where}: actor '{entry['actor']}' is unknown. Fix: use one of "
                                f"{list(ACTOR_IDS)}.")
            for tenure in entry.get("offices", []) if section == "people" else []:
                if tenure["office"] not in office_ids:
                    problems.append(f"{where}: office '{tenure['office']}' is not defined. Fix: "
                                    f"add it under offices or correct the id.")
    problems += _check_forms(data, label, lines)
    problems += _check_overlaps(data, label, lines)
    problems += _check_surnames(data, label, lines)
    return problems


def _check_forms(data: dict[str, Any], label: str,
                 lines: dict[tuple[str, int], int]) -> list[str]:
    """The same surface form may not stand for two different entries."""
    problems, owner = [], {}
    for section in ("actors", "institutions", "offices", "people"):
        for index, entry in enumerate(data[section]):
            forms = [*entry.get("names", []), *entry.get("phrases", []),
                     *entry.get("capitals", []), *entry.get("adjectives", []),
                     *entry.get("demonyms", [])]
            for form in forms:
                key = form.lower().replace("-", " ")
                if key in owner and owner[key] != entry["id"]:
                    where = _where(label, lines, section, index, entry)
                    problems.append(f"{where}: the form '{form}' is also listed for "
                                    f"'{owner[key]}'. Fix: keep it in one entry only.")
                owner.setdefault(key, entry["id"])
    return problems


def _check_overlaps(data: dict[str, Any], label: str,
                    lines: dict[tuple[str, int], int]) -> list[str]:
    """Two people may not hold the same office on the same day (roles resolve by date)."""
    problems, spans = [], []
    for index, entry in enumerate(data["people"]):
        for tenure in entry.get("offices", []):
            start = _as_date(tenure["from"])
            end = _as_date(tenure.get("to")) or date.max
            spans.append((tenure["office"], start, end, entry["id"], index))
    for i, (office, start, end, person, index) in enumerate(spans):
        for other_office, other_start, other_end, other, _ in spans[i + 1:]:
            if office == other_office and person != other and start < other_end \
                    and other_start < end:
                where = _where(label, lines, "people", index, data["people"][index])
                problems.append(f"{where}: holds '{office}' from {start} while '{other}' holds "
                                f"it from {other_start}. Fix: correct the dates so one person "
                                f"holds the office on any day.")
    return problems


def _check_surnames(data: dict[str, Any], label: str,
                    lines: dict[tuple[str, int], int]) -> list[str]:
    """A surname shared by people of different actors needs exactly one default."""
    problems, by_surname = [], {}
    for entry in data["people"]:
        for surname in entry.get("surnames", []):
            by_surname.setdefault(surname, []).append(entry)
    for surname, entries in sorted(by_surname.items()):
        actors = {entry["actor"] for entry in entries}
        defaults = [entry["id"] for entry in entries if entry.get("surname_default")]
        if len(actors) > 1 and len(defaults) != 1:
            names = ", ".join(entry["id"] for entry in entries)
            problems.append(f"{label}, people: the surname '{surname}' belongs to {names} of "
                            f"different actors and {len(defaults)} of them is marked "
                            f"surname_default. Fix: mark exactly one with 'surname_default: "
                            f"true'.")
    return problems


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip()
                                           for item in value)


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------------------------
# Compiling surface forms
# --------------------------------------------------------------------------------------------

def _build(data: dict[str, Any], label: str) -> Lexicon:
    people = {entry["id"]: _person(entry) for entry in data["people"]}
    terms: list[Term] = []
    for entry in data["actors"]:
        terms += _actor_terms(entry, data["government_nouns"])
    for entry in data["institutions"]:
        terms += [Term(_phrase_regex(form, genitive=True), entry["actor"], "institution",
                       entry["id"], anchor=_anchor(form)) for form in entry["names"]]
    for entry in data["offices"]:
        terms += [Term(_phrase_regex(form), entry["actor"], "role", entry["id"],
                       office=entry["id"], anchor=_anchor(form)) for form in entry["phrases"]]
    surname_people: dict[str, list[str]] = {}
    for entry in data["people"]:
        terms += [Term(_phrase_regex(form, genitive=True, person_name=True), entry["actor"],
                       "name", entry["id"], person=entry["id"],
                       anchor=_anchor(form, person_name=True)) for form in entry["names"]]
        for surname in entry.get("surnames", []):
            surname_people.setdefault(surname, []).append(entry["id"])
    for surname, ids in surname_people.items():
        actor = people[ids[0]].actor
        terms.append(Term(_phrase_regex(surname, genitive=True), actor, "surname", surname,
                          surname=surname, anchor=_anchor(surname)))
    return Lexicon(
        source=label,
        actors={entry["id"]: entry for entry in data["actors"]},
        offices={entry["id"]: entry for entry in data["offices"]},
        people=people,
        terms=tuple(terms),
        not_actor_compounds=tuple(data["not_actor_compounds"]),
        surname_people={key: tuple(value) for key, value in surname_people.items()},
    )


def _person(entry: dict[str, Any]) -> Person:
    tenures = tuple(
        Tenure(t["office"], _as_date(t["from"]), _as_date(t.get("to")),
               bool(t.get("approximate", False)))
        for t in entry.get("offices", []))
    return Person(entry["id"], entry["name"], entry["actor"], entry["gender"],
                  tuple(entry.get("surnames", [])), bool(entry.get("surname_default", False)),
                  tenures)


def _actor_terms(entry: dict[str, Any], government_nouns: list[str]) -> list[Term]:
    actor = entry["id"]
    terms = [Term(_phrase_regex(form, genitive=True), actor, "country", actor,
                  anchor=_anchor(form)) for form in entry["names"]]
    for capital in entry.get("capitals", []):
        terms.append(Term(_phrase_regex(capital, genitive=True), actor, "capital", actor,
                          anchor=_anchor(capital)))
        terms += [Term(_phrase_regex(f"{noun}* in {capital}"), actor, "government", actor,
                       anchor=_anchor(f"{noun}* in {capital}")) for noun in government_nouns]
    terms += [Term(_adjective_regex(stem), actor, "adjective", actor,
                   anchor=stem[1:] if stem[:1].isalpha() else stem)
              for stem in entry.get("adjectives", [])]
    terms += [Term(_phrase_regex(form), actor, "demonym", actor, anchor=_anchor(form))
              for form in entry.get("demonyms", [])]
    terms += [Term(re.compile(_LEFT + r"(?<!-)" + re.escape(prefix) + r"-\w[\w-]*"), actor,
                   "prefix", actor, anchor=f"{prefix}-") for prefix in entry.get("prefixes", [])]
    return terms


def _anchor(phrase: str, person_name: bool = False) -> str:
    """The longest literal every match of :func:`_phrase_regex` (phrase) contains: a word's
    stem, less its first letter where that letter may be written in either case."""
    literals = [
        stem[1:] if person_name and i > 0 and stem[:1].isalpha() else stem
        for i, stem in enumerate(word.rstrip("*") for word in phrase.split())
    ]
    return max(literals, key=len, default="")


def _word_regex(word: str, flexible_first: bool = False) -> str:
    star = word.endswith("*")
    stem = word.rstrip("*")
    pattern = re.escape(stem)
    if flexible_first and stem[:1].isalpha():
        pattern = f"[{stem[0].upper()}{stem[0].lower()}]" + re.escape(stem[1:])
    return pattern + (_NOUN_ENDINGS if star else "")


def _phrase_regex(phrase: str, genitive: bool = False,
                  person_name: bool = False) -> re.Pattern[str]:
    """Regex for a phrase; see the header of actors.yml for the notation."""
    words = phrase.split()
    parts = [_word_regex(word, flexible_first=person_name and i > 0)
             for i, word in enumerate(words)]
    separator = r"(?:\s+|-)" if person_name else r"\s+"
    pattern = separator.join(parts)
    if genitive and not words[-1].endswith("*"):
        pattern += _GENITIVE
    return re.compile(_LEFT + pattern + _RIGHT)


def _adjective_regex(stem: str) -> re.Pattern[str]:
    first = stem[0]
    head = f"[{first.upper()}{first.lower()}]" if first.isalpha() else re.escape(first)
    return re.compile(_LEFT + head + re.escape(stem[1:]) + _ADJECTIVE_ENDINGS + _RIGHT)


# --------------------------------------------------------------------------------------------
# Roles and people by date
# --------------------------------------------------------------------------------------------

def _to_date(value: Any) -> date | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, date):
        return value.date() if hasattr(value, "date") and callable(value.date) else value
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        return None


def resolve_role(office: str, published: Any, lexicon: Lexicon | None = None) -> str | None:
    """The id of the one person holding ``office`` on the day ``published``, else None.

    ``published`` may be a date, a timestamp or an ISO string. None is returned when the date is
    missing, when nobody in the lexicon held the office that day, or when several did.
    Raises KeyError for an office id the lexicon does not define.
    """
    lexicon = lexicon or default_lexicon()
    if office not in lexicon.offices:
        raise KeyError(f"unknown office '{office}'; offices are {sorted(lexicon.offices)}")
    day = _to_date(published)
    if day is None:
        return None
    holders = [p.id for p in lexicon.people.values() if p.holds(office, day)]
    return holders[0] if len(holders) == 1 else None


def _resolve_surname(surname: str, day: date | None, recent: dict[str, str],
                     lexicon: Lexicon) -> str | None:
    """Person meant by a bare surname: named last in the article, else by office, else default."""
    if surname in recent:
        return recent[surname]
    candidates = [lexicon.people[pid] for pid in lexicon.surname_people.get(surname, ())]
    if len(candidates) == 1:
        return candidates[0].id
    if day is not None:
        serving = [p for p in candidates if p.in_office(day)]
        if len(serving) == 1:
            return serving[0].id
    defaults = [p for p in candidates if p.surname_default]
    return defaults[0].id if defaults else None


# --------------------------------------------------------------------------------------------
# Finding mentions
# --------------------------------------------------------------------------------------------

@dataclass
class Mention:
    """One actor mention inside one sentence (character span in the sentence text)."""

    start: int
    end: int
    surface: str
    actor: str
    kind: str
    person: str | None = None
    office: str | None = None
    surname: str | None = None


def _candidates(text: str, lexicon: Lexicon) -> list[Mention]:
    found = []
    for term in lexicon.terms:
        if term.anchor not in text:
            continue
        for match in term.regex.finditer(text):
            found.append(Mention(match.start(), match.end(), match.group(0), term.actor,
                                 term.kind, term.person, term.office, term.surname))
    return found


def _is_topic_compound(mention: Mention, text: str, lexicon: Lexicon) -> bool:
    """'China-Experte', 'US-Korrespondent': the country is a topic, not an actor."""
    words = "|".join(re.escape(word) for word in lexicon.not_actor_compounds)
    if not words:
        return False
    if mention.kind == "prefix":
        return re.search(rf"-(?:{words})\w*$", mention.surface) is not None
    return re.match(rf"-(?:{words})", text[mention.end:]) is not None


def _select(candidates: list[Mention]) -> list[Mention]:
    """Longest match first, no overlaps; ties go to the more specific kind."""
    ordered = sorted(candidates, key=lambda m: (-(m.end - m.start), KIND_PRIORITY[m.kind],
                                                m.start))
    chosen: list[Mention] = []
    for mention in ordered:
        if all(mention.end <= other.start or mention.start >= other.end for other in chosen):
            chosen.append(mention)
    return sorted(chosen, key=lambda m: m.start)


def _join_roles_with_names(mentions: list[Mention], text: str,
                           lexicon: Lexicon) -> list[Mention]:
    """'US-Präsident Joe Biden', 'Der US-Außenminister, Mike Pompeo,': one mention.

    A role and the name (or surname) right after it, separated by at most a comma, become one
    mention of kind ``role_name`` when the named person held that office at some time.
    """
    joined: list[Mention] = []
    for mention in mentions:
        previous = joined[-1] if joined else None
        if (previous is not None and previous.kind == "role"
                and mention.kind in ("name", "surname") and mention.person
                and re.fullmatch(r"\s*,?\s*", text[previous.end:mention.start])
                and lexicon.people[mention.person].holds(previous.office)):
            joined[-1] = Mention(previous.start, mention.end, text[previous.start:mention.end],
                                 previous.actor, "role_name", mention.person, previous.office)
            continue
        joined.append(mention)
    return joined


FOUND_MEMO_SIZE = 20_000
"""Sentence texts whose unresolved mentions :func:`_found` keeps (more than a partition's)."""


def _found(text: str, lexicon: Lexicon) -> list[Mention]:
    """The mentions of ``text`` before roles and surnames are resolved (fresh copies: the
    caller fills them in), found once per text."""
    found = lexicon.found.get(text)
    if found is None:
        found = tuple(m for m in _select(_candidates(text, lexicon))
                      if not _is_topic_compound(m, text, lexicon))
        if len(lexicon.found) >= FOUND_MEMO_SIZE:
            lexicon.found.clear()
        lexicon.found[text] = found
    return [replace(mention) for mention in found]


def sentence_mentions(text: str, published: Any, recent: dict[str, str],
                      lexicon: Lexicon | None = None) -> list[Mention]:
    """Mentions in one sentence text; ``recent`` (surname -> person) is read and updated.

    ``recent`` carries the article's discourse: pass the same dict for the sentences of one
    article in reading order, a new one for each article.
    """
    lexicon = lexicon or default_lexicon()
    day = _to_date(published)
    mentions = _found(text, lexicon)
    for mention in mentions:
        if mention.kind == "role":
            mention.person = resolve_role(mention.office, day, lexicon)
        elif mention.kind == "surname":
            mention.person = _resolve_surname(mention.surname, day, recent, lexicon)
            if mention.person:
                mention.actor = lexicon.people[mention.person].actor
        person = lexicon.person(mention.person)
        for surname in person.surnames if person else ():
            recent[surname] = person.id
    return _join_roles_with_names(mentions, text, lexicon)


def _ordered(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences in reading order: by article, then by position in the article."""
    order = ["article_id", "sentence"] if "sentence" in sentences.columns \
        else ["article_id", "paragraph"]
    return sentences.sort_values(order, kind="stable")


def _check_sentences(sentences: pd.DataFrame, needed: tuple[str, ...]) -> None:
    missing = [column for column in needed if column not in sentences.columns]
    if missing:
        raise ValueError(f"the sentences table lacks column(s) {missing}. Fix: pass the table "
                         f"made by korea_notes.language.split_sentences().")


def find_mentions(sentences: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Every actor mention in every sentence.

    ``sentences`` needs ``article_id``, ``published``, ``sentence_id``, ``sentence`` (position in
    the article) and ``text``. Returns one row per mention, in reading order:

    - ``article_id``, ``sentence_id``: where the mention is;
    - ``start``, ``end`` (int): its span in the sentence ``text``;
    - ``surface`` (str): the text as written ("Nordkoreas Machthaber", "US-Regierung");
    - ``person`` (str or None): canonical person id ("kim_jong_un"); set for names, for
      surnames (the person of that surname named last in the article, else the one in office),
      and for roles held by exactly one person on the sentence's ``published`` date;
    - ``actor`` (str): actor id (``USA``, ``DPRK``, ``ROK``, ``CHN``, ``RUS``, ``JPN``, ``UN``);
    - ``kind`` (str): country, capital, government ("Regierung in Washington"), adjective,
      demonym, prefix ("US-Sanktionen"), institution, role, role_name ("US-Präsident Donald
      Trump"), name, surname;
    - ``office`` (str or None): the office id of a role.
    """
    _check_sentences(sentences, ("article_id", "published", "sentence_id", "text"))
    lexicon = lexicon or default_lexicon()
    rows, recent, article = [], {}, None
    for row in _ordered(sentences).itertuples(index=False):
        if row.article_id != article:
            article, recent = row.article_id, {}
        for m in sentence_mentions(row.text, row.published, recent, lexicon):
            rows.append((row.article_id, row.sentence_id, m.start, m.end, m.surface, m.person,
                         m.actor, m.kind, m.office))
    frame = pd.DataFrame(rows, columns=list(MENTION_COLUMNS))
    for column in ("person", "office"):
        frame[column] = frame[column].astype(object)
        frame.loc[frame[column].isna(), column] = None
    return frame.astype({"start": "int64", "end": "int64"})


# --------------------------------------------------------------------------------------------
# Tables for readers
# --------------------------------------------------------------------------------------------

def people_table(lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The people of the lexicon and their offices, one row per tenure.

    Columns: ``person``, ``name``, ``actor``, ``gender``, ``office`` (id or None for people
    without an office in the lexicon), ``office_title``, ``start``, ``end`` (dates; ``end``
    None while in office), ``approximate`` (bool: a date known only roughly).
    """
    lexicon = lexicon or default_lexicon()
    rows = []
    for person in lexicon.people.values():
        tenures = person.tenures or (None,)
        for tenure in tenures:
            rows.append({
                "person": person.id, "name": person.name, "actor": person.actor,
                "gender": person.gender,
                "office": tenure.office if tenure else None,
                "office_title": lexicon.offices[tenure.office]["title"] if tenure else None,
                "start": tenure.start if tenure else None,
                "end": tenure.end if tenure else None,
                "approximate": tenure.approximate if tenure else False,
            })
    return pd.DataFrame(rows).astype({"office": object, "office_title": object,
                                      "start": object, "end": object})


def actor_table(lexicon: Lexicon | None = None) -> pd.DataFrame:
    """The seven actors with the number of surface forms, people and institutions of each.

    Columns: ``actor``, ``name``, ``forms`` (country names, capitals, adjectives, demonyms,
    prefixes), ``people``, ``institutions``, ``offices``.
    """
    lexicon = lexicon or default_lexicon()
    rows = []
    for actor, entry in lexicon.actors.items():
        forms = sum(len(entry.get(key, [])) for key in
                    ("names", "capitals", "adjectives", "demonyms", "prefixes"))
        rows.append({
            "actor": actor, "name": entry["name"], "forms": forms,
            "people": sum(p.actor == actor for p in lexicon.people.values()),
            "institutions": sum(t.kind == "institution" and t.actor == actor
                                for t in {t.entry: t for t in lexicon.terms}.values()),
            "offices": sum(o["actor"] == actor for o in lexicon.offices.values()),
        })
    return pd.DataFrame(rows)
