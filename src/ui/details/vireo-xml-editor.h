/* vireo-xml-editor.h: a definition's XML to read, edit, apply and save
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIREO_TYPE_XML_EDITOR (vireo_xml_editor_get_type ())

G_DECLARE_FINAL_TYPE (VireoXmlEditor, vireo_xml_editor, VIREO, XML_EDITOR, GtkWidget)

/*
 * GtkSourceView with XML highlighting (the style follows the light or dark scheme) and line
 * numbers; Apply, Revert and Save to File. Apply checks the text is a well-formed <domain>
 * document first (an error names and selects its line) and only then emits ::apply (const char
 * *text); the owner defines it and answers with vireo_xml_editor_set_xml() (applied) or
 * vireo_xml_editor_show_error(). Save to File writes the definition as last set (what `virsh
 * dumpxml` gives), not the unapplied edits, to "<save-name>.xml" by default.
 */
GtkWidget  *vireo_xml_editor_new          (void);
/* The definition to show; the text being edited is kept unless @force. */
void        vireo_xml_editor_set_xml      (VireoXmlEditor *self,
                                           const char     *xml,
                                           gboolean        force);
const char *vireo_xml_editor_get_xml      (VireoXmlEditor *self);
char       *vireo_xml_editor_dup_text     (VireoXmlEditor *self);
gboolean    vireo_xml_editor_get_modified (VireoXmlEditor *self);
/* NULL hides the error. @line > 0 selects that line. */
void        vireo_xml_editor_show_error   (VireoXmlEditor *self,
                                           const char     *message,
                                           int             line);
/* Apply is insensitive while the owner works. */
void        vireo_xml_editor_set_busy     (VireoXmlEditor *self,
                                           gboolean        busy);
/* The file name Save to File proposes, without ".xml"; NULL hides Save to File. */
void        vireo_xml_editor_set_save_name (VireoXmlEditor *self,
                                            const char     *name);

/* What Save to File does once the file is chosen. */
void        vireo_xml_editor_save_async   (VireoXmlEditor      *self,
                                           GFile               *file,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    vireo_xml_editor_save_finish  (VireoXmlEditor      *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
