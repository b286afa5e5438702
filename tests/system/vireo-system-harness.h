/* vireo-system-harness.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Real parts for the system suite: libvirtd (+ virtlogd), an sshd on 127.0.0.1 and a "mute" TCP
 * listener. Everything the harness starts is a child of the test process, is stopped by its PID at
 * teardown, and lives in a private mkdtemp directory; whatever was already running is used and left
 * alone. All functions must be called from the main thread: waits iterate the default main context.
 */

/* Whether the system tests can run here (they need root for libvirtd and sshd). When they cannot,
 * prints the reason on stderr and a TAP "1..0 # SKIP" plan on stdout: with `protocol: 'tap'` meson
 * reports that as SKIP (an exit status of 77 is only honoured by the exitcode protocol). */
gboolean             vireo_system_can_run                  (void);

/* libvirtd ------------------------------------------------------------------------------------- */

typedef struct _VireoSystemLibvirtd VireoSystemLibvirtd;

#define VIREO_SYSTEM_LIBVIRT_SOCKET  "/run/libvirt/libvirt-sock"
#define VIREO_SYSTEM_VIRTLOGD_SOCKET "/run/libvirt/virtlogd-sock"

/* Uses the running system daemon, or starts virtlogd (unless one runs) and libvirtd as children and
 * waits (at most 60 s) until the system socket accepts connections. */
VireoSystemLibvirtd *vireo_system_libvirtd_ensure          (GError             **error);
/* The PIDs of the daemons this harness started, 0 for one it did not start. */
GPid                 vireo_system_libvirtd_get_pid         (VireoSystemLibvirtd  *self);
GPid                 vireo_system_libvirtd_get_virtlogd_pid (VireoSystemLibvirtd *self);
/* SIGTERM, then waits for, only the children started by vireo_system_libvirtd_ensure(); frees. */
void                 vireo_system_libvirtd_stop            (VireoSystemLibvirtd  *self);

/* sshd ----------------------------------------------------------------------------------------- */

typedef struct _VireoSystemSshd VireoSystemSshd;

/* Generates keys and a config in a fresh temporary directory, runs `sshd -D -e` on 127.0.0.1 at a
 * free port and waits until the port answers with an "SSH-2.0" banner. */
VireoSystemSshd     *vireo_system_sshd_start               (GError             **error);
/* The same, with @extra_config (sshd_config lines, e.g. "AllowTcpForwarding no\n") ahead of the
 * harness's own lines: sshd keeps the first value it reads for a keyword. */
VireoSystemSshd     *vireo_system_sshd_start_with_config   (const char          *extra_config,
                                                            GError             **error);
GPid                 vireo_system_sshd_get_pid             (VireoSystemSshd     *self);
guint                vireo_system_sshd_get_port            (VireoSystemSshd     *self);
const char          *vireo_system_sshd_get_dir             (VireoSystemSshd     *self);
/* A client key listed in authorized_keys (for root), and one that is not. */
const char          *vireo_system_sshd_get_client_key      (VireoSystemSshd     *self);
const char          *vireo_system_sshd_get_wrong_key       (VireoSystemSshd     *self);
/* "SHA256:…" of the host key, as `ssh-keygen -lf` prints it. */
const char          *vireo_system_sshd_get_host_fingerprint (VireoSystemSshd    *self);
/* Writes <dir>/ssh-NAME, a wrapper for libvirt's `command=` URI parameter that runs ssh with
 * <dir>/NAME.known_hosts (returned in @known_hosts_out) as its only known-hosts file. */
char                *vireo_system_sshd_make_ssh_wrapper    (VireoSystemSshd     *self,
                                                            const char          *name,
                                                            char               **known_hosts_out,
                                                            GError             **error);
/* qemu+ssh://root@127.0.0.1:PORT/system?keyfile=KEYFILE&command=WRAPPER; @port 0 means sshd's. */
char                *vireo_system_sshd_build_uri           (VireoSystemSshd     *self,
                                                            guint                port,
                                                            const char          *keyfile,
                                                            const char          *wrapper);
/* sshd's log so far (its stderr), for failure messages. */
char                *vireo_system_sshd_dup_log             (VireoSystemSshd     *self);
/* SIGTERM, waits for sshd, removes the temporary directory; frees. */
void                 vireo_system_sshd_stop                (VireoSystemSshd     *self);

/* mute listener -------------------------------------------------------------------------------- */

/* A TCP socket on 127.0.0.1 that listens but never accepts nor writes: the kernel completes the
 * handshake, so a client connects and then waits for a banner that never comes. */
typedef struct _VireoSystemMute VireoSystemMute;

VireoSystemMute     *vireo_system_mute_new                 (GError             **error);
guint                vireo_system_mute_get_port            (VireoSystemMute     *self);
/* Closing the listener resets the connections still waiting in its backlog. */
void                 vireo_system_mute_free                (VireoSystemMute     *self);

/* helpers -------------------------------------------------------------------------------------- */

/* Whether a UNIX stream socket at @path accepts a connection right now. */
gboolean             vireo_system_unix_socket_answers      (const char          *path);
/* Connects to 127.0.0.1:@port and reads the first line the server sends (at most @timeout_ms). */
char                *vireo_system_read_banner              (guint                port,
                                                            guint                timeout_ms,
                                                            GError             **error);
/* Whether no process with @pid exists (zombies count as existing). */
gboolean             vireo_system_pid_gone                 (GPid                 pid);
/* The first child of this process whose argv[0] has basename @exe and which has an argument
 * equal to @arg (or any argument when @arg is NULL); 0 when there is none. */
GPid                 vireo_system_find_child               (const char          *exe,
                                                            const char          *arg);
/* The PIDs of every process below @pid (children, their children, …), parents before children. */
GArray              *vireo_system_list_descendants         (GPid                 pid);
/* Whether a process named @comm (as in /proc/PID/comm) runs. */
gboolean             vireo_system_process_running          (const char          *comm);
/* Runs @argv to completion (at most @timeout_ms, then SIGKILL); returns its stdout, and the exit
 * status in @status_out (-1 when killed). */
char                *vireo_system_run                      (const char * const  *argv,
                                                            guint                timeout_ms,
                                                            int                 *status_out,
                                                            GError             **error);
/* Waits (iterating the default main context) until @process exited; SIGKILLs it and waits again
 * when @timeout_ms passes first. Returns FALSE when it had to be killed. */
gboolean             vireo_system_wait_process             (GSubprocess         *process,
                                                            guint                timeout_ms);

G_END_DECLS
