/* parlo-test-widgets.h — finding widgets in a window as a person would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*ParloTestWidgetMatch) (GtkWidget *widget, gconstpointer data);

/* The first descendant of root, depth first, that match accepts; NULL if none. */
GtkWidget *parlo_test_find             (GtkWidget            *root,
                                        ParloTestWidgetMatch  match,
                                        gconstpointer         data);
/* The first visible widget of type (and with that tooltip, unless NULL). */
GtkWidget *parlo_test_find_widget      (GtkWidget            *root,
                                        GType                 type,
                                        const char           *tooltip);
/* The label showing exactly text, or one whose text starts with prefix. */
GtkLabel  *parlo_test_find_label       (GtkWidget            *root,
                                        const char           *text);
GtkLabel  *parlo_test_find_label_prefix (GtkWidget           *root,
                                        const char           *prefix);

G_END_DECLS
