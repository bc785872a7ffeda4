package io.tidings.server.app.postgres;

import io.tidings.server.config.Identifiers;
import java.util.List;

/**
 * The SQL that shapes the {@code apps} table: Soketi's documented DDL, and the trigger that tells every
 * node at once when a row changes. Only {@code ./tidings apps init} runs it; the server never changes the
 * schema by itself. The table name is always a validated identifier, quoted ({@link Identifiers}).
 *
 * <p>The trigger sends, on channel {@value #CHANGE_CHANNEL}, a JSON payload naming the table, the
 * operation and the row's id and key before and after, e.g.
 * {@code {"table":"public.apps","op":"UPDATE","id":"1","key":"k2","old_id":"1","old_key":"k1"}}; a
 * {@code TRUNCATE} carries only table and op. Payloads stay far below PostgreSQL's 8,000-byte limit
 * (ids and keys are at most 255 characters).
 *
 * <p>Stateless.
 */
public final class AppsSchema {

  /** The LISTEN/NOTIFY channel that carries row changes of every apps table in the database. */
  public static final String CHANGE_CHANNEL = "tidings_apps_changed";

  /** Name of the trigger function and of the row trigger on the table. */
  public static final String TRIGGER = "tidings_apps_notify";

  /** Name of the statement trigger that reports {@code TRUNCATE}. */
  public static final String TRUNCATE_TRIGGER = "tidings_apps_notify_truncate";

  /**
   * Finds the table (or view) and whether the change trigger is on it: one row of schema, name and a
   * boolean, or no row when there is no such relation. Parameter {@code $1} is the quoted table name.
   */
  public static final String FIND_TABLE =
      "SELECT n.nspname, c.relname, EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = '"
          + TRIGGER + "') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.oid = to_regclass($1)";

  private AppsSchema() {}

  /** Soketi's documented table, column for column, under the configured name. */
  public static String createTable(String table) {
    return "CREATE TABLE IF NOT EXISTS " + Identifiers.quoteTableName(table) + " (\n"
        + "    id varchar(255) PRIMARY KEY,\n"
        + "    \"key\" varchar(255) NOT NULL,\n"
        + "    secret varchar(255) NOT NULL,\n"
        + "    max_connections integer NOT NULL,\n"
        + "    enable_client_messages smallint NOT NULL,\n"
        + "    \"enabled\" smallint NOT NULL,\n"
        + "    max_backend_events_per_sec integer NOT NULL,\n"
        + "    max_client_events_per_sec integer NOT NULL,\n"
        + "    max_read_req_per_sec integer NOT NULL,\n"
        + "    max_presence_members_per_channel integer DEFAULT NULL,\n"
        + "    max_presence_member_size_in_kb integer DEFAULT NULL,\n"
        + "    max_channel_name_length integer DEFAULT NULL,\n"
        + "    max_event_channels_at_once integer DEFAULT NULL,\n"
        + "    max_event_name_length integer DEFAULT NULL,\n"
        + "    max_event_payload_in_kb integer DEFAULT NULL,\n"
        + "    max_event_batch_size integer DEFAULT NULL,\n"
        + "    webhooks json,\n"
        + "    enable_user_authentication smallint NOT NULL\n"
        + ")";
  }

  /**
   * Statements that (re)install the change trigger on {@code table}; idempotent. Run them in one
   * transaction so that the table is never left half-watched.
   */
  public static List<String> installTrigger(String table) {
    String quoted = Identifiers.quoteTableName(table);
    String function = function(table);
    String notify = "PERFORM pg_notify('" + CHANGE_CHANNEL + "', json_build_object(";
    String where = "'table', TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, 'op', TG_OP";
    return List.of(
        "CREATE OR REPLACE FUNCTION " + function + "() RETURNS trigger LANGUAGE plpgsql AS $tidings$\n"
            + "BEGIN\n"
            // Separate branches: OLD and NEW are only assigned for the operations that have them.
            + "  IF TG_OP = 'INSERT' THEN\n"
            + "    " + notify + where + ", 'id', NEW.id, 'key', NEW.\"key\")::text);\n"
            + "  ELSIF TG_OP = 'UPDATE' THEN\n"
            + "    " + notify + where + ", 'id', NEW.id, 'key', NEW.\"key\", 'old_id', OLD.id, 'old_key', OLD.\"key\")::text);\n"
            + "  ELSIF TG_OP = 'DELETE' THEN\n"
            + "    " + notify + where + ", 'old_id', OLD.id, 'old_key', OLD.\"key\")::text);\n"
            + "  ELSE\n"
            + "    " + notify + where + ")::text);\n"
            + "  END IF;\n"
            + "  RETURN NULL;\n"
            + "END\n"
            + "$tidings$",
        "DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + quoted,
        "CREATE TRIGGER " + TRIGGER + " AFTER INSERT OR UPDATE OR DELETE ON " + quoted
            + " FOR EACH ROW EXECUTE PROCEDURE " + function + "()",
        "DROP TRIGGER IF EXISTS " + TRUNCATE_TRIGGER + " ON " + quoted,
        "CREATE TRIGGER " + TRUNCATE_TRIGGER + " AFTER TRUNCATE ON " + quoted
            + " FOR EACH STATEMENT EXECUTE PROCEDURE " + function + "()");
  }

  /** Statements that remove the change trigger from {@code table} (the shared function stays). */
  public static List<String> removeTrigger(String table) {
    String quoted = Identifiers.quoteTableName(table);
    return List.of(
        "DROP TRIGGER IF EXISTS " + TRIGGER + " ON " + quoted,
        "DROP TRIGGER IF EXISTS " + TRUNCATE_TRIGGER + " ON " + quoted);
  }

  /** The trigger function, in the table's schema when the name is schema-qualified. */
  private static String function(String table) {
    int dot = table.indexOf('.');
    return dot < 0 ? Identifiers.quoteTableName(TRIGGER)
        : Identifiers.quoteTableName(table.substring(0, dot) + "." + TRIGGER);
  }
}
