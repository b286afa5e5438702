/* test-graphics-target.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the console reaches a display, without a daemon: the <graphics> parser and the route
 * decision as tables, the ssh argv (and its relay command, run by a real sh), the VNC-greeting
 * wait on real sockets, and vireo_graphics_target_open_async()'s refusals on libvirt's in-process
 * test driver.
 */

#define G_LOG_DOMAIN "test-graphics-target"

#include "vireo-test-utils.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-graphics-channel.h"
#include "vireo-graphics-private.h"
#include "vireo-graphics-target.h"
#include "vireo-ssh-tunnel.h"

#define TIMEOUT_MS 10000

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
  if (error == NULL)
    {
      print_error ("ERROR: expected %s/%d, got no error\n", g_quark_to_string (domain), code);
      _fail (file, line);
    }
  if (!g_error_matches (error, domain, code))
    {
      print_error ("ERROR: expected %s/%d, got %s/%d: %s\n", g_quark_to_string (domain), code,
                   g_quark_to_string (error->domain), error->code, error->message);
      _fail (file, line);
    }
}
#define assert_error(e, d, c) assert_error_impl ((e), (d), (c), __FILE__, __LINE__)

/* --- parsing ---------------------------------------------------------------------------------- */

#define DOMAIN(devices) "<domain type='kvm'><name>vm</name><devices>" devices "</devices></domain>"

typedef struct
{
  const char          *name;
  const char          *xml;
  VireoGraphicsType    type;
  int                  index;
  guint                n_graphics;
  int                  port;
  gboolean             autoport;
  VireoGraphicsListen  listen;
  const char          *address;
  const char          *network;
  const char          *socket_path;
  const char          *password;   /* NULL: none */
  int                  tls_port;
  gboolean             tls_only;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "vnc autoport, port assigned",
    DOMAIN ("<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'>"
            "<listen type='address' address='127.0.0.1'/></graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, 5901, TRUE, VIREO_GRAPHICS_LISTEN_ADDRESS, "127.0.0.1", NULL,
    NULL, NULL, -1, FALSE },
  { "vnc shut off (port -1)",
    DOMAIN ("<graphics type='vnc' port='-1' autoport='yes'><listen type='address'/></graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, -1, TRUE, VIREO_GRAPHICS_LISTEN_ADDRESS, NULL, NULL, NULL,
    NULL, -1, FALSE },
  { "vnc on a socket",
    DOMAIN ("<graphics type='vnc' socket='/var/lib/libvirt/qemu/domain-3-vm/vnc.sock'>"
            "<listen type='socket' socket='/var/lib/libvirt/qemu/domain-3-vm/vnc.sock'/>"
            "</graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, -1, FALSE, VIREO_GRAPHICS_LISTEN_SOCKET, NULL, NULL,
    "/var/lib/libvirt/qemu/domain-3-vm/vnc.sock", NULL, -1, FALSE },
  { "vnc on a libvirt network",
    DOMAIN ("<graphics type='vnc' port='5902' autoport='yes' listen='192.168.122.1'>"
            "<listen type='network' address='192.168.122.1' network='default'/></graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, 5902, TRUE, VIREO_GRAPHICS_LISTEN_NETWORK, "192.168.122.1",
    "default", NULL, NULL, -1, FALSE },
  { "vnc listen none",
    DOMAIN ("<graphics type='vnc' autoport='no'><listen type='none'/></graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, -1, FALSE, VIREO_GRAPHICS_LISTEN_NONE, NULL, NULL, NULL, NULL,
    -1, FALSE },
  { "vnc with a password (secure XML)",
    DOMAIN ("<graphics type='vnc' port='5903' autoport='yes' passwd='s3cr&amp;t' "
            "listen='127.0.0.1'><listen type='address' address='127.0.0.1'/></graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, 5903, TRUE, VIREO_GRAPHICS_LISTEN_ADDRESS, "127.0.0.1", NULL,
    NULL, "s3cr&t", -1, FALSE },
  { "vnc on IPv6 wildcard",
    DOMAIN ("<graphics type='vnc' port='5904' autoport='no' listen='::'>"
            "<listen type='address' address='::'/></graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, 5904, FALSE, VIREO_GRAPHICS_LISTEN_ADDRESS, "::", NULL, NULL,
    NULL, -1, FALSE },
  { "legacy listen attribute only",
    DOMAIN ("<graphics type='vnc' port='5905' listen='0.0.0.0'/>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 1, 5905, FALSE, VIREO_GRAPHICS_LISTEN_ADDRESS, "0.0.0.0", NULL,
    NULL, NULL, -1, FALSE },
  { "spice only",
    DOMAIN ("<graphics type='spice' port='5906' tlsPort='5907' autoport='yes'>"
            "<listen type='address' address='127.0.0.1'/></graphics>"),
    VIREO_GRAPHICS_TYPE_SPICE, 0, 1, 5906, TRUE, VIREO_GRAPHICS_LISTEN_ADDRESS, "127.0.0.1", NULL,
    NULL, NULL, 5907, FALSE },
  { "spice TLS only",
    DOMAIN ("<graphics type='spice' tlsPort='5908' autoport='yes' defaultMode='secure'>"
            "<listen type='address' address='0.0.0.0'/></graphics>"),
    VIREO_GRAPHICS_TYPE_SPICE, 0, 1, -1, TRUE, VIREO_GRAPHICS_LISTEN_ADDRESS, "0.0.0.0", NULL,
    NULL, NULL, 5908, TRUE },
  { "no graphics",
    DOMAIN ("<disk type='file' device='disk'><target dev='vda'/></disk>"),
    VIREO_GRAPHICS_TYPE_NONE, -1, 0, -1, FALSE, VIREO_GRAPHICS_LISTEN_ADDRESS, NULL, NULL, NULL,
    NULL, -1, FALSE },
  { "spice first, vnc second",
    DOMAIN ("<graphics type='spice' port='5909' autoport='yes'/>"
            "<graphics type='vnc' port='5910' autoport='yes' listen='127.0.0.1'>"
            "<listen type='address' address='127.0.0.1'/></graphics>"),
    VIREO_GRAPHICS_TYPE_VNC, 1, 2, 5910, TRUE, VIREO_GRAPHICS_LISTEN_ADDRESS, "127.0.0.1", NULL,
    NULL, NULL, -1, FALSE },
  { "two vnc: the first",
    DOMAIN ("<graphics type='vnc' port='5911'><listen type='address' address='10.0.0.1'/>"
            "</graphics><graphics type='vnc' port='5912'/>"),
    VIREO_GRAPHICS_TYPE_VNC, 0, 2, 5911, FALSE, VIREO_GRAPHICS_LISTEN_ADDRESS, "10.0.0.1", NULL,
    NULL, NULL, -1, FALSE },
  { "rdp",
    DOMAIN ("<graphics type='rdp' port='3389'/>"),
    VIREO_GRAPHICS_TYPE_OTHER, 0, 1, 3389, FALSE, VIREO_GRAPHICS_LISTEN_ADDRESS, NULL, NULL, NULL,
    NULL, -1, FALSE },
};

static void
test_parse_table (void **state)
{
  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      const ParseCase *c = &parse_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(VireoGraphicsTarget) target = NULL;
      g_autoptr(VireoGraphicsTarget) copy = NULL;

      g_printerr ("# parse: %s\n", c->name);
      target = vireo_graphics_target_parse (c->xml, &error);
      assert_no_error (error);
      assert_non_null (target);

      assert_int_equal (target->type, c->type);
      assert_int_equal (target->index, c->index);
      assert_int_equal (target->n_graphics, c->n_graphics);
      assert_int_equal (target->port, c->port);
      assert_int_equal (!!target->autoport, !!c->autoport);
      assert_int_equal (target->listen, c->listen);
      assert_true (g_strcmp0 (target->listen_address, c->address) == 0);
      assert_true (g_strcmp0 (target->listen_network, c->network) == 0);
      assert_true (g_strcmp0 (target->socket_path, c->socket_path) == 0);
      assert_int_equal (!!target->has_password, c->password != NULL);
      assert_true (g_strcmp0 (target->password, c->password) == 0);
      assert_int_equal (target->tls_port, c->tls_port);
      assert_int_equal (!!target->tls_only, !!c->tls_only);

      copy = vireo_graphics_target_copy (target);
      assert_int_equal (copy->port, target->port);
      assert_true (g_strcmp0 (copy->password, target->password) == 0);
      assert_true (g_strcmp0 (copy->socket_path, target->socket_path) == 0);
      assert_true (copy->password == NULL || copy->password != target->password);
    }
}

static void
test_parse_type_name (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoGraphicsTarget) target =
    vireo_graphics_target_parse (DOMAIN ("<graphics type='rdp' port='3389'/>"), &error);

  assert_no_error (error);
  assert_string_equal (target->type_name, "rdp");
}

static void
test_parse_errors (void **state)
{
  static const char * const bad[] = {
    "<domain><devices><graphics type='vnc'></devices></domain>",
    "<network><name>default</name></network>",
    "",
    "<!DOCTYPE domain [<!ENTITY x 'y'>]><domain/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VireoGraphicsTarget) target = vireo_graphics_target_parse (bad[i], &error);

      assert_null (target);
      assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML);
    }
}

/* --- routes ----------------------------------------------------------------------------------- */

#define SSH_URI    "qemu+ssh://user@host.example:2222/system?keyfile=/home/user/.ssh/id_vm"
#define LIBSSH_URI "qemu+libssh://root@192.0.2.7/system"
#define TLS_URI    "qemu+tls://host.example/system"
#define TCP_URI    "qemu+tcp://192.0.2.9/system"

#define VNC_LOOPBACK DOMAIN ("<graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'>" \
                             "<listen type='address' address='127.0.0.1'/></graphics>")
#define VNC_ANY      DOMAIN ("<graphics type='vnc' port='5902' autoport='yes' listen='0.0.0.0'>" \
                             "<listen type='address' address='0.0.0.0'/></graphics>")
#define VNC_ANY6     DOMAIN ("<graphics type='vnc' port='5903'><listen type='address' address='::'/>" \
                             "</graphics>")
#define VNC_LAN      DOMAIN ("<graphics type='vnc' port='5904' autoport='yes'>" \
                             "<listen type='network' address='192.168.122.1' network='default'/>" \
                             "</graphics>")
#define VNC_SOCKET   DOMAIN ("<graphics type='vnc'><listen type='socket' socket='/run/vm/vnc.sock'/>" \
                             "</graphics>")
#define VNC_NONE     DOMAIN ("<graphics type='vnc'><listen type='none'/></graphics>")
#define VNC_NOPORT   DOMAIN ("<graphics type='vnc' port='-1' autoport='yes'>" \
                             "<listen type='address' address='127.0.0.1'/></graphics>")
#define VNC_DEFAULT  DOMAIN ("<graphics type='vnc' port='5905'/>")
#define SPICE_ONLY   DOMAIN ("<graphics type='spice' port='5906' autoport='yes'/>")
#define NO_GRAPHICS  DOMAIN ("")

typedef struct
{
  const char         *uri;
  const char         *xml;
  gboolean            running;
  /* expected: a route, or an error code (route ignored) */
  int                 error_code;   /* 0: no error */
  VireoGraphicsRoute  route;
  const char         *host;
  int                 port;
  const char         *socket_path;
  const char         *tls_hostname;
  gboolean            needs_password;
  const char         *message_part; /* a piece of the error message */
} PlanCase;

static const PlanCase plan_cases[] = {
  /* Local connections: libvirt hands us the fd, whatever the listen. */
  { "qemu:///system", VNC_LOOPBACK, TRUE, 0, VIREO_GRAPHICS_ROUTE_OPEN_FD, NULL, -1, NULL, NULL,
    FALSE, NULL },
  { "qemu:///session", VNC_SOCKET, TRUE, 0, VIREO_GRAPHICS_ROUTE_OPEN_FD, NULL, -1, NULL, NULL,
    FALSE, NULL },
  { "qemu+unix:///system", VNC_NONE, TRUE, 0, VIREO_GRAPHICS_ROUTE_OPEN_FD, NULL, -1, NULL, NULL,
    FALSE, NULL },
  { "qemu:///system", VNC_NOPORT, TRUE, 0, VIREO_GRAPHICS_ROUTE_OPEN_FD, NULL, -1, NULL, NULL,
    FALSE, NULL },
  { "test:///default", VNC_ANY, TRUE, 0, VIREO_GRAPHICS_ROUTE_OPEN_FD, NULL, -1, NULL, NULL, FALSE,
    NULL },

  /* ssh: a tunnel to where the display listens, wildcards through the remote's loopback. */
  { SSH_URI, VNC_LOOPBACK, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, "127.0.0.1", 5901, NULL,
    "host.example", TRUE, NULL },
  { SSH_URI, VNC_ANY, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, "127.0.0.1", 5902, NULL,
    "host.example", TRUE, NULL },
  { SSH_URI, VNC_ANY6, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, "::1", 5903, NULL,
    "host.example", TRUE, NULL },
  { SSH_URI, VNC_LAN, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, "192.168.122.1", 5904, NULL,
    "host.example", TRUE, NULL },
  { SSH_URI, VNC_SOCKET, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, NULL, -1, "/run/vm/vnc.sock",
    "host.example", TRUE, NULL },
  { SSH_URI, VNC_DEFAULT, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, "127.0.0.1", 5905, NULL,
    "host.example", TRUE, NULL },
  { SSH_URI, VNC_NONE, TRUE, VIREO_GRAPHICS_ERROR_UNREACHABLE, 0, NULL, -1, NULL, NULL, FALSE,
    "only through libvirt" },
  { SSH_URI, VNC_NOPORT, TRUE, VIREO_GRAPHICS_ERROR_NO_PORT, 0, NULL, -1, NULL, NULL, FALSE,
    "no port yet" },
  { LIBSSH_URI, VNC_LOOPBACK, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, "127.0.0.1", 5901, NULL,
    "192.0.2.7", TRUE, NULL },
  { LIBSSH_URI, VNC_SOCKET, TRUE, 0, VIREO_GRAPHICS_ROUTE_SSH_TUNNEL, NULL, -1,
    "/run/vm/vnc.sock", "192.0.2.7", TRUE, NULL },

  /* tls/tcp: straight there, or a clear no. */
  { TLS_URI, VNC_ANY, TRUE, 0, VIREO_GRAPHICS_ROUTE_DIRECT_TCP, "host.example", 5902, NULL,
    "host.example", TRUE, NULL },
  { TLS_URI, VNC_ANY6, TRUE, 0, VIREO_GRAPHICS_ROUTE_DIRECT_TCP, "host.example", 5903, NULL,
    "host.example", TRUE, NULL },
  { TLS_URI, VNC_LAN, TRUE, 0, VIREO_GRAPHICS_ROUTE_DIRECT_TCP, "192.168.122.1", 5904, NULL,
    "host.example", TRUE, NULL },
  { TLS_URI, VNC_LOOPBACK, TRUE, VIREO_GRAPHICS_ERROR_UNREACHABLE, 0, NULL, -1, NULL, NULL, FALSE,
    "listens only on the remote host's loopback and this transport cannot tunnel" },
  { TLS_URI, VNC_DEFAULT, TRUE, VIREO_GRAPHICS_ERROR_UNREACHABLE, 0, NULL, -1, NULL, NULL, FALSE,
    "loopback" },
  { TLS_URI, VNC_SOCKET, TRUE, VIREO_GRAPHICS_ERROR_UNREACHABLE, 0, NULL, -1, NULL, NULL, FALSE,
    "UNIX socket on the remote host" },
  { TLS_URI, VNC_NONE, TRUE, VIREO_GRAPHICS_ERROR_UNREACHABLE, 0, NULL, -1, NULL, NULL, FALSE,
    "only through libvirt" },
  { TCP_URI, VNC_ANY, TRUE, 0, VIREO_GRAPHICS_ROUTE_DIRECT_TCP, "192.0.2.9", 5902, NULL,
    "192.0.2.9", TRUE, NULL },
  { TCP_URI, VNC_LOOPBACK, TRUE, VIREO_GRAPHICS_ERROR_UNREACHABLE, 0, NULL, -1, NULL, NULL, FALSE,
    "loopback" },
  { TCP_URI, VNC_NOPORT, TRUE, VIREO_GRAPHICS_ERROR_NO_PORT, 0, NULL, -1, NULL, NULL, FALSE,
    NULL },

  /* What no transport can help with. */
  { "qemu:///system", SPICE_ONLY, TRUE, VIREO_GRAPHICS_ERROR_NO_DISPLAY, 0, NULL, -1, NULL, NULL,
    FALSE, "SPICE" },
  { SSH_URI, SPICE_ONLY, FALSE, VIREO_GRAPHICS_ERROR_NO_DISPLAY, 0, NULL, -1, NULL, NULL, FALSE,
    "Add a VNC display" },
  { "qemu:///system", NO_GRAPHICS, TRUE, VIREO_GRAPHICS_ERROR_NO_DISPLAY, 0, NULL, -1, NULL, NULL,
    FALSE, "no graphical display" },
  { "qemu:///system", VNC_LOOPBACK, FALSE, VIREO_GRAPHICS_ERROR_NOT_RUNNING, 0, NULL, -1, NULL,
    NULL, FALSE, "not running" },
  { SSH_URI, VNC_LOOPBACK, FALSE, VIREO_GRAPHICS_ERROR_NOT_RUNNING, 0, NULL, -1, NULL, NULL, FALSE,
    NULL },
  { TLS_URI, VNC_LOOPBACK, FALSE, VIREO_GRAPHICS_ERROR_NOT_RUNNING, 0, NULL, -1, NULL, NULL, FALSE,
    NULL },
};

/* Whether @message contains @part, ignoring the punctuation the message puts between clauses. */
static gboolean
message_has (const char *message,
             const char *part)
{
  g_autoptr(GString) flat = g_string_new (NULL);

  for (const char *p = message; *p != '\0'; p++)
    if (*p != ',')
      g_string_append_c (flat, *p);
  return strstr (flat->str, part) != NULL;
}

static void
test_plan_table (void **state)
{
  for (guint i = 0; i < G_N_ELEMENTS (plan_cases); i++)
    {
      const PlanCase *c = &plan_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(VireoUri) uri = vireo_uri_parse (c->uri, &error);
      g_autoptr(VireoGraphicsTarget) target = NULL;
      g_autoptr(VireoGraphicsPlan) plan = NULL;

      assert_no_error (error);
      target = vireo_graphics_target_parse (c->xml, &error);
      assert_no_error (error);

      plan = vireo_graphics_target_plan (target, uri, c->running, &error);
      g_printerr ("# plan %u: %s running=%d -> %s\n", i, c->uri, c->running,
                  plan != NULL ? "a plan" : error->message);

      if (c->error_code != 0)
        {
          assert_null (plan);
          assert_error (error, VIREO_GRAPHICS_ERROR, c->error_code);
          if (c->message_part != NULL && !message_has (error->message, c->message_part))
            fail_msg ("case %u: '%s' does not say '%s'", i, error->message, c->message_part);
          continue;
        }

      assert_no_error (error);
      assert_non_null (plan);
      assert_int_equal (plan->route, c->route);
      if (g_strcmp0 (plan->host, c->host) != 0)
        fail_msg ("case %u: host '%s', expected '%s'", i, plan->host, c->host);
      assert_int_equal (plan->port, c->port);
      assert_true (g_strcmp0 (plan->socket_path, c->socket_path) == 0);
      assert_true (g_strcmp0 (plan->tls_hostname, c->tls_hostname) == 0);
      assert_int_equal (!!plan->needs_password, !!c->needs_password);
    }
}

static void
test_plan_describe_has_no_secret (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoUri) uri = vireo_uri_parse (SSH_URI, &error);
  g_autoptr(VireoGraphicsTarget) target =
    vireo_graphics_target_parse (DOMAIN ("<graphics type='vnc' port='5901' passwd='hunter2'>"
                                         "<listen type='address' address='::1'/></graphics>"),
                                 &error);
  g_autoptr(VireoGraphicsPlan) plan = vireo_graphics_target_plan (target, uri, TRUE, &error);
  g_autofree char *text = NULL;

  assert_no_error (error);
  assert_string_equal (target->password, "hunter2");
  text = vireo_graphics_plan_describe (plan);
  assert_string_equal (text, "ssh tunnel to [::1]:5901");
  assert_null (strstr (text, "hunter2"));
}

/* --- ssh argv --------------------------------------------------------------------------------- */

static gboolean
argv_has (char       **argv,
          const char  *a,
          const char  *b)
{
  for (guint i = 0; argv[i] != NULL; i++)
    if (g_str_equal (argv[i], a) && (b == NULL || (argv[i + 1] != NULL && g_str_equal (argv[i + 1], b))))
      return TRUE;
  return FALSE;
}

static gboolean
argv_mentions (char       **argv,
               const char  *part)
{
  for (guint i = 0; argv[i] != NULL; i++)
    if (strstr (argv[i], part) != NULL)
      return TRUE;
  return FALSE;
}

static char **
build_argv (const char           *uri_text,
            VireoSshTunnelMethod  method,
            const char           *address,
            int                   port,
            const char           *socket_path,
            GError              **error)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(VireoUri) uri = vireo_uri_parse (uri_text, &parse_error);

  assert_no_error (parse_error);
  return vireo_ssh_tunnel_build_argv (uri, method, address, port, socket_path, error);
}

static void
test_ssh_argv_forward (void **state)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = build_argv (SSH_URI, VIREO_SSH_TUNNEL_METHOD_FORWARD, "127.0.0.1", 5901,
                                   NULL, &error);
  guint n;

  assert_no_error (error);
  n = g_strv_length (argv);
  assert_string_equal (argv[0], "ssh");
  assert_true (argv_has (argv, "-l", "user"));
  assert_true (argv_has (argv, "-p", "2222"));
  assert_true (argv_has (argv, "-i", "/home/user/.ssh/id_vm"));
  assert_true (argv_has (argv, "-T", NULL));
  assert_true (argv_has (argv, "-e", "none"));
  assert_true (argv_has (argv, "-W", "127.0.0.1:5901"));
  assert_true (argv_mentions (argv, "ServerAliveInterval="));
  /* Prompts must reach the askpass dialog. */
  assert_false (argv_mentions (argv, "BatchMode"));
  /* The host last, after "--": never read as an option. */
  assert_string_equal (argv[n - 2], "--");
  assert_string_equal (argv[n - 1], "host.example");
}

static void
test_ssh_argv_options (void **state)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) v6 = NULL;
  g_auto(GStrv) command = NULL;
  g_auto(GStrv) libssh = NULL;
  g_auto(GStrv) bare = NULL;

  v6 = build_argv ("qemu+ssh://[2001:db8::5]/system?known_hosts=/tmp/my%20hosts&no_verify=1",
                   VIREO_SSH_TUNNEL_METHOD_FORWARD, "::1", 5900, NULL, &error);
  assert_no_error (error);
  assert_true (argv_has (v6, "-W", "[::1]:5900"));
  assert_true (argv_has (v6, "-o", "UserKnownHostsFile=\"/tmp/my hosts\""));
  assert_true (argv_has (v6, "-o", "StrictHostKeyChecking=no"));
  assert_string_equal (v6[g_strv_length (v6) - 1], "2001:db8::5");
  assert_false (argv_has (v6, "-l", NULL));
  assert_false (argv_has (v6, "-p", NULL));

  /* libvirt's command= names the ssh binary of +ssh … */
  command = build_argv ("qemu+ssh://h/system?command=/opt/bin/myssh",
                        VIREO_SSH_TUNNEL_METHOD_FORWARD, "127.0.0.1", 5900, NULL, &error);
  assert_no_error (error);
  assert_string_equal (command[0], "/opt/bin/myssh");
  /* … and means nothing to +libssh. */
  libssh = build_argv ("qemu+libssh://h/system?command=/opt/bin/myssh",
                       VIREO_SSH_TUNNEL_METHOD_FORWARD, "127.0.0.1", 5900, NULL, &error);
  assert_no_error (error);
  assert_string_equal (libssh[0], "ssh");

  /* No host: libvirt's default. */
  bare = build_argv ("qemu+ssh:///system", VIREO_SSH_TUNNEL_METHOD_FORWARD, "127.0.0.1", 5900,
                     NULL, &error);
  assert_no_error (error);
  assert_string_equal (bare[g_strv_length (bare) - 1], "localhost");
}

static void
test_ssh_argv_refusals (void **state)
{
  static const struct
  {
    const char *uri;
    const char *address;
    int         port;
    const char *socket_path;
    VireoSshTunnelMethod method;
  } cases[] = {
    { "qemu+ssh://h/system", "127.0.0.1;reboot", 5900, NULL, VIREO_SSH_TUNNEL_METHOD_RELAY },
    { "qemu+ssh://h/system", "-oProxyCommand=x", 5900, NULL, VIREO_SSH_TUNNEL_METHOD_FORWARD },
    { "qemu+ssh://h/system", "127.0.0.1", 0, NULL, VIREO_SSH_TUNNEL_METHOD_FORWARD },
    { "qemu+ssh://h/system", "127.0.0.1", 70000, NULL, VIREO_SSH_TUNNEL_METHOD_FORWARD },
    { "qemu+ssh://h/system", NULL, -1, "relative/vnc.sock", VIREO_SSH_TUNNEL_METHOD_RELAY },
    { "qemu+ssh://h/system", NULL, -1, "/run/vnc.sock", VIREO_SSH_TUNNEL_METHOD_FORWARD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) argv = build_argv (cases[i].uri, cases[i].method, cases[i].address,
                                       cases[i].port, cases[i].socket_path, &error);

      assert_null (argv);
      assert_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT);
    }
}

/* A directory whose only programs are links to the given ones, for a PATH without the rest. */
static char *
make_bin_dir (const char * const *programs)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("vireo-test-bin-XXXXXX", &error);

  assert_no_error (error);
  for (guint i = 0; programs[i] != NULL; i++)
    {
      g_autofree char *target = g_find_program_in_path (programs[i]);
      g_autofree char *link = g_build_filename (dir, programs[i], NULL);

      if (target == NULL)
        fail_msg ("'%s' is not installed", programs[i]);
      assert_int_equal (symlink (target, link), 0);
    }
  return dir;
}

static void
remove_bin_dir (const char         *dir,
                const char * const *programs)
{
  for (guint i = 0; programs[i] != NULL; i++)
    {
      g_autofree char *link = g_build_filename (dir, programs[i], NULL);

      g_unlink (link);
    }
  g_rmdir (dir);
}

/* Runs the relay command as the remote login shell would (`$SHELL -c COMMAND`), with PATH holding
 * only @programs; returns its stderr and exit status. */
static char *
run_relay (const char          *command,
           const char * const  *programs,
           int                 *status)
{
  g_autofree char *dir = make_bin_dir (programs);
  g_autofree char *path_env = g_strconcat ("PATH=", dir, NULL);
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  const char *envp[] = { path_env, NULL };
  g_autoptr(GError) error = NULL;
  char *err = NULL;
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                NULL, &err, &wait_status, &error);
  assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  remove_bin_dir (dir, programs);
  return err;
}

static int
closed_port (void)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  /* Bound and closed again: nothing listens there (the kernel hands ports out in turn). */
  assert_true (fd >= 0);
  assert_int_equal (bind (fd, (struct sockaddr *) &addr, sizeof addr), 0);
  assert_int_equal (getsockname (fd, (struct sockaddr *) &addr, &len), 0);
  close (fd);
  return ntohs (addr.sin_port);
}

static void
test_relay_command_runs (void **state)
{
  static const char * const only_sh[] = { "sh", NULL };
  static const char * const with_nc[] = { "sh", "nc", NULL };
  static const char * const with_socat[] = { "sh", "socat", "nc", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) socket_argv = NULL;
  g_auto(GStrv) comma_argv = NULL;
  g_autofree char *err = NULL;
  const char *command;
  int port = closed_port ();
  int status;

  argv = build_argv ("qemu+ssh://h/system", VIREO_SSH_TUNNEL_METHOD_RELAY, "127.0.0.1", port, NULL,
                     &error);
  assert_no_error (error);
  command = argv[g_strv_length (argv) - 1];
  assert_true (g_str_has_prefix (command, "sh -c "));
  assert_false (argv_has (argv, "-W", NULL));

  /* Neither tool: it says so, and exits 127. */
  err = run_relay (command, only_sh, &status);
  g_printerr ("# relay without tools: %d, %s", status, err);
  assert_int_equal (status, 127);
  assert_non_null (strstr (err, "vireo-tunnel: none"));
  g_clear_pointer (&err, g_free);

  /* nc only: nc runs, and fails on the closed port. */
  err = run_relay (command, with_nc, &status);
  g_printerr ("# relay with nc: %d, %s", status, err);
  assert_non_null (strstr (err, "vireo-tunnel: nc"));
  assert_int_not_equal (status, 0);
  g_clear_pointer (&err, g_free);

  /* socat first when present. */
  err = run_relay (command, with_socat, &status);
  g_printerr ("# relay with socat: %d, %s", status, err);
  assert_non_null (strstr (err, "vireo-tunnel: socat"));
  assert_null (strstr (err, "vireo-tunnel: nc"));
  assert_non_null (strstr (err, "Connection refused"));
  assert_int_not_equal (status, 0);
  g_clear_pointer (&err, g_free);

  /* A socket path: quoted for the shell (it runs, the quote survives). */
  socket_argv = build_argv ("qemu+ssh://h/system", VIREO_SSH_TUNNEL_METHOD_RELAY, NULL, -1,
                            "/nonexistent/it's here/vnc.sock", &error);
  assert_no_error (error);
  command = socket_argv[g_strv_length (socket_argv) - 1];
  /* socat cannot take that path: nc only. */
  assert_null (strstr (command, "socat"));
  err = run_relay (command, with_socat, &status);
  g_printerr ("# relay to a socket: %d, %s", status, err);
  assert_non_null (strstr (err, "vireo-tunnel: nc"));
  assert_int_not_equal (status, 0);
  g_clear_pointer (&err, g_free);

  comma_argv = build_argv ("qemu+ssh://h/system", VIREO_SSH_TUNNEL_METHOD_RELAY, NULL, -1,
                           "/run/vm/vnc.sock", &error);
  assert_no_error (error);
  assert_true (argv_mentions (comma_argv, "UNIX-CONNECT:/run/vm/vnc.sock"));
  assert_true (argv_mentions (comma_argv, "nc -U"));
}

/* --- the VNC greeting ------------------------------------------------------------------------- */

typedef struct
{
  int           pair[2];
  GAsyncResult *result;
} GreetingFixture;

static int
greeting_setup (void **state)
{
  GreetingFixture *f = g_new0 (GreetingFixture, 1);

  assert_int_equal (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, f->pair), 0);
  *state = f;
  return 0;
}

static int
greeting_teardown (void **state)
{
  GreetingFixture *f = *state;

  if (f->pair[0] >= 0)
    close (f->pair[0]);
  if (f->pair[1] >= 0)
    close (f->pair[1]);
  g_clear_object (&f->result);
  g_free (f);
  return 0;
}

static gboolean
wait_greeting (GreetingFixture  *f,
               guint             timeout_ms,
               GCancellable     *cancellable,
               GError          **error)
{
  GAsyncResult *slot = NULL;

  _vireo_rfb_greeting_wait_async (f->pair[0], "'test'", timeout_ms, cancellable,
                                  vireo_test_async_cb, &slot);
  f->result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_non_null (f->result);
  return _vireo_rfb_greeting_wait_finish (f->result, error);
}

static void
test_greeting_is_peeked (void **state)
{
  GreetingFixture *f = *state;
  g_autoptr(GError) error = NULL;
  char buf[32] = { 0 };

  assert_int_equal (write (f->pair[1], "RFB 003.008\n", 12), 12);
  assert_true (wait_greeting (f, TIMEOUT_MS, NULL, &error));
  assert_no_error (error);
  /* Still there for the VNC client. */
  assert_int_equal (recv (f->pair[0], buf, sizeof buf, MSG_DONTWAIT), 12);
  assert_string_equal (buf, "RFB 003.008\n");
}

typedef struct
{
  int         fd;
  const char *rest;
} LateWrite;

static gboolean
write_rest_cb (gpointer user_data)
{
  LateWrite *late = user_data;

  assert_int_equal (write (late->fd, late->rest, strlen (late->rest)), (gssize) strlen (late->rest));
  return G_SOURCE_REMOVE;
}

static void
test_greeting_in_pieces (void **state)
{
  GreetingFixture *f = *state;
  g_autoptr(GError) error = NULL;
  LateWrite late = { f->pair[1], "3.008\n" };
  char buf[32] = { 0 };

  /* The first half now, the rest once the main loop runs the wait. */
  assert_int_equal (write (f->pair[1], "RFB 00", 6), 6);
  g_idle_add (write_rest_cb, &late);
  assert_true (wait_greeting (f, TIMEOUT_MS, NULL, &error));
  assert_no_error (error);
  assert_int_equal (recv (f->pair[0], buf, sizeof buf, MSG_DONTWAIT), 12);
}

static void
test_greeting_not_vnc (void **state)
{
  GreetingFixture *f = *state;
  g_autoptr(GError) error = NULL;

  assert_int_equal (write (f->pair[1], "SSH-2.0-OpenSSH_9.2\r\n", 21), 21);
  assert_false (wait_greeting (f, TIMEOUT_MS, NULL, &error));
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NOT_VNC);
  assert_non_null (strstr (error->message, "SSH-2.0"));
}

static void
test_greeting_closed (void **state)
{
  GreetingFixture *f = *state;
  g_autoptr(GError) error = NULL;

  close (f->pair[1]);
  f->pair[1] = -1;
  assert_false (wait_greeting (f, TIMEOUT_MS, NULL, &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
}

static void
test_greeting_timeout (void **state)
{
  GreetingFixture *f = *state;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* Nothing is ever written: the wait's own timeout ends it. */
  assert_false (wait_greeting (f, 200, NULL, &error));
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_TIMED_OUT);
  assert_true (g_get_monotonic_time () - start >= 200 * 1000);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_greeting_cancelled (void **state)
{
  GreetingFixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_idle_add (cancel_cb, cancellable);
  assert_false (wait_greeting (f, TIMEOUT_MS, cancellable, &error));
  assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* --- opening a domain's display on the test driver ------------------------------------------- */

typedef struct
{
  VireoConnection *connection;
  virConnectPtr    fixture;   /* the same test:///default state, for defining VMs */
} DriverFixture;

static gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

static int
driver_setup (void **state)
{
  DriverFixture *f = g_new0 (DriverFixture, 1);

  f->fixture = virConnectOpen ("test:///default");
  assert_non_null (f->fixture);
  f->connection = vireo_connection_new ("test:///default");
  vireo_connection_connect (f->connection);
  assert_true (vireo_test_wait_for_connection_state (f->connection,
                                                     VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT_MS));
  assert_true (vireo_test_wait_until (domains_loaded, f->connection, TIMEOUT_MS));
  *state = f;
  return 0;
}

static gboolean
weak_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static int
driver_teardown (void **state)
{
  DriverFixture *f = *state;
  gpointer weak = f->connection;

  vireo_connection_disconnect (f->connection);
  g_object_add_weak_pointer (G_OBJECT (f->connection), &weak);
  g_clear_object (&f->connection);
  vireo_test_wait_until (weak_cleared, &weak, TIMEOUT_MS);
  virConnectClose (f->fixture);
  g_free (f);
  return 0;
}

typedef struct
{
  VireoConnection *connection;
  const char      *name;
} ListedWait;

static gboolean
is_listed (gpointer user_data)
{
  ListedWait *wait = user_data;

  return vireo_connection_lookup_domain_by_name (wait->connection, wait->name) != NULL;
}

/* Creates (running, transient) or defines (shut off) a VM on the test driver; waits until listed. */
static VireoDomain *
add_domain (DriverFixture *f,
            const char    *name,
            const char    *devices,
            gboolean       running)
{
  g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>%s</name>"
                                          "<memory>65536</memory><os><type>hvm</type></os>"
                                          "<devices>%s</devices></domain>", name, devices);
  virDomainPtr domain = running ? virDomainCreateXML (f->fixture, xml, 0)
                                : virDomainDefineXML (f->fixture, xml);
  ListedWait wait = { f->connection, name };

  if (domain == NULL)
    fail_msg ("test driver: %s", virGetLastErrorMessage ());
  virDomainFree (domain);
  if (!vireo_test_wait_until (is_listed, &wait, TIMEOUT_MS))
    fail_msg ("'%s' never listed", name);
  return vireo_connection_lookup_domain_by_name (f->connection, name);
}

static void
remove_domain (DriverFixture *f,
               const char    *name)
{
  virDomainPtr domain = virDomainLookupByName (f->fixture, name);

  if (domain == NULL)
    {
      virResetLastError ();
      return;
    }
  if (virDomainIsActive (domain) == 1)
    virDomainDestroy (domain);
  if (virDomainIsPersistent (domain) == 1)
    virDomainUndefine (domain);
  virDomainFree (domain);
}

static VireoGraphicsChannel *
open_display (VireoDomain   *domain,
              GCancellable  *cancellable,
              GError       **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_graphics_target_open_async (domain, cancellable, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, 3 * TIMEOUT_MS);
  assert_non_null (result);
  return vireo_graphics_target_open_finish (domain, result, error);
}

static void
test_open_refusals (void **state)
{
  DriverFixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  VireoDomain *domain;

  domain = add_domain (f, "gt-headless", "", TRUE);
  channel = open_display (domain, NULL, &error);
  assert_null (channel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_DISPLAY);
  g_clear_error (&error);

  domain = add_domain (f, "gt-spice", "<graphics type='spice' port='5990' autoport='no'/>", TRUE);
  channel = open_display (domain, NULL, &error);
  assert_null (channel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_DISPLAY);
  assert_non_null (strstr (error->message, "SPICE"));
  g_clear_error (&error);

  domain = add_domain (f, "gt-off", "<graphics type='vnc' port='-1' autoport='yes'/>", FALSE);
  channel = open_display (domain, NULL, &error);
  assert_null (channel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NOT_RUNNING);
  g_clear_error (&error);

  remove_domain (f, "gt-headless");
  remove_domain (f, "gt-spice");
  remove_domain (f, "gt-off");
}

static void
test_open_fallback_direct (void **state)
{
  DriverFixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  g_autofree char *devices = NULL;
  g_autofree char *where = NULL;
  int port = closed_port ();
  VireoDomain *domain;

  /* The test driver has no virDomainOpenGraphicsFD: being local, Vireo connects to the listen
   * address itself, where (here) nothing answers. */
  devices = g_strdup_printf ("<graphics type='vnc' port='%d' autoport='no' listen='127.0.0.1'>"
                             "<listen type='address' address='127.0.0.1'/></graphics>", port);
  domain = add_domain (f, "gt-fallback", devices, TRUE);
  channel = open_display (domain, NULL, &error);
  assert_null (channel);
  assert_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_SERVER);
  where = g_strdup_printf ("'127.0.0.1:%d'", port);
  if (strstr (error->message, where) == NULL)
    fail_msg ("'%s' does not name %s", error->message, where);
  g_clear_error (&error);

  /* Without a port and without OpenGraphicsFD, libvirt's refusal is the answer. */
  remove_domain (f, "gt-fallback");
  domain = add_domain (f, "gt-noport", "<graphics type='vnc' port='-1' autoport='yes'/>", TRUE);
  channel = open_display (domain, NULL, &error);
  assert_null (channel);
  assert_error (error, VIREO_LIBVIRT_ERROR, VIR_ERR_NO_SUPPORT);
  remove_domain (f, "gt-noport");
}

static void
test_open_vanished (void **state)
{
  DriverFixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  g_autoptr(VireoDomain) domain = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  domain = g_object_ref (add_domain (f, "gt-vanish", "<graphics type='vnc' port='5991'/>", TRUE));
  /* Gone from libvirt before the list hears of it (no main loop iteration in between). */
  remove_domain (f, "gt-vanish");
  vireo_graphics_target_open_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  channel = vireo_graphics_target_open_finish (domain, result, &error);
  assert_null (channel);
  assert_error (error, VIREO_LIBVIRT_ERROR, VIR_ERR_NO_DOMAIN);
  assert_non_null (strstr (error->message, "'gt-vanish'"));
}

static void
test_open_cancelled_and_disconnected (void **state)
{
  DriverFixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VireoDomain) domain = NULL;

  domain = g_object_ref (add_domain (f, "gt-cancel", "<graphics type='vnc' port='5992'/>", TRUE));
  g_cancellable_cancel (cancellable);
  channel = open_display (domain, cancellable, &error);
  assert_null (channel);
  assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  remove_domain (f, "gt-cancel");
  vireo_connection_disconnect (f->connection);
  assert_true (vireo_test_wait_for_connection_state (f->connection,
                                                     VIREO_CONNECTION_STATE_DISCONNECTED,
                                                     TIMEOUT_MS));
  channel = open_display (domain, NULL, &error);
  assert_null (channel);
  assert_error (error, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED);
}

int
main (int    argc,
      char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_parse_table),
    cmocka_unit_test (test_parse_type_name),
    cmocka_unit_test (test_parse_errors),
    cmocka_unit_test (test_plan_table),
    cmocka_unit_test (test_plan_describe_has_no_secret),
    cmocka_unit_test (test_ssh_argv_forward),
    cmocka_unit_test (test_ssh_argv_options),
    cmocka_unit_test (test_ssh_argv_refusals),
    cmocka_unit_test (test_relay_command_runs),
    cmocka_unit_test_setup_teardown (test_greeting_is_peeked, greeting_setup, greeting_teardown),
    cmocka_unit_test_setup_teardown (test_greeting_in_pieces, greeting_setup, greeting_teardown),
    cmocka_unit_test_setup_teardown (test_greeting_not_vnc, greeting_setup, greeting_teardown),
    cmocka_unit_test_setup_teardown (test_greeting_closed, greeting_setup, greeting_teardown),
    cmocka_unit_test_setup_teardown (test_greeting_timeout, greeting_setup, greeting_teardown),
    cmocka_unit_test_setup_teardown (test_greeting_cancelled, greeting_setup, greeting_teardown),
    cmocka_unit_test_setup_teardown (test_open_refusals, driver_setup, driver_teardown),
    cmocka_unit_test_setup_teardown (test_open_fallback_direct, driver_setup, driver_teardown),
    cmocka_unit_test_setup_teardown (test_open_vanished, driver_setup, driver_teardown),
    cmocka_unit_test_setup_teardown (test_open_cancelled_and_disconnected, driver_setup,
                                     driver_teardown),
  };
  g_autoptr(GError) error = NULL;

  g_log_writer_default_set_use_stderr (TRUE);
  if (!vireo_core_init (&error))
    {
      g_printerr ("vireo_core_init: %s\n", error->message);
      return 1;
    }

  return cmocka_run_group_tests_name ("graphics-target", tests, NULL, NULL);
}
