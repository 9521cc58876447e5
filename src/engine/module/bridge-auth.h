/* bridge-auth.h — stops a registration whose credentials were refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

void bridge_auth_init(void);
void bridge_auth_close(void);
void bridge_auth_forget(const char *aor);
