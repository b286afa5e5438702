/* vireo-boot-page.h: a VM's boot order, boot menu and autostart
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_BOOT_PAGE (vireo_boot_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoBootPage, vireo_boot_page, VIREO, BOOT_PAGE, GtkBox)

/* A VireoHardwarePage. The order and the menu apply at the next boot; autostart (virsh autostart)
 * is set at once and is not shown for a draft. */
GtkWidget *vireo_boot_page_new (void);

G_END_DECLS
