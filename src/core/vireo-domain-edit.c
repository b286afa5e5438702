/* vireo-domain-edit.c: the overview, CPUs, memory and boot edits, and the XML editor's check
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-edit"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "vireo-domain-config.h"
#include "vireo-domain-edit.h"
#include "vireo-domain-edit-private.h"
#include "vireo-error.h"
#include "vireo-xml-private.h"

/* Overview -------------------------------------------------------------------------------------- */

static const char * const after_description[] = {
  "metadata", "maxMemory", "memory", "currentMemory", "blkiotune", "memtune", "memoryBacking",
  "vcpu", "vcpus", "iothreads", "cputune", "numatune", "resource", "sysinfo", "bootloader", "os",
  "features", "cpu", "clock", "on_poweroff", "on_reboot", "on_crash", "pm", "devices", NULL
};

static char *
set_text_element (const char  *xml,
                  const char  *name,
                  const char  *text,
                  GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *node;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;

  node = _vireo_edit_child_element (edit.root, name);
  if (text == NULL || *text == '\0')
    {
      if (node != NULL)
        _vireo_edit_remove_node (node);
      return _vireo_edit_finish (&edit);
    }

  if (node == NULL)
    {
      /* A title goes before the description, both after name, uuid and genid. */
      const char * const *before = after_description;
      const char *with_description[G_N_ELEMENTS (after_description) + 1] = { "description", };

      if (strcmp (name, "title") == 0)
        {
          memcpy (with_description + 1, after_description, sizeof after_description);
          before = with_description;
        }
      node = _vireo_edit_ensure_child_before (edit.root, name, before);
    }
  _vireo_xml_set_text (node, text);
  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_title (const char  *xml,
                             const char  *title,
                             GError     **error)
{
  if (title != NULL && strpbrk (title, "\r\n") != NULL)
    {
      _vireo_edit_invalid (error, _("The title '%s' has more than one line: keep it to one line and put the rest "
                        "in the description."), title);
      return NULL;
    }
  return set_text_element (xml, "title", title, error);
}

char *
vireo_domain_edit_set_description (const char  *xml,
                                   const char  *description,
                                   GError     **error)
{
  return set_text_element (xml, "description", description, error);
}

/* CPUs and memory ------------------------------------------------------------------------------- */

char *
vireo_domain_edit_set_vcpus (const char  *xml,
                             guint        current,
                             guint        max,
                             GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *max_text = g_strdup_printf ("%u", max);
  g_autofree char *current_text = g_strdup_printf ("%u", current);
  xmlNode *topology;
  xmlNode *vcpu;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;

  if (max == 0 || current == 0)
    {
      _vireo_edit_invalid (error, _("A VM needs at least one virtual CPU."));
      return NULL;
    }
  if (current > max)
    {
      _vireo_edit_invalid (error, _("%u virtual CPUs are more than the maximum of %u: lower the number or raise the "
                        "maximum."), current, max);
      return NULL;
    }

  /* With <vcpus>, libvirt takes the count from the list and the current number from its enabled
   * entries: the list would have to be rewritten, which is the XML tab's job. */
  if (_vireo_xml_find_node (edit.context, NULL, "/domain/vcpus") != NULL)
    {
      g_autofree char *listed = _vireo_xml_get_string (edit.context, NULL, "count(/domain/vcpus/vcpu)");
      g_autofree char *enabled = _vireo_xml_get_string (edit.context, NULL,
                                                        "count(/domain/vcpus/vcpu[@enabled='yes'])");

      if (g_strcmp0 (listed, max_text) != 0 || g_strcmp0 (enabled, current_text) != 0)
        {
          _vireo_edit_invalid (error, _("The VM lists its virtual CPUs one by one (<vcpus>): change their number in "
                            "the XML tab."));
          return NULL;
        }
    }

  topology = _vireo_xml_find_node (edit.context, NULL, "/domain/cpu/topology");
  if (topology != NULL)
    {
      static const char * const factors[] = { "sockets", "dies", "clusters", "cores", "threads", NULL };
      guint64 cpus = 1;

      for (gsize i = 0; factors[i] != NULL; i++)
        {
          g_autofree char *value = _vireo_xml_get_attribute (topology, factors[i]);
          guint64 factor = 1;

          if (value != NULL && !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT16, &factor, NULL))
            factor = 1;
          cpus *= factor;
        }

      if (cpus != max)
        {
          _vireo_edit_invalid (error, _("The CPU topology makes %u CPUs, not the maximum of %u: change the maximum to "
                            "%u or the topology in the XML tab."),
                   (guint) cpus, max, (guint) cpus);
          return NULL;
        }
    }

  vcpu = _vireo_edit_ensure_child_before (edit.root, "vcpu", (const char *[]) {
                                "vcpus", "iothreads", "cputune", "numatune", "resource", "sysinfo",
                                "bootloader", "os", "features", "cpu", "clock", "devices", NULL });
  _vireo_xml_set_text (vcpu, max_text);
  if (current != max || xmlHasProp (vcpu, (const xmlChar *) "current") != NULL)
    _vireo_xml_set_attribute (vcpu, "current", current_text);

  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_cpu_mode (const char  *xml,
                                const char  *mode,
                                GError     **error)
{
  static const char * const modes[] = { "host-passthrough", "host-model", "maximum", "custom", NULL };
  g_auto(Edit) edit = { 0 };
  xmlNode *cpu;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;

  cpu = _vireo_edit_child_element (edit.root, "cpu");
  if (mode == NULL)
    {
      if (cpu != NULL)
        {
          xmlUnsetProp (cpu, (const xmlChar *) "mode");
          xmlUnsetProp (cpu, (const xmlChar *) "check");
          xmlUnsetProp (cpu, (const xmlChar *) "migratable");
          if (cpu->children == NULL || (xmlFirstElementChild (cpu) == NULL &&
                                        cpu->properties == NULL))
            _vireo_edit_remove_node (cpu);
        }
      return _vireo_edit_finish (&edit);
    }

  if (!_vireo_edit_in_list (mode, modes))
    {
      g_autofree char *known = _vireo_edit_list_text (modes);

      _vireo_edit_invalid (error, _("'%s' is not a CPU mode: choose one of %s."), mode, known);
      return NULL;
    }
  if (strcmp (mode, "custom") == 0 && (cpu == NULL || _vireo_edit_child_element (cpu, "model") == NULL))
    {
      _vireo_edit_invalid (error, _("The 'custom' CPU mode needs a CPU model: set one in the XML tab, or choose "
                        "'host-model' or 'host-passthrough'."));
      return NULL;
    }

  cpu = _vireo_edit_ensure_child_before (edit.root, "cpu", (const char *[]) {
                               "clock", "on_poweroff", "on_reboot", "on_crash", "pm", "perf",
                               "idmap", "devices", NULL });
  _vireo_xml_set_attribute (cpu, "mode", mode);
  /* migratable='on' only exists for host-passthrough and maximum. */
  if (strcmp (mode, "host-passthrough") != 0 && strcmp (mode, "maximum") != 0)
    xmlUnsetProp (cpu, (const xmlChar *) "migratable");

  return _vireo_edit_finish (&edit);
}

static void
set_memory_element (Edit       *edit,
                    const char *name,
                    guint64     kib,
                    const char * const *before)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
  xmlNode *node = _vireo_edit_ensure_child_before (edit->root, name, before);

  _vireo_xml_set_text (node, text);
  _vireo_xml_set_attribute (node, "unit", "KiB");
}

char *
vireo_domain_edit_set_memory (const char  *xml,
                              guint64      current_kib,
                              guint64      max_kib,
                              GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *max_memory = NULL;
  g_autofree char *max_memory_unit = NULL;
  guint64 limit = 0;

  if (!_vireo_edit_init (&edit, xml, error))
    return NULL;

  if (current_kib == 0 || max_kib == 0)
    {
      _vireo_edit_invalid (error, _("A VM needs some memory: give it at least 1 MiB."));
      return NULL;
    }
  if (current_kib > max_kib)
    {
      g_autofree char *current_text = g_strdup_printf ("%" G_GUINT64_FORMAT, current_kib);
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max_kib);

      /* Numbers as %s: xgettext cannot read G_GUINT64_FORMAT inside a message. */
      _vireo_edit_invalid (error, _("The memory (%s KiB) is above the maximum (%s KiB): lower the memory or raise the "
                        "maximum."), current_text, max_text);
      return NULL;
    }

  /* Memory hotplug: <maxMemory> bounds <memory>. */
  max_memory = _vireo_xml_get_string (edit.context, NULL, "normalize-space(/domain/maxMemory)");
  max_memory_unit = _vireo_xml_get_string (edit.context, NULL, "string(/domain/maxMemory/@unit)");
  if (max_memory != NULL &&
      vireo_domain_config_scale_to_kib (g_ascii_strtoull (max_memory, NULL, 10), max_memory_unit, &limit) &&
      max_kib > limit)
    {
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max_kib);
      g_autofree char *limit_text = g_strdup_printf ("%" G_GUINT64_FORMAT, limit);

      _vireo_edit_invalid (error, _("The maximum memory (%s KiB) is above the hotplug limit <maxMemory> (%s KiB): lower "
                        "it or raise the limit in the XML tab."), max_text, limit_text);
      return NULL;
    }

  /* With NUMA cells, libvirt takes the memory from their sum and ignores <memory>. */
  {
    g_autoptr(GPtrArray) cells = _vireo_xml_find_nodes (edit.context, NULL, "/domain/cpu/numa/cell");
    guint64 total = 0;

    for (guint i = 0; i < cells->len; i++)
      {
        g_autofree char *size = _vireo_xml_get_attribute (g_ptr_array_index (cells, i), "memory");
        g_autofree char *unit = _vireo_xml_get_attribute (g_ptr_array_index (cells, i), "unit");
        guint64 kib = 0;

        if (size != NULL && vireo_domain_config_scale_to_kib (g_ascii_strtoull (size, NULL, 10), unit, &kib))
          total += kib;
      }
    if (cells->len > 0 && total != max_kib)
      {
        g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

        _vireo_edit_invalid (error, _("The VM's memory is the sum of its NUMA cells (%s KiB): change the cells in the XML "
                          "tab."), total_text);
        return NULL;
      }
  }

  set_memory_element (&edit, "memory", max_kib, (const char *[]) {
                        "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus",
                        "os", "devices", NULL });
  set_memory_element (&edit, "currentMemory", current_kib, (const char *[]) {
                        "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "os", "devices", NULL });

  return _vireo_edit_finish (&edit);
}

/* Boot ------------------------------------------------------------------------------------------ */

static gboolean
lookup_os (Edit        *edit,
           xmlNode    **os,
           GError     **error)
{
  *os = _vireo_edit_child_element (edit->root, "os");
  if (*os == NULL)
    return _vireo_edit_invalid (error, _("The VM's XML has no <os> element: add one in the XML tab."));
  return TRUE;
}

static void
remove_device_boot_orders (Edit *edit)
{
  g_autoptr(GPtrArray) boots = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/*/boot");

  for (guint i = 0; i < boots->len; i++)
    _vireo_edit_remove_node (g_ptr_array_index (boots, i));
}

static void
remove_os_boots (xmlNode *os)
{
  xmlNode *boot;

  while ((boot = _vireo_edit_child_element (os, "boot")) != NULL)
    _vireo_edit_remove_node (boot);
}

char *
vireo_domain_edit_set_boot_order (const char         *xml,
                                  const char * const *devs,
                                  GError            **error)
{
  static const char * const known[] = { "hd", "cdrom", "network", "fd", NULL };
  g_auto(Edit) edit = { 0 };
  xmlNode *os;
  xmlNode *anchor;

  if (!_vireo_edit_init (&edit, xml, error) || !lookup_os (&edit, &os, error))
    return NULL;

  for (gsize i = 0; devs != NULL && devs[i] != NULL; i++)
    {
      if (!_vireo_edit_in_list (devs[i], known))
        {
          g_autofree char *names = _vireo_edit_list_text (known);

          _vireo_edit_invalid (error, _("'%s' is not a boot device: choose among %s."), devs[i], names);
          return NULL;
        }
      for (gsize j = 0; j < i; j++)
        if (strcmp (devs[i], devs[j]) == 0)
          {
            _vireo_edit_invalid (error, _("The boot device '%s' is listed twice: list each device once."), devs[i]);
            return NULL;
          }
    }

  /* The new <boot> elements go where the first old one was, or after <type>/<loader>/<nvram>. */
  anchor = _vireo_edit_child_element (os, "boot");
  if (anchor != NULL)
    {
      while (anchor != NULL && (_vireo_edit_has_name (anchor, "boot") || anchor->type != XML_ELEMENT_NODE))
        anchor = anchor->next;
    }
  else
    anchor = xmlFirstElementChild (os) != NULL ? _vireo_edit_child_element (os, "bootmenu") : NULL;
  remove_os_boots (os);
  remove_device_boot_orders (&edit);

  for (gsize i = 0; devs != NULL && devs[i] != NULL; i++)
    _vireo_edit_insert_child (os, _vireo_edit_element_new (edit.doc, "boot", "dev", devs[i], NULL), anchor);

  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_device_boot_order (const char         *xml,
                                         const char * const *devices,
                                         GError            **error)
{
  g_auto(Edit) edit = { 0 };
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  xmlNode *os;

  if (!_vireo_edit_init (&edit, xml, error) || !lookup_os (&edit, &os, error))
    return NULL;

  for (gsize i = 0; devices != NULL && devices[i] != NULL; i++)
    {
      xmlNode *node = _vireo_edit_find_disk (&edit, devices[i]);

      if (node == NULL)
        node = _vireo_edit_find_nic (&edit, devices[i]);
      if (node == NULL)
        {
          _vireo_edit_invalid (error, _("The VM has no disk or network interface '%s' to boot from."), devices[i]);
          return NULL;
        }
      if (g_ptr_array_find (nodes, node, NULL))
        {
          _vireo_edit_invalid (error, _("The boot device '%s' is listed twice: list each device once."), devices[i]);
          return NULL;
        }
      g_ptr_array_add (nodes, node);
    }

  remove_os_boots (os);
  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      xmlNode *boot = _vireo_edit_child_element (node, "boot");
      g_autofree char *order = g_strdup_printf ("%u", i + 1);

      if (boot == NULL)
        boot = _vireo_edit_append_child (node, _vireo_edit_element_new (edit.doc, "boot", NULL));
      _vireo_xml_set_attribute (boot, "order", order);
    }
  {
    /* The other devices no longer boot. */
    g_autoptr(GPtrArray) boots = _vireo_xml_find_nodes (edit.context, NULL, "/domain/devices/*/boot");

    for (guint i = 0; i < boots->len; i++)
      {
        xmlNode *boot = g_ptr_array_index (boots, i);

        if (!g_ptr_array_find (nodes, boot->parent, NULL))
          _vireo_edit_remove_node (boot);
      }
  }

  return _vireo_edit_finish (&edit);
}

char *
vireo_domain_edit_set_boot_menu (const char  *xml,
                                 gboolean     enabled,
                                 GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *os;
  xmlNode *menu;

  if (!_vireo_edit_init (&edit, xml, error) || !lookup_os (&edit, &os, error))
    return NULL;

  menu = _vireo_edit_ensure_child_before (os, "bootmenu", (const char *[]) { "smbios", "bios", "acpi", "kernel",
                                                                  "initrd", "cmdline", NULL });
  _vireo_xml_set_attribute (menu, "enable", enabled ? "yes" : "no");
  if (!enabled)
    xmlUnsetProp (menu, (const xmlChar *) "timeout");

  return _vireo_edit_finish (&edit);
}

/* The XML editor -------------------------------------------------------------------------------- */

/* libxml2 keeps parsing after the first error and its last one is usually "premature end of data"
 * at the end of the document: the first is where the mistake is. */
static void
keep_first_error (void        *user_data,
                  xmlErrorPtr  error)
{
  xmlParserCtxtPtr parser = user_data;
  xmlError *first = parser->_private;

  if (first->code == XML_ERR_OK && error != NULL && error->level >= XML_ERR_ERROR)
    xmlCopyError (error, first);
}

gboolean
vireo_domain_edit_validate_xml (const char  *xml,
                                int         *error_line,
                                GError     **error)
{
  xmlParserCtxtPtr parser;
  g_autoptr(xmlDoc) doc = NULL;
  xmlError first = { 0 };
  gsize length;

  g_return_val_if_fail (xml != NULL, FALSE);

  if (error_line != NULL)
    *error_line = 0;
  length = strlen (xml);
  if (length == 0)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML, _("The XML is empty."));
      return FALSE;
    }
  if (length > G_MAXINT)
    {
      g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML, _("The XML is too large."));
      return FALSE;
    }

  parser = xmlNewParserCtxt ();
  if (parser == NULL)
    g_error ("libxml2 could not allocate a parser");
  parser->_private = &first;
  parser->sax->serror = keep_first_error;
  doc = xmlCtxtReadMemory (parser, xml, (int) length, "domain.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    {
      xmlErrorPtr last = first.code != XML_ERR_OK ? &first : xmlCtxtGetLastError (parser);
      g_autofree char *reason = g_strdup (last != NULL && last->message != NULL ? last->message : "");
      int line = last != NULL ? last->line : 0;

      g_strstrip (reason);
      xmlResetError (&first);
      xmlFreeParserCtxt (parser);
      if (error_line != NULL)
        *error_line = line;
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML, _("line %d: %s"), line, reason);
      return FALSE;
    }
  xmlResetError (&first);
  xmlFreeParserCtxt (parser);

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      xmlNode *dtd = (xmlNode *) (doc->intSubset != NULL ? doc->intSubset : doc->extSubset);

      if (error_line != NULL)
        *error_line = MAX (dtd->line, 1);

      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                   _("line %d: a document type or entities are not accepted: remove the <!DOCTYPE>."),
                   MAX (dtd->line, 1));
      return FALSE;
    }
  if (xmlDocGetRootElement (doc) == NULL ||
      !_vireo_edit_has_name (xmlDocGetRootElement (doc), "domain"))
    {
      xmlNode *root = xmlDocGetRootElement (doc);

      if (error_line != NULL)
        *error_line = root != NULL ? (int) xmlGetLineNo (root) : 1;

      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                   _("line %d: the root element is '%s', not 'domain'."),
                   root != NULL ? (int) xmlGetLineNo (root) : 1,
                   root != NULL ? (const char *) root->name : "");
      return FALSE;
    }

  return TRUE;
}
