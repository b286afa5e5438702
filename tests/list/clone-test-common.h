/* clone-test-common.h: the storage lab of the delete and clone tests (libvirt's test driver)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "list-test-common.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-delete.h"
#include "vireo-error.h"
#include "vireo-xml-private.h"

#define POOL_DIR "/var/lib/vireo-test/pool"

/* A fresh lab per test: a test:///FILE connection has its own private state. */
static inline VireoConnection *
open_clone_lab (void)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-clone.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *connection = vireo_connection_new (uri);

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED,
                                                     TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  return connection;
}

static inline VireoDomain *
clone_lab_domain (VireoConnection *connection,
                  const char      *name)
{
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (connection, name);

  if (domain == NULL)
    fail_msg ("no domain '%s' in the list", name);
  return domain;
}

/* What the tests inspect directly, on the main thread, through the connection's own
 * virConnectPtr: the test driver is in-process, and libvirt's API is thread-safe. */
static inline virConnectPtr
lab_conn (VireoConnection *connection)
{
  virConnectPtr conn = vireo_connection_get_virconnect (connection);

  assert_non_null (conn);
  return conn;
}

static inline int
count_domains (VireoConnection *connection)
{
  virDomainPtr *domains = NULL;
  int n = virConnectListAllDomains (lab_conn (connection), &domains, 0);

  assert_true (n >= 0);
  for (int i = 0; i < n; i++)
    virDomainFree (domains[i]);
  free (domains);
  return n;
}

static inline int
count_volumes (VireoConnection *connection,
               const char      *pool_name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (lab_conn (connection), pool_name);
  int n;

  assert_non_null (pool);
  n = virStoragePoolNumOfVolumes (pool);
  virStoragePoolFree (pool);
  assert_true (n >= 0);
  return n;
}

static inline gboolean
volume_exists (VireoConnection *connection,
               const char      *pool_name,
               const char      *volume_name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (lab_conn (connection), pool_name);
  virStorageVolPtr volume;

  assert_non_null (pool);
  volume = virStorageVolLookupByName (pool, volume_name);
  virStoragePoolFree (pool);
  if (volume == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virStorageVolFree (volume);
  return TRUE;
}

/* The volume's XML (transfer full). */
static inline char *
volume_xml (VireoConnection *connection,
            const char      *pool_name,
            const char      *volume_name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (lab_conn (connection), pool_name);
  virStorageVolPtr volume;
  char *xml;
  char *copy;

  assert_non_null (pool);
  volume = virStorageVolLookupByName (pool, volume_name);
  virStoragePoolFree (pool);
  if (volume == NULL)
    fail_msg ("no volume '%s' in '%s'", volume_name, pool_name);
  xml = virStorageVolGetXMLDesc (volume, 0);
  virStorageVolFree (volume);
  assert_non_null (xml);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

/* The inactive XML of a domain (transfer full), NULL when there is no such domain. */
static inline char *
domain_xml (VireoConnection *connection,
            const char      *name)
{
  virDomainPtr domain = virDomainLookupByName (lab_conn (connection), name);
  char *xml;
  char *copy;

  if (domain == NULL)
    {
      virResetLastError ();
      return NULL;
    }
  xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  virDomainFree (domain);
  assert_non_null (xml);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

/* The string value of @xpath in @xml (transfer full, NULL when empty). */
static inline char *
xpath_string (const char *xml,
              const char *xpath)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (xml, &error);
  g_autoptr(xmlXPathContext) context = NULL;

  assert_non_null (doc);
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_get_string (context, NULL, xpath);
}

static inline void
assert_xpath_equal_impl (const char *xml,
                         const char *xpath,
                         const char *expected,
                         const char *file,
                         int         line)
{
  g_autofree char *value = xpath_string (xml, xpath);

  if (g_strcmp0 (value, expected) != 0)
    {
      print_error ("%s: '%s' is not '%s' in\n%s\n", xpath, value ? value : "(null)",
                   expected ? expected : "(null)", xml);
      _fail (file, line);
    }
}
#define assert_xpath_equal(xml, xpath, expected) \
  assert_xpath_equal_impl ((xml), (xpath), (expected), __FILE__, __LINE__)

typedef struct
{
  VireoConnection *connection;
  const char      *name;
} NameWait;

static inline gboolean
listed (gpointer data)
{
  NameWait *wait = data;
  return vireo_connection_lookup_domain_by_name (wait->connection, wait->name) != NULL;
}

static inline gboolean
not_listed (gpointer data)
{
  return !listed (data);
}

static inline void
wait_listed (VireoConnection *connection,
             const char      *name,
             gboolean         present)
{
  NameWait wait = { connection, name };

  if (!vireo_test_wait_until (present ? listed : not_listed, &wait, TIMEOUT_MS))
    fail_msg ("'%s' is %s the list", name, present ? "still not in" : "still in");
}

static inline GPtrArray *
list_disks (VireoDomain  *domain,
            GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_list_disks_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  return vireo_domain_list_disks_finish (domain, result, error);
}

static inline const VireoDiskInfo *
disk_by_target (GPtrArray  *disks,
                const char *target)
{
  for (guint i = 0; i < disks->len; i++)
    {
      const VireoDiskInfo *info = g_ptr_array_index (disks, i);

      if (g_strcmp0 (info->target, target) == 0)
        return info;
    }
  fail_msg ("no disk '%s'", target);
  return NULL;
}

static inline gboolean
delete_domain (VireoDomain         *domain,
               const char * const  *paths,
               GError             **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_delete_async (domain, paths, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  return vireo_domain_delete_finish (domain, result, error);
}

static inline char **
create_linked_clones (VireoDomain  *template_,
                      guint         n,
                      GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_create_linked_clones_async (template_, n, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  return vireo_domain_create_linked_clones_finish (template_, result, error);
}
