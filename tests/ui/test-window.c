/* test-window.c: VireoWindow shows the selected connection; its conn.* actions follow the state
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vireo-connection-sidebar.h"
#include "vireo-domain-list.h"
#include "vireo-domain-page.h"
#include "vireo-new-vm-assistant.h"
#include "vireo-ui-test.h"
#include "vireo-window.h"

#define MISSING_URI "test:///nonexistent/vireo-no-such-file.xml"

typedef struct
{
  VireoConnectionManager *manager;
  GSettings              *settings;
  GtkWidget              *window;
} Fixture;

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return vireo_ui_test_child (f->window, VIREO_TYPE_WINDOW, name);
}

static const char *
visible_page (Fixture    *f,
              const char *stack)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (f, stack)));
}

/* Action enablement, as the user sees it: the buttons bound to the actions. */
static gboolean
can_connect (Fixture *f)
{
  return gtk_widget_get_sensitive (child (f, "connect_button"));
}

static gboolean
can_disconnect (Fixture *f)
{
  return gtk_widget_get_sensitive (child (f, "disconnect_button"));
}

static gboolean
can_retry (Fixture *f)
{
  return gtk_widget_get_sensitive (child (f, "retry_button"));
}

static void
make_window (Fixture   *f,
             GSettings *settings)
{
  f->window = g_object_ref (g_object_new (VIREO_TYPE_WINDOW,
                                          "manager", f->manager,
                                          "settings", settings,
                                          NULL));
  vireo_ui_test_present (f->window);
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->manager = vireo_connection_manager_new (NULL);
  *state = f;

  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      vireo_ui_test_flush ();
      vireo_test_assert_finalize (f->window);
    }
  vireo_test_assert_finalize (f->manager);
  g_clear_object (&f->settings);
  g_free (f);

  return 0;
}

static void
test_empty (void **state)
{
  Fixture *f = *state;

  make_window (f, NULL);

  assert_null (vireo_window_get_selected_connection (VIREO_WINDOW (f->window)));
  assert_string_equal (visible_page (f, "content_stack"), "empty");
  assert_false (gtk_widget_get_visible (child (f, "connection_menu_button")));
  assert_false (can_connect (f));
  assert_false (can_disconnect (f));
  assert_false (can_retry (f));
}

static void
test_actions_follow_state (void **state)
{
  Fixture *f = *state;
  VireoConnection *connection = vireo_connection_manager_add (f->manager, "test:///default", FALSE);

  make_window (f, NULL);

  /* The only connection is selected and shown. */
  assert_ptr_equal (vireo_window_get_selected_connection (VIREO_WINDOW (f->window)), connection);
  assert_string_equal (visible_page (f, "content_stack"), "connection");
  assert_string_equal (visible_page (f, "state_stack"), "disconnected");
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "uri_label"))), "test:///default");
  assert_true (can_connect (f));
  assert_false (can_disconnect (f));
  assert_false (can_retry (f));
  assert_false (gtk_widget_get_visible (child (f, "demo_label")));

  assert_true (gtk_widget_activate_action (f->window, "conn.connect", NULL));
  assert_string_equal (visible_page (f, "state_stack"), "connecting");
  assert_true (gtk_spinner_get_spinning (GTK_SPINNER (child (f, "connecting_spinner"))));
  assert_false (can_connect (f));
  /* An attempt under way can be cancelled. */
  assert_true (can_disconnect (f));

  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, VIREO_UI_TEST_TIMEOUT_MS));
  assert_string_equal (visible_page (f, "state_stack"), "connected");
  assert_false (can_connect (f));
  assert_true (can_disconnect (f));
  assert_false (can_retry (f));
  assert_true (gtk_widget_get_visible (child (f, "disconnect_button")));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "hostname_label"))),
                       vireo_connection_get_hostname (connection));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "cpus_label"))), "16");
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "mhz_label"))), "1400 MHz");
  {
    g_autofree char *memory = g_format_size_full (3ull * 1024 * 1024 * 1024, G_FORMAT_SIZE_IEC_UNITS);

    assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "memory_label"))), memory);
  }

  /* The connected page lists the connection's VMs; Ctrl+F searches them. */
  assert_ptr_equal (vireo_domain_list_get_connection (VIREO_DOMAIN_LIST (child (f, "domain_list"))), connection);
  assert_true (gtk_widget_get_visible (child (f, "host_button")));
  assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (vireo_ui_test_child (child (f, "domain_list"),
                                                                                     VIREO_TYPE_DOMAIN_LIST,
                                                                                     "search_bar"))));
  assert_true (gtk_widget_activate_action (f->window, "win.find", NULL));
  assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (vireo_ui_test_child (child (f, "domain_list"),
                                                                                    VIREO_TYPE_DOMAIN_LIST,
                                                                                    "search_bar"))));

  assert_true (gtk_widget_activate_action (f->window, "conn.disconnect", NULL));
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_DISCONNECTED, VIREO_UI_TEST_TIMEOUT_MS));
  assert_false (gtk_widget_get_visible (child (f, "host_button")));
  assert_string_equal (visible_page (f, "state_stack"), "disconnected");
  assert_true (can_connect (f));
  assert_false (can_disconnect (f));
}

static void
test_demo_labelled (void **state)
{
  Fixture *f = *state;
  VireoConnection *demo = vireo_connection_manager_add_demo (f->manager);

  make_window (f, NULL);
  assert_ptr_equal (vireo_window_get_selected_connection (VIREO_WINDOW (f->window)), demo);
  /* A newcomer on the test driver must not take its fake VMs for real ones. */
  assert_true (gtk_widget_get_visible (child (f, "demo_label")));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "demo_label"))), "Demo");
}

static void
test_failed_connection (void **state)
{
  Fixture *f = *state;
  VireoConnection *connection;

  vireo_connection_manager_add (f->manager, "test:///default", FALSE);
  make_window (f, NULL);

  /* Adding through the window connects and selects. */
  connection = vireo_window_add_connection (VIREO_WINDOW (f->window), MISSING_URI, FALSE);
  assert_non_null (connection);
  assert_ptr_equal (vireo_window_get_selected_connection (VIREO_WINDOW (f->window)), connection);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTING);

  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_FAILED, VIREO_UI_TEST_TIMEOUT_MS));
  assert_string_equal (visible_page (f, "state_stack"), "failed");
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "error_message_label"))),
                       vireo_connection_get_error_message (connection));
  assert_true (can_retry (f));
  assert_true (can_connect (f));
  assert_false (can_disconnect (f));

  /* Nothing selected: nothing to act on. */
  vireo_window_select_connection (VIREO_WINDOW (f->window), NULL);
  assert_string_equal (visible_page (f, "content_stack"), "empty");
  assert_false (can_retry (f));
  assert_false (can_connect (f));

  /* The failure toast's "Show" selects the connection again. */
  assert_true (gtk_widget_activate_action (f->window, "win.select-connection", "s", MISSING_URI));
  assert_ptr_equal (vireo_window_get_selected_connection (VIREO_WINDOW (f->window)), connection);
  assert_string_equal (visible_page (f, "state_stack"), "failed");

  /* Adding a known URI again finds it rather than duplicating it. */
  assert_ptr_equal (vireo_window_add_connection (VIREO_WINDOW (f->window), MISSING_URI, FALSE), connection);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), 2);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_FAILED, VIREO_UI_TEST_TIMEOUT_MS));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_items = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static void
test_remove_confirms (void **state)
{
  Fixture *f = *state;
  VireoConnection *connection = vireo_connection_manager_add (f->manager, "test:///default", FALSE);
  AdwMessageDialog *dialog;

  make_window (f, NULL);

  /* Without settings the window always asks. Cancel keeps the connection. */
  assert_true (gtk_widget_activate_action (f->window, "conn.remove", NULL));
  dialog = find_message_dialog ();
  assert_non_null (dialog);
  assert_string_equal (adw_message_dialog_get_default_response (dialog), "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  vireo_ui_test_flush ();
  assert_null (find_message_dialog ());
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), 1);

  assert_true (gtk_widget_activate_action (f->window, "conn.remove", NULL));
  dialog = find_message_dialog ();
  assert_non_null (dialog);
  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vireo_ui_test_flush ();
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), 0);
  assert_null (vireo_window_get_selected_connection (VIREO_WINDOW (f->window)));
  assert_string_equal (visible_page (f, "content_stack"), "empty");
  (void)connection;
}

static void
test_remove_without_confirmation (void **state)
{
  Fixture *f = *state;

  f->settings = g_settings_new (APP_ID);
  g_settings_set_boolean (f->settings, "confirm-remove-connection", FALSE);
  vireo_connection_manager_add (f->manager, "test:///default", FALSE);
  make_window (f, f->settings);

  assert_true (gtk_widget_activate_action (f->window, "conn.remove", NULL));
  assert_null (find_message_dialog ());
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (f->manager)), 0);

  g_settings_reset (f->settings, "confirm-remove-connection");
}

static void
test_geometry_saved (void **state)
{
  Fixture *f = *state;
  GtkWidget *window;

  f->settings = g_settings_new (APP_ID);
  g_settings_set_int (f->settings, "window-width", 900);
  g_settings_set_int (f->settings, "window-height", 600);
  make_window (f, f->settings);

  {
    int width = 0, height = 0;

    gtk_window_get_default_size (GTK_WINDOW (f->window), &width, &height);
    assert_int_equal (width, 900);
    assert_int_equal (height, 600);
  }

  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 500);
  window = g_steal_pointer (&f->window);
  gtk_window_close (GTK_WINDOW (window));
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (window);

  assert_int_equal (g_settings_get_int (f->settings, "window-width"), 800);
  assert_int_equal (g_settings_get_int (f->settings, "window-height"), 500);
  assert_false (g_settings_get_boolean (f->settings, "window-maximized"));

  g_settings_reset (f->settings, "window-width");
  g_settings_reset (f->settings, "window-height");
}

static void
test_add_connection_dialog (void **state)
{
  Fixture *f = *state;
  GtkWidget *dialog;
  VireoConnection *connection;

  make_window (f, NULL);

  dialog = vireo_window_show_add_connection (VIREO_WINDOW (f->window));
  assert_ptr_equal (gtk_window_get_transient_for (GTK_WINDOW (dialog)), GTK_WINDOW (f->window));
  assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  g_signal_emit_by_name (dialog, "add-connection", "test:///default", FALSE);
  connection = vireo_connection_manager_lookup (f->manager, "test:///default");
  assert_non_null (connection);
  assert_false (vireo_connection_get_autoconnect (connection));
  assert_ptr_equal (vireo_window_get_selected_connection (VIREO_WINDOW (f->window)), connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, VIREO_UI_TEST_TIMEOUT_MS));

  gtk_window_destroy (GTK_WINDOW (dialog));
  vireo_ui_test_flush ();

  gtk_widget_activate_action (f->window, "conn.disconnect", NULL);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_DISCONNECTED, VIREO_UI_TEST_TIMEOUT_MS));
}

static gboolean
shows_domain (gpointer data)
{
  Fixture *f = data;
  VireoDomain *domain = vireo_domain_page_get_domain (vireo_window_get_domain_page (VIREO_WINDOW (f->window)));

  return g_strcmp0 (visible_page (f, "content_nav"), "domain") == 0 && domain != NULL &&
         g_strcmp0 (vireo_domain_get_name (domain), "opened") == 0;
}

static gboolean
assistant_ready (gpointer assistant)
{
  return vireo_new_vm_assistant_get_ready (assistant);
}

/* New VM: offered only on a connected connection; once made, the VM's page (its console) opens. */
static void
test_new_vm_opens_console (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = vireo_test_srcdir_path ("ui", "testdriver-install.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *connection = vireo_connection_manager_add (f->manager, uri, FALSE);
  VireoNewVmAssistant *assistant;

  make_window (f, NULL);
  assert_false (gtk_widget_get_sensitive (child (f, "new_vm_button")));
  assert_null (vireo_window_show_new_vm (VIREO_WINDOW (f->window)));

  assert_true (gtk_widget_activate_action (f->window, "conn.connect", NULL));
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED,
                                                     VIREO_UI_TEST_TIMEOUT_MS));
  vireo_ui_test_flush ();
  assert_true (gtk_widget_get_sensitive (child (f, "new_vm_button")));

  assistant = vireo_window_show_new_vm (VIREO_WINDOW (f->window));
  assert_non_null (assistant);
  assert_ptr_equal (gtk_window_get_transient_for (GTK_WINDOW (assistant)), f->window);
  assert_true (vireo_test_wait_until (assistant_ready, assistant, VIREO_UI_TEST_TIMEOUT_MS));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (vireo_ui_test_child (assistant, VIREO_TYPE_NEW_VM_ASSISTANT,
                                                                      "media_manual_check")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (vireo_ui_test_child (assistant, VIREO_TYPE_NEW_VM_ASSISTANT, "name_row")),
                         "opened");
  vireo_ui_test_flush ();
  /* Four steps forward, then Create. */
  for (guint i = 0; i < 5; i++)
    {
      assert_true (gtk_widget_activate_action (GTK_WIDGET (assistant), "assistant.forward", NULL));
      vireo_ui_test_flush ();
    }

  assert_true (vireo_test_wait_until (shows_domain, f, VIREO_UI_TEST_TIMEOUT_MS));
}

static gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

static gboolean
shows_imported (gpointer data)
{
  Fixture *f = data;
  VireoDomain *domain = vireo_domain_page_get_domain (vireo_window_get_domain_page (VIREO_WINDOW (f->window)));

  return g_strcmp0 (visible_page (f, "content_nav"), "domain") == 0 && domain != NULL &&
         g_strcmp0 (vireo_domain_get_name (domain), "imported") == 0;
}

static char *
define_file (Fixture    *f,
             const char *path,
             GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VireoConnection *connection = vireo_window_get_selected_connection (VIREO_WINDOW (f->window));
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_window_define_from_gfile (VIREO_WINDOW (f->window), connection, file, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, VIREO_UI_TEST_TIMEOUT_MS);
  return vireo_window_define_from_gfile_finish (VIREO_WINDOW (f->window), result, error);
}

/* Connection ▸ Define VM from XML File: the VM's page opens; a file naming a VM that exists, and one
 * that is not XML, are refused with the file named and nothing changed. */
static void
test_define_from_file (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = vireo_test_srcdir_path ("ui", "testdriver-install.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *connection = vireo_connection_manager_add (f->manager, uri, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("vireo-define-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "imported.xml", NULL);
  g_autofree char *taken = g_build_filename (dir, "taken.xml", NULL);
  g_autofree char *binary = g_build_filename (dir, "binary.xml", NULL);
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;
  int domains;
  g_autoptr(VireoDomain) first = NULL;
  const char *existing;

  make_window (f, NULL);
  assert_true (gtk_widget_activate_action (f->window, "conn.connect", NULL));
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED,
                                                     VIREO_UI_TEST_TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, connection, VIREO_UI_TEST_TIMEOUT_MS));
  domains = (int) g_list_model_get_n_items (vireo_connection_get_domains (connection));
  first = g_list_model_get_item (vireo_connection_get_domains (connection), 0);
  existing = vireo_domain_get_name (first);

  assert_true (g_file_set_contents (good, "<domain type='test'><name>imported</name><memory unit='MiB'>128</memory>"
                                    "<os><type>hvm</type></os></domain>", -1, NULL));
  {
    g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>%s</name><memory unit='MiB'>128</memory>"
                                            "<os><type>hvm</type></os></domain>", existing);

    assert_true (g_file_set_contents (taken, xml, -1, NULL));
  }
  assert_true (g_file_set_contents (binary, "\x7f""ELF\0\0", 6, NULL));

  assert_null (define_file (f, taken, &error));
  assert_non_null (strstr (error->message, taken));
  g_clear_error (&error);
  assert_null (define_file (f, binary, &error));
  assert_non_null (strstr (error->message, binary));
  g_clear_error (&error);
  vireo_ui_test_flush ();
  assert_int_equal (g_list_model_get_n_items (vireo_connection_get_domains (connection)), domains);

  uuid = define_file (f, good, &error);
  if (uuid == NULL)
    fail_msg ("define: %s", error->message);
  assert_true (vireo_test_wait_until (shows_imported, f, VIREO_UI_TEST_TIMEOUT_MS));

  g_unlink (good);
  g_unlink (taken);
  g_unlink (binary);
  g_rmdir (dir);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_empty, setup, teardown),
    cmocka_unit_test_setup_teardown (test_actions_follow_state, setup, teardown),
    cmocka_unit_test_setup_teardown (test_demo_labelled, setup, teardown),
    cmocka_unit_test_setup_teardown (test_failed_connection, setup, teardown),
    cmocka_unit_test_setup_teardown (test_remove_confirms, setup, teardown),
    cmocka_unit_test_setup_teardown (test_remove_without_confirmation, setup, teardown),
    cmocka_unit_test_setup_teardown (test_geometry_saved, setup, teardown),
    cmocka_unit_test_setup_teardown (test_add_connection_dialog, setup, teardown),
    cmocka_unit_test_setup_teardown (test_new_vm_opens_console, setup, teardown),
    cmocka_unit_test_setup_teardown (test_define_from_file, setup, teardown),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
