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

/* kamailio on 127.0.0.1:port, UDP and TCP, as registrar and proxy, realm "parlo.test":
 * users register AORs sip:USER@127.0.0.1:PORT, REGISTERs and requests from those AORs
 * need digest auth (401/407), and INVITEs are routed to the registered contacts.
 * users is a NULL-terminated list of user, password, user, password, … */
typedef struct _ParloTestKamailio ParloTestKamailio;

ParloTestKamailio  *parlo_test_kamailio_start  (guint16             port,
                                                const char * const *users);
/* The same, with domain as another name of its own: users register
 * sip:USER@DOMAIN, and the REGISTERs' Request-URI is sip:DOMAIN. */
ParloTestKamailio  *parlo_test_kamailio_start_domain (guint16             port,
                                                      const char         *domain,
                                                      const char * const *users);
/* kamailio on 127.0.0.1:port as an outbound proxy serving no domain: it relays a
 * request to the hop after itself in its Route header, and refuses one that names
 * no such hop (403). It logs "Relaying METHOD R-URI to NEXT-HOP from SOURCE" for
 * each request it relays. */
ParloTestKamailio  *parlo_test_kamailio_start_proxy  (guint16             port);
/* How often text occurs in what kamailio logged so far. The registrar logs
 * "Keepalive from FROM-URI (IP:PORT)" for each OPTIONS it answers for itself,
 * "Challenging METHOD from FROM-URI (IP:PORT)" and "Saved TO-URI …". */
guint               parlo_test_kamailio_count  (ParloTestKamailio  *kamailio,
                                                const char         *text);
void                parlo_test_kamailio_stop   (ParloTestKamailio  *kamailio);

G_END_DECLS
