/* test-domain-apply.c: a new definition and the same change made to the running VM, on libvirt's
 * test driver (it makes vCPU and memory changes live and refuses device changes live: both
 * outcomes are here), and the live XML read.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-apply.h"
#include "vireo-domain-config.h"
#include "vireo-domain-definition.h"
#include "vireo-domain-edit.h"
#include "vireo-error.h"
#include "vireo-test-utils.h"

#define TIMEOUT_MS 10000

static gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

/* Its own test:// connection per test: the test driver keeps its state per connection. */
static VireoConnection *
open_lab (void)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-list.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *connection = vireo_connection_new (uri);

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  return connection;
}

static char *
fetch (VireoDomain *domain,
       gboolean     live,
       GError     **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (live)
    {
      vireo_domain_fetch_live_xml_async (domain, NULL, vireo_test_async_cb, &slot);
      result = vireo_test_wait_result (&slot, TIMEOUT_MS);
      return vireo_domain_fetch_live_xml_finish (domain, result, error);
    }
  vireo_domain_fetch_xml_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_fetch_xml_finish (domain, result, error);
}

static char *
fetch_ok (VireoDomain *domain,
          gboolean     live)
{
  g_autoptr(GError) error = NULL;
  char *xml = fetch (domain, live, &error);

  if (xml == NULL)
    fail_msg ("fetch: %s", error->message);
  return xml;
}

static VireoDomainConfig *
config_of (VireoDomain *domain,
           gboolean     live)
{
  g_autofree char *xml = fetch_ok (domain, live);

  return vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
}

static gboolean
apply (VireoDomain         *domain,
       const char          *xml,
       GPtrArray           *changes,
       VireoDomainApplied  *applied,
       char               **reason,
       GError             **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_apply_async (domain, xml, changes, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_apply_finish (domain, result, applied, reason, error);
}

/* The balloon to 128 MiB, in the definition and live. */
static char *
smaller_memory (VireoDomain *domain,
                GPtrArray   *changes)
{
  g_autofree char *xml = fetch_ok (domain, FALSE);
  g_autoptr(GError) error = NULL;
  char *edited = vireo_domain_edit_set_memory (xml, 131072, 524288, &error);

  assert_non_null (edited);
  g_ptr_array_add (changes, vireo_live_change_new_value (VIREO_LIVE_CHANGE_MEMORY, 131072));
  return edited;
}

/* Shut off: the definition changes, nothing is made live. */
static void
test_apply_shut_off (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, "lab-1");
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *edited = smaller_memory (domain, changes);
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  VireoDomainApplied applied = -1;

  assert_true (apply (domain, edited, changes, &applied, &reason, &error));
  assert_int_equal (applied, VIREO_DOMAIN_APPLIED_DEFINED);
  assert_null (reason);
  config = config_of (domain, FALSE);
  assert_int_equal (config->memory_kib, 131072);

  /* and the live XML of a VM that does not run is refused, saying so */
  assert_null (fetch (domain, TRUE, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_non_null (strstr (error->message, "'lab-1'"));
}

/* Running: the definition and the running VM both change. */
static void
test_apply_live (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, "web-1");
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *edited = NULL;
  g_autofree char *vcpus = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autoptr(GError) error = NULL;
  VireoDomainApplied applied = -1;

  assert_true (vireo_domain_get_is_active (domain));
  live = config_of (domain, TRUE);
  assert_int_equal (live->memory_kib, 262144);
  g_clear_pointer (&live, vireo_domain_config_free);

  edited = smaller_memory (domain, changes);
  vcpus = vireo_domain_edit_set_vcpus (edited, 1, 2, &error);
  assert_non_null (vcpus);
  g_ptr_array_add (changes, vireo_live_change_new_value (VIREO_LIVE_CHANGE_VCPUS, 1));

  assert_true (apply (domain, vcpus, changes, &applied, NULL, &error));
  assert_int_equal (applied, VIREO_DOMAIN_APPLIED_LIVE);
  config = config_of (domain, FALSE);
  live = config_of (domain, TRUE);
  assert_int_equal (config->memory_kib, 131072);
  assert_int_equal (live->memory_kib, 131072);
  assert_int_equal (config->vcpus, 1);
  assert_int_equal (live->vcpus, 1);
}

/* A live change libvirt refuses (the test driver hot-plugs no device): defined, pending, with
 * libvirt's reason; the changes after it are not made. */
static void
test_apply_pending (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, "web-1");
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *xml = fetch_ok (domain, FALSE);
  g_autofree char *edited = NULL;
  g_autofree char *tablet = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autoptr(GError) error = NULL;
  VireoDomainApplied applied = -1;

  edited = vireo_domain_edit_add_tablet (xml, &error);
  assert_non_null (edited);
  tablet = vireo_domain_edit_dup_tablet_xml (edited, &error);
  assert_non_null (tablet);
  g_ptr_array_add (changes, vireo_live_change_new_device (VIREO_LIVE_CHANGE_ATTACH_DEVICE, tablet));
  /* would succeed, but comes after the refusal */
  g_ptr_array_add (changes, vireo_live_change_new_value (VIREO_LIVE_CHANGE_MEMORY, 131072));

  assert_true (apply (domain, edited, changes, &applied, &reason, &error));
  assert_int_equal (applied, VIREO_DOMAIN_APPLIED_PENDING);
  assert_non_null (reason);
  assert_non_null (strstr (reason, "not supported"));

  config = config_of (domain, FALSE);
  live = config_of (domain, TRUE);
  assert_int_equal (config->inputs->len, live->inputs->len + 1);
  assert_int_equal (live->memory_kib, 262144);
}

/* A definition libvirt refuses, or one of another VM: nothing changes, nothing is made live. */
static void
test_apply_refused (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, "web-1");
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *before = fetch_ok (domain, FALSE);
  g_autofree char *edited = smaller_memory (domain, changes);
  g_autoptr(GString) invalid = g_string_new (edited);
  g_autoptr(GString) other = g_string_new (edited);
  g_autofree char *after = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  g_autoptr(GError) error = NULL;

  assert_int_equal (g_string_replace (invalid, "</domain>", "<frobnicate/></domain>", 1), 1);
  assert_false (apply (domain, invalid->str, changes, NULL, NULL, &error));
  assert_true (error->domain == VIREO_LIBVIRT_ERROR);
  g_clear_error (&error);

  assert_int_equal (g_string_replace (other, vireo_domain_get_uuid (domain), "6c6f6e67-0000-4000-8000-000000000042", 1), 1);
  assert_false (apply (domain, other->str, changes, NULL, NULL, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));

  g_clear_error (&error);

  /* Renamed: libvirt cannot rename through a definition; the message says what to do. */
  {
    g_autoptr(GString) renamed = g_string_new (edited);

    assert_int_equal (g_string_replace (renamed, "<name>web-1</name>", "<name>web-9</name>", 1), 1);
    assert_false (apply (domain, renamed->str, changes, NULL, NULL, &error));
    assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
    assert_non_null (strstr (error->message, "'web-9'"));
  }

  after = fetch_ok (domain, FALSE);
  assert_string_equal (after, before);
  live = config_of (domain, TRUE);
  assert_int_equal (live->memory_kib, 262144);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_apply_shut_off),
    cmocka_unit_test (test_apply_live),
    cmocka_unit_test (test_apply_pending),
    cmocka_unit_test (test_apply_refused),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests_name ("domain-apply", tests, NULL, NULL);
}
