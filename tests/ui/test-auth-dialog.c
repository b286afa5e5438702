/* test-auth-dialog.c: VireoAuthDialog answers only what the user chose
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-askpass.h"
#include "vireo-auth-dialog.h"
#include "vireo-ui-test.h"

#define HOST_KEY_PROMPT \
  "The authenticity of host 'kvm.example.com (192.0.2.10)' can't be established.\n" \
  "ED25519 key fingerprint is SHA256:Ew7pD3lL6y8vWq3oZk1n2d5T9rQmX0aBcDeFgHiJkLm.\n" \
  "This key is not known by any other names.\n" \
  "Are you sure you want to continue connecting (yes/no/[fingerprint])? "

static VireoAuthRequest *
host_key_request (void)
{
  VireoAuthRequest *request = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, NULL, HOST_KEY_PROMPT);

  vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_HOST_KEY, HOST_KEY_PROMPT, NULL);

  return request;
}

static gboolean
is_finished (gpointer request)
{
  return vireo_auth_request_is_finished (request);
}

static GtkWidget *
present_dialog (VireoAuthRequest *request)
{
  GtkWidget *dialog = g_object_ref (vireo_auth_dialog_new (NULL, request));

  vireo_ui_test_present (dialog);

  return dialog;
}

/* The answers a finished request got; NULL when it was cancelled. */
static char **
answers_of (VireoAuthRequest *request)
{
  assert_true (vireo_auth_request_is_finished (request));

  return vireo_auth_request_dup_answers (request);
}

static void
assert_closed_and_finalized (GtkWidget *dialog)
{
  vireo_ui_test_flush ();
  assert_false (gtk_widget_get_visible (dialog));
  vireo_test_assert_finalize (dialog);
}

static void
test_host_key_trust (void **state)
{
  g_autoptr(VireoAuthRequest) request = host_key_request ();
  GtkWidget *dialog = present_dialog (request);
  GtkWidget *fingerprint = vireo_ui_test_child (dialog, VIREO_TYPE_AUTH_DIALOG, "fingerprint_label");
  AdwMessageDialog *message = ADW_MESSAGE_DIALOG (dialog);
  char **answers;

  /* The fingerprint is shown on its own; Cancel is the default and the close response; Trust is
   * destructive. */
  assert_true (gtk_widget_get_visible (fingerprint));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (fingerprint)),
                       vireo_auth_request_get_fingerprint (request));
  assert_string_equal (adw_message_dialog_get_default_response (message), VIREO_AUTH_DIALOG_RESPONSE_CANCEL);
  assert_string_equal (adw_message_dialog_get_close_response (message), VIREO_AUTH_DIALOG_RESPONSE_CANCEL);
  assert_int_equal (adw_message_dialog_get_response_appearance (message, VIREO_AUTH_DIALOG_RESPONSE_TRUST),
                    ADW_RESPONSE_DESTRUCTIVE);
  assert_false (vireo_auth_request_is_finished (request));

  adw_message_dialog_response (message, VIREO_AUTH_DIALOG_RESPONSE_TRUST);

  answers = answers_of (request);
  assert_non_null (answers);
  assert_int_equal (g_strv_length (answers), 1);
  assert_string_equal (answers[0], "yes");
  vireo_auth_strv_free_secure (answers);

  assert_closed_and_finalized (dialog);
}

static void
test_host_key_cancel (void **state)
{
  g_autoptr(VireoAuthRequest) request = host_key_request ();
  GtkWidget *dialog = present_dialog (request);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), VIREO_AUTH_DIALOG_RESPONSE_CANCEL);
  assert_null (answers_of (request));

  assert_closed_and_finalized (dialog);
}

/* Escape, the window manager's close button: never a "yes". */
static void
test_host_key_close (void **state)
{
  g_autoptr(VireoAuthRequest) request = host_key_request ();
  GtkWidget *dialog = present_dialog (request);

  gtk_window_close (GTK_WINDOW (dialog));
  assert_null (answers_of (request));

  assert_closed_and_finalized (dialog);
}

/* Enter activates the default response, which for a host key is Cancel. */
static void
test_host_key_default_is_cancel (void **state)
{
  g_autoptr(VireoAuthRequest) request = host_key_request ();
  GtkWidget *dialog = present_dialog (request);

  /* Whatever other response id reaches the dialog, it is not a trust. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), VIREO_AUTH_DIALOG_RESPONSE_OK);
  assert_null (answers_of (request));

  assert_closed_and_finalized (dialog);
}

static void
test_host_key_from_ssh_prompt (void **state)
{
  g_autoptr(VireoAuthRequest) request = vireo_askpass_request_for_prompt (HOST_KEY_PROMPT, NULL);
  GtkWidget *dialog = present_dialog (request);
  GtkWidget *fingerprint = vireo_ui_test_child (dialog, VIREO_TYPE_AUTH_DIALOG, "fingerprint_label");

  assert_true (gtk_widget_get_visible (fingerprint));
  assert_non_null (strstr (gtk_label_get_label (GTK_LABEL (fingerprint)), "SHA256:"));

  /* Enter: the default is Cancel (a button activated by keyboard clicks a moment later). */
  assert_true (gtk_widget_activate_action (fingerprint, "default.activate", NULL));
  assert_true (vireo_test_wait_until (is_finished, request, VIREO_UI_TEST_TIMEOUT_MS));
  assert_null (answers_of (request));

  assert_closed_and_finalized (dialog);
}

static void
test_password (void **state)
{
  g_autoptr(VireoAuthRequest) request =
    vireo_auth_request_new (VIREO_AUTH_SOURCE_LIBVIRT, "Authentication Required", "Log in to kvm");
  GtkWidget *dialog;
  GtkWidget *user;
  GtkWidget *password;
  char **answers;

  vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_USERNAME, "User name", "admin");
  vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_PASSWORD, "Password", NULL);
  dialog = present_dialog (request);

  user = vireo_auth_dialog_get_field_widget (VIREO_AUTH_DIALOG (dialog), 0);
  password = vireo_auth_dialog_get_field_widget (VIREO_AUTH_DIALOG (dialog), 1);

  /* Echoed user name prefilled, password hidden. */
  assert_true (ADW_IS_ENTRY_ROW (user));
  assert_false (ADW_IS_PASSWORD_ENTRY_ROW (user));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (user)), "admin");
  assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (password)), "");
  {
    GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (password));

    assert_true (GTK_IS_TEXT (delegate));
    assert_false (gtk_text_get_visibility (GTK_TEXT (delegate)));
  }

  gtk_editable_set_text (GTK_EDITABLE (password), "s3cret");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), VIREO_AUTH_DIALOG_RESPONSE_OK);

  answers = answers_of (request);
  assert_non_null (answers);
  assert_int_equal (g_strv_length (answers), 2);
  assert_string_equal (answers[0], "admin");
  assert_string_equal (answers[1], "s3cret");
  vireo_auth_strv_free_secure (answers);

  /* The secret did not stay in the entry. */
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (password)), "");

  assert_closed_and_finalized (dialog);
}

static void
test_password_cancel (void **state)
{
  g_autoptr(VireoAuthRequest) request =
    vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, NULL, "Enter passphrase for key '/root/.ssh/id_ed25519': ");
  GtkWidget *dialog;

  vireo_auth_request_add_field (request, VIREO_AUTH_FIELD_PASSPHRASE, "Passphrase", NULL);
  dialog = present_dialog (request);
  assert_true (ADW_IS_PASSWORD_ENTRY_ROW (vireo_auth_dialog_get_field_widget (VIREO_AUTH_DIALOG (dialog), 0)));

  gtk_editable_set_text (GTK_EDITABLE (vireo_auth_dialog_get_field_widget (VIREO_AUTH_DIALOG (dialog), 0)), "typed");
  gtk_window_close (GTK_WINDOW (dialog));
  assert_null (answers_of (request));

  assert_closed_and_finalized (dialog);
}

static void
test_confirm (void **state)
{
  g_autoptr(VireoAuthRequest) yes = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, NULL, "Allow use of key?");
  g_autoptr(VireoAuthRequest) no = vireo_auth_request_new (VIREO_AUTH_SOURCE_SSH, NULL, "Allow use of key?");
  GtkWidget *dialog;
  char **answers;

  vireo_auth_request_add_field (yes, VIREO_AUTH_FIELD_CONFIRM, "Allow use of key?", NULL);
  vireo_auth_request_add_field (no, VIREO_AUTH_FIELD_CONFIRM, "Allow use of key?", NULL);

  dialog = present_dialog (yes);
  assert_null (vireo_auth_dialog_get_field_widget (VIREO_AUTH_DIALOG (dialog), 0));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), VIREO_AUTH_DIALOG_RESPONSE_YES);
  answers = answers_of (yes);
  assert_non_null (answers);
  assert_string_equal (answers[0], "yes");
  vireo_auth_strv_free_secure (answers);
  assert_closed_and_finalized (dialog);

  dialog = present_dialog (no);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "no");
  answers = answers_of (no);
  assert_non_null (answers);
  assert_string_equal (answers[0], "");
  vireo_auth_strv_free_secure (answers);
  assert_closed_and_finalized (dialog);
}

/* Every kind makes the right row, and dropping the dialog unanswered cancels the request. */
static void
test_every_kind (void **state)
{
  static const struct {
    VireoAuthFieldKind kind;
    gboolean           secret;
    gboolean           has_row;
  } kinds[] = {
    { VIREO_AUTH_FIELD_USERNAME, FALSE, TRUE },
    { VIREO_AUTH_FIELD_PASSWORD, TRUE, TRUE },
    { VIREO_AUTH_FIELD_PASSPHRASE, TRUE, TRUE },
    { VIREO_AUTH_FIELD_TEXT, FALSE, TRUE },
    { VIREO_AUTH_FIELD_SECRET, TRUE, TRUE },
    { VIREO_AUTH_FIELD_CONFIRM, FALSE, FALSE },
    { VIREO_AUTH_FIELD_HOST_KEY, FALSE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(VireoAuthRequest) request = vireo_auth_request_new (VIREO_AUTH_SOURCE_LIBVIRT, "Title", "Message");
      GtkWidget *dialog;
      GtkWidget *row;

      vireo_auth_request_add_field (request, kinds[i].kind, "Prompt", "default");
      dialog = present_dialog (request);
      row = vireo_auth_dialog_get_field_widget (VIREO_AUTH_DIALOG (dialog), 0);

      assert_int_equal (row != NULL, kinds[i].has_row);
      if (row != NULL)
        {
          assert_int_equal (ADW_IS_PASSWORD_ENTRY_ROW (row), kinds[i].secret);
          /* Defaults are shown for echoed fields only. */
          assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (row)), kinds[i].secret ? "" : "default");
        }

      gtk_window_destroy (GTK_WINDOW (dialog));
      vireo_ui_test_flush ();
      assert_null (answers_of (request));
      assert_closed_and_finalized (dialog);
    }
}

/* The request was answered elsewhere (the worker gave up): the dialog goes away by itself. */
static void
test_finished_elsewhere (void **state)
{
  g_autoptr(VireoAuthRequest) request = host_key_request ();
  GtkWidget *dialog = present_dialog (request);

  vireo_auth_request_cancel (request);
  vireo_ui_test_flush ();

  assert_false (gtk_widget_get_visible (dialog));
  assert_closed_and_finalized (dialog);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_host_key_trust),
    cmocka_unit_test (test_host_key_cancel),
    cmocka_unit_test (test_host_key_close),
    cmocka_unit_test (test_host_key_default_is_cancel),
    cmocka_unit_test (test_host_key_from_ssh_prompt),
    cmocka_unit_test (test_password),
    cmocka_unit_test (test_password_cancel),
    cmocka_unit_test (test_confirm),
    cmocka_unit_test (test_every_kind),
    cmocka_unit_test (test_finished_elsewhere),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
