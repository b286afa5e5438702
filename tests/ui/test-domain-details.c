/* test-domain-details.c: a VM's details page on libvirt's test driver (tests/ui/testdriver-details.xml):
 * the values shown are the XML's, a title applied is the VM's new title, and malformed XML in the
 * XML tab is refused at its line with the definition untouched.
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vireo-connection.h"
#include "vireo-domain-config.h"
#include "vireo-domain-definition.h"
#include "vireo-domain-actions.h"
#include "vireo-domain-details.h"
#include "vireo-domain-page.h"
#include "vireo-boot-page.h"
#include "vireo-cpu-page.h"
#include "vireo-devices-page.h"
#include "vireo-domain-performance.h"
#include "vireo-hardware-view.h"
#include "vireo-memory-page.h"
#include "vireo-nic-page.h"
#include "vireo-libvirt-private.h"
#include "vireo-sparkline.h"
#include "vireo-ui-test.h"
#include "vireo-xml-editor.h"

#define TIMEOUT VIREO_UI_TEST_TIMEOUT_MS

typedef struct
{
  VireoConnection    *connection;
  VireoDomain        *domain;
  GtkWindow          *window;
  VireoDomainDetails *details;
} Fixture;

static gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

static gboolean
is_idle (gpointer details)
{
  return !vireo_domain_details_get_busy (details) && vireo_domain_details_get_xml (details) != NULL;
}

static void
wait_idle (Fixture *f)
{
  /* What was queued (a refresh on a notify) starts first. */
  vireo_ui_test_flush ();
  if (!vireo_test_wait_until (is_idle, f->details, TIMEOUT))
    fail_msg ("the details never finished loading");
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return vireo_ui_test_child (f->details, VIREO_TYPE_DOMAIN_DETAILS, name);
}

static int
setup (void **state)
{
  Fixture *f = g_new0 (Fixture, 1);
  g_autofree char *path = vireo_test_srcdir_path ("ui", "testdriver-details.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);

  f->connection = vireo_connection_new (uri);
  vireo_connection_connect (f->connection);
  assert_true (vireo_test_wait_for_connection_state (f->connection, VIREO_CONNECTION_STATE_CONNECTED, TIMEOUT));
  assert_true (vireo_test_wait_until (domains_loaded, f->connection, TIMEOUT));
  f->domain = vireo_connection_lookup_domain_by_name (f->connection, "web");
  assert_non_null (f->domain);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 700, 900);
  f->details = VIREO_DOMAIN_DETAILS (vireo_domain_details_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->details));
  vireo_domain_details_set_domain (f->details, f->domain);
  vireo_ui_test_present (f->window);
  wait_idle (f);

  *state = f;
  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  vireo_ui_test_destroy_window (f->window);
  g_clear_object (&f->connection);
  g_free (f);
  return 0;
}

static char *
fetch (Fixture *f)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *xml;

  vireo_domain_fetch_xml_async (f->domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT);
  xml = vireo_domain_fetch_xml_finish (f->domain, result, &error);
  if (xml == NULL)
    fail_msg ("fetch: %s", error->message);
  return xml;
}

/* A widget of the XML tab's editor. */
static GtkWidget *
xml_child (Fixture    *f,
           const char *name)
{
  return vireo_ui_test_child (child (f, "xml_editor"), VIREO_TYPE_XML_EDITOR, name);
}

static void
click_button (GtkWidget  *button,
              const char *name)
{
  if (!gtk_widget_is_sensitive (button))
    fail_msg ("'%s' is insensitive", name);
  g_signal_emit_by_name (button, "clicked");
}

static void
click (Fixture    *f,
       const char *name)
{
  click_button (child (f, name), name);
}

static void
click_xml (Fixture    *f,
           const char *name)
{
  click_button (xml_child (f, name), name);
}

/* The first preferences row below @root titled @title, or NULL. */
static AdwPreferencesRow *
find_row (GtkWidget  *root,
          const char *title)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      AdwPreferencesRow *found;

      if (ADW_IS_PREFERENCES_ROW (w) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) == 0)
        return ADW_PREFERENCES_ROW (w);
      if ((found = find_row (w, title)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  Fixture    *f;
  const char *title;
  const char *value;
} RowWait;

static gboolean
row_shows (gpointer data)
{
  RowWait *wait = data;
  AdwPreferencesRow *row = find_row (GTK_WIDGET (wait->f->details), wait->title);

  return row != NULL && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), wait->value) == 0;
}

static void
assert_row (Fixture    *f,
            const char *title,
            const char *value)
{
  AdwPreferencesRow *row = find_row (GTK_WIDGET (f->details), title);

  if (row == NULL)
    fail_msg ("no row '%s'", title);
  assert_true (ADW_IS_ACTION_ROW (row));
  if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), value) != 0)
    fail_msg ("row '%s' shows '%s', not '%s'", title, adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), value);
}

static char *
buffer_text (GtkWidget *text_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_values_match_xml (void **state)
{
  Fixture *f = *state;
  g_autofree char *xml = fetch (f);
  g_autoptr(VireoDomainConfig) config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  g_autofree char *description = buffer_text (child (f, "description_view"));
  g_autofree char *xml_shown = buffer_text (xml_child (f, "source_view"));

  assert_non_null (config);
  assert_string_equal (vireo_domain_details_get_xml (f->details), xml);
  assert_string_equal (xml_shown, xml);

  assert_string_equal (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (f, "name_row"))), "web");
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (child (f, "title_row"))), "Web server");
  assert_string_equal (description, "Serves the intranet & the wiki.\nSecond line.");
  assert_false (gtk_widget_get_sensitive (child (f, "overview_apply")));

  assert_row (f, "UUID", "0d3c7a52-8e11-4c4e-9f3a-5b5e6d7c8e01");
  assert_row (f, "State", vireo_domain_get_state_label (f->domain));
  assert_row (f, "Hypervisor", config->type);
  assert_row (f, "Architecture", "x86_64");
  assert_row (f, "Machine", config->machine);
  assert_row (f, "Firmware", "BIOS");
  {
    /* By name from libosinfo once its database loaded (off the main thread). */
    RowWait os = { f, "Operating System", "Debian 11" };

    if (!vireo_test_wait_until (row_shows, &os, TIMEOUT))
      fail_msg ("the OS was not named from libosinfo");
  }
  assert_row (f, "Start on Boot", "No");
  assert_row (f, "Persistent", "Yes");
  assert_row (f, "CPUs", "2 (at most 4)");
  {
    /* GLib's sizes have a no-break space. */
    g_autofree char *current = g_format_size_full (1048576 * 1024ull, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *max = g_format_size_full (2097152 * 1024ull, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *memory = g_strdup_printf ("%s (at most %s)", current, max);

    assert_string_equal (current, "1.0\u00a0GiB");
    assert_row (f, "Memory", memory);
  }
  assert_row (f, "vda", "/var/lib/vireo-ui-test/web.qcow2 · virtio · qcow2");
  assert_row (f, "sda", "No media · sata · raw");
  assert_row (f, "52:54:00:12:34:56", "network · default · virtio");
  vireo_ui_test_screenshot (f->window, "details-overview.png");
}

static void
test_title_apply_round_trips (void **state)
{
  Fixture *f = *state;
  g_autofree char *xml = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  gtk_editable_set_text (GTK_EDITABLE (child (f, "title_row")), "Intranet <web> & wiki");
  assert_true (gtk_widget_get_sensitive (child (f, "overview_apply")));
  click (f, "overview_apply");
  wait_idle (f);

  assert_false (gtk_widget_get_visible (child (f, "title_error")));
  xml = fetch (f);
  config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  assert_string_equal (config->title, "Intranet <web> & wiki");
  /* The description was not touched. */
  assert_string_equal (config->description, "Serves the intranet & the wiki.\nSecond line.");
  /* The page shows the new definition, with nothing left to apply. */
  assert_string_equal (vireo_domain_details_get_xml (f->details), xml);
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (child (f, "title_row"))), "Intranet <web> & wiki");
  assert_false (gtk_widget_get_sensitive (child (f, "overview_apply")));
}

static void
test_title_error_at_field (void **state)
{
  Fixture *f = *state;
  g_autofree char *before = fetch (f);
  g_autofree char *after = NULL;

  /* A title is one line: refused at the field, nothing defined. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "title_row")), "two\nlines");
  click (f, "overview_apply");
  wait_idle (f);

  assert_true (gtk_widget_get_visible (child (f, "title_error")));
  assert_true (strlen (gtk_label_get_text (GTK_LABEL (child (f, "title_error")))) > 0);
  after = fetch (f);
  assert_string_equal (after, before);
}

static void
test_xml_malformed_shows_line (void **state)
{
  Fixture *f = *state;
  g_autofree char *before = fetch (f);
  g_autofree char *after = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (xml_child (f, "source_view")));
  g_autoptr(GString) broken = g_string_new (before);
  const char *message;
  const char *title = strstr (before, "<title>");
  int title_line = 1;

  gtk_stack_set_visible_child_name (GTK_STACK (child (f, "tabs")), "xml");

  /* An unclosed element on the title's line. */
  assert_non_null (title);
  for (const char *c = before; c < title; c++)
    title_line += *c == '\n';
  g_string_replace (broken, "<title>", "<title><oops>", 1);
  gtk_text_buffer_set_text (buffer, broken->str, -1);
  click_xml (f, "apply_button");
  wait_idle (f);

  assert_true (gtk_widget_get_visible (xml_child (f, "error_label")));
  message = gtk_label_get_text (GTK_LABEL (xml_child (f, "error_label")));
  {
    g_autofree char *prefix = g_strdup_printf ("line %d: ", title_line);

    if (!g_str_has_prefix (message, prefix))
      fail_msg ("'%s' does not name line %d", message, title_line);
  }
  /* and the line is selected, for the user to see */
  {
    GtkTextIter start, end;
    g_autofree char *selected = NULL;

    assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
    assert_int_equal (gtk_text_iter_get_line (&start), title_line - 1);
    selected = gtk_text_iter_get_text (&start, &end);
    assert_non_null (strstr (selected, "<oops>"));
  }
  vireo_ui_test_screenshot (f->window, "details-xml-error.png");
  after = fetch (f);
  assert_string_equal (after, before);

  /* The text stays for the user to fix; Revert brings the definition back. */
  {
    g_autofree char *shown = buffer_text (xml_child (f, "source_view"));
    assert_string_equal (shown, broken->str);
  }
  click_xml (f, "revert_button");
  {
    g_autofree char *shown = buffer_text (xml_child (f, "source_view"));
    assert_string_equal (shown, before);
  }
  assert_false (gtk_widget_get_visible (xml_child (f, "error_label")));
}

static void
test_xml_refused_by_libvirt (void **state)
{
  Fixture *f = *state;
  g_autofree char *before = fetch (f);
  g_autofree char *after = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (xml_child (f, "source_view")));
  g_autoptr(GString) invalid = g_string_new (before);

  /* Well-formed, but not libvirt's schema: libvirt's message is shown. */
  g_string_replace (invalid, "<title>", "<frobnicate/><title>", 1);
  gtk_text_buffer_set_text (buffer, invalid->str, -1);
  click_xml (f, "apply_button");
  wait_idle (f);

  assert_true (gtk_widget_get_visible (xml_child (f, "error_label")));
  if (strstr (gtk_label_get_text (GTK_LABEL (xml_child (f, "error_label"))), "frobnicate") == NULL)
    fail_msg ("'%s' is not libvirt's refusal", gtk_label_get_text (GTK_LABEL (xml_child (f, "error_label"))));
  after = fetch (f);
  assert_string_equal (after, before);
}

/* Save to File writes the definition (virsh dumpxml), not edits that were never applied; a file
 * that cannot be written says so. */
static void
test_xml_save_to_file (void **state)
{
  Fixture *f = *state;
  VireoXmlEditor *editor = VIREO_XML_EDITOR (child (f, "xml_editor"));
  g_autofree char *definition = fetch (f);
  g_autofree char *dir = g_dir_make_tmp ("vireo-xml-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "web.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path ("/nonexistent-vireo-dir/web.xml");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (xml_child (f, "source_view")));
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  assert_true (gtk_widget_get_visible (xml_child (f, "save_button")));
  gtk_text_buffer_set_text (buffer, "<domain>not applied</domain>", -1);

  vireo_xml_editor_save_async (editor, file, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT);
  assert_true (vireo_xml_editor_save_finish (editor, result, &error));
  assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  assert_string_equal (saved, definition);
  g_clear_object (&result);

  vireo_xml_editor_save_async (editor, bad, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT);
  assert_false (vireo_xml_editor_save_finish (editor, result, &error));
  assert_true (gtk_widget_get_visible (xml_child (f, "error_label")));
  assert_non_null (strstr (gtk_label_get_text (GTK_LABEL (xml_child (f, "error_label"))),
                           "/nonexistent-vireo-dir/web.xml"));

  g_unlink (path);
  g_rmdir (dir);
}

/* The XML tab cannot rename the VM (to another VM's name least of all): said plainly, nothing
 * changes. */
static void
test_xml_name_clash (void **state)
{
  Fixture *f = *state;
  g_autofree char *before = fetch (f);
  g_autofree char *after = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (xml_child (f, "source_view")));
  g_autoptr(GString) clash = g_string_new (before);

  assert_int_equal (g_string_replace (clash, "<name>web</name>", "<name>db</name>", 1), 1);
  gtk_text_buffer_set_text (buffer, clash->str, -1);
  click_xml (f, "apply_button");
  wait_idle (f);

  assert_true (gtk_widget_get_visible (xml_child (f, "error_label")));
  assert_non_null (strstr (gtk_label_get_text (GTK_LABEL (xml_child (f, "error_label"))), "db"));
  after = fetch (f);
  assert_string_equal (after, before);
}

static void
test_xml_apply (void **state)
{
  Fixture *f = *state;
  g_autofree char *before = fetch (f);
  g_autofree char *after = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (xml_child (f, "source_view")));
  g_autoptr(GString) edited = g_string_new (before);

  g_string_replace (edited, "<title>Web server</title>", "<title>Edited as XML</title>", 1);
  gtk_text_buffer_set_text (buffer, edited->str, -1);
  click_xml (f, "apply_button");
  wait_idle (f);

  assert_false (gtk_widget_get_visible (xml_child (f, "error_label")));
  after = fetch (f);
  assert_non_null (strstr (after, "<title>Edited as XML</title>"));
  /* The overview follows. */
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (child (f, "title_row"))), "Edited as XML");
}

/* A change made elsewhere (here the autostart flag) reaches the page through the VM's notify. */
static void
test_follows_domain_changes (void **state)
{
  Fixture *f = *state;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  RowWait wait = { f, "Start on Boot", "Yes" };

  assert_row (f, "Start on Boot", "No");
  vireo_domain_set_autostart_async (f->domain, TRUE, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT);
  assert_true (vireo_domain_set_autostart_finish (f->domain, result, NULL));
  if (!vireo_test_wait_until (row_shows, &wait, TIMEOUT))
    fail_msg ("'Start on Boot' never showed 'Yes'");
}

static gboolean
performance_drawn (gpointer data)
{
  Fixture *f = data;
  GtkWidget *performance = child (f, "performance");
  GtkWidget *cpu_graph = vireo_ui_test_child (performance, VIREO_TYPE_DOMAIN_PERFORMANCE, "cpu_graph");
  guint n_values = 0;

  vireo_sparkline_get_values (VIREO_SPARKLINE (cpu_graph), &n_values);
  return gtk_widget_get_visible (performance) && n_values >= 2;
}

/* A row under @root whose title starts with @prefix. */
static gboolean
has_row_prefixed (GtkWidget  *root,
                  const char *prefix)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (ADW_IS_PREFERENCES_ROW (w) && gtk_widget_get_visible (w) &&
          g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), prefix))
        return TRUE;
      if (has_row_prefixed (w, prefix))
        return TRUE;
    }
  return FALSE;
}

static gboolean
address_shown (gpointer data)
{
  Fixture *f = data;
  GtkWidget *addresses = child (f, "addresses");

  return gtk_widget_get_visible (addresses) && has_row_prefixed (addresses, "192.168.122.");
}

static gboolean
performance_hidden (gpointer data)
{
  Fixture *f = data;

  return !gtk_widget_get_visible (child (f, "performance"));
}

/* The overview's graphs and addresses: none while the VM is off; the real stats tick (test driver)
 * draws the graphs once it runs, with the figures under each title, and its lease is listed;
 * stopped, they go. */
static void
test_performance_graphs (void **state)
{
  Fixture *f = *state;
  GtkWidget *performance = child (f, "performance");
  g_autoptr(virDomain) web = virDomainLookupByName (vireo_connection_get_virconnect (f->connection), "web");
  AdwActionRow *memory_row;

  assert_false (gtk_widget_get_visible (performance));
  vireo_connection_set_stats_interval (f->connection, 1);
  assert_int_equal (virDomainCreate (web), 0);
  if (!vireo_test_wait_until (performance_drawn, f, TIMEOUT))
    fail_msg ("the graphs were never drawn");
  memory_row = ADW_ACTION_ROW (vireo_ui_test_child (performance, VIREO_TYPE_DOMAIN_PERFORMANCE, "memory_row"));
  assert_non_null (adw_action_row_get_subtitle (memory_row));
  assert_true (strlen (adw_action_row_get_subtitle (memory_row)) > 0);
  /* The guest's address (the test driver's lease), with where it was learned. */
  if (!vireo_test_wait_until (address_shown, f, TIMEOUT))
    fail_msg ("the guest's IP address was never shown");
  vireo_ui_test_screenshot (f->window, "details-performance.png");

  assert_int_equal (virDomainDestroy (web), 0);
  if (!vireo_test_wait_until (performance_hidden, f, TIMEOUT))
    fail_msg ("the graphs stayed after the VM stopped");
  assert_false (gtk_widget_get_visible (child (f, "addresses")));
}

typedef struct
{
  VireoConnection *connection;
  const char      *name;
} Lookup;

static gboolean
domain_listed (gpointer data)
{
  Lookup *lookup = data;

  return vireo_connection_lookup_domain_by_name (lookup->connection, lookup->name) != NULL;
}

static gboolean
label_hidden (gpointer label)
{
  return !gtk_widget_get_visible (label);
}

/* A transient VM: the page warns that applying defines it; once applied it is persistent and the
 * warning goes. */
static void
test_transient_warning (void **state)
{
  Fixture *f = *state;
  virConnectPtr conn = vireo_connection_get_virconnect (f->connection);
  g_autoptr(virDomain) transient = NULL;
  VireoDomain *domain;
  Lookup lookup = { f->connection, "scratch" };

  assert_false (gtk_widget_get_visible (child (f, "transient_label")));
  transient = virDomainCreateXML (conn,
                                  "<domain type='test'><name>scratch</name><memory>65536</memory>"
                                  "<os><type>hvm</type></os></domain>", 0);
  assert_non_null (transient);
  assert_true (vireo_test_wait_until (domain_listed, &lookup, TIMEOUT));
  domain = vireo_connection_lookup_domain_by_name (f->connection, "scratch");
  vireo_domain_details_set_domain (f->details, domain);
  wait_idle (f);
  assert_true (gtk_widget_get_visible (child (f, "transient_label")));

  gtk_editable_set_text (GTK_EDITABLE (child (f, "title_row")), "Kept");
  click (f, "overview_apply");
  wait_idle (f);
  assert_int_equal (virDomainIsPersistent (transient), 1);
  if (!vireo_test_wait_until (label_hidden, child (f, "transient_label"), TIMEOUT))
    fail_msg ("the transient warning stayed on a persistent VM");
}

static GtkWidget *
hardware_page (Fixture    *f,
               const char *key)
{
  GtkWidget *page = vireo_hardware_view_get_page (VIREO_HARDWARE_VIEW (child (f, "hardware_view")), key);

  if (page == NULL)
    fail_msg ("no hardware page '%s'", key);
  return page;
}

typedef struct
{
  Fixture *f;
  guint64  kib;
} MemoryWait;

static gboolean
live_memory_is (gpointer data)
{
  MemoryWait *wait = data;
  g_autoptr(virDomain) web = virDomainLookupByName (vireo_connection_get_virconnect (wait->f->connection), "web");
  virDomainInfo info;

  return virDomainGetInfo (web, &info) == 0 && info.memory == wait->kib;
}

/* The Hardware tab against the test driver: a memory change on the running VM is defined and made
 * live; a tablet it cannot hot-plug is defined and said to wait for the next boot, with libvirt's
 * reason; every page then shows the new definition. */
static void
test_hardware_round_trip (void **state)
{
  Fixture *f = *state;
  g_autoptr(virDomain) web = virDomainLookupByName (vireo_connection_get_virconnect (f->connection), "web");
  MemoryWait wait = { f, 524288 };
  GtkWidget *memory;
  GtkWidget *devices;
  g_autofree char *xml = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  assert_int_equal (virDomainCreate (web), 0);
  wait_idle (f);
  gtk_stack_set_visible_child_name (GTK_STACK (child (f, "tabs")), "hardware");

  memory = hardware_page (f, "memory");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vireo_ui_test_child (memory, VIREO_TYPE_MEMORY_PAGE, "memory_spin")), 512);
  vireo_ui_test_flush ();
  g_signal_emit_by_name (vireo_ui_test_child (memory, VIREO_TYPE_MEMORY_PAGE, "apply_button"), "clicked");
  wait_idle (f);
  if (!vireo_test_wait_until (live_memory_is, &wait, TIMEOUT))
    fail_msg ("the running VM's memory did not change");
  xml = fetch (f);
  config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  assert_int_equal (config->memory_kib, 524288);
  assert_false (gtk_widget_get_visible (vireo_ui_test_child (memory, VIREO_TYPE_MEMORY_PAGE, "pending_label")));

  /* No tablet in the definition: plugging one is refused live by the test driver. */
  devices = hardware_page (f, "devices");
  vireo_hardware_view_select (VIREO_HARDWARE_VIEW (child (f, "hardware_view")), "devices");
  gtk_switch_set_active (GTK_SWITCH (vireo_ui_test_child (devices, VIREO_TYPE_DEVICES_PAGE, "tablet_switch")), TRUE);
  vireo_ui_test_flush ();
  wait_idle (f);
  g_clear_pointer (&xml, g_free);
  xml = fetch (f);
  assert_non_null (strstr (xml, "<input type='tablet'"));
  assert_true (gtk_widget_get_visible (vireo_ui_test_child (devices, VIREO_TYPE_DEVICES_PAGE, "pending_label")));
  vireo_ui_test_screenshot (f->window, "details-hardware-pending.png");
}

static void
click_page (GtkWidget  *page,
            GType       type,
            const char *name)
{
  GtkWidget *button = vireo_ui_test_child (page, type, name);

  if (!gtk_widget_is_sensitive (button))
    fail_msg ("'%s' is insensitive", name);
  g_signal_emit_by_name (button, "clicked");
}

/* Each editing page against the test driver on the shut-off VM: what it applies is the VM's new
 * definition, and every page then shows it. */
static void
test_hardware_pages_define (void **state)
{
  Fixture *f = *state;
  GtkWidget *cpu = hardware_page (f, "cpus");
  GtkWidget *boot = hardware_page (f, "boot");
  GtkWidget *nic = hardware_page (f, "nic:52:54:00:12:34:56");
  GtkWidget *cdrom = hardware_page (f, "disk:sda");
  g_autofree char *xml = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  /* Processors: 3 of 4. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (vireo_ui_test_child (cpu, VIREO_TYPE_CPU_PAGE, "vcpus_spin")), 3);
  vireo_ui_test_flush ();
  click_page (cpu, VIREO_TYPE_CPU_PAGE, "apply_button");
  wait_idle (f);

  /* Boot: the menu on. */
  gtk_switch_set_active (GTK_SWITCH (vireo_ui_test_child (boot, VIREO_TYPE_BOOT_PAGE, "menu_switch")), TRUE);
  vireo_ui_test_flush ();
  click_page (boot, VIREO_TYPE_BOOT_PAGE, "apply_button");
  wait_idle (f);

  /* NIC: the link down. */
  gtk_switch_set_active (GTK_SWITCH (vireo_ui_test_child (nic, VIREO_TYPE_NIC_PAGE, "link_switch")), FALSE);
  vireo_ui_test_flush ();
  click_page (nic, VIREO_TYPE_NIC_PAGE, "apply_button");
  wait_idle (f);

  xml = fetch (f);
  config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  assert_int_equal (config->vcpus, 3);
  assert_int_equal (config->vcpus_max, 4);
  assert_true (config->boot_menu);
  assert_string_equal (vireo_domain_config_find_nic (config, "52:54:00:12:34:56")->link_state, "down");
  /* and the pages show the new definition, nothing left to apply */
  assert_int_equal (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (vireo_ui_test_child (cpu, VIREO_TYPE_CPU_PAGE,
                                                                                              "vcpus_spin"))), 3);
  assert_false (gtk_widget_get_sensitive (vireo_ui_test_child (cpu, VIREO_TYPE_CPU_PAGE, "apply_button")));
  assert_false (gtk_switch_get_active (GTK_SWITCH (vireo_ui_test_child (nic, VIREO_TYPE_NIC_PAGE, "link_switch"))));
  assert_false (gtk_widget_get_sensitive (vireo_ui_test_child (nic, VIREO_TYPE_NIC_PAGE, "apply_button")));
  /* The empty CD-ROM shows no media. */
  assert_non_null (cdrom);
}

static void
test_description_apply_round_trips (void **state)
{
  Fixture *f = *state;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f, "description_view")));
  g_autofree char *xml = NULL;
  g_autoptr(VireoDomainConfig) config = NULL;

  gtk_text_buffer_set_text (buffer, "New description\n<with> & markup", -1);
  click (f, "overview_apply");
  wait_idle (f);

  assert_false (gtk_widget_get_visible (child (f, "description_error")));
  xml = fetch (f);
  config = vireo_domain_config_parse (xml, VIREO_DOMAIN_CONFIG_PARSE_NONE, NULL);
  assert_string_equal (config->description, "New description\n<with> & markup");
  assert_string_equal (config->title, "Web server");
  assert_false (gtk_widget_get_sensitive (child (f, "overview_apply")));
}

/* The domain page offers Console and Details; its details follow the VM it shows. */
static void
test_domain_page_has_details (void **state)
{
  Fixture *f = *state;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  VireoDomainPage *page = g_object_new (VIREO_TYPE_DOMAIN_PAGE, NULL);
  GtkStack *views;
  VireoDomainDetails *details;

  gtk_window_set_child (window, GTK_WIDGET (page));
  vireo_domain_page_set_domain (page, f->domain);
  vireo_ui_test_present (window);

  details = VIREO_DOMAIN_DETAILS (vireo_domain_page_get_details (page));
  assert_ptr_equal (vireo_domain_details_get_domain (details), f->domain);
  if (!vireo_test_wait_until (is_idle, details, TIMEOUT))
    fail_msg ("the page's details never loaded");
  assert_non_null (strstr (vireo_domain_details_get_xml (details), "<name>web</name>"));

  views = GTK_STACK (vireo_ui_test_child (page, VIREO_TYPE_DOMAIN_PAGE, "views"));
  assert_string_equal (gtk_stack_get_visible_child_name (views), "console");
  assert_string_equal (gtk_stack_page_get_title (gtk_stack_get_page (views, gtk_stack_get_child_by_name (views, "details"))),
                       "Details");
  assert_string_equal (gtk_stack_page_get_title (gtk_stack_get_page (views, gtk_stack_get_child_by_name (views, "console"))),
                       "Console");
  gtk_stack_set_visible_child_name (views, "details");
  vireo_ui_test_flush ();
  assert_true (gtk_widget_get_mapped (GTK_WIDGET (details)));

  vireo_domain_page_set_domain (page, NULL);
  assert_null (vireo_domain_details_get_domain (details));
  vireo_ui_test_destroy_window (window);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_values_match_xml, setup, teardown),
    cmocka_unit_test_setup_teardown (test_title_apply_round_trips, setup, teardown),
    cmocka_unit_test_setup_teardown (test_title_error_at_field, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_malformed_shows_line, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_refused_by_libvirt, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_apply, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_name_clash, setup, teardown),
    cmocka_unit_test_setup_teardown (test_xml_save_to_file, setup, teardown),
    cmocka_unit_test_setup_teardown (test_follows_domain_changes, setup, teardown),
    cmocka_unit_test_setup_teardown (test_description_apply_round_trips, setup, teardown),
    cmocka_unit_test_setup_teardown (test_performance_graphs, setup, teardown),
    cmocka_unit_test_setup_teardown (test_transient_warning, setup, teardown),
    cmocka_unit_test_setup_teardown (test_hardware_round_trip, setup, teardown),
    cmocka_unit_test_setup_teardown (test_hardware_pages_define, setup, teardown),
    cmocka_unit_test_setup_teardown (test_domain_page_has_details, setup, teardown),
  };

  vireo_ui_test_init ();
  return cmocka_run_group_tests_name ("domain-details", tests, NULL, NULL);
}
