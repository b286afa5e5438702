/* vireo-hardware-page.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-hardware-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-hardware-page.h"

G_DEFINE_BOXED_TYPE (VireoHardwareContext, vireo_hardware_context,
                     vireo_hardware_context_ref, vireo_hardware_context_unref)

static void
context_clear (VireoHardwareContext *context)
{
  g_free (context->xml);
  g_clear_pointer (&context->config, vireo_domain_config_free);
  g_clear_pointer (&context->live, vireo_domain_config_free);
  g_clear_object (&context->connection);
  g_clear_object (&context->domain);
  g_clear_pointer (&context->host, vireo_install_host_free);
}

/**
 * vireo_hardware_context_new:
 * @connection: (nullable): the VM's connection
 * @domain: (nullable): the VM; NULL for a draft
 * @host: (nullable): the connection's host, as vireo_install_host_query_async() gave it
 * @xml: the VM's definition
 * @live_xml: (nullable): the running VM's live XML; NULL when it does not run
 * @draft: %TRUE for a definition not defined yet
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the context pages are shown
 */
VireoHardwareContext *
vireo_hardware_context_new (VireoConnection  *connection,
                            VireoDomain      *domain,
                            VireoInstallHost *host,
                            const char       *xml,
                            const char       *live_xml,
                            gboolean          draft,
                            GError          **error)
{
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(VireoDomainConfig) live = NULL;
  VireoHardwareContext *context;

  g_return_val_if_fail (!connection || VIREO_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (!domain || VIREO_IS_DOMAIN (domain), NULL);
  g_return_val_if_fail (xml != NULL, NULL);

  config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, error);
  if (config == NULL)
    return NULL;
  if (live_xml != NULL && !draft &&
      (live = vireo_domain_config_parse (live_xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, error)) == NULL)
    return NULL;

  context = g_rc_box_new0 (VireoHardwareContext);
  context->xml = g_strdup (xml);
  context->config = g_steal_pointer (&config);
  context->live = g_steal_pointer (&live);
  context->connection = connection ? g_object_ref (connection) : NULL;
  context->domain = domain ? g_object_ref (domain) : NULL;
  context->host = host ? vireo_install_host_ref (host) : NULL;
  context->draft = draft;
  return context;
}

VireoHardwareContext *
vireo_hardware_context_ref (VireoHardwareContext *context)
{
  g_return_val_if_fail (context != NULL, NULL);
  return g_rc_box_acquire (context);
}

void
vireo_hardware_context_unref (VireoHardwareContext *context)
{
  if (context != NULL)
    g_rc_box_release_full (context, (GDestroyNotify) context_clear);
}

G_DEFINE_INTERFACE (VireoHardwarePage, vireo_hardware_page, GTK_TYPE_WIDGET)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vireo_hardware_page_default_init (VireoHardwarePageInterface *iface)
{
  /**
   * VireoHardwarePage::apply:
   * @self: the page
   * @xml: the new definition
   * @live_changes: (element-type VireoLiveChange): what to make to the running VM
   */
  signals[APPLY] =
    g_signal_new ("apply", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_PTR_ARRAY);
}

void
vireo_hardware_page_update (VireoHardwarePage    *self,
                            VireoHardwareContext *context)
{
  g_return_if_fail (VIREO_IS_HARDWARE_PAGE (self));
  g_return_if_fail (context != NULL);

  VIREO_HARDWARE_PAGE_GET_IFACE (self)->update (self, context);
}

void
vireo_hardware_page_applied (VireoHardwarePage  *self,
                             const GError       *error,
                             VireoDomainApplied  applied,
                             const char         *pending_reason)
{
  g_return_if_fail (VIREO_IS_HARDWARE_PAGE (self));

  VIREO_HARDWARE_PAGE_GET_IFACE (self)->applied (self, error, applied, pending_reason);
}

void
vireo_hardware_page_request_apply (VireoHardwarePage *self,
                                   const char        *xml,
                                   GPtrArray         *live_changes)
{
  g_autoptr(GPtrArray) empty = NULL;

  g_return_if_fail (VIREO_IS_HARDWARE_PAGE (self));
  g_return_if_fail (xml != NULL);

  if (live_changes == NULL)
    live_changes = empty = vireo_live_changes_new ();
  g_signal_emit (self, signals[APPLY], 0, xml, live_changes);
}

void
vireo_hardware_page_show_pending (GtkLabel             *label,
                                  VireoHardwareContext *context,
                                  VireoDomainPart       part,
                                  const char           *device,
                                  gboolean              applied_pending,
                                  const char           *pending_reason)
{
  gboolean pending = applied_pending;

  g_return_if_fail (GTK_IS_LABEL (label));

  if (!pending && context != NULL && context->live != NULL)
    pending = vireo_domain_config_part_pending (context->config, context->live, part, device);

  if (applied_pending && pending_reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This change applies after the next boot: %s"), pending_reason);

      gtk_label_set_label (label, text);
    }
  else
    {
      gtk_label_set_label (label, _("This change applies after the next boot."));
    }
  gtk_widget_set_visible (GTK_WIDGET (label), pending);
}

void
vireo_hardware_page_show_error (GtkLabel   *label,
                                const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}
