/* test-templates.c: every template builds under fatal warnings, shows, and is finalized after
 * destroy; the preferences are bound to the settings
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-add-connection-dialog.h"
#include "vireo-auth-dialog.h"
#include "vireo-connection-row.h"
#include "vireo-connection-sidebar.h"
#include "vireo-domain-cell.h"
#include "vireo-domain-list.h"
#include "vireo-preferences-window.h"
#include "vireo-sparkline.h"
#include "vireo-ui-test.h"
#include "vireo-window.h"

static void
test_window (void **state)
{
  VireoConnectionManager *manager = vireo_connection_manager_new (NULL);
  GtkWidget *window;

  vireo_connection_manager_add (manager, "test:///default", FALSE);
  vireo_connection_manager_add_demo (manager);

  window = vireo_window_new (NULL, manager);
  vireo_ui_test_present (window);

  /* Narrow: the leaflet folds to the sidebar; selecting and activating shows the content. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  vireo_ui_test_flush ();

  vireo_ui_test_destroy_window (window);
  vireo_test_assert_finalize (manager);
}

static void
test_sidebar_and_row (void **state)
{
  VireoConnectionManager *manager = vireo_connection_manager_new (NULL);
  VireoConnection *connection = vireo_connection_new ("test:///default");
  GtkWidget *row = g_object_ref_sink (vireo_connection_row_new (connection));
  GtkWidget *sidebar = g_object_ref_sink (vireo_connection_sidebar_new (manager));
  GtkWidget *window = gtk_window_new ();

  /* Standalone row */
  assert_ptr_equal (vireo_connection_row_get_connection (VIREO_CONNECTION_ROW (row)), connection);
  vireo_test_assert_finalize (row);
  /* The row left nothing connected to its connection. */
  assert_int_equal (g_signal_handler_find (connection, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, row), 0);
  vireo_test_assert_finalize (connection);

  /* Empty sidebar, then with rows, shown in a window */
  gtk_window_set_child (GTK_WINDOW (window), sidebar);
  vireo_ui_test_present (window);
  vireo_connection_manager_add (manager, "test:///default", FALSE);
  vireo_connection_manager_add_demo (manager);
  vireo_ui_test_flush ();

  /* (Removing it from a live window instead would leave GTK 4.8's focus-child reference.) */
  vireo_ui_test_destroy_window (window);
  vireo_test_assert_finalize (sidebar);
  vireo_test_assert_finalize (manager);
}

static void
test_domain_list_and_widgets (void **state)
{
  static const double values[] = { 0, 10, 50, 100, 30 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *list = vireo_domain_list_new ();
  GtkWidget *sparkline = vireo_sparkline_new ();

  /* Unbound cells of every kind, a sparkline with and without values, a list without a
   * connection: all build and draw under fatal warnings. */
  for (int kind = VIREO_DOMAIN_CELL_STATE; kind <= VIREO_DOMAIN_CELL_NETWORK; kind++)
    gtk_box_append (GTK_BOX (box), vireo_domain_cell_new (kind));
  gtk_box_append (GTK_BOX (box), sparkline);
  gtk_box_append (GTK_BOX (box), list);
  gtk_window_set_child (GTK_WINDOW (window), box);
  vireo_ui_test_present (window);

  vireo_sparkline_set_values (VIREO_SPARKLINE (sparkline), values, G_N_ELEMENTS (values), 0);
  vireo_ui_test_flush ();
  vireo_sparkline_clear (VIREO_SPARKLINE (sparkline));
  vireo_domain_list_start_search (VIREO_DOMAIN_LIST (list));
  vireo_ui_test_flush ();

  vireo_ui_test_destroy_window (window);
}

static void
test_add_connection_dialog (void **state)
{
  GtkWidget *parent = gtk_window_new ();
  GtkWidget *dialog;

  vireo_ui_test_present (parent);
  dialog = vireo_add_connection_dialog_new (GTK_WINDOW (parent));
  vireo_ui_test_present (dialog);

  vireo_ui_test_destroy_window (dialog);
  vireo_ui_test_destroy_window (parent);
}

static void
test_auth_dialogs (void **state)
{
  static const VireoAuthFieldKind kinds[] = {
    VIREO_AUTH_FIELD_USERNAME, VIREO_AUTH_FIELD_PASSWORD, VIREO_AUTH_FIELD_PASSPHRASE,
    VIREO_AUTH_FIELD_TEXT, VIREO_AUTH_FIELD_SECRET, VIREO_AUTH_FIELD_CONFIRM,
    VIREO_AUTH_FIELD_HOST_KEY,
  };
  GtkWidget *parent = gtk_window_new ();

  vireo_ui_test_present (parent);

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      VireoAuthRequest *request = vireo_auth_request_new (VIREO_AUTH_SOURCE_LIBVIRT, NULL, "Message");
      GtkWidget *dialog;

      vireo_auth_request_add_field (request, kinds[i], "Prompt", NULL);
      dialog = vireo_auth_dialog_new (GTK_WINDOW (parent), request);
      vireo_ui_test_present (dialog);
      vireo_ui_test_destroy_window (dialog);

      /* Gone unanswered: the request was cancelled, and the dialog let go of it. */
      assert_true (vireo_auth_request_is_finished (request));
      vireo_test_assert_finalize (request);
    }

  /* A request with every kind of field at once. */
  {
    VireoAuthRequest *request = vireo_auth_request_new (VIREO_AUTH_SOURCE_LIBVIRT, "Title", "Message");
    GtkWidget *dialog;

    for (gsize i = 0; i < G_N_ELEMENTS (kinds) - 1; i++)
      vireo_auth_request_add_field (request, kinds[i], "Prompt", "x");
    dialog = vireo_auth_dialog_new (GTK_WINDOW (parent), request);
    vireo_ui_test_present (dialog);
    vireo_ui_test_destroy_window (dialog);
    vireo_test_assert_finalize (request);
  }

  vireo_ui_test_destroy_window (parent);
}

static void
test_preferences (void **state)
{
  GSettings *settings = g_settings_new (APP_ID);
  GtkWidget *prefs = vireo_preferences_window_new (NULL, settings);
  GtkWidget *spin = vireo_ui_test_child (prefs, VIREO_TYPE_PREFERENCES_WINDOW, "stats_interval_spin");
  GtkWidget *remove_switch =
    vireo_ui_test_child (prefs, VIREO_TYPE_PREFERENCES_WINDOW, "confirm_remove_connection_switch");
  GtkWidget *force_off_switch =
    vireo_ui_test_child (prefs, VIREO_TYPE_PREFERENCES_WINDOW, "confirm_force_off_switch");
  GtkWidget *delete_switch = vireo_ui_test_child (prefs, VIREO_TYPE_PREFERENCES_WINDOW, "confirm_delete_switch");

  vireo_ui_test_present (prefs);

  /* Widgets show the settings ... */
  assert_int_equal (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)),
                    (int)g_settings_get_uint (settings, "stats-interval"));
  assert_true (gtk_switch_get_active (GTK_SWITCH (remove_switch)));
  g_settings_set_uint (settings, "stats-interval", 7);
  assert_int_equal (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), 7);

  /* ... and write them. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 12);
  assert_int_equal (g_settings_get_uint (settings, "stats-interval"), 12);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 600);
  assert_int_equal (g_settings_get_uint (settings, "stats-interval"), 60);

  gtk_switch_set_active (GTK_SWITCH (remove_switch), FALSE);
  assert_false (g_settings_get_boolean (settings, "confirm-remove-connection"));
  gtk_switch_set_active (GTK_SWITCH (force_off_switch), FALSE);
  assert_false (g_settings_get_boolean (settings, "confirm-force-off"));
  gtk_switch_set_active (GTK_SWITCH (delete_switch), FALSE);
  assert_false (g_settings_get_boolean (settings, "confirm-delete"));

  vireo_ui_test_destroy_window (prefs);

  g_settings_reset (settings, "stats-interval");
  g_settings_reset (settings, "confirm-remove-connection");
  g_settings_reset (settings, "confirm-force-off");
  g_settings_reset (settings, "confirm-delete");
  /* The settings backend delivers change notifications from idles that hold the object. */
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (settings);
}

static void
test_help_overlay (void **state)
{
  GtkBuilder *builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  vireo_ui_test_present (overlay);
  g_object_unref (builder);
  vireo_ui_test_destroy_window (overlay);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_window),
    cmocka_unit_test (test_sidebar_and_row),
    cmocka_unit_test (test_domain_list_and_widgets),
    cmocka_unit_test (test_add_connection_dialog),
    cmocka_unit_test (test_auth_dialogs),
    cmocka_unit_test (test_preferences),
    cmocka_unit_test (test_help_overlay),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
