/* test-console-view.c: a VM's page and its console view, on libvirt's test driver
 *
 * The test driver has no displays: these tests are about what the view says and where it lives
 * (off, error, detached and back, a VM that disappears). The display itself is tested against a
 * real QEMU in test-vnc-display and through a real libvirtd in the system suite.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-console-view.h"
#include "vireo-console-window.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-delete.h"
#include "vireo-domain-page.h"
#include "vireo-ui-test.h"
#include "vireo-window.h"

#define T VIREO_UI_TEST_TIMEOUT_MS

typedef struct
{
  VireoConnectionManager *manager;
  VireoConnection        *connection;
  GtkWidget              *window;
} Fixture;

static gboolean
loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-list.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);

  f->manager = vireo_connection_manager_new (NULL);
  f->connection = g_object_ref (vireo_connection_manager_add (f->manager, uri, FALSE));
  f->window = g_object_ref (g_object_new (VIREO_TYPE_WINDOW, "manager", f->manager, NULL));
  vireo_ui_test_present (f->window);

  vireo_connection_connect (f->connection);
  assert_true (vireo_test_wait_until (loaded, f->connection, T));
  *state = f;

  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  gtk_window_destroy (GTK_WINDOW (f->window));
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (f->window);
  g_clear_object (&f->connection);
  vireo_test_assert_finalize (f->manager);
  g_free (f);

  return 0;
}

static VireoDomainPage *
page (Fixture *f)
{
  return vireo_window_get_domain_page (VIREO_WINDOW (f->window));
}

static const char *
nav_page (Fixture *f)
{
  GtkWidget *nav = vireo_ui_test_child (f->window, VIREO_TYPE_WINDOW, "content_nav");

  return gtk_stack_get_visible_child_name (GTK_STACK (nav));
}

typedef struct
{
  VireoConsoleView *view;
  const char       *page;
} PageWait;

static gboolean
view_on_page (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (vireo_console_view_get_page (wait->view), wait->page) == 0;
}

static void
wait_view_page (VireoConsoleView *view,
                const char       *expected)
{
  PageWait wait = { view, expected };

  if (!vireo_test_wait_until (view_on_page, &wait, T))
    fail_msg ("the console shows '%s', not '%s'", vireo_console_view_get_page (view), expected);
}

static gboolean
domain_running (gpointer domain)
{
  return vireo_domain_get_is_active (domain);
}

static gboolean
domain_off (gpointer domain)
{
  return !vireo_domain_get_is_active (domain);
}

static const char *
error_text (VireoConsoleView *view)
{
  GtkWidget *error_page = vireo_ui_test_child (view, VIREO_TYPE_CONSOLE_VIEW, "error_page");

  return adw_status_page_get_description (ADW_STATUS_PAGE (error_page));
}

/* Opening a VM shows its page; a stopped VM's console says so and offers Run; running it
 * reaches for the display, and a VM without one gets a clear error, not a spinner forever. */
static void
test_off_run_and_no_display (void **state)
{
  Fixture *f = *state;
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (f->connection, "lab-1");
  VireoConsoleView *view;

  assert_non_null (domain);
  assert_false (vireo_domain_get_is_active (domain));

  vireo_window_show_domain (VIREO_WINDOW (f->window), domain);
  assert_string_equal (nav_page (f), "domain");
  view = vireo_domain_page_get_console_view (page (f));
  assert_non_null (view);
  assert_ptr_equal (vireo_console_view_get_domain (view), domain);
  wait_view_page (view, "off");

  assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "console.run", NULL));
  assert_true (vireo_test_wait_until (domain_running, domain, T));
  wait_view_page (view, "error");
  assert_non_null (error_text (view));
  assert_true (strlen (error_text (view)) > 0);

  /* Stopped elsewhere: back to "off", nothing left connecting. */
  vireo_domain_run_action_async (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL, NULL, NULL);
  assert_true (vireo_test_wait_until (domain_off, domain, T));
  wait_view_page (view, "off");

  assert_true (gtk_widget_activate_action (f->window, "win.show-list", NULL));
  assert_string_equal (nav_page (f), "connection");
  assert_null (vireo_domain_page_get_domain (page (f)));
}

static gboolean
console_window_gone (gpointer data)
{
  return vireo_domain_page_get_console_window (data) == NULL;
}

/* The console moves to a window of its own (the very same view: the display connection goes
 * along) and comes back when that window closes. */
static void
test_detach_and_back (void **state)
{
  Fixture *f = *state;
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (f->connection, "lab-1");
  VireoConsoleView *view;
  GtkWindow *console_window;
  GtkWidget *stack;

  vireo_window_show_domain (VIREO_WINDOW (f->window), domain);
  view = vireo_domain_page_get_console_view (page (f));
  assert_non_null (view);
  assert_false (vireo_console_view_get_detached (view));

  assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "console.detach", NULL));
  console_window = vireo_domain_page_get_console_window (page (f));
  assert_non_null (console_window);
  assert_true (VIREO_IS_CONSOLE_WINDOW (console_window));
  assert_ptr_equal (vireo_console_window_get_view (VIREO_CONSOLE_WINDOW (console_window)), view);
  assert_ptr_equal (gtk_widget_get_root (GTK_WIDGET (view)), console_window);
  assert_true (vireo_console_view_get_detached (view));
  assert_null (vireo_domain_page_get_console_view (page (f)));
  stack = vireo_ui_test_child (page (f), VIREO_TYPE_DOMAIN_PAGE, "stack");
  assert_string_equal (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "detached");
  /* A detached console does not offer to detach again. */
  assert_false (gtk_widget_get_visible (vireo_ui_test_child (view, VIREO_TYPE_CONSOLE_VIEW, "detach_button")));

  /* "Show Here" closes the window and brings the same view back. */
  assert_true (gtk_widget_activate_action (GTK_WIDGET (page (f)), "page.attach-console", NULL));
  assert_true (vireo_test_wait_until (console_window_gone, page (f), T));
  vireo_ui_test_flush ();
  assert_ptr_equal (vireo_domain_page_get_console_view (page (f)), view);
  assert_ptr_equal (gtk_widget_get_root (GTK_WIDGET (view)), GTK_ROOT (f->window));
  assert_false (vireo_console_view_get_detached (view));
  assert_string_equal (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "console");
}

/* A detached console of one VM stays when the page moves on to another VM; closing it then does
 * not take over the page. */
static void
test_detached_outlives_page (void **state)
{
  Fixture *f = *state;
  VireoDomain *first = vireo_connection_lookup_domain_by_name (f->connection, "lab-1");
  VireoDomain *second = vireo_connection_lookup_domain_by_name (f->connection, "web-1");
  VireoConsoleView *detached;
  GtkWindow *console_window;

  vireo_window_show_domain (VIREO_WINDOW (f->window), first);
  detached = vireo_domain_page_get_console_view (page (f));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (detached), "console.detach", NULL));
  console_window = vireo_domain_page_get_console_window (page (f));
  assert_non_null (console_window);

  vireo_window_show_domain (VIREO_WINDOW (f->window), second);
  assert_non_null (vireo_domain_page_get_console_view (page (f)));
  assert_true (vireo_domain_page_get_console_view (page (f)) != detached);
  assert_ptr_equal (vireo_console_view_get_domain (detached), first);

  gtk_window_close (console_window);
  assert_true (vireo_test_wait_until (console_window_gone, page (f), T));
  vireo_ui_test_flush ();
  assert_ptr_equal (vireo_console_view_get_domain (vireo_domain_page_get_console_view (page (f))), second);
}

static gboolean
showing_list (gpointer data)
{
  return g_strcmp0 (nav_page (data), "connection") == 0;
}

/* A VM deleted while its page is open: back to the list, and the page lets go of it. */
static void
test_vm_disappears (void **state)
{
  Fixture *f = *state;
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (f->connection, "lab-1");
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  vireo_window_show_domain (VIREO_WINDOW (f->window), domain);
  assert_string_equal (nav_page (f), "domain");

  vireo_domain_delete_async (domain, NULL, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, T);
  assert_true (vireo_domain_delete_finish (domain, result, &error));

  assert_true (vireo_test_wait_until (showing_list, f, T));
  assert_null (vireo_domain_page_get_domain (page (f)));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_off_run_and_no_display, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detach_and_back, setup, teardown),
    cmocka_unit_test_setup_teardown (test_detached_outlives_page, setup, teardown),
    cmocka_unit_test_setup_teardown (test_vm_disappears, setup, teardown),
  };

  vireo_ui_test_init ();
  return cmocka_run_group_tests (tests, NULL, NULL);
}
