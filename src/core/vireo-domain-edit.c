/* vireo-domain-edit.c
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
#include "vireo-error.h"
#include "vireo-xml-private.h"

/*
 * Each edit parses the domain's XML, changes the few nodes it is about and serialises the document
 * again: everything else (unknown elements, custom namespaces, comments) goes back as it came. New
 * elements are indented like their siblings, and a removed element takes its indentation with it,
 * so that the XML tab stays readable.
 */

/* Helpers: documents ---------------------------------------------------------------------------- */

typedef struct
{
  xmlDoc          *doc;
  xmlXPathContext *context;
  xmlNode         *root;
} Edit;

static void
edit_clear (Edit *edit)
{
  g_clear_pointer (&edit->context, xmlXPathFreeContext);
  g_clear_pointer (&edit->doc, xmlFreeDoc);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Edit, edit_clear)

static gboolean
edit_init (Edit        *edit,
           const char  *xml,
           GError     **error)
{
  g_return_val_if_fail (xml != NULL, FALSE);

  edit->doc = _vireo_xml_parse (xml, error);
  if (edit->doc == NULL)
    return FALSE;
  edit->root = xmlDocGetRootElement (edit->doc);
  if (g_strcmp0 ((const char *) edit->root->name, "domain") != 0)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                   _("The root element is '%s', not 'domain'."), (const char *) edit->root->name);
      return FALSE;
    }
  edit->context = _vireo_xml_context_new (edit->doc);
  return TRUE;
}

static char *
edit_finish (Edit *edit)
{
  return _vireo_xml_to_string (edit->doc);
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

static gboolean
is_blank_text (xmlNode *node)
{
  return node != NULL && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

static gboolean
has_name (xmlNode    *node,
          const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && node->ns == NULL &&
         strcmp ((const char *) node->name, name) == 0;
}

/* The indentation of @node's line: the blank text before it, from its last newline. */
static char *
indentation_of (xmlNode *node)
{
  const char *text;
  const char *newline;

  if (node == NULL || !is_blank_text (node->prev) || node->prev->content == NULL)
    return NULL;
  text = (const char *) node->prev->content;
  newline = strrchr (text, '\n');
  return g_strdup (newline != NULL ? newline + 1 : text);
}

static char *
child_indentation (xmlNode *parent)
{
  g_autofree char *own = NULL;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (child->type != XML_TEXT_NODE)
      {
        char *indent = indentation_of (child);

        if (indent != NULL)
          return indent;
      }

  own = indentation_of (parent);
  return g_strconcat (own != NULL ? own : "", "  ", NULL);
}

/* Gives a new subtree's element children their own lines, two spaces deeper per level. */
static void
indent_subtree (xmlNode    *node,
                const char *indent)
{
  g_autofree char *inner = g_strconcat (indent, "  ", NULL);
  g_autoptr(GPtrArray) children = g_ptr_array_new ();
  gboolean any = FALSE;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_ptr_array_add (children, child);
      any |= child->type == XML_ELEMENT_NODE;
    }
  if (!any)
    return;

  for (guint i = 0; i < children->len; i++)
    {
      xmlNode *child = g_ptr_array_index (children, i);
      g_autofree char *text = g_strconcat ("\n", inner, NULL);

      xmlAddPrevSibling (child, xmlNewDocText (node->doc, (const xmlChar *) text));
      indent_subtree (child, inner);
    }
  {
    g_autofree char *text = g_strconcat ("\n", indent, NULL);
    xmlAddChild (node, xmlNewDocText (node->doc, (const xmlChar *) text));
  }
}

static gboolean
has_blank_child (xmlNode *node)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_blank_text (child))
      return TRUE;
  return FALSE;
}

/* Whether elements added to @parent go on their own lines: not in a document written without any
 * whitespace between elements. */
static gboolean
is_indented (xmlNode *parent)
{
  if (xmlFirstElementChild (parent) != NULL)
    return has_blank_child (parent);
  return has_blank_child (xmlDocGetRootElement (parent->doc));
}

/* Inserts @child into @parent before @before (appends when NULL), on its own line. */
static xmlNode *
insert_child (xmlNode *parent,
              xmlNode *child,
              xmlNode *before)
{
  g_autofree char *indent = NULL;
  g_autofree char *line = NULL;
  gboolean had_children = parent->children != NULL;

  if (!is_indented (parent))
    {
      if (before != NULL)
        return xmlAddPrevSibling (before, child);
      return xmlAddChild (parent, child);
    }

  indent = child_indentation (parent);
  line = g_strconcat ("\n", indent, NULL);
  indent_subtree (child, indent);

  if (before == NULL && parent->last != NULL && is_blank_text (parent->last))
    before = parent->last;

  if (before != NULL)
    {
      /* Before @before's own indentation, so that it keeps it. */
      if (is_blank_text (before->prev))
        before = before->prev;
      /* The child first: libxml2 merges a text node into a neighbouring one. */
      xmlAddPrevSibling (before, child);
      xmlAddPrevSibling (child, xmlNewDocText (parent->doc, (const xmlChar *) line));
    }
  else
    {
      g_autofree char *own = indentation_of (parent);
      g_autofree char *closing = g_strconcat ("\n", own != NULL ? own : "", NULL);

      if (!had_children || !is_blank_text (parent->last))
        xmlAddChild (parent, xmlNewDocText (parent->doc, (const xmlChar *) line));
      xmlAddChild (parent, child);
      if (!had_children)
        xmlAddChild (parent, xmlNewDocText (parent->doc, (const xmlChar *) closing));
    }
  return child;
}

static xmlNode *
append_child (xmlNode *parent,
              xmlNode *child)
{
  return insert_child (parent, child, NULL);
}

/* Unlinks and frees @node with the indentation before it. */
static void
remove_node (xmlNode *node)
{
  if (is_blank_text (node->prev))
    {
      xmlNode *blank = node->prev;

      xmlUnlinkNode (blank);
      xmlFreeNode (blank);
    }
  xmlUnlinkNode (node);
  xmlFreeNode (node);
}

/* A new element with attributes given as name/value pairs up to NULL (a NULL value skips one). */
static xmlNode *
element_new (xmlDoc     *doc,
             const char *name,
             ...) G_GNUC_NULL_TERMINATED;

static xmlNode *
element_new (xmlDoc     *doc,
             const char *name,
             ...)
{
  xmlNode *node = xmlNewDocNode (doc, NULL, (const xmlChar *) name, NULL);
  const char *attribute;
  va_list args;

  va_start (args, name);
  while ((attribute = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        xmlSetProp (node, (const xmlChar *) attribute, (const xmlChar *) value);
    }
  va_end (args);
  return node;
}

static xmlNode *
child_element (xmlNode    *parent,
               const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (has_name (child, name))
      return child;
  return NULL;
}

/* The first child element of @parent called @name; created when there is none, before the first
 * of @before (names, NULL-terminated) that exists, else at the end. */
static xmlNode *
ensure_child_before (xmlNode            *parent,
                     const char         *name,
                     const char * const *before)
{
  xmlNode *node = child_element (parent, name);

  if (node != NULL)
    return node;

  for (gsize i = 0; before != NULL && before[i] != NULL; i++)
    {
      xmlNode *next = child_element (parent, before[i]);

      if (next != NULL)
        return insert_child (parent, element_new (parent->doc, name, NULL), next);
    }
  return append_child (parent, element_new (parent->doc, name, NULL));
}

static xmlNode *
ensure_devices (Edit *edit)
{
  return ensure_child_before (edit->root, "devices", (const char *[]) { "seclabel", NULL });
}

static char *
dup_node_xml (xmlNode *node)
{
  xmlBufferPtr buffer = xmlBufferCreate ();
  char *text;

  xmlNodeDump (buffer, node->doc, node, 0, 0);
  text = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
  xmlBufferFree (buffer);
  return text;
}

/* Helpers: devices ------------------------------------------------------------------------------ */

static xmlNode *
find_disk (Edit       *edit,
           const char *target)
{
  g_autoptr(GPtrArray) disks = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/disk");

  for (guint i = 0; target != NULL && i < disks->len; i++)
    {
      g_autofree char *dev = _vireo_xml_get_string (edit->context, g_ptr_array_index (disks, i),
                                                    "string(target/@dev)");

      if (g_strcmp0 (dev, target) == 0)
        return g_ptr_array_index (disks, i);
    }
  return NULL;
}

static gboolean
lookup_disk (Edit        *edit,
             const char  *target,
             xmlNode    **disk,
             GError     **error)
{
  if (target == NULL || *target == '\0')
    return invalid (error, _("No disk target was given: name the disk by its target, such as 'vda'."));
  *disk = find_disk (edit, target);
  if (*disk == NULL)
    return invalid (error, _("The VM has no disk with target '%s'."), target);
  return TRUE;
}

static xmlNode *
find_nic (Edit       *edit,
          const char *mac)
{
  g_autoptr(GPtrArray) nics = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/interface");

  for (guint i = 0; mac != NULL && i < nics->len; i++)
    {
      g_autofree char *address = _vireo_xml_get_string (edit->context, g_ptr_array_index (nics, i),
                                                        "string(mac/@address)");

      if (address != NULL && g_ascii_strcasecmp (address, mac) == 0)
        return g_ptr_array_index (nics, i);
    }
  return NULL;
}

static gboolean
lookup_nic (Edit        *edit,
            const char  *mac,
            xmlNode    **nic,
            GError     **error)
{
  if (mac == NULL || *mac == '\0')
    return invalid (error, _("No MAC address was given: name the network interface by its MAC address."));
  *nic = find_nic (edit, mac);
  if (*nic == NULL)
    return invalid (error, _("The VM has no network interface with MAC address '%s'."), mac);
  return TRUE;
}

static gboolean
lookup_graphics (Edit        *edit,
                 const char  *type,
                 xmlNode    **graphics,
                 GError     **error)
{
  g_autoptr(GPtrArray) nodes = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/graphics");

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autofree char *node_type = _vireo_xml_get_attribute (g_ptr_array_index (nodes, i), "type");

      if (type == NULL || g_strcmp0 (node_type, type) == 0)
        {
          *graphics = g_ptr_array_index (nodes, i);
          return TRUE;
        }
    }

  if (type == NULL)
    return invalid (error, _("The VM has no graphical display: add one in the XML tab first."));
  return invalid (error, _("The VM has no '%s' graphical display."), type);
}

static gboolean
in_list (const char         *value,
         const char * const *list)
{
  return value != NULL && g_strv_contains (list, value);
}

static char *
list_text (const char * const *list)
{
  return g_strjoinv (", ", (char **) list);
}

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

  if (!edit_init (&edit, xml, error))
    return NULL;

  node = child_element (edit.root, name);
  if (text == NULL || *text == '\0')
    {
      if (node != NULL)
        remove_node (node);
      return edit_finish (&edit);
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
      node = ensure_child_before (edit.root, name, before);
    }
  _vireo_xml_set_text (node, text);
  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_title (const char  *xml,
                             const char  *title,
                             GError     **error)
{
  if (title != NULL && strpbrk (title, "\r\n") != NULL)
    {
      invalid (error, _("The title '%s' has more than one line: keep it to one line and put the rest "
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

  if (!edit_init (&edit, xml, error))
    return NULL;

  if (max == 0 || current == 0)
    {
      invalid (error, _("A VM needs at least one virtual CPU."));
      return NULL;
    }
  if (current > max)
    {
      invalid (error, _("%u virtual CPUs are more than the maximum of %u: lower the number or raise the "
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
          invalid (error, _("The VM lists its virtual CPUs one by one (<vcpus>): change their number in "
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
          invalid (error, _("The CPU topology makes %u CPUs, not the maximum of %u: change the maximum to "
                            "%u or the topology in the XML tab."),
                   (guint) cpus, max, (guint) cpus);
          return NULL;
        }
    }

  vcpu = ensure_child_before (edit.root, "vcpu", (const char *[]) {
                                "vcpus", "iothreads", "cputune", "numatune", "resource", "sysinfo",
                                "bootloader", "os", "features", "cpu", "clock", "devices", NULL });
  _vireo_xml_set_text (vcpu, max_text);
  if (current != max || xmlHasProp (vcpu, (const xmlChar *) "current") != NULL)
    _vireo_xml_set_attribute (vcpu, "current", current_text);

  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_cpu_mode (const char  *xml,
                                const char  *mode,
                                GError     **error)
{
  static const char * const modes[] = { "host-passthrough", "host-model", "maximum", "custom", NULL };
  g_auto(Edit) edit = { 0 };
  xmlNode *cpu;

  if (!edit_init (&edit, xml, error))
    return NULL;

  cpu = child_element (edit.root, "cpu");
  if (mode == NULL)
    {
      if (cpu != NULL)
        {
          xmlUnsetProp (cpu, (const xmlChar *) "mode");
          xmlUnsetProp (cpu, (const xmlChar *) "check");
          xmlUnsetProp (cpu, (const xmlChar *) "migratable");
          if (cpu->children == NULL || (xmlFirstElementChild (cpu) == NULL &&
                                        cpu->properties == NULL))
            remove_node (cpu);
        }
      return edit_finish (&edit);
    }

  if (!in_list (mode, modes))
    {
      g_autofree char *known = list_text (modes);

      invalid (error, _("'%s' is not a CPU mode: choose one of %s."), mode, known);
      return NULL;
    }
  if (strcmp (mode, "custom") == 0 && (cpu == NULL || child_element (cpu, "model") == NULL))
    {
      invalid (error, _("The 'custom' CPU mode needs a CPU model: set one in the XML tab, or choose "
                        "'host-model' or 'host-passthrough'."));
      return NULL;
    }

  cpu = ensure_child_before (edit.root, "cpu", (const char *[]) {
                               "clock", "on_poweroff", "on_reboot", "on_crash", "pm", "perf",
                               "idmap", "devices", NULL });
  _vireo_xml_set_attribute (cpu, "mode", mode);
  /* migratable='on' only exists for host-passthrough and maximum. */
  if (strcmp (mode, "host-passthrough") != 0 && strcmp (mode, "maximum") != 0)
    xmlUnsetProp (cpu, (const xmlChar *) "migratable");

  return edit_finish (&edit);
}

static void
set_memory_element (Edit       *edit,
                    const char *name,
                    guint64     kib,
                    const char * const *before)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
  xmlNode *node = ensure_child_before (edit->root, name, before);

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

  if (!edit_init (&edit, xml, error))
    return NULL;

  if (current_kib == 0 || max_kib == 0)
    {
      invalid (error, _("A VM needs some memory: give it at least 1 MiB."));
      return NULL;
    }
  if (current_kib > max_kib)
    {
      g_autofree char *current_text = g_strdup_printf ("%" G_GUINT64_FORMAT, current_kib);
      g_autofree char *max_text = g_strdup_printf ("%" G_GUINT64_FORMAT, max_kib);

      /* Numbers as %s: xgettext cannot read G_GUINT64_FORMAT inside a message. */
      invalid (error, _("The memory (%s KiB) is above the maximum (%s KiB): lower the memory or raise the "
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

      invalid (error, _("The maximum memory (%s KiB) is above the hotplug limit <maxMemory> (%s KiB): lower "
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

        invalid (error, _("The VM's memory is the sum of its NUMA cells (%s KiB): change the cells in the XML "
                          "tab."), total_text);
        return NULL;
      }
  }

  set_memory_element (&edit, "memory", max_kib, (const char *[]) {
                        "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus",
                        "os", "devices", NULL });
  set_memory_element (&edit, "currentMemory", current_kib, (const char *[]) {
                        "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "os", "devices", NULL });

  return edit_finish (&edit);
}

/* Boot ------------------------------------------------------------------------------------------ */

static gboolean
lookup_os (Edit        *edit,
           xmlNode    **os,
           GError     **error)
{
  *os = child_element (edit->root, "os");
  if (*os == NULL)
    return invalid (error, _("The VM's XML has no <os> element: add one in the XML tab."));
  return TRUE;
}

static void
remove_device_boot_orders (Edit *edit)
{
  g_autoptr(GPtrArray) boots = _vireo_xml_find_nodes (edit->context, NULL, "/domain/devices/*/boot");

  for (guint i = 0; i < boots->len; i++)
    remove_node (g_ptr_array_index (boots, i));
}

static void
remove_os_boots (xmlNode *os)
{
  xmlNode *boot;

  while ((boot = child_element (os, "boot")) != NULL)
    remove_node (boot);
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

  if (!edit_init (&edit, xml, error) || !lookup_os (&edit, &os, error))
    return NULL;

  for (gsize i = 0; devs != NULL && devs[i] != NULL; i++)
    {
      if (!in_list (devs[i], known))
        {
          g_autofree char *names = list_text (known);

          invalid (error, _("'%s' is not a boot device: choose among %s."), devs[i], names);
          return NULL;
        }
      for (gsize j = 0; j < i; j++)
        if (strcmp (devs[i], devs[j]) == 0)
          {
            invalid (error, _("The boot device '%s' is listed twice: list each device once."), devs[i]);
            return NULL;
          }
    }

  /* The new <boot> elements go where the first old one was, or after <type>/<loader>/<nvram>. */
  anchor = child_element (os, "boot");
  if (anchor != NULL)
    {
      while (anchor != NULL && (has_name (anchor, "boot") || anchor->type != XML_ELEMENT_NODE))
        anchor = anchor->next;
    }
  else
    anchor = xmlFirstElementChild (os) != NULL ? child_element (os, "bootmenu") : NULL;
  remove_os_boots (os);
  remove_device_boot_orders (&edit);

  for (gsize i = 0; devs != NULL && devs[i] != NULL; i++)
    insert_child (os, element_new (edit.doc, "boot", "dev", devs[i], NULL), anchor);

  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_device_boot_order (const char         *xml,
                                         const char * const *devices,
                                         GError            **error)
{
  g_auto(Edit) edit = { 0 };
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  xmlNode *os;

  if (!edit_init (&edit, xml, error) || !lookup_os (&edit, &os, error))
    return NULL;

  for (gsize i = 0; devices != NULL && devices[i] != NULL; i++)
    {
      xmlNode *node = find_disk (&edit, devices[i]);

      if (node == NULL)
        node = find_nic (&edit, devices[i]);
      if (node == NULL)
        {
          invalid (error, _("The VM has no disk or network interface '%s' to boot from."), devices[i]);
          return NULL;
        }
      if (g_ptr_array_find (nodes, node, NULL))
        {
          invalid (error, _("The boot device '%s' is listed twice: list each device once."), devices[i]);
          return NULL;
        }
      g_ptr_array_add (nodes, node);
    }

  remove_os_boots (os);
  for (guint i = 0; i < nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (nodes, i);
      xmlNode *boot = child_element (node, "boot");
      g_autofree char *order = g_strdup_printf ("%u", i + 1);

      if (boot == NULL)
        boot = append_child (node, element_new (edit.doc, "boot", NULL));
      _vireo_xml_set_attribute (boot, "order", order);
    }
  {
    /* The other devices no longer boot. */
    g_autoptr(GPtrArray) boots = _vireo_xml_find_nodes (edit.context, NULL, "/domain/devices/*/boot");

    for (guint i = 0; i < boots->len; i++)
      {
        xmlNode *boot = g_ptr_array_index (boots, i);

        if (!g_ptr_array_find (nodes, boot->parent, NULL))
          remove_node (boot);
      }
  }

  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_boot_menu (const char  *xml,
                                 gboolean     enabled,
                                 GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *os;
  xmlNode *menu;

  if (!edit_init (&edit, xml, error) || !lookup_os (&edit, &os, error))
    return NULL;

  menu = ensure_child_before (os, "bootmenu", (const char *[]) { "smbios", "bios", "acpi", "kernel",
                                                                  "initrd", "cmdline", NULL });
  _vireo_xml_set_attribute (menu, "enable", enabled ? "yes" : "no");
  if (!enabled)
    xmlUnsetProp (menu, (const xmlChar *) "timeout");

  return edit_finish (&edit);
}

/* Disks ----------------------------------------------------------------------------------------- */

static const char *
target_prefix (const char *bus)
{
  if (strcmp (bus, "virtio") == 0)
    return "vd";
  if (strcmp (bus, "ide") == 0)
    return "hd";
  if (strcmp (bus, "fdc") == 0)
    return "fd";
  if (strcmp (bus, "xen") == 0)
    return "xvd";
  return "sd";
}

/* libvirt's disk names: a…z, aa…az, ba… for index 0, 1, … */
static char *
target_name (const char *prefix,
             guint       index)
{
  GString *name = g_string_new (NULL);
  guint n = index;

  do
    {
      g_string_prepend_c (name, (char) ('a' + n % 26));
      n = n / 26;
    }
  while (n-- > 0);

  g_string_prepend (name, prefix);
  return g_string_free (name, FALSE);
}

static gboolean
check_absolute_path (const char  *path,
                     GError     **error)
{
  if (*path == '\0')
    return invalid (error, _("The path is empty: choose a file or a storage volume."));
  if (!g_path_is_absolute (path))
    return invalid (error, _("The path '%s' is not absolute: give the full path, starting with '/'."), path);
  return TRUE;
}

char *
vireo_domain_edit_add_disk (const char                *xml,
                            const VireoDomainDiskSpec *spec,
                            char                     **target_out,
                            GError                   **error)
{
  static const char * const buses[] = { "virtio", "sata", "scsi", "ide", "usb", "fdc", NULL };
  g_auto(Edit) edit = { 0 };
  g_autofree char *target = NULL;
  const char *device;
  const char *bus;
  const char *type;
  gboolean cdrom;
  xmlNode *disk;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!edit_init (&edit, xml, error))
    return NULL;

  device = spec->device != NULL ? spec->device : "disk";
  if (strcmp (device, "disk") != 0 && strcmp (device, "cdrom") != 0 && strcmp (device, "floppy") != 0)
    {
      invalid (error, _("'%s' is not a disk device: choose 'disk' or 'cdrom'."), device);
      return NULL;
    }
  cdrom = strcmp (device, "cdrom") == 0;
  bus = spec->bus != NULL ? spec->bus : strcmp (device, "floppy") == 0 ? "fdc" : cdrom ? "sata" : "virtio";
  if (!in_list (bus, buses))
    {
      g_autofree char *names = list_text (buses);

      invalid (error, _("'%s' is not a disk bus: choose one of %s."), bus, names);
      return NULL;
    }
  if (cdrom && strcmp (bus, "virtio") == 0)
    {
      invalid (error, _("A CD-ROM cannot be on the virtio bus: choose 'sata', 'scsi' or 'ide'."));
      return NULL;
    }

  if (strcmp (bus, "ide") == 0)
    {
      g_autofree char *machine = _vireo_xml_get_string (edit.context, NULL, "string(/domain/os/type/@machine)");

      if (machine != NULL && strstr (machine, "q35") != NULL)
        {
          invalid (error, _("The machine type '%s' has no IDE bus: choose 'sata' instead."), machine);
          return NULL;
        }
    }

  if (spec->pool != NULL || spec->volume != NULL)
    {
      if (spec->pool == NULL || *spec->pool == '\0' || spec->volume == NULL || *spec->volume == '\0')
        {
          invalid (error, _("A storage volume needs both its pool and its name."));
          return NULL;
        }
      type = "volume";
    }
  else if (spec->path != NULL)
    {
      if (!check_absolute_path (spec->path, error))
        return NULL;
      type = g_str_has_prefix (spec->path, "/dev/") ? "block" : "file";
    }
  else if (cdrom)
    type = "file";
  else
    {
      invalid (error, _("The disk has no path: choose a file or a storage volume."));
      return NULL;
    }

  if (spec->format != NULL && (*spec->format == '\0' || strpbrk (spec->format, " <>&'\"") != NULL))
    {
      invalid (error, _("'%s' is not a disk format: use one such as 'qcow2' or 'raw'."), spec->format);
      return NULL;
    }

  if (spec->target != NULL)
    {
      if (*spec->target == '\0')
        {
          invalid (error, _("The disk target is empty: give one such as 'vdb', or none to choose a free one."));
          return NULL;
        }
      if (find_disk (&edit, spec->target) != NULL)
        {
          invalid (error, _("The target '%s' is already taken by another disk: choose another one, or none "
                            "to get a free one."), spec->target);
          return NULL;
        }
      target = g_strdup (spec->target);
    }
  else
    {
      for (guint i = 0; target == NULL; i++)
        {
          g_autofree char *name = target_name (target_prefix (bus), i);

          if (find_disk (&edit, name) == NULL)
            target = g_steal_pointer (&name);
        }
    }

  disk = element_new (edit.doc, "disk", "type", type, "device", device, NULL);
  xmlAddChild (disk, element_new (edit.doc, "driver", "name", "qemu",
                                  "type", spec->format != NULL ? spec->format : "raw", NULL));
  if (strcmp (type, "volume") == 0)
    xmlAddChild (disk, element_new (edit.doc, "source", "pool", spec->pool, "volume", spec->volume, NULL));
  else if (spec->path != NULL)
    xmlAddChild (disk, element_new (edit.doc, "source",
                                    strcmp (type, "block") == 0 ? "dev" : "file", spec->path, NULL));
  xmlAddChild (disk, element_new (edit.doc, "target", "dev", target, "bus", bus, NULL));
  if (cdrom || spec->readonly)
    xmlAddChild (disk, element_new (edit.doc, "readonly", NULL));

  append_child (ensure_devices (&edit), disk);

  if (target_out != NULL)
    *target_out = g_steal_pointer (&target);
  return edit_finish (&edit);
}

char *
vireo_domain_edit_remove_disk (const char  *xml,
                               const char  *target,
                               GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *disk;

  if (!edit_init (&edit, xml, error) || !lookup_disk (&edit, target, &disk, error))
    return NULL;

  remove_node (disk);
  return edit_finish (&edit);
}

char *
vireo_domain_edit_change_media (const char  *xml,
                                const char  *target,
                                const char  *path,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *device = NULL;
  g_autofree char *type = NULL;
  xmlNode *disk;
  xmlNode *source;

  if (!edit_init (&edit, xml, error) || !lookup_disk (&edit, target, &disk, error))
    return NULL;

  device = _vireo_xml_get_attribute (disk, "device");
  if (g_strcmp0 (device, "cdrom") != 0 && g_strcmp0 (device, "floppy") != 0)
    {
      invalid (error, _("The disk '%s' is not a CD-ROM or floppy drive: its media cannot be changed."), target);
      return NULL;
    }
  if (path != NULL && !check_absolute_path (path, error))
    return NULL;

  source = child_element (disk, "source");
  if (path == NULL)
    {
      if (source != NULL)
        remove_node (source);
      return edit_finish (&edit);
    }

  type = _vireo_xml_get_attribute (disk, "type");
  {
    const char *new_type = g_str_has_prefix (path, "/dev/") ? "block" : "file";

    if (g_strcmp0 (type, new_type) != 0)
      {
        /* Another kind of source: its old attributes (pool, protocol …) mean nothing now. */
        _vireo_xml_set_attribute (disk, "type", new_type);
        if (source != NULL)
          {
            remove_node (source);
            source = NULL;
          }
      }
    if (source == NULL)
      {
        xmlNode *before = child_element (disk, "target");

        source = insert_child (disk, element_new (edit.doc, "source", NULL), before);
      }
    _vireo_xml_set_attribute (source, strcmp (new_type, "block") == 0 ? "dev" : "file", path);
  }

  return edit_finish (&edit);
}

/* NICs ------------------------------------------------------------------------------------------ */

gboolean
vireo_domain_edit_mac_is_valid (const char *mac)
{
  guint8 octets[6];
  gboolean zero = TRUE;

  if (mac == NULL || strlen (mac) != 17)
    return FALSE;

  for (int i = 0; i < 6; i++)
    {
      const char *p = mac + i * 3;

      if (!g_ascii_isxdigit (p[0]) || !g_ascii_isxdigit (p[1]) || (i < 5 && p[2] != ':'))
        return FALSE;
      octets[i] = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
      zero &= octets[i] == 0;
    }

  /* The low bit of the first octet marks a multicast address, which no NIC can have. */
  return !zero && (octets[0] & 1) == 0;
}

static gboolean
mac_is_used (Edit               *edit,
             const char         *mac,
             const char * const *used_macs)
{
  for (gsize i = 0; used_macs != NULL && used_macs[i] != NULL; i++)
    if (g_ascii_strcasecmp (used_macs[i], mac) == 0)
      return TRUE;
  return find_nic (edit, mac) != NULL;
}

static gboolean
check_mac (Edit               *edit,
           const char         *mac,
           const char * const *used_macs,
           GError            **error)
{
  if (!vireo_domain_edit_mac_is_valid (mac))
    return invalid (error, _("'%s' is not a valid MAC address: write six pairs of hexadecimal digits "
                             "separated by colons, such as '52:54:00:12:34:56', with an even first pair."),
                    mac);
  if (mac_is_used (edit, mac, used_macs))
    return invalid (error, _("The MAC address '%s' is already used by a network interface on this connection: "
                             "choose another one, or leave it empty to get a new one."), mac);
  return TRUE;
}

static char *
new_mac (Edit               *edit,
         const char * const *used_macs)
{
  for (;;)
    {
      guint32 random = g_random_int ();
      g_autofree char *mac = g_strdup_printf ("52:54:00:%02x:%02x:%02x",
                                              (random >> 16) & 0xff, (random >> 8) & 0xff, random & 0xff);

      if (!mac_is_used (edit, mac, used_macs))
        return g_steal_pointer (&mac);
    }
}

static gboolean
check_model (const char  *model,
             GError     **error)
{
  if (model == NULL || *model == '\0')
    return invalid (error, _("No network model was given: choose one such as 'virtio' or 'e1000e'."));
  for (const char *p = model; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != ',')
      return invalid (error, _("'%s' is not a network model: choose one such as 'virtio' or 'e1000e'."), model);
  return TRUE;
}

/* A new <source> for @type. */
static xmlNode *
nic_source_new (xmlDoc      *doc,
                const char  *type,
                const char  *source,
                const char  *source_mode,
                GError     **error)
{
  static const char * const modes[] = { "bridge", "vepa", "private", "passthrough", NULL };

  if (type == NULL)
    type = "network";
  if (source == NULL || *source == '\0')
    {
      invalid (error, _("The network source is empty: choose a virtual network, a bridge or a host device."));
      return NULL;
    }
  if (strcmp (type, "network") == 0)
    return element_new (doc, "source", "network", source, NULL);
  if (strcmp (type, "bridge") == 0)
    return element_new (doc, "source", "bridge", source, NULL);
  if (strcmp (type, "direct") == 0)
    {
      if (source_mode == NULL)
        source_mode = "bridge";
      if (!in_list (source_mode, modes))
        {
          g_autofree char *names = list_text (modes);

          invalid (error, _("'%s' is not a macvtap mode: choose one of %s."), source_mode, names);
          return NULL;
        }
      return element_new (doc, "source", "dev", source, "mode", source_mode, NULL);
    }

  invalid (error, _("'%s' is not a network source type: choose 'network', 'bridge' or 'direct'."), type);
  return NULL;
}

char *
vireo_domain_edit_add_nic (const char               *xml,
                           const VireoDomainNicSpec *spec,
                           const char * const       *used_macs,
                           char                    **mac_out,
                           GError                  **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *mac = NULL;
  const char *type;
  xmlNode *source;
  xmlNode *nic;

  g_return_val_if_fail (spec != NULL, NULL);

  if (!edit_init (&edit, xml, error))
    return NULL;

  type = spec->type != NULL ? spec->type : "network";
  if (spec->mac != NULL && !check_mac (&edit, spec->mac, used_macs, error))
    return NULL;
  if (!check_model (spec->model != NULL ? spec->model : "virtio", error))
    return NULL;
  source = nic_source_new (edit.doc, type, spec->source, spec->source_mode, error);
  if (source == NULL)
    return NULL;

  mac = spec->mac != NULL ? g_ascii_strdown (spec->mac, -1) : new_mac (&edit, used_macs);
  nic = element_new (edit.doc, "interface", "type", type, NULL);
  xmlAddChild (nic, element_new (edit.doc, "mac", "address", mac, NULL));
  xmlAddChild (nic, source);
  xmlAddChild (nic, element_new (edit.doc, "model", "type", spec->model != NULL ? spec->model : "virtio", NULL));
  append_child (ensure_devices (&edit), nic);

  if (mac_out != NULL)
    *mac_out = g_steal_pointer (&mac);
  return edit_finish (&edit);
}

char *
vireo_domain_edit_remove_nic (const char  *xml,
                              const char  *mac,
                              GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;

  if (!edit_init (&edit, xml, error) || !lookup_nic (&edit, mac, &nic, error))
    return NULL;

  remove_node (nic);
  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_nic_model (const char  *xml,
                                 const char  *mac,
                                 const char  *model,
                                 GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;
  xmlNode *node;

  if (!edit_init (&edit, xml, error) || !lookup_nic (&edit, mac, &nic, error) || !check_model (model, error))
    return NULL;

  node = child_element (nic, "model");
  if (node == NULL)
    node = append_child (nic, element_new (edit.doc, "model", NULL));
  _vireo_xml_set_attribute (node, "type", model);
  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_nic_link (const char  *xml,
                                const char  *mac,
                                gboolean     up,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;
  xmlNode *link;

  if (!edit_init (&edit, xml, error) || !lookup_nic (&edit, mac, &nic, error))
    return NULL;

  link = child_element (nic, "link");
  if (link == NULL)
    link = append_child (nic, element_new (edit.doc, "link", NULL));
  _vireo_xml_set_attribute (link, "state", up ? "up" : "down");
  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_nic_source (const char  *xml,
                                  const char  *mac,
                                  const char  *type,
                                  const char  *source,
                                  const char  *source_mode,
                                  GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *old_type = NULL;
  xmlNode *nic;
  xmlNode *node;
  xmlNode *old;

  if (!edit_init (&edit, xml, error) || !lookup_nic (&edit, mac, &nic, error))
    return NULL;

  node = nic_source_new (edit.doc, type, source, source_mode, error);
  if (node == NULL)
    return NULL;

  old_type = _vireo_xml_get_attribute (nic, "type");
  old = child_element (nic, "source");
  if (old != NULL && g_strcmp0 (old_type, type) == 0)
    {
      /* Same kind of source: change its attributes, keep the others (portgroup …). */
      for (xmlAttr *attribute = node->properties; attribute != NULL; attribute = attribute->next)
        {
          g_autoptr(VireoXmlChar) value = xmlNodeGetContent ((xmlNode *) attribute);

          xmlSetProp (old, attribute->name, value);
        }
      xmlFreeNode (node);
    }
  else
    {
      _vireo_xml_set_attribute (nic, "type", type);
      if (old != NULL)
        {
          xmlNode *next = xmlNextElementSibling (old);

          remove_node (old);
          insert_child (nic, node, next);
        }
      else
        insert_child (nic, node, child_element (nic, "model"));
    }

  return edit_finish (&edit);
}

/* Graphics and video ---------------------------------------------------------------------------- */

char *
vireo_domain_edit_set_graphics_listen (const char  *xml,
                                       const char  *type,
                                       const char  *address,
                                       GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *graphics;
  xmlNode *listen;

  if (!edit_init (&edit, xml, error) || !lookup_graphics (&edit, type, &graphics, error))
    return NULL;

  if (address != NULL && *address != '\0')
    {
      g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

      if (inet == NULL)
        {
          invalid (error, _("'%s' is not an IP address: give one such as '127.0.0.1' or '0.0.0.0'."), address);
          return NULL;
        }
    }
  else
    address = NULL;

  listen = child_element (graphics, "listen");
  if (address == NULL)
    {
      xmlUnsetProp (graphics, (const xmlChar *) "listen");
      if (listen != NULL)
        {
          g_autofree char *listen_type = _vireo_xml_get_attribute (listen, "type");

          if (g_strcmp0 (listen_type, "address") == 0)
            remove_node (listen);
        }
      return edit_finish (&edit);
    }

  if (xmlHasProp (graphics, (const xmlChar *) "listen") != NULL || listen == NULL)
    _vireo_xml_set_attribute (graphics, "listen", address);
  if (listen != NULL)
    {
      /* libvirt wants the attribute and the first <listen> to agree. */
      _vireo_xml_set_attribute (listen, "type", "address");
      _vireo_xml_set_attribute (listen, "address", address);
      xmlUnsetProp (listen, (const xmlChar *) "network");
      xmlUnsetProp (listen, (const xmlChar *) "socket");
    }

  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_graphics_port (const char  *xml,
                                     const char  *type,
                                     int          port,
                                     GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *graphics_type = NULL;
  g_autofree char *text = NULL;
  xmlNode *graphics;
  int lowest;

  if (!edit_init (&edit, xml, error) || !lookup_graphics (&edit, type, &graphics, error))
    return NULL;

  graphics_type = _vireo_xml_get_attribute (graphics, "type");
  lowest = g_strcmp0 (graphics_type, "vnc") == 0 ? 5900 : 1;
  if (port != -1 && (port < lowest || port > 65535))
    {
      invalid (error, _("The port %d is out of range: choose one from %d to 65535, or an automatic port."),
               port, lowest);
      return NULL;
    }

  text = g_strdup_printf ("%d", port);
  _vireo_xml_set_attribute (graphics, "port", text);
  _vireo_xml_set_attribute (graphics, "autoport", port == -1 ? "yes" : "no");
  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_graphics_password (const char  *xml,
                                         const char  *type,
                                         const char  *password,
                                         GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *graphics;

  if (!edit_init (&edit, xml, error) || !lookup_graphics (&edit, type, &graphics, error))
    return NULL;

  if (password != NULL && *password == '\0')
    {
      invalid (error, _("The password is empty: type one, or clear the password to remove it."));
      return NULL;
    }
  _vireo_xml_set_attribute (graphics, "passwd", password);
  if (password == NULL)
    xmlUnsetProp (graphics, (const xmlChar *) "passwdValidTo");
  return edit_finish (&edit);
}

char *
vireo_domain_edit_set_video_model (const char  *xml,
                                   const char  *model,
                                   GError     **error)
{
  static const char * const models[] = { "virtio", "qxl", "vga", "cirrus", "bochs", "ramfb", "vmvga",
                                         "none", NULL };
  static const char * const sizes[] = { "ram", "vram", "vram64", "vgamem", NULL };
  g_auto(Edit) edit = { 0 };
  xmlNode *video;
  xmlNode *node;

  if (!edit_init (&edit, xml, error))
    return NULL;

  if (!in_list (model, models))
    {
      g_autofree char *names = list_text (models);

      invalid (error, _("'%s' is not a video model: choose one of %s."), model != NULL ? model : "", names);
      return NULL;
    }

  video = _vireo_xml_find_node (edit.context, NULL, "/domain/devices/video[model/@primary='yes']");
  if (video == NULL)
    video = _vireo_xml_find_node (edit.context, NULL, "/domain/devices/video");
  if (video == NULL)
    {
      video = append_child (ensure_devices (&edit), element_new (edit.doc, "video", NULL));
      node = append_child (video, element_new (edit.doc, "model", NULL));
    }
  else
    {
      g_autofree char *old = NULL;

      node = child_element (video, "model");
      if (node == NULL)
        node = append_child (video, element_new (edit.doc, "model", NULL));
      old = _vireo_xml_get_attribute (node, "type");
      if (g_strcmp0 (old, model) != 0)
        {
          for (gsize i = 0; sizes[i] != NULL; i++)
            xmlUnsetProp (node, (const xmlChar *) sizes[i]);
        }
    }
  _vireo_xml_set_attribute (node, "type", model);
  return edit_finish (&edit);
}

/* Input, sound, serial -------------------------------------------------------------------------- */

#define TABLET_XPATH "/domain/devices/input[@type='tablet' and @bus='usb']"

char *
vireo_domain_edit_add_tablet (const char  *xml,
                              GError     **error)
{
  g_auto(Edit) edit = { 0 };

  if (!edit_init (&edit, xml, error))
    return NULL;
  if (_vireo_xml_find_node (edit.context, NULL, TABLET_XPATH) != NULL)
    {
      invalid (error, _("The VM already has a USB tablet."));
      return NULL;
    }
  append_child (ensure_devices (&edit), element_new (edit.doc, "input", "type", "tablet", "bus", "usb", NULL));
  return edit_finish (&edit);
}

char *
vireo_domain_edit_remove_tablet (const char  *xml,
                                 GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *tablet;

  if (!edit_init (&edit, xml, error))
    return NULL;
  tablet = _vireo_xml_find_node (edit.context, NULL, TABLET_XPATH);
  if (tablet == NULL)
    {
      invalid (error, _("The VM has no USB tablet to remove."));
      return NULL;
    }
  remove_node (tablet);
  return edit_finish (&edit);
}

static const char * const sound_models[] = { "ich9", "ich6", "ich7", "ac97", "es1370", "sb16", "pcspk",
                                             "usb", NULL };

static gboolean
check_sound_model (const char  *model,
                   GError     **error)
{
  if (!in_list (model, sound_models))
    {
      g_autofree char *names = list_text (sound_models);

      return invalid (error, _("'%s' is not a sound model: choose one of %s."), model != NULL ? model : "",
                      names);
    }
  return TRUE;
}

char *
vireo_domain_edit_add_sound (const char  *xml,
                             const char  *model,
                             GError     **error)
{
  g_auto(Edit) edit = { 0 };

  if (!edit_init (&edit, xml, error) || !check_sound_model (model, error))
    return NULL;
  append_child (ensure_devices (&edit), element_new (edit.doc, "sound", "model", model, NULL));
  return edit_finish (&edit);
}

char *
vireo_domain_edit_remove_sound (const char  *xml,
                                const char  *model,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *xpath = NULL;
  xmlNode *sound;

  if (!edit_init (&edit, xml, error) || !check_sound_model (model, error))
    return NULL;
  xpath = g_strdup_printf ("/domain/devices/sound[@model='%s']", model);
  sound = _vireo_xml_find_node (edit.context, NULL, xpath);
  if (sound == NULL)
    {
      invalid (error, _("The VM has no '%s' sound device to remove."), model);
      return NULL;
    }
  remove_node (sound);
  return edit_finish (&edit);
}

#define PTY_SERIAL_XPATH "/domain/devices/serial[@type='pty']"
#define PTY_CONSOLE_XPATH "/domain/devices/console[@type='pty' and (not(target/@type) or target/@type='serial')]"

char *
vireo_domain_edit_add_serial_console (const char  *xml,
                                      GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autofree char *port_text = NULL;
  xmlNode *devices;
  xmlNode *serial;
  guint port = 0;

  if (!edit_init (&edit, xml, error))
    return NULL;
  if (_vireo_xml_find_node (edit.context, NULL, PTY_SERIAL_XPATH) != NULL)
    {
      invalid (error, _("The VM already has a serial console."));
      return NULL;
    }

  /* The first serial port number no other serial device uses. */
  for (;; port++)
    {
      g_autofree char *xpath = g_strdup_printf ("/domain/devices/serial[target/@port='%u']", port);

      if (_vireo_xml_find_node (edit.context, NULL, xpath) == NULL)
        break;
    }
  port_text = g_strdup_printf ("%u", port);

  devices = ensure_devices (&edit);
  serial = element_new (edit.doc, "serial", "type", "pty", NULL);
  xmlAddChild (serial, element_new (edit.doc, "target", "port", port_text, NULL));
  append_child (devices, serial);

  if (_vireo_xml_find_node (edit.context, NULL, "/domain/devices/console") == NULL)
    {
      xmlNode *console = element_new (edit.doc, "console", "type", "pty", NULL);

      xmlAddChild (console, element_new (edit.doc, "target", "type", "serial", "port", port_text, NULL));
      append_child (devices, console);
    }

  return edit_finish (&edit);
}

char *
vireo_domain_edit_remove_serial_console (const char  *xml,
                                         GError     **error)
{
  g_auto(Edit) edit = { 0 };
  g_autoptr(GPtrArray) nodes = NULL;

  if (!edit_init (&edit, xml, error))
    return NULL;
  nodes = _vireo_xml_find_nodes (edit.context, NULL, PTY_SERIAL_XPATH " | " PTY_CONSOLE_XPATH);
  if (nodes->len == 0)
    {
      invalid (error, _("The VM has no serial console to remove."));
      return NULL;
    }
  for (guint i = 0; i < nodes->len; i++)
    remove_node (g_ptr_array_index (nodes, i));
  return edit_finish (&edit);
}

/* Device XML for live changes ------------------------------------------------------------------- */

char *
vireo_domain_edit_dup_disk_xml (const char  *xml,
                                const char  *target,
                                GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *disk;

  if (!edit_init (&edit, xml, error) || !lookup_disk (&edit, target, &disk, error))
    return NULL;
  return dup_node_xml (disk);
}

char *
vireo_domain_edit_dup_nic_xml (const char  *xml,
                               const char  *mac,
                               GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *nic;

  if (!edit_init (&edit, xml, error) || !lookup_nic (&edit, mac, &nic, error))
    return NULL;
  return dup_node_xml (nic);
}

char *
vireo_domain_edit_dup_tablet_xml (const char  *xml,
                                  GError     **error)
{
  g_auto(Edit) edit = { 0 };
  xmlNode *tablet;

  if (!edit_init (&edit, xml, error))
    return NULL;
  tablet = _vireo_xml_find_node (edit.context, NULL, TABLET_XPATH);
  if (tablet == NULL)
    {
      invalid (error, _("The VM has no USB tablet."));
      return NULL;
    }
  return dup_node_xml (tablet);
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
      !has_name (xmlDocGetRootElement (doc), "domain"))
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
