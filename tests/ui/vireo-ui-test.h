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
