/* test-domain-clone.c: full clones and linked clones on libvirt's test driver
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test driver keeps volumes as records (no files are written), so these tests check what it
 * records: the volumes made, their XML (backing store, format), the definitions. Real copies and
 * qcow2 backing files are checked by the system suite (test-system-clone.c).
 */

#include "config.h"

#include "clone-test-common.h"

typedef struct
{
  GArray *fractions;
} Recorder;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Recorder *recorder = user_data;

  g_assert_true (VIREO_IS_MAIN_THREAD ());
  g_array_append_val (recorder->fractions, fraction);
}

static gboolean
clone_domain (VireoDomain  *source,
              const char   *name,
              Recorder     *recorder,
              GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_clone_async (source, name, NULL, recorder ? on_progress : NULL, recorder,
                            vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (result);
  return vireo_domain_clone_finish (source, result, error);
}

static void
test_full_clone (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  VireoDomain *tmpl = clone_lab_domain (connection, "tmpl");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Recorder recorder = { fractions };
  int volumes = count_volumes (connection, "lab-pool");
  g_autoptr(GError) error = NULL;
  g_autofree char *source_xml = domain_xml (connection, "tmpl");
  g_autofree char *xml = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *mac = NULL;
  g_autofree char *copy = NULL;

  assert_true (clone_domain (tmpl, "tmpl-copy", &recorder, &error));
  assert_null (error);
  wait_listed (connection, "tmpl-copy", TRUE);

  /* A step per disk, never backwards, ending at 1. */
  assert_true (fractions->len >= 3);
  for (guint i = 1; i < fractions->len; i++)
    assert_true (g_array_index (fractions, double, i) > g_array_index (fractions, double, i - 1));
  assert_true (g_array_index (fractions, double, 0) >= 0.0);
  assert_true (g_array_index (fractions, double, fractions->len - 1) == 1.0);

  xml = domain_xml (connection, "tmpl-copy");
  assert_non_null (xml);
  assert_xpath_equal (xml, "string(/domain/name)", "tmpl-copy");
  uuid = xpath_string (xml, "string(/domain/uuid)");
  assert_non_null (uuid);
  assert_string_not_equal (uuid, "7d0c1e8a-35a1-4c39-9f0b-1c2a3b4c5d01");
  assert_string_equal (vireo_domain_get_uuid (clone_lab_domain (connection, "tmpl-copy")), uuid);
  mac = xpath_string (xml, "string(/domain/devices/interface/mac/@address)");
  assert_non_null (mac);
  assert_string_not_equal (mac, "52:54:00:00:00:01");
  assert_xpath_equal (xml, "count(/domain/devices/interface)", "1");

  /* New volumes for the read-write disks, the ISO shared. */
  assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vda']/source/@file)",
                      POOL_DIR "/tmpl-copy.qcow2");
  assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vdb']/@type)", "volume");
  assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vdb']/source/@pool)", "lab-pool");
  assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vdb']/source/@volume)",
                      "tmpl-copy-vdb.img");
  assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='sda']/source/@file)",
                      "/var/lib/vireo-test/iso/installer.iso");
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes + 2);
  copy = volume_xml (connection, "lab-pool", "tmpl-copy.qcow2");
  assert_xpath_equal (copy, "string(/volume/target/format/@type)", "qcow2");
  assert_xpath_equal (copy, "string(/volume/capacity)", "8589934592");
  assert_true (volume_exists (connection, "lab-pool", "tmpl-copy-vdb.img"));

  /* Its own identity where it matters; everything else kept, unknown metadata included. */
  assert_xpath_equal (xml, "string(/domain/sysinfo/system/entry[@name='uuid'])", NULL);
  assert_xpath_equal (xml, "string(/domain/sysinfo/system/entry[@name='manufacturer'])", "Vireo");
  assert_xpath_equal (xml, "string(/domain/os/nvram)", NULL);
  assert_xpath_equal (xml, "string(/domain/os/loader)", "/usr/share/OVMF/OVMF_CODE.fd");
  assert_xpath_equal (xml, "string(/domain/devices/graphics/@autoport)", "yes");
  assert_xpath_equal (xml, "string(/domain/description)", "Lab template");
  assert_xpath_equal (xml, "string(/domain/metadata/*[local-name()='course'])", "networks-101");
  assert_xpath_equal (xml, "string(/domain/memory)", "524288");

  /* The source is untouched. */
  {
    g_autofree char *after = domain_xml (connection, "tmpl");

    assert_string_equal (after, source_xml);
  }
}

static void
test_clone_refusals (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  VireoDomain *tmpl = clone_lab_domain (connection, "tmpl");
  VireoDomain *running = clone_lab_domain (connection, "vm-run");
  struct
  {
    VireoDomain *domain;
    const char  *name;
    const char  *says;
  } cases[] = {
    { running, "vm-run-copy", "shut it down first" },
    { tmpl, "vm-a", "already named 'vm-a'" },
    { tmpl, "", "empty" },
    { tmpl, "a/b", "'/'" },
    /* vm-b's disk would become own.qcow2, which vm-a has. */
    { clone_lab_domain (connection, "vm-b"), "own", "'own.qcow2' already exists" },
    { clone_lab_domain (connection, "loose"), "loose-copy", "not a volume of a storage pool" },
  };
  int domains = count_domains (connection);
  int volumes = count_volumes (connection, "lab-pool");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      assert_false (clone_domain (cases[i].domain, cases[i].name, NULL, &error));
      assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
      if (strstr (error->message, cases[i].says) == NULL)
        fail_msg ("case %u: '%s' does not say '%s'", i, error->message, cases[i].says);
      assert_int_equal (count_domains (connection), domains);
      assert_int_equal (count_volumes (connection, "lab-pool"), volumes);
    }
}

static void
test_clone_rolls_back (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  int domains = count_domains (connection);
  int lab_volumes = count_volumes (connection, "lab-pool");
  int archive_volumes = count_volumes (connection, "archive-pool");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  Recorder recorder = { fractions };
  g_autoptr(GError) error = NULL;

  /* The first disk is copied, the second does not fit: the first copy must go again. */
  assert_false (clone_domain (clone_lab_domain (connection, "two-pools"), "tp-copy", &recorder,
                              &error));
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_non_null (strstr (error->message, "free space"));
  assert_int_equal (count_domains (connection), domains);
  assert_int_equal (count_volumes (connection, "lab-pool"), lab_volumes);
  assert_int_equal (count_volumes (connection, "archive-pool"), archive_volumes);
  assert_false (volume_exists (connection, "lab-pool", "tp-copy.qcow2"));
  assert_null (vireo_connection_lookup_domain_by_name (connection, "tp-copy"));
  /* Progress went as far as the second disk, never to the end. */
  assert_true (fractions->len >= 2);
  assert_true (g_array_index (fractions, double, fractions->len - 1) < 1.0);
}

static void
test_full_clone_of_logical_volume (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  g_autofree char *xml = NULL;

  /* Logical volumes have no extension, and stay block devices. */
  assert_true (clone_domain (clone_lab_domain (connection, "lvm-vm"), "lvm-copy", NULL, NULL));
  assert_true (volume_exists (connection, "vg-pool", "lvm-copy"));
  xml = domain_xml (connection, "lvm-copy");
  assert_xpath_equal (xml, "string(/domain/devices/disk/@type)", "block");
  assert_xpath_equal (xml, "string(/domain/devices/disk/source/@dev)", "/dev/vg0/lvm-copy");
}

static void
test_clone_not_connected (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  g_autoptr(VireoDomain) tmpl = g_object_ref (clone_lab_domain (connection, "tmpl"));
  g_autoptr(GError) error = NULL;

  vireo_connection_set_auto_reconnect (connection, FALSE);
  vireo_connection_handle_closed (connection, VIR_CONNECT_CLOSE_REASON_EOF);
  assert_false (clone_domain (tmpl, "tmpl-copy", NULL, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED));
}

/* Linked clones --------------------------------------------------------------------------------- */

static void
assert_overlay (VireoConnection *connection,
                const char      *volume_name,
                const char      *backing_path,
                const char      *backing_format,
                const char      *capacity)
{
  g_autofree char *xml = volume_xml (connection, "lab-pool", volume_name);

  assert_xpath_equal (xml, "string(/volume/target/format/@type)", "qcow2");
  assert_xpath_equal (xml, "string(/volume/backingStore/path)", backing_path);
  assert_xpath_equal (xml, "string(/volume/backingStore/format/@type)", backing_format);
  assert_xpath_equal (xml, "string(/volume/capacity)", capacity);
}

static void
test_linked_clones (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  VireoDomain *tmpl = clone_lab_domain (connection, "tmpl");
  int domains = count_domains (connection);
  int volumes = count_volumes (connection, "lab-pool");
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  names = create_linked_clones (tmpl, 3, &error);
  assert_null (error);
  assert_non_null (names);
  assert_int_equal (g_strv_length (names), 3);
  assert_int_equal (count_domains (connection), domains + 3);
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes + 6);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *expected = g_strdup_printf ("tmpl-%u", i + 1);
      g_autofree char *system = g_strdup_printf ("%s.qcow2", expected);
      g_autofree char *data = g_strdup_printf ("%s-vdb.qcow2", expected);
      g_autofree char *system_path = g_strconcat (POOL_DIR "/", system, NULL);
      g_autofree char *data_path = g_strconcat (POOL_DIR "/", data, NULL);
      g_autofree char *xml = NULL;
      g_autofree char *mac = NULL;

      assert_string_equal (names[i], expected);
      wait_listed (connection, expected, TRUE);

      assert_overlay (connection, system, POOL_DIR "/tmpl.qcow2", "qcow2", "8589934592");
      assert_overlay (connection, data, POOL_DIR "/tmpl-data.img", "raw", "1073741824");

      xml = domain_xml (connection, expected);
      assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vda']/source/@file)",
                          system_path);
      assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vda']/driver/@type)", "qcow2");
      assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vdb']/@type)", "file");
      assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vdb']/source/@file)",
                          data_path);
      assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='vdb']/driver/@type)", "qcow2");
      assert_xpath_equal (xml, "string(/domain/devices/disk[target/@dev='sda']/source/@file)",
                          "/var/lib/vireo-test/iso/installer.iso");
      mac = xpath_string (xml, "string(/domain/devices/interface/mac/@address)");
      assert_string_not_equal (mac, "52:54:00:00:00:01");
      g_hash_table_add (uuids, xpath_string (xml, "string(/domain/uuid)"));
    }
  assert_int_equal (g_hash_table_size (uuids), 3);
  assert_false (g_hash_table_contains (uuids, "7d0c1e8a-35a1-4c39-9f0b-1c2a3b4c5d01"));

  /* The template's disks now back the clones: the delete dialog says so, and refuses them. */
  {
    g_autoptr(GPtrArray) disks = list_disks (tmpl, NULL);
    const VireoDiskInfo *system = disk_by_target (disks, "vda");
    const char *paths[] = { POOL_DIR "/tmpl.qcow2", NULL };
    g_autoptr(GError) refused = NULL;

    assert_int_equal (g_strv_length (system->shared_with), 3);
    assert_true (g_strv_contains ((const char * const *) system->shared_with, "tmpl-2"));
    assert_false (system->default_remove);
    assert_false (disk_by_target (disks, "vdb")->default_remove);

    assert_false (delete_domain (tmpl, paths, &refused));
    assert_true (g_error_matches (refused, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
    assert_true (volume_exists (connection, "lab-pool", "tmpl.qcow2"));
  }

  /* A clone deleted with its overlays leaves the template and the other clones alone. */
  {
    g_autoptr(GPtrArray) disks = list_disks (clone_lab_domain (connection, "tmpl-1"), NULL);
    const char *paths[] = { POOL_DIR "/tmpl-1.qcow2", POOL_DIR "/tmpl-1-vdb.qcow2", NULL };

    assert_true (disk_by_target (disks, "vda")->default_remove);
    assert_true (disk_by_target (disks, "vdb")->default_remove);
    assert_false (disk_by_target (disks, "sda")->default_remove);
    assert_true (delete_domain (clone_lab_domain (connection, "tmpl-1"), paths, NULL));
    wait_listed (connection, "tmpl-1", FALSE);
    assert_int_equal (count_volumes (connection, "lab-pool"), volumes + 4);
    assert_true (volume_exists (connection, "lab-pool", "tmpl.qcow2"));
  }
}

static void
test_linked_clones_skip_taken_names (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  VireoDomain *tmpl = clone_lab_domain (connection, "tmpl");
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) next = NULL;
  virStoragePoolPtr pool;
  virStorageVolPtr stray;

  first = create_linked_clones (tmpl, 1, NULL);
  assert_string_equal (first[0], "tmpl-1");
  assert_null (first[1]);

  /* A leftover volume of a deleted "tmpl-2": never overwritten, the number is skipped. */
  pool = virStoragePoolLookupByName (lab_conn (connection), "lab-pool");
  stray = virStorageVolCreateXML (pool, "<volume><name>tmpl-2-vdb.qcow2</name>"
                                        "<capacity>1048576</capacity></volume>", 0);
  assert_non_null (stray);
  virStorageVolFree (stray);
  virStoragePoolFree (pool);

  next = create_linked_clones (tmpl, 2, NULL);
  assert_int_equal (g_strv_length (next), 2);
  assert_string_equal (next[0], "tmpl-3");
  assert_string_equal (next[1], "tmpl-4");
  assert_null (domain_xml (connection, "tmpl-2"));
}

static void
test_linked_clones_roll_back (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  int domains = count_domains (connection);
  int volumes = count_volumes (connection, "lab-pool");
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;

  /* Two 40 GiB overlays fit the test driver's 100 GiB pool, the third does not. */
  names = create_linked_clones (clone_lab_domain (connection, "big"), 3, &error);
  assert_null (names);
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_non_null (strstr (error->message, "free space"));

  assert_int_equal (count_domains (connection), domains);
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes);
  assert_null (domain_xml (connection, "big-1"));
  assert_null (domain_xml (connection, "big-2"));
  assert_false (volume_exists (connection, "lab-pool", "big-1.qcow2"));

  /* The list saw them come and go. */
  wait_listed (connection, "big-1", FALSE);
  wait_listed (connection, "big-2", FALSE);
}

static void
test_linked_clones_refusals (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  struct
  {
    const char *template_;
    const char *says;
  } cases[] = {
    { "vm-run", "shut it down first" },
    { "lvm-vm", "'logical'" },
    { "loose", "not a volume of a storage pool" },
  };
  int domains = count_domains (connection);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = create_linked_clones (clone_lab_domain (connection, cases[i].template_),
                                                  2, &error);

      assert_null (names);
      assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
      if (strstr (error->message, cases[i].says) == NULL)
        fail_msg ("'%s' does not say '%s'", error->message, cases[i].says);
      assert_int_equal (count_domains (connection), domains);
    }
  assert_int_equal (count_volumes (connection, "vg-pool"), 1);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_full_clone),
    cmocka_unit_test (test_clone_refusals),
    cmocka_unit_test (test_clone_rolls_back),
    cmocka_unit_test (test_full_clone_of_logical_volume),
    cmocka_unit_test (test_clone_not_connected),
    cmocka_unit_test (test_linked_clones),
    cmocka_unit_test (test_linked_clones_skip_taken_names),
    cmocka_unit_test (test_linked_clones_roll_back),
    cmocka_unit_test (test_linked_clones_refusals),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
