/* vireo-stats-libvirt.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-stats"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "vireo-error.h"
#include "vireo-stats-libvirt.h"

G_STATIC_ASSERT (sizeof (((VireoStatsSample *) NULL)->uuid) == VIR_UUID_STRING_BUFLEN);

/* Reads an integer field whatever integer type the driver chose (QEMU reports vcpu.current as a
 * uint, cpu.time as an ullong; other drivers may differ). Unlike virTypedParamsGetULLong(), a
 * type mismatch is not a libvirt error here, just a missing value, so it cannot leave a stale
 * error behind in the worker thread. Negative values count as missing. */
static gboolean
get_u64 (virDomainStatsRecordPtr  record,
         const char              *name,
         guint64                 *value)
{
  virTypedParameterPtr param;

  param = virTypedParamsGet (record->params, record->nparams, name);
  if (param == NULL)
    return FALSE;

  switch (param->type)
    {
    case VIR_TYPED_PARAM_INT:
      if (param->value.i < 0)
        return FALSE;
      *value = (guint64) param->value.i;
      return TRUE;

    case VIR_TYPED_PARAM_UINT:
      *value = param->value.ui;
      return TRUE;

    case VIR_TYPED_PARAM_LLONG:
      if (param->value.l < 0)
        return FALSE;
      *value = (guint64) param->value.l;
      return TRUE;

    case VIR_TYPED_PARAM_ULLONG:
      *value = param->value.ul;
      return TRUE;

    default:
      return FALSE;
    }
}

/* Sums "<prefix>.<n>.<field>" over the "<prefix>.count" devices, e.g. block.0.rd.bytes. */
static guint64
sum_devices (virDomainStatsRecordPtr  record,
             const char              *prefix,
             const char              *field)
{
  g_autofree char *count_name = g_strdup_printf ("%s.count", prefix);
  guint64 count = 0;
  guint64 sum = 0;

  if (!get_u64 (record, count_name, &count))
    return 0;

  /* Every device has at least one field, so a larger count is bogus: bound the loop. */
  count = MIN (count, (guint64) MAX (record->nparams, 0));

  for (guint64 i = 0; i < count; i++)
    {
      char name[VIR_TYPED_PARAM_FIELD_LENGTH];
      guint64 value;

      g_snprintf (name, sizeof name, "%s.%" G_GUINT64_FORMAT ".%s", prefix, i, field);
      if (get_u64 (record, name, &value))
        sum += value;
    }

  return sum;
}

static gboolean
state_is_active (int state)
{
  /* Everything but "not running": a shutting-down domain still runs, a paused or suspended one
   * still has its memory. Derived from the record so that no further libvirt call is needed. */
  switch (state)
    {
    case VIR_DOMAIN_NOSTATE:
    case VIR_DOMAIN_SHUTOFF:
    case VIR_DOMAIN_CRASHED:
      return FALSE;

    default:
      return TRUE;
    }
}

/**
 * vireo_stats_sample_from_record:
 * @record: one record of virConnectGetAllDomainStats()
 * @timestamp_us: the monotonic time of the sample (g_get_monotonic_time())
 * @sample: (out caller-allocates): return location for the sample
 *
 * Fills @sample from the fields of @record: state, CPU time, current vCPUs, balloon, and the sums
 * of the block and interface byte counters. Fields absent from @record are 0 (with their has_
 * flag %FALSE). A record without a state counts as inactive.
 *
 * Any thread; reads only @record, apart from the domain's UUID, which libvirt keeps locally.
 */
void
vireo_stats_sample_from_record (virDomainStatsRecordPtr  record,
                                gint64                   timestamp_us,
                                VireoStatsSample        *sample)
{
  guint64 value;

  g_return_if_fail (sample != NULL);

  memset (sample, 0, sizeof *sample);

  g_return_if_fail (record != NULL);

  sample->timestamp_us = timestamp_us;

  if (record->dom != NULL && virDomainGetUUIDString (record->dom, sample->uuid) < 0)
    {
      sample->uuid[0] = '\0';
      virResetLastError ();
    }

  if (get_u64 (record, "state.state", &value) && value <= G_MAXINT)
    sample->state = (int) value;
  else
    sample->state = VIR_DOMAIN_NOSTATE;
  sample->active = state_is_active (sample->state);

  sample->has_cpu_time = get_u64 (record, "cpu.time", &sample->cpu_time_ns);

  if (get_u64 (record, "vcpu.current", &value))
    sample->vcpus = (guint) MIN (value, (guint64) G_MAXUINT);

  get_u64 (record, "balloon.current", &sample->balloon_current_kib);
  get_u64 (record, "balloon.rss", &sample->balloon_rss_kib);
  sample->has_balloon_unused = get_u64 (record, "balloon.unused", &sample->balloon_unused_kib);

  sample->block_rd_bytes = sum_devices (record, "block", "rd.bytes");
  sample->block_wr_bytes = sum_devices (record, "block", "wr.bytes");
  sample->net_rx_bytes = sum_devices (record, "net", "rx.bytes");
  sample->net_tx_bytes = sum_devices (record, "net", "tx.bytes");
}

/**
 * vireo_stats_sample_all:
 * @conn: an open libvirt connection
 * @error: return location for a #GError
 *
 * Samples every domain of @conn, active or not, with one virConnectGetAllDomainStats() call for
 * the %VIREO_STATS_GROUPS groups. Groups the driver does not support are silently missing from
 * the samples (their fields are 0). All samples share one timestamp, taken when the call returns.
 *
 * Blocks on the daemon: call it from the connection's worker thread, never the main thread.
 *
 * Returns: (transfer full) (element-type VireoStatsSample): the samples, possibly none, or %NULL
 *   with @error set
 */
GArray *
vireo_stats_sample_all (virConnectPtr   conn,
                        GError        **error)
{
  virDomainStatsRecordPtr *records = NULL;
  g_autoptr(GArray) samples = NULL;
  gint64 now;
  int n_records;

  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_records = virConnectGetAllDomainStats (conn, VIREO_STATS_GROUPS, &records, 0);
  now = g_get_monotonic_time ();

  if (n_records < 0)
    {
      vireo_set_error_from_libvirt (error, _("Could not read the statistics."));
      return NULL;
    }

  samples = g_array_sized_new (FALSE, TRUE, sizeof (VireoStatsSample), n_records);
  g_array_set_size (samples, n_records);

  for (int i = 0; i < n_records; i++)
    vireo_stats_sample_from_record (records[i], now,
                                    &g_array_index (samples, VireoStatsSample, i));

  virDomainStatsRecordListFree (records);

  return g_steal_pointer (&samples);
}
