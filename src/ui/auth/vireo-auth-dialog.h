/* vireo-auth-dialog.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-auth-request.h"

G_BEGIN_DECLS

#define VIREO_TYPE_AUTH_DIALOG (vireo_auth_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VireoAuthDialog, vireo_auth_dialog, VIREO, AUTH_DIALOG, AdwMessageDialog)

/* Response ids */
#define VIREO_AUTH_DIALOG_RESPONSE_CANCEL "cancel"
#define VIREO_AUTH_DIALOG_RESPONSE_OK     "ok"
#define VIREO_AUTH_DIALOG_RESPONSE_TRUST  "trust"
#define VIREO_AUTH_DIALOG_RESPONSE_YES    "yes"

GtkWidget        *vireo_auth_dialog_new               (GtkWindow        *parent,
                                                       VireoAuthRequest *request);
VireoAuthRequest *vireo_auth_dialog_get_request       (VireoAuthDialog  *self);
/* The widget asking for field @index: an AdwEntryRow, an AdwPasswordEntryRow, an AdwActionRow with a
 * switch (confirmations among other fields), or NULL for fields the buttons answer. */
GtkWidget        *vireo_auth_dialog_get_field_widget  (VireoAuthDialog  *self,
                                                       guint             index);

G_END_DECLS
