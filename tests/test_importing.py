"""``import``: many articles in one command, with the guarantees of ``add``: every problem of
every article in one report (file, line, fix), nothing changed when anything is wrong,
duplicates and wire copies never added twice."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import korea_notes.adding as adding
from korea_notes.__main__ import main
from korea_notes.corpus import load_articles
from korea_notes.importing import REPORT_COLUMNS, BatchError, import_articles
from korea_notes.paths import CORPUS_DIR

COLUMNS = ["file", "published", "outlet", "title"]
OUTLETS = ("AFP", "dpa", "Reuters", "Deutsche Welle", "tagesschau.de")
REAL = CORPUS_DIR / "articles" / "2021-06-21_sung-kim-talks-without-preconditions.txt"
# Paragraphs of the real articles to build new ones from; none with a machine date line, which
# the corpus checks against the publication date.
PARAGRAPHS = [
    paragraph
    for path in sorted((CORPUS_DIR / "articles").glob("*.txt"))
    for paragraph in path.read_text("utf-8").split("\n\n")
    if len(paragraph.split()) > 12 and not re.search(r"\bdate\s+\d{4}", paragraph)
]


def generated_text(number: int, rng: random.Random) -> str:
    """A new article: an opening sentence of its own, then three real paragraphs."""
    opening = (f"Meldung {number}: Nordkorea und die USA streiten weiter über Gespräche, "
               f"berichtet Korrespondent Nummer {number}.")
    return "\n\n".join([opening, *rng.sample(PARAGRAPHS, 3)]) + "\n"


@dataclass
class Inbox:
    """A batch as a researcher gets it: a folder of text files and a metadata CSV."""

    folder: Path
    meta: Path
    rows: list[dict[str, str]]
    files: dict[str, bytes]
    columns: list[str] = field(default_factory=lambda: list(COLUMNS))
    extra_lines: list[str] = field(default_factory=list)

    def write(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        for name, data in self.files.items():
            (self.folder / name).write_bytes(data)
        with open(self.meta, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=self.columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(self.rows)
            handle.writelines(self.extra_lines)

    def line(self, index: int) -> str:
        """Where row ``index`` is in the CSV."""
        return f"{self.meta}, line {index + 2}"


def make_inbox(tmp_path: Path, count: int) -> Inbox:
    rng = random.Random(13)
    rows, files = [], {}
    for number in range(count):
        name = f"meldung_{number:03d}.txt"
        files[name] = generated_text(number, rng).encode("utf-8")
        year, month, day = 2013 + number % 13, 1 + number % 12, 1 + number % 28
        rows.append({"file": name, "published": f"{year}-{month:02d}-{day:02d}",
                     "outlet": OUTLETS[number % len(OUTLETS)], "title": f"Meldung {number}"})
    inbox = Inbox(tmp_path / "inbox", tmp_path / "meta.csv", rows, files)
    inbox.write()
    return inbox


@pytest.fixture
def inbox(tmp_path: Path) -> Inbox:
    """Five good new articles."""
    return make_inbox(tmp_path, 5)


def run_import(source: Path, corpus: Path, *options: str) -> int:
    return main(["import", str(source), "--corpus", str(corpus), *options])


def write_json_lines(path: Path, items: list[object]) -> Path:
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items),
                    encoding="utf-8")
    return path


def json_items(count: int) -> list[dict[str, str]]:
    rng = random.Random(16)
    return [{"text": generated_text(number, rng), "published": f"2024-01-{1 + number % 28:02d}",
             "outlet": OUTLETS[number % len(OUTLETS)], "title": f"Kim bietet Gespräche an {number}"}
            for number in range(count)]


# --- what goes in --------------------------------------------------------------------------------


def test_a_folder_of_200_articles_is_imported_in_one_command(tmp_path, corpus, capsys):
    inbox = make_inbox(tmp_path, 200)
    assert run_import(inbox.folder, corpus, "--metadata", str(inbox.meta)) == 0
    assert "added 200 article(s)" in capsys.readouterr().out
    articles = load_articles(corpus).set_index("source_file")
    assert len(articles) == 205
    for name, data in inbox.files.items():
        row = articles.loc[name]
        assert (corpus / "articles" / row["file"]).read_bytes() == data
        assert row["sha256"] == hashlib.sha256(data).hexdigest()


def test_json_lines_of_200_articles_are_imported_in_one_command(tmp_path, corpus):
    items = json_items(200)
    source = write_json_lines(tmp_path / "export.jsonl", items)
    assert run_import(source, corpus) == 0
    articles = load_articles(corpus)
    assert len(articles) == 205
    new = articles[articles["source_file"].str.startswith("export.jsonl, line ")]
    texts = {row.source_file: row.raw_text for row in new.itertuples()}
    assert texts == {f"export.jsonl, line {n + 1}": item["text"] for n, item in enumerate(items)}


def test_an_article_id_comes_from_the_date_and_the_file_name_as_add_makes_it(inbox, corpus):
    import_articles(inbox.folder, inbox.meta, corpus)
    assert "2013-01-01_meldung_000" in set(load_articles(corpus)["article_id"])


def test_a_json_lines_article_id_comes_from_the_date_and_the_title(tmp_path, corpus):
    import_articles(write_json_lines(tmp_path / "a.jsonl", json_items(1)), corpus=corpus)
    assert "2024-01-01_kim-bietet-gespraeche-an-0" in set(load_articles(corpus)["article_id"])


def test_one_text_file_is_imported_with_its_row(inbox, corpus):
    inbox.rows = inbox.rows[:1]
    inbox.write()
    table = import_articles(inbox.folder / "meldung_000.txt", inbox.meta, corpus)
    assert list(table["status"]) == ["added"]


def test_the_report_has_one_row_per_article_with_its_status(inbox, corpus):
    table = import_articles(inbox.folder, inbox.meta, corpus)
    assert list(table.columns) == list(REPORT_COLUMNS)
    assert list(table["status"]) == ["added"] * 5
    assert list(table["where"]) == [f"line {n} (meldung_{n - 2:03d}.txt)" for n in range(2, 7)]


def test_a_dry_run_reports_what_would_be_added_and_changes_nothing(snapshot, inbox, corpus, capsys):
    before = snapshot(corpus)
    assert run_import(inbox.folder, corpus, "--metadata", str(inbox.meta), "--dry-run") == 0
    assert "5 article(s) of" in capsys.readouterr().out
    assert snapshot(corpus) == before


def test_a_progress_bar_follows_a_long_import(tmp_path, corpus, capsys):
    inbox = make_inbox(tmp_path, 200)
    import_articles(inbox.folder, inbox.meta, corpus, progress=True)
    err = capsys.readouterr().err
    assert "200/200" in err and "writing" in err


# --- bad rows: each is named with its file, line and fix, and nothing changes ------------------


# Each change breaks row ``index`` of an inbox (of its text, or of the CSV around it).
Change = Callable[[Inbox, int], None]


def _set(column: str, value: str) -> Change:
    def change(inbox: Inbox, index: int) -> None:
        if column not in inbox.columns:
            inbox.columns.append(column)
        inbox.rows[index][column] = value
    return change


def _text(data: bytes) -> Change:
    def change(inbox: Inbox, index: int) -> None:
        inbox.files[inbox.rows[index]["file"]] = data
    return change


def _drop_outlet(inbox: Inbox, index: int) -> None:
    inbox.columns.remove("outlet")


def _unknown_column(inbox: Inbox, index: int) -> None:
    inbox.columns.append("publised")


def _extra_field(inbox: Inbox, index: int) -> None:
    inbox.rows.pop(index)
    inbox.extra_lines.append("meldung_x.txt,2014-05-05,AFP,Titel,zu viel\n")


def _bad_quoting(inbox: Inbox, index: int) -> None:
    inbox.rows.pop(index)
    inbox.extra_lines.append('meldung_x.txt,"2014-05-05"x,AFP,Titel\n')


def _same_file_twice(inbox: Inbox, index: int) -> None:
    del inbox.files[inbox.rows[index]["file"]]
    inbox.rows[index]["file"] = inbox.rows[index - 1]["file"]


def _id_twice(inbox: Inbox, index: int) -> None:
    inbox.columns.append("article_id")
    inbox.rows[index - 1]["article_id"] = inbox.rows[index]["article_id"] = "2014-03-03_twice"


def _same_as_corpus(inbox: Inbox, index: int) -> None:
    inbox.files[inbox.rows[index]["file"]] = REAL.read_bytes()


def _same_as_row_before(inbox: Inbox, index: int) -> None:
    inbox.files[inbox.rows[index]["file"]] = inbox.files[inbox.rows[index - 1]["file"]]


def _wire_copy(inbox: Inbox, index: int) -> None:
    """The text of the row before, with a byline and other whitespace."""
    text = inbox.files[inbox.rows[index - 1]["file"]].decode("utf-8")
    inbox.files[inbox.rows[index]["file"]] = (
        "Von Anna Schmidt und Jens Berger\n\n"
        + text.replace(". ", ".  ").replace("\n\n", "\n\n\n")).encode("utf-8")


def _unlisted(inbox: Inbox, index: int) -> None:
    inbox.files["vergessen.txt"] = b"Ein Artikel ohne Zeile."


def _missing_file(inbox: Inbox, index: int) -> None:
    del inbox.files[inbox.rows[index]["file"]]


def _date_line(inbox: Inbox, index: int) -> None:
    name = inbox.rows[index]["file"]
    inbox.files[name] = b" date 2019-05\n\n" + inbox.files[name]


ROW = "row"
TEXT = "text"
HEADER = "header"
LAST_LINE = "last line"
BAD_ROWS: dict[str, tuple[Change, str, str]] = {
    # kind: (change, where the report names it, what it says)
    "missing column": (_drop_outlet, HEADER, "missing column(s): outlet"),
    "unknown column": (_unknown_column, HEADER, "unknown column(s): 'publised'"),
    "a field too many": (_extra_field, LAST_LINE, "the row has 5 fields, the header 4"),
    "broken quoting": (_bad_quoting, LAST_LINE, "not valid CSV"),
    "empty file cell": (_set("file", ""), ROW, "file is empty"),
    "no such file": (_missing_file, ROW, "no such file"),
    "file outside the folder": (_set("file", "../meta.csv"), ROW, "lies outside"),
    "the same file twice": (_same_file_twice, ROW, "is also on line"),
    "latin-1 text": (_text("Gespräche".encode("latin-1")), TEXT, "not UTF-8"),
    "utf-16 text": (_text("Gespräche".encode("utf-16")), TEXT, "NUL bytes"),
    "empty text": (_text(b" \n\n "), TEXT, "the text is empty"),
    "no date": (_set("published", ""), ROW, "published is empty"),
    "a date in German order": (_set("published", "21.06.2021"), ROW,
                               "is not a date of precision day"),
    "a date in the future": (_set("published", "2099-01-01"), ROW, "lies in the future"),
    "unknown precision": (_set("date_precision", "week"), ROW,
                          "date_precision 'week' is unknown"),
    "unknown date source": (_set("date_source", "guess"), ROW, "date_source 'guess' is unknown"),
    "inferred date without evidence": (_set("date_source", "inferred"), ROW,
                                       "date_evidence is empty"),
    "no outlet": (_set("outlet", ""), ROW, "outlet is empty"),
    "an id that is no file name": (_set("article_id", "../Escape"), ROW,
                                   "is not a readable id"),
    "an id the corpus has": (_set("article_id", "2021-06-21_sung-kim-talks-without-"
                                  "preconditions"), ROW, "already exists"),
    "an id twice": (_id_twice, ROW, "is also that of"),
    "a wrong sha256": (_set("sha256", "0" * 64), ROW, "is not that of the file"),
    "a text the corpus has": (_same_as_corpus, ROW, "already in the corpus as 2021-06-21_"),
    "a text twice": (_same_as_row_before, ROW, "the same text as"),
    "a wire copy": (_wire_copy, ROW, "a near-duplicate"),
    "a file without a row": (_unlisted, "vergessen.txt", "the file has no row in"),
    "a date line that disagrees": (_date_line, TEXT, "the text's date line says 'date 2019-05'"),
}


def expected_place(inbox: Inbox, where: str, index: int) -> str:
    if where == ROW:
        return inbox.line(index)
    if where == TEXT:
        return str(inbox.folder / inbox.rows[index]["file"])
    if where == HEADER:
        return f"{inbox.meta}, line 1"
    if where == LAST_LINE:
        return inbox.line(len(inbox.rows))
    return str(inbox.folder / where)


def report_line(out: str, message: str) -> str:
    """The line of the report that says ``message`` (the whole report if none does)."""
    line = next((line for line in out.splitlines() if message in line), None)
    assert line is not None, out
    return line


@pytest.mark.parametrize("kind", list(BAD_ROWS))
def test_a_bad_row_is_named_with_its_place_and_fix_and_nothing_changes(snapshot, kind, inbox,
                                                                      corpus, capsys):
    change, where, message = BAD_ROWS[kind]
    change(inbox, 2)
    inbox.write()
    before = snapshot(corpus)
    assert run_import(inbox.folder, corpus, "--metadata", str(inbox.meta)) == 1
    out = capsys.readouterr().out
    assert "refused, nothing changed" in out
    line = report_line(out, message)
    assert line.startswith(f"  - {expected_place(inbox, where, 2)}"), line
    assert "Fix: " in line
    assert snapshot(corpus) == before


def test_every_problem_of_every_row_is_in_one_report(snapshot, tmp_path, corpus, capsys):
    inbox = make_inbox(tmp_path, 200)
    broken = {"no date": 10, "no outlet": 20, "a date in the future": 30, "latin-1 text": 40,
              "a wire copy": 50, "no such file": 60, "an id that is no file name": 70,
              "a text the corpus has": 80, "unknown precision": 90}
    for kind, index in broken.items():
        BAD_ROWS[kind][0](inbox, index)
    inbox.write()
    before = snapshot(corpus)
    assert run_import(inbox.folder, corpus, "--metadata", str(inbox.meta)) == 1
    out = capsys.readouterr().out
    assert f"{len(broken)} problem(s)" in out
    for kind, index in broken.items():
        _, where, message = BAD_ROWS[kind]
        line = report_line(out, message)
        assert line.startswith(f"  - {expected_place(inbox, where, index)}"), (kind, line)
    assert snapshot(corpus) == before


JSON_BAD_LINES = {
    "not JSON": ("{text: 'x'}", "not valid JSON"),
    "not an object": ('["Nordkorea", "2024-01-01"]', "a JSON list, not an object"),
    "no text": ('{"published": "2024-01-01", "outlet": "dpa"}', "missing key(s): text"),
    "no outlet": ('{"text": "Ein Text.", "published": "2024-01-01"}', "missing key(s): outlet"),
    "a number for a date": ('{"text": "Ein Text.", "published": 2024, "outlet": "dpa"}',
                            "published is a JSON int, not a string"),
    "an unknown key": ('{"text": "Ein Text.", "published": "2024-01-01", "outlet": "dpa", '
                       '"url": "https://example.org"}', "unknown key(s): 'url'"),
    "a bad date": ('{"text": "Ein Text.", "published": "1. Mai 2024", "outlet": "dpa"}',
                   "is not a date of precision day"),
    "an empty text": ('{"text": "  ", "published": "2024-01-01", "outlet": "dpa"}',
                      "the text is empty"),
    "a NUL in the text": ('{"text": "Ein\\u0000Text", "published": "2024-01-01", '
                          '"outlet": "dpa"}', "NUL bytes"),
}


@pytest.mark.parametrize("kind", list(JSON_BAD_LINES))
def test_a_bad_json_line_is_named_with_its_line_and_fix_and_nothing_changes(snapshot, kind,
                                                                           tmp_path, corpus,
                                                                           capsys):
    bad, message = JSON_BAD_LINES[kind]
    source = write_json_lines(tmp_path / "export.jsonl", json_items(3))
    source.write_text(source.read_text("utf-8") + bad + "\n", encoding="utf-8")
    before = snapshot(corpus)
    assert run_import(source, corpus) == 1
    out = capsys.readouterr().out
    line = report_line(out, message)
    assert line.startswith(f"  - {source}, line 4") and "Fix: " in line
    assert snapshot(corpus) == before


def test_metadata_beside_json_lines_is_refused(tmp_path, corpus, capsys):
    source = write_json_lines(tmp_path / "export.jsonl", json_items(1))
    assert run_import(source, corpus, "--metadata", str(tmp_path / "meta.csv")) == 1
    assert "JSON Lines carry their own metadata" in capsys.readouterr().out


def test_a_folder_without_metadata_is_refused(inbox, corpus, capsys):
    assert run_import(inbox.folder, corpus) == 1
    assert "no metadata given. Fix: pass --metadata" in capsys.readouterr().out


def test_the_corpus_own_problems_stop_the_import(snapshot, inbox, corpus, capsys):
    (corpus / "articles" / REAL.name).write_bytes(b"edited by hand")
    before = snapshot(corpus)
    assert run_import(inbox.folder, corpus, "--metadata", str(inbox.meta)) == 1
    assert f"corpus/articles/{REAL.name}: sha256 is" in capsys.readouterr().out
    assert snapshot(corpus) == before


# --- duplicates ---------------------------------------------------------------------------------


def test_skip_duplicates_leaves_the_copies_out_and_lists_them(inbox, corpus, capsys):
    _same_as_corpus(inbox, 2)
    _wire_copy(inbox, 4)
    inbox.write()
    assert run_import(inbox.folder, corpus, "--metadata", str(inbox.meta),
                      "--skip-duplicates") == 0
    out = capsys.readouterr().out
    assert f"skipped {inbox.line(2)}" in out and f"skipped {inbox.line(4)}" in out
    assert len(load_articles(corpus)) == 5 + 3


def test_a_text_already_in_the_corpus_is_not_added_twice_with_skip_duplicates(inbox, corpus):
    _same_as_corpus(inbox, 2)
    inbox.write()
    table = import_articles(inbox.folder, inbox.meta, corpus, skip_duplicates=True)
    skipped = table[table["status"] == "skipped"]
    assert list(skipped["duplicate_of"]) == ["2021-06-21_sung-kim-talks-without-preconditions"]
    assert list(load_articles(corpus)["sha256"]).count(hashlib.sha256(REAL.read_bytes())
                                                       .hexdigest()) == 1


def test_a_text_that_differs_in_wording_is_no_near_duplicate(inbox, corpus):
    text = inbox.files["meldung_001.txt"].decode("utf-8")
    inbox.files["meldung_002.txt"] = text.replace("Meldung 1:", "Meldung 1b:").encode("utf-8")
    inbox.write()
    assert list(import_articles(inbox.folder, inbox.meta, corpus)["status"]) == ["added"] * 5


# --- all or nothing -----------------------------------------------------------------------------


def test_a_failure_while_writing_undoes_every_file(snapshot, inbox, corpus, monkeypatch):
    def fail(*_args):
        raise OSError("disk full")

    before = snapshot(corpus)
    monkeypatch.setattr(adding.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        import_articles(inbox.folder, inbox.meta, corpus)
    assert snapshot(corpus) == before


def test_the_error_lists_every_problem(inbox, corpus):
    _set("published", "")(inbox, 2)
    _set("outlet", "")(inbox, 2)
    inbox.write()
    with pytest.raises(BatchError) as caught:
        import_articles(inbox.folder, inbox.meta, corpus)
    assert {p.what for p in caught.value.problems} == {"outlet is empty", "published is empty"}


def test_a_file_without_a_row_is_named_even_in_a_hidden_folder(tmp_path, corpus, capsys):
    inbox = make_inbox(tmp_path / ".downloads", 3)
    (inbox.folder / "vergessen.txt").write_text("Ein Artikel ohne Zeile.", encoding="utf-8")
    assert run_import(inbox.folder, corpus, "--metadata", str(inbox.meta)) == 1
    assert f"{inbox.folder / 'vergessen.txt'}: the file has no row in" in capsys.readouterr().out


def test_hidden_files_inside_the_folder_are_not_articles(inbox, corpus):
    (inbox.folder / ".ipynb_checkpoints").mkdir()
    (inbox.folder / ".ipynb_checkpoints" / "meldung_000-checkpoint.txt").write_text("x")
    assert list(import_articles(inbox.folder, inbox.meta, corpus)["status"]) == ["added"] * 5
