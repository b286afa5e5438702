/* vireo-domain-format.h: a VM's live figures as the list and the details say them
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-domain.h"

G_BEGIN_DECLS

/* "1.2 MB/s" */
char *vireo_format_rate           (double       bytes_per_second);
/* "1.2 GiB / 2.0 GiB", or the VM's memory alone when the guest reports no usage (no balloon). */
char *vireo_format_memory_usage   (VireoDomain *domain);
/* "Read 1.2 MB/s, write 20 kB/s" */
char *vireo_format_disk_rates     (VireoDomain *domain);
/* "Received 1.2 MB/s, sent 20 kB/s" */
char *vireo_format_network_rates  (VireoDomain *domain);

G_END_DECLS
