/* vireo-display-page.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-display-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-display-page.h"
#include "vireo-domain-edit.h"

/* What vireo_domain_edit_set_video_model() takes. */
static const char * const video_models[] = { "virtio", "qxl", "vga", "bochs", "cirrus", "ramfb", "vmvga", "none", NULL };

struct _VireoDisplayPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkLabel             *pending_label;
  AdwPreferencesGroup  *graphics_group;
  AdwActionRow         *type_row;
  AdwEntryRow          *listen_row;
  GtkSwitch            *autoport_switch;
  AdwActionRow         *port_row;
  GtkSpinButton        *port_spin;
  GtkSwitch            *password_switch;
  AdwPasswordEntryRow  *password_row;
  AdwComboRow          *video_row;
  GtkLabel             *error_label;
  GtkButton            *revert_button;
  GtkButton            *apply_button;

  /* Owned */
  VireoHardwareContext *context;
  GtkStringList        *models;
  gboolean              filling;
};

static void vireo_display_page_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoDisplayPage, vireo_display_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE, vireo_display_page_iface_init))

static const VireoDomainGraphics *
graphics (const VireoDomainConfig *config)
{
  return config->graphics->len > 0 ? g_ptr_array_index (config->graphics, 0) : NULL;
}

static char *
shown_listen (VireoDisplayPage *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->listen_row))));
}

static const char *
shown_model (VireoDisplayPage *self)
{
  guint selected = adw_combo_row_get_selected (self->video_row);

  return selected != GTK_INVALID_LIST_POSITION ? gtk_string_list_get_string (self->models, selected) : NULL;
}

static gboolean
graphics_differ (VireoDisplayPage          *self,
                 const VireoDomainGraphics *g)
{
  g_autofree char *listen = shown_listen (self);
  gboolean autoport = gtk_switch_get_active (self->autoport_switch);

  if (g == NULL)
    return FALSE;
  return g_strcmp0 (listen, g->listen != NULL ? g->listen : "") != 0 ||
         autoport != (g->autoport || g->port < 0) ||
         (!autoport && gtk_spin_button_get_value_as_int (self->port_spin) != g->port) ||
         gtk_switch_get_active (self->password_switch) != g->has_password ||
         *gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0';
}

static gboolean
video_differs (VireoDisplayPage        *self,
               const VireoDomainConfig *config)
{
  return g_strcmp0 (shown_model (self), config->video_model) != 0;
}

static gboolean
fields_differ (VireoDisplayPage        *self,
               const VireoDomainConfig *config)
{
  return config != NULL && (graphics_differ (self, graphics (config)) || video_differs (self, config));
}

static void
update_sensitivity (VireoDisplayPage *self)
{
  gboolean dirty = self->context != NULL && fields_differ (self, self->context->config);

  gtk_widget_set_sensitive (GTK_WIDGET (self->port_row), !gtk_switch_get_active (self->autoport_switch));
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), gtk_switch_get_active (self->password_switch));
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), dirty);
}

static void
clear_errors (VireoDisplayPage *self)
{
  vireo_hardware_page_show_error (self->error_label, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->listen_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->port_spin), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

static void
fill (VireoDisplayPage        *self,
      const VireoDomainConfig *config)
{
  const VireoDomainGraphics *g = graphics (config);
  guint selected = GTK_INVALID_LIST_POSITION;

  self->filling = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->graphics_group), g != NULL);
  if (g != NULL)
    {
      g_autofree char *type = g_ascii_strup (g->type != NULL ? g->type : "", -1);

      adw_action_row_set_subtitle (self->type_row, type);
      gtk_editable_set_text (GTK_EDITABLE (self->listen_row), g->listen != NULL ? g->listen : "");
      gtk_switch_set_active (self->autoport_switch, g->autoport || g->port < 0);
      gtk_spin_button_set_value (self->port_spin, g->port > 0 ? g->port : 5900);
      gtk_switch_set_active (self->password_switch, g->has_password);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->models)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->models, i), config->video_model) == 0)
      selected = i;
  if (selected == GTK_INVALID_LIST_POSITION && config->video_model != NULL)
    {
      gtk_string_list_append (self->models, config->video_model);
      selected = g_list_model_get_n_items (G_LIST_MODEL (self->models)) - 1;
    }
  adw_combo_row_set_selected (self->video_row, selected);
  self->filling = FALSE;
  clear_errors (self);
  update_sensitivity (self);
}

static void
on_field_changed_cb (VireoDisplayPage *self)
{
  if (self->filling)
    return;
  clear_errors (self);
  update_sensitivity (self);
}

static void
on_revert_clicked_cb (VireoDisplayPage *self)
{
  if (self->context != NULL)
    fill (self, self->context->config);
}

static gboolean
fail_at (VireoDisplayPage *self,
         GtkWidget        *field,
         const GError     *error)
{
  gtk_widget_add_css_class (field, "error");
  vireo_hardware_page_show_error (self->error_label, error->message);
  return FALSE;
}

/* Each field that changed, one edit after the other; FALSE with the error at its field. */
static gboolean
edit_graphics (VireoDisplayPage           *self,
               const VireoDomainGraphics  *g,
               char                      **xml)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = shown_listen (self);
  gboolean autoport = gtk_switch_get_active (self->autoport_switch);
  int port = autoport ? -1 : gtk_spin_button_get_value_as_int (self->port_spin);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  char *edited;

  if (g_strcmp0 (listen, g->listen != NULL ? g->listen : "") != 0)
    {
      if ((edited = vireo_domain_edit_set_graphics_listen (*xml, g->type, listen, &error)) == NULL)
        return fail_at (self, GTK_WIDGET (self->listen_row), error);
      g_free (*xml);
      *xml = edited;
    }
  if (autoport != (g->autoport || g->port < 0) || (!autoport && port != g->port))
    {
      if ((edited = vireo_domain_edit_set_graphics_port (*xml, g->type, port, &error)) == NULL)
        return fail_at (self, GTK_WIDGET (self->port_spin), error);
      g_free (*xml);
      *xml = edited;
    }
  if (!gtk_switch_get_active (self->password_switch) && g->has_password)
    {
      if ((edited = vireo_domain_edit_set_graphics_password (*xml, g->type, NULL, &error)) == NULL)
        return fail_at (self, GTK_WIDGET (self->password_row), error);
      g_free (*xml);
      *xml = edited;
    }
  else if (gtk_switch_get_active (self->password_switch) && (*password != '\0' || !g->has_password))
    {
      if (*password == '\0')
        {
          g_autoptr(GError) empty = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                         _("Type the password the console will ask for."));

          return fail_at (self, GTK_WIDGET (self->password_row), empty);
        }
      if ((edited = vireo_domain_edit_set_graphics_password (*xml, g->type, password, &error)) == NULL)
        return fail_at (self, GTK_WIDGET (self->password_row), error);
      g_free (*xml);
      *xml = edited;
    }
  return TRUE;
}

static void
on_apply_clicked_cb (VireoDisplayPage *self)
{
  const VireoDomainConfig *config;
  const VireoDomainGraphics *g;
  g_autofree char *xml = NULL;

  if (self->context == NULL || !fields_differ (self, self->context->config))
    return;
  config = self->context->config;
  g = graphics (config);

  xml = g_strdup (self->context->xml);
  if (g != NULL && graphics_differ (self, g) && !edit_graphics (self, g, &xml))
    return;
  if (video_differs (self, config))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *edited = vireo_domain_edit_set_video_model (xml, shown_model (self), &error);

      if (edited == NULL)
        {
          vireo_hardware_page_show_error (self->error_label, error->message);
          return;
        }
      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  /* A display's address, port and password are the ones QEMU started with: next boot. */
  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, NULL);
}

/* VireoHardwarePage */

static void
vireo_display_page_update (VireoHardwarePage    *page,
                           VireoHardwareContext *context)
{
  VireoDisplayPage *self = VIREO_DISPLAY_PAGE (page);
  gboolean edited = self->context != NULL && fields_differ (self, self->context->config);
  gboolean pending;

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = vireo_hardware_context_ref (context);
  if (!edited)
    fill (self, context->config);
  else
    update_sensitivity (self);

  pending = context->live != NULL &&
            vireo_domain_config_part_pending (context->config, context->live, VIREO_DOMAIN_PART_VIDEO, NULL);
  vireo_hardware_page_show_pending (self->pending_label, context, VIREO_DOMAIN_PART_GRAPHICS, NULL, pending, NULL);
}

static void
vireo_display_page_applied (VireoHardwarePage  *page,
                            const GError       *error,
                            VireoDomainApplied  applied,
                            const char         *pending_reason)
{
  VireoDisplayPage *self = VIREO_DISPLAY_PAGE (page);

  vireo_hardware_page_show_error (self->error_label, error != NULL ? error->message : NULL);
}

static void
vireo_display_page_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_display_page_update;
  iface->applied = vireo_display_page_applied;
}

/* GObject */

static void
vireo_display_page_dispose (GObject *object)
{
  VireoDisplayPage *self = VIREO_DISPLAY_PAGE (object);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DISPLAY_PAGE);

  G_OBJECT_CLASS (vireo_display_page_parent_class)->dispose (object);
}

static void
vireo_display_page_finalize (GObject *object)
{
  VireoDisplayPage *self = VIREO_DISPLAY_PAGE (object);

  g_clear_object (&self->models);

  G_OBJECT_CLASS (vireo_display_page_parent_class)->finalize (object);
}

static void
vireo_display_page_class_init (VireoDisplayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_display_page_dispose;
  object_class->finalize = vireo_display_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-display-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, graphics_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, listen_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, autoport_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, port_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, port_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, password_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, video_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDisplayPage, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_revert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked_cb);
}

static void
vireo_display_page_init (VireoDisplayPage *self)
{
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->models = gtk_string_list_new ((const char * const *) video_models);
  adw_combo_row_set_model (self->video_row, G_LIST_MODEL (self->models));
  self->filling = FALSE;
  update_sensitivity (self);
}

GtkWidget *
vireo_display_page_new (void)
{
  return g_object_new (VIREO_TYPE_DISPLAY_PAGE, NULL);
}
