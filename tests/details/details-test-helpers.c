/* details-test-helpers.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "details-test-helpers.h"
#include "vireo-test-utils.h"

static void
entry_free (DetailsCorpusEntry *entry)
{
  g_free (entry->name);
  g_free (entry->xml);
  g_free (entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const DetailsCorpusEntry *x = *(DetailsCorpusEntry * const *) a;
  const DetailsCorpusEntry *y = *(DetailsCorpusEntry * const *) b;

  return strcmp (x->name, y->name);
}

GPtrArray *
details_corpus_load (void)
{
  g_autofree char *dir_path = vireo_test_srcdir_path ("data", "domain", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *corpus = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  const char *name;

  assert_non_null (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      DetailsCorpusEntry *entry;
      g_autofree char *path = NULL;

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      entry = g_new0 (DetailsCorpusEntry, 1);
      entry->name = g_strdup (name);
      path = g_build_filename (dir_path, name, NULL);
      if (!g_file_get_contents (path, &entry->xml, NULL, NULL))
        fail_msg ("cannot read %s", path);
      g_ptr_array_add (corpus, entry);
    }
  g_ptr_array_sort (corpus, compare_entries);
  return corpus;
}

/* RelaxNG --------------------------------------------------------------------------------------- */

static xmlRelaxNGPtr domain_rng;
static GString *rng_errors;

static void
collect_rng_error (void       *ctx,
                   const char *format,
                   ...)
{
  va_list args;

  va_start (args, format);
  g_string_append_vprintf (rng_errors, format, args);
  va_end (args);
}

char *
details_rng_check (const char *xml)
{
  xmlDocPtr doc;
  xmlRelaxNGValidCtxtPtr valid;
  int ret;

  if (domain_rng == NULL)
    {
      const char *dir = g_getenv ("VIREO_LIBVIRT_SCHEMAS");
      g_autofree char *path = g_build_filename (dir != NULL ? dir : "/usr/share/libvirt/schemas",
                                                "domain.rng", NULL);
      xmlRelaxNGParserCtxtPtr parser = xmlRelaxNGNewParserCtxt (path);

      domain_rng = xmlRelaxNGParse (parser);
      xmlRelaxNGFreeParserCtxt (parser);
      if (domain_rng == NULL)
        fail_msg ("could not load the schema %s", path);
    }

  doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
  if (doc == NULL)
    return g_strdup ("not well-formed");
  rng_errors = g_string_new (NULL);
  valid = xmlRelaxNGNewValidCtxt (domain_rng);
  xmlRelaxNGSetValidErrors (valid, collect_rng_error, collect_rng_error, NULL);
  ret = xmlRelaxNGValidateDoc (valid, doc);
  xmlRelaxNGFreeValidCtxt (valid);
  xmlFreeDoc (doc);
  if (ret == 0)
    {
      g_string_free (rng_errors, TRUE);
      rng_errors = NULL;
      return NULL;
    }
  if (rng_errors->len == 0)
    g_string_append (rng_errors, "does not validate");
  return g_string_free (g_steal_pointer (&rng_errors), FALSE);
}

void
details_rng_shutdown (void)
{
  g_clear_pointer (&domain_rng, xmlRelaxNGFree);
}

/* libvirt's parser ------------------------------------------------------------------------------- */

static virConnectPtr test_connection;

static void
quiet_error (void        *data,
             virErrorPtr  error)
{
}

char *
details_libvirt_check (const char *xml)
{
  g_autoptr(GRegex) type = g_regex_new ("<domain type=['\"][a-z]+['\"]", 0, 0, NULL);
  g_autofree char *as_test = g_regex_replace_literal (type, xml, -1, 0, "<domain type='test'", 0, NULL);
  virDomainPtr domain;

  if (test_connection == NULL)
    {
      virSetErrorFunc (NULL, quiet_error);
      test_connection = virConnectOpen ("test:///default");
      if (test_connection == NULL)
        fail_msg ("cannot open test:///default");
    }

  domain = virDomainDefineXML (test_connection, as_test);
  if (domain == NULL)
    {
      virErrorPtr error = virGetLastError ();

      return g_strdup (error != NULL && error->message != NULL ? error->message : "define failed");
    }
  virDomainUndefine (domain);
  virDomainFree (domain);
  return NULL;
}

void
details_libvirt_shutdown (void)
{
  g_clear_pointer (&test_connection, virConnectClose);
}

/* Tree diff ------------------------------------------------------------------------------------- */

static gboolean
significant (xmlNode *node)
{
  switch (node->type)
    {
    case XML_ELEMENT_NODE:
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
    case XML_CDATA_SECTION_NODE:
      return TRUE;
    case XML_TEXT_NODE:
      return !xmlIsBlankNode (node);
    default:
      return FALSE;
    }
}

static GPtrArray *
children_of (xmlNode *node)
{
  GPtrArray *children = g_ptr_array_new ();

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (significant (child))
      g_ptr_array_add (children, child);
  return children;
}

static char *
prop (xmlNode    *node,
      const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy = g_strdup (value != NULL ? (const char *) value : "");

  xmlFree (value);
  return copy;
}

static char *
child_prop (xmlNode    *node,
            const char *child_name,
            const char *name)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE && strcmp ((const char *) child->name, child_name) == 0)
      return prop (child, name);
  return g_strdup ("");
}

static char *
element_name (xmlNode *node)
{
  if (node->ns != NULL && node->ns->prefix != NULL)
    return g_strdup_printf ("%s:%s", node->ns->prefix, node->name);
  return g_strdup ((const char *) node->name);
}

/* The path segment naming @node among its siblings. */
static char *
segment (xmlNode *node)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;

  switch (node->type)
    {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      return g_strdup ("text()");
    case XML_COMMENT_NODE:
      return g_strdup ("comment()");
    case XML_PI_NODE:
      return g_strdup_printf ("processing-instruction(%s)", node->name);
    default:
      break;
    }

  name = element_name (node);
  if (node->ns == NULL)
    {
      if (strcmp (name, "disk") == 0)
        key = child_prop (node, "target", "dev");
      else if (strcmp (name, "interface") == 0)
        key = child_prop (node, "mac", "address");
      else if (strcmp (name, "graphics") == 0 || strcmp (name, "serial") == 0 ||
               strcmp (name, "console") == 0)
        key = prop (node, "type");
      else if (strcmp (name, "input") == 0)
        {
          g_autofree char *type = prop (node, "type");
          g_autofree char *bus = prop (node, "bus");

          key = g_strdup_printf ("%s:%s", type, bus);
        }
      else if (strcmp (name, "sound") == 0)
        key = prop (node, "model");
      else if (strcmp (name, "boot") == 0 && node->parent != NULL &&
               strcmp ((const char *) node->parent->name, "os") == 0)
        key = prop (node, "dev");
    }

  if (key != NULL)
    return g_strdup_printf ("%s[%s]", name, key);
  return g_steal_pointer (&name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A canonical text of @node's subtree: attributes sorted, blank text dropped. */
static void
canonical (xmlNode *node,
           GString *out)
{
  switch (node->type)
    {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      g_string_append_printf (out, "T{%s}", node->content);
      return;
    case XML_COMMENT_NODE:
      g_string_append_printf (out, "C{%s}", node->content);
      return;
    case XML_PI_NODE:
      g_string_append_printf (out, "P{%s %s}", node->name, node->content != NULL ? (char *) node->content : "");
      return;
    default:
      break;
    }

  {
    g_autofree char *name = element_name (node);
    g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) children = children_of (node);

    for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next)
      {
        xmlChar *value = xmlNodeGetContent ((xmlNode *) attribute);

        g_ptr_array_add (attributes, g_strdup_printf ("%s=%s", attribute->name, value));
        xmlFree (value);
      }
    g_ptr_array_sort (attributes, compare_strings);

    g_string_append_printf (out, "<%s", name);
    for (guint i = 0; i < attributes->len; i++)
      g_string_append_printf (out, " %s", (char *) g_ptr_array_index (attributes, i));
    g_string_append (out, ">");
    for (guint i = 0; i < children->len; i++)
      canonical (g_ptr_array_index (children, i), out);
    g_string_append (out, "</>");
  }
}

static char *
canonical_text (xmlNode *node)
{
  GString *out = g_string_new (NULL);

  canonical (node, out);
  return g_string_free (out, FALSE);
}

static void diff_nodes (xmlNode *a, xmlNode *b, const char *path, GHashTable *changes);

static void
diff_attributes (xmlNode    *a,
                 xmlNode    *b,
                 const char *path,
                 GHashTable *changes)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name;

  for (xmlAttr *attribute = a->properties; attribute != NULL; attribute = attribute->next)
    g_hash_table_add (names, (gpointer) attribute->name);
  for (xmlAttr *attribute = b->properties; attribute != NULL; attribute = attribute->next)
    g_hash_table_add (names, (gpointer) attribute->name);

  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      xmlChar *x = xmlGetProp (a, name);
      xmlChar *y = xmlGetProp (b, name);

      if ((x == NULL) != (y == NULL) || (x != NULL && strcmp ((char *) x, (char *) y) != 0))
        g_hash_table_add (changes, g_strdup_printf ("%s/@%s", path, (char *) name));
      xmlFree (x);
      xmlFree (y);
    }
}

static void
diff_children (xmlNode    *a,
               xmlNode    *b,
               const char *path,
               GHashTable *changes)
{
  g_autoptr(GPtrArray) xs = children_of (a);
  g_autoptr(GPtrArray) ys = children_of (b);
  g_autoptr(GPtrArray) xc = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) yc = g_ptr_array_new_with_free_func (g_free);
  guint n = xs->len, m = ys->len;
  g_autofree guint *lcs = g_new0 (guint, (n + 1) * (m + 1));
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  guint i, j;
  guint last_i = 0, last_j = 0;

  for (i = 0; i < n; i++)
    g_ptr_array_add (xc, canonical_text (g_ptr_array_index (xs, i)));
  for (j = 0; j < m; j++)
    g_ptr_array_add (yc, canonical_text (g_ptr_array_index (ys, j)));

#define LCS(i, j) lcs[(i) * (m + 1) + (j)]
  for (i = n; i-- > 0;)
    for (j = m; j-- > 0;)
      LCS (i, j) = strcmp (g_ptr_array_index (xc, i), g_ptr_array_index (yc, j)) == 0
                   ? LCS (i + 1, j + 1) + 1 : MAX (LCS (i + 1, j), LCS (i, j + 1));

  /* The matched pairs, then a sentinel past both ends. */
  for (i = 0, j = 0; i < n && j < m;)
    {
      if (strcmp (g_ptr_array_index (xc, i), g_ptr_array_index (yc, j)) == 0)
        {
          guint pair[2] = { i, j };

          g_array_append_val (pairs, pair);
          i++, j++;
        }
      else if (LCS (i + 1, j) >= LCS (i, j + 1))
        i++;
      else
        j++;
    }
#undef LCS
  {
    guint sentinel[2] = { n, m };

    g_array_append_val (pairs, sentinel);
  }

  /* Between matches: same-named nodes are compared inside, the rest were removed or added. */
  for (guint p = 0; p < pairs->len; p++)
    {
      guint *pair = &g_array_index (pairs, guint, p * 2);
      g_autoptr(GPtrArray) removed = g_ptr_array_new ();
      g_autoptr(GPtrArray) added = g_ptr_array_new ();

      for (i = last_i; i < pair[0]; i++)
        g_ptr_array_add (removed, g_ptr_array_index (xs, i));
      for (j = last_j; j < pair[1]; j++)
        g_ptr_array_add (added, g_ptr_array_index (ys, j));

      for (i = 0; i < removed->len; i++)
        {
          xmlNode *x = g_ptr_array_index (removed, i);
          g_autofree char *x_segment = segment (x);
          gboolean paired = FALSE;

          for (j = 0; j < added->len && !paired; j++)
            {
              xmlNode *y = g_ptr_array_index (added, j);
              g_autofree char *y_segment = NULL;

              if (y == NULL)
                continue;
              y_segment = segment (y);
              if (strcmp (x_segment, y_segment) == 0)
                {
                  g_autofree char *child_path = g_strdup_printf ("%s/%s", path, x_segment);

                  diff_nodes (x, y, child_path, changes);
                  g_ptr_array_index (added, j) = NULL;
                  paired = TRUE;
                }
            }
          if (!paired)
            g_hash_table_add (changes, g_strdup_printf ("-%s/%s", path, x_segment));
        }
      for (j = 0; j < added->len; j++)
        if (g_ptr_array_index (added, j) != NULL)
          {
            g_autofree char *y_segment = segment (g_ptr_array_index (added, j));

            g_hash_table_add (changes, g_strdup_printf ("+%s/%s", path, y_segment));
          }

      last_i = pair[0] + 1;
      last_j = pair[1] + 1;
    }
}

static void
diff_nodes (xmlNode    *a,
            xmlNode    *b,
            const char *path,
            GHashTable *changes)
{
  if (a->type != XML_ELEMENT_NODE)
    {
      g_autofree char *x = canonical_text (a);
      g_autofree char *y = canonical_text (b);

      if (strcmp (x, y) != 0)
        g_hash_table_add (changes, g_strdup (path));
      return;
    }

  diff_attributes (a, b, path, changes);
  diff_children (a, b, path, changes);
}

static xmlDoc *
read_doc (const char *xml)
{
  xmlDoc *doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);

  if (doc == NULL)
    fail_msg ("not well-formed:\n%s", xml);
  return doc;
}

char *
details_xml_diff (const char *before,
                  const char *after)
{
  xmlDoc *a = read_doc (before);
  xmlDoc *b = read_doc (after);
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer path;

  diff_children ((xmlNode *) a, (xmlNode *) b, "", changes);
  xmlFreeDoc (a);
  xmlFreeDoc (b);

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    g_ptr_array_add (paths, path);
  return details_paths_from_array (paths);
}

char *
details_paths_from_array (GPtrArray *paths)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (paths, compare_strings);
  for (guint i = 0; i < paths->len; i++)
    {
      if (i > 0 && strcmp (g_ptr_array_index (paths, i), g_ptr_array_index (paths, i - 1)) == 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, g_ptr_array_index (paths, i));
    }
  return g_string_free (out, FALSE);
}

char *
details_paths (const char *first,
               ...)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *path = first; path != NULL; path = va_arg (args, const char *))
    g_ptr_array_add (paths, (gpointer) path);
  va_end (args);
  return details_paths_from_array (paths);
}

char *
details_xpath_string (const char *xml,
                      const char *xpath)
{
  xmlDoc *doc = read_doc (xml);
  xmlXPathContext *context = xmlXPathNewContext (doc);
  g_autofree char *expression = g_strdup_printf ("string(%s)", xpath);
  xmlXPathObject *result;
  xmlChar *value;
  char *copy;

  xmlXPathRegisterNs (context, (const xmlChar *) "libosinfo",
                      (const xmlChar *) "http://libosinfo.org/xmlns/libvirt/domain/1.0");
  xmlXPathRegisterNs (context, (const xmlChar *) "acme",
                      (const xmlChar *) "http://acme.example.com/xmlns/inventory/1");
  result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  if (result == NULL)
    fail_msg ("bad XPath %s", xpath);
  value = xmlXPathCastToString (result);
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
  return copy;
}
