/* vireo-renderer-choice.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-renderer"

#include "config.h"

#include <string.h>

#include "vireo-renderer-choice.h"

/**
 * vireo_display_is_remote:
 * @display: (nullable): an X11 display name
 *
 * "host:N" or "localhost:N" (what ssh -X sets) go through TCP; ":N" and "unix:N" are local.
 *
 * Returns: %TRUE when drawing crosses a network
 */
gboolean
vireo_display_is_remote (const char *display)
{
  const char *colon;

  if (display == NULL || *display == '\0' || *display == ':')
    return FALSE;

  colon = strrchr (display, ':');
  if (colon == NULL)
    return FALSE;

  /* "unix:0" and a path (XQuartz's "/private/tmp/…:0") are local sockets. */
  if (g_str_has_prefix (display, "unix:") || *display == '/')
    return FALSE;

  return TRUE;
}

/**
 * vireo_renderer_choose:
 * @env: what the process knows of its display
 *
 * Returns: (nullable): "cairo" to force it, or %NULL to leave GTK's choice
 */
const char *
vireo_renderer_choose (const VireoRendererEnv *env)
{
  g_return_val_if_fail (env != NULL, NULL);

  if (env->gsk_renderer != NULL && *env->gsk_renderer != '\0')
    return NULL;

  /* X11 forwarded over ssh: GL frames would travel as images. */
  if (env->ssh_connection != NULL && *env->ssh_connection != '\0' &&
      (env->wayland_display == NULL || *env->wayland_display == '\0') &&
      vireo_display_is_remote (env->display))
    return "cairo";

  /* No GPU render node: GL would be llvmpipe. */
  if (!env->has_render_node)
    return "cairo";

  return NULL;
}

/**
 * vireo_renderer_gdk_debug_without_gl:
 * @gdk_debug: (nullable): the current $GDK_DEBUG
 *
 * GTK 4.8's X11 backend initialises EGL or GLX when it opens the display, only to pick a visual,
 * even when the cairo renderer is forced: without a GPU that maps Mesa's llvmpipe (libLLVM, about
 * 50 MiB of RSS and 70 ms of start-up) for nothing. "gl-disable" (honoured by release builds of
 * 4.8; 4.16 spells it GDK_DISABLE=gl) keeps GL out of the process.
 *
 * Returns: (transfer full): @gdk_debug with "gl-disable" added, once
 */
char *
vireo_renderer_gdk_debug_without_gl (const char *gdk_debug)
{
  g_auto(GStrv) flags = NULL;

  if (gdk_debug == NULL || *gdk_debug == '\0')
    return g_strdup ("gl-disable");

  flags = g_strsplit_set (gdk_debug, ",:; ", -1);
  for (guint i = 0; flags[i] != NULL; i++)
    if (g_str_equal (flags[i], "gl-disable") || g_str_equal (flags[i], "all"))
      return g_strdup (gdk_debug);

  return g_strconcat (gdk_debug, ",gl-disable", NULL);
}

static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

/**
 * vireo_renderer_apply:
 *
 * Sets GSK_RENDERER=cairo when vireo_renderer_choose() says so, and then keeps GDK from loading
 * GL at all (see vireo_renderer_gdk_debug_without_gl()). Call from main() before GTK initialises
 * (and before any thread starts).
 */
void
vireo_renderer_apply (void)
{
  VireoRendererEnv env = {
    g_getenv ("GSK_RENDERER"),
    has_render_node (),
    g_getenv ("SSH_CONNECTION"),
    g_getenv ("DISPLAY"),
    g_getenv ("WAYLAND_DISPLAY"),
  };
  const char *renderer = vireo_renderer_choose (&env);

  if (renderer != NULL)
    {
      g_autofree char *gdk_debug = vireo_renderer_gdk_debug_without_gl (g_getenv ("GDK_DEBUG"));

      g_debug ("Using the %s renderer (no GPU, or a remote display)", renderer);
      g_setenv ("GSK_RENDERER", renderer, TRUE);
      g_setenv ("GDK_DEBUG", gdk_debug, TRUE);
    }
}
