/* vireo-auth-request.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-auth-request"

#include "config.h"

#include <string.h>

#include "vireo-auth-request.h"
#include "vireo-core.h"

/*
 * A question for the user, asked from a worker thread (libvirt's auth callback) or on behalf of an
 * ssh child (askpass), and answered on the main thread by a dialog. The asking thread blocks in
 * vireo_auth_request_wait() on a GCond until the main thread responds or cancels, or its
 * cancellable fires. Answers may be secrets: they are never logged, and are wiped when freed.
 */

typedef struct
{
  VireoAuthFieldKind  kind;
  char               *prompt;
  char               *default_value;
} Field;

typedef enum
{
  STATUS_PENDING,
  STATUS_ANSWERED,
  STATUS_CANCELLED,
} Status;

struct _VireoAuthRequest
{
  GObject          parent_instance;

  VireoAuthSource  source;
  char            *title;
  char            *message;
  GArray          *fields;
  char            *fingerprint;

  GMutex           mutex;
  GCond            cond;
  Status           status;
  char           **answers;
  gboolean         finished_notified;
};

G_DEFINE_FINAL_TYPE (VireoAuthRequest, vireo_auth_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
field_clear (gpointer data)
{
  Field *field = data;

  g_free (field->prompt);
  g_free (field->default_value);
}

static void
secure_free (char *str)
{
  if (str != NULL)
    {
      explicit_bzero (str, strlen (str));
      g_free (str);
    }
}

/**
 * vireo_auth_strv_free_secure:
 * @strv: (nullable): answers returned by vireo_auth_request_wait()
 *
 * Overwrites every string with zeros, then frees them.
 */
void
vireo_auth_strv_free_secure (char **strv)
{
  if (strv == NULL)
    return;
  for (char **s = strv; *s != NULL; s++)
    secure_free (*s);
  g_free (strv);
}

static void
vireo_auth_request_finalize (GObject *object)
{
  VireoAuthRequest *self = (VireoAuthRequest *) object;

  g_free (self->title);
  g_free (self->message);
  g_free (self->fingerprint);
  g_array_unref (self->fields);
  vireo_auth_strv_free_secure (self->answers);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (vireo_auth_request_parent_class)->finalize (object);
}

static void
vireo_auth_request_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VireoAuthRequest *self = VIREO_AUTH_REQUEST (object);

  switch (prop_id)
    {
    case PROP_FINISHED:
      g_value_set_boolean (value, vireo_auth_request_is_finished (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_auth_request_class_init (VireoAuthRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vireo_auth_request_finalize;
  object_class->get_property = vireo_auth_request_get_property;

  /**
   * VireoAuthRequest:finished:
   *
   * Whether the request was answered or cancelled. Notified on the main thread: a dialog showing the
   * request closes itself when it becomes %TRUE.
   */
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vireo_auth_request_init (VireoAuthRequest *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (self->fields, field_clear);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
}

/**
 * vireo_auth_request_new:
 * @source: who asks
 * @title: a short title for the dialog
 * @message: (nullable): the explanation shown under the title
 *
 * Any thread. Add the questions with vireo_auth_request_add_field() before showing it.
 *
 * Returns: (transfer full): a new request
 */
VireoAuthRequest *
vireo_auth_request_new (VireoAuthSource  source,
                        const char      *title,
                        const char      *message)
{
  VireoAuthRequest *self = g_object_new (VIREO_TYPE_AUTH_REQUEST, NULL);

  self->source = source;
  self->title = g_strdup (title);
  self->message = g_strdup (message);

  return self;
}

/**
 * vireo_auth_request_add_field:
 * @self: a #VireoAuthRequest
 * @kind: the kind of answer
 * @prompt: the question
 * @default_value: (nullable): a proposed answer (never for secrets)
 *
 * Returns: the index of the new field
 */
guint
vireo_auth_request_add_field (VireoAuthRequest   *self,
                              VireoAuthFieldKind  kind,
                              const char         *prompt,
                              const char         *default_value)
{
  Field field = { kind, g_strdup (prompt), g_strdup (default_value) };

  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), 0);

  g_array_append_val (self->fields, field);
  return self->fields->len - 1;
}

VireoAuthSource
vireo_auth_request_get_source (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), VIREO_AUTH_SOURCE_LIBVIRT);
  return self->source;
}

const char *
vireo_auth_request_get_title (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
  return self->title;
}

const char *
vireo_auth_request_get_message (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
  return self->message;
}

guint
vireo_auth_request_get_n_fields (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), 0);
  return self->fields->len;
}

static const Field *
get_field (VireoAuthRequest *self,
           guint             index)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return &g_array_index (self->fields, Field, index);
}

VireoAuthFieldKind
vireo_auth_request_get_field_kind (VireoAuthRequest *self,
                                   guint             index)
{
  const Field *field = get_field (self, index);
  return field ? field->kind : VIREO_AUTH_FIELD_TEXT;
}

const char *
vireo_auth_request_get_field_prompt (VireoAuthRequest *self,
                                     guint             index)
{
  const Field *field = get_field (self, index);
  return field ? field->prompt : NULL;
}

const char *
vireo_auth_request_get_field_default (VireoAuthRequest *self,
                                      guint             index)
{
  const Field *field = get_field (self, index);
  return field ? field->default_value : NULL;
}

gboolean
vireo_auth_field_kind_is_secret (VireoAuthFieldKind kind)
{
  return kind == VIREO_AUTH_FIELD_PASSWORD ||
         kind == VIREO_AUTH_FIELD_PASSPHRASE ||
         kind == VIREO_AUTH_FIELD_SECRET;
}

static char *
find_fingerprint (const char *text)
{
  const char *start;
  const char *end;

  if (text == NULL || (start = strstr (text, "SHA256:")) == NULL)
    return NULL;

  end = start + strlen ("SHA256:");
  while (g_ascii_isalnum (*end) || *end == '+' || *end == '/' || *end == '=')
    end++;

  return g_strndup (start, end - start);
}

/**
 * vireo_auth_request_get_fingerprint:
 * @self: a #VireoAuthRequest
 *
 * Returns: (nullable): the "SHA256:…" key fingerprint quoted in the request's message or prompts
 */
const char *
vireo_auth_request_get_fingerprint (VireoAuthRequest *self)
{
  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);

  if (self->fingerprint == NULL)
    {
      self->fingerprint = find_fingerprint (self->message);
      for (guint i = 0; self->fingerprint == NULL && i < self->fields->len; i++)
        self->fingerprint = find_fingerprint (g_array_index (self->fields, Field, i).prompt);
    }

  return self->fingerprint;
}

static gboolean
notify_finished_in_main (gpointer data)
{
  VireoAuthRequest *self = data;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  return G_SOURCE_REMOVE;
}

/* Called with the mutex held. */
static gboolean
finish_locked (VireoAuthRequest  *self,
               Status             status,
               char             **answers)
{
  if (self->status != STATUS_PENDING)
    return FALSE;

  self->status = status;
  self->answers = answers;
  g_cond_broadcast (&self->cond);
  return TRUE;
}

static void
finish (VireoAuthRequest  *self,
        Status             status,
        char             **answers)
{
  gboolean changed;

  g_mutex_lock (&self->mutex);
  changed = finish_locked (self, status, answers);
  g_mutex_unlock (&self->mutex);

  if (!changed)
    {
      vireo_auth_strv_free_secure (answers);
      return;
    }

  if (VIREO_IS_MAIN_THREAD ())
    notify_finished_in_main (self);
  else
    /* An idle, not g_main_context_invoke(): while nobody owns the main context, that would run
     * the notification right here, on this thread. */
    g_idle_add_full (G_PRIORITY_DEFAULT, notify_finished_in_main, g_object_ref (self), g_object_unref);
}

/**
 * vireo_auth_request_respond:
 * @self: a #VireoAuthRequest
 * @answers: (array zero-terminated=1): one answer per field, in order
 *
 * Answers the request, waking the thread that waits for it. Does nothing if it was already
 * answered or cancelled. Must be called from the main thread.
 */
void
vireo_auth_request_respond (VireoAuthRequest   *self,
                            const char * const *answers)
{
  g_return_if_fail (VIREO_IS_AUTH_REQUEST (self));
  g_return_if_fail (answers != NULL);

  finish (self, STATUS_ANSWERED, g_strdupv ((char **) answers));
}

/**
 * vireo_auth_request_cancel:
 * @self: a #VireoAuthRequest
 *
 * The user declined to answer. Any thread.
 */
void
vireo_auth_request_cancel (VireoAuthRequest *self)
{
  g_return_if_fail (VIREO_IS_AUTH_REQUEST (self));

  finish (self, STATUS_CANCELLED, NULL);
}

gboolean
vireo_auth_request_is_finished (VireoAuthRequest *self)
{
  gboolean finished;

  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), TRUE);

  g_mutex_lock (&self->mutex);
  finished = self->status != STATUS_PENDING;
  g_mutex_unlock (&self->mutex);

  return finished;
}

/**
 * vireo_auth_request_dup_answers:
 * @self: a #VireoAuthRequest
 *
 * Any thread.
 *
 * Returns: (transfer full) (nullable): a copy of the answers, or %NULL unless answered. Free with
 *   vireo_auth_strv_free_secure().
 */
char **
vireo_auth_request_dup_answers (VireoAuthRequest *self)
{
  char **answers = NULL;

  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);

  g_mutex_lock (&self->mutex);
  if (self->status == STATUS_ANSWERED)
    answers = g_strdupv (self->answers);
  g_mutex_unlock (&self->mutex);

  return answers;
}

static void
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  vireo_auth_request_cancel (VIREO_AUTH_REQUEST (data));
}

/**
 * vireo_auth_request_wait:
 * @self: a #VireoAuthRequest, already handed to the main thread
 * @cancellable: (nullable): cancels the wait (and the request)
 *
 * Blocks until the request is answered or cancelled. Never call it from the main thread: the answer
 * comes from there.
 *
 * Returns: (transfer full) (nullable): the answers, one per field, or %NULL when cancelled. Free
 *   with vireo_auth_strv_free_secure().
 */
char **
vireo_auth_request_wait (VireoAuthRequest *self,
                         GCancellable     *cancellable)
{
  gulong handler = 0;

  g_return_val_if_fail (VIREO_IS_AUTH_REQUEST (self), NULL);
  g_return_val_if_fail (!VIREO_IS_MAIN_THREAD (), NULL);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_wait_cancelled), self, NULL);

  g_mutex_lock (&self->mutex);
  while (self->status == STATUS_PENDING)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  g_cancellable_disconnect (cancellable, handler);

  return vireo_auth_request_dup_answers (self);
}
