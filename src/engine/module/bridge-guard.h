/* bridge-guard.h — the SIP requests that must not reach baresip, and the
 * answer to OPTIONS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Installs the guard's listeners ahead of baresip's and names the engine
 * "Parlo/VERSION"; fails when libre's stack cannot be changed so. */
int bridge_guard_init(void);
void bridge_guard_close(void);
