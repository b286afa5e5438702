/* test-uri.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

/* Before vireo-test-utils.h, which uses GAsyncResult. */
#include <gio/gio.h>

#include "vireo-test-utils.h"

#include "vireo-error.h"
#include "vireo-uri.h"

#define LOCAL   VIREO_URI_TRANSPORT_LOCAL
#define UNIX    VIREO_URI_TRANSPORT_UNIX
#define SSH     VIREO_URI_TRANSPORT_SSH
#define LIBSSH  VIREO_URI_TRANSPORT_LIBSSH
#define LIBSSH2 VIREO_URI_TRANSPORT_LIBSSH2
#define TLS     VIREO_URI_TRANSPORT_TLS
#define TCP     VIREO_URI_TRANSPORT_TCP
#define EXT     VIREO_URI_TRANSPORT_EXT

typedef struct
{
  const char *text;
  const char *canonical;  /* what vireo_uri_to_string() gives; NULL: @text itself */
  const char *driver;
  VireoUriTransport transport;
  const char *user;
  const char *host;
  guint port;
  const char *path;
  const char *params[9];  /* decoded name, value, name, value …, NULL */
  gboolean remote;
  const char *label;
} UriCase;

static const UriCase uri_cases[] = {
  /* Local */
  { "qemu:///system", NULL, "qemu", LOCAL, NULL, NULL, 0, "/system", { NULL },
    FALSE, "QEMU/KVM" },
  { "qemu:///session", NULL, "qemu", LOCAL, NULL, NULL, 0, "/session", { NULL },
    FALSE, "QEMU/KVM user session" },
  { "qemu+unix:///system", NULL, "qemu", UNIX, NULL, NULL, 0, "/system", { NULL },
    FALSE, "QEMU/KVM" },
  { "qemu+unix:///system?socket=/run/libvirt/virtqemud-sock", NULL, "qemu", UNIX, NULL, NULL, 0,
    "/system", { "socket", "/run/libvirt/virtqemud-sock", NULL }, FALSE, "QEMU/KVM" },
  { "qemu+unix:///session?socket=/tmp/my%20sock", NULL, "qemu", UNIX, NULL, NULL, 0,
    "/session", { "socket", "/tmp/my sock", NULL }, FALSE, "QEMU/KVM user session" },
  { "QEMU:///system", "qemu:///system", "qemu", LOCAL, NULL, NULL, 0, "/system", { NULL },
    FALSE, "QEMU/KVM" },
  /* ssh and friends */
  { "qemu+ssh://root@example.com/system", NULL, "qemu", SSH, "root", "example.com", 0, "/system",
    { NULL }, TRUE, "QEMU/KVM on example.com" },
  { "qemu+ssh://user@host:2222/system?keyfile=/home/user/.ssh/id_ed25519&no_verify=1", NULL,
    "qemu", SSH, "user", "host", 2222, "/system",
    { "keyfile", "/home/user/.ssh/id_ed25519", "no_verify", "1", NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+ssh://user@host/session", NULL, "qemu", SSH, "user", "host", 0, "/session", { NULL },
    TRUE, "QEMU/KVM user session on host" },
  { "qemu+ssh://root@192.168.2.3/system?no_verify=1", NULL, "qemu", SSH, "root", "192.168.2.3", 0,
    "/system", { "no_verify", "1", NULL }, TRUE, "QEMU/KVM on 192.168.2.3" },
  { "qemu+libssh://root@host/system", NULL, "qemu", LIBSSH, "root", "host", 0, "/system",
    { NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+libssh2://root@host/system?known_hosts=/home/u/.ssh/known_hosts&sshauth=privkey", NULL,
    "qemu", LIBSSH2, "root", "host", 0, "/system",
    { "known_hosts", "/home/u/.ssh/known_hosts", "sshauth", "privkey", NULL }, TRUE,
    "QEMU/KVM on host" },
  { "qemu+ssh:///system", NULL, "qemu", SSH, NULL, NULL, 0, "/system", { NULL },
    TRUE, "QEMU/KVM" },
  { "QEMU+SSH://Root@Host.Example.com/system", "qemu+ssh://Root@Host.Example.com/system",
    "qemu", SSH, "Root", "Host.Example.com", 0, "/system", { NULL }, TRUE,
    "QEMU/KVM on Host.Example.com" },
  /* TLS, TCP, ext */
  { "qemu+tls://host.example.org/system", NULL, "qemu", TLS, NULL, "host.example.org", 0,
    "/system", { NULL }, TRUE, "QEMU/KVM on host.example.org" },
  { "qemu://host.example.org/system", NULL, "qemu", TLS, NULL, "host.example.org", 0, "/system",
    { NULL }, TRUE, "QEMU/KVM on host.example.org" },
  { "qemu+tls://host:16514/system?pkipath=/etc/pki/vireo", NULL, "qemu", TLS, NULL, "host",
    16514, "/system", { "pkipath", "/etc/pki/vireo", NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+tcp://10.0.0.1:16509/system", NULL, "qemu", TCP, NULL, "10.0.0.1", 16509, "/system",
    { NULL }, TRUE, "QEMU/KVM on 10.0.0.1" },
  { "qemu+ext:///system?command=/opt/bin/tunnel", NULL, "qemu", EXT, NULL, NULL, 0, "/system",
    { "command", "/opt/bin/tunnel", NULL }, TRUE, "QEMU/KVM" },
  /* IPv6 */
  { "qemu+ssh://root@[::1]:2222/system", NULL, "qemu", SSH, "root", "::1", 2222, "/system",
    { NULL }, TRUE, "QEMU/KVM on ::1" },
  { "qemu+ssh://[fe80::1]:2222/system", NULL, "qemu", SSH, NULL, "fe80::1", 2222, "/system",
    { NULL }, TRUE, "QEMU/KVM on fe80::1" },
  { "qemu+ssh://[fe80::1%25eth0]/system", NULL, "qemu", SSH, NULL, "fe80::1%eth0", 0, "/system",
    { NULL }, TRUE, "QEMU/KVM on fe80::1%eth0" },
  { "qemu+tcp://[2001:db8::42]/session", NULL, "qemu", TCP, NULL, "2001:db8::42", 0, "/session",
    { NULL }, TRUE, "QEMU/KVM user session on 2001:db8::42" },
  { "gluster+tcp://[1:2:3:4:5:6:7:8]:24007/testvol/dir/a.img", NULL, "gluster", TCP, NULL,
    "1:2:3:4:5:6:7:8", 24007, "/testvol/dir/a.img", { NULL }, TRUE,
    "gluster on 1:2:3:4:5:6:7:8" },
  /* Percent escapes (virt-manager's test_uriparse.py) */
  { "qemu+ssh://foo%5Cbar@hostname/system", NULL, "qemu", SSH, "foo\\bar", "hostname", 0,
    "/system", { NULL }, TRUE, "QEMU/KVM on hostname" },
  { "qemu+ssh://foo%5cbar@hostname/system", "qemu+ssh://foo%5Cbar@hostname/system", "qemu", SSH,
    "foo\\bar", "hostname", 0, "/system", { NULL }, TRUE, "QEMU/KVM on hostname" },
  { "qemu+ssh://user%40domain.org@hostname/system", NULL, "qemu", SSH, "user@domain.org",
    "hostname", 0, "/system", { NULL }, TRUE, "QEMU/KVM on hostname" },
  { "qemu+ssh://h%C3%A9l%C3%A8ne@host/system", NULL, "qemu", SSH, "h\xc3\xa9l\xc3\xa8ne", "host",
    0, "/system", { NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+ssh://root@host/system?keyfile=/home/me/my%20keys/id_rsa", NULL, "qemu", SSH, "root",
    "host", 0, "/system", { "keyfile", "/home/me/my keys/id_rsa", NULL }, TRUE,
    "QEMU/KVM on host" },
  { "qemu+ssh://root@host/system?keyfile=/keys/a%26b%3Bc%3Dd", NULL, "qemu", SSH, "root", "host",
    0, "/system", { "keyfile", "/keys/a&b;c=d", NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+ssh://root@host/system?keyfile=C:%5Ckeys%5Cid", NULL, "qemu", SSH, "root", "host", 0,
    "/system", { "keyfile", "C:\\keys\\id", NULL }, TRUE, "QEMU/KVM on host" },
  /* libvirt never turns '+' into a space */
  { "qemu+ssh://root@host/system?command=/usr/bin/a+b", "qemu+ssh://root@host/system?command="
    "/usr/bin/a%2Bb", "qemu", SSH, "root", "host", 0, "/system",
    { "command", "/usr/bin/a+b", NULL }, TRUE, "QEMU/KVM on host" },
  /* Query oddities, as libvirt's virURIParseParams */
  { "qemu+ssh://root@host/system?no_verify=1&no_verify=0", NULL, "qemu", SSH, "root", "host", 0,
    "/system", { "no_verify", "1", "no_verify", "0", NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+ssh://root@host/system?socket=/x;no_tty=1", "qemu+ssh://root@host/system?socket=/x&"
    "no_tty=1", "qemu", SSH, "root", "host", 0, "/system",
    { "socket", "/x", "no_tty", "1", NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+ssh://root@host/system?no_tty", "qemu+ssh://root@host/system?no_tty=", "qemu", SSH,
    "root", "host", 0, "/system", { "no_tty", "", NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu:///system?&&=ignored&mode=legacy", "qemu:///system?mode=legacy", "qemu", LOCAL, NULL,
    NULL, 0, "/system", { "mode", "legacy", NULL }, FALSE, "QEMU/KVM" },
  { "qemu+ssh://root@host:/system", "qemu+ssh://root@host/system", "qemu", SSH, "root", "host", 0,
    "/system", { NULL }, TRUE, "QEMU/KVM on host" },
  { "qemu+ssh://root@/system", NULL, "qemu", SSH, "root", NULL, 0, "/system", { NULL }, TRUE,
    "QEMU/KVM" },
  /* Test driver */
  { "test:///default", NULL, "test", LOCAL, NULL, NULL, 0, "/default", { NULL },
    FALSE, "Test driver" },
  { "test:///abs/path.xml", NULL, "test", LOCAL, NULL, NULL, 0, "/abs/path.xml", { NULL },
    FALSE, "Test driver (path.xml)" },
  { "test:///tmp/my%20dir/node%231.xml", NULL, "test", LOCAL, NULL, NULL, 0,
    "/tmp/my dir/node#1.xml", { NULL }, FALSE, "Test driver (node#1.xml)" },
  { "test+unix:///default", NULL, "test", UNIX, NULL, NULL, 0, "/default", { NULL },
    FALSE, "Test driver" },
  { "test+ssh://root@example.com/default", NULL, "test", SSH, "root", "example.com", 0,
    "/default", { NULL }, TRUE, "Test driver on example.com" },
  { "test+tcp://example.com/default", NULL, "test", TCP, NULL, "example.com", 0, "/default",
    { NULL }, TRUE, "Test driver on example.com" },
  { "test://example.com/default", NULL, "test", TLS, NULL, "example.com", 0, "/default",
    { NULL }, TRUE, "Test driver on example.com" },
  /* Other drivers */
  { "lxc:///", NULL, "lxc", LOCAL, NULL, NULL, 0, "/", { NULL }, FALSE, "LXC" },
  { "lxc://", NULL, "lxc", LOCAL, NULL, NULL, 0, NULL, { NULL }, FALSE, "LXC" },
  { "lxc+ssh://root@container-host/", NULL, "lxc", SSH, "root", "container-host", 0, "/",
    { NULL }, TRUE, "LXC on container-host" },
  { "xen:///system", NULL, "xen", LOCAL, NULL, NULL, 0, "/system", { NULL }, FALSE, "Xen" },
  { "xen+ssh://root@xenhost/system", NULL, "xen", SSH, "root", "xenhost", 0, "/system", { NULL },
    TRUE, "Xen on xenhost" },
  { "vbox:///session", NULL, "vbox", LOCAL, NULL, NULL, 0, "/session", { NULL }, FALSE, "vbox" },
  { "esx://vcenter.example.com/?no_verify=1", NULL, "esx", TLS, NULL, "vcenter.example.com", 0,
    "/", { "no_verify", "1", NULL }, TRUE, "esx on vcenter.example.com" },
};

typedef struct
{
  const char *text;
  gboolean quoted;  /* the message quotes the input */
} BadCase;

static const BadCase bad_cases[] = {
  { "", FALSE },
  { "qemu:///\xff", FALSE },
  { "   ", TRUE },
  { "qemu", TRUE },
  { "/system", TRUE },
  { "://host/system", TRUE },
  { "1qemu:///system", TRUE },
  { "qemu:/system", TRUE },
  { "qemu:system", TRUE },
  { "qemu+ssh://ho st/system", TRUE },
  { "qemu+ssh://host/system\n", TRUE },
  { "qemu+foo://host/system", TRUE },
  { "qemu+://host/system", TRUE },
  { "qemu+ssh+tls://host/system", TRUE },
  { "qemu+ssh://host:22x/system", TRUE },
  { "qemu+ssh://host:-1/system", TRUE },
  { "qemu+ssh://host:65536/system", TRUE },
  { "qemu+ssh://host:99999999999999999999/system", TRUE },
  { "qemu+ssh://:22/system", TRUE },
  { "qemu+ssh://a:b:c/system", TRUE },
  { "qemu+ssh://root@[::1/system", TRUE },
  { "qemu+ssh://root@[::1:2222/system", TRUE },
  { "qemu+ssh://[::1]x/system", TRUE },
  { "qemu+ssh://[]/system", TRUE },
  { "qemu+ssh://ho[st/system", TRUE },
  { "qemu+ssh://host/sys%zztem", TRUE },
  { "qemu+ssh://host/system?keyfile=%", TRUE },
  { "qemu+ssh://host/system?keyfile=%5", TRUE },
  { "qemu+ssh://ho%00st/system", TRUE },
  { "qemu+ssh://host/%FF", TRUE },
  { "qemu:///system#fragment", TRUE },
};

static void
assert_fields (const VireoUri *uri,
               const UriCase  *c)
{
  guint n_params = 0;

  while (c->params[n_params * 2] != NULL)
    n_params++;

  if (g_strcmp0 (vireo_uri_get_driver (uri), c->driver) != 0
      || vireo_uri_get_transport (uri) != c->transport
      || g_strcmp0 (vireo_uri_get_user (uri), c->user) != 0
      || g_strcmp0 (vireo_uri_get_host (uri), c->host) != 0
      || vireo_uri_get_port (uri) != c->port
      || g_strcmp0 (vireo_uri_get_path (uri), c->path) != 0
      || vireo_uri_get_n_params (uri) != n_params)
    fail_msg ("'%s': got driver '%s' transport %d user '%s' host '%s' port %u path '%s' "
              "%u params", c->text,
              vireo_uri_get_driver (uri), vireo_uri_get_transport (uri),
              vireo_uri_get_user (uri), vireo_uri_get_host (uri), vireo_uri_get_port (uri),
              vireo_uri_get_path (uri), vireo_uri_get_n_params (uri));

  for (guint i = 0; i < n_params; i++)
    {
      const char *name = c->params[i * 2];
      const char *value = c->params[i * 2 + 1];

      assert_string_equal (vireo_uri_get_param_name (uri, i), name);
      assert_string_equal (vireo_uri_get_param_value (uri, i), value);
    }

  /* get_param returns the first of duplicates */
  if (n_params > 0)
    assert_string_equal (vireo_uri_get_param (uri, c->params[0]), c->params[1]);
  assert_null (vireo_uri_get_param (uri, "no-such-param"));
}

static void
test_uri_table (void **state)
{
  assert_true (G_N_ELEMENTS (uri_cases) >= 35);

  for (gsize i = 0; i < G_N_ELEMENTS (uri_cases); i++)
    {
      const UriCase *c = &uri_cases[i];
      const char *canonical = c->canonical != NULL ? c->canonical : c->text;
      g_autoptr(GError) error = NULL;
      g_autoptr(VireoUri) uri = NULL;
      g_autoptr(VireoUri) reparsed = NULL;
      g_autoptr(VireoUri) copy = NULL;
      g_autofree char *text = NULL;
      g_autofree char *text2 = NULL;
      g_autofree char *label = NULL;

      uri = vireo_uri_parse (c->text, &error);
      if (uri == NULL)
        fail_msg ("'%s' did not parse: %s", c->text, error->message);
      assert_null (error);

      assert_fields (uri, c);

      if (vireo_uri_is_remote (uri) != c->remote)
        fail_msg ("'%s': is_remote is %d", c->text, vireo_uri_is_remote (uri));

      label = vireo_uri_dup_label (uri);
      if (g_strcmp0 (label, c->label) != 0)
        fail_msg ("'%s': label '%s', expected '%s'", c->text, label, c->label);

      /* Format: exactly the canonical form … */
      text = vireo_uri_to_string (uri);
      if (g_strcmp0 (text, canonical) != 0)
        fail_msg ("'%s' formatted as '%s', expected '%s'", c->text, text, canonical);

      /* … which parses back to equal fields and formats to itself. */
      reparsed = vireo_uri_parse (text, &error);
      if (reparsed == NULL)
        fail_msg ("'%s' (from '%s') did not parse: %s", text, c->text, error->message);
      assert_fields (reparsed, c);
      assert_true (vireo_uri_equal (uri, reparsed));
      assert_true (vireo_uri_equal (reparsed, uri));

      text2 = vireo_uri_to_string (reparsed);
      assert_string_equal (text2, text);

      copy = vireo_uri_copy (uri);
      assert_true (vireo_uri_equal (uri, copy));
      assert_fields (copy, c);
    }
}

static void
test_uri_invalid (void **state)
{
  assert_true (G_N_ELEMENTS (bad_cases) >= 8);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VireoUri) uri = NULL;

      uri = vireo_uri_parse (bad_cases[i].text, &error);
      if (uri != NULL)
        {
          g_autofree char *text = vireo_uri_to_string (uri);

          fail_msg ("'%s' parsed, as '%s'", bad_cases[i].text, text);
        }

      if (!g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI))
        fail_msg ("'%s': wrong error %s", bad_cases[i].text, error ? error->message : "(none)");
      assert_non_null (error->message);
      assert_true (strlen (error->message) > 0);

      if (bad_cases[i].quoted)
        {
          g_autofree char *quoted = g_strdup_printf ("'%s'", bad_cases[i].text);

          if (strstr (error->message, quoted) == NULL)
            fail_msg ("'%s': message '%s' does not quote the input", bad_cases[i].text,
                      error->message);
        }
    }

  /* A NULL GError location is allowed. */
  assert_null (vireo_uri_parse ("qemu+ssh://host:70000/system", NULL));
}

static void
test_uri_setters (void **state)
{
  g_autoptr(VireoUri) uri = vireo_uri_new ();
  g_autoptr(VireoUri) reparsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  vireo_uri_set_driver (uri, "qemu");
  vireo_uri_set_transport (uri, VIREO_URI_TRANSPORT_SSH);
  vireo_uri_set_user (uri, "a b@c");
  vireo_uri_set_host (uri, "fe80::1");
  vireo_uri_set_port (uri, 2222);
  vireo_uri_set_path (uri, "/system");
  vireo_uri_set_param (uri, "keyfile", "/k/a&b c#\\");
  vireo_uri_set_param (uri, "no_verify", "1");

  text = vireo_uri_to_string (uri);
  assert_string_equal (text,
                       "qemu+ssh://a%20b%40c@[fe80::1]:2222/system"
                       "?keyfile=/k/a%26b%20c%23%5C&no_verify=1");

  reparsed = vireo_uri_parse (text, &error);
  assert_null (error);
  assert_true (vireo_uri_equal (uri, reparsed));
  assert_string_equal (vireo_uri_get_user (reparsed), "a b@c");
  assert_string_equal (vireo_uri_get_param (reparsed, "keyfile"), "/k/a&b c#\\");

  label = vireo_uri_dup_label (uri);
  assert_string_equal (label, "QEMU/KVM on fe80::1");

  /* set_param replaces the first value, NULL removes every one */
  vireo_uri_set_param (uri, "no_verify", "0");
  assert_int_equal (vireo_uri_get_n_params (uri), 2);
  assert_string_equal (vireo_uri_get_param (uri, "no_verify"), "0");
  vireo_uri_set_param (uri, "keyfile", NULL);
  assert_int_equal (vireo_uri_get_n_params (uri), 1);
  assert_null (vireo_uri_get_param (uri, "keyfile"));
  assert_string_equal (vireo_uri_get_param_name (uri, 0), "no_verify");

  /* Empty strings unset */
  vireo_uri_set_user (uri, "");
  vireo_uri_set_host (uri, "");
  vireo_uri_set_path (uri, NULL);
  assert_null (vireo_uri_get_user (uri));
  assert_null (vireo_uri_get_host (uri));
  assert_null (vireo_uri_get_path (uri));

  /* A path without its leading '/' gets one, or it would become the host */
  g_clear_pointer (&text, g_free);
  vireo_uri_set_transport (uri, VIREO_URI_TRANSPORT_LOCAL);
  vireo_uri_set_param (uri, "no_verify", NULL);
  vireo_uri_set_path (uri, "session");
  text = vireo_uri_to_string (uri);
  assert_string_equal (text, "qemu:///session");
}

static void
test_uri_transport (void **state)
{
  g_autoptr(VireoUri) uri = NULL;
  g_autofree char *text = NULL;

  uri = vireo_uri_parse ("qemu:///system", NULL);
  assert_int_equal (vireo_uri_get_transport (uri), VIREO_URI_TRANSPORT_LOCAL);
  assert_false (vireo_uri_is_remote (uri));

  /* A host alone means TLS, as for libvirt; the scheme stays as written. */
  vireo_uri_set_host (uri, "h");
  assert_int_equal (vireo_uri_get_transport (uri), VIREO_URI_TRANSPORT_TLS);
  assert_true (vireo_uri_is_remote (uri));
  text = vireo_uri_to_string (uri);
  assert_string_equal (text, "qemu://h/system");
  g_clear_pointer (&text, g_free);

  vireo_uri_set_transport (uri, VIREO_URI_TRANSPORT_TLS);
  text = vireo_uri_to_string (uri);
  assert_string_equal (text, "qemu+tls://h/system");
  g_clear_pointer (&text, g_free);

  vireo_uri_set_host (uri, NULL);
  for (VireoUriTransport t = VIREO_URI_TRANSPORT_LOCAL; t <= VIREO_URI_TRANSPORT_EXT; t++)
    {
      gboolean expected = (t != VIREO_URI_TRANSPORT_LOCAL && t != VIREO_URI_TRANSPORT_UNIX);

      vireo_uri_set_transport (uri, t);
      assert_int_equal (vireo_uri_get_transport (uri), t);
      assert_int_equal (vireo_uri_is_remote (uri), expected);
    }
}

static void
test_uri_equal (void **state)
{
  static const char * const different[] = {
    "qemu+ssh://root@host:2222/system?a=1&b=2",
    "qemu+libssh://root@host:2222/system?a=1&b=2",
    "qemu+ssh://admin@host:2222/system?a=1&b=2",
    "qemu+ssh://root@Host:2222/system?a=1&b=2",
    "qemu+ssh://root@host:2223/system?a=1&b=2",
    "qemu+ssh://root@host/system?a=1&b=2",
    "qemu+ssh://root@host:2222/session?a=1&b=2",
    "qemu+ssh://root@host:2222/system?b=2&a=1",
    "qemu+ssh://root@host:2222/system?a=1&b=3",
    "qemu+ssh://root@host:2222/system?a=1",
    "qemu+ssh://root@host:2222/system?a=1&b=2&b=2",
    "test+ssh://root@host:2222/system?a=1&b=2",
    "qemu+ssh://host:2222/system?a=1&b=2",
  };
  g_autoptr(VireoUri) plain = vireo_uri_parse ("qemu://host/system", NULL);
  g_autoptr(VireoUri) tls = vireo_uri_parse ("qemu+tls://host/system", NULL);
  g_autoptr(VireoUri) tcp = vireo_uri_parse ("qemu+tcp://host/system", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (different); i++)
    {
      for (gsize j = 0; j < G_N_ELEMENTS (different); j++)
        {
          g_autoptr(VireoUri) a = vireo_uri_parse (different[i], NULL);
          g_autoptr(VireoUri) b = vireo_uri_parse (different[j], NULL);

          assert_non_null (a);
          assert_non_null (b);
          if (vireo_uri_equal (a, b) != (i == j))
            fail_msg ("'%s' vs '%s'", different[i], different[j]);
        }
    }

  assert_true (vireo_uri_equal (plain, tls));
  assert_false (vireo_uri_equal (plain, tcp));
  assert_true (vireo_uri_equal (NULL, NULL));
  assert_false (vireo_uri_equal (plain, NULL));
  assert_false (vireo_uri_equal (NULL, plain));
}

static void
test_uri_boxed (void **state)
{
  g_autoptr(VireoUri) uri = vireo_uri_parse ("qemu+ssh://root@[::1]:2222/system?x=1", NULL);
  g_autoptr(VireoUri) copy = NULL;
  g_auto(GValue) value = G_VALUE_INIT;

  assert_true (G_TYPE_IS_BOXED (VIREO_TYPE_URI));
  assert_string_equal (g_type_name (VIREO_TYPE_URI), "VireoUri");

  copy = g_boxed_copy (VIREO_TYPE_URI, uri);
  assert_ptr_not_equal (copy, uri);
  assert_true (vireo_uri_equal (copy, uri));

  /* The copy is deep */
  vireo_uri_set_param (copy, "x", "2");
  assert_string_equal (vireo_uri_get_param (uri, "x"), "1");

  g_value_init (&value, VIREO_TYPE_URI);
  g_value_set_boxed (&value, uri);
  assert_true (vireo_uri_equal (g_value_get_boxed (&value), uri));
}

static char *
random_string (GRand      *rand,
               const char *prefix)
{
  static const char *const pieces[] = {
    "a", "Z", "0", "-", ".", "_", "~", " ", "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*",
    "+", ",", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "^", "`", "{", "|", "}",
    "%25", "%41", "\xc3\xa9", "\xe2\x82\xac",
  };
  GString *string = g_string_new (prefix);
  int len = g_rand_int_range (rand, 1, 12);

  for (int i = 0; i < len; i++)
    g_string_append (string, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (string, FALSE);
}

/* Whatever the fields hold, formatting then parsing gives them back. */
static void
test_uri_round_trip_random (void **state)
{
  static const char *const drivers[] = { "qemu", "test", "xen", "lxc" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  for (guint iteration = 0; iteration < 3000; iteration++)
    {
      g_autoptr(VireoUri) uri = vireo_uri_new ();
      g_autoptr(VireoUri) reparsed = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      int n_params = g_rand_int_range (rand, 0, 4);

      vireo_uri_set_driver (uri, drivers[g_rand_int_range (rand, 0, G_N_ELEMENTS (drivers))]);
      vireo_uri_set_transport (uri, g_rand_int_range (rand, 0, VIREO_URI_TRANSPORT_EXT + 1));

      if (g_rand_boolean (rand))
        {
          g_autofree char *user = random_string (rand, "");

          vireo_uri_set_user (uri, user);
        }

      if (g_rand_boolean (rand))
        {
          g_autofree char *host = random_string (rand, "");

          vireo_uri_set_host (uri, host);
          if (g_rand_boolean (rand))
            vireo_uri_set_port (uri, g_rand_int_range (rand, 1, 65536));
        }

      if (g_rand_boolean (rand))
        {
          g_autofree char *path = random_string (rand, "/");

          vireo_uri_set_path (uri, path);
        }

      for (int i = 0; i < n_params; i++)
        {
          g_autofree char *name = random_string (rand, "");
          g_autofree char *value = g_rand_boolean (rand) ? random_string (rand, "") : g_strdup ("");

          vireo_uri_set_param (uri, name, value);
        }

      text = vireo_uri_to_string (uri);
      reparsed = vireo_uri_parse (text, &error);
      if (reparsed == NULL)
        fail_msg ("'%s' did not parse: %s", text, error->message);
      if (!vireo_uri_equal (uri, reparsed))
        {
          g_autofree char *text2 = vireo_uri_to_string (reparsed);

          fail_msg ("'%s' reparsed as '%s' (user '%s' → '%s', host '%s' → '%s', path '%s' → "
                    "'%s')", text, text2,
                    vireo_uri_get_user (uri), vireo_uri_get_user (reparsed),
                    vireo_uri_get_host (uri), vireo_uri_get_host (reparsed),
                    vireo_uri_get_path (uri), vireo_uri_get_path (reparsed));
        }
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_uri_table),
    cmocka_unit_test (test_uri_invalid),
    cmocka_unit_test (test_uri_setters),
    cmocka_unit_test (test_uri_transport),
    cmocka_unit_test (test_uri_equal),
    cmocka_unit_test (test_uri_boxed),
    cmocka_unit_test (test_uri_round_trip_random),
  };

  return cmocka_run_group_tests_name ("uri", tests, NULL, NULL);
}
