/* vireo-install-plan.c: the new-VM assistant's choices, checked, and the XML they make
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-install-plan"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libxml/xmlsave.h>

#include "vireo-error.h"
#include "vireo-install-plan.h"
#include "vireo-volume-create.h"
#include "vireo-xml-private.h"

/*
 * The device choices follow virt-install 4.1 (virtinst/guest.py set_defaults and
 * the devices/ modules), read from the connection's capabilities and the OS's osinfo entry:
 *
 *   machine     q35 when the caps list it, the arch is x86 and the OS supports q35 (generic: no),
 *               else the caps' default ("pc"); none on the test driver
 *   disk        virtio when QEMU, the OS has virtio-block and domcapabilities list the bus;
 *               else SATA on q35, IDE otherwise; driver qemu + format; discard=unmap for a new
 *               sparse volume and for block devices (these also cache=none io=native)
 *   CD-ROM      SATA on q35, else IDE, readonly
 *   NIC         virtio when QEMU and the OS has virtio-net; else e1000e on q35; else the OS's
 *               legacy model (e1000 first)
 *   video       virtio when domcapabilities list it and the OS has virtio-gpu; else vga (qxl
 *               is only chosen by virt-install for SPICE, which Vireo does not use)
 *   USB         qemu-xhci (15 ports) when the OS has USB 3, else the ich9 EHCI + 3 UHCI set
 *   input       a USB tablet when plan->tablet (virt-install: always on x86 with graphics)
 *   console     a pty serial port and its console
 *   channel     the qemu-guest-agent unix channel when the OS has virtio-serial
 *   rng         virtio, /dev/urandom, when the OS has virtio-rng
 *   memballoon  virtio when the OS has it (else libvirt's default)
 *   cpu         kvm: host-passthrough (host-model when domcapabilities lack it); qemu: none
 *   features    acpi, apic, pae as the caps offer them; Hyper-V enlightenments for Windows
 *   clock       utc (localtime for Windows); rtc catchup, pit delay, no hpet on QEMU x86;
 *               hypervclock for Windows
 *   pm          suspend to memory and disk off on x86
 *   PCIe        on q35, pcie-root and 14 pcie-root-ports for hot-plug
 * Where Vireo differs: VNC on 127.0.0.1 (virt-install defaults to SPICE), so no SPICE channel,
 * sound, USB redirection or vmport feature; no UUID or MAC (libvirt makes them).
 */

#define DEFAULT_MEMORY_MIB  1024
#define DEFAULT_DISK_GIB    20
#define PCIE_ROOT_PORTS     14

/* Plan ------------------------------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (VireoInstallPlan, vireo_install_plan, vireo_install_plan_copy, vireo_install_plan_free)

VireoInstallPlan *
vireo_install_plan_new (void)
{
  VireoInstallPlan *plan = g_new0 (VireoInstallPlan, 1);

  plan->media = VIREO_INSTALL_MEDIA_ISO;
  plan->memory_mib = DEFAULT_MEMORY_MIB;
  plan->vcpus = 1;
  plan->disk = VIREO_INSTALL_DISK_NEW_VOLUME;
  plan->disk_pool = g_strdup ("default");
  plan->disk_format = g_strdup ("qcow2");
  plan->disk_gib = DEFAULT_DISK_GIB;
  plan->nic = VIREO_INSTALL_NIC_NETWORK;
  plan->nic_source = g_strdup ("default");
  plan->tablet = TRUE;
  return plan;
}

VireoInstallPlan *
vireo_install_plan_copy (const VireoInstallPlan *plan)
{
  VireoInstallPlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = g_memdup2 (plan, sizeof *plan);
  copy->name = g_strdup (plan->name);
  copy->iso_path = g_strdup (plan->iso_path);
  copy->os_short_id = g_strdup (plan->os_short_id);
  copy->disk_pool = g_strdup (plan->disk_pool);
  copy->disk_volume = g_strdup (plan->disk_volume);
  copy->disk_format = g_strdup (plan->disk_format);
  copy->disk_path = g_strdup (plan->disk_path);
  copy->nic_source = g_strdup (plan->nic_source);
  copy->nic_model = g_strdup (plan->nic_model);
  copy->domain_type = g_strdup (plan->domain_type);
  return copy;
}

void
vireo_install_plan_free (VireoInstallPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->name);
  g_free (plan->iso_path);
  g_free (plan->os_short_id);
  g_free (plan->disk_pool);
  g_free (plan->disk_volume);
  g_free (plan->disk_format);
  g_free (plan->disk_path);
  g_free (plan->nic_source);
  g_free (plan->nic_model);
  g_free (plan->domain_type);
  g_free (plan);
}

static const char *
plan_disk_format (const VireoInstallPlan *plan)
{
  return plan->disk_format != NULL && plan->disk_format[0] != '\0' ? plan->disk_format : "qcow2";
}

char *
vireo_install_plan_dup_volume_name (const VireoInstallPlan *plan)
{
  g_return_val_if_fail (plan != NULL, NULL);

  if (plan->disk_volume != NULL && plan->disk_volume[0] != '\0')
    return g_strdup (plan->disk_volume);
  return g_strdup_printf ("%s.%s", plan->name != NULL ? plan->name : "", plan_disk_format (plan));
}

/* Caps ------------------------------------------------------------------------------------------ */

struct _VireoInstallCaps
{
  char      *arch;
  GStrv      domain_types;       /* for arch, in caps order */
  GPtrArray *machines;           /* names and aliases for arch */
  char      *default_machine;    /* nullable */
  gboolean   has_q35;
  gboolean   acpi;
  gboolean   apic;
  gboolean   pae;
  gboolean   is_qemu;            /* a QEMU driver (kvm/qemu domain types) */
  /* from domcapabilities, when there were any */
  gboolean   has_domcaps;
  GStrv      disk_buses;
  GStrv      video_models;
  gboolean   host_passthrough;
  gboolean   host_model;
};

void
vireo_install_caps_free (VireoInstallCaps *caps)
{
  if (caps == NULL)
    return;
  g_free (caps->arch);
  g_strfreev (caps->domain_types);
  g_clear_pointer (&caps->machines, g_ptr_array_unref);
  g_free (caps->default_machine);
  g_strfreev (caps->disk_buses);
  g_strfreev (caps->video_models);
  g_free (caps);
}

static GStrv
collect_strings (xmlXPathContext *ctx,
                 xmlNode         *node,
                 const char      *xpath)
{
  g_autoptr(GPtrArray) nodes = _vireo_xml_find_nodes (ctx, node, xpath);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < nodes->len; i++)
    {
      g_autoptr(VireoXmlChar) text = xmlNodeGetContent (g_ptr_array_index (nodes, i));

      if (text != NULL && text[0] != '\0')
        g_strv_builder_add (builder, (const char *) text);
    }
  return g_strv_builder_end (builder);
}

static gboolean
is_x86 (const char *arch)
{
  return g_strcmp0 (arch, "x86_64") == 0 || g_strcmp0 (arch, "i686") == 0;
}

VireoInstallCaps *
vireo_install_caps_new_from_xml (const char  *capabilities_xml,
                                 const char  *domain_capabilities_xml,
                                 GError     **error)
{
  g_autoptr(VireoInstallCaps) caps = g_new0 (VireoInstallCaps, 1);
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctx = NULL;
  g_autoptr(GPtrArray) guests = NULL;
  g_autofree char *host_arch = NULL;
  xmlNode *guest = NULL;
  g_autoptr(GPtrArray) machine_nodes = NULL;

  g_return_val_if_fail (capabilities_xml != NULL, NULL);

  doc = _vireo_xml_parse (capabilities_xml, error);
  if (doc == NULL)
    return NULL;
  ctx = _vireo_xml_context_new (doc);

  host_arch = _vireo_xml_get_string (ctx, NULL, "string(/capabilities/host/cpu/arch)");
  guests = _vireo_xml_find_nodes (ctx, NULL, "/capabilities/guest[os_type='hvm']");
  for (guint i = 0; i < guests->len && guest == NULL; i++)
    {
      g_autofree char *arch = _vireo_xml_get_string (ctx, g_ptr_array_index (guests, i), "string(arch/@name)");

      if (g_strcmp0 (arch, host_arch) == 0)
        guest = g_ptr_array_index (guests, i);
    }
  if (guest == NULL && guests->len > 0)
    guest = g_ptr_array_index (guests, 0);
  if (guest == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_UNSUPPORTED,
                   _("This host cannot run full virtual machines: its capabilities offer no 'hvm' guest."));
      return NULL;
    }

  caps->arch = _vireo_xml_get_string (ctx, guest, "string(arch/@name)");
  caps->domain_types = collect_strings (ctx, guest, "arch/domain/@type");
  caps->is_qemu = g_strv_contains ((const char * const *) caps->domain_types, "qemu") ||
                  g_strv_contains ((const char * const *) caps->domain_types, "kvm");
  caps->acpi = _vireo_xml_find_node (ctx, guest, "features/acpi") != NULL;
  caps->apic = _vireo_xml_find_node (ctx, guest, "features/apic") != NULL;
  caps->pae = _vireo_xml_find_node (ctx, guest, "features/pae") != NULL;

  caps->machines = g_ptr_array_new_with_free_func (g_free);
  machine_nodes = _vireo_xml_find_nodes (ctx, guest, "arch/machine | arch/domain/machine");
  for (guint i = 0; i < machine_nodes->len; i++)
    {
      xmlNode *node = g_ptr_array_index (machine_nodes, i);
      g_autoptr(VireoXmlChar) name = xmlNodeGetContent (node);
      g_autofree char *canonical = _vireo_xml_get_attribute (node, "canonical");

      if (name == NULL || name[0] == '\0')
        continue;
      g_ptr_array_add (caps->machines, g_strdup ((const char *) name));
      if (g_strcmp0 ((const char *) name, "q35") == 0)
        caps->has_q35 = TRUE;
      /* The stable alias ("pc" for pc-i440fx-7.2) is the default QEMU itself uses. */
      if (canonical != NULL && g_strcmp0 ((const char *) name, "pc") == 0)
        caps->default_machine = g_strdup ("pc");
    }
  if (caps->default_machine == NULL && caps->machines->len > 0)
    caps->default_machine = g_strdup (g_ptr_array_index (caps->machines, 0));

  if (domain_capabilities_xml != NULL)
    {
      g_autoptr(xmlDoc) ddoc = _vireo_xml_parse (domain_capabilities_xml, error);
      g_autoptr(xmlXPathContext) dctx = NULL;

      if (ddoc == NULL)
        return NULL;
      dctx = _vireo_xml_context_new (ddoc);
      caps->has_domcaps = TRUE;
      caps->disk_buses = collect_strings (dctx, NULL,
                                          "/domainCapabilities/devices/disk[@supported='yes']/enum[@name='bus']/value");
      caps->video_models = collect_strings (dctx, NULL,
                                            "/domainCapabilities/devices/video[@supported='yes']/enum[@name='modelType']/value");
      caps->host_passthrough = _vireo_xml_find_node (dctx, NULL,
                                                     "/domainCapabilities/cpu/mode[@name='host-passthrough'][@supported='yes']") != NULL;
      caps->host_model = _vireo_xml_find_node (dctx, NULL,
                                               "/domainCapabilities/cpu/mode[@name='host-model'][@supported='yes']") != NULL;
    }

  return g_steal_pointer (&caps);
}

const char *
vireo_install_caps_get_arch (const VireoInstallCaps *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);
  return caps->arch;
}

gboolean
vireo_install_caps_has_domain_type (const VireoInstallCaps *caps,
                                    const char             *type)
{
  g_return_val_if_fail (caps != NULL, FALSE);
  return type != NULL && g_strv_contains ((const char * const *) caps->domain_types, type);
}

const char *
vireo_install_caps_get_domain_type (const VireoInstallCaps *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);

  if (vireo_install_caps_has_domain_type (caps, "kvm"))
    return "kvm";
  if (vireo_install_caps_has_domain_type (caps, "qemu"))
    return "qemu";
  return caps->domain_types[0];
}

const char *
vireo_install_caps_get_machine (const VireoInstallCaps *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);
  return caps->has_q35 ? "q35" : caps->default_machine;
}

const char *
vireo_install_caps_get_default_machine (const VireoInstallCaps *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);
  return caps->default_machine;
}

const char *
vireo_install_caps_choose_machine (const VireoInstallCaps *caps,
                                   VireoOs                *os)
{
  g_return_val_if_fail (caps != NULL, NULL);

  if (caps->has_q35 && caps->is_qemu && is_x86 (caps->arch) && os != NULL && vireo_os_supports_q35 (os))
    return "q35";
  return caps->default_machine;
}

/* Problems -------------------------------------------------------------------------------------- */

void
vireo_install_problem_free (VireoInstallProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->message);
  g_free (problem);
}

G_GNUC_PRINTF (3, 4)
static void
add_problem (GPtrArray         *problems,
             VireoInstallField  field,
             const char        *format,
             ...)
{
  VireoInstallProblem *problem = g_new0 (VireoInstallProblem, 1);
  va_list args;

  va_start (args, format);
  problem->field = field;
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (problems, problem);
}

static gboolean
strv_has (const char * const *strv,
          const char         *value)
{
  return strv != NULL && value != NULL && g_strv_contains (strv, value);
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

GPtrArray *
vireo_install_plan_check (const VireoInstallPlan   *plan,
                          const VireoInstallLimits *limits)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vireo_install_problem_free);
  char num[32], max[32];

  g_return_val_if_fail (plan != NULL, problems);
  g_return_val_if_fail (limits != NULL, problems);

  /* Name */
  if (is_blank (plan->name))
    add_problem (problems, VIREO_INSTALL_FIELD_NAME, "%s", _("Enter a name for the virtual machine."));
  else if (strchr (plan->name, '/') != NULL)
    add_problem (problems, VIREO_INSTALL_FIELD_NAME,
                 _("The name '%s' contains a '/'; choose a name without it."), plan->name);
  else if (strv_has (limits->taken_names, plan->name))
    add_problem (problems, VIREO_INSTALL_FIELD_NAME,
                 _("Another virtual machine is already named '%s'; choose another name."), plan->name);

  /* Media */
  if (plan->media == VIREO_INSTALL_MEDIA_ISO && is_blank (plan->iso_path))
    add_problem (problems, VIREO_INSTALL_FIELD_MEDIA, "%s",
                 _("Choose the installer ISO image, or another install source."));
  if (plan->media == VIREO_INSTALL_MEDIA_IMPORT &&
      (plan->disk != VIREO_INSTALL_DISK_EXISTING || is_blank (plan->disk_path)))
    add_problem (problems, VIREO_INSTALL_FIELD_MEDIA, "%s",
                 _("Importing boots an existing disk image: choose the image to import."));

  /* OS */
  if (plan->os_short_id != NULL && vireo_osinfo_lookup (plan->os_short_id) == NULL)
    add_problem (problems, VIREO_INSTALL_FIELD_OS,
                 _("The operating system '%s' is not in this computer's OS database; choose one from the list."),
                 plan->os_short_id);

  /* Memory */
  g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, plan->memory_mib);
  g_snprintf (max, sizeof max, "%" G_GUINT64_FORMAT, limits->host_memory_mib);
  if (plan->memory_mib == 0)
    add_problem (problems, VIREO_INSTALL_FIELD_MEMORY, "%s",
                 _("The virtual machine needs memory: enter at least 1 MiB."));
  else if (limits->host_memory_mib > 0 && plan->memory_mib > limits->host_memory_mib)
    add_problem (problems, VIREO_INSTALL_FIELD_MEMORY,
                 _("%s MiB is more memory than the host has (%s MiB); enter %s MiB or less."),
                 num, max, max);

  /* vCPUs */
  g_snprintf (num, sizeof num, "%u", plan->vcpus);
  g_snprintf (max, sizeof max, "%u", limits->host_cpus);
  if (plan->vcpus == 0)
    add_problem (problems, VIREO_INSTALL_FIELD_VCPUS, "%s",
                 _("The virtual machine needs at least 1 virtual CPU."));
  else if (limits->host_cpus > 0 && plan->vcpus > limits->host_cpus)
    add_problem (problems, VIREO_INSTALL_FIELD_VCPUS,
                 _("%s virtual CPUs are more than the host's %s CPUs; enter %s or fewer."),
                 num, max, max);

  /* Disk */
  if (plan->disk == VIREO_INSTALL_DISK_NEW_VOLUME)
    {
      g_autofree char *volume = vireo_install_plan_dup_volume_name (plan);
      const char *format = plan_disk_format (plan);

      if (is_blank (plan->disk_pool))
        add_problem (problems, VIREO_INSTALL_FIELD_DISK, "%s",
                     _("Choose the storage pool for the new disk."));
      if (g_strcmp0 (format, "qcow2") != 0 && g_strcmp0 (format, "raw") != 0)
        add_problem (problems, VIREO_INSTALL_FIELD_DISK,
                     _("The disk format '%s' is not supported here; choose 'qcow2' or 'raw'."), format);
      if (plan->disk_gib == 0)
        add_problem (problems, VIREO_INSTALL_FIELD_DISK, "%s",
                     _("The new disk needs a size: enter at least 1 GiB."));
      else if (limits->pool_available != G_MAXUINT64 &&
               (plan->disk_gib > G_MAXUINT64 / (1024 * 1024 * 1024) ||
                plan->disk_gib * 1024 * 1024 * 1024 > limits->pool_available))
        {
          g_snprintf (num, sizeof num, "%" G_GUINT64_FORMAT, plan->disk_gib);
          g_snprintf (max, sizeof max, "%" G_GUINT64_FORMAT, limits->pool_available / (1024 * 1024 * 1024));
          add_problem (problems, VIREO_INSTALL_FIELD_DISK,
                       _("A disk of %s GiB does not fit in the storage pool '%s', which has %s GiB free; enter a smaller size or choose another pool."),
                       num, plan->disk_pool != NULL ? plan->disk_pool : "", max);
        }
      if (!is_blank (plan->name) && strchr (volume, '/') == NULL &&
          strv_has (limits->taken_volumes, volume))
        add_problem (problems, VIREO_INSTALL_FIELD_DISK,
                     _("A volume named '%s' already exists in the storage pool '%s'; choose another name for the disk."),
                     volume, plan->disk_pool != NULL ? plan->disk_pool : "");
      else if (plan->disk_volume != NULL && strchr (plan->disk_volume, '/') != NULL)
        add_problem (problems, VIREO_INSTALL_FIELD_DISK,
                     _("The volume name '%s' contains a '/'; choose a name without it."), plan->disk_volume);
    }
  else if (plan->disk == VIREO_INSTALL_DISK_EXISTING && is_blank (plan->disk_path))
    add_problem (problems, VIREO_INSTALL_FIELD_DISK, "%s",
                 _("Choose the existing disk image or volume."));

  /* Network */
  switch (plan->nic)
    {
    case VIREO_INSTALL_NIC_NETWORK:
      if (is_blank (plan->nic_source))
        add_problem (problems, VIREO_INSTALL_FIELD_NETWORK, "%s", _("Choose a virtual network."));
      else if (!strv_has (limits->networks, plan->nic_source))
        add_problem (problems, VIREO_INSTALL_FIELD_NETWORK,
                     _("The virtual network '%s' does not exist; choose another network."), plan->nic_source);
      break;
    case VIREO_INSTALL_NIC_BRIDGE:
      if (is_blank (plan->nic_source))
        add_problem (problems, VIREO_INSTALL_FIELD_NETWORK, "%s", _("Choose the host bridge to connect to."));
      break;
    case VIREO_INSTALL_NIC_MACVTAP:
      if (is_blank (plan->nic_source))
        add_problem (problems, VIREO_INSTALL_FIELD_NETWORK, "%s", _("Choose the host interface to connect to."));
      break;
    case VIREO_INSTALL_NIC_NONE:
      if (plan->media == VIREO_INSTALL_MEDIA_NETWORK_BOOT)
        add_problem (problems, VIREO_INSTALL_FIELD_NETWORK, "%s",
                     _("Network boot needs a network connection; choose a network."));
      break;
    case VIREO_INSTALL_NIC_USER:
    default:
      break;
    }

  return problems;
}

/* Domain XML ------------------------------------------------------------------------------------ */

typedef struct
{
  const VireoInstallPlan *plan;
  const VireoInstallCaps *caps;
  VireoOs                *os;
  const char             *type;      /* domain type */
  const char             *machine;   /* nullable */
  gboolean                qemu;      /* a QEMU driver */
  gboolean                q35;
  gboolean                x86;
  guint                   n_targets[4];  /* vd, sd, hd, next free */
} Build;

static xmlNode *
add (xmlNode    *parent,
     const char *name)
{
  return xmlNewChild (parent, NULL, BAD_CAST name, NULL);
}

/* A child with text, escaped on output (xmlNewTextChild, never xmlNewChild with content). */
static xmlNode *
add_text (xmlNode    *parent,
          const char *name,
          const char *text)
{
  return xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST text);
}

static void
set (xmlNode    *node,
     const char *name,
     const char *value)
{
  xmlNewProp (node, BAD_CAST name, BAD_CAST value);
}

static xmlNode *
add_with (xmlNode    *parent,
          const char *name,
          const char *attr,
          const char *value)
{
  xmlNode *node = add (parent, name);

  set (node, attr, value);
  return node;
}

static gboolean
build_supports_virtio (Build *b,
                       gboolean (*os_supports) (VireoOs *))
{
  return b->qemu && b->x86 && b->os != NULL && os_supports (b->os);
}

static const char *
disk_bus (Build *b)
{
  if (build_supports_virtio (b, vireo_os_supports_virtio_block) &&
      (!b->caps->has_domcaps || strv_has ((const char * const *) b->caps->disk_buses, "virtio")))
    return "virtio";
  return b->q35 ? "sata" : "ide";
}

static const char *
cdrom_bus (Build *b)
{
  return b->q35 ? "sata" : "ide";
}

/* vda, vdb … / sda … / hda …: the next free name for @bus. */
static char *
next_target (Build      *b,
             const char *bus)
{
  guint slot = g_str_equal (bus, "virtio") ? 0 : g_str_equal (bus, "sata") ? 1 : 2;
  const char *prefix = slot == 0 ? "vd" : slot == 1 ? "sd" : "hd";

  return g_strdup_printf ("%s%c", prefix, 'a' + b->n_targets[slot]++);
}

static const char *
nic_model (Build *b)
{
  if (b->plan->nic_model != NULL && b->plan->nic_model[0] != '\0')
    return b->plan->nic_model;
  if (build_supports_virtio (b, vireo_os_supports_virtio_net))
    return "virtio";
  if (b->q35)
    return "e1000e";
  if (b->os != NULL)
    return vireo_os_get_legacy_nic_model (b->os);
  return "e1000";
}

static const char *
video_model (Build *b)
{
  if (b->caps->has_domcaps && strv_has ((const char * const *) b->caps->video_models, "virtio") &&
      b->os != NULL && vireo_os_supports_virtio_gpu (b->os))
    return "virtio";
  return "vga";
}

static const char *
disk_format_of_path (const char *path)
{
  if (g_str_has_suffix (path, ".qcow2"))
    return "qcow2";
  if (g_str_has_suffix (path, ".raw") || g_str_has_suffix (path, ".img"))
    return "raw";
  return NULL;
}

static void
add_disk (Build   *b,
          xmlNode *devices)
{
  const VireoInstallPlan *plan = b->plan;
  const char *bus = disk_bus (b);
  g_autofree char *target = next_target (b, bus);
  g_autofree char *volume = NULL;
  const char *format = NULL;
  gboolean block = FALSE;
  gboolean discard = FALSE;
  xmlNode *disk, *driver, *source, *node;

  disk = add (devices, "disk");
  if (plan->disk == VIREO_INSTALL_DISK_NEW_VOLUME)
    {
      format = plan_disk_format (plan);
      discard = b->qemu;   /* a new sparse volume */
      if (plan->disk_path != NULL)
        set (disk, "type", "file");
      else
        set (disk, "type", "volume");
    }
  else
    {
      block = g_str_has_prefix (plan->disk_path, "/dev/");
      format = plan->disk_format != NULL ? plan->disk_format : disk_format_of_path (plan->disk_path);
      discard = b->qemu && block;
      set (disk, "type", block ? "block" : "file");
    }
  set (disk, "device", "disk");

  driver = add (disk, "driver");
  if (b->qemu)
    set (driver, "name", "qemu");
  if (format != NULL)
    set (driver, "type", format);
  if (b->qemu && block)
    {
      set (driver, "cache", "none");
      set (driver, "io", "native");
    }
  if (discard)
    set (driver, "discard", "unmap");
  if (driver->properties == NULL)
    {
      xmlUnlinkNode (driver);
      xmlFreeNode (driver);
    }

  source = add (disk, "source");
  if (plan->disk == VIREO_INSTALL_DISK_NEW_VOLUME && plan->disk_path == NULL)
    {
      volume = vireo_install_plan_dup_volume_name (plan);
      set (source, "pool", plan->disk_pool);
      set (source, "volume", volume);
    }
  else
    set (source, block ? "dev" : "file", plan->disk_path);

  node = add (disk, "target");
  set (node, "dev", target);
  set (node, "bus", bus);
}

static void
add_cdrom (Build   *b,
           xmlNode *devices)
{
  const char *bus = cdrom_bus (b);
  g_autofree char *target = next_target (b, bus);
  xmlNode *disk, *node;

  disk = add (devices, "disk");
  set (disk, "type", "file");
  set (disk, "device", "cdrom");
  if (b->qemu)
    {
      node = add (disk, "driver");
      set (node, "name", "qemu");
      set (node, "type", "raw");
    }
  add_with (disk, "source", "file", b->plan->iso_path);
  node = add (disk, "target");
  set (node, "dev", target);
  set (node, "bus", bus);
  add (disk, "readonly");
}

static void
add_interface (Build   *b,
               xmlNode *devices)
{
  const VireoInstallPlan *plan = b->plan;
  xmlNode *iface = add (devices, "interface");
  xmlNode *source;

  switch (plan->nic)
    {
    case VIREO_INSTALL_NIC_NETWORK:
      set (iface, "type", "network");
      add_with (iface, "source", "network", plan->nic_source);
      break;
    case VIREO_INSTALL_NIC_BRIDGE:
      set (iface, "type", "bridge");
      add_with (iface, "source", "bridge", plan->nic_source);
      break;
    case VIREO_INSTALL_NIC_MACVTAP:
      set (iface, "type", "direct");
      source = add_with (iface, "source", "dev", plan->nic_source);
      set (source, "mode", "bridge");
      break;
    case VIREO_INSTALL_NIC_USER:
      set (iface, "type", "user");
      break;
    case VIREO_INSTALL_NIC_NONE:
    default:
      g_assert_not_reached ();
    }
  add_with (iface, "model", "type", nic_model (b));
}

static void
add_usb_controllers (Build   *b,
                     xmlNode *devices)
{
  static const struct { const char *model; int startport; } usb2[] = {
    { "ich9-ehci1", -1 }, { "ich9-uhci1", 0 }, { "ich9-uhci2", 2 }, { "ich9-uhci3", 4 },
  };
  xmlNode *node;

  if (b->qemu && b->os != NULL && vireo_os_supports_usb3 (b->os))
    {
      node = add (devices, "controller");
      set (node, "type", "usb");
      set (node, "model", "qemu-xhci");
      set (node, "ports", "15");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (usb2); i++)
    {
      node = add (devices, "controller");
      set (node, "type", "usb");
      set (node, "model", usb2[i].model);
      if (usb2[i].startport >= 0)
        {
          char port[8];

          g_snprintf (port, sizeof port, "%d", usb2[i].startport);
          add_with (node, "master", "startport", port);
        }
    }
}

static void
add_os (Build             *b,
        xmlNode           *domain,
        VireoInstallStage  stage)
{
  xmlNode *os = add (domain, "os");
  xmlNode *type = add_text (os, "type", "hvm");

  set (type, "arch", b->caps->arch);
  if (b->machine != NULL)
    set (type, "machine", b->machine);

  if (stage == VIREO_INSTALL_STAGE_INSTALL)
    switch (b->plan->media)
      {
      case VIREO_INSTALL_MEDIA_ISO:
        add_with (os, "boot", "dev", "cdrom");
        break;
      case VIREO_INSTALL_MEDIA_NETWORK_BOOT:
        add_with (os, "boot", "dev", "network");
        break;
      case VIREO_INSTALL_MEDIA_IMPORT:
      case VIREO_INSTALL_MEDIA_MANUAL:
      default:
        break;
      }
  add_with (os, "boot", "dev", "hd");
}

static void
add_features (Build   *b,
              xmlNode *domain)
{
  xmlNode *features = add (domain, "features");
  xmlNode *hyperv;

  if (b->caps->acpi)
    add (features, "acpi");
  if (b->caps->apic)
    add (features, "apic");
  if (b->caps->pae && g_strcmp0 (b->caps->arch, "i686") == 0)
    add (features, "pae");
  if (b->os != NULL && vireo_os_is_windows (b->os) && b->qemu)
    {
      hyperv = add (features, "hyperv");
      set (hyperv, "mode", "custom");
      add_with (hyperv, "relaxed", "state", "on");
      add_with (hyperv, "vapic", "state", "on");
      set (add_with (hyperv, "spinlocks", "state", "on"), "retries", "8191");
    }
  if (features->children == NULL)
    {
      xmlUnlinkNode (features);
      xmlFreeNode (features);
    }
}

static void
add_cpu (Build   *b,
         xmlNode *domain)
{
  const char *mode = NULL;

  /* virt-install sets a CPU mode only for KVM on x86 (domain/cpu.py): host-passthrough where
   * domain capabilities call it safe; TCG keeps QEMU's default model. */
  if (!b->qemu || !b->x86 || g_strcmp0 (b->type, "kvm") != 0)
    return;
  if (!b->caps->has_domcaps || b->caps->host_passthrough)
    mode = "host-passthrough";
  else if (b->caps->host_model)
    mode = "host-model";
  if (mode == NULL)
    return;
  set (add_with (domain, "cpu", "mode", mode), "check", "none");
}

static void
add_clock (Build   *b,
           xmlNode *domain)
{
  gboolean windows = b->os != NULL && vireo_os_is_windows (b->os);
  xmlNode *clock = add_with (domain, "clock", "offset", windows ? "localtime" : "utc");
  xmlNode *timer;

  if (!b->qemu || !b->x86)
    return;
  timer = add_with (clock, "timer", "name", "rtc");
  set (timer, "tickpolicy", "catchup");
  timer = add_with (clock, "timer", "name", "pit");
  set (timer, "tickpolicy", "delay");
  timer = add_with (clock, "timer", "name", "hpet");
  set (timer, "present", "no");
  if (windows)
    {
      timer = add_with (clock, "timer", "name", "hypervclock");
      set (timer, "present", "yes");
    }
}

static char *
doc_to_string (xmlDoc *doc)
{
  xmlBuffer *buffer = xmlBufferCreate ();
  xmlSaveCtxt *save = xmlSaveToBuffer (buffer, "UTF-8", XML_SAVE_NO_DECL | XML_SAVE_FORMAT);
  char *result;

  xmlSaveDoc (save, doc);
  xmlSaveClose (save);
  result = g_strdup ((const char *) xmlBufferContent (buffer));
  xmlBufferFree (buffer);
  return result;
}

char *
vireo_install_plan_build_xml (const VireoInstallPlan   *plan,
                              const VireoInstallCaps   *caps,
                              VireoOs                  *os,
                              VireoInstallStage         stage,
                              GError                  **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  xmlNode *domain, *devices, *node, *target;
  Build b = { 0 };
  char buf[32];

  g_return_val_if_fail (plan != NULL, NULL);
  g_return_val_if_fail (caps != NULL, NULL);
  g_return_val_if_fail (os == NULL || VIREO_IS_OS (os), NULL);

  if (is_blank (plan->name))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   "%s", _("Enter a name for the virtual machine."));
      return NULL;
    }
  if (plan->media == VIREO_INSTALL_MEDIA_ISO && is_blank (plan->iso_path))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   "%s", _("Choose the installer ISO image, or another install source."));
      return NULL;
    }
  if (plan->disk == VIREO_INSTALL_DISK_EXISTING && is_blank (plan->disk_path))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   "%s", _("Choose the existing disk image or volume."));
      return NULL;
    }
  if (plan->domain_type != NULL && !vireo_install_caps_has_domain_type (caps, plan->domain_type))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_UNSUPPORTED,
                   _("This host cannot run '%s' virtual machines for '%s'."),
                   plan->domain_type, caps->arch);
      return NULL;
    }

  b.plan = plan;
  b.caps = caps;
  b.os = os;
  b.type = plan->domain_type != NULL ? plan->domain_type : vireo_install_caps_get_domain_type (caps);
  b.qemu = g_strcmp0 (b.type, "kvm") == 0 || g_strcmp0 (b.type, "qemu") == 0;
  b.x86 = is_x86 (caps->arch);
  b.machine = vireo_install_caps_choose_machine (caps, os);
  b.q35 = g_strcmp0 (b.machine, "q35") == 0;

  doc = xmlNewDoc (BAD_CAST "1.0");
  domain = xmlNewNode (NULL, BAD_CAST "domain");
  xmlDocSetRootElement (doc, domain);
  set (domain, "type", b.type);
  add_text (domain, "name", plan->name);

  if (os != NULL)
    {
      xmlNode *metadata = add (domain, "metadata");
      xmlNode *libosinfo = add (metadata, "libosinfo");
      xmlNs *ns = xmlNewNs (libosinfo, BAD_CAST "http://libosinfo.org/xmlns/libvirt/domain/1.0",
                            BAD_CAST "libosinfo");

      xmlSetNs (libosinfo, ns);
      node = xmlNewChild (libosinfo, ns, BAD_CAST "os", NULL);
      set (node, "id", vireo_os_get_id (os));
    }

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, plan->memory_mib * 1024);
  set (add_text (domain, "memory", buf), "unit", "KiB");
  set (add_text (domain, "currentMemory", buf), "unit", "KiB");
  g_snprintf (buf, sizeof buf, "%u", plan->vcpus);
  add_text (domain, "vcpu", buf);

  add_os (&b, domain, stage);
  add_features (&b, domain);
  add_cpu (&b, domain);
  add_clock (&b, domain);
  if (b.x86)
    {
      node = add (domain, "pm");
      add_with (node, "suspend-to-mem", "enabled", "no");
      add_with (node, "suspend-to-disk", "enabled", "no");
    }

  devices = add (domain, "devices");
  if (plan->disk != VIREO_INSTALL_DISK_NONE)
    add_disk (&b, devices);
  if (plan->media == VIREO_INSTALL_MEDIA_ISO)
    add_cdrom (&b, devices);
  if (b.qemu || g_strcmp0 (b.type, "test") == 0)
    add_usb_controllers (&b, devices);
  if (b.q35)
    {
      add_with (devices, "controller", "type", "pci");
      set (devices->last, "model", "pcie-root");
      for (guint i = 0; i < PCIE_ROOT_PORTS; i++)
        {
          node = add_with (devices, "controller", "type", "pci");
          set (node, "model", "pcie-root-port");
        }
    }
  if (plan->nic != VIREO_INSTALL_NIC_NONE)
    add_interface (&b, devices);

  node = add_with (devices, "serial", "type", "pty");
  node = add_with (devices, "console", "type", "pty");
  target = add_with (node, "target", "type", "serial");
  set (target, "port", "0");

  if (build_supports_virtio (&b, vireo_os_supports_virtio_serial))
    {
      node = add_with (devices, "channel", "type", "unix");
      target = add_with (node, "target", "type", "virtio");
      set (target, "name", "org.qemu.guest_agent.0");
    }

  if (plan->tablet)
    set (add_with (devices, "input", "type", "tablet"), "bus", "usb");

  node = add_with (devices, "graphics", "type", "vnc");
  set (node, "port", "-1");
  set (node, "autoport", "yes");
  set (node, "listen", "127.0.0.1");
  target = add_with (node, "listen", "type", "address");
  set (target, "address", "127.0.0.1");

  node = add (devices, "video");
  add_with (node, "model", "type", video_model (&b));

  if (build_supports_virtio (&b, vireo_os_supports_virtio_balloon))
    add_with (devices, "memballoon", "model", "virtio");
  if (build_supports_virtio (&b, vireo_os_supports_virtio_rng))
    {
      node = add_with (devices, "rng", "model", "virtio");
      add_text (node, "backend", "/dev/urandom");
      set (node->last, "model", "random");
    }

  return doc_to_string (doc);
}

char *
vireo_install_xml_make_final (const char  *install_xml,
                              GError     **error)
{
  g_autoptr(xmlDoc) doc = NULL;
  g_autoptr(xmlXPathContext) ctx = NULL;
  xmlNode *os, *type, *boot;

  g_return_val_if_fail (install_xml != NULL, NULL);

  doc = _vireo_xml_parse (install_xml, error);
  if (doc == NULL)
    return NULL;
  ctx = _vireo_xml_context_new (doc);
  if (_vireo_xml_find_node (ctx, NULL, "/domain") == NULL)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML,
                   "%s", _("The document is not a domain definition."));
      return NULL;
    }

  _vireo_xml_remove_nodes (ctx, NULL, "/domain/os/boot");
  _vireo_xml_remove_nodes (ctx, NULL, "/domain/devices/disk[@device='cdrom' or @device='floppy']/boot");
  _vireo_xml_remove_nodes (ctx, NULL, "/domain/devices/interface/boot");

  /* libvirt refuses <os><boot> beside per-device boot orders: a disk that keeps its order
   * already boots first. */
  if (_vireo_xml_find_node (ctx, NULL, "/domain/devices//boot[@order]") != NULL)
    return _vireo_xml_to_string (doc);

  os = _vireo_xml_ensure_child (xmlDocGetRootElement (doc), "os");
  boot = xmlNewNode (NULL, BAD_CAST "boot");
  set (boot, "dev", "hd");
  /* After <type>, <loader> and <nvram>, where libvirt writes it. */
  type = _vireo_xml_find_node (ctx, os, "(type | loader | nvram)[last()]");
  if (type != NULL)
    xmlAddNextSibling (type, boot);
  else if (os->children != NULL)
    xmlAddPrevSibling (os->children, boot);
  else
    xmlAddChild (os, boot);

  return _vireo_xml_to_string (doc);
}

char *
vireo_install_plan_build_volume_xml (const VireoInstallPlan  *plan,
                                     GError                 **error)
{
  g_autofree char *name = NULL;
  const char *format;

  g_return_val_if_fail (plan != NULL, NULL);

  if (plan->disk != VIREO_INSTALL_DISK_NEW_VOLUME)
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   "%s", _("The plan does not create a new disk."));
      return NULL;
    }
  name = vireo_install_plan_dup_volume_name (plan);
  if (is_blank (plan->disk_volume) && is_blank (plan->name))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   "%s", _("Enter a name for the virtual machine."));
      return NULL;
    }
  if (plan->disk_gib == 0 || plan->disk_gib > G_MAXUINT64 / (1024 * 1024 * 1024))
    {
      g_set_error (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT,
                   "%s", _("The new disk needs a size: enter at least 1 GiB."));
      return NULL;
    }
  format = plan_disk_format (plan);

  return vireo_volume_xml_new (name, plan->disk_gib * 1024 * 1024 * 1024, format);
}
