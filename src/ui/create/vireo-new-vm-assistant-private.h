/* vireo-new-vm-assistant-private.h: shared by the assistant's files
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "vireo-domain-details.h"
#include "vireo-install-job.h"
#include "vireo-new-vm-assistant.h"
#include "vireo-osinfo.h"

G_BEGIN_DECLS

typedef struct
{
  VireoInstallNic  kind;
  char            *source;
} NetworkChoice;

struct _VireoNewVmAssistant
{
  AdwWindow          parent_instance;

  /* Template widgets */
  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkWidget         *back_button;
  GtkWidget         *forward_button;
  GtkWidget         *cancel_button;
  GtkProgressBar    *progress_bar;
  GtkStack          *pages;
  AdwStatusPage     *loading_page;
  GtkCheckButton    *media_iso_check;
  GtkCheckButton    *media_import_check;
  GtkCheckButton    *media_pxe_check;
  GtkCheckButton    *media_manual_check;
  GtkWidget         *media_group;
  AdwEntryRow       *iso_row;
  GtkWidget         *iso_browse_button;
  GtkMenuButton     *iso_volumes_button;
  GtkLabel          *media_error_label;
  AdwActionRow      *os_row;
  GtkSpinner        *detect_spinner;
  GtkPopover        *os_popover;
  GtkSearchEntry    *os_search_entry;
  GtkListView       *os_list_view;
  GtkLabel          *os_note_label;
  AdwActionRow      *memory_row;
  GtkSpinButton     *memory_spin;
  AdwActionRow      *vcpus_row;
  GtkSpinButton     *vcpus_spin;
  GtkLabel          *resources_error_label;
  GtkCheckButton    *disk_new_check;
  GtkCheckButton    *disk_existing_check;
  GtkCheckButton    *disk_none_check;
  GtkWidget         *disk_none_row;
  GtkWidget         *disk_new_group;
  GtkWidget         *disk_existing_group;
  AdwActionRow      *disk_size_row;
  GtkSpinButton     *disk_size_spin;
  AdwComboRow       *disk_pool_row;
  AdwComboRow       *disk_format_row;
  AdwEntryRow       *disk_path_row;
  GtkWidget         *disk_browse_button;
  GtkMenuButton     *disk_volumes_button;
  GtkLabel          *disk_error_label;
  AdwEntryRow       *name_row;
  GtkLabel          *name_error_label;
  AdwComboRow       *network_row;
  GtkWidget         *network_inactive_row;
  GtkWidget         *start_network_button;
  AdwComboRow       *nic_model_row;
  GtkLabel          *network_error_label;
  GtkSwitch         *tablet_switch;
  AdwActionRow      *domain_type_row;
  GtkCheckButton    *customize_check;
  AdwActionRow      *summary_name_row;
  AdwActionRow      *summary_os_row;
  AdwActionRow      *summary_install_row;
  AdwActionRow      *summary_resources_row;
  AdwActionRow      *summary_storage_row;
  AdwActionRow      *summary_network_row;
  GtkTextView       *xml_view;
  GtkLabel          *summary_error_label;
  VireoDomainDetails *customize_details;
  GtkLabel          *customize_error_label;

  /* Owned */
  VireoConnection   *connection;
  VireoInstallHost  *host;
  VireoInstallPlan  *plan;
  GCancellable      *cancellable;          /* everything but the creation; cancelled at dispose */
  GCancellable      *detect_cancellable;
  GCancellable      *create_cancellable;
  GtkStringFilter   *os_filter;
  GArray            *network_choices;      /* NetworkChoice, parallel to network_row's model */
  GPtrArray         *pool_volumes;         /* volume names of the chosen pool (name collisions) */
  char              *volumes_pool;         /* the pool pool_volumes belong to */
  char              *iso_path_error;
  char              *disk_path_error;
  char              *problems[VIREO_INSTALL_FIELD_NETWORK + 1];
  char              *generated_xml;
  char              *customized_from;   /* the generated XML the customize step's draft started from */
  guint              iso_settle_id;
  guint              disk_settle_id;

  /* Borrowed: every VireoOs lives as long as the process */
  VireoOs           *os;

  guint              step;
  gboolean           ready;
  gboolean           busy;
  gboolean           name_edited;
  gboolean           setting_name;
  gboolean           force_tcg;
};

/* vireo-new-vm-assistant.c */
char    *_vireo_new_vm_assistant_entry_text       (AdwEntryRow         *row);
gboolean _vireo_new_vm_assistant_is_local         (VireoNewVmAssistant *self);
void     _vireo_new_vm_assistant_update           (VireoNewVmAssistant *self);
void     _vireo_new_vm_assistant_set_os           (VireoNewVmAssistant *self,
                                                   VireoOs             *os,
                                                   const char          *note);

const char *_vireo_new_vm_assistant_chosen_pool  (VireoNewVmAssistant *self);

/* vireo-new-vm-assistant-host.c: pools, networks, domain type */
void     _vireo_new_vm_assistant_class_init_host  (GtkWidgetClass      *widget_class);
void     _vireo_new_vm_assistant_fill_host_choices (VireoNewVmAssistant *self);
void     _vireo_new_vm_assistant_fill_domain_type (VireoNewVmAssistant *self);
void     _vireo_new_vm_assistant_pool_selected    (VireoNewVmAssistant *self);

/* vireo-new-vm-assistant-media.c: install media and OS */
void     _vireo_new_vm_assistant_class_init_media (GtkWidgetClass      *widget_class);
void     _vireo_new_vm_assistant_init_media       (VireoNewVmAssistant *self);
void     _vireo_new_vm_assistant_load_oses        (VireoNewVmAssistant *self);
void     _vireo_new_vm_assistant_recheck_paths    (VireoNewVmAssistant *self);

G_END_DECLS
