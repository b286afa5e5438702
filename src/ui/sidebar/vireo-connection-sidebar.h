/* vireo-connection-sidebar.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-connection-manager.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONNECTION_SIDEBAR (vireo_connection_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (VireoConnectionSidebar, vireo_connection_sidebar, VIREO, CONNECTION_SIDEBAR, GtkWidget)

/*
 * Properties: manager, selected-connection.
 * Signals (main thread):
 *   ::connection-activated (VireoConnection *): a row was activated (click, Enter).
 *   ::remove-connection (VireoConnection *): the user chose "Remove" in a row's menu.
 */

GtkWidget              *vireo_connection_sidebar_new                     (VireoConnectionManager *manager);
VireoConnectionManager *vireo_connection_sidebar_get_manager             (VireoConnectionSidebar *self);
void                    vireo_connection_sidebar_set_manager             (VireoConnectionSidebar *self,
                                                                          VireoConnectionManager *manager);
VireoConnection        *vireo_connection_sidebar_get_selected_connection (VireoConnectionSidebar *self);
void                    vireo_connection_sidebar_set_selected_connection (VireoConnectionSidebar *self,
                                                                          VireoConnection        *connection);
GtkWidget              *vireo_connection_sidebar_get_row                 (VireoConnectionSidebar *self,
                                                                          VireoConnection        *connection);

G_END_DECLS
