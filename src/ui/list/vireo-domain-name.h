/* vireo-domain-name.h: what a VM may be called, for the rename and clone dialogs
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-connection.h"

G_BEGIN_DECLS

/*
 * Whether @name can be given to a VM on @connection. @current_name is the VM's own name when
 * renaming it (an unchanged name is then FALSE with no error text: nothing to do, nothing wrong),
 * or %NULL for a new VM (clones), for which every taken name is an error. *@error_text receives a
 * translated sentence saying why not, or %NULL.
 */
gboolean  vireo_domain_name_check    (VireoConnection  *connection,
                                      const char       *current_name,
                                      const char       *name,
                                      const char      **error_text);

/* "@base-clone", else "@base-clone-2", "@base-clone-3"…: the first name no VM on @connection has. */
char     *vireo_domain_name_for_clone (VireoConnection *connection,
                                       const char      *base);

G_END_DECLS
