"""environment.yml (conda, Binder) and pyproject.toml (pip) pin the same packages.

pyproject.toml lists the course's dependencies and its "test" extra, and
environment.yml installs all of them through its pip section. A package or a
version changed in one file and not the other would give learners on conda and
on pip different environments, so the two lists must be equal.

pyproject.toml is read with tomllib. environment.yml is read with a small
parser of its pip list, since PyYAML is not one of the pinned packages.
"""

from __future__ import annotations

import re

# NOTE: tomllib is new in Python 3.11, so this file needs 3.11 (the version that
# environment.yml installs) although pyproject.toml's requires-python allows 3.10.
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A pinned requirement: a package name, "==" and a version, nothing else.
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)$")


def normalise(name: str) -> str:
    """Return the package name in PEP 503 normal form, as pip compares names."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(requirements: list[str], source: str) -> dict[str, str]:
    """Map each package in `requirements` to its pinned version.

    Raises AssertionError for a requirement that is not pinned with "==", so
    the test names the line to fix.
    """
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = PIN.match(requirement.strip())
        assert match, f"{source}: {requirement!r} is not pinned as name==version"
        name = normalise(match["name"])
        assert name not in pins, f"{source}: {name} is listed twice"
        pins[name] = match["version"]
    return pins


def pyproject_requirements() -> list[str]:
    """The dependencies and the "test" extra of pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        project = tomllib.load(file)["project"]
    return project["dependencies"] + project["optional-dependencies"]["test"]


def environment_pip_requirements(text: str) -> list[str]:
    """The entries of the `- pip:` list under `dependencies:` in an environment.yml.

    The parser takes the block-style YAML that conda environment files use:
    the pip list is the run of `- item` lines indented deeper than `- pip:`.
    Comments and blank lines are skipped.
    """
    requirements: list[str] = []
    pip_indent: int | None = None
    for line in text.splitlines():
        content = line.split("#", 1)[0].rstrip()
        if not content.strip():
            continue
        indent = len(content) - len(content.lstrip())
        item = content.strip()

        if pip_indent is None:
            if item == "- pip:":
                pip_indent = indent
            continue
        if indent <= pip_indent:
            break
        assert item.startswith("- "), f"environment.yml: unexpected line in pip list: {line!r}"
        requirements.append(item[2:].strip())
    assert pip_indent is not None, "environment.yml has no '- pip:' list"
    return requirements


def environment_requirements() -> list[str]:
    """The pip requirements of the project's environment.yml."""
    return environment_pip_requirements((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_pyproject_pins_every_package():
    pins = parse_pins(pyproject_requirements(), "pyproject.toml")

    # torch unpinned would pull a CUDA build of several GB on Linux.
    assert "torch" in pins
    assert "pytest" in pins


def test_environment_pins_every_package():
    pins = parse_pins(environment_requirements(), "environment.yml")

    assert "torch" in pins
    assert "pytest" in pins


def test_same_packages_and_versions():
    pyproject = parse_pins(pyproject_requirements(), "pyproject.toml")
    environment = parse_pins(environment_requirements(), "environment.yml")

    only_pyproject = sorted(set(pyproject) - set(environment))
    only_environment = sorted(set(environment) - set(pyproject))
    assert only_pyproject == [], f"add to environment.yml: {only_pyproject}"
    assert only_environment == [], f"add to pyproject.toml: {only_environment}"

    different = {
        name: (pyproject[name], environment[name])
        for name in pyproject
        if name in environment and pyproject[name] != environment[name]
    }
    assert different == {}, f"versions differ (pyproject.toml, environment.yml): {different}"


def test_environment_python_matches_requires_python():
    with (ROOT / "pyproject.toml").open("rb") as file:
        requires_python = tomllib.load(file)["project"]["requires-python"]
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    match = re.search(r"^\s*-\s*python\s*=\s*(\d+)\.(\d+)", text, flags=re.MULTILINE)

    assert match, "environment.yml does not pin python"
    minimum = re.fullmatch(r">=\s*(\d+)\.(\d+)", requires_python)
    assert minimum, f"requires-python={requires_python!r} is not of the form >=X.Y"
    conda_python = (int(match[1]), int(match[2]))
    assert conda_python >= (int(minimum[1]), int(minimum[2]))


PARSER_EXAMPLE = """\
name: example
dependencies:
  - python=3.11
  - pip
  - pip:
      # A comment inside the list.
      - numpy==2.4.6

      - torch==2.13.0  # pinned
  - nodejs
"""


def test_parser_reads_pip_list():
    assert environment_pip_requirements(PARSER_EXAMPLE) == ["numpy==2.4.6", "torch==2.13.0"]


@pytest.mark.parametrize("requirement", ["torch", "torch>=2.13", "torch==", "torch~=2.13.0"])
def test_unpinned_requirement_rejected(requirement):
    with pytest.raises(AssertionError, match="not pinned"):
        parse_pins([requirement], "example")


def test_names_compared_normalised():
    pins = parse_pins(["Pytest_XDist==3.8.0", "justmytype.intl-cjk==0.1.0"], "example")

    assert pins == {"pytest-xdist": "3.8.0", "justmytype-intl-cjk": "0.1.0"}


def test_yaml_parse_agrees():
    # The hand parser must read the real file as a YAML library does, where one is installed.
    yaml = pytest.importorskip("yaml")
    document = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_lists = [entry["pip"] for entry in document["dependencies"] if isinstance(entry, dict)]

    assert pip_lists == [environment_requirements()]
