/* vireo-graphics-private.h: shared by vireo-graphics-target, -channel and vireo-ssh-tunnel
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-graphics-channel.h"
#include "vireo-graphics-target.h"
#include "vireo-ssh-tunnel.h"

G_BEGIN_DECLS

/* An RFB (VNC) server's first words: "RFB 003.008\n". */
#define VIREO_RFB_GREETING_LENGTH 12

/* Waits, without reading anything, until the stream socket @fd holds a whole RFB greeting. Fails
 * with G_IO_ERROR_CONNECTION_CLOSED when the peer closes (or resets) the stream first,
 * VIREO_GRAPHICS_ERROR_NOT_VNC when other bytes come, VIREO_GRAPHICS_ERROR_TIMED_OUT after
 * @timeout_ms, or G_IO_ERROR_CANCELLED. @where (for messages) names the endpoint. Does not take
 * @fd. Main thread. */
void                  _vireo_rfb_greeting_wait_async   (int                  fd,
                                                        const char          *where,
                                                        guint                timeout_ms,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean              _vireo_rfb_greeting_wait_finish  (GAsyncResult        *result,
                                                        GError             **error);

/* Takes @fd and a reference on @tunnel (nullable). */
VireoGraphicsChannel *_vireo_graphics_channel_new      (VireoGraphicsRoute   route,
                                                        int                  fd,
                                                        const char          *hostname,
                                                        const char          *password,
                                                        const char          *description,
                                                        VireoSshTunnel      *tunnel);

/* Overwrites a secret with zeros and frees it. */
void                  _vireo_secret_free               (char                *secret);

G_END_DECLS
