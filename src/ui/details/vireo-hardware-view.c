/* vireo-hardware-view.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-hardware-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "vireo-add-hardware-dialog.h"
#include "vireo-boot-page.h"
#include "vireo-cpu-page.h"
#include "vireo-devices-page.h"
#include "vireo-disk-page.h"
#include "vireo-display-page.h"
#include "vireo-hardware-view.h"
#include "vireo-memory-page.h"
#include "vireo-nic-page.h"

struct _VireoHardwareView
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *sidebar_box;
  GtkListBox           *sidebar;
  GtkButton            *add_button;
  GtkStack             *pages;

  /* Owned */
  VireoHardwareContext *context;
  GPtrArray            *keys;       /* char *, the rows' keys in order */
  char                 *selected;   /* the selected row's key */
  gboolean              rebuilding;
};

G_DEFINE_FINAL_TYPE (VireoHardwareView, vireo_hardware_view, GTK_TYPE_WIDGET)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a row shows. */
typedef struct
{
  char *key;
  char *label;
  const char *icon;
} Item;

static void
item_clear (Item *item)
{
  g_free (item->key);
  g_free (item->label);
}

static GArray *
items_for (const VireoDomainConfig *config)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));
  Item item;

  g_array_set_clear_func (items, (GDestroyNotify) item_clear);

#define ADD(k, l, i) G_STMT_START { item.key = (k); item.label = (l); item.icon = (i); \
                                    g_array_append_val (items, item); } G_STMT_END

  ADD (g_strdup ("cpus"), g_strdup (_("Processors")), "system-run-symbolic");
  ADD (g_strdup ("memory"), g_strdup (_("Memory")), "drive-multidisk-symbolic");
  ADD (g_strdup ("boot"), g_strdup (_("Boot Options")), "system-reboot-symbolic");
  for (guint i = 0; i < config->disks->len; i++)
    {
      const VireoDomainDisk *disk = g_ptr_array_index (config->disks, i);
      gboolean optical = g_strcmp0 (disk->device, "cdrom") == 0;
      gboolean floppy = g_strcmp0 (disk->device, "floppy") == 0;

      if (disk->target == NULL)
        continue;
      /* Translators: a disk in the hardware list, "Disk vda", "CD-ROM sda", "Floppy fda" */
      ADD (g_strconcat ("disk:", disk->target, NULL),
           g_strdup_printf (optical ? _("CD-ROM %s") : floppy ? _("Floppy %s") : _("Disk %s"), disk->target),
           optical ? "media-optical-symbolic" : floppy ? "media-floppy-symbolic" : "drive-harddisk-symbolic");
    }
  for (guint i = 0; i < config->nics->len; i++)
    {
      const VireoDomainNic *nic = g_ptr_array_index (config->nics, i);

      if (nic->mac == NULL)
        continue;
      /* Translators: a network interface in the hardware list, "NIC 52:54:00:12:34:56" */
      ADD (g_strconcat ("nic:", nic->mac, NULL), g_strdup_printf (_("NIC %s"), nic->mac), "network-wired-symbolic");
    }
  ADD (g_strdup ("display"), g_strdup (_("Display")), "video-display-symbolic");
  ADD (g_strdup ("devices"), g_strdup (_("Input, Sound and Console")), "input-mouse-symbolic");
#undef ADD

  return items;
}

static GtkWidget *
page_new (const char *key)
{
  if (g_str_has_prefix (key, "disk:"))
    return vireo_disk_page_new (key + strlen ("disk:"));
  if (g_str_has_prefix (key, "nic:"))
    return vireo_nic_page_new (key + strlen ("nic:"));
  if (g_str_equal (key, "cpus"))
    return vireo_cpu_page_new ();
  if (g_str_equal (key, "memory"))
    return vireo_memory_page_new ();
  if (g_str_equal (key, "boot"))
    return vireo_boot_page_new ();
  if (g_str_equal (key, "display"))
    return vireo_display_page_new ();
  return vireo_devices_page_new ();
}

static void
on_page_apply_cb (VireoHardwarePage *page,
                  const char        *xml,
                  GPtrArray         *live_changes,
                  VireoHardwareView *self)
{
  g_signal_emit (self, signals[APPLY], 0, page, xml, live_changes);
}

static GtkWidget *
row_new (const Item *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (item->label);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (item->icon));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, item->key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, item->label, -1);
  return row;
}

static gboolean
same_keys (GPtrArray *keys,
           GArray    *items)
{
  if (keys->len != items->len)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (g_ptr_array_index (keys, i), g_array_index (items, Item, i).key) != 0)
      return FALSE;
  return TRUE;
}

/* Rows and pages for @items: a page whose device stays is kept (with what is being edited). */
static void
rebuild (VireoHardwareView *self,
         GArray            *items)
{
  GtkWidget *row;

  self->rebuilding = TRUE;
  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, row);

  /* Pages of devices gone. */
  for (guint i = 0; i < self->keys->len; i++)
    {
      const char *key = g_ptr_array_index (self->keys, i);
      gboolean stays = FALSE;

      for (guint j = 0; j < items->len; j++)
        stays = stays || g_str_equal (key, g_array_index (items, Item, j).key);
      if (!stays)
        gtk_stack_remove (self->pages, gtk_stack_get_child_by_name (self->pages, key));
    }

  g_ptr_array_set_size (self->keys, 0);
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);

      if (gtk_stack_get_child_by_name (self->pages, item->key) == NULL)
        {
          GtkWidget *page = page_new (item->key);

          g_signal_connect_object (page, "apply", G_CALLBACK (on_page_apply_cb), self, 0);
          gtk_stack_add_named (self->pages, page, item->key);
        }
      gtk_list_box_append (self->sidebar, row_new (item));
      g_ptr_array_add (self->keys, g_strdup (item->key));
    }
  self->rebuilding = FALSE;
}

static void
on_row_selected_cb (VireoHardwareView *self,
                    GtkListBoxRow     *row)
{
  const char *key;

  if (row == NULL || self->rebuilding)
    return;
  key = gtk_widget_get_name (GTK_WIDGET (row));
  g_free (self->selected);
  self->selected = g_strdup (key);
  gtk_stack_set_visible_child_name (self->pages, key);
}

static void
on_add_clicked_cb (VireoHardwareView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  VireoAddHardwareDialog *dialog;

  if (self->context == NULL)
    return;
  dialog = vireo_add_hardware_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->context);
  g_signal_connect_object (dialog, "apply", G_CALLBACK (on_page_apply_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
vireo_hardware_view_dispose (GObject *object)
{
  VireoHardwareView *self = VIREO_HARDWARE_VIEW (object);
  GtkWidget *child;

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_HARDWARE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (vireo_hardware_view_parent_class)->dispose (object);
}

static void
vireo_hardware_view_finalize (GObject *object)
{
  VireoHardwareView *self = VIREO_HARDWARE_VIEW (object);

  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->selected);

  G_OBJECT_CLASS (vireo_hardware_view_parent_class)->finalize (object);
}

static void
vireo_hardware_view_class_init (VireoHardwareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_hardware_view_dispose;
  object_class->finalize = vireo_hardware_view_finalize;

  /**
   * VireoHardwareView::apply:
   * @self: the view
   * @page: the VireoHardwarePage that asks
   * @xml: the new definition
   * @live_changes: (element-type VireoLiveChange): for the running VM
   */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 3, VIREO_TYPE_HARDWARE_PAGE, G_TYPE_STRING, G_TYPE_PTR_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/details/vireo-hardware-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoHardwareView, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, VireoHardwareView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, VireoHardwareView, add_button);
  gtk_widget_class_bind_template_child (widget_class, VireoHardwareView, pages);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked_cb);
}

static void
vireo_hardware_view_init (VireoHardwareView *self)
{
  self->keys = g_ptr_array_new_with_free_func (g_free);
  self->selected = g_strdup ("cpus");
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vireo_hardware_view_new (void)
{
  return g_object_new (VIREO_TYPE_HARDWARE_VIEW, NULL);
}

void
vireo_hardware_view_set_context (VireoHardwareView    *self,
                                 VireoHardwareContext *context)
{
  g_autoptr(GArray) items = NULL;
  g_autofree char *selected = NULL;

  g_return_if_fail (VIREO_IS_HARDWARE_VIEW (self));
  g_return_if_fail (context != NULL);

  g_clear_pointer (&self->context, vireo_hardware_context_unref);
  self->context = vireo_hardware_context_ref (context);

  items = items_for (context->config);
  if (!same_keys (self->keys, items))
    rebuild (self, items);

  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (self->pages)); page != NULL;
       page = gtk_widget_get_next_sibling (page))
    vireo_hardware_page_update (VIREO_HARDWARE_PAGE (page), context);

  /* The row selected before, while its device is there. */
  selected = g_strdup (gtk_stack_get_child_by_name (self->pages, self->selected) != NULL ? self->selected : "cpus");
  vireo_hardware_view_select (self, selected);
}

void
vireo_hardware_view_applied (VireoHardwareView  *self,
                             VireoHardwarePage  *page,
                             const GError       *error,
                             VireoDomainApplied  applied,
                             const char         *pending_reason)
{
  g_return_if_fail (VIREO_IS_HARDWARE_VIEW (self));
  g_return_if_fail (VIREO_IS_HARDWARE_PAGE (page));

  vireo_hardware_page_applied (page, error, applied, pending_reason);
}

GtkWidget *
vireo_hardware_view_get_page (VireoHardwareView *self,
                              const char        *key)
{
  g_return_val_if_fail (VIREO_IS_HARDWARE_VIEW (self), NULL);

  return gtk_stack_get_child_by_name (self->pages, key);
}

void
vireo_hardware_view_select (VireoHardwareView *self,
                            const char        *key)
{
  g_return_if_fail (VIREO_IS_HARDWARE_VIEW (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), key) == 0)
      {
        gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
        on_row_selected_cb (self, GTK_LIST_BOX_ROW (row));
        return;
      }
}
