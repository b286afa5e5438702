/* vireo-xml-editor.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-xml-editor"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "vireo-domain-edit.h"
#include "vireo-xml-editor.h"

struct _VireoXmlEditor
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkSourceView   *source_view;
  GtkLabel        *error_label;
  GtkButton       *save_button;
  GtkButton       *apply_button;
  GtkButton       *revert_button;

  /* Owned */
  char            *xml;         /* the definition as last set */
  char            *save_name;
  GCancellable    *cancellable; /* saving; cancelled at dispose */
  gboolean         busy;
  gboolean         edited;
};

G_DEFINE_FINAL_TYPE (VireoXmlEditor, vireo_xml_editor, GTK_TYPE_WIDGET)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkTextBuffer *
buffer (VireoXmlEditor *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

static void
update_buttons (VireoXmlEditor *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), self->edited && !self->busy && self->xml != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), self->edited);
}

/* Edited means the text is not the definition: undoing back to it is not an edit. (GtkTextBuffer's
 * "modified" flag follows its undo history, which set_text() resets.) */
static void
on_changed_cb (VireoXmlEditor *self)
{
  g_autofree char *text = vireo_xml_editor_dup_text (self);

  self->edited = g_strcmp0 (text, self->xml != NULL ? self->xml : "") != 0;
  update_buttons (self);
}

/* The highlighting follows the light or dark style. */
static void
update_scheme (VireoXmlEditor *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (schemes, id);

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer (self)), scheme);
}

static void
on_apply_cb (VireoXmlEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = vireo_xml_editor_dup_text (self);
  int line = 0;

  vireo_xml_editor_show_error (self, NULL, 0);
  if (!vireo_domain_edit_validate_xml (text, &line, &error))
    {
      vireo_xml_editor_show_error (self, error->message, line);
      return;
    }
  g_signal_emit (self, signals[APPLY], 0, text);
}

static void
on_revert_cb (VireoXmlEditor *self)
{
  vireo_xml_editor_set_xml (self, self->xml, TRUE);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VireoXmlEditor *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (source));
      g_autofree char *message = NULL;

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          message = g_strdup_printf (_("The XML could not be saved to '%s': %s"), name, error->message);
          vireo_xml_editor_show_error (self, message, 0);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * vireo_xml_editor_save_async:
 * @self: a #VireoXmlEditor
 * @file: where to save
 * @callback: (nullable): called when saved
 * @user_data: for @callback
 *
 * Writes the definition as last set (not the unapplied edits) to @file, off the main thread; a
 * failure is also shown under the text.
 */
void
vireo_xml_editor_save_async (VireoXmlEditor      *self,
                             GFile               *file,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (VIREO_IS_XML_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, vireo_xml_editor_save_async);
  if (self->xml == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("There is no definition to save yet."));
      return;
    }
  vireo_xml_editor_show_error (self, NULL, 0);
  bytes = g_bytes_new (self->xml, strlen (self->xml));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, on_saved_cb, g_steal_pointer (&task));
}

gboolean
vireo_xml_editor_save_finish (VireoXmlEditor  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_save_chosen_cb (GtkNativeDialog *chooser,
                   int              response,
                   gpointer         user_data)
{
  g_autoptr(VireoXmlEditor) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    vireo_xml_editor_save_async (self, file, NULL, NULL);
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_save_cb (VireoXmlEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *file_name = g_strconcat (self->save_name != NULL ? self->save_name : "domain", ".xml", NULL);

  chooser = gtk_file_chooser_native_new (_("Save the Definition XML"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
vireo_xml_editor_dispose (GObject *object)
{
  VireoXmlEditor *self = (VireoXmlEditor *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_XML_EDITOR);
  /* The scrolled window and the action bar have no name to be disposed by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vireo_xml_editor_parent_class)->dispose (object);
}

static void
vireo_xml_editor_finalize (GObject *object)
{
  VireoXmlEditor *self = (VireoXmlEditor *)object;

  g_clear_object (&self->cancellable);
  g_free (self->xml);
  g_free (self->save_name);

  G_OBJECT_CLASS (vireo_xml_editor_parent_class)->finalize (object);
}

static void
vireo_xml_editor_class_init (VireoXmlEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_xml_editor_dispose;
  object_class->finalize = vireo_xml_editor_finalize;

  /**
   * VireoXmlEditor::apply:
   * @self: the editor
   * @text: the edited XML, well-formed
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-xml-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoXmlEditor, source_view);
  gtk_widget_class_bind_template_child (widget_class, VireoXmlEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, VireoXmlEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, VireoXmlEditor, apply_button);
  gtk_widget_class_bind_template_child (widget_class, VireoXmlEditor, revert_button);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_revert_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_cb);
}

static void
vireo_xml_editor_init (VireoXmlEditor *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *source_buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* The view's own buffer: replacing it leaves the gutter and highlighting to catch up with a
   * buffer being finalized. */
  source_buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)));
  gtk_source_buffer_set_language (source_buffer, gtk_source_language_manager_get_language (languages, "xml"));
  g_signal_connect_object (source_buffer, "changed", G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (update_scheme), self,
                           G_CONNECT_SWAPPED);
  update_scheme (self);
}

GtkWidget *
vireo_xml_editor_new (void)
{
  return g_object_new (VIREO_TYPE_XML_EDITOR, NULL);
}

/**
 * vireo_xml_editor_set_xml:
 * @self: a #VireoXmlEditor
 * @xml: (nullable): the definition
 * @force: replace edits too
 *
 * Sets the definition; the text shown follows unless it is being edited (and @force is %FALSE).
 */
void
vireo_xml_editor_set_xml (VireoXmlEditor *self,
                          const char     *xml,
                          gboolean        force)
{
  g_return_if_fail (VIREO_IS_XML_EDITOR (self));

  if (xml != self->xml)
    {
      g_free (self->xml);
      self->xml = g_strdup (xml);
    }

  if (force || !self->edited)
    {
      gtk_text_buffer_begin_irreversible_action (buffer (self));
      gtk_text_buffer_set_text (buffer (self), self->xml != NULL ? self->xml : "", -1);
      gtk_text_buffer_end_irreversible_action (buffer (self));
      vireo_xml_editor_show_error (self, NULL, 0);
    }
  on_changed_cb (self);
}

const char *
vireo_xml_editor_get_xml (VireoXmlEditor *self)
{
  g_return_val_if_fail (VIREO_IS_XML_EDITOR (self), NULL);

  return self->xml;
}

char *
vireo_xml_editor_dup_text (VireoXmlEditor *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (VIREO_IS_XML_EDITOR (self), NULL);

  gtk_text_buffer_get_bounds (buffer (self), &start, &end);
  return gtk_text_buffer_get_text (buffer (self), &start, &end, FALSE);
}

gboolean
vireo_xml_editor_get_modified (VireoXmlEditor *self)
{
  g_return_val_if_fail (VIREO_IS_XML_EDITOR (self), FALSE);

  return self->edited;
}

void
vireo_xml_editor_show_error (VireoXmlEditor *self,
                             const char     *message,
                             int             line)
{
  g_return_if_fail (VIREO_IS_XML_EDITOR (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);

  if (message != NULL && line > 0 && line <= gtk_text_buffer_get_line_count (buffer (self)))
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_line (buffer (self), &start, line - 1);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      gtk_text_buffer_select_range (buffer (self), &start, &end);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &start, 0.1, FALSE, 0, 0);
    }
}

void
vireo_xml_editor_set_busy (VireoXmlEditor *self,
                           gboolean        busy)
{
  g_return_if_fail (VIREO_IS_XML_EDITOR (self));

  self->busy = busy;
  update_buttons (self);
}

void
vireo_xml_editor_set_save_name (VireoXmlEditor *self,
                                const char     *name)
{
  g_return_if_fail (VIREO_IS_XML_EDITOR (self));

  g_free (self->save_name);
  self->save_name = g_strdup (name);
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), name != NULL);
}
