/* parlo-engine.h — the baresip engine process, seen from the GTK main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "parlo-engine-account.h"
#include "parlo-engine-config.h"
#include "parlo-protocol.h"

G_BEGIN_DECLS

#define PARLO_ENGINE_ERROR (parlo_engine_error_quark ())

typedef enum {
  PARLO_ENGINE_ERROR_REFUSED,      /* the engine answered with an error */
  PARLO_ENGINE_ERROR_NOT_RUNNING,  /* no engine process right now */
  PARLO_ENGINE_ERROR_LOST,         /* the engine died before answering */
  PARLO_ENGINE_ERROR_TIMED_OUT,    /* the engine did not answer in time */
} ParloEngineError;

typedef enum {
  PARLO_ENGINE_STATE_STOPPED,
  PARLO_ENGINE_STATE_RUNNING,
  PARLO_ENGINE_STATE_RESTARTING,
  PARLO_ENGINE_STATE_FAILED,       /* it could not start, several times: not retried */
} ParloEngineState;

#define PARLO_TYPE_ENGINE (parlo_engine_get_type ())
G_DECLARE_FINAL_TYPE (ParloEngine, parlo_engine, PARLO, ENGINE, GObject)

GQuark            parlo_engine_error_quark      (void);
/* Whether error only says that no engine is there now (stopped, or died): one
 * that comes back starts with its config and its accounts, so a command that
 * failed so need not be retried nor reported. */
gboolean          parlo_engine_error_is_away    (const GError      *error);
ParloEngine      *parlo_engine_new              (ParloEngineConfig *config);
gboolean          parlo_engine_start            (ParloEngine       *self,
                                                 GError           **error);
void              parlo_engine_stop             (ParloEngine       *self);
ParloEngineState  parlo_engine_get_state        (ParloEngine       *self);
const char       *parlo_engine_get_last_error   (ParloEngine       *self);
GPid              parlo_engine_get_process_id   (ParloEngine       *self);
/* The port another program holds, which is why the engine could not start; 0 if
 * none. */
guint             parlo_engine_get_port_in_use  (ParloEngine       *self);

void              parlo_engine_request_async    (ParloEngine         *self,
                                                 const char          *command,
                                                 JsonObject          *arguments,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
JsonObject       *parlo_engine_request_finish   (ParloEngine         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The commands of the bridge protocol, one typed call each (parlo-engine-commands.c).
 * parlo_engine_command_finish() finishes every one that answers only success or
 * failure. */
gboolean          parlo_engine_command_finish   (ParloEngine         *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

void  parlo_engine_add_account_async    (ParloEngine *self, const ParloEngineAccount *account,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_remove_account_async (ParloEngine *self, const char *aor,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_register_async       (ParloEngine *self, const char *aor, gboolean registered,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_dial_async           (ParloEngine *self, const char *account, const char *uri,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
char *parlo_engine_dial_finish          (ParloEngine *self, GAsyncResult *result, GError **error);
void  parlo_engine_answer_async         (ParloEngine *self, const char *account, const char *call_id,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_hangup_async         (ParloEngine *self, const char *account, const char *call_id,
                                         guint code, const char *reason,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_hold_async           (ParloEngine *self, const char *account, const char *call_id,
                                         gboolean hold,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_mute_async           (ParloEngine *self, const char *account, const char *call_id,
                                         gboolean muted,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_send_dtmf_async      (ParloEngine *self, const char *account, const char *call_id,
                                         const char *digits,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_measure_echo_async   (ParloEngine *self, const char *account, const char *call_id,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_transfer_async       (ParloEngine *self, const char *account, const char *call_id,
                                         const char *target,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_set_audio_device_async (ParloEngine *self, const char *role, const char *device,
                                           GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_play_tone_async      (ParloEngine *self, const char *tone, const char *key, gboolean repeat,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);
void  parlo_engine_stop_tone_async      (ParloEngine *self,
                                         GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data);

G_END_DECLS
