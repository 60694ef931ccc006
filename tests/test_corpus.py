"""The corpus loader: what it returns for the real corpus, and how it refuses bad input."""

from __future__ import annotations

import csv
import hashlib
import shutil
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from korea_notes.corpus import (
    REQUIRED_COLUMNS,
    CorpusError,
    corpus_checksum,
    load_articles,
    validate_corpus,
)
from korea_notes.paths import CORPUS_DIR

# --- the real corpus --------------------------------------------------------------------------


def test_real_corpus_has_five_articles_in_date_order():
    articles = load_articles()
    assert list(articles["published"].dt.strftime("%Y-%m-%d")) == [
        "2013-06-16",
        "2019-01-03",
        "2020-07-08",
        "2021-06-21",
        "2025-09-22",
    ]


def test_columns_are_typed():
    articles = load_articles()
    assert articles["published"].dtype == "datetime64[ns]"
    assert isinstance(articles["date_precision"].dtype, pd.CategoricalDtype)
    assert list(articles["date_precision"].cat.categories) == ["day", "month", "year"]
    assert list(articles.columns) == [*REQUIRED_COLUMNS, "raw_text"]


def test_outlets_come_from_the_metadata():
    outlets = load_articles().set_index("article_id")["outlet"]
    assert outlets["2019-01-03_trump-praises-kim-letter"] == "RND"
    assert outlets["2020-07-08_biegun-signals-readiness"] == "RT Deutsch"
    assert outlets["2025-09-22_kim-offers-talks-on-conditions"] == "ZDFheute"


def test_article_files_match_their_recorded_sha256():
    metadata = pd.read_csv(CORPUS_DIR / "metadata.csv", dtype=str)
    for row in metadata.itertuples():
        data = (CORPUS_DIR / "articles" / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256, row.file


def test_raw_text_is_the_file_decoded_unchanged():
    articles = load_articles()
    for row in articles.itertuples():
        assert row.raw_text == (CORPUS_DIR / "articles" / row.file).read_text(encoding="utf-8")


def test_every_inferred_date_has_evidence():
    articles = load_articles()
    inferred = articles[articles["date_source"].str.contains("inferred")]
    assert len(inferred) == 5
    assert (inferred["date_evidence"].str.len() > 40).all()


def test_loading_twice_gives_identical_tables():
    pd.testing.assert_frame_equal(load_articles(), load_articles())


def test_corpus_checksum_changes_when_a_file_changes(tmp_path):
    corpus = _copy_corpus(tmp_path)
    before = corpus_checksum(corpus)
    path = corpus / "articles" / "2013-06-16_ndc-offers-talks.txt"
    path.write_bytes(path.read_bytes() + b" ")
    assert corpus_checksum(corpus) != before


# --- bad input ------------------------------------------------------------------------------

NDC = "2013-06-16_ndc-offers-talks"
BIEGUN = "2020-07-08_biegun-signals-readiness"


def _copy_corpus(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR / "articles", target / "articles")
    shutil.copy(CORPUS_DIR / "metadata.csv", target / "metadata.csv")
    return target


def _rows(corpus: Path) -> list[dict[str, str]]:
    with open(corpus / "metadata.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_rows(corpus: Path, rows: list[dict[str, str]], columns=None) -> None:
    columns = columns or list(rows[0])
    with open(corpus / "metadata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _edit_row(corpus: Path, which: str, **changes: str) -> None:
    rows = _rows(corpus)
    for row in rows:
        if row["article_id"] == which:
            row.update(changes)
    _write_rows(corpus, rows)


def _replace_text(corpus: Path, article_id: str, data: bytes) -> None:
    """Give an article new bytes and record their checksum, so only the content is wrong."""
    (corpus / "articles" / f"{article_id}.txt").write_bytes(data)
    _edit_row(corpus, article_id, sha256=hashlib.sha256(data).hexdigest())


def _error(corpus: Path) -> CorpusError:
    with pytest.raises(CorpusError) as caught:
        load_articles(corpus)
    return caught.value


def test_text_file_without_metadata_row_is_named(tmp_path):
    corpus = _copy_corpus(tmp_path)
    (corpus / "articles" / "stray.txt").write_text("Ein Text ohne Zeile.", encoding="utf-8")
    message = str(_error(corpus))
    assert "corpus/articles/stray.txt" in message
    assert "no row in metadata.csv" in message
    assert "add its row" in message


def test_metadata_row_without_file_is_named_with_its_line(tmp_path):
    corpus = _copy_corpus(tmp_path)
    (corpus / "articles" / f"{BIEGUN}.txt").unlink()
    message = str(_error(corpus))
    assert f"corpus/articles/{BIEGUN}.txt" in message
    assert "metadata.csv line 4 names this file but it does not exist" in message


def test_checksum_mismatch_names_file_and_both_digests(tmp_path):
    corpus = _copy_corpus(tmp_path)
    path = corpus / "articles" / f"{NDC}.txt"
    path.write_bytes(path.read_bytes().replace(b"Kim Jong Un", b"Kim Jong-un"))
    error = _error(corpus)
    (problem,) = error.problems
    assert problem.file == f"corpus/articles/{NDC}.txt"
    assert hashlib.sha256(path.read_bytes()).hexdigest() in problem.what
    assert "restore the file as received" in problem.fix


def test_latin1_file_is_reported_at_its_first_bad_byte(tmp_path):
    corpus = _copy_corpus(tmp_path)
    data = "Zeile eins\nDie nordkoreanische Führung\n".encode("latin-1")
    _replace_text(corpus, NDC, data)
    (problem,) = _error(corpus).problems
    bad_byte = data.index("ü".encode("latin-1"))
    assert problem.where == f"byte {bad_byte} (line 2)"
    assert "not UTF-8" in problem.what
    assert "convert the received file before adding it" in problem.fix


def test_utf16_file_is_reported_not_decoded(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _replace_text(corpus, NDC, "Die Führung".encode("utf-16"))
    message = str(_error(corpus))
    assert f"corpus/articles/{NDC}.txt" in message
    assert "save the text as UTF-8" in message


def test_empty_text_is_an_error(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _replace_text(corpus, NDC, b"  \n\n")
    (problem,) = _error(corpus).problems
    assert problem.file == f"corpus/articles/{NDC}.txt"
    assert problem.what == "the text is empty"


def test_duplicate_ids_name_both_lines(tmp_path):
    corpus = _copy_corpus(tmp_path)
    rows = _rows(corpus)
    rows[1]["article_id"] = rows[0]["article_id"]
    _write_rows(corpus, rows)
    message = str(_error(corpus))
    assert f"duplicate article_id '{NDC}' (first on line 2)" in message
    assert f"metadata.csv, line 3 ({NDC})" in message


def test_unparseable_date_is_named_with_the_expected_form(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, published="16.06.2013")
    (problem,) = _error(corpus).problems
    assert problem.where == f"line 2 ({NDC})"
    assert "published '16.06.2013' is not a date of precision day" in problem.what
    assert problem.fix == "write it as YYYY-MM-DD"


def test_impossible_calendar_date_is_an_error(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, published="2013-02-30")
    assert "is not a date of precision day" in str(_error(corpus))


def test_future_date_is_an_error(tmp_path):
    corpus = _copy_corpus(tmp_path)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    _edit_row(corpus, NDC, published=tomorrow)
    assert f"published {tomorrow} lies in the future" in str(_error(corpus))


def test_date_contradicting_the_texts_date_line_is_an_error(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, BIEGUN, published="2020-08-08")
    (problem,) = _error(corpus).problems
    assert problem.file == f"corpus/articles/{BIEGUN}.txt"
    assert problem.where == "line 1"
    assert "'date 2020-07'" in problem.what


def test_date_agreeing_with_the_date_line_at_month_precision_loads(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, BIEGUN, published="2020-07", date_precision="month")
    articles = load_articles(corpus).set_index("article_id")
    assert articles.loc[BIEGUN, "published"] == pd.Timestamp("2020-07-01")
    assert articles.loc[BIEGUN, "date_precision"] == "month"


def test_missing_required_value_is_named(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, outlet="")
    (problem,) = _error(corpus).problems
    assert (problem.where, problem.what, problem.fix) == (f"line 2 ({NDC})", "outlet is empty",
                                                          "fill in outlet")


def test_missing_column_is_named(tmp_path):
    corpus = _copy_corpus(tmp_path)
    rows = _rows(corpus)
    columns = [column for column in rows[0] if column != "outlet"]
    _write_rows(corpus, [{c: row[c] for c in columns} for row in rows], columns)
    problem, *unread = _error(corpus).problems
    assert problem.file == "corpus/metadata.csv"
    assert problem.what == "missing column(s): outlet"
    assert len(unread) == 5
    assert {p.what for p in unread} == {"not loaded because metadata.csv could not be read"}


def test_inferred_date_without_evidence_is_an_error(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, date_evidence="")
    assert "the date is inferred but date_evidence is empty" in str(_error(corpus))


def test_file_path_leaving_the_corpus_is_refused(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, file="../../etc/passwd")
    message = str(_error(corpus))
    assert "points outside corpus/articles/" in message
    assert f"corpus/articles/{NDC}.txt: the file has no row" in message


def test_extra_metadata_columns_are_kept(tmp_path):
    corpus = _copy_corpus(tmp_path)
    rows = _rows(corpus)
    for row in rows:
        row["coder"] = "mk"
    _write_rows(corpus, rows)
    assert (load_articles(corpus)["coder"] == "mk").all()


def test_several_problems_are_reported_together(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, published="gestern")
    (corpus / "articles" / f"{BIEGUN}.txt").write_bytes(b"\xff\xfe")
    (corpus / "articles" / "stray.txt").write_text("x", encoding="utf-8")
    error = _error(corpus)
    assert len(error.problems) >= 3
    assert {"corpus/metadata.csv", f"corpus/articles/{BIEGUN}.txt",
            "corpus/articles/stray.txt"} <= set(error.files)


def test_every_article_is_loaded_or_named(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _replace_text(corpus, BIEGUN, b"")
    error = _error(corpus)
    loadable = {row["article_id"] for row in _rows(corpus)} - {BIEGUN}
    assert f"corpus/articles/{BIEGUN}.txt" in error.files
    assert not any(article_id in " ".join(error.files) for article_id in loadable)


def test_validate_corpus_lists_problems_without_raising(tmp_path):
    corpus = _copy_corpus(tmp_path)
    assert validate_corpus(corpus) == []
    _edit_row(corpus, NDC, date_precision="week")
    (problem,) = validate_corpus(corpus)
    assert "date_precision 'week' is unknown" in problem.what


def test_missing_corpus_folder_is_named(tmp_path):
    message = str(_error(tmp_path / "nowhere"))
    assert "the corpus folder does not exist" in message


def test_file_not_named_after_its_article_id_is_an_error(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, article_id="2013-06-16_something-else")
    (problem,) = _error(corpus).problems
    assert problem.what == (f"file '{NDC}.txt' is not named after its article_id "
                            "'2013-06-16_something-else'")


def test_short_metadata_row_is_named_once_with_the_right_fix(tmp_path):
    corpus = _copy_corpus(tmp_path)
    lines = (corpus / "metadata.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = ",".join(lines[2].split(",")[:3]) + "\n"  # cut the row for 2019 short
    (corpus / "metadata.csv").write_text("".join(lines), encoding="utf-8")
    (problem,) = _error(corpus).problems
    assert problem.where == "line 3"
    assert problem.what == "the row has 3 fields, the header 13"
    assert problem.fix.startswith("give the row one value per column")


def test_crlf_line_ends_load_unchanged(tmp_path):
    corpus = _copy_corpus(tmp_path)
    path = corpus / "articles" / f"{NDC}.txt"
    _replace_text(corpus, NDC, path.read_bytes().replace(b"\n", b"\r\n"))
    raw_text = load_articles(corpus).set_index("article_id").loc[NDC, "raw_text"]
    assert "\r\n\r\nDie nordkoreanische Führung" in raw_text


def test_printed_table_shows_id_date_precision_and_outlet_of_every_article():
    printed = str(load_articles())
    assert "2019-01-03_trump-praises-kim-letter 2019-01-03            day        RND" in printed
    assert printed.count("\n") == 6  # header, five articles, the line naming the other columns


def test_error_keeps_the_articles_that_passed_every_check(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _replace_text(corpus, BIEGUN, b"")
    error = _error(corpus)
    assert len(error.articles) == 4
    assert BIEGUN not in set(error.articles["article_id"])
    assert "4 other article(s) passed every check" in str(error)


def test_record_separator_inside_a_metadata_value_is_not_a_line_break(tmp_path):
    corpus = _copy_corpus(tmp_path)
    _edit_row(corpus, NDC, event="Angebot\x1eder NDC")
    assert load_articles(corpus).loc[0, "event"] == "Angebot\x1eder NDC"
