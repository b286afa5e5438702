/* vireo-ssh-tunnel.h: an ssh child carrying one console's VNC stream
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-uri.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_SSH_TUNNEL_METHOD_FORWARD, /* `ssh -W addr:port`: sshd connects (TCP only)              */
  VIREO_SSH_TUNNEL_METHOD_RELAY,   /* a remote command connects: socat, else nc (TCP or socket)  */
} VireoSshTunnelMethod;

#define VIREO_TYPE_SSH_TUNNEL (vireo_ssh_tunnel_get_type ())

G_DECLARE_FINAL_TYPE (VireoSshTunnel, vireo_ssh_tunnel, VIREO, SSH_TUNNEL, GObject)

/*
 * One `ssh` child per console, for a qemu+ssh (or +libssh) connection: the connection's user, host,
 * port, keyfile (and, for +ssh, its `command` binary; `known_hosts`, `no_verify`) with -T -e none.
 * Its stdin and stdout are one end of a socketpair; the other end is the tunnel's socket. BatchMode
 * is never set: passwords, passphrases and unknown host keys are asked through $SSH_ASKPASS, which
 * the app points at itself (vireo-askpass.h); the child runs in its own session, without a
 * controlling terminal, so ssh cannot ask on one.
 *
 * A TCP endpoint is tried with `-W addr:port` first; when sshd refuses forwarding, a second ssh runs
 * a remote command that uses socat, else nc (a UNIX socket goes straight to that command). Success
 * is seen without consuming anything: the socket holds the server's 12-byte "RFB xxx.yyy\n".
 *
 * Signals (main thread): ::exited () when the ssh child exits after the tunnel was handed over.
 */

/* Starts the tunnel to @address:@port (@socket_path NULL) or to @socket_path (@address NULL) on the
 * host of @uri. Fails with VIREO_GRAPHICS_ERROR (SSH_FAILED with ssh's last message, NO_RELAY,
 * NO_SERVER, NOT_VNC, TIMED_OUT after @timeout_ms, which includes the time ssh's prompts take) or
 * G_IO_ERROR_CANCELLED. On failure every child started is killed and reaped before the callback
 * runs. Main thread. */
void                  vireo_ssh_tunnel_open_async           (const VireoUri       *uri,
                                                             const char           *address,
                                                             int                   port,
                                                             const char           *socket_path,
                                                             guint                 timeout_ms,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
VireoSshTunnel       *vireo_ssh_tunnel_open_finish          (GAsyncResult         *result,
                                                             GError              **error);

/* The socket (transfer full); -1 once stolen or closed. */
int                   vireo_ssh_tunnel_steal_fd             (VireoSshTunnel       *self);
VireoSshTunnelMethod  vireo_ssh_tunnel_get_method           (VireoSshTunnel       *self);
/* "socat" or "nc" once the remote command said which it runs (it tells on stderr, which may arrive
 * after the greeting); NULL for FORWARD. */
const char           *vireo_ssh_tunnel_get_relay            (VireoSshTunnel       *self);
/* The ssh child's PID, 0 once it exited (and was reaped). */
GPid                  vireo_ssh_tunnel_get_pid              (VireoSshTunnel       *self);
gboolean              vireo_ssh_tunnel_get_running          (VireoSshTunnel       *self);
/* The child's exit status once it exited; -1 while it runs or when a signal ended it. */
int                   vireo_ssh_tunnel_get_exit_status      (VireoSshTunnel       *self);
/* (nullable) ssh's last meaningful stderr line, without the known-hosts chatter. */
char                 *vireo_ssh_tunnel_dup_last_message     (VireoSshTunnel       *self);
/* Closes the socket (unless stolen) and force-exits the child. Idempotent. */
void                  vireo_ssh_tunnel_close                (VireoSshTunnel       *self);

/* The argv of one attempt (exposed for tests). Fails with VIREO_ERROR_INVALID_ARGUMENT for a host
 * or address ssh would take for an option, or a missing endpoint. */
char                **vireo_ssh_tunnel_build_argv           (const VireoUri       *uri,
                                                             VireoSshTunnelMethod  method,
                                                             const char           *address,
                                                             int                   port,
                                                             const char           *socket_path,
                                                             GError              **error);

G_END_DECLS
