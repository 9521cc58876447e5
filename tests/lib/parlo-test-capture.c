/* parlo-test-capture.c — tcpdump in a namespace of the test network, and the
 * UDP payloads of what it caught
 *
 * The pcap file is read here rather than through `tcpdump -r`'s text: a
 * classic pcap file of Ethernet frames is a 24-byte header and records of a
 * 16-byte header and the frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>
#include <glib/gstdio.h>

#include "parlo-test-network.h"

#define PCAP_MAGIC 0xa1b2c3d4
#define PCAP_HEADER 24
#define RECORD_HEADER 16
#define LINKTYPE_ETHERNET 1
#define ETHERNET_HEADER 14
#define ETHERTYPE_IPV4 0x0800
#define PROTOCOL_UDP 17
#define UDP_HEADER 8

struct _ParloTestCapture
{
  GSubprocess *process;
  char        *directory;
  char        *file;
  char        *log;
};

static guint32
read32 (const guint8 *data)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return value;
}

static guint16
read16_be (const guint8 *data)
{
  return (guint16) (data[0] << 8 | data[1]);
}

/* The UDP payload of one Ethernet frame, or NULL. */
static GBytes *
udp_payload (const guint8 *frame, gsize length)
{
  const guint8 *ip = frame + ETHERNET_HEADER;
  gsize ip_header, ip_length;
  const guint8 *udp;
  gsize udp_length;

  if (length < ETHERNET_HEADER + 20 || read16_be (frame + 12) != ETHERTYPE_IPV4)
    return NULL;
  ip_header = (ip[0] & 0x0f) * 4;
  ip_length = read16_be (ip + 2);
  /* Fragments other than the first carry no UDP header. */
  if (ip[9] != PROTOCOL_UDP || (read16_be (ip + 6) & 0x1fff) != 0 ||
      ip_length > length - ETHERNET_HEADER || ip_header + UDP_HEADER > ip_length)
    return NULL;
  udp = ip + ip_header;
  udp_length = read16_be (udp + 4);
  if (udp_length < UDP_HEADER || ip_header + udp_length > ip_length)
    return NULL;
  return g_bytes_new (udp + UDP_HEADER, udp_length - UDP_HEADER);
}

static GPtrArray *
read_pcap (const char *path)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree guint8 *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, offset;

  g_file_get_contents (path, (char **) &data, &length, &error);
  g_assert_no_error (error);
  /* tcpdump writes in the machine's own byte order. */
  g_assert_cmpuint (length, >=, PCAP_HEADER);
  g_assert_cmphex (read32 (data), ==, PCAP_MAGIC);
  g_assert_cmpuint (read32 (data + 20), ==, LINKTYPE_ETHERNET);
  for (offset = PCAP_HEADER; offset + RECORD_HEADER <= length;)
    {
      gsize captured = read32 (data + offset + 8);
      GBytes *payload;

      offset += RECORD_HEADER;
      if (captured > length - offset)
        break;   /* cut short while tcpdump was stopped */
      payload = udp_payload (data + offset, captured);
      if (payload != NULL)
        g_ptr_array_add (payloads, payload);
      offset += captured;
    }
  return payloads;
}

ParloTestCapture *
parlo_test_capture_start (ParloTestNetwork *network, ParloTestSite site, const char *interface,
                          const char *filter)
{
  ParloTestCapture *capture = g_new0 (ParloTestCapture, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + PARLO_TEST_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  capture->directory = g_dir_make_tmp ("parlo-capture-XXXXXX", &error);
  g_assert_no_error (error);
  capture->file = g_build_filename (capture->directory, "capture.pcap", NULL);
  capture->log = g_build_filename (capture->directory, "tcpdump.log", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, capture->log);
  g_subprocess_launcher_set_child_setup (launcher, parlo_test_die_with_parent, NULL, NULL);
  /* -U writes each packet as it comes, -s 0 all of it, -Z root keeps the
   * right to write into our directory. */
  capture->process = g_subprocess_launcher_spawn (launcher, &error, "ip", "netns", "exec",
                                                  parlo_test_network_netns (network, site),
                                                  "tcpdump", "-i", interface, "-n", "-U", "-s", "0",
                                                  "-Z", "root", "-w", capture->file, filter, NULL);
  g_assert_no_error (error);
  /* It says so once it captures. */
  for (;;)
    {
      g_autofree char *log = NULL;

      if (g_file_get_contents (capture->log, &log, NULL, NULL) && strstr (log, "listening on") != NULL)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("tcpdump does not capture on %s:\n%s", interface, log != NULL ? log : "");
      parlo_test_iterate ();
    }
  return capture;
}

GPtrArray *
parlo_test_capture_stop (ParloTestCapture *capture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *payloads;

  g_subprocess_send_signal (capture->process, SIGTERM);
  g_subprocess_wait (capture->process, NULL, &error);
  g_assert_no_error (error);
  payloads = read_pcap (capture->file);
  g_object_unref (capture->process);
  parlo_test_remove_tree (capture->directory);
  g_free (capture->directory);
  g_free (capture->file);
  g_free (capture->log);
  g_free (capture);
  return payloads;
}
