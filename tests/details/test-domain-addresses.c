/* test-domain-addresses.c: a running VM's IP addresses on libvirt's test driver (which answers every
 * source with the same lease): each address once, from the first source; a VM that does not run
 * says so.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-addresses.h"
#include "vireo-test-utils.h"

#define TIMEOUT_MS 10000

static gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

static GPtrArray *
fetch (VireoDomain *domain,
       GError     **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_fetch_addresses_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_fetch_addresses_finish (domain, result, error);
}

static gboolean
is_inactive (gpointer domain)
{
  return !vireo_domain_get_is_active (domain);
}

static void
test_addresses (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  VireoDomain *domain;
  g_autoptr(GPtrArray) addresses = NULL;
  g_autoptr(GError) error = NULL;
  const VireoDomainAddress *address;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  domain = vireo_connection_lookup_domain_by_name (connection, "test");
  assert_non_null (domain);

  addresses = fetch (domain, &error);
  if (addresses == NULL)
    fail_msg ("fetch: %s", error->message);
  /* Three sources, one address. */
  assert_int_equal (addresses->len, 1);
  address = g_ptr_array_index (addresses, 0);
  assert_string_equal (address->address, "192.168.122.3");
  assert_int_equal (address->prefix, 24);
  assert_false (address->ipv6);
  assert_int_equal (address->source, VIREO_ADDRESS_SOURCE_LEASE);
  assert_string_equal (address->mac, "aa:bb:cc:dd:ee:ff");

  /* Stopped: the error says why. */
  vireo_domain_run_action_async (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_true (vireo_domain_run_action_finish (domain, result, NULL));
  assert_true (vireo_test_wait_until (is_inactive, domain, TIMEOUT_MS));
  g_clear_pointer (&addresses, g_ptr_array_unref);
  assert_null (fetch (domain, &error));
  assert_non_null (error);
  assert_true (error->message[0] != '\0');
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_addresses),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests_name ("domain-addresses", tests, NULL, NULL);
}
