/* vireo-domain-clone-private.h: what full and linked clones share (core-internal)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "vireo-domain-clone.h"

G_BEGIN_DECLS

typedef struct
{
  VireoCloneProgressCallback  callback;
  gpointer                    data;
  double                      reported;
  gboolean                    finished;
  guint                       poll_id;
  gboolean                    poll_in_flight;
  /* The file being written (NULL when it cannot be watched), and the share of the whole it
   * stands for. */
  char                       *watch_path;
  double                      base;
  double                      weight;
  guint64                     target_bytes;
} Progress;

/* A step posted by the worker. */
typedef struct
{
  Progress *progress;
  char     *watch_path;
  double    base;
  double    weight;
  guint64   target_bytes;
} ProgressStep;

typedef struct
{
  char          *uuid;
  char          *source_name;
  char          *new_name;      /* full clone */
  guint          n_clones;      /* linked clones */
  virConnectPtr  conn;          /* our own reference: long-lane jobs may outlive the session */
  GMainContext  *context;
  Progress      *progress;      /* full clone */
  gboolean       local;         /* the pools' files are on this machine */
} Job;

/* One disk to copy or overlay. */
typedef struct
{
  guint    index;        /* among /domain/devices/disk */
  char    *target;
  char    *type;         /* file, block, volume */
  char    *path;
  char    *pool_name;
  char    *pool_type;
  char    *pool_target;  /* the pool's directory (or device directory) */
  char    *volume_name;
  char    *volume_xml;
  char    *format;       /* the volume's format: qcow2, raw … */
  guint64  capacity;
  guint64  allocation;
  char    *new_volume;   /* for the clone being made */
} CloneDisk;

/* Everything a job made, undone in reverse on failure. */
typedef struct
{
  GPtrArray *volumes;  /* virStorageVolPtr */
  GPtrArray *domains;  /* virDomainPtr */
} Created;

void _vireo_clone_job_close_connection (Job *job);
void _vireo_clone_post_progress (Job        *job, const char *watch_path, double      base, double      weight, guint64     target_bytes);
GPtrArray * _vireo_clone_collect_disks (virConnectPtr     conn, xmlXPathContext  *context, const char       *domain_name, gboolean          linked, GError          **error);
char * _vireo_clone_volume_name_for (const char *clone_name, CloneDisk  *disk, guint       position, const char *extension);
char * _vireo_clone_copy_extension (CloneDisk *disk);
gboolean _vireo_clone_volume_exists (virConnectPtr  conn, const char    *pool_name, const char    *volume_name);
gboolean _vireo_clone_domain_exists (virConnectPtr  conn, const char    *name);
void _vireo_clone_make_new_identity (xmlXPathContext *context, const char      *name);
void _vireo_clone_retarget_copy (xmlXPathContext *context, CloneDisk       *disk, const char      *new_path);
void _vireo_clone_retarget_overlay (xmlXPathContext *context, CloneDisk       *disk, const char      *new_path);
char * _vireo_clone_copy_volume_xml (CloneDisk  *disk, const char *name, GError    **error);
char * _vireo_clone_overlay_volume_xml (CloneDisk  *disk, const char *name);
void _vireo_clone_created_init (Created *created);
void _vireo_clone_created_clear (Created *created);
virDomainPtr _vireo_clone_define (virConnectPtr  conn, const char    *xml);
virDomainPtr _vireo_clone_lookup_inactive_source (Job         *job, gboolean     linked, GError     **error);
xmlDoc * _vireo_clone_read_definition (virDomainPtr   domain, GError       **error);
gboolean _vireo_clone_return_if_cancelled (GTask   *task, Created *created);
void _vireo_clone_return_failure (GTask   *task, Created *created, GError  *error);
void _vireo_clone_queue_long_job (VireoDomain     *self, GTask           *outer, Job             *job, GTaskThreadFunc  func);
char * _vireo_clone_check_new_name (VireoDomain *self, const char  *name);
gboolean _vireo_clone_pool_holds_qcow2 (const char *pool_type);

G_END_DECLS
