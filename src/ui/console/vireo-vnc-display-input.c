/* vireo-vnc-display-input.c: the keyboard, grabs (system shortcuts, accelerators, the pointer)
 * and pointer events
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <math.h>

#include "vireo-grab-x11.h"
#include "vireo-vnc-display-private.h"

/* Keyboard */

void
_vireo_vnc_display_send_key (VireoVncDisplay *self,
                             gboolean         down,
                             guint            keyval,
                             guint            qnum)
{
  if (self->conn == NULL || !self->initialized)
    return;

  /* With QEMU's extended key events the scancode is what counts; 0 would be "no key". */
  if (qnum == 0 && vnc_connection_get_ext_key_event (self->conn))
    {
      g_debug ("No scancode for keysym 0x%x, not sent", keyval);
      return;
    }

  vnc_connection_key_event (self->conn, down, keyval, qnum);
}

static guint
normalize_keyval (guint keyval)
{
  /* Shift+Tab: the server adds Shift itself. */
  if (keyval == GDK_KEY_ISO_Left_Tab)
    return GDK_KEY_Tab;
  return keyval;
}

void
_vireo_vnc_display_release_all_keys (VireoVncDisplay *self)
{
  g_autoptr(GArray) held = vireo_vnc_key_tracker_take_all (self->keys);

  for (guint i = 0; i < held->len; i++)
    {
      VireoVncHeldKey *key = &g_array_index (held, VireoVncHeldKey, i);

      _vireo_vnc_display_send_key (self, FALSE, key->keyval, key->qnum);
    }
  vireo_vnc_grab_sequence_reset (&self->grab_seq);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VireoVncDisplay       *self)
{
  VireoVncHeldKey key, previous;

  if (!_vireo_vnc_display_accepts_input (self))
    return GDK_EVENT_PROPAGATE;

  key.keycode = keycode;
  key.keyval = normalize_keyval (keyval);
  key.qnum = vireo_keymap_to_qnum (_vireo_vnc_display_keymap_kind (self), keycode);

  vireo_vnc_grab_sequence_press (&self->grab_seq, key.keyval);

  /* Auto-repeat arrives as presses without releases: release first so the guest sees each. */
  if (vireo_vnc_key_tracker_press (self->keys, &key, &previous))
    _vireo_vnc_display_send_key (self, FALSE, previous.keyval, previous.qnum);
  _vireo_vnc_display_send_key (self, TRUE, key.keyval, key.qnum);

  /* Also keeps Tab, F10 and mnemonics (bubble phase) from the window. */
  return GDK_EVENT_STOP;
}

static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 VireoVncDisplay       *self)
{
  VireoVncHeldKey held;
  gboolean triggered;

  triggered = vireo_vnc_grab_sequence_release (&self->grab_seq, normalize_keyval (keyval));

  /* The keyval remembered at press time: a layout or modifier change may report another now. */
  if (vireo_vnc_key_tracker_release (self->keys, keycode, &held))
    _vireo_vnc_display_send_key (self, FALSE, held.keyval, held.qnum);

  if (triggered)
    _vireo_vnc_display_release_grabs (self);
}

/**
 * vireo_vnc_display_send_keys:
 * @self: a display
 * @keys: (array length=n_keys): keys as Linux key codes and keysyms
 * @n_keys: how many
 *
 * Presses @keys in order and releases them in reverse, independent of the local layout.
 */
void
vireo_vnc_display_send_keys (VireoVncDisplay     *self,
                             const VireoComboKey *keys,
                             guint                n_keys)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  g_return_if_fail (keys != NULL || n_keys == 0);

  if (self->read_only)
    return;

  for (guint i = 0; i < n_keys; i++)
    _vireo_vnc_display_send_key (self, TRUE, keys[i].keysym, vireo_keymap_linux_to_qnum (keys[i].linux_code));
  for (guint i = n_keys; i > 0; i--)
    _vireo_vnc_display_send_key (self, FALSE, keys[i - 1].keysym,
                                 vireo_keymap_linux_to_qnum (keys[i - 1].linux_code));
}

/**
 * vireo_vnc_display_send_combo:
 * @self: a display
 * @combo: the send-keys menu entry
 */
void
vireo_vnc_display_send_combo (VireoVncDisplay *self,
                              VireoKeyCombo    combo)
{
  const VireoComboKey *keys;
  guint n_keys = 0;

  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  g_return_if_fail (combo < VIREO_N_KEY_COMBOS);

  keys = vireo_key_combo_get_keys (combo, &n_keys);
  vireo_vnc_display_send_keys (self, keys, n_keys);
}

/* Grabs: system shortcuts, application accelerators, the pointer */

void
_vireo_vnc_display_park_accels (VireoVncDisplay *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app;
  g_auto(GStrv) actions = NULL;

  if (self->parked_app != NULL || !GTK_IS_WINDOW (root) || !_vireo_vnc_display_accepts_input (self))
    return;
  app = gtk_window_get_application (GTK_WINDOW (root));
  if (app == NULL)
    return;

  /* Application accelerators are handled in the capture phase, before the display sees the key:
   * Ctrl+Q would quit instead of reaching the guest. */
  self->parked_app = g_object_ref (app);
  self->parked_accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  actions = gtk_application_list_action_descriptions (app);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);
      const char *none[] = { NULL };

      if (accels == NULL || accels[0] == NULL)
        continue;
      gtk_application_set_accels_for_action (app, actions[i], none);
      g_hash_table_insert (self->parked_accels, g_strdup (actions[i]), g_steal_pointer (&accels));
    }
}

static void
restore_accels (VireoVncDisplay *self)
{
  GHashTableIter iter;
  gpointer action, accels;

  if (self->parked_app == NULL)
    return;

  g_hash_table_iter_init (&iter, self->parked_accels);
  while (g_hash_table_iter_next (&iter, &action, &accels))
    gtk_application_set_accels_for_action (self->parked_app, action, (const char * const *) accels);

  g_clear_pointer (&self->parked_accels, g_hash_table_unref);
  g_clear_object (&self->parked_app);
}

static void
update_keyboard_grabbed (VireoVncDisplay *self)
{
  gboolean inhibited = FALSE;
  gboolean grabbed;

  /* GDK 4.8 has no getter for it. */
  if (self->toplevel != NULL)
    g_object_get (self->toplevel, "shortcuts-inhibited", &inhibited, NULL);
  grabbed = self->inhibit_requested && (inhibited || self->x11_keyboard_grab != 0);

  if (self->keyboard_grabbed == (guint) grabbed)
    return;

  self->keyboard_grabbed = grabbed;
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_KEYBOARD_GRABBED]);
  g_signal_emit (self, _vireo_vnc_display_signals[GRAB_CHANGED], 0);
}

void
_vireo_vnc_display_on_shortcuts_inhibited_changed (GdkSurface      *toplevel,
                                                   GParamSpec      *pspec,
                                                   VireoVncDisplay *self)
{
  update_keyboard_grabbed (self);
}

/* Another X window took the focus while we held the keyboard (GDK does not tell, see
 * vireo-grab-x11.h): the same as focus leaving. */
static void
on_x11_focus_lost (GtkWidget *widget,
                   gpointer   user_data)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);

  g_debug ("Another window took the focus");
  _vireo_vnc_display_release_all_keys (self);
  _vireo_vnc_display_release_grabs (self);
}

static void
grab_keyboard (VireoVncDisplay *self,
               GdkEvent        *event)
{
  _vireo_vnc_display_park_accels (self);

  if (self->inhibit_requested || self->toplevel == NULL)
    return;

  /* Desktop shortcuts (Super, Alt+Tab) go to the guest until Ctrl+Alt or focus leaves. Wayland:
   * the compositor's shortcuts inhibitor (it may ask the user first, hence the notify). X11: GDK
   * 4.8 does nothing there, so we grab the keyboard ourselves. */
  self->inhibit_requested = TRUE;
  gdk_toplevel_inhibit_system_shortcuts (GDK_TOPLEVEL (self->toplevel), event);
  self->x11_keyboard_grab = vireo_grab_x11_keyboard (GTK_WIDGET (self), G_CALLBACK (on_x11_focus_lost), NULL);
  update_keyboard_grabbed (self);
}

static void
center_of (VireoVncDisplay *self,
           double          *x,
           double          *y)
{
  *x = floor (gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
  *y = floor (gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
grab_pointer (VireoVncDisplay *self)
{
  double cx, cy;

  if (self->pointer_grabbed)
    return;

  center_of (self, &cx, &cy);
  if (!vireo_grab_x11_pointer (GTK_WIDGET (self), cx, cy))
    return;

  self->pointer_grabbed = TRUE;
  vireo_vnc_relative_reset (&self->rel);

  /* A fast move can leave the display before the warp brings the pointer back, and GTK would
   * give that motion to whatever widget is under it: take every pointer event of the window
   * first while captured. */
  self->capture = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->capture, GTK_PHASE_CAPTURE);
  g_signal_connect (self->capture, "event", G_CALLBACK (_vireo_vnc_display_on_legacy_event), self);
  gtk_widget_add_controller (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))), self->capture);

  _vireo_vnc_display_update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_POINTER_GRABBED]);
  g_signal_emit (self, _vireo_vnc_display_signals[GRAB_CHANGED], 0);
}

void
_vireo_vnc_display_release_grabs (VireoVncDisplay *self)
{
  gboolean pointer = self->pointer_grabbed;

  restore_accels (self);

  if (self->inhibit_requested)
    {
      self->inhibit_requested = FALSE;
      if (self->toplevel != NULL)
        gdk_toplevel_restore_system_shortcuts (GDK_TOPLEVEL (self->toplevel));
      if (self->x11_keyboard_grab != 0)
        vireo_ungrab_x11_keyboard (GTK_WIDGET (self), self->x11_keyboard_grab);
      self->x11_keyboard_grab = 0;
    }
  update_keyboard_grabbed (self);

  if (pointer)
    {
      vireo_ungrab_x11_pointer (GTK_WIDGET (self));
      if (self->capture != NULL)
        gtk_widget_remove_controller (gtk_event_controller_get_widget (self->capture), self->capture);
      self->capture = NULL;
      self->pointer_grabbed = FALSE;
      self->have_last = FALSE;
      _vireo_vnc_display_update_cursor (self);
      g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_POINTER_GRABBED]);
      g_signal_emit (self, _vireo_vnc_display_signals[GRAB_CHANGED], 0);
    }
}

/**
 * vireo_vnc_display_release_grabs:
 * @self: a display
 *
 * What Ctrl+Alt does: desktop shortcuts, application accelerators and the pointer go back to
 * the desktop. Keys still reach the guest while the display has focus.
 */
void
vireo_vnc_display_release_grabs (VireoVncDisplay *self)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  _vireo_vnc_display_release_grabs (self);
}

static void
on_focus_enter (GtkEventControllerFocus *controller,
                VireoVncDisplay         *self)
{
  _vireo_vnc_display_park_accels (self);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                VireoVncDisplay         *self)
{
  g_debug ("Focus left the display");
  /* Alt+Tab away and Alt would stay down in the guest. */
  _vireo_vnc_display_release_all_keys (self);
  _vireo_vnc_display_release_grabs (self);
}

/* Legacy controllers see surface coordinates. */
static gboolean
event_position (VireoVncDisplay *self,
                GdkEvent        *event,
                double          *x,
                double          *y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  double sx, sy, nx, ny;

  if (native == NULL || !gdk_event_get_position (event, &sx, &sy))
    return FALSE;

  gtk_native_get_surface_transform (native, &nx, &ny);
  return gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self),
                                           sx - nx, sy - ny, x, y);
}

static void
send_relative (VireoVncDisplay *self,
               int              dx,
               int              dy)
{
  /* QEMU reads relative motion as offsets from 0x7fff (gvnc's pointer-change convention). */
  vnc_connection_pointer_event (self->conn, self->button_mask, 0x7fff + dx, 0x7fff + dy);
}

static void
send_pointer (VireoVncDisplay *self,
              double           x,
              double           y,
              gboolean         motion)
{
  VireoVncPlacement placement;
  int gx, gy;

  if (!_vireo_vnc_display_current_placement (self, &placement))
    return;

  if (self->absolute)
    {
      gboolean inside = vireo_vnc_placement_to_guest (&placement,
                                                      vireo_vnc_framebuffer_get_width (self->fb),
                                                      vireo_vnc_framebuffer_get_height (self->fb),
                                                      x, y, &gx, &gy);

      /* Moving over the letterbox bars sends nothing; a drag keeps going, clamped. */
      if (!inside && motion && self->button_mask == 0)
        return;
      vnc_connection_pointer_event (self->conn, self->button_mask, gx, gy);
      return;
    }

  if (!motion)
    {
      send_relative (self, 0, 0);
      return;
    }

  if (self->pointer_grabbed)
    {
      double cx, cy;

      center_of (self, &cx, &cy);
      if (x == cx && y == cy)
        return; /* our own warp */
      if (vireo_vnc_relative_motion (&self->rel, x - cx, y - cy, placement.scale, &gx, &gy))
        send_relative (self, gx, gy);
      vireo_warp_x11_pointer (GTK_WIDGET (self), cx, cy);
      return;
    }

  /* Not captured (Wayland, or before the click): follow the local pointer's moves. */
  if (self->have_last &&
      vireo_vnc_relative_motion (&self->rel, x - self->last_x, y - self->last_y, placement.scale, &gx, &gy))
    send_relative (self, gx, gy);
  self->last_x = x;
  self->last_y = y;
  self->have_last = TRUE;
}

static void
send_scroll_click (VireoVncDisplay         *self,
                   VireoVncScrollDirection  direction,
                   double                   x,
                   double                   y)
{
  guint8 held = self->button_mask;

  self->button_mask = held | vireo_vnc_scroll_bit (direction);
  send_pointer (self, x, y, FALSE);
  self->button_mask = held;
  send_pointer (self, x, y, FALSE);
}

static void
handle_scroll (VireoVncDisplay *self,
               GdkEvent        *event,
               double           x,
               double           y)
{
  GdkScrollDirection direction = gdk_scroll_event_get_direction (event);
  double dx = 0, dy = 0;
  int steps_x, steps_y;

  switch (direction)
    {
    case GDK_SCROLL_UP:
      send_scroll_click (self, VIREO_VNC_SCROLL_UP, x, y);
      break;
    case GDK_SCROLL_DOWN:
      send_scroll_click (self, VIREO_VNC_SCROLL_DOWN, x, y);
      break;
    case GDK_SCROLL_LEFT:
      send_scroll_click (self, VIREO_VNC_SCROLL_LEFT, x, y);
      break;
    case GDK_SCROLL_RIGHT:
      send_scroll_click (self, VIREO_VNC_SCROLL_RIGHT, x, y);
      break;
    case GDK_SCROLL_SMOOTH:
      gdk_scroll_event_get_deltas (event, &dx, &dy);
      vireo_vnc_scroll_accumulate (&self->scroll, dx, dy, &steps_x, &steps_y);
      for (int i = 0; i < ABS (steps_y); i++)
        send_scroll_click (self, steps_y < 0 ? VIREO_VNC_SCROLL_UP : VIREO_VNC_SCROLL_DOWN, x, y);
      for (int i = 0; i < ABS (steps_x); i++)
        send_scroll_click (self, steps_x < 0 ? VIREO_VNC_SCROLL_LEFT : VIREO_VNC_SCROLL_RIGHT, x, y);
      break;
    default:
      break;
    }
}

gboolean
_vireo_vnc_display_on_legacy_event (GtkEventControllerLegacy *controller,
                                    GdkEvent                 *event,
                                    VireoVncDisplay          *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  double x, y;
  guint8 bit;

  if (type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE &&
      type != GDK_MOTION_NOTIFY && type != GDK_SCROLL)
    return GDK_EVENT_PROPAGATE;
  if (!_vireo_vnc_display_accepts_input (self) || !event_position (self, event, &x, &y))
    return GDK_EVENT_PROPAGATE;

  switch ((int) type)
    {
    case GDK_BUTTON_PRESS:
      gtk_widget_grab_focus (GTK_WIDGET (self));
      grab_keyboard (self, event);
      if (!self->absolute && !self->pointer_grabbed)
        {
          grab_pointer (self);
          if (self->pointer_grabbed)
            return GDK_EVENT_STOP; /* the capturing click is not a click in the guest */
        }
      bit = vireo_vnc_button_bit (gdk_button_event_get_button (event));
      if (bit == 0)
        return GDK_EVENT_STOP;
      self->button_mask |= bit;
      send_pointer (self, x, y, FALSE);
      break;

    case GDK_BUTTON_RELEASE:
      bit = vireo_vnc_button_bit (gdk_button_event_get_button (event));
      if (bit == 0 || (self->button_mask & bit) == 0)
        return GDK_EVENT_STOP;
      self->button_mask &= ~bit;
      send_pointer (self, x, y, FALSE);
      break;

    case GDK_MOTION_NOTIFY:
      send_pointer (self, x, y, TRUE);
      break;

    case GDK_SCROLL:
      handle_scroll (self, event, x, y);
      break;

    default:
      break;
    }

  return GDK_EVENT_STOP;
}

void
_vireo_vnc_display_init_input (VireoVncDisplay *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_focus_enter), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (widget, controller);

  /* Raw events: every button, held together, no gesture logic. */
  controller = gtk_event_controller_legacy_new ();
  g_signal_connect (controller, "event", G_CALLBACK (_vireo_vnc_display_on_legacy_event), self);
  gtk_widget_add_controller (widget, controller);
}
