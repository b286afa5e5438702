/* vireo-askpass-main.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-askpass-main"

#include "config.h"

#include <stdio.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-askpass.h"
#include "vireo-askpass-main.h"
#include "vireo-auth-dialog.h"

static const char *
askpass_prompt (int    argc,
                char **argv)
{
  if (argc >= 2 && g_strcmp0 (argv[1], "--askpass") == 0)
    return argc >= 3 ? argv[2] : "";

  return argc >= 2 ? argv[1] : "";
}

/* Whether a running Vireo is there to answer: the environment names its socket, or we run through
 * the link the server made beside its socket. */
static gboolean
server_is_reachable (char **argv)
{
  g_autofree char *basename = NULL;

  if (g_getenv (VIREO_ASKPASS_SOCKET_ENV) != NULL)
    return TRUE;

  basename = g_path_get_basename (argv[0]);

  return g_strcmp0 (basename, VIREO_ASKPASS_PROGRAM_NAME) == 0;
}

/* No Vireo to relay to (ssh run from a terminal with SSH_ASKPASS pointing here): ask ourselves. */
static int
vireo_askpass_main_standalone (const char *prompt)
{
  g_autoptr(VireoAuthRequest) request = NULL;
  char **answers = NULL;
  GtkWidget *dialog;
  int status = 1;

  if (!gtk_init_check ())
    {
      g_printerr (_("vireo: cannot ask '%s': no display\n"), prompt);
      return 1;
    }
  adw_init ();

  g_set_application_name ("Vireo");

  request = vireo_askpass_request_for_prompt (prompt, g_getenv ("SSH_ASKPASS_PROMPT"));

  dialog = vireo_auth_dialog_new (NULL, request);
  gtk_window_present (GTK_WINDOW (dialog));

  /* The dialog answers or cancels the request on every way out, closing included. */
  while (!vireo_auth_request_is_finished (request))
    g_main_context_iteration (NULL, TRUE);

  answers = vireo_auth_request_dup_answers (request);
  if (vireo_auth_request_get_field_kind (request, 0) == VIREO_AUTH_FIELD_CONFIRM)
    {
      /* ssh reads confirmations from the exit status alone. */
      status = answers != NULL && g_strcmp0 (answers[0], "yes") == 0 ? 0 : 1;
    }
  else if (answers != NULL)
    {
      if (answers[0] != NULL)
        {
          fputs (answers[0], stdout);
          fputc ('\n', stdout);
          fflush (stdout);
        }
      status = 0;
    }

  vireo_auth_strv_free_secure (answers);

  return status;
}

/**
 * vireo_askpass_main:
 * @argc: the process's argc
 * @argv: the process's argv
 *
 * The whole of a `vireo` process started by ssh as $SSH_ASKPASS: relays the prompt to the running
 * app when it can reach it, otherwise shows its own dialog.
 *
 * Returns: the process exit status: 0 answered (the answer is on stdout), 1 cancelled or failed
 */
int
vireo_askpass_main (int    argc,
                    char **argv)
{
  g_return_val_if_fail (argc >= 1 && argv != NULL, 1);

  if (server_is_reachable (argv))
    return vireo_askpass_client_run (argc, argv);

  return vireo_askpass_main_standalone (askpass_prompt (argc, argv));
}
