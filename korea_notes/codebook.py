"""The codebook: categories of negotiation positions, their German cues, conditions and frames.

The knowledge lives in ``korea_notes/codebook.yml`` beside this module; the file's header documents
every field and the pattern syntax. :func:`load_codebook` reads it with ``yaml.safe_load``, checks
it completely and compiles it; any problem raises :class:`CodebookError` listing every problem as
"file, line N, section > entry: what. Fix: how." A researcher adds or changes a category by editing
the YAML file alone: copy a category block, give it a new UPPER_CASE name, fill in definition,
include, exclude, cameo, plover, negated, examples and cues, and re-run the notebooks; the new
category appears in every table.

Tables for notebooks: :func:`codebook_table` (one row per category), :func:`cue_table` (one row per
cue) and :func:`condition_type_table` (one row per condition type).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from korea_notes.paths import PACKAGE_DIR
from korea_notes.problems import file_stamp, read_yaml
from korea_notes.termindex import TermIndex
from korea_notes.terms import Cue, TermSet

CODEBOOK_FILE: Path = PACKAGE_DIR / "codebook.yml"

SECTIONS: tuple[str, ...] = (
    "version", "settings", "clauses", "actors", "negation", "conditionality", "modality",
    "speech", "tense", "vocabulary",
    "categories", "condition_markers", "condition_types", "frames",
)
CATEGORY_FIELDS = ("definition", "include", "exclude", "cameo", "plover", "negated", "examples",
                   "cues")
CATEGORY_OPTIONAL = ("when_conditioned", "when_postponed", "condition_role", "ignores_offered",
                     "implies")
CUE_FIELDS = ("id", "all")
CUE_OPTIONAL = ("window", "scope", "context", "unless", "negation", "negated", "negators",
                "overrides", "subject_is_target", "object_of_verb", "other_actor",
                "owner_is_target", "note")
MARKER_FIELDS = ("id", "words", "position", "kind")
MARKER_KINDS = ("precondition", "exchange")
MARKER_OPTIONAL = ("lead", "requires", "requires_type", "not_after", "not_before", "unless",
                   "from", "extent", "unless_next_clause", "governs")
TYPE_FIELDS = ("definition", "implies", "cues")
TYPE_OPTIONAL = ("implies_as_trigger",)
CLAUSE_FIELDS = ("boundaries", "particles", "finite_starts")
CLAUSE_OPTIONAL = ("coordinators", "setting_prepositions", "setting_nouns", "topic_phrases",
                   "lemmas")
CONDITION_ROLES = ("precondition", "trigger", "term")
FRAME_FIELDS = ("id", "words", "position", "scope")
FRAME_SCOPES = ("clause", "rest", "following")
NEGATION_MODES = ("flip", "require", "forbid", "ignore")
SCOPES = ("clause", "sentence")
POSITIONS = ("clause_start", "anywhere")
DROP = "drop"

_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_ID = re.compile(r"[a-z][a-z0-9_]*")


class CodebookError(ValueError):
    """The codebook file is unreadable or breaks a rule; the message lists every problem."""


@dataclass(frozen=True)
class Category:
    """A position category with its documentation and cues."""

    name: str
    definition: str
    include: str
    exclude: str
    cameo: str
    plover: str
    negated: str
    when_conditioned: str
    examples: tuple[dict[str, str], ...]
    cues: tuple[Cue, ...]
    when_postponed: str = "keep"
    condition_role: str = "precondition"
    ignores_offered: bool = False
    implies: str | None = None


@dataclass(frozen=True)
class ConditionMarker:
    """A word that opens or signals a condition clause."""

    id: str
    words: TermSet
    position: str
    kind: str
    lead: TermSet
    requires: TermSet
    requires_type: tuple[str, ...] | bool
    not_after: TermSet
    not_before: TermSet
    unless: TermSet
    start_from: TermSet = TermSet()
    extent: str = "clause"
    unless_next_clause: TermSet = TermSet()
    governs: TermSet = TermSet()


@dataclass(frozen=True)
class ConditionType:
    """A normalised kind of condition, with the category it implies for the claimant."""

    name: str
    definition: str
    implies: str | None
    cues: tuple[Cue, ...]
    implies_as_trigger: str | None = None


@dataclass(frozen=True)
class Frame:
    """Words that mark clauses which report no claim (questions, speculation)."""

    id: str
    words: TermSet
    position: str
    scope: str


@dataclass(frozen=True)
class Codebook:
    """The compiled codebook. Build it with :func:`load_codebook`."""

    path: Path
    settings: dict[str, int]
    boundaries: frozenset[str]
    particles: frozenset[str]
    finite_starts: frozenset[str]
    coordinators: frozenset[str]
    lemmas: dict[str, str]
    setting_prepositions: TermSet
    setting_nouns: TermSet
    topic_phrases: TermSet
    owner_nouns: TermSet
    proposal_verbs: TermSet
    deontic_modals: frozenset[str]
    negators: TermSet
    rejection: TermSet
    not_negating: TermSet
    clause_negation: TermSet
    negation_raising: TermSet
    reciprocal: TermSet
    exchange_for: TermSet
    otherwise: frozenset[str]
    otherwise_carries: tuple[str, ...]
    postponing: TermSet
    hypothetical: TermSet
    quote_marks: frozenset[str]
    indirect_forms: frozenset[str]
    tense: dict[str, Any]
    vocabulary: dict[str, TermSet]
    categories: dict[str, Category]
    markers: tuple[ConditionMarker, ...]
    condition_types: dict[str, ConditionType]
    frames: tuple[Frame, ...]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @cached_property
    def category_cues(self) -> tuple[Cue, ...]:
        """The cues of all categories, in codebook order."""
        return tuple(cue for category in self.categories.values() for cue in category.cues)

    @cached_property
    def term_index(self) -> TermIndex:
        """Every term set of the codebook, indexed for matching (built on first use)."""
        return TermIndex.of(self)


# --- loading ---------------------------------------------------------------------------------


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read, validate and compile the codebook (default ``korea_notes/codebook.yml``).

    Raises :class:`CodebookError` listing every problem with file, line, entry and fix.
    """
    resolved = Path(path) if path is not None else CODEBOOK_FILE
    stamp = file_stamp(resolved, CodebookError, "the codebook", "korea_notes/codebook.yml")
    return _load_cached(str(resolved), stamp)


@lru_cache(maxsize=8)
def _load_cached(path: str, stamp: int) -> Codebook:
    data, lines = read_yaml(path, CodebookError)
    builder = _Builder(Path(path), lines)
    codebook = builder.build(data)
    if builder.problems:
        listing = "\n".join(f"- {problem}" for problem in builder.problems)
        raise CodebookError(f"{len(builder.problems)} problem(s) in the codebook:\n{listing}")
    assert codebook is not None
    return codebook


@dataclass
class _Parts:
    """The pieces of a TermSet while it is being compiled."""

    words: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)
    regexes: list[re.Pattern[str]] = field(default_factory=list)
    phrases: list[tuple[TermSet, ...]] = field(default_factory=list)
    literals: list[str] = field(default_factory=list)


class _Builder:
    """Validates the parsed YAML and compiles it, collecting every problem on the way."""

    def __init__(self, path: Path, lines: dict[tuple[str, ...], int]) -> None:
        self.path = path
        self.lines = lines
        self.problems: list[str] = []
        self.vocabulary: dict[str, Any] = {}
        self.category_names: set[str] = set()
        self.type_names: set[str] = set()

    def problem(self, where: tuple[str, ...], what: str, fix: str) -> None:
        """Record one problem at a YAML path."""
        line = self._line(where)
        label = " > ".join(where) if where else "top level"
        self.problems.append(f"{self.path.name}, line {line}, {label}: {what}. Fix: {fix}.")

    def _line(self, where: tuple[str, ...]) -> int:
        for size in range(len(where), 0, -1):
            if where[:size] in self.lines:
                return self.lines[where[:size]]
        return 1

    # top level

    def build(self, data: Any) -> Codebook | None:
        """Check every section and return the compiled codebook (None if the shape is wrong)."""
        if not isinstance(data, dict):
            self.problem((), "the file must be a mapping of sections", "start from the shipped "
                         "korea_notes/codebook.yml")
            return None
        self._check_keys(data, (), SECTIONS, ())
        if any(section not in data for section in SECTIONS):
            return None
        self.vocabulary = data["vocabulary"] if isinstance(data["vocabulary"], dict) else {}
        self.category_names = set(data["categories"] or {})
        self.type_names = set(data["condition_types"] or {})
        vocabulary = {name: self.terms(("vocabulary", name), values)
                      for name, values in self.vocabulary.items()}
        clauses = data["clauses"] if isinstance(data["clauses"], dict) else {}
        self._check_keys(data["clauses"], ("clauses",), CLAUSE_FIELDS, CLAUSE_OPTIONAL)
        return Codebook(
            path=self.path,
            settings=self._settings(data["settings"]),
            boundaries=frozenset(self._strings(("clauses", "boundaries"),
                                               clauses.get("boundaries"))),
            particles=frozenset(self._strings(("clauses", "particles"),
                                              clauses.get("particles"))),
            finite_starts=frozenset(word.lower() for word in self._strings(
                ("clauses", "finite_starts"), clauses.get("finite_starts"))),
            coordinators=frozenset(self._strings(("clauses", "coordinators"),
                                                 clauses.get("coordinators", []))),
            lemmas=self._lemmas(clauses.get("lemmas", {})),
            setting_prepositions=self.terms(("clauses", "setting_prepositions"),
                                            clauses.get("setting_prepositions")),
            setting_nouns=self.terms(("clauses", "setting_nouns"), clauses.get("setting_nouns")),
            topic_phrases=self.terms(("clauses", "topic_phrases"),
                                     clauses.get("topic_phrases", [])),
            owner_nouns=self.terms(("actors", "owner_nouns"), data["actors"].get("owner_nouns")),
            proposal_verbs=self.terms(("actors", "proposal_verbs"),
                                      data["actors"].get("proposal_verbs")),
            deontic_modals=frozenset(self._strings(("actors", "deontic_modals"),
                                                   data["actors"].get("deontic_modals", []))),
            negators=self.terms(("negation", "negators"), data["negation"].get("negators")),
            rejection=self.terms(("negation", "rejection"), data["negation"].get("rejection")),
            not_negating=self.terms(("negation", "not_negating"),
                                    data["negation"].get("not_negating")),
            clause_negation=self.terms(("negation", "clause_negation"),
                                       data["negation"].get("clause_negation")),
            negation_raising=self.terms(("negation", "raising"),
                                        data["negation"].get("raising", [])),
            reciprocal=self.terms(("conditionality", "reciprocal"),
                                  data["conditionality"].get("reciprocal")),
            postponing=self.terms(("conditionality", "postponing"),
                                  data["conditionality"].get("postponing")),
            exchange_for=self.terms(("conditionality", "exchange_for"),
                                    data["conditionality"].get("exchange_for")),
            otherwise=frozenset(self._strings(("conditionality", "otherwise"),
                                              data["conditionality"].get("otherwise", []))),
            otherwise_carries=self._category_list(
                ("conditionality", "otherwise_carries"),
                data["conditionality"].get("otherwise_carries", [])),
            hypothetical=self.terms(("modality", "hypothetical"),
                                    data["modality"].get("hypothetical")),
            quote_marks=frozenset(self._strings(("speech", "quote_marks"),
                                                data["speech"].get("quote_marks"))),
            indirect_forms=frozenset(self._strings(("speech", "indirect_forms"),
                                                   data["speech"].get("indirect_forms"))),
            tense=self._tense(data["tense"]),
            vocabulary=vocabulary,
            categories=self._categories(data["categories"]),
            markers=tuple(self._marker(("condition_markers", str(index)), entry)
                          for index, entry in enumerate(data["condition_markers"] or [])),
            condition_types=self._types(data["condition_types"]),
            frames=tuple(self._frame(("frames", str(index)), entry)
                         for index, entry in enumerate(data["frames"] or [])),
            raw=data,
        )

    def _check_keys(self, entry: Any, where: tuple[str, ...], required: tuple[str, ...],
                    optional: tuple[str, ...]) -> bool:
        """Report unknown and missing fields; True when all required fields are there."""
        if not isinstance(entry, dict):
            self.problem(where, "expected a mapping of fields", f"give the fields {required}")
            return False
        known = set(required) | set(optional)
        for key in entry:
            if key not in known:
                self.problem((*where, str(key)), f"unknown field {key!r}",
                             f"use one of {sorted(known)} or remove it")
        for key in required:
            if key not in entry:
                self.problem(where, f"missing field {key!r}", f"add {key}: (see the file header)")
        return all(key in entry for key in required)

    def _strings(self, where: tuple[str, ...], values: Any) -> list[str]:
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.problem(where, "expected a list of strings", "write [word, word, ...]")
            return []
        return [value.lower() if len(value) > 1 else value for value in values]

    def _category_list(self, where: tuple[str, ...], values: Any) -> tuple[str, ...]:
        """A list of category names, each checked against the categories."""
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.problem(where, "expected a list of category names", "write [NAME, NAME]")
            return ()
        for value in values:
            if value not in self.category_names:
                self.problem(where, f"{value!r} is not a category",
                             f"write one of {sorted(self.category_names)}")
        return tuple(values)

    def _lemmas(self, lemmas: Any) -> dict[str, str]:
        """Check the word form -> lemma corrections (lower-case strings)."""
        if not isinstance(lemmas, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in lemmas.items()):
            self.problem(("clauses", "lemmas"), "expected a mapping of word form to lemma",
                         "write e.g. lemmas: {brach: brechen}")
            return {}
        return {k.lower(): v.lower() for k, v in lemmas.items()}

    def _settings(self, settings: Any) -> dict[str, int]:
        if not self._check_keys(settings, ("settings",), ("window", "phrase_gap"), ()):
            return {"window": 12, "phrase_gap": 2}
        for key in ("window", "phrase_gap"):
            if not isinstance(settings[key], int) or settings[key] < 0:
                self.problem(("settings", key), "expected a whole number >= 0", "write e.g. 12")
        return {"window": int(settings["window"]), "phrase_gap": int(settings["phrase_gap"])}

    def _tense(self, tense: Any) -> dict[str, Any]:
        """Check and compile the tense section."""
        keys = ("pluperfect_auxiliaries", "participle", "background", "recent", "months",
                "new_year")
        if not self._check_keys(tense, ("tense",), keys, ()):
            return {}
        compiled = {
            "auxiliaries": frozenset(self._strings(("tense", "pluperfect_auxiliaries"),
                                                   tense["pluperfect_auxiliaries"])),
            "participle": self._regex(("tense", "participle"), tense["participle"]),
            "background": self.terms(("tense", "background"), tense["background"]),
            "recent": self.terms(("tense", "recent"), tense["recent"]),
            "months": tuple(self._strings(("tense", "months"), tense["months"])),
            "new_year": self.terms(("tense", "new_year"), [tense["new_year"]]),
        }
        if len(compiled["months"]) != 12:
            self.problem(("tense", "months"), "expected the twelve month names in order",
                         "list januar ... dezember")
        return compiled

    def _regex(self, where: tuple[str, ...], source: Any) -> re.Pattern[str] | None:
        try:
            return re.compile(str(source))
        except re.error as error:
            self.problem(where, f"bad regular expression {source!r} ({error})",
                         "correct the regex (Python re syntax)")
            return None

    # terms

    def terms(self, where: tuple[str, ...], values: Any, _seen: tuple[str, ...] = ()) -> TermSet:
        """Compile a list of terms (words, /regex/, @NAME, phrases) into one TermSet."""
        if values is None:
            return TermSet()
        if not isinstance(values, list):
            self.problem(where, "expected a list of terms", "write [term, term, ...]")
            return TermSet()
        parts = _Parts()
        for index, value in enumerate(values):
            self._add_term((*where, str(index)), value, parts, _seen)
        return TermSet(frozenset(parts.words), frozenset(parts.forms), tuple(parts.regexes),
                       tuple(parts.phrases), tuple(parts.literals))

    def _add_term(self, where: tuple[str, ...], value: Any, parts: _Parts,
                  seen: tuple[str, ...]) -> None:
        """Add one term (word, =form, /regex/, @NAME or phrase) to the parts."""
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"a term must be a non-empty string, not {value!r}",
                         "quote it: 'wort', '/regex/' or '@NAME'")
            return
        value = value.strip()
        parts.literals.append(value)
        if value.startswith("/") and value.endswith("/") and len(value) > 2 and " " not in value:
            regex = self._regex(where, value[1:-1])
            if regex is not None:
                parts.regexes.append(regex)
        elif value.startswith("@"):
            self._add_reference(where, value[1:], parts, seen)
        elif " " in value:
            parts.phrases.append(tuple(self.terms(where, [piece], seen)
                                       for piece in value.split()))
        elif value.startswith("=") and len(value) > 1:
            parts.forms.add(value[1:].lower())
        else:
            parts.words.add(value.lower())

    def _add_reference(self, where: tuple[str, ...], name: str, parts: _Parts,
                       seen: tuple[str, ...]) -> None:
        """Add the terms of word list @NAME (cycles and unknown names reported)."""
        if name not in self.vocabulary:
            self.problem(where, f"unknown word list @{name}",
                         f"define {name} under vocabulary: or use one of "
                         f"{sorted(self.vocabulary)}")
            return
        if name in seen:
            self.problem(where, f"word list @{name} refers to itself", "remove the cycle")
            return
        compiled = self.terms(("vocabulary", name), self.vocabulary[name], (*seen, name))
        parts.words.update(compiled.words)
        parts.forms.update(compiled.forms)
        parts.regexes.extend(compiled.regexes)
        parts.phrases.extend(compiled.phrases)

    # categories and cues

    def _categories(self, categories: Any) -> dict[str, Category]:
        if not isinstance(categories, dict) or not categories:
            self.problem(("categories",), "expected a mapping of categories",
                         "see the file header")
            return {}
        compiled = {}
        for name, entry in categories.items():
            category = self._category(str(name), entry)
            if category is not None:
                compiled[str(name)] = category
        return compiled

    def _category(self, name: str, entry: Any) -> Category | None:
        """Check and compile one category."""
        where = ("categories", name)
        if not _NAME.fullmatch(name):
            self.problem(where, f"category name {name!r} is not UPPER_CASE",
                         "rename it, e.g. OFFER_TALKS")
        if not self._check_keys(entry, where, CATEGORY_FIELDS, CATEGORY_OPTIONAL):
            return None
        for key in ("definition", "include", "exclude", "cameo", "plover"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                self.problem((*where, key), "expected non-empty text", f"describe the {key}")
        self._outcome((*where, "negated"), entry["negated"])
        conditioned = entry.get("when_conditioned", "keep")
        postponed = entry.get("when_postponed", "keep")
        for key, value in (("when_conditioned", conditioned), ("when_postponed", postponed)):
            if value not in ("keep", DROP):
                self.problem((*where, key), f"unknown value {value!r}", "write keep or drop")
        role = self._choice((*where, "condition_role"),
                            entry.get("condition_role", "precondition"), CONDITION_ROLES)
        implies = entry.get("implies")
        if implies is not None and implies not in self.category_names:
            self.problem((*where, "implies"), f"{implies!r} is not a category",
                         f"write one of {sorted(self.category_names)} or remove the field")
        cues = self._cues(where, name, entry["cues"])
        return Category(
            name=name, definition=str(entry["definition"]).strip(),
            include=str(entry["include"]).strip(), exclude=str(entry["exclude"]).strip(),
            cameo=str(entry["cameo"]), plover=str(entry["plover"]),
            negated=str(entry["negated"]), when_conditioned=str(conditioned),
            examples=self._examples((*where, "examples"), entry["examples"]), cues=cues,
            when_postponed=str(postponed), condition_role=role,
            ignores_offered=self._flag((*where, "ignores_offered"),
                                       entry.get("ignores_offered", False)),
            implies=str(implies) if implies is not None else None,
        )

    def _outcome(self, where: tuple[str, ...], value: Any) -> None:
        if value != DROP and value not in self.category_names:
            self.problem(where, f"{value!r} is neither a category nor 'drop'",
                         f"write drop or one of {sorted(self.category_names)}")

    def _examples(self, where: tuple[str, ...], examples: Any) -> tuple[dict[str, str], ...]:
        if not isinstance(examples, list) or not examples:
            self.problem(where, "expected at least one example",
                         "add - text: <a real sentence> and source: <article or dev id>")
            return ()
        compiled = []
        for index, example in enumerate(examples):
            if self._check_keys(example, (*where, str(index)), ("text", "source"), ()):
                compiled.append({"text": str(example["text"]), "source": str(example["source"])})
        return tuple(compiled)

    def _cues(self, where: tuple[str, ...], owner: str, cues: Any) -> tuple[Cue, ...]:
        """Check and compile a list of cues (ids unique within the owner)."""
        if not isinstance(cues, list) or not cues:
            self.problem((*where, "cues"), "expected a list of cues", "add at least one cue")
            return ()
        compiled: list[Cue] = []
        for index, entry in enumerate(cues):
            cue = self._cue((*where, "cues", str(index)), owner, entry)
            if cue is None:
                continue
            if any(other.id == cue.id for other in compiled):
                self.problem((*where, "cues", str(index)), f"duplicate cue id {cue.id!r}",
                             "give each cue of a category its own id")
            compiled.append(cue)
        return tuple(compiled)

    def _cue(self, where: tuple[str, ...], owner: str, entry: Any) -> Cue | None:
        """Check and compile one cue."""
        if not self._check_keys(entry, where, CUE_FIELDS, CUE_OPTIONAL):
            return None
        cue_id = str(entry["id"])
        where = (*where[:-1], f"{where[-1]} ({cue_id})")
        if not _ID.fullmatch(cue_id):
            self.problem((*where, "id"), f"cue id {cue_id!r} is not snake_case",
                         "use lower-case letters, digits and _")
        if not isinstance(entry["all"], list) or not entry["all"]:
            self.problem((*where, "all"), "expected a non-empty list of terms",
                         "list the terms that must all occur; the first is the head")
            return None
        terms = tuple(self.terms((*where, "all", str(i)), [term])
                      for i, term in enumerate(entry["all"]))
        return Cue(
            id=cue_id, owner=owner, terms=terms,
            window=self._window(where, entry.get("window")),
            scope=self._choice((*where, "scope"), entry.get("scope", "clause"), SCOPES),
            context=self.terms((*where, "context"), entry.get("context")),
            unless=self.terms((*where, "unless"), entry.get("unless")),
            negation=self._choice((*where, "negation"), entry.get("negation", "flip"),
                                  NEGATION_MODES),
            negated=self._cue_negated(where, entry.get("negated")),
            negators=self.terms((*where, "negators"), entry.get("negators")),
            overrides=self._overrides((*where, "overrides"), entry.get("overrides")),
            subject_is_target=self._flag((*where, "subject_is_target"),
                                         entry.get("subject_is_target", False)),
            note=str(entry.get("note", "")),
            object_of_verb=self._flag((*where, "object_of_verb"),
                                      entry.get("object_of_verb", False)),
            other_actor=self._flag((*where, "other_actor"), entry.get("other_actor", False)),
            owner_is_target=self._flag((*where, "owner_is_target"),
                                       entry.get("owner_is_target", False)),
        )

    def _flag(self, where: tuple[str, ...], value: Any) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"expected true or false, not {value!r}", "write true or false")
            return False
        return value

    def _window(self, where: tuple[str, ...], window: Any) -> int:
        if window is None:
            return -1
        if not isinstance(window, int) or window < 0:
            self.problem((*where, "window"), f"window {window!r} is not a whole number >= 0",
                         "write e.g. window: 10")
            return -1
        return window

    def _choice(self, where: tuple[str, ...], value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            self.problem(where, f"unknown value {value!r}", f"write one of {list(allowed)}")
            return allowed[0]
        return str(value)

    def _cue_negated(self, where: tuple[str, ...], value: Any) -> str | None:
        if value is None:
            return None
        self._outcome((*where, "negated"), value)
        return str(value)

    def _overrides(self, where: tuple[str, ...], values: Any) -> tuple[str, ...]:
        if values is None:
            return ()
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            self.problem(where, "expected a list of category names", "write [CATEGORY, ...]")
            return ()
        names = [str(value) for value in values]
        for name in names:
            if name not in self.category_names:
                self.problem(where, f"unknown category {name!r}",
                             f"use one of {sorted(self.category_names)}")
        return tuple(names)

    # conditions and frames

    def _marker(self, where: tuple[str, ...], entry: Any) -> ConditionMarker:
        """Check and compile one condition marker."""
        ok = self._check_keys(entry, where, MARKER_FIELDS, MARKER_OPTIONAL)
        entry = entry if ok else {"id": "invalid", "words": [], "position": "anywhere",
                                  "kind": "precondition"}
        requires_type = entry.get("requires_type", False)
        if isinstance(requires_type, list):
            for name in requires_type:
                if name not in self.type_names:
                    self.problem((*where, "requires_type"), f"unknown condition type {name!r}",
                                 f"use one of {sorted(self.type_names)}")
            requires_type = tuple(requires_type)
        elif not isinstance(requires_type, bool):
            self.problem((*where, "requires_type"), "expected true, false or a list of types",
                         "write requires_type: true")
            requires_type = False
        if entry["kind"] not in MARKER_KINDS:
            self.problem((*where, "kind"), f"unknown kind {entry['kind']!r}",
                         f"write one of {list(MARKER_KINDS)}")
        return ConditionMarker(
            id=str(entry["id"]), words=self.terms((*where, "words"), entry["words"]),
            position=self._choice((*where, "position"), entry["position"], POSITIONS),
            kind=str(entry["kind"]), lead=self.terms((*where, "lead"), entry.get("lead")),
            requires=self.terms((*where, "requires"), entry.get("requires")),
            requires_type=requires_type,
            not_after=self.terms((*where, "not_after"), entry.get("not_after")),
            not_before=self.terms((*where, "not_before"), entry.get("not_before")),
            unless=self.terms((*where, "unless"), entry.get("unless")),
            start_from=self.terms((*where, "from"), entry.get("from")),
            unless_next_clause=self.terms((*where, "unless_next_clause"),
                                          entry.get("unless_next_clause")),
            extent=self._choice((*where, "extent"), entry.get(
                "extent", "following" if entry["position"] == "clause_start" else "clause"),
                ("following", "clause", "phrase")),
            governs=self.terms((*where, "governs"), entry.get("governs")),
        )

    def _types(self, types: Any) -> dict[str, ConditionType]:
        """Check and compile the condition types."""
        if not isinstance(types, dict) or not types:
            self.problem(("condition_types",), "expected a mapping of condition types",
                         "see the file header")
            return {}
        compiled = {}
        for name, entry in types.items():
            where = ("condition_types", str(name))
            if not _NAME.fullmatch(str(name)):
                self.problem(where, f"type name {name!r} is not UPPER_CASE",
                             "rename it, e.g. KEEP_PROMISES")
            if not self._check_keys(entry, where, TYPE_FIELDS, TYPE_OPTIONAL):
                continue
            implies = entry["implies"]
            as_trigger = entry.get("implies_as_trigger", implies)
            for key, value in (("implies", implies), ("implies_as_trigger", as_trigger)):
                if value is not None and value not in self.category_names:
                    self.problem((*where, key), f"unknown category {value!r}",
                                 "write null or a category name")
            compiled[str(name)] = ConditionType(
                name=str(name), definition=str(entry["definition"]).strip(),
                implies=implies, cues=self._cues(where, str(name), entry["cues"]),
                implies_as_trigger=as_trigger,
            )
        return compiled

    def _frame(self, where: tuple[str, ...], entry: Any) -> Frame:
        if not self._check_keys(entry, where, FRAME_FIELDS, ()):
            return Frame("invalid", TermSet(), "anywhere", "clause")
        return Frame(
            id=str(entry["id"]), words=self.terms((*where, "words"), entry["words"]),
            position=self._choice((*where, "position"), entry["position"], POSITIONS),
            scope=self._choice((*where, "scope"), entry["scope"], FRAME_SCOPES),
        )


# --- tables ----------------------------------------------------------------------------------


def codebook_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """The codebook as a table, one row per category, in file order.

    Columns: category, definition, include, exclude, cameo, plover, negated (category a negated
    cue yields, or "drop"), n_cues, cues (cue ids joined by ", "), example (the first example
    sentence), example_source.
    """
    codebook = codebook or load_codebook()
    rows = []
    for category in codebook.categories.values():
        example = category.examples[0] if category.examples else {"text": "", "source": ""}
        rows.append({
            "category": category.name, "definition": category.definition,
            "include": category.include, "exclude": category.exclude,
            "cameo": category.cameo, "plover": category.plover, "negated": category.negated,
            "n_cues": len(category.cues), "cues": ", ".join(cue.id for cue in category.cues),
            "example": example["text"], "example_source": example["source"],
        })
    return pd.DataFrame(rows)


def cue_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """Every cue of every category and condition type, one row each, in file order.

    Columns: owner (category or condition type), rule (OWNER/id), terms (the terms as written,
    joined by " + "), window, scope, negation, negated, note.
    """
    codebook = codebook or load_codebook()
    rows = []
    owners = [*codebook.categories.values(), *codebook.condition_types.values()]
    for owner in owners:
        for cue in owner.cues:
            rows.append({
                "owner": cue.owner, "rule": cue.rule,
                "terms": " + ".join(term.literals[0] for term in cue.terms),
                "window": cue.window if cue.window >= 0 else codebook.settings["window"],
                "scope": cue.scope, "negation": cue.negation,
                "negated": cue.negated or "", "note": cue.note,
            })
    return pd.DataFrame(rows)


def condition_type_table(codebook: Codebook | None = None) -> pd.DataFrame:
    """The normalised condition types, one row each: condition_type, definition, implies, cues."""
    codebook = codebook or load_codebook()
    return pd.DataFrame([
        {"condition_type": kind.name, "definition": kind.definition,
         "implies": kind.implies or "", "cues": ", ".join(cue.id for cue in kind.cues)}
        for kind in codebook.condition_types.values()
    ])


def pattern_literals(codebook: Codebook | None = None) -> pd.DataFrame:
    """The literal text of every pattern, for checking that no pattern quotes the reference data.

    One row per pattern: where (section and entry), text (words of the pattern as written, regex
    syntax and @references left out, in order). A cue contributes the words of its terms in
    order, so a long phrase spread over several terms is seen as one text.
    """
    codebook = codebook or load_codebook()
    rows = []
    for name, terms in codebook.vocabulary.items():
        for literal in terms.literals:
            rows.append({"where": f"vocabulary/{name}", "text": _literal_words(literal)})
    owners = [*codebook.categories.values(), *codebook.condition_types.values()]
    for owner in owners:
        for cue in owner.cues:
            words = [_literal_words(term.literals[0]) for term in cue.terms]
            rows.append({"where": cue.rule, "text": " ".join(w for w in words if w)})
    for marker in codebook.markers:
        for literal in marker.words.literals:
            rows.append({"where": f"condition_markers/{marker.id}",
                         "text": _literal_words(literal)})
    for key in ("background", "recent"):
        for literal in codebook.tense[key].literals:
            rows.append({"where": f"tense/{key}", "text": _literal_words(literal)})
    return pd.DataFrame(rows)


def _literal_words(term: str) -> str:
    """The plain words of a term: regex metacharacters and @references removed."""
    if term.startswith("@"):
        return ""
    if term.startswith("/") and term.endswith("/"):
        term = re.sub(r"\\[a-zA-Z]|[\^$.*+?()\[\]{}|\\/]", " ", term[1:-1])
    words = [word for word in term.split() if not word.startswith("@")]
    return " ".join(words)
