/* test-stats.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

/* Before vireo-test-utils.h, which uses GAsyncResult. */
#include <gio/gio.h>

#include "vireo-test-utils.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"
#include "vireo-libvirt-private.h"
#include "vireo-stats.h"
#include "vireo-stats-libvirt.h"

#define UUID_A "8a0e3c3e-6c51-4f3b-9a0e-1d2c3b4a5f60"
#define UUID_B "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f0"
#define SECOND_US G_USEC_PER_SEC
#define SECOND_NS G_GUINT64_CONSTANT (1000000000)
#define MIB (G_GUINT64_CONSTANT (1024) * 1024)

/* cmocka 1.1.5's assert_float_equal() compares floats: too coarse for byte rates. Also fails on
 * NaN, which compares unequal to everything. */
#define assert_double_equal(a, b) assert_double_equal_impl ((a), (b), __FILE__, __LINE__)

static void
assert_double_equal_impl (double      actual,
                          double      expected,
                          const char *file,
                          int         line)
{
  double diff = actual - expected;
  double scale = expected < 0 ? -expected : expected;

  if (diff < 0)
    diff = -diff;
  if (!(diff <= 1e-9 * MAX (1.0, scale)))
    {
      print_error ("%.17g != %.17g\n", actual, expected);
      _fail (file, line);
    }
}

static void
assert_zero_rates (const VireoStatsRates *rates)
{
  assert_double_equal (rates->cpu_percent, 0);
  assert_double_equal (rates->disk_read_bps, 0);
  assert_double_equal (rates->disk_write_bps, 0);
  assert_double_equal (rates->net_rx_bps, 0);
  assert_double_equal (rates->net_tx_bps, 0);
}

/* A running domain with every counter present, at @seconds. */
static VireoStatsSample
make_sample (const char *uuid,
             double      seconds,
             guint       vcpus)
{
  VireoStatsSample sample;

  memset (&sample, 0, sizeof sample);
  g_strlcpy (sample.uuid, uuid, sizeof sample.uuid);
  sample.timestamp_us = (gint64) (seconds * SECOND_US);
  sample.state = VIR_DOMAIN_RUNNING;
  sample.active = TRUE;
  sample.has_cpu_time = TRUE;
  sample.vcpus = vcpus;
  sample.balloon_current_kib = 2 * 1024 * 1024;

  return sample;
}

/* Fills @rates with garbage first, so that a field the function forgets to set fails the test. */
static void
compute (const VireoStatsSample *previous,
         const VireoStatsSample *current,
         VireoStatsRates        *rates)
{
  memset (rates, 0x7f, sizeof *rates);
  vireo_stats_compute_rates (previous, current, rates);
}

static void
test_stats_first_sample (void **state)
{
  VireoStatsSample current = make_sample (UUID_A, 100, 2);
  VireoStatsRates rates;

  current.cpu_time_ns = 50 * SECOND_NS;
  current.block_rd_bytes = 10 * MIB;
  current.block_wr_bytes = 20 * MIB;
  current.net_rx_bytes = 30 * MIB;
  current.net_tx_bytes = 40 * MIB;

  compute (NULL, &current, &rates);
  assert_zero_rates (&rates);
  /* Memory needs no previous sample. */
  assert_int_equal (rates.memory_used_kib, 2 * 1024 * 1024);
}

static void
test_stats_steady (void **state)
{
  VireoStatsSample previous = make_sample (UUID_A, 100, 2);
  VireoStatsSample current = make_sample (UUID_A, 102, 2);
  VireoStatsRates rates;

  /* 2 s of wall time on 2 vCPUs is 4 s of capacity; 2 s used is 50 %. */
  previous.cpu_time_ns = 10 * SECOND_NS;
  current.cpu_time_ns = 12 * SECOND_NS;
  previous.block_rd_bytes = 100 * MIB;
  current.block_rd_bytes = 104 * MIB;
  previous.block_wr_bytes = 7 * MIB;
  current.block_wr_bytes = 8 * MIB;
  previous.net_rx_bytes = 1000;
  current.net_rx_bytes = 1000 + 3000;
  previous.net_tx_bytes = 0;
  current.net_tx_bytes = 500;

  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 50.0);
  assert_double_equal (rates.disk_read_bps, 2.0 * MIB);
  assert_double_equal (rates.disk_write_bps, 0.5 * MIB);
  assert_double_equal (rates.net_rx_bps, 1500);
  assert_double_equal (rates.net_tx_bps, 250);
  assert_int_equal (rates.memory_used_kib, 2 * 1024 * 1024);

  /* Sub-second intervals are not rounded: 0.25 s, 1/8 s of CPU on 2 vCPUs = 25 %. */
  previous = make_sample (UUID_A, 10.0, 2);
  current = make_sample (UUID_A, 10.25, 2);
  current.cpu_time_ns = SECOND_NS / 8;
  current.net_tx_bytes = 1000;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 25.0);
  assert_double_equal (rates.net_tx_bps, 4000);
}

static void
test_stats_vcpu_hotplug (void **state)
{
  VireoStatsSample previous = make_sample (UUID_A, 0, 1);
  VireoStatsSample current = make_sample (UUID_A, 1, 4);
  VireoStatsRates rates;

  /* 2 s of CPU in 1 s: 50 % of the 4 vCPUs the domain has now (with the old count, 200 %). */
  current.cpu_time_ns = 2 * SECOND_NS;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 50.0);

  /* Unplugged from 4 to 1: the current count again, 0.5 s of CPU in 1 s on 1 vCPU. */
  previous = make_sample (UUID_A, 0, 4);
  current = make_sample (UUID_A, 1, 1);
  current.cpu_time_ns = SECOND_NS / 2;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 50.0);

  /* An unknown count (0) is taken as 1 vCPU, not a division by zero. */
  previous = make_sample (UUID_A, 0, 0);
  current = make_sample (UUID_A, 1, 0);
  current.cpu_time_ns = SECOND_NS / 4;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 25.0);
}

static void
test_stats_counter_reset (void **state)
{
  VireoStatsSample previous = make_sample (UUID_A, 100, 2);
  VireoStatsSample current = make_sample (UUID_A, 101, 2);
  VireoStatsRates rates;

  /* The domain restarted between samples: CPU time and read bytes started over. Each counter
   * is judged on its own, so the ones that still increased keep their rate. */
  previous.cpu_time_ns = 500 * SECOND_NS;
  current.cpu_time_ns = SECOND_NS;
  previous.block_rd_bytes = 900 * MIB;
  current.block_rd_bytes = MIB;
  previous.block_wr_bytes = 0;
  current.block_wr_bytes = 2 * MIB;
  previous.net_rx_bytes = 5000;
  current.net_rx_bytes = 4999;
  previous.net_tx_bytes = 100;
  current.net_tx_bytes = 600;

  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 0);
  assert_double_equal (rates.disk_read_bps, 0);
  assert_double_equal (rates.disk_write_bps, 2.0 * MIB);
  assert_double_equal (rates.net_rx_bps, 0);
  assert_double_equal (rates.net_tx_bps, 500);

  /* Near the top of the range: a wrapped subtraction would give ~1.8e19 bytes/s. */
  previous.block_wr_bytes = G_MAXUINT64;
  current.block_wr_bytes = 1;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.disk_write_bps, 0);
}

static void
test_stats_missing_cpu_time (void **state)
{
  VireoStatsSample previous = make_sample (UUID_A, 0, 1);
  VireoStatsSample current = make_sample (UUID_A, 1, 1);
  VireoStatsRates rates;

  current.cpu_time_ns = SECOND_NS / 2;
  current.net_rx_bytes = 100;

  /* Missing in the previous sample: its 0 is not a reading. */
  previous.has_cpu_time = FALSE;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 0);
  /* The other counters are unaffected. */
  assert_double_equal (rates.net_rx_bps, 100);

  previous.has_cpu_time = TRUE;
  current.has_cpu_time = FALSE;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 0);

  /* Both present: the same samples give the real value. */
  current.has_cpu_time = TRUE;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 50.0);
}

static void
test_stats_stopped (void **state)
{
  VireoStatsSample previous = make_sample (UUID_A, 0, 2);
  VireoStatsSample current = make_sample (UUID_A, 1, 2);
  VireoStatsRates rates;

  current.cpu_time_ns = SECOND_NS;
  current.block_rd_bytes = MIB;
  current.block_wr_bytes = MIB;
  current.net_rx_bytes = MIB;
  current.net_tx_bytes = MIB;
  current.balloon_rss_kib = 1024;

  /* Stopped now: no rates, no memory in use, whatever the stale counters say. */
  current.state = VIR_DOMAIN_SHUTOFF;
  current.active = FALSE;
  compute (&previous, &current, &rates);
  assert_zero_rates (&rates);
  assert_int_equal (rates.memory_used_kib, 0);

  compute (NULL, &current, &rates);
  assert_zero_rates (&rates);
  assert_int_equal (rates.memory_used_kib, 0);

  /* Just started: the previous sample of a stopped domain is no baseline, memory is known. */
  current.state = VIR_DOMAIN_RUNNING;
  current.active = TRUE;
  previous.state = VIR_DOMAIN_SHUTOFF;
  previous.active = FALSE;
  compute (&previous, &current, &rates);
  assert_zero_rates (&rates);
  assert_int_equal (rates.memory_used_kib, 1024);

  /* Control: both running, the same counters give rates. */
  previous.active = TRUE;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 50.0);
  assert_double_equal (rates.net_tx_bps, (double) MIB);
}

static void
test_stats_bad_interval (void **state)
{
  VireoStatsSample previous = make_sample (UUID_A, 10, 1);
  VireoStatsSample current = make_sample (UUID_A, 10, 1);
  VireoStatsRates rates;

  previous.cpu_time_ns = SECOND_NS;
  current.cpu_time_ns = 2 * SECOND_NS;
  current.block_rd_bytes = MIB;
  current.block_wr_bytes = MIB;
  current.net_rx_bytes = MIB;
  current.net_tx_bytes = MIB;

  /* Δt = 0: a division by zero would give inf or NaN. */
  compute (&previous, &current, &rates);
  assert_zero_rates (&rates);
  assert_int_equal (rates.memory_used_kib, 2 * 1024 * 1024);

  /* Δt < 0: samples out of order would give negative rates. */
  current.timestamp_us = previous.timestamp_us - SECOND_US;
  compute (&previous, &current, &rates);
  assert_zero_rates (&rates);

  /* Samples of two different domains are not an interval either. */
  current = make_sample (UUID_B, 11, 1);
  current.cpu_time_ns = 2 * SECOND_NS;
  current.net_rx_bytes = MIB;
  compute (&previous, &current, &rates);
  assert_zero_rates (&rates);

  /* Control: same domain, Δt = 1 s. */
  g_strlcpy (current.uuid, UUID_A, sizeof current.uuid);
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 100.0);
  assert_double_equal (rates.net_rx_bps, (double) MIB);
}

static void
test_stats_clamp (void **state)
{
  VireoStatsSample previous = make_sample (UUID_A, 0, 2);
  VireoStatsSample current = make_sample (UUID_A, 1, 2);
  VireoStatsRates rates;

  /* 3 s of CPU in 1 s on 2 vCPUs (accounting jitter, unplugged vCPUs): 150 % shown as 100 %. */
  current.cpu_time_ns = 3 * SECOND_NS;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 100.0);

  /* Absurdly large: still 100. */
  current.cpu_time_ns = G_MAXUINT64;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 100.0);

  /* Exactly full stays 100, just below is not rounded up. */
  current.cpu_time_ns = 2 * SECOND_NS;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 100.0);
  current.cpu_time_ns = 2 * SECOND_NS - 20000000;
  compute (&previous, &current, &rates);
  assert_double_equal (rates.cpu_percent, 99.0);
}

static void
test_stats_memory (void **state)
{
  VireoStatsSample sample = make_sample (UUID_A, 0, 1);
  VireoStatsRates rates;

  /* Guest balloon stats: current − unused, even when the host's RSS is known. */
  sample.balloon_current_kib = 4096;
  sample.balloon_unused_kib = 1000;
  sample.has_balloon_unused = TRUE;
  sample.balloon_rss_kib = 3500;
  compute (NULL, &sample, &rates);
  assert_int_equal (rates.memory_used_kib, 3096);

  /* A reported unused of 0 is a reading (all used), not a missing value. */
  sample.balloon_unused_kib = 0;
  compute (NULL, &sample, &rates);
  assert_int_equal (rates.memory_used_kib, 4096);

  /* Inconsistent (unused > current): fall back to RSS rather than wrap around. */
  sample.balloon_unused_kib = 5000;
  compute (NULL, &sample, &rates);
  assert_int_equal (rates.memory_used_kib, 3500);

  /* No guest stats: the host's RSS. */
  sample.has_balloon_unused = FALSE;
  sample.balloon_unused_kib = 1000;
  compute (NULL, &sample, &rates);
  assert_int_equal (rates.memory_used_kib, 3500);

  /* Neither: the balloon's size. */
  sample.balloon_rss_kib = 0;
  compute (NULL, &sample, &rates);
  assert_int_equal (rates.memory_used_kib, 4096);

  /* Paused domains still hold their memory. */
  sample.state = VIR_DOMAIN_PAUSED;
  compute (NULL, &sample, &rates);
  assert_int_equal (rates.memory_used_kib, 4096);

  sample.state = VIR_DOMAIN_SHUTOFF;
  sample.active = FALSE;
  compute (NULL, &sample, &rates);
  assert_int_equal (rates.memory_used_kib, 0);
}

static void
test_stats_ring (void **state)
{
  VireoStatsRing ring;
  double out[40];
  guint n;

  vireo_stats_ring_init (&ring, 40);
  assert_int_equal (vireo_stats_ring_copy (&ring, out), 0);

  /* Partly filled: in order, from the first push. */
  for (guint i = 0; i < 3; i++)
    vireo_stats_ring_push (&ring, i * 1.5);
  n = vireo_stats_ring_copy (&ring, out);
  assert_int_equal (n, 3);
  assert_double_equal (out[0], 0.0);
  assert_double_equal (out[1], 1.5);
  assert_double_equal (out[2], 3.0);

  /* 45 pushes into 40: the 5 oldest are gone, the rest oldest first. */
  for (guint i = 3; i < 45; i++)
    vireo_stats_ring_push (&ring, i * 1.5);
  n = vireo_stats_ring_copy (&ring, out);
  assert_int_equal (n, 40);
  for (guint i = 0; i < 40; i++)
    assert_double_equal (out[i], (i + 5) * 1.5);

  /* Exactly one more full turn: start back where it began. */
  for (guint i = 45; i < 85; i++)
    vireo_stats_ring_push (&ring, i);
  n = vireo_stats_ring_copy (&ring, out);
  assert_int_equal (n, 40);
  for (guint i = 0; i < 40; i++)
    assert_double_equal (out[i], i + 45);

  vireo_stats_ring_clear (&ring);
  assert_null (ring.values);
  assert_int_equal (ring.capacity, 0);
  assert_int_equal (vireo_stats_ring_copy (&ring, out), 0);
  /* A cleared ring ignores pushes, and clearing twice is harmless. */
  vireo_stats_ring_push (&ring, 1.0);
  assert_int_equal (vireo_stats_ring_copy (&ring, out), 0);
  vireo_stats_ring_clear (&ring);

  /* Reusable after init. */
  vireo_stats_ring_init (&ring, 2);
  vireo_stats_ring_push (&ring, 7);
  vireo_stats_ring_push (&ring, 8);
  vireo_stats_ring_push (&ring, 9);
  assert_int_equal (vireo_stats_ring_copy (&ring, out), 2);
  assert_double_equal (out[0], 8);
  assert_double_equal (out[1], 9);
  vireo_stats_ring_clear (&ring);
}

static int
setup_libvirt (void **state)
{
  g_autoptr(GError) error = NULL;

  if (!vireo_core_init (&error))
    {
      print_error ("vireo_core_init: %s\n", error->message);
      return -1;
    }

  return 0;
}

static virConnectPtr
open_test_driver (void)
{
  virConnectPtr conn = virConnectOpen ("test:///default");

  assert_non_null (conn);

  return conn;
}

static char *
domain_uuid (virConnectPtr  conn,
             const char    *name)
{
  g_autoptr(virDomain) dom = virDomainLookupByName (conn, name);
  char uuid[VIR_UUID_STRING_BUFLEN];

  assert_non_null (dom);
  assert_int_equal (virDomainGetUUIDString (dom, uuid), 0);

  return g_strdup (uuid);
}

static void
test_stats_ring_reset (void **state)
{
  VireoStatsRing ring;
  double out[4];

  vireo_stats_ring_init (&ring, 4);
  for (int i = 1; i <= 6; i++)
    vireo_stats_ring_push (&ring, i);

  /* A stopped VM's graph starts over, with room for a full history again. */
  vireo_stats_ring_reset (&ring);
  assert_int_equal (vireo_stats_ring_copy (&ring, out), 0);
  assert_int_equal (ring.capacity, 4);
  vireo_stats_ring_push (&ring, 7);
  vireo_stats_ring_push (&ring, 8);
  assert_int_equal (vireo_stats_ring_copy (&ring, out), 2);
  assert_true (out[0] == 7 && out[1] == 8);
  vireo_stats_ring_clear (&ring);
}

static void
test_stats_from_record (void **state)
{
  g_autoptr(virConnect) conn = open_test_driver ();
  g_autoptr(virDomain) dom = virDomainLookupByName (conn, "test");
  g_autofree char *uuid = domain_uuid (conn, "test");
  virDomainStatsRecord record = { 0 };
  virTypedParameterPtr params = NULL;
  int nparams = 0;
  int maxparams = 0;
  VireoStatsSample sample;

  assert_non_null (dom);

  /* What QEMU reports, with QEMU's types; block.2 lacks wr.bytes (an empty CD-ROM drive). */
  assert_int_equal (virTypedParamsAddInt (&params, &nparams, &maxparams, "state.state",
                                          VIR_DOMAIN_PAUSED), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "cpu.time",
                                             123 * SECOND_NS), 0);
  assert_int_equal (virTypedParamsAddUInt (&params, &nparams, &maxparams, "vcpu.current", 3), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "balloon.current",
                                             1048576), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "balloon.rss",
                                             600000), 0);
  assert_int_equal (virTypedParamsAddUInt (&params, &nparams, &maxparams, "block.count", 3), 0);
  assert_int_equal (virTypedParamsAddString (&params, &nparams, &maxparams, "block.0.name",
                                             "vda"), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "block.0.rd.bytes",
                                             1000), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "block.0.wr.bytes",
                                             2000), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "block.1.rd.bytes",
                                             30000), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "block.1.wr.bytes",
                                             40000), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "block.2.rd.bytes",
                                             500000), 0);
  assert_int_equal (virTypedParamsAddUInt (&params, &nparams, &maxparams, "net.count", 2), 0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "net.0.rx.bytes", 1),
                    0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "net.0.tx.bytes", 2),
                    0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "net.1.rx.bytes", 10),
                    0);
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "net.1.tx.bytes", 20),
                    0);
  /* Beyond net.count: not an interface of this record. */
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "net.2.rx.bytes",
                                             99999), 0);

  record.dom = dom;
  record.params = params;
  record.nparams = nparams;

  memset (&sample, 0x5a, sizeof sample);
  vireo_stats_sample_from_record (&record, 4242, &sample);
  assert_string_equal (sample.uuid, uuid);
  assert_int_equal (sample.timestamp_us, 4242);
  assert_int_equal (sample.state, VIR_DOMAIN_PAUSED);
  assert_true (sample.active);
  assert_true (sample.has_cpu_time);
  assert_int_equal (sample.cpu_time_ns, 123 * SECOND_NS);
  assert_int_equal (sample.vcpus, 3);
  assert_int_equal (sample.balloon_current_kib, 1048576);
  assert_int_equal (sample.balloon_rss_kib, 600000);
  assert_false (sample.has_balloon_unused);
  assert_int_equal (sample.balloon_unused_kib, 0);
  assert_int_equal (sample.block_rd_bytes, 1000 + 30000 + 500000);
  assert_int_equal (sample.block_wr_bytes, 2000 + 40000);
  assert_int_equal (sample.net_rx_bytes, 1 + 10);
  assert_int_equal (sample.net_tx_bytes, 2 + 20);

  /* Shut off, with guest balloon stats. */
  assert_int_equal (virTypedParamsAddULLong (&params, &nparams, &maxparams, "balloon.unused",
                                             4096), 0);
  params[0].value.i = VIR_DOMAIN_SHUTOFF;
  record.params = params;
  record.nparams = nparams;
  vireo_stats_sample_from_record (&record, 4243, &sample);
  assert_int_equal (sample.state, VIR_DOMAIN_SHUTOFF);
  assert_false (sample.active);
  assert_true (sample.has_balloon_unused);
  assert_int_equal (sample.balloon_unused_kib, 4096);

  params[0].value.i = VIR_DOMAIN_CRASHED;
  vireo_stats_sample_from_record (&record, 4244, &sample);
  assert_false (sample.active);
  params[0].value.i = VIR_DOMAIN_SHUTDOWN;
  vireo_stats_sample_from_record (&record, 4245, &sample);
  assert_true (sample.active);

  virTypedParamsFree (params, nparams);

  /* An empty record (no groups reported): everything 0, no state means inactive. */
  record.params = NULL;
  record.nparams = 0;
  memset (&sample, 0x5a, sizeof sample);
  vireo_stats_sample_from_record (&record, 1, &sample);
  assert_string_equal (sample.uuid, uuid);
  assert_int_equal (sample.state, VIR_DOMAIN_NOSTATE);
  assert_false (sample.active);
  assert_false (sample.has_cpu_time);
  assert_int_equal (sample.vcpus, 0);
  assert_int_equal (sample.block_rd_bytes, 0);
  assert_int_equal (sample.net_tx_bytes, 0);
}

static const char inactive_domain_xml[] =
  "<domain type='test'>"
  "  <name>vireo-stats-inactive</name>"
  "  <memory unit='MiB'>128</memory>"
  "  <vcpu>1</vcpu>"
  "  <os><type>hvm</type></os>"
  "</domain>";

/*
 * libvirt 9.0's test driver implements virConnectGetAllDomainStats for the "state" group only
 * (state.state, state.reason): with VIR_CONNECT_GET_ALL_DOMAINS_STATS_ENFORCE_STATS, cpu-total,
 * balloon, vcpu, interface and block each fail with "Stats types bits 0x… are not supported by
 * this daemon"; with flags 0, as Vireo calls it, they are silently left out. So against the test
 * driver only uuid, state and active are meaningful; the rest must be 0 with has_* FALSE, and the
 * rates of two samples 0. test_stats_from_record covers the other fields with a QEMU-like record.
 */
static void
test_stats_sample_all_test_driver (void **state)
{
  g_autoptr(virConnect) conn = open_test_driver ();
  g_autofree char *test_uuid = domain_uuid (conn, "test");
  g_autofree char *inactive_uuid = NULL;
  g_autoptr(virDomain) inactive = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) later = NULL;
  const VireoStatsSample *test_sample = NULL;
  const VireoStatsSample *inactive_sample = NULL;
  VireoStatsRates rates;
  gint64 before;
  int n_domains;
  guint n_compared = 0;

  /* A second, defined but stopped domain: every domain is sampled, not just running ones. */
  inactive = virDomainDefineXML (conn, inactive_domain_xml);
  assert_non_null (inactive);
  inactive_uuid = domain_uuid (conn, "vireo-stats-inactive");

  n_domains = virConnectNumOfDomains (conn) + virConnectNumOfDefinedDomains (conn);
  assert_int_equal (n_domains, 2);

  before = g_get_monotonic_time ();
  samples = vireo_stats_sample_all (conn, &error);
  assert_null (error);
  assert_non_null (samples);
  assert_int_equal (samples->len, n_domains);

  for (guint i = 0; i < samples->len; i++)
    {
      const VireoStatsSample *sample = &g_array_index (samples, VireoStatsSample, i);

      assert_true (sample->timestamp_us >= before);
      assert_true (sample->timestamp_us <= g_get_monotonic_time ());
      /* Not reported by the test driver (see above). */
      assert_false (sample->has_cpu_time);
      assert_false (sample->has_balloon_unused);
      assert_int_equal (sample->vcpus, 0);
      assert_int_equal (sample->balloon_current_kib, 0);
      assert_int_equal (sample->block_rd_bytes + sample->block_wr_bytes, 0);
      assert_int_equal (sample->net_rx_bytes + sample->net_tx_bytes, 0);

      if (g_str_equal (sample->uuid, test_uuid))
        test_sample = sample;
      else if (g_str_equal (sample->uuid, inactive_uuid))
        inactive_sample = sample;
    }

  assert_non_null (test_sample);
  assert_int_equal (test_sample->state, VIR_DOMAIN_RUNNING);
  assert_true (test_sample->active);

  assert_non_null (inactive_sample);
  assert_int_equal (inactive_sample->state, VIR_DOMAIN_SHUTOFF);
  assert_false (inactive_sample->active);

  /* Two ticks of the test driver: no counters, so no rates, and memory is the (absent) balloon. */
  g_usleep (1000);
  later = vireo_stats_sample_all (conn, &error);
  assert_null (error);
  assert_non_null (later);
  assert_int_equal (later->len, samples->len);
  for (guint i = 0; i < later->len; i++)
    {
      const VireoStatsSample *sample = &g_array_index (later, VireoStatsSample, i);

      if (!g_str_equal (sample->uuid, test_uuid))
        continue;
      n_compared++;
      assert_true (sample->timestamp_us > test_sample->timestamp_us);
      vireo_stats_compute_rates (test_sample, sample, &rates);
      assert_zero_rates (&rates);
      assert_int_equal (rates.memory_used_kib, 0);
    }
  assert_int_equal (n_compared, 1);

  /* The default connection is shared by the whole process: leave it as it was. */
  assert_int_equal (virDomainUndefine (inactive), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_stats_first_sample),
    cmocka_unit_test (test_stats_steady),
    cmocka_unit_test (test_stats_vcpu_hotplug),
    cmocka_unit_test (test_stats_counter_reset),
    cmocka_unit_test (test_stats_missing_cpu_time),
    cmocka_unit_test (test_stats_stopped),
    cmocka_unit_test (test_stats_bad_interval),
    cmocka_unit_test (test_stats_clamp),
    cmocka_unit_test (test_stats_memory),
    cmocka_unit_test (test_stats_ring),
    cmocka_unit_test (test_stats_ring_reset),
    cmocka_unit_test (test_stats_from_record),
    cmocka_unit_test (test_stats_sample_all_test_driver),
  };

  return cmocka_run_group_tests_name ("stats", tests, setup_libvirt, NULL);
}
