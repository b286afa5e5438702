/* test-domain-dialogs.c: the VM list's delete, clone and linked-clones dialogs, on libvirt's test
 * driver with a storage pool (tests/ui/testdriver-dialogs.xml)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 */

#include "config.h"

#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-clone-dialog.h"
#include "vireo-connection.h"
#include "vireo-delete-dialog.h"
#include "vireo-domain-list.h"
#include "vireo-linked-clones-dialog.h"
#include "vireo-ui-test.h"
#include "vireo-worker.h"

#define TIMEOUT VIREO_UI_TEST_TIMEOUT_MS
#define POOL_DIR "/var/lib/vireo-ui-test/pool"

static const char * const probe_actions[] = {
  "vm.delete", "vm.clone", "vm.linked-clones", "vm.start",
};

typedef struct
{
  VireoConnection *connection;
  GSettings       *settings;
  GtkWidget       *window;
  GtkWidget       *overlay;
  GtkWidget       *list;
  /* Hidden buttons bound to the list's actions: they show enablement as any button would. */
  GtkWidget       *probes[G_N_ELEMENTS (probe_actions)];
  double           max_progress;
} Fixture;

/* Helpers */

static GListModel *
view_model (Fixture *f)
{
  GtkWidget *column_view = vireo_ui_test_child (f->list, VIREO_TYPE_DOMAIN_LIST, "column_view");

  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view)));
}

/* Whether the list shows a VM called @name. */
static gboolean
shown (Fixture    *f,
       const char *name)
{
  GListModel *model = view_model (f);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VireoDomain) d = g_list_model_get_item (model, i);

      if (g_str_equal (vireo_domain_get_name (d), name))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  Fixture    *f;
  const char *names;   /* comma-separated */
  gboolean    present;
} ShownWait;

static gboolean
all_shown_as_wanted (gpointer data)
{
  ShownWait *wait = data;
  g_auto(GStrv) names = g_strsplit (wait->names, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    if (shown (wait->f, names[i]) != wait->present)
      return FALSE;

  return TRUE;
}

#define wait_shown(f, csv) \
  G_STMT_START { \
    ShownWait _w = { f, csv, TRUE }; \
    if (!vireo_test_wait_until (all_shown_as_wanted, &_w, TIMEOUT)) \
      fail_msg ("the list does not show %s", csv); \
  } G_STMT_END

#define wait_gone(f, csv) \
  G_STMT_START { \
    ShownWait _w = { f, csv, FALSE }; \
    if (!vireo_test_wait_until (all_shown_as_wanted, &_w, TIMEOUT)) \
      fail_msg ("the list still shows %s", csv); \
  } G_STMT_END

static VireoDomain *
domain (Fixture    *f,
        const char *name)
{
  VireoDomain *d = vireo_connection_lookup_domain_by_name (f->connection, name);

  if (d == NULL)
    fail_msg ("no domain '%s'", name);

  return d;
}

static void
select_names (Fixture    *f,
              const char *csv)
{
  vireo_ui_test_select_names (GTK_SELECTION_MODEL (view_model (f)), csv);
}

static gboolean
action_enabled (Fixture    *f,
                const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (probe_actions); i++)
    if (g_str_equal (probe_actions[i], action))
      return gtk_widget_get_sensitive (f->probes[i]);

  fail_msg ("no probe for '%s'", action);
  return FALSE;
}

/* The open dialog of @type, or NULL. */
static gpointer
find_dialog (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}

static gboolean
no_dialog (gpointer type)
{
  return find_dialog (GPOINTER_TO_SIZE (type)) == NULL;
}

static void
wait_dialog_closed (GType type)
{
  if (!vireo_test_wait_until (no_dialog, GSIZE_TO_POINTER (type), TIMEOUT))
    fail_msg ("the %s is still open", g_type_name (type));
}

/* Answers as a click does, without closing: these dialogs close themselves when they are done,
 * and the delete dialog's answer is read before it goes. */
static void
respond (gpointer    dialog,
         const char *response)
{
  assert_non_null (dialog);
  assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), response));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
}

/* A label showing @text (a toast's title, say) somewhere under @widget. */
static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (find_label (c, text))
      return TRUE;

  return FALSE;
}

typedef struct
{
  Fixture    *f;
  const char *text;
} ToastWait;

static gboolean
toast_shown (gpointer data)
{
  ToastWait *wait = data;

  return find_label (wait->f->overlay, wait->text);
}

static void
wait_toast (Fixture    *f,
            const char *text)
{
  ToastWait wait = { f, text };

  if (!vireo_test_wait_until (toast_shown, &wait, TIMEOUT))
    fail_msg ("no toast \"%s\"", text);
}

/* A toast whose title starts with @prefix (the rest is libvirt's or the core's wording). */
static gboolean
find_label_prefix (GtkWidget  *widget,
                   const char *prefix)
{
  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix))
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (find_label_prefix (c, prefix))
      return TRUE;

  return FALSE;
}

static gboolean
toast_prefix_shown (gpointer data)
{
  ToastWait *wait = data;

  return find_label_prefix (wait->f->overlay, wait->text);
}

static void
wait_toast_prefix (Fixture    *f,
                   const char *prefix)
{
  ToastWait wait = { f, prefix };

  if (!vireo_test_wait_until (toast_prefix_shown, &wait, TIMEOUT))
    fail_msg ("no toast starting with \"%s\"", prefix);
}

static gboolean
volume_exists (Fixture    *f,
               const char *path)
{
  virStorageVolPtr volume = virStorageVolLookupByPath (vireo_connection_get_virconnect (f->connection), path);

  if (volume == NULL)
    {
      virResetLastError ();
      return FALSE;
    }

  virStorageVolFree (volume);
  return TRUE;
}

/* Fixture */

static gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *path = vireo_test_srcdir_path ("ui", "testdriver-dialogs.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);

  f->settings = g_settings_new (APP_ID);
  f->connection = vireo_connection_new (uri);
  vireo_connection_set_stats_interval (f->connection, 0);

  f->list = vireo_domain_list_new ();
  for (guint i = 0; i < G_N_ELEMENTS (probe_actions); i++)
    {
      f->probes[i] = gtk_button_new ();
      gtk_actionable_set_action_name (GTK_ACTIONABLE (f->probes[i]), probe_actions[i]);
      gtk_widget_set_visible (f->probes[i], FALSE);
      gtk_widget_set_parent (f->probes[i], f->list);
    }

  f->window = g_object_ref (gtk_window_new ());
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 600);
  f->overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (f->overlay), f->list);
  gtk_window_set_child (GTK_WINDOW (f->window), f->overlay);
  vireo_domain_list_set_settings (VIREO_DOMAIN_LIST (f->list), f->settings);
  vireo_domain_list_set_connection (VIREO_DOMAIN_LIST (f->list), f->connection);
  vireo_ui_test_present (f->window);

  vireo_connection_connect (f->connection);
  assert_true (vireo_test_wait_until (domains_loaded, f->connection, TIMEOUT));
  vireo_ui_test_flush ();

  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;
  GtkWindow *dialog;

  while ((dialog = find_dialog (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (dialog);

  for (guint i = 0; i < G_N_ELEMENTS (probe_actions); i++)
    gtk_widget_unparent (f->probes[i]);

  /* The list goes with its window: nothing in flight keeps it. */
  g_object_add_weak_pointer (G_OBJECT (f->list), (gpointer *) &f->list);
  gtk_window_destroy (GTK_WINDOW (f->window));
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (f->window);
  if (f->list != NULL)
    fail_msg ("the list outlived its window");

  {
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;

    vireo_connection_close_async (f->connection, NULL, vireo_test_async_cb, &slot);
    result = vireo_test_wait_result (&slot, TIMEOUT);
    assert_true (vireo_connection_close_finish (f->connection, result, NULL));
    g_clear_object (&result);
    vireo_test_assert_finalize (f->connection);
  }

  g_settings_reset (f->settings, "confirm-delete");
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (f->settings);

  g_free (f);

  return 0;
}

/* Delete */

static gboolean
delete_dialog_loaded (gpointer dialog)
{
  return !vireo_delete_dialog_get_loading (dialog);
}

static VireoDeleteDialog *
open_delete_dialog (Fixture    *f,
                    const char *name)
{
  VireoDeleteDialog *dialog;

  select_names (f, name);
  assert_true (action_enabled (f, "vm.delete"));
  assert_true (gtk_widget_activate_action (f->list, "vm.delete", NULL));
  dialog = find_dialog (VIREO_TYPE_DELETE_DIALOG);
  assert_non_null (dialog);
  assert_ptr_equal (vireo_delete_dialog_get_domain (dialog), domain (f, name));
  assert_ptr_equal (gtk_window_get_transient_for (GTK_WINDOW (dialog)), GTK_WINDOW (f->window));

  return dialog;
}

static void
wait_delete_dialog_loaded (VireoDeleteDialog *dialog)
{
  if (!vireo_test_wait_until (delete_dialog_loaded, dialog, TIMEOUT))
    fail_msg ("the disks were not listed");
}

static void
assert_disk_row (VireoDeleteDialog *dialog,
                 guint              index,
                 const char        *title,
                 const char        *subtitle,
                 gboolean           checked,
                 gboolean           choosable)
{
  GtkWidget *row = vireo_delete_dialog_get_disk_row (dialog, index);
  GtkWidget *check = vireo_delete_dialog_get_disk_check (dialog, index);

  assert_non_null (row);
  assert_non_null (check);
  assert_string_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title);
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle);
  assert_int_equal (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)), checked);
  assert_int_equal (gtk_widget_get_sensitive (check), choosable);
}

static void
test_delete_lists_disks (void **state)
{
  Fixture *f = *state;
  VireoDeleteDialog *dialog;
  GtkWidget *row;
  g_auto(GStrv) paths = NULL;

  /* The disk chooser is the confirmation: it shows even with confirmations turned off. */
  g_settings_set_boolean (f->settings, "confirm-delete", FALSE);
  dialog = open_delete_dialog (f, "alpha");
  assert_string_equal (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "Delete 'alpha'?");
  assert_string_equal (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), "cancel");
  assert_string_equal (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), "cancel");
  assert_int_equal (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete"),
                    ADW_RESPONSE_DESTRUCTIVE);
  assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "force-off-delete"));

  /* Nothing to delete before the disks are known. */
  assert_true (vireo_delete_dialog_get_loading (dialog));
  assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));
  wait_delete_dialog_loaded (dialog);
  assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "delete"));

  /* Its own disk is proposed; the shared one cannot be chosen; the installer is not proposed; the
   * empty drive is not listed. */
  assert_disk_row (dialog, 0, "vda", POOL_DIR "/alpha.qcow2\nIn storage pool 'lab'", TRUE, TRUE);
  row = vireo_delete_dialog_get_disk_row (dialog, 1);
  assert_non_null (row);
  {
    const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

    /* Other VMs in libvirt's order. */
    assert_true (g_str_equal (subtitle, POOL_DIR "/shared.qcow2\nIn storage pool 'lab'\nAlso used by beta, gamma") ||
                 g_str_equal (subtitle, POOL_DIR "/shared.qcow2\nIn storage pool 'lab'\nAlso used by gamma, beta"));
  }
  assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (vireo_delete_dialog_get_disk_check (dialog, 1))));
  assert_false (gtk_widget_get_sensitive (vireo_delete_dialog_get_disk_check (dialog, 1)));
  assert_disk_row (dialog, 2, "sda (CD-ROM)", "/var/lib/vireo-ui-test/iso/installer.iso", FALSE, TRUE);
  assert_null (vireo_delete_dialog_get_disk_row (dialog, 3));

  /* Checking the shared disk is impossible, and would not count. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (vireo_delete_dialog_get_disk_check (dialog, 1)), TRUE);
  paths = vireo_delete_dialog_dup_paths_to_remove (dialog);
  assert_int_equal (g_strv_length (paths), 1);
  assert_string_equal (paths[0], POOL_DIR "/alpha.qcow2");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (vireo_delete_dialog_get_disk_check (dialog, 1)), FALSE);

  vireo_ui_test_screenshot (dialog, "delete-dialog.png");

  /* Cancel deletes nothing. */
  respond (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  vireo_ui_test_flush ();
  assert_true (shown (f, "alpha"));

  /* Delete: the VM and its own disk go, the shared disk stays. */
  dialog = open_delete_dialog (f, "alpha");
  wait_delete_dialog_loaded (dialog);
  respond (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_gone (f, "alpha");
  assert_false (volume_exists (f, POOL_DIR "/alpha.qcow2"));
  assert_true (volume_exists (f, POOL_DIR "/shared.qcow2"));
  assert_true (shown (f, "beta"));
}

static void
test_delete_running_forces_off (void **state)
{
  Fixture *f = *state;
  VireoDeleteDialog *dialog;

  /* A running VM can be deleted, once forced off: the dialog says so, and its button too. */
  dialog = open_delete_dialog (f, "gamma");
  assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "force-off-delete"));
  assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "delete"));
  assert_int_equal (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "force-off-delete"),
                    ADW_RESPONSE_DESTRUCTIVE);
  assert_string_equal (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "force-off-delete"),
                       "_Force Off and Delete");
  assert_non_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "forced off"));
  wait_delete_dialog_loaded (dialog);
  assert_disk_row (dialog, 0, "vda", POOL_DIR "/gamma.qcow2\nIn storage pool 'lab'", TRUE, TRUE);
  assert_false (gtk_widget_get_sensitive (vireo_delete_dialog_get_disk_check (dialog, 1)));

  vireo_ui_test_screenshot (dialog, "delete-running-dialog.png");

  respond (dialog, "force-off-delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_gone (f, "gamma");
  assert_false (volume_exists (f, POOL_DIR "/gamma.qcow2"));
  assert_true (volume_exists (f, POOL_DIR "/shared.qcow2"));
}

static void
test_delete_without_disks (void **state)
{
  Fixture *f = *state;
  VireoDeleteDialog *dialog = open_delete_dialog (f, "tmpl-clone");

  /* Nothing to choose: the dialog says so, and deleting still works. */
  wait_delete_dialog_loaded (dialog);
  assert_string_equal (gtk_stack_get_visible_child_name (GTK_STACK (vireo_ui_test_child (dialog, VIREO_TYPE_DELETE_DIALOG,
                                                                                        "stack"))),
                       "none");
  assert_null (vireo_delete_dialog_get_disk_row (dialog, 0));
  respond (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_gone (f, "tmpl-clone");
  assert_true (shown (f, "tmpl"));
}

static gboolean
domain_running (gpointer d)
{
  return vireo_domain_get_is_active (d);
}

static void
test_delete_failure_toast (void **state)
{
  Fixture *f = *state;
  VireoDeleteDialog *dialog;

  /* Asked while beta was off; started meanwhile: "Delete" does not force it off, the core
   * refuses, and the toast says why. */
  dialog = open_delete_dialog (f, "beta");
  wait_delete_dialog_loaded (dialog);
  assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "delete"));
  assert_true (gtk_widget_activate_action (f->list, "vm.start", NULL));
  assert_true (vireo_test_wait_until (domain_running, domain (f, "beta"), TIMEOUT));

  respond (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_toast_prefix (f, "Could not delete 'beta': ");
  assert_true (shown (f, "beta"));
  assert_true (volume_exists (f, POOL_DIR "/shared.qcow2"));
}

/* Enablement */

static void
assert_menu_has (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_str_equal (name, action))
        {
          g_clear_object (&section);
          return;
        }

      if (section != NULL)
        {
          gboolean found = FALSE;

          for (int j = 0; j < g_menu_model_get_n_items (section); j++)
            {
              g_autofree char *inner = NULL;

              if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &inner) &&
                  g_str_equal (inner, action))
                found = TRUE;
            }
          g_object_unref (section);
          if (found)
            return;
        }
    }

  fail_msg ("no menu item for %s", action);
}

static void
test_enablement (void **state)
{
  Fixture *f = *state;
  GtkWidget *more_button = vireo_ui_test_child (f->list, VIREO_TYPE_DOMAIN_LIST, "more_button");
  GMenuModel *context_menu = G_MENU_MODEL (gtk_widget_get_template_child (f->list, VIREO_TYPE_DOMAIN_LIST,
                                                                          "context_menu"));

  /* In the toolbar's menu and in the rows' menu. */
  for (guint i = 0; i < 3; i++)
    {
      assert_menu_has (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (more_button)), probe_actions[i]);
      assert_menu_has (context_menu, probe_actions[i]);
    }

  /* Nothing selected, or two: none of them. */
  select_names (f, "alpha");
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (view_model (f)));
  assert_false (action_enabled (f, "vm.delete"));
  assert_false (action_enabled (f, "vm.clone"));
  select_names (f, "alpha,beta");
  assert_false (action_enabled (f, "vm.delete"));
  assert_false (action_enabled (f, "vm.clone"));
  assert_false (action_enabled (f, "vm.linked-clones"));
  /* A disabled action does nothing. */
  gtk_widget_activate_action (f->list, "vm.delete", NULL);
  assert_null (find_dialog (ADW_TYPE_MESSAGE_DIALOG));

  /* One shut-off VM: all three. */
  select_names (f, "tmpl");
  assert_true (action_enabled (f, "vm.delete"));
  assert_true (action_enabled (f, "vm.clone"));
  assert_true (action_enabled (f, "vm.linked-clones"));

  /* One running VM: delete (forcing it off), but no copies. */
  select_names (f, "gamma");
  assert_true (action_enabled (f, "vm.delete"));
  assert_false (action_enabled (f, "vm.clone"));
  assert_false (action_enabled (f, "vm.linked-clones"));
  gtk_widget_activate_action (f->list, "vm.clone", NULL);
  assert_null (find_dialog (ADW_TYPE_MESSAGE_DIALOG));

  /* Starting the selected VM takes the copies away. */
  select_names (f, "tmpl");
  assert_true (gtk_widget_activate_action (f->list, "vm.start", NULL));
  assert_true (vireo_test_wait_until (domain_running, domain (f, "tmpl"), TIMEOUT));
  assert_false (action_enabled (f, "vm.clone"));
  assert_false (action_enabled (f, "vm.linked-clones"));
  assert_true (action_enabled (f, "vm.delete"));
}

/* Clone */

static void
on_progress_notify_cb (GtkProgressBar *bar,
                       GParamSpec     *pspec,
                       Fixture        *f)
{
  f->max_progress = MAX (f->max_progress, gtk_progress_bar_get_fraction (bar));
}

static VireoCloneDialog *
open_clone_dialog (Fixture    *f,
                   const char *name)
{
  VireoCloneDialog *dialog;

  select_names (f, name);
  assert_true (gtk_widget_activate_action (f->list, "vm.clone", NULL));
  dialog = find_dialog (VIREO_TYPE_CLONE_DIALOG);
  assert_non_null (dialog);
  assert_ptr_equal (vireo_clone_dialog_get_domain (dialog), domain (f, name));

  return dialog;
}

static void
set_clone_name (VireoCloneDialog *dialog,
                const char       *name,
                const char       *expected_error)
{
  GtkWidget *row = vireo_ui_test_child (dialog, VIREO_TYPE_CLONE_DIALOG, "name_row");
  GtkWidget *error_label = vireo_ui_test_child (dialog, VIREO_TYPE_CLONE_DIALOG, "error_label");

  gtk_editable_set_text (GTK_EDITABLE (row), name);
  assert_int_equal (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "clone"),
                    expected_error == NULL);
  assert_int_equal (gtk_widget_get_visible (error_label), expected_error != NULL);
  assert_int_equal (gtk_widget_has_css_class (row, "error"), expected_error != NULL);
  if (expected_error != NULL)
    assert_string_equal (gtk_label_get_label (GTK_LABEL (error_label)), expected_error);
}

static void
test_clone (void **state)
{
  Fixture *f = *state;
  VireoCloneDialog *dialog = open_clone_dialog (f, "tmpl");
  GtkWidget *row = vireo_ui_test_child (dialog, VIREO_TYPE_CLONE_DIALOG, "name_row");
  GtkWidget *progress_bar = vireo_ui_test_child (dialog, VIREO_TYPE_CLONE_DIALOG, "progress_bar");

  assert_string_equal (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "Clone 'tmpl'");
  assert_string_equal (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), "clone");
  /* "tmpl-clone" is taken. */
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (row)), "tmpl-clone-2");
  assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "clone"));
  assert_false (gtk_widget_get_visible (vireo_ui_test_child (dialog, VIREO_TYPE_CLONE_DIALOG, "progress_box")));

  set_clone_name (dialog, "", "The name cannot be empty.");
  set_clone_name (dialog, "lab/tmpl", "The name cannot contain '/'.");
  set_clone_name (dialog, "beta", "Another virtual machine on this host has this name.");
  set_clone_name (dialog, "tmpl", "Another virtual machine on this host has this name.");
  vireo_ui_test_screenshot (dialog, "clone-dialog-invalid.png");
  set_clone_name (dialog, "tmpl-copy", NULL);
  vireo_ui_test_screenshot (dialog, "clone-dialog.png");

  /* Copying: the name is fixed, the progress shows, the dialog stays until it is done. */
  g_signal_connect (progress_bar, "notify::fraction", G_CALLBACK (on_progress_notify_cb), f);
  respond (dialog, "clone");
  assert_true (vireo_clone_dialog_get_busy (dialog));
  assert_false (gtk_widget_get_sensitive (row));
  assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "clone"));
  assert_true (gtk_widget_get_visible (vireo_ui_test_child (dialog, VIREO_TYPE_CLONE_DIALOG, "progress_box")));
  assert_ptr_equal (find_dialog (VIREO_TYPE_CLONE_DIALOG), dialog);

  wait_dialog_closed (VIREO_TYPE_CLONE_DIALOG);
  wait_shown (f, "tmpl-copy");
  assert_true (G_APPROX_VALUE (f->max_progress, 1.0, 1e-9));
  assert_true (volume_exists (f, POOL_DIR "/tmpl-copy.qcow2"));
  assert_true (shown (f, "tmpl"));
}

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean started;
  gboolean released;
} Blocker;

static void
block_in_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Blocker *blocker = task_data;

  g_mutex_lock (&blocker->mutex);
  blocker->started = TRUE;
  g_cond_broadcast (&blocker->cond);
  while (!blocker->released)
    g_cond_wait (&blocker->cond, &blocker->mutex);
  g_mutex_unlock (&blocker->mutex);

  g_task_return_boolean (task, TRUE);
}

static void
test_clone_cancel (void **state)
{
  Fixture *f = *state;
  Blocker blocker = { 0, };
  g_autoptr(GTask) task = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  VireoCloneDialog *dialog;

  /* The long lane is busy with something else: the clone waits there, and the user gives up. */
  g_mutex_init (&blocker.mutex);
  g_cond_init (&blocker.cond);
  task = g_task_new (NULL, NULL, vireo_test_async_cb, &slot);
  g_task_set_task_data (task, &blocker, NULL);
  vireo_worker_run_task (vireo_connection_get_worker (f->connection), VIREO_WORKER_LANE_LONG, task,
                         block_in_worker);
  g_mutex_lock (&blocker.mutex);
  while (!blocker.started)
    g_cond_wait (&blocker.cond, &blocker.mutex);
  g_mutex_unlock (&blocker.mutex);

  dialog = open_clone_dialog (f, "tmpl");
  respond (dialog, "clone");
  assert_true (vireo_clone_dialog_get_busy (dialog));
  vireo_ui_test_screenshot (dialog, "clone-dialog-copying.png");

  /* Cancel: the dialog says it is cancelling, and closes once the core is done. */
  respond (dialog, "cancel");
  assert_ptr_equal (find_dialog (VIREO_TYPE_CLONE_DIALOG), dialog);
  assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "cancel"));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (vireo_ui_test_child (dialog, VIREO_TYPE_CLONE_DIALOG,
                                                                            "status_label"))),
                       "Cancelling…");

  g_mutex_lock (&blocker.mutex);
  blocker.released = TRUE;
  g_cond_broadcast (&blocker.cond);
  g_mutex_unlock (&blocker.mutex);

  wait_dialog_closed (VIREO_TYPE_CLONE_DIALOG);
  result = vireo_test_wait_result (&slot, TIMEOUT);
  vireo_ui_test_flush ();
  assert_false (shown (f, "tmpl-clone-2"));
  assert_false (volume_exists (f, POOL_DIR "/tmpl-clone-2.qcow2"));
  /* Cancelling is not a failure. */
  assert_false (find_label_prefix (f->overlay, "Could not clone"));

  g_clear_object (&task);
  g_mutex_clear (&blocker.mutex);
  g_cond_clear (&blocker.cond);
}

static void
test_clone_failure_toast (void **state)
{
  Fixture *f = *state;
  VireoCloneDialog *dialog = open_clone_dialog (f, "loose");

  /* A disk outside every pool: the core refuses, the toast says why, the dialog goes. */
  respond (dialog, "clone");
  wait_dialog_closed (VIREO_TYPE_CLONE_DIALOG);
  wait_toast_prefix (f, "Could not clone 'loose': ");
  assert_false (shown (f, "loose-clone"));
}

/* Linked clones */

static void
test_linked_clones (void **state)
{
  Fixture *f = *state;
  VireoLinkedClonesDialog *dialog;
  GtkSpinButton *spin;
  GtkWidget *names_row;

  select_names (f, "tmpl");
  assert_true (gtk_widget_activate_action (f->list, "vm.linked-clones", NULL));
  dialog = find_dialog (VIREO_TYPE_LINKED_CLONES_DIALOG);
  assert_non_null (dialog);
  spin = GTK_SPIN_BUTTON (vireo_ui_test_child (dialog, VIREO_TYPE_LINKED_CLONES_DIALOG, "count_spin"));
  names_row = vireo_ui_test_child (dialog, VIREO_TYPE_LINKED_CLONES_DIALOG, "names_row");

  assert_string_equal (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                       "Create Linked Clones of 'tmpl'");
  assert_non_null (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "copy-on-write"));

  /* 5 by default, 1 to 100, the names previewed. */
  assert_int_equal (gtk_spin_button_get_value_as_int (spin), 5);
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (names_row)), "tmpl-1 … tmpl-5");
  gtk_spin_button_set_value (spin, 0);
  assert_int_equal (gtk_spin_button_get_value_as_int (spin), 1);
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (names_row)), "tmpl-1");
  gtk_spin_button_set_value (spin, 1000);
  assert_int_equal (gtk_spin_button_get_value_as_int (spin), 100);
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (names_row)), "tmpl-1 … tmpl-100");
  gtk_spin_button_set_value (spin, 2);
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (names_row)), "tmpl-1, tmpl-2");
  vireo_ui_test_screenshot (dialog, "linked-clones-dialog.png");

  respond (dialog, "create");
  assert_true (vireo_linked_clones_dialog_get_busy (dialog));
  assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create"));
  assert_true (gtk_widget_get_visible (vireo_ui_test_child (dialog, VIREO_TYPE_LINKED_CLONES_DIALOG, "busy_box")));

  wait_dialog_closed (VIREO_TYPE_LINKED_CLONES_DIALOG);
  wait_shown (f, "tmpl-1,tmpl-2");
  wait_toast (f, "Created 2 linked clones");
  assert_false (shown (f, "tmpl-3"));
  vireo_ui_test_screenshot (f->window, "linked-clones-toast.png");

  /* The next ones continue after them. */
  assert_true (gtk_widget_activate_action (f->list, "vm.linked-clones", NULL));
  dialog = find_dialog (VIREO_TYPE_LINKED_CLONES_DIALOG);
  names_row = vireo_ui_test_child (dialog, VIREO_TYPE_LINKED_CLONES_DIALOG, "names_row");
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (names_row)), "tmpl-3 … tmpl-7");
  respond (dialog, "cancel");
  wait_dialog_closed (VIREO_TYPE_LINKED_CLONES_DIALOG);
}

static void
test_linked_clones_failure_toast (void **state)
{
  Fixture *f = *state;
  VireoLinkedClonesDialog *dialog;

  /* Its disk is in no pool: nothing is created, and the toast says why. */
  select_names (f, "loose");
  assert_true (gtk_widget_activate_action (f->list, "vm.linked-clones", NULL));
  dialog = find_dialog (VIREO_TYPE_LINKED_CLONES_DIALOG);
  respond (dialog, "create");
  wait_dialog_closed (VIREO_TYPE_LINKED_CLONES_DIALOG);
  wait_toast_prefix (f, "Could not create linked clones of 'loose': ");
  assert_false (shown (f, "loose-1"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_enablement, setup, teardown),
    cmocka_unit_test_setup_teardown (test_delete_lists_disks, setup, teardown),
    cmocka_unit_test_setup_teardown (test_delete_running_forces_off, setup, teardown),
    cmocka_unit_test_setup_teardown (test_delete_without_disks, setup, teardown),
    cmocka_unit_test_setup_teardown (test_delete_failure_toast, setup, teardown),
    cmocka_unit_test_setup_teardown (test_clone, setup, teardown),
    cmocka_unit_test_setup_teardown (test_clone_cancel, setup, teardown),
    cmocka_unit_test_setup_teardown (test_clone_failure_toast, setup, teardown),
    cmocka_unit_test_setup_teardown (test_linked_clones, setup, teardown),
    cmocka_unit_test_setup_teardown (test_linked_clones_failure_toast, setup, teardown),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
