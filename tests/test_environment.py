"""One promise about Python versions, kept everywhere: pyproject.toml's requires-python,
environment.yml and the Makefile name the same versions, and the lock pins every dependency."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml

from korea_notes.paths import PROJECT_DIR

PYPROJECT = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text("utf-8"))
MAKEFILE = (PROJECT_DIR / "Makefile").read_text("utf-8")
LOCK = (PROJECT_DIR / "requirements.txt").read_text("utf-8")
LOCKED_EXTRAS = ("test", "notebooks")


def _make_variable(name: str) -> str:
    match = re.search(rf"^{name} := (.+)$", MAKEFILE, re.M)
    assert match, f"the Makefile defines no {name}"
    return match.group(1).strip()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0])
            for requirement in requirements}


def test_requires_python_is_the_makefiles_range():
    low, high = _make_variable("PYTHON_MIN"), _make_variable("PYTHON_MAX")
    major, minor = high.split(".")
    assert PYPROJECT["project"]["requires-python"] == f">={low},<{major}.{int(minor) + 1}"


def test_environment_yml_asks_for_the_same_python():
    environment = yaml.safe_load((PROJECT_DIR / "environment.yml").read_text("utf-8"))
    python = [item for item in environment["dependencies"]
              if isinstance(item, str) and item.startswith("python")]
    assert python == [f"python{PYPROJECT['project']['requires-python']}"]


def test_this_python_is_one_the_lock_is_for():
    low, high = (tuple(map(int, _make_variable(n).split("."))) for n in ("PYTHON_MIN",
                                                                          "PYTHON_MAX"))
    assert low <= sys.version_info[:2] <= high


def test_the_lock_pins_every_dependency_exactly():
    project = PYPROJECT["project"]
    wanted = _names(project["dependencies"])
    for extra in LOCKED_EXTRAS:
        wanted |= _names(project["optional-dependencies"][extra])
    pinned = {_normal(line.split("==")[0]) for line in LOCK.splitlines()
              if "==" in line and not line.lstrip().startswith("#")}
    assert wanted <= pinned, f"not in requirements.txt: {sorted(wanted - pinned)}; run make lock"


def test_make_lock_resolves_for_every_supported_python_from_the_oldest():
    command = subprocess.run(["make", "-s", "-n", "lock"], cwd=PROJECT_DIR, check=True,
                             capture_output=True, text=True).stdout
    assert f'echo "-e .[{",".join(LOCKED_EXTRAS)}]"' in command
    assert f"--universal --python-version {_make_variable('PYTHON_MIN')}" in " ".join(
        command.replace("\\\n", " ").split())
