/* vireo-install-host.c: what the new-VM assistant asks the connection's host
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-install"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-install-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-uri.h"
#include "vireo-xml-private.h"

/* --- data ------------------------------------------------------------------------------------- */

static void
pool_free (VireoInstallPool *pool)
{
  g_free (pool->name);
  g_free (pool->type);
  g_free (pool->path);
  g_free (pool);
}

static void
volume_free (VireoInstallVolume *volume)
{
  g_free (volume->name);
  g_free (volume->path);
  g_free (volume->format);
  g_free (volume);
}

static void
network_free (VireoInstallNetwork *network)
{
  g_free (network->name);
  g_free (network->forward_mode);
  g_free (network->bridge);
  g_free (network);
}

static void
interface_free (VireoInstallInterface *interface)
{
  g_free (interface->name);
  g_free (interface);
}

static void
host_clear (VireoInstallHost *host)
{
  g_clear_pointer (&host->caps, vireo_install_caps_free);
  g_clear_pointer (&host->pools, g_ptr_array_unref);
  g_clear_pointer (&host->networks, g_ptr_array_unref);
  g_clear_pointer (&host->interfaces, g_ptr_array_unref);
  g_strfreev (host->domain_names);
  g_free (host->default_pool_path);
}

/* Reference counted: the assistant and the hardware pages share one. */
VireoInstallHost *
vireo_install_host_ref (VireoInstallHost *host)
{
  return g_rc_box_acquire (host);
}

void
vireo_install_host_free (VireoInstallHost *host)
{
  if (host != NULL)
    g_rc_box_release_full (host, (GDestroyNotify) host_clear);
}

const VireoInstallPool *
vireo_install_host_find_pool (const VireoInstallHost *host,
                              const char             *name)
{
  g_return_val_if_fail (host != NULL, NULL);

  for (guint i = 0; name != NULL && host->pools != NULL && i < host->pools->len; i++)
    {
      const VireoInstallPool *pool = g_ptr_array_index (host->pools, i);

      if (g_str_equal (pool->name, name))
        return pool;
    }
  return NULL;
}

const VireoInstallNetwork *
vireo_install_host_find_network (const VireoInstallHost *host,
                                 const char             *name)
{
  g_return_val_if_fail (host != NULL, NULL);

  for (guint i = 0; name != NULL && host->networks != NULL && i < host->networks->len; i++)
    {
      const VireoInstallNetwork *network = g_ptr_array_index (host->networks, i);

      if (g_str_equal (network->name, name))
        return network;
    }
  return NULL;
}

/* --- shared worker helpers -------------------------------------------------------------------- */

gboolean
_vireo_install_uri_is_session (const char *uri)
{
  g_autoptr(VireoUri) parsed = uri != NULL ? vireo_uri_parse (uri, NULL) : NULL;

  return parsed != NULL && g_strcmp0 (vireo_uri_get_path (parsed), "/session") == 0;
}

/**
 * _vireo_install_default_pool_path:
 * @is_session: whether the connection is a per-user daemon
 *
 * Returns: (transfer full): where libvirt's tools make the "default" pool: the system images
 *   directory, or the user's libvirt images directory (~/.local/share/libvirt/images)
 */
char *
_vireo_install_default_pool_path (gboolean is_session)
{
  if (is_session)
    return g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL);
  return g_strdup ("/var/lib/libvirt/images");
}

static char *
xml_string (const char *xml,
            const char *xpath)
{
  g_autoptr(xmlDoc) doc = xml != NULL ? _vireo_xml_parse (xml, NULL) : NULL;
  g_autoptr(xmlXPathContext) context = NULL;

  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_get_string (context, NULL, xpath);
}

/* libvirt strings are malloc'ed: copy into GLib's allocator. */
static char *
take_libvirt_string (char *value)
{
  char *copy = g_strdup (value);

  free (value);
  return copy;
}

gboolean
_vireo_install_fetch_caps_xml (virConnectPtr   conn,
                               char          **capabilities_out,
                               char          **domain_capabilities_out,
                               GError        **error)
{
  g_autofree char *capabilities = take_libvirt_string (virConnectGetCapabilities (conn));
  g_autofree char *arch = NULL;
  g_autofree char *kvm_xpath = NULL;
  g_autofree char *has_kvm = NULL;
  char *domain_capabilities;

  if (capabilities == NULL)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return FALSE;
    }

  /* The host's arch, and kvm when the host offers it for that arch, as the plan will choose. */
  arch = xml_string (capabilities, "string(/capabilities/host/cpu/arch)");
  if (arch != NULL)
    {
      kvm_xpath = g_strdup_printf ("string(/capabilities/guest[arch/@name='%s']"
                                   "/arch/domain[@type='kvm']/@type)", arch);
      has_kvm = xml_string (capabilities, kvm_xpath);
    }

  domain_capabilities = virConnectGetDomainCapabilities (conn, NULL, arch, NULL,
                                                         has_kvm != NULL ? "kvm" : "qemu", 0);
  if (domain_capabilities == NULL)
    {
      /* The test driver has none; any other driver that cannot answer gets the defaults. */
      g_autoptr(GError) ignored = NULL;

      vireo_set_error_from_libvirt (&ignored, NULL);
      g_debug ("No domain capabilities: %s", ignored->message);
    }

  *capabilities_out = g_steal_pointer (&capabilities);
  *domain_capabilities_out = take_libvirt_string (domain_capabilities);
  return TRUE;
}

/**
 * _vireo_install_check_path:
 *
 * Worker side of vireo_install_check_path_async().
 */
gboolean
_vireo_install_check_path (virConnectPtr   conn,
                           gboolean        local,
                           const char     *path,
                           GError        **error)
{
  if (path == NULL || *path == '\0')
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                           _("No path was given."));
      return FALSE;
    }

  if (local)
    {
      GStatBuf buf;
      int saved;

      if (g_stat (path, &buf) < 0)
        {
          saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("'%s' cannot be used: %s."), path, g_strerror (saved));
          return FALSE;
        }
      if (S_ISDIR (buf.st_mode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                       _("'%s' is a directory, not a disk image."), path);
          return FALSE;
        }
      if (g_access (path, R_OK) < 0)
        {
          saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("'%s' cannot be read: %s."), path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  {
    g_autoptr(virStorageVol) volume = virStorageVolLookupByPath (conn, path);

    if (volume == NULL)
      {
        virResetLastError ();
        g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                     _("'%s' is not a storage volume on the remote host: add its directory as a "
                       "storage pool, or pick a volume."), path);
        return FALSE;
      }
  }
  return TRUE;
}

/* --- the host query (worker) ------------------------------------------------------------------ */

typedef struct
{
  virConnectPtr  conn;     /* borrowed: quick-lane jobs run before the connection closes */
  gboolean       local;
  gboolean       session;
  char          *name;     /* pool, network or path */
} Query;

static void
query_free (Query *query)
{
  g_free (query->name);
  g_free (query);
}

static void
pool_refresh_quietly (virStoragePoolPtr pool)
{
  if (virStoragePoolIsActive (pool) == 1 && virStoragePoolRefresh (pool, 0) < 0)
    virResetLastError ();
}

static GPtrArray *
list_pools (virConnectPtr   conn,
            GError        **error)
{
  g_autoptr(GPtrArray) pools = g_ptr_array_new_with_free_func ((GDestroyNotify) pool_free);
  virStoragePoolPtr *list = NULL;
  int n = virConnectListAllStoragePools (conn, &list, 0);

  if (n < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }

  for (int i = 0; i < n; i++)
    {
      VireoInstallPool *pool = g_new0 (VireoInstallPool, 1);
      g_autofree char *xml = NULL;
      virStoragePoolInfo info;

      pool_refresh_quietly (list[i]);
      xml = take_libvirt_string (virStoragePoolGetXMLDesc (list[i], 0));
      pool->name = g_strdup (virStoragePoolGetName (list[i]));
      pool->type = xml_string (xml, "string(/pool/@type)");
      pool->path = xml_string (xml, "string(/pool/target/path)");
      pool->active = virStoragePoolIsActive (list[i]) == 1;
      if (virStoragePoolGetInfo (list[i], &info) == 0)
        {
          pool->capacity = info.capacity;
          pool->available = info.available;
        }
      virResetLastError ();
      g_ptr_array_add (pools, pool);
      virStoragePoolFree (list[i]);
    }
  free (list);
  return g_steal_pointer (&pools);
}

static GPtrArray *
list_networks (virConnectPtr   conn,
               GError        **error)
{
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func ((GDestroyNotify) network_free);
  virNetworkPtr *list = NULL;
  int n = virConnectListAllNetworks (conn, &list, 0);

  if (n < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }

  for (int i = 0; i < n; i++)
    {
      VireoInstallNetwork *network = g_new0 (VireoInstallNetwork, 1);
      g_autofree char *xml = take_libvirt_string (virNetworkGetXMLDesc (list[i], 0));
      g_autofree char *has_forward = xml_string (xml, "name(/network/forward)");

      network->name = g_strdup (virNetworkGetName (list[i]));
      network->active = virNetworkIsActive (list[i]) == 1;
      network->forward_mode = xml_string (xml, "string(/network/forward/@mode)");
      /* <forward/> without a mode is NAT. */
      if (network->forward_mode == NULL && has_forward != NULL)
        network->forward_mode = g_strdup ("nat");
      network->bridge = xml_string (xml, "string(/network/bridge/@name)");
      virResetLastError ();
      g_ptr_array_add (networks, network);
      virNetworkFree (list[i]);
    }
  free (list);
  return g_steal_pointer (&networks);
}

static void
add_interface (GPtrArray  *interfaces,
               const char *name,
               gboolean    is_bridge)
{
  VireoInstallInterface *interface;

  if (name == NULL || g_str_equal (name, "lo"))
    return;
  for (guint i = 0; i < interfaces->len; i++)
    if (g_str_equal (((VireoInstallInterface *) g_ptr_array_index (interfaces, i))->name, name))
      return;

  interface = g_new0 (VireoInstallInterface, 1);
  interface->name = g_strdup (name);
  interface->is_bridge = is_bridge;
  g_ptr_array_add (interfaces, interface);
}

static int
compare_interfaces (gconstpointer a,
                    gconstpointer b)
{
  const VireoInstallInterface *x = *(VireoInstallInterface * const *) a;
  const VireoInstallInterface *y = *(VireoInstallInterface * const *) b;

  return g_strcmp0 (x->name, y->name);
}

/* The host's interfaces from libvirt's interface driver, else (local connections) from sysfs. */
static GPtrArray *
list_interfaces (virConnectPtr conn,
                 gboolean      local)
{
  GPtrArray *interfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) interface_free);
  virInterfacePtr *list = NULL;
  int n = virConnectListAllInterfaces (conn, &list, 0);

  if (n >= 0)
    {
      for (int i = 0; i < n; i++)
        {
          g_autofree char *xml = take_libvirt_string (virInterfaceGetXMLDesc (list[i], 0));
          g_autofree char *type = xml_string (xml, "string(/interface/@type)");

          add_interface (interfaces, virInterfaceGetName (list[i]), g_strcmp0 (type, "bridge") == 0);
          virInterfaceFree (list[i]);
        }
      free (list);
      virResetLastError ();
    }
  else
    {
      virResetLastError ();
      if (local)
        {
          g_autoptr(GDir) dir = g_dir_open ("/sys/class/net", 0, NULL);
          const char *name;

          while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *bridge = g_build_filename ("/sys/class/net", name, "bridge", NULL);

              add_interface (interfaces, name, g_file_test (bridge, G_FILE_TEST_IS_DIR));
            }
        }
    }

  g_ptr_array_sort (interfaces, compare_interfaces);
  return interfaces;
}

static char **
list_domain_names (virConnectPtr   conn,
                   GError        **error)
{
  GPtrArray *names;
  virDomainPtr *list = NULL;
  int n = virConnectListAllDomains (conn, &list, 0);

  if (n < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }
  names = g_ptr_array_new ();
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virDomainGetName (list[i])));
      virDomainFree (list[i]);
    }
  free (list);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static VireoInstallHost *
query_host (Query   *query,
            GError **error)
{
  g_autoptr(VireoInstallHost) host = g_rc_box_new0 (VireoInstallHost);
  g_autofree char *capabilities = NULL;
  g_autofree char *domain_capabilities = NULL;
  g_autoptr(virStoragePool) default_pool = NULL;
  virNodeInfo info;

  if (!_vireo_install_fetch_caps_xml (query->conn, &capabilities, &domain_capabilities, error))
    return NULL;
  host->caps = vireo_install_caps_new_from_xml (capabilities, domain_capabilities, error);
  if (host->caps == NULL)
    return NULL;

  if (virNodeGetInfo (query->conn, &info) < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }
  host->memory_mib = info.memory / 1024;
  host->cpus = info.cpus;
  host->is_session = query->session;
  host->is_local = query->local;

  if ((host->pools = list_pools (query->conn, error)) == NULL ||
      (host->networks = list_networks (query->conn, error)) == NULL ||
      (host->domain_names = list_domain_names (query->conn, error)) == NULL)
    return NULL;
  host->interfaces = list_interfaces (query->conn, query->local);

  default_pool = virStoragePoolLookupByName (query->conn, "default");
  host->default_pool_missing = default_pool == NULL;
  virResetLastError ();
  host->default_pool_path = _vireo_install_default_pool_path (query->session);

  return g_steal_pointer (&host);
}

static void
query_host_in_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  VireoInstallHost *host;

  if (g_task_return_error_if_cancelled (task))
    return;
  host = query_host (task_data, &error);
  if (host == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, host, (GDestroyNotify) vireo_install_host_free);
}

static void
list_volumes_in_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(GPtrArray) volumes = NULL;
  virStorageVolPtr *list = NULL;
  GError *error = NULL;
  int n;

  if (g_task_return_error_if_cancelled (task))
    return;

  pool = virStoragePoolLookupByName (query->conn, query->name);
  if (pool != NULL)
    pool_refresh_quietly (pool);
  if (pool == NULL || (n = virStoragePoolListAllVolumes (pool, &list, 0)) < 0)
    {
      vireo_set_error_from_libvirt (&error, NULL);
      g_task_return_error (task, error);
      return;
    }

  volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) volume_free);
  for (int i = 0; i < n; i++)
    {
      VireoInstallVolume *volume = g_new0 (VireoInstallVolume, 1);
      g_autofree char *xml = take_libvirt_string (virStorageVolGetXMLDesc (list[i], 0));
      virStorageVolInfo info;

      volume->name = g_strdup (virStorageVolGetName (list[i]));
      volume->path = take_libvirt_string (virStorageVolGetPath (list[i]));
      volume->format = xml_string (xml, "string(/volume/target/format/@type)");
      if (virStorageVolGetInfo (list[i], &info) == 0)
        volume->capacity = info.capacity;
      virResetLastError ();
      g_ptr_array_add (volumes, volume);
      virStorageVolFree (list[i]);
    }
  free (list);
  g_task_return_pointer (task, g_steal_pointer (&volumes), (GDestroyNotify) g_ptr_array_unref);
}

static void
start_network_in_worker (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(virNetwork) network = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  network = virNetworkLookupByName (query->conn, query->name);
  if (network == NULL || virNetworkCreate (network) < 0)
    {
      g_autofree char *fallback = g_strdup_printf (_("The network '%s' could not be started."),
                                                   query->name);

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
check_path_in_worker (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Query *query = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (_vireo_install_check_path (query->conn, query->local, query->name, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* --- main-thread side ------------------------------------------------------------------------- */

static void
queue_query (VireoConnection     *connection,
             const char          *name,
             gpointer             source_tag,
             GTaskThreadFunc      func,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);
  VireoWorker *worker = vireo_connection_get_worker (connection);
  gpointer conn = vireo_connection_get_virconnect (connection);
  Query *query;

  g_task_set_source_tag (task, source_tag);
  if (worker == NULL || conn == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection '%s' is not open."),
                               vireo_connection_get_uri (connection));
      return;
    }

  query = g_new0 (Query, 1);
  query->conn = conn;
  query->local = !vireo_connection_get_is_remote (connection);
  query->session = _vireo_install_uri_is_session (vireo_connection_get_uri (connection));
  query->name = g_strdup (name);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, task, func);
}

/**
 * vireo_install_host_query_async:
 * @connection: a connected #VireoConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the host
 * @user_data: for @callback
 *
 * Asks the connection's host, in one worker job, everything the new-VM assistant shows: see the
 * header. Active pools are refreshed first. Main thread.
 */
void
vireo_install_host_query_async (VireoConnection     *connection,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  queue_query (connection, NULL, vireo_install_host_query_async, query_host_in_worker,
               cancellable, callback, user_data);
}

/**
 * vireo_install_host_query_finish:
 *
 * Returns: (transfer full): the host
 */
VireoInstallHost *
vireo_install_host_query_finish (VireoConnection  *connection,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_install_list_volumes_async (VireoConnection     *connection,
                                  const char          *pool,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (pool != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  queue_query (connection, pool, vireo_install_list_volumes_async, list_volumes_in_worker,
               cancellable, callback, user_data);
}

GPtrArray *
vireo_install_list_volumes_finish (VireoConnection  *connection,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vireo_install_start_network_async (VireoConnection     *connection,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (name != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  queue_query (connection, name, vireo_install_start_network_async, start_network_in_worker,
               cancellable, callback, user_data);
}

gboolean
vireo_install_start_network_finish (VireoConnection  *connection,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
vireo_install_check_path_async (VireoConnection     *connection,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  queue_query (connection, path, vireo_install_check_path_async, check_path_in_worker,
               cancellable, callback, user_data);
}

gboolean
vireo_install_check_path_finish (VireoConnection  *connection,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
