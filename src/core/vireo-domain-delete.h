/* vireo-domain-delete.h: a VM's disks, and deleting a VM with the disks the user chose
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DISK_INFO (vireo_disk_info_get_type ())

/*
 * One disk of a VM, as the delete dialog lists it.
 *
 * @target: the guest device, "vda"
 * @device: "disk", "cdrom", "floppy" or "lun"
 * @source: (nullable): the image's path on the VM's host (a file, a block device, or the path of
 *   the storage volume a <disk type='volume'> names); NULL for an empty drive or a network disk
 * @pool, @volume: (nullable): the storage pool and volume @source belongs to, when it does
 * @shared_with: the names of the other VMs of the connection that use @source (as a disk or as a
 *   backing file of one of their disks); empty, never NULL
 * @removable: whether Vireo can delete @source: a storage volume, or a plain file on a local
 *   connection. Never a block device outside a pool, nor a file on a remote host outside a pool.
 * @default_remove: what the dialog proposes: removable, not shared, a read-write device "disk".
 *   CD-ROM and floppy media are usually shared installers: unchecked by default.
 */
typedef struct
{
  char      *target;
  char      *device;
  char      *source;
  char      *pool;
  char      *volume;
  char     **shared_with;
  gboolean   removable;
  gboolean   default_remove;
} VireoDiskInfo;

GType          vireo_disk_info_get_type      (void) G_GNUC_CONST;
VireoDiskInfo *vireo_disk_info_new           (void);
VireoDiskInfo *vireo_disk_info_copy          (const VireoDiskInfo  *info);
void           vireo_disk_info_free          (VireoDiskInfo        *info);
gboolean       vireo_disk_info_is_shared     (const VireoDiskInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDiskInfo, vireo_disk_info_free)

/* The disks of @self (inactive definition), with which other VMs share them. Runs on the
 * connection's worker. */
void           vireo_domain_list_disks_async  (VireoDomain          *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
/* Returns: (transfer full) (element-type VireoDiskInfo): the disks, in the order of the XML */
GPtrArray     *vireo_domain_list_disks_finish (VireoDomain          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Undefines @self (with its managed save, snapshot and checkpoint metadata and NVRAM), then
 * removes @paths_to_remove (sources of its disks, as listed above). Refused with
 * VIREO_ERROR_INVALID_ARGUMENT, changing nothing, when the VM is active, or when a path is not a
 * removable disk of @self or is used by another VM. When libvirt refuses the undefine nothing is
 * removed. When some disks could not be removed the VM is gone anyway: the error
 * (VIREO_ERROR_FAILED) names the disks that remain. */
void           vireo_domain_delete_async      (VireoDomain          *self,
                                               const char * const   *paths_to_remove,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       vireo_domain_delete_finish     (VireoDomain          *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
