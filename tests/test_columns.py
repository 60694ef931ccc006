"""Column meanings are read from the documentation that defines each table's columns."""

from __future__ import annotations

import pytest

from korea_notes.columns import Meaning, column_meanings, docstring_of, meanings_from, plain


def test_bullets_give_each_column_its_type_and_meaning():
    doc = """One row per article:

    - ``article_id`` (str): readable id
    - ``published`` (datetime64[ns]): publication date
    """
    assert column_meanings(doc) == {"article_id": Meaning("readable id", "str"),
                                    "published": Meaning("publication date", "datetime64[ns]")}


def test_names_before_a_colon_share_its_meaning():
    meanings = column_meanings("article_id, published, sentence_id: from the sentence; "
                               "sentence: the evidence text")
    assert {name: m.text for name, m in meanings.items()} == {
        "article_id": "from the sentence", "published": "from the sentence",
        "sentence_id": "from the sentence", "sentence": "the evidence text"}


def test_a_parenthesis_is_the_meaning_unless_it_only_names_a_type():
    meanings = column_meanings("period (label); claims (int); sentences (int: distinct "
                               "evidence sentences); start, end (first and last date)")
    assert meanings["period"] == Meaning("label")
    assert meanings["claims"] == Meaning("", "int")
    assert meanings["sentences"] == Meaning("distinct evidence sentences", "int")
    assert meanings["start"] == meanings["end"] == Meaning("first and last date")


def test_columns_with_only_a_type_take_the_meaning_after_the_colon():
    meanings = column_meanings("- ``article_id`` (str), ``published`` (datetime64[ns]): from "
                               "the article")
    assert meanings["article_id"] == Meaning("from the article", "str")


def test_columns_listed_with_their_own_parentheses_keep_them_apart():
    meanings = column_meanings("offers (sentences with an offer); offers_conditional (those "
                               "with a condition), offers_unconditional (the rest)")
    assert meanings["offers_conditional"].text == "those with a condition"
    assert meanings["offers_unconditional"].text == "the rest"


def test_semicolons_inside_parentheses_and_quotes_do_not_end_a_meaning():
    meanings = column_meanings('rule: the entries, joined by "; "; tokens (str): tokens (none '
                               'empty; "" without tokens)')
    assert meanings["rule"].text == 'the entries, joined by "; "'
    assert meanings["tokens"].text == 'tokens (none empty; "" without tokens)'


def test_prose_after_a_semicolon_goes_on_with_the_meaning_before_it():
    meanings = column_meanings("- ``addressee`` (str or None): the actor addressed; else one "
                               "named inside the quotation")
    assert meanings["addressee"].text == ("the actor addressed; else one named inside the "
                                          "quotation")


def test_prose_names_no_column():
    assert column_meanings("Columns of the table, in order.\n\n- any extra columns, as text") == {}


def test_markup_is_removed_from_meanings():
    assert plain("the id of :func:`korea_notes.corpus.load_articles`, ``a`` or ``b``.") == (
        "the id of load_articles, a or b")


def test_the_docstring_of_a_constant_is_the_string_after_it():
    assert docstring_of("korea_notes.timeline.PERIOD_COLUMNS").startswith("period (label")


def test_a_constant_without_documentation_is_named_with_the_fix():
    with pytest.raises(ValueError, match="KERNEL_NAME has no documentation. Fix: write a "):
        docstring_of("korea_notes.reproduce.KERNEL_NAME")


def test_the_first_source_that_explains_a_column_wins():
    meanings, sources = meanings_from(["korea_notes.timeline.PRECONDITION_COLUMNS",
                                       "korea_notes.timeline.POSITION_COLUMNS"])
    assert sources["target"] == "korea_notes.timeline.PRECONDITION_COLUMNS"
    assert sources["period_articles"] == "korea_notes.timeline.POSITION_COLUMNS"
    assert meanings["period_articles"].text == "articles in the period"
