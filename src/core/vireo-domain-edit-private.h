/* vireo-domain-edit-private.h: what the vireo-domain-edit*.c files share
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <glib.h>

G_BEGIN_DECLS

/* A domain document being edited. */
typedef struct
{
  xmlDoc          *doc;
  xmlXPathContext *context;
  xmlNode         *root;
} Edit;

void      _vireo_edit_clear               (Edit                *edit);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Edit, _vireo_edit_clear)

/* Parses @xml (a <domain>); VIREO_ERROR_INVALID_XML otherwise. */
gboolean  _vireo_edit_init                (Edit                *edit,
                                           const char          *xml,
                                           GError             **error);
char     *_vireo_edit_finish              (Edit                *edit);
/* Sets VIREO_ERROR_INVALID_ARGUMENT; returns FALSE. */
gboolean  _vireo_edit_invalid             (GError             **error,
                                           const char          *format,
                                           ...) G_GNUC_PRINTF (2, 3);

gboolean  _vireo_edit_is_blank_text       (xmlNode             *node);
gboolean  _vireo_edit_has_name            (xmlNode             *node,
                                           const char          *name);
/* Inserts @child before @before (appends when NULL), on its own line, indented like its siblings. */
xmlNode  *_vireo_edit_insert_child        (xmlNode             *parent,
                                           xmlNode             *child,
                                           xmlNode             *before);
xmlNode  *_vireo_edit_append_child        (xmlNode             *parent,
                                           xmlNode             *child);
/* Unlinks and frees @node with the indentation before it. */
void      _vireo_edit_remove_node         (xmlNode             *node);
/* A new element with attributes given as name/value pairs up to NULL (a NULL value skips one). */
xmlNode  *_vireo_edit_element_new         (xmlDoc              *doc,
                                           const char          *name,
                                           ...) G_GNUC_NULL_TERMINATED;
xmlNode  *_vireo_edit_child_element       (xmlNode             *parent,
                                           const char          *name);
/* The first child element @name of @parent, created before the first of @before when missing. */
xmlNode  *_vireo_edit_ensure_child_before (xmlNode             *parent,
                                           const char          *name,
                                           const char * const  *before);
xmlNode  *_vireo_edit_ensure_devices      (Edit                *edit);
char     *_vireo_edit_dup_node_xml        (xmlNode             *node);

/* Devices by their key; the lookups fail with a message naming what is missing. */
xmlNode  *_vireo_edit_find_disk           (Edit                *edit,
                                           const char          *target);
gboolean  _vireo_edit_lookup_disk         (Edit                *edit,
                                           const char          *target,
                                           xmlNode            **disk,
                                           GError             **error);
xmlNode  *_vireo_edit_find_nic            (Edit                *edit,
                                           const char          *mac);
gboolean  _vireo_edit_lookup_nic          (Edit                *edit,
                                           const char          *mac,
                                           xmlNode            **nic,
                                           GError             **error);
gboolean  _vireo_edit_lookup_graphics     (Edit                *edit,
                                           const char          *type,
                                           xmlNode            **graphics,
                                           GError             **error);

gboolean  _vireo_edit_in_list             (const char          *value,
                                           const char * const  *list);
/* "'a', 'b', 'c'" */
char     *_vireo_edit_list_text           (const char * const  *list);

G_END_DECLS
