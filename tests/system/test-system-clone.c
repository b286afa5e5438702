/* test-system-clone.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clones, deletes and a real start against a real libvirtd (qemu:///system): a directory pool in a
 * temporary directory, a small qcow2 template, linked clones whose overlays qemu-img must see
 * backed by the template, a full copy, deleting all of it with the disks; and a tiny TCG guest
 * (no disk, no display) started and forced off through the core actions. Everything is named
 * "vireo-systest-<pid>-…" and removed afterwards, whatever happened; nothing else is touched.
 */

#define G_LOG_DOMAIN "test-system-clone"

#include "vireo-test-utils.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-delete.h"
#include "vireo-error.h"
#include "vireo-system-vm.h"


static VireoSystemVm       *vm;

typedef struct
{
  char              *dir;
  char              *pool_name;
  virStoragePoolPtr  pool;
} Lab;

/* --- helpers ---------------------------------------------------------------------------------- */

static void
assert_libvirt_ok_impl (gboolean    ok,
                        const char *what,
                        const char *file,
                        int         line)
{
  if (!ok)
    {
      print_error ("ERROR: %s: %s\n", what, virGetLastErrorMessage ());
      _fail (file, line);
    }
}
#define assert_libvirt_ok(ok, what) assert_libvirt_ok_impl ((ok), (what), __FILE__, __LINE__)

static char *
qemu_img_info (const char *path)
{
  const char *argv[] = { "qemu-img", "info", "--output=json", "-U", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;
  char *out = vireo_system_run (argv, 30000, &status, &error);

  vireo_system_assert_no_error (error);
  if (status != 0)
    fail_msg ("qemu-img info %s failed (%d): %s", path, status, out);
  return out;
}

/* Whether qemu-img's JSON has "key": "value" (its own formatting: one space after the colon). */
static gboolean
json_has (const char *json,
          const char *key,
          const char *value)
{
  g_autofree char *needle = g_strdup_printf ("\"%s\": \"%s\"", key, value);

  return strstr (json, needle) != NULL;
}

static GPtrArray *
list_disks (VireoDomain *domain)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *disks;

  vireo_domain_list_disks_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
  disks = vireo_domain_list_disks_finish (domain, result, &error);
  vireo_system_assert_no_error (error);
  return disks;
}

/* Deletes @name with the disks the dialog would propose; returns how many it proposed. */
static guint
delete_with_default_disks (const char *name)
{
  VireoDomain *domain = vireo_system_vm_wait_listed (vm, name, TRUE);
  g_autoptr(GPtrArray) disks = list_disks (domain);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < disks->len; i++)
    {
      VireoDiskInfo *info = g_ptr_array_index (disks, i);

      if (info->default_remove)
        g_ptr_array_add (paths, info->source);
    }
  g_ptr_array_add (paths, NULL);

  vireo_domain_delete_async (domain, (const char * const *) paths->pdata, NULL, vireo_test_async_cb,
                             &slot);
  result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
  vireo_domain_delete_finish (domain, result, &error);
  vireo_system_assert_no_error (error);
  vireo_system_vm_wait_listed (vm, name, FALSE);
  assert_false (vireo_system_vm_domain_defined (vm, name));
  return paths->len - 1;
}

/* --- the lab: a dir pool in a temporary directory, created and removed per test --------------- */

static int
lab_setup (void **state)
{
  Lab *lab = g_new0 (Lab, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  *state = lab;
  lab->dir = g_dir_make_tmp ("vireo-systest-XXXXXX", &error);
  if (lab->dir == NULL)
    {
      g_printerr ("# mkdtemp: %s\n", error->message);
      return -1;
    }
  lab->pool_name = vireo_system_vm_name (vm, "pool");
  xml = g_markup_printf_escaped ("<pool type='dir'><name>%s</name><target><path>%s</path></target>"
                                 "</pool>", lab->pool_name, lab->dir);
  lab->pool = virStoragePoolDefineXML (vm->conn, xml, 0);
  if (lab->pool == NULL || virStoragePoolBuild (lab->pool, 0) < 0 ||
      virStoragePoolCreate (lab->pool, 0) < 0)
    {
      g_printerr ("# pool: %s\n", virGetLastErrorMessage ());
      return -1;
    }
  return 0;
}

static const char * const lab_domains[] = {
  "tmpl", "tmpl-1", "tmpl-2", "tmpl-3", "copy", "tiny", NULL
};

static int
lab_teardown (void **state)
{
  Lab *lab = *state;

  /* Whatever a failed test left: only our names, only our pool, only our directory. */
  for (guint i = 0; lab_domains[i] != NULL; i++)
    {
      g_autofree char *name = vireo_system_vm_name (vm, lab_domains[i]);
      g_autofree char *log = g_strdup_printf ("/var/log/libvirt/qemu/%s.log", name);

      vireo_system_vm_remove_domain (vm, name);
      /* libvirtd's log of a guest this test started. */
      g_unlink (log);
    }

  if (lab->pool != NULL)
    {
      virStorageVolPtr *volumes = NULL;
      int n = virStoragePoolListAllVolumes (lab->pool, &volumes, 0);

      for (int i = 0; i < n; i++)
        {
          virStorageVolDelete (volumes[i], 0);
          virStorageVolFree (volumes[i]);
        }
      free (volumes);
      if (virStoragePoolIsActive (lab->pool) == 1)
        virStoragePoolDestroy (lab->pool);
      virStoragePoolUndefine (lab->pool);
      virStoragePoolFree (lab->pool);
      virResetLastError ();
    }

  if (lab->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (lab->dir, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (lab->dir, entry, NULL);

          g_printerr ("# cleanup: removing leftover %s\n", path);
          g_unlink (path);
        }
      if (g_rmdir (lab->dir) != 0)
        g_printerr ("# cleanup: could not remove %s\n", lab->dir);
    }

  g_free (lab->dir);
  g_free (lab->pool_name);
  g_free (lab);
  return 0;
}

/* The template: a 64 MiB qcow2 volume and a TCG domain using it (never started). */
static char *
make_template (Lab *lab)
{
  g_autofree char *name = vireo_system_vm_name (vm, "tmpl");
  g_autofree char *xml = NULL;
  virStorageVolPtr volume;
  char *path;

  volume = virStorageVolCreateXML (lab->pool, "<volume><name>tmpl.qcow2</name>"
                                              "<capacity unit='MiB'>64</capacity>"
                                              "<target><format type='qcow2'/></target></volume>", 0);
  assert_libvirt_ok (volume != NULL, "virStorageVolCreateXML");
  path = virStorageVolGetPath (volume);
  virStorageVolFree (volume);
  assert_non_null (path);

  xml = g_markup_printf_escaped ("<domain type='qemu'><name>%s</name>"
                                 "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                 "<os><type arch='x86_64'>hvm</type></os>"
                                 "<devices>"
                                 "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                                 "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
                                 "<interface type='user'><mac address='52:54:00:7e:57:01'/>"
                                 "<model type='virtio'/></interface>"
                                 "<graphics type='vnc' autoport='yes'/>"
                                 "</devices></domain>", name, path);
  vireo_system_vm_define (vm, xml);
  vireo_system_vm_wait_listed (vm, name, TRUE);
  return path;
}

/* --- 1: linked clones, checked by qemu-img, then everything deleted with its disks ------------ */

static void
test_linked_clones (void **state)
{
  Lab *lab = *state;
  g_autofree char *template_path = make_template (lab);
  g_autofree char *template_name = vireo_system_vm_name (vm, "tmpl");
  VireoDomain *template_ = vireo_system_vm_wait_listed (vm, template_name, TRUE);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GPtrArray) overlays = g_ptr_array_new_with_free_func (g_free);

  vireo_domain_create_linked_clones_async (template_, 2, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
  names = vireo_domain_create_linked_clones_finish (template_, result, &error);
  vireo_system_assert_no_error (error);
  assert_int_equal (g_strv_length (names), 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s-%u", template_name, i + 1);
      g_autofree char *overlay = g_strdup_printf ("%s/%s.qcow2", lab->dir, expected);
      g_autofree char *info = NULL;

      assert_string_equal (names[i], expected);
      vireo_system_vm_wait_listed (vm, expected, TRUE);
      assert_true (g_file_test (overlay, G_FILE_TEST_IS_REGULAR));

      info = qemu_img_info (overlay);
      g_printerr ("# %s: %s\n", overlay, info);
      if (!json_has (info, "backing-filename", template_path) ||
          !json_has (info, "format", "qcow2") ||
          !json_has (info, "backing-filename-format", "qcow2"))
        fail_msg ("%s is not a qcow2 overlay of %s:\n%s", overlay, template_path, info);
      assert_non_null (strstr (info, "\"virtual-size\": 67108864"));
      g_ptr_array_add (overlays, g_steal_pointer (&overlay));
    }

  /* The template's disk backs the clones: the dialog does not propose it. */
  {
    g_autoptr(GPtrArray) disks = list_disks (template_);
    VireoDiskInfo *info = g_ptr_array_index (disks, 0);

    assert_string_equal (info->source, template_path);
    assert_int_equal (g_strv_length (info->shared_with), 2);
    assert_false (info->default_remove);
  }

  /* Clones first, with their overlays; then the template, whose disk is free again. */
  assert_int_equal (delete_with_default_disks (names[0]), 1);
  assert_int_equal (delete_with_default_disks (names[1]), 1);
  for (guint i = 0; i < overlays->len; i++)
    assert_false (g_file_test (g_ptr_array_index (overlays, i), G_FILE_TEST_EXISTS));
  assert_true (g_file_test (template_path, G_FILE_TEST_EXISTS));

  assert_int_equal (delete_with_default_disks (template_name), 1);
  assert_false (g_file_test (template_path, G_FILE_TEST_EXISTS));
  assert_int_equal (virStoragePoolRefresh (lab->pool, 0), 0);
  assert_int_equal (virStoragePoolNumOfVolumes (lab->pool), 0);
}

/* --- 2: a full copy is a standalone image -------------------------------------------------------- */

static void
on_progress (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
test_full_clone (void **state)
{
  Lab *lab = *state;
  g_autofree char *template_path = make_template (lab);
  g_autofree char *template_name = vireo_system_vm_name (vm, "tmpl");
  g_autofree char *copy_name = vireo_system_vm_name (vm, "copy");
  g_autofree char *copy_path = g_strdup_printf ("%s/%s.qcow2", lab->dir, copy_name);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  VireoDomain *template_ = vireo_system_vm_wait_listed (vm, template_name, TRUE);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;

  vireo_domain_clone_async (template_, copy_name, NULL, on_progress, fractions,
                            vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
  vireo_domain_clone_finish (template_, result, &error);
  vireo_system_assert_no_error (error);
  vireo_system_vm_wait_listed (vm, copy_name, TRUE);
  assert_true (fractions->len >= 1);
  assert_true (g_array_index (fractions, double, fractions->len - 1) == 1.0);

  info = qemu_img_info (copy_path);
  g_printerr ("# %s: %s\n", copy_path, info);
  assert_true (json_has (info, "format", "qcow2"));
  assert_null (strstr (info, "backing-filename"));
  assert_non_null (strstr (info, "\"virtual-size\": 67108864"));

  assert_int_equal (delete_with_default_disks (copy_name), 1);
  assert_false (g_file_test (copy_path, G_FILE_TEST_EXISTS));
  assert_int_equal (delete_with_default_disks (template_name), 1);
  assert_false (g_file_test (template_path, G_FILE_TEST_EXISTS));
}

/* --- 3: a real guest runs and is forced off ------------------------------------------------------ */

static gboolean
has_id (gpointer domain)
{
  return vireo_domain_get_id (domain) > 0;
}

static void
test_start_and_force_off (void **state)
{
  g_autofree char *name = vireo_system_vm_name (vm, "tiny");
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain;

  /* TCG, 64 MiB, no disk, no display, no serial: it boots into nothing, which is enough. */
  xml = g_markup_printf_escaped ("<domain type='qemu'><name>%s</name>"
                                 "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                 "<os><type arch='x86_64'>hvm</type></os>"
                                 "<devices><controller type='usb' model='none'/>"
                                 "<memballoon model='none'/></devices></domain>", name);
  vireo_system_vm_define (vm, xml);
  domain = vireo_system_vm_wait_listed (vm, name, TRUE);
  assert_int_equal (vireo_domain_get_state (domain), VIREO_DOMAIN_STATE_SHUTOFF);

  if (!vireo_system_vm_run_action (domain, VIREO_DOMAIN_ACTION_START, &error))
    vireo_system_assert_no_error (error);
  vireo_system_vm_wait_state (domain, VIREO_DOMAIN_STATE_RUNNING);
  assert_true (vireo_domain_get_is_active (domain));
  if (!vireo_test_wait_until (has_id, domain, VIREO_SYSTEM_STATE_TIMEOUT_MS))
    fail_msg ("'%s' runs without an id", name);

  /* Deleting a running VM is refused, and changes nothing. */
  {
    GAsyncResult *slot = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) refused = NULL;

    vireo_domain_delete_async (domain, NULL, NULL, vireo_test_async_cb, &slot);
    result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
    assert_false (vireo_domain_delete_finish (domain, result, &refused));
    assert_true (g_error_matches (refused, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
    assert_true (vireo_system_vm_domain_defined (vm, name));
  }

  if (!vireo_system_vm_run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, &error))
    vireo_system_assert_no_error (error);
  vireo_system_vm_wait_state (domain, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_false (vireo_domain_get_is_active (domain));

  assert_int_equal (delete_with_default_disks (name), 0);
}

/* --- main ------------------------------------------------------------------------------------- */

static int
group_setup (void **state)
{
  vm = vireo_system_vm_open ();
  return vm != NULL ? 0 : -1;
}

static int
group_teardown (void **state)
{
  g_clear_pointer (&vm, vireo_system_vm_close);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_linked_clones, lab_setup, lab_teardown),
    cmocka_unit_test_setup_teardown (test_full_clone, lab_setup, lab_teardown),
    cmocka_unit_test_setup_teardown (test_start_and_force_off, lab_setup, lab_teardown),
  };
  g_autoptr(GError) error = NULL;

  if (!vireo_system_can_run ())
    return 0;

  /* libvirt writes to its sockets with write(2): a daemon going away must be an error, not a
   * signal that kills the test (virsh ignores SIGPIPE the same way). */
  signal (SIGPIPE, SIG_IGN);

  g_log_writer_default_set_use_stderr (TRUE);

  if (!vireo_core_init (&error))
    {
      g_printerr ("vireo_core_init: %s\n", error->message);
      return 1;
    }

  return cmocka_run_group_tests_name ("system-clone", tests, group_setup, group_teardown);
}
