/* vireo-linked-clones-dialog.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_LINKED_CLONES_DIALOG (vireo_linked_clones_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VireoLinkedClonesDialog, vireo_linked_clones_dialog, VIREO, LINKED_CLONES_DIALOG, AdwMessageDialog)

/* Response ids */
#define VIREO_LINKED_CLONES_DIALOG_RESPONSE_CANCEL "cancel"
#define VIREO_LINKED_CLONES_DIALOG_RESPONSE_CREATE "create"

/*
 * "Create Linked Clones of 'NAME'": how many (1–100, default 5), the names they will get, what a
 * linked clone is; then vireo_domain_create_linked_clones_async with a spinner, the dialog staying
 * open until it is done. Cancel (or Escape) meanwhile cancels; the core removes what it made. The
 * dialog closes itself when done, after one of:
 *
 *   ::created (GStrv names): the new VMs, in order
 *   ::failed (const char *message): a translated sentence saying what failed, for a toast
 *
 * Properties: domain (construct-only), busy.
 */
GtkWidget   *vireo_linked_clones_dialog_new        (GtkWindow               *parent,
                                                    VireoDomain             *domain);
VireoDomain *vireo_linked_clones_dialog_get_domain (VireoLinkedClonesDialog *self);
gboolean     vireo_linked_clones_dialog_get_busy   (VireoLinkedClonesDialog *self);

G_END_DECLS
