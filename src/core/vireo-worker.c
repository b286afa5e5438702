/* vireo-worker.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-worker"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-worker.h"

/*
 * A VireoWorker owns one thread per lane, each draining a FIFO of GTasks. It belongs to one libvirt
 * connection session: calls on a virConnectPtr are serialised on the quick lane, and a call that hangs
 * (a dead ssh host) blocks only that session's lane, never GLib's shared GTask pool nor the main loop.
 *
 * The threads hold their queues, not the worker: dropping the worker (or vireo_worker_shutdown())
 * queues a stop marker, so a thread stuck in a blocking call finishes it, then exits on its own.
 */

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

struct _VireoWorker
{
  GObject      parent_instance;

  char        *name;
  GAsyncQueue *queues[VIREO_WORKER_N_LANES];
  GThread     *threads[VIREO_WORKER_N_LANES];
  gboolean     shut_down;
};

G_DEFINE_FINAL_TYPE (VireoWorker, vireo_worker, G_TYPE_OBJECT)

/* A distinct address that never is a Job. */
static char stop_marker;

static gboolean
unref_in_owner_context (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* The task may hold the last reference to its source object (a connection): dropping it here
 * would dispose that object on this thread. Hand the reference back to the task's context. */
static void
job_release (Job *job)
{
  GSource *source = g_idle_source_new ();
  GMainContext *context = g_task_get_context (job->task);

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, unref_in_owner_context, g_steal_pointer (&job->task), NULL);
  g_source_attach (source, context);
  g_source_unref (source);
  g_free (job);
}

static gpointer
lane_thread (gpointer data)
{
  GAsyncQueue *queue = data;

  for (;;)
    {
      gpointer item = g_async_queue_pop (queue);
      Job *job;

      if (item == &stop_marker)
        break;

      job = item;
      job->func (job->task,
                 g_task_get_source_object (job->task),
                 g_task_get_task_data (job->task),
                 g_task_get_cancellable (job->task));
      job_release (job);
    }

  g_async_queue_unref (queue);
  return NULL;
}

static void
vireo_worker_finalize (GObject *object)
{
  VireoWorker *self = (VireoWorker *) object;

  vireo_worker_shutdown (self);
  for (guint i = 0; i < VIREO_WORKER_N_LANES; i++)
    {
      g_clear_pointer (&self->queues[i], g_async_queue_unref);
      g_clear_pointer (&self->threads[i], g_thread_unref);
    }
  g_free (self->name);

  G_OBJECT_CLASS (vireo_worker_parent_class)->finalize (object);
}

static void
vireo_worker_class_init (VireoWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_worker_finalize;
}

static void
vireo_worker_init (VireoWorker *self)
{
}

/**
 * vireo_worker_new:
 * @name: a short name, used for the threads' names (debugging)
 *
 * Returns: (transfer full): a new worker; its threads start on first use
 */
VireoWorker *
vireo_worker_new (const char *name)
{
  VireoWorker *self = g_object_new (VIREO_TYPE_WORKER, NULL);

  self->name = g_strdup (name ? name : "worker");
  for (guint i = 0; i < VIREO_WORKER_N_LANES; i++)
    self->queues[i] = g_async_queue_new ();

  return self;
}

/**
 * vireo_worker_run_task:
 * @self: a #VireoWorker
 * @lane: which lane runs the job
 * @task: the task; @func must return it (any g_task_return_*)
 * @func: the blocking function, run in the lane's thread
 *
 * Queues @func to run on @lane's thread, after the jobs already queued there. The task's callback is
 * dispatched, as usual, in the main context where @task was created.
 *
 * Must be called from the main thread.
 */
void
vireo_worker_run_task (VireoWorker     *self,
                       VireoWorkerLane  lane,
                       GTask           *task,
                       GTaskThreadFunc  func)
{
  Job *job;

  g_return_if_fail (VIREO_IS_WORKER (self));
  g_return_if_fail (lane < VIREO_WORKER_N_LANES);
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  if (self->shut_down)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The connection was closed before the operation could run."));
      return;
    }

  if (self->threads[lane] == NULL)
    {
      g_autofree char *thread_name = g_strdup_printf ("vireo-%c:%s",
                                                      lane == VIREO_WORKER_LANE_QUICK ? 'q' : 'l',
                                                      self->name);
      self->threads[lane] = g_thread_new (thread_name, lane_thread,
                                          g_async_queue_ref (self->queues[lane]));
    }

  job = g_new0 (Job, 1);
  job->task = g_object_ref (task);
  job->func = func;
  g_async_queue_push (self->queues[lane], job);
}

/**
 * vireo_worker_shutdown:
 * @self: a #VireoWorker
 *
 * Lets every lane finish the jobs already queued, then stop. Does not wait: a thread stuck in a
 * blocking call exits when that call returns. Later jobs fail with %G_IO_ERROR_CLOSED.
 */
void
vireo_worker_shutdown (VireoWorker *self)
{
  g_return_if_fail (VIREO_IS_WORKER (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;

  for (guint i = 0; i < VIREO_WORKER_N_LANES; i++)
    if (self->threads[i] != NULL)
      g_async_queue_push (self->queues[i], &stop_marker);
}

void
vireo_post_to_context (GMainContext   *context,
                       GSourceFunc     func,
                       gpointer        data,
                       GDestroyNotify  notify)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_attach (source, context);
  g_source_unref (source);
}
