/* vireo-auth-request.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One question asked of the user on behalf of libvirt or ssh. */
typedef enum
{
  VIREO_AUTH_FIELD_USERNAME,   /* echoed */
  VIREO_AUTH_FIELD_PASSWORD,   /* secret */
  VIREO_AUTH_FIELD_PASSPHRASE, /* secret: an ssh key passphrase */
  VIREO_AUTH_FIELD_TEXT,       /* echoed, free text */
  VIREO_AUTH_FIELD_SECRET,     /* secret, free text */
  VIREO_AUTH_FIELD_CONFIRM,    /* yes/no; answered with "yes" or "" */
  VIREO_AUTH_FIELD_HOST_KEY,   /* accept an unknown host key; answered with "yes" or "no" */
} VireoAuthFieldKind;

typedef enum
{
  VIREO_AUTH_SOURCE_LIBVIRT,
  VIREO_AUTH_SOURCE_SSH,
} VireoAuthSource;

#define VIREO_TYPE_AUTH_REQUEST (vireo_auth_request_get_type ())

G_DECLARE_FINAL_TYPE (VireoAuthRequest, vireo_auth_request, VIREO, AUTH_REQUEST, GObject)

VireoAuthRequest   *vireo_auth_request_new              (VireoAuthSource     source,
                                                         const char         *title,
                                                         const char         *message);
guint               vireo_auth_request_add_field        (VireoAuthRequest   *self,
                                                         VireoAuthFieldKind  kind,
                                                         const char         *prompt,
                                                         const char         *default_value);
VireoAuthSource     vireo_auth_request_get_source       (VireoAuthRequest   *self);
const char         *vireo_auth_request_get_title        (VireoAuthRequest   *self);
const char         *vireo_auth_request_get_message      (VireoAuthRequest   *self);
guint               vireo_auth_request_get_n_fields     (VireoAuthRequest   *self);
VireoAuthFieldKind  vireo_auth_request_get_field_kind   (VireoAuthRequest   *self,
                                                         guint               index);
const char         *vireo_auth_request_get_field_prompt (VireoAuthRequest   *self,
                                                         guint               index);
const char         *vireo_auth_request_get_field_default (VireoAuthRequest  *self,
                                                         guint               index);
gboolean            vireo_auth_field_kind_is_secret     (VireoAuthFieldKind  kind);
/* For host-key requests: the key fingerprint found in the prompt ("SHA256:…"), or NULL. */
const char         *vireo_auth_request_get_fingerprint  (VireoAuthRequest   *self);

/* Main thread. Answers are copied; secrets are wiped when the request is finalized. */
void                vireo_auth_request_respond          (VireoAuthRequest   *self,
                                                         const char * const *answers);
void                vireo_auth_request_cancel           (VireoAuthRequest   *self);
gboolean            vireo_auth_request_is_finished      (VireoAuthRequest   *self);
/* Once finished: a copy of the answers (free with vireo_auth_strv_free_secure), NULL if cancelled. */
char              **vireo_auth_request_dup_answers      (VireoAuthRequest   *self);

/* Any thread other than the main thread: blocks until answered, cancelled or @cancellable fires.
 * Returns the answers (free with vireo_auth_strv_free_secure) or NULL on cancel. */
char              **vireo_auth_request_wait             (VireoAuthRequest   *self,
                                                         GCancellable       *cancellable);
void                vireo_auth_strv_free_secure         (char              **strv);

G_END_DECLS
