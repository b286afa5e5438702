/* test-system-details.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The details pages' live changes on a real running VM (qemu:///system, TCG): a NIC's link taken
 * down and up, and a CD-ROM ejected and loaded, each through the same path the pages use (an
 * in-place edit of the definition, the device's XML, vireo_domain_apply_async with an
 * UPDATE_DEVICE live change), and checked in the live XML and, for the medium, in QEMU itself
 * (query-block). The
 * VM, its ISOs and, when the test had to start it, the 'default' network are removed or stopped
 * afterwards; nothing else is touched.
 */

#define G_LOG_DOMAIN "test-system-details"

#include "vireo-test-utils.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/virterror.h>

#include "vireo-core.h"
#include "vireo-domain-apply.h"
#include "vireo-domain-config.h"
#include "vireo-domain-definition.h"
#include "vireo-domain-edit.h"
#include "vireo-system-vm.h"

#define MAC "52:54:00:5e:7a:01"

static VireoSystemVm *vm;
static char          *dir;
static char          *iso_a;
static char          *iso_b;
static gboolean       started_network;

static char *
make_iso (const char *name,
          const char *label)
{
  g_autofree char *content = g_build_filename (dir, label, NULL);
  g_autofree char *readme = g_build_filename (content, "README", NULL);
  char *iso = g_build_filename (dir, name, NULL);
  const char *argv[] = { "xorriso", "-as", "mkisofs", "-quiet", "-o", iso, "-V", label, content, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  g_assert_true (g_mkdir_with_parents (content, 0755) == 0);
  g_assert_true (g_file_set_contents (readme, label, -1, NULL));
  out = vireo_system_run (argv, 60000, &status, &error);
  if (status != 0)
    g_error ("xorriso: %s", error ? error->message : "failed");
  g_chmod (iso, 0644);
  return iso;
}

/* QEMU's own view, through libvirt's monitor passthrough (QMP). */
static char *
monitor (const char *name,
         const char *command)
{
  const char *argv[] = { "virsh", "-c", "qemu:///system", "qemu-monitor-command", name, "--pretty", command,
                         NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;
  char *out = vireo_system_run (argv, 30000, &status, &error);

  if (status != 0)
    fail_msg ("virsh qemu-monitor-command %s: %s", command, error ? error->message : out);
  return out;
}

static char *
fetch (VireoDomain *domain,
       gboolean     live)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *xml;

  if (live)
    vireo_domain_fetch_live_xml_async (domain, NULL, vireo_test_async_cb, &slot);
  else
    vireo_domain_fetch_xml_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
  xml = live ? vireo_domain_fetch_live_xml_finish (domain, result, &error)
             : vireo_domain_fetch_xml_finish (domain, result, &error);
  vireo_system_assert_no_error (error);
  return xml;
}

/* What a page does: the edited definition, and the same device updated live. */
static void
apply_update (VireoDomain *domain,
              const char  *edited,
              const char  *device_xml)
{
  g_autoptr(GPtrArray) changes = vireo_live_changes_new ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  VireoDomainApplied applied = -1;

  g_ptr_array_add (changes, vireo_live_change_new_device (VIREO_LIVE_CHANGE_UPDATE_DEVICE, device_xml));
  vireo_domain_apply_async (domain, edited, changes, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
  if (!vireo_domain_apply_finish (domain, result, &applied, &reason, &error))
    vireo_system_assert_no_error (error);
  if (applied != VIREO_DOMAIN_APPLIED_LIVE)
    fail_msg ("applied %d, not live: %s", applied, reason ? reason : "");
}

static void
set_link (VireoDomain *domain,
          gboolean     up)
{
  g_autofree char *xml = fetch (domain, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = vireo_domain_edit_set_nic_link (xml, MAC, up, &error);
  g_autofree char *device = NULL;

  vireo_system_assert_no_error (error);
  device = vireo_domain_edit_dup_nic_xml (edited, MAC, &error);
  vireo_system_assert_no_error (error);
  apply_update (domain, edited, device);
}

static void
set_media (VireoDomain *domain,
           const char  *path)
{
  g_autofree char *xml = fetch (domain, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = vireo_domain_edit_change_media (xml, "hdc", path, &error);
  g_autofree char *device = NULL;

  vireo_system_assert_no_error (error);
  device = vireo_domain_edit_dup_disk_xml (edited, "hdc", &error);
  vireo_system_assert_no_error (error);
  apply_update (domain, edited, device);
}

static void
assert_live_link (VireoDomain *domain,
                  const char  *state)
{
  g_autofree char *live = fetch (domain, TRUE);
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (live, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  g_autoptr(VireoDomainConfig) inactive = NULL;
  g_autofree char *xml = fetch (domain, FALSE);
  const VireoDomainNic *nic = vireo_domain_config_find_nic (config, MAC);

  assert_non_null (nic);
  assert_string_equal (nic->link_state != NULL ? nic->link_state : "up", state);
  /* and the definition says the same: nothing waits for the next boot */
  inactive = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  nic = vireo_domain_config_find_nic (inactive, MAC);
  assert_string_equal (nic->link_state != NULL ? nic->link_state : "up", state);
}

/* QEMU's block device of the CD-ROM: the file loaded, or NULL when the tray is empty. */
static char *
qemu_cdrom_file (const char *name)
{
  g_autofree char *out = monitor (name, "{\"execute\":\"query-block\"}");

  /* A small search rather than a JSON library, in `--pretty` output where each device is an object
   * indented by four spaces: the one of hdc's drive (IDE controller 0, bus 1, unit 0: libvirt's
   * alias ide0-1-0), and in it the file of the "inserted" medium, if any. */
  const char *qdev = strstr (out, "\"ide0-1-0\"");
  const char *start;
  const char *end;
  g_autofree char *entry = NULL;
  const char *inserted;
  const char *file;

  if (qdev == NULL)
    fail_msg ("no ide0-1-0 drive in QEMU's query-block:\n%s", out);
  start = g_strrstr_len (out, qdev - out, "\n    {");
  end = strstr (qdev, "\n    }");
  assert_non_null (start);
  assert_non_null (end);
  entry = g_strndup (start, end - start);
  inserted = strstr (entry, "\"inserted\"");
  if (inserted == NULL)
    return NULL;
  file = strstr (inserted, "\"file\": \"");
  if (file == NULL)
    fail_msg ("no file in the inserted medium:\n%s", entry);
  file += strlen ("\"file\": \"");
  return g_strndup (file, strchr (file, '"') - file);
}

static void
test_live_link_and_media (void **state)
{
  g_autofree char *name = vireo_system_vm_name (vm, "live");
  g_autofree char *xml = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain;

  /* TCG, 64 MiB, nothing to boot: a NIC on the NAT network and an IDE CD-ROM with an ISO. */
  xml = g_markup_printf_escaped ("<domain type='qemu'><name>%s</name>"
                                 "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                                 "<os><type arch='x86_64' machine='pc'>hvm</type></os>"
                                 "<devices>"
                                 "<disk type='file' device='cdrom'><driver name='qemu' type='raw'/>"
                                 "<source file='%s'/><target dev='hdc' bus='ide'/><readonly/></disk>"
                                 "<interface type='network'><mac address='" MAC "'/>"
                                 "<source network='default'/><model type='e1000'/></interface>"
                                 "<controller type='usb' model='none'/><memballoon model='none'/>"
                                 "</devices></domain>", name, iso_a);
  vireo_system_vm_define (vm, xml);
  domain = vireo_system_vm_wait_listed (vm, name, TRUE);
  if (!vireo_system_vm_run_action (domain, VIREO_DOMAIN_ACTION_START, &error))
    vireo_system_assert_no_error (error);
  vireo_system_vm_wait_state (domain, VIREO_DOMAIN_STATE_RUNNING);

  file = qemu_cdrom_file (name);
  assert_string_equal (file, iso_a);
  g_clear_pointer (&file, g_free);

  /* The link down, live: the running VM's XML (libvirt writes it once QEMU's set_link succeeded)
   * and the definition agree. QEMU's monitor has no query for a NIC's link. */
  set_link (domain, FALSE);
  assert_live_link (domain, "down");
  set_link (domain, TRUE);
  assert_live_link (domain, "up");

  /* Eject: the tray empty in QEMU, no source in the live XML. */
  set_media (domain, NULL);
  assert_null (qemu_cdrom_file (name));
  {
    g_autofree char *live = fetch (domain, TRUE);
    g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (live, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);

    assert_null (vireo_domain_config_find_disk (config, "hdc")->source);
  }

  /* Insert another ISO. */
  set_media (domain, iso_b);
  file = qemu_cdrom_file (name);
  assert_string_equal (file, iso_b);
  {
    g_autofree char *live = fetch (domain, TRUE);
    g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (live, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);

    assert_string_equal (vireo_domain_config_find_disk (config, "hdc")->source, iso_b);
  }

  if (!vireo_system_vm_run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, &error))
    vireo_system_assert_no_error (error);
  vireo_system_vm_wait_state (domain, VIREO_DOMAIN_STATE_SHUTOFF);
}

static int
teardown (void **state)
{
  g_autofree char *name = vireo_system_vm_name (vm, "live");

  vireo_system_vm_remove_domain (vm, name);
  return 0;
}

static int
group_setup (void **state)
{
  virNetworkPtr network;

  vm = vireo_system_vm_open ();
  if (vm == NULL)
    return -1;

  network = virNetworkLookupByName (vm->conn, "default");
  if (network == NULL)
    {
      g_printerr ("# the 'default' network: %s\n", virGetLastErrorMessage ());
      return -1;
    }
  if (virNetworkIsActive (network) != 1)
    {
      if (virNetworkCreate (network) < 0)
        {
          g_printerr ("# starting the 'default' network: %s\n", virGetLastErrorMessage ());
          virNetworkFree (network);
          return -1;
        }
      started_network = TRUE;
    }
  virNetworkFree (network);

  /* QEMU runs as libvirt-qemu: the ISOs sit in a directory it may enter. */
  dir = g_dir_make_tmp ("vireo-systest-details-XXXXXX", NULL);
  g_chmod (dir, 0755);
  iso_a = make_iso ("a.iso", "VIREO_A");
  iso_b = make_iso ("b.iso", "VIREO_B");
  return 0;
}

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", "--one-file-system", path, NULL };
  g_autofree char *out = vireo_system_run (argv, 30000, NULL, NULL);
}

static int
group_teardown (void **state)
{
  if (vm != NULL && started_network)
    {
      virNetworkPtr network = virNetworkLookupByName (vm->conn, "default");

      if (network != NULL)
        {
          virNetworkDestroy (network);
          virNetworkFree (network);
        }
    }
  if (dir != NULL)
    remove_tree (dir);
  g_clear_pointer (&vm, vireo_system_vm_close);
  g_free (iso_a);
  g_free (iso_b);
  g_free (dir);
  return 0;
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown (test_live_link_and_media, teardown),
  };
  g_autoptr(GError) error = NULL;

  if (!vireo_system_can_run ())
    return 0;

  signal (SIGPIPE, SIG_IGN);
  g_log_writer_default_set_use_stderr (TRUE);
  if (!vireo_core_init (&error))
    {
      g_printerr ("vireo_core_init: %s\n", error->message);
      return 1;
    }
  return cmocka_run_group_tests_name ("system-details", tests, group_setup, group_teardown);
}
