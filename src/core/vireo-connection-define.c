/* vireo-connection-define.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-connection-define"

#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib/gi18n.h>

#include "vireo-connection-define.h"
#include "vireo-core.h"
#include "vireo-domain-config.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-tracker.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"

typedef struct
{
  char          *xml;
  char          *name;
  char          *uuid;    /* NULL: libvirt makes one */
  virConnectPtr  conn;
} Job;

static void
job_free (Job *job)
{
  g_free (job->xml);
  g_free (job->name);
  g_free (job->uuid);
  g_free (job);
}

static void
define_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virDomain) existing = NULL;
  g_autoptr(virDomain) defined = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN];
  GError *error = NULL;

  if ((existing = virDomainLookupByName (job->conn, job->name)) != NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("A virtual machine named '%s' already exists: change the name in the "
                                 "file, or edit that VM in its XML tab."), job->name);
      return;
    }
  if (job->uuid != NULL && (existing = virDomainLookupByUUIDString (job->conn, job->uuid)) != NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("The virtual machine '%s' already has the UUID '%s': remove the "
                                 "<uuid> element from the file for a new one."),
                               virDomainGetName (existing), job->uuid);
      return;
    }
  virResetLastError ();

  defined = virDomainDefineXMLFlags (job->conn, job->xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (defined == NULL || virDomainGetUUIDString (defined, uuid) < 0)
    {
      g_autofree char *fallback = g_strdup_printf (_("The definition of '%s' was refused."), job->name);

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_strdup (uuid), g_free);
}

static void
on_defined_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VireoConnection *connection = g_task_get_source_object (outer);
  g_autoptr(GError) error = NULL;
  char *uuid = g_task_propagate_pointer (G_TASK (result), &error);

  if (uuid == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  _vireo_domain_tracker_queue_refresh (_vireo_connection_get_tracker (connection));
  g_task_return_pointer (outer, uuid, g_free);
}

/**
 * vireo_connection_define_domain_async:
 * @connection: a connected #VireoConnection
 * @xml: the new VM's definition
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * See vireo-connection-define.h.
 */
void
vireo_connection_define_domain_async (VireoConnection     *connection,
                                      const char          *xml,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  VireoWorker *worker;
  Job *job;

  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (xml != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  outer = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_connection_define_domain_async);
  /* Once defined, the new VM is reported even when cancelled meanwhile. */
  g_task_set_check_cancellable (outer, FALSE);

  if (!vireo_domain_edit_validate_xml (xml, NULL, &error) ||
      (config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error)) == NULL)
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  if (config->name == NULL || *config->name == '\0')
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                               _("The definition has no <name>: give the virtual machine one."));
      return;
    }

  worker = vireo_connection_get_worker (connection);
  if (worker == NULL)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("'%s' is not connected."), vireo_connection_get_label (connection));
      return;
    }

  job = g_new0 (Job, 1);
  job->xml = g_strdup (xml);
  job->name = g_strdup (config->name);
  job->uuid = g_strdup (config->uuid);
  job->conn = vireo_connection_get_virconnect (connection);

  inner = g_task_new (NULL, cancellable, on_defined_cb, g_steal_pointer (&outer));
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, inner, define_in_worker);
}

/* Returns: (transfer full): the new VM's UUID, or %NULL with @error set */
char *
vireo_connection_define_domain_finish (VireoConnection  *connection,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
