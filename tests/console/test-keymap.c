/* test-keymap.c: keycode -> QEMU qnum tables and the send-keys combinations (pure, no display)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <linux/input-event-codes.h>

/* Before vireo-test-utils.h, which uses GAsyncResult. */
#include <gio/gio.h>

#include "vireo-test-utils.h"

#include "vireo-keymap.h"

/* xkeyboard-config (package xkb-data): a test dependency, so its absence fails the test. */
#define XKB_KEYCODES_DIR "/usr/share/X11/xkb/keycodes"

typedef struct
{
  guint linux_code;
  guint qnum;
} KeyQnum;

/*
 * Every key of a US 104-key keyboard plus the ISO 105th key (<> left of Z), with its XT scancode
 * set 1 make code from the IBM PC/AT documentation, E0-prefixed codes written as 0x80 | code.
 * Written key by key, row by row, not derived from the implementation.
 */
static const KeyQnum us_105_keys[] = {
  /* Escape and function row */
  { KEY_ESC, 0x01 },
  { KEY_F1, 0x3b }, { KEY_F2, 0x3c }, { KEY_F3, 0x3d }, { KEY_F4, 0x3e },
  { KEY_F5, 0x3f }, { KEY_F6, 0x40 }, { KEY_F7, 0x41 }, { KEY_F8, 0x42 },
  { KEY_F9, 0x43 }, { KEY_F10, 0x44 }, { KEY_F11, 0x57 }, { KEY_F12, 0x58 },
  { KEY_SYSRQ, 0x54 }, { KEY_SCROLLLOCK, 0x46 }, { KEY_PAUSE, 0xc6 },
  /* Number row */
  { KEY_GRAVE, 0x29 },
  { KEY_1, 0x02 }, { KEY_2, 0x03 }, { KEY_3, 0x04 }, { KEY_4, 0x05 }, { KEY_5, 0x06 },
  { KEY_6, 0x07 }, { KEY_7, 0x08 }, { KEY_8, 0x09 }, { KEY_9, 0x0a }, { KEY_0, 0x0b },
  { KEY_MINUS, 0x0c }, { KEY_EQUAL, 0x0d }, { KEY_BACKSPACE, 0x0e },
  /* Top letter row */
  { KEY_TAB, 0x0f },
  { KEY_Q, 0x10 }, { KEY_W, 0x11 }, { KEY_E, 0x12 }, { KEY_R, 0x13 }, { KEY_T, 0x14 },
  { KEY_Y, 0x15 }, { KEY_U, 0x16 }, { KEY_I, 0x17 }, { KEY_O, 0x18 }, { KEY_P, 0x19 },
  { KEY_LEFTBRACE, 0x1a }, { KEY_RIGHTBRACE, 0x1b }, { KEY_BACKSLASH, 0x2b },
  /* Home row */
  { KEY_CAPSLOCK, 0x3a },
  { KEY_A, 0x1e }, { KEY_S, 0x1f }, { KEY_D, 0x20 }, { KEY_F, 0x21 }, { KEY_G, 0x22 },
  { KEY_H, 0x23 }, { KEY_J, 0x24 }, { KEY_K, 0x25 }, { KEY_L, 0x26 },
  { KEY_SEMICOLON, 0x27 }, { KEY_APOSTROPHE, 0x28 }, { KEY_ENTER, 0x1c },
  /* Bottom letter row */
  { KEY_LEFTSHIFT, 0x2a }, { KEY_102ND, 0x56 },
  { KEY_Z, 0x2c }, { KEY_X, 0x2d }, { KEY_C, 0x2e }, { KEY_V, 0x2f }, { KEY_B, 0x30 },
  { KEY_N, 0x31 }, { KEY_M, 0x32 },
  { KEY_COMMA, 0x33 }, { KEY_DOT, 0x34 }, { KEY_SLASH, 0x35 }, { KEY_RIGHTSHIFT, 0x36 },
  /* Space bar row */
  { KEY_LEFTCTRL, 0x1d }, { KEY_LEFTMETA, 0xdb }, { KEY_LEFTALT, 0x38 }, { KEY_SPACE, 0x39 },
  { KEY_RIGHTALT, 0xb8 }, { KEY_RIGHTMETA, 0xdc }, { KEY_COMPOSE, 0xdd }, { KEY_RIGHTCTRL, 0x9d },
  /* Editing and cursor block */
  { KEY_INSERT, 0xd2 }, { KEY_HOME, 0xc7 }, { KEY_PAGEUP, 0xc9 },
  { KEY_DELETE, 0xd3 }, { KEY_END, 0xcf }, { KEY_PAGEDOWN, 0xd1 },
  { KEY_UP, 0xc8 }, { KEY_LEFT, 0xcb }, { KEY_DOWN, 0xd0 }, { KEY_RIGHT, 0xcd },
  /* Keypad */
  { KEY_NUMLOCK, 0x45 }, { KEY_KPSLASH, 0xb5 }, { KEY_KPASTERISK, 0x37 }, { KEY_KPMINUS, 0x4a },
  { KEY_KP7, 0x47 }, { KEY_KP8, 0x48 }, { KEY_KP9, 0x49 }, { KEY_KPPLUS, 0x4e },
  { KEY_KP4, 0x4b }, { KEY_KP5, 0x4c }, { KEY_KP6, 0x4d },
  { KEY_KP1, 0x4f }, { KEY_KP2, 0x50 }, { KEY_KP3, 0x51 }, { KEY_KPENTER, 0x9c },
  { KEY_KP0, 0x52 }, { KEY_KPDOT, 0x53 },
};

/* The keys whose set-1 code is not their Linux code (research doc, section 3.1). */
static const KeyQnum listed_exceptions[] = {
  { 96, 0x9c },  /* KP_Enter */
  { 97, 0x9d },  /* Right Ctrl */
  { 98, 0xb5 },  /* KP_Slash */
  { 99, 0x54 },  /* SysRq / Print */
  { 100, 0xb8 }, /* Right Alt */
  { 102, 0xc7 }, /* Home */
  { 103, 0xc8 }, /* Up */
  { 104, 0xc9 }, /* Page Up */
  { 105, 0xcb }, /* Left */
  { 106, 0xcd }, /* Right */
  { 107, 0xcf }, /* End */
  { 108, 0xd0 }, /* Down */
  { 109, 0xd1 }, /* Page Down */
  { 110, 0xd2 }, /* Insert */
  { 111, 0xd3 }, /* Delete */
  { 113, 0xa0 }, /* Mute */
  { 114, 0xae }, /* Volume Down */
  { 115, 0xb0 }, /* Volume Up */
  { 116, 0xde }, /* Power */
  { 117, 0x59 }, /* KP_Equal */
  { 119, 0xc6 }, /* Pause */
  { 121, 0x7e }, /* KP_Comma */
  { 125, 0xdb }, /* Left Meta */
  { 126, 0xdc }, /* Right Meta */
  { 127, 0xdd }, /* Compose / Menu */
  { 86, 0x56 },  /* 102nd key */
};

/* Japanese and Korean keyboards: set-1 codes of the JIS/KS keys (Linux atkbd, QEMU qnum). */
static const KeyQnum jp_kr_keys[] = {
  { 85, 0x76 },  /* KEY_ZENKAKUHANKAKU */
  { 89, 0x73 },  /* KEY_RO */
  { 90, 0x78 },  /* KEY_KATAKANA */
  { 91, 0x77 },  /* KEY_HIRAGANA */
  { 92, 0x79 },  /* KEY_HENKAN */
  { 93, 0x70 },  /* KEY_KATAKANAHIRAGANA */
  { 94, 0x7b },  /* KEY_MUHENKAN */
  { 95, 0x5c },  /* KEY_KPJPCOMMA */
  { 122, 0xf2 }, /* KEY_HANGEUL */
  { 123, 0xf1 }, /* KEY_HANJA */
  { 124, 0x7d }, /* KEY_YEN */
};

/* Multimedia, ACPI and extra function keys (set-1 codes as Linux's atkbd and QEMU use them). */
static const KeyQnum extra_keys[] = {
  { KEY_F13, 0x5d }, { KEY_F14, 0x5e }, { KEY_F15, 0x5f }, { KEY_F16, 0x55 },
  { KEY_F17, 0x83 }, { KEY_F18, 0xf7 }, { KEY_F19, 0x84 }, { KEY_F20, 0x5a },
  { KEY_F21, 0x74 }, { KEY_F22, 0xf9 }, { KEY_F23, 0x6d }, { KEY_F24, 0x6f },
  { KEY_SLEEP, 0xdf }, { KEY_WAKEUP, 0xe3 },
  { KEY_CALC, 0xa1 }, { KEY_MAIL, 0xec }, { KEY_COMPUTER, 0xeb }, { KEY_MEDIA, 0xed },
  { KEY_HOMEPAGE, 0xb2 }, { KEY_BACK, 0xea }, { KEY_FORWARD, 0xe9 }, { KEY_REFRESH, 0xe7 },
  { KEY_BOOKMARKS, 0xe6 }, { KEY_STOP, 0xe8 },
  { KEY_PLAYPAUSE, 0xa2 }, { KEY_NEXTSONG, 0x99 }, { KEY_PREVIOUSSONG, 0x90 },
  { KEY_STOPCD, 0xa4 },
  { KEY_AGAIN, 0x85 }, { KEY_PROPS, 0x86 }, { KEY_UNDO, 0x87 }, { KEY_FRONT, 0x8c },
  { KEY_COPY, 0xf8 }, { KEY_OPEN, 0x64 }, { KEY_PASTE, 0x65 }, { KEY_FIND, 0xc1 },
  { KEY_CUT, 0xbc }, { KEY_HELP, 0xf5 },
};

static void
assert_keys (const KeyQnum *keys,
             gsize          n_keys)
{
  for (gsize i = 0; i < n_keys; i++)
    {
      guint got = vireo_keymap_linux_to_qnum (keys[i].linux_code);
      guint got_evdev = vireo_keymap_to_qnum (VIREO_KEYMAP_EVDEV, keys[i].linux_code + 8);

      if (got != keys[i].qnum || got_evdev != keys[i].qnum)
        fail_msg ("Linux key %u: qnum 0x%02x (evdev keycode %u: 0x%02x), expected 0x%02x",
                  keys[i].linux_code, got, keys[i].linux_code + 8, got_evdev, keys[i].qnum);
    }
}

static void
test_us_layout (void **state)
{
  /* 104 keys + the ISO key: the table above is complete. */
  assert_int_equal (G_N_ELEMENTS (us_105_keys), 105);
  assert_keys (us_105_keys, G_N_ELEMENTS (us_105_keys));
}

static void
test_listed_exceptions (void **state)
{
  assert_keys (listed_exceptions, G_N_ELEMENTS (listed_exceptions));
}

static void
test_identity_ranges (void **state)
{
  /* The kernel numbered the XT keys after their make codes: Esc..KP_Dot, 102nd, F11, F12. */
  for (guint code = 1; code <= 83; code++)
    assert_int_equal (vireo_keymap_linux_to_qnum (code), code);
  for (guint code = 86; code <= 88; code++)
    assert_int_equal (vireo_keymap_linux_to_qnum (code), code);
}

static void
test_jp_kr_keys (void **state)
{
  assert_keys (jp_kr_keys, G_N_ELEMENTS (jp_kr_keys));
}

static void
test_extra_keys (void **state)
{
  assert_keys (extra_keys, G_N_ELEMENTS (extra_keys));
}

static void
test_no_such_key (void **state)
{
  /* 84 has no KEY_* name (0x54 is KEY_SYSRQ's); the others are keys QEMU has no code for. */
  static const guint unmapped[] = {
    0, 84, KEY_LINEFEED, KEY_MACRO, KEY_KPPLUSMINUS, KEY_SCALE, KEY_MENU, KEY_SETUP,
    KEY_PRINT, KEY_SEARCH, KEY_BRIGHTNESSDOWN, KEY_MICMUTE, 255, 256, 0x2ff, KEY_MAX,
    G_MAXUINT - 8, G_MAXUINT,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (unmapped); i++)
    {
      if (vireo_keymap_linux_to_qnum (unmapped[i]) != 0)
        fail_msg ("Linux code %u maps to 0x%02x, expected no key", unmapped[i],
                  vireo_keymap_linux_to_qnum (unmapped[i]));
    }

  /* Hardware keycodes below 8 do not exist in X11 or xkbcommon; 8 is Linux code 0. */
  for (guint keycode = 0; keycode <= 8; keycode++)
    {
      assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_EVDEV, keycode), 0);
      assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, keycode), 0);
    }

  for (guint keycode = 256; keycode < 4096; keycode++)
    assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, keycode), 0);
  assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, G_MAXUINT), 0);
  assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_EVDEV, 0x300), 0);
  assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_EVDEV, G_MAXUINT), 0);

  /* Unknown keycodes: no table at all. */
  for (guint keycode = 0; keycode < 1024; keycode++)
    assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_NONE, keycode), 0);
  assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_NONE, G_MAXUINT), 0);
}

static void
test_evdev_is_linux_plus_8 (void **state)
{
  for (guint keycode = 8; keycode < 2048; keycode++)
    assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_EVDEV, keycode),
                      vireo_keymap_linux_to_qnum (keycode - 8));
}

static void
test_qnums_unique (void **state)
{
  guint owner[256] = { 0 };
  guint n_mapped = 0;

  for (guint code = 0; code < 1024; code++)
    {
      guint qnum = vireo_keymap_linux_to_qnum (code);

      if (qnum == 0)
        continue;

      /* One byte; 0x80 alone would be "E0 00", not a key. */
      assert_true (qnum <= 0xff);
      assert_int_not_equal (qnum, 0x80);
      if (owner[qnum] != 0)
        fail_msg ("Linux codes %u and %u both map to 0x%02x", owner[qnum], code, qnum);
      owner[qnum] = code;
      n_mapped++;
    }

  /* The 105 keys, the JP/KR keys and the extras, nothing lost. */
  assert_true (n_mapped >= G_N_ELEMENTS (us_105_keys) + G_N_ELEMENTS (jp_kr_keys) +
                           G_N_ELEMENTS (extra_keys));
}

/* XFree86 kbd-driver keycodes named in the research notes and the xfree86 keycodes file, with
 * the set-1 code of the physical key. */
static const KeyQnum xfree86_keys[] = {
  { 9, 0x01 },   /* <ESC> */
  { 22, 0x0e },  /* <BKSP> */
  { 37, 0x1d },  /* <LCTL> */
  { 49, 0x29 },  /* <TLDE> */
  { 51, 0x2b },  /* <BKSL> */
  { 64, 0x38 },  /* <LALT> */
  { 91, 0x53 },  /* <KPDL> */
  { 92, 0x54 },  /* <SYRQ>: Alt+Print */
  { 94, 0x56 },  /* <LSGT> */
  { 95, 0x57 },  /* <FK11> */
  { 96, 0x58 },  /* <FK12> */
  { 97, 0xc7 },  /* <HOME> */
  { 98, 0xc8 },  /* <UP> */
  { 99, 0xc9 },  /* <PGUP> */
  { 100, 0xcb }, /* <LEFT> */
  { 102, 0xcd }, /* <RGHT> */
  { 103, 0xcf }, /* <END> */
  { 104, 0xd0 }, /* <DOWN> */
  { 105, 0xd1 }, /* <PGDN> */
  { 106, 0xd2 }, /* <INS> */
  { 107, 0xd3 }, /* <DELE> */
  { 108, 0x9c }, /* <KPEN> */
  { 109, 0x9d }, /* <RCTL> */
  { 110, 0xc6 }, /* <PAUS> */
  { 111, 0x54 }, /* <PRSC> */
  { 112, 0xb5 }, /* <KPDV> */
  { 113, 0xb8 }, /* <RALT> */
  { 114, 0xc6 }, /* <BRK>: Ctrl+Pause, QEMU sends Break itself when Ctrl is down */
  { 115, 0xdb }, /* <LWIN> */
  { 116, 0xdc }, /* <RWIN> */
  { 117, 0xdd }, /* <MENU> */
  { 118, 0x5d }, /* <FK13> */
  { 126, 0x59 }, /* <KPEQ> */
  { 129, 0x79 }, /* <XFER> Henkan */
  { 131, 0x7b }, /* <NFER> Muhenkan */
  { 133, 0x7d }, /* <AE13> Yen */
  { 208, 0x70 }, /* <HKTG> Hiragana/Katakana */
  { 211, 0x73 }, /* <AB11> Ro */
};

static void
test_xfree86_spot_values (void **state)
{
  for (gsize i = 0; i < G_N_ELEMENTS (xfree86_keys); i++)
    {
      guint got = vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, xfree86_keys[i].linux_code);

      if (got != xfree86_keys[i].qnum)
        fail_msg ("xfree86 keycode %u: 0x%02x, expected 0x%02x", xfree86_keys[i].linux_code, got,
                  xfree86_keys[i].qnum);
    }

  /* The main block is the XT scancode + 8 under the kbd driver (<II5D> at 93 is no PC key). */
  for (guint keycode = 9; keycode <= 96; keycode++)
    {
      if (keycode != 93)
        assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, keycode), keycode - 8);
    }
  assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, 93), 0);
}

/* A minimal reader of XKB keycodes files, written for this test: "<NAME> = 123;",
 * "alias <A> = <B>;" and "include \"file(section)\"", later statements winning. */
typedef struct
{
  GHashTable *codes;   /* name -> GUINT_TO_POINTER (keycode) */
  GHashTable *aliases; /* name -> name */
} XkbKeycodes;

static void
xkb_keycodes_init (XkbKeycodes *kc)
{
  kc->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  kc->aliases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
xkb_keycodes_clear (XkbKeycodes *kc)
{
  g_clear_pointer (&kc->codes, g_hash_table_unref);
  g_clear_pointer (&kc->aliases, g_hash_table_unref);
}

static void
xkb_keycodes_parse (XkbKeycodes *kc,
                    const char  *file,
                    const char  *section) /* NULL: the default section */
{
  g_autofree char *path = g_build_filename (XKB_KEYCODES_DIR, file, NULL);
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) comments = g_regex_new ("(//|#).*", 0, 0, NULL);
  g_autoptr(GRegex) header = g_regex_new ("(default\\s+)?(partial\\s+)?"
                                          "xkb_keycodes\\s+\"([^\"]*)\"\\s*\\{",
                                          0, 0, NULL);
  g_autoptr(GRegex) statement = g_regex_new ("include\\s+\"([^\"(]+)(?:\\(([^)]+)\\))?\""
                                             "|alias\\s+<([^>]+)>\\s*=\\s*<([^>]+)>\\s*;"
                                             "|<([^>]+)>\\s*=\\s*(\\d+)\\s*;",
                                             0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *body = NULL;

  if (!g_file_get_contents (path, &raw, NULL, &error))
    fail_msg ("cannot read %s (package xkb-data): %s", path, error->message);

  text = g_regex_replace (comments, raw, -1, 0, "", 0, NULL);

  for (g_regex_match (header, text, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *is_default = g_match_info_fetch (match, 1);
      g_autofree char *name = g_match_info_fetch (match, 3);
      int end;

      if (section == NULL ? *is_default != '\0' : strcmp (name, section) == 0)
        {
          const char *close;

          g_match_info_fetch_pos (match, 0, NULL, &end);
          close = strstr (text + end, "};");
          assert_non_null (close);
          body = g_strndup (text + end, close - (text + end));
          break;
        }
    }
  if (body == NULL)
    fail_msg ("%s has no xkb_keycodes section '%s'", path, section ? section : "(default)");

  g_clear_pointer (&match, g_match_info_unref);
  for (g_regex_match (statement, body, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *inc_file = g_match_info_fetch (match, 1);
      g_autofree char *inc_section = g_match_info_fetch (match, 2);
      g_autofree char *alias = g_match_info_fetch (match, 3);
      g_autofree char *target = g_match_info_fetch (match, 4);
      g_autofree char *key = g_match_info_fetch (match, 5);
      g_autofree char *code = g_match_info_fetch (match, 6);

      if (inc_file != NULL && *inc_file != '\0')
        {
          xkb_keycodes_parse (kc, inc_file,
                              inc_section != NULL && *inc_section != '\0' ? inc_section : NULL);
        }
      else if (alias != NULL && *alias != '\0')
        {
          g_hash_table_replace (kc->aliases, g_steal_pointer (&alias), g_steal_pointer (&target));
        }
      else
        {
          g_hash_table_remove (kc->aliases, key);
          g_hash_table_replace (kc->codes, g_steal_pointer (&key),
                                GUINT_TO_POINTER ((guint) g_ascii_strtoull (code, NULL, 10)));
        }
    }
}

/* The keycode of @name after following aliases; 0 when the file does not name it. */
static guint
xkb_keycodes_lookup (XkbKeycodes *kc,
                     const char  *name)
{
  for (guint depth = 0; depth < 8 && name != NULL; depth++)
    {
      gpointer code;

      if (g_hash_table_lookup_extended (kc->codes, name, NULL, &code))
        return GPOINTER_TO_UINT (code);
      name = g_hash_table_lookup (kc->aliases, name);
    }
  return 0;
}

static void
test_xfree86_matches_evdev_by_name (void **state)
{
  XkbKeycodes xf, ev;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name;
  guint n_compared = 0, n_keys = 0;

  xkb_keycodes_init (&xf);
  xkb_keycodes_init (&ev);
  xkb_keycodes_parse (&xf, "xfree86", NULL);
  xkb_keycodes_parse (&ev, "evdev", NULL);

  /* The parser understood the files: a few well-known keys. */
  assert_int_equal (xkb_keycodes_lookup (&xf, "HOME"), 97);
  assert_int_equal (xkb_keycodes_lookup (&xf, "BKSL"), 51);  /* the default section's own */
  assert_int_equal (xkb_keycodes_lookup (&xf, "HNGL"), 121); /* alias of <FK16> */
  assert_int_equal (xkb_keycodes_lookup (&ev, "HOME"), 110);
  assert_int_equal (xkb_keycodes_lookup (&ev, "MENU"), 135); /* alias of <COMP> */

  g_hash_table_iter_init (&iter, xf.codes);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);
  g_hash_table_iter_init (&iter, xf.aliases);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, name);

  for (guint i = 0; i < names->len; i++)
    {
      const char *key = g_ptr_array_index (names, i);
      guint xf_code = xkb_keycodes_lookup (&xf, key);
      guint ev_code = xkb_keycodes_lookup (&ev, key);
      guint xf_qnum, ev_qnum;

      if (xf_code == 0 || ev_code == 0)
        continue;

      xf_qnum = vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, xf_code);
      ev_qnum = vireo_keymap_to_qnum (VIREO_KEYMAP_EVDEV, ev_code);

      /* Deliberate: keycodes/xfree86 makes the Korean <HNGL>/<HJCV> aliases of <FK16>/<FK17>;
       * one keycode sends one scancode, and the key's own name (F16, F17) wins. */
      if (strcmp (key, "HNGL") == 0 || strcmp (key, "HJCV") == 0)
        {
          assert_int_not_equal (xf_qnum, ev_qnum);
          continue;
        }

      if (xf_qnum != ev_qnum)
        fail_msg ("<%s>: xfree86 keycode %u -> 0x%02x, evdev keycode %u -> 0x%02x", key, xf_code,
                  xf_qnum, ev_code, ev_qnum);
      n_compared++;
      if (xf_qnum != 0)
        n_keys++;
    }

  assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, 121),
                    vireo_keymap_linux_to_qnum (KEY_F16));
  assert_int_equal (vireo_keymap_to_qnum (VIREO_KEYMAP_XFREE86, 122),
                    vireo_keymap_linux_to_qnum (KEY_F17));

  /* The comparison really covered the keyboard, not a handful of names (xkb-data 2.35.1: 146
   * names in both files, 136 of them keys with a scancode). */
  assert_true (n_compared >= 140);
  assert_true (n_keys >= 130);

  xkb_keycodes_clear (&xf);
  xkb_keycodes_clear (&ev);
}

typedef struct
{
  VireoKeyCombo combo;
  const char   *name;
  const char   *label;
  guint         n_keys;
  guint         linux_codes[3];
  guint         keysyms[3];
} ComboCase;

/* Keysyms from X11/keysymdef.h. */
static const ComboCase combo_cases[] = {
  { VIREO_KEY_COMBO_CTRL_ALT_DEL, "ctrl-alt-del", "Ctrl+Alt+Del",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_DELETE }, { 0xffe3, 0xffe9, 0xffff } },
  { VIREO_KEY_COMBO_CTRL_ALT_BACKSPACE, "ctrl-alt-backspace", "Ctrl+Alt+Backspace",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_BACKSPACE }, { 0xffe3, 0xffe9, 0xff08 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F1, "ctrl-alt-f1", "Ctrl+Alt+F1",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F1 }, { 0xffe3, 0xffe9, 0xffbe } },
  { VIREO_KEY_COMBO_CTRL_ALT_F2, "ctrl-alt-f2", "Ctrl+Alt+F2",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F2 }, { 0xffe3, 0xffe9, 0xffbf } },
  { VIREO_KEY_COMBO_CTRL_ALT_F3, "ctrl-alt-f3", "Ctrl+Alt+F3",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F3 }, { 0xffe3, 0xffe9, 0xffc0 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F4, "ctrl-alt-f4", "Ctrl+Alt+F4",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F4 }, { 0xffe3, 0xffe9, 0xffc1 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F5, "ctrl-alt-f5", "Ctrl+Alt+F5",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F5 }, { 0xffe3, 0xffe9, 0xffc2 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F6, "ctrl-alt-f6", "Ctrl+Alt+F6",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F6 }, { 0xffe3, 0xffe9, 0xffc3 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F7, "ctrl-alt-f7", "Ctrl+Alt+F7",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F7 }, { 0xffe3, 0xffe9, 0xffc4 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F8, "ctrl-alt-f8", "Ctrl+Alt+F8",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F8 }, { 0xffe3, 0xffe9, 0xffc5 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F9, "ctrl-alt-f9", "Ctrl+Alt+F9",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F9 }, { 0xffe3, 0xffe9, 0xffc6 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F10, "ctrl-alt-f10", "Ctrl+Alt+F10",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F10 }, { 0xffe3, 0xffe9, 0xffc7 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F11, "ctrl-alt-f11", "Ctrl+Alt+F11",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F11 }, { 0xffe3, 0xffe9, 0xffc8 } },
  { VIREO_KEY_COMBO_CTRL_ALT_F12, "ctrl-alt-f12", "Ctrl+Alt+F12",
    3, { KEY_LEFTCTRL, KEY_LEFTALT, KEY_F12 }, { 0xffe3, 0xffe9, 0xffc9 } },
  { VIREO_KEY_COMBO_PRINT, "print", "Print Screen",
    1, { KEY_SYSRQ }, { 0xff61 } },
  { VIREO_KEY_COMBO_ALT_SYSRQ, "alt-sysrq", "Alt+SysRq",
    2, { KEY_LEFTALT, KEY_SYSRQ }, { 0xffe9, 0xff15 } },
};

static void
test_combos (void **state)
{
  /* Every combination is covered above, once. */
  assert_int_equal (G_N_ELEMENTS (combo_cases), VIREO_N_KEY_COMBOS);

  for (gsize i = 0; i < G_N_ELEMENTS (combo_cases); i++)
    {
      const ComboCase *c = &combo_cases[i];
      const VireoComboKey *keys;
      guint n_keys = 99;

      assert_int_equal (c->combo, i);

      keys = vireo_key_combo_get_keys (c->combo, &n_keys);
      assert_non_null (keys);
      assert_int_equal (n_keys, c->n_keys);
      assert_true (n_keys >= 1 && n_keys <= 3);
      for (guint k = 0; k < n_keys; k++)
        {
          assert_int_equal (keys[k].linux_code, c->linux_codes[k]);
          assert_int_equal (keys[k].keysym, c->keysyms[k]);
          /* Sendable: the table knows each key. */
          assert_int_not_equal (vireo_keymap_linux_to_qnum (keys[k].linux_code), 0);
        }

      /* NULL count is allowed. */
      assert_ptr_equal (vireo_key_combo_get_keys (c->combo, NULL), keys);

      /* No translations are installed in the test environment (LC_ALL=C.UTF-8). */
      assert_string_equal (vireo_key_combo_get_label (c->combo), c->label);
      assert_string_equal (vireo_key_combo_get_name (c->combo), c->name);
    }
}

static void
test_combo_names (void **state)
{
  static const char *const bad[] = {
    "", "ctrl", "ctrl-alt-f13", "ctrl-alt-f0", "CTRL-ALT-DEL", "ctrl-alt-del ", " print",
    "ctrl+alt+del", "Ctrl+Alt+Del", "sysrq",
  };

  for (guint i = 0; i < VIREO_N_KEY_COMBOS; i++)
    {
      VireoKeyCombo combo = VIREO_N_KEY_COMBOS;

      assert_true (vireo_key_combo_from_name (vireo_key_combo_get_name (i), &combo));
      assert_int_equal (combo, i);
      assert_true (vireo_key_combo_from_name (vireo_key_combo_get_name (i), NULL));

      /* Names and labels are distinct: a menu can be built from them. */
      for (guint j = 0; j < i; j++)
        {
          assert_string_not_equal (vireo_key_combo_get_name (i), vireo_key_combo_get_name (j));
          assert_string_not_equal (vireo_key_combo_get_label (i), vireo_key_combo_get_label (j));
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      VireoKeyCombo combo = VIREO_KEY_COMBO_ALT_SYSRQ;

      if (vireo_key_combo_from_name (bad[i], &combo))
        fail_msg ("'%s' accepted as a combination", bad[i]);
      /* Left untouched on failure. */
      assert_int_equal (combo, VIREO_KEY_COMBO_ALT_SYSRQ);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_us_layout),
    cmocka_unit_test (test_listed_exceptions),
    cmocka_unit_test (test_identity_ranges),
    cmocka_unit_test (test_jp_kr_keys),
    cmocka_unit_test (test_extra_keys),
    cmocka_unit_test (test_no_such_key),
    cmocka_unit_test (test_evdev_is_linux_plus_8),
    cmocka_unit_test (test_qnums_unique),
    cmocka_unit_test (test_xfree86_spot_values),
    cmocka_unit_test (test_xfree86_matches_evdev_by_name),
    cmocka_unit_test (test_combos),
    cmocka_unit_test (test_combo_names),
  };

  return cmocka_run_group_tests_name ("keymap", tests, NULL, NULL);
}
