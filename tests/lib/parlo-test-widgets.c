/* parlo-test-widgets.c — finding widgets in a window as a person would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "parlo-test-widgets.h"

GtkWidget *
parlo_test_find (GtkWidget *root, ParloTestWidgetMatch match, gconstpointer data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      found = parlo_test_find (child, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  GType       type;
  const char *tooltip;
} TypeAndTooltip;

static gboolean
has_type_and_tooltip (GtkWidget *widget, gconstpointer data)
{
  const TypeAndTooltip *wanted = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, wanted->type) &&
         gtk_widget_get_visible (widget) &&
         (wanted->tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (widget), wanted->tooltip) == 0);
}

GtkWidget *
parlo_test_find_widget (GtkWidget *root, GType type, const char *tooltip)
{
  TypeAndTooltip wanted = { type, tooltip };

  return parlo_test_find (root, has_type_and_tooltip, &wanted);
}

static gboolean
shows_text (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text);
}

static gboolean
shows_prefix (GtkWidget *widget, gconstpointer prefix)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), prefix);
}

GtkLabel *
parlo_test_find_label (GtkWidget *root, const char *text)
{
  return GTK_LABEL (parlo_test_find (root, shows_text, text));
}

GtkLabel *
parlo_test_find_label_prefix (GtkWidget *root, const char *prefix)
{
  return GTK_LABEL (parlo_test_find (root, shows_prefix, prefix));
}
