/* vireo-connection.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-connection"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-backoff.h"
#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-core-enums.h"
#include "vireo-domain-tracker.h"
#include "vireo-error.h"

/*
 * VireoConnection is the view-model of one libvirt connection: every value the UI shows is a
 * property, changed and notified on the main thread only. Opening runs on a fresh VireoWorker (a
 * VireoSession); a hung open is abandoned to its worker when cancelled, so the next attempt never
 * queues behind it. After an unexpected close the connection reconnects with backoff and emits
 * ::reconnected.
 */

struct _VireoConnection
{
  GObject               parent_instance;

  char                 *uri;
  VireoUri             *parsed_uri;
  GError               *uri_error;
  char                 *label;
  gboolean              is_demo;
  gboolean              autoconnect;
  gboolean              auto_reconnect;

  VireoConnectionState  state;
  GError               *error;
  char                 *hostname;
  char                 *hypervisor;
  char                 *hypervisor_version;
  char                 *libvirt_version;
  char                 *host_cpu_model;
  guint                 host_cpus;
  guint                 host_mhz;
  guint64               host_memory_kib;

  VireoSession         *session;
  VireoDomainTracker   *tracker;
  GCancellable         *open_cancellable;
  GTask                *open_task;

  guint                 stats_interval;
  VireoBackoff          backoff;
  guint                 reconnect_source;
  gboolean              reconnecting;
};

G_DEFINE_FINAL_TYPE (VireoConnection, vireo_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_LABEL,
  PROP_IS_DEMO,
  PROP_IS_REMOTE,
  PROP_AUTOCONNECT,
  PROP_AUTO_RECONNECT,
  PROP_STATE,
  PROP_RECONNECTING,
  PROP_DOMAINS_LOADED,
  PROP_STATS_INTERVAL,
  PROP_ERROR_MESSAGE,
  PROP_HOSTNAME,
  PROP_HYPERVISOR,
  PROP_HYPERVISOR_VERSION,
  PROP_LIBVIRT_VERSION,
  PROP_HOST_CPU_MODEL,
  PROP_HOST_CPUS,
  PROP_HOST_MHZ,
  PROP_HOST_MEMORY_KIB,
  N_PROPS
};

enum {
  AUTH_REQUEST,
  RECONNECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_open (VireoConnection *self,
                        GTask           *task);

static gboolean
set_str (char       **dest,
         const char  *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;
  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

static void
set_str_prop (VireoConnection  *self,
              char            **dest,
              const char       *value,
              guint             prop)
{
  if (set_str (dest, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint_prop (VireoConnection *self,
               guint           *dest,
               guint            value,
               guint            prop)
{
  if (*dest != value)
    {
      *dest = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
}

static void
set_state (VireoConnection      *self,
           VireoConnectionState  state)
{
  g_assert (VIREO_IS_MAIN_THREAD ());

  if (self->state == state)
    return;

  g_debug ("'%s': state %d -> %d", self->uri, self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error (VireoConnection *self,
           const GError    *error)
{
  const char *old = self->error ? self->error->message : NULL;
  const char *new = error ? error->message : NULL;
  gboolean changed = g_strcmp0 (old, new) != 0;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_reconnecting (VireoConnection *self,
                  gboolean         reconnecting)
{
  if (self->reconnecting == reconnecting)
    return;
  self->reconnecting = reconnecting;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTING]);
}

static void
apply_facts (VireoConnection      *self,
             const VireoHostFacts *facts)
{
  if (facts == NULL)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  set_str_prop (self, &self->hostname, facts->hostname, PROP_HOSTNAME);
  set_str_prop (self, &self->hypervisor, facts->hypervisor, PROP_HYPERVISOR);
  set_str_prop (self, &self->hypervisor_version, facts->hypervisor_version, PROP_HYPERVISOR_VERSION);
  set_str_prop (self, &self->libvirt_version, facts->libvirt_version, PROP_LIBVIRT_VERSION);
  set_str_prop (self, &self->host_cpu_model, facts->cpu_model, PROP_HOST_CPU_MODEL);
  set_uint_prop (self, &self->host_cpus, facts->cpus, PROP_HOST_CPUS);
  set_uint_prop (self, &self->host_mhz, facts->mhz, PROP_HOST_MHZ);
  if (self->host_memory_kib != facts->memory_kib)
    {
      self->host_memory_kib = facts->memory_kib;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_MEMORY_KIB]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Main thread: drop the current session, closing it on its worker. @forget empties the domain
 * list (the user disconnected); otherwise it stays for a reconnect to update in place. */
static void
drop_session (VireoConnection     *self,
              gboolean             forget,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  VireoSession *session = g_steal_pointer (&self->session);

  if (forget)
    _vireo_domain_tracker_detach (self->tracker, TRUE);
  if (session == NULL)
    return;
  if (!forget)
    _vireo_domain_tracker_detach (self->tracker, FALSE);

  _vireo_session_close_async (session, callback, user_data);
  _vireo_session_unref (session);
}

static void
cancel_reconnect (VireoConnection *self)
{
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_reconnecting (self, FALSE);
}

static gboolean
on_reconnect_timeout (gpointer data)
{
  VireoConnection *self = data;

  self->reconnect_source = 0;
  if (self->state != VIREO_CONNECTION_STATE_CONNECTING && self->session == NULL)
    start_open (self, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (VireoConnection *self)
{
  guint delay = vireo_backoff_next (&self->backoff);

  g_debug ("'%s': reconnecting in %u ms", self->uri, delay);
  set_reconnecting (self, TRUE);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add (delay, on_reconnect_timeout, self);
}

static void
on_session_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  VireoConnection *self = VIREO_CONNECTION (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  VireoSession *session;
  gboolean was_reconnecting = self->reconnecting;

  session = _vireo_session_open_finish (result, &error);

  /* A newer attempt, or a close, replaced this one. */
  if (task != self->open_task)
    {
      if (session != NULL)
        {
          _vireo_session_close_async (session, NULL, NULL);
          _vireo_session_unref (session);
        }
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                     _("The connection attempt was cancelled."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&self->open_task);
  g_clear_object (&self->open_cancellable);

  if (session == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          cancel_reconnect (self);
          set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED);
        }
      else
        {
          set_error (self, error);
          set_state (self, VIREO_CONNECTION_STATE_FAILED);
          if (was_reconnecting && self->auto_reconnect && !vireo_error_needs_user (error))
            schedule_reconnect (self);
          else
            cancel_reconnect (self);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->session = session;
  _vireo_domain_tracker_attach (self->tracker, _vireo_session_get_worker (session),
                                _vireo_session_get_conn (session));
  vireo_backoff_reset (&self->backoff);
  apply_facts (self, _vireo_session_get_facts (session));
  set_error (self, NULL);
  cancel_reconnect (self);
  set_state (self, VIREO_CONNECTION_STATE_CONNECTED);

  if (was_reconnecting)
    g_signal_emit (self, signals[RECONNECTED], 0);

  g_task_return_boolean (task, TRUE);
}

static void
on_open_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  GCancellable *ours = data;

  g_cancellable_cancel (ours);
}

/* @task: (nullable) (transfer none): the caller's task, or NULL for a reconnect. */
static void
start_open (VireoConnection *self,
            GTask           *task)
{
  g_autoptr(GTask) own_task = NULL;

  g_assert (VIREO_IS_MAIN_THREAD ());
  g_assert (self->session == NULL);

  if (task == NULL)
    task = own_task = g_task_new (self, NULL, NULL, NULL);

  if (self->parsed_uri == NULL)
    {
      set_error (self, self->uri_error);
      set_state (self, VIREO_CONNECTION_STATE_FAILED);
      g_task_return_error (task, g_error_copy (self->uri_error));
      return;
    }

  g_clear_object (&self->open_task);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);

  self->open_task = g_object_ref (task);
  self->open_cancellable = g_cancellable_new ();
  if (g_task_get_cancellable (task) != NULL)
    g_cancellable_connect (g_task_get_cancellable (task), G_CALLBACK (on_open_cancelled),
                           g_object_ref (self->open_cancellable), g_object_unref);

  set_state (self, VIREO_CONNECTION_STATE_CONNECTING);
  _vireo_session_open_async (self->uri, self, self->open_cancellable, on_session_opened,
                             g_object_ref (task));
}

/**
 * vireo_connection_open_async:
 * @self: a #VireoConnection
 * @cancellable: (nullable): cancels the attempt; the callback then runs at once
 * @callback: called when connected, failed or cancelled
 * @user_data: for @callback
 *
 * Opens the libvirt connection on a worker thread. Credential requests are emitted as
 * #VireoConnection::auth-request. Does nothing but succeed when already connected.
 *
 * Must be called from the main thread.
 */
void
vireo_connection_open_async (VireoConnection     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_open_async);

  if (self->session != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->state == VIREO_CONNECTION_STATE_CONNECTING)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Already connecting to '%s'."), self->uri);
      return;
    }

  /* A user's open replaces a pending automatic retry. */
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_reconnecting (self, FALSE);
  start_open (self, task);
}

gboolean
vireo_connection_open_finish (VireoConnection  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_session_closed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_vireo_session_close_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * vireo_connection_close_async:
 * @self: a #VireoConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once libvirt closed the connection
 * @user_data: for @callback
 *
 * Closes the connection (or abandons a pending open) and stops reconnecting. :state is
 * disconnected at once; the libvirt close runs on the worker after the calls already queued.
 *
 * Must be called from the main thread.
 */
void
vireo_connection_close_async (VireoConnection     *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_close_async);

  cancel_reconnect (self);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);

  set_error (self, NULL);
  set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED);

  if (self->session == NULL)
    {
      _vireo_domain_tracker_detach (self->tracker, TRUE);
      g_task_return_boolean (task, TRUE);
      return;
    }

  drop_session (self, TRUE, on_session_closed, g_steal_pointer (&task));
}

gboolean
vireo_connection_close_finish (VireoConnection  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vireo_connection_connect:
 * @self: a #VireoConnection
 *
 * Opens the connection; failures show in :state and :error-message.
 */
void
vireo_connection_connect (VireoConnection *self)
{
  vireo_connection_open_async (self, NULL, NULL, NULL);
}

/**
 * vireo_connection_disconnect:
 * @self: a #VireoConnection
 *
 * Closes the connection, or stops an attempt to open it.
 */
void
vireo_connection_disconnect (VireoConnection *self)
{
  vireo_connection_close_async (self, NULL, NULL, NULL);
}

void
_vireo_connection_session_closed (VireoConnection *self,
                                  gconstpointer    close_token,
                                  int              reason)
{
  g_assert (VIREO_IS_MAIN_THREAD ());

  /* A late event about a session already replaced. */
  if (!_vireo_session_has_close_token (self->session, close_token))
    return;

  vireo_connection_handle_closed (self, reason);
}

static const char *
close_reason_text (int reason)
{
  switch (reason)
    {
    case VIR_CONNECT_CLOSE_REASON_ERROR:
      return _("a network or daemon error");
    case VIR_CONNECT_CLOSE_REASON_EOF:
      return _("the other end hung up");
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
      return _("the host stopped answering");
    default:
      return _("an unknown reason");
    }
}

/**
 * vireo_connection_handle_closed:
 * @self: a #VireoConnection
 * @reason: a virConnectCloseReason
 *
 * The libvirt connection closed under us: :state becomes disconnected, and unless
 * :auto-reconnect is off, reconnecting starts with backoff. A close we asked for
 * (%VIR_CONNECT_CLOSE_REASON_CLIENT) is ignored.
 *
 * Must be called from the main thread.
 */
void
vireo_connection_handle_closed (VireoConnection *self,
                                int              reason)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  if (self->session == NULL || reason == VIR_CONNECT_CLOSE_REASON_CLIENT)
    return;

  g_debug ("'%s' closed under us (reason %d)", self->uri, reason);
  drop_session (self, FALSE, NULL, NULL);

  error = g_error_new (VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                       _("The connection to '%s' was lost: %s."), self->label, close_reason_text (reason));
  set_error (self, error);
  set_state (self, VIREO_CONNECTION_STATE_DISCONNECTED);

  if (self->auto_reconnect)
    {
      vireo_backoff_reset (&self->backoff);
      schedule_reconnect (self);
    }
}

/* Properties and accessors */

VireoConnectionState
vireo_connection_get_state (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), VIREO_CONNECTION_STATE_DISCONNECTED);
  return self->state;
}

const char *
vireo_connection_get_uri (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->uri;
}

const char *
vireo_connection_get_label (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->label;
}

void
vireo_connection_set_label (VireoConnection *self,
                            const char      *label)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  set_str_prop (self, &self->label, label, PROP_LABEL);
}

gboolean
vireo_connection_get_is_demo (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->is_demo;
}

void
vireo_connection_set_is_demo (VireoConnection *self,
                              gboolean         is_demo)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  is_demo = !!is_demo;
  if (self->is_demo == is_demo)
    return;
  self->is_demo = is_demo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEMO]);
}

gboolean
vireo_connection_get_is_remote (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->parsed_uri != NULL && vireo_uri_is_remote (self->parsed_uri);
}

gboolean
vireo_connection_get_autoconnect (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->autoconnect;
}

void
vireo_connection_set_autoconnect (VireoConnection *self,
                                  gboolean         autoconnect)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  autoconnect = !!autoconnect;
  if (self->autoconnect == autoconnect)
    return;
  self->autoconnect = autoconnect;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOCONNECT]);
}

gboolean
vireo_connection_get_auto_reconnect (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->auto_reconnect;
}

void
vireo_connection_set_auto_reconnect (VireoConnection *self,
                                     gboolean         auto_reconnect)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  auto_reconnect = !!auto_reconnect;
  if (self->auto_reconnect == auto_reconnect)
    return;
  self->auto_reconnect = auto_reconnect;
  if (!auto_reconnect)
    cancel_reconnect (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RECONNECT]);
}

gboolean
vireo_connection_get_reconnecting (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return self->reconnecting;
}

const GError *
vireo_connection_get_error (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->error;
}

const char *
vireo_connection_get_error_message (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->error ? self->error->message : NULL;
}

const char *
vireo_connection_get_hostname (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->hostname;
}

const char *
vireo_connection_get_hypervisor (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->hypervisor;
}

const char *
vireo_connection_get_hypervisor_version (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->hypervisor_version;
}

const char *
vireo_connection_get_libvirt_version (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->libvirt_version;
}

const char *
vireo_connection_get_host_cpu_model (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return self->host_cpu_model;
}

guint
vireo_connection_get_host_cpus (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);
  return self->host_cpus;
}

guint
vireo_connection_get_host_mhz (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);
  return self->host_mhz;
}

guint64
vireo_connection_get_host_memory_kib (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);
  return self->host_memory_kib;
}

/**
 * vireo_connection_get_domains:
 * @self: a #VireoConnection
 *
 * Returns: (transfer none): a #GListModel of #VireoDomain
 */
GListModel *
vireo_connection_get_domains (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return _vireo_domain_tracker_get_model (self->tracker);
}

gboolean
vireo_connection_get_domains_loaded (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), FALSE);
  return _vireo_domain_tracker_get_loaded (self->tracker);
}

/**
 * vireo_connection_lookup_domain:
 * @self: a #VireoConnection
 * @uuid: a domain's UUID
 *
 * Returns: (transfer none) (nullable): the domain
 */
VireoDomain *
vireo_connection_lookup_domain (VireoConnection *self,
                                const char      *uuid)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return _vireo_domain_tracker_lookup (self->tracker, uuid);
}

/**
 * vireo_connection_lookup_domain_by_name:
 * @self: a #VireoConnection
 * @name: a domain's name
 *
 * Returns: (transfer none) (nullable): the domain
 */
VireoDomain *
vireo_connection_lookup_domain_by_name (VireoConnection *self,
                                        const char      *name)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  return _vireo_domain_tracker_lookup_by_name (self->tracker, name);
}

guint
vireo_connection_get_stats_interval (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), 0);
  return self->stats_interval;
}

void
vireo_connection_set_stats_interval (VireoConnection *self,
                                     guint            seconds)
{
  g_return_if_fail (VIREO_IS_CONNECTION (self));
  if (self->stats_interval == seconds)
    return;
  self->stats_interval = seconds;
  _vireo_domain_tracker_set_stats_interval (self->tracker, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATS_INTERVAL]);
}

VireoDomainTracker *
_vireo_connection_get_tracker (VireoConnection *connection)
{
  return connection->tracker;
}

void
_vireo_connection_session_lifecycle (VireoConnection *self,
                                     gconstpointer    close_token,
                                     const char      *uuid,
                                     int              event,
                                     int              detail)
{
  if (_vireo_session_has_close_token (self->session, close_token))
    _vireo_domain_tracker_lifecycle (self->tracker, uuid, event, detail);
}

VireoWorker *
vireo_connection_get_worker (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (VIREO_IS_MAIN_THREAD (), NULL);
  return self->session ? _vireo_session_get_worker (self->session) : NULL;
}

gpointer
vireo_connection_get_virconnect (VireoConnection *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (VIREO_IS_MAIN_THREAD (), NULL);
  return self->session ? _vireo_session_get_conn (self->session) : NULL;
}

static void
vireo_connection_set_uri (VireoConnection *self,
                          const char      *uri)
{
  g_autofree char *label = NULL;

  g_assert (self->uri == NULL);

  self->uri = g_strdup (uri ? uri : "");
  self->parsed_uri = vireo_uri_parse (self->uri, &self->uri_error);
  label = self->parsed_uri ? vireo_uri_dup_label (self->parsed_uri) : g_strdup (self->uri);
  if (self->label == NULL)
    self->label = g_steal_pointer (&label);
}

static void
vireo_connection_dispose (GObject *object)
{
  VireoConnection *self = (VireoConnection *) object;

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->open_task);
  drop_session (self, TRUE, NULL, NULL);

  G_OBJECT_CLASS (vireo_connection_parent_class)->dispose (object);
}

static void
vireo_connection_finalize (GObject *object)
{
  VireoConnection *self = (VireoConnection *) object;

  g_free (self->uri);
  g_clear_pointer (&self->parsed_uri, vireo_uri_free);
  g_clear_error (&self->uri_error);
  g_free (self->label);
  g_clear_error (&self->error);
  g_free (self->hostname);
  g_free (self->hypervisor);
  g_free (self->hypervisor_version);
  g_free (self->libvirt_version);
  g_free (self->host_cpu_model);
  _vireo_domain_tracker_free (self->tracker);

  G_OBJECT_CLASS (vireo_connection_parent_class)->finalize (object);
}

static void
vireo_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VireoConnection *self = VIREO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;
    case PROP_IS_REMOTE:
      g_value_set_boolean (value, vireo_connection_get_is_remote (self));
      break;
    case PROP_AUTOCONNECT:
      g_value_set_boolean (value, self->autoconnect);
      break;
    case PROP_AUTO_RECONNECT:
      g_value_set_boolean (value, self->auto_reconnect);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_RECONNECTING:
      g_value_set_boolean (value, self->reconnecting);
      break;
    case PROP_DOMAINS_LOADED:
      g_value_set_boolean (value, vireo_connection_get_domains_loaded (self));
      break;
    case PROP_STATS_INTERVAL:
      g_value_set_uint (value, vireo_connection_get_stats_interval (self));
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, vireo_connection_get_error_message (self));
      break;
    case PROP_HOSTNAME:
      g_value_set_string (value, self->hostname);
      break;
    case PROP_HYPERVISOR:
      g_value_set_string (value, self->hypervisor);
      break;
    case PROP_HYPERVISOR_VERSION:
      g_value_set_string (value, self->hypervisor_version);
      break;
    case PROP_LIBVIRT_VERSION:
      g_value_set_string (value, self->libvirt_version);
      break;
    case PROP_HOST_CPU_MODEL:
      g_value_set_string (value, self->host_cpu_model);
      break;
    case PROP_HOST_CPUS:
      g_value_set_uint (value, self->host_cpus);
      break;
    case PROP_HOST_MHZ:
      g_value_set_uint (value, self->host_mhz);
      break;
    case PROP_HOST_MEMORY_KIB:
      g_value_set_uint64 (value, self->host_memory_kib);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VireoConnection *self = VIREO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      vireo_connection_set_uri (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      vireo_connection_set_label (self, g_value_get_string (value));
      break;
    case PROP_IS_DEMO:
      vireo_connection_set_is_demo (self, g_value_get_boolean (value));
      break;
    case PROP_AUTOCONNECT:
      vireo_connection_set_autoconnect (self, g_value_get_boolean (value));
      break;
    case PROP_AUTO_RECONNECT:
      vireo_connection_set_auto_reconnect (self, g_value_get_boolean (value));
      break;
    case PROP_STATS_INTERVAL:
      vireo_connection_set_stats_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_constructed (GObject *object)
{
  VireoConnection *self = VIREO_CONNECTION (object);

  G_OBJECT_CLASS (vireo_connection_parent_class)->constructed (object);

  if (self->uri == NULL)
    vireo_connection_set_uri (self, "");
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)
#define RW (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
vireo_connection_class_init (VireoConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vireo_connection_constructed;
  object_class->dispose = vireo_connection_dispose;
  object_class->finalize = vireo_connection_finalize;
  object_class->get_property = vireo_connection_get_property;
  object_class->set_property = vireo_connection_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, RW);
  properties[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, RW);
  properties[PROP_IS_REMOTE] = g_param_spec_boolean ("is-remote", NULL, NULL, FALSE, RO);
  properties[PROP_AUTOCONNECT] = g_param_spec_boolean ("autoconnect", NULL, NULL, FALSE, RW);
  properties[PROP_AUTO_RECONNECT] = g_param_spec_boolean ("auto-reconnect", NULL, NULL, TRUE, RW);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_CONNECTION_STATE,
                       VIREO_CONNECTION_STATE_DISCONNECTED, RO);
  properties[PROP_RECONNECTING] = g_param_spec_boolean ("reconnecting", NULL, NULL, FALSE, RO);
  properties[PROP_DOMAINS_LOADED] = g_param_spec_boolean ("domains-loaded", NULL, NULL, FALSE, RO);
  properties[PROP_STATS_INTERVAL] = g_param_spec_uint ("stats-interval", NULL, NULL, 0, 3600, 3, RW);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, RO);
  properties[PROP_HOSTNAME] = g_param_spec_string ("hostname", NULL, NULL, NULL, RO);
  properties[PROP_HYPERVISOR] = g_param_spec_string ("hypervisor", NULL, NULL, NULL, RO);
  properties[PROP_HYPERVISOR_VERSION] = g_param_spec_string ("hypervisor-version", NULL, NULL, NULL, RO);
  properties[PROP_LIBVIRT_VERSION] = g_param_spec_string ("libvirt-version", NULL, NULL, NULL, RO);
  properties[PROP_HOST_CPU_MODEL] = g_param_spec_string ("host-cpu-model", NULL, NULL, NULL, RO);
  properties[PROP_HOST_CPUS] = g_param_spec_uint ("host-cpus", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_HOST_MHZ] = g_param_spec_uint ("host-mhz", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_HOST_MEMORY_KIB] =
    g_param_spec_uint64 ("host-memory-kib", NULL, NULL, 0, G_MAXUINT64, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoConnection::auth-request:
   * @self: the connection
   * @request: the credentials libvirt asks for
   *
   * Answer @request (now or later) with vireo_auth_request_respond() or cancel it. A request
   * nobody handles is cancelled.
   */
  signals[AUTH_REQUEST] =
    g_signal_new ("auth-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIREO_TYPE_AUTH_REQUEST);

  /**
   * VireoConnection::reconnected:
   * @self: the connection
   *
   * The connection is back after an unexpected close: views re-attach to fresh objects.
   */
  signals[RECONNECTED] =
    g_signal_new ("reconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
on_domains_loaded (VireoConnection *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAINS_LOADED]);
}

static void
vireo_connection_init (VireoConnection *self)
{
  self->tracker = _vireo_domain_tracker_new (self, on_domains_loaded);
  self->stats_interval = 3;
  self->auto_reconnect = TRUE;
  self->state = VIREO_CONNECTION_STATE_DISCONNECTED;
  vireo_backoff_init (&self->backoff, VIREO_BACKOFF_INITIAL_MS, VIREO_BACKOFF_MAX_MS);
}

/**
 * vireo_connection_new:
 * @uri: a libvirt URI; a malformed one gives a connection that fails to open with a clear error
 *
 * Returns: (transfer full): a new, disconnected connection
 */
VireoConnection *
vireo_connection_new (const char *uri)
{
  return g_object_new (VIREO_TYPE_CONNECTION, "uri", uri, NULL);
}
