/* vireo-volume-create.c: a new storage volume in a pool, with progress, and its removal
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-volume"

#include "config.h"

#include <libxml/xmlsave.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-volume-create.h"
#include "vireo-volume-private.h"
#include "vireo-worker.h"
#include "vireo-xml-private.h"

/* How often the allocation of a volume being written is asked. */
#define POLL_INTERVAL_MS 250

/* --- the volume document (pure) --------------------------------------------------------------- */

static char *
doc_to_string (xmlDoc *doc)
{
  xmlBuffer *buffer = xmlBufferCreate ();
  xmlSaveCtxt *save = xmlSaveToBuffer (buffer, "UTF-8", XML_SAVE_NO_DECL | XML_SAVE_FORMAT);
  char *result;

  xmlSaveDoc (save, doc);
  xmlSaveClose (save);
  result = g_strdup ((const char *) xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  return result;
}

/**
 * vireo_volume_xml_new:
 * @name: the volume's name
 * @capacity: its size in bytes
 * @format: "qcow2" or "raw"
 *
 * Returns: (transfer full): the volume document. Any thread.
 */
char *
vireo_volume_xml_new (const char *name,
                      guint64     capacity,
                      const char *format)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *volume, *target, *node;
  char buf[32];

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  doc = xmlNewDoc (BAD_CAST "1.0");
  volume = xmlNewNode (NULL, BAD_CAST "volume");
  xmlDocSetRootElement (doc, volume);
  xmlNewTextChild (volume, NULL, BAD_CAST "name", BAD_CAST name);
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, capacity);
  node = xmlNewTextChild (volume, NULL, BAD_CAST "capacity", BAD_CAST buf);
  xmlNewProp (node, BAD_CAST "unit", BAD_CAST "bytes");
  node = xmlNewTextChild (volume, NULL, BAD_CAST "allocation", BAD_CAST "0");
  xmlNewProp (node, BAD_CAST "unit", BAD_CAST "bytes");
  target = xmlNewChild (volume, NULL, BAD_CAST "target", NULL);
  node = xmlNewChild (target, NULL, BAD_CAST "format", NULL);
  xmlNewProp (node, BAD_CAST "type", BAD_CAST format);
  if (g_str_equal (format, "qcow2"))
    {
      /* virt-install's qcow2 (storage.py): compat 1.1 with lazy refcounts. */
      xmlNewTextChild (target, NULL, BAD_CAST "compat", BAD_CAST "1.1");
      node = xmlNewChild (target, NULL, BAD_CAST "features", NULL);
      xmlNewChild (node, NULL, BAD_CAST "lazy_refcounts", NULL);
    }
  return doc_to_string (doc);
}

/* --- creation in a pool (worker) -------------------------------------------------------------- */

char *
_vireo_volume_name_of (const char  *volume_xml,
                       GError     **error)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (volume_xml, error);
  g_autoptr(xmlXPathContext) context = NULL;
  char *name;

  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  name = _vireo_xml_get_string (context, NULL, "string(/volume/name)");
  if (name == NULL)
    g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                         _("The new volume has no name."));
  return name;
}

/* The allocation poll: a thread beside the one blocked in virStorageVolCreateXML. */
typedef struct
{
  GMutex             lock;
  GCond              cond;
  gboolean           done;
  virStoragePoolPtr  pool;
  const char        *name;
  VireoProgress     *progress;
  double             from;
  double             to;
  const char        *step;
} Poll;

static gpointer
poll_allocation (gpointer data)
{
  Poll *poll = data;

  g_mutex_lock (&poll->lock);
  while (!poll->done)
    {
      gint64 until = g_get_monotonic_time () + POLL_INTERVAL_MS * G_TIME_SPAN_MILLISECOND;
      virStorageVolPtr volume;
      virStorageVolInfo info;

      if (g_cond_wait_until (&poll->cond, &poll->lock, until) || poll->done)
        continue;

      g_mutex_unlock (&poll->lock);
      volume = virStorageVolLookupByName (poll->pool, poll->name);
      if (volume != NULL && virStorageVolGetInfo (volume, &info) == 0 && info.capacity > 0)
        _vireo_progress_post (poll->progress,
                              poll->from + (poll->to - poll->from) * MIN (1.0, (double) info.allocation / info.capacity),
                              poll->step);
      g_clear_pointer (&volume, virStorageVolFree);
      virResetLastError ();
      g_mutex_lock (&poll->lock);
    }
  g_mutex_unlock (&poll->lock);
  return NULL;
}

virStorageVolPtr
_vireo_volume_create_in_pool (virStoragePoolPtr   pool,
                              const char         *pool_name,
                              const char         *volume_xml,
                              VireoProgress      *progress,
                              double              from,
                              double              to,
                              const char         *step,
                              GError            **error)
{
  g_autoptr(virStorageVol) existing = NULL;
  g_autofree char *name = NULL;
  virStorageVolPtr volume;
  GThread *poller;
  Poll poll = { 0 };

  name = _vireo_volume_name_of (volume_xml, error);
  if (name == NULL)
    return NULL;

  /* A taken name is refused, never overwritten (nor deleted by a rollback). */
  existing = virStorageVolLookupByName (pool, name);
  if (existing != NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   _("The storage pool '%s' already has a volume named '%s': choose another name."),
                   pool_name, name);
      return NULL;
    }
  virResetLastError ();

  _vireo_progress_post (progress, from, step);
  g_mutex_init (&poll.lock);
  g_cond_init (&poll.cond);
  poll.pool = pool;
  poll.name = name;
  poll.progress = progress;
  poll.from = from;
  poll.to = to;
  poll.step = step;
  poller = g_thread_new ("vireo-volume-poll", poll_allocation, &poll);

  volume = virStorageVolCreateXML (pool, volume_xml, 0);
  if (volume == NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("The volume '%s' could not be created."), name);

      /* Converted before the poller is joined: it is this thread's error. */
      vireo_set_error_from_libvirt (error, fallback);
    }

  g_mutex_lock (&poll.lock);
  poll.done = TRUE;
  g_cond_signal (&poll.cond);
  g_mutex_unlock (&poll.lock);
  g_thread_join (poller);
  g_mutex_clear (&poll.lock);
  g_cond_clear (&poll.cond);

  if (volume != NULL)
    _vireo_progress_post (progress, to, step);
  return volume;
}

/* --- the jobs --------------------------------------------------------------------------------- */

typedef struct
{
  virConnectPtr  conn;        /* our own reference: the long lane may outlive the session */
  char          *pool;
  char          *volume_xml;
  char          *path;        /* delete */
  VireoProgress *progress;
} Job;

static void
job_free (Job *job)
{
  if (job->conn != NULL)
    virConnectClose (job->conn);
  g_free (job->pool);
  g_free (job->volume_xml);
  g_free (job->path);
  g_clear_pointer (&job->progress, _vireo_progress_unref);
  g_free (job);
}

static void
create_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(virStorageVol) volume = NULL;
  GError *error = NULL;
  char *path;

  if (g_task_return_error_if_cancelled (task))
    return;

  pool = virStoragePoolLookupByName (job->conn, job->pool);
  if (pool == NULL)
    {
      vireo_set_error_from_libvirt (&error, NULL);
      g_task_return_error (task, error);
      return;
    }
  if (virStoragePoolIsActive (pool) != 1)
    {
      virResetLastError ();
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("The storage pool '%s' is not active: start it first."), job->pool);
      return;
    }

  volume = _vireo_volume_create_in_pool (pool, job->pool, job->volume_xml, job->progress,
                                         0.0, 1.0, _("Creating the disk…"), &error);
  if (volume == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  path = virStorageVolGetPath (volume);
  if (path == NULL)
    {
      vireo_set_error_from_libvirt (&error, NULL);
      if (virStorageVolDelete (volume, 0) < 0)
        virResetLastError ();
      g_task_return_error (task, error);
      return;
    }
  /* Made: its path is returned even when cancelled meanwhile, so the caller can remove it. */
  g_task_return_pointer (task, path, g_free);
}

static void
delete_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virStorageVol) volume = virStorageVolLookupByPath (job->conn, job->path);
  GError *error = NULL;

  if (volume == NULL || virStorageVolDelete (volume, 0) < 0)
    {
      g_autofree char *fallback = g_strdup_printf (_("The volume '%s' could not be removed."), job->path);

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (job->path), g_free);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gpointer value;

  if (job->progress != NULL)
    _vireo_progress_finish (job->progress);

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, value, g_free);
}

/* Queues @job (transfer full) on the long lane; the inner task never checks cancellation after
 * the fact, so a made volume is always reported. */
static void
queue_job (VireoConnection     *connection,
           Job                 *job,
           gpointer             source_tag,
           GTaskThreadFunc      func,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) outer = g_task_new (connection, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  VireoWorker *worker = vireo_connection_get_worker (connection);
  gpointer conn = vireo_connection_get_virconnect (connection);

  g_task_set_source_tag (outer, source_tag);
  g_task_set_check_cancellable (outer, FALSE);
  if (worker == NULL || conn == NULL || virConnectRef (conn) < 0)
    {
      job_free (job);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection '%s' is not open."),
                               vireo_connection_get_uri (connection));
      return;
    }
  job->conn = conn;

  inner = g_task_new (NULL, cancellable, on_job_done, g_object_ref (outer));
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_LONG, inner, func);
}

/**
 * vireo_volume_create_async:
 * @connection: a connected #VireoConnection
 * @pool: the pool's name
 * @name: the new volume's name
 * @capacity: its size in bytes
 * @format: "qcow2" or "raw"
 * @cancellable: (nullable): cancels before libvirt creates it
 * @progress_callback: (nullable): progress, on the caller's context
 * @progress_data: for @progress_callback
 * @callback: called with the volume's path
 * @user_data: for @callback
 *
 * See the header. Must be called from the main thread.
 */
void
vireo_volume_create_async (VireoConnection              *connection,
                           const char                   *pool,
                           const char                   *name,
                           guint64                       capacity,
                           const char                   *format,
                           GCancellable                 *cancellable,
                           VireoInstallProgressCallback  progress_callback,
                           gpointer                      progress_data,
                           GAsyncReadyCallback           callback,
                           gpointer                      user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (pool != NULL && name != NULL && format != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);
  job->pool = g_strdup (pool);
  job->volume_xml = vireo_volume_xml_new (name, capacity, format);
  job->progress = _vireo_progress_new (progress_callback, progress_data);
  queue_job (connection, job, vireo_volume_create_async, create_in_worker, cancellable, callback, user_data);
}

char *
vireo_volume_create_finish (VireoConnection  *connection,
                            GAsyncResult     *result,
                            GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vireo_volume_delete_async:
 * @connection: a connected #VireoConnection
 * @path: the volume's path
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * See the header. Must be called from the main thread.
 */
void
vireo_volume_delete_async (VireoConnection     *connection,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (path != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);
  job->path = g_strdup (path);
  queue_job (connection, job, vireo_volume_delete_async, delete_in_worker, cancellable, callback, user_data);
}

gboolean
vireo_volume_delete_finish (VireoConnection  *connection,
                            GAsyncResult     *result,
                            GError          **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);
  path = g_task_propagate_pointer (G_TASK (result), error);
  return path != NULL;
}
