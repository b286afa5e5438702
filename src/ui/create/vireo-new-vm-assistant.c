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
#include "vireo-new-vm-assistant.h"
#include "vireo-osinfo.h"

/* How long OS detection may read an ISO (a slow NFS mount) before the user picks by hand. */
#define DETECT_TIMEOUT_MS 10000
/* Typing a path: detect and check once the user paused. */
#define PATH_SETTLE_MS    300

#define FALLBACK_MEMORY_MIB 1024
#define FALLBACK_VCPUS      1
#define FALLBACK_DISK_GIB   20

/* The steps, in order; "loading" comes before them. */
static const char * const steps[] = { "source", "resources", "storage", "network", "summary" };

static const char * const nic_models[] = { NULL, "virtio", "e1000e", "e1000", "rtl8139" };

typedef struct
{
  VireoInstallNic  kind;
  char            *source;
} NetworkChoice;

struct _VireoNewVmAssistant
{
  AdwWindow          parent_instance;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkWidget         *back_button;
  GtkWidget         *forward_button;
  GtkWidget         *cancel_button;
  GtkProgressBar    *progress_bar;
  GtkStack          *pages;
  AdwStatusPage     *loading_page;
  GtkCheckButton    *media_iso_check;
  GtkCheckButton    *media_import_check;
  GtkCheckButton    *media_pxe_check;
  GtkCheckButton    *media_manual_check;
  GtkWidget         *media_group;
  AdwEntryRow       *iso_row;
  GtkWidget         *iso_browse_button;
  GtkMenuButton     *iso_volumes_button;
  GtkLabel          *media_error_label;
  AdwActionRow      *os_row;
  GtkSpinner        *detect_spinner;
  GtkPopover        *os_popover;
  GtkSearchEntry    *os_search_entry;
  GtkListView       *os_list_view;
  GtkLabel          *os_note_label;
  AdwActionRow      *memory_row;
  GtkSpinButton     *memory_spin;
  AdwActionRow      *vcpus_row;
  GtkSpinButton     *vcpus_spin;
  GtkLabel          *resources_error_label;
  GtkCheckButton    *disk_new_check;
  GtkCheckButton    *disk_existing_check;
  GtkCheckButton    *disk_none_check;
  GtkWidget         *disk_none_row;
  GtkWidget         *disk_new_group;
  GtkWidget         *disk_existing_group;
  AdwActionRow      *disk_size_row;
  GtkSpinButton     *disk_size_spin;
  AdwComboRow       *disk_pool_row;
  AdwComboRow       *disk_format_row;
  AdwEntryRow       *disk_path_row;
  GtkWidget         *disk_browse_button;
  GtkMenuButton     *disk_volumes_button;
  GtkLabel          *disk_error_label;
  AdwEntryRow       *name_row;
  GtkLabel          *name_error_label;
  AdwComboRow       *network_row;
  GtkWidget         *network_inactive_row;
  GtkWidget         *start_network_button;
  AdwComboRow       *nic_model_row;
  GtkLabel          *network_error_label;
  GtkSwitch         *tablet_switch;
  AdwActionRow      *domain_type_row;
  GtkCheckButton    *customize_check;
  AdwActionRow      *summary_name_row;
  AdwActionRow      *summary_os_row;
  AdwActionRow      *summary_install_row;
  AdwActionRow      *summary_resources_row;
  AdwActionRow      *summary_storage_row;
  AdwActionRow      *summary_network_row;
  GtkTextView       *xml_view;
  GtkLabel          *summary_error_label;

  /* Owned */
  VireoConnection   *connection;
  VireoInstallHost  *host;
  VireoInstallPlan  *plan;
  GCancellable      *cancellable;          /* everything but the creation; cancelled at dispose */
  GCancellable      *detect_cancellable;
  GCancellable      *create_cancellable;
  GtkStringFilter   *os_filter;
  GArray            *network_choices;      /* NetworkChoice, parallel to network_row's model */
  GPtrArray         *pool_volumes;         /* volume names of the chosen pool (name collisions) */
  char              *volumes_pool;         /* the pool pool_volumes belong to */
  char              *iso_path_error;
  char              *disk_path_error;
  char              *problems[VIREO_INSTALL_FIELD_NETWORK + 1];
  char              *generated_xml;
  guint              iso_settle_id;
  guint              disk_settle_id;

  /* Borrowed: every VireoOs lives as long as the process */
  VireoOs           *os;

  guint              step;
  gboolean           ready;
  gboolean           busy;
  gboolean           name_edited;
  gboolean           setting_name;
  gboolean           force_tcg;
};

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

static void vireo_new_vm_assistant_update   (VireoNewVmAssistant *self);
static void vireo_new_vm_assistant_set_step (VireoNewVmAssistant *self,
                                             guint                step);

static void
network_choice_clear (gpointer data)
{
  NetworkChoice *choice = data;

  g_clear_pointer (&choice->source, g_free);
}

static gboolean
is_local (VireoNewVmAssistant *self)
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

static char *
entry_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static const char *
chosen_pool (VireoNewVmAssistant *self)
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
  plan->name = entry_text (self->name_row);
  plan->media = chosen_media (self);
  g_free (plan->iso_path);
  plan->iso_path = plan->media == VIREO_INSTALL_MEDIA_ISO ? entry_text (self->iso_row) : NULL;
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
  plan->disk_pool = g_strdup (chosen_pool (self));
  g_free (plan->disk_format);
  plan->disk_format = g_strdup (adw_combo_row_get_selected (self->disk_format_row) == 1 ? "raw" : "qcow2");
  plan->disk_gib = (guint64) gtk_spin_button_get_value_as_int (self->disk_size_spin);
  g_free (plan->disk_path);
  plan->disk_path = plan->disk == VIREO_INSTALL_DISK_EXISTING ? entry_text (self->disk_path_row) : NULL;
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
static void
vireo_new_vm_assistant_update (VireoNewVmAssistant *self)
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
  gtk_widget_set_visible (self->iso_browse_button, is_local (self));
  gtk_widget_set_visible (self->disk_browse_button, is_local (self));

  if (self->plan->nic == VIREO_INSTALL_NIC_NETWORK)
    {
      const VireoInstallNetwork *network = vireo_install_host_find_network (self->host, self->plan->nic_source);

      gtk_widget_set_visible (self->network_inactive_row, network != NULL && !network->active);
    }
  else
    {
      gtk_widget_set_visible (self->network_inactive_row, FALSE);
    }

  last = self->step == G_N_ELEMENTS (steps) - 1;
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
  vireo_new_vm_assistant_update (self);
}

static void
on_name_row_changed_cb (VireoNewVmAssistant *self)
{
  if (!self->setting_name)
    self->name_edited = TRUE;
  vireo_new_vm_assistant_update (self);
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
static void
vireo_new_vm_assistant_set_os (VireoNewVmAssistant *self,
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
  vireo_new_vm_assistant_update (self);
}

/* OS list */

static void
on_os_popover_show_cb (VireoNewVmAssistant *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->os_search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->os_search_entry));
}

static void
on_os_search_changed_cb (VireoNewVmAssistant *self)
{
  g_autofree char *search = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (self->os_search_entry)), -1);

  gtk_string_filter_set_search (self->os_filter, search);
}

static void
on_os_list_activate_cb (VireoNewVmAssistant *self,
                        guint                position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->os_list_view));
  g_autoptr(VireoOs) os = g_list_model_get_item (model, position);

  gtk_popover_popdown (self->os_popover);
  vireo_new_vm_assistant_set_os (self, os, NULL);
}

static void
on_os_generic_clicked_cb (VireoNewVmAssistant *self)
{
  gtk_popover_popdown (self->os_popover);
  vireo_new_vm_assistant_set_os (self, NULL, NULL);
}

static void
on_os_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
on_os_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  VireoOs *os = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), vireo_os_get_name (os));
}

static void
on_osinfo_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) oses = vireo_osinfo_load_finish (result, &error);
  g_autoptr(GtkSelectionModel) selection = NULL;
  GtkFilterListModel *filtered;

  if (oses == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->os_row), error->message);
      return;
    }

  filtered = gtk_filter_list_model_new (g_object_ref (oses), g_object_ref (GTK_FILTER (self->os_filter)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (filtered)));
  gtk_list_view_set_model (self->os_list_view, selection);
}

/* Install media: detection and path checks */

static void
on_detected_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoOsDetection) detection = vireo_osinfo_detect_finish (result, &error);
  g_autofree char *note = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_set_spinning (self->detect_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->detect_spinner), FALSE);

  if (detection == NULL)
    {
      /* The path check says what is wrong with the file; this only says detection gave up. */
      note = g_strdup_printf (_("Could not detect the operating system: %s. Choose it below."), error->message);
      vireo_new_vm_assistant_set_os (self, self->os, note);
    }
  else if (detection->os == NULL)
    {
      vireo_new_vm_assistant_set_os (self, NULL, _("Vireo did not recognise this ISO. Choose its operating system below."));
    }
  else if (detection->is_fallback)
    {
      vireo_new_vm_assistant_set_os (self, detection->os, detection->fallback_note);
    }
  else
    {
      note = g_strdup_printf (_("Detected from the ISO: %s"), vireo_os_get_name (detection->os));
      vireo_new_vm_assistant_set_os (self, detection->os, note);
    }
}

typedef struct
{
  VireoNewVmAssistant *self;
  gboolean             is_disk;
  char                *path;
} PathCheck;

static void
path_check_free (PathCheck *check)
{
  g_object_unref (check->self);
  g_free (check->path);
  g_free (check);
}

static void
on_path_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  PathCheck *check = user_data;
  VireoNewVmAssistant *self = check->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;
  char **slot;

  if (!vireo_install_check_path_finish (VIREO_CONNECTION (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      path_check_free (check);
      return;
    }

  /* A check of a path the user has since changed says nothing. */
  current = entry_text (check->is_disk ? self->disk_path_row : self->iso_row);
  if (g_strcmp0 (current, check->path) == 0)
    {
      slot = check->is_disk ? &self->disk_path_error : &self->iso_path_error;
      g_free (*slot);
      *slot = error != NULL ? g_strdup (error->message) : NULL;
      vireo_new_vm_assistant_update (self);
    }
  path_check_free (check);
}

static void
check_path (VireoNewVmAssistant *self,
            gboolean             is_disk,
            const char          *path)
{
  PathCheck *check = g_new0 (PathCheck, 1);

  check->self = g_object_ref (self);
  check->is_disk = is_disk;
  check->path = g_strdup (path);
  vireo_install_check_path_async (self->connection, path, self->cancellable, on_path_checked_cb, check);
}

static gboolean
on_iso_settled_cb (gpointer user_data)
{
  VireoNewVmAssistant *self = user_data;
  g_autofree char *path = entry_text (self->iso_row);

  self->iso_settle_id = 0;
  if (path == NULL)
    return G_SOURCE_REMOVE;

  check_path (self, FALSE, path);

  /* Detection reads the file itself: only where Vireo runs next to it. */
  if (is_local (self))
    {
      g_cancellable_cancel (self->detect_cancellable);
      g_clear_object (&self->detect_cancellable);
      self->detect_cancellable = g_cancellable_new ();
      gtk_widget_set_visible (GTK_WIDGET (self->detect_spinner), TRUE);
      gtk_spinner_set_spinning (self->detect_spinner, TRUE);
      vireo_osinfo_detect_async (path, DETECT_TIMEOUT_MS, self->detect_cancellable, on_detected_cb,
                                 g_object_ref (self));
    }
  return G_SOURCE_REMOVE;
}

static void
on_iso_row_changed_cb (VireoNewVmAssistant *self)
{
  /* Until the host answers, the path is not known to be good or bad. */
  g_clear_pointer (&self->iso_path_error, g_free);
  g_clear_handle_id (&self->iso_settle_id, g_source_remove);
  if (self->ready)
    self->iso_settle_id = g_timeout_add (PATH_SETTLE_MS, on_iso_settled_cb, self);
  vireo_new_vm_assistant_update (self);
}

static gboolean
on_disk_settled_cb (gpointer user_data)
{
  VireoNewVmAssistant *self = user_data;
  g_autofree char *path = entry_text (self->disk_path_row);

  self->disk_settle_id = 0;
  if (path != NULL)
    check_path (self, TRUE, path);
  return G_SOURCE_REMOVE;
}

static void
on_disk_path_row_changed_cb (VireoNewVmAssistant *self)
{
  g_clear_pointer (&self->disk_path_error, g_free);
  g_clear_handle_id (&self->disk_settle_id, g_source_remove);
  if (self->ready)
    self->disk_settle_id = g_timeout_add (PATH_SETTLE_MS, on_disk_settled_cb, self);
  vireo_new_vm_assistant_update (self);
}

/* Local files */

static void
on_file_chosen_cb (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  AdwEntryRow *row = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), path);
    }
  g_object_unref (dialog);
}

static void
choose_file (VireoNewVmAssistant *self,
             AdwEntryRow         *row,
             const char          *title,
             const char          *pattern)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (pattern != NULL)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, title);
      gtk_file_filter_add_pattern (filter, pattern);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen_cb), row);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_iso_browse_clicked_cb (VireoNewVmAssistant *self)
{
  choose_file (self, self->iso_row, _("ISO Images"), "*.[iI][sS][oO]");
}

static void
on_disk_browse_clicked_cb (VireoNewVmAssistant *self)
{
  choose_file (self, self->disk_path_row, _("Disk Images"), NULL);
}

/* Storage volumes, for hosts whose files Vireo cannot browse */

static void
on_volume_row_activated_cb (GtkListBox    *box,
                            GtkListBoxRow *row,
                            gpointer       user_data)
{
  AdwEntryRow *target = user_data;
  GtkPopover *popover = GTK_POPOVER (gtk_widget_get_ancestor (GTK_WIDGET (box), GTK_TYPE_POPOVER));

  gtk_editable_set_text (GTK_EDITABLE (target), g_object_get_data (G_OBJECT (row), "vireo-path"));
  gtk_popover_popdown (popover);
}

static void
on_volumes_listed_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GtkListBox) box = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volumes = vireo_install_list_volumes_finish (VIREO_CONNECTION (source), result, &error);

  if (volumes == NULL)
    return;

  for (guint i = 0; i < volumes->len; i++)
    {
      const VireoInstallVolume *volume = g_ptr_array_index (volumes, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), volume->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), volume->path);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "vireo-path", g_strdup (volume->path), g_free);
      gtk_list_box_append (box, row);
    }
}

static void
on_volumes_popover_show_cb (GtkPopover          *popover,
                            VireoNewVmAssistant *self)
{
  GtkListBox *box = GTK_LIST_BOX (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (gtk_popover_get_child (popover))));
  GtkWidget *child;

  /* Listed afresh each time: volumes come and go. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);

  for (guint i = 0; i < self->host->pools->len; i++)
    {
      const VireoInstallPool *pool = g_ptr_array_index (self->host->pools, i);

      if (pool->active)
        vireo_install_list_volumes_async (self->connection, pool->name, self->cancellable,
                                          on_volumes_listed_cb, g_object_ref (box));
    }
}

static void
setup_volumes_button (VireoNewVmAssistant *self,
                      GtkMenuButton       *button,
                      AdwEntryRow         *target)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (box), gtk_label_new (_("No volumes")));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Storage volumes"), -1);
  g_signal_connect (box, "row-activated", G_CALLBACK (on_volume_row_activated_cb), target);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_volumes_popover_show_cb), self, 0);
  gtk_menu_button_set_popover (button, popover);
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

  if (volumes != NULL && g_strcmp0 (listing->pool, chosen_pool (self)) == 0)
    {
      g_clear_pointer (&self->pool_volumes, g_ptr_array_unref);
      self->pool_volumes = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < volumes->len; i++)
        g_ptr_array_add (self->pool_volumes,
                         g_strdup (((const VireoInstallVolume *) g_ptr_array_index (volumes, i))->name));
      g_free (self->volumes_pool);
      self->volumes_pool = g_strdup (listing->pool);
      vireo_new_vm_assistant_update (self);
    }

  g_object_unref (listing->self);
  g_free (listing->pool);
  g_free (listing);
}

static void
on_disk_pool_selected_cb (VireoNewVmAssistant *self)
{
  const char *name = chosen_pool (self);
  const VireoInstallPool *pool;
  PoolListing *listing;

  vireo_new_vm_assistant_update (self);
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

static void
fill_domain_type (VireoNewVmAssistant *self)
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
  fill_pools (self);
  fill_networks (self);
  fill_domain_type (self);
  set_resource_hints (self);

  self->ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
  vireo_new_vm_assistant_set_step (self, 0);

  vireo_new_vm_assistant_set_os (self, self->os, NULL);
  on_disk_pool_selected_cb (self);
  /* Paths typed before the host answered get checked now. */
  on_iso_row_changed_cb (self);
  on_disk_path_row_changed_cb (self);
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
  vireo_new_vm_assistant_update (self);
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
  vireo_new_vm_assistant_update (self);
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
  gtk_text_view_set_editable (self->xml_view, gtk_check_button_get_active (self->customize_check));
  gtk_widget_set_visible (GTK_WIDGET (self->summary_error_label), FALSE);
}

static void
vireo_new_vm_assistant_set_step (VireoNewVmAssistant *self,
                                 guint                step)
{
  g_autofree char *subtitle = NULL;

  self->step = step;
  if (g_strcmp0 (steps[step], "summary") == 0)
    fill_summary (self);

  /* Translators: the assistant's progress, "Step 2 of 5" */
  subtitle = g_strdup_printf (_("Step %u of %u"), step + 1, (guint) G_N_ELEMENTS (steps));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_stack_set_visible_child_name (self->pages, steps[step]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  vireo_new_vm_assistant_update (self);
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
  vireo_new_vm_assistant_update (self);
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
  fill_domain_type (self);
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

static void
on_created_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoNewVmAssistant) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = vireo_install_create_finish (VIREO_CONNECTION (source), result, &error);
  g_autofree char *message = NULL;

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

  message = g_strdup_printf (_("Could not create the VM: %s"), error->message);
  gtk_label_set_label (self->summary_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_error_label), TRUE);
}

static void
vireo_new_vm_assistant_create (VireoNewVmAssistant *self)
{
  g_autofree char *custom_xml = NULL;

  if (self->busy)
    return;

  vireo_new_vm_assistant_sync_plan (self);
  if (gtk_check_button_get_active (self->customize_check))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->xml_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      custom_xml = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
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
          g_autofree char *message = g_strdup_printf (_("Could not create the VM: %s"), error->message);

          gtk_label_set_label (self->summary_error_label, message);
          gtk_widget_set_visible (GTK_WIDGET (self->summary_error_label), TRUE);
          return;
        }
      g_free (custom_xml);
      custom_xml = tcg;
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->xml_view), custom_xml, -1);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->summary_error_label), FALSE);
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

  if (self->step + 1 < G_N_ELEMENTS (steps))
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
  vireo_osinfo_load_async (self->cancellable, on_osinfo_loaded_cb, g_object_ref (self));
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
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_media_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_iso_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_iso_browse_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_os_generic_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_pool_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_path_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_browse_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_start_network_clicked_cb);

  gtk_widget_class_install_action (widget_class, "assistant.back", NULL, assistant_back_action);
  gtk_widget_class_install_action (widget_class, "assistant.forward", NULL, assistant_forward_action);
  gtk_widget_class_install_action (widget_class, "assistant.cancel", NULL, assistant_cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assistant.cancel", NULL);
}

static void
vireo_new_vm_assistant_init (VireoNewVmAssistant *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) models = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->plan = vireo_install_plan_new ();

  self->os_filter = gtk_string_filter_new (gtk_property_expression_new (VIREO_TYPE_OS, NULL, "search-text"));
  gtk_string_filter_set_match_mode (self->os_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->os_filter, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (on_os_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_os_item_bind_cb), NULL);
  gtk_list_view_set_factory (self->os_list_view, factory);

  gtk_string_list_append (models, _("Default for the operating system"));
  for (guint i = 1; i < G_N_ELEMENTS (nic_models); i++)
    gtk_string_list_append (models, nic_models[i]);
  adw_combo_row_set_model (self->nic_model_row, G_LIST_MODEL (models));

  setup_volumes_button (self, self->iso_volumes_button, self->iso_row);
  setup_volumes_button (self, self->disk_volumes_button, self->disk_path_row);

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
