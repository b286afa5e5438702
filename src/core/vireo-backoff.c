/* vireo-backoff.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-backoff"

#include "config.h"

#include "vireo-backoff.h"

/**
 * vireo_backoff_init:
 * @self: a #VireoBackoff
 * @initial_ms: the first delay
 * @max_ms: the longest delay; a smaller @initial_ms is capped to it
 *
 * Starts a sequence of reconnect delays: @initial_ms, then twice the previous delay, never more
 * than @max_ms. Pure computation, no clock: any thread, as long as @self is not shared.
 */
void
vireo_backoff_init (VireoBackoff *self,
                    guint         initial_ms,
                    guint         max_ms)
{
  g_return_if_fail (self != NULL);

  self->initial_ms = initial_ms;
  self->max_ms = max_ms;
  self->attempt = 0;
}

/**
 * vireo_backoff_next:
 * @self: a #VireoBackoff
 *
 * Returns the delay before the next attempt and advances the sequence.
 *
 * Returns: the delay in milliseconds, at most the maximum given to vireo_backoff_init()
 */
guint
vireo_backoff_next (VireoBackoff *self)
{
  guint64 delay;

  g_return_val_if_fail (self != NULL, 0);

  /* Doubling stops at the cap (at most 32 rounds in 64 bits), so no call count can overflow. */
  delay = MIN (self->initial_ms, self->max_ms);
  for (guint i = 0; i < self->attempt && delay < self->max_ms; i++)
    delay = MIN (delay * 2, (guint64) self->max_ms);

  if (self->attempt < G_MAXUINT)
    self->attempt++;

  return (guint) delay;
}

/**
 * vireo_backoff_reset:
 * @self: a #VireoBackoff
 *
 * Starts the sequence over, e.g. after a successful connection: the next delay is the initial one.
 */
void
vireo_backoff_reset (VireoBackoff *self)
{
  g_return_if_fail (self != NULL);

  self->attempt = 0;
}
