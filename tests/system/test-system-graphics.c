/* test-system-graphics.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reaching a VM's display with real parts: a QEMU started here (VNC on 127.0.0.1 and on a UNIX
 * socket, paused: SeaBIOS is not even needed for the greeting), sshds on 127.0.0.1 (one as the
 * harness makes it, others refusing TCP forwarding and offering only nc, or neither tool), and a
 * tiny TCG VM on a real libvirtd reached through virDomainOpenGraphicsFD and through qemu+ssh.
 */

#define G_LOG_DOMAIN "test-system-graphics"

#include "vireo-test-utils.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-askpass.h"
#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-graphics-channel.h"
#include "vireo-graphics-target.h"
#include "vireo-ssh-tunnel.h"
#include "vireo-system-harness.h"

#define TUNNEL_TIMEOUT_MS 60000
#define WAIT_MS           60000
/* The first connection to a freshly started libvirtd waits for its QEMU probe (~12 s here). */
#define OPEN_TIMEOUT_MS   120000

static VireoSystemSshd    *sshd;          /* as the harness makes it: forwarding allowed */
static VireoSystemSshd    *sshd_nofwd;    /* AllowTcpForwarding no: the socat relay */
static VireoSystemSshd    *sshd_nc;       /* … and a PATH with sh and nc only */
static VireoSystemSshd    *sshd_bare;     /* … and a PATH with sh only */
static VireoAskpassServer *askpass;
static char               *workdir;       /* QEMU's socket, the PATH directories */
static char               *nc_dir;
static char               *sh_dir;
static GSubprocess        *qemu;
static int                 vnc_port;
static char               *vnc_socket;

/* --- prompts ---------------------------------------------------------------------------------- */

static struct
{
  guint n_requests;
  guint n_host_key;
} prompts;

static void
on_askpass_request (VireoAskpassServer *server,
                    VireoAuthRequest   *request,
                    gpointer            user_data)
{
  prompts.n_requests++;
  g_printerr ("# askpass request %u: %s\n", prompts.n_requests,
              vireo_auth_request_get_message (request));

  if (vireo_auth_request_get_n_fields (request) == 1 &&
      vireo_auth_request_get_field_kind (request, 0) == VIREO_AUTH_FIELD_HOST_KEY)
    {
      const char *answers[] = { "yes", NULL };

      prompts.n_host_key++;
      vireo_auth_request_respond (request, answers);
      return;
    }
  /* The keys have no passphrase and there are no passwords: nothing else may be asked. */
  vireo_auth_request_cancel (request);
}

/* --- helpers ---------------------------------------------------------------------------------- */

static void
assert_no_error_impl (const GError *error,
                      const char   *file,
                      int           line)
{
  if (error != NULL)
    {
      print_error ("ERROR: unexpected error %s/%d: %s\n", g_quark_to_string (error->domain),
                   error->code, error->message);
      _fail (file, line);
    }
}
#define assert_no_error(e) assert_no_error_impl ((e), __FILE__, __LINE__)

static void
assert_error_impl (const GError *error,
                   GQuark        domain,
                   int           code,
                   const char   *file,
                   int           line)
{
  if (!g_error_matches (error, domain, code))
    {
      print_error ("ERROR: expected %s/%d, got %s/%d: %s\n", g_quark_to_string (domain), code,
                   error ? g_quark_to_string (error->domain) : "-", error ? error->code : 0,
                   error ? error->message : "no error");
      _fail (file, line);
    }
}
#define assert_error(e, d, c) assert_error_impl ((e), (d), (c), __FILE__, __LINE__)

/* ssh children of this process, zombies included (a zombie keeps its comm and its parent). */
static guint
count_ssh_children (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  g_autofree char *self = g_strdup_printf ("%d", (int) getpid ());
  const char *name;
  guint n = 0;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *stat_path = NULL;
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *close_paren;

      if (!g_ascii_isdigit (name[0]))
        continue;
      stat_path = g_build_filename ("/proc", name, "stat", NULL);
      if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "PID (comm) S PPID …" */
      close_paren = strrchr (stat, ')');
      /* ssh, or the wrapper script (ssh-NAME) before it execs ssh; not sshd. */
      if (close_paren == NULL ||
          (!g_str_has_prefix (strchr (stat, '('), "(ssh)") &&
           !g_str_has_prefix (strchr (stat, '('), "(ssh-")))
        continue;
      fields = g_strsplit (close_paren + 2, " ", 3);
      if (g_strv_length (fields) >= 2 && g_str_equal (fields[1], self))
        {
          g_printerr ("# ssh child: %s", stat);
          n++;
        }
    }
  return n;
}

static char *
make_uri (VireoSystemSshd *server,
          const char      *name,
          const char      *keyfile)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapper = vireo_system_sshd_make_ssh_wrapper (server, name, NULL, &error);

  assert_no_error (error);
  return vireo_system_sshd_build_uri (server, 0, keyfile != NULL ? keyfile
                                                : vireo_system_sshd_get_client_key (server),
                                      wrapper);
}

static VireoUri *
make_vireo_uri (VireoSystemSshd *server,
                const char      *name,
                const char      *keyfile)
{
  g_autofree char *text = make_uri (server, name, keyfile);
  g_autoptr(GError) error = NULL;
  VireoUri *uri = vireo_uri_parse (text, &error);

  assert_no_error (error);
  return uri;
}

static VireoSshTunnel *
open_tunnel (const VireoUri  *uri,
             const char      *address,
             int              port,
             const char      *socket_path,
             guint            timeout_ms,
             GCancellable    *cancellable,
             GError         **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_ssh_tunnel_open_async (uri, address, port, socket_path, timeout_ms, cancellable,
                               vireo_test_async_cb, &slot);
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
  result = vireo_test_wait_result (&slot, timeout_ms + WAIT_MS);
  assert_non_null (result);
  return vireo_ssh_tunnel_open_finish (result, error);
}

static void
assert_running_impl (VireoSshTunnel *tunnel,
                     const char     *file,
                     int             line)
{
  if (!vireo_ssh_tunnel_get_running (tunnel))
    {
      g_autofree char *message = vireo_ssh_tunnel_dup_last_message (tunnel);

      print_error ("ERROR: the ssh child exited: %s\n", message != NULL ? message : "(silent)");
      _fail (file, line);
    }
}
#define assert_running(t) assert_running_impl ((t), __FILE__, __LINE__)

/* Reads the greeting the tunnel only peeked at. */
static void
assert_greeting (int fd)
{
  char buf[13] = { 0 };

  assert_true (fd >= 0);
  assert_int_equal (recv (fd, buf, 12, MSG_WAITALL), 12);
  assert_string_equal (buf, "RFB 003.008\n");
}

static gboolean
pid_gone_cb (gpointer user_data)
{
  return vireo_system_pid_gone (GPOINTER_TO_INT (user_data));
}

static gboolean
relay_known_cb (gpointer user_data)
{
  return vireo_ssh_tunnel_get_relay (user_data) != NULL;
}

static gboolean
tunnel_stopped_cb (gpointer user_data)
{
  return !vireo_ssh_tunnel_get_running (user_data);
}

/* Closes @tunnel and waits until its child is gone, reaped: PID 1 here reaps nobody, so a child
 * left unreaped would stay a zombie of ours and fail this. */
static void
close_and_reap (VireoSshTunnel *tunnel)
{
  GPid pid = vireo_ssh_tunnel_get_pid (tunnel);

  assert_true (pid > 0);
  vireo_ssh_tunnel_close (tunnel);
  if (!vireo_test_wait_until (pid_gone_cb, GINT_TO_POINTER (pid), WAIT_MS))
    fail_msg ("ssh child %d still exists after close", (int) pid);
  /* GLib reaped it in its worker thread; the tunnel hears of it on the main loop. */
  if (!vireo_test_wait_until (tunnel_stopped_cb, tunnel, WAIT_MS))
    fail_msg ("the tunnel never noticed its child %d exited", (int) pid);
  assert_int_equal (vireo_ssh_tunnel_get_pid (tunnel), 0);
}

static int
closed_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  assert_true (fd >= 0);
  assert_int_equal (bind (fd, (struct sockaddr *) &addr, sizeof addr), 0);
  assert_int_equal (getsockname (fd, (struct sockaddr *) &addr, &len), 0);
  close (fd);
  return ntohs (addr.sin_port);
}

/* --- ssh tunnel ------------------------------------------------------------------------------- */

static void
test_forward (void **state)
{
  g_autoptr(VireoUri) uri = make_vireo_uri (sshd, "forward", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;
  int fd;

  memset (&prompts, 0, sizeof prompts);
  tunnel = open_tunnel (uri, "127.0.0.1", vnc_port, NULL, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_no_error (error);
  assert_int_equal (vireo_ssh_tunnel_get_method (tunnel), VIREO_SSH_TUNNEL_METHOD_FORWARD);
  assert_null (vireo_ssh_tunnel_get_relay (tunnel));
  assert_running (tunnel);
  /* The unknown host key went through the askpass dialog, once. */
  assert_int_equal (prompts.n_host_key, 1);

  fd = vireo_ssh_tunnel_steal_fd (tunnel);
  assert_greeting (fd);
  assert_int_equal (vireo_ssh_tunnel_steal_fd (tunnel), -1);
  close (fd);
  close_and_reap (tunnel);
}

static void
test_socket_through_relay (void **state)
{
  g_autoptr(VireoUri) uri = make_vireo_uri (sshd, "socket", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;
  int fd;

  /* -W reaches TCP only: a socket goes straight to the relay command. */
  tunnel = open_tunnel (uri, NULL, -1, vnc_socket, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_no_error (error);
  assert_int_equal (vireo_ssh_tunnel_get_method (tunnel), VIREO_SSH_TUNNEL_METHOD_RELAY);
  if (!vireo_test_wait_until (relay_known_cb, tunnel, WAIT_MS))
    fail_msg ("the relay never said which tool it runs");
  assert_string_equal (vireo_ssh_tunnel_get_relay (tunnel), "socat");

  fd = vireo_ssh_tunnel_steal_fd (tunnel);
  assert_greeting (fd);
  close (fd);
  close_and_reap (tunnel);
}

static void
test_fallback_socat (void **state)
{
  g_autoptr(VireoUri) uri = make_vireo_uri (sshd_nofwd, "nofwd", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;
  int fd;

  memset (&prompts, 0, sizeof prompts);
  tunnel = open_tunnel (uri, "127.0.0.1", vnc_port, NULL, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_no_error (error);
  assert_int_equal (vireo_ssh_tunnel_get_method (tunnel), VIREO_SSH_TUNNEL_METHOD_RELAY);
  if (!vireo_test_wait_until (relay_known_cb, tunnel, WAIT_MS))
    fail_msg ("the relay never said which tool it runs");
  assert_string_equal (vireo_ssh_tunnel_get_relay (tunnel), "socat");
  /* Asked once: the first attempt (ssh -W) stored the key. */
  assert_int_equal (prompts.n_host_key, 1);

  fd = vireo_ssh_tunnel_steal_fd (tunnel);
  assert_greeting (fd);
  close (fd);
  close_and_reap (tunnel);
}

static void
test_fallback_nc (void **state)
{
  g_autoptr(VireoUri) uri = make_vireo_uri (sshd_nc, "nc", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;
  int fd;

  tunnel = open_tunnel (uri, "127.0.0.1", vnc_port, NULL, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_no_error (error);
  assert_int_equal (vireo_ssh_tunnel_get_method (tunnel), VIREO_SSH_TUNNEL_METHOD_RELAY);
  if (!vireo_test_wait_until (relay_known_cb, tunnel, WAIT_MS))
    fail_msg ("the relay never said which tool it runs");
  assert_string_equal (vireo_ssh_tunnel_get_relay (tunnel), "nc");

  fd = vireo_ssh_tunnel_steal_fd (tunnel);
  assert_greeting (fd);
  close (fd);
  close_and_reap (tunnel);
}

static void
test_no_relay (void **state)
{
  g_autoptr(VireoUri) uri = make_vireo_uri (sshd_bare, "bare", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;

  tunnel = open_tunnel (uri, "127.0.0.1", vnc_port, NULL, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_null (tunnel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_RELAY);
  g_printerr ("# %s\n", error->message);
  assert_non_null (strstr (error->message, "socat"));
  /* Every child was reaped before the callback ran. */
  assert_int_equal (count_ssh_children (), 0);
}

static void
test_ssh_failures (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;
  g_autoptr(VireoUri) wrong_key = make_vireo_uri (sshd, "wrongkey",
                                                  vireo_system_sshd_get_wrong_key (sshd));
  g_autoptr(VireoUri) wrong_port = vireo_uri_copy (wrong_key);

  tunnel = open_tunnel (wrong_key, "127.0.0.1", vnc_port, NULL, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_null (tunnel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_SSH_FAILED);
  g_printerr ("# wrong key: %s\n", error->message);
  assert_non_null (strstr (error->message, "Permission denied"));
  assert_null (strstr (error->message, "Permanently added"));
  assert_int_equal (count_ssh_children (), 0);
  g_clear_error (&error);

  vireo_uri_set_port (wrong_port, closed_port ());
  tunnel = open_tunnel (wrong_port, "127.0.0.1", vnc_port, NULL, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_null (tunnel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_SSH_FAILED);
  g_printerr ("# wrong port: %s\n", error->message);
  assert_non_null (strstr (error->message, "Connection refused"));
  assert_int_equal (count_ssh_children (), 0);
}

static void
test_no_server (void **state)
{
  g_autoptr(VireoUri) uri = make_vireo_uri (sshd, "noserver", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;
  g_autofree char *where = NULL;
  int port = closed_port ();

  tunnel = open_tunnel (uri, "127.0.0.1", port, NULL, TUNNEL_TIMEOUT_MS, NULL, &error);
  assert_null (tunnel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_SERVER);
  g_printerr ("# closed port: %s\n", error->message);
  where = g_strdup_printf ("127.0.0.1:%d", port);
  assert_non_null (strstr (error->message, where));
  /* sshd's reason, not ssh's "stdio forwarding failed". */
  assert_non_null (strstr (error->message, "Connection refused"));
  assert_int_equal (count_ssh_children (), 0);
}

static void
test_timeout_and_cancel (void **state)
{
  g_autoptr(VireoUri) uri = make_vireo_uri (sshd, "mute", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoSshTunnel) tunnel = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  VireoSystemMute *mute = vireo_system_mute_new (&error);

  assert_no_error (error);

  /* A listener that never greets: the tunnel's own deadline ends it, and kills ssh. */
  tunnel = open_tunnel (uri, "127.0.0.1", vireo_system_mute_get_port (mute), NULL, 3000, NULL,
                        &error);
  assert_null (tunnel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_TIMED_OUT);
  g_printerr ("# mute: %s\n", error->message);
  assert_int_equal (count_ssh_children (), 0);
  g_clear_error (&error);

  /* Cancelled while ssh runs: killed and reaped before the callback. */
  tunnel = open_tunnel (uri, "127.0.0.1", vireo_system_mute_get_port (mute), NULL,
                        TUNNEL_TIMEOUT_MS, cancellable, &error);
  assert_null (tunnel);
  assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_int_equal (count_ssh_children (), 0);

  vireo_system_mute_free (mute);
}

/* --- channels without a domain ---------------------------------------------------------------- */

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static gboolean
counter_nonzero_cb (gpointer user_data)
{
  return *(guint *) user_data > 0;
}

static VireoGraphicsChannel *
open_channel (const VireoGraphicsPlan  *plan,
              const VireoUri           *uri,
              const char               *password,
              GError                  **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_graphics_channel_open_async (plan, uri, password, TUNNEL_TIMEOUT_MS, NULL,
                                     vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TUNNEL_TIMEOUT_MS + WAIT_MS);
  assert_non_null (result);
  return vireo_graphics_channel_open_finish (result, error);
}

static void
test_channel_routes (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoUri) local = vireo_uri_parse ("qemu:///system", &error);
  g_autoptr(VireoUri) ssh_uri = make_vireo_uri (sshd, "channel", NULL);
  g_autoptr(VireoGraphicsPlan) tcp = vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_DIRECT_TCP);
  g_autoptr(VireoGraphicsPlan) unix_plan = vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_UNIX_SOCKET);
  g_autoptr(VireoGraphicsPlan) ssh = vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_SSH_TUNNEL);
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  GPid pid;
  int fd;

  tcp->host = g_strdup ("127.0.0.1");
  tcp->port = vnc_port;
  tcp->tls_hostname = g_strdup ("localhost");
  channel = open_channel (tcp, local, "secret", &error);
  assert_no_error (error);
  assert_int_equal (vireo_graphics_channel_get_route (channel), VIREO_GRAPHICS_ROUTE_DIRECT_TCP);
  assert_string_equal (vireo_graphics_channel_get_password (channel), "secret");
  assert_string_equal (vireo_graphics_channel_get_hostname (channel), "localhost");
  assert_null (strstr (vireo_graphics_channel_get_description (channel), "secret"));
  fd = vireo_graphics_channel_steal_fd (channel);
  assert_greeting (fd);
  close (fd);
  g_clear_object (&channel);

  unix_plan->socket_path = g_strdup (vnc_socket);
  channel = open_channel (unix_plan, local, NULL, &error);
  assert_no_error (error);
  assert_null (vireo_graphics_channel_get_password (channel));
  fd = vireo_graphics_channel_steal_fd (channel);
  assert_greeting (fd);
  close (fd);
  g_clear_object (&channel);

  ssh->host = g_strdup ("127.0.0.1");
  ssh->port = vnc_port;
  channel = open_channel (ssh, ssh_uri, "secret", &error);
  assert_no_error (error);
  assert_int_equal (vireo_graphics_channel_get_route (channel), VIREO_GRAPHICS_ROUTE_SSH_TUNNEL);
  g_printerr ("# %s\n", vireo_graphics_channel_get_description (channel));
  assert_non_null (strstr (vireo_graphics_channel_get_description (channel), "ssh -W"));
  assert_non_null (vireo_graphics_channel_get_tunnel (channel));
  pid = vireo_ssh_tunnel_get_pid (vireo_graphics_channel_get_tunnel (channel));
  fd = vireo_graphics_channel_steal_fd (channel);
  assert_greeting (fd);
  assert_null (vireo_graphics_channel_dup_transport_error (channel));
  close (fd);
  /* Dropping the channel ends its ssh child. */
  g_clear_object (&channel);
  if (!vireo_test_wait_until (pid_gone_cb, GINT_TO_POINTER (pid), WAIT_MS))
    fail_msg ("ssh child %d outlived its channel", (int) pid);

  /* An ssh child that dies under an open console: ::exited, and the view can say why. */
  channel = open_channel (ssh, ssh_uri, NULL, &error);
  assert_no_error (error);
  {
    VireoSshTunnel *tunnel = vireo_graphics_channel_get_tunnel (channel);
    guint exited = 0;
    g_autofree char *why = NULL;

    g_signal_connect_swapped (tunnel, "exited", G_CALLBACK (count_cb), &exited);
    /* SIGKILL: a SIGTERMed ssh -W exits 0 without a word, like one whose display closed. */
    assert_int_equal (kill (vireo_ssh_tunnel_get_pid (tunnel), SIGKILL), 0);
    if (!vireo_test_wait_until (counter_nonzero_cb, &exited, WAIT_MS))
      fail_msg ("no ::exited after ssh was killed");
    assert_int_equal (exited, 1);
    assert_false (vireo_ssh_tunnel_get_running (tunnel));
    why = vireo_graphics_channel_dup_transport_error (channel);
    g_printerr ("# after SIGKILL: %s\n", why);
    assert_non_null (why);
    assert_non_null (strstr (why, "'127.0.0.1' was killed"));
    assert_int_equal (vireo_ssh_tunnel_get_exit_status (tunnel), -1);
    /* The socket says so too: the stream ended after the greeting. */
    fd = vireo_graphics_channel_steal_fd (channel);
    assert_greeting (fd);
    {
      char byte;

      assert_int_equal (recv (fd, &byte, 1, 0), 0);
    }
    close (fd);
  }
  g_clear_object (&channel);
}

/* --- through libvirt -------------------------------------------------------------------------- */

static gboolean
connection_ready (gpointer connection)
{
  return vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTING &&
         (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED ||
          vireo_connection_get_domains_loaded (connection));
}

typedef struct
{
  VireoConnection *connection;
  const char      *name;
} ListedWait;

static gboolean
active_and_listed (gpointer user_data)
{
  ListedWait *wait = user_data;
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (wait->connection, wait->name);

  return domain != NULL && vireo_domain_get_is_active (domain);
}

static gboolean
weak_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static VireoConnection *
connect_to (const char *uri)
{
  VireoConnection *connection = vireo_connection_new (uri);

  g_printerr ("# connecting to %s\n", uri);
  vireo_connection_connect (connection);
  if (!vireo_test_wait_until (connection_ready, connection, OPEN_TIMEOUT_MS) ||
      vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
    fail_msg ("%s: %s", uri, vireo_connection_get_error_message (connection));
  return connection;
}

static void
disconnect (VireoConnection *connection)
{
  gpointer weak = connection;

  vireo_connection_disconnect (connection);
  g_object_add_weak_pointer (G_OBJECT (connection), &weak);
  g_object_unref (connection);
  vireo_test_wait_until (weak_cleared, &weak, WAIT_MS);
}

static VireoGraphicsChannel *
open_display (VireoConnection  *connection,
              const char       *name,
              GError          **error)
{
  ListedWait wait = { connection, name };
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  VireoDomain *domain;

  if (!vireo_test_wait_until (active_and_listed, &wait, WAIT_MS))
    fail_msg ("'%s' is not listed as running", name);
  domain = vireo_connection_lookup_domain_by_name (connection, name);

  vireo_graphics_target_open_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TUNNEL_TIMEOUT_MS + WAIT_MS);
  assert_non_null (result);
  return vireo_graphics_target_open_finish (domain, result, error);
}

static void
test_libvirt_routes (void **state)
{
  g_autoptr(GError) error = NULL;
  VireoSystemLibvirtd *libvirtd;
  g_autofree char *name = g_strdup_printf ("vireo-gt-%d", (int) getpid ());
  g_autofree char *xml = NULL;
  g_autofree char *ssh_uri = NULL;
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  VireoConnection *connection;
  virConnectPtr fixture;
  virDomainPtr vm;
  int fd;

  libvirtd = vireo_system_libvirtd_ensure (&error);
  assert_no_error (error);
  g_printerr ("# libvirtd pid %d (0: not ours)\n", (int) vireo_system_libvirtd_get_pid (libvirtd));

  fixture = virConnectOpen ("qemu:///system");
  if (fixture == NULL)
    fail_msg ("virConnectOpen: %s", virGetLastErrorMessage ());

  /* Transient, paused (no CPU burnt), TCG: the VNC server answers all the same. */
  xml = g_markup_printf_escaped ("<domain type='qemu'><name>%s</name>"
                                 "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                 "<os><type arch='x86_64'>hvm</type></os>"
                                 "<devices><controller type='usb' model='none'/>"
                                 "<memballoon model='none'/>"
                                 "<graphics type='vnc' autoport='yes' passwd='vireo-pw'>"
                                 "<listen type='address' address='127.0.0.1'/></graphics>"
                                 "<video><model type='vga'/></video>"
                                 "</devices></domain>", name);
  vm = virDomainCreateXML (fixture, xml, VIR_DOMAIN_START_PAUSED);
  if (vm == NULL)
    fail_msg ("virDomainCreateXML: %s", virGetLastErrorMessage ());

  /* Local: libvirt hands over a connected socket, VNC authentication skipped. */
  connection = connect_to ("qemu:///system");
  channel = open_display (connection, name, &error);
  assert_no_error (error);
  g_printerr ("# local: %s\n", vireo_graphics_channel_get_description (channel));
  assert_int_equal (vireo_graphics_channel_get_route (channel), VIREO_GRAPHICS_ROUTE_OPEN_FD);
  assert_null (vireo_graphics_channel_get_password (channel));
  assert_null (vireo_graphics_channel_get_tunnel (channel));
  fd = vireo_graphics_channel_steal_fd (channel);
  assert_greeting (fd);
  close (fd);
  g_clear_object (&channel);
  disconnect (connection);

  /* qemu+ssh to the same daemon: an ssh tunnel, and the password from the secure XML. */
  ssh_uri = make_uri (sshd, "libvirt", NULL);
  connection = connect_to (ssh_uri);
  channel = open_display (connection, name, &error);
  assert_no_error (error);
  g_printerr ("# ssh: %s\n", vireo_graphics_channel_get_description (channel));
  assert_int_equal (vireo_graphics_channel_get_route (channel), VIREO_GRAPHICS_ROUTE_SSH_TUNNEL);
  assert_string_equal (vireo_graphics_channel_get_password (channel), "vireo-pw");
  assert_string_equal (vireo_graphics_channel_get_hostname (channel), "127.0.0.1");
  assert_null (strstr (vireo_graphics_channel_get_description (channel), "vireo-pw"));
  fd = vireo_graphics_channel_steal_fd (channel);
  assert_greeting (fd);
  close (fd);
  vireo_graphics_channel_close (channel);
  g_clear_object (&channel);
  disconnect (connection);

  virDomainDestroy (vm);
  virDomainFree (vm);
  virConnectClose (fixture);
  vireo_system_libvirtd_stop (libvirtd);
}

static void
test_test_driver_fallback (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  g_autofree char *xml = NULL;
  VireoConnection *connection;
  virConnectPtr fixture;
  virDomainPtr vm;
  int fd;

  /* The test driver has no virDomainOpenGraphicsFD: Vireo connects to the listen address itself,
   * with the password from the secure XML, here to the QEMU started by this test. */
  fixture = virConnectOpen ("test:///default");
  assert_non_null (fixture);
  xml = g_strdup_printf ("<domain type='test'><name>gt-qemu</name><memory>65536</memory>"
                         "<os><type>hvm</type></os><devices>"
                         "<graphics type='vnc' port='%d' autoport='no' passwd='pw'>"
                         "<listen type='address' address='127.0.0.1'/></graphics>"
                         "</devices></domain>", vnc_port);
  vm = virDomainCreateXML (fixture, xml, 0);
  assert_non_null (vm);

  connection = connect_to ("test:///default");
  channel = open_display (connection, "gt-qemu", &error);
  assert_no_error (error);
  assert_int_equal (vireo_graphics_channel_get_route (channel), VIREO_GRAPHICS_ROUTE_DIRECT_TCP);
  assert_string_equal (vireo_graphics_channel_get_password (channel), "pw");
  fd = vireo_graphics_channel_steal_fd (channel);
  assert_greeting (fd);
  close (fd);
  g_clear_object (&channel);
  disconnect (connection);

  virDomainDestroy (vm);
  virDomainFree (vm);
  virConnectClose (fixture);
}

/* --- setup ------------------------------------------------------------------------------------ */

static void
qemu_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static int
free_vnc_port (void)
{
  for (int port = 5950; port < 6000; port++)
    {
      struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                                  .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
      int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      gboolean ok = fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;

      if (fd >= 0)
        close (fd);
      if (ok)
        return port;
    }
  return -1;
}

typedef struct
{
  GDataInputStream *stream;
  gboolean          ready;
  gboolean          ended;
} QmpWait;

static void
on_qmp_line (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  QmpWait *wait = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                                result, NULL, NULL);

  if (line == NULL)
    wait->ended = TRUE;
  else if (strstr (line, "\"QMP\"") != NULL)
    wait->ready = TRUE;
  else
    g_data_input_stream_read_line_async (wait->stream, G_PRIORITY_DEFAULT, NULL, on_qmp_line,
                                         wait);
}

static gboolean
qmp_done (gpointer user_data)
{
  QmpWait *wait = user_data;

  return wait->ready || wait->ended;
}

/* QEMU greets on QMP from its main loop, after the VNC listeners were opened: once the greeting
 * arrives, both answer. */
static gboolean
start_qemu (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tcp = NULL;
  g_autofree char *unix_vnc = NULL;
  g_autofree char *log = g_build_filename (workdir, "qemu.log", NULL);
  QmpWait wait = { NULL, FALSE, FALSE };
  int display;

  vnc_port = free_vnc_port ();
  if (vnc_port < 0)
    return FALSE;
  display = vnc_port - 5900;
  vnc_socket = g_build_filename (workdir, "vnc.sock", NULL);
  tcp = g_strdup_printf ("127.0.0.1:%d,id=tcp", display);
  unix_vnc = g_strdup_printf ("unix:%s,id=unix", vnc_socket);

  {
    const char *argv[] = { "qemu-system-x86_64", "-machine", "accel=tcg", "-S", "-m", "32",
                           "-nodefaults", "-vga", "std", "-display", "none",
                           "-vnc", tcp, "-vnc", unix_vnc, "-qmp", "stdio", NULL };

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                          G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_subprocess_launcher_set_stderr_file_path (launcher, log);
    g_subprocess_launcher_set_child_setup (launcher, qemu_child_setup, NULL, NULL);
    qemu = g_subprocess_launcher_spawnv (launcher, argv, &error);
  }
  if (qemu == NULL)
    {
      g_printerr ("# qemu: %s\n", error->message);
      return FALSE;
    }

  wait.stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (qemu));
  g_data_input_stream_read_line_async (wait.stream, G_PRIORITY_DEFAULT, NULL, on_qmp_line, &wait);
  vireo_test_wait_until (qmp_done, &wait, WAIT_MS);
  g_clear_object (&wait.stream);
  if (!wait.ready)
    {
      g_autofree char *text = NULL;

      g_file_get_contents (log, &text, NULL, NULL);
      g_printerr ("# qemu did not come up: %s\n", text != NULL ? text : "");
      return FALSE;
    }
  g_printerr ("# qemu pid %s: VNC on 127.0.0.1:%d and %s\n", g_subprocess_get_identifier (qemu),
              vnc_port, vnc_socket);
  return TRUE;
}

static char *
make_path_dir (const char         *name,
               const char * const *programs)
{
  char *dir = g_build_filename (workdir, name, NULL);

  g_mkdir (dir, 0755);
  for (guint i = 0; programs[i] != NULL; i++)
    {
      g_autofree char *target = g_find_program_in_path (programs[i]);
      g_autofree char *link = g_build_filename (dir, programs[i], NULL);

      if (target == NULL || symlink (target, link) != 0)
        g_printerr ("# cannot link %s into %s\n", programs[i], dir);
    }
  return dir;
}

static VireoSystemSshd *
start_sshd (const char *extra)
{
  g_autoptr(GError) error = NULL;
  VireoSystemSshd *server = vireo_system_sshd_start_with_config (extra, &error);

  if (server == NULL)
    g_printerr ("# sshd: %s\n", error->message);
  return server;
}

static int
group_setup (void **state)
{
  static const char * const sh_nc[] = { "sh", "nc", NULL };
  static const char * const sh_only[] = { "sh", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *nc_config = NULL;
  g_autofree char *bare_config = NULL;

  workdir = g_dir_make_tmp ("vireo-systest-graphics-XXXXXX", &error);
  if (workdir == NULL)
    {
      g_printerr ("# mkdtemp: %s\n", error->message);
      return -1;
    }
  nc_dir = make_path_dir ("nc-only", sh_nc);
  sh_dir = make_path_dir ("sh-only", sh_only);
  nc_config = g_strdup_printf ("AllowTcpForwarding no\nSetEnv PATH=%s\n", nc_dir);
  bare_config = g_strdup_printf ("AllowTcpForwarding no\nSetEnv PATH=%s\n", sh_dir);

  if (!start_qemu ())
    return -1;
  sshd = start_sshd (NULL);
  sshd_nofwd = start_sshd ("AllowTcpForwarding no\n");
  sshd_nc = start_sshd (nc_config);
  sshd_bare = start_sshd (bare_config);
  if (sshd == NULL || sshd_nofwd == NULL || sshd_nc == NULL || sshd_bare == NULL)
    return -1;
  return 0;
}

static void
remove_path_dir (char *dir)
{
  g_autoptr(GDir) listing = dir != NULL ? g_dir_open (dir, 0, NULL) : NULL;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  if (dir != NULL)
    g_rmdir (dir);
  g_free (dir);
}

static int
group_teardown (void **state)
{
  g_clear_pointer (&sshd, vireo_system_sshd_stop);
  g_clear_pointer (&sshd_nofwd, vireo_system_sshd_stop);
  g_clear_pointer (&sshd_nc, vireo_system_sshd_stop);
  g_clear_pointer (&sshd_bare, vireo_system_sshd_stop);
  if (qemu != NULL)
    {
      g_subprocess_send_signal (qemu, SIGTERM);
      vireo_system_wait_process (qemu, WAIT_MS);
      g_clear_object (&qemu);
    }
  remove_path_dir (g_steal_pointer (&nc_dir));
  remove_path_dir (g_steal_pointer (&sh_dir));
  if (vnc_socket != NULL)
    g_unlink (vnc_socket);
  g_clear_pointer (&vnc_socket, g_free);
  if (workdir != NULL)
    {
      g_autofree char *log = g_build_filename (workdir, "qemu.log", NULL);

      g_unlink (log);
      g_rmdir (workdir);
    }
  g_clear_pointer (&workdir, g_free);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_forward),
    cmocka_unit_test (test_socket_through_relay),
    cmocka_unit_test (test_fallback_socat),
    cmocka_unit_test (test_fallback_nc),
    cmocka_unit_test (test_no_relay),
    cmocka_unit_test (test_ssh_failures),
    cmocka_unit_test (test_no_server),
    cmocka_unit_test (test_timeout_and_cancel),
    cmocka_unit_test (test_channel_routes),
    cmocka_unit_test (test_test_driver_fallback),
    cmocka_unit_test (test_libvirt_routes),
  };
  g_autoptr(GError) error = NULL;
  const char *binary;
  int ret;

  if (!vireo_system_can_run ())
    return 0;

  g_log_writer_default_set_use_stderr (TRUE);

  if (!vireo_core_init (&error))
    {
      g_printerr ("vireo_core_init: %s\n", error->message);
      return 1;
    }

  binary = g_getenv ("VIREO_BINARY");
  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("VIREO_BINARY (the built vireo, ssh's askpass) is not set or not executable\n");
      return 1;
    }
  askpass = vireo_askpass_server_new (binary, &error);
  if (askpass == NULL)
    {
      g_printerr ("vireo_askpass_server_new: %s\n", error->message);
      return 1;
    }
  g_signal_connect (askpass, "request", G_CALLBACK (on_askpass_request), NULL);

  ret = cmocka_run_group_tests_name ("system-graphics", tests, group_setup, group_teardown);

  g_clear_object (&askpass);
  return ret;
}
