/* details-test-helpers.h: the domain XML corpus, RelaxNG validation and an XML tree diff
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;   /* "01-debian12-q35.xml" */
  char *xml;
} DetailsCorpusEntry;

/* Every XML file of tests/data/domain, sorted by name (transfer full). */
GPtrArray *details_corpus_load   (void);

/* NULL when @xml validates against libvirt's domain.rng, else the reasons (transfer full). */
char      *details_rng_check     (const char *xml);
void       details_rng_shutdown  (void);

/* NULL when libvirt's own parser (test:///default, the domain's type made 'test') accepts @xml
 * as a definition, else libvirt's message (transfer full). */
char      *details_libvirt_check (const char *xml);
void       details_libvirt_shutdown (void);

/*
 * The changes from @before to @after, one path a line, sorted: "/domain/title/text()",
 * "/domain/vcpu/@current", "+/domain/devices/disk[vdb]" (added), "-/domain/os/boot[hd]" (removed).
 * Whitespace-only text is ignored; comments and processing instructions count. Elements of which
 * there are several are named by a key: disk[target], interface[mac], graphics[type],
 * input[type:bus], sound[model], serial[type], console[type], boot[dev]; others by their name
 * alone. Children are aligned by their longest common subsequence, so an inserted element is one
 * "+" line.
 */
char      *details_xml_diff      (const char *before,
                                  const char *after);

/* The string value of @xpath in @xml (namespaces libosinfo and acme registered); "" when absent. */
char      *details_xpath_string  (const char *xml,
                                  const char *xpath);

/* "@a\n@b" from a NULL-terminated list, sorted; the format details_xml_diff() answers in. */
char      *details_paths         (const char *first,
                                  ...) G_GNUC_NULL_TERMINATED;
char      *details_paths_from_array (GPtrArray *paths);

G_END_DECLS
