/* vnc-client.c: Vireo's VNC console widget alone in a window, for bench/console.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwApplicationWindow with a header bar over a VireoVncDisplay connected to HOST:PORT, the
 * display's size request set to the guest's so the picture is drawn 1:1 (the window fits it), and
 * the renderer chosen as Vireo chooses it (vireo_renderer_apply() before GTK starts, as src/main.c
 * does). Nothing else: what it costs per frame is what Vireo's console costs.
 *
 *   vireo-vnc-client HOST PORT WIDTH HEIGHT
 *
 * It prints to stdout, one line each:
 *   VNC-CLIENT connected WIDTHxHEIGHT renderer=GskCairoRenderer strategy=cairo
 *   VNC-CLIENT state error: MESSAGE        (and exits with status 1)
 *
 * Built by bench/console: ninja -C BUILD bench/vireo-vnc-client (not part of a normal build).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <adwaita.h>

#include "vireo-console-enums.h"
#include "vireo-renderer-choice.h"
#include "vireo-vnc-display.h"

typedef struct
{
  const char *host;
  guint       port;
  int         width;
  int         height;
  GtkWidget  *window;
  GtkWidget  *display;
  gboolean    reported;
  int         status;
} Client;

static const char *
enum_nick (GType type,
           int   value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *v = g_enum_get_value (klass, value);

  return v != NULL ? v->value_nick : "?";
}

static void
report_connected (Client *client)
{
  VireoVncDisplay *display = VIREO_VNC_DISPLAY (client->display);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (client->window));

  if (client->reported)
    return;
  client->reported = TRUE;
  printf ("VNC-CLIENT connected %dx%d renderer=%s strategy=%s\n",
          vireo_vnc_display_get_desktop_width (display),
          vireo_vnc_display_get_desktop_height (display),
          renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none",
          enum_nick (VIREO_TYPE_VNC_RENDER_STRATEGY, vireo_vnc_display_get_render_strategy (display)));
  fflush (stdout);
}

/* Not from inside the display's own notify: destroying it there would pull it out from under
 * the code that is emitting. */
static gboolean
quit_cb (gpointer user_data)
{
  Client *client = user_data;

  if (client->window != NULL)
    gtk_window_destroy (GTK_WINDOW (client->window));
  return G_SOURCE_REMOVE;
}

static void
on_state_cb (GObject    *object,
             GParamSpec *pspec,
             gpointer    user_data)
{
  Client *client = user_data;
  VireoVncDisplay *display = VIREO_VNC_DISPLAY (object);

  switch (vireo_vnc_display_get_state (display))
    {
    case VIREO_VNC_STATE_CONNECTED:
      report_connected (client);
      break;
    case VIREO_VNC_STATE_ERROR:
      printf ("VNC-CLIENT state error: %s\n", vireo_vnc_display_get_error_message (display));
      fflush (stdout);
      client->status = 1;
      g_idle_add (quit_cb, client);
      break;
    case VIREO_VNC_STATE_DISCONNECTED:
    case VIREO_VNC_STATE_CONNECTING:
    default:
      break;
    }
}

static void
on_activate_cb (GApplication *app,
                gpointer      user_data)
{
  Client *client = user_data;
  GtkWidget *box;

  client->window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_title (GTK_WINDOW (client->window), "vireo-vnc-client");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  client->display = vireo_vnc_display_new ();
  gtk_widget_set_size_request (client->display, client->width, client->height);
  gtk_widget_set_vexpand (client->display, TRUE);
  gtk_widget_set_hexpand (client->display, TRUE);
  gtk_box_append (GTK_BOX (box), client->display);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (client->window), box);

  g_signal_connect (client->display, "notify::state", G_CALLBACK (on_state_cb), client);
  gtk_window_present (GTK_WINDOW (client->window));

  if (!vireo_vnc_display_open_host (VIREO_VNC_DISPLAY (client->display), client->host, client->port))
    {
      printf ("VNC-CLIENT state error: cannot open %s:%u\n", client->host, client->port);
      fflush (stdout);
      client->status = 1;
      gtk_window_destroy (GTK_WINDOW (client->window));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;
  Client client = { 0 };
  int status;

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s HOST PORT WIDTH HEIGHT\n", argv[0]);
      return 2;
    }
  client.host = argv[1];
  client.port = (guint) atoi (argv[2]);
  client.width = atoi (argv[3]);
  client.height = atoi (argv[4]);
  if (client.port == 0 || client.width <= 0 || client.height <= 0)
    {
      fprintf (stderr, "%s: bad port or size\n", argv[0]);
      return 2;
    }

  /* As src/main.c: cairo where GL would be software-rendered (no GPU here), before GTK starts. */
  vireo_renderer_apply ();

  app = adw_application_new ("io.github.vireo_vm.Vireo.BenchVncClient", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), &client);
  status = g_application_run (G_APPLICATION (app), 1, argv);

  return status != 0 ? status : client.status;
}
