/* vireo-volume-picker.c: a menu button listing the storage volumes of a host's active pools,
 * shared by the new-VM assistant and the hardware pages
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-volume-picker"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-volume-picker.h"

typedef struct
{
  GtkEditable             *target;   /* borrowed: a sibling of the button */
  VireoVolumePickerSource  source;
  gpointer                 data;
} Picker;

static void
on_volume_row_activated_cb (GtkListBox    *box,
                            GtkListBoxRow *row,
                            Picker        *picker)
{
  GtkPopover *popover = GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (box), GTK_TYPE_POPOVER));

  gtk_editable_set_text (picker->target, g_object_get_data (G_OBJECT (row), "vireo-path"));
  gtk_popover_popdown (popover);
}

static void
on_volumes_listed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GtkListBox) box = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volumes = vireo_install_list_volumes_finish (VIREO_CONNECTION (source), result, &error);

  if (volumes == NULL)
    return;

  for (guint i = 0; i < volumes->len; i++)
    {
      const VireoInstallVolume *volume = g_ptr_array_index (volumes, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), volume->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), volume->path);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "vireo-path", g_strdup (volume->path), g_free);
      gtk_list_box_append (box, row);
    }
}

static void
on_volumes_popover_show_cb (GtkPopover *popover,
                            Picker     *picker)
{
  GtkListBox *box = GTK_LIST_BOX (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (gtk_popover_get_child (popover))));
  VireoConnection *connection = NULL;
  VireoInstallHost *host = NULL;
  GCancellable *cancellable = NULL;
  GtkWidget *child;

  /* Listed afresh each time: volumes come and go. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);

  if (!picker->source (picker->data, &connection, &host, &cancellable) || connection == NULL || host == NULL)
    return;

  for (guint i = 0; i < host->pools->len; i++)
    {
      const VireoInstallPool *pool = g_ptr_array_index (host->pools, i);

      if (pool->active)
        vireo_install_list_volumes_async (connection, pool->name, cancellable,
                                          on_volumes_listed_cb, g_object_ref (box));
    }
}

/**
 * vireo_volume_picker_setup:
 * @button: the menu button
 * @target: the entry the chosen volume's path goes to
 * @source: gives the connection and host to list
 * @data: for @source
 *
 * Must be called from the main thread.
 */
void
vireo_volume_picker_setup (GtkMenuButton           *button,
                           GtkEditable             *target,
                           VireoVolumePickerSource  source,
                           gpointer                 data)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_list_box_new ();
  Picker *picker = g_new0 (Picker, 1);

  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (GTK_IS_EDITABLE (target));
  g_return_if_fail (source != NULL);

  picker->target = target;
  picker->source = source;
  picker->data = data;
  g_object_set_data_full (G_OBJECT (popover), "vireo-volume-picker", picker, g_free);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (box), gtk_label_new (_("No volumes")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Storage volumes"), -1);
  g_signal_connect (box, "row-activated", G_CALLBACK (on_volume_row_activated_cb), picker);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  g_signal_connect (popover, "show", G_CALLBACK (on_volumes_popover_show_cb), picker);
  gtk_menu_button_set_popover (button, popover);
}
