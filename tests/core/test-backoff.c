/* test-backoff.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

/* Before vireo-test-utils.h, which uses GAsyncResult. */
#include <gio/gio.h>

#include "vireo-test-utils.h"

#include "vireo-backoff.h"

static void
assert_sequence (VireoBackoff *backoff,
                 const guint  *expected,
                 gsize         n_expected)
{
  for (gsize i = 0; i < n_expected; i++)
    assert_int_equal (vireo_backoff_next (backoff), expected[i]);
}

static void
test_backoff_default_sequence (void **state)
{
  static const guint expected[] = { 250, 500, 1000, 2000, 2000, 2000 };
  VireoBackoff backoff;

  vireo_backoff_init (&backoff, VIREO_BACKOFF_INITIAL_MS, VIREO_BACKOFF_MAX_MS);
  assert_sequence (&backoff, expected, G_N_ELEMENTS (expected));
}

static void
test_backoff_reset (void **state)
{
  static const guint expected[] = { 250, 500, 1000 };
  VireoBackoff backoff;

  vireo_backoff_init (&backoff, 250, 2000);
  assert_sequence (&backoff, expected, G_N_ELEMENTS (expected));

  vireo_backoff_reset (&backoff);
  assert_sequence (&backoff, expected, G_N_ELEMENTS (expected));

  /* Reset right after init changes nothing. */
  vireo_backoff_init (&backoff, 250, 2000);
  vireo_backoff_reset (&backoff);
  assert_int_equal (vireo_backoff_next (&backoff), 250);
}

static void
test_backoff_odd_values (void **state)
{
  static const guint not_power_of_two[] = { 300, 600, 1000, 1000 };
  static const guint odd[] = { 3, 6, 12, 13, 13 };
  static const guint equal[] = { 500, 500, 500 };
  static const guint initial_above_max[] = { 100, 100 };
  static const guint zero_max[] = { 0, 0 };
  VireoBackoff backoff;

  vireo_backoff_init (&backoff, 300, 1000);
  assert_sequence (&backoff, not_power_of_two, G_N_ELEMENTS (not_power_of_two));

  vireo_backoff_init (&backoff, 3, 13);
  assert_sequence (&backoff, odd, G_N_ELEMENTS (odd));

  vireo_backoff_init (&backoff, 500, 500);
  assert_sequence (&backoff, equal, G_N_ELEMENTS (equal));

  /* The cap always wins, even over the first delay. */
  vireo_backoff_init (&backoff, 5000, 100);
  assert_sequence (&backoff, initial_above_max, G_N_ELEMENTS (initial_above_max));

  vireo_backoff_init (&backoff, 250, 0);
  assert_sequence (&backoff, zero_max, G_N_ELEMENTS (zero_max));
}

static void
test_backoff_no_overflow (void **state)
{
  VireoBackoff backoff;
  guint previous = 0;

  /* From 1 ms to G_MAXUINT: doubling passes 2^31, then must stop at the cap, never wrap. */
  vireo_backoff_init (&backoff, 1, G_MAXUINT);
  for (guint i = 0; i < 100000; i++)
    {
      guint delay = vireo_backoff_next (&backoff);

      assert_true (delay >= previous);
      assert_true (delay > 0);
      if (i == 31)
        assert_int_equal (delay, 1u << 31);
      previous = delay;
    }
  assert_int_equal (previous, G_MAXUINT);

  vireo_backoff_init (&backoff, 250, 2000);
  for (guint i = 0; i < 100000; i++)
    assert_true (vireo_backoff_next (&backoff) <= 2000);
  assert_int_equal (vireo_backoff_next (&backoff), 2000);

  /* The attempt counter itself saturates instead of wrapping back to the initial delay. */
  backoff.attempt = G_MAXUINT - 1;
  assert_int_equal (vireo_backoff_next (&backoff), 2000);
  assert_int_equal (vireo_backoff_next (&backoff), 2000);
  assert_int_equal (vireo_backoff_next (&backoff), 2000);
  assert_int_equal (backoff.attempt, G_MAXUINT);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_backoff_default_sequence),
    cmocka_unit_test (test_backoff_reset),
    cmocka_unit_test (test_backoff_odd_values),
    cmocka_unit_test (test_backoff_no_overflow),
  };

  return cmocka_run_group_tests_name ("backoff", tests, NULL, NULL);
}
