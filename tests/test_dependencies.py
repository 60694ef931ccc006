"""What each stage depends on is found from the code: modules, data files, packages."""

from __future__ import annotations

import shutil

import pytest

import korea_notes.dependencies as dependencies_module
from korea_notes.dependencies import dependencies, module_closure
from korea_notes.paths import PACKAGE_DIR
from korea_notes.stages import STAGES, code_fingerprints

DATA_BY_STAGE = {stage.name: set(stage.dependencies().data) for stage in STAGES}


@pytest.mark.parametrize(("data_file", "stages"), [
    ("codebook.yml", {"claims"}),
    ("actors.yml", {"attributed", "mentions", "claims"}),
    ("sentences.yml", {"sentences", "annotated", "claims"}),
    ("speech.yml", {"attributed", "claims"}),
])
def test_a_data_file_belongs_to_the_stages_whose_code_names_it(data_file, stages):
    assert {name for name, data in DATA_BY_STAGE.items() if data_file in data} == stages


def test_the_aggregates_depend_on_the_timeline_settings_and_the_codebook():
    from korea_notes import timeline

    data = dependencies([timeline.positions_by_period]).data
    assert {"timeline.yml", "codebook.yml"} <= set(data)


def test_the_coders_modules_are_found_from_its_imports():
    closure = module_closure(["korea_notes.positions"])
    assert {"korea_notes.cues", "korea_notes.conditions", "korea_notes.claimants",
            "korea_notes.codebook", "korea_notes.termindex"} <= set(closure)


def test_a_module_imported_inside_a_function_counts():
    source = (PACKAGE_DIR / "positions.py").read_text(encoding="utf-8")
    assert "from korea_notes.actors import find_mentions" in source.split("def code_positions")[1]
    assert "korea_notes.actors" in module_closure(["korea_notes.positions"])


def test_installed_packages_the_code_imports_are_named_with_their_version():
    annotation = next(stage for stage in STAGES if stage.name == "annotated")
    names = {item.split("==")[0] for item in annotation.dependencies().distributions}
    assert {"textblob-de", "simplemma", "pandas"} <= names


def test_every_stage_has_its_own_fingerprint():
    codes = code_fingerprints()
    assert len(set(codes.values())) == len(codes) == len(STAGES) + 1


def test_editing_a_data_file_changes_the_fingerprint_of_the_code_that_names_it(tmp_path,
                                                                                monkeypatch):
    copy = tmp_path / "korea_notes"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(dependencies_module, "PACKAGE_DIR", copy)
    before = code_fingerprints()
    with open(copy / "codebook.yml", "a", encoding="utf-8") as handle:
        handle.write("# an edit\n")
    after = code_fingerprints()
    assert {name for name in before if before[name] != after[name]} == {"claims", "aggregates"}


def test_a_declared_data_file_that_does_not_exist_is_named():
    from korea_notes.positions import code_positions

    with pytest.raises(FileNotFoundError, match="no_such_model.json"):
        dependencies([code_positions], data=["no_such_model.json"])


def test_only_the_packages_own_code_has_a_fingerprint():
    import json

    with pytest.raises(ValueError, match="not modules of korea_notes"):
        dependencies([json.dumps])
