/* vireo-application.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-connection-manager.h"

G_BEGIN_DECLS

#define VIREO_TYPE_APPLICATION (vireo_application_get_type ())

G_DECLARE_FINAL_TYPE (VireoApplication, vireo_application, VIREO, APPLICATION, AdwApplication)

/*
 * Command line: --connect URI, --demo, --version, --help.
 * Actions: app.quit, app.about, app.preferences, app.new-connection.
 */

VireoApplication       *vireo_application_new         (void);
/* Both NULL until the primary instance has started up. */
GSettings              *vireo_application_get_settings (VireoApplication *self);
VireoConnectionManager *vireo_application_get_manager  (VireoApplication *self);

G_END_DECLS
