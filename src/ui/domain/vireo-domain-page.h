/* vireo-domain-page.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "vireo-console-view.h"
#include "vireo-domain.h"

G_BEGIN_DECLS

#define VIREO_TYPE_DOMAIN_PAGE (vireo_domain_page_get_type ())

G_DECLARE_FINAL_TYPE (VireoDomainPage, vireo_domain_page, VIREO, DOMAIN_PAGE, GtkWidget)

/* One VM's page: its console (which can move to a window of its own) and its details, switched
 * in the header ("Console" / "Details"). */
VireoDomain      *vireo_domain_page_get_domain         (VireoDomainPage *self);
void              vireo_domain_page_set_domain         (VireoDomainPage *self,
                                                        VireoDomain     *domain);
/* The view in the page, NULL while the console is in its own window. */
VireoConsoleView *vireo_domain_page_get_console_view   (VireoDomainPage *self);
/* The window the console was moved to, if it is still open. */
GtkWindow        *vireo_domain_page_get_console_window (VireoDomainPage *self);
/* The details view. */
GtkWidget        *vireo_domain_page_get_details        (VireoDomainPage *self);

G_END_DECLS
