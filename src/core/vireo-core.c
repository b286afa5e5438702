/* vireo-core.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-core"

#include "config.h"

#include <signal.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libvirt-glib/libvirt-glib.h>

#include "vireo-core.h"
#include "vireo-error.h"

static GThread *main_thread;

static void
quiet_error_handler (void        *user_data,
                     virErrorPtr  error)
{
  /* libvirt prints every error to stderr by default; Vireo reports them where they happen
   * (vireo_set_error_from_libvirt), and keeps them in the debug log only. */
  if (error != NULL)
    g_debug ("libvirt: %s", error->message ? error->message : "(no message)");
}

/**
 * vireo_core_init:
 * @error: return location for a #GError
 *
 * Initialises libvirt for use from a GLib application: a quiet error handler, and libvirt's event
 * loop implementation on GLib's default main context, so that events, keepalive and close callbacks
 * are dispatched on the main thread. Call once, from the main thread, before any connection.
 *
 * Returns: %TRUE on success
 */
gboolean
vireo_core_init (GError **error)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;
  static GError *init_error = NULL;

  if (g_once_init_enter (&initialised))
    {
      main_thread = g_thread_self ();
      /* A write to a daemon or ssh socket that closed must fail with EPIPE, as libvirt expects
       * (virsh does the same), not kill the app. */
      signal (SIGPIPE, SIG_IGN);
      virSetErrorFunc (NULL, quiet_error_handler);
      if (virInitialize () < 0)
        vireo_set_error_from_libvirt (&init_error, "libvirt failed to initialise");
      else if (!gvir_init_check (NULL, NULL, &init_error))
        ;
      else
        {
          gvir_event_register ();
          ok = TRUE;
        }
      g_once_init_leave (&initialised, 1);
    }

  if (!ok && error != NULL && init_error != NULL)
    *error = g_error_copy (init_error);

  return ok;
}

/**
 * vireo_core_is_main_thread:
 *
 * Returns: whether the caller runs on the thread that called vireo_core_init()
 */
gboolean
vireo_core_is_main_thread (void)
{
  return main_thread != NULL && g_thread_self () == main_thread;
}
