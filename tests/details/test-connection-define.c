/* test-connection-define.c: a new VM from a definition file's contents (virsh define), on libvirt's
 * test driver — never replacing a VM, refusing what is malformed or invalid with nothing changed.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vireo-connection.h"
#include "vireo-connection-define.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-test-utils.h"

#define TIMEOUT_MS 10000

#define NEW_VM \
  "<domain type='test'>\n" \
  "  <name>imported</name>\n" \
  "  <memory unit='MiB'>256</memory>\n" \
  "  <vcpu>1</vcpu>\n" \
  "  <os><type arch='x86_64'>hvm</type></os>\n" \
  "</domain>\n"

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
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  return connection;
}

static char *
define (VireoConnection  *connection,
        const char       *xml,
        GError          **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_connection_define_domain_async (connection, xml, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_connection_define_domain_finish (connection, result, error);
}

static int
count_domains (VireoConnection *connection)
{
  return virConnectNumOfDomains (vireo_connection_get_virconnect (connection)) +
         virConnectNumOfDefinedDomains (vireo_connection_get_virconnect (connection));
}

/* The definitions of every VM, to prove none changed. */
static char *
all_definitions (VireoConnection *connection)
{
  virDomainPtr *domains = NULL;
  int n = virConnectListAllDomains (vireo_connection_get_virconnect (connection), &domains, 0);
  g_autoptr(GPtrArray) xmls = g_ptr_array_new_with_free_func (g_free);

  assert_true (n >= 0);
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (xmls, virDomainGetXMLDesc (domains[i], VIR_DOMAIN_XML_INACTIVE));
      virDomainFree (domains[i]);
    }
  free (domains);
  g_ptr_array_add (xmls, NULL);
  return g_strjoinv ("\n", (char **) xmls->pdata);
}

static void
test_define_new (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  g_autoptr(GError) error = NULL;
  int before = count_domains (connection);
  g_autofree char *uuid = define (connection, NEW_VM, &error);
  g_autoptr(virDomain) domain = NULL;

  if (uuid == NULL)
    fail_msg ("define: %s", error->message);
  domain = virDomainLookupByUUIDString (vireo_connection_get_virconnect (connection), uuid);
  assert_non_null (domain);
  assert_string_equal (virDomainGetName (domain), "imported");
  assert_int_equal (virDomainIsPersistent (domain), 1);
  assert_int_equal (count_domains (connection), before + 1);
}

static void
test_define_refused (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  g_autofree char *before = all_definitions (connection);
  g_autofree char *after = NULL;
  g_autoptr(GString) taken_name = g_string_new (NEW_VM);
  g_autoptr(GString) taken_uuid = g_string_new (NEW_VM);
  g_autoptr(GString) invalid = g_string_new (NEW_VM);
  g_autoptr(GError) error = NULL;

  /* A name a VM has: refused, that VM untouched (virsh define would replace it). */
  g_string_replace (taken_name, "imported", "web-1", 1);
  assert_null (define (connection, taken_name->str, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_non_null (strstr (error->message, "'web-1'"));
  g_clear_error (&error);

  /* A UUID a VM has, under a new name. */
  g_string_replace (taken_uuid, "  <name>imported</name>\n",
                    "  <name>imported</name>\n  <uuid>6695eb01-f6a4-8304-79aa-97f2502e2000</uuid>\n", 1);
  assert_null (define (connection, taken_uuid->str, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_non_null (strstr (error->message, "'web-1'"));
  g_clear_error (&error);

  /* Malformed: the line. */
  assert_null (define (connection, "<domain>\n<name>x</name>\n</domian>\n", &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
  assert_true (g_str_has_prefix (error->message, "line 3: "));
  g_clear_error (&error);

  /* Not a domain. */
  assert_null (define (connection, "<network><name>n</name></network>", &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
  g_clear_error (&error);

  /* Well-formed, but not libvirt's schema. */
  g_string_replace (invalid, "</domain>", "<frobnicate/></domain>", 1);
  assert_null (define (connection, invalid->str, &error));
  assert_true (error->domain == VIREO_LIBVIRT_ERROR);
  g_clear_error (&error);

  after = all_definitions (connection);
  assert_string_equal (after, before);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_define_new),
    cmocka_unit_test (test_define_refused),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests_name ("connection-define", tests, NULL, NULL);
}
