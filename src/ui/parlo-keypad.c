/* parlo-keypad.c — the twelve telephone keys
 *
 * Emits "key" with "0"–"9", "*" or "#". Used to dial, and during a call to send
 * DTMF; it knows nothing of either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "parlo-keypad.h"

struct _ParloKeypad
{
  GtkWidget parent_instance;
};

enum {
  SIGNAL_KEY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ParloKeypad, parlo_keypad, GTK_TYPE_WIDGET)

static const struct {
  const char *key;
  const char *letters;
} keys[] = {
  { "1", "" },     { "2", "ABC" },  { "3", "DEF" },
  { "4", "GHI" },  { "5", "JKL" },  { "6", "MNO" },
  { "7", "PQRS" }, { "8", "TUV" },  { "9", "WXYZ" },
  { "*", "" },     { "0", "+" },    { "#", "" },
};

static void
on_key_clicked (GtkButton *button, ParloKeypad *self)
{
  g_signal_emit (self, signals[SIGNAL_KEY], 0, g_object_get_data (G_OBJECT (button), "key"));
}

/* What a screen reader says for a key: its symbol's name, or the digit and its letters. */
static char *
key_label (guint index)
{
  if (g_str_equal (keys[index].key, "*"))
    /* Translators: the * key of a telephone keypad, as a screen reader says it */
    return g_strdup (_("Star"));
  if (g_str_equal (keys[index].key, "#"))
    /* Translators: the # key of a telephone keypad, as a screen reader says it */
    return g_strdup (_("Pound"));
  if (*keys[index].letters != '\0')
    return g_strdup_printf ("%s %s", keys[index].key, keys[index].letters);
  return g_strdup (keys[index].key);
}

static GtkWidget *
key_button (ParloKeypad *self, guint index)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *digit = gtk_label_new (keys[index].key);
  GtkWidget *letters = gtk_label_new (keys[index].letters);
  g_autofree char *label = key_label (index);

  gtk_widget_add_css_class (digit, "title-2");
  gtk_widget_add_css_class (letters, "caption");
  gtk_widget_add_css_class (letters, "dim-label");
  gtk_box_append (GTK_BOX (box), digit);
  gtk_box_append (GTK_BOX (box), letters);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_size_request (button, 72, 60);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (button), "key", (gpointer) keys[index].key);
  g_signal_connect (button, "clicked", G_CALLBACK (on_key_clicked), self);
  return button;
}

static void
parlo_keypad_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (parlo_keypad_parent_class)->dispose (object);
}

static void
parlo_keypad_class_init (ParloKeypadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = parlo_keypad_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_GRID_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "keypad");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  /* A key was pressed: "0"–"9", "*" or "#". */
  signals[SIGNAL_KEY] =
    g_signal_new ("key", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
parlo_keypad_init (ParloKeypad *self)
{
  GtkGridLayout *layout = GTK_GRID_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));

  gtk_grid_layout_set_row_spacing (layout, 6);
  gtk_grid_layout_set_column_spacing (layout, 6);
  gtk_grid_layout_set_column_homogeneous (layout, TRUE);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *button = key_button (self, i);
      GtkLayoutChild *child;

      gtk_widget_set_parent (button, GTK_WIDGET (self));
      child = gtk_layout_manager_get_layout_child (GTK_LAYOUT_MANAGER (layout), button);
      gtk_grid_layout_child_set_row (GTK_GRID_LAYOUT_CHILD (child), i / 3);
      gtk_grid_layout_child_set_column (GTK_GRID_LAYOUT_CHILD (child), i % 3);
    }
}

