/* vireo-connection-sidebar.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-connection-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-connection-row.h"
#include "vireo-connection-sidebar.h"

struct _VireoConnectionSidebar
{
  GtkWidget               parent_instance;

  /* Template widgets */
  GtkStack               *stack;
  GtkListBox             *list_box;

  /* Owned */
  VireoConnectionManager *manager;
  VireoConnection        *selected_connection;
};

G_DEFINE_FINAL_TYPE (VireoConnectionSidebar, vireo_connection_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MANAGER,
  PROP_SELECTED_CONNECTION,
  N_PROPS
};

enum {
  CONNECTION_ACTIVATED,
  REMOVE_CONNECTION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_row_remove_requested_cb (VireoConnectionSidebar *self,
                            VireoConnectionRow     *row)
{
  g_signal_emit (self, signals[REMOVE_CONNECTION], 0, vireo_connection_row_get_connection (row));
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  VireoConnectionSidebar *self = user_data;
  GtkWidget *row = vireo_connection_row_new (VIREO_CONNECTION (item));

  g_signal_connect_object (row, "remove-requested",
                           G_CALLBACK (on_row_remove_requested_cb), self,
                           G_CONNECT_SWAPPED);

  return row;
}

static void
vireo_connection_sidebar_update_empty (VireoConnectionSidebar *self)
{
  guint n_items = 0;

  if (self->manager != NULL)
    n_items = g_list_model_get_n_items (G_LIST_MODEL (self->manager));

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
}

static void
on_items_changed_cb (VireoConnectionSidebar *self,
                     guint                   position,
                     guint                   removed,
                     guint                   added,
                     GListModel             *model)
{
  vireo_connection_sidebar_update_empty (self);
}

static void
vireo_connection_sidebar_set_selected_internal (VireoConnectionSidebar *self,
                                                VireoConnection        *connection)
{
  if (g_set_object (&self->selected_connection, connection))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CONNECTION]);
}

static void
on_list_box_row_selected_cb (VireoConnectionSidebar *self,
                             GtkListBoxRow          *row,
                             GtkListBox             *list_box)
{
  VireoConnection *connection = NULL;

  if (VIREO_IS_CONNECTION_ROW (row))
    connection = vireo_connection_row_get_connection (VIREO_CONNECTION_ROW (row));

  vireo_connection_sidebar_set_selected_internal (self, connection);
}

static void
on_list_box_row_activated_cb (VireoConnectionSidebar *self,
                              GtkListBoxRow          *row,
                              GtkListBox             *list_box)
{
  if (VIREO_IS_CONNECTION_ROW (row))
    g_signal_emit (self, signals[CONNECTION_ACTIVATED], 0,
                   vireo_connection_row_get_connection (VIREO_CONNECTION_ROW (row)));
}

static void
vireo_connection_sidebar_dispose (GObject *object)
{
  VireoConnectionSidebar *self = (VireoConnectionSidebar *)object;

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CONNECTION_SIDEBAR);

  g_clear_object (&self->manager);
  g_clear_object (&self->selected_connection);

  G_OBJECT_CLASS (vireo_connection_sidebar_parent_class)->dispose (object);
}

static void
vireo_connection_sidebar_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  VireoConnectionSidebar *self = VIREO_CONNECTION_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    case PROP_SELECTED_CONNECTION:
      g_value_set_object (value, self->selected_connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_sidebar_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  VireoConnectionSidebar *self = VIREO_CONNECTION_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      vireo_connection_sidebar_set_manager (self, g_value_get_object (value));
      break;

    case PROP_SELECTED_CONNECTION:
      vireo_connection_sidebar_set_selected_connection (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_sidebar_class_init (VireoConnectionSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_connection_sidebar_dispose;
  object_class->get_property = vireo_connection_sidebar_get_property;
  object_class->set_property = vireo_connection_sidebar_set_property;

  /**
   * VireoConnectionSidebar:manager:
   *
   * The connections to list.
   */
  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL,
                         VIREO_TYPE_CONNECTION_MANAGER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoConnectionSidebar:selected-connection:
   *
   * The connection whose row is selected, or %NULL.
   */
  properties[PROP_SELECTED_CONNECTION] =
    g_param_spec_object ("selected-connection", NULL, NULL,
                         VIREO_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoConnectionSidebar::connection-activated:
   * @self: the sidebar
   * @connection: the activated connection
   *
   * A row was activated (clicked, or Enter pressed). Emitted on the main thread.
   */
  signals[CONNECTION_ACTIVATED] =
    g_signal_new ("connection-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIREO_TYPE_CONNECTION);

  /**
   * VireoConnectionSidebar::remove-connection:
   * @self: the sidebar
   * @connection: the connection to remove
   *
   * The user asked to remove @connection from a row's menu. Emitted on the main thread.
   */
  signals[REMOVE_CONNECTION] =
    g_signal_new ("remove-connection",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIREO_TYPE_CONNECTION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/sidebar/vireo-connection-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionSidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_box_row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vireo-connection-sidebar");
}

static void
vireo_connection_sidebar_init (VireoConnectionSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  vireo_connection_sidebar_update_empty (self);
}

/**
 * vireo_connection_sidebar_new:
 * @manager: (nullable): the connections to list
 *
 * Returns: (transfer floating): a new #VireoConnectionSidebar
 */
GtkWidget *
vireo_connection_sidebar_new (VireoConnectionManager *manager)
{
  g_return_val_if_fail (!manager || VIREO_IS_CONNECTION_MANAGER (manager), NULL);

  return g_object_new (VIREO_TYPE_CONNECTION_SIDEBAR,
                       "manager", manager,
                       NULL);
}

/**
 * vireo_connection_sidebar_get_manager:
 * @self: a #VireoConnectionSidebar
 *
 * Returns: (transfer none) (nullable): the manager
 */
VireoConnectionManager *
vireo_connection_sidebar_get_manager (VireoConnectionSidebar *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION_SIDEBAR (self), NULL);

  return self->manager;
}

/**
 * vireo_connection_sidebar_set_manager:
 * @self: a #VireoConnectionSidebar
 * @manager: (nullable): the connections to list
 *
 * Must be called from the main thread.
 */
void
vireo_connection_sidebar_set_manager (VireoConnectionSidebar *self,
                                      VireoConnectionManager *manager)
{
  g_return_if_fail (VIREO_IS_CONNECTION_SIDEBAR (self));
  g_return_if_fail (!manager || VIREO_IS_CONNECTION_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);

  g_set_object (&self->manager, manager);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (manager),
                           create_row_cb, self, NULL);

  if (manager != NULL)
    g_signal_connect_object (manager, "items-changed",
                             G_CALLBACK (on_items_changed_cb), self,
                             G_CONNECT_SWAPPED);

  vireo_connection_sidebar_update_empty (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}

/**
 * vireo_connection_sidebar_get_selected_connection:
 * @self: a #VireoConnectionSidebar
 *
 * Returns: (transfer none) (nullable): the selected connection
 */
VireoConnection *
vireo_connection_sidebar_get_selected_connection (VireoConnectionSidebar *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION_SIDEBAR (self), NULL);

  return self->selected_connection;
}

/**
 * vireo_connection_sidebar_get_row:
 * @self: a #VireoConnectionSidebar
 * @connection: a connection of the manager
 *
 * Returns: (transfer none) (nullable): the #VireoConnectionRow showing @connection
 */
GtkWidget *
vireo_connection_sidebar_get_row (VireoConnectionSidebar *self,
                                  VireoConnection        *connection)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION_SIDEBAR (self), NULL);
  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (VIREO_IS_CONNECTION_ROW (child) &&
          vireo_connection_row_get_connection (VIREO_CONNECTION_ROW (child)) == connection)
        return child;
    }

  return NULL;
}

/**
 * vireo_connection_sidebar_set_selected_connection:
 * @self: a #VireoConnectionSidebar
 * @connection: (nullable): the connection to select, or %NULL to clear the selection
 *
 * Must be called from the main thread.
 */
void
vireo_connection_sidebar_set_selected_connection (VireoConnectionSidebar *self,
                                                  VireoConnection        *connection)
{
  GtkWidget *row = NULL;

  g_return_if_fail (VIREO_IS_CONNECTION_SIDEBAR (self));
  g_return_if_fail (!connection || VIREO_IS_CONNECTION (connection));

  if (connection != NULL)
    row = vireo_connection_sidebar_get_row (self, connection);

  if (row != NULL)
    gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
  else
    gtk_list_box_unselect_all (self->list_box);
}
