/* vireo-graphics-target.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-graphics-target"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-graphics-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-xml-private.h"

/*
 * How the console reaches a VM's display (virt-viewer and virt-manager do the same):
 *
 *   local libvirt (no host, unix socket)  virDomainOpenGraphicsFD: QEMU hands libvirt a connected
 *                                         socket, passed to us over libvirt's UNIX socket; VNC
 *                                         authentication is skipped (the libvirt connection is the
 *                                         authorisation). Works for any listen, even 'none'.
 *   qemu+ssh, +libssh, +libssh2           an ssh child to the listen address (wildcards become the
 *                                         remote's loopback) or to the socket (vireo-ssh-tunnel).
 *                                         Fds cannot travel over ssh, so OpenGraphicsFD is out.
 *   qemu+tls, +tcp                        TCP straight to the VM's host, when the display listens
 *                                         where we can reach it: nothing can tunnel there.
 *
 * The password comes from the secure XML, read only when the route needs one, kept in memory only
 * and wiped when freed. libvirt writes passwd= only into the secure XML, so whether a VM has a
 * password is not known before that.
 */

#define DIRECT_TIMEOUT_MS   15000
/* ssh may ask for a password or a host key first: the user's answer counts in this time. */
#define SSH_TIMEOUT_MS      90000
#define OPEN_FD_TIMEOUT_MS  10000

G_DEFINE_QUARK (vireo-graphics-error-quark, vireo_graphics_error)

G_DEFINE_BOXED_TYPE (VireoGraphicsTarget, vireo_graphics_target,
                     vireo_graphics_target_copy, vireo_graphics_target_free)
G_DEFINE_BOXED_TYPE (VireoGraphicsPlan, vireo_graphics_plan,
                     vireo_graphics_plan_copy, vireo_graphics_plan_free)

/**
 * _vireo_secret_free:
 * @secret: (nullable): a string holding a secret
 *
 * Overwrites @secret with zeros, then frees it. Any thread.
 */
void
_vireo_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  /* A volatile pointer: the compiler may not drop the stores as dead before free(). */
  for (volatile char *p = secret; *p != '\0'; p++)
    *p = '\0';
  g_free (secret);
}

/* --- target ----------------------------------------------------------------------------------- */

/**
 * vireo_graphics_target_new:
 *
 * Returns: (transfer full): a target of type NONE, without port
 */
VireoGraphicsTarget *
vireo_graphics_target_new (void)
{
  VireoGraphicsTarget *target = g_new0 (VireoGraphicsTarget, 1);

  target->type = VIREO_GRAPHICS_TYPE_NONE;
  target->index = -1;
  target->port = -1;
  target->tls_port = -1;
  target->listen = VIREO_GRAPHICS_LISTEN_ADDRESS;
  return target;
}

VireoGraphicsTarget *
vireo_graphics_target_copy (const VireoGraphicsTarget *target)
{
  VireoGraphicsTarget *copy;

  g_return_val_if_fail (target != NULL, NULL);

  copy = g_memdup2 (target, sizeof *target);
  copy->type_name = g_strdup (target->type_name);
  copy->listen_address = g_strdup (target->listen_address);
  copy->listen_network = g_strdup (target->listen_network);
  copy->socket_path = g_strdup (target->socket_path);
  copy->password = g_strdup (target->password);
  return copy;
}

void
vireo_graphics_target_free (VireoGraphicsTarget *target)
{
  if (target == NULL)
    return;

  g_free (target->type_name);
  g_free (target->listen_address);
  g_free (target->listen_network);
  g_free (target->socket_path);
  _vireo_secret_free (target->password);
  g_free (target);
}

static int
parse_port (const char *text)
{
  gint64 value;
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return -1;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || value <= 0 || value > 65535)
    return -1;
  return (int) value;
}

static gboolean
attribute_is (xmlNode    *node,
              const char *name,
              const char *value)
{
  g_autofree char *actual = _vireo_xml_get_attribute (node, name);

  return g_strcmp0 (actual, value) == 0;
}

static void
parse_listen (VireoGraphicsTarget *target,
              xmlXPathContext     *context,
              xmlNode             *graphics)
{
  xmlNode *listen = _vireo_xml_find_node (context, graphics, "./listen");

  if (listen != NULL)
    {
      g_autofree char *type = _vireo_xml_get_attribute (listen, "type");

      if (g_strcmp0 (type, "none") == 0)
        target->listen = VIREO_GRAPHICS_LISTEN_NONE;
      else if (g_strcmp0 (type, "socket") == 0)
        target->listen = VIREO_GRAPHICS_LISTEN_SOCKET;
      else if (g_strcmp0 (type, "network") == 0)
        target->listen = VIREO_GRAPHICS_LISTEN_NETWORK;
      else
        target->listen = VIREO_GRAPHICS_LISTEN_ADDRESS;

      target->listen_address = _vireo_xml_get_attribute (listen, "address");
      target->listen_network = _vireo_xml_get_attribute (listen, "network");
      target->socket_path = _vireo_xml_get_attribute (listen, "socket");
    }

  /* Older definitions (and libvirt's own compatibility copy) put it on <graphics>. */
  if (target->socket_path == NULL)
    target->socket_path = _vireo_xml_get_attribute (graphics, "socket");
  if (listen == NULL && target->socket_path != NULL)
    target->listen = VIREO_GRAPHICS_LISTEN_SOCKET;
  if (target->listen_address == NULL && target->listen != VIREO_GRAPHICS_LISTEN_SOCKET &&
      target->listen != VIREO_GRAPHICS_LISTEN_NONE)
    target->listen_address = _vireo_xml_get_attribute (graphics, "listen");
}

/**
 * vireo_graphics_target_parse:
 * @xml: a domain's XML (live, for a running VM: it has the ports QEMU got)
 * @error: return location for a %VIREO_ERROR_INVALID_XML
 *
 * Pure; any thread.
 *
 * Returns: (transfer full) (nullable): the display, of type NONE when the VM has none
 */
VireoGraphicsTarget *
vireo_graphics_target_parse (const char  *xml,
                             GError     **error)
{
  g_autoptr(VireoGraphicsTarget) target = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  xmlNode *root;
  xmlNode *chosen = NULL;
  g_autofree char *type = NULL;
  g_autofree char *tls_port = NULL;
  g_autofree char *password = NULL;

  g_return_val_if_fail (xml != NULL, NULL);

  doc = _vireo_xml_parse (xml, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (root == NULL || !xmlStrEqual (root->name, (const xmlChar *) "domain"))
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                           _("The XML does not describe a virtual machine."));
      return NULL;
    }

  target = vireo_graphics_target_new ();
  context = _vireo_xml_context_new (doc);
  nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/graphics");
  target->n_graphics = nodes->len;

  for (guint i = 0; i < nodes->len && chosen == NULL; i++)
    if (attribute_is (g_ptr_array_index (nodes, i), "type", "vnc"))
      {
        chosen = g_ptr_array_index (nodes, i);
        target->index = (int) i;
      }
  if (chosen == NULL && nodes->len > 0)
    {
      chosen = g_ptr_array_index (nodes, 0);
      target->index = 0;
    }
  if (chosen == NULL)
    return g_steal_pointer (&target);

  type = _vireo_xml_get_attribute (chosen, "type");
  if (g_strcmp0 (type, "vnc") == 0)
    target->type = VIREO_GRAPHICS_TYPE_VNC;
  else if (g_strcmp0 (type, "spice") == 0)
    target->type = VIREO_GRAPHICS_TYPE_SPICE;
  else
    target->type = VIREO_GRAPHICS_TYPE_OTHER;
  target->type_name = g_steal_pointer (&type);

  {
    g_autofree char *port = _vireo_xml_get_attribute (chosen, "port");

    target->port = parse_port (port);
  }
  target->autoport = attribute_is (chosen, "autoport", "yes");
  tls_port = _vireo_xml_get_attribute (chosen, "tlsPort");
  target->tls_port = parse_port (tls_port);
  target->tls_only = target->type == VIREO_GRAPHICS_TYPE_SPICE &&
                     (attribute_is (chosen, "defaultMode", "secure") ||
                      (target->tls_port > 0 && target->port <= 0));

  password = _vireo_xml_get_attribute (chosen, "passwd");
  target->has_password = password != NULL;
  if (password != NULL)
    target->password = g_strdup (password);
  g_clear_pointer (&password, _vireo_secret_free);

  parse_listen (target, context, chosen);

  return g_steal_pointer (&target);
}

/* --- plan ------------------------------------------------------------------------------------- */

VireoGraphicsPlan *
vireo_graphics_plan_new (VireoGraphicsRoute route)
{
  VireoGraphicsPlan *plan = g_new0 (VireoGraphicsPlan, 1);

  plan->route = route;
  plan->port = -1;
  return plan;
}

VireoGraphicsPlan *
vireo_graphics_plan_copy (const VireoGraphicsPlan *plan)
{
  VireoGraphicsPlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = g_memdup2 (plan, sizeof *plan);
  copy->host = g_strdup (plan->host);
  copy->socket_path = g_strdup (plan->socket_path);
  copy->tls_hostname = g_strdup (plan->tls_hostname);
  return copy;
}

void
vireo_graphics_plan_free (VireoGraphicsPlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->host);
  g_free (plan->socket_path);
  g_free (plan->tls_hostname);
  g_free (plan);
}

static char *
format_host_port (const char *host,
                  int         port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);
  return g_strdup_printf ("%s:%d", host, port);
}

/**
 * vireo_graphics_plan_describe:
 * @plan: a #VireoGraphicsPlan
 *
 * Returns: (transfer full): e.g. "ssh tunnel to 127.0.0.1:5900" (for logs; not translated)
 */
char *
vireo_graphics_plan_describe (const VireoGraphicsPlan *plan)
{
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  if (plan->socket_path != NULL)
    endpoint = g_strdup_printf ("socket %s", plan->socket_path);
  else if (plan->host != NULL)
    endpoint = format_host_port (plan->host, plan->port);
  else
    endpoint = g_strdup ("?");

  switch (plan->route)
    {
    case VIREO_GRAPHICS_ROUTE_OPEN_FD:
      return g_strdup ("virDomainOpenGraphicsFD (local libvirt, no VNC authentication)");
    case VIREO_GRAPHICS_ROUTE_SSH_TUNNEL:
      return g_strdup_printf ("ssh tunnel to %s", endpoint);
    case VIREO_GRAPHICS_ROUTE_DIRECT_TCP:
      return g_strdup_printf ("TCP to %s", endpoint);
    case VIREO_GRAPHICS_ROUTE_UNIX_SOCKET:
      return g_strdup_printf ("UNIX %s", endpoint);
    default:
      g_assert_not_reached ();
    }
}

typedef enum
{
  ADDRESS_UNSET,     /* no address: QEMU's default, loopback in qemu.conf as shipped */
  ADDRESS_LOOPBACK,
  ADDRESS_WILDCARD,
  ADDRESS_OTHER,
} AddressKind;

static AddressKind
classify_address (const char  *address,
                  gboolean    *ipv6)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autofree char *bare = NULL;

  *ipv6 = FALSE;
  if (address == NULL || *address == '\0')
    return ADDRESS_UNSET;

  bare = g_strdup (address);
  if (bare[0] == '[' && g_str_has_suffix (bare, "]"))
    {
      memmove (bare, bare + 1, strlen (bare) - 2);
      bare[strlen (bare) - 2] = '\0';
    }

  if (g_ascii_strcasecmp (bare, "localhost") == 0)
    return ADDRESS_LOOPBACK;

  inet = g_inet_address_new_from_string (bare);
  if (inet == NULL)
    return ADDRESS_OTHER;
  *ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
  if (g_inet_address_get_is_any (inet))
    return ADDRESS_WILDCARD;
  if (g_inet_address_get_is_loopback (inet))
    return ADDRESS_LOOPBACK;
  return ADDRESS_OTHER;
}

static gboolean
check_displayable (const VireoGraphicsTarget  *target,
                   gboolean                    running,
                   GError                    **error)
{
  switch (target->type)
    {
    case VIREO_GRAPHICS_TYPE_NONE:
      g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_DISPLAY,
                           _("This virtual machine has no graphical display."));
      return FALSE;
    case VIREO_GRAPHICS_TYPE_SPICE:
      g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_DISPLAY,
                           target->tls_only
                           ? _("This virtual machine's display is SPICE, reachable only over TLS; "
                               "Vireo shows VNC displays. Add a VNC display in its details.")
                           : _("This virtual machine's display is SPICE; Vireo shows VNC displays. "
                               "Add a VNC display in its details."));
      return FALSE;
    case VIREO_GRAPHICS_TYPE_OTHER:
      g_set_error (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_DISPLAY,
                   _("This virtual machine's display is of type '%s'; Vireo shows VNC displays. "
                     "Add a VNC display in its details."),
                   target->type_name != NULL ? target->type_name : "");
      return FALSE;
    case VIREO_GRAPHICS_TYPE_VNC:
    default:
      break;
    }

  if (!running)
    {
      g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NOT_RUNNING,
                           _("The virtual machine is not running. Start it to see its display."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_port (const VireoGraphicsTarget  *target,
            GError                    **error)
{
  if (target->port > 0)
    return TRUE;

  g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_PORT,
                       _("The display has no port yet. Try again in a moment."));
  return FALSE;
}

static VireoGraphicsPlan *
plan_ssh (const VireoGraphicsTarget  *target,
          const VireoUri             *uri,
          GError                    **error)
{
  g_autoptr(VireoGraphicsPlan) plan = vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_SSH_TUNNEL);
  const char *uri_host = vireo_uri_get_host (uri);
  gboolean ipv6;

  plan->needs_password = TRUE;
  plan->tls_hostname = g_strdup (uri_host != NULL ? uri_host : "localhost");

  switch (target->listen)
    {
    case VIREO_GRAPHICS_LISTEN_NONE:
      g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_UNREACHABLE,
                           _("The display accepts connections only through libvirt on the "
                             "virtual machine's host, which cannot pass them over SSH. Make it "
                             "listen on an address or a socket."));
      return NULL;

    case VIREO_GRAPHICS_LISTEN_SOCKET:
      if (target->socket_path == NULL)
        {
          g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_UNREACHABLE,
                               _("The display listens on a socket whose path libvirt does not "
                                 "tell."));
          return NULL;
        }
      plan->socket_path = g_strdup (target->socket_path);
      return g_steal_pointer (&plan);

    case VIREO_GRAPHICS_LISTEN_ADDRESS:
    case VIREO_GRAPHICS_LISTEN_NETWORK:
    default:
      if (!check_port (target, error))
        return NULL;
      switch (classify_address (target->listen_address, &ipv6))
        {
        case ADDRESS_UNSET:
          plan->host = g_strdup ("127.0.0.1");
          break;
        case ADDRESS_WILDCARD:
          /* Listening everywhere includes the remote's own loopback. */
          plan->host = g_strdup (ipv6 ? "::1" : "127.0.0.1");
          break;
        case ADDRESS_LOOPBACK:
        case ADDRESS_OTHER:
        default:
          plan->host = g_strdup (target->listen_address);
          break;
        }
      plan->port = target->port;
      return g_steal_pointer (&plan);
    }
}

static VireoGraphicsPlan *
plan_direct (const VireoGraphicsTarget  *target,
             const VireoUri             *uri,
             GError                    **error)
{
  g_autoptr(VireoGraphicsPlan) plan = vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_DIRECT_TCP);
  const char *uri_host = vireo_uri_get_host (uri);
  gboolean ipv6;

  if (uri_host == NULL)
    {
      g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_UNREACHABLE,
                           _("This connection names no host to reach the display on."));
      return NULL;
    }

  plan->needs_password = TRUE;
  plan->tls_hostname = g_strdup (uri_host);

  switch (target->listen)
    {
    case VIREO_GRAPHICS_LISTEN_NONE:
      g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_UNREACHABLE,
                           _("The display accepts connections only through libvirt on the "
                             "virtual machine's host, and this transport cannot pass them. "
                             "Connect over SSH (qemu+ssh) instead."));
      return NULL;

    case VIREO_GRAPHICS_LISTEN_SOCKET:
      g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_UNREACHABLE,
                           _("The display listens on a UNIX socket on the remote host, and this "
                             "transport cannot tunnel. Connect over SSH (qemu+ssh) instead."));
      return NULL;

    case VIREO_GRAPHICS_LISTEN_ADDRESS:
    case VIREO_GRAPHICS_LISTEN_NETWORK:
    default:
      if (!check_port (target, error))
        return NULL;
      switch (classify_address (target->listen_address, &ipv6))
        {
        case ADDRESS_UNSET:
        case ADDRESS_LOOPBACK:
          g_set_error_literal (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_UNREACHABLE,
                               _("The display listens only on the remote host's loopback, and "
                                 "this transport cannot tunnel. Connect over SSH (qemu+ssh), or "
                                 "make the display listen on a reachable address."));
          return NULL;
        case ADDRESS_WILDCARD:
          plan->host = g_strdup (uri_host);
          break;
        case ADDRESS_OTHER:
        default:
          plan->host = g_strdup (target->listen_address);
          break;
        }
      plan->port = target->port;
      return g_steal_pointer (&plan);
    }
}

/**
 * vireo_graphics_target_plan:
 * @target: the VM's display
 * @uri: the VM's libvirt connection
 * @running: whether the VM is active (running or paused)
 * @error: return location for a %VIREO_GRAPHICS_ERROR
 *
 * Pure; any thread.
 *
 * Returns: (transfer full) (nullable): how to reach the display
 */
VireoGraphicsPlan *
vireo_graphics_target_plan (const VireoGraphicsTarget  *target,
                            const VireoUri             *uri,
                            gboolean                    running,
                            GError                    **error)
{
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  if (!check_displayable (target, running, error))
    return NULL;

  switch (vireo_uri_get_transport (uri))
    {
    case VIREO_URI_TRANSPORT_LOCAL:
    case VIREO_URI_TRANSPORT_UNIX:
      /* Any listen, even 'none': QEMU makes the connection itself. */
      return vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_OPEN_FD);

    case VIREO_URI_TRANSPORT_SSH:
    case VIREO_URI_TRANSPORT_LIBSSH:
    case VIREO_URI_TRANSPORT_LIBSSH2:
      return plan_ssh (target, uri, error);

    case VIREO_URI_TRANSPORT_TLS:
    case VIREO_URI_TRANSPORT_TCP:
    case VIREO_URI_TRANSPORT_EXT:
    default:
      return plan_direct (target, uri, error);
    }
}

/* When virDomainOpenGraphicsFD is refused on a local connection (read-only, or a driver without
 * it), the display is on this machine: connect to it ourselves. */
static VireoGraphicsPlan *
plan_local_fallback (const VireoGraphicsTarget *target)
{
  g_autoptr(VireoGraphicsPlan) plan = NULL;
  gboolean ipv6;

  switch (target->listen)
    {
    case VIREO_GRAPHICS_LISTEN_SOCKET:
      if (target->socket_path == NULL)
        return NULL;
      plan = vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_UNIX_SOCKET);
      plan->socket_path = g_strdup (target->socket_path);
      break;

    case VIREO_GRAPHICS_LISTEN_ADDRESS:
    case VIREO_GRAPHICS_LISTEN_NETWORK:
      if (target->port <= 0)
        return NULL;
      plan = vireo_graphics_plan_new (VIREO_GRAPHICS_ROUTE_DIRECT_TCP);
      switch (classify_address (target->listen_address, &ipv6))
        {
        case ADDRESS_UNSET:
          plan->host = g_strdup ("127.0.0.1");
          break;
        case ADDRESS_WILDCARD:
          plan->host = g_strdup (ipv6 ? "::1" : "127.0.0.1");
          break;
        case ADDRESS_LOOPBACK:
        case ADDRESS_OTHER:
        default:
          plan->host = g_strdup (target->listen_address);
          break;
        }
      plan->port = target->port;
      plan->tls_hostname = g_strdup ("localhost");
      break;

    case VIREO_GRAPHICS_LISTEN_NONE:
    default:
      return NULL;
    }

  plan->needs_password = TRUE;
  return g_steal_pointer (&plan);
}

/* --- opening a domain's display ------------------------------------------------------------- */

typedef struct
{
  char          *uuid;
  char          *name;
  virConnectPtr  conn;
  VireoUri      *uri;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->uuid);
  g_free (job->name);
  g_clear_pointer (&job->uri, vireo_uri_free);
  g_free (job);
}

/* What the worker found: a plan, and an fd (OPEN_FD) or the password (other routes). */
typedef struct
{
  VireoGraphicsPlan *plan;
  int                fd;
  char              *password;
} OpenFound;

static void
open_found_free (OpenFound *found)
{
  g_clear_pointer (&found->plan, vireo_graphics_plan_free);
  if (found->fd >= 0)
    close (found->fd);
  _vireo_secret_free (found->password);
  g_free (found);
}

static char *
read_password (virDomainPtr domain)
{
  g_autoptr(VireoGraphicsTarget) target = NULL;
  char *xml;

  /* Needs a read-write connection; without it the VNC client asks the user instead. */
  xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_SECURE);
  if (xml == NULL)
    {
      g_debug ("No secure XML (read-only connection?): %s", virGetLastErrorMessage ());
      virResetLastError ();
      return NULL;
    }

  target = vireo_graphics_target_parse (xml, NULL);
  for (volatile char *p = xml; *p != '\0'; p++)
    *p = '\0';
  free (xml);

  return target != NULL ? g_steal_pointer (&target->password) : NULL;
}

static gboolean
should_fall_back (int code)
{
  return code == VIR_ERR_NO_SUPPORT || code == VIR_ERR_OPERATION_DENIED ||
         code == VIR_ERR_OPERATION_UNSUPPORTED || code == VIR_ERR_ARGUMENT_UNSUPPORTED;
}

static void
open_in_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autoptr(virDomain) domain = virDomainLookupByUUIDString (job->conn, job->uuid);
  g_autoptr(VireoGraphicsTarget) target = NULL;
  g_autoptr(VireoGraphicsPlan) plan = NULL;
  OpenFound *found;
  GError *error = NULL;
  char *xml;
  int active;

  if (domain == NULL)
    {
      virErrorPtr last = virGetLastError ();

      if (last != NULL && last->code == VIR_ERR_NO_DOMAIN)
        {
          virResetLastError ();
          g_task_return_new_error (task, VIREO_LIBVIRT_ERROR, VIR_ERR_NO_DOMAIN,
                                   _("The virtual machine '%s' no longer exists."), job->name);
          return;
        }
      vireo_set_error_from_libvirt (&error, NULL);
      g_task_return_error (task, error);
      return;
    }

  active = virDomainIsActive (domain);
  xml = active >= 0 ? virDomainGetXMLDesc (domain, 0) : NULL;
  if (xml == NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("Could not read the definition of '%s'."),
                                                   job->name);

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }
  target = vireo_graphics_target_parse (xml, &error);
  free (xml);
  if (target == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  plan = vireo_graphics_target_plan (target, job->uri, active == 1, &error);
  if (plan == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  found = g_new0 (OpenFound, 1);
  found->fd = -1;

  if (plan->route == VIREO_GRAPHICS_ROUTE_OPEN_FD)
    {
      found->fd = virDomainOpenGraphicsFD (domain, (unsigned int) target->index,
                                           VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
      if (found->fd < 0)
        {
          virErrorPtr last = virGetLastError ();
          g_autoptr(VireoGraphicsPlan) fallback = NULL;

          if (last != NULL && should_fall_back (last->code))
            fallback = plan_local_fallback (target);
          if (fallback == NULL)
            {
              g_autofree char *message =
                g_strdup_printf (_("libvirt could not open the display of '%s'."), job->name);

              vireo_set_error_from_libvirt (&error, message);
              open_found_free (found);
              g_task_return_error (task, error);
              return;
            }
          g_debug ("virDomainOpenGraphicsFD refused (%s): connecting to the display directly",
                   last->message);
          virResetLastError ();
          g_clear_pointer (&plan, vireo_graphics_plan_free);
          plan = g_steal_pointer (&fallback);
        }
      else
        {
          /* The fd arrived over libvirt's socket (SCM_RIGHTS) without close-on-exec: keep it out
           * of the ssh and askpass children. */
          fcntl (found->fd, F_SETFD, fcntl (found->fd, F_GETFD) | FD_CLOEXEC);
        }
    }

  if (plan->needs_password)
    found->password = read_password (domain);

  found->plan = g_steal_pointer (&plan);
  g_task_return_pointer (task, found, (GDestroyNotify) open_found_free);
}

/* The outer task's data, on the main thread. */
typedef struct
{
  VireoUri *uri;
  int       fd;
  char     *description;
} OpenState;

static void
open_state_free (OpenState *state)
{
  g_clear_pointer (&state->uri, vireo_uri_free);
  if (state->fd >= 0)
    close (state->fd);
  g_free (state->description);
  g_free (state);
}

static void
on_open_fd_greeting (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenState *state = g_task_get_task_data (task);
  VireoDomain *domain = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  VireoGraphicsChannel *channel;

  if (!_vireo_rfb_greeting_wait_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_SERVER,
                                 _("The display of '%s' closed the connection before greeting."),
                                 vireo_domain_get_name (domain));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  channel = _vireo_graphics_channel_new (VIREO_GRAPHICS_ROUTE_OPEN_FD, state->fd, NULL, NULL,
                                         state->description, NULL);
  state->fd = -1;
  g_task_return_pointer (task, channel, g_object_unref);
}

static void
on_channel_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  VireoGraphicsChannel *channel = vireo_graphics_channel_open_finish (result, &error);

  if (channel == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, channel, g_object_unref);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VireoDomain *domain = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  OpenState *state = g_task_get_task_data (task);
  OpenFound *found;
  GError *error = NULL;
  g_autofree char *description = NULL;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (found == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  description = vireo_graphics_plan_describe (found->plan);
  g_debug ("Display of '%s': %s", vireo_domain_get_name (domain), description);

  if (found->plan->route == VIREO_GRAPHICS_ROUTE_OPEN_FD)
    {
      g_autofree char *where = g_strdup_printf (_("the display of '%s'"),
                                                vireo_domain_get_name (domain));

      state->fd = found->fd;
      state->description = g_steal_pointer (&description);
      found->fd = -1;
      _vireo_rfb_greeting_wait_async (state->fd, where, OPEN_FD_TIMEOUT_MS, cancellable,
                                      on_open_fd_greeting, g_steal_pointer (&task));
    }
  else
    {
      guint timeout = found->plan->route == VIREO_GRAPHICS_ROUTE_SSH_TUNNEL ? SSH_TIMEOUT_MS
                                                                            : DIRECT_TIMEOUT_MS;

      vireo_graphics_channel_open_async (found->plan, state->uri, found->password, timeout,
                                         cancellable, on_channel_opened, g_steal_pointer (&task));
    }

  open_found_free (found);
}

/**
 * vireo_graphics_target_open_async:
 * @domain: a running #VireoDomain of a connected #VireoConnection
 * @cancellable: (nullable): a #GCancellable; cancelling kills an ssh child being started
 * @callback: called with the channel or the reason there is none
 * @user_data: for @callback
 *
 * Must be called from the main thread.
 */
void
vireo_graphics_target_open_async (VireoDomain         *domain,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;
  g_autoptr(GError) error = NULL;
  VireoConnection *connection;
  VireoWorker *worker;
  OpenJob *job;

  g_return_if_fail (VIREO_IS_DOMAIN (domain));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  task = g_task_new (domain, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_graphics_target_open_async);

  connection = vireo_domain_get_connection (domain);
  worker = connection != NULL ? vireo_connection_get_worker (connection) : NULL;
  if (worker == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection of '%s' is not open."),
                               vireo_domain_get_name (domain));
      return;
    }

  job = g_new0 (OpenJob, 1);
  job->uri = vireo_uri_parse (vireo_connection_get_uri (connection), &error);
  if (job->uri == NULL)
    {
      open_job_free (job);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->uuid = g_strdup (vireo_domain_get_uuid (domain));
  job->name = g_strdup (vireo_domain_get_name (domain));
  job->conn = vireo_connection_get_virconnect (connection);

  /* The outer task keeps the URI for the ssh or TCP step on the main thread. */
  {
    OpenState *state = g_new0 (OpenState, 1);

    state->uri = vireo_uri_copy (job->uri);
    state->fd = -1;
    g_task_set_task_data (task, state, (GDestroyNotify) open_state_free);
  }

  inner = g_task_new (NULL, cancellable, on_found, g_steal_pointer (&task));
  g_task_set_task_data (inner, job, (GDestroyNotify) open_job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, inner, open_in_worker);
}

/**
 * vireo_graphics_target_open_finish:
 * @domain: the #VireoDomain given to vireo_graphics_target_open_async()
 * @result: the #GAsyncResult
 * @error: return location for a #GError: %VIREO_GRAPHICS_ERROR, %VIREO_LIBVIRT_ERROR (e.g.
 *   %VIR_ERR_NO_DOMAIN when the VM vanished), %VIREO_ERROR_NOT_CONNECTED or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the channel
 */
VireoGraphicsChannel *
vireo_graphics_target_open_finish (VireoDomain   *domain,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
