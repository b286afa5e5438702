/* vireo-domain-config.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-config"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xpathInternals.h>

#include "vireo-domain-config.h"
#include "vireo-error.h"
#include "vireo-xml-private.h"

/*
 * What `virsh dominfo`, `domiflist` and `domblklist` show, read from the domain's XML. The model is
 * plain data for the pages; changes go through vireo-domain-edit, which edits the XML itself.
 */

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

static void
disk_free (VireoDomainDisk *disk)
{
  g_free (disk->device);
  g_free (disk->type);
  g_free (disk->target);
  g_free (disk->bus);
  g_free (disk->source);
  g_free (disk->source_pool);
  g_free (disk->source_volume);
  g_free (disk->source_protocol);
  g_free (disk->driver_type);
  g_free (disk);
}

static void
nic_free (VireoDomainNic *nic)
{
  g_free (nic->type);
  g_free (nic->source);
  g_free (nic->source_mode);
  g_free (nic->model);
  g_free (nic->mac);
  g_free (nic->link_state);
  g_free (nic->target_dev);
  g_free (nic);
}

static void
graphics_free (VireoDomainGraphics *graphics)
{
  g_free (graphics->type);
  g_free (graphics->listen);
  g_free (graphics->password);
  g_free (graphics);
}

static void
input_free (VireoDomainInput *input)
{
  g_free (input->type);
  g_free (input->bus);
  g_free (input);
}

static void
chardev_free (VireoDomainChardev *chardev)
{
  g_free (chardev->kind);
  g_free (chardev->type);
  g_free (chardev->target_type);
  g_free (chardev->path);
  g_free (chardev);
}

void
vireo_domain_config_free (VireoDomainConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->name);
  g_free (config->title);
  g_free (config->description);
  g_free (config->uuid);
  g_free (config->type);
  g_free (config->arch);
  g_free (config->machine);
  g_free (config->cpu_mode);
  g_strfreev (config->boot_devs);
  g_clear_pointer (&config->disks, g_ptr_array_unref);
  g_clear_pointer (&config->nics, g_ptr_array_unref);
  g_clear_pointer (&config->graphics, g_ptr_array_unref);
  g_free (config->video_model);
  g_clear_pointer (&config->inputs, g_ptr_array_unref);
  g_strfreev (config->sound_models);
  g_clear_pointer (&config->chardevs, g_ptr_array_unref);
  g_free (config->os_id);
  g_free (config);
}

gboolean
vireo_domain_config_scale_to_kib (guint64     value,
                                  const char *unit,
                                  guint64    *kib)
{
  /* libvirt's virScaleInteger: "b"/"bytes", then k/M/G/T/P/E alone or with "iB" (powers of 1024)
   * or "B" (powers of 1000), the letter in either case. */
  static const char prefixes[] = "kmgtpe";
  const char *found;
  guint64 base;
  guint64 bytes_per_unit = 1;
  int power;

  g_return_val_if_fail (kib != NULL, FALSE);

  if (unit == NULL || *unit == '\0')
    unit = "KiB";

  if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "bytes") == 0)
    {
      *kib = value / 1024;
      return TRUE;
    }

  found = strchr (prefixes, g_ascii_tolower (unit[0]));
  if (found == NULL || unit[0] == '\0')
    return FALSE;
  power = (int) (found - prefixes) + 1;

  if (unit[1] == '\0' || g_ascii_strcasecmp (unit + 1, "iB") == 0)
    base = 1024;
  else if (g_ascii_strcasecmp (unit + 1, "B") == 0)
    base = 1000;
  else
    return FALSE;

  for (int i = 0; i < power; i++)
    bytes_per_unit *= base;

  if (bytes_per_unit % 1024 == 0)
    {
      guint64 factor = bytes_per_unit / 1024;

      if (factor != 0 && value > G_MAXUINT64 / factor)
        return FALSE;
      *kib = value * factor;
    }
  else
    {
      if (value > G_MAXUINT64 / bytes_per_unit)
        return FALSE;
      *kib = value * bytes_per_unit / 1024;
    }
  return TRUE;
}

static guint64
parse_uint (const char *text)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, &value, NULL))
    return 0;
  return value;
}

static guint64
memory_kib (xmlXPathContext *context,
            const char      *element)
{
  g_autofree char *value_xpath = g_strdup_printf ("string(%s)", element);
  g_autofree char *unit_xpath = g_strdup_printf ("string(%s/@unit)", element);
  g_autofree char *value = _vireo_xml_get_string (context, NULL, value_xpath);
  g_autofree char *unit = _vireo_xml_get_string (context, NULL, unit_xpath);
  guint64 kib = 0;

  if (value == NULL)
    return 0;
  g_strstrip (value);
  if (!vireo_domain_config_scale_to_kib (parse_uint (value), unit, &kib))
    return 0;
  return kib;
}

static gboolean
is_yes (const char *value)
{
  return g_strcmp0 (value, "yes") == 0 || g_strcmp0 (value, "on") == 0;
}

static guint
boot_order (xmlXPathContext *context,
            xmlNode         *node)
{
  g_autofree char *order = _vireo_xml_get_string (context, node, "string(boot/@order)");

  return (guint) MIN (parse_uint (order), G_MAXUINT);
}

static VireoDomainDisk *
parse_disk (xmlXPathContext *context,
            xmlNode         *node)
{
  VireoDomainDisk *disk = g_new0 (VireoDomainDisk, 1);

  disk->device = _vireo_xml_get_string (context, node, "string(@device)");
  if (disk->device == NULL)
    disk->device = g_strdup ("disk");
  disk->type = _vireo_xml_get_string (context, node, "string(@type)");
  disk->target = _vireo_xml_get_string (context, node, "string(target/@dev)");
  disk->bus = _vireo_xml_get_string (context, node, "string(target/@bus)");
  if (g_strcmp0 (disk->type, "volume") == 0)
    {
      disk->source_pool = _vireo_xml_get_string (context, node, "string(source/@pool)");
      disk->source_volume = _vireo_xml_get_string (context, node, "string(source/@volume)");
    }
  else if (g_strcmp0 (disk->type, "network") == 0)
    {
      disk->source_protocol = _vireo_xml_get_string (context, node, "string(source/@protocol)");
      disk->source = _vireo_xml_get_string (context, node, "string(source/@name)");
    }
  else if (g_strcmp0 (disk->type, "block") == 0)
    disk->source = _vireo_xml_get_string (context, node, "string(source/@dev)");
  else if (g_strcmp0 (disk->type, "dir") == 0)
    disk->source = _vireo_xml_get_string (context, node, "string(source/@dir)");
  else
    disk->source = _vireo_xml_get_string (context, node, "string(source/@file)");
  disk->driver_type = _vireo_xml_get_string (context, node, "string(driver/@type)");
  disk->readonly = _vireo_xml_find_node (context, node, "readonly") != NULL;
  disk->shareable = _vireo_xml_find_node (context, node, "shareable") != NULL;
  disk->boot_order = boot_order (context, node);

  return disk;
}

static VireoDomainNic *
parse_nic (xmlXPathContext *context,
           xmlNode         *node)
{
  VireoDomainNic *nic = g_new0 (VireoDomainNic, 1);

  nic->type = _vireo_xml_get_string (context, node, "string(@type)");
  if (g_strcmp0 (nic->type, "network") == 0)
    nic->source = _vireo_xml_get_string (context, node, "string(source/@network)");
  else if (g_strcmp0 (nic->type, "bridge") == 0)
    nic->source = _vireo_xml_get_string (context, node, "string(source/@bridge)");
  else if (g_strcmp0 (nic->type, "direct") == 0)
    {
      nic->source = _vireo_xml_get_string (context, node, "string(source/@dev)");
      nic->source_mode = _vireo_xml_get_string (context, node, "string(source/@mode)");
    }
  nic->model = _vireo_xml_get_string (context, node, "string(model/@type)");
  nic->mac = _vireo_xml_get_string (context, node, "string(mac/@address)");
  nic->link_state = _vireo_xml_get_string (context, node, "string(link/@state)");
  nic->target_dev = _vireo_xml_get_string (context, node, "string(target/@dev)");
  nic->boot_order = boot_order (context, node);

  return nic;
}

static VireoDomainGraphics *
parse_graphics (xmlXPathContext             *context,
                xmlNode                     *node,
                VireoDomainConfigParseFlags  flags)
{
  VireoDomainGraphics *graphics = g_new0 (VireoDomainGraphics, 1);
  g_autofree char *port = NULL;
  g_autofree char *autoport = NULL;
  g_autofree char *password = NULL;
  gint64 number = -1;

  graphics->type = _vireo_xml_get_string (context, node, "string(@type)");
  graphics->listen = _vireo_xml_get_string (context, node, "string(@listen)");
  if (graphics->listen == NULL)
    graphics->listen = _vireo_xml_get_string (context, node, "string(listen[@type='address'][1]/@address)");
  port = _vireo_xml_get_string (context, node, "string(@port)");
  autoport = _vireo_xml_get_string (context, node, "string(@autoport)");
  if (port == NULL || !g_ascii_string_to_signed (port, 10, -1, 65535, &number, NULL))
    number = -1;
  graphics->port = (int) number;
  graphics->autoport = is_yes (autoport) || (autoport == NULL && graphics->port == -1);
  password = _vireo_xml_get_string (context, node, "string(@passwd)");
  graphics->has_password = _vireo_xml_find_node (context, node, "@passwd") != NULL;
  if ((flags & VIREO_DOMAIN_CONFIG_PARSE_SECRETS) != 0)
    graphics->password = g_steal_pointer (&password);

  return graphics;
}

static VireoDomainChardev *
parse_chardev (xmlXPathContext *context,
               xmlNode         *node)
{
  VireoDomainChardev *chardev = g_new0 (VireoDomainChardev, 1);
  g_autofree char *port = NULL;
  gint64 number = -1;

  chardev->kind = g_strdup ((const char *) node->name);
  chardev->type = _vireo_xml_get_string (context, node, "string(@type)");
  chardev->target_type = _vireo_xml_get_string (context, node, "string(target/@type)");
  port = _vireo_xml_get_string (context, node, "string(target/@port)");
  if (port == NULL || !g_ascii_string_to_signed (port, 10, 0, G_MAXINT, &number, NULL))
    number = -1;
  chardev->target_port = (int) number;
  chardev->path = _vireo_xml_get_string (context, node, "string(source/@path)");
  if (chardev->path == NULL)
    chardev->path = _vireo_xml_get_string (context, node, "string(@tty)");

  return chardev;
}

static GStrv
strings_of (xmlXPathContext *context,
            const char      *xpath)
{
  g_autoptr(GPtrArray) nodes = _vireo_xml_find_nodes (context, NULL, xpath);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autoptr(VireoXmlChar) value = xmlNodeGetContent (node);

      if (value != NULL && *value != '\0')
        g_strv_builder_add (builder, (const char *) value);
    }

  return g_strv_builder_end (builder);
}

VireoDomainConfig *
vireo_domain_config_parse (const char                  *xml,
                           VireoDomainConfigParseFlags  flags,
                           GError                     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *firmware = NULL;
  g_autofree char *vcpus = NULL;
  g_autofree char *current = NULL;
  g_autofree char *bootmenu = NULL;
  xmlNode *root;

  g_return_val_if_fail (xml != NULL, NULL);

  doc = _vireo_xml_parse (xml, error);
  if (doc == NULL)
    return NULL;

  root = xmlDocGetRootElement (doc);
  if (g_strcmp0 ((const char *) root->name, "domain") != 0)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                   _("The root element is '%s', not 'domain'."), (const char *) root->name);
      return NULL;
    }

  context = _vireo_xml_context_new (doc);
  xmlXPathRegisterNs (context, (const xmlChar *) "libosinfo", (const xmlChar *) LIBOSINFO_NS);

  config = g_new0 (VireoDomainConfig, 1);
  config->name = _vireo_xml_get_string (context, NULL, "string(/domain/name)");
  config->title = _vireo_xml_get_string (context, NULL, "string(/domain/title)");
  config->description = _vireo_xml_get_string (context, NULL, "string(/domain/description)");
  config->uuid = _vireo_xml_get_string (context, NULL, "string(/domain/uuid)");
  config->type = _vireo_xml_get_string (context, NULL, "string(/domain/@type)");
  config->arch = _vireo_xml_get_string (context, NULL, "string(/domain/os/type/@arch)");
  config->machine = _vireo_xml_get_string (context, NULL, "string(/domain/os/type/@machine)");

  /* EFI: <os firmware='efi'> (libvirt ≥ 5.2) or a pflash loader. */
  firmware = _vireo_xml_get_string (context, NULL, "string(/domain/os/@firmware)");
  if (g_strcmp0 (firmware, "efi") == 0 ||
      _vireo_xml_find_node (context, NULL, "/domain/os/loader[@type='pflash']") != NULL)
    config->firmware = VIREO_DOMAIN_FIRMWARE_EFI;
  else
    config->firmware = VIREO_DOMAIN_FIRMWARE_BIOS;

  vcpus = _vireo_xml_get_string (context, NULL, "normalize-space(/domain/vcpu)");
  current = _vireo_xml_get_string (context, NULL, "string(/domain/vcpu/@current)");
  config->vcpus_max = vcpus != NULL ? (guint) MIN (parse_uint (vcpus), G_MAXUINT) : 1;
  config->vcpus = current != NULL ? (guint) MIN (parse_uint (current), G_MAXUINT) : config->vcpus_max;
  config->cpu_mode = _vireo_xml_get_string (context, NULL, "string(/domain/cpu/@mode)");
  if (config->cpu_mode == NULL && _vireo_xml_find_node (context, NULL, "/domain/cpu/model") != NULL)
    config->cpu_mode = g_strdup ("custom");

  config->memory_max_kib = memory_kib (context, "/domain/memory");
  config->memory_kib = memory_kib (context, "/domain/currentMemory");
  if (config->memory_kib == 0)
    config->memory_kib = config->memory_max_kib;

  config->boot_devs = strings_of (context, "/domain/os/boot/@dev");
  bootmenu = _vireo_xml_get_string (context, NULL, "string(/domain/os/bootmenu/@enable)");
  config->boot_menu = is_yes (bootmenu);

  config->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) disk_free);
  nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/disk");
  for (guint i = 0; i < nodes->len; i++)
    g_ptr_array_add (config->disks, parse_disk (context, g_ptr_array_index (nodes, i)));
  g_clear_pointer (&nodes, g_ptr_array_unref);

  config->nics = g_ptr_array_new_with_free_func ((GDestroyNotify) nic_free);
  nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/interface");
  for (guint i = 0; i < nodes->len; i++)
    g_ptr_array_add (config->nics, parse_nic (context, g_ptr_array_index (nodes, i)));
  g_clear_pointer (&nodes, g_ptr_array_unref);

  config->graphics = g_ptr_array_new_with_free_func ((GDestroyNotify) graphics_free);
  nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/graphics");
  for (guint i = 0; i < nodes->len; i++)
    g_ptr_array_add (config->graphics, parse_graphics (context, g_ptr_array_index (nodes, i), flags));
  g_clear_pointer (&nodes, g_ptr_array_unref);

  config->video_model = _vireo_xml_get_string (context, NULL,
                                               "string(/domain/devices/video[model/@primary='yes'][1]/model/@type)");
  if (config->video_model == NULL)
    config->video_model = _vireo_xml_get_string (context, NULL, "string(/domain/devices/video[1]/model/@type)");

  config->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) input_free);
  nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/input");
  for (guint i = 0; i < nodes->len; i++)
    {
      VireoDomainInput *input = g_new0 (VireoDomainInput, 1);

      input->type = _vireo_xml_get_string (context, g_ptr_array_index (nodes, i), "string(@type)");
      input->bus = _vireo_xml_get_string (context, g_ptr_array_index (nodes, i), "string(@bus)");
      g_ptr_array_add (config->inputs, input);
    }
  g_clear_pointer (&nodes, g_ptr_array_unref);

  config->sound_models = strings_of (context, "/domain/devices/sound/@model");

  config->chardevs = g_ptr_array_new_with_free_func ((GDestroyNotify) chardev_free);
  nodes = _vireo_xml_find_nodes (context, NULL,
                                 "/domain/devices/serial | /domain/devices/console | "
                                 "/domain/devices/parallel | /domain/devices/channel");
  for (guint i = 0; i < nodes->len; i++)
    g_ptr_array_add (config->chardevs, parse_chardev (context, g_ptr_array_index (nodes, i)));

  config->os_id = _vireo_xml_get_string (context, NULL,
                                         "string(/domain/metadata/libosinfo:libosinfo/libosinfo:os/@id)");

  return g_steal_pointer (&config);
}

const VireoDomainDisk *
vireo_domain_config_find_disk (const VireoDomainConfig *config,
                               const char              *target)
{
  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; target != NULL && i < config->disks->len; i++)
    {
      const VireoDomainDisk *disk = g_ptr_array_index (config->disks, i);

      if (g_strcmp0 (disk->target, target) == 0)
        return disk;
    }
  return NULL;
}

const VireoDomainNic *
vireo_domain_config_find_nic (const VireoDomainConfig *config,
                              const char              *mac)
{
  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; mac != NULL && i < config->nics->len; i++)
    {
      const VireoDomainNic *nic = g_ptr_array_index (config->nics, i);

      if (nic->mac != NULL && g_ascii_strcasecmp (nic->mac, mac) == 0)
        return nic;
    }
  return NULL;
}
