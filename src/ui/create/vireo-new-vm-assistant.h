/* vireo-new-vm-assistant.h: the new-VM assistant (install source, OS, memory, disk, network)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-connection.h"
#include "vireo-install-plan.h"

G_BEGIN_DECLS

#define VIREO_TYPE_NEW_VM_ASSISTANT (vireo_new_vm_assistant_get_type ())
G_DECLARE_FINAL_TYPE (VireoNewVmAssistant, vireo_new_vm_assistant, VIREO, NEW_VM_ASSISTANT, AdwWindow)

/*
 * Asks the host of @connection (a connected one) what it offers, then walks the user through
 * five steps; "created" (UUID string) is emitted once the VM exists and runs, before the
 * assistant closes itself. Properties: "connection" (construct-only), "ready" (the host
 * answered), "busy" (creating), "page" (the visible step's name).
 */
VireoNewVmAssistant    *vireo_new_vm_assistant_new      (VireoConnection     *connection);
VireoConnection        *vireo_new_vm_assistant_get_connection (VireoNewVmAssistant *self);
gboolean                vireo_new_vm_assistant_get_ready (VireoNewVmAssistant *self);
gboolean                vireo_new_vm_assistant_get_busy  (VireoNewVmAssistant *self);
/* The choices as the widgets show them now. */
const VireoInstallPlan *vireo_new_vm_assistant_get_plan  (VireoNewVmAssistant *self);
/* The problem the assistant shows at @field, NULL when none (tests, accessibility). */
const char             *vireo_new_vm_assistant_get_problem (VireoNewVmAssistant *self,
                                                            VireoInstallField    field);

G_END_DECLS
