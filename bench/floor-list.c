/* floor-list.c: the toolkit floor for bench/list-scale.
 *
 * A bare GTK 4 + libadwaita window holding a GtkListView of N rows (two labels each: a name and a
 * state, like a VM list), and nothing else: no libvirt, no models of our own. What it costs to
 * start, idle and hold in memory is what any GTK 4 app with such a list pays at least.
 *
 *   floor-list [N]        (default 1000)
 *
 * With FLOOR_BENCH=1 it prints one line to stderr at the first frame painted with the list,
 *   FLOOR-BENCH populated N MS
 * MS being milliseconds since the process started (CLOCK_BOOTTIME against the start time in
 * /proc/self/stat, which counts clock ticks since boot), as Vireo's VIREO_BENCH hook does.
 *
 * Built by bench/list-scale: cc -O2 floor-list.c $(pkg-config --cflags --libs libadwaita-1)
 */
#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static guint n_rows = 1000;
static gint64 process_start_us;
static gboolean reported;

static gint64
boottime_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_BOOTTIME, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64
read_process_start_us (void)
{
  g_autofree char *stat = NULL;
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
    return boottime_us ();
  /* Field 22 (starttime, clock ticks since boot) counts from after the ")" closing comm. */
  const char *p = strrchr (stat, ')');
  if (p == NULL)
    return boottime_us ();
  p += 2; /* field 3 */
  for (int field = 3; field < 22 && *p; field++)
    {
      p = strchr (p, ' ');
      if (p == NULL)
        return boottime_us ();
      p++;
    }
  unsigned long long ticks = g_ascii_strtoull (p, NULL, 10);
  return (gint64) (ticks * G_USEC_PER_SEC / (unsigned long long) sysconf (_SC_CLK_TCK));
}

static void
after_paint (GdkFrameClock *clock, gpointer user_data)
{
  if (reported)
    return;
  reported = TRUE;
  gint64 ms = (boottime_us () - process_start_us) / 1000;
  if (g_strcmp0 (g_getenv ("FLOOR_BENCH"), "1") == 0)
    {
      fprintf (stderr, "FLOOR-BENCH populated %u %" G_GINT64_FORMAT "\n", n_rows, ms);
      fflush (stderr);
    }
  g_signal_handlers_disconnect_by_func (clock, after_paint, user_data);
}

static void
on_map (GtkWidget *widget, gpointer user_data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (state), 0);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (state, "dim-label");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), state);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *state = gtk_widget_get_next_sibling (name);
  GtkStringObject *obj = gtk_list_item_get_item (item);
  guint pos = gtk_list_item_get_position (item);
  gtk_label_set_text (GTK_LABEL (name), gtk_string_object_get_string (obj));
  gtk_label_set_text (GTK_LABEL (state), (pos % 2) == 0 ? "Running" : "Shut off");
}

static void
activate (GApplication *app, gpointer user_data)
{
  GtkStringList *names = gtk_string_list_new (NULL);
  for (guint i = 1; i <= n_rows; i++)
    {
      char name[32];
      g_snprintf (name, sizeof name, "vm-%04u", i);
      gtk_string_list_append (names, name);
    }

  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (names)));
  GtkWidget *list = gtk_list_view_new (selection, factory);
  gtk_widget_add_css_class (list, "navigation-sidebar");

  GtkWidget *scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_set_vexpand (scrolled, TRUE);

  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new ("Floor", NULL));
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), scrolled);

  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), content);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  process_start_us = read_process_start_us ();
  if (argc > 1)
    n_rows = (guint) strtoul (argv[1], NULL, 10);
  AdwApplication *app = adw_application_new ("io.github.vireo_vm.BenchFloor", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  char *args[] = { argv[0], NULL };
  int status = g_application_run (G_APPLICATION (app), 1, args);
  g_object_unref (app);
  return status;
}
