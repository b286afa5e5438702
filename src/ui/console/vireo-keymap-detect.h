/* vireo-keymap-detect.h: TEMPORARY stub (replaced by the keymap branch)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "vireo-keymap.h"

G_BEGIN_DECLS

VireoKeymapKind vireo_keymap_kind_for_display (GdkDisplay *display);

G_END_DECLS
