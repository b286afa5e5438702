/* vireo-stats.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Live statistics: raw counters sampled by one virConnectGetAllDomainStats per connection per
 * tick, turned into rates here. Pure functions on plain data: no libvirt state, no clock.
 */

/* One domain's raw counters at one instant. Fields libvirt did not report are 0 with their
 * has_ flag FALSE. */
typedef struct
{
  char     uuid[37];         /* VIR_UUID_STRING_BUFLEN */
  gint64   timestamp_us;     /* monotonic time of the sample */
  int      state;            /* virDomainState */
  gboolean active;
  guint64  cpu_time_ns;      /* cpu.time */
  gboolean has_cpu_time;
  guint    vcpus;            /* vcpu.current (0: unknown) */
  guint64  balloon_current_kib;
  guint64  balloon_unused_kib;
  guint64  balloon_rss_kib;
  gboolean has_balloon_unused;
  guint64  block_rd_bytes;   /* sums over every disk */
  guint64  block_wr_bytes;
  guint64  net_rx_bytes;     /* sums over every interface */
  guint64  net_tx_bytes;
} VireoStatsSample;

/* What the list and graphs show, computed from two samples. */
typedef struct
{
  double   cpu_percent;      /* of the domain's vCPUs, 0–100 */
  guint64  memory_used_kib;
  double   disk_read_bps;
  double   disk_write_bps;
  double   net_rx_bps;
  double   net_tx_bps;
} VireoStatsRates;

/* @previous may be NULL (first sample). A stopped domain, a first sample, a counter that went
 * backwards (reset, e.g. after a restart) or a non-increasing timestamp give zero rates for the
 * affected counters, never negative or huge ones. Memory needs no previous sample. */
void     vireo_stats_compute_rates (const VireoStatsSample *previous,
                                    const VireoStatsSample *current,
                                    VireoStatsRates        *rates);

/* A fixed ring of the last @capacity values, for sparklines. */
typedef struct
{
  double *values;
  guint   capacity;
  guint   start;
  guint   length;
} VireoStatsRing;

void     vireo_stats_ring_init   (VireoStatsRing *ring,
                                  guint           capacity);
/* Frees the storage (capacity 0 until init again). */
void     vireo_stats_ring_clear  (VireoStatsRing *ring);
/* Empties the ring, keeping its capacity. */
void     vireo_stats_ring_reset  (VireoStatsRing *ring);
void     vireo_stats_ring_push   (VireoStatsRing *ring,
                                  double          value);
/* Copies the values, oldest first, into @out (capacity values at most); returns how many. */
guint    vireo_stats_ring_copy   (const VireoStatsRing *ring,
                                  double               *out);

G_END_DECLS
