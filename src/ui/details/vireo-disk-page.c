/* vireo-disk-page.c: one disk of a VM (virsh domblklist and more), media changes, removal
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-disk-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-disk-page.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-pending.h"
#include "vireo-error.h"
#include "vireo-volume-picker.h"

/* What the last ::apply was, so that its error goes to the field it concerns. */
typedef enum
{
  OPERATION_NONE,
  OPERATION_MEDIA,
  OPERATION_REMOVE,
} Operation;

struct _VireoDiskPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkLabel             *pending_label;
  AdwPreferencesGroup  *details_group;
  AdwActionRow         *device_row;
  AdwActionRow         *target_row;
  AdwActionRow         *bus_row;
  AdwActionRow         *source_row;
  AdwActionRow         *format_row;
  AdwActionRow         *readonly_row;
  AdwPreferencesGroup  *media_group;
  AdwEntryRow          *media_row;
  GtkMenuButton        *volumes_button;
  GtkLabel             *media_error_label;
  GtkButton            *eject_button;
  GtkButton            *insert_button;
  GtkLabel             *error_label;
  GtkButton            *remove_button;

  /* Owned */
  char                 *target;
  VireoHardwareContext *context;
  GCancellable         *cancellable;
  Operation             operation;
  gboolean              pending;   /* applied() said PENDING since the last context */
  char                 *pending_reason;
};

static void vireo_disk_page_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoDiskPage, vireo_disk_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE, vireo_disk_page_iface_init))

static const VireoDomainDisk *
current_disk (VireoDiskPage *self)
{
  if (self->context == NULL)
    return NULL;
  return vireo_domain_config_find_disk (self->context->config, self->target);
}

static gboolean
is_removable (const VireoDomainDisk *disk)
{
  return disk != NULL && (g_strcmp0 (disk->device, "cdrom") == 0 || g_strcmp0 (disk->device, "floppy") == 0);
}

static const char *
device_label (const char *device)
{
  if (g_strcmp0 (device, "cdrom") == 0)
    return _("CD-ROM");
  if (g_strcmp0 (device, "floppy") == 0)
    return _("Floppy");
  if (g_strcmp0 (device, "lun") == 0)
    return _("LUN");
  return _("Disk");
}

/* "path", "pool/volume", "rbd: pool/image", or "No media". */
static char *
source_label (const VireoDomainDisk *disk)
{
  if (disk->source_pool != NULL && disk->source_volume != NULL)
    return g_strdup_printf ("%s/%s", disk->source_pool, disk->source_volume);
  if (disk->source_protocol != NULL)
    return g_strdup_printf ("%s: %s", disk->source_protocol, disk->source ? disk->source : "");
  if (disk->source != NULL)
    return g_strdup (disk->source);
  return g_strdup (_("No media"));
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
show_media_error (VireoDiskPage *self,
                  const char    *message)
{
  set_label_text (self->media_error_label, message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->media_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->media_row), "error");
}

static void
update_pending (VireoDiskPage *self)
{
  gboolean pending = self->pending;

  if (!pending && self->context != NULL && self->context->live != NULL)
    pending = vireo_domain_config_part_pending (self->context->config, self->context->live,
                                                VIREO_DOMAIN_PART_DISK, self->target);
  if (self->pending && self->pending_reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This change applies after the next boot: %s"),
                                               self->pending_reason);
      gtk_label_set_label (self->pending_label, text);
    }
  else
    gtk_label_set_label (self->pending_label, _("This change applies after the next boot."));
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending);
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
update_buttons (VireoDiskPage *self)
{
  const VireoDomainDisk *disk = current_disk (self);
  g_autofree char *path = entry_text (self->media_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->eject_button), disk != NULL && disk->source != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->insert_button),
                            disk != NULL && path != NULL && g_strcmp0 (path, disk->source) != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), disk != NULL);
}

/* Emits ::apply with @xml and, unless a draft, @kind of @device_xml. */
static void
request (VireoDiskPage       *self,
         Operation            operation,
         const char          *xml,
         VireoLiveChangeKind  kind,
         const char          *device_xml)
{
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();

  if (!self->context->draft)
    g_ptr_array_add (changes, vireo_live_change_new_device (kind, device_xml));
  self->operation = operation;
  set_label_text (self->error_label, NULL);
  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, changes);
}

/* Inserts @path (NULL ejects). */
static void
change_media (VireoDiskPage *self,
              const char    *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = vireo_domain_edit_change_media (self->context->xml, self->target, path, &error);
  g_autofree char *device_xml = NULL;

  if (xml != NULL)
    device_xml = vireo_domain_edit_dup_disk_xml (xml, self->target, &error);
  if (device_xml == NULL)
    {
      show_media_error (self, error->message);
      return;
    }
  show_media_error (self, NULL);
  request (self, OPERATION_MEDIA, xml, VIREO_LIVE_CHANGE_UPDATE_DEVICE, device_xml);
}

static void
on_eject_clicked_cb (VireoDiskPage *self)
{
  if (current_disk (self) != NULL)
    change_media (self, NULL);
}

typedef struct
{
  VireoDiskPage *self;
  char          *path;
} PathCheck;

static void
on_path_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PathCheck *check = user_data;
  g_autoptr(VireoDiskPage) self = check->self;
  g_autofree char *path = check->path;
  g_autofree char *current = NULL;
  g_autoptr(GError) error = NULL;

  g_free (check);
  if (!vireo_install_check_path_finish (VIREO_CONNECTION (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* The user changed the path meanwhile: this answer is about another one. */
  current = entry_text (self->media_row);
  if (g_strcmp0 (current, path) != 0 || current_disk (self) == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->insert_button), TRUE);
  if (error != NULL)
    show_media_error (self, error->message);
  else
    change_media (self, path);
}

static void
on_insert_clicked_cb (VireoDiskPage *self)
{
  g_autofree char *path = entry_text (self->media_row);
  PathCheck *check;

  if (path == NULL || current_disk (self) == NULL)
    return;

  if (!g_path_is_absolute (path))
    {
      g_autofree char *message = g_strdup_printf (_("'%s' is not an absolute path."), path);

      show_media_error (self, message);
      return;
    }

  /* Without a connection (tests, a draft with no host yet) the file must be where Vireo runs. */
  if (self->context->connection == NULL)
    {
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *message = g_strdup_printf (_("'%s' does not exist."), path);

          show_media_error (self, message);
          return;
        }
      change_media (self, path);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->insert_button), FALSE);
  check = g_new0 (PathCheck, 1);
  check->self = g_object_ref (self);
  check->path = g_steal_pointer (&path);
  vireo_install_check_path_async (self->context->connection, check->path, self->cancellable,
                                  on_path_checked_cb, check);
}

static void
on_media_row_changed_cb (VireoDiskPage *self)
{
  show_media_error (self, NULL);
  update_buttons (self);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       VireoDiskPage    *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device_xml = NULL;
  g_autofree char *xml = NULL;

  if (g_strcmp0 (response, "remove") != 0 || current_disk (self) == NULL)
    return;

  /* The element as it is now: the running VM knows it by that. */
  device_xml = vireo_domain_edit_dup_disk_xml (self->context->xml, self->target, &error);
  if (device_xml != NULL)
    xml = vireo_domain_edit_remove_disk (self->context->xml, self->target, &error);
  if (xml == NULL)
    {
      set_label_text (self->error_label, error->message);
      return;
    }
  request (self, OPERATION_REMOVE, xml, VIREO_LIVE_CHANGE_DETACH_DEVICE, device_xml);
}

static void
on_remove_clicked_cb (VireoDiskPage *self)
{
  const VireoDomainDisk *disk = current_disk (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  g_autofree char *source = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (disk == NULL)
    return;

  heading = g_strdup_printf (_("Remove the disk '%s'?"), self->target);
  source = source_label (disk);
  if (disk->source != NULL || disk->source_volume != NULL)
    body = g_strdup_printf (_("The virtual machine will no longer see it. Its file '%s' is kept."), source);
  else
    body = g_strdup (_("The virtual machine will no longer see this drive."));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
volume_source (gpointer           data,
               VireoConnection  **connection,
               VireoInstallHost **host,
               GCancellable     **cancellable)
{
  VireoDiskPage *self = data;

  if (self->context == NULL)
    return FALSE;
  *connection = self->context->connection;
  *host = self->context->host;
  *cancellable = self->cancellable;
  return TRUE;
}

/* VireoHardwarePage */

static void
vireo_disk_page_update (VireoHardwarePage    *page,
                        VireoHardwareContext *context)
{
  VireoDiskPage *self = VIREO_DISK_PAGE (page);
  const VireoDomainDisk *previous = current_disk (self);
  g_autofree char *previous_source = previous != NULL ? g_strdup (previous->source) : NULL;
  g_autofree char *typed = entry_text (self->media_row);
  const VireoDomainDisk *disk;
  g_autofree char *source = NULL;

  vireo_hardware_context_ref (context);
  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = context;
  self->pending = FALSE;
  g_clear_pointer (&self->pending_reason, g_free);

  disk = current_disk (self);
  if (disk == NULL)
    {
      /* Removed: the owner takes the page away. */
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      update_pending (self);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);

  source = source_label (disk);
  adw_action_row_set_subtitle (self->device_row, device_label (disk->device));
  adw_action_row_set_subtitle (self->target_row, disk->target);
  adw_action_row_set_subtitle (self->bus_row, disk->bus != NULL ? disk->bus : "");
  adw_action_row_set_subtitle (self->source_row, source);
  adw_action_row_set_subtitle (self->format_row, disk->driver_type != NULL ? disk->driver_type : "");
  adw_action_row_set_subtitle (self->readonly_row, disk->readonly ? _("Yes") : _("No"));
  adw_preferences_group_set_title (self->details_group, device_label (disk->device));

  gtk_widget_set_visible (GTK_WIDGET (self->media_group), is_removable (disk));
  gtk_widget_set_visible (GTK_WIDGET (self->volumes_button), context->connection != NULL &&
                                                             context->host != NULL);
  /* What the user typed and has not inserted stays. */
  if (typed == NULL || g_strcmp0 (typed, previous_source) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->media_row), disk->source != NULL ? disk->source : "");

  update_pending (self);
  update_buttons (self);
}

static void
vireo_disk_page_applied (VireoHardwarePage  *page,
                         const GError       *error,
                         VireoDomainApplied  applied,
                         const char         *pending_reason)
{
  VireoDiskPage *self = VIREO_DISK_PAGE (page);
  Operation operation = self->operation;

  self->operation = OPERATION_NONE;
  if (error != NULL)
    {
      if (operation == OPERATION_MEDIA)
        show_media_error (self, error->message);
      else
        set_label_text (self->error_label, error->message);
      return;
    }

  set_label_text (self->error_label, NULL);
  self->pending = applied == VIREO_DOMAIN_APPLIED_PENDING;
  g_free (self->pending_reason);
  self->pending_reason = g_strdup (pending_reason);
  update_pending (self);
}

static void
vireo_disk_page_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_disk_page_update;
  iface->applied = vireo_disk_page_applied;
}

/* GObject */

static void
vireo_disk_page_dispose (GObject *object)
{
  VireoDiskPage *self = VIREO_DISK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DISK_PAGE);
  g_clear_pointer (&self->context, vireo_hardware_context_unref);

  G_OBJECT_CLASS (vireo_disk_page_parent_class)->dispose (object);
}

static void
vireo_disk_page_finalize (GObject *object)
{
  VireoDiskPage *self = VIREO_DISK_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->target);
  g_free (self->pending_reason);

  G_OBJECT_CLASS (vireo_disk_page_parent_class)->finalize (object);
}

static void
vireo_disk_page_class_init (VireoDiskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_disk_page_dispose;
  object_class->finalize = vireo_disk_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vireo_vm/Vireo/details/vireo-disk-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, device_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, target_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, bus_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, format_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, readonly_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, media_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, media_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, volumes_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, media_error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, eject_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, insert_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDiskPage, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_media_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_eject_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_insert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
}

static void
vireo_disk_page_init (VireoDiskPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  vireo_volume_picker_setup (self->volumes_button, GTK_EDITABLE (self->media_row), volume_source, self);
}

/**
 * vireo_disk_page_new:
 * @target: the disk's target ("vda")
 *
 * Returns: (transfer floating): a VireoHardwarePage; nothing is shown until
 * vireo_hardware_page_update(). Must be called from the main thread.
 */
GtkWidget *
vireo_disk_page_new (const char *target)
{
  VireoDiskPage *self;

  g_return_val_if_fail (target != NULL, NULL);

  self = g_object_new (VIREO_TYPE_DISK_PAGE, NULL);
  self->target = g_strdup (target);
  adw_action_row_set_subtitle (self->target_row, target);
  return GTK_WIDGET (self);
}

const char *
vireo_disk_page_get_target (VireoDiskPage *self)
{
  g_return_val_if_fail (VIREO_IS_DISK_PAGE (self), NULL);
  return self->target;
}
