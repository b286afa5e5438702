/* vireo-window-define.c: Connection ▸ Define VM from XML File… (virsh define FILE)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-connection-define.h"
#include "vireo-error.h"
#include "vireo-window.h"

/* Definitions are a few kilobytes: a larger file is not one. */
#define MAX_DEFINITION_SIZE (4 * 1024 * 1024)

typedef struct
{
  VireoWindow     *window;      /* weak */
  VireoConnection *connection;
  char            *file_name;
  GTask           *task;        /* vireo_window_define_from_gfile's, or NULL */
} DefineJob;

static void
define_job_free (DefineJob *job)
{
  if (job->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (job->window), (gpointer *) &job->window);
  g_clear_object (&job->connection);
  g_clear_object (&job->task);
  g_free (job->file_name);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DefineJob, define_job_free)

/* Said in a toast, and to the caller. */
static void
fail (DefineJob  *job,
      GError     *error,
      const char *message)
{
  if (job->window != NULL)
    vireo_window_add_toast (job->window, adw_toast_new (message));
  g_task_return_new_error (job->task, error->domain, error->code, "%s", message);
}

static void
on_defined_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DefineJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = vireo_connection_define_domain_finish (VIREO_CONNECTION (source), result, &error);
  g_autofree char *message = NULL;

  if (uuid == NULL)
    {
      /* Translators: the file, then why libvirt or Vireo refused it */
      message = g_strdup_printf (_("'%s' was not defined: %s"), job->file_name, error->message);
      fail (job, error, message);
      return;
    }
  if (job->window != NULL)
    vireo_window_show_domain_when_listed (job->window, job->connection, uuid);
  g_task_return_pointer (job->task, g_steal_pointer (&uuid), g_free);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(DefineJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autofree char *message = NULL;
  VireoConnection *connection;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      message = g_strdup_printf (_("'%s' could not be read: %s"), job->file_name, error->message);
      fail (job, error, message);
      return;
    }
  if (length > MAX_DEFINITION_SIZE || memchr (contents, '\0', length) != NULL ||
      !g_utf8_validate (contents, length, NULL))
    {
      error = g_error_new_literal (VIREO_ERROR, VIREO_ERROR_INVALID_XML, "");
      message = g_strdup_printf (_("'%s' is not a VM definition (an XML text file)."), job->file_name);
      fail (job, error, message);
      return;
    }

  connection = job->connection;
  vireo_connection_define_domain_async (connection, contents, NULL, on_defined_cb, g_steal_pointer (&job));
}

/**
 * vireo_window_define_from_gfile:
 * @self: a #VireoWindow
 * @connection: where to define the VM
 * @file: its definition
 * @callback: (nullable): called with the outcome
 * @user_data: for @callback
 *
 * Reads @file (off the main thread) and defines the VM it describes; its page opens once listed.
 * What goes wrong is said in a toast naming the file (and to @callback).
 */
void
vireo_window_define_from_gfile (VireoWindow         *self,
                                VireoConnection     *connection,
                                GFile               *file,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  DefineJob *job;

  g_return_if_fail (VIREO_IS_WINDOW (self));
  g_return_if_fail (VIREO_IS_CONNECTION (connection));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (DefineJob, 1);
  job->window = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &job->window);
  job->connection = g_object_ref (connection);
  job->file_name = g_file_get_parse_name (file);
  job->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (job->task, vireo_window_define_from_gfile);
  g_file_load_contents_async (file, NULL, on_loaded_cb, job);
}

/* Returns: (transfer full): the new VM's UUID, or %NULL with @error set (the toast's text) */
char *
vireo_window_define_from_gfile_finish (VireoWindow   *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_file_chosen_cb (GtkNativeDialog *chooser,
                   int              response,
                   gpointer         user_data)
{
  DefineJob *job = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && job->window != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    vireo_window_define_from_gfile (job->window, job->connection, file, NULL, NULL);
  define_job_free (job);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/**
 * vireo_window_define_from_file:
 * @self: a #VireoWindow
 * @connection: where to define the VM
 *
 * Asks for a definition file (what `virsh dumpxml` writes) and defines the VM in it.
 */
void
vireo_window_define_from_file (VireoWindow     *self,
                               VireoConnection *connection)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  DefineJob *job;

  g_return_if_fail (VIREO_IS_WINDOW (self));
  g_return_if_fail (VIREO_IS_CONNECTION (connection));

  chooser = gtk_file_chooser_native_new (_("Define a VM from an XML File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Define"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("XML Files"));
  gtk_file_filter_add_suffix (filter, "xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  job = g_new0 (DefineJob, 1);
  job->window = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &job->window);
  job->connection = g_object_ref (connection);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_chosen_cb), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
