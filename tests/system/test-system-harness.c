/* test-system-harness.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test 0 of the system suite: the harness itself. It starts (or reuses) libvirtd, starts sshd and a
 * mute listener, checks each answers as it should, and that whatever it started is gone afterwards.
 */

#define G_LOG_DOMAIN "test-system-harness"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "vireo-system-harness.h"

static void
assert_no_error (GError *error)
{
  if (error != NULL)
    fail_msg ("unexpected error: %s", error->message);
}

static void
test_libvirtd (void **state)
{
  g_autoptr(GError) error = NULL;
  VireoSystemLibvirtd *daemon;
  g_autofree char *out = NULL;
  const char * const virsh[] = { "virsh", "-c", "qemu:///system", "list", "--all", "--name", NULL };
  gboolean was_running = vireo_system_unix_socket_answers (VIREO_SYSTEM_LIBVIRT_SOCKET);
  GPid pid, logd_pid;
  int status = -1;

  daemon = vireo_system_libvirtd_ensure (&error);
  assert_no_error (error);
  assert_non_null (daemon);
  assert_true (vireo_system_unix_socket_answers (VIREO_SYSTEM_LIBVIRT_SOCKET));

  pid = vireo_system_libvirtd_get_pid (daemon);
  logd_pid = vireo_system_libvirtd_get_virtlogd_pid (daemon);
  if (was_running)
    assert_int_equal (pid, 0);
  else
    assert_true (pid > 0 && !vireo_system_pid_gone (pid));
  if (logd_pid != 0)
    assert_false (vireo_system_pid_gone (logd_pid));
  g_printerr ("# libvirtd: %s (pid %d), virtlogd pid %d\n",
              was_running ? "already running" : "started", (int) pid, (int) logd_pid);

  /* The socket accepting is not the daemon serving: ask it something (the first request to a
   * fresh daemon waits for its QEMU probe). */
  out = vireo_system_run (virsh, 120000, &status, &error);
  assert_no_error (error);
  if (status != 0)
    fail_msg ("virsh list exited %d: %s", status, out);

  vireo_system_libvirtd_stop (daemon);

  if (pid != 0)
    {
      assert_true (vireo_system_pid_gone (pid));
      assert_false (vireo_system_unix_socket_answers (VIREO_SYSTEM_LIBVIRT_SOCKET));
    }
  else
    {
      /* Not ours: still there. */
      assert_true (vireo_system_unix_socket_answers (VIREO_SYSTEM_LIBVIRT_SOCKET));
    }
  if (logd_pid != 0)
    assert_true (vireo_system_pid_gone (logd_pid));
}

static char *
read_or_null (const char *path)
{
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static void
test_sshd (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;
  g_autofree char *known_hosts = NULL;
  g_autofree char *wrapper = NULL;
  g_autofree char *out = NULL;
  g_autofree char *kh = NULL;
  g_autofree char *root_kh_before = read_or_null ("/root/.ssh/known_hosts");
  g_autofree char *root_kh_after = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GArray) sessions = NULL;
  VireoSystemSshd *sshd;
  GPid pid;
  int status = -1;

  sshd = vireo_system_sshd_start (&error);
  assert_no_error (error);
  assert_non_null (sshd);
  pid = vireo_system_sshd_get_pid (sshd);
  assert_true (pid > 0 && !vireo_system_pid_gone (pid));
  assert_true (g_str_has_prefix (vireo_system_sshd_get_host_fingerprint (sshd), "SHA256:"));
  dir = g_strdup (vireo_system_sshd_get_dir (sshd));
  port = g_strdup_printf ("%u", vireo_system_sshd_get_port (sshd));

  banner = vireo_system_read_banner (vireo_system_sshd_get_port (sshd), 10000, &error);
  assert_no_error (error);
  assert_true (g_str_has_prefix (banner, "SSH-2.0-"));

  /* The wrapper logs in with the authorized key, records the host key in its own known_hosts… */
  wrapper = vireo_system_sshd_make_ssh_wrapper (sshd, "harness", &known_hosts, &error);
  assert_no_error (error);
  {
    const char * const argv[] = { wrapper, "-o", "BatchMode=yes",
                                  "-o", "StrictHostKeyChecking=accept-new",
                                  "-p", port, "-l", "root",
                                  "-i", vireo_system_sshd_get_client_key (sshd),
                                  "-T", "127.0.0.1", "echo", "vireo-ok", NULL };

    out = vireo_system_run (argv, 60000, &status, &error);
    assert_no_error (error);
    if (status != 0 || strstr (out, "vireo-ok") == NULL)
      {
        g_autofree char *log = vireo_system_sshd_dup_log (sshd);

        fail_msg ("ssh with the client key exited %d: %s\nsshd log: %s", status, out, log);
      }
  }
  assert_true (g_file_get_contents (known_hosts, &kh, NULL, NULL));
  assert_true (strlen (kh) > 0);
  g_clear_pointer (&out, g_free);

  /* …and is refused with the other key. */
  {
    const char * const argv[] = { wrapper, "-o", "BatchMode=yes", "-p", port, "-l", "root",
                                  "-i", vireo_system_sshd_get_wrong_key (sshd),
                                  "-T", "127.0.0.1", "true", NULL };

    out = vireo_system_run (argv, 60000, &status, &error);
    assert_no_error (error);
    assert_int_equal (status, 255);
    assert_non_null (strstr (out, "Permission denied"));
  }

  /* The sessions of both logins (possibly still winding down) go with sshd. */
  sessions = vireo_system_list_descendants (pid);

  /* /root/.ssh/known_hosts was not touched. */
  root_kh_after = read_or_null ("/root/.ssh/known_hosts");
  assert_true (g_strcmp0 (root_kh_before, root_kh_after) == 0);

  vireo_system_sshd_stop (sshd);
  assert_true (vireo_system_pid_gone (pid));
  for (guint i = 0; i < sessions->len; i++)
    assert_true (vireo_system_pid_gone (g_array_index (sessions, GPid, i)));
  assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_clear_pointer (&banner, g_free);
  banner = vireo_system_read_banner ((guint) g_ascii_strtoull (port, NULL, 10), 1000, &error);
  assert_null (banner);
  assert_non_null (error);
}

static void
test_mute (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *banner = NULL;
  VireoSystemMute *mute;

  mute = vireo_system_mute_new (&error);
  assert_no_error (error);
  assert_true (vireo_system_mute_get_port (mute) > 0);

  /* The handshake completes (the kernel does it), but nothing is ever said: waiting for a banner
   * times out. The 300 ms bound is the measurement, not a synchronisation. */
  banner = vireo_system_read_banner (vireo_system_mute_get_port (mute), 300, &error);
  assert_null (banner);
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));

  vireo_system_mute_free (mute);
}

static void
test_find_child (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  GPid pid;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error,
                            "cat", "-", "vireo-marker", NULL);
  assert_no_error (error);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (child), NULL, 10);

  assert_int_equal (vireo_system_find_child ("cat", "vireo-marker"), pid);
  assert_int_equal (vireo_system_find_child ("cat", "no-such-argument"), 0);
  assert_int_equal (vireo_system_find_child ("no-such-program", NULL), 0);

  g_subprocess_force_exit (child);
  assert_true (vireo_system_wait_process (child, 10000));
  assert_true (vireo_system_pid_gone (pid));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_find_child),
    cmocka_unit_test (test_mute),
    cmocka_unit_test (test_sshd),
    cmocka_unit_test (test_libvirtd),
  };

  if (!vireo_system_can_run ())
    return 0;

  g_log_writer_default_set_use_stderr (TRUE);
  return cmocka_run_group_tests_name ("system-harness", tests, NULL, NULL);
}
