"""The code follows the house style: `ruff check` (configured in pyproject.toml) finds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
CHECKED = ("korea_notes", "tests", "benchmarks")


def test_ruff_finds_no_problem_in_package_tests_and_benchmarks():
    targets = [name for name in CHECKED if (PROJECT_DIR / name).is_dir()]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *targets],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
