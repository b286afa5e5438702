/* vireo-sparkline-private.h: test hooks of VireoSparkline
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-sparkline.h"

G_BEGIN_DECLS

/* How often the sparkline asked to be redrawn (queue_draw), and how often it drew (snapshot). */
guint _vireo_sparkline_get_invalidate_count (VireoSparkline *self);
guint _vireo_sparkline_get_snapshot_count   (VireoSparkline *self);

G_END_DECLS
