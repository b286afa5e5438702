/* vireo-domain-pending.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-domain-pending.h"

/* Placeholder until the comparison lands: nothing pending. */
gboolean
vireo_domain_config_part_pending (const VireoDomainConfig *config,
                                  const VireoDomainConfig *live,
                                  VireoDomainPart          part,
                                  const char              *device)
{
  return FALSE;
}
