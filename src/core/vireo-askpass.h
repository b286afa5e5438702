/* vireo-askpass.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-auth-request.h"

G_BEGIN_DECLS

/*
 * ssh asks for passwords, key passphrases and host-key confirmation through $SSH_ASKPASS. Vireo sets
 * SSH_ASKPASS to its own binary (run as `vireo --askpass PROMPT`) and SSH_ASKPASS_REQUIRE=force; that
 * child relays the prompt over a private UNIX socket ($VIREO_ASKPASS_SOCKET, mode 0600 in a 0700
 * directory) to the running app, whose VireoAskpassServer turns it into a VireoAuthRequest. No secret
 * travels through argv or the environment.
 */
#define VIREO_ASKPASS_SOCKET_ENV "VIREO_ASKPASS_SOCKET"

#define VIREO_TYPE_ASKPASS_SERVER (vireo_askpass_server_get_type ())

G_DECLARE_FINAL_TYPE (VireoAskpassServer, vireo_askpass_server, VIREO, ASKPASS_SERVER, GObject)

/* Signals (main thread): ::request (VireoAuthRequest *request). Unhandled requests are refused. */

/* Starts listening and exports SSH_ASKPASS, SSH_ASKPASS_REQUIRE and VIREO_ASKPASS_SOCKET into this
 * process's environment (call before any thread is started). Emits ::request on the main thread. */
VireoAskpassServer *vireo_askpass_server_new         (const char          *askpass_program,
                                                      GError             **error);
const char         *vireo_askpass_server_get_path    (VireoAskpassServer  *self);

/* Builds the request for one ssh prompt (exposed for tests). */
VireoAuthRequest   *vireo_askpass_request_for_prompt (const char          *prompt,
                                                      const char          *prompt_kind);

/* The `--askpass` side: relays PROMPT to the server named by $VIREO_ASKPASS_SOCKET and writes the
 * answer to stdout. Returns the process exit status (0 answered, 1 cancelled/refused). */
int                 vireo_askpass_client_run         (const char          *prompt);

G_END_DECLS
