/* vireo-new-vm-assistant-host.c: what the host offers the assistant: storage pools (and the
 * chosen pool's volume names, so a taken one is caught early), networks, bridges and devices,
 * the domain type, and starting a stopped network
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-new-vm-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-install-job.h"
#include "vireo-new-vm-assistant-private.h"

static void
network_choice_clear (gpointer data)
{
  NetworkChoice *choice = data;

  g_clear_pointer (&choice->source, g_free);
}

/* The chosen pool's volume names, so a taken name is caught before Create. */

typedef struct
{
  VireoNewVmAssistant *self;
  char                *pool;
} PoolListing;

static void
on_pool_volumes_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PoolListing *listing = user_data;
  VireoNewVmAssistant *self = listing->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volumes = vireo_install_list_volumes_finish (VIREO_CONNECTION (source), result, &error);

  if (volumes != NULL && g_strcmp0 (listing->pool, _vireo_new_vm_assistant_chosen_pool (self)) == 0)
    {
      g_clear_pointer (&self->pool_volumes, g_ptr_array_unref);
      self->pool_volumes = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < volumes->len; i++)
        g_ptr_array_add (self->pool_volumes,
                         g_strdup (((const VireoInstallVolume *) g_ptr_array_index (volumes, i))->name));
      g_free (self->volumes_pool);
      self->volumes_pool = g_strdup (listing->pool);
      _vireo_new_vm_assistant_update (self);
    }

  g_object_unref (listing->self);
  g_free (listing->pool);
  g_free (listing);
}

static void
on_disk_pool_selected_cb (VireoNewVmAssistant *self)
{
  const char *name = _vireo_new_vm_assistant_chosen_pool (self);
  const VireoInstallPool *pool;
  PoolListing *listing;

  _vireo_new_vm_assistant_update (self);
  if (!self->ready || name == NULL)
    return;

  pool = vireo_install_host_find_pool (self->host, name);
  if (pool != NULL)
    {
      g_autofree char *available = g_format_size_full (pool->available, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *subtitle = pool->active ? g_strdup_printf (_("%s free"), available)
                                               : g_strdup (_("Not active: started when the VM is created"));

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->disk_pool_row), subtitle);
    }
  else
    {
      g_autofree char *subtitle = g_strdup_printf (_("Will be created at %s"), self->host->default_pool_path);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->disk_pool_row), subtitle);
    }

  if (pool == NULL || !pool->active)
    return;

  listing = g_new0 (PoolListing, 1);
  listing->self = g_object_ref (self);
  listing->pool = g_strdup (name);
  vireo_install_list_volumes_async (self->connection, name, self->cancellable, on_pool_volumes_cb, listing);
}

/* The host answered: fill the choices it offers. */

static void
fill_pools (VireoNewVmAssistant *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; i < self->host->pools->len; i++)
    {
      const VireoInstallPool *pool = g_ptr_array_index (self->host->pools, i);

      if (g_strcmp0 (pool->name, "default") == 0)
        selected = i;
      gtk_string_list_append (names, pool->name);
    }
  if (self->host->default_pool_missing)
    {
      selected = self->host->pools->len;
      gtk_string_list_append (names, "default");
    }

  adw_combo_row_set_model (self->disk_pool_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->disk_pool_row, selected);
}

static void
add_network_choice (VireoNewVmAssistant *self,
                    GtkStringList       *labels,
                    VireoInstallNic      kind,
                    const char          *source,
                    const char          *label)
{
  NetworkChoice choice = { kind, g_strdup (source) };

  g_array_append_val (self->network_choices, choice);
  gtk_string_list_append (labels, label);
}

static void
fill_networks (VireoNewVmAssistant *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = G_MAXUINT;
  guint user_mode;

  g_clear_pointer (&self->network_choices, g_array_unref);
  self->network_choices = g_array_new (FALSE, TRUE, sizeof (NetworkChoice));
  g_array_set_clear_func (self->network_choices, network_choice_clear);

  for (guint i = 0; i < self->host->networks->len; i++)
    {
      const VireoInstallNetwork *network = g_ptr_array_index (self->host->networks, i);
      g_autofree char *label = NULL;

      if (network->forward_mode != NULL)
        /* Translators: a virtual network, its name and forward mode ("nat", "route", "open") */
        label = g_strdup_printf (_("Virtual network '%s': %s"), network->name, network->forward_mode);
      else
        label = g_strdup_printf (_("Virtual network '%s': isolated"), network->name);

      if (g_strcmp0 (network->name, "default") == 0 || selected == G_MAXUINT)
        selected = self->network_choices->len;
      add_network_choice (self, labels, VIREO_INSTALL_NIC_NETWORK, network->name, label);
    }
  for (guint i = 0; i < self->host->interfaces->len; i++)
    {
      const VireoInstallInterface *iface = g_ptr_array_index (self->host->interfaces, i);
      g_autofree char *label = NULL;

      if (iface->is_bridge)
        label = g_strdup_printf (_("Host bridge '%s'"), iface->name);
      else
        /* Translators: macvtap: the VM is on the host's LAN, but the host itself cannot reach it */
        label = g_strdup_printf (_("Host device '%s' (macvtap)"), iface->name);
      add_network_choice (self, labels, iface->is_bridge ? VIREO_INSTALL_NIC_BRIDGE : VIREO_INSTALL_NIC_MACVTAP,
                          iface->name, label);
    }
  user_mode = self->network_choices->len;
  add_network_choice (self, labels, VIREO_INSTALL_NIC_USER, NULL, _("User-mode networking (outgoing only)"));
  add_network_choice (self, labels, VIREO_INSTALL_NIC_NONE, NULL, _("No network"));

  /* Session connections cannot use the system's networks without a helper: user mode there. */
  if (self->host->is_session || selected == G_MAXUINT)
    selected = user_mode;

  adw_combo_row_set_model (self->network_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->network_row, selected);
}

void
_vireo_new_vm_assistant_fill_domain_type (VireoNewVmAssistant *self)
{
  const char *type = self->force_tcg ? "qemu" : vireo_install_caps_get_domain_type (self->host->caps);

  if (g_strcmp0 (type, "kvm") == 0)
    adw_action_row_set_subtitle (self->domain_type_row, _("KVM (hardware acceleration)"));
  else if (g_strcmp0 (type, "qemu") == 0)
    adw_action_row_set_subtitle (self->domain_type_row, _("QEMU software emulation (TCG): slower, no KVM here"));
  else
    adw_action_row_set_subtitle (self->domain_type_row, type);
}

static void
on_network_started_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (g_object_get_data (G_OBJECT (self), "vireo-starting-network"));

  gtk_widget_set_sensitive (self->start_network_button, TRUE);
  if (!vireo_install_start_network_finish (VIREO_CONNECTION (source), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not start the network: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  for (guint i = 0; i < self->host->networks->len; i++)
    {
      VireoInstallNetwork *network = g_ptr_array_index (self->host->networks, i);

      if (g_strcmp0 (network->name, name) == 0)
        network->active = TRUE;
    }
  _vireo_new_vm_assistant_update (self);
}


static void
on_start_network_clicked_cb (VireoNewVmAssistant *self)
{
  if (self->plan->nic_source == NULL)
    return;

  gtk_widget_set_sensitive (self->start_network_button, FALSE);
  g_object_set_data_full (G_OBJECT (self), "vireo-starting-network", g_strdup (self->plan->nic_source), g_free);
  vireo_install_start_network_async (self->connection, self->plan->nic_source, self->cancellable,
                                     on_network_started_cb, g_object_ref (self));
}


void
_vireo_new_vm_assistant_fill_host_choices (VireoNewVmAssistant *self)
{
  fill_pools (self);
  fill_networks (self);
  _vireo_new_vm_assistant_fill_domain_type (self);
}

void
_vireo_new_vm_assistant_pool_selected (VireoNewVmAssistant *self)
{
  on_disk_pool_selected_cb (self);
}

void
_vireo_new_vm_assistant_class_init_host (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_disk_pool_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_start_network_clicked_cb);
}
