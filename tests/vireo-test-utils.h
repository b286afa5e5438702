/* vireo-test-utils.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*VireoTestCondition) (gpointer user_data);

/* Iterates the default main context until @cond returns TRUE; FALSE when @timeout_ms passed first.
 * The timeout is a safety net for a failing test, never a synchronisation point. */
gboolean vireo_test_wait_until          (VireoTestCondition cond,
                                         gpointer           user_data,
                                         guint              timeout_ms);
/* vireo_test_wait_until() on a VireoConnection's :state (an int, so this header needs no core
 * header). */
gboolean vireo_test_wait_for_connection_state (gpointer           connection,
                                               int                state,
                                               guint              timeout_ms);
/* Waits for a GAsyncResult delivered to vireo_test_async_cb; returns it (transfer full). */
void     vireo_test_async_cb            (GObject           *source,
                                         GAsyncResult      *result,
                                         gpointer           user_data);
GAsyncResult *vireo_test_wait_result    (GAsyncResult     **slot,
                                         guint              timeout_ms);

/* Records every notify:: of @object; vireo_test_notify_count() returns how often @property was
 * notified since the recorder started or was last reset. */
typedef struct _VireoTestNotifyRecorder VireoTestNotifyRecorder;
VireoTestNotifyRecorder *vireo_test_notify_recorder_new   (gpointer                 object);
guint                    vireo_test_notify_count          (VireoTestNotifyRecorder *recorder,
                                                           const char              *property);
/* The comma-separated sequence of values an integer/enum property was notified with. */
const char              *vireo_test_notify_int_history    (VireoTestNotifyRecorder *recorder,
                                                           const char              *property);
void                     vireo_test_notify_recorder_reset (VireoTestNotifyRecorder *recorder);
void                     vireo_test_notify_recorder_free  (VireoTestNotifyRecorder *recorder);

/* Drops the last reference and fails the test unless @object is finalized by it. */
#define vireo_test_assert_finalize(object) vireo_test_assert_finalize_impl ((GObject *) (object), __FILE__, __LINE__)
void     vireo_test_assert_finalize_impl (GObject    *object,
                                          const char *file,
                                          int         line);

/* Path of a file under tests/ in the source tree. */
char    *vireo_test_srcdir_path          (const char *first_element,
                                          ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
