/* vireo-domain-actions.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-actions"

#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-tracker.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-xml-private.h"

/*
 * The everyday virsh verbs, run on the VM's connection worker. Each job looks the domain up by
 * UUID (names change), does one libvirt call and reports libvirt's own error. The list follows
 * through the lifecycle events, and a refresh is queued after every action for what events do
 * not tell (autostart, managed save, a rename).
 */

typedef enum
{
  OP_ACTION,
  OP_AUTOSTART,
  OP_RENAME,
  OP_HAS_TABLET,
  OP_ADD_TABLET,
  OP_RUN_WITH_TCG,
} Op;

typedef struct
{
  Op                 op;
  VireoDomainAction  action;
  gboolean           autostart;
  char              *new_name;
  char              *uuid;
  char              *domain_name;
  virConnectPtr      conn;
} Job;

static void
job_free (Job *job)
{
  g_free (job->new_name);
  g_free (job->uuid);
  g_free (job->domain_name);
  g_free (job);
}

gboolean
vireo_domain_can_run_action (VireoDomain       *self,
                             VireoDomainAction  action)
{
  VireoDomainState state;
  gboolean active;

  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);

  state = vireo_domain_get_state (self);
  active = vireo_domain_get_is_active (self);

  switch (action)
    {
    case VIREO_DOMAIN_ACTION_START:
      return !active;
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
    case VIREO_DOMAIN_ACTION_REBOOT:
      return state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_BLOCKED;
    case VIREO_DOMAIN_ACTION_RESET:
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return active;
    case VIREO_DOMAIN_ACTION_PAUSE:
      return state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_BLOCKED;
    case VIREO_DOMAIN_ACTION_RESUME:
      return state == VIREO_DOMAIN_STATE_PAUSED;
    case VIREO_DOMAIN_ACTION_SAVE:
      return vireo_domain_get_persistent (self) &&
             (state == VIREO_DOMAIN_STATE_RUNNING || state == VIREO_DOMAIN_STATE_PAUSED ||
              state == VIREO_DOMAIN_STATE_BLOCKED);
    case VIREO_DOMAIN_ACTION_DISCARD_SAVE:
      return !active && vireo_domain_get_has_managed_save (self);
    default:
      return FALSE;
    }
}

const char *
vireo_domain_action_to_label (VireoDomainAction action)
{
  switch (action)
    {
    case VIREO_DOMAIN_ACTION_START:
      return C_("vm action", "Run");
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
      return C_("vm action", "Shut Down");
    case VIREO_DOMAIN_ACTION_REBOOT:
      return C_("vm action", "Reboot");
    case VIREO_DOMAIN_ACTION_RESET:
      return C_("vm action", "Force Reset");
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return C_("vm action", "Force Off");
    case VIREO_DOMAIN_ACTION_PAUSE:
      return C_("vm action", "Pause");
    case VIREO_DOMAIN_ACTION_RESUME:
      return C_("vm action", "Resume");
    case VIREO_DOMAIN_ACTION_SAVE:
      return C_("vm action", "Save");
    case VIREO_DOMAIN_ACTION_DISCARD_SAVE:
      return C_("vm action", "Discard Saved State");
    default:
      return "";
    }
}

static int
run_libvirt_action (virDomainPtr      domain,
                    VireoDomainAction action)
{
  switch (action)
    {
    case VIREO_DOMAIN_ACTION_START:
      return virDomainCreate (domain);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
      return virDomainShutdown (domain);
    case VIREO_DOMAIN_ACTION_REBOOT:
      return virDomainReboot (domain, 0);
    case VIREO_DOMAIN_ACTION_RESET:
      return virDomainReset (domain, 0);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return virDomainDestroy (domain);
    case VIREO_DOMAIN_ACTION_PAUSE:
      return virDomainSuspend (domain);
    case VIREO_DOMAIN_ACTION_RESUME:
      return virDomainResume (domain);
    case VIREO_DOMAIN_ACTION_SAVE:
      return virDomainManagedSave (domain, 0);
    case VIREO_DOMAIN_ACTION_DISCARD_SAVE:
      return virDomainManagedSaveRemove (domain, 0);
    default:
      g_assert_not_reached ();
    }
}

/**
 * vireo_domain_xml_has_tablet:
 * @xml: a domain's XML
 *
 * Returns: %TRUE when the domain has an absolute pointing device (a USB or virtio tablet), the
 *   device that lets a VNC pointer follow the local one
 */
gboolean
vireo_domain_xml_has_tablet (const char *xml)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;

  g_return_val_if_fail (xml != NULL, FALSE);

  if ((doc = _vireo_xml_parse (xml, NULL)) == NULL)
    return FALSE;
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_find_node (context, NULL, "/domain/devices/input[@type='tablet']") != NULL;
}

/**
 * vireo_domain_xml_use_tcg:
 * @xml: a domain's (inactive) XML
 * @error: return location for a #GError
 *
 * The same VM as a QEMU software-emulated (TCG) guest, for hosts where KVM does not work:
 * type='qemu', and a <cpu> that only KVM can give (host-passthrough, host-model) removed so QEMU
 * picks its default model. Everything else, unknown elements included, is kept.
 *
 * Returns: (transfer full): the new XML, or %NULL (VIREO_ERROR_INVALID_XML)
 */
char *
vireo_domain_xml_use_tcg (const char  *xml,
                          GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  xmlNode *root;

  g_return_val_if_fail (xml != NULL, NULL);

  if ((doc = _vireo_xml_parse (xml, error)) == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domain"))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML, _("This is not a domain's XML."));
      return NULL;
    }

  context = _vireo_xml_context_new (doc);
  _vireo_xml_set_attribute (root, "type", "qemu");
  _vireo_xml_remove_nodes (context, root, "./cpu[@mode='host-passthrough' or @mode='host-model']");
  return _vireo_xml_to_string (doc);
}

/* The persistent definition switched to TCG (see vireo_domain_xml_use_tcg), then started. */
static int
run_with_tcg (virDomainPtr   domain,
              GError       **error)
{
  virConnectPtr conn = virDomainGetConnect (domain);
  g_autofree char *xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  g_autofree char *tcg = NULL;
  g_autoptr(virDomain) defined = NULL;

  if (xml == NULL)
    return -1;
  /* Not libvirt's error: reported as is, not from libvirt's last error. */
  if ((tcg = vireo_domain_xml_use_tcg (xml, error)) == NULL)
    return -1;
  if ((defined = virDomainDefineXMLFlags (conn, tcg, VIR_DOMAIN_DEFINE_VALIDATE)) == NULL)
    return -1;
  return virDomainCreate (defined);
}

/* A USB tablet, in the running VM (hot-plugged) and in its configuration. The bus is USB: every
 * x86 machine type libvirt gives a USB controller, and guests of any age have the driver. */
static int
add_tablet (virDomainPtr domain)
{
  static const char tablet_xml[] = "<input type='tablet' bus='usb'/>";
  unsigned int flags = 0;
  int active = virDomainIsActive (domain);
  int persistent = virDomainIsPersistent (domain);
  g_autofree char *xml = NULL;

  if (active < 0 || persistent < 0)
    return -1;

  /* Only where it is missing: adding a second one to the config would fail the next boot. */
  if (active == 1)
    {
      if ((xml = virDomainGetXMLDesc (domain, 0)) == NULL)
        return -1;
      if (!vireo_domain_xml_has_tablet (xml))
        flags |= VIR_DOMAIN_AFFECT_LIVE;
      g_clear_pointer (&xml, g_free);
    }
  if (persistent == 1)
    {
      if ((xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)) == NULL)
        return -1;
      if (!vireo_domain_xml_has_tablet (xml))
        flags |= VIR_DOMAIN_AFFECT_CONFIG;
    }

  if (flags == 0)
    return 0;

  return virDomainAttachDeviceFlags (domain, tablet_xml, flags);
}

/* Why a start failed: VIREO_ERROR_KVM_UNAVAILABLE when @domain is a kvm guest and libvirt says
 * KVM does not work here (the list then offers TCG), else libvirt's own error. */
static GError *
start_failure (virDomainPtr  domain,
               const char   *fallback)
{
  virErrorPtr last = virSaveLastError ();
  g_autofree char *xml = NULL;
  GError *error;

  /* Reading the XML replaces libvirt's last error: it was saved first. */
  if (last != NULL && vireo_error_message_is_kvm_failure (last->message) &&
      (xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE)) != NULL &&
      (g_str_has_prefix (xml, "<domain type='kvm'") || g_str_has_prefix (xml, "<domain type=\"kvm\"")))
    error = g_error_new (VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE,
                         _("'%s' could not start because KVM does not work on this host: %s"),
                         virDomainGetName (domain), last->message);
  else
    error = vireo_error_new_from_libvirt (last != NULL ? last->code : VIR_ERR_INTERNAL_ERROR,
                                          last != NULL ? last->message : NULL, fallback);
  virFreeError (last);
  return error;
}

static void
run_in_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virDomain) domain = virDomainLookupByUUIDString (job->conn, job->uuid);
  g_autofree char *xml = NULL;
  GError *error = NULL;
  gboolean answer = TRUE;
  int ret = -1;

  if (domain == NULL)
    {
      vireo_set_error_from_libvirt (&error, NULL);
      g_task_return_error (task, error);
      return;
    }

  switch (job->op)
    {
    case OP_ACTION:
      ret = run_libvirt_action (domain, job->action);
      break;
    case OP_AUTOSTART:
      ret = virDomainSetAutostart (domain, job->autostart ? 1 : 0);
      break;
    case OP_RENAME:
      ret = virDomainRename (domain, job->new_name, 0);
      break;
    case OP_HAS_TABLET:
      if ((xml = virDomainGetXMLDesc (domain, 0)) != NULL)
        {
          answer = vireo_domain_xml_has_tablet (xml);
          ret = 0;
        }
      break;
    case OP_ADD_TABLET:
      ret = add_tablet (domain);
      break;
    case OP_RUN_WITH_TCG:
      ret = run_with_tcg (domain, &error);
      break;
    }

  if (ret < 0 && error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (ret < 0)
    {
      g_autofree char *fallback = g_strdup_printf (_("The operation on '%s' failed."), job->domain_name);

      if (job->op == OP_ACTION && job->action == VIREO_DOMAIN_ACTION_START)
        {
          g_task_return_error (task, start_failure (domain, fallback));
          return;
        }
      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, answer);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VireoDomain *self = g_task_get_source_object (outer);
  VireoConnection *connection = vireo_domain_get_connection (self);
  g_autoptr(GError) error = NULL;
  gboolean answer;

  if (connection != NULL)
    _vireo_domain_tracker_queue_refresh (_vireo_connection_get_tracker (connection));

  answer = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_boolean (outer, answer);
}

/* Queues @job for @self; the outer task is returned from the main thread after a refresh is
 * queued. */
static void
start_job (VireoDomain         *self,
           Job                 *job,
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
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, inner, run_in_worker);
}

/**
 * vireo_domain_run_action_async:
 * @self: a #VireoDomain
 * @action: what to do
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when libvirt answered
 * @user_data: for @callback
 *
 * Must be called from the main thread.
 */
void
vireo_domain_run_action_async (VireoDomain         *self,
                               VireoDomainAction    action,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);
  job->op = OP_ACTION;
  job->action = action;
  start_job (self, job, vireo_domain_run_action_async, cancellable, callback, user_data);
}

gboolean
vireo_domain_run_action_finish (VireoDomain   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_domain_set_autostart_async (VireoDomain         *self,
                                  gboolean             autostart,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);
  job->op = OP_AUTOSTART;
  job->autostart = autostart;
  start_job (self, job, vireo_domain_set_autostart_async, cancellable, callback, user_data);
}

gboolean
vireo_domain_set_autostart_finish (VireoDomain   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vireo_domain_rename_async:
 * @self: a #VireoDomain, shut off and persistent
 * @new_name: the new name: not empty, no '/', not used by another VM of the connection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Bad names and running VMs are refused before libvirt is asked, with a message saying why.
 */
void
vireo_domain_rename_async (VireoDomain         *self,
                           const char          *new_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  VireoConnection *connection;
  const char *refusal = NULL;
  g_autofree char *message = NULL;
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  connection = vireo_domain_get_connection (self);
  if (new_name == NULL || *new_name == '\0' || g_ascii_isspace (*new_name))
    refusal = _("The new name is empty or starts with a space.");

  if (refusal == NULL && strchr (new_name, '/') != NULL)
    message = g_strdup_printf (_("The name '%s' contains a '/', which libvirt does not allow."), new_name);
  else if (refusal == NULL && connection != NULL &&
           vireo_connection_lookup_domain_by_name (connection, new_name) != NULL &&
           g_strcmp0 (new_name, vireo_domain_get_name (self)) != 0)
    message = g_strdup_printf (_("Another virtual machine is already named '%s'."), new_name);
  else if (refusal == NULL && vireo_domain_get_is_active (self))
    message = g_strdup_printf (_("'%s' is running: shut it down before renaming it."),
                               vireo_domain_get_name (self));
  else if (refusal == NULL && !vireo_domain_get_persistent (self))
    message = g_strdup_printf (_("'%s' is transient: only defined virtual machines can be renamed."),
                               vireo_domain_get_name (self));

  if (refusal != NULL || message != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, vireo_domain_rename_async);
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, "%s",
                               message ? message : refusal);
      return;
    }

  job = g_new0 (Job, 1);
  job->op = OP_RENAME;
  job->new_name = g_strdup (new_name);
  start_job (self, job, vireo_domain_rename_async, cancellable, callback, user_data);
}

gboolean
vireo_domain_rename_finish (VireoDomain   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vireo_domain_has_tablet_async:
 * @self: a running #VireoDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: for @callback
 *
 * Asks whether the running VM has a tablet (vireo_domain_xml_has_tablet() on its live XML): a
 * VNC pointer in relative mode with a tablet present means the guest has not started using it
 * yet (firmware, a boot loader), without one that it never will.
 */
void
vireo_domain_has_tablet_async (VireoDomain         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);
  job->op = OP_HAS_TABLET;
  start_job (self, job, vireo_domain_has_tablet_async, cancellable, callback, user_data);
}

/* Returns the answer; %FALSE with @error set on failure. */
gboolean
vireo_domain_has_tablet_finish (VireoDomain   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vireo_domain_add_tablet_async:
 * @self: a #VireoDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * The well-known fix for a VNC mouse that does not follow the pointer, done for the user: a USB
 * tablet hot-plugged into the running VM and saved to its configuration, each only where there
 * is none yet.
 */
void
vireo_domain_add_tablet_async (VireoDomain         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);
  job->op = OP_ADD_TABLET;
  start_job (self, job, vireo_domain_add_tablet_async, cancellable, callback, user_data);
}

gboolean
vireo_domain_add_tablet_finish (VireoDomain   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vireo_domain_run_with_tcg_async:
 * @self: a shut-off, persistent VM
 *
 * What the user chooses when a KVM guest cannot start because KVM does not work on the host:
 * its definition switched to software emulation (vireo_domain_xml_use_tcg), then started.
 */
void
vireo_domain_run_with_tcg_async (VireoDomain         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  job = g_new0 (Job, 1);
  job->op = OP_RUN_WITH_TCG;
  start_job (self, job, vireo_domain_run_with_tcg_async, cancellable, callback, user_data);
}

gboolean
vireo_domain_run_with_tcg_finish (VireoDomain   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Bulk */

typedef struct
{
  guint    pending;
  guint    done;
  guint    failed;
  GString *failures;
} Bulk;

static void
bulk_free (Bulk *bulk)
{
  g_string_free (bulk->failures, TRUE);
  g_free (bulk);
}

static void
bulk_finish_if_done (GTask *task)
{
  Bulk *bulk = g_task_get_task_data (task);

  if (bulk->pending > 0)
    return;

  if (bulk->failed == 0)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                             ngettext ("%u virtual machine failed: %s",
                                       "%u virtual machines failed: %s", bulk->failed),
                             bulk->failed, bulk->failures->str);
}

static void
on_bulk_one_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Bulk *bulk = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  bulk->pending--;
  if (vireo_domain_run_action_finish (VIREO_DOMAIN (source), result, &error))
    bulk->done++;
  else
    {
      bulk->failed++;
      /* The first few are enough to act on; the count says the rest. */
      if (bulk->failed <= 3)
        g_string_append_printf (bulk->failures, "%s%s: %s", bulk->failed > 1 ? "; " : "",
                                vireo_domain_get_name (VIREO_DOMAIN (source)), error->message);
    }

  bulk_finish_if_done (task);
}

void
vireo_domains_run_action_async (GPtrArray           *domains,
                                VireoDomainAction    action,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Bulk *bulk = g_new0 (Bulk, 1);

  g_return_if_fail (domains != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  g_task_set_source_tag (task, vireo_domains_run_action_async);
  bulk->failures = g_string_new (NULL);
  g_task_set_task_data (task, bulk, (GDestroyNotify) bulk_free);

  /* Each on its own connection's worker: several connections work in parallel. */
  for (guint i = 0; i < domains->len; i++)
    {
      VireoDomain *domain = g_ptr_array_index (domains, i);

      if (!vireo_domain_can_run_action (domain, action))
        continue;
      bulk->pending++;
      vireo_domain_run_action_async (domain, action, cancellable, on_bulk_one_done, g_object_ref (task));
    }

  bulk_finish_if_done (task);
}

gboolean
vireo_domains_run_action_finish (GAsyncResult  *result,
                                 guint         *n_done,
                                 GError       **error)
{
  Bulk *bulk;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  bulk = g_task_get_task_data (G_TASK (result));
  if (n_done != NULL)
    *n_done = bulk->done;
  return g_task_propagate_boolean (G_TASK (result), error);
}
