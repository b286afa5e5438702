/* vireo-domain-edit-common.c: what every edit of vireo-domain-edit*.c does with the document
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

/*
 * Each edit parses the domain's XML, changes the few nodes it is about and serialises the document
 * again: everything else (unknown elements, custom namespaces, comments) goes back as it came. New
 * elements are indented like their siblings, and a removed element takes its indentation with it,
 * so that the XML tab stays readable.
 */

/* Helpers: documents ---------------------------------------------------------------------------- */

void
_vireo_edit_clear (Edit *edit)
{
  g_clear_pointer (&edit->context, xmlXPathFreeContext);
  g_clear_pointer (&edit->doc, xmlFreeDoc);
}

gboolean
_vireo_edit_init (Edit        *edit,
                  const char  *xml,
                  GError     **error)
{
  g_return_val_if_fail (xml != NULL, FALSE);

  edit->doc = _vireo_xml_parse (xml, error);
  if (edit->doc == NULL)
    return FALSE;
  edit->root = xmlDocGetRootElement (edit->doc);
  if (g_strcmp0 ((const char *) edit->root->name, "domain") != 0)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                   _("The root element is '%s', not 'domain'."), (const char *) edit->root->name);
      return FALSE;
    }
  edit->context = _vireo_xml_context_new (edit->doc);
  return TRUE;
}

char *
_vireo_edit_finish (Edit *edit)
{
  return _vireo_xml_to_string (edit->doc);
}

gboolean
_vireo_edit_invalid (GError     **error,
                     const char  *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

gboolean
_vireo_edit_is_blank_text (xmlNode *node)
{
  return node != NULL && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

gboolean
_vireo_edit_has_name (xmlNode    *node,
                      const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         strcmp ((const char *) node->name, name) == 0;
}

/* The indentation of @node's line: the blank text before it, from its last newline. */
static char *
indentation_of (xmlNode *node)
{
  const char *text;
  const char *newline;

  if (node == NULL || !_vireo_edit_is_blank_text (node->prev) || node->prev->content == NULL)
    return NULL;
  text = (const char *) node->prev->content;
  newline = strrchr (text, '\n');
  return g_strdup (newline != NULL ? newline + 1 : text);
}

static char *
child_indentation (xmlNode *parent)
{
  g_autofree char *own = NULL;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type != XML_TEXT_NODE)
      {
        char *indent = indentation_of (child);

        if (indent != NULL)
          return indent;
      }

  own = indentation_of (parent);
  return g_strconcat (own != NULL ? own : "", "  ", NULL);
}

/* Gives a new subtree's element children their own lines, two spaces deeper per level. */
static void
indent_subtree (xmlNode    *node,
                const char *indent)
{
  g_autofree char *inner = g_strconcat (indent, "  ", NULL);
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  gboolean any = FALSE;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_ptr_array_add (children, child);
      any |= child->type == XML_ELEMENT_NODE;
    }
  if (!any)
    return;

  for (guint i = 0; i < children->len; i++)
    {
      xmlNode *child = g_ptr_array_index (children, i);
      g_autofree char *text = g_strconcat ("\n", inner, NULL);

      xmlAddPrevSibling (child, xmlNewDocText (node->doc, (const xmlChar *) text));
      indent_subtree (child, inner);
    }
  {
    g_autofree char *text = g_strconcat ("\n", indent, NULL);
    xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) text));
  }
}

static gboolean
has_blank_child (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (_vireo_edit_is_blank_text (child))
      return TRUE;
  return FALSE;
}

/* Whether elements added to @parent go on their own lines: not in a document written without any
 * whitespace between elements. */
static gboolean
is_indented (xmlNode *parent)
{
  if (xmlFirstElementChild (parent) != NULL)
    return has_blank_child (parent);
  return has_blank_child (xmlDocGetRootElement (parent->doc));
}

/* Inserts @child into @parent before @before (appends when NULL), on its own line. */
xmlNode *
_vireo_edit_insert_child (xmlNode *parent,
                          xmlNode *child,
                          xmlNode *before)
{
  g_autofree char *indent = NULL;
  g_autofree char *line = NULL;
  gboolean had_children = parent->children != NULL;

  if (!is_indented (parent))
    {
      if (before != NULL)
        return xmlAddPrevSibling (before, child);
      return xmlAddChild (parent, child);
    }

  indent = child_indentation (parent);
  line = g_strconcat ("\n", indent, NULL);
  indent_subtree (child, indent);

  if (before == NULL && parent->last != NULL && _vireo_edit_is_blank_text (parent->last))
    before = parent->last;

  if (before != NULL)
    {
      /* Before @before's own indentation, so that it keeps it. */
      if (_vireo_edit_is_blank_text (before->prev))
        before = before->prev;
      /* The child first: libxml2 merges a text node into a neighbouring one. */
      xmlAddPrevSibling (before, child);
      xmlAddPrevSibling (child, xmlNewDocText (parent->doc, (const xmlChar *) line));
    }
  else
    {
      g_autofree char *own = indentation_of (parent);
      g_autofree char *closing = g_strconcat ("\n", own != NULL ? own : "", NULL);

      if (!had_children || !_vireo_edit_is_blank_text (parent->last))
        xmlAddChild (parent, xmlNewDocText (parent->doc, (const xmlChar *) line));
      xmlAddChild (parent, child);
      if (!had_children)
        xmlAddChild (parent, xmlNewDocText (parent->doc, (const xmlChar *) closing));
    }
  return child;
}

xmlNode *
_vireo_edit_append_child (xmlNode *parent,
                          xmlNode *child)
{
  return _vireo_edit_insert_child (parent, child, NULL);
}

/* Unlinks and frees @node with the indentation before it. */
void
_vireo_edit_remove_node (xmlNode *node)
{
  if (_vireo_edit_is_blank_text (node->prev))
    {
      xmlNode *blank = node->prev;

      xmlUnlinkNode (blank);
      xmlFreeNode (blank);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

xmlNode *
_vireo_edit_element_new (xmlDoc     *doc,
                         const char *name,
                         ...)
{
  xmlNode *node = xmlNewDocNode (doc, NULL, (const xmlChar *) name, NULL);
  const char *attribute;
  va_list args;

  va_start (args, name);
  while ((attribute = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        xmlSetProp (node, (const xmlChar *) attribute, (const xmlChar *) value);
    }
  va_end (args);
  return node;
}

xmlNode *
_vireo_edit_child_element (xmlNode    *parent,
                           const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (_vireo_edit_has_name (child, name))
      return child;
  return NULL;
}

/* The first child element of @parent called @name; created when there is none, before the first
 * of @before (names, NULL-terminated) that exists, else at the end. */
xmlNode *
_vireo_edit_ensure_child_before (xmlNode            *parent,
                                 const char         *name,
                                 const char * const *before)
{
  xmlNode *node = _vireo_edit_child_element (parent, name);

  if (node != NULL)
    return node;

  for (gsize i = 0; before != NULL && before[i] != NULL; i++)
    {
      xmlNode *next = _vireo_edit_child_element (parent, before[i]);

      if (next != NULL)
        return _vireo_edit_insert_child (parent, _vireo_edit_element_new (parent->doc, name, NULL), next);
    }
  return _vireo_edit_append_child (parent, _vireo_edit_element_new (parent->doc, name, NULL));
}

xmlNode *
_vireo_edit_ensure_devices (Edit *edit)
{
  return _vireo_edit_ensure_child_before (edit->root, "devices", (const char *[]) { "seclabel", NULL });
}

char *
_vireo_edit_dup_node_xml (xmlNode *node)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *text;

  xmlNodeDump (buffer, node->doc, node, 0, 0);
  text = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return text;
}

/* Helpers: devices ------------------------------------------------------------------------------ */

xmlNode *
_vireo_edit_find_disk (Edit       *edit,
                       const char *target)
{
  g_autoptr(GPtrArray) disks = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/disk");

  for (guint i = 0; target != NULL && i < disks->len; i++)
    {
      g_autofree char *dev = _vireo_xml_get_string (edit->context, g_ptr_array_index (disks, i),
                                                    "string(target/@dev)");

      if (g_strcmp0 (dev, target) == 0)
        return g_ptr_array_index (disks, i);
    }
  return NULL;
}

gboolean
_vireo_edit_lookup_disk (Edit        *edit,
                         const char  *target,
                         xmlNode    **disk,
                         GError     **error)
{
  if (target == NULL || *target == '\0')
    return _vireo_edit_invalid (error, _("No disk target was given: name the disk by its target, such as 'vda'."));
  *disk = _vireo_edit_find_disk (edit, target);
  if (*disk == NULL)
    return _vireo_edit_invalid (error, _("The VM has no disk with target '%s'."), target);
  return TRUE;
}

xmlNode *
_vireo_edit_find_nic (Edit       *edit,
                      const char *mac)
{
  g_autoptr(GPtrArray) nics = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/interface");

  for (guint i = 0; mac != NULL && i < nics->len; i++)
    {
      g_autofree char *address = _vireo_xml_get_string (edit->context, g_ptr_array_index (nics, i),
                                                        "string(mac/@address)");

      if (address != NULL && g_ascii_strcasecmp (address, mac) == 0)
        return g_ptr_array_index (nics, i);
    }
  return NULL;
}

gboolean
_vireo_edit_lookup_nic (Edit        *edit,
                        const char  *mac,
                        xmlNode    **nic,
                        GError     **error)
{
  if (mac == NULL || *mac == '\0')
    return _vireo_edit_invalid (error, _("No MAC address was given: name the network interface by its MAC address."));
  *nic = _vireo_edit_find_nic (edit, mac);
  if (*nic == NULL)
    return _vireo_edit_invalid (error, _("The VM has no network interface with MAC address '%s'."), mac);
  return TRUE;
}

gboolean
_vireo_edit_lookup_graphics (Edit        *edit,
                             const char  *type,
                             xmlNode    **graphics,
                             GError     **error)
{
  g_autoptr(GPtrArray) nodes = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/graphics");

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *node_type = _vireo_xml_get_attribute (g_ptr_array_index (nodes, i), "type");

      if (type == NULL || g_strcmp0 (node_type, type) == 0)
        {
          *graphics = g_ptr_array_index (nodes, i);
          return TRUE;
        }
    }

  if (type == NULL)
    return _vireo_edit_invalid (error, _("The VM has no graphical display: add one in the XML tab first."));
  return _vireo_edit_invalid (error, _("The VM has no '%s' graphical display."), type);
}

gboolean
_vireo_edit_in_list (const char         *value,
                     const char * const *list)
{
  return value != NULL && g_strv_contains (list, value);
}

char *
_vireo_edit_list_text (const char * const *list)
{
  return g_strjoinv (", ", (char **) list);
}
