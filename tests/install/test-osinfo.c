/* test-osinfo.c: the osinfo database as Vireo reads it, the volume-id fallback, and detection
 * of real ISO images built here with xorriso
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* strverscmp */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "vireo-osinfo.h"
#include "vireo-test-utils.h"

/* Helpers --------------------------------------------------------------------------------------- */

typedef struct
{
  char *dir;
} Fixture;

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->dir = g_dir_make_tmp ("vireo-osinfo-XXXXXX", NULL);
  assert_non_null (f->dir);
  *state = f;
  return 0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f);
  return 0;
}

/* An ISO 9660 image at @dir/@name with volume id @volid, made by xorriso from a few files. */
static char *
make_iso (const char *dir,
          const char *name,
          const char *volid)
{
  g_autofree char *tree = g_build_filename (dir, "tree", NULL);
  g_autofree char *readme = g_build_filename (tree, "README.txt", NULL);
  g_autofree char *iso = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *argv[] = { "xorriso", "-as", "mkisofs", "-quiet", "-V", volid, "-o", iso, tree, NULL };

  g_mkdir_with_parents (tree, 0755);
  assert_true (g_file_set_contents (readme, "Vireo test medium\n", -1, NULL));
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    fail_msg ("xorriso: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    fail_msg ("xorriso failed: %s\n%s", error->message, err);
  return g_steal_pointer (&iso);
}

static VireoOsDetection *
detect (const char    *path,
        guint          timeout_ms,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vireo_osinfo_detect_async (path, timeout_ms, cancellable, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, 300000);
  return vireo_osinfo_detect_finish (result, error);
}

/* Tests ----------------------------------------------------------------------------------------- */

static void
test_load (void **state)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  int debian11 = -1, debian10 = -1, debian9 = -1;
  guint n;

  vireo_osinfo_load_async (NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, 300000);
  model = vireo_osinfo_load_finish (result, &error);
  assert_null (error);
  assert_non_null (model);
  assert_true (g_list_model_get_item_type (model) == VIREO_TYPE_OS);
  n = g_list_model_get_n_items (model);
  /* osinfo-db 20221130 has several hundred operating systems. */
  assert_true (n > 300);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoOs) os = g_list_model_get_item (model, i);
      const char *short_id = vireo_os_get_short_id (os);

      assert_non_null (short_id);
      assert_non_null (vireo_os_get_name (os));
      if (g_str_equal (short_id, "debian11"))
        debian11 = i;
      else if (g_str_equal (short_id, "debian10"))
        debian10 = i;
      else if (g_str_equal (short_id, "debian9"))
        debian9 = i;
      /* The model holds the same objects lookup returns. */
      assert_ptr_equal (vireo_osinfo_lookup (short_id), os);
    }
  /* Sorted by family, distro, then newest first: 11, 10, 9 (numerically, not "9" > "11"). */
  assert_true (debian11 >= 0 && debian10 >= 0 && debian9 >= 0);
  assert_true (debian11 < debian10);
  assert_true (debian10 < debian9);
}

static void
test_lookup (void **state)
{
  VireoOs *debian = vireo_osinfo_lookup ("debian11");
  VireoOs *win10 = vireo_osinfo_lookup ("win10");
  VireoOs *winxp = vireo_osinfo_lookup ("winxp");
  g_autofree char *search = NULL;
  g_autofree char *name = NULL;

  assert_non_null (debian);
  assert_string_equal (vireo_os_get_id (debian), "http://debian.org/debian/11");
  assert_string_equal (vireo_os_get_name (debian), "Debian 11");
  assert_string_equal (vireo_os_get_family (debian), "linux");
  assert_string_equal (vireo_os_get_distro (debian), "debian");
  assert_string_equal (vireo_os_get_version (debian), "11");
  g_object_get (debian, "search-text", &search, "name", &name, NULL);
  assert_string_equal (search, "debian 11 debian11");
  assert_string_equal (name, "Debian 11");

  /* debian-11.xml: recommended ram 1 GiB and storage 20 GiB; n-cpus only as a minimum (1), which
   * virt-install doubles. */
  assert_int_equal (vireo_os_get_recommended_ram_mib (debian), 1024);
  assert_int_equal (vireo_os_get_recommended_storage_gib (debian), 20);
  assert_int_equal (vireo_os_get_recommended_vcpus (debian), 2);
  /* Device support comes from what debian11 derives from (virtio-net, -block, q35) and its own
   * list (virtio1.0-gpu). */
  assert_true (vireo_os_supports_virtio_net (debian));
  assert_true (vireo_os_supports_virtio_block (debian));
  assert_true (vireo_os_supports_virtio_gpu (debian));
  assert_true (vireo_os_supports_q35 (debian));
  assert_true (vireo_os_supports_usb3 (debian));
  assert_false (vireo_os_is_windows (debian));

  /* Windows 10: no in-box virtio, but q35, e1000e and a tablet; Windows clock and Hyper-V. */
  assert_non_null (win10);
  assert_string_equal (vireo_os_get_family (win10), "winnt");
  assert_true (vireo_os_is_windows (win10));
  assert_false (vireo_os_supports_virtio_net (win10));
  assert_false (vireo_os_supports_virtio_block (win10));
  assert_true (vireo_os_supports_e1000e (win10));
  assert_true (vireo_os_supports_q35 (win10));
  assert_true (vireo_os_supports_usb_tablet (win10));
  assert_true (vireo_os_get_recommended_ram_mib (win10) >= 2048);

  /* Windows XP: nothing modern at all: no virtio, no q35, an e1000 NIC. */
  assert_non_null (winxp);
  assert_false (vireo_os_supports_virtio_net (winxp));
  assert_false (vireo_os_supports_virtio_block (winxp));
  assert_false (vireo_os_supports_virtio_gpu (winxp));
  assert_false (vireo_os_supports_q35 (winxp));
  assert_false (vireo_os_supports_e1000e (winxp));
  assert_string_equal (vireo_os_get_legacy_nic_model (winxp), "e1000");

  assert_null (vireo_osinfo_lookup ("debian12"));   /* the reason for the fallback */
  assert_null (vireo_osinfo_lookup ("no-such-os"));
}

static void
test_guess_from_volume_id (void **state)
{
  g_autoptr(VireoOsDetection) debian12 = vireo_osinfo_guess_from_volume_id ("Debian 12.2.0 amd64 n");
  g_autoptr(VireoOsDetection) debian11 = vireo_osinfo_guess_from_volume_id ("Debian 11.7.0 amd64 1");
  g_autoptr(VireoOsDetection) debian99 = vireo_osinfo_guess_from_volume_id ("Debian 99.1.0 amd64 n");
  g_autoptr(VireoOsDetection) ancient = vireo_osinfo_guess_from_volume_id ("Debian 0.9 i386");
  g_autoptr(VireoOsDetection) unknown = vireo_osinfo_guess_from_volume_id ("Zorkos 3.1 x86");
  g_autoptr(VireoOsDetection) no_version = vireo_osinfo_guess_from_volume_id ("Debian amd64");
  g_autoptr(VireoOsDetection) fedora = vireo_osinfo_guess_from_volume_id ("Fedora-WS-Live-99-1-6");
  g_autoptr(VireoOsDetection) ubuntu = vireo_osinfo_guess_from_volume_id ("Ubuntu-Server 22.04.3 LTS amd64");
  g_autoptr(VireoOsDetection) ubuntu_new = vireo_osinfo_guess_from_volume_id ("Ubuntu 23.10 amd64");

  /* Debian 12 is not in osinfo-db 20221130: the newest Debian not newer than 12. */
  assert_non_null (debian12->os);
  assert_string_equal (vireo_os_get_short_id (debian12->os), "debian11");
  assert_true (debian12->is_fallback);
  assert_string_equal (debian12->detected_name, "Debian 12.2.0 amd64 n");
  assert_string_equal (debian12->fallback_note,
                       "Debian 12 is not in this computer's OS database; Vireo uses the settings of Debian 11");

  /* A release the database has is no fallback. */
  assert_non_null (debian11->os);
  assert_string_equal (vireo_os_get_short_id (debian11->os), "debian11");
  assert_false (debian11->is_fallback);
  assert_null (debian11->fallback_note);

  assert_string_equal (vireo_os_get_short_id (debian99->os), "debian11");
  assert_true (debian99->is_fallback);
  assert_non_null (strstr (debian99->fallback_note, "Debian 99 "));

  /* Older than anything known: the header's rule, the newest of the distro. */
  assert_non_null (ancient->os);
  assert_string_equal (vireo_os_get_distro (ancient->os), "debian");
  assert_true (ancient->is_fallback);

  /* Fedora's live media spell the version after dashes. */
  assert_non_null (fedora->os);
  assert_string_equal (vireo_os_get_distro (fedora->os), "fedora");
  assert_true (fedora->is_fallback);

  /* Two-part versions: 22.04.3 is Ubuntu 22.04; 23.10 falls back to the newest before it. */
  assert_non_null (ubuntu->os);
  assert_string_equal (vireo_os_get_short_id (ubuntu->os), "ubuntu22.04");
  assert_false (ubuntu->is_fallback);
  assert_non_null (ubuntu_new->os);
  assert_string_equal (vireo_os_get_distro (ubuntu_new->os), "ubuntu");
  assert_true (ubuntu_new->is_fallback);
  assert_true (strverscmp (vireo_os_get_version (ubuntu_new->os), "23.10") < 0);
  assert_non_null (strstr (ubuntu_new->fallback_note, "Ubuntu 23.10 is not"));

  assert_null (unknown->os);
  assert_null (unknown->detected_name);
  assert_false (unknown->is_fallback);
  assert_null (no_version->os);
}

static void
test_detect_fallback_iso (void **state)
{
  Fixture *f = *state;
  g_autofree char *iso = make_iso (f->dir, "debian-12.iso", "Debian 12.2.0 amd64 n");
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = detect (iso, 120000, NULL, &error);

  assert_null (error);
  assert_non_null (detection);
  assert_non_null (detection->os);
  assert_string_equal (vireo_os_get_short_id (detection->os), "debian11");
  assert_true (detection->is_fallback);
  assert_string_equal (detection->detected_name, "Debian 12.2.0 amd64 n");
  assert_non_null (strstr (detection->fallback_note, "Debian 12"));
}

static void
test_detect_known_iso (void **state)
{
  Fixture *f = *state;
  /* debian-11.xml's netinst media: <volume-id>Debian 11.\d+.\d+ amd64 n</volume-id> */
  g_autofree char *iso = make_iso (f->dir, "debian-11.iso", "Debian 11.7.0 amd64 n");
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = detect (iso, 120000, NULL, &error);

  assert_null (error);
  assert_non_null (detection->os);
  assert_string_equal (vireo_os_get_short_id (detection->os), "debian11");
  assert_false (detection->is_fallback);
  assert_null (detection->fallback_note);
  /* Matched by libosinfo's media entry: the name is the OS's, not the volume id. */
  assert_string_equal (detection->detected_name, "Debian 11");
}

static void
test_detect_unknown_iso (void **state)
{
  Fixture *f = *state;
  g_autofree char *iso = make_iso (f->dir, "mystery.iso", "MYSTERY_DISC");
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = detect (iso, 120000, NULL, &error);

  assert_null (error);
  assert_non_null (detection);
  assert_null (detection->os);
  assert_null (detection->detected_name);
}

static void
test_detect_missing (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = g_build_filename (f->dir, "nowhere.iso", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = detect (path, 120000, NULL, &error);

  assert_null (detection);
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  assert_non_null (strstr (error->message, path));
}

static void
test_detect_unreadable (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = NULL;
  /* root reads any file, so permissions cannot make one unreadable here: a path below a regular
   * file fails to open for everyone (ENOTDIR). */
  g_autofree char *file = g_build_filename (f->dir, "plain", NULL);
  g_autofree char *below = g_build_filename (file, "x.iso", NULL);

  assert_true (g_file_set_contents (file, "x", -1, NULL));
  detection = detect (below, 120000, NULL, &error);
  assert_null (detection);
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY));
}

static void
test_detect_not_an_iso (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = g_build_filename (f->dir, "notes.iso", NULL);
  g_autofree char *big = g_strnfill (64 * 1024, 'v');
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = NULL;

  assert_true (g_file_set_contents (path, big, -1, NULL));
  detection = detect (path, 120000, NULL, &error);
  assert_null (error);
  assert_non_null (detection);
  assert_null (detection->os);
  assert_false (detection->is_fallback);
}

static void
test_detect_timeout (void **state)
{
  Fixture *f = *state;
  g_autofree char *fifo = g_build_filename (f->dir, "slow.iso", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = NULL;
  gint64 start;
  int fd;

  /* Opening a FIFO for reading blocks until a writer comes: the medium that never answers. */
  assert_int_equal (mkfifo (fifo, 0600), 0);
  start = g_get_monotonic_time ();
  detection = detect (fifo, 300, NULL, &error);
  assert_null (detection);
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  assert_true (g_get_monotonic_time () - start >= 300 * 1000);

  /* Let the abandoned thread finish (it then reads an empty stream and drops its result). */
  fd = open (fifo, O_WRONLY | O_NONBLOCK);
  assert_true (fd >= 0);
  close (fd);
}

static void
test_detect_cancelled (void **state)
{
  Fixture *f = *state;
  g_autofree char *iso = make_iso (f->dir, "cancel.iso", "Debian 12.2.0 amd64 n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = NULL;

  g_cancellable_cancel (cancellable);
  detection = detect (iso, 120000, cancellable, &error);
  assert_null (detection);
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_load),
    cmocka_unit_test (test_lookup),
    cmocka_unit_test (test_guess_from_volume_id),
    cmocka_unit_test_setup_teardown (test_detect_fallback_iso, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detect_known_iso, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detect_unknown_iso, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detect_missing, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detect_unreadable, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detect_not_an_iso, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detect_timeout, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detect_cancelled, setup, teardown),
  };

  return cmocka_run_group_tests_name ("osinfo", tests, NULL, NULL);
}
