/* vireo-vnc-display-clipboard.c: text typed as keystrokes and the guest's clipboard
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <linux/input-event-codes.h>

#include "vireo-vnc-display-private.h"

/* Text typed as keystrokes: one character per interval. Measured: a 36-character burst reached a
 * QEMU 7.2 TCG guest intact; pasted pages are paced anyway, so a slow guest's keyboard buffer
 * (a PC keyboard controller holds a few bytes) or another server never sees a flood. */
#define TYPING_INTERVAL_MS 10

typedef struct
{
  guint    keyval;
  guint    qnum;
  gboolean shift;
  gboolean altgr;
} Stroke;

static void
send_stroke (VireoVncDisplay *self,
             const Stroke    *stroke)
{
  guint shift_qnum = vireo_keymap_linux_to_qnum (KEY_LEFTSHIFT);
  guint altgr_qnum = vireo_keymap_linux_to_qnum (KEY_RIGHTALT);

  if (stroke->altgr)
    _vireo_vnc_display_send_key (self, TRUE, GDK_KEY_ISO_Level3_Shift, altgr_qnum);
  if (stroke->shift)
    _vireo_vnc_display_send_key (self, TRUE, GDK_KEY_Shift_L, shift_qnum);
  _vireo_vnc_display_send_key (self, TRUE, stroke->keyval, stroke->qnum);
  _vireo_vnc_display_send_key (self, FALSE, stroke->keyval, stroke->qnum);
  if (stroke->shift)
    _vireo_vnc_display_send_key (self, FALSE, GDK_KEY_Shift_L, shift_qnum);
  if (stroke->altgr)
    _vireo_vnc_display_send_key (self, FALSE, GDK_KEY_ISO_Level3_Shift, altgr_qnum);
}

static gboolean
typing_cb (gpointer data)
{
  VireoVncDisplay *self = data;
  g_autofree Stroke *stroke = g_queue_pop_head (&self->typing);

  if (stroke != NULL)
    send_stroke (self, stroke);

  if (g_queue_is_empty (&self->typing))
    {
      self->typing_timeout = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static guint
keyval_for_char (gunichar c)
{
  switch (c)
    {
    case '\n':
      return GDK_KEY_Return;
    case '\t':
      return GDK_KEY_Tab;
    case '\b':
      return GDK_KEY_BackSpace;
    case 0x1b:
      return GDK_KEY_Escape;
    default:
      return gdk_unicode_to_keyval (c);
    }
}

/* The key of the local layout that gives @keyval: one we have a scancode for (the keypad's
 * parentheses give '(' on level 0 in XKB's evdev map, but have no PC scancode), in the first
 * group, at the lowest level (plain, then Shift, then AltGr). */
static gboolean
find_key (GdkDisplay      *display,
          VireoKeymapKind  kind,
          guint            keyval,
          guint           *qnum,
          int             *level)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0, best = -1;
  guint best_qnum = 0;

  if (!gdk_display_map_keyval (display, keyval, &keys, &n_keys))
    return FALSE;

  for (int i = 0; i < n_keys; i++)
    {
      guint q = vireo_keymap_to_qnum (kind, keys[i].keycode);

      if (keys[i].level > 3 || (q == 0 && kind != VIREO_KEYMAP_NONE))
        continue;
      if (best < 0 ||
          (keys[i].group < keys[best].group) ||
          (keys[i].group == keys[best].group && keys[i].level < keys[best].level))
        {
          best = i;
          best_qnum = q;
        }
    }
  if (best < 0)
    return FALSE;

  *qnum = best_qnum;
  *level = keys[best].level;
  return TRUE;
}

/**
 * vireo_vnc_display_type_text:
 * @self: a display
 * @text: UTF-8 text ("paste as keystrokes"); newlines become Return
 *
 * Types @text into the guest as key presses through the local layout's keys (assumed to match
 * the guest's), one character per 10 ms. Characters with no key are typed as keysyms where the
 * server takes keysyms, and skipped where it takes scancodes only.
 *
 * Returns: %TRUE when every character has a key in the local layout
 */
gboolean
vireo_vnc_display_type_text (VireoVncDisplay *self,
                             const char      *text)
{
  GdkDisplay *display;
  gboolean all = TRUE;

  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), FALSE);

  if (self->read_only || self->conn == NULL)
    return FALSE;

  display = gtk_widget_get_display (GTK_WIDGET (self));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      Stroke *stroke;
      guint qnum = 0;
      int level = 0;

      if (c == '\r')
        continue;

      stroke = g_new0 (Stroke, 1);
      stroke->keyval = keyval_for_char (c);
      if (find_key (display, _vireo_vnc_display_keymap_kind (self), stroke->keyval, &qnum, &level))
        {
          stroke->qnum = qnum;
          stroke->shift = (level & 1) != 0;
          stroke->altgr = level >= 2;
        }
      else
        all = FALSE;

      g_queue_push_tail (&self->typing, stroke);
    }

  if (self->typing_timeout == 0 && !g_queue_is_empty (&self->typing))
    self->typing_timeout = g_timeout_add (TYPING_INTERVAL_MS, typing_cb, self);

  return all;
}

/**
 * vireo_vnc_display_is_typing:
 *
 * Returns: whether text from vireo_vnc_display_type_text() is still being typed
 */
gboolean
vireo_vnc_display_is_typing (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  return !g_queue_is_empty (&self->typing);
}

/**
 * vireo_vnc_display_client_cut_text:
 * @self: a display
 * @text: UTF-8 text for the guest's clipboard
 *
 * RFB carries ISO 8859-1: other characters become '?'.
 */
void
vireo_vnc_display_client_cut_text (VireoVncDisplay *self,
                                   const char      *text)
{
  g_autofree char *latin1 = NULL;
  gsize len = 0;

  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  g_return_if_fail (text != NULL);

  if (self->conn == NULL || !self->initialized || self->read_only)
    return;

  latin1 = g_convert_with_fallback (text, -1, "ISO-8859-1", "UTF-8", "?", NULL, &len, NULL);
  if (latin1 != NULL)
    vnc_connection_client_cut_text (self->conn, latin1, len);
}

