/* parlo-audio-device.c — one PulseAudio sink or source, as a person picks it
 *
 * A UI-free value object: the PulseAudio name the engine is given, the
 * description a person reads, and whether the server uses it by default. Only
 * "is-default" changes, through parlo-audio-device-private.h; a device whose
 * description changes is replaced by ParloAudioDevices, which keeps the lists
 * sorted by description.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-audio"

#include "config.h"

#include "parlo-audio-device-private.h"
#include "parlo-audio-enums.h"

struct _ParloAudioDevice
{
  GObject               parent_instance;

  ParloAudioDeviceKind  kind;
  char                 *name;
  char                 *description;
  gboolean              is_default;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_IS_DEFAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloAudioDevice, parlo_audio_device, G_TYPE_OBJECT)

static void
parlo_audio_device_finalize (GObject *object)
{
  ParloAudioDevice *self = PARLO_AUDIO_DEVICE (object);

  g_free (self->name);
  g_free (self->description);
  G_OBJECT_CLASS (parlo_audio_device_parent_class)->finalize (object);
}

static void
parlo_audio_device_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloAudioDevice *self = PARLO_AUDIO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_IS_DEFAULT: g_value_set_boolean (value, self->is_default); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_audio_device_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ParloAudioDevice *self = PARLO_AUDIO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_KIND: self->kind = g_value_get_enum (value); break;
    case PROP_NAME: self->name = g_value_dup_string (value); break;
    case PROP_DESCRIPTION: self->description = g_value_dup_string (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_audio_device_class_init (ParloAudioDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_audio_device_finalize;
  object_class->get_property = parlo_audio_device_get_property;
  object_class->set_property = parlo_audio_device_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PARLO_TYPE_AUDIO_DEVICE_KIND, PARLO_AUDIO_DEVICE_SINK,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* What PulseAudio and the engine call it; "" stands for the system default. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_DEFAULT] =
    g_param_spec_boolean ("is-default", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlo_audio_device_init (ParloAudioDevice *self)
{
}

/* A device without a description is shown by its name. */
ParloAudioDevice *
parlo_audio_device_new (ParloAudioDeviceKind kind, const char *name, const char *description)
{
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (PARLO_TYPE_AUDIO_DEVICE,
                       "kind", kind,
                       "name", name,
                       "description", description != NULL && *description != '\0' ? description : name,
                       NULL);
}

ParloAudioDeviceKind
parlo_audio_device_get_kind (ParloAudioDevice *self)
{
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICE (self), PARLO_AUDIO_DEVICE_SINK);
  return self->kind;
}

const char *
parlo_audio_device_get_name (ParloAudioDevice *self)
{
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICE (self), NULL);
  return self->name;
}

const char *
parlo_audio_device_get_description (ParloAudioDevice *self)
{
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICE (self), NULL);
  return self->description;
}

gboolean
parlo_audio_device_get_is_default (ParloAudioDevice *self)
{
  g_return_val_if_fail (PARLO_IS_AUDIO_DEVICE (self), FALSE);
  return self->is_default;
}

void
parlo_audio_device_set_is_default (ParloAudioDevice *self, gboolean is_default)
{
  g_return_if_fail (PARLO_IS_AUDIO_DEVICE (self));

  if (self->is_default == !!is_default)
    return;
  self->is_default = !!is_default;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DEFAULT]);
}
