/* vireo-boot-page.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-boot-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-boot-page.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-edit.h"

/* The device classes of <os><boot dev=…/>, as shown. */
static const struct
{
  const char *dev;
  const char *label;
  const char *icon;
} classes[] = {
  { "hd", N_("Hard disk"), "drive-harddisk-symbolic" },
  { "cdrom", N_("CD-ROM"), "media-optical-symbolic" },
  { "network", N_("Network (PXE)"), "network-wired-symbolic" },
  { "fd", N_("Floppy"), "media-floppy-symbolic" },
};

typedef struct
{
  guint    class_index;
  gboolean enabled;
} Entry;

struct _VireoBootPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkLabel             *pending_label;
  AdwPreferencesGroup  *autostart_group;
  GtkSwitch            *autostart_switch;
  GtkListBox           *order_list;
  GtkLabel             *per_device_label;
  GtkSwitch            *menu_switch;
  GtkLabel             *error_label;
  GtkButton            *revert_button;
  GtkButton            *apply_button;

  /* Owned */
  VireoHardwareContext *context;
  GArray               *entries;     /* Entry, in the order shown */
  GCancellable         *cancellable;
  gboolean              filling;
};

static void vireo_boot_page_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoBootPage, vireo_boot_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE, vireo_boot_page_iface_init))

static guint
class_of (const char *dev)
{
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (classes[i].dev, dev) == 0)
      return i;
  return G_N_ELEMENTS (classes);
}

/* The checked devices, in order (NULL-terminated; the strings are static). */
static GPtrArray *
shown_devs (VireoBootPage *self)
{
  GPtrArray *devs = g_ptr_array_new ();

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      if (entry->enabled)
        g_ptr_array_add (devs, (gpointer) classes[entry->class_index].dev);
    }
  g_ptr_array_add (devs, NULL);
  return devs;
}

static gboolean
has_per_device_order (const VireoDomainConfig *config)
{
  for (guint i = 0; i < config->disks->len; i++)
    if (((VireoDomainDisk *) g_ptr_array_index (config->disks, i))->boot_order > 0)
      return TRUE;
  for (guint i = 0; i < config->nics->len; i++)
    if (((VireoDomainNic *) g_ptr_array_index (config->nics, i))->boot_order > 0)
      return TRUE;
  return FALSE;
}

static gboolean
order_differs (VireoBootPage           *self,
               const VireoDomainConfig *config)
{
  g_autoptr(GPtrArray) devs = shown_devs (self);

  /* A per-device order shows nothing checked: checking something is the change. */
  return !g_strv_equal ((const char * const *) devs->pdata, (const char * const *) config->boot_devs);
}

static gboolean
fields_differ (VireoBootPage           *self,
               const VireoDomainConfig *config)
{
  return config != NULL &&
         (order_differs (self, config) || gtk_switch_get_active (self->menu_switch) != config->boot_menu);
}

static void
update_buttons (VireoBootPage *self)
{
  gboolean dirty = self->context != NULL && fields_differ (self, self->context->config);

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), dirty);
}

static void rebuild_rows (VireoBootPage *self);

static void
on_check_toggled_cb (GtkCheckButton *check,
                     VireoBootPage  *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "entry"));

  g_array_index (self->entries, Entry, index).enabled = gtk_check_button_get_active (check);
  vireo_hardware_page_show_error (self->error_label, NULL);
  update_buttons (self);
}

static void
move_entry (VireoBootPage *self,
            guint          index,
            int            delta)
{
  Entry entry = g_array_index (self->entries, Entry, index);
  guint target = index + delta;

  if (target >= self->entries->len)
    return;
  g_array_index (self->entries, Entry, index) = g_array_index (self->entries, Entry, target);
  g_array_index (self->entries, Entry, target) = entry;
  rebuild_rows (self);
  update_buttons (self);
}

static void
on_up_clicked_cb (GtkButton     *button,
                  VireoBootPage *self)
{
  move_entry (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "entry")), -1);
}

static void
on_down_clicked_cb (GtkButton     *button,
                    VireoBootPage *self)
{
  move_entry (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "entry")), +1);
}

static GtkWidget *
move_button (VireoBootPage *self,
             guint          index,
             gboolean       up,
             const char    *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (up ? "go-up-symbolic" : "go-down-symbolic");
  g_autofree char *name = NULL;

  /* Translators: "Move Hard disk up" */
  name = g_strdup_printf (up ? _("Move %s up") : _("Move %s down"), label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_sensitive (button, up ? index > 0 : index + 1 < self->entries->len);
  g_object_set_data (G_OBJECT (button), "entry", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", up ? G_CALLBACK (on_up_clicked_cb) : G_CALLBACK (on_down_clicked_cb), self);
  return button;
}

/* One row per class: a check, its name, up and down. */
static void
rebuild_rows (VireoBootPage *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->order_list))) != NULL)
    gtk_list_box_remove (self->order_list, row);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = &g_array_index (self->entries, Entry, i);
      const char *label = _(classes[entry->class_index].label);
      GtkWidget *check = gtk_check_button_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), classes[entry->class_index].icon);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), entry->enabled);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data (G_OBJECT (check), "entry", GUINT_TO_POINTER (i));
      g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), move_button (self, i, TRUE, label));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), move_button (self, i, FALSE, label));
      gtk_widget_set_name (row, classes[entry->class_index].dev);
      gtk_list_box_append (self->order_list, row);
    }
}

static void
fill (VireoBootPage           *self,
      const VireoDomainConfig *config)
{
  g_array_set_size (self->entries, 0);
  /* The boot devices first, in order, then the others unchecked. */
  for (guint i = 0; config->boot_devs[i] != NULL; i++)
    {
      Entry entry = { class_of (config->boot_devs[i]), TRUE };

      if (entry.class_index < G_N_ELEMENTS (classes))
        g_array_append_val (self->entries, entry);
    }
  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < self->entries->len; i++)
        listed = listed || g_array_index (self->entries, Entry, i).class_index == c;
      if (!listed)
        {
          Entry entry = { c, FALSE };

          g_array_append_val (self->entries, entry);
        }
    }

  self->filling = TRUE;
  rebuild_rows (self);
  gtk_switch_set_active (self->menu_switch, config->boot_menu);
  gtk_widget_set_visible (GTK_WIDGET (self->per_device_label), has_per_device_order (config));
  self->filling = FALSE;
  vireo_hardware_page_show_error (self->error_label, NULL);
  update_buttons (self);
}

static void
on_field_changed_cb (VireoBootPage *self)
{
  if (self->filling)
    return;
  vireo_hardware_page_show_error (self->error_label, NULL);
  update_buttons (self);
}

static void
on_revert_clicked_cb (VireoBootPage *self)
{
  if (self->context != NULL)
    fill (self, self->context->config);
}

static void
on_apply_clicked_cb (VireoBootPage *self)
{
  const VireoDomainConfig *config;
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  gboolean menu = gtk_switch_get_active (self->menu_switch);

  if (self->context == NULL || !fields_differ (self, self->context->config))
    return;
  config = self->context->config;

  xml = g_strdup (self->context->xml);
  if (order_differs (self, config))
    {
      g_autoptr(GPtrArray) devs = shown_devs (self);
      g_autofree char *edited = NULL;

      if (devs->len == 1)
        {
          vireo_hardware_page_show_error (self->error_label, _("Check at least one device to boot from."));
          return;
        }
      edited = vireo_domain_edit_set_boot_order (xml, (const char * const *) devs->pdata, &error);
      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  if (xml != NULL && menu != config->boot_menu)
    {
      g_autofree char *edited = vireo_domain_edit_set_boot_menu (xml, menu, &error);

      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  if (xml == NULL)
    {
      vireo_hardware_page_show_error (self->error_label, error->message);
      return;
    }
  /* Nothing about booting changes a running VM. */
  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, NULL);
}

/* Autostart is the VM's flag, not its XML: set at once. */

static void
on_autostart_set_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VireoBootPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_domain_set_autostart_finish (VIREO_DOMAIN (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      vireo_hardware_page_show_error (self->error_label, error->message);
      self->filling = TRUE;
      gtk_switch_set_active (self->autostart_switch, vireo_domain_get_autostart (VIREO_DOMAIN (source)));
      self->filling = FALSE;
    }
}

static void
on_autostart_toggled_cb (VireoBootPage *self)
{
  gboolean active = gtk_switch_get_active (self->autostart_switch);

  if (self->filling || self->context == NULL || self->context->domain == NULL ||
      active == vireo_domain_get_autostart (self->context->domain))
    return;
  vireo_hardware_page_show_error (self->error_label, NULL);
  vireo_domain_set_autostart_async (self->context->domain, active, self->cancellable, on_autostart_set_cb,
                                    g_object_ref (self));
}

/* VireoHardwarePage */

static void
vireo_boot_page_update (VireoHardwarePage    *page,
                        VireoHardwareContext *context)
{
  VireoBootPage *self = VIREO_BOOT_PAGE (page);
  gboolean edited = self->context != NULL && fields_differ (self, self->context->config);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = vireo_hardware_context_ref (context);
  if (!edited)
    fill (self, context->config);
  else
    update_buttons (self);

  gtk_widget_set_visible (GTK_WIDGET (self->autostart_group), context->domain != NULL && !context->draft);
  if (context->domain != NULL)
    {
      self->filling = TRUE;
      gtk_switch_set_active (self->autostart_switch, vireo_domain_get_autostart (context->domain));
      self->filling = FALSE;
    }
  vireo_hardware_page_show_pending (self->pending_label, context, VIREO_DOMAIN_PART_BOOT, NULL, FALSE, NULL);
}

static void
vireo_boot_page_applied (VireoHardwarePage  *page,
                         const GError       *error,
                         VireoDomainApplied  applied,
                         const char         *pending_reason)
{
  VireoBootPage *self = VIREO_BOOT_PAGE (page);

  vireo_hardware_page_show_error (self->error_label, error != NULL ? error->message : NULL);
}

static void
vireo_boot_page_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_boot_page_update;
  iface->applied = vireo_boot_page_applied;
}

/* GObject */

static void
vireo_boot_page_dispose (GObject *object)
{
  VireoBootPage *self = VIREO_BOOT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_BOOT_PAGE);

  G_OBJECT_CLASS (vireo_boot_page_parent_class)->dispose (object);
}

static void
vireo_boot_page_finalize (GObject *object)
{
  VireoBootPage *self = VIREO_BOOT_PAGE (object);

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_boot_page_parent_class)->finalize (object);
}

static void
vireo_boot_page_class_init (VireoBootPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_boot_page_dispose;
  object_class->finalize = vireo_boot_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-boot-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, autostart_group);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, autostart_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, order_list);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, per_device_label);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, menu_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, VireoBootPage, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_revert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_autostart_toggled_cb);
}

static void
vireo_boot_page_init (VireoBootPage *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->cancellable = g_cancellable_new ();
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;
  update_buttons (self);
}

GtkWidget *
vireo_boot_page_new (void)
{
  return g_object_new (VIREO_TYPE_BOOT_PAGE, NULL);
}
