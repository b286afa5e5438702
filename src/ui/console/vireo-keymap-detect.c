/* vireo-keymap-detect.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-keymap"

#include "config.h"

#include <gdk/gdk.h>

#ifdef GDK_WINDOWING_X11
# include <gdk/x11/gdkx.h>
# include <X11/XKBlib.h>
# include <X11/keysym.h>
#endif
#ifdef GDK_WINDOWING_WAYLAND
# include <gdk/wayland/gdkwayland.h>
#endif

#include "vireo-keymap-detect.h"

/* Page_Up's keycode under each convention: evdev KEY_PAGEUP 104 + 8, XFree86 0x63. */
#define PAGE_UP_EVDEV   0x70
#define PAGE_UP_XFREE86 0x63

#ifdef GDK_WINDOWING_X11
/* The XKB keycodes component's name, e.g. "evdev+aliases(qwerty)" (Xvfb, Xorg with libinput)
 * or "xfree86" (kbd driver); NULL without XKB. */
static char *
dup_xkb_keycodes_name (GdkDisplay *display)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  XkbDescPtr desc;
  char *result = NULL;

  desc = XkbAllocKeyboard ();
  if (desc == NULL)
    return NULL;

  gdk_x11_display_error_trap_push (display);
  if (XkbGetNames (xdisplay, XkbKeycodesNameMask, desc) == Success &&
      desc->names != NULL && desc->names->keycodes != None)
    {
      char *name = XGetAtomName (xdisplay, desc->names->keycodes);

      if (name != NULL)
        {
          result = g_strdup (name);
          XFree (name);
        }
    }
  gdk_x11_display_error_trap_pop_ignored (display);

  XkbFreeKeyboard (desc, 0, True);

  return result;
}

static VireoKeymapKind
kind_for_x11 (GdkDisplay  *display,
              char       **how)
{
  g_autofree char *keycodes = dup_xkb_keycodes_name (display);
  KeyCode page_up;

  if (keycodes != NULL && g_str_has_prefix (keycodes, "evdev"))
    {
      *how = g_strdup_printf ("XKB keycodes '%s'", keycodes);
      return VIREO_KEYMAP_EVDEV;
    }
  if (keycodes != NULL && g_str_has_prefix (keycodes, "xfree86"))
    {
      *how = g_strdup_printf ("XKB keycodes '%s'", keycodes);
      return VIREO_KEYMAP_XFREE86;
    }

  /* A name we do not know (a custom or vendor keymap): tell the conventions apart by a key that
   * differs between them. */
  page_up = XKeysymToKeycode (gdk_x11_display_get_xdisplay (display), XK_Page_Up);
  *how = g_strdup_printf ("XKB keycodes '%s', Page_Up at %u",
                          keycodes != NULL ? keycodes : "(none)", (guint) page_up);
  if (page_up == PAGE_UP_EVDEV)
    return VIREO_KEYMAP_EVDEV;
  if (page_up == PAGE_UP_XFREE86)
    return VIREO_KEYMAP_XFREE86;

  return VIREO_KEYMAP_NONE;
}
#endif

static const char *
kind_to_string (VireoKeymapKind kind)
{
  switch (kind)
    {
    case VIREO_KEYMAP_EVDEV:
      return "evdev";
    case VIREO_KEYMAP_XFREE86:
      return "xfree86";
    case VIREO_KEYMAP_NONE:
    default:
      return "none";
    }
}

/**
 * vireo_keymap_kind_for_display:
 * @display: a display
 *
 * Finds out what the hardware keycodes of @display's key events are, for
 * vireo_keymap_to_qnum(). Makes X server round trips on X11: call it once per console
 * connection. Must be called from the main thread.
 *
 * Returns: the keymap kind; %VIREO_KEYMAP_NONE when unknown
 */
VireoKeymapKind
vireo_keymap_kind_for_display (GdkDisplay *display)
{
  VireoKeymapKind kind = VIREO_KEYMAP_NONE;
  g_autofree char *how = NULL;
  guint n_keys = 0;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), VIREO_KEYMAP_NONE);

#ifdef GDK_WINDOWING_WAYLAND
  /* Wayland keycodes are xkbcommon's: evdev code + 8, whatever the compositor. */
  if (GDK_IS_WAYLAND_DISPLAY (display))
    {
      kind = VIREO_KEYMAP_EVDEV;
      how = g_strdup ("Wayland");
    }
#endif
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (display))
    kind = kind_for_x11 (display, &how);
#endif

  for (guint keycode = 0; keycode < 256; keycode++)
    if (vireo_keymap_to_qnum (kind, keycode) != 0)
      n_keys++;

  g_debug ("keymap table: %s (%u keys) for display '%s', from %s",
           kind_to_string (kind), n_keys, gdk_display_get_name (display),
           how != NULL ? how : G_OBJECT_TYPE_NAME (display));

  return kind;
}
