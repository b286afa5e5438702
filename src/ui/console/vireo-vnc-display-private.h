/* vireo-vnc-display-private.h: what the files of VireoVncDisplay share
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gvnc.h>

#include "vireo-keymap-detect.h"
#include "vireo-vnc-display.h"
#include "vireo-vnc-framebuffer.h"
#include "vireo-vnc-input.h"

G_BEGIN_DECLS

struct _VireoVncDisplay
{
  GtkWidget                 parent_instance;

  /* Owned */
  VncConnection            *conn;
  VireoVncFramebuffer      *fb;
  VireoVncRenderer         *renderer;
  VireoVncKeyTracker       *keys;
  GdkCursor                *remote_cursor;
  GtkApplication           *parked_app;
  GHashTable               *parked_accels; /* action name → GStrv */
  GQueue                    typing;        /* Stroke */
  char                     *error_message;
  char                     *desktop_name;
  char                     *gvnc_error;    /* the session's first "vnc-error" */
  char                     *auth_failure;  /* the server's reason for refusing the credentials */
  char                     *own_error;     /* our diagnosis (no usable auth type, timeout) */
  char                     *password;
  char                     *username;
  guint                     update_idle;
  guint                     resize_timeout;
  guint                     handshake_timeout;
  guint                     handshake_timeout_s;
  gulong                    x11_keyboard_grab;  guint                     typing_timeout;

  /* Borrowed */
  GdkSurface               *toplevel;
  GtkEventController       *capture;      /* on the root while the pointer is captured */
  gulong                    inhibit_handler;

  VireoVncState             state;
  VireoVncScaling           scaling;
  VireoVncEncodingsProfile  encodings;
  VireoKeymapKind           keymap;
  VireoVncCredentials       wanted;
  VireoVncGrabSequence      grab_seq;
  VireoVncScroll            scroll;
  VireoVncRelative          rel;
  double                    last_x;
  double                    last_y;
  guint8                    button_mask;

  guint                     socket_connected : 1;
  guint                     initialized : 1;
  guint                     resize_guest : 1;
  guint                     read_only : 1;
  guint                     absolute : 1;
  guint                     keyboard_grabbed : 1;
  guint                     inhibit_requested : 1;
  guint                     pointer_grabbed : 1;
  guint                     have_last : 1;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_SCALING,
  PROP_RESIZE_GUEST,
  PROP_READ_ONLY,
  PROP_ENCODINGS_PROFILE,
  PROP_ABSOLUTE_POINTER,
  PROP_KEYBOARD_GRABBED,
  PROP_POINTER_GRABBED,
  PROP_DESKTOP_WIDTH,
  PROP_DESKTOP_HEIGHT,
  PROP_DESKTOP_NAME,
  PROP_RENDER_STRATEGY,
  PROP_HANDSHAKE_TIMEOUT,
  N_PROPS
};

enum {
  AUTH_CREDENTIAL,
  AUTH_FAILURE,
  DISCONNECTED,
  BELL,
  SERVER_CUT_TEXT,
  GRAB_CHANGED,
  N_SIGNALS
};

extern GParamSpec *_vireo_vnc_display_properties[N_PROPS];
extern guint       _vireo_vnc_display_signals[N_SIGNALS];

/* vireo-vnc-display.c */
void     _vireo_vnc_display_set_state         (VireoVncDisplay   *self,
                                               VireoVncState      state);
void     _vireo_vnc_display_set_error_message (VireoVncDisplay   *self,
                                               const char        *message);
void     _vireo_vnc_display_set_desktop_name  (VireoVncDisplay   *self,
                                               const char        *name);
void     _vireo_vnc_display_set_absolute      (VireoVncDisplay   *self,
                                               gboolean           absolute);
void     _vireo_vnc_display_update_cursor     (VireoVncDisplay   *self);
gboolean _vireo_vnc_display_accepts_input     (VireoVncDisplay   *self);
VireoKeymapKind _vireo_vnc_display_keymap_kind (VireoVncDisplay  *self);
gboolean _vireo_vnc_display_current_placement (VireoVncDisplay   *self,
                                               VireoVncPlacement *placement);
void     _vireo_vnc_display_clear_secret      (char             **secret);

/* vireo-vnc-display-session.c */
void     _vireo_vnc_display_drop_connection    (VireoVncDisplay  *self);
void     _vireo_vnc_display_queue_resize_guest (VireoVncDisplay  *self);
void     _vireo_vnc_display_send_encodings     (VireoVncDisplay  *self);

/* vireo-vnc-display-input.c */
void     _vireo_vnc_display_init_input        (VireoVncDisplay   *self);
void     _vireo_vnc_display_send_key          (VireoVncDisplay   *self,
                                               gboolean           down,
                                               guint              keyval,
                                               guint              qnum);
void     _vireo_vnc_display_release_all_keys  (VireoVncDisplay   *self);
void     _vireo_vnc_display_park_accels       (VireoVncDisplay   *self);
void     _vireo_vnc_display_release_grabs     (VireoVncDisplay   *self);
gboolean _vireo_vnc_display_on_legacy_event   (GtkEventControllerLegacy *controller,
                                               GdkEvent                 *event,
                                               VireoVncDisplay          *self);
void     _vireo_vnc_display_on_shortcuts_inhibited_changed (GdkSurface      *toplevel,
                                                            GParamSpec      *pspec,
                                                            VireoVncDisplay *self);

G_END_DECLS
