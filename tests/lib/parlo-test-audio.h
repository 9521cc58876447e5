/* parlo-test-audio.h — what the engines hear and play, in the test PulseAudio
 *
 * Devices are PulseAudio modules loaded while the test runs: null sinks as
 * loudspeakers whose monitors are recorded, and as microphones whose monitors
 * hear a sine. All of it needs parlo_test_pulse_start first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Recordings are mono signed 16-bit at this rate. */
#define PARLO_TEST_AUDIO_RATE 48000
#define PARLO_TEST_AUDIO_SAMPLES(ms) ((gsize) (ms) * PARLO_TEST_AUDIO_RATE / 1000)

/* pactl load-module NAME ARGUMENTS: the module's index. */
guint   parlo_test_pulse_load_module   (const char *name,
                                        const char *arguments);
void    parlo_test_pulse_unload_module (guint       index);
/* A sink called name that plays into nothing; record "NAME.monitor". */
guint   parlo_test_pulse_null_sink     (const char *name);
/* A sine of frequency Hz played into sink: with a null sink, a microphone
 * that hears a tone, the source "SINK.monitor". Unload it before its sink:
 * PulseAudio moves the streams of a sink that goes to the default sink. */
guint   parlo_test_pulse_sine          (const char *sink,
                                        guint       frequency);
/* A null sink called name with a sine of frequency Hz playing into it: the
 * microphone "NAME.monitor". Unloading the module returned ends both. */
guint   parlo_test_pulse_tone_source   (const char *name,
                                        guint       frequency);

/* Records a PulseAudio source in a thread of its own, from its first sample
 * (there when this returns) until stopped, and tells when each sample was
 * captured. An idle null sink renders two seconds at a time; while it is
 * recorded, it renders in 5 ms steps, so keep a recorder on every sink an
 * engine uses, from before the engine opens it. */
typedef struct _ParloTestRecorder ParloTestRecorder;

ParloTestRecorder *parlo_test_recorder_start   (const char        *source);
void               parlo_test_recorder_stop    (ParloTestRecorder *recorder);
/* Copies samples [from, from + n) into out, iterating the main loop until
 * they are there. */
void               parlo_test_recorder_read    (ParloTestRecorder *recorder,
                                                gsize              from,
                                                gsize              n,
                                                gint16            *out);
/* The monotonic time (g_get_monotonic_time) sample index was captured at,
 * and the index of the sample captured at time. */
gint64             parlo_test_recorder_time_of (ParloTestRecorder *recorder,
                                                gsize              index);
gsize              parlo_test_recorder_index_at (ParloTestRecorder *recorder,
                                                 gint64             time);
/* The first 20 ms window from time on in which frequency dominates (or, for
 * frequency 0, that is silent), waited for until deadline; -1 if none. */
gint64             parlo_test_recorder_onset   (ParloTestRecorder *recorder,
                                                double             frequency,
                                                gint64             time,
                                                gint64             deadline);
/* The first sample from time on louder than level (dBFS), to the sample;
 * waited for until deadline; -1 if none. */
gint64             parlo_test_recorder_rise    (ParloTestRecorder *recorder,
                                                double             level,
                                                gint64             time,
                                                gint64             deadline);

/* ms milliseconds of what the sink plays from now on. */
gint16 *parlo_test_audio_record    (const char   *sink,
                                    guint         ms);
/* The share of the power of samples that is at frequency: 1 for a pure tone,
 * near 0 for another tone or noise (Goertzel). */
double  parlo_test_audio_dominance (const gint16 *samples,
                                    gsize         n,
                                    double        frequency);
/* The RMS level of samples in dB below full scale; -120 for digital silence. */
double  parlo_test_audio_level     (const gint16 *samples,
                                    gsize         n);
/* Whether samples hold a tone of frequency (loud enough and dominant), and
 * whether they are silence. */
gboolean parlo_test_audio_is_tone   (const gint16 *samples,
                                     gsize         n,
                                     double        frequency);
gboolean parlo_test_audio_is_silent (const gint16 *samples,
                                     gsize         n);

G_END_DECLS
