/* vireo-domain.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-core-enums.h"
#include "vireo-domain-private.h"

/*
 * The view-model of one VM: properties set on the main thread from refreshes (VireoDomainInfo),
 * lifecycle events and stats samples, each notified only when its value changed.
 */

struct _VireoDomain
{
  GObject           parent_instance;

  GWeakRef          connection;
  char             *uuid;
  char             *name;
  char             *title;
  char             *description;
  int               id;
  VireoDomainState  state;
  int               state_reason;
  gboolean          persistent;
  gboolean          autostart;
  gboolean          has_managed_save;
  guint             vcpus;
  guint64           memory_kib;
  guint64           max_memory_kib;

  VireoStatsSample  last_sample;
  gboolean          has_last_sample;
  double            cpu_usage;
  guint64           memory_usage_kib;
  double            disk_read_bps;
  double            disk_write_bps;
  double            net_rx_bps;
  double            net_tx_bps;
  guint             stats_serial;
  VireoStatsRing    cpu_history;
  VireoStatsRing    memory_history;
  VireoStatsRing    disk_history;
  VireoStatsRing    net_history;
  /* vireo_domain_get_*_history() hand out these copies, oldest first. */
  double            history_out[4][VIREO_DOMAIN_HISTORY_LENGTH];
};

G_DEFINE_FINAL_TYPE (VireoDomain, vireo_domain, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_UUID,
  PROP_ID,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_STATE,
  PROP_STATE_REASON,
  PROP_STATE_LABEL,
  PROP_IS_ACTIVE,
  PROP_PERSISTENT,
  PROP_AUTOSTART,
  PROP_HAS_MANAGED_SAVE,
  PROP_VCPUS,
  PROP_MEMORY_KIB,
  PROP_MAX_MEMORY_KIB,
  PROP_CPU_USAGE,
  PROP_MEMORY_USAGE_KIB,
  PROP_DISK_READ_BPS,
  PROP_DISK_WRITE_BPS,
  PROP_NET_RX_BPS,
  PROP_NET_TX_BPS,
  PROP_STATS_SERIAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Worker side */

static char *
dup_metadata (virDomainPtr domain,
              int          type)
{
  char *value = virDomainGetMetadata (domain, type, NULL, VIR_DOMAIN_AFFECT_CURRENT);
  char *copy;

  if (value == NULL)
    {
      /* VIR_ERR_NO_DOMAIN_METADATA: simply none. */
      virResetLastError ();
      return NULL;
    }
  copy = g_strdup (value);
  free (value);
  return copy;
}

/**
 * vireo_domain_info_new_from_virdomain:
 * @domain: a libvirt domain
 *
 * Reads what the list shows about @domain. Worker thread only: this talks to the daemon.
 *
 * Returns: (transfer full) (nullable): the facts, or %NULL when the domain vanished meanwhile
 */
VireoDomainInfo *
vireo_domain_info_new_from_virdomain (virDomainPtr domain)
{
  g_autoptr(VireoDomainInfo) info = g_new0 (VireoDomainInfo, 1);
  char uuid[VIR_UUID_STRING_BUFLEN];
  virDomainInfo dominfo;
  int value;

  if (virDomainGetUUIDString (domain, uuid) < 0 || virDomainGetInfo (domain, &dominfo) < 0 ||
      virDomainGetState (domain, &info->state, &info->reason, 0) < 0)
    {
      virResetLastError ();
      return NULL;
    }

  info->uuid = g_strdup (uuid);
  info->name = g_strdup (virDomainGetName (domain));
  info->id = virDomainIsActive (domain) == 1 ? (int) virDomainGetID (domain) : -1;
  info->vcpus = dominfo.nrVirtCpu;
  info->memory_kib = dominfo.memory;
  info->max_memory_kib = dominfo.maxMem;
  info->persistent = virDomainIsPersistent (domain) == 1;
  info->autostart = virDomainGetAutostart (domain, &value) == 0 && value;
  info->has_managed_save = virDomainHasManagedSaveImage (domain, 0) == 1;
  info->title = dup_metadata (domain, VIR_DOMAIN_METADATA_TITLE);
  info->description = dup_metadata (domain, VIR_DOMAIN_METADATA_DESCRIPTION);
  virResetLastError ();

  return g_steal_pointer (&info);
}

void
vireo_domain_info_free (VireoDomainInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->uuid);
  g_free (info->name);
  g_free (info->title);
  g_free (info->description);
  g_free (info);
}

/* Main-thread setters */

static void
notify (VireoDomain *self,
        guint        prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_str (VireoDomain  *self,
         char        **field,
         const char   *value,
         guint         prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  notify (self, prop);
}

#define SET_FIELD(self, field, value, prop) \
  G_STMT_START { \
    if ((self)->field != (value)) \
      { \
        (self)->field = (value); \
        notify ((self), (prop)); \
      } \
  } G_STMT_END

/* Doubles are compared at display precision: a change nobody could see notifies nobody. */
static void
set_rate (VireoDomain *self,
          double      *field,
          double       value,
          guint        prop)
{
  if (ABS (*field - value) < 0.01)
    return;
  *field = value;
  notify (self, prop);
}

void
_vireo_domain_set_state (VireoDomain      *self,
                         VireoDomainState  state,
                         int               reason)
{
  gboolean was_active = vireo_domain_get_is_active (self);

  g_assert (VIREO_IS_MAIN_THREAD ());

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      notify (self, PROP_STATE);
      notify (self, PROP_STATE_LABEL);
    }
  SET_FIELD (self, state_reason, reason, PROP_STATE_REASON);
  if (was_active != vireo_domain_get_is_active (self))
    notify (self, PROP_IS_ACTIVE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_vireo_domain_apply_info (VireoDomain           *self,
                          const VireoDomainInfo *info)
{
  g_assert (VIREO_IS_MAIN_THREAD ());
  g_return_if_fail (g_strcmp0 (info->uuid, self->uuid) == 0);

  g_object_freeze_notify (G_OBJECT (self));
  set_str (self, &self->name, info->name, PROP_NAME);
  set_str (self, &self->title, info->title, PROP_TITLE);
  set_str (self, &self->description, info->description, PROP_DESCRIPTION);
  SET_FIELD (self, id, info->id, PROP_ID);
  _vireo_domain_set_state (self, info->state, info->reason);
  SET_FIELD (self, persistent, info->persistent, PROP_PERSISTENT);
  SET_FIELD (self, autostart, info->autostart, PROP_AUTOSTART);
  SET_FIELD (self, has_managed_save, info->has_managed_save, PROP_HAS_MANAGED_SAVE);
  SET_FIELD (self, vcpus, info->vcpus, PROP_VCPUS);
  SET_FIELD (self, memory_kib, info->memory_kib, PROP_MEMORY_KIB);
  SET_FIELD (self, max_memory_kib, info->max_memory_kib, PROP_MAX_MEMORY_KIB);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
ring_is_full_of (const VireoStatsRing *ring,
                 double                value)
{
  if (ring->length < ring->capacity)
    return FALSE;
  for (guint i = 0; i < ring->length; i++)
    if (ring->values[i] != value)
      return FALSE;
  return TRUE;
}

void
_vireo_domain_apply_stats (VireoDomain            *self,
                           const VireoStatsSample *sample)
{
  VireoStatsRates rates;
  guint serial = self->stats_serial;

  g_assert (VIREO_IS_MAIN_THREAD ());

  vireo_stats_compute_rates (self->has_last_sample ? &self->last_sample : NULL, sample, &rates);
  self->last_sample = *sample;
  self->has_last_sample = TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  set_rate (self, &self->cpu_usage, rates.cpu_percent, PROP_CPU_USAGE);
  SET_FIELD (self, memory_usage_kib, rates.memory_used_kib, PROP_MEMORY_USAGE_KIB);
  set_rate (self, &self->disk_read_bps, rates.disk_read_bps, PROP_DISK_READ_BPS);
  set_rate (self, &self->disk_write_bps, rates.disk_write_bps, PROP_DISK_WRITE_BPS);
  set_rate (self, &self->net_rx_bps, rates.net_rx_bps, PROP_NET_RX_BPS);
  set_rate (self, &self->net_tx_bps, rates.net_tx_bps, PROP_NET_TX_BPS);

  if (sample->active)
    {
      double values[4] = {
        rates.cpu_percent, (double) rates.memory_used_kib,
        rates.disk_read_bps + rates.disk_write_bps, rates.net_rx_bps + rates.net_tx_bps,
      };
      VireoStatsRing *rings[4] = {
        &self->cpu_history, &self->memory_history, &self->disk_history, &self->net_history,
      };
      gboolean changed = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (rings); i++)
        {
          /* A full history of one value pushed that value again looks the same: no redraw. */
          changed = changed || !ring_is_full_of (rings[i], values[i]);
          vireo_stats_ring_push (rings[i], values[i]);
        }
      if (changed)
        {
          self->stats_serial = serial + 1;
          notify (self, PROP_STATS_SERIAL);
        }
    }
  else if (self->cpu_history.length > 0)
    {
      /* Stopped: the graphs empty once, then nothing redraws until it runs again. */
      vireo_stats_ring_reset (&self->cpu_history);
      vireo_stats_ring_reset (&self->memory_history);
      vireo_stats_ring_reset (&self->disk_history);
      vireo_stats_ring_reset (&self->net_history);
      self->stats_serial = serial + 1;
      notify (self, PROP_STATS_SERIAL);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

VireoDomain *
_vireo_domain_new (VireoConnection       *connection,
                   const VireoDomainInfo *info)
{
  VireoDomain *self = g_object_new (VIREO_TYPE_DOMAIN, NULL);

  g_weak_ref_set (&self->connection, connection);
  self->uuid = g_strdup (info->uuid);
  /* Quietly: nobody listens yet. */
  _vireo_domain_apply_info (self, info);

  return self;
}

/* Getters */

VireoConnection *
vireo_domain_get_connection (VireoDomain *self)
{
  VireoConnection *connection;

  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);

  /* The connection owns its domains: while the domain is alive in its model, it is too. */
  connection = g_weak_ref_get (&self->connection);
  if (connection != NULL)
    g_object_unref (connection);
  return connection;
}

const char *
vireo_domain_get_name (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return self->name;
}

const char *
vireo_domain_get_uuid (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return self->uuid;
}

int
vireo_domain_get_id (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), -1);
  return self->id;
}

const char *
vireo_domain_get_title (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return self->title;
}

const char *
vireo_domain_get_description (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return self->description;
}

VireoDomainState
vireo_domain_get_state (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), VIREO_DOMAIN_STATE_NOSTATE);
  return self->state;
}

int
vireo_domain_get_state_reason (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->state_reason;
}

const char *
vireo_domain_get_state_label (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return vireo_domain_state_to_label (self->state);
}

gboolean
vireo_domain_get_is_active (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
  return self->state != VIREO_DOMAIN_STATE_SHUTOFF &&
         self->state != VIREO_DOMAIN_STATE_NOSTATE &&
         !(self->state == VIREO_DOMAIN_STATE_CRASHED && self->id < 0);
}

gboolean
vireo_domain_get_persistent (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
  return self->persistent;
}

gboolean
vireo_domain_get_autostart (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
  return self->autostart;
}

gboolean
vireo_domain_get_has_managed_save (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), FALSE);
  return self->has_managed_save;
}

guint
vireo_domain_get_vcpus (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->vcpus;
}

guint64
vireo_domain_get_memory_kib (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->memory_kib;
}

guint64
vireo_domain_get_max_memory_kib (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->max_memory_kib;
}

double
vireo_domain_get_cpu_usage (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->cpu_usage;
}

guint64
vireo_domain_get_memory_usage_kib (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->memory_usage_kib;
}

double
vireo_domain_get_disk_read_bps (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->disk_read_bps;
}

double
vireo_domain_get_disk_write_bps (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->disk_write_bps;
}

double
vireo_domain_get_net_rx_bps (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->net_rx_bps;
}

double
vireo_domain_get_net_tx_bps (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->net_tx_bps;
}

guint
vireo_domain_get_stats_serial (VireoDomain *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), 0);
  return self->stats_serial;
}

static const double *
history (VireoDomain    *self,
         VireoStatsRing *ring,
         guint           slot,
         guint          *n_values)
{
  guint n = vireo_stats_ring_copy (ring, self->history_out[slot]);

  if (n_values != NULL)
    *n_values = n;
  return self->history_out[slot];
}

const double *
vireo_domain_get_cpu_history (VireoDomain *self,
                              guint       *n_values)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return history (self, &self->cpu_history, 0, n_values);
}

const double *
vireo_domain_get_memory_history (VireoDomain *self,
                                 guint       *n_values)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return history (self, &self->memory_history, 1, n_values);
}

const double *
vireo_domain_get_disk_history (VireoDomain *self,
                               guint       *n_values)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return history (self, &self->disk_history, 2, n_values);
}

const double *
vireo_domain_get_net_history (VireoDomain *self,
                              guint       *n_values)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN (self), NULL);
  return history (self, &self->net_history, 3, n_values);
}

/**
 * vireo_domain_state_to_label:
 * @state: a state
 *
 * Returns: the state as the user reads it, translated
 */
const char *
vireo_domain_state_to_label (VireoDomainState state)
{
  switch (state)
    {
    case VIREO_DOMAIN_STATE_RUNNING:
      return C_("vm state", "Running");
    case VIREO_DOMAIN_STATE_BLOCKED:
      return C_("vm state", "Blocked");
    case VIREO_DOMAIN_STATE_PAUSED:
      return C_("vm state", "Paused");
    case VIREO_DOMAIN_STATE_SHUTDOWN:
      return C_("vm state", "Shutting down");
    case VIREO_DOMAIN_STATE_SHUTOFF:
      return C_("vm state", "Shut off");
    case VIREO_DOMAIN_STATE_CRASHED:
      return C_("vm state", "Crashed");
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
      return C_("vm state", "Suspended");
    case VIREO_DOMAIN_STATE_NOSTATE:
    default:
      return C_("vm state", "Unknown");
    }
}

/* GObject */

static void
vireo_domain_finalize (GObject *object)
{
  VireoDomain *self = (VireoDomain *) object;

  g_weak_ref_clear (&self->connection);
  g_free (self->uuid);
  g_free (self->name);
  g_free (self->title);
  g_free (self->description);
  vireo_stats_ring_clear (&self->cpu_history);
  vireo_stats_ring_clear (&self->memory_history);
  vireo_stats_ring_clear (&self->disk_history);
  vireo_stats_ring_clear (&self->net_history);

  G_OBJECT_CLASS (vireo_domain_parent_class)->finalize (object);
}

static void
vireo_domain_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VireoDomain *self = VIREO_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_UUID: g_value_set_string (value, self->uuid); break;
    case PROP_ID: g_value_set_int (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_STATE_REASON: g_value_set_int (value, self->state_reason); break;
    case PROP_STATE_LABEL: g_value_set_string (value, vireo_domain_get_state_label (self)); break;
    case PROP_IS_ACTIVE: g_value_set_boolean (value, vireo_domain_get_is_active (self)); break;
    case PROP_PERSISTENT: g_value_set_boolean (value, self->persistent); break;
    case PROP_AUTOSTART: g_value_set_boolean (value, self->autostart); break;
    case PROP_HAS_MANAGED_SAVE: g_value_set_boolean (value, self->has_managed_save); break;
    case PROP_VCPUS: g_value_set_uint (value, self->vcpus); break;
    case PROP_MEMORY_KIB: g_value_set_uint64 (value, self->memory_kib); break;
    case PROP_MAX_MEMORY_KIB: g_value_set_uint64 (value, self->max_memory_kib); break;
    case PROP_CPU_USAGE: g_value_set_double (value, self->cpu_usage); break;
    case PROP_MEMORY_USAGE_KIB: g_value_set_uint64 (value, self->memory_usage_kib); break;
    case PROP_DISK_READ_BPS: g_value_set_double (value, self->disk_read_bps); break;
    case PROP_DISK_WRITE_BPS: g_value_set_double (value, self->disk_write_bps); break;
    case PROP_NET_RX_BPS: g_value_set_double (value, self->net_rx_bps); break;
    case PROP_NET_TX_BPS: g_value_set_double (value, self->net_tx_bps); break;
    case PROP_STATS_SERIAL: g_value_set_uint (value, self->stats_serial); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
vireo_domain_class_init (VireoDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_domain_finalize;
  object_class->get_property = vireo_domain_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, RO);
  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, RO);
  properties[PROP_ID] = g_param_spec_int ("id", NULL, NULL, -1, G_MAXINT, -1, RO);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RO);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, RO);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_DOMAIN_STATE, VIREO_DOMAIN_STATE_NOSTATE, RO);
  properties[PROP_STATE_REASON] = g_param_spec_int ("state-reason", NULL, NULL, 0, G_MAXINT, 0, RO);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL, RO);
  properties[PROP_IS_ACTIVE] = g_param_spec_boolean ("is-active", NULL, NULL, FALSE, RO);
  properties[PROP_PERSISTENT] = g_param_spec_boolean ("persistent", NULL, NULL, FALSE, RO);
  properties[PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, RO);
  properties[PROP_HAS_MANAGED_SAVE] = g_param_spec_boolean ("has-managed-save", NULL, NULL, FALSE, RO);
  properties[PROP_VCPUS] = g_param_spec_uint ("vcpus", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_MEMORY_KIB] = g_param_spec_uint64 ("memory-kib", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_MAX_MEMORY_KIB] =
    g_param_spec_uint64 ("max-memory-kib", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_CPU_USAGE] = g_param_spec_double ("cpu-usage", NULL, NULL, 0, 100, 0, RO);
  properties[PROP_MEMORY_USAGE_KIB] =
    g_param_spec_uint64 ("memory-usage-kib", NULL, NULL, 0, G_MAXUINT64, 0, RO);
  properties[PROP_DISK_READ_BPS] = g_param_spec_double ("disk-read-bps", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_DISK_WRITE_BPS] = g_param_spec_double ("disk-write-bps", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_NET_RX_BPS] = g_param_spec_double ("net-rx-bps", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_NET_TX_BPS] = g_param_spec_double ("net-tx-bps", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_STATS_SERIAL] = g_param_spec_uint ("stats-serial", NULL, NULL, 0, G_MAXUINT, 0, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_domain_init (VireoDomain *self)
{
  g_weak_ref_init (&self->connection, NULL);
  self->id = -1;
  vireo_stats_ring_init (&self->cpu_history, VIREO_DOMAIN_HISTORY_LENGTH);
  vireo_stats_ring_init (&self->memory_history, VIREO_DOMAIN_HISTORY_LENGTH);
  vireo_stats_ring_init (&self->disk_history, VIREO_DOMAIN_HISTORY_LENGTH);
  vireo_stats_ring_init (&self->net_history, VIREO_DOMAIN_HISTORY_LENGTH);
}
