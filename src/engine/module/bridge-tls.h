/* bridge-tls.h — the engine's SIP TLS connections check the server's
 * certificate: its chain, its name, or a fingerprint the person trusted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

int  bridge_tls_init(void);
void bridge_tls_close(void);

/* The certificate fingerprint trusted for the account aor, NULL for none. */
int  bridge_tls_set_pin(const char *aor, const char *fingerprint);

/* Why the certificate of the next hop of ua (of call, when call is set)
 * was refused, as event fields; nothing when it was not. */
int  bridge_tls_add_problem(struct odict *od, const struct ua *ua,
			    const struct call *call);
