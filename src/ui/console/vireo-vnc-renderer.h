/* vireo-vnc-renderer.h: how the VNC display draws its framebuffer, chosen by GTK's renderer
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-vnc-framebuffer.h"
#include "vireo-vnc-geometry.h"

G_BEGIN_DECLS

/**
 * VireoVncRenderStrategy:
 * @VIREO_VNC_RENDER_NONE: not realized
 * @VIREO_VNC_RENDER_CAIRO: a cairo node per 256x256 tile over the live pixels, remade when most
 *   of the tile changed, with patch nodes over it for small changes; only new nodes are redrawn
 *   (GskCairoRenderer: textures there go through a slow float conversion in GTK 4.8); scaled
 *   tiles meet on whole device pixels and carry their filter's margin, so no seams
 * @VIREO_VNC_RENDER_GL_TEXTURE: our own GL texture, only the damaged rectangles uploaded,
 *   wrapped as a GdkGLTexture per frame (GskGLRenderer)
 * @VIREO_VNC_RENDER_TILES: 256x256 memory textures aliasing the pixels, only damaged tiles
 *   replaced (when no GL context can be made); one texture over everything when scaled, since
 *   tiles show seams when magnified
 */
typedef enum
{
  VIREO_VNC_RENDER_NONE,
  VIREO_VNC_RENDER_CAIRO,
  VIREO_VNC_RENDER_GL_TEXTURE,
  VIREO_VNC_RENDER_TILES,
} VireoVncRenderStrategy;

typedef struct _VireoVncRenderer VireoVncRenderer;

VireoVncRenderer       *vireo_vnc_renderer_new          (void);
void                    vireo_vnc_renderer_free         (VireoVncRenderer        *self);
/* Picks the strategy for @widget's native renderer; $VIREO_VNC_RENDER (cairo, gl, tiles)
 * overrides it for debugging. */
void                    vireo_vnc_renderer_realize      (VireoVncRenderer        *self,
                                                         GtkWidget               *widget);
void                    vireo_vnc_renderer_unrealize    (VireoVncRenderer        *self);
VireoVncRenderStrategy  vireo_vnc_renderer_get_strategy (VireoVncRenderer        *self);
/* Draws @fb at @placement and consumes its damage. */
void                    vireo_vnc_renderer_snapshot     (VireoVncRenderer        *self,
                                                         VireoVncFramebuffer     *fb,
                                                         GtkSnapshot             *snapshot,
                                                         const VireoVncPlacement *placement,
                                                         int                      device_scale);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoVncRenderer, vireo_vnc_renderer_free)

G_END_DECLS
