/* vireo-progress.c: progress of a worker job, reported on the caller's main context
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-progress"

#include "config.h"

#include "vireo-progress-private.h"
#include "vireo-worker.h"

struct _VireoProgress
{
  VireoInstallProgressCallback  callback;
  gpointer                      data;
  GMainContext                 *context;
  double                        reported;   /* touched on @context only */
  gboolean                      finished;   /* touched on @context only */
};

typedef struct
{
  VireoProgress *progress;
  double         fraction;
  char          *step;
} Step;

static void
progress_clear (VireoProgress *progress)
{
  g_main_context_unref (progress->context);
}

VireoProgress *
_vireo_progress_new (VireoInstallProgressCallback callback,
                     gpointer                     data)
{
  VireoProgress *progress = g_atomic_rc_box_new0 (VireoProgress);

  progress->callback = callback;
  progress->data = data;
  progress->context = g_main_context_ref_thread_default ();
  progress->reported = -1;
  return progress;
}

void
_vireo_progress_unref (VireoProgress *progress)
{
  if (progress != NULL)
    g_atomic_rc_box_release_full (progress, (GDestroyNotify) progress_clear);
}

static void
step_free (Step *step)
{
  _vireo_progress_unref (step->progress);
  g_free (step->step);
  g_free (step);
}

static gboolean
apply_step (gpointer user_data)
{
  Step *step = user_data;
  VireoProgress *progress = step->progress;

  if (!progress->finished && step->fraction >= progress->reported)
    {
      progress->reported = step->fraction;
      progress->callback (step->fraction, step->step, progress->data);
    }
  return G_SOURCE_REMOVE;
}

void
_vireo_progress_post (VireoProgress *progress,
                      double         fraction,
                      const char    *step_text)
{
  Step *step;

  if (progress->callback == NULL)
    return;

  step = g_new0 (Step, 1);
  step->progress = g_atomic_rc_box_acquire (progress);
  step->fraction = fraction;
  step->step = g_strdup (step_text);
  vireo_post_to_context (progress->context, apply_step, step, (GDestroyNotify) step_free);
}

void
_vireo_progress_finish (VireoProgress *progress)
{
  progress->finished = TRUE;
}
