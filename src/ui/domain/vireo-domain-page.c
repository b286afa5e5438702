/* vireo-domain-page.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-console-window.h"
#include "vireo-domain-details.h"
#include "vireo-domain-page.h"

struct _VireoDomainPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *header_bar;
  AdwWindowTitle     *title;
  GtkStack           *stack;
  GtkWidget          *console_slot;
  GtkStack           *views;
  VireoDomainDetails *details;

  /* Owned */
  VireoDomain        *domain;
  GSignalGroup       *domain_signals;

  /* Borrowed */
  VireoConsoleView   *console_view;   /* in console_slot, or NULL while detached */
  VireoConsoleWindow *console_window; /* weak */
};

G_DEFINE_FINAL_TYPE (VireoDomainPage, vireo_domain_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_detach_requested_cb (VireoDomainPage  *self,
                                    gboolean          fullscreen,
                                    VireoConsoleView *view);

static void
update_title (VireoDomainPage *self)
{
  adw_window_title_set_title (self->title, self->domain ? vireo_domain_get_name (self->domain) : "");
  adw_window_title_set_subtitle (self->title, self->domain ? vireo_domain_get_state_label (self->domain) : "");
}

static VireoDomain *
window_domain (VireoDomainPage *self)
{
  VireoConsoleView *view;

  if (self->console_window == NULL ||
      (view = vireo_console_window_get_view (self->console_window)) == NULL)
    return NULL;
  return vireo_console_view_get_domain (view);
}

static void
put_view (VireoDomainPage  *self,
          VireoConsoleView *view)
{
  g_assert (self->console_view == NULL);

  self->console_view = view;
  gtk_widget_set_vexpand (GTK_WIDGET (view), TRUE);
  gtk_box_append (GTK_BOX (self->console_slot), GTK_WIDGET (view));
  g_signal_connect_object (view, "detach-requested", G_CALLBACK (on_detach_requested_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ensure_view (VireoDomainPage *self)
{
  if (self->console_view == NULL)
    put_view (self, VIREO_CONSOLE_VIEW (vireo_console_view_new ()));
}

static void
on_console_window_closed_cb (VireoDomainPage    *self,
                             VireoConsoleWindow *window)
{
  g_autoptr(VireoConsoleView) view = vireo_console_window_take_view (window);

  if (view == NULL)
    return;

  /* Back into the page when the page still shows that VM; else the console ends here. */
  if (self->console_view == NULL && self->domain != NULL &&
      vireo_console_view_get_domain (view) == self->domain)
    {
      put_view (self, view);
      gtk_stack_set_visible_child_name (self->stack, "console");
    }
  else
    vireo_console_view_set_domain (view, NULL);
}

static void
on_detach_requested_cb (VireoDomainPage  *self,
                        gboolean          fullscreen,
                        VireoConsoleView *view)
{
  g_autoptr(VireoConsoleView) moving = g_object_ref (view);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  VireoConsoleWindow *window;

  g_signal_handlers_disconnect_by_func (view, on_detach_requested_cb, self);
  gtk_box_remove (GTK_BOX (self->console_slot), GTK_WIDGET (view));
  self->console_view = NULL;

  /* The display connection moves with the widget: nothing reconnects. */
  window = vireo_console_window_new (application, moving);
  g_signal_connect_object (window, "closed", G_CALLBACK (on_console_window_closed_cb), self,
                           G_CONNECT_SWAPPED);
  if (self->console_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->console_window), (gpointer *) &self->console_window);
  self->console_window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->console_window);

  gtk_stack_set_visible_child_name (self->stack, "detached");
  gtk_window_present (GTK_WINDOW (window));
  if (fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (window));
}

static void
page_attach_console_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  VireoDomainPage *self = VIREO_DOMAIN_PAGE (widget);

  if (self->console_window != NULL)
    gtk_window_close (GTK_WINDOW (self->console_window));
}

static void
vireo_domain_page_dispose (GObject *object)
{
  VireoDomainPage *self = (VireoDomainPage *)object;

  if (self->console_window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->console_window, on_console_window_closed_cb, self);
      g_object_remove_weak_pointer (G_OBJECT (self->console_window), (gpointer *) &self->console_window);
      self->console_window = NULL;
    }
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->domain);
  self->console_view = NULL;
  self->details = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DOMAIN_PAGE);

  G_OBJECT_CLASS (vireo_domain_page_parent_class)->dispose (object);
}

static void
vireo_domain_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VireoDomainPage *self = VIREO_DOMAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VireoDomainPage *self = VIREO_DOMAIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_domain_page_set_domain (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_page_class_init (VireoDomainPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_domain_page_dispose;
  object_class->get_property = vireo_domain_page_get_property;
  object_class->set_property = vireo_domain_page_set_property;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/domain/vireo-domain-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPage, title);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPage, stack);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPage, console_slot);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPage, views);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainPage, details);

  gtk_widget_class_install_action (widget_class, "page.attach-console", NULL, page_attach_console_action);
}

static void
vireo_domain_page_init (VireoDomainPage *self)
{
  g_type_ensure (VIREO_TYPE_DOMAIN_DETAILS);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::name", G_CALLBACK (update_title), self,
                                 G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->domain_signals, "notify::state-label", G_CALLBACK (update_title),
                                 self, G_CONNECT_SWAPPED);
}

VireoDomain *
vireo_domain_page_get_domain (VireoDomainPage *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_PAGE (self), NULL);

  return self->domain;
}

/**
 * vireo_domain_page_set_domain:
 * @self: a #VireoDomainPage
 * @domain: (nullable): the VM to show; %NULL lets go of the console (unless it is in its own
 *   window)
 */
void
vireo_domain_page_set_domain (VireoDomainPage *self,
                              VireoDomain     *domain)
{
  g_return_if_fail (VIREO_IS_DOMAIN_PAGE (self));
  g_return_if_fail (!domain || VIREO_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;

  g_set_object (&self->domain, domain);
  g_signal_group_set_target (self->domain_signals, domain);
  update_title (self);
  vireo_domain_details_set_domain (self->details, domain);

  if (domain != NULL && window_domain (self) == domain)
    {
      /* Its console is in a window already: the page points there. */
      if (self->console_view != NULL)
        vireo_console_view_set_domain (self->console_view, NULL);
      gtk_stack_set_visible_child_name (self->stack, "detached");
    }
  else
    {
      if (domain != NULL)
        ensure_view (self);
      if (self->console_view != NULL)
        vireo_console_view_set_domain (self->console_view, domain);
      gtk_stack_set_visible_child_name (self->stack, "console");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

VireoConsoleView *
vireo_domain_page_get_console_view (VireoDomainPage *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_PAGE (self), NULL);

  return self->console_view;
}

GtkWindow *
vireo_domain_page_get_console_window (VireoDomainPage *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_PAGE (self), NULL);

  return self->console_window ? GTK_WINDOW (self->console_window) : NULL;
}

GtkWidget *
vireo_domain_page_get_details (VireoDomainPage *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_PAGE (self), NULL);

  return GTK_WIDGET (self->details);
}
