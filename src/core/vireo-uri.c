/* vireo-uri.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-uri"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-error.h"
#include "vireo-uri.h"

/**
 * VireoUri:
 *
 * A libvirt connection URI split into fields: driver, transport, user, host, port, path and
 * query parameters, all decoded. Plain data: usable from any thread, as long as one instance is
 * not modified while another thread reads it.
 */

/*
 * A small parser rather than GUri: libvirt splits the query on '&' and ';', never turns '+' into a
 * space, keeps duplicate parameters and decodes the user, host and path itself (viruri.c, on top
 * of libxml2's xmlParseURI). GUri's G_URI_FLAGS_ENCODED keeps the escapes but gives no way to
 * decode a host such as "fe80::1%25eth0" consistently with the other parts, so the rules are
 * written out here once.
 */

/* RFC 3986 sub-delims, allowed unescaped in user, host and path. */
#define SUB_DELIMS "!$&'()*+,;="
#define ALLOWED_IN_USER SUB_DELIMS ":"
#define ALLOWED_IN_HOST SUB_DELIMS
#define ALLOWED_IN_IPV6 SUB_DELIMS ":"
#define ALLOWED_IN_PATH SUB_DELIMS ":@/"
/* Query names and values: no '&', ';' (libvirt's separators), '=', '+' or '#'. */
#define ALLOWED_IN_PARAM "!$'()*,:@/"

typedef struct
{
  char *name;
  char *value;
} VireoUriParam;

struct _VireoUri
{
  char *driver;
  /* The transport written in the scheme: LOCAL when there is no "+x". */
  VireoUriTransport transport;
  char *user;
  char *host;
  guint port;
  char *path;
  GArray *params; /* of VireoUriParam */
};

static const char * const transport_names[] = {
  [VIREO_URI_TRANSPORT_LOCAL] = NULL,
  [VIREO_URI_TRANSPORT_UNIX] = "unix",
  [VIREO_URI_TRANSPORT_SSH] = "ssh",
  [VIREO_URI_TRANSPORT_LIBSSH] = "libssh",
  [VIREO_URI_TRANSPORT_LIBSSH2] = "libssh2",
  [VIREO_URI_TRANSPORT_TLS] = "tls",
  [VIREO_URI_TRANSPORT_TCP] = "tcp",
  [VIREO_URI_TRANSPORT_EXT] = "ext",
};

G_DEFINE_BOXED_TYPE (VireoUri, vireo_uri, vireo_uri_copy, vireo_uri_free)

static void
vireo_uri_param_clear (gpointer data)
{
  VireoUriParam *param = data;

  g_clear_pointer (&param->name, g_free);
  g_clear_pointer (&param->value, g_free);
}

/* Empty strings are stored as NULL so that "" and unset compare equal. */
static void
vireo_uri_set_field (char       **field,
                     const char  *value)
{
  char *copy = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;

  g_free (*field);
  *field = copy;
}

static void
vireo_uri_take_param (VireoUri *self,
                      char     *name,
                      char     *value)
{
  VireoUriParam param = { name, value };

  g_array_append_val (self->params, param);
}

/**
 * vireo_uri_new:
 *
 * Creates an empty URI. Set at least a driver before formatting it.
 *
 * Any thread.
 *
 * Returns: (transfer full): a new #VireoUri
 */
VireoUri *
vireo_uri_new (void)
{
  VireoUri *self = g_new0 (VireoUri, 1);

  self->transport = VIREO_URI_TRANSPORT_LOCAL;
  self->params = g_array_new (FALSE, TRUE, sizeof (VireoUriParam));
  g_array_set_clear_func (self->params, vireo_uri_param_clear);

  return self;
}

/**
 * vireo_uri_copy:
 * @self: a #VireoUri
 *
 * Any thread.
 *
 * Returns: (transfer full): a deep copy of @self
 */
VireoUri *
vireo_uri_copy (const VireoUri *self)
{
  VireoUri *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = vireo_uri_new ();
  copy->driver = g_strdup (self->driver);
  copy->transport = self->transport;
  copy->user = g_strdup (self->user);
  copy->host = g_strdup (self->host);
  copy->port = self->port;
  copy->path = g_strdup (self->path);

  for (guint i = 0; i < self->params->len; i++)
    {
      const VireoUriParam *param = &g_array_index (self->params, VireoUriParam, i);

      vireo_uri_take_param (copy, g_strdup (param->name), g_strdup (param->value));
    }

  return copy;
}

/**
 * vireo_uri_free:
 * @self: (nullable): a #VireoUri
 *
 * Frees @self. Any thread.
 */
void
vireo_uri_free (VireoUri *self)
{
  if (self == NULL)
    return;

  g_free (self->driver);
  g_free (self->user);
  g_free (self->host);
  g_free (self->path);
  g_array_unref (self->params);
  g_free (self);
}

/* Parsing */

static gboolean
is_scheme_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '-' || c == '.';
}

/* Decodes %XX escapes in [start, start + len). FALSE on a malformed escape, on "%00" and when
 * the result is not UTF-8: every decoded field ends up in labels and GSettings. */
static gboolean
percent_decode (const char  *start,
                gsize        len,
                char       **out)
{
  g_autoptr(GString) decoded = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      if (start[i] == '%')
        {
          int hi, lo;

          if (i + 2 >= len)
            return FALSE;

          hi = g_ascii_xdigit_value (start[i + 1]);
          lo = g_ascii_xdigit_value (start[i + 2]);
          if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            return FALSE;

          g_string_append_c (decoded, (char) ((hi << 4) | lo));
          i += 2;
        }
      else
        {
          g_string_append_c (decoded, start[i]);
        }
    }

  if (!g_utf8_validate (decoded->str, decoded->len, NULL))
    return FALSE;

  *out = decoded->len > 0 ? g_string_free (g_steal_pointer (&decoded), FALSE) : NULL;

  return TRUE;
}

static gboolean
parse_transport (const char        *name,
                 VireoUriTransport *transport)
{
  for (guint i = 0; i < G_N_ELEMENTS (transport_names); i++)
    {
      if (transport_names[i] != NULL && g_str_equal (name, transport_names[i]))
        {
          *transport = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
parse_port (const char *start,
            gsize       len,
            guint      *port)
{
  guint value = 0;

  /* RFC 3986 allows an empty port ("host:"), which means the default one. */
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (start[i]))
        return FALSE;

      value = value * 10 + (guint) (start[i] - '0');
      if (value > 65535)
        return FALSE;
    }

  *port = value;

  return TRUE;
}

static gboolean
host_chars_valid (const char *start,
                  gsize       len,
                  gboolean    bracketed)
{
  for (gsize i = 0; i < len; i++)
    {
      char c = start[i];

      if (c == '[' || c == ']' || c == '@' || (c == ':' && !bracketed))
        return FALSE;
    }

  return TRUE;
}

/* Splits "a=b&c;d" as libvirt's virURIParseParams does: empty sections and "=value" are skipped,
 * "name" alone has the value "". */
static gboolean
parse_query (VireoUri   *self,
             const char *query,
             gsize       len)
{
  const char *end_of_query = query + len;
  const char *p = query;

  while (p < end_of_query)
    {
      const char *end = p;
      const char *eq = NULL;
      char *name = NULL;
      char *value = NULL;

      while (end < end_of_query && *end != '&' && *end != ';')
        {
          if (*end == '=' && eq == NULL)
            eq = end;
          end++;
        }

      if (end == p || eq == p)
        {
          p = end + 1;
          continue;
        }

      if (eq == NULL)
        eq = end;

      if (!percent_decode (p, eq - p, &name))
        return FALSE;

      if (eq < end && !percent_decode (eq + 1, end - (eq + 1), &value))
        {
          g_free (name);
          return FALSE;
        }

      if (name == NULL)
        {
          g_free (value);
        }
      else
        {
          vireo_uri_take_param (self, name, value != NULL ? value : g_strdup (""));
        }

      p = end + 1;
    }

  return TRUE;
}

/**
 * vireo_uri_parse:
 * @text: a libvirt connection URI such as "qemu+ssh://root@host/system"
 * @error: return location for a #GError
 *
 * Parses @text as libvirt does: the scheme is "driver" or "driver+transport", the user, host
 * (IPv6 literals in brackets), path and query parameters are percent-decoded.
 *
 * Any thread.
 *
 * Returns: (transfer full) (nullable): the URI, or %NULL with @error set to
 *   %VIREO_ERROR_INVALID_URI
 */
VireoUri *
vireo_uri_parse (const char  *text,
                 GError     **error)
{
  g_autoptr(VireoUri) self = NULL;
  g_autofree char *scheme = NULL;
  const char *p;
  const char *plus;
  const char *authority;
  const char *authority_end;
  const char *hostport;
  const char *at = NULL;
  const char *path_end;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _("The connection URI is empty"));
      return NULL;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _("The connection URI is not valid UTF-8 text"));
      return NULL;
    }

  for (p = text; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || *p == 0x7f)
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                       _("'%s' is not a valid connection URI: it contains a space or a control "
                         "character"),
                       text);
          return NULL;
        }
    }

  /* scheme ":" "//" */
  p = text;
  if (!g_ascii_isalpha (*p))
    goto no_scheme;
  while (is_scheme_char (*p))
    p++;
  if (*p != ':')
    goto no_scheme;

  scheme = g_ascii_strdown (text, p - text);
  p++;

  if (p[0] != '/' || p[1] != '/')
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                   _("'%s' is not a valid connection URI: the scheme must be followed by '//', as "
                     "in 'qemu:///system'"),
                   text);
      return NULL;
    }
  p += 2;

  self = vireo_uri_new ();

  plus = strchr (scheme, '+');
  if (plus != NULL)
    {
      if (!parse_transport (plus + 1, &self->transport))
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                       _("'%s' is not a valid connection URI: unknown transport '%s'"),
                       text, plus + 1);
          return NULL;
        }
      self->driver = g_strndup (scheme, plus - scheme);
    }
  else
    {
      self->driver = g_strdup (scheme);
    }

  /* authority: [user "@"] host [":" port] */
  authority = p;
  authority_end = authority + strcspn (authority, "/?#");

  for (const char *q = authority; q < authority_end; q++)
    {
      if (*q == '@')
        at = q;
    }

  if (at != NULL)
    {
      if (!percent_decode (authority, at - authority, &self->user))
        goto bad_escape;
      hostport = at + 1;
    }
  else
    {
      hostport = authority;
    }

  if (hostport < authority_end)
    {
      const char *host_start = hostport;
      const char *host_end;
      const char *port_start = NULL;
      gboolean bracketed = FALSE;

      if (*hostport == '[')
        {
          const char *close = memchr (hostport, ']', authority_end - hostport);

          if (close == NULL)
            {
              g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                           _("'%s' is not a valid connection URI: the IPv6 address has no "
                             "closing ']'"),
                           text);
              return NULL;
            }

          bracketed = TRUE;
          host_start = hostport + 1;
          host_end = close;

          if (close + 1 < authority_end)
            {
              if (close[1] != ':')
                goto bad_host;
              port_start = close + 2;
            }

          if (host_end == host_start)
            goto bad_host;
        }
      else
        {
          host_end = memchr (hostport, ':', authority_end - hostport);
          if (host_end == NULL)
            host_end = authority_end;
          else
            port_start = host_end + 1;
        }

      if (!host_chars_valid (host_start, host_end - host_start, bracketed))
        goto bad_host;

      if (!percent_decode (host_start, host_end - host_start, &self->host))
        goto bad_escape;

      if (port_start != NULL
          && !parse_port (port_start, authority_end - port_start, &self->port))
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                       _("'%s' is not a valid connection URI: the port must be a number from 1 "
                         "to 65535"),
                       text);
          return NULL;
        }

      if (self->host == NULL && port_start != NULL)
        {
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                       _("'%s' is not a valid connection URI: a port needs a host name"),
                       text);
          return NULL;
        }
    }

  /* path ["?" query] */
  p = authority_end;
  path_end = p + strcspn (p, "?#");
  if (!percent_decode (p, path_end - p, &self->path))
    goto bad_escape;

  p = path_end;
  if (*p == '?')
    {
      const char *query = p + 1;
      const char *query_end = query + strcspn (query, "#");

      if (!parse_query (self, query, query_end - query))
        goto bad_escape;

      p = query_end;
    }

  if (*p == '#')
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
                   _("'%s' is not a valid connection URI: libvirt URIs have no '#' part; write "
                     "'%%23' for a '#' in a name"),
                   text);
      return NULL;
    }

  return g_steal_pointer (&self);

no_scheme:
  g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
               _("'%s' is not a valid connection URI: it does not start with a driver such as "
                 "'qemu://' or 'test://'"),
               text);
  return NULL;

bad_host:
  g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
               _("'%s' is not a valid connection URI: the host name is malformed"),
               text);
  return NULL;

bad_escape:
  g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI,
               _("'%s' is not a valid connection URI: it contains an invalid '%%' escape"),
               text);
  return NULL;
}

/* Formatting */

static void
append_escaped (GString    *string,
                const char *unescaped,
                const char *allowed)
{
  /* Non-ASCII is escaped too: libxml2's URI parser, which libvirt uses, accepts only ASCII. */
  g_autofree char *escaped = g_uri_escape_string (unescaped, allowed, FALSE);

  g_string_append (string, escaped);
}

/**
 * vireo_uri_to_string:
 * @self: a #VireoUri with a driver
 *
 * Formats @self as libvirt expects it, escaping what must be escaped: parsing the result gives
 * back equal fields. A path that does not start with '/' gets one.
 *
 * Any thread.
 *
 * Returns: (transfer full): the URI text
 */
char *
vireo_uri_to_string (const VireoUri *self)
{
  GString *string;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->driver != NULL, NULL);

  string = g_string_new (self->driver);

  if (self->transport != VIREO_URI_TRANSPORT_LOCAL)
    {
      g_string_append_c (string, '+');
      g_string_append (string, transport_names[self->transport]);
    }

  g_string_append (string, "://");

  if (self->user != NULL)
    {
      append_escaped (string, self->user, ALLOWED_IN_USER);
      g_string_append_c (string, '@');
    }

  if (self->host != NULL)
    {
      if (strchr (self->host, ':') != NULL)
        {
          g_string_append_c (string, '[');
          append_escaped (string, self->host, ALLOWED_IN_IPV6);
          g_string_append_c (string, ']');
        }
      else
        {
          append_escaped (string, self->host, ALLOWED_IN_HOST);
        }

      if (self->port != 0)
        g_string_append_printf (string, ":%u", self->port);
    }

  if (self->path != NULL)
    {
      if (self->path[0] != '/')
        g_string_append_c (string, '/');
      append_escaped (string, self->path, ALLOWED_IN_PATH);
    }

  for (guint i = 0; i < self->params->len; i++)
    {
      const VireoUriParam *param = &g_array_index (self->params, VireoUriParam, i);

      g_string_append_c (string, i == 0 ? '?' : '&');
      append_escaped (string, param->name, ALLOWED_IN_PARAM);
      g_string_append_c (string, '=');
      append_escaped (string, param->value, ALLOWED_IN_PARAM);
    }

  return g_string_free (string, FALSE);
}

/* Labels */

static const char *
driver_display_name (const char *driver)
{
  if (g_str_equal (driver, "xen"))
    return "Xen";
  if (g_str_equal (driver, "lxc"))
    return "LXC";
  if (g_str_equal (driver, "qemu"))
    return "QEMU/KVM";

  return driver;
}

/**
 * vireo_uri_dup_label:
 * @self: a #VireoUri
 *
 * A short translated name for the connection, for the sidebar: "QEMU/KVM",
 * "QEMU/KVM user session", "QEMU/KVM on host", "Test driver", "Xen on host" …
 *
 * Any thread.
 *
 * Returns: (transfer full): the label
 */
char *
vireo_uri_dup_label (const VireoUri *self)
{
  gboolean session;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->driver == NULL)
    return g_strdup (_("Unknown connection"));

  session = g_strcmp0 (self->path, "/session") == 0;

  if (g_str_equal (self->driver, "qemu"))
    {
      if (self->host != NULL)
        {
          if (session)
            return g_strdup_printf (_("QEMU/KVM user session on %s"), self->host);
          return g_strdup_printf (_("QEMU/KVM on %s"), self->host);
        }

      return g_strdup (session ? _("QEMU/KVM user session") : _("QEMU/KVM"));
    }

  if (g_str_equal (self->driver, "test"))
    {
      g_autofree char *basename = NULL;

      if (self->host != NULL)
        return g_strdup_printf (_("Test driver on %s"), self->host);

      if (self->path == NULL || g_str_equal (self->path, "/default"))
        return g_strdup (_("Test driver"));

      basename = g_path_get_basename (self->path);
      /* Translators: %s is the file name of a test driver configuration */
      return g_strdup_printf (_("Test driver (%s)"), basename);
    }

  if (self->host != NULL)
    {
      /* Translators: the first %s is a hypervisor such as "Xen", the second a host name */
      return g_strdup_printf (_("%s on %s"), driver_display_name (self->driver), self->host);
    }

  return g_strdup (driver_display_name (self->driver));
}

/**
 * vireo_uri_is_remote:
 * @self: a #VireoUri
 *
 * Any thread.
 *
 * Returns: %TRUE when @self names a host or a network transport (ssh, libssh, libssh2, tls,
 *   tcp, ext), even towards the local machine
 */
gboolean
vireo_uri_is_remote (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->host != NULL)
    return TRUE;

  switch (self->transport)
    {
    case VIREO_URI_TRANSPORT_SSH:
    case VIREO_URI_TRANSPORT_LIBSSH:
    case VIREO_URI_TRANSPORT_LIBSSH2:
    case VIREO_URI_TRANSPORT_TLS:
    case VIREO_URI_TRANSPORT_TCP:
    case VIREO_URI_TRANSPORT_EXT:
      return TRUE;

    case VIREO_URI_TRANSPORT_LOCAL:
    case VIREO_URI_TRANSPORT_UNIX:
    default:
      return FALSE;
    }
}

/**
 * vireo_uri_equal:
 * @a: (nullable): a #VireoUri
 * @b: (nullable): a #VireoUri
 *
 * Compares every field, parameters in order. "qemu://host/system" equals
 * "qemu+tls://host/system": both use TLS.
 *
 * Any thread.
 *
 * Returns: %TRUE when @a and @b name the same connection
 */
gboolean
vireo_uri_equal (const VireoUri *a,
                 const VireoUri *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (g_strcmp0 (a->driver, b->driver) != 0
      || vireo_uri_get_transport (a) != vireo_uri_get_transport (b)
      || g_strcmp0 (a->user, b->user) != 0
      || g_strcmp0 (a->host, b->host) != 0
      || a->port != b->port
      || g_strcmp0 (a->path, b->path) != 0
      || a->params->len != b->params->len)
    return FALSE;

  for (guint i = 0; i < a->params->len; i++)
    {
      const VireoUriParam *pa = &g_array_index (a->params, VireoUriParam, i);
      const VireoUriParam *pb = &g_array_index (b->params, VireoUriParam, i);

      if (!g_str_equal (pa->name, pb->name) || !g_str_equal (pa->value, pb->value))
        return FALSE;
    }

  return TRUE;
}

/* Accessors */

/**
 * vireo_uri_get_driver:
 * @self: a #VireoUri
 *
 * Returns: (nullable): the libvirt driver, lower case: "qemu", "test", "xen" …
 */
const char *
vireo_uri_get_driver (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->driver;
}

/**
 * vireo_uri_set_driver:
 * @self: a #VireoUri
 * @driver: (nullable): the libvirt driver
 */
void
vireo_uri_set_driver (VireoUri   *self,
                      const char *driver)
{
  g_return_if_fail (self != NULL);

  vireo_uri_set_field (&self->driver, driver);
}

/**
 * vireo_uri_get_transport:
 * @self: a #VireoUri
 *
 * A URI with a host and no "+transport" (e.g. "qemu://host/system") uses TLS, as in libvirt.
 *
 * Returns: the transport
 */
VireoUriTransport
vireo_uri_get_transport (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, VIREO_URI_TRANSPORT_LOCAL);

  if (self->transport == VIREO_URI_TRANSPORT_LOCAL && self->host != NULL)
    return VIREO_URI_TRANSPORT_TLS;

  return self->transport;
}

/**
 * vireo_uri_set_transport:
 * @self: a #VireoUri
 * @transport: the transport
 *
 * %VIREO_URI_TRANSPORT_LOCAL writes no "+transport" in the scheme; any other value is written.
 */
void
vireo_uri_set_transport (VireoUri          *self,
                         VireoUriTransport  transport)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (transport <= VIREO_URI_TRANSPORT_EXT);

  self->transport = transport;
}

/**
 * vireo_uri_get_user:
 * @self: a #VireoUri
 *
 * Returns: (nullable): the decoded user name
 */
const char *
vireo_uri_get_user (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->user;
}

/**
 * vireo_uri_set_user:
 * @self: a #VireoUri
 * @user: (nullable): the user name, not escaped
 */
void
vireo_uri_set_user (VireoUri   *self,
                    const char *user)
{
  g_return_if_fail (self != NULL);

  vireo_uri_set_field (&self->user, user);
}

/**
 * vireo_uri_get_host:
 * @self: a #VireoUri
 *
 * Returns: (nullable): the decoded host, IPv6 addresses without brackets
 */
const char *
vireo_uri_get_host (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->host;
}

/**
 * vireo_uri_set_host:
 * @self: a #VireoUri
 * @host: (nullable): the host, IPv6 addresses without brackets
 */
void
vireo_uri_set_host (VireoUri   *self,
                    const char *host)
{
  g_return_if_fail (self != NULL);

  vireo_uri_set_field (&self->host, host);
}

/**
 * vireo_uri_get_port:
 * @self: a #VireoUri
 *
 * Returns: the port, 0 for the transport's default
 */
guint
vireo_uri_get_port (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

/**
 * vireo_uri_set_port:
 * @self: a #VireoUri
 * @port: the port, 0 for the default; only written when there is a host
 */
void
vireo_uri_set_port (VireoUri *self,
                    guint     port)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (port <= 65535);

  self->port = port;
}

/**
 * vireo_uri_get_path:
 * @self: a #VireoUri
 *
 * Returns: (nullable): the decoded path: "/system", "/session", "/default", "/abs/file.xml"
 */
const char *
vireo_uri_get_path (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/**
 * vireo_uri_set_path:
 * @self: a #VireoUri
 * @path: (nullable): the path, not escaped
 */
void
vireo_uri_set_path (VireoUri   *self,
                    const char *path)
{
  g_return_if_fail (self != NULL);

  vireo_uri_set_field (&self->path, path);
}

/**
 * vireo_uri_get_param:
 * @self: a #VireoUri
 * @name: a query parameter name, such as "keyfile"
 *
 * Returns: (nullable): the decoded value of the first parameter called @name ("" for a
 *   parameter without a value), %NULL when there is none
 */
const char *
vireo_uri_get_param (const VireoUri *self,
                     const char     *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->params->len; i++)
    {
      const VireoUriParam *param = &g_array_index (self->params, VireoUriParam, i);

      if (g_str_equal (param->name, name))
        return param->value;
    }

  return NULL;
}

/**
 * vireo_uri_set_param:
 * @self: a #VireoUri
 * @name: a non-empty query parameter name
 * @value: (nullable): its value, not escaped; %NULL removes every parameter called @name
 *
 * Replaces the value of the first parameter called @name, or appends one.
 */
void
vireo_uri_set_param (VireoUri   *self,
                     const char *name,
                     const char *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL && *name != '\0');

  if (value == NULL)
    {
      for (guint i = self->params->len; i > 0; i--)
        {
          if (g_str_equal (g_array_index (self->params, VireoUriParam, i - 1).name, name))
            g_array_remove_index (self->params, i - 1);
        }
      return;
    }

  for (guint i = 0; i < self->params->len; i++)
    {
      VireoUriParam *param = &g_array_index (self->params, VireoUriParam, i);

      if (g_str_equal (param->name, name))
        {
          char *copy = g_strdup (value);

          g_free (param->value);
          param->value = copy;
          return;
        }
    }

  vireo_uri_take_param (self, g_strdup (name), g_strdup (value));
}

/**
 * vireo_uri_get_n_params:
 * @self: a #VireoUri
 *
 * Returns: the number of query parameters, duplicates included
 */
guint
vireo_uri_get_n_params (const VireoUri *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->params->len;
}

/**
 * vireo_uri_get_param_name:
 * @self: a #VireoUri
 * @index: a position below vireo_uri_get_n_params()
 *
 * Returns: the decoded name of the parameter at @index
 */
const char *
vireo_uri_get_param_name (const VireoUri *self,
                          guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->params->len, NULL);

  return g_array_index (self->params, VireoUriParam, index).name;
}

/**
 * vireo_uri_get_param_value:
 * @self: a #VireoUri
 * @index: a position below vireo_uri_get_n_params()
 *
 * Returns: the decoded value of the parameter at @index, "" when it has none
 */
const char *
vireo_uri_get_param_value (const VireoUri *self,
                           guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->params->len, NULL);

  return g_array_index (self->params, VireoUriParam, index).value;
}
