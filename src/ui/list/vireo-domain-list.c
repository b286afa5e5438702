/* vireo-domain-list.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-list"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-domain-cell.h"
#include "vireo-domain-list-private.h"

G_DEFINE_FINAL_TYPE (VireoDomainList, vireo_domain_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SETTINGS,
  PROP_SELECTION_AUTOSTART,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DOMAIN_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The VM to open: its page with the console. */
void
_vireo_domain_list_activate_domain (VireoDomainList *self,
                                    VireoDomain     *domain)
{
  g_signal_emit (self, signals[DOMAIN_ACTIVATED], 0, domain);
}

static void
on_column_view_activate_cb (VireoDomainList *self,
                            guint            position,
                            GtkColumnView   *column_view)
{
  g_autoptr(VireoDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (domain != NULL)
    _vireo_domain_list_activate_domain (self, domain);
}

/* Expression closures of the template: pure functions. */

static char *
domain_search_text (gpointer    item,
                    const char *name,
                    const char *title)
{
  /* One string, so one filter matches the name or the title. */
  if (title == NULL || *title == '\0')
    return g_strdup (name);

  return g_strconcat (name ? name : "", "\n", title, NULL);
}

static int
domain_state_sort_key (gpointer item,
                       int      state)
{
  /* Running first, then paused, in-between states, stopped, crashed. */
  switch ((VireoDomainState) state)
    {
    case VIREO_DOMAIN_STATE_RUNNING:
    case VIREO_DOMAIN_STATE_BLOCKED:
      return 0;
    case VIREO_DOMAIN_STATE_PAUSED:
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
      return 1;
    case VIREO_DOMAIN_STATE_SHUTDOWN:
    case VIREO_DOMAIN_STATE_NOSTATE:
      return 2;
    case VIREO_DOMAIN_STATE_SHUTOFF:
      return 3;
    case VIREO_DOMAIN_STATE_CRASHED:
      return 4;
    default:
      return 5;
    }
}

static double
domain_sum (gpointer item,
            double   a,
            double   b)
{
  return a + b;
}

/* Cells */

static void
setup_cell (GtkListItem         *item,
            VireoDomainCellKind  kind)
{
  gtk_list_item_set_child (item, vireo_domain_cell_new (kind));
}

static void
on_state_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  setup_cell (item, VIREO_DOMAIN_CELL_STATE);
}

static void
on_name_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  setup_cell (item, VIREO_DOMAIN_CELL_NAME);
}

static void
on_cpu_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  setup_cell (item, VIREO_DOMAIN_CELL_CPU);
}

static void
on_memory_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  setup_cell (item, VIREO_DOMAIN_CELL_MEMORY);
}

static void
on_disk_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  setup_cell (item, VIREO_DOMAIN_CELL_DISK);
}

static void
on_network_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  setup_cell (item, VIREO_DOMAIN_CELL_NETWORK);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  vireo_domain_cell_set_domain (VIREO_DOMAIN_CELL (gtk_list_item_get_child (item)),
                                gtk_list_item_get_item (item));
}

static void
on_cell_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  /* A recycled cell must not keep following the VM it showed. */
  vireo_domain_cell_set_domain (VIREO_DOMAIN_CELL (gtk_list_item_get_child (item)), NULL);
}

/* What the list area shows */

static void
vireo_domain_list_update_view (VireoDomainList *self)
{
  guint n_all = self->domains ? g_list_model_get_n_items (self->domains) : 0;
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const char *page;

  if (n_all == 0)
    {
      VireoConnectionState state = self->connection ? vireo_connection_get_state (self->connection)
                                                    : VIREO_CONNECTION_STATE_DISCONNECTED;
      /* The first listing is on its way: no verdict yet. */
      gboolean loading = state == VIREO_CONNECTION_STATE_CONNECTING ||
                         (state == VIREO_CONNECTION_STATE_CONNECTED &&
                          !vireo_connection_get_domains_loaded (self->connection));

      page = loading ? "loading" : "empty";
    }
  else if (n_shown == 0)
    page = "no-results";
  else
    page = "list";

  /* A spinner that is not on screen must not keep waking the frame clock. */
  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);

  gtk_stack_set_visible_child_name (self->view_stack, page);
}

static void
vireo_domain_list_update_selection_label (VireoDomainList *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint n_selected = g_hash_table_size (self->selected);
  g_autofree char *text = NULL;

  if (n_selected > 0)
    /* Translators: how many of the listed virtual machines are selected */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u selected", "%u of %u selected",
                                         n_shown),
                            n_selected, n_shown);
  else if (n_shown > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u virtual machine", "%u virtual machines",
                                         n_shown),
                            n_shown);

  gtk_label_set_label (self->selection_label, text ? text : "");
}

/* Selection: which VMs the actions act on */

static void
on_selected_domain_notify_cb (VireoDomainList *self,
                              GParamSpec      *pspec,
                              VireoDomain     *domain)
{
  const char *name = pspec->name;

  /* Stats ticks notify often; only what decides which actions apply matters here. */
  if (g_str_equal (name, "state") ||
      g_str_equal (name, "is-active") ||
      g_str_equal (name, "persistent") ||
      g_str_equal (name, "autostart") ||
      g_str_equal (name, "has-managed-save"))
    _vireo_domain_list_update_actions (self);
}

static void
unwatch_domain (VireoDomainList *self,
                VireoDomain     *domain)
{
  g_signal_handlers_disconnect_by_func (domain, on_selected_domain_notify_cb, self);
}

/* Keeps self->selected equal to the selection, watching only the domains that changed, so a
 * selection of 1000 VMs costs one pass, not a reconnect of every handler. */
static void
vireo_domain_list_sync_selection (VireoDomainList *self)
{
  g_autoptr(GtkBitset) bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GHashTable) now = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  GtkBitsetIter iter;
  GHashTableIter hiter;
  gpointer key;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, bitset, &position))
    {
      do
        g_hash_table_add (now, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
      while (gtk_bitset_iter_next (&iter, &position));
    }

  g_hash_table_iter_init (&hiter, self->selected);
  while (g_hash_table_iter_next (&hiter, &key, NULL))
    {
      if (!g_hash_table_contains (now, key))
        {
          unwatch_domain (self, key);
          g_hash_table_iter_remove (&hiter);
        }
    }

  g_hash_table_iter_init (&hiter, now);
  while (g_hash_table_iter_next (&hiter, &key, NULL))
    {
      if (!g_hash_table_contains (self->selected, key))
        {
          g_signal_connect_swapped (key, "notify", G_CALLBACK (on_selected_domain_notify_cb), self);
          g_hash_table_add (self->selected, g_object_ref (key));
        }
    }

  _vireo_domain_list_update_actions (self);
  vireo_domain_list_update_selection_label (self);
}

static void
vireo_domain_list_clear_selected (VireoDomainList *self)
{
  GHashTableIter hiter;
  gpointer key;

  if (self->selected == NULL)
    return;

  g_hash_table_iter_init (&hiter, self->selected);
  while (g_hash_table_iter_next (&hiter, &key, NULL))
    {
      unwatch_domain (self, key);
      g_hash_table_iter_remove (&hiter);
    }
}

static void
on_selection_changed_cb (VireoDomainList *self,
                         guint            position,
                         guint            n_items,
                         GtkSelectionModel *model)
{
  vireo_domain_list_sync_selection (self);
}

static void
on_selection_items_changed_cb (VireoDomainList *self,
                               guint            position,
                               guint            removed,
                               guint            added,
                               GListModel      *model)
{
  /* Removed VMs leave the selection without a selection-changed. */
  if (removed > 0 || added > 0)
    vireo_domain_list_sync_selection (self);
}

static void
on_filter_model_items_changed_cb (VireoDomainList *self,
                                  guint            position,
                                  guint            removed,
                                  guint            added,
                                  GListModel      *model)
{
  vireo_domain_list_update_view (self);
  vireo_domain_list_update_selection_label (self);
}

/* GTK 4.8's filter and sort models do not watch their items: a renamed VM (or a new title) must
 * be matched and placed again. Renames are rare; state and stats changes deliberately do not move
 * rows under the pointer. */
static void
on_domain_name_notify_cb (VireoDomainList *self,
                          GParamSpec      *pspec,
                          VireoDomain     *domain)
{
  if (gtk_string_filter_get_search (self->search_filter) != NULL)
    gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (gtk_column_view_get_sorter (self->column_view), GTK_SORTER_CHANGE_DIFFERENT);
}

static void
unwatch_name (VireoDomainList *self,
              VireoDomain     *domain)
{
  g_signal_handlers_disconnect_by_func (domain, on_domain_name_notify_cb, self);
}

/* Keeps self->watched equal to the connection's domains. Domains come and go rarely, so one pass
 * per change is cheap, and a removed VM that lives on elsewhere never calls back into a dead list. */
static void
vireo_domain_list_sync_watched (VireoDomainList *self)
{
  g_autoptr(GHashTable) now = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  guint n_items = self->domains ? g_list_model_get_n_items (self->domains) : 0;
  GHashTableIter hiter;
  gpointer key;

  for (guint i = 0; i < n_items; i++)
    g_hash_table_add (now, g_list_model_get_item (self->domains, i));

  g_hash_table_iter_init (&hiter, self->watched);
  while (g_hash_table_iter_next (&hiter, &key, NULL))
    {
      if (!g_hash_table_contains (now, key))
        {
          unwatch_name (self, key);
          g_hash_table_iter_remove (&hiter);
        }
    }

  g_hash_table_iter_init (&hiter, now);
  while (g_hash_table_iter_next (&hiter, &key, NULL))
    {
      if (!g_hash_table_contains (self->watched, key))
        {
          g_signal_connect_swapped (key, "notify::name", G_CALLBACK (on_domain_name_notify_cb), self);
          g_signal_connect_swapped (key, "notify::title", G_CALLBACK (on_domain_name_notify_cb), self);
          g_hash_table_add (self->watched, g_object_ref (key));
        }
    }
}

static void
on_domains_items_changed_cb (VireoDomainList *self,
                             guint            position,
                             guint            removed,
                             guint            added,
                             GListModel      *model)
{
  vireo_domain_list_sync_watched (self);
  vireo_domain_list_update_view (self);
}

static void
on_connection_notify_cb (VireoDomainList *self,
                         GParamSpec      *pspec,
                         VireoConnection *connection)
{
  vireo_domain_list_update_view (self);
}

/* Search */

static void
on_search_entry_search_changed_cb (VireoDomainList *self,
                                   GtkSearchEntry  *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  gtk_string_filter_set_search (self->search_filter, text && *text ? text : NULL);
}

static void
on_search_entry_stop_search_cb (VireoDomainList *self,
                                GtkSearchEntry  *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_string_filter_set_search (self->search_filter, NULL);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_search_mode_notify_cb (VireoDomainList *self,
                          GParamSpec      *pspec,
                          GtkSearchBar    *search_bar)
{
  /* Closing the bar shows everything again. */
  if (!gtk_search_bar_get_search_mode (search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_string_filter_set_search (self->search_filter, NULL);
    }
}

/* Context menu */

static VireoDomainCell *
find_cell (GtkWidget *picked,
           GtkWidget *column_view)
{
  for (GtkWidget *w = picked; w != NULL && w != column_view; w = gtk_widget_get_parent (w))
    {
      GtkWidget *child;

      if (VIREO_IS_DOMAIN_CELL (w))
        return VIREO_DOMAIN_CELL (w);

      /* The cell's padding: its only child is ours. */
      child = gtk_widget_get_first_child (w);
      if (child != NULL && VIREO_IS_DOMAIN_CELL (child))
        return VIREO_DOMAIN_CELL (child);
    }

  return NULL;
}

static gboolean
find_position (GListModel *model,
               gpointer    item,
               guint      *position)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) other = g_list_model_get_item (model, i);

      if (other == item)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static void
vireo_domain_list_popup_menu_at (VireoDomainList *self,
                                 double           x,
                                 double           y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_popover));
}

static void
on_secondary_click_pressed_cb (GtkGestureClick *gesture,
                               int              n_press,
                               double           x,
                               double           y,
                               gpointer         user_data)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (user_data);
  GtkWidget *column_view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked = gtk_widget_pick (column_view, x, y, GTK_PICK_DEFAULT);
  VireoDomainCell *cell = find_cell (picked, column_view);
  VireoDomain *domain = cell ? vireo_domain_cell_get_domain (cell) : NULL;
  guint position;
  double self_x, self_y;

  /* Headers and the empty area below the rows have no menu. */
  if (domain == NULL ||
      !find_position (G_LIST_MODEL (self->selection), domain, &position))
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);

  /* As in file managers: a click outside the selection selects that row only. */
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_widget_translate_coordinates (column_view, GTK_WIDGET (self), x, y, &self_x, &self_y))
    return;
  G_GNUC_END_IGNORE_DEPRECATIONS

  vireo_domain_list_popup_menu_at (self, self_x, self_y);
}

static gboolean
popup_menu_binding_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t bounds;

  if (g_hash_table_size (self->selected) == 0)
    return FALSE;

  /* Below the focused row, or at the list's top left. */
  if (focus != NULL &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    vireo_domain_list_popup_menu_at (self, bounds.origin.x + 24, bounds.origin.y + bounds.size.height);
  else if (gtk_widget_compute_bounds (GTK_WIDGET (self->column_view), widget, &bounds))
    vireo_domain_list_popup_menu_at (self, bounds.origin.x + 24, bounds.origin.y + 24);
  else
    return FALSE;

  return TRUE;
}

/* GObject / GtkWidget */

static void
vireo_domain_list_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (widget);

  GTK_WIDGET_CLASS (vireo_domain_list_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->context_popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_popover));
}

static void
vireo_domain_list_dispose (GObject *object)
{
  VireoDomainList *self = (VireoDomainList *)object;

  g_cancellable_cancel (self->cancellable);

  vireo_domain_list_set_connection (self, NULL);
  vireo_domain_list_clear_selected (self);

  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, NULL);

  g_clear_pointer (&self->context_popover, gtk_widget_unparent);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIREO_TYPE_DOMAIN_LIST);

  g_clear_object (&self->connection_signals);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->watched, g_hash_table_unref);

  G_OBJECT_CLASS (vireo_domain_list_parent_class)->dispose (object);
}

static void
vireo_domain_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_SELECTION_AUTOSTART:
      g_value_set_boolean (value, self->selection_autostart);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VireoDomainList *self = VIREO_DOMAIN_LIST (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      vireo_domain_list_set_connection (self, g_value_get_object (value));
      break;

    case PROP_SETTINGS:
      vireo_domain_list_set_settings (self, g_value_get_object (value));
      break;

    case PROP_SELECTION_AUTOSTART:
      _vireo_domain_list_set_selection_autostart (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_list_class_init (VireoDomainListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vireo_domain_list_dispose;
  object_class->get_property = vireo_domain_list_get_property;
  object_class->set_property = vireo_domain_list_set_property;

  widget_class->size_allocate = vireo_domain_list_size_allocate;

  /**
   * VireoDomainList:connection:
   *
   * The connection whose VMs are listed, or %NULL.
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         VIREO_TYPE_CONNECTION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoDomainList:settings:
   *
   * The app's settings ("confirm-force-off"), or %NULL: then destructive actions always ask.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoDomainList:selection-autostart:
   *
   * Whether every selected persistent VM starts with the host: the state of vm.autostart.
   * Setting it asks libvirt to change the selected VMs; the property follows once they did.
   */
  properties[PROP_SELECTION_AUTOSTART] =
    g_param_spec_boolean ("selection-autostart", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * VireoDomainList::domain-activated:
   * @self: the list
   * @domain: the VM
   *
   * A VM was opened (double-click, Enter, "Open Console"): show its page.
   */
  signals[DOMAIN_ACTIVATED] =
    g_signal_new ("domain-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, VIREO_TYPE_DOMAIN);

  gtk_widget_class_set_css_name (widget_class, "vireo-domain-list");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/list/vireo-domain-list.ui");
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, toolbar);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, start_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, resume_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, pause_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, shutdown_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, more_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, selection_label);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, search_button);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, column_view);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, state_column);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, name_column);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, cpu_column);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, memory_column);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, disk_column);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, network_column);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, selection);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, sort_model);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, filter_model);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, search_filter);
  gtk_widget_class_bind_template_child (widget_class, VireoDomainList, context_menu);
  gtk_widget_class_bind_template_callback (widget_class, domain_search_text);
  gtk_widget_class_bind_template_callback (widget_class, domain_state_sort_key);
  gtk_widget_class_bind_template_callback (widget_class, domain_sum);
  gtk_widget_class_bind_template_callback (widget_class, on_state_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_name_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cpu_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_memory_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_disk_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_network_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cell_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_model_items_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_secondary_click_pressed_cb);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, popup_menu_binding_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_menu_binding_cb, NULL);

  _vireo_domain_list_class_init_actions (widget_class);

  g_type_ensure (VIREO_TYPE_DOMAIN);
}

static void
vireo_domain_list_init (VireoDomainList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->selected = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  self->connection_signals = g_signal_group_new (VIREO_TYPE_CONNECTION);
  g_signal_group_connect_object (self->connection_signals, "notify::state",
                                 G_CALLBACK (on_connection_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->connection_signals, "notify::domains-loaded",
                                 G_CALLBACK (on_connection_notify_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_notify_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  /* Typing in the list starts a search. */
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  self->context_popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_popover), FALSE);
  gtk_widget_set_halign (self->context_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_popover, GTK_WIDGET (self));

  gtk_column_view_sort_by_column (self->column_view, self->name_column, GTK_SORT_ASCENDING);

  vireo_domain_list_update_view (self);
  _vireo_domain_list_update_actions (self);
}

/**
 * vireo_domain_list_new:
 *
 * Returns: (transfer floating): a new #VireoDomainList showing no connection
 */
GtkWidget *
vireo_domain_list_new (void)
{
  return g_object_new (VIREO_TYPE_DOMAIN_LIST, NULL);
}

/**
 * vireo_domain_list_get_connection:
 * @self: a #VireoDomainList
 *
 * Returns: (transfer none) (nullable): the connection whose VMs are listed
 */
VireoConnection *
vireo_domain_list_get_connection (VireoDomainList *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_LIST (self), NULL);

  return self->connection;
}

/**
 * vireo_domain_list_set_connection:
 * @self: a #VireoDomainList
 * @connection: (nullable): the connection whose VMs to list
 *
 * Must be called from the main thread.
 */
void
vireo_domain_list_set_connection (VireoDomainList *self,
                                  VireoConnection *connection)
{
  g_return_if_fail (VIREO_IS_DOMAIN_LIST (self));
  g_return_if_fail (!connection || VIREO_IS_CONNECTION (connection));

  if (self->connection == connection)
    return;

  if (self->domains != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->domains, on_domains_items_changed_cb, self);
      g_clear_object (&self->domains);
    }

  g_set_object (&self->connection, connection);
  if (self->connection_signals != NULL)
    g_signal_group_set_target (self->connection_signals, connection);

  if (connection != NULL)
    {
      self->domains = g_object_ref (vireo_connection_get_domains (connection));
      g_signal_connect_swapped (self->domains, "items-changed",
                                G_CALLBACK (on_domains_items_changed_cb), self);
    }

  /* A search is about one host's VMs. */
  if (self->search_bar != NULL)
    gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  if (self->watched != NULL)
    vireo_domain_list_sync_watched (self);

  if (self->filter_model != NULL)
    {
      gtk_filter_list_model_set_model (self->filter_model, self->domains);
      vireo_domain_list_update_view (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/**
 * vireo_domain_list_get_settings:
 * @self: a #VireoDomainList
 *
 * Returns: (transfer none) (nullable): the settings
 */
GSettings *
vireo_domain_list_get_settings (VireoDomainList *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_LIST (self), NULL);

  return self->settings;
}

/**
 * vireo_domain_list_set_settings:
 * @self: a #VireoDomainList
 * @settings: (nullable): the app's settings
 *
 * Must be called from the main thread.
 */
void
vireo_domain_list_set_settings (VireoDomainList *self,
                                GSettings       *settings)
{
  g_return_if_fail (VIREO_IS_DOMAIN_LIST (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (g_set_object (&self->settings, settings))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

/**
 * vireo_domain_list_get_selected_domains:
 * @self: a #VireoDomainList
 *
 * Returns: (transfer full) (element-type VireoDomain): the selected VMs, in list order
 */
GPtrArray *
vireo_domain_list_get_selected_domains (VireoDomainList *self)
{
  g_autoptr(GtkBitset) bitset = NULL;
  GPtrArray *domains;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (VIREO_IS_DOMAIN_LIST (self), NULL);

  domains = g_ptr_array_new_with_free_func (g_object_unref);
  bitset = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  if (gtk_bitset_iter_init_first (&iter, bitset, &position))
    {
      do
        g_ptr_array_add (domains, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
      while (gtk_bitset_iter_next (&iter, &position));
    }

  return domains;
}

/**
 * vireo_domain_list_start_search:
 * @self: a #VireoDomainList
 *
 * Shows the search bar and focuses its entry. Must be called from the main thread.
 */
void
vireo_domain_list_start_search (VireoDomainList *self)
{
  g_return_if_fail (VIREO_IS_DOMAIN_LIST (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
