/* test-domains.c: a connection's list of VMs, kept current
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libvirt/libvirt.h>

#include "list-test-common.h"
#include "vireo-domain-private.h"

static void
test_listing (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  GListModel *domains = vireo_connection_get_domains (connection);
  VireoDomain *web, *db, *lab, *student;

  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  assert_int_equal (g_list_model_get_item_type (domains), VIREO_TYPE_DOMAIN);
  assert_int_equal (g_list_model_get_n_items (domains), 6);

  web = vireo_connection_lookup_domain_by_name (connection, "web-1");
  assert_non_null (web);
  assert_ptr_equal (vireo_domain_get_connection (web), connection);
  assert_string_equal (vireo_domain_get_uuid (web), "6695eb01-f6a4-8304-79aa-97f2502e2000");
  assert_ptr_equal (vireo_connection_lookup_domain (connection, "6695eb01-f6a4-8304-79aa-97f2502e2000"), web);
  assert_string_equal (vireo_domain_get_title (web), "Web server");
  assert_int_equal (vireo_domain_get_state (web), VIREO_DOMAIN_STATE_RUNNING);
  assert_string_equal (vireo_domain_get_state_label (web), "Running");
  assert_true (vireo_domain_get_is_active (web));
  assert_true (vireo_domain_get_id (web) > 0);
  assert_true (vireo_domain_get_persistent (web));
  assert_int_equal (vireo_domain_get_vcpus (web), 2);
  assert_int_equal (vireo_domain_get_max_memory_kib (web), 524288);
  assert_int_equal (vireo_domain_get_memory_kib (web), 262144);

  db = vireo_connection_lookup_domain_by_name (connection, "db-1");
  assert_int_equal (vireo_domain_get_state (db), VIREO_DOMAIN_STATE_PAUSED);
  assert_true (vireo_domain_get_is_active (db));

  lab = vireo_connection_lookup_domain_by_name (connection, "lab-1");
  assert_int_equal (vireo_domain_get_state (lab), VIREO_DOMAIN_STATE_SHUTOFF);
  assert_false (vireo_domain_get_is_active (lab));
  assert_int_equal (vireo_domain_get_id (lab), -1);
  assert_null (vireo_domain_get_title (lab));

  student = vireo_connection_lookup_domain_by_name (connection, "lab-3");
  assert_string_equal (vireo_domain_get_title (student), "Student VM");
  assert_null (vireo_connection_lookup_domain_by_name (connection, "nope"));
}

typedef struct
{
  guint added, removed;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->added += added;
  changes->removed += removed;
}

static gboolean
has_domain (gpointer data)
{
  gpointer *args = data;
  return vireo_connection_lookup_domain_by_name (args[0], args[1]) != NULL;
}

static gboolean
lacks_domain (gpointer data)
{
  return !has_domain (data);
}

static void
test_follows_changes_made_elsewhere (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  GListModel *domains = vireo_connection_get_domains (connection);
  Changes changes = { 0 };
  virConnectPtr other;
  virDomainPtr defined;
  virDomainPtr other_test;
  VireoDomain *test;
  gpointer args[2] = { connection, (gpointer) "made-elsewhere" };
  const char *xml =
    "<domain type='test'><name>made-elsewhere</name><memory>65536</memory>"
    "<os><type arch='x86_64'>hvm</type></os></domain>";

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  test = vireo_connection_lookup_domain_by_name (connection, "test");
  assert_non_null (test);
  g_signal_connect (domains, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* Another client of the same (shared, in-process) test driver, like virsh beside Vireo. */
  other = virConnectOpen ("test:///default");
  assert_non_null (other);
  defined = virDomainDefineXML (other, xml);
  assert_non_null (defined);

  assert_true (vireo_test_wait_until (has_domain, args, TIMEOUT_MS));
  assert_int_equal (changes.added, 1);
  assert_int_equal (changes.removed, 0);
  /* The others kept their identity. */
  assert_ptr_equal (vireo_connection_lookup_domain_by_name (connection, "test"), test);

  assert_int_equal (virDomainUndefine (defined), 0);
  assert_true (vireo_test_wait_until (lacks_domain, args, TIMEOUT_MS));
  assert_int_equal (changes.removed, 1);
  assert_int_equal (g_list_model_get_n_items (domains), 1);

  /* A state change made elsewhere shows through the event. */
  other_test = virDomainLookupByName (other, "test");
  assert_int_equal (virDomainSuspend (other_test), 0);
  wait_domain_state (test, VIREO_DOMAIN_STATE_PAUSED);
  assert_int_equal (virDomainResume (other_test), 0);
  wait_domain_state (test, VIREO_DOMAIN_STATE_RUNNING);

  virDomainFree (other_test);
  virDomainFree (defined);
  virConnectClose (other);
  /* The list outlives this frame (its connection closes later): never leave it our stack. */
  g_signal_handlers_disconnect_by_data (domains, &changes);
}

static void
test_identity_across_reconnect (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *web;

  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  web = g_object_ref (vireo_connection_lookup_domain_by_name (connection, "web-1"));

  /* A drop keeps the list; the reconnect updates the very same objects. */
  vireo_connection_handle_closed (connection, VIR_CONNECT_CLOSE_REASON_EOF);
  assert_int_equal (g_list_model_get_n_items (vireo_connection_get_domains (connection)), 6);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  assert_ptr_equal (vireo_connection_lookup_domain_by_name (connection, "web-1"), web);

  /* A disconnect the user asked for empties it. */
  vireo_connection_disconnect (connection);
  assert_int_equal (g_list_model_get_n_items (vireo_connection_get_domains (connection)), 0);
  assert_false (vireo_connection_get_domains_loaded (connection));
  g_object_unref (web);
}

static gboolean
has_stats (gpointer domain)
{
  guint n = 0;

  vireo_domain_get_cpu_history (domain, &n);
  return vireo_domain_get_stats_serial (domain) > 0 && n > 0;
}

static void
test_stats_sampled (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *web, *lab;

  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  web = vireo_connection_lookup_domain_by_name (connection, "web-1");
  lab = vireo_connection_lookup_domain_by_name (connection, "lab-1");

  /* The first tick runs at once: a running VM gets a point on its graphs … */
  assert_true (vireo_test_wait_until (has_stats, web, TIMEOUT_MS));
  /* … a shut-off one nothing to redraw. */
  assert_int_equal (vireo_domain_get_stats_serial (lab), 0);
  assert_int_equal (vireo_domain_get_memory_usage_kib (lab), 0);

  vireo_connection_set_stats_interval (connection, 0);
  assert_int_equal (vireo_connection_get_stats_interval (connection), 0);
}

static void
test_stats_serial_only_on_change (void **state)
{
  VireoDomainInfo info = { (char *) "6695eb01-f6a4-8304-79aa-97f2502e9999", (char *) "idle", NULL, NULL,
                           3, VIREO_DOMAIN_STATE_RUNNING, 1, TRUE, FALSE, FALSE, 1, 1024, 1024 };
  g_autoptr(VireoDomain) domain = _vireo_domain_new (NULL, &info);
  VireoStatsSample sample = { 0 };
  guint serial;

  g_strlcpy (sample.uuid, info.uuid, sizeof sample.uuid);
  sample.active = TRUE;
  sample.state = VIREO_DOMAIN_STATE_RUNNING;
  sample.has_cpu_time = TRUE;
  sample.vcpus = 1;
  sample.balloon_current_kib = 1024;

  /* An idle VM: the graph scrolls until the history is full of the same value … */
  for (guint i = 0; i < VIREO_DOMAIN_HISTORY_LENGTH + 1; i++)
    {
      sample.timestamp_us += G_USEC_PER_SEC;
      _vireo_domain_apply_stats (domain, &sample);
    }
  serial = vireo_domain_get_stats_serial (domain);
  assert_true (serial >= VIREO_DOMAIN_HISTORY_LENGTH - 1);

  /* … then nothing changes and nothing is redrawn, tick after tick. */
  for (guint i = 0; i < 5; i++)
    {
      sample.timestamp_us += G_USEC_PER_SEC;
      _vireo_domain_apply_stats (domain, &sample);
    }
  assert_int_equal (vireo_domain_get_stats_serial (domain), serial);

  /* Work: a change again. */
  sample.timestamp_us += G_USEC_PER_SEC;
  sample.cpu_time_ns += G_USEC_PER_SEC * 500;
  _vireo_domain_apply_stats (domain, &sample);
  assert_int_equal (vireo_domain_get_stats_serial (domain), serial + 1);
  assert_true (vireo_domain_get_cpu_usage (domain) > 40);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_listing),
    cmocka_unit_test (test_follows_changes_made_elsewhere),
    cmocka_unit_test (test_identity_across_reconnect),
    cmocka_unit_test (test_stats_sampled),
    cmocka_unit_test (test_stats_serial_only_on_change),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
