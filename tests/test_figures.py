"""The figure helper: every figure is written as PNG, SVG and the CSV of its data, reproducibly."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from korea_notes.figures import (
    FIGURES_DIR_VARIABLE,
    read_figure_data,
    save_figure,
    style,
)


def articles_per_year() -> pd.DataFrame:
    """A small table of the kind the notebooks plot: the five articles' years and outlets."""
    return pd.DataFrame(
        {
            "year": [2013, 2018, 2019, 2020, 2025],
            "outlet": ["Die Zeit", "Tagesschau", "Deutsche Welle", "Der Spiegel", "ZDF"],
            "articles": [1, 1, 1, 1, 1],
            "share": [0.2, 0.2, 0.2, 0.2, 0.2],
            "mean_polarity": [0.0125, -1 / 3, 0.1, 2 / 3, -0.05],
        }
    )


def draw(data: pd.DataFrame) -> plt.Figure:
    with style():
        fig, ax = plt.subplots()
        ax.bar(data["year"].astype(str), data["mean_polarity"], label="Ton")
        ax.set_title("Nordkorea-Berichte: Ton je Jahr")
        ax.set_xlabel("Jahr")
        ax.set_ylabel("mittlere Polarität")
        ax.legend()
    return fig


def test_writes_png_svg_and_csv_named_after_the_figure(tmp_path):
    data = articles_per_year()
    fig = draw(data)
    paths = save_figure(fig, data, "01_tone_by_year", tmp_path)
    plt.close(fig)
    assert paths == {
        "png": tmp_path / "01_tone_by_year.png",
        "svg": tmp_path / "01_tone_by_year.svg",
        "csv": tmp_path / "01_tone_by_year.csv",
    }
    assert paths["png"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert b"<svg" in paths["svg"].read_bytes()


def test_two_saves_of_the_same_figure_are_byte_identical(tmp_path):
    data = articles_per_year()
    fig = draw(data)
    first = save_figure(fig, data, "01_tone_by_year", tmp_path / "first")
    second = save_figure(fig, data, "01_tone_by_year", tmp_path / "second")
    plt.close(fig)
    for kind in ("png", "svg", "csv"):
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind


def test_the_same_figure_drawn_twice_saves_byte_identical_files(tmp_path):
    data = articles_per_year()
    written = []
    for run in ("a", "b"):
        fig = draw(data)
        written.append(save_figure(fig, data, "01_tone_by_year", tmp_path / run))
        plt.close(fig)
    for kind in ("png", "svg", "csv"):
        assert written[0][kind].read_bytes() == written[1][kind].read_bytes(), kind


def test_files_carry_no_timestamp_or_software_stamp(tmp_path):
    data = articles_per_year()
    fig = draw(data)
    paths = save_figure(fig, data, "01_tone_by_year", tmp_path)
    plt.close(fig)
    png = paths["png"].read_bytes()
    assert b"tIME" not in png
    assert b"Software" not in png
    svg = paths["svg"].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg
    assert "Matplotlib" not in svg


def test_csv_holds_exactly_the_plotted_data(tmp_path):
    data = articles_per_year()
    fig = draw(data)
    paths = save_figure(fig, data, "01_tone_by_year", tmp_path)
    plt.close(fig)
    pd.testing.assert_frame_equal(read_figure_data(paths["csv"]), data, atol=1e-6)


def test_csv_has_fixed_float_format_unix_line_ends_and_no_index(tmp_path):
    data = articles_per_year()
    fig = draw(data)
    paths = save_figure(fig, data, "01_tone_by_year", tmp_path)
    plt.close(fig)
    raw = paths["csv"].read_bytes()
    assert b"\r" not in raw
    lines = raw.decode("utf-8").split("\n")
    assert lines[0] == "year,outlet,articles,share,mean_polarity"
    assert lines[2] == "2018,Tagesschau,1,0.200000,-0.333333"
    assert lines[-1] == ""  # the file ends with a line end


def test_named_index_levels_are_kept_as_columns(tmp_path):
    data = articles_per_year().set_index("year")
    fig = draw(data.reset_index())
    paths = save_figure(fig, data, "01_tone_by_year", tmp_path)
    plt.close(fig)
    assert list(read_figure_data(paths["csv"]).columns)[0] == "year"


@pytest.mark.parametrize(
    "name",
    ["corpus_timeline", "1_corpus", "01-corpus-timeline", "01_Corpus", "01_corpus.png", "", "01_"],
)
def test_a_name_not_of_the_form_nn_snake_name_is_refused(tmp_path, name):
    data = articles_per_year()
    fig = draw(data)
    with pytest.raises(ValueError, match="NN_snake_name"):
        save_figure(fig, data, name, tmp_path)
    plt.close(fig)
    assert list(tmp_path.iterdir()) == []


def test_data_that_is_not_a_dataframe_is_refused(tmp_path):
    data = articles_per_year()
    fig = draw(data)
    with pytest.raises(TypeError, match="DataFrame"):
        save_figure(fig, data.to_dict(), "01_tone_by_year", tmp_path)
    plt.close(fig)


def test_default_folder_can_be_redirected_by_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(FIGURES_DIR_VARIABLE, str(tmp_path / "elsewhere"))
    data = articles_per_year()
    fig = draw(data)
    paths = save_figure(fig, data, "01_tone_by_year")
    plt.close(fig)
    assert paths["csv"] == tmp_path / "elsewhere" / "01_tone_by_year.csv"
    assert paths["csv"].exists()


# --- the corpus overview figures ------------------------------------------------------------------


def test_corpus_timeline_plots_one_point_per_article_with_its_date_and_outlet():
    from korea_notes.corpus import load_articles
    from korea_notes.figures import corpus_timeline

    articles = load_articles()
    fig, data = corpus_timeline(articles)
    assert list(data["article_id"]) == list(articles["article_id"])
    outlets = data.set_index("article_id")["outlet"]
    assert outlets["2019-01-03_trump-praises-kim-letter"] == "RND"
    (points,) = fig.axes[0].collections
    assert len(points.get_offsets()) == len(articles)
    plt.close(fig)


def test_cleaning_report_data_adds_up_to_the_removed_characters():
    from korea_notes.cleaning import clean_articles, cleaning_summary, text_lengths
    from korea_notes.corpus import load_articles
    from korea_notes.figures import cleaning_report

    clean, changes = clean_articles(load_articles())
    fig, data = cleaning_report(cleaning_summary(changes), text_lengths(clean))
    removed = changes[changes["kind"] == "remove"]
    removed_columns = [column for column in data.columns if column.startswith("removed_")]
    removed_chars = (removed["raw_end"] - removed["raw_start"]).sum()
    assert data[removed_columns].to_numpy().sum() == removed_chars
    assert "removed_video_teaser" in removed_columns
    plt.close(fig)
