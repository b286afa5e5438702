/* vireo-new-vm-assistant.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-new-vm-assistant"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-domain-actions.h"
#include "vireo-error.h"
#include "vireo-install-job.h"
#include "vireo-new-vm-assistant-private.h"
#include "vireo-osinfo.h"

#define FALLBACK_MEMORY_MIB 1024
#define FALLBACK_VCPUS      1
#define FALLBACK_DISK_GIB   20

/* The steps, in order; "loading" comes before them. "customize" (the VM's details on the
 * definition not created yet) only when "Customize configuration before install" is checked. */
static const char * const steps[] = { "source", "resources", "storage", "network", "summary", "customize" };

static guint
n_steps (VireoNewVmAssistant *self)
{
  return gtk_check_button_get_active (self->customize_check) ? G_N_ELEMENTS (steps) : G_N_ELEMENTS (steps) - 1;
}

static const char * const nic_models[] = { NULL, "virtio", "e1000e", "e1000", "rtl8139" };

G_DEFINE_FINAL_TYPE (VireoNewVmAssistant, vireo_new_vm_assistant, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_READY,
  PROP_BUSY,
  PROP_PAGE,
  N_PROPS
};

enum {
  CREATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void vireo_new_vm_assistant_set_step (VireoNewVmAssistant *self,
                                             guint                step);

gboolean
_vireo_new_vm_assistant_is_local (VireoNewVmAssistant *self)
{
  return self->host != NULL && self->host->is_local;
}

static VireoInstallMedia
chosen_media (VireoNewVmAssistant *self)
{
  if (gtk_check_button_get_active (self->media_import_check))
    return VIREO_INSTALL_MEDIA_IMPORT;
  if (gtk_check_button_get_active (self->media_pxe_check))
    return VIREO_INSTALL_MEDIA_NETWORK_BOOT;
  if (gtk_check_button_get_active (self->media_manual_check))
    return VIREO_INSTALL_MEDIA_MANUAL;
  return VIREO_INSTALL_MEDIA_ISO;
}

char *
_vireo_new_vm_assistant_entry_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

const char *
_vireo_new_vm_assistant_chosen_pool (VireoNewVmAssistant *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->disk_pool_row);

  /* The model holds the pools' names; the row shows them through a label expression. */
  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* The widgets → self->plan. */
static void
vireo_new_vm_assistant_sync_plan (VireoNewVmAssistant *self)
{
  VireoInstallPlan *plan = self->plan;
  guint network = adw_combo_row_get_selected (self->network_row);
  guint model = adw_combo_row_get_selected (self->nic_model_row);

  g_free (plan->name);
  plan->name = _vireo_new_vm_assistant_entry_text (self->name_row);
  plan->media = chosen_media (self);
  g_free (plan->iso_path);
  plan->iso_path = plan->media == VIREO_INSTALL_MEDIA_ISO ? _vireo_new_vm_assistant_entry_text (self->iso_row) : NULL;
  g_free (plan->os_short_id);
  plan->os_short_id = self->os != NULL ? g_strdup (vireo_os_get_short_id (self->os)) : NULL;
  plan->memory_mib = (guint64) gtk_spin_button_get_value_as_int (self->memory_spin);
  plan->vcpus = (guint) gtk_spin_button_get_value_as_int (self->vcpus_spin);

  if (plan->media == VIREO_INSTALL_MEDIA_IMPORT || gtk_check_button_get_active (self->disk_existing_check))
    plan->disk = VIREO_INSTALL_DISK_EXISTING;
  else if (gtk_check_button_get_active (self->disk_none_check))
    plan->disk = VIREO_INSTALL_DISK_NONE;
  else
    plan->disk = VIREO_INSTALL_DISK_NEW_VOLUME;

  g_free (plan->disk_pool);
  plan->disk_pool = g_strdup (_vireo_new_vm_assistant_chosen_pool (self));
  g_free (plan->disk_format);
  plan->disk_format = g_strdup (adw_combo_row_get_selected (self->disk_format_row) == 1 ? "raw" : "qcow2");
  plan->disk_gib = (guint64) gtk_spin_button_get_value_as_int (self->disk_size_spin);
  g_free (plan->disk_path);
  plan->disk_path = plan->disk == VIREO_INSTALL_DISK_EXISTING ? _vireo_new_vm_assistant_entry_text (self->disk_path_row) : NULL;
  g_clear_pointer (&plan->disk_volume, g_free);

  g_clear_pointer (&plan->nic_source, g_free);
  if (self->network_choices != NULL && network < self->network_choices->len)
    {
      const NetworkChoice *choice = &g_array_index (self->network_choices, NetworkChoice, network);

      plan->nic = choice->kind;
      plan->nic_source = g_strdup (choice->source);
    }
  else
    {
      plan->nic = VIREO_INSTALL_NIC_NONE;
    }
  g_free (plan->nic_model);
  plan->nic_model = model < G_N_ELEMENTS (nic_models) ? g_strdup (nic_models[model]) : NULL;

  plan->tablet = gtk_switch_get_active (self->tablet_switch);
  g_free (plan->domain_type);
  plan->domain_type = self->force_tcg ? g_strdup ("qemu") : NULL;
}

static GStrv
taken_names (VireoNewVmAssistant *self)
{
  GListModel *domains = vireo_connection_get_domains (self->connection);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint n = domains != NULL ? g_list_model_get_n_items (domains) : 0;

  /* The live list is fresher than what the host query saw. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (domains, i);

      g_strv_builder_add (builder, vireo_domain_get_name (domain));
    }
  if (self->host != NULL && self->host->domain_names != NULL)
    g_strv_builder_addv (builder, (const char **) self->host->domain_names);

  return g_strv_builder_end (builder);
}

static GStrv
network_names (VireoNewVmAssistant *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; self->host != NULL && i < self->host->networks->len; i++)
    {
      const VireoInstallNetwork *network = g_ptr_array_index (self->host->networks, i);

      g_strv_builder_add (builder, network->name);
    }
  return g_strv_builder_end (builder);
}

static GtkLabel *
label_for_field (VireoNewVmAssistant *self,
                 VireoInstallField    field)
{
  switch (field)
    {
    case VIREO_INSTALL_FIELD_NAME:
      return self->name_error_label;
    case VIREO_INSTALL_FIELD_MEDIA:
    case VIREO_INSTALL_FIELD_OS:
      return self->media_error_label;
    case VIREO_INSTALL_FIELD_MEMORY:
    case VIREO_INSTALL_FIELD_VCPUS:
      return self->resources_error_label;
    case VIREO_INSTALL_FIELD_DISK:
      return self->disk_error_label;
    case VIREO_INSTALL_FIELD_NETWORK:
    default:
      return self->network_error_label;
    }
}

static GtkWidget *
row_for_field (VireoNewVmAssistant *self,
               VireoInstallField    field)
{
  switch (field)
    {
    case VIREO_INSTALL_FIELD_NAME:
      return GTK_WIDGET (self->name_row);
    case VIREO_INSTALL_FIELD_MEDIA:
      return GTK_WIDGET (self->iso_row);
    case VIREO_INSTALL_FIELD_OS:
      return GTK_WIDGET (self->os_row);
    case VIREO_INSTALL_FIELD_MEMORY:
      return GTK_WIDGET (self->memory_row);
    case VIREO_INSTALL_FIELD_VCPUS:
      return GTK_WIDGET (self->vcpus_row);
    case VIREO_INSTALL_FIELD_DISK:
      return self->plan->disk == VIREO_INSTALL_DISK_EXISTING ? GTK_WIDGET (self->disk_path_row)
                                                             : GTK_WIDGET (self->disk_size_row);
    case VIREO_INSTALL_FIELD_NETWORK:
    default:
      return GTK_WIDGET (self->network_row);
    }
}

/* Which step shows @field. */
static guint
step_for_field (VireoInstallField field)
{
  switch (field)
    {
    case VIREO_INSTALL_FIELD_MEDIA:
    case VIREO_INSTALL_FIELD_OS:
      return 0;
    case VIREO_INSTALL_FIELD_MEMORY:
    case VIREO_INSTALL_FIELD_VCPUS:
      return 1;
    case VIREO_INSTALL_FIELD_DISK:
      return 2;
    case VIREO_INSTALL_FIELD_NAME:
    case VIREO_INSTALL_FIELD_NETWORK:
    default:
      return 3;
    }
}

/* Recomputes every problem and what the buttons allow. */
void
_vireo_new_vm_assistant_update (VireoNewVmAssistant *self)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) networks = NULL;
  g_auto(GStrv) volumes = NULL;
  VireoInstallLimits limits = { 0 };
  const VireoInstallPool *pool = NULL;
  GtkLabel *labels[] = { self->name_error_label, self->media_error_label, self->resources_error_label,
                         self->disk_error_label, self->network_error_label };
  gboolean step_ok = TRUE;
  gboolean all_ok = TRUE;
  gboolean last;

  if (!self->ready)
    return;

  vireo_new_vm_assistant_sync_plan (self);

  names = taken_names (self);
  networks = network_names (self);
  if (self->pool_volumes != NULL && g_strcmp0 (self->volumes_pool, self->plan->disk_pool) == 0)
    {
      g_ptr_array_add (self->pool_volumes, NULL);
      volumes = g_strdupv ((char **) self->pool_volumes->pdata);
      g_ptr_array_remove_index (self->pool_volumes, self->pool_volumes->len - 1);
    }
  if (self->plan->disk_pool != NULL)
    pool = vireo_install_host_find_pool (self->host, self->plan->disk_pool);

  limits.host_memory_mib = self->host->memory_mib;
  limits.host_cpus = self->host->cpus;
  limits.taken_names = (const char * const *) names;
  limits.taken_volumes = (const char * const *) volumes;
  limits.networks = (const char * const *) networks;
  limits.pool_available = pool != NULL && pool->active ? pool->available : G_MAXUINT64;

  problems = vireo_install_plan_check (self->plan, &limits);

  for (guint f = 0; f < G_N_ELEMENTS (self->problems); f++)
    g_clear_pointer (&self->problems[f], g_free);
  for (guint i = 0; i < problems->len; i++)
    {
      const VireoInstallProblem *problem = g_ptr_array_index (problems, i);

      if (self->problems[problem->field] == NULL)
        self->problems[problem->field] = g_strdup (problem->message);
    }
  /* What only the host can say about the paths, once it said it. */
  if (self->problems[VIREO_INSTALL_FIELD_MEDIA] == NULL && self->plan->media == VIREO_INSTALL_MEDIA_ISO)
    self->problems[VIREO_INSTALL_FIELD_MEDIA] = g_strdup (self->iso_path_error);
  if (self->problems[VIREO_INSTALL_FIELD_DISK] == NULL && self->plan->disk == VIREO_INSTALL_DISK_EXISTING)
    self->problems[VIREO_INSTALL_FIELD_DISK] = g_strdup (self->disk_path_error);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      gtk_label_set_label (labels[i], "");
      gtk_widget_set_visible (GTK_WIDGET (labels[i]), FALSE);
    }
  for (guint f = 0; f < G_N_ELEMENTS (self->problems); f++)
    {
      GtkLabel *label = label_for_field (self, f);
      GtkWidget *row = row_for_field (self, f);

      if (self->problems[f] == NULL)
        {
          gtk_widget_remove_css_class (row, "error");
          continue;
        }

      gtk_widget_add_css_class (row, "error");
      if (!gtk_widget_get_visible (GTK_WIDGET (label)))
        {
          gtk_label_set_label (label, self->problems[f]);
          gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
        }
      all_ok = FALSE;
      if (step_for_field (f) <= self->step)
        step_ok = FALSE;
    }

  /* No path yet is a request, not a mistake: said quietly. */
  if (self->plan->media == VIREO_INSTALL_MEDIA_ISO && self->plan->iso_path == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->iso_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->media_error_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->media_error_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->media_error_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->media_error_label), "error");
    }

  /* The step's widgets follow the choices. */
  gtk_widget_set_visible (self->media_group, self->plan->media == VIREO_INSTALL_MEDIA_ISO);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disk_new_check), self->plan->media != VIREO_INSTALL_MEDIA_IMPORT);
  gtk_widget_set_sensitive (self->disk_none_row, self->plan->media != VIREO_INSTALL_MEDIA_IMPORT);
  gtk_widget_set_visible (self->disk_new_group, self->plan->disk == VIREO_INSTALL_DISK_NEW_VOLUME);
  gtk_widget_set_visible (self->disk_existing_group, self->plan->disk == VIREO_INSTALL_DISK_EXISTING);
  gtk_widget_set_visible (self->iso_browse_button, _vireo_new_vm_assistant_is_local (self));
  gtk_widget_set_visible (self->disk_browse_button, _vireo_new_vm_assistant_is_local (self));

  if (self->plan->nic == VIREO_INSTALL_NIC_NETWORK)
    {
      const VireoInstallNetwork *network = vireo_install_host_find_network (self->host, self->plan->nic_source);

      gtk_widget_set_visible (self->network_inactive_row, network != NULL && !network->active);
    }
  else
    {
      gtk_widget_set_visible (self->network_inactive_row, FALSE);
    }

  last = self->step + 1 >= n_steps (self);
  gtk_button_set_label (GTK_BUTTON (self->forward_button),
                        !last ? _("_Forward")
                        : gtk_check_button_get_active (self->customize_check) ? _("Begin _Installation")
                        : _("_Create"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", self->step > 0 && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.forward",
                                 !self->busy && (last ? all_ok : step_ok));
}

static void
on_input_changed_cb (VireoNewVmAssistant *self)
{
  _vireo_new_vm_assistant_update (self);
}

static void
on_name_row_changed_cb (VireoNewVmAssistant *self)
{
  if (!self->setting_name)
    self->name_edited = TRUE;
  _vireo_new_vm_assistant_update (self);
}

/* A name for the OS nobody has on the connection yet: "debian11", "debian11-2" … */
static void
suggest_name (VireoNewVmAssistant *self)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *name = NULL;
  const char *base;

  if (self->name_edited || !self->ready)
    return;

  base = self->os != NULL ? vireo_os_get_short_id (self->os) : "vm";
  names = taken_names (self);
  name = g_strdup (base);
  for (guint n = 2; g_strv_contains ((const char * const *) names, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u", base, n);
    }

  self->setting_name = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->setting_name = FALSE;
}

static void
set_resource_hints (VireoNewVmAssistant *self)
{
  g_autofree char *mib = g_strdup_printf ("%" G_GUINT64_FORMAT, self->host->memory_mib);
  /* Translators: %s is a number of MiB */
  g_autofree char *memory = g_strdup_printf (_("The host has %s MiB"), mib);
  g_autofree char *cpus = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The host has %u CPU", "The host has %u CPUs",
                                                        self->host->cpus),
                                           self->host->cpus);

  adw_action_row_set_subtitle (self->memory_row, memory);
  adw_action_row_set_subtitle (self->vcpus_row, cpus);
}

/* The OS chose: its name, and virt-install's defaults for it within what the host has. */
void
_vireo_new_vm_assistant_set_os (VireoNewVmAssistant *self,
                               VireoOs             *os,
                               const char          *note)
{
  guint64 memory = FALLBACK_MEMORY_MIB;
  guint vcpus = FALLBACK_VCPUS;
  guint64 disk = FALLBACK_DISK_GIB;

  self->os = os;
  adw_action_row_set_subtitle (self->os_row, os != NULL ? vireo_os_get_name (os) : _("Generic"));
  gtk_label_set_label (self->os_note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->os_note_label), note != NULL);

  if (os != NULL)
    {
      if (vireo_os_get_recommended_ram_mib (os) > 0)
        memory = vireo_os_get_recommended_ram_mib (os);
      if (vireo_os_get_recommended_vcpus (os) > 0)
        vcpus = vireo_os_get_recommended_vcpus (os);
      if (vireo_os_get_recommended_storage_gib (os) > 0)
        disk = vireo_os_get_recommended_storage_gib (os);
    }
  if (self->host != NULL)
    {
      /* Recommended, but never more than half the host's memory or all its CPUs. */
      if (self->host->memory_mib > 0)
        memory = MIN (memory, MAX (self->host->memory_mib / 2, 256));
      if (self->host->cpus > 0)
        vcpus = MIN (vcpus, self->host->cpus);
    }

  gtk_spin_button_set_value (self->memory_spin, (double) memory);
  gtk_spin_button_set_value (self->vcpus_spin, vcpus);
  gtk_spin_button_set_value (self->disk_size_spin, (double) disk);
  suggest_name (self);
  _vireo_new_vm_assistant_update (self);
}

static void
on_host_queried_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoInstallHost *host = vireo_install_host_query_finish (VIREO_CONNECTION (source), result, &error);

  if (host == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_title (self->loading_page, _("Could Not Ask the Host"));
      adw_status_page_set_description (self->loading_page, error->message);
      adw_status_page_set_child (self->loading_page, NULL);
      adw_status_page_set_icon_name (self->loading_page, "dialog-error-symbolic");
      return;
    }

  self->host = host;
  _vireo_new_vm_assistant_fill_host_choices (self);
  set_resource_hints (self);

  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  vireo_new_vm_assistant_set_step (self, 0);

  _vireo_new_vm_assistant_set_os (self, self->os, NULL);
  _vireo_new_vm_assistant_pool_selected (self);
  /* Paths typed before the host answered get checked now. */
  _vireo_new_vm_assistant_recheck_paths (self);
}

static void
on_media_toggled_cb (VireoNewVmAssistant *self,
                     GtkCheckButton      *button)
{
  if (!gtk_check_button_get_active (button))
    return;

  /* Importing boots an existing image: that image is the disk. */
  if (button == self->media_import_check)
    gtk_check_button_set_active (self->disk_existing_check, TRUE);
  _vireo_new_vm_assistant_update (self);
}

/* Summary */

static char *
describe_storage (const VireoInstallPlan *plan)
{
  switch (plan->disk)
    {
    case VIREO_INSTALL_DISK_NEW_VOLUME:
      {
        g_autofree char *gib = g_strdup_printf ("%" G_GUINT64_FORMAT, plan->disk_gib);

        /* Translators: "New 20 GiB qcow2 disk in pool 'default'" */
        return g_strdup_printf (_("New %s GiB %s disk in pool '%s'"), gib, plan->disk_format, plan->disk_pool);
      }
    case VIREO_INSTALL_DISK_EXISTING:
      return g_strdup (plan->disk_path);
    case VIREO_INSTALL_DISK_NONE:
    default:
      return g_strdup (_("No disk"));
    }
}

static char *
describe_media (const VireoInstallPlan *plan)
{
  switch (plan->media)
    {
    case VIREO_INSTALL_MEDIA_ISO:
      return g_strdup_printf (_("From the ISO image %s"), plan->iso_path);
    case VIREO_INSTALL_MEDIA_IMPORT:
      return g_strdup (_("Boot the existing disk image"));
    case VIREO_INSTALL_MEDIA_NETWORK_BOOT:
      return g_strdup (_("Network boot (PXE)"));
    case VIREO_INSTALL_MEDIA_MANUAL:
    default:
      return g_strdup (_("Manual: no install media"));
    }
}

static void
fill_summary (VireoNewVmAssistant *self)
{
  const VireoInstallPlan *plan = self->plan;
  g_autoptr(GError) error = NULL;
  g_autofree char *media = describe_media (plan);
  g_autofree char *storage = describe_storage (plan);
  g_autofree char *mib = NULL;
  g_autofree char *resources = NULL;
  g_autofree char *network = NULL;
  GtkStringObject *network_label = adw_combo_row_get_selected_item (self->network_row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->xml_view);

  mib = g_strdup_printf ("%" G_GUINT64_FORMAT, plan->memory_mib);
  /* Translators: "1024 MiB, 2 CPUs" */
  resources = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s MiB, %u CPU", "%s MiB, %u CPUs", plan->vcpus),
                               mib, plan->vcpus);
  network = g_strdup_printf ("%s · %s", network_label != NULL ? gtk_string_object_get_string (network_label) : "",
                             plan->nic_model != NULL ? plan->nic_model : _("default model"));

  adw_action_row_set_subtitle (self->summary_name_row, plan->name);
  adw_action_row_set_subtitle (self->summary_os_row, self->os != NULL ? vireo_os_get_name (self->os) : _("Generic"));
  adw_action_row_set_subtitle (self->summary_install_row, media);
  adw_action_row_set_subtitle (self->summary_resources_row, resources);
  adw_action_row_set_subtitle (self->summary_storage_row, storage);
  adw_action_row_set_subtitle (self->summary_network_row, network);

  g_clear_pointer (&self->generated_xml, g_free);
  self->generated_xml = vireo_install_plan_build_xml (plan, self->host->caps, self->os,
                                                      VIREO_INSTALL_STAGE_INSTALL, &error);
  gtk_text_buffer_set_text (buffer, self->generated_xml != NULL ? self->generated_xml : error->message, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_error_label), FALSE);
}

/* The details pages on the definition the summary shows. What the user changed there is kept
 * until a choice of the earlier steps changes that definition. */
static void
start_customizing (VireoNewVmAssistant *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->customize_error_label), FALSE);
  if (self->generated_xml == NULL || g_strcmp0 (self->customized_from, self->generated_xml) == 0)
    return;

  g_free (self->customized_from);
  self->customized_from = g_strdup (self->generated_xml);
  vireo_domain_details_set_draft (self->customize_details, self->connection, self->host, self->generated_xml);
}

static void
vireo_new_vm_assistant_set_step (VireoNewVmAssistant *self,
                                 guint                step)
{
  g_autofree char *subtitle = NULL;

  self->step = step;
  if (g_strcmp0 (steps[step], "summary") == 0)
    fill_summary (self);
  else if (g_strcmp0 (steps[step], "customize") == 0)
    start_customizing (self);

  /* Translators: the assistant's progress, "Step 2 of 5" */
  subtitle = g_strdup_printf (_("Step %u of %u"), step + 1, n_steps (self));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->pages, steps[step]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  _vireo_new_vm_assistant_update (self);
}

/* Creation */

static void
vireo_new_vm_assistant_set_busy (VireoNewVmAssistant *self,
                                 gboolean             busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pages), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  _vireo_new_vm_assistant_update (self);
}

static void vireo_new_vm_assistant_create (VireoNewVmAssistant *self);

static void
on_tcg_response_cb (AdwMessageDialog    *dialog,
                    const char          *response,
                    VireoNewVmAssistant *self)
{
  if (g_strcmp0 (response, "tcg") != 0)
    return;

  self->force_tcg = TRUE;
  _vireo_new_vm_assistant_fill_domain_type (self);
  vireo_new_vm_assistant_sync_plan (self);
  if (!gtk_check_button_get_active (self->customize_check))
    fill_summary (self);
  vireo_new_vm_assistant_create (self);
}

static void
offer_tcg (VireoNewVmAssistant *self,
           const GError        *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("KVM Does Not Work on This Host"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("%s\n\nVireo can create the VM with QEMU's software emulation (TCG) instead: it "
                                    "runs everywhere, only slower. Nothing was left behind by the first attempt."),
                                  error->message);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "tcg", _("Use _Software Emulation"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "tcg", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "tcg");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_tcg_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_create_progress_cb (double      fraction,
                       const char *step,
                       gpointer    user_data)
{
  VireoNewVmAssistant *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, step);
}

/* Under the page the user is on: the summary, or the customized details. */
static void
show_create_error (VireoNewVmAssistant *self,
                   const GError        *error)
{
  g_autofree char *message = g_strdup_printf (_("Could not create the VM: %s"), error->message);
  GtkLabel *label = g_strcmp0 (steps[self->step], "customize") == 0 ? self->customize_error_label
                                                                      : self->summary_error_label;

  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
on_created_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = vireo_install_create_finish (VIREO_CONNECTION (source), result, &error);

  vireo_new_vm_assistant_set_busy (self, FALSE);

  if (uuid != NULL)
    {
      g_signal_emit (self, signals[CREATED], 0, uuid);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* The user cancelled: the job removed what it had made. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE) && !self->force_tcg)
    {
      offer_tcg (self, error);
      return;
    }

  show_create_error (self, error);
}

static void
vireo_new_vm_assistant_create (VireoNewVmAssistant *self)
{
  g_autofree char *custom_xml = NULL;

  if (self->busy)
    return;

  vireo_new_vm_assistant_sync_plan (self);
  if (gtk_check_button_get_active (self->customize_check) && self->customized_from != NULL)
    {
      custom_xml = g_strdup (vireo_domain_details_get_xml (self->customize_details));
      /* Untouched, the plan says it better. */
      if (g_strcmp0 (custom_xml, self->generated_xml) == 0)
        g_clear_pointer (&custom_xml, g_free);
    }
  /* The user's own XML, switched to software emulation after KVM failed. */
  if (custom_xml != NULL && self->force_tcg)
    {
      g_autoptr(GError) error = NULL;
      char *tcg = vireo_domain_xml_use_tcg (custom_xml, &error);

      if (tcg == NULL)
        {
          show_create_error (self, error);
          return;
        }
      g_free (custom_xml);
      custom_xml = tcg;
      /* The details show what will be created. */
      vireo_domain_details_set_draft (self->customize_details, self->connection, self->host, custom_xml);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->summary_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->customize_error_label), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  vireo_new_vm_assistant_set_busy (self, TRUE);

  g_clear_object (&self->create_cancellable);
  self->create_cancellable = g_cancellable_new ();
  vireo_install_create_async (self->connection, self->plan, custom_xml, self->create_cancellable,
                              on_create_progress_cb, self, on_created_cb, g_object_ref (self));
}

/* Actions */

static void
assistant_back_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (widget);

  if (self->step > 0 && !self->busy)
    vireo_new_vm_assistant_set_step (self, self->step - 1);
}

static void
assistant_forward_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (widget);

  if (!self->ready || self->busy)
    return;

  if (self->step + 1 < n_steps (self))
    vireo_new_vm_assistant_set_step (self, self->step + 1);
  else
    vireo_new_vm_assistant_create (self);
}

static void
assistant_cancel_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (widget);

  /* Mid-creation, cancelling rolls back; the window closes when the job says it is done. */
  if (self->busy)
    g_cancellable_cancel (self->create_cancellable);
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

/* GObject */

static gboolean
vireo_new_vm_assistant_close_request (GtkWindow *window)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (window);

  /* Closed mid-creation: cancelled and rolled back; the window goes when the job says so. */
  if (self->busy)
    {
      g_cancellable_cancel (self->create_cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (vireo_new_vm_assistant_parent_class)->close_request (window);
}

static void
vireo_new_vm_assistant_constructed (GObject *object)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (object);

  G_OBJECT_CLASS (vireo_new_vm_assistant_parent_class)->constructed (object);

  g_assert (self->connection != NULL);
  vireo_install_host_query_async (self->connection, self->cancellable, on_host_queried_cb, g_object_ref (self));
  _vireo_new_vm_assistant_load_oses (self);
}

static void
vireo_new_vm_assistant_dispose (GObject *object)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->detect_cancellable);
  g_clear_handle_id (&self->iso_settle_id, g_source_remove);
  g_clear_handle_id (&self->disk_settle_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_NEW_VM_ASSISTANT);

  G_OBJECT_CLASS (vireo_new_vm_assistant_parent_class)->dispose (object);
}

static void
vireo_new_vm_assistant_finalize (GObject *object)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (object);

  g_clear_object (&self->connection);
  g_clear_pointer (&self->host, vireo_install_host_free);
  g_clear_pointer (&self->plan, vireo_install_plan_free);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->detect_cancellable);
  g_clear_object (&self->create_cancellable);
  g_clear_object (&self->os_filter);
  g_clear_pointer (&self->network_choices, g_array_unref);
  g_clear_pointer (&self->pool_volumes, g_ptr_array_unref);
  g_free (self->volumes_pool);
  g_free (self->iso_path_error);
  g_free (self->disk_path_error);
  for (guint f = 0; f < G_N_ELEMENTS (self->problems); f++)
    g_free (self->problems[f]);
  g_free (self->generated_xml);
  g_free (self->customized_from);

  G_OBJECT_CLASS (vireo_new_vm_assistant_parent_class)->finalize (object);
}

static void
vireo_new_vm_assistant_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PAGE:
      g_value_set_string (value, gtk_stack_get_visible_child_name (self->pages));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_assistant_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VireoNewVmAssistant *self = VIREO_NEW_VM_ASSISTANT (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_new_vm_assistant_class_init (VireoNewVmAssistantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vireo_new_vm_assistant_constructed;
  object_class->dispose = vireo_new_vm_assistant_dispose;
  object_class->finalize = vireo_new_vm_assistant_finalize;
  object_class->get_property = vireo_new_vm_assistant_get_property;
  object_class->set_property = vireo_new_vm_assistant_set_property;
  window_class->close_request = vireo_new_vm_assistant_close_request;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, VIREO_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoNewVmAssistant::created:
   * @uuid: the new VM's UUID
   *
   * The VM exists and was started; the assistant closes right after.
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (VIREO_TYPE_DOMAIN_DETAILS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vireo_vm/Vireo/create/vireo-new-vm-assistant.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VireoNewVmAssistant, name)
  BIND (toast_overlay);
  BIND (window_title);
  BIND (back_button);
  BIND (forward_button);
  BIND (cancel_button);
  BIND (progress_bar);
  BIND (pages);
  BIND (loading_page);
  BIND (media_iso_check);
  BIND (media_import_check);
  BIND (media_pxe_check);
  BIND (media_manual_check);
  BIND (media_group);
  BIND (iso_row);
  BIND (iso_browse_button);
  BIND (iso_volumes_button);
  BIND (media_error_label);
  BIND (os_row);
  BIND (detect_spinner);
  BIND (os_popover);
  BIND (os_search_entry);
  BIND (os_list_view);
  BIND (os_note_label);
  BIND (memory_row);
  BIND (memory_spin);
  BIND (vcpus_row);
  BIND (vcpus_spin);
  BIND (resources_error_label);
  BIND (disk_new_check);
  BIND (disk_existing_check);
  BIND (disk_none_check);
  BIND (disk_none_row);
  BIND (disk_new_group);
  BIND (disk_existing_group);
  BIND (disk_size_row);
  BIND (disk_size_spin);
  BIND (disk_pool_row);
  BIND (disk_format_row);
  BIND (disk_path_row);
  BIND (disk_browse_button);
  BIND (disk_volumes_button);
  BIND (disk_error_label);
  BIND (name_row);
  BIND (name_error_label);
  BIND (network_row);
  BIND (network_inactive_row);
  BIND (start_network_button);
  BIND (nic_model_row);
  BIND (network_error_label);
  BIND (tablet_switch);
  BIND (domain_type_row);
  BIND (customize_check);
  BIND (summary_name_row);
  BIND (summary_os_row);
  BIND (summary_install_row);
  BIND (summary_resources_row);
  BIND (summary_storage_row);
  BIND (summary_network_row);
  BIND (xml_view);
  BIND (summary_error_label);
  BIND (customize_details);
  BIND (customize_error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_media_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_changed_cb);

  _vireo_new_vm_assistant_class_init_media (widget_class);
  _vireo_new_vm_assistant_class_init_host (widget_class);

  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, assistant_back_action);
  gtk_widget_class_install_action (widget_class, "assistant.forward", NULL, assistant_forward_action);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, assistant_cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.cancel", NULL);
}

static void
vireo_new_vm_assistant_init (VireoNewVmAssistant *self)
{
  g_autoptr(GtkStringList) models = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->plan = vireo_install_plan_new ();

  gtk_string_list_append (models, _("Default for the operating system"));
  for (guint i = 1; i < G_N_ELEMENTS (nic_models); i++)
    gtk_string_list_append (models, nic_models[i]);
  adw_combo_row_set_model (self->nic_model_row, G_LIST_MODEL (models));

  _vireo_new_vm_assistant_init_media (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.back", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assistant.forward", FALSE);
}

VireoNewVmAssistant *
vireo_new_vm_assistant_new (VireoConnection *connection)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  return g_object_new (VIREO_TYPE_NEW_VM_ASSISTANT, "connection", connection, NULL);
}

VireoConnection *
vireo_new_vm_assistant_get_connection (VireoNewVmAssistant *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_ASSISTANT (self), NULL);

  return self->connection;
}

gboolean
vireo_new_vm_assistant_get_ready (VireoNewVmAssistant *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_ASSISTANT (self), FALSE);

  return self->ready;
}

gboolean
vireo_new_vm_assistant_get_busy (VireoNewVmAssistant *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_ASSISTANT (self), FALSE);

  return self->busy;
}

const VireoInstallPlan *
vireo_new_vm_assistant_get_plan (VireoNewVmAssistant *self)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_ASSISTANT (self), NULL);

  if (self->ready)
    vireo_new_vm_assistant_sync_plan (self);
  return self->plan;
}

const char *
vireo_new_vm_assistant_get_problem (VireoNewVmAssistant *self,
                                    VireoInstallField    field)
{
  g_return_val_if_fail (VIREO_IS_NEW_VM_ASSISTANT (self), NULL);
  g_return_val_if_fail (field < G_N_ELEMENTS (self->problems), NULL);

  return self->problems[field];
}
