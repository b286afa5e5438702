/* vireo-graphics-target.h: where a VM's display is, and how Vireo reaches it
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"
#include "vireo-uri.h"

G_BEGIN_DECLS

/* Errors of the console's transport. Every message is translated and says what to do. */
#define VIREO_GRAPHICS_ERROR (vireo_graphics_error_quark ())

typedef enum
{
  VIREO_GRAPHICS_ERROR_NO_DISPLAY = 1,   /* no <graphics>, or one Vireo cannot show (SPICE, RDP …) */
  VIREO_GRAPHICS_ERROR_NOT_RUNNING,      /* the VM is shut off: no display to reach             */
  VIREO_GRAPHICS_ERROR_NO_PORT,          /* running, but QEMU has not been given a port yet     */
  VIREO_GRAPHICS_ERROR_UNREACHABLE,      /* the display listens where this transport cannot go  */
  VIREO_GRAPHICS_ERROR_SSH_FAILED,       /* ssh itself failed: login, host key, host name …     */
  VIREO_GRAPHICS_ERROR_NO_RELAY,         /* forwarding refused and no socat/nc on the remote    */
  VIREO_GRAPHICS_ERROR_NO_SERVER,        /* nothing answers where the display should be         */
  VIREO_GRAPHICS_ERROR_NOT_VNC,          /* something answered, but not with a VNC greeting     */
  VIREO_GRAPHICS_ERROR_TIMED_OUT,        /* no VNC greeting in time                             */
} VireoGraphicsError;

GQuark vireo_graphics_error_quark (void);

typedef enum
{
  VIREO_GRAPHICS_TYPE_NONE,   /* the VM has no <graphics>  */
  VIREO_GRAPHICS_TYPE_VNC,
  VIREO_GRAPHICS_TYPE_SPICE,
  VIREO_GRAPHICS_TYPE_OTHER,  /* rdp, sdl, egl-headless, dbus … */
} VireoGraphicsType;

typedef enum
{
  VIREO_GRAPHICS_LISTEN_NONE,     /* <listen type='none'/>: only through libvirt (OpenGraphicsFD) */
  VIREO_GRAPHICS_LISTEN_ADDRESS,  /* a TCP address (absent address: QEMU's default, loopback)     */
  VIREO_GRAPHICS_LISTEN_NETWORK,  /* the address of a libvirt network (resolved in the live XML)  */
  VIREO_GRAPHICS_LISTEN_SOCKET,   /* a UNIX socket on the VM's host                               */
} VireoGraphicsListen;

typedef enum
{
  VIREO_GRAPHICS_ROUTE_OPEN_FD,     /* local libvirt: virDomainOpenGraphicsFD, no VNC auth       */
  VIREO_GRAPHICS_ROUTE_SSH_TUNNEL,  /* one ssh child per console, to an address or a socket      */
  VIREO_GRAPHICS_ROUTE_DIRECT_TCP,  /* TCP straight to the VM's host                             */
  VIREO_GRAPHICS_ROUTE_UNIX_SOCKET, /* local socket path: OPEN_FD's fallback on a read-only link */
} VireoGraphicsRoute;

#define VIREO_TYPE_GRAPHICS_TARGET (vireo_graphics_target_get_type ())

/*
 * The display of a VM as its live XML describes it: the first <graphics type='vnc'> when there is
 * one, else the first <graphics> (so that errors can name it).
 *
 * @type: what the chosen device is
 * @type_name: (nullable): its type attribute, as written ("vnc", "spice", "rdp" …)
 * @index: its position among the VM's <graphics> elements (virDomainOpenGraphicsFD's idx); -1
 * @port: the TCP port, -1 when none is assigned (shut off, autoport not resolved, socket)
 * @autoport: whether libvirt picks the port
 * @tls_port: SPICE's tlsPort, -1 when none
 * @tls_only: SPICE that accepts only TLS (defaultMode='secure', or a tlsPort and no port). The XML
 *   says nothing about TLS for VNC (that is qemu.conf's vnc_tls): a VeNCrypt/x509 server is found
 *   out by the VNC client when it connects.
 * @listen: how the display listens
 * @listen_address: (nullable): the address for ADDRESS/NETWORK listens
 * @listen_network: (nullable): the libvirt network of a NETWORK listen
 * @socket_path: (nullable): the socket of a SOCKET listen, a path on the VM's host
 * @has_password: whether a passwd attribute was seen. libvirt writes it only into the secure XML
 *   (VIR_DOMAIN_XML_SECURE): parsed from ordinary XML this is always FALSE.
 * @password: (nullable): the VNC password (secure XML only). Never logged; wiped when freed.
 * @n_graphics: how many <graphics> the VM has
 */
typedef struct
{
  VireoGraphicsType    type;
  char                *type_name;
  int                  index;
  int                  port;
  gboolean             autoport;
  int                  tls_port;
  gboolean             tls_only;
  VireoGraphicsListen  listen;
  char                *listen_address;
  char                *listen_network;
  char                *socket_path;
  gboolean             has_password;
  char                *password;
  guint                n_graphics;
} VireoGraphicsTarget;

GType                vireo_graphics_target_get_type (void) G_GNUC_CONST;
VireoGraphicsTarget *vireo_graphics_target_new      (void);
VireoGraphicsTarget *vireo_graphics_target_copy     (const VireoGraphicsTarget *target);
/* Wipes the password before freeing it. */
void                 vireo_graphics_target_free     (VireoGraphicsTarget       *target);

/* Parses a domain's XML (pure; any thread). A VM without graphics gives a target of type NONE, not
 * an error; malformed XML is VIREO_ERROR_INVALID_XML. */
VireoGraphicsTarget *vireo_graphics_target_parse    (const char                *xml,
                                                     GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoGraphicsTarget, vireo_graphics_target_free)

#define VIREO_TYPE_GRAPHICS_PLAN (vireo_graphics_plan_get_type ())

/*
 * How to reach a display: the result of vireo_graphics_target_plan().
 *
 * @route: the way
 * @host: (nullable): DIRECT_TCP: the host to connect to; SSH_TUNNEL to TCP: the address to reach
 *   from the remote host (its own loopback for a wildcard listen); NULL otherwise
 * @port: the TCP port for @host; -1 otherwise
 * @socket_path: (nullable): SSH_TUNNEL or UNIX_SOCKET to a socket: its path on the VM's host
 * @tls_hostname: (nullable): the name to check an x509 certificate against (the libvirt host's
 *   name), for routes where the VNC server authenticates the client itself
 * @needs_password: whether the VNC server will ask for the VM's password on this route (every
 *   route but OPEN_FD, which skips VNC authentication)
 */
typedef struct
{
  VireoGraphicsRoute  route;
  char               *host;
  int                 port;
  char               *socket_path;
  char               *tls_hostname;
  gboolean            needs_password;
} VireoGraphicsPlan;

GType              vireo_graphics_plan_get_type (void) G_GNUC_CONST;
VireoGraphicsPlan *vireo_graphics_plan_new      (VireoGraphicsRoute         route);
VireoGraphicsPlan *vireo_graphics_plan_copy     (const VireoGraphicsPlan   *plan);
void               vireo_graphics_plan_free     (VireoGraphicsPlan         *plan);
/* A one-line description for logs, e.g. "ssh tunnel to 127.0.0.1:5900"; never secrets. */
char              *vireo_graphics_plan_describe (const VireoGraphicsPlan   *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoGraphicsPlan, vireo_graphics_plan_free)

/* Decides how to reach @target of a VM on the connection @uri (pure; any thread). @running: whether
 * the VM is active. Errors are VIREO_GRAPHICS_ERROR (NO_DISPLAY, NOT_RUNNING, NO_PORT, UNREACHABLE)
 * with a translated message. */
VireoGraphicsPlan *vireo_graphics_target_plan   (const VireoGraphicsTarget *target,
                                                 const VireoUri            *uri,
                                                 gboolean                   running,
                                                 GError                   **error);

typedef struct _VireoGraphicsChannel VireoGraphicsChannel;

/* Reaches @domain's display: reads its live XML on the connection's worker (quick lane), decides
 * the route, and opens it (virDomainOpenGraphicsFD on the worker; an ssh child or a TCP connection
 * on the main thread). The channel's socket has already sent the VNC greeting (peeked, not read).
 * Main thread. */
void                  vireo_graphics_target_open_async  (VireoDomain         *domain,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* Returns: (transfer full): the channel to hand to the VNC client */
VireoGraphicsChannel *vireo_graphics_target_open_finish (VireoDomain         *domain,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
