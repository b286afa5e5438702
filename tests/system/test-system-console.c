/* test-system-console.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A VM's console as a user meets it, with real parts: a TCG VM run by a real libvirtd (SeaBIOS,
 * so the guest drives a relative PS/2 mouse), reached through virDomainOpenGraphicsFD, drawn by
 * the console view under Xvfb. The VM has no tablet: the view offers one, and "Add Tablet"
 * hot-plugs it into the running VM for real. Stopping the VM brings the view back to "off".
 */

#define G_LOG_DOMAIN "test-system-console"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-console-view.h"
#include "vireo-domain-actions.h"
#include "vireo-system-harness.h"
#include "vireo-ui-test.h"

#define WAIT_MS         60000
/* The first connection to a freshly started libvirtd waits for its QEMU probe (~12 s here). */
#define OPEN_TIMEOUT_MS 120000

static gboolean
connection_ready (gpointer connection)
{
  return vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTING &&
         (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED ||
          vireo_connection_get_domains_loaded (connection));
}

typedef struct
{
  VireoConnection *connection;
  const char      *name;
} ListedWait;

static gboolean
active_and_listed (gpointer user_data)
{
  ListedWait *wait = user_data;
  VireoDomain *domain = vireo_connection_lookup_domain_by_name (wait->connection, wait->name);

  return domain != NULL && vireo_domain_get_is_active (domain);
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

  if (!vireo_test_wait_until (view_on_page, &wait, WAIT_MS))
    fail_msg ("the console shows '%s', not '%s'", vireo_console_view_get_page (view), expected);
}

static gboolean
revealed (gpointer revealer)
{
  return gtk_revealer_get_reveal_child (revealer);
}

static gboolean
concealed (gpointer revealer)
{
  return !gtk_revealer_get_reveal_child (revealer);
}

static gboolean
has_pixels (gpointer display)
{
  return vireo_vnc_display_get_desktop_width (display) > 0 &&
         vireo_vnc_display_get_desktop_height (display) > 0;
}

static gboolean
live_xml_has_tablet (virDomainPtr vm)
{
  g_autofree char *xml = virDomainGetXMLDesc (vm, 0);

  return xml != NULL && vireo_domain_xml_has_tablet (xml);
}

static gboolean
domain_off (gpointer domain)
{
  return !vireo_domain_get_is_active (domain);
}

static void
test_console_of_a_real_vm (void **state)
{
  g_autoptr(GError) error = NULL;
  VireoSystemLibvirtd *libvirtd;
  g_autofree char *name = g_strdup_printf ("vireo-console-%d", (int) getpid ());
  g_autofree char *xml = NULL;
  g_autoptr(VireoConnection) connection = NULL;
  ListedWait listed;
  VireoDomain *domain;
  GtkWidget *window;
  VireoConsoleView *view;
  GtkWidget *banner;
  virConnectPtr fixture;
  virDomainPtr vm;

  libvirtd = vireo_system_libvirtd_ensure (&error);
  if (error != NULL)
    fail_msg ("libvirtd: %s", error->message);

  fixture = virConnectOpen ("qemu:///system");
  if (fixture == NULL)
    fail_msg ("virConnectOpen: %s", virGetLastErrorMessage ());

  /* Transient (no define: this libvirtd re-probes QEMU on every define), TCG, running SeaBIOS:
   * no tablet, the PS/2 mouse libvirt always adds, a USB controller for the tablet to come. */
  xml = g_markup_printf_escaped ("<domain type='qemu'><name>%s</name>"
                                 "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                 "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
                                 "<devices><memballoon model='none'/>"
                                 "<graphics type='vnc' autoport='yes'>"
                                 "<listen type='address' address='127.0.0.1'/></graphics>"
                                 "<video><model type='vga'/></video>"
                                 "</devices></domain>", name);
  vm = virDomainCreateXML (fixture, xml, 0);
  if (vm == NULL)
    fail_msg ("virDomainCreateXML: %s", virGetLastErrorMessage ());
  assert_false (live_xml_has_tablet (vm));

  connection = vireo_connection_new ("qemu:///system");
  vireo_connection_connect (connection);
  if (!vireo_test_wait_until (connection_ready, connection, OPEN_TIMEOUT_MS) ||
      vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
    fail_msg ("qemu:///system: %s", vireo_connection_get_error_message (connection));
  listed = (ListedWait) { connection, name };
  assert_true (vireo_test_wait_until (active_and_listed, &listed, WAIT_MS));
  domain = vireo_connection_lookup_domain_by_name (connection, name);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  view = VIREO_CONSOLE_VIEW (vireo_console_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  vireo_ui_test_present (window);

  /* Running: the display is reached through libvirt, and the guest's screen arrives. */
  vireo_console_view_set_domain (view, domain);
  wait_view_page (view, "display");
  assert_true (vireo_test_wait_until (has_pixels, vireo_console_view_get_display (view), WAIT_MS));
  g_printerr ("# display %dx%d\n", vireo_vnc_display_get_desktop_width (vireo_console_view_get_display (view)),
              vireo_vnc_display_get_desktop_height (vireo_console_view_get_display (view)));

  /* Relative pointer and no tablet: the banner offers one; the button plugs it in for real. */
  banner = vireo_ui_test_child (view, VIREO_TYPE_CONSOLE_VIEW, "tablet_revealer");
  assert_true (vireo_test_wait_until (revealed, banner, WAIT_MS));
  assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "console.add-tablet", NULL));
  assert_true (vireo_test_wait_until (concealed, banner, WAIT_MS));
  assert_true (live_xml_has_tablet (vm));

  /* Stopped: the view says so and lets go of the display. */
  assert_int_equal (virDomainDestroy (vm), 0);
  assert_true (vireo_test_wait_until (domain_off, domain, WAIT_MS));
  wait_view_page (view, "off");
  assert_int_equal (vireo_vnc_display_get_state (vireo_console_view_get_display (view)),
                    VIREO_VNC_STATE_DISCONNECTED);

  vireo_ui_test_destroy_window (window);
  vireo_connection_disconnect (connection);
  virDomainFree (vm);
  virConnectClose (fixture);
  vireo_system_libvirtd_stop (libvirtd);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_console_of_a_real_vm),
  };

  if (!vireo_system_can_run ())
    return 0;

  /* libvirt writes to its sockets with write(2): a daemon going away must be an error. */
  signal (SIGPIPE, SIG_IGN);
  vireo_ui_test_init ();
  return cmocka_run_group_tests (tests, NULL, NULL);
}
