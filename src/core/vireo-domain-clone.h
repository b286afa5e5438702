/* vireo-domain-clone.h: full clones and linked clones of a shut-off VM
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* How far a clone got, from 0 to 1; called on the main thread, never after the clone finished. */
typedef void (*VireoCloneProgressCallback) (double   fraction,
                                            gpointer user_data);

/*
 * A full copy of @source, named @new_name: each read-write disk of @source (every one must be a
 * volume of a storage pool) is copied into a new volume of the same pool (named
 * "<new_name>.<ext>" for the first, "<new_name>-<target>.<ext>" for the others); CD-ROMs, floppies,
 * read-only and shareable disks are shared. The copy gets a new UUID, new MAC addresses, no
 * host-side interface names, its own NVRAM and automatic display ports; everything else (unknown
 * elements included) is kept. Runs on the connection's long lane. @progress_callback follows the
 * copy disk by disk, and within a disk on local file pools.
 *
 * Refused (VIREO_ERROR_INVALID_ARGUMENT, nothing created) when @source is active, when @new_name
 * is empty, has a '/' or is taken, when a disk is not in a storage pool, or when a volume name is
 * taken. Any later failure (or cancellation between two disks) removes everything created so far.
 */
void        vireo_domain_clone_async                  (VireoDomain                 *source,
                                                       const char                  *new_name,
                                                       GCancellable                *cancellable,
                                                       VireoCloneProgressCallback   progress_callback,
                                                       gpointer                     progress_data,
                                                       GAsyncReadyCallback          callback,
                                                       gpointer                     user_data);
gboolean    vireo_domain_clone_finish                 (VireoDomain                 *source,
                                                       GAsyncResult                *result,
                                                       GError                     **error);

/*
 * @n_clones VMs that share @template_'s disks read-only: each read-write disk gets a qcow2 overlay
 * in the template disk's pool, backed by it. Names are "<template>-1", "<template>-2" …, skipping
 * every number whose VM name or volume names are taken, so existing clones are never touched.
 *
 * Refused (nothing created) when @template_ is active, or when one of its disks is not in a pool
 * that can hold qcow2 files (dir, fs, netfs, gluster). Any failure removes everything created.
 */
void        vireo_domain_create_linked_clones_async   (VireoDomain                 *template_,
                                                       guint                        n_clones,
                                                       GCancellable                *cancellable,
                                                       GAsyncReadyCallback          callback,
                                                       gpointer                     user_data);
/* Returns: (transfer full): the names of the new VMs, in order */
char      **vireo_domain_create_linked_clones_finish  (VireoDomain                 *template_,
                                                       GAsyncResult                *result,
                                                       GError                     **error);

G_END_DECLS
