/* test-new-vm-assistant.c: the new-VM assistant driven like a user would, on libvirt's test driver
 * (tests/ui/testdriver-install.xml): scripted choices give the expected XML, every bad input is
 * shown at its field with Forward/Create disabled and nothing created, and a creation makes a
 * running VM with its volume. VIREO_UI_SCREENSHOT_DIR=DIR captures each step.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain-details.h"
#include "vireo-hardware-view.h"
#include "vireo-memory-page.h"
#include "vireo-install-job.h"
#include "vireo-libvirt-private.h"
#include "vireo-new-vm-assistant.h"
#include "vireo-ui-test.h"
#include "vireo-xml-editor.h"
#include "vireo-xml-private.h"

#define TIMEOUT VIREO_UI_TEST_TIMEOUT_MS

typedef struct
{
  VireoConnection     *connection;
  VireoNewVmAssistant *assistant;
  char                *tmpdir;
  char                *created_uuid;
} Fixture;

/* Helpers */

static virConnectPtr
virconn (Fixture *f)
{
  return vireo_connection_get_virconnect (f->connection);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return vireo_ui_test_child (f->assistant, VIREO_TYPE_NEW_VM_ASSISTANT, name);
}

static gboolean
is_ready (gpointer assistant)
{
  return vireo_new_vm_assistant_get_ready (assistant);
}

static gboolean
is_idle (gpointer assistant)
{
  return !vireo_new_vm_assistant_get_busy (assistant);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_get_sensitive (widget);
}

static gboolean
is_set (gpointer pointer)
{
  return *(gpointer *) pointer != NULL;
}

static gboolean
is_unset (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

static const char *
page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (f, "pages")));
}

static gboolean
forward_enabled (Fixture *f)
{
  /* What the Forward/Create button shows, through the action it is bound to. */
  return gtk_widget_get_sensitive (child (f, "forward_button"));
}

static void
forward (Fixture    *f,
         const char *expected_page)
{
  assert_true (forward_enabled (f));
  g_signal_emit_by_name (child (f, "forward_button"), "clicked");
  vireo_ui_test_flush ();
  assert_string_equal (page (f), expected_page);
}

static void
set_text (Fixture    *f,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, row)), text);
  vireo_ui_test_flush ();
}

static void
set_spin (Fixture    *f,
          const char *spin,
          double      value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (f, spin)), value);
  vireo_ui_test_flush ();
}

static void
check (Fixture    *f,
       const char *button)
{
  gtk_check_button_set_active (GTK_CHECK_BUTTON (child (f, button)), TRUE);
  vireo_ui_test_flush ();
}

/* Selects the combo row item labelled @needle, else the first whose label contains it. */
static void
choose (Fixture    *f,
        const char *row,
        const char *needle)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (child (f, row)));

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
          const char *label = gtk_string_object_get_string (item);

          if (pass == 0 ? g_str_equal (label, needle) : strstr (label, needle) != NULL)
            {
              adw_combo_row_set_selected (ADW_COMBO_ROW (child (f, row)), i);
              vireo_ui_test_flush ();
              return;
            }
        }
    }
  fail_msg ("%s has no item with '%s'", row, needle);
}

typedef struct
{
  Fixture           *f;
  VireoInstallField  field;
} FieldWait;

static gboolean
has_problem (gpointer data)
{
  FieldWait *wait = data;

  return vireo_new_vm_assistant_get_problem (wait->f->assistant, wait->field) != NULL;
}

static gboolean
has_no_problem (gpointer data)
{
  return !has_problem (data);
}

/* The assistant shows a problem at @field (waiting for checks the host answers), in @label,
 * and Forward is disabled. */
static void
assert_problem (Fixture           *f,
                VireoInstallField  field,
                const char        *label)
{
  FieldWait wait = { f, field };

  if (!vireo_test_wait_until (has_problem, &wait, TIMEOUT))
    fail_msg ("no problem shown for field %d", field);
  assert_true (gtk_widget_get_visible (child (f, label)));
  assert_string_not_equal (gtk_label_get_label (GTK_LABEL (child (f, label))), "");
  assert_false (forward_enabled (f));
}

static void
assert_no_problem (Fixture           *f,
                   VireoInstallField  field)
{
  FieldWait wait = { f, field };

  if (!vireo_test_wait_until (has_no_problem, &wait, TIMEOUT))
    fail_msg ("field %d still has a problem: %s", field, vireo_new_vm_assistant_get_problem (f->assistant, field));
}

static char *
xpath_string (xmlDoc     *doc,
              const char *xpath)
{
  g_autoptr(xmlXPathContext) context = xmlXPathNewContext (doc);
  g_autoptr(xmlXPathObject) result = NULL;
  g_autofree char *expression = g_strdup_printf ("string(%s)", xpath);

  result = xmlXPathEvalExpression ((const xmlChar *) expression, context);
  assert_non_null (result);
  return g_strdup ((const char *) result->stringval);
}

static char *
summary_xml (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f, "xml_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static int
count_domains (Fixture *f)
{
  return virConnectNumOfDomains (virconn (f)) + virConnectNumOfDefinedDomains (virconn (f));
}

static int
count_volumes (Fixture *f)
{
  g_autoptr(virStoragePool) pool = virStoragePoolLookupByName (virconn (f), "default");

  assert_non_null (pool);
  return virStoragePoolNumOfVolumes (pool);
}

/* Fixture */

static gboolean
is_connected (gpointer connection)
{
  return vireo_connection_get_state (connection) == VIREO_CONNECTION_STATE_CONNECTED &&
         vireo_connection_get_domains_loaded (connection);
}

static void
on_created_cb (VireoNewVmAssistant *assistant,
               const char          *uuid,
               Fixture             *f)
{
  g_free (f->created_uuid);
  f->created_uuid = g_strdup (uuid);
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *path = vireo_test_srcdir_path ("ui", "testdriver-install.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);
  g_autoptr(virNetwork) lab = NULL;

  f->tmpdir = g_dir_make_tmp ("vireo-assistant-XXXXXX", NULL);
  f->connection = vireo_connection_new (uri);
  vireo_connection_set_stats_interval (f->connection, 0);
  vireo_connection_connect (f->connection);
  assert_true (vireo_test_wait_until (is_connected, f->connection, TIMEOUT));

  /* An inactive network, for the "start it" offer. */
  lab = virNetworkLookupByName (virconn (f), "lab");
  assert_non_null (lab);
  assert_int_equal (virNetworkDestroy (lab), 0);

  f->assistant = g_object_ref_sink (vireo_new_vm_assistant_new (f->connection));
  g_signal_connect (f->assistant, "created", G_CALLBACK (on_created_cb), f);
  vireo_ui_test_present (f->assistant);
  assert_true (vireo_test_wait_until (is_ready, f->assistant, TIMEOUT));
  vireo_ui_test_flush ();

  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  gpointer weak = f->assistant;

  /* Closed (by the test or by itself), the assistant goes away once the jobs it cancelled
   * returned. */
  g_object_add_weak_pointer (G_OBJECT (f->assistant), &weak);
  gtk_window_destroy (GTK_WINDOW (f->assistant));
  g_object_unref (f->assistant);
  if (!vireo_test_wait_until (is_unset, &weak, TIMEOUT))
    fail_msg ("the assistant was never finalized");
  vireo_connection_disconnect (f->connection);
  g_clear_object (&f->connection);
  g_rmdir (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->created_uuid);
  g_free (f);
  return 0;
}

/* Tests */

/* The host's offer, as the first step shows it. */
static void
test_assistant_defaults (void **state)
{
  Fixture *f = *state;
  const VireoInstallPlan *plan = vireo_new_vm_assistant_get_plan (f->assistant);

  assert_string_equal (page (f), "source");
  assert_int_equal (plan->media, VIREO_INSTALL_MEDIA_ISO);
  /* Generic OS: virt-install's fallbacks. */
  assert_int_equal (plan->memory_mib, 1024);
  assert_int_equal (plan->vcpus, 1);
  assert_int_equal (plan->disk, VIREO_INSTALL_DISK_NEW_VOLUME);
  assert_int_equal (plan->disk_gib, 20);
  assert_string_equal (plan->disk_pool, "default");
  assert_string_equal (plan->disk_format, "qcow2");
  assert_int_equal (plan->nic, VIREO_INSTALL_NIC_NETWORK);
  assert_string_equal (plan->nic_source, "default");
  assert_null (plan->nic_model);
  assert_true (plan->tablet);
  assert_string_equal (plan->name, "vm");
  /* ISO media but no path yet: said at the field, and no way forward. */
  assert_problem (f, VIREO_INSTALL_FIELD_MEDIA, "media_error_label");
}

/* A lab VM: manual install, 512 MiB, 2 CPUs, a raw 5 GiB disk, the isolated network (started from
 * the assistant), e1000, no tablet: the summary's XML says exactly that. */
static void
test_assistant_scripted_choices (void **state)
{
  Fixture *f = *state;
  g_autofree char *xml = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *value = NULL;

  vireo_ui_test_screenshot (f->assistant, "new-vm-source.png");
  check (f, "media_manual_check");
  assert_no_problem (f, VIREO_INSTALL_FIELD_MEDIA);
  forward (f, "resources");

  set_spin (f, "memory_spin", 512);
  set_spin (f, "vcpus_spin", 2);
  vireo_ui_test_screenshot (f->assistant, "new-vm-resources.png");
  forward (f, "storage");

  set_spin (f, "disk_size_spin", 5);
  choose (f, "disk_format_row", "Raw");
  vireo_ui_test_screenshot (f->assistant, "new-vm-storage.png");
  forward (f, "network");

  set_text (f, "name_row", "lab-1");
  choose (f, "network_row", "'lab'");
  assert_true (gtk_widget_get_visible (child (f, "network_inactive_row")));
  vireo_ui_test_screenshot (f->assistant, "new-vm-network.png");
  g_signal_emit_by_name (child (f, "start_network_button"), "clicked");
  assert_true (vireo_test_wait_until (is_sensitive, child (f, "start_network_button"), TIMEOUT));
  vireo_ui_test_flush ();
  assert_false (gtk_widget_get_visible (child (f, "network_inactive_row")));
  {
    g_autoptr(virNetwork) lab = virNetworkLookupByName (virconn (f), "lab");

    assert_int_equal (virNetworkIsActive (lab), 1);
  }
  choose (f, "nic_model_row", "e1000");
  gtk_switch_set_active (GTK_SWITCH (child (f, "tablet_switch")), FALSE);
  vireo_ui_test_flush ();
  forward (f, "summary");
  vireo_ui_test_screenshot (f->assistant, "new-vm-summary.png");

  xml = summary_xml (f);
  doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL, XML_PARSE_NONET);
  assert_non_null (doc);
  value = xpath_string (doc, "/domain/name");
  assert_string_equal (value, "lab-1");
  g_clear_pointer (&value, g_free);
  value = xpath_string (doc, "/domain/vcpu");
  assert_string_equal (value, "2");
  g_clear_pointer (&value, g_free);
  value = xpath_string (doc, "/domain/devices/interface[@type='network']/source/@network");
  assert_string_equal (value, "lab");
  g_clear_pointer (&value, g_free);
  value = xpath_string (doc, "/domain/devices/interface/model/@type");
  assert_string_equal (value, "e1000");
  g_clear_pointer (&value, g_free);
  value = xpath_string (doc, "count(/domain/devices/input[@type='tablet'])");
  assert_string_equal (value, "0");
  g_clear_pointer (&value, g_free);
  value = xpath_string (doc, "count(/domain/devices/disk[@device='cdrom'])");
  assert_string_equal (value, "0");
  g_clear_pointer (&value, g_free);
  value = xpath_string (doc, "/domain/devices/disk[@device='disk']/driver/@type");
  assert_string_equal (value, "raw");
  g_clear_pointer (&value, g_free);
  value = xpath_string (doc, "/domain/memory");
  assert_string_equal (value, "524288");
  g_clear_pointer (&value, g_free);

  /* The plan the XML was made from says the same. */
  {
    const VireoInstallPlan *plan = vireo_new_vm_assistant_get_plan (f->assistant);

    assert_int_equal (plan->memory_mib, 512);
    assert_int_equal (plan->disk_gib, 5);
    assert_string_equal (plan->disk_format, "raw");
  }
}

/* Every bad input of the issue: a message at the field, no way forward, nothing created. */
static void
test_assistant_bad_input (void **state)
{
  Fixture *f = *state;
  int domains = count_domains (f);
  int volumes = count_volumes (f);
  g_autofree char *missing = g_build_filename (f->tmpdir, "missing.iso", NULL);

  /* ISO path: one that does not exist, one that is a directory (cannot be read as an image). */
  set_text (f, "iso_row", missing);
  assert_problem (f, VIREO_INSTALL_FIELD_MEDIA, "media_error_label");
  assert_non_null (strstr (vireo_new_vm_assistant_get_problem (f->assistant, VIREO_INSTALL_FIELD_MEDIA), missing));
  set_text (f, "iso_row", f->tmpdir);
  assert_problem (f, VIREO_INSTALL_FIELD_MEDIA, "media_error_label");
  assert_non_null (strstr (vireo_new_vm_assistant_get_problem (f->assistant, VIREO_INSTALL_FIELD_MEDIA), f->tmpdir));
  check (f, "media_manual_check");
  assert_no_problem (f, VIREO_INSTALL_FIELD_MEDIA);
  forward (f, "resources");

  set_spin (f, "memory_spin", 0);
  assert_problem (f, VIREO_INSTALL_FIELD_MEMORY, "resources_error_label");
  set_spin (f, "memory_spin", 64 * 1024);                 /* the host has 8 GiB */
  assert_problem (f, VIREO_INSTALL_FIELD_MEMORY, "resources_error_label");
  set_spin (f, "memory_spin", 512);
  assert_no_problem (f, VIREO_INSTALL_FIELD_MEMORY);
  set_spin (f, "vcpus_spin", 0);
  assert_problem (f, VIREO_INSTALL_FIELD_VCPUS, "resources_error_label");
  set_spin (f, "vcpus_spin", 64);                         /* the host has 4 */
  assert_problem (f, VIREO_INSTALL_FIELD_VCPUS, "resources_error_label");
  set_spin (f, "vcpus_spin", 1);
  assert_no_problem (f, VIREO_INSTALL_FIELD_VCPUS);
  forward (f, "storage");

  set_spin (f, "disk_size_spin", 0);
  assert_problem (f, VIREO_INSTALL_FIELD_DISK, "disk_error_label");
  set_spin (f, "disk_size_spin", 500);                    /* the pool has 98 GiB free */
  assert_problem (f, VIREO_INSTALL_FIELD_DISK, "disk_error_label");
  set_spin (f, "disk_size_spin", 2);
  assert_no_problem (f, VIREO_INSTALL_FIELD_DISK);
  check (f, "disk_existing_check");
  set_text (f, "disk_path_row", missing);
  assert_problem (f, VIREO_INSTALL_FIELD_DISK, "disk_error_label");
  assert_non_null (strstr (vireo_new_vm_assistant_get_problem (f->assistant, VIREO_INSTALL_FIELD_DISK), missing));
  check (f, "disk_new_check");
  assert_no_problem (f, VIREO_INSTALL_FIELD_DISK);
  forward (f, "network");

  /* Names: empty, taken, with a '/', and one whose volume name is taken in the pool. */
  set_text (f, "name_row", "");
  assert_problem (f, VIREO_INSTALL_FIELD_NAME, "name_error_label");
  set_text (f, "name_row", "taken");
  assert_problem (f, VIREO_INSTALL_FIELD_NAME, "name_error_label");
  set_text (f, "name_row", "a/b");
  assert_problem (f, VIREO_INSTALL_FIELD_NAME, "name_error_label");
  set_text (f, "name_row", "fresh");
  assert_no_problem (f, VIREO_INSTALL_FIELD_NAME);
  forward (f, "summary");

  /* A network that goes away after it was chosen: Create fails with a message, nothing made. */
  {
    g_autoptr(virNetwork) network = virNetworkLookupByName (virconn (f), "default");

    assert_int_equal (virNetworkDestroy (network), 0);
    assert_int_equal (virNetworkUndefine (network), 0);
  }
  g_signal_emit_by_name (child (f, "forward_button"), "clicked");
  vireo_ui_test_flush ();
  assert_true (vireo_test_wait_until (is_idle, f->assistant, TIMEOUT));
  vireo_ui_test_flush ();
  assert_true (gtk_widget_get_visible (child (f, "summary_error_label")));
  assert_non_null (strstr (gtk_label_get_label (GTK_LABEL (child (f, "summary_error_label"))), "default"));
  assert_null (f->created_uuid);

  assert_int_equal (count_domains (f), domains);
  assert_int_equal (count_volumes (f), volumes);
}

/* Create: a running VM with its new volume, announced with its UUID. */
static void
test_assistant_create (void **state)
{
  Fixture *f = *state;
  g_autoptr(virDomain) domain = NULL;
  g_autoptr(virStoragePool) pool = NULL;
  g_autoptr(virStorageVol) volume = NULL;
  int volumes = count_volumes (f);

  check (f, "media_manual_check");
  forward (f, "resources");
  forward (f, "storage");
  set_spin (f, "disk_size_spin", 3);
  forward (f, "network");
  set_text (f, "name_row", "made-here");
  forward (f, "summary");

  g_signal_emit_by_name (child (f, "forward_button"), "clicked");
  assert_true (vireo_test_wait_until (is_set, &f->created_uuid, TIMEOUT));
  vireo_ui_test_flush ();

  domain = virDomainLookupByUUIDString (virconn (f), f->created_uuid);
  assert_non_null (domain);
  assert_string_equal (virDomainGetName (domain), "made-here");
  assert_int_equal (virDomainIsActive (domain), 1);
  assert_int_equal (virDomainIsPersistent (domain), 1);

  pool = virStoragePoolLookupByName (virconn (f), "default");
  volume = virStorageVolLookupByName (pool, "made-here.qcow2");
  assert_non_null (volume);
  assert_int_equal (count_volumes (f), volumes + 1);

  /* The assistant closed itself. */
  assert_false (gtk_widget_get_visible (GTK_WIDGET (f->assistant)));
}

static gboolean
is_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

/* The customize step's details, and a widget of theirs. */
static VireoDomainDetails *
customize_details (Fixture *f)
{
  return VIREO_DOMAIN_DETAILS (child (f, "customize_details"));
}

static GtkWidget *
details_child (Fixture    *f,
               const char *name)
{
  return vireo_ui_test_child (customize_details (f), VIREO_TYPE_DOMAIN_DETAILS, name);
}

static void
to_customize (Fixture    *f,
              const char *name)
{
  check (f, "media_manual_check");
  forward (f, "resources");
  forward (f, "storage");
  forward (f, "network");
  set_text (f, "name_row", name);
  check (f, "customize_check");
  forward (f, "summary");
  assert_string_equal (gtk_button_get_label (GTK_BUTTON (child (f, "forward_button"))), "_Forward");
  forward (f, "customize");
  assert_string_equal (gtk_button_get_label (GTK_BUTTON (child (f, "forward_button"))), "Begin _Installation");
}

/* Customize before install: the VM's details open on the definition not created yet; a title set
 * in the Overview and a change made in the XML tab are what Begin Installation creates. */
static void
test_assistant_customize (void **state)
{
  Fixture *f = *state;
  int domains = count_domains (f);
  g_autoptr(virDomain) domain = NULL;
  g_autofree char *defined = NULL;
  g_autoptr(GString) edited = NULL;
  VireoXmlEditor *editor;

  to_customize (f, "customized");
  assert_true (vireo_domain_details_get_draft (customize_details (f)));
  /* Nothing exists yet. */
  assert_int_equal (count_domains (f), domains);
  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (details_child (f, "name_row"))), "customized");

  gtk_editable_set_text (GTK_EDITABLE (details_child (f, "title_row")), "Customized before install");
  vireo_ui_test_flush ();
  g_signal_emit_by_name (details_child (f, "overview_apply"), "clicked");
  vireo_ui_test_flush ();
  assert_non_null (strstr (vireo_domain_details_get_xml (customize_details (f)),
                           "<title>Customized before install</title>"));

  /* The XML tab edits the same draft: one more vCPU. */
  editor = VIREO_XML_EDITOR (details_child (f, "xml_editor"));
  edited = g_string_new (vireo_xml_editor_get_xml (editor));
  assert_true (g_string_replace (edited, ">1</vcpu>", ">3</vcpu>", 1) == 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              vireo_ui_test_child (editor, VIREO_TYPE_XML_EDITOR, "source_view"))), edited->str, -1);
  g_signal_emit_by_name (vireo_ui_test_child (editor, VIREO_TYPE_XML_EDITOR, "apply_button"), "clicked");
  vireo_ui_test_flush ();
  assert_string_equal (vireo_domain_details_get_xml (customize_details (f)), edited->str);
  /* The overview follows the XML. */
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (details_child (f, "title_row"))),
                       "Customized before install");
  /* The Hardware tab edits the same draft: 384 MiB of memory. */
  {
    GtkWidget *view = details_child (f, "hardware_view");
    GtkWidget *memory = vireo_hardware_view_get_page (VIREO_HARDWARE_VIEW (view), "memory");

    gtk_stack_set_visible_child_name (GTK_STACK (details_child (f, "tabs")), "hardware");
    vireo_hardware_view_select (VIREO_HARDWARE_VIEW (view), "memory");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (vireo_ui_test_child (memory, VIREO_TYPE_MEMORY_PAGE, "max_spin")), 384);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (vireo_ui_test_child (memory, VIREO_TYPE_MEMORY_PAGE, "memory_spin")), 384);
    vireo_ui_test_flush ();
    g_signal_emit_by_name (vireo_ui_test_child (memory, VIREO_TYPE_MEMORY_PAGE, "apply_button"), "clicked");
    vireo_ui_test_flush ();
    assert_non_null (strstr (vireo_domain_details_get_xml (customize_details (f)), "393216"));
  }
  vireo_ui_test_screenshot (f->assistant, "new-vm-customize.png");
  assert_int_equal (count_domains (f), domains);

  g_signal_emit_by_name (child (f, "forward_button"), "clicked");
  assert_true (vireo_test_wait_until (is_set, &f->created_uuid, TIMEOUT));
  vireo_ui_test_flush ();

  domain = virDomainLookupByUUIDString (virconn (f), f->created_uuid);
  assert_non_null (domain);
  defined = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE);
  assert_non_null (strstr (defined, "<title>Customized before install</title>"));
  assert_int_equal (virDomainGetMaxVcpus (domain), 3);
  assert_int_equal (virDomainGetMaxMemory (domain), 384 * 1024);
}

/* A customized definition libvirt's schema refuses: the message on the customize step, nothing
 * created; going back and changing a choice starts the details over from the new choices. */
static void
test_assistant_customize_refused (void **state)
{
  Fixture *f = *state;
  int domains = count_domains (f);
  int volumes = count_volumes (f);
  VireoXmlEditor *editor;
  g_autoptr(GString) edited = NULL;

  to_customize (f, "refused");
  editor = VIREO_XML_EDITOR (details_child (f, "xml_editor"));
  edited = g_string_new (vireo_xml_editor_get_xml (editor));
  assert_true (g_string_replace (edited, "</devices>", "<frobnicate/></devices>", 1) == 1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                              vireo_ui_test_child (editor, VIREO_TYPE_XML_EDITOR, "source_view"))), edited->str, -1);
  g_signal_emit_by_name (vireo_ui_test_child (editor, VIREO_TYPE_XML_EDITOR, "apply_button"), "clicked");
  vireo_ui_test_flush ();

  g_signal_emit_by_name (child (f, "forward_button"), "clicked");
  vireo_ui_test_flush ();
  assert_true (vireo_test_wait_until (is_idle, f->assistant, TIMEOUT));
  vireo_ui_test_flush ();
  assert_string_equal (page (f), "customize");
  assert_true (gtk_widget_get_visible (child (f, "customize_error_label")));
  assert_non_null (strstr (gtk_label_get_label (GTK_LABEL (child (f, "customize_error_label"))),
                           "failed to validate"));
  assert_null (f->created_uuid);
  assert_int_equal (count_domains (f), domains);
  assert_int_equal (count_volumes (f), volumes);

  /* Back to the network step, a new name: the details start over from it. */
  g_signal_emit_by_name (child (f, "back_button"), "clicked");
  vireo_ui_test_flush ();
  g_signal_emit_by_name (child (f, "back_button"), "clicked");
  vireo_ui_test_flush ();
  assert_string_equal (page (f), "network");
  set_text (f, "name_row", "renamed");
  forward (f, "summary");
  forward (f, "customize");
  assert_null (strstr (vireo_domain_details_get_xml (customize_details (f)), "frobnicate"));
  assert_non_null (strstr (vireo_domain_details_get_xml (customize_details (f)), "<name>renamed</name>"));
}

/* Closing the window while Create runs cancels it. Whatever the worker had reached, the outcome is
 * one of two: the VM and its volume are gone and nothing is announced, or the VM exists and
 * "created" says so. Never a VM nobody was told about. */
static void
test_assistant_close_while_creating (void **state)
{
  Fixture *f = *state;
  int domains = count_domains (f);
  int volumes = count_volumes (f);
  g_autoptr(virDomain) domain = NULL;

  check (f, "media_manual_check");
  forward (f, "resources");
  forward (f, "storage");
  forward (f, "network");
  set_text (f, "name_row", "closed-early");
  forward (f, "summary");

  g_signal_emit_by_name (child (f, "forward_button"), "clicked");
  assert_true (vireo_new_vm_assistant_get_busy (f->assistant));
  /* While busy, closing only cancels: the window stays until the job answered. */
  gtk_window_close (GTK_WINDOW (f->assistant));
  assert_true (gtk_widget_get_visible (GTK_WIDGET (f->assistant)));
  assert_true (vireo_test_wait_until (is_hidden, f->assistant, TIMEOUT));
  vireo_ui_test_flush ();

  virResetLastError ();
  domain = virDomainLookupByName (virconn (f), "closed-early");
  if (f->created_uuid == NULL)
    {
      assert_null (domain);
      assert_int_equal (count_domains (f), domains);
      assert_int_equal (count_volumes (f), volumes);
    }
  else
    {
      assert_non_null (domain);
      assert_int_equal (count_volumes (f), volumes + 1);
    }
}

int
main (int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_assistant_defaults, setup, teardown),
    cmocka_unit_test_setup_teardown (test_assistant_scripted_choices, setup, teardown),
    cmocka_unit_test_setup_teardown (test_assistant_bad_input, setup, teardown),
    cmocka_unit_test_setup_teardown (test_assistant_create, setup, teardown),
    cmocka_unit_test_setup_teardown (test_assistant_close_while_creating, setup, teardown),
    cmocka_unit_test_setup_teardown (test_assistant_customize, setup, teardown),
    cmocka_unit_test_setup_teardown (test_assistant_customize_refused, setup, teardown),
  };

  gtk_init ();
  vireo_ui_test_init ();
  /* Steps slide in; screenshots show where they land. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return cmocka_run_group_tests_name ("new-vm-assistant", tests, NULL, NULL);
}
