/* test-domain-config.c: the read model matches the XML
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "details-test-helpers.h"
#include "vireo-domain-config.h"
#include "vireo-error.h"
#include "vireo-test-utils.h"

static GPtrArray *corpus;

static int
group_setup (void **state)
{
  corpus = details_corpus_load ();
  return 0;
}

static int
group_teardown (void **state)
{
  g_clear_pointer (&corpus, g_ptr_array_unref);
  return 0;
}

static VireoDomainConfig *
parse (const char *prefix)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      const DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);

      if (g_str_has_prefix (entry->name, prefix))
        {
          g_autoptr(GError) error = NULL;
          VireoDomainConfig *config = vireo_domain_config_parse (entry->xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);

          if (config == NULL)
            fail_msg ("%s: %s", entry->name, error->message);
          return config;
        }
    }
  fail_msg ("no corpus document %s", prefix);
  return NULL;
}

#define DISK(c, i) ((const VireoDomainDisk *) g_ptr_array_index ((c)->disks, (i)))
#define NIC(c, i) ((const VireoDomainNic *) g_ptr_array_index ((c)->nics, (i)))
#define GRAPHICS(c, i) ((const VireoDomainGraphics *) g_ptr_array_index ((c)->graphics, (i)))
#define INPUT(c, i) ((const VireoDomainInput *) g_ptr_array_index ((c)->inputs, (i)))
#define CHARDEV(c, i) ((const VireoDomainChardev *) g_ptr_array_index ((c)->chardevs, (i)))

static void
test_overview (void **state)
{
  g_autoptr(VireoDomainConfig) debian = parse ("01-");
  g_autoptr(VireoDomainConfig) windows = parse ("02-");
  g_autoptr(VireoDomainConfig) legacy = parse ("03-");
  g_autoptr(VireoDomainConfig) pflash = parse ("19-");
  g_autoptr(VireoDomainConfig) multiline = parse ("24-");

  assert_string_equal (debian->name, "debian12-q35");
  assert_string_equal (debian->title, "Debian 12 server");
  assert_string_equal (debian->description, "Web front end");
  assert_string_equal (debian->uuid, "6f1e0000-0000-4000-8000-000000000001");
  assert_string_equal (debian->type, "qemu");
  assert_string_equal (debian->arch, "x86_64");
  assert_string_equal (debian->machine, "pc-q35-7.2");
  assert_int_equal (debian->firmware, VIREO_DOMAIN_FIRMWARE_BIOS);
  assert_string_equal (debian->os_id, "http://debian.org/debian/12");
  assert_null (debian->cpu_mode);

  assert_string_equal (windows->type, "kvm");
  assert_int_equal (windows->firmware, VIREO_DOMAIN_FIRMWARE_EFI);
  assert_string_equal (windows->os_id, "http://microsoft.com/win/11");
  assert_string_equal (windows->cpu_mode, "host-passthrough");
  assert_int_equal (pflash->firmware, VIREO_DOMAIN_FIRMWARE_EFI);

  assert_string_equal (legacy->machine, "pc-i440fx-7.2");
  assert_null (legacy->title);
  assert_null (legacy->os_id);

  assert_string_equal (multiline->description, "First line\nSecond line & more\n  indented");
}

static void
test_cpus_memory_boot (void **state)
{
  g_autoptr(VireoDomainConfig) debian = parse ("01-");
  g_autoptr(VireoDomainConfig) legacy = parse ("03-");
  g_autoptr(VireoDomainConfig) mib = parse ("15-");
  g_autoptr(VireoDomainConfig) gib = parse ("16-");
  g_autoptr(VireoDomainConfig) custom = parse ("18-");
  g_autoptr(VireoDomainConfig) no_current = parse ("22-");
  g_autoptr(VireoDomainConfig) per_device = parse ("14-");
  g_autoptr(VireoDomainConfig) menu_off = parse ("37-");
  guint64 kib = 0;

  assert_int_equal (debian->vcpus, 2);
  assert_int_equal (debian->vcpus_max, 2);
  assert_int_equal (debian->memory_kib, 2097152);
  assert_int_equal (debian->memory_max_kib, 2097152);
  assert_int_equal (g_strv_length (debian->boot_devs), 1);
  assert_string_equal (debian->boot_devs[0], "hd");
  assert_false (debian->boot_menu);

  assert_int_equal (mib->vcpus, 1);
  assert_int_equal (mib->vcpus_max, 4);
  assert_int_equal (mib->memory_max_kib, 4096 * 1024);
  assert_int_equal (mib->memory_kib, 2048 * 1024);
  assert_int_equal (gib->memory_kib, 4 * 1024 * 1024);
  assert_int_equal (no_current->memory_kib, 1048576);
  assert_string_equal (custom->cpu_mode, "custom");

  assert_int_equal (g_strv_length (legacy->boot_devs), 2);
  assert_string_equal (legacy->boot_devs[0], "cdrom");
  assert_string_equal (legacy->boot_devs[1], "hd");
  assert_true (legacy->boot_menu);
  assert_false (menu_off->boot_menu);
  assert_int_equal (g_strv_length (menu_off->boot_devs), 3);

  assert_int_equal (g_strv_length (per_device->boot_devs), 0);
  assert_int_equal (DISK (per_device, 0)->boot_order, 2);
  assert_int_equal (NIC (per_device, 0)->boot_order, 1);

  /* libvirt's units */
  assert_true (vireo_domain_config_scale_to_kib (1, "GiB", &kib));
  assert_int_equal (kib, 1048576);
  assert_true (vireo_domain_config_scale_to_kib (2, "M", &kib));
  assert_int_equal (kib, 2048);
  assert_true (vireo_domain_config_scale_to_kib (1024000, "KB", &kib));
  assert_int_equal (kib, 1000000);
  assert_true (vireo_domain_config_scale_to_kib (2048, "bytes", &kib));
  assert_int_equal (kib, 2);
  assert_true (vireo_domain_config_scale_to_kib (7, NULL, &kib));
  assert_int_equal (kib, 7);
  assert_false (vireo_domain_config_scale_to_kib (1, "parsecs", &kib));
  assert_false (vireo_domain_config_scale_to_kib (G_MAXUINT64, "EiB", &kib));
}

static void
test_disks (void **state)
{
  g_autoptr(VireoDomainConfig) all = parse ("12-");
  g_autoptr(VireoDomainConfig) legacy = parse ("03-");

  assert_int_equal (all->disks->len, 6);

  assert_string_equal (DISK (all, 0)->device, "disk");
  assert_string_equal (DISK (all, 0)->type, "file");
  assert_string_equal (DISK (all, 0)->target, "vda");
  assert_string_equal (DISK (all, 0)->bus, "virtio");
  assert_string_equal (DISK (all, 0)->source, "/var/lib/libvirt/images/all-disks.qcow2");
  assert_string_equal (DISK (all, 0)->driver_type, "qcow2");
  assert_false (DISK (all, 0)->readonly);

  assert_string_equal (DISK (all, 1)->type, "block");
  assert_string_equal (DISK (all, 1)->source, "/dev/vg0/all-disks");
  assert_string_equal (DISK (all, 1)->driver_type, "raw");

  assert_string_equal (DISK (all, 2)->type, "volume");
  assert_null (DISK (all, 2)->source);
  assert_string_equal (DISK (all, 2)->source_pool, "default");
  assert_string_equal (DISK (all, 2)->source_volume, "all-disks-data.qcow2");

  assert_string_equal (DISK (all, 3)->type, "network");
  assert_string_equal (DISK (all, 3)->source_protocol, "rbd");
  assert_string_equal (DISK (all, 3)->source, "pool/all-disks");

  assert_string_equal (DISK (all, 4)->device, "cdrom");
  assert_string_equal (DISK (all, 4)->bus, "sata");
  assert_true (DISK (all, 4)->readonly);

  assert_string_equal (DISK (all, 5)->bus, "scsi");
  assert_true (DISK (all, 5)->shareable);

  /* an empty CD-ROM drive */
  assert_string_equal (DISK (legacy, 1)->target, "hdc");
  assert_null (DISK (legacy, 1)->source);
  assert_ptr_equal (vireo_domain_config_find_disk (all, "vdc"), DISK (all, 2));
  assert_null (vireo_domain_config_find_disk (all, "vdz"));
}

static void
test_nics (void **state)
{
  g_autoptr(VireoDomainConfig) all = parse ("13-");
  g_autoptr(VireoDomainConfig) no_mac = parse ("41-");

  assert_int_equal (all->nics->len, 4);
  assert_string_equal (NIC (all, 0)->type, "network");
  assert_string_equal (NIC (all, 0)->source, "default");
  assert_string_equal (NIC (all, 0)->model, "virtio");
  assert_string_equal (NIC (all, 0)->mac, "52:54:00:1d:20:57");
  assert_null (NIC (all, 0)->link_state);

  assert_string_equal (NIC (all, 1)->type, "bridge");
  assert_string_equal (NIC (all, 1)->source, "br0");
  assert_string_equal (NIC (all, 1)->model, "e1000e");
  assert_string_equal (NIC (all, 1)->link_state, "down");

  assert_string_equal (NIC (all, 2)->type, "direct");
  assert_string_equal (NIC (all, 2)->source, "eth0");
  assert_string_equal (NIC (all, 2)->source_mode, "vepa");
  assert_string_equal (NIC (all, 2)->model, "rtl8139");
  assert_string_equal (NIC (all, 2)->target_dev, "macvtap0");

  assert_string_equal (NIC (all, 3)->type, "user");
  assert_null (NIC (all, 3)->source);

  assert_ptr_equal (vireo_domain_config_find_nic (all, "52:54:00:1D:20:57"), NIC (all, 0));
  assert_null (NIC (no_mac, 0)->mac);
}

static void
test_graphics_and_others (void **state)
{
  g_autoptr(VireoDomainConfig) multi = parse ("09-");
  g_autoptr(VireoDomainConfig) debian = parse ("01-");
  g_autoptr(VireoDomainConfig) legacy = parse ("03-");
  g_autoptr(VireoDomainConfig) sounds = parse ("21-");
  g_autoptr(VireoDomainConfig) empty = parse ("04-");
  g_autoptr(VireoDomainConfig) network_listen = parse ("26-");

  assert_int_equal (multi->graphics->len, 2);
  assert_string_equal (GRAPHICS (multi, 0)->type, "vnc");
  assert_string_equal (GRAPHICS (multi, 0)->listen, "127.0.0.1");
  assert_int_equal (GRAPHICS (multi, 0)->port, 5905);
  assert_false (GRAPHICS (multi, 0)->autoport);
  assert_true (GRAPHICS (multi, 0)->has_password);
  assert_null (GRAPHICS (multi, 0)->password);
  assert_string_equal (GRAPHICS (multi, 1)->type, "spice");
  assert_string_equal (GRAPHICS (multi, 1)->listen, "0.0.0.0");
  assert_true (GRAPHICS (multi, 1)->autoport);
  assert_int_equal (GRAPHICS (multi, 1)->port, -1);
  assert_false (GRAPHICS (multi, 1)->has_password);
  assert_string_equal (multi->video_model, "qxl");
  assert_null (GRAPHICS (network_listen, 0)->listen);

  assert_string_equal (debian->video_model, "virtio");
  assert_int_equal (debian->inputs->len, 1);
  assert_string_equal (INPUT (debian, 0)->type, "tablet");
  assert_string_equal (INPUT (debian, 0)->bus, "usb");
  assert_int_equal (g_strv_length (debian->sound_models), 1);
  assert_string_equal (debian->sound_models[0], "ich9");
  /* serial, console, channel */
  assert_int_equal (debian->chardevs->len, 3);
  assert_string_equal (CHARDEV (debian, 0)->kind, "serial");
  assert_string_equal (CHARDEV (debian, 0)->type, "pty");
  assert_int_equal (CHARDEV (debian, 0)->target_port, 0);
  assert_string_equal (CHARDEV (debian, 1)->kind, "console");
  assert_string_equal (CHARDEV (debian, 1)->target_type, "serial");
  assert_string_equal (CHARDEV (debian, 2)->kind, "channel");
  assert_string_equal (CHARDEV (debian, 2)->target_type, "virtio");

  assert_string_equal (legacy->video_model, "cirrus");
  assert_int_equal (legacy->inputs->len, 2);
  assert_string_equal (INPUT (legacy, 0)->type, "mouse");
  assert_string_equal (INPUT (legacy, 0)->bus, "ps2");

  assert_int_equal (g_strv_length (sounds->sound_models), 3);
  assert_string_equal (sounds->sound_models[2], "usb");

  assert_int_equal (empty->disks->len, 0);
  assert_int_equal (empty->nics->len, 0);
  assert_int_equal (empty->graphics->len, 0);
  assert_null (empty->video_model);
  assert_non_null (empty->sound_models);
  assert_int_equal (g_strv_length (empty->boot_devs), 0);
}

/* On every corpus document, the model counts what the XML holds. */
static void
test_counts_match_corpus (void **state)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      const DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (entry->xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
      g_autofree char *disks = details_xpath_string (entry->xml, "count(/domain/devices/disk)");
      g_autofree char *nics = details_xpath_string (entry->xml, "count(/domain/devices/interface)");
      g_autofree char *graphics = details_xpath_string (entry->xml, "count(/domain/devices/graphics)");
      g_autofree char *name = details_xpath_string (entry->xml, "/domain/name");
      g_autofree char *max = details_xpath_string (entry->xml, "normalize-space(/domain/vcpu)");

      assert_non_null (config);
      assert_int_equal (config->disks->len, atoi (disks));
      assert_int_equal (config->nics->len, atoi (nics));
      assert_int_equal (config->graphics->len, atoi (graphics));
      assert_string_equal (config->name, name);
      assert_int_equal (config->vcpus_max, atoi (max));
      assert_true (config->vcpus <= config->vcpus_max);
      assert_true (config->memory_kib <= config->memory_max_kib);
    }
}

static void
test_bad_xml (void **state)
{
  g_autoptr(GError) error = NULL;

  assert_null (vireo_domain_config_parse ("<domain><name>x</domain>", 0, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
  g_clear_error (&error);
  assert_null (vireo_domain_config_parse ("<network><name>x</name></network>", 0, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_overview),
    cmocka_unit_test (test_cpus_memory_boot),
    cmocka_unit_test (test_disks),
    cmocka_unit_test (test_nics),
    cmocka_unit_test (test_graphics_and_others),
    cmocka_unit_test (test_counts_match_corpus),
    cmocka_unit_test (test_bad_xml),
  };

  return cmocka_run_group_tests_name ("domain-config", tests, group_setup, group_teardown);
}
