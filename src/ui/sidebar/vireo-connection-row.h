/* vireo-connection-row.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CONNECTION_ROW (vireo_connection_row_get_type ())

G_DECLARE_FINAL_TYPE (VireoConnectionRow, vireo_connection_row, VIREO, CONNECTION_ROW, GtkListBoxRow)

/* Signals: ::remove-requested () — the user chose "Remove" in the row's menu; the sidebar forwards
 * it so the window can confirm first. */

GtkWidget       *vireo_connection_row_new            (VireoConnection    *connection);
VireoConnection *vireo_connection_row_get_connection (VireoConnectionRow *self);

G_END_DECLS
