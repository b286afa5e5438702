/* vireo-install-job.c: creating the VM of an install plan
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-install"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-install-private.h"
#include "vireo-libvirt-private.h"

/*
 * The plan's side of the creation: the fresh re-check and the documents. The libvirt steps and
 * the rollback are vireo-install-steps.c's.
 */

typedef struct
{
  VireoInstallPlan *plan;
  char             *custom_xml;
  gboolean          local;
} PlanData;

static void
plan_data_free (PlanData *data)
{
  vireo_install_plan_free (data->plan);
  g_free (data->custom_xml);
  g_free (data);
}

/* The names in a libvirt list, as a NULL-terminated array. */
static char **
domain_names (virConnectPtr   conn,
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

static char **
network_names (virConnectPtr   conn,
               GError        **error)
{
  GPtrArray *names;
  virNetworkPtr *list = NULL;
  int n = virConnectListAllNetworks (conn, &list, 0);

  if (n < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }
  names = g_ptr_array_new ();
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virNetworkGetName (list[i])));
      virNetworkFree (list[i]);
    }
  free (list);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* The volumes of @pool_name and its free bytes; an empty list and G_MAXUINT64 when the pool does
 * not exist (yet). */
static char **
volume_names (virConnectPtr   conn,
              const char     *pool_name,
              guint64        *available_out)
{
  g_autoptr(virStoragePool) pool = NULL;
  GPtrArray *names = g_ptr_array_new ();
  virStorageVolPtr *list = NULL;
  virStoragePoolInfo info;
  int n;

  *available_out = G_MAXUINT64;
  pool = pool_name != NULL ? virStoragePoolLookupByName (conn, pool_name) : NULL;
  if (pool == NULL)
    {
      virResetLastError ();
      g_ptr_array_add (names, NULL);
      return (char **) g_ptr_array_free (names, FALSE);
    }

  if (virStoragePoolIsActive (pool) == 1 && virStoragePoolRefresh (pool, 0) < 0)
    virResetLastError ();
  if (virStoragePoolGetInfo (pool, &info) == 0 && info.state == VIR_STORAGE_POOL_RUNNING)
    *available_out = info.available;
  virResetLastError ();

  n = virStoragePoolListAllVolumes (pool, &list, 0);
  if (n < 0)
    {
      /* An inactive pool lists nothing: the steps refuse it with a clear message. */
      virResetLastError ();
      n = 0;
    }
  for (int i = 0; i < n; i++)
    {
      g_ptr_array_add (names, g_strdup (virStorageVolGetName (list[i])));
      virStorageVolFree (list[i]);
    }
  free (list);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* Worker: the plan checked again against the host as it is now, and its paths. */
static gboolean
check_plan (virConnectPtr   conn,
            gpointer        user_data,
            GError        **error)
{
  PlanData *data = user_data;
  const VireoInstallPlan *plan = data->plan;
  g_auto(GStrv) taken_names = NULL;
  g_auto(GStrv) taken_volumes = NULL;
  g_auto(GStrv) networks = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  VireoInstallLimits limits = { 0 };
  virNodeInfo info;

  if (virNodeGetInfo (conn, &info) < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return FALSE;
    }
  if ((taken_names = domain_names (conn, error)) == NULL ||
      (networks = network_names (conn, error)) == NULL)
    return FALSE;
  taken_volumes = volume_names (conn, plan->disk == VIREO_INSTALL_DISK_NEW_VOLUME ? plan->disk_pool : NULL,
                                &limits.pool_available);

  limits.host_memory_mib = info.memory / 1024;
  limits.host_cpus = info.cpus;
  limits.taken_names = (const char * const *) taken_names;
  limits.taken_volumes = (const char * const *) taken_volumes;
  limits.networks = (const char * const *) networks;

  problems = vireo_install_plan_check (plan, &limits);
  if (problems->len > 0)
    {
      const VireoInstallProblem *first = g_ptr_array_index (problems, 0);

      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, first->message);
      return FALSE;
    }

  if (plan->media == VIREO_INSTALL_MEDIA_ISO &&
      !_vireo_install_check_path (conn, data->local, plan->iso_path, error))
    return FALSE;
  if (plan->disk == VIREO_INSTALL_DISK_EXISTING &&
      !_vireo_install_check_path (conn, data->local, plan->disk_path, error))
    return FALSE;
  return TRUE;
}

/* Worker: the INSTALL document, naming the new volume's path. */
static char *
build_install_xml (virConnectPtr   conn,
                   const char     *volume_path,
                   gpointer        user_data,
                   GError        **error)
{
  PlanData *data = user_data;
  g_autofree char *capabilities = NULL;
  g_autofree char *domain_capabilities = NULL;
  g_autoptr(VireoInstallCaps) caps = NULL;
  VireoOs *os;

  if (data->custom_xml != NULL)
    return g_strdup (data->custom_xml);

  if (volume_path != NULL)
    {
      g_free (data->plan->disk_path);
      data->plan->disk_path = g_strdup (volume_path);
    }

  if (!_vireo_install_fetch_caps_xml (conn, &capabilities, &domain_capabilities, error))
    return NULL;
  caps = vireo_install_caps_new_from_xml (capabilities, domain_capabilities, error);
  if (caps == NULL)
    return NULL;
  os = data->plan->os_short_id != NULL ? vireo_osinfo_lookup (data->plan->os_short_id) : NULL;

  return vireo_install_plan_build_xml (data->plan, caps, os, VIREO_INSTALL_STAGE_INSTALL, error);
}

/**
 * vireo_install_create_async:
 *
 * See the header. Main thread.
 */
void
vireo_install_create_async (VireoConnection              *connection,
                            const VireoInstallPlan       *plan,
                            const char                   *custom_xml,
                            GCancellable                 *cancellable,
                            VireoInstallProgressCallback  progress_callback,
                            gpointer                      progress_data,
                            GAsyncReadyCallback           callback,
                            gpointer                      user_data)
{
  VireoInstallSteps *steps;
  PlanData *data;

  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (plan != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  data = g_new0 (PlanData, 1);
  data->plan = vireo_install_plan_copy (plan);
  data->custom_xml = g_strdup (custom_xml);
  data->local = !vireo_connection_get_is_remote (connection);

  steps = g_new0 (VireoInstallSteps, 1);
  steps->check = check_plan;
  steps->build = build_install_xml;
  steps->make_final = vireo_install_xml_make_final;
  steps->data = data;
  steps->data_free = (GDestroyNotify) plan_data_free;

  if (plan->disk == VIREO_INSTALL_DISK_NEW_VOLUME)
    {
      g_autoptr(GError) error = NULL;

      steps->volume_xml = vireo_install_plan_build_volume_xml (plan, &error);
      if (steps->volume_xml == NULL)
        {
          g_autoptr(GTask) task = g_task_new (connection, cancellable, callback, user_data);

          g_task_set_source_tag (task, vireo_install_create_async);
          _vireo_install_steps_free (steps);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      steps->pool_name = g_strdup (plan->disk_pool);
      if (g_strcmp0 (plan->disk_pool, "default") == 0)
        steps->make_pool_path =
          _vireo_install_default_pool_path (_vireo_install_uri_is_session (vireo_connection_get_uri (connection)));
    }

  _vireo_install_steps_run_async (connection, steps, cancellable, progress_callback, progress_data,
                                  callback, user_data);
}

/**
 * vireo_install_create_finish:
 *
 * Returns: (transfer full): the new VM's UUID
 */
char *
vireo_install_create_finish (VireoConnection  *connection,
                             GAsyncResult     *result,
                             GError          **error)
{
  return _vireo_install_steps_run_finish (connection, result, error);
}
