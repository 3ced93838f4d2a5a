"""The browser's standard library: what Pyodide and `course` import, precompiled, and cached between builds."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from widgets.build import runtime, stdlib

PYODIDE = PROJECT / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def served(built_site: Path) -> zipfile.ZipFile:
    manifest_path = built_site / "assets" / "generated" / "widgets" / "runtime.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return zipfile.ZipFile(io.BytesIO((manifest_path.parent / manifest["stdlib"]).read_bytes()))


def test_course_imports_are_read_from_its_source():
    imports = stdlib.course_imports()
    assert {"dataclasses", "difflib", "fractions", "json", "re", "unicodedata"} <= set(imports)
    assert "course" not in imports and "__future__" not in imports


def test_the_served_standard_library_is_bytecode_for_what_course_and_pyodide_import(served: zipfile.ZipFile):
    names = set(served.namelist())
    stock = set(zipfile.ZipFile(PYODIDE / "python_stdlib.zip").namelist())
    assert not any(name.endswith(".py") for name in names), "sources are compiled, not shipped"
    assert {name[:-1] for name in names if name.endswith(".pyc")} <= stock
    # What course imports, and what Pyodide's own start-up needs.
    for module in ("difflib", "fractions", "dataclasses", "json/__init__", "re/__init__", "asyncio/__init__"):
        assert f"{module}.pyc" in names
    assert "encodings/cp437.pyc" in names, "unpacking the course wheel decodes its names with cp437"
    for unused in ("email/__init__.pyc", "unittest/__init__.pyc", "tkinter/__init__.pyc", "encodings/cp1140.pyc"):
        assert unused not in names
    # Unchecked hash-based bytecode: Python uses it as is, with no source to compare.
    header = served.read("difflib.pyc")[4:8]
    assert int.from_bytes(header, "little") == 1


def test_the_served_standard_library_is_smaller_than_pyodides(served: zipfile.ZipFile):
    size = sum(info.compress_size for info in served.infolist())
    stock = sum(info.compress_size for info in zipfile.ZipFile(PYODIDE / "python_stdlib.zip").infolist())
    assert size < 0.8 * stock


def test_a_second_build_reuses_the_compiled_library(monkeypatch: pytest.MonkeyPatch):
    wheel = runtime.build_course_wheel()
    first = stdlib.compiled_stdlib(PYODIDE, wheel)

    def no_node(*args, **kwargs):
        raise AssertionError("the cached standard library should have been used")

    monkeypatch.setattr(subprocess, "run", no_node)
    assert stdlib.compiled_stdlib(PYODIDE, wheel) == first
    assert first[0] == f"python_stdlib-{hashlib.sha256(first[1]).hexdigest()[:12]}.zip"


def test_without_node_the_build_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(stdlib.shutil, "which", lambda name: None)
    fake_project = tmp_path
    with pytest.raises(stdlib.StdlibFailed, match=r"Node\.js is needed to build the site"):
        stdlib.compiled_stdlib(PYODIDE, runtime.build_course_wheel(), fake_project)
