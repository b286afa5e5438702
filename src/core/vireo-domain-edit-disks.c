/* vireo-domain-edit-disks.c: disks and CD-ROM media
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-edit"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "vireo-domain-edit.h"
#include "vireo-domain-edit-private.h"
#include "vireo-error.h"
#include "vireo-xml-private.h"

/* Disks ----------------------------------------------------------------------------------------- */

static const char *
target_prefix (const char *bus)
{
  if (strcmp (bus, "virtio") == 0)
    return "vd";
  if (strcmp (bus, "ide") == 0)
    return "hd";
  if (strcmp (bus, "fdc") == 0)
    return "fd";
  if (strcmp (bus, "xen") == 0)
    return "xvd";
  return "sd";
}

/* libvirt's disk names: a…z, aa…az, ba… for index 0, 1, … */
static char *
target_name (const char *prefix,
             guint       index)
{
  GString *name = g_string_new (NULL);
  guint n = index;

  do
    {
      g_string_prepend_c (name, (char) ('a' + n % 26));
      n = n / 26;
    }
  while (n-- > 0);

  g_string_prepend (name, prefix);
  return g_string_free (name, FALSE);
}

static gboolean
check_absolute_path (const char  *path,
                     GError     **error)
{
  if (*path == '\0')
    return _vireo_edit_invalid (error, _("The path is empty: choose a file or a storage volume."));
  if (!g_path_is_absolute (path))
    return _vireo_edit_invalid (error, _("The path '%s' is not absolute: give the full path, starting with '/'."), path);
  return TRUE;
}

char *
vireo_domain_edit_add_disk (const char                *xml,
                            const VireoDomainDiskSpec *spec,
                            char                     **target_out,
                            GError                   **error)
{
  static const char * const buses[] = { "virtio", "sata", "scsi", "ide", "usb", "fdc", NULL };
  g_auto(Edit) edit = { 0 };
  g_autofree char *target = NULL;
  const char *device;
  const char *bus;
  const char *type;
  gboolean cdrom;
  xmlNode *disk;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;

  device = spec->device != NULL ? spec->device : "disk";
  if (strcmp (device, "disk") != 0 && strcmp (device, "cdrom") != 0 && strcmp (device, "floppy") != 0)
    {
      _vireo_edit_invalid (error, _("'%s' is not a disk device: choose 'disk' or 'cdrom'."), device);
      return NULL;
    }
  cdrom = strcmp (device, "cdrom") == 0;
  bus = spec->bus != NULL ? spec->bus : strcmp (device, "floppy") == 0 ? "fdc" : cdrom ? "sata" : "virtio";
  if (!_vireo_edit_in_list (bus, buses))
    {
      g_autofree char *names = _vireo_edit_list_text (buses);

      _vireo_edit_invalid (error, _("'%s' is not a disk bus: choose one of %s."), bus, names);
      return NULL;
    }
  if (cdrom && strcmp (bus, "virtio") == 0)
    {
      _vireo_edit_invalid (error, _("A CD-ROM cannot be on the virtio bus: choose 'sata', 'scsi' or 'ide'."));
      return NULL;
    }

  if (strcmp (bus, "ide") == 0)
    {
      g_autofree char *machine = _vireo_xml_get_string (edit.context, NULL, "string(/domain/os/type/@machine)");

      if (machine != NULL && strstr (machine, "q35") != NULL)
        {
          _vireo_edit_invalid (error, _("The machine type '%s' has no IDE bus: choose 'sata' instead."), machine);
          return NULL;
        }
    }

  if (spec->pool != NULL || spec->volume != NULL)
    {
      if (spec->pool == NULL || *spec->pool == '\0' || spec->volume == NULL || *spec->volume == '\0')
        {
          _vireo_edit_invalid (error, _("A storage volume needs both its pool and its name."));
          return NULL;
        }
      type = "volume";
    }
  else if (spec->path != NULL)
    {
      if (!check_absolute_path (spec->path, error))
        return NULL;
      type = g_str_has_prefix (spec->path, "/dev/") ? "block" : "file";
    }
  else if (cdrom)
    type = "file";
  else
    {
      _vireo_edit_invalid (error, _("The disk has no path: choose a file or a storage volume."));
      return NULL;
    }

  if (spec->format != NULL && (*spec->format == '\0' || strpbrk (spec->format, " <>&'\"") != NULL))
    {
      _vireo_edit_invalid (error, _("'%s' is not a disk format: use one such as 'qcow2' or 'raw'."), spec->format);
      return NULL;
    }

  if (spec->target != NULL)
    {
      if (*spec->target == '\0')
        {
          _vireo_edit_invalid (error, _("The disk target is empty: give one such as 'vdb', or none to choose a free one."));
          return NULL;
        }
      if (_vireo_edit_find_disk (&edit, spec->target) != NULL)
        {
          _vireo_edit_invalid (error, _("The target '%s' is already taken by another disk: choose another one, or none "
                            "to get a free one."), spec->target);
          return NULL;
        }
      target = g_strdup (spec->target);
    }
  else
    {
      for (guint i = 0; target == NULL; i++)
        {
          g_autofree char *name = target_name (target_prefix (bus), i);

          if (_vireo_edit_find_disk (&edit, name) == NULL)
            target = g_steal_pointer (&name);
        }
    }

  disk = _vireo_edit_element_new (edit.doc, "disk", "type", type, "device", device, NULL);
  xmlAddChild (disk, _vireo_edit_element_new (edit.doc, "driver", "name", "qemu",
                                  "type", spec->format != NULL ? spec->format : "raw", NULL));
  if (strcmp (type, "volume") == 0)
    xmlAddChild (disk, _vireo_edit_element_new (edit.doc, "source", "pool", spec->pool, "volume", spec->volume, NULL));
  else if (spec->path != NULL)
    xmlAddChild (disk, _vireo_edit_element_new (edit.doc, "source",
                                    strcmp (type, "block") == 0 ? "dev" : "file", spec->path, NULL));
  xmlAddChild (disk, _vireo_edit_element_new (edit.doc, "target", "dev", target, "bus", bus, NULL));
  if (cdrom || spec->readonly)
    xmlAddChild (disk, _vireo_edit_element_new (edit.doc, "readonly", NULL));

  _vireo_edit_append_child (_vireo_edit_ensure_devices (&edit), disk);

  if (target_out != NULL)
    *target_out = g_steal_pointer (&target);
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_remove_disk (const char  *xml,
                               const char  *target,
                               GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *disk;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_disk (&edit, target, &disk, error))
    return NULL;

  _vireo_edit_remove_node (disk);
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_change_media (const char  *xml,
                                const char  *target,
                                const char  *path,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *device = NULL;
  g_autofree char *type = NULL;
  xmlNode *disk;
  xmlNode *source;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_disk (&edit, target, &disk, error))
    return NULL;

  device = _vireo_xml_get_attribute (disk, "device");
  if (g_strcmp0 (device, "cdrom") != 0 && g_strcmp0 (device, "floppy") != 0)
    {
      _vireo_edit_invalid (error, _("The disk '%s' is not a CD-ROM or floppy drive: its media cannot be changed."), target);
      return NULL;
    }
  if (path != NULL && !check_absolute_path (path, error))
    return NULL;

  source = _vireo_edit_child_element (disk, "source");
  if (path == NULL)
    {
      if (source != NULL)
        _vireo_edit_remove_node (source);
      return _vireo_edit_finish (&edit);
    }

  type = _vireo_xml_get_attribute (disk, "type");
  {
    const char *new_type = g_str_has_prefix (path, "/dev/") ? "block" : "file";

    if (g_strcmp0 (type, new_type) != 0)
      {
        /* Another kind of source: its old attributes (pool, protocol …) mean nothing now. */
        _vireo_xml_set_attribute (disk, "type", new_type);
        if (source != NULL)
          {
            _vireo_edit_remove_node (source);
            source = NULL;
          }
      }
    if (source == NULL)
      {
        xmlNode *before = _vireo_edit_child_element (disk, "target");

        source = _vireo_edit_insert_child (disk, _vireo_edit_element_new (edit.doc, "source", NULL), before);
      }
    _vireo_xml_set_attribute (source, strcmp (new_type, "block") == 0 ? "dev" : "file", path);
  }

  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_dup_disk_xml (const char  *xml,
                                const char  *target,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *disk;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_disk (&edit, target, &disk, error))
    return NULL;
  return _vireo_edit_dup_node_xml (disk);
}
