/* vireo-memory-page.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-memory-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-domain-edit.h"
#include "vireo-memory-page.h"

struct _VireoMemoryPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkLabel             *pending_label;
  GtkSpinButton        *memory_spin;
  GtkSpinButton        *max_spin;
  GtkLabel             *error_label;
  GtkButton            *revert_button;
  GtkButton            *apply_button;

  /* Owned */
  VireoHardwareContext *context;
  gboolean              filling;
};

static void vireo_memory_page_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoMemoryPage, vireo_memory_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE, vireo_memory_page_iface_init))

#define KIB_PER_MIB 1024

static guint64
spin_kib (GtkSpinButton *spin)
{
  return (guint64) gtk_spin_button_get_value (spin) * KIB_PER_MIB;
}

/* Shown in MiB: a definition in KiB that is no whole MiB shows rounded down, and counts as changed
 * only when the user changes it. */
static guint64
shown_kib (guint64 kib)
{
  return kib / KIB_PER_MIB * KIB_PER_MIB;
}

static gboolean
fields_differ (VireoMemoryPage         *self,
               const VireoDomainConfig *config)
{
  return config != NULL &&
         (spin_kib (self->memory_spin) != shown_kib (config->memory_kib) ||
          spin_kib (self->max_spin) != shown_kib (config->memory_max_kib));
}

static void
update_buttons (VireoMemoryPage *self)
{
  gboolean dirty = self->context != NULL && fields_differ (self, self->context->config);

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), dirty);
}

static void
clear_errors (VireoMemoryPage *self)
{
  vireo_hardware_page_show_error (self->error_label, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->memory_spin), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->max_spin), "error");
}

static void
fill (VireoMemoryPage         *self,
      const VireoDomainConfig *config)
{
  self->filling = TRUE;
  gtk_spin_button_set_value (self->max_spin, (double) (config->memory_max_kib / KIB_PER_MIB));
  gtk_spin_button_set_value (self->memory_spin, (double) (config->memory_kib / KIB_PER_MIB));
  self->filling = FALSE;
  clear_errors (self);
  update_buttons (self);
}

static void
on_field_changed_cb (VireoMemoryPage *self)
{
  if (self->filling)
    return;
  clear_errors (self);
  update_buttons (self);
}

static void
on_revert_clicked_cb (VireoMemoryPage *self)
{
  if (self->context != NULL)
    fill (self, self->context->config);
}

static void
show_field_error (VireoMemoryPage *self,
                  GtkSpinButton   *field,
                  const char      *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (field), "error");
  vireo_hardware_page_show_error (self->error_label, message);
}

static void
on_apply_clicked_cb (VireoMemoryPage *self)
{
  const VireoDomainConfig *config;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  g_autofree char *xml = NULL;
  guint64 current;
  guint64 max;

  if (self->context == NULL || !fields_differ (self, self->context->config))
    return;
  config = self->context->config;

  /* Fields the user left alone keep the definition's exact value. */
  current = spin_kib (self->memory_spin) == shown_kib (config->memory_kib) ? config->memory_kib
                                                                          : spin_kib (self->memory_spin);
  max = spin_kib (self->max_spin) == shown_kib (config->memory_max_kib) ? config->memory_max_kib
                                                                       : spin_kib (self->max_spin);
  if (current > max)
    {
      show_field_error (self, self->memory_spin,
                        _("The current memory cannot be above the maximum: raise the maximum first."));
      return;
    }
  if (self->context->host != NULL && max / KIB_PER_MIB > self->context->host->memory_mib)
    {
      g_autofree char *message = NULL;
      g_autofree char *host = g_format_size_full (self->context->host->memory_mib * 1024 * 1024,
                                                  G_FORMAT_SIZE_IEC_UNITS);

      message = g_strdup_printf (_("The host has %s of memory: give the VM at most that much."), host);
      show_field_error (self, self->max_spin, message);
      return;
    }

  xml = vireo_domain_edit_set_memory (self->context->xml, current, max, &error);
  if (xml == NULL)
    {
      vireo_hardware_page_show_error (self->error_label, error->message);
      return;
    }

  /* The balloon of a running VM, within its maximum. */
  if (!self->context->draft && self->context->live != NULL && current != config->memory_kib &&
      max == config->memory_max_kib)
    g_ptr_array_add (changes, vireo_live_change_new_value (VIREO_LIVE_CHANGE_MEMORY, current));

  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, changes);
}

/* VireoHardwarePage */

static void
vireo_memory_page_update (VireoHardwarePage    *page,
                          VireoHardwareContext *context)
{
  VireoMemoryPage *self = VIREO_MEMORY_PAGE (page);
  gboolean edited = self->context != NULL && fields_differ (self, self->context->config);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = vireo_hardware_context_ref (context);
  if (!edited)
    fill (self, context->config);
  else
    update_buttons (self);
  vireo_hardware_page_show_pending (self->pending_label, context, VIREO_DOMAIN_PART_MEMORY, NULL, FALSE, NULL);
}

static void
vireo_memory_page_applied (VireoHardwarePage  *page,
                           const GError       *error,
                           VireoDomainApplied  applied,
                           const char         *pending_reason)
{
  VireoMemoryPage *self = VIREO_MEMORY_PAGE (page);

  vireo_hardware_page_show_error (self->error_label, error != NULL ? error->message : NULL);
  if (error == NULL && applied == VIREO_DOMAIN_APPLIED_PENDING)
    vireo_hardware_page_show_pending (self->pending_label, self->context, VIREO_DOMAIN_PART_MEMORY, NULL, TRUE,
                                      pending_reason);
}

static void
vireo_memory_page_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_memory_page_update;
  iface->applied = vireo_memory_page_applied;
}

/* GObject */

static void
vireo_memory_page_dispose (GObject *object)
{
  VireoMemoryPage *self = VIREO_MEMORY_PAGE (object);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_MEMORY_PAGE);

  G_OBJECT_CLASS (vireo_memory_page_parent_class)->dispose (object);
}

static void
vireo_memory_page_class_init (VireoMemoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_memory_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-memory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoMemoryPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VireoMemoryPage, memory_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoMemoryPage, max_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoMemoryPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoMemoryPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, VireoMemoryPage, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_revert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked_cb);
}

static void
vireo_memory_page_init (VireoMemoryPage *self)
{
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;
  update_buttons (self);
}

GtkWidget *
vireo_memory_page_new (void)
{
  return g_object_new (VIREO_TYPE_MEMORY_PAGE, NULL);
}
