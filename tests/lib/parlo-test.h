/* parlo-test.h — real peers for the tests: PulseAudio, baresip engines, free ports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "audio/parlo-audio-devices.h"
#include "session/parlo-account-sync.h"
#include "session/parlo-call-actions.h"
#include "session/parlo-call-sync.h"
#include "engine/parlo-engine.h"
#include "model/parlo-call-model.h"
#include "model/parlo-history.h"

G_BEGIN_DECLS

/* How much slower than the plain build the programs run:
 * PARLO_TEST_TIMEOUT_MULTIPLIER, 1 when unset (the sanitized build's run two
 * to three times slower). Bounds on how long something may take grow by it. */
int            parlo_test_slowdown       (void);
/* How long a test waits for something before it fails. */
#define PARLO_TEST_TIMEOUT_SECONDS (20 * parlo_test_slowdown ())

/* What a test program needs around it; a private PulseAudio it always gets. */
typedef enum {
  /* GLib's G_TEST_OPTION_ISOLATE_DIRS; not for GTK, which needs the system's
   * data directories. */
  PARLO_TEST_ISOLATE_DIRS  = 1 << 0,
  PARLO_TEST_RUNTIME_DIR   = 1 << 1,   /* an XDG_RUNTIME_DIR of its own */
  PARLO_TEST_KEYRING       = 1 << 2,   /* a session bus of its own with a keyring */
  PARLO_TEST_AUDIO_DEVICES = 1 << 3,   /* ParloAudioDevices, connected */
  /* Data, config and cache homes of its own, with the system's data
   * directories as they are: for a test that runs the app with GTK. */
  PARLO_TEST_USER_DIRS     = 1 << 4,
} ParloTestNeeds;

/* g_test_init, then what the tests need. GTK is initialised after it, so
 * that it connects to the test's own session bus. */
void               parlo_test_init          (int            *argc,
                                             char         ***argv,
                                             ParloTestNeeds  needs);
/* The test's PulseAudio goes away, as a server that crashed; start brings a
 * new one. */
void               parlo_test_stop_pulse    (void);
void               parlo_test_start_pulse   (void);
/* The devices of PARLO_TEST_AUDIO_DEVICES. */
ParloAudioDevices *parlo_test_audio_devices (void);
/* g_test_run, then stops what parlo_test_init started. */
int                parlo_test_run           (void);

/* A private PulseAudio daemon with one null sink, "parlo_test"; PULSE_SERVER points
 * at it for this process and every engine it starts. */
typedef struct _ParloTestPulse ParloTestPulse;
ParloTestPulse *parlo_test_pulse_start (void);
void            parlo_test_pulse_stop  (ParloTestPulse *pulse);
/* Runs pactl with arguments on that daemon and returns what it printed, stripped:
 * for "load-module …", the module's index. */
char           *parlo_test_pactl       (const char     *arguments);

/* A private D-Bus session bus (DBUS_SESSION_BUS_ADDRESS points at it for this
 * process) with a real gnome-keyring-daemon, its login keyring unlocked. Start
 * it before anything connects to the session bus. */
typedef struct _ParloTestKeyring ParloTestKeyring;
ParloTestKeyring *parlo_test_keyring_start (void);
void              parlo_test_keyring_stop  (ParloTestKeyring *keyring);

/* An engine config that listens on 127.0.0.1:port and plays into the test sink. */
ParloEngineConfig *parlo_test_engine_config (guint16 port);

/* Settings of the app's schema kept in memory, private to the caller. */
GSettings         *parlo_test_settings_new (void);

/* One engine with its account store, whose direct-call account is
 * "sip:USER@127.0.0.1:PORT", and its models. */
typedef struct {
  ParloEngine       *engine;
  ParloAccountStore *accounts;
  ParloAccountSync  *sync;
  ParloCallModel    *calls;
  ParloCallSync     *call_sync;  /* events into calls */
  GListStore        *ended;     /* the calls that ended, the last to end first */
  ParloCallActions  *actions;   /* dialling from the default account */
  char              *aor;
  guint16            port;
} ParloTestPeer;

ParloTestPeer *parlo_test_peer_new       (const char    *user);
ParloTestPeer *parlo_test_peer_new_named (const char    *user,
                                          const char    *display_name);
ParloTestPeer *parlo_test_peer_new_full  (const char    *user,
                                          const char    *display_name,
                                          GSettings     *settings);
/* A peer whose account at the same address encrypts with mediaenc ("srtp",
 * "srtp-mand", …), in place of the app's direct account. */
ParloTestPeer *parlo_test_peer_new_with  (const char    *user,
                                          const char    *display_name,
                                          GSettings     *settings,
                                          const char    *mediaenc);
/* A peer whose engine is started with config and whose direct-call account is
 * direct_aor. */
ParloTestPeer *parlo_test_peer_new_with_config (const char        *direct_aor,
                                                ParloEngineConfig *config,
                                                GSettings         *settings);
void           parlo_test_peer_free      (ParloTestPeer *peer);

/* A server account as a person enters it in the account form. */
typedef struct {
  const char           *address;           /* user@domain */
  const char           *password;
  const char           *server;            /* host[:port]; NULL: the address's domain */
  ParloTransport        transport;
  ParloMediaEncryption  media_encryption;
  const char           *stun_server;       /* "stun:host[:port]"; NULL: none */
  gboolean              ice;
  const char * const   *audio_codecs;      /* NULL: all, in Parlo's order */
} ParloTestAccountOptions;

/* Adds the account to the peer's store, which hands it to the engine; a new
 * reference. */
ParloAccount  *parlo_test_peer_add_account (ParloTestPeer                 *peer,
                                            const ParloTestAccountOptions *options);
void           parlo_test_peer_use_device (ParloTestPeer *peer,
                                           const char    *role,
                                           const char    *device);
/* The peer's call call_id, live or already ended (a new reference); fails the
 * test when there is none. */
ParloCall     *parlo_test_peer_find_call (ParloTestPeer *peer,
                                          const char    *call_id);
/* The same, of the peer's account aor. */
ParloCall     *parlo_test_peer_find_account_call (ParloTestPeer *peer,
                                                  const char    *aor,
                                                  const char    *call_id);
/* The live call at position in the peer's model (a new reference). */
ParloCall     *parlo_test_peer_call      (ParloTestPeer *peer,
                                          guint          position);
char          *parlo_test_peer_dial      (ParloTestPeer *from,
                                          ParloTestPeer *to);
void           parlo_test_peer_answer    (ParloTestPeer *peer,
                                          ParloCall     *call);
void           parlo_test_peer_hangup    (ParloTestPeer *peer,
                                          ParloCall     *call,
                                          guint          code);

/* How a call went, as an engine reports it. */
typedef enum {
  PARLO_TEST_MISSED,         /* incoming; the caller gave up */
  PARLO_TEST_ANSWERED_IN,    /* incoming, answered; the caller hung up */
  PARLO_TEST_ANSWERED_OUT,   /* outgoing, answered; hung up here */
  PARLO_TEST_BUSY,           /* outgoing; 486 Busy Here */
  PARLO_TEST_UNAVAILABLE,    /* outgoing; 503 Service Unavailable */
} ParloTestOutcome;

/* Records one call into history as an engine would report it: its events go
 * through a call model and a recorder, as in the app. Returns its id. */
gint64         parlo_test_record_call    (ParloHistory     *history,
                                          ParloTestOutcome  outcome,
                                          const char       *peer_uri,
                                          const char       *peer_name);

/* A call for parlo_test_record_calls, days_ago days back, that lasted seconds
 * once answered. */
typedef struct {
  ParloTestOutcome  outcome;
  const char       *peer_uri;
  const char       *peer_name;
  guint             days_ago;
  guint             seconds;
} ParloTestCall;

/* Records calls, oldest first, into the history file at path, then moves them
 * back in time by writing the file directly: nothing else can put a call in
 * the past. Open the history after this, not before. */
void           parlo_test_record_calls   (const char          *path,
                                          const ParloTestCall *calls,
                                          guint                n_calls);

/* A UDP and TCP port, and the next one (baresip's TLS), that nobody uses now. */
guint16        parlo_test_free_port      (void);

/* For g_subprocess_launcher_set_child_setup: the child dies with the test. */
void           parlo_test_die_with_parent (gpointer      user_data);

/* A new IPv4 socket of type in the network namespace netns (a name of `ip
 * netns`), or in this process's own when netns is NULL. */
GSocket       *parlo_test_socket_new_in  (const char    *netns,
                                          GSocketType    type);

/* Deletes directory and everything in it. */
void           parlo_test_remove_tree    (const char    *directory);

/* One turn of the main loop, waiting at most 10 ms for something to happen. */
void           parlo_test_iterate        (void);
/* Turns of the main loop for milliseconds. */
void           parlo_test_run_for        (guint          milliseconds);

#define PARLO_TEST_WAIT_UNTIL(condition)                                        \
  G_STMT_START {                                                                \
    gint64 parlo_deadline_ = g_get_monotonic_time () +                          \
      PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;                              \
    while (!(condition))                                                        \
      {                                                                         \
        if (g_get_monotonic_time () > parlo_deadline_)                          \
          g_error ("Timed out waiting for: %s", #condition);                    \
        parlo_test_iterate ();                                                  \
      }                                                                         \
  } G_STMT_END

/* Collects the result of one async call: pass parlo_test_result_ready and &result. */
typedef struct {
  GAsyncResult *result;
} ParloTestResult;

void          parlo_test_result_ready (GObject *source, GAsyncResult *result, gpointer user_data);
GAsyncResult *parlo_test_result_wait  (ParloTestResult *result);
void          parlo_test_result_clear (ParloTestResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ParloTestResult, parlo_test_result_clear)

/* The password the keyring holds for account, or NULL; waited for. */
char         *parlo_test_password_of (ParloAccountStore *accounts,
                                      ParloAccount      *account);

/* Waits for a command started with parlo_test_result_ready and asserts it succeeded. */
void          parlo_test_command_succeeds (ParloEngine *engine, ParloTestResult *result);

/* The engine's answer to a command, waited for. */
JsonObject   *parlo_test_request (ParloEngine *engine,
                                  const char  *command,
                                  JsonObject  *arguments,
                                  GError     **error);
/* What engine.status says of the engine's account aor; NULL if it has none. */
JsonObject   *parlo_test_engine_account_status (ParloEngine *engine,
                                                const char  *aor);

G_END_DECLS
