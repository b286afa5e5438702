/* test-domain-definition.c: a VM's definition read and replaced, on libvirt's test driver
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test opens its own test:// connection (the test driver keeps its state per connection), so
 * a definition changed by one never leaks into another.
 */

#include "config.h"

#include <string.h>

#include "vireo-connection.h"
#include "vireo-core.h"
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

static VireoConnection *
open_lab (void)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-list.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *connection = vireo_connection_new (uri);

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED,
                                                     TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  return connection;
}

static char *
fetch (VireoDomain  *domain,
       GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_fetch_xml_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_fetch_xml_finish (domain, result, error);
}

static gboolean
define (VireoDomain  *domain,
        const char   *xml,
        GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_define_xml_async (domain, xml, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_define_xml_finish (domain, result, error);
}

static char *
fetch_ok (VireoDomain *domain)
{
  g_autoptr(GError) error = NULL;
  char *xml = fetch (domain, &error);

  if (xml == NULL)
    fail_msg ("fetch: %s", error->message);
  return xml;
}

static void
test_fetch (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, "lab-1");
  g_autofree char *xml = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  assert_non_null (domain);
  xml = fetch_ok (domain);
  config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  assert_non_null (config);
  assert_string_equal (config->name, "lab-1");
  assert_string_equal (config->uuid, "6695eb01-f6a4-8304-79aa-97f2502e2003");
  assert_int_equal (config->memory_max_kib, 524288);
  assert_int_equal (config->memory_kib, 262144);
  assert_int_equal (config->vcpus, 2);
}

static gboolean
title_is (gpointer data)
{
  gpointer *args = data;
  return g_strcmp0 (vireo_domain_get_title (args[0]), args[1]) == 0;
}

static void
test_define_round_trip (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, "lab-1");
  g_autofree char *before = fetch_ok (domain);
  g_autofree char *titled = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *after = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  gpointer args[] = { domain, (gpointer) "Build server" };

  titled = vireo_domain_edit_set_title (before, "Build server", &error);
  assert_non_null (titled);
  edited = vireo_domain_edit_set_description (titled, "Line one\nline two", &error);
  assert_non_null (edited);

  if (!define (domain, edited, &error))
    fail_msg ("define: %s", error->message);

  after = fetch_ok (domain);
  config = vireo_domain_config_parse (after, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  assert_string_equal (config->title, "Build server");
  assert_string_equal (config->description, "Line one\nline two");
  assert_string_equal (config->uuid, "6695eb01-f6a4-8304-79aa-97f2502e2003");
  /* Still one VM of that name: the definition replaced the old one. */
  assert_ptr_equal (vireo_connection_lookup_domain_by_name (connection, "lab-1"), domain);
  /* The list's domain follows through the refresh the define queues. */
  assert_true (vireo_test_wait_until (title_is, args, TIMEOUT_MS));
}

/* Each refusal leaves the definition as it was. */
static void
assert_refused (VireoDomain *domain,
                const char  *before,
                const char  *xml,
                const char  *domain_quark,
                int          code,
                const char  *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  assert_false (define (domain, xml, &error));
  assert_non_null (error);
  if (domain_quark != NULL)
    assert_string_equal (g_quark_to_string (error->domain), domain_quark);
  if (code >= 0)
    assert_int_equal (error->code, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    fail_msg ("'%s' does not say '%s'", error->message, message_part);

  after = fetch_ok (domain);
  assert_string_equal (after, before);
}

static void
test_define_refused (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, "lab-1");
  g_autofree char *before = fetch_ok (domain);
  g_autoptr(GString) invalid = g_string_new (before);
  g_autoptr(GString) other_uuid = g_string_new (before);

  /* Not XML at all. */
  assert_refused (domain, before, "<domain type='test'><name>lab-1</name",
                  g_quark_to_string (VIREO_ERROR), VIREO_ERROR_INVALID_XML, NULL);

  /* Well-formed but against libvirt's schema: libvirt's own words come back. */
  g_string_replace (invalid, "<vcpu", "<frobnicate>1</frobnicate><vcpu", 1);
  assert_refused (domain, before, invalid->str,
                  g_quark_to_string (VIREO_LIBVIRT_ERROR), -1, "frobnicate");

  /* Another UUID and name: libvirt would define a second VM; Vireo refuses before asking it. */
  g_string_replace (other_uuid, "6695eb01-f6a4-8304-79aa-97f2502e2003",
                    "6695eb01-f6a4-8304-79aa-97f2502e2fff", 1);
  g_string_replace (other_uuid, "<name>lab-1</name>", "<name>lab-1-copy</name>", 1);
  assert_refused (domain, before, other_uuid->str, g_quark_to_string (VIREO_ERROR),
                  VIREO_ERROR_INVALID_ARGUMENT, "6695eb01-f6a4-8304-79aa-97f2502e2fff");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fetch),
    cmocka_unit_test (test_define_round_trip),
    cmocka_unit_test (test_define_refused),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests_name ("domain-definition", tests, NULL, NULL);
}
