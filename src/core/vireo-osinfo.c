/* vireo-osinfo.c: the osinfo database as the new-VM assistant sees it, and ISO detection
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* strverscmp */
#define G_LOG_DOMAIN "vireo-osinfo"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <osinfo/osinfo.h>

#include "vireo-osinfo.h"
#include "vireo-worker.h"

/*
 * Every fact the assistant needs is read from libosinfo once, when the database loads, and kept
 * in plain fields: a VireoOs never calls libosinfo again, so it is safe from any thread. Only
 * media identification goes back to the OsinfoDb, under db_lock.
 *
 * Device support follows virt-install (virtinst/osdict.py): an OS supports a device when the
 * device's PCI id is among osinfo_os_get_all_devices() (its own, and those of the OSes it
 * derives from or clones).
 */

#define PCI_VIRTIO_NET       "http://pcisig.com/pci/1af4/1000"
#define PCI_VIRTIO1_NET      "http://pcisig.com/pci/1af4/1041"
#define PCI_VIRTIO_BLOCK     "http://pcisig.com/pci/1af4/1001"
#define PCI_VIRTIO1_BLOCK    "http://pcisig.com/pci/1af4/1042"
#define PCI_VIRTIO_BALLOON   "http://pcisig.com/pci/1af4/1002"
#define PCI_VIRTIO1_BALLOON  "http://pcisig.com/pci/1af4/1045"
#define PCI_VIRTIO_SERIAL    "http://pcisig.com/pci/1af4/1003"
#define PCI_VIRTIO1_SERIAL   "http://pcisig.com/pci/1af4/1043"
#define PCI_VIRTIO_RNG       "http://pcisig.com/pci/1af4/1005"
#define PCI_VIRTIO1_RNG      "http://pcisig.com/pci/1af4/1044"
#define PCI_VIRTIO1_GPU      "http://pcisig.com/pci/1af4/1050"
#define PCI_E1000E           "http://pcisig.com/pci/8086/10d3"
#define PCI_QEMU_XHCI        "http://pcisig.com/pci/1b36/0004"
#define USB_TABLET           "http://usb.org/usb/80ee/0021"
#define CHIPSET_Q35          "http://qemu.org/chipset/x86/q35"

struct _VireoOs
{
  GObject   parent_instance;

  char     *id;
  char     *short_id;
  char     *name;
  char     *family;
  char     *distro;
  char     *version;
  char     *search_text;

  guint64   ram_mib;
  guint     vcpus;
  guint64   storage_gib;

  char     *legacy_nic;
  guint     virtio_net : 1;
  guint     virtio_block : 1;
  guint     virtio_gpu : 1;
  guint     virtio_serial : 1;
  guint     virtio_rng : 1;
  guint     virtio_balloon : 1;
  guint     usb_tablet : 1;
  guint     usb3 : 1;
  guint     e1000e : 1;
  guint     q35 : 1;
  guint     windows : 1;
};

enum
{
  PROP_0,
  PROP_ID,
  PROP_SHORT_ID,
  PROP_NAME,
  PROP_FAMILY,
  PROP_DISTRO,
  PROP_VERSION,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (VireoOs, vireo_os, G_TYPE_OBJECT)

static void
vireo_os_finalize (GObject *object)
{
  VireoOs *self = VIREO_OS (object);

  g_free (self->id);
  g_free (self->short_id);
  g_free (self->name);
  g_free (self->family);
  g_free (self->distro);
  g_free (self->version);
  g_free (self->search_text);
  g_free (self->legacy_nic);

  G_OBJECT_CLASS (vireo_os_parent_class)->finalize (object);
}

static void
vireo_os_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  VireoOs *self = VIREO_OS (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_SHORT_ID: g_value_set_string (value, self->short_id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_FAMILY: g_value_set_string (value, self->family); break;
    case PROP_DISTRO: g_value_set_string (value, self->distro); break;
    case PROP_VERSION: g_value_set_string (value, self->version); break;
    case PROP_SEARCH_TEXT: g_value_set_string (value, self->search_text); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_os_class_init (VireoOsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_os_finalize;
  object_class->get_property = vireo_os_get_property;

#define RO_STRING(prop, pname) \
  properties[prop] = g_param_spec_string (pname, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)
  RO_STRING (PROP_ID, "id");
  RO_STRING (PROP_SHORT_ID, "short-id");
  RO_STRING (PROP_NAME, "name");
  RO_STRING (PROP_FAMILY, "family");
  RO_STRING (PROP_DISTRO, "distro");
  RO_STRING (PROP_VERSION, "version");
  RO_STRING (PROP_SEARCH_TEXT, "search-text");
#undef RO_STRING

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_os_init (VireoOs *self)
{
}

const char *vireo_os_get_id (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), NULL); return self->id; }
const char *vireo_os_get_short_id (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), NULL); return self->short_id; }
const char *vireo_os_get_name (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), NULL); return self->name; }
const char *vireo_os_get_family (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), NULL); return self->family; }
const char *vireo_os_get_distro (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), NULL); return self->distro; }
const char *vireo_os_get_version (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), NULL); return self->version; }
guint64 vireo_os_get_recommended_ram_mib (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), 0); return self->ram_mib; }
guint vireo_os_get_recommended_vcpus (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), 0); return self->vcpus; }
guint64 vireo_os_get_recommended_storage_gib (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), 0); return self->storage_gib; }
gboolean vireo_os_supports_virtio_net (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->virtio_net; }
gboolean vireo_os_supports_virtio_block (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->virtio_block; }
gboolean vireo_os_supports_virtio_gpu (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->virtio_gpu; }
gboolean vireo_os_supports_virtio_serial (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->virtio_serial; }
gboolean vireo_os_supports_virtio_rng (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->virtio_rng; }
gboolean vireo_os_supports_virtio_balloon (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->virtio_balloon; }
gboolean vireo_os_supports_usb_tablet (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->usb_tablet; }
gboolean vireo_os_supports_usb3 (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->usb3; }
gboolean vireo_os_supports_e1000e (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->e1000e; }
gboolean vireo_os_supports_q35 (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->q35; }
gboolean vireo_os_is_windows (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), FALSE); return self->windows; }
const char *vireo_os_get_legacy_nic_model (VireoOs *self) { g_return_val_if_fail (VIREO_IS_OS (self), "e1000"); return self->legacy_nic; }

/* Building a VireoOs from an OsinfoOs ----------------------------------------------------------- */

/* The value of @key for "x86_64", else "all", else any architecture; 0 when none has it. */
static gint64
resources_get (OsinfoResourcesList *list,
               gint64             (*getter) (OsinfoResources *))
{
  const char *arches[] = { "x86_64", "all", NULL };
  guint n = osinfo_list_get_length (OSINFO_LIST (list));

  for (guint a = 0; a <= G_N_ELEMENTS (arches) - 1; a++)
    for (guint i = 0; i < n; i++)
      {
        OsinfoResources *r = OSINFO_RESOURCES (osinfo_list_get_nth (OSINFO_LIST (list), i));
        const char *arch = osinfo_resources_get_architecture (r);
        gint64 value = getter (r);

        if (value <= 0)
          continue;
        if (arches[a] == NULL || g_strcmp0 (arch, arches[a]) == 0)
          return value;
      }
  return 0;
}

/* Recommended, else twice the minimum (virt-install's approximation, osdict.py), else 0. */
static gint64
recommended_value (OsinfoOs  *os,
                   gint64   (*getter) (OsinfoResources *))
{
  g_autoptr(OsinfoResourcesList) recommended = osinfo_os_get_recommended_resources (os);
  g_autoptr(OsinfoResourcesList) minimum = osinfo_os_get_minimum_resources (os);
  gint64 value = resources_get (recommended, getter);

  if (value > 0)
    return value;
  return resources_get (minimum, getter) * 2;
}

static gint64 get_ram (OsinfoResources *r) { return osinfo_resources_get_ram (r); }
static gint64 get_n_cpus (OsinfoResources *r) { return osinfo_resources_get_n_cpus (r); }
static gint64 get_storage (OsinfoResources *r) { return osinfo_resources_get_storage (r); }

static VireoOs *
vireo_os_new_from_osinfo (OsinfoOs *os)
{
  VireoOs *self = g_object_new (VIREO_TYPE_OS, NULL);
  g_autoptr(OsinfoDeviceList) devices = osinfo_os_get_all_devices (os, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) nic_names = g_hash_table_new (g_str_hash, g_str_equal);
  const char *legacy_prefs[] = { "e1000", "rtl8139", "ne2k_pci", "pcnet" };
  g_autofree char *lower = NULL;
  gint64 value;

  self->id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
  self->short_id = g_strdup (osinfo_product_get_short_id (OSINFO_PRODUCT (os)));
  self->name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
  if (self->name == NULL)
    self->name = g_strdup (self->short_id);
  self->family = g_strdup (osinfo_os_get_family (os));
  self->distro = g_strdup (osinfo_os_get_distro (os));
  self->version = g_strdup (osinfo_product_get_version (OSINFO_PRODUCT (os)));
  lower = g_strdup_printf ("%s %s", self->name ? self->name : "", self->short_id ? self->short_id : "");
  self->search_text = g_utf8_strdown (lower, -1);

  value = recommended_value (os, get_ram);
  self->ram_mib = value > 0 ? (guint64) value / (1024 * 1024) : 0;
  value = recommended_value (os, get_n_cpus);
  self->vcpus = value > 0 ? (guint) value : 0;
  value = recommended_value (os, get_storage);
  self->storage_gib = value > 0 ? (guint64) value / (1024 * 1024 * 1024) : 0;

  for (guint i = 0; i < (guint) osinfo_list_get_length (OSINFO_LIST (devices)); i++)
    {
      OsinfoDevice *device = OSINFO_DEVICE (osinfo_list_get_nth (OSINFO_LIST (devices), i));
      const char *klass = osinfo_device_get_class (device);

      g_hash_table_add (ids, (gpointer) osinfo_entity_get_id (OSINFO_ENTITY (device)));
      if (g_strcmp0 (klass, "net") == 0 && osinfo_device_get_name (device) != NULL)
        g_hash_table_add (nic_names, (gpointer) osinfo_device_get_name (device));
    }

#define HAS(id) g_hash_table_contains (ids, id)
  self->virtio_net = HAS (PCI_VIRTIO_NET) || HAS (PCI_VIRTIO1_NET);
  self->virtio_block = HAS (PCI_VIRTIO_BLOCK) || HAS (PCI_VIRTIO1_BLOCK);
  self->virtio_gpu = HAS (PCI_VIRTIO1_GPU);
  self->virtio_serial = HAS (PCI_VIRTIO_SERIAL) || HAS (PCI_VIRTIO1_SERIAL);
  self->virtio_rng = HAS (PCI_VIRTIO_RNG) || HAS (PCI_VIRTIO1_RNG);
  self->virtio_balloon = HAS (PCI_VIRTIO_BALLOON) || HAS (PCI_VIRTIO1_BALLOON);
  self->usb_tablet = HAS (USB_TABLET);
  self->usb3 = HAS (PCI_QEMU_XHCI);
  self->e1000e = HAS (PCI_E1000E);
  /* virt-install's supports_chipset_q35: q35 in the database, and an OS with virtio-net must
   * also have virtio 1.0 (q35's PCIe slots want modern virtio). */
  self->q35 = HAS (CHIPSET_Q35) && !(self->virtio_net && !HAS (PCI_VIRTIO1_NET));
#undef HAS
  self->windows = g_strcmp0 (self->distro, "win") == 0;

  self->legacy_nic = g_strdup ("e1000");
  for (guint i = 0; i < G_N_ELEMENTS (legacy_prefs); i++)
    if (g_hash_table_contains (nic_names, legacy_prefs[i]))
      {
        g_free (self->legacy_nic);
        self->legacy_nic = g_strdup (legacy_prefs[i]);
        break;
      }

  return self;
}

/* The database ---------------------------------------------------------------------------------- */

typedef struct
{
  OsinfoDb   *db;         /* only under db_lock */
  GPtrArray  *all;        /* VireoOs, sorted */
  GHashTable *by_short_id;
  GHashTable *by_id;
  GError     *error;
} VireoOsinfoDb;

static GMutex db_lock;

/* Versions compare part by part, numbers as numbers ("9" < "10" < "10.1"); words after numbers. */
static int
compare_versions (const char *a,
                  const char *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);
  return strverscmp (a, b);
}

static int
compare_os (gconstpointer pa,
            gconstpointer pb)
{
  VireoOs *a = *(VireoOs **) pa;
  VireoOs *b = *(VireoOs **) pb;
  int cmp;

  if ((cmp = g_strcmp0 (a->family, b->family)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (a->distro, b->distro)) != 0)
    return cmp;
  if ((cmp = compare_versions (b->version, a->version)) != 0)
    return cmp;
  return g_strcmp0 (a->short_id, b->short_id);
}

static gpointer
load_db (gpointer data)
{
  VireoOsinfoDb *self = g_new0 (VireoOsinfoDb, 1);
  g_autoptr(OsinfoLoader) loader = osinfo_loader_new ();
  g_autoptr(OsinfoOsList) oses = NULL;
  g_autoptr(GError) error = NULL;

  osinfo_loader_process_default_path (loader, &error);
  self->all = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_short_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  if (error != NULL)
    {
      g_warning ("Could not load the osinfo database: %s", error->message);
      self->error = g_error_copy (error);
      return self;
    }

  self->db = g_object_ref (osinfo_loader_get_db (loader));
  oses = osinfo_db_get_os_list (self->db);
  for (guint i = 0; i < (guint) osinfo_list_get_length (OSINFO_LIST (oses)); i++)
    {
      OsinfoOs *os = OSINFO_OS (osinfo_list_get_nth (OSINFO_LIST (oses), i));
      VireoOs *vos = vireo_os_new_from_osinfo (os);

      if (vos->short_id == NULL)
        {
          g_object_unref (vos);
          continue;
        }
      g_ptr_array_add (self->all, vos);
      g_hash_table_insert (self->by_id, vos->id, vos);
    }
  g_ptr_array_sort (self->all, compare_os);
  /* Short ids are unique in osinfo-db; should two collide, the first in sort order (the newest)
   * wins. */
  for (guint i = self->all->len; i > 0; i--)
    {
      VireoOs *vos = g_ptr_array_index (self->all, i - 1);
      g_hash_table_insert (self->by_short_id, vos->short_id, vos);
    }
  return self;
}

static VireoOsinfoDb *
get_db (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, load_db, NULL);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  VireoOsinfoDb *db = get_db ();

  if (db->error != NULL)
    g_task_return_error (task, g_error_copy (db->error));
  else
    g_task_return_boolean (task, TRUE);
}

void
vireo_osinfo_load_async (GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, vireo_osinfo_load_async);
  g_task_run_in_thread (task, load_thread);
}

GListModel *
vireo_osinfo_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  VireoOsinfoDb *db;
  GListStore *store;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  db = get_db ();
  store = g_list_store_new (VIREO_TYPE_OS);
  g_list_store_splice (store, 0, 0, db->all->pdata, db->all->len);
  return G_LIST_MODEL (store);
}

VireoOs *
vireo_osinfo_lookup (const char *short_id)
{
  g_return_val_if_fail (short_id != NULL, NULL);

  return g_hash_table_lookup (get_db ()->by_short_id, short_id);
}

/* Detection ------------------------------------------------------------------------------------- */

void
vireo_os_detection_free (VireoOsDetection *detection)
{
  if (detection == NULL)
    return;
  g_clear_object (&detection->os);
  g_free (detection->detected_name);
  g_free (detection->fallback_note);
  g_free (detection);
}

/* The first word made of letters, lower-case ("Debian 12.2.0 amd64 n" → "debian",
 * "Fedora-WS-Live-38-1-6" → "fedora", "Ubuntu-Server 22.04.3 LTS amd64" → "ubuntu"). */
static char *
volume_id_distro (const char *volume_id)
{
  const char *p = volume_id;
  const char *start;

  while (*p != '\0' && !g_ascii_isalpha (*p))
    p++;
  start = p;
  while (g_ascii_isalpha (*p))
    p++;
  if (p == start)
    return NULL;
  return g_ascii_strdown (start, p - start);
}

/* The first word that starts with a digit, up to the first character that is neither a digit nor
 * a dot ("Debian 12.2.0 amd64 n" → "12.2.0", "Fedora-WS-Live-38-1-6" → "38"). */
static char *
volume_id_version (const char *volume_id)
{
  const char *p = volume_id;

  while (*p != '\0')
    {
      gboolean word_start = (p == volume_id || !g_ascii_isalnum (p[-1]));

      if (word_start && g_ascii_isdigit (*p))
        {
          const char *start = p;

          while (g_ascii_isdigit (*p) || (*p == '.' && g_ascii_isdigit (p[1])))
            p++;
          return g_strndup (start, p - start);
        }
      p++;
    }
  return NULL;
}

/* @version cut to as many dot-separated parts as @like has ("12.2.0" like "11" → "12"). */
static char *
version_like (const char *version,
              const char *like)
{
  guint parts = 1;
  g_auto(GStrv) split = g_strsplit (version, ".", -1);

  for (const char *p = like; *p != '\0'; p++)
    if (*p == '.')
      parts++;
  if (g_strv_length (split) > parts)
    {
      g_free (split[parts]);
      split[parts] = NULL;
      for (guint i = parts + 1; split[i] != NULL; i++)
        g_clear_pointer (&split[i], g_free);
    }
  return g_strjoinv (".", split);
}

static gboolean
is_numeric_version (const char *version)
{
  return version != NULL && g_ascii_isdigit (version[0]);
}

VireoOsDetection *
vireo_osinfo_guess_from_volume_id (const char *volume_id)
{
  g_autoptr(VireoOsDetection) detection = g_new0 (VireoOsDetection, 1);
  g_autofree char *distro = NULL;
  g_autofree char *version = NULL;
  VireoOsinfoDb *db = get_db ();
  VireoOs *best_older = NULL;
  VireoOs *newest = NULL;
  VireoOs *chosen;
  g_autofree char *detected_version = NULL;
  g_autofree char *distro_label = NULL;
  const char *p;

  g_return_val_if_fail (volume_id != NULL, NULL);

  distro = volume_id_distro (volume_id);
  version = volume_id_version (volume_id);
  if (distro == NULL || version == NULL)
    return g_steal_pointer (&detection);

  for (guint i = 0; i < db->all->len; i++)
    {
      VireoOs *os = g_ptr_array_index (db->all, i);

      if (g_strcmp0 (os->distro, distro) != 0 || !is_numeric_version (os->version))
        continue;
      /* db->all is sorted newest first within a distro. */
      if (newest == NULL)
        newest = os;
      if (best_older == NULL)
        {
          /* Compared on the parts both spell: "12.2.0" against "11", "9" against "9.1". */
          g_autofree char *cut = version_like (version, os->version);
          g_autofree char *os_cut = version_like (os->version, version);

          if (compare_versions (os_cut, cut) <= 0)
            best_older = os;
        }
    }
  chosen = best_older != NULL ? best_older : newest;
  if (chosen == NULL)
    return g_steal_pointer (&detection);

  detection->os = g_object_ref (chosen);
  detection->detected_name = g_strstrip (g_strdup (volume_id));
  detected_version = version_like (version, chosen->version);
  {
    g_autofree char *chosen_cut = version_like (chosen->version, version);

    if (g_strcmp0 (detected_version, chosen_cut) == 0)
      return g_steal_pointer (&detection);
  }

  /* "Debian" as the medium spells it: its first word of letters. */
  for (p = volume_id; *p != '\0' && !g_ascii_isalpha (*p); p++)
    ;
  distro_label = g_strndup (p, strlen (distro));
  detection->is_fallback = TRUE;
  /* Translators: the first %s is a distribution and version read from the installer ("Debian
   * 12"), the second the OS whose settings Vireo uses instead ("Debian 11"). */
  detection->fallback_note = g_strdup_printf (_("%s %s is not in this computer's OS database; Vireo uses the settings of %s"),
                                              distro_label, detected_version, chosen->name);
  return g_steal_pointer (&detection);
}

/*
 * Detection runs in a thread of its own, not in GIO's pool: reading a medium can block for long
 * (a slow network mount) and must not hold a pool thread the rest of Vireo needs. The GTask is
 * completed in its context by whichever comes first: the thread's result, the timeout, or the
 * cancellable. A thread that loses keeps running until its read returns and then drops its
 * result.
 */
typedef struct
{
  gatomicrefcount    ref;
  GTask             *task;        /* owned until completed; touched only in its context */
  char              *path;
  GSource           *timeout;
  gulong             cancel_id;
  GCancellable      *cancellable;
  GMainContext      *context;     /* the task's */
  /* from the thread */
  VireoOsDetection  *result;
  GError            *error;
} DetectData;

static void
detect_data_unref (DetectData *data)
{
  if (!g_atomic_ref_count_dec (&data->ref))
    return;
  g_assert (data->task == NULL);
  g_free (data->path);
  g_clear_object (&data->cancellable);
  g_main_context_unref (data->context);
  vireo_os_detection_free (data->result);
  g_clear_error (&data->error);
  g_free (data);
}

/* In the task's context: completes the task once. */
static void
detect_complete (DetectData       *data,
                 VireoOsDetection *result,
                 GError           *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&data->task);

  if (task == NULL)
    {
      vireo_os_detection_free (result);
      g_clear_error (&error);
      return;
    }
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_clear_pointer (&data->timeout, g_source_unref);
    }
  if (data->cancel_id != 0)
    {
      g_cancellable_disconnect (data->cancellable, data->cancel_id);
      data->cancel_id = 0;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) vireo_os_detection_free);
}

/* Runs @func in the task's context, always from an idle source: g_main_context_invoke() would
 * run it right here when this thread can acquire the context (for the global default context,
 * any thread can), completing the task outside the thread that waits for it. */
static void
detect_schedule (DetectData  *data,
                 GSourceFunc  func)
{
  g_atomic_ref_count_inc (&data->ref);
  vireo_post_to_context (data->context, func, data, (GDestroyNotify) detect_data_unref);
}

static gboolean
detect_thread_done_cb (gpointer user_data)
{
  DetectData *data = user_data;

  detect_complete (data, g_steal_pointer (&data->result), g_steal_pointer (&data->error));
  return G_SOURCE_REMOVE;
}

static gboolean
detect_timeout_cb (gpointer user_data)
{
  DetectData *data = user_data;

  g_clear_pointer (&data->timeout, g_source_unref);
  detect_complete (data, NULL,
                   g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                _("Reading '%s' took too long; choose the operating system yourself"),
                                data->path));
  return G_SOURCE_REMOVE;
}

static gboolean
detect_cancelled_idle_cb (gpointer user_data)
{
  DetectData *data = user_data;
  GError *error = NULL;

  if (data->task != NULL)
    {
      g_cancellable_set_error_if_cancelled (data->cancellable, &error);
      detect_complete (data, NULL, error);
    }
  return G_SOURCE_REMOVE;
}

static void
detect_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  DetectData *data = user_data;

  /* Any thread; the task is completed in its own context. */
  detect_schedule (data, detect_cancelled_idle_cb);
}

static VireoOsDetection *
detect_media (const char  *path,
              GError     **error)
{
  VireoOsinfoDb *db = get_db ();
  g_autoptr(OsinfoMedia) media = NULL;
  g_autoptr(GError) media_error = NULL;
  VireoOsDetection *detection;
  const char *volume_id;
  int fd;

  /* Fail the way the open fails (missing, unreadable); anything after that is "no OS". */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("Could not open '%s': %s"), path, g_strerror (errsv));
      return NULL;
    }
  close (fd);

  /* Bootability is not required: a medium the database matches is the user's business. */
  media = osinfo_media_create_from_location_with_flags (path, NULL, 0, &media_error);
  if (media == NULL)
    {
      g_debug ("'%s' is no installer medium Vireo recognises: %s", path, media_error->message);
      return g_new0 (VireoOsDetection, 1);
    }

  if (db->db != NULL)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&db_lock);

      if (osinfo_db_identify_media (db->db, media))
        {
          g_autoptr(OsinfoOs) os = osinfo_media_get_os (media);
          VireoOs *vos = os != NULL ? g_hash_table_lookup (db->by_id, osinfo_entity_get_id (OSINFO_ENTITY (os))) : NULL;

          if (vos != NULL)
            {
              detection = g_new0 (VireoOsDetection, 1);
              detection->os = g_object_ref (vos);
              detection->detected_name = g_strdup (vos->name);
              return detection;
            }
        }
    }

  volume_id = osinfo_media_get_volume_id (media);
  if (volume_id == NULL)
    return g_new0 (VireoOsDetection, 1);
  return vireo_osinfo_guess_from_volume_id (volume_id);
}

static gpointer
detect_thread (gpointer user_data)
{
  DetectData *data = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();

  /* osinfo_media_create_from_location() runs a main loop on the thread-default context: without
   * one of its own, that is the application's main context, which the main thread owns, and the
   * two threads wait on each other until the main thread's poll times out. */
  g_main_context_push_thread_default (context);
  data->result = detect_media (data->path, &data->error);
  g_main_context_pop_thread_default (context);
  detect_schedule (data, detect_thread_done_cb);
  detect_data_unref (data);   /* the thread's reference */
  return NULL;
}

void
vireo_osinfo_detect_async (const char          *path,
                           guint                timeout_ms,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  DetectData *data;
  GThread *thread;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (DetectData, 1);
  g_atomic_ref_count_init (&data->ref);
  data->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (data->task, vireo_osinfo_detect_async);
  data->path = g_strdup (path);
  data->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  data->context = g_main_context_ref (g_task_get_context (data->task));

  data->timeout = g_timeout_source_new (timeout_ms);
  g_atomic_ref_count_inc (&data->ref);
  g_source_set_callback (data->timeout, detect_timeout_cb, data, (GDestroyNotify) detect_data_unref);
  g_source_set_static_name (data->timeout, "[vireo] OS detection timeout");
  g_source_attach (data->timeout, data->context);

  if (cancellable != NULL)
    {
      g_atomic_ref_count_inc (&data->ref);
      data->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (detect_cancelled_cb),
                                               data, (GDestroyNotify) detect_data_unref);
    }

  /* The thread's reference. */
  g_atomic_ref_count_inc (&data->ref);
  thread = g_thread_new ("vireo-os-detect", detect_thread, data);
  g_thread_unref (thread);

  /* Ours: dropped now; the sources and the thread hold the rest. */
  detect_data_unref (data);
}

VireoOsDetection *
vireo_osinfo_detect_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vireo_osinfo_detect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
