/* vireo-vnc-renderer.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measured on Xvfb + llvmpipe (docs: research/vnc-console-gtk4.md §4): with GskGLRenderer an own GL
 * texture updated with glTexSubImage2D over the damaged rectangles is the cheapest path (5 ms per
 * 1024x768 full frame, 2.7 ms for a small update); with GskCairoRenderer cairo nodes are (GTK 4.8
 * converts every memory texture through floats there). GTK 4.8 has no partial texture update API
 * (GdkMemoryTextureBuilder with an update region is 4.16), hence the GL code.
 *
 * The cairo path keeps one cairo node per 256x256 tile, drawing the live pixels (no copies), and
 * makes new nodes only where an update wrote: GSK diffs the node tree by pointer, so the cairo
 * renderer redraws (and sends to the X server) only the new nodes' area. A large change remakes
 * its tile's node; a small one adds (or remakes) a patch node over the tile for just that
 * rectangle, so a 64x64 update redraws 64x64 pixels. One node over the whole framebuffer was
 * re-recorded, copied and redrawn whole on every update (5.9 ms for a 64x64 update at
 * 1920x1080, now 0.6).
 */

#define G_LOG_DOMAIN "vireo-vnc"

#include "config.h"

#include <math.h>

#include <epoxy/gl.h>

#include "vireo-vnc-renderer.h"

#define TILE_SIZE 256

/* A cairo node drawing @surface, an image surface over its part of the framebuffer (see
 * cairo_rect_node_new()). */
typedef struct
{
  GskRenderNode   *node;
  cairo_surface_t *surface;
  VireoVncRect     rect;    /* guest pixels it stands for */
} CairoPiece;

#define CAIRO_TILE_PATCHES 4

/* A tile: its base node and, drawn over it, patches for small updates. */
typedef struct
{
  CairoPiece base;
  CairoPiece patches[CAIRO_TILE_PATCHES];
  guint      n_patches;
} CairoTile;

/* Our GL texture, shared by the GdkGLTexture wrappers handed to GSK: deleted when the last one
 * (or the renderer) lets go, so a frame still on screen never shows a deleted texture. */
typedef struct
{
  gatomicrefcount  ref;
  GdkGLContext    *context;
  guint            id;
  int              width;
  int              height;
} GlTex;

struct _VireoVncRenderer
{
  VireoVncRenderStrategy  strategy;
  VireoVncFramebuffer    *fb; /* what the cached state below was made from */

  /* VIREO_VNC_RENDER_CAIRO */
  CairoTile              *cairo_tiles;
  int                     cairo_tiles_x;
  int                     cairo_tiles_y;
  double                  cairo_scale;        /* placement scale the tiles were made for */
  int                     cairo_device_scale;
  GPtrArray              *cairo_retired;      /* surfaces of tiles remade in the last snapshot */

  /* VIREO_VNC_RENDER_GL_TEXTURE */
  GdkGLContext           *gl;
  gboolean                gles;
  gboolean                swizzle;
  GlTex                  *tex;
  GdkTexture             *wrapper; /* the last frame's, reused while nothing changed */

  /* VIREO_VNC_RENDER_TILES */
  GBytes                 *content;
  GPtrArray              *tiles;
  int                     tiles_x;
  int                     tiles_y;
  GdkTexture             *whole;
};

/* GL helpers */

static GdkGLContext *
gl_enter (GdkGLContext *context)
{
  GdkGLContext *previous = gdk_gl_context_get_current ();

  if (previous != NULL)
    g_object_ref (previous);
  gdk_gl_context_make_current (context);
  return previous;
}

static void
gl_leave (GdkGLContext *previous)
{
  if (previous != NULL)
    {
      gdk_gl_context_make_current (previous);
      g_object_unref (previous);
    }
  else
    gdk_gl_context_clear_current ();
}

static GlTex *
gl_tex_ref (GlTex *tex)
{
  g_atomic_ref_count_inc (&tex->ref);
  return tex;
}

static void
gl_tex_unref (gpointer data)
{
  GlTex *tex = data;
  GdkGLContext *previous;

  if (!g_atomic_ref_count_dec (&tex->ref))
    return;

  previous = gl_enter (tex->context);
  glDeleteTextures (1, &tex->id);
  gl_leave (previous);

  g_object_unref (tex->context);
  g_free (tex);
}

static GlTex *
gl_tex_new (VireoVncRenderer *self,
            int               width,
            int               height)
{
  GlTex *tex = g_new0 (GlTex, 1);
  GdkGLContext *previous;

  g_atomic_ref_count_init (&tex->ref);
  tex->context = g_object_ref (self->gl);
  tex->width = width;
  tex->height = height;

  previous = gl_enter (self->gl);
  glGenTextures (1, &tex->id);
  glBindTexture (GL_TEXTURE_2D, tex->id);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (self->gles)
    glTexImage2D (GL_TEXTURE_2D, 0, GL_BGRA_EXT, width, height, 0, GL_BGRA_EXT, GL_UNSIGNED_BYTE, NULL);
  else
    glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, NULL);
  /* The fourth byte is padding, not alpha (QEMU sends 0): read it as opaque. */
  if (self->swizzle)
    glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_A, GL_ONE);
  glBindTexture (GL_TEXTURE_2D, 0);
  gl_leave (previous);

  return tex;
}

static void
gl_upload (VireoVncRenderer    *self,
           VireoVncFramebuffer *fb,
           VireoVncDamage      *damage)
{
  const guint8 *pixels = vireo_vnc_framebuffer_get_pixels (fb);
  int stride = vireo_vnc_framebuffer_get_stride (fb);
  GdkGLContext *previous;

  previous = gl_enter (self->gl);
  glBindTexture (GL_TEXTURE_2D, self->tex->id);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);
  glPixelStorei (GL_UNPACK_ROW_LENGTH, stride / 4);
  for (guint i = 0; i < damage->n_rects; i++)
    {
      const VireoVncRect *r = &damage->rects[i];
      const guint8 *start = pixels + (gsize) r->y * stride + (gsize) r->x * 4;

      if (self->gles)
        glTexSubImage2D (GL_TEXTURE_2D, 0, r->x, r->y, r->width, r->height,
                         GL_BGRA_EXT, GL_UNSIGNED_BYTE, start);
      else
        glTexSubImage2D (GL_TEXTURE_2D, 0, r->x, r->y, r->width, r->height,
                         GL_BGRA, GL_UNSIGNED_INT_8_8_8_8_REV, start);
    }
  glPixelStorei (GL_UNPACK_ROW_LENGTH, 0);
  glBindTexture (GL_TEXTURE_2D, 0);
  /* GSK samples the texture from its own (shared) context. */
  glFlush ();
  gl_leave (previous);
}

static gboolean
gl_init (VireoVncRenderer *self,
         GtkWidget        *widget)
{
  g_autoptr(GError) error = NULL;
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  GdkGLContext *previous;
  gboolean usable = TRUE;
  int version;

  self->gl = gdk_surface_create_gl_context (surface, &error);
  if (self->gl == NULL || !gdk_gl_context_realize (self->gl, &error))
    {
      g_debug ("No GL context for the VNC display, drawing tiles: %s", error->message);
      g_clear_object (&self->gl);
      return FALSE;
    }

  previous = gl_enter (self->gl);
  self->gles = gdk_gl_context_get_use_es (self->gl);
  version = epoxy_gl_version ();
  if (self->gles)
    {
      /* BGRA uploads need the extension, row lengths GLES 3; byte order makes BGRA = our pixels
       * on little-endian only. */
      usable = version >= 30 && epoxy_has_gl_extension ("GL_EXT_texture_format_BGRA8888") &&
               G_BYTE_ORDER == G_LITTLE_ENDIAN;
      self->swizzle = TRUE;
    }
  else
    self->swizzle = version >= 33 || epoxy_has_gl_extension ("GL_ARB_texture_swizzle");
  gl_leave (previous);

  if (!usable)
    {
      g_debug ("The GL context cannot take BGRA uploads, drawing tiles");
      g_clear_object (&self->gl);
      return FALSE;
    }

  return TRUE;
}

/* State */

/* A surface destroyed while a recording still holds its snapshot is copied first (cairo's
 * copy-on-write). GSK keeps the frame on screen, and so the old node, until the next frame is
 * drawn: the surface waits until the snapshot after that, when the node is gone. */
static void
cairo_piece_retire (VireoVncRenderer *self,
                    CairoPiece       *piece)
{
  g_clear_pointer (&piece->node, gsk_render_node_unref);
  if (piece->surface != NULL)
    g_ptr_array_add (self->cairo_retired, g_steal_pointer (&piece->surface));
}

static void
cairo_tile_retire (VireoVncRenderer *self,
                   CairoTile        *tile)
{
  cairo_piece_retire (self, &tile->base);
  for (guint i = 0; i < tile->n_patches; i++)
    cairo_piece_retire (self, &tile->patches[i]);
  tile->n_patches = 0;
}

static void
cairo_piece_clear (CairoPiece *piece)
{
  g_clear_pointer (&piece->node, gsk_render_node_unref);
  g_clear_pointer (&piece->surface, cairo_surface_destroy);
}

static void
cairo_tile_clear (CairoTile *tile)
{
  cairo_piece_clear (&tile->base);
  for (guint i = 0; i < tile->n_patches; i++)
    cairo_piece_clear (&tile->patches[i]);
  tile->n_patches = 0;
}

static void
drop_cairo_tiles (VireoVncRenderer *self)
{
  for (int i = 0; i < self->cairo_tiles_x * self->cairo_tiles_y; i++)
    cairo_tile_clear (&self->cairo_tiles[i]);
  g_clear_pointer (&self->cairo_tiles, g_free);
  self->cairo_tiles_x = self->cairo_tiles_y = 0;
  g_ptr_array_set_size (self->cairo_retired, 0);
}

static void
drop_cached (VireoVncRenderer *self)
{
  drop_cairo_tiles (self);
  g_clear_object (&self->wrapper);
  g_clear_pointer (&self->tex, gl_tex_unref);
  g_clear_pointer (&self->tiles, g_ptr_array_unref);
  g_clear_object (&self->whole);
  g_clear_pointer (&self->content, g_bytes_unref);
  g_clear_object (&self->fb);
}

/* The cairo node reads RGB24 (pad ignored) and the GL texture swizzles alpha to one; memory
 * textures take the pad byte as alpha, so they need it opaque. */
static gboolean
needs_alpha_fix (VireoVncRenderer *self)
{
  switch (self->strategy)
    {
    case VIREO_VNC_RENDER_TILES:
      return TRUE;
    case VIREO_VNC_RENDER_GL_TEXTURE:
      return !self->swizzle;
    case VIREO_VNC_RENDER_NONE:
    case VIREO_VNC_RENDER_CAIRO:
    default:
      return FALSE;
    }
}

static void
attach (VireoVncRenderer    *self,
        VireoVncFramebuffer *fb)
{
  if (self->fb == fb)
    return;

  drop_cached (self);
  self->fb = g_object_ref (fb);
  vireo_vnc_framebuffer_set_alpha_fix (fb, needs_alpha_fix (self));
  vireo_vnc_damage_add_all (vireo_vnc_framebuffer_get_damage (fb));
}

VireoVncRenderer *
vireo_vnc_renderer_new (void)
{
  VireoVncRenderer *self = g_new0 (VireoVncRenderer, 1);

  self->cairo_retired = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  return self;
}

void
vireo_vnc_renderer_free (VireoVncRenderer *self)
{
  if (self == NULL)
    return;

  vireo_vnc_renderer_unrealize (self);
  g_ptr_array_unref (self->cairo_retired);
  g_free (self);
}

/* <gsk/gl/gskglrenderer.h> cannot be included on its own in GTK 4.8 (nor is it in <gtk/gtk.h>). */
static gboolean
is_gl_renderer (GskRenderer *renderer)
{
  GType gl = g_type_from_name ("GskGLRenderer");

  return renderer != NULL && gl != G_TYPE_INVALID && G_TYPE_CHECK_INSTANCE_TYPE (renderer, gl);
}

void
vireo_vnc_renderer_realize (VireoVncRenderer *self,
                            GtkWidget        *widget)
{
  GskRenderer *renderer;
  const char *forced;

  g_return_if_fail (self != NULL);
  g_return_if_fail (gtk_widget_get_realized (widget));

  vireo_vnc_renderer_unrealize (self);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  forced = g_getenv ("VIREO_VNC_RENDER");

  if (g_strcmp0 (forced, "cairo") == 0)
    self->strategy = VIREO_VNC_RENDER_CAIRO;
  else if (g_strcmp0 (forced, "tiles") == 0)
    self->strategy = VIREO_VNC_RENDER_TILES;
  else if (g_strcmp0 (forced, "gl") != 0 && GSK_IS_CAIRO_RENDERER (renderer))
    self->strategy = VIREO_VNC_RENDER_CAIRO;
  else if (is_gl_renderer (renderer) && gl_init (self, widget))
    self->strategy = VIREO_VNC_RENDER_GL_TEXTURE;
  else
    self->strategy = VIREO_VNC_RENDER_TILES;

  g_debug ("VNC display draws with strategy %d (renderer %s)",
           self->strategy, renderer ? G_OBJECT_TYPE_NAME (renderer) : "none");
}

void
vireo_vnc_renderer_unrealize (VireoVncRenderer *self)
{
  g_return_if_fail (self != NULL);

  drop_cached (self);
  g_clear_object (&self->gl);
  self->strategy = VIREO_VNC_RENDER_NONE;
}

VireoVncRenderStrategy
vireo_vnc_renderer_get_strategy (VireoVncRenderer *self)
{
  g_return_val_if_fail (self != NULL, VIREO_VNC_RENDER_NONE);
  return self->strategy;
}

/* Drawing */

static gboolean
is_unscaled (const VireoVncPlacement *placement,
             int                      device_scale)
{
  return fabs (placement->scale * device_scale - 1.0) < 1e-9;
}

/* Guest pixels a scaled tile needs beyond its edges: the filter's reach (cairo's GOOD filter
 * averages about 1/scale pixels when shrinking, interpolates between two when magnifying). None
 * unscaled (nearest, whole pixels). */
static int
cairo_tile_margin (const VireoVncPlacement *placement,
                   int                      device_scale)
{
  if (is_unscaled (placement, device_scale))
    return 0;
  return MIN (TILE_SIZE, (int) ceil (1.0 / (placement->scale * device_scale)) + 2);
}

/* Where guest column (or row) @g lands, relative to the placement's origin: on a whole device
 * pixel, so neighbouring tiles meet without a blended seam and a patch covers exactly what its
 * tile shows there. */
static double
cairo_edge (int     g,
            double  scale,
            int     device_scale)
{
  return round (g * scale * device_scale) / device_scale;
}

static const cairo_user_data_key_t tile_fb_key;

/* A node drawing the guest pixels @rect (clipped to the framebuffer) at @placement's scale. */
static void
cairo_piece_make (CairoPiece              *piece,
                  VireoVncFramebuffer     *fb,
                  const VireoVncRect      *rect,
                  const VireoVncPlacement *placement,
                  int                      device_scale)
{
  int width = vireo_vnc_framebuffer_get_width (fb);
  int height = vireo_vnc_framebuffer_get_height (fb);
  int stride = vireo_vnc_framebuffer_get_stride (fb);
  const guint8 *pixels = vireo_vnc_framebuffer_get_pixels (fb);
  int margin = cairo_tile_margin (placement, device_scale);
  int x0 = rect->x, y0 = rect->y, x1 = rect->x + rect->width, y1 = rect->y + rect->height;
  int sx0 = MAX (0, x0 - margin), sy0 = MAX (0, y0 - margin);
  int sx1 = MIN (width, x1 + margin), sy1 = MIN (height, y1 + margin);
  double dx0 = cairo_edge (x0, placement->scale, device_scale);
  double dy0 = cairo_edge (y0, placement->scale, device_scale);
  double dx1 = cairo_edge (x1, placement->scale, device_scale);
  double dy1 = cairo_edge (y1, placement->scale, device_scale);
  cairo_t *cr;

  /* A new surface over the rectangle's part of the live pixels, no copy: the recording below
   * keeps a copy-on-write snapshot of it, and the surface is never marked dirty or flushed, so
   * the snapshot reads the pixels when GSK draws the node (cairo reads a snapshot's live target;
   * GSK draws on the main thread, where gvnc writes). So a node always shows the current
   * pixels; new nodes are what tell GSK's diff which area changed. The surface holds the
   * framebuffer, so a copy-on-write when it goes still reads live memory. */
  piece->rect = *rect;
  piece->surface = cairo_image_surface_create_for_data ((guchar *) pixels + (gsize) sy0 * stride + (gsize) sx0 * 4,
                                                        CAIRO_FORMAT_RGB24, sx1 - sx0, sy1 - sy0,
                                                        stride);
  cairo_surface_set_user_data (piece->surface, &tile_fb_key, g_object_ref (fb), g_object_unref);

  piece->node = gsk_cairo_node_new (&GRAPHENE_RECT_INIT (dx0, dy0, dx1 - dx0, dy1 - dy0));
  cr = gsk_cairo_node_get_draw_context (piece->node); /* clipped to the node's bounds */
  cairo_scale (cr, placement->scale, placement->scale);
  cairo_set_source_surface (cr, piece->surface, sx0, sy0);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            margin == 0 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static gboolean
rect_contains (const VireoVncRect *outer,
               const VireoVncRect *inner)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

/* @changed (inside @tile) was written. A new node is what makes GSK redraw an area, and only
 * that node's area: a large change remakes the tile's base (and drops its patches), a small one
 * remakes the patch that covers it or adds one, so a 64x64 update redraws 64x64 pixels, not
 * the whole tile. */
static void
cairo_tile_damage (VireoVncRenderer        *self,
                   CairoTile               *tile,
                   VireoVncFramebuffer     *fb,
                   const VireoVncRect      *changed,
                   const VireoVncPlacement *placement,
                   int                      device_scale)
{
  const VireoVncRect *whole = &tile->base.rect;

  if (tile->base.node == NULL)
    return; /* made whole when drawn */

  if ((gint64) changed->width * changed->height * 2 < (gint64) whole->width * whole->height)
    {
      for (guint i = 0; i < tile->n_patches; i++)
        if (rect_contains (&tile->patches[i].rect, changed))
          {
            VireoVncRect rect = tile->patches[i].rect;

            cairo_piece_retire (self, &tile->patches[i]);
            cairo_piece_make (&tile->patches[i], fb, &rect, placement, device_scale);
            return;
          }
      if (tile->n_patches < CAIRO_TILE_PATCHES)
        {
          cairo_piece_make (&tile->patches[tile->n_patches++], fb, changed, placement, device_scale);
          return;
        }
    }

  {
    VireoVncRect rect = *whole;

    cairo_tile_retire (self, tile);
    cairo_piece_make (&tile->base, fb, &rect, placement, device_scale);
  }
}

static void
snapshot_cairo (VireoVncRenderer        *self,
                VireoVncFramebuffer     *fb,
                GtkSnapshot             *snapshot,
                const VireoVncPlacement *placement,
                int                      device_scale)
{
  VireoVncDamage *damage = vireo_vnc_framebuffer_get_damage (fb);
  int width = vireo_vnc_framebuffer_get_width (fb);
  int height = vireo_vnc_framebuffer_get_height (fb);
  int margin;

  /* The previous snapshot's frame has been drawn since: its nodes are gone. */
  g_ptr_array_set_size (self->cairo_retired, 0);

  /* The tiles are drawn for one scale: another scale remakes them all. */
  if (self->cairo_tiles != NULL &&
      (self->cairo_scale != placement->scale || self->cairo_device_scale != device_scale))
    drop_cairo_tiles (self);

  if (self->cairo_tiles == NULL)
    {
      self->cairo_tiles_x = (width + TILE_SIZE - 1) / TILE_SIZE;
      self->cairo_tiles_y = (height + TILE_SIZE - 1) / TILE_SIZE;
      self->cairo_tiles = g_new0 (CairoTile, self->cairo_tiles_x * self->cairo_tiles_y);
      self->cairo_scale = placement->scale;
      self->cairo_device_scale = device_scale;
    }

  /* Scaled, a changed pixel shows as far as the filter reaches. */
  margin = cairo_tile_margin (placement, device_scale);
  for (guint i = 0; i < damage->n_rects; i++)
    {
      const VireoVncRect *r = &damage->rects[i];
      int x0 = MAX (0, r->x - margin), y0 = MAX (0, r->y - margin);
      int x1 = MIN (width, r->x + r->width + margin), y1 = MIN (height, r->y + r->height + margin);

      for (int ty = y0 / TILE_SIZE; ty <= (y1 - 1) / TILE_SIZE; ty++)
        for (int tx = x0 / TILE_SIZE; tx <= (x1 - 1) / TILE_SIZE; tx++)
          {
            int cx0 = MAX (x0, tx * TILE_SIZE), cy0 = MAX (y0, ty * TILE_SIZE);
            int cx1 = MIN (x1, (tx + 1) * TILE_SIZE), cy1 = MIN (y1, (ty + 1) * TILE_SIZE);
            VireoVncRect changed = { cx0, cy0, cx1 - cx0, cy1 - cy0 };

            cairo_tile_damage (self, &self->cairo_tiles[ty * self->cairo_tiles_x + tx], fb, &changed,
                               placement, device_scale);
          }
    }
  vireo_vnc_damage_clear (damage);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (placement->x, placement->y));
  for (int ty = 0; ty < self->cairo_tiles_y; ty++)
    for (int tx = 0; tx < self->cairo_tiles_x; tx++)
      {
        CairoTile *tile = &self->cairo_tiles[ty * self->cairo_tiles_x + tx];

        if (tile->base.node == NULL)
          {
            VireoVncRect rect = { tx * TILE_SIZE, ty * TILE_SIZE,
                                  MIN (TILE_SIZE, width - tx * TILE_SIZE),
                                  MIN (TILE_SIZE, height - ty * TILE_SIZE) };

            cairo_piece_make (&tile->base, fb, &rect, placement, device_scale);
          }
        gtk_snapshot_append_node (snapshot, tile->base.node);
        for (guint i = 0; i < tile->n_patches; i++)
          gtk_snapshot_append_node (snapshot, tile->patches[i].node);
      }
  gtk_snapshot_restore (snapshot);
}

static void
snapshot_gl (VireoVncRenderer        *self,
             VireoVncFramebuffer     *fb,
             GtkSnapshot             *snapshot,
             const VireoVncPlacement *placement)
{
  VireoVncDamage *damage = vireo_vnc_framebuffer_get_damage (fb);
  int width = vireo_vnc_framebuffer_get_width (fb);
  int height = vireo_vnc_framebuffer_get_height (fb);

  if (self->tex == NULL)
    {
      self->tex = gl_tex_new (self, width, height);
      vireo_vnc_damage_add_all (damage);
    }

  if (!vireo_vnc_damage_is_empty (damage))
    {
      gl_upload (self, fb, damage);
      vireo_vnc_damage_clear (damage);
      g_clear_object (&self->wrapper);
    }

  /* A new wrapper per changed frame: GSK compares nodes by texture, and an unchanged frame keeps
   * the old one so nothing is redrawn. */
  if (self->wrapper == NULL)
    self->wrapper = gdk_gl_texture_new (self->gl, self->tex->id, width, height,
                                        gl_tex_unref, gl_tex_ref (self->tex));

  gtk_snapshot_append_texture (snapshot, self->wrapper,
                               &GRAPHENE_RECT_INIT (placement->x, placement->y,
                                                    placement->width, placement->height));
}

static void
tile_clear (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static void
snapshot_tiles (VireoVncRenderer        *self,
                VireoVncFramebuffer     *fb,
                GtkSnapshot             *snapshot,
                const VireoVncPlacement *placement,
                int                      device_scale)
{
  VireoVncDamage *damage = vireo_vnc_framebuffer_get_damage (fb);
  int width = vireo_vnc_framebuffer_get_width (fb);
  int height = vireo_vnc_framebuffer_get_height (fb);
  int stride = vireo_vnc_framebuffer_get_stride (fb);

  if (self->tiles == NULL)
    {
      self->content = vireo_vnc_framebuffer_get_bytes (fb);
      self->tiles_x = (width + TILE_SIZE - 1) / TILE_SIZE;
      self->tiles_y = (height + TILE_SIZE - 1) / TILE_SIZE;
      /* NULL slots are tiles not made yet: the free function must accept NULL. */
      self->tiles = g_ptr_array_new_full (self->tiles_x * self->tiles_y, tile_clear);
      g_ptr_array_set_size (self->tiles, self->tiles_x * self->tiles_y);
    }

  /* The textures alias the live pixels: a damaged tile gets a new texture (GSK caches uploads
   * per texture), an untouched one keeps its upload. */
  for (guint i = 0; i < damage->n_rects; i++)
    {
      const VireoVncRect *r = &damage->rects[i];

      for (int ty = r->y / TILE_SIZE; ty <= (r->y + r->height - 1) / TILE_SIZE; ty++)
        for (int tx = r->x / TILE_SIZE; tx <= (r->x + r->width - 1) / TILE_SIZE; tx++)
          g_clear_object (&g_ptr_array_index (self->tiles, ty * self->tiles_x + tx));
    }
  if (!vireo_vnc_damage_is_empty (damage))
    g_clear_object (&self->whole);
  vireo_vnc_damage_clear (damage);

  if (!is_unscaled (placement, device_scale))
    {
      /* Magnified tiles show seams (each clamps its own edge when filtering): one texture. */
      if (self->whole == NULL)
        self->whole = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, self->content, stride);
      gtk_snapshot_append_texture (snapshot, self->whole,
                                   &GRAPHENE_RECT_INIT (placement->x, placement->y,
                                                        placement->width, placement->height));
      return;
    }

  for (int ty = 0; ty < self->tiles_y; ty++)
    for (int tx = 0; tx < self->tiles_x; tx++)
      {
        GdkTexture **tile = (GdkTexture **) &g_ptr_array_index (self->tiles, ty * self->tiles_x + tx);
        int x = tx * TILE_SIZE, y = ty * TILE_SIZE;
        int tw = MIN (TILE_SIZE, width - x), th = MIN (TILE_SIZE, height - y);

        if (*tile == NULL)
          {
            g_autoptr(GBytes) sub = g_bytes_new_from_bytes (self->content,
                                                            (gsize) y * stride + (gsize) x * 4,
                                                            (gsize) (th - 1) * stride + (gsize) tw * 4);

            *tile = gdk_memory_texture_new (tw, th, GDK_MEMORY_DEFAULT, sub, stride);
          }
        gtk_snapshot_append_texture (snapshot, *tile,
                                     &GRAPHENE_RECT_INIT (placement->x + x * placement->scale,
                                                          placement->y + y * placement->scale,
                                                          tw * placement->scale,
                                                          th * placement->scale));
      }
}

void
vireo_vnc_renderer_snapshot (VireoVncRenderer        *self,
                             VireoVncFramebuffer     *fb,
                             GtkSnapshot             *snapshot,
                             const VireoVncPlacement *placement,
                             int                      device_scale)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (VIREO_IS_VNC_FRAMEBUFFER (fb));

  if (self->strategy == VIREO_VNC_RENDER_NONE)
    return;

  attach (self, fb);

  switch (self->strategy)
    {
    case VIREO_VNC_RENDER_CAIRO:
      snapshot_cairo (self, fb, snapshot, placement, device_scale);
      break;
    case VIREO_VNC_RENDER_GL_TEXTURE:
      snapshot_gl (self, fb, snapshot, placement);
      break;
    case VIREO_VNC_RENDER_TILES:
      snapshot_tiles (self, fb, snapshot, placement, device_scale);
      break;
    case VIREO_VNC_RENDER_NONE:
    default:
      break;
    }
}
