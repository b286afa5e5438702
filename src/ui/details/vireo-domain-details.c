/* vireo-domain-details.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-details"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-domain-config.h"
#include "vireo-domain-apply.h"
#include "vireo-domain-definition.h"
#include "vireo-domain-details.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-addresses-group.h"
#include "vireo-domain-performance.h"
#include "vireo-hardware-view.h"
#include "vireo-osinfo.h"
#include "vireo-xml-editor.h"

/*
 * Everything shown comes from the inactive XML, fetched on the connection's worker, and from the
 * VireoDomain (state, autostart, persistence). A change of the VM's properties fetches again (once
 * per main-loop turn however many changed); what the user is editing is kept: the title and the
 * description when they differ from the last fetched ones, the XML once it was modified.
 */

struct _VireoDomainDetails
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *tabs_switcher;
  GtkLabel             *transient_label;
  GtkStack             *tabs;
  AdwActionRow         *name_row;
  AdwEntryRow          *title_row;
  GtkLabel             *title_error;
  GtkTextView          *description_view;
  GtkLabel             *description_error;
  GtkButton            *overview_apply;
  VireoDomainAddressesGroup *addresses;
  VireoDomainPerformance *performance;
  AdwPreferencesGroup  *about_group;
  AdwPreferencesGroup  *hardware_group;
  AdwPreferencesGroup  *disks_group;
  AdwPreferencesGroup  *nics_group;
  VireoHardwareView    *hardware_view;
  VireoXmlEditor       *xml_editor;

  /* Owned */
  VireoDomain          *domain;
  VireoConnection      *draft_connection; /* a draft's (not defined yet) */
  VireoInstallHost     *host;
  gboolean              draft;
  GCancellable         *host_cancellable;
  GListModel           *os_list;          /* libosinfo's OSes, once loaded */
  gboolean              os_list_loading;
  GSignalGroup         *domain_signals;
  GCancellable         *fetch_cancellable;
  GCancellable         *cancellable;      /* applies; cancelled at dispose */
  char                 *xml;
  char                 *live_xml;         /* the running VM's; NULL when it does not run */
  char                 *incoming_xml;     /* fetched, waiting for the live XML */
  VireoDomainConfig    *config;
  GPtrArray            *value_rows;       /* GtkWidget, in the groups: rebuilt on each fetch */
  guint                 refresh_id;
  guint                 busy;
};

G_DEFINE_FINAL_TYPE (VireoDomainDetails, vireo_domain_details, GTK_TYPE_WIDGET)

static void reset (VireoDomainDetails *self);

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
change_busy (VireoDomainDetails *self,
             int                 delta)
{
  gboolean was_busy = self->busy > 0;

  self->busy += delta;
  vireo_xml_editor_set_busy (self->xml_editor, self->busy > 0);
  if (was_busy != (self->busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static char *
description_text (VireoDomainDetails *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
title_edited (VireoDomainDetails *self)
{
  const char *shown = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  const char *fetched = self->config && self->config->title ? self->config->title : "";

  return g_strcmp0 (shown, fetched) != 0;
}

static gboolean
description_edited (VireoDomainDetails *self)
{
  g_autofree char *shown = description_text (self);
  const char *fetched = self->config && self->config->description ? self->config->description : "";

  return g_strcmp0 (shown, fetched) != 0;
}

static void
on_overview_changed_cb (VireoDomainDetails *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->overview_apply),
                            self->config != NULL && (title_edited (self) || description_edited (self)));
}

static void
clear_value_rows (VireoDomainDetails *self)
{
  for (guint i = 0; i < self->value_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->value_rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->value_rows, 0);
}

static void
add_value_row (VireoDomainDetails  *self,
               AdwPreferencesGroup *group,
               const char          *title,
               const char          *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value ? value : _("Not set"));
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->value_rows, row);
}

static const char *
yes_no (gboolean value)
{
  return value ? _("Yes") : _("No");
}

/* "a · b · c" of the parts that are set. */
static char *
join_parts (const char *a,
            const char *b,
            const char *c)
{
  const char *parts[] = { a, b, c };
  g_autoptr(GPtrArray) set = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i])
      g_ptr_array_add (set, (gpointer) parts[i]);
  g_ptr_array_add (set, NULL);
  return g_strjoinv (" · ", (char **) set->pdata);
}

static void update_rows (VireoDomainDetails *self);

static void
on_os_list_loaded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VireoDomainDetails) self = user_data;
  g_autoptr(GError) error = NULL;

  self->os_list = vireo_osinfo_load_finish (result, &error);
  if (self->os_list == NULL)
    g_debug ("The OS database could not be loaded: %s", error->message);
  else if (self->config != NULL)
    update_rows (self);
}

/* The libosinfo metadata's OS by name ("Debian 11"), once the database is loaded (off the main
 * thread); its id until then, or when the database does not know it. */
static const char *
os_name (VireoDomainDetails *self,
         const char         *os_id)
{
  if (os_id == NULL)
    return NULL;

  if (self->os_list == NULL)
    {
      if (!self->os_list_loading)
        {
          self->os_list_loading = TRUE;
          vireo_osinfo_load_async (self->cancellable, on_os_list_loaded_cb, g_object_ref (self));
        }
      return os_id;
    }

  for (guint i = 0, n = g_list_model_get_n_items (self->os_list); i < n; i++)
    {
      g_autoptr(VireoOs) os = g_list_model_get_item (self->os_list, i);

      if (g_strcmp0 (vireo_os_get_id (os), os_id) == 0)
        return vireo_os_get_name (os);
    }
  return os_id;
}

static void
update_rows (VireoDomainDetails *self)
{
  const VireoDomainConfig *config = self->config;
  g_autofree char *memory = NULL;
  g_autofree char *max_memory = NULL;
  g_autofree char *memory_text = NULL;
  g_autofree char *cpus = NULL;

  clear_value_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->transient_label),
                          self->domain != NULL && !vireo_domain_get_persistent (self->domain));
  if (config == NULL)
    return;

  add_value_row (self, self->about_group, _("UUID"), config->uuid);
  if (self->domain != NULL)
    add_value_row (self, self->about_group, _("State"), vireo_domain_get_state_label (self->domain));
  add_value_row (self, self->about_group, _("Hypervisor"), config->type);
  add_value_row (self, self->about_group, _("Architecture"), config->arch);
  add_value_row (self, self->about_group, _("Machine"), config->machine);
  add_value_row (self, self->about_group, _("Firmware"),
                 config->firmware == VIREO_DOMAIN_FIRMWARE_EFI ? _("UEFI") : _("BIOS"));
  add_value_row (self, self->about_group, _("Operating System"), os_name (self, config->os_id));
  if (self->domain != NULL)
    {
      add_value_row (self, self->about_group, _("Start on Boot"), yes_no (vireo_domain_get_autostart (self->domain)));
      add_value_row (self, self->about_group, _("Persistent"), yes_no (vireo_domain_get_persistent (self->domain)));
    }

  if (config->vcpus == config->vcpus_max || config->vcpus_max == 0)
    cpus = g_strdup_printf ("%u", config->vcpus);
  else
    /* Translators: current and maximum virtual CPUs */
    cpus = g_strdup_printf (_("%u (at most %u)"), config->vcpus, config->vcpus_max);
  add_value_row (self, self->hardware_group, _("CPUs"), cpus);

  memory = g_format_size_full (config->memory_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
  max_memory = g_format_size_full (config->memory_max_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
  if (config->memory_kib == config->memory_max_kib)
    memory_text = g_strdup (memory);
  else
    /* Translators: current and maximum memory, "1.0 GiB (at most 2.0 GiB)" */
    memory_text = g_strdup_printf (_("%s (at most %s)"), memory, max_memory);
  add_value_row (self, self->hardware_group, _("Memory"), memory_text);

  for (guint i = 0; i < config->disks->len; i++)
    {
      const VireoDomainDisk *disk = g_ptr_array_index (config->disks, i);
      g_autofree char *source = NULL;
      g_autofree char *text = NULL;

      if (disk->source != NULL)
        source = g_strdup (disk->source);
      else if (disk->source_pool != NULL && disk->source_volume != NULL)
        source = g_strdup_printf ("%s/%s", disk->source_pool, disk->source_volume);
      else
        source = g_strdup (_("No media"));
      text = join_parts (source, disk->bus, disk->driver_type);
      add_value_row (self, self->disks_group, disk->target != NULL ? disk->target : "?", text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->disks_group), config->disks->len > 0);

  for (guint i = 0; i < config->nics->len; i++)
    {
      const VireoDomainNic *nic = g_ptr_array_index (config->nics, i);
      g_autofree char *text = join_parts (nic->type, nic->source, nic->model);

      add_value_row (self, self->nics_group, nic->mac != NULL ? nic->mac : "?", text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->nics_group), config->nics->len > 0);
}

static VireoConnection *
connection_of (VireoDomainDetails *self)
{
  return self->draft ? self->draft_connection
                     : self->domain != NULL ? vireo_domain_get_connection (self->domain) : NULL;
}

/* The hardware pages see the definition, the running VM's, and the host. */
static void
update_hardware (VireoDomainDetails *self)
{
  g_autoptr(VireoHardwareContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (self->xml == NULL)
    return;
  context = vireo_hardware_context_new (connection_of (self), self->draft ? NULL : self->domain, self->host,
                                        self->xml, self->draft ? NULL : self->live_xml, self->draft, &error);
  if (context == NULL)
    {
      g_warning ("The hardware of '%s' could not be shown: %s",
                 self->config != NULL && self->config->name != NULL ? self->config->name : "", error->message);
      return;
    }
  vireo_hardware_view_set_context (self->hardware_view, context);
}

static void
on_host_queried_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VireoDomainDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoInstallHost) host = vireo_install_host_query_finish (VIREO_CONNECTION (source), result, &error);

  if (host == NULL)
    {
      /* Pages work without: no host limits, no network or pool lists. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The host could not be queried: %s", error->message);
      return;
    }
  if (VIREO_CONNECTION (source) != connection_of (self))
    return;
  g_clear_pointer (&self->host, vireo_install_host_free);
  self->host = g_steal_pointer (&host);
  update_hardware (self);
}

/* Once per VM shown: the host's memory, CPUs, networks and pools, for the hardware pages. */
static void
query_host (VireoDomainDetails *self)
{
  VireoConnection *connection = connection_of (self);

  g_cancellable_cancel (self->host_cancellable);
  g_clear_object (&self->host_cancellable);
  if (connection == NULL)
    return;
  self->host_cancellable = g_cancellable_new ();
  vireo_install_host_query_async (connection, self->host_cancellable, on_host_queried_cb, g_object_ref (self));
}

/* Takes @xml as the VM's definition: every view follows, except what is being edited. */
static void
take_xml (VireoDomainDetails *self,
          char               *xml)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
  gboolean keep_title = self->config != NULL && title_edited (self);
  gboolean keep_description = self->config != NULL && description_edited (self);

  g_free (self->xml);
  self->xml = xml;
  g_clear_pointer (&self->config, vireo_domain_config_free);
  self->config = g_steal_pointer (&config);

  if (self->config == NULL)
    {
      g_warning ("The definition of '%s' could not be read: %s",
                 self->domain ? vireo_domain_get_name (self->domain) : "", error->message);
      return;
    }

  adw_action_row_set_subtitle (self->name_row, self->config->name);
  vireo_xml_editor_set_save_name (self->xml_editor, self->config->name);
  if (!keep_title)
    gtk_editable_set_text (GTK_EDITABLE (self->title_row), self->config->title ? self->config->title : "");
  if (!keep_description)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                              self->config->description ? self->config->description : "", -1);
  on_overview_changed_cb (self);
  update_rows (self);
  update_hardware (self);
  vireo_xml_editor_set_xml (self->xml_editor, self->xml, FALSE);
}

static void
on_live_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VireoDomainDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *live = vireo_domain_fetch_live_xml_finish (VIREO_DOMAIN (source), result, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && VIREO_DOMAIN (source) == self->domain &&
      self->incoming_xml != NULL)
    {
      /* Stopped meanwhile: nothing runs to compare with. */
      g_free (self->live_xml);
      self->live_xml = g_steal_pointer (&live);
      take_xml (self, g_steal_pointer (&self->incoming_xml));
    }
  g_clear_pointer (&self->incoming_xml, g_free);

  change_busy (self, -1);
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoDomainDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  char *xml = vireo_domain_fetch_xml_finish (VIREO_DOMAIN (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || VIREO_DOMAIN (source) != self->domain)
    g_free (xml);
  else if (xml == NULL)
    vireo_xml_editor_show_error (self->xml_editor, error->message, 0);
  else if (vireo_domain_get_is_active (self->domain))
    {
      /* The running VM's XML too, to say what waits for the next boot. */
      g_free (self->incoming_xml);
      self->incoming_xml = xml;
      vireo_domain_fetch_live_xml_async (self->domain, self->fetch_cancellable, on_live_fetched_cb,
                                         g_object_ref (self));
      return;
    }
  else
    {
      g_clear_pointer (&self->live_xml, g_free);
      take_xml (self, xml);
    }

  /* Last: "busy" going FALSE means the page shows what was fetched. */
  change_busy (self, -1);
}

static void
refresh (VireoDomainDetails *self)
{
  g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);

  if (self->domain == NULL)
    return;

  self->fetch_cancellable = g_cancellable_new ();
  change_busy (self, +1);
  vireo_domain_fetch_xml_async (self->domain, self->fetch_cancellable, on_fetched_cb, g_object_ref (self));
}

static void
refresh_idle_cb (gpointer data)
{
  VireoDomainDetails *self = data;

  self->refresh_id = 0;
  refresh (self);
}

static void
queue_refresh (VireoDomainDetails *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_once (refresh_idle_cb, self);
}

/* Commit: a new definition, from any tab. A draft takes it at once; a VM's is defined, and the
 * same change made to it while it runs where libvirt can. */

typedef void (*CommitDone) (VireoDomainDetails *self,
                            const GError       *error,
                            VireoDomainApplied  applied,
                            const char         *pending_reason,
                            gpointer            target);

typedef struct
{
  VireoDomainDetails *self;
  CommitDone          done;
  gpointer            target;   /* a GObject reference, or NULL */
} Commit;

static void
commit_free (Commit *commit)
{
  g_object_unref (commit->self);
  g_clear_object (&commit->target);
  g_free (commit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Commit, commit_free)

static void
on_committed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Commit) commit = user_data;
  VireoDomainDetails *self = commit->self;
  g_autoptr(GError) error = NULL;
  VireoDomainApplied applied = VIREO_DOMAIN_APPLIED_DEFINED;
  g_autofree char *pending_reason = NULL;
  gboolean ok = vireo_domain_apply_finish (VIREO_DOMAIN (source), result, &applied, &pending_reason, &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      commit->done (self, ok ? NULL : error, applied, pending_reason, commit->target);
      /* The definition as libvirt now has it replaces what every tab shows. */
      if (ok)
        refresh (self);
    }

  /* After the refresh started: "busy" does not blink. */
  change_busy (self, -1);
}

static void
commit (VireoDomainDetails *self,
        const char         *xml,
        GPtrArray          *live_changes,
        CommitDone          done,
        gpointer            target)
{
  Commit *job;

  if (self->draft)
    {
      take_xml (self, g_strdup (xml));
      done (self, NULL, VIREO_DOMAIN_APPLIED_DEFINED, NULL, target);
      return;
    }
  if (self->domain == NULL)
    return;

  job = g_new0 (Commit, 1);
  job->self = g_object_ref (self);
  job->done = done;
  job->target = target != NULL ? g_object_ref (target) : NULL;
  change_busy (self, +1);
  vireo_domain_apply_async (self->domain, xml, live_changes, self->cancellable, on_committed_cb, job);
}

/* Overview */

static void
on_overview_committed (VireoDomainDetails *self,
                       const GError       *error,
                       VireoDomainApplied  applied,
                       const char         *pending_reason,
                       gpointer            target)
{
  if (error != NULL)
    {
      /* libvirt names what it refused; it is shown under the field that changed. */
      show_error (title_edited (self) ? self->title_error : self->description_error, error->message);
      on_overview_changed_cb (self);
    }
}

static void
on_overview_apply_cb (VireoDomainDetails *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = description_text (self);
  g_autofree char *titled = NULL;
  g_autofree char *edited = NULL;

  show_error (self->title_error, NULL);
  show_error (self->description_error, NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");

  if (self->xml == NULL)
    return;

  titled = vireo_domain_edit_set_title (self->xml, gtk_editable_get_text (GTK_EDITABLE (self->title_row)), &error);
  if (titled == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->title_row), "error");
      show_error (self->title_error, error->message);
      return;
    }
  edited = vireo_domain_edit_set_description (titled, description, &error);
  if (edited == NULL)
    {
      show_error (self->description_error, error->message);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->overview_apply), FALSE);
  commit (self, edited, NULL, on_overview_committed, NULL);
}

/* Hardware */

static void
on_hardware_committed (VireoDomainDetails *self,
                       const GError       *error,
                       VireoDomainApplied  applied,
                       const char         *pending_reason,
                       gpointer            page)
{
  vireo_hardware_view_applied (self->hardware_view, page, error, applied, pending_reason);
}

static void
on_hardware_apply_cb (VireoDomainDetails *self,
                      VireoHardwarePage  *page,
                      const char         *xml,
                      GPtrArray          *live_changes)
{
  commit (self, xml, live_changes, on_hardware_committed, page);
}

/* XML */

static void
on_xml_committed (VireoDomainDetails *self,
                  const GError       *error,
                  VireoDomainApplied  applied,
                  const char         *pending_reason,
                  gpointer            target)
{
  if (error != NULL)
    vireo_xml_editor_show_error (self->xml_editor, error->message, 0);
  else
    vireo_xml_editor_set_xml (self->xml_editor, self->xml, TRUE);
}

/* The editor checked the text is a well-formed <domain>: libvirt validates the rest (for a draft,
 * when the installation begins). */
static void
on_xml_apply_cb (VireoDomainDetails *self,
                 const char         *text)
{
  commit (self, text, NULL, on_xml_committed, NULL);
}

static void
vireo_domain_details_dispose (GObject *object)
{
  VireoDomainDetails *self = (VireoDomainDetails *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->host_cancellable);
  g_clear_object (&self->host_cancellable);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->domain);
  g_clear_object (&self->draft_connection);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DOMAIN_DETAILS);

  G_OBJECT_CLASS (vireo_domain_details_parent_class)->dispose (object);
}

static void
vireo_domain_details_finalize (GObject *object)
{
  VireoDomainDetails *self = (VireoDomainDetails *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->value_rows, g_ptr_array_unref);
  g_clear_pointer (&self->config, vireo_domain_config_free);
  g_clear_pointer (&self->host, vireo_install_host_free);
  g_clear_object (&self->os_list);
  g_free (self->xml);
  g_free (self->live_xml);
  g_free (self->incoming_xml);

  G_OBJECT_CLASS (vireo_domain_details_parent_class)->finalize (object);
}

static void
vireo_domain_details_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VireoDomainDetails *self = VIREO_DOMAIN_DETAILS (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_details_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VireoDomainDetails *self = VIREO_DOMAIN_DETAILS (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_domain_details_set_domain (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_details_class_init (VireoDomainDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_domain_details_dispose;
  object_class->finalize = vireo_domain_details_finalize;
  object_class->get_property = vireo_domain_details_get_property;
  object_class->set_property = vireo_domain_details_set_property;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-domain-details.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, tabs_switcher);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, transient_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, tabs);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, name_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, title_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, title_error);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, description_view);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, description_error);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, overview_apply);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, addresses);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, performance);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, about_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, hardware_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, disks_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, nics_group);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, hardware_view);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainDetails, xml_editor);
  gtk_widget_class_bind_template_callback (widget_class, on_overview_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_overview_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_xml_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_hardware_apply_cb);
}

static void
vireo_domain_details_init (VireoDomainDetails *self)
{
  static const char * const watched[] = {
    "notify::name", "notify::title", "notify::description", "notify::state", "notify::persistent",
    "notify::autostart", "notify::vcpus", "notify::memory-kib", "notify::max-memory-kib",
  };

  g_type_ensure (VIREO_TYPE_XML_EDITOR);
  g_type_ensure (VIREO_TYPE_DOMAIN_PERFORMANCE);
  g_type_ensure (VIREO_TYPE_DOMAIN_ADDRESSES_GROUP);
  g_type_ensure (VIREO_TYPE_HARDWARE_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->value_rows = g_ptr_array_new ();
  g_signal_connect_object (gtk_text_view_get_buffer (self->description_view), "changed",
                           G_CALLBACK (on_overview_changed_cb), self, G_CONNECT_SWAPPED);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_signal_group_connect_object (self->domain_signals, watched[i], G_CALLBACK (queue_refresh), self,
                                   G_CONNECT_SWAPPED);
}

GtkWidget *
vireo_domain_details_new (void)
{
  return g_object_new (VIREO_TYPE_DOMAIN_DETAILS, NULL);
}

VireoDomain *
vireo_domain_details_get_domain (VireoDomainDetails *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_DETAILS (self), NULL);

  return self->domain;
}

/**
 * vireo_domain_details_set_domain:
 * @self: a #VireoDomainDetails
 * @domain: (nullable): the VM to show
 *
 * Shows @domain's details, fetched anew; edits of the previous VM are dropped.
 */
void
vireo_domain_details_set_domain (VireoDomainDetails *self,
                                 VireoDomain        *domain)
{
  g_return_if_fail (VIREO_IS_DOMAIN_DETAILS (self));
  g_return_if_fail (!domain || VIREO_IS_DOMAIN (domain));

  if (self->domain == domain && !self->draft)
    return;

  /* Unbound while the old VM is surely alive: this may hold its last reference. */
  g_signal_group_set_target (self->domain_signals, domain);
  g_set_object (&self->domain, domain);
  vireo_domain_performance_set_domain (self->performance, domain);
  vireo_domain_addresses_group_set_domain (self->addresses, domain);
  self->draft = FALSE;
  g_clear_object (&self->draft_connection);
  reset (self);
  vireo_xml_editor_set_save_name (self->xml_editor, domain != NULL ? vireo_domain_get_name (domain) : NULL);
  g_clear_pointer (&self->host, vireo_install_host_free);
  query_host (self);
  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

/**
 * vireo_domain_details_set_draft:
 * @self: a #VireoDomainDetails
 * @connection: the connection the VM will be defined on
 * @host: (nullable): its host, as vireo_install_host_query_async() gave it
 * @xml: the definition to customize
 *
 * Shows a definition that is not defined yet ("customize before install"): every change is kept
 * in the page (vireo_domain_details_get_xml()) and nothing reaches libvirt, which validates the
 * result when the VM is created.
 */
void
vireo_domain_details_set_draft (VireoDomainDetails *self,
                                VireoConnection    *connection,
                                VireoInstallHost   *host,
                                const char         *xml)
{
  g_return_if_fail (VIREO_IS_DOMAIN_DETAILS (self));
  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (xml != NULL);

  vireo_domain_details_set_domain (self, NULL);
  g_set_object (&self->draft_connection, connection);
  g_clear_pointer (&self->host, vireo_install_host_free);
  self->host = host != NULL ? vireo_install_host_ref (host) : NULL;
  self->draft = TRUE;
  reset (self);
  take_xml (self, g_strdup (xml));
}

gboolean
vireo_domain_details_get_draft (VireoDomainDetails *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_DETAILS (self), FALSE);

  return self->draft;
}

/* Nothing of the previous VM stays, edits included. */
static void
reset (VireoDomainDetails *self)
{
  g_clear_pointer (&self->live_xml, g_free);
  g_clear_pointer (&self->incoming_xml, g_free);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  g_clear_pointer (&self->xml, g_free);
  g_clear_pointer (&self->config, vireo_domain_config_free);
  clear_value_rows (self);
  adw_action_row_set_subtitle (self->name_row, "");
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), "", -1);
  show_error (self->title_error, NULL);
  show_error (self->description_error, NULL);
  vireo_xml_editor_set_xml (self->xml_editor, NULL, TRUE);
  on_overview_changed_cb (self);
  change_busy (self, 0);
}

gboolean
vireo_domain_details_get_busy (VireoDomainDetails *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_DETAILS (self), FALSE);

  return self->busy > 0;
}

const char *
vireo_domain_details_get_xml (VireoDomainDetails *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_DETAILS (self), NULL);

  return self->xml;
}
