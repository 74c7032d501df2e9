#include "planner/render/plan_json.h"
#include "planner/version.h"

namespace backfill {
namespace {

using Json = nlohmann::json;

Json Labeled(const std::vector<LabeledSql>& items) {
  Json out = Json::array();
  for (const LabeledSql& i : items) out.push_back({{"title", i.title}, {"explanation", i.explanation}, {"sql", i.sql}});
  return out;
}

Json FindingJson(const Finding& f) {
  return {{"id", f.id}, {"severity", SeverityName(f.severity)}, {"title", f.title}, {"objects", f.objects},
          {"advice", f.advice}, {"section", SectionName(f.section)}, {"proposed_sql", f.proposed_sql}};
}

}  // namespace

Json PlanToJson(const Plan& p) {
  Json j;
  j["target"] = {{"table", p.table}, {"column", p.column}, {"display", p.target}};
  j["generator"] = {{"name", "backfill-plan"}, {"version", ToolVersion()}};
  j["date"] = p.date;
  j["lang"] = LanguageCode(p.language);
  j["pg_version"] = p.pg_version;
  j["requirement"] = {{"kind", p.kind}, {"reason", p.reason}, {"execution", p.execution}, {"set", p.set_sql},
                      {"set_from_default", p.set_from_default}, {"where", p.where_sql}, {"not_null_after", p.not_null_after}};
  if (p.feature_flag)
    j["requirement"]["feature_flag"] = {{"name", p.feature_flag->name}, {"reads_column", p.feature_flag->reads_column}};
  j["key"] = p.key_description;
  j["service_impact"] = p.service_impact;
  j["estimate"] = {{"rows", p.estimate.rows}, {"rows_given", p.estimate.rows_given}, {"batches", p.estimate.batches},
                   {"batch_seconds", p.estimate.batch_seconds}, {"run_seconds", p.estimate.run_seconds},
                   {"total_seconds", p.estimate.total_seconds}, {"rollback_batch_seconds", p.estimate.rollback_batch_seconds},
                   {"rollback_run_seconds", p.estimate.rollback_run_seconds}, {"rollback_seconds", p.estimate.rollback_seconds},
                   {"formula", p.estimate.formula}, {"rollback_formula", p.estimate.rollback_formula},
                   {"assumptions", p.estimate.assumptions}};
  const Strategy& s = p.strategy;
  j["strategy"] = {{"batch_size", s.batch_size}, {"sleep_ms", s.sleep_ms}, {"parallelism", s.parallelism},
                   {"max_replica_lag_s", s.max_replica_lag_s}, {"lock_timeout_ms", s.lock_timeout_ms},
                   {"statement_timeout_ms", s.statement_timeout_ms}, {"max_retries", s.max_retries}, {"reasons", s.reasons}};
  j["strategy"]["adaptive"] = s.target_batch_ms > 0 ? Json{{"target_batch_ms", s.target_batch_ms},
                                                         {"min_batch_size", s.min_batch_size},
                                                         {"max_batch_size", s.max_batch_size}}
                                                  : Json();
  j["strategy"]["throttle"] = {{"max_lock_waiters", s.max_lock_waiters}, {"critical_lock_waiters", s.critical_lock_waiters},
                               {"max_active_sessions", s.max_active_sessions},
                               {"critical_active_sessions", s.critical_active_sessions},
                               {"query", s.throttle_query.empty() ? Json() : Json(s.throttle_query)}, {"max_wait_s", s.max_wait_s}};
  j["objects"] = {{"schema", p.objects.schema}, {"backup_table", p.objects.backup}, {"progress_table", p.objects.progress},
                  {"batch_procedure", p.objects.batch}, {"gate_procedure", p.objects.gate},
                  {"begin_function", p.objects.begin},
                  {"restore_procedure", p.objects.restore}, {"not_null_check", p.objects.not_null_check}};
  j["warnings"] = p.warnings;
  j["blocked"] = p.blocked;
  j["findings"] = Json::array();
  for (const Finding& f : p.findings) j["findings"].push_back(FindingJson(f));
  j["analysis_queries"] = Labeled(p.analysis_queries);
  j["related_objects"] = p.related_objects;
  j["preflight"] = Json::array();
  for (const PreflightCheck& c : p.preflight)
    j["preflight"].push_back({{"name", c.name}, {"sql", c.count_sql}, {"must_be_zero", c.must_be_zero}, {"why", c.why}});
  j["locks"] = Json::array();
  for (const LockRow& l : p.locks)
    j["locks"].push_back({{"statement", l.statement}, {"lock", l.lock}, {"blocks", l.blocks}, {"scans", l.scans}});
  j["files"] = Json::array();
  for (const BundleFile& f : p.files)
    j["files"].push_back({{"name", f.name}, {"purpose", f.purpose}, {"run", f.run}, {"sql", f.content}});
  j["stages"] = Json::array();
  for (const Stage& st : p.stages)
    j["stages"].push_back({{"title", st.title}, {"command", st.command}, {"expect", st.expect}, {"verify_sql", st.verify_sql}});
  j["progress_queries"] = Labeled(p.progress_queries);
  j["control"] = Json::array();
  for (const ControlStatement& c : p.control) j["control"].push_back({{"action", c.action}, {"effect", c.effect}, {"sql", c.sql}});
  j["rollback_triggers"] = p.rollback_triggers;
  j["monitoring"] = Json::array();
  for (const Threshold& t : p.monitoring)
    j["monitoring"].push_back({{"metric", t.metric}, {"normal", t.normal}, {"warning", t.warning}, {"stop", t.stop}, {"how", t.how}});
  j["checklist"] = {{"before", p.checklist_before}, {"during", p.checklist_during}, {"after", p.checklist_after}};
  j["emergency_stop"] = p.emergency_stop;
  // before and during are the first two phases; after is every phase from the backfill's end on.
  j["transition"] = {{"before", Json::array()}, {"during", Json::array()}, {"after", Json::array()}, {"phases", Json::array()}};
  for (size_t i = 0; i < p.transition_phases.size(); ++i) {
    const TransitionPhase& t = p.transition_phases[i];
    Json& list = j["transition"][i == 0 ? "before" : i == 1 ? "during" : "after"];
    for (const std::string& a : t.actions) list.push_back(a);
    j["transition"]["phases"].push_back({{"phase", t.phase}, {"state", t.state}, {"actions", t.actions}});
  }
  if (p.application_code) {
    const ApplicationCode& code = *p.application_code;
    Json places = Json::array(), actions = Json::array();
    for (const CodeReference& r : code.places)
      places.push_back({{"path", r.path}, {"line", r.line}, {"kind", ReferenceKindName(r.kind)}, {"construct", r.construct},
                        {"text", r.text}});
    for (const ApplicationCode::KindActions& a : code.actions) actions.push_back({{"kind", a.kind}, {"phases", a.actions}});
    j["application_code"] = {{"app_dir", code.app_dir}, {"files_listed", code.files_listed}, {"column", code.column},
                             {"places", places}, {"actions", actions}};
  }
  if (!p.change_kind.empty()) {
    Json phases = Json::array();
    for (const PhaseRow& row : p.phases)
      phases.push_back({{"phase", row.phase}, {"action", row.run}, {"undo", row.undo}, {"old_version", row.old_version},
                        {"new_version", row.new_version}});
    j["change"] = {{"kind", p.change_kind}, {"old_column", p.old_column}, {"new_column", p.column}, {"phases", phases},
                   {"by_hand", p.by_hand}, {"keeps_name", !p.swapped_column.empty()}};
    if (!p.swapped_column.empty()) j["change"]["swapped_column"] = p.swapped_column;
    if (!p.switch_views.empty()) {
      j["change"]["switch_views"] = Json::array();
      for (const auto& [name, sql] : p.switch_views) j["change"]["switch_views"].push_back({{"name", name}, {"definition", sql}});
    }
  }
  return j;
}

}  // namespace backfill
