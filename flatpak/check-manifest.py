#!/usr/bin/env python3
# check-manifest.py: the Flatpak manifest builds everything Vireo links to.
#
# Copyright 2026 The Vireo authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-manifest.py [--app-id ID] MANIFEST.json TOP/meson.build
#
# Checks that the manifest names the app, runs `vireo`, builds Vireo itself from the source tree without tests, and
# that every pkg-config dependency of the application (the `dependency('…')` calls in the top-level meson.build and
# in src/**/meson.build) is provided either by the GNOME runtime or by one of the manifest's modules. Dependencies
# that only the tests need (`required: get_option('tests')`, cmocka) are skipped: the manifest builds with
# -Dtests=false.
#
# When this fails after adding a dependency: add a module that builds it to the manifest and its pkg-config name to
# MODULE_PROVIDES below, or, if org.gnome.Platform really ships it, to RUNTIME_PROVIDES.

import argparse
import json
import pathlib
import re
import sys

RUNTIME_VERSION = '45'

# pkg-config names that org.gnome.Platform//45 (on top of org.freedesktop.Platform//23.08) ships.
RUNTIME_PROVIDES = {
    'glib-2.0', 'gobject-2.0', 'gio-2.0', 'gio-unix-2.0', 'gmodule-2.0', 'gthread-2.0',
    'gtk4', 'gtk4-x11', 'gtk4-wayland', 'libadwaita-1', 'libxml-2.0',
    'epoxy', 'x11', 'xi',
    'cairo', 'pango', 'pangocairo', 'gdk-pixbuf-2.0', 'graphene-1.0',
    'gnutls', 'zlib', 'json-glib-1.0', 'libsoup-3.0', 'libsecret-1',
    'x11',  # libX11: the freedesktop runtime's, which GTK's X11 backend links to
    'xi',  # libXi, likewise (GTK's X11 backend uses XInput2)
    'gtk4-x11',  # GTK's own pkg-config file for its X11 backend
    'epoxy',  # libepoxy: GTK's GL loader, in the freedesktop runtime
}

# Built by meson itself, never looked up through pkg-config.
MESON_BUILTINS = {'threads', 'openmp', 'dl', 'iconv', 'intl'}

# Only the test suites need these (the manifest passes -Dtests=false).
TEST_ONLY = {'cmocka'}

# Manifest module name -> the pkg-config names it installs.
MODULE_PROVIDES = {
    'libvirt': {'libvirt', 'libvirt-qemu', 'libvirt-lxc', 'libvirt-admin'},
    'libvirt-glib': {'libvirt-glib-1.0', 'libvirt-gobject-1.0', 'libvirt-gconfig-1.0'},
    'gtk-vnc': {'gvnc-1.0', 'gtk-vnc-2.0'},
    'libosinfo': {'libosinfo-1.0'},
    'gtksourceview': {'gtksourceview-5'},
    'vte': {'vte-2.91-gtk4'},
    'libtirpc': {'libtirpc'},
}

DEPENDENCY_RE = re.compile(r"""\bdependency\s*\(\s*'([^']+)'""")


def strip_comments(text):
    return '\n'.join(_strip_line(line) for line in text.splitlines())


def _strip_line(line):
    # A '#' inside a quoted string is not a comment.
    out, quoted = [], False
    for ch in line:
        if ch == "'":
            quoted = not quoted
        elif ch == '#' and not quoted:
            break
        out.append(ch)
    return ''.join(out)


def call_arguments(text, start):
    """The text of the call whose '(' is at or after start, up to its matching ')'."""
    i = text.index('(', start)
    depth = 0
    for j in range(i, len(text)):
        if text[j] == '(':
            depth += 1
        elif text[j] == ')':
            depth -= 1
            if depth == 0:
                return text[i + 1:j]
    return text[i + 1:]


def meson_dependencies(paths):
    """{name: [where, …]} for every dependency('name', …) that the application needs."""
    found = {}
    for path in paths:
        text = strip_comments(path.read_text(encoding='utf-8'))
        for match in DEPENDENCY_RE.finditer(text):
            name = match.group(1)
            args = call_arguments(text, match.start())
            if re.search(r"required\s*:\s*get_option\s*\(\s*'tests'\s*\)", args):
                continue
            if name in TEST_ONLY or name in MESON_BUILTINS:
                continue
            line = text.count('\n', 0, match.start()) + 1
            found.setdefault(name, []).append(f'{path}:{line}')
    return found


def walk_modules(modules, out):
    for module in modules:
        if isinstance(module, str):
            # A path to a separate module file; its contents cannot be seen here.
            out.append({'name': pathlib.Path(module).stem})
            continue
        out.append(module)
        walk_modules(module.get('modules', []), out)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--app-id', default='io.github.vireo_vm.Vireo')
    parser.add_argument('manifest', type=pathlib.Path)
    parser.add_argument('meson_build', type=pathlib.Path)
    options = parser.parse_args()

    errors = []
    try:
        manifest = json.loads(options.manifest.read_text(encoding='utf-8'))
    except (OSError, ValueError) as e:
        print(f'{options.manifest}: cannot read the manifest: {e}', file=sys.stderr)
        return 1

    app_id = manifest.get('app-id', manifest.get('id'))
    if app_id != options.app_id:
        errors.append(f'app-id is {app_id!r}, expected {options.app_id!r}')
    if manifest.get('command') != 'vireo':
        errors.append(f"command is {manifest.get('command')!r}, expected 'vireo'")
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        errors.append('runtime/sdk must be org.gnome.Platform/org.gnome.Sdk (RUNTIME_PROVIDES describes them)')
    if str(manifest.get('runtime-version')) != RUNTIME_VERSION:
        errors.append(f"runtime-version is {manifest.get('runtime-version')!r}; RUNTIME_PROVIDES describes "
                      f'{RUNTIME_VERSION}: check the list and update RUNTIME_VERSION')

    modules = walk_modules(manifest.get('modules', []), [])
    names = [m.get('name') for m in modules]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        errors.append(f'modules listed twice: {", ".join(duplicates)}')

    top = manifest.get('modules', [])
    app = top[-1] if top and isinstance(top[-1], dict) else {}
    if app.get('name') != 'vireo':
        errors.append("the last module must be 'vireo' (built after everything it depends on)")
    else:
        if app.get('buildsystem') != 'meson':
            errors.append("module 'vireo' must use buildsystem meson")
        if '-Dtests=false' not in app.get('config-opts', []):
            errors.append("module 'vireo' must pass -Dtests=false (cmocka is not in the runtime)")
        sources = app.get('sources', [])
        if not any(s.get('type') == 'dir' and s.get('path') == '..' for s in sources if isinstance(s, dict)):
            errors.append("module 'vireo' must build the source tree: {\"type\": \"dir\", \"path\": \"..\"}")

    provided = {}
    for name in RUNTIME_PROVIDES:
        provided[name] = f'the {manifest.get("runtime")}//{manifest.get("runtime-version")} runtime'
    for module in modules[:-1] if app.get('name') == 'vireo' else modules:
        for pc in MODULE_PROVIDES.get(module.get('name'), ()):
            provided[pc] = f"module '{module.get('name')}'"

    root = options.meson_build.parent
    meson_files = [options.meson_build] + sorted((root / 'src').glob('**/meson.build'))
    dependencies = meson_dependencies([p for p in meson_files if p.is_file()])
    if not dependencies:
        errors.append(f'no dependency() calls found in {options.meson_build}')

    for name, where in sorted(dependencies.items()):
        if name in provided:
            print(f'ok: {name} <- {provided[name]}')
        else:
            errors.append(f"dependency '{name}' ({', '.join(where)}) is provided neither by the runtime nor by "
                          'a manifest module')

    for error in errors:
        print(f'{options.manifest}: error: {error}', file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
