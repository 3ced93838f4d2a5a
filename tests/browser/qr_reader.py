"""Read a QR code back from a screenshot, as a phone would: the PNG's pixels, then zxing-cpp's decoder."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import zxingcpp

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Colour type -> bytes per pixel at 8 bits per sample: grey, RGB, grey with alpha, RGBA.
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def grey_pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and one grey byte per pixel of an 8-bit, non-interlaced PNG (what Chromium's screenshots are)."""
    assert png.startswith(SIGNATURE), "not a PNG"
    position, data, header = len(SIGNATURE), b"", None
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        body = png[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            data += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in CHANNELS and interlace == 0, f"unsupported PNG: {header}"
    step = CHANNELS[colour]
    raw = zlib.decompress(data)
    stride = width * step
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up = previous[x]
            corner = previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[x] = (line[x] + nearest[2]) & 0xFF
        rows.append(line)
        previous = line
    grey = bytearray()
    for line in rows:
        for x in range(0, stride, step):
            grey.append(line[x] if step < 3 else (line[x] * 299 + line[x + 1] * 587 + line[x + 2] * 114) // 1000)
    return width, height, bytes(grey)


@dataclass(frozen=True)
class QrCode:
    """What a scanner reads from a QR code: its text, its version (1 to 40) and its error correction level."""

    text: str
    version: int
    level: str


# How many bytes a QR code holds in byte mode at error correction M, by version (ISO/IEC 18004, table 7).
BYTES_AT_M = (
    14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
    711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
)  # fmt: skip


def smallest_version_at_m(length: int) -> int:
    """The smallest QR version whose byte mode holds `length` bytes at error correction M."""
    return next(version for version, capacity in enumerate(BYTES_AT_M, 1) if capacity >= length)


def read_qr(png: bytes) -> QrCode | None:
    """The QR code in a screenshot, or None if zxing-cpp finds none."""
    width, height, grey = grey_pixels(png)
    found = zxingcpp.read_barcode(memoryview(grey).cast("B", (height, width)), formats=zxingcpp.BarcodeFormat.QRCode)
    if not found:
        return None
    return QrCode(found.text, int(found.extra["Version"]), found.extra["ECLevel"])
