/* list-test-common.h: connections on libvirt's test driver for the list suite
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-connection.h"
#include "vireo-core.h"
#include "vireo-domain-actions.h"
#include "vireo-test-utils.h"

#define TIMEOUT_MS 10000

static inline VireoConnection *
open_lab (void)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-list.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  VireoConnection *connection = vireo_connection_new (uri);

  vireo_connection_connect (connection);
  assert_true (vireo_test_wait_for_connection_state (connection, VIREO_CONNECTION_STATE_CONNECTED,
                                                     TIMEOUT_MS));
  return connection;
}

static inline gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

typedef struct
{
  VireoDomain      *domain;
  VireoDomainState  state;
} StateWait;

static inline gboolean
domain_in_state (gpointer data)
{
  StateWait *wait = data;
  return vireo_domain_get_state (wait->domain) == wait->state;
}

static inline void
wait_domain_state (VireoDomain      *domain,
                   VireoDomainState  state)
{
  StateWait wait = { domain, state };

  if (!vireo_test_wait_until (domain_in_state, &wait, TIMEOUT_MS))
    fail_msg ("'%s' is %d, not %d", vireo_domain_get_name (domain), vireo_domain_get_state (domain), state);
}

static inline gboolean
run_action (VireoDomain        *domain,
            VireoDomainAction   action,
            GError            **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_run_action_async (domain, action, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_run_action_finish (domain, result, error);
}
