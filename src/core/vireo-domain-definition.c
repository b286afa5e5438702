/* vireo-domain-definition.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-definition"

#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-apply.h"
#include "vireo-domain-definition.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"

/*
 * The details pages' reads: the inactive XML and the live one. Both run on the connection's worker
 * and look the VM up by UUID (names change). A new definition is vireo-domain-apply.c's.
 */

typedef struct
{
  char          *uuid;
  char          *domain_name;
  unsigned int   flags;       /* virDomainGetXMLDesc's */
  virConnectPtr  conn;
} Job;

static void
job_free (Job *job)
{
  g_free (job->uuid);
  g_free (job->domain_name);
  g_free (job);
}

static void
fetch_in_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virDomain) domain = virDomainLookupByUUIDString (job->conn, job->uuid);
  g_autofree char *xml = NULL;
  GError *error = NULL;

  if (domain != NULL && job->flags != VIR_DOMAIN_XML_INACTIVE && virDomainIsActive (domain) != 1)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("'%s' is not running."), job->domain_name);
      return;
    }
  if (domain == NULL ||
      (xml = virDomainGetXMLDesc (domain, job->flags)) == NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("The definition of '%s' could not be read."),
                                                   job->domain_name);

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&xml), g_free);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  char *xml = g_task_propagate_pointer (G_TASK (result), &error);

  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, xml, g_free);
}

static void
start_job (VireoDomain         *self,
           Job                 *job,
           GTaskThreadFunc      func,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  VireoConnection *connection = vireo_domain_get_connection (self);
  VireoWorker *worker = connection ? vireo_connection_get_worker (connection) : NULL;

  g_task_set_source_tag (outer, source_tag);

  if (worker == NULL)
    {
      job_free (job);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection of '%s' is not open."), vireo_domain_get_name (self));
      return;
    }

  job->uuid = g_strdup (vireo_domain_get_uuid (self));
  job->domain_name = g_strdup (vireo_domain_get_name (self));
  job->conn = vireo_connection_get_virconnect (connection);

  inner = g_task_new (NULL, cancellable, on_job_done, g_steal_pointer (&outer));
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, inner, func);
}

/**
 * vireo_domain_fetch_xml_async:
 * @self: a #VireoDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the XML
 * @user_data: for @callback
 *
 * Reads the VM's persistent definition, what the details pages show and edit.
 */
void
vireo_domain_fetch_xml_async (VireoDomain         *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);

  job->flags = VIR_DOMAIN_XML_INACTIVE;
  start_job (self, job, fetch_in_worker, vireo_domain_fetch_xml_async, cancellable, callback, user_data);
}

/* Returns the XML (transfer full), or NULL with @error set. */
char *
vireo_domain_fetch_xml_finish (VireoDomain   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vireo_domain_fetch_live_xml_async:
 * @self: a running #VireoDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the XML
 * @user_data: for @callback
 *
 * Reads the running VM's live XML (virsh dumpxml), what the details compare the definition with
 * to show what applies at the next boot. Fails with VIREO_ERROR_INVALID_ARGUMENT when the VM does
 * not run.
 */
void
vireo_domain_fetch_live_xml_async (VireoDomain         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  start_job (self, g_new0 (Job, 1), fetch_in_worker, vireo_domain_fetch_live_xml_async,
             cancellable, callback, user_data);
}

char *
vireo_domain_fetch_live_xml_finish (VireoDomain   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vireo_domain_define_xml_async:
 * @self: a #VireoDomain
 * @xml: the VM's new definition, with its UUID
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Replaces the VM's definition with @xml, validated by libvirt against its schema: what
 * vireo_domain_apply_async() does with nothing to make live.
 */
void
vireo_domain_define_xml_async (VireoDomain         *self,
                               const char          *xml,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  vireo_domain_apply_async (self, xml, NULL, cancellable, callback, user_data);
}

gboolean
vireo_domain_define_xml_finish (VireoDomain   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return vireo_domain_apply_finish (self, result, NULL, NULL, error);
}
