/* vireo-domain-edit.h: edits of a domain's inactive XML, in place
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Every function takes a domain's XML and returns the edited XML (transfer full), or NULL with a
 * translated error: VIREO_ERROR_INVALID_XML when @xml cannot be parsed, VIREO_ERROR_INVALID_ARGUMENT
 * when the change itself is wrong (the message says what and how to fix it). Elements and
 * attributes Vireo does not know, comments and processing instructions survive. Pure functions:
 * any thread.
 *
 * Disks are named by their target ("vda"), NICs by their MAC address (case-insensitive), graphics
 * by their type ("vnc"; NULL for the first one).
 */

/* Overview. NULL or "" removes the element. A title is one line. */
char *vireo_domain_edit_set_title          (const char          *xml,
                                            const char          *title,
                                            GError             **error);
char *vireo_domain_edit_set_description    (const char          *xml,
                                            const char          *description,
                                            GError             **error);

/* CPUs: 1 ≤ @current ≤ @max; a <cpu><topology> must still add up to @max. */
char *vireo_domain_edit_set_vcpus          (const char          *xml,
                                            guint                current,
                                            guint                max,
                                            GError             **error);
/* "host-passthrough", "host-model", "maximum", or "custom" (needs a <cpu><model>); NULL removes
 * the mode (the hypervisor's default). */
char *vireo_domain_edit_set_cpu_mode       (const char          *xml,
                                            const char          *mode,
                                            GError             **error);

/* Memory in KiB: 0 < @current_kib ≤ @max_kib. */
char *vireo_domain_edit_set_memory         (const char          *xml,
                                            guint64              current_kib,
                                            guint64              max_kib,
                                            GError             **error);

/* Boot order by device class, <os><boot dev=…/>: "hd", "cdrom", "network", "fd"; per-device
 * <boot order> elements are removed (libvirt refuses both). */
char *vireo_domain_edit_set_boot_order     (const char          *xml,
                                            const char * const  *devs,
                                            GError             **error);
/* Boot order by device, <boot order='N'/> on each disk target or NIC MAC of @devices in turn;
 * <os><boot> and the other devices' <boot order> are removed. */
char *vireo_domain_edit_set_device_boot_order (const char         *xml,
                                               const char * const *devices,
                                               GError            **error);
char *vireo_domain_edit_set_boot_menu      (const char          *xml,
                                            gboolean             enabled,
                                            GError             **error);

typedef struct
{
  const char *device;       /* "disk" (default) or "cdrom" */
  const char *path;         /* absolute; under /dev/ a block device; NULL for an empty CD-ROM drive */
  const char *pool;         /* with @volume instead of @path: a <disk type='volume'> */
  const char *volume;
  const char *bus;          /* "virtio" (disk default), "sata" (CD-ROM default), "scsi", "ide", "usb" */
  const char *format;       /* driver type: "qcow2", "raw" (default) … */
  const char *target;       /* NULL: the first free one for the bus (vda…, sda…, hda…) */
  gboolean    readonly;     /* CD-ROMs always are */
} VireoDomainDiskSpec;

/* @target_out (optional): the disk's target, for vireo_domain_edit_dup_disk_xml(). */
char *vireo_domain_edit_add_disk           (const char                *xml,
                                            const VireoDomainDiskSpec *spec,
                                            char                     **target_out,
                                            GError                   **error);
char *vireo_domain_edit_remove_disk        (const char          *xml,
                                            const char          *target,
                                            GError             **error);
/* Inserts @path into the CD-ROM (or floppy) @target, or ejects the media when @path is NULL. */
char *vireo_domain_edit_change_media       (const char          *xml,
                                            const char          *target,
                                            const char          *path,
                                            GError             **error);

typedef struct
{
  const char *type;         /* "network", "bridge" or "direct" (macvtap) */
  const char *source;       /* network name, bridge, or host device */
  const char *source_mode;  /* direct: "bridge" (default), "vepa", "private", "passthrough" */
  const char *model;        /* "virtio" (default), "e1000e", "e1000", "rtl8139" … */
  const char *mac;          /* NULL: a new 52:54:00:… address, used nowhere */
} VireoDomainNicSpec;

/* @used_macs: the MACs of the connection's other domains (NULL-terminated, may be NULL); a MAC among
 * them or this domain's is refused. @mac_out (optional): the new NIC's MAC. */
char *vireo_domain_edit_add_nic            (const char               *xml,
                                            const VireoDomainNicSpec *spec,
                                            const char * const       *used_macs,
                                            char                    **mac_out,
                                            GError                  **error);
char *vireo_domain_edit_remove_nic         (const char          *xml,
                                            const char          *mac,
                                            GError             **error);
char *vireo_domain_edit_set_nic_model      (const char          *xml,
                                            const char          *mac,
                                            const char          *model,
                                            GError             **error);
char *vireo_domain_edit_set_nic_link       (const char          *xml,
                                            const char          *mac,
                                            gboolean             up,
                                            GError             **error);
/* @type "network", "bridge" or "direct"; @source_mode only for direct (NULL: "bridge"). */
char *vireo_domain_edit_set_nic_source     (const char          *xml,
                                            const char          *mac,
                                            const char          *type,
                                            const char          *source,
                                            const char          *source_mode,
                                            GError             **error);

/* An IP address; NULL or "" removes it (the host's default). */
char *vireo_domain_edit_set_graphics_listen   (const char       *xml,
                                               const char       *type,
                                               const char       *address,
                                               GError          **error);
/* @port -1: automatic; otherwise 5900–65535 for VNC, 1–65535 for others. */
char *vireo_domain_edit_set_graphics_port     (const char       *xml,
                                               const char       *type,
                                               int               port,
                                               GError          **error);
/* NULL clears the password; "" is refused. */
char *vireo_domain_edit_set_graphics_password (const char       *xml,
                                               const char       *type,
                                               const char       *password,
                                               GError          **error);

/* The primary video device's model ("virtio", "qxl", "vga", "cirrus", "bochs", "ramfb", "vmvga",
 * "none"); one is added when there is none. Model-specific sizes (ram, vram…) are dropped. */
char *vireo_domain_edit_set_video_model    (const char          *xml,
                                            const char          *model,
                                            GError             **error);

char *vireo_domain_edit_add_tablet         (const char          *xml,
                                            GError             **error);
char *vireo_domain_edit_remove_tablet      (const char          *xml,
                                            GError             **error);

/* Models as libvirt names them: "ich9", "ich6", "ich7", "ac97", "es1370", "sb16", "pcspk", "usb".
 * Removing takes the first sound device of @model away. */
char *vireo_domain_edit_add_sound          (const char          *xml,
                                            const char          *model,
                                            GError             **error);
char *vireo_domain_edit_remove_sound       (const char          *xml,
                                            const char          *model,
                                            GError             **error);

/* A pty serial port and, when the domain has no console, a serial console on it; removing takes
 * every pty serial port and pty serial console away. */
char *vireo_domain_edit_add_serial_console    (const char       *xml,
                                               GError          **error);
char *vireo_domain_edit_remove_serial_console (const char       *xml,
                                               GError          **error);

/* Device XML to hot-apply with virDomainAttachDeviceFlags / UpdateDeviceFlags / DetachDeviceFlags:
 * the element as it stands in @xml (take it from the edited XML after an add or change, from the
 * original before a removal). */
char *vireo_domain_edit_dup_disk_xml       (const char          *xml,
                                            const char          *target,
                                            GError             **error);
char *vireo_domain_edit_dup_nic_xml        (const char          *xml,
                                            const char          *mac,
                                            GError             **error);
char *vireo_domain_edit_dup_tablet_xml     (const char          *xml,
                                            GError             **error);

/* Well-formed, with a <domain> root; errors are VIREO_ERROR_INVALID_XML, "line 12: …", and
 * @error_line (optional) the line (1-based; 0 when there is none: an empty document). */
gboolean vireo_domain_edit_validate_xml    (const char          *xml,
                                            int                 *error_line,
                                            GError             **error);

/* xx:xx:xx:xx:xx:xx, unicast, not all zeros. */
gboolean vireo_domain_edit_mac_is_valid    (const char          *mac);

G_END_DECLS
