/* vireo-grab-x11.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <math.h>

#include "vireo-grab-x11.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#include <X11/extensions/XInput2.h>

typedef struct
{
  Display *xdisplay;
  Window   xwindow;
  int      pointer;
  int      keyboard;
  int      x;
  int      y;
} X11Target;

/* @widget's toplevel X window, the master devices, and (@x, @y) of @widget in that window's
 * pixels. */
static gboolean
x11_target (GtkWidget *widget,
            double     x,
            double     y,
            X11Target *target)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkDisplay *display = gtk_widget_get_display (widget);
  GdkSurface *surface;
  GdkSeat *seat;
  GdkDevice *pointer, *keyboard;
  double sx, sy, nx, ny;
  int scale;

  if (native == NULL || !GDK_IS_X11_DISPLAY (display))
    return FALSE;
  surface = gtk_native_get_surface (native);
  if (surface == NULL || !GDK_IS_X11_SURFACE (surface))
    return FALSE;
  seat = gdk_display_get_default_seat (display);
  pointer = seat != NULL ? gdk_seat_get_pointer (seat) : NULL;
  keyboard = seat != NULL ? gdk_seat_get_keyboard (seat) : NULL;
  if (pointer == NULL || keyboard == NULL)
    return FALSE;
  if (!gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &sx, &sy))
    return FALSE;

  gtk_native_get_surface_transform (native, &nx, &ny);
  scale = gdk_surface_get_scale_factor (surface);

  target->xdisplay = gdk_x11_display_get_xdisplay (display);
  target->xwindow = gdk_x11_surface_get_xid (surface);
  target->pointer = gdk_x11_device_get_id (pointer);
  target->keyboard = gdk_x11_device_get_id (keyboard);
  target->x = (int) round ((sx + nx) * scale);
  target->y = (int) round ((sy + ny) * scale);

  return TRUE;
}

static gboolean
grab_device (X11Target *t,
             int        device,
             gboolean   owner_events,
             const int *events,
             guint      n_events)
{
  unsigned char bits[XIMaskLen (XI_LASTEVENT)] = { 0 };
  XIEventMask mask = { 0 };
  Status status;

  mask.deviceid = device;
  mask.mask_len = sizeof bits;
  mask.mask = bits;
  for (guint i = 0; i < n_events; i++)
    XISetMask (bits, events[i]);

  status = XIGrabDevice (t->xdisplay, device, t->xwindow, CurrentTime, None,
                         XIGrabModeAsync, XIGrabModeAsync, owner_events, &mask);
  XFlush (t->xdisplay);
  if (status != Success)
    {
      g_debug ("XIGrabDevice (%d) failed: %d", device, status);
      return FALSE;
    }
  return TRUE;
}

gboolean
vireo_grab_x11_keyboard (GtkWidget *widget)
{
  static const int events[] = { XI_KeyPress, XI_KeyRelease, XI_FocusIn, XI_FocusOut };
  X11Target t;

  /* Owner events: keys keep going to GDK's focus window as before; only other clients stop
   * seeing them. */
  return x11_target (widget, 0, 0, &t) && grab_device (&t, t.keyboard, TRUE, events, G_N_ELEMENTS (events));
}

void
vireo_ungrab_x11_keyboard (GtkWidget *widget)
{
  X11Target t;

  if (!x11_target (widget, 0, 0, &t))
    return;
  XIUngrabDevice (t.xdisplay, t.keyboard, CurrentTime);
  XFlush (t.xdisplay);
}

gboolean
vireo_grab_x11_pointer (GtkWidget *widget,
                        double     x,
                        double     y)
{
  static const int events[] = {
    XI_ButtonPress, XI_ButtonRelease, XI_Motion, XI_Enter, XI_Leave,
  };
  X11Target t;

  /* Everything to the toplevel, wherever the pointer is (it is kept at the display's centre). */
  if (!x11_target (widget, x, y, &t) || !grab_device (&t, t.pointer, FALSE, events, G_N_ELEMENTS (events)))
    return FALSE;

  XIWarpPointer (t.xdisplay, t.pointer, None, t.xwindow, 0, 0, 0, 0, t.x, t.y);
  XFlush (t.xdisplay);
  return TRUE;
}

void
vireo_warp_x11_pointer (GtkWidget *widget,
                        double     x,
                        double     y)
{
  X11Target t;

  if (!x11_target (widget, x, y, &t))
    return;
  XIWarpPointer (t.xdisplay, t.pointer, None, t.xwindow, 0, 0, 0, 0, t.x, t.y);
  XFlush (t.xdisplay);
}

void
vireo_ungrab_x11_pointer (GtkWidget *widget)
{
  X11Target t;

  if (!x11_target (widget, 0, 0, &t))
    return;
  XIUngrabDevice (t.xdisplay, t.pointer, CurrentTime);
  XFlush (t.xdisplay);
}

#else /* !GDK_WINDOWING_X11 */

gboolean
vireo_grab_x11_keyboard (GtkWidget *widget)
{
  return FALSE;
}

void
vireo_ungrab_x11_keyboard (GtkWidget *widget)
{
}

gboolean
vireo_grab_x11_pointer (GtkWidget *widget,
                        double     x,
                        double     y)
{
  return FALSE;
}

void
vireo_warp_x11_pointer (GtkWidget *widget,
                        double     x,
                        double     y)
{
}

void
vireo_ungrab_x11_pointer (GtkWidget *widget)
{
}

#endif
