/* parlo-keypad.h — the twelve telephone keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PARLO_TYPE_KEYPAD (parlo_keypad_get_type ())
G_DECLARE_FINAL_TYPE (ParloKeypad, parlo_keypad, PARLO, KEYPAD, GtkWidget)


G_END_DECLS
