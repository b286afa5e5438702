/* test-application.c: VireoApplication's command line, as a user types it
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vireo-application.h"
#include "vireo-askpass.h"
#include "vireo-askpass-main.h"
#include "vireo-ui-test.h"

/* Runs the real binary as a user would, capturing what it prints. */
static int
run (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("VIREO_BINARY"));
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  assert_null (error);
  assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  assert_null (error);

  return g_subprocess_get_exit_status (process);
}

static void
test_version (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  assert_int_equal (run (&out, &err, "--version", NULL), 0);
  assert_string_equal (out, "vireo " PACKAGE_VERSION "\n");
}

static void
test_help (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  assert_int_equal (run (&out, &err, "--help", NULL), 0);
  assert_non_null (strstr (out, "--connect"));
  assert_non_null (strstr (out, "--demo"));
  assert_non_null (strstr (out, "--version"));
}

static void
test_invalid_connect_uri (void **state)
{
  const char *bad[] = { "qemu:system", "qemu+ssh://ho st/system", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *option = g_strconcat ("--connect=", bad[i], NULL);

      /* A clear message naming what was typed, and no window. */
      assert_int_equal (run (&out, &err, option, NULL), 1);
      assert_true (strlen (err) > 0);
      if (*bad[i] != '\0')
        assert_non_null (strstr (err, bad[i]));
    }
}

static void
test_unknown_option (void **state)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  assert_int_equal (run (&out, &err, "--no-such-option", NULL), 1);
  assert_non_null (strstr (err, "--no-such-option"));
}

static void
test_is_askpass (void **state)
{
  char *askpass[] = { (char *)"vireo", (char *)"--askpass", (char *)"Password: ", NULL };
  char *link[] = { (char *)"/run/user/1000/vireo-x/vireo-askpass", (char *)"Password: ", NULL };
  char *prompt[] = { (char *)"vireo", (char *)"root@host's password: ", NULL };
  char *option[] = { (char *)"vireo", (char *)"--demo", NULL };
  char *plain[] = { (char *)"vireo", NULL };

  /* ssh runs the "vireo-askpass" link the askpass server made; `vireo --askpass` by hand. A
   * plain argument is never taken for a prompt, whatever the environment. */
  g_setenv ("VIREO_ASKPASS_SOCKET", "/nonexistent/socket", TRUE);
  assert_true (vireo_askpass_is_helper (3, askpass));
  assert_true (vireo_askpass_is_helper (2, link));
  assert_false (vireo_askpass_is_helper (2, prompt));
  assert_false (vireo_askpass_is_helper (2, option));
  assert_false (vireo_askpass_is_helper (1, plain));
  g_unsetenv ("VIREO_ASKPASS_SOCKET");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_version),
    cmocka_unit_test (test_help),
    cmocka_unit_test (test_invalid_connect_uri),
    cmocka_unit_test (test_unknown_option),
    cmocka_unit_test (test_is_askpass),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
