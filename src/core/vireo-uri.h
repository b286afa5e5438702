/* vireo-uri.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  VIREO_URI_TRANSPORT_LOCAL,   /* no "+x" part                     */
  VIREO_URI_TRANSPORT_UNIX,    /* +unix                            */
  VIREO_URI_TRANSPORT_SSH,     /* +ssh: the ssh binary             */
  VIREO_URI_TRANSPORT_LIBSSH,  /* +libssh                          */
  VIREO_URI_TRANSPORT_LIBSSH2, /* +libssh2                         */
  VIREO_URI_TRANSPORT_TLS,     /* +tls, also plain remote hostnames */
  VIREO_URI_TRANSPORT_TCP,     /* +tcp                             */
  VIREO_URI_TRANSPORT_EXT,     /* +ext                             */
} VireoUriTransport;

#define VIREO_TYPE_URI (vireo_uri_get_type ())

typedef struct _VireoUri VireoUri;

GType              vireo_uri_get_type       (void) G_GNUC_CONST;
VireoUri          *vireo_uri_new            (void);
VireoUri          *vireo_uri_parse          (const char     *text,
                                             GError        **error);
VireoUri          *vireo_uri_copy           (const VireoUri *self);
void               vireo_uri_free           (VireoUri       *self);
char              *vireo_uri_to_string      (const VireoUri *self);
char              *vireo_uri_dup_label      (const VireoUri *self);
gboolean           vireo_uri_is_remote      (const VireoUri *self);
gboolean           vireo_uri_equal          (const VireoUri *a,
                                             const VireoUri *b);

/* The libvirt driver: "qemu", "test", "xen", "lxc" … */
const char        *vireo_uri_get_driver     (const VireoUri *self);
void               vireo_uri_set_driver     (VireoUri       *self,
                                             const char     *driver);
VireoUriTransport  vireo_uri_get_transport  (const VireoUri *self);
void               vireo_uri_set_transport  (VireoUri       *self,
                                             VireoUriTransport transport);
/* user, host (without IPv6 brackets), port (0 = default) */
const char        *vireo_uri_get_user       (const VireoUri *self);
void               vireo_uri_set_user       (VireoUri       *self,
                                             const char     *user);
const char        *vireo_uri_get_host       (const VireoUri *self);
void               vireo_uri_set_host       (VireoUri       *self,
                                             const char     *host);
guint              vireo_uri_get_port       (const VireoUri *self);
void               vireo_uri_set_port       (VireoUri       *self,
                                             guint           port);
/* The decoded path, e.g. "/system", "/session", "/default", "/abs/path.xml". */
const char        *vireo_uri_get_path       (const VireoUri *self);
void               vireo_uri_set_path       (VireoUri       *self,
                                             const char     *path);
/* Query parameters, decoded, in order. */
const char        *vireo_uri_get_param      (const VireoUri *self,
                                             const char     *name);
void               vireo_uri_set_param      (VireoUri       *self,
                                             const char     *name,
                                             const char     *value);
guint              vireo_uri_get_n_params   (const VireoUri *self);
const char        *vireo_uri_get_param_name (const VireoUri *self,
                                             guint           index);
const char        *vireo_uri_get_param_value (const VireoUri *self,
                                              guint           index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoUri, vireo_uri_free)

G_END_DECLS
