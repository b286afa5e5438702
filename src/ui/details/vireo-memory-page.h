/* vireo-memory-page.h: a VM's memory, current (the balloon) and maximum
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_MEMORY_PAGE (vireo_memory_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoMemoryPage, vireo_memory_page, VIREO, MEMORY_PAGE, GtkBox)

/* A VireoHardwarePage. A change of the current memory alone is made live (setmem --live). */
GtkWidget *vireo_memory_page_new (void);

G_END_DECLS
