/* parlo-engine-restart.c — when a dead engine is started again, and when not
 *
 * A process that dies is restarted after a delay that doubles with each quick
 * death, up to a maximum, and goes back to the minimum once one ran long enough.
 * A process that ends by itself before its bridge ever answered cannot start
 * (its SIP port is taken, say): after a few of those in a row restarting again
 * would only hide it, so ParloEngine gives up and says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-engine"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parlo-engine-private.h"

#define RESTART_DELAY_MIN_MS  250
#define RESTART_DELAY_MAX_MS  30000
#define STABLE_RUN_MS         30000
#define GIVE_UP_AFTER         3
/* For tests only: "MIN,MAX,STABLE" in milliseconds in place of the values
 * above, so that a test can kill an engine many times in a bounded time. */
#define RESTART_DELAYS_VARIABLE "PARLO_ENGINE_RESTART_DELAYS"

void
parlo_engine_restart_init (ParloEngine *self)
{
  const char *text = g_getenv (RESTART_DELAYS_VARIABLE);
  guint min = RESTART_DELAY_MIN_MS, max = RESTART_DELAY_MAX_MS, stable = STABLE_RUN_MS;

  if (text != NULL &&
      (sscanf (text, "%u,%u,%u", &min, &max, &stable) != 3 || min == 0 || max < min))
    {
      g_warning ("Ignoring %s=%s: it takes MIN,MAX,STABLE in milliseconds",
                 RESTART_DELAYS_VARIABLE, text);
      min = RESTART_DELAY_MIN_MS, max = RESTART_DELAY_MAX_MS, stable = STABLE_RUN_MS;
    }
  self->restart_delay_min_ms = min;
  self->restart_delay_max_ms = max;
  self->stable_run_us = (gint64) stable * 1000;
}

static guint
next_restart_delay (ParloEngine *self)
{
  gboolean ran_long_enough = g_get_monotonic_time () - self->started_at > self->stable_run_us;

  if (ran_long_enough || self->restart_delay_ms == 0)
    self->restart_delay_ms = self->restart_delay_min_ms;
  else
    self->restart_delay_ms = MIN (self->restart_delay_ms * 2, self->restart_delay_max_ms);
  return self->restart_delay_ms;
}

static gboolean
on_restart (gpointer user_data)
{
  ParloEngine *self = user_data;
  g_autoptr(GError) error = NULL;

  self->restart_source = 0;
  /* The config may have changed while it ran: a device chosen since, say. */
  if (!parlo_engine_config_write (self->config, self->directory, &error) ||
      !parlo_engine_spawn (self, &error))
    {
      parlo_engine_set_last_error (self, error->message);
      g_warning ("Could not restart the engine: %s", error->message);
      parlo_engine_schedule_restart (self);
      return G_SOURCE_REMOVE;
    }
  parlo_engine_set_state (self, PARLO_ENGINE_STATE_RUNNING);
  parlo_engine_restore_accounts (self);
  return G_SOURCE_REMOVE;
}

void
parlo_engine_schedule_restart (ParloEngine *self)
{
  next_restart_delay (self);
  g_debug ("Restarting the engine in %u ms", self->restart_delay_ms);
  g_clear_handle_id (&self->restart_source, g_source_remove);
  self->restart_source = g_timeout_add (self->restart_delay_ms, on_restart, self);
}

static gboolean
can_bind (GInetAddress *host, guint16 port, GSocketType type)
{
  GSocketProtocol protocol = type == G_SOCKET_TYPE_DATAGRAM ? G_SOCKET_PROTOCOL_UDP
                                                            : G_SOCKET_PROTOCOL_TCP;
  g_autoptr(GSocket) socket = g_socket_new (g_inet_address_get_family (host), type, protocol, NULL);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (host, port);

  return socket == NULL || g_socket_bind (socket, address, FALSE, NULL);
}

/* Which of the ports of listen_address ("HOST:PORT"; baresip adds TLS on
 * PORT+1) another program holds; the SIP port when none can be told (an engine
 * run in another network namespace). */
static guint
find_taken_port (const char *listen_address)
{
  const char *colon = strrchr (listen_address, ':');
  g_autofree char *host_text = NULL;
  g_autoptr(GInetAddress) host = NULL;
  guint64 port;

  if (colon == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXUINT16 - 1, &port, NULL))
    return 0;
  host_text = g_strndup (listen_address, colon - listen_address);
  g_strdelimit (host_text, "[]", ' ');
  g_strstrip (host_text);
  host = g_inet_address_new_from_string (host_text);
  if (host == NULL)
    return (guint) port;
  if (can_bind (host, port, G_SOCKET_TYPE_DATAGRAM) && can_bind (host, port, G_SOCKET_TYPE_STREAM) &&
      !can_bind (host, port + 1, G_SOCKET_TYPE_STREAM))
    return (guint) port + 1;
  return (guint) port;
}

gboolean
parlo_engine_gives_up (ParloEngine *self, GSubprocess *process, guint *taken_port)
{
  *taken_port = 0;
  /* A killed engine, or one that ran, is worth starting again. */
  if (g_subprocess_get_if_signaled (process) || self->bridge_answered)
    {
      self->early_exits = 0;
      return FALSE;
    }
  self->early_exits++;
  /* baresip exits with the error of its SIP transport as status. */
  if (g_subprocess_get_exit_status (process) == EADDRINUSE)
    *taken_port = find_taken_port (parlo_engine_config_get_listen_address (self->config));
  return self->early_exits >= GIVE_UP_AFTER;
}
