/* vireo-domain-tracker.h: a connection's domains, kept current (core-internal)
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libvirt/libvirt.h>

#include "vireo-connection.h"
#include "vireo-worker.h"

G_BEGIN_DECLS

/*
 * Keeps a GListStore of VireoDomain equal to what the daemon has: a full listing on attach, then
 * one coalesced refresh per burst of lifecycle events (each event also sets the new state at once,
 * so icons follow without waiting), and one virConnectGetAllDomainStats per stats tick. Domains
 * are updated in place and keep their identity across refreshes and reconnects.
 */
typedef struct _VireoDomainTracker VireoDomainTracker;

/* @on_loaded is called (main thread) when :domains-loaded changes. */
VireoDomainTracker *_vireo_domain_tracker_new        (VireoConnection    *owner,
                                                      void              (*on_loaded) (VireoConnection *owner));
void                _vireo_domain_tracker_free       (VireoDomainTracker *self);
GListModel         *_vireo_domain_tracker_get_model  (VireoDomainTracker *self);
gboolean            _vireo_domain_tracker_get_loaded (VireoDomainTracker *self);
VireoDomain        *_vireo_domain_tracker_lookup     (VireoDomainTracker *self,
                                                      const char         *uuid);
VireoDomain        *_vireo_domain_tracker_lookup_by_name (VireoDomainTracker *self,
                                                      const char         *name);

/* Main thread: a session opened; start listing and sampling on its worker. */
void                _vireo_domain_tracker_attach     (VireoDomainTracker *self,
                                                      VireoWorker        *worker,
                                                      virConnectPtr       conn);
/* Main thread: the session is going away; stop. With @forget, empty the list (a disconnect the
 * user asked for); without, keep it for the reconnect to update in place. */
void                _vireo_domain_tracker_detach     (VireoDomainTracker *self,
                                                      gboolean            forget);
/* Main thread: something changed (an event, an action): one refresh soon, coalesced. */
void                _vireo_domain_tracker_queue_refresh (VireoDomainTracker *self);
/* Main thread: a lifecycle event for @uuid. */
void                _vireo_domain_tracker_lifecycle  (VireoDomainTracker *self,
                                                      const char         *uuid,
                                                      int                 event,
                                                      int                 detail);
void                _vireo_domain_tracker_set_stats_interval (VireoDomainTracker *self,
                                                      guint               seconds);

/* Main thread: the connection's tracker, to let actions ask for a refresh. */
VireoDomainTracker *_vireo_connection_get_tracker    (VireoConnection    *connection);

G_END_DECLS
