/* vireo-connection-manager.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

#define VIREO_DEMO_URI "test:///default"

#define VIREO_TYPE_CONNECTION_MANAGER (vireo_connection_manager_get_type ())

G_DECLARE_FINAL_TYPE (VireoConnectionManager, vireo_connection_manager, VIREO, CONNECTION_MANAGER, GObject)

/*
 * A GListModel of VireoConnection (implements G_TYPE_LIST_MODEL), in the saved order.
 * Signals (main thread):
 *   ::auth-request (VireoConnection *connection, VireoAuthRequest *request): forwarded from every
 *     connection it holds. Unhandled requests are cancelled.
 */

/* @settings: the app's GSettings (keys "connections", "autoconnect", "first-run-done"), or NULL
 * for a manager that persists nothing. */
VireoConnectionManager *vireo_connection_manager_new            (GSettings              *settings);
/* Adds (or returns the existing connection for) @uri; persisted unless it is the demo. */
VireoConnection        *vireo_connection_manager_add            (VireoConnectionManager *self,
                                                                 const char             *uri,
                                                                 gboolean                autoconnect);
VireoConnection        *vireo_connection_manager_open           (VireoConnectionManager *self,
                                                                 const char             *uri,
                                                                 gboolean                autoconnect);
VireoConnection        *vireo_connection_manager_add_demo       (VireoConnectionManager *self);
void                    vireo_connection_manager_remove         (VireoConnectionManager *self,
                                                                 VireoConnection        *connection);
VireoConnection        *vireo_connection_manager_lookup         (VireoConnectionManager *self,
                                                                 const char             *uri);
/* Connects every connection marked autoconnect. */
void                    vireo_connection_manager_autoconnect    (VireoConnectionManager *self);
/* First run: probe qemu:///system, then qemu:///session; add the first that opens (autoconnect),
 * or the demo when none does. Does nothing after the first run. */
void                    vireo_connection_manager_first_run_async  (VireoConnectionManager *self,
                                                                   GCancellable           *cancellable,
                                                                   GAsyncReadyCallback     callback,
                                                                   gpointer                user_data);
VireoConnection        *vireo_connection_manager_first_run_finish (VireoConnectionManager *self,
                                                                   GAsyncResult           *result,
                                                                   GError                **error);

G_END_DECLS
