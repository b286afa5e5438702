/* vireo-domain-apply.h: a new definition, and the same change made to the running VM
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"
#include "vireo-domain-config.h"

G_BEGIN_DECLS

/* What a hardware page changed, said for the running VM (virsh attach-device/update-device/
 * detach-device --live, setvcpus --live, setmem --live). */
typedef enum
{
  VIREO_LIVE_CHANGE_ATTACH_DEVICE,
  VIREO_LIVE_CHANGE_UPDATE_DEVICE,
  VIREO_LIVE_CHANGE_DETACH_DEVICE,
  VIREO_LIVE_CHANGE_VCPUS,          /* value: the number of vCPUs */
  VIREO_LIVE_CHANGE_MEMORY,         /* value: KiB (the balloon) */
} VireoLiveChangeKind;

typedef struct
{
  VireoLiveChangeKind kind;
  char               *device_xml;   /* the device kinds: the element, as vireo_domain_edit_dup_*_xml() give it */
  guint64             value;        /* VCPUS and MEMORY */
} VireoLiveChange;

VireoLiveChange *vireo_live_change_new_device (VireoLiveChangeKind  kind,
                                               const char          *device_xml);
VireoLiveChange *vireo_live_change_new_value  (VireoLiveChangeKind  kind,
                                               guint64              value);
void             vireo_live_change_free       (VireoLiveChange     *change);

/* A GPtrArray of VireoLiveChange that frees them. */
GPtrArray       *vireo_live_changes_new       (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoLiveChange, vireo_live_change_free)

typedef enum
{
  VIREO_DOMAIN_APPLIED_DEFINED,     /* the definition changed; the VM does not run, or nothing was to apply live */
  VIREO_DOMAIN_APPLIED_LIVE,        /* the definition changed, and every live change was made to the running VM */
  VIREO_DOMAIN_APPLIED_PENDING,     /* the definition changed; the running VM refused a live change: next boot */
} VireoDomainApplied;

/*
 * Defines @xml as vireo_domain_define_xml_async() does (same checks, same errors: nothing else
 * happens when it fails), then, when the VM runs, makes @live_changes (nullable; VireoLiveChange)
 * to it in order with VIR_DOMAIN_AFFECT_LIVE, stopping at the first one libvirt refuses. A refused
 * live change is not an error: the definition is saved and applies at the next boot; @applied is
 * PENDING and @pending_reason (optional) libvirt's message. Main thread; the calls run on the
 * connection's worker.
 */
void     vireo_domain_apply_async  (VireoDomain          *self,
                                    const char           *xml,
                                    GPtrArray            *live_changes,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean vireo_domain_apply_finish (VireoDomain          *self,
                                    GAsyncResult         *result,
                                    VireoDomainApplied   *applied,
                                    char                **pending_reason,
                                    GError              **error);

G_END_DECLS
