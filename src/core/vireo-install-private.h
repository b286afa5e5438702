/* vireo-install-private.h: the libvirt steps of creating a VM, on documents already built, and
 * the host queries the creation job shares with the assistant's (core-internal)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-install-job.h"

G_BEGIN_DECLS

/*
 * Called in the worker, before anything is created: FALSE with @error refuses the creation.
 */
typedef gboolean (*VireoInstallCheckFunc) (virConnectPtr   conn,
                                           gpointer        data,
                                           GError        **error);
/*
 * Called in the worker once the new volume exists (@volume_path NULL when there is none): the
 * INSTALL document to define (transfer full), NULL with @error on failure.
 */
typedef char    *(*VireoInstallBuildFunc) (virConnectPtr   conn,
                                           const char     *volume_path,
                                           gpointer        data,
                                           GError        **error);
/*
 * Called in the worker with the defined domain's inactive XML (UUID, MACs and addresses filled
 * in by libvirt): the FINAL document (transfer full) that boots from the disk.
 */
typedef char    *(*VireoInstallFinalFunc) (const char     *defined_xml,
                                           GError        **error);
/* Starts @domain; for tests only (NULL: virDomainCreate). -1 with libvirt's last error set. */
typedef int      (*VireoInstallStartFunc) (virDomainPtr    domain,
                                           gpointer        data);

/*
 * One creation. @pool_name NULL: no new volume. @make_pool_path non-NULL: when @pool_name does not
 * exist, a dir pool of that name is made (defined, built, started, autostarted) at that path.
 * Freed by the runner (@data with @data_free).
 */
typedef struct
{
  char                   *pool_name;
  char                   *volume_xml;
  char                   *make_pool_path;
  VireoInstallCheckFunc   check;
  VireoInstallBuildFunc   build;
  VireoInstallFinalFunc   make_final;
  VireoInstallStartFunc   start;
  gpointer                data;
  GDestroyNotify          data_free;
} VireoInstallSteps;

void      _vireo_install_steps_free        (VireoInstallSteps *steps);

/*
 * Runs @steps (transfer full) on @connection's long lane: re-check, pool, volume, define, start,
 * define FINAL; on any failure or cancellation removes what it created, in reverse order.
 * Progress as vireo_install_create_async(). The result is the new domain's UUID.
 */
void      _vireo_install_steps_run_async   (VireoConnection              *connection,
                                            VireoInstallSteps            *steps,
                                            GCancellable                 *cancellable,
                                            VireoInstallProgressCallback  progress_callback,
                                            gpointer                      progress_data,
                                            GAsyncReadyCallback           callback,
                                            gpointer                      user_data);
char     *_vireo_install_steps_run_finish  (VireoConnection              *connection,
                                            GAsyncResult                 *result,
                                            GError                      **error);

/* Whether libvirt's message about a failed start of a kvm guest says KVM does not work. */

/* Worker helpers shared by the host query and the creation job ---------------------------------- */

/* The capabilities and (when the driver has them; NULL otherwise) the domain capabilities for the
 * host's arch and best domain type. */
gboolean  _vireo_install_fetch_caps_xml    (virConnectPtr   conn,
                                            char          **capabilities_out,
                                            char          **domain_capabilities_out,
                                            GError        **error);
/* See vireo_install_check_path_async(). */
gboolean  _vireo_install_check_path        (virConnectPtr   conn,
                                            gboolean        local,
                                            const char     *path,
                                            GError        **error);
/* Where a missing "default" pool is made. */
char     *_vireo_install_default_pool_path (gboolean        is_session);
/* Whether the connection's URI names a per-user (session) daemon. */
gboolean  _vireo_install_uri_is_session    (const char     *uri);

G_END_DECLS
