#!/usr/bin/env bash
# check-potfiles.sh: po/POTFILES.in lists exactly the files that hold translatable text.
#
# Copyright 2026 The Vireo authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: po/check-potfiles.sh [SRCDIR]          compare, print a diff, exit 1 when they differ
#        po/check-potfiles.sh --list [SRCDIR]   print the expected list (po/update-potfiles.sh uses it)
#
# Expected: src/**/*.{c,h} calling _(), N_(), C_(), NC_(), ngettext or g_dngettext; ui/**/*.ui and src/**/*.ui with
# translatable="yes"; data/*.desktop.in, data/*.metainfo.xml.in, data/*.gschema.xml. Sorted in the C locale.
set -euo pipefail

list_only=false
if [ "${1:-}" = "--list" ]; then
  list_only=true
  shift
fi
srcdir=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$srcdir"

expected_files () {
  {
    # Sources: a gettext call must follow a non-identifier character (so foo_("x") is not one).
    if [ -d src ]; then
      find src -type f \( -name '*.c' -o -name '*.h' \) -print0 |
        xargs -0 -r grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' || true
    fi
    # GtkBuilder templates.
    for dir in ui src; do
      [ -d "$dir" ] || continue
      find "$dir" -type f -name '*.ui' -print0 |
        xargs -0 -r grep -lE 'translatable="(yes|true|1)"' || true
    done
    # Desktop entry, AppStream metadata, settings schema.
    if [ -d data ]; then
      find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \)
    fi
  } | sed 's|^\./||' | LC_ALL=C sort -u
}

if $list_only; then
  expected_files
  exit 0
fi

if [ ! -f po/POTFILES.in ]; then
  echo "po/POTFILES.in is missing: run po/update-potfiles.sh" >&2
  exit 1
fi

listed=$(grep -vE '^[[:space:]]*(#|$)' po/POTFILES.in | sed 's/[[:space:]]*$//' || true)
status=0

if [ "$listed" != "$(printf '%s\n' "$listed" | LC_ALL=C sort)" ]; then
  echo "po/POTFILES.in is not sorted (LC_ALL=C sort)" >&2
  status=1
fi

while IFS= read -r f; do
  [ -n "$f" ] || continue
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in lists $f, which does not exist" >&2
    status=1
  fi
done <<< "$listed"

if ! diff_out=$(diff -u --label 'po/POTFILES.in' --label 'expected from the tree' \
                  <(printf '%s\n' "$listed" | LC_ALL=C sort) <(expected_files)); then
  echo "po/POTFILES.in is out of date ('+' missing, '-' no longer translatable); run po/update-potfiles.sh:" >&2
  printf '%s\n' "$diff_out" >&2
  status=1
fi

[ $status -eq 0 ] && echo "po/POTFILES.in: $(printf '%s\n' "$listed" | grep -c .) files, up to date"
exit $status
