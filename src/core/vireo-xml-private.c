/* vireo-xml-private.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-xml"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xmlsave.h>

#include "vireo-error.h"
#include "vireo-xml-private.h"

/*
 * Vireo edits libvirt's XML in place: parse, change a few nodes, serialise. Everything it does not
 * touch, including elements newer than Vireo, goes back to libvirt as it came.
 *
 * The XML comes from a daemon, possibly a remote one: parsing never reaches the network
 * (XML_PARSE_NONET), never substitutes entities (no XML_PARSE_NOENT) nor loads a DTD (no
 * XML_PARSE_DTDLOAD/DTDATTR), and refuses any document with a DOCTYPE, which libvirt never sends.
 */

static void
ensure_initialised (void)
{
  static gsize initialised = 0;

  /* libxml2 wants its globals set up once before threads use it. */
  if (g_once_init_enter (&initialised))
    {
      xmlInitParser ();
      g_once_init_leave (&initialised, 1);
    }
}

/**
 * _vireo_xml_parse:
 * @xml: a document
 * @error: return location for a %VIREO_ERROR_INVALID_XML
 *
 * Any thread.
 *
 * Returns: (transfer full) (nullable): the document
 */
xmlDoc *
_vireo_xml_parse (const char  *xml,
                  GError     **error)
{
  xmlParserCtxtPtr parser;
  xmlDoc *doc;
  gsize length;

  g_return_val_if_fail (xml != NULL, NULL);

  ensure_initialised ();

  /* Refused before libxml2 sees them: nothing to expand, nothing to fetch. */
  if (strstr (xml, "<!DOCTYPE") != NULL || strstr (xml, "<!ENTITY") != NULL)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                           _("The XML declares a document type or entities, which is not accepted."));
      return NULL;
    }

  length = strlen (xml);
  if (length > G_MAXINT)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML, _("The XML is too large."));
      return NULL;
    }

  parser = xmlNewParserCtxt ();
  if (parser == NULL)
    g_error ("libxml2 could not allocate a parser");

  doc = xmlCtxtReadMemory (parser, xml, (int) length, "vireo.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL || xmlDocGetRootElement (doc) == NULL)
    {
      xmlErrorPtr last = xmlCtxtGetLastError (parser);
      g_autofree char *reason = g_strdup (last != NULL && last->message != NULL ? last->message : "");

      g_strstrip (reason);
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML, _("The XML is not valid: %s"),
                   *reason != '\0' ? reason : _("empty document"));
      g_clear_pointer (&doc, xmlFreeDoc);
      xmlFreeParserCtxt (parser);
      return NULL;
    }
  xmlFreeParserCtxt (parser);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                           _("The XML declares a document type or entities, which is not accepted."));
      xmlFreeDoc (doc);
      return NULL;
    }

  return doc;
}

/**
 * _vireo_xml_to_string:
 * @doc: a document
 *
 * Returns: (transfer full): @doc as text, without an XML declaration
 */
char *
_vireo_xml_to_string (xmlDoc *doc)
{
  xmlBufferPtr buffer;
  xmlSaveCtxtPtr save;
  char *text;

  g_return_val_if_fail (doc != NULL, NULL);

  buffer = xmlBufferCreate ();
  save = xmlSaveToBuffer (buffer, "UTF-8", XML_SAVE_NO_DECL);
  xmlSaveDoc (save, doc);
  xmlSaveClose (save);
  text = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);

  return text;
}

xmlXPathContext *
_vireo_xml_context_new (xmlDoc *doc)
{
  xmlXPathContext *context;

  g_return_val_if_fail (doc != NULL, NULL);

  context = xmlXPathNewContext (doc);
  if (context == NULL)
    g_error ("libxml2 could not allocate an XPath context");
  return context;
}

static xmlXPathObject *
evaluate (xmlXPathContext *context,
          xmlNode         *node,
          const char      *xpath)
{
  context->node = node != NULL ? node : xmlDocGetRootElement (context->doc);
  return xmlXPathEval ((const xmlChar *) xpath, context);
}

GPtrArray *
_vireo_xml_find_nodes (xmlXPathContext *context,
                       xmlNode         *node,
                       const char      *xpath)
{
  g_autoptr(xmlXPathObject) result = NULL;
  GPtrArray *nodes = g_ptr_array_new ();

  g_return_val_if_fail (context != NULL, nodes);
  g_return_val_if_fail (xpath != NULL, nodes);

  result = evaluate (context, node, xpath);
  if (result == NULL || result->type != XPATH_NODESET || result->nodesetval == NULL)
    return nodes;

  for (int i = 0; i < result->nodesetval->nodeNr; i++)
    g_ptr_array_add (nodes, result->nodesetval->nodeTab[i]);

  return nodes;
}

xmlNode *
_vireo_xml_find_node (xmlXPathContext *context,
                      xmlNode         *node,
                      const char      *xpath)
{
  g_autoptr(GPtrArray) nodes = _vireo_xml_find_nodes (context, node, xpath);

  return nodes->len > 0 ? g_ptr_array_index (nodes, 0) : NULL;
}

char *
_vireo_xml_get_string (xmlXPathContext *context,
                       xmlNode         *node,
                       const char      *xpath)
{
  g_autoptr(xmlXPathObject) result = NULL;
  g_autoptr(VireoXmlChar) value = NULL;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (xpath != NULL, NULL);

  result = evaluate (context, node, xpath);
  if (result == NULL)
    return NULL;

  value = xmlXPathCastToString (result);
  if (value == NULL || *value == '\0')
    return NULL;

  return g_strdup ((const char *) value);
}

static gboolean
has_ancestor_in (xmlNode    *node,
                 GHashTable *set)
{
  for (xmlNode *parent = node->parent; parent != NULL; parent = parent->parent)
    if (g_hash_table_contains (set, parent))
      return TRUE;
  return FALSE;
}

guint
_vireo_xml_remove_nodes (xmlXPathContext *context,
                         xmlNode         *node,
                         const char      *xpath)
{
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(GPtrArray) victims = NULL;
  guint removed = 0;

  g_return_val_if_fail (context != NULL, 0);
  g_return_val_if_fail (xpath != NULL, 0);

  nodes = _vireo_xml_find_nodes (context, node, xpath);
  set = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < nodes->len; i++)
    g_hash_table_add (set, g_ptr_array_index (nodes, i));

  /* Decide everything before freeing anything: a match inside another one goes with it. */
  victims = g_ptr_array_new ();
  for (guint i = 0; i < nodes->len; i++)
    if (!has_ancestor_in (g_ptr_array_index (nodes, i), set))
      g_ptr_array_add (victims, g_ptr_array_index (nodes, i));

  for (guint i = 0; i < victims->len; i++)
    {
      xmlNode *victim = g_ptr_array_index (victims, i);

      if (victim->type == XML_ATTRIBUTE_NODE)
        xmlRemoveProp ((xmlAttr *) victim);
      else if (victim->type == XML_ELEMENT_NODE || victim->type == XML_TEXT_NODE ||
               victim->type == XML_COMMENT_NODE || victim->type == XML_CDATA_SECTION_NODE)
        {
          xmlUnlinkNode (victim);
          xmlFreeNode (victim);
        }
      else
        continue;
      removed++;
    }

  return removed;
}

char *
_vireo_xml_get_attribute (xmlNode    *node,
                          const char *name)
{
  g_autoptr(VireoXmlChar) value = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  value = xmlGetNoNsProp (node, (const xmlChar *) name);
  return value != NULL ? g_strdup ((const char *) value) : NULL;
}

void
_vireo_xml_set_attribute (xmlNode    *node,
                          const char *name,
                          const char *value)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (name != NULL);

  if (value == NULL)
    xmlUnsetProp (node, (const xmlChar *) name);
  else
    /* The value is taken as text: serialising escapes it. */
    xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
}

void
_vireo_xml_set_text (xmlNode    *node,
                     const char *text)
{
  g_return_if_fail (node != NULL);

  xmlNodeSetContent (node, NULL);
  if (text != NULL)
    xmlNodeAddContent (node, (const xmlChar *) text);
}

xmlNode *
_vireo_xml_ensure_child (xmlNode    *parent,
                         const char *name)
{
  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && child->ns == NULL &&
        g_strcmp0 ((const char *) child->name, name) == 0)
      return child;

  return xmlNewChild (parent, NULL, (const xmlChar *) name, NULL);
}
