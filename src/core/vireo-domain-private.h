/* vireo-domain-private.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-domain.h"
#include "vireo-stats.h"

G_BEGIN_DECLS

/* What one refresh learns about a domain, read on the worker, applied on the main thread. */
typedef struct
{
  char     *uuid;
  char     *name;
  char     *title;
  char     *description;
  int       id;
  int       state;
  int       reason;
  gboolean  persistent;
  gboolean  autostart;
  gboolean  has_managed_save;
  guint     vcpus;
  guint64   memory_kib;
  guint64   max_memory_kib;
} VireoDomainInfo;

/* Worker thread. NULL when the domain vanished meanwhile. */
VireoDomainInfo *vireo_domain_info_new_from_virdomain (virDomainPtr     domain);
void             vireo_domain_info_free               (VireoDomainInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoDomainInfo, vireo_domain_info_free)

/* Main thread. */
VireoDomain     *_vireo_domain_new                    (VireoConnection        *connection,
                                                       const VireoDomainInfo  *info);
void             _vireo_domain_apply_info             (VireoDomain            *self,
                                                       const VireoDomainInfo  *info);
/* An event told us the new state before the refresh that follows it. */
void             _vireo_domain_set_state              (VireoDomain            *self,
                                                       VireoDomainState        state,
                                                       int                     reason);
void             _vireo_domain_apply_stats            (VireoDomain            *self,
                                                       const VireoStatsSample *sample);

G_END_DECLS
