/* vireo-backoff.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reconnect delays: initial, doubled on every failure, capped; reset on success. Pure, no clock. */
typedef struct
{
  guint initial_ms;
  guint max_ms;
  guint attempt;
} VireoBackoff;

#define VIREO_BACKOFF_INITIAL_MS 250
#define VIREO_BACKOFF_MAX_MS     2000

void  vireo_backoff_init  (VireoBackoff *self,
                           guint         initial_ms,
                           guint         max_ms);
guint vireo_backoff_next  (VireoBackoff *self);
void  vireo_backoff_reset (VireoBackoff *self);

G_END_DECLS
