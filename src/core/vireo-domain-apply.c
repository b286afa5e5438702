/* vireo-domain-apply.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-apply"

#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-apply.h"
#include "vireo-domain-tracker.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"

VireoLiveChange *
vireo_live_change_new_device (VireoLiveChangeKind  kind,
                              const char          *device_xml)
{
  VireoLiveChange *change;

  g_return_val_if_fail (kind == VIREO_LIVE_CHANGE_ATTACH_DEVICE ||
                        kind == VIREO_LIVE_CHANGE_UPDATE_DEVICE ||
                        kind == VIREO_LIVE_CHANGE_DETACH_DEVICE, NULL);
  g_return_val_if_fail (device_xml != NULL, NULL);

  change = g_new0 (VireoLiveChange, 1);
  change->kind = kind;
  change->device_xml = g_strdup (device_xml);
  return change;
}

VireoLiveChange *
vireo_live_change_new_value (VireoLiveChangeKind kind,
                             guint64             value)
{
  VireoLiveChange *change;

  g_return_val_if_fail (kind == VIREO_LIVE_CHANGE_VCPUS || kind == VIREO_LIVE_CHANGE_MEMORY, NULL);

  change = g_new0 (VireoLiveChange, 1);
  change->kind = kind;
  change->value = value;
  return change;
}

void
vireo_live_change_free (VireoLiveChange *change)
{
  if (change == NULL)
    return;
  g_free (change->device_xml);
  g_free (change);
}

GPtrArray *
vireo_live_changes_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_live_change_free);
}

/*
 * Apply: virsh define --validate, then (the VM running) attach-device/update-device/detach-device
 * --live, setvcpus --live, setmem --live, in order, on the connection's worker. The definition goes
 * first: it is what must never be half done. A live change libvirt refuses stops the rest, which
 * the new definition carries to the next boot.
 */

typedef struct
{
  char              *domain_name;
  char              *xml;
  GPtrArray         *live_changes;   /* VireoLiveChange */
  virConnectPtr      conn;

  /* Results */
  VireoDomainApplied applied;
  char              *pending_reason;
} Job;

static void
job_free (Job *job)
{
  g_free (job->domain_name);
  g_free (job->xml);
  g_clear_pointer (&job->live_changes, g_ptr_array_unref);
  g_free (job->pending_reason);
  g_free (job);
}

static int
make_live (virDomainPtr           domain,
           const VireoLiveChange *change)
{
  switch (change->kind)
    {
    case VIREO_LIVE_CHANGE_ATTACH_DEVICE:
      return virDomainAttachDeviceFlags (domain, change->device_xml, VIR_DOMAIN_AFFECT_LIVE);
    case VIREO_LIVE_CHANGE_UPDATE_DEVICE:
      return virDomainUpdateDeviceFlags (domain, change->device_xml, VIR_DOMAIN_AFFECT_LIVE);
    case VIREO_LIVE_CHANGE_DETACH_DEVICE:
      return virDomainDetachDeviceFlags (domain, change->device_xml, VIR_DOMAIN_AFFECT_LIVE);
    case VIREO_LIVE_CHANGE_VCPUS:
      return virDomainSetVcpusFlags (domain, (unsigned int) change->value, VIR_DOMAIN_AFFECT_LIVE);
    case VIREO_LIVE_CHANGE_MEMORY:
      return virDomainSetMemoryFlags (domain, (unsigned long) change->value, VIR_DOMAIN_AFFECT_LIVE);
    default:
      g_assert_not_reached ();
    }
}

static void
apply_in_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virDomain) domain = NULL;
  GError *error = NULL;

  domain = virDomainDefineXMLFlags (job->conn, job->xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (domain == NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("The new definition of '%s' was refused."),
                                                   job->domain_name);

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }

  job->applied = VIREO_DOMAIN_APPLIED_DEFINED;
  if (job->live_changes == NULL || job->live_changes->len == 0 || virDomainIsActive (domain) != 1)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  job->applied = VIREO_DOMAIN_APPLIED_LIVE;
  for (guint i = 0; i < job->live_changes->len; i++)
    {
      if (make_live (domain, g_ptr_array_index (job->live_changes, i)) < 0)
        {
          virErrorPtr last = virGetLastError ();

          job->applied = VIREO_DOMAIN_APPLIED_PENDING;
          job->pending_reason = g_strdup (last != NULL && last->message != NULL
                                          ? last->message : _("The running VM refused the change."));
          virResetLastError ();
          break;
        }
    }

  /* Defined, so never reported as cancelled: the caller must learn what the VM now is. */
  g_task_return_boolean (task, TRUE);
}

static void
on_applied_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VireoDomain *self = g_task_get_source_object (outer);
  VireoConnection *connection = vireo_domain_get_connection (self);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* A new title, a rename, persistence, vCPUs: what the list shows follows. */
  if (connection != NULL)
    _vireo_domain_tracker_queue_refresh (_vireo_connection_get_tracker (connection));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (outer, GINT_TO_POINTER (job->applied), NULL);
  g_object_set_data_full (G_OBJECT (outer), "pending-reason", g_steal_pointer (&job->pending_reason), g_free);
  g_task_return_boolean (outer, TRUE);
}

/* The definition must be this VM's: with another UUID libvirt would define a second VM; with
 * another name it refuses. */
static gboolean
check_definition (VireoDomain  *self,
                  const char   *xml,
                  GError      **error)
{
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, error);

  if (config == NULL)
    return FALSE;

  if (config->uuid == NULL || g_ascii_strcasecmp (config->uuid, vireo_domain_get_uuid (self)) != 0)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   _("The definition's UUID '%s' is not the UUID of '%s' ('%s'): "
                     "put its UUID back to change this VM."),
                   config->uuid != NULL ? config->uuid : "",
                   vireo_domain_get_name (self), vireo_domain_get_uuid (self));
      return FALSE;
    }
  /* libvirt cannot rename through a definition (it says the UUID is taken, which misleads). */
  if (g_strcmp0 (config->name, vireo_domain_get_name (self)) != 0)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   _("A definition cannot rename '%s' to '%s': put the name back, and use Rename in the "
                     "VM list (with the VM shut off)."),
                   vireo_domain_get_name (self), config->name != NULL ? config->name : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * vireo_domain_apply_async:
 * @self: a #VireoDomain
 * @xml: the VM's new definition, with its UUID
 * @live_changes: (nullable) (element-type VireoLiveChange): the same change for the running VM
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * See vireo-domain-apply.h.
 */
void
vireo_domain_apply_async (VireoDomain         *self,
                          const char          *xml,
                          GPtrArray           *live_changes,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(GError) error = NULL;
  VireoConnection *connection;
  VireoWorker *worker;
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (xml != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_apply_async);
  /* Once defined, the outcome is reported even when cancelled meanwhile. */
  g_task_set_check_cancellable (outer, FALSE);

  if (!check_definition (self, xml, &error))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  connection = vireo_domain_get_connection (self);
  worker = connection ? vireo_connection_get_worker (connection) : NULL;
  if (worker == NULL)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection of '%s' is not open."), vireo_domain_get_name (self));
      return;
    }

  job = g_new0 (Job, 1);
  job->domain_name = g_strdup (vireo_domain_get_name (self));
  job->xml = g_strdup (xml);
  job->live_changes = live_changes ? g_ptr_array_ref (live_changes) : NULL;
  job->conn = vireo_connection_get_virconnect (connection);

  inner = g_task_new (NULL, NULL, on_applied_cb, g_steal_pointer (&outer));
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, inner, apply_in_worker);
}

/**
 * vireo_domain_apply_finish:
 * @self: a #VireoDomain
 * @result: the result
 * @applied: (out) (optional): what was applied
 * @pending_reason: (out) (optional) (transfer full): libvirt's refusal of a live change, or %NULL
 * @error: return location for an error
 *
 * Returns: %TRUE when the definition was replaced
 */
gboolean
vireo_domain_apply_finish (VireoDomain         *self,
                           GAsyncResult        *result,
                           VireoDomainApplied  *applied,
                           char               **pending_reason,
                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (applied != NULL)
    *applied = GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result)));
  if (pending_reason != NULL)
    *pending_reason = g_strdup (g_object_get_data (G_OBJECT (result), "pending-reason"));
  return g_task_propagate_boolean (G_TASK (result), error);
}
