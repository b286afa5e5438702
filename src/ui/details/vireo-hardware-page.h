/* vireo-hardware-page.h: one page of a VM's Hardware tab, and what every page is shown
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-connection.h"
#include "vireo-domain-apply.h"
#include "vireo-domain-config.h"
#include "vireo-domain-pending.h"
#include "vireo-install-job.h"

G_BEGIN_DECLS

/*
 * VireoHardwareContext: what the pages show, immutable, shared (reference counted). A page keeps
 * a reference to the last context it was given.
 */
typedef struct _VireoHardwareContext VireoHardwareContext;

struct _VireoHardwareContext
{
  /*< public, read-only >*/
  char                    *xml;         /* the definition (inactive XML), what pages edit */
  VireoDomainConfig       *config;      /* @xml parsed */
  VireoDomainConfig       *live;        /* the running VM's live XML parsed; NULL when it does not run */
  VireoConnection         *connection;  /* pools, volumes, MACs in use; NULL in tests */
  VireoDomain             *domain;      /* autostart; NULL for a draft and in tests */
  VireoInstallHost        *host;        /* host memory and CPUs, pools, networks, interfaces; NULL until known */
  gboolean                 draft;       /* not defined yet (customize before install): nothing is applied live */
};

#define VIREO_TYPE_HARDWARE_CONTEXT (vireo_hardware_context_get_type ())

GType                  vireo_hardware_context_get_type (void) G_GNUC_CONST;
/* NULL with VIREO_ERROR_INVALID_XML when @xml or @live_xml cannot be read. */
VireoHardwareContext  *vireo_hardware_context_new      (VireoConnection       *connection,
                                                        VireoDomain           *domain,
                                                        VireoInstallHost      *host,
                                                        const char            *xml,
                                                        const char            *live_xml,
                                                        gboolean               draft,
                                                        GError               **error);
VireoHardwareContext  *vireo_hardware_context_ref      (VireoHardwareContext  *context);
void                   vireo_hardware_context_unref    (VireoHardwareContext  *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VireoHardwareContext, vireo_hardware_context_unref)

#define VIREO_TYPE_HARDWARE_PAGE (vireo_hardware_page_get_type ())

G_DECLARE_INTERFACE (VireoHardwarePage, vireo_hardware_page, VIREO, HARDWARE_PAGE, GtkWidget)

struct _VireoHardwarePageInterface
{
  GTypeInterface parent_iface;

  /* Shows @context (required). What the user is editing and has not applied is kept: a field
   * whose shown value differs from the previous context's keeps it. The page says "applies after
   * the next boot" when vireo_domain_config_part_pending() says its part is pending. */
  void (*update)  (VireoHardwarePage          *self,
                   VireoHardwareContext       *context);

  /* The outcome of the page's last ::apply (required): @error (the definition is untouched; show
   * it at the field it concerns, else on the page), or what was applied. */
  void (*applied) (VireoHardwarePage          *self,
                   const GError               *error,
                   VireoDomainApplied          applied,
                   const char                 *pending_reason);
};

/*
 * Signal ::apply (const char *xml, GPtrArray *live_changes): the page's change, as a new
 * definition (made from the context's XML with vireo_domain_edit_*) and what to make live
 * (VireoLiveChange, may be empty; ignored for a draft). The owner defines it (or, for a draft,
 * takes it), then calls vireo_hardware_page_applied() and gives every page the new context.
 */
void vireo_hardware_page_update        (VireoHardwarePage    *self,
                                        VireoHardwareContext *context);
void vireo_hardware_page_applied       (VireoHardwarePage    *self,
                                        const GError         *error,
                                        VireoDomainApplied    applied,
                                        const char           *pending_reason);
/* For pages: emits ::apply. @live_changes may be NULL. */
void vireo_hardware_page_request_apply (VireoHardwarePage    *self,
                                        const char           *xml,
                                        GPtrArray            *live_changes);

/* For pages: @label says "This change applies after the next boot" (with @pending_reason when
 * given) and shows when @applied_pending or when @part (of @device) of @context is pending. */
void vireo_hardware_page_show_pending  (GtkLabel             *label,
                                        VireoHardwareContext *context,
                                        VireoDomainPart       part,
                                        const char           *device,
                                        gboolean              applied_pending,
                                        const char           *pending_reason);
/* For pages: @message under the fields, or nothing for NULL. */
void vireo_hardware_page_show_error    (GtkLabel             *label,
                                        const char           *message);

G_END_DECLS
