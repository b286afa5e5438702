/* vireo-keymap.c: TEMPORARY minimal stub so the console builds before the keymap branch is merged
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-keymap"

#include "config.h"

#include <glib/gi18n.h>
#include <linux/input-event-codes.h>

#include "vireo-keymap.h"

guint
vireo_keymap_linux_to_qnum (guint linux_code)
{
  switch (linux_code)
    {
    case KEY_KPENTER: return 0x9c;
    case KEY_RIGHTCTRL: return 0x9d;
    case KEY_KPSLASH: return 0xb5;
    case KEY_SYSRQ: return 0x54;
    case KEY_RIGHTALT: return 0xb8;
    case KEY_HOME: return 0xc7;
    case KEY_UP: return 0xc8;
    case KEY_PAGEUP: return 0xc9;
    case KEY_LEFT: return 0xcb;
    case KEY_RIGHT: return 0xcd;
    case KEY_END: return 0xcf;
    case KEY_DOWN: return 0xd0;
    case KEY_PAGEDOWN: return 0xd1;
    case KEY_INSERT: return 0xd2;
    case KEY_DELETE: return 0xd3;
    case KEY_PAUSE: return 0xc6;
    case KEY_LEFTMETA: return 0xdb;
    case KEY_RIGHTMETA: return 0xdc;
    case KEY_COMPOSE: return 0xdd;
    default:
      break;
    }

  if ((linux_code >= 1 && linux_code <= 83) || (linux_code >= 86 && linux_code <= 88))
    return linux_code;

  return 0;
}

guint
vireo_keymap_to_qnum (VireoKeymapKind kind,
                      guint           hardware_keycode)
{
  if (kind != VIREO_KEYMAP_EVDEV || hardware_keycode < 8)
    return 0;

  return vireo_keymap_linux_to_qnum (hardware_keycode - 8);
}

typedef struct
{
  const char    *name;
  const char    *label;
  VireoComboKey  keys[3];
  guint          n_keys;
} Combo;

#define CAF(n) { "ctrl-alt-f" #n, N_("Ctrl+Alt+F" #n), \
                 { { KEY_LEFTCTRL, 0xffe3 }, { KEY_LEFTALT, 0xffe9 }, { KEY_F##n, 0xffbd + n } }, 3 }

static const Combo combos[VIREO_N_KEY_COMBOS] = {
  { "ctrl-alt-del", N_("Ctrl+Alt+Del"),
    { { KEY_LEFTCTRL, 0xffe3 }, { KEY_LEFTALT, 0xffe9 }, { KEY_DELETE, 0xffff } }, 3 },
  { "ctrl-alt-backspace", N_("Ctrl+Alt+Backspace"),
    { { KEY_LEFTCTRL, 0xffe3 }, { KEY_LEFTALT, 0xffe9 }, { KEY_BACKSPACE, 0xff08 } }, 3 },
  CAF (1), CAF (2), CAF (3), CAF (4), CAF (5), CAF (6),
  CAF (7), CAF (8), CAF (9), CAF (10), CAF (11), CAF (12),
  { "print", N_("Print Screen"), { { KEY_SYSRQ, 0xff61 } }, 1 },
  { "alt-sysrq", N_("Alt+SysRq"), { { KEY_LEFTALT, 0xffe9 }, { KEY_SYSRQ, 0xff15 } }, 2 },
};

const VireoComboKey *
vireo_key_combo_get_keys (VireoKeyCombo  combo,
                          guint         *n_keys)
{
  g_return_val_if_fail (combo < VIREO_N_KEY_COMBOS, NULL);

  if (n_keys != NULL)
    *n_keys = combos[combo].n_keys;
  return combos[combo].keys;
}

const char *
vireo_key_combo_get_label (VireoKeyCombo combo)
{
  g_return_val_if_fail (combo < VIREO_N_KEY_COMBOS, NULL);
  return _(combos[combo].label);
}

const char *
vireo_key_combo_get_name (VireoKeyCombo combo)
{
  g_return_val_if_fail (combo < VIREO_N_KEY_COMBOS, NULL);
  return combos[combo].name;
}

gboolean
vireo_key_combo_from_name (const char    *name,
                           VireoKeyCombo *combo)
{
  for (guint i = 0; i < VIREO_N_KEY_COMBOS; i++)
    if (g_strcmp0 (name, combos[i].name) == 0)
      {
        *combo = i;
        return TRUE;
      }
  return FALSE;
}
