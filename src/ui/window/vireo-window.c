/* vireo-window.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-connection-sidebar.h"
#include "vireo-domain-list.h"
#include "vireo-domain-page.h"
#include "vireo-error.h"
#include "vireo-new-vm-assistant.h"
#include "vireo-window.h"

struct _VireoWindow
{
  AdwApplicationWindow    parent_instance;

  /* Template widgets */
  AdwToastOverlay        *toast_overlay;
  AdwLeaflet             *leaflet;
  VireoConnectionSidebar *sidebar;
  AdwWindowTitle         *content_title;
  GtkWidget              *connection_menu_button;
  GtkWidget              *new_vm_button;
  GtkStack               *content_stack;
  GtkImage               *connection_icon;
  GtkLabel               *label_label;
  GtkLabel               *demo_label;
  GtkLabel               *uri_label;
  GtkLabel               *state_label;
  GtkWidget              *host_button;
  GtkWidget              *disconnect_button;
  GtkStack               *state_stack;
  GtkSpinner             *connecting_spinner;
  GtkWidget              *connect_button;
  GtkLabel               *error_message_label;
  GtkLabel               *hint_label;
  GtkWidget              *retry_button;
  GtkLabel               *hostname_label;
  GtkLabel               *hypervisor_label;
  GtkLabel               *libvirt_label;
  GtkLabel               *cpu_model_label;
  GtkLabel               *cpus_label;
  GtkLabel               *mhz_label;
  GtkLabel               *memory_label;
  VireoDomainList        *domain_list;
  GtkStack               *content_nav;
  VireoDomainPage        *domain_page;

  /* Owned */
  GListModel             *domains;
  VireoConnectionManager *manager;
  GSettings              *settings;
  VireoConnection        *connection;
  GSignalGroup           *connection_signals;
};

G_DEFINE_FINAL_TYPE (VireoWindow, vireo_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_SETTINGS,
  PROP_SELECTED_CONNECTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vireo_window_update_actions (VireoWindow *self)
{
  VireoConnectionState state = VIREO_CONNECTION_STATE_DISCONNECTED;
  gboolean has_connection = self->connection != NULL;

  if (has_connection)
    state = vireo_connection_get_state (self->connection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conn.connect",
                                 has_connection &&
                                 (state == VIREO_CONNECTION_STATE_DISCONNECTED ||
                                  state == VIREO_CONNECTION_STATE_FAILED));
  /* Disconnect also cancels an attempt under way and stops automatic reconnecting. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conn.disconnect",
                                 has_connection &&
                                 (state == VIREO_CONNECTION_STATE_CONNECTED ||
                                  state == VIREO_CONNECTION_STATE_CONNECTING ||
                                  vireo_connection_get_reconnecting (self->connection)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conn.retry",
                                 has_connection && state == VIREO_CONNECTION_STATE_FAILED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conn.remove", has_connection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conn.define-xml",
                                 has_connection && state == VIREO_CONNECTION_STATE_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conn.new-vm",
                                 has_connection && state == VIREO_CONNECTION_STATE_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find",
                                 has_connection && state == VIREO_CONNECTION_STATE_CONNECTED);
}

static void
set_value_label (GtkLabel   *label,
                 const char *value)
{
  if (value == NULL || *value == '\0')
    {
      gtk_label_set_label (label, _("Unknown"));
      gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
    }
  else
    {
      gtk_label_set_label (label, value);
      gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
    }
}

static void
vireo_window_update_host_info (VireoWindow *self)
{
  VireoConnection *conn = self->connection;
  const char *hypervisor = vireo_connection_get_hypervisor (conn);
  const char *hypervisor_version = vireo_connection_get_hypervisor_version (conn);
  guint cpus = vireo_connection_get_host_cpus (conn);
  guint mhz = vireo_connection_get_host_mhz (conn);
  guint64 memory_kib = vireo_connection_get_host_memory_kib (conn);
  g_autofree char *hypervisor_text = NULL;
  g_autofree char *cpus_text = NULL;
  g_autofree char *mhz_text = NULL;
  g_autofree char *memory_text = NULL;

  if (hypervisor != NULL && hypervisor_version != NULL && *hypervisor_version != '\0')
    /* Translators: hypervisor name and version, e.g. "QEMU 7.2.0" */
    hypervisor_text = g_strdup_printf (C_("hypervisor and version", "%s %s"),
                                       hypervisor, hypervisor_version);
  else
    hypervisor_text = g_strdup (hypervisor);

  if (cpus > 0)
    cpus_text = g_strdup_printf ("%u", cpus);
  if (mhz > 0)
    /* Translators: a CPU frequency */
    mhz_text = g_strdup_printf (_("%u MHz"), mhz);
  if (memory_kib > 0)
    memory_text = g_format_size_full (memory_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);

  set_value_label (self->hostname_label, vireo_connection_get_hostname (conn));
  set_value_label (self->hypervisor_label, hypervisor_text);
  set_value_label (self->libvirt_label, vireo_connection_get_libvirt_version (conn));
  set_value_label (self->cpu_model_label, vireo_connection_get_host_cpu_model (conn));
  set_value_label (self->cpus_label, cpus_text);
  set_value_label (self->mhz_label, mhz_text);
  set_value_label (self->memory_label, memory_text);
}

static void
vireo_window_update_page (VireoWindow *self)
{
  VireoConnection *conn = self->connection;
  VireoConnectionState state;
  const char *state_text = NULL;
  const char *page = "disconnected";

  gtk_widget_set_visible (self->connection_menu_button, conn != NULL);

  if (conn == NULL)
    {
      adw_window_title_set_title (self->content_title, "");
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      gtk_spinner_stop (self->connecting_spinner);
      return;
    }

  state = vireo_connection_get_state (conn);

  adw_window_title_set_title (self->content_title, vireo_connection_get_label (conn));
  gtk_label_set_label (self->label_label, vireo_connection_get_label (conn));
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), vireo_connection_get_is_demo (conn));
  gtk_label_set_label (self->uri_label, vireo_connection_get_uri (conn));
  gtk_image_set_from_icon_name (self->connection_icon,
                                vireo_connection_get_is_remote (conn) ?
                                "network-server-symbolic" : "computer-symbolic");

  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");

  switch (state)
    {
    case VIREO_CONNECTION_STATE_CONNECTING:
      state_text = _("Connecting…");
      page = "connecting";
      break;

    case VIREO_CONNECTION_STATE_CONNECTED:
      state_text = _("Connected");
      page = "connected";
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "success");
      vireo_window_update_host_info (self);
      break;

    case VIREO_CONNECTION_STATE_FAILED:
      {
        const GError *error = vireo_connection_get_error (conn);
        const char *message = vireo_connection_get_error_message (conn);
        const char *hint = error ? vireo_error_get_hint (error) : NULL;

        state_text = _("Connection failed");
        page = "failed";
        gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");

        if (message == NULL || *message == '\0')
          message = _("The connection could not be opened.");

        gtk_label_set_label (self->error_message_label, message);
        gtk_label_set_label (self->hint_label, hint);
        gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL && *hint != '\0');
      }
      break;

    case VIREO_CONNECTION_STATE_DISCONNECTED:
    default:
      state_text = _("Not connected");
      page = "disconnected";
      break;
    }

  gtk_label_set_label (self->state_label, state_text);
  gtk_widget_set_visible (self->disconnect_button, state == VIREO_CONNECTION_STATE_CONNECTED);
  gtk_widget_set_visible (self->host_button, state == VIREO_CONNECTION_STATE_CONNECTED);

  if (state == VIREO_CONNECTION_STATE_CONNECTING)
    gtk_spinner_start (self->connecting_spinner);
  else
    gtk_spinner_stop (self->connecting_spinner);

  gtk_stack_set_visible_child_name (self->state_stack, page);
  gtk_stack_set_visible_child_name (self->content_stack, "connection");
}

static void
on_selected_connection_notify_cb (VireoWindow     *self,
                                  GParamSpec      *pspec,
                                  VireoConnection *connection)
{
  vireo_window_update_page (self);

  if (g_strcmp0 (pspec->name, "state") == 0 || g_strcmp0 (pspec->name, "reconnecting") == 0)
    vireo_window_update_actions (self);
}

/* The VM page */

/**
 * vireo_window_show_list:
 * @self: a #VireoWindow
 *
 * Back from a VM's page to the list of the selected connection. The page lets go of its VM (a
 * console in its own window stays).
 */
void
vireo_window_show_list (VireoWindow *self)
{
  g_return_if_fail (VIREO_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->content_nav, "connection");
  vireo_domain_page_set_domain (self->domain_page, NULL);
}

/**
 * vireo_window_show_domain:
 * @self: a #VireoWindow
 * @domain: a VM of one of the window's connections
 *
 * Shows the VM's page (its console).
 */
void
vireo_window_show_domain (VireoWindow *self,
                          VireoDomain *domain)
{
  VireoConnection *connection;

  g_return_if_fail (VIREO_IS_WINDOW (self));
  g_return_if_fail (VIREO_IS_DOMAIN (domain));

  connection = vireo_domain_get_connection (domain);
  if (connection != NULL && connection != self->connection)
    vireo_window_select_connection (self, connection);

  vireo_domain_page_set_domain (self->domain_page, domain);
  gtk_stack_set_visible_child_name (self->content_nav, "domain");
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

/**
 * vireo_window_get_domain_page:
 * @self: a #VireoWindow
 *
 * Returns: (transfer none): the VM page
 */
VireoDomainPage *
vireo_window_get_domain_page (VireoWindow *self)
{
  g_return_val_if_fail (VIREO_IS_WINDOW (self), NULL);

  return self->domain_page;
}

static void
on_domain_activated_cb (VireoWindow     *self,
                        VireoDomain     *domain,
                        VireoDomainList *list)
{
  vireo_window_show_domain (self, domain);
}

/* The page's VM went away (undefined elsewhere) or was replaced by a fresh object after a
 * reconnect: follow it by UUID, or go back to the list and say why. */
static void
on_domains_items_changed_cb (VireoWindow *self,
                             guint        position,
                             guint        removed,
                             guint        added,
                             GListModel  *model)
{
  VireoDomain *shown = vireo_domain_page_get_domain (self->domain_page);
  VireoDomain *now;
  g_autofree char *message = NULL;

  if (shown == NULL || removed == 0 || self->connection == NULL ||
      vireo_domain_get_connection (shown) != self->connection)
    return;

  now = vireo_connection_lookup_domain (self->connection, vireo_domain_get_uuid (shown));
  if (now == shown)
    return;
  if (now != NULL)
    {
      vireo_domain_page_set_domain (self->domain_page, now);
      return;
    }

  /* Only an actual listing that lacks it: not a connection going down. */
  if (!vireo_connection_get_domains_loaded (self->connection))
    return;

  message = g_strdup_printf (_("The virtual machine '%s' no longer exists."), vireo_domain_get_name (shown));
  vireo_window_show_list (self);
  vireo_window_add_toast (self, adw_toast_new (message));
}

static void
win_show_list_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  vireo_window_show_list (VIREO_WINDOW (widget));
}

static void
vireo_window_set_connection (VireoWindow     *self,
                             VireoConnection *connection)
{
  VireoDomain *shown = vireo_domain_page_get_domain (self->domain_page);

  if (!g_set_object (&self->connection, connection))
    return;

  /* A VM page belongs to its connection. */
  if (shown != NULL && vireo_domain_get_connection (shown) != connection)
    vireo_window_show_list (self);

  if (self->domains != NULL)
    g_signal_handlers_disconnect_by_func (self->domains, on_domains_items_changed_cb, self);
  g_clear_object (&self->domains);
  if (connection != NULL)
    {
      self->domains = g_object_ref (vireo_connection_get_domains (connection));
      g_signal_connect_object (self->domains, "items-changed", G_CALLBACK (on_domains_items_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  g_signal_group_set_target (self->connection_signals, connection);
  vireo_domain_list_set_connection (self->domain_list, connection);

  vireo_window_update_page (self);
  vireo_window_update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONNECTION]);
}

static void
on_sidebar_selected_connection_cb (VireoWindow            *self,
                                   GParamSpec             *pspec,
                                   VireoConnectionSidebar *sidebar)
{
  vireo_window_set_connection (self, vireo_connection_sidebar_get_selected_connection (sidebar));
}

static void
on_sidebar_connection_activated_cb (VireoWindow            *self,
                                    VireoConnection        *connection,
                                    VireoConnectionSidebar *sidebar)
{
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
on_sidebar_remove_connection_cb (VireoWindow            *self,
                                 VireoConnection        *connection,
                                 VireoConnectionSidebar *sidebar)
{
  vireo_window_remove_connection (self, connection);
}

static void
on_back_button_clicked_cb (VireoWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* A connection that is not on screen failed: say so, and offer to show it. */
static void
on_any_connection_state_cb (VireoWindow     *self,
                            GParamSpec      *pspec,
                            VireoConnection *connection)
{
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *title = NULL;
  gboolean visible = connection == self->connection &&
                     g_strcmp0 (adw_leaflet_get_visible_child_name (self->leaflet), "content") == 0;

  if (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_FAILED)
    return;

  /* Unfolded, the selected connection's page is always visible. */
  if (connection == self->connection && !adw_leaflet_get_folded (self->leaflet))
    visible = TRUE;

  if (visible)
    return;

  title = g_strdup_printf (_("Could not connect to '%s'"), vireo_connection_get_label (connection));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.select-connection");
  adw_toast_set_action_target_value (toast, g_variant_new_string (vireo_connection_get_uri (connection)));
  adw_toast_overlay_add_toast (self->toast_overlay, g_steal_pointer (&toast));
}

static void
vireo_window_watch_connection (VireoWindow     *self,
                               VireoConnection *connection)
{
  if (g_signal_handler_find (connection, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA,
                             0, 0, NULL, on_any_connection_state_cb, self) != 0)
    return;

  g_signal_connect_object (connection, "notify::state",
                           G_CALLBACK (on_any_connection_state_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
on_manager_items_changed_cb (VireoWindow *self,
                             guint        position,
                             guint        removed,
                             guint        added,
                             GListModel  *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(VireoConnection) connection = g_list_model_get_item (model, i);

      vireo_window_watch_connection (self, connection);
    }

  /* Something is always selected when there is something to select. */
  if (self->connection == NULL && g_list_model_get_n_items (model) > 0)
    {
      g_autoptr(VireoConnection) first = g_list_model_get_item (model, 0);

      vireo_window_select_connection (self, first);
    }
}

static void
conn_connect_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  VireoWindow *self = VIREO_WINDOW (widget);

  if (self->connection != NULL)
    vireo_connection_connect (self->connection);
}

static void
conn_disconnect_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VireoWindow *self = VIREO_WINDOW (widget);

  if (self->connection != NULL)
    vireo_connection_disconnect (self->connection);
}

static void
conn_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VireoWindow *self = VIREO_WINDOW (widget);

  if (self->connection != NULL)
    vireo_window_remove_connection (self, self->connection);
}

/* A VM just made (the assistant, a definition file): open its page once the list has it. */
typedef struct
{
  VireoWindow     *window;       /* weak */
  VireoConnection *connection;
  char            *uuid;
  gulong           handler;
} PendingDomain;

static gboolean
pending_domain_show (PendingDomain *pending)
{
  VireoDomain *domain = vireo_connection_lookup_domain (pending->connection, pending->uuid);

  if (domain == NULL)
    return FALSE;
  vireo_window_show_domain (pending->window, domain);
  return TRUE;
}

static void
pending_domain_free (gpointer data,
                     GClosure *closure)
{
  PendingDomain *pending = data;

  if (pending->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (pending->window), (gpointer *) &pending->window);
  g_object_unref (pending->connection);
  g_free (pending->uuid);
  g_free (pending);
}

static void
on_pending_domains_changed_cb (GListModel    *domains,
                               guint          position,
                               guint          removed,
                               guint          added,
                               PendingDomain *pending)
{
  if (added == 0 || pending->window == NULL)
    return;
  if (pending_domain_show (pending))
    g_signal_handler_disconnect (domains, pending->handler);
}

/**
 * vireo_window_show_domain_when_listed:
 * @self: a #VireoWindow
 * @connection: the VM's connection
 * @uuid: the VM's UUID
 *
 * Opens the VM's page now, or once libvirt's event brought it into the list.
 */
void
vireo_window_show_domain_when_listed (VireoWindow     *self,
                                      VireoConnection *connection,
                                      const char      *uuid)
{
  GListModel *domains = vireo_connection_get_domains (connection);
  PendingDomain *pending = g_new0 (PendingDomain, 1);

  pending->window = self;
  pending->connection = g_object_ref (connection);
  pending->uuid = g_strdup (uuid);
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &pending->window);
  if (pending_domain_show (pending) || domains == NULL)
    {
      pending_domain_free (pending, NULL);
      return;
    }

  /* The list learns of the VM from libvirt's event a moment later. */
  pending->handler = g_signal_connect_data (domains, "items-changed", G_CALLBACK (on_pending_domains_changed_cb),
                                            pending, pending_domain_free, 0);
}

static void
on_new_vm_created_cb (VireoNewVmAssistant *assistant,
                      const char          *uuid,
                      VireoWindow         *self)
{
  vireo_window_show_domain_when_listed (self, vireo_new_vm_assistant_get_connection (assistant), uuid);
}

/**
 * vireo_window_show_new_vm:
 * @self: a #VireoWindow
 *
 * Opens the new-VM assistant on the selected (connected) connection.
 *
 * Returns: (transfer none) (nullable): the assistant, or %NULL when no connection is connected
 */
VireoNewVmAssistant *
vireo_window_show_new_vm (VireoWindow *self)
{
  VireoNewVmAssistant *assistant;

  g_return_val_if_fail (VIREO_IS_WINDOW (self), NULL);

  if (self->connection == NULL || vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    return NULL;

  assistant = vireo_new_vm_assistant_new (self->connection);
  gtk_window_set_transient_for (GTK_WINDOW (assistant), GTK_WINDOW (self));
  g_signal_connect_object (assistant, "created", G_CALLBACK (on_new_vm_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (assistant));
  return assistant;
}

static void
conn_new_vm_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  vireo_window_show_new_vm (VIREO_WINDOW (widget));
}

static void
conn_define_xml_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  VireoWindow *self = VIREO_WINDOW (widget);

  if (self->connection != NULL)
    vireo_window_define_from_file (self, self->connection);
}

static void
win_select_connection_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  VireoWindow *self = VIREO_WINDOW (widget);
  VireoConnection *connection;

  connection = vireo_connection_manager_lookup (self->manager, g_variant_get_string (param, NULL));
  if (connection == NULL)
    return;

  vireo_window_select_connection (self, connection);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
}

static void
win_find_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VireoWindow *self = VIREO_WINDOW (widget);

  /* Folded, the list may be off screen behind the sidebar. */
  adw_leaflet_set_visible_child_name (self->leaflet, "content");
  vireo_domain_list_start_search (self->domain_list);
}

static void
win_add_connection_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  vireo_window_show_add_connection (VIREO_WINDOW (widget));
}

static void
vireo_window_save_state (VireoWindow *self)
{
  int width = 0;
  int height = 0;
  gboolean maximized;

  if (self->settings == NULL)
    return;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  /* The size under a maximized window is the one to come back to. */
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
}

static gboolean
vireo_window_close_request (GtkWindow *window)
{
  vireo_window_save_state (VIREO_WINDOW (window));

  return GTK_WINDOW_CLASS (vireo_window_parent_class)->close_request (window);
}

static void
vireo_window_constructed (GObject *object)
{
  VireoWindow *self = (VireoWindow *)object;
  guint n_items;

  G_OBJECT_CLASS (vireo_window_parent_class)->constructed (object);

  g_assert (VIREO_IS_CONNECTION_MANAGER (self->manager));

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  vireo_domain_list_set_settings (self->domain_list, self->settings);

  /* The list box hears items-changed first, so rows exist when the window reacts. */
  vireo_connection_sidebar_set_manager (self->sidebar, self->manager);
  g_signal_connect_object (self->manager, "items-changed",
                           G_CALLBACK (on_manager_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->manager));
  if (n_items > 0)
    on_manager_items_changed_cb (self, 0, 0, n_items, G_LIST_MODEL (self->manager));

  vireo_window_update_page (self);
  vireo_window_update_actions (self);
}

static void
vireo_window_dispose (GObject *object)
{
  VireoWindow *self = (VireoWindow *)object;

  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);
  if (self->domains != NULL)
    g_signal_handlers_disconnect_by_func (self->domains, on_domains_items_changed_cb, self);
  g_clear_object (&self->domains);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_WINDOW);

  g_clear_object (&self->connection_signals);
  g_clear_object (&self->connection);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vireo_window_parent_class)->dispose (object);
}

static void
vireo_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VireoWindow *self = VIREO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_SELECTED_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VireoWindow *self = VIREO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      self->manager = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_SELECTED_CONNECTION:
      vireo_window_select_connection (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_window_class_init (VireoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = vireo_window_constructed;
  object_class->dispose = vireo_window_dispose;
  object_class->get_property = vireo_window_get_property;
  object_class->set_property = vireo_window_set_property;

  window_class->close_request = vireo_window_close_request;

  /**
   * VireoWindow:manager:
   *
   * The connections the window shows.
   */
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL,
                         VIREO_TYPE_CONNECTION_MANAGER,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoWindow:settings:
   *
   * The app's settings (window geometry, confirmations), or %NULL.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoWindow:selected-connection:
   *
   * The connection shown in the content area, or %NULL.
   */
  properties[PROP_SELECTED_CONNECTION] =
    g_param_spec_object ("selected-connection", NULL, NULL,
                         VIREO_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIREO_TYPE_CONNECTION_SIDEBAR);
  g_type_ensure (VIREO_TYPE_DOMAIN_LIST);
  g_type_ensure (VIREO_TYPE_DOMAIN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/window/vireo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, connection_menu_button);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, new_vm_button);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, label_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, uri_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, state_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, host_button);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, connect_button);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, error_message_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, hint_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, hostname_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, hypervisor_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, libvirt_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, cpu_model_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, cpus_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, mhz_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, memory_label);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, domain_list);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, content_nav);
  gtk_widget_class_bind_template_child (widget_class, VireoWindow, domain_page);
  gtk_widget_class_bind_template_callback (widget_class, on_domain_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_selected_connection_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_connection_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_remove_connection_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "conn.connect", NULL, conn_connect_action);
  gtk_widget_class_install_action (widget_class, "conn.disconnect", NULL, conn_disconnect_action);
  gtk_widget_class_install_action (widget_class, "conn.retry", NULL, conn_connect_action);
  gtk_widget_class_install_action (widget_class, "conn.remove", NULL, conn_remove_action);
  gtk_widget_class_install_action (widget_class, "conn.new-vm", NULL, conn_new_vm_action);
  gtk_widget_class_install_action (widget_class, "conn.define-xml", NULL, conn_define_xml_action);
  gtk_widget_class_install_action (widget_class, "win.select-connection", "s", win_select_connection_action);
  gtk_widget_class_install_action (widget_class, "win.add-connection", NULL, win_add_connection_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, win_find_action);
  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, win_show_list_action);

  /* Search the VM list from anywhere in the window, the sidebar included. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "conn.new-vm", NULL);
}

static void
vireo_window_init (VireoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "notify",
                                 G_CALLBACK (on_selected_connection_notify_cb), self,
                                 G_CONNECT_SWAPPED);
}

/**
 * vireo_window_new:
 * @application: (nullable): the application
 * @manager: the connections to show
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer floating): a new #VireoWindow
 */
GtkWidget *
vireo_window_new (VireoApplication       *application,
                  VireoConnectionManager *manager)
{
  g_return_val_if_fail (!application || VIREO_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIREO_IS_CONNECTION_MANAGER (manager), NULL);

  return g_object_new (VIREO_TYPE_WINDOW,
                       "application", application,
                       "manager", manager,
                       "settings", application ? vireo_application_get_settings (application) : NULL,
                       NULL);
}

/**
 * vireo_window_get_manager:
 * @self: a #VireoWindow
 *
 * Returns: (transfer none): the connection manager
 */
VireoConnectionManager *
vireo_window_get_manager (VireoWindow *self)
{
  g_return_val_if_fail (VIREO_IS_WINDOW (self), NULL);

  return self->manager;
}

/**
 * vireo_window_get_selected_connection:
 * @self: a #VireoWindow
 *
 * Returns: (transfer none) (nullable): the selected connection
 */
VireoConnection *
vireo_window_get_selected_connection (VireoWindow *self)
{
  g_return_val_if_fail (VIREO_IS_WINDOW (self), NULL);

  return self->connection;
}

/**
 * vireo_window_select_connection:
 * @self: a #VireoWindow
 * @connection: (nullable): a connection of the window's manager, or %NULL
 *
 * Selects @connection in the sidebar and shows it. Must be called from the main thread.
 */
void
vireo_window_select_connection (VireoWindow     *self,
                                VireoConnection *connection)
{
  g_return_if_fail (VIREO_IS_WINDOW (self));
  g_return_if_fail (!connection || VIREO_IS_CONNECTION (connection));

  vireo_connection_sidebar_set_selected_connection (self->sidebar, connection);
}

static void
on_add_connection_dialog_add_cb (VireoWindow              *self,
                                 const char               *uri,
                                 gboolean                  autoconnect,
                                 VireoAddConnectionDialog *dialog)
{
  vireo_window_add_connection (self, uri, autoconnect);
}

/**
 * vireo_window_show_add_connection:
 * @self: a #VireoWindow
 *
 * Opens the Add Connection dialog. Must be called from the main thread.
 *
 * Returns: (transfer none): the dialog
 */
GtkWidget *
vireo_window_show_add_connection (VireoWindow *self)
{
  GtkWidget *dialog;

  g_return_val_if_fail (VIREO_IS_WINDOW (self), NULL);

  dialog = vireo_add_connection_dialog_new (GTK_WINDOW (self));
  g_signal_connect_object (dialog, "add-connection",
                           G_CALLBACK (on_add_connection_dialog_add_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return dialog;
}

/**
 * vireo_window_add_connection:
 * @self: a #VireoWindow
 * @uri: a libvirt URI
 * @autoconnect: whether to open the connection when Vireo starts
 *
 * Adds @uri (or finds it, when it is known already), opens it unless it is open or opening, and
 * selects it. Must be called from the main thread.
 *
 * Returns: (transfer none): the connection
 */
VireoConnection *
vireo_window_add_connection (VireoWindow *self,
                             const char  *uri,
                             gboolean     autoconnect)
{
  VireoConnection *connection;

  g_return_val_if_fail (VIREO_IS_WINDOW (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  connection = vireo_connection_manager_open (self->manager, uri, autoconnect);
  g_return_val_if_fail (connection != NULL, NULL);

  vireo_window_select_connection (self, connection);
  adw_leaflet_set_visible_child_name (self->leaflet, "content");

  return connection;
}

static void
on_remove_dialog_response_cb (AdwMessageDialog *dialog,
                              const char       *response,
                              VireoWindow      *self)
{
  VireoConnection *connection = g_object_get_data (G_OBJECT (dialog), "connection");

  /* Removing a connection that went away meanwhile does nothing. */
  if (g_strcmp0 (response, "remove") == 0)
    vireo_connection_manager_remove (self->manager, connection);
}

/**
 * vireo_window_remove_connection:
 * @self: a #VireoWindow
 * @connection: a connection of the window's manager
 *
 * Removes @connection from the list, after asking first when the setting
 * "confirm-remove-connection" is on (always, without settings). Only the list changes: nothing on
 * the host is touched. Must be called from the main thread.
 */
void
vireo_window_remove_connection (VireoWindow     *self,
                                VireoConnection *connection)
{
  GtkWidget *dialog;
  gboolean confirm = TRUE;

  g_return_if_fail (VIREO_IS_WINDOW (self));
  g_return_if_fail (VIREO_IS_CONNECTION (connection));

  if (self->settings != NULL)
    confirm = g_settings_get_boolean (self->settings, "confirm-remove-connection");

  if (!confirm)
    {
      vireo_connection_manager_remove (self->manager, connection);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Connection?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("'%s' will be removed from the list. Nothing on the host "
                                    "changes: its virtual machines, networks and storage stay "
                                    "as they are."),
                                  vireo_connection_get_label (connection));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "connection",
                          g_object_ref (connection), g_object_unref);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_remove_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * vireo_window_add_toast:
 * @self: a #VireoWindow
 * @toast: (transfer full): the toast to show
 *
 * Must be called from the main thread.
 */
void
vireo_window_add_toast (VireoWindow *self,
                        AdwToast    *toast)
{
  g_return_if_fail (VIREO_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
