/* vireo-disk-page.h: one disk of a VM: what it is, its media, its removal
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISK_PAGE (vireo_disk_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoDiskPage, vireo_disk_page, VIREO, DISK_PAGE, GtkBox)

/* A VireoHardwarePage for the disk with target @target ("vda"). */
GtkWidget  *vireo_disk_page_new        (const char    *target);
const char *vireo_disk_page_get_target (VireoDiskPage *self);

G_END_DECLS
