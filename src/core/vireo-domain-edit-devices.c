/* vireo-domain-edit-devices.c: graphics, video, input, sound and serial console
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

/* Graphics and video ---------------------------------------------------------------------------- */

char *
vireo_domain_edit_set_graphics_listen (const char  *xml,
                                       const char  *type,
                                       const char  *address,
                                       GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *graphics;
  xmlNode *listen;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_graphics (&edit, type, &graphics, error))
    return NULL;

  if (address != NULL && *address != '\0')
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

      if (inet == NULL)
        {
          _vireo_edit_invalid (error, _("'%s' is not an IP address: give one such as '127.0.0.1' or '0.0.0.0'."), address);
          return NULL;
        }
    }
  else
    address = NULL;

  listen = _vireo_edit_child_element (graphics, "listen");
  if (address == NULL)
    {
      xmlUnsetProp (graphics, (const xmlChar *) "listen");
      if (listen != NULL)
        {
          g_autofree char *listen_type = _vireo_xml_get_attribute (listen, "type");

          if (g_strcmp0 (listen_type, "address") == 0)
            _vireo_edit_remove_node (listen);
        }
      return _vireo_edit_finish (&edit);
    }

  if (xmlHasProp (graphics, (const xmlChar *) "listen") != NULL || listen == NULL)
    _vireo_xml_set_attribute (graphics, "listen", address);
  if (listen != NULL)
    {
      /* libvirt wants the attribute and the first <listen> to agree. */
      _vireo_xml_set_attribute (listen, "type", "address");
      _vireo_xml_set_attribute (listen, "address", address);
      xmlUnsetProp (listen, (const xmlChar *) "network");
      xmlUnsetProp (listen, (const xmlChar *) "socket");
    }

  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_graphics_port (const char  *xml,
                                     const char  *type,
                                     int          port,
                                     GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *graphics_type = NULL;
  g_autofree char *text = NULL;
  xmlNode *graphics;
  int lowest;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_graphics (&edit, type, &graphics, error))
    return NULL;

  graphics_type = _vireo_xml_get_attribute (graphics, "type");
  lowest = g_strcmp0 (graphics_type, "vnc") == 0 ? 5900 : 1;
  if (port != -1 && (port < lowest || port > 65535))
    {
      _vireo_edit_invalid (error, _("The port %d is out of range: choose one from %d to 65535, or an automatic port."),
               port, lowest);
      return NULL;
    }

  text = g_strdup_printf ("%d", port);
  _vireo_xml_set_attribute (graphics, "port", text);
  _vireo_xml_set_attribute (graphics, "autoport", port == -1 ? "yes" : "no");
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_graphics_password (const char  *xml,
                                         const char  *type,
                                         const char  *password,
                                         GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *graphics;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_graphics (&edit, type, &graphics, error))
    return NULL;

  if (password != NULL && *password == '\0')
    {
      _vireo_edit_invalid (error, _("The password is empty: type one, or clear the password to remove it."));
      return NULL;
    }
  _vireo_xml_set_attribute (graphics, "passwd", password);
  if (password == NULL)
    xmlUnsetProp (graphics, (const xmlChar *) "passwdValidTo");
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_video_model (const char  *xml,
                                   const char  *model,
                                   GError     **error)
{
  static const char * const models[] = { "virtio", "qxl", "vga", "cirrus", "bochs", "ramfb", "vmvga",
                                         "none", NULL };
  static const char * const sizes[] = { "ram", "vram", "vram64", "vgamem", NULL };
  g_auto(Edit) edit = { 0 };
  xmlNode *video;
  xmlNode *node;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;

  if (!_vireo_edit_in_list (model, models))
    {
      g_autofree char *names = _vireo_edit_list_text (models);

      _vireo_edit_invalid (error, _("'%s' is not a video model: choose one of %s."), model != NULL ? model : "", names);
      return NULL;
    }

  video = _vireo_xml_find_node (edit.context, NULL, "/domain/devices/video[model/@primary='yes']");
  if (video == NULL)
    video = _vireo_xml_find_node (edit.context, NULL, "/domain/devices/video");
  if (video == NULL)
    {
      video = _vireo_edit_append_child (_vireo_edit_ensure_devices (&edit), _vireo_edit_element_new (edit.doc, "video", NULL));
      node = _vireo_edit_append_child (video, _vireo_edit_element_new (edit.doc, "model", NULL));
    }
  else
    {
      g_autofree char *old = NULL;

      node = _vireo_edit_child_element (video, "model");
      if (node == NULL)
        node = _vireo_edit_append_child (video, _vireo_edit_element_new (edit.doc, "model", NULL));
      old = _vireo_xml_get_attribute (node, "type");
      if (g_strcmp0 (old, model) != 0)
        {
          for (gsize i = 0; sizes[i] != NULL; i++)
            xmlUnsetProp (node, (const xmlChar *) sizes[i]);
        }
    }
  _vireo_xml_set_attribute (node, "type", model);
  return _vireo_edit_finish (&edit);
}

/* Input, sound, serial -------------------------------------------------------------------------- */

#define TABLET_XPATH "/domain/devices/input[@type='tablet' and @bus='usb']"

char *
vireo_domain_edit_add_tablet (const char  *xml,
                              GError     **error)
{
  g_auto(Edit) edit = { 0 };

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;
  if (_vireo_xml_find_node (edit.context, NULL, TABLET_XPATH) != NULL)
    {
      _vireo_edit_invalid (error, _("The VM already has a USB tablet."));
      return NULL;
    }
  _vireo_edit_append_child (_vireo_edit_ensure_devices (&edit), _vireo_edit_element_new (edit.doc, "input", "type", "tablet", "bus", "usb", NULL));
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_remove_tablet (const char  *xml,
                                 GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *tablet;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;
  tablet = _vireo_xml_find_node (edit.context, NULL, TABLET_XPATH);
  if (tablet == NULL)
    {
      _vireo_edit_invalid (error, _("The VM has no USB tablet to remove."));
      return NULL;
    }
  _vireo_edit_remove_node (tablet);
  return _vireo_edit_finish (&edit);
}

static const char * const sound_models[] = { "ich9", "ich6", "ich7", "ac97", "es1370", "sb16", "pcspk",
                                             "usb", NULL };

static gboolean
check_sound_model (const char  *model,
                   GError     **error)
{
  if (!_vireo_edit_in_list (model, sound_models))
    {
      g_autofree char *names = _vireo_edit_list_text (sound_models);

      return _vireo_edit_invalid (error, _("'%s' is not a sound model: choose one of %s."), model != NULL ? model : "",
                      names);
    }
  return TRUE;
}

char *
vireo_domain_edit_add_sound (const char  *xml,
                             const char  *model,
                             GError     **error)
{
  g_auto(Edit) edit = { 0 };

  if (!_vireo_edit_init (&edit, xml, error) || !check_sound_model (model, error))
    return NULL;
  _vireo_edit_append_child (_vireo_edit_ensure_devices (&edit), _vireo_edit_element_new (edit.doc, "sound", "model", model, NULL));
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_remove_sound (const char  *xml,
                                const char  *model,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *xpath = NULL;
  xmlNode *sound;

  if (!_vireo_edit_init (&edit, xml, error) || !check_sound_model (model, error))
    return NULL;
  xpath = g_strdup_printf ("/domain/devices/sound[@model='%s']", model);
  sound = _vireo_xml_find_node (edit.context, NULL, xpath);
  if (sound == NULL)
    {
      _vireo_edit_invalid (error, _("The VM has no '%s' sound device to remove."), model);
      return NULL;
    }
  _vireo_edit_remove_node (sound);
  return _vireo_edit_finish (&edit);
}

#define PTY_SERIAL_XPATH "/domain/devices/serial[@type='pty']"
#define PTY_CONSOLE_XPATH "/domain/devices/console[@type='pty' and (not(target/@type) or target/@type='serial')]"

char *
vireo_domain_edit_add_serial_console (const char  *xml,
                                      GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *port_text = NULL;
  xmlNode *devices;
  xmlNode *serial;
  guint port = 0;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;
  if (_vireo_xml_find_node (edit.context, NULL, PTY_SERIAL_XPATH) != NULL)
    {
      _vireo_edit_invalid (error, _("The VM already has a serial console."));
      return NULL;
    }

  /* The first serial port number no other serial device uses. */
  for (;; port++)
    {
      g_autofree char *xpath = g_strdup_printf ("/domain/devices/serial[target/@port='%u']", port);

      if (_vireo_xml_find_node (edit.context, NULL, xpath) == NULL)
        break;
    }
  port_text = g_strdup_printf ("%u", port);

  devices = _vireo_edit_ensure_devices (&edit);
  serial = _vireo_edit_element_new (edit.doc, "serial", "type", "pty", NULL);
  xmlAddChild (serial, _vireo_edit_element_new (edit.doc, "target", "port", port_text, NULL));
  _vireo_edit_append_child (devices, serial);

  if (_vireo_xml_find_node (edit.context, NULL, "/domain/devices/console") == NULL)
    {
      xmlNode *console = _vireo_edit_element_new (edit.doc, "console", "type", "pty", NULL);

      xmlAddChild (console, _vireo_edit_element_new (edit.doc, "target", "type", "serial", "port", port_text, NULL));
      _vireo_edit_append_child (devices, console);
    }

  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_remove_serial_console (const char  *xml,
                                         GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autoptr(GPtrArray) nodes = NULL;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;
  nodes = _vireo_xml_find_nodes (edit.context, NULL, PTY_SERIAL_XPATH " | " PTY_CONSOLE_XPATH);
  if (nodes->len == 0)
    {
      _vireo_edit_invalid (error, _("The VM has no serial console to remove."));
      return NULL;
    }
  for (guint i = 0; i < nodes->len; i++)
    _vireo_edit_remove_node (g_ptr_array_index (nodes, i));
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_dup_tablet_xml (const char  *xml,
                                  GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *tablet;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;
  tablet = _vireo_xml_find_node (edit.context, NULL, TABLET_XPATH);
  if (tablet == NULL)
    {
      _vireo_edit_invalid (error, _("The VM has no USB tablet."));
      return NULL;
    }
  return _vireo_edit_dup_node_xml (tablet);
}
