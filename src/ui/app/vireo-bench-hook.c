/* vireo-bench-hook.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vireo-bench-hook.h"

/* Milliseconds since this process started: /proc/self/stat's start time is in clock ticks since
 * boot, the same clock as CLOCK_BOOTTIME. */
static double
ms_since_start (void)
{
  g_autofree char *stat = NULL;
  struct timespec now;
  const char *after_comm;
  unsigned long long start_ticks = 0;
  int field = 2;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_comm = strrchr (stat, ')')) == NULL)
    return -1;

  /* Field 22 is starttime; fields count from the command name's closing parenthesis. */
  for (const char *p = after_comm + 1; *p != '\0'; p++)
    if (*p == ' ' && ++field == 22)
      {
        start_ticks = g_ascii_strtoull (p + 1, NULL, 10);
        break;
      }

  clock_gettime (CLOCK_BOOTTIME, &now);
  return (now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / sysconf (_SC_CLK_TCK)) * 1000.0;
}

static void
on_after_paint (GdkFrameClock *clock,
                VireoWindow   *window)
{
  VireoConnection *connection = vireo_window_get_selected_connection (window);

  if (connection == NULL || !vireo_connection_get_domains_loaded (connection))
    return;

  g_debug ("List painted");
  fprintf (stderr, "VIREO-BENCH populated %u %.0f\n",
           g_list_model_get_n_items (vireo_connection_get_domains (connection)), ms_since_start ());
  fflush (stderr);
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
}

static void
on_realize (GtkWidget   *widget,
            VireoWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), window, 0);
}

void
vireo_bench_hook_install (VireoWindow *window)
{
  g_return_if_fail (VIREO_IS_WINDOW (window));

  if (g_strcmp0 (g_getenv ("VIREO_BENCH"), "1") != 0)
    return;

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize (GTK_WIDGET (window), window);
  else
    g_signal_connect_object (window, "realize", G_CALLBACK (on_realize), window, 0);
}
