/* test-askpass.c: ssh prompts relayed through the real `vireo` binary to the app
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vireo-askpass.h"
#include "vireo-core.h"
#include "vireo-test-utils.h"

#define TIMEOUT_MS 10000

static const char *host_key_prompt =
  "The authenticity of host '[127.0.0.1]:2222 ([127.0.0.1]:2222)' can't be established.\n"
  "ED25519 key fingerprint is SHA256:Q2x1ZWxlc3MtZmFrZS1maW5nZXJwcmludC1mb3ItdGVzdHM.\n"
  "This key is not known by any other names.\n"
  "Are you sure you want to continue connecting (yes/no/[fingerprint])? ";

static void
test_classify (void **state)
{
  struct {
    const char         *prompt;
    const char         *kind;
    VireoAuthFieldKind  expected;
  } cases[] = {
    { "root@127.0.0.1's password: ", NULL, VIREO_AUTH_FIELD_PASSWORD },
    { "Enter passphrase for key '/root/.ssh/id_ed25519': ", NULL, VIREO_AUTH_FIELD_PASSPHRASE },
    { "Enter PIN for ECDSA-SK key: ", NULL, VIREO_AUTH_FIELD_SECRET },
    { "Allow use of key /root/.ssh/id_ed25519?", "confirm", VIREO_AUTH_FIELD_CONFIRM },
    { "Confirm user presence for key ED25519-SK", "none", VIREO_AUTH_FIELD_CONFIRM },
    { "(root@host) Verification code: ", NULL, VIREO_AUTH_FIELD_SECRET },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VireoAuthRequest) request = vireo_askpass_request_for_prompt (cases[i].prompt, cases[i].kind);

      assert_int_equal (vireo_auth_request_get_n_fields (request), 1);
      assert_int_equal (vireo_auth_request_get_field_kind (request, 0), cases[i].expected);
      assert_int_equal (vireo_auth_request_get_source (request), VIREO_AUTH_SOURCE_SSH);
      assert_null (vireo_auth_request_get_fingerprint (request));
    }

  {
    g_autoptr(VireoAuthRequest) request = vireo_askpass_request_for_prompt (host_key_prompt, NULL);

    assert_int_equal (vireo_auth_request_get_field_kind (request, 0), VIREO_AUTH_FIELD_HOST_KEY);
    assert_string_equal (vireo_auth_request_get_fingerprint (request),
                         "SHA256:Q2x1ZWxlc3MtZmFrZS1maW5nZXJwcmludC1mb3ItdGVzdHM");
    assert_non_null (strstr (vireo_auth_request_get_message (request), "[127.0.0.1]:2222"));
  }
}

typedef struct
{
  const char       *answer;   /* NULL: cancel */
  VireoAuthRequest *seen;
  gboolean          hold;     /* keep it pending */
} Script;

static void
on_request (VireoAskpassServer *server,
            VireoAuthRequest   *request,
            Script             *script)
{
  g_set_object (&script->seen, request);
  if (script->hold)
    return;
  if (script->answer == NULL)
    vireo_auth_request_cancel (request);
  else
    vireo_auth_request_respond (request, (const char * const[]) { script->answer, NULL });
}

typedef struct
{
  GSubprocess *process;
  char        *out;
  gboolean     done;
  GError      *error;
} Run;

static void
on_communicated (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Run *run = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, NULL, &run->error);
  run->done = TRUE;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

/* Starts the helper exactly as ssh does under libvirt: through the "vireo-askpass" link, the
 * prompt as its only argument, and an environment without our socket variable. */
static void
run_helper (VireoAskpassServer *server,
            const char         *prompt,
            const char         *prompt_kind,
            Run                *run)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  g_subprocess_launcher_unsetenv (launcher, VIREO_ASKPASS_SOCKET_ENV);
  if (prompt_kind != NULL)
    g_subprocess_launcher_setenv (launcher, "SSH_ASKPASS_PROMPT", prompt_kind, TRUE);

  run->process = g_subprocess_launcher_spawn (launcher, &run->error,
                                              vireo_askpass_server_get_path (server), prompt, NULL);
  assert_non_null (run->process);
  g_subprocess_communicate_utf8_async (run->process, NULL, NULL, on_communicated, run);
  assert_true (vireo_test_wait_until (run_done, run, TIMEOUT_MS));
  assert_null (run->error);
  g_subprocess_wait (run->process, NULL, NULL);
}

static void
run_clear (Run *run)
{
  g_clear_object (&run->process);
  g_clear_pointer (&run->out, g_free);
  g_clear_error (&run->error);
  run->done = FALSE;
}

static VireoAskpassServer *
new_server (void)
{
  const char *binary = g_getenv ("VIREO_BINARY");
  g_autoptr(GError) error = NULL;
  VireoAskpassServer *server;

  assert_non_null (binary);
  server = vireo_askpass_server_new (binary, &error);
  assert_null (error);
  assert_non_null (server);
  assert_string_equal (g_getenv ("SSH_ASKPASS"), vireo_askpass_server_get_path (server));
  assert_string_equal (g_getenv ("SSH_ASKPASS_REQUIRE"), "force");
  return server;
}

static void
test_password_relayed (void **state)
{
  g_autoptr(VireoAskpassServer) server = new_server ();
  Script script = { "s3cret with spaces", NULL, FALSE };
  Run run = { 0 };

  g_signal_connect (server, "request", G_CALLBACK (on_request), &script);
  run_helper (server, "root@127.0.0.1's password: ", NULL, &run);
  assert_non_null (script.seen);
  assert_int_equal (vireo_auth_request_get_field_kind (script.seen, 0), VIREO_AUTH_FIELD_PASSWORD);
  assert_true (g_subprocess_get_successful (run.process));
  assert_string_equal (run.out, "s3cret with spaces\n");
  run_clear (&run);
  g_clear_object (&script.seen);
}

static void
test_host_key_refused (void **state)
{
  g_autoptr(VireoAskpassServer) server = new_server ();
  Script script = { "no", NULL, FALSE };
  Run run = { 0 };

  g_signal_connect (server, "request", G_CALLBACK (on_request), &script);
  run_helper (server, host_key_prompt, NULL, &run);
  assert_int_equal (vireo_auth_request_get_field_kind (script.seen, 0), VIREO_AUTH_FIELD_HOST_KEY);
  assert_string_equal (run.out, "no\n");
  run_clear (&run);
  g_clear_object (&script.seen);
}

static void
test_cancelled (void **state)
{
  g_autoptr(VireoAskpassServer) server = new_server ();
  Script script = { NULL, NULL, FALSE };
  Run run = { 0 };

  g_signal_connect (server, "request", G_CALLBACK (on_request), &script);
  run_helper (server, "Enter passphrase for key '/k': ", NULL, &run);
  assert_non_null (script.seen);
  assert_false (g_subprocess_get_successful (run.process));
  assert_string_equal (run.out, "");
  run_clear (&run);
  g_clear_object (&script.seen);
}

static void
test_unhandled_refused (void **state)
{
  g_autoptr(VireoAskpassServer) server = new_server ();
  Run run = { 0 };

  /* Nobody listens: never accept silently. */
  run_helper (server, host_key_prompt, NULL, &run);
  assert_false (g_subprocess_get_successful (run.process));
  assert_string_equal (run.out, "");
  run_clear (&run);
}

static void
test_confirm_by_status (void **state)
{
  g_autoptr(VireoAskpassServer) server = new_server ();
  Script script = { "yes", NULL, FALSE };
  Run run = { 0 };

  g_signal_connect (server, "request", G_CALLBACK (on_request), &script);
  run_helper (server, "Allow use of key /k?", "confirm", &run);
  assert_int_equal (vireo_auth_request_get_field_kind (script.seen, 0), VIREO_AUTH_FIELD_CONFIRM);
  assert_true (g_subprocess_get_successful (run.process));
  assert_string_equal (run.out, "");
  run_clear (&run);

  script.answer = "";
  run_helper (server, "Allow use of key /k?", "confirm", &run);
  assert_false (g_subprocess_get_successful (run.process));
  run_clear (&run);
  g_clear_object (&script.seen);
}

static void
test_server_gone (void **state)
{
  g_autoptr(VireoAskpassServer) server = new_server ();
  g_autofree char *link = g_strdup (vireo_askpass_server_get_path (server));
  g_autofree char *dir = g_path_get_dirname (link);

  g_clear_object (&server);
  /* The private directory goes with the server. */
  assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_classify),
    cmocka_unit_test (test_password_relayed),
    cmocka_unit_test (test_host_key_refused),
    cmocka_unit_test (test_cancelled),
    cmocka_unit_test (test_unhandled_refused),
    cmocka_unit_test (test_confirm_by_status),
    cmocka_unit_test (test_server_gone),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
