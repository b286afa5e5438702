/* vireo-domain-linked-clones.c
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

/* Linked clones: qcow2 overlays backed by the template's disks. See vireo-domain-clone-common.c. */

/* How far past the last taken number linked clones look for free names. */
#define MAX_NAME_SEARCH  10000

/* Linked clones ---------------------------------------------------------------------------------- */

/* Whether "<name>" is free as a VM name and as every volume name a clone would need. */
static gboolean
clone_name_free (virConnectPtr  conn,
                 GPtrArray     *disks,
                 const char    *name)
{
  if (_vireo_clone_domain_exists (conn, name))
    return FALSE;

  for (guint i = 0; i < disks->len; i++)
    {
      CloneDisk *disk = g_ptr_array_index (disks, i);
      g_autofree char *volume = _vireo_clone_volume_name_for (name, disk, i, "qcow2");

      if (_vireo_clone_volume_exists (conn, disk->pool_name, volume))
        return FALSE;
    }
  return TRUE;
}

static void
linked_run (GTask *task,
            Job   *job)
{
  g_autoptr(virDomain) template_ = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autofree char *template_xml = NULL;
  Created created;
  GError *error = NULL;

  template_ = _vireo_clone_lookup_inactive_source (job, TRUE, &error);
  if (template_ == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if ((doc = _vireo_clone_read_definition (template_, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  context = _vireo_xml_context_new (doc);
  if ((disks = _vireo_clone_collect_disks (job->conn, context, job->source_name, TRUE, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  template_xml = _vireo_xml_to_string (doc);

  /* "<template>-N", skipping what is taken: clones made earlier stay as they are. */
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint number = 1; names->len < job->n_clones; number++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", job->source_name, number);

      if (number > job->n_clones + MAX_NAME_SEARCH)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                                   _("No free names were found for clones of '%s'."),
                                   job->source_name);
          return;
        }
      if (clone_name_free (job->conn, disks, name))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }

  _vireo_clone_created_init (&created);
  for (guint c = 0; c < names->len; c++)
    {
      const char *name = g_ptr_array_index (names, c);
      g_autoptr(xmlDoc) clone_doc = NULL;
      g_autoptr(xmlXPathContext) clone_context = NULL;
      g_autofree char *clone_xml = NULL;
      virDomainPtr defined;

      if (_vireo_clone_return_if_cancelled (task, &created))
        goto out;

      /* Each clone edits its own copy of the template's definition. */
      clone_doc = _vireo_xml_parse (template_xml, &error);
      if (clone_doc == NULL)
        {
          _vireo_clone_return_failure (task, &created, error);
          goto out;
        }
      clone_context = _vireo_xml_context_new (clone_doc);

      for (guint i = 0; i < disks->len; i++)
        {
          CloneDisk *disk = g_ptr_array_index (disks, i);
          g_autofree char *volume_name = _vireo_clone_volume_name_for (name, disk, i, "qcow2");
          g_autofree char *volume_xml = _vireo_clone_overlay_volume_xml (disk, volume_name);
          g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (job->conn, disk->pool_name);
          g_autofree char *new_path = NULL;
          virStorageVolPtr overlay = pool ? virStorageVolCreateXML (pool, volume_xml, 0) : NULL;

          if (overlay == NULL)
            {
              g_autofree char *fallback = g_strdup_printf (_("The overlay '%s' could not be created."),
                                                           volume_name);

              vireo_set_error_from_libvirt (&error, fallback);
              _vireo_clone_return_failure (task, &created, error);
              goto out;
            }
          g_ptr_array_add (created.volumes, overlay);

          new_path = virStorageVolGetPath (overlay);
          if (new_path == NULL)
            {
              vireo_set_error_from_libvirt (&error, NULL);
              _vireo_clone_return_failure (task, &created, error);
              goto out;
            }
          _vireo_clone_retarget_overlay (clone_context, disk, new_path);
        }

      _vireo_clone_make_new_identity (clone_context, name);
      clone_xml = _vireo_xml_to_string (clone_doc);
      defined = _vireo_clone_define (job->conn, clone_xml);
      if (defined == NULL)
        {
          g_autofree char *fallback = g_strdup_printf (_("'%s' could not be defined."), name);

          vireo_set_error_from_libvirt (&error, fallback);
          _vireo_clone_return_failure (task, &created, error);
          goto out;
        }
      g_ptr_array_add (created.domains, defined);
    }

  g_ptr_array_add (names, NULL);
  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&names), FALSE),
                         (GDestroyNotify) g_strfreev);

out:
  _vireo_clone_created_clear (&created);
}

static void
linked_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;

  if (!g_task_return_error_if_cancelled (task))
    linked_run (task, job);
  _vireo_clone_job_close_connection (job);
}

/**
 * vireo_domain_create_linked_clones_async:
 * @template_: a shut-off #VireoDomain whose disks are in directory-like pools
 * @n_clones: how many, at least 1
 * @cancellable: (nullable): a #GCancellable, honoured between clones
 * @callback: called when done
 * @user_data: for @callback
 *
 * Makes @n_clones linked clones of @template_: see the header. A refresh of the connection's list
 * is queued afterwards. Must be called from the main thread.
 */
void
vireo_domain_create_linked_clones_async (VireoDomain         *template_,
                                         guint                n_clones,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (template_));
  g_return_if_fail (n_clones > 0);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  outer = g_task_new (template_, cancellable, callback, user_data);
  /* What the worker did is what is reported, even if cancelled meanwhile. */
  g_task_set_check_cancellable (outer, FALSE);
  g_task_set_source_tag (outer, vireo_domain_create_linked_clones_async);

  if (vireo_domain_get_is_active (template_))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("'%s' is running: shut it down first, then create linked clones of it."),
                               vireo_domain_get_name (template_));
      return;
    }

  job = g_new0 (Job, 1);
  job->n_clones = n_clones;
  _vireo_clone_queue_long_job (template_, outer, job, linked_in_worker);
}

char **
vireo_domain_create_linked_clones_finish (VireoDomain   *template_,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, template_), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
