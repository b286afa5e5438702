/* vireo-domain-list.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_LIST (vireo_domain_list_get_type ())

G_DECLARE_FINAL_TYPE (VireoDomainList, vireo_domain_list, VIREO, DOMAIN_LIST, GtkWidget)

/*
 * The VMs of one connection: a sortable, searchable column view with live stats, and the vm.*
 * actions on its (multiple) selection: vm.start, vm.shutdown, vm.reboot, vm.reset, vm.force-off,
 * vm.pause, vm.resume, vm.save, vm.discard-save, vm.autostart (stateful: whether every selected
 * persistent VM starts with the host), vm.rename (one shut-off persistent VM), vm.delete (one
 * persistent VM; also the Delete key), vm.clone and vm.linked-clones (one shut-off VM).
 *
 * vm.delete always shows the disk chooser, whatever "confirm-delete" says: choosing what goes is
 * the confirmation. A running VM is forced off first when the user chose "Force Off and Delete".
 *
 * Properties: connection, settings (for "confirm-force-off"; without settings it always asks),
 * selection-autostart (the state of vm.autostart).
 */

GtkWidget       *vireo_domain_list_new                  (void);
VireoConnection *vireo_domain_list_get_connection       (VireoDomainList *self);
void             vireo_domain_list_set_connection       (VireoDomainList *self,
                                                         VireoConnection *connection);
GSettings       *vireo_domain_list_get_settings         (VireoDomainList *self);
void             vireo_domain_list_set_settings         (VireoDomainList *self,
                                                         GSettings       *settings);
/* The selected VMs, in list order. */
GPtrArray       *vireo_domain_list_get_selected_domains (VireoDomainList *self);
/* Shows the search bar and focuses its entry. */
void             vireo_domain_list_start_search         (VireoDomainList *self);

G_END_DECLS
