/* test-hardware-jobs.c: the core jobs of the Add Hardware dialog on libvirt's in-process test
 * driver: a new volume in a pool (and its removal), and the MACs a connection's VMs use
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-macs.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-test-utils.h"
#include "vireo-volume-create.h"

#define TIMEOUT_MS 10000
#define GIB        ((guint64) 1024 * 1024 * 1024)

static VireoConnection *
open_default (void)
{
  VireoConnection *connection = vireo_connection_new ("test:///default");

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED,
                                                     TIMEOUT_MS));
  return connection;
}

static void
close_connection (VireoConnection *connection)
{
  vireo_connection_disconnect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_DISCONNECTED,
                                                     TIMEOUT_MS));
  g_object_unref (connection);
}

static virStorageVolPtr
lookup_volume (VireoConnection *connection,
               const char      *name)
{
  virConnectPtr conn = vireo_connection_get_virconnect (connection);
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, "default-pool");
  virStorageVolPtr volume;

  assert_non_null (pool);
  volume = virStorageVolLookupByName (pool, name);
  virResetLastError ();
  return volume;
}

typedef struct
{
  double  last;
  guint   calls;
  char   *step;
} Progress;

static void
on_progress (double      fraction,
             const char *step,
             gpointer    user_data)
{
  Progress *progress = user_data;

  /* Never backwards. */
  assert_true (fraction >= progress->last);
  progress->last = fraction;
  progress->calls++;
  g_free (progress->step);
  progress->step = g_strdup (step);
}

static char *
create (VireoConnection *connection,
        const char      *pool,
        const char      *name,
        guint64          capacity,
        const char      *format,
        Progress        *progress,
        GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_volume_create_async (connection, pool, name, capacity, format, NULL,
                             progress != NULL ? on_progress : NULL, progress, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  return vireo_volume_create_finish (connection, result, error);
}

static gboolean
delete (VireoConnection *connection,
        const char      *path,
        GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_volume_delete_async (connection, path, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  return vireo_volume_delete_finish (connection, result, error);
}

/* --- volume document -------------------------------------------------------------------------- */

static void
test_volume_xml (void **state)
{
  g_autofree char *qcow2 = vireo_volume_xml_new ("a&b.qcow2", 20 * GIB, "qcow2");
  g_autofree char *raw = vireo_volume_xml_new ("c.img", GIB, "raw");

  assert_non_null (strstr (qcow2, "<name>a&amp;b.qcow2</name>"));
  assert_non_null (strstr (qcow2, "<capacity unit=\"bytes\">21474836480</capacity>"));
  assert_non_null (strstr (qcow2, "<allocation unit=\"bytes\">0</allocation>"));
  assert_non_null (strstr (qcow2, "<format type=\"qcow2\"/>"));
  assert_non_null (strstr (qcow2, "<lazy_refcounts/>"));
  assert_non_null (strstr (raw, "<format type=\"raw\"/>"));
  assert_null (strstr (raw, "compat"));
}

/* --- volume job ------------------------------------------------------------------------------- */

static void
test_create_and_delete (void **state)
{
  VireoConnection *connection = open_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xml = NULL;
  virStorageVolPtr volume;
  virStorageVolInfo info;
  Progress progress = { .last = -1 };

  path = create (connection, "default-pool", "vm-1.qcow2", 3 * GIB, "qcow2", &progress, &error);
  if (path == NULL)
    fail_msg ("create: %s", error->message);
  assert_string_equal (path, "/default-pool/vm-1.qcow2");

  volume = lookup_volume (connection, "vm-1.qcow2");
  assert_non_null (volume);
  assert_int_equal (virStorageVolGetInfo (volume, &info), 0);
  assert_true (info.capacity == 3 * GIB);
  xml = virStorageVolGetXMLDesc (volume, 0);
  assert_non_null (strstr (xml, "<format type='qcow2'/>"));
  virStorageVolFree (volume);

  /* Progress came, ended at 1 and said what it did. */
  assert_true (progress.calls >= 1);
  assert_true (progress.last == 1.0);
  assert_string_equal (progress.step, "Creating the disk…");
  g_free (progress.step);

  assert_true (delete (connection, path, &error));
  assert_null (lookup_volume (connection, "vm-1.qcow2"));

  /* Gone: a second removal says so. */
  assert_false (delete (connection, path, &error));
  assert_non_null (error);
  assert_non_null (strstr (error->message, path));

  close_connection (connection);
}

static void
test_create_name_taken (void **state)
{
  VireoConnection *connection = open_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = create (connection, "default-pool", "taken.img", GIB, "raw", NULL, &error);
  g_autofree char *second = NULL;
  virStorageVolPtr volume;
  virStorageVolInfo info;

  assert_non_null (first);
  second = create (connection, "default-pool", "taken.img", 5 * GIB, "raw", NULL, &error);
  assert_null (second);
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_non_null (strstr (error->message, "'taken.img'"));

  /* The first one is untouched. */
  volume = lookup_volume (connection, "taken.img");
  assert_non_null (volume);
  assert_int_equal (virStorageVolGetInfo (volume, &info), 0);
  assert_true (info.capacity == GIB);
  virStorageVolFree (volume);

  close_connection (connection);
}

static void
test_create_no_pool (void **state)
{
  VireoConnection *connection = open_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = create (connection, "nowhere", "x.img", GIB, "raw", NULL, &error);

  assert_null (path);
  assert_non_null (error);
  assert_true (error->domain == VIREO_LIBVIRT_ERROR);
  assert_int_equal (error->code, VIR_ERR_NO_STORAGE_POOL);
  close_connection (connection);
}

static void
test_create_not_connected (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = create (connection, "default-pool", "x.img", GIB, "raw", NULL, &error);

  assert_null (path);
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED));
}

/* --- MACs in use ------------------------------------------------------------------------------ */

static char **
list_macs (VireoConnection *connection,
           const char      *exclude_uuid)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char **macs;

  vireo_connection_list_macs_async (connection, exclude_uuid, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  macs = vireo_connection_list_macs_finish (connection, result, &error);
  if (macs == NULL)
    fail_msg ("list macs: %s", error->message);
  return macs;
}

#define OTHER_UUID "6f1e0000-0000-4000-8000-0000000000aa"

static void
test_list_macs (void **state)
{
  VireoConnection *connection = open_default ();
  virConnectPtr conn = vireo_connection_get_virconnect (connection);
  g_auto(GStrv) before = list_macs (connection, NULL);
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) excluded = NULL;
  g_autofree char *joined = NULL;
  virDomainPtr other;

  /* test:///default's one VM. */
  joined = g_strjoinv (",", before);
  assert_string_equal (joined, "aa:bb:cc:dd:ee:ff");
  g_clear_pointer (&joined, g_free);

  /* Another VM with two NICs (one in upper case): both, lower case, sorted. */
  other = virDomainDefineXML (conn,
    "<domain type='test'><name>other</name><uuid>" OTHER_UUID "</uuid><memory>1024</memory>"
    "<os><type>hvm</type></os><devices>"
    "<interface type='network'><mac address='52:54:00:AB:CD:EF'/><source network='default'/></interface>"
    "<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/></interface>"
    "</devices></domain>");
  assert_non_null (other);

  all = list_macs (connection, NULL);
  joined = g_strjoinv (",", all);
  assert_string_equal (joined, "52:54:00:00:00:01,52:54:00:ab:cd:ef,aa:bb:cc:dd:ee:ff");
  g_clear_pointer (&joined, g_free);

  /* The VM being edited is left out (its own MACs are the edit's business). */
  excluded = list_macs (connection, OTHER_UUID);
  joined = g_strjoinv (",", excluded);
  assert_string_equal (joined, "aa:bb:cc:dd:ee:ff");

  assert_int_equal (virDomainUndefine (other), 0);
  virDomainFree (other);
  close_connection (connection);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_volume_xml),
    cmocka_unit_test (test_create_and_delete),
    cmocka_unit_test (test_create_name_taken),
    cmocka_unit_test (test_create_no_pool),
    cmocka_unit_test (test_create_not_connected),
    cmocka_unit_test (test_list_macs),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
