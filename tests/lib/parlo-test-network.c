/* parlo-test-network.c — a simulated internet in network namespaces
 *
 * Every link is made from inside the namespaces it joins (`ip -n NS link add
 * … peer … netns OTHER`), so no interface ever appears in this machine's own
 * namespace, and no namespace has a route but to its neighbours.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "parlo-test-network.h"

#define STOP_TIMEOUT_SECONDS 5
#define TURN_PORT "3478"
#define HUB 0   /* the namespace of the internet's bridge, after the sites */

/* A daemon the network runs, and the file its output goes to. */
typedef struct {
  GSubprocess *process;
  char        *log;
  gboolean     exited;
} Daemon;

typedef struct {
  ParloTestSite  router;
  char          *match;
} DropRule;

struct _ParloTestNetwork
{
  char      *netns[PARLO_TEST_N_SITES + 1];   /* the sites, then the hub */
  char      *directory;
  Daemon     dns;
  Daemon     turn;
  GPtrArray *drops;                           /* of DropRule, NULL once undone */
};

static const char * const site_suffix[] = { "prov", "ra", "rb", "a", "b", "net" };

static const char *
hub (ParloTestNetwork *network)
{
  return network->netns[PARLO_TEST_N_SITES + HUB];
}

/* Runs argv and returns its output; the test fails if it fails, unless
 * may_fail. */
static char *
run (const char * const *argv, gboolean may_fail)
{
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &output, &errors,
                &status, &error);
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (status, NULL) || may_fail)
    return g_steal_pointer (&output);
  command = g_strjoinv (" ", (char **) argv);
  g_error ("%s failed:\n%s", command, errors);
}

/* Runs a command line made of words; none of them holds a blank. */
static void
run_words (gboolean may_fail, const char *format, ...) G_GNUC_PRINTF (2, 3);
static void
run_words (gboolean may_fail, const char *format, ...)
{
  g_autofree char *line = NULL;
  g_auto(GStrv) argv = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  argv = g_strsplit_set (line, " ", -1);
  g_free (run ((const char * const *) argv, may_fail));
}

/* argv run by `ip netns exec` in site's namespace, NULL-terminated. */
static GPtrArray *
in_netns (ParloTestNetwork *network, ParloTestSite site, const char * const *argv)
{
  GPtrArray *full = g_ptr_array_new ();

  g_ptr_array_add (full, (char *) "ip");
  g_ptr_array_add (full, (char *) "netns");
  g_ptr_array_add (full, (char *) "exec");
  g_ptr_array_add (full, network->netns[site]);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);
  return full;
}

const char *
parlo_test_network_netns (ParloTestNetwork *network, ParloTestSite site)
{
  g_return_val_if_fail (site < PARLO_TEST_N_SITES, NULL);
  return network->netns[site];
}

static void
remove_resolv_conf (const char *netns)
{
  g_autofree char *directory = g_build_filename ("/etc/netns", netns, NULL);
  g_autofree char *file = g_build_filename (directory, "resolv.conf", NULL);

  g_unlink (file);
  g_rmdir (directory);
}

/* Kills what still runs in netns and removes it. */
static void
remove_netns (const char *netns)
{
  const char * const pids[] = { "ip", "netns", "pids", netns, NULL };
  g_autofree char *output = run (pids, TRUE);
  g_auto(GStrv) lines = g_strsplit (output != NULL ? output : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (atoi (lines[i]) > 0)
      kill (atoi (lines[i]), SIGKILL);
  run_words (TRUE, "ip netns delete %s", netns);
  remove_resolv_conf (netns);
}

/* Namespaces of earlier test processes that died before they removed theirs. */
static void
remove_stale (void)
{
  const char * const list[] = { "ip", "netns", "list", NULL };
  g_autofree char *output = run (list, TRUE);
  g_auto(GStrv) lines = g_strsplit (output != NULL ? output : "", "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = g_strndup (lines[i], strcspn (lines[i], " "));
      g_autofree char *proc = NULL;
      int pid;

      if (sscanf (name, "parlo%d-", &pid) != 1 || pid <= 0)
        continue;
      proc = g_strdup_printf ("/proc/%d", pid);
      if (pid != getpid () && !g_file_test (proc, G_FILE_TEST_EXISTS))
        remove_netns (name);
    }
}

/* A veth pair: name in site's namespace, peer in other's. */
static void
link_pair (const char *netns, const char *name, const char *other, const char *peer)
{
  run_words (FALSE, "ip -n %s link add %s type veth peer name %s netns %s", netns, name, peer, other);
  run_words (FALSE, "ip -n %s link set %s up", netns, name);
  run_words (FALSE, "ip -n %s link set %s up", other, peer);
}

static void
add_address (const char *netns, const char *device, const char *address)
{
  run_words (FALSE, "ip -n %s addr add %s dev %s", netns, address, device);
}

/* A router: the internet on wan, a home on lan, NAT between them. */
static void
make_router (ParloTestNetwork *network, ParloTestSite router, ParloTestSite home, const char *wan,
             const char *lan_net)
{
  const char *netns = network->netns[router];
  g_autofree char *lan = g_strdup_printf ("%s.1/24", lan_net);
  g_autofree char *host = g_strdup_printf ("%s.10/24", lan_net);
  g_autofree char *gateway = g_strdup_printf ("%s.1", lan_net);

  link_pair (netns, PARLO_TEST_WAN, hub (network), site_suffix[router]);
  run_words (FALSE, "ip -n %s link set %s master bridge0", hub (network), site_suffix[router]);
  add_address (netns, PARLO_TEST_WAN, wan);
  link_pair (network->netns[home], "eth0", netns, "lan");
  add_address (netns, "lan", lan);
  add_address (network->netns[home], "eth0", host);
  run_words (FALSE, "ip -n %s route add default via %s", network->netns[home], gateway);
  run_words (FALSE, "ip netns exec %s sysctl -q -w net.ipv4.ip_forward=1", netns);
  /* As a home router does, nothing from outside reaches the router itself.
   * Dropped before conntrack confirms it, a peer's packet that comes before
   * our own first one leaves no mapping behind that would make the NAT pick
   * another port for our packets to that peer. */
  run_words (FALSE, "ip netns exec %s iptables -A INPUT -i %s -m conntrack ! --ctstate ESTABLISHED,RELATED -j DROP",
             netns, PARLO_TEST_WAN);
  parlo_test_network_set_symmetric_nat (network, router, FALSE);
}

static void
make_topology (ParloTestNetwork *network)
{
  const char *provider = network->netns[PARLO_TEST_SITE_PROVIDER];

  for (guint i = 0; i <= PARLO_TEST_N_SITES; i++)
    {
      run_words (FALSE, "ip netns add %s", network->netns[i]);
      run_words (FALSE, "ip -n %s link set lo up", network->netns[i]);
      /* IPv4 only: no link-local IPv6 addresses among the engines' candidates. */
      run_words (FALSE, "ip netns exec %s sysctl -q -w net.ipv6.conf.all.disable_ipv6=1", network->netns[i]);
    }
  run_words (FALSE, "ip -n %s link add bridge0 type bridge", hub (network));
  run_words (FALSE, "ip -n %s link set bridge0 up", hub (network));
  link_pair (provider, "eth0", hub (network), site_suffix[PARLO_TEST_SITE_PROVIDER]);
  run_words (FALSE, "ip -n %s link set %s master bridge0", hub (network), site_suffix[PARLO_TEST_SITE_PROVIDER]);
  add_address (provider, "eth0", PARLO_TEST_PROVIDER_ADDRESS "/24");
  add_address (provider, "eth0", PARLO_TEST_PROVIDER2_ADDRESS "/24");
  make_router (network, PARLO_TEST_SITE_ROUTER_A, PARLO_TEST_SITE_HOME_A, PARLO_TEST_ROUTER_A_ADDRESS "/24", "192.168.1");
  make_router (network, PARLO_TEST_SITE_ROUTER_B, PARLO_TEST_SITE_HOME_B, PARLO_TEST_ROUTER_B_ADDRESS "/24", "192.168.2");
}

static void
daemon_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Daemon *daemon = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  daemon->exited = TRUE;
}

/* Runs argv in site's namespace, its output into DIRECTORY/name.log. */
static void
daemon_start (ParloTestNetwork *network, Daemon *daemon, ParloTestSite site, const char *name,
              const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GPtrArray) full = in_netns (network, site, argv);
  g_autofree char *file = g_strdup_printf ("%s.log", name);
  g_autoptr(GError) error = NULL;

  daemon->log = g_build_filename (network->directory, file, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, daemon->log);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  daemon->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) full->pdata, &error);
  if (daemon->process == NULL)
    g_error ("Cannot start %s: %s", name, error->message);
  g_subprocess_wait_async (daemon->process, NULL, daemon_exited, daemon);
}

static char *
daemon_output (Daemon *daemon)
{
  char *output = NULL;

  if (daemon->log == NULL || !g_file_get_contents (daemon->log, &output, NULL, NULL))
    return g_strdup ("");
  return output;
}

/* Waits until the daemon's output holds text; the test fails if it exits or
 * takes too long. */
static void
daemon_wait_for (Daemon *daemon, const char *text)
{
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  for (;;)
    {
      g_autofree char *output = daemon_output (daemon);

      if (strstr (output, text) != NULL)
        return;
      if (daemon->exited || g_get_monotonic_time () > deadline)
        g_error ("%s did not say \"%s\":\n%s", daemon->log, text, output);
      parlo_test_iterate ();
    }
}

static void
daemon_stop (Daemon *daemon)
{
  gint64 deadline = g_get_monotonic_time () + STOP_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  if (daemon->process == NULL)
    return;
  if (!daemon->exited)
    g_subprocess_send_signal (daemon->process, SIGTERM);
  while (!daemon->exited && g_get_monotonic_time () < deadline)
    parlo_test_iterate ();
  if (!daemon->exited)
    g_subprocess_force_exit (daemon->process);
  while (!daemon->exited)
    parlo_test_iterate ();
  g_clear_object (&daemon->process);
  g_clear_pointer (&daemon->log, g_free);
}

/* dnsmasq in the provider's namespace knows the test's names and nothing
 * else (no upstream, no /etc/hosts); every namespace asks it. */
static void
start_dns (ParloTestNetwork *network)
{
  g_autofree char *pid_file = g_build_filename (network->directory, "dnsmasq.pid", NULL);
  g_autofree char *pid_option = g_strdup_printf ("--pid-file=%s", pid_file);
  const char * const argv[] = {
    "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
    "--bind-interfaces", "--listen-address=" PARLO_TEST_PROVIDER_ADDRESS, "--port=53",
    "--user=root", "--log-facility=-", "--log-queries", pid_option, "--local=/example.test/",
    "--host-record=" PARLO_TEST_PROVIDER_NAME "," PARLO_TEST_PROVIDER_ADDRESS,
    "--host-record=" PARLO_TEST_PROVIDER2_NAME "," PARLO_TEST_PROVIDER2_ADDRESS,
    "--host-record=" PARLO_TEST_ROUTER_B_NAME "," PARLO_TEST_ROUTER_B_ADDRESS,
    NULL
  };

  for (guint i = 0; i <= PARLO_TEST_N_SITES; i++)
    {
      g_autofree char *directory = g_build_filename ("/etc/netns", network->netns[i], NULL);
      g_autofree char *file = g_build_filename (directory, "resolv.conf", NULL);
      g_autoptr(GError) error = NULL;

      g_mkdir_with_parents (directory, 0755);
      g_file_set_contents (file, "nameserver " PARLO_TEST_PROVIDER_ADDRESS "\n", -1, &error);
      g_assert_no_error (error);
    }
  daemon_start (network, &network->dns, PARLO_TEST_SITE_PROVIDER, "dnsmasq", argv);
  daemon_wait_for (&network->dns, "started, version");
}

ParloTestNetwork *
parlo_test_network_new (void)
{
  ParloTestNetwork *network = g_new0 (ParloTestNetwork, 1);
  g_autoptr(GError) error = NULL;

  remove_stale ();
  for (guint i = 0; i <= PARLO_TEST_N_SITES; i++)
    network->netns[i] = g_strdup_printf ("parlo%d-%s", getpid (), site_suffix[i]);
  network->directory = g_dir_make_tmp ("parlo-network-XXXXXX", &error);
  g_assert_no_error (error);
  network->drops = g_ptr_array_new ();
  make_topology (network);
  start_dns (network);
  return network;
}

static void
drop_rule_free (DropRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->match);
  g_free (rule);
}

void
parlo_test_network_free (ParloTestNetwork *network)
{
  if (network == NULL)
    return;
  daemon_stop (&network->turn);
  daemon_stop (&network->dns);
  for (guint i = 0; i <= PARLO_TEST_N_SITES; i++)
    {
      remove_netns (network->netns[i]);
      g_free (network->netns[i]);
    }
  g_ptr_array_foreach (network->drops, (GFunc) (void (*) (void)) drop_rule_free, NULL);
  g_ptr_array_unref (network->drops);
  parlo_test_remove_tree (network->directory);
  g_free (network->directory);
  g_free (network);
}

static void
check_router (ParloTestSite router)
{
  if (router != PARLO_TEST_SITE_ROUTER_A && router != PARLO_TEST_SITE_ROUTER_B)
    g_error ("Site %d is not a router", router);
}

void
parlo_test_network_set_symmetric_nat (ParloTestNetwork *network, ParloTestSite router, gboolean symmetric)
{
  const char *netns = network->netns[router];

  check_router (router);
  run_words (FALSE, "ip netns exec %s iptables -t nat -F POSTROUTING", netns);
  run_words (FALSE, "ip netns exec %s iptables -t nat -A POSTROUTING -o %s -j MASQUERADE%s", netns,
             PARLO_TEST_WAN, symmetric ? " --random-fully" : "");
}

/* conntrack's sysctls are per network namespace; they exist once the NAT
 * rule made the namespace track connections. */
void
parlo_test_network_set_udp_timeout (ParloTestNetwork *network, ParloTestSite router, guint seconds)
{
  const char *netns = network->netns[router];
  /* The kernel's defaults. */
  guint single = seconds != 0 ? seconds : 30;
  guint stream = seconds != 0 ? seconds : 120;

  check_router (router);
  run_words (FALSE, "ip netns exec %s sysctl -q -w net.netfilter.nf_conntrack_udp_timeout=%u", netns, single);
  run_words (FALSE, "ip netns exec %s sysctl -q -w net.netfilter.nf_conntrack_udp_timeout_stream=%u", netns, stream);
}

guint
parlo_test_network_drop (ParloTestNetwork *network, ParloTestSite router, const char *match)
{
  DropRule *rule = g_new0 (DropRule, 1);

  check_router (router);
  rule->router = router;
  rule->match = g_strdup (match);
  run_words (FALSE, "ip netns exec %s iptables -I FORWARD %s -j DROP", network->netns[router], match);
  g_ptr_array_add (network->drops, rule);
  return network->drops->len;
}

void
parlo_test_network_undrop (ParloTestNetwork *network, guint rule_number)
{
  DropRule *rule;

  g_return_if_fail (rule_number > 0 && rule_number <= network->drops->len);
  rule = g_ptr_array_index (network->drops, rule_number - 1);
  g_return_if_fail (rule != NULL);
  run_words (FALSE, "ip netns exec %s iptables -D FORWARD %s -j DROP", network->netns[rule->router], rule->match);
  drop_rule_free (rule);
  network->drops->pdata[rule_number - 1] = NULL;
}

void
parlo_test_network_start_turn (ParloTestNetwork *network, const char *user, const char *password)
{
  g_autofree char *user_option = g_strdup_printf ("--user=%s:%s", user, password);
  g_autofree char *pid_file = g_build_filename (network->directory, "turnserver.pid", NULL);
  g_autofree char *pid_option = g_strdup_printf ("--pidfile=%s", pid_file);
  g_autofree char *db_file = g_build_filename (network->directory, "turndb", NULL);
  g_autofree char *db_option = g_strdup_printf ("--userdb=%s", db_file);
  /* -n: no configuration file. The internet's addresses are documentation
   * ones, which a TURN server may refuse as peers: allowed explicitly. */
  const char * const argv[] = {
    "turnserver", "-n", "--listening-ip=" PARLO_TEST_PROVIDER_ADDRESS,
    "--relay-ip=" PARLO_TEST_PROVIDER_ADDRESS, "--listening-port=" TURN_PORT,
    "--lt-cred-mech", user_option, "--realm=" PARLO_TEST_PROVIDER_NAME, "--fingerprint",
    "--no-tls", "--no-dtls", "--no-cli", "--no-multicast-peers",
    "--allowed-peer-ip=203.0.113.0-203.0.113.255",
    "--min-port=49152", "--max-port=49999",
    "--log-file=stdout", "--simple-log", "--verbose", pid_option, db_option,
    NULL
  };

  g_return_if_fail (network->turn.process == NULL);
  daemon_start (network, &network->turn, PARLO_TEST_SITE_PROVIDER, "turnserver", argv);
  daemon_wait_for (&network->turn, "UDP listener opened on");
}

guint
parlo_test_network_turn_allocations (ParloTestNetwork *network)
{
  g_autofree char *output = daemon_output (&network->turn);
  guint count = 0;

  for (const char *found = strstr (output, "ALLOCATE processed, success"); found != NULL;
       found = strstr (found + 1, "ALLOCATE processed, success"))
    count++;
  return count;
}

static const char *
site_address (ParloTestSite site)
{
  switch (site)
    {
    case PARLO_TEST_SITE_PROVIDER: return PARLO_TEST_PROVIDER_ADDRESS;
    case PARLO_TEST_SITE_ROUTER_A: return PARLO_TEST_ROUTER_A_ADDRESS;
    case PARLO_TEST_SITE_ROUTER_B: return PARLO_TEST_ROUTER_B_ADDRESS;
    case PARLO_TEST_SITE_HOME_A: return PARLO_TEST_HOME_A_ADDRESS;
    case PARLO_TEST_SITE_HOME_B: return PARLO_TEST_HOME_B_ADDRESS;
    default: g_error ("No site %d", site);
    }
}

ParloTestPeer *
parlo_test_network_peer_new (ParloTestNetwork *network, ParloTestSite site, const char *user)
{
  g_autoptr(ParloEngineConfig) config = parlo_test_engine_config (5060);
  g_autoptr(GSettings) settings = parlo_test_settings_new ();
  g_autofree char *listen = g_strdup_printf ("%s:5060", site_address (site));
  g_autofree char *aor = g_strdup_printf ("sip:%s@%s", user, listen);
  const char * const launcher[] = { "ip", "netns", "exec", network->netns[site], NULL };
  ParloTestPeer *peer;

  parlo_engine_config_set_listen_address (config, listen);
  parlo_engine_config_set_launcher (config, launcher);
  peer = parlo_test_peer_new_with_config (aor, config, settings);
  peer->port = 5060;
  return peer;
}
