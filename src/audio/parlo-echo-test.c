/* parlo-echo-test.c — a peer on this machine that sends back what it hears
 *
 * The "Echo test" contact calls it, so a person can hear their own voice and
 * check microphone and speaker without any account or server. It is a second
 * engine with baresip's echo module, listening on a free loopback port, started
 * the first time it is needed and kept until stopped. Once a call to it has
 * settled, the engine that placed it measures how long sound takes to come
 * back, and the call shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-audio"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "parlo-engine.h"
#include "parlo-local-account.h"
#include "parlo-echo-test.h"

/* Lets the jitter buffer settle before the burst goes out. */
#define MEASURE_AFTER_MS 1000

struct _ParloEchoTest
{
  GObject         parent_instance;

  ParloEngine    *caller;  /* places the calls to it */
  ParloCallModel *calls;
  ParloEngine    *engine;  /* the echo peer */
  char           *uri;     /* set once the echo peer takes calls */
};

G_DEFINE_FINAL_TYPE (ParloEchoTest, parlo_echo_test, G_TYPE_OBJECT)

/* A loopback UDP port nobody uses now; TCP and TLS take the same and the next. */
static guint16
free_loopback_port (void)
{
  for (int attempt = 0; attempt < 20; attempt++)
    {
      struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
      socklen_t length = sizeof address;
      int fd = socket (AF_INET, SOCK_DGRAM, 0);
      guint16 port = 0;

      if (fd >= 0 && bind (fd, (struct sockaddr *) &address, sizeof address) == 0 &&
          getsockname (fd, (struct sockaddr *) &address, &length) == 0)
        port = ntohs (address.sin_port);
      if (fd >= 0)
        close (fd);
      if (port != 0 && port < 65535)
        return port;
    }
  return 0;
}

static void
on_measure_sent (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    g_debug ("No echo delay: %s", error->message);
}

static gboolean
measure (gpointer user_data)
{
  ParloCall *call = user_data;
  g_autoptr(ParloEngine) caller = g_object_steal_data (G_OBJECT (call), "parlo-echo-caller");

  if (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED)
    parlo_engine_measure_echo_async (caller, parlo_call_get_account (call), parlo_call_get_id (call),
                                     NULL, on_measure_sent, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_call_state (ParloCall *call, GParamSpec *pspec, ParloEchoTest *self)
{
  if (parlo_call_get_state (call) != PARLO_CALL_STATE_ESTABLISHED)
    return;
  g_signal_handlers_disconnect_by_func (call, on_call_state, self);
  g_object_set_data_full (G_OBJECT (call), "parlo-echo-caller", g_object_ref (self->caller), g_object_unref);
  g_timeout_add_full (G_PRIORITY_DEFAULT, MEASURE_AFTER_MS, measure, g_object_ref (call), g_object_unref);
}

static void
on_calls_changed (GListModel *calls, guint position, guint removed, guint added, ParloEchoTest *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);

      if (self->uri == NULL || !g_str_equal (parlo_call_get_peer_uri (call), self->uri))
        continue;
      g_signal_connect_object (call, "notify::state", G_CALLBACK (on_call_state), self, 0);
    }
}

static void
parlo_echo_test_dispose (GObject *object)
{
  ParloEchoTest *self = PARLO_ECHO_TEST (object);

  parlo_echo_test_stop (self);
  if (self->calls != NULL)
    g_signal_handlers_disconnect_by_data (self->calls, self);
  g_clear_object (&self->calls);
  g_clear_object (&self->caller);
  G_OBJECT_CLASS (parlo_echo_test_parent_class)->dispose (object);
}

static void
parlo_echo_test_class_init (ParloEchoTestClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = parlo_echo_test_dispose;
}

static void
parlo_echo_test_init (ParloEchoTest *self)
{
}

/* caller is the engine that places calls to the echo peer, calls its calls. */
ParloEchoTest *
parlo_echo_test_new (ParloEngine *caller, ParloCallModel *calls)
{
  ParloEchoTest *self = g_object_new (PARLO_TYPE_ECHO_TEST, NULL);

  self->caller = g_object_ref (caller);
  self->calls = g_object_ref (calls);
  g_signal_connect (calls, "items-changed", G_CALLBACK (on_calls_changed), self);
  return self;
}

static void
on_account_added (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  ParloEchoTest *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    {
      parlo_echo_test_stop (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->uri = g_strdup (g_task_get_task_data (task));
  g_task_return_pointer (task, g_strdup (self->uri), g_free);
}

/* Starts the echo peer if it is not running; the result is the address to call. */
void
parlo_echo_test_start_async (ParloEchoTest *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(ParloEngineConfig) config = parlo_engine_config_new ();
  g_autoptr(ParloEngineAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  char *uri;
  guint16 port;

  g_task_set_source_tag (task, parlo_echo_test_start_async);
  if (self->uri != NULL && parlo_engine_get_state (self->engine) != PARLO_ENGINE_STATE_STOPPED)
    {
      g_task_return_pointer (task, g_strdup (self->uri), g_free);
      return;
    }
  parlo_echo_test_stop (self);

  port = free_loopback_port ();
  listen = g_strdup_printf ("127.0.0.1:%u", port);
  parlo_engine_config_set_listen_address (config, listen);
  parlo_engine_config_set_echo (config, TRUE);
  self->engine = parlo_engine_new (config);
  if (port == 0 || !parlo_engine_start (self->engine, &error))
    {
      parlo_echo_test_stop (self);
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE, "No free port for the echo test");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  uri = g_strdup_printf ("sip:echo@%s", listen);
  account = parlo_local_account_new (uri);
  g_task_set_task_data (task, uri, g_free);
  parlo_engine_add_account_async (self->engine, account, NULL, on_account_added, g_steal_pointer (&task));
}

char *
parlo_echo_test_start_finish (ParloEchoTest *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
parlo_echo_test_stop (ParloEchoTest *self)
{
  g_return_if_fail (PARLO_IS_ECHO_TEST (self));

  if (self->engine != NULL)
    parlo_engine_stop (self->engine);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->uri, g_free);
}
