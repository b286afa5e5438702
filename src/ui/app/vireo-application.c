/* vireo-application.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-application.h"
#include "vireo-bench-hook.h"
#include "vireo-askpass.h"
#include "vireo-auth-dialog.h"
#include "vireo-preferences-window.h"
#include "vireo-uri.h"
#include "vireo-window.h"

struct _VireoApplication
{
  AdwApplication          parent_instance;

  /* Owned */
  GSettings              *settings;
  VireoConnectionManager *manager;
  VireoAskpassServer     *askpass;
  GCancellable           *cancellable;

  guint                   started_connections : 1;
};

G_DEFINE_FINAL_TYPE (VireoApplication, vireo_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the connection to URI, adding it when it is new"), N_("URI") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the demo connection (libvirt’s test driver)"), NULL },
  { "show-console", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the console of the virtual machine NAME (with --connect or --demo)"), N_("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

static VireoWindow *
vireo_application_ensure_window (VireoApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *window;

  if (VIREO_IS_WINDOW (active))
    return VIREO_WINDOW (active);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (VIREO_IS_WINDOW (l->data))
        return VIREO_WINDOW (l->data);
    }

  window = vireo_window_new (self, self->manager);
  vireo_bench_hook_install (VIREO_WINDOW (window));

  return VIREO_WINDOW (window);
}

static void
vireo_application_present_auth (VireoApplication *self,
                                VireoAuthRequest *request)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  if (vireo_auth_request_is_finished (request))
    return;

  if (parent == NULL)
    {
      parent = GTK_WINDOW (vireo_application_ensure_window (self));
      gtk_window_present (parent);
    }

  dialog = vireo_auth_dialog_new (parent, request);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_manager_auth_request_cb (VireoApplication       *self,
                            VireoConnection        *connection,
                            VireoAuthRequest       *request,
                            VireoConnectionManager *manager)
{
  vireo_application_present_auth (self, request);
}

static void
on_askpass_request_cb (VireoApplication   *self,
                       VireoAuthRequest   *request,
                       VireoAskpassServer *server)
{
  vireo_application_present_auth (self, request);
}

static void
first_run_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VireoConnectionManager *manager = VIREO_CONNECTION_MANAGER (object);
  g_autoptr(VireoApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoConnection) added = NULL;

  added = vireo_connection_manager_first_run_finish (manager, result, &error);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("First run: %s", error->message);
    }

  vireo_connection_manager_autoconnect (manager);
}

/* The usual start: on the very first run, find a hypervisor (or the demo); then open the saved
 * connections marked autoconnect. Once per process. */
static void
vireo_application_start_connections (VireoApplication *self)
{
  if (self->started_connections)
    return;

  self->started_connections = TRUE;

  vireo_connection_manager_first_run_async (self->manager,
                                            self->cancellable,
                                            first_run_cb,
                                            g_object_ref (self));
}

/* --show-console: once the connection has listed its VMs, open the one named. */
typedef struct
{
  GWeakRef         window;
  VireoConnection *connection;
  char            *name;
} ShowConsole;

static void
show_console_free (ShowConsole *show)
{
  g_weak_ref_clear (&show->window);
  g_clear_object (&show->connection);
  g_free (show->name);
  g_free (show);
}

static void
on_show_console_connection_notify_cb (VireoConnection *connection,
                                      GParamSpec      *pspec,
                                      ShowConsole     *show)
{
  g_autoptr(VireoWindow) window = g_weak_ref_get (&show->window);
  VireoDomain *domain;
  g_autofree char *message = NULL;

  if (window != NULL && vireo_connection_get_domains_loaded (connection))
    {
      if ((domain = vireo_connection_lookup_domain_by_name (connection, show->name)) != NULL)
        vireo_window_show_domain (window, domain);
      else
        message = g_strdup_printf (_("There is no virtual machine named '%s' on '%s'."),
                                   show->name, vireo_connection_get_label (connection));
    }
  else if (window != NULL && vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_FAILED)
    return;

  /* Done (shown, missing, or the connection failed: the window says why): once only. */
  if (message != NULL)
    vireo_window_add_toast (window, adw_toast_new (message));
  g_signal_handlers_disconnect_by_func (connection, on_show_console_connection_notify_cb, show);
}

static void
vireo_application_show_console_when_listed (VireoApplication *self,
                                            VireoWindow      *window,
                                            VireoConnection  *connection,
                                            const char       *name)
{
  ShowConsole *show = g_new0 (ShowConsole, 1);

  g_weak_ref_init (&show->window, window);
  show->connection = g_object_ref (connection);
  show->name = g_strdup (name);

  g_signal_connect_data (connection, "notify::domains-loaded",
                         G_CALLBACK (on_show_console_connection_notify_cb), show,
                         (GClosureNotify) (void (*) (void)) show_console_free, 0);
  g_signal_connect (connection, "notify::state", G_CALLBACK (on_show_console_connection_notify_cb), show);
  on_show_console_connection_notify_cb (connection, NULL, show);
}

static gint
vireo_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  const char *uri = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("vireo %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "show-console") &&
      !g_variant_dict_contains (options, "connect") && !g_variant_dict_contains (options, "demo"))
    {
      g_printerr ("vireo: %s\n", _("--show-console needs --connect URI or --demo"));
      return 1;
    }

  /* Refuse a bad URI here, in the invoking process, before any window shows up. */
  if (g_variant_dict_lookup (options, "connect", "&s", &uri))
    {
      g_autoptr(VireoUri) parsed = NULL;
      g_autoptr(GError) error = NULL;

      if (!(parsed = vireo_uri_parse (uri, &error)))
        {
          g_printerr ("vireo: %s\n", error->message);
          return 1;
        }
    }

  return G_APPLICATION_CLASS (vireo_application_parent_class)->handle_local_options (app, options);
}

static int
vireo_application_command_line (GApplication            *app,
                                GApplicationCommandLine *command_line)
{
  VireoApplication *self = VIREO_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  VireoConnection *demo_connection = NULL;
  VireoWindow *window;
  const char *uri = NULL;
  const char *console_name = NULL;
  gboolean demo = g_variant_dict_contains (options, "demo");
  gboolean autoconnect = TRUE;

  /* Connections first: opening one keeps a worker thread busy for a while (a daemon answering,
   * the test driver parsing its whole host) while this thread builds the window. */
  if (g_variant_dict_lookup (options, "connect", "&s", &uri))
    {
      VireoConnection *known = vireo_connection_manager_lookup (self->manager, uri);

      autoconnect = known ? vireo_connection_get_autoconnect (known) : TRUE;
      vireo_connection_manager_open (self->manager, uri, autoconnect);
    }

  if (demo)
    {
      VireoConnectionState state;

      demo_connection = vireo_connection_manager_add_demo (self->manager);
      state = vireo_connection_get_state (demo_connection);
      if (state == VIREO_CONNECTION_STATE_DISCONNECTED || state == VIREO_CONNECTION_STATE_FAILED)
        vireo_connection_connect (demo_connection);
    }

  if (uri == NULL && !demo)
    vireo_application_start_connections (self);
  else
    /* The saved connections marked autoconnect open as usual beside the one asked for. */
    vireo_connection_manager_autoconnect (self->manager);

  window = vireo_application_ensure_window (self);
  if (uri != NULL)
    vireo_window_add_connection (window, uri, autoconnect);
  else if (demo_connection != NULL)
    vireo_window_select_connection (window, demo_connection);

  if (g_variant_dict_lookup (options, "show-console", "&s", &console_name))
    vireo_application_show_console_when_listed (self, window,
                                                uri ? vireo_connection_manager_lookup (self->manager, uri)
                                                    : demo_connection,
                                                console_name);

  gtk_window_present (GTK_WINDOW (window));

  return 0;
}

static void
vireo_application_activate (GApplication *app)
{
  VireoApplication *self = VIREO_APPLICATION (app);
  VireoWindow *window;

  /* As in command_line: start opening before building the window. */
  vireo_application_start_connections (self);
  window = vireo_application_ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
}

static void
app_quit_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  VireoApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (rather than destroying) lets each window save its state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_application_quit (G_APPLICATION (self));
}

static void
app_about_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  VireoApplication *self = user_data;
  static const char *developers[] = { "The Vireo authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", "Vireo",
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", developers[0],
                        "developers", developers,
                        "copyright", "© 2026 The Vireo authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/vireo-vm/vireo",
                        "issue-url", "https://github.com/vireo-vm/vireo/issues",
                        /* Translators: your names, one per line, to be credited in the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
app_preferences_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  VireoApplication *self = user_data;
  GtkWindow *parent = GTK_WINDOW (vireo_application_ensure_window (self));
  GtkWidget *preferences;

  preferences = vireo_preferences_window_new (parent, self->settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
app_new_connection_action (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       user_data)
{
  VireoApplication *self = user_data;
  VireoWindow *window = vireo_application_ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  vireo_window_show_add_connection (window);
}

static const GActionEntry app_actions[] = {
  { "quit", app_quit_action },
  { "about", app_about_action },
  { "preferences", app_preferences_action },
  { "new-connection", app_new_connection_action },
};

static void
vireo_application_startup (GApplication *app)
{
  VireoApplication *self = VIREO_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *new_connection_accels[] = { "<Control>n", NULL };

  /* AdwApplication also loads RESOURCE_PREFIX/style.css, the app's small stylesheet. */
  G_APPLICATION_CLASS (vireo_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  self->manager = vireo_connection_manager_new (self->settings);
  g_signal_connect_object (self->manager, "auth-request",
                           G_CALLBACK (on_manager_auth_request_cb), self,
                           G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-connection", new_connection_accels);
}

static void
vireo_application_shutdown (GApplication *app)
{
  VireoApplication *self = VIREO_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);

  G_APPLICATION_CLASS (vireo_application_parent_class)->shutdown (app);
}

static void
vireo_application_dispose (GObject *object)
{
  VireoApplication *self = (VireoApplication *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->askpass != NULL)
    g_signal_handlers_disconnect_by_data (self->askpass, self);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);

  g_clear_object (&self->askpass);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_application_parent_class)->dispose (object);
}

static void
vireo_application_class_init (VireoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = vireo_application_dispose;

  app_class->handle_local_options = vireo_application_handle_local_options;
  app_class->command_line = vireo_application_command_line;
  app_class->activate = vireo_application_activate;
  app_class->startup = vireo_application_startup;
  app_class->shutdown = vireo_application_shutdown;
}

static void
vireo_application_init (VireoApplication *self)
{
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Manage the virtual machines of local and remote libvirt hosts."));
}

/**
 * vireo_application_new:
 *
 * Creates the application and starts the askpass server, so that ssh children can ask their
 * questions through Vireo. Call before any thread is started.
 *
 * Returns: (transfer full): a new #VireoApplication
 */
VireoApplication *
vireo_application_new (void)
{
  VireoApplication *self;
  g_autofree char *program = NULL;
  g_autoptr(GError) error = NULL;

  self = g_object_new (VIREO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);

  program = g_file_read_link ("/proc/self/exe", &error);
  if (program != NULL)
    self->askpass = vireo_askpass_server_new (program, &error);

  if (self->askpass != NULL)
    g_signal_connect_object (self->askpass, "request",
                             G_CALLBACK (on_askpass_request_cb), self,
                             G_CONNECT_SWAPPED);
  else
    g_warning ("SSH password and host key prompts will not reach Vireo: %s",
               error ? error->message : "unknown error");

  return self;
}

/**
 * vireo_application_get_settings:
 * @self: a #VireoApplication
 *
 * Returns: (transfer none) (nullable): the app's settings, once started up
 */
GSettings *
vireo_application_get_settings (VireoApplication *self)
{
  g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * vireo_application_get_manager:
 * @self: a #VireoApplication
 *
 * Returns: (transfer none) (nullable): the connection manager, once started up
 */
VireoConnectionManager *
vireo_application_get_manager (VireoApplication *self)
{
  g_return_val_if_fail (VIREO_IS_APPLICATION (self), NULL);

  return self->manager;
}
