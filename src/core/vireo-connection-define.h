/* vireo-connection-define.h: a new VM from a definition (virsh define FILE)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-connection.h"

G_BEGIN_DECLS

/*
 * Defines a new VM from @xml, validated by libvirt against its schema. Unlike virsh define it never
 * replaces a VM: a definition whose name or UUID a VM of the connection already has is refused
 * (VIREO_ERROR_INVALID_ARGUMENT, naming that VM; its XML tab edits it). Malformed XML is
 * VIREO_ERROR_INVALID_XML with its line. Main thread; libvirt runs on the connection's worker.
 * Returns the new VM's UUID.
 */
void   vireo_connection_define_domain_async  (VireoConnection      *connection,
                                              const char           *xml,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char  *vireo_connection_define_domain_finish (VireoConnection      *connection,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
