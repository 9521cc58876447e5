/* parlo-test-notifications.c — a stand-in for the desktop's notification server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "parlo-test.h"
#include "parlo-test-notifications.h"

/* How long GLib may take to read the server's reply to a Notify. */
#define SETTLE_US (G_USEC_PER_SEC / 5)

static const char notification_interface[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

/* Puts notification id, the last one sent, on the screen, and counts how many
 * alike are there now. */
static void
show (ParloTestNotifications *server, guint32 id)
{
  char *key = g_strdup_printf ("%s\n%s", server->summary, server->body);
  GHashTableIter iter;
  gpointer other;
  guint alike = 0;

  g_hash_table_insert (server->on_screen, GUINT_TO_POINTER (id), key);
  g_hash_table_iter_init (&iter, server->on_screen);
  while (g_hash_table_iter_next (&iter, NULL, &other))
    alike += g_str_equal (other, key);
  if (alike > GPOINTER_TO_UINT (g_hash_table_lookup (server->peaks, key)))
    g_hash_table_insert (server->peaks, g_strdup (key), GUINT_TO_POINTER (alike));
}

static void
on_method_call (GDBusConnection *connection, const char *sender, const char *path,
                const char *interface, const char *method, GVariant *parameters,
                GDBusMethodInvocation *invocation, gpointer user_data)
{
  ParloTestNotifications *server = user_data;

  if (g_str_equal (method, "Notify"))
    {
      guint32 replaces = 0;

      g_clear_pointer (&server->summary, g_free);
      g_clear_pointer (&server->body, g_free);
      g_clear_pointer (&server->actions, g_strfreev);
      g_variant_get (parameters, "(&susss^asa{sv}i)", NULL, &replaces, NULL,
                     &server->summary, &server->body, &server->actions, NULL, NULL);
      g_hash_table_remove (server->on_screen, GUINT_TO_POINTER (replaces));
      show (server, ++server->last_id);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", server->last_id));
    }
  else if (g_str_equal (method, "CloseNotification"))
    {
      g_variant_get (parameters, "(u)", &server->closed);
      g_hash_table_remove (server->on_screen, GUINT_TO_POINTER (server->closed));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *capabilities[] = { "actions", "body", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", capabilities));
    }
  else
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "parlo", "1", "1.2"));
}

ParloTestNotifications *
parlo_test_notifications_start (void)
{
  static const GDBusInterfaceVTable vtable = { .method_call = on_method_call };
  ParloTestNotifications *server = g_new0 (ParloTestNotifications, 1);
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (notification_interface, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;

  server->on_screen = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  server->peaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                                         node->interfaces[0], &vtable, server, NULL, &error);
  g_assert_no_error (error);
  server->owner_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                                   G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL, NULL);
  return server;
}

static void
invoke (ParloTestNotifications *server, const char *action_key)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                                 "ActionInvoked", g_variant_new ("(us)", server->last_id, action_key), NULL);
}

void
parlo_test_notifications_press (ParloTestNotifications *server, const char *label)
{
  for (guint i = 0; server->actions[i] != NULL && server->actions[i + 1] != NULL; i += 2)
    if (g_str_equal (server->actions[i + 1], label))
      {
        invoke (server, server->actions[i]);
        return;
      }
  g_error ("The notification has no button %s", label);
}

void
parlo_test_notifications_click (ParloTestNotifications *server)
{
  invoke (server, "default");
}

void
parlo_test_notifications_settle (ParloTestNotifications *server)
{
  gint64 settled = g_get_monotonic_time () + SETTLE_US;

  PARLO_TEST_WAIT_UNTIL (g_get_monotonic_time () > settled);
}

guint
parlo_test_notifications_peak (ParloTestNotifications *server, const char *summary)
{
  g_autofree char *prefix = g_strdup_printf ("%s\n", summary);
  GHashTableIter iter;
  gpointer key, peak;
  guint most = 0;

  g_hash_table_iter_init (&iter, server->peaks);
  while (g_hash_table_iter_next (&iter, &key, &peak))
    if (g_str_has_prefix (key, prefix))
      most = MAX (most, GPOINTER_TO_UINT (peak));
  return most;
}

void
parlo_test_notifications_stop (ParloTestNotifications *server)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_bus_unown_name (server->owner_id);
  g_dbus_connection_unregister_object (bus, server->object_id);
  g_free (server->summary);
  g_free (server->body);
  g_strfreev (server->actions);
  g_hash_table_unref (server->on_screen);
  g_hash_table_unref (server->peaks);
  g_free (server);
}
