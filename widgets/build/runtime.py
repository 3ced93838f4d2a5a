"""The browser's Python: where the pinned Pyodide runtime is, and a wheel of the course package."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
COURSE_SOURCE = PROJECT / "course"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
# What the site serves as is; the standard library is served trimmed and compiled (stdlib.py), and
# the lock file not at all (lock_info).
SERVED_PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# A fixed timestamp keeps the wheel byte-for-byte reproducible, so its hash names its content.
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


class RuntimeMissing(Exception):
    """The npm packages were not installed."""


def course_version() -> str:
    """The course package's version, read without importing it."""
    for line in (COURSE_SOURCE / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise RuntimeError("course/__init__.py has no __version__")


def build_course_wheel(source: Path = COURSE_SOURCE) -> bytes:
    """A pure-Python wheel of `course`, built with the standard library only."""
    version = course_version()
    dist_info = f"course-{version}.dist-info"
    files: list[tuple[str, bytes]] = [
        (f"course/{path.relative_to(source).as_posix()}", path.read_bytes())
        for path in sorted(source.rglob("*.py"))
        if "__pycache__" not in path.parts
    ]
    files.append((f"{dist_info}/METADATA", f"Metadata-Version: 2.1\nName: course\nVersion: {version}\n".encode()))
    files.append(
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: widgets.build.runtime\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
    )
    record = "".join(f"{name},sha256={_digest(data)},{len(data)}\n" for name, data in files)
    files.append((f"{dist_info}/RECORD", (record + f"{dist_info}/RECORD,,\n").encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _digest(data: bytes) -> str:
    """A wheel RECORD hash: urlsafe base64 sha256 without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def pyodide_package(project: Path = PROJECT) -> tuple[Path, str]:
    """The installed npm `pyodide` folder and its version, or RuntimeMissing with what to do."""
    folder = project / "node_modules" / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (folder / name).is_file()]
    if missing:
        raise RuntimeMissing(
            f"The Pyodide runtime is missing ({folder / missing[0]} not found). "
            "Run `npm ci` in the project folder (./scripts/serve.sh does it for you), then build again."
        )
    version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    return folder, version


def lock_info(folder: Path) -> dict:
    """The `info` header of Pyodide's lock file (versions and ABI), which loadPyodide checks."""
    return json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
