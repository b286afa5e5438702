/* vireo-connection-row.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-connection-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-connection-row.h"

struct _VireoConnectionRow
{
  GtkListBoxRow    parent_instance;

  /* Template widgets */
  GtkStack        *state_stack;
  GtkImage        *state_image;
  GtkSpinner      *spinner;
  GtkLabel        *title_label;
  GtkLabel        *demo_label;
  GtkLabel        *uri_label;
  GtkLabel        *error_label;
  GtkButton       *retry_button;
  GtkMenuButton   *menu_button;

  /* Owned */
  VireoConnection *connection;
};

G_DEFINE_FINAL_TYPE (VireoConnectionRow, vireo_connection_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CONNECTION,
  N_PROPS
};

enum {
  REMOVE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
vireo_connection_row_update_actions (VireoConnectionRow *self)
{
  VireoConnectionState state = vireo_connection_get_state (self->connection);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.connect",
                                 state == VIREO_CONNECTION_STATE_DISCONNECTED ||
                                 state == VIREO_CONNECTION_STATE_FAILED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.disconnect",
                                 state == VIREO_CONNECTION_STATE_CONNECTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.retry",
                                 state == VIREO_CONNECTION_STATE_FAILED);
}

/* Everything that depends on :state, in one place. */
static void
vireo_connection_row_update_state (VireoConnectionRow *self)
{
  VireoConnectionState state = vireo_connection_get_state (self->connection);
  const char *icon_name = "network-offline-symbolic";
  const char *description = _("Disconnected");
  const char *error_message = NULL;
  g_autofree char *accessible = NULL;

  switch (state)
    {
    case VIREO_CONNECTION_STATE_CONNECTING:
      description = _("Connecting");
      break;

    case VIREO_CONNECTION_STATE_CONNECTED:
      icon_name = "network-transmit-receive-symbolic";
      description = _("Connected");
      break;

    case VIREO_CONNECTION_STATE_FAILED:
      icon_name = "dialog-error-symbolic";
      description = _("Connection failed");
      error_message = vireo_connection_get_error_message (self->connection);
      break;

    case VIREO_CONNECTION_STATE_DISCONNECTED:
    default:
      break;
    }

  gtk_image_set_from_icon_name (self->state_image, icon_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_image), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);

  if (state == VIREO_CONNECTION_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_image), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_image), "error");

  if (state == VIREO_CONNECTION_STATE_CONNECTING)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->state_stack, "spinner");
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->state_stack, "icon");
    }

  if (error_message == NULL || *error_message == '\0')
    error_message = state == VIREO_CONNECTION_STATE_FAILED ? _("Could not connect.") : NULL;

  gtk_label_set_label (self->error_label, error_message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error_message != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          state == VIREO_CONNECTION_STATE_FAILED);

  /* Translators: accessible name of a connection row: "<connection name>, <state>" */
  accessible = g_strdup_printf (_("%s, %s"),
                                vireo_connection_get_label (self->connection),
                                description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  vireo_connection_row_update_actions (self);
}

static void
on_connection_notify_cb (VireoConnectionRow *self,
                         GParamSpec         *pspec,
                         VireoConnection    *connection)
{
  g_assert (VIREO_IS_CONNECTION_ROW (self));

  if (g_strcmp0 (pspec->name, "state") == 0 ||
      g_strcmp0 (pspec->name, "error-message") == 0 ||
      g_strcmp0 (pspec->name, "label") == 0)
    vireo_connection_row_update_state (self);
}

static void
row_connect_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VireoConnectionRow *self = VIREO_CONNECTION_ROW (widget);

  vireo_connection_connect (self->connection);
}

static void
row_disconnect_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  VireoConnectionRow *self = VIREO_CONNECTION_ROW (widget);

  vireo_connection_disconnect (self->connection);
}

static void
row_remove_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_signal_emit (widget, signals[REMOVE_REQUESTED], 0);
}

static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  VireoConnectionRow *self = VIREO_CONNECTION_ROW (widget);

  gtk_menu_button_popup (self->menu_button);
}

static void
on_secondary_click_pressed_cb (GtkGestureClick    *gesture,
                               int                 n_press,
                               double              x,
                               double              y,
                               VireoConnectionRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (self->menu_button);
}

static void
vireo_connection_row_set_connection (VireoConnectionRow *self,
                                     VireoConnection    *connection)
{
  g_assert (self->connection == NULL);
  g_assert (VIREO_IS_CONNECTION (connection));

  self->connection = g_object_ref (connection);

  /* Bindings die with the row's children; the handler is disconnected when the row goes away,
   * so a removed row never hears from its connection again. */
  g_object_bind_property (connection, "label", self->title_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (connection, "uri", self->uri_label, "label", G_BINDING_SYNC_CREATE);
  g_object_bind_property (connection, "uri", self->uri_label, "tooltip-text", G_BINDING_SYNC_CREATE);
  g_object_bind_property (connection, "is-demo", self->demo_label, "visible", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (connection, "notify",
                           G_CALLBACK (on_connection_notify_cb), self,
                           G_CONNECT_SWAPPED);

  vireo_connection_row_update_state (self);
}

static void
vireo_connection_row_dispose (GObject *object)
{
  VireoConnectionRow *self = (VireoConnectionRow *)object;

  if (self->connection != NULL)
    g_signal_handlers_disconnect_by_data (self->connection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CONNECTION_ROW);

  g_clear_object (&self->connection);

  G_OBJECT_CLASS (vireo_connection_row_parent_class)->dispose (object);
}

static void
vireo_connection_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  VireoConnectionRow *self = VIREO_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_row_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  VireoConnectionRow *self = VIREO_CONNECTION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      vireo_connection_row_set_connection (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_connection_row_class_init (VireoConnectionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_connection_row_dispose;
  object_class->get_property = vireo_connection_row_get_property;
  object_class->set_property = vireo_connection_row_set_property;

  /**
   * VireoConnectionRow:connection:
   *
   * The connection the row shows.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         VIREO_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoConnectionRow::remove-requested:
   *
   * The user asked to remove the row's connection. Emitted on the main thread.
   */
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/sidebar/vireo-connection-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, state_image);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, uri_label);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConnectionRow, menu_button);
  gtk_widget_class_bind_template_callback (widget_class, on_secondary_click_pressed_cb);

  gtk_widget_class_install_action (widget_class, "row.connect", NULL, row_connect_action);
  gtk_widget_class_install_action (widget_class, "row.disconnect", NULL, row_disconnect_action);
  gtk_widget_class_install_action (widget_class, "row.retry", NULL, row_connect_action);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, row_remove_action);
  gtk_widget_class_install_action (widget_class, "row.menu", NULL, row_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "row.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "row.menu", NULL);
}

static void
vireo_connection_row_init (VireoConnectionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vireo_connection_row_new:
 * @connection: the connection to show
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer floating): a new #VireoConnectionRow
 */
GtkWidget *
vireo_connection_row_new (VireoConnection *connection)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION (connection), NULL);

  return g_object_new (VIREO_TYPE_CONNECTION_ROW,
                       "connection", connection,
                       NULL);
}

/**
 * vireo_connection_row_get_connection:
 * @self: a #VireoConnectionRow
 *
 * Returns: (transfer none): the row's connection
 */
VireoConnection *
vireo_connection_row_get_connection (VireoConnectionRow *self)
{
  g_return_val_if_fail (VIREO_IS_CONNECTION_ROW (self), NULL);

  return self->connection;
}
