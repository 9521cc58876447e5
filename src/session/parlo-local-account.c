/* parlo-local-account.c — the account for direct calls, with no server
 *
 * With no account configured Parlo still works peer to peer: it takes every call
 * that reaches its SIP port and places calls straight to sip:user@host. Its address
 * is the machine's own, so that what the peer sees can be called back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>

#include "parlo-local-account.h"

/* The first IPv4 address of an interface that is up and not loopback, else the
 * loopback address: enough for a peer on this machine. */
char *
parlo_local_address (void)
{
  struct ifaddrs *interfaces = NULL;
  char address[INET_ADDRSTRLEN] = "127.0.0.1";

  if (getifaddrs (&interfaces) == 0)
    {
      for (struct ifaddrs *i = interfaces; i != NULL; i = i->ifa_next)
        {
          if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET)
            continue;
          if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK))
            continue;
          inet_ntop (AF_INET, &((struct sockaddr_in *) i->ifa_addr)->sin_addr,
                     address, sizeof address);
          break;
        }
      freeifaddrs (interfaces);
    }
  return g_strdup (address);
}

/* The address of direct calls; listen_address is what the engine listens on
 * ("0.0.0.0:5060", "127.0.0.1:5072"). */
char *
parlo_local_account_aor (const char *user, const char *listen_address)
{
  g_autofree char *host = NULL;
  g_autofree char *safe_user = NULL;
  const char *port = strrchr (listen_address, ':');

  host = g_str_has_prefix (listen_address, "0.0.0.0:")
    ? parlo_local_address ()
    : g_strndup (listen_address, port ? (gsize) (port - listen_address) : strlen (listen_address));
  safe_user = g_uri_escape_string (user && *user ? user : "parlo", "", FALSE);
  if (port != NULL && !g_str_equal (port, ":5060"))
    return g_strdup_printf ("sip:%s@%s%s", safe_user, host, port);
  return g_strdup_printf ("sip:%s@%s", safe_user, host);
}

/* What the engine is told: never register, take calls to any user, from
 * anywhere: with no server, every call is direct. */
ParloEngineAccount *
parlo_local_account_new (const char *aor)
{
  ParloEngineAccount *account = parlo_engine_account_new (aor);

  account->regint = 0;
  account->catchall = TRUE;
  account->accept_direct = TRUE;
  return account;
}
