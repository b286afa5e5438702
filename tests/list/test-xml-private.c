/* test-xml-private.c: the libxml2 helpers that edit libvirt XML in place
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vireo-error.h"
#include "vireo-test-utils.h"
#include "vireo-xml-private.h"

static const char domain_xml[] =
  "<domain type='kvm'>\n"
  "  <name>web</name>\n"
  "  <uuid>6695eb01-f6a4-8304-79aa-97f2502e2000</uuid>\n"
  "  <metadata><x:future xmlns:x='https://example.org/x' x:level='9'>kept</x:future></metadata>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'><source file='/a.qcow2'/><target dev='vda'/></disk>\n"
  "    <disk type='file' device='cdrom'><source file='/b.iso'/><target dev='sda'/></disk>\n"
  "    <interface type='network'><mac address='52:54:00:00:00:01'/></interface>\n"
  "    <sparkle colour='gold'/>\n"
  "  </devices>\n"
  "</domain>\n";

static void
test_edit_keeps_unknown (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlDoc) doc = _vireo_xml_parse (domain_xml, &error);
  g_autoptr(xmlXPathContext) context = NULL;
  g_autoptr(GPtrArray) disks = NULL;
  g_autofree char *out = NULL;
  g_autofree char *file = NULL;
  g_autofree char *missing = NULL;
  xmlNode *source;

  assert_null (error);
  assert_non_null (doc);
  context = _vireo_xml_context_new (doc);

  disks = _vireo_xml_find_nodes (context, NULL, "/domain/devices/disk");
  assert_int_equal (disks->len, 2);
  file = _vireo_xml_get_string (context, g_ptr_array_index (disks, 1), "string(./source/@file)");
  assert_string_equal (file, "/b.iso");
  missing = _vireo_xml_get_string (context, NULL, "string(/domain/title)");
  assert_null (missing);
  assert_null (_vireo_xml_find_node (context, NULL, "/domain/title"));

  source = _vireo_xml_find_node (context, g_ptr_array_index (disks, 0), "./source");
  /* Values are text: quotes and ampersands come out escaped, and read back the same. */
  _vireo_xml_set_attribute (source, "file", "/x & 'y'.qcow2");
  _vireo_xml_set_text (_vireo_xml_ensure_child (xmlDocGetRootElement (doc), "name"), "a <b> & c");
  _vireo_xml_set_text (_vireo_xml_ensure_child (xmlDocGetRootElement (doc), "title"), "T");
  assert_int_equal (_vireo_xml_remove_nodes (context, NULL, "/domain/uuid | /domain/devices/interface/mac"), 2);
  /* Nested matches are removed once. */
  assert_int_equal (_vireo_xml_remove_nodes (context, NULL, "/domain/devices/disk[2] | /domain/devices/disk[2]/source"), 1);
  _vireo_xml_set_attribute (g_ptr_array_index (disks, 0), "device", NULL);

  out = _vireo_xml_to_string (doc);
  assert_null (strstr (out, "<?xml"));
  assert_null (strstr (out, "<uuid>"));
  assert_null (strstr (out, "<mac"));
  assert_null (strstr (out, "/b.iso"));
  assert_null (strstr (out, "device="));
  assert_non_null (strstr (out, "<sparkle colour=\"gold\"/>"));
  assert_non_null (strstr (out, "x:level=\"9\""));
  assert_non_null (strstr (out, ">kept</x:future>"));
  assert_non_null (strstr (out, "<name>a &lt;b&gt; &amp; c</name>"));
  assert_non_null (strstr (out, "<title>T</title>"));

  /* And it parses back to the same values. */
  {
    g_autoptr(xmlDoc) again = _vireo_xml_parse (out, NULL);
    g_autoptr(xmlXPathContext) again_context = _vireo_xml_context_new (again);
    g_autofree char *name = _vireo_xml_get_string (again_context, NULL, "string(/domain/name)");
    g_autofree char *path = _vireo_xml_get_string (again_context, NULL,
                                                   "string(/domain/devices/disk/source/@file)");
    g_autofree char *colour = _vireo_xml_get_attribute (_vireo_xml_find_node (again_context, NULL,
                                                                              "//sparkle"), "colour");

    assert_string_equal (name, "a <b> & c");
    assert_string_equal (path, "/x & 'y'.qcow2");
    assert_string_equal (colour, "gold");
  }
}

static void
test_refuses_unsafe_documents (void **state)
{
  const char *bad[] = {
    /* entities (billion laughs starts here) */
    "<!DOCTYPE d [<!ENTITY a 'aaaa'>]><domain>&a;</domain>",
    /* an external DTD that must never be fetched */
    "<!DOCTYPE domain SYSTEM 'http://127.0.0.1:9/evil.dtd'><domain/>",
    /* an external entity (XXE) */
    "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain>&x;</domain>",
    "<domain><name>unclosed</domain>",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(xmlDoc) doc = _vireo_xml_parse (bad[i], &error);

      assert_null (doc);
      assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
      assert_true (strlen (error->message) > 0);
    }
}

static void
test_autoptr_xml_char (void **state)
{
  g_autoptr(xmlDoc) doc = _vireo_xml_parse ("<a b='c'/>", NULL);
  g_autoptr(VireoXmlChar) value = xmlGetProp (xmlDocGetRootElement (doc), (const xmlChar *) "b");

  assert_string_equal ((const char *) value, "c");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_edit_keeps_unknown),
    cmocka_unit_test (test_refuses_unsafe_documents),
    cmocka_unit_test (test_autoptr_xml_char),
  };

  return cmocka_run_group_tests (tests, NULL, NULL);
}
