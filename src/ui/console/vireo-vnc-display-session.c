/* vireo-vnc-display-session.c: the session: gvnc's connection and signals, authentication,
 * opening and closing
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-vnc-display-private.h"

/* "Resize guest to window" waits for the window to stop changing. */
#define RESIZE_GUEST_DELAY_MS 300

/* Connection teardown */

static gboolean
shutdown_cb (gpointer data)
{
  vnc_connection_shutdown (VNC_CONNECTION (data));
  return G_SOURCE_REMOVE;
}

/* Forgets the current session without emitting anything. The shutdown itself runs from an idle
 * queued after gvnc's own "open" idle: shutting down before the coroutine started would leak
 * the reference gvnc took for it. */
void
_vireo_vnc_display_drop_connection (VireoVncDisplay *self)
{
  g_clear_handle_id (&self->update_idle, g_source_remove);
  g_clear_handle_id (&self->resize_timeout, g_source_remove);
  g_clear_handle_id (&self->handshake_timeout, g_source_remove);
  g_clear_handle_id (&self->typing_timeout, g_source_remove);
  g_queue_clear_full (&self->typing, g_free);

  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (vnc_connection_is_open (self->conn))
        g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, shutdown_cb, g_object_ref (self->conn), g_object_unref);
      g_clear_object (&self->conn);
    }

  g_array_unref (vireo_vnc_key_tracker_take_all (self->keys));
  vireo_vnc_grab_sequence_reset (&self->grab_seq);
  self->button_mask = 0;
  self->wanted = 0;
  self->socket_connected = FALSE;
  self->initialized = FALSE;
  _vireo_vnc_display_release_grabs (self);
}

static char *
describe_failure (VireoVncDisplay *self)
{
  const char *detail = self->gvnc_error != NULL ? self->gvnc_error : _("no reason given");

  if (self->own_error != NULL)
    return g_strdup (self->own_error);
  if (self->auth_failure != NULL)
    return g_strdup_printf (_("The display did not accept the credentials (the server said '%s')."),
                            self->auth_failure);
  if (!self->socket_connected)
    return g_strdup_printf (_("Could not connect to the display: %s."), detail);
  if (!self->initialized)
    return g_strdup_printf (_("The display closed the connection during the handshake: %s."), detail);
  return g_strdup_printf (_("The connection to the display was lost: %s."), detail);
}

/* The session ended without vireo_vnc_display_close(): always an error for the view to show
 * with Reconnect (a guest powering off closes its display too). */
static void
session_failed (VireoVncDisplay *self)
{
  /* A handler of the signals below may destroy the widget: keep it alive until they are done. */
  g_autoptr(VireoVncDisplay) hold = g_object_ref (self);
  g_autofree char *message = describe_failure (self);
  g_autofree char *auth_failure = g_steal_pointer (&self->auth_failure);

  g_debug ("VNC session ended: %s", message);

  _vireo_vnc_display_drop_connection (self);
  if (auth_failure != NULL)
    _vireo_vnc_display_clear_secret (&self->password);

  _vireo_vnc_display_set_error_message (self, message);
  _vireo_vnc_display_set_state (self, VIREO_VNC_STATE_ERROR);
  g_signal_emit (self, _vireo_vnc_display_signals[DISCONNECTED], 0);
  /* Last, so a handler may open again right away (to ask for another password). */
  if (auth_failure != NULL)
    g_signal_emit (self, _vireo_vnc_display_signals[AUTH_FAILURE], 0, message);
}

static gboolean
handshake_timeout_cb (gpointer data)
{
  VireoVncDisplay *self = data;

  self->handshake_timeout = 0;
  g_free (self->own_error);
  self->own_error = g_strdup_printf (ngettext ("The display did not answer within %u second.",
                                               "The display did not answer within %u seconds.",
                                               self->handshake_timeout_s),
                                     self->handshake_timeout_s);
  session_failed (self);
  return G_SOURCE_REMOVE;
}

static void
start_handshake_timeout (VireoVncDisplay *self)
{
  g_clear_handle_id (&self->handshake_timeout, g_source_remove);
  if (self->handshake_timeout_s > 0)
    self->handshake_timeout = g_timeout_add_seconds (self->handshake_timeout_s, handshake_timeout_cb, self);
}

/* Framebuffer */

static void
setup_framebuffer (VireoVncDisplay      *self,
                   int                   width,
                   int                   height,
                   const VncPixelFormat *remote)
{
  gboolean resized;

  if (width <= 0 || height <= 0)
    return;

  /* After a reconnect the same size and format keep the last frame on screen; the new
   * connection still needs the framebuffer set. */
  if (self->fb == NULL || !vireo_vnc_framebuffer_matches (self->fb, width, height, remote))
    {
      resized = self->fb == NULL ||
                vireo_vnc_framebuffer_get_width (self->fb) != width ||
                vireo_vnc_framebuffer_get_height (self->fb) != height;

      g_clear_object (&self->fb);
      self->fb = vireo_vnc_framebuffer_new (width, height, remote);

      if (resized)
        {
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_DESKTOP_WIDTH]);
          g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_DESKTOP_HEIGHT]);
        }
    }

  vnc_connection_set_framebuffer (self->conn, vireo_vnc_framebuffer_get_vnc (self->fb));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_vireo_vnc_display_send_encodings (VireoVncDisplay *self)
{
  static const gint32 local[] = {
    VNC_CONNECTION_ENCODING_HEXTILE, VNC_CONNECTION_ENCODING_ZRLE, VNC_CONNECTION_ENCODING_RAW,
    VNC_CONNECTION_ENCODING_TIGHT, VNC_CONNECTION_ENCODING_RRE, VNC_CONNECTION_ENCODING_COPY_RECT,
  };
  static const gint32 wan[] = {
    VNC_CONNECTION_ENCODING_TIGHT, VNC_CONNECTION_ENCODING_ZRLE, VNC_CONNECTION_ENCODING_HEXTILE,
    VNC_CONNECTION_ENCODING_RRE, VNC_CONNECTION_ENCODING_COPY_RECT, VNC_CONNECTION_ENCODING_RAW,
  };
  static const gint32 pseudo[] = {
    VNC_CONNECTION_ENCODING_LED_STATE, VNC_CONNECTION_ENCODING_EXTENDED_DESKTOP_RESIZE,
    VNC_CONNECTION_ENCODING_DESKTOP_RESIZE, VNC_CONNECTION_ENCODING_DESKTOP_NAME,
    VNC_CONNECTION_ENCODING_LAST_RECT, VNC_CONNECTION_ENCODING_WMVi,
    VNC_CONNECTION_ENCODING_ALPHA_CURSOR, VNC_CONNECTION_ENCODING_RICH_CURSOR,
    VNC_CONNECTION_ENCODING_XCURSOR, VNC_CONNECTION_ENCODING_POINTER_CHANGE,
    VNC_CONNECTION_ENCODING_XVP,
  };
  gint32 encodings[G_N_ELEMENTS (local) + G_N_ELEMENTS (pseudo) + 1];
  const gint32 *real = self->encodings == VIREO_VNC_ENCODINGS_WAN ? wan : local;
  int n = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (local) == G_N_ELEMENTS (wan));

  if (self->conn == NULL || !self->initialized)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (local); i++)
    encodings[n++] = real[i];
  /* Scancodes instead of keysyms (layout independent) only when we can name the keys. */
  if (_vireo_vnc_display_keymap_kind (self) != VIREO_KEYMAP_NONE)
    encodings[n++] = VNC_CONNECTION_ENCODING_EXT_KEY_EVENT;
  for (guint i = 0; i < G_N_ELEMENTS (pseudo); i++)
    encodings[n++] = pseudo[i];

  vnc_connection_set_encodings (self->conn, n, encodings);
}

static gboolean
update_request_cb (gpointer data)
{
  VireoVncDisplay *self = data;

  self->update_idle = 0;
  if (self->conn != NULL && self->initialized && self->fb != NULL)
    vnc_connection_framebuffer_update_request (self->conn, TRUE, 0, 0,
                                               vireo_vnc_framebuffer_get_width (self->fb),
                                               vireo_vnc_framebuffer_get_height (self->fb));
  return G_SOURCE_REMOVE;
}

/* Resize guest to window */

static gboolean
resize_guest_cb (gpointer data)
{
  VireoVncDisplay *self = data;
  GtkWidget *widget = GTK_WIDGET (self);
  int width, height;

  self->resize_timeout = 0;
  if (!self->resize_guest || self->conn == NULL || !self->initialized)
    return G_SOURCE_REMOVE;
  if (!vireo_vnc_desktop_size_for_widget (gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                                          gtk_widget_get_scale_factor (widget), &width, &height))
    return G_SOURCE_REMOVE;
  if (self->fb != NULL &&
      vireo_vnc_framebuffer_get_width (self->fb) == width &&
      vireo_vnc_framebuffer_get_height (self->fb) == height)
    return G_SOURCE_REMOVE;

  /* UNSUPPORTED until the server announced extended desktop resize (in its first update);
   * guests without a resizable display (-vga std) just keep their size. (gvnc 1.3 returns TRUE,
   * not RESIZE_STATUS_OK, once the request is sent.) */
  if (vnc_connection_set_size (self->conn, width, height) == VNC_CONNECTION_RESIZE_STATUS_UNSUPPORTED)
    g_debug ("The display cannot be resized to %dx%d", width, height);

  return G_SOURCE_REMOVE;
}

void
_vireo_vnc_display_queue_resize_guest (VireoVncDisplay *self)
{
  if (!self->resize_guest || self->conn == NULL || !self->initialized)
    return;

  g_clear_handle_id (&self->resize_timeout, g_source_remove);
  self->resize_timeout = g_timeout_add (RESIZE_GUEST_DELAY_MS, resize_guest_cb, self);
}

/* gvnc signals */

static void
on_connected (VncConnection   *conn,
              VireoVncDisplay *self)
{
  self->socket_connected = TRUE;
}

static void
on_initialized (VncConnection   *conn,
                VireoVncDisplay *self)
{
  const VncPixelFormat *remote;

  /* Ask for our own format: then gvnc copies the server's pixels unchanged. */
  if (!vnc_connection_set_pixel_format (conn, vireo_vnc_framebuffer_local_format ()))
    return;

  remote = vnc_connection_get_pixel_format (conn);
  self->initialized = TRUE;
  g_clear_handle_id (&self->handshake_timeout, g_source_remove);

  setup_framebuffer (self, vnc_connection_get_width (conn), vnc_connection_get_height (conn), remote);
  _vireo_vnc_display_send_encodings (self);
  if (self->fb != NULL)
    vnc_connection_framebuffer_update_request (conn, FALSE, 0, 0,
                                               vireo_vnc_framebuffer_get_width (self->fb),
                                               vireo_vnc_framebuffer_get_height (self->fb));

  _vireo_vnc_display_set_desktop_name (self, vnc_connection_get_name (conn));
  _vireo_vnc_display_set_absolute (self, vnc_connection_get_abs_pointer (conn));
  _vireo_vnc_display_set_error_message (self, NULL);
  _vireo_vnc_display_set_state (self, VIREO_VNC_STATE_CONNECTED);
  _vireo_vnc_display_queue_resize_guest (self);
}

static void
on_framebuffer_update (VncConnection   *conn,
                       int              x,
                       int              y,
                       int              width,
                       int              height,
                       VireoVncDisplay *self)
{
  if (self->fb == NULL)
    return;

  vireo_vnc_framebuffer_update (self->fb, x, y, width, height);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  /* gvnc emits once per rectangle: ask for the next update once per batch. */
  if (self->update_idle == 0)
    self->update_idle = g_idle_add (update_request_cb, self);
}

static void
on_desktop_resize (VncConnection   *conn,
                   int              width,
                   int              height,
                   VireoVncDisplay *self)
{
  setup_framebuffer (self, width, height, vnc_connection_get_pixel_format (conn));
  vnc_connection_framebuffer_update_request (conn, FALSE, 0, 0, width, height);
}

static void
on_pixel_format_changed (VncConnection   *conn,
                         VncPixelFormat  *format,
                         VireoVncDisplay *self)
{
  setup_framebuffer (self, vnc_connection_get_width (conn), vnc_connection_get_height (conn), format);
  vnc_connection_framebuffer_update_request (conn, FALSE, 0, 0,
                                             vnc_connection_get_width (conn),
                                             vnc_connection_get_height (conn));
}

static void
on_pointer_mode_changed (VncConnection   *conn,
                         gboolean         absolute,
                         VireoVncDisplay *self)
{
  _vireo_vnc_display_set_absolute (self, absolute);
}

static void
on_cursor_changed (VncConnection   *conn,
                   VncCursor       *cursor,
                   VireoVncDisplay *self)
{
  g_clear_object (&self->remote_cursor);

  if (cursor != NULL && vnc_cursor_get_width (cursor) > 0 && vnc_cursor_get_height (cursor) > 0)
    {
      int width = vnc_cursor_get_width (cursor);
      int height = vnc_cursor_get_height (cursor);
      g_autoptr(GBytes) bytes = g_bytes_new (vnc_cursor_get_data (cursor), (gsize) width * height * 4);
      g_autoptr(GdkTexture) texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8,
                                                              bytes, width * 4);

      self->remote_cursor = gdk_cursor_new_from_texture (texture, vnc_cursor_get_hotx (cursor),
                                                         vnc_cursor_get_hoty (cursor), NULL);
    }

  _vireo_vnc_display_update_cursor (self);
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static guint
value_array_enum (GValueArray *array,
                  guint        i)
{
  return (guint) g_value_get_enum (&array->values[i]);
}

static gboolean
value_array_has (GValueArray *array,
                 guint        value)
{
  for (guint i = 0; i < array->n_values; i++)
    if (value_array_enum (array, i) == value)
      return TRUE;
  return FALSE;
}

/* No reply to "vnc-auth-choose-type" and gvnc waits forever: always pick, or shut down. */
static void
on_auth_choose_type (VncConnection   *conn,
                     GValueArray     *types,
                     VireoVncDisplay *self)
{
  static const guint preferred[] = {
    VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VNC, VNC_CONNECTION_AUTH_VENCRYPT,
    VNC_CONNECTION_AUTH_TLS, VNC_CONNECTION_AUTH_SASL, VNC_CONNECTION_AUTH_ARD,
    VNC_CONNECTION_AUTH_MSLOGONII, VNC_CONNECTION_AUTH_MSLOGON,
  };

  for (guint i = 0; i < G_N_ELEMENTS (preferred); i++)
    if (value_array_has (types, preferred[i]))
      {
        g_debug ("VNC auth type %u", preferred[i]);
        vnc_connection_set_auth_type (conn, preferred[i]);
        return;
      }

  g_free (self->own_error);
  self->own_error = g_strdup (_("The display asks for a sign-in method Vireo does not support."));
  vnc_connection_shutdown (conn);
}

static void
on_auth_choose_subtype (VncConnection   *conn,
                        guint            type,
                        GValueArray     *subtypes,
                        VireoVncDisplay *self)
{
  /* Anonymous TLS needs no files; x509 needs certificates Vireo cannot configure yet. Prefer
   * what needs no prompt, then a password, then a user name and password. */
  static const guint vencrypt[] = {
    VNC_CONNECTION_AUTH_VENCRYPT_TLSNONE, VNC_CONNECTION_AUTH_VENCRYPT_TLSVNC,
    VNC_CONNECTION_AUTH_VENCRYPT_TLSSASL, VNC_CONNECTION_AUTH_VENCRYPT_TLSPLAIN,
    VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VNC, VNC_CONNECTION_AUTH_SASL,
    VNC_CONNECTION_AUTH_VENCRYPT_PLAIN,
  };
  static const guint tls[] = {
    VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VNC, VNC_CONNECTION_AUTH_SASL,
  };
  const guint *preferred = type == VNC_CONNECTION_AUTH_VENCRYPT ? vencrypt : tls;
  guint n = type == VNC_CONNECTION_AUTH_VENCRYPT ? G_N_ELEMENTS (vencrypt) : G_N_ELEMENTS (tls);
  gboolean x509 = FALSE;

  for (guint i = 0; i < n; i++)
    if (value_array_has (subtypes, preferred[i]))
      {
        g_debug ("VNC auth subtype %u", preferred[i]);
        vnc_connection_set_auth_subtype (conn, preferred[i]);
        return;
      }

  for (guint i = 0; i < subtypes->n_values; i++)
    {
      guint subtype = value_array_enum (subtypes, i);

      if (subtype >= VNC_CONNECTION_AUTH_VENCRYPT_X509NONE && subtype <= VNC_CONNECTION_AUTH_VENCRYPT_X509SASL)
        x509 = TRUE;
    }

  g_free (self->own_error);
  self->own_error = g_strdup (x509 ? _("This display needs TLS certificates, which Vireo cannot use yet.")
                                   : _("The display asks for a sign-in method Vireo does not support."));
  vnc_connection_shutdown (conn);
}

static void
on_auth_credential (VncConnection   *conn,
                    GValueArray     *credentials,
                    VireoVncDisplay *self)
{
  VireoVncCredentials wanted = 0;

  for (guint i = 0; i < credentials->n_values; i++)
    switch (value_array_enum (credentials, i))
      {
      case VNC_CONNECTION_CREDENTIAL_PASSWORD:
        wanted |= VIREO_VNC_CREDENTIAL_PASSWORD;
        break;
      case VNC_CONNECTION_CREDENTIAL_USERNAME:
        wanted |= VIREO_VNC_CREDENTIAL_USERNAME;
        break;
      case VNC_CONNECTION_CREDENTIAL_CLIENTNAME:
        wanted |= VIREO_VNC_CREDENTIAL_CLIENTNAME;
        break;
      default:
        break;
      }

  /* What the view gave before connecting (a password from the domain XML) answers at once. */
  if ((wanted & VIREO_VNC_CREDENTIAL_PASSWORD) && self->password != NULL)
    {
      vnc_connection_set_credential (conn, VNC_CONNECTION_CREDENTIAL_PASSWORD, self->password);
      wanted &= ~VIREO_VNC_CREDENTIAL_PASSWORD;
    }
  if ((wanted & VIREO_VNC_CREDENTIAL_USERNAME) && self->username != NULL)
    {
      vnc_connection_set_credential (conn, VNC_CONNECTION_CREDENTIAL_USERNAME, self->username);
      wanted &= ~VIREO_VNC_CREDENTIAL_USERNAME;
    }

  self->wanted = wanted;
  if (wanted != 0)
    {
      /* The user may take their time. */
      g_clear_handle_id (&self->handshake_timeout, g_source_remove);
      g_signal_emit (self, _vireo_vnc_display_signals[AUTH_CREDENTIAL], 0, wanted);
    }
}

G_GNUC_END_IGNORE_DEPRECATIONS

static void
on_auth_failure (VncConnection   *conn,
                 const char      *reason,
                 VireoVncDisplay *self)
{
  if (self->auth_failure == NULL)
    self->auth_failure = g_strdup (reason != NULL && *reason != '\0' ? reason : _("no reason given"));
}

static void
on_error (VncConnection   *conn,
          const char      *message,
          VireoVncDisplay *self)
{
  g_debug ("VNC error: %s", message);
  if (self->gvnc_error == NULL)
    self->gvnc_error = g_strdup (message);
}

static void
on_disconnected (VncConnection   *conn,
                 VireoVncDisplay *self)
{
  session_failed (self);
}

static void
on_desktop_rename (VncConnection   *conn,
                   const char      *name,
                   VireoVncDisplay *self)
{
  _vireo_vnc_display_set_desktop_name (self, name);
}

static void
on_bell (VncConnection   *conn,
         VireoVncDisplay *self)
{
  g_signal_emit (self, _vireo_vnc_display_signals[BELL], 0);
}

static void
on_server_cut_text (VncConnection   *conn,
                    const char      *text,
                    VireoVncDisplay *self)
{
  g_autofree char *utf8 = NULL;

  /* RFB cut text is ISO 8859-1. */
  utf8 = g_convert (text, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (utf8 != NULL)
    g_signal_emit (self, _vireo_vnc_display_signals[SERVER_CUT_TEXT], 0, utf8);
}

/* Opening and closing */

static void
begin_session (VireoVncDisplay *self)
{
  _vireo_vnc_display_drop_connection (self);

  g_clear_pointer (&self->gvnc_error, g_free);
  g_clear_pointer (&self->auth_failure, g_free);
  g_clear_pointer (&self->own_error, g_free);

  self->conn = vnc_connection_new ();
  vnc_connection_set_shared (self->conn, TRUE); /* don't kick virt-manager and friends off */

  g_signal_connect (self->conn, "vnc-connected", G_CALLBACK (on_connected), self);
  g_signal_connect (self->conn, "vnc-initialized", G_CALLBACK (on_initialized), self);
  g_signal_connect (self->conn, "vnc-framebuffer-update", G_CALLBACK (on_framebuffer_update), self);
  g_signal_connect (self->conn, "vnc-desktop-resize", G_CALLBACK (on_desktop_resize), self);
  g_signal_connect (self->conn, "vnc-pixel-format-changed", G_CALLBACK (on_pixel_format_changed), self);
  g_signal_connect (self->conn, "vnc-pointer-mode-changed", G_CALLBACK (on_pointer_mode_changed), self);
  g_signal_connect (self->conn, "vnc-cursor-changed", G_CALLBACK (on_cursor_changed), self);
  g_signal_connect (self->conn, "vnc-auth-choose-type", G_CALLBACK (on_auth_choose_type), self);
  g_signal_connect (self->conn, "vnc-auth-choose-subtype", G_CALLBACK (on_auth_choose_subtype), self);
  g_signal_connect (self->conn, "vnc-auth-credential", G_CALLBACK (on_auth_credential), self);
  g_signal_connect (self->conn, "vnc-auth-failure", G_CALLBACK (on_auth_failure), self);
  g_signal_connect (self->conn, "vnc-error", G_CALLBACK (on_error), self);
  g_signal_connect (self->conn, "vnc-disconnected", G_CALLBACK (on_disconnected), self);
  g_signal_connect (self->conn, "vnc-desktop-rename", G_CALLBACK (on_desktop_rename), self);
  g_signal_connect (self->conn, "vnc-bell", G_CALLBACK (on_bell), self);
  g_signal_connect (self->conn, "vnc-server-cut-text", G_CALLBACK (on_server_cut_text), self);

  _vireo_vnc_display_set_error_message (self, NULL);
  _vireo_vnc_display_set_state (self, VIREO_VNC_STATE_CONNECTING);
  start_handshake_timeout (self);
}

/**
 * vireo_vnc_display_open_fd:
 * @self: a display
 * @fd: a connected socket (TCP, unix, socketpair; not a pipe); ownership passes to the display,
 *   which closes it
 * @hostname: (nullable): the host behind @fd, for TLS
 *
 * Starts a session over @fd (from virDomainOpenGraphicsFD or an ssh tunnel). Any current session
 * is closed first. Progress shows in #VireoVncDisplay:state. Must be called from the main thread.
 *
 * Returns: %FALSE if gvnc refused to start
 */
gboolean
vireo_vnc_display_open_fd (VireoVncDisplay *self,
                           int              fd,
                           const char      *hostname)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);

  begin_session (self);
  if (!vnc_connection_open_fd_with_hostname (self->conn, fd, hostname))
    {
      _vireo_vnc_display_drop_connection (self);
      _vireo_vnc_display_set_state (self, VIREO_VNC_STATE_DISCONNECTED);
      return FALSE;
    }
  return TRUE;
}

/**
 * vireo_vnc_display_open_host:
 * @self: a display
 * @host: host name or address
 * @port: TCP port (5900 + display number)
 *
 * Like vireo_vnc_display_open_fd(), over a TCP connection the display makes itself.
 *
 * Returns: %FALSE if gvnc refused to start
 */
gboolean
vireo_vnc_display_open_host (VireoVncDisplay *self,
                             const char      *host,
                             guint            port)
{
  g_autofree char *service = NULL;

  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (port > 0 && port <= G_MAXUINT16, FALSE);

  service = g_strdup_printf ("%u", port);
  begin_session (self);
  if (!vnc_connection_open_host (self->conn, host, service))
    {
      _vireo_vnc_display_drop_connection (self);
      _vireo_vnc_display_set_state (self, VIREO_VNC_STATE_DISCONNECTED);
      return FALSE;
    }
  return TRUE;
}

/**
 * vireo_vnc_display_close:
 * @self: a display
 *
 * Ends the session (or a pending connection or password prompt). The last frame stays visible,
 * dimmed. Emits #VireoVncDisplay::disconnected when there was a session.
 */
void
vireo_vnc_display_close (VireoVncDisplay *self)
{
  gboolean had_session;

  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));

  had_session = self->conn != NULL;
  /* Whatever the guest believes held is let go before the connection goes. */
  _vireo_vnc_display_release_all_keys (self);
  _vireo_vnc_display_drop_connection (self);
  _vireo_vnc_display_set_error_message (self, NULL);
  _vireo_vnc_display_set_state (self, VIREO_VNC_STATE_DISCONNECTED);
  if (had_session)
    g_signal_emit (self, _vireo_vnc_display_signals[DISCONNECTED], 0);
}

/**
 * vireo_vnc_display_set_credential:
 * @self: a display
 * @credential: one of #VireoVncCredentials
 * @value: (nullable): the password or user name; %NULL forgets it
 *
 * Answers #VireoVncDisplay::auth-credential, or gives a credential before opening (a password
 * from the domain XML) so no prompt is needed. A password the server refused is forgotten.
 * Values are never logged.
 */
void
vireo_vnc_display_set_credential (VireoVncDisplay     *self,
                                  VireoVncCredentials  credential,
                                  const char          *value)
{
  int vnc_type;

  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));

  switch (credential)
    {
    case VIREO_VNC_CREDENTIAL_PASSWORD:
      _vireo_vnc_display_clear_secret (&self->password);
      self->password = g_strdup (value);
      vnc_type = VNC_CONNECTION_CREDENTIAL_PASSWORD;
      break;
    case VIREO_VNC_CREDENTIAL_USERNAME:
      g_free (self->username);
      self->username = g_strdup (value);
      vnc_type = VNC_CONNECTION_CREDENTIAL_USERNAME;
      break;
    case VIREO_VNC_CREDENTIAL_CLIENTNAME:
      vnc_type = VNC_CONNECTION_CREDENTIAL_CLIENTNAME;
      break;
    default:
      g_return_if_reached ();
    }

  if (self->conn != NULL && (self->wanted & credential) && value != NULL)
    {
      vnc_connection_set_credential (self->conn, vnc_type, value);
      self->wanted &= ~credential;
      if (self->wanted == 0 && !self->initialized)
        start_handshake_timeout (self);
    }
}

