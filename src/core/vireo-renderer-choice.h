/* vireo-renderer-choice.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * GTK's GL renderer without a GPU runs on llvmpipe: measured here, a 1000-row list takes 1.9 s and
 * 197 MiB against 0.7 s and 91 MiB with the cairo renderer, and over ssh -X every GL frame crosses
 * the network as pixels. So Vireo picks cairo itself when GL would be software-rendered or the
 * display is remote; a GSK_RENDERER the user set always wins.
 */
typedef struct
{
  const char *gsk_renderer;    /* $GSK_RENDERER */
  gboolean    has_render_node; /* a /dev/dri/renderD* node exists */
  const char *ssh_connection;  /* $SSH_CONNECTION */
  const char *display;         /* $DISPLAY */
  const char *wayland_display; /* $WAYLAND_DISPLAY */
} VireoRendererEnv;

/* Returns the renderer to force ("cairo"), or NULL to let GTK choose. Pure. */
const char *vireo_renderer_choose      (const VireoRendererEnv *env);
/* Whether $DISPLAY names an X server on another machine or a forwarded one (ssh -X uses
 * "localhost:10.0"). Pure. */
gboolean    vireo_display_is_remote    (const char             *display);
/* $GDK_DEBUG plus "gl-disable": no EGL/GLX (and no llvmpipe) in a process drawing with cairo. */
char       *vireo_renderer_gdk_debug_without_gl (const char *gdk_debug);
/* Reads this process's environment and /dev/dri, and sets GSK_RENDERER when
 * vireo_renderer_choose() says so. Call before GTK initialises. */
void        vireo_renderer_apply       (void);

G_END_DECLS
