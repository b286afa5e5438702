/* vireo-vnc-framebuffer.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <string.h>

#include "vireo-vnc-framebuffer.h"

#define OPAQUE 0xff000000u

struct _VireoVncFramebuffer
{
  GObject             parent_instance;

  /* Owned */
  guint8             *pixels;
  VncBaseFramebuffer *vnc;
  VncPixelFormat      remote;
  VireoVncDamage      damage;

  int                 width;
  int                 height;
  int                 stride;
  /* gvnc copies the server's bytes unchanged only when the formats match exactly; QEMU sends 0
   * in the pad byte, which texture renderers would take as "transparent". */
  guint               perfect_match : 1;
  guint               alpha_fix : 1;
};

G_DEFINE_FINAL_TYPE (VireoVncFramebuffer, vireo_vnc_framebuffer, G_TYPE_OBJECT)

const VncPixelFormat *
vireo_vnc_framebuffer_local_format (void)
{
  static const VncPixelFormat format = {
    .bits_per_pixel = 32,
    .depth = 24,
    .byte_order = G_BYTE_ORDER,
    .true_color_flag = 1,
    .red_max = 255,
    .green_max = 255,
    .blue_max = 255,
    .red_shift = 16,
    .green_shift = 8,
    .blue_shift = 0,
  };

  return &format;
}

/* The condition under which gvnc's blits are plain copies of the server's pixels (decided lazily
 * inside gvnc at the first blit, so it cannot be asked for up front). */
static gboolean
formats_copy_verbatim (const VncPixelFormat *local,
                       const VncPixelFormat *remote)
{
  return remote->true_color_flag &&
         local->bits_per_pixel == remote->bits_per_pixel &&
         local->red_max == remote->red_max &&
         local->green_max == remote->green_max &&
         local->blue_max == remote->blue_max &&
         local->red_shift == remote->red_shift &&
         local->green_shift == remote->green_shift &&
         local->blue_shift == remote->blue_shift &&
         local->byte_order == G_BYTE_ORDER &&
         remote->byte_order == G_BYTE_ORDER;
}

static void
vireo_vnc_framebuffer_finalize (GObject *object)
{
  VireoVncFramebuffer *self = VIREO_VNC_FRAMEBUFFER (object);

  g_clear_object (&self->vnc);
  g_clear_pointer (&self->pixels, g_free);

  G_OBJECT_CLASS (vireo_vnc_framebuffer_parent_class)->finalize (object);
}

static void
vireo_vnc_framebuffer_class_init (VireoVncFramebufferClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vireo_vnc_framebuffer_finalize;
}

static void
vireo_vnc_framebuffer_init (VireoVncFramebuffer *self)
{
}

/**
 * vireo_vnc_framebuffer_new:
 * @width: guest screen width
 * @height: guest screen height
 * @remote_format: the pixel format the server sends
 *
 * Starts opaque black.
 *
 * Returns: (transfer full): a new framebuffer
 */
VireoVncFramebuffer *
vireo_vnc_framebuffer_new (int                   width,
                           int                   height,
                           const VncPixelFormat *remote_format)
{
  VireoVncFramebuffer *self;
  guint32 *p;
  gsize n;

  g_return_val_if_fail (width > 0 && height > 0 && width <= G_MAXUINT16 && height <= G_MAXUINT16, NULL);
  g_return_val_if_fail (remote_format != NULL, NULL);

  self = g_object_new (VIREO_TYPE_VNC_FRAMEBUFFER, NULL);
  self->width = width;
  self->height = height;
  self->stride = width * 4;
  self->remote = *remote_format;
  self->perfect_match = formats_copy_verbatim (vireo_vnc_framebuffer_local_format (), remote_format);

  n = (gsize) width * height;
  self->pixels = g_malloc (n * 4);
  p = (guint32 *) self->pixels;
  for (gsize i = 0; i < n; i++)
    p[i] = OPAQUE;

  self->vnc = vnc_base_framebuffer_new (self->pixels, width, height, self->stride,
                                        vireo_vnc_framebuffer_local_format (), remote_format);
  vireo_vnc_damage_init (&self->damage, width, height);
  vireo_vnc_damage_add_all (&self->damage);

  return self;
}

gboolean
vireo_vnc_framebuffer_matches (VireoVncFramebuffer  *self,
                               int                   width,
                               int                   height,
                               const VncPixelFormat *remote_format)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), FALSE);

  return self->width == width && self->height == height &&
         vnc_pixel_format_match (&self->remote, remote_format);
}

VncFramebuffer *
vireo_vnc_framebuffer_get_vnc (VireoVncFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), NULL);
  return VNC_FRAMEBUFFER (self->vnc);
}

int
vireo_vnc_framebuffer_get_width (VireoVncFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), 0);
  return self->width;
}

int
vireo_vnc_framebuffer_get_height (VireoVncFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), 0);
  return self->height;
}

int
vireo_vnc_framebuffer_get_stride (VireoVncFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), 0);
  return self->stride;
}

const guint8 *
vireo_vnc_framebuffer_get_pixels (VireoVncFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), NULL);
  return self->pixels;
}

/**
 * vireo_vnc_framebuffer_get_bytes:
 *
 * Returns: (transfer full): bytes over the live pixels, holding a reference on @self
 */
GBytes *
vireo_vnc_framebuffer_get_bytes (VireoVncFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), NULL);

  return g_bytes_new_with_free_func (self->pixels, (gsize) self->stride * self->height,
                                     g_object_unref, g_object_ref (self));
}

static void
make_opaque (VireoVncFramebuffer *self,
             int                  x,
             int                  y,
             int                  width,
             int                  height)
{
  for (int row = y; row < y + height; row++)
    {
      guint32 *p = (guint32 *) (self->pixels + (gsize) row * self->stride) + x;

      for (int i = 0; i < width; i++)
        p[i] |= OPAQUE;
    }
}

void
vireo_vnc_framebuffer_set_alpha_fix (VireoVncFramebuffer *self,
                                     gboolean             alpha_fix)
{
  g_return_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self));

  alpha_fix = !!alpha_fix;
  if (self->alpha_fix == (guint) alpha_fix)
    return;

  self->alpha_fix = alpha_fix;
  if (alpha_fix && self->perfect_match)
    make_opaque (self, 0, 0, self->width, self->height);
}

void
vireo_vnc_framebuffer_update (VireoVncFramebuffer *self,
                              int                  x,
                              int                  y,
                              int                  width,
                              int                  height)
{
  int x2, y2;

  g_return_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self));

  x2 = CLAMP (x + width, 0, self->width);
  y2 = CLAMP (y + height, 0, self->height);
  x = CLAMP (x, 0, self->width);
  y = CLAMP (y, 0, self->height);
  if (x2 <= x || y2 <= y)
    return;

  if (self->alpha_fix && self->perfect_match)
    make_opaque (self, x, y, x2 - x, y2 - y);

  vireo_vnc_damage_add (&self->damage, x, y, x2 - x, y2 - y);
}

VireoVncDamage *
vireo_vnc_framebuffer_get_damage (VireoVncFramebuffer *self)
{
  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), NULL);
  return &self->damage;
}

/**
 * vireo_vnc_framebuffer_to_texture:
 *
 * Returns: (transfer full): a copy of the screen with every pixel opaque
 */
GdkTexture *
vireo_vnc_framebuffer_to_texture (VireoVncFramebuffer *self)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  guint32 *copy;

  g_return_val_if_fail (VIREO_IS_VNC_FRAMEBUFFER (self), NULL);

  size = (gsize) self->stride * self->height;
  copy = g_memdup2 (self->pixels, size);
  for (gsize i = 0; i < size / 4; i++)
    copy[i] |= OPAQUE;

  bytes = g_bytes_new_take (copy, size);
  return gdk_memory_texture_new (self->width, self->height, GDK_MEMORY_DEFAULT, bytes, self->stride);
}
