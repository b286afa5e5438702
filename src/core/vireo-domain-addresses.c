/* vireo-domain-addresses.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-addresses"

#include "config.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <glib/gi18n.h>

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-addresses.h"
#include "vireo-error.h"
#include "vireo-libvirt-private.h"

void
vireo_domain_address_free (VireoDomainAddress *address)
{
  if (address == NULL)
    return;
  g_free (address->mac);
  g_free (address->ifname);
  g_free (address->address);
  g_free (address);
}

typedef struct
{
  char          *uuid;
  char          *domain_name;
  virConnectPtr  conn;
} Job;

static void
job_free (Job *job)
{
  g_free (job->uuid);
  g_free (job->domain_name);
  g_free (job);
}

static gboolean
wanted (const char *address,
        gboolean    ipv6)
{
  if (address == NULL)
    return FALSE;
  if (ipv6)
    return g_strcmp0 (address, "::1") != 0 && !g_str_has_prefix (address, "fe80:");
  return !g_str_has_prefix (address, "127.");
}

static gboolean
known (GPtrArray  *addresses,
       const char *address)
{
  for (guint i = 0; i < addresses->len; i++)
    if (g_strcmp0 (((VireoDomainAddress *) g_ptr_array_index (addresses, i))->address, address) == 0)
      return TRUE;
  return FALSE;
}

static void
fetch_in_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  static const struct { unsigned int libvirt; VireoAddressSource vireo; } sources[] = {
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, VIREO_ADDRESS_SOURCE_LEASE },
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, VIREO_ADDRESS_SOURCE_AGENT },
    { VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, VIREO_ADDRESS_SOURCE_ARP },
  };
  Job *job = task_data;
  g_autoptr(virDomain) domain = virDomainLookupByUUIDString (job->conn, job->uuid);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_domain_address_free);
  GError *first_error = NULL;
  guint answered = 0;

  if (domain == NULL)
    {
      g_autofree char *fallback = g_strdup_printf (_("The addresses of '%s' could not be read."), job->domain_name);
      GError *error = NULL;

      vireo_set_error_from_libvirt (&error, fallback);
      g_task_return_error (task, error);
      return;
    }

  for (guint s = 0; s < G_N_ELEMENTS (sources); s++)
    {
      virDomainInterfacePtr *ifaces = NULL;
      int n = virDomainInterfaceAddresses (domain, &ifaces, sources[s].libvirt, 0);

      if (n < 0)
        {
          if (first_error == NULL)
            {
              g_autofree char *fallback = g_strdup_printf (_("The addresses of '%s' could not be read."),
                                                           job->domain_name);

              vireo_set_error_from_libvirt (&first_error, fallback);
            }
          virResetLastError ();
          continue;
        }
      answered++;

      for (int i = 0; i < n; i++)
        {
          for (unsigned int a = 0; a < ifaces[i]->naddrs; a++)
            {
              const virDomainIPAddress *ip = &ifaces[i]->addrs[a];
              gboolean ipv6 = ip->type == VIR_IP_ADDR_TYPE_IPV6;
              VireoDomainAddress *address;

              if (!wanted (ip->addr, ipv6) || known (addresses, ip->addr))
                continue;
              address = g_new0 (VireoDomainAddress, 1);
              address->mac = g_strdup (ifaces[i]->hwaddr);
              address->ifname = g_strdup (ifaces[i]->name);
              address->address = g_strdup (ip->addr);
              address->prefix = ip->prefix;
              address->ipv6 = ipv6;
              address->source = sources[s].vireo;
              g_ptr_array_add (addresses, address);
            }
          virDomainInterfaceFree (ifaces[i]);
        }
      free (ifaces);
    }

  if (answered == 0)
    {
      g_task_return_error (task, first_error);
      return;
    }
  g_clear_error (&first_error);
  g_task_return_pointer (task, g_steal_pointer (&addresses), (GDestroyNotify) g_ptr_array_unref);
}

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *addresses = g_task_propagate_pointer (G_TASK (result), &error);

  if (addresses == NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_pointer (outer, addresses, (GDestroyNotify) g_ptr_array_unref);
}

void
vireo_domain_fetch_addresses_async (VireoDomain         *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  VireoConnection *connection;
  VireoWorker *worker;
  Job *job;

  g_return_if_fail (VIREO_IS_DOMAIN (self));
  g_return_if_fail (VIREO_IS_MAIN_THREAD ());

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, vireo_domain_fetch_addresses_async);

  connection = vireo_domain_get_connection (self);
  worker = connection ? vireo_connection_get_worker (connection) : NULL;
  if (worker == NULL)
    {
      g_task_return_new_error (outer, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED,
                               _("The connection of '%s' is not open."), vireo_domain_get_name (self));
      return;
    }

  job = g_new0 (Job, 1);
  job->uuid = g_strdup (vireo_domain_get_uuid (self));
  job->domain_name = g_strdup (vireo_domain_get_name (self));
  job->conn = vireo_connection_get_virconnect (connection);

  inner = g_task_new (NULL, cancellable, on_fetched_cb, g_steal_pointer (&outer));
  g_task_set_task_data (inner, job, (GDestroyNotify) job_free);
  vireo_worker_run_task (worker, VIREO_WORKER_LANE_QUICK, inner, fetch_in_worker);
}

GPtrArray *
vireo_domain_fetch_addresses_finish (VireoDomain   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
