/* vireo-domain-list-actions.c: the vm.* actions of VireoDomainList
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-list"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-clone-dialog.h"
#include "vireo-delete-dialog.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-delete.h"
#include "vireo-domain-list-private.h"
#include "vireo-domain-name.h"
#include "vireo-error.h"
#include "vireo-linked-clones-dialog.h"

/* How long a VM forced off to be deleted may take to report that it is off. */
#define DELETE_SHUT_OFF_TIMEOUT_S 30

static const struct
{
  const char        *name;
  VireoDomainAction  action;
} domain_actions[] = {
  { "vm.start",        VIREO_DOMAIN_ACTION_START },
  { "vm.shutdown",     VIREO_DOMAIN_ACTION_SHUTDOWN },
  { "vm.reboot",       VIREO_DOMAIN_ACTION_REBOOT },
  { "vm.reset",        VIREO_DOMAIN_ACTION_RESET },
  { "vm.force-off",    VIREO_DOMAIN_ACTION_FORCE_OFF },
  { "vm.pause",        VIREO_DOMAIN_ACTION_PAUSE },
  { "vm.resume",       VIREO_DOMAIN_ACTION_RESUME },
  { "vm.save",         VIREO_DOMAIN_ACTION_SAVE },
  { "vm.discard-save", VIREO_DOMAIN_ACTION_DISCARD_SAVE },
};

/* What the user sees when one VM refused; libvirt's message says why. */
static char *
format_action_error (VireoDomainAction  action,
                     const char        *name,
                     const char        *message)
{
  switch (action)
    {
    case VIREO_DOMAIN_ACTION_START:
      return g_strdup_printf (_("Could not start '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_SHUTDOWN:
      return g_strdup_printf (_("Could not shut down '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_REBOOT:
      return g_strdup_printf (_("Could not reboot '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_RESET:
      return g_strdup_printf (_("Could not reset '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_FORCE_OFF:
      return g_strdup_printf (_("Could not force off '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_PAUSE:
      return g_strdup_printf (_("Could not pause '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_RESUME:
      return g_strdup_printf (_("Could not resume '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_SAVE:
      return g_strdup_printf (_("Could not save the state of '%s': %s"), name, message);
    case VIREO_DOMAIN_ACTION_DISCARD_SAVE:
      return g_strdup_printf (_("Could not discard the saved state of '%s': %s"), name, message);
    default:
      g_return_val_if_reached (g_strdup (message));
    }
}

static void
show_toast (VireoDomainList *self,
            const char      *message,
            guint            timeout)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *markup = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_debug ("No toast overlay for: %s", message);
      return;
    }

  /* A toast's title is markup; libvirt's messages are plain text with '<' and '&'. */
  markup = g_markup_escape_text (message, -1);
  toast = adw_toast_new (markup);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
_vireo_domain_list_show_error (VireoDomainList *self,
                               const char      *message)
{
  show_toast (self, message, 10);
}

/* Running an action */

typedef struct
{
  VireoDomainList   *self;
  GPtrArray         *domains;
  VireoDomainAction  action;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->self);
  g_clear_pointer (&data->domains, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static gboolean
report_error (VireoDomainList *self,
              const GError    *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    return FALSE;

  return TRUE;
}

/* KVM does not work on this host: offered to run the VM with QEMU's software emulation. */

static void
on_run_with_tcg_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(VireoDomainList) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (source);

  if (!vireo_domain_run_with_tcg_finish (domain, result, &error) && report_error (self, error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not start '%s' with software emulation: %s"),
                                               vireo_domain_get_name (domain), error->message);

      _vireo_domain_list_show_error (self, text);
    }
}

static void
on_tcg_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    VireoDomainList  *self)
{
  VireoDomain *domain = g_object_get_data (G_OBJECT (dialog), "vireo-domain");

  if (g_strcmp0 (response, "tcg") == 0)
    vireo_domain_run_with_tcg_async (domain, self->cancellable, on_run_with_tcg_done_cb, g_object_ref (self));
}

static void
offer_tcg (VireoDomainList *self,
           VireoDomain     *domain,
           const GError    *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("KVM Does Not Work on This Host"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("%s\n\nVireo can change the VM to use QEMU's software emulation (TCG) and run "
                                    "it: it works everywhere, only slower. The change is saved in its "
                                    "configuration."),
                                  error->message);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "tcg", _("Run with _Software Emulation"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "tcg", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "tcg");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "vireo-domain", g_object_ref (domain), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_tcg_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_domain_action_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (source);

  if (!vireo_domain_run_action_finish (domain, result, &error) && report_error (data->self, error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE) &&
          vireo_domain_get_persistent (domain))
        {
          offer_tcg (data->self, domain, error);
          return;
        }

      text = format_action_error (data->action, vireo_domain_get_name (domain), error->message);

      _vireo_domain_list_show_error (data->self, text);
    }
}

static void
on_domains_action_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;
  guint n_done = 0;

  /* The core's message already says how many failed and why. */
  if (!vireo_domains_run_action_finish (result, &n_done, &error) && report_error (data->self, error))
    _vireo_domain_list_show_error (data->self, error->message);
}

static void
run_action (VireoDomainList   *self,
            VireoDomainAction  action,
            GPtrArray         *domains)
{
  ActionData *data;

  g_assert (domains->len > 0);

  data = g_new0 (ActionData, 1);
  data->self = g_object_ref (self);
  data->domains = g_ptr_array_ref (domains);
  data->action = action;

  if (domains->len == 1)
    vireo_domain_run_action_async (g_ptr_array_index (domains, 0), action, self->cancellable,
                                   on_domain_action_done_cb, data);
  else
    vireo_domains_run_action_async (domains, action, self->cancellable,
                                    on_domains_action_done_cb, data);
}

/* The selected VMs @action applies to, in list order. */
static GPtrArray *
applicable_domains (VireoDomainList   *self,
                    VireoDomainAction  action)
{
  g_autoptr(GPtrArray) selected = vireo_domain_list_get_selected_domains (self);
  GPtrArray *domains = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < selected->len; i++)
    {
      VireoDomain *domain = g_ptr_array_index (selected, i);

      if (vireo_domain_can_run_action (domain, action))
        g_ptr_array_add (domains, g_object_ref (domain));
    }

  return domains;
}

/* Force off and reset: confirmation */

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        VireoDomainList  *self)
{
  GPtrArray *domains = g_object_get_data (G_OBJECT (dialog), "vireo-domains");
  VireoDomainAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "vireo-action"));

  if (g_strcmp0 (response, "confirm") == 0)
    run_action (self, action, domains);
}

static void
confirm_action (VireoDomainList   *self,
                VireoDomainAction  action,
                GPtrArray         *domains)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  const char *body;
  const char *response_label;
  GtkWidget *dialog;
  guint n = domains->len;
  const char *name = vireo_domain_get_name (g_ptr_array_index (domains, 0));

  if (action == VIREO_DOMAIN_ACTION_FORCE_OFF)
    {
      if (n == 1)
        heading = g_strdup_printf (_("Force Off '%s'?"), name);
      else
        heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Force Off %u Virtual Machine?",
                                                "Force Off %u Virtual Machines?", n), n);
      body = g_dngettext (GETTEXT_PACKAGE,
                          "The virtual machine stops at once, as if its power cord were pulled. "
                          "Anything not saved inside it is lost.",
                          "The virtual machines stop at once, as if their power cords were pulled. "
                          "Anything not saved inside them is lost.", n);
      response_label = _("_Force Off");
    }
  else
    {
      if (n == 1)
        heading = g_strdup_printf (_("Force Reset '%s'?"), name);
      else
        heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Force Reset %u Virtual Machine?",
                                                "Force Reset %u Virtual Machines?", n), n);
      body = g_dngettext (GETTEXT_PACKAGE,
                          "The virtual machine restarts at once, as if its reset button were "
                          "pressed. Anything not saved inside it is lost.",
                          "The virtual machines restart at once, as if their reset buttons were "
                          "pressed. Anything not saved inside them is lost.", n);
      response_label = _("Force _Reset");
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "confirm", response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The VMs asked about, not whatever is selected when the answer comes. */
  g_object_set_data_full (G_OBJECT (dialog), "vireo-domains",
                          g_ptr_array_ref (domains), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data (G_OBJECT (dialog), "vireo-action", GINT_TO_POINTER (action));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vm_action_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);
  g_autoptr(GPtrArray) domains = NULL;
  VireoDomainAction action = VIREO_DOMAIN_ACTION_START;
  gboolean confirm;

  for (guint i = 0; i < G_N_ELEMENTS (domain_actions); i++)
    if (g_str_equal (domain_actions[i].name, action_name))
      action = domain_actions[i].action;

  domains = applicable_domains (self, action);
  if (domains->len == 0)
    return;

  confirm = (action == VIREO_DOMAIN_ACTION_FORCE_OFF || action == VIREO_DOMAIN_ACTION_RESET) &&
            (self->settings == NULL || g_settings_get_boolean (self->settings, "confirm-force-off"));

  if (confirm)
    confirm_action (self, action, domains);
  else
    run_action (self, action, domains);
}

/* Autostart */

static void
on_autostart_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VireoDomainList) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (source);

  if (!vireo_domain_set_autostart_finish (domain, result, &error) && report_error (self, error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not change whether '%s' starts with the host: %s"),
                                               vireo_domain_get_name (domain), error->message);

      _vireo_domain_list_show_error (self, text);
    }
}

void
_vireo_domain_list_set_selection_autostart (VireoDomainList *self,
                                            gboolean         autostart)
{
  g_autoptr(GPtrArray) selected = vireo_domain_list_get_selected_domains (self);

  /* The property follows the VMs once libvirt changed them (notify::autostart). */
  for (guint i = 0; i < selected->len; i++)
    {
      VireoDomain *domain = g_ptr_array_index (selected, i);

      if (vireo_domain_get_persistent (domain) &&
          vireo_domain_get_autostart (domain) != autostart)
        vireo_domain_set_autostart_async (domain, autostart, self->cancellable,
                                          on_autostart_done_cb, g_object_ref (self));
    }
}

/* Rename */

static void
on_rename_entry_changed_cb (GtkEditable      *entry,
                            AdwMessageDialog *dialog)
{
  VireoDomain *domain = g_object_get_data (G_OBJECT (dialog), "vireo-domain");
  GtkWidget *error_label = g_object_get_data (G_OBJECT (dialog), "vireo-error-label");
  const char *error_text = NULL;
  gboolean valid;

  valid = vireo_domain_name_check (vireo_domain_get_connection (domain), vireo_domain_get_name (domain),
                                   gtk_editable_get_text (entry), &error_text);

  adw_message_dialog_set_response_enabled (dialog, "rename", valid);
  gtk_label_set_label (GTK_LABEL (error_label), error_text ? error_text : "");
  gtk_widget_set_visible (error_label, error_text != NULL);
  if (error_text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
on_rename_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VireoDomainList) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (source);

  if (!vireo_domain_rename_finish (domain, result, &error) && report_error (self, error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not rename '%s': %s"),
                                               vireo_domain_get_name (domain), error->message);

      _vireo_domain_list_show_error (self, text);
    }
}

static void
on_rename_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       VireoDomainList  *self)
{
  VireoDomain *domain = g_object_get_data (G_OBJECT (dialog), "vireo-domain");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "vireo-entry");

  if (g_strcmp0 (response, "rename") != 0)
    return;

  vireo_domain_rename_async (domain, gtk_editable_get_text (entry), self->cancellable,
                             on_rename_done_cb, g_object_ref (self));
}

static void
vm_open_console_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);
  g_autoptr(GPtrArray) selected = vireo_domain_list_get_selected_domains (self);

  if (selected->len == 1)
    _vireo_domain_list_activate_domain (self, g_ptr_array_index (selected, 0));
}

static void
vm_rename_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);
  g_autoptr(GPtrArray) selected = vireo_domain_list_get_selected_domains (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  VireoDomain *domain;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *entry;
  GtkWidget *error_label;

  if (selected->len != 1)
    return;

  domain = g_ptr_array_index (selected, 0);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Rename Virtual Machine"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Choose a new name for '%s'."), vireo_domain_get_name (domain));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "rename-entry");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), vireo_domain_get_name (domain));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("New name"),
                                  -1);
  gtk_box_append (GTK_BOX (box), entry);
  error_label = gtk_label_new (NULL);
  gtk_widget_set_name (error_label, "rename-error");
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0.0f);
  gtk_widget_set_visible (error_label, FALSE);
  gtk_widget_add_css_class (error_label, "error");
  gtk_widget_add_css_class (error_label, "caption");
  gtk_box_append (GTK_BOX (box), error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "rename", FALSE);

  g_object_set_data_full (G_OBJECT (dialog), "vireo-domain", g_object_ref (domain), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "vireo-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "vireo-error-label", error_label);
  g_signal_connect (entry, "changed", G_CALLBACK (on_rename_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rename_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* Delete */

/* Deleting one VM, after forcing it off if the user agreed to. Holds the list weakly, so nothing
 * in flight keeps a closed list alive; closing it cancels what has not started yet. */
typedef struct
{
  GWeakRef      list;
  VireoDomain  *domain;
  char         *name;
  char        **paths;
  GCancellable *cancellable;    /* the list's: cancelled when the list goes */
  gulong        notify_id;
  gulong        cancelled_id;
  guint         timeout_id;
} DeleteJob;

static void
delete_job_stop_waiting (DeleteJob *job)
{
  g_clear_signal_handler (&job->notify_id, job->domain);
  g_clear_signal_handler (&job->cancelled_id, job->cancellable);
  g_clear_handle_id (&job->timeout_id, g_source_remove);
}

static void
delete_job_free (DeleteJob *job)
{
  delete_job_stop_waiting (job);
  g_weak_ref_clear (&job->list);
  g_clear_object (&job->domain);
  g_clear_object (&job->cancellable);
  g_free (job->name);
  g_strfreev (job->paths);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeleteJob, delete_job_free)

static void
delete_job_report (DeleteJob  *job,
                   const char *message)
{
  g_autoptr(VireoDomainList) self = g_weak_ref_get (&job->list);

  if (self != NULL && !g_cancellable_is_cancelled (job->cancellable))
    _vireo_domain_list_show_error (self, message);
}

static void
on_deleted_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DeleteJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (vireo_domain_delete_finish (job->domain, result, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The VM is gone but some disks remain: the core's message says so, and which. */
  if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_FAILED))
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (_("Could not delete '%s': %s"), job->name, error->message);

  delete_job_report (job, text);
}

/* Takes @job. */
static void
delete_job_run (DeleteJob *job)
{
  delete_job_stop_waiting (job);
  vireo_domain_delete_async (job->domain, (const char * const *) job->paths, job->cancellable,
                             on_deleted_cb, job);
}

static void
on_delete_domain_notify_cb (VireoDomain *domain,
                            GParamSpec  *pspec,
                            DeleteJob   *job)
{
  if (!vireo_domain_get_is_active (domain))
    delete_job_run (job);
}

static gboolean
on_delete_timeout_cb (gpointer user_data)
{
  DeleteJob *job = user_data;
  g_autofree char *text = g_strdup_printf (_("'%s' did not shut off, so it was not deleted."), job->name);

  job->timeout_id = 0;
  delete_job_report (job, text);
  delete_job_free (job);

  return G_SOURCE_REMOVE;
}

static void
on_delete_cancelled_cb (GCancellable *cancellable,
                        DeleteJob    *job)
{
  /* The list is going away: nobody is left to report to. */
  delete_job_free (job);
}

/* Takes @job: deletes once the VM's state says it is off. */
static void
delete_job_wait_shut_off (DeleteJob *job)
{
  if (!vireo_domain_get_is_active (job->domain))
    {
      delete_job_run (job);
      return;
    }

  if (g_cancellable_is_cancelled (job->cancellable))
    {
      delete_job_free (job);
      return;
    }

  /* libvirt's lifecycle event updates the VM shortly after the force off returned. */
  job->notify_id = g_signal_connect (job->domain, "notify::is-active",
                                     G_CALLBACK (on_delete_domain_notify_cb), job);
  job->cancelled_id = g_signal_connect (job->cancellable, "cancelled",
                                        G_CALLBACK (on_delete_cancelled_cb), job);
  job->timeout_id = g_timeout_add_seconds (DELETE_SHUT_OFF_TIMEOUT_S, on_delete_timeout_cb, job);
}

static void
on_delete_forced_off_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  DeleteJob *job = user_data;
  g_autoptr(GError) error = NULL;

  /* A VM that stopped by itself meanwhile cannot be forced off, and is fine to delete. */
  if (!vireo_domain_run_action_finish (job->domain, result, &error) &&
      vireo_domain_get_is_active (job->domain))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = format_action_error (VIREO_DOMAIN_ACTION_FORCE_OFF, job->name,
                                                       error->message);

          delete_job_report (job, text);
        }
      delete_job_free (job);
      return;
    }

  delete_job_wait_shut_off (job);
}

static void
start_delete (VireoDomainList  *self,
              VireoDomain      *domain,
              char            **paths,
              gboolean          force_off)
{
  DeleteJob *job = g_new0 (DeleteJob, 1);

  g_weak_ref_init (&job->list, self);
  job->domain = g_object_ref (domain);
  job->name = g_strdup (vireo_domain_get_name (domain));
  job->paths = paths;
  job->cancellable = g_object_ref (self->cancellable);

  /* Only when the user was told it would happen; otherwise the core refuses an active VM. */
  if (force_off && vireo_domain_get_is_active (domain))
    vireo_domain_run_action_async (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, job->cancellable,
                                   on_delete_forced_off_cb, job);
  else
    delete_job_run (job);
}

static void
on_delete_response_cb (VireoDeleteDialog *dialog,
                       const char        *response,
                       VireoDomainList   *self)
{
  gboolean force_off = g_strcmp0 (response, VIREO_DELETE_DIALOG_RESPONSE_FORCE_OFF_DELETE) == 0;

  if (!force_off && g_strcmp0 (response, VIREO_DELETE_DIALOG_RESPONSE_DELETE) != 0)
    return;

  /* The disk chooser is the confirmation: no answer before it showed the disks. */
  if (vireo_delete_dialog_get_loading (dialog))
    return;

  start_delete (self, vireo_delete_dialog_get_domain (dialog),
                vireo_delete_dialog_dup_paths_to_remove (dialog), force_off);
}

static GtkWindow *
parent_window (VireoDomainList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The one selected VM, or NULL. */
static VireoDomain *
single_selected (VireoDomainList *self)
{
  g_autoptr(GPtrArray) selected = vireo_domain_list_get_selected_domains (self);

  if (selected->len != 1)
    return NULL;

  return g_object_ref (g_ptr_array_index (selected, 0));
}

static void
vm_delete_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);
  g_autoptr(VireoDomain) domain = single_selected (self);
  GtkWidget *dialog;

  /* One at a time: each deletion shows what it deletes. */
  if (domain == NULL)
    return;

  /* Always asked, whatever "confirm-delete" says: choosing the disks is the confirmation. */
  dialog = vireo_delete_dialog_new (parent_window (self), domain);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Clone and linked clones */

static void
on_dialog_failed_cb (GtkWidget       *dialog,
                     const char      *message,
                     VireoDomainList *self)
{
  _vireo_domain_list_show_error (self, message);
}

static void
on_linked_clones_created_cb (VireoLinkedClonesDialog  *dialog,
                             char                    **names,
                             VireoDomainList          *self)
{
  guint n = g_strv_length (names);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Created %u linked clone",
                                                        "Created %u linked clones", n), n);

  show_toast (self, text, 5);
}

static void
vm_clone_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);
  g_autoptr(VireoDomain) domain = single_selected (self);
  GtkWidget *dialog;

  if (domain == NULL)
    return;

  if (vireo_domain_get_is_active (domain))
    {
      g_autofree char *text = g_strdup_printf (_("'%s' is running: shut it down first, then clone it."),
                                               vireo_domain_get_name (domain));

      _vireo_domain_list_show_error (self, text);
      return;
    }

  dialog = vireo_clone_dialog_new (parent_window (self), domain);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (on_dialog_failed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
vm_linked_clones_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);
  g_autoptr(VireoDomain) domain = single_selected (self);
  GtkWidget *dialog;

  if (domain == NULL)
    return;

  if (vireo_domain_get_is_active (domain))
    {
      g_autofree char *text =
        g_strdup_printf (_("'%s' is running: shut it down first, then create linked clones of it."),
                         vireo_domain_get_name (domain));

      _vireo_domain_list_show_error (self, text);
      return;
    }

  dialog = vireo_linked_clones_dialog_new (parent_window (self), domain);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_linked_clones_created_cb), self, 0);
  g_signal_connect_object (dialog, "failed", G_CALLBACK (on_dialog_failed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Enablement: the one place that decides */

static gboolean
enabled_for (const gboolean    *enabled,
             VireoDomainAction  action)
{
  for (guint i = 0; i < G_N_ELEMENTS (domain_actions); i++)
    if (domain_actions[i].action == action)
      return enabled[i];

  g_return_val_if_reached (FALSE);
}

void
_vireo_domain_list_update_actions (VireoDomainList *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean enabled[G_N_ELEMENTS (domain_actions)] = { FALSE, };
  guint n_enabled = 0;
  guint n_selected = 0;
  gboolean any_persistent = FALSE;
  gboolean all_autostart = TRUE;
  gboolean can_rename = FALSE;
  gboolean can_delete = FALSE;
  gboolean can_clone = FALSE;
  gboolean autostart;
  gboolean show_resume;
  VireoDomain *last = NULL;
  GHashTableIter iter;
  gpointer key;

  if (self->selected != NULL)
    {
      g_hash_table_iter_init (&iter, self->selected);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          VireoDomain *domain = key;

          n_selected++;
          last = domain;

          /* An action is enabled when it applies to at least one selected VM. */
          for (guint i = 0; n_enabled < G_N_ELEMENTS (domain_actions) && i < G_N_ELEMENTS (domain_actions); i++)
            {
              if (!enabled[i] && vireo_domain_can_run_action (domain, domain_actions[i].action))
                {
                  enabled[i] = TRUE;
                  n_enabled++;
                }
            }

          if (vireo_domain_get_persistent (domain))
            {
              any_persistent = TRUE;
              if (!vireo_domain_get_autostart (domain))
                all_autostart = FALSE;
            }
        }
    }

  can_rename = n_selected == 1 &&
               vireo_domain_get_persistent (last) &&
               vireo_domain_get_state (last) == VIREO_DOMAIN_STATE_SHUTOFF;
  /* One VM at a time: the dialogs are about one VM's disks. A running VM can be deleted (the
   * dialog offers to force it off first); only a stopped one can be copied. */
  can_delete = n_selected == 1 && vireo_domain_get_persistent (last);
  can_clone = n_selected == 1 && !vireo_domain_get_is_active (last);

  for (guint i = 0; i < G_N_ELEMENTS (domain_actions); i++)
    gtk_widget_action_set_enabled (widget, domain_actions[i].name, enabled[i]);
  gtk_widget_action_set_enabled (widget, "vm.autostart", any_persistent);
  gtk_widget_action_set_enabled (widget, "vm.rename", can_rename);
  gtk_widget_action_set_enabled (widget, "vm.open-console", n_selected == 1);
  gtk_widget_action_set_enabled (widget, "vm.delete", can_delete);
  gtk_widget_action_set_enabled (widget, "vm.clone", can_clone);
  gtk_widget_action_set_enabled (widget, "vm.linked-clones", can_clone);

  autostart = any_persistent && all_autostart;
  if (autostart != self->selection_autostart)
    {
      self->selection_autostart = autostart;
      g_object_notify (G_OBJECT (self), "selection-autostart");
    }

  /* One play button: Resume when only that applies, Run otherwise. */
  if (self->start_button != NULL)
    {
      show_resume = enabled_for (enabled, VIREO_DOMAIN_ACTION_RESUME) &&
                    !enabled_for (enabled, VIREO_DOMAIN_ACTION_START);
      gtk_widget_set_visible (self->start_button, !show_resume);
      gtk_widget_set_visible (self->resume_button, show_resume);
    }
}

void
_vireo_domain_list_class_init_actions (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (domain_actions); i++)
    gtk_widget_class_install_action (widget_class, domain_actions[i].name, NULL, vm_action_activated);

  gtk_widget_class_install_property_action (widget_class, "vm.autostart", "selection-autostart");
  gtk_widget_class_install_action (widget_class, "vm.rename", NULL, vm_rename_activated);
  gtk_widget_class_install_action (widget_class, "vm.open-console", NULL, vm_open_console_activated);
  gtk_widget_class_install_action (widget_class, "vm.delete", NULL, vm_delete_activated);
  gtk_widget_class_install_action (widget_class, "vm.clone", NULL, vm_clone_activated);
  gtk_widget_class_install_action (widget_class, "vm.linked-clones", NULL, vm_linked_clones_activated);

  /* Keys typed in the search entry stay there: the entry handles them before the list. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "vm.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "vm.delete", NULL);
}
