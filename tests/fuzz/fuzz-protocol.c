/* Fuzz target: the app's decoder of what the engine sends (engine/parlo-protocol.c).
 * The input is one line as it arrives from the socket, without its newline.
 * Whatever it decodes to is copied and freed the way the engine hands events
 * and responses on, so the copies' handling of every field is covered too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "parlo-protocol.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(ParloEvent) event = NULL;
  g_autoptr(ParloResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  gboolean decoded;

  decoded = parlo_protocol_decode ((const char *) data, size, &event, &response, &error);

  /* Decoded: exactly one of the two and no error; refused: an error and nothing. */
  if (decoded != (error == NULL) || decoded != ((event != NULL) != (response != NULL)) ||
      (!decoded && (event != NULL || response != NULL)))
    __builtin_trap ();

  if (event != NULL)
    {
      g_autoptr(ParloEvent) copy = parlo_event_copy (event);
      (void) copy;
    }
  if (response != NULL)
    {
      g_autoptr(ParloResponse) copy = parlo_response_copy (response);
      (void) copy;
    }
  return 0;
}
