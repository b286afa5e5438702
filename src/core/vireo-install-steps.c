/* vireo-install-steps.c: the libvirt steps of creating a VM, with rollback
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-install"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-install-private.h"
#include "vireo-libvirt-private.h"
#include "vireo-progress-private.h"
#include "vireo-volume-private.h"
#include "vireo-worker.h"
#include "vireo-xml-private.h"

/*
 * The order virt-install follows: (pool,) volume, definition, start, then the definition that
 * boots from the disk. Each thing made is remembered; a failure or a cancellation between two
 * steps removes them in reverse order. Nothing found already there is ever changed: a taken name
 * refuses the creation before anything is made.
 */

/* --- the job (worker) ------------------------------------------------------------------------- */

typedef struct
{
  VireoInstallSteps *steps;
  virConnectPtr      conn;      /* our own reference: the long lane may outlive the session */
  gboolean           local;
  VireoProgress     *progress;  /* reported on the caller's context */

  /* What this job made, for the rollback. */
  virStoragePoolPtr  made_pool;
  gboolean           made_pool_dir;
  virStorageVolPtr   made_volume;
  virDomainPtr       made_domain;
} Job;

void
_vireo_install_steps_free (VireoInstallSteps *steps)
{
  if (steps == NULL)
    return;
  if (steps->data_free != NULL)
    steps->data_free (steps->data);
  g_free (steps->pool_name);
  g_free (steps->volume_xml);
  g_free (steps->make_pool_path);
  g_free (steps);
}

static void
job_close_connection (Job *job)
{
  g_clear_pointer (&job->made_domain, virDomainFree);
  g_clear_pointer (&job->made_volume, virStorageVolFree);
  g_clear_pointer (&job->made_pool, virStoragePoolFree);
  if (job->conn != NULL)
    virConnectClose (job->conn);
  job->conn = NULL;
}

static void
job_free (Job *job)
{
  /* Normally closed by the job itself, in the worker: closing may talk to the daemon. */
  job_close_connection (job);
  _vireo_install_steps_free (job->steps);
  g_clear_pointer (&job->progress, _vireo_progress_unref);
  g_free (job);
}

static void
post_progress (Job        *job,
               double      fraction,
               const char *step_text)
{
  _vireo_progress_post (job->progress, fraction, step_text);
}

/* Undefines with whatever the domain may carry (NVRAM, a managed save, snapshot metadata), falling
 * back for drivers that refuse a flag. */
static int
undefine (virDomainPtr domain)
{
  static const unsigned int attempts[] = {
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
    VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
    VIR_DOMAIN_UNDEFINE_NVRAM,
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_NVRAM,
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

static void
note_leftover (GString    *leftovers,
               const char *what)
{
  g_autoptr(GError) error = NULL;

  vireo_set_error_from_libvirt (&error, NULL);
  g_string_append_printf (leftovers, "%s%s (%s)", leftovers->len > 0 ? "; " : "", what,
                          error->message);
}

/* Removes what the job made, newest first. Returns what could not be removed, or NULL. */
static char *
rollback (Job *job)
{
  g_autoptr(GString) leftovers = g_string_new (NULL);

  if (job->made_domain != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("the virtual machine '%s'"),
                                               virDomainGetName (job->made_domain));

      if (virDomainIsActive (job->made_domain) == 1 && virDomainDestroy (job->made_domain) < 0)
        note_leftover (leftovers, what);
      else if (undefine (job->made_domain) < 0)
        note_leftover (leftovers, what);
      virResetLastError ();
      g_clear_pointer (&job->made_domain, virDomainFree);
    }

  if (job->made_volume != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("the volume '%s'"),
                                               virStorageVolGetName (job->made_volume));

      if (virStorageVolDelete (job->made_volume, 0) < 0)
        note_leftover (leftovers, what);
      g_clear_pointer (&job->made_volume, virStorageVolFree);
    }

  if (job->made_pool != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("the storage pool '%s'"),
                                               virStoragePoolGetName (job->made_pool));

      if (virStoragePoolIsActive (job->made_pool) == 1 && virStoragePoolDestroy (job->made_pool) < 0)
        note_leftover (leftovers, what);
      else
        {
          /* The directory too, when the build made it (it is empty: its volume is gone). */
          if (job->made_pool_dir && virStoragePoolDelete (job->made_pool, 0) < 0)
            virResetLastError ();
          if (virStoragePoolUndefine (job->made_pool) < 0)
            note_leftover (leftovers, what);
        }
      g_clear_pointer (&job->made_pool, virStoragePoolFree);
    }

  virResetLastError ();
  return leftovers->len > 0 ? g_strdup (leftovers->str) : NULL;
}

/* Fails @task with @error after the rollback, saying what it could not remove. */
static void
fail (GTask  *task,
      Job    *job,
      GError *error)
{
  g_autofree char *leftovers = rollback (job);

  if (leftovers != NULL)
    g_prefix_error (&error, _("Vireo could not remove what it had created (%s): "), leftovers);
  g_task_return_error (task, error);
}

static gboolean
fail_if_cancelled (GTask *task,
                   Job   *job)
{
  GError *error = NULL;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    return FALSE;
  fail (task, job, error);
  return TRUE;
}

static GError *
libvirt_error (const char *fallback)
{
  GError *error = NULL;

  vireo_set_error_from_libvirt (&error, fallback);
  return error;
}

/* The default pool: a dir pool at steps->make_pool_path, built, started and autostarted. */
static virStoragePoolPtr
make_pool (Job     *job,
           GError **error)
{
  VireoInstallSteps *steps = job->steps;
  g_autofree char *name = g_markup_escape_text (steps->pool_name, -1);
  g_autofree char *path = g_markup_escape_text (steps->make_pool_path, -1);
  g_autofree char *xml = g_strdup_printf ("<pool type='dir'><name>%s</name><target><path>%s</path>"
                                          "</target></pool>", name, path);
  g_autofree char *fallback = g_strdup_printf (_("The storage pool '%s' could not be made at '%s'."),
                                               steps->pool_name, steps->make_pool_path);

  job->made_pool = virStoragePoolDefineXML (job->conn, xml, 0);
  if (job->made_pool == NULL)
    {
      *error = libvirt_error (fallback);
      return NULL;
    }

  job->made_pool_dir = job->local && !g_file_test (steps->make_pool_path, G_FILE_TEST_EXISTS);
  if (virStoragePoolBuild (job->made_pool, 0) < 0 ||
      virStoragePoolCreate (job->made_pool, 0) < 0 ||
      virStoragePoolSetAutostart (job->made_pool, 1) < 0)
    {
      *error = libvirt_error (fallback);
      return NULL;
    }

  return job->made_pool;
}

/* The pool of the new volume, active: found, or made when it is the missing default pool. */
static virStoragePoolPtr
find_or_make_pool (Job     *job,
                   GError **error)
{
  VireoInstallSteps *steps = job->steps;
  virStoragePoolPtr pool = virStoragePoolLookupByName (job->conn, steps->pool_name);
  int active;

  if (pool == NULL)
    {
      virErrorPtr last = virGetLastError ();

      if (last == NULL || last->code != VIR_ERR_NO_STORAGE_POOL || steps->make_pool_path == NULL)
        {
          *error = libvirt_error (NULL);
          return NULL;
        }
      virResetLastError ();
      post_progress (job, 0.1, _("Creating the storage pool…"));
      if (make_pool (job, error) == NULL)
        return NULL;
      return virStoragePoolRef (job->made_pool) == 0 ? job->made_pool : NULL;
    }

  active = virStoragePoolIsActive (pool);
  if (active != 1)
    {
      if (active < 0)
        *error = libvirt_error (NULL);
      else
        *error = g_error_new (VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                              _("The storage pool '%s' is not active: start it first."),
                              steps->pool_name);
      virStoragePoolFree (pool);
      return NULL;
    }
  return pool;
}

/* The new volume, sparse; its path. */
static char *
make_volume (Job     *job,
             GError **error)
{
  VireoInstallSteps *steps = job->steps;
  g_autoptr(virStoragePool) pool = NULL;
  g_autofree char *volume_name = NULL;
  char *path;

  /* A bad document is refused before a pool is made for it. */
  volume_name = _vireo_volume_name_of (steps->volume_xml, error);
  if (volume_name == NULL)
    return NULL;

  pool = find_or_make_pool (job, error);
  if (pool == NULL)
    return NULL;

  /* Sparse (allocation 0): usually instant; the allocation is polled all the same. */
  job->made_volume = _vireo_volume_create_in_pool (pool, steps->pool_name, steps->volume_xml,
                                                   job->progress, 0.2, 0.5, _("Creating the disk…"),
                                                   error);
  if (job->made_volume == NULL)
    return NULL;

  path = virStorageVolGetPath (job->made_volume);
  if (path == NULL)
    *error = libvirt_error (NULL);
  return path;
}

static char *
domain_type_of (const char *xml)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (xml, NULL);
  g_autoptr(xmlXPathContext) context = NULL;

  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_get_string (context, NULL, "string(/domain/@type)");
}

static char *
domain_name_of (const char *xml)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (xml, NULL);
  g_autoptr(xmlXPathContext) context = NULL;

  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_get_string (context, NULL, "string(/domain/name)");
}

static gboolean
start_domain (Job         *job,
              const char  *install_xml,
              GError     **error)
{
  VireoInstallSteps *steps = job->steps;
  g_autofree char *type = NULL;
  int result;

  if (steps->start != NULL)
    result = steps->start (job->made_domain, steps->data);
  else
    result = virDomainCreate (job->made_domain);
  if (result == 0)
    return TRUE;

  /* Converted first: every libvirt call, virDomainGetName() too, resets the last error. */
  *error = libvirt_error (NULL);
  type = domain_type_of (install_xml);
  if (g_strcmp0 (type, "kvm") == 0 && vireo_error_message_is_kvm_failure ((*error)->message))
    {
      g_autoptr(GError) libvirt = g_steal_pointer (error);

      *error = g_error_new (VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE,
                            _("'%s' could not start because KVM does not work on this host: %s"),
                            virDomainGetName (job->made_domain), libvirt->message);
    }
  return FALSE;
}

static void
run (GTask *task,
     Job   *job)
{
  VireoInstallSteps *steps = job->steps;
  g_autofree char *volume_path = NULL;
  g_autofree char *install_xml = NULL;
  g_autofree char *name = NULL;
  g_autofree char *defined_xml = NULL;
  g_autofree char *final_xml = NULL;
  g_autoptr(virDomain) existing = NULL;
  g_autoptr(virDomain) final = NULL;
  char uuid[VIR_UUID_STRING_BUFLEN];
  GError *error = NULL;

  post_progress (job, 0.0, _("Checking the choices…"));
  if (steps->check != NULL && !steps->check (job->conn, steps->data, &error))
    {
      fail (task, job, error);
      return;
    }
  if (fail_if_cancelled (task, job))
    return;

  if (steps->pool_name != NULL)
    {
      volume_path = make_volume (job, &error);
      if (volume_path == NULL)
        {
          fail (task, job, error);
          return;
        }
      if (fail_if_cancelled (task, job))
        return;
    }

  post_progress (job, 0.6, _("Defining the virtual machine…"));
  install_xml = steps->build (job->conn, volume_path, steps->data, &error);
  if (install_xml == NULL)
    {
      fail (task, job, error);
      return;
    }
  if (fail_if_cancelled (task, job))
    return;

  /* A taken name is refused, never redefined (nor undefined by the rollback). */
  name = domain_name_of (install_xml);
  if (name != NULL && (existing = virDomainLookupByName (job->conn, name)) != NULL)
    {
      fail (task, job, g_error_new (VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                                    _("Another virtual machine is already named '%s'."), name));
      return;
    }
  virResetLastError ();

  /* Validated against libvirt's schema: a customized document is checked here first. */
  job->made_domain = virDomainDefineXMLFlags (job->conn, install_xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (job->made_domain == NULL)
    {
      fail (task, job, libvirt_error (NULL));
      return;
    }
  if (fail_if_cancelled (task, job))
    return;

  post_progress (job, 0.7, _("Starting the virtual machine…"));
  if (!start_domain (job, install_xml, &error))
    {
      fail (task, job, error);
      return;
    }
  if (fail_if_cancelled (task, job))
    return;

  /* The next boot is from the disk: the FINAL document, made from what libvirt defined so that
   * UUID, MACs and addresses stay. */
  post_progress (job, 0.9, _("Making the disk the boot device…"));
  defined_xml = virDomainGetXMLDesc (job->made_domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  if (defined_xml == NULL)
    {
      fail (task, job, libvirt_error (NULL));
      return;
    }
  final_xml = steps->make_final (defined_xml, &error);
  if (final_xml == NULL)
    {
      fail (task, job, error);
      return;
    }
  final = virDomainDefineXMLFlags (job->conn, final_xml, VIR_DOMAIN_DEFINE_VALIDATE);
  if (final == NULL || virDomainGetUUIDString (job->made_domain, uuid) < 0)
    {
      fail (task, job, libvirt_error (NULL));
      return;
    }

  /* Cancelled while the last step ran: still everything goes. */
  if (fail_if_cancelled (task, job))
    return;

  post_progress (job, 1.0, _("Done"));
  g_clear_pointer (&job->made_domain, virDomainFree);
  g_clear_pointer (&job->made_volume, virStorageVolFree);
  g_clear_pointer (&job->made_pool, virStoragePoolFree);
  g_task_return_pointer (task, g_strdup (uuid), g_free);
}

static void
run_in_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;

  if (!g_task_return_error_if_cancelled (task))
    run (task, job);
  job_close_connection (job);
}

/* --- main-thread side ------------------------------------------------------------------------- */

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  char *uuid;

  /* No progress after the result. */
  _vireo_progress_finish (job->progress);

  uuid = g_task_propagate_pointer (G_TASK (result), &error);
  if (uuid == NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, uuid, g_free);
}

void
_vireo_install_steps_run_async (VireoConnection              *connection,
                                VireoInstallSteps            *steps,
                                GCancellable                 *cancellable,
                                VireoInstallProgressCallback  progress_callback,
                                gpointer                      progress_data,
                                GAsyncReadyCallback           callback,
                                gpointer                      user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  VireoWorker *worker;
  gpointer conn;
  Job *job;

  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (steps != NULL && steps->build != NULL && steps->make_final != NULL);

  outer = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (outer, _vireo_install_steps_run_async);

  worker = vireo_connection_get_worker (connection);
  conn = vireo_connection_get_virconnect (connection);
  if (worker == NULL || conn == NULL || virConnectRef (conn) < 0)
    {
      _vireo_install_steps_free (steps);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection '%s' is not open."),
                               vireo_connection_get_uri (connection));
      return;
    }

  job = g_new0 (Job, 1);
  job->steps = steps;
  job->conn = conn;
  job->local = !vireo_connection_get_is_remote (connection);
  job->progress = _vireo_progress_new (progress_callback, progress_data);

  /* Once the worker made the VM it says so, even if cancelled meanwhile: a GTask that checks its
   * cancellable would report a cancellation and leave the VM behind. */
  g_task_set_check_cancellable (outer, FALSE);
  inner = g_task_new (NULL, cancellable, on_run_done, g_object_ref (outer));
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_LONG, inner, run_in_worker);
}

char *
_vireo_install_steps_run_finish (VireoConnection  *connection,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
