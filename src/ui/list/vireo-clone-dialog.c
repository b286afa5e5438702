/* vireo-clone-dialog.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-clone-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-clone-dialog.h"
#include "vireo-connection.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-name.h"

struct _VireoCloneDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  AdwEntryRow      *name_row;
  GtkLabel         *error_label;
  GtkWidget        *progress_box;
  GtkProgressBar   *progress_bar;
  GtkLabel         *status_label;

  /* Owned */
  VireoDomain      *domain;
  GCancellable     *cancellable;
  char             *new_name;

  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (VireoCloneDialog, vireo_clone_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_BUSY,
  N_PROPS
};

enum {
  CLONED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
vireo_clone_dialog_validate (VireoCloneDialog *self)
{
  const char *error_text = NULL;
  gboolean valid;

  valid = vireo_domain_name_check (vireo_domain_get_connection (self->domain), NULL,
                                   gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                   &error_text);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), VIREO_CLONE_DIALOG_RESPONSE_CLONE,
                                           valid && !self->busy);
  gtk_label_set_label (self->error_label, error_text ? error_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error_text != NULL);
  if (error_text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");

  return valid;
}

static void
on_name_row_changed_cb (VireoCloneDialog *self,
                        GtkEditable      *editable)
{
  vireo_clone_dialog_validate (self);
}

static void
vireo_clone_dialog_set_busy (VireoCloneDialog *self,
                             gboolean          busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_clone_progress_cb (double   fraction,
                      gpointer user_data)
{
  VireoCloneDialog *self = user_data;

  /* The clone holds a reference on the dialog, not on its (maybe disposed) widgets. */
  if (self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
on_cloned_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VireoCloneDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain = VIREO_DOMAIN (source);

  vireo_clone_dialog_set_busy (self, FALSE);

  if (vireo_domain_clone_finish (domain, result, &error))
    {
      g_signal_emit (self, signals[CLONED], 0, self->new_name);
    }
  /* Cancelled: the user asked for it, and the core removed what it had made. */
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not clone '%s': %s"),
                                                  vireo_domain_get_name (domain), error->message);

      g_signal_emit (self, signals[FAILED], 0, message);
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
vireo_clone_dialog_start (VireoCloneDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  if (self->busy || !vireo_clone_dialog_validate (self))
    return;

  g_free (self->new_name);
  self->new_name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));

  vireo_clone_dialog_set_busy (self, TRUE);
  adw_message_dialog_set_response_enabled (dialog, VIREO_CLONE_DIALOG_RESPONSE_CLONE, FALSE);
  /* Unfocus first: a focused text going insensitive misses its focus-out (GTK 4.8 warns). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_label_set_label (self->status_label, _("Copying the disks…"));
  gtk_widget_set_visible (self->progress_box, TRUE);

  vireo_domain_clone_async (self->domain, self->new_name, self->cancellable,
                            on_clone_progress_cb, self,
                            on_cloned_cb, g_object_ref (self));
}

static void
vireo_clone_dialog_cancel (VireoCloneDialog *self)
{
  if (!self->busy)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* The copy under way finishes, then everything made is removed: say so, and close when done. */
  g_cancellable_cancel (self->cancellable);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), VIREO_CLONE_DIALOG_RESPONSE_CANCEL, FALSE);
  gtk_label_set_label (self->status_label, _("Cancelling…"));
}

/* AdwMessageDialog / GtkWindow / GtkWidget */

static void
vireo_clone_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (dialog);

  if (g_strcmp0 (response, VIREO_CLONE_DIALOG_RESPONSE_CLONE) == 0)
    vireo_clone_dialog_start (self);
  else
    vireo_clone_dialog_cancel (self);
}

static gboolean
vireo_clone_dialog_close_request (GtkWindow *window)
{
  /* Emits ::response with the close response, unless a response button is being clicked. */
  GTK_WINDOW_CLASS (vireo_clone_dialog_parent_class)->close_request (window);

  /* The response decides whether the dialog goes: it stays while a clone is under way. */
  return TRUE;
}

/* Destroyed from outside (with its parent) while copying: nobody is there to wait for the copy. */
static void
vireo_clone_dialog_unrealize (GtkWidget *widget)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (widget);

  if (self->busy)
    g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (vireo_clone_dialog_parent_class)->unrealize (widget);
}

/* GObject */

static void
vireo_clone_dialog_constructed (GObject *object)
{
  VireoCloneDialog *self = (VireoCloneDialog *)object;
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  g_autofree char *name = NULL;
  const char *source_name;

  G_OBJECT_CLASS (vireo_clone_dialog_parent_class)->constructed (object);

  g_assert (VIREO_IS_DOMAIN (self->domain));

  source_name = vireo_domain_get_name (self->domain);
  adw_message_dialog_format_heading (dialog, _("Clone '%s'"), source_name);

  name = vireo_domain_name_for_clone (vireo_domain_get_connection (self->domain), source_name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  vireo_clone_dialog_validate (self);
}

static void
vireo_clone_dialog_dispose (GObject *object)
{
  VireoCloneDialog *self = (VireoCloneDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CLONE_DIALOG);

  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_clone_dialog_parent_class)->dispose (object);
}

static void
vireo_clone_dialog_finalize (GObject *object)
{
  VireoCloneDialog *self = (VireoCloneDialog *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->new_name, g_free);

  G_OBJECT_CLASS (vireo_clone_dialog_parent_class)->finalize (object);
}

static void
vireo_clone_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_clone_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VireoCloneDialog *self = VIREO_CLONE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      self->domain = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_clone_dialog_class_init (VireoCloneDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->constructed = vireo_clone_dialog_constructed;
  object_class->dispose = vireo_clone_dialog_dispose;
  object_class->finalize = vireo_clone_dialog_finalize;
  object_class->get_property = vireo_clone_dialog_get_property;
  object_class->set_property = vireo_clone_dialog_set_property;

  widget_class->unrealize = vireo_clone_dialog_unrealize;
  window_class->close_request = vireo_clone_dialog_close_request;
  dialog_class->response = vireo_clone_dialog_response;

  /**
   * VireoCloneDialog:domain:
   *
   * The shut-off VM to copy.
   */
  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL,
                         VIREO_TYPE_DOMAIN,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoCloneDialog:busy:
   *
   * Whether a clone is under way (or being cancelled).
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoCloneDialog::cloned:
   * @self: the dialog
   * @name: the new VM's name
   *
   * The clone is defined; the dialog closes next.
   */
  signals[CLONED] =
    g_signal_new ("cloned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VireoCloneDialog::failed:
   * @self: the dialog
   * @message: what failed, translated, for a toast
   *
   * The clone failed and nothing of it remains; the dialog closes next.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/list/vireo-clone-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoCloneDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_name_row_changed_cb);
}

static void
vireo_clone_dialog_init (VireoCloneDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * vireo_clone_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @domain: the shut-off VM to copy
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer none): a new #VireoCloneDialog, to present
 */
GtkWidget *
vireo_clone_dialog_new (GtkWindow   *parent,
                        VireoDomain *domain)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  return g_object_new (VIREO_TYPE_CLONE_DIALOG,
                       "transient-for", parent,
                       "domain", domain,
                       NULL);
}

/**
 * vireo_clone_dialog_get_domain:
 * @self: a #VireoCloneDialog
 *
 * Returns: (transfer none): the VM to copy
 */
VireoDomain *
vireo_clone_dialog_get_domain (VireoCloneDialog *self)
{
  g_return_val_if_fail (VIREO_IS_CLONE_DIALOG (self), NULL);

  return self->domain;
}

/**
 * vireo_clone_dialog_get_busy:
 * @self: a #VireoCloneDialog
 *
 * Returns: whether a clone is under way
 */
gboolean
vireo_clone_dialog_get_busy (VireoCloneDialog *self)
{
  g_return_val_if_fail (VIREO_IS_CLONE_DIALOG (self), FALSE);

  return self->busy;
}
