/* vireo-nic-page.c: one network interface of a VM: source, model, link state, removal
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-nic-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-domain-edit.h"
#include "vireo-domain-pending.h"
#include "vireo-nic-page.h"
#include "vireo-nic-sources.h"

struct _VireoNicPage
{
  GtkBox                parent_instance;

  /* Template widgets */
  GtkLabel             *pending_label;
  AdwComboRow          *type_row;
  AdwComboRow          *source_row;
  AdwEntryRow          *source_entry_row;
  AdwComboRow          *model_row;
  AdwActionRow         *mac_row;
  GtkSwitch            *link_switch;
  GtkLabel             *error_label;
  GtkButton            *remove_button;
  GtkButton            *revert_button;
  GtkButton            *apply_button;

  /* Owned */
  char                 *mac;
  VireoHardwareContext *context;
  GtkStringList        *types;      /* type names, parallel to type_row's labels */
  GtkStringList        *models;
  gboolean              filling;    /* the fields are being set from the context */
  gboolean              pending;    /* applied() said PENDING since the last context */
  char                 *pending_reason;
};

static void vireo_nic_page_iface_init (VireoHardwarePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoNicPage, vireo_nic_page, GTK_TYPE_BOX,
                               G_IMPLEMENT_INTERFACE (VIREO_TYPE_HARDWARE_PAGE, vireo_nic_page_iface_init))

static const VireoDomainNic *
current_nic (VireoNicPage *self)
{
  if (self->context == NULL)
    return NULL;
  return vireo_domain_config_find_nic (self->context->config, self->mac);
}

static const char *
combo_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* Selects @value in @row's string list, appending it when missing. */
static void
combo_select (AdwComboRow *row,
              const char  *value)
{
  GtkStringList *list = GTK_STRING_LIST (adw_combo_row_get_model (row));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (value == NULL)
    return;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), value) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  gtk_string_list_append (list, value);
  adw_combo_row_set_selected (row, n);
}

static const char *
selected_type (VireoNicPage *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->types, selected);
}

static char *
selected_source (VireoNicPage *self)
{
  const char *type = selected_type (self);

  if (vireo_nic_source_type_has_list (type))
    return g_strdup (combo_string (self->source_row));
  if (g_strcmp0 (type, "bridge") == 0)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->source_entry_row))));

      return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
    }
  return NULL;
}

/* The source choices for @type: the host's networks, or its non-bridge interfaces, and @current. */
static void
fill_sources (VireoNicPage *self,
              const char   *type,
              const char   *current)
{
  g_autoptr(GtkStringList) list = vireo_nic_source_list_new (self->context != NULL ? self->context->host : NULL, type);
  gboolean filling = self->filling;

  self->filling = TRUE;
  adw_combo_row_set_model (self->source_row, G_LIST_MODEL (list));
  combo_select (self->source_row, current);
  self->filling = filling;

  gtk_widget_set_visible (GTK_WIDGET (self->source_row), vireo_nic_source_type_has_list (type));
  gtk_widget_set_visible (GTK_WIDGET (self->source_entry_row), g_strcmp0 (type, "bridge") == 0);
}

static gboolean
nic_link_up (const VireoDomainNic *nic)
{
  return g_strcmp0 (nic->link_state, "down") != 0;
}

/* Whether the fields say something else than @nic. */
static gboolean
fields_differ (VireoNicPage         *self,
               const VireoDomainNic *nic)
{
  g_autofree char *source = NULL;

  if (nic == NULL)
    return FALSE;
  if (g_strcmp0 (selected_type (self), nic->type) != 0)
    return TRUE;
  source = selected_source (self);
  if (vireo_nic_source_type_has_list (nic->type) || g_strcmp0 (nic->type, "bridge") == 0)
    if (g_strcmp0 (source, nic->source) != 0)
      return TRUE;
  if (nic->model != NULL && g_strcmp0 (combo_string (self->model_row), nic->model) != 0)
    return TRUE;
  return gtk_switch_get_active (self->link_switch) != nic_link_up (nic);
}

static void
set_error (VireoNicPage *self,
           const char   *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_buttons (VireoNicPage *self)
{
  const VireoDomainNic *nic = current_nic (self);
  gboolean dirty = fields_differ (self, nic);

  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), dirty);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), nic != NULL);
}

static void
update_pending (VireoNicPage *self)
{
  gboolean pending = self->pending;

  if (!pending && self->context != NULL && self->context->live != NULL)
    pending = vireo_domain_config_part_pending (self->context->config, self->context->live,
                                                VIREO_DOMAIN_PART_NIC, self->mac);
  if (self->pending && self->pending_reason != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This change applies after the next boot: %s"),
                                               self->pending_reason);
      gtk_label_set_label (self->pending_label, text);
    }
  else
    gtk_label_set_label (self->pending_label, _("This change applies after the next boot."));
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), pending);
}

/* Shows @nic in the fields. */
static void
fill (VireoNicPage         *self,
      const VireoDomainNic *nic)
{
  self->filling = TRUE;
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->types));
    guint found = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < n; i++)
      if (g_strcmp0 (gtk_string_list_get_string (self->types, i), nic->type) == 0)
        found = i;
    if (found == GTK_INVALID_LIST_POSITION && nic->type != NULL)
      {
        /* A kind the page does not edit ("user"…): shown as libvirt names it. */
        gtk_string_list_append (self->types, nic->type);
        gtk_string_list_append (GTK_STRING_LIST (adw_combo_row_get_model (self->type_row)), nic->type);
        found = n;
      }
    adw_combo_row_set_selected (self->type_row, found);
  }
  fill_sources (self, nic->type, nic->source);
  gtk_editable_set_text (GTK_EDITABLE (self->source_entry_row),
                         g_strcmp0 (nic->type, "bridge") == 0 && nic->source != NULL ? nic->source : "");
  combo_select (self->model_row, nic->model);
  adw_action_row_set_subtitle (self->mac_row, nic->mac != NULL ? nic->mac : self->mac);
  gtk_switch_set_active (self->link_switch, nic_link_up (nic));
  self->filling = FALSE;
  update_buttons (self);
}

static void
on_type_selected_cb (VireoNicPage *self)
{
  const VireoDomainNic *nic = current_nic (self);
  const char *type;

  if (self->filling || nic == NULL)
    return;
  type = selected_type (self);
  /* Back to the NIC's own type: its own source again. */
  fill_sources (self, type, g_strcmp0 (type, nic->type) == 0 ? nic->source : NULL);
  set_error (self, NULL);
  update_buttons (self);
}

static void
on_field_changed_cb (VireoNicPage *self)
{
  if (self->filling)
    return;
  set_error (self, NULL);
  update_buttons (self);
}

static void
on_revert_clicked_cb (VireoNicPage *self)
{
  const VireoDomainNic *nic = current_nic (self);

  set_error (self, NULL);
  if (nic != NULL)
    fill (self, nic);
}

static void
emit_apply (VireoNicPage        *self,
            const char          *xml,
            VireoLiveChangeKind  kind,
            const char          *device_xml)
{
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();

  if (!self->context->draft)
    g_ptr_array_add (changes, vireo_live_change_new_device (kind, device_xml));
  set_error (self, NULL);
  vireo_hardware_page_request_apply (VIREO_HARDWARE_PAGE (self), xml, changes);
}

static void
on_apply_clicked_cb (VireoNicPage *self)
{
  const VireoDomainNic *nic = current_nic (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *device_xml = NULL;
  g_autofree char *source = NULL;
  const char *type;
  const char *model;
  gboolean up;

  if (nic == NULL || !fields_differ (self, nic))
    return;

  type = selected_type (self);
  source = selected_source (self);
  model = combo_string (self->model_row);
  up = gtk_switch_get_active (self->link_switch);
  xml = g_strdup (self->context->xml);

  if (g_strcmp0 (type, nic->type) != 0 || g_strcmp0 (source, nic->source) != 0)
    {
      g_autofree char *edited = NULL;

      if (source == NULL)
        {
          set_error (self, _("Choose what the interface is connected to."));
          return;
        }
      /* A macvtap keeps its mode while it stays one. */
      edited = vireo_domain_edit_set_nic_source (xml, self->mac, type, source,
                                                 g_strcmp0 (type, nic->type) == 0 ? nic->source_mode : NULL,
                                                 &error);
      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  if (xml != NULL && model != NULL && g_strcmp0 (model, nic->model) != 0)
    {
      g_autofree char *edited = vireo_domain_edit_set_nic_model (xml, self->mac, model, &error);

      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  if (xml != NULL && up != nic_link_up (nic))
    {
      g_autofree char *edited = vireo_domain_edit_set_nic_link (xml, self->mac, up, &error);

      g_free (xml);
      xml = g_steal_pointer (&edited);
    }
  if (xml != NULL)
    device_xml = vireo_domain_edit_dup_nic_xml (xml, self->mac, &error);
  if (device_xml == NULL)
    {
      set_error (self, error->message);
      return;
    }

  /* libvirt refuses on a running VM what it cannot change live: the owner says so via applied(). */
  emit_apply (self, xml, VIREO_LIVE_CHANGE_UPDATE_DEVICE, device_xml);
}

static void
on_remove_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       VireoNicPage     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *device_xml = NULL;
  g_autofree char *xml = NULL;

  if (g_strcmp0 (response, "remove") != 0 || current_nic (self) == NULL)
    return;

  device_xml = vireo_domain_edit_dup_nic_xml (self->context->xml, self->mac, &error);
  if (device_xml != NULL)
    xml = vireo_domain_edit_remove_nic (self->context->xml, self->mac, &error);
  if (xml == NULL)
    {
      set_error (self, error->message);
      return;
    }
  emit_apply (self, xml, VIREO_LIVE_CHANGE_DETACH_DEVICE, device_xml);
}

static void
on_remove_clicked_cb (VireoNicPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (current_nic (self) == NULL)
    return;

  heading = g_strdup_printf (_("Remove the network interface '%s'?"), self->mac);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The virtual machine will lose this network connection."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* VireoHardwarePage */

static void
vireo_nic_page_update (VireoHardwarePage    *page,
                       VireoHardwareContext *context)
{
  VireoNicPage *self = VIREO_NIC_PAGE (page);
  gboolean dirty = fields_differ (self, current_nic (self));
  const VireoDomainNic *nic;

  vireo_hardware_context_ref (context);
  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = context;
  self->pending = FALSE;
  g_clear_pointer (&self->pending_reason, g_free);

  nic = current_nic (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), nic != NULL);
  /* What the user changed and has not applied stays. */
  if (nic != NULL && !dirty)
    fill (self, nic);
  update_pending (self);
  update_buttons (self);
}

static void
vireo_nic_page_applied (VireoHardwarePage  *page,
                        const GError       *error,
                        VireoDomainApplied  applied,
                        const char         *pending_reason)
{
  VireoNicPage *self = VIREO_NIC_PAGE (page);

  if (error != NULL)
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  self->pending = applied == VIREO_DOMAIN_APPLIED_PENDING;
  g_free (self->pending_reason);
  self->pending_reason = g_strdup (pending_reason);
  update_pending (self);
}

static void
vireo_nic_page_iface_init (VireoHardwarePageInterface *iface)
{
  iface->update = vireo_nic_page_update;
  iface->applied = vireo_nic_page_applied;
}

/* GObject */

static void
vireo_nic_page_dispose (GObject *object)
{
  VireoNicPage *self = VIREO_NIC_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NIC_PAGE);
  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  g_clear_object (&self->types);
  g_clear_object (&self->models);

  G_OBJECT_CLASS (vireo_nic_page_parent_class)->dispose (object);
}

static void
vireo_nic_page_finalize (GObject *object)
{
  VireoNicPage *self = VIREO_NIC_PAGE (object);

  g_free (self->mac);
  g_free (self->pending_reason);

  G_OBJECT_CLASS (vireo_nic_page_parent_class)->finalize (object);
}

static void
vireo_nic_page_class_init (VireoNicPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_nic_page_dispose;
  object_class->finalize = vireo_nic_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vireo_vm/Vireo/details/vireo-nic-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, source_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, source_entry_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, mac_row);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, link_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, remove_button);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, VireoNicPage, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, on_type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_revert_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
}

static void
vireo_nic_page_init (VireoNicPage *self)
{
  g_autoptr(GtkStringList) labels = vireo_nic_source_type_labels_new ();

  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->types = vireo_nic_source_types_new ();
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (labels));
  self->models = vireo_nic_source_models_new ();
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->models));
  self->filling = FALSE;
}

/**
 * vireo_nic_page_new:
 * @mac: the NIC's MAC address
 *
 * Returns: (transfer floating): a VireoHardwarePage; nothing is shown until
 * vireo_hardware_page_update(). Must be called from the main thread.
 */
GtkWidget *
vireo_nic_page_new (const char *mac)
{
  VireoNicPage *self;

  g_return_val_if_fail (mac != NULL, NULL);

  self = g_object_new (VIREO_TYPE_NIC_PAGE, NULL);
  self->mac = g_strdup (mac);
  adw_action_row_set_subtitle (self->mac_row, mac);
  return GTK_WIDGET (self);
}

const char *
vireo_nic_page_get_mac (VireoNicPage *self)
{
  g_return_val_if_fail (VIREO_IS_NIC_PAGE (self), NULL);
  return self->mac;
}
