/* vireo-stats-libvirt.h: reading VireoStatsSample from libvirt (core-internal)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>

#include "vireo-stats.h"

G_BEGIN_DECLS

/* The stats groups Vireo asks virConnectGetAllDomainStats for. */
#define VIREO_STATS_GROUPS (VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | \
                            VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_VCPU | \
                            VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK)

/* Fills @sample from one record (any thread; no libvirt call besides reading the record). */
void       vireo_stats_sample_from_record (virDomainStatsRecordPtr  record,
                                           gint64                   timestamp_us,
                                           VireoStatsSample        *sample);

/* Worker thread: one virConnectGetAllDomainStats for every domain of @conn. Returns an array of
 * VireoStatsSample (possibly empty), or NULL with @error set. */
GArray    *vireo_stats_sample_all         (virConnectPtr            conn,
                                           GError                 **error);

G_END_DECLS
