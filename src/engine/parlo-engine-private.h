/* parlo-engine-private.h — what the files of ParloEngine share, and nobody else
 *
 * parlo-engine.c runs the process and carries the requests; parlo-engine-commands.c
 * holds the typed commands and the accounts to re-add after a restart;
 * parlo-engine-restart.c decides when a dead engine is started again;
 * parlo-engine-output.c reads what the engine prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-engine.h"
#include "parlo-bridge-protocol.h"

G_BEGIN_DECLS

/* The instance. parlo-engine-commands.c uses only config and accounts. */
struct _ParloEngine
{
  GObject             parent_instance;

  ParloEngineConfig  *config;
  char               *directory;
  ParloEngineState    state;
  char               *last_error;
  char               *last_output;    /* the engine's last line, for when it dies */
  char               *last_warning;   /* its last warning, which says more */

  /* The current engine process and its socket; all reset together. */
  GSubprocess        *process;
  GCancellable       *process_cancellable;
  GSocketConnection  *bridge;
  GDataInputStream   *output;
  GByteArray         *read_buffer;
  gboolean            discarding_line;
  GQueue              write_queue;
  GBytes             *writing;
  gint64              started_at;
  gboolean            exited;
  gboolean            output_done;
  gboolean            sanitizer_report;   /* its output has one: see parlo-engine-output.c */

  gboolean            bridge_answered;  /* its bridge answered the first request */

  guint               restart_delay_ms;
  guint               restart_delay_min_ms;
  guint               restart_delay_max_ms;
  gint64              stable_run_us;
  guint               early_exits;      /* in a row, before the bridge answered */
  guint               port_in_use;
  guint               restart_source;
  guint               kill_source;
  gboolean            stopping;

  guint               last_request_id;
  GHashTable         *pending;     /* request id → GTask */
  GHashTable         *accounts;    /* AOR → ParloEngineAccount, re-added after a restart */
};

/* parlo-engine.c, for the restarts and the output */
void     parlo_engine_set_state          (ParloEngine       *self,
                                          ParloEngineState   state);
void     parlo_engine_set_last_error     (ParloEngine       *self,
                                          const char        *message);
gboolean parlo_engine_spawn              (ParloEngine       *self,
                                          GError           **error);
/* The process has exited and its output is read to the end. */
void     parlo_engine_process_ended      (ParloEngine       *self);

/* parlo-engine-output.c: reads the engine's output until its end. */
void     parlo_engine_read_output        (ParloEngine       *self);

/* parlo-engine-commands.c */
void parlo_engine_restore_accounts (ParloEngine *self);

/* parlo-engine-restart.c */
void     parlo_engine_restart_init       (ParloEngine *self);
/* Starts the engine again after a delay that grows with quick deaths. */
void     parlo_engine_schedule_restart   (ParloEngine *self);
/* Whether process, which ended unasked, is not worth starting again; *taken_port
 * is the port another program holds if that is why it ended, else 0. */
gboolean parlo_engine_gives_up           (ParloEngine *self,
                                          GSubprocess *process,
                                          guint       *taken_port);

G_END_DECLS
