"""The `_headers` file for static hosts that read one (Netlify, Cloudflare Pages and others)."""

from __future__ import annotations

from pathlib import Path

HEADERS_FILE = "_headers"


def headers_text(policy: str, frame_ancestors: str, wasm_paths: list[str]) -> str:
    """The site's policy for every path, plus frame-ancestors, and .wasm served as WebAssembly."""
    policy = " ".join(policy.split()).rstrip(";")
    lines = [
        "# Written by the course build; edit extra.content_security_policy in mkdocs.yml instead.",
        "/*",
        f"  Content-Security-Policy: {policy}; frame-ancestors {frame_ancestors}",
        "  X-Content-Type-Options: nosniff",
    ]
    # Hosts that don't know .wasm break WebAssembly.instantiateStreaming (it needs the type).
    for path in wasm_paths:
        lines += ["", path, "  Content-Type: application/wasm"]
    return "\n".join(lines) + "\n"


def write_headers(site_dir: Path, policy: str, frame_ancestors: str) -> Path:
    """Write site_dir/_headers, naming every .wasm file in the built site."""
    wasm = sorted("/" + path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.wasm"))
    target = site_dir / HEADERS_FILE
    target.write_text(headers_text(policy, frame_ancestors, wasm), encoding="utf-8")
    return target
