/* parlo-call-model.c — the live calls
 *
 * A GListModel of the live calls. ParloCallSync (session/) adds a call with the
 * first engine event that names it and removes it when it ends; then
 * "call-ended" tells observers (history, notifications) how it ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "parlo-model"

#include "parlo-call-model.h"
#include "parlo-call-model-private.h"

struct _ParloCallModel
{
  GObject      parent_instance;

  GPtrArray   *calls;
};

enum {
  SIGNAL_CALL_ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ParloCallModel, parlo_call_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
parlo_call_model_get_item_type (GListModel *model)
{
  return PARLO_TYPE_CALL;
}

static guint
parlo_call_model_get_n_items (GListModel *model)
{
  return PARLO_CALL_MODEL (model)->calls->len;
}

static gpointer
parlo_call_model_get_item (GListModel *model, guint position)
{
  ParloCallModel *self = PARLO_CALL_MODEL (model);

  if (position >= self->calls->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->calls, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = parlo_call_model_get_item_type;
  iface->get_n_items = parlo_call_model_get_n_items;
  iface->get_item = parlo_call_model_get_item;
}

static gboolean
find_position (ParloCallModel *self, const char *account, const char *call_id, guint *position)
{
  for (guint i = 0; i < self->calls->len; i++)
    {
      ParloCall *call = g_ptr_array_index (self->calls, i);

      if (g_strcmp0 (parlo_call_get_id (call), call_id) == 0 &&
          g_strcmp0 (parlo_call_get_account (call), account) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

ParloCall *
parlo_call_model_find (ParloCallModel *self, const char *account, const char *call_id)
{
  guint position;

  g_return_val_if_fail (PARLO_IS_CALL_MODEL (self), NULL);
  if (!find_position (self, account, call_id, &position))
    return NULL;
  return g_ptr_array_index (self->calls, position);
}

ParloCall *
parlo_call_model_find_first (ParloCallModel *self, gboolean (*is) (ParloCall *call))
{
  g_return_val_if_fail (PARLO_IS_CALL_MODEL (self), NULL);

  for (guint i = 0; i < self->calls->len; i++)
    if (is (g_ptr_array_index (self->calls, i)))
      return g_ptr_array_index (self->calls, i);
  return NULL;
}

/* The call leaves the list, then "call-ended" says so. */
void
parlo_call_model_remove (ParloCallModel *self, ParloCall *call)
{
  guint position;

  g_return_if_fail (PARLO_IS_CALL_MODEL (self));
  if (!g_ptr_array_find (self->calls, call, &position))
    return;
  g_object_ref (call);
  g_ptr_array_remove_index (self->calls, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[SIGNAL_CALL_ENDED], 0, call);
  g_object_unref (call);
}

void
parlo_call_model_add (ParloCallModel *self, ParloCall *call)
{
  g_return_if_fail (PARLO_IS_CALL_MODEL (self));
  g_ptr_array_add (self->calls, g_object_ref (call));
  g_list_model_items_changed (G_LIST_MODEL (self), self->calls->len - 1, 0, 1);
}

static void
parlo_call_model_finalize (GObject *object)
{
  ParloCallModel *self = PARLO_CALL_MODEL (object);

  g_ptr_array_unref (self->calls);
  G_OBJECT_CLASS (parlo_call_model_parent_class)->finalize (object);
}

static void
parlo_call_model_class_init (ParloCallModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = parlo_call_model_finalize;

  /* Emitted with the terminated call just after it left the list. */
  signals[SIGNAL_CALL_ENDED] =
    g_signal_new ("call-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, PARLO_TYPE_CALL);
}

static void
parlo_call_model_init (ParloCallModel *self)
{
  self->calls = g_ptr_array_new_with_free_func (g_object_unref);
}

ParloCallModel *
parlo_call_model_new (void)
{
  return g_object_new (PARLO_TYPE_CALL_MODEL, NULL);
}
