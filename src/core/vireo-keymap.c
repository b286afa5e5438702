/* vireo-keymap.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-keymap"

#include "config.h"

#include <glib/gi18n.h>
#include <linux/input-event-codes.h>
#include <string.h>

#include "vireo-keymap.h"
#include "vireo-keymap-xfree86.h"

/*
 * Linux evdev code -> QEMU "qnum".
 *
 * A qnum is the XT scancode set 1 make code, with the E0-prefixed keys folded into 0x80 | code
 * (E0 47 Home -> 0xc7). QEMU turns it back into its QKeyCode and from there into whatever the
 * guest's keyboard speaks (PS/2 set 1/2, USB HID), so the guest sees the physical key whatever
 * our layout is.
 *
 * The kernel numbered KEY_ESC..KEY_KPDOT (1..83) and KEY_102ND..KEY_F12 (86..88) after the XT
 * make codes, so those are the identity (vireo_keymap_linux_to_qnum()). Everything else is below,
 * written by hand from the documented set-1 scancodes: the Linux keyboard driver's translation
 * (atkbd) as recorded in the "AT set1 keycode" column of QEMU's keycodemapdb (data/keymaps.csv),
 * whose QKeyCode column and QEMU's qapi/ui.json QKeyCode list were used to keep only keys QEMU
 * knows (a qnum QEMU cannot map to a QKeyCode is dropped by QEMU). Exceptions kept on purpose:
 * KEY_ZENKAKUHANKAKU, KEY_KATAKANA and KEY_KPJPCOMMA have set-1 codes but no QKeyCode yet, and
 * F13-F24 only have one since QEMU 8.0; the codes are right for any server that knows them.
 *
 * Linux code 84 has no KEY_* name; its scancode 0x54 is what Alt+Print produces and the kernel
 * reports it as KEY_SYSRQ, so 84 stays 0 and 0x54 belongs to KEY_SYSRQ alone.
 */
static const guint8 linux_to_qnum_extended[] = {
  /* Japanese and Korean keys */
  [KEY_ZENKAKUHANKAKU]   = 0x76,
  [KEY_RO]               = 0x73,
  [KEY_KATAKANA]         = 0x78,
  [KEY_HIRAGANA]         = 0x77,
  [KEY_HENKAN]           = 0x79,
  [KEY_KATAKANAHIRAGANA] = 0x70,
  [KEY_MUHENKAN]         = 0x7b,
  [KEY_KPJPCOMMA]        = 0x5c,
  [KEY_HANGEUL]          = 0xf2, /* sent without E0 and without a break code: LANG1 */
  [KEY_HANJA]            = 0xf1, /* LANG2 */
  [KEY_YEN]              = 0x7d,

  /* E0-prefixed keys of the 101/102/104/105-key layouts */
  [KEY_KPENTER]          = 0x9c,
  [KEY_RIGHTCTRL]        = 0x9d,
  [KEY_KPSLASH]          = 0xb5,
  [KEY_SYSRQ]            = 0x54, /* Print Screen; QEMU sends Alt+Print as SysRq itself */
  [KEY_RIGHTALT]         = 0xb8,
  [KEY_HOME]             = 0xc7,
  [KEY_UP]               = 0xc8,
  [KEY_PAGEUP]           = 0xc9,
  [KEY_LEFT]             = 0xcb,
  [KEY_RIGHT]            = 0xcd,
  [KEY_END]              = 0xcf,
  [KEY_DOWN]             = 0xd0,
  [KEY_PAGEDOWN]         = 0xd1,
  [KEY_INSERT]           = 0xd2,
  [KEY_DELETE]           = 0xd3,
  [KEY_PAUSE]            = 0xc6, /* QEMU sends E1 1D 45 (or E0 46 with Ctrl: Break) */
  [KEY_LEFTMETA]         = 0xdb,
  [KEY_RIGHTMETA]        = 0xdc,
  [KEY_COMPOSE]          = 0xdd, /* the Menu key */

  /* Keypad extras (Mac, Brazilian ABNT2) */
  [KEY_KPEQUAL]          = 0x59,
  [KEY_KPCOMMA]          = 0x7e,

  /* ACPI */
  [KEY_POWER]            = 0xde,
  [KEY_SLEEP]            = 0xdf,
  [KEY_WAKEUP]           = 0xe3,

  /* Multimedia and "internet" keys */
  [KEY_MUTE]             = 0xa0,
  [KEY_VOLUMEDOWN]       = 0xae,
  [KEY_VOLUMEUP]         = 0xb0,
  [KEY_NEXTSONG]         = 0x99,
  [KEY_PLAYPAUSE]        = 0xa2,
  [KEY_PREVIOUSSONG]     = 0x90,
  [KEY_STOPCD]           = 0xa4,
  [KEY_MEDIA]            = 0xed,
  [KEY_CALC]             = 0xa1,
  [KEY_MAIL]             = 0xec,
  [KEY_COMPUTER]         = 0xeb,
  [KEY_HOMEPAGE]         = 0xb2,
  [KEY_BACK]             = 0xea,
  [KEY_FORWARD]          = 0xe9,
  [KEY_REFRESH]          = 0xe7,
  [KEY_BOOKMARKS]        = 0xe6,
  [KEY_STOP]             = 0xe8,

  /* Sun-style editing keys */
  [KEY_AGAIN]            = 0x85,
  [KEY_PROPS]            = 0x86,
  [KEY_UNDO]             = 0x87,
  [KEY_FRONT]            = 0x8c,
  [KEY_COPY]             = 0xf8,
  [KEY_OPEN]             = 0x64,
  [KEY_PASTE]            = 0x65,
  [KEY_FIND]             = 0xc1,
  [KEY_CUT]              = 0xbc,
  [KEY_HELP]             = 0xf5,

  /* F13-F24 */
  [KEY_F13]              = 0x5d,
  [KEY_F14]              = 0x5e,
  [KEY_F15]              = 0x5f,
  [KEY_F16]              = 0x55,
  [KEY_F17]              = 0x83,
  [KEY_F18]              = 0xf7,
  [KEY_F19]              = 0x84,
  [KEY_F20]              = 0x5a,
  [KEY_F21]              = 0x74,
  [KEY_F22]              = 0xf9,
  [KEY_F23]              = 0x6d,
  [KEY_F24]              = 0x6f,
};

/* X11 keysyms (X11/keysymdef.h): the core has no X11 headers. */
#define VIREO_XK_BackSpace 0xff08
#define VIREO_XK_Sys_Req   0xff15
#define VIREO_XK_Print     0xff61
#define VIREO_XK_F1        0xffbe /* F1..F12 are consecutive */
#define VIREO_XK_Control_L 0xffe3
#define VIREO_XK_Alt_L     0xffe9
#define VIREO_XK_Delete    0xffff

#define COMBO_CONTEXT "key combination"
#define CTRL { KEY_LEFTCTRL, VIREO_XK_Control_L }
#define ALT  { KEY_LEFTALT, VIREO_XK_Alt_L }
#define FKEY(code, n) { code, VIREO_XK_F1 + (n) - 1 }

typedef struct
{
  const char    *name;
  const char    *label; /* untranslated, in COMBO_CONTEXT */
  guint          n_keys;
  VireoComboKey  keys[3];
} ComboInfo;

/* The F-key labels are spelt out one by one: xgettext must see every string. */
static const ComboInfo combos[VIREO_N_KEY_COMBOS] = {
  [VIREO_KEY_COMBO_CTRL_ALT_DEL] =
    /* Translators: a VM console's "Send Key" menu; key names as printed on keyboards */
    { "ctrl-alt-del", NC_ ("key combination", "Ctrl+Alt+Del"),
      3, { CTRL, ALT, { KEY_DELETE, VIREO_XK_Delete } } },
  [VIREO_KEY_COMBO_CTRL_ALT_BACKSPACE] =
    { "ctrl-alt-backspace", NC_ ("key combination", "Ctrl+Alt+Backspace"),
      3, { CTRL, ALT, { KEY_BACKSPACE, VIREO_XK_BackSpace } } },
  [VIREO_KEY_COMBO_CTRL_ALT_F1] =
    { "ctrl-alt-f1", NC_ ("key combination", "Ctrl+Alt+F1"), 3, { CTRL, ALT, FKEY (KEY_F1, 1) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F2] =
    { "ctrl-alt-f2", NC_ ("key combination", "Ctrl+Alt+F2"), 3, { CTRL, ALT, FKEY (KEY_F2, 2) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F3] =
    { "ctrl-alt-f3", NC_ ("key combination", "Ctrl+Alt+F3"), 3, { CTRL, ALT, FKEY (KEY_F3, 3) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F4] =
    { "ctrl-alt-f4", NC_ ("key combination", "Ctrl+Alt+F4"), 3, { CTRL, ALT, FKEY (KEY_F4, 4) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F5] =
    { "ctrl-alt-f5", NC_ ("key combination", "Ctrl+Alt+F5"), 3, { CTRL, ALT, FKEY (KEY_F5, 5) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F6] =
    { "ctrl-alt-f6", NC_ ("key combination", "Ctrl+Alt+F6"), 3, { CTRL, ALT, FKEY (KEY_F6, 6) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F7] =
    { "ctrl-alt-f7", NC_ ("key combination", "Ctrl+Alt+F7"), 3, { CTRL, ALT, FKEY (KEY_F7, 7) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F8] =
    { "ctrl-alt-f8", NC_ ("key combination", "Ctrl+Alt+F8"), 3, { CTRL, ALT, FKEY (KEY_F8, 8) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F9] =
    { "ctrl-alt-f9", NC_ ("key combination", "Ctrl+Alt+F9"), 3, { CTRL, ALT, FKEY (KEY_F9, 9) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F10] =
    { "ctrl-alt-f10", NC_ ("key combination", "Ctrl+Alt+F10"),
      3, { CTRL, ALT, FKEY (KEY_F10, 10) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F11] =
    { "ctrl-alt-f11", NC_ ("key combination", "Ctrl+Alt+F11"),
      3, { CTRL, ALT, FKEY (KEY_F11, 11) } },
  [VIREO_KEY_COMBO_CTRL_ALT_F12] =
    { "ctrl-alt-f12", NC_ ("key combination", "Ctrl+Alt+F12"),
      3, { CTRL, ALT, FKEY (KEY_F12, 12) } },
  /* Linux reports the Print Screen key as KEY_SYSRQ (there is no other PC "Print" key). */
  [VIREO_KEY_COMBO_PRINT] =
    { "print", NC_ ("key combination", "Print Screen"),
      1, { { KEY_SYSRQ, VIREO_XK_Print } } },
  [VIREO_KEY_COMBO_ALT_SYSRQ] =
    { "alt-sysrq", NC_ ("key combination", "Alt+SysRq"),
      2, { ALT, { KEY_SYSRQ, VIREO_XK_Sys_Req } } },
};

/**
 * vireo_keymap_linux_to_qnum:
 * @linux_code: a Linux evdev KEY_* code
 *
 * The QEMU qnum (XT set-1 scancode, E0 keys as 0x80 | code) of a physical key. Pure; any thread.
 *
 * Returns: the qnum, or 0 when the key has none: drop the event, never send 0.
 */
guint
vireo_keymap_linux_to_qnum (guint linux_code)
{
  if ((linux_code >= KEY_ESC && linux_code <= KEY_KPDOT) ||
      (linux_code >= KEY_102ND && linux_code <= KEY_F12))
    return linux_code;

  if (linux_code < G_N_ELEMENTS (linux_to_qnum_extended))
    return linux_to_qnum_extended[linux_code];

  return 0;
}

/**
 * vireo_keymap_to_qnum:
 * @kind: what the windowing system's hardware keycodes are
 * @hardware_keycode: a hardware keycode (GdkEvent's keycode)
 *
 * Pure; any thread.
 *
 * Returns: the qnum of the key, or 0 when there is none (always 0 for %VIREO_KEYMAP_NONE)
 */
guint
vireo_keymap_to_qnum (VireoKeymapKind kind,
                      guint           hardware_keycode)
{
  switch (kind)
    {
    case VIREO_KEYMAP_NONE:
      return 0;

    case VIREO_KEYMAP_EVDEV:
      /* X11 and xkbcommon keycodes start at 8 (X11 reserves 0..7). */
      if (hardware_keycode < 8)
        return 0;
      return vireo_keymap_linux_to_qnum (hardware_keycode - 8);

    case VIREO_KEYMAP_XFREE86:
      if (hardware_keycode >= G_N_ELEMENTS (vireo_keymap_xfree86_to_linux))
        return 0;
      return vireo_keymap_linux_to_qnum (vireo_keymap_xfree86_to_linux[hardware_keycode]);

    default:
      g_return_val_if_reached (0);
    }
}

/**
 * vireo_key_combo_get_keys:
 * @combo: a key combination
 * @n_keys: (out) (optional): where to store the number of keys (at most 3)
 *
 * The keys to press in order and release in reverse, as Linux codes (through
 * vireo_keymap_linux_to_qnum()) and keysyms, independent of the local layout.
 *
 * Returns: (transfer none) (array length=n_keys): static keys, or %NULL for an invalid @combo
 */
const VireoComboKey *
vireo_key_combo_get_keys (VireoKeyCombo  combo,
                          guint         *n_keys)
{
  if (n_keys != NULL)
    *n_keys = 0;

  g_return_val_if_fail ((guint) combo < VIREO_N_KEY_COMBOS, NULL);

  if (n_keys != NULL)
    *n_keys = combos[combo].n_keys;

  return combos[combo].keys;
}

/**
 * vireo_key_combo_get_label:
 * @combo: a key combination
 *
 * Returns: (transfer none): the translated label for a menu, such as "Ctrl+Alt+Del"
 */
const char *
vireo_key_combo_get_label (VireoKeyCombo combo)
{
  g_return_val_if_fail ((guint) combo < VIREO_N_KEY_COMBOS, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, COMBO_CONTEXT, combos[combo].label);
}

/**
 * vireo_key_combo_get_name:
 * @combo: a key combination
 *
 * Returns: (transfer none): a stable name for action targets, such as "ctrl-alt-del"
 */
const char *
vireo_key_combo_get_name (VireoKeyCombo combo)
{
  g_return_val_if_fail ((guint) combo < VIREO_N_KEY_COMBOS, NULL);

  return combos[combo].name;
}

/**
 * vireo_key_combo_from_name:
 * @name: a name from vireo_key_combo_get_name()
 * @combo: (out) (optional): the combination
 *
 * Returns: %TRUE when @name names a combination (exact, case-sensitive match)
 */
gboolean
vireo_key_combo_from_name (const char    *name,
                           VireoKeyCombo *combo)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < VIREO_N_KEY_COMBOS; i++)
    {
      if (strcmp (name, combos[i].name) == 0)
        {
          if (combo != NULL)
            *combo = i;
          return TRUE;
        }
    }

  return FALSE;
}
