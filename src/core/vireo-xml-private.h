/* vireo-xml-private.h: libxml2 helpers for editing libvirt XML in place (core-internal)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

G_BEGIN_DECLS

/* Strings libxml2 allocates must go back through xmlFree. */
typedef xmlChar VireoXmlChar;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoXmlChar, xmlFree)

/*
 * Any thread (one document per thread at a time). Documents are parsed as they are, so that
 * elements and attributes Vireo does not know survive an edit; no network access, no entity
 * substitution, no DTD loading, and a document that declares a DOCTYPE (and so could declare
 * entities) is refused. Errors are VIREO_ERROR_INVALID_XML.
 */
xmlDoc          *_vireo_xml_parse            (const char       *xml,
                                              GError          **error);
/* The document without an XML declaration, as libvirt takes it (transfer full). */
char            *_vireo_xml_to_string        (xmlDoc           *doc);
/* An XPath context on @doc. */
xmlXPathContext *_vireo_xml_context_new      (xmlDoc           *doc);

/* The element nodes matching @xpath, evaluated relative to @node (the root when NULL); borrowed
 * pointers into the document, in document order. Never NULL. */
GPtrArray       *_vireo_xml_find_nodes       (xmlXPathContext  *context,
                                              xmlNode          *node,
                                              const char       *xpath);
/* The first of them, or NULL. */
xmlNode         *_vireo_xml_find_node        (xmlXPathContext  *context,
                                              xmlNode          *node,
                                              const char       *xpath);
/* The string value of @xpath ("./source/@file", "string(name)"), NULL when empty or absent. */
char            *_vireo_xml_get_string       (xmlXPathContext  *context,
                                              xmlNode          *node,
                                              const char       *xpath);
/* Removes (and frees) every node matching @xpath; returns how many. */
guint            _vireo_xml_remove_nodes     (xmlXPathContext  *context,
                                              xmlNode          *node,
                                              const char       *xpath);

/* The attribute's value (transfer full), NULL when absent. */
char            *_vireo_xml_get_attribute    (xmlNode          *node,
                                              const char       *name);
/* Sets @name to @value; a NULL @value removes the attribute. */
void             _vireo_xml_set_attribute    (xmlNode          *node,
                                              const char       *name,
                                              const char       *value);
/* Replaces the text of @node with @text, taken literally (no entity references). */
void             _vireo_xml_set_text         (xmlNode          *node,
                                              const char       *text);
/* The first child element called @name, created (appended) when there is none. */
xmlNode         *_vireo_xml_ensure_child     (xmlNode          *parent,
                                              const char       *name);

G_END_DECLS
