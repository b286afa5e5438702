/* vireo-domain-format.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-domain-format.h"

char *
vireo_format_rate (double bytes_per_second)
{
  g_autofree char *size = g_format_size ((guint64) MAX (bytes_per_second, 0.0));

  /* Translators: a transfer rate, e.g. "1.2 MB/s" */
  return g_strdup_printf (_("%s/s"), size);
}

char *
vireo_format_memory_usage (VireoDomain *domain)
{
  guint64 used = vireo_domain_get_memory_usage_kib (domain);
  guint64 total = vireo_domain_get_memory_kib (domain);
  g_autofree char *used_text = g_format_size_full (used * 1024, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *total_text = g_format_size_full (total * 1024, G_FORMAT_SIZE_IEC_UNITS);

  /* Without a balloon driver libvirt reports no usage: the size alone then. */
  if (used == 0)
    return g_steal_pointer (&total_text);
  /* Translators: memory used of the VM's memory, e.g. "1.2 GiB / 2.0 GiB" */
  return g_strdup_printf (C_("memory used of total", "%s / %s"), used_text, total_text);
}

char *
vireo_format_disk_rates (VireoDomain *domain)
{
  g_autofree char *read = vireo_format_rate (vireo_domain_get_disk_read_bps (domain));
  g_autofree char *write = vireo_format_rate (vireo_domain_get_disk_write_bps (domain));

  /* Translators: disk I/O, e.g. "Read 1.2 MB/s, write 20 kB/s" */
  return g_strdup_printf (_("Read %s, write %s"), read, write);
}

char *
vireo_format_network_rates (VireoDomain *domain)
{
  g_autofree char *rx = vireo_format_rate (vireo_domain_get_net_rx_bps (domain));
  g_autofree char *tx = vireo_format_rate (vireo_domain_get_net_tx_bps (domain));

  /* Translators: network I/O, e.g. "Received 1.2 MB/s, sent 20 kB/s" */
  return g_strdup_printf (_("Received %s, sent %s"), rx, tx);
}
