/* vireo-domain-config.h: a plain read model of a domain's XML, what the details pages show
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  VIREO_DOMAIN_FIRMWARE_BIOS,
  VIREO_DOMAIN_FIRMWARE_EFI,
} VireoDomainFirmware;

/* Every string is owned by the struct and NULL when the XML does not say. */
typedef struct
{
  char    *device;          /* "disk", "cdrom", "floppy", "lun" */
  char    *type;            /* "file", "block", "volume", "network", "dir" */
  char    *target;          /* "vda" */
  char    *bus;             /* "virtio", "sata", "scsi", "ide", "usb", "fdc" */
  char    *source;          /* file or dev path; for a network disk its name ("pool/image") */
  char    *source_pool;     /* type volume */
  char    *source_volume;   /* type volume */
  char    *source_protocol; /* type network: "rbd", "nbd", "iscsi" … */
  char    *driver_type;     /* "raw", "qcow2" */
  gboolean readonly;
  gboolean shareable;
  guint    boot_order;      /* <boot order='N'/>, 0 when none */
} VireoDomainDisk;

typedef struct
{
  char    *type;            /* "network", "bridge", "direct", "user" … */
  char    *source;          /* network name, bridge name or host device */
  char    *source_mode;     /* direct: "bridge", "vepa", "private", "passthrough" */
  char    *model;           /* "virtio", "e1000e" … */
  char    *mac;
  char    *link_state;      /* "up", "down"; NULL means up */
  char    *target_dev;      /* "vnet0" */
  guint    boot_order;
} VireoDomainNic;

typedef struct
{
  char    *type;            /* "vnc", "spice", "sdl" … */
  char    *listen;          /* the listen address, from the attribute or the first <listen type='address'> */
  int      port;            /* -1 when automatic or unknown */
  gboolean autoport;
  gboolean has_password;
  char    *password;        /* only when parsed with VIREO_DOMAIN_CONFIG_PARSE_SECRETS */
} VireoDomainGraphics;

typedef struct
{
  char    *type;            /* "tablet", "mouse", "keyboard" */
  char    *bus;             /* "usb", "ps2", "virtio" */
} VireoDomainInput;

typedef struct
{
  char    *kind;            /* "serial", "console", "parallel", "channel" */
  char    *type;            /* "pty", "file", "unix", "tcp" … */
  char    *target_type;     /* "serial", "virtio", "isa-serial" … */
  int      target_port;     /* -1 when absent */
  char    *path;            /* source path or the pty's path, when any */
} VireoDomainChardev;

typedef struct
{
  char    *name;
  char    *title;
  char    *description;
  char    *uuid;
  char    *type;            /* "kvm", "qemu", "test" */
  char    *arch;
  char    *machine;
  VireoDomainFirmware firmware;
  guint    vcpus;           /* current */
  guint    vcpus_max;
  char    *cpu_mode;        /* "host-passthrough", "host-model", "custom", NULL */
  guint64  memory_kib;      /* current (<currentMemory>, else <memory>) */
  guint64  memory_max_kib;  /* <memory> */
  GStrv    boot_devs;       /* <os><boot dev=…/>, in order; never NULL */
  gboolean boot_menu;
  GPtrArray *disks;         /* VireoDomainDisk */
  GPtrArray *nics;          /* VireoDomainNic */
  GPtrArray *graphics;      /* VireoDomainGraphics */
  char    *video_model;     /* the first (primary) <video><model type=…/> */
  GPtrArray *inputs;        /* VireoDomainInput */
  GStrv    sound_models;    /* never NULL */
  GPtrArray *chardevs;      /* VireoDomainChardev: serial, console, parallel, channel */
  char    *os_id;           /* libosinfo id, "http://ubuntu.com/ubuntu/22.04" */
} VireoDomainConfig;

typedef enum
{
  VIREO_DOMAIN_CONFIG_PARSE_NONE    = 0,
  /* Keep graphics passwords in the model (otherwise only has_password is set). */
  VIREO_DOMAIN_CONFIG_PARSE_SECRETS = 1 << 0,
} VireoDomainConfigParseFlags;

/* Any thread. Errors: VIREO_ERROR_INVALID_XML. */
VireoDomainConfig *vireo_domain_config_parse (const char                  *xml,
                                              VireoDomainConfigParseFlags  flags,
                                              GError                     **error);
void               vireo_domain_config_free  (VireoDomainConfig           *config);

/* The disk with target @target, the NIC with @mac (case-insensitive); NULL when none (borrowed). */
const VireoDomainDisk *vireo_domain_config_find_disk (const VireoDomainConfig *config,
                                                      const char              *target);
const VireoDomainNic  *vireo_domain_config_find_nic  (const VireoDomainConfig *config,
                                                      const char              *mac);

/* Converts @value in libvirt's @unit ("KiB" when NULL; "b", "KB", "MiB", "G" …) to KiB; FALSE for
 * an unknown unit or an overflow. */
gboolean           vireo_domain_config_scale_to_kib (guint64     value,
                                                     const char *unit,
                                                     guint64    *kib);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainConfig, vireo_domain_config_free)

G_END_DECLS
