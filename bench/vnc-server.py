#!/usr/bin/python3
"""bench/vnc-server.py: the VNC server bench/console runs both clients against.

    vnc-server.py --size 1024x768 --mode full|small [--encoding own|raw|hextile|zrle|tight]
                  [--port N] [--log FILE] [--cache DIR]

An RFB 3.8 server (no authentication) whose screen is a clock of frames: frame n is due at
t_go + n / fps once "go FPS" is read from stdin (before that, frame 0 stays up).

  full   every frame changes the whole screen: frame n is one of 8 pre-rendered "desktop" images
         (a gradient background, windows with text-like glyphs, a photo-like area), each the
         previous one scrolled, sent as one update covering the whole screen: four rectangles
         around the frame-number marker (below), tight ones cut in bands of at most 64 Ki pixels
         as QEMU and TigerVNC cut them, then the marker last. No rectangle overlaps another, so
         the marker a client shows is always a whole one.
  small  only the 64x64 marker changes: each update is that one rectangle.

The marker, at guest (64, 64): 4x4 cells of 16x16 pixels; the first three are pure red, green and
blue (the content never uses pure colours: its channels stay within 8..247), the other 13 are the
frame number modulo 8192, most significant bit first, white for 1 and black for 0. bench/console
reads it off the screen to see which frame a client shows.

Like QEMU's VNC server it sends only when the client has asked (FramebufferUpdateRequest) and then
the newest frame, never a queue of old ones: a client that is slower than the clock gets fewer
frames. A non-incremental request gets the whole screen at once.

Encodings: the first of the client's SetEncodings list the server can produce (raw, hextile, ZRLE,
tight; QEMU picks the same way), or --encoding for every client. Both clients here (Vireo's widget
and remote-viewer's gtk-vnc) decode with the same libgvnc 1.3.1. The encoders are small and honest
rather than clever: hextile tiles are solid, two-colour (one subrectangle per run of the
foreground colour in a row) or raw; ZRLE tiles solid, packed palette (2..16 colours) or raw;
tight rectangles fill, palette (2..256 colours) or copy, zlib-compressed (level 6). Full frames are
encoded once (cached in --cache) so the server spends no CPU on them while clients are measured.
Only the pixel format the server announces is accepted (32 bpp, depth 24, little endian,
red/green/blue shifts 16/8/0: what both clients ask for).

It writes events to --log, one per line (time.monotonic() seconds, the clock the driver reads):
  conn T                     a client connected
  enc T NAME LIST            the encoding chosen, the client's list
  req T INCREMENTAL X Y W H  a FramebufferUpdateRequest arrived
  fbu T0 T1 FRAME RECTS PIXELS BYTES FULL   an update was written to the socket (T0 start, T1 end)
  go T FPS                   the clock started
  bye T REASON               the client went away
and prints "listening PORT" on stdout once it listens.
"""
import argparse
import os
import select
import socket
import struct
import sys
import time
import zlib

import numpy as np

ENC_RAW, ENC_HEXTILE, ENC_TIGHT, ENC_ZRLE = 0, 5, 7, 16
ENC_NAMES = {ENC_RAW: "raw", ENC_HEXTILE: "hextile", ENC_TIGHT: "tight", ENC_ZRLE: "zrle"}
ENC_BY_NAME = {v: k for k, v in ENC_NAMES.items()}

# 32 bpp, depth 24, little endian, true colour, max 255, shifts 16/8/0: memory bytes B, G, R, X.
PIXEL_FORMAT = struct.pack(">BBBBHHHBBB3x", 32, 24, 0, 1, 255, 255, 255, 16, 8, 0)

MARKER_X, MARKER_Y, MARKER_CELL = 64, 64, 16
MARKER_SIZE = 4 * MARKER_CELL
MARKER_MOD = 8192
N_FRAMES = 8
TIGHT_MAX_PIXELS = 65536


def rgb(r, g, b):
    return (np.uint32(r) << 16) | (np.uint32(g) << 8) | np.uint32(b)


# --------------------------------------------------------------------------------------------
# Content

def desktop_image(w, h, seed=7):
    """A deterministic desktop-like picture, (h, w) uint32 0x00RRGGBB, channels within 8..247."""
    rnd = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r = 40 + 150 * x / w
    g = 60 + 120 * y / h
    b = 150 + 60 * np.sin((x + y) / 97.0)
    img = np.stack([r, g, b], axis=-1)

    # A photo-like area: smooth noise (random coarse grid, upsampled) with a little grain.
    pw, ph = w // 3, h // 3
    px, py = w - pw - w // 20, h - ph - h // 12
    coarse = rnd.uniform(20, 235, size=(ph // 24 + 2, pw // 24 + 2, 3)).astype(np.float32)
    yy = np.linspace(0, coarse.shape[0] - 1.001, ph)
    xx = np.linspace(0, coarse.shape[1] - 1.001, pw)
    y0, x0 = yy.astype(int), xx.astype(int)
    fy, fx = (yy - y0)[:, None, None], (xx - x0)[None, :, None]
    c = coarse
    photo = (c[y0][:, x0] * (1 - fy) * (1 - fx) + c[y0 + 1][:, x0] * fy * (1 - fx) +
             c[y0][:, x0 + 1] * (1 - fy) * fx + c[y0 + 1][:, x0 + 1] * fy * fx)
    photo += rnd.normal(0, 6, size=photo.shape)
    img[py:py + ph, px:px + pw] = photo

    # Windows: a title bar and lines of text-like glyphs (two colours per glyph cell).
    glyphs = rnd.random((64, 10, 6)) < 0.45
    for k in range(5):
        ww, wh = int(w * rnd.uniform(0.25, 0.45)), int(h * rnd.uniform(0.25, 0.45))
        wx, wy = int(rnd.uniform(0, w - ww)), int(rnd.uniform(0, h - wh))
        img[wy:wy + wh, wx:wx + ww] = (236, 236, 232)
        img[wy:wy + 28, wx:wx + ww] = (200, 204, 210)
        ink = np.array([(30, 30, 40), (20, 60, 140), (120, 30, 30)][k % 3], dtype=np.float32)
        for ly in range(wy + 38, wy + wh - 14, 16):
            lx = wx + 10
            while lx < wx + ww - 16:
                word = int(rnd.integers(2, 10))
                for _ in range(word):
                    if lx + 7 > wx + ww - 10:
                        break
                    cell = img[ly:ly + 10, lx:lx + 6]
                    cell[glyphs[int(rnd.integers(0, 64))]] = ink
                    lx += 7
                lx += 7
    img = np.clip(img, 8, 247).astype(np.uint32)
    return (img[..., 0] << 16) | (img[..., 1] << 8) | img[..., 2]


def frames_full(w, h):
    base = desktop_image(w, h)
    # Each frame the previous one scrolled by (9, 16) px: every non-flat pixel moves.
    return [np.ascontiguousarray(np.roll(base, (9 * k, 16 * k), axis=(0, 1))) for k in range(N_FRAMES)]


def marker(n):
    m = np.zeros((MARKER_SIZE, MARKER_SIZE), dtype=np.uint32)
    colours = [rgb(255, 0, 0), rgb(0, 255, 0), rgb(0, 0, 255)]
    bits = n % MARKER_MOD
    for i in range(16):
        cy, cx = divmod(i, 4)
        if i < 3:
            c = colours[i]
        else:
            c = rgb(255, 255, 255) if (bits >> (15 - i)) & 1 else rgb(0, 0, 0)
        m[cy * MARKER_CELL:(cy + 1) * MARKER_CELL, cx * MARKER_CELL:(cx + 1) * MARKER_CELL] = c
    return m


# --------------------------------------------------------------------------------------------
# Encoders: each returns the rectangle's payload (after the 12-byte rectangle header).

def px_bytes(a):
    """Pixels in the client format: little-endian 32-bit words, bytes B, G, R, 0."""
    return np.ascontiguousarray(a, dtype="<u4").tobytes()


def cpixels(a):
    """ZRLE CPIXELs: 3 bytes (B, G, R) per pixel."""
    b = np.ascontiguousarray(a, dtype="<u4").view(np.uint8).reshape(-1, 4)
    return b[:, :3].tobytes()


def tpixels(a):
    """Tight TPIXELs: 3 bytes R, G, B per pixel."""
    a = np.asarray(a, dtype=np.uint32).ravel()
    out = np.empty((a.size, 3), dtype=np.uint8)
    out[:, 0] = (a >> 16) & 0xFF
    out[:, 1] = (a >> 8) & 0xFF
    out[:, 2] = a & 0xFF
    return out.tobytes()


def enc_raw(a):
    return px_bytes(a)


def enc_hextile(a):
    h, w = a.shape
    out = bytearray()
    for ty in range(0, h, 16):
        for tx in range(0, w, 16):
            t = a[ty:ty + 16, tx:tx + 16]
            th, tw = t.shape
            bg = t[0, 0]
            if (t == bg).all():
                out += b"\x02" + struct.pack("<I", int(bg))
                continue
            fgmask = t != bg
            fg = t[fgmask][0]
            if ((t == bg) | (t == fg)).all():
                # One subrectangle per run of the foreground colour in a row.
                subs = bytearray()
                n = 0
                for yy in range(th):
                    row = fgmask[yy]
                    xx = 0
                    while xx < tw:
                        if row[xx]:
                            x1 = xx
                            while x1 < tw and row[x1]:
                                x1 += 1
                            subs += bytes(((xx << 4) | yy, ((x1 - xx - 1) << 4) | 0))
                            n += 1
                            xx = x1
                        else:
                            xx += 1
                if n <= 255 and 1 + 4 + 4 + 1 + 2 * n < tw * th * 4:
                    out += bytes((0x02 | 0x04 | 0x08,)) + struct.pack("<II", int(bg), int(fg)) + bytes((n,)) + subs
                    continue
            out += b"\x01" + px_bytes(t)
    return bytes(out)


def zrle_tiles(a):
    """The uncompressed ZRLE tile stream of a rectangle."""
    h, w = a.shape
    out = bytearray()
    for ty in range(0, h, 64):
        for tx in range(0, w, 64):
            t = a[ty:ty + 64, tx:tx + 64]
            th, tw = t.shape
            colours = np.unique(t)
            if colours.size == 1:
                out += b"\x01" + cpixels(colours)
            elif colours.size <= 16:
                n = colours.size
                bits = 1 if n == 2 else 2 if n <= 4 else 4
                idx = np.searchsorted(colours, t).astype(np.uint8)
                per = 8 // bits
                pad = (-tw) % per
                if pad:
                    idx = np.pad(idx, ((0, 0), (0, pad)))
                idx = idx.reshape(th, -1, per)
                packed = np.zeros(idx.shape[:2], dtype=np.uint8)
                for k in range(per):
                    packed |= (idx[:, :, k] << (8 - bits * (k + 1))).astype(np.uint8)
                out += bytes((n,)) + cpixels(colours) + packed.tobytes()
            else:
                out += b"\x00" + cpixels(t)
    return bytes(out)


def enc_zrle_deflate(a):
    """Raw deflate of the tile stream, sync-flushed: valid anywhere in the connection's zlib stream
    (no back-references before it); the server prepends the zlib header on a connection's first
    ZRLE rectangle and the 4-byte length."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(zrle_tiles(a)) + c.flush(zlib.Z_SYNC_FLUSH)


def cint(n):
    out = bytearray()
    out.append(n & 0x7F)
    if n > 0x7F:
        out[-1] |= 0x80
        out.append((n >> 7) & 0x7F)
        if n > 0x3FFF:
            out[-1] |= 0x80
            out.append((n >> 14) & 0xFF)
    return bytes(out)


def tight_data(stream, data):
    if len(data) < 12:
        return data
    c = zlib.compressobj(6)
    z = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    return cint(len(z)) + z


def enc_tight_one(a):
    """One tight rectangle (at most TIGHT_MAX_PIXELS). Every compressed rectangle resets its zlib
    stream first (control bits 0-3), so pre-encoded rectangles can be sent in any order."""
    h, w = a.shape
    colours = np.unique(a)
    if colours.size == 1:
        return b"\x80" + tpixels(colours)
    if colours.size <= 256:
        stream = 1
        idx = np.searchsorted(colours, a).astype(np.uint8)
        if colours.size == 2:
            pad = (-w) % 8
            bits = np.pad(idx, ((0, 0), (0, pad))) if pad else idx
            data = np.packbits(bits.astype(np.uint8), axis=1).tobytes()
        else:
            data = idx.tobytes()
        head = bytes(((1 << stream) | ((0x4 | stream) << 4), 1, colours.size - 1)) + tpixels(colours)
        return head + tight_data(stream, data)
    stream = 0
    return bytes(((1 << stream) | ((0x4 | stream) << 4), 0)) + tight_data(stream, tpixels(a))


def rect_header(x, y, w, h, enc):
    return struct.pack(">HHHHi", x, y, w, h, enc)


def encode_rects(enc, a, x0=0, y0=0):
    """[(x, y, w, h, payload)] covering the array a placed at (x0, y0)."""
    h, w = a.shape
    if enc == ENC_TIGHT:
        band = max(1, TIGHT_MAX_PIXELS // w)
        return [(x0, y0 + y, w, min(band, h - y), enc_tight_one(a[y:y + band]))
                for y in range(0, h, band)]
    if enc == ENC_RAW:
        return [(x0, y0, w, h, enc_raw(a))]
    if enc == ENC_HEXTILE:
        return [(x0, y0, w, h, enc_hextile(a))]
    if enc == ENC_ZRLE:
        return [(x0, y0, w, h, enc_zrle_deflate(a))]
    raise ValueError(enc)


def around_marker(w, h):
    """The screen without the marker square, as (x, y, w, h) rectangles: a full frame is these plus
    the marker, so no rectangle of an update overwrites another."""
    mx, my, ms = MARKER_X, MARKER_Y, MARKER_SIZE
    return [r for r in ((0, 0, w, my), (0, my, mx, ms), (mx + ms, my, w - mx - ms, ms),
                        (0, my + ms, w, h - my - ms)) if r[2] > 0 and r[3] > 0]


def encode_frame(enc, frame):
    h, w = frame.shape
    rects = []
    for (x, y, rw, rh) in around_marker(w, h):
        rects += encode_rects(enc, frame[y:y + rh, x:x + rw], x, y)
    return rects


def load_or_encode(cache, w, h, enc, frames):
    """The full frames but the marker square, encoded with enc, cached as one file per (size,
    encoding)."""
    path = os.path.join(cache, "frames-%dx%d-%s.npz" % (w, h, ENC_NAMES[enc])) if cache else None
    if path and os.path.exists(path):
        z = np.load(path, allow_pickle=False)
        out = []
        for k in range(int(z["n"])):
            geo = z["geo%d" % k]
            out.append([(int(g[0]), int(g[1]), int(g[2]), int(g[3]), z["p%d_%d" % (k, i)].tobytes())
                        for i, g in enumerate(geo)])
        return out
    out = [encode_frame(enc, f) for f in frames]
    if path:
        arrays = {"n": np.array(len(out))}
        for k, rects in enumerate(out):
            arrays["geo%d" % k] = np.array([r[:4] for r in rects], dtype=np.int32)
            for i, r in enumerate(rects):
                arrays["p%d_%d" % (k, i)] = np.frombuffer(r[4], dtype=np.uint8)
        tmp = path + ".tmp.npz"
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    return out


# --------------------------------------------------------------------------------------------
# Protocol

class Gone(Exception):
    pass


class Client:
    def __init__(self, sock, server):
        self.sock = sock
        self.srv = server
        self.buf = bytearray()
        self.enc = None
        self.zrle_started = False
        self.pending = None          # None, "inc" or "full"
        self.last_frame = None

    # --- reading
    def fill(self, n, block=True):
        while len(self.buf) < n:
            if not block:
                r, _, _ = select.select([self.sock], [], [], 0)
                if not r:
                    return False
            data = self.sock.recv(1 << 16)
            if not data:
                raise Gone("closed")
            self.buf += data
        return True

    def take(self, n):
        self.fill(n)
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def handshake(self):
        self.sock.sendall(b"RFB 003.008\n")
        version = self.take(12)
        if not version.startswith(b"RFB 003."):
            raise Gone("bad version %r" % version)
        minor = int(version[8:11])
        if minor >= 7:
            self.sock.sendall(b"\x01\x01")   # one security type: None
            if self.take(1) != b"\x01":
                raise Gone("client refused security type None")
            if minor >= 8:
                self.sock.sendall(struct.pack(">I", 0))
        else:
            self.sock.sendall(struct.pack(">I", 1))
        self.take(1)                          # ClientInit: shared flag
        name = b"vireo-bench"
        self.sock.sendall(struct.pack(">HH", self.srv.w, self.srv.h) + PIXEL_FORMAT +
                          struct.pack(">I", len(name)) + name)

    def read_messages(self):
        """Handles every complete client message already received (reads what is there)."""
        while True:
            if not self.fill(1, block=False):
                return
            t = self.buf[0]
            if t == 0:                                     # SetPixelFormat
                self.fill(20)
                msg = self.take(20)
                if msg[4:20] != PIXEL_FORMAT:
                    raise Gone("unsupported pixel format %s" % msg[4:20].hex())
            elif t == 2:                                   # SetEncodings
                self.fill(4)
                n = struct.unpack(">H", bytes(self.buf[2:4]))[0]
                msg = self.take(4 + 4 * n)
                encs = list(struct.unpack(">%di" % n, msg[4:]))
                self.choose_encoding(encs)
            elif t == 3:                                   # FramebufferUpdateRequest
                inc, x, y, w, h = struct.unpack(">BHHHH", self.take(10)[1:])
                self.srv.log("req %.6f %d %d %d %d %d" % (time.monotonic(), inc, x, y, w, h))
                if not inc or self.last_frame is None:
                    self.pending = "full"
                elif self.pending is None:
                    self.pending = "inc"
            elif t == 4:                                   # KeyEvent
                self.take(8)
            elif t == 5:                                   # PointerEvent
                self.take(6)
            elif t == 6:                                   # ClientCutText
                self.fill(8)
                n = struct.unpack(">I", bytes(self.buf[4:8]))[0]
                self.take(8 + n)
            elif t == 255:                                 # QEMU: only the extended key event
                self.fill(2)
                if self.buf[1] != 0:
                    raise Gone("unexpected QEMU client message %d" % self.buf[1])
                self.take(12)
            elif t == 250:                                 # XVP
                self.take(4)
            else:
                raise Gone("unexpected client message type %d" % t)

    def choose_encoding(self, encs):
        forced = self.srv.forced
        if forced is not None:
            if forced not in encs and forced != ENC_RAW:
                raise Gone("client does not accept %s (it listed %s)" % (ENC_NAMES[forced], encs))
            self.enc = forced
        else:
            self.enc = next((e for e in encs if e in ENC_NAMES), ENC_RAW)
        self.srv.log("enc %.6f %s %s" % (time.monotonic(), ENC_NAMES[self.enc], ",".join(map(str, encs))))
        self.srv.prepare(self.enc)

    # --- writing
    def rect_bytes(self, x, y, w, h, payload):
        if self.enc == ENC_ZRLE:
            if not self.zrle_started:
                payload = b"\x78\x9c" + payload
                self.zrle_started = True
            return [rect_header(x, y, w, h, self.enc), struct.pack(">I", len(payload)), payload]
        return [rect_header(x, y, w, h, self.enc), payload]

    def send_update(self, frame, full):
        srv = self.srv
        if self.enc is None:                # an update asked before any SetEncodings: raw
            self.enc = ENC_RAW
            srv.prepare(ENC_RAW)
        enc = self.enc
        parts = []
        rects = 0
        pixels = 0
        if srv.mode == "full" or full:
            base = srv.encoded[enc][frame % N_FRAMES if srv.mode == "full" else 0]
            for (x, y, w, h, payload) in base:
                parts += self.rect_bytes(x, y, w, h, payload)
                rects += 1
                pixels += w * h
        for (x, y, w, h, payload) in encode_rects(enc, marker(frame), MARKER_X, MARKER_Y):
            parts += self.rect_bytes(x, y, w, h, payload)
            rects += 1
            pixels += w * h
        head = struct.pack(">BxH", 0, rects)
        parts.insert(0, head)
        nbytes = sum(len(p) for p in parts)
        t0 = time.monotonic()
        self.send_all(parts)
        t1 = time.monotonic()
        self.last_frame = frame
        srv.log("fbu %.6f %.6f %d %d %d %d %d" % (t0, t1, frame, rects, pixels, nbytes, 1 if full else 0))

    def send_all(self, parts):
        views = [memoryview(p) for p in parts if len(p)]
        while views:
            try:
                n = self.sock.sendmsg(views[:512])
            except InterruptedError:
                continue
            while n and views:
                if n >= len(views[0]):
                    n -= len(views[0])
                    views.pop(0)
                else:
                    views[0] = views[0][n:]
                    n = 0


class Server:
    def __init__(self, args):
        self.w, self.h = args.width, args.height
        self.mode = args.mode
        self.forced = None if args.encoding == "own" else ENC_BY_NAME[args.encoding]
        self.cache = args.cache
        self.logf = open(args.log, "a", buffering=1) if args.log else None
        self.frames = frames_full(self.w, self.h)
        if self.mode == "small":
            self.frames = self.frames[:1]
        self.encoded = {}
        self.t_go = None
        self.fps = None
        self.quit = False

    def log(self, line):
        if self.logf:
            self.logf.write(line + "\n")

    def prepare(self, enc):
        if enc not in self.encoded:
            self.encoded[enc] = load_or_encode(self.cache, self.w, self.h, enc, self.frames)

    def frame_at(self, t):
        if self.t_go is None:
            return 0
        return int((t - self.t_go) * self.fps)

    def next_tick(self, t):
        if self.t_go is None:
            return None
        return self.t_go + (self.frame_at(t) + 1) / self.fps

    def control(self, line):
        words = line.split()
        if not words:
            return
        if words[0] == "go":
            self.fps = float(words[1])
            self.t_go = time.monotonic()
            self.log("go %.6f %g" % (self.t_go, self.fps))
        elif words[0] == "quit":
            self.quit = True

    def serve(self, listener):
        stdin = sys.stdin.fileno()
        stdin_open = True
        pending_line = b""
        client = None
        while not self.quit:
            fds = [listener] + ([client.sock] if client else []) + ([stdin] if stdin_open else [])
            timeout = 1.0
            now = time.monotonic()
            if client is not None and client.pending is not None:
                cur = self.frame_at(now)
                if client.pending == "full" or cur != client.last_frame:
                    try:
                        client.send_update(cur, client.pending == "full")
                    except OSError as e:
                        self.log("bye %.6f %s" % (time.monotonic(), e))
                        client.sock.close()
                        client = None
                        continue
                    client.pending = None
                    continue
                tick = self.next_tick(now)
                if tick is not None:
                    timeout = max(0.0, tick - now)
            r, _, _ = select.select(fds, [], [], timeout)
            if stdin_open and stdin in r:
                data = os.read(stdin, 4096)
                if not data:
                    stdin_open = False
                    self.quit = True
                pending_line += data
                while b"\n" in pending_line:
                    line, pending_line = pending_line.split(b"\n", 1)
                    self.control(line.decode())
            if listener in r:
                sock, _ = listener.accept()
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if client is not None:
                    client.sock.close()
                client = Client(sock, self)
                self.log("conn %.6f" % time.monotonic())
                try:
                    client.handshake()
                except (Gone, OSError) as e:
                    self.log("bye %.6f %s" % (time.monotonic(), e))
                    sock.close()
                    client = None
                continue
            if client is not None and client.sock in r:
                try:
                    client.read_messages()
                except (Gone, OSError) as e:
                    self.log("bye %.6f %s" % (time.monotonic(), e))
                    client.sock.close()
                    client = None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="1024x768")
    ap.add_argument("--mode", choices=("full", "small"), default="full")
    ap.add_argument("--encoding", choices=("own",) + tuple(ENC_BY_NAME), default="own")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--log", default=None)
    ap.add_argument("--cache", default=None, help="directory for the encoded full frames")
    ap.add_argument("--prepare", default=None,
                    help="only encode the full frames with these encodings (comma-separated) into --cache")
    args = ap.parse_args()
    args.width, args.height = (int(v) for v in args.size.split("x"))

    srv = Server(args)
    if args.prepare:
        for name in args.prepare.split(","):
            srv.prepare(ENC_BY_NAME[name])
        return
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(2)
    print("listening %d" % listener.getsockname()[1], flush=True)
    srv.serve(listener)


if __name__ == "__main__":
    main()
