/* vireo-vnc-geometry.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <math.h>

#include "vireo-vnc-geometry.h"

/* The largest desktop "resize guest to window" asks for, and the smallest: below 320x200 guests
 * (and QEMU's own checks) refuse or misbehave. */
#define DESKTOP_MIN_WIDTH  320
#define DESKTOP_MIN_HEIGHT 200
#define DESKTOP_MAX        8192

/**
 * vireo_vnc_placement_compute:
 * @scaling: fit or 1:1
 * @widget_width: the widget's width, logical pixels
 * @widget_height: the widget's height, logical pixels
 * @fb_width: the guest framebuffer's width, guest pixels
 * @fb_height: the guest framebuffer's height
 * @device_scale: the widget's scale factor (2 on HiDPI), for pixel-exact 1:1
 * @placement: (out): where the framebuffer goes
 *
 * Fit keeps the aspect ratio and centres the framebuffer; 1:1 centres it when the widget is
 * larger and starts at the top-left corner otherwise (the scrolled window shows the rest). Offsets
 * are rounded down to whole pixels.
 *
 * Returns: %FALSE when there is nothing to place (an empty widget or framebuffer)
 */
gboolean
vireo_vnc_placement_compute (VireoVncScaling    scaling,
                             int                widget_width,
                             int                widget_height,
                             int                fb_width,
                             int                fb_height,
                             int                device_scale,
                             VireoVncPlacement *placement)
{
  double scale;

  g_return_val_if_fail (placement != NULL, FALSE);

  *placement = (VireoVncPlacement) { 0, 0, 0, 0, 1.0 };
  if (widget_width <= 0 || widget_height <= 0 || fb_width <= 0 || fb_height <= 0)
    return FALSE;
  if (device_scale < 1)
    device_scale = 1;

  if (scaling == VIREO_VNC_SCALING_FIT)
    scale = MIN ((double) widget_width / fb_width, (double) widget_height / fb_height);
  else
    scale = 1.0 / device_scale;

  placement->scale = scale;
  placement->width = fb_width * scale;
  placement->height = fb_height * scale;
  placement->x = MAX (0.0, floor ((widget_width - placement->width) / 2.0));
  placement->y = MAX (0.0, floor ((widget_height - placement->height) / 2.0));

  return TRUE;
}

/**
 * vireo_vnc_placement_to_guest:
 * @placement: from vireo_vnc_placement_compute()
 * @fb_width: framebuffer width
 * @fb_height: framebuffer height
 * @widget_x: a point in the widget
 * @widget_y: a point in the widget
 * @guest_x: (out): the guest pixel under it, clamped to the framebuffer
 * @guest_y: (out): the guest pixel under it, clamped to the framebuffer
 *
 * Returns: %TRUE when the point lies on the framebuffer (not in the letterbox bars)
 */
gboolean
vireo_vnc_placement_to_guest (const VireoVncPlacement *placement,
                              int                      fb_width,
                              int                      fb_height,
                              double                   widget_x,
                              double                   widget_y,
                              int                     *guest_x,
                              int                     *guest_y)
{
  double gx, gy;
  gboolean inside;

  g_return_val_if_fail (placement != NULL && placement->scale > 0, FALSE);
  g_return_val_if_fail (fb_width > 0 && fb_height > 0, FALSE);

  gx = floor ((widget_x - placement->x) / placement->scale);
  gy = floor ((widget_y - placement->y) / placement->scale);
  inside = gx >= 0 && gy >= 0 && gx < fb_width && gy < fb_height;

  *guest_x = (int) CLAMP (gx, 0, fb_width - 1);
  *guest_y = (int) CLAMP (gy, 0, fb_height - 1);

  return inside;
}

/**
 * vireo_vnc_placement_to_widget:
 * @placement: from vireo_vnc_placement_compute()
 * @guest_x: a guest pixel
 * @guest_y: a guest pixel
 * @widget_x: (out): the centre of that pixel in the widget
 * @widget_y: (out): the centre of that pixel in the widget
 */
void
vireo_vnc_placement_to_widget (const VireoVncPlacement *placement,
                               int                      guest_x,
                               int                      guest_y,
                               double                  *widget_x,
                               double                  *widget_y)
{
  *widget_x = placement->x + (guest_x + 0.5) * placement->scale;
  *widget_y = placement->y + (guest_y + 0.5) * placement->scale;
}

void
vireo_vnc_natural_size (int  fb_width,
                        int  fb_height,
                        int  device_scale,
                        int *width,
                        int *height)
{
  if (device_scale < 1)
    device_scale = 1;

  *width = (MAX (fb_width, 0) + device_scale - 1) / device_scale;
  *height = (MAX (fb_height, 0) + device_scale - 1) / device_scale;
}

/**
 * vireo_vnc_desktop_size_for_widget:
 *
 * The desktop that fills the widget at one guest pixel per device pixel. The width is rounded
 * down to a multiple of 8 (several guest drivers want that for their scanlines); both sides stay
 * within what guests accept.
 */
gboolean
vireo_vnc_desktop_size_for_widget (int  widget_width,
                                   int  widget_height,
                                   int  device_scale,
                                   int *width,
                                   int *height)
{
  int w, h;

  if (device_scale < 1)
    device_scale = 1;

  w = widget_width * device_scale;
  h = widget_height * device_scale;
  if (w < DESKTOP_MIN_WIDTH || h < DESKTOP_MIN_HEIGHT)
    return FALSE;

  w = MIN (w, DESKTOP_MAX) & ~7;
  h = MIN (h, DESKTOP_MAX);

  *width = w;
  *height = h;
  return TRUE;
}

/* Damage */

static gint64
rect_area (const VireoVncRect *r)
{
  return (gint64) r->width * r->height;
}

static VireoVncRect
rect_union (const VireoVncRect *a,
            const VireoVncRect *b)
{
  int x1 = MIN (a->x, b->x);
  int y1 = MIN (a->y, b->y);
  int x2 = MAX (a->x + a->width, b->x + b->width);
  int y2 = MAX (a->y + a->height, b->y + b->height);

  return (VireoVncRect) { x1, y1, x2 - x1, y2 - y1 };
}

static gint64
rect_overlap (const VireoVncRect *a,
              const VireoVncRect *b)
{
  int x1 = MAX (a->x, b->x);
  int y1 = MAX (a->y, b->y);
  int x2 = MIN (a->x + a->width, b->x + b->width);
  int y2 = MIN (a->y + a->height, b->y + b->height);

  if (x2 <= x1 || y2 <= y1)
    return 0;
  return (gint64) (x2 - x1) * (y2 - y1);
}

/* Overlapping rectangles are always merged (so the list never uploads a pixel twice); disjoint
 * ones when their bounding box adds at most a quarter of itself or 1024 pixels, whichever is more:
 * one larger upload beats several small ones. */
static gboolean
worth_merging (const VireoVncRect *a,
               const VireoVncRect *b)
{
  VireoVncRect u;
  gint64 covered, overlap, waste;

  overlap = rect_overlap (a, b);
  if (overlap > 0)
    return TRUE;

  u = rect_union (a, b);
  covered = rect_area (a) + rect_area (b);
  waste = rect_area (&u) - covered;

  return waste <= MAX ((gint64) 1024, rect_area (&u) / 4);
}

void
vireo_vnc_damage_init (VireoVncDamage *damage,
                       int             fb_width,
                       int             fb_height)
{
  damage->fb_width = MAX (fb_width, 0);
  damage->fb_height = MAX (fb_height, 0);
  damage->n_rects = 0;
}

void
vireo_vnc_damage_clear (VireoVncDamage *damage)
{
  damage->n_rects = 0;
}

gboolean
vireo_vnc_damage_is_empty (const VireoVncDamage *damage)
{
  return damage->n_rects == 0;
}

gint64
vireo_vnc_damage_area (const VireoVncDamage *damage)
{
  gint64 area = 0;

  for (guint i = 0; i < damage->n_rects; i++)
    area += rect_area (&damage->rects[i]);
  return area;
}

void
vireo_vnc_damage_add_all (VireoVncDamage *damage)
{
  damage->n_rects = 0;
  if (damage->fb_width > 0 && damage->fb_height > 0)
    {
      damage->rects[0] = (VireoVncRect) { 0, 0, damage->fb_width, damage->fb_height };
      damage->n_rects = 1;
    }
}

void
vireo_vnc_damage_add (VireoVncDamage *damage,
                      int             x,
                      int             y,
                      int             width,
                      int             height)
{
  VireoVncRect r;
  int x2, y2;
  gboolean merged;

  /* Clip to the framebuffer; 64-bit sums so hostile sizes cannot overflow. */
  x2 = (int) CLAMP ((gint64) x + width, 0, damage->fb_width);
  y2 = (int) CLAMP ((gint64) y + height, 0, damage->fb_height);
  x = CLAMP (x, 0, damage->fb_width);
  y = CLAMP (y, 0, damage->fb_height);
  if (x2 <= x || y2 <= y)
    return;

  r = (VireoVncRect) { x, y, x2 - x, y2 - y };

  /* Fold r into any rectangle worth merging with, until none is left: a merge can make r reach
   * further rectangles. */
  do
    {
      merged = FALSE;
      for (guint i = 0; i < damage->n_rects; i++)
        {
          if (worth_merging (&damage->rects[i], &r))
            {
              r = rect_union (&damage->rects[i], &r);
              damage->rects[i] = damage->rects[--damage->n_rects];
              merged = TRUE;
              break;
            }
        }
    }
  while (merged);

  if (damage->n_rects == VIREO_VNC_DAMAGE_MAX_RECTS)
    {
      for (guint i = 0; i < damage->n_rects; i++)
        r = rect_union (&damage->rects[i], &r);
      damage->n_rects = 0;
    }

  damage->rects[damage->n_rects++] = r;
}

/* Scrolling */

void
vireo_vnc_scroll_reset (VireoVncScroll *scroll)
{
  scroll->dx = 0;
  scroll->dy = 0;
}

static int
take_steps (double *acc,
            double  delta)
{
  double steps;

  /* A reversal drops what was left over in the old direction. */
  if ((*acc > 0 && delta < 0) || (*acc < 0 && delta > 0))
    *acc = 0;

  *acc += delta;
  steps = trunc (*acc);
  *acc -= steps;

  return (int) steps;
}

void
vireo_vnc_scroll_accumulate (VireoVncScroll *scroll,
                             double          dx,
                             double          dy,
                             int            *steps_x,
                             int            *steps_y)
{
  *steps_x = take_steps (&scroll->dx, dx);
  *steps_y = take_steps (&scroll->dy, dy);
}
