/* vireo-install-plan.h: the new-VM assistant's choices, checked against the host, and the
 * domain XML they make (pure data: no libvirt calls, any thread)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-osinfo.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_INSTALL_MEDIA_ISO,           /* boot an installer ISO from a CD-ROM */
  VIREO_INSTALL_MEDIA_IMPORT,        /* boot an existing disk image (disk must be EXISTING) */
  VIREO_INSTALL_MEDIA_NETWORK_BOOT,  /* PXE */
  VIREO_INSTALL_MEDIA_MANUAL,        /* no media: boot from the disk */
} VireoInstallMedia;

typedef enum
{
  VIREO_INSTALL_DISK_NONE,
  VIREO_INSTALL_DISK_NEW_VOLUME,     /* a new volume of disk_gib in disk_pool */
  VIREO_INSTALL_DISK_EXISTING,       /* disk_path: a file or block device on the host (a volume's path too) */
} VireoInstallDisk;

typedef enum
{
  VIREO_INSTALL_NIC_NONE,
  VIREO_INSTALL_NIC_NETWORK,         /* nic_source: a libvirt virtual network */
  VIREO_INSTALL_NIC_BRIDGE,          /* nic_source: a host bridge */
  VIREO_INSTALL_NIC_MACVTAP,         /* nic_source: a host interface (direct, mode bridge) */
  VIREO_INSTALL_NIC_USER,            /* user-mode networking (session connections) */
} VireoInstallNic;

typedef enum
{
  VIREO_INSTALL_STAGE_INSTALL,       /* boots the media first */
  VIREO_INSTALL_STAGE_FINAL,         /* what stays defined: boots from the disk */
} VireoInstallStage;

/* Which field a problem belongs to, so the assistant shows it at that field. */
typedef enum
{
  VIREO_INSTALL_FIELD_NAME,
  VIREO_INSTALL_FIELD_MEDIA,
  VIREO_INSTALL_FIELD_OS,
  VIREO_INSTALL_FIELD_MEMORY,
  VIREO_INSTALL_FIELD_VCPUS,
  VIREO_INSTALL_FIELD_DISK,
  VIREO_INSTALL_FIELD_NETWORK,
} VireoInstallField;

#define VIREO_TYPE_INSTALL_PLAN (vireo_install_plan_get_type ())

/*
 * The choices. Strings are owned by the plan (g_free'd by vireo_install_plan_free).
 * @os_short_id: libosinfo short id ("debian11"), NULL for a generic OS
 * @domain_type: NULL: "kvm" when the host offers it, else "qemu"; "qemu" forces TCG
 * @disk_volume: NEW_VOLUME: the volume's name; NULL: "<name>.<format>"
 * @disk_path: EXISTING: the path; NEW_VOLUME: filled in by the creation job once the volume exists
 * @nic_model: NULL: virtio when the OS supports it, else e1000e on q35, else e1000
 */
typedef struct
{
  char              *name;
  VireoInstallMedia  media;
  char              *iso_path;
  char              *os_short_id;
  guint64            memory_mib;
  guint              vcpus;
  VireoInstallDisk   disk;
  char              *disk_pool;
  char              *disk_volume;
  char              *disk_format;
  guint64            disk_gib;
  char              *disk_path;
  VireoInstallNic    nic;
  char              *nic_source;
  char              *nic_model;
  gboolean           tablet;
  char              *domain_type;
} VireoInstallPlan;

GType             vireo_install_plan_get_type (void) G_GNUC_CONST;
/* Defaults: ISO, 1024 MiB, 1 vCPU, new 20 GiB qcow2 in "default", network "default", tablet on. */
VireoInstallPlan *vireo_install_plan_new      (void);
VireoInstallPlan *vireo_install_plan_copy     (const VireoInstallPlan *plan);
void              vireo_install_plan_free     (VireoInstallPlan       *plan);
/* The name of the volume a NEW_VOLUME plan creates: disk_volume, else "<name>.<format>". */
char             *vireo_install_plan_dup_volume_name (const VireoInstallPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallPlan, vireo_install_plan_free)

/*
 * What the host offers, from virConnectGetCapabilities and (when the driver has it, the test
 * driver does not) virConnectGetDomainCapabilities for the chosen arch and domain type. Opaque,
 * immutable, any thread.
 */
typedef struct _VireoInstallCaps VireoInstallCaps;

VireoInstallCaps *vireo_install_caps_new_from_xml  (const char  *capabilities_xml,
                                                    const char  *domain_capabilities_xml,
                                                    GError     **error);
void              vireo_install_caps_free          (VireoInstallCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoInstallCaps, vireo_install_caps_free)
/* The guest architecture Vireo creates (the host's: "x86_64"; "i686" on the test driver). */
const char       *vireo_install_caps_get_arch      (const VireoInstallCaps *caps);
/* "kvm" when offered for that arch, else "qemu" (or the test driver's "test"). */
const char       *vireo_install_caps_get_domain_type (const VireoInstallCaps *caps);
gboolean          vireo_install_caps_has_domain_type (const VireoInstallCaps *caps,
                                                      const char             *type);
/* The machine type Vireo uses: "q35" where offered, else the default ("pc", or NULL). */
const char       *vireo_install_caps_get_machine   (const VireoInstallCaps *caps);
/* The host's default machine (the "pc" alias, else the first listed; NULL on the test driver). */
const char       *vireo_install_caps_get_default_machine (const VireoInstallCaps *caps);
/* The machine the XML uses for @os (nullable: generic), virt-install's rule: q35 when offered on
 * x86 and the OS supports q35 (osinfo; a generic OS does not), else the default machine. */
const char       *vireo_install_caps_choose_machine (const VireoInstallCaps *caps,
                                                     VireoOs                *os);

/*
 * What the plan is checked against: the host's limits and what is already taken.
 * @pool_available: bytes free in plan->disk_pool (G_MAXUINT64: unknown or pool yet to be made)
 */
typedef struct
{
  guint64              host_memory_mib;
  guint                host_cpus;
  const char * const  *taken_names;      /* VM names on the connection */
  const char * const  *taken_volumes;    /* volume names in plan->disk_pool */
  const char * const  *networks;         /* virtual networks that exist */
  guint64              pool_available;
} VireoInstallLimits;

typedef struct
{
  VireoInstallField  field;
  char              *message;            /* translated, says what is wrong and how to fix it */
} VireoInstallProblem;

void              vireo_install_problem_free       (VireoInstallProblem *problem);

/* Returns: (transfer full) (element-type VireoInstallProblem): every problem of @plan, empty when
 * it can be created, in field order (name, media, OS, memory, vCPUs, disk, network). Never touches
 * the host (paths are checked by the creation job); looks plan->os_short_id up in the osinfo
 * database, which blocks once while it loads (load it first with vireo_osinfo_load_async). */
GPtrArray        *vireo_install_plan_check         (const VireoInstallPlan   *plan,
                                                    const VireoInstallLimits *limits);

/*
 * The <domain> document for @stage: name, memory, vcpu, os (arch, machine, boot), features,
 * cpu, clock, devices chosen by @os (nullable: generic) and @caps the way virt-install chooses
 * them (virtio disk and NIC when the OS supports them, SATA CD-ROM on q35 and IDE on pc, USB
 * tablet when plan->tablet, VNC on 127.0.0.1 with autoport, video by OS support, a serial
 * console, a virtio RNG and memballoon where supported). No UUID and no MAC: libvirt makes them.
 * INSTALL boots the media first; FINAL keeps the CD-ROM but boots from the disk.
 */
char             *vireo_install_plan_build_xml     (const VireoInstallPlan   *plan,
                                                    const VireoInstallCaps   *caps,
                                                    VireoOs                  *os,
                                                    VireoInstallStage         stage,
                                                    GError                  **error);
/* @install_xml (any domain document) booting from its disk: the <os> boot devices and per-device
 * boot orders of CD-ROMs and NICs removed, <boot dev='hd'/> set. Everything else untouched. */
char             *vireo_install_xml_make_final     (const char               *install_xml,
                                                    GError                  **error);
/* The storage volume XML for a NEW_VOLUME plan (sparse: allocation 0). */
char             *vireo_install_plan_build_volume_xml (const VireoInstallPlan *plan,
                                                       GError                **error);

G_END_DECLS
