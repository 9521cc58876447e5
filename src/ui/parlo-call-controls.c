/* parlo-call-controls.c — the Answer and Hang-up buttons and the call clock,
 * as every widget that shows a call has them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-call-controls.h"
#include "parlo-call-text.h"

/* Points both buttons at the "call" actions for this call, named by account and id. */
void
parlo_call_controls_aim (GtkWidget *answer_button, GtkWidget *hangup_button, ParloCall *call)
{
  g_autoptr(GVariant) target =
    g_variant_ref_sink (g_variant_new ("(ss)", parlo_call_get_account (call), parlo_call_get_id (call)));

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (answer_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (hangup_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (answer_button), "call.answer");
  parlo_call_controls_update (answer_button, hangup_button, call);
}

/* Answer only while the call rings here; Hang up turns into Decline meanwhile.
 * Their names say who calls, which is what a screen reader must tell first. */
void
parlo_call_controls_update (GtkWidget *answer_button, GtkWidget *hangup_button, ParloCall *call)
{
  ParloCallState state = parlo_call_get_state (call);
  gboolean ringing_here = parlo_call_is_ringing_here (call);
  g_autofree char *peer = parlo_call_text_peer (call);
  /* Translators: the name of the Answer button for a screen reader; %s is who calls */
  g_autofree char *answer_label = g_strdup_printf (_("Answer call from %s"), peer);
  /* Translators: the name of the Decline button for a screen reader; %s is who calls */
  g_autofree char *hangup_label = ringing_here ? g_strdup_printf (_("Decline call from %s"), peer)
                                               : g_strdup (_("Hang up"));

  /* Answered from here: Answer goes, and the focus moves on to the button that
   * ends the call rather than to the page around them. */
  if (!ringing_here && gtk_widget_is_focus (answer_button) && state != PARLO_CALL_STATE_TERMINATED)
    gtk_widget_grab_focus (hangup_button);
  gtk_widget_set_visible (answer_button, ringing_here);
  gtk_widget_set_visible (hangup_button, state != PARLO_CALL_STATE_TERMINATED);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (hangup_button),
                                  ringing_here ? "call.decline" : "call.hangup");
  gtk_widget_set_tooltip_text (hangup_button, ringing_here ? _("Decline") : _("Hang up"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (answer_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, answer_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (hangup_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, hangup_label, -1);
}

/* The connected time ticks only while there is a connected call to show:
 * keeps *clock_source calling tick (widget) every second exactly then. */
void
parlo_call_controls_clock (guint *clock_source, ParloCall *call, GSourceFunc tick, gpointer widget)
{
  gboolean connected = call != NULL && parlo_call_get_state (call) == PARLO_CALL_STATE_ESTABLISHED;

  if (connected && *clock_source == 0)
    *clock_source = g_timeout_add_seconds (1, tick, widget);
  else if (!connected)
    g_clear_handle_id (clock_source, g_source_remove);
}
