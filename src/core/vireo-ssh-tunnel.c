/* vireo-ssh-tunnel.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-ssh-tunnel"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-graphics-private.h"
#include "vireo-ssh-tunnel.h"

/*
 * virt-viewer's recipe (virt_viewer_app_open_tunnel_ssh), with three changes: `ssh -W` first, so
 * that nothing must be installed on the remote host; the relay command only when sshd refuses
 * forwarding (AllowTcpForwarding no), or for a socket, which -W cannot reach; and success means a
 * VNC greeting, seen with MSG_PEEK so that the VNC client still reads it.
 *
 * Each attempt is one ssh child. With password logins each attempt asks again, which is why the
 * relay is one remote command that picks socat or nc itself rather than one ssh per tool. It tells
 * which it runs (or that it found neither) on stderr, in lines that start with RELAY_MARKER.
 */

#define RELAY_MARKER        "vireo-tunnel: "
/* Once the stream closed, how long ssh may take to exit before it is killed. */
#define EXIT_GRACE_MS       3000
/* How much of ssh's stderr is kept (the end of it). */
#define STDERR_KEEP         4096

struct _VireoSshTunnel
{
  GObject               parent_instance;

  GSubprocess          *process;
  GPid                  pid;
  gboolean              running;
  gboolean              handed_over;
  int                   exit_status;   /* -1 when killed by a signal or still running */
  int                   fd;
  int                   stderr_fd;
  GSource              *stderr_source;
  GString              *stderr_text;
  VireoSshTunnelMethod  method;
  char                 *relay;         /* "socat", "nc", "none" (the marker), NULL */
};

enum
{
  SIGNAL_EXITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VireoSshTunnel, vireo_ssh_tunnel, G_TYPE_OBJECT)

/* --- argv ------------------------------------------------------------------------------------- */

static gboolean
is_host_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%';
}

/* A host name or an IP literal (IPv6 without brackets), which ssh cannot take for an option and
 * the remote shell passes through untouched. */
static gboolean
is_safe_host (const char *host)
{
  if (host == NULL || *host == '\0' || *host == '-')
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    if (!is_host_char (*p))
      return FALSE;
  return TRUE;
}

/* socat splits its addresses at ':' and ',' and reads '!' '"' '\'' '\\' specially. */
static gboolean
is_socat_safe (const char *path)
{
  return strpbrk (path, ":,!\"'\\ \t\n") == NULL;
}

static char *
format_host_port (const char *address,
                  int         port)
{
  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", address, port);
  return g_strdup_printf ("%s:%d", address, port);
}

/* The remote command: socat if the remote has it, else nc, else say so (exit 127). Runs under the
 * user's login shell as `sh -c '…'`, like libvirt's own ssh transport does. */
static char *
build_relay_command (const char *address,
                     int         port,
                     const char *socket_path)
{
  g_autoptr(GString) script = g_string_new (NULL);
  g_autofree char *quoted_script = NULL;

  if (socket_path != NULL)
    {
      g_autofree char *quoted_path = g_shell_quote (socket_path);

      if (is_socat_safe (socket_path))
        {
          g_autofree char *socat_address = g_strconcat ("UNIX-CONNECT:", socket_path, NULL);
          g_autofree char *quoted_address = g_shell_quote (socat_address);

          g_string_append_printf (script,
                                  "if command -v socat >/dev/null 2>&1; then "
                                  "echo " RELAY_MARKER "socat >&2; exec socat - %s; el",
                                  quoted_address);
        }
      g_string_append_printf (script,
                              "if command -v nc >/dev/null 2>&1; then "
                              "echo " RELAY_MARKER "nc >&2; exec nc -U %s; "
                              "else echo " RELAY_MARKER "none >&2; exit 127; fi",
                              quoted_path);
    }
  else
    {
      g_autofree char *host_port = format_host_port (address, port);
      g_autofree char *socat_address = g_strconcat ("TCP:", host_port, NULL);
      g_autofree char *quoted_address = g_shell_quote (socat_address);
      g_autofree char *quoted_host = g_shell_quote (address);

      g_string_append_printf (script,
                              "if command -v socat >/dev/null 2>&1; then "
                              "echo " RELAY_MARKER "socat >&2; exec socat - %s; "
                              "elif command -v nc >/dev/null 2>&1; then "
                              "echo " RELAY_MARKER "nc >&2; exec nc %s %d; "
                              "else echo " RELAY_MARKER "none >&2; exit 127; fi",
                              quoted_address, quoted_host, port);
    }

  quoted_script = g_shell_quote (script->str);
  return g_strconcat ("sh -c ", quoted_script, NULL);
}

/**
 * vireo_ssh_tunnel_build_argv:
 * @uri: the libvirt connection's URI
 * @method: FORWARD (TCP only) or RELAY
 * @address: (nullable): the TCP address to reach from the remote host
 * @port: its port
 * @socket_path: (nullable): or the socket to reach there
 * @error: return location for a %VIREO_ERROR_INVALID_ARGUMENT
 *
 * Pure; any thread.
 *
 * Returns: (transfer full) (nullable): the argv of the ssh child
 */
char **
vireo_ssh_tunnel_build_argv (const VireoUri        *uri,
                             VireoSshTunnelMethod   method,
                             const char            *address,
                             int                    port,
                             const char            *socket_path,
                             GError               **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *host;
  const char *user;
  const char *command = NULL;
  const char *keyfile;
  const char *known_hosts;
  const char *no_verify;

  g_return_val_if_fail (uri != NULL, NULL);

  host = vireo_uri_get_host (uri);
  if (host == NULL)
    host = "localhost";
  user = vireo_uri_get_user (uri);

  if (!is_safe_host (host) || (user != NULL && (*user == '-' || strchr (user, '\n') != NULL)))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   _("The host '%s' or user of this connection cannot be passed to ssh."), host);
      return NULL;
    }

  if (socket_path != NULL)
    {
      if (!g_path_is_absolute (socket_path) || strchr (socket_path, '\n') != NULL)
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                       _("The display's socket '%s' is not an absolute path."), socket_path);
          return NULL;
        }
      if (method == VIREO_SSH_TUNNEL_METHOD_FORWARD)
        {
          /* OpenSSH's -W takes host:port only. */
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               "ssh -W cannot reach a UNIX socket");
          return NULL;
        }
    }
  else if (!is_safe_host (address) || port <= 0 || port > 65535)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   _("The display's address '%s' cannot be reached through ssh."),
                   address != NULL ? address : "");
      return NULL;
    }

  /* libvirt's `command` names the ssh binary of its +ssh transport; the same binary here. */
  if (vireo_uri_get_transport (uri) == VIREO_URI_TRANSPORT_SSH)
    command = vireo_uri_get_param (uri, "command");
  g_ptr_array_add (argv, g_strdup (command != NULL && *command != '\0' ? command : "ssh"));

  if (user != NULL && *user != '\0')
    {
      g_ptr_array_add (argv, g_strdup ("-l"));
      g_ptr_array_add (argv, g_strdup (user));
    }
  if (vireo_uri_get_port (uri) != 0)
    {
      g_ptr_array_add (argv, g_strdup ("-p"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", vireo_uri_get_port (uri)));
    }
  keyfile = vireo_uri_get_param (uri, "keyfile");
  if (keyfile != NULL && *keyfile != '\0')
    {
      g_ptr_array_add (argv, g_strdup ("-i"));
      g_ptr_array_add (argv, g_strdup (keyfile));
    }

  /* No BatchMode: ssh's questions go to $SSH_ASKPASS, i.e. to Vireo's dialog. */
  g_ptr_array_add (argv, g_strdup ("-T"));
  g_ptr_array_add (argv, g_strdup ("-e"));
  g_ptr_array_add (argv, g_strdup ("none"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("ServerAliveInterval=15"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("ServerAliveCountMax=3"));
  g_ptr_array_add (argv, g_strdup ("-o"));
  g_ptr_array_add (argv, g_strdup ("ClearAllForwardings=yes"));

  known_hosts = vireo_uri_get_param (uri, "known_hosts");
  if (known_hosts != NULL && *known_hosts != '\0')
    {
      g_ptr_array_add (argv, g_strdup ("-o"));
      /* Quoted: ssh splits this option's value at spaces into several files. */
      g_ptr_array_add (argv, g_strdup_printf ("UserKnownHostsFile=\"%s\"", known_hosts));
    }
  no_verify = vireo_uri_get_param (uri, "no_verify");
  if (g_strcmp0 (no_verify, "1") == 0)
    {
      g_ptr_array_add (argv, g_strdup ("-o"));
      g_ptr_array_add (argv, g_strdup ("StrictHostKeyChecking=no"));
    }

  if (method == VIREO_SSH_TUNNEL_METHOD_FORWARD)
    {
      g_ptr_array_add (argv, g_strdup ("-W"));
      g_ptr_array_add (argv, format_host_port (address, port));
    }

  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, g_strdup (host));

  if (method == VIREO_SSH_TUNNEL_METHOD_RELAY)
    g_ptr_array_add (argv, build_relay_command (address, port, socket_path));

  g_ptr_array_add (argv, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

/* --- the child -------------------------------------------------------------------------------- */

static void
drain_stderr (VireoSshTunnel *self)
{
  char buf[1024];

  if (self->stderr_fd < 0)
    return;

  for (;;)
    {
      gssize n = read (self->stderr_fd, buf, sizeof buf);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            {
              /* End of stream (or a broken pipe): nothing more will come. */
              if (self->stderr_source != NULL)
                {
                  g_source_destroy (self->stderr_source);
                  g_clear_pointer (&self->stderr_source, g_source_unref);
                }
              close (self->stderr_fd);
              self->stderr_fd = -1;
            }
          break;
        }

      g_string_append_len (self->stderr_text, buf, n);
    }

  if (self->relay == NULL)
    {
      const char *marker = strstr (self->stderr_text->str, RELAY_MARKER);

      if (marker != NULL)
        {
          const char *name = marker + strlen (RELAY_MARKER);
          const char *end = strpbrk (name, "\r\n");

          if (end != NULL)
            self->relay = g_strndup (name, end - name);
        }
    }

  if (self->stderr_text->len > 2 * STDERR_KEEP)
    {
      const char *keep = self->stderr_text->str + self->stderr_text->len - STDERR_KEEP;
      const char *line = strchr (keep, '\n');

      if (line != NULL)
        keep = line + 1;
      g_string_erase (self->stderr_text, 0, keep - self->stderr_text->str);
    }
}

static gboolean
on_stderr (int          fd,
           GIOCondition condition,
           gpointer     user_data)
{
  VireoSshTunnel *self = user_data;

  drain_stderr (self);
  return self->stderr_fd >= 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
on_process_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(VireoSshTunnel) self = g_weak_ref_get (weak);
  GSubprocess *process = G_SUBPROCESS (source);

  g_weak_ref_clear (weak);
  g_free (weak);

  g_subprocess_wait_finish (process, result, NULL);
  if (self == NULL || self->process != process)
    return;

  self->exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                           : -1;
  drain_stderr (self);
  g_debug ("ssh child %d exited (status %d)", (int) self->pid, self->exit_status);
  self->running = FALSE;
  self->pid = 0;

  if (self->handed_over)
    g_signal_emit (self, signals[SIGNAL_EXITED], 0);
}

static void
child_setup (gpointer user_data)
{
  /* No controlling terminal: ssh asks through $SSH_ASKPASS, never on a terminal it found. */
  setsid ();
  /* Gone with Vireo (the spawning thread is the main thread, which lives as long). */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static VireoSshTunnel *
tunnel_spawn (const char * const  *argv,
              VireoSshTunnelMethod method,
              GError             **error)
{
  g_autoptr(VireoSshTunnel) self = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  int pair[2];
  int errpipe[2];
  int stdout_fd;
  GWeakRef *weak;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "socketpair: %s",
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!g_unix_open_pipe (errpipe, FD_CLOEXEC, error))
    {
      close (pair[0]);
      close (pair[1]);
      return NULL;
    }
  g_unix_set_fd_nonblocking (errpipe[0], TRUE, NULL);

  self = g_object_new (VIREO_TYPE_SSH_TUNNEL, NULL);
  self->method = method;
  self->fd = pair[0];
  self->stderr_fd = errpipe[0];

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* ssh's stdin and stdout are both our socketpair's other end (gvnc needs a socket, not pipes). */
  stdout_fd = fcntl (pair[1], F_DUPFD_CLOEXEC, 3);
  g_subprocess_launcher_take_stdin_fd (launcher, pair[1]);
  if (stdout_fd >= 0)
    g_subprocess_launcher_take_stdout_fd (launcher, stdout_fd);
  g_subprocess_launcher_take_stderr_fd (launcher, errpipe[1]);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  if (stdout_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "dup: %s",
                   g_strerror (saved_errno));
      return NULL;
    }

  self->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (self->process == NULL)
    return NULL;

  self->running = TRUE;
  self->pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (self->process), NULL, 10);

  self->stderr_source = g_unix_fd_source_new (self->stderr_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->stderr_source, G_SOURCE_FUNC (on_stderr), self, NULL);
  g_source_attach (self->stderr_source, NULL);

  /* A weak reference: the tunnel's owner decides its lifetime, and its dispose ends the child. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  g_subprocess_wait_async (self->process, NULL, on_process_exited, weak);

  g_debug ("ssh child %d started (%s)", (int) self->pid,
           method == VIREO_SSH_TUNNEL_METHOD_FORWARD ? "-W" : "relay command");
  return g_steal_pointer (&self);
}

/* ssh's last line worth showing: no known-hosts chatter, no relay marker. */
static char *
last_message (VireoSshTunnel *self)
{
  g_autofree char *clean = vireo_error_strip_ssh_chatter (self->stderr_text->str);
  g_auto(GStrv) lines = g_strsplit_set (clean, "\r\n", -1);

  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      char *line = g_strstrip (lines[i - 1]);

      if (*line == '\0' || g_str_has_prefix (line, RELAY_MARKER))
        continue;
      return g_strdup (line);
    }
  return NULL;
}

/* What sshd answered when it could not open the -W channel: "connect failed: Connection
 * refused" out of "channel 0: open failed: connect failed: Connection refused". */
static char *
channel_failure (VireoSshTunnel *self)
{
  static const char marker[] = "open failed: ";
  const char *found = strstr (self->stderr_text->str, marker);
  const char *end;

  if (found == NULL)
    return NULL;
  found += strlen (marker);
  end = strpbrk (found, "\r\n");
  return end != NULL ? g_strndup (found, end - found) : g_strdup (found);
}

/* --- object ----------------------------------------------------------------------------------- */

static void
vireo_ssh_tunnel_dispose (GObject *object)
{
  VireoSshTunnel *self = VIREO_SSH_TUNNEL (object);

  vireo_ssh_tunnel_close (self);
  if (self->stderr_source != NULL)
    {
      g_source_destroy (self->stderr_source);
      g_clear_pointer (&self->stderr_source, g_source_unref);
    }
  if (self->stderr_fd >= 0)
    {
      close (self->stderr_fd);
      self->stderr_fd = -1;
    }
  /* GSubprocess keeps itself alive until its child exits and reaps it (GLib's worker). */
  g_clear_object (&self->process);

  G_OBJECT_CLASS (vireo_ssh_tunnel_parent_class)->dispose (object);
}

static void
vireo_ssh_tunnel_finalize (GObject *object)
{
  VireoSshTunnel *self = VIREO_SSH_TUNNEL (object);

  g_string_free (self->stderr_text, TRUE);
  g_free (self->relay);

  G_OBJECT_CLASS (vireo_ssh_tunnel_parent_class)->finalize (object);
}

static void
vireo_ssh_tunnel_class_init (VireoSshTunnelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_ssh_tunnel_dispose;
  object_class->finalize = vireo_ssh_tunnel_finalize;

  /**
   * VireoSshTunnel::exited:
   *
   * The ssh child exited after the tunnel was handed over (the VNC stream is over).
   */
  signals[SIGNAL_EXITED] = g_signal_new ("exited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vireo_ssh_tunnel_init (VireoSshTunnel *self)
{
  self->fd = -1;
  self->stderr_fd = -1;
  self->exit_status = -1;
  self->stderr_text = g_string_new (NULL);
}

int
vireo_ssh_tunnel_steal_fd (VireoSshTunnel *self)
{
  int fd;

  g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), -1);

  fd = self->fd;
  self->fd = -1;
  return fd;
}

VireoSshTunnelMethod
vireo_ssh_tunnel_get_method (VireoSshTunnel *self)
{
  g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), VIREO_SSH_TUNNEL_METHOD_FORWARD);
  return self->method;
}

const char *
vireo_ssh_tunnel_get_relay (VireoSshTunnel *self)
{
  g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), NULL);

  if (self->method == VIREO_SSH_TUNNEL_METHOD_FORWARD)
    return NULL;
  /* Read what already arrived: the marker may sit in the pipe, not yet dispatched. */
  if (self->relay == NULL)
    drain_stderr (self);
  return self->relay;
}

GPid
vireo_ssh_tunnel_get_pid (VireoSshTunnel *self)
{
  g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), 0);
  return self->pid;
}

gboolean
vireo_ssh_tunnel_get_running (VireoSshTunnel *self)
{
  g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), FALSE);
  return self->running;
}

int
vireo_ssh_tunnel_get_exit_status (VireoSshTunnel *self)
{
  g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), -1);
  return self->running ? -1 : self->exit_status;
}

/**
 * vireo_ssh_tunnel_dup_last_message:
 * @self: a #VireoSshTunnel
 *
 * Returns: (transfer full) (nullable): ssh's last meaningful stderr line
 */
char *
vireo_ssh_tunnel_dup_last_message (VireoSshTunnel *self)
{
  g_return_val_if_fail (VIREO_IS_SSH_TUNNEL (self), NULL);

  drain_stderr (self);
  return last_message (self);
}

void
vireo_ssh_tunnel_close (VireoSshTunnel *self)
{
  g_return_if_fail (VIREO_IS_SSH_TUNNEL (self));

  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  /* SIGKILL; GLib reaps it. A child that already exited is not signalled. */
  if (self->process != NULL && self->running)
    g_subprocess_force_exit (self->process);
}

/* --- opening ---------------------------------------------------------------------------------- */

typedef struct
{
  VireoUri             *uri;
  char                 *address;
  int                   port;
  char                 *socket_path;
  char                 *host;        /* for messages */
  char                 *where;       /* for messages: "'127.0.0.1:5900' on 'host'" */
  guint                 timeout_ms;
  gint64                deadline;
  VireoSshTunnelMethod  method;
  VireoSshTunnel       *tunnel;      /* the current attempt */
  GError               *pending;     /* why the current attempt is being ended */
  GSource              *grace_source;
  GSource              *cancel_source;
} TunnelOpen;

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
tunnel_open_free (TunnelOpen *open)
{
  clear_source (&open->grace_source);
  clear_source (&open->cancel_source);
  if (open->tunnel != NULL)
    vireo_ssh_tunnel_close (open->tunnel);
  g_clear_object (&open->tunnel);
  g_clear_error (&open->pending);
  g_clear_pointer (&open->uri, vireo_uri_free);
  g_free (open->address);
  g_free (open->socket_path);
  g_free (open->host);
  g_free (open->where);
  g_free (open);
}

static void start_attempt (GTask *task);

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* The attempt's child exited (and was reaped): decide what its end means. */
static void
on_attempt_exited (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TunnelOpen *open = g_task_get_task_data (task);
  VireoSshTunnel *tunnel = open->tunnel;
  g_autofree char *message = NULL;
  const char *text;
  int status;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  clear_source (&open->grace_source);
  clear_source (&open->cancel_source);

  drain_stderr (tunnel);
  text = tunnel->stderr_text->str;
  message = last_message (tunnel);
  status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
           ? g_subprocess_get_exit_status (G_SUBPROCESS (source)) : -1;
  g_debug ("ssh attempt (%s) ended with status %d: %s",
           open->method == VIREO_SSH_TUNNEL_METHOD_FORWARD ? "-W" : "relay", status,
           message != NULL ? message : "(nothing on stderr)");

  if (g_task_return_error_if_cancelled (task))
    return;

  if (open->pending != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&open->pending));
      return;
    }

  if (open->method == VIREO_SSH_TUNNEL_METHOD_FORWARD)
    {
      if (contains (text, "open failed: connect failed"))
        {
          g_autofree char *reason = channel_failure (tunnel);

          /* Translators: the first %s is a place ("'127.0.0.1:5900' on 'host'"), the second
           * sshd's reason ("connect failed: Connection refused"). */
          g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_SERVER,
                                   _("Nothing answers at %s: %s"), open->where, reason);
          return;
        }
      if (contains (text, "administratively prohibited") || contains (text, "open failed") ||
          contains (text, "forwarding failed") || (status != 255 && message == NULL))
        {
          g_debug ("sshd refused -W: trying the relay command");
          open->method = VIREO_SSH_TUNNEL_METHOD_RELAY;
          g_clear_object (&open->tunnel);
          start_attempt (g_steal_pointer (&task));
          return;
        }
    }
  else
    {
      if (g_strcmp0 (tunnel->relay, "none") == 0)
        {
          g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_RELAY,
                                   open->socket_path != NULL
                                   ? _("'%s' has neither 'socat' nor 'nc' to reach the display's "
                                       "socket. Install socat there.")
                                   : _("'%s' refuses ssh forwarding and has neither 'socat' nor "
                                       "'nc' to reach the display. Install socat there, or allow "
                                       "TCP forwarding in its sshd."),
                                   open->host);
          return;
        }
      if (tunnel->relay != NULL || status != 255)
        {
          g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_SERVER,
                                   _("Nothing answers at %s: %s"), open->where,
                                   message != NULL ? message : _("the relay gave up"));
          return;
        }
    }

  if (message != NULL)
    g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_SSH_FAILED,
                             _("ssh to '%s' failed: %s"), open->host, message);
  else
    g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_SSH_FAILED,
                             _("ssh to '%s' failed with exit status %d."), open->host, status);
}

static gboolean
on_grace_over (gpointer user_data)
{
  TunnelOpen *open = user_data;

  g_debug ("ssh lingers after closing the stream: killing it");
  g_clear_pointer (&open->grace_source, g_source_unref);
  vireo_ssh_tunnel_close (open->tunnel);
  return G_SOURCE_REMOVE;
}

static gboolean
on_exit_wait_cancelled (GCancellable *cancellable,
                        gpointer      user_data)
{
  TunnelOpen *open = user_data;

  g_clear_pointer (&open->cancel_source, g_source_unref);
  vireo_ssh_tunnel_close (open->tunnel);
  return G_SOURCE_REMOVE;
}

/* Ends the current attempt: kills the child now (@kill) or after a grace period, and continues in
 * on_attempt_exited() once it was reaped. */
static void
end_attempt (GTask    *task,
             gboolean  kill)
{
  TunnelOpen *open = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (kill)
    {
      vireo_ssh_tunnel_close (open->tunnel);
    }
  else
    {
      open->grace_source = g_timeout_source_new (EXIT_GRACE_MS);
      g_source_set_callback (open->grace_source, on_grace_over, open, NULL);
      g_source_attach (open->grace_source, g_task_get_context (task));
      if (cancellable != NULL)
        {
          open->cancel_source = g_cancellable_source_new (cancellable);
          g_source_set_callback (open->cancel_source, G_SOURCE_FUNC (on_exit_wait_cancelled),
                                 open, NULL);
          g_source_attach (open->cancel_source, g_task_get_context (task));
        }
    }

  g_subprocess_wait_async (open->tunnel->process, NULL, on_attempt_exited, task);
}

static void
on_attempt_greeting (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  TunnelOpen *open = g_task_get_task_data (task);
  GError *error = NULL;

  if (_vireo_rfb_greeting_wait_finish (result, &error))
    {
      g_debug ("VNC greeting through ssh child %d (%s)", (int) open->tunnel->pid,
               open->method == VIREO_SSH_TUNNEL_METHOD_FORWARD ? "-W" : "relay");
      open->tunnel->handed_over = TRUE;
      g_task_return_pointer (task, g_steal_pointer (&open->tunnel), g_object_unref);
      g_object_unref (task);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    {
      /* ssh closed the stream: its exit status and stderr say why. */
      g_error_free (error);
      end_attempt (task, FALSE);
      return;
    }

  /* Timed out, not VNC, or cancelled. */
  open->pending = error;
  end_attempt (task, TRUE);
}

static void
start_attempt (GTask *task)
{
  TunnelOpen *open = g_task_get_task_data (task);
  g_auto(GStrv) argv = NULL;
  GError *error = NULL;
  gint64 left_ms;

  left_ms = (open->deadline - g_get_monotonic_time ()) / 1000;
  if (left_ms <= 0)
    {
      g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_TIMED_OUT,
                               _("No VNC greeting from %s within %u seconds."), open->where,
                               (open->timeout_ms + 999) / 1000);
      g_object_unref (task);
      return;
    }

  argv = vireo_ssh_tunnel_build_argv (open->uri, open->method, open->address, open->port,
                                      open->socket_path, &error);
  if (argv != NULL)
    open->tunnel = tunnel_spawn ((const char * const *) argv, open->method, &error);
  if (open->tunnel == NULL)
    {
      if (error->domain == G_SPAWN_ERROR || error->domain == G_IO_ERROR)
        {
          GError *spawn_error = g_error_new (VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_SSH_FAILED,
                                             _("Could not run '%s': %s"), argv[0], error->message);

          g_error_free (error);
          error = spawn_error;
        }
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  _vireo_rfb_greeting_wait_async (open->tunnel->fd, open->where, (guint) left_ms,
                                  g_task_get_cancellable (task), on_attempt_greeting, task);
}

/**
 * vireo_ssh_tunnel_open_async:
 * @uri: the libvirt connection's URI (ssh's user, host, port, keyfile …)
 * @address: (nullable): the TCP address to reach from the remote host
 * @port: its port
 * @socket_path: (nullable): or the UNIX socket to reach there
 * @timeout_ms: the most the whole may take, prompts and fallback included
 * @cancellable: (nullable): a #GCancellable; cancelling kills the child
 * @callback: called with the tunnel or an error
 * @user_data: for @callback
 *
 * Must be called from the main thread.
 */
void
vireo_ssh_tunnel_open_async (const VireoUri       *uri,
                             const char           *address,
                             int                   port,
                             const char           *socket_path,
                             guint                 timeout_ms,
                             GCancellable         *cancellable,
                             GAsyncReadyCallback   callback,
                             gpointer              user_data)
{
  GTask *task;
  TunnelOpen *open;
  const char *host;
  g_autofree char *endpoint = NULL;

  g_return_if_fail (uri != NULL);
  g_return_if_fail ((address != NULL) != (socket_path != NULL));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_ssh_tunnel_open_async);

  host = vireo_uri_get_host (uri);
  open = g_new0 (TunnelOpen, 1);
  open->uri = vireo_uri_copy (uri);
  open->address = g_strdup (address);
  open->port = port;
  open->socket_path = g_strdup (socket_path);
  open->host = g_strdup (host != NULL ? host : "localhost");
  open->timeout_ms = timeout_ms;
  open->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* -W reaches TCP only. */
  open->method = socket_path != NULL ? VIREO_SSH_TUNNEL_METHOD_RELAY
                                     : VIREO_SSH_TUNNEL_METHOD_FORWARD;
  endpoint = socket_path != NULL ? g_strdup (socket_path) : format_host_port (address, port);
  /* Translators: where the display is: "'127.0.0.1:5900' on 'host.example'"; other messages
   * quote it as a whole ("Nothing answers at %s"). */
  open->where = g_strdup_printf (_("'%s' on '%s'"), endpoint, open->host);
  g_task_set_task_data (task, open, (GDestroyNotify) tunnel_open_free);

  /* The task's reference travels through the attempts until it returns. */
  start_attempt (task);
}

/**
 * vireo_ssh_tunnel_open_finish:
 * @result: the #GAsyncResult
 * @error: return location for a %VIREO_GRAPHICS_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the tunnel, its socket holding the VNC greeting
 */
VireoSshTunnel *
vireo_ssh_tunnel_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
