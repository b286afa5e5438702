/* vireo-add-hardware-dialog.c: adds a disk (new volume or existing image) or a network interface
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-add-hardware-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-add-hardware-dialog.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-macs.h"
#include "vireo-error.h"
#include "vireo-nic-sources.h"
#include "vireo-volume-create.h"
#include "vireo-volume-picker.h"

#define GIB ((guint64) 1024 * 1024 * 1024)

enum { SOURCE_NEW_VOLUME, SOURCE_EXISTING };
enum { DEVICE_DISK, DEVICE_CDROM };

struct _VireoAddHardwareDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *cancel_button;
  GtkButton            *add_button;
  GtkStack             *stack;
  AdwComboRow          *device_row;
  AdwComboRow          *bus_row;
  GtkStringList        *buses;
  AdwComboRow          *source_kind_row;
  AdwPreferencesGroup  *new_volume_group;
  AdwComboRow          *pool_row;
  AdwEntryRow          *volume_name_row;
  GtkSpinButton        *size_spin;
  AdwComboRow          *format_row;
  GtkLabel             *volume_error_label;
  AdwPreferencesGroup  *existing_group;
  AdwEntryRow          *path_row;
  GtkMenuButton        *volumes_button;
  GtkLabel             *path_error_label;
  AdwComboRow          *nic_type_row;
  AdwComboRow          *nic_source_row;
  AdwEntryRow          *bridge_row;
  AdwComboRow          *nic_model_row;
  AdwEntryRow          *mac_row;
  GtkLabel             *mac_error_label;
  GtkProgressBar       *progress_bar;
  GtkLabel             *error_label;

  /* Owned */
  VireoHardwareContext *context;
  VireoInstallHost     *shown_host;     /* the host the combos were filled from */
  GtkStringList        *nic_types;
  GCancellable         *cancellable;
  GHashTable           *pool_volumes;   /* names in the selected pool; NULL until listed */
  char                 *created_path;   /* the volume made for the disk being added */
  gboolean              busy;           /* creating, checking, or waiting for applied() */
  gboolean              filling;
  gboolean              name_set;       /* the volume name is the default one */
};

static void vireo_add_hardware_dialog_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoAddHardwareDialog, vireo_add_hardware_dialog, ADW_TYPE_WINDOW,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE,
                                                      vireo_add_hardware_dialog_iface_init))

/* --- helpers ---------------------------------------------------------------------------------- */

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static const char *
combo_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

static void
set_error (GtkLabel   *label,
           GtkWidget  *field,
           const char *message)
{
  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (field == NULL)
    return;
  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
}

static void
clear_errors (VireoAddHardwareDialog *self)
{
  set_error (self->volume_error_label, GTK_WIDGET (self->volume_name_row), NULL);
  set_error (self->path_error_label, GTK_WIDGET (self->path_row), NULL);
  set_error (self->mac_error_label, GTK_WIDGET (self->mac_row), NULL);
  set_error (self->error_label, NULL, NULL);
}

static gboolean
is_storage (VireoAddHardwareDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "storage") == 0;
}

static gboolean
wants_new_volume (VireoAddHardwareDialog *self)
{
  return !self->context->draft && self->context->connection != NULL &&
         adw_combo_row_get_selected (self->device_row) == DEVICE_DISK &&
         adw_combo_row_get_selected (self->source_kind_row) == SOURCE_NEW_VOLUME;
}

static const VireoInstallPool *
selected_pool (VireoAddHardwareDialog *self)
{
  const char *name = combo_string (self->pool_row);

  if (name == NULL || self->context->host == NULL)
    return NULL;
  return vireo_install_host_find_pool (self->context->host, name);
}

static void
update_sensitivity (VireoAddHardwareDialog *self)
{
  gboolean new_volume = wants_new_volume (self);
  gboolean can_create = !self->context->draft && self->context->connection != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->source_kind_row),
                          can_create && adw_combo_row_get_selected (self->device_row) == DEVICE_DISK);
  gtk_widget_set_visible (GTK_WIDGET (self->new_volume_group), new_volume);
  gtk_widget_set_visible (GTK_WIDGET (self->existing_group), !new_volume);
  gtk_widget_set_visible (GTK_WIDGET (self->volumes_button),
                          self->context->connection != NULL && self->context->host != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !self->busy);
}

static void
set_busy (VireoAddHardwareDialog *self,
          gboolean                busy)
{
  self->busy = busy;
  if (!busy)
    gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  update_sensitivity (self);
}

/* --- the new volume's name -------------------------------------------------------------------- */

static gboolean
name_is_taken (VireoAddHardwareDialog *self,
               const char             *name)
{
  const VireoDomainConfig *config = self->context->config;

  if (self->pool_volumes != NULL && g_hash_table_contains (self->pool_volumes, name))
    return TRUE;
  /* Not listed yet: at least not one of this VM's own disks. */
  for (guint i = 0; i < config->disks->len; i++)
    {
      const VireoDomainDisk *disk = g_ptr_array_index (config->disks, i);
      g_autofree char *base = disk->source != NULL ? g_path_get_basename (disk->source) : NULL;

      if (g_strcmp0 (base, name) == 0 || g_strcmp0 (disk->source_volume, name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "<vm>-N.<format>", the first N free. */
static void
set_default_name (VireoAddHardwareDialog *self)
{
  const char *vm = self->context->config->name != NULL ? self->context->config->name : "disk";
  const char *format = combo_string (self->format_row);
  g_autofree char *typed = entry_text (self->volume_name_row);
  g_autofree char *name = NULL;

  /* A name the user typed stays. */
  if (!self->name_set && typed != NULL)
    return;
  for (guint n = 1; name == NULL || name_is_taken (self, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u.%s", vm, n, g_strcmp0 (format, "raw") == 0 ? "img" : "qcow2");
    }
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->volume_name_row), name);
  self->filling = FALSE;
  self->name_set = TRUE;
}

static void
on_pool_volumes_listed_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(VireoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volumes = vireo_install_list_volumes_finish (VIREO_CONNECTION (source), result, &error);

  if (volumes == NULL)
    return;

  g_clear_pointer (&self->pool_volumes, g_hash_table_unref);
  self->pool_volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < volumes->len; i++)
    g_hash_table_add (self->pool_volumes, g_strdup (((VireoInstallVolume *) g_ptr_array_index (volumes, i))->name));
  set_default_name (self);
}

static void
on_pool_selected_cb (VireoAddHardwareDialog *self)
{
  const VireoInstallPool *pool;

  if (self->filling || self->context == NULL)
    return;
  g_clear_pointer (&self->pool_volumes, g_hash_table_unref);
  pool = selected_pool (self);
  if (pool != NULL)
    {
      g_autofree char *free_text = g_format_size_full (pool->available, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *subtitle = g_strdup_printf (_("%s free"), free_text);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->pool_row), subtitle);
      if (self->context->connection != NULL)
        vireo_install_list_volumes_async (self->context->connection, pool->name, self->cancellable,
                                          on_pool_volumes_listed_cb, g_object_ref (self));
    }
  set_default_name (self);
}

static void
on_format_selected_cb (VireoAddHardwareDialog *self)
{
  if (!self->filling && self->context != NULL)
    set_default_name (self);
}

static void
on_volume_name_changed_cb (VireoAddHardwareDialog *self)
{
  if (self->filling)
    return;
  self->name_set = FALSE;
  set_error (self->volume_error_label, GTK_WIDGET (self->volume_name_row), NULL);
}

/* --- fields ----------------------------------------------------------------------------------- */

static void
on_field_changed_cb (VireoAddHardwareDialog *self)
{
  if (self->filling || self->context == NULL)
    return;
  set_error (self->volume_error_label, GTK_WIDGET (self->volume_name_row), NULL);
  update_sensitivity (self);
}

static void
on_path_changed_cb (VireoAddHardwareDialog *self)
{
  set_error (self->path_error_label, GTK_WIDGET (self->path_row), NULL);
}

static void
on_mac_changed_cb (VireoAddHardwareDialog *self)
{
  set_error (self->mac_error_label, GTK_WIDGET (self->mac_row), NULL);
}

static void
on_device_selected_cb (VireoAddHardwareDialog *self)
{
  if (self->context == NULL)
    return;
  /* A CD-ROM is on SATA by default (virtio has no CD-ROMs), a disk on virtio. */
  adw_combo_row_set_selected (self->bus_row, adw_combo_row_get_selected (self->device_row) == DEVICE_CDROM ? 1 : 0);
  update_sensitivity (self);
}

static void
on_source_kind_selected_cb (VireoAddHardwareDialog *self)
{
  if (self->context != NULL)
    update_sensitivity (self);
}

static const char *
selected_nic_type (VireoAddHardwareDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->nic_type_row);

  return selected != GTK_INVALID_LIST_POSITION ? gtk_string_list_get_string (self->nic_types, selected) : NULL;
}

static void
on_nic_type_selected_cb (VireoAddHardwareDialog *self)
{
  const char *type;
  g_autoptr(GtkStringList) sources = NULL;

  if (self->context == NULL)
    return;
  type = selected_nic_type (self);
  sources = vireo_nic_source_list_new (self->context->host, type);
  adw_combo_row_set_model (self->nic_source_row, G_LIST_MODEL (sources));
  gtk_widget_set_visible (GTK_WIDGET (self->nic_source_row), vireo_nic_source_type_has_list (type));
  gtk_widget_set_visible (GTK_WIDGET (self->bridge_row), g_strcmp0 (type, "bridge") == 0);
}

/* The host's pools and networks, when it changed. */
static void
fill_host (VireoAddHardwareDialog *self)
{
  g_autoptr(GtkStringList) pools = gtk_string_list_new (NULL);
  VireoInstallHost *host = self->context->host;

  if (host == self->shown_host)
    return;
  g_clear_pointer (&self->shown_host, vireo_install_host_free);
  self->shown_host = host != NULL ? vireo_install_host_ref (host) : NULL;

  for (guint i = 0; host != NULL && i < host->pools->len; i++)
    {
      const VireoInstallPool *pool = g_ptr_array_index (host->pools, i);

      if (pool->active)
        gtk_string_list_append (pools, pool->name);
    }
  self->filling = TRUE;
  adw_combo_row_set_model (self->pool_row, G_LIST_MODEL (pools));
  self->filling = FALSE;
  on_pool_selected_cb (self);
  on_nic_type_selected_cb (self);
}

/* --- adding a disk ---------------------------------------------------------------------------- */

static void
rollback_volume (VireoAddHardwareDialog *self);

/* Emits ::apply for a disk at @path (NULL: an empty CD-ROM drive). */
static void
add_disk (VireoAddHardwareDialog *self,
          const char             *path,
          const char             *format)
{
  VireoDomainDiskSpec spec = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *target = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *device_xml = NULL;

  spec.device = adw_combo_row_get_selected (self->device_row) == DEVICE_CDROM ? "cdrom" : "disk";
  spec.path = path;
  spec.bus = combo_string (self->bus_row);
  spec.format = format;
  spec.readonly = g_str_equal (spec.device, "cdrom");

  xml = vireo_domain_edit_add_disk (self->context->xml, &spec, &target, &error);
  if (xml != NULL)
    device_xml = vireo_domain_edit_dup_disk_xml (xml, target, &error);
  if (device_xml == NULL)
    {
      set_error (self->error_label, NULL, error->message);
      rollback_volume (self);
      set_busy (self, FALSE);
      return;
    }

  if (!self->context->draft)
    g_ptr_array_add (changes, vireo_live_change_new_device (VIREO_LIVE_CHANGE_ATTACH_DEVICE, device_xml));
  /* Busy until the owner says how it went. */
  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, changes);
}

static const char *
guess_format (const char *path)
{
  return g_str_has_suffix (path, ".qcow2") ? "qcow2" : NULL;
}

static void
on_progress_cb (double      fraction,
                const char *step,
                gpointer    user_data)
{
  VireoAddHardwareDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, step);
}

static void
on_volume_created_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VireoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = vireo_volume_create_finish (VIREO_CONNECTION (source), result, &error);

  if (path == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self->volume_error_label, GTK_WIDGET (self->volume_name_row), error->message);
      return;
    }
  /* Made, but the dialog went away meanwhile: the volume has no use. */
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      vireo_volume_delete_async (VIREO_CONNECTION (source), path, NULL, NULL, NULL);
      return;
    }

  self->created_path = g_strdup (path);
  add_disk (self, path, combo_string (self->format_row));
}

static void
create_volume (VireoAddHardwareDialog *self)
{
  const VireoInstallPool *pool = selected_pool (self);
  g_autofree char *name = entry_text (self->volume_name_row);
  guint64 capacity = (guint64) gtk_spin_button_get_value_as_int (self->size_spin) * GIB;
  g_autofree char *message = NULL;

  if (pool == NULL)
    message = g_strdup (_("Choose the storage pool of the new volume."));
  else if (name == NULL)
    message = g_strdup (_("Enter a name for the new volume."));
  else if (strchr (name, '/') != NULL)
    message = g_strdup_printf (_("'%s' is not a volume name: it cannot contain '/'."), name);
  else if (name_is_taken (self, name))
    message = g_strdup_printf (_("The storage pool '%s' already has a volume named '%s': choose "
                                 "another name."), pool->name, name);
  else if (capacity > pool->available)
    {
      g_autofree char *wanted = g_format_size_full (capacity, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *available = g_format_size_full (pool->available, G_FORMAT_SIZE_IEC_UNITS);

      message = g_strdup_printf (_("The new volume needs %s but the storage pool '%s' has only %s free."),
                                 wanted, pool->name, available);
    }
  if (message != NULL)
    {
      set_error (self->volume_error_label, GTK_WIDGET (self->volume_name_row), message);
      return;
    }

  set_busy (self, TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Creating the disk…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  vireo_volume_create_async (self->context->connection, pool->name, name, capacity,
                             combo_string (self->format_row), self->cancellable,
                             on_progress_cb, self, on_volume_created_cb, g_object_ref (self));
}

static void
on_path_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VireoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_object_steal_data (G_OBJECT (self), "vireo-checked-path");

  if (!vireo_install_check_path_finish (VIREO_CONNECTION (source), result, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self->path_error_label, GTK_WIDGET (self->path_row), error->message);
      return;
    }
  add_disk (self, path, guess_format (path));
}

static void
add_existing (VireoAddHardwareDialog *self)
{
  g_autofree char *path = entry_text (self->path_row);
  g_autofree char *message = NULL;

  if (path == NULL)
    {
      /* An empty CD-ROM drive is fine: media go in later. */
      if (adw_combo_row_get_selected (self->device_row) == DEVICE_CDROM)
        {
          set_busy (self, TRUE);
          add_disk (self, NULL, NULL);
          return;
        }
      message = g_strdup (_("Enter the path of the disk image."));
    }
  else if (!g_path_is_absolute (path))
    message = g_strdup_printf (_("'%s' is not an absolute path."), path);
  else if (self->context->connection == NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    message = g_strdup_printf (_("'%s' does not exist."), path);
  if (message != NULL)
    {
      set_error (self->path_error_label, GTK_WIDGET (self->path_row), message);
      return;
    }

  set_busy (self, TRUE);
  if (self->context->connection == NULL)
    {
      add_disk (self, path, guess_format (path));
      return;
    }
  g_object_set_data_full (G_OBJECT (self), "vireo-checked-path", g_strdup (path), g_free);
  vireo_install_check_path_async (self->context->connection, path, self->cancellable,
                                  on_path_checked_cb, g_object_ref (self));
}

/* --- adding a NIC ----------------------------------------------------------------------------- */

static gboolean
mac_in (const char * const *macs,
        const char         *mac)
{
  for (guint i = 0; macs != NULL && macs[i] != NULL; i++)
    if (g_ascii_strcasecmp (macs[i], mac) == 0)
      return TRUE;
  return FALSE;
}

static void
add_nic (VireoAddHardwareDialog *self,
         const char * const     *used_macs)
{
  VireoDomainNicSpec spec = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *mac = entry_text (self->mac_row);
  g_autofree char *bridge = entry_text (self->bridge_row);
  g_autofree char *new_mac = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *device_xml = NULL;

  if (mac != NULL && (mac_in (used_macs, mac) ||
                      vireo_domain_config_find_nic (self->context->config, mac) != NULL))
    {
      g_autofree char *message = g_strdup_printf (_("The MAC address '%s' is already in use: leave it "
                                                    "empty for a new one."), mac);

      set_error (self->mac_error_label, GTK_WIDGET (self->mac_row), message);
      set_busy (self, FALSE);
      return;
    }

  spec.type = selected_nic_type (self);
  spec.source = vireo_nic_source_type_has_list (spec.type) ? combo_string (self->nic_source_row) : bridge;
  spec.model = combo_string (self->nic_model_row);
  spec.mac = mac;
  if (spec.source == NULL)
    {
      set_error (self->error_label, NULL, _("Choose what the interface is connected to."));
      set_busy (self, FALSE);
      return;
    }

  xml = vireo_domain_edit_add_nic (self->context->xml, &spec, used_macs, &new_mac, &error);
  if (xml != NULL)
    device_xml = vireo_domain_edit_dup_nic_xml (xml, new_mac, &error);
  if (device_xml == NULL)
    {
      set_error (self->error_label, NULL, error->message);
      set_busy (self, FALSE);
      return;
    }

  if (!self->context->draft)
    g_ptr_array_add (changes, vireo_live_change_new_device (VIREO_LIVE_CHANGE_ATTACH_DEVICE, device_xml));
  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, changes);
}

static void
on_macs_listed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VireoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) macs = vireo_connection_list_macs_finish (VIREO_CONNECTION (source), result, &error);

  if (macs == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self->error_label, NULL, error->message);
      return;
    }
  add_nic (self, (const char * const *) macs);
}

static void
start_nic (VireoAddHardwareDialog *self)
{
  g_autofree char *mac = entry_text (self->mac_row);

  if (mac != NULL && !vireo_domain_edit_mac_is_valid (mac))
    {
      g_autofree char *message = g_strdup_printf (_("'%s' is not a MAC address: six pairs of hex digits, "
                                                    "unicast, e.g. 52:54:00:12:34:56."), mac);

      set_error (self->mac_error_label, GTK_WIDGET (self->mac_row), message);
      return;
    }

  set_busy (self, TRUE);
  if (self->context->connection == NULL)
    {
      add_nic (self, NULL);
      return;
    }
  /* The other VMs' MACs, fresh: a MAC used twice on a network breaks both guests. */
  vireo_connection_list_macs_async (self->context->connection, self->context->config->uuid,
                                    self->cancellable, on_macs_listed_cb, g_object_ref (self));
}

/* --- buttons ---------------------------------------------------------------------------------- */

static void
on_add_clicked_cb (VireoAddHardwareDialog *self)
{
  if (self->busy || self->context == NULL)
    return;
  clear_errors (self);
  if (!is_storage (self))
    start_nic (self);
  else if (wants_new_volume (self))
    create_volume (self);
  else
    add_existing (self);
}

static void
on_cancel_clicked_cb (VireoAddHardwareDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
vireo_add_hardware_dialog_close_request (GtkWindow *window)
{
  VireoAddHardwareDialog *self = VIREO_ADD_HARDWARE_DIALOG (window);

  /* While a volume is made or the owner applies, closing would leave things half done. */
  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (vireo_add_hardware_dialog_parent_class)->close_request (window);
}

/* --- rollback --------------------------------------------------------------------------------- */

static void
on_volume_deleted_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VireoAddHardwareDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_volume_delete_finish (VIREO_CONNECTION (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("%s The new volume could not be removed: %s"),
                                               gtk_label_get_label (self->error_label), error->message);

      set_error (self->error_label, NULL, text);
    }
}

/* Removes the volume made for a disk that was not added. */
static void
rollback_volume (VireoAddHardwareDialog *self)
{
  g_autofree char *path = g_steal_pointer (&self->created_path);

  if (path == NULL || self->context->connection == NULL)
    return;
  vireo_volume_delete_async (self->context->connection, path, NULL, on_volume_deleted_cb,
                             g_object_ref (self));
}

/* --- VireoHardwarePage ------------------------------------------------------------------------ */

static void
vireo_add_hardware_dialog_update (VireoHardwarePage    *page,
                                  VireoHardwareContext *context)
{
  VireoAddHardwareDialog *self = VIREO_ADD_HARDWARE_DIALOG (page);
  gboolean first = self->context == NULL;

  vireo_hardware_context_ref (context);
  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = context;

  fill_host (self);
  if (first)
    {
      on_nic_type_selected_cb (self);
      set_default_name (self);
      if (context->draft || context->connection == NULL)
        adw_combo_row_set_selected (self->source_kind_row, SOURCE_EXISTING);
    }
  update_sensitivity (self);
}

static void
vireo_add_hardware_dialog_applied (VireoHardwarePage  *page,
                                   const GError       *error,
                                   VireoDomainApplied  applied,
                                   const char         *pending_reason)
{
  VireoAddHardwareDialog *self = VIREO_ADD_HARDWARE_DIALOG (page);

  set_busy (self, FALSE);
  if (error != NULL)
    {
      set_error (self->error_label, NULL, error->message);
      rollback_volume (self);
      return;
    }
  /* Added: the volume is the disk's now. A refused hot-plug is the owner's to tell (pending). */
  g_clear_pointer (&self->created_path, g_free);
  gtk_window_close (GTK_WINDOW (self));
}

static void
vireo_add_hardware_dialog_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_add_hardware_dialog_update;
  iface->applied = vireo_add_hardware_dialog_applied;
}

/* --- GObject ---------------------------------------------------------------------------------- */

static gboolean
volume_source (gpointer           data,
               VireoConnection  **connection,
               VireoInstallHost **host,
               GCancellable     **cancellable)
{
  VireoAddHardwareDialog *self = data;

  if (self->context == NULL)
    return FALSE;
  *connection = self->context->connection;
  *host = self->context->host;
  *cancellable = self->cancellable;
  return TRUE;
}

static void
vireo_add_hardware_dialog_dispose (GObject *object)
{
  VireoAddHardwareDialog *self = VIREO_ADD_HARDWARE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_ADD_HARDWARE_DIALOG);
  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  g_clear_pointer (&self->shown_host, vireo_install_host_free);
  g_clear_pointer (&self->pool_volumes, g_hash_table_unref);
  g_clear_object (&self->nic_types);

  G_OBJECT_CLASS (vireo_add_hardware_dialog_parent_class)->dispose (object);
}

static void
vireo_add_hardware_dialog_finalize (GObject *object)
{
  VireoAddHardwareDialog *self = VIREO_ADD_HARDWARE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->created_path);

  G_OBJECT_CLASS (vireo_add_hardware_dialog_parent_class)->finalize (object);
}

static void
vireo_add_hardware_dialog_class_init (VireoAddHardwareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vireo_add_hardware_dialog_dispose;
  object_class->finalize = vireo_add_hardware_dialog_finalize;
  window_class->close_request = vireo_add_hardware_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vireo_vm/Vireo/details/vireo-add-hardware-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoAddHardwareDialog, name)
  BIND (cancel_button);
  BIND (add_button);
  BIND (stack);
  BIND (device_row);
  BIND (bus_row);
  BIND (buses);
  BIND (source_kind_row);
  BIND (new_volume_group);
  BIND (pool_row);
  BIND (volume_name_row);
  BIND (size_spin);
  BIND (format_row);
  BIND (volume_error_label);
  BIND (existing_group);
  BIND (path_row);
  BIND (volumes_button);
  BIND (path_error_label);
  BIND (nic_type_row);
  BIND (nic_source_row);
  BIND (bridge_row);
  BIND (nic_model_row);
  BIND (mac_row);
  BIND (mac_error_label);
  BIND (progress_bar);
  BIND (error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_device_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_source_kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pool_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_volume_name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_format_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_nic_type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_mac_changed_cb);
}

static void
vireo_add_hardware_dialog_init (VireoAddHardwareDialog *self)
{
  g_autoptr(GtkStringList) labels = vireo_nic_source_type_labels_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->nic_types = vireo_nic_source_types_new ();
  adw_combo_row_set_model (self->nic_type_row, G_LIST_MODEL (labels));
  vireo_volume_picker_setup (self->volumes_button, GTK_EDITABLE (self->path_row), volume_source, self);
}

/**
 * vireo_add_hardware_dialog_new:
 * @parent: (nullable): the window it is modal for
 * @context: the VM's hardware context
 *
 * Returns: (transfer none): the dialog (a toplevel: the window list owns it). Must be called
 * from the main thread.
 */
VireoAddHardwareDialog *
vireo_add_hardware_dialog_new (GtkWindow            *parent,
                               VireoHardwareContext *context)
{
  VireoAddHardwareDialog *self;

  g_return_val_if_fail (context != NULL, NULL);

  self = g_object_new (VIREO_TYPE_ADD_HARDWARE_DIALOG, "transient-for", parent, NULL);
  vireo_hardware_page_update (VIREO_HARDWARE_PAGE (self), context);
  return self;
}
