/* test-sidebar.c: the connection sidebar follows the connections live
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-connection-row.h"
#include "vireo-connection-sidebar.h"
#include "vireo-ui-test.h"

#define MISSING_URI "test:///nonexistent/vireo-no-such-file.xml"

typedef struct
{
  VireoConnectionManager *manager;
  GtkWidget              *window;
  VireoConnectionSidebar *sidebar;
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->manager = vireo_connection_manager_new (NULL);
  f->window = g_object_ref (gtk_window_new ());
  f->sidebar = VIREO_CONNECTION_SIDEBAR (vireo_connection_sidebar_new (f->manager));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->sidebar));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 320, 480);
  vireo_ui_test_present (f->window);
  *state = f;

  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;
  gpointer sidebar = f->sidebar;

  g_object_add_weak_pointer (sidebar, &sidebar);
  gtk_window_destroy (GTK_WINDOW (f->window));
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (f->window);
  assert_null (sidebar);

  vireo_test_assert_finalize (f->manager);
  g_free (f);

  return 0;
}

static GtkWidget *
row_child (GtkWidget  *row,
           const char *name)
{
  return vireo_ui_test_child (row, VIREO_TYPE_CONNECTION_ROW, name);
}

static const char *
state_icon (GtkWidget *row)
{
  return gtk_image_get_icon_name (GTK_IMAGE (row_child (row, "state_image")));
}

static const char *
state_page (GtkWidget *row)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (row_child (row, "state_stack")));
}

static void
test_row_follows_state (void **state)
{
  Fixture *f = *state;
  VireoConnection *connection = vireo_connection_manager_add (f->manager, "test:///default", FALSE);
  GtkWidget *row = vireo_connection_sidebar_get_row (f->sidebar, connection);

  assert_non_null (row);
  assert_string_equal (gtk_label_get_label (GTK_LABEL (row_child (row, "title_label"))),
                       vireo_connection_get_label (connection));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (row_child (row, "uri_label"))), "test:///default");
  assert_false (gtk_widget_get_visible (row_child (row, "demo_label")));
  assert_false (gtk_widget_get_visible (row_child (row, "error_label")));
  assert_string_equal (state_page (row), "icon");
  assert_string_equal (state_icon (row), "network-offline-symbolic");

  vireo_connection_connect (connection);

  /* Connecting: a spinner, spinning. */
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTING);
  assert_string_equal (state_page (row), "spinner");
  assert_true (gtk_spinner_get_spinning (GTK_SPINNER (row_child (row, "spinner"))));

  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, VIREO_UI_TEST_TIMEOUT_MS));
  assert_string_equal (state_page (row), "icon");
  assert_string_equal (state_icon (row), "network-transmit-receive-symbolic");
  assert_false (gtk_spinner_get_spinning (GTK_SPINNER (row_child (row, "spinner"))));
  assert_false (gtk_widget_get_visible (row_child (row, "retry_button")));

  /* The row's menu offers Disconnect now. */
  gtk_widget_activate_action (row, "row.disconnect", NULL);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_DISCONNECTED, VIREO_UI_TEST_TIMEOUT_MS));
  assert_string_equal (state_icon (row), "network-offline-symbolic");

  /* A label change shows at once. */
  vireo_connection_set_label (connection, "Lab host");
  assert_string_equal (gtk_label_get_label (GTK_LABEL (row_child (row, "title_label"))), "Lab host");
}

static void
test_row_failed (void **state)
{
  Fixture *f = *state;
  VireoConnection *connection = vireo_connection_manager_add (f->manager, MISSING_URI, FALSE);
  GtkWidget *row = vireo_connection_sidebar_get_row (f->sidebar, connection);
  GtkWidget *error_label = row_child (row, "error_label");

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_FAILED, VIREO_UI_TEST_TIMEOUT_MS));

  assert_string_equal (state_icon (row), "dialog-error-symbolic");
  assert_true (gtk_widget_get_visible (error_label));
  assert_non_null (vireo_connection_get_error_message (connection));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (error_label)),
                       vireo_connection_get_error_message (connection));
  assert_true (gtk_widget_get_visible (row_child (row, "retry_button")));
  assert_true (gtk_widget_get_sensitive (row_child (row, "retry_button")));

  /* Retry goes through connecting again, and fails again. */
  g_signal_emit_by_name (row_child (row, "retry_button"), "clicked");
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTING);
  assert_string_equal (state_page (row), "spinner");
  assert_false (gtk_widget_get_visible (error_label));
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_FAILED, VIREO_UI_TEST_TIMEOUT_MS));
  assert_true (gtk_widget_get_visible (error_label));
}

static void
test_demo_pill (void **state)
{
  Fixture *f = *state;
  VireoConnection *demo = vireo_connection_manager_add_demo (f->manager);
  GtkWidget *row = vireo_connection_sidebar_get_row (f->sidebar, demo);

  assert_true (vireo_connection_get_is_demo (demo));
  assert_true (gtk_widget_get_visible (row_child (row, "demo_label")));
}

typedef struct
{
  VireoConnection *connection;
  guint            count;
} Seen;

static void
on_remove_connection (VireoConnectionSidebar *sidebar,
                      VireoConnection        *connection,
                      Seen                   *seen)
{
  seen->connection = connection;
  seen->count++;
}

static void
test_selection_and_removal (void **state)
{
  Fixture *f = *state;
  VireoConnection *first = vireo_connection_manager_add (f->manager, "test:///default", FALSE);
  VireoConnection *second = vireo_connection_manager_add (f->manager, MISSING_URI, FALSE);
  VireoTestNotifyRecorder *recorder = vireo_test_notify_recorder_new (f->sidebar);
  GtkWidget *row = vireo_connection_sidebar_get_row (f->sidebar, second);
  gpointer weak_row = row;
  Seen seen = { 0 };

  vireo_connection_sidebar_set_selected_connection (f->sidebar, NULL);
  assert_null (vireo_connection_sidebar_get_selected_connection (f->sidebar));
  vireo_test_notify_recorder_reset (recorder);

  vireo_connection_sidebar_set_selected_connection (f->sidebar, second);
  assert_ptr_equal (vireo_connection_sidebar_get_selected_connection (f->sidebar), second);
  assert_int_equal (vireo_test_notify_count (recorder, "selected-connection"), 1);
  assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));

  vireo_connection_sidebar_set_selected_connection (f->sidebar, first);
  assert_ptr_equal (vireo_connection_sidebar_get_selected_connection (f->sidebar), first);

  /* "Remove" in a row's menu only asks; the sidebar passes the question on. */
  g_signal_connect (f->sidebar, "remove-connection", G_CALLBACK (on_remove_connection), &seen);
  gtk_widget_activate_action (row, "row.remove", NULL);
  assert_int_equal (seen.count, 1);
  assert_ptr_equal (seen.connection, second);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), 2);

  /* Removing from the model drops the row, which lets go of the connection. */
  g_object_ref (second);
  g_object_add_weak_pointer (G_OBJECT (row), &weak_row);
  vireo_connection_manager_remove (f->manager, second);
  vireo_ui_test_flush ();
  assert_null (weak_row);
  assert_null (vireo_connection_sidebar_get_row (f->sidebar, second));
  vireo_test_assert_finalize (second);

  /* Removing the selected one clears the selection. */
  vireo_connection_manager_remove (f->manager, first);
  assert_null (vireo_connection_sidebar_get_selected_connection (f->sidebar));
  assert_string_equal (gtk_stack_get_visible_child_name (GTK_STACK (
    vireo_ui_test_child (f->sidebar, VIREO_TYPE_CONNECTION_SIDEBAR, "stack"))), "empty");

  vireo_test_notify_recorder_free (recorder);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_row_follows_state, setup, teardown),
    cmocka_unit_test_setup_teardown (test_row_failed, setup, teardown),
    cmocka_unit_test_setup_teardown (test_demo_pill, setup, teardown),
    cmocka_unit_test_setup_teardown (test_selection_and_removal, setup, teardown),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
