/* vireo-connection-session.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-connection"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vireo-connection-private.h"
#include "vireo-core.h"
#include "vireo-error.h"

/*
 * The libvirt side of a VireoConnection: opening (with credential requests forwarded to the main
 * thread), host facts, keepalive, the close callback, and closing. Everything that talks to the
 * daemon runs on the session's worker; results come back to the main thread as plain data.
 */

#define KEEPALIVE_INTERVAL_S 5
#define KEEPALIVE_COUNT      3

/* Shared between the session and libvirt's close callback (which may run on any thread). */
typedef struct
{
  gatomicrefcount  ref;
  GWeakRef         owner;
} CloseData;

struct _VireoSession
{
  gatomicrefcount  ref;
  VireoWorker     *worker;
  virConnectPtr    conn;
  CloseData       *close_data;
  VireoHostFacts  *facts;
  int              lifecycle_callback;
};

typedef struct
{
  gatomicrefcount  ref;
  char            *uri;
  GWeakRef         owner;
  VireoWorker     *worker;
  GCancellable    *cancellable;  /* ours: cancels credential waits */
  GTask           *outer;        /* main thread; NULL once returned */
  gulong           cancel_handler;
  GCancellable    *user_cancellable;

  /* Set by the worker thread, read on the main thread after it returns. */
  virConnectPtr    conn;
  CloseData       *close_data;
  VireoHostFacts  *facts;
  int              lifecycle_callback;
  GError          *error;
} OpenJob;

void
vireo_host_facts_free (VireoHostFacts *facts)
{
  if (facts == NULL)
    return;
  g_free (facts->hostname);
  g_free (facts->hypervisor);
  g_free (facts->hypervisor_version);
  g_free (facts->libvirt_version);
  g_free (facts->cpu_model);
  g_free (facts);
}

static CloseData *
close_data_ref (CloseData *data)
{
  g_atomic_ref_count_inc (&data->ref);
  return data;
}

static void
close_data_unref (void *ptr)
{
  CloseData *data = ptr;

  if (data != NULL && g_atomic_ref_count_dec (&data->ref))
    {
      g_weak_ref_clear (&data->owner);
      g_free (data);
    }
}

VireoSession *
_vireo_session_ref (VireoSession *session)
{
  g_atomic_ref_count_inc (&session->ref);
  return session;
}

void
_vireo_session_unref (VireoSession *session)
{
  if (session != NULL && g_atomic_ref_count_dec (&session->ref))
    {
      /* The virConnectPtr was closed by _vireo_session_close_async() on the worker. */
      g_clear_object (&session->worker);
      close_data_unref (session->close_data);
      vireo_host_facts_free (session->facts);
      g_free (session);
    }
}

VireoWorker *
_vireo_session_get_worker (VireoSession *session)
{
  return session->worker;
}

virConnectPtr
_vireo_session_get_conn (VireoSession *session)
{
  return session->conn;
}

/* Whether @close_token (the data of a close callback) belongs to @session. The token lives as long
 * as the event that carries it, so unlike a session pointer it cannot be recycled meanwhile. */
gboolean
_vireo_session_has_close_token (VireoSession  *session,
                                gconstpointer  close_token)
{
  return session != NULL && close_token != NULL && session->close_data == close_token;
}

const VireoHostFacts *
_vireo_session_get_facts (VireoSession *session)
{
  return session->facts;
}

typedef struct
{
  CloseData *data;
  int        reason;
} ClosedEvent;

static gboolean
closed_in_main (gpointer user_data)
{
  ClosedEvent *event = user_data;
  g_autoptr(VireoConnection) owner = g_weak_ref_get (&event->data->owner);

  if (owner != NULL)
    _vireo_connection_session_closed (owner, event->data, event->reason);

  return G_SOURCE_REMOVE;
}

static void
closed_event_free (gpointer user_data)
{
  ClosedEvent *event = user_data;

  close_data_unref (event->data);
  g_free (event);
}

/* libvirt calls this on whichever thread noticed the close, with its own locks held: only hand the
 * news to the main thread. */
static void
on_libvirt_close (virConnectPtr  conn,
                  int            reason,
                  void          *opaque)
{
  ClosedEvent *event = g_new0 (ClosedEvent, 1);

  event->data = close_data_ref (opaque);
  event->reason = reason;
  /* Always through an idle: even on the main thread, libvirt holds its locks here. */
  g_idle_add_full (G_PRIORITY_DEFAULT, closed_in_main, event, closed_event_free);
}

typedef struct
{
  CloseData *data;
  char       uuid[VIR_UUID_STRING_BUFLEN];
  int        event;
  int        detail;
} LifecycleEvent;

static gboolean
lifecycle_in_main (gpointer user_data)
{
  LifecycleEvent *event = user_data;
  g_autoptr(VireoConnection) owner = g_weak_ref_get (&event->data->owner);

  if (owner != NULL)
    _vireo_connection_session_lifecycle (owner, event->data, event->uuid, event->event, event->detail);

  return G_SOURCE_REMOVE;
}

static void
lifecycle_event_free (gpointer user_data)
{
  LifecycleEvent *event = user_data;

  close_data_unref (event->data);
  g_free (event);
}

/* libvirt dispatches events from its event loop, which is GLib's main context: the main thread.
 * Only read the UUID here (no daemon call) and hand over. */
static int
on_libvirt_lifecycle (virConnectPtr  conn,
                      virDomainPtr   domain,
                      int            event_type,
                      int            detail,
                      void          *opaque)
{
  LifecycleEvent *event = g_new0 (LifecycleEvent, 1);

  event->data = close_data_ref (opaque);
  event->event = event_type;
  event->detail = detail;
  if (virDomainGetUUIDString (domain, event->uuid) < 0)
    {
      virResetLastError ();
      lifecycle_event_free (event);
      return 0;
    }

  if (VIREO_IS_MAIN_THREAD ())
    {
      lifecycle_in_main (event);
      lifecycle_event_free (event);
    }
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, lifecycle_in_main, event, lifecycle_event_free);

  return 0;
}

static OpenJob *
open_job_ref (OpenJob *job)
{
  g_atomic_ref_count_inc (&job->ref);
  return job;
}

static void
open_job_unref (gpointer data)
{
  OpenJob *job = data;

  if (job == NULL || !g_atomic_ref_count_dec (&job->ref))
    return;

  g_assert (job->outer == NULL);
  g_assert (job->conn == NULL);
  g_free (job->uri);
  g_weak_ref_clear (&job->owner);
  g_clear_object (&job->worker);
  g_clear_object (&job->cancellable);
  g_clear_object (&job->user_cancellable);
  close_data_unref (job->close_data);
  vireo_host_facts_free (job->facts);
  g_clear_error (&job->error);
  g_free (job);
}

typedef struct
{
  GWeakRef          owner;
  VireoAuthRequest *request;
} AuthPost;

static gboolean
post_auth_in_main (gpointer data)
{
  AuthPost *post = data;
  g_autoptr(VireoConnection) owner = g_weak_ref_get (&post->owner);

  if (owner != NULL &&
      g_signal_has_handler_pending (owner, g_signal_lookup ("auth-request", VIREO_TYPE_CONNECTION),
                                    0, FALSE))
    g_signal_emit_by_name (owner, "auth-request", post->request);
  else
    vireo_auth_request_cancel (post->request);

  return G_SOURCE_REMOVE;
}

static void
auth_post_free (gpointer data)
{
  AuthPost *post = data;

  g_weak_ref_clear (&post->owner);
  g_clear_object (&post->request);
  g_free (post);
}

static VireoAuthFieldKind
field_kind_for_credential (int type)
{
  switch (type)
    {
    case VIR_CRED_USERNAME:
    case VIR_CRED_AUTHNAME:
      return VIREO_AUTH_FIELD_USERNAME;
    case VIR_CRED_PASSPHRASE:
      return VIREO_AUTH_FIELD_PASSWORD;
    case VIR_CRED_NOECHOPROMPT:
      return VIREO_AUTH_FIELD_SECRET;
    case VIR_CRED_ECHOPROMPT:
    case VIR_CRED_REALM:
    default:
      return VIREO_AUTH_FIELD_TEXT;
    }
}

/* Worker thread: libvirt asks for credentials. Ask the user on the main thread and wait. */
static int
auth_callback (virConnectCredentialPtr credentials,
               unsigned int            n_credentials,
               void                   *opaque)
{
  OpenJob *job = opaque;
  g_autoptr(VireoAuthRequest) request = NULL;
  g_autofree char *message = NULL;
  AuthPost *post;
  char **answers;

  message = g_strdup_printf (_("The connection to '%s' needs credentials."), job->uri);
  request = vireo_auth_request_new (VIREO_AUTH_SOURCE_LIBVIRT, _("Authentication Required"), message);
  for (guint i = 0; i < n_credentials; i++)
    vireo_auth_request_add_field (request, field_kind_for_credential (credentials[i].type),
                                  credentials[i].prompt, credentials[i].defresult);

  post = g_new0 (AuthPost, 1);
  g_weak_ref_init (&post->owner, NULL);
  {
    g_autoptr(VireoConnection) owner = g_weak_ref_get (&job->owner);
    g_weak_ref_set (&post->owner, owner);
  }
  post->request = g_object_ref (request);
  g_idle_add_full (G_PRIORITY_DEFAULT, post_auth_in_main, post, auth_post_free);

  answers = vireo_auth_request_wait (request, job->cancellable);
  if (answers == NULL)
    return -1;

  for (guint i = 0; i < n_credentials; i++)
    {
      const char *answer = answers[0] != NULL && i < g_strv_length (answers) ? answers[i] : "";

      /* libvirt frees results with free(). */
      credentials[i].result = strdup (answer);
      credentials[i].resultlen = strlen (answer);
    }
  vireo_auth_strv_free_secure (answers);

  return 0;
}

static int credential_types[] = {
  VIR_CRED_AUTHNAME,
  VIR_CRED_USERNAME,
  VIR_CRED_PASSPHRASE,
  VIR_CRED_ECHOPROMPT,
  VIR_CRED_NOECHOPROMPT,
  VIR_CRED_REALM,
};

static char *
format_version (unsigned long version)
{
  return g_strdup_printf ("%lu.%lu.%lu", version / 1000000, (version / 1000) % 1000, version % 1000);
}

static VireoHostFacts *
read_host_facts (virConnectPtr conn)
{
  VireoHostFacts *facts = g_new0 (VireoHostFacts, 1);
  unsigned long version = 0;
  const char *type;
  char *hostname;
  virNodeInfo info;

  /* Each fact is optional: a driver that lacks one still connects. */
  if ((hostname = virConnectGetHostname (conn)) != NULL)
    {
      facts->hostname = g_strdup (hostname);
      free (hostname);
    }
  if ((type = virConnectGetType (conn)) != NULL)
    facts->hypervisor = g_strdup (type);
  if (virConnectGetVersion (conn, &version) == 0 && version != 0)
    facts->hypervisor_version = format_version (version);
  if (virConnectGetLibVersion (conn, &version) == 0)
    facts->libvirt_version = format_version (version);
  if (virNodeGetInfo (conn, &info) == 0)
    {
      facts->cpu_model = g_strndup (info.model, sizeof info.model);
      facts->cpus = info.cpus;
      facts->mhz = info.mhz;
      facts->memory_kib = info.memory;
    }
  virResetLastError ();

  return facts;
}

static void
open_in_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OpenJob *job = task_data;
  virConnectAuth auth = {
    credential_types, G_N_ELEMENTS (credential_types), auth_callback, job,
  };
  virConnectPtr conn;

  g_debug ("Opening '%s'", job->uri);
  conn = virConnectOpenAuth (job->uri, &auth, 0);
  if (conn == NULL)
    {
      if (g_cancellable_is_cancelled (job->cancellable))
        g_set_error_literal (&job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The connection attempt was cancelled."));
      else
        vireo_set_error_from_libvirt (&job->error, _("Could not open the connection."));
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Remote drivers only; others answer with an error we ignore. */
  if (virConnectSetKeepAlive (conn, KEEPALIVE_INTERVAL_S, KEEPALIVE_COUNT) < 0)
    virResetLastError ();

  job->close_data = g_new0 (CloseData, 1);
  g_atomic_ref_count_init (&job->close_data->ref);
  g_weak_ref_init (&job->close_data->owner, NULL);
  {
    g_autoptr(VireoConnection) owner = g_weak_ref_get (&job->owner);
    g_weak_ref_set (&job->close_data->owner, owner);
  }
  /* No reference for libvirt: drivers without close callbacks (the test driver) would never
   * release it. The session keeps the data alive until it unregisters, in close_in_worker(). */
  if (virConnectRegisterCloseCallback (conn, on_libvirt_close, job->close_data, NULL) < 0)
    virResetLastError ();

  /* Same ownership for the event: the session deregisters before it closes. */
  job->lifecycle_callback =
    virConnectDomainEventRegisterAny (conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                      VIR_DOMAIN_EVENT_CALLBACK (on_libvirt_lifecycle),
                                      job->close_data, NULL);
  if (job->lifecycle_callback < 0)
    virResetLastError ();

  job->facts = read_host_facts (conn);
  job->conn = conn;
  g_debug ("Opened '%s'", job->uri);
  g_task_return_boolean (task, TRUE);
}

static void
close_in_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  VireoSession *session = task_data;

  if (session->conn != NULL)
    {
      if (session->lifecycle_callback >= 0 &&
          virConnectDomainEventDeregisterAny (session->conn, session->lifecycle_callback) < 0)
        virResetLastError ();
      if (virConnectUnregisterCloseCallback (session->conn, on_libvirt_close) < 0)
        virResetLastError ();
      if (virConnectClose (session->conn) < 0)
        virResetLastError ();
      session->conn = NULL;
    }

  g_task_return_boolean (task, TRUE);
}

void
_vireo_session_close_async (VireoSession        *session,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_assert (VIREO_IS_MAIN_THREAD ());

  g_task_set_source_tag (task, _vireo_session_close_async);
  g_task_set_task_data (task, _vireo_session_ref (session), (GDestroyNotify) _vireo_session_unref);
  vireo_worker_run_task (session->worker, VIREO_WORKER_LANE_QUICK, task, close_in_worker);
  vireo_worker_shutdown (session->worker);
}

gboolean
_vireo_session_close_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static VireoSession *
session_new (OpenJob *job)
{
  VireoSession *session = g_new0 (VireoSession, 1);

  g_atomic_ref_count_init (&session->ref);
  session->worker = g_object_ref (job->worker);
  session->conn = g_steal_pointer (&job->conn);
  session->facts = g_steal_pointer (&job->facts);
  session->close_data = g_steal_pointer (&job->close_data);
  session->lifecycle_callback = job->lifecycle_callback;

  return session;
}

static void
return_outer (OpenJob *job,
              GError  *error)
{
  g_autoptr(GTask) outer = g_steal_pointer (&job->outer);

  if (outer == NULL)
    return;

  g_cancellable_disconnect (job->user_cancellable, job->cancel_handler);
  job->cancel_handler = 0;

  if (error != NULL)
    g_task_return_error (outer, error);
  else
    g_task_return_pointer (outer, session_new (job), (GDestroyNotify) _vireo_session_unref);
}

static void
on_open_in_worker_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  OpenJob *job = g_task_get_task_data (G_TASK (result));

  if (job->outer != NULL)
    {
      return_outer (job, g_steal_pointer (&job->error));
      return;
    }

  /* Abandoned (cancelled) while libvirt was busy: close what it opened, on its worker. */
  if (job->conn != NULL)
    {
      VireoSession *session = session_new (job);
      _vireo_session_close_async (session, NULL, NULL);
      _vireo_session_unref (session);
    }
}

static gboolean
return_cancelled_in_main (gpointer data)
{
  OpenJob *job = data;

  return_outer (job, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          _("The connection attempt was cancelled.")));
  return G_SOURCE_REMOVE;
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  OpenJob *job = data;

  /* Any thread. Wake a credential wait, then answer the caller from the main thread. */
  g_cancellable_cancel (job->cancellable);
  /* An idle, not a direct call: disconnecting a cancellable from inside its own ::cancelled
   * emission would deadlock. */
  g_idle_add_full (G_PRIORITY_DEFAULT, return_cancelled_in_main, open_job_ref (job), open_job_unref);
}

void
_vireo_session_open_async (const char          *uri,
                           VireoConnection     *owner,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  OpenJob *job;

  g_assert (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (OpenJob, 1);
  g_atomic_ref_count_init (&job->ref);
  job->uri = g_strdup (uri);
  g_weak_ref_init (&job->owner, owner);
  job->worker = vireo_worker_new (uri);
  job->cancellable = g_cancellable_new ();
  job->lifecycle_callback = -1;
  job->outer = g_task_new (owner, cancellable, callback, user_data);
  g_task_set_source_tag (job->outer, _vireo_session_open_async);

  inner = g_task_new (NULL, NULL, on_open_in_worker_done, NULL);
  g_task_set_task_data (inner, job, open_job_unref);
  vireo_worker_run_task (job->worker, VIREO_WORKER_LANE_QUICK, inner, open_in_worker);

  if (cancellable != NULL)
    {
      job->user_cancellable = g_object_ref (cancellable);
      job->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                   open_job_ref (job), open_job_unref);
    }
}

VireoSession *
_vireo_session_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
