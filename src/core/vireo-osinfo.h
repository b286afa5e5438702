/* vireo-osinfo.h: the operating systems libosinfo knows, their recommended resources and
 * devices, and detecting the OS of an installer ISO
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIREO_TYPE_OS (vireo_os_get_type ())
G_DECLARE_FINAL_TYPE (VireoOs, vireo_os, VIREO, OS, GObject)

/*
 * One operating system of the osinfo database, as the new-VM assistant uses it. Immutable,
 * safe to read from any thread once made. Properties (read-only): "id", "short-id", "name",
 * "family", "distro", "version", "search-text" (lower-case name and short id, for filtering).
 */
const char  *vireo_os_get_id                   (VireoOs *self);  /* "http://debian.org/debian/11" */
const char  *vireo_os_get_short_id             (VireoOs *self);  /* "debian11" */
const char  *vireo_os_get_name                 (VireoOs *self);  /* "Debian 11" */
const char  *vireo_os_get_family               (VireoOs *self);  /* "linux", "winnt" … (nullable) */
const char  *vireo_os_get_distro               (VireoOs *self);  /* "debian" (nullable) */
const char  *vireo_os_get_version              (VireoOs *self);  /* "11" (nullable) */
/* Recommended resources for x86_64 (else "all", else any architecture); when the database has
 * only a minimum, twice the minimum (virt-install's approximation, virtinst/osdict.py); 0 when
 * the database says nothing (the assistant then uses 1024 MiB, 1 vCPU, 20 GiB). */
guint64      vireo_os_get_recommended_ram_mib     (VireoOs *self);
guint        vireo_os_get_recommended_vcpus       (VireoOs *self);
guint64      vireo_os_get_recommended_storage_gib (VireoOs *self);
/* Device support from the database (the OS or what it derives from / upgrades). */
gboolean     vireo_os_supports_virtio_net      (VireoOs *self);
gboolean     vireo_os_supports_virtio_block    (VireoOs *self);
gboolean     vireo_os_supports_virtio_gpu      (VireoOs *self);
gboolean     vireo_os_supports_usb_tablet      (VireoOs *self);
gboolean     vireo_os_supports_e1000e          (VireoOs *self);
/* The rest of what virt-install asks osinfo (virtinst/osdict.py), for the XML builder. */
gboolean     vireo_os_supports_virtio_serial   (VireoOs *self);  /* qemu-guest-agent channel */
gboolean     vireo_os_supports_virtio_rng      (VireoOs *self);
gboolean     vireo_os_supports_virtio_balloon  (VireoOs *self);
gboolean     vireo_os_supports_usb3            (VireoOs *self);  /* qemu-xhci */
/* q35 in the database (and virtio 1.0 for an OS with virtio-net), virt-install's rule. */
gboolean     vireo_os_supports_q35             (VireoOs *self);
gboolean     vireo_os_is_windows               (VireoOs *self);  /* localtime clock, Hyper-V features */
/* The NIC for an x86 machine without virtio and not q35: the first of e1000, rtl8139, ne2k_pci,
 * pcnet that the OS lists, else "e1000". */
const char  *vireo_os_get_legacy_nic_model     (VireoOs *self);

/*
 * The database, loaded once per process (thread-safe; the first call reads osinfo-db's files,
 * ~0.3 s: call vireo_osinfo_load_async from the UI). Every VireoOs lives as long as the process.
 */
void         vireo_osinfo_load_async           (GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
/* Returns: (transfer full): a GListModel of VireoOs, every OS of the database, sorted by
 * family, distro, then version descending (newest first). */
GListModel  *vireo_osinfo_load_finish          (GAsyncResult        *result,
                                                GError             **error);
/* Blocking (loads the database when not loaded yet): the OS with @short_id, or NULL. Any thread. */
VireoOs     *vireo_osinfo_lookup               (const char          *short_id);

/*
 * What detection found in an installer ISO.
 * @os: (nullable): the OS Vireo will use; NULL when nothing was recognised
 * @detected_name: (nullable): what the medium says it is ("Debian 12.2.0 amd64 n", or the
 *   matched OS's name); NULL when nothing was recognised
 * @is_fallback: the medium is a release the database lacks (Debian 12's osinfo-db has no
 *   debian12): @os is the closest known release of the same distro (the newest not newer than the
 *   detected one, else the newest), and @fallback_note says so in a translated sentence
 */
typedef struct
{
  VireoOs  *os;
  char     *detected_name;
  gboolean  is_fallback;
  char     *fallback_note;
} VireoOsDetection;

void         vireo_os_detection_free           (VireoOsDetection    *detection);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoOsDetection, vireo_os_detection_free)

/*
 * Reads the ISO 9660 volume descriptor of the local file @path in a thread of its own and
 * matches it against the database (libosinfo's media matching, then Vireo's fallback by distro
 * and version). Gives up with G_IO_ERROR_TIMED_OUT after @timeout_ms. A file that does not exist
 * or cannot be read fails with the G_IO_ERROR of the open. A readable file that is no ISO, or an
 * unknown ISO, is not an error: the detection has no @os.
 */
void              vireo_osinfo_detect_async    (const char          *path,
                                                guint                timeout_ms,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
VireoOsDetection *vireo_osinfo_detect_finish   (GAsyncResult        *result,
                                                GError             **error);

/* For tests and the fallback: the best entry for a medium whose volume id is @volume_id
 * ("Debian 12.2.0 amd64 n"), by distro name and version, when no media entry matches. */
VireoOsDetection *vireo_osinfo_guess_from_volume_id (const char     *volume_id);

G_END_DECLS
