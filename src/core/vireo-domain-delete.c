/* vireo-domain-delete.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-delete"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-delete.h"
#include "vireo-domain-tracker.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-xml-private.h"

/*
 * Deleting a VM as virt-manager does: list its disks with who else uses them, let the user pick,
 * undefine, then remove the picked images. The worker re-checks everything the dialog showed (the
 * VM is off, each path is a removable disk of this VM that no other VM uses) before changing
 * anything, so a stale dialog cannot delete a disk another VM needs.
 *
 * "Uses" covers every other VM's inactive and live definitions, the backing chains written in
 * them, and the backing chains of their pool volumes: a linked clone's template disk is in use as
 * long as one of its clones exists.
 */

/* How deep a backing chain is followed through the storage pools. */
#define MAX_CHAIN_DEPTH 16

G_DEFINE_BOXED_TYPE (VireoDiskInfo, vireo_disk_info, vireo_disk_info_copy, vireo_disk_info_free)

/**
 * vireo_disk_info_new:
 *
 * Returns: (transfer full): an empty #VireoDiskInfo (no sharers)
 */
VireoDiskInfo *
vireo_disk_info_new (void)
{
  VireoDiskInfo *info = g_new0 (VireoDiskInfo, 1);

  info->shared_with = g_new0 (char *, 1);
  return info;
}

VireoDiskInfo *
vireo_disk_info_copy (const VireoDiskInfo *info)
{
  VireoDiskInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (VireoDiskInfo, 1);
  copy->target = g_strdup (info->target);
  copy->device = g_strdup (info->device);
  copy->source = g_strdup (info->source);
  copy->pool = g_strdup (info->pool);
  copy->volume = g_strdup (info->volume);
  copy->shared_with = info->shared_with ? g_strdupv (info->shared_with) : g_new0 (char *, 1);
  copy->removable = info->removable;
  copy->default_remove = info->default_remove;
  return copy;
}

void
vireo_disk_info_free (VireoDiskInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->target);
  g_free (info->device);
  g_free (info->source);
  g_free (info->pool);
  g_free (info->volume);
  g_strfreev (info->shared_with);
  g_free (info);
}

/**
 * vireo_disk_info_is_shared:
 * @info: a #VireoDiskInfo
 *
 * Returns: whether another VM uses the disk's source
 */
gboolean
vireo_disk_info_is_shared (const VireoDiskInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return info->shared_with != NULL && info->shared_with[0] != NULL;
}

/* --- worker side ------------------------------------------------------------------------------ */

typedef struct
{
  char           *uuid;
  char           *domain_name;
  virConnectPtr   conn;   /* borrowed: quick-lane jobs run before the connection closes */
  gboolean        local;  /* plain files are on this machine */
  char          **paths;  /* delete only */
} Job;

static void
job_free (Job *job)
{
  g_free (job->uuid);
  g_free (job->domain_name);
  g_strfreev (job->paths);
  g_free (job);
}

/* The path of a storage volume, or NULL (the lookup error is dropped). */
static char *
volume_path (virConnectPtr  conn,
             const char    *pool_name,
             const char    *volume_name)
{
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(virStorageVol) volume = NULL;
  g_autofree char *path = NULL;

  if (pool_name == NULL || volume_name == NULL)
    return NULL;

  pool = virStoragePoolLookupByName (conn, pool_name);
  if (pool != NULL)
    volume = virStorageVolLookupByName (pool, volume_name);
  if (volume != NULL)
    path = virStorageVolGetPath (volume);
  if (path == NULL)
    virResetLastError ();

  return g_steal_pointer (&path);
}

/* The path @disk reads from, resolving <disk type='volume'>; NULL when there is none. @type_out
 * receives the disk's type ("file" when unset). */
static char *
disk_source_path (virConnectPtr     conn,
                  xmlXPathContext  *context,
                  xmlNode          *disk,
                  char            **type_out)
{
  g_autofree char *type = _vireo_xml_get_attribute (disk, "type");
  char *path = NULL;

  if (type == NULL)
    type = g_strdup ("file");

  if (g_str_equal (type, "file"))
    path = _vireo_xml_get_string (context, disk, "string(./source/@file)");
  else if (g_str_equal (type, "block"))
    path = _vireo_xml_get_string (context, disk, "string(./source/@dev)");
  else if (g_str_equal (type, "dir"))
    path = _vireo_xml_get_string (context, disk, "string(./source/@dir)");
  else if (g_str_equal (type, "volume"))
    {
      g_autofree char *pool = _vireo_xml_get_string (context, disk, "string(./source/@pool)");
      g_autofree char *volume = _vireo_xml_get_string (context, disk, "string(./source/@volume)");

      path = volume_path (conn, pool, volume);
    }

  if (type_out != NULL)
    *type_out = g_steal_pointer (&type);
  return path;
}

/* The pool holding @path as a volume: its name and type, and the volume's name. FALSE (error
 * dropped) when no active pool has it. */
static gboolean
find_pool_volume (virConnectPtr   conn,
                  const char     *path,
                  char          **pool_name_out,
                  char          **pool_type_out,
                  char          **volume_name_out)
{
  g_autoptr(virStorageVol) volume = virStorageVolLookupByPath (conn, path);
  g_autoptr(virStoragePool) pool = NULL;
  g_autofree char *pool_xml = NULL;

  if (volume != NULL)
    pool = virStoragePoolLookupByVolume (volume);
  if (pool != NULL)
    pool_xml = virStoragePoolGetXMLDesc (pool, 0);
  if (pool_xml == NULL)
    {
      virResetLastError ();
      return FALSE;
    }

  *pool_name_out = g_strdup (virStoragePoolGetName (pool));
  *volume_name_out = g_strdup (virStorageVolGetName (volume));
  {
    g_autoptr(xmlDoc) doc = _vireo_xml_parse (pool_xml, NULL);
    g_autoptr(xmlXPathContext) context = doc ? _vireo_xml_context_new (doc) : NULL;

    *pool_type_out = context ? _vireo_xml_get_string (context, NULL, "string(/pool/@type)") : NULL;
  }
  return TRUE;
}

/* The backing file of the volume at @path, from the storage pools; NULL when none is known. */
static char *
volume_backing_path (virConnectPtr  conn,
                     const char    *path)
{
  g_autoptr(virStorageVol) volume = virStorageVolLookupByPath (conn, path);
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;

  if (volume != NULL)
    xml = virStorageVolGetXMLDesc (volume, 0);
  if (xml == NULL)
    {
      virResetLastError ();
      return NULL;
    }

  doc = _vireo_xml_parse (xml, NULL);
  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_get_string (context, NULL, "string(/volume/backingStore/path)");
}

static void
add_use (GHashTable *uses,
         const char *path,
         const char *name)
{
  GPtrArray *names = g_hash_table_lookup (uses, path);

  if (names == NULL)
    {
      names = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (uses, g_strdup (path), names);
    }
  if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
    g_ptr_array_add (names, g_strdup (name));
}

/* Records every path one definition of the VM @name reads. @chains caches the pool backing chains
 * already followed (path → next path, or "" for none). */
static void
collect_uses_of_xml (virConnectPtr  conn,
                     const char    *xml,
                     const char    *name,
                     GHashTable    *uses,
                     GHashTable    *chains)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (xml, NULL);
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(GPtrArray) disks = NULL;

  if (doc == NULL)
    return;
  context = _vireo_xml_context_new (doc);
  disks = _vireo_xml_find_nodes (context, NULL, "/domain/devices/disk");

  for (guint i = 0; i < disks->len; i++)
    {
      xmlNode *disk = g_ptr_array_index (disks, i);
      g_autofree char *path = disk_source_path (conn, context, disk, NULL);
      g_autoptr(GPtrArray) backing = NULL;
      g_autofree char *next = NULL;

      if (path == NULL)
        continue;
      add_use (uses, path, name);

      /* The chain a live definition spells out. */
      backing = _vireo_xml_find_nodes (context, disk,
                                       ".//backingStore/source/@file | .//backingStore/source/@dev");
      for (guint j = 0; j < backing->len; j++)
        {
          xmlNode *attribute = g_ptr_array_index (backing, j);
          g_autoptr(VireoXmlChar) value = xmlNodeGetContent (attribute);

          if (value != NULL && *value != '\0')
            add_use (uses, (const char *) value, name);
        }

      /* The chain the storage pools know (inactive definitions do not spell it out). */
      next = g_strdup (path);
      for (guint depth = 0; next != NULL && depth < MAX_CHAIN_DEPTH; depth++)
        {
          const char *cached = g_hash_table_lookup (chains, next);
          char *backing_path;

          if (cached != NULL)
            backing_path = *cached != '\0' ? g_strdup (cached) : NULL;
          else
            {
              backing_path = volume_backing_path (conn, next);
              g_hash_table_insert (chains, g_strdup (next), g_strdup (backing_path ? backing_path : ""));
            }

          g_free (next);
          next = backing_path;
          if (next != NULL)
            add_use (uses, next, name);
        }
    }
}

/* path → GPtrArray of the names of the VMs other than @self_uuid that read it. */
static GHashTable *
collect_other_uses (virConnectPtr   conn,
                    const char     *self_uuid,
                    GError        **error)
{
  g_autoptr(GHashTable) uses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) chains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  virDomainPtr *domains = NULL;
  int n;

  n = virConnectListAllDomains (conn, &domains, 0);
  if (n < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }

  for (int i = 0; i < n; i++)
    {
      char uuid[VIR_UUID_STRING_BUFLEN];
      const char *name = virDomainGetName (domains[i]);
      int active;

      if (virDomainGetUUIDString (domains[i], uuid) == 0 && g_str_equal (uuid, self_uuid))
        continue;

      active = virDomainIsActive (domains[i]);
      for (guint pass = 0; pass < 2; pass++)
        {
          g_autofree char *xml = NULL;

          if (pass == 1 && active != 1)
            break;
          xml = virDomainGetXMLDesc (domains[i], pass == 0 ? VIR_DOMAIN_XML_INACTIVE : 0);
          /* A VM that vanished meanwhile uses nothing. */
          if (xml == NULL)
            {
              virResetLastError ();
              continue;
            }
          collect_uses_of_xml (conn, xml, name, uses, chains);
        }
    }

  for (int i = 0; i < n; i++)
    virDomainFree (domains[i]);
  free (domains);

  return g_steal_pointer (&uses);
}

static gboolean
pool_can_delete_volumes (const char *pool_type)
{
  static const char * const cannot[] = { "iscsi", "iscsi-direct", "scsi", "mpath", NULL };

  return pool_type == NULL || !g_strv_contains (cannot, pool_type);
}

/* The disks of @domain, as listed for the dialog. */
static GPtrArray *
analyse_disks (virConnectPtr   conn,
               virDomainPtr    domain,
               const char     *uuid,
               gboolean        local,
               GError        **error)
{
  g_autofree char *xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  g_autoptr(GHashTable) uses = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) disks = NULL;

  if (xml == NULL)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }

  uses = collect_other_uses (conn, uuid, error);
  if (uses == NULL)
    return NULL;

  doc = _vireo_xml_parse (xml, error);
  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/disk");
  disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_disk_info_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autoptr(VireoDiskInfo) info = vireo_disk_info_new ();
      g_autofree char *type = NULL;
      g_autofree char *pool_type = NULL;
      gboolean read_only;
      gboolean in_pool = FALSE;

      info->target = _vireo_xml_get_string (context, node, "string(./target/@dev)");
      info->device = _vireo_xml_get_attribute (node, "device");
      if (info->device == NULL)
        info->device = g_strdup ("disk");
      info->source = disk_source_path (conn, context, node, &type);
      read_only = _vireo_xml_find_node (context, node, "./readonly | ./shareable") != NULL;

      if (info->source != NULL)
        {
          GPtrArray *names = g_hash_table_lookup (uses, info->source);

          in_pool = find_pool_volume (conn, info->source, &info->pool, &pool_type, &info->volume);
          if (names != NULL)
            {
              g_strfreev (info->shared_with);
              info->shared_with = g_new0 (char *, names->len + 1);
              for (guint j = 0; j < names->len; j++)
                info->shared_with[j] = g_strdup (g_ptr_array_index (names, j));
            }
        }

      /* Never unlink a device node, nor a path on this machine that means a file on another. */
      if (in_pool)
        info->removable = pool_can_delete_volumes (pool_type);
      else
        info->removable = info->source != NULL && local && g_str_equal (type, "file");

      info->default_remove = info->removable && !vireo_disk_info_is_shared (info) &&
                             g_str_equal (info->device, "disk") && !read_only;

      g_ptr_array_add (disks, g_steal_pointer (&info));
    }

  return g_steal_pointer (&disks);
}

static virDomainPtr
lookup_domain (Job     *job,
               GError **error)
{
  virDomainPtr domain = virDomainLookupByUUIDString (job->conn, job->uuid);

  if (domain == NULL)
    vireo_set_error_from_libvirt (error, NULL);
  return domain;
}

static void
list_disks_in_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virDomain) domain = NULL;
  GPtrArray *disks;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  domain = lookup_domain (job, &error);
  if (domain == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  disks = analyse_disks (job->conn, domain, job->uuid, job->local, &error);
  if (disks == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, disks, (GDestroyNotify) g_ptr_array_unref);
}

/* virDomainUndefineFlags with everything that belongs to the VM; drivers that do not know a flag
 * (the test driver knows neither NVRAM nor CHECKPOINTS_METADATA) get fewer. */
static int
undefine (virDomainPtr domain)
{
  static const unsigned int attempts[] = {
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
      VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
      VIR_DOMAIN_UNDEFINE_NVRAM,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      virErrorPtr last;
      int code;

      if (virDomainUndefineFlags (domain, attempts[i]) == 0)
        return 0;

      last = virGetLastError ();
      code = last != NULL ? last->code : VIR_ERR_OK;
      if (code != VIR_ERR_INVALID_ARG && code != VIR_ERR_NO_SUPPORT &&
          code != VIR_ERR_ARGUMENT_UNSUPPORTED)
        return -1;
      virResetLastError ();
    }

  return virDomainUndefine (domain);
}

static const VireoDiskInfo *
find_disk (GPtrArray  *disks,
           const char *path)
{
  for (guint i = 0; i < disks->len; i++)
    {
      const VireoDiskInfo *info = g_ptr_array_index (disks, i);

      if (g_strcmp0 (info->source, path) == 0)
        return info;
    }
  return NULL;
}

/* A message saying why @path cannot be removed with the VM, or NULL when it can. */
static char *
check_removable (Job        *job,
                 GPtrArray  *disks,
                 const char *path)
{
  const VireoDiskInfo *info = find_disk (disks, path);

  if (info == NULL)
    return g_strdup_printf (_("'%s' is not a disk of '%s': nothing was deleted."),
                            path, job->domain_name);
  if (vireo_disk_info_is_shared (info))
    {
      g_autofree char *names = g_strjoinv ("', '", info->shared_with);

      return g_strdup_printf (_("The disk '%s' is also used by '%s': nothing was deleted."),
                              path, names);
    }
  if (!info->removable)
    return g_strdup_printf (_("Vireo cannot remove '%s': it is neither a storage volume nor a "
                              "local file. Nothing was deleted."), path);
  return NULL;
}

/* Removes one image; FALSE with the reason in @reason_out. */
static gboolean
remove_image (Job                 *job,
              const VireoDiskInfo *info,
              char               **reason_out)
{
  if (info->pool != NULL)
    {
      g_autoptr(virStorageVol) volume = virStorageVolLookupByPath (job->conn, info->source);
      g_autoptr(GError) error = NULL;

      if (volume != NULL && virStorageVolDelete (volume, 0) == 0)
        return TRUE;

      vireo_set_error_from_libvirt (&error, NULL);
      *reason_out = g_strdup (error->message);
      return FALSE;
    }

  if (g_unlink (info->source) == 0 || errno == ENOENT)
    return TRUE;

  *reason_out = g_strdup (g_strerror (errno));
  return FALSE;
}

static void
delete_in_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  g_autoptr(GString) remaining = NULL;
  GError *error = NULL;
  int active;

  if (g_task_return_error_if_cancelled (task))
    return;

  domain = lookup_domain (job, &error);
  if (domain == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* What the list showed may be old: check again, here, before anything changes. */
  active = virDomainIsActive (domain);
  if (active < 0)
    {
      vireo_set_error_from_libvirt (&error, NULL);
      g_task_return_error (task, error);
      return;
    }
  if (active == 1)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("'%s' is running: force it off first, then delete it."),
                               job->domain_name);
      return;
    }

  disks = analyse_disks (job->conn, domain, job->uuid, job->local, &error);
  if (disks == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; job->paths[i] != NULL; i++)
    {
      g_autofree char *refusal = check_removable (job, disks, job->paths[i]);

      if (refusal != NULL)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, "%s", refusal);
          return;
        }
    }

  if (undefine (domain) < 0)
    {
      g_autofree char *fallback = g_strdup_printf (_("'%s' could not be deleted; nothing was removed."),
                                                   job->domain_name);

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }

  /* The VM is gone: remove every chosen image, and say which stay. */
  remaining = g_string_new (NULL);
  for (guint i = 0; job->paths[i] != NULL; i++)
    {
      const VireoDiskInfo *info = find_disk (disks, job->paths[i]);
      g_autofree char *reason = NULL;

      if (!remove_image (job, info, &reason))
        g_string_append_printf (remaining, "%s%s (%s)", remaining->len > 0 ? "; " : "",
                                info->source, reason);
    }

  if (remaining->len > 0)
    g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_FAILED,
                             _("'%s' was deleted, but these disks could not be removed and "
                               "remain: %s"), job->domain_name, remaining->str);
  else
    g_task_return_boolean (task, TRUE);
}

/* --- main-thread side ------------------------------------------------------------------------- */

static void
on_disks_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *disks = g_task_propagate_pointer (G_TASK (result), &error);

  if (disks == NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, disks, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VireoDomain *self = g_task_get_source_object (outer);
  VireoConnection *connection = vireo_domain_get_connection (self);
  g_autoptr(GError) error = NULL;

  /* Even a failure may have changed something (the VM gone, some disks left). */
  if (connection != NULL)
    _vireo_domain_tracker_queue_refresh (_vireo_connection_get_tracker (connection));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_boolean (outer, TRUE);
}

/* Queues @func with @job on @self's quick lane, or fails @outer when not connected. */
static void
queue_job (VireoDomain         *self,
           GTask               *outer,
           Job                 *job,
           GTaskThreadFunc      func,
           GAsyncReadyCallback  done)
{
  VireoConnection *connection = vireo_domain_get_connection (self);
  VireoWorker *worker = connection ? vireo_connection_get_worker (connection) : NULL;
  gpointer conn = connection ? vireo_connection_get_virconnect (connection) : NULL;
  g_autoptr(GTask) inner = NULL;

  if (worker == NULL || conn == NULL)
    {
      job_free (job);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection of '%s' is not open."), vireo_domain_get_name (self));
      return;
    }

  job->uuid = g_strdup (vireo_domain_get_uuid (self));
  job->domain_name = g_strdup (vireo_domain_get_name (self));
  job->conn = conn;
  job->local = !vireo_connection_get_is_remote (connection);

  inner = g_task_new (NULL, g_task_get_cancellable (outer), done, g_object_ref (outer));
  /* What the worker did is what is reported, even if cancelled meanwhile. */
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, inner, func);
}

/**
 * vireo_domain_list_disks_async:
 * @self: a #VireoDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the disks
 * @user_data: for @callback
 *
 * Lists the disks of @self's inactive definition, with the storage volume each belongs to and the
 * other VMs that use it, for the delete dialog. Must be called from the main thread.
 */
void
vireo_domain_list_disks_async (VireoDomain         *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  outer = g_task_new (self, cancellable, callback, user_data);
  /* What the worker did is what is reported, even if cancelled meanwhile. */
  g_task_set_check_cancellable (outer, FALSE);
  g_task_set_source_tag (outer, vireo_domain_list_disks_async);
  queue_job (self, outer, g_new0 (Job, 1), list_disks_in_worker, on_disks_listed);
}

/**
 * vireo_domain_list_disks_finish:
 * @self: a #VireoDomain
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VireoDiskInfo) (nullable): the disks, in the XML's order
 */
GPtrArray *
vireo_domain_list_disks_finish (VireoDomain   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * vireo_domain_delete_async:
 * @self: a #VireoDomain, shut off
 * @paths_to_remove: (nullable) (array zero-terminated=1): sources of @self's disks to remove with it
 * @cancellable: (nullable): a #GCancellable; only effective before the job starts
 * @callback: called when done
 * @user_data: for @callback
 *
 * Deletes @self: see the header for what is refused and what remains on failure. A refresh of the
 * connection's list is queued afterwards. Must be called from the main thread.
 */
void
vireo_domain_delete_async (VireoDomain         *self,
                           const char * const  *paths_to_remove,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  GPtrArray *paths;
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  outer = g_task_new (self, cancellable, callback, user_data);
  /* What the worker did is what is reported, even if cancelled meanwhile. */
  g_task_set_check_cancellable (outer, FALSE);
  g_task_set_source_tag (outer, vireo_domain_delete_async);

  if (vireo_domain_get_is_active (self))
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                               _("'%s' is running: force it off first, then delete it."),
                               vireo_domain_get_name (self));
      return;
    }

  /* Each path once, in the order given. */
  paths = g_ptr_array_new ();
  for (guint i = 0; paths_to_remove != NULL && paths_to_remove[i] != NULL; i++)
    if (!g_ptr_array_find_with_equal_func (paths, paths_to_remove[i], g_str_equal, NULL))
      g_ptr_array_add (paths, g_strdup (paths_to_remove[i]));
  g_ptr_array_add (paths, NULL);

  job = g_new0 (Job, 1);
  job->paths = (char **) g_ptr_array_free (paths, FALSE);
  queue_job (self, outer, job, delete_in_worker, on_deleted);
}

gboolean
vireo_domain_delete_finish (VireoDomain   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
