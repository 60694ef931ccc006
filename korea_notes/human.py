"""Human codes: stored under ``corpus/annotations/human/``, and standing in the analysis wherever
a sentence has them.

**Format** (documented in ``corpus/annotations/README.md``): one JSON-lines file per adjudicated
sample (``<sample>.jsonl``, written by ``python -m korea_notes agree ... --store``), one object
per coded corpus sentence, in the claims format of the reference sets, so that
:func:`korea_notes.reference.load_sentence_set` and ``python -m korea_notes evaluate`` read it
as it is: ``id`` (the corpus sentence id), ``text``, ``context_before``, ``date``, ``outlet``,
``article_id``, ``claims`` (a list of ``{actor, target, category, condition_type,
borderline}``; ``[]`` for a sentence without a position), ``borderline`` (the whole sentence's
coding is disputable), ``coding`` (``single``: one coder; ``adjudicated``: the agreed version of
several), ``coders``, ``sample``, ``row``, ``sheet``, ``note``.

**Standing in the analysis** (:func:`apply_human_codes`): the machine's claims of a sentence with
human codes are replaced by the human claims; every claim gets ``source`` (``human`` or
``machine``). A human claim takes the sentence's published date, its speech (from the
attribution) and its tense (:func:`korea_notes.timeline.with_tense`, the coder's own rule: the
sheet does not ask for tense); ``conditionality`` is ``precondition`` for the claims of a
claimant who also states a PRECONDITION in the sentence, else ``unconditional``; ``modality``
is ``asserted``; ``rule`` names the file and line. Borderline human claims stand too (the human
judged them claims, if disputable ones). A stored sentence whose text no longer matches the
corpus stops the run with the file, the line and the fix: codes are never applied to a
different sentence.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from korea_notes.paths import CORPUS_DIR
from korea_notes.positions import CLAIM_COLUMNS

HUMAN_DIR: Path = CORPUS_DIR / "annotations" / "human"
"""Where adjudicated human codes are stored (one ``<sample>.jsonl`` per sample)."""

SOURCES: tuple[str, ...] = ("human", "machine")

HUMAN_COLUMNS: tuple[str, ...] = (
    "file", "line", "sentence_id", "article_id", "text", "actor", "target", "category",
    "condition_type", "borderline", "coding", "sample",
)
"""Columns of :func:`load_human_codes`: one row per human claim, and one row with category
None for a sentence coded as stating no position. file (name), line; sentence_id; article_id;
text (the sentence as coded); actor; target; category; condition_type; borderline (the claim's
or the sentence's); coding; sample."""

SOURCED_CLAIM_COLUMNS: tuple[str, ...] = (*CLAIM_COLUMNS, "source")
"""Columns of :func:`apply_human_codes`: the claim columns and ``source``."""


class HumanCodesError(ValueError):
    """Stored human codes cannot be used as they are; the message names the file, the line and
    the fix."""


def human_files(directory: str | Path | None = None) -> list[Path]:
    """The human-code files of ``directory`` (default :data:`HUMAN_DIR`), sorted by name."""
    folder = Path(directory) if directory is not None else HUMAN_DIR
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def load_human_codes(directory: str | Path | None = None) -> pd.DataFrame:
    """Every stored human code (columns :data:`HUMAN_COLUMNS`), checked: a record without
    ``id``, ``text`` or ``claims``, an unknown actor or category, or a sentence coded in two
    files raises :class:`HumanCodesError` naming the file and line."""
    from korea_notes.sheets import vocabulary

    words = vocabulary()
    rows: list[dict[str, Any]] = []
    owner: dict[str, str] = {}
    problems: list[str] = []
    for path in human_files(directory):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}, line {number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: not valid JSON ({error.msg}). Fix: restore the file "
                                "from git; never edit it by hand.")
                continue
            missing = [key for key in ("id", "text", "claims") if key not in record]
            if missing:
                problems.append(f"{where}: missing {missing}. Fix: store codes with `agree "
                                "--store`, never by hand.")
                continue
            sentence_id = str(record["id"])
            if sentence_id in owner:
                problems.append(f"{where}: sentence {sentence_id} is coded in {owner[sentence_id]}"
                                " too. Fix: keep one file's codes (delete the other record's "
                                "file or re-store it without the sentence).")
                continue
            owner[sentence_id] = path.name
            rows += _record_rows(record, path, number, words, problems)
    if problems:
        raise HumanCodesError("stored human codes cannot be used:\n"
                              + "\n".join(f"  - {p}" for p in problems))
    return pd.DataFrame(rows, columns=list(HUMAN_COLUMNS))


def _record_rows(record: dict[str, Any], path: Path, number: int, words: Any,
                 problems: list[str]) -> list[dict[str, Any]]:
    where = f"{path}, line {number}"
    base = {"file": path.name, "line": number, "sentence_id": str(record["id"]),
            "article_id": str(record.get("article_id") or str(record["id"]).split("/")[0]),
            "text": str(record["text"]), "coding": record.get("coding"),
            "sample": record.get("sample")}
    sentence_doubt = bool(record.get("borderline", False))
    claims = record["claims"]
    if not isinstance(claims, list):
        problems.append(f"{where}: 'claims' is not a list. Fix: restore the file from git.")
        return []
    if not claims:
        return [base | {"actor": None, "target": None, "category": None,
                        "condition_type": None, "borderline": sentence_doubt}]
    rows = []
    for claim in claims:
        actor, category = claim.get("actor"), claim.get("category")
        target = claim.get("target")
        if actor not in words.actors or (target is not None and target not in words.actors):
            problems.append(f"{where}: actor {actor!r} or target {target!r} is not an actor id. "
                            "Fix: add the actor to korea_notes/actors.yml or re-code the "
                            "sentence.")
        if category not in words.categories:
            problems.append(f"{where}: category {category!r} is not in the codebook. Fix: add "
                            "it to korea_notes/codebook.yml or re-code the sentence.")
        rows.append(base | {"actor": actor, "target": target, "category": category,
                            "condition_type": claim.get("condition_type"),
                            "borderline": bool(claim.get("borderline", False) or sentence_doubt)})
    return rows


def human_sentence_ids(directory: str | Path | None = None) -> frozenset[str]:
    """The ids of the corpus sentences with stored human codes."""
    return frozenset(load_human_codes(directory)["sentence_id"])


# --- records: the stored format --------------------------------------------------------------


def human_records(codes: pd.DataFrame, sample: pd.DataFrame, coding: str = "single",
                  coders: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The stored records (see the module) of the codes of one sheet
    (:data:`korea_notes.sheets.CODE_COLUMNS`), with the texts, date and outlet of ``sample``
    (:data:`korea_notes.sampling.SAMPLE_COLUMNS`), in sample row order."""
    info = {(str(r.sample), int(r.row)): r for r in sample.itertuples(index=False)}
    records = []
    for (name, row), group in codes.groupby(["sample", "row"], sort=True):
        drawn = info[(str(name), int(row))]
        real = group[group["category"].notna()]
        claims = [{"actor": c.actor, "target": _text_or_none(c.target), "category": c.category,
                   "condition_type": _text_or_none(c.condition_type),
                   "borderline": bool(c.borderline)} for c in real.itertuples(index=False)]
        notes = [str(n) for n in group["note"] if isinstance(n, str) and n]
        records.append({
            "id": str(drawn.sentence_id), "text": str(drawn.sentence),
            "context_before": str(drawn.context_before), "date": str(drawn.date),
            "outlet": str(drawn.outlet), "article_id": str(drawn.article_id), "claims": claims,
            "borderline": bool(real.empty and group["borderline"].any()), "coding": coding,
            "coders": list(coders or dict.fromkeys(group["coder"])), "sample": str(name),
            "row": int(row), "sheet": Path(str(group["file"].iloc[0])).name,
            "note": "; ".join(notes) or None,
        })
    return records


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def write_records(records: Iterable[dict[str, Any]], path: str | Path) -> Path:
    """Write records as JSON lines (UTF-8, keys in a fixed order, one object per line)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def records_as_set(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """The records as a sentence set (:func:`korea_notes.reference.load_sentence_set`, with
    context), read through the same loader as every reference file."""
    from korea_notes.reference import load_sentence_set

    with tempfile.TemporaryDirectory(prefix="korea_notes_human_") as folder:
        return load_sentence_set(write_records(records, Path(folder) / "codes.jsonl"))


def store_human_codes(records: Sequence[dict[str, Any]], name: str,
                      directory: str | Path | None = None) -> Path:
    """Store the records as ``<name>.jsonl`` in ``directory`` (default :data:`HUMAN_DIR`).
    Refuses (:class:`HumanCodesError`, nothing written) when the file exists or a sentence is
    stored already."""
    folder = Path(directory) if directory is not None else HUMAN_DIR
    path = folder / f"{name}.jsonl"
    if path.exists():
        raise HumanCodesError(f"{path} exists: stored codes are never overwritten. Fix: store "
                              "the corrected coding under a new sample name, and delete the "
                              "old file in the same commit if it is replaced.")
    stored = load_human_codes(folder)
    twice = sorted(set(stored["sentence_id"]) & {str(r["id"]) for r in records})
    if twice:
        raise HumanCodesError(f"sentences {twice[:5]} have stored human codes already "
                              f"({len(twice)} in all). Fix: draw samples with the sample "
                              "command, which never draws them.")
    return write_records(records, path)


# --- human codes in the analysis -------------------------------------------------------------


def apply_human_codes(claims: pd.DataFrame, sentences: pd.DataFrame,
                      human: pd.DataFrame | None = None,
                      directory: str | Path | None = None) -> pd.DataFrame:
    """The claims with every human-coded sentence's machine claims replaced by its human
    claims (see the module). ``sentences`` are the attributed sentences the claims were coded
    from; ``human`` is :func:`load_human_codes` (default: of ``directory``). Codes of articles
    not in ``sentences`` are not part of this analysis and are left out. Columns:
    :data:`SOURCED_CLAIM_COLUMNS`, in reading order."""
    human = load_human_codes(directory) if human is None else human
    machine = claims.assign(source="machine")
    human = human[human["article_id"].isin(set(sentences["article_id"].astype(str)))]
    if human.empty:
        return machine[list(SOURCED_CLAIM_COLUMNS)].reset_index(drop=True)
    _check_texts(human, sentences)
    coded = set(human["sentence_id"])
    chosen = sentences[sentences["sentence_id"].astype(str).isin(coded)]
    from korea_notes.timeline import with_tense

    info = {str(r["sentence_id"]): r for r in with_tense(chosen).to_dict("records")}
    rows = [_human_claim(claim, info[claim["sentence_id"]], human)
            for claim in human[human["category"].notna()].to_dict("records")]
    kept = machine[~machine["sentence_id"].astype(str).isin(coded)]
    result = pd.concat([kept, pd.DataFrame(rows, columns=list(SOURCED_CLAIM_COLUMNS))],
                       ignore_index=True) if rows else kept
    order = {sid: index for index, sid in enumerate(sentences["sentence_id"].astype(str))}
    result = result.assign(_order=result["sentence_id"].astype(str).map(order))
    result = result.sort_values("_order", kind="stable").drop(columns="_order")
    return result[list(SOURCED_CLAIM_COLUMNS)].reset_index(drop=True)


def _check_texts(human: pd.DataFrame, sentences: pd.DataFrame) -> None:
    texts = dict(zip(sentences["sentence_id"].astype(str), sentences["text"].astype(str),
                     strict=True))
    problems = []
    for row in human.drop_duplicates("sentence_id").itertuples(index=False):
        now = texts.get(row.sentence_id)
        if now is None or " ".join(now.split()) != " ".join(row.text.split()):
            state = "is no longer in the corpus" if now is None else "has changed in the corpus"
            problems.append(f"{row.file}, line {row.line}: sentence {row.sentence_id} {state} "
                            f"since it was coded. Fix: restore the article, or delete the record "
                            "and code the sentence again (sample, agree --store).")
    if problems:
        raise HumanCodesError("stored human codes do not fit the corpus:\n"
                              + "\n".join(f"  - {p}" for p in problems))


def _human_claim(claim: dict[str, Any], sentence: dict[str, Any], human: pd.DataFrame
                 ) -> dict[str, Any]:
    same = human[(human["sentence_id"] == claim["sentence_id"])
                 & (human["actor"] == claim["actor"])]
    conditional = "PRECONDITION" in set(same["category"])
    speech = sentence.get("speech")
    return {
        "article_id": sentence["article_id"], "published": sentence["published"],
        "sentence_id": claim["sentence_id"], "sentence": sentence["text"],
        "actor": claim["actor"], "target": claim["target"], "category": claim["category"],
        "condition": None, "condition_type": claim["condition_type"],
        "conditionality": "precondition" if conditional else "unconditional",
        "modality": "asserted", "speech": speech if isinstance(speech, str) else "report",
        "tense": sentence["tense"], "rule": f"human: {claim['file']} line {claim['line']}",
        "source": "human",
    }


def with_human_codes(claims: pd.DataFrame, sentences: pd.DataFrame, use: bool = True,
                     directory: str | Path | None = None) -> pd.DataFrame:
    """:func:`apply_human_codes` when ``use`` (the notebooks' ``USE_HUMAN_CODES``), else the
    machine's claims with ``source`` "machine". Columns: :data:`SOURCED_CLAIM_COLUMNS`."""
    if use:
        return apply_human_codes(claims, sentences, directory=directory)
    return claims.assign(source="machine")[list(SOURCED_CLAIM_COLUMNS)].reset_index(drop=True)


def describe_sources(claims: pd.DataFrame) -> str:
    """One computed sentence: how many claims and sentences rest on human codes."""
    source = claims["source"] if "source" in claims else pd.Series("machine", index=claims.index)
    human = claims[source == "human"]
    return (f"{len(human)} of {len(claims)} claims ({human['sentence_id'].nunique()} of "
            f"{claims['sentence_id'].nunique()} evidence sentences) rest on human codes; the "
            "rest on the machine's.")


# --- the reference coding as a human coder ----------------------------------------------------


def reference_codes(reference: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The reference coding of the five articles (:func:`korea_notes.reference.
    load_reference_positions`) as codes of corpus sentences: each row goes to the sentence that
    shares most characters with its quote (as :func:`korea_notes.reference.
    attribution_accuracy` does); rows whose quote the cleaning removed are left out. Columns:
    ``sentence_id``, ``actor``, ``target``, ``category``, ``condition_type`` (None: the
    reference paraphrases conditions instead), ``borderline``, ``line``."""
    from korea_notes.reference import attribution_accuracy

    located = attribution_accuracy(sentences, reference)
    found = located[located["found"]]
    lines = reference.set_index("line")
    rows = [{"sentence_id": r.sentence_id, "actor": lines.loc[r.line, "actor"],
             "target": lines.loc[r.line, "target"], "category": r.category,
             "condition_type": None, "borderline": bool(r.borderline), "line": r.line}
            for r in found.itertuples(index=False)]
    frame = pd.DataFrame(rows, columns=["sentence_id", "actor", "target", "category",
                                        "condition_type", "borderline", "line"])
    return frame.drop_duplicates(["sentence_id", "actor", "target", "category", "borderline"])
