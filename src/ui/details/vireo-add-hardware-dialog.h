/* vireo-add-hardware-dialog.h: adds a disk or a network interface to a VM
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_ADD_HARDWARE_DIALOG (vireo_add_hardware_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VireoAddHardwareDialog, vireo_add_hardware_dialog, VIREO, ADD_HARDWARE_DIALOG, AdwWindow)

/*
 * A modal window that is also a VireoHardwarePage: Add emits ::apply (the new definition, and an
 * ATTACH_DEVICE live change unless a draft); the owner applies it and calls
 * vireo_hardware_page_applied(): on success the dialog closes, on an error it shows it and removes
 * the volume it created for the new disk (nothing is left behind). A new volume is created before
 * ::apply, on the connection's long lane, with a progress bar. A draft (not defined yet) only adds
 * existing images: nothing is created on the host before the VM is.
 */
VireoAddHardwareDialog *vireo_add_hardware_dialog_new (GtkWindow            *parent,
                                                       VireoHardwareContext *context);

G_END_DECLS
