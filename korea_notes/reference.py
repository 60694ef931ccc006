"""The reference sets the coder and the attribution are scored against, read from
``corpus/annotations/`` (see its README for each file's provenance): the coding of the five
articles, and the sets of single coded sentences. Also: where a reference quote lies in the
sentences of an article, and how often the attribution names the reference actor."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from korea_notes.attribution import none_for_missing
from korea_notes.cleaning import normalise
from korea_notes.paths import CORPUS_DIR

REFERENCE_DIR: Path = CORPUS_DIR / "annotations"
"""Where the reference sets live: part of the repository, each described in its README."""


def reference_file(name: str, path: str | Path | None = None) -> Path:
    """The path of a reference set: ``path`` when given, else ``corpus/annotations/<name>``;
    FileNotFoundError naming the file and the fix when it is not there."""
    found = Path(path) if path is not None else REFERENCE_DIR / name
    if not found.is_file():
        raise FileNotFoundError(
            f"{found}: reference set not found. Fix: pass the path of a JSON-lines file, or "
            f"restore {REFERENCE_DIR.name}/{name} from the repository (git checkout -- "
            f"corpus/annotations).")
    return found


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
    path = reference_file("seed_positions.jsonl", path)
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
    return none_for_missing(frame, ("sentence_id", "actor", "actor_basis"))


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


SENTENCE_SET_COLUMNS: tuple[str, ...] = (
    "article_id", "published", "sentence_id", "section", "paragraph", "sentence", "text",
    "start", "end", "role", "actors", "categories", "claims", "paired", "borderline", "source",
    "outlet",
)
"""Columns of :func:`load_sentence_set`.

The sentences columns of :func:`korea_notes.language.split_sentences` (each record is its own
article, ``article_id`` its id; the context sentence, when there is one, is sentence 0 of the
same paragraph and the coded sentence sentence 1); ``role``: ``coded`` or ``context`` (only
coded rows carry reference codes); ``actors`` and ``categories``: tuples of the reference
actor ids and categories; ``claims``: tuple of ``(actor, target, category, condition_type,
borderline)`` tuples; ``paired``: True when the claims pair each category with its actor (the
claims format, or an actors/categories record with at most one actor), False when a record
lists several actors and several categories without saying which goes with which;
``borderline``: the whole sentence's coding is disputable (set aside when scoring); ``source``
(URL) and ``outlet``."""

_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")
_CLAIM_KEYS = ("actor", "target", "category", "condition_type", "borderline")


def load_sentence_set(path: str | Path, *, context: bool = True) -> pd.DataFrame:
    """A set of single coded sentences as a sentences table (columns
    :data:`SENTENCE_SET_COLUMNS`), in either reference format:

    - claims format (``dev_sentences_2.jsonl``): ``id``, ``text``, ``date``, ``claims`` (a list
      of objects with ``actor``, ``target``, ``category``, ``condition_type`` and an optional
      ``borderline``), optional ``context_before``, ``headline``, ``borderline``, ``source``,
      ``outlet``;
    - actors format (``dev_sentences.jsonl``, ``heldout_test.jsonl``): ``id``, ``text``,
      ``date``, ``actors`` and ``categories`` (lists).

    ``context=False`` leaves the context sentences out. ``date`` may be a day, a month
    ("2013-04": its first day) or a year. Raises ValueError naming the file, the line and the
    fix for a record that cannot be read.
    """
    path = Path(path)
    rows: list[dict[str, Any]] = []
    for record in _read_jsonl(path, ("id", "text", "date")):
        where = f"{path}, line {record['line']}"
        claims, actors, categories, paired = _record_codes(record, where)
        published = _record_date(record["date"], where)
        section = "headline" if record.get("headline") else "body"
        before = str(record.get("context_before") or "").strip() if context else ""
        common = {"article_id": str(record["id"]), "published": published, "section": section,
                  "paragraph": 0, "source": record.get("source"), "outlet": record.get("outlet")}
        if before:
            rows.append(common | {
                "sentence_id": f"{record['id']}/p00s00", "sentence": 0, "text": before,
                "start": 0, "end": len(before), "role": "context", "actors": (),
                "categories": (), "claims": (), "paired": True, "borderline": False,
                "section": "body"})
        number = 1 if before else 0
        rows.append(common | {
            "sentence_id": f"{record['id']}/p00s{number:02d}", "sentence": number,
            "text": record["text"], "start": 0, "end": len(record["text"]), "role": "coded",
            "actors": actors, "categories": categories, "claims": claims, "paired": paired,
            "borderline": bool(record.get("borderline", False))})
    return pd.DataFrame(rows, columns=list(SENTENCE_SET_COLUMNS))


def _record_codes(record: dict[str, Any], where: str
                  ) -> tuple[tuple[tuple[Any, ...], ...], tuple[str, ...], tuple[str, ...], bool]:
    """(claims, actors, categories, paired) of one record, in either format."""
    if "claims" in record:
        if not isinstance(record["claims"], list) or not all(
                isinstance(c, dict) and "actor" in c and "category" in c
                for c in record["claims"]):
            raise ValueError(f"{where}: 'claims' must be a list of objects with 'actor' and "
                             f"'category'. Fix: write [] for a sentence without a position.")
        claims = tuple(tuple(bool(c.get(k, False)) if k == "borderline" else c.get(k)
                             for k in _CLAIM_KEYS) for c in record["claims"])
        actors = tuple(dict.fromkeys(c[0] for c in claims))
        categories = tuple(dict.fromkeys(c[2] for c in claims))
        return claims, actors, categories, True
    if "actors" not in record:
        raise ValueError(f"{where}: neither 'claims' nor 'actors'. Fix: add 'claims' (a list "
                         f"of actor/target/category objects) or 'actors' and 'categories'.")
    actors = tuple(record["actors"])
    categories = tuple(record.get("categories") or ())
    if categories and not actors:
        raise ValueError(f"{where}: categories {list(categories)} without an actor. Fix: add "
                         f"the actor who states them to 'actors'.")
    paired = len(actors) <= 1
    claims = tuple((actor, None, category, None, False)
                   for actor in actors[:1] for category in categories) if paired else ()
    return claims, actors, categories, paired


def _record_date(value: Any, where: str) -> pd.Timestamp:
    """A record's date; a month or a year stands for its first day."""
    text = str(value)
    if _DATE.fullmatch(text):
        try:
            return pd.Timestamp({4: text + "-01-01", 7: text + "-01"}.get(len(text), text))
        except ValueError:
            pass
    raise ValueError(f"{where}: date '{text}' is not a date. Fix: write YYYY-MM-DD, YYYY-MM "
                     f"or YYYY.")


def set_claims(sentence_set: pd.DataFrame) -> pd.DataFrame:
    """The reference claims of a :func:`load_sentence_set` table, one row each: ``article_id``,
    ``sentence_id``, ``actor``, ``target``, ``category``, ``condition_type``, ``borderline``
    (the claim's or its sentence's)."""
    rows = [{"article_id": s.article_id, "sentence_id": s.sentence_id,
             **dict(zip(_CLAIM_KEYS, claim, strict=True))}
            | {"borderline": bool(claim[4] or s.borderline)}
            for s in sentence_set.itertuples(index=False) for claim in s.claims]
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", *_CLAIM_KEYS])


def load_dev_sentences(path: str | Path | None = None) -> pd.DataFrame:
    """The development sentences (``corpus/annotations/dev_sentences.jsonl``, or the set at
    ``path``) without context: one sentence per article, columns :data:`SENTENCE_SET_COLUMNS`."""
    return load_sentence_set(reference_file("dev_sentences.jsonl", path), context=False)


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
