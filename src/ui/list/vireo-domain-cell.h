/* vireo-domain-cell.h
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "vireo-domain.h"

G_BEGIN_DECLS

/* What a cell of the VM list shows. */
typedef enum
{
  VIREO_DOMAIN_CELL_STATE,
  VIREO_DOMAIN_CELL_NAME,
  VIREO_DOMAIN_CELL_CPU,
  VIREO_DOMAIN_CELL_MEMORY,
  VIREO_DOMAIN_CELL_DISK,
  VIREO_DOMAIN_CELL_NETWORK,
} VireoDomainCellKind;

#define VIREO_TYPE_DOMAIN_CELL (vireo_domain_cell_get_type ())

G_DECLARE_FINAL_TYPE (VireoDomainCell, vireo_domain_cell, VIREO, DOMAIN_CELL, GtkWidget)

/*
 * One cell of the VM list, following its domain's property notifications while it is bound
 * (vireo_domain_cell_set_domain()), and nothing once unbound (set to NULL), so recycled cells
 * never update for a domain they no longer show. Only the parts whose values changed are touched:
 * a stats tick that changes nothing redraws nothing.
 */

GtkWidget           *vireo_domain_cell_new        (VireoDomainCellKind  kind);
VireoDomainCellKind  vireo_domain_cell_get_kind   (VireoDomainCell     *self);
VireoDomain         *vireo_domain_cell_get_domain (VireoDomainCell     *self);
void                 vireo_domain_cell_set_domain (VireoDomainCell     *self,
                                                   VireoDomain         *domain);
/* The sparkline of a CPU cell (NULL for other kinds). */
GtkWidget           *vireo_domain_cell_get_sparkline (VireoDomainCell  *self);
/* The text a cell shows (name, "12 %", "1.2 MB/s" …), for tests and accessibility. */
const char          *vireo_domain_cell_get_text   (VireoDomainCell     *self);

/* Icon name for a state, as the list shows it. */
const char          *vireo_domain_state_get_icon_name (VireoDomainState state);

G_END_DECLS
