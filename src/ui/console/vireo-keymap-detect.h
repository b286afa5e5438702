/* vireo-keymap-detect.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

#include "vireo-keymap.h"

G_BEGIN_DECLS

/* Which vireo_keymap_to_qnum() table the hardware keycodes of @display's key events need:
 * EVDEV on Wayland and on X11 servers with evdev keycodes, XFREE86 on the legacy kbd driver,
 * NONE when unknown (send keysyms only). Asks the X server each time: call it when a console
 * connects, not per key. Main thread. */
VireoKeymapKind vireo_keymap_kind_for_display (GdkDisplay *display);

G_END_DECLS
