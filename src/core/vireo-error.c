/* vireo-error.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-error"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-error.h"

G_DEFINE_QUARK (vireo-error-quark, vireo_error)
G_DEFINE_QUARK (vireo-libvirt-error-quark, vireo_libvirt_error)

/**
 * vireo_error_new_from_libvirt:
 * @code: a virErrorNumber, %VIR_ERR_OK when libvirt reported nothing
 * @libvirt_message: (nullable): libvirt's message
 * @fallback_message: (nullable): the message to use when libvirt gave none
 *
 * Builds the #GError for a libvirt failure, without touching libvirt's state.
 * %VIR_ERR_OK becomes %VIR_ERR_INTERNAL_ERROR: the call failed even if libvirt said nothing.
 *
 * Any thread.
 *
 * Returns: (transfer full): a %VIREO_LIBVIRT_ERROR whose code is the virErrorNumber
 */
GError *
vireo_error_new_from_libvirt (int         code,
                              const char *libvirt_message,
                              const char *fallback_message)
{
  const char *message;

  if (code == VIR_ERR_OK)
    code = VIR_ERR_INTERNAL_ERROR;

  if (libvirt_message != NULL && *libvirt_message != '\0')
    message = libvirt_message;
  else if (fallback_message != NULL && *fallback_message != '\0')
    message = fallback_message;
  else
    message = _("An unknown libvirt error occurred");

  return g_error_new_literal (VIREO_LIBVIRT_ERROR, code, message);
}

/**
 * vireo_set_error_from_libvirt:
 * @error: (nullable): return location for a #GError
 * @fallback_message: (nullable): the message to use when libvirt reported no error
 *
 * Converts the calling thread's last libvirt error (libvirt keeps it per thread) into a
 * %VIREO_LIBVIRT_ERROR, then resets it so that it cannot leak into the next failure.
 * Call it in the thread that made the failing libvirt call, i.e. in the worker.
 */
void
vireo_set_error_from_libvirt (GError     **error,
                              const char  *fallback_message)
{
  virErrorPtr last = virGetLastError ();
  GError *converted;

  if (last != NULL)
    converted = vireo_error_new_from_libvirt (last->code, last->message, fallback_message);
  else
    converted = vireo_error_new_from_libvirt (VIR_ERR_OK, NULL, fallback_message);

  virResetLastError ();

  g_propagate_error (error, converted);
}

static gboolean
message_contains (const char *haystack_lower,
                  const char *needle_lower)
{
  return strstr (haystack_lower, needle_lower) != NULL;
}

/**
 * vireo_error_get_hint:
 * @error: a #GError
 *
 * A translated suggestion to show below libvirt's message for the failures users can fix
 * themselves: wrong credentials, libvirtd not running, missing group membership, an unknown
 * host key, a host that does not answer.
 *
 * Any thread.
 *
 * Returns: (nullable): the hint, %NULL when there is nothing useful to add
 */
const char *
vireo_error_get_hint (const GError *error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != VIREO_LIBVIRT_ERROR)
    return NULL;

  message = g_ascii_strdown (error->message != NULL ? error->message : "", -1);

  /* ssh's own messages arrive wrapped in VIR_ERR_SYSTEM_ERROR ("Cannot recv data: …"),
   * so the message decides before the code. */
  if (message_contains (message, "host key verification failed")
      || message_contains (message, "host key for server changed"))
    return _("The host's key was not accepted. Connect once with 'ssh' from a terminal to "
             "check and accept it.");

  /* "Permission denied (publickey,password)" is ssh refusing the login, not a socket. */
  if (message_contains (message, "permission denied (")
      || error->code == VIR_ERR_AUTH_FAILED
      || error->code == VIR_ERR_AUTH_CANCELLED)
    return _("Check the user name, password or key file.");

  if (message_contains (message, "permission denied")
      || error->code == VIR_ERR_AUTH_UNAVAILABLE)
    return _("Add your user to the 'libvirt' group, or connect as root.");

  /* A missing socket or a closed port; a system error about a missing disk image says the
   * same words, hence "connect" for VIR_ERR_SYSTEM_ERROR. */
  if ((error->code == VIR_ERR_NO_CONNECT
       || (error->code == VIR_ERR_SYSTEM_ERROR && message_contains (message, "connect")))
      && (message_contains (message, "no such file or directory")
          || message_contains (message, "connection refused")))
    return _("Is libvirtd running on that host? Start it with 'libvirtd -d' or "
             "'systemctl start libvirtd'.");

  if (error->code == VIR_ERR_OPERATION_TIMEOUT
      || message_contains (message, "keepalive timeout")
      || message_contains (message, "connection timed out"))
    return _("The host did not answer in time. Check the network and that the host is running.");

  if (message_contains (message, "could not resolve hostname")
      || message_contains (message, "name or service not known"))
    return _("The host name could not be found. Check its spelling.");

  if (error->code == VIR_ERR_NO_CONNECT
      && message_contains (message, "no connection driver available"))
    return _("The hypervisor driver for this URI is not installed, or the URI is misspelt.");

  return NULL;
}
