/* parlo-test-servers.h — real SIP servers for the tests: a sipp registrar, kamailio
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* sipp on 127.0.0.1:port as a registrar for one account, realm "parlo.test": every
 * REGISTER without a digest valid for user and password gets 401 with a new challenge,
 * a valid one gets 200 with the Contact and Expires it carried.  transport is "udp"
 * or "tcp". */
typedef struct _ParloTestRegistrar ParloTestRegistrar;

ParloTestRegistrar *parlo_test_registrar_start (guint16             port,
                                                const char         *transport,
                                                const char         *user,
                                                const char         *password);
/* How many REGISTERs arrived so far (retransmissions counted once); what is "all",
 * "authorized" (those with an Authorization header, valid or not) or "unregister"
 * (Expires: 0, or expires=0 on the Contact). */
guint               parlo_test_registrar_count (ParloTestRegistrar *registrar,
                                                const char         *what);
void                parlo_test_registrar_stop  (ParloTestRegistrar *registrar);

/* sipp from 127.0.0.1 as a SIP scanner: calls INVITEs (direct-invite.xml) at rate
 * per second, each from a source port of its own, straight to sip:user@127.0.0.1:port.
 * TRUE when every one was answered 403 with a Server header naming Parlo. */
gboolean            parlo_test_sipp_direct_invites (const char *user,
                                                    guint16     port,
                                                    guint       calls,
                                                    guint       rate);

/* sipp on 127.0.0.1:port (UDP) as a far end that answers every call at once with
 * plain PCMU audio in its SDP and never sends a packet of it (answer-no-rtp.xml). */
typedef struct _ParloTestFarEnd ParloTestFarEnd;

ParloTestFarEnd    *parlo_test_far_end_start   (guint16             port);
void                parlo_test_far_end_stop    (ParloTestFarEnd    *far_end);

/* kamailio on 127.0.0.1:port, UDP and TCP, as registrar and proxy, realm "parlo.test":
 * users register AORs sip:USER@127.0.0.1:PORT, REGISTERs and requests from those AORs
 * need digest auth (401/407), and INVITEs are routed to the registered contacts.
 * users is a NULL-terminated list of user, password, user, password, … */
typedef struct _ParloTestKamailio ParloTestKamailio;

ParloTestKamailio  *parlo_test_kamailio_start  (guint16             port,
                                                const char * const *users);

/* kamailio as above, where and how the test wants it. Zero-initialise and set
 * what differs. */
typedef struct {
  const char         *address;        /* listen address (one, not 0.0.0.0); NULL: 127.0.0.1 */
  guint16             port;           /* UDP and TCP */
  const char         *domain;         /* also "myself": AORs sip:USER@DOMAIN; NULL: none */
  guint16             tls_port;       /* 0: no TLS; else TLS on it with: */
  const char         *tls_cert_file;  /*   the server's certificate (PEM) */
  const char         *tls_key_file;   /*   and its key (PEM) */
  gboolean            nat;            /* clients behind NAT are reached where
                                       * their requests came from (nathelper) */
  const char         *netns;          /* run in this `ip netns`; NULL: here */
  const char * const *users;          /* user, password, …, NULL */
  const char         *config;         /* a file of tests/data/kamailio; NULL: kamailio.cfg.
                                       * "proxy.cfg" is an outbound proxy serving no
                                       * domain: it relays a request to the hop after
                                       * itself in its Route header, refuses one that
                                       * names none (403), and logs "Relaying METHOD
                                       * R-URI to NEXT-HOP from SOURCE"; a REGISTER
                                       * gets its Path, so the registrar's calls
                                       * to that client come back through it */
} ParloTestKamailioOptions;

ParloTestKamailio  *parlo_test_kamailio_start_with (const ParloTestKamailioOptions *options);
/* How many requests kamailio received: of method ("REGISTER"…, NULL: any) over
 * proto ("udp", "tcp", "tls", NULL: any). Retransmissions count too. */
guint               parlo_test_kamailio_count      (ParloTestKamailio  *kamailio,
                                                    const char         *method,
                                                    const char         *proto);
/* How many TLS connections carried at least one request: the distinct source
 * addresses and ports of requests over TLS. */
guint               parlo_test_kamailio_tls_connections (ParloTestKamailio *kamailio);
/* How many lines of kamailio's log contain text (e.g. a TLS error). */
guint               parlo_test_kamailio_log_count  (ParloTestKamailio  *kamailio,
                                                    const char         *text);
void                parlo_test_kamailio_stop   (ParloTestKamailio  *kamailio);

G_END_DECLS
