/* vireo-ui-test.h: helpers shared by the UI tests
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-core.h"
#include "vireo-domain.h"
#include "vireo-test-utils.h"

#define VIREO_UI_TEST_TIMEOUT_MS 10000

static inline void
vireo_ui_test_init (void)
{
  g_assert_true (vireo_core_init (NULL));
  adw_init ();
}

/* Runs what is ready now (idles, relayouts), without waiting for more. */
static inline void
vireo_ui_test_flush (void)
{
  for (guint i = 0; i < 1000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static inline gboolean
vireo_ui_test_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* Shows @window and waits until it is on screen, so layout and drawing run too. */
static inline void
vireo_ui_test_present (gpointer window)
{
  gtk_window_present (GTK_WINDOW (window));
  assert_true (vireo_test_wait_until (vireo_ui_test_is_mapped, window, VIREO_UI_TEST_TIMEOUT_MS));
  vireo_ui_test_flush ();
}

/* Destroys @window and fails unless that finalizes it. */
#define vireo_ui_test_destroy_window(window) \
  G_STMT_START { \
    GtkWindow *_w = g_object_ref (GTK_WINDOW (window)); \
    gtk_window_destroy (_w); \
    vireo_ui_test_flush (); \
    vireo_test_assert_finalize (_w); \
  } G_STMT_END

static inline gboolean
vireo_ui_test_is_true (gpointer data)
{
  return *(gboolean *) data;
}

static inline void
vireo_ui_test_on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

/* Whether @window's surface has the height its content asks for (a message dialog is not
 * resizable: its height is its natural height for its width). */
static inline gboolean
vireo_ui_test_surface_fits (gpointer window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  int natural = 0;

  /* A resizable window keeps the size it was given; its content scrolls. */
  if (gtk_window_get_resizable (GTK_WINDOW (window)))
    return TRUE;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, gdk_surface_get_width (surface),
                      NULL, &natural, NULL, NULL);

  return gdk_surface_get_height (surface) >= natural;
}

/* With VIREO_UI_SCREENSHOT_DIR set (and ImageMagick's import installed), captures the screen
 * into DIR/NAME once @window is drawn. */
static inline void
vireo_ui_test_screenshot (gpointer    window,
                          const char *name)
{
  const char *dir = g_getenv ("VIREO_UI_SCREENSHOT_DIR");
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;
  int status = 0;

  if (dir == NULL)
    return;

  assert_true (vireo_test_wait_until (vireo_ui_test_is_mapped, window, VIREO_UI_TEST_TIMEOUT_MS));
  /* A window that grew with its content is resized through the X server, a frame or two later. */
  if (!vireo_test_wait_until (vireo_ui_test_surface_fits, window, VIREO_UI_TEST_TIMEOUT_MS))
    fail_msg ("%s never got the size its content asks for", G_OBJECT_TYPE_NAME (window));

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (vireo_ui_test_on_after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  assert_true (vireo_test_wait_until (vireo_ui_test_is_true, &painted, VIREO_UI_TEST_TIMEOUT_MS));
  g_signal_handler_disconnect (clock, handler);

  file = g_build_filename (dir, name, NULL);
  {
    const char *argv[] = { "import", "-window", "root", file, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      fail_msg ("screenshot %s: %s", file, error->message);
  }
}

static inline GtkWidget *
vireo_ui_test_child (gpointer     widget,
                     GType        widget_type,
                     const char  *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), widget_type, name);

  if (child == NULL)
    fail_msg ("no template child '%s'", name);

  return GTK_WIDGET (child);
}

/* Selects, in @selection (a model of VireoDomain), exactly the VMs named in @csv ("a,b,c"); fails
 * the test when one is not shown. */
static inline void
vireo_ui_test_select_names (GtkSelectionModel *selection,
                            const char        *csv)
{
  g_auto(GStrv) names = g_strsplit (csv, ",", -1);
  GListModel *model = G_LIST_MODEL (selection);

  gtk_selection_model_unselect_all (selection);
  for (guint n = 0; names[n] != NULL; n++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(VireoDomain) domain = g_list_model_get_item (model, i);

          if (g_str_equal (vireo_domain_get_name (domain), names[n]))
            {
              gtk_selection_model_select_item (selection, i, FALSE);
              found = TRUE;
            }
        }
      if (!found)
        fail_msg ("'%s' is not shown", names[n]);
    }
}
