/* vireo-cpu-page.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-cpu-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-cpu-page.h"
#include "vireo-domain-edit.h"

struct _VireoCpuPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkLabel             *pending_label;
  GtkSpinButton        *vcpus_spin;
  GtkSpinButton        *max_spin;
  AdwComboRow          *mode_row;
  GtkLabel             *error_label;
  GtkButton            *revert_button;
  GtkButton            *apply_button;

  /* Owned */
  VireoHardwareContext *context;
  GPtrArray            *modes;      /* char *, NULL for the hypervisor's default; parallel to mode_row */
  gboolean              filling;
  gboolean              pending;
  char                 *pending_reason;
};

static void vireo_cpu_page_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoCpuPage, vireo_cpu_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE, vireo_cpu_page_iface_init))

static const struct
{
  const char *mode;
  const char *label;
} known_modes[] = {
  { NULL, N_("Hypervisor default") },
  { "host-passthrough", N_("Copy the host CPU (host-passthrough)") },
  { "host-model", N_("Closest model to the host (host-model)") },
  { "maximum", N_("Every feature the hypervisor has (maximum)") },
  { "custom", N_("A named model (custom)") },
};

static const char *
selected_mode (VireoCpuPage *self)
{
  guint selected = adw_combo_row_get_selected (self->mode_row);

  return selected < self->modes->len ? g_ptr_array_index (self->modes, selected) : NULL;
}

static guint
vcpus (VireoCpuPage *self)
{
  return (guint) gtk_spin_button_get_value_as_int (self->vcpus_spin);
}

static guint
max_vcpus (VireoCpuPage *self)
{
  return (guint) gtk_spin_button_get_value_as_int (self->max_spin);
}

static guint
config_max (const VireoDomainConfig *config)
{
  return config->vcpus_max != 0 ? config->vcpus_max : config->vcpus;
}

static gboolean
fields_differ (VireoCpuPage            *self,
               const VireoDomainConfig *config)
{
  return config != NULL &&
         (vcpus (self) != config->vcpus || max_vcpus (self) != config_max (config) ||
          g_strcmp0 (selected_mode (self), config->cpu_mode) != 0);
}

static void
update_buttons (VireoCpuPage *self)
{
  gboolean dirty = self->context != NULL && fields_differ (self, self->context->config);

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), dirty);
}

/* The choices: the known modes; "custom" only when the VM has it (a named model is edited in XML). */
static void
fill_modes (VireoCpuPage            *self,
            const VireoDomainConfig *config)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (self->modes, 0);
  for (guint i = 0; i < G_N_ELEMENTS (known_modes); i++)
    {
      if (g_strcmp0 (known_modes[i].mode, "custom") == 0 && g_strcmp0 (config->cpu_mode, "custom") != 0)
        continue;
      if (g_strcmp0 (known_modes[i].mode, config->cpu_mode) == 0)
        selected = self->modes->len;
      g_ptr_array_add (self->modes, (gpointer) known_modes[i].mode);
      gtk_string_list_append (labels, _(known_modes[i].label));
    }
  adw_combo_row_set_model (self->mode_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->mode_row, selected);
}

static void
fill (VireoCpuPage            *self,
      const VireoDomainConfig *config)
{
  self->filling = TRUE;
  gtk_spin_button_set_value (self->max_spin, config_max (config));
  gtk_spin_button_set_value (self->vcpus_spin, config->vcpus);
  fill_modes (self, config);
  self->filling = FALSE;
  vireo_hardware_page_show_error (self->error_label, NULL);
  update_buttons (self);
}

static void
on_field_changed_cb (VireoCpuPage *self)
{
  if (self->filling)
    return;
  vireo_hardware_page_show_error (self->error_label, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->vcpus_spin), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->max_spin), "error");
  update_buttons (self);
}

static void
on_revert_clicked_cb (VireoCpuPage *self)
{
  if (self->context != NULL)
    fill (self, self->context->config);
}

static void
show_field_error (VireoCpuPage *self,
                  GtkWidget    *field,
                  const char   *message)
{
  gtk_widget_add_css_class (field, "error");
  vireo_hardware_page_show_error (self->error_label, message);
}

static void
on_apply_clicked_cb (VireoCpuPage *self)
{
  const VireoDomainConfig *config;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *xml = NULL;
  guint current = vcpus (self);
  guint max = max_vcpus (self);
  const char *mode = selected_mode (self);

  if (self->context == NULL || !fields_differ (self, self->context->config))
    return;
  config = self->context->config;

  if (current > max)
    {
      show_field_error (self, GTK_WIDGET (self->vcpus_spin),
                        _("The VM cannot use more virtual CPUs than its maximum: raise the maximum first."));
      return;
    }
  if (self->context->host != NULL && max > self->context->host->cpus)
    {
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "The host has %u CPU: give the VM at most that many.",
                                                               "The host has %u CPUs: give the VM at most that many.",
                                                               self->context->host->cpus),
                                                  self->context->host->cpus);

      show_field_error (self, GTK_WIDGET (self->max_spin), message);
      return;
    }

  xml = g_strdup (self->context->xml);
  if (current != config->vcpus || max != config_max (config))
    {
      g_autofree char *edited = vireo_domain_edit_set_vcpus (xml, current, max, &error);

      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  if (xml != NULL && g_strcmp0 (mode, config->cpu_mode) != 0)
    {
      g_autofree char *edited = vireo_domain_edit_set_cpu_mode (xml, mode, &error);

      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  if (xml == NULL)
    {
      vireo_hardware_page_show_error (self->error_label, error->message);
      return;
    }

  /* Only the count of a running VM changes live, within its maximum. */
  if (!self->context->draft && self->context->live != NULL && current != config->vcpus &&
      max == config_max (config) && g_strcmp0 (mode, config->cpu_mode) == 0)
    g_ptr_array_add (changes, vireo_live_change_new_value (VIREO_LIVE_CHANGE_VCPUS, current));

  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, changes);
}

/* VireoHardwarePage */

static void
vireo_cpu_page_update (VireoHardwarePage    *page,
                       VireoHardwareContext *context)
{
  VireoCpuPage *self = VIREO_CPU_PAGE (page);
  gboolean edited = self->context != NULL && fields_differ (self, self->context->config);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = vireo_hardware_context_ref (context);
  self->pending = FALSE;
  g_clear_pointer (&self->pending_reason, g_free);

  /* What the user changed and did not apply stays. */
  if (!edited)
    fill (self, context->config);
  else
    update_buttons (self);
  vireo_hardware_page_show_pending (self->pending_label, context, VIREO_DOMAIN_PART_CPUS, NULL, FALSE, NULL);
}

static void
vireo_cpu_page_applied (VireoHardwarePage  *page,
                        const GError       *error,
                        VireoDomainApplied  applied,
                        const char         *pending_reason)
{
  VireoCpuPage *self = VIREO_CPU_PAGE (page);

  vireo_hardware_page_show_error (self->error_label, error != NULL ? error->message : NULL);
  if (error == NULL && applied == VIREO_DOMAIN_APPLIED_PENDING)
    {
      self->pending = TRUE;
      g_free (self->pending_reason);
      self->pending_reason = g_strdup (pending_reason);
      vireo_hardware_page_show_pending (self->pending_label, self->context, VIREO_DOMAIN_PART_CPUS, NULL, TRUE,
                                        pending_reason);
    }
}

static void
vireo_cpu_page_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_cpu_page_update;
  iface->applied = vireo_cpu_page_applied;
}

/* GObject */

static void
vireo_cpu_page_dispose (GObject *object)
{
  VireoCpuPage *self = VIREO_CPU_PAGE (object);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CPU_PAGE);

  G_OBJECT_CLASS (vireo_cpu_page_parent_class)->dispose (object);
}

static void
vireo_cpu_page_finalize (GObject *object)
{
  VireoCpuPage *self = VIREO_CPU_PAGE (object);

  g_clear_pointer (&self->modes, g_ptr_array_unref);
  g_free (self->pending_reason);

  G_OBJECT_CLASS (vireo_cpu_page_parent_class)->finalize (object);
}

static void
vireo_cpu_page_class_init (VireoCpuPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_cpu_page_dispose;
  object_class->finalize = vireo_cpu_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-cpu-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoCpuPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VireoCpuPage, vcpus_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoCpuPage, max_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoCpuPage, mode_row);
  gtk_widget_class_bind_template_child (widget_class, VireoCpuPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoCpuPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, VireoCpuPage, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_revert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked_cb);
}

static void
vireo_cpu_page_init (VireoCpuPage *self)
{
  self->modes = g_ptr_array_new ();
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;
  update_buttons (self);
}

GtkWidget *
vireo_cpu_page_new (void)
{
  return g_object_new (VIREO_TYPE_CPU_PAGE, NULL);
}
