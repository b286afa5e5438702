/* vireo-preferences-window.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-preferences-window.h"

struct _VireoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *stats_interval_spin;
  GtkSwitch            *confirm_force_off_switch;
  GtkSwitch            *confirm_delete_switch;
  GtkSwitch            *confirm_remove_connection_switch;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (VireoPreferencesWindow, vireo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GSettings maps a "u" key to a guint property but not to GtkAdjustment's double :value. */
static gboolean
uint_to_double_get_mapping (GValue   *value,
                            GVariant *variant,
                            gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
double_to_uint_set_mapping (const GValue       *value,
                            const GVariantType *expected_type,
                            gpointer            user_data)
{
  double d = g_value_get_double (value);

  if (d < 0)
    d = 0;

  return g_variant_new_uint32 ((guint32)(d + 0.5));
}

static void
vireo_preferences_window_constructed (GObject *object)
{
  VireoPreferencesWindow *self = (VireoPreferencesWindow *)object;

  G_OBJECT_CLASS (vireo_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  g_settings_bind_with_mapping (self->settings, "stats-interval",
                                gtk_spin_button_get_adjustment (self->stats_interval_spin), "value",
                                G_SETTINGS_BIND_DEFAULT,
                                uint_to_double_get_mapping,
                                double_to_uint_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "confirm-force-off",
                   self->confirm_force_off_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "confirm-delete",
                   self->confirm_delete_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "confirm-remove-connection",
                   self->confirm_remove_connection_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
vireo_preferences_window_dispose (GObject *object)
{
  VireoPreferencesWindow *self = (VireoPreferencesWindow *)object;

  /* libadwaita 1.2's AdwPreferencesWindow never frees its rows; unbind them, so that they neither
   * keep the settings alive nor go on writing to them. */
  if (self->stats_interval_spin != NULL)
    {
      GtkWidget *switches[] = {
        GTK_WIDGET (self->confirm_force_off_switch),
        GTK_WIDGET (self->confirm_delete_switch),
        GTK_WIDGET (self->confirm_remove_connection_switch),
      };

      g_settings_unbind (gtk_spin_button_get_adjustment (self->stats_interval_spin), "value");
      for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
        {
          g_settings_unbind (switches[i], "active");
          /* G_SETTINGS_BIND_DEFAULT also binds :sensitive to the key's writability. */
          g_settings_unbind (switches[i], "sensitive");
        }
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vireo_preferences_window_parent_class)->dispose (object);
}

static void
vireo_preferences_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  VireoPreferencesWindow *self = VIREO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_preferences_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  VireoPreferencesWindow *self = VIREO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_preferences_window_class_init (VireoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_preferences_window_constructed;
  object_class->dispose = vireo_preferences_window_dispose;
  object_class->get_property = vireo_preferences_window_get_property;
  object_class->set_property = vireo_preferences_window_set_property;

  /**
   * VireoPreferencesWindow:settings:
   *
   * The settings the window edits.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/prefs/vireo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, stats_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, confirm_force_off_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, confirm_delete_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoPreferencesWindow, confirm_remove_connection_switch);
}

static void
vireo_preferences_window_init (VireoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vireo_preferences_window_new:
 * @parent: (nullable): the window to be transient for
 * @settings: the app's settings
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer floating): a new #VireoPreferencesWindow
 */
GtkWidget *
vireo_preferences_window_new (GtkWindow *parent,
                              GSettings *settings)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (VIREO_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "settings", settings,
                       NULL);
}

/**
 * vireo_preferences_window_get_settings:
 * @self: a #VireoPreferencesWindow
 *
 * Returns: (transfer none): the settings the window edits
 */
GSettings *
vireo_preferences_window_get_settings (VireoPreferencesWindow *self)
{
  g_return_val_if_fail (VIREO_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}
