/* vireo-test-utils.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vireo-connection.h"
#include "vireo-test-utils.h"

typedef struct
{
  gboolean timed_out;
} Deadline;

static gboolean
on_deadline (gpointer data)
{
  Deadline *deadline = data;

  deadline->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
vireo_test_wait_until (VireoTestCondition cond,
                       gpointer           user_data,
                       guint              timeout_ms)
{
  Deadline deadline = { FALSE };
  guint source = g_timeout_add (timeout_ms, on_deadline, &deadline);
  gboolean met;

  while (!(met = cond (user_data)) && !deadline.timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!deadline.timed_out)
    g_source_remove (source);

  return met;
}

typedef struct
{
  VireoConnection *connection;
  int              state;
} StateWait;

static gboolean
connection_in_state (gpointer data)
{
  StateWait *wait = data;

  return (int) vireo_connection_get_state (wait->connection) == wait->state;
}

gboolean
vireo_test_wait_for_connection_state (gpointer connection,
                                      int      state,
                                      guint    timeout_ms)
{
  StateWait wait = { connection, state };

  return vireo_test_wait_until (connection_in_state, &wait, timeout_ms);
}

void
vireo_test_async_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert (*slot == NULL);
  *slot = g_object_ref (result);
}

static gboolean
slot_filled (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
vireo_test_wait_result (GAsyncResult **slot,
                        guint          timeout_ms)
{
  if (!vireo_test_wait_until (slot_filled, slot, timeout_ms))
    fail_msg ("no async result within %u ms", timeout_ms);

  return g_steal_pointer (slot);
}

struct _VireoTestNotifyRecorder
{
  GObject    *object;
  gulong      handler;
  GHashTable *counts;    /* property name → count */
  GHashTable *histories; /* property name → GString */
};

static void
on_notify (GObject                 *object,
           GParamSpec              *pspec,
           VireoTestNotifyRecorder *recorder)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (recorder->counts, pspec->name));
  GType type = G_PARAM_SPEC_VALUE_TYPE (pspec);

  g_hash_table_insert (recorder->counts, g_strdup (pspec->name), GUINT_TO_POINTER (count + 1));

  if (G_TYPE_IS_ENUM (type) || type == G_TYPE_INT || type == G_TYPE_UINT || type == G_TYPE_BOOLEAN)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      GString *history = g_hash_table_lookup (recorder->histories, pspec->name);
      gint64 number;

      g_value_init (&value, type);
      g_object_get_property (object, pspec->name, &value);
      if (G_TYPE_IS_ENUM (type))
        number = g_value_get_enum (&value);
      else if (type == G_TYPE_INT)
        number = g_value_get_int (&value);
      else if (type == G_TYPE_UINT)
        number = g_value_get_uint (&value);
      else
        number = g_value_get_boolean (&value);

      if (history == NULL)
        {
          history = g_string_new (NULL);
          g_hash_table_insert (recorder->histories, g_strdup (pspec->name), history);
        }
      if (history->len > 0)
        g_string_append_c (history, ',');
      g_string_append_printf (history, "%" G_GINT64_FORMAT, number);
    }
}

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

VireoTestNotifyRecorder *
vireo_test_notify_recorder_new (gpointer object)
{
  VireoTestNotifyRecorder *recorder = g_new0 (VireoTestNotifyRecorder, 1);

  recorder->object = g_object_ref (object);
  recorder->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  recorder->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  recorder->handler = g_signal_connect (object, "notify", G_CALLBACK (on_notify), recorder);

  return recorder;
}

guint
vireo_test_notify_count (VireoTestNotifyRecorder *recorder,
                         const char              *property)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (recorder->counts, property));
}

const char *
vireo_test_notify_int_history (VireoTestNotifyRecorder *recorder,
                               const char              *property)
{
  GString *history = g_hash_table_lookup (recorder->histories, property);

  return history ? history->str : "";
}

void
vireo_test_notify_recorder_reset (VireoTestNotifyRecorder *recorder)
{
  g_hash_table_remove_all (recorder->counts);
  g_hash_table_remove_all (recorder->histories);
}

void
vireo_test_notify_recorder_free (VireoTestNotifyRecorder *recorder)
{
  if (recorder == NULL)
    return;
  g_signal_handler_disconnect (recorder->object, recorder->handler);
  g_object_unref (recorder->object);
  g_hash_table_unref (recorder->counts);
  g_hash_table_unref (recorder->histories);
  g_free (recorder);
}

void
vireo_test_assert_finalize_impl (GObject    *object,
                                 const char *file,
                                 int         line)
{
  gpointer weak = object;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  if (weak != NULL)
    {
      g_object_remove_weak_pointer (object, &weak);
      _fail (file, line);
    }
}

char *
vireo_test_srcdir_path (const char *first_element,
                        ...)
{
  const char *srcdir = g_getenv ("VIREO_TEST_SRCDIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *element;
  va_list args;

  g_ptr_array_add (parts, (gpointer) (srcdir ? srcdir : "."));
  va_start (args, first_element);
  for (element = first_element; element != NULL; element = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) element);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}
