/* vireo-connection-private.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-worker.h"

G_BEGIN_DECLS

/* What a connection learns about its host when it opens (virNodeGetInfo and friends). */
typedef struct
{
  char    *hostname;
  char    *hypervisor;
  char    *hypervisor_version;
  char    *libvirt_version;
  char    *cpu_model;
  guint    cpus;
  guint    mhz;
  guint64  memory_kib;
} VireoHostFacts;

void vireo_host_facts_free (VireoHostFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHostFacts, vireo_host_facts_free)

/* One opened virConnectPtr and the worker that serialises every call on it. */
typedef struct _VireoSession VireoSession;

VireoSession  *_vireo_session_ref           (VireoSession        *session);
void           _vireo_session_unref         (VireoSession        *session);
VireoWorker   *_vireo_session_get_worker    (VireoSession        *session);
virConnectPtr  _vireo_session_get_conn      (VireoSession        *session);
const VireoHostFacts *_vireo_session_get_facts (VireoSession     *session);
gboolean       _vireo_session_has_close_token (VireoSession      *session,
                                               gconstpointer      close_token);
/* Unregisters the close callback and closes the virConnectPtr on the worker, after the jobs
 * already queued, then stops the worker. Main thread; never blocks. */
void           _vireo_session_close_async   (VireoSession        *session,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean       _vireo_session_close_finish  (GAsyncResult        *result,
                                             GError             **error);

/* Opens @uri on a new worker. Credential requests are emitted as @owner's ::auth-request; an
 * unexpected close later calls _vireo_connection_session_closed() on @owner. Cancelling returns at
 * once (the blocked libvirt call is abandoned to its worker and cleaned up when it returns). */
void           _vireo_session_open_async    (const char          *uri,
                                             VireoConnection     *owner,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
VireoSession  *_vireo_session_open_finish   (GAsyncResult        *result,
                                             GError             **error);

/* Main thread: libvirt reported that the session holding @close_token closed. */
void           _vireo_connection_session_closed (VireoConnection *self,
                                                 gconstpointer    close_token,
                                                 int              reason);

/* Main thread: a lifecycle event of the session holding @close_token. */
void           _vireo_connection_session_lifecycle (VireoConnection *self,
                                                    gconstpointer    close_token,
                                                    const char      *uuid,
                                                    int              event,
                                                    int              detail);

G_END_DECLS
