/* parlo-audio-sync.c — gives the engine the audio devices the person chose
 *
 * The settings audio-source, audio-player and audio-alert name a PulseAudio
 * device, or "" for the system default. What the engine gets is the chosen
 * device while PulseAudio lists it, and the system default while it does not;
 * the setting keeps the choice, so the device is used again when it comes
 * back. While PulseAudio is not connected nothing is known to be missing: the
 * engine keeps what it has, and a new choice is passed on as it is.
 *
 * Before the engine starts, the devices go into the config it starts with;
 * once it runs, it is told, and switches at once, live calls included (it
 * also keeps them in its config for when it restarts).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-audio"

#include "config.h"

#include <string.h>

#include "parlo-audio-sync.h"
#include "parlo-util.h"
#include "parlo-bridge-protocol.h"

static const struct {
  const char           *key;
  const char           *role;   /* as ParloEngine names it */
  ParloAudioDeviceKind  kind;
} roles[] = {
  { "audio-source", PARLO_BRIDGE_ROLE_SOURCE, PARLO_AUDIO_DEVICE_SOURCE },
  { "audio-player", PARLO_BRIDGE_ROLE_PLAYER, PARLO_AUDIO_DEVICE_SINK },
  { "audio-alert", PARLO_BRIDGE_ROLE_ALERT, PARLO_AUDIO_DEVICE_SINK },
};

struct _ParloAudioSync
{
  GObject            parent_instance;

  ParloEngine       *engine;
  ParloEngineConfig *config;
  GSettings         *settings;
  ParloAudioDevices *devices;
  char              *given[G_N_ELEMENTS (roles)];  /* what the engine has, by role */
};

G_DEFINE_FINAL_TYPE (ParloAudioSync, parlo_audio_sync, G_TYPE_OBJECT)

/* The device the engine should use for role i: "" is the system default. */
static char *
device_for (ParloAudioSync *self, gsize i)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, roles[i].key);

  if (*chosen == '\0')
    return g_steal_pointer (&chosen);
  /* A hand-edited setting must not break the engine's config lines. */
  if (strpbrk (chosen, ",\n\r") != NULL)
    {
      g_debug ("Ignoring the setting %s: “%s” is not a PulseAudio device name", roles[i].key, chosen);
      return g_strdup ("");
    }
  if (parlo_audio_devices_get_connected (self->devices) &&
      parlo_audio_devices_find (self->devices, roles[i].kind, chosen) == NULL)
    return g_strdup ("");
  return g_steal_pointer (&chosen);
}

static void
on_device_switched (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree char *role = user_data;
  g_autoptr(GError) error = NULL;

  if (parlo_engine_command_finish (PARLO_ENGINE (source), result, &error))
    return;
  /* A restarting engine starts with its config, which has the device. */
  if (parlo_engine_error_is_away (error))
    g_debug ("The engine did not switch the %s device: %s", role, error->message);
  else
    g_warning ("The engine could not switch the %s device: %s", role, error->message);
}

static void
update (ParloAudioSync *self)
{
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *device = device_for (self, i);

      if (!parlo_set_str (&self->given[i], device))
        continue;
      g_debug ("The %s device is now “%s”", roles[i].role, device);
      if (parlo_engine_get_state (self->engine) == PARLO_ENGINE_STATE_STOPPED)
        parlo_engine_config_set_audio_device (self->config, roles[i].role, device);
      else
        parlo_engine_set_audio_device_async (self->engine, roles[i].role, device, NULL,
                                             on_device_switched, g_strdup (roles[i].role));
    }
}

/* The lists empty when PulseAudio goes away: that is no news of the devices. */
static void
on_devices_changed (ParloAudioSync *self)
{
  if (parlo_audio_devices_get_connected (self->devices))
    update (self);
}

static void
parlo_audio_sync_dispose (GObject *object)
{
  ParloAudioSync *self = PARLO_AUDIO_SYNC (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->devices);
  g_clear_object (&self->config);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (parlo_audio_sync_parent_class)->dispose (object);
}

static void
parlo_audio_sync_finalize (GObject *object)
{
  ParloAudioSync *self = PARLO_AUDIO_SYNC (object);

  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    g_free (self->given[i]);
  G_OBJECT_CLASS (parlo_audio_sync_parent_class)->finalize (object);
}

static void
parlo_audio_sync_class_init (ParloAudioSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlo_audio_sync_dispose;
  object_class->finalize = parlo_audio_sync_finalize;
}

static void
parlo_audio_sync_init (ParloAudioSync *self)
{
}

/* config is the one engine was made with. Created before the engine starts,
 * it writes the devices into config at once, so that the first start uses them. */
ParloAudioSync *
parlo_audio_sync_new (ParloEngine *engine, ParloEngineConfig *config, GSettings *settings,
                      ParloAudioDevices *devices)
{
  ParloAudioSync *self;

  g_return_val_if_fail (PARLO_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (PARLO_IS_ENGINE_CONFIG (config), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICES (devices), NULL);

  self = g_object_new (PARLO_TYPE_AUDIO_SYNC, NULL);
  self->engine = g_object_ref (engine);
  self->config = g_object_ref (config);
  self->settings = g_object_ref (settings);
  self->devices = g_object_ref (devices);

  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", roles[i].key, NULL);

      g_signal_connect_swapped (settings, signal, G_CALLBACK (update), self);
    }
  g_signal_connect_object (devices, "notify::connected", G_CALLBACK (on_devices_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (parlo_audio_devices_get_devices (devices, PARLO_AUDIO_DEVICE_SINK), "items-changed",
                           G_CALLBACK (on_devices_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (parlo_audio_devices_get_devices (devices, PARLO_AUDIO_DEVICE_SOURCE), "items-changed",
                           G_CALLBACK (on_devices_changed), self, G_CONNECT_SWAPPED);
  update (self);
  return self;
}
