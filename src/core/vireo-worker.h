/* vireo-worker.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  VIREO_WORKER_LANE_QUICK, /* open, lookups, XML, lifecycle: FIFO, one at a time   */
  VIREO_WORKER_LANE_LONG,  /* disk creation, save, clone: may take minutes         */
  VIREO_WORKER_N_LANES
} VireoWorkerLane;

#define VIREO_TYPE_WORKER (vireo_worker_get_type ())

G_DECLARE_FINAL_TYPE (VireoWorker, vireo_worker, VIREO, WORKER, GObject)

VireoWorker *vireo_worker_new      (const char      *name);
void         vireo_worker_run_task (VireoWorker     *self,
                                    VireoWorkerLane  lane,
                                    GTask           *task,
                                    GTaskThreadFunc  func);
void         vireo_worker_shutdown (VireoWorker     *self);

/* Runs @func(@data) once in @context, from any thread, always later (never right here). Not
 * g_main_context_invoke(): from a thread whose default context is the main one, that acquires the
 * main context while nobody iterates it and runs the callback on the calling thread. */
void         vireo_post_to_context (GMainContext    *context,
                                    GSourceFunc      func,
                                    gpointer         data,
                                    GDestroyNotify   notify);

G_END_DECLS
