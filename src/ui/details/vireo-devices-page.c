/* vireo-devices-page.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-devices-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-devices-page.h"
#include "vireo-domain-edit.h"

/* What vireo_domain_edit_add_sound() takes, the usual first. */
static const char * const sound_models[] = { "ich9", "ich6", "ich7", "ac97", "es1370", "sb16", "pcspk", "usb", NULL };

struct _VireoDevicesPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkLabel             *pending_label;
  GtkSwitch            *tablet_switch;
  AdwPreferencesGroup  *sound_group;
  GtkDropDown          *sound_model_dropdown;
  GtkButton            *add_sound_button;
  GtkSwitch            *serial_switch;
  GtkLabel             *error_label;

  /* Owned */
  VireoHardwareContext *context;
  GPtrArray            *sound_rows;   /* GtkWidget */
  gboolean              filling;
};

static void vireo_devices_page_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoDevicesPage, vireo_devices_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE, vireo_devices_page_iface_init))

static gboolean
has_tablet (const VireoDomainConfig *config)
{
  for (guint i = 0; i < config->inputs->len; i++)
    if (g_strcmp0 (((VireoDomainInput *) g_ptr_array_index (config->inputs, i))->type, "tablet") == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_serial_console (const VireoDomainConfig *config)
{
  for (guint i = 0; i < config->chardevs->len; i++)
    {
      const VireoDomainChardev *chardev = g_ptr_array_index (config->chardevs, i);

      if (g_strcmp0 (chardev->kind, "serial") == 0 && g_strcmp0 (chardev->type, "pty") == 0)
        return TRUE;
    }
  return FALSE;
}

/* @edited as the new definition, with @change (nullable) for the running VM. */
static void
request (VireoDevicesPage *self,
         char             *edited,
         VireoLiveChange  *change,
         const GError     *error)
{
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();

  if (edited == NULL)
    {
      vireo_live_change_free (change);
      vireo_hardware_page_show_error (self->error_label, error->message);
      return;
    }
  if (change != NULL)
    g_ptr_array_add (changes, change);
  vireo_hardware_page_show_error (self->error_label, NULL);
  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), edited, changes);
  g_free (edited);
}

static gboolean
runs (VireoDevicesPage *self)
{
  return !self->context->draft && self->context->live != NULL;
}

static void
on_tablet_toggled_cb (VireoDevicesPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean on = gtk_switch_get_active (self->tablet_switch);
  g_autofree char *device = NULL;
  char *edited;

  if (self->filling || self->context == NULL || on == has_tablet (self->context->config))
    return;

  if (on)
    {
      edited = vireo_domain_edit_add_tablet (self->context->xml, &error);
      if (edited != NULL && runs (self))
        device = vireo_domain_edit_dup_tablet_xml (edited, &error);
    }
  else
    {
      /* Unplugged: the device as it stands before. */
      if (runs (self))
        device = vireo_domain_edit_dup_tablet_xml (self->context->xml, &error);
      edited = vireo_domain_edit_remove_tablet (self->context->xml, &error);
    }
  request (self, edited,
           device != NULL ? vireo_live_change_new_device (on ? VIREO_LIVE_CHANGE_ATTACH_DEVICE
                                                             : VIREO_LIVE_CHANGE_DETACH_DEVICE, device) : NULL,
           error);
}

static void
on_serial_toggled_cb (VireoDevicesPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean on = gtk_switch_get_active (self->serial_switch);
  char *edited;

  if (self->filling || self->context == NULL || on == has_serial_console (self->context->config))
    return;
  edited = on ? vireo_domain_edit_add_serial_console (self->context->xml, &error)
              : vireo_domain_edit_remove_serial_console (self->context->xml, &error);
  request (self, edited, NULL, error);
}

static void
on_add_sound_clicked_cb (VireoDevicesPage *self)
{
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->sound_model_dropdown);
  char *edited;

  if (self->context == NULL || selected >= g_strv_length ((char **) sound_models))
    return;
  edited = vireo_domain_edit_add_sound (self->context->xml, sound_models[selected], &error);
  request (self, edited, NULL, error);
}

static void
on_remove_sound_clicked_cb (GtkButton        *button,
                            VireoDevicesPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *model = g_object_get_data (G_OBJECT (button), "model");
  char *edited;

  if (self->context == NULL)
    return;
  edited = vireo_domain_edit_remove_sound (self->context->xml, model, &error);
  request (self, edited, NULL, error);
}

static void
fill_sound (VireoDevicesPage        *self,
            const VireoDomainConfig *config)
{
  for (guint i = 0; i < self->sound_rows->len; i++)
    adw_preferences_group_remove (self->sound_group, g_ptr_array_index (self->sound_rows, i));
  g_ptr_array_set_size (self->sound_rows, 0);

  for (guint i = 0; config->sound_models[i] != NULL; i++)
    {
      const char *model = config->sound_models[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* Translators: a button's accessible name, "Remove the ich9 sound device" */
      g_autofree char *name = g_strdup_printf (_("Remove the %s sound device"), model);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), model);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_object_set_data_full (G_OBJECT (remove), "model", g_strdup (model), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_sound_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->sound_group, row);
      g_ptr_array_add (self->sound_rows, row);
    }
  adw_preferences_group_set_description (self->sound_group,
                                         config->sound_models[0] == NULL ? _("No sound device.") : NULL);
}

/* VireoHardwarePage */

static void
vireo_devices_page_update (VireoHardwarePage    *page,
                           VireoHardwareContext *context)
{
  VireoDevicesPage *self = VIREO_DEVICES_PAGE (page);
  gboolean pending;

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = vireo_hardware_context_ref (context);

  self->filling = TRUE;
  gtk_switch_set_active (self->tablet_switch, has_tablet (context->config));
  gtk_switch_set_active (self->serial_switch, has_serial_console (context->config));
  fill_sound (self, context->config);
  self->filling = FALSE;

  pending = context->live != NULL &&
            (vireo_domain_config_part_pending (context->config, context->live, VIREO_DOMAIN_PART_SOUND, NULL) ||
             vireo_domain_config_part_pending (context->config, context->live, VIREO_DOMAIN_PART_SERIAL, NULL));
  vireo_hardware_page_show_pending (self->pending_label, context, VIREO_DOMAIN_PART_INPUT, NULL, pending, NULL);
}

static void
vireo_devices_page_applied (VireoHardwarePage  *page,
                            const GError       *error,
                            VireoDomainApplied  applied,
                            const char         *pending_reason)
{
  VireoDevicesPage *self = VIREO_DEVICES_PAGE (page);

  if (error != NULL)
    {
      vireo_hardware_page_show_error (self->error_label, error->message);
      /* The switches show the definition again. */
      if (self->context != NULL)
        vireo_devices_page_update (page, self->context);
      vireo_hardware_page_show_error (self->error_label, error->message);
    }
  else if (applied == VIREO_DOMAIN_APPLIED_PENDING)
    {
      vireo_hardware_page_show_pending (self->pending_label, self->context, VIREO_DOMAIN_PART_INPUT, NULL, TRUE,
                                        pending_reason);
    }
}

static void
vireo_devices_page_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_devices_page_update;
  iface->applied = vireo_devices_page_applied;
}

/* GObject */

static void
vireo_devices_page_dispose (GObject *object)
{
  VireoDevicesPage *self = VIREO_DEVICES_PAGE (object);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DEVICES_PAGE);

  G_OBJECT_CLASS (vireo_devices_page_parent_class)->dispose (object);
}

static void
vireo_devices_page_finalize (GObject *object)
{
  VireoDevicesPage *self = VIREO_DEVICES_PAGE (object);

  g_clear_pointer (&self->sound_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (vireo_devices_page_parent_class)->finalize (object);
}

static void
vireo_devices_page_class_init (VireoDevicesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_devices_page_dispose;
  object_class->finalize = vireo_devices_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-devices-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDevicesPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDevicesPage, tablet_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDevicesPage, sound_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDevicesPage, sound_model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, VireoDevicesPage, add_sound_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDevicesPage, serial_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDevicesPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_tablet_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_serial_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_sound_clicked_cb);
}

static void
vireo_devices_page_init (VireoDevicesPage *self)
{
  g_autoptr(GtkStringList) models = gtk_string_list_new ((const char * const *) sound_models);

  self->sound_rows = g_ptr_array_new ();
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->sound_model_dropdown, G_LIST_MODEL (models));
  self->filling = FALSE;
}

GtkWidget *
vireo_devices_page_new (void)
{
  return g_object_new (VIREO_TYPE_DEVICES_PAGE, NULL);
}
