/* test-add-connection-dialog.c: the Add Connection form's URI and validation
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "vireo-add-connection-dialog.h"
#include "vireo-error.h"
#include "vireo-ui-test.h"
#include "vireo-uri.h"

typedef struct
{
  GtkWidget *dialog;
} Fixture;

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return vireo_ui_test_child (f->dialog, VIREO_TYPE_ADD_CONNECTION_DIALOG, name);
}

static void
set_text (Fixture    *f,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, name)), text);
}

static void
set_remote (Fixture  *f,
            gboolean  remote)
{
  gtk_switch_set_active (GTK_SWITCH (child (f, "remote_switch")), remote);
}

static void
set_kind (Fixture                *f,
          VireoAddConnectionKind  kind)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, "hypervisor_row")), kind);
}

static VireoAddConnectionDialog *
dialog (Fixture *f)
{
  return VIREO_ADD_CONNECTION_DIALOG (f->dialog);
}

/* A valid form: a URI, no error, Add sensitive, the preview shows the URI. */
static void
assert_uri (Fixture    *f,
            const char *expected)
{
  const char *uri = vireo_add_connection_dialog_get_uri (dialog (f));

  if (vireo_add_connection_dialog_get_error (dialog (f)) != NULL)
    fail_msg ("expected '%s', got error '%s'", expected, vireo_add_connection_dialog_get_error (dialog (f)));
  assert_non_null (uri);
  assert_string_equal (uri, expected);
  assert_true (gtk_widget_get_sensitive (child (f, "add_button")));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "uri_label"))), expected);
  assert_false (gtk_widget_get_visible (child (f, "error_label")) &&
                gtk_widget_get_visible (gtk_widget_get_parent (child (f, "error_label"))));
}

/* An invalid form: no URI, a message shown right under @row, Add insensitive. */
static void
assert_refused (Fixture    *f,
                const char *row)
{
  const char *error = vireo_add_connection_dialog_get_error (dialog (f));
  GtkWidget *error_label = child (f, "error_label");
  GtkWidget *error_row = gtk_widget_get_parent (error_label);
  GtkWidget *offending = child (f, row);

  if (vireo_add_connection_dialog_get_uri (dialog (f)) != NULL)
    fail_msg ("accepted '%s'", vireo_add_connection_dialog_get_uri (dialog (f)));
  assert_non_null (error);
  assert_true (strlen (error) > 0);
  assert_false (gtk_widget_get_sensitive (child (f, "add_button")));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (error_label)), error);
  assert_true (gtk_widget_get_visible (error_row));
  assert_ptr_equal (gtk_widget_get_prev_sibling (error_row), offending);
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->dialog = g_object_ref (vireo_add_connection_dialog_new (NULL));
  vireo_ui_test_present (f->dialog);
  *state = f;

  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  gtk_window_destroy (GTK_WINDOW (f->dialog));
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (f->dialog);
  g_free (f);

  return 0;
}

static void
test_defaults (void **state)
{
  Fixture *f = *state;

  assert_uri (f, "qemu:///system");
  assert_true (vireo_add_connection_dialog_get_autoconnect (dialog (f)));
  assert_true (gtk_switch_get_active (GTK_SWITCH (child (f, "autoconnect_switch"))));
  assert_false (gtk_widget_get_visible (child (f, "custom_uri_row")));
  assert_false (gtk_widget_get_visible (child (f, "host_row")));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (child (f, "user_row"))), "root");
  assert_int_equal (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (f, "port_spin"))), 22);

  gtk_switch_set_active (GTK_SWITCH (child (f, "autoconnect_switch")), FALSE);
  assert_false (vireo_add_connection_dialog_get_autoconnect (dialog (f)));
}

static void
test_session (void **state)
{
  Fixture *f = *state;

  set_kind (f, VIREO_ADD_CONNECTION_QEMU_SESSION);
  assert_uri (f, "qemu:///session");
}

static void
test_remote (void **state)
{
  Fixture *f = *state;

  set_remote (f, TRUE);
  assert_true (gtk_widget_get_visible (child (f, "host_row")));
  assert_true (gtk_widget_get_visible (child (f, "port_row")));

  set_text (f, "host_row", "kvm.example.com");
  assert_uri (f, "qemu+ssh://root@kvm.example.com/system");

  /* Surrounding blanks from a paste are forgiven. */
  set_text (f, "host_row", " kvm.example.com ");
  assert_uri (f, "qemu+ssh://root@kvm.example.com/system");

  set_text (f, "user_row", "");
  assert_uri (f, "qemu+ssh://kvm.example.com/system");

  set_text (f, "user_row", "admin");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (f, "port_spin")), 2222);
  assert_uri (f, "qemu+ssh://admin@kvm.example.com:2222/system");

  /* 22 is ssh's default: never written out. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (f, "port_spin")), 22);
  assert_uri (f, "qemu+ssh://admin@kvm.example.com/system");

  set_text (f, "host_row", "192.168.122.1");
  assert_uri (f, "qemu+ssh://admin@192.168.122.1/system");

  set_kind (f, VIREO_ADD_CONNECTION_QEMU_SESSION);
  assert_uri (f, "qemu+ssh://admin@192.168.122.1/session");

  /* Back to local: the remote fields no longer count. */
  set_remote (f, FALSE);
  assert_uri (f, "qemu:///session");
}

static void
test_remote_ipv6 (void **state)
{
  Fixture *f = *state;

  set_remote (f, TRUE);
  set_text (f, "host_row", "fe80::1");
  assert_uri (f, "qemu+ssh://root@[fe80::1]/system");

  set_text (f, "host_row", "[2001:db8::7]");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (f, "port_spin")), 2200);
  assert_uri (f, "qemu+ssh://root@[2001:db8::7]:2200/system");
}

static void
test_remote_keyfile (void **state)
{
  Fixture *f = *state;
  g_autofree char *dir = g_dir_make_tmp ("vireo-test-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (dir, "id_ed25519", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *missing = g_build_filename (dir, "nothing-here", NULL);

  assert_non_null (dir);
  assert_true (g_file_set_contents (key, "not really a key\n", -1, NULL));

  set_remote (f, TRUE);
  set_text (f, "host_row", "kvm.example.com");
  set_text (f, "keyfile_entry", key);
  expected = g_strdup_printf ("qemu+ssh://root@kvm.example.com/system?keyfile=%s", key);
  assert_uri (f, expected);

  /* A key file that is not there. */
  set_text (f, "keyfile_entry", missing);
  assert_refused (f, "keyfile_row");
  assert_non_null (strstr (vireo_add_connection_dialog_get_error (dialog (f)), missing));

  /* A directory is not a key. */
  set_text (f, "keyfile_entry", dir);
  assert_refused (f, "keyfile_row");

  /* Clearing the optional field makes the form valid again. */
  set_text (f, "keyfile_entry", "");
  assert_uri (f, "qemu+ssh://root@kvm.example.com/system");

  g_unlink (key);
  g_rmdir (dir);
}

static void
test_remote_refused (void **state)
{
  Fixture *f = *state;
  static const char *bad_hosts[] = {
    "bad host", "host/system", "root@host", "host:22", "-oProxyCommand=touch", "[not-ipv6]",
    "fe80::1::2", "host?x", "ho#st",
  };

  set_remote (f, TRUE);

  /* Remote without a host. */
  assert_refused (f, "host_row");
  set_text (f, "host_row", "   ");
  assert_refused (f, "host_row");

  for (gsize i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
    {
      set_text (f, "host_row", bad_hosts[i]);
      if (vireo_add_connection_dialog_get_uri (dialog (f)) != NULL)
        fail_msg ("host '%s' accepted as '%s'", bad_hosts[i], vireo_add_connection_dialog_get_uri (dialog (f)));
      assert_refused (f, "host_row");
    }

  set_text (f, "host_row", "kvm.example.com");
  assert_uri (f, "qemu+ssh://root@kvm.example.com/system");

  /* Ports out of range, typed (the spin button would clamp them only later). */
  set_text (f, "port_spin", "70000");
  assert_refused (f, "port_row");
  set_text (f, "port_spin", "0");
  assert_refused (f, "port_row");
  set_text (f, "port_spin", "");
  assert_refused (f, "port_row");
  set_text (f, "port_spin", "2022");
  assert_uri (f, "qemu+ssh://root@kvm.example.com:2022/system");

  /* A user that would change the URI's structure. */
  set_text (f, "user_row", "ro ot");
  assert_refused (f, "user_row");
  set_text (f, "user_row", "a@b");
  assert_refused (f, "user_row");
}

static void
test_custom (void **state)
{
  Fixture *f = *state;
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoUri) parsed = NULL;

  set_kind (f, VIREO_ADD_CONNECTION_CUSTOM);
  assert_true (gtk_widget_get_visible (child (f, "custom_uri_row")));
  assert_false (gtk_widget_get_visible (child (f, "remote_switch")) &&
                gtk_widget_get_mapped (child (f, "remote_switch")));

  /* Empty: nothing to add yet. */
  assert_refused (f, "custom_uri_row");

  set_text (f, "custom_uri_row", "test:///default");
  assert_uri (f, "test:///default");

  set_text (f, "custom_uri_row", "qemu+ssh://admin@kvm.example.com:2222/system?keyfile=/k");
  assert_uri (f, "qemu+ssh://admin@kvm.example.com:2222/system?keyfile=/k");

  /* Unparsable: VireoUri's own message is shown. */
  set_text (f, "custom_uri_row", "qemu:system");
  assert_refused (f, "custom_uri_row");
  parsed = vireo_uri_parse ("qemu:system", &error);
  assert_null (parsed);
  assert_string_equal (vireo_add_connection_dialog_get_error (dialog (f)), error->message);

  set_text (f, "custom_uri_row", "qemu+ssh://ho st/system");
  assert_refused (f, "custom_uri_row");

  /* Switching away from Custom forgets its error. */
  set_kind (f, VIREO_ADD_CONNECTION_QEMU_SYSTEM);
  assert_uri (f, "qemu:///system");
}

typedef struct
{
  char     *uri;
  gboolean  autoconnect;
  guint     count;
} Added;

static void
on_add_connection (VireoAddConnectionDialog *self,
                   const char               *uri,
                   gboolean                  autoconnect,
                   Added                    *added)
{
  g_free (added->uri);
  added->uri = g_strdup (uri);
  added->autoconnect = autoconnect;
  added->count++;
}

static void
test_add_signal (void **state)
{
  g_autoptr(GtkWidget) add_dialog = g_object_ref (vireo_add_connection_dialog_new (NULL));
  Fixture local = { add_dialog };
  Fixture *f = &local;
  Added added = { 0 };

  (void)state;

  g_signal_connect (add_dialog, "add-connection", G_CALLBACK (on_add_connection), &added);
  vireo_ui_test_present (add_dialog);

  set_remote (f, TRUE);

  /* Insensitive Add does nothing, even when activated as the default widget. */
  gtk_widget_activate (child (f, "add_button"));
  gtk_widget_activate_default (child (f, "host_row"));
  assert_int_equal (added.count, 0);

  set_text (f, "host_row", "kvm.example.com");
  gtk_switch_set_active (GTK_SWITCH (child (f, "autoconnect_switch")), FALSE);
  g_signal_emit_by_name (child (f, "add_button"), "clicked");

  assert_int_equal (added.count, 1);
  assert_string_equal (added.uri, "qemu+ssh://root@kvm.example.com/system");
  assert_false (added.autoconnect);

  /* The dialog closed itself. */
  vireo_ui_test_flush ();
  assert_false (gtk_widget_get_visible (add_dialog));

  g_free (added.uri);
  vireo_test_assert_finalize (g_steal_pointer (&add_dialog));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_defaults, setup, teardown),
    cmocka_unit_test_setup_teardown (test_session, setup, teardown),
    cmocka_unit_test_setup_teardown (test_remote, setup, teardown),
    cmocka_unit_test_setup_teardown (test_remote_ipv6, setup, teardown),
    cmocka_unit_test_setup_teardown (test_remote_keyfile, setup, teardown),
    cmocka_unit_test_setup_teardown (test_remote_refused, setup, teardown),
    cmocka_unit_test_setup_teardown (test_custom, setup, teardown),
    cmocka_unit_test (test_add_signal),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
