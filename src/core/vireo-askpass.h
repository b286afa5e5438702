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
 * ssh asks for passwords, key passphrases and host-key confirmation through $SSH_ASKPASS. libvirt
 * starts ssh with a scrubbed environment that keeps SSH_ASKPASS and DISPLAY but nothing of ours, so
 * the server makes a private directory (0700) holding its UNIX socket and a symlink named
 * "vireo-askpass" to Vireo's own binary, and points SSH_ASKPASS at that symlink. Run through it,
 * vireo relays the prompt to the socket beside it (vireo_askpass_client_run()) and the running app
 * turns it into a VireoAuthRequest. No secret travels through argv or the environment.
 */
#define VIREO_ASKPASS_PROGRAM_NAME "vireo-askpass"
#define VIREO_ASKPASS_SOCKET_ENV "VIREO_ASKPASS_SOCKET"

#define VIREO_TYPE_ASKPASS_SERVER (vireo_askpass_server_get_type ())

G_DECLARE_FINAL_TYPE (VireoAskpassServer, vireo_askpass_server, VIREO, ASKPASS_SERVER, GObject)

/* Signals (main thread): ::request (VireoAuthRequest *request). Unhandled requests are refused. */

/* Starts listening; exports SSH_ASKPASS, SSH_ASKPASS_REQUIRE=force and VIREO_ASKPASS_SOCKET into this
 * process's environment (call before libvirt or other threads start), sets DISPLAY when unset (ssh
 * consults askpass only with a DISPLAY) and gives up the controlling terminal (with one, ssh would
 * ask on the terminal instead). Emits ::request on the main thread. */
VireoAskpassServer *vireo_askpass_server_new         (const char          *askpass_program,
                                                      GError             **error);
const char         *vireo_askpass_server_get_path    (VireoAskpassServer  *self);

/* Builds the request for one ssh prompt (exposed for tests). */
VireoAuthRequest   *vireo_askpass_request_for_prompt (const char          *prompt,
                                                      const char          *prompt_kind);

/* Whether this process was started as the askpass helper (argv[0] is the "vireo-askpass" link, or
 * argv[1] is "--askpass"). */
gboolean            vireo_askpass_is_helper          (int                  argc,
                                                      char               **argv);
/* The helper side: relays PROMPT (and $SSH_ASKPASS_PROMPT) to the server whose socket is
 * $VIREO_ASKPASS_SOCKET, else the "socket" beside argv[0]; writes the answer to stdout. Returns the
 * process exit status (0 answered, 1 cancelled/refused/unreachable). */
int                 vireo_askpass_client_run         (int                  argc,
                                                      char               **argv);

G_END_DECLS
