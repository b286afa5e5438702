/* vireo-window.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-domain-page.h"
#include "vireo-new-vm-assistant.h"

#include "vireo-application.h"
#include "vireo-connection-manager.h"

G_BEGIN_DECLS

#define VIREO_TYPE_WINDOW (vireo_window_get_type ())

G_DECLARE_FINAL_TYPE (VireoWindow, vireo_window, VIREO, WINDOW, AdwApplicationWindow)

/*
 * Actions on the selected connection: conn.connect, conn.disconnect, conn.retry, conn.remove.
 * Window actions: win.select-connection (s: URI), win.add-connection (opens the dialog),
 * win.find (Ctrl+F: searches the selected connection's VM list), win.show-list (back from a VM's
 * page).
 * The VM list of the selected connection carries the vm.* actions (see VireoDomainList).
 */

/* @application may be NULL (tests): the window then saves nothing and always confirms. */
GtkWidget       *vireo_window_new                     (VireoApplication       *application,
                                                       VireoConnectionManager *manager);
VireoConnectionManager *vireo_window_get_manager      (VireoWindow            *self);
VireoConnection *vireo_window_get_selected_connection (VireoWindow            *self);
void             vireo_window_select_connection       (VireoWindow            *self,
                                                       VireoConnection        *connection);
/* Opens the Add Connection dialog, modal for @self; returns it (transfer none). */
GtkWidget       *vireo_window_show_add_connection     (VireoWindow            *self);
/* Adds (or finds) @uri, connects it unless it is already open, and selects it. */
VireoConnection *vireo_window_add_connection          (VireoWindow            *self,
                                                       const char             *uri,
                                                       gboolean                autoconnect);
/* Removes @connection from the list, after asking when the settings say so. Nothing on the host
 * is touched. */
void             vireo_window_remove_connection       (VireoWindow            *self,
                                                       VireoConnection        *connection);
void             vireo_window_add_toast               (VireoWindow            *self,
                                                       AdwToast               *toast);
/* A VM's page (its console), and back. */
void             vireo_window_show_domain             (VireoWindow            *self,
                                                       VireoDomain            *domain);
void             vireo_window_show_list               (VireoWindow            *self);
VireoDomainPage *vireo_window_get_domain_page         (VireoWindow            *self);
/* The new-VM assistant on the selected connection (NULL when it is not connected). */
VireoNewVmAssistant *vireo_window_show_new_vm         (VireoWindow            *self);
void             vireo_window_show_domain_when_listed (VireoWindow            *self,
                                                       VireoConnection        *connection,
                                                       const char             *uuid);
/* Connection ▸ Define VM from XML File… (vireo-window-define.c) */
void             vireo_window_define_from_file        (VireoWindow            *self,
                                                       VireoConnection        *connection);
void             vireo_window_define_from_gfile       (VireoWindow            *self,
                                                       VireoConnection        *connection,
                                                       GFile                  *file,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
char            *vireo_window_define_from_gfile_finish (VireoWindow           *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

G_END_DECLS
