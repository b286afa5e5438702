/* vireo-domain-addresses-group.h: a running VM's IP addresses, on its overview
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_ADDRESSES_GROUP (vireo_domain_addresses_group_get_type ())

G_DECLARE_FINAL_TYPE (VireoDomainAddressesGroup, vireo_domain_addresses_group, VIREO, DOMAIN_ADDRESSES_GROUP,
                      AdwPreferencesGroup)

/* One row per address (DHCP leases, guest agent, ARP), read when the VM starts and every 10 s
 * while shown and running (a guest takes its lease a while after booting); hidden while it does
 * not run. Property "busy": a read is under way. */
GtkWidget *vireo_domain_addresses_group_new        (void);
void       vireo_domain_addresses_group_set_domain (VireoDomainAddressesGroup *self,
                                                    VireoDomain               *domain);
gboolean   vireo_domain_addresses_group_get_busy   (VireoDomainAddressesGroup *self);

G_END_DECLS
