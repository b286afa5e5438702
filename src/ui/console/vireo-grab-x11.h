/* vireo-grab-x11.h: keyboard and pointer capture for the VNC display on X11
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GTK 4 has no grab or warp API, and on X11 gdk_toplevel_inhibit_system_shortcuts() does
 * nothing (GDK 4.8 implements it for Wayland only; measured: shortcuts-inhibited never turns
 * TRUE). So on X11 the display grabs the keyboard itself (desktop shortcuts such as Alt+Tab then
 * reach the guest) and, for relative-mouse guests, the pointer, warping it back to the display's
 * centre after each motion. GTK keeps receiving the grabbed XInput2 events as usual.
 *
 * On Wayland the compositor's shortcuts inhibitor covers the keyboard; relative pointer capture
 * needs the pointer-constraints and relative-pointer protocols, which GTK 4.8 does not wrap, so
 * there the display is absolute-only and these functions return FALSE.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean vireo_grab_x11_keyboard   (GtkWidget *widget);
void     vireo_ungrab_x11_keyboard (GtkWidget *widget);

/* Grabs the pointer for @widget's toplevel and moves it to (@x, @y) in @widget's coordinates. */
gboolean vireo_grab_x11_pointer    (GtkWidget *widget,
                                    double     x,
                                    double     y);
void     vireo_warp_x11_pointer    (GtkWidget *widget,
                                    double     x,
                                    double     y);
void     vireo_ungrab_x11_pointer  (GtkWidget *widget);

G_END_DECLS
