/* vireo-display-page.h: a VM's graphics (listen address, port, password) and video model
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISPLAY_PAGE (vireo_display_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoDisplayPage, vireo_display_page, VIREO, DISPLAY_PAGE, GtkBox)

/* A VireoHardwarePage for the first graphics device and the primary video device; both apply at
 * the next boot. */
GtkWidget *vireo_display_page_new (void);

G_END_DECLS
