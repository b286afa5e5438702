/* vireo-vnc-display.h: a VM's screen, keyboard and mouse over VNC (GTK 4 widget on libgvnc)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-console-enums.h"
#include "vireo-keymap.h"
#include "vireo-vnc-geometry.h"
#include "vireo-vnc-renderer.h"

G_BEGIN_DECLS

/**
 * VireoVncState:
 * @VIREO_VNC_STATE_DISCONNECTED: no session (never opened, or closed by vireo_vnc_display_close())
 * @VIREO_VNC_STATE_CONNECTING: socket, handshake, authentication (perhaps waiting for a password)
 * @VIREO_VNC_STATE_CONNECTED: the guest screen is shown and input goes to it
 * @VIREO_VNC_STATE_ERROR: the session failed or was lost; #VireoVncDisplay:error-message says why
 */
typedef enum
{
  VIREO_VNC_STATE_DISCONNECTED,
  VIREO_VNC_STATE_CONNECTING,
  VIREO_VNC_STATE_CONNECTED,
  VIREO_VNC_STATE_ERROR,
} VireoVncState;

/**
 * VireoVncEncodingsProfile:
 * @VIREO_VNC_ENCODINGS_LOCAL: loopback, a unix socket or a LAN: cheap-to-decode encodings first
 *   (hextile, ZRLE, raw)
 * @VIREO_VNC_ENCODINGS_WAN: a slow link (ssh tunnel): compact encodings first (tight, ZRLE)
 *
 * Both are lossless.
 */
typedef enum
{
  VIREO_VNC_ENCODINGS_LOCAL,
  VIREO_VNC_ENCODINGS_WAN,
} VireoVncEncodingsProfile;

/**
 * VireoVncCredentials:
 * @VIREO_VNC_CREDENTIAL_PASSWORD: the VNC (or SASL/VeNCrypt) password
 * @VIREO_VNC_CREDENTIAL_USERNAME: a user name (VeNCrypt plain, SASL, Apple)
 * @VIREO_VNC_CREDENTIAL_CLIENTNAME: a TLS client name (x509 VeNCrypt, not offered by Vireo)
 */
typedef enum /*< flags >*/
{
  VIREO_VNC_CREDENTIAL_PASSWORD   = 1 << 0,
  VIREO_VNC_CREDENTIAL_USERNAME   = 1 << 1,
  VIREO_VNC_CREDENTIAL_CLIENTNAME = 1 << 2,
} VireoVncCredentials;

#define VIREO_TYPE_VNC_DISPLAY (vireo_vnc_display_get_type ())

G_DECLARE_FINAL_TYPE (VireoVncDisplay, vireo_vnc_display, VIREO, VNC_DISPLAY, GtkWidget)

GtkWidget               *vireo_vnc_display_new                 (void);

gboolean                 vireo_vnc_display_open_fd             (VireoVncDisplay          *self,
                                                                int                       fd,
                                                                const char               *hostname);
gboolean                 vireo_vnc_display_open_host           (VireoVncDisplay          *self,
                                                                const char               *host,
                                                                guint                     port);
void                     vireo_vnc_display_close               (VireoVncDisplay          *self);
void                     vireo_vnc_display_set_credential      (VireoVncDisplay          *self,
                                                                VireoVncCredentials       credential,
                                                                const char               *value);

void                     vireo_vnc_display_send_keys           (VireoVncDisplay          *self,
                                                                const VireoComboKey      *keys,
                                                                guint                     n_keys);
void                     vireo_vnc_display_send_combo          (VireoVncDisplay          *self,
                                                                VireoKeyCombo             combo);
gboolean                 vireo_vnc_display_type_text           (VireoVncDisplay          *self,
                                                                const char               *text);
gboolean                 vireo_vnc_display_is_typing           (VireoVncDisplay          *self);
void                     vireo_vnc_display_client_cut_text     (VireoVncDisplay          *self,
                                                                const char               *text);
void                     vireo_vnc_display_release_grabs       (VireoVncDisplay          *self);

GdkTexture              *vireo_vnc_display_get_screenshot      (VireoVncDisplay          *self);

VireoVncState            vireo_vnc_display_get_state           (VireoVncDisplay          *self);
const char              *vireo_vnc_display_get_error_message   (VireoVncDisplay          *self);
const char              *vireo_vnc_display_get_desktop_name    (VireoVncDisplay          *self);
int                      vireo_vnc_display_get_desktop_width   (VireoVncDisplay          *self);
int                      vireo_vnc_display_get_desktop_height  (VireoVncDisplay          *self);
gboolean                 vireo_vnc_display_get_absolute_pointer (VireoVncDisplay         *self);
gboolean                 vireo_vnc_display_get_keyboard_grabbed (VireoVncDisplay         *self);
gboolean                 vireo_vnc_display_get_pointer_grabbed (VireoVncDisplay          *self);
VireoVncRenderStrategy   vireo_vnc_display_get_render_strategy (VireoVncDisplay          *self);

VireoVncScaling          vireo_vnc_display_get_scaling         (VireoVncDisplay          *self);
void                     vireo_vnc_display_set_scaling         (VireoVncDisplay          *self,
                                                                VireoVncScaling           scaling);
gboolean                 vireo_vnc_display_get_resize_guest    (VireoVncDisplay          *self);
void                     vireo_vnc_display_set_resize_guest    (VireoVncDisplay          *self,
                                                                gboolean                  resize_guest);
gboolean                 vireo_vnc_display_get_read_only       (VireoVncDisplay          *self);
void                     vireo_vnc_display_set_read_only       (VireoVncDisplay          *self,
                                                                gboolean                  read_only);
VireoVncEncodingsProfile vireo_vnc_display_get_encodings_profile (VireoVncDisplay        *self);
void                     vireo_vnc_display_set_encodings_profile (VireoVncDisplay        *self,
                                                                  VireoVncEncodingsProfile profile);

G_END_DECLS
