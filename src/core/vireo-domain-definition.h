/* vireo-domain-definition.h: a VM's persistent definition, read and replaced
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* The inactive XML (virsh dumpxml --inactive), read on the connection's worker. Errors are
 * VIREO_LIBVIRT_ERROR with libvirt's message. Main thread. */
void     vireo_domain_fetch_xml_async   (VireoDomain          *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char    *vireo_domain_fetch_xml_finish  (VireoDomain          *self,
                                         GAsyncResult         *result,
                                         GError              **error);

/* The running VM's live XML (virsh dumpxml); VIREO_ERROR_INVALID_ARGUMENT when it does not run. */
void     vireo_domain_fetch_live_xml_async  (VireoDomain          *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
char    *vireo_domain_fetch_live_xml_finish (VireoDomain          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Replaces the definition with @xml (virsh define --validate): it must be this VM's, with its
 * UUID (VIREO_ERROR_INVALID_ARGUMENT otherwise, so an edited UUID never defines a second VM);
 * libvirt checks it against its schema and refuses it with its own message. A running VM keeps
 * running as it is; the change applies at its next start. As with virsh, a transient VM becomes
 * persistent. Main thread. */
void     vireo_domain_define_xml_async  (VireoDomain          *self,
                                         const char           *xml,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean vireo_domain_define_xml_finish (VireoDomain          *self,
                                         GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
