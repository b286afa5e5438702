/* vireo-askpass.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-askpass"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "vireo-askpass.h"

/*
 * Wire protocol on the private socket (both ends are this program):
 *   helper → app:  "VIREO-ASKPASS 1 <kind> <length>\n" then <length> bytes of prompt
 *                  (<kind> is $SSH_ASKPASS_PROMPT or "-")
 *   app → helper:  "OK <length>\n" then the answer, or "NO\n"
 */
#define PROTOCOL_MAGIC   "VIREO-ASKPASS 1"
#define MAX_PROMPT_BYTES (16 * 1024)
#define MAX_ANSWER_BYTES (16 * 1024)

struct _VireoAskpassServer
{
  GObject         parent_instance;

  GSocketService *service;
  char           *dir;
  char           *socket_path;
  char           *link_path;
};

G_DEFINE_FINAL_TYPE (VireoAskpassServer, vireo_askpass_server, G_TYPE_OBJECT)

enum {
  REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  VireoAskpassServer *server;
  GSocketConnection  *connection;
  GDataInputStream   *input;
  char               *kind;
  char               *prompt;
  gsize               prompt_length;
  VireoAuthRequest   *request;
  char               *reply;
  gsize               reply_length;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->server);
  if (exchange->connection != NULL)
    g_io_stream_close (G_IO_STREAM (exchange->connection), NULL, NULL);
  g_clear_object (&exchange->connection);
  g_clear_object (&exchange->input);
  g_clear_object (&exchange->request);
  g_free (exchange->kind);
  g_free (exchange->prompt);
  if (exchange->reply != NULL)
    explicit_bzero (exchange->reply, exchange->reply_length);
  g_free (exchange->reply);
  g_free (exchange);
}

/**
 * vireo_askpass_request_for_prompt:
 * @prompt: the text ssh asks the user
 * @prompt_kind: (nullable): ssh's $SSH_ASKPASS_PROMPT: "confirm", "none" or %NULL for a question
 *
 * Classifies an ssh prompt: an unknown host key (answered "yes" or "no"), a key passphrase, a
 * password, a yes/no confirmation, or a free secret.
 *
 * Returns: (transfer full): the request to show
 */
VireoAuthRequest *
vireo_askpass_request_for_prompt (const char *prompt,
                                  const char *prompt_kind)
{
  g_autofree char *lower = g_utf8_strdown (prompt ? prompt : "", -1);
  g_autofree char *message = g_strstrip (g_strdup (prompt ? prompt : ""));
  VireoAuthRequest *request;

  if (g_strcmp0 (prompt_kind, "confirm") == 0 || g_strcmp0 (prompt_kind, "none") == 0)
    {
      request = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, _("SSH Confirmation"), message);
      vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_CONFIRM, _("Allow"), NULL);
    }
  else if (strstr (lower, "authenticity of host") != NULL ||
           strstr (lower, "(yes/no") != NULL)
    {
      request = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, _("Unknown Host Key"), message);
      vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_HOST_KEY,
                                    _("Trust this host key and connect?"), NULL);
    }
  else if (strstr (lower, "passphrase") != NULL)
    {
      request = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, _("SSH Key Passphrase"), message);
      vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_PASSPHRASE, _("Passphrase"), NULL);
    }
  else if (strstr (lower, "password") != NULL)
    {
      request = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, _("SSH Password"), message);
      vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_PASSWORD, _("Password"), NULL);
    }
  else
    {
      request = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, _("SSH Question"), message);
      vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_SECRET, _("Answer"), NULL);
    }

  return request;
}

static void
on_reply_written (GObject      *stream,
                  GAsyncResult *result,
                  gpointer      data)
{
  Exchange *exchange = data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (stream), result, NULL, NULL);
  exchange_free (exchange);
}

static void
send_reply (Exchange *exchange)
{
  g_auto(GStrv) answers = vireo_auth_request_dup_answers (exchange->request);
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (exchange->connection));
  const char *answer = answers != NULL && answers[0] != NULL ? answers[0] : NULL;

  if (answer != NULL)
    {
      gsize length = strlen (answer);

      exchange->reply = g_strdup_printf ("OK %" G_GSIZE_FORMAT "\n%s", length, answer);
      exchange->reply_length = strlen (exchange->reply);
      for (char **s = answers; *s != NULL; s++)
        explicit_bzero (*s, strlen (*s));
    }
  else
    {
      exchange->reply = g_strdup ("NO\n");
      exchange->reply_length = 3;
    }

  g_output_stream_write_all_async (output, exchange->reply, exchange->reply_length,
                                   G_PRIORITY_DEFAULT, NULL, on_reply_written, exchange);
}

static void
on_request_finished (VireoAuthRequest *request,
                     GParamSpec       *pspec,
                     gpointer          data)
{
  Exchange *exchange = data;

  g_signal_handlers_disconnect_by_func (request, on_request_finished, exchange);
  send_reply (exchange);
}

static void
dispatch_request (Exchange *exchange)
{
  const char *kind = g_strcmp0 (exchange->kind, "-") == 0 ? NULL : exchange->kind;

  exchange->request = vireo_askpass_request_for_prompt (exchange->prompt, kind);
  g_signal_connect (exchange->request, "notify::finished", G_CALLBACK (on_request_finished), exchange);

  if (g_signal_has_handler_pending (exchange->server, signals[REQUEST], 0, FALSE))
    g_signal_emit (exchange->server, signals[REQUEST], 0, exchange->request);
  else
    {
      /* Nobody to ask: refuse rather than let ssh accept anything silently. */
      g_debug ("No handler for an ssh prompt: refusing it");
      vireo_auth_request_cancel (exchange->request);
    }
}

static void
on_prompt_read (GObject      *stream,
                GAsyncResult *result,
                gpointer      data)
{
  Exchange *exchange = data;
  g_autoptr(GError) error = NULL;
  gsize read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (stream), result, &read, &error) ||
      read != exchange->prompt_length)
    {
      g_debug ("Askpass helper hung up: %s", error ? error->message : "short read");
      exchange_free (exchange);
      return;
    }

  exchange->prompt[read] = '\0';
  if (!g_utf8_validate (exchange->prompt, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (exchange->prompt, -1);
      g_free (exchange->prompt);
      exchange->prompt = g_steal_pointer (&valid);
    }

  dispatch_request (exchange);
}

static void
on_header_read (GObject      *stream,
                GAsyncResult *result,
                gpointer      data)
{
  Exchange *exchange = data;
  g_autofree char *line = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 length = 0;

  line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (stream), result, NULL, NULL);
  if (line == NULL || !g_str_has_prefix (line, PROTOCOL_MAGIC " "))
    {
      g_debug ("Malformed askpass request");
      exchange_free (exchange);
      return;
    }

  parts = g_strsplit (line + strlen (PROTOCOL_MAGIC " "), " ", 3);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[1], 10, 0, MAX_PROMPT_BYTES, &length, NULL))
    {
      g_debug ("Malformed askpass request");
      exchange_free (exchange);
      return;
    }

  exchange->kind = g_strdup (parts[0]);
  exchange->prompt_length = length;
  exchange->prompt = g_malloc0 (length + 1);
  g_input_stream_read_all_async (G_INPUT_STREAM (exchange->input), exchange->prompt, length,
                                 G_PRIORITY_DEFAULT, NULL, on_prompt_read, exchange);
}

static gboolean
peer_is_us (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GCredentials) credentials = g_socket_get_credentials (socket, NULL);

  return credentials != NULL && g_credentials_get_unix_user (credentials, NULL) == getuid ();
}

static gboolean
on_incoming (GSocketService     *service,
             GSocketConnection  *connection,
             GObject            *source_object,
             VireoAskpassServer *self)
{
  Exchange *exchange;

  if (!peer_is_us (connection))
    {
      g_debug ("Refusing an askpass connection from another user");
      return TRUE;
    }

  exchange = g_new0 (Exchange, 1);
  exchange->server = g_object_ref (self);
  exchange->connection = g_object_ref (connection);
  exchange->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (exchange->input), FALSE);
  g_data_input_stream_set_newline_type (exchange->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_data_input_stream_read_line_async (exchange->input, G_PRIORITY_DEFAULT, NULL,
                                       on_header_read, exchange);
  return TRUE;
}

static void
vireo_askpass_server_finalize (GObject *object)
{
  VireoAskpassServer *self = (VireoAskpassServer *) object;

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
    }
  g_clear_object (&self->service);
  if (self->socket_path != NULL)
    g_unlink (self->socket_path);
  if (self->link_path != NULL)
    g_unlink (self->link_path);
  if (self->dir != NULL)
    g_rmdir (self->dir);
  g_free (self->socket_path);
  g_free (self->link_path);
  g_free (self->dir);

  G_OBJECT_CLASS (vireo_askpass_server_parent_class)->finalize (object);
}

static void
vireo_askpass_server_class_init (VireoAskpassServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_askpass_server_finalize;

  /**
   * VireoAskpassServer::request:
   * @self: the server
   * @request: the question ssh asks
   *
   * Answer or cancel @request, now or later; until then the ssh process waits.
   */
  signals[REQUEST] =
    g_signal_new ("request", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIREO_TYPE_AUTH_REQUEST);
}

static void
vireo_askpass_server_init (VireoAskpassServer *self)
{
}

static void
detach_controlling_terminal (void)
{
  int fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

  if (fd < 0)
    return;
  if (ioctl (fd, TIOCNOTTY) < 0)
    g_debug ("Could not give up the controlling terminal: %s", g_strerror (errno));
  close (fd);
}

/**
 * vireo_askpass_server_new:
 * @askpass_program: the absolute path of Vireo's binary
 * @error: return location for a #GError
 *
 * Must be called from the main thread, before libvirt starts threads.
 *
 * Returns: (transfer full) (nullable): the server, listening
 */
VireoAskpassServer *
vireo_askpass_server_new (const char  *askpass_program,
                          GError     **error)
{
  g_autoptr(VireoAskpassServer) self = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *template = NULL;
  const char *runtime_dir = g_get_user_runtime_dir ();

  g_return_val_if_fail (askpass_program != NULL && g_path_is_absolute (askpass_program), NULL);

  self = g_object_new (VIREO_TYPE_ASKPASS_SERVER, NULL);

  /* g_get_user_runtime_dir() falls back to the cache dir when XDG_RUNTIME_DIR is unset. */
  template = g_build_filename (runtime_dir, "vireo-askpass-XXXXXX", NULL);
  self->dir = g_mkdtemp_full (template, 0700);
  if (self->dir == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create a private directory in '%s': %s"),
                   runtime_dir, g_strerror (saved_errno));
      return NULL;
    }
  g_steal_pointer (&template);

  self->socket_path = g_build_filename (self->dir, "socket", NULL);
  self->link_path = g_build_filename (self->dir, VIREO_ASKPASS_PROGRAM_NAME, NULL);

  if (symlink (askpass_program, self->link_path) < 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not link '%s' to '%s': %s"),
                   self->link_path, askpass_program, g_strerror (saved_errno));
      return NULL;
    }

  self->service = g_socket_service_new ();
  address = g_unix_socket_address_new (self->socket_path);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                      NULL, NULL, error))
    return NULL;
  g_chmod (self->socket_path, 0600);

  g_signal_connect_object (self->service, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_socket_service_start (self->service);

  g_setenv ("SSH_ASKPASS", self->link_path, TRUE);
  g_setenv ("SSH_ASKPASS_REQUIRE", "force", TRUE);
  g_setenv (VIREO_ASKPASS_SOCKET_ENV, self->socket_path, TRUE);
  /* libvirt starts ssh with only a few variables (SSH_ASKPASS and DISPLAY among them, not
   * SSH_ASKPASS_REQUIRE), and ssh consults askpass only when DISPLAY is set and there is no
   * terminal to ask on. */
  if (g_getenv ("DISPLAY") == NULL)
    g_setenv ("DISPLAY", ":0", FALSE);
  detach_controlling_terminal ();

  return g_steal_pointer (&self);
}

/**
 * vireo_askpass_server_get_path:
 * @self: a #VireoAskpassServer
 *
 * Returns: the path of the program to use as SSH_ASKPASS
 */
const char *
vireo_askpass_server_get_path (VireoAskpassServer *self)
{
  g_return_val_if_fail (VIREO_IS_ASKPASS_SERVER (self), NULL);
  return self->link_path;
}

/**
 * vireo_askpass_is_helper:
 * @argc: main()'s argc
 * @argv: main()'s argv
 *
 * Returns: whether this process runs as the askpass helper
 */
gboolean
vireo_askpass_is_helper (int    argc,
                         char **argv)
{
  g_autofree char *base = NULL;

  if (argc < 1 || argv == NULL || argv[0] == NULL)
    return FALSE;
  if (argc >= 2 && g_strcmp0 (argv[1], "--askpass") == 0)
    return TRUE;

  base = g_path_get_basename (argv[0]);
  return g_strcmp0 (base, VIREO_ASKPASS_PROGRAM_NAME) == 0;
}

static gboolean
read_line (GInputStream  *input,
           char          *buffer,
           gsize          size,
           GError       **error)
{
  gsize used = 0;

  while (used + 1 < size)
    {
      gssize n = g_input_stream_read (input, buffer + used, 1, NULL, error);
      if (n <= 0)
        {
          if (n == 0)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "connection closed");
          return FALSE;
        }
      if (buffer[used] == '\n')
        {
          buffer[used] = '\0';
          return TRUE;
        }
      used++;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE, "line too long");
  return FALSE;
}

/**
 * vireo_askpass_client_run:
 * @argc: main()'s argc
 * @argv: main()'s argv
 *
 * The askpass helper: asks the running app and prints the answer for ssh.
 *
 * Returns: the exit status for the process
 */
int
vireo_askpass_client_run (int    argc,
                          char **argv)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *socket_path = NULL;
  g_autofree char *header = NULL;
  g_autofree char *answer = NULL;
  GOutputStream *output;
  GInputStream *input;
  const char *kind = g_getenv ("SSH_ASKPASS_PROMPT");
  const char *prompt = "";
  char line[64];
  guint64 length = 0;
  gsize got = 0;

  /* `vireo --askpass PROMPT` or `vireo-askpass PROMPT` */
  if (argc >= 2 && g_strcmp0 (argv[1], "--askpass") == 0)
    prompt = argc >= 3 ? argv[2] : "";
  else if (argc >= 2)
    prompt = argv[1];

  if (g_getenv (VIREO_ASKPASS_SOCKET_ENV) != NULL)
    socket_path = g_strdup (g_getenv (VIREO_ASKPASS_SOCKET_ENV));
  else
    {
      g_autofree char *dir = g_path_get_dirname (argv[0]);
      socket_path = g_build_filename (dir, "socket", NULL);
    }

  address = g_unix_socket_address_new (socket_path);
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  if (connection == NULL)
    {
      g_printerr (_("Vireo is not running to answer ssh: %s\n"), error->message);
      return 1;
    }

  if (strlen (prompt) > MAX_PROMPT_BYTES)
    prompt = "";
  header = g_strdup_printf (PROTOCOL_MAGIC " %s %" G_GSIZE_FORMAT "\n",
                            kind != NULL && *kind != '\0' && strchr (kind, ' ') == NULL ? kind : "-",
                            strlen (prompt));
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  if (!g_output_stream_write_all (output, header, strlen (header), NULL, NULL, &error) ||
      !g_output_stream_write_all (output, prompt, strlen (prompt), NULL, NULL, &error) ||
      !read_line (input, line, sizeof line, &error))
    {
      g_printerr (_("Vireo did not answer ssh: %s\n"), error->message);
      return 1;
    }

  if (!g_str_has_prefix (line, "OK ") ||
      !g_ascii_string_to_unsigned (line + 3, 10, 0, MAX_ANSWER_BYTES, &length, NULL))
    return 1;

  answer = g_malloc0 (length + 1);
  if (!g_input_stream_read_all (input, answer, length, &got, NULL, &error) || got != length)
    {
      explicit_bzero (answer, length);
      return 1;
    }

  /* ssh reads "confirm" prompts from the exit status alone. */
  if (g_strcmp0 (kind, "confirm") == 0 || g_strcmp0 (kind, "none") == 0)
    {
      gboolean yes = g_strcmp0 (answer, "yes") == 0;
      explicit_bzero (answer, length);
      return yes ? 0 : 1;
    }

  fwrite (answer, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
  explicit_bzero (answer, length);

  return 0;
}
