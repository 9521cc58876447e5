/* parlo-background-keeper.c — keeps Parlo running without a window while it has calls to take
 *
 * Closing the window does not stop Parlo while it can be called through an
 * account or a call goes on, and the person lets it run in the background: it
 * holds the application. Otherwise Parlo ends as GTK apps do when their last
 * window closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo"

#include "config.h"

#include <glib/gi18n.h>

#include "parlo-background-keeper.h"
#include "parlo-window.h"

struct _ParloBackgroundKeeper
{
  GObject            parent_instance;

  GtkApplication    *application;   /* weak: it owns us */
  GSettings         *settings;
  ParloAccountStore *accounts;
  ParloCallModel    *calls;
  gboolean           needed;
  gboolean           portal_asked;
};

enum {
  PROP_0,
  PROP_NEEDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ParloBackgroundKeeper, parlo_background_keeper, G_TYPE_OBJECT)

static gboolean
has_main_window (ParloBackgroundKeeper *self)
{
  for (GList *l = gtk_application_get_windows (self->application); l != NULL; l = l->next)
    if (PARLO_IS_WINDOW (l->data))
      return TRUE;
  return FALSE;
}

/* Whether Parlo has something to do without a window: calls to take through an
 * account, or a call going on. Direct calls alone do not count: they are on
 * unless turned off, and would keep every Parlo running for good. */
static gboolean
has_work (ParloBackgroundKeeper *self)
{
  GListModel *accounts = G_LIST_MODEL (self->accounts);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->calls)) > 0)
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(ParloAccount) account = g_list_model_get_item (accounts, i);

      if (!parlo_account_is_direct (account) && parlo_account_get_enabled (account))
        return TRUE;
    }
  return FALSE;
}

static void
on_portal_answered (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    g_debug ("Could not ask the background portal to let Parlo run: %s", error->message);
}

/* A sandbox may stop an app that runs without a window unless the Background
 * portal let it; outside one nothing does. So it is asked only in a sandbox,
 * once a run, and whatever it answers Parlo goes on as before. */
static void
ask_portal (ParloBackgroundKeeper *self)
{
  GDBusConnection *bus;
  GVariantBuilder options;

  if (self->portal_asked || !g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;
  self->portal_asked = TRUE;
  bus = g_application_get_dbus_connection (G_APPLICATION (self->application));
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Parlo keeps running to take calls")));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_portal_answered, NULL);
}

void
parlo_background_keeper_update (ParloBackgroundKeeper *self)
{
  gboolean needed;

  g_return_if_fail (PARLO_IS_BACKGROUND_KEEPER (self));

  /* Once Parlo has quit, windows that close keep nothing running. */
  if (self->application == NULL || !g_application_get_is_registered (G_APPLICATION (self->application)))
    return;
  needed = !has_main_window (self) &&
           g_settings_get_boolean (self->settings, "run-in-background") &&
           has_work (self);
  if (needed == self->needed)
    return;
  self->needed = needed;
  if (needed)
    {
      g_debug ("Running in the background");
      g_application_hold (G_APPLICATION (self->application));
      ask_portal (self);
    }
  else
    {
      g_application_release (G_APPLICATION (self->application));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDED]);
}


static void
parlo_background_keeper_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloBackgroundKeeper *self = PARLO_BACKGROUND_KEEPER (object);

  switch (prop_id)
    {
    case PROP_NEEDED:
      g_value_set_boolean (value, self->needed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_background_keeper_dispose (GObject *object)
{
  ParloBackgroundKeeper *self = PARLO_BACKGROUND_KEEPER (object);

  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->calls);
  g_clear_object (&self->accounts);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (parlo_background_keeper_parent_class)->dispose (object);
}

static void
parlo_background_keeper_class_init (ParloBackgroundKeeperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = parlo_background_keeper_get_property;
  object_class->dispose = parlo_background_keeper_dispose;

  properties[PROP_NEEDED] =
    g_param_spec_boolean ("needed", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlo_background_keeper_init (ParloBackgroundKeeper *self)
{
}

ParloBackgroundKeeper *
parlo_background_keeper_new (GtkApplication    *application,
                             GSettings         *settings,
                             ParloAccountStore *accounts,
                             ParloCallModel    *calls)
{
  ParloBackgroundKeeper *self = g_object_new (PARLO_TYPE_BACKGROUND_KEEPER, NULL);

  g_set_weak_pointer (&self->application, application);
  self->settings = g_object_ref (settings);
  self->accounts = g_object_ref (accounts);
  self->calls = g_object_ref (calls);
  /* A call that ends without a window may leave nothing to stay for. */
  g_signal_connect_object (calls, "items-changed", G_CALLBACK (parlo_background_keeper_update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::run-in-background", G_CALLBACK (parlo_background_keeper_update),
                           self, G_CONNECT_SWAPPED);
  return self;
}
