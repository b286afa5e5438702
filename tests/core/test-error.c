/* test-error.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

/* Before vireo-test-utils.h, which uses GAsyncResult. */
#include <gio/gio.h>

#include "vireo-test-utils.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-error.h"

static void
quiet_handler (void        *user_data,
               virErrorPtr  error)
{
  /* libvirt prints every error on stderr by default; the tests check them instead. */
}

static void
test_error_quarks (void **state)
{
  assert_int_not_equal (VIREO_ERROR, 0);
  assert_int_not_equal (VIREO_LIBVIRT_ERROR, 0);
  assert_int_not_equal (VIREO_ERROR, VIREO_LIBVIRT_ERROR);
  assert_string_equal (g_quark_to_string (VIREO_ERROR), "vireo-error-quark");
  assert_string_equal (g_quark_to_string (VIREO_LIBVIRT_ERROR), "vireo-libvirt-error-quark");
}

static void
test_error_new_from_libvirt (void **state)
{
  g_autoptr(GError) error = NULL;

  /* libvirt's code and message win. */
  error = vireo_error_new_from_libvirt (VIR_ERR_NO_DOMAIN, "Domain not found: 'vm1'", "Fallback");
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_NO_DOMAIN));
  assert_string_equal (error->message, "Domain not found: 'vm1'");
  g_clear_error (&error);

  /* A code without a message keeps the code, takes the fallback text. */
  error = vireo_error_new_from_libvirt (VIR_ERR_AUTH_FAILED, NULL, "Could not log in");
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_AUTH_FAILED));
  assert_string_equal (error->message, "Could not log in");
  g_clear_error (&error);

  error = vireo_error_new_from_libvirt (VIR_ERR_AUTH_FAILED, "", "Could not log in");
  assert_string_equal (error->message, "Could not log in");
  g_clear_error (&error);

  /* No libvirt error at all: still a failure, reported as an internal error. */
  error = vireo_error_new_from_libvirt (VIR_ERR_OK, NULL, "Could not start 'vm1'");
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_INTERNAL_ERROR));
  assert_string_equal (error->message, "Could not start 'vm1'");
  g_clear_error (&error);

  /* Neither message: some text anyway, never an empty dialog. */
  error = vireo_error_new_from_libvirt (VIR_ERR_OK, NULL, NULL);
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_INTERNAL_ERROR));
  assert_non_null (error->message);
  assert_true (strlen (error->message) > 0);
}

typedef struct
{
  GQuark domain;
  int code;
  const char *message;
  const char *hint_contains; /* NULL: no hint expected */
} HintCase;

static void
test_error_needs_user (void **state)
{
  struct { GQuark domain; int code; const char *message; gboolean needs_user; } cases[] = {
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Cannot recv data: root@127.0.0.1: Permission denied (publickey).: Connection reset by peer", TRUE },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Cannot recv data: Host key verification failed.: Connection reset by peer", TRUE },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_AUTH_FAILED, "authentication failed", TRUE },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_AUTH_CANCELLED, "authentication cancelled", TRUE },
    { VIREO_ERROR, VIREO_ERROR_INVALID_URI, "Invalid URI 'x'", TRUE },
    /* The daemon may come back, the network too: keep retrying. */
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory", FALSE },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_INTERNAL_ERROR,
      "internal error: connection closed due to keepalive timeout", FALSE },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Cannot recv data: Connection reset by peer", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code, cases[i].message);
      if (vireo_error_needs_user (error) != cases[i].needs_user)
        fail_msg ("case %" G_GSIZE_FORMAT " ('%s'): expected %d", i, cases[i].message, cases[i].needs_user);
    }
}

static void
test_error_strips_ssh_chatter (void **state)
{
  g_autoptr(GError) error = vireo_error_new_from_libvirt (
    VIR_ERR_SYSTEM_ERROR,
    "Cannot recv data: Warning: Permanently added '[127.0.0.1]:2222' (ED25519) to the list of "
    "known hosts.\r\nroot@127.0.0.1: Permission denied (publickey).: Connection reset by peer",
    NULL);

  assert_string_equal (error->message,
                       "Cannot recv data: root@127.0.0.1: Permission denied (publickey).: "
                       "Connection reset by peer");
}

static void
test_error_hints (void **state)
{
  const HintCase cases[] = {
    { VIREO_LIBVIRT_ERROR, VIR_ERR_AUTH_FAILED, "authentication failed: Failed to start SASL",
      "user name, password or key file" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_AUTH_CANCELLED, "authentication cancelled",
      "user name, password or key file" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Cannot recv data: root@host: Permission denied (publickey,password).: "
      "Connection reset by peer",
      "user name, password or key file" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or directory",
      "systemctl start libvirtd" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_NO_CONNECT,
      "Failed to connect socket to '/run/libvirt/virtqemud-sock': No such file or directory",
      "libvirtd -d" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "unable to connect to server at 'host:16509': Connection refused",
      "Is libvirtd running on that host?" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_OPERATION_TIMEOUT, "Timed out during operation",
      "did not answer in time" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_INTERNAL_ERROR,
      "internal error: connection closed due to keepalive timeout",
      "did not answer in time" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Cannot recv data: Host key verification failed.: Connection reset by peer",
      "host's key was not accepted" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied",
      "'libvirt' group" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_AUTH_UNAVAILABLE,
      "authentication unavailable: no polkit agent available to authenticate action "
      "'org.libvirt.unix.manage'",
      "'libvirt' group" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Cannot recv data: ssh: Could not resolve hostname nohost: Name or service not known: "
      "Connection reset by peer",
      "could not be found" },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_NO_CONNECT, "no connection driver available for nonsense:///x",
      "not installed" },
    /* Nothing useful to add. */
    { VIREO_LIBVIRT_ERROR, VIR_ERR_NO_DOMAIN, "Domain not found: no domain with matching name 'x'",
      NULL },
    { VIREO_LIBVIRT_ERROR, VIR_ERR_OPERATION_INVALID, "Requested operation is not valid: "
      "domain is not running", NULL },
    /* A missing disk is not a missing daemon. */
    { VIREO_LIBVIRT_ERROR, VIR_ERR_SYSTEM_ERROR,
      "Cannot access storage file '/var/lib/libvirt/images/x.qcow2': No such file or directory",
      NULL },
    /* Same words in another domain are not libvirt's. */
    { VIREO_ERROR, VIREO_ERROR_FAILED, "Permission denied", NULL },
    /* A kvm guest that could not start: offer TCG. */
    { VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE, "'vm' could not start because KVM does not work "
      "on this host: Could not access KVM kernel module: Permission denied", "software emulation" },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Connection timed out", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code,
                                                     cases[i].message);
      const char *hint = vireo_error_get_hint (error);

      if (cases[i].hint_contains == NULL)
        {
          if (hint != NULL)
            fail_msg ("case %" G_GSIZE_FORMAT " ('%s'): unexpected hint '%s'",
                      i, cases[i].message, hint);
        }
      else
        {
          if (hint == NULL || strstr (hint, cases[i].hint_contains) == NULL)
            fail_msg ("case %" G_GSIZE_FORMAT " ('%s'): hint '%s' lacks '%s'",
                      i, cases[i].message, hint ? hint : "(null)", cases[i].hint_contains);
        }
    }
}

static void
test_error_from_libvirt_real (void **state)
{
  g_autoptr(GError) error = NULL;
  virConnectPtr conn;
  virErrorPtr last;
  int libvirt_code;
  g_autofree char *libvirt_message = NULL;

  conn = virConnectOpen ("nonsense:///x");
  assert_null (conn);

  last = virGetLastError ();
  assert_non_null (last);
  libvirt_code = last->code;
  libvirt_message = g_strdup (last->message);
  assert_int_not_equal (libvirt_code, VIR_ERR_OK);

  vireo_set_error_from_libvirt (&error, "Fallback that must not be used");
  assert_non_null (error);
  assert_true (error->domain == VIREO_LIBVIRT_ERROR);
  assert_int_equal (error->code, libvirt_code);
  assert_non_null (error->message);
  assert_true (strlen (error->message) > 0);
  assert_string_equal (error->message, libvirt_message);

  /* The thread's error was consumed. */
  assert_null (virGetLastError ());
}

static void
test_error_from_libvirt_none (void **state)
{
  g_autoptr(GError) error = NULL;

  virResetLastError ();
  vireo_set_error_from_libvirt (&error, "Could not list the machines");
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_INTERNAL_ERROR));
  assert_string_equal (error->message, "Could not list the machines");
}

static void
test_error_from_libvirt_ignored (void **state)
{
  /* A caller that does not want the GError still clears libvirt's state. */
  assert_null (virConnectOpen ("nonsense:///y"));
  assert_non_null (virGetLastError ());

  vireo_set_error_from_libvirt (NULL, "Ignored");
  assert_null (virGetLastError ());
}

static gpointer
convert_in_thread (gpointer data)
{
  GError *error = NULL;

  vireo_set_error_from_libvirt (&error, "Nothing failed in this thread");
  return error;
}

static void
test_error_from_libvirt_thread_local (void **state)
{
  g_autoptr(GError) error = NULL;
  GThread *thread;

  /* The main thread's error is invisible to another thread: conversion must happen where the
   * call failed, which is why workers convert before returning. */
  assert_null (virConnectOpen ("nonsense:///z"));
  assert_non_null (virGetLastError ());

  thread = g_thread_new ("convert", convert_in_thread, NULL);
  error = g_thread_join (thread);

  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_INTERNAL_ERROR));
  assert_string_equal (error->message, "Nothing failed in this thread");

  /* …and left untouched here. */
  assert_non_null (virGetLastError ());
  virResetLastError ();
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_error_quarks),
    cmocka_unit_test (test_error_new_from_libvirt),
    cmocka_unit_test (test_error_hints),
    cmocka_unit_test (test_error_needs_user),
    cmocka_unit_test (test_error_strips_ssh_chatter),
    cmocka_unit_test (test_error_from_libvirt_real),
    cmocka_unit_test (test_error_from_libvirt_none),
    cmocka_unit_test (test_error_from_libvirt_ignored),
    cmocka_unit_test (test_error_from_libvirt_thread_local),
  };

  if (virInitialize () != 0)
    return 1;
  virSetErrorFunc (NULL, quiet_handler);

  return cmocka_run_group_tests_name ("error", tests, NULL, NULL);
}
