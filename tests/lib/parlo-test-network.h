/* parlo-test-network.h — a simulated internet in network namespaces: a
 * provider, two homes behind NAT routers, DNS, STUN/TURN, packet captures,
 * and engines that run in it
 *
 *                       internet 203.0.113.0/24 (a bridge in its own namespace)
 *        ┌──────────────────────┼───────────────────────┐
 *   router A .1            provider .10, .20         router B .2
 *   NAT, LAN 192.168.1.1   dnsmasq, coturn, kamailio NAT, LAN 192.168.2.1
 *        │                                             │
 *   home A 192.168.1.10                           home B 192.168.2.10
 *
 * Nothing is routed out of the namespaces: no link into this machine's own
 * namespace, and only documentation and private addresses. The namespaces are
 * called parlo<PID>-…; a new network removes those of test processes that no
 * longer run. Everything here needs root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "parlo-test.h"

G_BEGIN_DECLS

typedef enum {
  PARLO_TEST_SITE_PROVIDER,
  PARLO_TEST_SITE_ROUTER_A,
  PARLO_TEST_SITE_ROUTER_B,
  PARLO_TEST_SITE_HOME_A,
  PARLO_TEST_SITE_HOME_B,
  PARLO_TEST_N_SITES,
} ParloTestSite;

#define PARLO_TEST_PROVIDER_ADDRESS  "203.0.113.10"
#define PARLO_TEST_PROVIDER2_ADDRESS "203.0.113.20"   /* a second provider, same namespace */
#define PARLO_TEST_ROUTER_A_ADDRESS  "203.0.113.1"
#define PARLO_TEST_ROUTER_B_ADDRESS  "203.0.113.2"
#define PARLO_TEST_HOME_A_ADDRESS    "192.168.1.10"
#define PARLO_TEST_HOME_B_ADDRESS    "192.168.2.10"
/* What the test's DNS answers, for every namespace. */
#define PARLO_TEST_PROVIDER_NAME     "provider.example.test"   /* PROVIDER_ADDRESS */
#define PARLO_TEST_PROVIDER2_NAME    "other.example.test"      /* PROVIDER2_ADDRESS */
#define PARLO_TEST_ROUTER_B_NAME     "b.example.test"          /* ROUTER_B_ADDRESS */
/* A router's interface towards the internet; its LAN one is "lan". */
#define PARLO_TEST_WAN "wan"

/* With PARLO_TEST_SITE_ROUTER_*: inbound UDP other than SIP (5060, 5061),
 * STUN and TURN (3478) — that is, the media from the far side. */
#define PARLO_TEST_DROP_INBOUND_MEDIA "-i " PARLO_TEST_WAN " -p udp -m multiport ! --sports 5060,5061,3478"

typedef struct _ParloTestNetwork ParloTestNetwork;

/* The namespaces, links, addresses, routes and NAT rules, and dnsmasq in the
 * provider's namespace; fails the test if any of it does not work. */
ParloTestNetwork *parlo_test_network_new    (void);
/* Stops everything that runs in the network and removes it. */
void              parlo_test_network_free   (ParloTestNetwork *network);
/* The `ip netns` name of site. */
const char       *parlo_test_network_netns  (ParloTestNetwork *network,
                                             ParloTestSite     site);

/* A router's NAT: symmetric picks a new random port for every destination
 * (MASQUERADE --random-fully), as carrier-grade NATs do; otherwise it keeps
 * source ports where it can. Mappings made before keep their ports: set it
 * before the engines send. */
void              parlo_test_network_set_symmetric_nat (ParloTestNetwork *network,
                                                        ParloTestSite     router,
                                                        gboolean          symmetric);
/* How long a router keeps an idle UDP mapping (conntrack's UDP timeouts, per
 * namespace); 0 for the kernel's default. */
void              parlo_test_network_set_udp_timeout   (ParloTestNetwork *network,
                                                        ParloTestSite     router,
                                                        guint             seconds);
/* Drops what a router would forward that matches (iptables match arguments,
 * e.g. PARLO_TEST_DROP_INBOUND_MEDIA) until parlo_test_network_undrop. */
guint             parlo_test_network_drop   (ParloTestNetwork *network,
                                             ParloTestSite     router,
                                             const char       *match);
void              parlo_test_network_undrop (ParloTestNetwork *network,
                                             guint             rule);

/* coturn on PROVIDER_ADDRESS:3478 (UDP and TCP), a STUN server and a TURN
 * server with the long-term credentials user and password (realm
 * PARLO_TEST_PROVIDER_NAME), relaying from PROVIDER_ADDRESS to the internet's
 * addresses. Stopped with the network. */
void              parlo_test_network_start_turn (ParloTestNetwork *network,
                                                 const char       *user,
                                                 const char       *password);
/* How many relay allocations coturn granted so far. */
guint             parlo_test_network_turn_allocations (ParloTestNetwork *network);

/* A Parlo test peer whose engine runs in site's namespace, listening on the
 * site's address, port 5060; its direct account is sip:USER@ADDRESS:5060. */
ParloTestPeer    *parlo_test_network_peer_new (ParloTestNetwork *network,
                                               ParloTestSite     site,
                                               const char       *user);

/* A tcpdump on one interface of site's namespace, writing a pcap file. */
typedef struct _ParloTestCapture ParloTestCapture;

/* filter is tcpdump's, e.g. "udp"; started when this returns. */
ParloTestCapture *parlo_test_capture_start (ParloTestNetwork *network,
                                            ParloTestSite     site,
                                            const char       *interface,
                                            const char       *filter);
/* Stops it and reads what it caught: the payloads of the UDP packets over
 * IPv4, as GBytes. */
GPtrArray        *parlo_test_capture_stop  (ParloTestCapture *capture);

G_END_DECLS
