/* test-vnc-display.c: VireoVncDisplay against real QEMU VNC servers started here
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The guest is Debian's netboot kernel and initrd with rdinit=/bin/sh: a busybox shell on a
 * 1024x768 vesafb (tty0, where the keys go) whose output we redirect to the serial port, logged
 * to a file. TCG only (no KVM needed). Every QEMU is stopped by PID in the teardown, and dies with
 * this process otherwise (PR_SET_PDEATHSIG).
 *
 * Run with `--gl` (GSK_RENDERER=gl) to run only the pixel test on GTK's GL renderer.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "vireo-ui-test.h"
#include "vireo-vnc-display.h"

#define KERNEL_DIR   "/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64"
#define BOOT_TIMEOUT (120 * 1000)
#define WAIT_TIMEOUT (60 * 1000)
#define GOOD_PASSWORD  "vireo123"
#define WRONG_PASSWORD "wrong456"

typedef struct
{
  GPid               pid;
  char              *dir;
  char              *serial;
  char              *monitor_path;
  GSocketConnection *monitor;
  guint              port;
} Qemu;

typedef struct
{
  Qemu             *qemu;
  GtkWidget        *window;
  VireoVncDisplay  *display;
  GtkWidget        *entry;
} Fixture;

static gboolean use_gl;

/* Waiting */

static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* vireo_test_wait_until() plus a 50 ms poll, for conditions on files (the serial log) that wake
 * no main loop source. The poll has the lowest priority: gvnc delivers its signals from idles,
 * and a slow condition re-checked at default priority would starve them (seen under ASan: the
 * last update of the screen never announced, so never drawn). */
static gboolean
wait_for (VireoTestCondition cond,
          gpointer           data,
          guint              timeout_ms)
{
  guint poll = g_timeout_add_full (G_PRIORITY_LOW, 50, tick, NULL, NULL);
  gboolean met = vireo_test_wait_until (cond, data, timeout_ms);

  g_source_remove (poll);
  return met;
}

/* QEMU */

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
monitor_connects (gpointer data)
{
  Qemu *q = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (q->monitor_path);

  q->monitor = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  return q->monitor != NULL;
}

/* Reads up to the next "(qemu) " prompt; returns what came before it. */
static char *
monitor_read_reply (Qemu *q)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (q->monitor));
  g_autoptr(GString) reply = g_string_new (NULL);

  while (!g_str_has_suffix (reply->str, "(qemu) "))
    {
      char buf[4096];
      g_autoptr(GError) error = NULL;
      gssize n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);

      if (n <= 0)
        fail_msg ("QEMU monitor: %s", error ? error->message : "closed");
      g_string_append_len (reply, buf, n);
    }
  return g_string_free (g_steal_pointer (&reply), FALSE);
}

static char *
monitor_command (Qemu       *q,
                 const char *command)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (q->monitor));
  g_autofree char *line = g_strconcat (command, "\n", NULL);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all (out, line, strlen (line), NULL, NULL, &error))
    fail_msg ("QEMU monitor: %s", error->message);
  return monitor_read_reply (q);
}

static Qemu *
qemu_start (gboolean with_kernel,
            gboolean with_password)
{
  Qemu *q = g_new0 (Qemu, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *banner = NULL;
  g_autofree char *info = NULL;
  g_autofree char *port = NULL;

  q->dir = g_dir_make_tmp ("vireo-vnc-XXXXXX", &error);
  assert_non_null (q->dir);
  q->serial = g_build_filename (q->dir, "serial.log", NULL);
  q->monitor_path = g_build_filename (q->dir, "monitor.sock", NULL);

  g_ptr_array_add (argv, g_strdup ("qemu-system-x86_64"));
  g_ptr_array_add (argv, g_strdup ("-machine"));
  g_ptr_array_add (argv, g_strdup ("accel=tcg"));
  g_ptr_array_add (argv, g_strdup ("-display"));
  g_ptr_array_add (argv, g_strdup ("none"));
  /* QEMU picks a free display in the range itself ("to="); `info vnc` tells which. */
  g_ptr_array_add (argv, g_strdup ("-vnc"));
  g_ptr_array_add (argv, g_strdup_printf ("127.0.0.1:20,to=99%s", with_password ? ",password=on" : ""));
  g_ptr_array_add (argv, g_strdup ("-m"));
  g_ptr_array_add (argv, g_strdup ("512")); /* the 40 MB initrd does not unpack in 256 */
  g_ptr_array_add (argv, g_strdup ("-vga"));
  g_ptr_array_add (argv, g_strdup ("std"));
  g_ptr_array_add (argv, g_strdup ("-serial"));
  g_ptr_array_add (argv, g_strdup_printf ("file:%s", q->serial));
  g_ptr_array_add (argv, g_strdup ("-monitor"));
  g_ptr_array_add (argv, g_strdup_printf ("unix:%s,server=on,wait=off", q->monitor_path));
  if (with_kernel)
    {
      g_ptr_array_add (argv, g_strdup ("-kernel"));
      g_ptr_array_add (argv, g_strdup (KERNEL_DIR "/linux"));
      g_ptr_array_add (argv, g_strdup ("-initrd"));
      g_ptr_array_add (argv, g_strdup (KERNEL_DIR "/initrd.gz"));
      g_ptr_array_add (argv, g_strdup ("-append"));
      /* The shell on tty0 (the last console=); kernel messages on the serial log too, so a reboot
       * shows there; no blinking cursor, so the screen can be still. */
      g_ptr_array_add (argv, g_strdup ("rdinit=/bin/sh console=ttyS0 console=tty0 vga=0x318 "
                                       "vt.global_cursor_default=0"));
    }
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_async (q->dir, (char **) argv->pdata, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL,
                      die_with_parent, NULL, &q->pid, &error))
    fail_msg ("cannot start QEMU: %s", error->message);

  if (!wait_for (monitor_connects, q, WAIT_TIMEOUT))
    fail_msg ("QEMU's monitor did not come up");
  g_socket_set_timeout (g_socket_connection_get_socket (q->monitor), 60);
  banner = monitor_read_reply (q);

  info = monitor_command (q, "info vnc");
  regex = g_regex_new ("127\\.0\\.0\\.1:([0-9]+)", 0, 0, NULL);
  if (!g_regex_match (regex, info, 0, &match))
    fail_msg ("no VNC server in `info vnc`: %s", info);
  port = g_match_info_fetch (match, 1);
  q->port = (guint) g_ascii_strtoull (port, NULL, 10);

  if (with_password)
    g_free (monitor_command (q, "change vnc password " GOOD_PASSWORD));

  return q;
}

static void
qemu_stop (Qemu *q)
{
  if (q == NULL)
    return;

  g_clear_object (&q->monitor);
  if (q->pid > 0)
    {
      kill (q->pid, SIGKILL);
      waitpid (q->pid, NULL, 0);
      g_spawn_close_pid (q->pid);
    }
  if (q->dir != NULL)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (q->dir);
      g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                       G_FILE_QUERY_INFO_NONE, NULL, NULL);
      GFileInfo *info;

      while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_file_delete (dir, NULL, NULL);
    }
  g_free (q->dir);
  g_free (q->serial);
  g_free (q->monitor_path);
  g_free (q);
}

typedef struct
{
  Qemu       *qemu;
  const char *needle;
  guint       min_count;
} SerialWait;

static guint
serial_count (Qemu       *q,
              const char *needle)
{
  g_autofree char *text = NULL;
  guint count = 0;

  if (!g_file_get_contents (q->serial, &text, NULL, NULL))
    return 0;
  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    count++;
  return count;
}

static gboolean
serial_has (gpointer data)
{
  SerialWait *w = data;

  return serial_count (w->qemu, w->needle) >= w->min_count;
}

static VireoVncDisplay *current_display;

/* With $VIREO_TEST_ARTIFACTS set, a failing wait leaves the guest screen there as a PNG. */
static void
save_screen (const char *name)
{
  const char *dir = g_getenv ("VIREO_TEST_ARTIFACTS");
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || current_display == NULL)
    return;
  shot = vireo_vnc_display_get_screenshot (current_display);
  if (shot == NULL)
    return;
  file = g_strdup_printf ("vnc-%s.png", name);
  path = g_build_filename (dir, file, NULL);
  gdk_texture_save_to_png (shot, path);
  g_printerr ("guest screen saved as %s\n", path);
}

static void
assert_serial_shows (Qemu       *q,
                     const char *needle,
                     guint       min_count,
                     guint       timeout_ms)
{
  SerialWait w = { q, needle, min_count };

  if (!wait_for (serial_has, &w, timeout_ms))
    {
      save_screen (needle);
      fail_msg ("the serial log never showed '%s' %u time(s)", needle, min_count);
    }
}

/* Pictures */

typedef struct
{
  int     width;
  int     height;
  guint8 *rgb;
} Picture;

static void
picture_free (Picture *p)
{
  if (p != NULL)
    g_free (p->rgb);
  g_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Picture, picture_free)

static const char *
ppm_token (const char  *p,
           const char  *end,
           long        *value)
{
  while (p < end && g_ascii_isspace (*p))
    p++;
  *value = 0;
  if (p >= end || !g_ascii_isdigit (*p))
    return NULL;
  while (p < end && g_ascii_isdigit (*p))
    *value = *value * 10 + (*p++ - '0');
  return p;
}

/* A binary PPM (P6, maxval 255), as QEMU's screendump writes. NULL while incomplete. */
static Picture *
ppm_load (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  const char *p, *end;
  long w, h, max;
  Picture *pic;

  if (!g_file_get_contents (path, &data, &len, NULL) || len < 2 || memcmp (data, "P6", 2) != 0)
    return NULL;
  end = data + len;
  if ((p = ppm_token (data + 2, end, &w)) == NULL ||
      (p = ppm_token (p, end, &h)) == NULL ||
      (p = ppm_token (p, end, &max)) == NULL || max != 255 || p >= end)
    return NULL;
  p++; /* the single whitespace after maxval */
  if (w <= 0 || h <= 0 || (gsize) (end - p) < (gsize) w * h * 3)
    return NULL;

  pic = g_new0 (Picture, 1);
  pic->width = w;
  pic->height = h;
  pic->rgb = g_memdup2 (p, (gsize) w * h * 3);
  return pic;
}

/* Pixels of @texture (at @x, @y) that differ from @pic; G_MAXINT when the sizes do not fit. */
static int
count_differences (GdkTexture    *texture,
                   int            x,
                   int            y,
                   const Picture *pic)
{
  int tw = gdk_texture_get_width (texture), th = gdk_texture_get_height (texture);
  g_autofree guint8 *bgra = NULL;
  int differing = 0;

  if (x < 0 || y < 0 || x + pic->width > tw || y + pic->height > th)
    return G_MAXINT;

  bgra = g_malloc ((gsize) tw * th * 4);
  gdk_texture_download (texture, bgra, (gsize) tw * 4);
  for (int row = 0; row < pic->height; row++)
    for (int col = 0; col < pic->width; col++)
      {
        const guint8 *t = bgra + ((gsize) (row + y) * tw + col + x) * 4;
        const guint8 *r = pic->rgb + ((gsize) row * pic->width + col) * 3;

        /* GDK_MEMORY_DEFAULT on little-endian: B, G, R, A (opaque, so premultiplied = straight). */
        if (t[2] != r[0] || t[1] != r[1] || t[0] != r[2] || t[3] != 0xff)
          differing++;
      }
  return differing;
}

/* The display drawn through its real render path (the window's renderer: cairo or GL). */
static GdkTexture *
render_display (Fixture *f,
                int     *x,
                int     *y)
{
  GtkWidget *widget = GTK_WIDGET (f->display);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  VireoVncPlacement placement;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  assert_non_null (node);
  assert_true (vireo_vnc_placement_compute (vireo_vnc_display_get_scaling (f->display), width, height,
                                            vireo_vnc_display_get_desktop_width (f->display),
                                            vireo_vnc_display_get_desktop_height (f->display),
                                            gtk_widget_get_scale_factor (widget), &placement));
  *x = (int) placement.x;
  *y = (int) placement.y;
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* What the X server shows of the display: the end of the whole path, GTK's presentation included. */
static GdkTexture *
screen_of_display (Fixture *f,
                   int     *x,
                   int     *y)
{
  GtkWidget *widget = GTK_WIDGET (f->display);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  int width = vireo_vnc_display_get_desktop_width (f->display);
  int height = vireo_vnc_display_get_desktop_height (f->display);
  VireoVncPlacement placement;
  double wx, wy, nx, ny;
  XImage *image;
  g_autoptr(GBytes) bytes = NULL;
  guint32 *pixels;

  assert_true (vireo_vnc_placement_compute (vireo_vnc_display_get_scaling (f->display),
                                            gtk_widget_get_width (widget), gtk_widget_get_height (widget),
                                            width, height, 1, &placement));
  assert_true (gtk_widget_translate_coordinates (widget, f->window, placement.x, placement.y, &wx, &wy));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &nx, &ny);

  image = XGetImage (xdisplay, gdk_x11_surface_get_xid (surface), (int) (wx + nx), (int) (wy + ny),
                     width, height, AllPlanes, ZPixmap);
  if (image == NULL)
    return NULL;
  /* Xvfb at depth 24: 32-bit 0x00RRGGBB pixels; make them opaque ARGB. */
  pixels = g_new (guint32, (gsize) width * height);
  for (int row = 0; row < height; row++)
    for (int col = 0; col < width; col++)
      pixels[(gsize) row * width + col] = 0xff000000u | (guint32) XGetPixel (image, col, row);
  XDestroyImage (image);

  *x = 0;
  *y = 0;
  bytes = g_bytes_new_take (pixels, (gsize) width * height * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, width * 4);
}

typedef struct
{
  Fixture *f;
  Picture *pic;
  int      fb_diff;
  int      drawn_diff;
  int      screen_diff;
} Compare;

static gboolean
matches_screendump (gpointer data)
{
  Compare *c = data;
  g_autoptr(GdkTexture) shot = vireo_vnc_display_get_screenshot (c->f->display);
  g_autoptr(GdkTexture) drawn = NULL;
  g_autoptr(GdkTexture) on_screen = NULL;
  int x = 0, y = 0;

  if (shot == NULL)
    return FALSE;
  c->fb_diff = count_differences (shot, 0, 0, c->pic);
  if (c->fb_diff != 0)
    return FALSE;

  drawn = render_display (c->f, &x, &y);
  c->drawn_diff = count_differences (drawn, x, y, c->pic);
  if (c->drawn_diff != 0)
    return FALSE;

  on_screen = screen_of_display (c->f, &x, &y);
  c->screen_diff = on_screen != NULL ? count_differences (on_screen, x, y, c->pic) : G_MAXINT;
  if (c->screen_diff != 0 && on_screen != NULL && g_getenv ("VIREO_TEST_ARTIFACTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("VIREO_TEST_ARTIFACTS"), "vnc-on-screen.png", NULL);

      gdk_texture_save_to_png (on_screen, path);
    }
  return c->screen_diff == 0;
}

typedef struct
{
  const char *path;
  Picture    *pic;
} DumpWait;

static gboolean
dump_written (gpointer data)
{
  DumpWait *w = data;

  w->pic = ppm_load (w->path);
  return w->pic != NULL;
}

static Picture *
screendump (Qemu *q)
{
  g_autofree char *path = g_build_filename (q->dir, "screen.ppm", NULL);
  g_autofree char *command = g_strdup_printf ("screendump %s", path);
  DumpWait w = { path, NULL };

  g_unlink (path);
  g_free (monitor_command (q, command));
  if (!wait_for (dump_written, &w, WAIT_TIMEOUT))
    fail_msg ("QEMU wrote no screendump");
  return w.pic;
}

/* Display states */

typedef struct
{
  VireoVncDisplay *display;
  VireoVncState    state;
} StateWait;

static gboolean
display_in_state (gpointer data)
{
  StateWait *w = data;

  return vireo_vnc_display_get_state (w->display) == w->state;
}

static void
assert_state_within (VireoVncDisplay *display,
                     VireoVncState    state,
                     guint            timeout_ms)
{
  StateWait w = { display, state };

  if (!wait_for (display_in_state, &w, timeout_ms))
    fail_msg ("display state %d, expected %d (error: %s)", vireo_vnc_display_get_state (display), state,
              vireo_vnc_display_get_error_message (display));
}

/* xdotool: real X input through XTEST, run while the main loop keeps turning so GTK receives
 * the events as they come. */

static gboolean
subprocess_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_subprocess_exit (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  va_list args;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  if (proc == NULL)
    fail_msg ("xdotool: %s", error->message);
  g_subprocess_wait_async (proc, NULL, on_subprocess_exit, &done);
  if (!wait_for (subprocess_done, &done, WAIT_TIMEOUT))
    fail_msg ("xdotool did not finish");
  assert_true (g_subprocess_get_successful (proc));
}

static char *
window_xid (Fixture *f)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));

  return g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (GTK_WINDOW (data));
}

/* X focus on our window (no window manager under Xvfb) and GTK focus on the display. */
static void
focus_display (Fixture *f)
{
  g_autofree char *xid = window_xid (f);

  xdotool ("windowfocus", "--sync", xid, NULL);
  assert_true (wait_for (window_active, f->window, WAIT_TIMEOUT));
  gtk_widget_grab_focus (GTK_WIDGET (f->display));
  vireo_ui_test_flush ();
  assert_true (gtk_widget_has_focus (GTK_WIDGET (f->display)));
}

/* Fixtures */

static Fixture *
fixture_new (Qemu *qemu)
{
  Fixture *f = g_new0 (Fixture, 1);
  GtkWidget *box;

  f->qemu = qemu;
  f->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (f->window), "vireo-vnc-test");
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  f->entry = gtk_entry_new ();
  f->display = VIREO_VNC_DISPLAY (vireo_vnc_display_new ());
  /* 1:1 so the drawn pixels can be compared with the guest's exactly. */
  vireo_vnc_display_set_scaling (f->display, VIREO_VNC_SCALING_ONE_TO_ONE);
  gtk_widget_set_vexpand (GTK_WIDGET (f->display), TRUE);
  gtk_box_append (GTK_BOX (box), f->entry);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->display));
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  vireo_ui_test_present (f->window);
  current_display = f->display;

  return f;
}

static void
fixture_free (Fixture *f)
{
  if (f == NULL)
    return;
  if (current_display == f->display)
    current_display = NULL;
  if (f->window != NULL)
    vireo_ui_test_destroy_window (g_steal_pointer (&f->window));
  qemu_stop (f->qemu);
  g_free (f);
}

static gboolean
allocated_at_desktop_size (gpointer data)
{
  VireoVncDisplay *display = data;

  return vireo_vnc_display_get_desktop_width (display) > 0 &&
         gtk_widget_get_width (GTK_WIDGET (display)) == vireo_vnc_display_get_desktop_width (display) &&
         gtk_widget_get_height (GTK_WIDGET (display)) == vireo_vnc_display_get_desktop_height (display);
}

static gboolean
desktop_is_1024 (gpointer data)
{
  return vireo_vnc_display_get_desktop_width (data) == 1024 &&
         vireo_vnc_display_get_desktop_height (data) == 768;
}

/* One booted guest, made by the first test that needs a shell and kept for the others (they run
 * in order, the reboot last); stopped at the end of main(). */
static Fixture *booted;
static char *boot_widths; /* desktop-width notifications while the guest booted */

static int
boot_test_setup (void **state)
{
  if (booted == NULL)
    {
      VireoTestNotifyRecorder *recorder;

      booted = fixture_new (qemu_start (TRUE, FALSE));
      /* Connected from the BIOS on, so the display follows the guest's mode switch to the
       * kernel's framebuffer (test_desktop_resize_followed). */
      recorder = vireo_test_notify_recorder_new (booted->display);
      assert_true (vireo_vnc_display_open_host (booted->display, "127.0.0.1", booted->qemu->port));
      assert_state_within (booted->display, VIREO_VNC_STATE_CONNECTED, WAIT_TIMEOUT);
      assert_serial_shows (booted->qemu, "Run /bin/sh as init process", 1, BOOT_TIMEOUT);
      assert_true (wait_for (desktop_is_1024, booted->display, BOOT_TIMEOUT));
      boot_widths = g_strdup (vireo_test_notify_int_history (recorder, "desktop-width"));
      vireo_test_notify_recorder_free (recorder);
      /* The initrd's /dev holds console and null only (nothing mounts devtmpfs before init):
       * give the shell its serial port. Typed, since that is the only way in. */
      assert_true (vireo_vnc_display_type_text (booted->display,
                                                "mknod /dev/ttyS0 c 4 64 && echo SERIAL-$((1+1)) > /dev/ttyS0\n"));
      assert_serial_shows (booted->qemu, "SERIAL-2", 1, WAIT_TIMEOUT);
    }
  /* The first test connects; one that failed may have left the display closed. */
  if (vireo_vnc_display_get_state (booted->display) != VIREO_VNC_STATE_CONNECTED)
    {
      assert_true (vireo_vnc_display_open_host (booted->display, "127.0.0.1", booted->qemu->port));
      assert_state_within (booted->display, VIREO_VNC_STATE_CONNECTED, WAIT_TIMEOUT);
    }
  /* 1:1: the window grows to the guest screen. */
  assert_true (wait_for (allocated_at_desktop_size, booted->display, WAIT_TIMEOUT));
  *state = booted;
  return 0;
}

/* Tests: a booted guest */

/* The guest switched from the BIOS text mode to the kernel's 1024x768 framebuffer while the
 * display was connected: it took the new size (new framebuffer, same connection) and the 1:1
 * window grew with it. */
static void
test_desktop_resize_followed (void **state)
{
  Fixture *f = *state;
  g_auto(GStrv) widths = g_strsplit (boot_widths != NULL ? boot_widths : "", ",", -1);
  guint n = g_strv_length (widths);

  print_message ("# desktop widths seen during the boot: %s\n", boot_widths);
  if (n < 2)
    fail_msg ("the display saw no resize during the boot (widths: '%s')", boot_widths);
  assert_string_not_equal (widths[0], "1024");
  assert_string_equal (widths[n - 1], "1024");
  assert_int_equal (vireo_vnc_display_get_desktop_height (f->display), 768);
  assert_int_equal (gtk_widget_get_width (GTK_WIDGET (f->display)), 1024);
  assert_int_equal (gtk_widget_get_height (GTK_WIDGET (f->display)), 768);
}

/* The still busybox screen equals QEMU's own screendump pixel for pixel: in our framebuffer (gvnc),
 * drawn by the widget through the window's renderer (cairo node or GL texture), and on the X
 * screen. */
static void
test_pixels_match_screendump (void **state)
{
  Fixture *f = *state;
  VireoVncRenderStrategy expected = use_gl ? VIREO_VNC_RENDER_GL_TEXTURE : VIREO_VNC_RENDER_CAIRO;
  Compare c = { f, NULL, -1, -1, -1 };
  gint64 deadline = g_get_monotonic_time () + BOOT_TIMEOUT * G_GINT64_CONSTANT (1000);
  gboolean matched = FALSE;

  /* $VIREO_VNC_RENDER=tiles checks the fallback by hand. */
  if (g_strcmp0 (g_getenv ("VIREO_VNC_RENDER"), "tiles") == 0)
    expected = VIREO_VNC_RENDER_TILES;
  assert_int_equal (vireo_vnc_display_get_render_strategy (f->display), expected);
  assert_int_equal (vireo_vnc_display_get_desktop_width (f->display), 1024);
  assert_int_equal (vireo_vnc_display_get_desktop_height (f->display), 768);

  /* Late kernel messages may still change the screen: take a new screendump until the screen
   * stays still long enough for both to agree. */
  while (!matched && g_get_monotonic_time () < deadline)
    {
      g_autoptr(Picture) pic = screendump (f->qemu);

      assert_int_equal (pic->width, 1024);
      assert_int_equal (pic->height, 768);
      c.pic = pic;
      matched = wait_for (matches_screendump, &c, 5000);
      c.pic = NULL;
    }
  if (!matched)
    save_screen ("framebuffer");
  if (!matched)
    fail_msg ("framebuffer differs from the screendump in %d pixels, the drawn widget in %d, "
              "the screen in %d", c.fb_diff, c.drawn_diff, c.screen_diff);
}

/* Scale to fit, halving: the guest screen drawn into a 512x384 display (through the real
 * renderer) matches the screendump averaged over 2x2 blocks, within rounding, with the aspect
 * kept and no letterbox. */
typedef struct
{
  VireoVncDisplay *display;
  Picture         *half;
  int              diff;
} ScaledCompare;

static gboolean
scaled_matches (gpointer data)
{
  ScaledCompare *c = data;
  GtkWidget *widget = GTK_WIDGET (c->display);
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) drawn = NULL;
  g_autofree guint8 *bgra = NULL;

  if (vireo_vnc_display_get_state (c->display) != VIREO_VNC_STATE_CONNECTED ||
      gtk_widget_get_width (widget) != 512 || gtk_widget_get_height (widget) != 384)
    return FALSE;

  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  drawn = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                       &GRAPHENE_RECT_INIT (0, 0, 512, 384));
  bgra = g_malloc (512 * 384 * 4);
  gdk_texture_download (drawn, bgra, 512 * 4);

  c->diff = 0;
  for (int i = 0; i < 512 * 384; i++)
    {
      const guint8 *t = bgra + i * 4, *r = c->half->rgb + i * 3;

      if (ABS (t[2] - r[0]) > 3 || ABS (t[1] - r[1]) > 3 || ABS (t[0] - r[2]) > 3)
        c->diff++;
    }
  return c->diff == 0;
}

static Picture *
half_size (const Picture *pic)
{
  Picture *half = g_new0 (Picture, 1);

  half->width = pic->width / 2;
  half->height = pic->height / 2;
  half->rgb = g_malloc ((gsize) half->width * half->height * 3);
  for (int y = 0; y < half->height; y++)
    for (int x = 0; x < half->width; x++)
      for (int ch = 0; ch < 3; ch++)
        {
          int sum = 0;

          for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++)
              sum += pic->rgb[((gsize) (2 * y + dy) * pic->width + 2 * x + dx) * 3 + ch];
          half->rgb[((gsize) y * half->width + x) * 3 + ch] = (sum + 2) / 4;
        }
  return half;
}

static void
test_fit_scaling_draws_scaled (void **state)
{
  Fixture *f = *state;
  GtkWidget *window = gtk_window_new ();
  VireoVncDisplay *display = VIREO_VNC_DISPLAY (vireo_vnc_display_new ());
  ScaledCompare c = { display, NULL, -1 };
  gint64 deadline = g_get_monotonic_time () + BOOT_TIMEOUT * G_GINT64_CONSTANT (1000);
  gboolean matched = FALSE;
  VireoVncPlacement placement;

  /* A second viewer of the same guest (shared session), fit into half the size. */
  gtk_window_set_default_size (GTK_WINDOW (window), 512, 384);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (display));
  vireo_ui_test_present (window);
  assert_int_equal (vireo_vnc_display_get_scaling (display), VIREO_VNC_SCALING_FIT);
  assert_true (vireo_vnc_display_open_host (display, "127.0.0.1", f->qemu->port));
  assert_state_within (display, VIREO_VNC_STATE_CONNECTED, WAIT_TIMEOUT);

  while (!matched && g_get_monotonic_time () < deadline)
    {
      g_autoptr(Picture) pic = screendump (f->qemu);
      g_autoptr(Picture) half = half_size (pic);

      c.half = half;
      matched = wait_for (scaled_matches, &c, 5000);
      c.half = NULL;
    }
  if (!matched)
    fail_msg ("the scaled display differs from the halved screendump in %d pixels", c.diff);

  assert_true (vireo_vnc_placement_compute (VIREO_VNC_SCALING_FIT, 512, 384, 1024, 768, 1, &placement));
  assert_true (placement.scale == 0.5 && placement.x == 0 && placement.y == 0);

  vireo_ui_test_destroy_window (window);
}

/* Real X key events (XTEST) into the focused display reach the guest's shell. */
static void
test_typing_x_events_reaches_guest (void **state)
{
  Fixture *f = *state;

  focus_display (f);
  /* `type` takes every following argument as text: Return is a second command. */
  xdotool ("type", "--delay", "40", "echo VIREO-$((6*7)) > /dev/ttyS0", NULL);
  xdotool ("key", "Return", NULL);
  assert_serial_shows (f->qemu, "VIREO-42", 1, WAIT_TIMEOUT);
}

static gboolean
not_typing (gpointer data)
{
  return !vireo_vnc_display_is_typing (data);
}

/* Paste as keystrokes, shifted symbols included. */
static void
test_type_text_reaches_guest (void **state)
{
  Fixture *f = *state;

  assert_true (vireo_vnc_display_type_text (f->display, "echo TYPED-$((5*5))_ok > /dev/ttyS0\n"));
  assert_true (vireo_vnc_display_is_typing (f->display));
  assert_serial_shows (f->qemu, "TYPED-25_ok", 1, WAIT_TIMEOUT);
  assert_true (wait_for (not_typing, f->display, WAIT_TIMEOUT));
}

/* Shift held when focus moves away is released in the guest: what is typed next is not shifted
 * ("ECHO" would be "command not found"). */
static void
test_focus_out_releases_keys (void **state)
{
  Fixture *f = *state;

  focus_display (f);
  xdotool ("keydown", "Shift_L", NULL);
  /* The guest now holds Shift: letters typed next would come out upper case. */
  gtk_widget_grab_focus (f->entry);
  vireo_ui_test_flush ();
  xdotool ("keyup", "Shift_L", NULL);

  focus_display (f);
  assert_true (vireo_vnc_display_type_text (f->display, "echo lower_case_ok > /dev/ttyS0\n"));
  assert_serial_shows (f->qemu, "lower_case_ok", 1, WAIT_TIMEOUT);
}

typedef struct
{
  VireoVncDisplay *display;
  gboolean         keyboard;
  gboolean         pointer;
} GrabWait;

static gboolean
grabs_are (gpointer data)
{
  GrabWait *w = data;

  return vireo_vnc_display_get_keyboard_grabbed (w->display) == w->keyboard &&
         vireo_vnc_display_get_pointer_grabbed (w->display) == w->pointer;
}

static void
assert_grabs_within (GrabWait *w)
{
  if (!wait_for (grabs_are, w, WAIT_TIMEOUT))
    fail_msg ("keyboard grabbed %d (expected %d), pointer grabbed %d (expected %d)",
              vireo_vnc_display_get_keyboard_grabbed (w->display), w->keyboard,
              vireo_vnc_display_get_pointer_grabbed (w->display), w->pointer);
}

static gboolean
relative_mode (gpointer data)
{
  return !vireo_vnc_display_get_absolute_pointer (data);
}

typedef struct
{
  Fixture *f;
  int      x;
  int      y;
  double   seen_x;
  double   seen_y;
} PointerWait;

/* Where the X pointer is, in the display's coordinates. */
static gboolean
pointer_at (gpointer data)
{
  PointerWait *w = data;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (w->f->window));
  Display *xdisplay = gdk_x11_display_get_xdisplay (gtk_widget_get_display (w->f->window));
  Window root, child;
  int rx, ry, wx, wy;
  unsigned int mask;
  double dx, dy, nx, ny;

  if (!XQueryPointer (xdisplay, gdk_x11_surface_get_xid (surface), &root, &child, &rx, &ry, &wx, &wy, &mask))
    return FALSE;
  gtk_native_get_surface_transform (GTK_NATIVE (w->f->window), &nx, &ny);
  if (!gtk_widget_translate_coordinates (w->f->window, GTK_WIDGET (w->f->display), wx - nx, wy - ny, &dx, &dy))
    return FALSE;
  w->seen_x = dx;
  w->seen_y = dy;
  return (int) dx == w->x && (int) dy == w->y;
}

static void
assert_pointer_at (PointerWait *w)
{
  if (!wait_for (pointer_at, w, WAIT_TIMEOUT))
    fail_msg ("pointer at %g,%g in the display, expected %d,%d", w->seen_x, w->seen_y, w->x, w->y);
}

/* A click captures keyboard and (relative guest: busybox has a PS/2 mouse) the pointer, warped to
 * the centre after every move; Ctrl+Alt gives both back. */
static void
test_click_grabs_and_ctrl_alt_releases (void **state)
{
  Fixture *f = *state;
  g_autofree char *xid = window_xid (f);
  GtkWidget *widget = GTK_WIDGET (f->display);
  GrabWait grabbed = { f->display, TRUE, TRUE }, released = { f->display, FALSE, FALSE };
  PointerWait centre = { f, gtk_widget_get_width (widget) / 2, gtk_widget_get_height (widget) / 2, -1, -1 };
  double x, y, nx, ny;
  g_autofree char *sx = NULL, *sy = NULL;

  assert_true (wait_for (relative_mode, f->display, WAIT_TIMEOUT));
  focus_display (f);
  assert_false (vireo_vnc_display_get_keyboard_grabbed (f->display));

  /* Click a quarter into the display. */
  assert_true (gtk_widget_translate_coordinates (widget, f->window, 100, 100, &x, &y));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &nx, &ny);
  sx = g_strdup_printf ("%d", (int) (x + nx));
  sy = g_strdup_printf ("%d", (int) (y + ny));
  xdotool ("mousemove", "--window", xid, sx, sy, "click", "1", NULL);
  assert_grabs_within (&grabbed);
  assert_pointer_at (&centre);

  /* Moves are sent as relative motion and the pointer goes back to the centre. */
  xdotool ("mousemove_relative", "--", "37", "-21", NULL);
  assert_pointer_at (&centre);

  xdotool ("keydown", "Control_L", "keydown", "Alt_L", "keyup", "Alt_L", "keyup", "Control_L", NULL);
  assert_grabs_within (&released);
}

static gboolean
window_inactive (gpointer data)
{
  return !gtk_window_is_active (GTK_WINDOW (data));
}

/* Focus going to another window (what Alt+Tab or a click elsewhere does) gives the grabs back. */
static void
test_other_window_focused_releases_grabs (void **state)
{
  Fixture *f = *state;
  g_autofree char *xid = window_xid (f);
  GtkWidget *other = gtk_window_new ();
  GrabWait grabbed = { f->display, TRUE, TRUE }, released = { f->display, FALSE, FALSE };
  g_autofree char *other_xid = NULL;
  double x, y, nx, ny;
  g_autofree char *sx = NULL, *sy = NULL;

  assert_true (wait_for (relative_mode, f->display, WAIT_TIMEOUT));
  focus_display (f);
  assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (f->display), f->window, 100, 100, &x, &y));
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &nx, &ny);
  sx = g_strdup_printf ("%d", (int) (x + nx));
  sy = g_strdup_printf ("%d", (int) (y + ny));
  xdotool ("mousemove", "--window", xid, sx, sy, "click", "1", NULL);
  assert_grabs_within (&grabbed);

  gtk_window_set_default_size (GTK_WINDOW (other), 200, 100);
  vireo_ui_test_present (other);
  other_xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (other))));
  xdotool ("windowfocus", "--sync", other_xid, NULL);
  assert_true (wait_for (window_inactive, f->window, WAIT_TIMEOUT));
  assert_grabs_within (&released);

  vireo_ui_test_destroy_window (other);
}

static void
on_disconnected_count (VireoVncDisplay *display,
                       guint           *count)
{
  (*count)++;
}

/* Application accelerators are parked while keys go to the guest (Ctrl+Q reaches it) and come back
 * when the display loses focus; a display with no session leaves them alone. */
static void
test_app_accels_parked_while_focused (void **state)
{
  Fixture *f = *state;
  const char *quit[] = { "<Control>q", NULL };
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.vireo_vm.VncDisplayTest",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) during = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) closed = NULL;
  g_auto(GStrv) reopened = NULL;

  assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  gtk_application_set_accels_for_action (app, "app.quit", quit);
  gtk_window_set_application (GTK_WINDOW (f->window), app);

  /* Focus comes to the display (it may still have it from the test before). */
  gtk_widget_grab_focus (f->entry);
  focus_display (f);
  during = gtk_application_get_accels_for_action (app, "app.quit");
  assert_null (during[0]);

  gtk_widget_grab_focus (f->entry);
  vireo_ui_test_flush ();
  after = gtk_application_get_accels_for_action (app, "app.quit");
  assert_non_null (after[0]);
  assert_string_equal (after[0], "<Control>q");
  assert_null (after[1]);

  vireo_vnc_display_close (f->display);
  focus_display (f);
  closed = gtk_application_get_accels_for_action (app, "app.quit");
  assert_non_null (closed[0]);

  /* Focused when the session starts: parked then. */
  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", f->qemu->port));
  assert_state_within (f->display, VIREO_VNC_STATE_CONNECTED, WAIT_TIMEOUT);
  reopened = gtk_application_get_accels_for_action (app, "app.quit");
  assert_null (reopened[0]);

  gtk_widget_grab_focus (f->entry);
  gtk_window_set_application (GTK_WINDOW (f->window), NULL);
}

/* A connected socket's fd, as virDomainOpenGraphicsFD or an ssh tunnel would hand over. */
static int
connected_fd (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  if (connection == NULL)
    fail_msg ("connect: %s", error->message);
  fd = dup (g_socket_get_fd (g_socket_connection_get_socket (connection)));
  assert_true (fd >= 0);
  return fd;
}

/* Close and open again (over an fd this time): the last frame stays meanwhile, the new
 * connection shows the guest and takes keys. */
static void
test_reconnect (void **state)
{
  Fixture *f = *state;
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after_close = NULL;
  guint disconnected = 0;
  gulong handler = g_signal_connect (f->display, "disconnected", G_CALLBACK (on_disconnected_count), &disconnected);

  before = vireo_vnc_display_get_screenshot (f->display);
  vireo_vnc_display_close (f->display);
  assert_int_equal (vireo_vnc_display_get_state (f->display), VIREO_VNC_STATE_DISCONNECTED);
  assert_null (vireo_vnc_display_get_error_message (f->display));
  assert_int_equal (disconnected, 1);
  after_close = vireo_vnc_display_get_screenshot (f->display);
  assert_non_null (after_close);
  assert_int_equal (gdk_texture_get_width (after_close), gdk_texture_get_width (before));

  assert_true (vireo_vnc_display_open_fd (f->display, connected_fd (f->qemu->port), "127.0.0.1"));
  assert_state_within (f->display, VIREO_VNC_STATE_CONNECTED, WAIT_TIMEOUT);
  assert_true (vireo_vnc_display_type_text (f->display, "echo AGAIN-$((3*3)) > /dev/ttyS0\n"));
  assert_serial_shows (f->qemu, "AGAIN-9", 1, WAIT_TIMEOUT);

  g_signal_handler_disconnect (f->display, handler);
}

/* Ctrl+Alt+Del from the send-keys menu: with the shell as init the kernel reboots at once
 * (kernel.ctrl-alt-del defaults to 1 and nothing turned it off), so the serial log shows the
 * kernel booting a second time. */
static void
test_ctrl_alt_del_reboots (void **state)
{
  Fixture *f = *state;
  VireoTestNotifyRecorder *recorder = vireo_test_notify_recorder_new (f->display);
  Compare c = { f, NULL, -1, -1, -1 };
  gint64 deadline;
  gboolean matched = FALSE;

  assert_int_equal (serial_count (f->qemu, "Linux version"), 1);
  vireo_vnc_display_send_combo (f->display, VIREO_KEY_COMBO_CTRL_ALT_DEL);
  assert_serial_shows (f->qemu, "Linux version", 2, BOOT_TIMEOUT);

  /* Through the BIOS and back to the 1024x768 framebuffer on the same connection (whether QEMU
   * reported the BIOS's 720x400 text mode in between depends on timing), and the new boot is
   * what the display shows. */
  assert_true (wait_for (desktop_is_1024, f->display, BOOT_TIMEOUT));
  assert_true (wait_for (allocated_at_desktop_size, f->display, BOOT_TIMEOUT));
  assert_int_equal (vireo_vnc_display_get_state (f->display), VIREO_VNC_STATE_CONNECTED);
  print_message ("# desktop widths seen during the reboot: %s\n",
                 vireo_test_notify_int_history (recorder, "desktop-width") ?: "none");
  vireo_test_notify_recorder_free (recorder);

  deadline = g_get_monotonic_time () + BOOT_TIMEOUT * G_GINT64_CONSTANT (1000);
  while (!matched && g_get_monotonic_time () < deadline)
    {
      g_autoptr(Picture) pic = screendump (f->qemu);

      c.pic = pic;
      matched = wait_for (matches_screendump, &c, 5000);
      c.pic = NULL;
    }
  if (!matched)
    fail_msg ("after the reboot the framebuffer differs from the screendump in %d pixels", c.fb_diff);
}

/* Tests: authentication and broken servers */

typedef struct
{
  VireoVncDisplay     *display;
  const char          *answer;
  guint                asked;
  VireoVncCredentials  wanted;
  guint                failures;
  char                *failure;
} AuthRecord;

static void
on_auth_credential (VireoVncDisplay     *display,
                    VireoVncCredentials  wanted,
                    AuthRecord          *r)
{
  r->asked++;
  r->wanted = wanted;
  vireo_vnc_display_set_credential (display, VIREO_VNC_CREDENTIAL_PASSWORD, r->answer);
}

static void
on_auth_failure (VireoVncDisplay *display,
                 const char      *message,
                 AuthRecord      *r)
{
  r->failures++;
  g_free (r->failure);
  r->failure = g_strdup (message);
  /* Emitted after the state says so. */
  assert_int_equal (vireo_vnc_display_get_state (display), VIREO_VNC_STATE_ERROR);
}

/* A wrong password: error state, a clear message, auth-failure; nothing hangs. The right one
 * connects; a password given beforehand connects without asking. */
static void
test_wrong_password (void **state)
{
  Qemu *q = qemu_start (FALSE, TRUE);
  Fixture *f = fixture_new (q);
  AuthRecord r = { f->display, WRONG_PASSWORD, 0, 0, 0, NULL };
  const char *message;

  *state = f;
  g_signal_connect (f->display, "auth-credential", G_CALLBACK (on_auth_credential), &r);
  g_signal_connect (f->display, "auth-failure", G_CALLBACK (on_auth_failure), &r);

  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", q->port));
  assert_state_within (f->display, VIREO_VNC_STATE_ERROR, WAIT_TIMEOUT);
  assert_int_equal (r.asked, 1);
  assert_int_equal (r.wanted, VIREO_VNC_CREDENTIAL_PASSWORD);
  assert_int_equal (r.failures, 1);
  message = vireo_vnc_display_get_error_message (f->display);
  assert_non_null (message);
  assert_string_equal (message, r.failure);
  assert_non_null (strstr (message, "did not accept the credentials"));
  /* QEMU's reason is quoted. */
  assert_non_null (strstr (message, "'Authentication failed'"));

  r.answer = GOOD_PASSWORD;
  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", q->port));
  assert_state_within (f->display, VIREO_VNC_STATE_CONNECTED, WAIT_TIMEOUT);
  assert_int_equal (r.asked, 2);
  assert_int_equal (r.failures, 1);
  assert_null (vireo_vnc_display_get_error_message (f->display));

  /* Known in advance (the domain XML's password): no prompt. */
  vireo_vnc_display_close (f->display);
  vireo_vnc_display_set_credential (f->display, VIREO_VNC_CREDENTIAL_PASSWORD, GOOD_PASSWORD);
  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", q->port));
  assert_state_within (f->display, VIREO_VNC_STATE_CONNECTED, WAIT_TIMEOUT);
  assert_int_equal (r.asked, 2);

  g_free (r.failure);
}

static void
on_auth_credential_unanswered (VireoVncDisplay     *display,
                               VireoVncCredentials  wanted,
                               guint               *asked)
{
  (*asked)++;
}

static gboolean
count_nonzero (gpointer data)
{
  return *(guint *) data > 0;
}

/* Closing while the password prompt is open ends the wait. */
static void
test_close_during_password_prompt (void **state)
{
  Qemu *q = qemu_start (FALSE, TRUE);
  Fixture *f = fixture_new (q);
  guint asked = 0;

  *state = f;
  /* A view that shows a prompt and does not answer yet. */
  g_signal_connect (f->display, "auth-credential", G_CALLBACK (on_auth_credential_unanswered), &asked);

  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", q->port));
  assert_true (wait_for (count_nonzero, &asked, WAIT_TIMEOUT));
  assert_int_equal (vireo_vnc_display_get_state (f->display), VIREO_VNC_STATE_CONNECTING);
  vireo_vnc_display_close (f->display);
  assert_int_equal (vireo_vnc_display_get_state (f->display), VIREO_VNC_STATE_DISCONNECTED);
  vireo_ui_test_flush ();
  assert_int_equal (vireo_vnc_display_get_state (f->display), VIREO_VNC_STATE_DISCONNECTED);
}

static gboolean
on_incoming_hang_up (GSocketService    *service,
                     GSocketConnection *connection,
                     GObject           *source,
                     gpointer           data)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  /* A greeting, then gone: what a crashing or misconfigured server looks like. */
  g_output_stream_write_all (out, "RFB 003.008\n", 12, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  (*(guint *) data)++;
  return TRUE;
}

static guint16
listen_loopback (GSocketListener *listener)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &effective, &error))
    fail_msg ("listen: %s", error->message);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
}

static void
test_server_closes_mid_handshake (void **state)
{
  Fixture *f = fixture_new (NULL);
  g_autoptr(GSocketService) service = g_socket_service_new ();
  guint accepted = 0;
  guint16 port = listen_loopback (G_SOCKET_LISTENER (service));
  const char *message;

  *state = f;
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_hang_up), &accepted);
  g_socket_service_start (service);

  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", port));
  assert_state_within (f->display, VIREO_VNC_STATE_ERROR, WAIT_TIMEOUT);
  assert_int_equal (accepted, 1);
  message = vireo_vnc_display_get_error_message (f->display);
  assert_non_null (message);
  assert_non_null (strstr (message, "closed the connection during the handshake"));

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static gboolean
on_incoming_silent (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source,
                    gpointer           data)
{
  /* Accepts and says nothing, holding the connection open. */
  g_ptr_array_add (data, g_object_ref (connection));
  return TRUE;
}

/* A server that never greets: the handshake timeout ends the wait with a message. */
static void
test_silent_server_times_out (void **state)
{
  Fixture *f = fixture_new (NULL);
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  guint16 port = listen_loopback (G_SOCKET_LISTENER (service));
  const char *message;

  *state = f;
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming_silent), held);
  g_socket_service_start (service);

  g_object_set (f->display, "handshake-timeout", 2u, NULL);
  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", port));
  assert_state_within (f->display, VIREO_VNC_STATE_ERROR, WAIT_TIMEOUT);
  assert_int_equal (held->len, 1);
  message = vireo_vnc_display_get_error_message (f->display);
  assert_non_null (message);
  assert_non_null (strstr (message, "did not answer within 2 seconds"));

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

static void
test_nothing_listening (void **state)
{
  Fixture *f = fixture_new (NULL);
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = listen_loopback (listener);
  const char *message;

  *state = f;
  /* A port that was free a moment ago and is closed now. */
  g_socket_listener_close (listener);

  assert_true (vireo_vnc_display_open_host (f->display, "127.0.0.1", port));
  assert_state_within (f->display, VIREO_VNC_STATE_ERROR, WAIT_TIMEOUT);
  message = vireo_vnc_display_get_error_message (f->display);
  assert_non_null (message);
  assert_non_null (strstr (message, "Could not connect to the display"));
}

static int
fixture_teardown (void **state)
{
  g_clear_pointer ((Fixture **) state, fixture_free);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown (test_wrong_password, fixture_teardown),
    cmocka_unit_test_teardown (test_close_during_password_prompt, fixture_teardown),
    cmocka_unit_test_teardown (test_server_closes_mid_handshake, fixture_teardown),
    cmocka_unit_test_teardown (test_silent_server_times_out, fixture_teardown),
    cmocka_unit_test_teardown (test_nothing_listening, fixture_teardown),
    cmocka_unit_test_setup (test_desktop_resize_followed, boot_test_setup),
    cmocka_unit_test_setup (test_pixels_match_screendump, boot_test_setup),
    cmocka_unit_test_setup (test_fit_scaling_draws_scaled, boot_test_setup),
    cmocka_unit_test_setup (test_typing_x_events_reaches_guest, boot_test_setup),
    cmocka_unit_test_setup (test_type_text_reaches_guest, boot_test_setup),
    cmocka_unit_test_setup (test_focus_out_releases_keys, boot_test_setup),
    cmocka_unit_test_setup (test_click_grabs_and_ctrl_alt_releases, boot_test_setup),
    cmocka_unit_test_setup (test_other_window_focused_releases_grabs, boot_test_setup),
    cmocka_unit_test_setup (test_app_accels_parked_while_focused, boot_test_setup),
    cmocka_unit_test_setup (test_reconnect, boot_test_setup),
    cmocka_unit_test_setup (test_ctrl_alt_del_reboots, boot_test_setup),
  };
  const struct CMUnitTest gl_tests[] = {
    cmocka_unit_test_setup (test_pixels_match_screendump, boot_test_setup),
    cmocka_unit_test_setup (test_fit_scaling_draws_scaled, boot_test_setup),
  };
  int failed;

  use_gl = argc > 1 && g_str_equal (argv[1], "--gl");
  vireo_ui_test_init ();
  /* To run some tests only, e.g. VIREO_TEST_FILTER='test_type_*'. */
  if (g_getenv ("VIREO_TEST_FILTER") != NULL)
    cmocka_set_test_filter (g_getenv ("VIREO_TEST_FILTER"));

  if (use_gl)
    failed = cmocka_run_group_tests_name ("vnc-display-gl", gl_tests, NULL, NULL);
  else
    failed = cmocka_run_group_tests_name ("vnc-display", tests, NULL, NULL);

  g_clear_pointer (&booted, fixture_free);
  g_clear_pointer (&boot_widths, g_free);
  return failed;
}
