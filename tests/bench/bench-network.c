/* Registration and call set-up across the simulated internet of
 * tests/lib/parlo-test-network.h: Parlo engines in two homes behind NAT
 * routers, kamailio and coturn at the provider.
 *
 * Each figure is printed as min/median/max next to its reference from the
 * same run: TLS next to UDP, an ICE call next to the same call without ICE
 * and next to a plain baresip in the same home with the same settings. The
 * callee, a Parlo engine in home B, answers every call at once.
 *
 * Needs root (network namespaces).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "bench-util.h"
#include "parlo-test.h"
#include "parlo-test-audio.h"
#include "parlo-test-certs.h"
#include "parlo-test-network.h"
#include "parlo-test-servers.h"

#define N_REGISTRATIONS 5
#define N_CALLS         5
#define DOMAIN          PARLO_TEST_PROVIDER_NAME
#define STUN_SERVER     "stun:" DOMAIN
#define PASSWORD        "secret"
#define CALLEE_TONE     700
/* baresip 1.0.0 is silent for about 5 s after an ICE call between two homes
 * is answered; a call that stays silent longer counts as without audio. */
#define AUDIO_WITHIN_MS 10000
#define PLAIN_PORT      5070

/* The caller in home A: alice with ICE and STUN, carol with STUN only, and
 * erin, the plain baresip's account. The callee in home B: bob with ICE,
 * dave without. */
static const char * const users[] = {
  "alice", PASSWORD, "bob", PASSWORD, "carol", PASSWORD, "dave", PASSWORD, "erin", PASSWORD, NULL,
};

enum { MOUTH_A, MOUTH_B, EAR_A, EAR_B, N_DEVICES };
static const char * const device_names[] = { "mouth_a", "mouth_b", "ear_a", "ear_b" };

typedef struct {
  ParloTestNetwork  *network;
  ParloTestKamailio *kamailio;
  ParloTestRecorder *heard[N_DEVICES];
  ParloTestPeer     *callee;
} Bench;

static void
print_range (const char *label, GArray *values)
{
  g_print ("%s %.1f/%.1f/%.1f ms", label, bench_percentile (values, 0), bench_median (values),
           bench_percentile (values, 1));
}

static ParloAccount *
add_account (ParloTestPeer *peer, const char *user, ParloTransport transport, gboolean nat, gboolean ice)
{
  g_autofree char *address = g_strdup_printf ("%s@%s", user, DOMAIN);
  ParloTestAccountOptions options = {
    .address = address, .password = PASSWORD, .transport = transport,
    .stun_server = nat ? STUN_SERVER : NULL, .ice = ice,
  };

  return parlo_test_peer_add_account (peer, &options);
}

static void
wait_registered (ParloAccount *account)
{
  PARLO_TEST_WAIT_UNTIL (parlo_account_get_registration_state (account) == PARLO_REGISTRATION_REGISTERED);
}

/* A new engine in home A, so that a TLS account makes a new connection:
 * from adding the account to "registered". */
static double
registration_ms (Bench *bench, ParloTransport transport)
{
  ParloTestPeer *peer = parlo_test_network_peer_new (bench->network, PARLO_TEST_SITE_HOME_A, "alice");
  gint64 start = g_get_monotonic_time ();
  g_autoptr(ParloAccount) account = add_account (peer, "alice", transport, FALSE, FALSE);
  double elapsed;

  wait_registered (account);
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  parlo_test_peer_free (peer);
  return elapsed;
}

static void
bench_registration (Bench *bench)
{
  g_autoptr(GArray) tls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) udp = g_array_new (FALSE, FALSE, sizeof (double));

  /* Interleaved, so that whatever else the machine does weighs on both alike. */
  for (int i = 0; i < N_REGISTRATIONS; i++)
    {
      double ms = registration_ms (bench, PARLO_TRANSPORT_TLS);

      g_array_append_val (tls, ms);
      ms = registration_ms (bench, PARLO_TRANSPORT_UDP);
      g_array_append_val (udp, ms);
    }
  /* Each TLS run made a connection of its own: the handshake is in every figure. */
  g_assert_cmpuint (parlo_test_kamailio_tls_connections (bench->kamailio), ==, N_REGISTRATIONS);
  g_assert_cmpuint (parlo_test_kamailio_count (bench->kamailio, "REGISTER", "udp"), >=, N_REGISTRATIONS);
  g_print ("registration from home A (add account -> registered, new engine each), min/median/max of %d:",
           N_REGISTRATIONS);
  print_range (" TLS", tls);
  print_range (", UDP", udp);
  g_print (", median ratio %.2f\n", bench_median (tls) / bench_median (udp));
}

/* The callee answers at once, as an auto-answering phone would. */
static void
on_callee_state (ParloCall *call, GParamSpec *pspec, ParloTestPeer *callee)
{
  if (parlo_call_get_state (call) != PARLO_CALL_STATE_INCOMING ||
      g_object_get_data (G_OBJECT (call), "bench-answered") != NULL)
    return;
  g_object_set_data (G_OBJECT (call), "bench-answered", GINT_TO_POINTER (TRUE));
  parlo_engine_answer_async (callee->engine, parlo_call_get_account (call), parlo_call_get_id (call),
                             NULL, NULL, NULL);
}

static void
on_callee_calls (GListModel *calls, guint position, guint removed, guint added, ParloTestPeer *callee)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ParloCall) call = g_list_model_get_item (calls, i);

      g_signal_connect (call, "notify::state", G_CALLBACK (on_callee_state), callee);
      on_callee_state (call, NULL, callee);
    }
}

static guint
n_calls (ParloTestPeer *peer)
{
  return g_list_model_get_n_items (G_LIST_MODEL (peer->calls));
}

/* From since, how long until the callee's tone plays in the caller's
 * loudspeaker; -1 if not within AUDIO_WITHIN_MS. */
static double
first_audio_ms (Bench *bench, gint64 since)
{
  gint64 onset = parlo_test_recorder_onset (bench->heard[EAR_A], CALLEE_TONE, since,
                                            since + AUDIO_WITHIN_MS * G_TIME_SPAN_MILLISECOND);

  return onset < 0 ? -1 : (onset - since) / 1000.0;
}

/* Dial -> established as the caller's call model sees it, and established
 * -> the first audio from the callee. */
static void
parlo_call (Bench *bench, ParloTestPeer *caller, const char *aor, const char *uri, double *setup, double *audio)
{
  g_auto(ParloTestResult) result = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  ParloCall *call;
  gint64 start = g_get_monotonic_time ();
  gint64 established;

  parlo_engine_dial_async (caller->engine, aor, uri, NULL, parlo_test_result_ready, &result);
  call_id = parlo_engine_dial_finish (caller->engine, parlo_test_result_wait (&result), &error);
  g_assert_no_error (error);
  call = parlo_call_model_find (caller->calls, aor, call_id);
  PARLO_TEST_WAIT_UNTIL (parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED);
  established = g_get_monotonic_time ();
  *setup = (established - start) / 1000.0;
  *audio = first_audio_ms (bench, established);
  parlo_test_peer_hangup (caller, call, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (caller) == 0 && n_calls (bench->callee) == 0);
}

/* A plain baresip in home A, erin's account with ICE and the same STUN
 * server, the same codecs and the same loudspeaker and microphone. */
static char *
plain_dir (void)
{
  g_autofree char *config = g_strdup_printf (
    "sip_listen %s:%u\n"
    "module_path %s\n"
    "module opus.so\nmodule g722.so\nmodule g711.so\nmodule pulse.so\n"
    "module stun.so\nmodule turn.so\nmodule ice.so\n"
    "module account.so\nmodule menu.so\n"
    "audio_player pulse,ear_a\naudio_source pulse,mouth_a.monitor\naudio_alert pulse,ear_a\n",
    PARLO_TEST_HOME_A_ADDRESS, PLAIN_PORT, BARESIP_SYSTEM_MODULE_DIR);
  /* No registration: the call is placed as soon as baresip is ready, and
   * kamailio challenges its INVITE as it does Parlo's. */
  const char *accounts = "<sip:erin@" DOMAIN ">;auth_pass=" PASSWORD
                         ";medianat=ice;stunserver=" STUN_SERVER ";regint=0\n";

  return bench_baresip_dir_new (config, accounts);
}

/* baresip's own "/dial", from when it says it is ready to its "Call
 * established", and from then to the first audio from the callee. */
static void
plain_call (Bench *bench, const char *directory, double *setup, double *audio)
{
  const char *launcher[] = { "ip", "netns", "exec",
                             parlo_test_network_netns (bench->network, PARLO_TEST_SITE_HOME_A), NULL };
  BenchPlainDial *dial = bench_plain_dial_start (launcher, directory, "sip:bob@" DOMAIN);
  g_autoptr(ParloCall) incoming = NULL;

  *setup = bench_plain_dial_setup_ms (dial);
  *audio = first_audio_ms (bench, bench_plain_dial_established (dial));

  /* The callee hangs up: it does not depend on how baresip ends. */
  incoming = parlo_test_peer_call (bench->callee, 0);
  parlo_test_peer_hangup (bench->callee, incoming, 0);
  PARLO_TEST_WAIT_UNTIL (n_calls (bench->callee) == 0);
  bench_plain_dial_stop (dial);
}

/* Appends the times without audio as misses. */
static void
add_audio (GArray *audio, guint *misses, double ms)
{
  if (ms < 0)
    (*misses)++;
  else
    g_array_append_val (audio, ms);
}

static void
print_audio (const char *label, GArray *audio, guint misses)
{
  if (audio->len > 0)
    print_range (label, audio);
  else
    g_print ("%s none", label);
  if (misses > 0)
    g_print (" (%u of %d calls no audio within %d ms)", misses, N_CALLS, AUDIO_WITHIN_MS);
}

static void
bench_calls (Bench *bench)
{
  ParloTestPeer *caller = parlo_test_network_peer_new (bench->network, PARLO_TEST_SITE_HOME_A, "alice");
  g_autoptr(ParloAccount) alice = add_account (caller, "alice", PARLO_TRANSPORT_UDP, TRUE, TRUE);
  g_autoptr(ParloAccount) carol = add_account (caller, "carol", PARLO_TRANSPORT_UDP, TRUE, FALSE);
  g_autoptr(ParloAccount) bob = add_account (bench->callee, "bob", PARLO_TRANSPORT_UDP, TRUE, TRUE);
  g_autoptr(ParloAccount) dave = add_account (bench->callee, "dave", PARLO_TRANSPORT_UDP, TRUE, FALSE);
  g_autofree char *directory = plain_dir ();
  GArray *setup[3], *audio[3];
  guint misses[3] = { 0, 0, 0 };

  for (int k = 0; k < 3; k++)
    {
      setup[k] = g_array_new (FALSE, FALSE, sizeof (double));
      audio[k] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  parlo_test_peer_use_device (caller, "source", "mouth_a.monitor");
  parlo_test_peer_use_device (caller, "player", "ear_a");
  wait_registered (alice);
  wait_registered (carol);
  wait_registered (bob);
  wait_registered (dave);

  for (int i = 0; i < N_CALLS; i++)
    {
      double ms[3][2];

      parlo_call (bench, caller, parlo_account_get_aor (alice), "sip:bob@" DOMAIN, &ms[0][0], &ms[0][1]);
      parlo_call (bench, caller, parlo_account_get_aor (carol), "sip:dave@" DOMAIN, &ms[1][0], &ms[1][1]);
      plain_call (bench, directory, &ms[2][0], &ms[2][1]);
      for (int k = 0; k < 3; k++)
        {
          g_array_append_val (setup[k], ms[k][0]);
          add_audio (audio[k], &misses[k], ms[k][1]);
        }
    }

  g_print ("call set-up home A -> provider -> home B, both behind NAT, callee answering at once"
           " (dial -> established), min/median/max of %d:", N_CALLS);
  print_range (" Parlo ICE+STUN", setup[0]);
  print_range (", Parlo STUN without ICE", setup[1]);
  print_range (", plain baresip ICE+STUN", setup[2]);
  g_print (", median ratio to plain %.2f, ICE to without %.2f\n", bench_median (setup[0]) / bench_median (setup[2]),
           bench_median (setup[0]) / bench_median (setup[1]));
  g_print ("first audio at the caller (established -> callee's tone in the caller's loudspeaker),"
           " min/median/max of %d:", N_CALLS);
  print_audio (" Parlo ICE+STUN", audio[0], misses[0]);
  print_audio (", Parlo STUN without ICE", audio[1], misses[1]);
  print_audio (", plain baresip ICE+STUN", audio[2], misses[2]);
  g_print ("\n");

  for (int k = 0; k < 3; k++)
    {
      g_array_unref (setup[k]);
      g_array_unref (audio[k]);
    }
  parlo_test_remove_tree (directory);
  parlo_test_peer_free (caller);
}

int
main (int argc, char *argv[])
{
  g_autofree char *runtime_dir = NULL;
  ParloTestKamailioOptions options = {
    .address = PARLO_TEST_PROVIDER_ADDRESS, .port = 5060, .domain = DOMAIN,
    .tls_port = 5061, .nat = TRUE, .users = users,
  };
  const ParloTestCert *cert;
  ParloTestKeyring *keyring;
  ParloTestPulse *pulse;
  ParloTestCerts *certs;
  guint modules[N_DEVICES];
  Bench bench = { NULL };

  if (geteuid () != 0)
    {
      g_print ("network figures skipped: network namespaces need root\n");
      return 0;
    }
  runtime_dir = g_dir_make_tmp ("parlo-bench-XXXXXX", NULL);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  /* Accounts keep their passwords in a keyring: one of the bench's own. */
  keyring = parlo_test_keyring_start ();
  pulse = parlo_test_pulse_start ();

  bench.network = parlo_test_network_new ();
  certs = parlo_test_certs_new ();
  parlo_test_certs_trust (certs);
  cert = parlo_test_certs_issue (certs, PARLO_TEST_CERT_VALID, DOMAIN);
  options.tls_cert_file = cert->cert_file;
  options.tls_key_file = cert->key_file;
  options.netns = parlo_test_network_netns (bench.network, PARLO_TEST_SITE_PROVIDER);
  bench.kamailio = parlo_test_kamailio_start_with (&options);
  parlo_test_network_start_turn (bench.network, "alice", PASSWORD);

  modules[MOUTH_A] = parlo_test_pulse_tone_source ("mouth_a", 1000);
  modules[MOUTH_B] = parlo_test_pulse_tone_source ("mouth_b", CALLEE_TONE);
  modules[EAR_A] = parlo_test_pulse_null_sink ("ear_a");
  modules[EAR_B] = parlo_test_pulse_null_sink ("ear_b");
  for (guint i = 0; i < N_DEVICES; i++)
    {
      g_autofree char *monitor = g_strdup_printf ("%s.monitor", device_names[i]);

      bench.heard[i] = parlo_test_recorder_start (monitor);
    }

  bench_registration (&bench);

  bench.callee = parlo_test_network_peer_new (bench.network, PARLO_TEST_SITE_HOME_B, "bob");
  parlo_test_peer_use_device (bench.callee, "source", "mouth_b.monitor");
  parlo_test_peer_use_device (bench.callee, "player", "ear_b");
  g_signal_connect (bench.callee->calls, "items-changed", G_CALLBACK (on_callee_calls), bench.callee);
  bench_calls (&bench);
  g_signal_handlers_disconnect_by_data (bench.callee->calls, bench.callee);
  parlo_test_peer_free (bench.callee);

  for (guint i = 0; i < N_DEVICES; i++)
    {
      parlo_test_recorder_stop (bench.heard[i]);
      parlo_test_pulse_unload_module (modules[i]);
    }
  parlo_test_kamailio_stop (bench.kamailio);
  parlo_test_network_free (bench.network);
  parlo_test_certs_untrust ();
  parlo_test_certs_free (certs);
  parlo_test_pulse_stop (pulse);
  parlo_test_keyring_stop (keyring);
  parlo_test_remove_tree (runtime_dir);
  return 0;
}
