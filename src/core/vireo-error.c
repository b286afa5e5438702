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
 * vireo_error_strip_ssh_chatter:
 * @message: text ssh wrote on stderr (or a message quoting it)
 *
 * ssh's "Warning: Permanently added 'host' (ED25519) to the list of known hosts." goes to the
 * same stderr libvirt quotes in its message, in front of the real reason: drop it.
 *
 * Any thread.
 *
 * Returns: (transfer full): @message without that chatter
 */
char *
vireo_error_strip_ssh_chatter (const char *message)
{
  static const char start[] = "Warning: Permanently added ";
  static const char end[] = "to the list of known hosts.";
  GString *out = g_string_new (message);
  char *found;

  while ((found = strstr (out->str, start)) != NULL)
    {
      char *stop = strstr (found, end);
      gsize from = found - out->str;
      gsize to;

      if (stop == NULL)
        break;
      to = (stop - out->str) + strlen (end);
      while (to < out->len && g_ascii_isspace (out->str[to]))
        to++;
      g_string_erase (out, from, to - from);
    }

  return g_string_free (out, FALSE);
}

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
  g_autofree char *cleaned = NULL;
  const char *message;

  if (code == VIR_ERR_OK)
    code = VIR_ERR_INTERNAL_ERROR;

  if (libvirt_message != NULL && *libvirt_message != '\0')
    message = cleaned = vireo_error_strip_ssh_chatter (libvirt_message);
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

typedef enum
{
  KIND_OTHER,
  KIND_HOST_KEY,
  KIND_CREDENTIALS,
  KIND_PERMISSION,
  KIND_NO_DAEMON,
  KIND_TIMEOUT,
  KIND_UNKNOWN_HOST,
  KIND_NO_DRIVER,
} Kind;

static Kind
classify (const GError *error)
{
  g_autofree char *message = NULL;

  if (error->domain != VIREO_LIBVIRT_ERROR)
    return KIND_OTHER;

  message = g_ascii_strdown (error->message != NULL ? error->message : "", -1);

  /* ssh's own messages arrive wrapped in VIR_ERR_SYSTEM_ERROR ("Cannot recv data: …"),
   * so the message decides before the code. */
  if (message_contains (message, "host key verification failed")
      || message_contains (message, "host key for server changed"))
    return KIND_HOST_KEY;

  /* "Permission denied (publickey,password)" is ssh refusing the login, not a socket. */
  if (message_contains (message, "permission denied (")
      || error->code == VIR_ERR_AUTH_FAILED
      || error->code == VIR_ERR_AUTH_CANCELLED)
    return KIND_CREDENTIALS;

  if (message_contains (message, "permission denied")
      || error->code == VIR_ERR_AUTH_UNAVAILABLE)
    return KIND_PERMISSION;

  /* A missing socket or a closed port; a system error about a missing disk image says the
   * same words, hence "connect" for VIR_ERR_SYSTEM_ERROR. */
  if ((error->code == VIR_ERR_NO_CONNECT
       || (error->code == VIR_ERR_SYSTEM_ERROR && message_contains (message, "connect")))
      && (message_contains (message, "no such file or directory")
          || message_contains (message, "connection refused")))
    return KIND_NO_DAEMON;

  if (error->code == VIR_ERR_OPERATION_TIMEOUT
      || message_contains (message, "keepalive timeout")
      || message_contains (message, "connection timed out"))
    return KIND_TIMEOUT;

  if (message_contains (message, "could not resolve hostname")
      || message_contains (message, "name or service not known"))
    return KIND_UNKNOWN_HOST;

  if (error->code == VIR_ERR_NO_CONNECT
      && message_contains (message, "no connection driver available"))
    return KIND_NO_DRIVER;

  return KIND_OTHER;
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
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE))
    return _("Use software emulation (QEMU TCG) instead: it is slower but needs no KVM. "
             "To use KVM, load the kvm module and give QEMU access to /dev/kvm.");

  switch (classify (error))
    {
    case KIND_HOST_KEY:
      return _("The host's key was not accepted. If the host was reinstalled, remove its old key "
               "with 'ssh-keygen -R HOST' and connect again.");
    case KIND_CREDENTIALS:
      return _("Check the user name, password or key file.");
    case KIND_PERMISSION:
      return _("Add your user to the 'libvirt' group, or connect as root.");
    case KIND_NO_DAEMON:
      return _("Is libvirtd running on that host? Start it with 'libvirtd -d' or "
               "'systemctl start libvirtd'.");
    case KIND_TIMEOUT:
      return _("The host did not answer in time. Check the network and that the host is running.");
    case KIND_UNKNOWN_HOST:
      return _("The host name could not be found. Check its spelling.");
    case KIND_NO_DRIVER:
      return _("The hypervisor driver for this URI is not installed, or the URI is misspelt.");
    case KIND_OTHER:
    default:
      return NULL;
    }
}

/**
 * vireo_error_needs_user:
 * @error: a #GError
 *
 * Whether retrying by itself cannot help: the user must act first (credentials, a host key,
 * permissions, a wrong URI or host name). A daemon that is down or a host that does not answer
 * may come back, so those are not such errors.
 *
 * Returns: %TRUE when an automatic retry would only fail again
 */
gboolean
vireo_error_needs_user (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI))
    return TRUE;

  switch (classify (error))
    {
    case KIND_HOST_KEY:
    case KIND_CREDENTIALS:
    case KIND_PERMISSION:
    case KIND_UNKNOWN_HOST:
    case KIND_NO_DRIVER:
      return TRUE;
    case KIND_NO_DAEMON:
    case KIND_TIMEOUT:
    case KIND_OTHER:
    default:
      return FALSE;
    }
}

/**
 * vireo_error_message_is_kvm_failure:
 * @message: (nullable): libvirt's message for a failed start
 *
 * Returns: whether @message says the host's KVM does not work (no module, no access to /dev/kvm,
 *   KVM refused the guest)
 */
gboolean
vireo_error_message_is_kvm_failure (const char *message)
{
  static const char * const markers[] = {
    "/dev/kvm", "kvm kernel module", "kvm is not available", "failed to initialize kvm",
    "emulation failure", "kvm_create_vm", "kvm", NULL
  };
  g_autofree char *lower = NULL;

  if (message == NULL)
    return FALSE;
  lower = g_ascii_strdown (message, -1);
  for (guint i = 0; markers[i] != NULL; i++)
    if (strstr (lower, markers[i]) != NULL)
      return TRUE;
  return FALSE;
}
