/* vireo-linked-clones-dialog.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-linked-clones-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-domain-clone.h"
#include "vireo-linked-clones-dialog.h"

/* Far enough past the last taken number to find free names for the preview. */
#define MAX_PREVIEW_SEARCH 10000

struct _VireoLinkedClonesDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkSpinButton    *count_spin;
  AdwActionRow     *names_row;
  GtkWidget        *busy_box;
  GtkSpinner       *spinner;
  GtkLabel         *status_label;

  /* Owned */
  VireoDomain      *domain;
  GCancellable     *cancellable;

  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (VireoLinkedClonesDialog, vireo_linked_clones_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_BUSY,
  N_PROPS
};

enum {
  CREATED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The first @n names "<template>-K" no VM has, as the core picks them (it also skips numbers
 * whose volume names are taken, which only it can see). */
static GPtrArray *
preview_names (VireoDomain *domain,
               guint        n)
{
  VireoConnection *connection = vireo_domain_get_connection (domain);
  const char *base = vireo_domain_get_name (domain);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint number = 1; names->len < n && number <= n + MAX_PREVIEW_SEARCH; number++)
    {
      char *name = g_strdup_printf ("%s-%u", base, number);

      if (connection != NULL && vireo_connection_lookup_domain_by_name (connection, name) != NULL)
        g_free (name);
      else
        g_ptr_array_add (names, name);
    }

  return names;
}

static void
vireo_linked_clones_dialog_update_preview (VireoLinkedClonesDialog *self)
{
  guint n = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  g_autoptr(GPtrArray) names = preview_names (self->domain, n);
  g_autofree char *text = NULL;

  if (names->len == 0)
    text = g_strdup ("");
  else if (names->len == 1)
    text = g_strdup (g_ptr_array_index (names, 0));
  else if (names->len == 2)
    /* Translators: the names of two new virtual machines */
    text = g_strdup_printf (_("%s, %s"), (char *) g_ptr_array_index (names, 0),
                            (char *) g_ptr_array_index (names, 1));
  else
    /* Translators: the first and the last name of several new virtual machines */
    text = g_strdup_printf (_("%s … %s"), (char *) g_ptr_array_index (names, 0),
                            (char *) g_ptr_array_index (names, names->len - 1));

  adw_action_row_set_subtitle (self->names_row, text);
}

static void
on_count_spin_value_changed_cb (VireoLinkedClonesDialog *self,
                                GtkSpinButton           *spin)
{
  vireo_linked_clones_dialog_update_preview (self);
}

static void
vireo_linked_clones_dialog_set_busy (VireoLinkedClonesDialog *self,
                                     gboolean                 busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_created_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VireoLinkedClonesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  VireoDomain *domain = VIREO_DOMAIN (source);

  vireo_linked_clones_dialog_set_busy (self, FALSE);
  if (self->spinner != NULL)
    gtk_spinner_stop (self->spinner);

  names = vireo_domain_create_linked_clones_finish (domain, result, &error);
  if (names != NULL)
    {
      g_signal_emit (self, signals[CREATED], 0, names);
    }
  /* Cancelled: the user asked for it, and the core removed what it had made. */
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not create linked clones of '%s': %s"),
                                                  vireo_domain_get_name (domain), error->message);

      g_signal_emit (self, signals[FAILED], 0, message);
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
vireo_linked_clones_dialog_start (VireoLinkedClonesDialog *self)
{
  guint n;

  if (self->busy)
    return;

  /* A number typed but not yet committed counts. */
  gtk_spin_button_update (self->count_spin);
  n = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
  g_return_if_fail (n > 0);

  vireo_linked_clones_dialog_set_busy (self, TRUE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           VIREO_LINKED_CLONES_DIALOG_RESPONSE_CREATE, FALSE);
  /* Unfocus first: a focused text going insensitive misses its focus-out (GTK 4.8 warns). */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->count_spin), FALSE);
  gtk_label_set_label (self->status_label,
                       g_dngettext (GETTEXT_PACKAGE, "Creating the clone…", "Creating the clones…", n));
  gtk_widget_set_visible (self->busy_box, TRUE);
  gtk_spinner_start (self->spinner);

  vireo_domain_create_linked_clones_async (self->domain, n, self->cancellable,
                                           on_created_cb, g_object_ref (self));
}

static void
vireo_linked_clones_dialog_cancel (VireoLinkedClonesDialog *self)
{
  if (!self->busy)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* Honoured between two clones; the core then removes the ones made: close when it did. */
  g_cancellable_cancel (self->cancellable);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self),
                                           VIREO_LINKED_CLONES_DIALOG_RESPONSE_CANCEL, FALSE);
  gtk_label_set_label (self->status_label, _("Cancelling…"));
}

/* AdwMessageDialog / GtkWindow / GtkWidget */

static void
vireo_linked_clones_dialog_response (AdwMessageDialog *dialog,
                                     const char       *response)
{
  VireoLinkedClonesDialog *self = VIREO_LINKED_CLONES_DIALOG (dialog);

  if (g_strcmp0 (response, VIREO_LINKED_CLONES_DIALOG_RESPONSE_CREATE) == 0)
    vireo_linked_clones_dialog_start (self);
  else
    vireo_linked_clones_dialog_cancel (self);
}

static gboolean
vireo_linked_clones_dialog_close_request (GtkWindow *window)
{
  /* Emits ::response with the close response, unless a response button is being clicked. */
  GTK_WINDOW_CLASS (vireo_linked_clones_dialog_parent_class)->close_request (window);

  /* The response decides whether the dialog goes: it stays while clones are being made. */
  return TRUE;
}

/* Destroyed from outside (with its parent) while working: nobody is there to wait. */
static void
vireo_linked_clones_dialog_unrealize (GtkWidget *widget)
{
  VireoLinkedClonesDialog *self = VIREO_LINKED_CLONES_DIALOG (widget);

  if (self->busy)
    g_cancellable_cancel (self->cancellable);

  GTK_WIDGET_CLASS (vireo_linked_clones_dialog_parent_class)->unrealize (widget);
}

/* GObject */

static void
vireo_linked_clones_dialog_constructed (GObject *object)
{
  VireoLinkedClonesDialog *self = (VireoLinkedClonesDialog *)object;

  G_OBJECT_CLASS (vireo_linked_clones_dialog_parent_class)->constructed (object);

  g_assert (VIREO_IS_DOMAIN (self->domain));

  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (self), _("Create Linked Clones of '%s'"),
                                     vireo_domain_get_name (self->domain));
  vireo_linked_clones_dialog_update_preview (self);
}

static void
vireo_linked_clones_dialog_dispose (GObject *object)
{
  VireoLinkedClonesDialog *self = (VireoLinkedClonesDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_LINKED_CLONES_DIALOG);

  g_clear_object (&self->domain);

  G_OBJECT_CLASS (vireo_linked_clones_dialog_parent_class)->dispose (object);
}

static void
vireo_linked_clones_dialog_finalize (GObject *object)
{
  VireoLinkedClonesDialog *self = (VireoLinkedClonesDialog *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vireo_linked_clones_dialog_parent_class)->finalize (object);
}

static void
vireo_linked_clones_dialog_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  VireoLinkedClonesDialog *self = VIREO_LINKED_CLONES_DIALOG (object);

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
vireo_linked_clones_dialog_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  VireoLinkedClonesDialog *self = VIREO_LINKED_CLONES_DIALOG (object);

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
vireo_linked_clones_dialog_class_init (VireoLinkedClonesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->constructed = vireo_linked_clones_dialog_constructed;
  object_class->dispose = vireo_linked_clones_dialog_dispose;
  object_class->finalize = vireo_linked_clones_dialog_finalize;
  object_class->get_property = vireo_linked_clones_dialog_get_property;
  object_class->set_property = vireo_linked_clones_dialog_set_property;

  widget_class->unrealize = vireo_linked_clones_dialog_unrealize;
  window_class->close_request = vireo_linked_clones_dialog_close_request;
  dialog_class->response = vireo_linked_clones_dialog_response;

  /**
   * VireoLinkedClonesDialog:domain:
   *
   * The shut-off VM the clones are made from.
   */
  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL,
                         VIREO_TYPE_DOMAIN,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoLinkedClonesDialog:busy:
   *
   * Whether clones are being made (or the making cancelled).
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoLinkedClonesDialog::created:
   * @self: the dialog
   * @names: the new VMs' names, in order
   *
   * The clones are defined; the dialog closes next.
   */
  signals[CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * VireoLinkedClonesDialog::failed:
   * @self: the dialog
   * @message: what failed, translated, for a toast
   *
   * Nothing was created (or all of it was removed again); the dialog closes next.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/list/vireo-linked-clones-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoLinkedClonesDialog, count_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoLinkedClonesDialog, names_row);
  gtk_widget_class_bind_template_child (widget_class, VireoLinkedClonesDialog, busy_box);
  gtk_widget_class_bind_template_child (widget_class, VireoLinkedClonesDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoLinkedClonesDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_count_spin_value_changed_cb);
}

static void
vireo_linked_clones_dialog_init (VireoLinkedClonesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

/**
 * vireo_linked_clones_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @domain: the shut-off VM to use as the template
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer none): a new #VireoLinkedClonesDialog, to present
 */
GtkWidget *
vireo_linked_clones_dialog_new (GtkWindow   *parent,
                                VireoDomain *domain)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_DOMAIN (domain), NULL);

  return g_object_new (VIREO_TYPE_LINKED_CLONES_DIALOG,
                       "transient-for", parent,
                       "domain", domain,
                       NULL);
}

/**
 * vireo_linked_clones_dialog_get_domain:
 * @self: a #VireoLinkedClonesDialog
 *
 * Returns: (transfer none): the template VM
 */
VireoDomain *
vireo_linked_clones_dialog_get_domain (VireoLinkedClonesDialog *self)
{
  g_return_val_if_fail (VIREO_IS_LINKED_CLONES_DIALOG (self), NULL);

  return self->domain;
}

/**
 * vireo_linked_clones_dialog_get_busy:
 * @self: a #VireoLinkedClonesDialog
 *
 * Returns: whether clones are being made
 */
gboolean
vireo_linked_clones_dialog_get_busy (VireoLinkedClonesDialog *self)
{
  g_return_val_if_fail (VIREO_IS_LINKED_CLONES_DIALOG (self), FALSE);

  return self->busy;
}
