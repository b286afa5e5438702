/* test-system-install.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The creation of a new VM against a real libvirtd (qemu:///system), the way the assistant runs
 * it: a missing dir pool made, a sparse qcow2 volume, the INSTALL definition started
 * from a bootable ISO, the FINAL definition booting from the disk. The ISO is built here, with
 * xorriso and isolinux, from Debian's debian-installer-12-netboot-amd64 kernel and initrd; the
 * guest runs under TCG and its screen (virsh screenshot) must come to show the installer's blue
 * dialog, not a blank, firmware or boot-loader screen.
 *
 * First as a kvm guest: where QEMU cannot use KVM (this machine: /dev/kvm is not QEMU's), the
 * creation fails with VIREO_ERROR_KVM_UNAVAILABLE and leaves nothing; then again as "qemu".
 *
 * Everything is named "vireo-systest-<pid>-…" and removed afterwards by name, whatever happened.
 * The pool is the test's own, in its temporary directory, not the host's "default": other tests on
 * the same daemon make and remove that one (the default pool's name and path are unit-tested).
 *
 * The libvirt steps get their documents from the test (vireo-install-private.h), so this runs
 * without the plan code; the plan's documents are checked against virt-install separately.
 */

#define G_LOG_DOMAIN "test-system-install"

#include "vireo-test-utils.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-error.h"
#include "vireo-install-job.h"
#include "vireo-install-private.h"
#include "vireo-system-harness.h"
#include "vireo-xml-private.h"

#define OPEN_TIMEOUT_MS      120000
#define JOB_TIMEOUT_MS       900000  /* each define may wait ~2 min for libvirtd re-probing QEMU */
/* The installer's first dialog appears after ~70 s of TCG; a loaded machine may take longer. */
#define INSTALLER_TIMEOUT_S  420
#define POLL_INTERVAL_MS     5000

#define DI_DIR "/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64"
#define ISOLINUX_BIN "/usr/lib/ISOLINUX/isolinux.bin"
#define LDLINUX_C32  "/usr/lib/syslinux/modules/bios/ldlinux.c32"

static VireoSystemLibvirtd *libvirtd;
static VireoConnection     *connection;
/* Fixtures are made and checked through a plain connection of the test's own. */
static virConnectPtr        fixture_conn;
static char                *prefix;
static char                *work_dir;
static char                *iso_path;
static char                *lab_pool;
static char                *lab_pool_dir;

/* --- helpers ---------------------------------------------------------------------------------- */

static void
assert_no_error_impl (const GError *error,
                      const char   *file,
                      int           line)
{
  if (error != NULL)
    {
      print_error ("ERROR: unexpected error %s/%d: %s\n", g_quark_to_string (error->domain),
                   error->code, error->message);
      _fail (file, line);
    }
}
#define assert_no_error(e) assert_no_error_impl ((e), __FILE__, __LINE__)

static char *
name_for (const char *suffix)
{
  return g_strdup_printf ("%s-%s", prefix, suffix);
}

static gboolean
domain_defined (const char *name)
{
  virDomainPtr domain = virDomainLookupByName (fixture_conn, name);

  if (domain == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virDomainFree (domain);
  return TRUE;
}

static gboolean
volume_exists (const char *pool_name,
               const char *volume_name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (fixture_conn, pool_name);
  virStorageVolPtr volume = NULL;

  if (pool != NULL)
    {
      volume = virStorageVolLookupByName (pool, volume_name);
      virStoragePoolFree (pool);
    }
  virResetLastError ();
  if (volume == NULL)
    return FALSE;
  virStorageVolFree (volume);
  return TRUE;
}

static gboolean
pool_exists (const char *name)
{
  virStoragePoolPtr pool = virStoragePoolLookupByName (fixture_conn, name);

  virResetLastError ();
  if (pool == NULL)
    return FALSE;
  virStoragePoolFree (pool);
  return TRUE;
}

static char *
domain_xml (const char   *name,
            unsigned int  flags)
{
  virDomainPtr domain = virDomainLookupByName (fixture_conn, name);
  char *xml;
  char *copy;

  assert_non_null (domain);
  xml = virDomainGetXMLDesc (domain, flags);
  virDomainFree (domain);
  assert_non_null (xml);
  copy = g_strdup (xml);
  free (xml);
  return copy;
}

static char *
xpath_string (const char *xml,
              const char *xpath)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (xml, NULL);
  g_autoptr(xmlXPathContext) context = NULL;

  assert_non_null (doc);
  context = _vireo_xml_context_new (doc);
  return _vireo_xml_get_string (context, NULL, xpath);
}

static void
assert_xpath_equal_impl (const char *xml,
                         const char *xpath,
                         const char *expected,
                         const char *file,
                         int         line)
{
  g_autofree char *value = xpath_string (xml, xpath);

  if (g_strcmp0 (value, expected) != 0)
    {
      print_error ("%s: '%s' is not '%s' in\n%s\n", xpath, value ? value : "(null)",
                   expected ? expected : "(null)", xml);
      _fail (file, line);
    }
}
#define assert_xpath_equal(xml, xpath, expected) \
  assert_xpath_equal_impl ((xml), (xpath), (expected), __FILE__, __LINE__)

/* Removes the domain @name (forced off, undefined with its NVRAM) and the volume @volume of the
 * default pool, when they exist. */
static void
remove_by_name (const char *name,
                const char *volume)
{
  virDomainPtr domain = virDomainLookupByName (fixture_conn, name);
  virStoragePoolPtr pool;

  if (domain != NULL)
    {
      if (virDomainIsActive (domain) == 1)
        virDomainDestroy (domain);
      if (virDomainUndefineFlags (domain, VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_MANAGED_SAVE) < 0)
        g_printerr ("# could not undefine '%s': %s\n", name, virGetLastErrorMessage ());
      virDomainFree (domain);
    }
  pool = virStoragePoolLookupByName (fixture_conn, lab_pool);
  if (pool != NULL)
    {
      virStorageVolPtr vol;

      virStoragePoolRefresh (pool, 0);
      vol = virStorageVolLookupByName (pool, volume);
      if (vol != NULL)
        {
          if (virStorageVolDelete (vol, 0) < 0)
            g_printerr ("# could not delete '%s': %s\n", volume, virGetLastErrorMessage ());
          virStorageVolFree (vol);
        }
      virStoragePoolFree (pool);
    }
  virResetLastError ();
}

/* --- the bootable ISO ------------------------------------------------------------------------- */

static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GFile) destination = g_file_new_for_path (to);

  return g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

/* isolinux booting d-i's kernel and initrd at once, as Debian's own text-install entry does. */
static char *
build_iso (GError **error)
{
  g_autofree char *tree = g_build_filename (work_dir, "tree", NULL);
  g_autofree char *isolinux = g_build_filename (tree, "isolinux", NULL);
  g_autofree char *install = g_build_filename (tree, "install.amd", NULL);
  g_autofree char *iso = g_build_filename (work_dir, "installer.iso", NULL);
  g_autofree char *out = NULL;
  g_autofree char *config_path = g_build_filename (isolinux, "isolinux.cfg", NULL);
  const char *config = "DEFAULT install\n"
                       "PROMPT 0\n"
                       "TIMEOUT 0\n"
                       "LABEL install\n"
                       "  KERNEL /install.amd/vmlinuz\n"
                       "  APPEND vga=788 initrd=/install.amd/initrd.gz --- quiet\n";
  struct
  {
    const char *from;
    const char *dir;
    const char *name;
  } files[] = {
    { DI_DIR "/linux", install, "vmlinuz" },
    { DI_DIR "/initrd.gz", install, "initrd.gz" },
    { ISOLINUX_BIN, isolinux, "isolinux.bin" },
    { LDLINUX_C32, isolinux, "ldlinux.c32" },
  };
  const char *argv[] = {
    "xorriso", "-as", "mkisofs", "-quiet", "-o", iso, "-V", "VIREO_TEST_DI",
    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat", "-no-emul-boot",
    "-boot-load-size", "4", "-boot-info-table", tree, NULL
  };
  int status = -1;

  if (g_mkdir_with_parents (isolinux, 0755) < 0 || g_mkdir_with_parents (install, 0755) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "mkdir under %s failed", tree);
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *to = g_build_filename (files[i].dir, files[i].name, NULL);

      if (!copy_file (files[i].from, to, error))
        return NULL;
    }
  if (!g_file_set_contents (config_path, config, -1, error))
    return NULL;

  out = vireo_system_run (argv, 120000, &status, error);
  if (out == NULL)
    return NULL;
  if (status != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "xorriso exited with %d", status);
      return NULL;
    }
  /* QEMU (libvirt-qemu) reads it. */
  g_chmod (iso, 0644);
  return g_steal_pointer (&iso);
}

/* --- the creation's documents ----------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *type;
  char       *volume_path;
} Script;

/* What virt-install makes for a generic x86_64 guest on q35: virtio disk, SATA CD-ROM first to
 * boot, VNC on 127.0.0.1, a USB tablet, VGA (its screenshots need no driver in the guest). */
static char *
build_document (virConnectPtr   conn,
                const char     *volume_path,
                gpointer        data,
                GError        **error)
{
  Script *script = data;

  script->volume_path = g_strdup (volume_path);
  return g_strdup_printf ("<domain type='%s'>"
                          "  <name>%s</name>"
                          "  <memory unit='MiB'>1024</memory>"
                          "  <vcpu>1</vcpu>"
                          "  <os><type arch='x86_64' machine='q35'>hvm</type>"
                          "    <boot dev='cdrom'/><boot dev='hd'/></os>"
                          "  <features><acpi/><apic/></features>"
                          "  <clock offset='utc'/>"
                          "  <on_reboot>destroy</on_reboot>"
                          "  <devices>"
                          "    <disk type='file' device='disk'>"
                          "      <driver name='qemu' type='qcow2'/>"
                          "      <source file='%s'/><target dev='vda' bus='virtio'/>"
                          "    </disk>"
                          "    <disk type='file' device='cdrom'>"
                          "      <driver name='qemu' type='raw'/>"
                          "      <source file='%s'/><target dev='sda' bus='sata'/><readonly/>"
                          "    </disk>"
                          "    <input type='tablet' bus='usb'/>"
                          "    <graphics type='vnc' listen='127.0.0.1' autoport='yes'/>"
                          "    <video><model type='vga'/></video>"
                          "  </devices>"
                          "</domain>",
                          script->type, script->name, volume_path, iso_path);
}

/* The test's FINAL: the disk is the only boot device (the plan's own is tested with the plan). */
static char *
make_final (const char  *defined_xml,
            GError     **error)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (defined_xml, error);
  g_autoptr(xmlXPathContext) context = NULL;
  xmlNode *boot;

  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  _vireo_xml_remove_nodes (context, NULL, "/domain/os/boot");
  boot = _vireo_xml_ensure_child (_vireo_xml_find_node (context, NULL, "/domain/os"), "boot");
  _vireo_xml_set_attribute (boot, "dev", "hd");
  return _vireo_xml_to_string (doc);
}

typedef struct _Screen Screen;
static gboolean take_screenshot (const char *name, Screen *screen, GError **error);

/* The screen of the guest named here, seen right after its start (the job is at 90 %: making
 * the disk the boot device), before any installer can show. */
static const char *early_name;
static Screen     *early_screen;
static gboolean    early_taken;
static GError     *early_error;

static void
on_progress (double      fraction,
             const char *step,
             gpointer    user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format (now, "%T");

  g_printerr ("# %s %3.0f%% %s\n", time, fraction * 100, step);
  if (early_name != NULL && !early_taken && fraction >= 0.9 && fraction < 1.0)
    {
      early_taken = TRUE;
      take_screenshot (early_name, early_screen, &early_error);
    }
}

static char *
create (Script   *script,
        GError  **error)
{
  VireoInstallSteps *steps = g_new0 (VireoInstallSteps, 1);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  steps->pool_name = g_strdup (lab_pool);
  steps->volume_xml = g_strdup_printf ("<volume><name>%s.qcow2</name>"
                                       "<capacity unit='GiB'>20</capacity><allocation>0</allocation>"
                                       "<target><format type='qcow2'/></target></volume>",
                                       script->name);
  steps->make_pool_path = g_strdup (lab_pool_dir);
  steps->build = build_document;
  steps->make_final = make_final;
  steps->data = script;

  _vireo_install_steps_run_async (connection, steps, NULL, on_progress, NULL,
                                  vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, JOB_TIMEOUT_MS);
  assert_non_null (result);
  return _vireo_install_steps_run_finish (connection, result, error);
}

/* The public path, as the assistant takes it: a plan for a generic OS booting the test ISO, a new
 * 20 GiB qcow2 in the test's pool (made here, since the job only makes "default"), no NIC. The
 * volume's path is returned in @volume_path. */
static char *
create_with_plan (const char  *name,
                  const char  *type,
                  char       **volume_path,
                  GError     **error)
{
  g_autoptr(VireoInstallPlan) plan = vireo_install_plan_new ();
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  virStoragePoolPtr pool = virStoragePoolLookupByName (fixture_conn, lab_pool);
  char *uuid;

  if (pool == NULL)
    {
      g_autofree char *xml = g_strdup_printf ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                                              lab_pool, lab_pool_dir);

      virResetLastError ();
      pool = virStoragePoolDefineXML (fixture_conn, xml, 0);
      assert_non_null (pool);
      assert_int_equal (virStoragePoolBuild (pool, 0), 0);
      assert_int_equal (virStoragePoolCreate (pool, 0), 0);
    }
  virStoragePoolFree (pool);

  g_free (plan->name);
  plan->name = g_strdup (name);
  plan->media = VIREO_INSTALL_MEDIA_ISO;
  plan->iso_path = g_strdup (iso_path);
  plan->memory_mib = 1024;
  plan->vcpus = 1;
  plan->disk = VIREO_INSTALL_DISK_NEW_VOLUME;
  g_free (plan->disk_pool);
  plan->disk_pool = g_strdup (lab_pool);
  g_free (plan->disk_format);
  plan->disk_format = g_strdup ("qcow2");
  plan->disk_gib = 20;
  plan->nic = VIREO_INSTALL_NIC_NONE;
  plan->domain_type = g_strdup (type);

  vireo_install_create_async (connection, plan, NULL, NULL, on_progress, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, JOB_TIMEOUT_MS);
  assert_non_null (result);
  uuid = vireo_install_create_finish (connection, result, error);

  if (uuid != NULL)
    {
      g_autofree char *volume = g_strconcat (name, ".qcow2", NULL);
      virStoragePoolPtr made = virStoragePoolLookupByName (fixture_conn, lab_pool);
      virStorageVolPtr vol = made != NULL ? virStorageVolLookupByName (made, volume) : NULL;

      assert_non_null (vol);
      *volume_path = virStorageVolGetPath (vol);
      virStorageVolFree (vol);
      virStoragePoolFree (made);
    }
  return uuid;
}

/* --- the screen ------------------------------------------------------------------------------- */

struct _Screen
{
  guint  width;
  guint  height;
  double blue;      /* share of the d-i screen's blue background */
  double grey;      /* share of its grey dialog */
  double black;     /* share of (near) black */
};

/* Colour statistics of an image file (libvirt 9.0 with QEMU 7.2 gives PNG; older ones PPM). */
static gboolean
read_screen (const char  *path,
             Screen      *screen,
             GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, error);
  const guint8 *pixels;
  guint64 blue = 0, grey = 0, black = 0, total;
  int stride, channels;

  if (pixbuf == NULL)
    return FALSE;
  screen->width = gdk_pixbuf_get_width (pixbuf);
  screen->height = gdk_pixbuf_get_height (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  total = (guint64) screen->width * screen->height;
  if (total == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "empty screenshot");
      return FALSE;
    }

  for (guint y = 0; y < screen->height; y++)
    for (guint x = 0; x < screen->width; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * channels;
        guint8 r = p[0], g = p[1], b = p[2];

        if (b >= 128 && r < 64 && g < 64)
          blue++;
        else if (r >= 140 && r <= 210 && ABS (r - g) < 16 && ABS (r - b) < 16)
          grey++;
        else if (r < 32 && g < 32 && b < 32)
          black++;
      }
  screen->blue = (double) blue / total;
  screen->grey = (double) grey / total;
  screen->black = (double) black / total;
  return TRUE;
}

static gboolean
take_screenshot (const char  *name,
                 Screen      *screen,
                 GError     **error)
{
  g_autofree char *file = g_build_filename (work_dir, "screen", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { "virsh", "-c", "qemu:///system", "screenshot", name, file, NULL };
  int status = -1;

  out = vireo_system_run (argv, 60000, &status, error);
  if (out == NULL)
    return FALSE;
  if (status != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "virsh screenshot exited with %d", status);
      return FALSE;
    }
  return read_screen (file, screen, error);
}

static gboolean
on_poll_tick (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
flag_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* The d-i dialog: a grey box on a blue background (the first screens are black: SeaBIOS,
 * isolinux, the kernel's messages; a blank screen is all black). */
static gboolean
installer_shown (const Screen *screen)
{
  return screen->blue > 0.03 && screen->grey > 0.4 && screen->black < 0.2;
}

/* --- tests ------------------------------------------------------------------------------------ */

static void
test_kvm_failure_leaves_nothing (void **state)
{
  g_autofree char *name = name_for ("kvm");
  g_autofree char *volume = g_strconcat (name, ".qcow2", NULL);
  Script script = { .name = name, .type = "kvm" };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  uuid = create (&script, &error);
  if (uuid != NULL)
    {
      /* QEMU could use KVM here: there is no failure to prove. */
      remove_by_name (name, volume);
      g_free (script.volume_path);
      skip ();
    }

  assert_non_null (error);
  g_printerr ("# %s\n", error->message);
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_KVM_UNAVAILABLE));
  assert_non_null (strstr (error->message, name));
  assert_non_null (vireo_error_get_hint (error));

  /* The pool, its directory and the volume had been made: all gone. */
  assert_non_null (script.volume_path);
  assert_false (domain_defined (name));
  assert_false (volume_exists (lab_pool, volume));
  assert_false (g_file_test (script.volume_path, G_FILE_TEST_EXISTS));
  assert_false (pool_exists (lab_pool));
  assert_false (g_file_test (lab_pool_dir, G_FILE_TEST_EXISTS));
  g_free (script.volume_path);
}

static void
test_install_boots_installer (void **state)
{
  g_autofree char *name = name_for ("tcg");
  g_autofree char *volume = g_strconcat (name, ".qcow2", NULL);
  Script script = { .name = name, .type = "qemu" };
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *live = NULL;
  Screen early = { 0 };
  g_autofree char *inactive = NULL;
  virDomainPtr domain;
  Screen screen = { 0 };
  gboolean first_black = FALSE;
  gint64 started, deadline;
  guint polls = 0;

  /* Through vireo_install_create_async: the plan's own XML on a real libvirtd. */
  early_name = name;
  early_screen = &early;
  uuid = create_with_plan (name, "qemu", &script.volume_path, &error);
  early_name = NULL;
  assert_no_error (error);
  assert_non_null (uuid);

  /* Seconds after the start: firmware or boot loader, which the statistics must not take for the
   * installer. */
  assert_true (early_taken);
  assert_no_error (early_error);
  g_printerr ("# just started: %ux%u, %.1f%% blue, %.1f%% grey, %.1f%% black\n", early.width,
              early.height, early.blue * 100, early.grey * 100, early.black * 100);
  assert_false (installer_shown (&early));

  /* The volume in the pool, sparse. */
  assert_true (volume_exists (lab_pool, volume));
  assert_non_null (script.volume_path);
  {
    g_autofree char *expected = g_build_filename (lab_pool_dir, volume, NULL);

    assert_string_equal (script.volume_path, expected);
  }
  {
    GStatBuf buf;

    assert_int_equal (g_stat (script.volume_path, &buf), 0);
    /* 20 GiB of capacity, a few hundred KiB on disk. */
    assert_true ((guint64) buf.st_blocks * 512 < 16 * 1024 * 1024);
  }

  /* Running from the CD-ROM; what stays defined boots from the disk. */
  domain = virDomainLookupByUUIDString (fixture_conn, uuid);
  assert_non_null (domain);
  assert_int_equal (virDomainIsActive (domain), 1);
  assert_int_equal (virDomainIsPersistent (domain), 1);
  virDomainFree (domain);
  live = domain_xml (name, 0);
  assert_xpath_equal (live, "string(/domain/@type)", "qemu");
  assert_xpath_equal (live, "string(/domain/os/boot[1]/@dev)", "cdrom");
  inactive = domain_xml (name, VIR_DOMAIN_XML_INACTIVE);
  assert_xpath_equal (inactive, "count(/domain/os/boot)", "1");
  assert_xpath_equal (inactive, "string(/domain/os/boot/@dev)", "hd");
  assert_xpath_equal (inactive, "string(/domain/devices/disk[@device='cdrom']/source/@file)", iso_path);
  assert_xpath_equal (inactive, "string(/domain/devices/disk[@device='disk']/source/@file)",
                      script.volume_path);

  /* Poll the screen until the installer shows, with a deadline. */
  started = g_get_monotonic_time ();
  deadline = started + (gint64) INSTALLER_TIMEOUT_S * G_USEC_PER_SEC;
  while (TRUE)
    {
      gboolean tick = FALSE;

      assert_true (take_screenshot (name, &screen, &error));
      assert_no_error (error);
      polls++;
      g_printerr ("# %3.0f s: %ux%u, %.1f%% blue, %.1f%% grey, %.1f%% black\n",
                  (g_get_monotonic_time () - started) / 1e6, screen.width, screen.height,
                  screen.blue * 100, screen.grey * 100, screen.black * 100);
      if (polls == 1)
        first_black = screen.black > 0.9;
      if (installer_shown (&screen))
        break;
      if (g_get_monotonic_time () > deadline)
        fail_msg ("no installer on the screen after %d s (%.1f%% blue, %.1f%% grey, %.1f%% black)",
                  INSTALLER_TIMEOUT_S, screen.blue * 100, screen.grey * 100, screen.black * 100);

      /* Still running: a guest that died shows no installer. */
      domain = virDomainLookupByName (fixture_conn, name);
      assert_non_null (domain);
      assert_int_equal (virDomainIsActive (domain), 1);
      virDomainFree (domain);

      g_timeout_add (POLL_INTERVAL_MS, on_poll_tick, &tick);
      assert_true (vireo_test_wait_until (flag_set, &tick, POLL_INTERVAL_MS * 4));
    }

  /* What the first look saw (firmware, boot loader, kernel: mostly black) is only logged: under
   * load the creation may return after the installer already came up. */
  g_printerr ("# installer after %u screenshots; the first was %s\n", polls,
              first_black ? "mostly black" : "not mostly black");

  remove_by_name (name, volume);
  assert_false (domain_defined (name));
  assert_false (volume_exists (lab_pool, volume));
  g_free (script.volume_path);
}

/* What the assistant is shown about this host, against what the host says itself; a bridge made
 * for the test (and removed by name) must come out as a bridge. */
static void
test_host_query (void **state)
{
  g_autofree char *bridge = g_strdup_printf ("vsbr%d", (int) getpid ());
  const char *add[] = { "ip", "link", "add", "name", bridge, "type", "bridge", NULL };
  const char *del[] = { "ip", "link", "del", bridge, NULL };
  g_autofree char *add_out = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VireoInstallHost) host = NULL;
  g_autoptr(GDir) dir = NULL;
  const VireoInstallNetwork *network;
  const char *entry;
  guint expected = 0;
  int status = -1;
  gboolean bridge_seen = FALSE;

  add_out = vireo_system_run (add, 30000, &status, &error);
  assert_no_error (error);
  assert_int_equal (status, 0);

  vireo_install_host_query_async (connection, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, JOB_TIMEOUT_MS);
  host = vireo_install_host_query_finish (connection, result, &error);

  {
    g_autofree char *out = vireo_system_run (del, 30000, &status, NULL);
  }

  assert_no_error (error);
  assert_non_null (host);
  assert_string_equal (vireo_install_caps_get_arch (host->caps), "x86_64");
  assert_true (host->is_local);
  assert_false (host->is_session);
  /* The node as libvirt reports it (in a container its memory is not /proc/meminfo's). */
  {
    virNodeInfo info;

    assert_int_equal (virNodeGetInfo (fixture_conn, &info), 0);
    assert_int_equal (host->cpus, info.cpus);
    assert_int_equal (host->memory_mib, info.memory / 1024);
  }
  assert_true (host->memory_mib > 0);
  assert_string_equal (host->default_pool_path, "/var/lib/libvirt/images");
  assert_non_null (host->domain_names);

  /* Debian's libvirt defines the NAT network "default". */
  network = vireo_install_host_find_network (host, "default");
  if (network != NULL)
    {
      assert_string_equal (network->forward_mode, "nat");
      assert_non_null (network->bridge);
    }

  /* The interfaces of /sys/class/net but lo, bridges told apart. Guests of other tests may add
   * and remove tap devices meanwhile: each listed one is checked, and ours must be there. */
  dir = g_dir_open ("/sys/class/net", 0, NULL);
  assert_non_null (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *bridge_dir = g_build_filename ("/sys/class/net", entry, "bridge", NULL);

      for (guint i = 0; i < host->interfaces->len; i++)
        {
          VireoInstallInterface *interface = g_ptr_array_index (host->interfaces, i);

          if (!g_str_equal (interface->name, entry))
            continue;
          expected++;
          if (!g_str_equal (entry, bridge))
            assert_int_equal (interface->is_bridge, g_file_test (bridge_dir, G_FILE_TEST_IS_DIR));
        }
    }
  for (guint i = 0; i < host->interfaces->len; i++)
    {
      VireoInstallInterface *interface = g_ptr_array_index (host->interfaces, i);

      if (g_str_equal (interface->name, bridge))
        bridge_seen = interface->is_bridge;
    }
  for (guint i = 0; i < host->interfaces->len; i++)
    assert_string_not_equal (((VireoInstallInterface *) g_ptr_array_index (host->interfaces, i))->name, "lo");
  assert_true (bridge_seen);
  assert_true (expected >= 1);
}

/* --- main ------------------------------------------------------------------------------------- */

static gboolean
connection_ready (gpointer user_data)
{
  return vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTING &&
         (vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED ||
          vireo_connection_get_domains_loaded (connection));
}

static int
group_setup (void **state)
{
  g_autoptr(GError) error = NULL;
  const char *needed[] = { DI_DIR "/linux", DI_DIR "/initrd.gz", ISOLINUX_BIN, LDLINUX_C32 };

  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    if (!g_file_test (needed[i], G_FILE_TEST_EXISTS))
      {
        g_printerr ("# %s is missing: install debian-installer-12-netboot-amd64, isolinux and "
                    "syslinux-common (tools/lib.sh)\n", needed[i]);
        return -1;
      }

  libvirtd = vireo_system_libvirtd_ensure (&error);
  if (libvirtd == NULL)
    {
      g_printerr ("# libvirtd: %s\n", error->message);
      return -1;
    }

  fixture_conn = virConnectOpen ("qemu:///system");
  if (fixture_conn == NULL)
    {
      g_printerr ("# virConnectOpen: %s\n", virGetLastErrorMessage ());
      return -1;
    }

  /* QEMU runs as libvirt-qemu: the ISO's directory must be searchable. */
  work_dir = g_build_filename (g_get_tmp_dir (), "vireo-systest-install-XXXXXX", NULL);
  if (g_mkdtemp_full (work_dir, 0755) == NULL)
    {
      g_printerr ("# mkdtemp: %s\n", g_strerror (errno));
      return -1;
    }
  lab_pool_dir = g_build_filename (work_dir, "pool", NULL);
  lab_pool = name_for ("pool");
  iso_path = build_iso (&error);
  if (iso_path == NULL)
    {
      g_printerr ("# building the ISO: %s\n", error->message);
      return -1;
    }

  connection = vireo_connection_new ("qemu:///system");
  vireo_connection_connect (connection);
  if (!vireo_test_wait_until (connection_ready, NULL, OPEN_TIMEOUT_MS) ||
      vireo_connection_get_state (connection) != VIREO_CONNECTION_STATE_CONNECTED)
    {
      g_printerr ("# qemu:///system: %s\n", vireo_connection_get_error_message (connection));
      return -1;
    }
  return 0;
}

static gboolean
weak_pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, entry, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static int
group_teardown (void **state)
{
  const char *suffixes[] = { "kvm", "tcg" };
  g_autofree char *bridge = g_strdup_printf ("vsbr%d", (int) getpid ());
  const char *del[] = { "ip", "link", "del", bridge, NULL };

  /* The host query's bridge, when a failure left it. */
  if (g_file_test ("/sys/class/net", G_FILE_TEST_IS_DIR))
    {
      g_autofree char *path = g_build_filename ("/sys/class/net", bridge, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_free (vireo_system_run (del, 30000, NULL, NULL));
    }

  /* Whatever a failed test left, by name. */
  if (fixture_conn != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = name_for (suffixes[i]);
          g_autofree char *volume = g_strconcat (name, ".qcow2", NULL);

          remove_by_name (name, volume);
        }

      /* The test's pool (its directory goes with work_dir). */
      if (lab_pool != NULL)
        {
          virStoragePoolPtr pool = virStoragePoolLookupByName (fixture_conn, lab_pool);

          if (pool != NULL)
            {
              if (virStoragePoolIsActive (pool) == 1)
                virStoragePoolDestroy (pool);
              virStoragePoolUndefine (pool);
              virStoragePoolFree (pool);
            }
          virResetLastError ();
        }
    }

  if (connection != NULL)
    {
      gpointer weak = connection;

      vireo_connection_disconnect (connection);
      g_object_add_weak_pointer (G_OBJECT (connection), &weak);
      g_clear_object (&connection);
      vireo_test_wait_until (weak_pointer_cleared, &weak, 10000);
    }
  if (fixture_conn != NULL)
    virConnectClose (fixture_conn);
  if (work_dir != NULL)
    remove_tree (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&iso_path, g_free);
  g_clear_pointer (&lab_pool_dir, g_free);
  g_clear_pointer (&lab_pool, g_free);
  g_clear_pointer (&libvirtd, vireo_system_libvirtd_stop);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_host_query),
    cmocka_unit_test (test_kvm_failure_leaves_nothing),
    cmocka_unit_test (test_install_boots_installer),
  };
  g_autoptr(GError) error = NULL;
  int ret;

  if (!vireo_system_can_run ())
    return 0;

  /* libvirt writes to its sockets with write(2): a daemon going away must be an error, not a
   * signal that kills the test. */
  signal (SIGPIPE, SIG_IGN);

  g_log_writer_default_set_use_stderr (TRUE);

  if (!vireo_core_init (&error))
    {
      g_printerr ("vireo_core_init: %s\n", error->message);
      return 1;
    }

  prefix = g_strdup_printf ("vireo-systest-%d", (int) getpid ());
  ret = cmocka_run_group_tests_name ("system-install", tests, group_setup, group_teardown);
  g_free (prefix);
  return ret;
}
