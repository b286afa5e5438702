/* vireo-auth-dialog.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-auth-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-auth-dialog.h"

typedef enum
{
  MODE_FIELDS,   /* entries, answered by "ok" */
  MODE_CONFIRM,  /* a lone yes/no question */
  MODE_HOST_KEY, /* an unknown host key: only the trust button accepts it */
} DialogMode;

struct _VireoAuthDialog
{
  AdwMessageDialog  parent_instance;

  /* Template widgets */
  GtkLabel         *fingerprint_label;
  GtkLabel         *fingerprint_hint_label;
  GtkListBox       *fields_list;

  /* Owned */
  VireoAuthRequest *request;
  GPtrArray        *field_widgets; /* (element-type GtkWidget) (nullable elements), borrowed */

  DialogMode        mode;
  guint             answered : 1;
};

G_DEFINE_FINAL_TYPE (VireoAuthDialog, vireo_auth_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PROP_0,
  PROP_REQUEST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
kind_is_echoed_entry (VireoAuthFieldKind kind)
{
  return kind == VIREO_AUTH_FIELD_USERNAME || kind == VIREO_AUTH_FIELD_TEXT;
}

/* The answers for every field; host-key fields get @host_key_answer. */
static char **
vireo_auth_dialog_collect_answers (VireoAuthDialog *self,
                                   const char      *host_key_answer)
{
  guint n_fields = vireo_auth_request_get_n_fields (self->request);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **answers;

  for (guint i = 0; i < n_fields; i++)
    {
      VireoAuthFieldKind kind = vireo_auth_request_get_field_kind (self->request, i);
      GtkWidget *widget = g_ptr_array_index (self->field_widgets, i);

      if (kind == VIREO_AUTH_FIELD_HOST_KEY)
        {
          g_strv_builder_add (builder, host_key_answer);
        }
      else if (kind == VIREO_AUTH_FIELD_CONFIRM)
        {
          gboolean yes = FALSE;

          if (widget != NULL)
            yes = gtk_switch_get_active (GTK_SWITCH (g_object_get_data (G_OBJECT (widget), "switch")));
          else
            yes = g_strcmp0 (host_key_answer, "yes") == 0;

          g_strv_builder_add (builder, yes ? "yes" : "");
        }
      else
        {
          g_strv_builder_add (builder, widget ? gtk_editable_get_text (GTK_EDITABLE (widget)) : "");
        }
    }

  answers = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return answers;
}

/* Secrets should not linger in entry buffers once answered. */
static void
vireo_auth_dialog_clear_secrets (VireoAuthDialog *self)
{
  for (guint i = 0; i < self->field_widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (self->field_widgets, i);

      if (ADW_IS_PASSWORD_ENTRY_ROW (widget))
        gtk_editable_set_text (GTK_EDITABLE (widget), "");
    }
}

static void
vireo_auth_dialog_answer (VireoAuthDialog *self,
                          const char      *response)
{
  char **answers = NULL;

  if (self->answered || self->request == NULL)
    return;

  self->answered = TRUE;
  if (vireo_auth_request_is_finished (self->request))
    return;

  if (self->mode == MODE_HOST_KEY && g_strcmp0 (response, VIREO_AUTH_DIALOG_RESPONSE_TRUST) == 0)
    answers = vireo_auth_dialog_collect_answers (self, "yes");
  else if (self->mode == MODE_CONFIRM && g_strcmp0 (response, VIREO_AUTH_DIALOG_RESPONSE_YES) == 0)
    answers = vireo_auth_dialog_collect_answers (self, "yes");
  else if (self->mode == MODE_CONFIRM && g_strcmp0 (response, "no") == 0)
    answers = vireo_auth_dialog_collect_answers (self, "");
  else if (self->mode == MODE_FIELDS && g_strcmp0 (response, VIREO_AUTH_DIALOG_RESPONSE_OK) == 0)
    answers = vireo_auth_dialog_collect_answers (self, "no");

  if (answers != NULL)
    vireo_auth_request_respond (self->request, (const char * const *)answers);
  else
    vireo_auth_request_cancel (self->request);

  vireo_auth_strv_free_secure (answers);
  vireo_auth_dialog_clear_secrets (self);
}

static void
vireo_auth_dialog_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  VireoAuthDialog *self = VIREO_AUTH_DIALOG (dialog);

  vireo_auth_dialog_answer (self, response);

  /* adw_message_dialog_response() alone does not close the dialog; a button or Escape already did,
   * and destroying twice is harmless. */
  gtk_window_destroy (GTK_WINDOW (self));
}

/* The request was answered or cancelled elsewhere (the worker gave up, ssh died): go away
 * without answering. */
static void
vireo_auth_dialog_check_finished (VireoAuthDialog *self)
{
  if (!self->answered && vireo_auth_request_is_finished (self->request))
    {
      self->answered = TRUE;
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static gboolean
cancel_if_unanswered_cb (gpointer user_data)
{
  VireoAuthDialog *self = user_data;

  vireo_auth_dialog_answer (self, VIREO_AUTH_DIALOG_RESPONSE_CANCEL);

  return G_SOURCE_REMOVE;
}

/* Gone from the screen without an answer (hidden, or destroyed by its parent): cancel. A response
 * button closes the dialog just before it emits ::response, so look only once that is over. */
static void
vireo_auth_dialog_schedule_cancel (VireoAuthDialog *self)
{
  if (!self->answered)
    g_idle_add_full (G_PRIORITY_HIGH_IDLE, cancel_if_unanswered_cb,
                     g_object_ref (self), g_object_unref);
}

static void
vireo_auth_dialog_hide (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vireo_auth_dialog_parent_class)->hide (widget);

  vireo_auth_dialog_schedule_cancel (VIREO_AUTH_DIALOG (widget));
}

/* gtk_window_destroy() hides without ::hide, but always unrealizes. */
static void
vireo_auth_dialog_unrealize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vireo_auth_dialog_parent_class)->unrealize (widget);

  vireo_auth_dialog_schedule_cancel (VIREO_AUTH_DIALOG (widget));
}

static GtkWidget *
vireo_auth_dialog_add_field_row (VireoAuthDialog    *self,
                                 VireoAuthFieldKind  kind,
                                 const char         *prompt,
                                 const char         *default_value)
{
  GtkWidget *row;

  if (prompt == NULL || *prompt == '\0')
    prompt = vireo_auth_field_kind_is_secret (kind) ? _("Password") : _("User Name");

  if (kind == VIREO_AUTH_FIELD_CONFIRM)
    {
      GtkWidget *toggle = gtk_switch_new ();

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), prompt);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, prompt,
                                      -1);
      g_object_set_data (G_OBJECT (row), "switch", toggle);
    }
  else
    {
      if (vireo_auth_field_kind_is_secret (kind))
        row = adw_password_entry_row_new ();
      else
        row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), prompt);
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);

      if (kind_is_echoed_entry (kind) && default_value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), default_value);
    }

  gtk_list_box_append (self->fields_list, row);

  return row;
}

/* ssh's host-key prompt ends with "Are you sure you want to continue connecting (yes/no/...)?",
 * which the dialog's buttons replace. */
static char *
host_key_message (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message ? message : "", "\n", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "(yes/no") != NULL || *g_strstrip (lines[i]) == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, lines[i]);
    }

  return g_string_free (text, FALSE);
}

static void
vireo_auth_dialog_build (VireoAuthDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  guint n_fields = vireo_auth_request_get_n_fields (self->request);
  const char *title = vireo_auth_request_get_title (self->request);
  const char *message = vireo_auth_request_get_message (self->request);
  g_autofree char *trimmed_message = NULL;
  gboolean has_rows = FALSE;

  self->mode = MODE_FIELDS;
  for (guint i = 0; i < n_fields; i++)
    {
      VireoAuthFieldKind kind = vireo_auth_request_get_field_kind (self->request, i);

      if (kind == VIREO_AUTH_FIELD_HOST_KEY)
        self->mode = MODE_HOST_KEY;
    }
  if (self->mode == MODE_FIELDS && n_fields == 1 &&
      vireo_auth_request_get_field_kind (self->request, 0) == VIREO_AUTH_FIELD_CONFIRM)
    self->mode = MODE_CONFIRM;

  for (guint i = 0; i < n_fields; i++)
    {
      VireoAuthFieldKind kind = vireo_auth_request_get_field_kind (self->request, i);
      GtkWidget *widget = NULL;

      if (kind != VIREO_AUTH_FIELD_HOST_KEY && self->mode != MODE_CONFIRM)
        {
          widget = vireo_auth_dialog_add_field_row (self, kind,
                                                    vireo_auth_request_get_field_prompt (self->request, i),
                                                    vireo_auth_request_get_field_default (self->request, i));
          has_rows = TRUE;
        }

      g_ptr_array_add (self->field_widgets, widget);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->fields_list), has_rows);

  switch (self->mode)
    {
    case MODE_HOST_KEY:
      {
        const char *fingerprint = vireo_auth_request_get_fingerprint (self->request);

        if (title == NULL || *title == '\0')
          title = _("Unknown Host Key");
        message = trimmed_message = host_key_message (message);

        if (fingerprint != NULL && *fingerprint != '\0')
          {
            gtk_label_set_label (self->fingerprint_label, fingerprint);
            gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_label), TRUE);
            gtk_widget_set_visible (GTK_WIDGET (self->fingerprint_hint_label), TRUE);
          }

        adw_message_dialog_add_responses (dialog,
                                          VIREO_AUTH_DIALOG_RESPONSE_CANCEL, _("_Cancel"),
                                          VIREO_AUTH_DIALOG_RESPONSE_TRUST, _("_Trust and Connect"),
                                          NULL);
        adw_message_dialog_set_response_appearance (dialog, VIREO_AUTH_DIALOG_RESPONSE_TRUST,
                                                    ADW_RESPONSE_DESTRUCTIVE);
        adw_message_dialog_set_default_response (dialog, VIREO_AUTH_DIALOG_RESPONSE_CANCEL);
        adw_message_dialog_set_close_response (dialog, VIREO_AUTH_DIALOG_RESPONSE_CANCEL);
      }
      break;

    case MODE_CONFIRM:
      if (title == NULL || *title == '\0')
        title = _("Confirm");
      if (message == NULL || *message == '\0')
        message = vireo_auth_request_get_field_prompt (self->request, 0);

      adw_message_dialog_add_responses (dialog,
                                        "no", _("_No"),
                                        VIREO_AUTH_DIALOG_RESPONSE_YES, _("_Yes"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, VIREO_AUTH_DIALOG_RESPONSE_YES,
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, VIREO_AUTH_DIALOG_RESPONSE_YES);
      adw_message_dialog_set_close_response (dialog, VIREO_AUTH_DIALOG_RESPONSE_CANCEL);
      break;

    case MODE_FIELDS:
    default:
      if (title == NULL || *title == '\0')
        title = _("Authentication Required");

      adw_message_dialog_add_responses (dialog,
                                        VIREO_AUTH_DIALOG_RESPONSE_CANCEL, _("_Cancel"),
                                        VIREO_AUTH_DIALOG_RESPONSE_OK, _("C_ontinue"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, VIREO_AUTH_DIALOG_RESPONSE_OK,
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, VIREO_AUTH_DIALOG_RESPONSE_OK);
      adw_message_dialog_set_close_response (dialog, VIREO_AUTH_DIALOG_RESPONSE_CANCEL);
      break;
    }

  adw_message_dialog_set_heading (dialog, title);
  adw_message_dialog_set_body (dialog, message ? message : "");
}

static void
vireo_auth_dialog_constructed (GObject *object)
{
  VireoAuthDialog *self = (VireoAuthDialog *)object;

  G_OBJECT_CLASS (vireo_auth_dialog_parent_class)->constructed (object);

  g_assert (VIREO_IS_AUTH_REQUEST (self->request));

  vireo_auth_dialog_build (self);

  g_signal_connect_object (self->request, "notify::finished",
                           G_CALLBACK (vireo_auth_dialog_check_finished), self,
                           G_CONNECT_SWAPPED);
}

static void
vireo_auth_dialog_dispose (GObject *object)
{
  VireoAuthDialog *self = (VireoAuthDialog *)object;

  /* Never leave a worker (or ssh) waiting on a dialog that is gone. */
  if (self->request != NULL && !self->answered)
    {
      self->answered = TRUE;
      if (!vireo_auth_request_is_finished (self->request))
        vireo_auth_request_cancel (self->request);
    }

  if (self->field_widgets != NULL)
    vireo_auth_dialog_clear_secrets (self);
  g_clear_pointer (&self->field_widgets, g_ptr_array_unref);

  /* libadwaita 1.2's AdwPasswordEntryRow reacts to losing focus while it is torn down, after
   * its row is gone; move the focus away first. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_AUTH_DIALOG);

  if (self->request != NULL)
    g_signal_handlers_disconnect_by_data (self->request, self);
  g_clear_object (&self->request);

  G_OBJECT_CLASS (vireo_auth_dialog_parent_class)->dispose (object);
}

static void
vireo_auth_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VireoAuthDialog *self = VIREO_AUTH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_auth_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VireoAuthDialog *self = VIREO_AUTH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      self->request = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_auth_dialog_class_init (VireoAuthDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->constructed = vireo_auth_dialog_constructed;
  object_class->dispose = vireo_auth_dialog_dispose;
  object_class->get_property = vireo_auth_dialog_get_property;
  object_class->set_property = vireo_auth_dialog_set_property;

  widget_class->hide = vireo_auth_dialog_hide;
  widget_class->unrealize = vireo_auth_dialog_unrealize;

  dialog_class->response = vireo_auth_dialog_response;

  /**
   * VireoAuthDialog:request:
   *
   * The question the dialog asks.
   */
  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL,
                         VIREO_TYPE_AUTH_REQUEST,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/auth/vireo-auth-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, fingerprint_hint_label);
  gtk_widget_class_bind_template_child (widget_class, VireoAuthDialog, fields_list);
}

static void
vireo_auth_dialog_init (VireoAuthDialog *self)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  self->field_widgets = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A hyphen where a fingerprint wraps would read as part of it. */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->fingerprint_label, attrs);
  pango_attr_list_unref (attrs);
}

/**
 * vireo_auth_dialog_new:
 * @parent: (nullable): the window the dialog is transient for
 * @request: the question to ask
 *
 * Creates a modal dialog answering @request: with the entries when the user confirms, with
 * "yes" for a host key only through the "Trust and Connect" button, and cancelling it on every
 * other way out. The dialog closes by itself when @request is finished elsewhere.
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer floating): a new #VireoAuthDialog
 */
GtkWidget *
vireo_auth_dialog_new (GtkWindow        *parent,
                       VireoAuthRequest *request)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (request), NULL);

  return g_object_new (VIREO_TYPE_AUTH_DIALOG,
                       "transient-for", parent,
                       "request", request,
                       NULL);
}

/**
 * vireo_auth_dialog_get_request:
 * @self: a #VireoAuthDialog
 *
 * Returns: (transfer none): the request
 */
VireoAuthRequest *
vireo_auth_dialog_get_request (VireoAuthDialog *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_DIALOG (self), NULL);

  return self->request;
}

/**
 * vireo_auth_dialog_get_field_widget:
 * @self: a #VireoAuthDialog
 * @index: a field of the request
 *
 * Returns: (transfer none) (nullable): the row asking for field @index, or %NULL when the
 *   dialog's buttons answer it
 */
GtkWidget *
vireo_auth_dialog_get_field_widget (VireoAuthDialog *self,
                                    guint            index)
{
  g_return_val_if_fail (VIREO_IS_AUTH_DIALOG (self), NULL);
  g_return_val_if_fail (self->field_widgets != NULL, NULL);
  g_return_val_if_fail (index < self->field_widgets->len, NULL);

  return g_ptr_array_index (self->field_widgets, index);
}
