/* test-install-job.c: the new-VM assistant's host query and the creation steps with their
 * rollback, on libvirt's in-process test driver
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The creation's libvirt steps take documents already built (vireo-install-private.h), so these
 * tests give them hand-written test-driver documents and fault hooks; the plan's documents are
 * tested by the plan's own tests. The test driver keeps volumes as records (no files), never fails
 * a start by itself (hence the start hook), and has no KVM: the real start failures, KVM's
 * included, are in tests/system/test-system-install.c.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-install-job.h"
#include "vireo-install-private.h"
#include "vireo-test-utils.h"
#include "vireo-xml-private.h"

#define TIMEOUT_MS 10000
#define IMAGES     "/var/lib/vireo-test/images"
#define ISO        IMAGES "/installer.iso"

/* --- connection and inspection ---------------------------------------------------------------- */

static VireoConnection *
open_uri (const char *uri)
{
  VireoConnection *connection = vireo_connection_new (uri);

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED,
                                                     TIMEOUT_MS));
  return connection;
}

/* A fresh lab per test: a test:///FILE connection has its own private state. */
static VireoConnection *
open_install_lab (void)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-install.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);

  return open_uri (uri);
}

static virConnectPtr
lab_conn (VireoConnection *connection)
{
  virConnectPtr conn = vireo_connection_get_virconnect (connection);

  assert_non_null (conn);
  return conn;
}

static int
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

static gboolean
domain_exists (VireoConnection *connection,
               const char      *name)
{
  virDomainPtr domain = virDomainLookupByName (lab_conn (connection), name);

  if (domain == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virDomainFree (domain);
  return TRUE;
}

static gboolean
pool_exists (VireoConnection *connection,
             const char      *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (lab_conn (connection), name);

  if (pool == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virStoragePoolFree (pool);
  return TRUE;
}

static int
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

static gboolean
volume_exists (VireoConnection *connection,
               const char      *pool_name,
               const char      *volume_name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (lab_conn (connection), pool_name);
  virStorageVolPtr volume;

  if (pool == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
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

/* The domain's XML (transfer full; @flags as virDomainGetXMLDesc), NULL when there is none. */
static char *
domain_xml (VireoConnection *connection,
            const char      *name,
            unsigned int     flags)
{
  virDomainPtr domain = virDomainLookupByName (lab_conn (connection), name);
  char *xml;
  char *copy;

  if (domain == NULL)
    {
      virResetLastError ();
      return NULL;
    }
  xml = virDomainGetXMLDesc (domain, flags);
  virDomainFree (domain);
  assert_non_null (xml);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

static char *
xpath_string (const char *xml,
              const char *xpath)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (xml, NULL);
  g_autoptr(xmlXPathContext) context = NULL;

  assert_non_null (doc);
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_get_string (context, NULL, xpath);
}

static void
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

static void
assert_contains_impl (const char *haystack,
                      const char *needle,
                      const char *file,
                      int         line)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    {
      print_error ("'%s' does not contain '%s'\n", haystack ? haystack : "(null)", needle);
      _fail (file, line);
    }
}
#define assert_contains(haystack, needle) \
  assert_contains_impl ((haystack), (needle), __FILE__, __LINE__)

/* --- the creation's scripted documents and faults --------------------------------------------- */

typedef struct
{
  const char   *name;
  const char   *type;            /* the domain type; "nonsense" makes the define fail */
  gboolean      refuse;          /* the check refuses */
  GCancellable *cancel_in_build; /* cancelled while the document is built (the volume exists) */
  GCancellable *cancel_in_start; /* cancelled right after a successful start */
  gboolean      start_fails;     /* the start fails (after starting: the rollback must destroy) */
  const char   *extra;           /* appended to <devices> (a customized document) */

  /* What the steps did, read on the main thread after the result. */
  guint         built;
  char         *volume_path;
} Script;

static void
script_clear (Script *script)
{
  g_free (script->volume_path);
}

static gboolean
script_check (virConnectPtr   conn,
              gpointer        data,
              GError        **error)
{
  Script *script = data;

  if (!script->refuse)
    return TRUE;
  g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, "refused by the check");
  return FALSE;
}

static char *
script_build (virConnectPtr   conn,
              const char     *volume_path,
              gpointer        data,
              GError        **error)
{
  Script *script = data;

  script->built++;
  script->volume_path = g_strdup (volume_path);
  if (script->cancel_in_build != NULL)
    g_cancellable_cancel (script->cancel_in_build);

  return g_strdup_printf ("<domain type='%s'>"
                          "  <name>%s</name>"
                          "  <memory unit='MiB'>256</memory>"
                          "  <vcpu>1</vcpu>"
                          "  <os><type arch='i686'>hvm</type><boot dev='cdrom'/><boot dev='hd'/></os>"
                          "  <devices>"
                          "    <disk type='file' device='disk'>"
                          "      <driver name='qemu' type='qcow2'/>"
                          "      <source file='%s'/><target dev='hda' bus='ide'/>"
                          "    </disk>"
                          "    <disk type='file' device='cdrom'>"
                          "      <source file='" ISO "'/><target dev='hdc' bus='ide'/><readonly/>"
                          "    </disk>"
                          "    <interface type='network'><source network='default'/></interface>"
                          "    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>%s"
                          "  </devices>"
                          "</domain>",
                          script->type ? script->type : "test", script->name,
                          volume_path ? volume_path : "/var/lib/vireo-test/images/none.qcow2",
                          script->extra ? script->extra : "");
}

/* The test's FINAL: every boot device replaced by the disk (the plan's own is tested there). */
static char *
script_make_final (const char  *defined_xml,
                   GError     **error)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (defined_xml, error);
  g_autoptr(xmlXPathContext) context = NULL;
  xmlNode *os;
  xmlNode *boot;

  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  _vireo_xml_remove_nodes (context, NULL, "/domain/os/boot");
  os = _vireo_xml_find_node (context, NULL, "/domain/os");
  boot = _vireo_xml_ensure_child (os, "boot");
  _vireo_xml_set_attribute (boot, "dev", "hd");
  return _vireo_xml_to_string (doc);
}

static int
script_start (virDomainPtr domain,
              gpointer     data)
{
  Script *script = data;

  if (virDomainCreate (domain) < 0)
    return -1;
  if (script->cancel_in_start != NULL)
    g_cancellable_cancel (script->cancel_in_start);
  /* Started, then a failure: the test driver refuses a second start ("already running"). */
  if (script->start_fails)
    return virDomainCreate (domain);
  return 0;
}

typedef struct
{
  GArray    *fractions;
  GPtrArray *steps;
} Progress;

static void
on_progress (double      fraction,
             const char *step,
             gpointer    user_data)
{
  Progress *progress = user_data;

  assert_true (VIREO_IS_MAIN_THREAD ());
  assert_non_null (step);
  g_array_append_val (progress->fractions, fraction);
  g_ptr_array_add (progress->steps, g_strdup (step));
}

/* Runs the steps of @script: a new qcow2 volume @volume in @pool (NULL: none), the default pool
 * made at @make_pool_path when missing. Returns the UUID or NULL with @error. */
static char *
create (VireoConnection  *connection,
        Script           *script,
        const char       *pool,
        const char       *volume,
        const char       *make_pool_path,
        GCancellable     *cancellable,
        Progress         *progress,
        GError          **error)
{
  VireoInstallSteps *steps = g_new0 (VireoInstallSteps, 1);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  steps->pool_name = g_strdup (pool);
  if (volume != NULL)
    steps->volume_xml = g_strdup_printf ("<volume><name>%s</name><capacity unit='GiB'>20</capacity>"
                                         "<allocation>0</allocation><target><format type='qcow2'/>"
                                         "</target></volume>", volume);
  steps->make_pool_path = g_strdup (make_pool_path);
  steps->check = script_check;
  steps->build = script_build;
  steps->make_final = script_make_final;
  steps->start = script_start;
  steps->data = script;

  _vireo_install_steps_run_async (connection, steps, cancellable, progress ? on_progress : NULL,
                                  progress, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  return _vireo_install_steps_run_finish (connection, result, error);
}

/* --- host query ------------------------------------------------------------------------------- */

static VireoInstallHost *
query_host (VireoConnection *connection)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoInstallHost *host;

  vireo_install_host_query_async (connection, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  host = vireo_install_host_query_finish (connection, result, &error);
  if (host == NULL)
    fail_msg ("host query failed: %s", error->message);
  return host;
}

static void
test_host_query_default (void **state)
{
  g_autoptr(VireoConnection) connection = open_uri ("test:///default");
  g_autoptr(VireoInstallHost) host = query_host (connection);
  const VireoInstallPool *pool;
  const VireoInstallNetwork *network;
  const VireoInstallInterface *interface;

  /* The test driver's fixed node: i686, 3 GiB, 16 CPUs; no domain capabilities, no problem. */
  assert_non_null (host->caps);
  assert_string_equal (vireo_install_caps_get_arch (host->caps), "i686");
  assert_int_equal (host->memory_mib, 3072);
  assert_int_equal (host->cpus, 16);
  assert_false (host->is_session);
  assert_true (host->is_local);

  assert_int_equal (host->pools->len, 1);
  pool = vireo_install_host_find_pool (host, "default-pool");
  assert_non_null (pool);
  assert_string_equal (pool->type, "dir");
  assert_string_equal (pool->path, "/default-pool");
  assert_true (pool->active);
  assert_int_equal (pool->capacity, 100ull * 1024 * 1024 * 1024);
  assert_int_equal (pool->available, 100ull * 1024 * 1024 * 1024);
  assert_null (vireo_install_host_find_pool (host, "default"));

  /* <forward/> without a mode is NAT. */
  network = vireo_install_host_find_network (host, "default");
  assert_non_null (network);
  assert_true (network->active);
  assert_string_equal (network->forward_mode, "nat");
  assert_string_equal (network->bridge, "virbr0");
  assert_null (vireo_install_host_find_network (host, "nope"));

  assert_int_equal (host->interfaces->len, 1);
  interface = g_ptr_array_index (host->interfaces, 0);
  assert_string_equal (interface->name, "eth1");
  assert_false (interface->is_bridge);

  assert_int_equal (g_strv_length (host->domain_names), 1);
  assert_string_equal (host->domain_names[0], "test");

  assert_true (host->default_pool_missing);
  assert_string_equal (host->default_pool_path, "/var/lib/libvirt/images");
}

static void
test_host_query_lab (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  g_autoptr(VireoInstallHost) host = NULL;
  virNetworkPtr isolated;
  const VireoInstallPool *pool;
  const VireoInstallNetwork *network;

  /* An inactive, isolated network besides the file's. */
  isolated = virNetworkDefineXML (lab_conn (connection),
                                  "<network><name>isolated</name><bridge name='virbr9'/></network>");
  assert_non_null (isolated);
  virNetworkFree (isolated);

  host = query_host (connection);
  assert_false (host->default_pool_missing);
  pool = vireo_install_host_find_pool (host, "default");
  assert_non_null (pool);
  assert_string_equal (pool->path, IMAGES);
  /* 100 GiB less the two volumes' allocation (64 MiB + 600 MiB). */
  assert_int_equal (pool->available, 100ull * 1024 * 1024 * 1024 - 664ull * 1024 * 1024);

  network = vireo_install_host_find_network (host, "routed");
  assert_non_null (network);
  assert_string_equal (network->forward_mode, "route");
  assert_string_equal (network->bridge, "virbr7");
  network = vireo_install_host_find_network (host, "isolated");
  assert_non_null (network);
  assert_false (network->active);
  assert_null (network->forward_mode);
  assert_int_equal (host->networks->len, 3);

  /* Sorted by name, the bridge told apart. */
  assert_int_equal (host->interfaces->len, 2);
  assert_string_equal (((VireoInstallInterface *) g_ptr_array_index (host->interfaces, 0))->name, "br0");
  assert_true (((VireoInstallInterface *) g_ptr_array_index (host->interfaces, 0))->is_bridge);
  assert_string_equal (((VireoInstallInterface *) g_ptr_array_index (host->interfaces, 1))->name, "eth0");
  assert_false (((VireoInstallInterface *) g_ptr_array_index (host->interfaces, 1))->is_bridge);

  assert_int_equal (g_strv_length (host->domain_names), 1);
  assert_string_equal (host->domain_names[0], "existing");
}

static void
test_session_default_pool_path (void **state)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL);
  g_autofree char *session = _vireo_install_default_pool_path (TRUE);
  g_autofree char *system = _vireo_install_default_pool_path (FALSE);

  assert_string_equal (session, expected);
  assert_string_equal (system, "/var/lib/libvirt/images");
  assert_true (_vireo_install_uri_is_session ("qemu:///session"));
  assert_true (_vireo_install_uri_is_session ("qemu+ssh://me@host/session"));
  assert_false (_vireo_install_uri_is_session ("qemu:///system"));
  assert_false (_vireo_install_uri_is_session ("test:///default"));
}

static void
test_list_volumes (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) missing_result = NULL;
  g_autoptr(GPtrArray) volumes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen_iso = FALSE, seen_qcow2 = FALSE;

  vireo_install_list_volumes_async (connection, "default", NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  volumes = vireo_install_list_volumes_finish (connection, result, &error);
  assert_null (error);
  assert_int_equal (volumes->len, 2);
  for (guint i = 0; i < volumes->len; i++)
    {
      VireoInstallVolume *volume = g_ptr_array_index (volumes, i);

      if (g_str_equal (volume->name, "installer.iso"))
        {
          seen_iso = TRUE;
          assert_string_equal (volume->path, ISO);
          assert_string_equal (volume->format, "iso");
          assert_int_equal (volume->capacity, 600ull * 1024 * 1024);
        }
      else if (g_str_equal (volume->name, "taken.qcow2"))
        {
          seen_qcow2 = TRUE;
          assert_string_equal (volume->format, "qcow2");
          assert_int_equal (volume->capacity, 8ull * 1024 * 1024 * 1024);
        }
    }
  assert_true (seen_iso && seen_qcow2);

  slot = NULL;
  vireo_install_list_volumes_async (connection, "no-such-pool", NULL, vireo_test_async_cb, &slot);
  missing_result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_null (vireo_install_list_volumes_finish (connection, missing_result, &error));
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_NO_STORAGE_POOL));
}

static gboolean
start_network (VireoConnection  *connection,
               const char       *name,
               GError          **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_install_start_network_async (connection, name, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_install_start_network_finish (connection, result, error);
}

static void
test_start_network (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  virNetworkPtr network;
  g_autoptr(GError) error = NULL;

  network = virNetworkDefineXML (lab_conn (connection),
                                 "<network><name>isolated</name><bridge name='virbr9'/></network>");
  assert_non_null (network);
  assert_int_equal (virNetworkIsActive (network), 0);

  assert_true (start_network (connection, "isolated", &error));
  assert_null (error);
  assert_int_equal (virNetworkIsActive (network), 1);
  virNetworkFree (network);

  /* Gone, or already running: libvirt's reason. */
  assert_false (start_network (connection, "gone", &error));
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_NO_NETWORK));
  g_clear_error (&error);
  assert_false (start_network (connection, "isolated", &error));
  assert_non_null (error);
}

static gboolean
check_path (VireoConnection  *connection,
            const char       *path,
            GError          **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_install_check_path_async (connection, path, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_install_check_path_finish (connection, result, error);
}

static void
test_check_path (void **state)
{
  g_autoptr(VireoConnection) connection = open_uri ("test:///default");
  g_autofree char *readable = vireo_test_srcdir_path ("data", "testdriver-install.xml", NULL);
  g_autofree char *dir = g_dir_make_tmp ("vireo-install-XXXXXX", NULL);
  g_autofree char *unreadable = g_build_filename (dir, "secret.iso", NULL);
  g_autoptr(GError) error = NULL;

  assert_true (check_path (connection, readable, &error));
  assert_null (error);

  assert_false (check_path (connection, "/nonexistent/vireo/debian.iso", &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  assert_contains (error->message, "'/nonexistent/vireo/debian.iso'");
  g_clear_error (&error);

  assert_false (check_path (connection, dir, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY));
  g_clear_error (&error);

  assert_false (check_path (connection, "", &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  g_clear_error (&error);

  /* Mode 000 stops only non-root users. */
  assert_true (g_file_set_contents (unreadable, "x", 1, NULL));
  assert_int_equal (g_chmod (unreadable, 0), 0);
  if (geteuid () != 0)
    {
      assert_false (check_path (connection, unreadable, &error));
      assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED));
      assert_contains (error->message, unreadable);
      g_clear_error (&error);
    }
  g_unlink (unreadable);
  g_rmdir (dir);
}

/* --- creation --------------------------------------------------------------------------------- */

static void
test_create (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "new-vm" };
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
  Progress progress = { fractions, steps };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *inactive = NULL;
  g_autofree char *live = NULL;
  virDomainPtr domain;
  int volumes = count_volumes (connection, "default");

  uuid = create (connection, &script, "default", "new-vm.qcow2", "/unused", NULL, &progress, &error);
  assert_null (error);
  assert_non_null (uuid);

  /* The volume, sparse, and the document built on its path. */
  assert_int_equal (count_volumes (connection, "default"), volumes + 1);
  assert_true (volume_exists (connection, "default", "new-vm.qcow2"));
  assert_string_equal (script.volume_path, IMAGES "/new-vm.qcow2");
  assert_int_equal (script.built, 1);

  /* Running, booted from the CD-ROM; the definition that stays boots from the disk. */
  domain = virDomainLookupByUUIDString (lab_conn (connection), uuid);
  assert_non_null (domain);
  assert_string_equal (virDomainGetName (domain), "new-vm");
  assert_int_equal (virDomainIsActive (domain), 1);
  assert_int_equal (virDomainIsPersistent (domain), 1);
  virDomainFree (domain);
  live = domain_xml (connection, "new-vm", 0);
  assert_xpath_equal (live, "string(/domain/os/boot[1]/@dev)", "cdrom");
  inactive = domain_xml (connection, "new-vm", VIR_DOMAIN_XML_INACTIVE);
  assert_xpath_equal (inactive, "count(/domain/os/boot)", "1");
  assert_xpath_equal (inactive, "string(/domain/os/boot/@dev)", "hd");
  assert_xpath_equal (inactive, "string(/domain/uuid)", uuid);
  assert_xpath_equal (inactive, "string(/domain/devices/disk[@device='disk']/source/@file)",
                      IMAGES "/new-vm.qcow2");
  assert_xpath_equal (inactive, "string(/domain/devices/disk[@device='cdrom']/source/@file)", ISO);
  /* The same NIC across the two definitions. */
  {
    g_autofree char *mac_live = xpath_string (live, "string(/domain/devices/interface/mac/@address)");

    assert_non_null (mac_live);
    assert_xpath_equal (inactive, "string(/domain/devices/interface/mac/@address)", mac_live);
  }

  /* Progress: on the main thread, never backwards, from 0 to 1, each step said. */
  assert_true (fractions->len >= 4);
  assert_true (g_array_index (fractions, double, 0) == 0.0);
  for (guint i = 1; i < fractions->len; i++)
    assert_true (g_array_index (fractions, double, i) > g_array_index (fractions, double, i - 1));
  assert_true (g_array_index (fractions, double, fractions->len - 1) == 1.0);
  for (guint i = 0; i < steps->len; i++)
    assert_true (strlen (g_ptr_array_index (steps, i)) > 0);

  script_clear (&script);
}

static void
test_create_without_volume (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "diskless" };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  int volumes = count_volumes (connection, "default");

  uuid = create (connection, &script, NULL, NULL, NULL, NULL, NULL, &error);
  assert_null (error);
  assert_non_null (uuid);
  assert_null (script.volume_path);
  assert_int_equal (count_volumes (connection, "default"), volumes);
  assert_true (domain_exists (connection, "diskless"));
  script_clear (&script);
}

/* test:///default has no pool called "default": the job makes it, and keeps it. */
static void
test_create_makes_default_pool (void **state)
{
  g_autoptr(VireoConnection) connection = open_uri ("test:///default");
  Script script = { .name = "first-vm" };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *pool_xml = NULL;
  virStoragePoolPtr pool;
  int autostart = 0;

  assert_false (pool_exists (connection, "default"));
  uuid = create (connection, &script, "default", "first-vm.qcow2", "/var/lib/vireo-test/new-images",
                 NULL, NULL, &error);
  assert_null (error);
  assert_non_null (uuid);

  pool = virStoragePoolLookupByName (lab_conn (connection), "default");
  assert_non_null (pool);
  assert_int_equal (virStoragePoolIsActive (pool), 1);
  assert_int_equal (virStoragePoolIsPersistent (pool), 1);
  assert_int_equal (virStoragePoolGetAutostart (pool, &autostart), 0);
  assert_int_equal (autostart, 1);
  pool_xml = virStoragePoolGetXMLDesc (pool, 0);
  assert_xpath_equal (pool_xml, "string(/pool/@type)", "dir");
  assert_xpath_equal (pool_xml, "string(/pool/target/path)", "/var/lib/vireo-test/new-images");
  virStoragePoolFree (pool);
  free (pool_xml);
  pool_xml = NULL;

  assert_true (volume_exists (connection, "default", "first-vm.qcow2"));
  assert_string_equal (script.volume_path, "/var/lib/vireo-test/new-images/first-vm.qcow2");
  assert_true (domain_exists (connection, "first-vm"));
  script_clear (&script);
}

/* What every failed creation in the lab must leave: the lab as it was. */
static void
assert_lab_untouched (VireoConnection *connection,
                      const char      *name,
                      const char      *volume)
{
  assert_false (domain_exists (connection, name));
  assert_false (volume_exists (connection, "default", volume));
  assert_int_equal (count_domains (connection), 1);
  assert_int_equal (count_volumes (connection, "default"), 2);
  assert_true (volume_exists (connection, "default", "taken.qcow2"));
  assert_true (domain_exists (connection, "existing"));
}

static void
test_rollback_check_refuses (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "refused", .refuse = TRUE };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "refused.qcow2", NULL, NULL, NULL, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_int_equal (script.built, 0);
  assert_lab_untouched (connection, "refused", "refused.qcow2");
}

static void
test_rollback_volume_taken (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "new-vm" };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "taken.qcow2", NULL, NULL, NULL, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_contains (error->message, "'taken.qcow2'");
  assert_contains (error->message, "'default'");
  assert_int_equal (script.built, 0);
  /* The volume that was there stays. */
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
}

static void
test_rollback_pool_missing (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "new-vm" };
  g_autoptr(GError) error = NULL;

  /* Only the default pool is made when missing. */
  assert_null (create (connection, &script, "elsewhere", "new-vm.qcow2", NULL, NULL, NULL, &error));
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_NO_STORAGE_POOL));
  assert_false (pool_exists (connection, "elsewhere"));
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
}

static void
test_rollback_define_fails (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "new-vm", .type = "nonsense" };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "new-vm.qcow2", NULL, NULL, NULL, &error));
  assert_non_null (error);
  assert_true (error->domain == VIREO_LIBVIRT_ERROR);
  /* The volume had been made: it is gone again. */
  assert_int_equal (script.built, 1);
  assert_non_null (script.volume_path);
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
  script_clear (&script);
}

/* A document libvirt's parser would take but its schema refuses (a customized one): refused with
 * libvirt's message, nothing left. */
static void
test_rollback_schema_invalid (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "new-vm", .extra = "<frobnicate/>" };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "new-vm.qcow2", NULL, NULL, NULL, &error));
  assert_non_null (error);
  assert_true (error->domain == VIREO_LIBVIRT_ERROR);
  assert_contains (error->message, "failed to validate");
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
  script_clear (&script);
}

static void
test_rollback_name_taken (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "existing" };
  g_autoptr(GError) error = NULL;
  virDomainPtr existing;
  char uuid[VIR_UUID_STRING_BUFLEN];

  assert_null (create (connection, &script, "default", "existing.qcow2", NULL, NULL, NULL, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_contains (error->message, "'existing'");

  /* The VM that had the name is untouched: same UUID, still running. */
  existing = virDomainLookupByName (lab_conn (connection), "existing");
  assert_non_null (existing);
  assert_int_equal (virDomainGetUUIDString (existing, uuid), 0);
  assert_string_equal (uuid, "5a1e0c4d-6b7a-4e1f-9c3d-000000000001");
  assert_int_equal (virDomainIsActive (existing), 1);
  virDomainFree (existing);
  assert_false (volume_exists (connection, "default", "existing.qcow2"));
  assert_int_equal (count_volumes (connection, "default"), 2);
  script_clear (&script);
}

static void
test_rollback_start_fails (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  Script script = { .name = "new-vm", .start_fails = TRUE };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "new-vm.qcow2", NULL, NULL, NULL, &error));
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_INTERNAL_ERROR));
  assert_contains (error->message, "already running");
  /* Not a KVM failure: a test guest. */
  assert_false (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE));
  /* It had started: destroyed, undefined, its volume deleted. */
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
  script_clear (&script);
}

/* A failure after the default pool was made takes the pool away too. */
static void
test_rollback_made_pool (void **state)
{
  g_autoptr(VireoConnection) connection = open_uri ("test:///default");
  Script script = { .name = "first-vm", .type = "nonsense" };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "first-vm.qcow2",
                       "/var/lib/vireo-test/new-images", NULL, NULL, &error));
  assert_non_null (error);
  assert_int_equal (script.built, 1);
  assert_false (pool_exists (connection, "default"));
  assert_false (domain_exists (connection, "first-vm"));
  assert_true (pool_exists (connection, "default-pool"));
  script_clear (&script);
}

static void
test_cancel_before (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Script script = { .name = "new-vm" };
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  assert_null (create (connection, &script, "default", "new-vm.qcow2", NULL, cancellable, NULL, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal (script.built, 0);
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
}

static void
test_cancel_after_volume (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Script script = { .name = "new-vm", .cancel_in_build = cancellable };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "new-vm.qcow2", NULL, cancellable, NULL, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal (script.built, 1);
  assert_non_null (script.volume_path);
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
  script_clear (&script);
}

static void
test_cancel_after_start (void **state)
{
  g_autoptr(VireoConnection) connection = open_install_lab ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Script script = { .name = "new-vm", .cancel_in_start = cancellable };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "new-vm.qcow2", NULL, cancellable, NULL, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_lab_untouched (connection, "new-vm", "new-vm.qcow2");
  script_clear (&script);
}

static void
test_cancel_made_pool (void **state)
{
  g_autoptr(VireoConnection) connection = open_uri ("test:///default");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Script script = { .name = "first-vm", .cancel_in_build = cancellable };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, "default", "first-vm.qcow2",
                       "/var/lib/vireo-test/new-images", cancellable, NULL, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_false (pool_exists (connection, "default"));
  assert_false (domain_exists (connection, "first-vm"));
  script_clear (&script);
}

static void
test_not_connected (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  Script script = { .name = "new-vm" };
  g_autoptr(GError) error = NULL;

  assert_null (create (connection, &script, NULL, NULL, NULL, NULL, NULL, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED));
}

/* libvirt's words for a kvm guest that cannot run, as seen on real hosts. */
static void
test_kvm_failure_messages (void **state)
{
  static const char * const kvm[] = {
    "internal error: qemu unexpectedly closed the monitor: Could not access KVM kernel module: "
    "Permission denied\nqemu-system-x86_64: -accel kvm: failed to initialize kvm: Permission denied",
    "internal error: process exited while connecting to monitor: Could not access KVM kernel "
    "module: No such file or directory",
    "unsupported configuration: Domain requires KVM, but it is not available. Check that "
    "virtualization is enabled in the host BIOS, and host configuration is setup to load the kvm "
    "modules.",
    "internal error: qemu unexpectedly closed the monitor: KVM: entry failed, hardware error 0x7",
    "operation failed: guest crashed: emulation failure",
  };
  static const char * const other[] = {
    "Cannot access storage file '/var/lib/libvirt/images/x.qcow2': No such file or directory",
    "Requested operation is not valid: network 'default' is not active",
    "internal error: process exited while connecting to monitor: qemu-system-x86_64: "
    "-blockdev …: Could not open '/x.iso': Permission denied",
  };

  for (guint i = 0; i < G_N_ELEMENTS (kvm); i++)
    assert_true (vireo_error_message_is_kvm_failure (kvm[i]));
  for (guint i = 0; i < G_N_ELEMENTS (other); i++)
    assert_false (vireo_error_message_is_kvm_failure (other[i]));
  assert_false (vireo_error_message_is_kvm_failure (NULL));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_host_query_default),
    cmocka_unit_test (test_host_query_lab),
    cmocka_unit_test (test_session_default_pool_path),
    cmocka_unit_test (test_list_volumes),
    cmocka_unit_test (test_start_network),
    cmocka_unit_test (test_check_path),
    cmocka_unit_test (test_create),
    cmocka_unit_test (test_create_without_volume),
    cmocka_unit_test (test_create_makes_default_pool),
    cmocka_unit_test (test_rollback_check_refuses),
    cmocka_unit_test (test_rollback_volume_taken),
    cmocka_unit_test (test_rollback_schema_invalid),
    cmocka_unit_test (test_rollback_pool_missing),
    cmocka_unit_test (test_rollback_define_fails),
    cmocka_unit_test (test_rollback_name_taken),
    cmocka_unit_test (test_rollback_start_fails),
    cmocka_unit_test (test_rollback_made_pool),
    cmocka_unit_test (test_cancel_before),
    cmocka_unit_test (test_cancel_after_volume),
    cmocka_unit_test (test_cancel_after_start),
    cmocka_unit_test (test_cancel_made_pool),
    cmocka_unit_test (test_not_connected),
    cmocka_unit_test (test_kvm_failure_messages),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
