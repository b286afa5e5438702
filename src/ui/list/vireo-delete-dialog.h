/* vireo-delete-dialog.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DELETE_DIALOG (vireo_delete_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VireoDeleteDialog, vireo_delete_dialog, VIREO, DELETE_DIALOG, AdwMessageDialog)

/* Response ids. A VM that was running when the dialog opened offers FORCE_OFF_DELETE instead of
 * DELETE: the answer says what the user agreed to, whatever the VM did meanwhile. */
#define VIREO_DELETE_DIALOG_RESPONSE_CANCEL           "cancel"
#define VIREO_DELETE_DIALOG_RESPONSE_DELETE           "delete"
#define VIREO_DELETE_DIALOG_RESPONSE_FORCE_OFF_DELETE "force-off-delete"

/*
 * "Delete 'NAME'?": lists the VM's disks (vireo_domain_list_disks_async, a spinner meanwhile) as
 * check rows, checked as the core proposes; disks other VMs use, and disks Vireo cannot remove,
 * are unchecked and insensitive. The dialog only asks: whoever handles the response deletes.
 *
 * Properties: domain (construct-only), loading (TRUE until the disks are listed or failed to be).
 */
GtkWidget   *vireo_delete_dialog_new                     (GtkWindow         *parent,
                                                          VireoDomain       *domain);
VireoDomain *vireo_delete_dialog_get_domain              (VireoDeleteDialog *self);
gboolean     vireo_delete_dialog_get_loading             (VireoDeleteDialog *self);
/* The sources of the checked disks, in the VM's order: what to pass to vireo_domain_delete_async. */
char       **vireo_delete_dialog_dup_paths_to_remove     (VireoDeleteDialog *self);
/* The row (an AdwActionRow) and the GtkCheckButton of the @index-th listed disk, or NULL. Disks
 * without a source (an empty drive, a network disk) are not listed. */
GtkWidget   *vireo_delete_dialog_get_disk_row            (VireoDeleteDialog *self,
                                                          guint              index);
GtkWidget   *vireo_delete_dialog_get_disk_check          (VireoDeleteDialog *self,
                                                          guint              index);

G_END_DECLS
