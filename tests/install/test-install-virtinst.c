/* test-install-virtinst.c: Vireo's domain XML against `virt-install --print-xml` (Debian's
 * virtinst) for the same choices on test:///default. Both sides read that connection's
 * capabilities (i686, domain type "test", no machine types, no domain capabilities); compared:
 * memory, vcpu, disk and CD-ROM sources and buses, boot order, interface type, source and model,
 * the USB tablet and the VNC graphics.
 *
 * Differences that are intended, and so not compared: virt-install writes a UUID and a MAC
 * (Vireo leaves them to libvirt), <on_reboot>destroy</on_reboot> in the install document (Vireo's
 * creation job switches to the final definition itself), the emulator path (libvirt fills it in)
 * and a bare <console> (Vireo writes the serial port and its console).
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "vireo-install-plan.h"
#include "vireo-osinfo.h"
#include "vireo-test-utils.h"

static char *tmpdir;  /* virt-install needs the ISO and the image to exist */
static VireoInstallCaps *caps;

static int
group_setup (void **state)
{
  virConnectPtr conn = virConnectOpen ("test:///default");
  g_autoptr(GError) error = NULL;
  char *caps_xml;
  char *domcaps_xml;

  assert_non_null (conn);
  caps_xml = virConnectGetCapabilities (conn);
  assert_non_null (caps_xml);
  /* The test driver has none; were it to gain them, they would be used like qemu's. */
  domcaps_xml = virConnectGetDomainCapabilities (conn, NULL, NULL, NULL, NULL, 0);
  caps = vireo_install_caps_new_from_xml (caps_xml, domcaps_xml, &error);
  assert_null (error);
  free (caps_xml);
  free (domcaps_xml);
  virConnectClose (conn);

  tmpdir = g_dir_make_tmp ("vireo-virtinst-XXXXXX", NULL);
  assert_non_null (tmpdir);
  return 0;
}

static int
group_teardown (void **state)
{
  const char *files[] = { "installer.iso", "existing.img", NULL };

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (tmpdir, files[i], NULL);
      g_unlink (path);
    }
  g_rmdir (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
  g_clear_pointer (&caps, vireo_install_caps_free);
  return 0;
}

static char *
tmp_file (const char *name,
          gsize       size)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autofree char *zeros = g_malloc0 (size);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    assert_true (g_file_set_contents (path, zeros, size, NULL));
  return path;
}

/* The first <domain> document virt-install prints (the install one, when it prints two). */
static char *
run_virt_install (GPtrArray *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *end;
  int status = -1;

  g_ptr_array_insert (args, 0, g_strdup ("virt-install"));
  g_ptr_array_insert (args, 1, g_strdup ("--connect"));
  g_ptr_array_insert (args, 2, g_strdup ("test:///default"));
  g_ptr_array_insert (args, 3, g_strdup ("--print-xml"));
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    fail_msg ("virt-install could not run (apt-get install virtinst): %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    fail_msg ("virt-install failed: %s\n%s", error->message, err);
  end = strstr (out, "</domain>");
  assert_non_null (end);
  return g_strndup (out, end + strlen ("</domain>") - out);
}

static char *
xpath_string (const char *xml,
              const char *xpath)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "d.xml", NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj;
  g_autofree char *expr = g_strdup_printf ("string(%s)", xpath);
  char *value;

  assert_non_null (doc);
  ctx = xmlXPathNewContext (doc);
  obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  value = g_strdup (obj != NULL && obj->stringval != NULL ? (const char *) obj->stringval : "");
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return value;
}

/* Both documents give @xpath the same value, and it is @expected (NULL: any, but not empty). */
static void
assert_same (const char *vireo,
             const char *virtinst,
             const char *xpath,
             const char *expected)
{
  g_autofree char *a = xpath_string (vireo, xpath);
  g_autofree char *b = xpath_string (virtinst, xpath);

  if (!g_str_equal (a, b))
    fail_msg ("%s: Vireo '%s', virt-install '%s'\n--- Vireo ---\n%s\n--- virt-install ---\n%s",
              xpath, a, b, vireo, virtinst);
  if (expected != NULL && !g_str_equal (a, expected))
    fail_msg ("%s: both '%s', expected '%s'", xpath, a, expected);
  if (expected == NULL && a[0] == '\0')
    fail_msg ("%s: empty on both sides", xpath);
}

/* Both documents give @xpath the same value, whatever it is (empty too). */
static void
assert_equal (const char *vireo,
              const char *virtinst,
              const char *xpath)
{
  g_autofree char *a = xpath_string (vireo, xpath);
  g_autofree char *b = xpath_string (virtinst, xpath);

  if (!g_str_equal (a, b))
    fail_msg ("%s: Vireo '%s', virt-install '%s'\n--- Vireo ---\n%s\n--- virt-install ---\n%s",
              xpath, a, b, vireo, virtinst);
}

static void
compare (const char *vireo,
         const char *virtinst)
{
  g_autofree char *vireo_listen = xpath_string (vireo, "/domain/devices/graphics/listen/@address");
  g_autofree char *virtinst_listen = xpath_string (virtinst, "/domain/devices/graphics/@listen");
  const char *equal[] = {
    "/domain/os/type/@machine",
    "count(/domain/os/boot)",
    "/domain/os/boot[1]/@dev",
    "/domain/os/boot[2]/@dev",
    "count(/domain/devices/disk)",
    "/domain/devices/disk[@device='disk']/source/@file",
    "/domain/devices/disk[@device='disk']/target/@bus",
    "/domain/devices/disk[@device='disk']/target/@dev",
    "/domain/devices/disk[@device='cdrom']/source/@file",
    "/domain/devices/disk[@device='cdrom']/target/@bus",
    "/domain/devices/disk[@device='cdrom']/target/@dev",
    "count(/domain/devices/interface)",
    "/domain/devices/interface/source/@network",
    "/domain/devices/interface/source/@bridge",
    "/domain/devices/interface/source/@dev",
    "/domain/devices/interface/source/@mode",
  };

  assert_same (vireo, virtinst, "/domain/@type", "test");
  assert_same (vireo, virtinst, "/domain/memory", "2097152");
  assert_same (vireo, virtinst, "/domain/currentMemory", "2097152");
  assert_same (vireo, virtinst, "/domain/vcpu", "2");
  assert_same (vireo, virtinst, "/domain/os/type/@arch", "i686");
  for (guint i = 0; i < G_N_ELEMENTS (equal); i++)
    assert_equal (vireo, virtinst, equal[i]);
  assert_same (vireo, virtinst, "/domain/devices/interface/@type", NULL);
  assert_same (vireo, virtinst, "/domain/devices/interface/model/@type", NULL);
  assert_same (vireo, virtinst, "count(/domain/devices/input[@type='tablet'][@bus='usb'])", "1");
  assert_same (vireo, virtinst, "/domain/devices/graphics/@type", "vnc");
  assert_same (vireo, virtinst, "/domain/devices/graphics/@port", "-1");
  assert_same (vireo, virtinst, "/domain/devices/video/model/@type", NULL);
  assert_same (vireo, virtinst, "/domain/clock/@offset", NULL);
  /* virt-install writes listen='127.0.0.1' only; Vireo writes it and the <listen> element libvirt
   * would make of it. */
  assert_string_equal (vireo_listen, "127.0.0.1");
  assert_string_equal (virtinst_listen, "127.0.0.1");
}

/* A value both sides have, and the same. */
static void
compare_values (const char *vireo,
                const char *virtinst,
                const char *xpath)
{
  assert_same (vireo, virtinst, xpath, NULL);
}

static char *
build (VireoInstallPlan *plan)
{
  g_autoptr(GError) error = NULL;
  VireoOs *os = plan->os_short_id != NULL ? vireo_osinfo_lookup (plan->os_short_id) : NULL;
  char *xml = vireo_install_plan_build_xml (plan, caps, os, VIREO_INSTALL_STAGE_INSTALL, &error);

  assert_null (error);
  return xml;
}

static VireoInstallPlan *
base_plan (void)
{
  VireoInstallPlan *plan = vireo_install_plan_new ();

  plan->name = g_strdup ("vm");
  plan->memory_mib = 2048;
  plan->vcpus = 2;
  return plan;
}

static GPtrArray *
base_args (const char *osinfo)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (args, g_strdup ("--name=vm"));
  g_ptr_array_add (args, g_strdup ("--memory=2048"));
  g_ptr_array_add (args, g_strdup ("--vcpus=2"));
  g_ptr_array_add (args, g_strdup_printf ("--osinfo=%s", osinfo));
  g_ptr_array_add (args, g_strdup ("--graphics=vnc,listen=127.0.0.1"));
  g_ptr_array_add (args, g_strdup ("--noautoconsole"));
  return args;
}

/* An installer ISO of Debian 11 on a new qcow2 disk, on the NAT network. */
static void
test_iso_network (void **state)
{
  g_autofree char *iso = tmp_file ("installer.iso", 64 * 1024);
  g_autofree char *disk = g_build_filename (tmpdir, "vm.qcow2", NULL);
  g_autoptr(VireoInstallPlan) plan = base_plan ();
  g_autoptr(GPtrArray) args = base_args ("debian11");
  g_autofree char *vireo = NULL;
  g_autofree char *virtinst = NULL;

  plan->iso_path = g_strdup (iso);
  plan->os_short_id = g_strdup ("debian11");
  plan->disk_gib = 10;
  plan->disk_path = g_strdup (disk);   /* as the creation job fills it in */
  g_ptr_array_add (args, g_strdup_printf ("--cdrom=%s", iso));
  g_ptr_array_add (args, g_strdup_printf ("--disk=path=%s,size=10,format=qcow2", disk));
  g_ptr_array_add (args, g_strdup ("--network=network=default"));

  vireo = build (plan);
  virtinst = run_virt_install (args);
  compare (vireo, virtinst);
  compare_values (vireo, virtinst, "/domain/devices/disk[@device='disk']/source/@file");
  compare_values (vireo, virtinst, "/domain/devices/disk[@device='cdrom']/source/@file");
  compare_values (vireo, virtinst, "/domain/devices/disk[@device='cdrom']/target/@bus");
  compare_values (vireo, virtinst, "/domain/devices/interface/source/@network");
  assert_same (vireo, virtinst, "/domain/os/boot[1]/@dev", "cdrom");
  assert_same (vireo, virtinst, "/domain/devices/interface/model/@type", "e1000");
}

/* A generic OS imported from an existing image, on a host bridge. */
static void
test_import_bridge (void **state)
{
  g_autofree char *image = tmp_file ("existing.img", 1024 * 1024);
  g_autoptr(VireoInstallPlan) plan = base_plan ();
  g_autoptr(GPtrArray) args = base_args ("generic");
  g_autofree char *vireo = NULL;
  g_autofree char *virtinst = NULL;

  plan->media = VIREO_INSTALL_MEDIA_IMPORT;
  plan->disk = VIREO_INSTALL_DISK_EXISTING;
  plan->disk_path = g_strdup (image);
  plan->nic = VIREO_INSTALL_NIC_BRIDGE;
  g_free (plan->nic_source);
  plan->nic_source = g_strdup ("virbr0");
  g_ptr_array_add (args, g_strdup ("--import"));
  g_ptr_array_add (args, g_strdup_printf ("--disk=path=%s", image));
  g_ptr_array_add (args, g_strdup ("--network=bridge=virbr0"));

  vireo = build (plan);
  virtinst = run_virt_install (args);
  compare (vireo, virtinst);
  compare_values (vireo, virtinst, "/domain/devices/disk[@device='disk']/source/@file");
  compare_values (vireo, virtinst, "/domain/devices/interface/source/@bridge");
  assert_same (vireo, virtinst, "/domain/os/boot[1]/@dev", "hd");
}

/* Network boot of Windows 10 with macvtap. */
static void
test_pxe_macvtap (void **state)
{
  g_autofree char *disk = g_build_filename (tmpdir, "win.raw", NULL);
  g_autoptr(VireoInstallPlan) plan = base_plan ();
  g_autoptr(GPtrArray) args = base_args ("win10");
  g_autofree char *vireo = NULL;
  g_autofree char *virtinst = NULL;

  plan->media = VIREO_INSTALL_MEDIA_NETWORK_BOOT;
  plan->os_short_id = g_strdup ("win10");
  g_free (plan->disk_format);
  plan->disk_format = g_strdup ("raw");
  plan->disk_gib = 30;
  plan->disk_path = g_strdup (disk);
  plan->nic = VIREO_INSTALL_NIC_MACVTAP;
  g_free (plan->nic_source);
  plan->nic_source = g_strdup ("eth0");
  g_ptr_array_add (args, g_strdup ("--pxe"));
  g_ptr_array_add (args, g_strdup_printf ("--disk=path=%s,size=30,format=raw", disk));
  g_ptr_array_add (args, g_strdup ("--network=type=direct,source=eth0,source_mode=bridge"));

  vireo = build (plan);
  virtinst = run_virt_install (args);
  compare (vireo, virtinst);
  compare_values (vireo, virtinst, "/domain/devices/interface/source/@dev");
  compare_values (vireo, virtinst, "/domain/devices/interface/source/@mode");
  assert_same (vireo, virtinst, "/domain/os/boot[1]/@dev", "network");
  /* Windows keeps its clock in local time on both sides. */
  assert_same (vireo, virtinst, "/domain/clock/@offset", "localtime");
}

/* Windows XP from an ISO with user-mode networking. */
static void
test_iso_old_os_user (void **state)
{
  g_autofree char *iso = tmp_file ("installer.iso", 64 * 1024);
  g_autofree char *disk = g_build_filename (tmpdir, "xp.qcow2", NULL);
  g_autoptr(VireoInstallPlan) plan = base_plan ();
  g_autoptr(GPtrArray) args = base_args ("winxp");
  g_autofree char *vireo = NULL;
  g_autofree char *virtinst = NULL;

  plan->iso_path = g_strdup (iso);
  plan->os_short_id = g_strdup ("winxp");
  plan->disk_gib = 8;
  plan->disk_path = g_strdup (disk);
  plan->nic = VIREO_INSTALL_NIC_USER;
  g_clear_pointer (&plan->nic_source, g_free);
  g_ptr_array_add (args, g_strdup_printf ("--cdrom=%s", iso));
  g_ptr_array_add (args, g_strdup_printf ("--disk=path=%s,size=8,format=qcow2", disk));
  g_ptr_array_add (args, g_strdup ("--network=user"));

  vireo = build (plan);
  virtinst = run_virt_install (args);
  compare (vireo, virtinst);
  assert_same (vireo, virtinst, "/domain/devices/interface/@type", "user");
  compare_values (vireo, virtinst, "/domain/devices/disk[@device='cdrom']/source/@file");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_iso_network),
    cmocka_unit_test (test_import_bridge),
    cmocka_unit_test (test_pxe_macvtap),
    cmocka_unit_test (test_iso_old_os_user),
  };

  return cmocka_run_group_tests_name ("install-virtinst", tests, group_setup, group_teardown);
}
