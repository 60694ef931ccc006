"""The rules of speech.yml: reporting verbs, source phrases, pronouns and the function words that
attribution reads (see the comments in ``korea_notes/speech.yml``), checked when loaded."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import simplemma
import yaml

from korea_notes.paths import PACKAGE_DIR

SPEECH_FILE: Path = PACKAGE_DIR / "speech.yml"

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
def word_lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="de")


