/* vireo-volume-picker.h: a menu button listing the storage volumes of a host's active pools
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-connection.h"
#include "vireo-install-job.h"

G_BEGIN_DECLS

/* Where the volumes come from, asked each time the popover opens (the owner's host may change).
 * Returns FALSE when there is nothing to list (no connection or host yet); borrowed outputs. */
typedef gboolean (*VireoVolumePickerSource) (gpointer           data,
                                             VireoConnection  **connection,
                                             VireoInstallHost **host,
                                             GCancellable     **cancellable);

/* Gives @button a popover of volumes; activating one writes its path into @target. Main thread.
 * @data must outlive @button. */
void vireo_volume_picker_setup (GtkMenuButton           *button,
                                GtkEditable             *target,
                                VireoVolumePickerSource  source,
                                gpointer                 data);

G_END_DECLS
