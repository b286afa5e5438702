/* vireo-domain-actions.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* The everyday virsh verbs. */
typedef enum
{
  VIREO_DOMAIN_ACTION_START,        /* virsh start (restores a managed save)    */
  VIREO_DOMAIN_ACTION_SHUTDOWN,     /* virsh shutdown (ACPI)                    */
  VIREO_DOMAIN_ACTION_REBOOT,       /* virsh reboot                             */
  VIREO_DOMAIN_ACTION_RESET,        /* virsh reset (force)                      */
  VIREO_DOMAIN_ACTION_FORCE_OFF,    /* virsh destroy                            */
  VIREO_DOMAIN_ACTION_PAUSE,        /* virsh suspend                            */
  VIREO_DOMAIN_ACTION_RESUME,       /* virsh resume                             */
  VIREO_DOMAIN_ACTION_SAVE,         /* virsh managedsave                        */
  VIREO_DOMAIN_ACTION_DISCARD_SAVE, /* virsh managedsave-remove                 */
} VireoDomainAction;

/* Whether @action applies to @self in its current state (for enabling buttons). */
gboolean    vireo_domain_can_run_action        (VireoDomain          *self,
                                                VireoDomainAction     action);
/* Translated label, e.g. "Force Off". */
const char *vireo_domain_action_to_label       (VireoDomainAction     action);

/* Runs @action on the connection's worker; the domain's properties follow through the events
 * and refresh that come after. Errors are VIREO_LIBVIRT_ERROR with libvirt's message. */
void        vireo_domain_run_action_async      (VireoDomain          *self,
                                                VireoDomainAction     action,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    vireo_domain_run_action_finish     (VireoDomain          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void        vireo_domain_set_autostart_async   (VireoDomain          *self,
                                                gboolean              autostart,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    vireo_domain_set_autostart_finish  (VireoDomain          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* virsh domrename: only for a shut-off persistent VM; the name must be new on the connection,
 * have no '/' and not start with a space. */
void        vireo_domain_rename_async          (VireoDomain          *self,
                                                const char           *new_name,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    vireo_domain_rename_finish         (VireoDomain          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* The VM's pointing devices: whether it has a tablet (live XML), and adding a USB tablet to the
 * running VM and its configuration. */
gboolean    vireo_domain_xml_has_tablet        (const char           *xml);
void        vireo_domain_has_tablet_async      (VireoDomain          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    vireo_domain_has_tablet_finish     (VireoDomain          *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void        vireo_domain_add_tablet_async      (VireoDomain          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    vireo_domain_add_tablet_finish     (VireoDomain          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* KVM does not work on the host: the VM as a software-emulated (TCG) guest, and running it so. */
char       *vireo_domain_xml_use_tcg           (const char           *xml,
                                                GError              **error);
void        vireo_domain_run_with_tcg_async    (VireoDomain          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    vireo_domain_run_with_tcg_finish   (VireoDomain          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

/* Runs @action on each of @domains (VireoDomain *; the array is only read during the call) that
 * it applies to, all on their connections' workers (labs start 30 VMs at once). Finishes when all are done; fails if any failed, with a
 * message naming how many and the first failures. @n_done receives how many succeeded. */
void        vireo_domains_run_action_async     (GPtrArray            *domains,
                                                VireoDomainAction     action,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    vireo_domains_run_action_finish    (GAsyncResult         *result,
                                                guint                *n_done,
                                                GError              **error);

G_END_DECLS
