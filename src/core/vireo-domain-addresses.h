/* vireo-domain-addresses.h: a running VM's IP addresses (virsh domifaddr)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

typedef enum
{
  VIREO_ADDRESS_SOURCE_LEASE,   /* the DHCP leases of libvirt's networks */
  VIREO_ADDRESS_SOURCE_AGENT,   /* the QEMU guest agent */
  VIREO_ADDRESS_SOURCE_ARP,     /* the host's ARP table */
} VireoAddressSource;

typedef struct
{
  char               *mac;       /* nullable */
  char               *ifname;    /* the guest's ("eth0") for the agent, the host's ("vnet0") otherwise */
  char               *address;   /* "192.168.122.31", "fe80::5054:ff:fe11:2033" */
  guint               prefix;
  gboolean            ipv6;
  VireoAddressSource  source;
} VireoDomainAddress;

void vireo_domain_address_free (VireoDomainAddress *address);

/*
 * The addresses from the DHCP leases, then the guest agent, then ARP: each address once, from
 * the first source that knows it; loopback and link-local IPv6 left out. A source that cannot
 * answer (no agent, a bridge without leases) is skipped; the call fails (with the lease source's
 * message) only when every source failed. Main thread; libvirt runs on the connection's worker.
 */
void       vireo_domain_fetch_addresses_async  (VireoDomain          *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* Returns: (transfer full) (element-type VireoDomainAddress) */
GPtrArray *vireo_domain_fetch_addresses_finish (VireoDomain          *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
