/* bridge-contact.h — the Contact user an account shows to its peers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

/* Whether user can be a Contact user: 1 to 32 lowercase letters and digits. */
bool bridge_contact_user_is_valid(const char *user);

/* Writes user in place of the one baresip made for ua ("login-0x…"), cut to
 * that one's length. */
void bridge_contact_set_user(struct ua *ua, const char *user);
