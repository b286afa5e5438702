/* vireo-graphics-channel.h: an open way to a VM's display, ready for the VNC client
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-graphics-target.h"
#include "vireo-ssh-tunnel.h"
#include "vireo-uri.h"

G_BEGIN_DECLS

#define VIREO_TYPE_GRAPHICS_CHANNEL (vireo_graphics_channel_get_type ())

G_DECLARE_FINAL_TYPE (VireoGraphicsChannel, vireo_graphics_channel, VIREO, GRAPHICS_CHANNEL, GObject)

/*
 * A connected stream socket to a VNC server (the server's greeting waits in it, unread), with what
 * the VNC client needs besides: the password (nullable), the host name for x509 checks (nullable),
 * and, for the ssh route, the ssh child that carries it. Closing or finalizing the channel closes
 * the socket if it was not stolen, and force-exits the ssh child (GLib reaps it).
 *
 * Main thread only.
 */

VireoGraphicsRoute  vireo_graphics_channel_get_route        (VireoGraphicsChannel *self);
/* The socket (transfer full: the caller closes it, e.g. by handing it to vnc_connection_open_fd);
 * -1 once stolen or closed. Always a socket (gvnc wraps it with g_socket_new_from_fd), never a
 * pipe. */
int                 vireo_graphics_channel_steal_fd         (VireoGraphicsChannel *self);
/* (nullable) The name to check a VeNCrypt x509 certificate against. */
const char         *vireo_graphics_channel_get_hostname     (VireoGraphicsChannel *self);
/* (nullable) The VNC password to answer the server with; NULL on OPEN_FD (no VNC auth) or when the
 * VM has none (or it could not be read: read-only connection). Never log it. */
const char         *vireo_graphics_channel_get_password     (VireoGraphicsChannel *self);
/* For logs and tooltips: the route and endpoint, never secrets. */
const char         *vireo_graphics_channel_get_description  (VireoGraphicsChannel *self);
/* (nullable) The ssh tunnel of an SSH_TUNNEL channel. */
VireoSshTunnel     *vireo_graphics_channel_get_tunnel       (VireoGraphicsChannel *self);
/* (nullable) Why the transport ended, when it did so by itself: a translated sentence with the ssh
 * child's last words once it exited (NULL when it ended quietly with status 0, i.e. the display
 * closed the stream). For the view to say what happened after the VNC client saw the close. */
char               *vireo_graphics_channel_dup_transport_error (VireoGraphicsChannel *self);
/* Closes the socket (unless stolen) and ends the ssh child. Idempotent. */
void                vireo_graphics_channel_close            (VireoGraphicsChannel *self);

/* Opens @plan without a domain: SSH_TUNNEL, DIRECT_TCP or UNIX_SOCKET (OPEN_FD needs the VM's
 * libvirt connection: vireo_graphics_target_open_async()). @uri is the libvirt connection's (its
 * user, host, port, keyfile … for ssh); @password (nullable) is kept for the VNC client. Waits at
 * most @timeout_ms for the VNC greeting (ssh prompts included). Main thread. */
void                  vireo_graphics_channel_open_async     (const VireoGraphicsPlan *plan,
                                                             const VireoUri          *uri,
                                                             const char              *password,
                                                             guint                    timeout_ms,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
VireoGraphicsChannel *vireo_graphics_channel_open_finish    (GAsyncResult            *result,
                                                             GError                 **error);

G_END_DECLS
