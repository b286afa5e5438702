/* vireo-domain-macs.h: the MAC addresses a connection's VMs use
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

/*
 * The MAC addresses of the NICs of every VM on @connection (their inactive definitions, and the
 * live ones of running VMs), but the VM whose UUID is @exclude_uuid (nullable): what
 * vireo_domain_edit_add_nic() takes as @used_macs. Lower case, each once. Main thread; runs on the
 * connection's worker (quick lane).
 */
void    vireo_connection_list_macs_async  (VireoConnection      *connection,
                                           const char           *exclude_uuid,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
/* Returns: (transfer full): a NULL-terminated array, or NULL with @error */
char  **vireo_connection_list_macs_finish (VireoConnection      *connection,
                                           GAsyncResult         *result,
                                           GError              **error);

G_END_DECLS
