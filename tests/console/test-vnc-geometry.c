/* test-vnc-geometry.c: the VNC display's arithmetic and input state, without a display
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "vireo-test-utils.h"
#include "vireo-vnc-geometry.h"
#include "vireo-vnc-input.h"

/* Placement */

static void
test_fit_keeps_aspect (void **state)
{
  static const struct { int ww, wh, fw, fh; } cases[] = {
    { 1000, 650, 1280, 800 }, { 640, 480, 1024, 768 }, { 1920, 1080, 1024, 768 },
    { 333, 777, 720, 400 }, { 1, 1, 1024, 768 }, { 4097, 13, 800, 600 }, { 1024, 768, 1024, 768 },
    { 1001, 1001, 1000, 999 }, { 300, 2000, 1920, 1200 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VireoVncPlacement p;
      double expected_scale = MIN ((double) cases[i].ww / cases[i].fw, (double) cases[i].wh / cases[i].fh);

      assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, cases[i].ww, cases[i].wh,
                                                cases[i].fw, cases[i].fh, 1, &p));
      assert_true (fabs (p.scale - expected_scale) < 1e-12);
      /* Same scale both ways: the aspect ratio is kept. */
      assert_true (fabs (p.width / p.height - (double) cases[i].fw / cases[i].fh) < 1e-9);
      /* Fits, and fills one side exactly. */
      assert_true (p.width <= cases[i].ww + 1e-9 && p.height <= cases[i].wh + 1e-9);
      assert_true (fabs (p.width - cases[i].ww) < 1e-9 || fabs (p.height - cases[i].wh) < 1e-9);
      /* Centred on whole pixels. */
      assert_true (p.x == floor (p.x) && p.y == floor (p.y));
      assert_true (fabs (p.x - (cases[i].ww - p.width) / 2) < 1.0);
      assert_true (fabs (p.y - (cases[i].wh - p.height) / 2) < 1.0);
    }
}

static void
test_fit_exact_size_is_unscaled (void **state)
{
  VireoVncPlacement p;

  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, 1024, 768, 1024, 768, 1, &p));
  assert_true (p.scale == 1.0 && p.x == 0 && p.y == 0 && p.width == 1024 && p.height == 768);

  /* 1000x650 around 1280x800 (the prototype's letterboxing): 0.78125, 12 px bars top and bottom. */
  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, 1000, 650, 1280, 800, 1, &p));
  assert_true (p.scale == 0.78125 && p.x == 0 && p.y == 12 && p.width == 1000 && p.height == 625);
}

static void
test_one_to_one (void **state)
{
  VireoVncPlacement p;

  /* Larger widget: centred, unscaled. */
  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_ONE_TO_ONE, 1101, 900, 1024, 768, 1, &p));
  assert_true (p.scale == 1.0 && p.x == 38 && p.y == 66 && p.width == 1024 && p.height == 768);

  /* Smaller (inside a scrolled window that gave less): from the corner. */
  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_ONE_TO_ONE, 500, 300, 1024, 768, 1, &p));
  assert_true (p.scale == 1.0 && p.x == 0 && p.y == 0);

  /* HiDPI: one guest pixel per device pixel is half a logical pixel. */
  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_ONE_TO_ONE, 512, 384, 1024, 768, 2, &p));
  assert_true (p.scale == 0.5 && p.width == 512 && p.height == 384 && p.x == 0 && p.y == 0);
}

static void
test_placement_empty (void **state)
{
  VireoVncPlacement p;

  assert_false (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, 0, 100, 1024, 768, 1, &p));
  assert_false (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, 100, 100, 0, 768, 1, &p));
  assert_false (vireo_vnc_placement_compute (VIREO_VNC_SCALING_ONE_TO_ONE, 100, -5, 1024, 768, 1, &p));
}

/* Every guest pixel's centre maps back to that pixel, at odd scales in both directions. */
static void
test_mapping_round_trip (void **state)
{
  static const struct { int ww, wh, fw, fh; } cases[] = {
    { 1000, 650, 1280, 800 }, { 333, 250, 1024, 768 }, { 1913, 1207, 640, 480 },
    { 1024, 768, 1024, 768 }, { 2561, 1601, 720, 400 }, { 101, 77, 1920, 1080 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VireoVncPlacement p;

      assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, cases[i].ww, cases[i].wh,
                                                cases[i].fw, cases[i].fh, 1, &p));
      for (int gy = 0; gy < cases[i].fh; gy += 7)
        for (int gx = 0; gx < cases[i].fw; gx += 5)
          {
            double wx, wy;
            int rx, ry;

            vireo_vnc_placement_to_widget (&p, gx, gy, &wx, &wy);
            assert_true (vireo_vnc_placement_to_guest (&p, cases[i].fw, cases[i].fh, wx, wy, &rx, &ry));
            assert_int_equal (rx, gx);
            assert_int_equal (ry, gy);
          }
    }
}

static void
test_mapping_edges_and_clamping (void **state)
{
  VireoVncPlacement p;
  int gx, gy;

  /* 1280x800 in 1000x650: bars of 12 px above and below. */
  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, 1000, 650, 1280, 800, 1, &p));

  assert_true (vireo_vnc_placement_to_guest (&p, 1280, 800, 0, 12, &gx, &gy));
  assert_int_equal (gx, 0);
  assert_int_equal (gy, 0);

  /* The last widget pixel row/column of the picture is the last guest pixel. */
  assert_true (vireo_vnc_placement_to_guest (&p, 1280, 800, 999.99, 12 + 624.99, &gx, &gy));
  assert_int_equal (gx, 1279);
  assert_int_equal (gy, 799);

  /* In the top bar: outside, clamped to the first row. */
  assert_false (vireo_vnc_placement_to_guest (&p, 1280, 800, 500, 3, &gx, &gy));
  assert_int_equal (gy, 0);
  assert_int_equal (gx, 640);

  /* Below and right of everything (a drag leaving the widget): clamped to the corner. */
  assert_false (vireo_vnc_placement_to_guest (&p, 1280, 800, 5000, 5000, &gx, &gy));
  assert_int_equal (gx, 1279);
  assert_int_equal (gy, 799);
  assert_false (vireo_vnc_placement_to_guest (&p, 1280, 800, -40, -1, &gx, &gy));
  assert_int_equal (gx, 0);
  assert_int_equal (gy, 0);

  /* Scale 1/3: widget pixel 10 is guest pixel 30..32, its left edge 30. */
  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, 300, 200, 900, 600, 1, &p));
  assert_true (vireo_vnc_placement_to_guest (&p, 900, 600, 10, 10, &gx, &gy));
  assert_int_equal (gx, 30);
  assert_true (vireo_vnc_placement_to_guest (&p, 900, 600, 10.999, 10.5, &gx, &gy));
  assert_int_equal (gx, 32);
  assert_int_equal (gy, 31);
}

static void
test_natural_and_desktop_size (void **state)
{
  int w, h;

  vireo_vnc_natural_size (1024, 768, 1, &w, &h);
  assert_int_equal (w, 1024);
  assert_int_equal (h, 768);
  vireo_vnc_natural_size (1025, 767, 2, &w, &h);
  assert_int_equal (w, 513);
  assert_int_equal (h, 384);

  assert_true (vireo_vnc_desktop_size_for_widget (1003, 701, 1, &w, &h));
  assert_int_equal (w, 1000);
  assert_int_equal (h, 701);
  assert_true (vireo_vnc_desktop_size_for_widget (800, 600, 2, &w, &h));
  assert_int_equal (w, 1600);
  assert_int_equal (h, 1200);
  assert_true (vireo_vnc_desktop_size_for_widget (10000, 9000, 1, &w, &h));
  assert_int_equal (w, 8192);
  assert_int_equal (h, 8192);
  assert_false (vireo_vnc_desktop_size_for_widget (319, 600, 1, &w, &h));
  assert_false (vireo_vnc_desktop_size_for_widget (800, 199, 1, &w, &h));
}

/* Damage */

static gboolean
covers (const VireoVncDamage *d,
        int                   x,
        int                   y)
{
  for (guint i = 0; i < d->n_rects; i++)
    {
      const VireoVncRect *r = &d->rects[i];

      if (x >= r->x && x < r->x + r->width && y >= r->y && y < r->y + r->height)
        return TRUE;
    }
  return FALSE;
}

static void
assert_disjoint_and_inside (const VireoVncDamage *d)
{
  for (guint i = 0; i < d->n_rects; i++)
    {
      const VireoVncRect *a = &d->rects[i];

      assert_true (a->width > 0 && a->height > 0);
      assert_true (a->x >= 0 && a->y >= 0);
      assert_true (a->x + a->width <= d->fb_width && a->y + a->height <= d->fb_height);
      for (guint j = i + 1; j < d->n_rects; j++)
        {
          const VireoVncRect *b = &d->rects[j];
          gboolean apart = a->x + a->width <= b->x || b->x + b->width <= a->x ||
                           a->y + a->height <= b->y || b->y + b->height <= a->y;

          assert_true (apart);
        }
    }
}

static void
test_damage_clip_and_empty (void **state)
{
  VireoVncDamage d;

  vireo_vnc_damage_init (&d, 1024, 768);
  assert_true (vireo_vnc_damage_is_empty (&d));

  vireo_vnc_damage_add (&d, 10, 10, 0, 5);
  vireo_vnc_damage_add (&d, 2000, 10, 16, 16);
  vireo_vnc_damage_add (&d, -50, -50, 20, 20);
  assert_true (vireo_vnc_damage_is_empty (&d));

  vireo_vnc_damage_add (&d, 1016, 760, 64, 64);
  assert_int_equal (d.n_rects, 1);
  assert_int_equal (d.rects[0].x, 1016);
  assert_int_equal (d.rects[0].width, 8);
  assert_int_equal (d.rects[0].height, 8);

  /* Hostile sizes do not overflow. */
  vireo_vnc_damage_add (&d, -10, 5, G_MAXINT, G_MAXINT);
  assert_disjoint_and_inside (&d);
  /* It swallowed the corner rectangle. */
  assert_int_equal (d.n_rects, 1);
  assert_int_equal (vireo_vnc_damage_area (&d), (gint64) 1024 * (768 - 5));

  vireo_vnc_damage_clear (&d);
  assert_true (vireo_vnc_damage_is_empty (&d));
  vireo_vnc_damage_add_all (&d);
  assert_int_equal (d.n_rects, 1);
  assert_int_equal (vireo_vnc_damage_area (&d), 1024 * 768);
}

static void
test_damage_merges (void **state)
{
  VireoVncDamage d;

  /* A row of hextile's 16x16 tiles becomes one upload. */
  vireo_vnc_damage_init (&d, 1024, 768);
  for (int x = 0; x < 1024; x += 16)
    vireo_vnc_damage_add (&d, x, 32, 16, 16);
  assert_int_equal (d.n_rects, 1);
  assert_int_equal (d.rects[0].x, 0);
  assert_int_equal (d.rects[0].y, 32);
  assert_int_equal (d.rects[0].width, 1024);
  assert_int_equal (d.rects[0].height, 16);

  /* Contained and overlapping rectangles never upload twice. */
  vireo_vnc_damage_init (&d, 1024, 768);
  vireo_vnc_damage_add (&d, 100, 100, 200, 200);
  vireo_vnc_damage_add (&d, 150, 150, 10, 10);
  assert_int_equal (d.n_rects, 1);
  vireo_vnc_damage_add (&d, 250, 0, 500, 120);
  assert_disjoint_and_inside (&d);

  /* Far apart and large: kept apart (a bounding box would upload most of the screen). */
  vireo_vnc_damage_init (&d, 1024, 768);
  vireo_vnc_damage_add (&d, 0, 0, 100, 100);
  vireo_vnc_damage_add (&d, 900, 600, 100, 100);
  assert_int_equal (d.n_rects, 2);
  assert_int_equal (vireo_vnc_damage_area (&d), 20000);
  assert_true (covers (&d, 0, 0) && covers (&d, 999, 699));
  assert_false (covers (&d, 500, 400));

  /* A merge that reaches a third rectangle folds it in too. */
  vireo_vnc_damage_add (&d, 0, 100, 1000, 500);
  assert_disjoint_and_inside (&d);
  assert_true (covers (&d, 0, 0) && covers (&d, 999, 699) && covers (&d, 500, 400));
}

static void
test_damage_many_rects_collapse (void **state)
{
  VireoVncDamage d;

  /* Scattered cursor-sized updates: past the limit they become one bounding box. */
  vireo_vnc_damage_init (&d, 1920, 1080);
  for (int i = 0; i < 40; i++)
    {
      int x = (i * 397) % 1800, y = (i * 211) % 1000;

      vireo_vnc_damage_add (&d, x, y, 20, 20);
      assert_true (d.n_rects <= VIREO_VNC_DAMAGE_MAX_RECTS);
      assert_disjoint_and_inside (&d);
      /* Nothing damaged is ever lost. */
      for (int j = 0; j <= i; j++)
        assert_true (covers (&d, (j * 397) % 1800 + 19, (j * 211) % 1000 + 19));
    }
}

/* Scrolling */

static void
test_scroll_accumulation (void **state)
{
  VireoVncScroll s;
  int sx, sy;

  vireo_vnc_scroll_reset (&s);

  /* A wheel: one click per unit. */
  vireo_vnc_scroll_accumulate (&s, 0, 1.0, &sx, &sy);
  assert_int_equal (sy, 1);
  assert_int_equal (sx, 0);

  /* A touchpad: quarters add up to one click, the rest waits. */
  vireo_vnc_scroll_accumulate (&s, 0, 0.25, &sx, &sy);
  assert_int_equal (sy, 0);
  vireo_vnc_scroll_accumulate (&s, 0, 0.25, &sx, &sy);
  vireo_vnc_scroll_accumulate (&s, 0, 0.25, &sx, &sy);
  assert_int_equal (sy, 0);
  vireo_vnc_scroll_accumulate (&s, 0, 0.3, &sx, &sy);
  assert_int_equal (sy, 1);

  /* A fast flick: several clicks at once. */
  vireo_vnc_scroll_accumulate (&s, 0, 3.2, &sx, &sy);
  assert_int_equal (sy, 3);

  /* Reversing drops the leftover: 0.25 back is not swallowed by the 0.25 forward left. */
  vireo_vnc_scroll_accumulate (&s, 0, -0.75, &sx, &sy);
  assert_int_equal (sy, 0);
  vireo_vnc_scroll_accumulate (&s, 0, -0.25, &sx, &sy);
  assert_int_equal (sy, -1);

  /* Axes are independent. */
  vireo_vnc_scroll_accumulate (&s, -2.5, 0.5, &sx, &sy);
  assert_int_equal (sx, -2);
  assert_int_equal (sy, 0);
  vireo_vnc_scroll_accumulate (&s, -0.5, 0.5, &sx, &sy);
  assert_int_equal (sx, -1);
  assert_int_equal (sy, 1);
}

/* Keys */

static void
test_key_tracker (void **state)
{
  g_autoptr(VireoVncKeyTracker) t = vireo_vnc_key_tracker_new ();
  VireoVncHeldKey ctrl = { 37, 0xffe3, 0x1d }, a = { 38, 'a', 0x1e }, prev, out;
  VireoVncHeldKey shifted_a = { 38, 'A', 0x1e };
  g_autoptr(GArray) all = NULL;

  assert_false (vireo_vnc_key_tracker_press (t, &ctrl, &prev));
  assert_false (vireo_vnc_key_tracker_press (t, &a, &prev));
  assert_int_equal (vireo_vnc_key_tracker_n_held (t), 2);

  /* Auto-repeat: the same keycode again reports what the guest holds. */
  assert_true (vireo_vnc_key_tracker_press (t, &shifted_a, &prev));
  assert_int_equal (prev.keyval, 'a');
  assert_int_equal (vireo_vnc_key_tracker_n_held (t), 2);

  /* Release gives back what was last sent for that key, whatever keyval comes now. */
  assert_true (vireo_vnc_key_tracker_release (t, 38, &out));
  assert_int_equal (out.keyval, 'A');
  assert_int_equal (out.qnum, 0x1e);
  /* A release without a press (the key that moved focus here) sends nothing. */
  assert_false (vireo_vnc_key_tracker_release (t, 38, &out));
  assert_false (vireo_vnc_key_tracker_release (t, 50, &out));

  /* Focus out: everything, most recent first. */
  assert_false (vireo_vnc_key_tracker_press (t, &a, &prev));
  all = vireo_vnc_key_tracker_take_all (t);
  assert_int_equal (all->len, 2);
  assert_int_equal (g_array_index (all, VireoVncHeldKey, 0).keycode, 38);
  assert_int_equal (g_array_index (all, VireoVncHeldKey, 1).keycode, 37);
  assert_int_equal (vireo_vnc_key_tracker_n_held (t), 0);
}

enum { CTRL_L = 0xffe3, CTRL_R = 0xffe4, ALT_L = 0xffe9, META_L = 0xffe7, DEL = 0xffff, KEY_A = 'a' };

static void
test_grab_sequence (void **state)
{
  VireoVncGrabSequence s;

  vireo_vnc_grab_sequence_reset (&s);

  /* Ctrl, Alt, release Alt: triggers once; releasing Ctrl after does not again. */
  vireo_vnc_grab_sequence_press (&s, CTRL_L);
  vireo_vnc_grab_sequence_press (&s, ALT_L);
  assert_true (vireo_vnc_grab_sequence_release (&s, ALT_L));
  assert_false (vireo_vnc_grab_sequence_release (&s, CTRL_L));

  /* Either order, right Ctrl, Meta (Shift+Alt on X11). */
  vireo_vnc_grab_sequence_press (&s, META_L);
  vireo_vnc_grab_sequence_press (&s, CTRL_R);
  assert_true (vireo_vnc_grab_sequence_release (&s, CTRL_R));
  assert_false (vireo_vnc_grab_sequence_release (&s, META_L));

  /* Ctrl+Alt+Del is for the guest: no release, not even after Del is up. */
  vireo_vnc_grab_sequence_press (&s, CTRL_L);
  vireo_vnc_grab_sequence_press (&s, ALT_L);
  vireo_vnc_grab_sequence_press (&s, DEL);
  assert_false (vireo_vnc_grab_sequence_release (&s, DEL));
  assert_false (vireo_vnc_grab_sequence_release (&s, ALT_L));
  assert_false (vireo_vnc_grab_sequence_release (&s, CTRL_L));

  /* Spoiled only until both are up: the next clean Ctrl+Alt works. */
  vireo_vnc_grab_sequence_press (&s, ALT_L);
  vireo_vnc_grab_sequence_press (&s, CTRL_L);
  assert_true (vireo_vnc_grab_sequence_release (&s, CTRL_L));
  assert_false (vireo_vnc_grab_sequence_release (&s, ALT_L));

  /* A key before the sequence completes spoils it too; Ctrl alone never triggers. */
  vireo_vnc_grab_sequence_press (&s, CTRL_L);
  vireo_vnc_grab_sequence_press (&s, KEY_A);
  vireo_vnc_grab_sequence_press (&s, ALT_L);
  assert_false (vireo_vnc_grab_sequence_release (&s, ALT_L));
  assert_false (vireo_vnc_grab_sequence_release (&s, CTRL_L));
  vireo_vnc_grab_sequence_press (&s, CTRL_L);
  assert_false (vireo_vnc_grab_sequence_release (&s, CTRL_L));
}

/* Pointer */

static void
test_buttons (void **state)
{
  assert_int_equal (vireo_vnc_button_bit (1), 0x01);
  assert_int_equal (vireo_vnc_button_bit (2), 0x02);
  assert_int_equal (vireo_vnc_button_bit (3), 0x04);
  assert_int_equal (vireo_vnc_button_bit (4), 0x08);
  assert_int_equal (vireo_vnc_button_bit (5), 0x10);
  assert_int_equal (vireo_vnc_button_bit (0), 0);
  assert_int_equal (vireo_vnc_button_bit (8), 0);
  assert_int_equal (vireo_vnc_scroll_bit (VIREO_VNC_SCROLL_UP), 0x08);
  assert_int_equal (vireo_vnc_scroll_bit (VIREO_VNC_SCROLL_DOWN), 0x10);
  assert_int_equal (vireo_vnc_scroll_bit (VIREO_VNC_SCROLL_LEFT), 0x20);
  assert_int_equal (vireo_vnc_scroll_bit (VIREO_VNC_SCROLL_RIGHT), 0x40);
}

static void
test_relative_motion (void **state)
{
  VireoVncRelative r;
  int dx, dy, total = 0;

  vireo_vnc_relative_reset (&r);

  /* Unscaled: as is. */
  assert_true (vireo_vnc_relative_motion (&r, 5, -3, 1.0, &dx, &dy));
  assert_int_equal (dx, 5);
  assert_int_equal (dy, -3);

  /* Scaled down to 0.4: a widget pixel is 2.5 guest pixels, the halves carried over. */
  for (int i = 0; i < 10; i++)
    {
      assert_true (vireo_vnc_relative_motion (&r, 1, 0, 0.4, &dx, &dy));
      total += dx;
    }
  assert_int_equal (total, 25);

  /* Magnified 3x: three widget pixels for one guest pixel. */
  vireo_vnc_relative_reset (&r);
  assert_false (vireo_vnc_relative_motion (&r, 1, 1, 3.0, &dx, &dy));
  assert_false (vireo_vnc_relative_motion (&r, 1, 1, 3.0, &dx, &dy));
  assert_true (vireo_vnc_relative_motion (&r, 1.01, 1.01, 3.0, &dx, &dy));
  assert_int_equal (dx, 1);
  assert_int_equal (dy, 1);

  /* Clamped to what one event carries. */
  assert_true (vireo_vnc_relative_motion (&r, 1e6, -1e6, 1.0, &dx, &dy));
  assert_int_equal (dx, 0x7fff);
  assert_int_equal (dy, -0x7fff);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fit_keeps_aspect),
    cmocka_unit_test (test_fit_exact_size_is_unscaled),
    cmocka_unit_test (test_one_to_one),
    cmocka_unit_test (test_placement_empty),
    cmocka_unit_test (test_mapping_round_trip),
    cmocka_unit_test (test_mapping_edges_and_clamping),
    cmocka_unit_test (test_natural_and_desktop_size),
    cmocka_unit_test (test_damage_clip_and_empty),
    cmocka_unit_test (test_damage_merges),
    cmocka_unit_test (test_damage_many_rects_collapse),
    cmocka_unit_test (test_scroll_accumulation),
    cmocka_unit_test (test_key_tracker),
    cmocka_unit_test (test_grab_sequence),
    cmocka_unit_test (test_buttons),
    cmocka_unit_test (test_relative_motion),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
