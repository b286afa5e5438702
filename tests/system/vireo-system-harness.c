/* vireo-system-harness.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-system-harness"

#include "vireo-system-harness.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#define DAEMON_START_TIMEOUT_MS 60000
#define DAEMON_STOP_TIMEOUT_MS  30000
#define POLL_INTERVAL_MS        20

/* Variables of the test environment that must not leak into the daemons: libvirtd links GLib, and
 * G_DEBUG=fatal-warnings would turn any of its warnings into an abort. */
static const char * const scrubbed_env[] = {
  "G_DEBUG", "G_ENABLE_DIAGNOSTIC", "G_MESSAGES_DEBUG", "MALLOC_CHECK_", "GSETTINGS_BACKEND",
  "GSETTINGS_SCHEMA_DIR", "SSH_ASKPASS", "SSH_ASKPASS_REQUIRE", "VIREO_ASKPASS_SOCKET", "DISPLAY",
  "SSH_AUTH_SOCK", "LIBVIRT_DEFAULT_URI", NULL,
};

gboolean
vireo_system_can_run (void)
{
  if (geteuid () == 0)
    return TRUE;

  g_printerr ("SKIP: the system suite needs root (it runs libvirtd and sshd); euid is %u\n",
              (guint) geteuid ());
  /* TAP's way to skip a whole program; meson's TAP runner treats exit status 77 as an error. */
  printf ("1..0 # SKIP the system suite needs root\n");
  fflush (stdout);
  return FALSE;
}

/* --- waiting ---------------------------------------------------------------------------------- */

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the default main context for @ms: the pause between two checks of a polled condition. */
static void
poll_interval (guint ms)
{
  gboolean fired = FALSE;

  g_timeout_add (ms, set_flag_cb, &fired);
  while (!fired)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
process_alive (GSubprocess *process)
{
  /* GSubprocess reaps its child in GLib's worker thread and clears the identifier then. */
  return process != NULL && g_subprocess_get_identifier (process) != NULL;
}

typedef gboolean (*PollCondition) (gpointer user_data);

/* Polls @cond until it holds (TRUE), @timeout_ms passes or @must_live exits (FALSE). */
static gboolean
poll_until (PollCondition  cond,
            gpointer       user_data,
            guint          timeout_ms,
            GSubprocess   *must_live)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      if (cond (user_data))
        return TRUE;
      if (must_live != NULL && !process_alive (must_live))
        return FALSE;
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      poll_interval (POLL_INTERVAL_MS);
    }
}

typedef struct
{
  gboolean done;
} WaitData;

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  WaitData *data = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  data->done = TRUE;
  g_rc_box_release (data);
}

static gboolean
wait_with_timeout (GSubprocess *process,
                   guint        timeout_ms)
{
  WaitData *data = g_rc_box_new0 (WaitData);
  gboolean timed_out = FALSE;
  guint id;
  gboolean done;

  g_subprocess_wait_async (process, NULL, wait_done_cb, g_rc_box_acquire (data));
  id = g_timeout_add (timeout_ms, set_flag_cb, &timed_out);
  while (!data->done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  done = data->done;
  /* When it timed out, the callback still holds its own reference. */
  g_rc_box_release (data);
  return done;
}

gboolean
vireo_system_wait_process (GSubprocess *process,
                           guint        timeout_ms)
{
  g_return_val_if_fail (G_IS_SUBPROCESS (process), FALSE);

  if (wait_with_timeout (process, timeout_ms))
    return TRUE;

  g_printerr ("# harness: pid %s did not exit within %u ms, sending SIGKILL\n",
              g_subprocess_get_identifier (process), timeout_ms);
  g_subprocess_force_exit (process);
  wait_with_timeout (process, DAEMON_STOP_TIMEOUT_MS);
  return FALSE;
}

/* --- children --------------------------------------------------------------------------------- */

static void
child_setup (gpointer user_data)
{
  /* If the test process dies (crash, meson's timeout), its daemons go with it. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
sshd_child_setup (gpointer user_data)
{
  child_setup (user_data);
  /* When a client vanishes, sshd's session process exits without waiting for the command it runs
   * (libvirt's `sh -c … virt-ssh-helper`); that orphan would go to PID 1, which here reaps nobody.
   * As a subreaper sshd gets the orphans, and its SIGCHLD handler reaps any child. */
  prctl (PR_SET_CHILD_SUBREAPER, 1);
}

static GSubprocess *
spawn_daemon (const char * const  *argv,
              const char          *log_path,
              GSpawnChildSetupFunc setup,
              GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  for (guint i = 0; scrubbed_env[i] != NULL; i++)
    g_subprocess_launcher_unsetenv (launcher, scrubbed_env[i]);
  g_subprocess_launcher_set_stdout_file_path (launcher, log_path);
  g_subprocess_launcher_set_child_setup (launcher, setup, NULL, NULL);

  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

static GPid
subprocess_pid (GSubprocess *process)
{
  const char *id = process != NULL ? g_subprocess_get_identifier (process) : NULL;

  return id != NULL ? (GPid) g_ascii_strtoll (id, NULL, 10) : 0;
}

/* Stops a child we started: SIGTERM, then wait for it (SIGKILL after the deadline). */
static void
stop_child (GSubprocess **process)
{
  if (*process == NULL)
    return;

  if (process_alive (*process))
    g_subprocess_send_signal (*process, SIGTERM);
  vireo_system_wait_process (*process, DAEMON_STOP_TIMEOUT_MS);
  g_clear_object (process);
}

static char *
log_tail (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (path == NULL || !g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("(no log)");
  if (len > 4000)
    return g_strdup (contents + len - 4000);
  return g_steal_pointer (&contents);
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return TRUE;

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  return g_rmdir (path) == 0;
}

/* --- helpers ---------------------------------------------------------------------------------- */

gboolean
vireo_system_unix_socket_answers (const char *path)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL && strlen (path) < sizeof addr.sun_path, FALSE);

  strcpy (addr.sun_path, path);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  ok = connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
  close (fd);
  return ok;
}

static gboolean
unix_socket_answers_cb (gpointer user_data)
{
  return vireo_system_unix_socket_answers (user_data);
}

gboolean
vireo_system_pid_gone (GPid pid)
{
  g_return_val_if_fail (pid > 0, TRUE);

  return kill (pid, 0) == -1 && errno == ESRCH;
}

gboolean
vireo_system_process_running (const char *comm)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  if (proc == NULL)
    return FALSE;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_build_filename ("/proc", name, "comm", NULL);
      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;
      g_strchomp (contents);
      if (g_str_equal (contents, comm))
        return TRUE;
    }
  return FALSE;
}

static GPid
read_ppid (const char *pid_dir)
{
  g_autofree char *path = g_build_filename (pid_dir, "stat", NULL);
  g_autofree char *contents = NULL;
  const char *p;
  char state;
  int ppid;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* "PID (comm) S PPID …"; comm may contain spaces and parentheses, so parse after the last ')'. */
  p = strrchr (contents, ')');
  if (p == NULL || sscanf (p + 1, " %c %d", &state, &ppid) != 2)
    return 0;
  return ppid;
}

GArray *
vireo_system_list_descendants (GPid pid)
{
  g_autoptr(GArray) procs = g_array_new (FALSE, FALSE, sizeof (GPid) * 2);
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  GArray *result = g_array_new (FALSE, FALSE, sizeof (GPid));
  const char *name;

  if (proc == NULL)
    return result;

  /* One snapshot of (pid, ppid), then a breadth-first walk from @pid. */
  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *dir = NULL;
      GPid pair[2];

      if (!g_ascii_isdigit (name[0]))
        continue;
      dir = g_build_filename ("/proc", name, NULL);
      pair[0] = (GPid) g_ascii_strtoll (name, NULL, 10);
      pair[1] = read_ppid (dir);
      g_array_append_vals (procs, pair, 1);
    }

  g_array_append_val (result, pid);
  for (guint i = 0; i < result->len; i++)
    {
      GPid parent = g_array_index (result, GPid, i);

      for (guint j = 0; j < procs->len; j++)
        {
          GPid *pair = (GPid *) (procs->data + j * 2 * sizeof (GPid));

          if (pair[1] == parent)
            g_array_append_val (result, pair[0]);
        }
    }
  g_array_remove_index (result, 0);
  return result;
}

GPid
vireo_system_find_child (const char *exe,
                         const char *arg)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  GPid self = getpid ();
  const char *name;

  g_return_val_if_fail (exe != NULL, 0);

  if (proc == NULL)
    return 0;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;
      g_autofree char *cmdline = NULL;
      g_autofree char *base = NULL;
      gsize len = 0;
      gboolean found = (arg == NULL);

      if (!g_ascii_isdigit (name[0]))
        continue;
      dir = g_build_filename ("/proc", name, NULL);
      if (read_ppid (dir) != self)
        continue;
      path = g_build_filename (dir, "cmdline", NULL);
      if (!g_file_get_contents (path, &cmdline, &len, NULL) || len == 0)
        continue;

      base = g_path_get_basename (cmdline);
      if (!g_str_equal (base, exe))
        continue;
      for (gsize off = strlen (cmdline) + 1; !found && off < len; off += strlen (cmdline + off) + 1)
        found = g_str_equal (cmdline + off, arg);
      if (found)
        return (GPid) g_ascii_strtoll (name, NULL, 10);
    }
  return 0;
}

char *
vireo_system_read_banner (guint    port,
                          guint    timeout_ms,
                          GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  GString *line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    goto fail;
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);
  if (!g_socket_connect (socket, address, NULL, error))
    goto fail;

  g_socket_set_blocking (socket, FALSE);
  while (!strchr (line->str, '\n'))
    {
      char buf[256];
      gssize n;
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "no banner from 127.0.0.1:%u within %u ms", port, timeout_ms);
          goto fail;
        }
      if (!g_socket_condition_timed_wait (socket, G_IO_IN, left, NULL, NULL))
        continue;
      n = g_socket_receive (socket, buf, sizeof buf, NULL, error);
      if (n < 0)
        goto fail;
      if (n == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                       "127.0.0.1:%u closed the connection without a banner", port);
          goto fail;
        }
      g_string_append_len (line, buf, n);
    }

  *strchr (line->str, '\n') = '\0';
  g_strchomp (line->str);
  return g_string_free (line, FALSE);

fail:
  g_string_free (line, TRUE);
  return NULL;
}

char *
vireo_system_run (const char * const  *argv,
                  guint                timeout_ms,
                  int                 *status_out,
                  GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GFile) out_file = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *out = NULL;
  int fd;

  /* stdout to a temporary file rather than a pipe: no reader to drive while we wait. */
  fd = g_file_open_tmp ("vireo-system-run-XXXXXX", &tmp_path, error);
  if (fd < 0)
    return NULL;
  close (fd);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, tmp_path);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL)
    {
      g_unlink (tmp_path);
      return NULL;
    }

  if (!vireo_system_wait_process (process, timeout_ms))
    {
      if (status_out != NULL)
        *status_out = -1;
    }
  else if (status_out != NULL)
    {
      *status_out = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                         : -1;
    }

  g_file_get_contents (tmp_path, &out, NULL, NULL);
  g_unlink (tmp_path);
  return out != NULL ? g_steal_pointer (&out) : g_strdup ("");
}

/* --- libvirtd --------------------------------------------------------------------------------- */

struct _VireoSystemLibvirtd
{
  char        *log_dir;
  GSubprocess *virtlogd;
  GSubprocess *libvirtd;
};

VireoSystemLibvirtd *
vireo_system_libvirtd_ensure (GError **error)
{
  VireoSystemLibvirtd *self = g_new0 (VireoSystemLibvirtd, 1);
  g_autofree char *libvirtd_log = NULL;
  g_autofree char *virtlogd_log = NULL;

  if (vireo_system_unix_socket_answers (VIREO_SYSTEM_LIBVIRT_SOCKET))
    return self;

  if (vireo_system_process_running ("libvirtd"))
    {
      /* Someone else's daemon is still starting: wait for it, leave it alone. */
      if (poll_until (unix_socket_answers_cb, (gpointer) VIREO_SYSTEM_LIBVIRT_SOCKET,
                      DAEMON_START_TIMEOUT_MS, NULL))
        return self;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "a libvirtd runs (not started by the tests) but %s does not answer",
                   VIREO_SYSTEM_LIBVIRT_SOCKET);
      goto fail;
    }

  self->log_dir = g_dir_make_tmp ("vireo-libvirtd-XXXXXX", error);
  if (self->log_dir == NULL)
    goto fail;
  libvirtd_log = g_build_filename (self->log_dir, "libvirtd.log", NULL);
  virtlogd_log = g_build_filename (self->log_dir, "virtlogd.log", NULL);

  if (!vireo_system_process_running ("virtlogd"))
    {
      const char * const argv[] = { "/usr/sbin/virtlogd", NULL };

      self->virtlogd = spawn_daemon (argv, virtlogd_log, child_setup, error);
      if (self->virtlogd == NULL)
        goto fail;
      if (!poll_until (unix_socket_answers_cb, (gpointer) VIREO_SYSTEM_VIRTLOGD_SOCKET,
                       DAEMON_START_TIMEOUT_MS, self->virtlogd))
        {
          g_autofree char *tail = log_tail (virtlogd_log);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "virtlogd did not come up (%s): %s",
                       process_alive (self->virtlogd) ? "socket silent" : "exited", tail);
          goto fail;
        }
    }

  {
    const char * const argv[] = { "/usr/sbin/libvirtd", NULL };

    self->libvirtd = spawn_daemon (argv, libvirtd_log, child_setup, error);
    if (self->libvirtd == NULL)
      goto fail;
  }
  if (!poll_until (unix_socket_answers_cb, (gpointer) VIREO_SYSTEM_LIBVIRT_SOCKET,
                   DAEMON_START_TIMEOUT_MS, self->libvirtd))
    {
      g_autofree char *tail = log_tail (libvirtd_log);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "libvirtd did not come up (%s): %s",
                   process_alive (self->libvirtd) ? "socket silent" : "exited", tail);
      goto fail;
    }

  return self;

fail:
  vireo_system_libvirtd_stop (self);
  return NULL;
}

GPid
vireo_system_libvirtd_get_pid (VireoSystemLibvirtd *self)
{
  return subprocess_pid (self->libvirtd);
}

GPid
vireo_system_libvirtd_get_virtlogd_pid (VireoSystemLibvirtd *self)
{
  return subprocess_pid (self->virtlogd);
}

void
vireo_system_libvirtd_stop (VireoSystemLibvirtd *self)
{
  if (self == NULL)
    return;

  /* libvirtd first: it holds a connection to virtlogd. */
  stop_child (&self->libvirtd);
  stop_child (&self->virtlogd);
  remove_tree (self->log_dir);
  g_free (self->log_dir);
  g_free (self);
}

/* --- sshd ------------------------------------------------------------------------------------- */

struct _VireoSystemSshd
{
  char        *dir;
  char        *config;
  char        *log;
  char        *host_key;
  char        *client_key;
  char        *wrong_key;
  char        *fingerprint;
  guint        port;
  GSubprocess *sshd;
};

static guint
find_free_port (GError **error)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  guint port = 0;

  if (fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0 &&
      getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
    port = ntohs (addr.sin_port);
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "no free port: %s",
                 g_strerror (errno));
  if (fd >= 0)
    close (fd);
  return port;
}

static gboolean
keygen (const char  *path,
        GError     **error)
{
  const char * const argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "",
                                "-C", "vireo-system-test", "-f", path, NULL };
  g_autofree char *out = NULL;
  int status = -1;

  out = vireo_system_run (argv, 30000, &status, error);
  if (out == NULL)
    return FALSE;
  if (status != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "ssh-keygen -f %s failed (%d): %s",
                   path, status, out);
      return FALSE;
    }
  return TRUE;
}

static char *
fingerprint_of (const char  *pub_path,
                GError     **error)
{
  const char * const argv[] = { "ssh-keygen", "-l", "-E", "sha256", "-f", pub_path, NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;
  int status = -1;

  out = vireo_system_run (argv, 30000, &status, error);
  if (out == NULL)
    return NULL;
  /* "256 SHA256:… comment (ED25519)" */
  fields = g_strsplit_set (out, " \n", 3);
  if (status != 0 || g_strv_length (fields) < 2 || !g_str_has_prefix (fields[1], "SHA256:"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "ssh-keygen -lf %s: %s", pub_path, out);
      return NULL;
    }
  return g_strdup (fields[1]);
}

static gboolean
sshd_banner_cb (gpointer user_data)
{
  VireoSystemSshd *self = user_data;
  g_autofree char *banner = vireo_system_read_banner (self->port, 2000, NULL);

  return banner != NULL && g_str_has_prefix (banner, "SSH-2.0-");
}

VireoSystemSshd *
vireo_system_sshd_start (GError **error)
{
  return vireo_system_sshd_start_with_config (NULL, error);
}

VireoSystemSshd *
vireo_system_sshd_start_with_config (const char  *extra_config,
                                     GError     **error)
{
  VireoSystemSshd *self = g_new0 (VireoSystemSshd, 1);
  g_autofree char *client_pub = NULL;
  g_autofree char *host_pub = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *authorized = NULL;
  g_autofree char *config = NULL;

  self->dir = g_dir_make_tmp ("vireo-sshd-XXXXXX", error);
  if (self->dir == NULL)
    goto fail;
  self->config = g_build_filename (self->dir, "sshd_config", NULL);
  self->log = g_build_filename (self->dir, "sshd.log", NULL);
  self->host_key = g_build_filename (self->dir, "host_ed25519", NULL);
  self->client_key = g_build_filename (self->dir, "client_ed25519", NULL);
  self->wrong_key = g_build_filename (self->dir, "wrong_ed25519", NULL);
  authorized = g_build_filename (self->dir, "authorized_keys", NULL);

  if (!keygen (self->host_key, error) || !keygen (self->client_key, error) ||
      !keygen (self->wrong_key, error))
    goto fail;

  host_pub = g_strconcat (self->host_key, ".pub", NULL);
  self->fingerprint = fingerprint_of (host_pub, error);
  if (self->fingerprint == NULL)
    goto fail;

  client_pub = g_strconcat (self->client_key, ".pub", NULL);
  if (!g_file_get_contents (client_pub, &pub, NULL, error) ||
      !g_file_set_contents (authorized, pub, -1, error))
    goto fail;

  /* sshd's privilege-separation directory; Debian's init script creates it, we have no init. */
  if (g_mkdir_with_parents ("/run/sshd", 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "mkdir /run/sshd: %s",
                   g_strerror (errno));
      goto fail;
    }

  self->port = find_free_port (error);
  if (self->port == 0)
    goto fail;

  config = g_strdup_printf ("%s"
                            "ListenAddress 127.0.0.1\n"
                            "Port %u\n"
                            "HostKey %s\n"
                            "AuthorizedKeysFile %s\n"
                            "PermitRootLogin prohibit-password\n"
                            "PubkeyAuthentication yes\n"
                            "PasswordAuthentication no\n"
                            "KbdInteractiveAuthentication no\n"
                            "UsePAM no\n"
                            "StrictModes no\n"
                            "PidFile none\n"
                            "LogLevel VERBOSE\n",
                            extra_config != NULL ? extra_config : "",
                            self->port, self->host_key, authorized);
  if (!g_file_set_contents (self->config, config, -1, error))
    goto fail;

  {
    const char * const argv[] = { "/usr/sbin/sshd", "-D", "-e", "-f", self->config, NULL };

    self->sshd = spawn_daemon (argv, self->log, sshd_child_setup, error);
    if (self->sshd == NULL)
      goto fail;
  }

  if (!poll_until (sshd_banner_cb, self, DAEMON_START_TIMEOUT_MS, self->sshd))
    {
      g_autofree char *tail = log_tail (self->log);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sshd on port %u did not come up (%s): %s",
                   self->port, process_alive (self->sshd) ? "no banner" : "exited", tail);
      goto fail;
    }

  return self;

fail:
  vireo_system_sshd_stop (self);
  return NULL;
}

GPid
vireo_system_sshd_get_pid (VireoSystemSshd *self)
{
  return subprocess_pid (self->sshd);
}

guint
vireo_system_sshd_get_port (VireoSystemSshd *self)
{
  return self->port;
}

const char *
vireo_system_sshd_get_dir (VireoSystemSshd *self)
{
  return self->dir;
}

const char *
vireo_system_sshd_get_client_key (VireoSystemSshd *self)
{
  return self->client_key;
}

const char *
vireo_system_sshd_get_wrong_key (VireoSystemSshd *self)
{
  return self->wrong_key;
}

const char *
vireo_system_sshd_get_host_fingerprint (VireoSystemSshd *self)
{
  return self->fingerprint;
}

char *
vireo_system_sshd_make_ssh_wrapper (VireoSystemSshd  *self,
                                    const char       *name,
                                    char            **known_hosts_out,
                                    GError          **error)
{
  g_autofree char *basename = g_strconcat ("ssh-", name, NULL);
  g_autofree char *kh_name = g_strconcat (name, ".known_hosts", NULL);
  g_autofree char *wrapper = g_build_filename (self->dir, basename, NULL);
  g_autofree char *known_hosts = g_build_filename (self->dir, kh_name, NULL);
  g_autofree char *quoted = g_shell_quote (known_hosts);
  g_autofree char *script = NULL;

  /* OpenSSH finds ~/.ssh through the passwd entry, not $HOME, so setting HOME cannot keep the
   * tests away from /root/.ssh/known_hosts. libvirt's `command=` URI parameter names the ssh binary
   * it runs; pointing it at this wrapper gives every test its own known_hosts and no global one.
   * Identities are limited to the -i key libvirt passes (no agent, no ~/.ssh/id_*), so keys of the
   * machine's root never take part and never ask for a passphrase. */
  script = g_strdup_printf ("#!/bin/sh\n"
                            "# Written by the Vireo system tests; see vireo-system-harness.c.\n"
                            "exec ssh -o UserKnownHostsFile=%s -o GlobalKnownHostsFile=/dev/null "
                            "-o IdentitiesOnly=yes -o IdentityAgent=none \"$@\"\n",
                            quoted);
  if (!g_file_set_contents (wrapper, script, -1, error))
    return NULL;
  if (g_chmod (wrapper, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "chmod %s: %s",
                   wrapper, g_strerror (errno));
      return NULL;
    }

  if (known_hosts_out != NULL)
    *known_hosts_out = g_steal_pointer (&known_hosts);
  return g_steal_pointer (&wrapper);
}

char *
vireo_system_sshd_build_uri (VireoSystemSshd *self,
                             guint            port,
                             const char      *keyfile,
                             const char      *wrapper)
{
  g_autofree char *key = g_uri_escape_string (keyfile, "/", FALSE);
  g_autofree char *command = g_uri_escape_string (wrapper, "/", FALSE);

  return g_strdup_printf ("qemu+ssh://root@127.0.0.1:%u/system?keyfile=%s&command=%s",
                          port != 0 ? port : self->port, key, command);
}

char *
vireo_system_sshd_dup_log (VireoSystemSshd *self)
{
  return log_tail (self->log);
}

static gboolean
has_no_descendants_cb (gpointer user_data)
{
  g_autoptr(GArray) descendants = vireo_system_list_descendants (GPOINTER_TO_INT (user_data));

  return descendants->len == 0;
}

void
vireo_system_sshd_stop (VireoSystemSshd *self)
{
  GPid pid;

  if (self == NULL)
    return;

  /* A session outlives its client by a moment. Stopping the listener first would orphan it to
   * PID 1, which here reaps nobody: let the sessions end (they do once the client is gone), and
   * only then stop sshd. */
  pid = subprocess_pid (self->sshd);
  if (pid != 0 &&
      !poll_until (has_no_descendants_cb, GINT_TO_POINTER (pid), DAEMON_STOP_TIMEOUT_MS / 2,
                   self->sshd))
    {
      g_autoptr(GArray) descendants = vireo_system_list_descendants (pid);

      g_printerr ("# harness: %u sshd session processes still run; sending them SIGTERM\n",
                  descendants->len);
      for (guint i = descendants->len; i > 0; i--)
        kill (g_array_index (descendants, GPid, i - 1), SIGTERM);
      poll_until (has_no_descendants_cb, GINT_TO_POINTER (pid), DAEMON_STOP_TIMEOUT_MS / 2,
                  self->sshd);
    }

  stop_child (&self->sshd);
  remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->config);
  g_free (self->log);
  g_free (self->host_key);
  g_free (self->client_key);
  g_free (self->wrong_key);
  g_free (self->fingerprint);
  g_free (self);
}

/* --- mute listener ---------------------------------------------------------------------------- */

struct _VireoSystemMute
{
  int   fd;
  guint port;
};

VireoSystemMute *
vireo_system_mute_new (GError **error)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  VireoSystemMute *self;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  if (fd < 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) != 0 || listen (fd, 16) != 0 ||
      getsockname (fd, (struct sockaddr *) &addr, &len) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "mute listener: %s",
                   g_strerror (saved));
      if (fd >= 0)
        close (fd);
      return NULL;
    }

  self = g_new0 (VireoSystemMute, 1);
  self->fd = fd;
  self->port = ntohs (addr.sin_port);
  return self;
}

guint
vireo_system_mute_get_port (VireoSystemMute *self)
{
  return self->port;
}

void
vireo_system_mute_free (VireoSystemMute *self)
{
  if (self == NULL)
    return;
  close (self->fd);
  g_free (self);
}
