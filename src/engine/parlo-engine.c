/* parlo-engine.c — spawns, talks to and supervises the baresip engine
 *
 * One baresip process at a time runs with our bridge module; the two ends of a
 * private socketpair carry the bridge protocol. If the process dies, every request
 * still waiting fails, "engine-lost" tells the call model that its calls are gone,
 * and a new process is started after a growing delay with the accounts re-added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-engine"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <glib-unix.h>

#include "parlo-engine.h"
#include "parlo-engine-private.h"
#include "parlo-engine-enums.h"
#include "parlo-util.h"

#define BRIDGE_FD_IN_CHILD        3
#define REQUEST_TIMEOUT_SECONDS   10
#define STOP_GRACE_SECONDS        3
#define READ_CHUNK                (16 * 1024)

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_PORT_IN_USE,
  N_PROPS
};

enum {
  SIGNAL_EVENT,
  SIGNAL_ENGINE_LOST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (parlo-engine-error-quark, parlo_engine_error)

gboolean
parlo_engine_error_is_away (const GError *error)
{
  return g_error_matches (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_NOT_RUNNING) ||
         g_error_matches (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_LOST);
}
G_DEFINE_FINAL_TYPE (ParloEngine, parlo_engine, G_TYPE_OBJECT)

static void read_bridge      (ParloEngine *self);
static void write_next       (ParloEngine *self);

/* State */

void
parlo_engine_set_state (ParloEngine *self, ParloEngineState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
parlo_engine_set_last_error (ParloEngine *self, const char *message)
{
  if (parlo_set_str (&self->last_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

/* Requests */

typedef struct {
  guint    id;
  GSource *timeout;
} Request;

static void
request_free (Request *request)
{
  g_source_unref (request->timeout);
  g_free (request);
}

/* Takes the request out of the pending table and stops its timeout, which would
 * otherwise keep the task alive; NULL if it was already completed. */
static GTask *
steal_pending (ParloEngine *self, guint id)
{
  gpointer task = NULL;
  Request *request;

  if (!g_hash_table_steal_extended (self->pending, GUINT_TO_POINTER (id), NULL, &task))
    return NULL;
  request = g_task_get_task_data (task);
  g_source_destroy (request->timeout);
  return task;
}

static void
fail_pending (ParloEngine *self, ParloEngineError code, const char *message)
{
  g_autoptr(GList) ids = g_hash_table_get_keys (self->pending);

  for (GList *l = ids; l != NULL; l = l->next)
    {
      g_autoptr(GTask) task = steal_pending (self, GPOINTER_TO_UINT (l->data));

      if (task != NULL)
        g_task_return_new_error (task, PARLO_ENGINE_ERROR, code, "%s", message);
    }
}

static gboolean
on_request_timeout (gpointer user_data)
{
  GTask *task = user_data;
  ParloEngine *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GTask) pending = steal_pending (self, request->id);

  if (pending != NULL)
    g_task_return_new_error (pending, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_TIMED_OUT,
                             "The engine did not answer within %d seconds",
                             REQUEST_TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
complete_request (ParloEngine *self, ParloResponse *response)
{
  g_autoptr(GTask) task = NULL;

  if (response->id == 0 || response->id > G_MAXUINT)
    {
      g_warning ("The engine could not read a request: %s", response->error);
      return;
    }
  task = steal_pending (self, response->id);
  if (task == NULL)
    {
      g_debug ("Response to request %" G_GINT64_FORMAT " that is no longer waiting", response->id);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (response->ok)
    g_task_return_pointer (task, json_object_ref (response->body),
                           (GDestroyNotify) json_object_unref);
  else
    g_task_return_new_error (task, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_REFUSED,
                             "%s", response->error);
}

void
parlo_engine_request_async (ParloEngine         *self,
                            const char          *command,
                            JsonObject          *arguments,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;
  char *line;

  g_return_if_fail (PARLO_IS_ENGINE (self));
  g_return_if_fail (command != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, parlo_engine_request_async);

  if (self->bridge == NULL)
    {
      g_task_return_new_error (task, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_NOT_RUNNING,
                               self->state == PARLO_ENGINE_STATE_RESTARTING
                               ? "The engine is restarting; try again in a moment"
                               : "The engine is not running");
      return;
    }

  request = g_new0 (Request, 1);
  request->id = ++self->last_request_id;
  request->timeout = g_timeout_source_new_seconds (REQUEST_TIMEOUT_SECONDS);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_attach_source (task, request->timeout, on_request_timeout);

  line = parlo_protocol_encode_command (request->id, command, arguments);
  g_queue_push_tail (&self->write_queue, g_bytes_new_take (line, strlen (line)));
  g_hash_table_insert (self->pending, GUINT_TO_POINTER (request->id), g_steal_pointer (&task));
  write_next (self);
}

JsonObject *
parlo_engine_request_finish (ParloEngine *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The bridge socket */

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloEngine *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The process is dying; its exit is handled where it is noticed. */
      g_debug ("Writing to the engine failed: %s", error->message);
      return;
    }
  g_clear_pointer (&self->writing, g_bytes_unref);
  write_next (self);
}

static void
write_next (ParloEngine *self)
{
  GOutputStream *out;
  gsize size;
  const void *data;

  if (self->writing != NULL || self->bridge == NULL || g_queue_is_empty (&self->write_queue))
    return;

  self->writing = g_queue_pop_head (&self->write_queue);
  data = g_bytes_get_data (self->writing, &size);
  out = g_io_stream_get_output_stream (G_IO_STREAM (self->bridge));
  g_output_stream_write_all_async (out, data, size, G_PRIORITY_DEFAULT,
                                   self->process_cancellable, on_written, self);
}

static void
handle_line (ParloEngine *self, const char *line, gsize length)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  if (length == 0)
    return;
  if (!parlo_protocol_decode (line, length, &event, &response, &error))
    {
      g_warning ("Ignoring a message from the engine: %s", error->message);
      return;
    }
  if (event != NULL)
    g_signal_emit (self, signals[SIGNAL_EVENT], 0, event);
  else
    complete_request (self, response);
}

static void
split_lines (ParloEngine *self)
{
  GByteArray *buffer = self->read_buffer;
  gsize start = 0;

  for (gsize i = 0; i < buffer->len; i++)
    {
      if (buffer->data[i] != '\n')
        continue;
      if (self->discarding_line)
        self->discarding_line = FALSE;
      else
        handle_line (self, (const char *) buffer->data + start, i - start);
      start = i + 1;
      /* A handler may have stopped the engine and released the buffer. */
      if (self->read_buffer != buffer)
        return;
    }
  g_byte_array_remove_range (buffer, 0, start);

  if (buffer->len > PARLO_PROTOCOL_MAX_LINE)
    {
      g_warning ("Ignoring a message from the engine longer than %d bytes",
                 PARLO_PROTOCOL_MAX_LINE);
      g_byte_array_set_size (buffer, 0);
      self->discarding_line = TRUE;
    }
}

static void
on_bridge_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloEngine *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const guint8 *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Reading from the engine failed: %s", error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    return;   /* End of stream: the process exit is handled in on_process_exited. */

  g_byte_array_append (self->read_buffer, data, size);
  split_lines (self);
  if (self->bridge != NULL)
    read_bridge (self);
}

static void
read_bridge (ParloEngine *self)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (self->bridge));

  g_input_stream_read_bytes_async (in, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->process_cancellable, on_bridge_read, self);
}

/* The process */

static void
release_process (ParloEngine *self)
{
  if (self->process_cancellable != NULL)
    g_cancellable_cancel (self->process_cancellable);
  g_clear_object (&self->process_cancellable);
  if (self->bridge != NULL)
    g_io_stream_close (G_IO_STREAM (self->bridge), NULL, NULL);
  g_clear_object (&self->bridge);
  g_clear_object (&self->output);
  g_clear_object (&self->process);
  g_clear_pointer (&self->read_buffer, g_byte_array_unref);
  g_clear_pointer (&self->writing, g_bytes_unref);
  g_queue_clear_full (&self->write_queue, (GDestroyNotify) g_bytes_unref);
  g_clear_handle_id (&self->kill_source, g_source_remove);
  self->discarding_line = FALSE;
}

static char *
describe_exit (GSubprocess *process)
{
  if (g_subprocess_get_if_signaled (process))
    return g_strdup_printf ("killed by signal %d", g_subprocess_get_term_sig (process));
  return g_strdup_printf ("exit status %d", g_subprocess_get_exit_status (process));
}

static void
set_port_in_use (ParloEngine *self, guint port)
{
  if (self->port_in_use == port)
    return;
  self->port_in_use = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT_IN_USE]);
}

/* The process has exited and its output is read to the end. */
void
parlo_engine_process_ended (ParloEngine *self)
{
  g_autofree char *how = describe_exit (self->process);
  g_autofree char *message = NULL;
  const char *last_words = self->last_warning ? self->last_warning : self->last_output;
  guint taken_port = 0;
  gboolean give_up = !self->stopping && parlo_engine_gives_up (self, self->process, &taken_port);

  release_process (self);
  if (self->sanitizer_report)
    g_critical ("The engine's sanitizer reported an error (%s); its report is above", how);

  if (self->stopping)
    {
      g_debug ("Engine stopped (%s)", how);
      fail_pending (self, PARLO_ENGINE_ERROR_NOT_RUNNING, "The engine was stopped");
      parlo_engine_set_state (self, PARLO_ENGINE_STATE_STOPPED);
      return;
    }

  message = last_words
    ? g_strdup_printf ("The engine stopped unexpectedly (%s): %s", how, last_words)
    : g_strdup_printf ("The engine stopped unexpectedly (%s)", how);
  g_warning ("%s", message);
  parlo_engine_set_last_error (self, message);
  set_port_in_use (self, taken_port);
  fail_pending (self, PARLO_ENGINE_ERROR_LOST, "The engine stopped before it answered");
  parlo_engine_set_state (self, give_up ? PARLO_ENGINE_STATE_FAILED : PARLO_ENGINE_STATE_RESTARTING);
  g_signal_emit (self, signals[SIGNAL_ENGINE_LOST], 0);
  if (give_up)
    g_warning ("The engine could not start several times in a row; not trying again");
  else
    parlo_engine_schedule_restart (self);
}

static void
on_process_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloEngine *self = user_data;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    return;   /* Cancelled: this process was already released. */
  if (G_SUBPROCESS (source) != self->process)
    return;

  self->exited = TRUE;
  if (self->output_done)
    parlo_engine_process_ended (self);
}

static GSocketConnection *
connection_from_fd (int fd, GError **error)
{
  g_autoptr(GSocket) socket = g_socket_new_from_fd (fd, error);

  if (socket == NULL)
    {
      close (fd);
      return NULL;
    }
  return g_socket_connection_factory_create_connection (socket);
}

/* baresip keeps running when a module fails to load, so a first request proves
 * that the bridge is there; an engine without one is killed and restarted. */
static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  ParloEngine *self = PARLO_ENGINE (source);
  g_autoptr(GSubprocess) process = user_data;
  g_autoptr(JsonObject) status = NULL;
  g_autoptr(GError) error = NULL;

  status = parlo_engine_request_finish (self, result, &error);
  if (process != self->process)
    return;
  if (status != NULL)
    {
      self->bridge_answered = TRUE;
      return;
    }
  if (g_error_matches (error, PARLO_ENGINE_ERROR, PARLO_ENGINE_ERROR_TIMED_OUT))
    {
      g_warning ("The engine started without its bridge module; stopping it");
      parlo_set_str (&self->last_warning, "The engine's bridge module did not answer");
      g_subprocess_force_exit (process);
    }
}

gboolean
parlo_engine_spawn (ParloEngine *self, GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *fd_text = g_strdup_printf ("%d", BRIDGE_FD_IN_CHILD);
  const char * const *prefix = parlo_engine_config_get_launcher (self->config);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GInputStream *stdout_pipe;
  int fds[2];

  for (guint i = 0; prefix != NULL && prefix[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) prefix[i]);
#ifdef PARLO_SANITIZER_RUNTIME
  /* The sanitized module needs the runtime loaded first; `env` gives it to
   * baresip alone, not to the launcher in front of it. */
  g_ptr_array_add (argv, (gpointer) "env");
  g_ptr_array_add (argv, (gpointer) "LD_PRELOAD=" PARLO_SANITIZER_RUNTIME);
#endif
  g_ptr_array_add (argv, (gpointer) BARESIP_PROGRAM);
  g_ptr_array_add (argv, (gpointer) "-f");
  g_ptr_array_add (argv, self->directory);
  g_ptr_array_add (argv, NULL);

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the engine socket: %s", g_strerror (saved_errno));
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, PARLO_BRIDGE_FD_VARIABLE, fd_text, TRUE);
  g_subprocess_launcher_take_fd (launcher, fds[1], BRIDGE_FD_IN_CHILD);
  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (self->process == NULL)
    {
      close (fds[0]);
      return FALSE;
    }

  self->bridge = connection_from_fd (fds[0], error);
  if (self->bridge == NULL)
    {
      g_subprocess_force_exit (self->process);
      g_clear_object (&self->process);
      return FALSE;
    }

  self->process_cancellable = g_cancellable_new ();
  self->read_buffer = g_byte_array_new ();
  stdout_pipe = g_subprocess_get_stdout_pipe (self->process);
  self->output = g_data_input_stream_new (stdout_pipe);
  self->started_at = g_get_monotonic_time ();
  g_clear_pointer (&self->last_output, g_free);
  g_clear_pointer (&self->last_warning, g_free);
  self->exited = FALSE;
  self->output_done = FALSE;
  self->sanitizer_report = FALSE;
  self->bridge_answered = FALSE;

  g_subprocess_wait_async (self->process, self->process_cancellable, on_process_exited, self);
  read_bridge (self);
  parlo_engine_read_output (self);
  parlo_engine_request_async (self, PARLO_BRIDGE_COMMAND_ENGINE_STATUS, NULL, NULL, on_handshake,
                              g_object_ref (self->process));
  g_debug ("Engine started as process %s", g_subprocess_get_identifier (self->process));
  return TRUE;
}

static gboolean
on_stop_grace_over (gpointer user_data)
{
  ParloEngine *self = user_data;

  self->kill_source = 0;
  g_debug ("Engine did not stop in time; killing it");
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  return G_SOURCE_REMOVE;
}

/* GObject */

static void
parlo_engine_dispose (GObject *object)
{
  ParloEngine *self = PARLO_ENGINE (object);

  g_clear_handle_id (&self->restart_source, g_source_remove);
  if (self->process != NULL)
    g_subprocess_send_signal (self->process, SIGTERM);
  release_process (self);
  if (self->pending != NULL)
    fail_pending (self, PARLO_ENGINE_ERROR_NOT_RUNNING, "The engine was stopped");
  g_clear_object (&self->config);
  G_OBJECT_CLASS (parlo_engine_parent_class)->dispose (object);
}

static void
parlo_engine_finalize (GObject *object)
{
  ParloEngine *self = PARLO_ENGINE (object);

  if (self->directory != NULL)
    parlo_engine_directory_remove (self->directory);
  g_free (self->directory);
  g_free (self->last_error);
  g_free (self->last_output);
  g_free (self->last_warning);
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->accounts);
  G_OBJECT_CLASS (parlo_engine_parent_class)->finalize (object);
}

static void
parlo_engine_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloEngine *self = PARLO_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_PORT_IN_USE:
      g_value_set_uint (value, self->port_in_use);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_engine_class_init (ParloEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlo_engine_dispose;
  object_class->finalize = parlo_engine_finalize;
  object_class->get_property = parlo_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PARLO_TYPE_ENGINE_STATE, PARLO_ENGINE_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT_IN_USE] =
    g_param_spec_uint ("port-in-use", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Every event the engine reports, decoded and validated. */
  signals[SIGNAL_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  PARLO_TYPE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The engine process died; the calls it carried are gone. A restart follows. */
  signals[SIGNAL_ENGINE_LOST] =
    g_signal_new ("engine-lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
parlo_engine_init (ParloEngine *self)
{
  self->pending = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) parlo_engine_account_free);
  g_queue_init (&self->write_queue);
  parlo_engine_restart_init (self);
}

ParloEngine *
parlo_engine_new (ParloEngineConfig *config)
{
  ParloEngine *self;

  g_return_val_if_fail (PARLO_IS_ENGINE_CONFIG (config), NULL);

  self = g_object_new (PARLO_TYPE_ENGINE, NULL);
  self->config = g_object_ref (config);
  return self;
}

gboolean
parlo_engine_start (ParloEngine *self, GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PARLO_IS_ENGINE (self), FALSE);

  if (self->state != PARLO_ENGINE_STATE_STOPPED && self->state != PARLO_ENGINE_STATE_FAILED)
    return TRUE;

  self->stopping = FALSE;
  self->restart_delay_ms = 0;
  self->early_exits = 0;
  set_port_in_use (self, 0);
  if (self->directory == NULL)
    self->directory = parlo_engine_directory_new (&local_error);
  if (self->directory == NULL ||
      !parlo_engine_config_write (self->config, self->directory, &local_error) ||
      !parlo_engine_spawn (self, &local_error))
    {
      parlo_engine_set_last_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  parlo_engine_set_last_error (self, NULL);
  parlo_engine_set_state (self, PARLO_ENGINE_STATE_RUNNING);
  parlo_engine_restore_accounts (self);
  return TRUE;
}

/* Asks the engine to end (it unregisters its accounts first) by closing the socket;
 * kills it if it does not exit in time. "state" becomes STOPPED when it is gone. */
void
parlo_engine_stop (ParloEngine *self)
{
  g_return_if_fail (PARLO_IS_ENGINE (self));

  self->stopping = TRUE;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  if (self->process == NULL)
    {
      parlo_engine_set_state (self, PARLO_ENGINE_STATE_STOPPED);
      return;
    }
  fail_pending (self, PARLO_ENGINE_ERROR_NOT_RUNNING, "The engine was stopped");
  if (self->bridge != NULL)
    g_io_stream_close (G_IO_STREAM (self->bridge), NULL, NULL);
  g_clear_object (&self->bridge);
  if (self->kill_source == 0)
    self->kill_source = g_timeout_add_seconds (STOP_GRACE_SECONDS, on_stop_grace_over, self);
}

ParloEngineState
parlo_engine_get_state (ParloEngine *self)
{
  g_return_val_if_fail (PARLO_IS_ENGINE (self), PARLO_ENGINE_STATE_STOPPED);
  return self->state;
}

const char *
parlo_engine_get_last_error (ParloEngine *self)
{
  g_return_val_if_fail (PARLO_IS_ENGINE (self), NULL);
  return self->last_error;
}

GPid
parlo_engine_get_process_id (ParloEngine *self)
{
  const char *identifier;

  g_return_val_if_fail (PARLO_IS_ENGINE (self), 0);
  if (self->process == NULL)
    return 0;
  identifier = g_subprocess_get_identifier (self->process);
  return identifier ? (GPid) g_ascii_strtoll (identifier, NULL, 10) : 0;
}

guint
parlo_engine_get_port_in_use (ParloEngine *self)
{
  g_return_val_if_fail (PARLO_IS_ENGINE (self), 0);
  return self->port_in_use;
}
