/* load-fixture.h — the real Parlo under load: calls in a row and floods of
 * INVITEs, with what its processes hold measured between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "parlo-test-desktop.h"
#include "parlo-test-notifications.h"
#include "parlo-test-process.h"
#include "parlo-test-servers.h"

G_BEGIN_DECLS

/* Target of the soak: RSS may grow at most this much after the first calls. */
#define LOAD_SOAK_GROWTH_KIB 2048
#define LOAD_SOAK_WARM_CALLS 50
/* Target of the flood: RSS back within this of the baseline, this long after. */
#define LOAD_FLOOD_RSS_KIB   2048
#define LOAD_FLOOD_SETTLE_MS 10000
/* Target of the flood: the main loop answers within this. */
#define LOAD_FLOOD_LATENCY_MS 50.0
#define LOAD_PROBE_INTERVAL_MS 100

/* What the app and its engine hold at one moment. */
typedef struct {
  gint64 app_rss_kib;
  gint64 engine_rss_kib;
  gint   app_fds;
  gint   engine_fds;
} LoadSample;

/* The accounts of the app. With a server account it runs on in the
 * background with its window closed, as a person leaves it. */
typedef enum {
  LOAD_DIRECT_CALLS,   /* Direct calls alone; the peer calls its address */
  LOAD_BACKGROUND,     /* and alice@parlo.test at a sipp registrar */
  LOAD_SERVER_ONLY,    /* alice@parlo.test alone, at kamailio on LOAD_SERVER_ADDRESS
                        * (not a scanner's 127.0.0.1), Direct calls off; the peer
                        * calls her there as bob */
} LoadAccounts;

#define LOAD_SERVER_ADDRESS "127.0.0.2"

/* The real program (start the test with parlo_test_desktop_home, before
 * parlo_test_init), its engine, and a peer engine in this process. The app
 * speaks a 440 Hz tone (a PulseAudio null sink with a sine) and the peer's
 * loudspeaker is recorded. */
typedef struct {
  ParloTestApp       *app;
  GPid                app_pid;
  GPid                engine_pid;
  ParloTestPeer      *peer;
  ParloTestRegistrar *registrar;
  ParloTestKamailio  *kamailio;
  ParloTestRecorder  *peer_ear;
  guint               modules[3];
  guint               calls;       /* soak calls made */
  char               *caller;      /* the peer's account that calls the app */
  char               *callee;      /* and the address it calls */
  char               *flood_user;  /* the user of the flood's request URI */
} LoadFixture;

void       load_fixture_set_up    (LoadFixture *fixture,
                                   LoadAccounts accounts);
void       load_fixture_tear_down (LoadFixture *fixture);
LoadSample load_fixture_sample    (LoadFixture *fixture);
/* Samples until both processes hold as many files open as in idle (TRUE), or
 * the tests' timeout has passed (FALSE); sample is the last reading. */
gboolean   load_fixture_settle_fds (LoadFixture      *fixture,
                                    const LoadSample *idle,
                                    LoadSample       *sample);

/* One soak call: the app dials the peer through its "dial" action, the peer
 * answers, the peer hears the app's tone and 1 s more of it, the peer hangs up. */
void       load_soak_call         (LoadFixture *fixture);

/* How many calls the app's history holds whose peer address starts with
 * prefix (NULL: all), read from its file as another program would. */
guint      load_history_count     (const char  *prefix);

/* A flood of INVITEs at the app's engine port from sipp, one UDP socket (and
 * source port) per call, rate a second, n_calls in all. Each INVITE that rings
 * is cancelled after ring_ms; refused ones are acknowledged. The request URI
 * is sip:USER@127.0.0.1:PORT. */
typedef struct {
  guint ringing;     /* 180 Ringing received: calls the person got */
  guint refused;     /* 486 or 503: no call slot */
  guint forbidden;   /* 403 */
  gboolean failed;   /* some calls did not end as scripted (sipp's status) */
} LoadFlood;

typedef struct _LoadFlooder LoadFlooder;

LoadFlooder *load_flood_start (guint16      port,
                               const char  *user,
                               guint        rate,
                               guint        n_calls,
                               guint        ring_ms);
/* Whether sipp still runs. */
gboolean     load_flood_running (LoadFlooder *flooder);
/* Waits for sipp to end (it is bounded by n_calls and a timeout) and reads its
 * counts. */
LoadFlood    load_flood_finish (LoadFlooder *flooder);

/* A flood at the app's flood_user, with its window closed (set the fixture up
 * with a server account), and around it: a real caller from the peer a third
 * of the way in, which tries until it rings (busy while the flood holds every call
 * slot) and then hangs up; the main loop's latency probed throughout; RSS and
 * open files before (after one real call), and LOAD_FLOOD_SETTLE_MS after. */
typedef struct {
  LoadFlood   flood;
  GArray     *latencies;           /* ms, of org.gtk.Actions.List; free it */
  guint       real_caller_tries;
  guint       flood_history;       /* calls the history got from the flood */
  guint       real_caller_history; /* and from the real caller */
  guint       notifications;       /* sent to the desktop during the flood */
  LoadSample  before;
  LoadSample  after;
} LoadFloodRun;

void         load_flood_run    (LoadFixture            *fixture,
                                ParloTestNotifications *notifications,
                                guint                   rate,
                                guint                   n_calls,
                                guint                   ring_ms,
                                LoadFloodRun           *run);

/* The caller's address in the history, as the flood's From gives it. */
#define LOAD_FLOOD_CALLER "sip:flood@127.0.0.1"

G_END_DECLS
