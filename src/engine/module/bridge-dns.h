/* bridge-dns.h — the resolver's sockets, open only to its servers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

void bridge_dns_init(void);
void bridge_dns_close(void);
