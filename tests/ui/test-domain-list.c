/* test-domain-list.c: the VM list through its real models, its vm.* actions on libvirt's test
 * driver, and redraws that happen only when something changed
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vireo-connection.h"
#include "vireo-domain-cell.h"
#include "vireo-domain-list.h"
#include "vireo-domain-private.h"
#include "vireo-sparkline-private.h"
#include "vireo-ui-test.h"

#define TIMEOUT VIREO_UI_TEST_TIMEOUT_MS
#define BY_NAME "build-agent,cache,db-primary,student-a,student-b,web-01,Windows-11"

static const char * const probe_actions[] = {
  "vm.start", "vm.shutdown", "vm.reboot", "vm.reset", "vm.force-off", "vm.pause", "vm.resume",
  "vm.save", "vm.discard-save", "vm.rename", "vm.autostart",
};

typedef struct
{
  VireoConnection *connection;
  GSettings       *settings;
  GtkWidget       *window;
  GtkWidget       *list;
  /* Hidden buttons bound to the list's actions: they show enablement as any button would. */
  GtkWidget       *probes[G_N_ELEMENTS (probe_actions)];
} Fixture;

/* Helpers */

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  return vireo_ui_test_child (f->list, VIREO_TYPE_DOMAIN_LIST, name);
}

static GtkColumnViewColumn *
column (Fixture    *f,
        const char *name)
{
  GObject *object = gtk_widget_get_template_child (f->list, VIREO_TYPE_DOMAIN_LIST, name);

  if (!GTK_IS_COLUMN_VIEW_COLUMN (object))
    fail_msg ("no column '%s'", name);

  return GTK_COLUMN_VIEW_COLUMN (object);
}

/* g_format_size() text, with its non-breaking spaces: "used / total". */
static char *
sizes (guint64 used,
       guint64 total)
{
  g_autofree char *used_text = g_format_size_full (used, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *total_text = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);

  return g_strdup_printf ("%s / %s", used_text, total_text);
}

static char *
rate (guint64 bytes_per_second)
{
  g_autofree char *size = g_format_size (bytes_per_second);

  return g_strdup_printf ("%s/s", size);
}

static GListModel *
view_model (Fixture *f)
{
  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (child (f, "column_view"))));
}

/* The names as the list shows them, top to bottom. */
static char *
shown_names (Fixture *f)
{
  GListModel *model = view_model (f);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VireoDomain) domain = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (names, ',');
      g_string_append (names, vireo_domain_get_name (domain));
    }

  return g_string_free (names, FALSE);
}

/* Like assert_shown, for sorts with ties: groups separated by '|' come in order, the names
 * inside a group in any order (a sort by one column leaves ties in the model's order, which is
 * libvirt's and varies). */
static void
assert_order_impl (Fixture    *f,
                   const char *expected,
                   const char *file,
                   int         line)
{
  g_autofree char *shown = shown_names (f);
  g_auto(GStrv) names = g_strsplit (shown, ",", -1);
  g_auto(GStrv) groups = g_strsplit (expected, "|", -1);
  guint at = 0;

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) want = g_strsplit (groups[g], ",", -1);
      guint n = g_strv_length (want);

      for (guint i = 0; i < n; i++)
        {
          if (names[at + i] == NULL || !g_strv_contains ((const char * const *) want, names[at + i]))
            {
              print_error ("shown \"%s\", expected \"%s\"\n", shown, expected);
              _fail (file, line);
            }
        }
      at += n;
    }

  if (names[at] != NULL)
    {
      print_error ("shown \"%s\", expected \"%s\"\n", shown, expected);
      _fail (file, line);
    }
}

#define assert_order(f, expected) assert_order_impl (f, expected, __FILE__, __LINE__)

#define assert_shown(f, expected) \
  G_STMT_START { \
    g_autofree char *_names = shown_names (f); \
    assert_string_equal (_names, expected); \
  } G_STMT_END

static const char *
visible_page (Fixture *f)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (f, "view_stack")));
}

static VireoDomain *
domain (Fixture    *f,
        const char *name)
{
  VireoDomain *d = vireo_connection_lookup_domain_by_name (f->connection, name);

  if (d == NULL)
    fail_msg ("no domain '%s'", name);

  return d;
}

static gboolean
action_enabled (Fixture    *f,
                const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (probe_actions); i++)
    if (g_str_equal (probe_actions[i], action))
      return gtk_widget_get_sensitive (f->probes[i]);

  fail_msg ("no probe for '%s'", action);
  return FALSE;
}

/* The enabled vm.* actions, in probe order: one string to compare. */
static char *
enabled_actions (Fixture *f)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (probe_actions); i++)
    {
      if (!gtk_widget_get_sensitive (f->probes[i]))
        continue;
      if (s->len > 0)
        g_string_append_c (s, ',');
      g_string_append (s, probe_actions[i] + 3);
    }

  return g_string_free (s, FALSE);
}

#define assert_enabled(f, expected) \
  G_STMT_START { \
    g_autofree char *_enabled = enabled_actions (f); \
    assert_string_equal (_enabled, expected); \
  } G_STMT_END

static void
select_names (Fixture    *f,
              const char *csv)
{
  vireo_ui_test_select_names (GTK_SELECTION_MODEL (view_model (f)), csv);
}

typedef struct
{
  VireoDomain      *domain;
  VireoDomainState  state;
} StateWait;

static gboolean
domain_in_state (gpointer data)
{
  StateWait *wait = data;

  return vireo_domain_get_state (wait->domain) == wait->state;
}

static void
wait_for_state (Fixture          *f,
                const char       *name,
                VireoDomainState  state)
{
  StateWait wait = { domain (f, name), state };

  if (!vireo_test_wait_until (domain_in_state, &wait, TIMEOUT))
    fail_msg ("'%s' is in state %d, not %d", name, vireo_domain_get_state (wait.domain), state);
}

static gboolean
domains_loaded (gpointer connection)
{
  return vireo_connection_get_domains_loaded (connection);
}

static gboolean
has_managed_save (gpointer d)
{
  return vireo_domain_get_has_managed_save (d);
}

static gboolean
autostarts (gpointer d)
{
  return vireo_domain_get_autostart (d);
}

typedef struct
{
  VireoDomain *domain;
  const char  *name;
} NameWait;

static gboolean
domain_named (gpointer data)
{
  NameWait *wait = data;

  return g_strcmp0 (vireo_domain_get_name (wait->domain), wait->name) == 0;
}

typedef struct
{
  VireoSparkline *sparkline;
  guint           drawn;
} DrawWait;

static gboolean
drawn_again (gpointer data)
{
  DrawWait *wait = data;

  return _vireo_sparkline_get_snapshot_count (wait->sparkline) > wait->drawn;
}

static gboolean
filter_has_n_items (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return g_list_model_get_n_items (view_model (f)) == n;
}

/* Types a search the way a user does, and waits for the (delayed) search-changed. */
static void
search (Fixture    *f,
        const char *text,
        guint       expected_n)
{
  gpointer data[2] = { f, GUINT_TO_POINTER (expected_n) };

  vireo_domain_list_start_search (VIREO_DOMAIN_LIST (f->list));
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), text);
  if (!vireo_test_wait_until (filter_has_n_items, data, TIMEOUT))
    fail_msg ("searching '%s' shows %u, not %u", text, g_list_model_get_n_items (view_model (f)), expected_n);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Answers as a click on a button does: the response, then the dialog goes away. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  assert_non_null (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  vireo_ui_test_flush ();
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The on-screen cell of @kind showing @d, if its row is realized. */
static VireoDomainCell *
find_cell (GtkWidget           *widget,
           VireoDomain         *d,
           VireoDomainCellKind  kind)
{
  if (VIREO_IS_DOMAIN_CELL (widget) &&
      vireo_domain_cell_get_domain (VIREO_DOMAIN_CELL (widget)) == d &&
      vireo_domain_cell_get_kind (VIREO_DOMAIN_CELL (widget)) == kind)
    return VIREO_DOMAIN_CELL (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      VireoDomainCell *found = find_cell (c, d, kind);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static VireoDomainCell *
cell (Fixture             *f,
      const char          *name,
      VireoDomainCellKind  kind)
{
  VireoDomainCell *found = find_cell (child (f, "column_view"), domain (f, name), kind);

  if (found == NULL)
    fail_msg ("no cell of kind %d for '%s'", kind, name);

  return found;
}

/* Feeds one second of made-up statistics to a running VM, as the stats tick would. Per-VM counters
 * live on the domain so successive feeds keep increasing. */
static void
feed_stats (VireoDomain *d,
            double       cpu_percent,
            guint64      memory_used_kib,
            guint64      disk_read_bps,
            guint64      disk_write_bps,
            guint64      net_rx_bps,
            guint64      net_tx_bps)
{
  VireoStatsSample *last = g_object_get_data (G_OBJECT (d), "test-sample");
  VireoStatsSample sample;

  if (last == NULL)
    {
      /* A first sample gives no rates: a baseline. */
      last = g_new0 (VireoStatsSample, 1);
      g_strlcpy (last->uuid, vireo_domain_get_uuid (d), sizeof last->uuid);
      last->timestamp_us = G_USEC_PER_SEC;
      last->state = VIREO_DOMAIN_STATE_RUNNING;
      last->active = TRUE;
      last->has_cpu_time = TRUE;
      last->vcpus = 1;
      last->has_balloon_unused = TRUE;
      g_object_set_data_full (G_OBJECT (d), "test-sample", last, g_free);
      _vireo_domain_apply_stats (d, last);
    }

  sample = *last;
  sample.timestamp_us += G_USEC_PER_SEC;
  sample.cpu_time_ns += (guint64) (cpu_percent * 1e7);
  sample.balloon_current_kib = 16 * 1024 * 1024;
  sample.balloon_unused_kib = sample.balloon_current_kib - memory_used_kib;
  sample.balloon_rss_kib = memory_used_kib;
  sample.block_rd_bytes += disk_read_bps;
  sample.block_wr_bytes += disk_write_bps;
  sample.net_rx_bytes += net_rx_bps;
  sample.net_tx_bytes += net_tx_bps;
  *last = sample;
  _vireo_domain_apply_stats (d, &sample);
}

/* Fixture */

static void
make_list (Fixture    *f,
           const char *uri,
           gboolean    connect)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->connection = vireo_connection_new (uri);
  /* The tests feed the statistics themselves. */
  vireo_connection_set_stats_interval (f->connection, 0);

  f->list = vireo_domain_list_new ();
  for (guint i = 0; i < G_N_ELEMENTS (probe_actions); i++)
    {
      f->probes[i] = g_str_equal (probe_actions[i], "vm.autostart") ? gtk_check_button_new () : gtk_button_new ();
      gtk_actionable_set_action_name (GTK_ACTIONABLE (f->probes[i]), probe_actions[i]);
      gtk_widget_set_visible (f->probes[i], FALSE);
      gtk_widget_set_parent (f->probes[i], f->list);
    }

  f->window = g_object_ref (gtk_window_new ());
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), f->list);
  gtk_window_set_child (GTK_WINDOW (f->window), overlay);
  vireo_domain_list_set_settings (VIREO_DOMAIN_LIST (f->list), f->settings);
  vireo_domain_list_set_connection (VIREO_DOMAIN_LIST (f->list), f->connection);
  vireo_ui_test_present (f->window);

  if (connect)
    {
      vireo_connection_connect (f->connection);
      assert_true (vireo_test_wait_until (domains_loaded, f->connection, TIMEOUT));
      vireo_ui_test_flush ();
    }
}

static void
make_lab (Fixture *f)
{
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-lab.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);

  make_list (f, uri, TRUE);
  assert_int_equal (g_list_model_get_n_items (vireo_connection_get_domains (f->connection)), 7);
}

static int
setup (void **state)
{
  *state = g_new0 (Fixture, 1);

  return 0;
}

static int
teardown (void **state)
{
  Fixture *f = *state;

  if (f->window != NULL)
    {
      AdwMessageDialog *dialog;

      while ((dialog = find_message_dialog ()) != NULL)
        gtk_window_destroy (GTK_WINDOW (dialog));

      for (guint i = 0; i < G_N_ELEMENTS (probe_actions); i++)
        gtk_widget_unparent (f->probes[i]);

      /* The list goes with its window: nothing in flight keeps it. */
      g_object_add_weak_pointer (G_OBJECT (f->list), (gpointer *) &f->list);
      gtk_window_destroy (GTK_WINDOW (f->window));
      vireo_ui_test_flush ();
      vireo_test_assert_finalize (f->window);
      if (f->list != NULL)
        fail_msg ("the list outlived its window");
    }

  if (f->connection != NULL)
    {
      g_autoptr(GAsyncResult) result = NULL;
      GAsyncResult *slot = NULL;

      vireo_connection_close_async (f->connection, NULL, vireo_test_async_cb, &slot);
      result = vireo_test_wait_result (&slot, TIMEOUT);
      assert_true (vireo_connection_close_finish (f->connection, result, NULL));
      /* The result holds its source object. */
      g_clear_object (&result);
      vireo_test_assert_finalize (f->connection);
    }

  if (f->settings != NULL)
    {
      g_settings_reset (f->settings, "confirm-force-off");
      vireo_ui_test_flush ();
      vireo_test_assert_finalize (f->settings);
    }

  g_free (f);

  return 0;
}

/* Tests */

static void
test_states_and_cells (void **state)
{
  Fixture *f = *state;

  make_lab (f);

  assert_string_equal (visible_page (f), "list");
  assert_shown (f, BY_NAME);
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "selection_label"))), "7 virtual machines");

  /* Name and title; state icon with the state's label for tooltips and screen readers. */
  assert_string_equal (vireo_domain_cell_get_text (cell (f, "db-primary", VIREO_DOMAIN_CELL_NAME)), "db-primary");
  assert_string_equal (vireo_domain_cell_get_text (cell (f, "cache", VIREO_DOMAIN_CELL_STATE)),
                       vireo_domain_get_state_label (domain (f, "cache")));
  assert_string_equal (vireo_domain_state_get_icon_name (VIREO_DOMAIN_STATE_RUNNING), "media-playback-start-symbolic");
  assert_string_equal (vireo_domain_state_get_icon_name (VIREO_DOMAIN_STATE_PAUSED), "media-playback-pause-symbolic");
  assert_string_equal (vireo_domain_state_get_icon_name (VIREO_DOMAIN_STATE_SHUTOFF), "system-shutdown-symbolic");
  assert_string_equal (vireo_domain_state_get_icon_name (VIREO_DOMAIN_STATE_CRASHED), "dialog-error-symbolic");
  assert_string_equal (vireo_domain_state_get_icon_name (VIREO_DOMAIN_STATE_PMSUSPENDED), "content-loading-symbolic");

  /* Stopped VMs have no usage to show. */
  assert_string_equal (vireo_domain_cell_get_text (cell (f, "student-a", VIREO_DOMAIN_CELL_CPU)), "—");
  assert_string_equal (vireo_domain_cell_get_text (cell (f, "student-a", VIREO_DOMAIN_CELL_DISK)), "—");

  /* Running ones follow the statistics as they arrive. */
  feed_stats (domain (f, "web-01"), 42, 1024 * 1024, 1200000, 0, 1000, 500);
  assert_string_equal (vireo_domain_cell_get_text (cell (f, "web-01", VIREO_DOMAIN_CELL_CPU)), "42 %");
  {
    g_autofree char *memory = sizes (1ull << 30, 2ull << 30);
    g_autofree char *disk = rate (1200000);
    g_autofree char *net = rate (1500);

    assert_string_equal (vireo_domain_cell_get_text (cell (f, "web-01", VIREO_DOMAIN_CELL_MEMORY)), memory);
    assert_string_equal (vireo_domain_cell_get_text (cell (f, "web-01", VIREO_DOMAIN_CELL_DISK)), disk);
    assert_string_equal (vireo_domain_cell_get_text (cell (f, "web-01", VIREO_DOMAIN_CELL_NETWORK)), net);
    /* "1.2 MB/s", as users read it. */
    assert_true (g_str_has_prefix (disk, "1.2") && g_str_has_suffix (disk, "MB/s"));
  }
  feed_stats (domain (f, "web-01"), 7, 1024 * 1024, 0, 0, 0, 0);
  assert_string_equal (vireo_domain_cell_get_text (cell (f, "web-01", VIREO_DOMAIN_CELL_CPU)), "7 %");
  {
    guint n = 0;
    const double *values =
      vireo_sparkline_get_values (VIREO_SPARKLINE (vireo_domain_cell_get_sparkline (cell (f, "web-01", VIREO_DOMAIN_CELL_CPU))), &n);

    assert_int_equal (n, 3);
    assert_true (G_APPROX_VALUE (values[1], 42.0, 1e-6) && G_APPROX_VALUE (values[2], 7.0, 1e-6));
  }
}

static void
test_sorting (void **state)
{
  Fixture *f = *state;
  GtkColumnView *view;

  make_lab (f);
  view = GTK_COLUMN_VIEW (child (f, "column_view"));

  /* Made-up statistics that order the running VMs differently per column. */
  feed_stats (domain (f, "build-agent"), 50, 3 * 1024 * 1024, 100, 0, 1000, 1000);
  feed_stats (domain (f, "db-primary"), 10, 6 * 1024 * 1024, 10, 500, 10, 0);
  feed_stats (domain (f, "web-01"), 30, 1 * 1024 * 1024, 200, 200, 0, 5000);

  /* By name by default, ignoring case, as a header click does. */
  assert_shown (f, BY_NAME);
  gtk_column_view_sort_by_column (view, column (f, "name_column"), GTK_SORT_DESCENDING);
  assert_shown (f, "Windows-11,web-01,student-b,student-a,db-primary,cache,build-agent");

  /* Each column sorts, either way. */
  gtk_column_view_sort_by_column (view, column (f, "state_column"), GTK_SORT_ASCENDING);
  assert_order (f, "build-agent,db-primary,web-01|cache|student-a,student-b,Windows-11");
  gtk_column_view_sort_by_column (view, column (f, "state_column"), GTK_SORT_DESCENDING);
  assert_order (f, "student-a,student-b,Windows-11|cache|build-agent,db-primary,web-01");
  gtk_column_view_sort_by_column (view, column (f, "cpu_column"), GTK_SORT_DESCENDING);
  assert_order (f, "build-agent|web-01|db-primary|cache,student-a,student-b,Windows-11");
  gtk_column_view_sort_by_column (view, column (f, "memory_column"), GTK_SORT_ASCENDING);
  assert_order (f, "cache,student-a,student-b,Windows-11|web-01|build-agent|db-primary");
  /* Read plus write: db-primary reads least but moves the most. */
  gtk_column_view_sort_by_column (view, column (f, "disk_column"), GTK_SORT_DESCENDING);
  assert_order (f, "db-primary|web-01|build-agent|cache,student-a,student-b,Windows-11");
  gtk_column_view_sort_by_column (view, column (f, "network_column"), GTK_SORT_ASCENDING);
  assert_order (f, "cache,student-a,student-b,Windows-11|db-primary|build-agent|web-01");

  /* Live values do not move rows under the pointer; sorting again uses them. */
  feed_stats (domain (f, "db-primary"), 10, 6 * 1024 * 1024, 10, 500, 90000, 0);
  assert_order (f, "cache,student-a,student-b,Windows-11|db-primary|build-agent|web-01");
  gtk_column_view_sort_by_column (view, column (f, "network_column"), GTK_SORT_ASCENDING);
  assert_order (f, "cache,student-a,student-b,Windows-11|build-agent|web-01|db-primary");

  /* A selection survives a re-sort. */
  select_names (f, "web-01");
  gtk_column_view_sort_by_column (view, column (f, "name_column"), GTK_SORT_ASCENDING);
  {
    g_autoptr(GPtrArray) selected = vireo_domain_list_get_selected_domains (VIREO_DOMAIN_LIST (f->list));

    assert_int_equal (selected->len, 1);
    assert_ptr_equal (g_ptr_array_index (selected, 0), domain (f, "web-01"));
  }
}

static void
test_search (void **state)
{
  Fixture *f = *state;

  make_lab (f);

  /* Names and titles, ignoring case. */
  search (f, "lab", 2);
  assert_shown (f, "student-a,student-b");
  assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (child (f, "search_bar"))));
  search (f, "STUDENT-B", 1);
  assert_shown (f, "student-b");
  search (f, "postgres", 1);
  assert_shown (f, "db-primary");
  assert_string_equal (visible_page (f), "list");

  search (f, "no such vm", 0);
  assert_string_equal (visible_page (f), "no-results");
  assert_true (gtk_widget_get_child_visible (child (f, "no_results_page")));

  /* Closing the search shows everything again. */
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (child (f, "search_bar")), FALSE);
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (child (f, "search_entry"))), "");
  assert_shown (f, BY_NAME);
  assert_string_equal (visible_page (f), "list");

  /* A VM renamed while searching is matched again (GTK 4.8's models do not watch items). */
  search (f, "student", 2);
  select_names (f, "student-a");
  assert_true (gtk_widget_activate_action (f->list, "vm.rename", NULL));
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (find_message_dialog ()), "rename-entry")), "seat-a");
  respond (find_message_dialog (), "rename");
  {
    gpointer data[2] = { f, GUINT_TO_POINTER (1) };

    assert_true (vireo_test_wait_until (filter_has_n_items, data, TIMEOUT));
  }
  assert_shown (f, "student-b");
}

static void
test_empty_and_loading (void **state)
{
  Fixture *f = *state;
  g_autofree char *path = vireo_test_srcdir_path ("data", "testdriver-empty.xml", NULL);
  g_autofree char *uri = g_strconcat ("test://", path, NULL);

  make_list (f, uri, FALSE);
  assert_string_equal (visible_page (f), "empty");
  assert_false (gtk_spinner_get_spinning (GTK_SPINNER (child (f, "loading_spinner"))));

  /* While the first listing is on its way: a spinner, not "no virtual machines". */
  vireo_connection_connect (f->connection);
  assert_string_equal (visible_page (f), "loading");
  assert_true (gtk_spinner_get_spinning (GTK_SPINNER (child (f, "loading_spinner"))));

  assert_true (vireo_test_wait_until (domains_loaded, f->connection, TIMEOUT));
  assert_string_equal (visible_page (f), "empty");
  assert_false (gtk_spinner_get_spinning (GTK_SPINNER (child (f, "loading_spinner"))));
  assert_string_equal (adw_status_page_get_title (ADW_STATUS_PAGE (child (f, "empty_page"))), "No Virtual Machines");

  /* Nothing selected, nothing to act on. */
  assert_enabled (f, "");
}

static void
test_default_connection (void **state)
{
  Fixture *f = *state;

  /* The demo host: one running VM called "test". */
  make_list (f, "test:///default", FALSE);
  vireo_connection_connect (f->connection);
  assert_string_equal (visible_page (f), "loading");
  assert_true (vireo_test_wait_until (domains_loaded, f->connection, TIMEOUT));
  vireo_ui_test_flush ();
  assert_string_equal (visible_page (f), "list");
  assert_shown (f, "test");

  select_names (f, "test");
  assert_enabled (f, "shutdown,reboot,reset,force-off,pause,save,autostart");
  assert_true (gtk_widget_get_sensitive (child (f, "shutdown_button")));
  assert_false (gtk_widget_get_sensitive (child (f, "start_button")));

  /* Another list on the same connection, then none: cells let go of the domains they showed. */
  vireo_domain_list_set_connection (VIREO_DOMAIN_LIST (f->list), NULL);
  vireo_ui_test_flush ();
  assert_string_equal (visible_page (f), "empty");
  assert_enabled (f, "");
  assert_int_equal (g_signal_handler_find (domain (f, "test"), G_SIGNAL_MATCH_ID,
                                           g_signal_lookup ("notify", G_TYPE_OBJECT), 0, NULL, NULL, NULL), 0);
}

static void
test_actions_follow_state (void **state)
{
  Fixture *f = *state;

  make_lab (f);

  select_names (f, "student-a");
  assert_enabled (f, "start,rename,autostart");
  assert_true (gtk_widget_get_sensitive (child (f, "start_button")));
  assert_false (gtk_widget_get_sensitive (child (f, "shutdown_button")));
  assert_false (gtk_widget_get_sensitive (child (f, "pause_button")));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (child (f, "selection_label"))), "1 of 7 selected");

  /* Running it changes what applies, without touching the selection. */
  assert_true (gtk_widget_activate_action (f->list, "vm.start", NULL));
  wait_for_state (f, "student-a", VIREO_DOMAIN_STATE_RUNNING);
  assert_enabled (f, "shutdown,reboot,reset,force-off,pause,save,autostart");
  assert_false (gtk_widget_get_sensitive (child (f, "start_button")));

  assert_true (gtk_widget_activate_action (f->list, "vm.pause", NULL));
  wait_for_state (f, "student-a", VIREO_DOMAIN_STATE_PAUSED);
  assert_enabled (f, "reset,force-off,resume,save,autostart");
  /* The play button resumes now. */
  assert_true (gtk_widget_get_visible (child (f, "resume_button")));
  assert_false (gtk_widget_get_visible (child (f, "start_button")));
  assert_true (gtk_widget_get_sensitive (child (f, "resume_button")));

  assert_true (gtk_widget_activate_action (f->list, "vm.resume", NULL));
  wait_for_state (f, "student-a", VIREO_DOMAIN_STATE_RUNNING);
  assert_true (gtk_widget_get_visible (child (f, "start_button")));
  assert_false (gtk_widget_get_visible (child (f, "resume_button")));

  /* A managed save stops it and can be discarded. */
  assert_true (gtk_widget_activate_action (f->list, "vm.save", NULL));
  wait_for_state (f, "student-a", VIREO_DOMAIN_STATE_SHUTOFF);
  assert_true (vireo_test_wait_until (has_managed_save, domain (f, "student-a"), TIMEOUT));
  assert_enabled (f, "start,discard-save,rename,autostart");

  /* A mixed selection: each action applies to at least one of them. */
  select_names (f, "cache,Windows-11");
  assert_enabled (f, "start,reset,force-off,resume,save,autostart");
  /* Rename is for one VM at a time. */
  assert_false (action_enabled (f, "vm.rename"));
  /* Disabled actions do nothing. */
  select_names (f, "Windows-11");
  gtk_widget_activate_action (f->list, "vm.force-off", NULL);
  assert_null (find_message_dialog ());

  /* vm.autostart is a toggle that follows the VMs. */
  assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (f->probes[G_N_ELEMENTS (probe_actions) - 1])));
  assert_true (gtk_widget_activate_action (f->list, "vm.autostart", NULL));
  assert_true (vireo_test_wait_until (autostarts, domain (f, "Windows-11"), TIMEOUT));
  assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (f->probes[G_N_ELEMENTS (probe_actions) - 1])));
}

static gboolean
all_running (gpointer data)
{
  Fixture *f = data;

  return vireo_domain_get_state (domain (f, "student-a")) == VIREO_DOMAIN_STATE_RUNNING &&
         vireo_domain_get_state (domain (f, "student-b")) == VIREO_DOMAIN_STATE_RUNNING &&
         vireo_domain_get_state (domain (f, "Windows-11")) == VIREO_DOMAIN_STATE_RUNNING;
}

static void
test_bulk_start (void **state)
{
  Fixture *f = *state;

  make_lab (f);

  /* Three shut-off VMs and a running one: Run starts the three. */
  select_names (f, "student-a,student-b,Windows-11,web-01");
  assert_true (action_enabled (f, "vm.start"));
  assert_true (gtk_widget_activate_action (f->list, "vm.start", NULL));
  assert_true (vireo_test_wait_until (all_running, f, TIMEOUT));
  assert_int_equal (vireo_domain_get_state (domain (f, "web-01")), VIREO_DOMAIN_STATE_RUNNING);

  /* None of them can start any more. */
  assert_false (action_enabled (f, "vm.start"));
  assert_true (action_enabled (f, "vm.shutdown"));
}

static void
test_force_off_confirms (void **state)
{
  Fixture *f = *state;
  AdwMessageDialog *dialog;

  f->settings = g_settings_new (APP_ID);
  g_settings_set_boolean (f->settings, "confirm-force-off", TRUE);
  make_lab (f);

  /* Asked first; cancelling leaves it running. */
  select_names (f, "web-01");
  assert_true (gtk_widget_activate_action (f->list, "vm.force-off", NULL));
  dialog = find_message_dialog ();
  assert_non_null (dialog);
  assert_string_equal (adw_message_dialog_get_heading (dialog), "Force Off 'web-01'?");
  assert_string_equal (adw_message_dialog_get_default_response (dialog), "cancel");
  respond (dialog, "cancel");
  assert_null (find_message_dialog ());
  assert_int_equal (vireo_domain_get_state (domain (f, "web-01")), VIREO_DOMAIN_STATE_RUNNING);

  /* The answer applies to the VMs asked about, even if the selection moved meanwhile. */
  assert_true (gtk_widget_activate_action (f->list, "vm.force-off", NULL));
  dialog = find_message_dialog ();
  select_names (f, "db-primary");
  respond (dialog, "confirm");
  wait_for_state (f, "web-01", VIREO_DOMAIN_STATE_SHUTOFF);
  assert_int_equal (vireo_domain_get_state (domain (f, "db-primary")), VIREO_DOMAIN_STATE_RUNNING);

  /* Reset asks too. */
  assert_true (gtk_widget_activate_action (f->list, "vm.reset", NULL));
  dialog = find_message_dialog ();
  assert_non_null (dialog);
  assert_string_equal (adw_message_dialog_get_heading (dialog), "Force Reset 'db-primary'?");
  respond (dialog, "cancel");

  /* Several at once say how many. */
  select_names (f, "db-primary,build-agent");
  assert_true (gtk_widget_activate_action (f->list, "vm.force-off", NULL));
  dialog = find_message_dialog ();
  assert_string_equal (adw_message_dialog_get_heading (dialog), "Force Off 2 Virtual Machines?");
  respond (dialog, "cancel");

  /* With the confirmation turned off it just happens. */
  g_settings_set_boolean (f->settings, "confirm-force-off", FALSE);
  select_names (f, "db-primary");
  assert_true (gtk_widget_activate_action (f->list, "vm.force-off", NULL));
  assert_null (find_message_dialog ());
  wait_for_state (f, "db-primary", VIREO_DOMAIN_STATE_SHUTOFF);

  /* Without settings it always asks. */
  vireo_domain_list_set_settings (VIREO_DOMAIN_LIST (f->list), NULL);
  select_names (f, "build-agent");
  assert_true (gtk_widget_activate_action (f->list, "vm.force-off", NULL));
  assert_non_null (find_message_dialog ());
}

static void
test_rename_validation (void **state)
{
  Fixture *f = *state;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  GtkWidget *error_label;

  make_lab (f);

  /* Only a shut-off VM can be renamed. */
  select_names (f, "web-01");
  assert_false (action_enabled (f, "vm.rename"));

  select_names (f, "student-a");
  assert_true (gtk_widget_activate_action (f->list, "vm.rename", NULL));
  dialog = find_message_dialog ();
  assert_non_null (dialog);
  entry = find_named (GTK_WIDGET (dialog), "rename-entry");
  error_label = find_named (GTK_WIDGET (dialog), "rename-error");
  assert_non_null (entry);
  assert_non_null (error_label);

  /* The current name: nothing to do, nothing wrong. */
  assert_string_equal (gtk_editable_get_text (GTK_EDITABLE (entry)), "student-a");
  assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  assert_false (gtk_widget_get_visible (error_label));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  assert_true (gtk_widget_get_visible (error_label));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (error_label)), "The name cannot be empty.");

  gtk_editable_set_text (GTK_EDITABLE (entry), "lab/a");
  assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (error_label)), "The name cannot contain '/'.");

  gtk_editable_set_text (GTK_EDITABLE (entry), "student-b");
  assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  assert_string_equal (gtk_label_get_label (GTK_LABEL (error_label)),
                       "Another virtual machine on this host has this name.");

  gtk_editable_set_text (GTK_EDITABLE (entry), " alpha");
  assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "alpha");
  assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  assert_false (gtk_widget_get_visible (error_label));

  respond (dialog, "rename");
  {
    NameWait wait = { domain (f, "student-a"), "alpha" };

    /* The same VM, renamed in place, moved to its place in the name order. */
    assert_true (vireo_test_wait_until (domain_named, &wait, TIMEOUT));
    assert_ptr_equal (vireo_connection_lookup_domain_by_name (f->connection, "alpha"), wait.domain);
  }
  assert_shown (f, "alpha,build-agent,cache,db-primary,student-b,web-01,Windows-11");
}

static void
test_sparkline_redraws_only_on_change (void **state)
{
  Fixture *f = *state;
  static const double a[] = { 1, 2, 3 };
  static const double b[] = { 1, 2, 4 };
  GtkWidget *standalone = g_object_ref_sink (vireo_sparkline_new ());
  VireoSparkline *line = VIREO_SPARKLINE (standalone);
  VireoDomain *web;
  VireoSparkline *cpu_line;
  guint invalidated;
  guint serial;

  /* The widget compares what it is given with what it shows. */
  vireo_sparkline_set_values (line, a, 3, 0);
  assert_int_equal (_vireo_sparkline_get_invalidate_count (line), 1);
  vireo_sparkline_set_values (line, a, 3, 0);
  assert_int_equal (_vireo_sparkline_get_invalidate_count (line), 1);
  vireo_sparkline_set_values (line, b, 3, 0);
  assert_int_equal (_vireo_sparkline_get_invalidate_count (line), 2);
  vireo_sparkline_set_values (line, b, 3, 10);
  assert_int_equal (_vireo_sparkline_get_invalidate_count (line), 3);
  vireo_test_assert_finalize (standalone);

  /* In the list: other notifications never touch the graph. */
  make_lab (f);
  web = domain (f, "web-01");
  feed_stats (web, 20, 1024, 0, 0, 0, 0);
  cpu_line = VIREO_SPARKLINE (vireo_domain_cell_get_sparkline (cell (f, "web-01", VIREO_DOMAIN_CELL_CPU)));
  vireo_ui_test_flush ();

  invalidated = _vireo_sparkline_get_invalidate_count (cpu_line);
  serial = vireo_domain_get_stats_serial (web);
  g_object_notify (G_OBJECT (web), "cpu-usage");
  g_object_notify (G_OBJECT (web), "memory-usage-kib");
  g_object_notify (G_OBJECT (web), "title");
  g_object_notify (G_OBJECT (web), "state");
  assert_int_equal (vireo_domain_get_stats_serial (web), serial);
  assert_int_equal (_vireo_sparkline_get_invalidate_count (cpu_line), invalidated);

  /* A tick that changed the history redraws once; and it is drawn. */
  {
    guint drawn = _vireo_sparkline_get_snapshot_count (cpu_line);
    DrawWait wait = { cpu_line, drawn };

    feed_stats (web, 60, 1024, 0, 0, 0, 0);
    assert_int_equal (_vireo_sparkline_get_invalidate_count (cpu_line), invalidated + 1);
    assert_true (vireo_test_wait_until (drawn_again, &wait, TIMEOUT));
  }

  /* An idle VM: once its history is all the same value, further ticks change no pixel. */
  for (guint i = 0; i < VIREO_DOMAIN_HISTORY_LENGTH; i++)
    feed_stats (web, 5, 1024, 0, 0, 0, 0);
  invalidated = _vireo_sparkline_get_invalidate_count (cpu_line);
  serial = vireo_domain_get_stats_serial (web);
  feed_stats (web, 5, 1024, 0, 0, 0, 0);
  feed_stats (web, 5, 1024, 0, 0, 0, 0);
  assert_int_equal (_vireo_sparkline_get_invalidate_count (cpu_line), invalidated);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (test_states_and_cells, setup, teardown),
    cmocka_unit_test_setup_teardown (test_sorting, setup, teardown),
    cmocka_unit_test_setup_teardown (test_search, setup, teardown),
    cmocka_unit_test_setup_teardown (test_empty_and_loading, setup, teardown),
    cmocka_unit_test_setup_teardown (test_default_connection, setup, teardown),
    cmocka_unit_test_setup_teardown (test_actions_follow_state, setup, teardown),
    cmocka_unit_test_setup_teardown (test_bulk_start, setup, teardown),
    cmocka_unit_test_setup_teardown (test_force_off_confirms, setup, teardown),
    cmocka_unit_test_setup_teardown (test_rename_validation, setup, teardown),
    cmocka_unit_test_setup_teardown (test_sparkline_redraws_only_on_change, setup, teardown),
  };

  vireo_ui_test_init ();

  return cmocka_run_group_tests (tests, NULL, NULL);
}
