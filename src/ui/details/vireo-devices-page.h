/* vireo-devices-page.h: a VM's smaller devices — input (the USB tablet), sound, serial console
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-hardware-page.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DEVICES_PAGE (vireo_devices_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoDevicesPage, vireo_devices_page, VIREO, DEVICES_PAGE, GtkBox)

/* A VireoHardwarePage whose switches and buttons apply at once (like virt-manager's add and
 * remove). The tablet is plugged and unplugged live; sound and the serial console wait for the
 * next boot. */
GtkWidget *vireo_devices_page_new (void);

G_END_DECLS
