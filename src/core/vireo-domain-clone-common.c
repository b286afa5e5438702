/* vireo-domain-clone-common.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-clone"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-clone.h"
#include "vireo-domain-clone-private.h"
#include "vireo-domain-tracker.h"
#include "vireo-worker.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"
#include "vireo-xml-private.h"

/*
 * Clones, as virt-clone makes them, on the connection's long lane (copies take minutes): read the
 * source's inactive definition (with secrets, so display passwords carry over), create the new
 * volumes through the storage API (the daemon copies, so remote hosts work alike), edit the
 * definition in place (new name, no UUID, no MACs: libvirt generates them) and define it. Every
 * check that can fail runs before anything is created; whatever fails later is undone: the volumes
 * made so far are deleted and the VMs defined so far undefined.
 *
 * A full clone copies with virStorageVolCreateXMLFrom (qemu-img convert: the copy is flat, even
 * from an overlay). A linked clone gets, per disk, a qcow2 overlay whose backing store is the
 * template's disk (virStorageVolCreateXML with <backingStore>).
 *
 * Progress of a full clone: a step per disk, weighted by what it holds; between steps, on a local
 * connection with a file pool, the main thread looks every half second at how much of the new
 * file exists (GIO, not libvirt: see on_poll_tick()). Elsewhere (remote hosts, logical volumes,
 * the test driver, which copies instantly) it just moves by steps.
 */

#define POLL_INTERVAL_MS 500
/* How far past the last taken number linked clones look for free names. */
#define MAX_NAME_SEARCH  10000

/* Pools whose volumes can be qcow2 files. */
static const char * const qcow2_pool_types[] = { "dir", "fs", "netfs", "gluster", NULL };
/* Pools in which libvirt cannot create volumes. */
/**
 * _vireo_clone_pool_holds_qcow2:
 * @pool_type: (nullable): a storage pool's type
 *
 * Returns: whether volumes of such a pool can be qcow2 files
 */
gboolean
_vireo_clone_pool_holds_qcow2 (const char *pool_type)
{
  return pool_type != NULL && g_strv_contains (qcow2_pool_types, pool_type);
}

static const char * const fixed_pool_types[] = { "iscsi", "iscsi-direct", "scsi", "mpath", NULL };
/* Extensions worth keeping from the source volume's name. */
static const char * const image_extensions[] = {
  "qcow2", "qcow", "img", "raw", "qed", "vmdk", "vdi", "vhd", "vhdx", "vpc", NULL
};

/* --- progress (main thread) ------------------------------------------------------------------- */


static void
_vireo_clone_progress_clear (Progress *progress)
{
  g_assert (progress->poll_id == 0);
  g_free (progress->watch_path);
}

static void
_vireo_clone_progress_release (Progress *progress)
{
  g_rc_box_release_full (progress, (GDestroyNotify) _vireo_clone_progress_clear);
}

static void
_vireo_clone_progress_report (Progress *progress,
                 double    fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (progress->finished || progress->callback == NULL || fraction <= progress->reported)
    return;
  progress->reported = fraction;
  progress->callback (fraction, progress->data);
}

static void
_vireo_clone_on_polled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Progress *progress = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, NULL);
  g_autofree char *path = g_file_get_path (G_FILE (source));

  progress->poll_in_flight = FALSE;
  /* A file not there yet, or a step that moved on meanwhile, only means no update this time. */
  if (info != NULL && progress->target_bytes > 0 && g_strcmp0 (path, progress->watch_path) == 0)
    {
      guint64 allocated = g_file_info_get_attribute_uint64 (info,
                                                            G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE);
      double done = MIN ((double) allocated / (double) progress->target_bytes, 0.99);

      _vireo_clone_progress_report (progress, progress->base + progress->weight * done);
    }
  _vireo_clone_progress_release (progress);
}

static gboolean
_vireo_clone_on_poll_tick (gpointer user_data)
{
  Progress *progress = user_data;
  g_autoptr(GFile) file = NULL;

  if (progress->poll_in_flight || progress->watch_path == NULL)
    return G_SOURCE_CONTINUE;

  /* How much of the new file exists, asked of the file system through GIO's own threads. Not
   * through libvirt: a call on the connection that runs the copy waits for the copy to end
   * (seen with libvirt 9.0 and qemu:///system). */
  progress->poll_in_flight = TRUE;
  file = g_file_new_for_path (progress->watch_path);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_ALLOCATED_SIZE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, _vireo_clone_on_polled, g_rc_box_acquire (progress));
  return G_SOURCE_CONTINUE;
}

static void
_vireo_clone_progress_finish (Progress *progress,
                 gboolean  success)
{
  if (success)
    _vireo_clone_progress_report (progress, 1.0);
  progress->finished = TRUE;
  g_clear_handle_id (&progress->poll_id, g_source_remove);
}


static void
_vireo_clone_progress_step_free (ProgressStep *step)
{
  _vireo_clone_progress_release (step->progress);
  g_free (step->watch_path);
  g_free (step);
}

static gboolean
_vireo_clone_apply_progress_step (gpointer user_data)
{
  ProgressStep *step = user_data;
  Progress *progress = step->progress;

  if (progress->finished)
    return G_SOURCE_REMOVE;

  g_free (progress->watch_path);
  progress->watch_path = g_strdup (step->watch_path);
  progress->base = step->base;
  progress->weight = step->weight;
  progress->target_bytes = step->target_bytes;
  _vireo_clone_progress_report (progress, step->base);

  if (progress->watch_path != NULL && progress->poll_id == 0 && progress->callback != NULL)
    progress->poll_id = g_timeout_add_full (G_PRIORITY_DEFAULT, POLL_INTERVAL_MS, _vireo_clone_on_poll_tick,
                                            g_rc_box_acquire (progress),
                                            (GDestroyNotify) _vireo_clone_progress_release);

  return G_SOURCE_REMOVE;
}

/* --- jobs ------------------------------------------------------------------------------------- */


void
_vireo_clone_job_close_connection (Job *job)
{
  if (job->conn != NULL)
    virConnectClose (job->conn);
  job->conn = NULL;
}

static void
_vireo_clone_job_free (Job *job)
{
  /* Normally closed by the job itself, in the worker: closing may talk to the daemon. */
  _vireo_clone_job_close_connection (job);
  g_free (job->uuid);
  g_free (job->source_name);
  g_free (job->new_name);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->progress, _vireo_clone_progress_release);
  g_free (job);
}

/* Worker: tells the main thread where the whole stands, and which file is being written (NULL:
 * none, or not one this machine can see). */
void
_vireo_clone_post_progress (Job        *job,
               const char *watch_path,
               double      base,
               double      weight,
               guint64     target_bytes)
{
  ProgressStep *step;

  if (job->progress == NULL)
    return;

  step = g_new0 (ProgressStep, 1);
  step->progress = g_rc_box_acquire (job->progress);
  step->watch_path = g_strdup (watch_path);
  step->base = base;
  step->weight = weight;
  step->target_bytes = target_bytes;
  vireo_post_to_context (job->context, _vireo_clone_apply_progress_step, step,
                         (GDestroyNotify) _vireo_clone_progress_step_free);
}


static void
_vireo_clone_clone_disk_free (CloneDisk *disk)
{
  g_free (disk->target);
  g_free (disk->type);
  g_free (disk->path);
  g_free (disk->pool_name);
  g_free (disk->pool_type);
  g_free (disk->pool_target);
  g_free (disk->volume_name);
  g_free (disk->volume_xml);
  g_free (disk->format);
  g_free (disk->new_volume);
  g_free (disk);
}

static char *
_vireo_clone_disk_path (virConnectPtr    conn,
           xmlXPathContext *context,
           xmlNode         *disk,
           const char      *type)
{
  if (g_str_equal (type, "file"))
    return _vireo_xml_get_string (context, disk, "string(./source/@file)");
  if (g_str_equal (type, "block"))
    return _vireo_xml_get_string (context, disk, "string(./source/@dev)");
  if (g_str_equal (type, "volume"))
    {
      g_autofree char *pool_name = _vireo_xml_get_string (context, disk, "string(./source/@pool)");
      g_autofree char *volume_name = _vireo_xml_get_string (context, disk, "string(./source/@volume)");
      g_autoptr(virStoragePool) pool = pool_name ? virStoragePoolLookupByName (conn, pool_name) : NULL;
      g_autoptr(virStorageVol) volume = NULL;
      char *path;

      if (pool != NULL && volume_name != NULL)
        volume = virStorageVolLookupByName (pool, volume_name);
      path = volume ? virStorageVolGetPath (volume) : NULL;
      if (path == NULL)
        virResetLastError ();
      return path;
    }
  return NULL;
}

/* The string at @xpath of a libvirt XML document. */
static char *
_vireo_clone_xml_string (const char *xml,
            const char *xpath)
{
  g_autoptr(xmlDoc) doc = xml ? _vireo_xml_parse (xml, NULL) : NULL;
  g_autoptr(xmlXPathContext) context = doc ? _vireo_xml_context_new (doc) : NULL;

  return context ? _vireo_xml_get_string (context, NULL, xpath) : NULL;
}

/* Fills @disk's pool and volume facts from the storage pools; a message why not on failure. */
static char *
_vireo_clone_describe_volume (virConnectPtr  conn,
                 CloneDisk     *disk,
                 const char    *domain_name)
{
  g_autoptr(virStorageVol) volume = virStorageVolLookupByPath (conn, disk->path);
  g_autoptr(virStoragePool) pool = volume ? virStoragePoolLookupByVolume (volume) : NULL;
  g_autofree char *pool_xml = pool ? virStoragePoolGetXMLDesc (pool, 0) : NULL;
  virStorageVolInfo info;

  if (pool_xml == NULL || (disk->volume_xml = virStorageVolGetXMLDesc (volume, 0)) == NULL ||
      virStorageVolGetInfo (volume, &info) < 0)
    {
      virResetLastError ();
      return g_strdup_printf (_("The disk '%s' of '%s' is not a volume of a storage pool: Vireo "
                                "can only copy disks that libvirt manages."),
                              disk->path, domain_name);
    }

  disk->pool_name = g_strdup (virStoragePoolGetName (pool));
  disk->volume_name = g_strdup (virStorageVolGetName (volume));
  disk->pool_type = _vireo_clone_xml_string (pool_xml, "string(/pool/@type)");
  disk->pool_target = _vireo_clone_xml_string (pool_xml, "string(/pool/target/path)");
  disk->format = _vireo_clone_xml_string (disk->volume_xml, "string(/volume/target/format/@type)");
  disk->capacity = info.capacity;
  disk->allocation = info.allocation;
  return NULL;
}

/* The read-write disks of the definition in @context, which a clone must not share. CD-ROMs,
 * floppies, read-only and shareable disks are shared with the clone. Fails with a message saying
 * which disk cannot be cloned. */
GPtrArray *
_vireo_clone_collect_disks (virConnectPtr     conn,
               xmlXPathContext  *context,
               const char       *domain_name,
               gboolean          linked,
               GError          **error)
{
  g_autoptr(GPtrArray) nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/disk");
  g_autoptr(GPtrArray) disks = g_ptr_array_new_with_free_func ((GDestroyNotify) _vireo_clone_clone_disk_free);

  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *device = _vireo_xml_get_attribute (node, "device");
      g_autofree char *refusal = NULL;
      CloneDisk *disk;

      if (g_strcmp0 (device, "cdrom") == 0 || g_strcmp0 (device, "floppy") == 0 ||
          _vireo_xml_find_node (context, node, "./readonly | ./shareable") != NULL)
        continue;

      disk = g_new0 (CloneDisk, 1);
      g_ptr_array_add (disks, disk);
      disk->index = i;
      disk->target = _vireo_xml_get_string (context, node, "string(./target/@dev)");
      disk->type = _vireo_xml_get_attribute (node, "type");
      if (disk->type == NULL)
        disk->type = g_strdup ("file");
      disk->path = _vireo_clone_disk_path (conn, context, node, disk->type);

      if (disk->path == NULL)
        {
          /* An empty drive has nothing to copy. */
          if (_vireo_xml_find_node (context, node, "./source") == NULL)
            {
              g_ptr_array_remove (disks, disk);
              continue;
            }
          g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                       _("The disk '%s' of '%s' is not a volume of a storage pool: Vireo can "
                         "only copy disks that libvirt manages."),
                       disk->target ? disk->target : "?", domain_name);
          return NULL;
        }

      refusal = _vireo_clone_describe_volume (conn, disk, domain_name);
      if (refusal == NULL && linked &&
          (disk->pool_type == NULL || !g_strv_contains (qcow2_pool_types, disk->pool_type)))
        refusal = g_strdup_printf (_("The disk '%s' is in the storage pool '%s' of type '%s', "
                                     "which cannot hold qcow2 overlays: linked clones need a "
                                     "directory or file system pool."),
                                   disk->path, disk->pool_name,
                                   disk->pool_type ? disk->pool_type : "?");
      if (refusal == NULL && !linked && disk->pool_type != NULL &&
          g_strv_contains (fixed_pool_types, disk->pool_type))
        refusal = g_strdup_printf (_("The storage pool '%s' cannot create volumes, so the disk "
                                     "'%s' cannot be copied."), disk->pool_name, disk->path);
      if (refusal != NULL)
        {
          g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, refusal);
          return NULL;
        }
    }

  return g_steal_pointer (&disks);
}

/* "<name>.<ext>" for the first disk, "<name>-<target>.<ext>" for the others. */
char *
_vireo_clone_volume_name_for (const char *clone_name,
                 CloneDisk  *disk,
                 guint       position,
                 const char *extension)
{
  g_autofree char *suffix = extension && *extension ? g_strconcat (".", extension, NULL) : g_strdup ("");

  if (position == 0)
    return g_strconcat (clone_name, suffix, NULL);
  return g_strdup_printf ("%s-%s%s", clone_name, disk->target ? disk->target : "disk", suffix);
}

/* The extension for a full copy of @disk: the source's, when it is an image extension; else one
 * matching the format in file pools, none elsewhere (logical volumes have none). */
char *
_vireo_clone_copy_extension (CloneDisk *disk)
{
  const char *dot = strrchr (disk->volume_name, '.');

  if (dot != NULL && g_strv_contains (image_extensions, dot + 1))
    return g_strdup (dot + 1);
  if (disk->pool_type != NULL && g_strv_contains (qcow2_pool_types, disk->pool_type))
    return g_strdup (g_strcmp0 (disk->format, "raw") == 0 || disk->format == NULL ? "img" : disk->format);
  return NULL;
}

gboolean
_vireo_clone_volume_exists (virConnectPtr  conn,
               const char    *pool_name,
               const char    *volume_name)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (conn, pool_name);
  g_autoptr(virStorageVol) volume = pool ? virStorageVolLookupByName (pool, volume_name) : NULL;

  if (volume == NULL)
    virResetLastError ();
  return volume != NULL;
}

gboolean
_vireo_clone_domain_exists (virConnectPtr  conn,
               const char    *name)
{
  g_autoptr(virDomain) domain = virDomainLookupByName (conn, name);

  if (domain == NULL)
    virResetLastError ();
  return domain != NULL;
}

/* Gives the definition in @context the identity of a new VM called @name. */
void
_vireo_clone_make_new_identity (xmlXPathContext *context,
                   const char      *name)
{
  g_autoptr(GPtrArray) graphics = NULL;

  _vireo_xml_set_text (_vireo_xml_ensure_child (xmlDocGetRootElement (context->doc), "name"), name);
  /* libvirt generates a UUID and MACs for what has none. */
  _vireo_xml_remove_nodes (context, NULL, "/domain/uuid");
  _vireo_xml_remove_nodes (context, NULL, "/domain/sysinfo/system/entry[@name='uuid']");
  _vireo_xml_remove_nodes (context, NULL, "/domain/devices/interface/mac");
  /* A host-side device name (tap, macvtap) can serve one running VM only. */
  _vireo_xml_remove_nodes (context, NULL, "/domain/devices/interface/target");
  /* Its own UEFI variables: libvirt makes a fresh store from the template on first boot. Sharing
   * the source's would let one VM's boot entries (and deleting one VM) affect the other. */
  _vireo_xml_remove_nodes (context, NULL, "/domain/os/nvram");

  /* Ports the daemon picks must be picked again. */
  graphics = _vireo_xml_find_nodes (context, NULL, "/domain/devices/graphics[@autoport='yes']");
  for (guint i = 0; i < graphics->len; i++)
    {
      xmlNode *node = g_ptr_array_index (graphics, i);
      g_autofree char *websocket = _vireo_xml_get_attribute (node, "websocket");

      _vireo_xml_set_attribute (node, "port", NULL);
      _vireo_xml_set_attribute (node, "tlsPort", NULL);
      if (websocket != NULL)
        _vireo_xml_set_attribute (node, "websocket", "-1");
    }
}

static xmlNode *
_vireo_clone_disk_node (xmlXPathContext *context,
           guint            index)
{
  g_autoptr(GPtrArray) nodes = _vireo_xml_find_nodes (context, NULL, "/domain/devices/disk");

  g_assert (index < nodes->len);
  return g_ptr_array_index (nodes, index);
}

/* Points a full copy's disk at its new volume, keeping the disk's type. */
void
_vireo_clone_retarget_copy (xmlXPathContext *context,
               CloneDisk       *disk,
               const char      *new_path)
{
  xmlNode *node = _vireo_clone_disk_node (context, disk->index);
  xmlNode *source = _vireo_xml_ensure_child (node, "source");

  if (g_str_equal (disk->type, "volume"))
    {
      _vireo_xml_set_attribute (source, "pool", disk->pool_name);
      _vireo_xml_set_attribute (source, "volume", disk->new_volume);
    }
  else
    _vireo_xml_set_attribute (source, g_str_equal (disk->type, "block") ? "dev" : "file", new_path);
  /* The copy is flat: the source's chain is not its own. */
  _vireo_xml_remove_nodes (context, node, "./backingStore");
}

/* Points a linked clone's disk at its qcow2 overlay file. */
void
_vireo_clone_retarget_overlay (xmlXPathContext *context,
                  CloneDisk       *disk,
                  const char      *new_path)
{
  static const char * const source_attributes[] = { "dev", "dir", "pool", "volume", "mode",
                                                    "protocol", "name", NULL };
  xmlNode *node = _vireo_clone_disk_node (context, disk->index);
  xmlNode *source = _vireo_xml_ensure_child (node, "source");

  _vireo_xml_set_attribute (node, "type", "file");
  for (guint i = 0; source_attributes[i] != NULL; i++)
    _vireo_xml_set_attribute (source, source_attributes[i], NULL);
  _vireo_xml_set_attribute (source, "file", new_path);
  _vireo_xml_set_attribute (_vireo_xml_ensure_child (node, "driver"), "type", "qcow2");
  _vireo_xml_remove_nodes (context, node, "./backingStore");
}

/* The definition for a copy of @disk named @name: the source volume's, renamed, without what
 * belongs to the source (key, path, backing chain). */
char *
_vireo_clone_copy_volume_xml (CloneDisk  *disk,
                 const char *name,
                 GError    **error)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (disk->volume_xml, error);
  g_autoptr(xmlXPathContext) context = NULL;

  if (doc == NULL)
    return NULL;
  context = _vireo_xml_context_new (doc);
  _vireo_xml_set_text (_vireo_xml_ensure_child (xmlDocGetRootElement (doc), "name"), name);
  _vireo_xml_remove_nodes (context, NULL, "/volume/key | /volume/target/path | "
                                          "/volume/target/timestamps | /volume/backingStore");
  return _vireo_xml_to_string (doc);
}

char *
_vireo_clone_overlay_volume_xml (CloneDisk  *disk,
                    const char *name)
{
  /* No <allocation>: libvirt sizes the new file itself (a qcow2 overlay starts small). */
  return g_markup_printf_escaped ("<volume type='file'>"
                                  "<name>%s</name>"
                                  "<capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>"
                                  "<target><format type='qcow2'/></target>"
                                  "<backingStore><path>%s</path><format type='%s'/></backingStore>"
                                  "</volume>",
                                  name, disk->capacity, disk->path,
                                  disk->format ? disk->format : "raw");
}


static void
_vireo_clone_free_volume (gpointer volume)
{
  virStorageVolFree (volume);
}

static void
_vireo_clone_free_domain (gpointer domain)
{
  virDomainFree (domain);
}

void
_vireo_clone_created_init (Created *created)
{
  created->volumes = g_ptr_array_new_with_free_func (_vireo_clone_free_volume);
  created->domains = g_ptr_array_new_with_free_func (_vireo_clone_free_domain);
}

void
_vireo_clone_created_clear (Created *created)
{
  g_clear_pointer (&created->volumes, g_ptr_array_unref);
  g_clear_pointer (&created->domains, g_ptr_array_unref);
}

static void
_vireo_clone_created_roll_back (Created *created)
{
  /* Keep the error being reported: libvirt's per-thread error would be overwritten. */
  for (guint i = created->domains->len; i > 0; i--)
    if (virDomainUndefine (g_ptr_array_index (created->domains, i - 1)) < 0)
      g_debug ("roll back: undefine failed: %s", virGetLastErrorMessage ());
  for (guint i = created->volumes->len; i > 0; i--)
    if (virStorageVolDelete (g_ptr_array_index (created->volumes, i - 1), 0) < 0)
      g_debug ("roll back: volume delete failed: %s", virGetLastErrorMessage ());
  virResetLastError ();
}

virDomainPtr
_vireo_clone_define (virConnectPtr  conn,
        const char    *xml)
{
  virDomainPtr domain = virDomainDefineXMLFlags (conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
  virErrorPtr last;

  if (domain != NULL)
    return domain;

  /* Drivers without validation get the plain call. */
  last = virGetLastError ();
  if (last != NULL && (last->code == VIR_ERR_NO_SUPPORT || last->code == VIR_ERR_INVALID_ARG) &&
      last->message != NULL && strstr (last->message, "flags") != NULL)
    {
      virResetLastError ();
      domain = virDomainDefineXML (conn, xml);
    }
  return domain;
}

/* Looks the source up and checks it is shut off; the message when active says what to do. */
virDomainPtr
_vireo_clone_lookup_inactive_source (Job         *job,
                        gboolean     linked,
                        GError     **error)
{
  g_autoptr(virDomain) domain = virDomainLookupByUUIDString (job->conn, job->uuid);
  int active;

  if (domain == NULL)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }
  active = virDomainIsActive (domain);
  if (active < 0)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }
  if (active == 1)
    {
      if (linked)
        g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                     _("'%s' is running: shut it down first, then create linked clones of it."),
                     job->source_name);
      else
        g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                     _("'%s' is running: shut it down first, then clone it."), job->source_name);
      return NULL;
    }
  return g_steal_pointer (&domain);
}

xmlDoc *
_vireo_clone_read_definition (virDomainPtr   domain,
                 GError       **error)
{
  /* SECURE: display passwords and the like belong in the copy too. */
  g_autofree char *xml = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);

  if (xml == NULL)
    {
      vireo_set_error_from_libvirt (error, NULL);
      return NULL;
    }
  return _vireo_xml_parse (xml, error);
}

gboolean
_vireo_clone_return_if_cancelled (GTask   *task,
                     Created *created)
{
  if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return FALSE;
  _vireo_clone_created_roll_back (created);
  g_task_return_error_if_cancelled (task);
  return TRUE;
}

void
_vireo_clone_return_failure (GTask   *task,
                Created *created,
                GError  *error)
{
  _vireo_clone_created_roll_back (created);
  g_task_return_error (task, error);
}

/* --- main-thread side ------------------------------------------------------------------------- */

static void
_vireo_clone_on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VireoDomain *self = g_task_get_source_object (outer);
  VireoConnection *connection = vireo_domain_get_connection (self);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* A roll back also emits events: refresh either way. */
  if (connection != NULL)
    _vireo_domain_tracker_queue_refresh (_vireo_connection_get_tracker (connection));

  if (g_task_get_source_tag (outer) == vireo_domain_clone_async)
    {
      gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

      if (job->progress != NULL)
        _vireo_clone_progress_finish (job->progress, ok);
      if (ok)
        g_task_return_boolean (outer, TRUE);
      else
        g_task_return_error (outer, g_steal_pointer (&error));
    }
  else
    {
      char **names = g_task_propagate_pointer (G_TASK (result), &error);

      if (names == NULL)
        g_task_return_error (outer, g_steal_pointer (&error));
      else
        g_task_return_pointer (outer, names, (GDestroyNotify) g_strfreev);
    }
}

/* Queues @job on @self's long lane with its own connection reference. */
void
_vireo_clone_queue_long_job (VireoDomain     *self,
                GTask           *outer,
                Job             *job,
                GTaskThreadFunc  func)
{
  VireoConnection *connection = vireo_domain_get_connection (self);
  VireoWorker *worker = connection ? vireo_connection_get_worker (connection) : NULL;
  gpointer conn = connection ? vireo_connection_get_virconnect (connection) : NULL;
  g_autoptr(GTask) inner = NULL;

  if (worker == NULL || conn == NULL || virConnectRef (conn) < 0)
    {
      _vireo_clone_job_free (job);
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection of '%s' is not open."), vireo_domain_get_name (self));
      return;
    }

  job->conn = conn;
  job->uuid = g_strdup (vireo_domain_get_uuid (self));
  job->source_name = g_strdup (vireo_domain_get_name (self));
  job->context = g_main_context_ref_thread_default ();
  job->local = !vireo_connection_get_is_remote (connection);

  inner = g_task_new (NULL, g_task_get_cancellable (outer), _vireo_clone_on_job_done, g_object_ref (outer));
  /* What the worker did is what is reported, even if cancelled meanwhile. */
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, job, (GDestroyNotify) _vireo_clone_job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_LONG, inner, func);
}

/* Why @name cannot be a new VM's name on @self's connection, or NULL. */
char *
_vireo_clone_check_new_name (VireoDomain *self,
                const char  *name)
{
  VireoConnection *connection = vireo_domain_get_connection (self);

  if (name == NULL || *name == '\0' || g_ascii_isspace (*name))
    return g_strdup (_("The new name is empty or starts with a space."));
  if (strchr (name, '/') != NULL)
    return g_strdup_printf (_("The name '%s' contains a '/', which libvirt does not allow."), name);
  if (connection != NULL && vireo_connection_lookup_domain_by_name (connection, name) != NULL)
    return g_strdup_printf (_("Another virtual machine is already named '%s'."), name);
  return NULL;
}
