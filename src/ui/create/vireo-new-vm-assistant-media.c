/* vireo-new-vm-assistant-media.c: the assistant's first step: install media (ISO path, local
 * files, storage volumes), their checks on the host, and the OS (detection, searchable list)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-new-vm-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-install-job.h"
#include "vireo-new-vm-assistant-private.h"
#include "vireo-osinfo.h"
#include "vireo-volume-picker.h"

/* How long OS detection may read an ISO (a slow NFS mount) before the user picks by hand. */
#define DETECT_TIMEOUT_MS 10000
/* Typing a path: detect and check once the user paused. */
#define PATH_SETTLE_MS    300

/* OS list */

static void
on_os_popover_show_cb (VireoNewVmAssistant *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->os_search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->os_search_entry));
}

static void
on_os_search_changed_cb (VireoNewVmAssistant *self)
{
  g_autofree char *search = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (self->os_search_entry)), -1);

  gtk_string_filter_set_search (self->os_filter, search);
}

static void
on_os_list_activate_cb (VireoNewVmAssistant *self,
                        guint                position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->os_list_view));
  g_autoptr(VireoOs) os = g_list_model_get_item (model, position);

  gtk_popover_popdown (self->os_popover);
  _vireo_new_vm_assistant_set_os (self, os, NULL);
}

static void
on_os_generic_clicked_cb (VireoNewVmAssistant *self)
{
  gtk_popover_popdown (self->os_popover);
  _vireo_new_vm_assistant_set_os (self, NULL, NULL);
}

static void
on_os_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_os_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  VireoOs *os = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), vireo_os_get_name (os));
}

static void
on_osinfo_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) oses = vireo_osinfo_load_finish (result, &error);
  g_autoptr(GtkSelectionModel) selection = NULL;
  GtkFilterListModel *filtered;

  if (oses == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->os_row), error->message);
      return;
    }

  filtered = gtk_filter_list_model_new (g_object_ref (oses), g_object_ref (GTK_FILTER (self->os_filter)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (filtered)));
  gtk_list_view_set_model (self->os_list_view, selection);
}

/* Install media: detection and path checks */

static void
on_detected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = vireo_osinfo_detect_finish (result, &error);
  g_autofree char *note = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->detect_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->detect_spinner), FALSE);

  if (detection == NULL)
    {
      /* The path check says what is wrong with the file; this only says detection gave up. */
      note = g_strdup_printf (_("Could not detect the operating system: %s. Choose it below."), error->message);
      _vireo_new_vm_assistant_set_os (self, self->os, note);
    }
  else if (detection->os == NULL)
    {
      _vireo_new_vm_assistant_set_os (self, NULL, _("Vireo did not recognise this ISO. Choose its operating system below."));
    }
  else if (detection->is_fallback)
    {
      _vireo_new_vm_assistant_set_os (self, detection->os, detection->fallback_note);
    }
  else
    {
      note = g_strdup_printf (_("Detected from the ISO: %s"), vireo_os_get_name (detection->os));
      _vireo_new_vm_assistant_set_os (self, detection->os, note);
    }
}

typedef struct
{
  VireoNewVmAssistant *self;
  gboolean             is_disk;
  char                *path;
} PathCheck;

static void
path_check_free (PathCheck *check)
{
  g_object_unref (check->self);
  g_free (check->path);
  g_free (check);
}

static void
on_path_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PathCheck *check = user_data;
  VireoNewVmAssistant *self = check->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  char **slot;

  if (!vireo_install_check_path_finish (VIREO_CONNECTION (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      path_check_free (check);
      return;
    }

  /* A check of a path the user has since changed says nothing. */
  current = _vireo_new_vm_assistant_entry_text (check->is_disk ? self->disk_path_row : self->iso_row);
  if (g_strcmp0 (current, check->path) == 0)
    {
      slot = check->is_disk ? &self->disk_path_error : &self->iso_path_error;
      g_free (*slot);
      *slot = error != NULL ? g_strdup (error->message) : NULL;
      _vireo_new_vm_assistant_update (self);
    }
  path_check_free (check);
}

static void
check_path (VireoNewVmAssistant *self,
            gboolean             is_disk,
            const char          *path)
{
  PathCheck *check = g_new0 (PathCheck, 1);

  check->self = g_object_ref (self);
  check->is_disk = is_disk;
  check->path = g_strdup (path);
  vireo_install_check_path_async (self->connection, path, self->cancellable, on_path_checked_cb, check);
}

static gboolean
on_iso_settled_cb (gpointer user_data)
{
  VireoNewVmAssistant *self = user_data;
  g_autofree char *path = _vireo_new_vm_assistant_entry_text (self->iso_row);

  self->iso_settle_id = 0;
  if (path == NULL)
    return G_SOURCE_REMOVE;

  check_path (self, FALSE, path);

  /* Detection reads the file itself: only where Vireo runs next to it. */
  if (_vireo_new_vm_assistant_is_local (self))
    {
      g_cancellable_cancel (self->detect_cancellable);
      g_clear_object (&self->detect_cancellable);
      self->detect_cancellable = g_cancellable_new ();
      gtk_widget_set_visible (GTK_WIDGET (self->detect_spinner), TRUE);
      gtk_spinner_set_spinning (self->detect_spinner, TRUE);
      vireo_osinfo_detect_async (path, DETECT_TIMEOUT_MS, self->detect_cancellable, on_detected_cb,
                                 g_object_ref (self));
    }
  return G_SOURCE_REMOVE;
}

static void
on_iso_row_changed_cb (VireoNewVmAssistant *self)
{
  /* Until the host answers, the path is not known to be good or bad. */
  g_clear_pointer (&self->iso_path_error, g_free);
  g_clear_handle_id (&self->iso_settle_id, g_source_remove);
  if (self->ready)
    self->iso_settle_id = g_timeout_add (PATH_SETTLE_MS, on_iso_settled_cb, self);
  _vireo_new_vm_assistant_update (self);
}

static gboolean
on_disk_settled_cb (gpointer user_data)
{
  VireoNewVmAssistant *self = user_data;
  g_autofree char *path = _vireo_new_vm_assistant_entry_text (self->disk_path_row);

  self->disk_settle_id = 0;
  if (path != NULL)
    check_path (self, TRUE, path);
  return G_SOURCE_REMOVE;
}

static void
on_disk_path_row_changed_cb (VireoNewVmAssistant *self)
{
  g_clear_pointer (&self->disk_path_error, g_free);
  g_clear_handle_id (&self->disk_settle_id, g_source_remove);
  if (self->ready)
    self->disk_settle_id = g_timeout_add (PATH_SETTLE_MS, on_disk_settled_cb, self);
  _vireo_new_vm_assistant_update (self);
}

/* Local files */

static void
on_file_chosen_cb (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  AdwEntryRow *row = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), path);
    }
  g_object_unref (dialog);
}

static void
choose_file (VireoNewVmAssistant *self,
             AdwEntryRow         *row,
             const char          *title,
             const char          *pattern)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (pattern != NULL)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, title);
      gtk_file_filter_add_pattern (filter, pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen_cb), row);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_iso_browse_clicked_cb (VireoNewVmAssistant *self)
{
  choose_file (self, self->iso_row, _("ISO Images"), "*.[iI][sS][oO]");
}

static void
on_disk_browse_clicked_cb (VireoNewVmAssistant *self)
{
  choose_file (self, self->disk_path_row, _("Disk Images"), NULL);
}

/* Storage volumes, for hosts whose files Vireo cannot browse */

static gboolean
volume_source (gpointer           data,
               VireoConnection  **connection,
               VireoInstallHost **host,
               GCancellable     **cancellable)
{
  VireoNewVmAssistant *self = data;

  *connection = self->connection;
  *host = self->host;
  *cancellable = self->cancellable;
  return self->host != NULL;
}

void
_vireo_new_vm_assistant_recheck_paths (VireoNewVmAssistant *self)
{
  on_iso_row_changed_cb (self);
  on_disk_path_row_changed_cb (self);
}

void
_vireo_new_vm_assistant_load_oses (VireoNewVmAssistant *self)
{
  vireo_osinfo_load_async (self->cancellable, on_osinfo_loaded_cb, g_object_ref (self));
}

void
_vireo_new_vm_assistant_init_media (VireoNewVmAssistant *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->os_filter = gtk_string_filter_new (gtk_property_expression_new (VIREO_TYPE_OS, NULL, "search-text"));
  gtk_string_filter_set_match_mode (self->os_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->os_filter, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (on_os_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_os_item_bind_cb), NULL);
  gtk_list_view_set_factory (self->os_list_view, factory);

  vireo_volume_picker_setup (self->iso_volumes_button, GTK_EDITABLE (self->iso_row), volume_source, self);
  vireo_volume_picker_setup (self->disk_volumes_button, GTK_EDITABLE (self->disk_path_row), volume_source, self);
}

void
_vireo_new_vm_assistant_class_init_media (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_iso_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_iso_browse_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_generic_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_path_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_browse_clicked_cb);
}
