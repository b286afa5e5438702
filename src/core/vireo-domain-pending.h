/* vireo-domain-pending.h: what of a VM's definition waits for its next boot
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vireo-domain-config.h"

G_BEGIN_DECLS

/* The parts of a definition, as the hardware pages divide it. */
typedef enum
{
  VIREO_DOMAIN_PART_CPUS,       /* vcpus, max vcpus, CPU mode */
  VIREO_DOMAIN_PART_MEMORY,     /* current and max memory */
  VIREO_DOMAIN_PART_BOOT,       /* boot devices (os/boot and per-device boot order), boot menu */
  VIREO_DOMAIN_PART_DISK,       /* one disk, by target: device, source, bus, format, read-only */
  VIREO_DOMAIN_PART_NIC,        /* one NIC, by MAC: type, source, source mode, model, link state */
  VIREO_DOMAIN_PART_GRAPHICS,   /* type, listen address, port/autoport */
  VIREO_DOMAIN_PART_VIDEO,      /* primary video model */
  VIREO_DOMAIN_PART_INPUT,      /* input devices (type and bus) */
  VIREO_DOMAIN_PART_SOUND,      /* sound models */
  VIREO_DOMAIN_PART_SERIAL,     /* serial and console devices (kind, type, target type) */
} VireoDomainPart;

/*
 * TRUE when @part of the inactive definition @config differs from the running VM's @live (its live
 * XML): the change applies at the next boot. FALSE when @live is NULL (the VM does not run). For
 * DISK and NIC, @device is the disk's target or the NIC's MAC; a device in only one of the two is
 * pending (added or removed). What libvirt fills in on a running VM (aliases, a NIC's target dev, an
 * automatic VNC port, a pty's path, addresses) is not compared. Any thread.
 */
gboolean vireo_domain_config_part_pending (const VireoDomainConfig *config,
                                           const VireoDomainConfig *live,
                                           VireoDomainPart          part,
                                           const char              *device);

G_END_DECLS
