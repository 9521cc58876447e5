/* parlo-audio-devices.c — the sinks and sources PulseAudio offers, kept up to date
 *
 * A UI-free model on the GLib main loop (libpulse's pa_glib_mainloop). It lists
 * the sinks and the sources, each sorted by description; monitor sources only
 * copy what a sink plays, so they are not offered as microphones. It follows
 * the server through pa_context_subscribe: a device plugged in or out changes
 * the lists at once, and "default-sink" and "default-source" follow the
 * server's defaults.
 *
 * The server is the one libpulse finds (PULSE_SERVER first). When it goes away
 * the lists empty and a new context is tried after a delay that doubles up to
 * a limit; nothing runs while connected and idle. "connected" turns TRUE only
 * once the lists are complete, so that an observer never mistakes a list still
 * loading for devices that are gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-audio"

#include "config.h"

#include <glib/gi18n.h>
#include <pulse/glib-mainloop.h>
#include <pulse/pulseaudio.h>

#include "parlo-audio-device-private.h"
#include "parlo-audio-devices.h"

#define RECONNECT_DELAY_MIN_MS 500
#define RECONNECT_DELAY_MAX_MS (30 * 1000)

#define N_KINDS 2

struct _ParloAudioDevices
{
  GObject           parent_instance;

  pa_glib_mainloop *mainloop;
  pa_context       *context;
  gboolean          connected;
  guint             reconnect_source;
  guint             reconnect_delay_ms;

  /* By kind: the listed devices; every device by server index, monitors too,
   * as the default source may be one; the server's default by name. */
  GListStore       *lists[N_KINDS];
  GHashTable       *by_index[N_KINDS];
  char             *default_names[N_KINDS];
  ParloAudioDevice *defaults[N_KINDS];
};

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_DEFAULT_SINK,
  PROP_DEFAULT_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloAudioDevices, parlo_audio_devices, G_TYPE_OBJECT)

static void connect_to_server (ParloAudioDevices *self);

static GParamSpec *
default_pspec (ParloAudioDeviceKind kind)
{
  return properties[kind == PARLO_AUDIO_DEVICE_SINK ? PROP_DEFAULT_SINK : PROP_DEFAULT_SOURCE];
}

static void
set_connected (ParloAudioDevices *self, gboolean connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* Marks the device the server names as its default, wherever it is in the
 * replies: the name may come before the device or after it. */
static void
update_default (ParloAudioDevices *self, ParloAudioDeviceKind kind)
{
  ParloAudioDevice *found = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->by_index[kind]);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ParloAudioDevice *device = value;
      gboolean is_default = g_strcmp0 (parlo_audio_device_get_name (device), self->default_names[kind]) == 0;

      parlo_audio_device_set_is_default (device, is_default);
      if (is_default)
        found = device;
    }
  if (g_set_object (&self->defaults[kind], found))
    g_object_notify_by_pspec (G_OBJECT (self), default_pspec (kind));
}

static int
compare_devices (gconstpointer a, gconstpointer b, gpointer user_data)
{
  ParloAudioDevice *first = (ParloAudioDevice *) a;
  ParloAudioDevice *second = (ParloAudioDevice *) b;
  int order = g_utf8_collate (parlo_audio_device_get_description (first),
                              parlo_audio_device_get_description (second));

  return order != 0 ? order : g_strcmp0 (parlo_audio_device_get_name (first),
                                         parlo_audio_device_get_name (second));
}

static void
unlist (ParloAudioDevices *self, ParloAudioDevice *device)
{
  GListStore *list = self->lists[parlo_audio_device_get_kind (device)];
  guint position;

  if (g_list_store_find (list, device, &position))
    g_list_store_remove (list, position);
}

/* A new device, or news of a known one. */
static void
put_device (ParloAudioDevices *self, ParloAudioDeviceKind kind, guint32 index,
            const char *name, const char *description, gboolean listed)
{
  g_autoptr(ParloAudioDevice) device = parlo_audio_device_new (kind, name, description);
  GHashTable *table = self->by_index[kind];
  ParloAudioDevice *old = g_hash_table_lookup (table, GUINT_TO_POINTER (index));

  /* Most news is of volume or ports: nothing a person picks a device by. */
  if (old != NULL && compare_devices (old, device, NULL) == 0)
    return;

  /* The new one is listed before the old one leaves, so that the name is
   * never missing from the list in between. */
  if (listed)
    g_list_store_insert_sorted (self->lists[kind], device, compare_devices, NULL);
  if (old != NULL)
    unlist (self, old);
  g_hash_table_replace (table, GUINT_TO_POINTER (index), g_object_ref (device));
  update_default (self, kind);
}

static void
remove_device (ParloAudioDevices *self, ParloAudioDeviceKind kind, guint32 index)
{
  ParloAudioDevice *device = g_hash_table_lookup (self->by_index[kind], GUINT_TO_POINTER (index));

  if (device == NULL)
    return;
  unlist (self, device);
  g_hash_table_remove (self->by_index[kind], GUINT_TO_POINTER (index));
  update_default (self, kind);
}

static void
on_sink_info (pa_context *context, const pa_sink_info *info, int eol, void *user_data)
{
  /* eol < 0: the sink went away before the answer; a removal event follows. */
  if (eol != 0)
    return;
  put_device (user_data, PARLO_AUDIO_DEVICE_SINK, info->index, info->name, info->description, TRUE);
}

static void
on_source_info (pa_context *context, const pa_source_info *info, int eol, void *user_data)
{
  if (eol != 0)
    return;
  put_device (user_data, PARLO_AUDIO_DEVICE_SOURCE, info->index, info->name, info->description,
              info->monitor_of_sink == PA_INVALID_INDEX);
}

static void
on_server_info (pa_context *context, const pa_server_info *info, void *user_data)
{
  ParloAudioDevices *self = user_data;

  if (info == NULL)
    return;
  g_free (self->default_names[PARLO_AUDIO_DEVICE_SINK]);
  self->default_names[PARLO_AUDIO_DEVICE_SINK] = g_strdup (info->default_sink_name);
  g_free (self->default_names[PARLO_AUDIO_DEVICE_SOURCE]);
  self->default_names[PARLO_AUDIO_DEVICE_SOURCE] = g_strdup (info->default_source_name);
  update_default (self, PARLO_AUDIO_DEVICE_SINK);
  update_default (self, PARLO_AUDIO_DEVICE_SOURCE);
}

/* The server answers in order: this last answer of the first queries means
 * the lists are complete. */
static void
on_first_server_info (pa_context *context, const pa_server_info *info, void *user_data)
{
  on_server_info (context, info, user_data);
  set_connected (user_data, TRUE);
}

static void
on_event (pa_context *context, pa_subscription_event_type_t event, uint32_t index, void *user_data)
{
  ParloAudioDevices *self = user_data;
  pa_subscription_event_type_t facility = event & PA_SUBSCRIPTION_EVENT_FACILITY_MASK;
  gboolean removed = (event & PA_SUBSCRIPTION_EVENT_TYPE_MASK) == PA_SUBSCRIPTION_EVENT_REMOVE;
  pa_operation *operation = NULL;

  switch (facility)
    {
    case PA_SUBSCRIPTION_EVENT_SINK:
      if (removed)
        remove_device (self, PARLO_AUDIO_DEVICE_SINK, index);
      else
        operation = pa_context_get_sink_info_by_index (context, index, on_sink_info, self);
      break;
    case PA_SUBSCRIPTION_EVENT_SOURCE:
      if (removed)
        remove_device (self, PARLO_AUDIO_DEVICE_SOURCE, index);
      else
        operation = pa_context_get_source_info_by_index (context, index, on_source_info, self);
      break;
    case PA_SUBSCRIPTION_EVENT_SERVER:
      operation = pa_context_get_server_info (context, on_server_info, self);
      break;
    default:
      break;
    }
  if (operation != NULL)
    pa_operation_unref (operation);
}

static void
query_server (ParloAudioDevices *self)
{
  pa_context *context = self->context;

  pa_context_set_subscribe_callback (context, on_event, self);
  /* Subscribed first, so that nothing that changes after the lists is missed. */
  pa_operation_unref (pa_context_subscribe (context,
                                            PA_SUBSCRIPTION_MASK_SINK | PA_SUBSCRIPTION_MASK_SOURCE |
                                            PA_SUBSCRIPTION_MASK_SERVER,
                                            NULL, NULL));
  pa_operation_unref (pa_context_get_sink_info_list (context, on_sink_info, self));
  pa_operation_unref (pa_context_get_source_info_list (context, on_source_info, self));
  pa_operation_unref (pa_context_get_server_info (context, on_first_server_info, self));
}

static void
drop_context (ParloAudioDevices *self)
{
  if (self->context == NULL)
    return;
  /* Pending answers are cancelled with it, unheard. */
  pa_context_set_state_callback (self->context, NULL, NULL);
  pa_context_set_subscribe_callback (self->context, NULL, NULL);
  pa_context_disconnect (self->context);
  g_clear_pointer (&self->context, pa_context_unref);
}

/* Nothing is known of a server that is gone. "connected" turns FALSE before
 * the lists empty: an observer can tell this from devices unplugged. */
static void
forget_server (ParloAudioDevices *self)
{
  set_connected (self, FALSE);
  for (int kind = 0; kind < N_KINDS; kind++)
    {
      g_list_store_remove_all (self->lists[kind]);
      g_hash_table_remove_all (self->by_index[kind]);
      g_clear_pointer (&self->default_names[kind], g_free);
      update_default (self, kind);
    }
}

static gboolean
on_reconnect (gpointer user_data)
{
  ParloAudioDevices *self = user_data;

  self->reconnect_source = 0;
  connect_to_server (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (ParloAudioDevices *self)
{
  if (self->reconnect_delay_ms == 0)
    self->reconnect_delay_ms = RECONNECT_DELAY_MIN_MS;
  else
    self->reconnect_delay_ms = MIN (self->reconnect_delay_ms * 2, RECONNECT_DELAY_MAX_MS);
  g_debug ("Trying PulseAudio again in %u ms", self->reconnect_delay_ms);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add (self->reconnect_delay_ms, on_reconnect, self);
}

static void
on_state_changed (pa_context *context, void *user_data)
{
  ParloAudioDevices *self = user_data;

  switch (pa_context_get_state (context))
    {
    case PA_CONTEXT_READY:
      g_debug ("Connected to PulseAudio at %s", pa_context_get_server (context));
      self->reconnect_delay_ms = 0;
      query_server (self);
      break;
    case PA_CONTEXT_FAILED:
    case PA_CONTEXT_TERMINATED:
      g_debug ("No PulseAudio: %s", pa_strerror (pa_context_errno (context)));
      drop_context (self);
      forget_server (self);
      schedule_reconnect (self);
      break;
    case PA_CONTEXT_UNCONNECTED:
    case PA_CONTEXT_CONNECTING:
    case PA_CONTEXT_AUTHORIZING:
    case PA_CONTEXT_SETTING_NAME:
    default:
      break;
    }
}

/* A new context each time: it reads PULSE_SERVER and the client config anew. */
static void
connect_to_server (ParloAudioDevices *self)
{
  pa_proplist *props = pa_proplist_new ();

  pa_proplist_sets (props, PA_PROP_APPLICATION_NAME, _("Parlo"));
  pa_proplist_sets (props, PA_PROP_APPLICATION_ID, APP_ID);
  pa_proplist_sets (props, PA_PROP_APPLICATION_ICON_NAME, APP_ID);
  self->context = pa_context_new_with_proplist (pa_glib_mainloop_get_api (self->mainloop), NULL, props);
  pa_proplist_free (props);
  pa_context_set_state_callback (self->context, on_state_changed, self);
  /* Starting a sound server is the session's business, not a softphone's. */
  if (pa_context_connect (self->context, NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) < 0)
    {
      g_debug ("No PulseAudio: %s", pa_strerror (pa_context_errno (self->context)));
      drop_context (self);
      schedule_reconnect (self);
    }
}

static void
parlo_audio_devices_dispose (GObject *object)
{
  ParloAudioDevices *self = PARLO_AUDIO_DEVICES (object);

  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  drop_context (self);
  for (int kind = 0; kind < N_KINDS; kind++)
    {
      g_clear_object (&self->defaults[kind]);
      g_clear_object (&self->lists[kind]);
      g_clear_pointer (&self->by_index[kind], g_hash_table_unref);
    }
  G_OBJECT_CLASS (parlo_audio_devices_parent_class)->dispose (object);
}

static void
parlo_audio_devices_finalize (GObject *object)
{
  ParloAudioDevices *self = PARLO_AUDIO_DEVICES (object);

  for (int kind = 0; kind < N_KINDS; kind++)
    g_free (self->default_names[kind]);
  g_clear_pointer (&self->mainloop, pa_glib_mainloop_free);
  G_OBJECT_CLASS (parlo_audio_devices_parent_class)->finalize (object);
}

static void
parlo_audio_devices_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloAudioDevices *self = PARLO_AUDIO_DEVICES (object);

  switch (prop_id)
    {
    case PROP_CONNECTED: g_value_set_boolean (value, self->connected); break;
    case PROP_DEFAULT_SINK: g_value_set_object (value, self->defaults[PARLO_AUDIO_DEVICE_SINK]); break;
    case PROP_DEFAULT_SOURCE: g_value_set_object (value, self->defaults[PARLO_AUDIO_DEVICE_SOURCE]); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_audio_devices_class_init (ParloAudioDevicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlo_audio_devices_dispose;
  object_class->finalize = parlo_audio_devices_finalize;
  object_class->get_property = parlo_audio_devices_get_property;

  /* The lists are the server's, complete; FALSE while there is no server. */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the server plays to and records from when nobody picks a device;
   * NULL while not known. The default source may be a monitor, which is not listed. */
  properties[PROP_DEFAULT_SINK] =
    g_param_spec_object ("default-sink", NULL, NULL, PARLO_TYPE_AUDIO_DEVICE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFAULT_SOURCE] =
    g_param_spec_object ("default-source", NULL, NULL, PARLO_TYPE_AUDIO_DEVICE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlo_audio_devices_init (ParloAudioDevices *self)
{
  for (int kind = 0; kind < N_KINDS; kind++)
    {
      self->lists[kind] = g_list_store_new (PARLO_TYPE_AUDIO_DEVICE);
      self->by_index[kind] = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
    }
  self->mainloop = pa_glib_mainloop_new (NULL);
}

/* Starts connecting at once; the lists fill in as the server answers. */
ParloAudioDevices *
parlo_audio_devices_new (void)
{
  ParloAudioDevices *self = g_object_new (PARLO_TYPE_AUDIO_DEVICES, NULL);

  connect_to_server (self);
  return self;
}

gboolean
parlo_audio_devices_get_connected (ParloAudioDevices *self)
{
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICES (self), FALSE);
  return self->connected;
}

/* The sinks or the sources (without monitors), sorted by description. */
GListModel *
parlo_audio_devices_get_devices (ParloAudioDevices *self, ParloAudioDeviceKind kind)
{
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICES (self), NULL);
  g_return_val_if_fail (kind < N_KINDS, NULL);
  return G_LIST_MODEL (self->lists[kind]);
}

ParloAudioDevice *
parlo_audio_devices_get_default (ParloAudioDevices *self, ParloAudioDeviceKind kind)
{
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICES (self), NULL);
  g_return_val_if_fail (kind < N_KINDS, NULL);
  return self->defaults[kind];
}

/* The listed device of that name, or NULL. */
ParloAudioDevice *
parlo_audio_devices_find (ParloAudioDevices *self, ParloAudioDeviceKind kind, const char *name)
{
  GListModel *list;

  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICES (self), NULL);
  g_return_val_if_fail (kind < N_KINDS, NULL);

  list = G_LIST_MODEL (self->lists[kind]);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ParloAudioDevice) device = g_list_model_get_item (list, i);

      if (g_strcmp0 (parlo_audio_device_get_name (device), name) == 0)
        return device;
    }
  return NULL;
}
