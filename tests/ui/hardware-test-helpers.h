/* hardware-test-helpers.h: what the hardware page tests share — corpus XML, contexts without a
 * live VM, a page shown in a window with its ::apply recorded, and widget pokes
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-connection.h"
#include "vireo-hardware-page.h"

G_BEGIN_DECLS

typedef struct
{
  guint      count;
  char      *xml;
  GPtrArray *changes;   /* VireoLiveChange copies */
} Emitted;
typedef struct
{
  GtkWindow *window;
  GtkWidget *page;
  Emitted    emitted;
} Shown;

char                 *hw_corpus              (const char           *name);
/* A context on @xml; @running: its live XML is the same (nothing pending). */
VireoHardwareContext *hw_context_new         (VireoConnection      *connection,
                                              VireoInstallHost     *host,
                                              const char           *xml,
                                              gboolean              running,
                                              gboolean              draft);
void                  hw_on_apply            (VireoHardwarePage    *page,
                                              const char           *xml,
                                              GPtrArray            *changes,
                                              Emitted              *emitted);
void                  hw_emitted_clear       (Emitted              *emitted);
/* Exactly one ::apply with @xml and, when @device_xml, one @kind change of it (else none). */
void                  hw_assert_emitted      (Emitted              *emitted,
                                              const char           *xml,
                                              VireoLiveChangeKind   kind,
                                              const char           *device_xml);
gboolean              hw_emitted_once        (gpointer              data);
void                  hw_show_page           (Shown                *shown,
                                              GtkWidget            *page,
                                              VireoHardwareContext *context);
void                  hw_shown_destroy       (Shown                *shown);
const char           *hw_subtitle            (GtkWidget            *page,
                                              GType                 type,
                                              const char           *row);
gboolean              hw_visible             (GtkWidget            *page,
                                              GType                 type,
                                              const char           *name);
const char           *hw_label_text          (GtkWidget            *page,
                                              GType                 type,
                                              const char           *name);
void                  hw_click               (GtkWidget            *page,
                                              GType                 type,
                                              const char           *name);
void                  hw_set_text            (GtkWidget            *page,
                                              GType                 type,
                                              const char           *name,
                                              const char           *text);
const char           *hw_combo_string        (GtkWidget            *page,
                                              GType                 type,
                                              const char           *name);
void                  hw_combo_select_string (GtkWidget            *page,
                                              GType                 type,
                                              const char           *name,
                                              const char           *value);
void                  hw_respond             (AdwMessageDialog     *dialog,
                                              const char           *response);
AdwMessageDialog     *hw_find_message_dialog (void);

G_END_DECLS
