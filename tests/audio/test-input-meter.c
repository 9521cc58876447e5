/* The microphone level shown before any call: loud for a tone, nothing for
 * silence, and nothing while stopped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "audio/parlo-input-meter.h"
#include "parlo-test.h"
#include "parlo-test-audio.h"

static void
test_follows_the_source (void)
{
  guint tone = parlo_test_pulse_tone_source ("mouth", 1000);
  guint quiet = parlo_test_pulse_null_sink ("quiet");
  g_autoptr(ParloInputMeter) meter = parlo_input_meter_new ();

  parlo_input_meter_set_source (meter, "mouth.monitor");
  parlo_input_meter_set_running (meter, TRUE);
  /* The sine sources play at -9 dBFS: a peak of about 0.35. */
  PARLO_TEST_WAIT_UNTIL (parlo_input_meter_get_level (meter) > 0.2);

  parlo_input_meter_set_source (meter, "quiet.monitor");
  PARLO_TEST_WAIT_UNTIL (parlo_input_meter_get_level (meter) < 0.01);

  parlo_input_meter_set_source (meter, "mouth.monitor");
  PARLO_TEST_WAIT_UNTIL (parlo_input_meter_get_level (meter) > 0.2);
  parlo_input_meter_set_running (meter, FALSE);
  g_assert_cmpfloat (parlo_input_meter_get_level (meter), ==, 0.0);

  parlo_test_pulse_unload_module (tone);
  parlo_test_pulse_unload_module (quiet);
}

int
main (int argc, char *argv[])
{
  int result;

  parlo_test_init (&argc, &argv, 0);
  g_test_add_func ("/input-meter/follows-the-source", test_follows_the_source);
  result = parlo_test_run ();
  return result;
}
