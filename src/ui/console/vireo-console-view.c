/* vireo-console-view.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-console-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-backoff.h"
#include "vireo-console-view.h"
#include "vireo-domain-actions.h"
#include "vireo-graphics-channel.h"
#include "vireo-graphics-target.h"
#include "vireo-keymap.h"

/* A server that drops the connection while the VM still runs (QEMU restarted by libvirt, a
 * migration, a tunnel that died) is tried again this many times before the view gives up and
 * offers Reconnect. */
#define MAX_RETRIES 8
/* How long a display may take to answer through a tunnel (ssh may first ask for a password). */
#define OPEN_TIMEOUT_MS 60000
/* The fullscreen toolbar shows when the pointer touches the top of the screen. */
#define REVEAL_EDGE_PX 4

struct _VireoConsoleView
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *toolbar;
  GtkMenuButton        *keys_button;
  GtkWidget            *fit_button;
  GtkWidget            *resize_button;
  GtkWidget            *grab_label;
  GtkWidget            *detach_button;
  GtkRevealer          *tablet_revealer;
  GtkWidget            *add_tablet_button;
  GtkStack             *stack;
  AdwStatusPage        *off_page;
  GtkSpinner           *connecting_spinner;
  GtkLabel             *connecting_label;
  GtkPasswordEntry     *password_entry;
  AdwStatusPage        *error_page;
  GtkWidget            *overlay;
  GtkScrolledWindow    *scroller;
  VireoVncDisplay      *display;
  GtkRevealer          *fullscreen_revealer;
  GtkMenuButton        *fullscreen_keys_button;

  /* Owned */
  VireoDomain          *domain;
  GSignalGroup         *domain_signals;
  GCancellable         *cancellable;
  VireoGraphicsChannel *channel;
  GdkClipboard         *clipboard;
  GtkWindow            *watched_root;
  VireoBackoff          backoff;
  guint                 retries;
  guint                 retry_source;
  gboolean              password_offered;
  gboolean              detached;
  gboolean              fullscreen;
};

G_DEFINE_FINAL_TYPE (VireoConsoleView, vireo_console_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOMAIN,
  PROP_PAGE,
  PROP_SCALE_TO_FIT,
  PROP_RESIZE_GUEST,
  PROP_DETACHED,
  N_PROPS
};

enum {
  DETACH_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void vireo_console_view_connect (VireoConsoleView *self);

/* Pages */

static void
show_page (VireoConsoleView *self,
           const char       *page)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) == 0)
    return;

  /* A spinner off screen must not keep the frame clock awake. */
  if (g_str_equal (page, "connecting"))
    gtk_spinner_start (self->connecting_spinner);
  else
    gtk_spinner_stop (self->connecting_spinner);

  gtk_stack_set_visible_child_name (self->stack, page);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

static void
show_error (VireoConsoleView *self,
            const char       *message)
{
  adw_status_page_set_description (self->error_page, message);
  show_page (self, "error");
}

static void
vireo_console_view_update_actions (VireoConsoleView *self)
{
  gboolean connected = vireo_vnc_display_get_state (self->display) == VIREO_VNC_STATE_CONNECTED;
  gboolean active = self->domain != NULL && vireo_domain_get_is_active (self->domain);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.send-keys", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.screenshot", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.reconnect", active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.run", self->domain != NULL && !active);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.add-tablet", connected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.detach", self->domain != NULL && !self->detached);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "console.fullscreen", self->domain != NULL);
}

/* Connecting */

static void
cancel_connecting (VireoConsoleView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
}

static void
drop_channel (VireoConsoleView *self)
{
  if (self->channel != NULL)
    vireo_graphics_channel_close (self->channel);
  g_clear_object (&self->channel);
}

static void
vireo_console_view_disconnect (VireoConsoleView *self)
{
  cancel_connecting (self);
  vireo_vnc_display_close (self->display);
  drop_channel (self);
  gtk_revealer_set_reveal_child (self->tablet_revealer, FALSE);
}

static void
on_channel_opened_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(VireoConsoleView) self = user_data;
  g_autoptr(VireoGraphicsChannel) channel = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  channel = vireo_graphics_target_open_finish (VIREO_DOMAIN (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (channel == NULL)
    {
      /* Shut off in the meantime: the "off" page says all there is to say. */
      if (g_error_matches (error, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NOT_RUNNING) ||
          self->domain == NULL || !vireo_domain_get_is_active (self->domain))
        show_page (self, "off");
      else
        show_error (self, error->message);
      return;
    }

  g_debug ("Display of '%s' reached: %s", vireo_domain_get_name (self->domain),
           vireo_graphics_channel_get_description (channel));

  drop_channel (self);
  self->channel = g_steal_pointer (&channel);
  self->password_offered = FALSE;

  fd = vireo_graphics_channel_steal_fd (self->channel);
  if (!vireo_vnc_display_open_fd (self->display, fd, vireo_graphics_channel_get_hostname (self->channel)))
    show_error (self, vireo_vnc_display_get_error_message (self->display));
}

static void
vireo_console_view_connect (VireoConsoleView *self)
{
  g_assert (self->domain != NULL);

  cancel_connecting (self);
  vireo_vnc_display_close (self->display);
  drop_channel (self);

  show_page (self, "connecting");
  self->cancellable = g_cancellable_new ();
  vireo_graphics_target_open_async (self->domain, self->cancellable, on_channel_opened_cb,
                                    g_object_ref (self));
}

static gboolean
retry_cb (gpointer data)
{
  VireoConsoleView *self = data;

  self->retry_source = 0;
  if (self->domain != NULL && vireo_domain_get_is_active (self->domain))
    vireo_console_view_connect (self);
  return G_SOURCE_REMOVE;
}

/**
 * vireo_console_view_reconnect:
 * @self: a #VireoConsoleView
 *
 * Drops the display connection (and its tunnel) and reaches the display again.
 */
void
vireo_console_view_reconnect (VireoConsoleView *self)
{
  g_return_if_fail (VIREO_IS_CONSOLE_VIEW (self));

  self->retries = 0;
  vireo_backoff_reset (&self->backoff);
  if (self->domain == NULL)
    return;
  if (vireo_domain_get_is_active (self->domain))
    vireo_console_view_connect (self);
  else
    show_page (self, "off");
}

/* The display's own events */

static void
on_display_state_notify_cb (VireoConsoleView *self)
{
  switch (vireo_vnc_display_get_state (self->display))
    {
    case VIREO_VNC_STATE_CONNECTED:
      self->retries = 0;
      vireo_backoff_reset (&self->backoff);
      show_page (self, "display");
      break;

    case VIREO_VNC_STATE_CONNECTING:
      if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "password"))
        show_page (self, "connecting");
      break;

    case VIREO_VNC_STATE_ERROR:
      drop_channel (self);
      if (self->domain == NULL || !vireo_domain_get_is_active (self->domain))
        show_page (self, "off");
      else
        {
          const char *message = vireo_vnc_display_get_error_message (self->display);

          show_error (self, message ? message : _("The display closed the connection."));
        }
      break;

    case VIREO_VNC_STATE_DISCONNECTED:
    default:
      break;
    }

  vireo_console_view_update_actions (self);
}

/* The server went away without an error: QEMU restarted or a tunnel died. While the VM runs,
 * try again a few times (quickly at first), then offer Reconnect. */
static void
on_display_disconnected_cb (VireoConsoleView *self)
{
  if (vireo_vnc_display_get_state (self->display) == VIREO_VNC_STATE_ERROR)
    return;

  drop_channel (self);
  if (self->domain == NULL || !vireo_domain_get_is_active (self->domain))
    {
      show_page (self, "off");
      return;
    }

  if (self->retries++ >= MAX_RETRIES)
    {
      show_error (self, _("The display keeps closing the connection."));
      return;
    }

  show_page (self, "connecting");
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (vireo_backoff_next (&self->backoff), retry_cb, self);
}

static void
on_display_auth_credential_cb (VireoConsoleView    *self,
                               VireoVncCredentials  credentials)
{
  const char *password = self->channel ? vireo_graphics_channel_get_password (self->channel) : NULL;

  if (!(credentials & VIREO_VNC_CREDENTIAL_PASSWORD))
    {
      show_error (self, _("The display asks for a sign-in method Vireo does not support."));
      vireo_vnc_display_close (self->display);
      return;
    }

  /* The password of the VM's definition first, once; then ask. */
  if (password != NULL && !self->password_offered)
    {
      self->password_offered = TRUE;
      vireo_vnc_display_set_credential (self->display, VIREO_VNC_CREDENTIAL_PASSWORD, password);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
  show_page (self, "password");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
send_password (VireoConsoleView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));

  show_page (self, "connecting");
  vireo_vnc_display_set_credential (self->display, VIREO_VNC_CREDENTIAL_PASSWORD, text);
  /* Not kept in the entry longer than needed. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), "");
}

static void
on_password_entry_activate_cb (VireoConsoleView *self)
{
  send_password (self);
}

/* Pointer: the tablet banner */

static void
on_has_tablet_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VireoConsoleView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean has_tablet = vireo_domain_has_tablet_finish (VIREO_DOMAIN (source), result, &error);

  if (error != NULL)
    {
      g_debug ("Could not tell whether '%s' has a tablet: %s",
               vireo_domain_get_name (VIREO_DOMAIN (source)), error->message);
      return;
    }

  /* Still relative, still this VM? */
  if (VIREO_DOMAIN (source) != self->domain ||
      vireo_vnc_display_get_state (self->display) != VIREO_VNC_STATE_CONNECTED ||
      vireo_vnc_display_get_absolute_pointer (self->display))
    return;

  gtk_revealer_set_reveal_child (self->tablet_revealer, !has_tablet);
}

static void
on_display_pointer_notify_cb (VireoConsoleView *self)
{
  gboolean relative = vireo_vnc_display_get_state (self->display) == VIREO_VNC_STATE_CONNECTED &&
                      !vireo_vnc_display_get_absolute_pointer (self->display);

  if (!relative)
    {
      gtk_revealer_set_reveal_child (self->tablet_revealer, FALSE);
      return;
    }

  /* Relative with a tablet present is firmware or a boot loader: nothing to fix. */
  vireo_domain_has_tablet_async (self->domain, NULL, on_has_tablet_cb, g_object_ref (self));
}

static AdwToastOverlay *
find_toast_overlay (VireoConsoleView *self)
{
  return ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
}

static void
toast (VireoConsoleView *self,
       const char       *message)
{
  AdwToastOverlay *overlay = find_toast_overlay (self);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
on_tablet_added_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(VireoConsoleView) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->add_tablet_button, TRUE);

  if (!vireo_domain_add_tablet_finish (VIREO_DOMAIN (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not add a tablet: %s"), error->message);
      toast (self, message);
      return;
    }

  gtk_revealer_set_reveal_child (self->tablet_revealer, FALSE);
  toast (self, _("Tablet added: the pointer follows as soon as the guest uses it"));
}

/* Clipboard, both ways, text only */

static void
on_display_server_cut_text_cb (VireoConsoleView *self,
                               const char       *text)
{
  gdk_clipboard_set_text (self->clipboard, text);
}

static void
on_clipboard_text_read_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(VireoConsoleView) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (text != NULL && vireo_vnc_display_get_state (self->display) == VIREO_VNC_STATE_CONNECTED)
    vireo_vnc_display_client_cut_text (self->display, text);
}

static void
on_clipboard_changed_cb (VireoConsoleView *self,
                         GdkClipboard     *clipboard)
{
  /* What the guest just put there needs no trip back. */
  if (gdk_clipboard_is_local (clipboard) ||
      vireo_vnc_display_get_state (self->display) != VIREO_VNC_STATE_CONNECTED)
    return;

  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text_read_cb, g_object_ref (self));
}

/* The VM */

static void
on_domain_state_notify_cb (VireoConsoleView *self)
{
  VireoVncState state = vireo_vnc_display_get_state (self->display);

  if (!vireo_domain_get_is_active (self->domain))
    {
      vireo_console_view_disconnect (self);
      show_page (self, "off");
    }
  /* Started (or resumed from a saved state): reach the display. */
  else if (self->cancellable == NULL && self->retry_source == 0 &&
           state != VIREO_VNC_STATE_CONNECTED && state != VIREO_VNC_STATE_CONNECTING)
    {
      self->retries = 0;
      vireo_backoff_reset (&self->backoff);
      vireo_console_view_connect (self);
    }

  vireo_console_view_update_actions (self);
}

/* Actions */

static void
console_send_keys_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (widget);
  VireoKeyCombo combo;

  if (vireo_key_combo_from_name (g_variant_get_string (param, NULL), &combo))
    vireo_vnc_display_send_combo (self->display, combo);
  gtk_widget_grab_focus (GTK_WIDGET (self->display));
}

static void
console_reconnect_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  vireo_console_view_reconnect (VIREO_CONSOLE_VIEW (widget));
}

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VireoConsoleView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vireo_domain_run_action_finish (VIREO_DOMAIN (source), result, &error))
    toast (self, error->message);
}

static void
console_run_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (widget);

  if (self->domain != NULL)
    vireo_domain_run_action_async (self->domain, VIREO_DOMAIN_ACTION_START, NULL, on_run_done_cb,
                                   g_object_ref (self));
}

static void
console_send_password_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  send_password (VIREO_CONSOLE_VIEW (widget));
}

static void
console_add_tablet_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (widget);

  gtk_widget_set_sensitive (self->add_tablet_button, FALSE);
  vireo_domain_add_tablet_async (self->domain, NULL, on_tablet_added_cb, g_object_ref (self));
}

static void
console_detach_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  g_signal_emit (widget, signals[DETACH_REQUESTED], 0, FALSE);
}

static void
console_fullscreen_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  /* Fullscreen is the console alone: in its own window. */
  if (!self->detached)
    {
      g_signal_emit (self, signals[DETACH_REQUESTED], 0, TRUE);
      return;
    }

  if (GTK_IS_WINDOW (root))
    {
      if (gtk_window_is_fullscreen (GTK_WINDOW (root)))
        gtk_window_unfullscreen (GTK_WINDOW (root));
      else
        gtk_window_fullscreen (GTK_WINDOW (root));
    }
}

/* Screenshot */

static void
on_screenshot_written_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(VireoConsoleView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the screenshot: %s"), error->message);
      toast (self, message);
      return;
    }

  toast (self, _("Screenshot saved"));
}

static void
on_screenshot_chooser_response_cb (GtkNativeDialog  *chooser,
                                   int               response,
                                   VireoConsoleView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (texture = vireo_vnc_display_get_screenshot (self->display)) != NULL)
    {
      /* Encoded here (it is in memory), written off the main thread. */
      png = gdk_texture_save_to_png_bytes (texture);
      g_file_replace_contents_bytes_async (file, png, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, on_screenshot_written_cb, g_object_ref (self));
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
console_screenshot_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");
  /* Translators: file name of a screenshot: the VM's name, then the date and time */
  g_autofree char *name = g_strdup_printf (_("%s %s.png"), vireo_domain_get_name (self->domain), stamp);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Screenshot"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_screenshot_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Fullscreen: the toolbar gives way to one that slides in at the top edge */

static void
on_root_fullscreened_notify_cb (VireoConsoleView *self,
                                GParamSpec       *pspec,
                                GtkWindow        *window)
{
  self->fullscreen = gtk_window_is_fullscreen (window);
  gtk_widget_set_visible (self->toolbar, !self->fullscreen);
  gtk_revealer_set_reveal_child (self->fullscreen_revealer, FALSE);
}

static void
on_overlay_motion_cb (GtkEventControllerMotion *controller,
                      double                    x,
                      double                    y,
                      VireoConsoleView         *self)
{
  int bar_height;

  if (!self->fullscreen)
    return;

  bar_height = gtk_widget_get_height (GTK_WIDGET (self->fullscreen_revealer));
  if (y <= REVEAL_EDGE_PX)
    gtk_revealer_set_reveal_child (self->fullscreen_revealer, TRUE);
  else if (y > bar_height + 24)
    gtk_revealer_set_reveal_child (self->fullscreen_revealer, FALSE);
}

static void
vireo_console_view_root (GtkWidget *widget)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (vireo_console_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->watched_root = GTK_WINDOW (root);
      g_signal_connect_object (root, "notify::fullscreened",
                               G_CALLBACK (on_root_fullscreened_notify_cb), self, G_CONNECT_SWAPPED);
      on_root_fullscreened_notify_cb (self, NULL, self->watched_root);
    }
}

static void
vireo_console_view_unroot (GtkWidget *widget)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (widget);

  if (self->watched_root != NULL)
    g_signal_handlers_disconnect_by_func (self->watched_root, on_root_fullscreened_notify_cb, self);
  self->watched_root = NULL;

  GTK_WIDGET_CLASS (vireo_console_view_parent_class)->unroot (widget);
}

/* Send-keys menu: the combinations from the keymap, as Linux key codes */

static GMenuModel *
build_keys_menu (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = NULL;

  for (guint i = 0; i < VIREO_N_KEY_COMBOS; i++)
    {
      g_autoptr(GMenuItem) item = NULL;

      /* Ctrl+Alt+Del and Backspace; the virtual terminals; then the print keys. */
      if (section == NULL || i == VIREO_KEY_COMBO_CTRL_ALT_F1 || i == VIREO_KEY_COMBO_PRINT)
        {
          if (section != NULL)
            g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
          g_clear_object (&section);
          section = g_menu_new ();
        }
      item = g_menu_item_new (vireo_key_combo_get_label (i), NULL);
      g_menu_item_set_action_and_target (item, "console.send-keys", "s", vireo_key_combo_get_name (i));
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* GObject */

static void
on_display_grab_changed_cb (VireoConsoleView *self)
{
  gtk_widget_set_visible (self->grab_label, vireo_vnc_display_get_keyboard_grabbed (self->display) ||
                                            vireo_vnc_display_get_pointer_grabbed (self->display));
}

static void
vireo_console_view_dispose (GObject *object)
{
  VireoConsoleView *self = (VireoConsoleView *)object;

  if (self->display != NULL)
    vireo_console_view_disconnect (self);
  if (self->domain_signals != NULL)
    g_signal_group_set_target (self->domain_signals, NULL);
  g_clear_object (&self->domain_signals);
  g_clear_object (&self->domain);
  if (self->clipboard != NULL)
    g_signal_handlers_disconnect_by_func (self->clipboard, on_clipboard_changed_cb, self);
  g_clear_object (&self->clipboard);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_CONSOLE_VIEW);

  G_OBJECT_CLASS (vireo_console_view_parent_class)->dispose (object);
}

static void
vireo_console_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;

    case PROP_PAGE:
      g_value_set_string (value, vireo_console_view_get_page (self));
      break;

    case PROP_SCALE_TO_FIT:
      g_value_set_boolean (value, vireo_vnc_display_get_scaling (self->display) == VIREO_VNC_SCALING_FIT);
      break;

    case PROP_RESIZE_GUEST:
      g_value_set_boolean (value, vireo_vnc_display_get_resize_guest (self->display));
      break;

    case PROP_DETACHED:
      g_value_set_boolean (value, self->detached);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_scale_to_fit (VireoConsoleView *self,
                  gboolean          fit)
{
  if ((vireo_vnc_display_get_scaling (self->display) == VIREO_VNC_SCALING_FIT) == fit)
    return;

  vireo_vnc_display_set_scaling (self->display, fit ? VIREO_VNC_SCALING_FIT : VIREO_VNC_SCALING_ONE_TO_ONE);
  /* 1:1 scrolls when the guest is larger than the view. */
  gtk_scrolled_window_set_policy (self->scroller,
                                  fit ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC,
                                  fit ? GTK_POLICY_NEVER : GTK_POLICY_AUTOMATIC);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALE_TO_FIT]);
}

static void
vireo_console_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VireoConsoleView *self = VIREO_CONSOLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOMAIN:
      vireo_console_view_set_domain (self, g_value_get_object (value));
      break;

    case PROP_SCALE_TO_FIT:
      set_scale_to_fit (self, g_value_get_boolean (value));
      break;

    case PROP_RESIZE_GUEST:
      if (vireo_vnc_display_get_resize_guest (self->display) != g_value_get_boolean (value))
        {
          vireo_vnc_display_set_resize_guest (self->display, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_DETACHED:
      vireo_console_view_set_detached (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_console_view_class_init (VireoConsoleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_console_view_dispose;
  object_class->get_property = vireo_console_view_get_property;
  object_class->set_property = vireo_console_view_set_property;

  widget_class->root = vireo_console_view_root;
  widget_class->unroot = vireo_console_view_unroot;

  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL, VIREO_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALE_TO_FIT] =
    g_param_spec_boolean ("scale-to-fit", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESIZE_GUEST] =
    g_param_spec_boolean ("resize-guest", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETACHED] =
    g_param_spec_boolean ("detached", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoConsoleView::detach-requested:
   * @self: the view
   * @fullscreen: whether the console should also go fullscreen
   *
   * The user wants the console in its own window; whoever holds the view moves it.
   */
  signals[DETACH_REQUESTED] =
    g_signal_new ("detach-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  g_type_ensure (VIREO_TYPE_VNC_DISPLAY);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/console/vireo-console-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, keys_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, fit_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, resize_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, grab_label);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, detach_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, tablet_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, add_tablet_button);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, stack);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, off_page);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, connecting_label);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, password_entry);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, error_page);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, overlay);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, scroller);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, display);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, fullscreen_revealer);
  gtk_widget_class_bind_template_child (widget_class, VireoConsoleView, fullscreen_keys_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "console.send-keys", "s", console_send_keys_action);
  gtk_widget_class_install_action (widget_class, "console.reconnect", NULL, console_reconnect_action);
  gtk_widget_class_install_action (widget_class, "console.run", NULL, console_run_action);
  gtk_widget_class_install_action (widget_class, "console.send-password", NULL, console_send_password_action);
  gtk_widget_class_install_action (widget_class, "console.add-tablet", NULL, console_add_tablet_action);
  gtk_widget_class_install_action (widget_class, "console.detach", NULL, console_detach_action);
  gtk_widget_class_install_action (widget_class, "console.fullscreen", NULL, console_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "console.screenshot", NULL, console_screenshot_action);
  gtk_widget_class_install_property_action (widget_class, "console.scale-to-fit", "scale-to-fit");
  gtk_widget_class_install_property_action (widget_class, "console.resize-guest", "resize-guest");

  gtk_widget_class_set_css_name (widget_class, "vireo-console-view");
}

static void
vireo_console_view_init (VireoConsoleView *self)
{
  g_autoptr(GMenuModel) keys_menu = build_keys_menu ();
  GtkEventController *motion;

  gtk_widget_init_template (GTK_WIDGET (self));

  vireo_backoff_init (&self->backoff, 500, 4000);

  gtk_menu_button_set_menu_model (self->keys_button, keys_menu);
  gtk_menu_button_set_menu_model (self->fullscreen_keys_button, keys_menu);

  g_signal_connect_object (self->display, "notify::state", G_CALLBACK (on_display_state_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->display, "notify::absolute-pointer",
                           G_CALLBACK (on_display_pointer_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->display, "disconnected", G_CALLBACK (on_display_disconnected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->display, "auth-credential", G_CALLBACK (on_display_auth_credential_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->display, "server-cut-text", G_CALLBACK (on_display_server_cut_text_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->display, "grab-changed", G_CALLBACK (on_display_grab_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->clipboard = g_object_ref (gtk_widget_get_clipboard (GTK_WIDGET (self)));
  g_signal_connect_swapped (self->clipboard, "changed", G_CALLBACK (on_clipboard_changed_cb), self);

  motion = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect (motion, "motion", G_CALLBACK (on_overlay_motion_cb), self);
  gtk_widget_add_controller (self->overlay, motion);

  self->domain_signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
  g_signal_group_connect_object (self->domain_signals, "notify::state",
                                 G_CALLBACK (on_domain_state_notify_cb), self, G_CONNECT_SWAPPED);

  show_page (self, "off");
  vireo_console_view_update_actions (self);
}

/**
 * vireo_console_view_new:
 *
 * Returns: (transfer full): a new console view, showing no VM
 */
GtkWidget *
vireo_console_view_new (void)
{
  return g_object_new (VIREO_TYPE_CONSOLE_VIEW, NULL);
}

/**
 * vireo_console_view_get_domain:
 * @self: a #VireoConsoleView
 *
 * Returns: (transfer none) (nullable): the VM whose console this is
 */
VireoDomain *
vireo_console_view_get_domain (VireoConsoleView *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_VIEW (self), NULL);

  return self->domain;
}

/**
 * vireo_console_view_set_domain:
 * @self: a #VireoConsoleView
 * @domain: (nullable): the VM to show
 *
 * Shows @domain's display, reached at once when it runs and whenever it starts.
 */
void
vireo_console_view_set_domain (VireoConsoleView *self,
                               VireoDomain      *domain)
{
  g_return_if_fail (VIREO_IS_CONSOLE_VIEW (self));
  g_return_if_fail (!domain || VIREO_IS_DOMAIN (domain));

  if (self->domain == domain)
    return;

  vireo_console_view_disconnect (self);
  g_set_object (&self->domain, domain);
  g_signal_group_set_target (self->domain_signals, domain);
  self->retries = 0;
  vireo_backoff_reset (&self->backoff);

  if (domain != NULL && vireo_domain_get_is_active (domain))
    vireo_console_view_connect (self);
  else
    show_page (self, "off");

  vireo_console_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

/**
 * vireo_console_view_get_display:
 * @self: a #VireoConsoleView
 *
 * Returns: (transfer none): the VNC display widget
 */
VireoVncDisplay *
vireo_console_view_get_display (VireoConsoleView *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_VIEW (self), NULL);

  return self->display;
}

const char *
vireo_console_view_get_page (VireoConsoleView *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
vireo_console_view_get_detached (VireoConsoleView *self)
{
  g_return_val_if_fail (VIREO_IS_CONSOLE_VIEW (self), FALSE);

  return self->detached;
}

/**
 * vireo_console_view_set_detached:
 * @self: a #VireoConsoleView
 * @detached: whether the view lives in a window of its own
 *
 * Set by whoever moves the view: a detached view offers no "Open in a New Window".
 */
void
vireo_console_view_set_detached (VireoConsoleView *self,
                                 gboolean          detached)
{
  g_return_if_fail (VIREO_IS_CONSOLE_VIEW (self));

  detached = !!detached;
  if (self->detached == detached)
    return;

  self->detached = detached;
  gtk_widget_set_visible (self->detach_button, !detached);
  vireo_console_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETACHED]);
}
