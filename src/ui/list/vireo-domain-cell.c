/* vireo-domain-cell.c
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "vireo-domain-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "vireo-domain-cell.h"
#include "vireo-domain-format.h"
#include "vireo-sparkline.h"

struct _VireoDomainCell
{
  GtkWidget            parent_instance;

  VireoDomainCellKind  kind;

  /* Children (which exist depends on the kind) */
  GtkWidget           *image;
  GtkWidget           *label;
  GtkWidget           *subtitle;
  GtkWidget           *sparkline;

  /* Owned */
  VireoDomain         *domain;
  char                *state_text;
  GSignalGroup        *signals;
};

G_DEFINE_FINAL_TYPE (VireoDomainCell, vireo_domain_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  PROP_DOMAIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const state_classes[] = {
  "vireo-state-running", "vireo-state-paused", "vireo-state-off", "vireo-state-crashed",
};

/**
 * vireo_domain_state_get_icon_name:
 * @state: a state
 *
 * Returns: the symbolic icon the VM list shows for @state
 */
const char *
vireo_domain_state_get_icon_name (VireoDomainState state)
{
  switch (state)
    {
    case VIREO_DOMAIN_STATE_RUNNING:
      return "media-playback-start-symbolic";
    case VIREO_DOMAIN_STATE_PAUSED:
      return "media-playback-pause-symbolic";
    case VIREO_DOMAIN_STATE_SHUTOFF:
      return "system-shutdown-symbolic";
    case VIREO_DOMAIN_STATE_CRASHED:
      return "dialog-error-symbolic";
    case VIREO_DOMAIN_STATE_NOSTATE:
    case VIREO_DOMAIN_STATE_BLOCKED:
    case VIREO_DOMAIN_STATE_SHUTDOWN:
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
    default:
      return "content-loading-symbolic";
    }
}

static const char *
state_class (VireoDomainState state)
{
  switch (state)
    {
    case VIREO_DOMAIN_STATE_RUNNING:
      return state_classes[0];
    case VIREO_DOMAIN_STATE_PAUSED:
    case VIREO_DOMAIN_STATE_PMSUSPENDED:
      return state_classes[1];
    case VIREO_DOMAIN_STATE_CRASHED:
      return state_classes[3];
    case VIREO_DOMAIN_STATE_NOSTATE:
    case VIREO_DOMAIN_STATE_BLOCKED:
    case VIREO_DOMAIN_STATE_SHUTDOWN:
    case VIREO_DOMAIN_STATE_SHUTOFF:
    default:
      return state_classes[2];
    }
}

/* "—" for a value a stopped VM does not have. */
static void
set_text (VireoDomainCell *self,
          const char      *text)
{
  gboolean missing = text == NULL;

  gtk_label_set_label (GTK_LABEL (self->label), missing ? "—" : text);
  if (missing)
    gtk_widget_add_css_class (self->label, "dim-label");
  else
    gtk_widget_remove_css_class (self->label, "dim-label");
}

static void
update_state (VireoDomainCell *self)
{
  VireoDomainState state = vireo_domain_get_state (self->domain);
  const char *css_class = state_class (state);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->image), vireo_domain_state_get_icon_name (state));

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    if (state_classes[i] != css_class)
      gtk_widget_remove_css_class (self->image, state_classes[i]);
  gtk_widget_add_css_class (self->image, css_class);
}

static void
update_state_label (VireoDomainCell *self)
{
  const char *label = vireo_domain_get_state_label (self->domain);

  g_free (self->state_text);
  self->state_text = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : "",
                                  -1);
}

static void
update_name (VireoDomainCell *self)
{
  gtk_label_set_label (GTK_LABEL (self->label), vireo_domain_get_name (self->domain));
}

static void
update_title (VireoDomainCell *self)
{
  const char *title = vireo_domain_get_title (self->domain);
  gboolean has_title = title != NULL && *title != '\0';

  gtk_label_set_label (GTK_LABEL (self->subtitle), has_title ? title : "");
  gtk_widget_set_visible (self->subtitle, has_title);
}

static void
update_cpu (VireoDomainCell *self)
{
  g_autofree char *text = NULL;
  gboolean active = vireo_domain_get_is_active (self->domain);

  /* A stopped VM's last graph would read as current: not drawn, its space kept so the
   * column does not shift. */
  gtk_widget_set_child_visible (self->sparkline, active);

  if (active)
    /* Translators: CPU usage in percent, e.g. "12 %" */
    text = g_strdup_printf (_("%d %%"), (int) (vireo_domain_get_cpu_usage (self->domain) + 0.5));

  set_text (self, text);
}

static void
update_cpu_history (VireoDomainCell *self)
{
  guint n_values = 0;
  const double *values = vireo_domain_get_cpu_history (self->domain, &n_values);

  vireo_sparkline_set_values (VIREO_SPARKLINE (self->sparkline), values, n_values, 100.0);
}

static void
update_memory (VireoDomainCell *self)
{
  g_autofree char *text = NULL;

  if (vireo_domain_get_is_active (self->domain))
    text = vireo_format_memory_usage (self->domain);

  set_text (self, text);
}

static void
get_rates (VireoDomainCell *self,
           double          *a,
           double          *b)
{
  if (self->kind == VIREO_DOMAIN_CELL_DISK)
    {
      *a = vireo_domain_get_disk_read_bps (self->domain);
      *b = vireo_domain_get_disk_write_bps (self->domain);
    }
  else
    {
      *a = vireo_domain_get_net_rx_bps (self->domain);
      *b = vireo_domain_get_net_tx_bps (self->domain);
    }
}

static void
update_rates (VireoDomainCell *self)
{
  g_autofree char *text = NULL;

  if (vireo_domain_get_is_active (self->domain))
    {
      double a, b;

      get_rates (self, &a, &b);
      text = vireo_format_rate (a + b);
    }

  set_text (self, text);
}

/* Tooltips are written when asked for, not on every stats tick: setting one makes GTK 4.8 look
 * up the pointer's surface, a round trip to the X server per cell (and a slow one over ssh -X). */
static gboolean
on_query_tooltip_cb (GtkWidget       *widget,
                     int              x,
                     int              y,
                     gboolean         keyboard_mode,
                     GtkTooltip      *tooltip,
                     VireoDomainCell *self)
{
  g_autofree char *text = NULL;

  if (self->domain == NULL)
    return FALSE;

  if (self->kind == VIREO_DOMAIN_CELL_STATE)
    {
      if (self->state_text == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, self->state_text);
      return TRUE;
    }

  if (vireo_domain_get_is_active (self->domain))
    text = self->kind == VIREO_DOMAIN_CELL_DISK ? vireo_format_disk_rates (self->domain)
                                                : vireo_format_network_rates (self->domain);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
vireo_domain_cell_update_all (VireoDomainCell *self)
{
  switch (self->kind)
    {
    case VIREO_DOMAIN_CELL_STATE:
      update_state (self);
      update_state_label (self);
      break;

    case VIREO_DOMAIN_CELL_NAME:
      update_name (self);
      update_title (self);
      break;

    case VIREO_DOMAIN_CELL_CPU:
      update_cpu (self);
      update_cpu_history (self);
      break;

    case VIREO_DOMAIN_CELL_MEMORY:
      update_memory (self);
      break;

    case VIREO_DOMAIN_CELL_DISK:
    case VIREO_DOMAIN_CELL_NETWORK:
      update_rates (self);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_domain_notify_cb (VireoDomainCell *self,
                     GParamSpec      *pspec,
                     VireoDomain     *domain)
{
  const char *name = pspec->name;

  g_assert (domain == self->domain);

  switch (self->kind)
    {
    case VIREO_DOMAIN_CELL_STATE:
      if (g_str_equal (name, "state"))
        update_state (self);
      else if (g_str_equal (name, "state-label"))
        update_state_label (self);
      break;

    case VIREO_DOMAIN_CELL_NAME:
      if (g_str_equal (name, "name"))
        update_name (self);
      else if (g_str_equal (name, "title"))
        update_title (self);
      break;

    case VIREO_DOMAIN_CELL_CPU:
      if (g_str_equal (name, "stats-serial"))
        update_cpu_history (self);
      else
        update_cpu (self);
      break;

    case VIREO_DOMAIN_CELL_MEMORY:
      update_memory (self);
      break;

    case VIREO_DOMAIN_CELL_DISK:
    case VIREO_DOMAIN_CELL_NETWORK:
      update_rates (self);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
connect_notify (VireoDomainCell *self,
                const char      *property)
{
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);

  g_signal_group_connect_object (self->signals, signal,
                                 G_CALLBACK (on_domain_notify_cb), self,
                                 G_CONNECT_SWAPPED);
}

static GtkWidget *
new_value_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");

  return label;
}

static void
vireo_domain_cell_constructed (GObject *object)
{
  VireoDomainCell *self = (VireoDomainCell *)object;
  GtkWidget *widget = GTK_WIDGET (self);

  G_OBJECT_CLASS (vireo_domain_cell_parent_class)->constructed (object);

  /* Only the properties this kind shows: a stats tick does not wake the name cells. */
  switch (self->kind)
    {
    case VIREO_DOMAIN_CELL_STATE:
      self->image = gtk_image_new ();
      gtk_widget_set_halign (self->image, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (self->image, "vireo-state-icon");
      gtk_widget_set_has_tooltip (self->image, TRUE);
      g_signal_connect (self->image, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
      gtk_widget_set_parent (self->image, widget);
      connect_notify (self, "state");
      connect_notify (self, "state-label");
      break;

    case VIREO_DOMAIN_CELL_NAME:
      gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (widget)),
                                      GTK_ORIENTATION_VERTICAL);
      self->label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
      /* Narrow windows scroll sideways rather than cut names to a letter. */
      gtk_label_set_width_chars (GTK_LABEL (self->label), 12);
      gtk_widget_add_css_class (self->label, "vireo-domain-name");
      gtk_widget_set_parent (self->label, widget);
      self->subtitle = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (self->subtitle), PANGO_ELLIPSIZE_END);
      gtk_widget_set_visible (self->subtitle, FALSE);
      gtk_widget_add_css_class (self->subtitle, "dim-label");
      gtk_widget_add_css_class (self->subtitle, "caption");
      gtk_widget_set_parent (self->subtitle, widget);
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      connect_notify (self, "name");
      connect_notify (self, "title");
      break;

    case VIREO_DOMAIN_CELL_CPU:
      gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)), 8);
      self->sparkline = vireo_sparkline_new ();
      g_object_set (self->sparkline, "capacity", VIREO_DOMAIN_HISTORY_LENGTH, NULL);
      gtk_widget_set_size_request (self->sparkline, 56, 20);
      gtk_widget_set_valign (self->sparkline, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->sparkline),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("CPU usage history"),
                                      -1);
      gtk_widget_set_parent (self->sparkline, widget);
      self->label = new_value_label ();
      gtk_label_set_xalign (GTK_LABEL (self->label), 1.0f);
      gtk_label_set_width_chars (GTK_LABEL (self->label), 5);
      gtk_widget_set_parent (self->label, widget);
      connect_notify (self, "is-active");
      connect_notify (self, "cpu-usage");
      connect_notify (self, "stats-serial");
      break;

    case VIREO_DOMAIN_CELL_MEMORY:
      self->label = new_value_label ();
      gtk_widget_set_parent (self->label, widget);
      connect_notify (self, "is-active");
      connect_notify (self, "memory-usage-kib");
      connect_notify (self, "memory-kib");
      break;

    case VIREO_DOMAIN_CELL_DISK:
      self->label = new_value_label ();
      gtk_widget_set_has_tooltip (self->label, TRUE);
      g_signal_connect (self->label, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
      gtk_widget_set_parent (self->label, widget);
      connect_notify (self, "is-active");
      connect_notify (self, "disk-read-bps");
      connect_notify (self, "disk-write-bps");
      break;

    case VIREO_DOMAIN_CELL_NETWORK:
      self->label = new_value_label ();
      gtk_widget_set_has_tooltip (self->label, TRUE);
      g_signal_connect (self->label, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), self);
      gtk_widget_set_parent (self->label, widget);
      connect_notify (self, "is-active");
      connect_notify (self, "net-rx-bps");
      connect_notify (self, "net-tx-bps");
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
vireo_domain_cell_dispose (GObject *object)
{
  VireoDomainCell *self = (VireoDomainCell *)object;
  GtkWidget *child;

  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->domain);
  g_clear_pointer (&self->state_text, g_free);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  self->image = self->label = self->subtitle = self->sparkline = NULL;

  G_OBJECT_CLASS (vireo_domain_cell_parent_class)->dispose (object);
}

static void
vireo_domain_cell_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VireoDomainCell *self = VIREO_DOMAIN_CELL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_DOMAIN:
      g_value_set_object (value, self->domain);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_cell_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VireoDomainCell *self = VIREO_DOMAIN_CELL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;

    case PROP_DOMAIN:
      vireo_domain_cell_set_domain (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vireo_domain_cell_class_init (VireoDomainCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = vireo_domain_cell_constructed;
  object_class->dispose = vireo_domain_cell_dispose;
  object_class->get_property = vireo_domain_cell_get_property;
  object_class->set_property = vireo_domain_cell_set_property;

  /**
   * VireoDomainCell:kind:
   *
   * What the cell shows (a #VireoDomainCellKind).
   */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      VIREO_DOMAIN_CELL_STATE, VIREO_DOMAIN_CELL_NETWORK, VIREO_DOMAIN_CELL_NAME,
                      (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * VireoDomainCell:domain:
   *
   * The VM shown, or %NULL.
   */
  properties[PROP_DOMAIN] =
    g_param_spec_object ("domain", NULL, NULL,
                         VIREO_TYPE_DOMAIN,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vireo-domain-cell");
}

static void
vireo_domain_cell_init (VireoDomainCell *self)
{
  self->signals = g_signal_group_new (VIREO_TYPE_DOMAIN);
}

/**
 * vireo_domain_cell_new:
 * @kind: what the cell shows
 *
 * Returns: (transfer floating): a new, unbound cell
 */
GtkWidget *
vireo_domain_cell_new (VireoDomainCellKind kind)
{
  return g_object_new (VIREO_TYPE_DOMAIN_CELL, "kind", kind, NULL);
}

VireoDomainCellKind
vireo_domain_cell_get_kind (VireoDomainCell *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CELL (self), VIREO_DOMAIN_CELL_NAME);

  return self->kind;
}

/**
 * vireo_domain_cell_get_domain:
 * @self: a #VireoDomainCell
 *
 * Returns: (transfer none) (nullable): the VM shown
 */
VireoDomain *
vireo_domain_cell_get_domain (VireoDomainCell *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CELL (self), NULL);

  return self->domain;
}

/**
 * vireo_domain_cell_set_domain:
 * @self: a #VireoDomainCell
 * @domain: (nullable): the VM to show, or %NULL to stop following one
 *
 * Must be called from the main thread.
 */
void
vireo_domain_cell_set_domain (VireoDomainCell *self,
                              VireoDomain     *domain)
{
  g_return_if_fail (VIREO_IS_DOMAIN_CELL (self));
  g_return_if_fail (!domain || VIREO_IS_DOMAIN (domain));

  if (!g_set_object (&self->domain, domain))
    return;

  g_signal_group_set_target (self->signals, domain);

  if (domain != NULL)
    vireo_domain_cell_update_all (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOMAIN]);
}

/**
 * vireo_domain_cell_get_sparkline:
 * @self: a #VireoDomainCell
 *
 * Returns: (transfer none) (nullable): the CPU history graph of a CPU cell
 */
GtkWidget *
vireo_domain_cell_get_sparkline (VireoDomainCell *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CELL (self), NULL);

  return self->sparkline;
}

/**
 * vireo_domain_cell_get_text:
 * @self: a #VireoDomainCell
 *
 * Returns: (transfer none) (nullable): the main text of the cell; for a state cell, the state's
 *   label
 */
const char *
vireo_domain_cell_get_text (VireoDomainCell *self)
{
  g_return_val_if_fail (VIREO_IS_DOMAIN_CELL (self), NULL);

  if (self->kind == VIREO_DOMAIN_CELL_STATE)
    return self->state_text;

  return gtk_label_get_label (GTK_LABEL (self->label));
}
