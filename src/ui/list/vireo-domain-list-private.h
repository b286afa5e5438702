/* vireo-domain-list-private.h: VireoDomainList's parts shared by its source files
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-domain-list.h"

G_BEGIN_DECLS

struct _VireoDomainList
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *toolbar;
  GtkWidget          *start_button;
  GtkWidget          *resume_button;
  GtkWidget          *pause_button;
  GtkWidget          *shutdown_button;
  GtkWidget          *more_button;
  GtkLabel           *selection_label;
  GtkWidget          *search_button;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *view_stack;
  GtkSpinner         *loading_spinner;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *no_results_page;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *state_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *cpu_column;
  GtkColumnViewColumn *memory_column;
  GtkColumnViewColumn *disk_column;
  GtkColumnViewColumn *network_column;
  GtkMultiSelection  *selection;
  GtkSortListModel   *sort_model;
  GtkFilterListModel *filter_model;
  GtkStringFilter    *search_filter;
  GMenuModel         *context_menu;

  /* Owned */
  VireoConnection    *connection;
  GSignalGroup       *connection_signals;
  GListModel         *domains;
  GSettings          *settings;
  GCancellable       *cancellable;
  GHashTable         *selected;          /* VireoDomain (ref) set, each watched for state changes */
  GHashTable         *watched;           /* every listed VireoDomain (ref), watched for renames */
  GtkWidget          *context_popover;
  gboolean            selection_autostart;
};

/* Actions (vireo-domain-list-actions.c) */
void      _vireo_domain_list_class_init_actions     (GtkWidgetClass  *widget_class);
void      _vireo_domain_list_update_actions         (VireoDomainList *self);
void      _vireo_domain_list_activate_domain        (VireoDomainList *self,
                                                     VireoDomain     *domain);
void      _vireo_domain_list_set_selection_autostart (VireoDomainList *self,
                                                      gboolean         autostart);
void      _vireo_domain_list_show_error             (VireoDomainList *self,
                                                     const char      *message);

G_END_DECLS
