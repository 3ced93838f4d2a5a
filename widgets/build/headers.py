"""The `_headers` file for static hosts that read one (Netlify, Cloudflare Pages and others)."""

from __future__ import annotations

HEADERS_FILE = "_headers"


def headers_text(policy: str, frame_ancestors: str, wasm_paths: list[str], text_paths: tuple[str, ...] = ()) -> str:
    """The site's policy for every path, plus frame-ancestors, .wasm served as WebAssembly, and UTF-8 text files."""
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
    # Hosts send .txt as text/plain, often without a charset: browsers would then misread UTF-8.
    for path in text_paths:
        lines += ["", path, "  Content-Type: text/plain; charset=utf-8"]
    return "\n".join(lines) + "\n"
