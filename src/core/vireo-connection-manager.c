/* vireo-connection-manager.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-connection-manager"

#include "config.h"

#include <unistd.h>

#include "vireo-connection-manager.h"
#include "vireo-core.h"

/*
 * The connections of the sidebar, as a GListModel, persisted in GSettings ("connections",
 * "autoconnect"). The demo connection (libvirt's test driver) is never saved.
 */

struct _VireoConnectionManager
{
  GObject    parent_instance;

  GSettings *settings;
  GPtrArray *connections;
  gboolean   loading;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VireoConnectionManager, vireo_connection_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  AUTH_REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return VIREO_TYPE_CONNECTION;
}

static guint
get_n_items (GListModel *model)
{
  return VIREO_CONNECTION_MANAGER (model)->connections->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VireoConnectionManager *self = VIREO_CONNECTION_MANAGER (model);

  if (position >= self->connections->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->connections, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
save (VireoConnectionManager *self)
{
  g_autoptr(GStrvBuilder) uris = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) autoconnect = g_strv_builder_new ();
  g_auto(GStrv) uri_list = NULL;
  g_auto(GStrv) autoconnect_list = NULL;

  if (self->settings == NULL || self->loading)
    return;

  for (guint i = 0; i < self->connections->len; i++)
    {
      VireoConnection *connection = g_ptr_array_index (self->connections, i);

      if (vireo_connection_get_is_demo (connection))
        continue;
      g_strv_builder_add (uris, vireo_connection_get_uri (connection));
      if (vireo_connection_get_autoconnect (connection))
        g_strv_builder_add (autoconnect, vireo_connection_get_uri (connection));
    }

  uri_list = g_strv_builder_end (uris);
  autoconnect_list = g_strv_builder_end (autoconnect);
  g_settings_delay (self->settings);
  g_settings_set_strv (self->settings, "connections", (const char * const *) uri_list);
  g_settings_set_strv (self->settings, "autoconnect", (const char * const *) autoconnect_list);
  g_settings_apply (self->settings);
}

static void
on_connection_auth_request (VireoConnection        *connection,
                            VireoAuthRequest       *request,
                            VireoConnectionManager *self)
{
  if (g_signal_has_handler_pending (self, signals[AUTH_REQUEST], 0, FALSE))
    g_signal_emit (self, signals[AUTH_REQUEST], 0, connection, request);
  else
    vireo_auth_request_cancel (request);
}

static void
on_connection_autoconnect_changed (VireoConnection        *connection,
                                   GParamSpec             *pspec,
                                   VireoConnectionManager *self)
{
  save (self);
}

static void
append (VireoConnectionManager *self,
        VireoConnection        *connection)
{
  g_signal_connect_object (connection, "auth-request",
                           G_CALLBACK (on_connection_auth_request), self, 0);
  g_signal_connect_object (connection, "notify::autoconnect",
                           G_CALLBACK (on_connection_autoconnect_changed), self, 0);
  /* The Preferences' statistics interval applies to every connection, at once. */
  if (self->settings != NULL)
    g_settings_bind (self->settings, "stats-interval", connection, "stats-interval", G_SETTINGS_BIND_GET);
  g_ptr_array_add (self->connections, g_object_ref (connection));
  g_list_model_items_changed (G_LIST_MODEL (self), self->connections->len - 1, 0, 1);
  save (self);
}

static void
load (VireoConnectionManager *self)
{
  g_auto(GStrv) uris = g_settings_get_strv (self->settings, "connections");
  g_auto(GStrv) autoconnect = g_settings_get_strv (self->settings, "autoconnect");

  self->loading = TRUE;
  for (guint i = 0; uris[i] != NULL; i++)
    vireo_connection_manager_add (self, uris[i], g_strv_contains ((const char * const *) autoconnect, uris[i]));
  self->loading = FALSE;
}

static void
vireo_connection_manager_dispose (GObject *object)
{
  VireoConnectionManager *self = (VireoConnectionManager *) object;

  g_ptr_array_set_size (self->connections, 0);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vireo_connection_manager_parent_class)->dispose (object);
}

static void
vireo_connection_manager_finalize (GObject *object)
{
  VireoConnectionManager *self = (VireoConnectionManager *) object;

  g_ptr_array_unref (self->connections);

  G_OBJECT_CLASS (vireo_connection_manager_parent_class)->finalize (object);
}

static void
vireo_connection_manager_class_init (VireoConnectionManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_connection_manager_dispose;
  object_class->finalize = vireo_connection_manager_finalize;

  /**
   * VireoConnectionManager::auth-request:
   * @self: the manager
   * @connection: the connection that asks
   * @request: the credentials libvirt asks for
   *
   * Forwarded from every connection of the manager. A request nobody handles is cancelled.
   */
  signals[AUTH_REQUEST] =
    g_signal_new ("auth-request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, VIREO_TYPE_CONNECTION, VIREO_TYPE_AUTH_REQUEST);
}

static void
vireo_connection_manager_init (VireoConnectionManager *self)
{
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * vireo_connection_manager_new:
 * @settings: (nullable): the app's settings, or %NULL to persist nothing
 *
 * Returns: (transfer full): a manager holding the saved connections
 */
VireoConnectionManager *
vireo_connection_manager_new (GSettings *settings)
{
  VireoConnectionManager *self = g_object_new (VIREO_TYPE_CONNECTION_MANAGER, NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      load (self);
    }

  return self;
}

/**
 * vireo_connection_manager_lookup:
 * @self: a #VireoConnectionManager
 * @uri: a libvirt URI
 *
 * Returns: (transfer none) (nullable): the connection for @uri
 */
VireoConnection *
vireo_connection_manager_lookup (VireoConnectionManager *self,
                                 const char             *uri)
{
  g_autoptr(VireoUri) parsed = NULL;

  g_return_val_if_fail (VIREO_IS_CONNECTION_MANAGER (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  parsed = vireo_uri_parse (uri, NULL);
  for (guint i = 0; i < self->connections->len; i++)
    {
      VireoConnection *connection = g_ptr_array_index (self->connections, i);
      const char *other = vireo_connection_get_uri (connection);
      g_autoptr(VireoUri) other_parsed = NULL;

      if (g_strcmp0 (other, uri) == 0)
        return connection;
      if (parsed != NULL && (other_parsed = vireo_uri_parse (other, NULL)) != NULL &&
          vireo_uri_equal (parsed, other_parsed))
        return connection;
    }

  return NULL;
}

/**
 * vireo_connection_manager_add:
 * @self: a #VireoConnectionManager
 * @uri: a libvirt URI
 * @autoconnect: whether to open it at start-up
 *
 * Adds a connection and saves the list. For a URI already present, sets its autoconnect flag.
 *
 * Returns: (transfer none): the connection for @uri
 */
VireoConnection *
vireo_connection_manager_add (VireoConnectionManager *self,
                              const char             *uri,
                              gboolean                autoconnect)
{
  VireoConnection *connection;
  g_autoptr(VireoConnection) created = NULL;

  g_return_val_if_fail (VIREO_IS_CONNECTION_MANAGER (self), NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  if ((connection = vireo_connection_manager_lookup (self, uri)) != NULL)
    {
      vireo_connection_set_autoconnect (connection, autoconnect);
      return connection;
    }

  created = vireo_connection_new (uri);
  vireo_connection_set_autoconnect (created, autoconnect);
  append (self, created);

  return created;
}

/**
 * vireo_connection_manager_open:
 * @self: a #VireoConnectionManager
 * @uri: a libvirt URI
 * @autoconnect: whether to open it at start-up
 *
 * Adds the connection as vireo_connection_manager_add() does and starts opening it unless it is
 * open or opening already.
 *
 * Returns: (transfer none): the connection for @uri
 */
VireoConnection *
vireo_connection_manager_open (VireoConnectionManager *self,
                               const char             *uri,
                               gboolean                autoconnect)
{
  VireoConnection *connection = vireo_connection_manager_add (self, uri, autoconnect);
  VireoConnectionState state;

  g_return_val_if_fail (connection != NULL, NULL);

  state = vireo_connection_get_state (connection);
  if (state == VIREO_CONNECTION_STATE_DISCONNECTED || state == VIREO_CONNECTION_STATE_FAILED)
    vireo_connection_connect (connection);

  return connection;
}

/**
 * vireo_connection_manager_add_demo:
 * @self: a #VireoConnectionManager
 *
 * Adds (once) the demo connection: libvirt's built-in test driver with fake VMs, never saved.
 *
 * Returns: (transfer none): the demo connection
 */
VireoConnection *
vireo_connection_manager_add_demo (VireoConnectionManager *self)
{
  VireoConnection *connection;
  g_autoptr(VireoConnection) created = NULL;

  g_return_val_if_fail (VIREO_IS_CONNECTION_MANAGER (self), NULL);

  if ((connection = vireo_connection_manager_lookup (self, VIREO_DEMO_URI)) != NULL)
    {
      vireo_connection_set_is_demo (connection, TRUE);
      return connection;
    }

  /* Labelled "Test driver" by its URI; the sidebar adds a "Demo" badge for is-demo. */
  created = g_object_new (VIREO_TYPE_CONNECTION,
                          "uri", VIREO_DEMO_URI,
                          "is-demo", TRUE,
                          NULL);
  append (self, created);

  return created;
}

/**
 * vireo_connection_manager_remove:
 * @self: a #VireoConnectionManager
 * @connection: one of its connections
 *
 * Closes @connection and forgets it. Nothing on the host changes.
 */
void
vireo_connection_manager_remove (VireoConnectionManager *self,
                                 VireoConnection        *connection)
{
  guint position;

  g_return_if_fail (VIREO_IS_CONNECTION_MANAGER (self));
  g_return_if_fail (VIREO_IS_CONNECTION (connection));

  if (!g_ptr_array_find (self->connections, connection, &position))
    return;

  vireo_connection_disconnect (connection);
  g_signal_handlers_disconnect_by_data (connection, self);
  if (self->settings != NULL)
    g_settings_unbind (connection, "stats-interval");
  g_ptr_array_remove_index (self->connections, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  save (self);
}

/**
 * vireo_connection_manager_autoconnect:
 * @self: a #VireoConnectionManager
 *
 * Opens every connection marked autoconnect that is not open yet.
 */
void
vireo_connection_manager_autoconnect (VireoConnectionManager *self)
{
  g_return_if_fail (VIREO_IS_CONNECTION_MANAGER (self));

  for (guint i = 0; i < self->connections->len; i++)
    {
      VireoConnection *connection = g_ptr_array_index (self->connections, i);
      VireoConnectionState state = vireo_connection_get_state (connection);

      if (vireo_connection_get_autoconnect (connection) &&
          (state == VIREO_CONNECTION_STATE_DISCONNECTED || state == VIREO_CONNECTION_STATE_FAILED))
        vireo_connection_connect (connection);
    }
}

/* First run */

typedef struct
{
  GPtrArray       *candidates;
  guint            next;
  VireoConnection *probe;
} FirstRun;

static void
first_run_free (FirstRun *data)
{
  g_ptr_array_unref (data->candidates);
  g_clear_object (&data->probe);
  g_free (data);
}

static void probe_next (GTask *task);

static void
on_probe_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VireoConnectionManager *self = g_task_get_source_object (task);
  VireoConnection *probe = VIREO_CONNECTION (source);
  g_autoptr(GError) error = NULL;

  if (vireo_connection_open_finish (probe, result, &error))
    {
      /* Keep the open connection itself: no second connect. */
      vireo_connection_set_autoconnect (probe, TRUE);
      append (self, probe);
      g_task_return_pointer (task, g_object_ref (probe), g_object_unref);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("First run: '%s' is not reachable: %s", vireo_connection_get_uri (probe), error->message);
  probe_next (g_steal_pointer (&task));
}

static void
probe_next (GTask *task)
{
  VireoConnectionManager *self = g_task_get_source_object (task);
  FirstRun *data = g_task_get_task_data (task);

  g_clear_object (&data->probe);

  if (data->next >= data->candidates->len)
    {
      VireoConnection *demo = vireo_connection_manager_add_demo (self);

      vireo_connection_connect (demo);
      g_task_return_pointer (task, g_object_ref (demo), g_object_unref);
      g_object_unref (task);
      return;
    }

  data->probe = vireo_connection_new (g_ptr_array_index (data->candidates, data->next++));
  vireo_connection_open_async (data->probe, g_task_get_cancellable (task), on_probe_opened, task);
}

/**
 * vireo_connection_manager_first_run_async:
 * @self: a #VireoConnectionManager
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * On the very first run (settings' "first-run-done" unset, and no saved connection), finds the
 * local hypervisor: qemu:///system, then (for a normal user) qemu:///session. The first that opens
 * is added, connected and marked autoconnect; when none does, the demo connection is added and
 * connected so a newcomer still sees a working app. Later runs do nothing.
 */
void
vireo_connection_manager_first_run_async (VireoConnectionManager *self,
                                          GCancellable           *cancellable,
                                          GAsyncReadyCallback     callback,
                                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  FirstRun *data;

  g_return_if_fail (VIREO_IS_CONNECTION_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_manager_first_run_async);

  if (self->settings == NULL || g_settings_get_boolean (self->settings, "first-run-done") ||
      self->connections->len > 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  g_settings_set_boolean (self->settings, "first-run-done", TRUE);

  data = g_new0 (FirstRun, 1);
  data->candidates = g_ptr_array_new ();
  g_ptr_array_add (data->candidates, (gpointer) "qemu:///system");
  /* root's session daemon is an oddity nobody expects; users get theirs. */
  if (getuid () != 0)
    g_ptr_array_add (data->candidates, (gpointer) "qemu:///session");
  g_task_set_task_data (task, data, (GDestroyNotify) first_run_free);

  probe_next (g_steal_pointer (&task));
}

/**
 * vireo_connection_manager_first_run_finish:
 * @self: a #VireoConnectionManager
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the connection added, or %NULL when this was not the first run
 */
VireoConnection *
vireo_connection_manager_first_run_finish (VireoConnectionManager  *self,
                                           GAsyncResult            *result,
                                           GError                 **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
