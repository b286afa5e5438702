/* vireo-stats.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-stats"

#include "config.h"

#include <string.h>

#include "vireo-stats.h"

/* Bytes per second from two readings of a monotonic counter. A counter that went backwards was
 * reset (the domain restarted, a disk or interface was unplugged): its rate is unknown for this
 * interval, so 0 rather than a negative or wrapped-around value. */
static double
counter_rate (guint64 previous,
              guint64 current,
              double  delta_s)
{
  g_assert (delta_s > 0);

  if (current < previous)
    return 0;

  return (double) (current - previous) / delta_s;
}

static guint64
memory_used_kib (const VireoStatsSample *sample)
{
  if (!sample->active)
    return 0;

  /* What the guest itself uses: its balloon minus what it reports unused (needs the guest's
   * balloon driver to report stats). */
  if (sample->has_balloon_unused && sample->balloon_unused_kib <= sample->balloon_current_kib)
    return sample->balloon_current_kib - sample->balloon_unused_kib;

  /* Otherwise what the host spends on it, then what it was given. */
  if (sample->balloon_rss_kib > 0)
    return sample->balloon_rss_kib;

  return sample->balloon_current_kib;
}

/**
 * vireo_stats_compute_rates:
 * @previous: (nullable): the domain's previous sample, %NULL for the first one
 * @current: the domain's latest sample
 * @rates: (out caller-allocates): return location for the rates
 *
 * Computes what the list and graphs show from two samples of one domain.
 *
 * CPU usage is the share of the domain's vCPUs (as counted in @current, since vCPUs can be
 * hot-plugged between samples) that was busy, 0–100. Disk and network rates are in bytes per
 * second. Rates are 0, never negative, NaN or wrapped around, when they cannot be known: no
 * @previous, either sample inactive, samples of different domains, a timestamp that did not
 * increase, a counter that went backwards (per counter) or CPU time missing from either sample.
 * Memory only needs @current, and is 0 for an inactive domain.
 *
 * Pure computation: any thread.
 */
void
vireo_stats_compute_rates (const VireoStatsSample *previous,
                           const VireoStatsSample *current,
                           VireoStatsRates        *rates)
{
  gint64 delta_us;
  double delta_s;

  g_return_if_fail (rates != NULL);

  memset (rates, 0, sizeof *rates);

  g_return_if_fail (current != NULL);

  rates->memory_used_kib = memory_used_kib (current);

  if (previous == NULL || !previous->active || !current->active)
    return;

  if (strcmp (previous->uuid, current->uuid) != 0)
    return;

  delta_us = current->timestamp_us - previous->timestamp_us;
  if (delta_us <= 0)
    return;
  delta_s = (double) delta_us / G_USEC_PER_SEC;

  if (previous->has_cpu_time && current->has_cpu_time &&
      current->cpu_time_ns >= previous->cpu_time_ns)
    {
      guint vcpus = MAX (current->vcpus, 1);
      double percent;

      percent = (double) (current->cpu_time_ns - previous->cpu_time_ns) /
                ((double) delta_us * 1000.0 * vcpus) * 100.0;

      /* Finite and not negative (Δt > 0, counter not decreasing); above 100 % when vCPUs were
       * unplugged during the interval, or from host-side accounting jitter. */
      rates->cpu_percent = MIN (percent, 100.0);
    }

  rates->disk_read_bps = counter_rate (previous->block_rd_bytes, current->block_rd_bytes, delta_s);
  rates->disk_write_bps = counter_rate (previous->block_wr_bytes, current->block_wr_bytes, delta_s);
  rates->net_rx_bps = counter_rate (previous->net_rx_bytes, current->net_rx_bytes, delta_s);
  rates->net_tx_bps = counter_rate (previous->net_tx_bytes, current->net_tx_bytes, delta_s);
}

/**
 * vireo_stats_ring_init:
 * @ring: a #VireoStatsRing to initialise
 * @capacity: how many values it keeps; 0 makes a ring that stays empty
 *
 * Initialises an empty ring that keeps the last @capacity values pushed. Free its storage with
 * vireo_stats_ring_clear().
 *
 * Any thread, as long as @ring is not shared.
 */
void
vireo_stats_ring_init (VireoStatsRing *ring,
                       guint           capacity)
{
  g_return_if_fail (ring != NULL);

  ring->values = capacity > 0 ? g_new0 (double, capacity) : NULL;
  ring->capacity = capacity;
  ring->start = 0;
  ring->length = 0;
}

/**
 * vireo_stats_ring_reset:
 * @ring: a #VireoStatsRing
 *
 * Empties the ring and keeps its storage: the next push starts a new history.
 *
 * Any thread, as long as @ring is not shared.
 */
void
vireo_stats_ring_reset (VireoStatsRing *ring)
{
  g_return_if_fail (ring != NULL);

  ring->start = 0;
  ring->length = 0;
}

/**
 * vireo_stats_ring_clear:
 * @ring: a #VireoStatsRing
 *
 * Frees the ring's storage. The ring is then empty with capacity 0 (pushes are ignored) until
 * vireo_stats_ring_init() is called again; clearing twice is harmless.
 *
 * Any thread, as long as @ring is not shared.
 */
void
vireo_stats_ring_clear (VireoStatsRing *ring)
{
  g_return_if_fail (ring != NULL);

  g_clear_pointer (&ring->values, g_free);
  ring->capacity = 0;
  ring->start = 0;
  ring->length = 0;
}

/**
 * vireo_stats_ring_push:
 * @ring: a #VireoStatsRing
 * @value: the newest value
 *
 * Appends @value; once the ring is full, the oldest value is dropped.
 *
 * Any thread, as long as @ring is not shared.
 */
void
vireo_stats_ring_push (VireoStatsRing *ring,
                       double          value)
{
  g_return_if_fail (ring != NULL);

  if (ring->capacity == 0)
    return;

  if (ring->length < ring->capacity)
    {
      ring->values[(ring->start + ring->length) % ring->capacity] = value;
      ring->length++;
    }
  else
    {
      ring->values[ring->start] = value;
      ring->start = (ring->start + 1) % ring->capacity;
    }
}

/**
 * vireo_stats_ring_copy:
 * @ring: a #VireoStatsRing
 * @out: (array) (out caller-allocates): room for at least the ring's capacity values
 *
 * Copies the values, oldest first, into @out.
 *
 * Any thread, as long as @ring is not shared.
 *
 * Returns: how many values were copied, at most the ring's capacity
 */
guint
vireo_stats_ring_copy (const VireoStatsRing *ring,
                       double               *out)
{
  g_return_val_if_fail (ring != NULL, 0);
  g_return_val_if_fail (out != NULL || ring->length == 0, 0);

  for (guint i = 0; i < ring->length; i++)
    out[i] = ring->values[(ring->start + i) % ring->capacity];

  return ring->length;
}
