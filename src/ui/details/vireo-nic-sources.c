/* vireo-nic-sources.c: what a network interface can be connected to
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-nic-sources"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-nic-sources.h"

static const struct
{
  const char *type;
  const char *label;
} nic_types[] = {
  { "network", N_("Virtual network") },
  { "bridge",  N_("Bridge device") },
  { "direct",  N_("Host device (macvtap)") },
};

static const char * const nic_models[] = { "virtio", "e1000e", "e1000", "rtl8139", NULL };

GtkStringList *
vireo_nic_source_types_new (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nic_types); i++)
    gtk_string_list_append (list, nic_types[i].type);
  return list;
}

GtkStringList *
vireo_nic_source_type_labels_new (void)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nic_types); i++)
    gtk_string_list_append (list, _(nic_types[i].label));
  return list;
}

GtkStringList *
vireo_nic_source_models_new (void)
{
  return gtk_string_list_new (nic_models);
}

GtkStringList *
vireo_nic_source_list_new (VireoInstallHost *host,
                           const char       *type)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (host != NULL && g_strcmp0 (type, "network") == 0)
    for (guint i = 0; i < host->networks->len; i++)
      gtk_string_list_append (list, ((VireoInstallNetwork *) g_ptr_array_index (host->networks, i))->name);
  else if (host != NULL && g_strcmp0 (type, "direct") == 0)
    for (guint i = 0; i < host->interfaces->len; i++)
      {
        const VireoInstallInterface *iface = g_ptr_array_index (host->interfaces, i);

        if (!iface->is_bridge)
          gtk_string_list_append (list, iface->name);
      }
  return list;
}

gboolean
vireo_nic_source_type_has_list (const char *type)
{
  return g_strcmp0 (type, "network") == 0 || g_strcmp0 (type, "direct") == 0;
}
