/* The fuzz targets' main when the compiler has no libFuzzer (gcc): feeds every
 * file named on the command line, or found in a folder named there, to
 * LLVMFuzzerTestOneInput once. It finds nothing new; it proves that the
 * committed corpus, crash inputs included, still goes through cleanly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
/* Optional, as in libFuzzer: a target that sets up once defines it. */
__attribute__((weak)) int LLVMFuzzerInitialize (int *argc, char ***argv);

static int
replay_file (const char *path)
{
  FILE *file = fopen (path, "rb");
  uint8_t *data;
  long size;

  if (file == NULL || fseek (file, 0, SEEK_END) != 0 || (size = ftell (file)) < 0 ||
      fseek (file, 0, SEEK_SET) != 0)
    {
      fprintf (stderr, "cannot read %s\n", path);
      if (file != NULL)
        fclose (file);
      return 1;
    }
  /* One byte more so that an empty file is not a NULL buffer; the target never sees it. */
  data = malloc ((size_t) size + 1);
  if (data == NULL || fread (data, 1, (size_t) size, file) != (size_t) size)
    {
      fprintf (stderr, "cannot read %s\n", path);
      free (data);
      fclose (file);
      return 1;
    }
  fclose (file);
  LLVMFuzzerTestOneInput (data, (size_t) size);
  free (data);
  return 0;
}

static int
replay_dir (const char *path, unsigned *count)
{
  struct dirent **names;
  int n = scandir (path, &names, NULL, alphasort);
  int failed = 0;

  if (n < 0)
    {
      fprintf (stderr, "cannot list %s\n", path);
      return 1;
    }
  for (int i = 0; i < n; i++)
    {
      if (names[i]->d_name[0] != '.')
        {
          char file[4096];

          snprintf (file, sizeof file, "%s/%s", path, names[i]->d_name);
          failed |= replay_file (file);
          ++*count;
        }
      free (names[i]);
    }
  free (names);
  return failed;
}

int
main (int argc, char **argv)
{
  unsigned count = 0;
  int failed = 0;

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    {
      struct stat st;

      if (stat (argv[i], &st) == 0 && S_ISDIR (st.st_mode))
        failed |= replay_dir (argv[i], &count);
      else
        {
          failed |= replay_file (argv[i]);
          count++;
        }
    }
  printf ("replayed %u inputs\n", count);
  return failed;
}
