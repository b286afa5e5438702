/* vireo-domain-tracker.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-tracker"

#include "config.h"

#if HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include <stdlib.h>

#include <glib/gi18n.h>

#include "vireo-core.h"
#include "vireo-domain-private.h"
#include "vireo-domain-tracker.h"
#include "vireo-error.h"
#include "vireo-stats-libvirt.h"

/* Events within this window share one refresh. */
#define REFRESH_COALESCE_MS 100
#define DEFAULT_STATS_INTERVAL_S 3

struct _VireoDomainTracker
{
  VireoConnection  *owner;      /* owns us */
  void            (*on_loaded) (VireoConnection *owner);

  GListStore       *store;
  GHashTable       *by_uuid;    /* uuid → VireoDomain, borrowed from the store */
  gboolean          loaded;

  /* The attached session's, borrowed: valid until detach. */
  VireoWorker      *worker;
  virConnectPtr     conn;
  guint             generation; /* bumped on attach and detach: late results are dropped */

  guint             refresh_source;
  gboolean          refresh_in_flight;
  gboolean          refresh_pending;

  guint             stats_interval;
  guint             stats_source;
  gboolean          stats_in_flight;
};

typedef struct
{
  VireoDomainTracker *tracker;
  virConnectPtr       conn;
  guint               generation;
} Job;

static Job *
job_new (VireoDomainTracker *self)
{
  Job *job = g_new0 (Job, 1);

  job->tracker = self;
  job->conn = self->conn;
  job->generation = self->generation;
  return job;
}

/* The task's source object is the owning connection: it keeps the tracker alive until the
 * callback ran. */
static GTask *
job_task (VireoDomainTracker  *self,
          GAsyncReadyCallback  callback)
{
  GTask *task = g_task_new (self->owner, NULL, callback, NULL);

  g_task_set_task_data (task, job_new (self), g_free);
  return task;
}

static gboolean
job_is_current (GAsyncResult *result)
{
  Job *job = g_task_get_task_data (G_TASK (result));

  return job->generation == job->tracker->generation && job->tracker->conn != NULL;
}

/* Opening a connection and its first listing leave a lot of freed memory behind, much of it in
 * the worker thread's malloc arena (the test driver parses its whole host there: 17 MiB for 1000
 * VMs), which glibc keeps. Handed back once the list has had its first frame. */
static gboolean
trim_heap_cb (gpointer data)
{
#if HAVE_MALLOC_TRIM
  gint64 start = g_get_monotonic_time ();

  malloc_trim (0);
  g_debug ("Trimmed the heap in %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - start);
#endif
  return G_SOURCE_REMOVE;
}

static void
set_loaded (VireoDomainTracker *self,
            gboolean            loaded)
{
  if (self->loaded == loaded)
    return;
  self->loaded = loaded;
  if (loaded)
    g_idle_add_full (G_PRIORITY_LOW, trim_heap_cb, NULL, NULL);
  self->on_loaded (self->owner);
}

/* Refresh */

static void
free_infos (gpointer data)
{
  g_ptr_array_unref (data);
}

static void
list_in_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_domain_info_free);
  virDomainPtr *domains = NULL;
  int n;

  g_debug ("Listing domains");
  n = virConnectListAllDomains (job->conn, &domains, 0);
  if (n < 0)
    {
      GError *error = NULL;
      vireo_set_error_from_libvirt (&error, _("Could not list the virtual machines."));
      g_task_return_error (task, error);
      return;
    }

  for (int i = 0; i < n; i++)
    {
      VireoDomainInfo *info = vireo_domain_info_new_from_virdomain (domains[i]);

      if (info != NULL)
        g_ptr_array_add (infos, info);
      virDomainFree (domains[i]);
    }
  free (domains);

  g_task_return_pointer (task, g_steal_pointer (&infos), free_infos);
}

static void run_refresh (VireoDomainTracker *self);

static void
apply_listing (VireoDomainTracker *self,
               GPtrArray          *infos)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  for (guint i = 0; i < infos->len; i++)
    {
      const VireoDomainInfo *info = g_ptr_array_index (infos, i);
      VireoDomain *domain = g_hash_table_lookup (self->by_uuid, info->uuid);

      g_hash_table_add (seen, info->uuid);
      if (domain != NULL)
        _vireo_domain_apply_info (domain, info);
      else
        {
          domain = _vireo_domain_new (self->owner, info);
          g_hash_table_insert (self->by_uuid, (gpointer) vireo_domain_get_uuid (domain), domain);
          g_ptr_array_add (added, domain);
        }
    }

  /* Gone from the daemon: remove, from the end so positions stay right. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->store), i - 1);

      if (!g_hash_table_contains (seen, vireo_domain_get_uuid (domain)))
        {
          g_hash_table_remove (self->by_uuid, vireo_domain_get_uuid (domain));
          g_list_store_remove (self->store, i - 1);
        }
    }

  /* One items-changed for every new domain at once. */
  if (added->len > 0)
    g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                         added->pdata, added->len);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  VireoDomainTracker *self = job->tracker;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;

  infos = g_task_propagate_pointer (G_TASK (result), &error);
  if (!job_is_current (result))
    return;

  self->refresh_in_flight = FALSE;
  if (infos != NULL)
    {
      g_debug ("Listed %u domains", infos->len);
      apply_listing (self, infos);
      g_debug ("Applied the listing");
      set_loaded (self, TRUE);
      g_debug ("Loaded");
    }
  else
    g_debug ("Refresh failed: %s", error->message);

  if (self->refresh_pending)
    {
      self->refresh_pending = FALSE;
      _vireo_domain_tracker_queue_refresh (self);
    }
}

static void
run_refresh (VireoDomainTracker *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->conn != NULL);

  self->refresh_in_flight = TRUE;
  task = job_task (self, on_listed);
  vireo_worker_run_task (self->worker, VIREO_WORKER_LANE_QUICK, task, list_in_worker);
}

static gboolean
on_refresh_timeout (gpointer data)
{
  VireoDomainTracker *self = data;

  self->refresh_source = 0;
  if (self->conn != NULL)
    run_refresh (self);
  return G_SOURCE_REMOVE;
}

void
_vireo_domain_tracker_queue_refresh (VireoDomainTracker *self)
{
  g_assert (VIREO_IS_MAIN_THREAD ());

  if (self->conn == NULL)
    return;
  if (self->refresh_in_flight)
    {
      self->refresh_pending = TRUE;
      return;
    }
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (REFRESH_COALESCE_MS, on_refresh_timeout, self);
}

void
_vireo_domain_tracker_lifecycle (VireoDomainTracker *self,
                                 const char         *uuid,
                                 int                 event,
                                 int                 detail)
{
  VireoDomain *domain = g_hash_table_lookup (self->by_uuid, uuid);

  g_assert (VIREO_IS_MAIN_THREAD ());

  /* Show the new state at once; the refresh that follows fills in the rest (id, reason …). */
  if (domain != NULL)
    {
      switch (event)
        {
        case VIR_DOMAIN_EVENT_STARTED:
        case VIR_DOMAIN_EVENT_RESUMED:
          _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_RUNNING, 0);
          break;
        case VIR_DOMAIN_EVENT_SUSPENDED:
          _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_PAUSED, 0);
          break;
        case VIR_DOMAIN_EVENT_STOPPED:
          _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_SHUTOFF, 0);
          break;
        case VIR_DOMAIN_EVENT_PMSUSPENDED:
          _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_PMSUSPENDED, 0);
          break;
        case VIR_DOMAIN_EVENT_CRASHED:
          _vireo_domain_set_state (domain, VIREO_DOMAIN_STATE_CRASHED, 0);
          break;
        default:
          break;
        }
    }

  _vireo_domain_tracker_queue_refresh (self);
}

/* Stats */

static void
free_samples (gpointer data)
{
  g_array_unref (data);
}

static void
sample_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  GArray *samples = vireo_stats_sample_all (job->conn, &error);

  if (samples == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, samples, free_samples);
}

static void
on_sampled (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  VireoDomainTracker *self = job->tracker;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GError) error = NULL;

  samples = g_task_propagate_pointer (G_TASK (result), &error);
  if (!job_is_current (result))
    return;

  self->stats_in_flight = FALSE;
  if (samples == NULL)
    {
      g_debug ("Stats failed: %s", error->message);
      return;
    }

  for (guint i = 0; i < samples->len; i++)
    {
      const VireoStatsSample *sample = &g_array_index (samples, VireoStatsSample, i);
      VireoDomain *domain = g_hash_table_lookup (self->by_uuid, sample->uuid);

      if (domain != NULL)
        _vireo_domain_apply_stats (domain, sample);
    }
}

static gboolean
on_stats_tick (gpointer data)
{
  VireoDomainTracker *self = data;
  g_autoptr(GTask) task = NULL;

  /* A slow host gets no second request piled on the first. */
  if (self->conn == NULL || self->stats_in_flight)
    return G_SOURCE_CONTINUE;

  self->stats_in_flight = TRUE;
  task = job_task (self, on_sampled);
  vireo_worker_run_task (self->worker, VIREO_WORKER_LANE_QUICK, task, sample_in_worker);
  return G_SOURCE_CONTINUE;
}

static void
restart_stats (VireoDomainTracker *self)
{
  g_clear_handle_id (&self->stats_source, g_source_remove);
  if (self->conn != NULL && self->stats_interval > 0)
    {
      self->stats_source = g_timeout_add_seconds (self->stats_interval, on_stats_tick, self);
      on_stats_tick (self);
    }
}

void
_vireo_domain_tracker_set_stats_interval (VireoDomainTracker *self,
                                          guint               seconds)
{
  if (self->stats_interval == seconds)
    return;
  self->stats_interval = seconds;
  restart_stats (self);
}

/* Life */

void
_vireo_domain_tracker_attach (VireoDomainTracker *self,
                              VireoWorker        *worker,
                              virConnectPtr       conn)
{
  g_assert (VIREO_IS_MAIN_THREAD ());

  self->generation++;
  self->worker = worker;
  self->conn = conn;
  self->refresh_in_flight = FALSE;
  self->refresh_pending = FALSE;
  self->stats_in_flight = FALSE;
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  run_refresh (self);
  restart_stats (self);
}

void
_vireo_domain_tracker_detach (VireoDomainTracker *self,
                              gboolean            forget)
{
  g_assert (VIREO_IS_MAIN_THREAD ());

  self->generation++;
  self->worker = NULL;
  self->conn = NULL;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->stats_source, g_source_remove);

  if (forget)
    {
      g_hash_table_remove_all (self->by_uuid);
      g_list_store_remove_all (self->store);
      set_loaded (self, FALSE);
    }
}

VireoDomainTracker *
_vireo_domain_tracker_new (VireoConnection  *owner,
                           void            (*on_loaded) (VireoConnection *owner))
{
  VireoDomainTracker *self = g_new0 (VireoDomainTracker, 1);

  self->owner = owner;
  self->on_loaded = on_loaded;
  self->store = g_list_store_new (VIREO_TYPE_DOMAIN);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  self->stats_interval = DEFAULT_STATS_INTERVAL_S;

  return self;
}

void
_vireo_domain_tracker_free (VireoDomainTracker *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_hash_table_unref (self->by_uuid);
  g_object_unref (self->store);
  g_free (self);
}

GListModel *
_vireo_domain_tracker_get_model (VireoDomainTracker *self)
{
  return G_LIST_MODEL (self->store);
}

gboolean
_vireo_domain_tracker_get_loaded (VireoDomainTracker *self)
{
  return self->loaded;
}

VireoDomain *
_vireo_domain_tracker_lookup (VireoDomainTracker *self,
                              const char         *uuid)
{
  return uuid ? g_hash_table_lookup (self->by_uuid, uuid) : NULL;
}

VireoDomain *
_vireo_domain_tracker_lookup_by_name (VireoDomainTracker *self,
                                      const char         *name)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_uuid);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (vireo_domain_get_name (value), name) == 0)
      return value;

  return NULL;
}
