/* parlo-engine-commands.c — the engine's commands, one typed call each
 *
 * Each wrapper builds the fields of one command of the bridge protocol and sends
 * it with parlo_engine_request_async(). The accounts added are also remembered
 * here, and added again to every engine that follows a lost one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-engine"

#include <string.h>

#include "parlo-engine.h"
#include "parlo-engine-private.h"

/* Finishes every command below that answers only success or failure. */
gboolean
parlo_engine_command_finish (ParloEngine *self, GAsyncResult *result, GError **error)
{
  g_autoptr(JsonObject) body = parlo_engine_request_finish (self, result, error);

  return body != NULL;
}

/* Accounts */

static void
on_account_added (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloEngine *self = PARLO_ENGINE (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!parlo_engine_command_finish (self, result, &error))
    {
      if (g_error_matches (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED))
        g_hash_table_remove (self->accounts, g_task_get_task_data (task));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, json_object_new (), (GDestroyNotify) json_object_unref);
}

void
parlo_engine_add_account_async (ParloEngine              *self,
                                const ParloEngineAccount *account,
                                GCancellable             *cancellable,
                                GAsyncReadyCallback       callback,
                                gpointer                  user_data)
{
  g_autoptr(JsonObject) arguments = NULL;
  ParloEngineAccount *copy;
  GTask *task;

  g_return_if_fail (PARLO_IS_ENGINE (self));
  g_return_if_fail (account != NULL && account->aor != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlo_engine_request_async);
  /* Remembered before the answer, so that a restart in between still re-adds it. */
  copy = parlo_engine_account_copy (account);
  g_hash_table_replace (self->accounts, copy->aor, copy);
  g_task_set_task_data (task, g_strdup (account->aor), g_free);

  arguments = parlo_engine_account_to_json (account);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_ACCOUNT_ADD, arguments,
                              cancellable, on_account_added, task);
}

void
parlo_engine_remove_account_async (ParloEngine *self, const char *aor,
                                   GCancellable *cancellable, GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr(JsonObject) arguments = json_object_new ();

  g_return_if_fail (PARLO_IS_ENGINE (self));
  g_hash_table_remove (self->accounts, aor);
  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_AOR, aor);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_ACCOUNT_REMOVE, arguments,
                              cancellable, callback, user_data);
}

void
parlo_engine_register_async (ParloEngine *self, const char *aor, gboolean registered,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(JsonObject) arguments = json_object_new ();

  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_AOR, aor);
  parlo_engine_request_async (self,
                              registered ? PARLO_BRIDGE_COMMAND_ACCOUNT_REGISTER
                                         : PARLO_BRIDGE_COMMAND_ACCOUNT_UNREGISTER,
                              arguments, cancellable, callback, user_data);
}

static void
on_account_restored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree char *aor = user_data;
  g_autoptr(GError) error = NULL;

  if (parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    return;
  /* Being stopped, or dying again, is handled where it happens. */
  if (parlo_engine_error_is_away (error))
    g_debug ("Account %s not restored: %s", aor, error->message);
  else
    g_warning ("Could not restore account %s after the engine restarted: %s", aor, error->message);
}

/* Adds every remembered account to an engine that just started. */
void
parlo_engine_restore_accounts (ParloEngine *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->accounts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const ParloEngineAccount *account = value;
      g_autoptr(JsonObject) arguments = parlo_engine_account_to_json (account);

      parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_ACCOUNT_ADD, arguments, NULL,
                                  on_account_restored, g_strdup (account->aor));
    }
}

/* Calls */

static JsonObject *
call_arguments (const char *account, const char *call_id)
{
  JsonObject *arguments = json_object_new ();

  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_CALL, call_id);
  if (account != NULL)
    json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_ACCOUNT, account);
  return arguments;
}

void
parlo_engine_dial_async (ParloEngine *self, const char *account, const char *uri,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(JsonObject) arguments = json_object_new ();

  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_ACCOUNT, account);
  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_URI, uri);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_CALL_DIAL, arguments,
                              cancellable, callback, user_data);
}

char *
parlo_engine_dial_finish (ParloEngine *self, GAsyncResult *result, GError **error)
{
  g_autoptr(JsonObject) body = parlo_engine_request_finish (self, result, error);
  const char *call_id;

  if (body == NULL)
    return NULL;
  call_id = json_object_get_string_member_with_default (body, PARLO_BRIDGE_FIELD_CALL, NULL);
  if (call_id == NULL)
    {
      g_set_error (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED,
                   "The engine placed the call but did not say which it is");
      return NULL;
    }
  return g_strdup (call_id);
}

void
parlo_engine_answer_async (ParloEngine *self, const char *account, const char *call_id,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(JsonObject) arguments = call_arguments (account, call_id);

  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_CALL_ANSWER, arguments,
                              cancellable, callback, user_data);
}

/* code 0 lets the engine choose; 486 declines as busy, 603 as declined. */
void
parlo_engine_hangup_async (ParloEngine *self, const char *account, const char *call_id,
                           guint code, const char *reason,
                           GCancellable *cancellable, GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr(JsonObject) arguments = call_arguments (account, call_id);

  if (code != 0)
    json_object_set_int_member (arguments, PARLO_BRIDGE_FIELD_CODE, code);
  if (reason != NULL)
    json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_REASON, reason);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_CALL_HANGUP, arguments,
                              cancellable, callback, user_data);
}

void
parlo_engine_hold_async (ParloEngine *self, const char *account, const char *call_id,
                         gboolean hold,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(JsonObject) arguments = call_arguments (account, call_id);

  parlo_engine_request_async (self,
                              hold ? PARLO_BRIDGE_COMMAND_CALL_HOLD
                                   : PARLO_BRIDGE_COMMAND_CALL_RESUME,
                              arguments, cancellable, callback, user_data);
}

void
parlo_engine_mute_async (ParloEngine *self, const char *account, const char *call_id,
                         gboolean muted,
                         GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(JsonObject) arguments = call_arguments (account, call_id);

  json_object_set_boolean_member (arguments, PARLO_BRIDGE_FIELD_MUTED, muted);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_CALL_MUTE, arguments,
                              cancellable, callback, user_data);
}

void
parlo_engine_send_dtmf_async (ParloEngine *self, const char *account, const char *call_id,
                              const char *digits,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(JsonObject) arguments = call_arguments (account, call_id);

  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_DIGITS, digits);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_CALL_DTMF, arguments,
                              cancellable, callback, user_data);
}

/* The delay arrives later, as an ECHO_DELAY event of the call. */
void
parlo_engine_measure_echo_async (ParloEngine *self, const char *account, const char *call_id,
                                 GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(JsonObject) arguments = call_arguments (account, call_id);

  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_CALL_MEASURE_ECHO, arguments,
                              cancellable, callback, user_data);
}

void
parlo_engine_transfer_async (ParloEngine *self, const char *account, const char *call_id,
                             const char *target,
                             GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(JsonObject) arguments = call_arguments (account, call_id);

  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_URI, target);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_CALL_TRANSFER, arguments,
                              cancellable, callback, user_data);
}

/* Audio */

typedef struct {
  char *role;
  char *device;
} DeviceChoice;

static void
device_choice_free (DeviceChoice *choice)
{
  g_free (choice->role);
  g_free (choice->device);
  g_free (choice);
}

/* A device the engine could not open must not come back at its next start:
 * the default takes its place, unless another choice came since. */
static void
on_audio_device_set (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloEngine *self = PARLO_ENGINE (source);
  g_autoptr(GTask) task = user_data;
  DeviceChoice *choice = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (parlo_engine_command_finish (self, result, &error))
    {
      g_task_return_pointer (task, json_object_new (), (GDestroyNotify) json_object_unref);
      return;
    }
  if (g_error_matches (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED) &&
      g_strcmp0 (parlo_engine_config_get_audio_device (self->config, choice->role), choice->device) == 0)
    parlo_engine_config_set_audio_device (self->config, choice->role, "");
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
is_audio_role (const char *role)
{
  return g_strcmp0 (role, PARLO_BRIDGE_ROLE_SOURCE) == 0 ||
         g_strcmp0 (role, PARLO_BRIDGE_ROLE_PLAYER) == 0 ||
         g_strcmp0 (role, PARLO_BRIDGE_ROLE_ALERT) == 0;
}

/* role is "source", "player" or "alert"; device a PulseAudio source or sink
 * name, "" for the default. New calls use it, and live calls move to it (the
 * alert device takes the next tone). The engine's config keeps it for its
 * next start, also when the engine is not running now; a device the engine
 * refused is kept there as "", the default. */
void
parlo_engine_set_audio_device_async (ParloEngine *self, const char *role, const char *device,
                                     GCancellable *cancellable, GAsyncReadyCallback callback,
                                     gpointer user_data)
{
  g_autoptr(JsonObject) arguments = json_object_new ();
  DeviceChoice *choice;
  GTask *task;

  g_return_if_fail (PARLO_IS_ENGINE (self));
  g_return_if_fail (is_audio_role (role));
  g_return_if_fail (device != NULL && strpbrk (device, ",\n\r") == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlo_engine_request_async);
  choice = g_new0 (DeviceChoice, 1);
  choice->role = g_strdup (role);
  choice->device = g_strdup (device);
  g_task_set_task_data (task, choice, (GDestroyNotify) device_choice_free);

  parlo_engine_config_set_audio_device (self->config, role, device);
  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_ROLE, role);
  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_DEVICE, device);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_AUDIO_SET, arguments,
                              cancellable, on_audio_device_set, task);
}

/* tone is "ring" or "waiting" (on the alert device), "ringback", "busy", "error"
 * or "dtmf" with key one of 0-9 * # (on the call device). It replaces the tone
 * playing; repeat plays it until parlo_engine_stop_tone_async. */
void
parlo_engine_play_tone_async (ParloEngine *self, const char *tone, const char *key,
                              gboolean repeat,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(JsonObject) arguments = json_object_new ();

  g_return_if_fail (PARLO_IS_ENGINE (self));
  g_return_if_fail (tone != NULL);

  json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_TONE, tone);
  if (key != NULL)
    json_object_set_string_member (arguments, PARLO_BRIDGE_FIELD_KEY, key);
  json_object_set_boolean_member (arguments, PARLO_BRIDGE_FIELD_REPEAT, repeat);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_TONE_PLAY, arguments,
                              cancellable, callback, user_data);
}

void
parlo_engine_stop_tone_async (ParloEngine *self,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_TONE_STOP, NULL,
                              cancellable, callback, user_data);
}
