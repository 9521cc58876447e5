/* bridge.c — the baresip module parlo_bridge: the engine side of the bridge.
 *
 * Runs inside baresip's re_main loop. Reads JSON command lines from the socket
 * whose fd number is in PARLO_BRIDGE_FD, executes them on accounts and calls
 * addressed by AOR and call id, and writes responses and every UA event back
 * as JSON lines (docs/bridge-protocol.md).
 *
 * This file starts and stops the module's parts and connects them; bridge.h
 * says which part does what.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "bridge.h"
#include "bridge-audio.h"
#include "bridge-auth.h"
#include "bridge-calls.h"
#include "bridge-dns.h"
#include "bridge-commands.h"
#include "bridge-direct.h"
#include "bridge-events.h"
#include "bridge-guard.h"
#include "bridge-net.h"
#include "bridge-media.h"
#include "bridge-socket.h"
#include "bridge-tls.h"


/* How long baresip may take to end its calls and unregister once the app went
 * away. Its own stop waits for every SIP transaction to time out (5 s for a
 * BYE answered over UDP); the BYEs and un-REGISTERs have long left by then. */
#define QUIT_GRACE_MS 500

static struct tmr quit_tmr;


static void quit_now(void *arg)
{
	(void)arg;

	info("parlo_bridge: stopped\n");
	re_cancel();
}


/* The app went away (quit, or killed: the socket's end is all we get): baresip
 * has nothing left to do and must not stay behind. */
static void stop_baresip(void *arg)
{
	(void)arg;

	info("parlo_bridge: the app went away, stopping\n");
	ua_stop_all(false);
	tmr_start(&quit_tmr, QUIT_GRACE_MS, quit_now, NULL);
}


static int module_close(void)
{
	tmr_cancel(&quit_tmr);
	uag_event_unregister(bridge_direct_on_ua_event);
	uag_event_unregister(bridge_net_on_ua_event);
	uag_event_unregister(bridge_calls_on_ua_event);
	bridge_guard_close();
	bridge_direct_close();
	bridge_net_close();
	bridge_dns_close();
	bridge_auth_close();
	bridge_tls_close();
	bridge_audio_close();
	bridge_media_close();
	bridge_calls_close();
	bridge_socket_close();  /* last chance for the EXIT event */

	return 0;
}


static int module_init(void)
{
	int err;

	tmr_init(&quit_tmr);
	err = bridge_socket_open(bridge_commands_handle_line, stop_baresip,
				 NULL);
	if (err)
		return err;

	/* before any SIP message: none may ring unchecked, and what we
	 * send is named Parlo; an engine without the guard does not run */
	bridge_direct_init();
	err = bridge_guard_init();
	if (!err)
		err = uag_event_register(bridge_direct_on_ua_event, NULL);

	/* before any account: no connection may use baresip's context */
	err = err ? err : bridge_tls_init();
	if (err) {
		module_close();
		return err;
	}

	bridge_dns_init();
	bridge_calls_init(bridge_probe_forget);
	bridge_media_init(bridge_events_send_rx);
	err = uag_event_register(bridge_calls_on_ua_event, NULL);
	if (!err) {
		/* after bridge-tls: an engine on one address stops the
		 * network check that bridge-tls installs */
		bridge_net_init();
		err = uag_event_register(bridge_net_on_ua_event, NULL);
	}
	if (!err) {
		bridge_auth_init();
		bridge_audio_init(bridge_events_send_echo_delay);
	}

	/* baresip unloads a module whose init fails: leave no handler */
	if (err)
		module_close();

	return err;
}


/* The one symbol baresip looks up: the build hides all the others. */
EXPORT_SYM __attribute__((visibility("default")))
const struct mod_export exports = {
	"parlo_bridge",
	"application",
	module_init,
	module_close,
};
