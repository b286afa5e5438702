/* test-domain-edit.c: every edit of vireo-domain-edit on every corpus document it applies to
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each edit and each document of tests/data/domain where it applies: the result differs from
 * the input by exactly the expected nodes (details_xml_diff) and still validates against libvirt's
 * domain.rng. Every bad input gives VIREO_ERROR_INVALID_ARGUMENT and no XML.
 */

#include "config.h"

#include <string.h>

#include "details-test-helpers.h"
#include "vireo-domain-config.h"
#include "vireo-domain-edit.h"
#include "vireo-error.h"
#include "vireo-test-utils.h"

static GPtrArray *corpus;

static void
assert_xpath (const char *xml,
              const char *xpath,
              const char *expected)
{
  g_autofree char *value = details_xpath_string (xml, xpath);

  assert_string_equal (value, expected);
}

/* An edit of one document: returns the edited XML and sets *expected to the expected diff, or
 * returns NULL with *expected NULL where the edit does not apply. */
typedef char *(*EditCase) (const char               *xml,
                           const VireoDomainConfig  *config,
                           char                    **expected,
                           GError                  **error);

/* The edited XML read back (the edit must have succeeded). */
static VireoDomainConfig *
read_back (const char *result)
{
  g_autoptr(GError) error = NULL;
  VireoDomainConfig *config;

  assert_non_null (result);
  config = vireo_domain_config_parse (result, VIREO_DOMAIN_CONFIG_PARSE_SECRETS, &error);
  assert_non_null (config);
  return config;
}

/* Runs @edit on the corpus; fails unless it applied to at least @minimum documents. */
static void
run_on_corpus (EditCase    edit,
               guint       minimum,
               const char *what)
{
  guint applied = 0;

  for (guint i = 0; i < corpus->len; i++)
    {
      const DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);
      g_autoptr(VireoDomainConfig) config = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *result = NULL;
      g_autofree char *diff = NULL;
      g_autofree char *invalid = NULL;

      config = vireo_domain_config_parse (entry->xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
      assert_non_null (config);

      result = edit (entry->xml, config, &expected, &error);
      if (expected == NULL)
        {
          assert_null (result);
          continue;
        }
      if (result == NULL)
        fail_msg ("%s on %s: %s", what, entry->name, error != NULL ? error->message : "no error");
      applied++;

      diff = details_xml_diff (entry->xml, result);
      if (strcmp (diff, expected) != 0)
        fail_msg ("%s on %s changed\n%s\ninstead of\n%s\n---\n%s", what, entry->name, diff, expected, result);
      invalid = details_rng_check (result);
      if (invalid != NULL)
        fail_msg ("%s on %s does not validate: %s\n%s", what, entry->name, invalid, result);

      /* libvirt's own parser checks more than the schema (boot orders, targets, addresses). */
      {
        g_autofree char *before = details_libvirt_check (entry->xml);
        g_autofree char *after = before == NULL ? details_libvirt_check (result) : NULL;

        if (after != NULL)
          fail_msg ("%s on %s: libvirt refuses the result: %s\n%s", what, entry->name, after, result);
      }
    }

  if (applied < minimum)
    fail_msg ("%s applied to %u corpus documents, expected at least %u", what, applied, minimum);
}

/* A bad input: no XML, an INVALID_ARGUMENT error with a message, @xml as it was. */
#define assert_refused(result, error, xml, xml_copy) \
  G_STMT_START { \
    char *refused_result_ = (result); \
    assert_refused_impl (refused_result_, (error), (xml), (xml_copy), __FILE__, __LINE__); \
  } G_STMT_END

static void
assert_refused_impl (char       *result,
                     GError     *error,
                     const char *xml,
                     const char *xml_copy,
                     const char *file,
                     int         line)
{
  if (result != NULL)
    {
      g_free (result);
      fail_msg ("%s:%d: the bad input was accepted", file, line);
    }
  if (error == NULL)
    fail_msg ("%s:%d: no error", file, line);
  if (!g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT))
    fail_msg ("%s:%d: wrong error: %s", file, line, error->message);
  if (strlen (error->message) < 20)
    fail_msg ("%s:%d: the message says too little: %s", file, line, error->message);
  assert_string_equal (xml, xml_copy);
}

static const char *
corpus_xml (const char *prefix)
{
  for (guint i = 0; i < corpus->len; i++)
    {
      const DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);

      if (g_str_has_prefix (entry->name, prefix))
        return entry->xml;
    }
  fail_msg ("no corpus document %s", prefix);
  return NULL;
}

static int
group_setup (void **state)
{
  corpus = details_corpus_load ();
  return 0;
}

static int
group_teardown (void **state)
{
  g_clear_pointer (&corpus, g_ptr_array_unref);
  details_rng_shutdown ();
  details_libvirt_shutdown ();
  return 0;
}

/* The corpus itself ----------------------------------------------------------------------------- */

static void
test_corpus_validates (void **state)
{
  assert_true (corpus->len >= 40);
  for (guint i = 0; i < corpus->len; i++)
    {
      const DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);
      g_autofree char *invalid = details_rng_check (entry->xml);

      if (invalid != NULL)
        fail_msg ("%s does not validate: %s", entry->name, invalid);
    }
}

/* libvirt's parser takes the corpus (but 33, whose redirdev needs the USB controller QEMU would
 * add), and refuses what the schema lets through: per-device boot orders beside <os><boot>. */
static void
test_libvirt_check (void **state)
{
  g_autofree char *both = NULL;
  g_autofree char *refused = NULL;
  guint accepted = 0;

  for (guint i = 0; i < corpus->len; i++)
    {
      const DetailsCorpusEntry *entry = g_ptr_array_index (corpus, i);
      g_autofree char *message = details_libvirt_check (entry->xml);

      if (message == NULL)
        accepted++;
    }
  assert_int_equal (accepted, corpus->len - 1);

  {
    g_auto(GStrv) parts = g_strsplit (corpus_xml ("14-"), "<os>", 2);

    both = g_strconcat (parts[0], "<os>\n    <boot dev='hd'/>", parts[1], NULL);
  }
  assert_null (details_rng_check (both));
  refused = details_libvirt_check (both);
  assert_non_null (refused);
}

/* The diff helper must see what it is meant to see, or every other test proves nothing. */
static void
test_diff_helper (void **state)
{
  const char *a = "<domain><name>x</name><!-- c --><devices><disk><target dev='vda'/></disk>"
                  "<disk><target dev='vdb'/></disk></devices></domain>";
  g_autofree char *same = details_xml_diff (a, "<domain>\n  <name>x</name>\n<!-- c -->\n  <devices>"
                                            "<disk><target dev='vda'/></disk>\n"
                                            "<disk><target dev=\"vdb\"/></disk></devices></domain>");
  g_autofree char *text = details_xml_diff (a, "<domain><name>y</name><!-- c --><devices><disk><target dev='vda'/>"
                                            "</disk><disk><target dev='vdb'/></disk></devices></domain>");
  g_autofree char *removed = details_xml_diff (a, "<domain><name>x</name><!-- c --><devices>"
                                               "<disk><target dev='vdb'/></disk></devices></domain>");
  g_autofree char *added = details_xml_diff (a, "<domain><name>x</name><!-- c --><devices><disk><target dev='vda'/>"
                                             "</disk><disk><target dev='vdb' bus='sata'/></disk>"
                                             "<disk><target dev='vdc'/></disk></devices></domain>");
  g_autofree char *comment = details_xml_diff (a, "<domain><name>x</name><devices><disk><target dev='vda'/>"
                                               "</disk><disk><target dev='vdb'/></disk></devices></domain>");

  assert_string_equal (same, "");
  assert_string_equal (text, "/domain/name/text()");
  assert_string_equal (removed, "-/domain/devices/disk[vda]");
  assert_string_equal (added, "+/domain/devices/disk[vdc]\n/domain/devices/disk[vdb]/target/@bus");
  assert_string_equal (comment, "-/domain/comment()");
}

/* Overview -------------------------------------------------------------------------------------- */

static char *
edit_set_title (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  *expected = g_strdup (config->title != NULL ? "/domain/title/text()" : "+/domain/title");
  return vireo_domain_edit_set_title (xml, "A new title & <more>", error);
}

static char *
edit_clear_title (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  if (config->title == NULL)
    return NULL;
  *expected = g_strdup ("-/domain/title");
  return vireo_domain_edit_set_title (xml, NULL, error);
}

static char *
edit_clear_description (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  if (config->description == NULL)
    return NULL;
  *expected = g_strdup ("-/domain/description");
  return vireo_domain_edit_set_description (xml, "", error);
}

static char *
edit_set_description (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  *expected = g_strdup (config->description != NULL ? "/domain/description/text()" : "+/domain/description");
  return vireo_domain_edit_set_description (xml, "Line one\nLine two", error);
}

static void
test_title_description (void **state)
{
  const char *xml = corpus_xml ("01-");
  g_autofree char *copy = g_strdup (xml);
  g_autoptr(GError) error = NULL;
  g_autofree char *titled = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  run_on_corpus (edit_set_title, 40, "set title");
  run_on_corpus (edit_clear_title, 3, "clear title");
  run_on_corpus (edit_set_description, 40, "set description");
  run_on_corpus (edit_clear_description, 2, "clear description");

  /* The text is taken literally, and reads back. */
  titled = vireo_domain_edit_set_title (xml, "A & B <c>", &error);
  assert_non_null (titled);
  config = vireo_domain_config_parse (titled, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
  assert_string_equal (config->title, "A & B <c>");

  assert_refused (vireo_domain_edit_set_title (xml, "two\nlines", &error), error, xml, copy);
}

/* CPUs and memory ------------------------------------------------------------------------------- */

static char *
edit_set_vcpus (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *topology = details_xpath_string (xml, "/domain/cpu/topology/@sockets");
  g_autofree char *current = details_xpath_string (xml, "/domain/vcpu/@current");

  g_autofree char *listed = details_xpath_string (xml, "count(/domain/vcpus)");

  if (*topology != '\0' || strcmp (listed, "0") != 0)
    return NULL;
  /* One more CPU, one of them on: the maximum changes, and the current count unless it was 1. */
  *expected = g_strcmp0 (current, "1") == 0 ? g_strdup ("/domain/vcpu/text()")
                                            : details_paths ("/domain/vcpu/text()", "/domain/vcpu/@current", NULL);
  {
    char *result = vireo_domain_edit_set_vcpus (xml, 1, config->vcpus_max + 1, error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_int_equal (after->vcpus, 1);
    assert_int_equal (after->vcpus_max, config->vcpus_max + 1);
    return result;
  }
}

static char *
edit_set_cpu_mode (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *has_cpu = details_xpath_string (xml, "count(/domain/cpu)");
  g_autofree char *migratable = details_xpath_string (xml, "/domain/cpu/@migratable");

  /* migratable only exists for host-passthrough and maximum */
  if (strcmp (has_cpu, "0") == 0)
    *expected = g_strdup ("+/domain/cpu");
  else if (g_strcmp0 (config->cpu_mode, "host-model") == 0)
    *expected = g_strdup ("");
  else if (*migratable != '\0')
    *expected = details_paths ("/domain/cpu/@mode", "/domain/cpu/@migratable", NULL);
  else
    *expected = g_strdup ("/domain/cpu/@mode");
  return vireo_domain_edit_set_cpu_mode (xml, "host-model", error);
}

static char *
edit_clear_cpu_mode (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *mode = details_xpath_string (xml, "/domain/cpu/@mode");
  g_autofree char *children = details_xpath_string (xml, "count(/domain/cpu/*)");
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();

  if (*mode == '\0')
    return NULL;
  if (strcmp (children, "0") == 0)
    g_ptr_array_add (paths, "-/domain/cpu");
  else
    {
      g_autofree char *check = details_xpath_string (xml, "/domain/cpu/@check");

      g_ptr_array_add (paths, "/domain/cpu/@mode");
      if (*check != '\0')
        g_ptr_array_add (paths, "/domain/cpu/@check");
    }
  *expected = details_paths_from_array (paths);
  return vireo_domain_edit_set_cpu_mode (xml, NULL, error);
}

static void
test_vcpus_cpu_mode (void **state)
{
  const char *xml = corpus_xml ("17-");
  g_autofree char *copy = g_strdup (xml);
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autofree char *diff = NULL;

  run_on_corpus (edit_set_vcpus, 40, "set vcpus");
  run_on_corpus (edit_set_cpu_mode, 40, "set cpu mode");
  run_on_corpus (edit_clear_cpu_mode, 4, "clear cpu mode");

  /* The topology gives 8: 6 of 8 is fine, a maximum of 6 is not. */
  result = vireo_domain_edit_set_vcpus (xml, 6, 8, &error);
  assert_non_null (result);
  diff = details_xml_diff (xml, result);
  assert_string_equal (diff, "/domain/vcpu/@current");
  assert_refused (vireo_domain_edit_set_vcpus (xml, 4, 6, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_vcpus (xml, 9, 8, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_vcpus (xml, 0, 8, &error), error, xml, copy);
  g_clear_error (&error);
  /* CPUs listed one by one: their number is not changed behind their back */
  {
    const char *listed = corpus_xml ("46-");
    g_autofree char *listed_copy = g_strdup (listed);
    g_autofree char *same = vireo_domain_edit_set_vcpus (listed, 2, 4, &error);
    g_autofree char *same_diff = details_xml_diff (listed, same);

    assert_string_equal (same_diff, "");
    assert_refused (vireo_domain_edit_set_vcpus (listed, 3, 4, &error), error, listed, listed_copy);
    g_clear_error (&error);
    assert_refused (vireo_domain_edit_set_vcpus (listed, 2, 6, &error), error, listed, listed_copy);
    g_clear_error (&error);
  }
  assert_refused (vireo_domain_edit_set_cpu_mode (xml, "host-magic", &error), error, xml, copy);
  g_clear_error (&error);
  /* custom without a model */
  assert_refused (vireo_domain_edit_set_cpu_mode (xml, "custom", &error), error, xml, copy);
}

static char *
edit_set_memory (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *unit = details_xpath_string (xml, "/domain/memory/@unit");
  g_autofree char *has_current = details_xpath_string (xml, "count(/domain/currentMemory)");
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  guint64 max = config->memory_max_kib + 1024;
  g_autofree char *cells = details_xpath_string (xml, "count(/domain/cpu/numa/cell)");

  if (strcmp (cells, "0") != 0)
    return NULL;
  g_ptr_array_add (paths, "/domain/memory/text()");
  if (strcmp (unit, "KiB") != 0)
    g_ptr_array_add (paths, "/domain/memory/@unit");
  if (strcmp (has_current, "0") == 0)
    g_ptr_array_add (paths, "+/domain/currentMemory");
  else
    {
      g_ptr_array_add (paths, "/domain/currentMemory/text()");
      if (strcmp (unit, "KiB") != 0)
        g_ptr_array_add (paths, "/domain/currentMemory/@unit");
    }
  *expected = details_paths_from_array (paths);
  {
    char *result = vireo_domain_edit_set_memory (xml, max / 2, max, error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_int_equal (after->memory_kib, max / 2);
    assert_int_equal (after->memory_max_kib, max);
    return result;
  }
}

static void
test_memory (void **state)
{
  const char *xml = corpus_xml ("40-");
  g_autofree char *copy = g_strdup (xml);
  g_autoptr(GError) error = NULL;
  g_autofree char *result = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  run_on_corpus (edit_set_memory, 44, "set memory");

  result = vireo_domain_edit_set_memory (corpus_xml ("16-"), 1048576, 6291456, &error);
  config = vireo_domain_config_parse (result, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
  assert_int_equal (config->memory_kib, 1048576);
  assert_int_equal (config->memory_max_kib, 6291456);

  /* above the maximum */
  assert_refused (vireo_domain_edit_set_memory (xml, 4194304, 2097152, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_memory (xml, 0, 2097152, &error), error, xml, copy);
  g_clear_error (&error);
  /* 40 has one NUMA cell of 2 GiB: the current memory may change, the maximum not */
  {
    g_autofree char *lower = vireo_domain_edit_set_memory (xml, 1048576, 2097152, &error);
    g_autofree char *lower_diff = details_xml_diff (xml, lower);

    assert_string_equal (lower_diff, "/domain/currentMemory/text()");
  }
  assert_refused (vireo_domain_edit_set_memory (xml, 2097152, 4194304, &error), error, xml, copy);
  assert_non_null (strstr (error->message, "NUMA"));
  g_clear_error (&error);
  /* above <maxMemory> (8 GiB) */
  assert_refused (vireo_domain_edit_set_memory (xml, 2097152, 16777216, &error), error, xml, copy);
}

/* Boot ------------------------------------------------------------------------------------------ */

static void
add_device_boot_removals (const char *xml,
                          const VireoDomainConfig *config,
                          GPtrArray *paths)
{
  for (guint i = 0; i < config->disks->len; i++)
    {
      const VireoDomainDisk *disk = g_ptr_array_index (config->disks, i);

      if (disk->boot_order != 0)
        g_ptr_array_add (paths, g_strdup_printf ("-/domain/devices/disk[%s]/boot", disk->target));
    }
  for (guint i = 0; i < config->nics->len; i++)
    {
      const VireoDomainNic *nic = g_ptr_array_index (config->nics, i);

      if (nic->boot_order != 0)
        g_ptr_array_add (paths, g_strdup_printf ("-/domain/devices/interface[%s]/boot", nic->mac));
    }
}

static char *
edit_set_boot_order (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) devs = NULL;

  /* network first, the others as they were */
  g_strv_builder_add (builder, "network");
  for (gsize i = 0; config->boot_devs[i] != NULL; i++)
    if (strcmp (config->boot_devs[i], "network") != 0)
      g_strv_builder_add (builder, config->boot_devs[i]);
  devs = g_strv_builder_end (builder);

  if (!g_strv_contains ((const char * const *) config->boot_devs, "network"))
    g_ptr_array_add (paths, g_strdup ("+/domain/os/boot[network]"));
  else if (strcmp (config->boot_devs[0], "network") != 0)
    {
      g_ptr_array_add (paths, g_strdup ("+/domain/os/boot[network]"));
      g_ptr_array_add (paths, g_strdup ("-/domain/os/boot[network]"));
    }
  add_device_boot_removals (xml, config, paths);
  *expected = details_paths_from_array (paths);
  {
    /* the diff names boot elements by device, so the order is checked here */
    char *result = vireo_domain_edit_set_boot_order (xml, (const char * const *) devs, error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_true (g_strv_equal ((const char * const *) after->boot_devs, (const char * const *) devs));
    return result;
  }
}

static char *
edit_set_device_boot_order (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const VireoDomainDisk *disk;
  const VireoDomainNic *nic;

  if (config->disks->len == 0 || config->nics->len == 0 ||
      ((const VireoDomainNic *) g_ptr_array_index (config->nics, 0))->mac == NULL)
    return NULL;
  disk = g_ptr_array_index (config->disks, 0);
  nic = g_ptr_array_index (config->nics, 0);

  /* the NIC first, then the disk */
  for (gsize i = 0; config->boot_devs[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup_printf ("-/domain/os/boot[%s]", config->boot_devs[i]));
  if (nic->boot_order == 0)
    g_ptr_array_add (paths, g_strdup_printf ("+/domain/devices/interface[%s]/boot", nic->mac));
  else if (nic->boot_order != 1)
    g_ptr_array_add (paths, g_strdup_printf ("/domain/devices/interface[%s]/boot/@order", nic->mac));
  if (disk->boot_order == 0)
    g_ptr_array_add (paths, g_strdup_printf ("+/domain/devices/disk[%s]/boot", disk->target));
  else if (disk->boot_order != 2)
    g_ptr_array_add (paths, g_strdup_printf ("/domain/devices/disk[%s]/boot/@order", disk->target));
  *expected = details_paths_from_array (paths);
  {
    char *result = vireo_domain_edit_set_device_boot_order (xml, (const char *[]) { nic->mac, disk->target, NULL },
                                                            error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_int_equal (vireo_domain_config_find_nic (after, nic->mac)->boot_order, 1);
    assert_int_equal (vireo_domain_config_find_disk (after, disk->target)->boot_order, 2);
    assert_int_equal (g_strv_length (after->boot_devs), 0);
    return result;
  }
}

static char *
edit_enable_boot_menu (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *enable = details_xpath_string (xml, "/domain/os/bootmenu/@enable");

  *expected = g_strdup (*enable == '\0' ? "+/domain/os/bootmenu"
                        : strcmp (enable, "yes") == 0 ? "" : "/domain/os/bootmenu/@enable");
  return vireo_domain_edit_set_boot_menu (xml, TRUE, error);
}

static void
test_boot (void **state)
{
  const char *xml = corpus_xml ("03-");
  g_autofree char *copy = g_strdup (xml);
  g_autoptr(GError) error = NULL;
  g_autofree char *off = NULL;
  g_autofree char *diff = NULL;

  run_on_corpus (edit_set_boot_order, 40, "set boot order");
  run_on_corpus (edit_set_device_boot_order, 35, "set device boot order");
  run_on_corpus (edit_enable_boot_menu, 40, "enable boot menu");

  /* Off: enable='no', and the timeout goes. */
  off = vireo_domain_edit_set_boot_menu (xml, FALSE, &error);
  diff = details_xml_diff (xml, off);
  assert_string_equal (diff, "/domain/os/bootmenu/@enable\n/domain/os/bootmenu/@timeout");

  assert_refused (vireo_domain_edit_set_boot_order (xml, (const char *[]) { "floppy", NULL }, &error),
                  error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_boot_order (xml, (const char *[]) { "hd", "hd", NULL }, &error),
                  error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_device_boot_order (xml, (const char *[]) { "vdz", NULL }, &error),
                  error, xml, copy);
}

/* Disks ----------------------------------------------------------------------------------------- */

static char *
first_free_target (const VireoDomainConfig *config,
                   const char              *prefix)
{
  for (char c = 'a'; c <= 'z'; c++)
    {
      g_autofree char *name = g_strdup_printf ("%s%c", prefix, c);

      if (vireo_domain_config_find_disk (config, name) == NULL)
        return g_steal_pointer (&name);
    }
  fail_msg ("no free target");
  return NULL;
}

static char *
edit_add_disk (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *target = first_free_target (config, "vd");
  g_autofree char *chosen = NULL;
  VireoDomainDiskSpec spec = { .path = "/var/lib/libvirt/images/new disk's.qcow2", .format = "qcow2" };
  char *result;

  *expected = g_strdup_printf ("+/domain/devices/disk[%s]", target);
  result = vireo_domain_edit_add_disk (xml, &spec, &chosen, error);
  if (result != NULL)
    {
      g_autoptr(VireoDomainConfig) after = read_back (result);
      const VireoDomainDisk *disk = vireo_domain_config_find_disk (after, target);

      assert_string_equal (chosen, target);
      assert_string_equal (disk->type, "file");
      assert_string_equal (disk->device, "disk");
      assert_string_equal (disk->bus, "virtio");
      assert_string_equal (disk->driver_type, "qcow2");
      assert_string_equal (disk->source, spec.path);
      assert_false (disk->readonly);
    }
  return result;
}

static char *
edit_add_cdrom (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *target = first_free_target (config, "sd");
  VireoDomainDiskSpec spec = { .device = "cdrom" };
  char *result;

  *expected = g_strdup_printf ("+/domain/devices/disk[%s]", target);
  result = vireo_domain_edit_add_disk (xml, &spec, NULL, error);
  if (result != NULL)
    {
      g_autoptr(VireoDomainConfig) after = read_back (result);
      const VireoDomainDisk *disk = vireo_domain_config_find_disk (after, target);

      assert_string_equal (disk->device, "cdrom");
      assert_string_equal (disk->bus, "sata");
      assert_null (disk->source);
      assert_true (disk->readonly);
    }
  return result;
}

static char *
edit_add_volume_ide (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  g_autofree char *target = first_free_target (config, "hd");
  VireoDomainDiskSpec spec = { .pool = "default", .volume = "extra.raw", .bus = "ide" };

  /* IDE only exists on pc machines */
  if (config->machine == NULL || strstr (config->machine, "q35") != NULL)
    return NULL;
  *expected = g_strdup_printf ("+/domain/devices/disk[%s]", target);
  {
    char *result = vireo_domain_edit_add_disk (xml, &spec, NULL, error);
    g_autoptr(VireoDomainConfig) after = read_back (result);
    const VireoDomainDisk *disk = vireo_domain_config_find_disk (after, target);

    assert_string_equal (disk->type, "volume");
    assert_string_equal (disk->source_pool, "default");
    assert_string_equal (disk->source_volume, "extra.raw");
    assert_string_equal (disk->bus, "ide");
    assert_string_equal (disk->driver_type, "raw");
    return result;
  }
}

static char *
edit_remove_disk (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainDisk *disk;

  if (config->disks->len == 0)
    return NULL;
  disk = g_ptr_array_index (config->disks, config->disks->len - 1);
  *expected = g_strdup_printf ("-/domain/devices/disk[%s]", disk->target);
  return vireo_domain_edit_remove_disk (xml, disk->target, error);
}

static const VireoDomainDisk *
first_cdrom (const VireoDomainConfig *config)
{
  for (guint i = 0; i < config->disks->len; i++)
    {
      const VireoDomainDisk *disk = g_ptr_array_index (config->disks, i);

      if (strcmp (disk->device, "cdrom") == 0)
        return disk;
    }
  return NULL;
}

static char *
edit_eject (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainDisk *cdrom = first_cdrom (config);

  if (cdrom == NULL)
    return NULL;
  *expected = cdrom->source != NULL ? g_strdup_printf ("-/domain/devices/disk[%s]/source", cdrom->target)
                                    : g_strdup ("");
  return vireo_domain_edit_change_media (xml, cdrom->target, NULL, error);
}

static char *
edit_insert (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainDisk *cdrom = first_cdrom (config);

  if (cdrom == NULL)
    return NULL;
  *expected = cdrom->source != NULL ? g_strdup_printf ("/domain/devices/disk[%s]/source/@file", cdrom->target)
                                    : g_strdup_printf ("+/domain/devices/disk[%s]/source", cdrom->target);
  {
    char *result = vireo_domain_edit_change_media (xml, cdrom->target, "/srv/iso/fedora-39.iso", error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_string_equal (vireo_domain_config_find_disk (after, cdrom->target)->source, "/srv/iso/fedora-39.iso");
    return result;
  }
}

static void
test_disks (void **state)
{
  const char *xml = corpus_xml ("01-");
  g_autofree char *copy = g_strdup (xml);
  g_autoptr(GError) error = NULL;
  VireoDomainDiskSpec taken = { .path = "/srv/a.img", .target = "vda" };
  VireoDomainDiskSpec empty = { .path = "" };
  VireoDomainDiskSpec relative = { .path = "images/a.img" };
  VireoDomainDiskSpec no_path = { .bus = "virtio" };
  VireoDomainDiskSpec virtio_cdrom = { .device = "cdrom", .bus = "virtio" };
  VireoDomainDiskSpec bad_bus = { .path = "/srv/a.img", .bus = "nvme0" };
  VireoDomainDiskSpec ide = { .path = "/srv/a.img", .bus = "ide" };

  run_on_corpus (edit_add_disk, 45, "add disk");
  run_on_corpus (edit_add_cdrom, 45, "add CD-ROM");
  run_on_corpus (edit_add_volume_ide, 3, "add IDE volume");
  run_on_corpus (edit_remove_disk, 44, "remove disk");
  run_on_corpus (edit_eject, 8, "eject");
  run_on_corpus (edit_insert, 8, "insert media");

  assert_refused (vireo_domain_edit_add_disk (xml, &taken, NULL, &error), error, xml, copy);
  assert_non_null (strstr (error->message, "'vda'"));
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_disk (xml, &empty, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_disk (xml, &relative, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_disk (xml, &no_path, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_disk (xml, &virtio_cdrom, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_disk (xml, &bad_bus, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  /* 01 is a q35 machine: no IDE */
  assert_refused (vireo_domain_edit_add_disk (xml, &ide, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_remove_disk (xml, "vdq", &error), error, xml, copy);
  g_clear_error (&error);
  /* vda is a disk, not a CD-ROM */
  assert_refused (vireo_domain_edit_change_media (xml, "vda", "/srv/a.iso", &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_change_media (xml, "sda", "", &error), error, xml, copy);
}

/* Target names past z, as libvirt counts them. */
static void
test_disk_targets (void **state)
{
  g_autofree char *xml = g_strdup (corpus_xml ("04-"));

  for (int i = 0; i < 28; i++)
    {
      VireoDomainDiskSpec spec = { .path = "/srv/d.img" };
      g_autoptr(GError) error = NULL;
      g_autofree char *target = NULL;
      char *next = vireo_domain_edit_add_disk (xml, &spec, &target, &error);

      assert_non_null (next);
      if (i == 0)
        assert_string_equal (target, "vda");
      else if (i == 25)
        assert_string_equal (target, "vdz");
      else if (i == 26)
        assert_string_equal (target, "vdaa");
      else if (i == 27)
        assert_string_equal (target, "vdab");
      g_free (xml);
      xml = next;
    }
}

/* NICs ------------------------------------------------------------------------------------------ */

static const char * const other_macs[] = { "52:54:00:aa:00:01", "52:54:00:AA:00:02", NULL };

static char *
edit_add_nic (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  VireoDomainNicSpec spec = { .source = "default", .mac = "52:54:00:Ab:cD:01" };

  *expected = g_strdup ("+/domain/devices/interface[52:54:00:ab:cd:01]");
  {
    char *result = vireo_domain_edit_add_nic (xml, &spec, other_macs, NULL, error);
    g_autoptr(VireoDomainConfig) after = read_back (result);
    const VireoDomainNic *nic = vireo_domain_config_find_nic (after, "52:54:00:ab:cd:01");

    assert_string_equal (nic->type, "network");
    assert_string_equal (nic->source, "default");
    assert_string_equal (nic->model, "virtio");
    return result;
  }
}

static char *
edit_add_nic_new_mac (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  VireoDomainNicSpec spec = { .type = "direct", .source = "eth1", .model = "e1000e" };
  g_autofree char *mac = NULL;
  char *result = vireo_domain_edit_add_nic (xml, &spec, other_macs, &mac, error);

  assert_non_null (result);
  assert_true (vireo_domain_edit_mac_is_valid (mac));
  assert_true (g_str_has_prefix (mac, "52:54:00:"));
  assert_false (g_strv_contains (other_macs, mac));
  assert_null (vireo_domain_config_find_nic (config, mac));
  *expected = g_strdup_printf ("+/domain/devices/interface[%s]", mac);
  {
    g_autoptr(VireoDomainConfig) after = read_back (result);
    const VireoDomainNic *nic = vireo_domain_config_find_nic (after, mac);

    assert_string_equal (nic->type, "direct");
    assert_string_equal (nic->source, "eth1");
    assert_string_equal (nic->source_mode, "bridge");
    assert_string_equal (nic->model, "e1000e");
  }
  return result;
}

static const VireoDomainNic *
first_nic (const VireoDomainConfig *config)
{
  for (guint i = 0; i < config->nics->len; i++)
    {
      const VireoDomainNic *nic = g_ptr_array_index (config->nics, i);

      if (nic->mac != NULL)
        return nic;
    }
  return NULL;
}

static char *
edit_remove_nic (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainNic *nic = first_nic (config);

  if (nic == NULL)
    return NULL;
  *expected = g_strdup_printf ("-/domain/devices/interface[%s]", nic->mac);
  /* upper case finds it too */
  {
    g_autofree char *upper = g_ascii_strup (nic->mac, -1);

    return vireo_domain_edit_remove_nic (xml, upper, error);
  }
}

static char *
edit_set_nic_model (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainNic *nic = first_nic (config);

  if (nic == NULL)
    return NULL;
  if (nic->model == NULL)
    *expected = g_strdup_printf ("+/domain/devices/interface[%s]/model", nic->mac);
  else if (strcmp (nic->model, "e1000e") == 0)
    *expected = g_strdup ("");
  else
    *expected = g_strdup_printf ("/domain/devices/interface[%s]/model/@type", nic->mac);
  return vireo_domain_edit_set_nic_model (xml, nic->mac, "e1000e", error);
}

static char *
edit_set_nic_link_down (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainNic *nic = first_nic (config);

  if (nic == NULL)
    return NULL;
  if (nic->link_state == NULL)
    *expected = g_strdup_printf ("+/domain/devices/interface[%s]/link", nic->mac);
  else if (strcmp (nic->link_state, "down") == 0)
    *expected = g_strdup ("");
  else
    *expected = g_strdup_printf ("/domain/devices/interface[%s]/link/@state", nic->mac);
  return vireo_domain_edit_set_nic_link (xml, nic->mac, FALSE, error);
}

static char *
edit_set_nic_source_bridge (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainNic *nic = first_nic (config);
  g_autofree char *base = NULL;
  g_autofree char *portgroup = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (nic == NULL)
    return NULL;
  base = g_strdup_printf ("/domain/devices/interface[%s]", nic->mac);
  if (strcmp (nic->type, "bridge") == 0)
    g_ptr_array_add (paths, g_strdup_printf ("%s/source/@bridge", base));
  else
    {
      g_ptr_array_add (paths, g_strdup_printf ("%s/@type", base));
      if (nic->source == NULL)
        g_ptr_array_add (paths, g_strdup_printf ("+%s/source", base));
      else
        {
          g_ptr_array_add (paths, g_strdup_printf ("%s/source/@bridge", base));
          if (strcmp (nic->type, "network") == 0)
            g_ptr_array_add (paths, g_strdup_printf ("%s/source/@network", base));
          if (strcmp (nic->type, "direct") == 0)
            {
              g_ptr_array_add (paths, g_strdup_printf ("%s/source/@dev", base));
              g_ptr_array_add (paths, g_strdup_printf ("%s/source/@mode", base));
            }
        }
    }
  *expected = details_paths_from_array (paths);
  {
    char *result = vireo_domain_edit_set_nic_source (xml, nic->mac, "bridge", "br7", NULL, error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_string_equal (vireo_domain_config_find_nic (after, nic->mac)->type, "bridge");
    assert_string_equal (vireo_domain_config_find_nic (after, nic->mac)->source, "br7");
    return result;
  }
}

static void
test_nics (void **state)
{
  const char *xml = corpus_xml ("13-");
  g_autofree char *copy = g_strdup (xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
  const VireoDomainNic *own = g_ptr_array_index (config->nics, 0);
  const char *bad_macs[] = { "52:54:00:12:34", "52:54:00:12:34:5g", "52-54-00-12-34-56", "01:00:5e:00:00:01",
                             "00:00:00:00:00:00", "", "52:54:00:12:34:567", NULL };
  VireoDomainNicSpec used = { .source = "default", .mac = "52:54:00:aa:00:02" };
  VireoDomainNicSpec own_mac = { .source = "default", .mac = own->mac };
  VireoDomainNicSpec no_source = { .source = "" };
  VireoDomainNicSpec bad_type = { .type = "vhostuser", .source = "x" };
  VireoDomainNicSpec bad_mode = { .type = "direct", .source = "eth0", .source_mode = "sideways" };

  run_on_corpus (edit_add_nic, 45, "add NIC");
  run_on_corpus (edit_add_nic_new_mac, 45, "add NIC with a new MAC");
  run_on_corpus (edit_remove_nic, 42, "remove NIC");
  run_on_corpus (edit_set_nic_model, 42, "set NIC model");
  run_on_corpus (edit_set_nic_link_down, 42, "set NIC link down");
  run_on_corpus (edit_set_nic_source_bridge, 42, "set NIC source");

  for (gsize i = 0; bad_macs[i] != NULL; i++)
    {
      VireoDomainNicSpec spec = { .source = "default", .mac = bad_macs[i] };

      assert_false (vireo_domain_edit_mac_is_valid (bad_macs[i]));
      assert_refused (vireo_domain_edit_add_nic (xml, &spec, NULL, NULL, &error), error, xml, copy);
      g_clear_error (&error);
    }
  /* used by another VM (compared case-insensitively), or by this one */
  assert_refused (vireo_domain_edit_add_nic (xml, &used, other_macs, NULL, &error), error, xml, copy);
  assert_non_null (strstr (error->message, "already used"));
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_nic (xml, &own_mac, NULL, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_nic (xml, &no_source, NULL, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_nic (xml, &bad_type, NULL, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_nic (xml, &bad_mode, NULL, NULL, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_remove_nic (xml, "52:54:00:ff:ff:ff", &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_nic_model (xml, own->mac, "e1000 <x>", &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_nic_link (xml, NULL, TRUE, &error), error, xml, copy);
}

/* Graphics, video ------------------------------------------------------------------------------- */

static char *
edit_set_listen (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainGraphics *graphics;
  g_autofree char *attribute = NULL;
  g_autofree char *listen_type = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (config->graphics->len == 0)
    return NULL;
  graphics = g_ptr_array_index (config->graphics, 0);
  base = g_strdup_printf ("/domain/devices/graphics[%s]", graphics->type);
  attribute = details_xpath_string (xml, "/domain/devices/graphics[1]/@listen");
  listen_type = details_xpath_string (xml, "/domain/devices/graphics[1]/listen[1]/@type");

  if (*attribute != '\0' || *listen_type == '\0')
    g_ptr_array_add (paths, g_strdup_printf ("%s/@listen", base));
  if (*listen_type != '\0')
    {
      g_ptr_array_add (paths, g_strdup_printf ("%s/listen/@address", base));
      if (strcmp (listen_type, "network") == 0)
        {
          g_ptr_array_add (paths, g_strdup_printf ("%s/listen/@type", base));
          g_ptr_array_add (paths, g_strdup_printf ("%s/listen/@network", base));
        }
    }
  *expected = details_paths_from_array (paths);
  {
    char *result = vireo_domain_edit_set_graphics_listen (xml, NULL, "192.168.7.1", error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_string_equal (((VireoDomainGraphics *) g_ptr_array_index (after->graphics, 0))->listen, "192.168.7.1");
    return result;
  }
}

static char *
edit_set_port (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const VireoDomainGraphics *graphics;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  if (config->graphics->len == 0)
    return NULL;
  graphics = g_ptr_array_index (config->graphics, 0);
  if (graphics->port != 5910)
    g_ptr_array_add (paths, g_strdup_printf ("/domain/devices/graphics[%s]/@port", graphics->type));
  if (graphics->autoport)
    g_ptr_array_add (paths, g_strdup_printf ("/domain/devices/graphics[%s]/@autoport", graphics->type));
  *expected = details_paths_from_array (paths);
  {
    char *result = vireo_domain_edit_set_graphics_port (xml, graphics->type, 5910, error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_int_equal (((VireoDomainGraphics *) g_ptr_array_index (after->graphics, 0))->port, 5910);
    assert_false (((VireoDomainGraphics *) g_ptr_array_index (after->graphics, 0))->autoport);
    return result;
  }
}

static char *
edit_set_password (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  if (config->graphics->len == 0)
    return NULL;
  *expected = g_strdup_printf ("/domain/devices/graphics[%s]/@passwd",
                               ((VireoDomainGraphics *) g_ptr_array_index (config->graphics, 0))->type);
  {
    char *result = vireo_domain_edit_set_graphics_password (xml, NULL, "n3w-pass'word\"", error);
    g_autoptr(VireoDomainConfig) after = read_back (result);

    assert_string_equal (((VireoDomainGraphics *) g_ptr_array_index (after->graphics, 0))->password,
                         "n3w-pass'word\"");
    return result;
  }
}

static char *
edit_clear_password (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  for (guint i = 0; i < config->graphics->len; i++)
    {
      const VireoDomainGraphics *graphics = g_ptr_array_index (config->graphics, i);

      if (graphics->has_password)
        {
          *expected = g_strdup_printf ("/domain/devices/graphics[%s]/@passwd", graphics->type);
          return vireo_domain_edit_set_graphics_password (xml, graphics->type, NULL, error);
        }
    }
  return NULL;
}

static char *
edit_set_video (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  if (config->video_model == NULL)
    *expected = g_strdup ("+/domain/devices/video");
  else if (strcmp (config->video_model, "virtio") == 0)
    *expected = g_strdup ("");
  else if (strcmp (config->video_model, "qxl") == 0)
    *expected = details_paths ("/domain/devices/video/model/@type", "/domain/devices/video/model/@ram",
                               "/domain/devices/video/model/@vram", "/domain/devices/video/model/@vgamem", NULL);
  else
    *expected = g_strdup ("/domain/devices/video/model/@type");
  return vireo_domain_edit_set_video_model (xml, "virtio", error);
}

static void
test_graphics_video (void **state)
{
  const char *xml = corpus_xml ("09-");
  g_autofree char *copy = g_strdup (xml);
  const char *headless = corpus_xml ("28-");
  g_autofree char *headless_copy = g_strdup (headless);
  g_autoptr(GError) error = NULL;
  g_autofree char *spice = NULL;
  g_autofree char *diff = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;
  g_autoptr(VireoDomainConfig) secrets = NULL;

  run_on_corpus (edit_set_listen, 35, "set listen address");
  run_on_corpus (edit_set_port, 35, "set port");
  run_on_corpus (edit_set_password, 35, "set password");
  run_on_corpus (edit_clear_password, 2, "clear password");
  run_on_corpus (edit_set_video, 45, "set video model");

  /* By type: the SPICE display of a VM that has VNC first; automatic port. */
  spice = vireo_domain_edit_set_graphics_port (xml, "spice", 5930, &error);
  diff = details_xml_diff (xml, spice);
  assert_string_equal (diff, "/domain/devices/graphics[spice]/@autoport\n/domain/devices/graphics[spice]/@port");

  /* The password is only in the model when asked for. */
  config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
  secrets = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_SECRETS, &error);
  assert_true (((VireoDomainGraphics *) g_ptr_array_index (config->graphics, 0))->has_password);
  assert_null (((VireoDomainGraphics *) g_ptr_array_index (config->graphics, 0))->password);
  assert_string_equal (((VireoDomainGraphics *) g_ptr_array_index (secrets->graphics, 0))->password, "s3cret");

  assert_refused (vireo_domain_edit_set_graphics_listen (xml, NULL, "not-an-ip", &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_graphics_port (xml, "vnc", 5000, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_graphics_port (xml, "spice", 70000, &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_graphics_password (xml, NULL, "", &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_graphics_listen (xml, "sdl", "127.0.0.1", &error), error, xml, copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_graphics_port (headless, NULL, -1, &error), error, headless, headless_copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_set_video_model (xml, "voodoo", &error), error, xml, copy);
}

/* Input, sound, serial -------------------------------------------------------------------------- */

static gboolean
has_tablet (const VireoDomainConfig *config)
{
  for (guint i = 0; i < config->inputs->len; i++)
    {
      const VireoDomainInput *input = g_ptr_array_index (config->inputs, i);

      if (g_strcmp0 (input->type, "tablet") == 0 && g_strcmp0 (input->bus, "usb") == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
edit_add_tablet (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  if (has_tablet (config))
    return NULL;
  *expected = g_strdup ("+/domain/devices/input[tablet:usb]");
  return vireo_domain_edit_add_tablet (xml, error);
}

static char *
edit_remove_tablet (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  if (!has_tablet (config))
    return NULL;
  *expected = g_strdup ("-/domain/devices/input[tablet:usb]");
  return vireo_domain_edit_remove_tablet (xml, error);
}

static char *
edit_add_sound (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  *expected = g_strdup ("+/domain/devices/sound[ich9]");
  return vireo_domain_edit_add_sound (xml, "ich9", error);
}

static char *
edit_remove_sound (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  const char *model = config->sound_models[0];

  if (model == NULL)
    return NULL;
  *expected = g_strdup_printf ("-/domain/devices/sound[%s]", model);
  return vireo_domain_edit_remove_sound (xml, model, error);
}

static gboolean
has_pty_serial (const VireoDomainConfig *config,
                gboolean                *has_console,
                gboolean                *has_serial_console)
{
  gboolean serial = FALSE;

  *has_console = *has_serial_console = FALSE;
  for (guint i = 0; i < config->chardevs->len; i++)
    {
      const VireoDomainChardev *chardev = g_ptr_array_index (config->chardevs, i);

      if (strcmp (chardev->kind, "serial") == 0 && g_strcmp0 (chardev->type, "pty") == 0)
        serial = TRUE;
      if (strcmp (chardev->kind, "console") == 0)
        {
          *has_console = TRUE;
          if (g_strcmp0 (chardev->type, "pty") == 0 && g_strcmp0 (chardev->target_type, "serial") == 0)
            *has_serial_console = TRUE;
        }
    }
  return serial;
}

static char *
edit_add_serial (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  gboolean console, serial_console;

  if (has_pty_serial (config, &console, &serial_console))
    return NULL;
  *expected = console ? g_strdup ("+/domain/devices/serial[pty]")
                      : details_paths ("+/domain/devices/serial[pty]", "+/domain/devices/console[pty]", NULL);
  return vireo_domain_edit_add_serial_console (xml, error);
}

static char *
edit_remove_serial (const char *xml, const VireoDomainConfig *config, char **expected, GError **error)
{
  gboolean console, serial_console;

  if (!has_pty_serial (config, &console, &serial_console))
    return NULL;
  *expected = serial_console ? details_paths ("-/domain/devices/serial[pty]", "-/domain/devices/console[pty]", NULL)
                             : g_strdup ("-/domain/devices/serial[pty]");
  return vireo_domain_edit_remove_serial_console (xml, error);
}

static void
test_input_sound_serial (void **state)
{
  const char *with = corpus_xml ("01-");
  g_autofree char *with_copy = g_strdup (with);
  const char *without = corpus_xml ("04-");
  g_autofree char *without_copy = g_strdup (without);
  g_autoptr(GError) error = NULL;
  g_autofree char *serial_file = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  run_on_corpus (edit_add_tablet, 20, "add tablet");
  run_on_corpus (edit_remove_tablet, 12, "remove tablet");
  run_on_corpus (edit_add_sound, 45, "add sound");
  run_on_corpus (edit_remove_sound, 7, "remove sound");
  run_on_corpus (edit_add_serial, 35, "add serial console");
  run_on_corpus (edit_remove_serial, 6, "remove serial console");

  /* Beside a file serial port on 0, the pty one takes port 1. */
  serial_file = vireo_domain_edit_add_serial_console (corpus_xml ("20-"), &error);
  config = vireo_domain_config_parse (serial_file, VIREO_DOMAIN_CONFIG_PARSE_NONE, &error);
  for (guint i = 0; i < config->chardevs->len; i++)
    {
      const VireoDomainChardev *chardev = g_ptr_array_index (config->chardevs, i);

      if (g_strcmp0 (chardev->type, "pty") == 0)
        assert_int_equal (chardev->target_port, 1);
    }

  assert_refused (vireo_domain_edit_add_tablet (with, &error), error, with, with_copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_remove_tablet (without, &error), error, without, without_copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_sound (with, "soundblaster", &error), error, with, with_copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_remove_sound (with, "ac97", &error), error, with, with_copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_add_serial_console (with, &error), error, with, with_copy);
  g_clear_error (&error);
  assert_refused (vireo_domain_edit_remove_serial_console (without, &error), error, without, without_copy);
}

/* Device XML for hot-apply ---------------------------------------------------------------------- */

static void
test_device_snippets (void **state)
{
  const char *xml = corpus_xml ("01-");
  g_autoptr(GError) error = NULL;
  VireoDomainDiskSpec spec = { .path = "/srv/extra.qcow2", .format = "qcow2" };
  g_autofree char *target = NULL;
  g_autofree char *added = vireo_domain_edit_add_disk (xml, &spec, &target, &error);
  g_autofree char *disk = vireo_domain_edit_dup_disk_xml (added, target, &error);
  g_autofree char *down = vireo_domain_edit_set_nic_link (xml, "52:54:00:11:20:33", FALSE, &error);
  g_autofree char *nic = vireo_domain_edit_dup_nic_xml (down, "52:54:00:11:20:33", &error);
  g_autofree char *ejected = vireo_domain_edit_change_media (xml, "sda", NULL, &error);
  g_autofree char *cdrom = vireo_domain_edit_dup_disk_xml (ejected, "sda", &error);
  g_autofree char *tablet = vireo_domain_edit_dup_tablet_xml (xml, &error);
  g_autofree char *pretty = NULL;

  assert_null (error);
  assert_string_equal (target, "vdb");
  assert_xpath (disk, "/disk/source/@file", "/srv/extra.qcow2");
  assert_xpath (disk, "/disk/driver/@type", "qcow2");
  assert_xpath (disk, "/disk/target/@dev", "vdb");
  assert_xpath (nic, "/interface/link/@state", "down");
  assert_xpath (nic, "/interface/mac/@address", "52:54:00:11:20:33");
  assert_xpath (cdrom, "/disk/@device", "cdrom");
  assert_xpath (cdrom, "count(/disk/source)", "0");
  assert_xpath (cdrom, "count(/disk/readonly)", "1");
  assert_string_equal (tablet, "<input type=\"tablet\" bus=\"usb\"/>");

  /* Added elements are indented like their siblings. */
  pretty = g_strdup (strstr (added, "<disk type=\"file\" device=\"disk\">\n      <driver name=\"qemu\" type=\"qcow2\"/>\n"
                                    "      <source file=\"/srv/extra.qcow2\"/>\n      <target dev=\"vdb\" bus=\"virtio\"/>\n"
                                    "    </disk>\n  </devices>"));
  if (pretty == NULL)
    {
      g_printerr ("%s\n", added);
      fail_msg ("not indented like its siblings");
    }

  /* A document written without whitespace stays so. */
  {
    g_autofree char *compact = vireo_domain_edit_add_sound (corpus_xml ("45-"), "ac97", &error);

    assert_non_null (strstr (compact, "<input type=\"tablet\" bus=\"usb\"/><sound model=\"ac97\"/></devices></domain>"));
  }

  assert_null (vireo_domain_edit_dup_nic_xml (xml, "52:54:00:00:00:02", &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
}

/* Unknown content survives ---------------------------------------------------------------------- */

static void
test_unknown_content_survives (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = vireo_domain_edit_set_title (corpus_xml ("10-"), "t", &error);
  g_autofree char *b = vireo_domain_edit_add_tablet (corpus_xml ("11-"), &error);
  g_autofree char *c = vireo_domain_edit_set_memory (corpus_xml ("35-"), 1024, 2048, &error);

  assert_xpath (a, "/domain/metadata/acme:inventory/acme:owner", "alice");
  assert_non_null (strstr (a, "<!-- managed by acme provisioning -->"));
  assert_non_null (strstr (a, "<!-- end -->"));
  assert_non_null (strstr (b, "<?xml-stylesheet type=\"text/xsl\" href=\"domain.xsl\"?>"));
  assert_non_null (strstr (b, "<?acme keep?>"));
  assert_non_null (strstr (b, "<!-- the system disk -->"));
  assert_non_null (strstr (c, "<qemu:arg value=\"-newarg\"/>"));
}

/* Malformed XML --------------------------------------------------------------------------------- */

static void
test_validate_xml (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) broken = g_string_new (NULL);
  const char *xml = corpus_xml ("01-");
  g_auto(GStrv) lines = g_strsplit (xml, "\n", -1);
  int line = -1;

  assert_true (vireo_domain_edit_validate_xml (xml, &line, &error));
  assert_int_equal (line, 0);
  assert_null (error);

  /* line 12 closes the wrong tag */
  assert_non_null (strstr (lines[11], "<currentMemory"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i == 11)
        g_string_append (broken, "  <currentMemory unit='KiB'>2097152</currentMemroy>");
      else
        g_string_append (broken, lines[i]);
      g_string_append_c (broken, '\n');
    }
  assert_false (vireo_domain_edit_validate_xml (broken->str, &line, &error));
  assert_int_equal (line, 12);
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
  if (!g_str_has_prefix (error->message, "line 12: "))
    fail_msg ("wrong line: %s", error->message);
  g_clear_error (&error);

  assert_false (vireo_domain_edit_validate_xml ("<domain>\n<name>x</name>\n</domian>", &line, &error));
  assert_int_equal (line, 3);
  assert_true (g_str_has_prefix (error->message, "line 3: "));
  g_clear_error (&error);
  /* An element opened and never closed: libxml2's last complaint is at the end of the document;
   * the line shown is where the mistake is. */
  assert_false (vireo_domain_edit_validate_xml ("<domain>\n<name>x</name>\n<title><oops>web</title>\n"
                                                "<memory>1</memory>\n\n\n</domain>\n", &line, &error));
  assert_int_equal (line, 3);
  if (!g_str_has_prefix (error->message, "line 3: "))
    fail_msg ("wrong line: %s", error->message);
  g_clear_error (&error);
  assert_false (vireo_domain_edit_validate_xml ("<network/>", &line, &error));
  assert_int_equal (line, 1);
  assert_true (g_str_has_prefix (error->message, "line 1: "));
  g_clear_error (&error);
  assert_false (vireo_domain_edit_validate_xml ("", &line, &error));
  assert_int_equal (line, 0);
  g_clear_error (&error);
  assert_false (vireo_domain_edit_validate_xml ("<!DOCTYPE d [<!ENTITY e \"x\">]>\n<domain>&e;</domain>", &line, &error));
  assert_int_equal (line, 1);
  g_clear_error (&error);

  /* the edits refuse malformed XML too */
  assert_null (vireo_domain_edit_set_title ("<domain><name>x</name>", "t", &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_corpus_validates),
    cmocka_unit_test (test_diff_helper),
    cmocka_unit_test (test_libvirt_check),
    cmocka_unit_test (test_title_description),
    cmocka_unit_test (test_vcpus_cpu_mode),
    cmocka_unit_test (test_memory),
    cmocka_unit_test (test_boot),
    cmocka_unit_test (test_disks),
    cmocka_unit_test (test_disk_targets),
    cmocka_unit_test (test_nics),
    cmocka_unit_test (test_graphics_video),
    cmocka_unit_test (test_input_sound_serial),
    cmocka_unit_test (test_device_snippets),
    cmocka_unit_test (test_unknown_content_survives),
    cmocka_unit_test (test_validate_xml),
  };

  return cmocka_run_group_tests_name ("domain-edit", tests, group_setup, group_teardown);
}
