/* parlo-history-model.c — the call history as a list that loads itself in pages
 *
 * A GListModel of ParloHistoryEntry, newest first, filtered by a search and
 * "missed only". It knows its length from one count and reads a page of rows
 * only when a row of that page is asked for, so a list view over a million
 * calls costs what the rows on screen cost. Each entry says whether it is the
 * first of its day, which the view shows as a heading.
 *
 * When the store changes, the cached pages are dropped and the change is
 * reported at its position, so a view keeps its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-history-model.h"

#define PAGE_SIZE 100
/* Pages kept at once: a screenful while scrolling in either direction. */
#define MAX_CACHED_PAGES 16

struct _ParloHistoryModel
{
  GObject        parent_instance;

  ParloHistory  *history;
  char          *search;
  gboolean       missed_only;
  guint          n_items;
  GHashTable    *pages;       /* page number → GPtrArray of entries */
  guint          n_loaded;
};

enum {
  PROP_0,
  PROP_SEARCH,
  PROP_MISSED_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParloHistoryModel, parlo_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
parlo_history_model_get_item_type (GListModel *model)
{
  return PARLO_TYPE_HISTORY_ENTRY;
}

static guint
parlo_history_model_get_n_items (GListModel *model)
{
  return PARLO_HISTORY_MODEL (model)->n_items;
}

static gboolean
same_local_day (GDateTime *a, GDateTime *b)
{
  g_autoptr(GDateTime) local_a = g_date_time_to_local (a);
  g_autoptr(GDateTime) local_b = g_date_time_to_local (b);

  return g_date_time_get_year (local_a) == g_date_time_get_year (local_b) &&
         g_date_time_get_day_of_year (local_a) == g_date_time_get_day_of_year (local_b);
}

/* The rows of one page, after the entry before it (to tell whether the first
 * starts a day): read on from the page before when that is at hand. */
static GPtrArray *
fetch_page (ParloHistoryModel *self, guint page)
{
  GPtrArray *before = page > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1)) : NULL;
  guint offset = page * PAGE_SIZE;
  GPtrArray *rows;

  if (before != NULL && before->len == PAGE_SIZE)
    {
      ParloHistoryEntry *last = g_ptr_array_index (before, PAGE_SIZE - 1);

      rows = parlo_history_fetch_older (self->history, self->search, self->missed_only,
                                        parlo_history_entry_get_id (last), PAGE_SIZE);
      g_ptr_array_insert (rows, 0, g_object_ref (last));
      return rows;
    }
  if (page == 0)
    return parlo_history_fetch (self->history, self->search, self->missed_only, 0, PAGE_SIZE);
  return parlo_history_fetch (self->history, self->search, self->missed_only, offset - 1, PAGE_SIZE + 1);
}

static GPtrArray *
load_page (ParloHistoryModel *self, guint page)
{
  guint before = page > 0 ? 1 : 0;
  g_autoptr(GPtrArray) rows = fetch_page (self, page);
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = before; i < rows->len; i++)
    {
      ParloHistoryEntry *entry = g_ptr_array_index (rows, i);
      ParloHistoryEntry *previous = i > 0 ? g_ptr_array_index (rows, i - 1) : NULL;

      parlo_history_entry_set_starts_day (entry, previous == NULL ||
                                          !same_local_day (parlo_history_entry_get_started (previous),
                                                           parlo_history_entry_get_started (entry)));
      g_ptr_array_add (entries, g_object_ref (entry));
    }
  self->n_loaded += entries->len;
  if (g_hash_table_size (self->pages) >= MAX_CACHED_PAGES)
    g_hash_table_remove_all (self->pages);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), entries);
  return entries;
}

static gpointer
parlo_history_model_get_item (GListModel *model, guint position)
{
  ParloHistoryModel *self = PARLO_HISTORY_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *entries;

  if (position >= self->n_items)
    return NULL;
  entries = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (entries == NULL)
    entries = load_page (self, page);
  if (position % PAGE_SIZE >= entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (entries, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = parlo_history_model_get_item_type;
  iface->get_n_items = parlo_history_model_get_n_items;
  iface->get_item = parlo_history_model_get_item;
}

/* Everything may have changed: read the length again, and rows as they are asked for. */
static void
reload (ParloHistoryModel *self)
{
  guint old_n = self->n_items;

  g_hash_table_remove_all (self->pages);
  self->n_items = parlo_history_count (self->history, self->search, self->missed_only);
  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

/* One entry was added, changed or removed. The row after it is replaced too, as
 * whether it starts a day depends on the entry before it. */
static void
on_entry (ParloHistory *history, gint64 id, ParloHistoryModel *self)
{
  guint old_n = self->n_items;
  guint new_n = parlo_history_count (history, self->search, self->missed_only);
  guint position = parlo_history_count_newer (history, self->search, self->missed_only, id);
  guint removed;

  g_hash_table_remove_all (self->pages);
  self->n_items = new_n;
  if (new_n > old_n)
    {
      removed = position < old_n ? 1 : 0;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, removed + 1);
    }
  else if (new_n < old_n)
    {
      removed = position < new_n ? 2 : 1;
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, removed - 1);
    }
  else if (parlo_history_matches (history, self->search, self->missed_only, id))
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

static void
on_cleared (ParloHistory *history, ParloHistoryModel *self)
{
  reload (self);
}

static void
parlo_history_model_dispose (GObject *object)
{
  ParloHistoryModel *self = PARLO_HISTORY_MODEL (object);

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_data (self->history, self);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (parlo_history_model_parent_class)->dispose (object);
}

static void
parlo_history_model_finalize (GObject *object)
{
  ParloHistoryModel *self = PARLO_HISTORY_MODEL (object);

  g_hash_table_unref (self->pages);
  g_free (self->search);
  G_OBJECT_CLASS (parlo_history_model_parent_class)->finalize (object);
}

static void
parlo_history_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ParloHistoryModel *self = PARLO_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_MISSED_ONLY:
      g_value_set_boolean (value, self->missed_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_history_model_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  ParloHistoryModel *self = PARLO_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      parlo_history_model_set_search (self, g_value_get_string (value));
      break;
    case PROP_MISSED_ONLY:
      parlo_history_model_set_missed_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
parlo_history_model_class_init (ParloHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = parlo_history_model_dispose;
  object_class->finalize = parlo_history_model_finalize;
  object_class->get_property = parlo_history_model_get_property;
  object_class->set_property = parlo_history_model_set_property;

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISSED_ONLY] =
    g_param_spec_boolean ("missed-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
parlo_history_model_init (ParloHistoryModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

ParloHistoryModel *
parlo_history_model_new (ParloHistory *history)
{
  ParloHistoryModel *self;

  g_return_val_if_fail (PARLO_IS_HISTORY (history), NULL);

  self = g_object_new (PARLO_TYPE_HISTORY_MODEL, NULL);
  self->history = g_object_ref (history);
  self->n_items = parlo_history_count (history, NULL, FALSE);
  g_signal_connect (history, "added", G_CALLBACK (on_entry), self);
  g_signal_connect (history, "changed", G_CALLBACK (on_entry), self);
  g_signal_connect (history, "removed", G_CALLBACK (on_entry), self);
  g_signal_connect (history, "cleared", G_CALLBACK (on_cleared), self);
  return self;
}

const char *
parlo_history_model_get_search (ParloHistoryModel *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_MODEL (self), NULL);
  return self->search;
}

void
parlo_history_model_set_search (ParloHistoryModel *self, const char *search)
{
  g_return_if_fail (PARLO_IS_HISTORY_MODEL (self));

  if (search != NULL && *search == '\0')
    search = NULL;
  if (g_strcmp0 (self->search, search) == 0)
    return;
  g_free (self->search);
  self->search = g_strdup (search);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

gboolean
parlo_history_model_get_missed_only (ParloHistoryModel *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_MODEL (self), FALSE);
  return self->missed_only;
}

void
parlo_history_model_set_missed_only (ParloHistoryModel *self, gboolean missed_only)
{
  g_return_if_fail (PARLO_IS_HISTORY_MODEL (self));

  missed_only = !!missed_only;
  if (self->missed_only == missed_only)
    return;
  self->missed_only = missed_only;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSED_ONLY]);
}

guint
parlo_history_model_get_n_loaded (ParloHistoryModel *self)
{
  g_return_val_if_fail (PARLO_IS_HISTORY_MODEL (self), 0);
  return self->n_loaded;
}
