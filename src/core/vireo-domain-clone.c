/* vireo-domain-clone.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-clone"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-clone-private.h"
#include "vireo-domain-tracker.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-xml-private.h"

/* A full clone: every disk copied with virStorageVolCreateXMLFrom. See vireo-domain-clone-common.c. */

/* Full clone ------------------------------------------------------------------------------------ */

static void
clone_run (GTask *task,
           Job   *job)
{
  g_autoptr(virDomain) source = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  g_autofree char *xml = NULL;
  Created created;
  double total = 0, base = 0;
  GError *error = NULL;
  virDomainPtr defined;

  source = _vireo_clone_lookup_inactive_source (job, FALSE, &error);
  if (source == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (_vireo_clone_domain_exists (job->conn, job->new_name))
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("Another virtual machine is already named '%s'."), job->new_name);
      return;
    }

  if ((doc = _vireo_clone_read_definition (source, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  context = _vireo_xml_context_new (doc);
  if ((disks = _vireo_clone_collect_disks (job->conn, context, job->source_name, FALSE, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Every name checked before minutes of copying. */
  for (guint i = 0; i < disks->len; i++)
    {
      CloneDisk *disk = g_ptr_array_index (disks, i);
      g_autofree char *extension = _vireo_clone_copy_extension (disk);

      disk->new_volume = _vireo_clone_volume_name_for (job->new_name, disk, i, extension);
      for (guint j = 0; j < i; j++)
        {
          CloneDisk *other = g_ptr_array_index (disks, j);

          if (g_str_equal (other->new_volume, disk->new_volume) &&
              g_str_equal (other->pool_name, disk->pool_name))
            {
              g_free (disk->new_volume);
              disk->new_volume = g_strdup_printf ("%s-%u%s%s", job->new_name, i,
                                                  extension ? "." : "", extension ? extension : "");
            }
        }
      if (_vireo_clone_volume_exists (job->conn, disk->pool_name, disk->new_volume))
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                                   _("A volume named '%s' already exists in the storage pool '%s'."),
                                   disk->new_volume, disk->pool_name);
          return;
        }
      total += MAX (disk->allocation, 1);
    }

  _vireo_clone_created_init (&created);
  for (guint i = 0; i < disks->len; i++)
    {
      CloneDisk *disk = g_ptr_array_index (disks, i);
      double weight = MAX (disk->allocation, 1) / total;
      g_autoptr(virStoragePool) pool = NULL;
      g_autoptr(virStorageVol) input = NULL;
      g_autofree char *volume_xml = NULL;
      g_autofree char *new_path = NULL;
      g_autofree char *watch_path = NULL;
      virStorageVolPtr copy;

      if (_vireo_clone_return_if_cancelled (task, &created))
        goto out;

      volume_xml = _vireo_clone_copy_volume_xml (disk, disk->new_volume, &error);
      if (volume_xml == NULL)
        {
          _vireo_clone_return_failure (task, &created, error);
          goto out;
        }

      /* File pools name a volume's file after it; on this machine, it can be watched growing. */
      if (job->local && disk->pool_target != NULL && disk->pool_type != NULL &&
          _vireo_clone_pool_holds_qcow2 (disk->pool_type))
        watch_path = g_build_filename (disk->pool_target, disk->new_volume, NULL);
      _vireo_clone_post_progress (job, watch_path, base, weight, MAX (disk->allocation, 1));
      pool = virStoragePoolLookupByName (job->conn, disk->pool_name);
      input = pool ? virStorageVolLookupByPath (job->conn, disk->path) : NULL;
      copy = input ? virStorageVolCreateXMLFrom (pool, volume_xml, input, 0) : NULL;
      if (copy == NULL)
        {
          g_autofree char *fallback = g_strdup_printf (_("The disk '%s' could not be copied."),
                                                       disk->path);

          vireo_set_error_from_libvirt (&error, fallback);
          _vireo_clone_return_failure (task, &created, error);
          goto out;
        }
      g_ptr_array_add (created.volumes, copy);

      new_path = virStorageVolGetPath (copy);
      if (new_path == NULL)
        {
          vireo_set_error_from_libvirt (&error, NULL);
          _vireo_clone_return_failure (task, &created, error);
          goto out;
        }
      _vireo_clone_retarget_copy (context, disk, new_path);
      base += weight;
    }
  _vireo_clone_post_progress (job, NULL, base, 0, 0);

  if (_vireo_clone_return_if_cancelled (task, &created))
    goto out;

  _vireo_clone_make_new_identity (context, job->new_name);
  xml = _vireo_xml_to_string (doc);
  defined = _vireo_clone_define (job->conn, xml);
  if (defined == NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("'%s' could not be defined."), job->new_name);

      vireo_set_error_from_libvirt (&error, fallback);
      _vireo_clone_return_failure (task, &created, error);
      goto out;
    }
  virDomainFree (defined);
  _vireo_clone_post_progress (job, NULL, 1.0, 0, 0);
  g_task_return_boolean (task, TRUE);

out:
  _vireo_clone_created_clear (&created);
}

static void
clone_in_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;

  if (!g_task_return_error_if_cancelled (task))
    clone_run (task, job);
  _vireo_clone_job_close_connection (job);
}

/**
 * vireo_domain_clone_async:
 * @source: a shut-off #VireoDomain
 * @new_name: the clone's name
 * @cancellable: (nullable): a #GCancellable, honoured between disks (a copy under way finishes,
 *   then everything is removed)
 * @progress_callback: (nullable) (scope call): called with the fraction done
 * @progress_data: for @progress_callback
 * @callback: called when done
 * @user_data: for @callback
 *
 * Makes a full copy of @source: see the header. A refresh of the connection's list is queued
 * afterwards. Must be called from the main thread.
 */
void
vireo_domain_clone_async (VireoDomain                *source,
                          const char                 *new_name,
                          GCancellable               *cancellable,
                          VireoCloneProgressCallback  progress_callback,
                          gpointer                    progress_data,
                          GAsyncReadyCallback         callback,
                          gpointer                    user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autofree char *refusal = NULL;
  Progress *progress;
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (source));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  outer = g_task_new (source, cancellable, callback, user_data);
  /* What the worker did is what is reported, even if cancelled meanwhile. */
  g_task_set_check_cancellable (outer, FALSE);
  g_task_set_source_tag (outer, vireo_domain_clone_async);

  refusal = _vireo_clone_check_new_name (source, new_name);
  if (refusal == NULL && vireo_domain_get_is_active (source))
    refusal = g_strdup_printf (_("'%s' is running: shut it down first, then clone it."),
                               vireo_domain_get_name (source));
  if (refusal != NULL)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, "%s", refusal);
      return;
    }

  progress = g_rc_box_new0 (Progress);
  progress->callback = progress_callback;
  progress->data = progress_data;
  progress->reported = -1;

  job = g_new0 (Job, 1);
  job->new_name = g_strdup (new_name);
  job->progress = progress;
  _vireo_clone_queue_long_job (source, outer, job, clone_in_worker);
}

gboolean
vireo_domain_clone_finish (VireoDomain   *source,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
