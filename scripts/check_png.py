#!/usr/bin/env python3
"""Checks that files are real, non-blank PNG images.

usage: python3 scripts/check_png.py FILE...

For each FILE: the PNG signature; every chunk's length and CRC; IHDR first (width and height
1..20000, a valid colour type / bit depth pair), PLTE where the colour type needs it, at least
one IDAT, IEND last; the IDAT stream decompresses with zlib to exactly the expected size; every
scanline's filter (0-4) is undone (Adam7 interlacing included); and the picture is not blank:
at least 2 distinct colours and more than 0.5% of the pixels differ from the most common colour
(the background). Prints "ok FILE WxH colours=N" per good file, or "FILE: reason" on stderr;
the exit status is 1 if any file failed. Standard library only.
"""

import collections
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIDE = 20000
MIN_NON_BACKGROUND = 0.005
# colour type -> (channels, allowed bit depths)
COLOUR_TYPES = {
    0: (1, (1, 2, 4, 8, 16)),   # grey
    2: (3, (8, 16)),            # RGB
    3: (1, (1, 2, 4, 8)),       # palette
    4: (2, (8, 16)),            # grey + alpha
    6: (4, (8, 16)),            # RGBA
}
# Adam7 passes: (x start, y start, x step, y step)
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]


class BadPng(Exception):
    pass


def read_chunks(data):
    """[(type, body)] of every chunk, with lengths and CRCs checked."""
    if len(data) < len(SIGNATURE) or data[:8] != SIGNATURE:
        raise BadPng("not a PNG file (bad signature)")
    chunks = []
    pos = 8
    while pos < len(data):
        if pos + 8 > len(data):
            raise BadPng(f"truncated: chunk header cut at byte {pos}")
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        if length > 0x7FFFFFFF:
            raise BadPng(f"chunk length {length} at byte {pos} out of range")
        end = pos + 8 + length + 4
        if end > len(data):
            raise BadPng(f"truncated: chunk {ctype!r} at byte {pos} needs {end - len(data)} more bytes")
        if not all(65 <= c <= 90 or 97 <= c <= 122 for c in ctype):
            raise BadPng(f"bad chunk type {ctype!r} at byte {pos}")
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise BadPng(f"CRC mismatch in chunk {ctype.decode('ascii')} at byte {pos}")
        chunks.append((ctype, body))
        pos = end
        if ctype == b"IEND":
            break
    if not chunks or chunks[-1][0] != b"IEND":
        raise BadPng("truncated: no IEND chunk")
    if pos != len(data):
        raise BadPng(f"{len(data) - pos} bytes of garbage after IEND")
    return chunks


def parse_header(chunks):
    if chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise BadPng("first chunk is not a 13-byte IHDR")
    width, height, depth, ctype, comp, filt, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise BadPng(f"size {width}x{height} outside 1..{MAX_SIDE}")
    if ctype not in COLOUR_TYPES or depth not in COLOUR_TYPES[ctype][1]:
        raise BadPng(f"invalid colour type {ctype} with bit depth {depth}")
    if comp != 0 or filt != 0 or interlace not in (0, 1):
        raise BadPng(f"unknown compression/filter/interlace method {comp}/{filt}/{interlace}")
    return width, height, depth, ctype, interlace


def unfilter(raw, pos, width, height, bits_per_pixel):
    """Undoes the filters of one (sub)image starting at raw[pos]; returns (rows, next pos)."""
    stride = (width * bits_per_pixel + 7) // 8
    bpp = max(1, bits_per_pixel // 8)
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        if pos + 1 + stride > len(raw):
            raise BadPng(f"image data too short at row {y}")
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if ftype == 0:
            pass
        elif ftype == 1:        # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:        # Up: bytewise add without carries between bytes, on whole rows
            a = int.from_bytes(line, "big")
            b = int.from_bytes(prev, "big")
            low = int.from_bytes(b"\x7f" * stride, "big")
            s = ((a & low) + (b & low)) ^ ((a ^ b) & ~low & ((1 << (8 * stride)) - 1))
            line = bytearray(s.to_bytes(stride, "big"))
        elif ftype == 3:        # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:        # Paeth; with no left neighbour the predictor is the byte above
            for i in range(min(bpp, stride)):
                line[i] = (line[i] + prev[i]) & 0xFF
            for i in range(bpp, stride):
                a = line[i - bpp]
                b = prev[i]
                c = prev[i - bpp]
                pa = b - c          # |p - a| with p = a + b - c
                pb = a - c          # |p - b|
                pc = pa + pb        # |p - c|
                if pa < 0:
                    pa = -pa
                if pb < 0:
                    pb = -pb
                if pc < 0:
                    pc = -pc
                if pa <= pb and pa <= pc:
                    line[i] = (line[i] + a) & 0xFF
                elif pb <= pc:
                    line[i] = (line[i] + b) & 0xFF
                else:
                    line[i] = (line[i] + c) & 0xFF
        else:
            raise BadPng(f"unknown filter type {ftype} at row {y}")
        rows.append(bytes(line))
        prev = line
    return rows, pos


def pixels_of_rows(rows, width, depth, channels):
    """Counter of the pixels' raw values (bytes per pixel, or the sample for depths < 8)."""
    counts = collections.Counter()
    if depth >= 8:
        n = channels * depth // 8
        for row in rows:
            counts.update(row[i:i + n] for i in range(0, width * n, n))
    else:
        per_byte = 8 // depth
        mask = (1 << depth) - 1
        for row in rows:
            values = []
            for byte in row:
                for k in range(per_byte):
                    values.append((byte >> (8 - depth * (k + 1))) & mask)
            counts.update(values[:width])
    return counts


def check(path):
    """Returns (width, height, colours) of a good image; raises BadPng otherwise."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise BadPng(f"cannot read: {e.strerror}") from e
    chunks = read_chunks(data)
    width, height, depth, ctype, interlace = parse_header(chunks)
    channels = COLOUR_TYPES[ctype][0]
    types = [t for t, _ in chunks]
    if b"IDAT" not in types:
        raise BadPng("no IDAT chunk")
    first = types.index(b"IDAT")
    last = len(types) - 1 - types[::-1].index(b"IDAT")
    if any(t != b"IDAT" for t in types[first:last + 1]):
        raise BadPng("IDAT chunks are not consecutive")
    palette = None
    if b"PLTE" in types:
        body = chunks[types.index(b"PLTE")][1]
        if len(body) % 3 or not 1 <= len(body) // 3 <= 256:
            raise BadPng(f"bad PLTE length {len(body)}")
        palette = [body[i:i + 3] for i in range(0, len(body), 3)]
    if ctype == 3 and palette is None:
        raise BadPng("palette image without PLTE")

    dec = zlib.decompressobj()
    try:
        raw = dec.decompress(b"".join(b for t, b in chunks if t == b"IDAT"))
    except zlib.error as e:
        raise BadPng(f"IDAT does not decompress: {e}") from e
    if not dec.eof:
        raise BadPng("IDAT zlib stream is truncated")

    bits = depth * channels
    if interlace == 0:
        passes = [(width, height)]
    else:
        passes = []
        for x0, y0, dx, dy in ADAM7:
            pw = (width - x0 + dx - 1) // dx if width > x0 else 0
            ph = (height - y0 + dy - 1) // dy if height > y0 else 0
            if pw and ph:
                passes.append((pw, ph))
    expected = sum(ph * (1 + (pw * bits + 7) // 8) for pw, ph in passes)
    if len(raw) != expected:
        raise BadPng(f"image data is {len(raw)} bytes, expected {expected} for {width}x{height}")
    counts = collections.Counter()
    pos = 0
    for pw, ph in passes:
        rows, pos = unfilter(raw, pos, pw, ph, bits)
        counts.update(pixels_of_rows(rows, pw, depth, channels))

    if ctype == 3:
        merged = collections.Counter()
        for key, n in counts.items():
            index = key[0] if isinstance(key, bytes) else key
            if index >= len(palette):
                raise BadPng(f"pixel uses palette index {index} of {len(palette)}")
            merged[palette[index]] += n
        counts = merged
    total = width * height
    background, nbg = counts.most_common(1)[0]
    if len(counts) < 2:
        raise BadPng(f"blank: one colour only ({width}x{height})")
    if (total - nbg) / total <= MIN_NON_BACKGROUND:
        raise BadPng(f"nearly blank: {total - nbg} of {total} pixels differ from the background")
    return width, height, len(counts)


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: check_png.py FILE...", file=sys.stderr)
        return 2
    bad = 0
    for path in argv:
        try:
            w, h, n = check(path)
        except BadPng as e:
            print(f"{path}: {e}", file=sys.stderr)
            bad += 1
            continue
        print(f"ok {path} {w}x{h} colours={n}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
