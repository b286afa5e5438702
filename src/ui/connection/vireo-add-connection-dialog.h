/* vireo-add-connection-dialog.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The hypervisor choices, in the order of the combo row. */
typedef enum
{
  VIREO_ADD_CONNECTION_QEMU_SYSTEM,
  VIREO_ADD_CONNECTION_QEMU_SESSION,
  VIREO_ADD_CONNECTION_CUSTOM,
} VireoAddConnectionKind;

#define VIREO_TYPE_ADD_CONNECTION_DIALOG (vireo_add_connection_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VireoAddConnectionDialog, vireo_add_connection_dialog, VIREO, ADD_CONNECTION_DIALOG, AdwWindow)

/*
 * Properties: uri (nullable, read-only), error (nullable, read-only), autoconnect (read-only).
 * Signals (main thread):
 *   ::add-connection (const char *uri, gboolean autoconnect): the user pressed Add with a valid form;
 *     the dialog closes right after.
 */

GtkWidget  *vireo_add_connection_dialog_new             (GtkWindow                *parent);
/* The URI the form describes, or NULL while the form is invalid. */
const char *vireo_add_connection_dialog_get_uri         (VireoAddConnectionDialog *self);
/* Why the form is invalid (translated), or NULL when it is valid. */
const char *vireo_add_connection_dialog_get_error       (VireoAddConnectionDialog *self);
gboolean    vireo_add_connection_dialog_get_autoconnect (VireoAddConnectionDialog *self);

G_END_DECLS
