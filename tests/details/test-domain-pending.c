/* test-domain-pending.c: what of a definition waits for the VM's next boot — each part flips when
 * its edit is made to the definition only, and what libvirt fills in on a running VM (aliases,
 * target devs, automatic ports, pty paths, defaults, an expanded host-model CPU) never counts.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libvirt/libvirt.h>

#include "details-test-helpers.h"
#include "vireo-domain-config.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-pending.h"
#include "vireo-libvirt-private.h"
#include "vireo-test-utils.h"

static GPtrArray *corpus;

static int
setup_corpus (void **state)
{
  corpus = details_corpus_load ();
  return corpus != NULL && corpus->len >= 40 ? 0 : -1;
}

static int
teardown_corpus (void **state)
{
  g_clear_pointer (&corpus, g_ptr_array_unref);
  return 0;
}

static const char *
corpus_xml (const char *prefix)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);

      if (g_str_has_prefix (entry->name, prefix))
        return entry->xml;
    }
  fail_msg ("no corpus file %s*", prefix);
  return NULL;
}

static VireoDomainConfig *
parse (const char *xml)
{
  g_autoptr(GError) error = NULL;
  VireoDomainConfig *config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);

  if (config == NULL)
    fail_msg ("parse: %s", error->message);
  return config;
}

static const VireoDomainPart whole_parts[] = {
  VIREO_DOMAIN_PART_CPUS, VIREO_DOMAIN_PART_MEMORY, VIREO_DOMAIN_PART_BOOT, VIREO_DOMAIN_PART_GRAPHICS,
  VIREO_DOMAIN_PART_VIDEO, VIREO_DOMAIN_PART_INPUT, VIREO_DOMAIN_PART_SOUND, VIREO_DOMAIN_PART_SERIAL,
};

/* The names of the parts pending between @config and @live, "cpus,disk:vda", for messages. */
static char *
pending_parts (const VireoDomainConfig *config,
               const VireoDomainConfig *live)
{
  static const char * const names[] = {
    "cpus", "memory", "boot", "disk", "nic", "graphics", "video", "input", "sound", "serial",
  };
  g_autoptr(GString) parts = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (whole_parts); i++)
    if (vireo_domain_config_part_pending (config, live, whole_parts[i], NULL))
      g_string_append_printf (parts, "%s%s", parts->len ? "," : "", names[whole_parts[i]]);
  for (guint side = 0; side < 2; side++)
    {
      const VireoDomainConfig *c = side == 0 ? config : live;

      for (guint i = 0; i < c->disks->len; i++)
        {
          const VireoDomainDisk *disk = g_ptr_array_index (c->disks, i);

          if (disk->target != NULL &&
              vireo_domain_config_part_pending (config, live, VIREO_DOMAIN_PART_DISK, disk->target) &&
              !strstr (parts->str, disk->target))
            g_string_append_printf (parts, "%sdisk:%s", parts->len ? "," : "", disk->target);
        }
      for (guint i = 0; i < c->nics->len; i++)
        {
          const VireoDomainNic *nic = g_ptr_array_index (c->nics, i);

          if (nic->mac != NULL &&
              vireo_domain_config_part_pending (config, live, VIREO_DOMAIN_PART_NIC, nic->mac) &&
              !strstr (parts->str, nic->mac))
            g_string_append_printf (parts, "%snic:%s", parts->len ? "," : "", nic->mac);
        }
    }
  return g_string_free (g_steal_pointer (&parts), FALSE);
}

/* A definition against itself: nothing pending; against no live VM: nothing either. */
static void
test_corpus_nothing_pending (void **state)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);
      g_autoptr(VireoDomainConfig) config = parse (entry->xml);
      g_autoptr(VireoDomainConfig) same = parse (entry->xml);
      g_autofree char *parts = pending_parts (config, same);

      if (*parts != '\0')
        fail_msg ("%s: pending against itself: %s", entry->name, parts);
      for (guint p = 0; p < G_N_ELEMENTS (whole_parts); p++)
        assert_false (vireo_domain_config_part_pending (config, NULL, whole_parts[p], NULL));
    }
}

typedef char *(*EditFunc) (const char *xml, GError **error);

/* @edited made to the definition only: exactly @expected is pending. */
static void
assert_pending_only (const char *live_xml,
                     const char *edited,
                     const char *expected)
{
  g_autoptr(VireoDomainConfig) config = parse (edited);
  g_autoptr(VireoDomainConfig) live = parse (live_xml);
  g_autofree char *parts = pending_parts (config, live);

  if (g_strcmp0 (parts, expected) != 0)
    fail_msg ("pending '%s', expected '%s'", parts, expected);
}

static void
test_each_edit_flips_its_part (void **state)
{
  const char *xml = corpus_xml ("01-");
  const char * const boot[] = { "cdrom", "hd", NULL };
  VireoDomainDiskSpec spec = { .path = "/var/lib/libvirt/images/extra.qcow2", .format = "qcow2" };
  g_autoptr(GError) error = NULL;
  struct
  {
    char       *edited;
    const char *expected;
  } cases[] = {
    { vireo_domain_edit_set_vcpus (xml, 1, 4, &error), "cpus" },
    { vireo_domain_edit_set_cpu_mode (xml, "host-passthrough", &error), "cpus" },
    { vireo_domain_edit_set_memory (xml, 1048576, 2097152, &error), "memory" },
    { vireo_domain_edit_set_boot_order (xml, boot, &error), "boot" },
    { vireo_domain_edit_set_boot_menu (xml, TRUE, &error), "boot" },
    { vireo_domain_edit_remove_disk (xml, "vda", &error), "disk:vda" },
    { vireo_domain_edit_add_disk (xml, &spec, NULL, &error), "disk:vdb" },
    { vireo_domain_edit_change_media (xml, "sda", NULL, &error), "disk:sda" },
    { vireo_domain_edit_set_nic_link (xml, "52:54:00:11:20:33", FALSE, &error), "nic:52:54:00:11:20:33" },
    { vireo_domain_edit_set_nic_model (xml, "52:54:00:11:20:33", "e1000e", &error), "nic:52:54:00:11:20:33" },
    { vireo_domain_edit_set_nic_source (xml, "52:54:00:11:20:33", "bridge", "br0", NULL, &error),
      "nic:52:54:00:11:20:33" },
    { vireo_domain_edit_remove_nic (xml, "52:54:00:11:20:33", &error), "nic:52:54:00:11:20:33" },
    { vireo_domain_edit_set_graphics_port (xml, "vnc", 5905, &error), "graphics" },
    { vireo_domain_edit_set_graphics_listen (xml, "vnc", "0.0.0.0", &error), "graphics" },
    { vireo_domain_edit_set_graphics_password (xml, "vnc", "secret", &error), "graphics" },
    { vireo_domain_edit_set_video_model (xml, "qxl", &error), "video" },
    { vireo_domain_edit_remove_tablet (xml, &error), "input" },
    { vireo_domain_edit_add_sound (xml, "ac97", &error), "sound" },
    { vireo_domain_edit_remove_serial_console (xml, &error), "serial" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (cases[i].edited == NULL)
        fail_msg ("case %u: %s", i, error ? error->message : "no XML");
      assert_pending_only (xml, cases[i].edited, cases[i].expected);
      g_free (cases[i].edited);
    }
}

/* What libvirt adds to a running VM's XML is not a change of its definition. */
static void
test_runtime_facts_are_not_pending (void **state)
{
  const char *xml = corpus_xml ("01-");
  g_autoptr(GString) live = g_string_new (xml);

  g_string_replace (live, "<graphics type='vnc' port='-1' autoport='yes'>",
                    "<graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'>", 1);
  g_string_replace (live, "<listen type='address'/>", "<listen type='address' address='127.0.0.1'/>", 1);
  g_string_replace (live, "<target dev='vda' bus='virtio'/>",
                    "<target dev='vda' bus='virtio'/><alias name='virtio-disk0'/>", 1);
  g_string_replace (live, "<model type='virtio'/>\n    </interface>",
                    "<model type='virtio'/><target dev='vnet3'/><alias name='net0'/>\n    </interface>", 1);
  g_string_replace (live, "<serial type='pty'>", "<serial type='pty'><source path='/dev/pts/4'/>", 1);
  g_string_replace (live, "<console type='pty'>", "<console type='pty' tty='/dev/pts/4'>", 1);
  g_string_replace (live, "<input type='tablet' bus='usb'/>",
                    "<input type='tablet' bus='usb'><alias name='input0'/></input>", 1);
  assert_pending_only (live->str, xml, "");
}

/* A definition that leaves a default unsaid is not pending against the default libvirt filled in;
 * a host-model CPU runs as the custom CPU libvirt picked. */
static void
test_defaults_filled_in (void **state)
{
  const char *definition =
    "<domain type='kvm'><name>d</name><memory>1048576</memory><vcpu>1</vcpu>"
    "<os><type arch='x86_64'>hvm</type></os><cpu mode='host-model'/>"
    "<devices><disk type='file' device='disk'><source file='/i/d.img'/><target dev='vda'/></disk>"
    "<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/></interface>"
    "<graphics type='vnc' autoport='yes'/><video/></devices></domain>";
  const char *running =
    "<domain type='kvm' id='3'><name>d</name><memory>1048576</memory><currentMemory>1048576</currentMemory>"
    "<vcpu>1</vcpu><os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>"
    "<cpu mode='custom' match='exact'><model fallback='forbid'>EPYC</model></cpu>"
    "<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/i/d.img'/>"
    "<target dev='vda' bus='virtio'/></disk>"
    "<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default' bridge='virbr0'/>"
    "<model type='virtio'/><target dev='vnet0'/></interface>"
    "<graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'/>"
    "<video><model type='cirrus' vram='16384' heads='1' primary='yes'/></video></devices></domain>";

  assert_pending_only (running, definition, "");
}

/* The test driver's own running VM: its live XML against its definition, nothing pending. */
static void
test_test_driver_live (void **state)
{
  g_autoptr(virConnect) conn = virConnectOpen ("test:///default");
  g_autoptr(virDomain) domain = NULL;
  g_autofree char *inactive = NULL;
  g_autofree char *running = NULL;

  assert_non_null (conn);
  domain = virDomainLookupByName (conn, "test");
  assert_non_null (domain);
  assert_int_equal (virDomainIsActive (domain), 1);
  inactive = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  running = virDomainGetXMLDesc (domain, 0);
  assert_pending_only (running, inactive, "");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_corpus_nothing_pending),
    cmocka_unit_test (test_each_edit_flips_its_part),
    cmocka_unit_test (test_runtime_facts_are_not_pending),
    cmocka_unit_test (test_defaults_filled_in),
    cmocka_unit_test (test_test_driver_live),
  };

  return cmocka_run_group_tests_name ("domain-pending", tests, setup_corpus, teardown_corpus);
}
