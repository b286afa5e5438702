/* test-connection-manager.c: the connection list and its persistence
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-connection-manager.h"
#include "vireo-core.h"
#include "vireo-test-utils.h"

#define TIMEOUT_MS 30000

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);

  /* The memory backend is shared by the process: start every test from the defaults. */
  g_settings_reset (settings, "connections");
  g_settings_reset (settings, "autoconnect");
  g_settings_reset (settings, "first-run-done");
  return settings;
}

static char *
joined (GSettings  *settings,
        const char *key)
{
  g_auto(GStrv) values = g_settings_get_strv (settings, key);
  return g_strjoinv (" ", values);
}

typedef struct
{
  guint position, removed, added, calls;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *record)
{
  record->position = position;
  record->removed = removed;
  record->added = added;
  record->calls++;
}

static void
test_add_lookup_remove (void **state)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(VireoConnectionManager) manager = vireo_connection_manager_new (settings);
  GListModel *model = G_LIST_MODEL (manager);
  ItemsChanged record = { 0 };
  VireoConnection *system, *remote, *again;
  g_autofree char *saved = NULL;
  g_autofree char *autoconnect = NULL;
  g_autoptr(VireoConnection) item = NULL;

  g_signal_connect (manager, "items-changed", G_CALLBACK (on_items_changed), &record);
  assert_int_equal (g_list_model_get_item_type (model), VIREO_TYPE_CONNECTION);
  assert_int_equal (g_list_model_get_n_items (model), 0);

  system = vireo_connection_manager_add (manager, "qemu:///system", TRUE);
  assert_int_equal (record.calls, 1);
  assert_int_equal (record.position, 0);
  assert_int_equal (record.added, 1);
  remote = vireo_connection_manager_add (manager, "qemu+ssh://root@lab.example:2222/system", FALSE);
  assert_int_equal (record.position, 1);
  assert_int_equal (g_list_model_get_n_items (model), 2);
  item = g_list_model_get_item (model, 1);
  assert_ptr_equal (item, remote);
  assert_null (g_list_model_get_item (model, 2));

  /* The same URI is not added twice. */
  again = vireo_connection_manager_add (manager, "qemu:///system", TRUE);
  assert_ptr_equal (again, system);
  assert_int_equal (g_list_model_get_n_items (model), 2);
  assert_ptr_equal (vireo_connection_manager_lookup (manager, "qemu+ssh://root@lab.example:2222/system"), remote);
  assert_null (vireo_connection_manager_lookup (manager, "qemu:///session"));

  saved = joined (settings, "connections");
  autoconnect = joined (settings, "autoconnect");
  assert_string_equal (saved, "qemu:///system qemu+ssh://root@lab.example:2222/system");
  assert_string_equal (autoconnect, "qemu:///system");

  /* Toggling autoconnect on a connection is saved. */
  vireo_connection_set_autoconnect (remote, TRUE);
  g_free (autoconnect);
  autoconnect = joined (settings, "autoconnect");
  assert_string_equal (autoconnect, "qemu:///system qemu+ssh://root@lab.example:2222/system");

  vireo_connection_manager_remove (manager, system);
  assert_int_equal (record.position, 0);
  assert_int_equal (record.removed, 1);
  assert_int_equal (g_list_model_get_n_items (model), 1);
  g_free (saved);
  saved = joined (settings, "connections");
  assert_string_equal (saved, "qemu+ssh://root@lab.example:2222/system");
}

static void
test_reload (void **state)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(VireoConnectionManager) first = vireo_connection_manager_new (settings);
  g_autoptr(VireoConnectionManager) second = NULL;
  VireoConnection *connection;

  vireo_connection_manager_add (first, "test:///default", FALSE);
  vireo_connection_manager_add (first, "qemu:///session", TRUE);
  g_clear_object (&first);

  second = vireo_connection_manager_new (settings);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (second)), 2);
  connection = vireo_connection_manager_lookup (second, "qemu:///session");
  assert_non_null (connection);
  assert_true (vireo_connection_get_autoconnect (connection));
  assert_false (vireo_connection_get_autoconnect (vireo_connection_manager_lookup (second, "test:///default")));
}

static void
test_stats_interval_follows_settings (void **state)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(VireoConnectionManager) manager = NULL;
  VireoConnection *connection;

  g_settings_set_uint (settings, "stats-interval", 7);
  manager = vireo_connection_manager_new (settings);
  connection = vireo_connection_manager_add (manager, "test:///default", FALSE);
  assert_int_equal (vireo_connection_get_stats_interval (connection), 7);

  /* Changed in Preferences: every connection follows at once. */
  g_settings_set_uint (settings, "stats-interval", 2);
  assert_int_equal (vireo_connection_get_stats_interval (connection), 2);
  g_settings_reset (settings, "stats-interval");
}

static void
test_demo_not_saved (void **state)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(VireoConnectionManager) manager = vireo_connection_manager_new (settings);
  VireoConnection *demo = vireo_connection_manager_add_demo (manager);
  g_autofree char *saved = joined (settings, "connections");

  assert_true (vireo_connection_get_is_demo (demo));
  assert_string_equal (vireo_connection_get_label (demo), "Test driver");
  assert_ptr_equal (vireo_connection_manager_add_demo (manager), demo);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (manager)), 1);
  assert_string_equal (saved, "");
}

static gboolean
all_connected (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (model, i);
      if (vireo_connection_get_autoconnect (connection) &&
          vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
        return FALSE;
    }
  return TRUE;
}

static void
test_autoconnect (void **state)
{
  g_autoptr(VireoConnectionManager) manager = vireo_connection_manager_new (NULL);
  VireoConnection *on = vireo_connection_manager_add (manager, "test:///default", TRUE);
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-auth.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *off = vireo_connection_manager_add (manager, uri, FALSE);

  vireo_connection_manager_autoconnect (manager);
  assert_int_equal (vireo_connection_get_state (on), VIREO_CONNECTION_STATE_CONNECTING);
  assert_int_equal (vireo_connection_get_state (off), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_true (vireo_test_wait_until (all_connected, manager, TIMEOUT_MS));
  assert_int_equal (vireo_connection_get_state (off), VIREO_CONNECTION_STATE_DISCONNECTED);
}

static void
on_manager_auth_request (VireoConnectionManager *manager,
                         VireoConnection        *connection,
                         VireoAuthRequest       *request,
                         VireoConnection       **asked)
{
  *asked = connection;
  vireo_auth_request_cancel (request);
}

static void
test_auth_forwarded (void **state)
{
  g_autoptr(VireoConnectionManager) manager = vireo_connection_manager_new (NULL);
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-auth.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *connection = vireo_connection_manager_add (manager, uri, FALSE);
  VireoConnection *asked = NULL;

  g_signal_connect (manager, "auth-request", G_CALLBACK (on_manager_auth_request), &asked);
  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_FAILED, TIMEOUT_MS));
  assert_ptr_equal (asked, connection);
}

static void
test_first_run (void **state)
{
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(VireoConnectionManager) manager = vireo_connection_manager_new (settings);
  g_autoptr(VireoConnection) added = NULL;
  g_autoptr(VireoConnection) second = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char *uri;

  vireo_connection_manager_first_run_async (manager, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  added = vireo_connection_manager_first_run_finish (manager, result, &error);
  assert_null (error);
  assert_non_null (added);
  assert_true (g_settings_get_boolean (settings, "first-run-done"));
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (manager)), 1);

  /* Whatever this machine offers: its local hypervisor when a daemon answers, else the demo. */
  uri = vireo_connection_get_uri (added);
  if (vireo_connection_get_is_demo (added))
    assert_string_equal (uri, VIREO_DEMO_URI);
  else
    {
      g_autofree char *saved = joined (settings, "connections");
      assert_true (g_str_equal (uri, "qemu:///system") || g_str_equal (uri, "qemu:///session"));
      assert_string_equal (saved, uri);
      assert_int_equal (vireo_connection_get_state (added), VIREO_CONNECTION_STATE_CONNECTED);
    }

  /* Only once. */
  g_clear_object (&result);
  vireo_connection_manager_first_run_async (manager, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  second = vireo_connection_manager_first_run_finish (manager, result, &error);
  assert_null (second);
  assert_null (error);
  assert_int_equal (g_list_model_get_n_items (G_LIST_MODEL (manager)), 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_add_lookup_remove),
    cmocka_unit_test (test_reload),
    cmocka_unit_test (test_demo_not_saved),
    cmocka_unit_test (test_stats_interval_follows_settings),
    cmocka_unit_test (test_autoconnect),
    cmocka_unit_test (test_auth_forwarded),
    cmocka_unit_test (test_first_run),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
