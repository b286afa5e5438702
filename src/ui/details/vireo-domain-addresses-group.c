/* vireo-domain-addresses-group.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-addresses-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-domain-addresses.h"
#include "vireo-domain-addresses-group.h"

#define POLL_SECONDS 10

struct _VireoDomainAddressesGroup
{
  AdwPreferencesGroup  parent_instance;

  VireoDomain         *domain;
  GSignalGroup        *domain_signals;
  GCancellable        *cancellable;
  GPtrArray           *rows;          /* GtkWidget */
  GtkWidget           *empty_row;
  guint                poll_id;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (VireoDomainAddressesGroup, vireo_domain_addresses_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void set_busy (VireoDomainAddressesGroup *self,
                      gboolean                   busy);

static const char *
source_label (VireoAddressSource source)
{
  switch (source)
    {
    case VIREO_ADDRESS_SOURCE_LEASE:
      return _("DHCP lease");
    case VIREO_ADDRESS_SOURCE_AGENT:
      return _("Guest agent");
    case VIREO_ADDRESS_SOURCE_ARP:
      return _("ARP table");
    default:
      return "";
    }
}

static void
show_addresses (VireoDomainAddressesGroup *self,
                GPtrArray                 *addresses,
                const char                *message)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      const VireoDomainAddress *address = g_ptr_array_index (addresses, i);
      g_autofree char *title = g_strdup_printf ("%s/%u", address->address, address->prefix);
      /* Translators: where an address was learned, and the interface: "DHCP lease · vnet0 · 52:54:00:…" */
      g_autofree char *subtitle = g_strjoin (" · ", source_label (address->source),
                                             address->ifname ? address->ifname : "",
                                             address->mac ? address->mac : "", NULL);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (row, "property");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (self->empty_row, self->rows->len == 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->empty_row),
                               message != NULL ? message
                               : _("The guest has no address yet: it may still be booting, or not use DHCP "
                                   "on a libvirt network (install the QEMU guest agent to see any address)."));
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoDomainAddressesGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) addresses = vireo_domain_fetch_addresses_finish (VIREO_DOMAIN (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (VIREO_DOMAIN (source) == self->domain)
    show_addresses (self, addresses, error != NULL ? error->message : NULL);
  set_busy (self, FALSE);
}

static void
fetch (VireoDomainAddressesGroup *self)
{
  if (self->busy || self->domain == NULL || !vireo_domain_get_is_active (self->domain))
    return;

  set_busy (self, TRUE);
  vireo_domain_fetch_addresses_async (self->domain, self->cancellable, on_fetched_cb, g_object_ref (self));
}

static gboolean
poll_cb (gpointer data)
{
  fetch (data);
  return G_SOURCE_CONTINUE;
}

/* Polls while shown and running; hidden otherwise. */
static void
update (VireoDomainAddressesGroup *self)
{
  gboolean active = self->domain != NULL && vireo_domain_get_is_active (self->domain);

  gtk_widget_set_visible (GTK_WIDGET (self), active);
  if (active && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (self->poll_id == 0)
        {
          self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
          fetch (self);
        }
    }
  else
    {
      g_clear_handle_id (&self->poll_id, g_source_remove);
    }
}

static void
set_busy (VireoDomainAddressesGroup *self,
          gboolean                   busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_active_changed_cb (VireoDomainAddressesGroup *self)
{
  /* A new start: the old addresses are gone. */
  g_clear_handle_id (&self->poll_id, g_source_remove);
  update (self);
}

static void
vireo_domain_addresses_group_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vireo_domain_addresses_group_parent_class)->map (widget);
  update (VIREO_DOMAIN_ADDRESSES_GROUP (widget));
}

static void
vireo_domain_addresses_group_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vireo_domain_addresses_group_parent_class)->unmap (widget);
  update (VIREO_DOMAIN_ADDRESSES_GROUP (widget));
}

static void
vireo_domain_addresses_group_dispose (GObject *object)
{
  VireoDomainAddressesGroup *self = (VireoDomainAddressesGroup *)object;

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_domain_addresses_group_parent_class)->dispose (object);
}

static void
vireo_domain_addresses_group_finalize (GObject *object)
{
  VireoDomainAddressesGroup *self = (VireoDomainAddressesGroup *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vireo_domain_addresses_group_parent_class)->finalize (object);
}

static void
vireo_domain_addresses_group_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  VireoDomainAddressesGroup *self = VIREO_DOMAIN_ADDRESSES_GROUP (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_addresses_group_class_init (VireoDomainAddressesGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_domain_addresses_group_dispose;
  object_class->finalize = vireo_domain_addresses_group_finalize;
  object_class->get_property = vireo_domain_addresses_group_get_property;
  widget_class->map = vireo_domain_addresses_group_map;
  widget_class->unmap = vireo_domain_addresses_group_unmap;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_domain_addresses_group_init (VireoDomainAddressesGroup *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("IP Addresses"));
  self->empty_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->empty_row), _("No Address"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->empty_row);
  gtk_widget_set_visible (self->empty_row, FALSE);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::is-active", G_CALLBACK (on_active_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
vireo_domain_addresses_group_new (void)
{
  return g_object_new (VIREO_TYPE_DOMAIN_ADDRESSES_GROUP, NULL);
}

void
vireo_domain_addresses_group_set_domain (VireoDomainAddressesGroup *self,
                                         VireoDomain               *domain)
{
  g_return_if_fail (VIREO_IS_DOMAIN_ADDRESSES_GROUP (self));
  g_return_if_fail (!domain || VIREO_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, FALSE);
  /* Unbound while the old VM is surely alive: this may hold its last reference. */
  g_signal_group_set_target (self->domain_signals, domain);
  g_set_object (&self->domain, domain);
  show_addresses (self, NULL, NULL);
  gtk_widget_set_visible (self->empty_row, FALSE);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  update (self);
}

gboolean
vireo_domain_addresses_group_get_busy (VireoDomainAddressesGroup *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_ADDRESSES_GROUP (self), FALSE);

  return self->busy;
}
