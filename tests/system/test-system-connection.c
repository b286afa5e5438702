/* test-system-connection.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VireoConnection against real parts: qemu+ssh through an sshd on 127.0.0.1 to a real libvirtd,
 * with ssh's prompts relayed through the VireoAskpassServer (SSH_ASKPASS = the built vireo).
 */

#define G_LOG_DOMAIN "test-system-connection"

#include "vireo-test-utils.h"

#include <signal.h>
#include <string.h>
#include <sys/types.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-askpass.h"
#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-worker.h"
#include "vireo-system-harness.h"

/* The first connection to a freshly started libvirtd waits for its QEMU probe (~12 s here). */
#define OPEN_TIMEOUT_MS      120000
#define JOB_TIMEOUT_MS       60000
#define RECONNECT_TIMEOUT_MS 120000

static VireoSystemLibvirtd *libvirtd;
static VireoSystemSshd     *sshd;
static VireoAskpassServer  *askpass;

/* --- prompts ---------------------------------------------------------------------------------- */

/* What the askpass handler answers, and what it saw (reset by every test). */
static struct
{
  const char *host_key_answer;  /* "yes", "no" */
  guint       n_requests;       /* everything ssh asked */
  guint       n_host_key;
  guint       n_libvirt;        /* ::auth-request of the connection */
  char       *fingerprint;
  char       *last_message;
} prompts;

static void
prompts_reset (const char *host_key_answer)
{
  g_clear_pointer (&prompts.fingerprint, g_free);
  g_clear_pointer (&prompts.last_message, g_free);
  memset (&prompts, 0, sizeof prompts);
  prompts.host_key_answer = host_key_answer;
}

static void
on_askpass_request (VireoAskpassServer *server,
                    VireoAuthRequest   *request,
                    gpointer            user_data)
{
  prompts.n_requests++;
  g_free (prompts.last_message);
  prompts.last_message = g_strdup (vireo_auth_request_get_message (request));
  g_printerr ("# askpass request %u: %s\n", prompts.n_requests, prompts.last_message);

  if (vireo_auth_request_get_n_fields (request) == 1 &&
      vireo_auth_request_get_field_kind (request, 0) == VIREO_AUTH_FIELD_HOST_KEY &&
      prompts.host_key_answer != NULL)
    {
      const char *answers[] = { prompts.host_key_answer, NULL };

      prompts.n_host_key++;
      g_free (prompts.fingerprint);
      prompts.fingerprint = g_strdup (vireo_auth_request_get_fingerprint (request));
      vireo_auth_request_respond (request, answers);
      return;
    }

  /* Nothing else should be asked: no passwords, the key has no passphrase. */
  vireo_auth_request_cancel (request);
}

static void
on_libvirt_auth_request (VireoConnection  *connection,
                         VireoAuthRequest *request,
                         gpointer          user_data)
{
  prompts.n_libvirt++;
  g_printerr ("# libvirt auth request: %s\n", vireo_auth_request_get_message (request));
  vireo_auth_request_cancel (request);
}

/* --- helpers ---------------------------------------------------------------------------------- */

static void
assert_no_error_impl (const GError *error,
                      const char   *file,
                      int           line)
{
  if (error != NULL)
    {
      g_autofree char *log = sshd != NULL ? vireo_system_sshd_dup_log (sshd) : NULL;

      print_error ("ERROR: unexpected error %s/%d: %s\n# sshd log:\n%s\n",
                   g_quark_to_string (error->domain), error->code, error->message, log ? log : "");
      _fail (file, line);
    }
}
#define assert_no_error(e) assert_no_error_impl ((e), __FILE__, __LINE__)

typedef struct
{
  VireoConnection      *connection;
  VireoConnectionState  state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return vireo_connection_get_state (wait->connection) == wait->state;
}

static gboolean
wait_for_state (VireoConnection      *connection,
                VireoConnectionState  state,
                guint                 timeout_ms)
{
  StateWait wait = { connection, state };

  return vireo_test_wait_until (state_is, &wait, timeout_ms);
}

static char *
make_uri (const char  *name,
          guint        port,
          const char  *keyfile,
          char       **known_hosts_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wrapper = NULL;

  wrapper = vireo_system_sshd_make_ssh_wrapper (sshd, name, known_hosts_out, &error);
  assert_no_error (error);
  return vireo_system_sshd_build_uri (sshd, port, keyfile, wrapper);
}

static VireoConnection *
new_connection (const char *uri)
{
  VireoConnection *connection = vireo_connection_new (uri);

  g_printerr ("# connecting to %s\n", uri);
  g_signal_connect (connection, "auth-request", G_CALLBACK (on_libvirt_auth_request), NULL);
  return connection;
}

/* Opens @connection and returns whether it succeeded (error in @error). */
static gboolean
open_connection (VireoConnection  *connection,
                 GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vireo_connection_open_async (connection, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, OPEN_TIMEOUT_MS);
  if (result == NULL)
    fail_msg ("open did not finish within %d ms (state %d)", OPEN_TIMEOUT_MS,
              vireo_connection_get_state (connection));
  return vireo_connection_open_finish (connection, result, error);
}

static gboolean
weak_pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

/* Closes (when open), drops the last reference and waits until the connection is finalized: a job
 * still finishing on the worker may hold the last reference for a moment. */
static void
close_and_finalize (VireoConnection *connection)
{
  gpointer weak = connection;

  if (vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *slot = NULL;

      vireo_connection_close_async (connection, NULL, vireo_test_async_cb, &slot);
      result = vireo_test_wait_result (&slot, JOB_TIMEOUT_MS);
      assert_non_null (result);
      assert_true (vireo_connection_close_finish (connection, result, &error));
      assert_no_error (error);
      assert_int_equal (vireo_connection_get_state (connection),
                        VIREO_CONNECTION_STATE_DISCONNECTED);
    }

  g_signal_handlers_disconnect_by_func (connection, on_libvirt_auth_request, NULL);
  g_object_add_weak_pointer (G_OBJECT (connection), &weak);
  g_object_unref (connection);
  if (!vireo_test_wait_until (weak_pointer_cleared, &weak, 10000))
    fail_msg ("the connection was not finalized within 10 s of its last reference");
}

/* The job: list all domains on the worker's thread, return how many. */
static void
list_domains_job (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  virConnectPtr conn = task_data;
  virDomainPtr *domains = NULL;
  int n;

  n = virConnectListAllDomains (conn, &domains, 0);
  if (n < 0)
    {
      GError *error = NULL;

      vireo_set_error_from_libvirt (&error, "virConnectListAllDomains failed");
      g_task_return_error (task, error);
      return;
    }
  for (int i = 0; i < n; i++)
    virDomainFree (domains[i]);
  free (domains);
  g_task_return_int (task, n);
}

static gssize
list_domains (VireoConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  GAsyncResult *slot = NULL;
  VireoWorker *worker = vireo_connection_get_worker (connection);
  gpointer conn = vireo_connection_get_virconnect (connection);
  gssize n;

  assert_non_null (worker);
  assert_non_null (conn);

  task = g_task_new (connection, NULL, vireo_test_async_cb, &slot);
  g_task_set_task_data (task, conn, NULL);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, task, list_domains_job);
  g_clear_object (&task);

  result = vireo_test_wait_result (&slot, JOB_TIMEOUT_MS);
  assert_non_null (result);
  n = g_task_propagate_int (G_TASK (result), &error);
  assert_no_error (error);
  return n;
}

static gboolean
host_info_filled (gpointer user_data)
{
  VireoConnection *connection = user_data;
  const char *hostname = vireo_connection_get_hostname (connection);
  const char *version = vireo_connection_get_libvirt_version (connection);

  return hostname != NULL && *hostname != '\0' && version != NULL && *version != '\0';
}

static char *
read_or_null (const char *path)
{
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents;
}

static char *
expected_history (int first,
                  ...)
{
  GString *text = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (int v = first; v >= 0; v = va_arg (args, int))
    g_string_append_printf (text, "%s%d", text->len ? "," : "", v);
  va_end (args);
  return g_string_free (text, FALSE);
}

/* --- 1: open, host key accepted, list domains ------------------------------------------------- */

static void
test_open_accept_host_key (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *known_hosts = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *kh = NULL;
  VireoTestNotifyRecorder *recorder;
  VireoConnection *connection;
  gssize n;

  uri = make_uri ("accept", 0, vireo_system_sshd_get_client_key (sshd), &known_hosts);
  prompts_reset ("yes");
  connection = new_connection (uri);
  recorder = vireo_test_notify_recorder_new (connection);

  if (!open_connection (connection, &error))
    assert_no_error (error);
  assert_no_error (error);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTED);

  expected = expected_history (VIREO_CONNECTION_STATE_CONNECTING,
                               VIREO_CONNECTION_STATE_CONNECTED, -1);
  assert_string_equal (vireo_test_notify_int_history (recorder, "state"), expected);

  /* Exactly one question, the unknown host key, carrying the sshd's real fingerprint. */
  assert_int_equal (prompts.n_host_key, 1);
  assert_int_equal (prompts.n_requests, 1);
  assert_int_equal (prompts.n_libvirt, 0);
  assert_non_null (prompts.fingerprint);
  assert_string_equal (prompts.fingerprint, vireo_system_sshd_get_host_fingerprint (sshd));

  /* The key landed in the test's own known_hosts. */
  kh = read_or_null (known_hosts);
  assert_non_null (kh);
  assert_true (strlen (kh) > 0);

  n = list_domains (connection);
  assert_true (n >= 0);
  g_printerr ("# %" G_GSSIZE_FORMAT " domains\n", n);

  if (!vireo_test_wait_until (host_info_filled, connection, JOB_TIMEOUT_MS))
    fail_msg ("hostname '%s' / libvirt-version '%s' stayed empty",
              vireo_connection_get_hostname (connection),
              vireo_connection_get_libvirt_version (connection));
  g_printerr ("# hostname %s, libvirt %s\n", vireo_connection_get_hostname (connection),
              vireo_connection_get_libvirt_version (connection));

  vireo_test_notify_recorder_free (recorder);
  close_and_finalize (connection);
}

/* --- 2: host key refused ---------------------------------------------------------------------- */

static void
test_refuse_host_key (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *known_hosts = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *other_pub = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  VireoTestNotifyRecorder *recorder;
  VireoConnection *connection;
  const char *message;

  uri = make_uri ("refuse", 0, vireo_system_sshd_get_client_key (sshd), &known_hosts);

  /* A known_hosts that knows another host only. */
  other_pub = g_strconcat (vireo_system_sshd_get_wrong_key (sshd), ".pub", NULL);
  assert_true (g_file_get_contents (other_pub, &other_key, NULL, NULL));
  before = g_strconcat ("other.invalid ", other_key, NULL);
  assert_true (g_file_set_contents (known_hosts, before, -1, NULL));

  prompts_reset ("no");
  connection = new_connection (uri);
  recorder = vireo_test_notify_recorder_new (connection);

  assert_false (open_connection (connection, &error));
  assert_non_null (error);
  g_printerr ("# refused: %s/%d: %s\n", g_quark_to_string (error->domain), error->code,
              error->message);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
  message = vireo_connection_get_error_message (connection);
  assert_non_null (message);
  assert_true (strlen (message) > 0);
  assert_non_null (vireo_connection_get_error (connection));

  expected = expected_history (VIREO_CONNECTION_STATE_CONNECTING,
                               VIREO_CONNECTION_STATE_FAILED, -1);
  assert_string_equal (vireo_test_notify_int_history (recorder, "state"), expected);

  assert_int_equal (prompts.n_host_key, 1);
  assert_string_equal (prompts.fingerprint, vireo_system_sshd_get_host_fingerprint (sshd));

  after = read_or_null (known_hosts);
  assert_non_null (after);
  assert_string_equal (after, before);

  vireo_test_notify_recorder_free (recorder);
  close_and_finalize (connection);
}

/* --- 3: a key the server does not know -------------------------------------------------------- */

static gboolean
mentions_auth_failure (const GError *error,
                       const char   *message)
{
  g_autofree char *lower = g_utf8_strdown (message ? message : "", -1);
  g_autofree char *lower_error = g_utf8_strdown (error ? error->message : "", -1);

  if (error != NULL && error->domain == VIREO_LIBVIRT_ERROR && error->code == VIR_ERR_AUTH_FAILED)
    return TRUE;
  return strstr (lower, "permission denied") != NULL ||
         strstr (lower, "authentication") != NULL ||
         strstr (lower_error, "permission denied") != NULL ||
         strstr (lower_error, "authentication") != NULL;
}

static void
test_wrong_key (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  VireoConnection *connection;
  const char *message;
  guint n_requests;
  gint64 window_end;

  uri = make_uri ("wrongkey", 0, vireo_system_sshd_get_wrong_key (sshd), NULL);
  prompts_reset ("yes");
  connection = new_connection (uri);

  assert_false (open_connection (connection, &error));
  assert_non_null (error);
  g_printerr ("# wrong key: %s/%d: %s\n", g_quark_to_string (error->domain), error->code,
              error->message);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);
  message = vireo_connection_get_error_message (connection);
  assert_non_null (message);
  assert_true (strlen (message) > 0);
  if (!mentions_auth_failure (vireo_connection_get_error (connection), message))
    fail_msg ("the failure does not say authentication failed: '%s' (%s/%d)", message,
              g_quark_to_string (error->domain), error->code);

  /* The host key question (fresh known_hosts) at most, nothing asked again and again. */
  assert_true (prompts.n_host_key <= 1);
  assert_true (prompts.n_requests <= 2);
  assert_int_equal (prompts.n_libvirt, 0);

  /* Measurement window: a failed open must stay failed, not retry (and ask) by itself. */
  n_requests = prompts.n_requests;
  window_end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < window_end)
    g_main_context_iteration (NULL, FALSE);
  assert_int_equal (prompts.n_requests, n_requests);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_FAILED);

  close_and_finalize (connection);
}

/* --- 4: a host that accepts TCP and never speaks ---------------------------------------------- */

typedef struct
{
  gint64 last;
  gint64 max_gap;
  guint  ticks;
} Watchdog;

static gboolean
watchdog_tick (gpointer user_data)
{
  Watchdog *dog = user_data;
  gint64 now = g_get_monotonic_time ();

  if (dog->last != 0 && now - dog->last > dog->max_gap)
    dog->max_gap = now - dog->last;
  dog->last = now;
  dog->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
ssh_child_gone (gpointer user_data)
{
  return vireo_system_find_child ("ssh", user_data) == 0;
}

static void
test_mute_host (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *port = NULL;
  GAsyncResult *slot = NULL;
  VireoSystemMute *mute;
  VireoConnection *connection;
  Watchdog dog = { 0 };
  guint dog_id;
  gint64 start, cancelled_at, elapsed_ms;

  mute = vireo_system_mute_new (&error);
  assert_no_error (error);
  port = g_strdup_printf ("%u", vireo_system_mute_get_port (mute));
  uri = make_uri ("mute", vireo_system_mute_get_port (mute),
                  vireo_system_sshd_get_client_key (sshd), NULL);
  prompts_reset ("yes");
  connection = new_connection (uri);

  dog_id = g_timeout_add (10, watchdog_tick, &dog);
  vireo_connection_open_async (connection, cancellable, vireo_test_async_cb, &slot);
  assert_true (wait_for_state (connection, VIREO_CONNECTION_STATE_CONNECTING, 5000));

  /* Measurement window: 2 s of main-loop time while ssh waits for a banner. */
  dog.last = 0;
  dog.max_gap = 0;
  dog.ticks = 0;
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_printerr ("# watchdog: %u ticks in 2 s, largest gap %" G_GINT64_FORMAT " ms\n",
              dog.ticks, dog.max_gap / 1000);
  assert_true (dog.max_gap <= 100 * 1000);
  assert_true (dog.ticks >= 10);
  assert_null (slot);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTING);
  assert_int_equal (prompts.n_requests, 0);
  /* ssh really is the one waiting (and our wrapper was used). */
  assert_true (vireo_system_find_child ("ssh", port) != 0);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  result = vireo_test_wait_result (&slot, 500);
  elapsed_ms = (g_get_monotonic_time () - cancelled_at) / 1000;
  g_printerr ("# cancel took %" G_GINT64_FORMAT " ms; watchdog gap %" G_GINT64_FORMAT " ms\n",
              elapsed_ms, dog.max_gap / 1000);
  if (result == NULL)
    fail_msg ("open_async did not return within 500 ms of the cancel (state %d)",
              vireo_connection_get_state (connection));
  assert_false (vireo_connection_open_finish (connection, result, &error));
  assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);
  assert_true (dog.max_gap <= 100 * 1000);
  g_source_remove (dog_id);
  /* The result (a GTask) holds the connection as its source object. */
  g_clear_object (&result);

  /* Closing the listener resets ssh's connection: ssh exits, the abandoned open returns. */
  vireo_system_mute_free (mute);
  if (!vireo_test_wait_until (ssh_child_gone, port, 30000))
    fail_msg ("ssh to the mute port still runs 30 s after the listener closed");
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_DISCONNECTED);

  close_and_finalize (connection);
}

/* --- 5: the transport dies, the connection comes back ----------------------------------------- */

static void
on_reconnected (VireoConnection *connection,
                gpointer         user_data)
{
  (*(guint *) user_data)++;
}

typedef struct
{
  VireoConnection *connection;
  guint           *reconnected;
} ReconnectWait;

static gboolean
reconnected_cb (gpointer user_data)
{
  ReconnectWait *wait = user_data;

  return *wait->reconnected > 0 &&
         vireo_connection_get_state (wait->connection) == VIREO_CONNECTION_STATE_CONNECTED;
}

static void
test_reconnect (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *port = g_strdup_printf ("%u", vireo_system_sshd_get_port (sshd));
  g_autofree char *expected_end = NULL;
  g_autofree char *failed = NULL;
  VireoTestNotifyRecorder *recorder;
  VireoConnection *connection;
  const char *history;
  guint reconnected = 0;
  ReconnectWait wait;
  GPid ssh_pid, new_ssh_pid;

  uri = make_uri ("reconnect", 0, vireo_system_sshd_get_client_key (sshd), NULL);
  prompts_reset ("yes");
  connection = new_connection (uri);
  g_signal_connect (connection, "reconnected", G_CALLBACK (on_reconnected), &reconnected);
  assert_true (vireo_connection_get_auto_reconnect (connection));

  if (!open_connection (connection, &error))
    assert_no_error (error);
  assert_int_equal (vireo_connection_get_state (connection), VIREO_CONNECTION_STATE_CONNECTED);
  assert_true (list_domains (connection) >= 0);

  ssh_pid = vireo_system_find_child ("ssh", port);
  if (ssh_pid == 0)
    fail_msg ("no ssh child of ours with the argument %s", port);
  g_printerr ("# killing ssh pid %d\n", (int) ssh_pid);

  recorder = vireo_test_notify_recorder_new (connection);
  assert_int_equal (kill (ssh_pid, SIGKILL), 0);

  wait.connection = connection;
  wait.reconnected = &reconnected;
  if (!vireo_test_wait_until (reconnected_cb, &wait, RECONNECT_TIMEOUT_MS))
    fail_msg ("no reconnect within %d ms: state %d, ::reconnected %u times, "
              "state history '%s', error '%s'",
              RECONNECT_TIMEOUT_MS, vireo_connection_get_state (connection), reconnected,
              vireo_test_notify_int_history (recorder, "state"),
              vireo_connection_get_error_message (connection));

  history = vireo_test_notify_int_history (recorder, "state");
  g_printerr ("# state history after the kill: %s; ::reconnected %u\n", history, reconnected);
  /* It left CONNECTED (to DISCONNECTED or CONNECTING) and came back to CONNECTED. */
  assert_true (history != NULL && strlen (history) >= 3);
  assert_true (history[0] - '0' == VIREO_CONNECTION_STATE_DISCONNECTED ||
               history[0] - '0' == VIREO_CONNECTION_STATE_CONNECTING);
  expected_end = g_strdup_printf (",%d", VIREO_CONNECTION_STATE_CONNECTED);
  assert_true (g_str_has_suffix (history, expected_end));
  /* Never FAILED on the way: sshd stayed up, the first attempt must work. */
  failed = g_strdup_printf ("%d", VIREO_CONNECTION_STATE_FAILED);
  assert_null (strstr (history, failed));
  assert_int_equal (reconnected, 1);

  /* Through a new ssh process, and usable. */
  new_ssh_pid = vireo_system_find_child ("ssh", port);
  assert_true (new_ssh_pid != 0 && new_ssh_pid != ssh_pid);
  assert_true (list_domains (connection) >= 0);

  vireo_test_notify_recorder_free (recorder);
  g_signal_handlers_disconnect_by_func (connection, on_reconnected, &reconnected);
  close_and_finalize (connection);
}

/* --- main ------------------------------------------------------------------------------------- */

static int
group_setup (void **state)
{
  g_autoptr(GError) error = NULL;

  libvirtd = vireo_system_libvirtd_ensure (&error);
  if (libvirtd == NULL)
    {
      g_printerr ("# libvirtd: %s\n", error->message);
      return -1;
    }
  sshd = vireo_system_sshd_start (&error);
  if (sshd == NULL)
    {
      g_printerr ("# sshd: %s\n", error->message);
      return -1;
    }
  g_printerr ("# libvirtd pid %d (0: not ours), sshd pid %d on port %u\n",
              (int) vireo_system_libvirtd_get_pid (libvirtd),
              (int) vireo_system_sshd_get_pid (sshd), vireo_system_sshd_get_port (sshd));
  return 0;
}

static int
group_teardown (void **state)
{
  g_clear_pointer (&sshd, vireo_system_sshd_stop);
  g_clear_pointer (&libvirtd, vireo_system_libvirtd_stop);
  prompts_reset (NULL);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_open_accept_host_key),
    cmocka_unit_test (test_refuse_host_key),
    cmocka_unit_test (test_wrong_key),
    cmocka_unit_test (test_mute_host),
    cmocka_unit_test (test_reconnect),
  };
  g_autoptr(GError) error = NULL;
  const char *binary;
  int ret;

  if (!vireo_system_can_run ())
    return 0;

  g_log_writer_default_set_use_stderr (TRUE);

  if (!vireo_core_init (&error))
    {
      g_printerr ("vireo_core_init: %s\n", error->message);
      return 1;
    }

  binary = g_getenv ("VIREO_BINARY");
  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("VIREO_BINARY (the built vireo, ssh's askpass) is not set or not executable\n");
      return 1;
    }
  askpass = vireo_askpass_server_new (binary, &error);
  if (askpass == NULL)
    {
      g_printerr ("vireo_askpass_server_new: %s\n", error->message);
      return 1;
    }
  g_signal_connect (askpass, "request", G_CALLBACK (on_askpass_request), NULL);

  ret = cmocka_run_group_tests_name ("system-connection", tests, group_setup, group_teardown);

  g_clear_object (&askpass);
  return ret;
}
