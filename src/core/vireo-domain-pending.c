/* vireo-domain-pending.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "vireo-domain-pending.h"

/*
 * The running VM's live XML says more than its definition: libvirt fills in defaults (a driver
 * type, a NIC model, the listen address of qemu.conf), expands host-model to the CPU it chose, and
 * adds runtime facts (aliases, target devs, automatic ports, pty paths). So a field counts only
 * where the definition says it: what it leaves to defaults cannot be pending.
 */

/* Equal, or @config leaves it unsaid. */
static gboolean
said_differs (const char *config,
              const char *live)
{
  return config != NULL && g_strcmp0 (config, live) != 0;
}

static gboolean
strv_differ (const char * const *a,
             const char * const *b)
{
  return !g_strv_equal (a != NULL ? a : (const char * const[]) { NULL },
                        b != NULL ? b : (const char * const[]) { NULL });
}

static gboolean
cpus_pending (const VireoDomainConfig *config,
              const VireoDomainConfig *live)
{
  const char *live_mode = live->cpu_mode;

  if (config->vcpus != live->vcpus || config->vcpus_max != live->vcpus_max)
    return TRUE;
  /* A running host-model CPU is shown as the custom CPU libvirt picked. */
  if (g_strcmp0 (config->cpu_mode, "host-model") == 0 && g_strcmp0 (live_mode, "custom") == 0)
    return FALSE;
  return said_differs (config->cpu_mode, live_mode);
}

static guint
disk_boot_order (const VireoDomainConfig *config,
                 guint                    i)
{
  return ((VireoDomainDisk *) g_ptr_array_index (config->disks, i))->boot_order;
}

static gboolean
boot_pending (const VireoDomainConfig *config,
              const VireoDomainConfig *live)
{
  if (strv_differ ((const char * const *) config->boot_devs, (const char * const *) live->boot_devs) ||
      config->boot_menu != live->boot_menu)
    return TRUE;

  for (guint i = 0; i < config->disks->len; i++)
    {
      const VireoDomainDisk *disk = g_ptr_array_index (config->disks, i);
      const VireoDomainDisk *running = vireo_domain_config_find_disk (live, disk->target);

      if (running != NULL && running->boot_order != disk_boot_order (config, i))
        return TRUE;
    }
  for (guint i = 0; i < config->nics->len; i++)
    {
      const VireoDomainNic *nic = g_ptr_array_index (config->nics, i);
      const VireoDomainNic *running = vireo_domain_config_find_nic (live, nic->mac);

      if (running != NULL && running->boot_order != nic->boot_order)
        return TRUE;
    }
  return FALSE;
}

static gboolean
disk_pending (const VireoDomainConfig *config,
              const VireoDomainConfig *live,
              const char              *target)
{
  const VireoDomainDisk *disk = vireo_domain_config_find_disk (config, target);
  const VireoDomainDisk *running = vireo_domain_config_find_disk (live, target);

  /* Added or removed. */
  if (disk == NULL || running == NULL)
    return disk != running;

  return g_strcmp0 (disk->device, running->device) != 0 ||
         said_differs (disk->bus, running->bus) ||
         said_differs (disk->driver_type, running->driver_type) ||
         g_strcmp0 (disk->source_pool, running->source_pool) != 0 ||
         g_strcmp0 (disk->source_volume, running->source_volume) != 0 ||
         /* A volume's path is filled in on a running VM. */
         (disk->source_pool == NULL && g_strcmp0 (disk->source, running->source) != 0) ||
         disk->readonly != running->readonly;
}

static const char *
link_state (const VireoDomainNic *nic)
{
  return nic->link_state != NULL ? nic->link_state : "up";
}

static gboolean
nic_pending (const VireoDomainConfig *config,
             const VireoDomainConfig *live,
             const char              *mac)
{
  const VireoDomainNic *nic = vireo_domain_config_find_nic (config, mac);
  const VireoDomainNic *running = vireo_domain_config_find_nic (live, mac);

  if (nic == NULL || running == NULL)
    return nic != running;

  return g_strcmp0 (nic->type, running->type) != 0 ||
         g_strcmp0 (nic->source, running->source) != 0 ||
         said_differs (nic->source_mode, running->source_mode) ||
         said_differs (nic->model, running->model) ||
         g_strcmp0 (link_state (nic), link_state (running)) != 0;
}

static gboolean
graphics_pending (const VireoDomainConfig *config,
                  const VireoDomainConfig *live)
{
  if (config->graphics->len != live->graphics->len)
    return TRUE;

  for (guint i = 0; i < config->graphics->len; i++)
    {
      const VireoDomainGraphics *graphics = g_ptr_array_index (config->graphics, i);
      const VireoDomainGraphics *running = g_ptr_array_index (live->graphics, i);

      if (g_strcmp0 (graphics->type, running->type) != 0 ||
          said_differs (graphics->listen, running->listen) ||
          graphics->autoport != running->autoport ||
          (!graphics->autoport && graphics->port != running->port) ||
          graphics->has_password != running->has_password)
        return TRUE;
    }
  return FALSE;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GStrv
sorted (GStrv strv)
{
  qsort (strv, g_strv_length (strv), sizeof (char *), compare_strings);
  return strv;
}

/* "type:bus" of each input (sorted by the caller: the same devices in any order are no change). */
static GStrv
input_keys (const VireoDomainConfig *config)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GStrv keys;

  for (guint i = 0; i < config->inputs->len; i++)
    {
      const VireoDomainInput *input = g_ptr_array_index (config->inputs, i);
      g_autofree char *key = g_strdup_printf ("%s:%s", input->type ? input->type : "",
                                              input->bus ? input->bus : "");

      g_strv_builder_add (builder, key);
    }
  keys = g_strv_builder_end (builder);
  return keys;
}

/* "kind:type:target type" of each serial port and console. */
static GStrv
serial_keys (const VireoDomainConfig *config)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < config->chardevs->len; i++)
    {
      const VireoDomainChardev *chardev = g_ptr_array_index (config->chardevs, i);
      g_autofree char *key = NULL;

      if (g_strcmp0 (chardev->kind, "serial") != 0 && g_strcmp0 (chardev->kind, "console") != 0)
        continue;
      key = g_strdup_printf ("%s:%s:%s", chardev->kind, chardev->type ? chardev->type : "",
                             chardev->target_type ? chardev->target_type : "");
      g_strv_builder_add (builder, key);
    }
  return sorted (g_strv_builder_end (builder));
}

gboolean
vireo_domain_config_part_pending (const VireoDomainConfig *config,
                                  const VireoDomainConfig *live,
                                  VireoDomainPart          part,
                                  const char              *device)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (live == NULL)
    return FALSE;

  switch (part)
    {
    case VIREO_DOMAIN_PART_CPUS:
      return cpus_pending (config, live);

    case VIREO_DOMAIN_PART_MEMORY:
      return config->memory_kib != live->memory_kib || config->memory_max_kib != live->memory_max_kib;

    case VIREO_DOMAIN_PART_BOOT:
      return boot_pending (config, live);

    case VIREO_DOMAIN_PART_DISK:
      g_return_val_if_fail (device != NULL, FALSE);
      return disk_pending (config, live, device);

    case VIREO_DOMAIN_PART_NIC:
      g_return_val_if_fail (device != NULL, FALSE);
      return nic_pending (config, live, device);

    case VIREO_DOMAIN_PART_GRAPHICS:
      return graphics_pending (config, live);

    case VIREO_DOMAIN_PART_VIDEO:
      return said_differs (config->video_model, live->video_model);

    case VIREO_DOMAIN_PART_INPUT:
      {
        g_auto(GStrv) a = sorted (input_keys (config));
        g_auto(GStrv) b = sorted (input_keys (live));

        return strv_differ ((const char * const *) a, (const char * const *) b);
      }

    case VIREO_DOMAIN_PART_SOUND:
      {
        g_auto(GStrv) a = sorted (g_strdupv (config->sound_models));
        g_auto(GStrv) b = sorted (g_strdupv (live->sound_models));

        return strv_differ ((const char * const *) a, (const char * const *) b);
      }

    case VIREO_DOMAIN_PART_SERIAL:
      {
        g_auto(GStrv) a = serial_keys (config);
        g_auto(GStrv) b = serial_keys (live);

        return strv_differ ((const char * const *) a, (const char * const *) b);
      }

    default:
      g_return_val_if_reached (FALSE);
    }
}
