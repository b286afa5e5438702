/* test-renderer-choice.c: cairo when GL would be software-rendered or remote
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-renderer-choice.h"
#include "vireo-test-utils.h"

static void
test_display_is_remote (void **state)
{
  assert_false (vireo_display_is_remote (NULL));
  assert_false (vireo_display_is_remote (""));
  assert_false (vireo_display_is_remote (":0"));
  assert_false (vireo_display_is_remote (":99.0"));
  assert_false (vireo_display_is_remote ("unix:0"));
  assert_false (vireo_display_is_remote ("/private/tmp/com.apple.launchd.x/org.xquartz:0"));
  assert_true (vireo_display_is_remote ("localhost:10.0"));
  assert_true (vireo_display_is_remote ("lab-server:0"));
  assert_true (vireo_display_is_remote ("192.0.2.7:1"));
  assert_true (vireo_display_is_remote ("[::1]:10"));
}

static void
test_choose (void **state)
{
  struct {
    VireoRendererEnv env;
    const char      *expected;
  } cases[] = {
    /* A desktop with a GPU: GTK decides. */
    { { NULL, TRUE, NULL, ":0", NULL }, NULL },
    { { NULL, TRUE, NULL, NULL, "wayland-0" }, NULL },
    /* No GPU: llvmpipe would be slow and fat. */
    { { NULL, FALSE, NULL, ":99", NULL }, "cairo" },
    /* ssh -X, even on a machine with a GPU. */
    { { NULL, TRUE, "192.0.2.1 5000 192.0.2.2 22", "localhost:10.0", NULL }, "cairo" },
    /* ssh into a machine whose own local display is used: GPU, local display. */
    { { NULL, TRUE, "192.0.2.1 5000 192.0.2.2 22", ":0", NULL }, NULL },
    /* The user's choice wins, whatever the machine. */
    { { "gl", FALSE, NULL, ":99", NULL }, NULL },
    { { "ngl", TRUE, "192.0.2.1 5000 192.0.2.2 22", "localhost:10.0", NULL }, NULL },
    /* An empty variable is no choice. */
    { { "", FALSE, NULL, ":99", NULL }, "cairo" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *chosen = vireo_renderer_choose (&cases[i].env);

      if (g_strcmp0 (chosen, cases[i].expected) != 0)
        fail_msg ("case %u: got %s, expected %s", i, chosen ? chosen : "(GTK's choice)",
                  cases[i].expected ? cases[i].expected : "(GTK's choice)");
    }
}

static void
test_gdk_debug_without_gl (void **state)
{
  struct {
    const char *current;
    const char *expected;
  } cases[] = {
    { NULL, "gl-disable" },
    { "", "gl-disable" },
    { "events", "events,gl-disable" },
    { "events:misc", "events:misc,gl-disable" },
    /* Already there (or implied): left alone, not repeated. */
    { "gl-disable", "gl-disable" },
    { "events,gl-disable", "events,gl-disable" },
    { "all", "all" },
    /* A longer flag that merely starts the same way is another flag. */
    { "gl-disable-foo", "gl-disable-foo,gl-disable" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = vireo_renderer_gdk_debug_without_gl (cases[i].current);

      if (g_strcmp0 (got, cases[i].expected) != 0)
        fail_msg ("case %u: '%s' became '%s', expected '%s'", i, cases[i].current, got, cases[i].expected);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_display_is_remote),
    cmocka_unit_test (test_choose),
    cmocka_unit_test (test_gdk_debug_without_gl),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
