"""The repository runs alone: a copy of its files, with nothing beside it (not the team's inbox
folder that sits beside the development checkout), loads the corpus and every reference set and
scores the coder, as the notebooks do."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from korea_notes.paths import PROJECT_DIR

PRODUCT = ("korea_notes", "tests", "notebooks", "benchmarks", ".ci", "Makefile")
INBOX = "sha" + "red"
"""The name of the team's inbox folder beside the development checkout (spelled in two parts,
so that this file does not itself name the path it looks for)."""
OUTSIDE = re.compile(rf"\.\./{INBOX}|{INBOX}/(?:reference|seeds)|parent\s*/\s*[\"']{INBOX}[\"']")

DATA_PATH = r"""
import sys
from pathlib import Path
import korea_notes as kn
from korea_notes import evaluation, reference, validation

root = Path(sys.argv[1]).resolve()
assert Path(kn.__file__).resolve().is_relative_to(root), kn.__file__
assert not (root.parent / sys.argv[2]).exists()
articles = kn.load_articles()
print("articles", len(articles))
print("seed rows", len(reference.load_reference_positions(articles)))
print(evaluation.validity_table().to_string())
print(validation.compare_coders().to_string())
"""


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=PROJECT_DIR,
                            capture_output=True, text=True, check=True)
    return [name for name in listed.stdout.splitlines() if (PROJECT_DIR / name).is_file()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The repository's files (what a clone holds) in a folder with nothing beside it."""
    if shutil.which("git") is None or not (PROJECT_DIR / ".git").exists():
        pytest.skip("not a git checkout: the plain-clone test copies the files git tracks")
    root = tmp_path_factory.mktemp("alone") / "korea_notes"
    for name in tracked_files():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_DIR / name, target)
    return root


def test_nothing_in_the_product_points_outside_the_repository():
    offenders = []
    for top in PRODUCT:
        path = PROJECT_DIR / top
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            if file.suffix in (".pyc",) or "__pycache__" in file.parts:
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            if file != Path(__file__) and OUTSIDE.search(text):
                offenders.append(str(file.relative_to(PROJECT_DIR)))
    assert offenders == [], f"these files refer to the inbox beside the checkout: {offenders}"


def test_a_copy_with_nothing_beside_it_loads_every_reference_set_and_scores_the_coder(clone):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env |= {"PYTHONPATH": str(clone), "PYTHONHASHSEED": "0"}
    result = subprocess.run([sys.executable, "-c", DATA_PATH, str(clone), INBOX], cwd=clone,
                            env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "articles 5" in result.stdout
    assert "seed rows 80" in result.stdout
    for name in ("dev_sentences", "dev_sentences_2", "heldout_test", "heldout_tune"):
        assert name in result.stdout
