/* test-connection.c: VireoConnection against libvirt's in-process test driver
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-test-utils.h"

#define TIMEOUT_MS 10000

/* "disconnected,connecting,connected,failed" as numbers */
#define DISCONNECTED "0"
#define CONNECTING   "1"
#define CONNECTED    "2"
#define FAILED       "3"

static gboolean
open_sync (VireoConnection  *connection,
           GError          **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_connection_open_async (connection, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_connection_open_finish (connection, result, error);
}

static void
test_open_close (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  VireoTestNotifyRecorder *recorder = vireo_test_notify_recorder_new (connection);
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_string_equal (vireo_connection_get_label (connection), "Test driver");
  assert_false (vireo_connection_get_is_remote (connection));
  assert_null (vireo_connection_get_worker (connection));

  vireo_connection_open_async (connection, NULL, vireo_test_async_cb, &slot);
  /* The state changes at once, before any libvirt call returned. */
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTING);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_true (vireo_connection_open_finish (connection, result, &error));
  assert_null (error);

  assert_string_equal (vireo_test_notify_int_history (recorder, "state"), CONNECTING "," CONNECTED);
  assert_int_equal (vireo_test_notify_count (recorder, "state"), 2);
  assert_non_null (vireo_connection_get_worker (connection));
  assert_non_null (vireo_connection_get_virconnect (connection));
  assert_null (vireo_connection_get_error_message (connection));

  /* Host facts read by the worker: the test driver's fake host. */
  assert_string_equal (vireo_connection_get_hypervisor (connection), "TEST");
  assert_non_null (vireo_connection_get_hostname (connection));
  assert_non_null (vireo_connection_get_libvirt_version (connection));
  assert_true (g_str_has_prefix (vireo_connection_get_libvirt_version (connection), "9."));
  assert_int_equal (vireo_connection_get_host_cpus (connection), 16);
  assert_int_equal (vireo_connection_get_host_mhz (connection), 1400);
  assert_int_equal (vireo_connection_get_host_memory_kib (connection), 3 * 1024 * 1024);
  assert_string_equal (vireo_connection_get_host_cpu_model (connection), "i686");
  assert_int_equal (vireo_test_notify_count (recorder, "hostname"), 1);

  /* Opening an open connection succeeds without another state change. */
  assert_true (open_sync (connection, NULL));
  assert_int_equal (vireo_test_notify_count (recorder, "state"), 2);

  vireo_test_notify_recorder_reset (recorder);
  g_clear_object (&result);
  vireo_connection_close_async (connection, NULL, vireo_test_async_cb, &slot);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_null (vireo_connection_get_worker (connection));
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_true (vireo_connection_close_finish (connection, result, NULL));
  assert_string_equal (vireo_test_notify_int_history (recorder, "state"), DISCONNECTED);

  vireo_test_notify_recorder_free (recorder);
  g_clear_object (&result);
  vireo_test_assert_finalize (g_steal_pointer (&connection));
}

static void
test_cancel_open (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_connection_open_async (connection, cancellable, vireo_test_async_cb, &slot);
  g_cancellable_cancel (cancellable);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_false (vireo_connection_open_finish (connection, result, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_null (vireo_connection_get_error_message (connection));
  assert_null (vireo_connection_get_virconnect (connection));

  /* A cancelled attempt does not stand in the way of the next one. */
  assert_true (open_sync (connection, NULL));
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTED);
}

static void
test_disconnect_while_connecting (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_connection_open_async (connection, NULL, vireo_test_async_cb, &slot);
  vireo_connection_disconnect (connection);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_false (vireo_connection_open_finish (connection, result, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_null (vireo_connection_get_virconnect (connection));
}

static void
test_open_twice (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  g_autoptr(GError) error = NULL;
  GAsyncResult *first = NULL;
  g_autoptr(GAsyncResult) first_result = NULL;

  vireo_connection_open_async (connection, NULL, vireo_test_async_cb, &first);
  assert_false (open_sync (connection, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING));
  first_result = vireo_test_wait_result (&first, TIMEOUT_MS);
  assert_true (vireo_connection_open_finish (connection, first_result, NULL));
}

static void
test_invalid_uri (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("qemu+ssh://[::1/system");
  g_autoptr(GError) error = NULL;

  assert_false (open_sync (connection, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_URI));
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
  assert_non_null (vireo_connection_get_error_message (connection));
  assert_non_null (strstr (vireo_connection_get_error_message (connection), "qemu+ssh://[::1/system"));
  /* Never a reconnect loop for a URI that cannot work. */
  assert_false (vireo_connection_get_reconnecting (connection));
}

static void
test_missing_file (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///nonexistent/vireo.xml");
  g_autoptr(GError) error = NULL;

  assert_false (open_sync (connection, &error));
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
  assert_string_equal (vireo_connection_get_error_message (connection), error->message);
  assert_non_null (strstr (error->message, "/nonexistent/vireo.xml"));
}

static gboolean
on_incoming_hang_up (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     gpointer           data)
{
  /* A daemon that dies as the client arrives: accept, then close without a word. */
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static void
test_daemon_dies_mid_open (void **state)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(VireoConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL, &bound, NULL));
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_hang_up), NULL);
  g_socket_service_start (service);

  uri = g_strdup_printf ("qemu+tcp://127.0.0.1:%u/system",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  connection = vireo_connection_new (uri);
  assert_false (open_sync (connection, &error));
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
  assert_true (strlen (vireo_connection_get_error_message (connection)) > 0);
  /* libvirt words it "End of file while reading data" or "client socket is closed", by timing. */
  assert_false (vireo_connection_get_reconnecting (connection));
  g_socket_service_stop (service);
}

static void
on_reconnected (VireoConnection *connection,
                guint           *count)
{
  (*count)++;
}

static gboolean
uint_nonzero (gpointer data)
{
  return *(guint *) data != 0;
}

static void
test_closed_under_it (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  VireoTestNotifyRecorder *recorder;
  guint reconnected = 0;

  assert_true (open_sync (connection, NULL));
  recorder = vireo_test_notify_recorder_new (connection);
  g_signal_connect (connection, "reconnected", G_CALLBACK (on_reconnected), &reconnected);

  /* The test driver never drops; this is what libvirt's close callback calls (the system suite
   * kills a real ssh transport instead). */
  vireo_connection_handle_closed (connection, VIR_CONNECT_CLOSE_REASON_EOF);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_true (vireo_connection_get_reconnecting (connection));
  assert_non_null (vireo_connection_get_error_message (connection));
  assert_null (vireo_connection_get_virconnect (connection));

  assert_true (vireo_test_wait_until (uint_nonzero, &reconnected, TIMEOUT_MS));
  assert_int_equal (reconnected, 1);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTED);
  assert_false (vireo_connection_get_reconnecting (connection));
  assert_null (vireo_connection_get_error_message (connection));
  assert_non_null (vireo_connection_get_virconnect (connection));
  assert_string_equal (vireo_test_notify_int_history (recorder, "state"),
                       DISCONNECTED "," CONNECTING "," CONNECTED);
  assert_string_equal (vireo_test_notify_int_history (recorder, "reconnecting"), "1,0");

  /* A close we asked for is not "under us". */
  vireo_connection_handle_closed (connection, VIR_CONNECT_CLOSE_REASON_CLIENT);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTED);

  vireo_test_notify_recorder_free (recorder);
}

static void
test_closed_without_auto_reconnect (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");

  vireo_connection_set_auto_reconnect (connection, FALSE);
  assert_true (open_sync (connection, NULL));
  vireo_connection_handle_closed (connection, VIR_CONNECT_CLOSE_REASON_KEEPALIVE);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_false (vireo_connection_get_reconnecting (connection));
  assert_non_null (vireo_connection_get_error_message (connection));
}

typedef struct
{
  const char * const *answers; /* NULL: cancel */
  guint               n_requests;
  GString            *kinds;
} AuthScript;

static void
on_auth_request (VireoConnection  *connection,
                 VireoAuthRequest *request,
                 AuthScript       *script)
{
  script->n_requests++;
  for (guint i = 0; i < vireo_auth_request_get_n_fields (request); i++)
    g_string_append_printf (script->kinds, "%d;", vireo_auth_request_get_field_kind (request, i));

  assert_false (vireo_auth_request_is_finished (request));
  if (script->answers == NULL)
    {
      vireo_auth_request_cancel (request);
      return;
    }

  /* The test driver asks for the user name, then the password, one credential at a time. */
  vireo_auth_request_respond (request, (const char * const[]) {
                                script->answers[script->n_requests - 1], NULL });
}

static VireoConnection *
auth_connection (void)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-auth.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);

  return vireo_connection_new (uri);
}

static void
test_auth_answered (void **state)
{
  g_autoptr(VireoConnection) connection = auth_connection ();
  const char * const answers[] = { "vireo", "correct horse", NULL };
  AuthScript script = { answers, 0, g_string_new (NULL) };
  g_autofree char *expected = g_strdup_printf ("%d;%d;", VIREO_AUTH_FIELD_USERNAME, VIREO_AUTH_FIELD_PASSWORD);

  g_signal_connect (connection, "auth-request", G_CALLBACK (on_auth_request), &script);
  assert_true (open_sync (connection, NULL));
  assert_int_equal (script.n_requests, 2);
  assert_string_equal (script.kinds->str, expected);
  g_string_free (script.kinds, TRUE);
}

static void
test_auth_wrong_password (void **state)
{
  g_autoptr(VireoConnection) connection = auth_connection ();
  const char * const answers[] = { "vireo", "wrong", NULL };
  AuthScript script = { answers, 0, g_string_new (NULL) };
  g_autoptr(GError) error = NULL;

  g_signal_connect (connection, "auth-request", G_CALLBACK (on_auth_request), &script);
  assert_false (open_sync (connection, &error));
  assert_true (g_error_matches (error, VIREO_LIBVIRT_ERROR, VIR_ERR_AUTH_FAILED));
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
  assert_non_null (vireo_error_get_hint (error));
  g_string_free (script.kinds, TRUE);
}

static gboolean
stopped_failed (gpointer data)
{
  return vireo_connection_get_state (data) == VIREO_CONNECTION_STATE_FAILED &&
         !vireo_connection_get_reconnecting (data);
}

static void
test_reconnect_stops_on_refused_credentials (void **state)
{
  g_autoptr(VireoConnection) connection = auth_connection ();
  /* Right the first time; after the close the user types a wrong password. */
  const char * const answers[] = { "vireo", "correct horse", "vireo", "wrong", "vireo", "wrong", NULL };
  AuthScript script = { answers, 0, g_string_new (NULL) };

  g_signal_connect (connection, "auth-request", G_CALLBACK (on_auth_request), &script);
  assert_true (open_sync (connection, NULL));
  vireo_connection_handle_closed (connection, VIR_CONNECT_CLOSE_REASON_EOF);
  assert_true (vireo_connection_get_reconnecting (connection));

  /* One failed attempt, then no more nagging: the user has to act. */
  assert_true (vireo_test_wait_until (stopped_failed, connection, TIMEOUT_MS));
  assert_int_equal (script.n_requests, 4);
  assert_true (g_error_matches (vireo_connection_get_error (connection), VIREO_LIBVIRT_ERROR,
                                VIR_ERR_AUTH_FAILED));
  g_string_free (script.kinds, TRUE);
}

static void
test_auth_cancelled (void **state)
{
  g_autoptr(VireoConnection) connection = auth_connection ();
  AuthScript script = { NULL, 0, g_string_new (NULL) };
  g_autoptr(GError) error = NULL;

  g_signal_connect (connection, "auth-request", G_CALLBACK (on_auth_request), &script);
  assert_false (open_sync (connection, &error));
  assert_int_equal (script.n_requests, 1);
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
  g_string_free (script.kinds, TRUE);
}

static void
test_auth_unhandled (void **state)
{
  g_autoptr(VireoConnection) connection = auth_connection ();
  g_autoptr(GError) error = NULL;

  /* Nobody to ask: the request is cancelled, the open fails instead of hanging. */
  assert_false (open_sync (connection, &error));
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
}

static void
on_auth_request_hold (VireoConnection   *connection,
                      VireoAuthRequest  *request,
                      VireoAuthRequest **held)
{
  *held = g_object_ref (request);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
request_finished (gpointer data)
{
  return vireo_auth_request_is_finished (data);
}

static void
test_cancel_during_auth (void **state)
{
  g_autoptr(VireoConnection) connection = auth_connection ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(VireoAuthRequest) held = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_signal_connect (connection, "auth-request", G_CALLBACK (on_auth_request_hold), &held);
  vireo_connection_open_async (connection, cancellable, vireo_test_async_cb, &slot);
  assert_true (vireo_test_wait_until (pointer_set, &held, TIMEOUT_MS));

  /* The user closes the connection while the dialog is up: the waiting worker is released and
   * the dialog learns the request is over. */
  g_cancellable_cancel (cancellable);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_false (vireo_connection_open_finish (connection, result, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  /* The worker may still be on its way into the wait: the request ends as soon as it gets there. */
  assert_true (vireo_test_wait_until (request_finished, held, TIMEOUT_MS));
  assert_null (vireo_auth_request_dup_answers (held));
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_open_close),
    cmocka_unit_test (test_cancel_open),
    cmocka_unit_test (test_disconnect_while_connecting),
    cmocka_unit_test (test_open_twice),
    cmocka_unit_test (test_invalid_uri),
    cmocka_unit_test (test_missing_file),
    cmocka_unit_test (test_daemon_dies_mid_open),
    cmocka_unit_test (test_closed_under_it),
    cmocka_unit_test (test_closed_without_auto_reconnect),
    cmocka_unit_test (test_auth_answered),
    cmocka_unit_test (test_auth_wrong_password),
    cmocka_unit_test (test_auth_cancelled),
    cmocka_unit_test (test_reconnect_stops_on_refused_credentials),
    cmocka_unit_test (test_auth_unhandled),
    cmocka_unit_test (test_cancel_during_auth),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
