/* vireo-graphics-channel.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-graphics-channel"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gio/gunixsocketaddress.h>

#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-graphics-private.h"

/* A greeting that arrived in pieces is looked at again after this long (rare: servers write the
 * 12 bytes at once; peeking cannot wait for more, and the fd stays readable meanwhile). */
#define PARTIAL_GREETING_RETRY_MS 20

struct _VireoGraphicsChannel
{
  GObject             parent_instance;

  VireoGraphicsRoute  route;
  int                 fd;
  char               *hostname;
  char               *password;
  char               *description;
  VireoSshTunnel     *tunnel;
};

G_DEFINE_FINAL_TYPE (VireoGraphicsChannel, vireo_graphics_channel, G_TYPE_OBJECT)

/* --- the RFB greeting ------------------------------------------------------------------------- */

typedef struct
{
  int      fd;
  char    *where;
  GSource *fd_source;
  GSource *retry_source;
  GSource *timeout_source;
  GSource *cancel_source;
  guint    timeout_ms;
} GreetingWait;

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
greeting_wait_clear_sources (GreetingWait *wait)
{
  destroy_source (&wait->fd_source);
  destroy_source (&wait->retry_source);
  destroy_source (&wait->timeout_source);
  destroy_source (&wait->cancel_source);
}

static void
greeting_wait_free (GreetingWait *wait)
{
  greeting_wait_clear_sources (wait);
  g_free (wait->where);
  g_free (wait);
}

static void
greeting_wait_return (GTask  *task,
                      GError *error)
{
  GreetingWait *wait = g_task_get_task_data (task);

  greeting_wait_clear_sources (wait);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  /* The sources held the task's references; this was the last one besides the caller's. */
  g_object_unref (task);
}

static gboolean on_greeting_fd (int fd, GIOCondition condition, gpointer user_data);

static void
watch_fd (GTask *task)
{
  GreetingWait *wait = g_task_get_task_data (task);

  wait->fd_source = g_unix_fd_source_new (wait->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (wait->fd_source, G_SOURCE_FUNC (on_greeting_fd), task, NULL);
  g_source_attach (wait->fd_source, g_task_get_context (task));
}

static gboolean
on_greeting_retry (gpointer user_data)
{
  GTask *task = user_data;
  GreetingWait *wait = g_task_get_task_data (task);

  g_clear_pointer (&wait->retry_source, g_source_unref);
  watch_fd (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_greeting_fd (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  GTask *task = user_data;
  GreetingWait *wait = g_task_get_task_data (task);
  char buf[VIREO_RFB_GREETING_LENGTH];
  gssize n;

  n = recv (wait->fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return G_SOURCE_CONTINUE;

  if (n <= 0)
    {
      int saved_errno = errno;

      greeting_wait_return (task,
                            g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                         _("%s closed the connection: %s"), wait->where,
                                         n == 0 ? _("end of stream") : g_strerror (saved_errno)));
      return G_SOURCE_REMOVE;
    }

  if (memcmp (buf, "RFB ", MIN ((gsize) n, 4)) != 0 ||
      (n == VIREO_RFB_GREETING_LENGTH && buf[VIREO_RFB_GREETING_LENGTH - 1] != '\n'))
    {
      g_autofree char *raw = g_strndup (buf, n);
      g_autofree char *shown = g_strescape (raw, NULL);

      /* Translators: %s is a place ("'127.0.0.1:5900' on 'host'"), then the bytes received. */
      greeting_wait_return (task,
                            g_error_new (VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NOT_VNC,
                                         _("Something answers at %s, but not as a VNC server "
                                           "('%s')."), wait->where, shown));
      return G_SOURCE_REMOVE;
    }

  if (n < VIREO_RFB_GREETING_LENGTH)
    {
      g_clear_pointer (&wait->fd_source, g_source_unref);
      wait->retry_source = g_timeout_source_new (PARTIAL_GREETING_RETRY_MS);
      g_source_set_callback (wait->retry_source, on_greeting_retry, task, NULL);
      g_source_attach (wait->retry_source, g_task_get_context (task));
      return G_SOURCE_REMOVE;
    }

  greeting_wait_return (task, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_greeting_timeout (gpointer user_data)
{
  GTask *task = user_data;
  GreetingWait *wait = g_task_get_task_data (task);

  /* Translators: %s is a place ("'127.0.0.1:5900' on 'host'" or "the display of 'vm'"). */
  greeting_wait_return (task,
                        g_error_new (VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_TIMED_OUT,
                                     _("No VNC greeting from %s within %u seconds."),
                                     wait->where, (wait->timeout_ms + 999) / 1000));
  return G_SOURCE_REMOVE;
}

static gboolean
on_greeting_cancelled (GCancellable *cancellable,
                       gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  greeting_wait_return (task, error);
  return G_SOURCE_REMOVE;
}

void
_vireo_rfb_greeting_wait_async (int                  fd,
                                const char          *where,
                                guint                timeout_ms,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  GreetingWait *wait;

  g_return_if_fail (fd >= 0);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _vireo_rfb_greeting_wait_async);
  /* The outcome is decided here, cancellation included: no second check in propagate. */
  g_task_set_check_cancellable (task, FALSE);

  wait = g_new0 (GreetingWait, 1);
  wait->fd = fd;
  wait->where = g_strdup (where);
  wait->timeout_ms = timeout_ms;
  g_task_set_task_data (task, wait, (GDestroyNotify) greeting_wait_free);

  /* The reference in @task belongs to the sources until greeting_wait_return(). */
  watch_fd (task);

  wait->timeout_source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (wait->timeout_source, on_greeting_timeout, task, NULL);
  g_source_attach (wait->timeout_source, g_task_get_context (task));

  if (cancellable != NULL)
    {
      wait->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (wait->cancel_source, G_SOURCE_FUNC (on_greeting_cancelled), task,
                             NULL);
      g_source_attach (wait->cancel_source, g_task_get_context (task));
    }
}

gboolean
_vireo_rfb_greeting_wait_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- the channel ------------------------------------------------------------------------------ */

static void
vireo_graphics_channel_dispose (GObject *object)
{
  VireoGraphicsChannel *self = VIREO_GRAPHICS_CHANNEL (object);

  vireo_graphics_channel_close (self);
  g_clear_object (&self->tunnel);

  G_OBJECT_CLASS (vireo_graphics_channel_parent_class)->dispose (object);
}

static void
vireo_graphics_channel_finalize (GObject *object)
{
  VireoGraphicsChannel *self = VIREO_GRAPHICS_CHANNEL (object);

  g_free (self->hostname);
  g_clear_pointer (&self->password, _vireo_secret_free);
  g_free (self->description);

  G_OBJECT_CLASS (vireo_graphics_channel_parent_class)->finalize (object);
}

static void
vireo_graphics_channel_class_init (VireoGraphicsChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vireo_graphics_channel_dispose;
  object_class->finalize = vireo_graphics_channel_finalize;
}

static void
vireo_graphics_channel_init (VireoGraphicsChannel *self)
{
  self->fd = -1;
}

VireoGraphicsChannel *
_vireo_graphics_channel_new (VireoGraphicsRoute  route,
                             int                 fd,
                             const char         *hostname,
                             const char         *password,
                             const char         *description,
                             VireoSshTunnel     *tunnel)
{
  VireoGraphicsChannel *self = g_object_new (VIREO_TYPE_GRAPHICS_CHANNEL, NULL);

  self->route = route;
  self->fd = fd;
  self->hostname = g_strdup (hostname);
  self->password = g_strdup (password);
  self->description = g_strdup (description);
  self->tunnel = tunnel != NULL ? g_object_ref (tunnel) : NULL;
  return self;
}

VireoGraphicsRoute
vireo_graphics_channel_get_route (VireoGraphicsChannel *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self), VIREO_GRAPHICS_ROUTE_OPEN_FD);
  return self->route;
}

/**
 * vireo_graphics_channel_steal_fd:
 * @self: a #VireoGraphicsChannel
 *
 * Returns: (transfer full): the connected socket, -1 once stolen or closed
 */
int
vireo_graphics_channel_steal_fd (VireoGraphicsChannel *self)
{
  int fd;

  g_return_val_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self), -1);

  fd = self->fd;
  self->fd = -1;
  return fd;
}

const char *
vireo_graphics_channel_get_hostname (VireoGraphicsChannel *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self), NULL);
  return self->hostname;
}

const char *
vireo_graphics_channel_get_password (VireoGraphicsChannel *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self), NULL);
  return self->password;
}

const char *
vireo_graphics_channel_get_description (VireoGraphicsChannel *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self), NULL);
  return self->description;
}

/**
 * vireo_graphics_channel_get_tunnel:
 * @self: a #VireoGraphicsChannel
 *
 * Returns: (transfer none) (nullable): the ssh tunnel of an SSH_TUNNEL channel
 */
VireoSshTunnel *
vireo_graphics_channel_get_tunnel (VireoGraphicsChannel *self)
{
  g_return_val_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self), NULL);
  return self->tunnel;
}

/**
 * vireo_graphics_channel_dup_transport_error:
 * @self: a #VireoGraphicsChannel
 *
 * Why the ssh child carrying the console ended, in a translated sentence quoting ssh's last words.
 * %NULL while it runs, for other routes, and when it ended quietly with status 0 (the display
 * closed the stream: the VNC client tells that itself).
 *
 * Returns: (transfer full) (nullable): the reason
 */
char *
vireo_graphics_channel_dup_transport_error (VireoGraphicsChannel *self)
{
  g_autofree char *message = NULL;
  const char *host;
  int status;

  g_return_val_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self), NULL);

  if (self->tunnel == NULL || vireo_ssh_tunnel_get_running (self->tunnel))
    return NULL;

  host = self->hostname != NULL ? self->hostname : "";
  message = vireo_ssh_tunnel_dup_last_message (self->tunnel);
  status = vireo_ssh_tunnel_get_exit_status (self->tunnel);
  if (message != NULL)
    return g_strdup_printf (_("The ssh connection to '%s' ended: %s"), host, message);
  if (status == 0)
    return NULL;
  if (status < 0)
    return g_strdup_printf (_("The ssh connection to '%s' was killed."), host);
  return g_strdup_printf (_("The ssh connection to '%s' ended with exit status %d."), host, status);
}

void
vireo_graphics_channel_close (VireoGraphicsChannel *self)
{
  g_return_if_fail (VIREO_IS_GRAPHICS_CHANNEL (self));

  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  if (self->tunnel != NULL)
    vireo_ssh_tunnel_close (self->tunnel);
}

/* --- opening a plan ------------------------------------------------------------------------- */

typedef struct
{
  VireoGraphicsPlan *plan;
  char              *password;
  char              *where;
  guint              timeout_ms;
  gint64             deadline;
  int                fd;
  VireoSshTunnel    *tunnel;
  char              *ssh_host;   /* the URI's host, for a hand-made SSH plan without tls_hostname */
} ChannelOpen;

static void
channel_open_free (ChannelOpen *open)
{
  g_clear_pointer (&open->plan, vireo_graphics_plan_free);
  g_clear_pointer (&open->password, _vireo_secret_free);
  g_free (open->where);
  if (open->fd >= 0)
    close (open->fd);
  g_clear_object (&open->tunnel);
  g_free (open->ssh_host);
  g_free (open);
}

static guint
remaining_ms (ChannelOpen *open)
{
  gint64 left = (open->deadline - g_get_monotonic_time ()) / 1000;

  return (guint) CLAMP (left, 1, G_MAXUINT);
}

static void
channel_open_return (GTask *task)
{
  ChannelOpen *open = g_task_get_task_data (task);
  g_autofree char *description = vireo_graphics_plan_describe (open->plan);
  VireoGraphicsChannel *channel;

  if (open->tunnel != NULL)
    {
      const char *relay = vireo_ssh_tunnel_get_relay (open->tunnel);
      char *longer = g_strdup_printf ("%s (%s)", description,
                                      vireo_ssh_tunnel_get_method (open->tunnel) ==
                                      VIREO_SSH_TUNNEL_METHOD_FORWARD ? "ssh -W"
                                      : relay != NULL ? relay : "remote relay");

      g_free (description);
      description = longer;
    }

  channel = _vireo_graphics_channel_new (open->plan->route, open->fd,
                                         open->plan->tls_hostname != NULL
                                         ? open->plan->tls_hostname : open->ssh_host,
                                         open->password, description, open->tunnel);
  open->fd = -1;
  g_task_return_pointer (task, channel, g_object_unref);
}

static void
on_tunnel_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChannelOpen *open = g_task_get_task_data (task);
  GError *error = NULL;

  open->tunnel = vireo_ssh_tunnel_open_finish (result, &error);
  if (open->tunnel == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  open->fd = vireo_ssh_tunnel_steal_fd (open->tunnel);
  channel_open_return (task);
}

static void
on_direct_greeting (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChannelOpen *open = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!_vireo_rfb_greeting_wait_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
        g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_SERVER,
                                 _("The display at %s closed the connection before greeting."),
                                 open->where);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  channel_open_return (task);
}

static void
on_direct_connected (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ChannelOpen *open = g_task_get_task_data (task);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_TIMED_OUT,
                                 _("The display at %s did not answer in time."), open->where);
      else
        g_task_return_new_error (task, VIREO_GRAPHICS_ERROR, VIREO_GRAPHICS_ERROR_NO_SERVER,
                                 _("Could not connect to the display at %s: %s"), open->where,
                                 error->message);
      return;
    }

  /* Our own descriptor: the GSocketConnection closes its own when it goes. */
  open->fd = fcntl (g_socket_get_fd (g_socket_connection_get_socket (connection)),
                    F_DUPFD_CLOEXEC, 3);
  if (open->fd < 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "dup: %s", g_strerror (saved_errno));
      return;
    }

  _vireo_rfb_greeting_wait_async (open->fd, open->where, remaining_ms (open),
                                  g_task_get_cancellable (task), on_direct_greeting,
                                  g_object_ref (task));
}

/**
 * vireo_graphics_channel_open_async:
 * @plan: an SSH_TUNNEL, DIRECT_TCP or UNIX_SOCKET plan
 * @uri: the libvirt connection's URI (ssh's user, host, port and options)
 * @password: (nullable): the VNC password, kept for the VNC client
 * @timeout_ms: how long the whole may take, ssh prompts included
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the channel or an error
 * @user_data: for @callback
 *
 * Must be called from the main thread.
 */
void
vireo_graphics_channel_open_async (const VireoGraphicsPlan *plan,
                                   const VireoUri          *uri,
                                   const char              *password,
                                   guint                    timeout_ms,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnectable) address = NULL;
  ChannelOpen *open;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (plan->route != VIREO_GRAPHICS_ROUTE_OPEN_FD);
  g_return_if_fail (uri != NULL);
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_graphics_channel_open_async);

  open = g_new0 (ChannelOpen, 1);
  open->plan = vireo_graphics_plan_copy (plan);
  open->password = g_strdup (password);
  open->timeout_ms = timeout_ms;
  open->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  open->fd = -1;
  if (plan->route == VIREO_GRAPHICS_ROUTE_SSH_TUNNEL)
    open->ssh_host = g_strdup (vireo_uri_get_host (uri) != NULL ? vireo_uri_get_host (uri)
                                                                : "localhost");
  if (plan->socket_path != NULL)
    open->where = g_strdup_printf ("'%s'", plan->socket_path);
  else if (plan->host != NULL && strchr (plan->host, ':') != NULL)
    open->where = g_strdup_printf ("'[%s]:%d'", plan->host, plan->port);
  else
    open->where = g_strdup_printf ("'%s:%d'", plan->host != NULL ? plan->host : "", plan->port);
  g_task_set_task_data (task, open, (GDestroyNotify) channel_open_free);

  switch (plan->route)
    {
    case VIREO_GRAPHICS_ROUTE_SSH_TUNNEL:
      if (plan->host == NULL && plan->socket_path == NULL)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                                   _("The display's address is incomplete."));
          return;
        }
      vireo_ssh_tunnel_open_async (uri, plan->socket_path == NULL ? plan->host : NULL, plan->port,
                                   plan->socket_path, timeout_ms, cancellable, on_tunnel_opened,
                                   g_steal_pointer (&task));
      return;

    case VIREO_GRAPHICS_ROUTE_DIRECT_TCP:
      if (plan->host == NULL || plan->port <= 0 || plan->port > 65535)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                                   _("The display's address is incomplete."));
          return;
        }
      address = g_network_address_new (plan->host, (guint16) plan->port);
      break;

    case VIREO_GRAPHICS_ROUTE_UNIX_SOCKET:
      if (plan->socket_path == NULL)
        {
          g_task_return_new_error (task, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                                   _("The display's address is incomplete."));
          return;
        }
      address = G_SOCKET_CONNECTABLE (g_unix_socket_address_new (plan->socket_path));
      break;

    case VIREO_GRAPHICS_ROUTE_OPEN_FD:
    default:
      g_assert_not_reached ();
    }

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, (timeout_ms + 999) / 1000);
  g_socket_client_connect_async (client, address, cancellable, on_direct_connected,
                                 g_steal_pointer (&task));
}

/**
 * vireo_graphics_channel_open_finish:
 * @result: the #GAsyncResult
 * @error: return location for a %VIREO_GRAPHICS_ERROR or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the channel
 */
VireoGraphicsChannel *
vireo_graphics_channel_open_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
