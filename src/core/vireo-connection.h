/* vireo-connection.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-auth-request.h"
#include "vireo-domain.h"
#include "vireo-uri.h"
#include "vireo-worker.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_CONNECTION_STATE_DISCONNECTED,
  VIREO_CONNECTION_STATE_CONNECTING,
  VIREO_CONNECTION_STATE_CONNECTED,
  VIREO_CONNECTION_STATE_FAILED,
} VireoConnectionState;

#define VIREO_TYPE_CONNECTION (vireo_connection_get_type ())

G_DECLARE_FINAL_TYPE (VireoConnection, vireo_connection, VIREO, CONNECTION, GObject)

/*
 * Properties (all notified on the main thread only): uri, label, is-demo, is-remote, autoconnect,
 * state, reconnecting, domains-loaded, stats-interval, error-message, hostname, hypervisor, hypervisor-version, libvirt-version, host-cpu-model,
 * host-cpus, host-mhz, host-memory-kib, auto-reconnect.
 *
 * Signals (main thread):
 *   ::auth-request (VireoAuthRequest *request): libvirt asks for credentials while opening. Answer it
 *     (now or later) with vireo_auth_request_respond()/cancel(). Unhandled requests are cancelled.
 *   ::reconnected (): the connection came back after an unexpected close; views re-attach.
 */

VireoConnection      *vireo_connection_new                   (const char       *uri);
const char           *vireo_connection_get_uri               (VireoConnection  *self);
const char           *vireo_connection_get_label             (VireoConnection  *self);
void                  vireo_connection_set_label             (VireoConnection  *self,
                                                              const char       *label);
gboolean              vireo_connection_get_is_demo           (VireoConnection  *self);
void                  vireo_connection_set_is_demo           (VireoConnection  *self,
                                                              gboolean          is_demo);
gboolean              vireo_connection_get_is_remote         (VireoConnection  *self);
gboolean              vireo_connection_get_autoconnect       (VireoConnection  *self);
void                  vireo_connection_set_autoconnect       (VireoConnection  *self,
                                                              gboolean          autoconnect);
VireoConnectionState  vireo_connection_get_state             (VireoConnection  *self);
/* The last failure (nullable), and its message for display. */
const GError         *vireo_connection_get_error             (VireoConnection  *self);
const char           *vireo_connection_get_error_message     (VireoConnection  *self);
const char           *vireo_connection_get_hostname          (VireoConnection  *self);
const char           *vireo_connection_get_hypervisor        (VireoConnection  *self);
const char           *vireo_connection_get_hypervisor_version (VireoConnection *self);
const char           *vireo_connection_get_libvirt_version   (VireoConnection  *self);
const char           *vireo_connection_get_host_cpu_model    (VireoConnection  *self);
guint                 vireo_connection_get_host_cpus         (VireoConnection  *self);
guint                 vireo_connection_get_host_mhz          (VireoConnection  *self);
guint64               vireo_connection_get_host_memory_kib   (VireoConnection  *self);
/* Whether the connection reconnects by itself after an unexpected close (default TRUE). */
gboolean              vireo_connection_get_auto_reconnect    (VireoConnection  *self);
void                  vireo_connection_set_auto_reconnect    (VireoConnection  *self,
                                                              gboolean          auto_reconnect);

void                  vireo_connection_open_async            (VireoConnection     *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean              vireo_connection_open_finish           (VireoConnection     *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void                  vireo_connection_close_async           (VireoConnection     *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean              vireo_connection_close_finish          (VireoConnection     *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
/* Fire and forget helpers for the UI: failures land in :state and :error. */
void                  vireo_connection_connect               (VireoConnection  *self);
void                  vireo_connection_disconnect            (VireoConnection  *self);

/* The VMs of this connection: a GListModel of VireoDomain, updated in place from libvirt's events
 * (objects keep their identity across refreshes and reconnects); emptied by a disconnect the user
 * asked for. :domains-loaded is TRUE once the first listing after connecting arrived. */
GListModel           *vireo_connection_get_domains           (VireoConnection  *self);
gboolean              vireo_connection_get_domains_loaded    (VireoConnection  *self);
VireoDomain          *vireo_connection_lookup_domain         (VireoConnection  *self,
                                                              const char       *uuid);
VireoDomain          *vireo_connection_lookup_domain_by_name (VireoConnection  *self,
                                                              const char       *name);
/* Seconds between two stats samples (one virConnectGetAllDomainStats per tick); 0 stops sampling.
 * Default 3. */
guint                 vireo_connection_get_stats_interval    (VireoConnection  *self);
void                  vireo_connection_set_stats_interval    (VireoConnection  *self,
                                                              guint             seconds);

/* The worker of the current libvirt session and its virConnectPtr; NULL unless connected. Main
 * thread: take both when queueing a job; the virConnectPtr stays valid for every job queued on the
 * worker's quick lane before the connection closes (the close runs on that lane, after them). Jobs
 * on the long lane must take their own reference (virConnectRef) when queued. */
VireoWorker          *vireo_connection_get_worker            (VireoConnection  *self);
gpointer              vireo_connection_get_virconnect        (VireoConnection  *self);
/* Whether the connection is waiting to reconnect (or reconnecting) after an unexpected close. */
gboolean              vireo_connection_get_reconnecting      (VireoConnection  *self);

/* The libvirt connection closed under us (daemon died, transport dropped). Called from libvirt's close
 * callback; public so the test driver, which never closes by itself, can exercise the path. */
void                  vireo_connection_handle_closed         (VireoConnection  *self,
                                                              int               reason);

G_END_DECLS
