/* vireo-domain-performance.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-performance"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-domain-format.h"
#include "vireo-domain-performance.h"
#include "vireo-sparkline.h"

struct _VireoDomainPerformance
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  AdwActionRow        *cpu_row;
  AdwActionRow        *memory_row;
  AdwActionRow        *disk_row;
  AdwActionRow        *network_row;
  VireoSparkline      *cpu_graph;
  VireoSparkline      *memory_graph;
  VireoSparkline      *disk_graph;
  VireoSparkline      *network_graph;

  /* Owned */
  VireoDomain         *domain;
  GSignalGroup        *domain_signals;
};

G_DEFINE_FINAL_TYPE (VireoDomainPerformance, vireo_domain_performance, ADW_TYPE_PREFERENCES_GROUP)

typedef const double *(*HistoryFunc) (VireoDomain *domain,
                                      guint       *n_values);

static void
set_graph (VireoSparkline *graph,
           VireoDomain    *domain,
           HistoryFunc     history,
           double          max)
{
  guint n_values = 0;
  const double *values = history (domain, &n_values);

  vireo_sparkline_set_values (graph, values, n_values, max);
}

static void
update (VireoDomainPerformance *self)
{
  gboolean active = self->domain != NULL && vireo_domain_get_is_active (self->domain);
  g_autofree char *cpu = NULL;
  g_autofree char *memory = NULL;
  g_autofree char *disk = NULL;
  g_autofree char *network = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), active);
  if (!active)
    return;

  /* Translators: CPU usage in percent, e.g. "12 %" */
  cpu = g_strdup_printf (_("%d %%"), (int) (vireo_domain_get_cpu_usage (self->domain) + 0.5));
  memory = vireo_format_memory_usage (self->domain);
  disk = vireo_format_disk_rates (self->domain);
  network = vireo_format_network_rates (self->domain);
  adw_action_row_set_subtitle (self->cpu_row, cpu);
  adw_action_row_set_subtitle (self->memory_row, memory);
  adw_action_row_set_subtitle (self->disk_row, disk);
  adw_action_row_set_subtitle (self->network_row, network);

  set_graph (self->cpu_graph, self->domain, vireo_domain_get_cpu_history, 100.0);
  set_graph (self->memory_graph, self->domain, vireo_domain_get_memory_history,
             (double) vireo_domain_get_memory_kib (self->domain));
  set_graph (self->disk_graph, self->domain, vireo_domain_get_disk_history, 0);
  set_graph (self->network_graph, self->domain, vireo_domain_get_net_history, 0);
}

static void
vireo_domain_performance_dispose (GObject *object)
{
  VireoDomainPerformance *self = (VireoDomainPerformance *)object;

  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->domain);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DOMAIN_PERFORMANCE);

  G_OBJECT_CLASS (vireo_domain_performance_parent_class)->dispose (object);
}

static void
vireo_domain_performance_class_init (VireoDomainPerformanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_domain_performance_dispose;

  g_type_ensure (VIREO_TYPE_SPARKLINE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-domain-performance.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, cpu_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, memory_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, disk_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, network_row);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, cpu_graph);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, memory_graph);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, disk_graph);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPerformance, network_graph);
}

static void
vireo_domain_performance_init (VireoDomainPerformance *self)
{
  VireoSparkline *graphs[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  graphs[0] = self->cpu_graph;
  graphs[1] = self->memory_graph;
  graphs[2] = self->disk_graph;
  graphs[3] = self->network_graph;
  for (guint i = 0; i < G_N_ELEMENTS (graphs); i++)
    g_object_set (graphs[i], "capacity", VIREO_DOMAIN_HISTORY_LENGTH, NULL);

  /* Stats ticks that changed something, and starts and stops. */
  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::stats-serial", G_CALLBACK (update), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::is-active", G_CALLBACK (update), self,
                                 G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
vireo_domain_performance_new (void)
{
  return g_object_new (VIREO_TYPE_DOMAIN_PERFORMANCE, NULL);
}

void
vireo_domain_performance_set_domain (VireoDomainPerformance *self,
                                     VireoDomain            *domain)
{
  g_return_if_fail (VIREO_IS_DOMAIN_PERFORMANCE (self));
  g_return_if_fail (!domain || VIREO_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;
  /* Unbound while the old VM is surely alive: this may hold its last reference. */
  g_signal_group_set_target (self->domain_signals, domain);
  g_set_object (&self->domain, domain);
  update (self);
}
