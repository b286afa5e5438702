/* main.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "vireo-application.h"
#include "vireo-askpass.h"
#include "vireo-askpass-main.h"
#include "vireo-core.h"
#include "vireo-renderer-choice.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VireoApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Run by ssh as its SSH_ASKPASS: relay the prompt to the running Vireo. */
  if (vireo_askpass_is_helper (argc, argv))
    return vireo_askpass_main (argc, argv);

  if (!vireo_core_init (&error))
    {
      g_printerr (_("Could not initialise libvirt: %s\n"), error->message);
      return 1;
    }

  /* Before GTK starts: cairo where GL would be software-rendered or sent over ssh -X. */
  vireo_renderer_apply ();

  app = vireo_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
