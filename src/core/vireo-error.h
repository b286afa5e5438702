/* vireo-error.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIREO_ERROR (vireo_error_quark ())
/* The code of a VIREO_LIBVIRT_ERROR is libvirt's virErrorNumber. */
#define VIREO_LIBVIRT_ERROR (vireo_libvirt_error_quark ())

typedef enum
{
  VIREO_ERROR_FAILED = 1,
  VIREO_ERROR_INVALID_URI,
  VIREO_ERROR_INVALID_XML,
  VIREO_ERROR_NOT_CONNECTED,
  VIREO_ERROR_UNSUPPORTED,
  VIREO_ERROR_AUTH_CANCELLED,
  VIREO_ERROR_INVALID_ARGUMENT,
  VIREO_ERROR_KVM_UNAVAILABLE,     /* a kvm guest could not start: KVM does not work on the host */
} VireoError;

GQuark   vireo_error_quark         (void);
GQuark   vireo_libvirt_error_quark (void);

/* Thread-safe; reads the calling thread's last libvirt error. */
void     vireo_set_error_from_libvirt (GError     **error,
                                       const char  *fallback_message);
GError  *vireo_error_new_from_libvirt (int          code,
                                       const char  *libvirt_message,
                                       const char  *fallback_message);
const char *vireo_error_get_hint   (const GError *error);
/* @message without ssh's "Warning: Permanently added … to the list of known hosts." lines. */
char       *vireo_error_strip_ssh_chatter (const char *message);
gboolean    vireo_error_needs_user (const GError *error);
/* Whether libvirt's @message for a failed start of a kvm guest says KVM does not work on the host. */
gboolean    vireo_error_message_is_kvm_failure (const char *message);

G_END_DECLS
