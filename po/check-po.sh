#!/usr/bin/env bash
# check-po.sh: a translation compiles cleanly and is complete (no untranslated or fuzzy message).
#
# Copyright 2026 The Vireo authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: po/check-po.sh po/zh_CN.po [SOURCE_ROOT]
# With SOURCE_ROOT, completeness is against the messages of the sources as they are now (a fresh
# template merged into a copy of the translation), so a string added without its translation fails.
# To bring the translation up to date:
#   meson compile -C _build vireo-pot && msgmerge --update --no-fuzzy-matching po/zh_CN.po po/vireo.pot
set -euo pipefail
po=${1:?usage: check-po.sh FILE.po [SOURCE_ROOT]}
srcroot=${2:-}

if [ -n "$srcroot" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # The same keywords as meson's glib preset.
  (cd "$srcroot" && xgettext --from-code=UTF-8 --add-comments --package-name=vireo \
      --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
      --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
      --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
      --files-from=po/POTFILES.in -o "$tmp/vireo.pot")
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/current.po" "$po" "$tmp/vireo.pot"
  po="$tmp/current.po"
fi

if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
  printf '%s\n' "$stats" >&2
  echo "$po: msgfmt --check failed" >&2
  exit 1
fi
printf '%s: %s\n' "$po" "$stats"

status=0
case "$stats" in
  *fuzzy*|*untranslated*) status=1 ;;
esac
case "$stats" in
  [1-9]*" translated message"*) ;;
  *) echo "$po: no translated messages" >&2; status=1 ;;
esac

if [ $status -ne 0 ]; then
  for kind in untranslated only-fuzzy; do
    out=$(msgattrib --$kind --no-obsolete --no-wrap "$po" | grep -E '^msgid ' | grep -v '^msgid ""$' || true)
    [ -n "$out" ] && printf '%s messages:\n%s\n' "${kind#only-}" "$out" >&2
  done
fi
exit $status
