/* test-hardware-devices.c: the disk page, the NIC page and the Add Hardware dialog. Pages are
 * given contexts made from XML (tests/data/domain), no VM: what they show is the XML's, and each
 * action emits ::apply with exactly what the matching vireo_domain_edit_* call gives, and the live
 * change a running VM would need. Bad input is refused at its field with nothing emitted. The
 * dialog's new volumes and MAC checks run against libvirt's test driver (test:///default).
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-add-hardware-dialog.h"
#include "vireo-connection.h"
#include "vireo-disk-page.h"
#include "vireo-domain-edit.h"
#include "vireo-error.h"
#include "vireo-nic-page.h"
#include "hardware-test-helpers.h"
#include "vireo-ui-test.h"

#define TIMEOUT VIREO_UI_TEST_TIMEOUT_MS
#define GIB     ((guint64) 1024 * 1024 * 1024)

/* --- fixtures --------------------------------------------------------------------------------- */

/* --- disk page -------------------------------------------------------------------------------- */

#define DISK VIREO_TYPE_DISK_PAGE

typedef struct
{
  const char *target;
  const char *device;
  const char *bus;
  const char *source;
  const char *format;
  const char *readonly;
  gboolean    media;
} DiskCase;

static void
test_disk_values (void **state)
{
  static const DiskCase cases[] = {
    { "vda", "Disk", "virtio", "/var/lib/libvirt/images/all-disks.qcow2", "qcow2", "No", FALSE },
    { "vdb", "Disk", "virtio", "/dev/vg0/all-disks", "raw", "No", FALSE },
    { "vdc", "Disk", "virtio", "default/all-disks-data.qcow2", "qcow2", "No", FALSE },
    { "vdd", "Disk", "virtio", "rbd: pool/all-disks", "raw", "No", FALSE },
    { "sda", "CD-ROM", "sata", "/var/lib/libvirt/iso/debian-12.iso", "raw", "Yes", TRUE },
    { "sdb", "Disk", "scsi", "/srv/shared/all-disks.img", "raw", "No", FALSE },
  };
  g_autofree char *xml = hw_corpus ("12-all-disks.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Shown shown = { 0 };

      hw_show_page (&shown, vireo_disk_page_new (cases[i].target), context);
      assert_string_equal (hw_subtitle (shown.page, DISK, "device_row"), cases[i].device);
      assert_string_equal (hw_subtitle (shown.page, DISK, "target_row"), cases[i].target);
      assert_string_equal (hw_subtitle (shown.page, DISK, "bus_row"), cases[i].bus);
      assert_string_equal (hw_subtitle (shown.page, DISK, "source_row"), cases[i].source);
      assert_string_equal (hw_subtitle (shown.page, DISK, "format_row"), cases[i].format);
      assert_string_equal (hw_subtitle (shown.page, DISK, "readonly_row"), cases[i].readonly);
      assert_int_equal (hw_visible (shown.page, DISK, "media_group"), cases[i].media);
      assert_false (hw_visible (shown.page, DISK, "pending_label"));
      if (g_str_equal (cases[i].target, "sda"))
        vireo_ui_test_screenshot (shown.window, "hardware-disk-cdrom.png");
      hw_shown_destroy (&shown);
    }
}

static void
test_disk_empty_cdrom (void **state)
{
  g_autofree char *full = hw_corpus ("01-debian12-q35.xml");
  g_autofree char *xml = vireo_domain_edit_change_media (full, "sda", NULL, NULL);
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_disk_page_new ("sda"), context);
  assert_string_equal (hw_subtitle (shown.page, DISK, "source_row"), "No media");
  assert_true (hw_visible (shown.page, DISK, "media_group"));
  /* Nothing to eject, nothing typed to insert. */
  assert_false (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, DISK, "eject_button")));
  assert_false (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, DISK, "insert_button")));
  hw_shown_destroy (&shown);
}

static void
test_disk_eject (void **state)
{
  g_autofree char *xml = hw_corpus ("12-all-disks.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  g_autofree char *expected = vireo_domain_edit_change_media (xml, "sda", NULL, NULL);
  g_autofree char *device = vireo_domain_edit_dup_disk_xml (expected, "sda", NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_disk_page_new ("sda"), context);
  hw_click (shown.page, DISK, "eject_button");
  hw_assert_emitted (&shown.emitted, expected, VIREO_LIVE_CHANGE_UPDATE_DEVICE, device);

  /* A refusal of the owner shows at the media. */
  {
    g_autoptr(GError) error = g_error_new_literal (VIREO_ERROR, VIREO_ERROR_FAILED, "the drive is locked");

    vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (shown.page), error, VIREO_DOMAIN_APPLIED_DEFINED, NULL);
    assert_true (hw_visible (shown.page, DISK, "media_error_label"));
    assert_string_equal (hw_label_text (shown.page, DISK, "media_error_label"), "the drive is locked");
  }
  /* Applied for the next boot: said so, with libvirt's reason. */
  vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (shown.page), NULL, VIREO_DOMAIN_APPLIED_PENDING,
                               "tray locked");
  assert_true (hw_visible (shown.page, DISK, "pending_label"));
  assert_non_null (strstr (hw_label_text (shown.page, DISK, "pending_label"), "tray locked"));
  hw_shown_destroy (&shown);
}

static void
test_disk_insert (void **state)
{
  g_autofree char *xml = hw_corpus ("12-all-disks.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  g_autofree char *iso = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *device = NULL;
  Shown shown = { 0 };
  int fd = g_file_open_tmp ("vireo-test-XXXXXX.iso", &iso, NULL);

  assert_true (fd >= 0);
  close (fd);
  expected = vireo_domain_edit_change_media (xml, "sda", iso, NULL);
  device = vireo_domain_edit_dup_disk_xml (expected, "sda", NULL);

  hw_show_page (&shown, vireo_disk_page_new ("sda"), context);

  /* A path that does not exist: at the field, nothing emitted. */
  hw_set_text (shown.page, DISK, "media_row", "/nonexistent/vireo.iso");
  hw_click (shown.page, DISK, "insert_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (hw_visible (shown.page, DISK, "media_error_label"));
  assert_non_null (strstr (hw_label_text (shown.page, DISK, "media_error_label"), "'/nonexistent/vireo.iso'"));
  assert_true (gtk_widget_has_css_class (vireo_ui_test_child (shown.page, DISK, "media_row"), "error"));

  /* Not absolute either. */
  hw_set_text (shown.page, DISK, "media_row", "vireo.iso");
  assert_false (hw_visible (shown.page, DISK, "media_error_label"));
  hw_click (shown.page, DISK, "insert_button");
  assert_int_equal (shown.emitted.count, 0);
  assert_true (hw_visible (shown.page, DISK, "media_error_label"));

  hw_set_text (shown.page, DISK, "media_row", iso);
  hw_click (shown.page, DISK, "insert_button");
  hw_assert_emitted (&shown.emitted, expected, VIREO_LIVE_CHANGE_UPDATE_DEVICE, device);
  hw_shown_destroy (&shown);
  g_unlink (iso);
}

static gboolean
label_visible (gpointer label)
{
  return gtk_widget_get_visible (label);
}

/* With a connection, the path is checked on the VM's host (test:///default is local). */
static void
test_disk_insert_checked_on_host (void **state)
{
  g_autoptr(VireoConnection) connection = vireo_connection_new ("test:///default");
  g_autofree char *xml = hw_corpus ("12-all-disks.xml");
  g_autoptr(VireoHardwareContext) context = NULL;
  g_autofree char *iso = NULL;
  g_autofree char *expected = NULL;
  Shown shown = { 0 };
  int fd = g_file_open_tmp ("vireo-test-XXXXXX.iso", &iso, NULL);

  assert_true (fd >= 0);
  close (fd);
  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT));
  context = hw_context_new (connection, NULL, xml, TRUE, FALSE);
  expected = vireo_domain_edit_change_media (xml, "sda", iso, NULL);

  hw_show_page (&shown, vireo_disk_page_new ("sda"), context);
  hw_set_text (shown.page, DISK, "media_row", "/nonexistent/vireo.iso");
  hw_click (shown.page, DISK, "insert_button");
  assert_true (vireo_test_wait_until (label_visible, vireo_ui_test_child (shown.page, DISK, "media_error_label"), TIMEOUT));
  assert_non_null (strstr (hw_label_text (shown.page, DISK, "media_error_label"), "/nonexistent/vireo.iso"));
  assert_int_equal (shown.emitted.count, 0);

  hw_set_text (shown.page, DISK, "media_row", iso);
  hw_click (shown.page, DISK, "insert_button");
  assert_true (vireo_test_wait_until (hw_emitted_once, &shown.emitted, TIMEOUT));
  assert_int_equal (shown.emitted.count, 1);
  assert_string_equal (shown.emitted.xml, expected);
  hw_shown_destroy (&shown);
  g_clear_pointer (&context, vireo_hardware_context_unref);

  vireo_connection_disconnect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_DISCONNECTED, TIMEOUT));
  g_unlink (iso);
}

static void
test_disk_remove (void **state)
{
  g_autofree char *xml = hw_corpus ("12-all-disks.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  g_autofree char *expected = vireo_domain_edit_remove_disk (xml, "vdb", NULL);
  /* From the ORIGINAL definition: the running VM knows the disk by it. */
  g_autofree char *device = vireo_domain_edit_dup_disk_xml (xml, "vdb", NULL);
  AdwMessageDialog *dialog;
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_disk_page_new ("vdb"), context);
  hw_click (shown.page, DISK, "remove_button");
  dialog = hw_find_message_dialog ();
  assert_non_null (dialog);
  /* The user is told the file stays. */
  assert_non_null (strstr (adw_message_dialog_get_body (dialog), "'/dev/vg0/all-disks' is kept"));
  assert_int_equal (shown.emitted.count, 0);

  hw_respond (dialog, "remove");
  hw_assert_emitted (&shown.emitted, expected, VIREO_LIVE_CHANGE_DETACH_DEVICE, device);
  assert_null (hw_find_message_dialog ());
  hw_shown_destroy (&shown);
}

static void
test_disk_draft (void **state)
{
  g_autofree char *xml = hw_corpus ("12-all-disks.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, TRUE);
  g_autofree char *expected = vireo_domain_edit_change_media (xml, "sda", NULL, NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_disk_page_new ("sda"), context);
  hw_click (shown.page, DISK, "eject_button");
  /* A draft: nothing to make live. */
  hw_assert_emitted (&shown.emitted, expected, 0, NULL);
  hw_shown_destroy (&shown);
}

/* --- NIC page --------------------------------------------------------------------------------- */

#define NIC VIREO_TYPE_NIC_PAGE

static void
test_nic_values (void **state)
{
  g_autofree char *xml = hw_corpus ("13-all-nics.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_nic_page_new ("52:54:00:1d:20:57"), context);
  assert_int_equal (adw_combo_row_get_selected (ADW_COMBO_ROW (vireo_ui_test_child (shown.page, NIC, "type_row"))), 0);
  assert_string_equal (hw_combo_string (shown.page, NIC, "source_row"), "default");
  assert_true (hw_visible (shown.page, NIC, "source_row"));
  assert_false (hw_visible (shown.page, NIC, "source_entry_row"));
  assert_string_equal (hw_combo_string (shown.page, NIC, "model_row"), "virtio");
  assert_string_equal (hw_subtitle (shown.page, NIC, "mac_row"), "52:54:00:1d:20:57");
  assert_true (gtk_switch_get_active (GTK_SWITCH (vireo_ui_test_child (shown.page, NIC, "link_switch"))));
  assert_false (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, NIC, "apply_button")));
  vireo_ui_test_screenshot (shown.window, "hardware-nic.png");
  hw_shown_destroy (&shown);

  hw_show_page (&shown, vireo_nic_page_new ("52:54:00:1D:21:58"), context);
  assert_int_equal (adw_combo_row_get_selected (ADW_COMBO_ROW (vireo_ui_test_child (shown.page, NIC, "type_row"))), 1);
  assert_false (hw_visible (shown.page, NIC, "source_row"));
  assert_true (hw_visible (shown.page, NIC, "source_entry_row"));
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (vireo_ui_test_child (shown.page, NIC, "source_entry_row"))), "br0");
  assert_string_equal (hw_combo_string (shown.page, NIC, "model_row"), "e1000e");
  assert_false (gtk_switch_get_active (GTK_SWITCH (vireo_ui_test_child (shown.page, NIC, "link_switch"))));
  hw_shown_destroy (&shown);

  hw_show_page (&shown, vireo_nic_page_new ("52:54:00:1d:22:59"), context);
  assert_int_equal (adw_combo_row_get_selected (ADW_COMBO_ROW (vireo_ui_test_child (shown.page, NIC, "type_row"))), 2);
  assert_string_equal (hw_combo_string (shown.page, NIC, "source_row"), "eth0");
  assert_string_equal (hw_combo_string (shown.page, NIC, "model_row"), "rtl8139");
  hw_shown_destroy (&shown);

  /* A kind the page does not edit: shown as libvirt names it, with no source. */
  hw_show_page (&shown, vireo_nic_page_new ("52:54:00:1d:23:5a"), context);
  assert_string_equal (hw_combo_string (shown.page, NIC, "type_row"), "user");
  assert_false (hw_visible (shown.page, NIC, "source_row"));
  assert_false (hw_visible (shown.page, NIC, "source_entry_row"));
  assert_string_equal (hw_combo_string (shown.page, NIC, "model_row"), "e1000");
  assert_false (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, NIC, "apply_button")));
  hw_shown_destroy (&shown);
}

static void
test_nic_link (void **state)
{
  g_autofree char *xml = hw_corpus ("13-all-nics.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  const char *mac = "52:54:00:1d:21:58";
  g_autofree char *expected = vireo_domain_edit_set_nic_link (xml, mac, TRUE, NULL);
  g_autofree char *device = vireo_domain_edit_dup_nic_xml (expected, mac, NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_nic_page_new (mac), context);
  gtk_switch_set_active (GTK_SWITCH (vireo_ui_test_child (shown.page, NIC, "link_switch")), TRUE);
  vireo_ui_test_flush ();
  assert_int_equal (shown.emitted.count, 0);
  hw_click (shown.page, NIC, "apply_button");
  hw_assert_emitted (&shown.emitted, expected, VIREO_LIVE_CHANGE_UPDATE_DEVICE, device);
  hw_shown_destroy (&shown);
}

static void
test_nic_model (void **state)
{
  g_autofree char *xml = hw_corpus ("13-all-nics.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  const char *mac = "52:54:00:1d:20:57";
  g_autofree char *expected = vireo_domain_edit_set_nic_model (xml, mac, "e1000", NULL);
  g_autofree char *device = vireo_domain_edit_dup_nic_xml (expected, mac, NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_nic_page_new (mac), context);
  hw_combo_select_string (shown.page, NIC, "model_row", "e1000");
  hw_click (shown.page, NIC, "apply_button");
  hw_assert_emitted (&shown.emitted, expected, VIREO_LIVE_CHANGE_UPDATE_DEVICE, device);

  /* libvirt refused it live: pending, with its reason. */
  vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (shown.page), NULL, VIREO_DOMAIN_APPLIED_PENDING,
                               "cannot change model live");
  assert_true (hw_visible (shown.page, NIC, "pending_label"));
  assert_non_null (strstr (hw_label_text (shown.page, NIC, "pending_label"), "cannot change model live"));
  hw_shown_destroy (&shown);
}

static void
test_nic_source (void **state)
{
  g_autofree char *xml = hw_corpus ("13-all-nics.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  const char *mac = "52:54:00:1d:20:57";
  g_autofree char *expected = vireo_domain_edit_set_nic_source (xml, mac, "bridge", "br1", NULL, NULL);
  g_autofree char *device = vireo_domain_edit_dup_nic_xml (expected, mac, NULL);
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_nic_page_new (mac), context);
  adw_combo_row_set_selected (ADW_COMBO_ROW (vireo_ui_test_child (shown.page, NIC, "type_row")), 1);
  vireo_ui_test_flush ();
  assert_true (hw_visible (shown.page, NIC, "source_entry_row"));
  hw_set_text (shown.page, NIC, "source_entry_row", "br1");
  hw_click (shown.page, NIC, "apply_button");
  hw_assert_emitted (&shown.emitted, expected, VIREO_LIVE_CHANGE_UPDATE_DEVICE, device);
  hw_shown_destroy (&shown);
}

static void
test_nic_revert_and_keep (void **state)
{
  g_autofree char *xml = hw_corpus ("13-all-nics.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, FALSE, FALSE);
  const char *mac = "52:54:00:1d:20:57";
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_nic_page_new (mac), context);
  hw_combo_select_string (shown.page, NIC, "model_row", "rtl8139");
  assert_true (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, NIC, "apply_button")));

  /* A new context (another page applied something) keeps what the user has not applied. */
  vireo_hardware_page_update (VIREO_HARDWARE_PAGE (shown.page), context);
  assert_string_equal (hw_combo_string (shown.page, NIC, "model_row"), "rtl8139");

  hw_click (shown.page, NIC, "revert_button");
  assert_string_equal (hw_combo_string (shown.page, NIC, "model_row"), "virtio");
  assert_false (gtk_widget_is_sensitive (vireo_ui_test_child (shown.page, NIC, "apply_button")));
  assert_int_equal (shown.emitted.count, 0);
  hw_shown_destroy (&shown);
}

static void
test_nic_remove (void **state)
{
  g_autofree char *xml = hw_corpus ("13-all-nics.xml");
  g_autoptr(VireoHardwareContext) context = hw_context_new (NULL, NULL, xml, TRUE, FALSE);
  const char *mac = "52:54:00:1d:22:59";
  g_autofree char *expected = vireo_domain_edit_remove_nic (xml, mac, NULL);
  g_autofree char *device = vireo_domain_edit_dup_nic_xml (xml, mac, NULL);
  AdwMessageDialog *dialog;
  Shown shown = { 0 };

  hw_show_page (&shown, vireo_nic_page_new (mac), context);
  hw_click (shown.page, NIC, "remove_button");
  dialog = hw_find_message_dialog ();
  assert_non_null (dialog);
  hw_respond (dialog, "cancel");
  assert_int_equal (shown.emitted.count, 0);

  hw_click (shown.page, NIC, "remove_button");
  dialog = hw_find_message_dialog ();
  assert_non_null (dialog);
  hw_respond (dialog, "remove");
  hw_assert_emitted (&shown.emitted, expected, VIREO_LIVE_CHANGE_DETACH_DEVICE, device);
  hw_shown_destroy (&shown);
}

/* --- Add Hardware dialog ---------------------------------------------------------------------- */

#define ADD VIREO_TYPE_ADD_HARDWARE_DIALOG

typedef struct
{
  VireoConnection        *connection;
  VireoInstallHost       *host;
  VireoHardwareContext   *context;
  char                   *xml;
  VireoAddHardwareDialog *dialog;
  Emitted                 emitted;
} Lab;

static VireoInstallHost *
query_host (VireoConnection *connection)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoInstallHost *host;

  vireo_install_host_query_async (connection, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT);
  assert_non_null (result);
  host = vireo_install_host_query_finish (connection, result, &error);
  if (host == NULL)
    fail_msg ("host: %s", error->message);
  return host;
}

/* The dialog for 12-all-disks.xml on test:///default (@with_connection) or on nothing. */
static void
lab_open (Lab      *lab,
          gboolean  with_connection,
          gboolean  draft)
{
  lab->xml = hw_corpus ("12-all-disks.xml");
  if (with_connection)
    {
      lab->connection = vireo_connection_new ("test:///default");
      vireo_connection_connect (lab->connection);
      assert_true (vireo_test_wait_for_connection_state (lab->connection, VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT));
      lab->host = query_host (lab->connection);
    }
  lab->context = hw_context_new (lab->connection, lab->host, lab->xml, !draft, draft);
  lab->dialog = g_object_ref (vireo_add_hardware_dialog_new (NULL, lab->context));
  g_signal_connect (lab->dialog, "apply", G_CALLBACK (hw_on_apply), &lab->emitted);
  vireo_ui_test_present (lab->dialog);
}

static void
lab_close (Lab *lab)
{
  if (gtk_widget_get_visible (GTK_WIDGET (lab->dialog)))
    gtk_window_destroy (GTK_WINDOW (lab->dialog));
  vireo_ui_test_flush ();
  vireo_test_assert_finalize (g_steal_pointer (&lab->dialog));
  g_clear_pointer (&lab->context, vireo_hardware_context_unref);
  g_clear_pointer (&lab->host, vireo_install_host_free);
  if (lab->connection != NULL)
    {
      vireo_connection_disconnect (lab->connection);
      assert_true (vireo_test_wait_for_connection_state (lab->connection, VIREO_CONNECTION_STATE_DISCONNECTED, TIMEOUT));
      g_clear_object (&lab->connection);
    }
  g_free (lab->xml);
  hw_emitted_clear (&lab->emitted);
}

static GtkWidget *
dlg (Lab *lab)
{
  return GTK_WIDGET (lab->dialog);
}

static void
show_network (Lab *lab)
{
  gtk_stack_set_visible_child_name (GTK_STACK (vireo_ui_test_child (dlg (lab), ADD, "stack")), "network");
  vireo_ui_test_flush ();
}

static gboolean
label_shown (gpointer label)
{
  return gtk_widget_get_visible (label);
}

static void
wait_label (Lab        *lab,
            const char *name)
{
  if (!vireo_test_wait_until (label_shown, vireo_ui_test_child (dlg (lab), ADD, name), TIMEOUT))
    fail_msg ("%s never showed", name);
}

static gboolean
not_busy (gpointer button)
{
  return gtk_widget_is_sensitive (button);
}

static void
wait_not_busy (Lab *lab)
{
  assert_true (vireo_test_wait_until (not_busy, vireo_ui_test_child (dlg (lab), ADD, "add_button"), TIMEOUT));
}

static void
test_add_nic_offline (void **state)
{
  Lab lab = { 0 };
  VireoDomainNicSpec spec = { .type = "bridge", .source = "br7", .model = "e1000e", .mac = "52:54:00:99:88:77" };
  g_autofree char *expected = NULL;
  g_autofree char *device = NULL;

  lab_open (&lab, FALSE, FALSE);
  show_network (&lab);
  adw_combo_row_set_selected (ADW_COMBO_ROW (vireo_ui_test_child (dlg (&lab), ADD, "nic_type_row")), 1);
  hw_set_text (dlg (&lab), ADD, "bridge_row", "br7");
  hw_combo_select_string (dlg (&lab), ADD, "nic_model_row", "e1000e");

  /* Malformed. */
  hw_set_text (dlg (&lab), ADD, "mac_row", "52:54:00:zz:00:01");
  hw_click (dlg (&lab), ADD, "add_button");
  assert_int_equal (lab.emitted.count, 0);
  assert_true (hw_visible (dlg (&lab), ADD, "mac_error_label"));
  assert_non_null (strstr (hw_label_text (dlg (&lab), ADD, "mac_error_label"), "'52:54:00:zz:00:01'"));

  /* This VM's own. */
  hw_set_text (dlg (&lab), ADD, "mac_row", "52:54:00:1C:20:54");
  assert_false (hw_visible (dlg (&lab), ADD, "mac_error_label"));
  hw_click (dlg (&lab), ADD, "add_button");
  assert_int_equal (lab.emitted.count, 0);
  assert_true (hw_visible (dlg (&lab), ADD, "mac_error_label"));

  hw_set_text (dlg (&lab), ADD, "mac_row", spec.mac);
  hw_click (dlg (&lab), ADD, "add_button");
  expected = vireo_domain_edit_add_nic (lab.xml, &spec, NULL, NULL, NULL);
  device = vireo_domain_edit_dup_nic_xml (expected, spec.mac, NULL);
  hw_assert_emitted (&lab.emitted, expected, VIREO_LIVE_CHANGE_ATTACH_DEVICE, device);

  /* Applied: the dialog is done. */
  vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (lab.dialog), NULL, VIREO_DOMAIN_APPLIED_LIVE, NULL);
  vireo_ui_test_flush ();
  assert_false (gtk_widget_get_visible (dlg (&lab)));
  lab_close (&lab);
}

static void
test_add_nic_used_elsewhere (void **state)
{
  Lab lab = { 0 };
  VireoDomainNicSpec spec = { .type = "network", .source = "default", .model = "virtio", .mac = "52:54:00:12:34:56" };
  g_autofree char *expected = NULL;
  g_autofree char *device = NULL;
  const char *used[] = { "aa:bb:cc:dd:ee:ff", NULL };

  lab_open (&lab, TRUE, FALSE);
  show_network (&lab);
  /* The host's networks are offered. */
  assert_string_equal (hw_combo_string (dlg (&lab), ADD, "nic_source_row"), "default");

  /* test:///default's VM "test" has it. */
  hw_set_text (dlg (&lab), ADD, "mac_row", "AA:BB:CC:DD:EE:FF");
  hw_click (dlg (&lab), ADD, "add_button");
  wait_label (&lab, "mac_error_label");
  wait_not_busy (&lab);
  assert_int_equal (lab.emitted.count, 0);
  assert_non_null (strstr (hw_label_text (dlg (&lab), ADD, "mac_error_label"), "already in use"));
  vireo_ui_test_screenshot (lab.dialog, "hardware-add-network-error.png");

  hw_set_text (dlg (&lab), ADD, "mac_row", spec.mac);
  hw_click (dlg (&lab), ADD, "add_button");
  assert_true (vireo_test_wait_until (hw_emitted_once, &lab.emitted, TIMEOUT));
  expected = vireo_domain_edit_add_nic (lab.xml, &spec, used, NULL, NULL);
  device = vireo_domain_edit_dup_nic_xml (expected, spec.mac, NULL);
  hw_assert_emitted (&lab.emitted, expected, VIREO_LIVE_CHANGE_ATTACH_DEVICE, device);
  lab_close (&lab);
}

static virStorageVolPtr
lookup_volume (VireoConnection *connection,
               const char      *name)
{
  virConnectPtr conn = vireo_connection_get_virconnect (connection);
  virStoragePoolPtr pool = virStoragePoolLookupByName (conn, "default-pool");
  virStorageVolPtr volume;

  assert_non_null (pool);
  volume = virStorageVolLookupByName (pool, name);
  virResetLastError ();
  virStoragePoolFree (pool);
  return volume;
}

static gboolean
volume_gone (gpointer data)
{
  Lab *lab = data;
  virStorageVolPtr volume = lookup_volume (lab->connection, "all-disks-1.qcow2");

  if (volume == NULL)
    return TRUE;
  virStorageVolFree (volume);
  return FALSE;
}

static void
test_add_disk_new_volume (void **state)
{
  Lab lab = { 0 };
  VireoDomainDiskSpec spec = { .device = "disk", .path = "/default-pool/all-disks-1.qcow2", .bus = "virtio",
                               .format = "qcow2" };
  g_autofree char *expected = NULL;
  g_autofree char *target = NULL;
  g_autofree char *device = NULL;
  virStorageVolPtr volume;

  lab_open (&lab, TRUE, FALSE);
  assert_true (hw_visible (dlg (&lab), ADD, "new_volume_group"));
  assert_string_equal (hw_combo_string (dlg (&lab), ADD, "pool_row"), "default-pool");
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (vireo_ui_test_child (dlg (&lab), ADD, "volume_name_row"))),
                       "all-disks-1.qcow2");
  vireo_ui_test_screenshot (lab.dialog, "hardware-add-storage.png");

  /* Above the pool's free space (100 GiB): refused before anything is made. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vireo_ui_test_child (dlg (&lab), ADD, "size_spin")), 200);
  hw_click (dlg (&lab), ADD, "add_button");
  assert_int_equal (lab.emitted.count, 0);
  assert_true (hw_visible (dlg (&lab), ADD, "volume_error_label"));
  assert_non_null (strstr (hw_label_text (dlg (&lab), ADD, "volume_error_label"), "'default-pool'"));
  assert_null (lookup_volume (lab.connection, "all-disks-1.qcow2"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vireo_ui_test_child (dlg (&lab), ADD, "size_spin")), 8);
  hw_click (dlg (&lab), ADD, "add_button");
  assert_true (vireo_test_wait_until (hw_emitted_once, &lab.emitted, TIMEOUT));

  /* Made before the definition changes. */
  volume = lookup_volume (lab.connection, "all-disks-1.qcow2");
  assert_non_null (volume);
  virStorageVolFree (volume);
  expected = vireo_domain_edit_add_disk (lab.xml, &spec, &target, NULL);
  device = vireo_domain_edit_dup_disk_xml (expected, target, NULL);
  hw_assert_emitted (&lab.emitted, expected, VIREO_LIVE_CHANGE_ATTACH_DEVICE, device);

  /* The definition was refused: the volume goes, the error shows, the dialog stays. */
  {
    g_autoptr(GError) error = g_error_new_literal (VIREO_ERROR, VIREO_ERROR_FAILED, "define refused");

    vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (lab.dialog), error, VIREO_DOMAIN_APPLIED_DEFINED, NULL);
  }
  assert_true (vireo_test_wait_until (volume_gone, &lab, TIMEOUT));
  assert_true (gtk_widget_get_visible (dlg (&lab)));
  assert_true (hw_visible (dlg (&lab), ADD, "error_label"));
  assert_string_equal (hw_label_text (dlg (&lab), ADD, "error_label"), "define refused");

  /* Again, and this time it is applied: the volume stays, the dialog closes. */
  hw_emitted_clear (&lab.emitted);
  hw_click (dlg (&lab), ADD, "add_button");
  assert_true (vireo_test_wait_until (hw_emitted_once, &lab.emitted, TIMEOUT));
  vireo_hardware_page_applied (VIREO_HARDWARE_PAGE (lab.dialog), NULL, VIREO_DOMAIN_APPLIED_LIVE, NULL);
  vireo_ui_test_flush ();
  assert_false (gtk_widget_get_visible (dlg (&lab)));
  volume = lookup_volume (lab.connection, "all-disks-1.qcow2");
  assert_non_null (volume);
  virStorageVolFree (volume);
  lab_close (&lab);
}

static void
test_add_disk_name_taken (void **state)
{
  Lab lab = { 0 };
  virStorageVolPtr taken;
  virStoragePoolPtr pool;

  lab_open (&lab, TRUE, FALSE);
  pool = virStoragePoolLookupByName (vireo_connection_get_virconnect (lab.connection), "default-pool");
  taken = virStorageVolCreateXML (pool, "<volume><name>taken.qcow2</name><capacity>1024</capacity></volume>", 0);
  assert_non_null (taken);

  hw_set_text (dlg (&lab), ADD, "volume_name_row", "taken.qcow2");
  hw_click (dlg (&lab), ADD, "add_button");
  wait_label (&lab, "volume_error_label");
  wait_not_busy (&lab);
  assert_int_equal (lab.emitted.count, 0);
  assert_non_null (strstr (hw_label_text (dlg (&lab), ADD, "volume_error_label"), "'taken.qcow2'"));

  virStorageVolFree (taken);
  virStoragePoolFree (pool);
  lab_close (&lab);
}

static void
test_add_disk_existing (void **state)
{
  Lab lab = { 0 };
  g_autofree char *image = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *target = NULL;
  g_autofree char *device = NULL;
  VireoDomainDiskSpec spec = { .device = "cdrom", .bus = "sata", .readonly = TRUE };
  int fd = g_file_open_tmp ("vireo-test-XXXXXX.iso", &image, NULL);

  assert_true (fd >= 0);
  close (fd);
  lab_open (&lab, TRUE, FALSE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (vireo_ui_test_child (dlg (&lab), ADD, "device_row")), 1);
  vireo_ui_test_flush ();
  /* A CD-ROM takes an image, never a new volume; on SATA. */
  assert_false (hw_visible (dlg (&lab), ADD, "new_volume_group"));
  assert_string_equal (hw_combo_string (dlg (&lab), ADD, "bus_row"), "sata");

  /* Checked on the host: there is no such file. */
  hw_set_text (dlg (&lab), ADD, "path_row", "/nonexistent/vireo.iso");
  hw_click (dlg (&lab), ADD, "add_button");
  wait_label (&lab, "path_error_label");
  wait_not_busy (&lab);
  assert_int_equal (lab.emitted.count, 0);
  assert_non_null (strstr (hw_label_text (dlg (&lab), ADD, "path_error_label"), "/nonexistent/vireo.iso"));

  hw_set_text (dlg (&lab), ADD, "path_row", image);
  hw_click (dlg (&lab), ADD, "add_button");
  assert_true (vireo_test_wait_until (hw_emitted_once, &lab.emitted, TIMEOUT));
  spec.path = image;
  expected = vireo_domain_edit_add_disk (lab.xml, &spec, &target, NULL);
  device = vireo_domain_edit_dup_disk_xml (expected, target, NULL);
  hw_assert_emitted (&lab.emitted, expected, VIREO_LIVE_CHANGE_ATTACH_DEVICE, device);
  lab_close (&lab);
  g_unlink (image);
}

static void
test_add_draft (void **state)
{
  Lab lab = { 0 };

  /* A draft only takes existing images: nothing is made on the host before the VM is. */
  lab_open (&lab, FALSE, TRUE);
  show_network (&lab);
  vireo_ui_test_screenshot (lab.dialog, "hardware-add-network-draft.png");
  gtk_stack_set_visible_child_name (GTK_STACK (vireo_ui_test_child (dlg (&lab), ADD, "stack")), "storage");
  vireo_ui_test_flush ();
  assert_false (hw_visible (dlg (&lab), ADD, "source_kind_row"));
  assert_false (hw_visible (dlg (&lab), ADD, "new_volume_group"));
  assert_true (hw_visible (dlg (&lab), ADD, "existing_group"));
  lab_close (&lab);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_disk_values),
    cmocka_unit_test (test_disk_empty_cdrom),
    cmocka_unit_test (test_disk_eject),
    cmocka_unit_test (test_disk_insert),
    cmocka_unit_test (test_disk_insert_checked_on_host),
    cmocka_unit_test (test_disk_remove),
    cmocka_unit_test (test_disk_draft),
    cmocka_unit_test (test_nic_values),
    cmocka_unit_test (test_nic_link),
    cmocka_unit_test (test_nic_model),
    cmocka_unit_test (test_nic_source),
    cmocka_unit_test (test_nic_revert_and_keep),
    cmocka_unit_test (test_nic_remove),
    cmocka_unit_test (test_add_nic_offline),
    cmocka_unit_test (test_add_nic_used_elsewhere),
    cmocka_unit_test (test_add_disk_new_volume),
    cmocka_unit_test (test_add_disk_name_taken),
    cmocka_unit_test (test_add_disk_existing),
    cmocka_unit_test (test_add_draft),
  };

  vireo_ui_test_init ();
  /* Screenshots show the end state, not a CSS transition's first frame (a stack switcher's
   * button takes 200 ms to look checked). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return cmocka_run_group_tests (tests, NULL, NULL);
}
