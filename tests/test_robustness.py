"""Bad input, generated: the loader and the cleaning either give a correct result or a
CorpusError that names the file; never another exception, a hang, or an article lost.

Each property runs ``EXAMPLES`` generated cases (hypothesis, derandomised so that every run
tries the same cases).
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from korea_notes.cleaning import clean_articles, paragraphs, trace_paragraphs
from korea_notes.corpus import REQUIRED_COLUMNS, CorpusError, load_articles
from korea_notes.paths import CORPUS_DIR

EXAMPLES = 150
PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

REAL_ROWS = list(csv.DictReader(io.StringIO((CORPUS_DIR / "metadata.csv").read_text("utf-8"))))
REAL_IDS = [row["article_id"] for row in REAL_ROWS]

# Text with the characters real copy brings: umlauts, every quotation mark, no-break and
# zero-width spaces, CR and CRLF line ends, tabs, control characters, ©, dashes.
NASTY_TEXT = st.lists(
    st.sampled_from(
        list("aeiouÄÖÜäöüß KimJongUn.,;:!?-–()[]0123456789©|\n\n\n")
        + ["\r", "\r\n", "\t", "\x00", "\x07", "\x1b", "\u00a0", "\u200b", "\ufeff",
           '"', "„", "“", "”", "»", "«", "'", " date 2020-07 ", "Quelle: dpa", "Von dpa",
           "03.09.2025 | 1:20 min", "Kim Kong Un", "Bedingungen:Nordkorea"]
    ),
    max_size=200,
).map("".join)


def _write_corpus(folder: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n",
                                extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _copy_corpus(folder: Path) -> None:
    shutil.copytree(CORPUS_DIR / "articles", folder / "articles")
    shutil.copy(CORPUS_DIR / "metadata.csv", folder / "metadata.csv")


def _articles_are_accounted_for(folder: Path, ids: list[str]) -> None:
    """Load; every article is loaded (by the call, or in the error's ``articles``) or its id
    or file is named by a problem, and no article is both."""
    try:
        loaded = set(load_articles(folder)["article_id"])
        named: set[str] = set()
    except CorpusError as error:
        loaded = set(error.articles.get("article_id", []))
        text = str(error)
        named = {article_id for article_id in ids if article_id in text}
        assert not loaded & {f.rsplit("/", 1)[-1].removesuffix(".txt") for f in error.files}
    missing = [article_id for article_id in ids if article_id not in loaded | named]
    assert not missing, f"articles neither loaded nor named: {missing}"


@PROPERTY
@given(data=st.binary(max_size=600), index=st.integers(0, len(REAL_IDS) - 1),
       record_checksum=st.booleans())
def test_random_bytes_as_an_article_load_or_name_the_file(data, index, record_checksum):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        _copy_corpus(folder)
        rows = [dict(row) for row in REAL_ROWS]
        (folder / "articles" / rows[index]["file"]).write_bytes(data)
        if record_checksum:
            rows[index]["sha256"] = hashlib.sha256(data).hexdigest()
        _write_corpus(folder, rows, list(rows[0]))
        try:
            articles = load_articles(folder)
        except CorpusError as error:
            assert f"corpus/articles/{rows[index]['file']}" in error.files
            return
        assert record_checksum
        raw = articles.set_index("article_id").loc[rows[index]["article_id"], "raw_text"]
        assert raw == data.decode("utf-8-sig")


@PROPERTY
@given(text=NASTY_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16",
                                                  "utf-16-le", "cp1252"]))
def test_any_encoding_gives_the_text_or_names_the_file(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        _copy_corpus(folder)
        rows = [dict(row) for row in REAL_ROWS]
        (folder / "articles" / rows[0]["file"]).write_bytes(data)
        rows[0]["sha256"] = hashlib.sha256(data).hexdigest()
        _write_corpus(folder, rows, list(rows[0]))
        _articles_are_accounted_for(folder, REAL_IDS)


@PROPERTY
@given(
    drop=st.sets(st.sampled_from(REQUIRED_COLUMNS), max_size=2),
    extra=st.lists(st.text("abcxyz_", min_size=1, max_size=6), max_size=2),
    published=st.one_of(st.just(None), st.text(max_size=12), st.dates().map(str)),
    precision=st.one_of(st.just(None), st.sampled_from(["day", "month", "year", "week", ""])),
    duplicate=st.booleans(),
    file_name=st.one_of(st.just(None), st.sampled_from(
        ["../metadata.csv", "/etc/passwd", "..", "sub/dir.txt", ".hidden.txt", "a\\b.txt",
         "C:evil.txt", "nope.txt"])),
)
def test_malformed_metadata_loads_or_names_every_article(
    drop, extra, published, precision, duplicate, file_name
):
    rows = [dict(row) for row in REAL_ROWS]
    if published is not None:
        rows[1]["published"] = published
    if precision is not None:
        rows[1]["date_precision"] = precision
    if duplicate:
        rows[2]["article_id"] = rows[3]["article_id"]
    if file_name is not None:
        rows[4]["file"] = file_name
    for row in rows:
        row.update({name: "x" for name in extra})
    columns = [c for c in list(REAL_ROWS[0]) if c not in drop]
    columns += [name for name in dict.fromkeys(extra) if name not in columns]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        _copy_corpus(folder)
        _write_corpus(folder, rows, columns)
        _articles_are_accounted_for(folder, REAL_IDS)


@PROPERTY
@given(text=NASTY_TEXT)
def test_cleaning_any_text_is_traceable(text):
    frame = pd.DataFrame({"article_id": ["generated"], "raw_text": [text]})
    clean, changes = clean_articles(frame)
    for change in changes.itertuples():
        assert text[change.raw_start : change.raw_end] == change.text
    table = paragraphs(clean)
    assert len(table) == len(clean.loc[0, "sections"])
    assert trace_paragraphs(clean, changes)["traced"].all()


@settings(max_examples=5, deadline=None, derandomize=True)
@given(repeat=st.integers(2_000, 4_000))
def test_huge_article_is_cleaned_in_one_piece(repeat):
    text = ("Nordkorea bietet den USA Gespräche an.\n\n" * repeat).strip()
    clean, changes = clean_articles(pd.DataFrame({"article_id": ["huge"], "raw_text": [text]}))
    assert len(clean.loc[0, "sections"]) == repeat
