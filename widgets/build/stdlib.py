"""The browser's standard library: the part Pyodide and `course` import, as bytecode (compile_stdlib.mjs).

Pyodide ships 2.5 MB of standard-library source that Python compiles on every start. The site
serves a third of it instead, precompiled by the pinned Pyodide under Node, which both shortens
the download and skips compiling in the learner's browser. Compiling takes seconds, so the result
is cached under node_modules/.cache/, keyed by what decides it: Pyodide's own zip, the
standard-library modules `course` imports, and the compiling script.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from widgets.build import runtime

SCRIPT = Path(__file__).with_name("compile_stdlib.mjs")


class StdlibFailed(runtime.RuntimeMissing):
    """The standard library could not be compiled (no Node, or Pyodide failed)."""


def course_imports(source: Path = runtime.COURSE_SOURCE) -> list[str]:
    """Top-level names of the modules `course` imports, its own excepted."""
    names: set[str] = set()
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return sorted(names - {"course", "__future__"})


def compiled_stdlib(pyodide: Path, wheel: bytes, project: Path = runtime.PROJECT) -> tuple[str, bytes]:
    """The trimmed, compiled standard library's file name (named by its content) and bytes."""
    stock = (pyodide / "python_stdlib.zip").read_bytes()
    key = hashlib.sha256()
    for part in (stock, json.dumps(course_imports()).encode(), SCRIPT.read_bytes()):
        key.update(hashlib.sha256(part).digest())
    cache = project / "node_modules" / ".cache" / "course-site" / f"stdlib-{key.hexdigest()[:20]}.zip"
    if not cache.is_file():
        _compile(pyodide, wheel, cache)
    data = cache.read_bytes()
    return f"python_stdlib-{hashlib.sha256(data).hexdigest()[:12]}.zip", data


def _compile(pyodide: Path, wheel: bytes, cache: Path) -> None:
    """Run compile_stdlib.mjs under Node and move its zip into the cache atomically."""
    node = shutil.which("node")
    if node is None:
        raise StdlibFailed(
            "Node.js is needed to build the site (it compiles Python's standard library); install Node 20+."
        )
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache.parent) as scratch:
        wheel_path, output = Path(scratch, "course.whl"), Path(scratch, "stdlib.zip")
        wheel_path.write_bytes(wheel)
        print("widgets.build: compiling the standard library for the browser (once per change)", file=sys.stderr)
        done = subprocess.run(
            [node, str(SCRIPT), str(pyodide), str(wheel_path), str(output)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not output.is_file():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise StdlibFailed(f"Compiling the standard library with Pyodide under Node failed: {last}")
        os.replace(output, cache)
