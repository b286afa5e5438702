/* vireo-nic-sources.h: what a network interface can be connected to, as the NIC page and the Add
 * Hardware dialog offer it
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-install-job.h"

G_BEGIN_DECLS

/* The kinds offered ("network", "bridge", "direct"), in order, and their labels (translated). */
GtkStringList *vireo_nic_source_types_new       (void);
GtkStringList *vireo_nic_source_type_labels_new (void);
/* The device models offered, in order. */
GtkStringList *vireo_nic_source_models_new      (void);
/* The choices of source for @type: @host's networks ("network"), its interfaces that are not
 * bridges ("direct"), nothing otherwise (a bridge is typed); @host may be NULL. */
GtkStringList *vireo_nic_source_list_new        (VireoInstallHost *host,
                                                 const char       *type);
/* Whether the source of @type is picked from vireo_nic_source_list_new() (else typed). */
gboolean       vireo_nic_source_type_has_list   (const char       *type);

G_END_DECLS
