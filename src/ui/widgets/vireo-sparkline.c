/* vireo-sparkline.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-sparkline"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-sparkline-private.h"

#define LINE_WIDTH 1.5
#define FILL_ALPHA 0.25

struct _VireoSparkline
{
  GtkWidget  parent_instance;

  /* Owned */
  double    *values;
  guint      n_values;
  double     max;
  guint      capacity;

  /* Test hooks */
  guint      invalidate_count;
  guint      snapshot_count;
};

G_DEFINE_FINAL_TYPE (VireoSparkline, vireo_sparkline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAPACITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vireo_sparkline_invalidate (VireoSparkline *self)
{
  self->invalidate_count++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
vireo_sparkline_update_accessible (VireoSparkline *self)
{
  g_autofree char *label = NULL;

  if (self->n_values == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  /* Translators: what a screen reader says for a small history graph */
  label = g_strdup_printf (_("Latest value: %.1f"), self->values[self->n_values - 1]);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static double
vireo_sparkline_scale (VireoSparkline *self)
{
  double max = self->max;

  if (max > 0)
    return max;

  for (guint i = 0; i < self->n_values; i++)
    max = MAX (max, self->values[i]);

  return max > 0 ? max : 1.0;
}

static void
vireo_sparkline_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  VireoSparkline *self = VIREO_SPARKLINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint slots = MAX (self->capacity, self->n_values);
  double scale;
  double step;
  double x0;
  double usable;
  GdkRGBA color;
  cairo_t *cr;

  self->snapshot_count++;

  if (self->n_values < 2 || width <= 0 || height <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  scale = vireo_sparkline_scale (self);
  step = (double) width / (double) (slots - 1);
  /* The newest value sits at the right edge; a short history grows from there. */
  x0 = width - step * (self->n_values - 1);
  usable = height - LINE_WIDTH;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i < self->n_values; i++)
    {
      double v = CLAMP (self->values[i], 0.0, scale);
      double x = x0 + step * i;
      double y = height - LINE_WIDTH / 2 - usable * v / scale;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }

  cairo_set_line_width (cr, LINE_WIDTH);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_stroke_preserve (cr);

  cairo_line_to (cr, width, height);
  cairo_line_to (cr, x0, height);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * FILL_ALPHA);
  cairo_fill (cr);

  cairo_destroy (cr);
}

static void
vireo_sparkline_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  /* CSS min-width/min-height add to these. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 16;
      *natural = 48;
    }
  else
    {
      *minimum = 8;
      *natural = 16;
    }
}

static void
vireo_sparkline_finalize (GObject *object)
{
  VireoSparkline *self = (VireoSparkline *)object;

  g_clear_pointer (&self->values, g_free);

  G_OBJECT_CLASS (vireo_sparkline_parent_class)->finalize (object);
}

static void
vireo_sparkline_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VireoSparkline *self = VIREO_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_sparkline_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VireoSparkline *self = VIREO_SPARKLINE (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      if (self->capacity != g_value_get_uint (value))
        {
          self->capacity = g_value_get_uint (value);
          vireo_sparkline_invalidate (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_sparkline_class_init (VireoSparklineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = vireo_sparkline_finalize;
  object_class->get_property = vireo_sparkline_get_property;
  object_class->set_property = vireo_sparkline_set_property;

  widget_class->snapshot = vireo_sparkline_snapshot;
  widget_class->measure = vireo_sparkline_measure;

  /**
   * VireoSparkline:capacity:
   *
   * How many values the width holds; a shorter history is drawn from the right edge. 0: the
   * values always span the whole width.
   */
  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL,
                       0, 10000, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
vireo_sparkline_init (VireoSparkline *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "vireo-sparkline");
}

/**
 * vireo_sparkline_new:
 *
 * Returns: (transfer floating): a new, empty #VireoSparkline
 */
GtkWidget *
vireo_sparkline_new (void)
{
  return g_object_new (VIREO_TYPE_SPARKLINE, NULL);
}

/**
 * vireo_sparkline_set_values:
 * @self: a #VireoSparkline
 * @values: (array length=n_values) (nullable): the values, oldest first
 * @n_values: how many
 * @max: the value at the top edge, or <= 0 to scale to the largest value
 *
 * Shows @values. Nothing is redrawn when they are the ones shown already, so calling this on
 * every stats tick costs nothing on screen when nothing changed. Must be called from the main
 * thread.
 */
void
vireo_sparkline_set_values (VireoSparkline *self,
                            const double   *values,
                            guint           n_values,
                            double          max)
{
  g_return_if_fail (VIREO_IS_SPARKLINE (self));
  g_return_if_fail (values != NULL || n_values == 0);

  if (n_values == self->n_values &&
      max == self->max &&
      (n_values == 0 || memcmp (values, self->values, n_values * sizeof (double)) == 0))
    return;

  if (n_values != self->n_values)
    {
      g_free (self->values);
      self->values = n_values > 0 ? g_new (double, n_values) : NULL;
      self->n_values = n_values;
    }
  if (n_values > 0)
    memcpy (self->values, values, n_values * sizeof (double));
  self->max = max;

  vireo_sparkline_update_accessible (self);
  vireo_sparkline_invalidate (self);
}

/**
 * vireo_sparkline_get_values:
 * @self: a #VireoSparkline
 * @n_values: (out): how many values are shown
 *
 * Returns: (transfer none) (array length=n_values) (nullable): the values shown
 */
const double *
vireo_sparkline_get_values (VireoSparkline *self,
                            guint          *n_values)
{
  g_return_val_if_fail (VIREO_IS_SPARKLINE (self), NULL);
  g_return_val_if_fail (n_values != NULL, NULL);

  *n_values = self->n_values;

  return self->values;
}

/**
 * vireo_sparkline_clear:
 * @self: a #VireoSparkline
 *
 * Shows nothing. Must be called from the main thread.
 */
void
vireo_sparkline_clear (VireoSparkline *self)
{
  g_return_if_fail (VIREO_IS_SPARKLINE (self));

  vireo_sparkline_set_values (self, NULL, 0, self->max);
}

guint
_vireo_sparkline_get_invalidate_count (VireoSparkline *self)
{
  g_return_val_if_fail (VIREO_IS_SPARKLINE (self), 0);

  return self->invalidate_count;
}

guint
_vireo_sparkline_get_snapshot_count (VireoSparkline *self)
{
  g_return_val_if_fail (VIREO_IS_SPARKLINE (self), 0);

  return self->snapshot_count;
}
