#include "planner/sql/builtin_functions.h"

#include <algorithm>
#include <iterator>

namespace backfill {
namespace {

using E = BuiltinEffect;

constexpr BuiltinFunction Entry(std::string_view name, BuiltinEffect effect, bool new_value_each_call,
                                std::string_view english, std::string_view japanese, bool runs_text_read_only = false,
                                std::string_view extension = {}) {
  return {name, effect, new_value_each_call, english, japanese, runs_text_read_only, extension};
}

// Functions with an effect besides their value, or that run SQL text. Every name is in
// PostgreSQL 15's pg_proc unless an extension is named. Only the effects a backfill's reviewer
// must weigh are listed: reading catalogs or the current settings is computation.
constexpr BuiltinFunction kEffects[] = {
    // Waiting holds the batch's row locks and its transaction open.
    Entry("pg_sleep", E::kSideEffect, false, "waits, holding the batch's row locks meanwhile", "待機し、その間バッチの行ロックを保持し続ける"),
    Entry("pg_sleep_for", E::kSideEffect, false, "waits, holding the batch's row locks meanwhile", "待機し、その間バッチの行ロックを保持し続ける"),
    Entry("pg_sleep_until", E::kSideEffect, false, "waits, holding the batch's row locks meanwhile", "待機し、その間バッチの行ロックを保持し続ける"),
    // Sequences are not transactional.
    Entry("nextval", E::kSideEffect, true, "advances a sequence (no rollback undoes it)", "シーケンスを進める。ロールバックしても戻らない"),
    Entry("setval", E::kSideEffect, false, "sets a sequence's value (no rollback undoes it)", "シーケンスの値を設定する。ロールバックしても戻らない"),
    // Advisory locks: session-level ones outlive the batch's transaction; the lock functions may wait.
    Entry("pg_advisory_lock", E::kSideEffect, false, "takes an advisory lock for the session, one that outlives the batch", "セッションのアドバイザリロックを取得する。バッチの終了後も残る"),
    Entry("pg_advisory_lock_shared", E::kSideEffect, false, "takes an advisory lock for the session, one that outlives the batch", "セッションのアドバイザリロックを取得する。バッチの終了後も残る"),
    Entry("pg_try_advisory_lock", E::kSideEffect, true, "takes an advisory lock for the session, one that outlives the batch", "セッションのアドバイザリロックを取得する。バッチの終了後も残る"),
    Entry("pg_try_advisory_lock_shared", E::kSideEffect, true, "takes an advisory lock for the session, one that outlives the batch", "セッションのアドバイザリロックを取得する。バッチの終了後も残る"),
    Entry("pg_advisory_xact_lock", E::kSideEffect, false, "takes an advisory lock until the batch commits, waiting for it if need be", "バッチのコミットまでアドバイザリロックを取得する。必要なら待機する"),
    Entry("pg_advisory_xact_lock_shared", E::kSideEffect, false, "takes an advisory lock until the batch commits, waiting for it if need be", "バッチのコミットまでアドバイザリロックを取得する。必要なら待機する"),
    Entry("pg_try_advisory_xact_lock", E::kSideEffect, true, "takes an advisory lock until the batch commits", "バッチのコミットまでアドバイザリロックを取得する"),
    Entry("pg_try_advisory_xact_lock_shared", E::kSideEffect, true, "takes an advisory lock until the batch commits", "バッチのコミットまでアドバイザリロックを取得する"),
    Entry("pg_advisory_unlock", E::kSideEffect, false, "releases an advisory lock that another part of the application may hold", "アプリケーションの別の処理が保持しているかもしれないアドバイザリロックを解放する"),
    Entry("pg_advisory_unlock_shared", E::kSideEffect, false, "releases an advisory lock that another part of the application may hold", "アプリケーションの別の処理が保持しているかもしれないアドバイザリロックを解放する"),
    Entry("pg_advisory_unlock_all", E::kSideEffect, false, "releases every advisory lock the session holds", "セッションが保持するすべてのアドバイザリロックを解放する"),
    Entry("pg_notify", E::kSideEffect, false, "sends a notification to every listener of the channel", "チャネルのすべてのリスナーに通知を送る"),
    Entry("set_config", E::kSideEffect, false, "changes a setting of the session or of the batch's transaction", "セッションまたはバッチのトランザクションの設定を変更する"),
    Entry("pg_terminate_backend", E::kSideEffect, false, "ends another session", "別のセッションを終了させる"),
    Entry("pg_cancel_backend", E::kSideEffect, false, "cancels another session's query", "別のセッションのクエリをキャンセルする"),
    // An xid is assigned to the batch anyway; in the read-only scripts it is not.
    Entry("txid_current", E::kSideEffect, true, "assigns a transaction ID, even in the plan's read-only scripts (preflight, verify)", "計画の読み取り専用スクリプト (事前確認、検証) でもトランザクション ID を割り当てる"),
    Entry("pg_current_xact_id", E::kSideEffect, true, "assigns a transaction ID, even in the plan's read-only scripts (preflight, verify)", "計画の読み取り専用スクリプト (事前確認、検証) でもトランザクション ID を割り当てる"),
    // Large objects (server-side functions).
    Entry("lo_import", E::kSideEffect, true, "reads a file on the database server into a new large object", "データベースサーバー上のファイルを新しいラージオブジェクトに読み込む"),
    Entry("lo_export", E::kSideEffect, false, "writes a large object to a file on the database server", "ラージオブジェクトをデータベースサーバー上のファイルに書き出す"),
    Entry("lo_creat", E::kSideEffect, true, "creates a large object", "ラージオブジェクトを作成する"),
    Entry("lo_create", E::kSideEffect, true, "creates a large object", "ラージオブジェクトを作成する"),
    Entry("lo_from_bytea", E::kSideEffect, true, "creates a large object", "ラージオブジェクトを作成する"),
    Entry("lo_put", E::kSideEffect, false, "changes a large object", "ラージオブジェクトを変更する"),
    Entry("lowrite", E::kSideEffect, false, "changes a large object", "ラージオブジェクトを変更する"),
    Entry("lo_truncate", E::kSideEffect, false, "changes a large object", "ラージオブジェクトを変更する"),
    Entry("lo_truncate64", E::kSideEffect, false, "changes a large object", "ラージオブジェクトを変更する"),
    Entry("lo_unlink", E::kSideEffect, false, "deletes a large object", "ラージオブジェクトを削除する"),
    // The server's files and directories.
    Entry("pg_read_file", E::kSideEffect, false, "reads a file on the database server", "データベースサーバー上のファイルを読む"),
    Entry("pg_read_binary_file", E::kSideEffect, false, "reads a file on the database server", "データベースサーバー上のファイルを読む"),
    Entry("pg_stat_file", E::kSideEffect, false, "reads a file's details on the database server", "データベースサーバー上のファイルの情報を読む"),
    Entry("pg_ls_dir", E::kSideEffect, false, "lists a directory on the database server", "データベースサーバー上のディレクトリを一覧する"),
    Entry("pg_ls_logdir", E::kSideEffect, false, "lists a directory on the database server", "データベースサーバー上のディレクトリを一覧する"),
    Entry("pg_ls_waldir", E::kSideEffect, false, "lists a directory on the database server", "データベースサーバー上のディレクトリを一覧する"),
    Entry("pg_ls_tmpdir", E::kSideEffect, false, "lists a directory on the database server", "データベースサーバー上のディレクトリを一覧する"),
    Entry("pg_ls_archive_statusdir", E::kSideEffect, false, "lists a directory on the database server", "データベースサーバー上のディレクトリを一覧する"),
    Entry("pg_file_write", E::kSideEffect, false, "writes a file on the database server", "データベースサーバー上のファイルに書き込む", false, "adminpack"),
    Entry("pg_file_rename", E::kSideEffect, false, "renames a file on the database server", "データベースサーバー上のファイル名を変更する", false, "adminpack"),
    Entry("pg_file_unlink", E::kSideEffect, false, "removes a file on the database server", "データベースサーバー上のファイルを削除する", false, "adminpack"),
    Entry("pg_file_sync", E::kSideEffect, false, "flushes a file on the database server to disk", "データベースサーバー上のファイルをディスクに書き出す", false, "adminpack"),
    // The server itself.
    Entry("pg_reload_conf", E::kSideEffect, false, "makes the server reload its configuration", "サーバーに設定を再読み込みさせる"),
    Entry("pg_rotate_logfile", E::kSideEffect, false, "makes the server switch to a new log file", "サーバーに新しいログファイルへ切り替えさせる"),
    Entry("pg_switch_wal", E::kSideEffect, false, "forces a switch to a new WAL file", "新しい WAL ファイルへの切り替えを強制する"),
    Entry("pg_create_restore_point", E::kSideEffect, false, "writes a named restore point to the WAL", "名前付きリストアポイントを WAL に書き込む"),
    Entry("pg_backup_start", E::kSideEffect, false, "starts an online backup", "オンラインバックアップを開始する"),
    Entry("pg_backup_stop", E::kSideEffect, false, "ends an online backup", "オンラインバックアップを終了する"),
    Entry("pg_promote", E::kSideEffect, false, "promotes a standby server", "スタンバイサーバーを昇格させる"),
    Entry("pg_wal_replay_pause", E::kSideEffect, false, "pauses WAL replay on a standby", "スタンバイでの WAL 再生を一時停止する"),
    Entry("pg_wal_replay_resume", E::kSideEffect, false, "resumes WAL replay on a standby", "スタンバイでの WAL 再生を再開する"),
    Entry("pg_log_backend_memory_contexts", E::kSideEffect, false, "makes a server process write its memory use to the log", "サーバープロセスにメモリ使用状況をログへ書き出させる"),
    Entry("pg_logical_emit_message", E::kSideEffect, false, "writes a message to the WAL for logical decoding", "論理デコーディング用のメッセージを WAL に書き込む"),
    Entry("pg_stat_reset", E::kSideEffect, false, "resets statistics counters", "統計情報のカウンタをリセットする"),
    Entry("pg_stat_reset_shared", E::kSideEffect, false, "resets statistics counters", "統計情報のカウンタをリセットする"),
    Entry("pg_stat_reset_single_table_counters", E::kSideEffect, false, "resets statistics counters", "統計情報のカウンタをリセットする"),
    Entry("pg_stat_reset_single_function_counters", E::kSideEffect, false, "resets statistics counters", "統計情報のカウンタをリセットする"),
    Entry("pg_stat_reset_slru", E::kSideEffect, false, "resets statistics counters", "統計情報のカウンタをリセットする"),
    Entry("pg_stat_reset_replication_slot", E::kSideEffect, false, "resets statistics counters", "統計情報のカウンタをリセットする"),
    Entry("pg_stat_reset_subscription_stats", E::kSideEffect, false, "resets statistics counters", "統計情報のカウンタをリセットする"),
    Entry("pg_create_physical_replication_slot", E::kSideEffect, false, "creates a replication slot (it keeps WAL until dropped)", "レプリケーションスロットを作成する。削除されるまで WAL が保持される"),
    Entry("pg_create_logical_replication_slot", E::kSideEffect, false, "creates a replication slot (it keeps WAL until dropped)", "レプリケーションスロットを作成する。削除されるまで WAL が保持される"),
    Entry("pg_copy_physical_replication_slot", E::kSideEffect, false, "creates a replication slot (it keeps WAL until dropped)", "レプリケーションスロットを作成する。削除されるまで WAL が保持される"),
    Entry("pg_copy_logical_replication_slot", E::kSideEffect, false, "creates a replication slot (it keeps WAL until dropped)", "レプリケーションスロットを作成する。削除されるまで WAL が保持される"),
    Entry("pg_drop_replication_slot", E::kSideEffect, false, "drops a replication slot", "レプリケーションスロットを削除する"),
    Entry("pg_replication_slot_advance", E::kSideEffect, false, "consumes a replication slot's changes", "レプリケーションスロットの変更を消費する"),
    Entry("pg_logical_slot_get_changes", E::kSideEffect, false, "consumes a replication slot's changes", "レプリケーションスロットの変更を消費する"),
    Entry("pg_logical_slot_get_binary_changes", E::kSideEffect, false, "consumes a replication slot's changes", "レプリケーションスロットの変更を消費する"),
    Entry("pg_replication_origin_create", E::kSideEffect, false, "changes replication origins", "レプリケーション起点を変更する"),
    Entry("pg_replication_origin_drop", E::kSideEffect, false, "changes replication origins", "レプリケーション起点を変更する"),
    Entry("pg_replication_origin_advance", E::kSideEffect, false, "changes replication origins", "レプリケーション起点を変更する"),
    Entry("pg_replication_origin_session_setup", E::kSideEffect, false, "changes replication origins", "レプリケーション起点を変更する"),
    Entry("brin_summarize_new_values", E::kSideEffect, false, "changes a BRIN index's summaries", "BRIN インデックスの要約を変更する"),
    Entry("brin_summarize_range", E::kSideEffect, false, "changes a BRIN index's summaries", "BRIN インデックスの要約を変更する"),
    Entry("brin_desummarize_range", E::kSideEffect, false, "changes a BRIN index's summaries", "BRIN インデックスの要約を変更する"),
    Entry("gin_clean_pending_list", E::kSideEffect, false, "moves a GIN index's pending entries into the index", "GIN インデックスの保留エントリをインデックスに移す"),
    Entry("pg_import_system_collations", E::kSideEffect, false, "creates collations", "照合順序を作成する"),
    // Whole tables read on every row (PostgreSQL builds and runs the query itself).
    Entry("table_to_xml", E::kSideEffect, false, "reads a whole table, on every row", "行ごとにテーブル全体を読む"),
    Entry("table_to_xmlschema", E::kSideEffect, false, "reads a whole table, on every row", "行ごとにテーブル全体を読む"),
    Entry("table_to_xml_and_xmlschema", E::kSideEffect, false, "reads a whole table, on every row", "行ごとにテーブル全体を読む"),
    Entry("schema_to_xml", E::kSideEffect, false, "reads every table of a schema, on every row", "行ごとにスキーマ内のすべてのテーブルを読む"),
    Entry("schema_to_xmlschema", E::kSideEffect, false, "reads every table of a schema, on every row", "行ごとにスキーマ内のすべてのテーブルを読む"),
    Entry("schema_to_xml_and_xmlschema", E::kSideEffect, false, "reads every table of a schema, on every row", "行ごとにスキーマ内のすべてのテーブルを読む"),
    Entry("database_to_xml", E::kSideEffect, false, "reads every table of the database, on every row", "行ごとにデータベースのすべてのテーブルを読む"),
    Entry("database_to_xmlschema", E::kSideEffect, false, "reads every table of the database, on every row", "行ごとにデータベースのすべてのテーブルを読む"),
    Entry("database_to_xml_and_xmlschema", E::kSideEffect, false, "reads every table of the database, on every row", "行ごとにデータベースのすべてのテーブルを読む"),
    Entry("cursor_to_xml", E::kSideEffect, false, "fetches rows from an open cursor, moving it", "開いているカーソルから行を取り出し、カーソルを進める"),
    Entry("cursor_to_xmlschema", E::kSideEffect, false, "reads an open cursor", "開いているカーソルを読む"),
    // SQL text run by the function (SPI, read-only: checked on PostgreSQL 15, where
    // query_to_xml('DELETE ...') fails with "DELETE is not allowed in a non-volatile function").
    Entry("query_to_xml", E::kRunsSql, false, "runs the SQL text it is given: read-only, but a function that text calls may still write", "渡された SQL を実行する。読み取り専用だが、その SQL が呼び出す関数は書き込みを行いうる", true),
    Entry("query_to_xmlschema", E::kRunsSql, false, "runs the SQL text it is given: read-only, but a function that text calls may still write", "渡された SQL を実行する。読み取り専用だが、その SQL が呼び出す関数は書き込みを行いうる", true),
    Entry("query_to_xml_and_xmlschema", E::kRunsSql, false, "runs the SQL text it is given: read-only, but a function that text calls may still write", "渡された SQL を実行する。読み取り専用だが、その SQL が呼び出す関数は書き込みを行いうる", true),
    Entry("ts_stat", E::kRunsSql, false, "runs the SQL text it is given: read-only, but a function that text calls may still write", "渡された SQL を実行する。読み取り専用だが、その SQL が呼び出す関数は書き込みを行いうる", true),
    Entry("ts_rewrite", E::kRunsSql, false, "runs the SQL text it is given (its two-argument form): read-only, but a function that text calls may still write", "渡された SQL を実行する (2 引数の形式)。読み取り専用だが、その SQL が呼び出す関数は書き込みを行いうる", true),
    // dblink: SQL text over another connection (possibly to this very database), in a transaction
    // of its own that the batch's rollback does not undo.
    Entry("dblink", E::kRunsSql, true, "runs SQL text over another connection, in a transaction of its own that no rollback of the batch undoes", "別の接続で SQL を実行する。独自のトランザクションで動くため、バッチをロールバックしても戻らない", false, "dblink"),
    Entry("dblink_exec", E::kRunsSql, false, "runs SQL text over another connection, in a transaction of its own that no rollback of the batch undoes", "別の接続で SQL を実行する。独自のトランザクションで動くため、バッチをロールバックしても戻らない", false, "dblink"),
    Entry("dblink_send_query", E::kRunsSql, false, "runs SQL text over another connection, in a transaction of its own that no rollback of the batch undoes", "別の接続で SQL を実行する。独自のトランザクションで動くため、バッチをロールバックしても戻らない", false, "dblink"),
    Entry("dblink_open", E::kRunsSql, false, "opens a cursor over another connection", "別の接続でカーソルを開く", false, "dblink"),
    Entry("dblink_fetch", E::kSideEffect, true, "fetches from a cursor over another connection, moving it", "別の接続のカーソルから取り出し、カーソルを進める", false, "dblink"),
    Entry("dblink_close", E::kSideEffect, false, "closes a cursor over another connection", "別の接続のカーソルを閉じる", false, "dblink"),
    Entry("dblink_get_result", E::kSideEffect, true, "collects the result of a query sent over another connection", "別の接続に送ったクエリの結果を受け取る", false, "dblink"),
    Entry("dblink_cancel_query", E::kSideEffect, false, "cancels a query on another connection", "別の接続のクエリをキャンセルする", false, "dblink"),
    Entry("dblink_connect", E::kSideEffect, false, "opens a connection to a database that stays open after the batch", "データベースへの接続を開く。バッチの終了後も開いたまま残る", false, "dblink"),
    Entry("dblink_connect_u", E::kSideEffect, false, "opens a connection to a database that stays open after the batch", "データベースへの接続を開く。バッチの終了後も開いたまま残る", false, "dblink"),
    Entry("dblink_disconnect", E::kSideEffect, false, "closes a connection to a database", "データベースへの接続を閉じる", false, "dblink"),
    Entry("dblink_get_notify", E::kSideEffect, true, "consumes notifications received over another connection", "別の接続で受け取った通知を消費する", false, "dblink"),
};

// Functions whose value differs between calls or transactions, with no other effect: their
// rows are tracked through the backup (expressions.volatile), not warned about.
constexpr std::string_view kVolatile[] = {
    "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "timeofday", "random",
    "random_normal" /* PostgreSQL 16 */, "setseed", "gen_random_uuid", "currval", "lastval", "pg_backend_pid",
    "inet_client_port"};
constexpr std::string_view kVolatileUuidOssp[] = {"uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4"};

// Functions that only compute a value (immutable or stable in pg_proc): the common string,
// number, date and time, JSON, array, range, text search, network and type-cast functions, and
// the aggregates a sub-query may use. Not exhaustive: a name missing here is judged unknown.
constexpr std::string_view kComputes[] = {
    // strings
    "ascii", "bit_length", "btrim", "char_length", "character_length", "chr", "concat", "concat_ws", "convert",
    "convert_from", "convert_to", "decode", "encode", "format", "initcap", "is_normalized", "left", "length", "lower",
    "lpad", "ltrim", "md5", "normalize", "octet_length", "overlay", "position", "quote_ident", "quote_literal",
    "quote_nullable", "regexp_count", "regexp_instr", "regexp_like", "regexp_match", "regexp_matches",
    "regexp_replace", "regexp_split_to_array", "regexp_split_to_table", "regexp_substr", "repeat", "replace",
    "reverse", "right", "rpad", "rtrim", "split_part", "starts_with", "string_to_array", "string_to_table",
    "strpos", "substr", "substring", "similar_to_escape", "to_ascii", "to_hex", "translate", "unistr", "upper",
    "sha224", "sha256", "sha384", "sha512", "to_char", "to_number", "pg_collation_for", "string_agg",
    "get_bit", "get_byte", "set_bit", "set_byte", "bit_count",
    // numbers
    "abs", "acos", "acosd", "acosh", "asin", "asind", "asinh", "atan", "atan2", "atan2d", "atand", "atanh", "cbrt",
    "ceil", "ceiling", "cos", "cosd", "cosh", "cot", "cotd", "degrees", "div", "exp", "factorial", "floor", "gcd",
    "lcm", "ln", "log", "log10", "min_scale", "mod", "pi", "power", "radians", "round", "scale", "sign", "sin",
    "sind", "sinh", "sqrt", "tan", "tand", "tanh", "trim_scale", "trunc", "width_bucket",
    // dates and times (now() and friends are in kVolatile)
    "age", "date_bin", "date_part", "date_trunc", "extract", "isfinite", "justify_days", "justify_hours",
    "justify_interval", "make_date", "make_interval", "make_time", "make_timestamp", "make_timestamptz",
    "overlaps", "timezone", "to_date", "to_timestamp",
    // JSON
    "array_to_json", "json_array_length", "json_build_array", "json_build_object", "json_each", "json_each_text",
    "json_extract_path", "json_extract_path_text", "json_object", "json_object_keys", "json_populate_record",
    "json_strip_nulls", "json_to_record", "json_typeof", "jsonb_array_elements", "jsonb_array_elements_text",
    "json_array_elements", "json_array_elements_text", "jsonb_array_length", "jsonb_build_array",
    "jsonb_build_object", "jsonb_each", "jsonb_each_text", "jsonb_extract_path", "jsonb_extract_path_text",
    "jsonb_insert", "jsonb_object", "jsonb_object_keys", "jsonb_path_exists", "jsonb_path_match",
    "jsonb_path_query", "jsonb_path_query_array", "jsonb_path_query_first", "jsonb_populate_record",
    "jsonb_pretty", "jsonb_set", "jsonb_set_lax", "jsonb_strip_nulls", "jsonb_to_record", "jsonb_typeof",
    "row_to_json", "to_json", "to_jsonb",
    // arrays and sets
    "array_append", "array_cat", "array_dims", "array_fill", "array_length", "array_lower", "array_ndims",
    "array_position", "array_positions", "array_prepend", "array_remove", "array_replace", "array_to_string",
    "array_upper", "cardinality", "generate_series", "generate_subscripts", "trim_array", "unnest",
    // ranges
    "daterange", "int4range", "int8range", "isempty", "lower_inc", "lower_inf", "numrange", "range_merge",
    "tsrange", "tstzrange", "upper_inc", "upper_inf",
    // text search
    "plainto_tsquery", "phraseto_tsquery", "setweight", "strip", "to_tsquery", "to_tsvector", "ts_headline",
    "ts_rank", "ts_rank_cd", "websearch_to_tsquery",
    // network
    "abbrev", "broadcast", "family", "host", "hostmask", "masklen", "netmask", "network", "set_masklen",
    // XML that only reads its arguments
    "xpath", "xpath_exists", "xml_is_well_formed", "xmlcomment",
    // function-style casts (bytea('x'), uuid('...') are resolved as casts: pg_proc has no such function)
    // and type helpers
    "bool", "bpchar", "bytea", "char", "date", "float4", "float8", "inet", "cidr", "int2", "int4", "int8",
    "interval", "name", "numeric", "oid", "text", "time", "timestamp", "timestamptz", "timetz", "uuid",
    "varchar", "pg_typeof", "format_type", "num_nonnulls", "num_nulls", "current_setting", "pg_column_size",
    // aggregates, which a sub-query may use
    "array_agg", "avg", "bit_and", "bit_or", "bool_and", "bool_or", "count", "every", "json_agg",
    "json_object_agg", "jsonb_agg", "jsonb_object_agg", "max", "min", "mode", "percentile_cont",
    "percentile_disc", "stddev", "sum", "variance", "xmlagg"};
// The names of kComputes whose every overload is IMMUTABLE in PostgreSQL 15's pg_proc and returns
// no set (SELECT proname FROM pg_proc GROUP BY proname HAVING bool_and(provolatile = 'i' AND
// NOT proretset)). Left out on purpose: date and time functions (date_trunc, extract, age,
// to_char ...) each have a STABLE overload, which the argument types decide; the dates and times
// they read are judged apart (planner/analysis/index_predicate.cc).
constexpr std::string_view kImmutable[] = {
    "abbrev", "abs", "acos", "acosd", "acosh", "array_append", "array_cat", "array_dims", "array_fill",
    "array_length", "array_lower", "array_ndims", "array_position", "array_positions", "array_prepend",
    "array_remove", "array_replace", "array_upper", "ascii", "asin", "asind", "asinh", "atan", "atan2", "atan2d",
    "atand", "atanh", "bit_count", "bit_length", "bool", "bpchar", "broadcast", "btrim", "cardinality", "cbrt",
    "ceil", "ceiling", "char", "char_length", "character_length", "chr", "cidr", "cos", "cosd", "cosh", "cot",
    "cotd", "daterange", "decode", "degrees", "div", "encode", "exp", "factorial", "family", "float4", "float8",
    "floor", "gcd", "get_bit", "get_byte", "host", "hostmask", "initcap", "int2", "int4", "int4range", "int8",
    "int8range", "is_normalized", "isempty", "json_array_length", "json_extract_path", "json_extract_path_text",
    "json_object", "json_strip_nulls", "json_typeof", "jsonb_array_length", "jsonb_extract_path",
    "jsonb_extract_path_text", "jsonb_insert", "jsonb_object", "jsonb_path_exists", "jsonb_path_match",
    "jsonb_path_query_array", "jsonb_path_query_first", "jsonb_pretty", "jsonb_set", "jsonb_set_lax",
    "jsonb_strip_nulls", "jsonb_typeof", "lcm", "left", "ln", "log", "log10", "lower", "lower_inc", "lower_inf",
    "lpad", "ltrim", "masklen", "md5", "min_scale", "mod", "name", "netmask", "network", "normalize",
    "num_nonnulls", "num_nulls", "numrange", "octet_length", "oid", "overlay", "pi", "position", "power",
    "quote_ident", "radians", "range_merge", "regexp_count", "regexp_instr", "regexp_like", "regexp_match",
    "regexp_replace", "regexp_split_to_array", "regexp_substr", "repeat", "replace", "reverse", "right", "round",
    "rpad", "rtrim", "scale", "set_bit", "set_byte", "set_masklen", "setweight", "sha224", "sha256", "sha384",
    "sha512", "sign", "similar_to_escape", "sin", "sind", "sinh", "split_part", "sqrt", "starts_with",
    "string_to_array", "strip", "strpos", "substr", "substring", "tan", "tand", "tanh", "text", "to_ascii",
    "to_hex", "translate", "trim_array", "trim_scale", "trunc", "ts_rank", "ts_rank_cd", "tsrange", "tstzrange",
    "unistr", "upper", "upper_inc", "upper_inf", "varchar", "width_bucket", "xmlcomment", "xpath", "xpath_exists"};
constexpr std::string_view kComputesUuidOssp[] = {"uuid_generate_v3", "uuid_generate_v5"};

// The table's own copy of the name, which outlives the caller's.
template <size_t N>
const std::string_view* Listed(const std::string_view (&names)[N], std::string_view name) {
  auto it = std::find(std::begin(names), std::end(names), name);
  return it == std::end(names) ? nullptr : it;
}

}  // namespace

std::span<const BuiltinFunction> BuiltinFunctionsWithEffects() { return kEffects; }

bool IsImmutableBuiltin(std::string_view name) { return Listed(kImmutable, name) != nullptr; }

std::optional<BuiltinFunction> FindBuiltinFunction(std::string_view name) {
  for (const BuiltinFunction& f : kEffects)
    if (f.name == name) return f;
  if (auto n = Listed(kVolatile, name)) return Entry(*n, E::kVolatile, true, {}, {});
  if (auto n = Listed(kVolatileUuidOssp, name)) return Entry(*n, E::kVolatile, true, {}, {}, false, "uuid-ossp");
  if (auto n = Listed(kComputes, name)) return Entry(*n, E::kComputes, false, {}, {});
  if (auto n = Listed(kComputesUuidOssp, name)) return Entry(*n, E::kComputes, false, {}, {}, false, "uuid-ossp");
  return std::nullopt;
}

}  // namespace backfill
