/* vireo-hardware-view.h: a VM's hardware, listed, one page each
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_HARDWARE_VIEW (vireo_hardware_view_get_type ())

G_DECLARE_FINAL_TYPE (VireoHardwareView, vireo_hardware_view, VIREO, HARDWARE_VIEW, GtkWidget)

/*
 * A sidebar — Processors, Memory, Boot Options, each disk, each NIC, Display, Devices — and the
 * page of the row selected, with Add Hardware… below. Signal ::apply (VireoHardwarePage *page,
 * const char *xml, GPtrArray *live_changes): a page's change (the Add Hardware dialog's too, as
 * its page); the owner applies it, answers with vireo_hardware_view_applied(), then sets the new
 * context.
 */
GtkWidget *vireo_hardware_view_new         (void);
/* Pages follow @context; the selected row stays while its device does. */
void       vireo_hardware_view_set_context (VireoHardwareView    *self,
                                            VireoHardwareContext *context);
void       vireo_hardware_view_applied     (VireoHardwareView    *self,
                                            VireoHardwarePage    *page,
                                            const GError         *error,
                                            VireoDomainApplied    applied,
                                            const char           *pending_reason);
/* The page of @key ("cpus", "memory", "boot", "disk:vda", "nic:52:54:00:…", "display",
 * "devices"), NULL when there is none; and selecting it. */
GtkWidget *vireo_hardware_view_get_page    (VireoHardwareView    *self,
                                            const char           *key);
void       vireo_hardware_view_select      (VireoHardwareView    *self,
                                            const char           *key);

G_END_DECLS
