/* vireo-add-connection-dialog.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-add-connection-dialog"

#include "config.h"

#include <unistd.h>

#include <glib/gi18n.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-uri.h"

#define DEFAULT_SSH_PORT 22

struct _VireoAddConnectionDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwComboRow          *hypervisor_row;
  AdwEntryRow          *custom_uri_row;
  GtkWidget            *remote_list;
  GtkSwitch            *remote_switch;
  AdwEntryRow          *user_row;
  AdwEntryRow          *host_row;
  GtkWidget            *port_row;
  GtkSpinButton        *port_spin;
  GtkWidget            *keyfile_row;
  GtkEntry             *keyfile_entry;
  GtkSwitch            *autoconnect_switch;
  GtkLabel             *uri_label;
  GtkListBoxRow        *error_row;
  GtkLabel             *error_label;
  GtkButton            *add_button;

  /* Owned */
  GtkFileChooserNative *file_chooser;
  char                 *uri;
  char                 *error;

  /* Borrowed */
  GtkWidget            *error_widget; /* the row the error is about */
};

G_DEFINE_FINAL_TYPE (VireoAddConnectionDialog, vireo_add_connection_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_URI,
  PROP_ERROR,
  PROP_AUTOCONNECT,
  N_PROPS
};

enum {
  ADD_CONNECTION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
vireo_set_str (char       **ptr,
               const char  *str)
{
  if (g_strcmp0 (*ptr, str) == 0)
    return FALSE;

  g_free (*ptr);
  *ptr = g_strdup (str);

  return TRUE;
}

/* A DNS name (IDN allowed), an IPv4 address, or an IPv6 address with or without brackets. Never
 * anything ssh could read as an option, nor characters that would change the URI's structure. */
static gboolean
host_is_valid (const char *host)
{
  g_autofree char *unbracketed = NULL;
  gsize len = strlen (host);

  if (len == 0 || host[0] == '-' || host[0] == '.')
    return FALSE;

  if (host[0] == '[' && host[len - 1] == ']')
    {
      unbracketed = g_strndup (host + 1, len - 2);
      return strchr (unbracketed, ':') != NULL && g_hostname_is_ip_address (unbracketed);
    }

  if (strchr (host, ':') != NULL)
    return g_hostname_is_ip_address (host);

  for (const char *p = host; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c >= 0x80)
        continue;  /* UTF-8 of an internationalized name; validated below */

      if (!g_ascii_isalnum (c) && c != '-' && c != '.' && c != '_')
        return FALSE;
    }

  return g_utf8_validate (host, -1, NULL);
}

static gboolean
user_is_valid (const char *user)
{
  if (user[0] == '-')
    return FALSE;

  for (const char *p = user; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || strchr ("@/:?#[]", *p) != NULL)
        return FALSE;
    }

  return TRUE;
}

static char *
expand_home (const char *path)
{
  if (g_str_equal (path, "~"))
    return g_strdup (g_get_home_dir ());

  if (g_str_has_prefix (path, "~/"))
    return g_build_filename (g_get_home_dir (), path + 2, NULL);

  return g_strdup (path);
}

static void
vireo_add_connection_dialog_show_error (VireoAddConnectionDialog *self,
                                        GtkWidget                *row,
                                        const char               *message,
                                        gboolean                  is_hint)
{
  GtkWidget *old_list;
  GtkWidget *new_list;

  if (self->error_widget != NULL && self->error_widget != row)
    gtk_widget_remove_css_class (self->error_widget, "error");

  self->error_widget = row;

  if (row == NULL || message == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->error_row), FALSE);
      gtk_label_set_label (self->error_label, NULL);
      return;
    }

  if (is_hint)
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "dim-label");
    }

  gtk_label_set_label (self->error_label, message);

  /* The message sits right under the row it is about. */
  old_list = gtk_widget_get_parent (GTK_WIDGET (self->error_row));
  new_list = gtk_widget_get_parent (row);

  if (GTK_IS_LIST_BOX (new_list))
    {
      int position;

      g_object_ref (self->error_row);
      if (GTK_IS_LIST_BOX (old_list))
        gtk_list_box_remove (GTK_LIST_BOX (old_list), GTK_WIDGET (self->error_row));
      position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) + 1;
      gtk_list_box_insert (GTK_LIST_BOX (new_list), GTK_WIDGET (self->error_row), position);
      g_object_unref (self->error_row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_row), TRUE);
}

/* Reads the form; returns the URI, or NULL with @error_row and @error_message set. */
static char *
vireo_add_connection_dialog_build_uri (VireoAddConnectionDialog  *self,
                                       GtkWidget                **error_row,
                                       char                     **error_message,
                                       gboolean                  *is_hint)
{
  VireoAddConnectionKind kind = adw_combo_row_get_selected (self->hypervisor_row);
  g_autoptr(VireoUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *user = NULL;
  g_autofree char *keyfile = NULL;
  const char *port_text;
  guint64 port = DEFAULT_SSH_PORT;

  *is_hint = FALSE;

  if (kind == VIREO_ADD_CONNECTION_CUSTOM)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->custom_uri_row))));
      g_autoptr(GError) error = NULL;

      *error_row = GTK_WIDGET (self->custom_uri_row);

      if (*text == '\0')
        {
          *error_message = g_strdup (_("Enter a libvirt URI, for example 'qemu+ssh://root@host/system'."));
          *is_hint = TRUE;
          return NULL;
        }

      if (!(uri = vireo_uri_parse (text, &error)))
        {
          *error_message = g_strdup (error->message);
          return NULL;
        }

      return vireo_uri_to_string (uri);
    }

  uri = vireo_uri_new ();
  vireo_uri_set_driver (uri, "qemu");
  vireo_uri_set_path (uri, kind == VIREO_ADD_CONNECTION_QEMU_SESSION ? "/session" : "/system");

  if (!gtk_switch_get_active (self->remote_switch))
    {
      vireo_uri_set_transport (uri, VIREO_URI_TRANSPORT_LOCAL);
      return vireo_uri_to_string (uri);
    }

  vireo_uri_set_transport (uri, VIREO_URI_TRANSPORT_SSH);

  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  if (!user_is_valid (user))
    {
      *error_row = GTK_WIDGET (self->user_row);
      *error_message = g_strdup (_("The user name must not contain spaces, '@', '/' or ':'."));
      return NULL;
    }

  host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_row))));
  if (*host == '\0')
    {
      *error_row = GTK_WIDGET (self->host_row);
      *error_message = g_strdup (_("Enter the name or address of the remote host."));
      *is_hint = TRUE;
      return NULL;
    }
  if (!host_is_valid (host))
    {
      *error_row = GTK_WIDGET (self->host_row);
      *error_message = g_strdup_printf (_("'%s' is not a valid host name or IP address."), host);
      return NULL;
    }
  if (host[0] == '[')
    {
      /* VireoUri adds the brackets itself. */
      char *unbracketed = g_strndup (host + 1, strlen (host) - 2);

      g_free (host);
      host = unbracketed;
    }

  port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_spin));
  if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL))
    {
      *error_row = self->port_row;
      *error_message = g_strdup (_("The port must be a number from 1 to 65535."));
      return NULL;
    }

  keyfile = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->keyfile_entry))));
  if (*keyfile != '\0')
    {
      g_autofree char *path = expand_home (keyfile);

      *error_row = self->keyfile_row;

      if (!g_path_is_absolute (path))
        {
          *error_message = g_strdup_printf (_("The key file '%s' must be an absolute path."), keyfile);
          return NULL;
        }
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          *error_message = g_strdup_printf (_("The key file '%s' does not exist."), keyfile);
          return NULL;
        }
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          *error_message = g_strdup_printf (_("The key file '%s' is not a regular file."), keyfile);
          return NULL;
        }
      if (access (path, R_OK) != 0)
        {
          *error_message = g_strdup_printf (_("The key file '%s' cannot be read."), keyfile);
          return NULL;
        }

      g_free (keyfile);
      keyfile = g_steal_pointer (&path);
      *error_row = NULL;
    }

  vireo_uri_set_user (uri, *user != '\0' ? user : NULL);
  vireo_uri_set_host (uri, host);
  vireo_uri_set_port (uri, port == DEFAULT_SSH_PORT ? 0 : (guint)port);
  if (*keyfile != '\0')
    vireo_uri_set_param (uri, "keyfile", keyfile);

  return vireo_uri_to_string (uri);
}

static void
vireo_add_connection_dialog_validate (VireoAddConnectionDialog *self)
{
  VireoAddConnectionKind kind = adw_combo_row_get_selected (self->hypervisor_row);
  GtkWidget *error_row = NULL;
  g_autofree char *error_message = NULL;
  g_autofree char *uri = NULL;
  gboolean is_hint = FALSE;
  gboolean uri_changed;
  gboolean error_changed;

  gtk_widget_set_visible (GTK_WIDGET (self->custom_uri_row), kind == VIREO_ADD_CONNECTION_CUSTOM);
  gtk_widget_set_visible (self->remote_list, kind != VIREO_ADD_CONNECTION_CUSTOM);

  uri = vireo_add_connection_dialog_build_uri (self, &error_row, &error_message, &is_hint);

  if (uri == NULL && error_message == NULL)
    error_message = g_strdup (_("This is not a valid connection."));

  uri_changed = vireo_set_str (&self->uri, uri);
  error_changed = vireo_set_str (&self->error, uri ? NULL : error_message);

  vireo_add_connection_dialog_show_error (self, uri ? NULL : error_row, self->error, is_hint);

  if (uri != NULL)
    {
      gtk_label_set_label (self->uri_label, uri);
      gtk_widget_remove_css_class (GTK_WIDGET (self->uri_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->uri_label, _("Incomplete"));
      gtk_widget_add_css_class (GTK_WIDGET (self->uri_label), "dim-label");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), uri != NULL);

  if (uri_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
on_form_changed_cb (VireoAddConnectionDialog *self)
{
  g_assert (VIREO_IS_ADD_CONNECTION_DIALOG (self));

  vireo_add_connection_dialog_validate (self);
}

static void
on_autoconnect_changed_cb (VireoAddConnectionDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOCONNECT]);
}

static void
on_add_button_clicked_cb (VireoAddConnectionDialog *self)
{
  g_autofree char *uri = NULL;

  vireo_add_connection_dialog_validate (self);

  if (self->uri == NULL)
    return;

  uri = g_strdup (self->uri);
  g_signal_emit (self, signals[ADD_CONNECTION], 0, uri,
                 gtk_switch_get_active (self->autoconnect_switch));

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_file_chooser_response_cb (VireoAddConnectionDialog *self,
                             int                       response,
                             GtkNativeDialog          *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->keyfile_entry), path);
    }

  g_clear_object (&self->file_chooser);
}

static void
on_keyfile_button_clicked_cb (VireoAddConnectionDialog *self)
{
  g_autofree char *ssh_dir = g_build_filename (g_get_home_dir (), ".ssh", NULL);

  if (self->file_chooser != NULL)
    return;

  self->file_chooser = gtk_file_chooser_native_new (_("Choose a Private Key"),
                                                    GTK_WINDOW (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _("_Choose"),
                                                    _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->file_chooser), TRUE);

  if (g_file_test (ssh_dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (ssh_dir);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->file_chooser), folder, NULL);
    }

  g_signal_connect_object (self->file_chooser, "response",
                           G_CALLBACK (on_file_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
vireo_add_connection_dialog_dispose (GObject *object)
{
  VireoAddConnectionDialog *self = (VireoAddConnectionDialog *)object;

  if (self->file_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->file_chooser));
      g_clear_object (&self->file_chooser);
    }

  self->error_widget = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_ADD_CONNECTION_DIALOG);

  G_OBJECT_CLASS (vireo_add_connection_dialog_parent_class)->dispose (object);
}

static void
vireo_add_connection_dialog_finalize (GObject *object)
{
  VireoAddConnectionDialog *self = (VireoAddConnectionDialog *)object;

  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (vireo_add_connection_dialog_parent_class)->finalize (object);
}

static void
vireo_add_connection_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  VireoAddConnectionDialog *self = VIREO_ADD_CONNECTION_DIALOG (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    case PROP_AUTOCONNECT:
      g_value_set_boolean (value, vireo_add_connection_dialog_get_autoconnect (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_add_connection_dialog_class_init (VireoAddConnectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_add_connection_dialog_dispose;
  object_class->finalize = vireo_add_connection_dialog_finalize;
  object_class->get_property = vireo_add_connection_dialog_get_property;

  /**
   * VireoAddConnectionDialog:uri:
   *
   * The URI the form describes, or %NULL while it is invalid.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoAddConnectionDialog:error:
   *
   * Why the form is invalid, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoAddConnectionDialog:autoconnect:
   *
   * Whether the connection should open when Vireo starts.
   */
  properties[PROP_AUTOCONNECT] =
    g_param_spec_boolean ("autoconnect", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoAddConnectionDialog::add-connection:
   * @self: the dialog
   * @uri: the libvirt URI to add
   * @autoconnect: whether to open it when Vireo starts
   *
   * The user confirmed a valid form. Emitted on the main thread, just before the dialog closes.
   */
  signals[ADD_CONNECTION] =
    g_signal_new ("add-connection",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/connection/vireo-add-connection-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, hypervisor_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, custom_uri_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, remote_list);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, remote_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, port_spin);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, keyfile_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, keyfile_entry);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, autoconnect_switch);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, uri_label);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, error_row);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoAddConnectionDialog, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_autoconnect_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_keyfile_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vireo_add_connection_dialog_init (VireoAddConnectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GtkSpinButton 4.8 has no :activates-default; its text field does. */
  gtk_text_set_activates_default (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (self->port_spin))), TRUE);

  vireo_add_connection_dialog_validate (self);
}

/**
 * vireo_add_connection_dialog_new:
 * @parent: (nullable): the window the dialog is modal for
 *
 * Must be called from the main thread.
 *
 * Returns: (transfer floating): a new #VireoAddConnectionDialog
 */
GtkWidget *
vireo_add_connection_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (VIREO_TYPE_ADD_CONNECTION_DIALOG,
                       "transient-for", parent,
                       NULL);
}

/**
 * vireo_add_connection_dialog_get_uri:
 * @self: a #VireoAddConnectionDialog
 *
 * Returns: (nullable): the URI the form describes, or %NULL while the form is invalid
 */
const char *
vireo_add_connection_dialog_get_uri (VireoAddConnectionDialog *self)
{
  g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), NULL);

  return self->uri;
}

/**
 * vireo_add_connection_dialog_get_error:
 * @self: a #VireoAddConnectionDialog
 *
 * Returns: (nullable): why the form is invalid, or %NULL when it is valid
 */
const char *
vireo_add_connection_dialog_get_error (VireoAddConnectionDialog *self)
{
  g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), NULL);

  return self->error;
}

/**
 * vireo_add_connection_dialog_get_autoconnect:
 * @self: a #VireoAddConnectionDialog
 *
 * Returns: whether the new connection should open when Vireo starts
 */
gboolean
vireo_add_connection_dialog_get_autoconnect (VireoAddConnectionDialog *self)
{
  g_return_val_if_fail (VIREO_IS_ADD_CONNECTION_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->autoconnect_switch);
}
