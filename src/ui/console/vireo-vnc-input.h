/* vireo-vnc-input.h: keyboard and pointer state of the VNC display, free of GTK
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A key the guest believes is down: what was sent at press time is what the release must repeat
 * (a layout switch or a modifier may give the same key another keyval on release). */
typedef struct
{
  guint keycode; /* hardware keycode */
  guint keyval;  /* keysym sent */
  guint qnum;    /* scancode sent, 0 when the server only takes keysyms */
} VireoVncHeldKey;

typedef struct _VireoVncKeyTracker VireoVncKeyTracker;

VireoVncKeyTracker *vireo_vnc_key_tracker_new      (void);
void                vireo_vnc_key_tracker_free     (VireoVncKeyTracker    *tracker);
/* Records a press. Returns TRUE when the key was down already (auto-repeat): @previous is what
 * the guest holds, and the caller sends its release before the new press. */
gboolean            vireo_vnc_key_tracker_press    (VireoVncKeyTracker    *tracker,
                                                    const VireoVncHeldKey *key,
                                                    VireoVncHeldKey       *previous);
/* Forgets a key. Returns FALSE when it was not down (a release whose press went elsewhere, e.g.
 * the key that moved focus here): the caller sends nothing. */
gboolean            vireo_vnc_key_tracker_release  (VireoVncKeyTracker    *tracker,
                                                    guint                  keycode,
                                                    VireoVncHeldKey       *released);
guint               vireo_vnc_key_tracker_n_held   (VireoVncKeyTracker    *tracker);
/* Empties the tracker; returns the keys that were down, most recent first (the order to release
 * them in). Free with g_array_unref(). */
GArray             *vireo_vnc_key_tracker_take_all (VireoVncKeyTracker    *tracker);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVncKeyTracker, vireo_vnc_key_tracker_free)

/* The release sequence (Ctrl+Alt, like virt-viewer): all of its keys down, then the first one
 * released triggers; any other key pressed meanwhile cancels until all are up again. Keyvals are
 * X11 keysyms (GDK_KEY_* have the same values). */
typedef struct
{
  gboolean ctrl;
  gboolean alt;
  gboolean armed;
  gboolean spoiled;
} VireoVncGrabSequence;

void     vireo_vnc_grab_sequence_reset   (VireoVncGrabSequence *seq);
void     vireo_vnc_grab_sequence_press   (VireoVncGrabSequence *seq,
                                          guint                 keyval);
gboolean vireo_vnc_grab_sequence_release (VireoVncGrabSequence *seq,
                                          guint                 keyval);

/* RFB pointer buttons: bit n-1 for button n (1 left, 2 middle, 3 right, 4/5 wheel up/down, 6/7
 * wheel left/right). 0 for buttons RFB has no bit for. */
guint8   vireo_vnc_button_bit            (guint                 button);

typedef enum
{
  VIREO_VNC_SCROLL_UP,
  VIREO_VNC_SCROLL_DOWN,
  VIREO_VNC_SCROLL_LEFT,
  VIREO_VNC_SCROLL_RIGHT,
} VireoVncScrollDirection;

guint8   vireo_vnc_scroll_bit            (VireoVncScrollDirection direction);

/* Relative pointer motion: a widget-space delta in guest pixels with the fraction carried over,
 * and clamped to what one RFB relative event can carry (offsets from 0x7fff). */
typedef struct
{
  double rx;
  double ry;
} VireoVncRelative;

void     vireo_vnc_relative_reset        (VireoVncRelative     *rel);
gboolean vireo_vnc_relative_motion       (VireoVncRelative     *rel,
                                          double                dx,
                                          double                dy,
                                          double                scale,
                                          int                  *guest_dx,
                                          int                  *guest_dy);

G_END_DECLS
