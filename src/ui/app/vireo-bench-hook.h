/* vireo-bench-hook.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-window.h"

G_BEGIN_DECLS

/* With VIREO_BENCH=1 in the environment, prints "VIREO-BENCH populated N MS" on stderr once: at
 * the first frame painted after the selected connection's VM list was loaded (N rows, MS
 * milliseconds since the process started). bench/list-scale reads it. */
void vireo_bench_hook_install (VireoWindow *window);

G_END_DECLS
