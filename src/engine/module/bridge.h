/* bridge.h — what every file of the parlo_bridge module includes.
 *
 * The module's files, each with its own state and header, and whom they call
 * (none calls back into one that calls it):
 *
 *   bridge.c            module init and close: starts the parts and hands
 *                       each the callbacks it reports through
 *   bridge-socket.c     the inherited socket: frames the lines read, hands
 *                       each to a callback, queues the lines written
 *   bridge-commands.c   decodes a command line, finds its command and answers;
 *                       engine.status → bridge-request, bridge-calls,
 *                       bridge-events, bridge-socket
 *   bridge-commands-account.c, -call.c, -audio.c
 *                       run the commands of each kind → bridge-request,
 *                       bridge-calls, bridge-audio, bridge-auth, bridge-net,
 *                       bridge-tls, bridge-events, bridge-socket
 *   bridge-request.c    one command's fields, checked, and its response
 *                       → bridge-events (state names), bridge-socket
 *   bridge-calls.c      what the app knows of each call: snapshots, dials
 *                       waiting for their id, who ended a call, transfers;
 *                       every UA event passes here → bridge-events,
 *                       bridge-media
 *   bridge-media.c      whether a call lacks the encryption its account
 *                       requires; watches that the peer's RTP arrives and
 *                       reports through a callback when it stops and resumes
 *   bridge-events.c     encodes events → bridge-tls, bridge-socket, bridge-media
 *   bridge-audio.c      devices, tones, level meters, echo probe; reports
 *                       the echo delay through a callback
 *   bridge-auth.c       stops registrations whose credentials were refused
 *   bridge-tls.c        SIP TLS checks the server's certificate, or a
 *                       fingerprint trusted for the account → bridge-tls-cert
 *   bridge-tls-cert.c   what a refused certificate says, kept by host until
 *                       an event tells it (bridge-events asks bridge-tls)
 *   bridge-net.c        NAT keepalives of registered accounts, the address
 *                       offered in SDP
 *   bridge-guard.c      refuses SIP requests that must not reach baresip,
 *                       answers OPTIONS → bridge-direct, bridge-sip-stack
 *   bridge-direct.c     which accounts take direct calls, their servers'
 *                       addresses, the refusals counted and logged
 *   bridge-sip-stack.c  puts a listener first in libre's SIP stack, names
 *                       the engine in Server and User-Agent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libre's headers expect the fixed-width and bool types to be defined */
#include <re.h>

#include "baresip-api.h"
#include "parlo-bridge-protocol.h"

enum {
	ODICT_HASH_SIZE = 16,
};
