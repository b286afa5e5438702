/* vireo-core.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The thread that called vireo_core_init(): the one that runs the default main context. */
#define VIREO_IS_MAIN_THREAD() (vireo_core_is_main_thread ())

gboolean vireo_core_init           (GError **error);
gboolean vireo_core_is_main_thread (void);

G_END_DECLS
