/* test-system-install-virtinst.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vireo's new-VM XML against virt-install's (Debian's virtinst 4.1) on a real libvirtd
 * (qemu:///system), for the same choices. Both sides read the connection: Vireo its capabilities
 * and domain capabilities (x86_64, TCG: KVM does not work on the test machines), virt-install
 * whatever it asks itself. Compared, on the documents both print: memory, vcpu, domain type, os
 * (arch, machine as the caps resolve its alias, boot order), disk driver/target/bus/format/source,
 * CD-ROM, interface type/source/model, USB tablet, graphics and video, and the extra devices (USB
 * controller, PCIe ports, guest agent channel, RNG, balloon, CPU, features, clock). Vireo's
 * document is then defined on libvirtd and read back, which proves libvirt takes it and gives the
 * machine type libvirt settles on.
 *
 * Only Vireo's documents are defined: on this host every definition makes libvirtd probe QEMU
 * again (KVM is present but broken, so its capabilities cache never stays valid), minutes each.
 *
 * Intended differences, not compared:
 *  - virt-install writes a UUID, MACs and <on_reboot>destroy</on_reboot>; Vireo leaves UUID and
 *    MAC to libvirt and its creation job switches to the final definition itself;
 *  - discard='unmap': virt-install adds it only for storage it creates itself (here the images
 *    exist, so it does not); Vireo adds it to every new sparse volume;
 *  - the console: virt-install writes a bare <console>, Vireo the serial port and its console
 *    (libvirt makes the same devices of both);
 *  - VNC listen: virt-install writes listen='127.0.0.1', Vireo that and the <listen> element
 *    libvirt makes of it; memory: virt-install leaves the unit implicit (KiB), Vireo writes it.
 *
 * Everything is named "vireo-systest-<pid>-…": a transient directory pool over a temporary
 * directory (so that virt-install finds the images managed and makes no pool of its own), the
 * images, and the definitions, all removed afterwards.
 */

#define G_LOG_DOMAIN "test-system-install-virtinst"

#include "vireo-test-utils.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "vireo-core.h"
#include "vireo-install-plan.h"
#include "vireo-osinfo.h"
#include "vireo-system-harness.h"

#define VIRT_INSTALL_TIMEOUT_MS 300000

static VireoSystemLibvirtd *libvirtd;
static virConnectPtr        conn;
static VireoInstallCaps    *caps;
static char                *prefix;
static char                *dir;
static virStoragePoolPtr    pool;
static char               **pools_before;
static char                *caps_xml;

/* --- helpers ---------------------------------------------------------------------------------- */

static char **
list_pools (void)
{
  virStoragePoolPtr *pools = NULL;
  int n = virConnectListAllStoragePools (conn, &pools, 0);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (int i = 0; i < n; i++)
    {
      g_strv_builder_add (builder, virStoragePoolGetName (pools[i]));
      virStoragePoolFree (pools[i]);
    }
  free (pools);
  return g_strv_builder_end (builder);
}

static void
make_file (const char *name,
           const char *format,
           const char *size)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  const char *argv[] = { "qemu-img", "create", "-q", "-f", format, path, size, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = -1;

  out = vireo_system_run (argv, 60000, &status, &error);
  if (out == NULL || status != 0)
    fail_msg ("qemu-img create %s: %s", path, error != NULL ? error->message : "failed");
}

static char *
run_virt_install (GPtrArray *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *end;
  int status = -1;

  g_ptr_array_insert (args, 0, g_strdup ("virt-install"));
  g_ptr_array_insert (args, 1, g_strdup ("--connect=qemu:///system"));
  g_ptr_array_insert (args, 2, g_strdup ("--print-xml"));
  g_ptr_array_insert (args, 3, g_strdup ("--virt-type=qemu"));
  g_ptr_array_add (args, g_strdup ("--graphics=vnc,listen=127.0.0.1"));
  g_ptr_array_add (args, g_strdup ("--noautoconsole"));
  g_ptr_array_add (args, NULL);
  out = vireo_system_run ((const char * const *) args->pdata, VIRT_INSTALL_TIMEOUT_MS, &status, &error);
  if (out == NULL)
    fail_msg ("virt-install could not run (apt-get install virtinst): %s", error->message);
  if (status != 0)
    fail_msg ("virt-install failed (status %d):\n%s", status, out);
  end = strstr (out, "</domain>");
  if (end == NULL)
    fail_msg ("virt-install printed no domain:\n%s", out);
  return g_strndup (out, end + strlen ("</domain>") - out);
}

/* Defines @xml, returns the inactive definition libvirt keeps, undefines it. */
static char *
define_and_read (const char *xml)
{
  virDomainPtr domain = virDomainDefineXML (conn, xml);
  char *kept;

  if (domain == NULL)
    fail_msg ("libvirt refuses the definition: %s\n%s", virGetLastErrorMessage (), xml);
  kept = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  assert_non_null (kept);
  assert_int_equal (virDomainUndefineFlags (domain, VIR_DOMAIN_UNDEFINE_NVRAM), 0);
  virDomainFree (domain);
  return kept;
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

static void
assert_equal (const char *vireo,
              const char *virtinst,
              const char *xpath)
{
  g_autofree char *a = xpath_string (vireo, xpath);
  g_autofree char *b = xpath_string (virtinst, xpath);

  if (!g_str_equal (a, b))
    fail_msg ("%s: Vireo '%s', virt-install '%s'\n--- Vireo (as defined) ---\n%s\n--- virt-install (as defined) ---\n%s",
              xpath, a, b, vireo, virtinst);
}

static void
assert_value (const char *xml,
              const char *xpath,
              const char *expected)
{
  g_autofree char *value = xpath_string (xml, xpath);

  if (!g_str_equal (value, expected))
    fail_msg ("%s: '%s', expected '%s'\n%s", xpath, value, expected, xml);
}

/* The canonical machine type the caps give @machine ("q35" → "pc-q35-7.2"), else itself. */
static char *
canonical_machine (const char *machine)
{
  g_autofree char *xpath = g_strdup_printf ("/capabilities/guest[os_type='hvm'][arch/@name='x86_64']"
                                            "/arch/machine[text()='%s']/@canonical", machine);
  g_autofree char *canonical = xpath_string (caps_xml, xpath);

  return g_strdup (canonical[0] != '\0' ? canonical : machine);
}

static void
compare (const char *vireo,
         const char *virtinst)
{
  const char *equal[] = {
    "/domain/@type",
    "/domain/memory", "/domain/currentMemory", "/domain/vcpu",
    "/domain/os/type/@arch", "/domain/os/type",
    "count(/domain/os/boot)", "/domain/os/boot[1]/@dev", "/domain/os/boot[2]/@dev",
    "count(/domain/features/*)", "count(/domain/features/acpi)", "count(/domain/features/apic)",
    "count(/domain/features/hyperv/*)",
    "/domain/cpu/@mode",
    "/domain/clock/@offset", "count(/domain/clock/timer)",
    "/domain/pm/suspend-to-mem/@enabled", "/domain/pm/suspend-to-disk/@enabled",
    "count(/domain/devices/disk)",
    "/domain/devices/disk[@device='disk']/@type",
    "/domain/devices/disk[@device='disk']/driver/@name",
    "/domain/devices/disk[@device='disk']/driver/@type",
    "/domain/devices/disk[@device='disk']/source/@file",
    "/domain/devices/disk[@device='disk']/target/@dev",
    "/domain/devices/disk[@device='disk']/target/@bus",
    "/domain/devices/disk[@device='cdrom']/driver/@type",
    "/domain/devices/disk[@device='cdrom']/source/@file",
    "/domain/devices/disk[@device='cdrom']/target/@dev",
    "/domain/devices/disk[@device='cdrom']/target/@bus",
    "count(/domain/devices/disk[@device='cdrom']/readonly)",
    "count(/domain/devices/interface)",
    "/domain/devices/interface/@type",
    "/domain/devices/interface/source/@network",
    "/domain/devices/interface/source/@bridge",
    "/domain/devices/interface/source/@dev",
    "/domain/devices/interface/source/@mode",
    "/domain/devices/interface/model/@type",
    "count(/domain/devices/input[@type='tablet'][@bus='usb'])",
    "/domain/devices/graphics/@type",
    "/domain/devices/graphics/@port",
    "/domain/devices/graphics/@listen",
    "/domain/devices/video/model/@type",
    "count(/domain/devices/controller[@type='usb'])",
    "/domain/devices/controller[@type='usb'][1]/@model",
    "count(/domain/devices/controller[@model='pcie-root-port'])",
    "/domain/devices/channel/target/@name",
    "/domain/devices/rng/@model", "/domain/devices/rng/backend",
    "/domain/devices/memballoon/@model",
  };
  g_autofree char *vireo_machine = xpath_string (vireo, "/domain/os/type/@machine");
  g_autofree char *virtinst_machine = xpath_string (virtinst, "/domain/os/type/@machine");
  g_autofree char *vireo_canonical = canonical_machine (vireo_machine);
  g_autofree char *virtinst_canonical = canonical_machine (virtinst_machine);

  for (guint i = 0; i < G_N_ELEMENTS (equal); i++)
    assert_equal (vireo, virtinst, equal[i]);
  if (!g_str_equal (vireo_canonical, virtinst_canonical))
    fail_msg ("machine: Vireo '%s' (%s), virt-install '%s' (%s)", vireo_machine, vireo_canonical,
              virtinst_machine, virtinst_canonical);
  /* And what the issue asks for. */
  assert_value (vireo, "/domain/@type", "qemu");
  assert_value (vireo, "/domain/memory/@unit", "KiB");
  assert_value (vireo, "/domain/devices/graphics/@type", "vnc");
  assert_value (vireo, "/domain/devices/graphics/listen/@address", "127.0.0.1");
  assert_value (vireo, "/domain/devices/graphics/@autoport", "yes");
}

typedef struct
{
  const char        *what;
  VireoInstallMedia  media;
  const char        *os;             /* short id; NULL: generic */
  const char        *image;          /* file in dir, made with qemu-img */
  const char        *format;
  VireoInstallDisk   disk;
  VireoInstallNic    nic;
  const char        *nic_source;
  const char        *virtinst_network;
  /* what both must have come to */
  const char        *x_machine_prefix;
  const char        *x_disk_bus;
  const char        *x_nic_model;
  const char        *x_video;
} SystemCase;

static void
run_case (const SystemCase *c)
{
  g_autofree char *iso = g_build_filename (dir, "installer.iso", NULL);
  g_autofree char *image = g_build_filename (dir, c->image, NULL);
  g_autofree char *vireo_name = g_strdup_printf ("%s-vireo", prefix);
  g_autofree char *virtinst_name = g_strdup_printf ("%s-virtinst", prefix);
  g_autoptr(VireoInstallPlan) plan = vireo_install_plan_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  VireoOs *os = c->os != NULL ? vireo_osinfo_lookup (c->os) : NULL;
  g_autofree char *vireo_xml = NULL;
  g_autofree char *virtinst_xml = NULL;
  g_autofree char *vireo_kept = NULL;
  g_autofree char *machine = NULL;

  g_printerr ("# %s\n", c->what);
  plan->name = g_strdup (vireo_name);
  plan->media = c->media;
  plan->os_short_id = g_strdup (c->os);
  plan->memory_mib = 1536;
  plan->vcpus = 2;
  plan->disk = c->disk;
  g_free (plan->disk_format);
  plan->disk_format = g_strdup (c->format);
  plan->disk_gib = 1;
  plan->disk_path = g_strdup (image);   /* NEW_VOLUME: as the creation job fills it in */
  plan->nic = c->nic;
  g_free (plan->nic_source);
  plan->nic_source = g_strdup (c->nic_source);
  plan->domain_type = g_strdup ("qemu");
  if (c->media == VIREO_INSTALL_MEDIA_ISO)
    plan->iso_path = g_strdup (iso);

  vireo_xml = vireo_install_plan_build_xml (plan, caps, os, VIREO_INSTALL_STAGE_INSTALL, &error);
  assert_null (error);

  g_ptr_array_add (args, g_strdup_printf ("--name=%s", virtinst_name));
  g_ptr_array_add (args, g_strdup ("--memory=1536"));
  g_ptr_array_add (args, g_strdup ("--vcpus=2"));
  g_ptr_array_add (args, g_strdup_printf ("--osinfo=%s", c->os != NULL ? c->os : "generic"));
  switch (c->media)
    {
    case VIREO_INSTALL_MEDIA_ISO: g_ptr_array_add (args, g_strdup_printf ("--cdrom=%s", iso)); break;
    case VIREO_INSTALL_MEDIA_IMPORT: g_ptr_array_add (args, g_strdup ("--import")); break;
    case VIREO_INSTALL_MEDIA_NETWORK_BOOT: g_ptr_array_add (args, g_strdup ("--pxe")); break;
    case VIREO_INSTALL_MEDIA_MANUAL:
    default: g_assert_not_reached ();
    }
  g_ptr_array_add (args, g_strdup_printf ("--disk=path=%s,format=%s", image, c->format));
  g_ptr_array_add (args, g_strdup_printf ("--network=%s", c->virtinst_network));
  virtinst_xml = run_virt_install (args);

  compare (vireo_xml, virtinst_xml);
  vireo_kept = define_and_read (vireo_xml);
  /* libvirt keeps what Vireo chose. */
  assert_value (vireo_kept, "/domain/@type", "qemu");
  assert_value (vireo_kept, "/domain/devices/interface/model/@type", c->x_nic_model);
  assert_value (vireo_kept, "/domain/devices/disk[@device='disk']/driver/@type", c->format);

  machine = xpath_string (vireo_kept, "/domain/os/type/@machine");
  if (!g_str_has_prefix (machine, c->x_machine_prefix))
    fail_msg ("machine '%s', expected '%s…'", machine, c->x_machine_prefix);
  assert_value (vireo_kept, "/domain/devices/disk[@device='disk']/target/@bus", c->x_disk_bus);
  assert_value (vireo_kept, "/domain/devices/interface/model/@type", c->x_nic_model);
  assert_value (vireo_kept, "/domain/devices/video/model/@type", c->x_video);
}

/* --- tests ------------------------------------------------------------------------------------ */

static void
test_iso_debian11_network (void **state)
{
  const SystemCase c = {
    "ISO, Debian 11, qcow2, NAT network", VIREO_INSTALL_MEDIA_ISO, "debian11", "debian.qcow2", "qcow2",
    VIREO_INSTALL_DISK_NEW_VOLUME, VIREO_INSTALL_NIC_NETWORK, "default", "network=default",
    "pc-q35-", "virtio", "virtio", "virtio",
  };
  run_case (&c);
}

static void
test_import_generic_bridge (void **state)
{
  const SystemCase c = {
    "import, generic OS, raw image, bridge", VIREO_INSTALL_MEDIA_IMPORT, NULL, "generic.raw", "raw",
    VIREO_INSTALL_DISK_EXISTING, VIREO_INSTALL_NIC_BRIDGE, "virbr0", "bridge=virbr0",
    "pc-i440fx-", "ide", "e1000", "vga",
  };
  run_case (&c);
}

static void
test_pxe_win10_macvtap (void **state)
{
  const SystemCase c = {
    "PXE, Windows 10, raw, macvtap", VIREO_INSTALL_MEDIA_NETWORK_BOOT, "win10", "win10.raw", "raw",
    VIREO_INSTALL_DISK_NEW_VOLUME, VIREO_INSTALL_NIC_MACVTAP, "eth0", "type=direct,source=eth0,source_mode=bridge",
    "pc-q35-", "sata", "e1000e", "vga",
  };
  run_case (&c);
}

static void
test_iso_winxp_user (void **state)
{
  const SystemCase c = {
    "ISO, Windows XP (no virtio, no q35), qcow2, user networking", VIREO_INSTALL_MEDIA_ISO, "winxp", "xp.qcow2", "qcow2",
    VIREO_INSTALL_DISK_NEW_VOLUME, VIREO_INSTALL_NIC_USER, NULL, "user",
    "pc-i440fx-", "ide", "e1000", "vga",
  };
  run_case (&c);
}

/* virt-install makes (and starts, and autostarts) a pool for any directory no pool covers; the
 * test's own pool covers every path it gives it, so none may have appeared. */
static void
test_no_pool_made (void **state)
{
  g_auto(GStrv) after = list_pools ();

  for (guint i = 0; after[i] != NULL; i++)
    if (!g_str_equal (after[i], prefix) && !g_strv_contains ((const char * const *) pools_before, after[i]))
      fail_msg ("a storage pool appeared during the test: '%s'", after[i]);
}

/* --- setup ------------------------------------------------------------------------------------ */

static int
group_setup (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pool_xml = NULL;
  g_autofree char *iso = NULL;
  char *caps_text, *domcaps_xml;

  libvirtd = vireo_system_libvirtd_ensure (&error);
  if (libvirtd == NULL)
    {
      g_printerr ("# libvirtd: %s\n", error->message);
      return -1;
    }
  conn = virConnectOpen ("qemu:///system");
  if (conn == NULL)
    {
      g_printerr ("# virConnectOpen: %s\n", virGetLastErrorMessage ());
      return -1;
    }

  caps_text = virConnectGetCapabilities (conn);
  domcaps_xml = virConnectGetDomainCapabilities (conn, NULL, "x86_64", NULL, "qemu", 0);
  if (caps_text == NULL || domcaps_xml == NULL)
    {
      g_printerr ("# capabilities: %s\n", virGetLastErrorMessage ());
      return -1;
    }
  caps = vireo_install_caps_new_from_xml (caps_text, domcaps_xml, &error);
  caps_xml = g_strdup (caps_text);
  free (caps_text);
  free (domcaps_xml);
  if (caps == NULL)
    {
      g_printerr ("# caps: %s\n", error->message);
      return -1;
    }

  prefix = g_strdup_printf ("vireo-systest-%d-install", (int) getpid ());
  dir = g_dir_make_tmp ("vireo-systest-install-XXXXXX", &error);
  if (dir == NULL)
    return -1;
  g_chmod (dir, 0755);
  iso = g_build_filename (dir, "installer.iso", NULL);
  g_file_set_contents (iso, "", 0, NULL);
  truncate (iso, 1024 * 1024);
  make_file ("debian.qcow2", "qcow2", "1G");
  make_file ("generic.raw", "raw", "16M");
  make_file ("win10.raw", "raw", "16M");
  make_file ("xp.qcow2", "qcow2", "1G");

  pools_before = list_pools ();
  pool_xml = g_strdup_printf ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                              prefix, dir);
  pool = virStoragePoolCreateXML (conn, pool_xml, 0);
  if (pool == NULL)
    {
      g_printerr ("# pool: %s\n", virGetLastErrorMessage ());
      return -1;
    }
  return 0;
}

static int
group_teardown (void **state)
{
  const char *files[] = { "installer.iso", "debian.qcow2", "generic.raw", "win10.raw", "xp.qcow2", NULL };

  if (pool != NULL)
    {
      virStoragePoolDestroy (pool);   /* transient: gone with it */
      virStoragePoolFree (pool);
    }
  for (guint i = 0; dir != NULL && files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i], NULL);
      g_unlink (path);
    }
  if (dir != NULL)
    g_rmdir (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&pools_before, g_strfreev);
  g_clear_pointer (&caps, vireo_install_caps_free);
  g_clear_pointer (&caps_xml, g_free);
  if (conn != NULL)
    virConnectClose (g_steal_pointer (&conn));
  g_clear_pointer (&libvirtd, vireo_system_libvirtd_stop);
  g_clear_pointer (&prefix, g_free);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_iso_debian11_network),
    cmocka_unit_test (test_import_generic_bridge),
    cmocka_unit_test (test_pxe_win10_macvtap),
    cmocka_unit_test (test_iso_winxp_user),
    cmocka_unit_test (test_no_pool_made),
  };
  g_autoptr(GError) error = NULL;

  if (!vireo_system_can_run ())
    return 0;
  if (!vireo_core_init (&error))
    {
      g_printerr ("vireo_core_init: %s\n", error->message);
      return 1;
    }
  return cmocka_run_group_tests_name ("system-install-virtinst", tests, group_setup, group_teardown);
}
