/* vireo-domain-name.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-name"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-domain-name.h"

/**
 * vireo_domain_name_check:
 * @connection: (nullable): the VM's connection; without one, taken names are not checked
 * @current_name: (nullable): the VM's name when renaming it, %NULL for a new VM
 * @name: (nullable): the proposed name
 * @error_text: (out) (transfer none) (nullable): why @name cannot be used
 *
 * Checks what libvirt would refuse (empty, '/', taken) and what users cannot tell apart (a leading
 * space) before anything is asked of libvirt. Must be called from the main thread.
 *
 * Returns: whether @name can be used
 */
gboolean
vireo_domain_name_check (VireoConnection  *connection,
                         const char       *current_name,
                         const char       *name,
                         const char      **error_text)
{
  g_return_val_if_fail (!connection || VIREO_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (error_text != NULL, FALSE);

  *error_text = NULL;

  if (name == NULL || *name == '\0')
    {
      *error_text = _("The name cannot be empty.");
      return FALSE;
    }

  /* libvirt keeps leading spaces, and nobody can tell such names apart in a list. */
  if (g_unichar_isspace (g_utf8_get_char (name)))
    {
      *error_text = _("The name cannot start with a space.");
      return FALSE;
    }

  if (strchr (name, '/') != NULL)
    {
      *error_text = _("The name cannot contain '/'.");
      return FALSE;
    }

  /* Unchanged: nothing to do, nothing wrong either. */
  if (current_name != NULL && g_str_equal (name, current_name))
    return FALSE;

  if (connection != NULL && vireo_connection_lookup_domain_by_name (connection, name) != NULL)
    {
      *error_text = _("Another virtual machine on this host has this name.");
      return FALSE;
    }

  return TRUE;
}

/**
 * vireo_domain_name_for_clone:
 * @connection: (nullable): where the clone will live
 * @base: the name of the VM to clone
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer full): a free name for a clone of @base
 */
char *
vireo_domain_name_for_clone (VireoConnection *connection,
                             const char      *base)
{
  char *name;

  g_return_val_if_fail (!connection || VIREO_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  /* Not translated: like virt-clone's, the suffix ends up in volume names, and scripts grep it. */
  name = g_strdup_printf ("%s-clone", base);

  for (guint i = 2; connection != NULL && vireo_connection_lookup_domain_by_name (connection, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-clone-%u", base, i);
    }

  return name;
}
