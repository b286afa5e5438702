/* vireo-core.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIREO_IS_MAIN_THREAD() (g_main_context_is_owner (g_main_context_default ()))

gboolean vireo_core_init (GError **error);

G_END_DECLS
