/* vireo-console-window.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-console-view.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_WINDOW (vireo_console_window_get_type ())

G_DECLARE_FINAL_TYPE (VireoConsoleWindow, vireo_console_window, VIREO, CONSOLE_WINDOW, AdwWindow)

/* A console in a window of its own. It holds @view (moved in by the caller) until it closes, then
 * emits ::closed so the view can go back where it came from. */
VireoConsoleWindow *vireo_console_window_new       (GtkApplication     *application,
                                                    VireoConsoleView   *view);
VireoConsoleView   *vireo_console_window_get_view  (VireoConsoleWindow *self);
VireoConsoleView   *vireo_console_window_take_view (VireoConsoleWindow *self);

G_END_DECLS
