"""Bad input, generated: the loader and the cleaning either give a correct result or a
CorpusError that names the file; never another exception, a hang, or an article lost. The
sentence splitter keeps every sentence inside its paragraph and on the clean text; attribution
and the coder take any German-ish text (unbalanced quotation marks, control characters, stray
line ends) and return their documented columns.

Each property runs ``EXAMPLES`` generated cases (hypothesis, derandomised so that every run
tries the same cases; the slow ones fewer, as their settings say). The number of cases run is
printed at the end of the module's tests.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from korea_notes.actors import ACTOR_IDS
from korea_notes.attribution import attribute_sentences
from korea_notes.cleaning import clean_articles, paragraphs, trace_paragraphs
from korea_notes.codebook import load_codebook
from korea_notes.corpus import REQUIRED_COLUMNS, CorpusError, load_articles
from korea_notes.language import split_sentences
from korea_notes.paths import CORPUS_DIR
from korea_notes.positions import CLAIM_COLUMNS, PositionsError, code_positions, code_text
from korea_notes.quotes import find_quotes

EXAMPLES = 150
PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

CASES: Counter[str] = Counter()
"""Generated cases run, per property (printed at the end of the module)."""


def counted(test):
    """Count every call of a property (each generated case, shrinking included)."""
    @functools.wraps(test)
    def run(*args, **kwargs):
        CASES[test.__name__] += 1
        return test(*args, **kwargs)
    return run


@pytest.fixture(scope="module", autouse=True)
def report_case_counts(request):
    """After the module's tests: one line with the number of generated cases run."""
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None or capture is None or not CASES:
        return
    parts = ", ".join(f"{name.removeprefix('test_')}: {n}" for name, n in CASES.items())
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"\nhypothesis: {sum(CASES.values())} generated cases run ({parts})")


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
@counted
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
@counted
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
@counted
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
@counted
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
@counted
def test_huge_article_is_cleaned_in_one_piece(repeat):
    text = ("Nordkorea bietet den USA Gespräche an.\n\n" * repeat).strip()
    clean, changes = clean_articles(pd.DataFrame({"article_id": ["huge"], "raw_text": [text]}))
    assert len(clean.loc[0, "sections"]) == repeat


# --- sentences, attribution and coding ---------------------------------------------------------

# Words of German news on the conflict, with the traps of splitter and coder: abbreviations and
# ordinals ("z. B.", "am 12. Juni"), condition markers, "ohne Vorbedingungen", speech verbs.
WORDS = (
    "Nordkorea", "die", "USA", "Kim", "Jong", "Un", "Trump", "Biden", "sagte", "erklärte",
    "bietet", "Gespräche", "an", "ohne", "Vorbedingungen", "zunächst", "erst", "wenn", "bevor",
    "solange", "nicht", "bis", "Sanktionen", "Atomwaffen", "Denuklearisierung", "verzichten",
    "fordert", "droht", "Washington", "Pjöngjang", "Seoul", "am", "12.", "Juni", "z.", "B.",
    "Nr.", "1", "(...)", "habe", "sei", "werde", "laut", "zufolge", "wonach", "er", "sie",
    "Dialog", "bereit", "keine", "Notwendigkeit", "US-Präsident", "Machthaber", "Nordkoreas",
    "dass", "und", "aber", ",", "-", "–", "(", ")",
)
QUOTE_MARKS = ("„", "“", "”", '"', "»", "«", "'", "‚", "‘")
SEPARATORS = (" ", " ", " ", " ", ". ", "! ", "? ", ": ", "\n", "\n\n", "\r\n", "\r", "\t",
              "\x00", "\x0b", "\x1f", "\x7f", "\u00a0", "\u200b", "\u2028", "\ufeff")
GERMANISH = st.lists(
    st.tuples(st.sampled_from(WORDS + QUOTE_MARKS), st.sampled_from(SEPARATORS)), max_size=80,
).map(lambda pairs: "".join(word + separator for word, separator in pairs))
UNBALANCED = st.lists(
    st.tuples(st.sampled_from(QUOTE_MARKS), st.sampled_from(WORDS), st.sampled_from(WORDS),
              st.sampled_from(SEPARATORS)), min_size=1, max_size=20,
).map(lambda parts: "Kim sagte, " + "".join(f"{m}{a} {b}{s}" for m, a, b, s in parts))
PUBLISHED = st.one_of(st.none(), st.dates(min_value=pd.Timestamp("2000-01-01").date(),
                                          max_value=pd.Timestamp("2030-12-31").date()))
SLOW = settings(PROPERTY, max_examples=EXAMPLES // 3)
"""For properties that run the whole coder on every case."""
CATEGORIES = set(load_codebook().categories)


def _sentences_of(text: str, published=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean and split one generated article."""
    frame = pd.DataFrame({"article_id": ["generated"], "raw_text": [text],
                          "published": [pd.Timestamp(published) if published else pd.NaT]})
    clean, _ = clean_articles(frame)
    return clean, split_sentences(clean)


@pytest.mark.parametrize("text", ["Quelle: dpa", "03.09.2025 | 1:20 min", ""])
def test_article_of_nothing_but_noise_has_no_sentences(text):
    frame = pd.DataFrame({"article_id": ["noise"], "raw_text": [text],
                          "published": [pd.Timestamp("2020-01-01")]})
    assert split_sentences(clean_articles(frame)[0]).empty


def test_text_of_nothing_but_noise_has_no_claims():
    assert code_text("Quelle: dpa").empty


def _assert_sentences_lie_in_their_paragraphs(clean: pd.DataFrame, sentences: pd.DataFrame):
    text = clean.loc[0, "clean_text"]
    spans = paragraphs(clean).set_index("paragraph")
    assert sentences["sentence_id"].is_unique
    assert list(sentences["sentence"]) == list(range(len(sentences)))
    for row in sentences.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert row.text == text[row.start:row.end]
        paragraph = spans.loc[row.paragraph]
        assert paragraph.start <= row.start and row.end <= paragraph.end
        assert row.section == paragraph.section


def _assert_nothing_but_space_between_sentences(clean: pd.DataFrame, sentences: pd.DataFrame):
    text, covered = clean.loc[0, "clean_text"], set()
    for row in sentences.itertuples():
        covered.update(range(row.start, row.end))
    left = "".join(char for i, char in enumerate(text) if i not in covered)
    assert not left.strip(), f"text in no sentence: {left!r}"


@PROPERTY
@given(text=st.one_of(NASTY_TEXT, GERMANISH))
@counted
def test_sentences_lie_on_the_clean_text_inside_one_paragraph(text):
    clean, sentences = _sentences_of(text)
    _assert_sentences_lie_in_their_paragraphs(clean, sentences)
    _assert_nothing_but_space_between_sentences(clean, sentences)


@PROPERTY
@given(text=UNBALANCED, published=PUBLISHED)
@counted
def test_unbalanced_quotation_marks_are_attributed_sentence_by_sentence(text, published):
    clean, sentences = _sentences_of(text, published)
    _assert_sentences_lie_in_their_paragraphs(clean, sentences)
    attributed = attribute_sentences(sentences)
    assert list(attributed["sentence_id"]) == list(sentences["sentence_id"])
    assert set(attributed["speech"]) <= {"direct", "indirect", "report"}
    assert set(attributed["actor"].dropna()) <= set(ACTOR_IDS)
    quotes = find_quotes(sentences)
    ids = set(sentences["sentence_id"])
    assert all(set(quote_ids) <= ids for quote_ids in quotes["sentence_ids"])


@SLOW
@given(text=st.one_of(GERMANISH, UNBALANCED, NASTY_TEXT), published=PUBLISHED)
@counted
def test_coder_takes_any_german_ish_text(text, published):
    if not text.strip():
        with pytest.raises(PositionsError, match="empty"):
            code_text(text, published=published)
        return
    _, sentences = _sentences_of(text, published)
    claims = code_text(text, published=published)
    assert tuple(claims.columns) == CLAIM_COLUMNS
    assert set(claims["category"]) <= CATEGORIES
    assert set(claims["actor"].dropna()) <= set(ACTOR_IDS)
    assert set(claims["conditionality"]) <= {"unconditional", "precondition", "reciprocal"}
    assert set(claims["sentence"]) <= set(sentences["text"])


@SLOW
@given(texts=st.lists(st.one_of(GERMANISH, UNBALANCED), min_size=1, max_size=4))
@counted
def test_coder_takes_a_sentences_table_without_attribution(texts):
    sentences = pd.DataFrame({
        "article_id": "generated", "published": pd.NaT,
        "sentence_id": [f"generated/p{i:02d}s00" for i in range(len(texts))],
        "sentence": range(len(texts)), "text": texts})
    claims = code_positions(sentences)
    assert tuple(claims.columns) == CLAIM_COLUMNS
    assert set(claims["sentence_id"]) <= set(sentences["sentence_id"])


def test_coder_takes_the_documented_minimal_sentences_table():
    sentences = pd.DataFrame({"article_id": ["a"], "sentence_id": ["a/p00s00"],
                              "text": ["Nordkorea bietet den USA Gespräche an."]})
    claims = code_positions(sentences)
    assert tuple(claims.columns) == CLAIM_COLUMNS
    assert list(zip(claims["actor"], claims["category"], strict=True)) == [("DPRK", "OFFER_TALKS")]


@settings(max_examples=3, deadline=None, derandomize=True)
@given(repeat=st.integers(300, 600))
@counted
def test_huge_article_is_split_paragraph_by_paragraph(repeat):
    body = ("Kim sagte am 12. Juni, z. B. Nr. 1 sei „nicht verhandelbar. "
            "Die USA fordern zunächst die Denuklearisierung.")
    clean, sentences = _sentences_of("\n\n".join([body] * repeat))
    assert len(clean.loc[0, "sections"]) == repeat
    assert sentences["paragraph"].nunique() == repeat
    _assert_sentences_lie_in_their_paragraphs(clean, sentences)


@settings(max_examples=3, deadline=None, derandomize=True)
@given(megabytes=st.integers(1, 4), index=st.integers(0, len(REAL_IDS) - 1))
@counted
def test_huge_file_loads_whole(megabytes, index):
    real = (CORPUS_DIR / "articles" / REAL_ROWS[index]["file"]).read_bytes()
    data = real * (megabytes * 1_000_000 // len(real) + 1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        _copy_corpus(folder)
        rows = [dict(row) for row in REAL_ROWS]
        (folder / "articles" / rows[index]["file"]).write_bytes(data)
        rows[index]["sha256"] = hashlib.sha256(data).hexdigest()
        _write_corpus(folder, rows, list(rows[0]))
        articles = load_articles(folder).set_index("article_id")
    assert articles.loc[rows[index]["article_id"], "raw_text"] == data.decode("utf-8")


@settings(max_examples=5, deadline=None, derandomize=True)
@given(words=st.integers(2_000, 5_000))
@counted
def test_huge_sentence_without_full_stop_is_one_sentence(words):
    text = " ".join(["Nordkorea", "bietet", "Gespräche", "an"] * (words // 4))
    clean, sentences = _sentences_of(text)
    assert list(sentences["text"]) == [text]
