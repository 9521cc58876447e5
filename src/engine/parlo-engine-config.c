/* parlo-engine-config.c — writes the private configuration directory of one engine
 *
 * The directory holds baresip's `config` and a `modules/` directory of symlinks:
 * baresip takes a single module path, so the system modules and our bridge module
 * are gathered in one place. Nothing secret is ever written here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-engine"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "parlo-bridge-protocol.h"
#include "parlo-engine-config.h"
#include "parlo-util.h"

/* Audio codecs first in the order they are offered, then network helpers.
 * Media encryption is SRTP with SDES keys. */
static const char * const engine_modules[] = {
  "opus.so", "g722.so", "g711.so",
  "pulse.so",
  "stun.so", "turn.so", "ice.so",
  "srtp.so",
};

/* Linked but not loaded: the bridge loads them when an account needs one.
 * dtls_srtp makes an RSA key and certificate as it loads: 100 to 600 ms
 * measured on two busy cores, which an engine without a DTLS-SRTP account
 * would spend for nothing at every start. */
static const char * const on_demand_modules[] = {
  "dtls_srtp.so",
};

/* An echo peer answers every call and plays each call's audio back into it:
 * echo.so pairs the call's player with its source through aubridge.so. */
static const char * const echo_modules[] = {
  "aubridge.so", "echo.so",
};

struct _ParloEngineConfig
{
  GObject parent_instance;

  char *listen_address;
  char *audio_source;
  char *audio_player;
  char *audio_alert;
  gboolean echo;
  GStrv launcher;
};

G_DEFINE_FINAL_TYPE (ParloEngineConfig, parlo_engine_config, G_TYPE_OBJECT)

static void
parlo_engine_config_finalize (GObject *object)
{
  ParloEngineConfig *self = PARLO_ENGINE_CONFIG (object);

  g_free (self->listen_address);
  g_free (self->audio_source);
  g_free (self->audio_player);
  g_free (self->audio_alert);
  g_strfreev (self->launcher);
  G_OBJECT_CLASS (parlo_engine_config_parent_class)->finalize (object);
}

static void
parlo_engine_config_class_init (ParloEngineConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_engine_config_finalize;
}

static void
parlo_engine_config_init (ParloEngineConfig *self)
{
  self->listen_address = g_strdup ("0.0.0.0:5060");
  /* An empty device name lets PulseAudio use the system default. */
  self->audio_source = g_strdup ("");
  self->audio_player = g_strdup ("");
  self->audio_alert = g_strdup ("");
}

ParloEngineConfig *
parlo_engine_config_new (void)
{
  return g_object_new (PARLO_TYPE_ENGINE_CONFIG, NULL);
}

void
parlo_engine_config_set_listen_address (ParloEngineConfig *self, const char *address)
{
  g_return_if_fail (PARLO_IS_ENGINE_CONFIG (self));
  g_return_if_fail (address != NULL);

  parlo_set_str (&self->listen_address, address);
}

const char *
parlo_engine_config_get_listen_address (ParloEngineConfig *self)
{
  g_return_val_if_fail (PARLO_IS_ENGINE_CONFIG (self), NULL);
  return self->listen_address;
}

static char **
audio_device_slot (ParloEngineConfig *self, const char *role)
{
  if (g_str_equal (role, PARLO_BRIDGE_ROLE_SOURCE))
    return &self->audio_source;
  if (g_str_equal (role, PARLO_BRIDGE_ROLE_PLAYER))
    return &self->audio_player;
  if (g_str_equal (role, PARLO_BRIDGE_ROLE_ALERT))
    return &self->audio_alert;
  g_return_val_if_reached (NULL);
}

const char *
parlo_engine_config_get_audio_device (ParloEngineConfig *self, const char *role)
{
  char **slot;

  g_return_val_if_fail (PARLO_IS_ENGINE_CONFIG (self), NULL);
  slot = audio_device_slot (self, role);
  return slot != NULL ? *slot : NULL;
}

/* role is "source", "player" or "alert"; device is a PulseAudio sink or source
 * name, "" for the system default. */
void
parlo_engine_config_set_audio_device (ParloEngineConfig *self, const char *role, const char *device)
{
  char **slot;

  g_return_if_fail (PARLO_IS_ENGINE_CONFIG (self));
  g_return_if_fail (device != NULL && strpbrk (device, ",\n\r") == NULL);
  slot = audio_device_slot (self, role);
  if (slot != NULL)
    parlo_set_str (slot, device);
}

/* An echo engine sends every call's audio back; its calls use no sound device. */
void
parlo_engine_config_set_echo (ParloEngineConfig *self, gboolean echo)
{
  g_return_if_fail (PARLO_IS_ENGINE_CONFIG (self));
  self->echo = echo;
}

void
parlo_engine_config_set_launcher (ParloEngineConfig *self, const char * const *argv)
{
  g_return_if_fail (PARLO_IS_ENGINE_CONFIG (self));

  g_clear_pointer (&self->launcher, g_strfreev);
  if (argv != NULL && argv[0] != NULL)
    self->launcher = g_strdupv ((char **) argv);
}

/* NULL when the engine runs directly. */
const char * const *
parlo_engine_config_get_launcher (ParloEngineConfig *self)
{
  g_return_val_if_fail (PARLO_IS_ENGINE_CONFIG (self), NULL);
  return (const char * const *) self->launcher;
}

static const char *
bridge_module_dir (void)
{
  /* Lets the build tree and the tests run the module they just built. */
  const char *dir = g_getenv ("PARLO_BRIDGE_MODULE_DIR");

  return dir && *dir ? dir : PARLO_MODULE_DIR;
}

static gboolean
link_module (const char *modules_dir, const char *source_dir, const char *name, GError **error)
{
  g_autofree char *target = g_build_filename (source_dir, name, NULL);
  g_autofree char *link = g_build_filename (modules_dir, name, NULL);

  if (!g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The engine module %s is not installed", target);
      return FALSE;
    }
  g_unlink (link);
  if (symlink (target, link) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not link %s: %s", link, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static char *
config_text (ParloEngineConfig *self, const char *modules_dir, GPtrArray *modules)
{
  GString *text = g_string_new ("# Written by Parlo for its engine; rewritten at every start.\n");

  g_string_append (text, "poll_method\t\tepoll\n");
  g_string_append_printf (text, "sip_listen\t\t%s\n", self->listen_address);
  g_string_append (text, "call_local_timeout\t120\n");
  g_string_append (text, "call_max_calls\t\t8\n");
  /* baresip waits for 5 packets (100 ms) before it plays; 3 keep a
   * person's mouth-to-ear delay near 120 ms on a good network. */
  g_string_append (text, "jitter_buffer_delay\t3-10\n");
  /* Tones are baresip's own sound files. */
  g_string_append_printf (text, "audio_path\t\t%s\n", BARESIP_SHARE_DIR);
  if (self->echo)
    g_string_append (text, "audio_player\t\taubridge,echo\naudio_source\t\taubridge,echo\n");
  else
    {
      g_string_append_printf (text, "audio_player\t\tpulse,%s\n", self->audio_player);
      g_string_append_printf (text, "audio_source\t\tpulse,%s\n", self->audio_source);
    }
  g_string_append_printf (text, "audio_alert\t\tpulse,%s\n", self->audio_alert);
  g_string_append_printf (text, "module_path\t\t%s\n", modules_dir);
  for (guint i = 0; i < modules->len; i++)
    g_string_append_printf (text, "module\t\t\t%s\n", (const char *) modules->pdata[i]);
  g_string_append (text, "module_app\t\tparlo_bridge.so\n");
  return g_string_free (text, FALSE);
}

gboolean
parlo_engine_config_write (ParloEngineConfig *self, const char *directory, GError **error)
{
  g_autofree char *modules_dir = g_build_filename (directory, "modules", NULL);
  g_autofree char *config_path = g_build_filename (directory, "config", NULL);
  g_autoptr(GPtrArray) modules = g_ptr_array_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (PARLO_IS_ENGINE_CONFIG (self), FALSE);

  if (g_mkdir_with_parents (modules_dir, 0700) != 0 || g_chmod (directory, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create the engine directory %s: %s",
                   directory, g_strerror (saved_errno));
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (engine_modules); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (link_module (modules_dir, BARESIP_SYSTEM_MODULE_DIR, engine_modules[i], &local_error))
        g_ptr_array_add (modules, (gpointer) engine_modules[i]);
      else
        g_debug ("Engine runs without %s: %s", engine_modules[i], local_error->message);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (on_demand_modules); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!link_module (modules_dir, BARESIP_SYSTEM_MODULE_DIR, on_demand_modules[i], &local_error))
        g_debug ("Engine runs without %s: %s", on_demand_modules[i], local_error->message);
    }
  for (gsize i = 0; self->echo && i < G_N_ELEMENTS (echo_modules); i++)
    {
      if (!link_module (modules_dir, BARESIP_SYSTEM_MODULE_DIR, echo_modules[i], error))
        return FALSE;
      g_ptr_array_add (modules, (gpointer) echo_modules[i]);
    }
  if (!link_module (modules_dir, bridge_module_dir (), "parlo_bridge.so", error))
    return FALSE;

  text = config_text (self, modules_dir, modules);
  return g_file_set_contents_full (config_path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* A new private directory for one engine, under the user's runtime directory. */
char *
parlo_engine_directory_new (GError **error)
{
  g_autofree char *parent = g_build_filename (g_get_user_runtime_dir (), "parlo", NULL);
  g_autofree char *template = g_build_filename (parent, "engine-XXXXXX", NULL);

  if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdtemp_full (template, 0700) == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not create a directory for the engine in %s: %s",
                   parent, g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&template);
}

/* Removes the engine directory and what baresip may have put in it. */
void
parlo_engine_directory_remove (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        GStatBuf info;

        if (g_lstat (child, &info) == 0 && S_ISDIR (info.st_mode))
          parlo_engine_directory_remove (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}
