/* parlo-engine-config.h — what the baresip engine is started with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PARLO_TYPE_ENGINE_CONFIG (parlo_engine_config_get_type ())
G_DECLARE_FINAL_TYPE (ParloEngineConfig, parlo_engine_config, PARLO, ENGINE_CONFIG, GObject)

ParloEngineConfig *parlo_engine_config_new                (void);
void               parlo_engine_config_set_listen_address (ParloEngineConfig *self,
                                                           const char        *address);
const char        *parlo_engine_config_get_listen_address (ParloEngineConfig *self);
void               parlo_engine_config_set_audio_device   (ParloEngineConfig *self,
                                                           const char        *role,
                                                           const char        *device);
const char        *parlo_engine_config_get_audio_device   (ParloEngineConfig *self,
                                                           const char        *role);
void               parlo_engine_config_set_echo           (ParloEngineConfig *self,
                                                           gboolean           echo);
 /* A command that runs the engine: the engine's own command line is appended
 * to argv and the whole is run instead (e.g. a sandbox or a network namespace
 * wrapper that execs its arguments). The launcher must keep the process's
 * environment and open file descriptors: the engine's socket is one of them.
 * NULL or empty: the engine is run directly. Read at every (re)start. */
void               parlo_engine_config_set_launcher       (ParloEngineConfig  *self,
                                                           const char * const *argv);
const char * const *parlo_engine_config_get_launcher      (ParloEngineConfig *self);
gboolean           parlo_engine_config_write              (ParloEngineConfig *self,
                                                           const char        *directory,
                                                           GError           **error);

/* The private directory of one engine (mode 0700), and its removal with all
 * that baresip put in it. */
char              *parlo_engine_directory_new             (GError           **error);
void               parlo_engine_directory_remove          (const char        *path);

G_END_DECLS
