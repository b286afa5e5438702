#!/usr/bin/python3
# gen-keymap-xfree86.py: writes src/core/vireo-keymap-xfree86.h, the table from the legacy XFree86
# "kbd" driver's keycodes to Linux evdev codes, from xkeyboard-config's own key names.
#
# Copyright 2026 The Vireo authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: /usr/bin/python3 tools/gen-keymap-xfree86.py [XKB_KEYCODES_DIR] \
#          > src/core/vireo-keymap-xfree86.h
#        (XKB_KEYCODES_DIR defaults to /usr/share/X11/xkb/keycodes, package xkb-data)
#
# Method: keycodes/xfree86 and keycodes/evdev give each physical key the same XKB name (<HOME>,
# <AE01>, <KPEN>...). For every xfree86 keycode we take its name, find the evdev keycode of that
# name, and record evdev - 8 (the Linux KEY_* code); vireo-keymap.c then maps the Linux code to a
# QEMU qnum with its one hand-written table. Only the Linux code is generated here, so there is
# a single scancode table to check. Rules, in order:
#   1. the keycode's real name (<FK16> = 121), then its alias names (alias <HNGL> = <FK16>), each
#      looked up in evdev through evdev's aliases too (xfree86 <MENU> is evdev's alias of <COMP>);
#   2. a few names that differ between the two files for the same key (SYNONYMS below);
#   3. keycodes that keycodes/xfree86 itself calls fake ("never generated": <MDSW>, <LVL3>, <ALT>,
#      <META>, <SUPR>, <HYPR>) and keys without an evdev counterpart stay 0.
# When a keycode's names lead to different evdev keys, the real name wins; those names are listed
# in the generated header (tests/console/test-keymap.c checks the table against both files).

import re
import subprocess
import sys
from pathlib import Path

# Same key, different name in the two files (the files' own comments say what the key is).
SYNONYMS = {
    "XFER": "HENK",  # xfree86 "Henkan", evdev "Henkan"
    "NFER": "MUHE",  # xfree86 "Muhenkan", evdev "Muhenkan"
    "SYRQ": "PRSC",  # Alt+Print sends SysRq: evdev has one key, KEY_SYSRQ, <SYRQ> commented out
    "BRK": "PAUS",   # Ctrl+Pause sends Break: evdev has one key, KEY_PAUSE, <BRK> commented out
}
# "Other codes never generated. The XFree86 ddx never generates these codes." (keycodes/xfree86)
FAKE = {"MDSW", "LVL3", "ALT", "META", "SUPR", "HYPR"}

STATEMENT = re.compile(
    r'(?P<include>include\s+"(?P<file>[^"(]+)(?:\((?P<sec>[^)]+)\))?")'
    r'|(?P<alias>alias\s+<(?P<a>[^>]+)>\s*=\s*<(?P<b>[^>]+)>\s*;)'
    r'|(?P<key><(?P<n>[^>]+)>\s*=\s*(?P<code>\d+)\s*;)'
)


def strip_comments(text):
    return re.sub(r"(//|#).*", "", text)


def section_body(text, name):
    """The body of xkb_keycodes "name" { ... }; (None: the default section)."""
    if name is None:
        m = re.search(r'default\s+(?:partial\s+)?xkb_keycodes\s+"[^"]*"\s*\{', text)
    else:
        m = re.search(r'xkb_keycodes\s+"' + re.escape(name) + r'"\s*\{', text)
    if m is None:
        sys.exit(f"no xkb_keycodes section {name!r}")
    end = text.index("};", m.end())
    return text[m.end():end]


def parse(directory, file, section, codes, aliases):
    """Fills codes (name -> keycode) and aliases (name -> name), later statements winning."""
    text = strip_comments((directory / file).read_text())
    for m in STATEMENT.finditer(section_body(text, section)):
        if m.group("include"):
            parse(directory, m.group("file"), m.group("sec"), codes, aliases)
        elif m.group("alias"):
            aliases[m.group("a")] = m.group("b")
        else:
            codes[m.group("n")] = int(m.group("code"))
            aliases.pop(m.group("n"), None)


def resolve(name, codes, aliases):
    for _ in range(8):
        if name in codes:
            return codes[name]
        if name not in aliases:
            return None
        name = aliases[name]
    return None


def linux_key_names(header="/usr/include/linux/input-event-codes.h"):
    """Linux code -> its first KEY_* name, so the table reads as KEY_HOME, not 102."""
    names = {}
    for m in re.finditer(r"^#define\s+(KEY_\w+)\s+(\d+)\b", Path(header).read_text(), re.M):
        names.setdefault(int(m.group(2)), m.group(1))
    return names


def xkb_data_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "xkb-data"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/X11/xkb/keycodes")
    key_names = linux_key_names()
    xf_codes, xf_aliases, ev_codes, ev_aliases = {}, {}, {}, {}
    parse(directory, "xfree86", None, xf_codes, xf_aliases)
    parse(directory, "evdev", None, ev_codes, ev_aliases)

    table = {}
    conflicts = []
    for keycode in range(8, 256):
        real = sorted(n for n, c in xf_codes.items() if c == keycode)
        alias = sorted(a for a in xf_aliases if resolve(a, xf_codes, xf_aliases) == keycode)
        if not real or set(real) & FAKE:
            continue
        found = []
        for name in real + alias:
            for candidate in (name, SYNONYMS.get(name)):
                ev = resolve(candidate, ev_codes, ev_aliases) if candidate else None
                if ev is not None and ev >= 8:
                    found.append((name, candidate, ev - 8))
                    break
        if not found:
            continue
        table[keycode] = (real[0],) + found[0]
        for name, _, linux in found[1:]:
            if linux != found[0][2]:
                conflicts.append((keycode, name, found[0][0]))

    lost = "".join(f" *   {keycode}: <{name}> (alias) -> kept <{winner}>\n"
                   for keycode, name, winner in conflicts) or " *   (none)\n"
    out = sys.stdout
    out.write(f"""\
/* vireo-keymap-xfree86.h: XFree86 kbd-driver keycode -> Linux KEY_* code
 *
 * GENERATED by tools/gen-keymap-xfree86.py from xkeyboard-config's keycodes/xfree86
 * and keycodes/evdev (xkb-data {xkb_data_version()}); do not edit, run the script again.
 * Each entry: the xfree86 keycode's XKB name, looked up in evdev, minus 8.
 * Names that lost to the keycode's real name (their evdev key differs):
{lost} *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <linux/input-event-codes.h>

/* Included by vireo-keymap.c only. 0: no key. */
static const guint16 vireo_keymap_xfree86_to_linux[256] = {{
""")
    for keycode in sorted(table):
        real, name, matched, linux = table[keycode]
        how = f"<{real}>" if name == real else f"<{real}>, alias <{name}>"
        if matched != name:
            how += f", evdev <{matched}>"
        out.write(f"  [{keycode}] = {key_names.get(linux, linux)}, /* {how} */\n")
    out.write("};\n")

if __name__ == "__main__":
    main()
