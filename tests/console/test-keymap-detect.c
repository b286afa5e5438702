/* test-keymap-detect.c: which keycode table a display needs, asked of real X servers: the test's
 * Xvfb (xvfb-run) and a private Xvfb whose XKB keymap the test switches with setxkbmap/xkbcomp
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <gtk/gtk.h>
#include <gdk/x11/gdkx.h>

#include "vireo-keymap-detect.h"
#include "vireo-test-utils.h"

/* Our own X server: switching the keymap of xvfb-run's display would disturb the UI tests that
 * meson runs beside this one. */
static GSubprocess *xvfb;
static char *xvfb_display;

/* The last "keymap table" debug line of the detection, and how many there were. */
static char *last_table_message;
static guint n_table_messages;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
      else if (strcmp (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_DEBUG) && g_strcmp0 (domain, "vireo-keymap") == 0 &&
      message != NULL && g_str_has_prefix (message, "keymap table: "))
    {
      g_free (last_table_message);
      last_table_message = g_strdup (message);
      n_table_messages++;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
run_or_fail (const char *const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  process = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  if (process == NULL)
    fail_msg ("cannot run %s (package x11-xkb-utils): %s", argv[0], error->message);
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error))
    fail_msg ("%s: %s", argv[0], error->message);
  if (!g_subprocess_get_successful (process))
    fail_msg ("%s failed: %s", argv[0], err);
}

/* Loads a whole keymap file of tests/console/xkb/ into the private server. */
static void
load_keymap_file (const char *file)
{
  g_autofree char *path = vireo_test_srcdir_path ("console", "xkb", file, NULL);
  const char *argv[] = { "xkbcomp", "-w", "0", path, xvfb_display, NULL };

  run_or_fail (argv);
}

/* Detection on a connection opened after the keymap change, as a console opened then would. */
static VireoKeymapKind
detect_on_private_server (void)
{
  GdkDisplay *display = gdk_display_open (xvfb_display);
  VireoKeymapKind kind;

  assert_non_null (display);
  assert_true (display != gdk_display_get_default ());
  kind = vireo_keymap_kind_for_display (display);
  gdk_display_close (display);

  return kind;
}

static int
start_xvfb (void **state)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GInputStream) pipe_in = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;
  int fds[2];

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, &error))
    fail_msg ("pipe: %s", error->message);

  /* -displayfd: Xvfb picks a free display and writes its number once it accepts clients, which
   * is the condition we wait for. -noreset: keep our keymap when the xkbcomp client leaves. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  xvfb = g_subprocess_launcher_spawn (launcher, &error, "Xvfb", "-displayfd", "3", "-noreset",
                                      "-nolisten", "tcp", "-screen", "0", "640x480x24", NULL);
  /* Our copy of the write end, so a dying Xvfb gives end-of-file instead of a hang. */
  g_subprocess_launcher_close (launcher);
  if (xvfb == NULL)
    fail_msg ("cannot start Xvfb (package xvfb): %s", error->message);

  pipe_in = g_unix_input_stream_new (fds[0], TRUE);
  lines = g_data_input_stream_new (pipe_in);
  number = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  if (number == NULL)
    fail_msg ("Xvfb did not report a display: %s", error ? error->message : "it exited");

  xvfb_display = g_strdup_printf (":%s", g_strstrip (number));
  return 0;
}

static int
stop_xvfb (void **state)
{
  g_autoptr(GError) error = NULL;

  if (xvfb != NULL)
    {
      g_subprocess_send_signal (xvfb, SIGTERM);
      g_subprocess_wait (xvfb, NULL, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&xvfb);
  g_clear_pointer (&xvfb_display, g_free);
  g_clear_pointer (&last_table_message, g_free);

  return 0;
}

static void
test_default_display (void **state)
{
  GdkDisplay *display = gdk_display_get_default ();
  guint before = n_table_messages;

  /* The suite runs with GDK_BACKEND=x11 under xvfb-run: evdev keycodes. */
  assert_non_null (display);
  assert_true (GDK_IS_X11_DISPLAY (display));
  assert_int_equal (vireo_keymap_kind_for_display (display), VIREO_KEYMAP_EVDEV);

  /* It says which table it chose and how big it is. */
  assert_int_equal (n_table_messages, before + 1);
  assert_true (g_str_has_prefix (last_table_message, "keymap table: evdev ("));
  assert_non_null (strstr (last_table_message, " keys)"));
  assert_null (strstr (last_table_message, "(0 keys)"));
}

static void
test_evdev_keycodes (void **state)
{
  const char *argv[] = { "setxkbmap", "-display", xvfb_display, "-rules", "evdev",
                         "-model", "pc105", "-layout", "us", "-keycodes", "evdev", NULL };

  /* Xvfb's own default first, then set explicitly (the other tests change it). */
  assert_int_equal (detect_on_private_server (), VIREO_KEYMAP_EVDEV);
  run_or_fail (argv);
  assert_int_equal (detect_on_private_server (), VIREO_KEYMAP_EVDEV);
  assert_non_null (strstr (last_table_message, "from XKB keycodes 'evdev"));
  assert_null (strstr (last_table_message, "Page_Up"));
}

static void
test_xfree86_keycodes (void **state)
{
  /* What an X server with the legacy kbd driver loads: keycodes "xfree86". */
  const char *argv[] = { "setxkbmap", "-display", xvfb_display, "-rules", "evdev",
                         "-model", "pc105", "-layout", "us", "-keycodes", "xfree86", NULL };

  run_or_fail (argv);
  assert_int_equal (detect_on_private_server (), VIREO_KEYMAP_XFREE86);
  assert_non_null (strstr (last_table_message, "keymap table: xfree86 ("));
  /* Recognised by its name, without the Page_Up fallback. */
  assert_non_null (strstr (last_table_message, "from XKB keycodes 'xfree86"));
  assert_null (strstr (last_table_message, "Page_Up"));
}

static void
test_unknown_name_falls_back_to_page_up (void **state)
{
  /* Names Vireo does not know: Page_Up's keycode tells the conventions apart. */
  load_keymap_file ("renamed-xfree86.xkb");
  assert_int_equal (detect_on_private_server (), VIREO_KEYMAP_XFREE86);
  assert_non_null (strstr (last_table_message, "'vireo-renamed', Page_Up at 99"));

  load_keymap_file ("renamed-evdev.xkb");
  assert_int_equal (detect_on_private_server (), VIREO_KEYMAP_EVDEV);
  assert_non_null (strstr (last_table_message, "'vireo-renamed', Page_Up at 112"));
}

static void
test_unknown_keycodes (void **state)
{
  /* Neither convention: no table, keysyms only. */
  load_keymap_file ("unknown.xkb");
  assert_int_equal (detect_on_private_server (), VIREO_KEYMAP_NONE);
  assert_true (g_str_has_prefix (last_table_message, "keymap table: none (0 keys)"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_default_display),
    cmocka_unit_test (test_evdev_keycodes),
    cmocka_unit_test (test_xfree86_keycodes),
    cmocka_unit_test (test_unknown_name_falls_back_to_page_up),
    cmocka_unit_test (test_unknown_keycodes),
  };

  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_init ();

  return cmocka_run_group_tests_name ("keymap-detect", tests, start_xvfb, stop_xvfb);
}
