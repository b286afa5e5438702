/* vireo-vnc-display.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libgvnc runs the RFB protocol in a coroutine on the main thread and emits its signals from idle
 * callbacks, so everything here is main-thread code; nothing blocks, and every wait (password,
 * handshake) is a state the view can show and cancel with vireo_vnc_display_close().
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <linux/input-event-codes.h>

#include <gvnc.h>

#include "vireo-keymap-detect.h"
#include "vireo-grab-x11.h"
#include "vireo-vnc-display.h"
#include "vireo-vnc-framebuffer.h"
#include "vireo-vnc-input.h"

/* gvnc waits as long as the server does; a server that accepts and then says nothing should not
 * leave the view spinning forever. Paused while the user is asked for a password. */
#define DEFAULT_HANDSHAKE_TIMEOUT_S 30
/* "Resize guest to window" waits for the window to stop changing. */
#define RESIZE_GUEST_DELAY_MS 300
/* Text typed as keystrokes: one character per interval. Measured: a 36-character burst reached a
 * QEMU 7.2 TCG guest intact; pasted pages are paced anyway, so a slow guest's keyboard buffer
 * (a PC keyboard controller holds a few bytes) or another server never sees a flood. */
#define TYPING_INTERVAL_MS 10

typedef struct
{
  guint    keyval;
  guint    qnum;
  gboolean shift;
  gboolean altgr;
} Stroke;

struct _VireoVncDisplay
{
  GtkWidget                 parent_instance;

  /* Owned */
  VncConnection            *conn;
  VireoVncFramebuffer      *fb;
  VireoVncRenderer         *renderer;
  VireoVncKeyTracker       *keys;
  GdkCursor                *remote_cursor;
  GtkApplication           *parked_app;
  GHashTable               *parked_accels; /* action name → GStrv */
  GQueue                    typing;        /* Stroke */
  char                     *error_message;
  char                     *desktop_name;
  char                     *gvnc_error;    /* the session's first "vnc-error" */
  char                     *auth_failure;  /* the server's reason for refusing the credentials */
  char                     *own_error;     /* our diagnosis (no usable auth type, timeout) */
  char                     *password;
  char                     *username;
  guint                     update_idle;
  guint                     resize_timeout;
  guint                     handshake_timeout;
  guint                     handshake_timeout_s;
  gulong                    x11_keyboard_grab;  guint                     typing_timeout;

  /* Borrowed */
  GdkSurface               *toplevel;
  GtkEventController       *capture;      /* on the root while the pointer is captured */
  gulong                    inhibit_handler;

  VireoVncState             state;
  VireoVncScaling           scaling;
  VireoVncEncodingsProfile  encodings;
  VireoKeymapKind           keymap;
  VireoVncCredentials       wanted;
  VireoVncGrabSequence      grab_seq;
  VireoVncScroll            scroll;
  VireoVncRelative          rel;
  double                    last_x;
  double                    last_y;
  guint8                    button_mask;

  guint                     socket_connected : 1;
  guint                     initialized : 1;
  guint                     resize_guest : 1;
  guint                     read_only : 1;
  guint                     absolute : 1;
  guint                     keyboard_grabbed : 1;
  guint                     inhibit_requested : 1;
  guint                     pointer_grabbed : 1;
  guint                     have_last : 1;
};

G_DEFINE_FINAL_TYPE (VireoVncDisplay, vireo_vnc_display, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_SCALING,
  PROP_RESIZE_GUEST,
  PROP_READ_ONLY,
  PROP_ENCODINGS_PROFILE,
  PROP_ABSOLUTE_POINTER,
  PROP_KEYBOARD_GRABBED,
  PROP_POINTER_GRABBED,
  PROP_DESKTOP_WIDTH,
  PROP_DESKTOP_HEIGHT,
  PROP_DESKTOP_NAME,
  PROP_RENDER_STRATEGY,
  PROP_HANDSHAKE_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  AUTH_CREDENTIAL,
  AUTH_FAILURE,
  DISCONNECTED,
  BELL,
  SERVER_CUT_TEXT,
  GRAB_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void release_grabs    (VireoVncDisplay *self);
static void release_all_keys (VireoVncDisplay *self);
static void park_accels      (VireoVncDisplay *self);
static gboolean on_legacy_event (GtkEventControllerLegacy *controller,
                                 GdkEvent                 *event,
                                 VireoVncDisplay          *self);

static gboolean
vireo_set_str (char       **slot,
               const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

/* State */

static void
update_cursor (VireoVncDisplay *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->pointer_grabbed)
    gtk_widget_set_cursor_from_name (widget, "none");
  else if (self->read_only || self->state != VIREO_VNC_STATE_CONNECTED || !self->absolute)
    gtk_widget_set_cursor (widget, NULL);
  else if (self->remote_cursor != NULL)
    gtk_widget_set_cursor (widget, self->remote_cursor);
  else
    /* The guest paints its own pointer into the framebuffer (-vga std, fbdev): two pointers
     * would show. */
    gtk_widget_set_cursor_from_name (widget, "none");
}

static void
update_accessible_label (VireoVncDisplay *self)
{
  const char *label = self->desktop_name != NULL && *self->desktop_name != '\0'
                      ? self->desktop_name : _("VM display");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
set_state (VireoVncDisplay *self,
           VireoVncState    state)
{
  if (self->state == state)
    return;

  self->state = state;
  /* Accelerators are parked only while keys actually go to a guest. */
  if (state == VIREO_VNC_STATE_CONNECTED && gtk_widget_has_focus (GTK_WIDGET (self)))
    park_accels (self);
  update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_error_message (VireoVncDisplay *self,
                   const char      *message)
{
  if (vireo_set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_desktop_name (VireoVncDisplay *self,
                  const char      *name)
{
  if (vireo_set_str (&self->desktop_name, name))
    {
      update_accessible_label (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESKTOP_NAME]);
    }
}

static void
set_absolute (VireoVncDisplay *self,
              gboolean         absolute)
{
  absolute = !!absolute;
  if (self->absolute == (guint) absolute)
    return;

  self->absolute = absolute;
  self->have_last = FALSE;
  vireo_vnc_relative_reset (&self->rel);
  /* A guest that switched to a tablet needs no captured pointer. */
  if (absolute && self->pointer_grabbed)
    {
      vireo_ungrab_x11_pointer (GTK_WIDGET (self));
      if (self->capture != NULL)
        gtk_widget_remove_controller (gtk_event_controller_get_widget (self->capture), self->capture);
      self->capture = NULL;
      self->pointer_grabbed = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_GRABBED]);
      g_signal_emit (self, signals[GRAB_CHANGED], 0);
    }
  update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ABSOLUTE_POINTER]);
}

static gboolean
accepts_input (VireoVncDisplay *self)
{
  return self->conn != NULL && self->initialized && !self->read_only;
}

static VireoKeymapKind
keymap_kind (VireoVncDisplay *self)
{
  return self->keymap;
}

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
static void
drop_connection (VireoVncDisplay *self)
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
  release_grabs (self);
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

  drop_connection (self);
  if (auth_failure != NULL)
    clear_secret (&self->password);

  set_error_message (self, message);
  set_state (self, VIREO_VNC_STATE_ERROR);
  g_signal_emit (self, signals[DISCONNECTED], 0);
  /* Last, so a handler may open again right away (to ask for another password). */
  if (auth_failure != NULL)
    g_signal_emit (self, signals[AUTH_FAILURE], 0, message);
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
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESKTOP_WIDTH]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESKTOP_HEIGHT]);
        }
    }

  vnc_connection_set_framebuffer (self->conn, vireo_vnc_framebuffer_get_vnc (self->fb));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
send_encodings (VireoVncDisplay *self)
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
  if (keymap_kind (self) != VIREO_KEYMAP_NONE)
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

static void
queue_resize_guest (VireoVncDisplay *self)
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
  send_encodings (self);
  if (self->fb != NULL)
    vnc_connection_framebuffer_update_request (conn, FALSE, 0, 0,
                                               vireo_vnc_framebuffer_get_width (self->fb),
                                               vireo_vnc_framebuffer_get_height (self->fb));

  set_desktop_name (self, vnc_connection_get_name (conn));
  set_absolute (self, vnc_connection_get_abs_pointer (conn));
  set_error_message (self, NULL);
  set_state (self, VIREO_VNC_STATE_CONNECTED);
  queue_resize_guest (self);
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
  set_absolute (self, absolute);
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

  update_cursor (self);
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
      g_signal_emit (self, signals[AUTH_CREDENTIAL], 0, wanted);
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
  set_desktop_name (self, name);
}

static void
on_bell (VncConnection   *conn,
         VireoVncDisplay *self)
{
  g_signal_emit (self, signals[BELL], 0);
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
    g_signal_emit (self, signals[SERVER_CUT_TEXT], 0, utf8);
}

/* Opening and closing */

static void
begin_session (VireoVncDisplay *self)
{
  drop_connection (self);

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

  set_error_message (self, NULL);
  set_state (self, VIREO_VNC_STATE_CONNECTING);
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
      drop_connection (self);
      set_state (self, VIREO_VNC_STATE_DISCONNECTED);
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
      drop_connection (self);
      set_state (self, VIREO_VNC_STATE_DISCONNECTED);
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
  release_all_keys (self);
  drop_connection (self);
  set_error_message (self, NULL);
  set_state (self, VIREO_VNC_STATE_DISCONNECTED);
  if (had_session)
    g_signal_emit (self, signals[DISCONNECTED], 0);
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
      clear_secret (&self->password);
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

/* Keyboard */

static void
send_key (VireoVncDisplay *self,
          gboolean         down,
          guint            keyval,
          guint            qnum)
{
  if (self->conn == NULL || !self->initialized)
    return;

  /* With QEMU's extended key events the scancode is what counts; 0 would be "no key". */
  if (qnum == 0 && vnc_connection_get_ext_key_event (self->conn))
    {
      g_debug ("No scancode for keysym 0x%x, not sent", keyval);
      return;
    }

  vnc_connection_key_event (self->conn, down, keyval, qnum);
}

static guint
normalize_keyval (guint keyval)
{
  /* Shift+Tab: the server adds Shift itself. */
  if (keyval == GDK_KEY_ISO_Left_Tab)
    return GDK_KEY_Tab;
  return keyval;
}

static void
release_all_keys (VireoVncDisplay *self)
{
  g_autoptr(GArray) held = vireo_vnc_key_tracker_take_all (self->keys);

  for (guint i = 0; i < held->len; i++)
    {
      VireoVncHeldKey *key = &g_array_index (held, VireoVncHeldKey, i);

      send_key (self, FALSE, key->keyval, key->qnum);
    }
  vireo_vnc_grab_sequence_reset (&self->grab_seq);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VireoVncDisplay       *self)
{
  VireoVncHeldKey key, previous;

  if (!accepts_input (self))
    return GDK_EVENT_PROPAGATE;

  key.keycode = keycode;
  key.keyval = normalize_keyval (keyval);
  key.qnum = vireo_keymap_to_qnum (keymap_kind (self), keycode);

  vireo_vnc_grab_sequence_press (&self->grab_seq, key.keyval);

  /* Auto-repeat arrives as presses without releases: release first so the guest sees each. */
  if (vireo_vnc_key_tracker_press (self->keys, &key, &previous))
    send_key (self, FALSE, previous.keyval, previous.qnum);
  send_key (self, TRUE, key.keyval, key.qnum);

  /* Also keeps Tab, F10 and mnemonics (bubble phase) from the window. */
  return GDK_EVENT_STOP;
}

static void
on_key_released (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 VireoVncDisplay       *self)
{
  VireoVncHeldKey held;
  gboolean triggered;

  triggered = vireo_vnc_grab_sequence_release (&self->grab_seq, normalize_keyval (keyval));

  /* The keyval remembered at press time: a layout or modifier change may report another now. */
  if (vireo_vnc_key_tracker_release (self->keys, keycode, &held))
    send_key (self, FALSE, held.keyval, held.qnum);

  if (triggered)
    release_grabs (self);
}

/**
 * vireo_vnc_display_send_keys:
 * @self: a display
 * @keys: (array length=n_keys): keys as Linux key codes and keysyms
 * @n_keys: how many
 *
 * Presses @keys in order and releases them in reverse, independent of the local layout.
 */
void
vireo_vnc_display_send_keys (VireoVncDisplay     *self,
                             const VireoComboKey *keys,
                             guint                n_keys)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  g_return_if_fail (keys != NULL || n_keys == 0);

  if (self->read_only)
    return;

  for (guint i = 0; i < n_keys; i++)
    send_key (self, TRUE, keys[i].keysym, vireo_keymap_linux_to_qnum (keys[i].linux_code));
  for (guint i = n_keys; i > 0; i--)
    send_key (self, FALSE, keys[i - 1].keysym, vireo_keymap_linux_to_qnum (keys[i - 1].linux_code));
}

/**
 * vireo_vnc_display_send_combo:
 * @self: a display
 * @combo: the send-keys menu entry
 */
void
vireo_vnc_display_send_combo (VireoVncDisplay *self,
                              VireoKeyCombo    combo)
{
  const VireoComboKey *keys;
  guint n_keys = 0;

  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  g_return_if_fail (combo < VIREO_N_KEY_COMBOS);

  keys = vireo_key_combo_get_keys (combo, &n_keys);
  vireo_vnc_display_send_keys (self, keys, n_keys);
}

static void
send_stroke (VireoVncDisplay *self,
             const Stroke    *stroke)
{
  guint shift_qnum = vireo_keymap_linux_to_qnum (KEY_LEFTSHIFT);
  guint altgr_qnum = vireo_keymap_linux_to_qnum (KEY_RIGHTALT);

  if (stroke->altgr)
    send_key (self, TRUE, GDK_KEY_ISO_Level3_Shift, altgr_qnum);
  if (stroke->shift)
    send_key (self, TRUE, GDK_KEY_Shift_L, shift_qnum);
  send_key (self, TRUE, stroke->keyval, stroke->qnum);
  send_key (self, FALSE, stroke->keyval, stroke->qnum);
  if (stroke->shift)
    send_key (self, FALSE, GDK_KEY_Shift_L, shift_qnum);
  if (stroke->altgr)
    send_key (self, FALSE, GDK_KEY_ISO_Level3_Shift, altgr_qnum);
}

static gboolean
typing_cb (gpointer data)
{
  VireoVncDisplay *self = data;
  g_autofree Stroke *stroke = g_queue_pop_head (&self->typing);

  if (stroke != NULL)
    send_stroke (self, stroke);

  if (g_queue_is_empty (&self->typing))
    {
      self->typing_timeout = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static guint
keyval_for_char (gunichar c)
{
  switch (c)
    {
    case '\n':
      return GDK_KEY_Return;
    case '\t':
      return GDK_KEY_Tab;
    case '\b':
      return GDK_KEY_BackSpace;
    case 0x1b:
      return GDK_KEY_Escape;
    default:
      return gdk_unicode_to_keyval (c);
    }
}

/* The key of the local layout that gives @keyval: one we have a scancode for (the keypad's
 * parentheses give '(' on level 0 in XKB's evdev map, but have no PC scancode), in the first
 * group, at the lowest level (plain, then Shift, then AltGr). */
static gboolean
find_key (GdkDisplay      *display,
          VireoKeymapKind  kind,
          guint            keyval,
          guint           *qnum,
          int             *level)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0, best = -1;
  guint best_qnum = 0;

  if (!gdk_display_map_keyval (display, keyval, &keys, &n_keys))
    return FALSE;

  for (int i = 0; i < n_keys; i++)
    {
      guint q = vireo_keymap_to_qnum (kind, keys[i].keycode);

      if (keys[i].level > 3 || (q == 0 && kind != VIREO_KEYMAP_NONE))
        continue;
      if (best < 0 ||
          (keys[i].group < keys[best].group) ||
          (keys[i].group == keys[best].group && keys[i].level < keys[best].level))
        {
          best = i;
          best_qnum = q;
        }
    }
  if (best < 0)
    return FALSE;

  *qnum = best_qnum;
  *level = keys[best].level;
  return TRUE;
}

/**
 * vireo_vnc_display_type_text:
 * @self: a display
 * @text: UTF-8 text ("paste as keystrokes"); newlines become Return
 *
 * Types @text into the guest as key presses through the local layout's keys (assumed to match
 * the guest's), one character per 10 ms. Characters with no key are typed as keysyms where the
 * server takes keysyms, and skipped where it takes scancodes only.
 *
 * Returns: %TRUE when every character has a key in the local layout
 */
gboolean
vireo_vnc_display_type_text (VireoVncDisplay *self,
                             const char      *text)
{
  GdkDisplay *display;
  gboolean all = TRUE;

  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), FALSE);

  if (self->read_only || self->conn == NULL)
    return FALSE;

  display = gtk_widget_get_display (GTK_WIDGET (self));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      Stroke *stroke;
      guint qnum = 0;
      int level = 0;

      if (c == '\r')
        continue;

      stroke = g_new0 (Stroke, 1);
      stroke->keyval = keyval_for_char (c);
      if (find_key (display, keymap_kind (self), stroke->keyval, &qnum, &level))
        {
          stroke->qnum = qnum;
          stroke->shift = (level & 1) != 0;
          stroke->altgr = level >= 2;
        }
      else
        all = FALSE;

      g_queue_push_tail (&self->typing, stroke);
    }

  if (self->typing_timeout == 0 && !g_queue_is_empty (&self->typing))
    self->typing_timeout = g_timeout_add (TYPING_INTERVAL_MS, typing_cb, self);

  return all;
}

/**
 * vireo_vnc_display_is_typing:
 *
 * Returns: whether text from vireo_vnc_display_type_text() is still being typed
 */
gboolean
vireo_vnc_display_is_typing (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  return !g_queue_is_empty (&self->typing);
}

/**
 * vireo_vnc_display_client_cut_text:
 * @self: a display
 * @text: UTF-8 text for the guest's clipboard
 *
 * RFB carries ISO 8859-1: other characters become '?'.
 */
void
vireo_vnc_display_client_cut_text (VireoVncDisplay *self,
                                   const char      *text)
{
  g_autofree char *latin1 = NULL;
  gsize len = 0;

  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  g_return_if_fail (text != NULL);

  if (self->conn == NULL || !self->initialized || self->read_only)
    return;

  latin1 = g_convert_with_fallback (text, -1, "ISO-8859-1", "UTF-8", "?", NULL, &len, NULL);
  if (latin1 != NULL)
    vnc_connection_client_cut_text (self->conn, latin1, len);
}

/* Grabs: system shortcuts, application accelerators, the pointer */

static void
park_accels (VireoVncDisplay *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app;
  g_auto(GStrv) actions = NULL;

  if (self->parked_app != NULL || !GTK_IS_WINDOW (root) || !accepts_input (self))
    return;
  app = gtk_window_get_application (GTK_WINDOW (root));
  if (app == NULL)
    return;

  /* Application accelerators are handled in the capture phase, before the display sees the key:
   * Ctrl+Q would quit instead of reaching the guest. */
  self->parked_app = g_object_ref (app);
  self->parked_accels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  actions = gtk_application_list_action_descriptions (app);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);
      const char *none[] = { NULL };

      if (accels == NULL || accels[0] == NULL)
        continue;
      gtk_application_set_accels_for_action (app, actions[i], none);
      g_hash_table_insert (self->parked_accels, g_strdup (actions[i]), g_steal_pointer (&accels));
    }
}

static void
restore_accels (VireoVncDisplay *self)
{
  GHashTableIter iter;
  gpointer action, accels;

  if (self->parked_app == NULL)
    return;

  g_hash_table_iter_init (&iter, self->parked_accels);
  while (g_hash_table_iter_next (&iter, &action, &accels))
    gtk_application_set_accels_for_action (self->parked_app, action, (const char * const *) accels);

  g_clear_pointer (&self->parked_accels, g_hash_table_unref);
  g_clear_object (&self->parked_app);
}

static void
update_keyboard_grabbed (VireoVncDisplay *self)
{
  gboolean inhibited = FALSE;
  gboolean grabbed;

  /* GDK 4.8 has no getter for it. */
  if (self->toplevel != NULL)
    g_object_get (self->toplevel, "shortcuts-inhibited", &inhibited, NULL);
  grabbed = self->inhibit_requested && (inhibited || self->x11_keyboard_grab != 0);

  if (self->keyboard_grabbed == (guint) grabbed)
    return;

  self->keyboard_grabbed = grabbed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYBOARD_GRABBED]);
  g_signal_emit (self, signals[GRAB_CHANGED], 0);
}

static void
on_shortcuts_inhibited_changed (GdkSurface      *toplevel,
                                GParamSpec      *pspec,
                                VireoVncDisplay *self)
{
  update_keyboard_grabbed (self);
}

/* Another X window took the focus while we held the keyboard (GDK does not tell, see
 * vireo-grab-x11.h): the same as focus leaving. */
static void
on_x11_focus_lost (GtkWidget *widget,
                   gpointer   user_data)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);

  g_debug ("Another window took the focus");
  release_all_keys (self);
  release_grabs (self);
}

static void
grab_keyboard (VireoVncDisplay *self,
               GdkEvent        *event)
{
  park_accels (self);

  if (self->inhibit_requested || self->toplevel == NULL)
    return;

  /* Desktop shortcuts (Super, Alt+Tab) go to the guest until Ctrl+Alt or focus leaves. Wayland:
   * the compositor's shortcuts inhibitor (it may ask the user first, hence the notify). X11: GDK
   * 4.8 does nothing there, so we grab the keyboard ourselves. */
  self->inhibit_requested = TRUE;
  gdk_toplevel_inhibit_system_shortcuts (GDK_TOPLEVEL (self->toplevel), event);
  self->x11_keyboard_grab = vireo_grab_x11_keyboard (GTK_WIDGET (self), G_CALLBACK (on_x11_focus_lost), NULL);
  update_keyboard_grabbed (self);
}

static void
center_of (VireoVncDisplay *self,
           double          *x,
           double          *y)
{
  *x = floor (gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
  *y = floor (gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

static void
grab_pointer (VireoVncDisplay *self)
{
  double cx, cy;

  if (self->pointer_grabbed)
    return;

  center_of (self, &cx, &cy);
  if (!vireo_grab_x11_pointer (GTK_WIDGET (self), cx, cy))
    return;

  self->pointer_grabbed = TRUE;
  vireo_vnc_relative_reset (&self->rel);

  /* A fast move can leave the display before the warp brings the pointer back, and GTK would
   * give that motion to whatever widget is under it: take every pointer event of the window
   * first while captured. */
  self->capture = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (self->capture, GTK_PHASE_CAPTURE);
  g_signal_connect (self->capture, "event", G_CALLBACK (on_legacy_event), self);
  gtk_widget_add_controller (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self))), self->capture);

  update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_GRABBED]);
  g_signal_emit (self, signals[GRAB_CHANGED], 0);
}

static void
release_grabs (VireoVncDisplay *self)
{
  gboolean pointer = self->pointer_grabbed;

  restore_accels (self);

  if (self->inhibit_requested)
    {
      self->inhibit_requested = FALSE;
      if (self->toplevel != NULL)
        gdk_toplevel_restore_system_shortcuts (GDK_TOPLEVEL (self->toplevel));
      if (self->x11_keyboard_grab != 0)
        vireo_ungrab_x11_keyboard (GTK_WIDGET (self), self->x11_keyboard_grab);
      self->x11_keyboard_grab = 0;
    }
  update_keyboard_grabbed (self);

  if (pointer)
    {
      vireo_ungrab_x11_pointer (GTK_WIDGET (self));
      if (self->capture != NULL)
        gtk_widget_remove_controller (gtk_event_controller_get_widget (self->capture), self->capture);
      self->capture = NULL;
      self->pointer_grabbed = FALSE;
      self->have_last = FALSE;
      update_cursor (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINTER_GRABBED]);
      g_signal_emit (self, signals[GRAB_CHANGED], 0);
    }
}

/**
 * vireo_vnc_display_release_grabs:
 * @self: a display
 *
 * What Ctrl+Alt does: desktop shortcuts, application accelerators and the pointer go back to
 * the desktop. Keys still reach the guest while the display has focus.
 */
void
vireo_vnc_display_release_grabs (VireoVncDisplay *self)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));
  release_grabs (self);
}

static void
on_focus_enter (GtkEventControllerFocus *controller,
                VireoVncDisplay         *self)
{
  park_accels (self);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                VireoVncDisplay         *self)
{
  g_debug ("Focus left the display");
  /* Alt+Tab away and Alt would stay down in the guest. */
  release_all_keys (self);
  release_grabs (self);
}

/* Pointer */

static gboolean
current_placement (VireoVncDisplay   *self,
                   VireoVncPlacement *placement)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (self->fb == NULL)
    return FALSE;

  return vireo_vnc_placement_compute (self->scaling,
                                      gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                                      vireo_vnc_framebuffer_get_width (self->fb),
                                      vireo_vnc_framebuffer_get_height (self->fb),
                                      gtk_widget_get_scale_factor (widget), placement);
}

/* Legacy controllers see surface coordinates. */
static gboolean
event_position (VireoVncDisplay *self,
                GdkEvent        *event,
                double          *x,
                double          *y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  double sx, sy, nx, ny;

  if (native == NULL || !gdk_event_get_position (event, &sx, &sy))
    return FALSE;

  gtk_native_get_surface_transform (native, &nx, &ny);
  return gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self),
                                           sx - nx, sy - ny, x, y);
}

static void
send_relative (VireoVncDisplay *self,
               int              dx,
               int              dy)
{
  /* QEMU reads relative motion as offsets from 0x7fff (gvnc's pointer-change convention). */
  vnc_connection_pointer_event (self->conn, self->button_mask, 0x7fff + dx, 0x7fff + dy);
}

static void
send_pointer (VireoVncDisplay *self,
              double           x,
              double           y,
              gboolean         motion)
{
  VireoVncPlacement placement;
  int gx, gy;

  if (!current_placement (self, &placement))
    return;

  if (self->absolute)
    {
      gboolean inside = vireo_vnc_placement_to_guest (&placement,
                                                      vireo_vnc_framebuffer_get_width (self->fb),
                                                      vireo_vnc_framebuffer_get_height (self->fb),
                                                      x, y, &gx, &gy);

      /* Moving over the letterbox bars sends nothing; a drag keeps going, clamped. */
      if (!inside && motion && self->button_mask == 0)
        return;
      vnc_connection_pointer_event (self->conn, self->button_mask, gx, gy);
      return;
    }

  if (!motion)
    {
      send_relative (self, 0, 0);
      return;
    }

  if (self->pointer_grabbed)
    {
      double cx, cy;

      center_of (self, &cx, &cy);
      if (x == cx && y == cy)
        return; /* our own warp */
      if (vireo_vnc_relative_motion (&self->rel, x - cx, y - cy, placement.scale, &gx, &gy))
        send_relative (self, gx, gy);
      vireo_warp_x11_pointer (GTK_WIDGET (self), cx, cy);
      return;
    }

  /* Not captured (Wayland, or before the click): follow the local pointer's moves. */
  if (self->have_last &&
      vireo_vnc_relative_motion (&self->rel, x - self->last_x, y - self->last_y, placement.scale, &gx, &gy))
    send_relative (self, gx, gy);
  self->last_x = x;
  self->last_y = y;
  self->have_last = TRUE;
}

static void
send_scroll_click (VireoVncDisplay         *self,
                   VireoVncScrollDirection  direction,
                   double                   x,
                   double                   y)
{
  guint8 held = self->button_mask;

  self->button_mask = held | vireo_vnc_scroll_bit (direction);
  send_pointer (self, x, y, FALSE);
  self->button_mask = held;
  send_pointer (self, x, y, FALSE);
}

static void
handle_scroll (VireoVncDisplay *self,
               GdkEvent        *event,
               double           x,
               double           y)
{
  GdkScrollDirection direction = gdk_scroll_event_get_direction (event);
  double dx = 0, dy = 0;
  int steps_x, steps_y;

  switch (direction)
    {
    case GDK_SCROLL_UP:
      send_scroll_click (self, VIREO_VNC_SCROLL_UP, x, y);
      break;
    case GDK_SCROLL_DOWN:
      send_scroll_click (self, VIREO_VNC_SCROLL_DOWN, x, y);
      break;
    case GDK_SCROLL_LEFT:
      send_scroll_click (self, VIREO_VNC_SCROLL_LEFT, x, y);
      break;
    case GDK_SCROLL_RIGHT:
      send_scroll_click (self, VIREO_VNC_SCROLL_RIGHT, x, y);
      break;
    case GDK_SCROLL_SMOOTH:
      gdk_scroll_event_get_deltas (event, &dx, &dy);
      vireo_vnc_scroll_accumulate (&self->scroll, dx, dy, &steps_x, &steps_y);
      for (int i = 0; i < ABS (steps_y); i++)
        send_scroll_click (self, steps_y < 0 ? VIREO_VNC_SCROLL_UP : VIREO_VNC_SCROLL_DOWN, x, y);
      for (int i = 0; i < ABS (steps_x); i++)
        send_scroll_click (self, steps_x < 0 ? VIREO_VNC_SCROLL_LEFT : VIREO_VNC_SCROLL_RIGHT, x, y);
      break;
    default:
      break;
    }
}

static gboolean
on_legacy_event (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 VireoVncDisplay          *self)
{
  GdkEventType type = gdk_event_get_event_type (event);
  double x, y;
  guint8 bit;

  if (type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE &&
      type != GDK_MOTION_NOTIFY && type != GDK_SCROLL)
    return GDK_EVENT_PROPAGATE;
  if (!accepts_input (self) || !event_position (self, event, &x, &y))
    return GDK_EVENT_PROPAGATE;

  switch ((int) type)
    {
    case GDK_BUTTON_PRESS:
      gtk_widget_grab_focus (GTK_WIDGET (self));
      grab_keyboard (self, event);
      if (!self->absolute && !self->pointer_grabbed)
        {
          grab_pointer (self);
          if (self->pointer_grabbed)
            return GDK_EVENT_STOP; /* the capturing click is not a click in the guest */
        }
      bit = vireo_vnc_button_bit (gdk_button_event_get_button (event));
      if (bit == 0)
        return GDK_EVENT_STOP;
      self->button_mask |= bit;
      send_pointer (self, x, y, FALSE);
      break;

    case GDK_BUTTON_RELEASE:
      bit = vireo_vnc_button_bit (gdk_button_event_get_button (event));
      if (bit == 0 || (self->button_mask & bit) == 0)
        return GDK_EVENT_STOP;
      self->button_mask &= ~bit;
      send_pointer (self, x, y, FALSE);
      break;

    case GDK_MOTION_NOTIFY:
      send_pointer (self, x, y, TRUE);
      break;

    case GDK_SCROLL:
      handle_scroll (self, event, x, y);
      break;

    default:
      break;
    }

  return GDK_EVENT_STOP;
}

/* GtkWidget */

static void
vireo_vnc_display_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);
  int width = 0, height = 0, size;

  if (self->fb != NULL)
    vireo_vnc_natural_size (vireo_vnc_framebuffer_get_width (self->fb),
                            vireo_vnc_framebuffer_get_height (self->fb),
                            gtk_widget_get_scale_factor (widget), &width, &height);
  size = orientation == GTK_ORIENTATION_HORIZONTAL ? width : height;

  /* 1:1 asks for the whole guest screen, so a scrolled window around the display scrolls. */
  *minimum = self->scaling == VIREO_VNC_SCALING_ONE_TO_ONE ? size : 0;
  *natural = size;
}

static void
vireo_vnc_display_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  queue_resize_guest (VIREO_VNC_DISPLAY (widget));
}

static void
vireo_vnc_display_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);
  VireoVncPlacement placement;
  gboolean dim;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                  gtk_widget_get_height (widget)));

  if (!current_placement (self, &placement))
    return;

  /* The last frame stays while reconnecting or after an error, dimmed. */
  dim = self->state != VIREO_VNC_STATE_CONNECTED;
  if (dim)
    gtk_snapshot_push_opacity (snapshot, 0.5);
  vireo_vnc_renderer_snapshot (self->renderer, self->fb, snapshot, &placement,
                               gtk_widget_get_scale_factor (widget));
  if (dim)
    gtk_snapshot_pop (snapshot);
}

static void
vireo_vnc_display_realize (GtkWidget *widget)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);
  GdkSurface *surface;

  GTK_WIDGET_CLASS (vireo_vnc_display_parent_class)->realize (widget);

  self->keymap = vireo_keymap_kind_for_display (gtk_widget_get_display (widget));
  vireo_vnc_renderer_realize (self->renderer, widget);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDER_STRATEGY]);

  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  if (GDK_IS_TOPLEVEL (surface))
    {
      self->toplevel = surface;
      self->inhibit_handler = g_signal_connect (surface, "notify::shortcuts-inhibited",
                                                G_CALLBACK (on_shortcuts_inhibited_changed), self);
    }

  /* A new keymap may change whether scancodes are offered. */
  send_encodings (self);
}

/* Hidden (another tab, a minimized window): nothing stays captured. */
static void
vireo_vnc_display_unmap (GtkWidget *widget)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);

  release_all_keys (self);
  release_grabs (self);

  GTK_WIDGET_CLASS (vireo_vnc_display_parent_class)->unmap (widget);
}

static void
vireo_vnc_display_unrealize (GtkWidget *widget)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);

  release_all_keys (self);
  release_grabs (self);
  if (self->toplevel != NULL)
    {
      g_clear_signal_handler (&self->inhibit_handler, self->toplevel);
      self->toplevel = NULL;
    }
  vireo_vnc_renderer_unrealize (self->renderer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENDER_STRATEGY]);

  GTK_WIDGET_CLASS (vireo_vnc_display_parent_class)->unrealize (widget);
}

/* GObject */

static void
vireo_vnc_display_dispose (GObject *object)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (object);

  drop_connection (self);
  g_clear_object (&self->fb);
  g_clear_object (&self->remote_cursor);

  G_OBJECT_CLASS (vireo_vnc_display_parent_class)->dispose (object);
}

static void
vireo_vnc_display_finalize (GObject *object)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (object);

  g_clear_pointer (&self->renderer, vireo_vnc_renderer_free);
  g_clear_pointer (&self->keys, vireo_vnc_key_tracker_free);
  g_free (self->error_message);
  g_free (self->desktop_name);
  g_free (self->gvnc_error);
  g_free (self->auth_failure);
  g_free (self->own_error);
  clear_secret (&self->password);
  g_free (self->username);

  G_OBJECT_CLASS (vireo_vnc_display_parent_class)->finalize (object);
}

static void
vireo_vnc_display_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_SCALING:
      g_value_set_enum (value, self->scaling);
      break;
    case PROP_RESIZE_GUEST:
      g_value_set_boolean (value, self->resize_guest);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_ENCODINGS_PROFILE:
      g_value_set_enum (value, self->encodings);
      break;
    case PROP_ABSOLUTE_POINTER:
      g_value_set_boolean (value, self->absolute);
      break;
    case PROP_KEYBOARD_GRABBED:
      g_value_set_boolean (value, self->keyboard_grabbed);
      break;
    case PROP_POINTER_GRABBED:
      g_value_set_boolean (value, self->pointer_grabbed);
      break;
    case PROP_DESKTOP_WIDTH:
      g_value_set_int (value, vireo_vnc_display_get_desktop_width (self));
      break;
    case PROP_DESKTOP_HEIGHT:
      g_value_set_int (value, vireo_vnc_display_get_desktop_height (self));
      break;
    case PROP_DESKTOP_NAME:
      g_value_set_string (value, self->desktop_name);
      break;
    case PROP_RENDER_STRATEGY:
      g_value_set_enum (value, vireo_vnc_renderer_get_strategy (self->renderer));
      break;
    case PROP_HANDSHAKE_TIMEOUT:
      g_value_set_uint (value, self->handshake_timeout_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_vnc_display_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (object);

  switch (prop_id)
    {
    case PROP_SCALING:
      vireo_vnc_display_set_scaling (self, g_value_get_enum (value));
      break;
    case PROP_RESIZE_GUEST:
      vireo_vnc_display_set_resize_guest (self, g_value_get_boolean (value));
      break;
    case PROP_READ_ONLY:
      vireo_vnc_display_set_read_only (self, g_value_get_boolean (value));
      break;
    case PROP_ENCODINGS_PROFILE:
      vireo_vnc_display_set_encodings_profile (self, g_value_get_enum (value));
      break;
    case PROP_HANDSHAKE_TIMEOUT:
      if (self->handshake_timeout_s != g_value_get_uint (value))
        {
          /* Applies from the next open (or credential answer) on. */
          self->handshake_timeout_s = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_vnc_display_class_init (VireoVncDisplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = vireo_vnc_display_dispose;
  object_class->finalize = vireo_vnc_display_finalize;
  object_class->get_property = vireo_vnc_display_get_property;
  object_class->set_property = vireo_vnc_display_set_property;

  widget_class->measure = vireo_vnc_display_measure;
  widget_class->size_allocate = vireo_vnc_display_size_allocate;
  widget_class->snapshot = vireo_vnc_display_snapshot;
  widget_class->realize = vireo_vnc_display_realize;
  widget_class->unrealize = vireo_vnc_display_unrealize;
  widget_class->unmap = vireo_vnc_display_unmap;

  /**
   * VireoVncDisplay:state:
   *
   * Where the session is. ERROR comes with #VireoVncDisplay:error-message; the view offers
   * Reconnect (open again) there.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_VNC_STATE, VIREO_VNC_STATE_DISCONNECTED, ro);
  /**
   * VireoVncDisplay:error-message:
   *
   * Why the session failed, translated, for the user; %NULL unless #VireoVncDisplay:state is
   * ERROR.
   */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_SCALING] =
    g_param_spec_enum ("scaling", NULL, NULL, VIREO_TYPE_VNC_SCALING, VIREO_VNC_SCALING_FIT, rw);
  /**
   * VireoVncDisplay:resize-guest:
   *
   * Ask the guest for a desktop the size of the widget (extended desktop resize; QEMU forwards it
   * to guests with virtio-gpu or QXL and an agent). Ignored by servers without it.
   */
  properties[PROP_RESIZE_GUEST] =
    g_param_spec_boolean ("resize-guest", NULL, NULL, FALSE, rw);
  /**
   * VireoVncDisplay:read-only:
   *
   * Show the guest, send it nothing.
   */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, rw);
  properties[PROP_ENCODINGS_PROFILE] =
    g_param_spec_enum ("encodings-profile", NULL, NULL, VIREO_TYPE_VNC_ENCODINGS_PROFILE,
                       VIREO_VNC_ENCODINGS_LOCAL, rw);
  /**
   * VireoVncDisplay:absolute-pointer:
   *
   * The guest uses an absolute device (USB tablet). When %FALSE the pointer is relative: on X11 a
   * click captures it (Ctrl+Alt releases); on Wayland it can only follow the local pointer's
   * moves, so the view should offer to add a tablet.
   */
  properties[PROP_ABSOLUTE_POINTER] =
    g_param_spec_boolean ("absolute-pointer", NULL, NULL, TRUE, ro);
  /**
   * VireoVncDisplay:keyboard-grabbed:
   *
   * Desktop shortcuts go to the guest (after a click in the display; Ctrl+Alt or leaving ends it).
   */
  properties[PROP_KEYBOARD_GRABBED] =
    g_param_spec_boolean ("keyboard-grabbed", NULL, NULL, FALSE, ro);
  properties[PROP_POINTER_GRABBED] =
    g_param_spec_boolean ("pointer-grabbed", NULL, NULL, FALSE, ro);
  properties[PROP_DESKTOP_WIDTH] =
    g_param_spec_int ("desktop-width", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_DESKTOP_HEIGHT] =
    g_param_spec_int ("desktop-height", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_DESKTOP_NAME] =
    g_param_spec_string ("desktop-name", NULL, NULL, NULL, ro);
  /**
   * VireoVncDisplay:render-strategy:
   *
   * How the framebuffer is drawn, chosen when realized from GTK's renderer.
   */
  properties[PROP_RENDER_STRATEGY] =
    g_param_spec_enum ("render-strategy", NULL, NULL, VIREO_TYPE_VNC_RENDER_STRATEGY,
                       VIREO_VNC_RENDER_NONE, ro);

  /**
   * VireoVncDisplay:handshake-timeout:
   *
   * Seconds from opening to a working session (not counting the wait for a password) before
   * the display gives up with an error; 0 waits forever. A slow ssh tunnel may want more.
   */
  properties[PROP_HANDSHAKE_TIMEOUT] =
    g_param_spec_uint ("handshake-timeout", NULL, NULL, 0, 3600, DEFAULT_HANDSHAKE_TIMEOUT_S, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoVncDisplay::auth-credential:
   * @self: the display
   * @credentials: the #VireoVncCredentials needed
   *
   * The server wants credentials that were not given beforehand. The session waits (no timeout)
   * until they come through vireo_vnc_display_set_credential() or vireo_vnc_display_close().
   */
  signals[AUTH_CREDENTIAL] =
    g_signal_new ("auth-credential", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_VNC_CREDENTIALS);
  /**
   * VireoVncDisplay::auth-failure:
   * @self: the display
   * @message: what to tell the user (also #VireoVncDisplay:error-message)
   *
   * The server refused the credentials. Emitted last, after the state became ERROR and
   * #VireoVncDisplay::disconnected, so a handler may open again at once; the refused password
   * is forgotten.
   */
  signals[AUTH_FAILURE] =
    g_signal_new ("auth-failure", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VireoVncDisplay::disconnected:
   *
   * A session ended: closed (state DISCONNECTED) or failed (state ERROR).
   */
  signals[DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[BELL] =
    g_signal_new ("bell", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * VireoVncDisplay::server-cut-text:
   * @self: the display
   * @text: UTF-8 text the guest put on its clipboard
   *
   * The application decides whether it reaches the local clipboard.
   */
  signals[SERVER_CUT_TEXT] =
    g_signal_new ("server-cut-text", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VireoVncDisplay::grab-changed:
   *
   * #VireoVncDisplay:keyboard-grabbed or #VireoVncDisplay:pointer-grabbed changed (for a "press
   * Ctrl+Alt to release" hint).
   */
  signals[GRAB_CHANGED] =
    g_signal_new ("grab-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "vireo-vnc-display");
  /* GTK_ACCESSIBLE_ROLE_APPLICATION is 4.14. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vireo_vnc_display_init (VireoVncDisplay *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;

  self->renderer = vireo_vnc_renderer_new ();
  self->keys = vireo_vnc_key_tracker_new ();
  self->absolute = TRUE;
  self->keymap = VIREO_KEYMAP_EVDEV;
  self->handshake_timeout_s = DEFAULT_HANDSHAKE_TIMEOUT_S;
  g_queue_init (&self->typing);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect (controller, "key-released", G_CALLBACK (on_key_released), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_focus_enter), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (widget, controller);

  /* Raw events: every button, held together, no gesture logic. */
  controller = gtk_event_controller_legacy_new ();
  g_signal_connect (controller, "event", G_CALLBACK (on_legacy_event), self);
  gtk_widget_add_controller (widget, controller);

  update_accessible_label (self);
}

/**
 * vireo_vnc_display_new:
 *
 * Returns: (transfer floating): a new, unconnected display
 */
GtkWidget *
vireo_vnc_display_new (void)
{
  return g_object_new (VIREO_TYPE_VNC_DISPLAY, NULL);
}

/**
 * vireo_vnc_display_get_screenshot:
 * @self: a display
 *
 * Returns: (transfer full) (nullable): the guest screen as it is now (opaque), %NULL before
 *   the first connection; save it with gdk_texture_save_to_png()
 */
GdkTexture *
vireo_vnc_display_get_screenshot (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), NULL);

  if (self->fb == NULL)
    return NULL;
  return vireo_vnc_framebuffer_to_texture (self->fb);
}

VireoVncState
vireo_vnc_display_get_state (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), VIREO_VNC_STATE_DISCONNECTED);
  return self->state;
}

const char *
vireo_vnc_display_get_error_message (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), NULL);
  return self->error_message;
}

const char *
vireo_vnc_display_get_desktop_name (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), NULL);
  return self->desktop_name;
}

int
vireo_vnc_display_get_desktop_width (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), 0);
  return self->fb != NULL ? vireo_vnc_framebuffer_get_width (self->fb) : 0;
}

int
vireo_vnc_display_get_desktop_height (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), 0);
  return self->fb != NULL ? vireo_vnc_framebuffer_get_height (self->fb) : 0;
}

gboolean
vireo_vnc_display_get_absolute_pointer (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), TRUE);
  return self->absolute;
}

gboolean
vireo_vnc_display_get_keyboard_grabbed (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  return self->keyboard_grabbed;
}

gboolean
vireo_vnc_display_get_pointer_grabbed (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  return self->pointer_grabbed;
}

VireoVncRenderStrategy
vireo_vnc_display_get_render_strategy (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), VIREO_VNC_RENDER_NONE);
  return vireo_vnc_renderer_get_strategy (self->renderer);
}

VireoVncScaling
vireo_vnc_display_get_scaling (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), VIREO_VNC_SCALING_FIT);
  return self->scaling;
}

void
vireo_vnc_display_set_scaling (VireoVncDisplay *self,
                               VireoVncScaling  scaling)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));

  if (self->scaling == scaling)
    return;

  self->scaling = scaling;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALING]);
}

gboolean
vireo_vnc_display_get_resize_guest (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  return self->resize_guest;
}

void
vireo_vnc_display_set_resize_guest (VireoVncDisplay *self,
                                    gboolean         resize_guest)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));

  resize_guest = !!resize_guest;
  if (self->resize_guest == (guint) resize_guest)
    return;

  self->resize_guest = resize_guest;
  queue_resize_guest (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESIZE_GUEST]);
}

gboolean
vireo_vnc_display_get_read_only (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), FALSE);
  return self->read_only;
}

void
vireo_vnc_display_set_read_only (VireoVncDisplay *self,
                                 gboolean         read_only)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));

  read_only = !!read_only;
  if (self->read_only == (guint) read_only)
    return;

  if (read_only)
    {
      release_all_keys (self);
      release_grabs (self);
      g_queue_clear_full (&self->typing, g_free);
      g_clear_handle_id (&self->typing_timeout, g_source_remove);
    }
  self->read_only = read_only;
  update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

VireoVncEncodingsProfile
vireo_vnc_display_get_encodings_profile (VireoVncDisplay *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_DISPLAY (self), VIREO_VNC_ENCODINGS_LOCAL);
  return self->encodings;
}

void
vireo_vnc_display_set_encodings_profile (VireoVncDisplay          *self,
                                         VireoVncEncodingsProfile  profile)
{
  g_return_if_fail (VIREO_IS_VNC_DISPLAY (self));

  if (self->encodings == profile)
    return;

  self->encodings = profile;
  send_encodings (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODINGS_PROFILE]);
}
