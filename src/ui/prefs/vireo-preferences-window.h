/* vireo-preferences-window.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define VIREO_TYPE_PREFERENCES_WINDOW (vireo_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (VireoPreferencesWindow, vireo_preferences_window, VIREO, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings: the app's GSettings (schema APP_ID); the widgets are bound to it. */
GtkWidget *vireo_preferences_window_new          (GtkWindow              *parent,
                                                  GSettings              *settings);
GSettings *vireo_preferences_window_get_settings (VireoPreferencesWindow *self);

G_END_DECLS
