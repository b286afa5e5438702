/* test-domain-actions.c: the virsh verbs on one VM and on many
 *
 * Copyright 2026 The Vireo authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "list-test-common.h"
#include "vireo-libvirt-private.h"
#include "vireo-error.h"

static gboolean
has_domain (gpointer data)
{
  gpointer *args = data;

  return vireo_connection_lookup_domain_by_name (args[0], args[1]) != NULL;
}

/* A VM defined behind the connection's back, once the list has it. */
static VireoDomain *
lab_domain_wait (VireoConnection *connection,
                 const char      *name)
{
  gpointer args[] = { connection, (gpointer) name };

  assert_true (vireo_test_wait_until (has_domain, args, TIMEOUT_MS));
  return vireo_connection_lookup_domain_by_name (connection, name);
}

static VireoDomain *
lab_domain (VireoConnection *connection,
            const char      *name)
{
  VireoDomain *domain;

  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  domain = vireo_connection_lookup_domain_by_name (connection, name);
  assert_non_null (domain);
  return domain;
}

static void
test_can_run_matrix (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *running = lab_domain (connection, "web-1");
  VireoDomain *paused = lab_domain (connection, "db-1");
  VireoDomain *off = lab_domain (connection, "lab-1");

  assert_false (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_START));
  assert_true (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_SHUTDOWN));
  assert_true (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_REBOOT));
  assert_true (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_FORCE_OFF));
  assert_true (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_PAUSE));
  assert_false (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_RESUME));
  assert_true (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_SAVE));
  assert_false (vireo_domain_can_run_action (running, VIREO_DOMAIN_ACTION_DISCARD_SAVE));

  assert_true (vireo_domain_can_run_action (paused, VIREO_DOMAIN_ACTION_RESUME));
  assert_false (vireo_domain_can_run_action (paused, VIREO_DOMAIN_ACTION_PAUSE));
  assert_false (vireo_domain_can_run_action (paused, VIREO_DOMAIN_ACTION_SHUTDOWN));
  assert_true (vireo_domain_can_run_action (paused, VIREO_DOMAIN_ACTION_FORCE_OFF));

  assert_true (vireo_domain_can_run_action (off, VIREO_DOMAIN_ACTION_START));
  assert_false (vireo_domain_can_run_action (off, VIREO_DOMAIN_ACTION_SHUTDOWN));
  assert_false (vireo_domain_can_run_action (off, VIREO_DOMAIN_ACTION_FORCE_OFF));
  assert_false (vireo_domain_can_run_action (off, VIREO_DOMAIN_ACTION_SAVE));
  assert_string_equal (vireo_domain_action_to_label (VIREO_DOMAIN_ACTION_FORCE_OFF), "Force Off");
}

static void
test_lifecycle (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = lab_domain (connection, "lab-1");
  VireoTestNotifyRecorder *recorder = vireo_test_notify_recorder_new (domain);
  g_autoptr(GError) error = NULL;

  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_START, &error));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_RUNNING);
  /* The event sets the state once; the refresh after it does not notify it again. */
  assert_int_equal (vireo_test_notify_count (recorder, "state"), 1);
  assert_true (vireo_domain_get_is_active (domain));

  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_PAUSE, NULL));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_PAUSED);
  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_RESUME, NULL));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_RUNNING);
  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_REBOOT, NULL));
  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_RESET, NULL));
  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_SHUTDOWN, NULL));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_false (vireo_domain_get_is_active (domain));

  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_START, NULL));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_RUNNING);
  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_FORCE_OFF, NULL));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_string_equal (vireo_test_notify_int_history (recorder, "state"), "1,3,1,5,1,5");

  vireo_test_notify_recorder_free (recorder);
}

static gboolean
has_managed_save (gpointer domain)
{
  return vireo_domain_get_has_managed_save (domain);
}

static gboolean
lacks_managed_save (gpointer domain)
{
  return !vireo_domain_get_has_managed_save (domain);
}

static void
test_managed_save (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = lab_domain (connection, "web-2");

  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_SAVE, NULL));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_SHUTOFF);
  assert_true (vireo_test_wait_until (has_managed_save, domain, TIMEOUT_MS));
  assert_true (vireo_domain_can_run_action (domain, VIREO_DOMAIN_ACTION_DISCARD_SAVE));

  /* Run restores the saved state. */
  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_START, NULL));
  wait_domain_state (domain, VIREO_DOMAIN_STATE_RUNNING);
  assert_true (vireo_test_wait_until (lacks_managed_save, domain, TIMEOUT_MS));

  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_SAVE, NULL));
  assert_true (vireo_test_wait_until (has_managed_save, domain, TIMEOUT_MS));
  assert_true (run_action (domain, VIREO_DOMAIN_ACTION_DISCARD_SAVE, NULL));
  assert_true (vireo_test_wait_until (lacks_managed_save, domain, TIMEOUT_MS));
  assert_int_equal (vireo_domain_get_state (domain), VIREO_DOMAIN_STATE_SHUTOFF);
}

static void
test_failure_is_libvirts (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = lab_domain (connection, "lab-2");
  g_autoptr(GError) error = NULL;

  /* Not something the UI offers, but libvirt's refusal must come back whole. */
  assert_false (run_action (domain, VIREO_DOMAIN_ACTION_PAUSE, &error));
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_true (strlen (error->message) > 0);
  assert_int_equal (vireo_domain_get_state (domain), VIREO_DOMAIN_STATE_SHUTOFF);
}

static void
test_xml_has_tablet (void **state)
{
  assert_false (vireo_domain_xml_has_tablet ("<domain><devices/></domain>"));
  assert_false (vireo_domain_xml_has_tablet ("<domain><devices><input type='mouse' bus='ps2'/>"
                                             "<input type='keyboard' bus='ps2'/></devices></domain>"));
  assert_true (vireo_domain_xml_has_tablet ("<domain><devices><input type='mouse' bus='ps2'/>"
                                            "<input type='tablet' bus='usb'/></devices></domain>"));
  assert_true (vireo_domain_xml_has_tablet ("<domain><devices><input type='tablet' bus='virtio'/>"
                                            "</devices></domain>"));
  /* A tablet somewhere else is not a device. */
  assert_false (vireo_domain_xml_has_tablet ("<domain><metadata><input type='tablet'/></metadata>"
                                             "</domain>"));
  assert_false (vireo_domain_xml_has_tablet ("<domain><devices><input type='tablet'"));
}

static gboolean
has_tablet (VireoDomain  *domain,
            GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_has_tablet_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_has_tablet_finish (domain, result, error);
}

static void
test_tablet (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *without = lab_domain (connection, "web-1");
  VireoDomain *with = lab_domain (connection, "web-2");
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  assert_false (has_tablet (without, &error));
  assert_null (error);
  assert_true (has_tablet (with, &error));
  assert_null (error);

  /* The test driver cannot hot-plug: libvirt's refusal comes back as it is (a real daemon does it
   * in the system suite). */
  vireo_domain_add_tablet_async (without, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_false (vireo_domain_add_tablet_finish (without, result, &error));
  assert_int_equal (error->domain, VIREO_LIBVIRT_ERROR);
  assert_true (strlen (error->message) > 0);
  g_clear_error (&error);
  assert_false (has_tablet (without, &error));
}

/* TCG for hosts without working KVM: type and KVM-only CPU modes change, nothing else. */
static void
test_xml_use_tcg (void **state)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tcg = NULL;

  tcg = vireo_domain_xml_use_tcg ("<domain type='kvm'><name>a &amp; b</name><cpu mode='host-passthrough' "
                                  "check='none'/><metadata><x:y xmlns:x='urn:x'>kept</x:y></metadata>"
                                  "<devices><disk type='file' device='disk'/></devices></domain>", &error);
  assert_null (error);
  assert_string_equal (tcg, "<domain type=\"qemu\"><name>a &amp; b</name><metadata><x:y xmlns:x=\"urn:x\">kept</x:y>"
                            "</metadata><devices><disk type=\"file\" device=\"disk\"/></devices></domain>\n");
  g_clear_pointer (&tcg, g_free);

  /* A CPU model of its own works under TCG too: kept. */
  tcg = vireo_domain_xml_use_tcg ("<domain type='kvm'><cpu mode='custom'><model>qemu64</model></cpu></domain>", &error);
  assert_null (error);
  assert_non_null (strstr (tcg, "<model>qemu64</model>"));
  g_clear_pointer (&tcg, g_free);

  assert_null (vireo_domain_xml_use_tcg ("<network/>", &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
  g_clear_error (&error);
  assert_null (vireo_domain_xml_use_tcg ("<domain", &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_XML));
}

/* Run with TCG: the definition switched, then started. */
static void
test_run_with_tcg (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  virConnectPtr conn = vireo_connection_get_virconnect (connection);
  g_autoptr(virDomain) defined = NULL;
  g_autofree char *xml = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VireoDomain *domain;

  assert_true (vireo_test_wait_until (domains_loaded, connection, TIMEOUT_MS));
  defined = virDomainDefineXML (conn, "<domain type='kvm'><name>kvm-guest</name><memory>131072</memory>"
                                      "<os><type arch='i686'>hvm</type></os><cpu mode='host-passthrough'/>"
                                      "</domain>");
  assert_non_null (defined);
  domain = lab_domain_wait (connection, "kvm-guest");

  vireo_domain_run_with_tcg_async (domain, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_true (vireo_domain_run_with_tcg_finish (domain, result, &error));
  assert_null (error);

  assert_int_equal (virDomainIsActive (defined), 1);
  xml = virDomainGetXMLDesc (defined, VIR_DOMAIN_XML_INACTIVE);
  assert_non_null (strstr (xml, "<domain type='qemu'"));
  assert_null (strstr (xml, "host-passthrough"));
}

static gboolean
autostart_is (gpointer data)
{
  gpointer *args = data;
  return vireo_domain_get_autostart (args[0]) == GPOINTER_TO_INT (args[1]);
}

static void
test_autostart (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = lab_domain (connection, "lab-1");
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gpointer args[2] = { domain, GINT_TO_POINTER (TRUE) };

  assert_false (vireo_domain_get_autostart (domain));
  vireo_domain_set_autostart_async (domain, TRUE, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  assert_true (vireo_domain_set_autostart_finish (domain, result, NULL));
  assert_true (vireo_test_wait_until (autostart_is, args, TIMEOUT_MS));
}

static gboolean
rename_sync (VireoDomain  *domain,
             const char   *name,
             GError      **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domain_rename_async (domain, name, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domain_rename_finish (domain, result, error);
}

static gboolean
named (gpointer data)
{
  gpointer *args = data;
  return g_strcmp0 (vireo_domain_get_name (args[0]), args[1]) == 0;
}

static void
test_rename (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  VireoDomain *domain = lab_domain (connection, "lab-3");
  VireoDomain *running = lab_domain (connection, "web-1");
  const char *bad[] = { "", " lab", "a/b", "lab-1" };
  gpointer args[2] = { domain, (gpointer) "exam-3" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      assert_false (rename_sync (domain, bad[i], &error));
      assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_INVALID_ARGUMENT));
      assert_true (strlen (error->message) > 0);
    }
  {
    g_autoptr(GError) error = NULL;

    assert_false (rename_sync (running, "web-9", &error));
    assert_non_null (strstr (error->message, "running"));
    assert_string_equal (vireo_domain_get_name (running), "web-1");
  }

  assert_string_equal (vireo_domain_get_name (domain), "lab-3");
  assert_true (rename_sync (domain, "exam-3", NULL));
  assert_true (vireo_test_wait_until (named, args, TIMEOUT_MS));
  /* Same object, new name. */
  assert_ptr_equal (vireo_connection_lookup_domain_by_name (connection, "exam-3"), domain);
  assert_null (vireo_connection_lookup_domain_by_name (connection, "lab-3"));
}

typedef struct
{
  GPtrArray *domains;
  VireoDomainState state;
} AllWait;

static gboolean
all_in_state (gpointer data)
{
  AllWait *wait = data;

  for (guint i = 0; i < wait->domains->len; i++)
    if (vireo_domain_get_state (g_ptr_array_index (wait->domains, i)) != wait->state)
      return FALSE;
  return TRUE;
}

static gboolean
bulk_sync (GPtrArray          *domains,
           VireoDomainAction   action,
           guint              *n_done,
           GError            **error)
{
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  vireo_domains_run_action_async (domains, action, NULL, vireo_test_async_cb, &slot);
  result = vireo_test_wait_result (&slot, TIMEOUT_MS);
  return vireo_domains_run_action_finish (result, n_done, error);
}

static void
test_bulk (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  g_autoptr(GPtrArray) selection = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  AllWait wait = { selection, VIREO_DOMAIN_STATE_RUNNING };
  guint n_done = 0;

  g_ptr_array_add (selection, lab_domain (connection, "lab-1"));
  g_ptr_array_add (selection, lab_domain (connection, "lab-2"));
  g_ptr_array_add (selection, lab_domain (connection, "lab-3"));
  /* Already running: skipped, not an error. */
  g_ptr_array_add (selection, lab_domain (connection, "web-1"));

  assert_true (bulk_sync (selection, VIREO_DOMAIN_ACTION_START, &n_done, &error));
  assert_null (error);
  assert_int_equal (n_done, 3);
  assert_true (vireo_test_wait_until (all_in_state, &wait, TIMEOUT_MS));

  assert_true (bulk_sync (selection, VIREO_DOMAIN_ACTION_FORCE_OFF, &n_done, NULL));
  assert_int_equal (n_done, 4);
  wait.state = VIREO_DOMAIN_STATE_SHUTOFF;
  assert_true (vireo_test_wait_until (all_in_state, &wait, TIMEOUT_MS));

  /* Nothing applies: done at once, nothing run. */
  assert_true (bulk_sync (selection, VIREO_DOMAIN_ACTION_RESUME, &n_done, NULL));
  assert_int_equal (n_done, 0);
}

static void
test_not_connected (void **state)
{
  g_autoptr(VireoConnection) connection = open_lab ();
  g_autoptr(VireoDomain) domain = g_object_ref (lab_domain (connection, "lab-1"));
  g_autoptr(GError) error = NULL;

  vireo_connection_handle_closed (connection, VIR_CONNECT_CLOSE_REASON_EOF);
  vireo_connection_set_auto_reconnect (connection, FALSE);
  assert_false (run_action (domain, VIREO_DOMAIN_ACTION_START, &error));
  assert_true (g_error_matches (error, VIREO_ERROR, VIREO_ERROR_NOT_CONNECTED));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_can_run_matrix),
    cmocka_unit_test (test_lifecycle),
    cmocka_unit_test (test_managed_save),
    cmocka_unit_test (test_failure_is_libvirts),
    cmocka_unit_test (test_autostart),
    cmocka_unit_test (test_rename),
    cmocka_unit_test (test_bulk),
    cmocka_unit_test (test_xml_has_tablet),
    cmocka_unit_test (test_tablet),
    cmocka_unit_test (test_xml_use_tcg),
    cmocka_unit_test (test_run_with_tcg),
    cmocka_unit_test (test_not_connected),
  };

  g_assert_true (vireo_core_init (NULL));
  return cmocka_run_group_tests (tests, NULL, NULL);
}
