/* vireo-domain-edit-nics.c: network interfaces
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

/* NICs ------------------------------------------------------------------------------------------ */

gboolean
vireo_domain_edit_mac_is_valid (const char *mac)
{
  guint8 octets[6];
  gboolean zero = TRUE;

  if (mac == NULL || strlen (mac) != 17)
    return FALSE;

  for (int i = 0; i < 6; i++)
    {
      const char *p = mac + i * 3;

      if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]) || (i < 5 && p[2] != ':'))
        return FALSE;
      octets[i] = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
      zero &= octets[i] == 0;
    }

  /* The low bit of the first octet marks a multicast address, which no NIC can have. */
  return !zero && (octets[0] & 1) == 0;
}

static gboolean
mac_is_used (Edit               *edit,
             const char         *mac,
             const char * const *used_macs)
{
  for (gsize i = 0; used_macs != NULL && used_macs[i] != NULL; i++)
    if (g_ascii_strcasecmp (used_macs[i], mac) == 0)
      return TRUE;
  return _vireo_edit_find_nic (edit, mac) != NULL;
}

static gboolean
check_mac (Edit               *edit,
           const char         *mac,
           const char * const *used_macs,
           GError            **error)
{
  if (!vireo_domain_edit_mac_is_valid (mac))
    return _vireo_edit_invalid (error, _("'%s' is not a valid MAC address: write six pairs of hexadecimal digits "
                             "separated by colons, such as '52:54:00:12:34:56', with an even first pair."),
                    mac);
  if (mac_is_used (edit, mac, used_macs))
    return _vireo_edit_invalid (error, _("The MAC address '%s' is already used by a network interface on this connection: "
                             "choose another one, or leave it empty to get a new one."), mac);
  return TRUE;
}

static char *
new_mac (Edit               *edit,
         const char * const *used_macs)
{
  for (;;)
    {
      guint32 random = g_random_int ();
      g_autofree char *mac = g_strdup_printf ("52:54:00:%02x:%02x:%02x",
                                              (random >> 16) & 0xff, (random >> 8) & 0xff, random & 0xff);

      if (!mac_is_used (edit, mac, used_macs))
        return g_steal_pointer (&mac);
    }
}

static gboolean
check_model (const char  *model,
             GError     **error)
{
  if (model == NULL || *model == '\0')
    return _vireo_edit_invalid (error, _("No network model was given: choose one such as 'virtio' or 'e1000e'."));
  for (const char *p = model; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != ',')
      return _vireo_edit_invalid (error, _("'%s' is not a network model: choose one such as 'virtio' or 'e1000e'."), model);
  return TRUE;
}

/* A new <source> for @type. */
static xmlNode *
nic_source_new (xmlDoc      *doc,
                const char  *type,
                const char  *source,
                const char  *source_mode,
                GError     **error)
{
  static const char * const modes[] = { "bridge", "vepa", "private", "passthrough", NULL };

  if (type == NULL)
    type = "network";
  if (source == NULL || *source == '\0')
    {
      _vireo_edit_invalid (error, _("The network source is empty: choose a virtual network, a bridge or a host device."));
      return NULL;
    }
  if (strcmp (type, "network") == 0)
    return _vireo_edit_element_new (doc, "source", "network", source, NULL);
  if (strcmp (type, "bridge") == 0)
    return _vireo_edit_element_new (doc, "source", "bridge", source, NULL);
  if (strcmp (type, "direct") == 0)
    {
      if (source_mode == NULL)
        source_mode = "bridge";
      if (!_vireo_edit_in_list (source_mode, modes))
        {
          g_autofree char *names = _vireo_edit_list_text (modes);

          _vireo_edit_invalid (error, _("'%s' is not a macvtap mode: choose one of %s."), source_mode, names);
          return NULL;
        }
      return _vireo_edit_element_new (doc, "source", "dev", source, "mode", source_mode, NULL);
    }

  _vireo_edit_invalid (error, _("'%s' is not a network source type: choose 'network', 'bridge' or 'direct'."), type);
  return NULL;
}

char *
vireo_domain_edit_add_nic (const char               *xml,
                           const VireoDomainNicSpec *spec,
                           const char * const       *used_macs,
                           char                    **mac_out,
                           GError                  **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *mac = NULL;
  const char *type;
  xmlNode *source;
  xmlNode *nic;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;

  type = spec->type != NULL ? spec->type : "network";
  if (spec->mac != NULL && !check_mac (&edit, spec->mac, used_macs, error))
    return NULL;
  if (!check_model (spec->model != NULL ? spec->model : "virtio", error))
    return NULL;
  source = nic_source_new (edit.doc, type, spec->source, spec->source_mode, error);
  if (source == NULL)
    return NULL;

  mac = spec->mac != NULL ? g_ascii_strdown (spec->mac, -1) : new_mac (&edit, used_macs);
  nic = _vireo_edit_element_new (edit.doc, "interface", "type", type, NULL);
  xmlAddChild (nic, _vireo_edit_element_new (edit.doc, "mac", "address", mac, NULL));
  xmlAddChild (nic, source);
  xmlAddChild (nic, _vireo_edit_element_new (edit.doc, "model", "type", spec->model != NULL ? spec->model : "virtio", NULL));
  _vireo_edit_append_child (_vireo_edit_ensure_devices (&edit), nic);

  if (mac_out != NULL)
    *mac_out = g_steal_pointer (&mac);
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_remove_nic (const char  *xml,
                              const char  *mac,
                              GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_nic (&edit, mac, &nic, error))
    return NULL;

  _vireo_edit_remove_node (nic);
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_nic_model (const char  *xml,
                                 const char  *mac,
                                 const char  *model,
                                 GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;
  xmlNode *node;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_nic (&edit, mac, &nic, error) || !check_model (model, error))
    return NULL;

  node = _vireo_edit_child_element (nic, "model");
  if (node == NULL)
    node = _vireo_edit_append_child (nic, _vireo_edit_element_new (edit.doc, "model", NULL));
  _vireo_xml_set_attribute (node, "type", model);
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_nic_link (const char  *xml,
                                const char  *mac,
                                gboolean     up,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;
  xmlNode *link;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_nic (&edit, mac, &nic, error))
    return NULL;

  link = _vireo_edit_child_element (nic, "link");
  if (link == NULL)
    link = _vireo_edit_append_child (nic, _vireo_edit_element_new (edit.doc, "link", NULL));
  _vireo_xml_set_attribute (link, "state", up ? "up" : "down");
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_nic_source (const char  *xml,
                                  const char  *mac,
                                  const char  *type,
                                  const char  *source,
                                  const char  *source_mode,
                                  GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *old_type = NULL;
  xmlNode *nic;
  xmlNode *node;
  xmlNode *old;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_nic (&edit, mac, &nic, error))
    return NULL;

  node = nic_source_new (edit.doc, type, source, source_mode, error);
  if (node == NULL)
    return NULL;

  old_type = _vireo_xml_get_attribute (nic, "type");
  old = _vireo_edit_child_element (nic, "source");
  if (old != NULL && g_strcmp0 (old_type, type) == 0)
    {
      /* Same kind of source: change its attributes, keep the others (portgroup …). */
      for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next)
        {
          g_autoptr(VireoXmlChar) value = xmlNodeGetContent ((xmlNode *) attribute);

          xmlSetProp (old, attribute->name, value);
        }
      xmlFreeNode (node);
    }
  else
    {
      _vireo_xml_set_attribute (nic, "type", type);
      if (old != NULL)
        {
          xmlNode *next = xmlNextElementSibling (old);

          _vireo_edit_remove_node (old);
          _vireo_edit_insert_child (nic, node, next);
        }
      else
        _vireo_edit_insert_child (nic, node, _vireo_edit_child_element (nic, "model"));
    }

  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_dup_nic_xml (const char  *xml,
                               const char  *mac,
                               GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;

  if (!_vireo_edit_init (&edit, xml, error) || !_vireo_edit_lookup_nic (&edit, mac, &nic, error))
    return NULL;
  return _vireo_edit_dup_node_xml (nic);
}
