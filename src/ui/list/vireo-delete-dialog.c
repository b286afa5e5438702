/* vireo-delete-dialog.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-delete-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-delete-dialog.h"
#include "vireo-domain-delete.h"

struct _VireoDeleteDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkStack         *stack;
  GtkSpinner       *spinner;
  GtkListBox       *disks_list;
  GtkLabel         *error_label;

  /* Owned */
  VireoDomain      *domain;
  GCancellable     *cancellable;
  GPtrArray        *disks;          /* VireoDiskInfo, the listed ones */
  GPtrArray        *rows;           /* AdwActionRow, borrowed, one per listed disk */
  GPtrArray        *checks;         /* GtkCheckButton, borrowed, one per listed disk */

  gboolean          loading;
  gboolean          force_off;
};

G_DEFINE_FINAL_TYPE (VireoDeleteDialog, vireo_delete_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
delete_response (VireoDeleteDialog *self)
{
  return self->force_off ? VIREO_DELETE_DIALOG_RESPONSE_FORCE_OFF_DELETE
                         : VIREO_DELETE_DIALOG_RESPONSE_DELETE;
}

static char *
disk_title (const VireoDiskInfo *info)
{
  const char *target = info->target ? info->target : "";

  if (g_strcmp0 (info->device, "cdrom") == 0)
    /* Translators: a VM's disk in the delete dialog; %s is the guest device, "sda" */
    return g_strdup_printf (_("%s (CD-ROM)"), target);
  if (g_strcmp0 (info->device, "floppy") == 0)
    /* Translators: a VM's disk in the delete dialog; %s is the guest device, "fda" */
    return g_strdup_printf (_("%s (floppy)"), target);

  return g_strdup (target);
}

/* Where the disk is, and why it cannot be chosen when it cannot: one fact a line. */
static char *
disk_subtitle (const VireoDiskInfo *info)
{
  GString *text = g_string_new (info->source);

  if (info->pool != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: under a disk's path in the delete dialog */
      g_string_append_printf (text, _("In storage pool '%s'"), info->pool);
    }

  if (vireo_disk_info_is_shared (info))
    {
      g_autofree char *names = g_strjoinv (", ", info->shared_with);

      g_string_append_c (text, '\n');
      /* Translators: under a disk's path in the delete dialog; %s lists virtual machines */
      g_string_append_printf (text, _("Also used by %s"), names);
    }
  else if (!info->removable)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _("Kept: Vireo deletes only storage volumes and files on this computer"));
    }

  return g_string_free (text, FALSE);
}

static void
vireo_delete_dialog_add_disk (VireoDeleteDialog   *self,
                              const VireoDiskInfo *info)
{
  g_autofree char *title = disk_title (info);
  g_autofree char *subtitle = disk_subtitle (info);
  g_autofree char *label = NULL;
  gboolean choosable = info->removable && !vireo_disk_info_is_shared (info);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  /* Paths are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), choosable && info->default_remove);
  gtk_widget_set_sensitive (check, choosable);
  label = g_strdup_printf (_("Delete '%s'"), info->source);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  /* A row that cannot be chosen is not activatable, but stays readable (not dimmed). */
  if (choosable)
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_list_box_append (self->disks_list, row);
  g_ptr_array_add (self->disks, vireo_disk_info_copy (info));
  g_ptr_array_add (self->rows, row);
  g_ptr_array_add (self->checks, check);
}

static void
vireo_delete_dialog_set_loaded (VireoDeleteDialog *self,
                                const char        *page)
{
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, page);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), delete_response (self), TRUE);

  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_disks_listed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VireoDeleteDialog) self = user_data;
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GError) error = NULL;

  disks = vireo_domain_list_disks_finish (VIREO_DOMAIN (source), result, &error);

  /* Closed meanwhile: nobody is looking. */
  if (g_cancellable_is_cancelled (self->cancellable) || self->stack == NULL)
    return;

  if (disks == NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("The disks could not be listed: %s\nDeleting removes the virtual machine "
                           "only; its disks stay."), error->message);

      gtk_label_set_label (self->error_label, text);
      vireo_delete_dialog_set_loaded (self, "error");
      return;
    }

  for (guint i = 0; i < disks->len; i++)
    {
      const VireoDiskInfo *info = g_ptr_array_index (disks, i);

      /* An empty drive or a network disk: nothing here to delete. */
      if (info->source != NULL)
        vireo_delete_dialog_add_disk (self, info);
    }

  vireo_delete_dialog_set_loaded (self, self->rows->len > 0 ? "disks" : "none");
}

/* GObject */

static void
vireo_delete_dialog_constructed (GObject *object)
{
  VireoDeleteDialog *self = (VireoDeleteDialog *)object;
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  const char *name;

  G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->constructed (object);

  g_assert (VIREO_IS_DOMAIN (self->domain));

  name = vireo_domain_get_name (self->domain);
  self->force_off = vireo_domain_get_is_active (self->domain);

  adw_message_dialog_format_heading (dialog, _("Delete '%s'?"), name);

  if (self->force_off)
    {
      adw_message_dialog_format_body (dialog,
                                      _("'%s' is running: it is forced off first, as if its power "
                                        "cord were pulled. Then it is removed from this host with "
                                        "its snapshots, and the checked disks are deleted. This "
                                        "cannot be undone."), name);
      adw_message_dialog_add_responses (dialog,
                                        VIREO_DELETE_DIALOG_RESPONSE_CANCEL, _("_Cancel"),
                                        VIREO_DELETE_DIALOG_RESPONSE_FORCE_OFF_DELETE, _("_Force Off and Delete"),
                                        NULL);
    }
  else
    {
      adw_message_dialog_set_body (dialog,
                                   _("The virtual machine is removed from this host with its "
                                     "snapshots and saved state, and the checked disks are "
                                     "deleted. This cannot be undone."));
      adw_message_dialog_add_responses (dialog,
                                        VIREO_DELETE_DIALOG_RESPONSE_CANCEL, _("_Cancel"),
                                        VIREO_DELETE_DIALOG_RESPONSE_DELETE, _("_Delete"),
                                        NULL);
    }

  adw_message_dialog_set_response_appearance (dialog, delete_response (self), ADW_RESPONSE_DESTRUCTIVE);
  /* Nothing to choose from yet. */
  adw_message_dialog_set_response_enabled (dialog, delete_response (self), FALSE);
  adw_message_dialog_set_default_response (dialog, VIREO_DELETE_DIALOG_RESPONSE_CANCEL);
  adw_message_dialog_set_close_response (dialog, VIREO_DELETE_DIALOG_RESPONSE_CANCEL);

  gtk_spinner_start (self->spinner);
  vireo_domain_list_disks_async (self->domain, self->cancellable, on_disks_listed_cb, g_object_ref (self));
}

static void
vireo_delete_dialog_dispose (GObject *object)
{
  VireoDeleteDialog *self = (VireoDeleteDialog *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  if (self->checks != NULL)
    g_ptr_array_set_size (self->checks, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DELETE_DIALOG);

  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->dispose (object);
}

static void
vireo_delete_dialog_finalize (GObject *object)
{
  VireoDeleteDialog *self = (VireoDeleteDialog *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->disks, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (vireo_delete_dialog_parent_class)->finalize (object);
}

static void
vireo_delete_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_delete_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VireoDeleteDialog *self = VIREO_DELETE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      self->domain = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_delete_dialog_class_init (VireoDeleteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_delete_dialog_constructed;
  object_class->dispose = vireo_delete_dialog_dispose;
  object_class->finalize = vireo_delete_dialog_finalize;
  object_class->get_property = vireo_delete_dialog_get_property;
  object_class->set_property = vireo_delete_dialog_set_property;

  /**
   * VireoDeleteDialog:domain:
   *
   * The VM to delete.
   */
  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL,
                         VIREO_TYPE_DOMAIN,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoDeleteDialog:loading:
   *
   * Whether the disks are still being listed (the delete response is disabled meanwhile).
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/list/vireo-delete-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, disks_list);
  gtk_widget_class_bind_template_child (widget_class, VireoDeleteDialog, error_label);
}

static void
vireo_delete_dialog_init (VireoDeleteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->loading = TRUE;
  self->cancellable = g_cancellable_new ();
  self->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_disk_info_free);
  self->rows = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
}

/**
 * vireo_delete_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @domain: the VM to delete
 *
 * Starts listing @domain's disks at once. Must be called from the main thread.
 *
 * Returns: (transfer none): a new #VireoDeleteDialog, to present
 */
GtkWidget *
vireo_delete_dialog_new (GtkWindow   *parent,
                         VireoDomain *domain)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  return g_object_new (VIREO_TYPE_DELETE_DIALOG,
                       "transient-for", parent,
                       "domain", domain,
                       NULL);
}

/**
 * vireo_delete_dialog_get_domain:
 * @self: a #VireoDeleteDialog
 *
 * Returns: (transfer none): the VM to delete
 */
VireoDomain *
vireo_delete_dialog_get_domain (VireoDeleteDialog *self)
{
  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

  return self->domain;
}

/**
 * vireo_delete_dialog_get_loading:
 * @self: a #VireoDeleteDialog
 *
 * Returns: whether the disks are still being listed
 */
gboolean
vireo_delete_dialog_get_loading (VireoDeleteDialog *self)
{
  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), FALSE);

  return self->loading;
}

/**
 * vireo_delete_dialog_dup_paths_to_remove:
 * @self: a #VireoDeleteDialog
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer full) (array zero-terminated=1): the sources of the checked disks
 */
char **
vireo_delete_dialog_dup_paths_to_remove (VireoDeleteDialog *self)
{
  GPtrArray *paths;

  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

  paths = g_ptr_array_new ();
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);
      const VireoDiskInfo *info = g_ptr_array_index (self->disks, i);

      if (gtk_widget_get_sensitive (check) && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_ptr_array_add (paths, g_strdup (info->source));
    }
  g_ptr_array_add (paths, NULL);

  return (char **) g_ptr_array_free (paths, FALSE);
}

/**
 * vireo_delete_dialog_get_disk_row:
 * @self: a #VireoDeleteDialog
 * @index: which listed disk
 *
 * Returns: (transfer none) (nullable): the disk's row, an #AdwActionRow
 */
GtkWidget *
vireo_delete_dialog_get_disk_row (VireoDeleteDialog *self,
                                  guint              index)
{
  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

  return index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

/**
 * vireo_delete_dialog_get_disk_check:
 * @self: a #VireoDeleteDialog
 * @index: which listed disk
 *
 * Returns: (transfer none) (nullable): the disk's #GtkCheckButton, insensitive when the disk
 *   cannot be deleted with the VM
 */
GtkWidget *
vireo_delete_dialog_get_disk_check (VireoDeleteDialog *self,
                                    guint              index)
{
  g_return_val_if_fail (VIREO_IS_DELETE_DIALOG (self), NULL);

  return index < self->checks->len ? g_ptr_array_index (self->checks, index) : NULL;
}
