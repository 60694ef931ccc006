"""The command line: ``add`` puts an article into the corpus only when the whole corpus stays
valid, and otherwise changes nothing; ``validate`` lists every problem."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

import korea_notes.adding as adding
from korea_notes.__main__ import main
from korea_notes.adding import article_id_for, metadata_with_row
from korea_notes.corpus import load_articles
from korea_notes.paths import CORPUS_DIR

REAL_ARTICLE = CORPUS_DIR / "articles" / "2021-06-21_sung-kim-talks-without-preconditions.txt"


@pytest.fixture
def received(tmp_path: Path) -> Path:
    """A new article as received: the first three paragraphs of a real one, CRLF line ends."""
    paragraphs = REAL_ARTICLE.read_text("utf-8").split("\n\n")[:3]
    path = tmp_path / "inbox" / "Sung Kim Seoul (AFP).txt"
    path.parent.mkdir()
    path.write_bytes("\r\n\r\n".join(paragraphs).encode("utf-8"))
    return path


def add(received: Path, corpus: Path, *options: str) -> int:
    return main(["add", str(received), "--corpus", str(corpus), *options])


def test_validate_reports_the_number_of_articles_of_a_valid_corpus(corpus, capsys):
    assert main(["validate", "--corpus", str(corpus)]) == 0
    assert "5 valid articles" in capsys.readouterr().out


def test_validate_lists_every_problem_with_file_and_fix(corpus, capsys):
    (corpus / "articles" / REAL_ARTICLE.name).write_bytes(b"edited")
    (corpus / "articles" / "stray.txt").write_text("Ein Text ohne Zeile.", encoding="utf-8")
    assert main(["validate", "--corpus", str(corpus)]) == 1
    out = capsys.readouterr().out
    assert "2 problem(s)" in out
    assert f"corpus/articles/{REAL_ARTICLE.name}: sha256 is" in out
    assert "corpus/articles/stray.txt: the file has no row in metadata.csv" in out
    assert out.count("Fix:") == 2


def test_add_copies_the_bytes_unchanged_and_records_their_checksum(corpus, received):
    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 0
    article_id = "2021-06-21_sung-kim-seoul-afp"
    stored = corpus / "articles" / f"{article_id}.txt"
    assert stored.read_bytes() == received.read_bytes()
    row = load_articles(corpus).set_index("article_id").loc[article_id]
    assert row["sha256"] == hashlib.sha256(received.read_bytes()).hexdigest()
    assert row["source_file"] == received.name
    assert row["outlet"] == "AFP" and row["date_source"] == "text"


def test_add_keeps_the_existing_metadata_bytes_and_appends_one_row(corpus, received):
    before = (corpus / "metadata.csv").read_bytes()
    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 0
    after = (corpus / "metadata.csv").read_bytes()
    assert after.startswith(before)
    assert after[len(before):].count(b"\n") == 1


def test_add_quotes_values_with_commas_and_quotation_marks(corpus, received):
    title = 'Sung Kim: "jederzeit, überall, ohne Vorbedingungen"'
    evidence = "Sung Kim spoke in Seoul on 21 June 2021, a Monday"
    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP", "--title",
               title, "--date-source", "inferred", "--date-evidence", evidence,
               "--id", "2021-06-21_sung-kim-seoul") == 0
    row = load_articles(corpus).set_index("article_id").loc["2021-06-21_sung-kim-seoul"]
    assert row["title"] == title
    assert row["date_evidence"] == evidence


def test_add_with_month_precision(corpus, received):
    assert add(received, corpus, "--published", "2021-06", "--precision", "month",
               "--outlet", "unknown") == 0
    row = load_articles(corpus).set_index("article_id").loc["2021-06_sung-kim-seoul-afp"]
    assert row["date_precision"] == "month"
    assert str(row["published"].date()) == "2021-06-01"


@pytest.mark.parametrize("options, message", [
    (["--published", "21.06.2021"], "is not a date of precision day"),
    (["--published", "2099-01-01"], "lies in the future"),
    (["--published", "2021-06-21", "--date-source", "inferred"], "date_evidence is empty"),
    (["--published", "2021-06-21", "--id", "Sung Kim"], "is not a readable id"),
    (["--published", "2021-06-21", "--id", "../../escape"], "is not a readable id"),
])
def test_add_refuses_bad_metadata_and_changes_nothing(snapshot, corpus, received, capsys, options,
                                                       message):
    before = snapshot(corpus)
    assert add(received, corpus, "--outlet", "AFP", *options) == 1
    out = capsys.readouterr().out
    assert "refused, nothing changed" in out and message in out
    assert snapshot(corpus) == before


@pytest.mark.parametrize("data, message", [
    ("Nordkorea bietet Gespräche an.".encode("latin-1"), "not UTF-8"),
    ("Nordkorea bietet Gespräche an.".encode("utf-16"), "NUL bytes"),
    (b"  \n\n ", "the text is empty"),
])
def test_add_refuses_unreadable_text_and_changes_nothing(snapshot, corpus, tmp_path, capsys, data,
                                                         message):
    path = tmp_path / "received.txt"
    path.write_bytes(data)
    before = snapshot(corpus)
    assert add(path, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 1
    out = capsys.readouterr().out
    assert message in out and f"  - {path}" in out
    assert snapshot(corpus) == before


def test_add_refuses_an_article_already_in_the_corpus(snapshot, corpus, capsys):
    before = snapshot(corpus)
    assert add(REAL_ARTICLE, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 1
    assert "already in the corpus as 2021-06-21_sung-kim-talks-without-preconditions" in (
        capsys.readouterr().out)
    assert snapshot(corpus) == before


def test_add_refuses_a_taken_id(snapshot, corpus, received, capsys):
    before = snapshot(corpus)
    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP", "--id",
               "2021-06-21_sung-kim-talks-without-preconditions") == 1
    assert "already exists" in capsys.readouterr().out
    assert snapshot(corpus) == before


def test_add_refuses_while_the_corpus_has_other_problems(snapshot, corpus, received, capsys):
    (corpus / "articles" / REAL_ARTICLE.name).write_bytes(b"edited by hand")
    before = snapshot(corpus)
    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 1
    assert f"corpus/articles/{REAL_ARTICLE.name}: sha256 is" in capsys.readouterr().out
    assert snapshot(corpus) == before


def test_add_undoes_everything_when_writing_metadata_fails(snapshot, corpus, received, monkeypatch):
    def fail(*_args):
        raise OSError("disk full")

    before = snapshot(corpus)
    monkeypatch.setattr(adding.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP")
    assert snapshot(corpus) == before


def test_add_undoes_everything_when_the_corpus_fails_after_the_change(snapshot, corpus, received,
                                                                      capsys, monkeypatch):
    calls = []
    real_validate = adding.validate_corpus

    def validate_then_fail(folder):
        calls.append(folder)
        problems = real_validate(folder)
        if len(calls) == 1:
            return problems
        return [adding.Problem("corpus/metadata.csv", "line 7", "changed meanwhile", "retry")]

    before = snapshot(corpus)
    monkeypatch.setattr(adding, "validate_corpus", validate_then_fail)
    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 1
    assert "changed meanwhile" in capsys.readouterr().out
    assert snapshot(corpus) == before


def test_add_keeps_crlf_line_ends_of_the_metadata(corpus, received):
    metadata = corpus / "metadata.csv"
    metadata.write_bytes(metadata.read_bytes().replace(b"\n", b"\r\n"))
    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 0
    assert metadata.read_bytes().endswith(b",de,Sung Kim Seoul (AFP).txt\r\n")
    assert b"\n" not in metadata.read_bytes().replace(b"\r\n", b"")


def test_metadata_row_lands_in_the_columns_of_the_header():
    metadata = b"article_id,outlet,extra\n1,a,x"
    appended = metadata_with_row(metadata, {"outlet": "b, c", "article_id": "2"})
    rows = list(csv.reader(appended.decode().splitlines()))
    assert rows == [["article_id", "outlet", "extra"], ["1", "a", "x"], ["2", "b, c", ""]]


@pytest.mark.parametrize("name, published, expected", [
    ("Sung Kim Seoul (AFP).txt", "2021-06-21", "2021-06-21_sung-kim-seoul-afp"),
    ("2020-07-08_biegun.txt", "2020-07-08", "2020-07-08_biegun"),
    ("Überraschung in Pjöngjang – Café!.txt", "2024", "2024_ueberraschung-in-pjoengjang-cafe"),
    ("???.txt", "2024-01-02", "2024-01-02_article"),
])
def test_article_id_comes_from_the_file_name_and_date(name, published, expected):
    assert article_id_for(Path(name), published) == expected


def test_the_added_article_goes_through_the_pipeline(corpus, received):
    from korea_notes.positions import code_positions, prepare_sentences

    assert add(received, corpus, "--published", "2021-06-21", "--outlet", "AFP") == 0
    articles = load_articles(corpus)
    new = articles[articles["article_id"] == "2021-06-21_sung-kim-seoul-afp"]
    claims = code_positions(prepare_sentences(new))
    assert "NO_PRECONDITIONS" in set(claims["category"])
