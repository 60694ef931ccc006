"""The annotation cache: a second run reads everything from disk, and a changed article, splitting
rule or annotation code recomputes exactly the articles it affects."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from korea_notes.cache import ANNOTATION_FIELDS, AnnotationCache, code_version
from korea_notes.cleaning import clean_articles
from korea_notes.corpus import load_articles
from korea_notes.language import ANNOTATION_COLUMNS, annotate
from korea_notes.sentences import RULES_FILE, load_sentence_rules, split_sentences

KIM_2025 = "2025-09-22_kim-offers-talks-on-conditions"
BIEGUN_2020 = "2020-07-08_biegun-signals-readiness"


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return load_articles()


@pytest.fixture(scope="module")
def clean(articles) -> pd.DataFrame:
    return clean_articles(articles)[0]


@pytest.fixture(scope="module")
def sentences(clean) -> pd.DataFrame:
    return split_sentences(clean)


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


def test_a_changed_article_recomputes_only_that_article(tmp_path, clean, sentences):
    annotate(sentences, cache=AnnotationCache(tmp_path))
    edited = clean.copy()
    row = edited.index[edited["article_id"] == BIEGUN_2020][0]
    edited.at[row, "clean_text"] = edited.at[row, "clean_text"].replace(
        "Stephen Biegun hat am Mittwoch", "Stephen Biegun hat am Dienstag"
    )
    cache = AnnotationCache(tmp_path)
    annotate(split_sentences(edited), cache=cache)
    assert cache.misses == [BIEGUN_2020]
    assert len(cache.hits) == len(clean) - 1


def test_a_changed_splitting_rule_recomputes_only_the_articles_it_cuts_differently(
    tmp_path, articles, clean
):
    # The 2025 article with its photo caption kept, the one place where "des 80." occurs.
    raw = articles.set_index("article_id").loc[KIM_2025, "raw_text"]
    caption = next(line for line in raw.splitlines() if "80. Jahrestages" in line)
    variant = clean.copy()
    row = variant.index[variant["article_id"] == KIM_2025][0]
    variant.at[row, "clean_text"] = variant.at[row, "clean_text"] + "\n\n" + caption
    variant.at[row, "sections"] = tuple(variant.at[row, "sections"]) + ("caption",)
    annotate(split_sentences(variant), cache=AnnotationCache(tmp_path))

    rules_file = tmp_path / "sentences.yml"
    rules_file.write_text(
        RULES_FILE.read_text(encoding="utf-8").replace("  - des\n", ""), encoding="utf-8"
    )
    cache = AnnotationCache(tmp_path)
    annotate(split_sentences(variant, load_sentence_rules(rules_file)), cache=cache)
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
    texts = ["z. B. Kim", "[Einschub]\tmit Tab", "Leer"]
    records = [
        ("z. B. Kim", ("z. B.", "Kim"), ("", "Kim"), ("NN", "NNP"), ("a|b",), 0.25, -0.5),
        (texts[1], ("[", "Einschub", "]"), ("[",), ("(",), (), 0.0, 0.0),
        ("Leer", ("Leer",), ("leer",), ("NN",), (), 1.0, 0.1),
    ]
    path = cache.store(texts, records)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("[") and lines[2].startswith("[")
    assert lines[3] == "Leer\tLeer\tleer\tNN\t\t1.0\t0.1"
    loaded = AnnotationCache(tmp_path).load("a", texts)
    names = [name for name, _kind in ANNOTATION_FIELDS]
    assert [tuple(loaded[name][i] for name in names) for i in range(3)] == records
