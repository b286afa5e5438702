/* vireo-keymap-detect.c: TEMPORARY stub (replaced by the keymap branch)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-keymap-detect.h"

VireoKeymapKind
vireo_keymap_kind_for_display (GdkDisplay *display)
{
  return VIREO_KEYMAP_EVDEV;
}
