"""The `_headers` file for static hosts that read one (Netlify, Cloudflare Pages and others)."""

from __future__ import annotations

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
