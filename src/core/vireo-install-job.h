/* vireo-install-job.h: what the new-VM assistant asks the host (pools, networks, interfaces,
 * capabilities, limits) and creating the VM: volume, definition, start, with rollback
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"
#include "vireo-install-plan.h"

G_BEGIN_DECLS

/* A storage pool as the assistant lists it. */
typedef struct
{
  char     *name;
  char     *type;          /* "dir", "logical", "netfs" … */
  char     *path;          /* target path, nullable */
  gboolean  active;
  guint64   capacity;      /* bytes */
  guint64   available;     /* bytes */
} VireoInstallPool;

/* A storage volume (ISO picker, existing disk picker). */
typedef struct
{
  char     *name;
  char     *path;
  char     *format;        /* "qcow2", "raw", "iso" … nullable */
  guint64   capacity;
} VireoInstallVolume;

/* A virtual network. */
typedef struct
{
  char     *name;
  gboolean  active;
  char     *forward_mode;  /* "nat", "route", "open", NULL for isolated */
  char     *bridge;        /* nullable */
} VireoInstallNetwork;

/* A host interface: a bridge (for NIC_BRIDGE) or a physical/other device (for NIC_MACVTAP). */
typedef struct
{
  char     *name;
  gboolean  is_bridge;
} VireoInstallInterface;

/*
 * Everything the assistant shows about the connection's host, fetched in one worker job.
 * @default_pool_missing: there is no pool called "default": the creation job makes a dir pool at
 *   @default_pool_path (/var/lib/libvirt/images; session: ~/.local/share/libvirt/images)
 * @is_session: a qemu:///session-like connection (user-mode networking is the default there)
 */
typedef struct
{
  VireoInstallCaps  *caps;
  guint64            memory_mib;
  guint              cpus;
  gboolean           is_session;
  gboolean           is_local;
  GPtrArray         *pools;        /* VireoInstallPool */
  GPtrArray         *networks;     /* VireoInstallNetwork */
  GPtrArray         *interfaces;   /* VireoInstallInterface */
  char             **domain_names;
  gboolean           default_pool_missing;
  char              *default_pool_path;
} VireoInstallHost;

VireoInstallHost *vireo_install_host_ref              (VireoInstallHost *host);
/* Drops a reference. */
void              vireo_install_host_free             (VireoInstallHost *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallHost, vireo_install_host_free)
const VireoInstallPool    *vireo_install_host_find_pool    (const VireoInstallHost *host,
                                                            const char             *name);
const VireoInstallNetwork *vireo_install_host_find_network (const VireoInstallHost *host,
                                                            const char             *name);

void              vireo_install_host_query_async      (VireoConnection      *connection,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
VireoInstallHost *vireo_install_host_query_finish     (VireoConnection      *connection,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* The volumes of @pool (refreshed first). */
void              vireo_install_list_volumes_async    (VireoConnection      *connection,
                                                       const char           *pool,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* Returns: (transfer full) (element-type VireoInstallVolume) */
GPtrArray        *vireo_install_list_volumes_finish   (VireoConnection      *connection,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Starts the inactive virtual network @name (the assistant offers it for "default"). */
void              vireo_install_start_network_async   (VireoConnection      *connection,
                                                       const char           *name,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean          vireo_install_start_network_finish  (VireoConnection      *connection,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/*
 * Checks a path on the connection's host that the plan names (ISO, existing disk): on a local
 * connection the file must exist and be readable; on a remote one it must be a storage volume's
 * path (virStorageVolLookupByPath). Fails with a translated message that names the path.
 */
void              vireo_install_check_path_async      (VireoConnection      *connection,
                                                       const char           *path,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean          vireo_install_check_path_finish     (VireoConnection      *connection,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* Progress of a creation: @fraction 0..1, @step a translated line ("Creating disk…"). Main thread. */
typedef void (*VireoInstallProgressCallback) (double      fraction,
                                              const char *step,
                                              gpointer    user_data);

/*
 * Creates the VM of @plan on the connection's long lane: re-checks the plan against the host
 * (vireo_install_plan_check with fresh limits, and the paths), makes the default pool when it is
 * missing, creates the new volume (sparse, with progress), defines the INSTALL document, starts
 * it, then defines the FINAL document (so the next boot is from the disk).
 *
 * @custom_xml: (nullable): the INSTALL document as the user customized it in the assistant (its
 * FINAL document is vireo_install_xml_make_final of it); NULL: built from @plan.
 *
 * Any failure removes everything the job created (domain definition, volume, pool), in reverse
 * order, and reports the first error. A guest of type "kvm" that fails to start because KVM does
 * not work on the host fails with VIREO_ERROR_KVM_UNAVAILABLE (message says why; the assistant
 * offers to create it again with plan->domain_type = "qemu").
 */
void              vireo_install_create_async          (VireoConnection              *connection,
                                                       const VireoInstallPlan       *plan,
                                                       const char                   *custom_xml,
                                                       GCancellable                 *cancellable,
                                                       VireoInstallProgressCallback  progress_callback,
                                                       gpointer                      progress_data,
                                                       GAsyncReadyCallback           callback,
                                                       gpointer                      user_data);
/* Returns: (transfer full): the new VM's UUID string */
char             *vireo_install_create_finish         (VireoConnection              *connection,
                                                       GAsyncResult                 *result,
                                                       GError                      **error);

G_END_DECLS
