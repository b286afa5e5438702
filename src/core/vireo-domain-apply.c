/* vireo-domain-apply.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-apply"

#include "config.h"

#include "vireo-domain-apply.h"

VireoLiveChange *
vireo_live_change_new_device (VireoLiveChangeKind  kind,
                              const char          *device_xml)
{
  VireoLiveChange *change;

  g_return_val_if_fail (kind == VIREO_LIVE_CHANGE_ATTACH_DEVICE ||
                        kind == VIREO_LIVE_CHANGE_UPDATE_DEVICE ||
                        kind == VIREO_LIVE_CHANGE_DETACH_DEVICE, NULL);
  g_return_val_if_fail (device_xml != NULL, NULL);

  change = g_new0 (VireoLiveChange, 1);
  change->kind = kind;
  change->device_xml = g_strdup (device_xml);
  return change;
}

VireoLiveChange *
vireo_live_change_new_value (VireoLiveChangeKind kind,
                             guint64             value)
{
  VireoLiveChange *change;

  g_return_val_if_fail (kind == VIREO_LIVE_CHANGE_VCPUS || kind == VIREO_LIVE_CHANGE_MEMORY, NULL);

  change = g_new0 (VireoLiveChange, 1);
  change->kind = kind;
  change->value = value;
  return change;
}

void
vireo_live_change_free (VireoLiveChange *change)
{
  if (change == NULL)
    return;
  g_free (change->device_xml);
  g_free (change);
}

GPtrArray *
vireo_live_changes_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_live_change_free);
}
