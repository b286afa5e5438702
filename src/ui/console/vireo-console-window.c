/* vireo-console-window.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-console-window"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-console-window.h"

struct _VireoConsoleWindow
{
  AdwWindow         parent_instance;

  /* Template widgets */
  GtkWidget        *box;
  GtkWidget        *header_bar;
  AdwWindowTitle   *title;

  /* Owned */
  VireoConsoleView *view;
};

G_DEFINE_FINAL_TYPE (VireoConsoleWindow, vireo_console_window, ADW_TYPE_WINDOW)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_title (VireoConsoleWindow *self)
{
  VireoDomain *domain = self->view ? vireo_console_view_get_domain (self->view) : NULL;
  const char *name = domain ? vireo_domain_get_name (domain) : "";
  /* Translators: title of a detached console window: the VM's name */
  g_autofree char *title = g_strdup_printf (_("%s — Console"), name);

  adw_window_title_set_title (self->title, name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
on_fullscreened_notify_cb (VireoConsoleWindow *self)
{
  /* Fullscreen is the guest's screen alone; the view slides its own toolbar in at the top. */
  gtk_widget_set_visible (self->header_bar, !gtk_window_is_fullscreen (GTK_WINDOW (self)));
}

static gboolean
vireo_console_window_close_request (GtkWindow *window)
{
  VireoConsoleWindow *self = VIREO_CONSOLE_WINDOW (window);

  g_signal_emit (self, signals[CLOSED], 0);

  return GTK_WINDOW_CLASS (vireo_console_window_parent_class)->close_request (window);
}

static void
vireo_console_window_dispose (GObject *object)
{
  VireoConsoleWindow *self = (VireoConsoleWindow *)object;

  g_clear_object (&self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CONSOLE_WINDOW);

  G_OBJECT_CLASS (vireo_console_window_parent_class)->dispose (object);
}

static void
vireo_console_window_class_init (VireoConsoleWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vireo_console_window_dispose;
  window_class->close_request = vireo_console_window_close_request;

  /**
   * VireoConsoleWindow::closed:
   *
   * The window is closing; take the view back with vireo_console_window_take_view().
   */
  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/console/vireo-console-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleWindow, box);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleWindow, title);
}

static void
vireo_console_window_init (VireoConsoleWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (on_fullscreened_notify_cb), NULL);
}

/**
 * vireo_console_window_new:
 * @application: (nullable): the application
 * @view: a console view without a parent
 *
 * Returns: (transfer none): the window, holding @view
 */
VireoConsoleWindow *
vireo_console_window_new (GtkApplication   *application,
                          VireoConsoleView *view)
{
  VireoConsoleWindow *self;

  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (VIREO_IS_CONSOLE_VIEW (view), NULL);
  g_return_val_if_fail (gtk_widget_get_parent (GTK_WIDGET (view)) == NULL, NULL);

  self = g_object_new (VIREO_TYPE_CONSOLE_WINDOW, "application", application, NULL);
  self->view = g_object_ref (view);
  gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (view));
  vireo_console_view_set_detached (view, TRUE);
  update_title (self);

  return self;
}

/**
 * vireo_console_window_get_view:
 * @self: a #VireoConsoleWindow
 *
 * Returns: (transfer none) (nullable): the view the window holds
 */
VireoConsoleView *
vireo_console_window_get_view (VireoConsoleWindow *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_WINDOW (self), NULL);

  return self->view;
}

/**
 * vireo_console_window_take_view:
 * @self: a #VireoConsoleWindow
 *
 * Takes the view out of the window, for its way back.
 *
 * Returns: (transfer full) (nullable): the view, without a parent
 */
VireoConsoleView *
vireo_console_window_take_view (VireoConsoleWindow *self)
{
  VireoConsoleView *view;

  g_return_val_if_fail (VIREO_IS_CONSOLE_WINDOW (self), NULL);

  if ((view = g_steal_pointer (&self->view)) == NULL)
    return NULL;

  gtk_box_remove (GTK_BOX (self->box), GTK_WIDGET (view));
  vireo_console_view_set_detached (view, FALSE);

  return view;
}
