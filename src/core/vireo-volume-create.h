/* vireo-volume-create.h: a new storage volume in a pool (the Add Hardware dialog's new disk),
 * and its removal when what it was made for failed
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"
#include "vireo-install-job.h"

G_BEGIN_DECLS

/* The <volume> document of a sparse volume (allocation 0) of @capacity bytes; @format "qcow2"
 * (virt-install's: compat 1.1, lazy refcounts) or "raw". Pure: any thread. */
char     *vireo_volume_xml_new        (const char                   *name,
                                       guint64                       capacity,
                                       const char                   *format);

/*
 * Creates the volume @name (@capacity bytes, @format) in the active pool @pool on the connection's
 * long lane, sparse; progress as the VM creation reports it. Fails with VIREO_ERROR_INVALID_ARGUMENT
 * when the pool is not active or already has a volume of that name (nothing is overwritten). The
 * result is the new volume's path. Main thread.
 */
void      vireo_volume_create_async   (VireoConnection              *connection,
                                       const char                   *pool,
                                       const char                   *name,
                                       guint64                       capacity,
                                       const char                   *format,
                                       GCancellable                 *cancellable,
                                       VireoInstallProgressCallback  progress_callback,
                                       gpointer                      progress_data,
                                       GAsyncReadyCallback           callback,
                                       gpointer                      user_data);
/* Returns: (transfer full): the path of the new volume */
char     *vireo_volume_create_finish  (VireoConnection              *connection,
                                       GAsyncResult                 *result,
                                       GError                      **error);

/* Deletes the volume at @path (virStorageVolLookupByPath + virStorageVolDelete), on the long lane:
 * the rollback of a creation whose use failed. Main thread. */
void      vireo_volume_delete_async   (VireoConnection              *connection,
                                       const char                   *path,
                                       GCancellable                 *cancellable,
                                       GAsyncReadyCallback           callback,
                                       gpointer                      user_data);
gboolean  vireo_volume_delete_finish  (VireoConnection              *connection,
                                       GAsyncResult                 *result,
                                       GError                      **error);

G_END_DECLS
