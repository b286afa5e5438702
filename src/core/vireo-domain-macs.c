/* vireo-domain-macs.c: the MAC addresses a connection's VMs use
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-macs"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"
#include "vireo-domain-macs.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-worker.h"
#include "vireo-xml-private.h"

typedef struct
{
  virConnectPtr  conn;        /* borrowed: quick-lane jobs run before the connection closes */
  char          *exclude_uuid;
} Query;

static void
query_free (Query *query)
{
  g_free (query->exclude_uuid);
  g_free (query);
}

/* Adds the MACs of @xml to @macs. */
static void
add_macs (GHashTable *macs,
          const char *xml)
{
  g_autoptr(xmlDoc) doc = xml != NULL ? _vireo_xml_parse (xml, NULL) : NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(GPtrArray) nodes = NULL;

  if (doc == NULL)
    return;
  context = _vireo_xml_context_new (doc);
  nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/interface/mac");
  for (guint i = 0; nodes != NULL && i < nodes->len; i++)
    {
      g_autofree char *mac = _vireo_xml_get_attribute (g_ptr_array_index (nodes, i), "address");

      if (mac != NULL)
        g_hash_table_add (macs, g_ascii_strdown (mac, -1));
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
list_macs_in_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(GHashTable) macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  virDomainPtr *list = NULL;
  GError *error = NULL;
  GPtrArray *result;
  GHashTableIter iter;
  gpointer mac;
  int n;

  if (g_task_return_error_if_cancelled (task))
    return;

  n = virConnectListAllDomains (query->conn, &list, 0);
  if (n < 0)
    {
      vireo_set_error_from_libvirt (&error, NULL);
      g_task_return_error (task, error);
      return;
    }

  for (int i = 0; i < n; i++)
    {
      char uuid[VIR_UUID_STRING_BUFLEN];

      if (query->exclude_uuid == NULL || virDomainGetUUIDString (list[i], uuid) < 0 ||
          g_ascii_strcasecmp (uuid, query->exclude_uuid) != 0)
        {
          g_autofree char *inactive = virDomainGetXMLDesc (list[i], VIR_DOMAIN_XML_INACTIVE);
          g_autofree char *live = virDomainIsActive (list[i]) == 1 ? virDomainGetXMLDesc (list[i], 0) : NULL;

          /* A VM that went away meanwhile has no MACs to keep. */
          add_macs (macs, inactive);
          add_macs (macs, live);
        }
      virResetLastError ();
      virDomainFree (list[i]);
    }
  free (list);

  result = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, macs);
  while (g_hash_table_iter_next (&iter, &mac, NULL))
    {
      g_ptr_array_add (result, mac);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (result, compare_strings);
  g_ptr_array_add (result, NULL);
  g_task_return_pointer (task, g_ptr_array_free (result, FALSE), (GDestroyNotify) g_strfreev);
}

/**
 * vireo_connection_list_macs_async:
 * @connection: a connected #VireoConnection
 * @exclude_uuid: (nullable): the VM whose MACs are left out
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the MACs
 * @user_data: for @callback
 *
 * See the header. Must be called from the main thread.
 */
void
vireo_connection_list_macs_async (VireoConnection     *connection,
                                  const char          *exclude_uuid,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VireoWorker *worker;
  gpointer conn;
  Query *query;

  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_connection_list_macs_async);
  worker = vireo_connection_get_worker (connection);
  conn = vireo_connection_get_virconnect (connection);
  if (worker == NULL || conn == NULL)
    {
      g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection '%s' is not open."),
                               vireo_connection_get_uri (connection));
      return;
    }

  query = g_new0 (Query, 1);
  query->conn = conn;
  query->exclude_uuid = g_strdup (exclude_uuid);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, task, list_macs_in_worker);
}

/**
 * vireo_connection_list_macs_finish:
 * @connection: the connection
 * @result: the result
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the MACs, NULL-terminated
 */
char **
vireo_connection_list_macs_finish (VireoConnection  *connection,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
