/* test-hardware-pages.c: the hardware view and its processor, memory, boot, display and device
 * pages, each on a context made from XML (no live VM): values shown are the definition's; a change
 * applied emits exactly the XML the matching vireo_domain_edit_* call gives and the live change a
 * running VM gets; bad input is refused at its field and nothing is emitted; pending and errors
 * are shown; a field being edited survives a new context.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hardware-test-helpers.h"
#include "vireo-boot-page.h"
#include "vireo-cpu-page.h"
#include "vireo-devices-page.h"
#include "vireo-display-page.h"
#include "vireo-domain-edit.h"
#include "vireo-hardware-view.h"
#include "vireo-memory-page.h"
#include "vireo-ui-test.h"

#define CORPUS "01-debian12-q35.xml"
#define MAC    "52:54:00:11:20:33"

static void
spin_to (GtkWidget  *page,
         GType       type,
         const char *name,
         double      value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vireo_ui_test_child (page, type, name)), value);
  vireo_ui_test_flush ();
}

static void
switch_to (GtkWidget  *page,
           GType       type,
           const char *name,
           gboolean    active)
{
  gtk_switch_set_active (GTK_SWITCH (vireo_ui_test_child (page, type, name)), active);
  vireo_ui_test_flush ();
}

static void
assert_value_change (Emitted             *emitted,
                     const char          *xml,
                     VireoLiveChangeKind  kind,
                     guint64              value)
{
  const VireoLiveChange *change;

  assert_int_equal (emitted->count, 1);
  assert_string_equal (emitted->xml, xml);
  assert_int_equal (emitted->changes->len, 1);
  change = g_ptr_array_index (emitted->changes, 0);
  assert_int_equal (change->kind, kind);
  assert_int_equal (change->value, value);
}

static gboolean
has_class (GtkWidget  *page,
           GType       type,
           const char *name,
           const char *css_class)
{
  return gtk_widget_has_css_class (vireo_ui_test_child (page, type, name), css_class);
}

/* A host with 4 CPUs and 4 GiB, for the limits. */
static VireoInstallHost *
small_host (void)
{
  VireoInstallHost *host = g_rc_box_new0 (VireoInstallHost);

  host->cpus = 4;
  host->memory_mib = 4096;
  return host;
}

/* --- processors ------------------------------------------------------------------------------- */

#define CPU VIREO_TYPE_CPU_PAGE

static void
test_cpu_values_and_live (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  g_autofree char *expected = NULL;
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_cpu_page_new (), context);
  assert_int_equal (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (vireo_ui_test_child (shown.page, CPU, "vcpus_spin"))), 2);
  assert_int_equal (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (vireo_ui_test_child (shown.page, CPU, "max_spin"))), 2);
  assert_int_equal (adw_combo_row_get_selected (ADW_COMBO_ROW (vireo_ui_test_child (shown.page, CPU, "mode_row"))), 0);
  assert_false (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, CPU, "apply_button")));

  /* Raise the maximum to 4 and use 3: both in the definition, nothing live (the maximum changed). */
  spin_to (shown.page, CPU, "max_spin", 4);
  spin_to (shown.page, CPU, "vcpus_spin", 3);
  hw_click (shown.page, CPU, "apply_button");
  expected = vireo_domain_edit_set_vcpus (xml, 3, 4, NULL);
  hw_assert_emitted (&shown.emitted, expected, 0, NULL);
  hw_shown_destroy (&shown);
}

static void
test_cpu_count_live (void **state)
{
  g_autofree char *xml = vireo_domain_edit_set_vcpus (hw_corpus (CORPUS), 2, 4, NULL);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  g_autofree char *expected = vireo_domain_edit_set_vcpus (xml, 3, 4, NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_cpu_page_new (), context);
  spin_to (shown.page, CPU, "vcpus_spin", 3);
  hw_click (shown.page, CPU, "apply_button");
  /* Within the maximum on a running VM: setvcpus --live too. */
  assert_value_change (&shown.emitted, expected, VIREO_LIVE_CHANGE_VCPUS, 3);
  hw_shown_destroy (&shown);
}

static void
test_cpu_mode (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  g_autofree char *expected = vireo_domain_edit_set_cpu_mode (xml, "host-passthrough", NULL);
  AdwComboRow *row;
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_cpu_page_new (), context);
  row = ADW_COMBO_ROW (vireo_ui_test_child (shown.page, CPU, "mode_row"));
  /* default, host-passthrough, host-model, maximum (custom only when the VM has it) */
  assert_int_equal (g_list_model_get_n_items (adw_combo_row_get_model (row)), 4);
  adw_combo_row_set_selected (row, 1);
  vireo_ui_test_flush ();
  hw_click (shown.page, CPU, "apply_button");
  hw_assert_emitted (&shown.emitted, expected, 0, NULL);
  hw_shown_destroy (&shown);
}

static void
test_cpu_bad_input (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoInstallHost) host = small_host ();
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, host, xml, FALSE, FALSE);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_cpu_page_new (), context);
  /* More than the maximum. */
  spin_to (shown.page, CPU, "vcpus_spin", 3);
  hw_click (shown.page, CPU, "apply_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (hw_visible (shown.page, CPU, "error_label"));
  assert_true (has_class (shown.page, CPU, "vcpus_spin", "error"));

  /* More than the host has. */
  spin_to (shown.page, CPU, "max_spin", 8);
  hw_click (shown.page, CPU, "apply_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (has_class (shown.page, CPU, "max_spin", "error"));
  assert_non_null (strstr (hw_label_text (shown.page, CPU, "error_label"), "4"));
  hw_shown_destroy (&shown);
}

/* --- memory ----------------------------------------------------------------------------------- */

#define MEMORY VIREO_TYPE_MEMORY_PAGE

static void
test_memory_live_and_limits (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoInstallHost) host = small_host ();
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, host, xml, TRUE, FALSE);
  g_autofree char *expected = vireo_domain_edit_set_memory (xml, 1024 * 1024, 2097152, NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_memory_page_new (), context);
  assert_int_equal ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (vireo_ui_test_child (shown.page, MEMORY, "memory_spin"))), 2048);
  assert_int_equal ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (vireo_ui_test_child (shown.page, MEMORY, "max_spin"))), 2048);

  /* Above the maximum: refused at the field. */
  spin_to (shown.page, MEMORY, "memory_spin", 3072);
  hw_click (shown.page, MEMORY, "apply_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (has_class (shown.page, MEMORY, "memory_spin", "error"));

  /* A maximum above the host's 4 GiB: refused. */
  spin_to (shown.page, MEMORY, "max_spin", 8192);
  hw_click (shown.page, MEMORY, "apply_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (has_class (shown.page, MEMORY, "max_spin", "error"));

  /* The balloon to 1 GiB, live. */
  hw_click (shown.page, MEMORY, "revert_button");
  spin_to (shown.page, MEMORY, "memory_spin", 1024);
  hw_click (shown.page, MEMORY, "apply_button");
  assert_value_change (&shown.emitted, expected, VIREO_LIVE_CHANGE_MEMORY, 1024 * 1024);
  hw_shown_destroy (&shown);
}

/* A field being edited stays when a new context comes (another page applied something). */
static void
test_memory_edit_kept (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autofree char *titled = vireo_domain_edit_set_title (xml, "Renamed elsewhere", NULL);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  g_autoptr(VireoHardwareContext) next = hw_context_new (NULL, NULL, titled, FALSE, FALSE);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_memory_page_new (), context);
  spin_to (shown.page, MEMORY, "memory_spin", 1536);
  vireo_hardware_page_update (VIREO_HARDWARE_PAGE (shown.page), next);
  assert_int_equal ((int) gtk_spin_button_get_value (GTK_SPIN_BUTTON (vireo_ui_test_child (shown.page, MEMORY, "memory_spin"))), 1536);
  assert_true (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, MEMORY, "apply_button")));
  hw_shown_destroy (&shown);
}

/* --- boot ------------------------------------------------------------------------------------- */

#define BOOT VIREO_TYPE_BOOT_PAGE

static GtkWidget *
boot_row (GtkWidget  *page,
          const char *dev)
{
  GtkWidget *list = vireo_ui_test_child (page, BOOT, "order_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), dev) == 0)
      return row;
  fail_msg ("no boot row %s", dev);
  return NULL;
}

static const char *
first_boot_row (GtkWidget *page)
{
  return gtk_widget_get_name (gtk_widget_get_first_child (vireo_ui_test_child (page, BOOT, "order_list")));
}

/* The check of @row and its up button. */
static void
find_in_row (GtkWidget       *widget,
             GtkCheckButton **check,
             GtkButton      **up)
{
  for (GtkWidget *w = gtk_widget_get_first_child (widget); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_CHECK_BUTTON (w) && *check == NULL)
        *check = GTK_CHECK_BUTTON (w);
      else if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (w)), "go-up-symbolic") == 0)
        *up = GTK_BUTTON (w);
      find_in_row (w, check, up);
    }
}

static void
boot_row_widgets (GtkWidget       *row,
                  GtkCheckButton **check,
                  GtkButton      **up)
{
  *check = NULL;
  *up = NULL;
  find_in_row (row, check, up);
}

static void
test_boot_order_and_menu (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  const char * const order[] = { "cdrom", "hd", NULL };
  g_autofree char *ordered = vireo_domain_edit_set_boot_order (xml, order, NULL);
  g_autofree char *expected = vireo_domain_edit_set_boot_menu (ordered, TRUE, NULL);
  GtkCheckButton *check;
  GtkButton *up;
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_boot_page_new (), context);
  assert_string_equal (first_boot_row (shown.page), "hd");
  /* A draft or a context without the VM: no autostart. */
  assert_false (hw_visible (shown.page, BOOT, "autostart_group"));

  boot_row_widgets (boot_row (shown.page, "cdrom"), &check, &up);
  assert_non_null (check);
  assert_non_null (up);
  gtk_check_button_set_active (check, TRUE);
  vireo_ui_test_flush ();
  g_signal_emit_by_name (up, "clicked");
  vireo_ui_test_flush ();
  assert_string_equal (first_boot_row (shown.page), "cdrom");
  switch_to (shown.page, BOOT, "menu_switch", TRUE);
  hw_click (shown.page, BOOT, "apply_button");
  hw_assert_emitted (&shown.emitted, expected, 0, NULL);
  hw_shown_destroy (&shown);
}

/* --- display ---------------------------------------------------------------------------------- */

#define DISPLAY VIREO_TYPE_DISPLAY_PAGE

static void
test_display (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  g_autofree char *ported = vireo_domain_edit_set_graphics_port (xml, "vnc", 5905, NULL);
  g_autofree char *expected = vireo_domain_edit_set_video_model (ported, "qxl", NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_display_page_new (), context);
  assert_string_equal (hw_subtitle (shown.page, DISPLAY, "type_row"), "VNC");
  assert_string_equal (hw_combo_string (shown.page, DISPLAY, "video_row"), "virtio");
  assert_true (gtk_switch_get_active (GTK_SWITCH (vireo_ui_test_child (shown.page, DISPLAY, "autoport_switch"))));

  /* Not an address: refused at the field. */
  hw_set_text (shown.page, DISPLAY, "listen_row", "not-an-address");
  hw_click (shown.page, DISPLAY, "apply_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (has_class (shown.page, DISPLAY, "listen_row", "error"));
  assert_true (hw_visible (shown.page, DISPLAY, "error_label"));

  /* A port below VNC's range: refused at the field. */
  hw_set_text (shown.page, DISPLAY, "listen_row", "");
  switch_to (shown.page, DISPLAY, "autoport_switch", FALSE);
  spin_to (shown.page, DISPLAY, "port_spin", 80);
  hw_click (shown.page, DISPLAY, "apply_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (has_class (shown.page, DISPLAY, "port_spin", "error"));

  spin_to (shown.page, DISPLAY, "port_spin", 5905);
  hw_combo_select_string (shown.page, DISPLAY, "video_row", "qxl");
  hw_click (shown.page, DISPLAY, "apply_button");
  hw_assert_emitted (&shown.emitted, expected, 0, NULL);
  hw_shown_destroy (&shown);
}

static void
test_display_password (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  g_autofree char *expected = vireo_domain_edit_set_graphics_password (xml, "vnc", "s3cret", NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_display_page_new (), context);
  /* A password required but not typed: said at the field. */
  switch_to (shown.page, DISPLAY, "password_switch", TRUE);
  hw_click (shown.page, DISPLAY, "apply_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (has_class (shown.page, DISPLAY, "password_row", "error"));

  hw_set_text (shown.page, DISPLAY, "password_row", "s3cret");
  vireo_ui_test_flush ();
  hw_click (shown.page, DISPLAY, "apply_button");
  hw_assert_emitted (&shown.emitted, expected, 0, NULL);
  hw_shown_destroy (&shown);
}

/* --- input, sound, console -------------------------------------------------------------------- */

#define DEVICES VIREO_TYPE_DEVICES_PAGE

static void
test_devices (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  g_autofree char *tablet = vireo_domain_edit_dup_tablet_xml (xml, NULL);
  g_autofree char *untabled = vireo_domain_edit_remove_tablet (xml, NULL);
  g_autofree char *no_serial = vireo_domain_edit_remove_serial_console (xml, NULL);
  g_autofree char *sound = vireo_domain_edit_add_sound (xml, "ich9", NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_devices_page_new (), context);
  assert_true (gtk_switch_get_active (GTK_SWITCH (vireo_ui_test_child (shown.page, DEVICES, "tablet_switch"))));
  assert_true (gtk_switch_get_active (GTK_SWITCH (vireo_ui_test_child (shown.page, DEVICES, "serial_switch"))));

  /* The tablet unplugged from the running VM, live. */
  switch_to (shown.page, DEVICES, "tablet_switch", FALSE);
  hw_assert_emitted (&shown.emitted, untabled, VIREO_LIVE_CHANGE_DETACH_DEVICE, tablet);
  hw_emitted_clear (&shown.emitted);

  /* The owner refused it: the switch shows the definition again, with the reason. */
  {
    g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "refused for the test");

    vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (shown.page), refused, VIREO_DOMAIN_APPLIED_DEFINED, NULL);
    vireo_ui_test_flush ();
    assert_true (gtk_switch_get_active (GTK_SWITCH (vireo_ui_test_child (shown.page, DEVICES, "tablet_switch"))));
    assert_string_equal (hw_label_text (shown.page, DEVICES, "error_label"), "refused for the test");
  }

  switch_to (shown.page, DEVICES, "serial_switch", FALSE);
  hw_assert_emitted (&shown.emitted, no_serial, 0, NULL);
  hw_emitted_clear (&shown.emitted);

  /* Another ich9 (the first model offered). */
  vireo_hardware_page_update (VIREO_HARDWARE_PAGE (shown.page), context);
  hw_click (shown.page, DEVICES, "add_sound_button");
  hw_assert_emitted (&shown.emitted, sound, 0, NULL);
  hw_shown_destroy (&shown);
}

/* --- pending ---------------------------------------------------------------------------------- */

static void
test_pending (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  g_autofree char *live = vireo_domain_edit_set_vcpus (xml, 1, 2, NULL);
  g_autoptr(GError) error = NULL;
  /* The definition has 2 vCPUs, the running VM 1: the processors page says it waits. */
  g_autoptr(VireoHardwareContext) context = vireo_hardware_context_new (NULL, NULL, NULL, xml, live, FALSE, &error);
  Shown shown = { 0 };

  assert_non_null (context);
  hw_show_page (&shown, vireo_cpu_page_new (), context);
  assert_true (hw_visible (shown.page, CPU, "pending_label"));
  hw_shown_destroy (&shown);

  hw_show_page (&shown, vireo_memory_page_new (), context);
  assert_false (hw_visible (shown.page, MEMORY, "pending_label"));
  /* applied() PENDING says so, with libvirt's reason. */
  vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (shown.page), NULL, VIREO_DOMAIN_APPLIED_PENDING, "no balloon");
  assert_true (hw_visible (shown.page, MEMORY, "pending_label"));
  assert_non_null (strstr (hw_label_text (shown.page, MEMORY, "pending_label"), "no balloon"));
  hw_shown_destroy (&shown);
}

/* --- the view --------------------------------------------------------------------------------- */

static GPtrArray *
row_keys (GtkWidget *view)
{
  GtkWidget *sidebar = vireo_ui_test_child (view, VIREO_TYPE_HARDWARE_VIEW, "sidebar");
  GPtrArray *keys = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (sidebar); row != NULL; row = gtk_widget_get_next_sibling (row))
    g_ptr_array_add (keys, (gpointer) gtk_widget_get_name (row));
  g_ptr_array_add (keys, NULL);
  return keys;
}

static void
on_view_apply (VireoHardwareView *view,
               VireoHardwarePage *page,
               const char        *xml,
               GPtrArray         *changes,
               Emitted           *emitted)
{
  hw_on_apply (page, xml, changes, emitted);
}

static void
test_view (void **state)
{
  g_autofree char *xml = hw_corpus (CORPUS);
  VireoDomainDiskSpec spec = { .path = "/var/lib/libvirt/images/extra.qcow2", .format = "qcow2" };
  g_autofree char *more = vireo_domain_edit_add_disk (xml, &spec, NULL, NULL);
  g_autofree char *less = vireo_domain_edit_remove_disk (more, "sda", NULL);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  g_autoptr(VireoHardwareContext) grown = hw_context_new (NULL, NULL, more, FALSE, FALSE);
  g_autoptr(VireoHardwareContext) shrunk = hw_context_new (NULL, NULL, less, FALSE, FALSE);
  const char * const expected[] = { "cpus", "memory", "boot", "disk:vda", "disk:sda", "nic:" MAC, "display",
                                    "devices", NULL };
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = vireo_hardware_view_new ();
  GtkStack *pages = GTK_STACK (vireo_ui_test_child (view, VIREO_TYPE_HARDWARE_VIEW, "pages"));
  GtkWidget *memory_page;
  g_autofree char *edited = vireo_domain_edit_set_memory (xml, 1024 * 1024, 2097152, NULL);
  Emitted emitted = { 0 };

  gtk_window_set_default_size (window, 900, 700);
  gtk_window_set_child (window, view);
  g_signal_connect (view, "apply", G_CALLBACK (on_view_apply), &emitted);
  vireo_hardware_view_set_context (VIREO_HARDWARE_VIEW (view), context);
  vireo_ui_test_present (window);
  {
    g_autoptr(GPtrArray) keys = row_keys (view);

    assert_true (g_strv_equal ((const char * const *) keys->pdata, expected));
  }

  /* A page's change reaches the view's owner. */
  vireo_hardware_view_select (VIREO_HARDWARE_VIEW (view), "memory");
  memory_page = vireo_hardware_view_get_page (VIREO_HARDWARE_VIEW (view), "memory");
  assert_ptr_equal (gtk_stack_get_visible_child (pages), memory_page);
  vireo_ui_test_screenshot (window, "hardware-memory.png");
  spin_to (memory_page, MEMORY, "memory_spin", 1024);
  hw_click (memory_page, MEMORY, "apply_button");
  assert_int_equal (emitted.count, 1);
  assert_string_equal (emitted.xml, edited);
  hw_emitted_clear (&emitted);

  /* A disk added: its row appears, the selection stays. */
  vireo_hardware_view_select (VIREO_HARDWARE_VIEW (view), "disk:sda");
  vireo_hardware_view_set_context (VIREO_HARDWARE_VIEW (view), grown);
  assert_non_null (vireo_hardware_view_get_page (VIREO_HARDWARE_VIEW (view), "disk:vdb"));
  assert_string_equal (gtk_stack_get_visible_child_name (pages), "disk:sda");
  vireo_ui_test_screenshot (window, "hardware-cdrom.png");

  /* The selected disk removed: back to the first row, its page gone. */
  vireo_hardware_view_set_context (VIREO_HARDWARE_VIEW (view), shrunk);
  assert_null (vireo_hardware_view_get_page (VIREO_HARDWARE_VIEW (view), "disk:sda"));
  assert_string_equal (gtk_stack_get_visible_child_name (pages), "cpus");

  vireo_ui_test_destroy_window (window);
  hw_emitted_clear (&emitted);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_cpu_values_and_live),
    cmocka_unit_test (test_cpu_count_live),
    cmocka_unit_test (test_cpu_mode),
    cmocka_unit_test (test_cpu_bad_input),
    cmocka_unit_test (test_memory_live_and_limits),
    cmocka_unit_test (test_memory_edit_kept),
    cmocka_unit_test (test_boot_order_and_menu),
    cmocka_unit_test (test_display),
    cmocka_unit_test (test_display_password),
    cmocka_unit_test (test_devices),
    cmocka_unit_test (test_pending),
    cmocka_unit_test (test_view),
  };

  vireo_ui_test_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
