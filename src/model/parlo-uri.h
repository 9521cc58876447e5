/* parlo-uri.h — the one parser for call targets that come from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PARLO_URI_ERROR (parlo_uri_error_quark ())

typedef enum {
  PARLO_URI_ERROR_EMPTY,
  PARLO_URI_ERROR_TOO_LONG,
  PARLO_URI_ERROR_INVALID,
  PARLO_URI_ERROR_UNSUPPORTED,
  PARLO_URI_ERROR_NO_HOST,
  PARLO_URI_ERROR_CONTROL_CHARACTER,
  PARLO_URI_ERROR_UNSAFE,
} ParloUriError;

/* Longest input accepted, in bytes, measured before anything is trimmed. */
#define PARLO_URI_MAX_LENGTH 1024

GQuark  parlo_uri_error_quark (void);
char   *parlo_uri_normalize   (const char  *text,
                               const char  *account,
                               GError     **error);
char   *parlo_uri_normalize_len (const char  *text,
                                 gssize       length,
                                 const char  *account,
                                 GError     **error);
char   *parlo_uri_host        (const char  *uri);
char   *parlo_uri_account_address (const char  *text,
                                   GError     **error);
char   *parlo_uri_server      (const char  *text,
                               const char  *scheme,
                               GError     **error);

G_END_DECLS
