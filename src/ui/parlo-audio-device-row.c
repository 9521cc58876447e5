/* parlo-audio-device-row.c — a choice of sink or source, the system default first
 *
 * Offers "System default (what that is now)" and then the devices of one kind,
 * sorted by description, as PulseAudio lists them: a device plugged in while
 * the row shows appears in it. "device" is the choice, a PulseAudio name or ""
 * for the system default, and is meant to be bound to a setting.
 *
 * While the chosen device is missing the row shows the system default, which
 * is what calls use then, but "device" keeps the choice: only the person
 * picking changes it, never the list changing under the selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-audio-device-row.h"
#include "parlo-util.h"

struct _ParloAudioDeviceRow
{
  AdwComboRow           parent_instance;

  ParloAudioDevices    *devices;
  ParloAudioDeviceKind  kind;
  GListModel           *list;      /* the devices' sinks or sources */
  GListStore           *choices;   /* the system default, then the list's devices */
  char                 *device;
  gboolean              showing;   /* the selection moves to show the choice */
};

enum {
  PROP_0,
  PROP_DEVICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloAudioDeviceRow, parlo_audio_device_row, ADW_TYPE_COMBO_ROW)

/* Changes the choices without the selection's moves counting as the person's. */
static void
splice_choices (ParloAudioDeviceRow *self, guint position, guint removed, gpointer *added, guint n_added)
{
  self->showing = TRUE;
  g_list_store_splice (self->choices, position, removed, added, n_added);
  self->showing = FALSE;
}

static void
show_choice (ParloAudioDeviceRow *self)
{
  GListModel *choices = G_LIST_MODEL (self->choices);
  guint position = 0;

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(ParloAudioDevice) choice = g_list_model_get_item (choices, i);

      if (g_strcmp0 (parlo_audio_device_get_name (choice), self->device) == 0)
        {
          position = i;
          break;
        }
    }
  self->showing = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), position);
  self->showing = FALSE;
}

static void
on_devices_changed (ParloAudioDeviceRow *self, guint position, guint removed, guint added)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (devices, g_list_model_get_item (self->list, position + i));
  /* Position 0 holds the system default. */
  splice_choices (self, position + 1, removed, devices->pdata, added);
  show_choice (self);
}

static void
on_default_changed (ParloAudioDeviceRow *self)
{
  ParloAudioDevice *current = parlo_audio_devices_get_default (self->devices, self->kind);
  g_autofree char *label = NULL;
  g_autoptr(ParloAudioDevice) choice = NULL;

  if (current != NULL)
    /* Translators: %s is the device the system uses now, as in “Built-in Audio Analog Stereo” */
    label = g_strdup_printf (_("System default (%s)"), parlo_audio_device_get_description (current));
  else
    label = g_strdup (_("System default"));
  choice = parlo_audio_device_new (self->kind, "", label);
  splice_choices (self, 0, MIN (g_list_model_get_n_items (G_LIST_MODEL (self->choices)), 1),
                  (gpointer *) &choice, 1);
  show_choice (self);
}

static void
on_selected (ParloAudioDeviceRow *self)
{
  ParloAudioDevice *choice = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self));

  if (self->showing || choice == NULL)
    return;
  parlo_audio_device_row_set_device (self, parlo_audio_device_get_name (choice));
}

static void
parlo_audio_device_row_dispose (GObject *object)
{
  ParloAudioDeviceRow *self = PARLO_AUDIO_DEVICE_ROW (object);

  if (self->devices != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->devices, self);
      g_signal_handlers_disconnect_by_data (self->list, self);
    }
  g_clear_object (&self->devices);
  g_clear_object (&self->list);
  G_OBJECT_CLASS (parlo_audio_device_row_parent_class)->dispose (object);
}

static void
parlo_audio_device_row_finalize (GObject *object)
{
  ParloAudioDeviceRow *self = PARLO_AUDIO_DEVICE_ROW (object);

  g_clear_object (&self->choices);
  g_free (self->device);
  G_OBJECT_CLASS (parlo_audio_device_row_parent_class)->finalize (object);
}

static void
parlo_audio_device_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloAudioDeviceRow *self = PARLO_AUDIO_DEVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_DEVICE: g_value_set_string (value, self->device); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_audio_device_row_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ParloAudioDeviceRow *self = PARLO_AUDIO_DEVICE_ROW (object);

  switch (prop_id)
    {
    case PROP_DEVICE: parlo_audio_device_row_set_device (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_audio_device_row_class_init (ParloAudioDeviceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlo_audio_device_row_dispose;
  object_class->finalize = parlo_audio_device_row_finalize;
  object_class->get_property = parlo_audio_device_row_get_property;
  object_class->set_property = parlo_audio_device_row_set_property;

  /* The chosen device's PulseAudio name; "" for the system default. */
  properties[PROP_DEVICE] =
    g_param_spec_string ("device", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlo_audio_device_row_init (ParloAudioDeviceRow *self)
{
  g_autoptr(GtkExpression) description =
    gtk_property_expression_new (PARLO_TYPE_AUDIO_DEVICE, NULL, "description");

  self->device = g_strdup ("");
  self->choices = g_list_store_new (PARLO_TYPE_AUDIO_DEVICE);
  /* Device names are text, never markup; long ones read better below the title. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (self), TRUE);
  adw_combo_row_set_expression (ADW_COMBO_ROW (self), description);
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (self->choices));
  g_signal_connect (self, "notify::selected", G_CALLBACK (on_selected), NULL);
}

/* Offers the devices of that kind; once. */
void
parlo_audio_device_row_set_devices (ParloAudioDeviceRow *self, ParloAudioDevices *devices,
                                    ParloAudioDeviceKind kind)
{
  g_return_if_fail (PARLO_IS_AUDIO_DEVICE_ROW (self));
  g_return_if_fail (PARLO_IS_AUDIO_DEVICES (devices));
  g_return_if_fail (self->devices == NULL);

  self->devices = g_object_ref (devices);
  self->kind = kind;
  self->list = g_object_ref (parlo_audio_devices_get_devices (devices, kind));
  g_signal_connect_swapped (devices, kind == PARLO_AUDIO_DEVICE_SINK ? "notify::default-sink"
                                                                     : "notify::default-source",
                            G_CALLBACK (on_default_changed), self);
  g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (on_devices_changed), self);
  on_default_changed (self);
  on_devices_changed (self, 0, 0, g_list_model_get_n_items (self->list));
}

void
parlo_audio_device_row_set_device (ParloAudioDeviceRow *self, const char *device)
{
  g_return_if_fail (PARLO_IS_AUDIO_DEVICE_ROW (self));

  if (!parlo_set_str (&self->device, device ? device : ""))
    return;
  show_choice (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE]);
}
