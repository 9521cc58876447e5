/* parlo-test-desktop.h — Parlo as the desktop reaches it: the handler for links,
 * commands run while a Parlo answers them, and the real program in a process
 * of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "parlo-test.h"
#include "parlo-test-servers.h"

G_BEGIN_DECLS

#define PARLO_TEST_APP_ID   "io.github.parlo.Parlo"
#define PARLO_TEST_APP_PATH "/io/github/parlo/Parlo"

/* The parlo program under test (PARLO_APP). */
const char  *parlo_test_desktop_program         (void);

/* Gives this process, and what it starts, XDG data, config, cache and runtime
 * directories of their own in a new directory, which is returned. */
char        *parlo_test_desktop_home            (void);

/* Makes Parlo the handler of sip:, sips:, tel: and callto: links for this
 * user, as a distribution and a person do: its desktop entry in
 * XDG_DATA_HOME/applications with the MIME cache update-desktop-database
 * makes, and the defaults in XDG_CONFIG_HOME/mimeapps.list. With
 * dbus_activatable the desktop opens links over D-Bus, otherwise it runs
 * "parlo %U". */
void         parlo_test_desktop_install_handler (gboolean             dbus_activatable);

/* Runs argv to its end while the main loop goes on (the Parlo it talks to may
 * be this process), and returns its exit status; out and err, unless NULL,
 * get what it printed. */
int          parlo_test_desktop_run             (const char * const  *argv,
                                                 char               **out,
                                                 char               **err);

/* Whether a Parlo owns its name on the session bus. */
gboolean     parlo_test_desktop_app_on_bus      (void);
/* The process that owns it. */
GPid         parlo_test_desktop_app_pid         (void);

/* Whether process pid shows a window on the X display (Xvfb's; there is no
 * window manager). */
gboolean     parlo_test_desktop_window_shown    (GPid                 pid);
/* Asks the window of pid to close, as a window manager does when the person
 * clicks its close button. */
void         parlo_test_desktop_close_window    (GPid                 pid);

/* The settings a Parlo started by parlo_test_app_start reads: GLib's key file
 * in XDG_CONFIG_HOME. */
GSettings   *parlo_test_app_settings            (void);
/* A server account in settings, its password in the keyring, as the app's
 * account form adds one. */
void         parlo_test_app_add_account         (GSettings           *settings,
                                                 const char          *address,
                                                 const char          *server,
                                                 const char          *password);
/* A sipp registrar on a port of its own that knows alice with password, and her
 * account (alice@parlo.test) at it in settings, its password in the keyring, as
 * the app's account form adds one. */
ParloTestRegistrar *parlo_test_app_add_alice    (GSettings           *settings,
                                                 const char          *password);

/* The real program, started with the settings above, listening for SIP on
 * 127.0.0.1:port, on this process's session bus; returned once it owns its
 * name there and its engine listens. It dies with the test. */
typedef struct {
  GSubprocess *process;
  guint16      port;
  char        *aor;     /* its address for direct calls */
} ParloTestApp;

ParloTestApp *parlo_test_app_start              (void);
/* peer calls to once from its account from; returns the call once it rings
 * or has ended. */
ParloCall    *parlo_test_app_try_call           (ParloTestPeer       *peer,
                                                 const char          *from,
                                                 const char          *to);
/* The same, until it rings there (within the tests' timeout): the app takes
 * calls once its engine has the account. */
ParloCall    *parlo_test_app_ring_at            (ParloTestPeer       *peer,
                                                 const char          *from,
                                                 const char          *to);
/* peer calls the app's direct-calls address from its own until it rings. */
ParloCall    *parlo_test_app_ring               (ParloTestPeer       *peer,
                                                 ParloTestApp        *app);
GPid          parlo_test_app_pid                (ParloTestApp        *app);
/* Whether it ended by itself within the tests' timeout; killed if not. */
gboolean      parlo_test_app_ends               (ParloTestApp        *app);
/* Activates one of its actions over D-Bus (org.gtk.Actions), with parameter
 * or none, as a link or the command line does; whether the app took it. */
gboolean      parlo_test_app_activate           (const char          *action,
                                                 GVariant            *parameter,
                                                 GError             **error);
/* Quits it as --quit does if it still runs, and fails the test unless it
 * quits cleanly; kills it if it is no longer on the bus. */
void          parlo_test_app_free               (ParloTestApp        *app);

G_END_DECLS
