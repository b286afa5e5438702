/* vireo-volume-private.h: making a volume in a pool, in a worker (core-internal; shared by the VM
 * creation and vireo_volume_create_async)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <libvirt/libvirt.h>

#include "vireo-progress-private.h"

G_BEGIN_DECLS

/*
 * In the worker: creates the volume of @volume_xml in the active @pool (named @pool_name in
 * messages). A taken name is refused (VIREO_ERROR_INVALID_ARGUMENT), never overwritten. While
 * libvirt writes, the volume's allocation is polled (virStorageVolGetInfo) and reported through
 * @progress as @from..@to with @step. Returns the new volume, or NULL with @error.
 */
virStorageVolPtr _vireo_volume_create_in_pool (virStoragePoolPtr   pool,
                                               const char         *pool_name,
                                               const char         *volume_xml,
                                               VireoProgress      *progress,
                                               double              from,
                                               double              to,
                                               const char         *step,
                                               GError            **error);

/* The name in @volume_xml; NULL with VIREO_ERROR_INVALID_XML when it has none. */
char            *_vireo_volume_name_of        (const char         *volume_xml,
                                               GError            **error);

G_END_DECLS
