/* vireo-progress-private.h: progress of a worker job, reported on the caller's main context
 * (core-internal; shared by the VM creation and the volume creation)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "vireo-install-job.h"

G_BEGIN_DECLS

typedef struct _VireoProgress VireoProgress;

/* Made on the caller's thread: reports go to its thread-default main context. @callback may be
 * NULL (nothing is reported). */
VireoProgress *_vireo_progress_new    (VireoInstallProgressCallback  callback,
                                       gpointer                      data);
/* Any thread: @callback(@fraction, @step) later on the caller's context, unless a larger fraction
 * was already reported or the job finished. */
void           _vireo_progress_post   (VireoProgress                *progress,
                                       double                        fraction,
                                       const char                   *step);
/* On the caller's context, once the result is in: nothing more is reported. */
void           _vireo_progress_finish (VireoProgress                *progress);
void           _vireo_progress_unref  (VireoProgress                *progress);

G_END_DECLS
