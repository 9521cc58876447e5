/* parlo-test-input.h — real input through the X server, as a person gives it
 *
 * Pointer and keys go through xdotool (the XTEST extension), so the X server
 * delivers them to the window like a mouse and keyboard would: a widget that
 * covers another takes its clicks, an insensitive one takes none. Each call
 * returns once GTK has handled the events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Moves the pointer to the centre of widget, on screen, and clicks button 1. */
void parlo_test_click (GtkWidget  *widget);
/* Types text with the keyboard into the window that widget is in. */
void parlo_test_type  (GtkWidget  *widget,
                       const char *text);
/* Presses keys, in xdotool's words ("Tab", "ctrl+Return", "alt+2", several
 * separated by spaces), in the window that widget is in. */
void parlo_test_keys  (GtkWidget  *widget,
                       const char *keys);

G_END_DECLS
