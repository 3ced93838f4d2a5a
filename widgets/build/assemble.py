"""The site-assembly step both builders run: everything the build generates, written under docs/.

MkDocs runs it from its hook; for Zensical (which ignores hooks) `python -m widgets.build` runs
it first. Either way the builder then copies docs/ as it copies any page or image, so both sites
get the same files. Writing is idempotent: a file is rewritten only when its bytes change, and
files a previous run wrote that are no longer wanted (an old wheel, an old Pyodide) are removed,
so `mkdocs serve`, which watches docs/, settles after one extra rebuild instead of looping.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from course.kinds import WIDGETS
from widgets.build import catalog, gift, headers, runtime, stdlib, trainer_pages, vendor

PROJECT = Path(__file__).resolve().parents[2]
ASSETS = PROJECT / "widgets" / "assets"
# Under docs/, git-ignored; its URL in the site is the same path.
GENERATED = Path("assets") / "generated"
HEADERS = Path(headers.HEADERS_FILE)
# Templates another step fills in, not served as they are: widgets/build/offline.py makes the
# site's sw.js from service-worker.js after the build.
NOT_COPIED = frozenset({"service-worker.js"})


@dataclass(frozen=True)
class Assembly:
    """What one run wrote: the generated folder, its files, and how many of them changed."""

    folder: Path
    files: tuple[Path, ...]
    changed: tuple[Path, ...]
    removed: tuple[Path, ...]


def assemble(
    docs_dir: Path, project: Path = PROJECT, policy: str | None = None, frame_ancestors: str = "*"
) -> Assembly:
    """Write the widget assets, the Pyodide runtime, the course wheel and their manifests under docs_dir."""
    folder = docs_dir / GENERATED
    wanted: dict[Path, bytes | Path] = {}
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.name not in NOT_COPIED:
            wanted[folder / "widgets" / path.relative_to(ASSETS)] = path
    pyodide, version = runtime.pyodide_package(project)
    for name in runtime.SERVED_PYODIDE_FILES:
        wanted[folder / "pyodide" / version / name] = pyodide / name
    wheel = runtime.build_course_wheel()
    wheel_name = f"course-{hashlib.sha256(wheel).hexdigest()[:12]}.whl"
    wanted[folder / "course" / wheel_name] = wheel
    stdlib_name, stdlib_zip = stdlib.compiled_stdlib(pyodide, wheel, project)
    wanted[folder / "pyodide" / version / stdlib_name] = stdlib_zip
    manifest = {
        "pyodide": f"../pyodide/{version}/",
        "stdlib": f"../pyodide/{version}/{stdlib_name}",
        "course": f"../course/{wheel_name}",
        # The lock file's header only: `course` needs none of Pyodide's packages.
        "lock_info": runtime.lock_info(pyodide),
    }
    wanted[folder / "widgets" / "runtime.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    wanted[folder / "widgets" / "kinds.js"] = kinds_module().encode()
    # Every exercise, for hand-ins and the room page; the QR library that draws a hand-in's link.
    wanted[folder / catalog.CATALOG] = catalog.catalog_json(docs_dir)
    wanted.update({folder / path: data for path, data in vendor.qrcode_files(project).items()})
    changed = [target for target, source in wanted.items() if write_if_changed(target, source)]
    removed = _remove_unwanted(folder, set(wanted))
    # Trainers' pages (answer keys, facilitator guides), generated from every page's fences.
    trainer = trainer_pages.pages_for(docs_dir)
    # Every quiz as Moodle GIFT, in the same folder, so its clean-up keeps them (widgets/build/gift.py).
    trainer.update(gift.files_for(docs_dir))
    changed += [target for target, source in trainer.items() if write_if_changed(target, source)]
    removed += _remove_unwanted(docs_dir / trainer_pages.FOLDER, set(trainer))
    if policy:
        wasm = sorted(f"/{target.relative_to(docs_dir).as_posix()}" for target in wanted if target.suffix == ".wasm")
        target = docs_dir / HEADERS
        texts = (f"/{gift.FOLDER.as_posix()}/*",) if any(path.name.endswith(gift.SUFFIX) for path in trainer) else ()
        if write_if_changed(target, headers.headers_text(policy, frame_ancestors, wasm, texts).encode()):
            changed.append(target)
    return Assembly(folder, tuple(sorted(wanted)), tuple(changed), tuple(removed))


def kinds_module() -> str:
    """The browser's table of widget kinds, from course.kinds: which module mounts each, and which hand in."""
    lines = [
        "// Written by widgets/build/assemble.py from course/kinds.py; do not edit.",
        "export const KIND_MODULES = {",
        *(f"  {json.dumps(kind.name)}: () => import({json.dumps('./' + kind.script)})," for kind in WIDGETS),
        "};",
        # The kinds whose answers learners can hand in (widgets/build/catalog.py).
        f"export const HAND_IN_KINDS = new Set({json.dumps(list(catalog.KINDS))});",
    ]
    return "\n".join(lines) + "\n"


def write_if_changed(target: Path, source: bytes | Path) -> bool:
    """Write `source` (bytes, or a file to copy) to target unless it already holds exactly that."""
    data = source.read_bytes() if isinstance(source, Path) else source
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    partial.replace(target)  # a watcher or a reader never sees half a file
    return True


def _remove_unwanted(folder: Path, wanted: set[Path]) -> list[Path]:
    """Delete files in the generated folder that this run did not write, then empty folders."""
    removed = [path for path in folder.rglob("*") if path.is_file() and path not in wanted]
    for path in removed:
        path.unlink()
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()
    return sorted(removed)
