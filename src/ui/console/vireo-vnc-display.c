/* vireo-vnc-display.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget, its properties and its state. The session (gvnc, authentication) is in
 * vireo-vnc-display-session.c, keyboard, grabs and pointer in vireo-vnc-display-input.c, typing
 * and the clipboard in vireo-vnc-display-clipboard.c.
 *
 * libgvnc runs the RFB protocol in a coroutine on the main thread and emits its signals from idle
 * callbacks, so everything here is main-thread code; nothing blocks, and every wait (password,
 * handshake) is a state the view can show and cancel with vireo_vnc_display_close().
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vireo-keymap-detect.h"
#include "vireo-grab-x11.h"
#include "vireo-vnc-display-private.h"

/* gvnc waits as long as the server does; a server that accepts and then says nothing should not
 * leave the view spinning forever. Paused while the user is asked for a password. */
#define DEFAULT_HANDSHAKE_TIMEOUT_S 30

G_DEFINE_FINAL_TYPE (VireoVncDisplay, vireo_vnc_display, GTK_TYPE_WIDGET)

GParamSpec *_vireo_vnc_display_properties[N_PROPS];
guint _vireo_vnc_display_signals[N_SIGNALS];

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

void
_vireo_vnc_display_clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

/* State */

void
_vireo_vnc_display_update_cursor (VireoVncDisplay *self)
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

void
_vireo_vnc_display_set_state (VireoVncDisplay *self,
                              VireoVncState    state)
{
  if (self->state == state)
    return;

  self->state = state;
  /* Accelerators are parked only while keys actually go to a guest. */
  if (state == VIREO_VNC_STATE_CONNECTED && gtk_widget_has_focus (GTK_WIDGET (self)))
    _vireo_vnc_display_park_accels (self);
  _vireo_vnc_display_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_STATE]);
}

void
_vireo_vnc_display_set_error_message (VireoVncDisplay *self,
                                      const char      *message)
{
  if (vireo_set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_ERROR_MESSAGE]);
}

void
_vireo_vnc_display_set_desktop_name (VireoVncDisplay *self,
                                     const char      *name)
{
  if (vireo_set_str (&self->desktop_name, name))
    {
      update_accessible_label (self);
      g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_DESKTOP_NAME]);
    }
}

void
_vireo_vnc_display_set_absolute (VireoVncDisplay *self,
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
      g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_POINTER_GRABBED]);
      g_signal_emit (self, _vireo_vnc_display_signals[GRAB_CHANGED], 0);
    }
  _vireo_vnc_display_update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_ABSOLUTE_POINTER]);
}

gboolean
_vireo_vnc_display_accepts_input (VireoVncDisplay *self)
{
  return self->conn != NULL && self->initialized && !self->read_only;
}

VireoKeymapKind
_vireo_vnc_display_keymap_kind (VireoVncDisplay *self)
{
  return self->keymap;
}

/* Pointer */

gboolean
_vireo_vnc_display_current_placement (VireoVncDisplay   *self,
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
  _vireo_vnc_display_queue_resize_guest (VIREO_VNC_DISPLAY (widget));
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

  if (!_vireo_vnc_display_current_placement (self, &placement))
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
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_RENDER_STRATEGY]);

  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  if (GDK_IS_TOPLEVEL (surface))
    {
      self->toplevel = surface;
      self->inhibit_handler =
        g_signal_connect (surface, "notify::shortcuts-inhibited",
                          G_CALLBACK (_vireo_vnc_display_on_shortcuts_inhibited_changed), self);
    }

  /* A new keymap may change whether scancodes are offered. */
  _vireo_vnc_display_send_encodings (self);
}

/* Hidden (another tab, a minimized window): nothing stays captured. */
static void
vireo_vnc_display_unmap (GtkWidget *widget)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);

  _vireo_vnc_display_release_all_keys (self);
  _vireo_vnc_display_release_grabs (self);

  GTK_WIDGET_CLASS (vireo_vnc_display_parent_class)->unmap (widget);
}

static void
vireo_vnc_display_unrealize (GtkWidget *widget)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (widget);

  _vireo_vnc_display_release_all_keys (self);
  _vireo_vnc_display_release_grabs (self);
  if (self->toplevel != NULL)
    {
      g_clear_signal_handler (&self->inhibit_handler, self->toplevel);
      self->toplevel = NULL;
    }
  vireo_vnc_renderer_unrealize (self->renderer);
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_RENDER_STRATEGY]);

  GTK_WIDGET_CLASS (vireo_vnc_display_parent_class)->unrealize (widget);
}

/* GObject */

static void
vireo_vnc_display_dispose (GObject *object)
{
  VireoVncDisplay *self = VIREO_VNC_DISPLAY (object);

  _vireo_vnc_display_drop_connection (self);
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
  _vireo_vnc_display_clear_secret (&self->password);
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
  _vireo_vnc_display_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VIREO_TYPE_VNC_STATE, VIREO_VNC_STATE_DISCONNECTED, ro);
  /**
   * VireoVncDisplay:error-message:
   *
   * Why the session failed, translated, for the user; %NULL unless #VireoVncDisplay:state is
   * ERROR.
   */
  _vireo_vnc_display_properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  _vireo_vnc_display_properties[PROP_SCALING] =
    g_param_spec_enum ("scaling", NULL, NULL, VIREO_TYPE_VNC_SCALING, VIREO_VNC_SCALING_FIT, rw);
  /**
   * VireoVncDisplay:resize-guest:
   *
   * Ask the guest for a desktop the size of the widget (extended desktop resize; QEMU forwards it
   * to guests with virtio-gpu or QXL and an agent). Ignored by servers without it.
   */
  _vireo_vnc_display_properties[PROP_RESIZE_GUEST] =
    g_param_spec_boolean ("resize-guest", NULL, NULL, FALSE, rw);
  /**
   * VireoVncDisplay:read-only:
   *
   * Show the guest, send it nothing.
   */
  _vireo_vnc_display_properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, rw);
  _vireo_vnc_display_properties[PROP_ENCODINGS_PROFILE] =
    g_param_spec_enum ("encodings-profile", NULL, NULL, VIREO_TYPE_VNC_ENCODINGS_PROFILE,
                       VIREO_VNC_ENCODINGS_LOCAL, rw);
  /**
   * VireoVncDisplay:absolute-pointer:
   *
   * The guest uses an absolute device (USB tablet). When %FALSE the pointer is relative: on X11 a
   * click captures it (Ctrl+Alt releases); on Wayland it can only follow the local pointer's
   * moves, so the view should offer to add a tablet.
   */
  _vireo_vnc_display_properties[PROP_ABSOLUTE_POINTER] =
    g_param_spec_boolean ("absolute-pointer", NULL, NULL, TRUE, ro);
  /**
   * VireoVncDisplay:keyboard-grabbed:
   *
   * Desktop shortcuts go to the guest (after a click in the display; Ctrl+Alt or leaving ends it).
   */
  _vireo_vnc_display_properties[PROP_KEYBOARD_GRABBED] =
    g_param_spec_boolean ("keyboard-grabbed", NULL, NULL, FALSE, ro);
  _vireo_vnc_display_properties[PROP_POINTER_GRABBED] =
    g_param_spec_boolean ("pointer-grabbed", NULL, NULL, FALSE, ro);
  _vireo_vnc_display_properties[PROP_DESKTOP_WIDTH] =
    g_param_spec_int ("desktop-width", NULL, NULL, 0, G_MAXINT, 0, ro);
  _vireo_vnc_display_properties[PROP_DESKTOP_HEIGHT] =
    g_param_spec_int ("desktop-height", NULL, NULL, 0, G_MAXINT, 0, ro);
  _vireo_vnc_display_properties[PROP_DESKTOP_NAME] =
    g_param_spec_string ("desktop-name", NULL, NULL, NULL, ro);
  /**
   * VireoVncDisplay:render-strategy:
   *
   * How the framebuffer is drawn, chosen when realized from GTK's renderer.
   */
  _vireo_vnc_display_properties[PROP_RENDER_STRATEGY] =
    g_param_spec_enum ("render-strategy", NULL, NULL, VIREO_TYPE_VNC_RENDER_STRATEGY,
                       VIREO_VNC_RENDER_NONE, ro);

  /**
   * VireoVncDisplay:handshake-timeout:
   *
   * Seconds from opening to a working session (not counting the wait for a password) before
   * the display gives up with an error; 0 waits forever. A slow ssh tunnel may want more.
   */
  _vireo_vnc_display_properties[PROP_HANDSHAKE_TIMEOUT] =
    g_param_spec_uint ("handshake-timeout", NULL, NULL, 0, 3600, DEFAULT_HANDSHAKE_TIMEOUT_S, rw);

  g_object_class_install_properties (object_class, N_PROPS, _vireo_vnc_display_properties);

  /**
   * VireoVncDisplay::auth-credential:
   * @self: the display
   * @credentials: the #VireoVncCredentials needed
   *
   * The server wants credentials that were not given beforehand. The session waits (no timeout)
   * until they come through vireo_vnc_display_set_credential() or vireo_vnc_display_close().
   */
  _vireo_vnc_display_signals[AUTH_CREDENTIAL] =
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
  _vireo_vnc_display_signals[AUTH_FAILURE] =
    g_signal_new ("auth-failure", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VireoVncDisplay::disconnected:
   *
   * A session ended: closed (state DISCONNECTED) or failed (state ERROR).
   */
  _vireo_vnc_display_signals[DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  _vireo_vnc_display_signals[BELL] =
    g_signal_new ("bell", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * VireoVncDisplay::server-cut-text:
   * @self: the display
   * @text: UTF-8 text the guest put on its clipboard
   *
   * The application decides whether it reaches the local clipboard.
   */
  _vireo_vnc_display_signals[SERVER_CUT_TEXT] =
    g_signal_new ("server-cut-text", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VireoVncDisplay::grab-changed:
   *
   * #VireoVncDisplay:keyboard-grabbed or #VireoVncDisplay:pointer-grabbed changed (for a "press
   * Ctrl+Alt to release" hint).
   */
  _vireo_vnc_display_signals[GRAB_CHANGED] =
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

  self->renderer = vireo_vnc_renderer_new ();
  self->keys = vireo_vnc_key_tracker_new ();
  self->absolute = TRUE;
  self->keymap = VIREO_KEYMAP_EVDEV;
  self->handshake_timeout_s = DEFAULT_HANDSHAKE_TIMEOUT_S;
  g_queue_init (&self->typing);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_focus_on_click (widget, TRUE);
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);

  _vireo_vnc_display_init_input (self);

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
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_SCALING]);
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
  _vireo_vnc_display_queue_resize_guest (self);
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_RESIZE_GUEST]);
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
      _vireo_vnc_display_release_all_keys (self);
      _vireo_vnc_display_release_grabs (self);
      g_queue_clear_full (&self->typing, g_free);
      g_clear_handle_id (&self->typing_timeout, g_source_remove);
    }
  self->read_only = read_only;
  _vireo_vnc_display_update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_READ_ONLY]);
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
  _vireo_vnc_display_send_encodings (self);
  g_object_notify_by_pspec (G_OBJECT (self), _vireo_vnc_display_properties[PROP_ENCODINGS_PROFILE]);
}
