/* test-domain-delete.c: a VM's disks, and deleting a VM with the disks chosen
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "clone-test-common.h"

static void
test_list_disks (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GError) error = NULL;
  const VireoDiskInfo *info;

  disks = list_disks (clone_lab_domain (connection, "tmpl"), &error);
  assert_null (error);
  assert_int_equal (disks->len, 3);

  info = g_ptr_array_index (disks, 0);
  assert_string_equal (info->target, "vda");
  assert_string_equal (info->device, "disk");
  assert_string_equal (info->source, POOL_DIR "/tmpl.qcow2");
  assert_string_equal (info->pool, "lab-pool");
  assert_string_equal (info->volume, "tmpl.qcow2");
  assert_false (vireo_disk_info_is_shared (info));
  assert_true (info->removable);
  assert_true (info->default_remove);

  /* <disk type='volume'> resolves to the volume's path. */
  info = g_ptr_array_index (disks, 1);
  assert_string_equal (info->target, "vdb");
  assert_string_equal (info->source, POOL_DIR "/tmpl-data.img");
  assert_string_equal (info->pool, "lab-pool");
  assert_string_equal (info->volume, "tmpl-data.img");
  assert_true (info->default_remove);

  /* An installer ISO outside the pools: a local file Vireo could remove, unchecked by default. */
  info = g_ptr_array_index (disks, 2);
  assert_string_equal (info->target, "sda");
  assert_string_equal (info->device, "cdrom");
  assert_string_equal (info->source, "/var/lib/vireo-test/iso/installer.iso");
  assert_null (info->pool);
  assert_null (info->volume);
  assert_true (info->removable);
  assert_false (info->default_remove);

  /* Boxed copies are deep. */
  {
    g_autoptr(VireoDiskInfo) copy = g_boxed_copy (VIREO_TYPE_DISK_INFO, info);

    assert_ptr_not_equal (copy->source, info->source);
    assert_string_equal (copy->source, info->source);
    assert_non_null (copy->shared_with);
  }
}

static void
test_list_disks_shared (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  g_autoptr(GPtrArray) disks = list_disks (clone_lab_domain (connection, "vm-a"), NULL);
  const VireoDiskInfo *own = disk_by_target (disks, "vda");
  const VireoDiskInfo *shared = disk_by_target (disks, "vdb");

  assert_false (vireo_disk_info_is_shared (own));
  assert_true (own->default_remove);

  assert_true (vireo_disk_info_is_shared (shared));
  assert_int_equal (g_strv_length (shared->shared_with), 1);
  assert_string_equal (shared->shared_with[0], "vm-b");
  assert_true (shared->removable);
  assert_false (shared->default_remove);
}

static void
test_delete_keeps_shared_disk (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  VireoDomain *vm_a = clone_lab_domain (connection, "vm-a");
  const char *both[] = { POOL_DIR "/own.qcow2", POOL_DIR "/shared.qcow2", NULL };
  const char *own_only[] = { POOL_DIR "/own.qcow2", NULL };
  int domains = count_domains (connection);
  int volumes = count_volumes (connection, "lab-pool");
  g_autoptr(GError) error = NULL;

  /* Asked to remove vm-b's disk too (a stale dialog): refused, nothing changed. */
  assert_false (delete_domain (vm_a, both, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_non_null (strstr (error->message, "vm-b"));
  assert_int_equal (count_domains (connection), domains);
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes);
  assert_non_null (vireo_connection_lookup_domain_by_name (connection, "vm-a"));

  /* The VM and its own disk go; the shared one stays with vm-b. */
  assert_true (delete_domain (vm_a, own_only, NULL));
  wait_listed (connection, "vm-a", FALSE);
  assert_int_equal (count_domains (connection), domains - 1);
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes - 1);
  assert_false (volume_exists (connection, "lab-pool", "own.qcow2"));
  assert_true (volume_exists (connection, "lab-pool", "shared.qcow2"));
  assert_non_null (vireo_connection_lookup_domain_by_name (connection, "vm-b"));

  /* vm-b alone now: its disk is no longer shared. */
  {
    g_autoptr(GPtrArray) disks = list_disks (clone_lab_domain (connection, "vm-b"), NULL);

    assert_false (vireo_disk_info_is_shared (disk_by_target (disks, "vda")));
  }
}

static void
test_delete_without_disks (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  int volumes = count_volumes (connection, "lab-pool");

  assert_true (delete_domain (clone_lab_domain (connection, "vm-b"), NULL, NULL));
  wait_listed (connection, "vm-b", FALSE);
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes);
}

static void
test_delete_running_refused (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  VireoDomain *running = clone_lab_domain (connection, "vm-run");
  const char *paths[] = { POOL_DIR "/run.qcow2", NULL };
  int domains = count_domains (connection);
  int volumes = count_volumes (connection, "lab-pool");
  g_autoptr(GError) error = NULL;

  assert_false (delete_domain (running, paths, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
  assert_non_null (strstr (error->message, "force it off"));
  assert_int_equal (count_domains (connection), domains);
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes);
  assert_int_equal (vireo_domain_get_state (running), VIREO_DOMAIN_STATE_RUNNING);

  /* Once off, it can go. */
  assert_true (run_action (running, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL));
  wait_domain_state (running, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_true (delete_domain (running, paths, NULL));
  wait_listed (connection, "vm-run", FALSE);
  assert_false (volume_exists (connection, "lab-pool", "run.qcow2"));
}

static void
test_delete_refuses_foreign_paths (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  VireoDomain *vm_b = clone_lab_domain (connection, "vm-b");
  g_autofree char *dir = g_dir_make_tmp ("vireo-delete-XXXXXX", NULL);
  g_autofree char *bystander = g_build_filename (dir, "bystander.img", NULL);
  const char *foreign[] = { POOL_DIR "/own.qcow2", NULL };
  const char *unrelated[] = { bystander, NULL };
  int volumes = count_volumes (connection, "lab-pool");

  assert_true (g_file_set_contents (bystander, "not vm-b's", -1, NULL));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      assert_false (delete_domain (vm_b, i == 0 ? foreign : unrelated, &error));
      assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
      assert_non_null (strstr (error->message, "not a disk"));
    }
  assert_int_equal (count_volumes (connection, "lab-pool"), volumes);
  assert_true (g_file_test (bystander, G_FILE_TEST_EXISTS));
  assert_non_null (vireo_connection_lookup_domain_by_name (connection, "vm-b"));

  assert_int_equal (g_unlink (bystander), 0);
  assert_int_equal (g_rmdir (dir), 0);
}

static void
test_delete_plain_file (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-delete-XXXXXX", &error);
  g_autofree char *image = g_build_filename (dir, "scratch.img", NULL);
  g_autofree char *keep = g_build_filename (dir, "keep.iso", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  const VireoDiskInfo *info;
  virDomainPtr defined;
  const char *paths[] = { image, NULL };

  assert_non_null (dir);
  assert_true (g_file_set_contents (image, "disk", -1, NULL));
  assert_true (g_file_set_contents (keep, "iso", -1, NULL));
  xml = g_markup_printf_escaped ("<domain type='test'><name>scratch</name><memory>65536</memory>"
                                 "<os><type arch='x86_64'>hvm</type></os><devices>"
                                 "<disk type='file' device='disk'><source file='%s'/>"
                                 "<target dev='vda' bus='virtio'/></disk>"
                                 "<disk type='file' device='cdrom'><source file='%s'/>"
                                 "<target dev='sda' bus='sata'/><readonly/></disk>"
                                 "</devices></domain>", image, keep);
  defined = virDomainDefineXML (lab_conn (connection), xml);
  assert_non_null (defined);
  virDomainFree (defined);
  wait_listed (connection, "scratch", TRUE);

  disks = list_disks (clone_lab_domain (connection, "scratch"), NULL);
  info = disk_by_target (disks, "vda");
  assert_string_equal (info->source, image);
  assert_null (info->pool);
  assert_true (info->removable);
  assert_true (info->default_remove);
  assert_false (disk_by_target (disks, "sda")->default_remove);

  assert_true (delete_domain (clone_lab_domain (connection, "scratch"), paths, NULL));
  wait_listed (connection, "scratch", FALSE);
  assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
  assert_true (g_file_test (keep, G_FILE_TEST_EXISTS));

  assert_int_equal (g_unlink (keep), 0);
  assert_int_equal (g_rmdir (dir), 0);
}

static void
test_delete_reports_what_remains (void **state)
{
  g_autoptr(VireoConnection) connection = open_clone_lab ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vireo-delete-XXXXXX", &error);
  /* A "disk" that unlink(2) refuses, even to root: a directory. */
  g_autofree char *image = g_build_filename (dir, "stuck.img", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *after = NULL;
  virDomainPtr defined;
  const char *paths[] = { image, NULL };

  assert_non_null (dir);
  assert_int_equal (g_mkdir (image, 0700), 0);
  xml = g_markup_printf_escaped ("<domain type='test'><name>stuck</name><memory>65536</memory>"
                                 "<os><type arch='x86_64'>hvm</type></os><devices>"
                                 "<disk type='file' device='disk'><source file='%s'/>"
                                 "<target dev='vda' bus='virtio'/></disk>"
                                 "</devices></domain>", image);
  defined = virDomainDefineXML (lab_conn (connection), xml);
  assert_non_null (defined);
  virDomainFree (defined);
  wait_listed (connection, "stuck", TRUE);

  /* The VM goes, the disk stays, and the message names it. */
  assert_false (delete_domain (clone_lab_domain (connection, "stuck"), paths, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_FAILED));
  assert_non_null (strstr (error->message, image));
  assert_non_null (strstr (error->message, "remain"));
  wait_listed (connection, "stuck", FALSE);
  after = domain_xml (connection, "stuck");
  assert_null (after);
  assert_true (g_file_test (image, G_FILE_TEST_IS_DIR));

  assert_int_equal (g_rmdir (image), 0);
  assert_int_equal (g_rmdir (dir), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_list_disks),
    cmocka_unit_test (test_list_disks_shared),
    cmocka_unit_test (test_delete_keeps_shared_disk),
    cmocka_unit_test (test_delete_without_disks),
    cmocka_unit_test (test_delete_running_refused),
    cmocka_unit_test (test_delete_refuses_foreign_paths),
    cmocka_unit_test (test_delete_plain_file),
    cmocka_unit_test (test_delete_reports_what_remains),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
