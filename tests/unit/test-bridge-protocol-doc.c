/* Every name in parlo-bridge-protocol.h is documented in docs/bridge-protocol.md:
 * it appears there as code (in `backticks` or a fenced block), whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "engine/parlo-bridge-protocol.h"

typedef struct {
  const char *table;
  const char *name;
} Name;

#define NAME_ROW(table, id, name) { table, name },
#define COMMAND_ROW(id, name)   NAME_ROW ("command", id, name)
#define EVENT_ROW(id, name)     NAME_ROW ("event", id, name)
#define FIELD_ROW(id, name)     NAME_ROW ("field", id, name)
#define DIRECTION_ROW(id, name) NAME_ROW ("direction", id, name)
#define STATE_ROW(id, name)     NAME_ROW ("state", id, name)
#define ROLE_ROW(id, name)      NAME_ROW ("audio role", id, name)
#define TONE_ROW(id, name)      NAME_ROW ("tone", id, name)
#define TRANSPORT_ROW(id, name) NAME_ROW ("transport", id, name)
#define MEDIAENC_ROW(id, name)  NAME_ROW ("media encryption", id, name)
#define REGISTER_ERROR_ROW(id, name) NAME_ROW ("registration error", id, name)
#define TLS_PROBLEM_ROW(id, name) NAME_ROW ("certificate problem", id, name)
#define CAUSE_ROW(id, name)     NAME_ROW ("cause", id, name)

static const Name names[] = {
  PARLO_BRIDGE_COMMANDS (COMMAND_ROW)
  PARLO_BRIDGE_EVENTS (EVENT_ROW)
  PARLO_BRIDGE_FIELDS (FIELD_ROW)
  PARLO_BRIDGE_DIRECTIONS (DIRECTION_ROW)
  PARLO_BRIDGE_STATES (STATE_ROW)
  PARLO_BRIDGE_ROLES (ROLE_ROW)
  PARLO_BRIDGE_TONES (TONE_ROW)
  PARLO_BRIDGE_TRANSPORTS (TRANSPORT_ROW)
  PARLO_BRIDGE_MEDIAENCS (MEDIAENC_ROW)
  PARLO_BRIDGE_REGISTER_ERRORS (REGISTER_ERROR_ROW)
  PARLO_BRIDGE_TLS_PROBLEMS (TLS_PROBLEM_ROW)
  PARLO_BRIDGE_CAUSES (CAUSE_ROW)
  { "environment variable", PARLO_BRIDGE_FD_VARIABLE },
};

static char *doc_text;
static char *doc_code;

/* The text of the document's code: fenced blocks and `spans`, each followed
 * by a newline so that no name runs on from one into the next. */
static char *
code_of (const char *text)
{
  g_autoptr(GString) code = g_string_new (NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean fenced = FALSE;

  for (char **line = lines; *line != NULL; line++)
    {
      const char *p = *line;

      if (g_str_has_prefix (g_strchug (*line), "```"))
        {
          fenced = !fenced;
          continue;
        }
      if (fenced)
        {
          g_string_append_printf (code, "%s\n", p);
          continue;
        }
      while ((p = strchr (p, '`')) != NULL)
        {
          const char *end = strchr (++p, '`');

          if (end == NULL)
            break;
          g_string_append_len (code, p, end - p);
          g_string_append_c (code, '\n');
          p = end + 1;
        }
    }
  return g_string_free (g_steal_pointer (&code), FALSE);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '.' || c == '-';
}

/* name, not as part of a longer one: "call" is not in "call.dial". */
static gboolean
contains_whole (const char *text, const char *name)
{
  gsize length = strlen (name);

  for (const char *p = strstr (text, name); p != NULL; p = strstr (p + 1, name))
    if ((p == text || !is_name_char (p[-1])) && !is_name_char (p[length]))
      return TRUE;
  return FALSE;
}

static void
test_names_documented (void)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (!contains_whole (doc_code, names[i].name))
      g_string_append_printf (missing, "%s the %s '%s'", missing->len ? "," : "",
                              names[i].table, names[i].name);
  if (missing->len > 0)
    g_test_fail_printf ("parlo-bridge-protocol.h has names that %s does not document:%s",
                        PARLO_BRIDGE_DOC, missing->str);
}

static void
test_line_limit_documented (void)
{
  g_autofree char *limit = g_strdup_printf ("%d KiB", PARLO_BRIDGE_MAX_LINE / 1024);

  g_assert_cmpint (PARLO_BRIDGE_MAX_LINE % 1024, ==, 0);
  if (strstr (doc_text, limit) == NULL)
    g_test_fail_printf ("The line limit, %s, is not in %s", limit, PARLO_BRIDGE_DOC);
}

/* The check itself finds a name only where it is whole and code. */
static void
test_check_finds_whole_code (void)
{
  g_autofree char *code = code_of ("A `call.dial` and \n```\n{\"id\": 1}\n```\nid prose");

  g_assert_true (contains_whole (code, "call.dial"));
  g_assert_true (contains_whole (code, "id"));
  g_assert_false (contains_whole (code, "call"));
  g_assert_false (contains_whole (code, "dial"));
  g_assert_false (contains_whole (code, "prose"));
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!g_file_get_contents (PARLO_BRIDGE_DOC, &doc_text, NULL, &error))
    g_error ("%s", error->message);
  doc_code = code_of (doc_text);

  g_test_add_func ("/bridge-protocol-doc/check", test_check_finds_whole_code);
  g_test_add_func ("/bridge-protocol-doc/names", test_names_documented);
  g_test_add_func ("/bridge-protocol-doc/line-limit", test_line_limit_documented);
  status = g_test_run ();

  g_free (doc_code);
  g_free (doc_text);
  return status;
}
