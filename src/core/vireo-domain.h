/* vireo-domain.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The same values as libvirt's virDomainState. */
typedef enum
{
  VIREO_DOMAIN_STATE_NOSTATE     = 0,
  VIREO_DOMAIN_STATE_RUNNING     = 1,
  VIREO_DOMAIN_STATE_BLOCKED     = 2,
  VIREO_DOMAIN_STATE_PAUSED      = 3,
  VIREO_DOMAIN_STATE_SHUTDOWN    = 4,
  VIREO_DOMAIN_STATE_SHUTOFF     = 5,
  VIREO_DOMAIN_STATE_CRASHED     = 6,
  VIREO_DOMAIN_STATE_PMSUSPENDED = 7,
} VireoDomainState;

#define VIREO_DOMAIN_HISTORY_LENGTH 40

#define VIREO_TYPE_DOMAIN (vireo_domain_get_type ())

G_DECLARE_FINAL_TYPE (VireoDomain, vireo_domain, VIREO, DOMAIN, GObject)

typedef struct _VireoConnection VireoConnection;

/*
 * The view-model of one VM. Properties (notified on the main thread only, and only on change):
 *   name, uuid, id (-1 when not running), title, description, state (VireoDomainState),
 *   state-reason (libvirt's reason code for the state), state-label (translated, e.g. "Running"),
 *   is-active, persistent, autostart, has-managed-save, vcpus, memory-kib, max-memory-kib,
 *   cpu-usage (percent of its vCPUs, 0–100), memory-usage-kib, disk-read-bps, disk-write-bps,
 *   net-rx-bps, net-tx-bps (bytes per second), stats-serial (bumped once per stats tick that
 *   changed anything: widgets drawing histories redraw on it).
 *
 * A VireoDomain keeps its identity for as long as the VM exists on its connection: refreshes
 * update it in place.
 */

/* The connection the VM belongs to (NULL once that connection is gone). */
VireoConnection  *vireo_domain_get_connection       (VireoDomain *self);
const char       *vireo_domain_get_name             (VireoDomain *self);
const char       *vireo_domain_get_uuid             (VireoDomain *self);
int               vireo_domain_get_id               (VireoDomain *self);
const char       *vireo_domain_get_title            (VireoDomain *self);
const char       *vireo_domain_get_description      (VireoDomain *self);
VireoDomainState  vireo_domain_get_state            (VireoDomain *self);
int               vireo_domain_get_state_reason     (VireoDomain *self);
const char       *vireo_domain_get_state_label      (VireoDomain *self);
gboolean          vireo_domain_get_is_active        (VireoDomain *self);
gboolean          vireo_domain_get_persistent       (VireoDomain *self);
gboolean          vireo_domain_get_autostart        (VireoDomain *self);
gboolean          vireo_domain_get_has_managed_save (VireoDomain *self);
guint             vireo_domain_get_vcpus            (VireoDomain *self);
guint64           vireo_domain_get_memory_kib       (VireoDomain *self);
guint64           vireo_domain_get_max_memory_kib   (VireoDomain *self);
double            vireo_domain_get_cpu_usage        (VireoDomain *self);
guint64           vireo_domain_get_memory_usage_kib (VireoDomain *self);
double            vireo_domain_get_disk_read_bps    (VireoDomain *self);
double            vireo_domain_get_disk_write_bps   (VireoDomain *self);
double            vireo_domain_get_net_rx_bps       (VireoDomain *self);
double            vireo_domain_get_net_tx_bps       (VireoDomain *self);
guint             vireo_domain_get_stats_serial     (VireoDomain *self);
/* The last VIREO_DOMAIN_HISTORY_LENGTH samples, oldest first; *n_values is how many there are. */
const double     *vireo_domain_get_cpu_history      (VireoDomain *self,
                                                     guint       *n_values);
const double     *vireo_domain_get_memory_history   (VireoDomain *self,
                                                     guint       *n_values);
const double     *vireo_domain_get_disk_history     (VireoDomain *self,
                                                     guint       *n_values);
const double     *vireo_domain_get_net_history      (VireoDomain *self,
                                                     guint       *n_values);

/* Human text for a state, translated ("Running", "Shut off" …). */
const char       *vireo_domain_state_to_label       (VireoDomainState state);

G_END_DECLS
