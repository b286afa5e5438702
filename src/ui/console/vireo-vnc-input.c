/* vireo-vnc-input.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <math.h>

#include "vireo-vnc-input.h"

/* X11 keysyms of the release sequence's keys. */
#define KEYSYM_Control_L 0xffe3
#define KEYSYM_Control_R 0xffe4
#define KEYSYM_Meta_L    0xffe7
#define KEYSYM_Meta_R    0xffe8
#define KEYSYM_Alt_L     0xffe9
#define KEYSYM_Alt_R     0xffea

struct _VireoVncKeyTracker
{
  GArray *keys; /* VireoVncHeldKey, in press order */
};

VireoVncKeyTracker *
vireo_vnc_key_tracker_new (void)
{
  VireoVncKeyTracker *tracker = g_new0 (VireoVncKeyTracker, 1);

  tracker->keys = g_array_new (FALSE, FALSE, sizeof (VireoVncHeldKey));
  return tracker;
}

void
vireo_vnc_key_tracker_free (VireoVncKeyTracker *tracker)
{
  if (tracker == NULL)
    return;
  g_array_unref (tracker->keys);
  g_free (tracker);
}

static int
find_key (VireoVncKeyTracker *tracker,
          guint               keycode)
{
  for (guint i = 0; i < tracker->keys->len; i++)
    if (g_array_index (tracker->keys, VireoVncHeldKey, i).keycode == keycode)
      return (int) i;
  return -1;
}

gboolean
vireo_vnc_key_tracker_press (VireoVncKeyTracker    *tracker,
                             const VireoVncHeldKey *key,
                             VireoVncHeldKey       *previous)
{
  int i;

  g_return_val_if_fail (tracker != NULL && key != NULL, FALSE);

  i = find_key (tracker, key->keycode);
  if (i >= 0)
    {
      if (previous != NULL)
        *previous = g_array_index (tracker->keys, VireoVncHeldKey, i);
      g_array_index (tracker->keys, VireoVncHeldKey, i) = *key;
      return TRUE;
    }

  g_array_append_val (tracker->keys, *key);
  return FALSE;
}

gboolean
vireo_vnc_key_tracker_release (VireoVncKeyTracker *tracker,
                               guint               keycode,
                               VireoVncHeldKey    *released)
{
  int i;

  g_return_val_if_fail (tracker != NULL, FALSE);

  i = find_key (tracker, keycode);
  if (i < 0)
    return FALSE;

  if (released != NULL)
    *released = g_array_index (tracker->keys, VireoVncHeldKey, i);
  g_array_remove_index (tracker->keys, i);
  return TRUE;
}

guint
vireo_vnc_key_tracker_n_held (VireoVncKeyTracker *tracker)
{
  g_return_val_if_fail (tracker != NULL, 0);
  return tracker->keys->len;
}

GArray *
vireo_vnc_key_tracker_take_all (VireoVncKeyTracker *tracker)
{
  GArray *out;

  g_return_val_if_fail (tracker != NULL, NULL);

  out = g_array_sized_new (FALSE, FALSE, sizeof (VireoVncHeldKey), tracker->keys->len);
  for (guint i = tracker->keys->len; i > 0; i--)
    g_array_append_val (out, g_array_index (tracker->keys, VireoVncHeldKey, i - 1));
  g_array_set_size (tracker->keys, 0);

  return out;
}

/* Release sequence */

static gboolean
is_ctrl (guint keyval)
{
  return keyval == KEYSYM_Control_L || keyval == KEYSYM_Control_R;
}

static gboolean
is_alt (guint keyval)
{
  /* X11 reports Alt pressed together with Shift as Meta. */
  return keyval == KEYSYM_Alt_L || keyval == KEYSYM_Alt_R ||
         keyval == KEYSYM_Meta_L || keyval == KEYSYM_Meta_R;
}

void
vireo_vnc_grab_sequence_reset (VireoVncGrabSequence *seq)
{
  *seq = (VireoVncGrabSequence) { FALSE, FALSE, FALSE, FALSE };
}

void
vireo_vnc_grab_sequence_press (VireoVncGrabSequence *seq,
                               guint                 keyval)
{
  if (is_ctrl (keyval))
    seq->ctrl = TRUE;
  else if (is_alt (keyval))
    seq->alt = TRUE;
  else
    {
      /* Ctrl+Alt+Del is for the guest, not a release. */
      seq->spoiled = TRUE;
      seq->armed = FALSE;
      return;
    }

  if (seq->ctrl && seq->alt && !seq->spoiled)
    seq->armed = TRUE;
}

gboolean
vireo_vnc_grab_sequence_release (VireoVncGrabSequence *seq,
                                 guint                 keyval)
{
  gboolean triggered = FALSE;

  if (!is_ctrl (keyval) && !is_alt (keyval))
    return FALSE;

  if (seq->armed)
    {
      triggered = TRUE;
      seq->armed = FALSE;
      /* Releasing the other key afterwards must not trigger again. */
      seq->spoiled = TRUE;
    }

  if (is_ctrl (keyval))
    seq->ctrl = FALSE;
  else
    seq->alt = FALSE;

  if (!seq->ctrl && !seq->alt)
    seq->spoiled = FALSE;

  return triggered;
}

/* Pointer */

guint8
vireo_vnc_button_bit (guint button)
{
  if (button >= 1 && button <= 7)
    return (guint8) (1u << (button - 1));
  return 0;
}

guint8
vireo_vnc_scroll_bit (VireoVncScrollDirection direction)
{
  switch (direction)
    {
    case VIREO_VNC_SCROLL_UP:
      return vireo_vnc_button_bit (4);
    case VIREO_VNC_SCROLL_DOWN:
      return vireo_vnc_button_bit (5);
    case VIREO_VNC_SCROLL_LEFT:
      return vireo_vnc_button_bit (6);
    case VIREO_VNC_SCROLL_RIGHT:
      return vireo_vnc_button_bit (7);
    default:
      return 0;
    }
}

void
vireo_vnc_relative_reset (VireoVncRelative *rel)
{
  rel->rx = 0;
  rel->ry = 0;
}

/**
 * vireo_vnc_relative_motion:
 * @rel: the carried fractions
 * @dx: motion in widget units
 * @dy: motion in widget units
 * @scale: widget units per guest pixel (the placement's scale)
 * @guest_dx: (out): whole guest pixels to send
 * @guest_dy: (out): whole guest pixels to send
 *
 * Returns: %TRUE when there is something to send
 */
gboolean
vireo_vnc_relative_motion (VireoVncRelative *rel,
                           double            dx,
                           double            dy,
                           double            scale,
                           int              *guest_dx,
                           int              *guest_dy)
{
  double gx, gy;

  if (scale <= 0)
    scale = 1;

  rel->rx += dx / scale;
  rel->ry += dy / scale;
  gx = trunc (rel->rx);
  gy = trunc (rel->ry);
  rel->rx -= gx;
  rel->ry -= gy;

  /* One event carries at most ±0x7fff. */
  *guest_dx = (int) CLAMP (gx, -0x7fff, 0x7fff);
  *guest_dy = (int) CLAMP (gy, -0x7fff, 0x7fff);

  return *guest_dx != 0 || *guest_dy != 0;
}
