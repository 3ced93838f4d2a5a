"""Browser libraries vendored from the pinned npm packages: qrcode-generator, which draws the hand-in's QR code.

The assembly step copies its ES module into the site (never a CDN) with the licence text beside it.
The npm package ships no licence file, so the upstream LICENSE is kept in widgets/vendor/; the build
stops if the module's own header no longer names that licence and its copyright holder, so an
upgrade to a differently licensed release cannot slip through unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path

from widgets.build.runtime import RuntimeMissing

PROJECT = Path(__file__).resolve().parents[2]
QRCODE_PACKAGE = "qrcode-generator"
QRCODE_MODULE = "dist/qrcode.mjs"
QRCODE_LICENCE = Path(__file__).resolve().parents[1] / "vendor" / "qrcode-generator-LICENSE.txt"
# Under assets/generated/: widgets/assets/qr.js imports the module from here.
QRCODE_FOLDER = Path("vendor") / "qrcode-generator"
# What the module's header must still say for the kept licence text to be the right one.
QRCODE_NOTICE = ("Copyright (c) 2009 Kazuhiko Arase", "Licensed under the MIT license")


def qrcode_files(project: Path = PROJECT) -> dict[Path, bytes]:
    """The QR module and its licence, by their path under assets/generated/; RuntimeMissing says what to do."""
    folder = project / "node_modules" / QRCODE_PACKAGE
    module = folder / QRCODE_MODULE
    if not module.is_file():
        raise RuntimeMissing(
            f"The QR code library is missing ({module} not found). "
            "Run `npm ci` in the project folder (./scripts/serve.sh does it for you), then build again."
        )
    version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    source = module.read_bytes()
    header = source[:2000].decode("utf-8", errors="replace")
    missing = [line for line in QRCODE_NOTICE if line not in header]
    if missing:
        raise RuntimeMissing(
            f"{module}: its header no longer says “{missing[0]}”, so {QRCODE_LICENCE.name} may not be its "
            "licence any more: check the new release's licence and update that file and widgets/build/vendor.py."
        )
    licence = (
        f"{QRCODE_PACKAGE} {version} (npm), https://github.com/kazuhikoarase/qrcode-generator\n"
        f"Used unchanged as {QRCODE_FOLDER.as_posix()}/qrcode.mjs, to draw QR codes in the learner's browser.\n\n"
    ).encode() + QRCODE_LICENCE.read_bytes()
    return {QRCODE_FOLDER / "qrcode.mjs": source, QRCODE_FOLDER / "LICENSE.txt": licence}
