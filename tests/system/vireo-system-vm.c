/* vireo-system-vm.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-system-vm"

#include "vireo-test-utils.h"

#include <unistd.h>

#include <libvirt/virterror.h>

#include "vireo-system-vm.h"

void
vireo_system_assert_no_error_impl (const GError *error,
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

static gboolean
connection_ready (gpointer connection)
{
  VireoConnectionState state = vireo_connection_get_state (connection);

  return state != VIREO_CONNECTION_STATE_CONNECTING &&
         (state != VIREO_CONNECTION_STATE_CONNECTED || vireo_connection_get_domains_loaded (connection));
}

VireoSystemVm *
vireo_system_vm_open (void)
{
  g_autoptr(GError) error = NULL;
  VireoSystemVm *self = g_new0 (VireoSystemVm, 1);

  self->prefix = g_strdup_printf ("vireo-systest-%d", (int) getpid ());
  self->libvirtd = vireo_system_libvirtd_ensure (&error);
  if (self->libvirtd == NULL)
    {
      g_printerr ("# libvirtd: %s\n", error->message);
      vireo_system_vm_close (self);
      return NULL;
    }
  g_printerr ("# libvirtd pid %d (0: not ours)\n", (int) vireo_system_libvirtd_get_pid (self->libvirtd));

  self->conn = virConnectOpen ("qemu:///system");
  if (self->conn == NULL)
    {
      g_printerr ("# virConnectOpen: %s\n", virGetLastErrorMessage ());
      vireo_system_vm_close (self);
      return NULL;
    }

  self->connection = vireo_connection_new ("qemu:///system");
  vireo_connection_connect (self->connection);
  if (!vireo_test_wait_until (connection_ready, self->connection, VIREO_SYSTEM_OPEN_TIMEOUT_MS) ||
      vireo_connection_get_state (self->connection) != VIREO_CONNECTION_STATE_CONNECTED)
    {
      g_printerr ("# qemu:///system: %s\n", vireo_connection_get_error_message (self->connection));
      vireo_system_vm_close (self);
      return NULL;
    }
  return self;
}

static gboolean
weak_pointer_cleared (gpointer user_data)
{
  return *(gpointer *) user_data == NULL;
}

void
vireo_system_vm_close (VireoSystemVm *self)
{
  if (self == NULL)
    return;

  if (self->connection != NULL)
    {
      gpointer weak = self->connection;

      vireo_connection_disconnect (self->connection);
      g_object_add_weak_pointer (G_OBJECT (self->connection), &weak);
      g_clear_object (&self->connection);
      vireo_test_wait_until (weak_pointer_cleared, &weak, 10000);
    }
  if (self->conn != NULL)
    virConnectClose (self->conn);
  g_clear_pointer (&self->libvirtd, vireo_system_libvirtd_stop);
  g_free (self->prefix);
  g_free (self);
}

char *
vireo_system_vm_name (VireoSystemVm *self,
                      const char    *suffix)
{
  return g_strdup_printf ("%s-%s", self->prefix, suffix);
}

typedef struct
{
  virConnectPtr  conn;
  const char    *xml;
  gboolean       done;
  gboolean       ok;
  char          *message;
} DefineCall;

static gpointer
define_in_thread (gpointer data)
{
  DefineCall *call = data;
  virDomainPtr domain = virDomainDefineXML (call->conn, call->xml);

  call->ok = domain != NULL;
  if (domain != NULL)
    virDomainFree (domain);
  else
    call->message = g_strdup (virGetLastErrorMessage ());
  g_atomic_int_set (&call->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

static gboolean
define_done (gpointer data)
{
  DefineCall *call = data;

  return g_atomic_int_get (&call->done);
}

void
vireo_system_vm_define (VireoSystemVm *self,
                        const char    *xml)
{
  DefineCall call = { self->conn, xml, FALSE, FALSE, NULL };
  GThread *thread = g_thread_new ("fixture-define", define_in_thread, &call);

  if (!vireo_test_wait_until (define_done, &call, VIREO_SYSTEM_JOB_TIMEOUT_MS))
    fail_msg ("virDomainDefineXML did not return within %d ms", VIREO_SYSTEM_JOB_TIMEOUT_MS);
  g_thread_join (thread);
  if (!call.ok)
    fail_msg ("virDomainDefineXML: %s", call.message);
}

typedef struct
{
  VireoConnection *connection;
  const char      *name;
  gboolean         present;
} ListedWait;

static gboolean
listed_is (gpointer user_data)
{
  ListedWait *wait = user_data;

  return (vireo_connection_lookup_domain_by_name (wait->connection, wait->name) != NULL) == wait->present;
}

VireoDomain *
vireo_system_vm_wait_listed (VireoSystemVm *self,
                             const char    *name,
                             gboolean       present)
{
  ListedWait wait = { self->connection, name, present };

  if (!vireo_test_wait_until (listed_is, &wait, VIREO_SYSTEM_JOB_TIMEOUT_MS))
    fail_msg ("'%s' is %s the list", name, present ? "still not in" : "still in");
  return vireo_connection_lookup_domain_by_name (self->connection, name);
}

gboolean
vireo_system_vm_run_action (VireoDomain        *domain,
                            VireoDomainAction   action,
                            GError            **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_run_action_async (domain, action, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, VIREO_SYSTEM_JOB_TIMEOUT_MS);
  return vireo_domain_run_action_finish (domain, result, error);
}

typedef struct
{
  VireoDomain      *domain;
  VireoDomainState  state;
} StateWait;

static gboolean
state_is (gpointer user_data)
{
  StateWait *wait = user_data;

  return vireo_domain_get_state (wait->domain) == wait->state;
}

void
vireo_system_vm_wait_state (VireoDomain      *domain,
                            VireoDomainState  state)
{
  StateWait wait = { domain, state };

  if (!vireo_test_wait_until (state_is, &wait, VIREO_SYSTEM_STATE_TIMEOUT_MS))
    fail_msg ("'%s' is in state %d, not %d after %d ms", vireo_domain_get_name (domain),
              vireo_domain_get_state (domain), state, VIREO_SYSTEM_STATE_TIMEOUT_MS);
}

gboolean
vireo_system_vm_domain_defined (VireoSystemVm *self,
                                const char    *name)
{
  virDomainPtr domain = virDomainLookupByName (self->conn, name);

  if (domain == NULL)
    {
      virResetLastError ();
      return FALSE;
    }
  virDomainFree (domain);
  return TRUE;
}

void
vireo_system_vm_remove_domain (VireoSystemVm *self,
                               const char    *name)
{
  virDomainPtr domain = virDomainLookupByName (self->conn, name);

  if (domain == NULL)
    {
      virResetLastError ();
      return;
    }
  if (virDomainIsActive (domain) == 1)
    virDomainDestroy (domain);
  if (virDomainUndefineFlags (domain, VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                      VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA) < 0)
    g_printerr ("# cleanup: undefine '%s': %s\n", name, virGetLastErrorMessage ());
  virDomainFree (domain);
  virResetLastError ();
}
