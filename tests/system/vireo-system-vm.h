/* vireo-system-vm.h: what system tests of VMs share — the real qemu:///system opened twice (Vireo's
 * connection under test, and a plain one for fixtures and checks), fixtures defined without
 * stalling the main loop, waits on the VM list, and cleanup by name.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-domain-actions.h"
#include "vireo-system-harness.h"

G_BEGIN_DECLS

/* The first connection to a freshly started libvirtd waits for its QEMU probe. */
#define VIREO_SYSTEM_OPEN_TIMEOUT_MS  120000
#define VIREO_SYSTEM_JOB_TIMEOUT_MS   300000
#define VIREO_SYSTEM_STATE_TIMEOUT_MS 60000

typedef struct
{
  VireoSystemLibvirtd *libvirtd;
  VireoConnection     *connection;   /* Vireo's, connected, VMs listed */
  virConnectPtr        conn;         /* the test's own */
  char                *prefix;       /* "vireo-systest-<pid>": every name the test makes starts so */
} VireoSystemVm;

/* Starts (or uses) libvirtd and opens both connections; NULL with a message on stderr. */
VireoSystemVm *vireo_system_vm_open          (void);
void           vireo_system_vm_close         (VireoSystemVm    *self);

/* "<prefix>-<suffix>" */
char          *vireo_system_vm_name          (VireoSystemVm    *self,
                                              const char       *suffix);
/* Defines @xml on the test's connection in a thread (this libvirtd re-probes QEMU on every define,
 * ~40 s here) while the main loop runs, so Vireo's connection keeps answering keepalives. Fails
 * the test when libvirt refuses. */
void           vireo_system_vm_define        (VireoSystemVm    *self,
                                              const char       *xml);
/* Waits until the VM list has (@present) or lacks a VM named @name; returns it (borrowed). */
VireoDomain   *vireo_system_vm_wait_listed   (VireoSystemVm    *self,
                                              const char       *name,
                                              gboolean          present);
gboolean       vireo_system_vm_run_action    (VireoDomain      *domain,
                                              VireoDomainAction action,
                                              GError          **error);
void           vireo_system_vm_wait_state    (VireoDomain      *domain,
                                              VireoDomainState  state);
gboolean       vireo_system_vm_domain_defined (VireoSystemVm   *self,
                                               const char      *name);
/* Only ever removes what the test named: the VM @name, stopped first, with its metadata. */
void           vireo_system_vm_remove_domain (VireoSystemVm    *self,
                                              const char       *name);

/* Fails the test with the error's domain, code and message. */
void           vireo_system_assert_no_error_impl (const GError *error,
                                                  const char   *file,
                                                  int           line);
#define vireo_system_assert_no_error(e) vireo_system_assert_no_error_impl ((e), __FILE__, __LINE__)

G_END_DECLS
