/* vireo-sparkline.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_SPARKLINE (vireo_sparkline_get_type ())

G_DECLARE_FINAL_TYPE (VireoSparkline, vireo_sparkline, VIREO, SPARKLINE, GtkWidget)

/*
 * A small line graph of recent values, oldest first, drawn in the widget's CSS colour with a
 * translucent fill below. It redraws only when the values really change.
 */

GtkWidget *vireo_sparkline_new        (void);
/* @max <= 0 scales to the largest value shown. */
void       vireo_sparkline_set_values (VireoSparkline *self,
                                       const double   *values,
                                       guint           n_values,
                                       double          max);
const double *vireo_sparkline_get_values (VireoSparkline *self,
                                          guint          *n_values);
void       vireo_sparkline_clear      (VireoSparkline *self);

G_END_DECLS
