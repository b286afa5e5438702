/* vireo-console-view.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-domain.h"
#include "vireo-vnc-display.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONSOLE_VIEW (vireo_console_view_get_type ())

G_DECLARE_FINAL_TYPE (VireoConsoleView, vireo_console_view, VIREO, CONSOLE_VIEW, GtkWidget)

/* A VM's graphical console: a toolbar, the VNC display, and what to say when there is none yet
 * (VM off, connecting, password, error with Reconnect). Connects by itself when the VM runs. */
GtkWidget       *vireo_console_view_new          (void);
VireoDomain     *vireo_console_view_get_domain   (VireoConsoleView *self);
void             vireo_console_view_set_domain   (VireoConsoleView *self,
                                                  VireoDomain      *domain);
VireoVncDisplay *vireo_console_view_get_display  (VireoConsoleView *self);
/* The page now shown: "off", "connecting", "password", "error" or "display". */
const char      *vireo_console_view_get_page     (VireoConsoleView *self);
void             vireo_console_view_reconnect    (VireoConsoleView *self);
gboolean         vireo_console_view_get_detached (VireoConsoleView *self);
void             vireo_console_view_set_detached (VireoConsoleView *self,
                                                  gboolean          detached);

G_END_DECLS
