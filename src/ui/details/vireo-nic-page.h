/* vireo-nic-page.h: one network interface of a VM: source, model, link, removal
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NIC_PAGE (vireo_nic_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoNicPage, vireo_nic_page, VIREO, NIC_PAGE, GtkBox)

/* A VireoHardwarePage for the NIC with MAC address @mac. */
GtkWidget  *vireo_nic_page_new     (const char   *mac);
const char *vireo_nic_page_get_mac (VireoNicPage *self);

G_END_DECLS
