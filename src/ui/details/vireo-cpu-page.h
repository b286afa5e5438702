/* vireo-cpu-page.h: a VM's virtual CPUs (current, maximum) and CPU model
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CPU_PAGE (vireo_cpu_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoCpuPage, vireo_cpu_page, VIREO, CPU_PAGE, GtkBox)

/* A VireoHardwarePage. A change of the current count alone is made live (setvcpus --live). */
GtkWidget *vireo_cpu_page_new (void);

G_END_DECLS
