/* bridge-contact.c — the Contact user an account shows to its peers.
 *
 * baresip 1.0.0 names every account's Contact "login-%p": the login and the
 * address of its struct ua, which would reach every registrar and peer, and a
 * pointer weakens address space layout randomisation. The app gives each
 * account a random token that stays the same across restarts instead.
 * baresip keeps the name in a string of its own and routes incoming requests
 * by it (uag_find), so the token is written over that string, before the
 * account first registers; the string cannot grow, so a longer token is cut.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "bridge.h"
#include "bridge-contact.h"

enum { MAX_CONTACT_USER = 32 };


bool bridge_contact_user_is_valid(const char *user)
{
	size_t len = user ? strlen(user) : 0;

	return len > 0 && len <= MAX_CONTACT_USER &&
		strspn(user, "abcdefghijklmnopqrstuvwxyz0123456789") == len;
}


void bridge_contact_set_user(struct ua *ua, const char *user)
{
	/* not const: baresip allocated it with mem_alloc for this account */
	char *cuser = (char *)ua_local_cuser(ua);
	size_t len;

	if (!cuser || !bridge_contact_user_is_valid(user))
		return;

	len = strlen(cuser);
	if (strlen(user) < len)
		len = strlen(user);

	memcpy(cuser, user, len);
	cuser[len] = '\0';
}
