/* vireo-vnc-geometry.h: the VNC display's arithmetic, free of GTK so it is tested without a display
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * VireoVncScaling:
 * @VIREO_VNC_SCALING_FIT: the whole guest screen fills the widget, aspect ratio kept (letterboxed)
 * @VIREO_VNC_SCALING_ONE_TO_ONE: one guest pixel per device pixel; the widget asks for the guest's
 *   size so a GtkScrolledWindow around it scrolls
 */
typedef enum
{
  VIREO_VNC_SCALING_FIT,
  VIREO_VNC_SCALING_ONE_TO_ONE,
} VireoVncScaling;

/* Where the guest framebuffer lands in the widget, in widget (logical) coordinates. The offsets are
 * whole numbers, so an unscaled framebuffer stays pixel-exact. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
  double scale; /* widget units per guest pixel */
} VireoVncPlacement;

gboolean vireo_vnc_placement_compute  (VireoVncScaling          scaling,
                                       int                      widget_width,
                                       int                      widget_height,
                                       int                      fb_width,
                                       int                      fb_height,
                                       int                      device_scale,
                                       VireoVncPlacement       *placement);
gboolean vireo_vnc_placement_to_guest (const VireoVncPlacement *placement,
                                       int                      fb_width,
                                       int                      fb_height,
                                       double                   widget_x,
                                       double                   widget_y,
                                       int                     *guest_x,
                                       int                     *guest_y);
void     vireo_vnc_placement_to_widget (const VireoVncPlacement *placement,
                                        int                      guest_x,
                                        int                      guest_y,
                                        double                  *widget_x,
                                        double                  *widget_y);
/* The size the widget asks for: the framebuffer in logical pixels (rounded up). */
void     vireo_vnc_natural_size       (int                      fb_width,
                                       int                      fb_height,
                                       int                      device_scale,
                                       int                     *width,
                                       int                     *height);
/* The guest desktop size that fills a widget of this size ("resize guest to window"); FALSE when
 * the widget is too small to ask for anything sensible. */
gboolean vireo_vnc_desktop_size_for_widget (int                 widget_width,
                                            int                 widget_height,
                                            int                 device_scale,
                                            int                *width,
                                            int                *height);

typedef struct
{
  int x;
  int y;
  int width;
  int height;
} VireoVncRect;

#define VIREO_VNC_DAMAGE_MAX_RECTS 16

/* The parts of the framebuffer changed since the last upload. Rectangles are clipped to the
 * framebuffer, merged when their bounding box wastes little, and collapse into one bounding box
 * past VIREO_VNC_DAMAGE_MAX_RECTS, so a batch of many small server rectangles (hextile's 16x16
 * tiles) becomes a few uploads. */
typedef struct
{
  int          fb_width;
  int          fb_height;
  guint        n_rects;
  VireoVncRect rects[VIREO_VNC_DAMAGE_MAX_RECTS];
} VireoVncDamage;

void     vireo_vnc_damage_init     (VireoVncDamage *damage,
                                    int             fb_width,
                                    int             fb_height);
void     vireo_vnc_damage_add      (VireoVncDamage *damage,
                                    int             x,
                                    int             y,
                                    int             width,
                                    int             height);
void     vireo_vnc_damage_add_all  (VireoVncDamage *damage);
void     vireo_vnc_damage_clear    (VireoVncDamage *damage);
gboolean vireo_vnc_damage_is_empty (const VireoVncDamage *damage);
/* Total pixels the rectangles cover (they never overlap). */
gint64   vireo_vnc_damage_area     (const VireoVncDamage *damage);

/* Smooth scrolling (touchpads) turned into wheel clicks: whole steps come out, the remainder waits
 * for the next event; reversing direction drops the remainder so the first click back is prompt. */
typedef struct
{
  double dx;
  double dy;
} VireoVncScroll;

void     vireo_vnc_scroll_reset      (VireoVncScroll *scroll);
void     vireo_vnc_scroll_accumulate (VireoVncScroll *scroll,
                                      double          dx,
                                      double          dy,
                                      int            *steps_x,
                                      int            *steps_y);

G_END_DECLS
