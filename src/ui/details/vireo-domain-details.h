/* vireo-domain-details.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-connection.h"
#include "vireo-domain.h"
#include "vireo-install-job.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_DETAILS (vireo_domain_details_get_type ())

G_DECLARE_FINAL_TYPE (VireoDomainDetails, vireo_domain_details, VIREO, DOMAIN_DETAILS, GtkWidget)

/*
 * A VM's details: an Overview (name, title and description to edit, what the machine is, a
 * hardware summary) and its definition's XML to edit. Both show the inactive XML, fetched again
 * whenever the VM's properties change. Property "busy": a fetch or an apply is under way.
 */
GtkWidget   *vireo_domain_details_new        (void);
VireoDomain *vireo_domain_details_get_domain (VireoDomainDetails *self);
void         vireo_domain_details_set_domain (VireoDomainDetails *self,
                                              VireoDomain        *domain);
void         vireo_domain_details_set_draft  (VireoDomainDetails *self,
                                              VireoConnection    *connection,
                                              VireoInstallHost   *host,
                                              const char         *xml);
gboolean     vireo_domain_details_get_draft  (VireoDomainDetails *self);
gboolean     vireo_domain_details_get_busy   (VireoDomainDetails *self);
/* The XML the page shows: a VM's as last fetched (NULL before), a draft's with every change. */
const char  *vireo_domain_details_get_xml    (VireoDomainDetails *self);

G_END_DECLS
