"""Installs are reproducible: every lock pins every package with hashes, and the version lives in one place."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import setuptools
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

import course
from tests.conftest import PROJECT

REQUIREMENTS = PROJECT / "requirements"
PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
# The locks scripts/setup.sh installs (build for serve.sh; all three for test.sh) and the locking tool's.
LOCKS = ("build", "dev", "zensical", "tools")
# Which lock holds the exact versions of what pyproject.toml declares.
DECLARED = {
    "build": PYPROJECT["project"]["dependencies"],
    "dev": PYPROJECT["project"]["optional-dependencies"]["dev"],
    "zensical": PYPROJECT["project"]["optional-dependencies"]["zensical"],
}
SHA256 = re.compile(r"--hash=sha256:[0-9a-f]{64}(?=\s|$)")


@dataclass
class Lock:
    """One lock file: each package's pinned version, and whatever breaks the rule that every entry is pinned."""

    versions: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse_lock(text: str) -> Lock:
    """Read a hash-checking requirements file, as pip would: an entry may span lines ending in a backslash."""
    lock = Lock()
    entries = re.sub(r"\\\n", " ", "\n".join(re.sub(r"(^|\s)#.*", "", line) for line in text.splitlines()))
    for entry in filter(None, (line.strip() for line in entries.splitlines())):
        spec = entry.split(" --", 1)[0].strip()
        if spec.startswith("-"):
            lock.problems.append(f"an option, not a pinned package: {entry}")
            continue
        try:
            requirement = Requirement(spec)
        except InvalidRequirement:
            lock.problems.append(f"not a requirement: {entry}")
            continue
        pins = [s.version for s in requirement.specifier if s.operator == "==" and "*" not in s.version]
        if requirement.url or len(pins) != 1 or len(requirement.specifier) != 1:
            lock.problems.append(f"not pinned with ==: {spec}")
        elif not SHA256.search(entry):
            lock.problems.append(f"no --hash=sha256: {spec}")
        else:
            lock.versions[canonicalize_name(requirement.name)] = pins[0]
    return lock


def read_lock(name: str) -> Lock:
    """One of the project's locks."""
    return parse_lock((REQUIREMENTS / f"{name}.txt").read_text(encoding="utf-8"))


HASH = "--hash=sha256:" + "0" * 64


@pytest.mark.parametrize(
    "text",
    [
        "mkdocs>=1.6\n",
        f"mkdocs \\\n    {HASH}\n",
        "mkdocs==1.6.1\n",
        f"mkdocs==1.6.* {HASH}\n",
        "mkdocs==1.6.1 \\\n    --hash=md5:0123\n",
        f"mkdocs==1.6.1,<2 {HASH}\n",
        "-e .\n",
        "-r other.txt\n",
        f"mkdocs @ https://example.invalid/mkdocs.whl {HASH}\n",
    ],
)
def test_the_lock_check_catches_an_unpinned_or_unhashed_entry(text):
    assert parse_lock(text).problems


def test_the_lock_check_accepts_a_pinned_hashed_entry_over_several_lines():
    text = f"# a comment\nPyYAML==6.0.4 ; python_version >= '3.11' \\\n    {HASH} \\\n    {HASH}\n    # via x\n"
    lock = parse_lock(text)
    assert lock.problems == [] and lock.versions == {"pyyaml": "6.0.4"}


@pytest.mark.parametrize("name", LOCKS)
def test_every_package_in_every_lock_is_pinned_with_a_hash(name):
    lock = read_lock(name)
    assert lock.problems == []
    assert lock.versions, f"requirements/{name}.txt pins nothing"


def test_the_locks_are_all_the_requirement_files():
    assert {path.stem for path in REQUIREMENTS.glob("*.txt")} == set(LOCKS)
    assert not list(PROJECT.glob("requirements*.txt")), "a requirement file outside requirements/"


@pytest.mark.parametrize("name", DECLARED)
def test_every_declared_dependency_is_locked_at_a_version_it_allows(name):
    locked = read_lock(name).versions
    for declared in map(Requirement, DECLARED[name]):
        version = locked.get(canonicalize_name(declared.name))
        assert version is not None, f"{declared.name} is not in requirements/{name}.txt"
        assert declared.specifier.contains(version, prereleases=True), f"{declared} but {name}.txt has {version}"


def test_the_build_lock_pins_what_the_golden_html_depends_on():
    locked = read_lock("build").versions
    assert {"markdown", "mkdocs", "mkdocs-material", "pymdown-extensions", "pygments", "pyyaml"} <= set(locked)
    assert Version(locked["mkdocs"]) < Version("2"), "MkDocs 2 drops plugins and hooks"
    # setup.sh builds the project with --no-build-isolation: its build backend must be locked too.
    assert "setuptools" in locked


def test_the_locks_agree_on_every_package_they_share():
    """test.sh installs build, dev and zensical into one venv: a shared package must have one version."""
    seen: dict[str, tuple[str, str]] = {}
    for name in ("build", "dev", "zensical"):
        for package, version in read_lock(name).versions.items():
            first = seen.setdefault(package, (name, version))
            assert first[1] == version, f"{package}: {first[1]} in {first[0]}.txt, {version} in {name}.txt"


def test_the_version_lives_in_course_init_only():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project.get("dynamic", [])
    assert SETUPTOOLS["dynamic"]["version"] == {"attr": "course.__version__"}
    assert str(Version(course.__version__)) == course.__version__
    assert importlib.metadata.version("push-to-facilitate-course") == course.__version__


def test_package_discovery_finds_every_module_and_asset_under_course_and_widgets():
    """A wheel of the project would hold every module (new subpackages too) and the widgets' assets."""
    found = set(setuptools.find_packages(str(PROJECT), include=SETUPTOOLS["packages"]["find"]["include"]))
    package_data = SETUPTOOLS["package-data"]
    assert {"course", "widgets"} <= found
    for path in sorted((*(PROJECT / "course").rglob("*"), *(PROJECT / "widgets").rglob("*"))):
        relative = path.relative_to(PROJECT)
        if not path.is_file() or "__pycache__" in relative.parts or path.name.startswith("."):
            continue
        if path.suffix == ".py":
            assert ".".join(relative.parent.parts) in found, f"{relative} is in no package (no __init__.py?)"
        else:
            assert any(
                fnmatch.fnmatch(relative.as_posix(), f"{Path(*package.split('.')).as_posix()}/{pattern}")
                for package, patterns in package_data.items()
                for pattern in patterns
            ), f"{relative} is not package data"
