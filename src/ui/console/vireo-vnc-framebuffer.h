/* vireo-vnc-framebuffer.h: the guest screen in memory, written by gvnc, read by the renderer
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>
#include <gvnc.h>

#include "vireo-vnc-geometry.h"

G_BEGIN_DECLS

#define VIREO_TYPE_VNC_FRAMEBUFFER (vireo_vnc_framebuffer_get_type ())

G_DECLARE_FINAL_TYPE (VireoVncFramebuffer, vireo_vnc_framebuffer, VIREO, VNC_FRAMEBUFFER, GObject)

/* 32 bits per pixel, native-endian 0xXXRRGGBB: bytes B,G,R,X on little-endian, which is cairo's
 * RGB24 and GDK_MEMORY_DEFAULT once the pad byte is opaque. */
const VncPixelFormat *vireo_vnc_framebuffer_local_format (void);

VireoVncFramebuffer  *vireo_vnc_framebuffer_new       (int                   width,
                                                       int                   height,
                                                       const VncPixelFormat *remote_format);
gboolean              vireo_vnc_framebuffer_matches   (VireoVncFramebuffer  *self,
                                                       int                   width,
                                                       int                   height,
                                                       const VncPixelFormat *remote_format);
VncFramebuffer       *vireo_vnc_framebuffer_get_vnc   (VireoVncFramebuffer  *self);
int                   vireo_vnc_framebuffer_get_width (VireoVncFramebuffer  *self);
int                   vireo_vnc_framebuffer_get_height (VireoVncFramebuffer *self);
int                   vireo_vnc_framebuffer_get_stride (VireoVncFramebuffer *self);
const guint8         *vireo_vnc_framebuffer_get_pixels (VireoVncFramebuffer *self);
/* Bytes aliasing the live pixels (they keep the framebuffer alive): gvnc keeps writing into them. */
GBytes               *vireo_vnc_framebuffer_get_bytes (VireoVncFramebuffer  *self);

/* Whether the pad byte must be made opaque (renderers that treat it as alpha). Turning it on
 * fixes the whole buffer once; from then on every update. */
void                  vireo_vnc_framebuffer_set_alpha_fix (VireoVncFramebuffer *self,
                                                           gboolean             alpha_fix);
/* gvnc wrote this rectangle. */
void                  vireo_vnc_framebuffer_update    (VireoVncFramebuffer  *self,
                                                       int                   x,
                                                       int                   y,
                                                       int                   width,
                                                       int                   height);
/* What changed since the renderer last looked; the renderer clears it. */
VireoVncDamage       *vireo_vnc_framebuffer_get_damage (VireoVncFramebuffer *self);
/* An opaque copy of the current screen. */
GdkTexture           *vireo_vnc_framebuffer_to_texture (VireoVncFramebuffer *self);

G_END_DECLS
