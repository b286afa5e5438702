/* vireo-clone-dialog.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_CLONE_DIALOG (vireo_clone_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VireoCloneDialog, vireo_clone_dialog, VIREO, CLONE_DIALOG, AdwMessageDialog)

/* Response ids */
#define VIREO_CLONE_DIALOG_RESPONSE_CANCEL "cancel"
#define VIREO_CLONE_DIALOG_RESPONSE_CLONE  "clone"

/*
 * "Clone 'NAME'": asks the new name (validated as typed), then runs vireo_domain_clone_async and
 * stays open with a progress bar until it is done. Cancel (or Escape) while copying cancels; the
 * core removes what it made, and the dialog closes once it did. The dialog closes itself when the
 * clone is done, after one of:
 *
 *   ::cloned (const char *name): the new VM is defined
 *   ::failed (const char *message): a translated sentence saying what failed, for a toast
 *
 * Properties: domain (construct-only), busy (a clone is under way).
 */
GtkWidget   *vireo_clone_dialog_new        (GtkWindow        *parent,
                                            VireoDomain      *domain);
VireoDomain *vireo_clone_dialog_get_domain (VireoCloneDialog *self);
gboolean     vireo_clone_dialog_get_busy   (VireoCloneDialog *self);

G_END_DECLS
