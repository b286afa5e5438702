/* hardware-test-helpers.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hardware-test-helpers.h"
#include "vireo-ui-test.h"

char *
hw_corpus (const char *name)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "domain", name, NULL);
  g_autoptr(GError) error = NULL;
  char *xml = NULL;

  if (!g_file_get_contents (path, &xml, NULL, &error))
    fail_msg ("%s: %s", path, error->message);
  return xml;
}

VireoHardwareContext *
hw_context_new (VireoConnection  *connection,
             VireoInstallHost *host,
             const char       *xml,
             gboolean          running,
             gboolean          draft)
{
  g_autoptr(GError) error = NULL;
  /* A running VM: its live XML is the definition (nothing pending). */
  VireoHardwareContext *context = vireo_hardware_context_new (connection, NULL, host, xml,
                                                              running ? xml : NULL, draft, &error);

  if (context == NULL)
    fail_msg ("context: %s", error->message);
  return context;
}


void
hw_on_apply (VireoHardwarePage *page,
          const char        *xml,
          GPtrArray         *changes,
          Emitted           *emitted)
{
  emitted->count++;
  g_free (emitted->xml);
  emitted->xml = g_strdup (xml);
  g_clear_pointer (&emitted->changes, g_ptr_array_unref);
  emitted->changes = vireo_live_changes_new ();
  for (guint i = 0; i < changes->len; i++)
    {
      const VireoLiveChange *change = g_ptr_array_index (changes, i);

      g_ptr_array_add (emitted->changes,
                       change->device_xml != NULL ? vireo_live_change_new_device (change->kind, change->device_xml)
                                                  : vireo_live_change_new_value (change->kind, change->value));
    }
}

void
hw_emitted_clear (Emitted *emitted)
{
  g_clear_pointer (&emitted->xml, g_free);
  g_clear_pointer (&emitted->changes, g_ptr_array_unref);
  emitted->count = 0;
}

/* Exactly one ::apply with @xml and, when @device_xml, one @kind change of it (else none). */
void
hw_assert_emitted (Emitted             *emitted,
                const char          *xml,
                VireoLiveChangeKind  kind,
                const char          *device_xml)
{
  assert_int_equal (emitted->count, 1);
  assert_string_equal (emitted->xml, xml);
  if (device_xml == NULL)
    {
      assert_int_equal (emitted->changes->len, 0);
      return;
    }
  assert_int_equal (emitted->changes->len, 1);
  assert_int_equal (((VireoLiveChange *) g_ptr_array_index (emitted->changes, 0))->kind, kind);
  assert_string_equal (((VireoLiveChange *) g_ptr_array_index (emitted->changes, 0))->device_xml, device_xml);
}

gboolean
hw_emitted_once (gpointer data)
{
  return ((Emitted *) data)->count > 0;
}


void
hw_show_page (Shown                *shown,
           GtkWidget            *page,
           VireoHardwareContext *context)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  shown->page = page;
  shown->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (shown->window, 560, 640);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), page);
  gtk_window_set_child (shown->window, scrolled);
  g_signal_connect (page, "apply", G_CALLBACK (hw_on_apply), &shown->emitted);
  vireo_hardware_page_update (VIREO_HARDWARE_PAGE (page), context);
  vireo_ui_test_present (shown->window);
}

void
hw_shown_destroy (Shown *shown)
{
  vireo_ui_test_destroy_window (shown->window);
  hw_emitted_clear (&shown->emitted);
}

const char *
hw_subtitle (GtkWidget  *page,
          GType       type,
          const char *row)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (vireo_ui_test_child (page, type, row)));
}

gboolean
hw_visible (GtkWidget  *page,
         GType       type,
         const char *name)
{
  return gtk_widget_get_visible (vireo_ui_test_child (page, type, name));
}

const char *
hw_label_text (GtkWidget  *page,
            GType       type,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (vireo_ui_test_child (page, type, name)));
}

void
hw_click (GtkWidget  *page,
       GType       type,
       const char *name)
{
  GtkWidget *button = vireo_ui_test_child (page, type, name);

  assert_true (gtk_widget_is_sensitive (button));
  /* Not gtk_widget_activate(): a realized button clicks only after its press animation. */
  g_signal_emit_by_name (button, "clicked");
  vireo_ui_test_flush ();
}

void
hw_set_text (GtkWidget  *page,
          GType       type,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (vireo_ui_test_child (page, type, name)), text);
}

const char *
hw_combo_string (GtkWidget  *page,
              GType       type,
              const char *name)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (vireo_ui_test_child (page, type, name)));

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

void
hw_combo_select_string (GtkWidget  *page,
                     GType       type,
                     const char *name,
                     const char *value)
{
  AdwComboRow *row = ADW_COMBO_ROW (vireo_ui_test_child (page, type, name));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), value) == 0)
      {
        adw_combo_row_set_selected (row, i);
        vireo_ui_test_flush ();
        return;
      }
  fail_msg ("'%s' is not offered in %s", value, name);
}

/* What a click on the dialog's button does: the response, then the dialog closes. */
void
hw_respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  vireo_ui_test_flush ();
}

AdwMessageDialog *
hw_find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

