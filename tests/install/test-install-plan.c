/* test-install-plan.c: the new-VM assistant's plan → domain XML for a table of choices on two
 * hosts, checked against golden files and libvirt's RelaxNG schemas; every bad input of check();
 * make_final; escaping
 *
 * Regenerate the golden files (the XML files under tests/data/install) after an intended change with
 *   VIREO_UPDATE_GOLDEN=1 meson test -C _build test-install-plan
 * and review the diff.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "vireo-install-plan.h"
#include "vireo-osinfo.h"
#include "vireo-test-utils.h"

/* Hosts ----------------------------------------------------------------------------------------- */

static VireoInstallCaps *caps_x86;    /* a Debian 12 x86_64 host: qemu:///system caps + kvm domcaps */
static VireoInstallCaps *caps_test;   /* test:///default: i686, domain type "test", no domcaps */
static xmlRelaxNGPtr domain_rng;
static xmlRelaxNGPtr volume_rng;

static char *
read_data (const char *name)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "install", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    fail_msg ("%s", error->message);
  return contents;
}

static xmlRelaxNGPtr
load_rng (const char *name)
{
  const char *dir = g_getenv ("VIREO_LIBVIRT_SCHEMAS");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "/usr/share/libvirt/schemas", name, NULL);
  xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt (path);
  xmlRelaxNGPtr rng = xmlRelaxNGParse (parser);

  xmlRelaxNGFreeParserCtxt (parser);
  if (rng == NULL)
    fail_msg ("could not load the schema %s", path);
  return rng;
}

static int
group_setup (void **state)
{
  g_autofree char *caps_xml = read_data ("caps-x86_64.xml");
  g_autofree char *domcaps_xml = read_data ("domcaps-x86_64-kvm.xml");
  g_autofree char *test_xml = read_data ("caps-test.xml");
  g_autoptr(GError) error = NULL;

  caps_x86 = vireo_install_caps_new_from_xml (caps_xml, domcaps_xml, &error);
  assert_null (error);
  caps_test = vireo_install_caps_new_from_xml (test_xml, NULL, &error);
  assert_null (error);
  domain_rng = load_rng ("domain.rng");
  volume_rng = load_rng ("storagevol.rng");
  return 0;
}

static int
group_teardown (void **state)
{
  g_clear_pointer (&caps_x86, vireo_install_caps_free);
  g_clear_pointer (&caps_test, vireo_install_caps_free);
  g_clear_pointer (&domain_rng, xmlRelaxNGFree);
  g_clear_pointer (&volume_rng, xmlRelaxNGFree);
  return 0;
}

/* Helpers --------------------------------------------------------------------------------------- */

static GString *rng_errors;

static void
collect_rng_error (void       *ctx,
                   const char *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (rng_errors, format, args);
  va_end (args);
}

/* Fails the test unless @xml is valid for @rng. */
static void
assert_valid (const char   *xml,
              xmlRelaxNGPtr rng,
              const char   *what)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "plan.xml", NULL, XML_PARSE_NONET);
  xmlRelaxNGValidCtxtPtr valid;
  int ret;

  if (doc == NULL)
    fail_msg ("%s: not well-formed:\n%s", what, xml);
  rng_errors = g_string_new (NULL);
  valid = xmlRelaxNGNewValidCtxt (rng);
  xmlRelaxNGSetValidErrors (valid, collect_rng_error, collect_rng_error, NULL);
  ret = xmlRelaxNGValidateDoc (valid, doc);
  xmlRelaxNGFreeValidCtxt (valid);
  xmlFreeDoc (doc);
  if (ret != 0)
    fail_msg ("%s does not validate: %s\n%s", what, rng_errors->str, xml);
  g_string_free (rng_errors, TRUE);
  rng_errors = NULL;
}

/* The string value of @xpath in @xml ("" when absent). */
static char *
xpath_string (const char *xml,
              const char *xpath)
{
  xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), "plan.xml", NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctx;
  xmlXPathObjectPtr obj;
  g_autofree char *expr = g_strdup_printf ("string(%s)", xpath);
  char *value;

  assert_non_null (doc);
  ctx = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (ctx, BAD_CAST "libosinfo", BAD_CAST "http://libosinfo.org/xmlns/libvirt/domain/1.0");
  obj = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  value = g_strdup (obj != NULL && obj->stringval != NULL ? (const char *) obj->stringval : "");
  xmlXPathFreeObject (obj);
  xmlXPathFreeContext (ctx);
  xmlFreeDoc (doc);
  return value;
}

static int
xpath_count (const char *xml,
             const char *xpath)
{
  g_autofree char *expr = g_strdup_printf ("count(%s)", xpath);
  g_autofree char *value = xpath_string (xml, expr);

  /* xpath_string wraps in string(); string(count(x)) is the number. */
  return atoi (value);
}

#define assert_xpath(xml, xpath, expected) \
  G_STMT_START { \
    g_autofree char *_v = xpath_string ((xml), (xpath)); \
    if (g_strcmp0 (_v, (expected)) != 0) \
      fail_msg ("%s: got '%s', expected '%s'\n%s", (xpath), _v, (expected), (xml)); \
  } G_STMT_END

/* Compares @xml with tests/data/install/@name, or writes it there with VIREO_UPDATE_GOLDEN=1. */
static void
assert_golden (const char *xml,
               const char *name)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "install", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (g_getenv ("VIREO_UPDATE_GOLDEN"), "1") == 0)
    {
      if (!g_file_set_contents (path, xml, -1, &error))
        fail_msg ("%s", error->message);
      return;
    }
  if (!g_file_get_contents (path, &expected, NULL, &error))
    fail_msg ("%s (regenerate with VIREO_UPDATE_GOLDEN=1)", error->message);
  if (!g_str_equal (expected, xml))
    fail_msg ("%s differs from the golden file:\n--- got ---\n%s--- expected ---\n%s", name, xml, expected);
}

/* The table ------------------------------------------------------------------------------------- */

typedef struct
{
  const char        *golden;        /* base name: <golden>-install.xml, <golden>-final.xml */
  gboolean           test_host;     /* caps_test, else caps_x86 */
  VireoInstallMedia  media;
  const char        *os;            /* short id or NULL */
  VireoInstallDisk   disk;
  const char        *format;
  const char        *disk_path;
  VireoInstallNic    nic;
  const char        *nic_source;
  const char        *nic_model;
  gboolean           tablet;
  const char        *domain_type;
  /* expectations, checked by XPath beside the golden comparison */
  const char        *x_type;
  const char        *x_machine;     /* "" for none */
  const char        *x_disk_bus;    /* "" for no disk */
  const char        *x_cdrom_bus;   /* "" for no CD-ROM */
  const char        *x_nic_model;   /* "" for no NIC */
  const char        *x_video;
  const char        *x_first_boot;  /* INSTALL stage */
  const char        *x_cpu_mode;    /* "" for none */
} PlanCase;

static const PlanCase plan_cases[] = {
  /* The common case: a Debian ISO, a new qcow2 in the default pool, the NAT network. KVM: q35,
   * virtio everything, host-passthrough. */
  { "x86-iso-debian11-qcow2-network", FALSE, VIREO_INSTALL_MEDIA_ISO, "debian11",
    VIREO_INSTALL_DISK_NEW_VOLUME, "qcow2", NULL, VIREO_INSTALL_NIC_NETWORK, "default", NULL, TRUE, NULL,
    "kvm", "q35", "virtio", "sata", "virtio", "virtio", "cdrom", "host-passthrough" },
  /* The same once the creation job filled in the volume's path; TCG forced: no CPU mode. */
  { "x86-iso-debian11-path-tcg", FALSE, VIREO_INSTALL_MEDIA_ISO, "debian11",
    VIREO_INSTALL_DISK_NEW_VOLUME, "raw", "/var/lib/libvirt/images/vm.raw", VIREO_INSTALL_NIC_NETWORK, "default", NULL, TRUE, "qemu",
    "qemu", "q35", "virtio", "sata", "virtio", "virtio", "cdrom", "" },
  /* Windows 10 imported from an existing image on a bridge: q35 without virtio drivers: SATA,
   * e1000e, vga; localtime clock, Hyper-V. */
  { "x86-import-win10-existing-bridge", FALSE, VIREO_INSTALL_MEDIA_IMPORT, "win10",
    VIREO_INSTALL_DISK_EXISTING, NULL, "/srv/images/win10.qcow2", VIREO_INSTALL_NIC_BRIDGE, "br0", NULL, TRUE, NULL,
    "kvm", "q35", "sata", "", "e1000e", "vga", "hd", "host-passthrough" },
  /* Network boot of a generic OS onto a raw volume through macvtap: virt-install's generic OS
   * knows no devices: pc, IDE, e1000, vga. */
  { "x86-pxe-generic-raw-macvtap", FALSE, VIREO_INSTALL_MEDIA_NETWORK_BOOT, NULL,
    VIREO_INSTALL_DISK_NEW_VOLUME, "raw", NULL, VIREO_INSTALL_NIC_MACVTAP, "eth0", NULL, TRUE, NULL,
    "kvm", "pc", "ide", "", "e1000", "vga", "network", "host-passthrough" },
  /* An old OS without virtio (Windows XP) on a block device, user networking, no tablet. */
  { "x86-manual-winxp-block-user", FALSE, VIREO_INSTALL_MEDIA_MANUAL, "winxp",
    VIREO_INSTALL_DISK_EXISTING, "raw", "/dev/vg0/winxp", VIREO_INSTALL_NIC_USER, NULL, NULL, FALSE, NULL,
    "kvm", "pc", "ide", "", "e1000", "vga", "hd", "host-passthrough" },
  /* An ISO with neither disk nor network (a live system), and a NIC model the user picked. */
  { "x86-iso-debian11-diskless", FALSE, VIREO_INSTALL_MEDIA_ISO, "debian11",
    VIREO_INSTALL_DISK_NONE, NULL, NULL, VIREO_INSTALL_NIC_NETWORK, "default", "rtl8139", TRUE, NULL,
    "kvm", "q35", "", "sata", "rtl8139", "virtio", "cdrom", "host-passthrough" },
  { "x86-iso-debian11-no-nic", FALSE, VIREO_INSTALL_MEDIA_ISO, "debian11",
    VIREO_INSTALL_DISK_NEW_VOLUME, "qcow2", NULL, VIREO_INSTALL_NIC_NONE, NULL, NULL, TRUE, NULL,
    "kvm", "q35", "virtio", "sata", "", "virtio", "cdrom", "host-passthrough" },
  /* The test driver: i686, domain type "test", no machine, not QEMU: no virtio, IDE, e1000 (what
   * virt-install picks there too). */
  { "test-iso-debian11-qcow2-network", TRUE, VIREO_INSTALL_MEDIA_ISO, "debian11",
    VIREO_INSTALL_DISK_NEW_VOLUME, "qcow2", "/default-pool/vm.qcow2", VIREO_INSTALL_NIC_NETWORK, "default", NULL, TRUE, NULL,
    "test", "", "ide", "ide", "e1000", "vga", "cdrom", "" },
  { "test-import-generic-bridge", TRUE, VIREO_INSTALL_MEDIA_IMPORT, NULL,
    VIREO_INSTALL_DISK_EXISTING, NULL, "/default-pool/disk.img", VIREO_INSTALL_NIC_BRIDGE, "virbr0", NULL, FALSE, NULL,
    "test", "", "ide", "", "e1000", "vga", "hd", "" },
  { "test-pxe-win10-user", TRUE, VIREO_INSTALL_MEDIA_NETWORK_BOOT, "win10",
    VIREO_INSTALL_DISK_NEW_VOLUME, "raw", NULL, VIREO_INSTALL_NIC_USER, NULL, NULL, TRUE, NULL,
    "test", "", "ide", "", "e1000", "vga", "network", "" },
};

static VireoInstallPlan *
plan_from_case (const PlanCase *c)
{
  VireoInstallPlan *plan = vireo_install_plan_new ();

  plan->name = g_strdup ("vm");
  plan->media = c->media;
  if (c->media == VIREO_INSTALL_MEDIA_ISO)
    plan->iso_path = g_strdup ("/var/lib/libvirt/images/installer.iso");
  plan->os_short_id = g_strdup (c->os);
  plan->memory_mib = 2048;
  plan->vcpus = 2;
  plan->disk = c->disk;
  g_free (plan->disk_format);
  plan->disk_format = g_strdup (c->format);
  plan->disk_path = g_strdup (c->disk_path);
  plan->nic = c->nic;
  g_free (plan->nic_source);
  plan->nic_source = g_strdup (c->nic_source);
  plan->nic_model = g_strdup (c->nic_model);
  plan->tablet = c->tablet;
  plan->domain_type = g_strdup (c->domain_type);
  return plan;
}

static void
check_case (const PlanCase    *c,
            const char        *xml,
            VireoInstallStage  stage)
{
  assert_xpath (xml, "/domain/@type", c->x_type);
  assert_xpath (xml, "/domain/name", "vm");
  assert_xpath (xml, "/domain/memory", "2097152");
  assert_xpath (xml, "/domain/memory/@unit", "KiB");
  assert_xpath (xml, "/domain/vcpu", "2");
  assert_xpath (xml, "/domain/os/type/@machine", c->x_machine);
  assert_xpath (xml, "/domain/os/type/@arch", c->test_host ? "i686" : "x86_64");
  assert_xpath (xml, "/domain/devices/disk[@device='disk']/target/@bus", c->x_disk_bus);
  assert_xpath (xml, "/domain/devices/disk[@device='cdrom']/target/@bus", c->x_cdrom_bus);
  assert_xpath (xml, "/domain/devices/interface/model/@type", c->x_nic_model);
  assert_xpath (xml, "/domain/devices/video/model/@type", c->x_video);
  assert_xpath (xml, "/domain/cpu/@mode", c->x_cpu_mode);
  assert_xpath (xml, "/domain/os/boot[1]/@dev", stage == VIREO_INSTALL_STAGE_INSTALL ? c->x_first_boot : "hd");
  assert_int_equal (xpath_count (xml, "/domain/os/boot"),
                    stage == VIREO_INSTALL_STAGE_INSTALL && !g_str_equal (c->x_first_boot, "hd") ? 2 : 1);
  assert_int_equal (xpath_count (xml, "/domain/devices/input[@type='tablet'][@bus='usb']"), c->tablet ? 1 : 0);
  assert_xpath (xml, "/domain/devices/graphics/@type", "vnc");
  assert_xpath (xml, "/domain/devices/graphics/@autoport", "yes");
  assert_xpath (xml, "/domain/devices/graphics/listen/@address", "127.0.0.1");
  assert_int_equal (xpath_count (xml, "/domain/uuid | //mac"), 0);
  assert_xpath (xml, "/domain/metadata/libosinfo:libosinfo/libosinfo:os/@id",
                c->os != NULL ? vireo_os_get_id (vireo_osinfo_lookup (c->os)) : "");
}

static void
test_plan_table (void **state)
{
  for (guint i = 0; i < G_N_ELEMENTS (plan_cases); i++)
    {
      const PlanCase *c = &plan_cases[i];
      g_autoptr(VireoInstallPlan) plan = plan_from_case (c);
      VireoOs *os = c->os != NULL ? vireo_osinfo_lookup (c->os) : NULL;
      const VireoInstallCaps *caps = c->test_host ? caps_test : caps_x86;
      VireoInstallStage stages[] = { VIREO_INSTALL_STAGE_INSTALL, VIREO_INSTALL_STAGE_FINAL };

      print_message ("# case %s\n", c->golden);
      assert_true (c->os == NULL || os != NULL);
      for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *xml = vireo_install_plan_build_xml (plan, caps, os, stages[s], &error);
          g_autofree char *golden = g_strdup_printf ("%s-%s.xml", c->golden, s == 0 ? "install" : "final");
          g_autofree char *final = NULL;

          assert_null (error);
          assert_non_null (xml);
          assert_valid (xml, domain_rng, golden);
          check_case (c, xml, stages[s]);
          assert_golden (xml, golden);

          /* make_final of the install document boots like the FINAL document. */
          final = vireo_install_xml_make_final (xml, &error);
          assert_null (error);
          assert_valid (final, domain_rng, "make_final");
          check_case (c, final, VIREO_INSTALL_STAGE_FINAL);
        }

      if (plan->disk == VIREO_INSTALL_DISK_NEW_VOLUME)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *vol = vireo_install_plan_build_volume_xml (plan, &error);
          g_autofree char *golden = g_strdup_printf ("%s-volume.xml", c->golden);

          assert_null (error);
          assert_valid (vol, volume_rng, golden);
          assert_golden (vol, golden);
        }
    }
}

static void
test_caps (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoInstallCaps) broken = NULL;
  g_autoptr(VireoInstallCaps) xen_only = NULL;

  assert_string_equal (vireo_install_caps_get_arch (caps_x86), "x86_64");
  assert_string_equal (vireo_install_caps_get_domain_type (caps_x86), "kvm");
  assert_true (vireo_install_caps_has_domain_type (caps_x86, "qemu"));
  assert_false (vireo_install_caps_has_domain_type (caps_x86, "xen"));
  assert_string_equal (vireo_install_caps_get_machine (caps_x86), "q35");
  assert_string_equal (vireo_install_caps_get_default_machine (caps_x86), "pc");
  assert_string_equal (vireo_install_caps_choose_machine (caps_x86, vireo_osinfo_lookup ("debian11")), "q35");
  assert_string_equal (vireo_install_caps_choose_machine (caps_x86, vireo_osinfo_lookup ("winxp")), "pc");
  assert_string_equal (vireo_install_caps_choose_machine (caps_x86, NULL), "pc");

  assert_string_equal (vireo_install_caps_get_arch (caps_test), "i686");
  assert_string_equal (vireo_install_caps_get_domain_type (caps_test), "test");
  assert_false (vireo_install_caps_has_domain_type (caps_test, "kvm"));
  assert_null (vireo_install_caps_get_machine (caps_test));
  assert_null (vireo_install_caps_choose_machine (caps_test, vireo_osinfo_lookup ("debian11")));

  broken = vireo_install_caps_new_from_xml ("<capabilities><host>", NULL, &error);
  assert_null (broken);
  assert_non_null (error);
  g_clear_error (&error);

  xen_only = vireo_install_caps_new_from_xml ("<capabilities><host><cpu><arch>x86_64</arch></cpu></host>"
                                              "<guest><os_type>xen</os_type><arch name='x86_64'/></guest>"
                                              "</capabilities>", NULL, &error);
  assert_null (xen_only);
  assert_non_null (error);
  assert_non_null (strstr (error->message, "hvm"));
}

static void
test_forced_domain_type (void **state)
{
  g_autoptr(VireoInstallPlan) plan = plan_from_case (&plan_cases[0]);
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;

  /* KVM on the test driver does not exist. */
  g_free (plan->domain_type);
  plan->domain_type = g_strdup ("kvm");
  xml = vireo_install_plan_build_xml (plan, caps_test, NULL, VIREO_INSTALL_STAGE_INSTALL, &error);
  assert_null (xml);
  assert_non_null (error);
  assert_non_null (strstr (error->message, "'kvm'"));
}

/* Escaping -------------------------------------------------------------------------------------- */

static void
test_escaping (void **state)
{
  g_autoptr(VireoInstallPlan) plan = plan_from_case (&plan_cases[0]);
  const char *name = "Tom & Jerry's <lab> \"VM\"";
  const char *iso = "/isos/a&b's <1> \"x\".iso";
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *vol = NULL;

  g_free (plan->name);
  plan->name = g_strdup (name);
  g_free (plan->iso_path);
  plan->iso_path = g_strdup (iso);
  g_free (plan->nic_source);
  plan->nic_source = g_strdup ("net'&\"<");

  xml = vireo_install_plan_build_xml (plan, caps_x86, vireo_osinfo_lookup ("debian11"),
                                      VIREO_INSTALL_STAGE_INSTALL, &error);
  assert_null (error);
  assert_valid (xml, domain_rng, "escaping");
  assert_non_null (strstr (xml, "<name>Tom &amp; Jerry's &lt;lab&gt; \"VM\"</name>"));
  assert_null (strstr (xml, "<lab>"));
  /* Read back, the values are exactly the user's. */
  assert_xpath (xml, "/domain/name", name);
  assert_xpath (xml, "/domain/devices/disk[@device='cdrom']/source/@file", iso);
  assert_xpath (xml, "/domain/devices/interface/source/@network", "net'&\"<");
  assert_xpath (xml, "/domain/devices/disk[@device='disk']/source/@volume", "Tom & Jerry's <lab> \"VM\".qcow2");

  vol = vireo_install_plan_build_volume_xml (plan, &error);
  assert_null (error);
  assert_valid (vol, volume_rng, "escaped volume");
  assert_xpath (vol, "/volume/name", "Tom & Jerry's <lab> \"VM\".qcow2");
  assert_xpath (vol, "/volume/capacity", "21474836480");
  assert_xpath (vol, "/volume/allocation", "0");
  assert_xpath (vol, "/volume/target/format/@type", "qcow2");
}

/* make_final ------------------------------------------------------------------------------------ */

static void
test_make_final (void **state)
{
  /* Per-device boot orders (as "customize before install" may leave them): the CD-ROM's and the
   * NIC's go, the disk's stays, and no <os><boot> is added beside it (libvirt refuses both). */
  const char *ordered =
    "<domain type='kvm'><name>x</name><memory>1024</memory>"
    "<os><type arch='x86_64' machine='q35'>hvm</type></os>"
    "<devices>"
    "<disk type='file' device='disk'><source file='/a.qcow2'/><target dev='vda' bus='virtio'/><boot order='2'/></disk>"
    "<disk type='file' device='cdrom'><source file='/b.iso'/><target dev='sda' bus='sata'/><readonly/><boot order='1'/></disk>"
    "<interface type='network'><source network='default'/><boot order='3'/></interface>"
    "<sparkle colour='gold'/>"
    "</devices></domain>";
  /* <os> boot devices and a loader: boot hd lands after the loader; unknown elements stay. */
  const char *os_boot =
    "<domain type='kvm'><name>y</name><memory>1024</memory>"
    "<os><type arch='x86_64' machine='q35'>hvm</type><loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE.fd</loader>"
    "<boot dev='cdrom'/><boot dev='network'/><bootmenu enable='yes'/></os>"
    "<devices><disk type='file' device='cdrom'><source file='/b.iso'/><target dev='sda' bus='sata'/><readonly/></disk></devices>"
    "</domain>";
  g_autoptr(GError) error = NULL;
  g_autofree char *a = vireo_install_xml_make_final (ordered, &error);
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  assert_null (error);
  assert_int_equal (xpath_count (a, "//boot"), 1);
  assert_xpath (a, "/domain/devices/disk[@device='disk']/boot/@order", "2");
  assert_int_equal (xpath_count (a, "/domain/os/boot"), 0);
  assert_xpath (a, "/domain/devices/disk[@device='cdrom']/source/@file", "/b.iso");
  assert_int_equal (xpath_count (a, "/domain/devices/sparkle[@colour='gold']"), 1);

  b = vireo_install_xml_make_final (os_boot, &error);
  assert_null (error);
  assert_int_equal (xpath_count (b, "/domain/os/boot"), 1);
  assert_xpath (b, "/domain/os/boot/@dev", "hd");
  assert_xpath (b, "local-name(/domain/os/boot/preceding-sibling::*[1])", "loader");
  assert_int_equal (xpath_count (b, "/domain/os/bootmenu"), 1);
  /* The CD-ROM itself stays. */
  assert_int_equal (xpath_count (b, "/domain/devices/disk[@device='cdrom']"), 1);
  assert_valid (b, domain_rng, "make_final with a loader");

  c = vireo_install_xml_make_final ("<network><name>n</name></network>", &error);
  assert_null (c);
  assert_non_null (error);
  g_clear_error (&error);
  c = vireo_install_xml_make_final ("<domain", &error);
  assert_null (c);
  assert_non_null (error);
}

/* check() --------------------------------------------------------------------------------------- */

static const char * const taken_names[] = { "web", "db", NULL };
static const char * const taken_volumes[] = { "web.qcow2", "vm.qcow2", "data.raw", NULL };
static const char * const networks[] = { "default", "isolated", NULL };

static VireoInstallLimits
limits_default (void)
{
  VireoInstallLimits limits = {
    .host_memory_mib = 16384,
    .host_cpus = 8,
    .taken_names = taken_names,
    .taken_volumes = taken_volumes,
    .networks = networks,
    .pool_available = 100ULL * 1024 * 1024 * 1024,
  };
  return limits;
}

static VireoInstallPlan *
good_plan (void)
{
  VireoInstallPlan *plan = vireo_install_plan_new ();

  plan->name = g_strdup ("new-vm");
  plan->iso_path = g_strdup ("/isos/debian.iso");
  plan->os_short_id = g_strdup ("debian11");
  return plan;
}

typedef void (*PlanEdit) (VireoInstallPlan *plan, VireoInstallLimits *limits);

static void e_name_empty (VireoInstallPlan *p, VireoInstallLimits *l) { g_clear_pointer (&p->name, g_free); }
static void e_name_blank (VireoInstallPlan *p, VireoInstallLimits *l) { g_free (p->name); p->name = g_strdup ("  "); }
static void e_name_taken (VireoInstallPlan *p, VireoInstallLimits *l) { g_free (p->name); p->name = g_strdup ("db"); }
static void e_name_slash (VireoInstallPlan *p, VireoInstallLimits *l) { g_free (p->name); p->name = g_strdup ("a/b"); }
static void e_iso_missing (VireoInstallPlan *p, VireoInstallLimits *l) { g_clear_pointer (&p->iso_path, g_free); }
static void e_import_no_disk (VireoInstallPlan *p, VireoInstallLimits *l) { p->media = VIREO_INSTALL_MEDIA_IMPORT; }
static void e_os_unknown (VireoInstallPlan *p, VireoInstallLimits *l) { g_free (p->os_short_id); p->os_short_id = g_strdup ("debian12"); }
static void e_memory_zero (VireoInstallPlan *p, VireoInstallLimits *l) { p->memory_mib = 0; }
static void e_memory_above (VireoInstallPlan *p, VireoInstallLimits *l) { p->memory_mib = 16385; }
static void e_vcpus_zero (VireoInstallPlan *p, VireoInstallLimits *l) { p->vcpus = 0; }
static void e_vcpus_above (VireoInstallPlan *p, VireoInstallLimits *l) { p->vcpus = 9; }
static void e_disk_zero (VireoInstallPlan *p, VireoInstallLimits *l) { p->disk_gib = 0; }
static void e_disk_above (VireoInstallPlan *p, VireoInstallLimits *l) { p->disk_gib = 101; }
static void e_disk_huge (VireoInstallPlan *p, VireoInstallLimits *l) { p->disk_gib = G_MAXUINT64 / 2; }
static void e_volume_taken (VireoInstallPlan *p, VireoInstallLimits *l) { g_free (p->name); p->name = g_strdup ("vm"); }
static void e_volume_named_taken (VireoInstallPlan *p, VireoInstallLimits *l) { p->disk_volume = g_strdup ("data.raw"); }
static void e_volume_slash (VireoInstallPlan *p, VireoInstallLimits *l) { p->disk_volume = g_strdup ("x/y.qcow2"); }
static void e_format_bad (VireoInstallPlan *p, VireoInstallLimits *l) { g_free (p->disk_format); p->disk_format = g_strdup ("vmdk"); }
static void e_no_pool (VireoInstallPlan *p, VireoInstallLimits *l) { g_clear_pointer (&p->disk_pool, g_free); }
static void e_existing_no_path (VireoInstallPlan *p, VireoInstallLimits *l) { p->disk = VIREO_INSTALL_DISK_EXISTING; }
static void e_network_gone (VireoInstallPlan *p, VireoInstallLimits *l) { g_free (p->nic_source); p->nic_source = g_strdup ("lab"); }
static void e_network_none (VireoInstallPlan *p, VireoInstallLimits *l) { g_clear_pointer (&p->nic_source, g_free); }
static void e_bridge_none (VireoInstallPlan *p, VireoInstallLimits *l) { p->nic = VIREO_INSTALL_NIC_BRIDGE; g_clear_pointer (&p->nic_source, g_free); }
static void e_macvtap_none (VireoInstallPlan *p, VireoInstallLimits *l) { p->nic = VIREO_INSTALL_NIC_MACVTAP; g_clear_pointer (&p->nic_source, g_free); }
static void e_pxe_no_nic (VireoInstallPlan *p, VireoInstallLimits *l) { p->media = VIREO_INSTALL_MEDIA_NETWORK_BOOT; p->nic = VIREO_INSTALL_NIC_NONE; }

typedef struct
{
  const char        *what;
  PlanEdit           edit;
  VireoInstallField  field;
  const char        *in_message;   /* a piece of the message: the value, or the fix */
} BadCase;

static const BadCase bad_cases[] = {
  { "empty name", e_name_empty, VIREO_INSTALL_FIELD_NAME, "Enter a name" },
  { "blank name", e_name_blank, VIREO_INSTALL_FIELD_NAME, "Enter a name" },
  { "duplicate name", e_name_taken, VIREO_INSTALL_FIELD_NAME, "'db'" },
  { "name with /", e_name_slash, VIREO_INSTALL_FIELD_NAME, "'a/b'" },
  { "no ISO", e_iso_missing, VIREO_INSTALL_FIELD_MEDIA, "ISO" },
  { "import without image", e_import_no_disk, VIREO_INSTALL_FIELD_MEDIA, "existing disk image" },
  { "unknown OS", e_os_unknown, VIREO_INSTALL_FIELD_OS, "'debian12'" },
  { "memory 0", e_memory_zero, VIREO_INSTALL_FIELD_MEMORY, "at least 1 MiB" },
  { "memory above host", e_memory_above, VIREO_INSTALL_FIELD_MEMORY, "16384 MiB or less" },
  { "vcpus 0", e_vcpus_zero, VIREO_INSTALL_FIELD_VCPUS, "at least 1" },
  { "vcpus above host", e_vcpus_above, VIREO_INSTALL_FIELD_VCPUS, "8 or fewer" },
  { "disk 0", e_disk_zero, VIREO_INSTALL_FIELD_DISK, "at least 1 GiB" },
  { "disk above free space", e_disk_above, VIREO_INSTALL_FIELD_DISK, "100 GiB free" },
  { "disk size overflowing", e_disk_huge, VIREO_INSTALL_FIELD_DISK, "smaller size" },
  { "volume name taken", e_volume_taken, VIREO_INSTALL_FIELD_DISK, "'vm.qcow2'" },
  { "chosen volume name taken", e_volume_named_taken, VIREO_INSTALL_FIELD_DISK, "'data.raw'" },
  { "volume name with /", e_volume_slash, VIREO_INSTALL_FIELD_DISK, "'x/y.qcow2'" },
  { "unsupported format", e_format_bad, VIREO_INSTALL_FIELD_DISK, "'vmdk'" },
  { "no pool", e_no_pool, VIREO_INSTALL_FIELD_DISK, "storage pool" },
  { "existing disk without path", e_existing_no_path, VIREO_INSTALL_FIELD_DISK, "existing disk" },
  { "network gone", e_network_gone, VIREO_INSTALL_FIELD_NETWORK, "'lab'" },
  { "no network", e_network_none, VIREO_INSTALL_FIELD_NETWORK, "virtual network" },
  { "no bridge", e_bridge_none, VIREO_INSTALL_FIELD_NETWORK, "bridge" },
  { "no macvtap interface", e_macvtap_none, VIREO_INSTALL_FIELD_NETWORK, "interface" },
  { "PXE without NIC", e_pxe_no_nic, VIREO_INSTALL_FIELD_NETWORK, "Network boot" },
};

static void
test_check (void **state)
{
  g_autoptr(VireoInstallPlan) good = good_plan ();
  VireoInstallLimits limits = limits_default ();
  g_autoptr(GPtrArray) none = vireo_install_plan_check (good, &limits);

  assert_int_equal (none->len, 0);

  /* Free space exactly the disk's size fits; unknown free space never complains. */
  {
    g_autoptr(GPtrArray) problems = NULL;

    good->disk_gib = 100;
    problems = vireo_install_plan_check (good, &limits);
    assert_int_equal (problems->len, 0);
    g_clear_pointer (&problems, g_ptr_array_unref);
    good->disk_gib = 100000;
    limits.pool_available = G_MAXUINT64;
    problems = vireo_install_plan_check (good, &limits);
    assert_int_equal (problems->len, 0);
    limits = limits_default ();
    good->disk_gib = 20;
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr(VireoInstallPlan) plan = vireo_install_plan_copy (good);
      VireoInstallLimits l = limits_default ();
      g_autoptr(GPtrArray) problems = NULL;
      VireoInstallProblem *problem;

      c->edit (plan, &l);
      problems = vireo_install_plan_check (plan, &l);
      if (problems->len != 1)
        fail_msg ("%s: %u problems, expected 1 (first: %s)", c->what, problems->len,
                  problems->len > 0 ? ((VireoInstallProblem *) g_ptr_array_index (problems, 0))->message : "none");
      problem = g_ptr_array_index (problems, 0);
      if (problem->field != c->field)
        fail_msg ("%s: field %d, expected %d (%s)", c->what, problem->field, c->field, problem->message);
      if (strstr (problem->message, c->in_message) == NULL)
        fail_msg ("%s: '%s' does not mention \"%s\"", c->what, problem->message, c->in_message);
    }

  /* Several at once, one per field. */
  {
    g_autoptr(VireoInstallPlan) plan = vireo_install_plan_copy (good);
    g_autoptr(GPtrArray) problems = NULL;

    g_free (plan->name);
    plan->name = g_strdup ("db");
    plan->memory_mib = 0;
    plan->disk_gib = 0;
    problems = vireo_install_plan_check (plan, &limits);
    assert_int_equal (problems->len, 3);
    assert_int_equal (((VireoInstallProblem *) g_ptr_array_index (problems, 0))->field, VIREO_INSTALL_FIELD_NAME);
    assert_int_equal (((VireoInstallProblem *) g_ptr_array_index (problems, 1))->field, VIREO_INSTALL_FIELD_MEMORY);
    assert_int_equal (((VireoInstallProblem *) g_ptr_array_index (problems, 2))->field, VIREO_INSTALL_FIELD_DISK);
  }
}

static void
test_plan_boxed (void **state)
{
  g_autoptr(VireoInstallPlan) plan = vireo_install_plan_new ();
  g_autoptr(VireoInstallPlan) copy = NULL;
  g_autofree char *volume = NULL;

  /* The header's defaults. */
  assert_int_equal (plan->media, VIREO_INSTALL_MEDIA_ISO);
  assert_int_equal (plan->memory_mib, 1024);
  assert_int_equal (plan->vcpus, 1);
  assert_int_equal (plan->disk, VIREO_INSTALL_DISK_NEW_VOLUME);
  assert_int_equal (plan->disk_gib, 20);
  assert_string_equal (plan->disk_pool, "default");
  assert_string_equal (plan->disk_format, "qcow2");
  assert_int_equal (plan->nic, VIREO_INSTALL_NIC_NETWORK);
  assert_string_equal (plan->nic_source, "default");
  assert_true (plan->tablet);
  assert_null (plan->domain_type);

  plan->name = g_strdup ("n");
  plan->iso_path = g_strdup ("/i.iso");
  copy = g_boxed_copy (VIREO_TYPE_INSTALL_PLAN, plan);
  assert_ptr_not_equal (copy->name, plan->name);
  assert_string_equal (copy->name, "n");
  assert_string_equal (copy->iso_path, "/i.iso");
  assert_string_equal (copy->nic_source, "default");
  volume = vireo_install_plan_dup_volume_name (copy);
  assert_string_equal (volume, "n.qcow2");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_plan_boxed),
    cmocka_unit_test (test_caps),
    cmocka_unit_test (test_plan_table),
    cmocka_unit_test (test_forced_domain_type),
    cmocka_unit_test (test_escaping),
    cmocka_unit_test (test_make_final),
    cmocka_unit_test (test_check),
  };

  return cmocka_run_group_tests_name ("install-plan", tests, group_setup, group_teardown);
}
