/* vireo-keymap.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Keys reach a QEMU guest as "qnum" codes (XT set-1 scancodes; E0-prefixed keys as 0x80 | code)
 * through the QEMU extended key event, so the guest sees the key the user pressed whatever the
 * local layout. The local side of the table depends on what the windowing system calls a key:
 * evdev code + 8 (Wayland, X11 with evdev/libinput: all modern servers, Xvfb, Xwayland) or the
 * legacy XFree86 kbd driver's codes. Pure tables: no GDK, no X11.
 */
typedef enum
{
  VIREO_KEYMAP_NONE,    /* unknown keycodes: send keysyms only, no extended key events */
  VIREO_KEYMAP_EVDEV,   /* hardware keycode = Linux evdev code + 8 */
  VIREO_KEYMAP_XFREE86, /* X11 with the legacy kbd driver (XKB keycodes "xfree86") */
} VireoKeymapKind;

/* 0 means "no such key": the caller drops it, it is never sent as scancode 0. */
guint vireo_keymap_linux_to_qnum (guint           linux_code);
guint vireo_keymap_to_qnum       (VireoKeymapKind kind,
                                  guint           hardware_keycode);

/* The send-keys menu: combinations defined as Linux KEY_* codes (not through the local layout),
 * pressed in order and released in reverse. */
typedef enum
{
  VIREO_KEY_COMBO_CTRL_ALT_DEL,
  VIREO_KEY_COMBO_CTRL_ALT_BACKSPACE,
  VIREO_KEY_COMBO_CTRL_ALT_F1,
  VIREO_KEY_COMBO_CTRL_ALT_F2,
  VIREO_KEY_COMBO_CTRL_ALT_F3,
  VIREO_KEY_COMBO_CTRL_ALT_F4,
  VIREO_KEY_COMBO_CTRL_ALT_F5,
  VIREO_KEY_COMBO_CTRL_ALT_F6,
  VIREO_KEY_COMBO_CTRL_ALT_F7,
  VIREO_KEY_COMBO_CTRL_ALT_F8,
  VIREO_KEY_COMBO_CTRL_ALT_F9,
  VIREO_KEY_COMBO_CTRL_ALT_F10,
  VIREO_KEY_COMBO_CTRL_ALT_F11,
  VIREO_KEY_COMBO_CTRL_ALT_F12,
  VIREO_KEY_COMBO_PRINT,
  VIREO_KEY_COMBO_ALT_SYSRQ,
  VIREO_N_KEY_COMBOS
} VireoKeyCombo;

typedef struct
{
  guint linux_code; /* KEY_* of <linux/input-event-codes.h> */
  guint keysym;     /* X11 keysym, for servers without extended key events */
} VireoComboKey;

/* Borrowed, static. n_keys is at most 3. */
const VireoComboKey *vireo_key_combo_get_keys  (VireoKeyCombo combo,
                                                guint        *n_keys);
/* Translated label such as "Ctrl+Alt+Del"; action target name such as "ctrl-alt-del". */
const char          *vireo_key_combo_get_label (VireoKeyCombo combo);
const char          *vireo_key_combo_get_name  (VireoKeyCombo combo);
gboolean             vireo_key_combo_from_name (const char    *name,
                                                VireoKeyCombo *combo);

G_END_DECLS
