/* vireo-domain-performance.h: a running VM's CPU, memory, disk and network graphs
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_PERFORMANCE (vireo_domain_performance_get_type ())

G_DECLARE_FINAL_TYPE (VireoDomainPerformance, vireo_domain_performance, VIREO, DOMAIN_PERFORMANCE,
                      AdwPreferencesGroup)

/* The VM's recent statistics (VireoDomain's histories), redrawn on each stats tick that changed
 * something; a VM that does not run shows no graphs. */
GtkWidget *vireo_domain_performance_new        (void);
void       vireo_domain_performance_set_domain (VireoDomainPerformance *self,
                                                VireoDomain            *domain);

G_END_DECLS
